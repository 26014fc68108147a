"""Indicators to watch: observable moves that would change the chance of a deal, and by how much.

Two kinds, both computed:

- **Uncertain inputs** (a party's alternative, a red line, the weight it puts on an issue):
  one Monte Carlo run over the scenario's spreads decides, in every draw, whether a zone of
  agreement exists (:func:`deal_draws`, the ZOPA decided exactly in every draw). The inputs
  that explain most of that yes/no are found with the sensitivity analysis's given-data
  first-order index (:func:`accord.forecast.sensitivity.first_order`, on the deal instead of
  the forecast). For each of them and each direction, :func:`crossing` finds the smallest
  move from the input's stated value such that, among the draws in which the input lies
  beyond it, the share with a deal differs from the share over all draws by at least
  ``shift`` (default :data:`SHIFT`, ten points) with at least :data:`MIN_TAIL` such draws.
  A party's alternative whose tail moves the chance the way the model rules out (a higher
  alternative widening the zone) is dropped as noise.
  That is the reading an indicator needs: *if we observe the input beyond x*, the chance of
  a deal is the share among the draws where it is (the inputs are drawn independently, so
  this is also the chance with the input drawn from that part of its spread). The threshold
  is one of the drawn values, so the answer is exact for the draws made.
- **Levers and soft red lines**: each future of :func:`accord.overview.futures.futures` is
  an observable event (a US walk-away, the front giving way) with its computed chance; the
  lever search's smallest settings that open a zone of agreement
  (:attr:`accord.overview.records.Overview.openings`) are one more, its chance computed by
  the Monte Carlo on the same seed.

Every indicator moves the judgement :data:`DEAL` (the chance of any deal).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.zopa import wilson
from accord.forecast.montecarlo_chunks import DEFAULT_CHUNK, ZOPA_BUDGET, compile_plan, run_draws
from accord.forecast.sensitivity import first_order
from accord.model import Scenario
from accord.overview.briefing_records import Future, Indicator
from accord.overview.chances import Chances
from accord.overview.records import Overview
from accord.overview.run import MAIN_MODEL
from accord.overview.words import fmt_range, join, lever_text, name, pct, sentence
from accord.uncertainty.draws import UncertainInput

#: The key of the judgement every indicator moves: the chance of any deal.
DEAL = "deal"
#: A move of the chance of a deal that counts as changing the judgement (ten points).
SHIFT = 0.10
#: The fewest decided draws beyond a threshold for the share there to be quoted: a quarter
#: of the default run, so no indicator rests on a handful of draws.
MIN_TAIL = 50
#: Uncertain inputs watched: of those with a threshold, the ones that explain most of
#: whether a deal exists.
TOP_INPUTS = 3
#: Groups of the first-order estimator on the deal's yes/no.
BINS = 4
#: Draws of the indicators' Monte Carlo, every one decided exactly, unless told otherwise.
DRAWS = 200
#: Most indicators returned.
MAX_INDICATORS = 8
#: The kinds of input that can change whether a deal exists (capability and the rates of a
#: BATNA over time cannot, now).
DEAL_KINDS = ("batna", "red_line", "salience", "position")


@dataclass(frozen=True)
class DealDraws:
    """One Monte Carlo run's input values and, per draw, whether a ZOPA exists.

    ``values[d, k]`` is input ``specs[k]`` in draw ``d``; ``deal[d]`` 1 where some outcome
    every party accepts exists, 0 where none does. Every draw is decided exactly.
    """

    specs: tuple[UncertainInput, ...]
    values: np.ndarray  # [D, K]
    deal: np.ndarray  # [D] float 0/1
    draws: int
    seed: int


@dataclass(frozen=True)
class Crossing:
    """The smallest move of one input, in one direction, that moves the chance by ``shift``.

    ``value`` is the threshold on the input's scale (``direction`` "above": the input at
    ``value`` or higher); ``chance_from`` the share of all draws with a deal, ``chance_to``
    the share among the ``tail`` draws beyond the threshold, ``interval`` its 95 % Wilson
    interval.
    """

    input: str
    direction: str  # above | below
    base: float
    value: float
    chance_from: float
    chance_to: float
    tail: int
    interval: tuple[float, float]


def deal_draws(s: Scenario, parties: list[str], *, draws: int, seed: int) -> DealDraws:
    """``draws`` Monte Carlo draws of ``s`` (seeded as :func:`accord.forecast.montecarlo.
    simulate`: the same seed gives the same input values) and, in every one, whether a ZOPA
    among ``parties`` exists, decided exactly (enumeration or one MILP per draw)."""
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    plan = compile_plan(
        s, MAIN_MODEL, None, parties, draws=draws, acceptance=False, zopa=True,
        zopa_budget=ZOPA_BUDGET, zopa_solves=draws,
    )  # fmt: skip
    _, chunks = run_draws(
        plan, draws=draws, seed=seed, chunk=DEFAULT_CHUNK, backend="numpy", address=None,
        progress=None, outputs=("zopa",),
    )  # fmt: skip
    values = np.concatenate([c.values for c in chunks], axis=0)
    codes = np.concatenate([c.zopa for c in chunks])
    # zopa_solves=draws decides every draw; keep the guard for a plan that could not
    decided = codes >= 0
    return DealDraws(
        tuple(plan.base.inputs), values[decided], codes[decided].astype(float), draws, seed
    )


def overview_draws(overview: Overview, seed: int) -> DealDraws | None:
    """The overview's own main Monte Carlo read as :class:`DealDraws`, when it ran with
    ``seed`` over the overview's parties and decided every draw: the indicators then start
    from the very chance of a deal the first page quotes, and no draw is run twice."""
    sim = overview.simulations.get(MAIN_MODEL)
    if sim is None or sim.zopa_draws is None or sim.seed != seed:
        return None
    codes = sim.zopa_draws
    if tuple(sim.parties) != tuple(overview.parties) or codes.size == 0 or (codes < 0).any():
        return None
    return DealDraws(sim.input_specs, sim.values, codes.astype(float), sim.draws, seed)


def tail_chance(
    x: np.ndarray, deal: np.ndarray, value: float, direction: str
) -> tuple[float | None, int]:
    """The share of draws with a deal among those whose input ``x`` is at ``value`` or beyond
    it (``direction`` "above": ``x >= value``), and how many there are (None: none)."""
    beyond = x >= value if direction == "above" else x <= value
    n = int(beyond.sum())
    return (float(deal[beyond].mean()) if n else None), n


def crossing(
    x: np.ndarray,
    deal: np.ndarray,
    base: float,
    direction: str,
    *,
    shift: float = SHIFT,
    min_tail: int = MIN_TAIL,
    name: str = "",
) -> Crossing | None:
    """The drawn value nearest ``base`` (strictly beyond it in ``direction``) at which the
    share of deals among the draws at or beyond it differs from the share over all draws by
    at least ``shift``, with at least ``min_tail`` such draws; None when no value does.

    Vectorised: the draws sorted from the far end, the share beyond every cut by a running
    sum, the valid cuts (the last draw of each run of equal values) tested at once.
    """
    if direction not in ("above", "below"):
        raise ValueError(f"direction must be 'above' or 'below'; got {direction!r}")
    if x.size == 0:
        return None
    p = float(deal.mean())
    order = np.argsort(-x if direction == "above" else x, kind="stable")
    xs, zs = x[order], deal[order]
    m = np.arange(1, xs.size + 1)
    q = np.cumsum(zs) / m
    # a cut after draw j counts every draw equal to xs[j]: only the last of each run
    last = np.r_[xs[1:] != xs[:-1], True]
    beyond = xs > base if direction == "above" else xs < base
    # a hair's tolerance so that a share exactly `shift` away counts on every platform; and
    # the overall share outside the tail's 95% interval, so that among many inputs watched a
    # tail that differs by chance alone is not quoted
    lo, hi = wilson_arrays(q, m)
    apart = (p < lo) | (p > hi)
    ok = last & beyond & (m >= min_tail) & (np.abs(q - p) >= shift - 1e-12) & apart
    if not ok.any():
        return None
    j = int(np.flatnonzero(ok)[-1])  # the largest tail: the value nearest the base
    hits = int(np.rint(q[j] * m[j]))
    return Crossing(
        name, direction, base, float(xs[j]), p, float(q[j]), int(m[j]), wilson(hits, int(m[j]))
    )


def _against_the_model(c: Crossing, spec: UncertainInput) -> bool:
    """A party's alternative moving one way while the chance moves the same way: the zone
    can only narrow as an alternative rises (every other input held), and the inputs are
    drawn independently, so such a tail is noise among the draws, never an indicator."""
    if spec.kind != "batna":
        return False
    return (c.direction == "above") == (c.chance_to > c.chance_from)


def wilson_arrays(
    share: np.ndarray, n: np.ndarray, z: float = 1.96
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`accord.analysis.zopa.wilson`'s 95% interval over arrays of shares and counts."""
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)


