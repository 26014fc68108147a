"""Monte Carlo over a scenario's uncertain numbers: forecasts, acceptance and the ZOPA.

:func:`simulate` draws ``draws`` scenarios from the spreads of the scenario (see
:mod:`accord.uncertainty.draws`) and, for every draw at once (arrays with a leading draw axis,
no Python loop per draw), computes:

- **the forecast** of every issue with a model of :data:`~accord.forecast.models.MODELS`,
  summarised per issue by its 5, 25, 50, 75 and 95 % quantiles, mean and standard
  deviation, and for discrete issues the share of draws whose nearest setting is each
  option. An issue with fewer than :data:`~accord.forecast.models.MIN_ACTORS` actors with a
  stance has no forecast (as in :func:`~accord.forecast.models.forecast`); draws in which a
  model gives NaN (all weights zero) are left out of the summary and counted in
  ``no_forecast``.
- **acceptance**: for each draft and each party, the share of draws in which the party
  accepts it, decided as :func:`accord.analysis.verdicts.proposal_verdicts` decides
  ``accepts``: *yes* when no red line may be crossed and the worst-case utility is at least
  the BATNA, *no* when a red line is crossed for sure or the best case is below the BATNA,
  *maybe* otherwise. A draft that fixes every issue gets only yes or no; with unknown (or
  silent, no status quo) settings, a draw can be *maybe*: the probabilities of yes and of
  maybe are reported separately (no = 1 - yes - maybe). A party whose BATNA is unknown (and
  has no spread) is held to its red lines only. Each draw's utilities are those of
  :mod:`accord.analysis.utility` for the drawn numbers: a drawn position moves the ideal
  point of a linear or quadratic stance (a ``table`` stance keeps its table), a drawn
  salience its weights, a drawn red line its threshold. For an issue a draft leaves open
  over a continuous range, the candidates are the range's ends and each party's own drawn
  position, which give the same worst and best cases as the scorecard's list.
- **the ZOPA**: the share of draws in which some outcome is acceptable to every party (see
  :mod:`accord.analysis.zopa`), on the base scenario's outcome space (continuous issues on
  its grid; drawn positions are not added to the grid). How it is computed is in
  ``zopa.method``:

  - ``enumeration``: when ``outcomes x draws`` is at most ``zopa_budget``, every outcome is
    checked in every draw, vectorised in blocks; exact.
  - ``milp``: otherwise, when ``draws <= zopa_solves``, each draw is decided exactly by the
    mixed-integer feasibility of :func:`accord.analysis.milp.find_acceptable`; exact.
  - ``milp-subsample``: otherwise every ``stride``-th draw (draw numbers 0, stride,
    2 stride, ...; ``stride = ceil(draws / zopa_solves)``) is decided exactly as above, and
    the probability is the share of those, with a 95 % Wilson interval. The draws are
    independent, so this is a simple random sample of the distribution, fixed by the seed.

**Seeding and chunks.** The draws are made in chunks of ``chunk`` draws (fixed, whatever the
backend): chunk ``k`` covers draws ``k*chunk`` up to ``(k+1)*chunk`` and draws from its own
``Generator(PCG64(child_k))``, ``child_k`` being the ``k``-th of
``SeedSequence(seed).spawn(n_chunks)``. Results are gathered in chunk order, so a seed gives
the same numbers, bit for bit, on the local NumPy backend and on a Dask cluster; a larger
run (same seed and chunk) repeats the complete chunks of a smaller one. The chunk size is
part of the seeding: another chunk size gives other (equally valid) draws. Memory stays
bounded by one chunk per worker (and intermediate arrays are sliced further).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.scoring import possible_settings
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.analysis.space import parties as party_ids
from accord.analysis.utility import QUADRATIC, TABLE, TOLERANCE, Preferences, encode_setting
from accord.analysis.zopa import wilson
from accord.forecast.backends import run_chunks
from accord.forecast.models import MIN_ACTORS, MODELS
from accord.model import IssueKind, Scenario, UtilityShape
from accord.uncertainty.draws import (
    Base,
    Drawn,
    UncertainInput,
    apply,
    base_arrays,
    option_index,
    sample,
)

#: Draws per chunk, the unit of seeding, of work sent to a backend and of memory.
DEFAULT_CHUNK = 1000
#: Quantiles reported per issue, in percent.
QUANTILES = (5, 25, 50, 75, 95)
#: Enumerate the outcome space in every draw when outcomes x draws is at most this.
ZOPA_BUDGET = 20_000_000
#: Draws decided by exact mixed-integer solves when the space is too large to enumerate.
ZOPA_SOLVES = 500
#: Outcome x draw pairs evaluated at once when enumerating (bounds memory).
_BLOCK = 2_000_000

Progress = Callable[[int, int], None]


# --- compiled scenario ----------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """What every chunk needs, compiled once (picklable, sent to Dask workers)."""

    scenario: Scenario
    model: str
    model_fn: Callable[..., np.ndarray]
    base: Base
    forecast_rows: tuple[int, ...]  # rows of base.actors the forecast uses
    forecast_ok: np.ndarray  # [I] bool: issues with enough actors for a forecast
    parties: tuple[str, ...]
    party_rows: tuple[int, ...]  # rows of base.actors
    shape: np.ndarray  # [Ap, I] int8 utility shape of each party's stance
    table: np.ndarray  # [Ap, I, K] utility tables (table-shaped stances), NaN padded
    options: np.ndarray  # [I, K] option positions of discrete issues, NaN padded
    proposals: tuple[str, ...]
    cand_pos: np.ndarray  # [P, C, I] candidate settings of each draft (positions)
    cand_idx: np.ndarray  # [P, C, I] option indices (-1 continuous)
    open_range: np.ndarray  # [P, I] bool: continuous issue open over its whole range
    zopa_method: str | None  # enumeration | milp | milp-subsample | None
    zopa_stride: int
    space_pos: np.ndarray  # [K, I] the outcome space's settings (positions)
    space_idx: np.ndarray  # [K, I]
    space_valid: np.ndarray  # [K, I] bool
    space_codes: np.ndarray | None  # [N, I] every outcome, when enumerated
    space_size: int
    resolution: int


def compile_plan(
    scenario: Scenario,
    model: str,
    actors: Sequence[str] | None,
    chosen_parties: Sequence[str] | None,
    *,
    draws: int,
    acceptance: bool,
    zopa: bool,
    zopa_budget: int,
    zopa_solves: int,
) -> Plan:
    if model not in MODELS:
        raise ValueError(f"no model '{model}'; models: {', '.join(MODELS)}")
    base = base_arrays(scenario)
    at = {a: k for k, a in enumerate(base.actors)}
    chosen = list(base.actors) if actors is None else list(dict.fromkeys(actors))
    for a in chosen:
        if a not in at:
            raise ValueError(f"no actor '{a}' in '{scenario.id}'; actors: {', '.join(base.actors)}")
    rows = tuple(at[a] for a in chosen)
    counts = (~np.isnan(base.position[list(rows)])).sum(axis=0)
    stanced = {s.actor for s in scenario.stances}
    who = list(chosen_parties) if chosen_parties is not None else party_ids(scenario)
    for a in who:
        if a not in stanced:
            raise ValueError(f"party '{a}' has no stances; parties need them for acceptance")
    prow = tuple(at[a] for a in who)
    issues = scenario.issues
    n_i = len(issues)
    n_k = max((len(i.positions()) for i in issues if i.kind is not IssueKind.continuous), default=1)
    options = np.full((n_i, n_k), np.nan)
    for i, issue in enumerate(issues):
        if issue.kind is not IssueKind.continuous:
            pos = issue.positions()
            options[i, : len(pos)] = pos
    shape = np.zeros((len(who), n_i), dtype=np.int8)
    table = np.full((len(who), n_i, n_k), np.nan)
    code = {UtilityShape.linear: 0, UtilityShape.quadratic: QUADRATIC, UtilityShape.table: TABLE}
    issue_at = {iss.id: i for i, iss in enumerate(issues)}
    party_at = {a: k for k, a in enumerate(who)}
    for st in scenario.stances:
        if st.actor not in party_at:
            continue
        a, i = party_at[st.actor], issue_at[st.issue]
        shape[a, i] = code[st.utility]
        if st.utility is UtilityShape.table:
            kind = issues[i].kind
            keys = issues[i].option_ids() if kind is IssueKind.ordinal else ["false", "true"]
            table[a, i, : len(keys)] = [st.table[k] for k in keys]  # type: ignore[index]

    props = scenario.proposals if acceptance and who else []
    cand = [
        [possible_settings(scenario, issue, prop.settings().get(issue.id)) for issue in issues]
        for prop in props
    ]
    n_c = max((len(c) for row in cand for c in row), default=1)
    cand_pos = np.zeros((len(props), n_c, n_i))
    cand_idx = np.zeros((len(props), n_c, n_i), dtype=np.intp)
    open_range = np.zeros((len(props), n_i), dtype=bool)
    for p, prop in enumerate(props):
        settings = prop.settings()
        for i, issue in enumerate(issues):
            enc = [encode_setting(issue, v) for v in cand[p][i]]
            enc += [enc[-1]] * (n_c - len(enc))
            cand_pos[p, :, i], cand_idx[p, :, i] = zip(*enc, strict=True)
            value = settings.get(issue.id)
            is_open = (value is None and issue.status_quo is None) or (
                value is not None and getattr(value, "one_of", 0) is None
            )
            open_range[p, i] = issue.kind is IssueKind.continuous and is_open

    method: str | None = None
    stride = 1
    space_pos = np.zeros((1, n_i))
    space_idx = np.zeros((1, n_i), dtype=np.intp)
    space_valid = np.zeros((1, n_i), dtype=bool)
    codes = None
    resolution = 11
    size = 0
    if zopa and who:
        space = outcome_space(scenario, who)
        resolution, size = space.resolution, int(space.size)
        space_pos, space_idx, space_valid = _space_settings(scenario, space)
        if space.size * draws <= zopa_budget:
            method = "enumeration"
            codes = space.enumerate()
        elif draws <= zopa_solves:
            method = "milp"
        else:
            method = "milp-subsample"
            stride = math.ceil(draws / zopa_solves)
    return Plan(
        scenario=scenario,
        model=model,
        model_fn=MODELS[model],
        base=base,
        forecast_rows=rows,
        forecast_ok=counts >= MIN_ACTORS,
        parties=tuple(who),
        party_rows=prow,
        shape=shape,
        table=table,
        options=options,
        proposals=tuple(p.id for p in props),
        cand_pos=cand_pos,
        cand_idx=cand_idx,
        open_range=open_range,
        zopa_method=method,
        zopa_stride=stride,
        space_pos=space_pos,
        space_idx=space_idx,
        space_valid=space_valid,
        space_codes=codes,
        space_size=size,
        resolution=resolution,
    )


def _space_settings(
    scenario: Scenario, space: OutcomeSpace
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_k = max(len(s) for s in space.settings)
    n_i = len(space.issues)
    pos = np.zeros((n_k, n_i))
    idx = np.zeros((n_k, n_i), dtype=np.intp)
    valid = np.zeros((n_k, n_i), dtype=bool)
    for i, (issue, values) in enumerate(zip(scenario.issues, space.settings, strict=True)):
        for k, v in enumerate(values):
            pos[k, i], idx[k, i] = encode_setting(issue, v)
            valid[k, i] = True
        pos[len(values) :, i], idx[len(values) :, i] = pos[0, i], idx[0, i]
    return pos, idx, valid


# --- utilities of drawn preferences ---------------------------------------------------------
@dataclass(frozen=True)
class _Prefs:
    """The parties' drawn preferences: ``[D, Ap, I]`` arrays (as :class:`Preferences`)."""

    ideal: np.ndarray
    reach: np.ndarray
    weight: np.ndarray
    red: np.ndarray  # utility of the red-line setting, NaN where none
    batna: np.ndarray  # [D, Ap]


