"""The package a trade search starts from: the status quo, or a draft completed.

``"status-quo"`` puts each issue at its stated status quo; an issue without one takes the
setting of the latest draft (by date) that sets it to a known value, else the middle of its
scale (the middle option, rounding down; the midpoint of a continuous range, on the nearest
grid value; ``False`` for a yes/no issue).
A draft id puts each issue at the draft's setting; an issue the draft leaves silent takes
the status-quo reference (as in scoring), and one it leaves unknown takes the status-quo
reference when the draft allows it, else the first setting the draft lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.space import OutcomeSpace
from accord.model import Scenario, Unknown
from accord.model.problems import suggest

#: The reference ``source`` that starts from the status quo.
STATUS_QUO = "status-quo"


class TradeError(ValueError):
    """A request the trade search cannot answer (an unknown party or draft)."""


@dataclass(frozen=True)
class Reference:
    """The package trading starts from, and where each issue's setting came from."""

    source: str  # "status-quo" or a draft id
    codes: np.ndarray  # [I] setting indices on the space's grid
    origin: dict[str, str]  # issue id -> "status quo", "draft <id>", "middle of the scale"...


def reference_package(scenario: Scenario, space: OutcomeSpace, source: str) -> Reference:
    """The package trading starts from: the status quo or a draft (module docstring)."""
    quo: list[object] = []
    origin: dict[str, str] = {}
    for issue in scenario.issues:
        if issue.status_quo is not None:
            quo.append(issue.status_quo)
            origin[issue.id] = "status quo"
            continue
        latest = _latest_known(scenario, issue.id)
        if latest is not None:
            quo.append(latest[1])
            origin[issue.id] = f"no status quo; latest draft to set it ({latest[0]})"
        else:
            quo.append(_middle(space, scenario.issues.index(issue)))
            origin[issue.id] = "no status quo or draft; middle of the scale"
    if source == STATUS_QUO:
        values = quo
    else:
        known = [p.id for p in scenario.proposals]
        if source not in known:
            raise TradeError(
                f"no draft '{source}' in scenario '{scenario.id}'{suggest(source, known)}; "
                f"use {STATUS_QUO} or one of: {', '.join(known) or 'none'}"
            )
        settings = scenario.proposal(source).settings()
        values = []
        for i, issue in enumerate(scenario.issues):
            value = settings.get(issue.id)
            if value is None:
                values.append(quo[i])
                origin[issue.id] = f"silent in {source}; " + origin[issue.id]
            elif isinstance(value, Unknown):
                listed = value.one_of or []
                if not listed or _code(space, i, quo[i]) in {_code(space, i, v) for v in listed}:
                    values.append(quo[i])
                    origin[issue.id] = f"unknown in {source}; " + origin[issue.id]
                else:
                    values.append(listed[0])
                    origin[issue.id] = f"unknown in {source}; the first setting it lists"
            else:
                values.append(value)
                origin[issue.id] = f"draft {source}"
    codes = space.encode(dict(zip(space.issues, values, strict=True)))
    return Reference(source=source, codes=codes, origin=origin)


def _latest_known(scenario: Scenario, issue_id: str) -> tuple[str, object] | None:
    """(draft id, setting) of the latest draft (by date, then listing) setting the issue."""
    found = None
    order = sorted(
        range(len(scenario.proposals)),
        key=lambda n: (scenario.proposals[n].date is not None, scenario.proposals[n].date, n),
    )
    for n in order:
        prop = scenario.proposals[n]
        value = prop.settings().get(issue_id)
        if value is not None and not isinstance(value, Unknown):
            found = (prop.id, value)
    return found


def _middle(space: OutcomeSpace, i: int) -> object:
    values = space.settings[i]
    if isinstance(values[0], bool):
        return False
    if isinstance(values[0], float):
        grid = np.asarray(values, dtype=float)
        mid = (grid[0] + grid[-1]) / 2
        return values[int(np.argmin(np.abs(grid - mid)))]
    return values[(len(values) - 1) // 2]


def _code(space: OutcomeSpace, i: int, value: object) -> int:
    """The grid index of a setting of issue i (the nearest grid value if continuous)."""
    values = space.settings[i]
    if isinstance(values[0], float) and not isinstance(value, bool):
        return int(np.argmin(np.abs(np.asarray(values, dtype=float) - float(value))))  # type: ignore[arg-type]
    return values.index(value)
