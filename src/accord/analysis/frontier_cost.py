"""What a Pareto frontier will cost, and the pieces of the ε-frontier that need no dominance
filter: boxes of side ε and their dominance on a dense grid, the cancel token, the budget.

**The estimate.** The exact frontier of the first m factors is computed exactly (it is cheap
while small) until it passes ``PREFIX_POINTS`` points; its size is then extrapolated to all
factors with the growth law for the expected number of maxima of n random vectors in d
dimensions (Bentley, Kung, Schkolnick & Thompson 1978): ``H(d-1, n) ~ (ln n)^(d-1)/(d-1)!``,
anchored at the measured prefix (so only the *growth* comes from the law, not the level):
``F(N) = F(N_m) * (ln N / ln N_m)^p``, with n the number of outcomes, d the number of
parties and p the growth exponent measured on the prefix (the law's d-1 holds only
asymptotically: at the sizes met in practice frontiers grow faster, so p is measured, and
capped at 2(d-1); utilities that agree or tie grow slower, and p follows them down).
When the prefix frontier holds at least half its outcomes (utilities that are nearly
opposed, as in a zero-sum split), the same fraction of the whole space is assumed instead.
The law assumes independent, continuous utilities; on the random spaces of the tests the
estimate falls within a factor of 3 of the truth (see ``docs/negotiation-analysis.md``).

**Time** is priced step by step (:func:`step_seconds`): the prefix's steps as they ran, each
later one with C = the frontier before it times the factor's options and F = the
extrapolated frontier after it. The model is fitted in log space on measured steps
(``benchmarks/fit_frontier_cost.py``), one per dominance path: with two or three parties the
NumPy sweeps cost a constant per candidate cell (sorting, whose log factor is not visible
at these sizes); with four or more, moocore's filter costs ``C^0.69 F^0.58``, growing with
the parties as ``(d/4)^1.7``: less than linear in the candidates, as the cheap first pass
drops the deep ones, but growing with what is kept, as the points near the frontier go
through the divide and conquer. It assumes this machine is as fast as the development
machine, unless the prefix ran long enough to measure (then its measured time over the
model's scales the rest, within ``SPEED_RANGE``). Its error is mostly the size's: on the
held-back spaces the time is off by about as much as the frontier size.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log, prod
from typing import Protocol

import numpy as np

#: The exact frontier is computed while it is estimated to have at most this many points;
#: beyond it ``pareto_frontier`` (with ``epsilon=None``) returns an ε-frontier instead.
EXACT_BUDGET_POINTS = 100_000
#: ... or while it is estimated to take at most this many seconds.
EXACT_BUDGET_SECONDS = 30.0
#: The ε chosen then, on the utility scale (each party's utility runs from 0 to 1): finer
#: than any salience or utility a scenario states with confidence.
AUTO_EPSILON = 0.01
#: The prefix of factors is merged exactly until its frontier passes this many points.
PREFIX_POINTS = 2_000
#: The cost of one merge step of C candidate rows of which F are kept, for d parties, in
#: seconds on the 2-core development machine (fitted on every step of at least 4,000
#: candidates of 48 random spaces by ``benchmarks/fit_frontier_cost.py``):
#: ``STEP_SECONDS + NUMPY_CELL_SECONDS * C * d`` for d <= 3 (sort-based sweeps: linear in C
#: at these sizes, the log factor not measurable) and
#: ``MOOCORE_SECONDS * (d / 4)^MOOCORE_PARTIES * C^MOOCORE_C * F^MOOCORE_F`` for d >= 4.
STEP_SECONDS = 5e-4
NUMPY_CELL_SECONDS = 2.7e-7
MOOCORE_SECONDS = 1.4e-7
MOOCORE_PARTIES = 1.7
MOOCORE_C = 0.69
MOOCORE_F = 0.58
#: When the prefix ran at least this long, its measured time over the model's corrects the
#: model for this machine (within ``SPEED_RANGE``); shorter runs are mostly overhead.
CALIBRATE_SECONDS = 0.25
SPEED_RANGE = (0.5, 4.0)
#: Bytes per candidate row and party at the peak of a merge step: the sums (8), their levels
#: (4, and 4 more for those the first pass leaves), the first pass's weighted sums (about
#: 10), an argsort (8), moocore's own copy and work arrays (about 16); measured peaks on the
#: held-back spaces of ``benchmarks/fit_frontier_cost.py`` fit 40-60.
BYTES_PER_CELL = 48
#: The dense grid that decides box dominance holds at most this many cells.
GRID_LIMIT = 20_000_000


class CancelToken(Protocol):
    """Anything with ``is_set()``: a ``threading.Event`` the caller sets to stop the work."""

    def is_set(self) -> bool: ...


class Cancelled(Exception):
    """The computation was stopped through its cancel token; nothing was returned."""


def check_cancel(cancel: CancelToken | None) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise Cancelled("the frontier computation was cancelled")


@dataclass(frozen=True)
class FrontierEstimate:
    """The estimated size and cost of a space's exact Pareto frontier.

    ``points``: frontier outcomes; ``seconds`` and ``bytes``: time and peak memory of the
    exact merge; ``exact``: True when the prefix was the whole space (then ``points`` is the
    true size); ``prefix_factors``/``prefix_points``: the exact part it was measured on;
    ``exponent``: the growth exponent used; ``basis``: which rule, in words.
    """

    outcomes: int
    parties: int
    points: int
    seconds: float
    bytes: int
    exact: bool
    prefix_factors: int
    prefix_points: int
    exponent: float
    basis: str

    def over_budget(self) -> bool:
        """Whether the exact frontier is beyond ``EXACT_BUDGET_POINTS`` or ``_SECONDS``."""
        return self.points > EXACT_BUDGET_POINTS or self.seconds > EXACT_BUDGET_SECONDS

    def describe(self) -> str:
        """One sentence for people."""
        if self.exact:
            return f"the exact frontier has {self.points:,} outcomes (computed in full)"
        return (
            f"about {self.points:,} frontier outcomes (estimated: {self.basis}), "
            f"about {_duration(self.seconds)} and {self.bytes / 2**20:,.0f} MiB to list exactly"
        )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.0f} h"


def step_seconds(
    candidates: np.ndarray | list[int], kept: np.ndarray | list[int], parties: int
) -> np.ndarray:
    """The modelled seconds of merge steps that filter ``candidates[s]`` rows down to
    ``kept[s]`` (arrays of step counts) for ``parties`` parties, on the development machine:
    the fitted model of the constants above. With four or more parties the time grows less
    than linearly in C but with F too: a deep cloud (few kept) is mostly dropped by the
    cheap first pass, a shallow one goes whole into moocore's divide and conquer, whose
    work grows with what it keeps."""
    c = np.maximum(np.asarray(candidates, dtype=float), 1.0)
    f = np.maximum(np.asarray(kept, dtype=float), 1.0)
    if parties <= 3:
        return STEP_SECONDS + NUMPY_CELL_SECONDS * c * max(parties, 1)
    scale = MOOCORE_SECONDS * (parties / 4) ** MOOCORE_PARTIES
    return np.asarray(STEP_SECONDS + scale * c**MOOCORE_C * f**MOOCORE_F)


def extrapolate(
    sizes: list[int],
    prefix_outcomes: list[int],
    factor_sizes: list[int],
    n_parties: int,
    seconds: float,
    candidates: list[int],
) -> FrontierEstimate:
    """The estimate from the exact frontier sizes ``sizes[s]`` of the first s+1 factors
    (``prefix_outcomes[s]`` outcomes each), for a space of ``factor_sizes``; ``seconds`` is
    the prefix merge's time and ``candidates[s]`` its steps' candidate rows."""
    total = prod(factor_sizes)
    m = len(sizes)
    done = m == len(factor_sizes) or sizes[-1] == 0  # an empty part empties the whole
    if done:
        points, exponent, basis = sizes[-1], 0.0, "computed in full"
        steps = list(sizes)
    else:
        fraction = sizes[-1] / prefix_outcomes[-1]
        logs = [log(max(n, 2)) for n in prefix_outcomes]
        # growth exponent measured over the last steps where the frontier grew eightfold
        j = max([s for s in range(m) if sizes[s] * 8 <= sizes[-1]] or [0])
        measured = (
            log(sizes[-1] / sizes[j]) / log(logs[-1] / logs[j]) if logs[-1] > logs[j] else 0.0
        )
        # the law's d-1 is the asymptote; short of it frontiers grow faster, as measured
        exponent = min(max(measured, 0.0), 2.0 * max(n_parties - 1, 0))
        steps = list(sizes)
        running = prefix_outcomes[-1]
        for k in factor_sizes[m:]:
            running *= k
            if fraction >= 0.5:
                steps.append(round(fraction * running))
            else:
                steps.append(round(sizes[-1] * (log(running) / logs[-1]) ** exponent))
        points = min(steps[-1], total)
        if fraction >= 0.5:
            basis = (
                f"{fraction:.0%} of the first {m} factors' outcomes are on their frontier; "
                "the same share of the whole space assumed"
            )
        else:
            basis = (
                f"exact frontier of the first {m} factors ({sizes[-1]:,} outcomes) grown as "
                f"(ln n)^{exponent:.1f} (Bentley et al. 1978)"
            )
    # the prefix's steps as measured; each later step: the frontier before x the factor
    cand = [*candidates[:m], *(steps[s - 1] * factor_sizes[s] for s in range(m, len(steps)))]
    model = step_seconds(cand, steps, n_parties)
    speed = 1.0
    if m and seconds >= CALIBRATE_SECONDS:  # long enough to tell this machine's speed
        speed = min(max(seconds / float(model[:m].sum()), SPEED_RANGE[0]), SPEED_RANGE[1])
    # a step holds its candidates' sums, levels and moocore's copy; the result its codes
    peak = max(cand) * n_parties * BYTES_PER_CELL + points * (len(factor_sizes) + n_parties) * 8
    return FrontierEstimate(
        outcomes=total,
        parties=n_parties,
        points=int(points),
        seconds=float(model.sum() * speed),
        bytes=int(peak),
        exact=done,
        prefix_factors=m,
        prefix_points=sizes[-1],
        exponent=exponent,
        basis=basis,
    )


def box_representatives(sums: np.ndarray, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """Group points [N, A] into boxes of side ``delta``; one point per occupied box (the one
    with the largest sum). Returns the chosen rows and their boxes [B, A] (integers)."""
    boxes = np.floor(sums / delta).astype(np.int64)
    order = np.lexsort((-sums.sum(axis=1), *boxes.T[::-1]))
    ranked = boxes[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    return order[first], ranked[first]


def undominated_boxes(boxes: np.ndarray, limit: int = GRID_LIMIT) -> np.ndarray | None:
    """Which distinct boxes [B, A] (integers) no other box weakly dominates, decided on a
    dense grid; None when the grid would exceed ``limit`` cells (see :func:`box_frontier`)."""
    if len(boxes) == 0:
        return np.ones(0, dtype=bool)
    boxes = boxes - boxes.min(axis=0)
    shape = tuple(int(v) + 1 for v in boxes.max(axis=0))
    found = box_frontier(boxes, shape, int(np.argmax(shape)), limit)
    return None if found is None else found[0]


def box_frontier(
    boxes: np.ndarray, shape: tuple[int, ...], last: int, limit: int = GRID_LIMIT
) -> tuple[np.ndarray, np.ndarray] | None:
    """Which distinct boxes [B, A] (non-negative, within ``shape``) no other box weakly
    dominates, and their :func:`ceiling_grid`; None when it would exceed ``limit`` cells.

    Axis ``last`` is the value; the grid over the others holds, per cell, the largest value
    among boxes at least as high on every other axis. Box b is dominated by some b' != b,
    b' >= b, exactly when b' >= b + e_a for an axis a: a grid axis (the grid one step up
    reaches b's value) or the value axis (a larger value in b's own cell).
    """
    up = ceiling_grid(boxes, shape, last, limit)
    if up is None:
        return None
    others = [a for a in range(len(shape)) if a != last]
    value = boxes[:, last]
    coords = boxes[:, others]
    if not others:
        return np.asarray(value == value.max()), up
    flat = np.ravel_multi_index(tuple(coords.T), up.shape)
    own = np.full(up.size, -1, dtype=up.dtype)
    np.maximum.at(own, flat, value.astype(up.dtype))
    dominated = own[flat] > value
    flat_up = up.ravel()
    for j in range(len(others)):  # one step up axis j: flat + that axis's stride
        inside = coords[:, j] + 1 < up.shape[j]
        hit = np.zeros(len(boxes), dtype=bool)
        hit[inside] = flat_up[flat[inside] + prod(up.shape[j + 1 :])] >= value[inside]
        dominated |= hit
    return ~dominated, up


def ceiling_grid(
    boxes: np.ndarray, shape: tuple[int, ...], last: int, limit: int = GRID_LIMIT
) -> np.ndarray | None:
    """Over the grid of every axis of ``shape`` but ``last``: per cell, the largest
    ``last`` coordinate among ``boxes`` (non-negative, within ``shape``) at least as high on
    every other axis; -1 where none. None when the grid would exceed ``limit`` cells."""
    others = [a for a in range(len(shape)) if a != last]
    grid_shape = tuple(shape[a] for a in others)
    if prod(grid_shape) > limit:
        return None
    kind = np.int16 if shape[last] < 2**15 else np.int32  # narrow: the passes are memory-bound
    up = np.full(grid_shape, -1, dtype=kind)
    if not others:  # one axis: the grid is one cell, the largest value
        return np.asarray(boxes[:, last].max(initial=-1), dtype=kind)
    if len(boxes):
        np.maximum.at(up, tuple(boxes[:, others].T), boxes[:, last].astype(kind))
    for ax in range(len(grid_shape)):  # the largest at or above, one axis at a time
        if grid_shape[ax] > 512:
            up = np.flip(np.maximum.accumulate(np.flip(up, ax), axis=ax), ax)
            continue
        # slice by slice, in place: each step one large contiguous operation, about three
        # times faster than ``accumulate`` over a strided axis
        v = np.moveaxis(up, ax, 0)
        for i in range(grid_shape[ax] - 2, -1, -1):
            np.maximum(v[i : i + 1], v[i + 1 : i + 2], out=v[i : i + 1])
    return up


class BoxGrid:
    """Boxes of sums ``ta[ra] + tb[rb]`` of rows of two sides given in box units (one array
    per axis), truncated: their flat index in a grid of ``shape``, and whether a kept box
    is >= them, against ``up``, the :func:`ceiling_grid` of the kept boxes flattened (None:
    none kept yet). Computed column by column over whole arrays, about twice as fast as
    indexing with rows of boxes."""

    def __init__(self, shape: tuple[int, ...], last: int) -> None:
        self.last = last
        self.others = [a for a in range(len(shape)) if a != last]
        self.up: np.ndarray | None = None
        # C-order strides of the full box grid and of the ceiling grid over the others
        self.strides = [prod(shape[a + 1 :]) for a in range(len(shape))]
        inner = [shape[a] for a in self.others]
        self.up_strides = [prod(inner[k + 1 :]) for k in range(len(inner))]

    def fresh(
        self, ta: list[np.ndarray], tb: list[np.ndarray], ra: np.ndarray, rb: np.ndarray
    ) -> np.ndarray:
        """Which boxes of ``ta[ra] + tb[rb]`` no kept box is >= everywhere."""
        if self.up is None:
            return np.ones(len(ra), dtype=bool)
        flat = np.zeros(len(ra), dtype=np.intp)
        for k, a in enumerate(self.others):
            box = ta[a][ra]
            box += tb[a][rb]
            flat += box.astype(np.intp) * self.up_strides[k]
        value = ta[self.last][ra]
        value += tb[self.last][rb]
        return np.asarray(self.up[flat] < value.astype(np.intp))

    def fresh_keys(
        self, ta: list[np.ndarray], tb: list[np.ndarray], ra: np.ndarray, rb: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`fresh`, and the flat index of each box in the whole grid, from one pass
        over the columns."""
        key = np.zeros(len(ra), dtype=np.int64)
        flat = np.zeros(len(ra), dtype=np.intp)
        value = key
        for a, stride in enumerate(self.strides):
            box = ta[a][ra]
            box += tb[a][rb]
            whole = box.astype(np.int64)
            key += whole * stride
            if a == self.last:
                value = whole
            else:
                flat += whole * self.up_strides[self.others.index(a)]
        if self.up is None:
            return np.ones(len(ra), dtype=bool), key
        return np.asarray(self.up[flat] < value), key
