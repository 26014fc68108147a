"""The parties' preferences in every draw, and their utilities, with a leading draw axis.

A draw moves an actor's ideal point (a linear or quadratic stance; a ``table`` stance keeps
its table), its saliences (so its weights), its red lines (so their thresholds) and its
BATNA. :func:`drawn_preferences` gives those arrays for D draws at once and
:func:`drawn_utilities` the utilities of N settings in every draw, both through
:func:`accord.analysis.utility.issue_utilities_batch`, the arithmetic every utility in accord
goes through. :func:`preferences_of_draw` gives one draw as the
:class:`~accord.analysis.utility.Preferences` the exact solvers take.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.utility import (
    Preferences,
    issue_utilities_batch,
    option_table,
    stance_shapes,
)
from accord.uncertainty.draws import Drawn, option_index
from accord.uncertainty.plan import DrawPlan


@dataclass(frozen=True)
class DrawnPreferences:
    """The parties' drawn preferences, ``[D, Ap, I]`` arrays (as in ``Preferences``)."""

    ideal: np.ndarray  # NaN where no stance
    reach: np.ndarray
    weight: np.ndarray
    red: np.ndarray  # utility of the red-line setting, NaN where none
    batna: np.ndarray  # [D, Ap]

    def take(self, rows: slice) -> DrawnPreferences:
        """The preferences of some draws only."""
        return DrawnPreferences(
            self.ideal[rows], self.reach[rows], self.weight[rows], self.red[rows], self.batna[rows]
        )


def _reach_weight(drawn: Drawn, ideal: np.ndarray, salience: np.ndarray) -> tuple[np.ndarray, ...]:
    reach = np.where(np.isnan(ideal), 1.0, np.maximum(ideal - drawn.low, drawn.high - ideal))
    salience = np.where(np.isnan(ideal), 0.0, salience)
    totals = salience.sum(axis=-1, keepdims=True)
    weight = np.divide(salience, totals, out=np.zeros_like(salience), where=totals > 0)
    return reach, weight


def _option_indices(values: np.ndarray, options: np.ndarray) -> np.ndarray:
    """The nearest option of each value ``[..., I]`` (-1 for continuous issues)."""
    out = np.full(values.shape, -1, dtype=np.intp)
    for i in range(values.shape[-1]):
        opts = options[i][~np.isnan(options[i])]
        if opts.size:
            out[..., i] = option_index(np.nan_to_num(values[..., i]), opts)
    return out


def drawn_preferences(plan: DrawPlan, drawn: Drawn) -> DrawnPreferences:
    """The preferences of ``plan.parties`` in every draw of ``drawn``."""
    rows = list(plan.party_rows)
    ideal = drawn.position[:, rows]
    reach, weight = _reach_weight(drawn, ideal, drawn.salience[:, rows])
    red_pos = drawn.red_line[:, rows]
    red_idx = _option_indices(red_pos, plan.options)
    # one setting per cell: the settings axis of the kernel has length 1
    cell = issue_utilities_batch(
        ideal, reach, plan.shape, plan.table, red_pos[:, :, None, :], red_idx[:, :, None, :]
    )[:, :, 0, :]
    red = np.where(np.isnan(red_pos), np.nan, cell)
    return DrawnPreferences(ideal, reach, weight, red, drawn.batna[:, rows])


def drawn_utilities(
    plan: DrawPlan, prefs: DrawnPreferences, position: np.ndarray, index: np.ndarray
) -> np.ndarray:
    """Per-issue utility of N settings ``[N, I]`` in every draw: ``[D, Ap, N, I]``, 0 where no
    stance (:func:`~accord.analysis.utility.issue_utilities_batch`)."""
    return issue_utilities_batch(prefs.ideal, prefs.reach, plan.shape, plan.table, position, index)


def preferences_of_draw(plan: DrawPlan, drawn: Drawn, j: int) -> Preferences:
    """The :class:`Preferences` of draw ``j`` (every actor with stances), for exact solvers."""
    stanced = {s.actor for s in plan.scenario.stances}
    rows = [k for k, a in enumerate(plan.base.actors) if a in stanced]
    actors = [plan.base.actors[r] for r in rows]
    ideal = drawn.position[j, rows]
    reach, weight = _reach_weight(drawn, ideal, drawn.salience[j, rows])
    shape, stated = stance_shapes(plan.scenario, actors, plan.options.shape[1])
    table = option_table(ideal, reach, shape, stated, plan.options)
    # a red line on a discrete issue reads the table at its nearest option; on a continuous
    # issue it goes through the formula (index -1)
    red_pos = drawn.red_line[j, rows]
    red_idx = _option_indices(red_pos, plan.options)
    looked = np.take_along_axis(table, np.maximum(red_idx, 0)[..., None], -1)[..., 0]
    formula = issue_utilities_batch(
        ideal[None],
        reach[None],
        shape,
        stated,
        red_pos[None, :, None, :],
        np.full(red_pos.shape, -1, dtype=np.intp)[None, :, None, :],
    )[0, :, 0, :]
    red = np.where(np.isnan(red_pos), np.nan, np.where(red_idx >= 0, looked, formula))
    return Preferences(
        actors=tuple(actors),
        issues=plan.base.issues,
        ideal=ideal,
        reach=reach,
        weight=weight,
        shape=shape,
        table=table,
        red=red,
        batna=drawn.batna[j, rows],
    )
