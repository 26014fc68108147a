"""Monte Carlo's work per chunk of draws: the compiled plan, forecasts, acceptance, the ZOPA.

:func:`compile_plan` compiles a scenario once into a :class:`Plan` (picklable, sent to Dask
workers); :func:`run_draws` runs every chunk on a backend, each chunk drawn from its own seed
(:func:`accord.uncertainty.plan.seeding`) and evaluated by :func:`evaluate`, for all of its
draws at once. The rules (what accepting means, how the ZOPA is decided, the seeding) are in
:mod:`accord.forecast.montecarlo`, which summarises the chunks. Utilities go through
:func:`accord.uncertainty.preferences.drawn_utilities`, the batched utility kernel.

Linked terms (:mod:`accord.analysis.linkage`) are honoured exactly, as the exact analyses
honour them: acceptance enumerates each party's linked groups over a draft's candidate
settings (as :func:`accord.analysis.scoring.linked_scores` does, with the drawn weights,
tables' share and red lines), and the ZOPA adds each linked factor's drawn extra utility and
conditional crossings (:func:`accord.uncertainty.preferences.group_terms`). Forecasts are
not touched: the forecasting models read positions and saliences, not utilities.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from accord.analysis.linkage import linked_conditions
from accord.analysis.scoring import possible_settings
from accord.analysis.softening import soften
from accord.analysis.space import outcome_space
from accord.analysis.utility import TOLERANCE, encode_setting
from accord.forecast.backends import run_chunks
from accord.forecast.models import MIN_ACTORS, MODELS
from accord.model import IssueKind, Scenario, Unknown
from accord.uncertainty.draws import Drawn, apply, base_arrays
from accord.uncertainty.holds import Holds, draw_holds, soften_group, soften_settings
from accord.uncertainty.plan import (
    DrawPlan,
    compile_draw_plan,
    sample_chunk,
    seeding,
    space_settings,
)
from accord.uncertainty.preferences import (
    DrawnPreferences,
    Group,
    compile_group,
    drawn_preferences,
    drawn_scenario,
    drawn_utilities,
    group_terms,
    preferences_of_draw,
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
class Plan(DrawPlan):
    """What every chunk needs, compiled once: the :class:`DrawPlan` of the parties plus the
    forecast model, the drafts' candidate settings and the ZOPA's outcome space."""

    model: str
    model_fn: Callable[..., np.ndarray]
    forecast_rows: tuple[int, ...]  # rows of base.actors the forecast uses
    forecast_ok: np.ndarray  # [I] bool: issues with enough actors for a forecast
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
    groups: tuple[Group, ...] = ()  # the space's linked factors, for the ZOPA
    cand_sizes: np.ndarray | None = None  # [P, I] real candidates of each draft (links only)


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
    shared = compile_draw_plan(scenario, chosen_parties, base)
    who = list(shared.parties)
    issues = scenario.issues
    n_i = len(issues)

    props = scenario.proposals if acceptance and who else []
    cand = [
        [possible_settings(scenario, issue, prop.settings().get(issue.id)) for issue in issues]
        for prop in props
    ]
    linked = shared.link.linked
    if linked:  # as the scorecard: an open range may fall either side of a condition
        marks: dict[str, list[object]] = {}
        for cond in linked_conditions(scenario):
            marks.setdefault(cond.issue, []).extend(cond.values())
        for row, prop in zip(cand, props, strict=True):
            for i, issue in enumerate(issues):
                value = prop.settings().get(issue.id)
                wide = value is None and issue.status_quo is None
                wide |= isinstance(value, Unknown) and value.one_of is None
                if issue.kind is IssueKind.continuous and wide:
                    grid = {float(v) for v in [*row[i], *marks.get(issue.id, [])]}  # type: ignore[arg-type]
                    row[i] = list[object](sorted(grid))
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
    groups: tuple[Group, ...] = ()
    if zopa and who:
        space = outcome_space(scenario, who)
        resolution, size = space.resolution, int(space.size)
        space_pos, space_idx, space_valid = space_settings(scenario, space)
        groups = tuple(
            compile_group(shared, j.issues, j.shape, space_pos, space_idx) for j in space.joints
        )
        if space.size * draws <= zopa_budget:
            method = "enumeration"
            codes = space.enumerate()
        elif draws <= zopa_solves:
            method = "milp"
        else:
            method = "milp-subsample"
            stride = math.ceil(draws / zopa_solves)
    return Plan(
        **{f.name: getattr(shared, f.name) for f in fields(DrawPlan)},
        model=model,
        model_fn=MODELS[model],
        forecast_rows=rows,
        forecast_ok=counts >= MIN_ACTORS,
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
        groups=groups,
        cand_sizes=np.array([[len(c) for c in row] for row in cand], dtype=np.intp).reshape(
            len(props), n_i
        )
        if linked
        else None,
    )


def _acceptance(plan: Plan, pr: DrawnPreferences, holds: Holds | None = None) -> np.ndarray:
    """Per draw, draft and party: 2 yes, 1 maybe, 0 no. ``[D, P, Ap]`` int8.

    A soft red line that gives in a draw (``holds``; None: every line holds) is no wall in
    that draw: a candidate setting that crosses it costs its party the line's cost instead.
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
            rows = slice(s, s + step)
            parts.append(
                _acceptance(plan, pr.take(rows), None if holds is None else holds.take(rows))
            )
        return np.concatenate(parts, axis=0)
    u = drawn_utilities(plan, pr, plan.cand_pos.reshape(-1, n_i), plan.cand_idx.reshape(-1, n_i))
    u = u.reshape(n_d, n_a, n_p, n_c, n_i)
    # An open continuous issue may take any value of its range: each party's own (drawn)
    # position is then among the candidates; its utility there is 1 where it has a stance.
    own = np.where(np.isnan(pr.ideal), 0.0, 1.0)[:, :, None, None, :]
    u = np.concatenate(
        [u, np.where(plan.open_range[None, None, :, None, :], own, u[:, :, :, :1, :])], axis=3
    )
    w = pr.weight[:, :, None, :]
    below = u < (pr.red[:, :, None, None, :] - TOLERANCE)
    soft: tuple[np.ndarray, np.ndarray] | None = None
    if holds is not None and holds.lines:
        ids = [issue.id for issue in plan.scenario.issues]
        soft = holds.arrays(plan.parties, ids)  # gives, cost: [D, Ap, I]
    if soft is None:
        part_low = u.min(axis=3) * w  # [D, Ap, P, I]
        part_high = u.max(axis=3) * w
        sure = np.asarray(below.all(axis=3))  # [D, Ap, P, I]
        some = np.asarray(below.any(axis=3))
    else:  # a line that gives: its crossing candidates cost its cost, none is a crossing
        gives, cost = soft[0][:, :, None, None, :], soft[1][:, :, None, None, :]
        net = u * w[:, :, :, None, :] - np.where(below & gives, cost, 0.0)
        part_low, part_high = net.min(axis=3), net.max(axis=3)
        sure = np.asarray(below.all(axis=3)) & ~gives[:, :, :, 0]
        some = np.asarray(below.any(axis=3)) & ~gives[:, :, :, 0]
    if plan.link.linked:
        _linked_acceptance(plan, pr, u, below, part_low, part_high, sure, some, soft)
    low = part_low.sum(axis=-1)  # [D, Ap, P]
    high = part_high.sum(axis=-1)
    crosses = sure.any(axis=-1)  # [D, Ap, P]
    clear = ~some.any(axis=-1)
    b = pr.batna[:, :, None]
    known = ~np.isnan(b)
    no = crosses | (known & (high < b - TOLERANCE))
    yes = clear & (~known | (low >= b - TOLERANCE))
    code = np.where(no, 0, np.where(yes, 2, 1)).astype(np.int8)
    return code.transpose(0, 2, 1)


