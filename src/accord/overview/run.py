"""``run_overview``: every analysis of a scenario, each library call run once.

The demo, the report and the web app format what is here; none of them calls an analysis
itself for what the overview holds, so a summary and the section that shows the evidence
always quote the same numbers, and the numbers are the ones the CLI prints (same functions,
same defaults, unless a limit below says otherwise and the limit is recorded).

The limits keep a report of a large scenario (30 actors x 30 issues) within seconds; each
one that bites is said in the report (``Overview.limits``, or the library's own note):

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

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from accord.analysis import Scorecard, Zopa, parties, score_proposals, zopa
from accord.analysis.bargaining import Analysis, analyze
from accord.analysis.diff import diff_proposals
from accord.analysis.milp import Amendment, highs_solver, proposal_draft, smallest_amendment
from accord.analysis.ratification import Ratified, ratify_drafts
from accord.analysis.reference import TradeError
from accord.analysis.sequencing import OrderSearch, Sequenced, search_orders, sequence
from accord.analysis.space import DEFAULT_RESOLUTION, OutcomeSpace, issue_settings, outcome_space
from accord.analysis.trades import TradeSequence, trade_sequence
from accord.analysis.utility import TOLERANCE
from accord.analysis.winsets import WinSets, win_sets
from accord.analysis.zopa import DEFAULT_DRAWS
from accord.conflict.stability import StabilityResult, status_quo_paths
from accord.conflict.stability import analyze as stability_analysis
from accord.conflict.states import conflict_graph
from accord.dynamics.levers import Change, set_levers
from accord.dynamics.openings import smallest_openings
from accord.dynamics.timeline import Timeline, timeline
from accord.forecast.models import forecast
from accord.forecast.montecarlo import Simulation, simulate
from accord.forecast.sensitivity import Sensitivity, sensitivity
from accord.io.conflicts import load_builtin_conflict
from accord.model import Scenario
from accord.model.asof import scenario_as_of
from accord.model.conflict import Conflict
from accord.model.views import DEFAULT_VIEW, batna_view
from accord.overview.deal import outlook as deal_outlook
from accord.overview.packages import PackageCheck, check_package, solution_checks
from accord.overview.pairs import choose_pair, pair_frontier
from accord.overview.records import DraftStanding, Overview
from accord.overview.words import batna_texts
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
#: ZOPA_SOLVE_CELLS / (parties x issues), never fewer than ZOPA_MIN_SOLVES. 500, as
#: ``accord forecast`` decides, so the report's default draws are all decided: the chance of a
#: deal the first page, futures, indicators and forecasts quote is one figure whose interval
#: is the sampling error of its draws alone (about +-4 points, against +-8 from 100 decided).
ZOPA_SOLVES = 500
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
#: Package trades budget in actor x (issue x setting)^2 cells (the pair search's arrays);
#: skipped above it.
TRADES_BUDGET = 20_000_000


#: Monte Carlo draws unless the caller says otherwise (``accord report``'s default).
DRAWS = 500

#: What the second Monte Carlo thread hands back: the other models' runs, the tornado and
#: the limits applied to them.
_Others = tuple[dict[str, Simulation], Sensitivity | None, list[str]]
#: The two Monte Carlo threads: the main model's run, and the others.
_MonteCarlo = tuple[Future[Simulation], Future[_Others]]


def run_overview(
    scenario: Scenario,
    *,
    as_of: dt.date | None = None,
    settings: dict[str, float] | None = None,
    conflict: Conflict | None = None,
    draws: int = DRAWS,
    seed: int = 0,
    monte_carlo: bool = True,
    card: Scorecard | None = None,
    analysis: Analysis | None = None,
    own_conflict: bool = True,
    batna: str = DEFAULT_VIEW,
) -> Overview:
    """Run every analysis of ``scenario``, with the limits of the module docstring.

    ``as_of`` cuts the scenario to what was known on that date first
    (:func:`accord.model.asof.scenario_as_of`); ``settings`` then turns declared levers
    (lever id -> level). ``conflict`` is a graph model of the same situation (default: the
    scenario's built-in ``conflict``, if it names one). ``draws`` (at least 1) and ``seed``
    drive the Monte Carlo analyses; the same arguments give the same overview.
    ``monte_carlo=False`` leaves the Monte Carlo and the tornado out (``simulations`` is
    then empty and ``sensitivity`` None), for a front end that shows neither.

    Precomputed parts, for a front end that caches analyses one at a time (the web app):
    ``card`` must be ``score_proposals`` of the scenario with the levers set, ``analysis``
    its ``analyze(scenario, parties, seed=seed)``. A given ``analysis`` is used whatever the
    scenario's size, so the size cut of the full bargaining analysis does not apply (the
    caller has paid for it already). ``own_conflict=False`` takes no conflict the scenario
    names: only ``conflict``, if given.

    >>> from accord.io import load_builtin
    >>> o = run_overview(load_builtin("ukraine-2025"), draws=100)
    >>> o.zopa.exists, o.closest.proposal
    (False, 'us-28')
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    # ``batna``: each party's alternative as perceived or assessed (accord.model.views)
    if as_of is not None:  # first: a BATNA's dated values include its perceived one
        scenario = scenario_as_of(scenario, as_of).scenario
    labels = batna_texts(scenario, batna)  # before the view drops the perceived values
    scenario = batna_view(scenario, batna)
    settings = dict(settings or {})
    s, changes = set_levers(scenario, settings) if settings else (scenario, [])
    if conflict is None and s.conflict is not None and own_conflict:
        conflict = load_builtin_conflict(s.conflict)
    chosen = parties(s)
    given = (card, analysis)
    highs_solver()  # the first solver hides HiGHS's banner by redirecting stdout: not twice
    if not monte_carlo:
        o = _run(scenario, s, settings, changes, conflict, draws, seed, chosen, None, given)
        return replace(o, batna_view=batna, batna_labels=labels)
    # The Monte Carlo runs on two more threads (the main model's draws; the other models'
    # and the tornado) while the bargaining analysis runs here: most of the work is NumPy
    # and HiGHS that leave the interpreter lock, so a second core shortens the wait. Each
    # part is seeded on its own, so the results do not depend on timing.
    with ThreadPoolExecutor(max_workers=2) as pool:
        main = pool.submit(_main_simulation, s, chosen, draws, seed)
        others = pool.submit(_other_models, s, draws, seed)
        mc = (main, others)
        o = _run(scenario, s, settings, changes, conflict, draws, seed, chosen, mc, given)
    return replace(o, batna_view=batna, batna_labels=labels)