def _prefs(plan: Plan, drawn: Drawn) -> _Prefs:
    rows = list(plan.party_rows)
    ideal = drawn.position[:, rows]
    lo, hi = drawn.low, drawn.high
    reach = np.where(np.isnan(ideal), 1.0, np.maximum(ideal - lo, hi - ideal))
    salience = np.where(np.isnan(ideal), 0.0, drawn.salience[:, rows])
    totals = salience.sum(axis=-1, keepdims=True)
    weight = np.divide(salience, totals, out=np.zeros_like(salience), where=totals > 0)
    red_pos = drawn.red_line[:, rows]
    red_idx = np.full(red_pos.shape, -1, dtype=np.intp)
    for i in range(red_pos.shape[-1]):
        opts = plan.options[i][~np.isnan(plan.options[i])]
        if opts.size:
            red_idx[..., i] = option_index(np.nan_to_num(red_pos[..., i]), opts)
    red = _cell_utility(plan, ideal, reach, red_pos, red_idx)
    red = np.where(np.isnan(red_pos), np.nan, red)
    return _Prefs(ideal, reach, weight, red, drawn.batna[:, rows])


def _cell_utility(
    plan: Plan, ideal: np.ndarray, reach: np.ndarray, pos: np.ndarray, idx: np.ndarray
) -> np.ndarray:
    """Utility of one setting per cell: all arrays ``[D, Ap, I]``."""
    d = np.abs(pos - ideal) / reach
    formula = np.where(plan.shape == QUADRATIC, 1.0 - d * d, 1.0 - d)
    i_axis = np.arange(plan.table.shape[1])[None, None, :]
    a_axis = np.arange(plan.table.shape[0])[None, :, None]
    looked = plan.table[a_axis, i_axis, np.maximum(idx, 0)]
    return np.where((plan.shape == TABLE) & (idx >= 0), looked, formula)


