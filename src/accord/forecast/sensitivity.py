"""Which uncertain input moves the forecast most: a tornado table and first-order indices.

**Tornado.** Every uncertain input (see :mod:`accord.uncertainty.draws`) is moved to the low
and to the high end of its spread while every other input keeps its *base* value, the
scenario's own number (so the middle of each bar is :func:`~accord.forecast.models.forecast`
itself). Per issue, an input's *swing* is the range of the forecast over its three
evaluations (low end, base, high end): for a model whose forecast moves monotonically with
the input that is ``|f(high) - f(low)|``, and a non-monotone response (a median that jumps
and comes back) is not understated. Rows are sorted by swing, largest first (ties by input
name). ``ranking`` orders the inputs by their largest swing over the issues, each swing
divided by its issue's scale width so that issues in different units compare. Inputs that
do not enter the forecast (BATNAs, red lines) swing by 0 and are listed all the same. The
tornado is one-at-a-time: it does not show interactions.

**First-order indices.** ``S_i = Var(E[Y | X_i]) / Var(Y)``, the share of the forecast's
variance explained by input ``i`` alone, per input and issue, estimated from the Monte Carlo
draws themselves (no extra model evaluations: the "given-data" estimator). The draws are
grouped by ``X_i``: into ``bins`` groups of equal count by rank of ``X_i`` (default
``clip(round(sqrt(D)), 2, 50)``), or by value when the input takes at most that many
distinct values (snapped ordinal positions). With ``D`` draws in ``M`` non-empty groups,
``B`` the variance of the group means (weighted by group size) and ``W`` the mean
within-group variance (``B + W = Var(Y)``):

    S_i = (B - (M - 1) / (D - M) * W) / (B + W),  clipped to [0, 1].

The subtracted term removes the estimator's main bias: the noise of the group means
inflates ``B`` by about ``(M - 1) / D`` of the within-group variance, so an input that does
nothing would otherwise get ``S ~ (M - 1) / D``. What remains: grouping by rank replaces
``E[Y | X_i]`` by its average over each bin, which *underestimates* ``S_i`` by the variation of
``E[Y | X_i]`` within bins (for a smooth response about ``1 / M**2`` of it, 0.04 % at
``M = 50``); the statistical error is of order ``1 / sqrt(D)``. The indices assume the inputs
are independent, as the draws are. An issue whose forecast does not vary gets ``None``.
Seeded like :func:`~accord.forecast.montecarlo.simulate`: same seed (and chunk), same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.forecast.montecarlo_chunks import (
    DEFAULT_CHUNK,
    Plan,
    Progress,
    compile_plan,
    evaluate,
    run_draws,
)
from accord.model import Scenario
from accord.model.plain import rename, to_plain

#: Most groups the first-order estimator uses.
MAX_BINS = 50


@dataclass(frozen=True)
class TornadoBar:
    """One input moved across its spread, the others at their base values, for one issue."""

    input: str
    low: float  # the input's low end (option position for ordinal inputs)
    high: float
    # the forecast with the input at its low end
    at_low: float | None = field(metadata=rename("forecast_at_low"))
    at_high: float | None = field(metadata=rename("forecast_at_high"))
    swing: float  # max - min of the forecast over low end, base and high end


@dataclass(frozen=True)
class Sensitivity:
    """The result of :func:`sensitivity`; ``first_order[k, i]`` is input k on issue i."""

    scenario: str
    model: str
    issues: tuple[str, ...]
    inputs: tuple[str, ...]
    base: dict[str, float | None]  # issue -> the forecast at every base value
    tornado: dict[str, tuple[TornadoBar, ...]]  # issue -> bars, largest swing first
    ranking: tuple[tuple[str, float], ...]  # (input, largest relative swing), largest first
    first_order: np.ndarray = field(repr=False, compare=False)  # [K, I], NaN where undefined
    draws: int = 0
    seed: int | None = None
    entropy: int = 0
    chunk: int = DEFAULT_CHUNK
    bins: int = 0
    notes: tuple[str, ...] = ()

    def index(self, input_name: str, issue: str) -> float | None:
        """The first-order index of ``input_name`` on ``issue`` (None when undefined)."""
        v = self.first_order[self.inputs.index(input_name), self.issues.index(issue)]
        return None if np.isnan(v) else float(v)

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The run's settings, the tornado, and the first-order indices by issue and input."""
        return {
            "scenario": self.scenario,
            "model": self.model,
            "draws": self.draws,
            "seed": self.seed,
            "entropy": str(self.entropy),
            "chunk": self.chunk,
            "inputs": self.inputs,
            "base": self.base,
            "tornado": self.tornado,
            "ranking": [{"input": n, "relative_swing": s} for n, s in self.ranking],
            "first_order": {
                issue: {name: self.index(name, issue) for name in self.inputs}
                for issue in self.issues
            },
            "estimator": {
                "first_order": "given-data binning, bias-corrected",
                "bins": self.bins,
            },
            "notes": list(self.notes),
        }


def _none(v: float) -> float | None:
    return None if np.isnan(v) else float(v)


