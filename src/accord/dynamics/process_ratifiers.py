"""Ratification at home in the negotiation processes: the ratifiers as per-factor tables.

A party accepts a text only when its ratifiers pass it (Putnam's two-level games;
:mod:`accord.analysis.ratifiers`): each ratifier of the party passes the text when it crosses
none of its red lines and its utility, plus the run's swing of mood, reaches its threshold;
it votes on the text when its ``votes_when`` allow; the party's rule (all, majority, quota)
combines the verdicts. Ratifiers of actors that are not parties are left out.

As the parties' utilities are (:mod:`accord.dynamics.process_tables`), each ratifier's
utility and plain red lines are tabulated per factor row of the parties' outcome space,
``utility[Q, F, K]`` and ``crosses[Q, F, K]`` (Q ratifiers), so judging a text ``x[F]`` is one
lookup per factor. What does not add up factor by factor is kept as pairs of row masks: a
conditional red line (crossed where the row of its issue's factor is below it and the row
of its condition's factor fails the condition) and each ``votes_when`` condition (a row mask
of its issue's factor). :func:`passes` judges whole texts; :func:`change_passes` every
single-factor change of a text at once, by adding the changed row and taking away the old one,
for the mediator's amendments. :func:`passes_reference` is the plain loop over ratifiers, kept
as the oracle of both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.analysis.ratified_space import restrict, setting_tables
from accord.analysis.ratifiers import (
    ABSENT,
    FAILS,
    PASSES,
    Ratifiers,
    compile_ratifiers,
    reaches,
    rule_met,
)
from accord.analysis.space import OutcomeSpace
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario
from accord.model.ratification import VoteRule
from accord.uncertainty.swings import swings


@dataclass(frozen=True)
class RowMask:
    """One ratifier's test on the rows of one factor: ``rows[K]`` (False on padding)."""

    ratifier: int
    factor: int
    rows: np.ndarray


@dataclass(frozen=True)
class RowWaiver:
    """A conditional red line: crossed on a text whose row of ``below.factor`` is below the
    line and whose row of ``holds.factor`` fails its condition."""

    below: RowMask
    holds: RowMask


@dataclass(frozen=True)
class RatifierRows:
    """The parties' ratifiers over R runs as per-factor tables (see the module docstring).

    ``party_of[a]`` is the party column of ratifying actor a of ``rat``; ``utility`` is NaN
    for a ratifier without stances (it passes whatever it votes on); ``swing[R, Q]`` each
    run's swing (0: central values), ``seed`` the seed it was drawn with (None: central).
    """

    rat: Ratifiers
    party_of: tuple[int, ...]
    n_parties: int
    utility: np.ndarray  # [Q, F, K]
    crosses: np.ndarray  # [Q, F, K] int
    waivers: tuple[RowWaiver, ...]
    votes: tuple[RowMask, ...]
    conditioned: np.ndarray  # [Q] bool: votes only where one of its conditions holds
    swing: np.ndarray  # [R, Q]
    seed: int | None = None

    def take(self, rows: slice | np.ndarray) -> RatifierRows:
        """The tables of some runs only."""
        return replace(self, swing=self.swing[rows])


def ratifier_rows(
    scenario: Scenario,
    space: OutcomeSpace,
    parties: Sequence[str],
    runs: int,
    seed: int | None = None,
) -> RatifierRows | None:
    """The :class:`RatifierRows` of ``parties``' ratifiers on ``space``'s factors for
    ``runs`` runs (None: no party has ratifiers). Each run's swings are drawn with ``seed``
    (:func:`accord.uncertainty.swings.swings`, as Monte Carlo draws them); None: central
    values, no swing."""
    rat = party_ratifiers(scenario, parties)
    if rat is None:
        return None
    swing = swings(rat, runs, seed)
    tables = setting_tables(rat, space)
    n_q, n_f = rat.size, len(space.factors)
    n_k = max(f.size for f in space.factors)
    utility = np.zeros((n_q, n_f, n_k))
    crosses = np.zeros((n_q, n_f, n_k), dtype=np.int64)
    plain = tables.plain
    at: dict[int, tuple[int, int]] = {}  # issue -> (factor, column)
    for f, factor in enumerate(space.factors):
        for j, i in enumerate(factor.issues):
            at[i] = (f, j)
            utility[:, f, : factor.size] += tables.utility[:, factor.codes[:, j], i]
            crosses[:, f, : factor.size] += plain[:, factor.codes[:, j], i]
    utility[rat.rows < 0] = np.nan

    def mask(r: int, issue: int, values: np.ndarray) -> RowMask:
        f, j = at[issue]
        codes = space.factors[f].codes[:, j]
        rows = np.zeros(n_k, dtype=bool)
        rows[: codes.size] = values[codes]
        return RowMask(r, f, rows)

    waivers = tuple(
        RowWaiver(
            mask(w.actor, w.issue, tables.below[w.actor, :, w.issue]),
            mask(
                w.actor,
                w.test.issue,
                w.test.holds(tables.pos[:, w.test.issue], tables.idx[:, w.test.issue]),
            ),
        )
        for w in rat.waivers
    )
    votes = tuple(
        mask(r, t.issue, t.holds(tables.pos[:, t.issue], tables.idx[:, t.issue]))
        for r, tests in enumerate(rat.votes_when)
        for t in tests
    )
    return RatifierRows(
        rat=rat,
        party_of=tuple(list(parties).index(a) for a in rat.actors),
        n_parties=len(parties),
        utility=utility,
        crosses=crosses,
        waivers=waivers,
        votes=votes,
        conditioned=np.array([bool(t) for t in rat.votes_when], dtype=bool),
        swing=swing,
        seed=seed,
    )


