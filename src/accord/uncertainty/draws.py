"""Sampling a scenario's uncertain numbers: every spread becomes a named column of draws.

A scenario may put a spread (:class:`accord.model.actors.Uncertainty`) on an actor's
capability, on a stance's position, salience or red line, and on a BATNA's utility. Each
spread is one *uncertain input*, named after what it moves:

- ``russia.capability`` and ``russia.batna`` (an actor's capability, its BATNA utility);
- ``russia/donbas.position``, ``russia/donbas.salience``, ``russia/donbas.red_line``.

Every input is drawn on a number scale, all draws at once (no Python loop per draw), with
one :class:`numpy.random.Generator`; the inputs that share a distribution are drawn together
as one ``[D, K]`` array, uniform ones first, then triangular, then normal:

- ``uniform``: evenly between ``low`` and ``high``;
- ``triangular``: from ``low`` up to ``mode`` and down to ``high`` (``mode`` defaults to the
  midpoint), by its inverse CDF;
- ``normal``: mean ``mode`` (default the midpoint), standard deviation a quarter of the
  width ``high - low``, truncated to ``[low, high]`` by rejection in array form: every draw
  that falls outside is redrawn, all of them at once, until none is left (the mean being
  inside the range, about half of the draws or more land inside each round).

A ``mode`` outside ``[low, high]`` is moved to the nearer end; ``low == high`` gives that
value every time.

**Ordinal positions and red lines.** Their ``low``, ``high`` and ``mode`` are option ids.
They are drawn on the issue's 0..100 position scale, between the positions of the two
options (whichever of ``low`` and ``high`` lies lower on the scale is the lower end), and
each draw is then snapped to the nearest option position (ties to the lower option). So a
uniform spread over three evenly spaced options gives the middle one half of the draws and
each end a quarter: the end options own half a bin each.

A BATNA with a spread but no ``utility`` is drawn from its spread all the same (the spread
says what the analyst believes). An input's *base* value is the scenario's own number (the
stated capability, position, ...); for a BATNA without a utility it is the mode, or the
midpoint. Inputs are listed in scenario order: actors (capability, then BATNA), then
stances (position, salience, red line), so a seed always gives the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.analysis.inputs import Inputs, issue_scale
from accord.analysis.utility import encode_setting
from accord.model import IssueKind, Scenario
from accord.model.actors import Uncertainty
from accord.model.issues import Issue
from accord.model.plain import omit

#: Draw kinds, in the order an actor's or a stance's spreads are listed.
ACTOR_KINDS = ("capability", "batna")
#: The rates of a BATNA's over-time model that may carry spreads (``batna.over_time``).
RATE_KINDS = ("trend", "cost", "support")
STANCE_KINDS = ("position", "salience", "red_line")

#: Distributions, in the order :func:`sample` draws them.
DISTRIBUTIONS = ("uniform", "triangular", "normal")

#: Rounds of redrawing for the truncated normal before giving up (never reached in practice:
#: each round keeps at least half of the remaining draws).
MAX_REJECTION_ROUNDS = 200


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain number of a scenario, on a number scale.

    ``low <= mode <= high`` on that scale (option positions for ordinal issues); ``base``
    is the scenario's own value. ``options`` holds an ordinal issue's option positions
    (draws snap to them), empty otherwise.
    """

    name: str
    kind: str  # capability | batna | trend | cost | support | position | salience | red_line
    actor: str
    issue: str | None
    distribution: str
    low: float
    high: float
    mode: float
    base: float
    options: tuple[float, ...] = field(default=(), metadata=omit())


def _position(issue: Issue, value: object) -> float:
    return float(encode_setting(issue, value)[0])