def _utilities(plan: Plan, pr: _Prefs, pos: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Per-issue utility of N settings ``[N, I]`` for every draw: ``[D, Ap, N, I]``.

    The same arithmetic as :meth:`Preferences.issue_utilities`; 0 where no stance.
    """
    ideal = pr.ideal[:, :, None, :]
    d = np.abs(pos[None, None] - ideal) / pr.reach[:, :, None, :]
    shape = plan.shape[None, :, None, :]
    formula = np.where(shape == QUADRATIC, 1.0 - d * d, 1.0 - d)
    i_axis = np.arange(pos.shape[1])[None, :]
    looked = plan.table[:, i_axis, np.maximum(idx, 0)]  # [Ap, N, I]
    use = (plan.shape[:, None, :] == TABLE) & (idx[None] >= 0)
    u = np.where(use[None], looked[None], formula)
    return np.where(np.isnan(ideal), 0.0, u)


def _acceptance(plan: Plan, pr: _Prefs) -> np.ndarray:
    """Per draw, draft and party: 2 yes, 1 maybe, 0 no. ``[D, P, Ap]`` int8.

    Works through the draws in slices so that no intermediate exceeds about
    :data:`_BLOCK` utilities per party.
    """
    n_p, n_c, n_i = plan.cand_pos.shape
    n_d, n_a = pr.batna.shape
    if n_p == 0 or n_a == 0:
        return np.zeros((n_d, n_p, n_a), dtype=np.int8)
    step = max(1, _BLOCK // max(1, n_p * (n_c + 1) * n_i))
    if step < n_d:
        parts = []
        for s in range(0, n_d, step):
            part = _Prefs(*(getattr(pr, f)[s : s + step] for f in _Prefs.__dataclass_fields__))
            parts.append(_acceptance(plan, part))
        return np.concatenate(parts, axis=0)
    u = _utilities(plan, pr, plan.cand_pos.reshape(-1, n_i), plan.cand_idx.reshape(-1, n_i))
    u = u.reshape(n_d, n_a, n_p, n_c, n_i)
    # An open continuous issue may take any value of its range: each party's own (drawn)
    # position is then among the candidates; its utility there is 1 where it has a stance.
    own = np.where(np.isnan(pr.ideal), 0.0, 1.0)[:, :, None, None, :]
    u = np.concatenate(
        [u, np.where(plan.open_range[None, None, :, None, :], own, u[:, :, :, :1, :])], axis=3
    )
    w = pr.weight[:, :, None, :]
    low = (u.min(axis=3) * w).sum(axis=-1)  # [D, Ap, P]
    high = (u.max(axis=3) * w).sum(axis=-1)
    below = u < (pr.red[:, :, None, None, :] - TOLERANCE)
    crosses = below.all(axis=3).any(axis=-1)  # [D, Ap, P]
    clear = ~below.any(axis=3).any(axis=-1)
    b = pr.batna[:, :, None]
    known = ~np.isnan(b)
    no = crosses | (known & (high < b - TOLERANCE))
    yes = clear & (~known | (low >= b - TOLERANCE))
    code = np.where(no, 0, np.where(yes, 2, 1)).astype(np.int8)
    return code.transpose(0, 2, 1)


def _zopa_enumerate(plan: Plan, pr: _Prefs) -> np.ndarray:
    """Whether some outcome of the space is acceptable to every party, per draw: ``[D]``."""
    codes = plan.space_codes
    assert codes is not None
    u = _utilities(plan, pr, plan.space_pos, plan.space_idx)  # [D, Ap, K, I]
    table = np.where(plan.space_valid[None, None], u * pr.weight[:, :, None, :], np.nan)
    crosses = (u < pr.red[:, :, None, :] - TOLERANCE) & plan.space_valid[None, None]
    need = np.where(np.isnan(pr.batna), -np.inf, pr.batna) - TOLERANCE  # [D, Ap]
    n_d, n_a = pr.batna.shape
    exists = np.zeros(n_d, dtype=bool)
    block = max(1, _BLOCK // max(1, n_d))
    n_i = codes.shape[1]
    for start in range(0, codes.shape[0], block):
        todo = np.flatnonzero(~exists)
        if todo.size == 0:
            break
        part = codes[start : start + block]
        sub_table, sub_crosses = table[todo], crosses[todo]
        total = np.zeros((todo.size, n_a, part.shape[0]))
        cross = np.zeros((todo.size, n_a, part.shape[0]), dtype=bool)
        for i in range(n_i):
            total += sub_table[:, :, part[:, i], i]
            cross |= sub_crosses[:, :, part[:, i], i]
        ok = np.all(total >= need[todo][:, :, None], axis=1) & ~cross.any(axis=1)
        exists[todo] = ok.any(axis=1)
    return exists


def draw_preferences(plan: Plan, drawn: Drawn, j: int) -> Preferences:
    """The :class:`Preferences` of draw ``j`` (actors with stances), for exact solvers."""
    stanced = {s.actor for s in plan.scenario.stances}
    rows = [k for k, a in enumerate(plan.base.actors) if a in stanced]
    n_i = len(plan.base.issues)
    ideal = drawn.position[j, rows]
    lo, hi = drawn.low, drawn.high
    reach = np.where(np.isnan(ideal), 1.0, np.maximum(ideal - lo, hi - ideal))
    salience = np.where(np.isnan(ideal), 0.0, drawn.salience[j, rows])
    totals = salience.sum(axis=1, keepdims=True)
    weight = np.divide(salience, totals, out=np.zeros_like(salience), where=totals > 0)
    n_k = plan.options.shape[1]
    shape = np.zeros((len(rows), n_i), dtype=np.int8)
    table = np.full((len(rows), n_i, n_k), np.nan)
    code = {UtilityShape.linear: 0, UtilityShape.quadratic: QUADRATIC, UtilityShape.table: TABLE}
    issue_at = {iid: i for i, iid in enumerate(plan.base.issues)}
    row_at = {plan.base.actors[r]: k for k, r in enumerate(rows)}
    for st in plan.scenario.stances:
        a, i = row_at[st.actor], issue_at[st.issue]
        shape[a, i] = code[st.utility]
        opts = plan.options[i][~np.isnan(plan.options[i])]
        if st.utility is UtilityShape.table:
            issue = plan.scenario.issues[i]
            keys = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
            table[a, i, : len(keys)] = [st.table[k] for k in keys]  # type: ignore[index]
        elif opts.size:
            d = np.abs(opts - ideal[a, i]) / reach[a, i]
            table[a, i, : opts.size] = 1.0 - d * d if shape[a, i] == QUADRATIC else 1.0 - d
    red_pos = drawn.red_line[j, rows]
    red = np.full(red_pos.shape, np.nan)
    for a, i in zip(*np.nonzero(~np.isnan(red_pos)), strict=True):
        opts = plan.options[i][~np.isnan(plan.options[i])]
        if opts.size:
            k = int(option_index(np.array([red_pos[a, i]]), opts)[0])
            red[a, i] = table[a, i, k]
        else:
            d = abs(red_pos[a, i] - ideal[a, i]) / reach[a, i]
            red[a, i] = 1.0 - d * d if shape[a, i] == QUADRATIC else 1.0 - d
    return Preferences(
        actors=tuple(plan.base.actors[r] for r in rows),
        issues=plan.base.issues,
        ideal=ideal,
        reach=reach,
        weight=weight,
        shape=shape,
        table=table,
        red=red,
        batna=drawn.batna[j, rows],
    )


def _zopa_solve(plan: Plan, drawn: Drawn, which: np.ndarray) -> np.ndarray:
    from accord.analysis.milp import find_acceptable

    out = np.zeros(which.size, dtype=bool)
    for n, j in enumerate(which):
        prefs = draw_preferences(plan, drawn, int(j))
        space = outcome_space(
            plan.scenario, plan.parties, resolution=plan.resolution, preferences=prefs
        )
        out[n] = find_acceptable(space) is not None
    return out


# --- one chunk ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chunk:
    """The draws of one chunk: input values, forecasts, acceptance and ZOPA per draw."""

    start: int
    values: np.ndarray  # [n, K]
    forecast: np.ndarray  # [n, I]
    accepts: np.ndarray  # [n, P, Ap] int8: 2 yes, 1 maybe, 0 no
    zopa: np.ndarray  # [n] int8: 1 exists, 0 not, -1 not decided (subsample)


def run_chunk(
    plan: Plan,
    start: int,
    size: int,
    seed: np.random.SeedSequence,
    outputs: tuple[str, ...] = ("forecast", "accepts", "zopa"),
) -> Chunk:
    """Draw and evaluate draws ``start .. start+size-1`` from their chunk's seed."""
    rng = np.random.Generator(np.random.PCG64(seed))
    values = sample(plan.base.inputs, size, rng)
    return evaluate(plan, values, start=start, outputs=outputs)


def evaluate(
    plan: Plan,
    values: np.ndarray,
    *,
    start: int = 0,
    outputs: tuple[str, ...] = ("forecast", "accepts", "zopa"),
) -> Chunk:
    """Evaluate given input values ``[n, K]`` (draw numbers from ``start``)."""
    size = values.shape[0]
    drawn = apply(plan.base, values)
    n_i = len(plan.base.issues)
    forecast = np.full((size, n_i), np.nan)
    if "forecast" in outputs:
        y = np.asarray(plan.model_fn(drawn.inputs(plan.forecast_rows)), dtype=float)
        forecast = np.where(plan.forecast_ok, y.reshape(size, n_i), np.nan)
    accepts = np.zeros((size, len(plan.proposals), len(plan.parties)), dtype=np.int8)
    zopa = np.full(size, -1, dtype=np.int8)
    need_prefs = ("accepts" in outputs and plan.proposals) or (
        "zopa" in outputs and plan.zopa_method
    )
    if need_prefs:
        pr = _prefs(plan, drawn)
        if "accepts" in outputs:
            accepts = _acceptance(plan, pr)
        if "zopa" in outputs and plan.zopa_method == "enumeration":
            zopa = _zopa_enumerate(plan, pr).astype(np.int8)
        elif "zopa" in outputs and plan.zopa_method is not None:
            index = start + np.arange(size)
            which = np.flatnonzero(index % plan.zopa_stride == 0)
            zopa[which] = _zopa_solve(plan, drawn, which)
    return Chunk(start, values, forecast, accepts, zopa)


def seeding(seed: int | None, draws: int, chunk: int) -> tuple[np.random.SeedSequence, list]:
    """The root SeedSequence and the per-chunk ``(start, size, child)`` triples."""
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1; got {chunk}")
    root = np.random.SeedSequence(seed)
    n_chunks = math.ceil(draws / chunk)
    children = root.spawn(n_chunks)
    args = [(k * chunk, min(chunk, draws - k * chunk), children[k]) for k in range(n_chunks)]
    return root, args


def run_draws(
    plan: Plan,
    *,
    draws: int,
    seed: int | None,
    chunk: int,
    backend: str,
    address: Any,
    progress: Progress | None,
    outputs: tuple[str, ...],
) -> tuple[np.random.SeedSequence, list[Chunk]]:
    """Run every chunk on ``backend``; the chunks in order."""
    root, args = seeding(seed, draws, chunk)
    tasks = [(start, size, child, outputs) for start, size, child in args]
    chunks = run_chunks(
        _task, tasks, backend=backend, address=address, progress=progress, shared=plan
    )
    return root, chunks


def _task(plan: Plan, args: tuple) -> Chunk:
    return run_chunk(plan, *args)


# --- the result -----------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueSummary:
    """The distribution of one issue's forecast over the draws."""

    issue: str
    quantiles: dict[int, float] | None  # percent -> value; None when no forecast
    mean: float | None
    std: float | None
    no_forecast: float  # share of draws without a forecast
    settings: dict[str, float] | None  # discrete issues: nearest setting -> share of draws

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "quantiles": None
            if self.quantiles is None
            else {str(q): v for q, v in self.quantiles.items()},
            "mean": self.mean,
            "std": self.std,
            "no_forecast": self.no_forecast,
            "settings": self.settings,
        }


