"""Monte Carlo's work per chunk of draws: forecasts, acceptance, the ZOPA, ratification.

:func:`run_draws` runs every chunk of a :class:`Plan` (:mod:`accord.forecast.montecarlo_plan`,
re-exported here) on a backend, each chunk drawn from its own seed
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

With the output ``ratified`` and a plan whose parties have ratifiers, each chunk also draws
the ratifiers' swings (:func:`accord.uncertainty.swings.swing_seed`, a stream of its own)
and decides, per draw, acceptance with ratification and the ZOPA with ratification
(:mod:`accord.forecast.ratified_draws`); the flat numbers are those of a run without it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.softening import soften
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.analysis.utility import TOLERANCE
from accord.forecast.backends import run_chunks
from accord.forecast.montecarlo_plan import Plan, compile_plan
from accord.forecast.ratified_draws import (
    decide,
    draft_passes,
    ratified_acceptance,
    space_passes,
)
from accord.uncertainty.draws import Drawn, apply
from accord.uncertainty.holds import Holds, draw_holds, soften_group, soften_settings
from accord.uncertainty.plan import sample_chunk, seeding
from accord.uncertainty.preferences import (
    DrawnPreferences,
    drawn_preferences,
    drawn_scenario,
    drawn_utilities,
    group_terms,
    preferences_of_draw,
)
from accord.uncertainty.swings import swing_seed

__all__ = [
    "DEFAULT_CHUNK",
    "ZOPA_BUDGET",
    "ZOPA_SOLVES",
    "Chunk",
    "Plan",
    "Progress",
    "compile_plan",
    "evaluate",
    "run_chunk",
    "run_draws",
]

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


def _zopa_enumerate(
    plan: Plan,
    pr: DrawnPreferences,
    holds: Holds | None = None,
    allowed: np.ndarray | None = None,
) -> np.ndarray:
    """Whether some outcome of the space is acceptable to every party, per draw: ``[D]``.

    A soft red line that gives in a draw (``holds``) costs its actor its cost where crossed.
    ``allowed`` ``[D, N]``: only these outcomes of each draw count (the ratifiers' passes).
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
        if allowed is not None:
            ok &= allowed[todo, start : start + block]
        exists[todo] = ok.any(axis=1)
    return exists


def _zopa_solve(
    plan: Plan, drawn: Drawn, which: np.ndarray, holds: Holds | None = None
) -> tuple[np.ndarray, list[OutcomeSpace]]:
    """The outcome the mixed-integer check finds in each draw of ``which`` (a row of -1:
    none, no ZOPA) ``[n, I]``, and each draw's outcome space (for the check with ratifiers)."""
    from accord.analysis.milp import find_acceptable

    out = np.full((which.size, len(plan.scenario.issues)), -1, dtype=np.intp)
    spaces = []
    for n, j in enumerate(which):
        prefs = preferences_of_draw(plan, drawn, int(j))
        # a table's share w_T / S_a is compiled from the scenario's saliences: the drawn ones
        tabled = bool(plan.link.replaced.any())
        scenario = drawn_scenario(plan, drawn, int(j)) if tabled else plan.scenario
        space = outcome_space(scenario, plan.parties, resolution=plan.resolution, preferences=prefs)
        if holds is not None and holds.lines:  # the soft red lines that give in this draw
            space = soften(space, holds.given(int(j)))
        found = find_acceptable(space)
        if found is not None:
            out[n] = found
        spaces.append(space)
    return out, spaces


# --- one chunk ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chunk:
    """The draws of one chunk: input values, forecasts, acceptance and ZOPA per draw."""

    start: int
    values: np.ndarray  # [n, K]
    forecast: np.ndarray  # [n, I]
    accepts: np.ndarray  # [n, P, Ap] int8: 2 yes, 1 maybe, 0 no
    zopa: np.ndarray  # [n] int8: 1 exists, 0 not, -1 not decided (subsample)
    #: with ratification (output ``ratified``; None otherwise): acceptance as ``accepts``, and
    #: the ZOPA (codes of :mod:`accord.forecast.ratified_draws`, -1 not decided)
    accepts_ratified: np.ndarray | None = None  # [n, P, Ap] int8
    zopa_ratified: np.ndarray | None = None  # [n] int8


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
    swing = swing_seed(seed)  # the ratifiers' stream: the draws above do not move
    return evaluate(plan, values, start=start, outputs=outputs, holds=holds, swing=swing)


def evaluate(
    plan: Plan,
    values: np.ndarray,
    *,
    start: int = 0,
    outputs: tuple[str, ...] = ("forecast", "accepts", "zopa"),
    holds: Holds | None = None,
    swing: int | None = None,
) -> Chunk:
    """Evaluate given input values ``[n, K]`` (draw numbers from ``start``).

    ``holds``: whether each soft red line holds in each draw (None: every one holds).
    ``swing``: the seed of the ratifiers' swings (None: central values), with the output
    ``ratified``.
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
    rp = plan.ratified if "ratified" in outputs else None
    acc_r = zopa_r = None
    if need_prefs:
        pr = drawn_preferences(plan, drawn)
        if "accepts" in outputs:
            accepts = _acceptance(plan, pr, holds)
            if rp is not None:
                acc_r = ratified_acceptance(accepts, *draft_passes(rp, size, swing))
        if "zopa" in outputs and plan.zopa_method == "enumeration":
            zopa = _zopa_enumerate(plan, pr, holds).astype(np.int8)
            if rp is not None:
                passed = space_passes(rp, size, swing)
                zopa_r = _zopa_enumerate(plan, pr, holds, passed).astype(np.int8)
        elif "zopa" in outputs and plan.zopa_method is not None:
            index = start + np.arange(size)
            which = np.flatnonzero(index % plan.zopa_stride == 0)
            witness, spaces = _zopa_solve(plan, drawn, which, holds)
            zopa[which] = witness[:, 0] >= 0
            if rp is not None:
                zopa_r = np.full(size, -1, dtype=np.int8)
                zopa_r[which] = decide(rp, spaces, which, witness, size, swing)
    return Chunk(start, values, forecast, accepts, zopa, acc_r, zopa_r)


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