def tornado_values(plan: Plan) -> np.ndarray:
    """The input values the tornado evaluates: ``[1 + 2K, K]``, base first, then each
    input's low end and high end in turn."""
    specs = plan.base.inputs
    base = plan.base.values()
    rows = np.repeat(base[None], 1 + 2 * len(specs), axis=0)
    for k, spec in enumerate(specs):
        rows[1 + 2 * k, k] = spec.low
        rows[2 + 2 * k, k] = spec.high
    return rows


def _tornado(plan: Plan, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    values = tornado_values(plan)
    parts = [
        evaluate(plan, values[s : s + chunk], outputs=("forecast",)).forecast
        for s in range(0, values.shape[0], chunk)
    ]
    return values, np.concatenate(parts, axis=0)


def first_order(x: np.ndarray, y: np.ndarray, bins: int) -> np.ndarray:
    """Given-data first-order indices (see the module docstring): ``x [D, K]``, ``y [D, I]``
    -> ``[K, I]``; NaN where an issue has no forecast variance."""
    n_k = x.shape[1]
    n_i = y.shape[1]
    out = np.full((n_k, n_i), np.nan)
    for k in range(n_k):
        groups = _groups(x[:, k], bins)
        for i in range(n_i):
            ok = ~np.isnan(y[:, i])
            out[k, i] = _index(groups[ok], y[ok, i])
    return out


def _groups(x: np.ndarray, bins: int) -> np.ndarray:
    values, inverse = np.unique(x, return_inverse=True)
    if values.size <= bins:
        return inverse.reshape(-1)
    ranks = np.empty(x.size, dtype=np.intp)
    ranks[np.argsort(x, kind="stable")] = np.arange(x.size)
    return ranks * bins // x.size


def _index(groups: np.ndarray, y: np.ndarray) -> float:
    n = y.size
    if n < 2:
        return np.nan
    mean = y.mean()
    total = ((y - mean) ** 2).mean()
    if not total > 1e-12 * max(1.0, mean * mean):
        return np.nan
    counts = np.bincount(groups)
    sums = np.bincount(groups, weights=y)
    used = counts > 0
    means = sums[used] / counts[used]
    between = (counts[used] * (means - mean) ** 2).sum() / n
    within = max(total - between, 0.0)
    m = int(used.sum())
    if n > m:
        between -= (m - 1) / (n - m) * within
    return float(np.clip(between / total, 0.0, 1.0))


def sensitivity(
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
    bins: int | None = None,
) -> Sensitivity:
    """Tornado table and first-order indices of ``model``'s forecast (module docstring).

    The Monte Carlo part draws exactly as :func:`~accord.forecast.montecarlo.simulate`
    (same seed and chunk: same draws), on ``backend``; the tornado runs locally.
    """
    plan = compile_plan(
        scenario,
        model,
        actors,
        None,
        draws=draws,
        acceptance=False,
        zopa=False,
        zopa_budget=0,
        zopa_solves=0,
    )
    issues = tuple(plan.base.issues)
    names = tuple(spec.name for spec in plan.base.inputs)
    _, forecasts = _tornado(plan, chunk)
    base = forecasts[0]
    width = plan.base.high - plan.base.low
    tornado: dict[str, tuple[TornadoBar, ...]] = {}
    rel = np.zeros(len(names))
    for i, iid in enumerate(issues):
        bars = []
        for k, spec in enumerate(plan.base.inputs):
            trio = np.array([forecasts[1 + 2 * k, i], base[i], forecasts[2 + 2 * k, i]])
            swing = float(np.nanmax(trio) - np.nanmin(trio)) if not np.isnan(trio).all() else 0.0
            if width[i] > 0:
                rel[k] = max(rel[k], swing / width[i])
            bars.append(
                TornadoBar(spec.name, spec.low, spec.high, _none(trio[0]), _none(trio[2]), swing)
            )
        bars.sort(key=lambda b: (-b.swing, b.input))
        tornado[iid] = tuple(bars)
    ranking = tuple(
        sorted(
            ((n, float(r)) for n, r in zip(names, rel, strict=True)), key=lambda t: (-t[1], t[0])
        )
    )
    root, chunks = run_draws(
        plan,
        draws=draws,
        seed=seed,
        chunk=chunk,
        backend=backend,
        address=address,
        progress=progress,
        outputs=("forecast",),
    )
    x = np.concatenate([c.values for c in chunks], axis=0)
    y = np.concatenate([c.forecast for c in chunks], axis=0)
    m = bins if bins is not None else int(np.clip(round(draws**0.5), 2, MAX_BINS))
    if m < 2:
        raise ValueError(f"bins must be at least 2; got {m}")
    indices = first_order(x, y, m)
    notes = []
    if not names:
        notes.append("the scenario has no spreads: nothing to rank")
    return Sensitivity(
        scenario=scenario.id,
        model=model,
        issues=issues,
        inputs=names,
        base={iid: _none(v) for iid, v in zip(issues, base, strict=True)},
        tornado=tornado,
        ranking=ranking,
        first_order=indices,
        draws=draws,
        seed=seed,
        entropy=int(root.entropy),  # type: ignore[arg-type]
        chunk=chunk,
        bins=m,
        notes=tuple(notes),
    )