@dataclass(frozen=True)
class ZopaChance:
    """How often a ZOPA exists over the draws, and how that was found out."""

    probability: float | None
    interval: tuple[float, float] | None  # 95 % Wilson interval (exact: (p, p))
    method: str | None  # enumeration | milp | milp-subsample | None (no parties)
    draws_evaluated: int
    stride: int
    space_size: int | None
    note: str

    @property
    def exact(self) -> bool:
        return self.method in ("enumeration", "milp")

    def to_dict(self) -> dict[str, Any]:
        return {
            "probability": self.probability,
            "interval": None if self.interval is None else list(self.interval),
            "method": self.method,
            "exact": self.exact,
            "draws_evaluated": self.draws_evaluated,
            "stride": self.stride,
            "space_size": self.space_size,
            "note": self.note,
        }


@dataclass(frozen=True)
class Simulation:
    """The result of :func:`simulate`. ``forecasts`` and ``values`` keep every draw."""

    scenario: str
    model: str
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    issues: tuple[IssueSummary, ...]
    inputs: tuple[str, ...]  # uncertain input names, columns of ``values``
    input_specs: tuple[UncertainInput, ...]  # their spreads, in the same order
    acceptance: dict[str, dict[str, dict[str, float]]]  # draft -> party -> yes/maybe/no
    accepted_by_all: dict[str, dict[str, float]]  # draft -> yes/maybe/no
    zopa: ZopaChance
    draws: int
    seed: int | None
    entropy: int  # SeedSequence entropy: seed=entropy reproduces the run
    chunk: int
    n_chunks: int
    backend: str
    forecasts: np.ndarray = field(repr=False, compare=False)  # [D, I]
    values: np.ndarray = field(repr=False, compare=False)  # [D, K]
    notes: tuple[str, ...] = ()

    def issue(self, issue_id: str) -> IssueSummary:
        for s in self.issues:
            if s.issue == issue_id:
                return s
        raise KeyError(f"no issue '{issue_id}'; issues: {', '.join(s.issue for s in self.issues)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "model": self.model,
            "actors": list(self.actors),
            "parties": list(self.parties),
            "draws": self.draws,
            "seed": self.seed,
            "entropy": str(self.entropy),
            "chunk": self.chunk,
            "n_chunks": self.n_chunks,
            "backend": self.backend,
            "inputs": [spec.to_dict() for spec in self.input_specs],
            "issues": [s.to_dict() for s in self.issues],
            "acceptance": self.acceptance,
            "accepted_by_all": self.accepted_by_all,
            "zopa": self.zopa.to_dict(),
            "notes": list(self.notes),
        }