def _run(
    scenario: Scenario,
    s: Scenario,
    settings: dict[str, float],
    changes: list[Change],
    conflict: Conflict | None,
    draws: int,
    seed: int,
    chosen: list[str],
    mc: _MonteCarlo | None,
    given: tuple[Scorecard | None, Analysis | None],
) -> Overview:
    """Everything but the Monte Carlo, here, while ``mc`` runs on its threads; ``given``: the
    precomputed scorecard and bargaining analysis, if any."""
    limits: list[str] = []
    card = given[0] if given[0] is not None else score_proposals(s)
    z = analysis = None
    if chosen and given[1] is not None:
        analysis = given[1]
        z = analysis.zopa
    elif chosen:
        plain = outcome_space(s, chosen)
        if len(chosen) <= 2 or (len(chosen) <= ANALYZE_PARTIES and plain.size <= ANALYZE_SPACE):
            try:
                analysis = analyze(s, chosen, seed=seed)
                z = analysis.zopa
            except ValueError as exc:  # the library's limit: a frontier too large to list
                limits.append(f"the full bargaining analysis stopped: {exc}")
        else:
            limits.append(
                f"{len(chosen)} parties over {plain.size:,.0f} outcomes: the all-party Pareto "
                "frontier, bargaining solutions and verdicts on drafts are not computed "
                "(run accord analyze); the ZOPA and the two-party frontier are exact"
            )
        if z is None:
            z = zopa(s, chosen, space=plain, seed=seed)
    ranked = standings(card, chosen, analysis)
    amendment = _amendment(s, chosen, z, analysis, ranked)
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
    picked = choose_pair(s, chosen)
    pair = None if picked is None else pair_frontier(s, *picked, analysis=analysis)
    trades, checks, solved = _packages(s, chosen, analysis, limits)
    sequences, orders = _sequencing(s)
    ratified, wins = _ratification(s, chosen, z, analysis, seed)
    simulations: dict[str, Simulation] = {}
    sens = None
    looks = None
    if mc is not None:
        main, others = mc
        more, sens, mc_limits = others.result()
        simulations = {MAIN_MODEL: main.result(), **more}
        limits += mc_limits
        # deal or no deal first: the main model's ZOPA share and its forecast as a package
        looks = deal_outlook(s, forecasts[MAIN_MODEL], simulation=simulations[MAIN_MODEL])
    return Overview(
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
        standings=ranked,
        amendment=amendment,
        diffs=diffs,
        openings=openings,
        forecasts=forecasts,
        simulations=simulations,
        sensitivity=sens,
        timeline=line,
        pair=pair,
        conflict=conflict,
        stability=stability,
        status_quo=start,
        paths=paths,
        limits=tuple(limits),
        outlook=looks,
        trades=trades,
        trade_checks=checks,
        solution_checks=solved,
        sequences=sequences,
        orders=orders,
        ratified=ratified,
        win_sets=wins,
    )


