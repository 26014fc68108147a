"""Monte Carlo with ratification at home: in each draw, what the parties' ratifiers pass.

A party can only agree to what its ratifiers pass (Putnam's two-level games;
:mod:`accord.analysis.ratifiers`). In every Monte Carlo draw each ratifier with a ``spread``
has a swing of mood ``e ~ N(0, spread)`` (:mod:`accord.uncertainty.swings`: a stream of its
own per chunk, so the flat numbers do not move), shared by every outcome of the draw. Its
stances, thresholds and red lines are the scenario's; they carry no other spread.

- **Drafts.** Per draw, whether each party's ratifiers pass each draft at the low and the
  high end of what the draft leaves open (:func:`accord.uncertainty.ratification.draft_draws`'
  rule, on the scenario's central utilities plus the draw's swing). A draft is *accepted and
  ratified* in a draw when the party accepts it (as the flat Monte Carlo decides) and its
  ratifiers pass it for sure (low end); *not* when the party refuses it or its ratifiers
  fail it even at the high end; *maybe* otherwise.
- **The ZOPA with ratification**, on the same draws and the same grid as the flat ZOPA: some
  outcome every party accepts that every party's ratifiers pass. Enumerated spaces are
  decided exactly. Otherwise, in each draw the flat check decides: no flat ZOPA, none with
  ratification (exact). Where there is one, a list of candidate outcomes (the flat check's
  outcomes of every draw of the chunk, and three outcomes of the mixed-integer check with
  the ratifiers as actors at central values) is tried first; an outcome the parties accept
  that the ratifiers pass settles it. Else the mixed-integer checks with the ratifiers as
  extra actors (:func:`accord.analysis.ratified_space.find_ratified`, the draw's swing in
  their thresholds, one check per pattern of which ratifiers with ``votes_when`` vote) run:
  an outcome found is verified and settles it; none found settles it only when the search is
  exact (every rule ``all`` and no conditional red line), and leaves the draw *unresolved*
  otherwise. That is the win-sets' method (:mod:`accord.analysis.winsets`: exact where the
  rules allow, else a found outcome is a proof and none found an estimate), extended to
  ``votes_when`` under the ``all`` rule by the patterns of who votes.

Codes of the ZOPA with ratification per draw: :data:`NONE`, :data:`FOUND`,
:data:`UNRESOLVED`, and -1 for a draw not decided (the flat check's subsample).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.analysis.milp import Objective, find_acceptable
from accord.analysis.ratification import MAY_VOTE, VOTES, ratify_drafts
from accord.analysis.ratified_space import (
    SettingTables,
    exact_conditions,
    find_ratified,
    restrict,
    setting_tables,
    with_ratifiers,
)
from accord.analysis.ratifiers import Judged, Ratifiers, compile_ratifiers, judge
from accord.analysis.space import OutcomeSpace
from accord.analysis.zopa import acceptable
from accord.model import Proposal, Scenario
from accord.uncertainty.ratification import ratification_draws
from accord.uncertainty.swings import swings

#: The ZOPA with ratification in a draw: none, found, not settled (codes of ``zopa_ratified``).
NONE, FOUND, UNRESOLVED = 0, 1, 2
#: The objectives of the central candidates (any outcome, the largest smallest margin, the
#: largest sum): three different corners of the ratified ZOPA at central values.
CENTRAL_OBJECTIVES: tuple[Objective | None, ...] = (None, "maximin", "utilitarian")


@dataclass(frozen=True)
class RatifiedPlan:
    """The parties' ratifiers compiled once for a Monte Carlo run (picklable).

    ``party_of[a]`` is the column among the parties of ratifying actor a. The draft arrays
    ``[R, P]`` are :class:`~accord.analysis.ratification.Ratified`'s for these ratifiers.
    ``tables`` are the ratifiers on the ZOPA's space; ``judged`` its enumerated outcomes
    (None unless enumerated); ``pool`` the central candidates ``[M, I]``. ``exact`` is None
    when the mixed-integer check is exact, else why not.
    """

    rat: Ratifiers
    party_of: tuple[int, ...]
    n_parties: int
    low: np.ndarray
    high: np.ndarray
    crossing: np.ndarray
    voting: np.ndarray
    tables: SettingTables | None
    judged: Judged | None
    pool: np.ndarray
    exact: str | None

    @property
    def ratifying(self) -> tuple[str, ...]:
        """The parties whose ratifiers count."""
        return self.rat.actors

    def central(self) -> Ratifiers:
        """The ratifiers without their spreads: every draw at central values."""
        return replace(self.rat, spread=np.zeros_like(self.rat.spread))


def compile_ratified(
    scenario: Scenario,
    parties: Sequence[str],
    proposals: Sequence[Proposal],
    space: OutcomeSpace | None,
    codes: np.ndarray | None,
) -> RatifiedPlan | None:
    """The :class:`RatifiedPlan` of ``parties`` (None when none of them has ratifiers).

    ``space`` is the ZOPA's outcome space (None: no ZOPA), ``codes`` its enumerated outcomes
    (None: decided by the mixed-integer check).
    """
    if not scenario.ratification:
        return None
    every = compile_ratifiers(scenario)
    rat = restrict(every, [a for a in every.actors if a in parties])
    if not rat.size:
        return None
    rows = [every.ids.index(r) for r in rat.ids]
    found = ratify_drafts(scenario, list(proposals))
    tables = judged = None
    pool = np.zeros((0, len(scenario.issues)), dtype=np.intp)
    exact = exact_conditions(rat)
    if space is not None:
        tables = setting_tables(rat, space)
        if codes is not None:
            judged = judge(rat, space, codes)
        else:
            central = with_ratifiers(space, rat, tables)  # every ratifier passing
            picks = (
                []
                if central is None
                else [find_acceptable(central, objective=goal) for goal in CENTRAL_OBJECTIVES]
            )
            kept = [p for p in picks if p is not None]
            if kept:
                pool = np.unique(np.asarray(kept, dtype=np.intp), axis=0)
    return RatifiedPlan(
        rat=rat,
        party_of=tuple(list(parties).index(a) for a in rat.actors),
        n_parties=len(parties),
        low=found.low[rows],
        high=found.high[rows],
        crossing=found.crossing[rows],
        voting=found.voting[rows],
        tables=tables,
        judged=judged,
        pool=pool,
        exact=exact,
    )


def _draws(
    rp: RatifiedPlan,
    utility: np.ndarray,
    size: int,
    seed: int | None,
    **given: np.ndarray,
) -> np.ndarray:
    """[D, A, N]: :func:`~accord.uncertainty.ratification.ratification_draws` with the
    chunk's stream (``seed`` None: central values, no swing)."""
    rat = rp.rat if seed is not None else rp.central()
    got = ratification_draws(rat, utility, draws=size, seed=0 if seed is None else seed, **given)
    return got.passes


