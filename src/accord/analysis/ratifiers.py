"""Ratifiers compiled into arrays: who passes which outcome, and how verdicts combine.

The kernel of :mod:`accord.analysis.ratification` (drafts) and :mod:`accord.analysis.winsets`
(win-sets), and of the Monte Carlo in :mod:`accord.uncertainty.ratification`.

**A ratifier judges an outcome as an actor does.** :func:`derived_scenario` adds each
:class:`~accord.model.ratification.Ratifier` to the scenario as one more actor (role
observer, capability 0, its own id) whose stances are its
:class:`~accord.model.ratification.RatifierStance` records, so its utility is computed by
:func:`~accord.analysis.utility.compile_preferences` like any actor's: salience normalised
over its own stances, the same utility shapes and tables, red lines at the utility of the
red-line setting, conditional red lines (``unless``) through
:func:`~accord.analysis.linkage.compile_linkage`. Ratifiers have no linked terms.

**Votes and passes.** Ratifier r *votes* on outcome x when its ``votes_when`` list is empty
or one of its conditions holds. It *passes* x when it crosses none of its red lines and
``u_r(x) >= threshold_r - TOLERANCE`` (no threshold: its red lines only). A ratifier without
stances has no view of the terms: it passes whatever it votes on.

**Rules.** With V the ratifiers of actor a that vote and P those of them that pass, w their
weights: ``all`` needs every ratifier in V to pass; ``majority`` needs ``w(P) > w(V) / 2``;
``quota`` needs ``w(P) >= quota * w(V)`` (both compared within ``TOLERANCE``). When no
ratifier votes, the outcome is ratified.

**States.** For chances, each ratifier is in one of three states: it *fails*, is *absent*
(does not vote) or *passes*. Whatever the others do, the rule is met at least as often
when one ratifier passes as when it is absent, and when it is absent as when it fails
(absent removes its weight from both sides of the rule). :func:`rule_probability` takes,
per ratifier, a *good* and a *bad* state and the chance of the good one, assumes the
ratifiers independent, and sums the chance of the rule over every good/bad pattern (2^R
patterns, so at most :data:`MAX_PATTERN_RATIFIERS` ratifiers per actor under majority and
quota rules; under ``all`` the product of the chances of not failing is exact for any R).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from accord.analysis.linkage import Waiver, compile_linkage, compile_test
from accord.analysis.space import OutcomeSpace
from accord.analysis.utility import TOLERANCE, Preferences, compile_preferences, encode_setting
from accord.model import Role, Scenario
from accord.model.actors import Actor, Batna
from accord.model.ratification import VoteRule
from accord.model.stances import Stance

if TYPE_CHECKING:  # a name pytest would otherwise try to collect from this module
    from accord.analysis.linkage import Test

#: Ratifiers of one actor whose pass/fail patterns may be enumerated (2^16 patterns).
MAX_PATTERN_RATIFIERS = 16
#: The three states of a ratifier on an outcome, ordered from worst to best for the rule.
FAILS, ABSENT, PASSES = 0, 1, 2


# --- the derived scenario ---------------------------------------------------------------------
def derived_scenario(scenario: Scenario, *, threshold_batna: bool = False) -> Scenario:
    """``scenario`` with every ratifier added as an actor (role observer, capability 0).

    Its stances are the ratifier's; with ``threshold_batna`` its BATNA is its threshold, so
    that "the ratifier accepts the outcome" is "the ratifier passes it" for the MILP of
    :func:`accord.analysis.milp.find_acceptable` (under the ``all`` rule without
    ``votes_when``). The derived scenario has no ``ratification`` of its own; it is built
    without re-validation, since a ratifier's id must differ from every actor's and so
    would be flagged as one.
    """
    if not scenario.ratification:
        return scenario
    known = {a.id for a in scenario.actors}
    issues = {i.id for i in scenario.issues}
    actors = list(scenario.actors)
    stances = list(scenario.stances)
    seen: set[str] = set()
    for k, rat in enumerate(scenario.ratification):
        for j, r in enumerate(rat.ratifiers):
            where = f"ratification[{k}].ratifiers[{j}]"
            if r.id in known or r.id in seen:
                raise ValueError(
                    f"{where}.id: '{r.id}' is already the id of an actor or another ratifier; "
                    "give each ratifier an id of its own"
                )
            seen.add(r.id)
            batna = None
            if threshold_batna and r.threshold is not None:
                batna = Batna(description="its threshold to pass", utility=r.threshold)
            actors.append(
                Actor(id=r.id, name=r.name, role=Role.observer, capability=0.0, batna=batna)
            )
            for m, st in enumerate(r.stances):
                if st.issue not in issues:
                    raise ValueError(
                        f"{where}.stances[{m}].issue: no issue '{st.issue}'; "
                        f"issues: {', '.join(sorted(issues))}"
                    )
                stances.append(
                    Stance(
                        actor=r.id,
                        issue=st.issue,
                        position=st.position,
                        salience=st.salience,
                        red_line=st.red_line,
                        unless=st.unless,
                        utility=st.utility,
                        table=st.table,
                    )
                )
    return scenario.model_copy(update={"actors": actors, "stances": stances, "ratification": []})


# --- compiled ratifiers -------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Ratifiers:
    """A scenario's ratifiers as arrays, R ratifiers behind A ratifying actors.

    Ratifiers are in file order, grouped by actor; ``owner[r]`` is the row in ``actors`` of
    ratifier r's actor. ``threshold`` is NaN where a ratifier has none, ``spread`` 0.
    ``rows[r]`` is ratifier r's row in ``prefs`` (-1 when it has no stances).
    """

    derived: Scenario
    actors: tuple[str, ...]
    rules: tuple[VoteRule, ...]  # [A]
    quota: np.ndarray  # [A] NaN unless the rule is quota
    ids: tuple[str, ...]  # [R]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    owner: np.ndarray  # [R] int
    weight: np.ndarray  # [R]
    threshold: np.ndarray  # [R]
    spread: np.ndarray  # [R]
    prefs: Preferences  # of the derived scenario: actors and ratifiers with stances
    rows: np.ndarray  # [R] int
    waivers: tuple[Waiver, ...]  # conditional red lines; ``actor`` is the ratifier index r
    votes_when: tuple[tuple[Test, ...], ...]  # [R]; empty: votes on everything

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def member(self) -> np.ndarray:
        """[A, R] bool: which ratifiers stand behind which actor."""
        return np.arange(len(self.actors))[:, None] == self.owner[None, :]

    def of(self, actor: str) -> list[int]:
        """The indices of ``actor``'s ratifiers."""
        a = self.actors.index(actor)
        return [int(r) for r in np.flatnonzero(self.owner == a)]


