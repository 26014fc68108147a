"""Every library result a report shows, computed once, before any section is written.

Sections only choose and word what is here; none of them calls an analysis itself, so the
summary and the section that shows the evidence always quote the same numbers, and the
numbers are the ones the CLI prints (same functions, same defaults, unless a limit below
says otherwise and the report says so).

The limits keep a report of a large scenario (30 actors x 30 issues) within seconds; each
one that bites is said in the report (``Results.limits``, or the library's own note):

- the full bargaining analysis (:func:`accord.analysis.bargaining.analyze`, whose Pareto
  frontier has one dimension per party) runs only for two parties or a small space; larger
  scenarios get the ZOPA (exact, by MILP) and the two-party frontier of the space section;
- the Monte Carlo ZOPA is decided by MILP on at most :data:`ZOPA_SOLVES` draws, fewer for
  many parties and issues (the library's own ``milp-subsample`` method, whose note gives
  the draws it decided and a Wilson interval; ``accord forecast --draws`` decides up to 500);
- the expected-utility model's Monte Carlo uses fewer draws on large scenarios
  (:data:`EUM_BUDGET`), and the tornado is skipped when it would need too many model runs;
- the timeline estimates ZOPA sizes from fewer sampled outcomes on large scenarios
  (:data:`TIMELINE_BUDGET`); whether a ZOPA exists each month stays exact.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from accord.analysis import (
    Frontier,
    OutcomeSpace,
    Scorecard,
    Zopa,
    pareto_frontier,
    parties,
    score_proposals,
    zopa,
)
from accord.analysis.bargaining import Analysis, analyze
from accord.analysis.diff import ProposalDiff, diff_proposals
from accord.analysis.milp import Amendment, highs_solver, proposal_draft, smallest_amendment
from accord.analysis.solutions import Bargaining, bargaining_solutions
from accord.analysis.space import outcome_space
from accord.analysis.utility import TOLERANCE
from accord.analysis.zopa import DEFAULT_DRAWS
from accord.conflict.stability import StabilityResult, status_quo_paths
from accord.conflict.stability import analyze as stability_analysis
from accord.conflict.states import conflict_graph
from accord.dynamics.levers import Change, set_levers
from accord.dynamics.openings import Openings, smallest_openings
from accord.dynamics.timeline import Timeline, timeline
from accord.forecast.models import Forecast, forecast
from accord.forecast.montecarlo import Simulation, simulate
from accord.forecast.sensitivity import Sensitivity, sensitivity
from accord.io.conflicts import load_builtin_conflict
from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.uncertainty.draws import base_arrays

#: The forecasting models a report compares (the array models with a Monte Carlo).
MODELS = ("compromise", "median", "eum")
#: The model whose Monte Carlo also gives acceptance and the chance of a ZOPA.
MAIN_MODEL = "compromise"
#: The full analysis runs for up to this many parties when the space is at most ANALYZE_SPACE
#: outcomes (always for two parties or fewer: their frontier is a curve, cheap at any size).
ANALYZE_PARTIES = 5
ANALYZE_SPACE = 1_000_000
#: Monte Carlo draws whose ZOPA is decided by MILP: at most ZOPA_SOLVES, fewer above
#: ZOPA_SOLVE_CELLS / (parties x issues), never fewer than ZOPA_MIN_SOLVES.
ZOPA_SOLVES = 100
ZOPA_SOLVE_CELLS = 30_000
ZOPA_MIN_SOLVES = 30
#: EUM Monte Carlo budget in actor^2 x issue x draw cells (about 1 s); fewer draws above it.
EUM_BUDGET = 2_000_000
#: The fewest EUM draws used when the budget cuts them.
EUM_MIN_DRAWS = 50
#: Tornado budget in (2 x inputs + 1) x actor x issue cells; skipped above it.
TORNADO_BUDGET = 300_000
#: Months the timeline follows.
MONTHS = 12
#: Timeline budget in sampled outcome x party x issue cells (the library's default draws
#: below it, fewer above; existence stays exact, only the size estimate widens).
TIMELINE_BUDGET = 50_000_000
#: The fewest outcomes the timeline samples when the budget cuts them.
TIMELINE_MIN_DRAWS = 20_000


@dataclass(frozen=True)
class DraftStanding:
    """How one draft stands with the parties, from the scorecard (or the verdicts)."""

    proposal: str
    accepts: dict[str, str]  # party -> yes / no / maybe
    margin: dict[str, float | None]  # party -> worst-case utility minus BATNA (None: unknown)
    crossed: dict[str, int]  # party -> red lines crossed for sure

    @property
    def yes(self) -> int:
        return sum(v == "yes" for v in self.accepts.values())

    @property
    def maybe(self) -> int:
        return sum(v == "maybe" for v in self.accepts.values())

    def key(self) -> tuple[int, int, float]:
        """Sort key, closest first: most sure acceptances, then maybes, then the worst margin."""
        known = [m for m in self.margin.values() if m is not None]
        return (-self.yes, -self.maybe, -(min(known) if known else 0.0))


@dataclass(frozen=True)
class PairFrontier:
    """The exact Pareto frontier for two parties, with their bargaining solutions.

    ``pareto_frontier`` merges issue by issue and never lists the space, so a two-party
    frontier stays fast on 30 issues. With two parties in all these are ``accord analyze``'s
    own frontier and solutions. ``relaxed``: red lines left no outcome both parties accept,
    so frontier and solutions are those of the space without red lines, as ``accord analyze``
    then shows its solutions.
    """

    pair: tuple[str, str]
    why: str  # why these two
    space: OutcomeSpace
    frontier: Frontier
    bargaining: Bargaining
    relaxed: bool


@dataclass(frozen=True)
class Results:
    """What the sections draw from."""

    original: Scenario  # as given, before levers
    scenario: Scenario  # with the lever settings applied
    settings: dict[str, float]
    changes: tuple[Change, ...]
    draws: int
    seed: int
    card: Scorecard
    parties: tuple[str, ...]
    zopa: Zopa | None
    analysis: Analysis | None
    standings: tuple[DraftStanding, ...]  # closest first
    amendment: Amendment | None  # of the closest draft
    diffs: tuple[ProposalDiff, ...]
    openings: Openings | None
    forecasts: dict[str, Forecast]
    simulations: dict[str, Simulation]
    sensitivity: Sensitivity | None
    timeline: Timeline | None
    pair: PairFrontier | None
    conflict: Conflict | None
    stability: StabilityResult | None
    #: the status quo state of the conflict (fewest options taken) and the shortest paths
    #: of unilateral improvements from it to each equilibrium (None: unreachable)
    status_quo: int | None
    paths: dict[int, tuple[tuple[int, int], ...] | None]
    limits: tuple[str, ...] = field(default_factory=tuple)

    @property
    def closest(self) -> DraftStanding | None:
        return self.standings[0] if self.standings else None


def gather(
    scenario: Scenario,
    *,
    settings: dict[str, float] | None,
    conflict: Conflict | None,
    draws: int,
    seed: int,
) -> Results:
    """Run every analysis the report needs, with the limits of the module docstring."""
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    settings = dict(settings or {})
    s, changes = set_levers(scenario, settings) if settings else (scenario, [])
    if conflict is None and s.conflict is not None:
        conflict = load_builtin_conflict(s.conflict)
    limits: list[str] = []
    card = score_proposals(s)
    chosen = parties(s)
    # The Monte Carlo runs on two more threads (the main model's draws; the other models'
    # and the tornado) while the bargaining analysis runs here: most of the work is NumPy
    # and HiGHS that leave the interpreter lock, so a second core shortens the wait. Each
    # part is seeded on its own, so the results do not depend on timing.
    highs_solver()  # the first solver hides HiGHS's banner by redirecting stdout: not twice
    with ThreadPoolExecutor(max_workers=2) as pool:
        main = pool.submit(_main_simulation, s, chosen, draws, seed)
        others = pool.submit(_other_models, s, draws, seed)
        return _gather(
            scenario,
            s,
            settings,
            changes,
            conflict,
            draws,
            seed,
            card,
            chosen,
            limits,
            main,
            others,
        )


def _gather(
    scenario: Scenario,
    s: Scenario,
    settings: dict[str, float],
    changes: list[Change],
    conflict: Conflict | None,
    draws: int,
    seed: int,
    card: Scorecard,
    chosen: list[str],
    limits: list[str],
    main: Future[Simulation],
    others: Future[tuple[dict[str, Simulation], Sensitivity | None, list[str]]],
) -> Results:

    z = analysis = None
    if chosen:
        plain = outcome_space(s, chosen)
        if len(chosen) <= 2 or (len(chosen) <= ANALYZE_PARTIES and plain.size <= ANALYZE_SPACE):
            try:
                analysis = analyze(s, chosen, seed=seed)
                z = analysis.zopa
            except ValueError as exc:  # the library's limit: a frontier too large to list
                limits.append(f"the full bargaining analysis stopped: {exc}")
        else:
            limits.append(
                f"{len(chosen)} parties over {plain.size:.3g} outcomes: the all-party Pareto "
                "frontier, bargaining solutions and verdicts on drafts are not computed "
                "(run accord analyze); the ZOPA and the two-party frontier are exact"
            )
        if z is None:
            z = zopa(s, chosen, space=plain, seed=seed)
    standings = _standings(card, chosen, analysis)
    amendment = _amendment(s, chosen, z, analysis, standings)
    ids = {p.id for p in s.proposals}
    diffs = tuple(
        diff_proposals(s, p.based_on, p.id, card)
        for p in s.proposals
        if p.based_on is not None and p.based_on in ids
    )
    openings = smallest_openings(s, "zopa") if s.levers and chosen else None

    forecasts = {m: forecast(s, m) for m in MODELS}
    stability, start, paths = _conflict(conflict)
    line = _timeline(s, chosen, seed, limits)
    more, sens, mc_limits = others.result()
    simulations = {MAIN_MODEL: main.result(), **more}
    limits += mc_limits
    return Results(
        original=scenario,
        scenario=s,
        settings=settings,
        changes=tuple(changes),
        draws=draws,
        seed=seed,
        card=card,
        parties=tuple(chosen),
        zopa=z,
        analysis=analysis,
        standings=standings,
        amendment=amendment,
        diffs=diffs,
        openings=openings,
        forecasts=forecasts,
        simulations=simulations,
        sensitivity=sens,
        timeline=line,
        pair=_pair_frontier(s, chosen, analysis),
        conflict=conflict,
        stability=stability,
        status_quo=start,
        paths=paths,
        limits=tuple(limits),
    )


def _standings(
    card: Scorecard, chosen: list[str], analysis: Analysis | None
) -> tuple[DraftStanding, ...]:
    """Each draft's acceptance by the parties, closest first.

    With the full analysis, acceptance is the verdicts' own; without it, the same rule on
    the scorecard (yes: no red line may be crossed and the worst case meets the BATNA; no:
    a red line is crossed for sure or the best case is below the BATNA; else maybe), which
    is how :func:`accord.analysis.verdicts.proposal_verdicts` decides it.
    """
    if not chosen or not card.proposals:
        return ()
    rows = np.array([card.actors.index(a) for a in chosen])
    batna = card.batna[rows][:, None]
    margin = card.low[rows] - batna  # [Pa, P], NaN where the BATNA is unknown
    sure = (card.red_line[rows] == 2).sum(axis=2)  # [Pa, P]
    clear = (card.red_line[rows] == 0).all(axis=2)
    known = ~np.isnan(batna)
    no = (sure > 0) | (known & (card.high[rows] < batna - TOLERANCE))
    yes = clear & (~known | (card.low[rows] >= batna - TOLERANCE))
    tri = np.where(no, "no", np.where(yes, "yes", "maybe"))
    verdicts = {v.proposal: v for v in analysis.verdicts} if analysis is not None else {}
    out = []
    for p, pid in enumerate(card.proposals):
        accepts = (
            dict(verdicts[pid].accepts)
            if pid in verdicts
            else {a: str(tri[k, p]) for k, a in enumerate(chosen)}
        )
        out.append(
            DraftStanding(
                proposal=pid,
                accepts=accepts,
                margin={
                    a: None if np.isnan(margin[k, p]) else float(margin[k, p])
                    for k, a in enumerate(chosen)
                },
                crossed={a: int(sure[k, p]) for k, a in enumerate(chosen)},
            )
        )
    # stable sort: ties keep the scenario's order of drafts
    return tuple(sorted(out, key=DraftStanding.key))


def _amendment(
    s: Scenario,
    chosen: list[str],
    z: Zopa | None,
    analysis: Analysis | None,
    standings: tuple[DraftStanding, ...],
) -> Amendment | None:
    """The smallest amendment of the closest draft; none to look for without a ZOPA (every
    amendment is then impossible, for the reason the ZOPA diagnosis gives)."""
    if not standings or z is None or not z.exists:
        return None
    pid = standings[0].proposal
    if analysis is not None:
        return next((v.amendment for v in analysis.verdicts if v.proposal == pid), None)
    return smallest_amendment(outcome_space(s, chosen), proposal_draft(s, pid), scenario=s)


def _main_simulation(s: Scenario, chosen: list[str], draws: int, seed: int) -> Simulation:
    """The main model's Monte Carlo: forecast quantiles, acceptance of drafts, ZOPA chance."""
    # MILP solves cost about parties x issues each: fewer solves on large scenarios (the
    # library then decides every k-th draw and reports a Wilson interval)
    cells = max(1, len(chosen) * len(s.issues))
    solves = min(draws, ZOPA_SOLVES, max(ZOPA_MIN_SOLVES, ZOPA_SOLVE_CELLS // cells))
    return simulate(s, MAIN_MODEL, draws=draws, seed=seed, parties=chosen, zopa_solves=solves)


def _other_models(
    s: Scenario, draws: int, seed: int
) -> tuple[dict[str, Simulation], Sensitivity | None, list[str]]:
    """The other models' Monte Carlo (forecasts only), the tornado, and the limits applied."""
    limits: list[str] = []
    n_a, n_i = len(s.actors), len(s.issues)
    sims: dict[str, Simulation] = {}
    eum_draws = min(draws, max(EUM_MIN_DRAWS, EUM_BUDGET // max(1, n_a * n_a * n_i)))
    if eum_draws < draws:
        limits.append(
            f"eum Monte Carlo: {eum_draws} draws (seed {seed}) instead of {draws}, "
            f"to keep the report fast with {n_a} actors x {n_i} issues"
        )
    for m in MODELS:
        if m != MAIN_MODEL:
            # parties=() : the forecast only; acceptance and the ZOPA do not depend on the model
            n = eum_draws if m == "eum" else draws
            sims[m] = simulate(s, m, draws=n, seed=seed, parties=())
    n_inputs = len(base_arrays(s).inputs)
    if not n_inputs:
        return sims, None, limits
    if (2 * n_inputs + 1) * n_a * n_i > TORNADO_BUDGET:
        limits.append(
            f"tornado not computed: {n_inputs} uncertain inputs x {n_a} actors x {n_i} issues "
            f"(run accord forecast {s.id} --draws N --sensitivity)"
        )
        return sims, None, limits
    # The tornado moves one input at a time and does not depend on the draws; the draws only
    # feed the first-order indices, which the report does not show, so few are enough.
    sens = sensitivity(s, MAIN_MODEL, draws=min(draws, 50), seed=seed)
    return sims, sens, limits


def lever_text(s: Scenario, settings: dict[str, float]) -> str:
    """``sanctions=2 (secondary sanctions on oil buyers)``; ``defaults`` when none is set."""
    if not settings:
        return "defaults"
    parts = []
    for k, v in settings.items():
        lever = s.lever(k)
        label = lever.label(v)
        parts.append(f"{k}={v:g}" + (f" ({label})" if label != f"{v:g}" else ""))
    return ", ".join(parts)


def choose_pair(s: Scenario, chosen: list[str]) -> tuple[tuple[str, str], str] | None:
    """The two parties with the most opposed interests, and why they were chosen.

    Opposition of a pair: what each loses, in its own utility, at the other's ideal outcome
    (every issue at the other's best setting), summed over the two. Ties go to the pair that
    comes first in the scenario.
    """
    if len(chosen) < 2:
        return None
    if len(chosen) == 2:
        return (chosen[0], chosen[1]), "the scenario's two parties"
    space = outcome_space(s, chosen)
    table = np.where(np.isnan(space.table), -np.inf, space.table)  # [A, I, K]
    best = table.argmax(axis=2)  # [A, I]: each party's best setting of each issue
    top = table.max(axis=2).sum(axis=1)  # [A]: each party's best total
    # at[a, b]: party a's utility at party b's ideal outcome
    at = np.take_along_axis(
        np.where(np.isinf(table), 0.0, table)[:, None, :, :],
        best[None, :, :, None],
        axis=3,
    )[..., 0].sum(axis=2)
    loss = top[:, None] - at
    opposed = loss + loss.T
    opposed[np.tril_indices(len(chosen))] = -np.inf
    a, b = np.unravel_index(int(np.argmax(opposed)), opposed.shape)
    why = (
        f"the two of the {len(chosen)} parties with the most opposed interests: together they "
        f"lose {opposed[a, b]:.2f} in utility at each other's ideal outcome"
    )
    return (chosen[int(a)], chosen[int(b)]), why


def _frontier(
    s: Scenario, a: Analysis | None, pair: list[str]
) -> tuple[OutcomeSpace, Frontier, Bargaining, bool] | None:
    """Frontier and solutions for the pair; the analysis's own when it is the pair's."""
    if a is not None and list(a.parties) == pair:
        if a.relaxed is None:
            return a.space, a.frontier, a.bargaining, False
        plain = outcome_space(s, pair, resolution=a.space.resolution)
        return plain, pareto_frontier(plain), a.relaxed, True
    try:
        space = outcome_space(s, pair, red_lines=pair)
        frontier = pareto_frontier(space)
        bargaining = bargaining_solutions(s, pair, space=space, frontier=frontier)
        if any(sol is not None for sol in bargaining.solutions.values()):
            return space, frontier, bargaining, False
        plain = outcome_space(s, pair)
        frontier = pareto_frontier(plain)
        return plain, frontier, bargaining_solutions(s, pair, space=plain, frontier=frontier), True
    except ValueError:  # a frontier too large to list (utilities that mostly tie)
        return None


def _pair_frontier(s: Scenario, chosen: list[str], a: Analysis | None) -> PairFrontier | None:
    picked = choose_pair(s, chosen)
    if picked is None:
        return None
    pair, why = picked
    found = _frontier(s, a, list(pair))
    if found is None:
        return None
    return PairFrontier(pair, why, *found)


def _timeline(s: Scenario, chosen: list[str], seed: int, limits: list[str]) -> Timeline | None:
    """Month by month, when some party's alternative moves over time."""
    moving = [a for a in chosen if (b := s.actor(a).batna) is not None and b.over_time]
    if not moving:
        return None
    cells = len(chosen) * len(s.issues)
    n = min(DEFAULT_DRAWS, max(TIMELINE_MIN_DRAWS, TIMELINE_BUDGET // max(1, cells)))
    line = timeline(s, MONTHS, parties=chosen, seed=seed, draws=n)
    if not line.exact and n < DEFAULT_DRAWS:
        limits.append(
            f"timeline: ZOPA sizes estimated from {n:,} sampled outcomes (seed {seed}) instead "
            f"of {DEFAULT_DRAWS:,}; whether a ZOPA exists each month is exact"
        )
    return line


def _conflict(
    conflict: Conflict | None,
) -> tuple[StabilityResult | None, int | None, dict[int, tuple[tuple[int, int], ...] | None]]:
    """Stability under every concept, and the paths from the status quo to the equilibria.

    A conflict file names no status quo, so the report takes the feasible state with the
    fewest options taken (the lowest-numbered of those): nobody has yet done anything it
    could still choose to do. The section says which state that is.
    """
    if conflict is None:
        return None, None, {}
    graph = conflict_graph(conflict)
    result = stability_analysis(graph)
    assert graph.options is not None  # conflict_graph always records the options
    taken = np.array([int(m).bit_count() for m in graph.options.tolist()])
    start = int(np.argmin(taken))
    goals = sorted({int(s) for k in result.tables for s in result.equilibria(k)})
    return result, start, status_quo_paths(graph, start, goals)