def _spread(
    name: str,
    kind: str,
    actor: str,
    issue: Issue | None,
    spread: Uncertainty,
    base: float | None,
) -> UncertainInput:
    ordinal = issue is not None and issue.kind is IssueKind.ordinal and kind != "salience"
    if ordinal:
        ends = [_position(issue, spread.low), _position(issue, spread.high)]  # type: ignore[arg-type]
        mode = None if spread.mode is None else _position(issue, spread.mode)  # type: ignore[arg-type]
        options = tuple(float(p) for p in issue.positions())  # type: ignore[union-attr]
    else:
        ends = [float(spread.low), float(spread.high)]
        mode = None if spread.mode is None else float(spread.mode)
        options = ()
    low, high = min(ends), max(ends)
    mode = (low + high) / 2 if mode is None else min(max(mode, low), high)
    return UncertainInput(
        name=name,
        kind=kind,
        actor=actor,
        issue=None if issue is None else issue.id,
        distribution=spread.distribution,
        low=low,
        high=high,
        mode=mode,
        base=mode if base is None else float(base),
        options=options,
    )


def uncertain_inputs(scenario: Scenario) -> list[UncertainInput]:
    """Every spread of ``scenario`` as an :class:`UncertainInput`, in a fixed order."""
    out: list[UncertainInput] = []
    for actor in scenario.actors:
        spreads = actor.uncertainty or {}
        if "capability" in spreads:
            out.append(
                _spread(
                    f"{actor.id}.capability",
                    "capability",
                    actor.id,
                    None,
                    spreads["capability"],
                    actor.capability,
                )
            )
        if actor.batna is not None and actor.batna.uncertainty is not None:
            out.append(
                _spread(
                    f"{actor.id}.batna",
                    "batna",
                    actor.id,
                    None,
                    actor.batna.uncertainty,
                    actor.batna.utility,
                )
            )
        over = actor.batna.over_time if actor.batna is not None else None
        for kind in RATE_KINDS if over is not None else ():
            if over is not None and over.uncertainty and kind in over.uncertainty:
                out.append(
                    _spread(f"{actor.id}.batna.{kind}", kind, actor.id, None,
                            over.uncertainty[kind], getattr(over, kind))
                )  # fmt: skip
    issues = {i.id: i for i in scenario.issues}
    for st in scenario.stances:
        issue = issues[st.issue]
        spreads = st.uncertainty or {}
        for kind in STANCE_KINDS:
            if kind not in spreads:
                continue
            if kind == "red_line" and st.red_line is None:
                raise ValueError(
                    f"{st.actor}/{st.issue}: a spread on 'red_line' but no red line; "
                    "give 'red_line' or drop the spread"
                )
            if kind != "salience" and issue.kind is IssueKind.boolean:
                raise ValueError(
                    f"{st.actor}/{st.issue}: a yes/no setting has no spread; "
                    "put the doubt in 'salience'"
                )
            value = getattr(st, kind)
            base = float(value) if kind == "salience" else _position(issue, value)
            out.append(
                _spread(f"{st.actor}/{st.issue}.{kind}", kind, st.actor, issue, spreads[kind], base)
            )
    return out