def compile_ratifiers(scenario: Scenario) -> Ratifiers:
    """The scenario's ratifiers compiled (none: empty arrays)."""
    derived = derived_scenario(scenario)
    seen_actors: set[str] = set()
    for k, rat in enumerate(scenario.ratification):
        if rat.actor in seen_actors:
            raise ValueError(
                f"ratification[{k}].actor: '{rat.actor}' has ratifiers listed twice; "
                "list all of an actor's ratifiers under one entry"
            )
        seen_actors.add(rat.actor)
        if rat.rule is VoteRule.quota and rat.quota is None:
            raise ValueError(
                f"ratification[{k}].quota: rule 'quota' needs a quota, the share of the voting "
                "weight (0..1] that must pass"
            )
    ratifiers = [(a, r) for a, rat in enumerate(scenario.ratification) for r in rat.ratifiers]
    prefs = compile_preferences(derived)
    at = {aid: k for k, aid in enumerate(prefs.actors)}
    ids = tuple(r.id for _, r in ratifiers)
    index = {rid: k for k, rid in enumerate(ids)}
    link = compile_linkage(derived, prefs)
    row_to_r = {at[rid]: index[rid] for rid in ids if rid in at}
    waivers = tuple(
        Waiver(row_to_r[w.actor], w.issue, w.test) for w in link.waivers if w.actor in row_to_r
    )
    rats = scenario.ratification
    return Ratifiers(
        derived=derived,
        actors=tuple(r.actor for r in rats),
        rules=tuple(r.rule for r in rats),
        quota=np.array([np.nan if r.quota is None else float(r.quota) for r in rats]),
        ids=ids,
        names=tuple(r.name for _, r in ratifiers),
        kinds=tuple(str(r.kind.value) for _, r in ratifiers),
        owner=np.array([a for a, _ in ratifiers], dtype=np.intp),
        weight=np.array([float(r.weight) for _, r in ratifiers]),
        threshold=np.array(
            [np.nan if r.threshold is None else float(r.threshold) for _, r in ratifiers]
        ),
        spread=np.array([0.0 if r.spread is None else float(r.spread) for _, r in ratifiers]),
        prefs=prefs,
        rows=np.array([at.get(rid, -1) for rid in ids], dtype=np.intp),
        waivers=waivers,
        votes_when=tuple(
            tuple(compile_test(derived, c) for c in r.votes_when) for _, r in ratifiers
        ),
    )


