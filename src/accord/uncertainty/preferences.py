"""The parties' preferences in every draw, and their utilities, with a leading draw axis.

A draw moves an actor's ideal point (a linear or quadratic stance; a ``table`` stance keeps
its table), its saliences (so its weights), its red lines (so their thresholds) and its
BATNA. :func:`drawn_preferences` gives those arrays for D draws at once and
:func:`drawn_utilities` the utilities of N settings in every draw, both through
:func:`accord.analysis.utility.issue_utilities_batch`, the arithmetic every utility in accord
goes through. :func:`preferences_of_draw` gives one draw as the
:class:`~accord.analysis.utility.Preferences` the exact solvers take.

Linked terms (:mod:`accord.analysis.linkage`) follow the draw exactly: the per-issue weights
are ``s_ai / S_a`` of the drawn saliences, S_a including the actor's tables' weights (which
have no spread), and 0 where a table replaces the stance; a table's entry is scaled by
``w_T / S_a`` of the draw (``ratio``, the stated S_a over the drawn one, rescales the stated
tables), a rule's adjustment is added as stated. :func:`group_terms` evaluates both, and the
crossings of conditional red lines, on the joint settings of a linked group, for every draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.linkage import Linkage
from accord.analysis.utility import (
    Preferences,
    issue_utilities_batch,
    option_table,
    stance_shapes,
)
from accord.model import Scenario
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
    ratio: np.ndarray  # [D, Ap] stated S_a / drawn S_a for actors with tables, else 1

    def take(self, rows: slice) -> DrawnPreferences:
        """The preferences of some draws only."""
        return DrawnPreferences(
            self.ideal[rows],
            self.reach[rows],
            self.weight[rows],
            self.red[rows],
            self.batna[rows],
            self.ratio[rows],
        )


def _reach_weight(
    drawn: Drawn, ideal: np.ndarray, salience: np.ndarray, link: Linkage | None = None
) -> tuple[np.ndarray, ...]:
    """Reach, weights and the tables' ratio (see the module docstring); ``link`` for the
    actors of ``ideal``'s second-last axis."""
    reach = np.where(np.isnan(ideal), 1.0, np.maximum(ideal - drawn.low, drawn.high - ideal))
    salience = np.where(np.isnan(ideal), 0.0, salience)
    tabled = link is not None and bool(link.replaced.any())
    if link is not None and tabled:
        salience = np.where(link.replaced, 0.0, salience)
    totals = salience.sum(axis=-1, keepdims=True)
    ratio = np.ones(totals.shape[:-1])
    if link is not None and tabled:
        totals = totals + link.table_weight[:, None]
        drawn_total = totals[..., 0]
        has = ~np.isnan(link.total)
        stated = np.where(has, link.total, 1.0)
        ratio = np.where(has, stated / np.where(drawn_total > 0, drawn_total, np.inf), 1.0)
    weight = np.divide(salience, totals, out=np.zeros_like(salience), where=totals > 0)
    return reach, weight, ratio


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
    reach, weight, ratio = _reach_weight(drawn, ideal, drawn.salience[:, rows], plan.link)
    red_pos = drawn.red_line[:, rows]
    red_idx = _option_indices(red_pos, plan.options)
    # one setting per cell: the settings axis of the kernel has length 1
    cell = issue_utilities_batch(
        ideal, reach, plan.shape, plan.table, red_pos[:, :, None, :], red_idx[:, :, None, :]
    )[:, :, 0, :]
    red = np.where(np.isnan(red_pos), np.nan, cell)
    return DrawnPreferences(ideal, reach, weight, red, drawn.batna[:, rows], ratio)


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
    reach, weight, _ = _reach_weight(drawn, ideal, drawn.salience[j, rows])
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


def drawn_scenario(plan: DrawPlan, drawn: Drawn, j: int) -> Scenario:
    """The scenario with draw ``j``'s saliences, for exact solvers on linked scenarios: a
    table's share ``w_T / S_a`` is compiled from the scenario's saliences
    (:func:`~accord.analysis.linkage.compile_linkage`), so they must be the drawn ones.
    Only the saliences change (the solvers take the rest from :func:`preferences_of_draw`)."""
    scenario = plan.scenario
    at = {a: k for k, a in enumerate(plan.base.actors)}
    issue_at = {i: k for k, i in enumerate(plan.base.issues)}
    stances = [
        s.model_copy(update={"salience": float(drawn.salience[j, at[s.actor], issue_at[s.issue]])})
        for s in scenario.stances
    ]
    return scenario.model_copy(update={"stances": stances})


@dataclass(frozen=True)
class Group:
    """A linked group of issues over every joint setting, as the draws need it.

    ``codes[p]`` are joint setting p's setting indices (row-major over ``shape``, as
    :class:`~accord.analysis.space.JointTerm`); ``tables`` and ``rules`` the two parts of
    :meth:`Linkage.parts`, ``waived`` where a conditional red line's condition holds and
    ``conditional`` which of the group's red lines have one, for the plan's parties.
    """

    issues: tuple[int, ...]
    shape: tuple[int, ...]
    codes: np.ndarray  # [P, g]
    tables: np.ndarray  # [Ap, P]
    rules: np.ndarray  # [Ap, P]
    waived: np.ndarray  # [Ap, P, g] bool
    conditional: np.ndarray  # [Ap, g] bool

    def rows(self, codes: np.ndarray) -> np.ndarray:
        """The joint setting of outcomes ``[N, I]`` (setting indices): ``[N]``."""
        return np.asarray(np.ravel_multi_index(codes[:, list(self.issues)].T, self.shape))


def compile_group(
    plan: DrawPlan,
    issues: tuple[int, ...],
    shape: tuple[int, ...],
    pos: np.ndarray,
    idx: np.ndarray,
) -> Group:
    """The :class:`Group` of ``issues`` whose settings are ``shape`` long, from every
    setting's encoding ``pos``, ``idx`` ``[K, I]`` (as :func:`.plan.space_settings` gives)."""
    codes = np.indices(shape).reshape(len(shape), -1).T
    gpos = np.stack([pos[codes[:, j], i] for j, i in enumerate(issues)], axis=1)
    gidx = np.stack([idx[codes[:, j], i] for j, i in enumerate(issues)], axis=1)
    tables, rules = plan.link.parts(gpos, gidx, issues)
    n_a = plan.shape.shape[0]
    conditional = plan.link.conditional(n_a, plan.shape.shape[1])[:, list(issues)]
    waived = plan.link.waived(gpos, gidx, issues)
    return Group(issues, shape, codes, tables, rules, waived, conditional)


def group_terms(
    group: Group, pr: DrawnPreferences, below: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A linked group's extra utility ``[D, Ap, P]`` in every draw, and where each joint
    setting crosses a conditional red line ``[D, Ap, P, g]``; ``below[D, Ap, K, I]`` is
    where a setting is under the drawn red line (conditional or not)."""
    extra = group.tables[None] * pr.ratio[:, :, None] + group.rules[None]
    raw = np.stack([below[:, :, group.codes[:, j], i] for j, i in enumerate(group.issues)], -1)
    cross = raw & group.conditional[None, :, None, :] & ~group.waived[None]
    return extra, cross