def simulate(
    scenario: Scenario,
    model: str = "compromise",
    *,
    draws: int,
    seed: int | None,
    chunk: int = DEFAULT_CHUNK,
    backend: str = "numpy",
    address: Any = None,
    progress: Progress | None = None,
    actors: Sequence[str] | None = None,
    parties: Sequence[str] | None = None,
    zopa_budget: int = ZOPA_BUDGET,
    zopa_solves: int = ZOPA_SOLVES,
) -> Simulation:
    """Monte Carlo of ``scenario`` over its spreads (see the module docstring).

    ``actors`` restricts the forecast to those actors (default: all); ``parties`` are the
    actors whose acceptance and ZOPA are assessed (default: the role-``party`` actors with
    stances). ``backend`` is ``"numpy"`` (local, in order) or ``"dask"`` (``address`` a
    scheduler address such as ``tcp://host:8786``, an existing ``distributed.Client``, or
    None for a local cluster). ``progress(done, total)`` is called after every chunk.
    ``seed`` None draws fresh entropy from the OS (recorded in ``entropy``).
    """
    plan = compile_plan(
        scenario,
        model,
        actors,
        parties,
        draws=draws,
        acceptance=True,
        zopa=True,
        zopa_budget=zopa_budget,
        zopa_solves=zopa_solves,
    )
    root, chunks = run_draws(
        plan,
        draws=draws,
        seed=seed,
        chunk=chunk,
        backend=backend,
        address=address,
        progress=progress,
        outputs=("forecast", "accepts", "zopa"),
    )
    forecasts = np.concatenate([c.forecast for c in chunks], axis=0)
    values = np.concatenate([c.values for c in chunks], axis=0)
    accepts = np.concatenate([c.accepts for c in chunks], axis=0)
    zopa_codes = np.concatenate([c.zopa for c in chunks], axis=0)

    notes: list[str] = []
    if not plan.base.inputs:
        notes.append("the scenario has no spreads: every draw is the same scenario")
    issues = tuple(_summary(scenario, i, forecasts[:, i]) for i in range(len(scenario.issues)))
    for s, ok in zip(issues, plan.forecast_ok, strict=True):
        if not ok:
            notes.append(f"{s.issue}: no forecast, fewer than {MIN_ACTORS} actors with a stance")
    acceptance: dict[str, dict[str, dict[str, float]]] = {}
    by_all: dict[str, dict[str, float]] = {}
    for p, pid in enumerate(plan.proposals):
        acceptance[pid] = {a: _tri(accepts[:, p, k]) for k, a in enumerate(plan.parties)}
        everyone = np.where(
            (accepts[:, p] == 2).all(axis=1), 2, np.where((accepts[:, p] == 0).any(axis=1), 0, 1)
        )
        by_all[pid] = _tri(everyone)
    for k, a in enumerate(plan.parties):
        if np.isnan(plan.base.batna[plan.party_rows[k]]) and not any(
            spec.kind == "batna" and spec.actor == a for spec in plan.base.inputs
        ):
            notes.append(f"{a}: BATNA unknown; only its red lines count")
    zopa = _zopa_chance(scenario, plan, zopa_codes)
    return Simulation(
        scenario=scenario.id,
        model=model,
        actors=tuple(plan.base.actors[r] for r in plan.forecast_rows),
        parties=plan.parties,
        issues=issues,
        inputs=tuple(spec.name for spec in plan.base.inputs),
        input_specs=plan.base.inputs,
        acceptance=acceptance,
        accepted_by_all=by_all,
        zopa=zopa,
        draws=draws,
        seed=seed,
        entropy=int(root.entropy),  # type: ignore[arg-type]
        chunk=chunk,
        n_chunks=len(chunks),
        backend=backend,
        forecasts=forecasts,
        values=values,
        notes=tuple(notes),
    )