def _linked_acceptance(
    plan: Plan,
    pr: DrawnPreferences,
    u: np.ndarray,
    below: np.ndarray,
    part_low: np.ndarray,
    part_high: np.ndarray,
    sure: np.ndarray,
    some: np.ndarray,
    soft: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Redo, in place, each party's parts and red lines on its linked groups of issues.

    As :func:`accord.analysis.scoring.linked_scores`, for every draw at once: each group is
    enumerated over every combination of a draft's candidate settings (``u``, ``below``
    ``[D, Ap, P, C + 1, I]``; the last candidate is the party's own drawn position where the
    draft leaves a continuous range open), its utility the drawn-weighted per-issue sum plus
    the drawn linked part; a conditional red line counts where it is crossed and its
    condition fails; a soft red line that gives in a draw (``soft``: gives, cost
    ``[D, Ap, I]``) costs its cost where crossed and is no crossing. A Python loop over
    parties, groups and drafts only, never over draws.
    """
    assert plan.cand_sizes is not None
    n_d, n_a, n_p, n_c, n_i = u.shape
    for a in range(n_a):
        for group in plan.link.actor_groups(a):
            cond = plan.link.conditional(n_a, n_i)[a, group]
            for p in range(n_p):
                cols = [
                    [
                        *range(int(plan.cand_sizes[p, i])),
                        *([n_c - 1] if plan.open_range[p, i] else []),
                    ]
                    for i in group
                ]
                combos = np.array(list(itertools.product(*cols)), dtype=np.intp)  # [M, g]
                m = combos.shape[0]
                own = combos == n_c - 1  # the party's own drawn position
                cand = np.minimum(combos, n_c - 2)
                gpos = plan.cand_pos[p][cand, group]  # [M, g]
                gidx = plan.cand_idx[p][cand, group]
                mine = pr.ideal[:, a][:, None, group]  # NaN without a stance (u is 0 there)
                pos = np.where(own[None] & ~np.isnan(mine), mine, gpos[None])  # [D, M, g]
                idx = np.broadcast_to(gidx, pos.shape)
                tables, rules = plan.link.parts(
                    pos.reshape(-1, len(group)), idx.reshape(-1, len(group)), group
                )
                extra = tables[a].reshape(n_d, m) * pr.ratio[:, a, None] + rules[a].reshape(n_d, m)
                uu = u[:, a, p][:, combos, group]  # [D, M, g]
                total = (uu * pr.weight[:, a][:, None, group]).sum(axis=-1) + extra
                crossed = None
                if soft is not None or cond.any():
                    crossed = below[:, a, p][:, combos, group]  # [D, M, g]
                    if cond.any():
                        waived = plan.link.waived(
                            pos.reshape(-1, len(group)), idx.reshape(-1, len(group)), group
                        )
                        crossed = crossed & ~(waived[a].reshape(n_d, m, len(group)) & cond)
                if soft is not None and crossed is not None:
                    gives = soft[0][:, a][:, None, group]  # [D, 1, g]
                    cost = soft[1][:, a][:, None, group]
                    total = total - np.where(crossed & gives, cost, 0.0).sum(axis=-1)
                first = group[0]
                part_low[:, a, p, first] += total.min(axis=1) - part_low[:, a, p, group].sum(
                    axis=-1
                )
                part_high[:, a, p, first] += total.max(axis=1) - part_high[:, a, p, group].sum(
                    axis=-1
                )
                if not cond.any():
                    continue
                assert crossed is not None
                cols_c = [j for j in range(len(group)) if cond[j]]
                issues_c = [group[j] for j in cols_c]
                sure[:, a, p, issues_c] = crossed[:, :, cols_c].all(axis=1)
                some[:, a, p, issues_c] = crossed[:, :, cols_c].any(axis=1)
                if soft is not None:
                    held = ~soft[0][:, a][:, issues_c]  # [D, c]
                    sure[:, a, p, issues_c] &= held
                    some[:, a, p, issues_c] &= held


def _zopa_enumerate(plan: Plan, pr: DrawnPreferences, holds: Holds | None = None) -> np.ndarray:
    """Whether some outcome of the space is acceptable to every party, per draw: ``[D]``.

    A soft red line that gives in a draw (``holds``) costs its actor its cost where crossed.
    """
    codes = plan.space_codes
    assert codes is not None
    u = drawn_utilities(plan, pr, plan.space_pos, plan.space_idx)  # [D, Ap, K, I]
    table = np.where(plan.space_valid[None, None], u * pr.weight[:, :, None, :], np.nan)
    below = u < pr.red[:, :, None, :] - TOLERANCE
    crosses = below & plan.space_valid[None, None]
    terms = [group_terms(g, pr, below) for g in plan.groups]  # [D, Ap, P], [D, Ap, P, g]
    ids = [issue.id for issue in plan.scenario.issues]
    if plan.groups:  # a conditional red line is crossed on its group's joint settings only
        conditional = plan.link.conditional(*plan.shape.shape)
        crosses = crosses & ~conditional[None, :, None, :]
        if holds is not None and holds.lines:
            for group, (extra, cross) in zip(plan.groups, terms, strict=True):
                soften_group(holds, plan.parties, ids, group.issues, extra, cross)
        terms = [(extra, np.asarray(cross.any(axis=-1))) for extra, cross in terms]
    if holds is not None and holds.lines:
        soften_settings(holds, plan.parties, ids, table, crosses)
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
        for group, (extra, crossed) in zip(plan.groups, terms, strict=True):
            rows = group.rows(part)
            total += extra[todo][:, :, rows]
            cross |= crossed[todo][:, :, rows]
        ok = np.all(total >= need[todo][:, :, None], axis=1) & ~cross.any(axis=1)
        exists[todo] = ok.any(axis=1)
    return exists


def _zopa_solve(
    plan: Plan, drawn: Drawn, which: np.ndarray, holds: Holds | None = None
) -> np.ndarray:
    from accord.analysis.milp import find_acceptable

    out = np.zeros(which.size, dtype=bool)
    for n, j in enumerate(which):
        prefs = preferences_of_draw(plan, drawn, int(j))
        # a table's share w_T / S_a is compiled from the scenario's saliences: the drawn ones
        tabled = bool(plan.link.replaced.any())
        scenario = drawn_scenario(plan, drawn, int(j)) if tabled else plan.scenario
        space = outcome_space(scenario, plan.parties, resolution=plan.resolution, preferences=prefs)
        if holds is not None and holds.lines:  # the soft red lines that give in this draw
            space = soften(space, holds.given(int(j)))
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
    values = sample_chunk(plan.base.inputs, size, seed)
    holds = draw_holds(plan.scenario, plan.parties, size, seed)  # its own stream
    return evaluate(plan, values, start=start, outputs=outputs, holds=holds)


def evaluate(
    plan: Plan,
    values: np.ndarray,
    *,
    start: int = 0,
    outputs: tuple[str, ...] = ("forecast", "accepts", "zopa"),
    holds: Holds | None = None,
) -> Chunk:
    """Evaluate given input values ``[n, K]`` (draw numbers from ``start``).

    ``holds``: whether each soft red line holds in each draw (None: every one holds).
    """
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
        pr = drawn_preferences(plan, drawn)
        if "accepts" in outputs:
            accepts = _acceptance(plan, pr, holds)
        if "zopa" in outputs and plan.zopa_method == "enumeration":
            zopa = _zopa_enumerate(plan, pr, holds).astype(np.int8)
        elif "zopa" in outputs and plan.zopa_method is not None:
            index = start + np.arange(size)
            which = np.flatnonzero(index % plan.zopa_stride == 0)
            zopa[which] = _zopa_solve(plan, drawn, which, holds)
    return Chunk(start, values, forecast, accepts, zopa)


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