def _sequencing(s: Scenario) -> tuple[tuple[Sequenced, ...], tuple[OrderSearch, ...]]:
    """Each draft with phases or commitments valued in its own order (the scenario's BATNA
    view is already applied, so 'assessed' reads it), and the order search of each draft
    with two or more phases."""
    staged = [
        p for p in s.proposals if p.phases or any(pt.commitment is not None for pt in p.points)
    ]
    sequences = tuple(sequence(s, p.id) for p in staged)
    orders = tuple(search_orders(s, p.id) for p in staged if len(p.phases) >= 2)
    return sequences, orders


def _ratification(
    s: Scenario, chosen: list[str], z: Zopa | None, analysis: Analysis | None, seed: int
) -> tuple[Ratified | None, WinSets | None]:
    """Each draft's ratification and the win-sets, reusing the flat ZOPA and the soft-red-line
    finding already computed; None without ratifiers."""
    if not s.ratification:
        return None, None
    soft = analysis.soft if analysis is not None else None
    return ratify_drafts(s), win_sets(s, chosen, seed=seed, flat=z, soft=soft)


def _packages(
    s: Scenario, chosen: list[str], analysis: Analysis | None, limits: list[str]
) -> tuple[TradeSequence | None, tuple[PackageCheck, ...], dict[str, PackageCheck]]:
    """Package trades from the status quo, each package and each shown bargaining solution
    checked against every red line of the parties (hard and soft) and their BATNAs."""
    if not chosen:
        return None, (), {}
    space: OutcomeSpace | None = None
    solved: dict[str, PackageCheck] = {}
    if analysis is not None:
        space = outcome_space(s, chosen)
        b = analysis.bargaining if analysis.relaxed is None else analysis.relaxed
        solved = solution_checks(s, b, space)
    if len(chosen) < 2:
        return None, (), solved
    n_k = max((len(issue_settings(s, i, DEFAULT_RESOLUTION)) for i in s.issues), default=0)
    cells = len(s.actors) * (len(s.issues) * n_k) ** 2
    if cells > TRADES_BUDGET:
        limits.append(
            f"package trades are not searched ({len(s.actors)} actors over {len(s.issues)} "
            "issues; run accord trades)"
        )
        return None, (), solved
    try:
        seq = trade_sequence(s, chosen)
    except TradeError as exc:
        limits.append(f"package trades: {exc}")
        return None, (), solved
    space = space or outcome_space(s, chosen)
    checks = tuple(check_package(s, space, p) for p in seq.packages)
    return seq, checks, solved


def standings(
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
        accepts: dict[str, str] = (
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
    # with ratifiers or phased drafts, the same draws also give the figures with ratification
    # at home and with commitments that may break (the flat ones are unchanged)
    honour = bool(s.ratification) or any(
        p.phases or any(pt.commitment for pt in p.points) for p in s.proposals
    )
    return simulate(
        s, MAIN_MODEL, draws=draws, seed=seed, parties=chosen, zopa_solves=solves, honour=honour
    )


def _other_models(s: Scenario, draws: int, seed: int) -> _Others:
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
