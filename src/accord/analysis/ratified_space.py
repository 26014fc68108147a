"""Ratifiers on the parties' outcome space: per-setting tables and the mixed-integer check.

What Monte Carlo (:mod:`accord.forecast`), the negotiation processes and the timeline
(:mod:`accord.dynamics`) share when they honour ratification at home
(:mod:`accord.analysis.ratifiers` has the arithmetic of one ratifier and of the rules):

- :func:`restrict`: the ratifiers of some actors only (the parties': a ratifier behind an
  actor that is not a party bounds no ZOPA and no agreement);
- :func:`setting_tables`: each ratifier's weighted utility and red-line crossings of every
  setting of an outcome space, on *that* space's grid (not the finer grid of
  :func:`~accord.analysis.ratifiers.derived_scenario`), so that a ratified outcome is always
  an outcome of the flat analysis and the two can be compared draw by draw;
- :func:`with_ratifiers`: the space with the ratifiers as extra actors whose BATNA is their
  threshold, for :func:`accord.analysis.milp.find_acceptable`; some of them may be made
  *absent* instead (the space cut to the outcomes they do not vote on);
- :func:`find_ratified`: an outcome the actors accept that the ratifiers pass. An outcome
  found passes every ratifier that is not absent (a red line it may waive is held hard), so
  it is ratified under any rule. The search is *exact* (none found: none is ratified) when
  :func:`exact_conditions` finds nothing against it: every rule ``all``, no conditional red
  line, and few enough ratifiers with ``votes_when`` to try every pattern of who votes;
- :func:`ratified_exists`: whether the space holds an outcome its actors accept that the
  ratifiers pass, at central values (True, False, or None: not settled).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.analysis.linkage import Waiver
from accord.analysis.milp import find_acceptable
from accord.analysis.ratifiers import Ratifiers, encoded_settings, ratifier_pass
from accord.analysis.space import Factor, JointTerm, OutcomeSpace
from accord.analysis.utility import TOLERANCE
from accord.model.ratification import VoteRule

#: Ratifiers of the parties whose vote depends on the outcome, at most, for the exact check
#: (one mixed-integer check per pattern of who votes: 2^8 = 256).
MAX_VOTERS = 8
#: Actors with known BATNAs up to which :func:`surely_empty` tries every set of them (2^8).
MAX_BOUND_ACTORS = 8

__all__ = [
    "MAX_VOTERS",
    "SettingTables",
    "exact_conditions",
    "find_ratified",
    "ratified_exists",
    "restrict",
    "setting_tables",
    "surely_empty",
    "voters",
    "with_ratifiers",
]


def restrict(rat: Ratifiers, actors: Sequence[str]) -> Ratifiers:
    """The ratifiers of ``actors`` only, in file order (the rest of ``rat`` unchanged).

    The result is a full :class:`~accord.analysis.ratifiers.Ratifiers`: it judges outcomes
    (conditional red lines re-indexed) and combines verdicts by the kept actors' rules.
    """
    keep = [a for a, actor in enumerate(rat.actors) if actor in set(actors)]
    mine = [r for r in range(rat.size) if int(rat.owner[r]) in keep]
    new = {r: k for k, r in enumerate(mine)}
    return Ratifiers(
        derived=rat.derived,
        actors=tuple(rat.actors[a] for a in keep),
        rules=tuple(rat.rules[a] for a in keep),
        quota=rat.quota[keep],
        ids=tuple(rat.ids[r] for r in mine),
        names=tuple(rat.names[r] for r in mine),
        kinds=tuple(rat.kinds[r] for r in mine),
        owner=np.array([keep.index(int(rat.owner[r])) for r in mine], dtype=np.intp),
        weight=rat.weight[mine],
        threshold=rat.threshold[mine],
        spread=rat.spread[mine],
        prefs=rat.prefs,
        rows=rat.rows[mine],
        waivers=tuple(Waiver(new[w.actor], w.issue, w.test) for w in rat.waivers if w.actor in new),
        votes_when=tuple(rat.votes_when[r] for r in mine),
    )


@dataclass(frozen=True)
class SettingTables:
    """Every ratifier on every setting of a space: ``utility[R, K, I]`` (the weighted
    utility setting k of issue i adds to ratifier r's total; 0 without stances or on padding),
    ``below[R, K, I]`` (the setting is below one of its red lines, conditional or not),
    ``conditional[R, I]`` (that red line holds unless a condition does), ``valid[K, I]``
    and the settings encoded, ``pos``/``idx`` ``[K, I]``."""

    utility: np.ndarray
    below: np.ndarray
    conditional: np.ndarray
    valid: np.ndarray
    pos: np.ndarray
    idx: np.ndarray

    @property
    def plain(self) -> np.ndarray:
        """[R, K, I]: crossings of red lines that hold whatever else the outcome sets."""
        return np.asarray(self.below & ~self.conditional[:, None, :])


def setting_tables(rat: Ratifiers, space: OutcomeSpace) -> SettingTables:
    """:class:`SettingTables` of ``rat`` on ``space``'s settings (any space over the
    scenario's issues, e.g. the parties' space of a Monte Carlo draw)."""
    pos, idx = encoded_settings(space, rat.derived)
    n_k, n_i = pos.shape
    valid = np.zeros((n_k, n_i), dtype=bool)
    for i, values in enumerate(space.settings):
        valid[: len(values), i] = True
    has = rat.rows >= 0
    rows = rat.rows[has]
    utility = np.zeros((rat.size, n_k, n_i))
    below = np.zeros((rat.size, n_k, n_i), dtype=bool)
    if rows.size:
        u = rat.prefs.issue_utilities(pos, idx)[rows]  # [Rs, K, I]
        utility[has] = np.where(valid[None], u * rat.prefs.weight[rows][:, None, :], 0.0)
        below[has] = (u < rat.prefs.red[rows][:, None, :] - TOLERANCE) & valid[None]
    conditional = np.zeros((rat.size, n_i), dtype=bool)
    for w in rat.waivers:
        conditional[w.actor, w.issue] = True
    return SettingTables(utility, below, conditional, valid, pos, idx)


def voters(rat: Ratifiers) -> list[int]:
    """The ratifiers whose vote depends on the outcome (``votes_when``) and that can block
    (they have stances: one without passes whatever it votes on)."""
    return [r for r in range(rat.size) if rat.votes_when[r] and rat.rows[r] >= 0]


def exact_conditions(rat: Ratifiers) -> str | None:
    """Why :func:`find_ratified` is not exact for ``rat``, in words, or None when it is:
    every rule ``all``, no conditional red line, and at most :data:`MAX_VOTERS` ratifiers
    whose vote depends on the outcome (one check per pattern of who votes)."""
    why = []
    if any(r is not VoteRule.all for r in rat.rules):
        why.append("a rule other than 'all' (majority or quota)")
    if rat.waivers:
        why.append("a ratifier's conditional red line (unless)")
    if len(voters(rat)) > MAX_VOTERS:
        why.append(f"more than {MAX_VOTERS} ratifiers that vote only on some outcomes")
    if not why:
        return None
    return " and ".join(why) + " rule(s) out the exact mixed-integer check"


def with_ratifiers(
    space: OutcomeSpace,
    rat: Ratifiers,
    tables: SettingTables,
    swing: np.ndarray | None = None,
    absent: Sequence[int] = (),
) -> OutcomeSpace | None:
    """``space`` with every ratifier of ``rat`` that has stances as one more actor, except
    those in ``absent``, which must not vote instead.

    A ratifier's utility is its own, its red lines all of its red lines held hard (a
    conditional one whatever its condition), its BATNA ``threshold - swing`` (``swing`` [R]
    the ratifiers' drawn swing of mood, default 0; no threshold: no BATNA, its red lines
    only). So an outcome every actor of the result accepts is passed by every ratifier not
    ``absent``. An ``absent`` ratifier's conditions must all fail: each factor keeps only the
    rows where they do (None: some factor keeps none). The settings are ``space``'s, in the
    same order: codes mean the same in both.
    """
    has = rat.rows >= 0
    has[list(absent)] = False
    ids = tuple(rid for rid, h in zip(rat.ids, has, strict=True) if h)
    shift = np.zeros(rat.size) if swing is None else np.asarray(swing, dtype=float)
    batna = (rat.threshold - shift)[has]
    table = np.where(tables.valid[None], tables.utility[has], np.nan).transpose(0, 2, 1)
    crosses = tables.below[has].transpose(0, 2, 1)  # [R', I, K]
    tests = [t for r in absent for t in rat.votes_when[r]]
    factors = []
    for factor in space.factors:
        keep = np.ones(factor.size, dtype=bool)
        for t in tests:  # not voting: every condition fails
            if t.issue in factor.issues:
                codes = factor.codes[:, factor.issues.index(t.issue)]
                keep &= ~t.holds(tables.pos[codes, t.issue], tables.idx[codes, t.issue])
        if not keep.any():
            return None
        codes = factor.codes[keep]
        extra = np.zeros((len(ids), codes.shape[0]))
        for j, i in enumerate(factor.issues):
            extra += tables.utility[has][:, codes[:, j], i]
        factors.append(Factor(factor.issues, codes, np.vstack([factor.utility[:, keep], extra])))
    joints = tuple(
        JointTerm(
            j.issues,
            j.shape,
            np.vstack([j.extra, np.zeros((len(ids), j.extra.shape[1]))]),
            np.concatenate([j.cross, np.zeros((len(ids), *j.cross.shape[1:]), dtype=bool)]),
        )
        for j in space.joints
    )
    return replace(
        space,
        actors=(*space.actors, *ids),
        table=np.concatenate([space.table, table]),
        crosses=np.concatenate([space.crosses, crosses]),
        factors=tuple(factors),
        batna=np.concatenate([space.batna, batna]),
        joints=joints,
    )


def find_ratified(
    space: OutcomeSpace,
    rat: Ratifiers,
    tables: SettingTables,
    swing: np.ndarray | None = None,
) -> np.ndarray | None:
    """An outcome every actor of ``space`` accepts that every ratifier of ``rat`` would pass
    (its swing ``swing`` added), or None when the checks find none.

    First every ratifier must pass; then, where :func:`exact_conditions` allows, every
    pattern of the voters (:func:`voters`) that do not vote, each a check on the space cut
    to the outcomes they do not vote on (at most ``2^MAX_VOTERS`` checks, the first found
    wins). Under the ``all`` rule an outcome is ratified exactly when, with the voters that do
    not vote on it absent, every other ratifier passes it, so then None means there is none.
    """
    which = voters(rat)
    patterns: list[tuple[int, ...]] = [()]
    if exact_conditions(rat) is None:
        patterns += [
            tuple(r for b, r in enumerate(which) if mask >> b & 1)
            for mask in range(1, 2 ** len(which))
        ]
    for absent in patterns:
        cut = with_ratifiers(space, rat, tables, swing, absent)
        found = None if cut is None or surely_empty(cut) else find_acceptable(cut)
        if found is not None:
            return found
    return None


def surely_empty(space: OutcomeSpace) -> bool:
    """True when no outcome of ``space`` gives every actor at least its BATNA (within
    TOLERANCE) without crossing a red line, proven by a bound; False: not proven.

    Weak duality: if some actors, summed with equal weights, cannot reach the sum of their
    BATNAs even where each factor takes the row best for that sum (rows crossing any red
    line left out), no outcome gives each of them its own. Every non-empty set of actors
    with a known BATNA is tried (sets of one, two and all when there are more than
    :data:`MAX_BOUND_ACTORS`); each is one factor-wise maximum, so the whole test costs far
    less than one mixed-integer solve, which it spares where it succeeds.
    """
    known = [a for a in range(len(space.actors)) if not np.isnan(space.batna[a])]
    if not known:
        return False
    if len(known) <= MAX_BOUND_ACTORS:
        sets = [c for r in range(1, len(known) + 1) for c in itertools.combinations(known, r)]
    else:
        sets = [*itertools.combinations(known, 1), *itertools.combinations(known, 2), tuple(known)]
    weights = np.zeros((len(sets), len(space.actors)))
    for k, c in enumerate(sets):
        weights[k, list(c)] = 1.0
    best = np.zeros(len(sets))
    for f, factor in enumerate(space.factors):
        ok = ~space.factor_crossing(f).any(axis=(0, 1))  # [K]: rows no actor's red line bars
        if not ok.any():
            return True
        best += (weights @ factor.utility[:, ok]).max(axis=1)
    need = weights @ np.nan_to_num(space.batna) - TOLERANCE * weights.sum(axis=1)
    return bool((best < need - TOLERANCE).any())


def ratified_exists(space: OutcomeSpace, rat: Ratifiers, tables: SettingTables) -> bool | None:
    """Whether ``space`` holds an outcome every one of its actors accepts and every actor of
    ``rat`` has ratified, at central values: True when :func:`find_ratified` finds one
    (verified under the rules and votes), False when it finds none and is exact
    (:func:`exact_conditions`), None when it finds none and is not (not settled)."""
    codes = find_ratified(space, rat, tables)
    if codes is None:
        return False if exact_conditions(rat) is None else None
    if bool(ratifier_pass(rat, space, codes[None, :]).all()):
        return True
    return None