def draft_passes(rp: RatifiedPlan, size: int, seed: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Per draw, party and draft, whether the party's ratifiers pass the draft at the low
    and the high end of what it leaves open: two ``[D, Ap, P]`` bool arrays (True for a
    party without ratifiers)."""
    sure, maybe = rp.voting == VOTES, rp.voting >= MAY_VOTE
    low = _draws(rp, rp.low, size, seed, crossed=rp.crossing >= 1, votes=sure, vote_if_fail=maybe)
    high = _draws(rp, rp.high, size, seed, crossed=rp.crossing == 2, votes=maybe, vote_if_fail=sure)
    out = []
    for part in (low, high):
        full = np.ones((size, rp.n_parties, part.shape[2]), dtype=bool)
        full[:, list(rp.party_of)] = part
        out.append(full)
    return out[0], out[1]


def ratified_acceptance(accepts: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Acceptance with ratification ``[D, P, Ap]`` int8 (2 yes, 1 maybe, 0 no) from the flat
    codes ``accepts`` ``[D, P, Ap]`` and the ratifiers' passes of :func:`draft_passes`."""
    lo, hi = low.transpose(0, 2, 1), high.transpose(0, 2, 1)
    yes = (accepts == 2) & lo
    no = (accepts == 0) | ~hi
    return np.where(yes, 2, np.where(no, 0, 1)).astype(np.int8)


def space_passes(rp: RatifiedPlan, size: int, seed: int | None) -> np.ndarray:
    """``[D, N]``: whether every party's ratifiers pass each enumerated outcome in each draw."""
    j = rp.judged
    assert j is not None
    return np.asarray(_draws(rp, j.utility, size, seed, crossed=j.crossed, votes=j.votes).all(1))


def decide(
    rp: RatifiedPlan,
    spaces: Sequence[OutcomeSpace | None],
    which: np.ndarray,
    witness: np.ndarray,
    size: int,
    seed: int | None,
) -> np.ndarray:
    """The ZOPA with ratification in the draws ``which`` of a chunk of ``size``: codes
    ``[len(which)]`` (see the module docstring).

    ``spaces[n]`` is draw ``which[n]``'s outcome space as the flat check built it (the
    parties' drawn preferences, soft red lines given), ``witness[n]`` the outcome the flat
    check found there (a row of -1: none, no flat ZOPA).
    """
    n = len(which)
    out = np.full(n, NONE, dtype=np.int8)
    flat = witness[:, 0] >= 0
    if not flat.any():
        return out
    live = [k for k in range(n) if flat[k]]
    first = spaces[live[0]]
    assert first is not None and rp.tables is not None
    cand = np.unique(np.concatenate([rp.pool, witness[flat]]), axis=0)  # [M, I]
    j = judge(rp.rat, first, cand)  # every draw's space has the same settings
    passes = np.asarray(
        _draws(rp, j.utility, size, seed, crossed=j.crossed, votes=j.votes).all(axis=1)
    )
    swing = swings(rp.rat if seed is not None else rp.central(), size, seed)  # [D, R]
    found = np.full(witness.shape, -1, dtype=np.intp)
    for k in live:  # one exact check per draw: the solver has no draw axis
        space = spaces[k]
        assert space is not None
        d = int(which[k])
        if (acceptable(space, cand) & passes[d]).any():
            out[k] = FOUND
            continue
        codes = find_ratified(space, rp.rat, rp.tables, swing[d])
        if codes is None:
            out[k] = NONE if rp.exact is None else UNRESOLVED
        else:
            found[k] = codes
    tried = np.flatnonzero(found[:, 0] >= 0)
    if tried.size:  # verified under the rules and votes, with each draw's own swing
        j = judge(rp.rat, first, found[tried])
        ok = np.asarray(
            _draws(rp, j.utility, size, seed, crossed=j.crossed, votes=j.votes).all(axis=1)
        )
        mine = ok[which[tried], np.arange(tried.size)]
        out[tried] = np.where(mine, FOUND, UNRESOLVED)  # a failed verification settles nothing
    return out
