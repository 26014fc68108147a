"""What forecasting models read: positions, capabilities and saliences as arrays.

Positions are taken on the issue's scale: option positions (0..100) for ordinal issues,
0 and 100 for false and true, the issue's own units for continuous ones. Arrays are
``[..., A, I]`` (actors x issues), with any leading axes (such as Monte Carlo draws), so
that every model computes every issue, and every draw, at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.utility import encode_setting
from accord.model import Issue, IssueKind, Scenario


@dataclass(frozen=True)
class Inputs:
    """What the models read, as arrays: ``A`` actors x ``I`` issues, leading axes allowed.

    ``position`` is on each issue's scale, NaN where the actor takes no position;
    ``salience`` is 0..1 (0 where absent); ``capability`` is per actor. ``low`` and ``high``
    (``[I]``) bound each issue's scale, for models that measure distances relative to it.
    Leading axes (e.g. ``[D, A, I]`` for D draws) must agree across the three arrays.
    """

    position: np.ndarray  # [..., A, I]
    capability: np.ndarray  # [..., A]
    salience: np.ndarray  # [..., A, I]
    low: np.ndarray  # [I]
    high: np.ndarray  # [I]

    @property
    def weight(self) -> np.ndarray:
        """``capability x salience``, ``[..., A, I]``, 0 where the actor takes no position."""
        w = self.capability[..., :, None] * self.salience
        return np.where(np.isnan(self.position), 0.0, w)


def issue_scale(issue: Issue) -> tuple[float, float]:
    """The low and high end of ``issue``'s scale: option positions, 0/100, or its bounds."""
    if issue.kind is IssueKind.continuous:
        low, high = issue.bounds()
        return float(low), float(high)
    positions = issue.positions()
    return float(min(positions)), float(max(positions))


def scenario_inputs(scenario: Scenario, actors: Sequence[str]) -> Inputs:
    """The :class:`Inputs` of ``scenario`` for ``actors`` (ids, in that order), ``[A, I]``."""
    issues = scenario.issues
    actor_at = {a: k for k, a in enumerate(actors)}
    issue_at = {i.id: k for k, i in enumerate(issues)}
    position = np.full((len(actors), len(issues)), np.nan)
    salience = np.zeros((len(actors), len(issues)))
    for st in scenario.stances:
        if st.actor not in actor_at:
            continue
        a, i = actor_at[st.actor], issue_at[st.issue]
        position[a, i], _ = encode_setting(issues[i], st.position)
        salience[a, i] = float(st.salience)
    by_id = {a.id: float(a.capability) for a in scenario.actors}
    scale = np.array([issue_scale(i) for i in issues], dtype=float).reshape(len(issues), 2)
    return Inputs(
        position=position,
        capability=np.array([by_id[a] for a in actors], dtype=float),
        salience=salience,
        low=scale[:, 0],
        high=scale[:, 1],
    )