# --- outcomes of a space --------------------------------------------------------------------------
@dataclass(frozen=True)
class Judged:
    """What each ratifier makes of N outcomes: ``utility`` [R, N] (NaN without stances),
    ``crossed`` [R, N] (a red line crossed), ``votes`` [R, N] and ``passes`` [R, N] (crosses
    no red line and reaches its threshold; whether or not it votes)."""

    utility: np.ndarray
    crossed: np.ndarray
    votes: np.ndarray
    passes: np.ndarray


def encoded_settings(space: OutcomeSpace, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Every setting of the space encoded once: positions and option indices [K, I]."""
    if tuple(i.id for i in scenario.issues) != space.issues:
        raise ValueError(
            f"the outcome space's issues ({', '.join(space.issues)}) are not the scenario's"
        )
    n_k = max(len(s) for s in space.settings)
    pos = np.zeros((n_k, len(space.issues)))
    idx = np.zeros((n_k, len(space.issues)), dtype=np.intp)
    for i, (issue, values) in enumerate(zip(scenario.issues, space.settings, strict=True)):
        enc = [encode_setting(issue, v) for v in values]
        enc += [enc[0]] * (n_k - len(enc))  # padding: never indexed by a valid code
        pos[:, i], idx[:, i] = zip(*enc, strict=True)
    return pos, idx


def judge(rat: Ratifiers, space: OutcomeSpace, codes: np.ndarray) -> Judged:
    """Each ratifier's utility, red lines, vote and pass on outcomes ``codes`` [N, I] (setting
    indices of ``space``, which may be any space over the scenario's issues)."""
    codes = np.asarray(codes, dtype=np.intp)
    n, n_r, n_i = codes.shape[0], rat.size, codes.shape[1]
    pos, idx = encoded_settings(space, rat.derived)
    has = rat.rows >= 0
    rows = rat.rows[has]
    u_set = rat.prefs.issue_utilities(pos, idx)[rows]  # [Rs, K, I]
    table = u_set * rat.prefs.weight[rows][:, None, :]
    below = u_set < rat.prefs.red[rows][:, None, :] - TOLERANCE  # NaN red line: False
    conditional = np.zeros((n_r, n_i), dtype=bool)
    for w in rat.waivers:
        conditional[w.actor, w.issue] = True
    plain_below = below & ~conditional[has][:, None, :]
    utility = np.full((n_r, n), np.nan)
    crossed = np.zeros((n_r, n), dtype=bool)
    sub_u = np.zeros((len(rows), n))
    sub_c = np.zeros((len(rows), n), dtype=bool)
    for i in range(n_i):  # issue by issue: an [R, N, I] intermediate would be large
        sub_u += table[:, codes[:, i], i]
        sub_c |= plain_below[:, codes[:, i], i]
    utility[has], crossed[has] = sub_u, sub_c
    sub = np.cumsum(has) - 1  # ratifier index -> row of the stanced sub-arrays
    col_pos = np.take_along_axis(pos, codes, axis=0)  # [N, I]
    col_idx = np.take_along_axis(idx, codes, axis=0)
    for w in rat.waivers:
        j = w.test.issue
        hit = below[sub[w.actor], codes[:, w.issue], w.issue]
        crossed[w.actor] |= hit & ~w.test.holds(col_pos[:, j], col_idx[:, j])
    votes = np.ones((n_r, n), dtype=bool)
    for r, tests in enumerate(rat.votes_when):
        if tests:
            votes[r] = np.any([t.holds(col_pos[:, t.issue], col_idx[:, t.issue]) for t in tests], 0)
    passes = ~crossed & reaches(utility, rat.threshold[:, None])
    return Judged(utility, crossed, votes, passes)


def reaches(utility: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Whether a utility reaches its threshold within TOLERANCE (no threshold, or no
    stances: always)."""
    with np.errstate(invalid="ignore"):
        ok = utility >= threshold - TOLERANCE
    return np.asarray(ok | np.isnan(threshold) | np.isnan(utility))


# --- rules ----------------------------------------------------------------------------------------
def rule_met(rat: Ratifiers, states: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Whether each actor's rule is met: ``states`` [..., R] (FAILS, ABSENT, PASSES) -> [..., A]."""
    w = rat.weight if weight is None else weight
    member = rat.member.T.astype(float)  # [R, A]

    def per_actor(x: np.ndarray) -> np.ndarray:
        # einsum, not a matrix product: R and A are tiny, and a threaded BLAS call on
        # [N, R] x [R, A] costs more in thread start-up than the sums themselves
        return np.einsum("...r,ra->...a", x, member)

    voting = states != ABSENT
    pass_w = per_actor((states == PASSES) * w)
    vote_w = per_actor(voting * w)
    fails = per_actor((states == FAILS).astype(float))
    voters = per_actor(voting.astype(float))
    order = list(VoteRule)
    codes = np.array([order.index(r) for r in rat.rules])
    quota = np.nan_to_num(rat.quota)
    met = np.select(
        [codes == order.index(VoteRule.all), codes == order.index(VoteRule.majority)],
        [fails == 0, pass_w - 0.5 * vote_w > TOLERANCE],
        pass_w >= quota * vote_w - TOLERANCE,
    )
    return np.asarray(met | (voters == 0))


def ratified(rat: Ratifiers, judged: Judged) -> np.ndarray:
    """[A, N] bool: which outcomes each actor's ratifiers ratify (its rule met)."""
    states = np.where(judged.votes, np.where(judged.passes, PASSES, FAILS), ABSENT)
    return rule_met(rat, states.T).T


def ratifier_pass(
    scenario: Scenario | Ratifiers, space: OutcomeSpace, codes: np.ndarray | None = None
) -> np.ndarray:
    """Which outcomes each ratifying actor's ratifiers pass under its rule: [A, N] bool.

    ``codes`` [N, I] are setting indices of ``space`` (default: every outcome of the
    space, if it may be enumerated). Rows follow ``scenario.ratification``; a scenario
    without ratifiers gives a [0, N] array. Central values: spreads play no part.
    """
    rat = scenario if isinstance(scenario, Ratifiers) else compile_ratifiers(scenario)
    codes = space.enumerate() if codes is None else np.asarray(codes, dtype=np.intp)
    if not rat.size:
        return np.zeros((0, codes.shape[0]), dtype=bool)
    return ratified(rat, judge(rat, space, codes))


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """The standard normal distribution function, elementwise (through the C library's
    ``erfc``; the arrays here are ratifiers x drafts, small)."""
    erfc = np.frompyfunc(math.erfc, 1, 1)
    return np.asarray(0.5 * erfc(-np.asarray(z, dtype=float) / math.sqrt(2.0)), dtype=float)


def pass_chance(rat: Ratifiers, utility: np.ndarray, *, spread: bool = True) -> np.ndarray:
    """Chance each ratifier passes, red lines aside: [R, ...] utilities -> [R, ...].

    With a spread s: ``Phi((u - threshold) / s)``; without (or ``spread=False``): 1 when
    ``u >= threshold - TOLERANCE``, else 0. No threshold, or no stances: 1.
    """
    shape = (-1,) + (1,) * (utility.ndim - 1)
    thr, s = rat.threshold.reshape(shape), rat.spread.reshape(shape)
    step = reaches(utility, thr).astype(float)
    if not spread:
        return step
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (utility - thr) / np.where(s > 0, s, 1.0), 0.0)
    smooth = normal_cdf(np.nan_to_num(z))
    return np.where((s > 0) & ~np.isnan(thr) & ~np.isnan(utility), smooth, step)


def rule_probability(
    rat: Ratifiers, chance: np.ndarray, good: np.ndarray, bad: np.ndarray
) -> np.ndarray:
    """Chance each actor's rule is met: [..., R] inputs -> [..., A].

    Ratifier r is independently in state ``good[..., r]`` with chance ``chance[..., r]``
    and in ``bad[..., r]`` otherwise (states FAILS, ABSENT, PASSES). Under ``all`` the
    chance is the product, over ratifiers, of the chance of not failing; under majority and
    quota every good/bad pattern of the actor's ratifiers is enumerated (refused above
    :data:`MAX_PATTERN_RATIFIERS` ratifiers).
    """
    chance, good, bad = np.broadcast_arrays(chance, good, bad)
    lead = chance.shape[:-1]
    out = np.zeros((*lead, len(rat.actors)))
    for a, actor in enumerate(rat.actors):  # actors are few; patterns are vectorised
        mine = np.flatnonzero(rat.owner == a)
        p, g, b = chance[..., mine], good[..., mine], bad[..., mine]
        if rat.rules[a] is VoteRule.all:
            not_failing = p * (g != FAILS) + (1.0 - p) * (b != FAILS)
            out[..., a] = not_failing.prod(axis=-1)
            continue
        if len(mine) > MAX_PATTERN_RATIFIERS:
            raise ValueError(
                f"{actor} has {len(mine)} ratifiers under a {rat.rules[a].value} rule; the "
                f"chance of ratification enumerates every pass/fail pattern, at most "
                f"{MAX_PATTERN_RATIFIERS} ratifiers (2^{MAX_PATTERN_RATIFIERS} patterns)"
            )
        bits = patterns(len(mine))  # [Q, R_a]
        state = np.where(bits, g[..., None, :], b[..., None, :])  # [..., Q, R_a]
        weight = np.where(bits, p[..., None, :], 1.0 - p[..., None, :]).prod(axis=-1)
        sub = single_actor(rat, a)
        met = rule_met(sub, state)[..., 0]
        out[..., a] = (weight * met).sum(axis=-1)
    return out


def patterns(n: int) -> np.ndarray:
    """Every good/bad pattern of ``n`` ratifiers: [2^n, n] bool (True: good)."""
    return (np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1 == 1


def single_actor(rat: Ratifiers, a: int) -> Ratifiers:
    """The ratifiers of actor row ``a`` alone (for rule arithmetic only: no stances)."""
    mine = np.flatnonzero(rat.owner == a)
    pick: Sequence[int] = [int(r) for r in mine]
    return Ratifiers(
        derived=rat.derived,
        actors=(rat.actors[a],),
        rules=(rat.rules[a],),
        quota=rat.quota[[a]],
        ids=tuple(rat.ids[r] for r in pick),
        names=tuple(rat.names[r] for r in pick),
        kinds=tuple(rat.kinds[r] for r in pick),
        owner=np.zeros(len(pick), dtype=np.intp),
        weight=rat.weight[mine],
        threshold=rat.threshold[mine],
        spread=rat.spread[mine],
        prefs=rat.prefs,
        rows=rat.rows[mine],
        waivers=(),
        votes_when=tuple(rat.votes_when[r] for r in pick),
    )