def sample(inputs: Sequence[UncertainInput], n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of every input, ``[n, K]``; every value lies in ``[low, high]``.

    Inputs are drawn a distribution at a time, all of a distribution's inputs in one array
    (uniform, then triangular, then normal), so a seed always gives the same numbers.
    Ordinal inputs are then snapped to their options' positions.
    """
    n_k = len(inputs)
    out = np.empty((n, n_k))
    low = np.array([s.low for s in inputs], dtype=float)
    high = np.array([s.high for s in inputs], dtype=float)
    mode = np.array([s.mode for s in inputs], dtype=float)
    for dist in DISTRIBUTIONS:
        cols = [k for k, s in enumerate(inputs) if s.distribution == dist]
        if not cols:
            continue
        lo, hi, mo = low[cols], high[cols], mode[cols]
        if dist == "uniform":
            x = lo + (hi - lo) * rng.random((n, len(cols)))
        elif dist == "triangular":
            x = _triangular(rng.random((n, len(cols))), lo, hi, mo)
        else:
            x = _truncated_normal(rng, n, lo, hi, mo, (hi - lo) / 4.0)
        out[:, cols] = np.clip(x, lo, hi)
    ordinal = [k for k, s in enumerate(inputs) if s.options]
    if ordinal:
        width = max(len(inputs[k].options) for k in ordinal)
        positions = np.full((len(ordinal), width), np.inf)
        for j, k in enumerate(ordinal):
            positions[j, : len(inputs[k].options)] = inputs[k].options
        # the nearest option; argmin takes the first (lower) of two equally near ones
        gap = np.abs(out[:, ordinal, None] - positions[None])
        pick = np.argmin(gap, axis=-1)
        out[:, ordinal] = np.take_along_axis(positions[None], pick[..., None], axis=-1)[..., 0]
    return out


def draw_one(spec: UncertainInput, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one input (see the module docstring for each distribution)."""
    return sample([spec], n, rng)[:, 0]


def _triangular(u: np.ndarray, low: np.ndarray, high: np.ndarray, mode: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution, per column; ``low == high`` gives low."""
    width = high - low
    c = np.divide(mode - low, width, out=np.full(width.shape, 0.5), where=width > 0)
    left = low + np.sqrt(u * c) * width
    right = high - np.sqrt((1.0 - u) * (1.0 - c)) * width
    return np.where(u < c, left, right)


def _truncated_normal(
    rng: np.random.Generator,
    n: int,
    low: np.ndarray,
    high: np.ndarray,
    mean: np.ndarray,
    sd: np.ndarray,
) -> np.ndarray:
    """Normal draws per column, redrawn (all at once, in rounds) until inside the bounds."""
    x = mean + sd * rng.standard_normal((n, low.size))
    bad = np.nonzero(((x < low) | (x > high)) & (sd > 0))
    for _ in range(MAX_REJECTION_ROUNDS):
        if bad[0].size == 0:
            return np.where(sd > 0, x, low)
        cols = bad[1]
        redo = mean[cols] + sd[cols] * rng.standard_normal(cols.size)
        x[bad] = redo
        keep = (redo < low[cols]) | (redo > high[cols])
        bad = (bad[0][keep], bad[1][keep])
    raise RuntimeError("truncated normal: rejection did not finish")  # pragma: no cover


def snap(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Each value moved to the nearest of ``positions`` (ascending); ties to the lower one."""
    k = option_index(values, positions)
    return positions[k]


def option_index(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Index of the nearest of ``positions`` (ascending) to each value; ties to the lower."""
    hi = np.clip(np.searchsorted(positions, values, side="left"), 1, len(positions) - 1)
    lo = hi - 1
    take_hi = np.abs(positions[hi] - values) < np.abs(values - positions[lo])
    return np.where(take_hi, hi, lo)


@dataclass(frozen=True)
class Base:
    """A scenario's numbers as arrays over all of its actors (scenario order) x issues.

    ``position`` and ``red_line`` are on each issue's scale (NaN where there is no stance
    or no red line); ``batna`` is NaN where unknown. ``columns`` says, for each
    :class:`UncertainInput`, which array and cell its draws replace.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position: np.ndarray  # [A, I]
    salience: np.ndarray  # [A, I]
    red_line: np.ndarray  # [A, I]
    capability: np.ndarray  # [A]
    batna: np.ndarray  # [A]
    trend: np.ndarray  # [A] the BATNA's over-time rates (0 without a model)
    cost: np.ndarray  # [A]
    support: np.ndarray  # [A]
    low: np.ndarray  # [I]
    high: np.ndarray  # [I]
    inputs: tuple[UncertainInput, ...]
    columns: tuple[tuple[str, int, int], ...]  # (array, actor, issue or -1) per input

    def values(self) -> np.ndarray:
        """Each input's base value, ``[K]``."""
        return np.array([spec.base for spec in self.inputs], dtype=float)


def base_arrays(scenario: Scenario) -> Base:
    """The :class:`Base` of ``scenario``: its stated numbers and its uncertain inputs."""
    actors = tuple(a.id for a in scenario.actors)
    issues = scenario.issues
    actor_at = {a: k for k, a in enumerate(actors)}
    issue_at = {i.id: k for k, i in enumerate(issues)}
    n_a, n_i = len(actors), len(issues)
    position = np.full((n_a, n_i), np.nan)
    salience = np.zeros((n_a, n_i))
    red_line = np.full((n_a, n_i), np.nan)
    for st in scenario.stances:
        a, i = actor_at[st.actor], issue_at[st.issue]
        position[a, i] = _position(issues[i], st.position)
        salience[a, i] = float(st.salience)
        if st.red_line is not None:
            red_line[a, i] = _position(issues[i], st.red_line)
    batna = np.array(
        [
            a.batna.utility if a.batna is not None and a.batna.utility is not None else np.nan
            for a in scenario.actors
        ],
        dtype=float,
    ).reshape(n_a)
    scale = np.array([issue_scale(i) for i in issues], dtype=float).reshape(n_i, 2)
    rates = {
        kind: np.array(
            [
                float(getattr(a.batna.over_time, kind))
                if a.batna is not None and a.batna.over_time is not None
                else 0.0
                for a in scenario.actors
            ],
            dtype=float,
        ).reshape(n_a)
        for kind in RATE_KINDS
    }
    inputs = tuple(uncertain_inputs(scenario))
    columns = []
    for spec in inputs:
        a = actor_at[spec.actor]
        i = -1 if spec.issue is None else issue_at[spec.issue]
        columns.append((spec.kind, a, i))
    return Base(
        actors=actors,
        issues=tuple(i.id for i in issues),
        position=position,
        salience=salience,
        red_line=red_line,
        capability=np.array([float(a.capability) for a in scenario.actors]).reshape(n_a),
        batna=batna,
        **rates,
        low=scale[:, 0],
        high=scale[:, 1],
        inputs=inputs,
        columns=tuple(columns),
    )


@dataclass(frozen=True)
class Drawn:
    """D drawn scenarios as arrays: every actor of the scenario (its order) x issue."""

    position: np.ndarray  # [D, A, I]
    salience: np.ndarray  # [D, A, I]
    red_line: np.ndarray  # [D, A, I]
    capability: np.ndarray  # [D, A]
    batna: np.ndarray  # [D, A]
    trend: np.ndarray  # [D, A]
    cost: np.ndarray  # [D, A]
    support: np.ndarray  # [D, A]
    low: np.ndarray  # [I]
    high: np.ndarray  # [I]

    @property
    def rate(self) -> np.ndarray:
        """Each actor's net monthly change of its BATNA, ``trend + support - cost``, [D, A]."""
        return self.trend + self.support - self.cost

    def inputs(self, rows: Sequence[int] | None = None) -> Inputs:
        """The models' :class:`Inputs` ``[D, A, I]`` for the actors at ``rows`` (default all)."""
        idx = slice(None) if rows is None else list(rows)
        return Inputs(
            position=self.position[:, idx],
            capability=self.capability[:, idx],
            salience=self.salience[:, idx],
            low=self.low,
            high=self.high,
        )


def apply(base: Base, values: np.ndarray) -> Drawn:
    """The drawn scenarios for input values ``[D, K]`` (columns in ``base.inputs`` order)."""
    values = np.asarray(values, dtype=float)
    d = values.shape[0]
    arrays = {
        "position": np.repeat(base.position[None], d, axis=0),
        "salience": np.repeat(base.salience[None], d, axis=0),
        "red_line": np.repeat(base.red_line[None], d, axis=0),
        "capability": np.repeat(base.capability[None], d, axis=0),
        "batna": np.repeat(base.batna[None], d, axis=0),
        **{kind: np.repeat(getattr(base, kind)[None], d, axis=0) for kind in RATE_KINDS},
    }
    for kind, array in arrays.items():
        ks = [k for k, col in enumerate(base.columns) if col[0] == kind]
        if not ks:
            continue
        rows = [base.columns[k][1] for k in ks]
        if array.ndim == 2:
            array[:, rows] = values[:, ks]
        else:
            array[:, rows, [base.columns[k][2] for k in ks]] = values[:, ks]
    return Drawn(low=base.low, high=base.high, **arrays)