def ranked_inputs(d: DealDraws, parties: list[str]) -> list[tuple[int, float]]:
    """The parties' inputs that can change whether a deal exists, with the share of that
    yes/no each explains alone (given-data first-order index, bias-corrected), largest
    first. The outcome is yes or no, so the draws are grouped in :data:`BINS` groups by
    rank: few groups keep the estimator's noise low."""
    cols = [
        k for k, spec in enumerate(d.specs) if spec.actor in parties and spec.kind in DEAL_KINDS
    ]
    if not cols or d.deal.size < 2 * BINS or d.deal.min() == d.deal.max():
        return []
    index = np.nan_to_num(first_order(d.values[:, cols], d.deal[:, None], BINS)[:, 0], nan=0.0)
    return sorted(((k, float(v)) for k, v in zip(cols, index, strict=True)), key=lambda t: -t[1])


def indicators(
    overview: Overview,
    futures: tuple[Future, ...],
    *,
    seed: int,
    draws: int | None = None,
    shift: float = SHIFT,
    chances: Chances | None = None,
) -> tuple[Indicator, ...]:
    """What to watch (module docstring): the inputs' thresholds, then the futures and the
    lever search's opening, largest move of the chance first within each kind; at most
    :data:`MAX_INDICATORS`. ``seed`` seeds the inputs' Monte Carlo and the opening's chance
    (with the futures' draws, through ``chances`` when given, so a chance the options also
    quote is run once). ``draws`` None reads the inputs' draws off the overview's own run
    when it decided every draw with ``seed`` (:func:`overview_draws`; so "rises from" is the
    first page's figure), else runs :data:`DRAWS`; a number runs that many."""
    s = overview.scenario
    parties = list(overview.parties)
    if not parties:
        return ()
    out: list[Indicator] = []
    d = overview_draws(overview, seed) if draws is None else None
    if d is None:
        d = deal_draws(s, parties, draws=DRAWS if draws is None else draws, seed=seed)
    found = []
    for k, _index in ranked_inputs(d, parties):  # most explaining first
        spec = d.specs[k]
        pair = [
            crossing(d.values[:, k], d.deal, spec.base, direction, shift=shift, name=spec.name)
            for direction in ("above", "below")
        ]
        found += [(c, spec) for c in pair if c is not None and not _against_the_model(c, spec)]
        if len({c.input for c, _ in found}) >= TOP_INPUTS:
            break
    out += [input_indicator(s, c, spec, d) for c, spec in found]
    moved = sorted(
        (f for f in futures if f.deal_before is not None and f.deal_after is not None),
        key=lambda f: -abs(f.deal_after - f.deal_before),  # type: ignore[operator]
    )
    out += [future_indicator(f) for f in moved if f.key != "course"]
    runs = chances or Chances(overview, draws=futures[0].draws if futures else d.draws, seed=seed)
    opening = opening_indicator(overview, runs)
    if opening is not None:
        out.append(opening)
    return tuple(out[:MAX_INDICATORS])


