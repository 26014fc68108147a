"""Negotiation processes' common ground: R runs of a scenario as per-factor tables, and runs.

The text under negotiation is one outcome of the outcome space of the parties (constraints
applied, no red line removed), held as one row per factor. For R runs (drawn scenarios)
every party's utility is a per-factor table ``utility[R, A, F, K]`` (K the largest factor,
padded) and ``crosses[R, A, F, K]`` counts the red lines a factor row crosses, so an
amendment (a change of one factor) is one table lookup. Round t is month t: each party's
BATNA at round t follows :func:`accord.dynamics.timeline.batna_paths`'s model, from its drawn
utility. The utilities come from :func:`accord.uncertainty.preferences.drawn_utilities`, the
batched utility kernel every analysis shares. :class:`Runs` is what every process returns.

Issues tied by linked terms or conditional red lines (:mod:`accord.analysis.linkage`) are one
factor of the space, so an amendment changes them together: a linked factor's rows carry the
linked part of each run's utility and count a conditional red line where it is crossed and
its condition fails (:func:`accord.uncertainty.preferences.group_terms`), exactly as the
outcome space does; the processes themselves read only the tables.

With ``honour``, the tables also hold the parties' ratifiers per factor row
(:mod:`accord.dynamics.process_ratifiers`): a party then accepts a text only when its
ratifiers pass it, and the mediated process counts a text they fail as one more red line
of the party crossed (docs/processes.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.space import outcome_space
from accord.analysis.space import parties as default_parties
from accord.analysis.utility import TOLERANCE
from accord.dynamics.process_ratifiers import RatifierRows, ratifier_rows
from accord.model import Role, Scenario
from accord.uncertainty.draws import apply
from accord.uncertainty.holds import Holds, all_give, soften_group, soften_settings
from accord.uncertainty.plan import compile_draw_plan, space_settings
from accord.uncertainty.preferences import (
    compile_group,
    drawn_preferences,
    drawn_utilities,
    group_terms,
)

#: Results, by code.
RESULTS = ("agreement", "walk-away", "deadlock")
AGREEMENT, WALK_AWAY, DEADLOCK = 0, 1, 2
#: Rounds the mediator waits for agreement (round 0 is the first draft).
DEFAULT_PATIENCE = 12
#: A red line crossed weighs more than any utility (utilities lie in 0..1).
RED_LINE_PENALTY = 2.0
#: Scores closer than this are ties.
TIE = 1e-12


class ProcessError(ValueError):
    """A bad bias, mediator or process name."""


# --- tables ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tables:
    """R runs of a scenario as per-factor tables (see the module docstring)."""

    parties: tuple[str, ...]
    mediator: str | None
    factor_issues: tuple[tuple[int, ...], ...]
    factor_codes: tuple[np.ndarray, ...]  # [K_f, len(issues)] setting indices per factor
    n_issues: int
    valid: np.ndarray  # [F, K] bool: rows that exist
    utility: np.ndarray  # [R, A, F, K] float, 0 where not valid
    crosses: np.ndarray  # [R, A, F, K] int: red lines of the party the row crosses
    drafts_ok: np.ndarray  # [R, F, K] bool: rows the mediator may draft
    batna: np.ndarray  # [R, A, T + 1] NaN where unknown
    low: np.ndarray  # [R, A] the party's lowest utility in the space
    high: np.ndarray  # [R, A] its highest
    #: the parties' ratifiers (None: ratification not honoured, or no party has ratifiers)
    ratifiers: RatifierRows | None = None

    @property
    def runs(self) -> int:
        return int(self.utility.shape[0])

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """An outcome given as one row per factor ``[F]`` as setting indices ``[I]``."""
        out = np.zeros(self.n_issues, dtype=np.intp)
        for f, (issues, codes) in enumerate(
            zip(self.factor_issues, self.factor_codes, strict=True)
        ):
            out[list(issues)] = codes[int(rows[f])]
        return out

    def take(self, rows: slice | np.ndarray) -> Tables:
        """The tables of some runs only."""
        return Tables(
            parties=self.parties,
            mediator=self.mediator,
            factor_issues=self.factor_issues,
            factor_codes=self.factor_codes,
            n_issues=self.n_issues,
            valid=self.valid,
            utility=self.utility[rows],
            crosses=self.crosses[rows],
            drafts_ok=self.drafts_ok[rows],
            batna=self.batna[rows],
            low=self.low[rows],
            high=self.high[rows],
            ratifiers=None if self.ratifiers is None else self.ratifiers.take(rows),
        )


def default_mediator(scenario: Scenario) -> str | None:
    """The first actor of role mediator with stances, or None."""
    stanced = {s.actor for s in scenario.stances}
    for a in scenario.actors:
        if a.role is Role.mediator and a.id in stanced:
            return a.id
    return None


def build_tables(
    scenario: Scenario,
    values: np.ndarray | None,
    rounds: int,
    parties: Sequence[str] | None = None,
    mediator: str | None = None,
    *,
    resolution: int = 11,
    holds: Holds | None = None,
    honour: bool = False,
    swing_seed: int | None = None,
) -> Tables:
    """Per-factor tables of the drawn scenarios with input values ``[R, K]``.

    ``values`` None gives one run: the scenario as stated. ``mediator`` None means a
    mediator without preferences (it may draft anything). ``holds``: whether each soft red
    line of the parties holds in each run (:func:`accord.uncertainty.holds.draw_holds`); a
    line that holds is a wall in that run, one that gives a cost. None: every soft red line
    of the parties is a cost (:func:`accord.uncertainty.holds.all_give`). ``honour`` adds
    the parties' ratifiers (:mod:`accord.dynamics.process_ratifiers`), each run's swings
    drawn with ``swing_seed`` (None: central values).
    """
    chosen = list(parties) if parties is not None else default_parties(scenario)
    if len(chosen) < 2:
        raise ProcessError("a negotiation needs at least two parties with stances")
    actors = chosen + ([mediator] if mediator is not None else [])
    plan = compile_draw_plan(scenario, actors)
    if values is None:
        values = plan.base.values()[None, :]
    drawn = apply(plan.base, values)
    pr = drawn_preferences(plan, drawn)
    space = outcome_space(scenario, chosen, resolution=resolution)
    pos, idx, valid_k = space_settings(scenario, space)
    u = drawn_utilities(plan, pr, pos, idx)  # [R, A', Kset, I]
    weighted = u * pr.weight[:, :, None, :]
    below = u < pr.red[:, :, None, :] - TOLERANCE
    crossing = below & valid_k[None, None]
    if space.joints:  # a conditional red line is counted on its linked factor only
        crossing = crossing & ~plan.link.conditional(*plan.shape.shape)[None, :, None, :]
    # a soft red line of a party that gives in a run is a cost there, one that holds a wall
    # (the rule: docs/processes.md)
    conceded = all_give(scenario, chosen, values.shape[0]) if holds is None else holds
    if conceded.holds.shape[0] != values.shape[0]:
        raise ValueError("holds and values cover different numbers of runs")
    ids = [issue.id for issue in scenario.issues]
    if conceded.lines:
        soften_settings(conceded, actors, ids, weighted, crossing)
    n_r, n_a = values.shape[0], len(chosen)
    n_f = len(space.factors)
    n_k = max(f.size for f in space.factors)
    util = np.zeros((n_r, len(actors), n_f, n_k))
    cross = np.zeros((n_r, len(actors), n_f, n_k), dtype=np.int64)
    valid = np.zeros((n_f, n_k), dtype=bool)
    for f, factor in enumerate(space.factors):
        valid[f, : factor.size] = True
        for j, i in enumerate(factor.issues):
            util[:, :, f, : factor.size] += weighted[:, :, factor.codes[:, j], i]
            cross[:, :, f, : factor.size] += crossing[:, :, factor.codes[:, j], i]
    for joint in space.joints:
        f = next(f for f, x in enumerate(space.factors) if set(joint.issues) <= set(x.issues))
        factor = space.factors[f]
        group = compile_group(plan, joint.issues, joint.shape, pos, idx)
        extra, crossed = group_terms(group, pr, below)  # [R, A', P], [R, A', P, g]
        if conceded.lines:
            soften_group(conceded, actors, ids, group.issues, extra, crossed)
        cols = [factor.issues.index(i) for i in joint.issues]
        flat = np.ravel_multi_index(factor.codes[:, cols].T, joint.shape)
        util[:, :, f, : factor.size] += extra[:, :, flat]
        cross[:, :, f, : factor.size] += crossed[:, :, flat].sum(axis=-1)
    if mediator is not None:
        ok = (cross[:, n_a] == 0) & valid[None]
        # a factor whose every row crosses the mediator's red lines is left free
        ok |= ~ok.any(axis=-1, keepdims=True) & valid[None]
    else:
        ok = np.repeat(valid[None], n_r, axis=0)
    # each run's own rates: the over-time spreads are drawn like every other input
    rows = [plan.base.actors.index(x) for x in chosen]
    rate = drawn.rate[:, rows]  # [R, A']
    t = np.arange(rounds + 1, dtype=float)
    u0 = pr.batna[:, :n_a]
    batna = np.clip(np.round(u0[:, :, None] + t * rate[:, :, None], 12), 0.0, 1.0)
    masked = np.where(valid[None, None], util[:, :n_a], np.nan)
    return Tables(
        parties=tuple(chosen),
        mediator=mediator,
        factor_issues=tuple(f.issues for f in space.factors),
        factor_codes=tuple(f.codes for f in space.factors),
        n_issues=len(space.issues),
        valid=valid,
        utility=util[:, :n_a],
        crosses=cross[:, :n_a],
        drafts_ok=ok,
        batna=batna,
        low=np.nansum(np.nanmin(masked, axis=-1), axis=-1),
        high=np.nansum(np.nanmax(masked, axis=-1), axis=-1),
        ratifiers=ratifier_rows(scenario, space, chosen, n_r, swing_seed) if honour else None,
    )


# --- runs ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Runs:
    """The result of R runs of a process.

    ``drafts[t, r]`` is the text at round t (one row per factor), ``utility[t, r]`` every
    party's utility of it and ``accepts[t, r]`` who accepts it; rounds after a run ended
    repeat its last round. ``result[r]`` is a code of :data:`RESULTS`, ``rounds[r]`` the
    round at which the run ended.
    """

    drafts: np.ndarray  # [T + 1, R, F]
    utility: np.ndarray  # [T + 1, R, A]
    accepts: np.ndarray  # [T + 1, R, A] bool
    result: np.ndarray  # [R] int
    rounds: np.ndarray  # [R] int

    @property
    def final(self) -> np.ndarray:
        """Each party's utility of the last text of each run ``[R, A]``."""
        r = np.arange(self.result.size)
        return self.utility[self.rounds, r]

    @property
    def returns(self) -> np.ndarray:
        """How often each run's text came back ``[R]``: the rounds ``t`` (up to the run's end)
        whose text differs from round ``t - 1``'s but equals that of an earlier round ``s <
        t - 1``. A run whose texts cycle with period ``p`` returns once per round after its
        first cycle; 0 for a run that never went back. Agreement, walk-away and deadlock end
        every run, so a cycle cannot run forever; this says which runs spent their patience
        going round in circles. One comparison of every pair of rounds, ``[T+1, T+1, R]``."""
        d = self.drafts  # [T+1, R, F]
        same = np.all(d[:, None] == d[None, :], axis=-1)  # [t, s, R]
        t = np.arange(d.shape[0])
        earlier = t[None, :] < t[:, None] - 1  # [t, s]: s before the round before t
        back = np.any(same & earlier[:, :, None], axis=1)  # [t, R]
        changed = np.zeros_like(back)
        changed[1:] = ~np.diagonal(same, offset=-1).T  # text(t) != text(t - 1), t >= 1
        live = t[:, None] <= self.rounds[None, :]
        return (back & changed & live).sum(axis=0)


def party_scale(tables: Tables) -> np.ndarray:
    """Each party's utility span over the space ``[R, A]`` (1 where it is flat): the unit in
    which the processes compare one party's gains with another's."""
    span = tables.high - tables.low
    return np.where(span > TOLERANCE, span, 1.0)