def _tri(codes: np.ndarray) -> dict[str, float]:
    n = max(1, codes.size)
    return {
        "yes": float((codes == 2).sum() / n),
        "maybe": float((codes == 1).sum() / n),
        "no": float((codes == 0).sum() / n),
    }


def _summary(scenario: Scenario, i: int, y: np.ndarray) -> IssueSummary:
    issue = scenario.issues[i]
    ok = ~np.isnan(y)
    share_missing = float(1.0 - ok.mean()) if y.size else 1.0
    if not ok.any():
        return IssueSummary(issue.id, None, None, None, share_missing, None)
    v = y[ok]
    qs = np.quantile(v, [q / 100 for q in QUANTILES])
    settings = None
    if issue.kind is not IssueKind.continuous:
        positions = np.asarray(issue.positions(), dtype=float)
        k = option_index(v, positions)
        counts = np.bincount(k, minlength=positions.size) / y.size
        names = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
        settings = {str(n): float(c) for n, c in zip(names, counts, strict=True)}
    return IssueSummary(
        issue=issue.id,
        quantiles={q: float(x) for q, x in zip(QUANTILES, qs, strict=True)},
        mean=float(v.mean()),
        std=float(v.std()),
        no_forecast=share_missing,
        settings=settings,
    )


def _zopa_chance(scenario: Scenario, plan: Plan, codes: np.ndarray) -> ZopaChance:
    if plan.zopa_method is None:
        return ZopaChance(None, None, None, 0, 1, None, "no parties with stances: no ZOPA")
    decided = codes[codes >= 0]
    n = int(decided.size)
    hits = int(decided.sum())
    p = hits / n if n else None
    size = plan.space_size
    if plan.zopa_method == "milp-subsample":
        interval = wilson(hits, n)
        note = (
            f"the space has {size:.3g} outcomes: the ZOPA was decided exactly (MILP) in every "
            f"{plan.zopa_stride}th draw ({n:,} of {codes.size:,}); 95% Wilson interval"
        )
    else:
        interval = (p, p) if p is not None else None
        how = (
            "every outcome checked in every draw"
            if plan.zopa_method == "enumeration"
            else "decided exactly (MILP) in every draw"
        )
        note = f"the space has {size:,} outcomes: {how}"
    if any(i.kind is IssueKind.continuous for i in scenario.issues):
        note += (
            f"; continuous issues on the base scenario's grid ({plan.resolution} values plus "
            "the values the scenario names)"
        )
    return ZopaChance(
        probability=p,
        interval=interval,  # type: ignore[arg-type]
        method=plan.zopa_method,
        draws_evaluated=n,
        stride=plan.zopa_stride,
        space_size=size,
        note=note,
    )