def party_ratifiers(scenario: Scenario, parties: Sequence[str]) -> Ratifiers | None:
    """The ratifiers of ``parties`` (None: none of them has any)."""
    if not scenario.ratification:
        return None
    every = compile_ratifiers(scenario)
    rat = restrict(every, [a for a in every.actors if a in parties])
    return rat if rat.size else None


def _verdicts(rr: RatifierRows, u: np.ndarray, c: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Ratifiers' totals ``u``, crossings ``c``, votes ``v`` ``[Q, R, ...]`` -> ``[R, ..., Ap]``."""
    extra = (1,) * (u.ndim - 2)
    swing = rr.swing.T.reshape(rr.swing.shape[1], rr.swing.shape[0], *extra)
    thr = rr.rat.threshold.reshape(-1, 1, *extra)
    ok = (c == 0) & reaches(u + swing, thr)
    states = np.where(v, np.where(ok, PASSES, FAILS), ABSENT)
    met = rule_met(rr.rat, np.moveaxis(states, 0, -1))  # [R, ..., A]
    out = np.ones((*met.shape[:-1], rr.n_parties), dtype=bool)
    out[..., list(rr.party_of)] = met
    return out


def passes(rr: RatifierRows, x: np.ndarray) -> np.ndarray:
    """Whether each party's ratifiers pass each text: ``x[R, ..., F]`` rows per factor (the
    first axis the runs) -> ``[R, ..., Ap]`` (True for a party without ratifiers)."""
    x = np.asarray(x, dtype=np.intp)
    u = np.zeros((rr.utility.shape[0], *x.shape[:-1]))
    c = np.zeros(u.shape, dtype=np.int64)
    for f in range(x.shape[-1]):  # one lookup per factor
        u += rr.utility[:, f][:, x[..., f]]
        c += rr.crosses[:, f][:, x[..., f]]
    for w in rr.waivers:
        below = w.below.rows[x[..., w.below.factor]]
        held = w.holds.rows[x[..., w.holds.factor]]
        c[w.below.ratifier] += below & ~held
    v = np.broadcast_to(~rr.conditioned.reshape(-1, *(1,) * (x.ndim - 1)), u.shape).copy()
    for m in rr.votes:
        v[m.ratifier] |= m.rows[x[..., m.factor]]
    return _verdicts(rr, u, c, v)


def change_passes(rr: RatifierRows, x: np.ndarray) -> np.ndarray:
    """For every single-factor change of each run's text ``x[R, F]`` (factor f set to row
    k), whether each party's ratifiers pass it: ``[R, F, K, Ap]`` (rows beyond a factor's
    size are judged as padding; callers mask them)."""
    x = np.asarray(x, dtype=np.intp)
    n_r, n_f = x.shape
    n_k = rr.utility.shape[2]
    f_ax = np.arange(n_f)
    cur_u = rr.utility[:, f_ax[None, :], x]  # [Q, R, F]
    cur_c = rr.crosses[:, f_ax[None, :], x]
    u = cur_u.sum(axis=2)[:, :, None, None] - cur_u[..., None] + rr.utility[:, None]
    c = cur_c.sum(axis=2)[:, :, None, None] - cur_c[..., None] + rr.crosses[:, None]

    def rows_of(m: RowMask) -> np.ndarray:
        """The mask's value on each changed text ``[R, F, K]``: its factor's new row where
        the change is to that factor, the text's own row elsewhere."""
        now = m.rows[x[:, m.factor]]  # [R]
        out = np.broadcast_to(now[:, None, None], (n_r, n_f, n_k)).copy()
        out[:, m.factor, :] = m.rows[None, :]
        return out

    for w in rr.waivers:
        c[w.below.ratifier] += rows_of(w.below) & ~rows_of(w.holds)
    v = np.broadcast_to(~rr.conditioned[:, None, None, None], u.shape).copy()
    for m in rr.votes:
        v[m.ratifier] |= rows_of(m)
    return _verdicts(rr, u, c, v)


def passes_reference(rr: RatifierRows, run: int, x: Sequence[int]) -> list[bool]:
    """:func:`passes` for one run's text as a plain loop over ratifiers (the test oracle)."""
    rat = rr.rat
    states = []
    for q in range(rat.size):
        util = [float(rr.utility[q, f, int(k)]) for f, k in enumerate(x)]
        crossed = sum(int(rr.crosses[q, f, int(k)]) for f, k in enumerate(x))
        for w in rr.waivers:
            if w.below.ratifier == q:
                below = bool(w.below.rows[int(x[w.below.factor])])
                crossed += int(below and not bool(w.holds.rows[int(x[w.holds.factor])]))
        votes = not rr.conditioned[q] or any(
            bool(m.rows[int(x[m.factor])]) for m in rr.votes if m.ratifier == q
        )
        thr = float(rat.threshold[q])
        total = sum(util) + float(rr.swing[run, q])
        reached = np.isnan(thr) or np.isnan(total) or total >= thr - TOLERANCE
        states.append(ABSENT if not votes else PASSES if crossed == 0 and reached else FAILS)
    out = [True] * rr.n_parties
    for a in range(len(rat.actors)):
        mine = [q for q in range(rat.size) if int(rat.owner[q]) == a]
        voting = [q for q in mine if states[q] != ABSENT]
        pass_w = sum(float(rat.weight[q]) for q in voting if states[q] == PASSES)
        vote_w = sum(float(rat.weight[q]) for q in voting)
        if not voting:
            ok = True
        elif rat.rules[a] is VoteRule.all:
            ok = all(states[q] == PASSES for q in voting)
        elif rat.rules[a] is VoteRule.majority:
            ok = pass_w - 0.5 * vote_w > TOLERANCE
        else:
            ok = pass_w >= float(rat.quota[a]) * vote_w - TOLERANCE
        out[rr.party_of[a]] = ok
    return out
