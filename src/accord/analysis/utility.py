"""Every actor's utility for issue settings, compiled into arrays.

An actor's utility for an outcome is additive over issues:

    U_a(x) = sum_i w_ai * u_ai(x_i),    w_ai = s_ai / sum_j s_aj

with ``s`` the salience of its stances (issues it has no stance on do not count) and
``u_ai`` in 0..1: 1 at its position, 0 at the setting of issue i farthest from it. With
``d`` the distance from the position divided by that largest distance, ``linear`` gives
``1 - d`` and ``quadratic`` ``1 - d**2``; ``table`` reads the stance's table. Distances are
taken on the issue's scale: option positions (0..100) for ordinal issues, 0 and 100 for
false and true, the issue's own units for continuous ones.

A setting is encoded as a pair (position on the scale, option index), the index being -1
for continuous issues; discrete issues are looked up in per-option tables, continuous ones
computed by formula. Everything below works on whole arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.model import IssueKind, Scenario, UtilityShape
from accord.model.issues import Issue

LINEAR, QUADRATIC, TABLE = 0, 1, 2
_SHAPE_CODE = {
    UtilityShape.linear: LINEAR,
    UtilityShape.quadratic: QUADRATIC,
    UtilityShape.table: TABLE,
}

#: Utilities closer than this count as equal (red lines, acceptance against a BATNA).
TOLERANCE = 1e-9


def encode_setting(issue: Issue, value: object) -> tuple[float, int]:
    """A setting as (position on the issue's scale, option index or -1 if continuous)."""
    if issue.kind is IssueKind.continuous:
        return float(value), -1  # type: ignore[arg-type]
    if issue.kind is IssueKind.boolean:
        k = int(bool(value))
    else:
        k = issue.option_ids().index(str(value))
    return issue.positions()[k], k


def issue_utilities_batch(
    ideal: np.ndarray,
    reach: np.ndarray,
    shape: np.ndarray,
    table: np.ndarray,
    position: np.ndarray,
    index: np.ndarray,
) -> np.ndarray:
    """Per-issue utility u_ai of encoded settings for a batch of B preference sets.

    The one place the utility arithmetic of the module docstring is written down: a single
    scenario (:meth:`Preferences.issue_utilities`) is a batch of one; Monte Carlo draws and
    the runs of a negotiation process are a batch each.

    ``ideal`` and ``reach`` are ``[B, A, I]`` (``ideal`` NaN where actor a has no stance on
    issue i); ``shape`` ``[A, I]`` and ``table`` ``[A, I, K]`` are shared by the batch. The
    settings ``position`` and ``index`` (option index, -1 for continuous issues) are either
    ``[N, I]``, the same N outcomes for everyone, or ``[B, A, N, I]``, one set per actor and
    batch member. Returns ``[B, A, N, I]``, 0 where there is no stance.

    A ``table`` stance reads its table wherever the setting is an option; every other
    setting goes through the formula. For linear and quadratic stances on discrete issues
    the formula at an option's position is exactly the tabled value (same operations on
    the same numbers), so tables need hold only ``table`` stances.
    """
    position = np.asarray(position, dtype=float)
    index = np.asarray(index, dtype=np.intp)
    n_a, n_i = shape.shape
    ideal4 = ideal[:, :, None, :]
    d = np.abs(position - ideal4) / reach[:, :, None, :]
    shape3 = shape[:, None, :]
    formula = np.where(shape3 == QUADRATIC, 1.0 - d * d, 1.0 - d)
    actor_axis = np.arange(n_a)[:, None, None]
    looked_up = table[actor_axis, np.arange(n_i), np.maximum(index, 0)]
    u = np.where((shape3 == TABLE) & (index >= 0), looked_up, formula)
    return np.where(np.isnan(ideal4), 0.0, u)


@dataclass(frozen=True)
class Preferences:
    """Stances compiled into arrays: A actors with stances x I issues (x K options).

    ``weight`` rows sum to 1 (salience normalised per actor); where an actor has no stance
    on an issue its weight is 0 and its ``ideal`` NaN. ``table`` holds the utility of each
    option of each discrete issue, whatever the stance's shape, padded with NaN.
    ``red`` is the utility of the actor's red-line setting (NaN where it has none): a
    setting crosses the red line when its utility is below that.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    ideal: np.ndarray  # [A, I] float
    reach: np.ndarray  # [A, I] float, the largest distance from ideal on the issue's scale
    weight: np.ndarray  # [A, I] float
    shape: np.ndarray  # [A, I] int8
    table: np.ndarray  # [A, I, K] float
    red: np.ndarray  # [A, I] float
    batna: np.ndarray  # [A] float, NaN where unknown

    @property
    def has_stance(self) -> np.ndarray:
        return ~np.isnan(self.ideal)

    def issue_utilities(self, position: np.ndarray, index: np.ndarray) -> np.ndarray:
        """Per-issue utility u_ai of N encoded outcomes: [N, I] arrays -> [A, N, I].

        Entries where the actor has no stance on the issue are 0. This is
        :func:`issue_utilities_batch` for a batch of one.
        """
        ideal, reach = self.ideal[None], self.reach[None]
        return issue_utilities_batch(ideal, reach, self.shape, self.table, position, index)[0]

    def utilities(self, position: np.ndarray, index: np.ndarray) -> np.ndarray:
        """Total utility U_a of N encoded outcomes: [N, I] arrays -> [A, N]."""
        return np.einsum("ani,ai->an", self.issue_utilities(position, index), self.weight)


def option_positions(issues: Sequence[Issue]) -> np.ndarray:
    """The option positions of every discrete issue ``[I, K]``, NaN padded (and for
    continuous issues); K is the most options of any issue (1 when all are continuous)."""
    discrete = [i.positions() for i in issues if i.kind is not IssueKind.continuous]
    out = np.full((len(issues), max(map(len, discrete), default=1)), np.nan)
    for i, issue in enumerate(issues):
        if issue.kind is not IssueKind.continuous:
            pos = issue.positions()
            out[i, : len(pos)] = pos
    return out


def stance_shapes(
    scenario: Scenario, actors: Sequence[str], n_k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The utility shape ``[A, I]`` (int8 code) of each actor's stances and the tables of its
    ``table`` stances ``[A, I, n_k]`` (NaN elsewhere, and as padding). Shape 0 (linear)
    where an actor has no stance; stances of actors not in ``actors`` are skipped."""
    issue_at = {issue.id: i for i, issue in enumerate(scenario.issues)}
    actor_at = {a: k for k, a in enumerate(actors)}
    shape = np.zeros((len(actors), len(issue_at)), dtype=np.int8)
    table = np.full((len(actors), len(issue_at), n_k), np.nan)
    for st in scenario.stances:
        if st.actor not in actor_at:
            continue
        a, i = actor_at[st.actor], issue_at[st.issue]
        shape[a, i] = _SHAPE_CODE[st.utility]
        if st.utility is UtilityShape.table:
            kind = scenario.issues[i].kind
            keys = (
                scenario.issues[i].option_ids() if kind is IssueKind.ordinal else ["false", "true"]
            )
            table[a, i, : len(keys)] = [st.table[k] for k in keys]  # type: ignore[index]
    return shape, table


def option_table(
    ideal: np.ndarray,
    reach: np.ndarray,
    shape: np.ndarray,
    stated: np.ndarray,
    options: np.ndarray,
) -> np.ndarray:
    """Every actor's utility of every option of every discrete issue ``[A, I, K]``.

    ``ideal``, ``reach``, ``shape`` are ``[A, I]``, ``stated`` the tables of ``table``
    stances (:func:`stance_shapes`), ``options`` the positions (:func:`option_positions`).
    Other shapes are computed by :func:`issue_utilities_batch` at the options' positions.
    NaN where the actor has no stance, for continuous issues and as padding.
    """
    at_options = np.full(options.T.shape, -1, dtype=np.intp)  # the formula at every option
    u = issue_utilities_batch(ideal[None], reach[None], shape, stated, options.T, at_options)
    formula = np.where(np.isnan(ideal)[:, :, None], np.nan, u[0].transpose(0, 2, 1))
    return np.where((shape == TABLE)[:, :, None], stated, formula)


def compile_preferences(scenario: Scenario) -> Preferences:
    """Compile the scenario's stances. Actors without stances are left out."""
    issues = scenario.issues
    issue_at = {issue.id: i for i, issue in enumerate(issues)}
    stanced = {s.actor for s in scenario.stances}
    actors = [a for a in scenario.actors if a.id in stanced]
    actor_at = {a.id: k for k, a in enumerate(actors)}
    n_a, n_i = len(actors), len(issues)

    ideal = np.full((n_a, n_i), np.nan)
    reach = np.ones((n_a, n_i))
    salience = np.zeros((n_a, n_i))
    red = np.full((n_a, n_i), np.nan)
    for st in scenario.stances:
        a, i = actor_at[st.actor], issue_at[st.issue]
        lo, hi = issues[i].bounds()
        at, _ = encode_setting(issues[i], st.position)
        ideal[a, i] = at
        reach[a, i] = max(at - lo, hi - at)
        salience[a, i] = st.salience
    options = option_positions(issues)
    shape, stated = stance_shapes(scenario, list(actor_at), options.shape[1])
    table = option_table(ideal, reach, shape, stated, options)

    totals = salience.sum(axis=1, keepdims=True)
    weight = np.divide(salience, totals, out=np.zeros_like(salience), where=totals > 0)
    prefs = Preferences(
        actors=tuple(a.id for a in actors),
        issues=tuple(i.id for i in issues),
        ideal=ideal,
        reach=reach,
        weight=weight,
        shape=shape,
        table=table,
        red=red,
        batna=np.array(
            [a.batna.utility if a.batna and a.batna.utility is not None else np.nan for a in actors]
        ),
    )
    # Red-line thresholds are the utilities of the red-line settings themselves.
    lines = [
        (actor_at[s.actor], issue_at[s.issue], s.red_line)
        for s in scenario.stances
        if s.red_line is not None
    ]
    if lines:
        rows, cols, values = zip(*lines, strict=True)
        pos = np.zeros((len(lines), n_i))
        idx = np.zeros((len(lines), n_i), dtype=np.intp)
        for n, (i, v) in enumerate(zip(cols, values, strict=True)):
            pos[n, i], idx[n, i] = encode_setting(issues[i], v)
        u = prefs.issue_utilities(pos, idx)  # [A, L, I]
        n_range = np.arange(len(lines))
        red[list(rows), list(cols)] = u[list(rows), n_range, list(cols)]
    return prefs