def observable(s: Scenario, spec: UncertainInput) -> str:
    """What an input is, for a reader: ``Ukraine's alternative to a deal (BATNA, 0..1)``."""
    who = name(s, spec.actor)
    issue = s.issue(spec.issue).name if spec.issue else ""
    return {
        "batna": f"{who}'s alternative to a deal (its BATNA, on its 0..1 scale)",
        "red_line": f"{who}'s red line on {issue}",
        "salience": f"the weight {who} puts on {issue} (0..1)",
        "position": f"{who}'s position on {issue}",
    }.get(spec.kind, spec.name)


def setting_text(s: Scenario, spec: UncertainInput, value: float) -> str:
    """An input's value in the words of its scale: an option's label, a labelled amount, or a
    utility."""
    if spec.issue is None or spec.kind == "salience":
        return fmt_range(value, value)
    issue = s.issue(spec.issue)
    if spec.options:
        ids = issue.option_ids()
        at = int(np.argmin(np.abs(np.asarray(spec.options) - value)))
        return issue.label(ids[at]) if at < len(ids) else fmt_range(value, value)
    return issue.label(value)


def threshold_text(s: Scenario, spec: UncertainInput, c: Crossing) -> str:
    """``rises above 0.40``, ``moves to Frozen or further toward Russian control``."""
    at = setting_text(s, spec, c.value)
    if spec.options and spec.issue is not None:
        end = spec.high if c.direction == "above" else spec.low
        if abs(end - c.value) < 1e-9:  # the spread's end: nothing further to name
            return f"moves to {at}"
        return f"moves to {at} or further toward {setting_text(s, spec, end)}"
    if c.direction == "above":
        return f"rises to {at} or above"
    return f"falls to {at} or below"


