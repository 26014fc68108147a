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

        Entries where the actor has no stance on the issue are 0.
        """
        position = np.asarray(position, dtype=float)
        index = np.asarray(index, dtype=np.intp)
        ideal = self.ideal[:, None, :]
        reach = self.reach[:, None, :]
        d = np.abs(position[None, :, :] - ideal) / reach
        formula = np.where(self.shape[:, None, :] == QUADRATIC, 1.0 - d * d, 1.0 - d)
        issue_axis = np.arange(len(self.issues))[None, :]
        looked_up = self.table[:, issue_axis, np.maximum(index, 0)]  # [A, N, I]
        u = np.where(index[None, :, :] >= 0, looked_up, formula)
        return np.where(self.has_stance[:, None, :], u, 0.0)

    def utilities(self, position: np.ndarray, index: np.ndarray) -> np.ndarray:
        """Total utility U_a of N encoded outcomes: [N, I] arrays -> [A, N]."""
        return np.einsum("ani,ai->an", self.issue_utilities(position, index), self.weight)


def compile_preferences(scenario: Scenario) -> Preferences:
    """Compile the scenario's stances. Actors without stances are left out."""
    issues = scenario.issues
    issue_at = {issue.id: i for i, issue in enumerate(issues)}
    stanced = {s.actor for s in scenario.stances}
    actors = [a for a in scenario.actors if a.id in stanced]
    actor_at = {a.id: k for k, a in enumerate(actors)}
    n_a, n_i = len(actors), len(issues)
    n_k = max((len(i.positions()) for i in issues if i.kind is not IssueKind.continuous), default=1)

    ideal = np.full((n_a, n_i), np.nan)
    reach = np.ones((n_a, n_i))
    salience = np.zeros((n_a, n_i))
    shape = np.zeros((n_a, n_i), dtype=np.int8)
    table = np.full((n_a, n_i, n_k), np.nan)
    red = np.full((n_a, n_i), np.nan)

    for st in scenario.stances:
        a, i = actor_at[st.actor], issue_at[st.issue]
        issue = issues[i]
        lo, hi = issue.bounds()
        pos, _ = encode_setting(issue, st.position)
        ideal[a, i] = pos
        reach[a, i] = max(pos - lo, hi - pos)
        salience[a, i] = st.salience
        shape[a, i] = _SHAPE_CODE[st.utility]
        if issue.kind is not IssueKind.continuous:
            positions = np.asarray(issue.positions())
            if st.utility is UtilityShape.table:
                keys = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
                table[a, i, : len(keys)] = [st.table[k] for k in keys]  # type: ignore[index]
            else:
                d = np.abs(positions - pos) / reach[a, i]
                table[a, i, : len(positions)] = (
                    1.0 - d * d if st.utility is UtilityShape.quadratic else 1.0 - d
                )

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