def input_indicator(s: Scenario, c: Crossing, spec: UncertainInput, d: DealDraws) -> Indicator:
    what = observable(s, spec)
    where = threshold_text(s, spec, c)
    verb = "rises" if c.chance_to > c.chance_from else "falls"
    lo, hi = c.interval
    text = (
        f"If {what} {where} (stated {setting_text(s, spec, c.base)}), the chance of a zone of "
        f"agreement now {verb} from {pct(c.chance_from)} to {pct(c.chance_to)} "
        f"(95% interval {pct(lo)}–"
        f"{pct(hi)}; {c.tail} of {d.deal.size} Monte Carlo draws, seed {d.seed})."
    )
    return Indicator(
        text=text,
        judgement=DEAL,
        observable=what,
        threshold=where,
        chance_from=c.chance_from,
        chance_to=c.chance_to,
        source=spec.name,
        value=c.value,
    )


def future_indicator(f: Future) -> Indicator:
    return Indicator(
        text=f"Watch for: {f.name}. {sentence(_summary_tail(f))}",
        judgement=DEAL,
        observable=f.name,
        threshold=", ".join(f"{k}={v:g}" for k, v in f.settings.items()) or f.key,
        chance_from=f.deal_before,
        chance_to=f.deal_after,
        source=f.key,
    )


def _summary_tail(f: Future) -> str:
    """The future's summary without its name, which the indicator says first."""
    head = f"{f.name}: "
    return f.summary[len(head) :] if f.summary.startswith(head) else f.summary


def opening_indicator(o: Overview, chances: Chances) -> Indicator | None:
    """The lever search's first smallest setting that opens a ZOPA, with the chance of a deal
    now with it (Monte Carlo, the draws and seed of ``chances``); None when none opens one."""
    opening = o.openings
    if opening is None or not opening.found or not opening.solutions:
        return None
    s = o.scenario
    settings = opening.solutions[0].settings
    p, q = chances.now(), chances.with_levers(settings)
    draws, seed = chances.draws, chances.seed
    shown = lever_text(s, settings)
    # in words for the reader; the settings as typed stay the observable, for --lever
    said = join([f"{s.lever(k).name} is set to {s.lever(k).label(v)}" for k, v in settings.items()])
    return Indicator(
        text=(
            f"If {said}: the lever search finds this the smallest change that opens a zone "
            f"of agreement on the stated values; the chance of a zone of agreement now goes from "
            f"{pct(p.chance)} to {pct(q.chance)} ({draws:,} Monte Carlo draws, seed {seed})."
        ),
        judgement=DEAL,
        observable=shown,
        threshold=shown,
        chance_from=p.chance,
        chance_to=q.chance,
        source="openings",
    )
