"""The plain version of the red line drawn to leave out a rejected setting
(:func:`accord.ingest.suggest.red_line_without`): every option tried as the red line, the
settings it accepts read from the analysis's own utilities (one actor, one issue), and the
line kept that accepts the most settings while leaving the rejected one out."""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.analysis.utility import compile_preferences, encode_setting
from accord.model import Scenario


def utilities(scenario: Scenario, actor: str, issue_id: str) -> dict[Any, float]:
    """The actor's utility of each option, as the analysis computes it, one at a time."""
    prefs = compile_preferences(scenario)
    a = prefs.actors.index(actor)
    i = prefs.issues.index(issue_id)
    issue = scenario.issue(issue_id)
    out: dict[Any, float] = {}
    for option in issue.option_ids():
        pos = np.zeros((1, len(prefs.issues)))
        idx = np.zeros((1, len(prefs.issues)), dtype=np.intp)
        pos[0, i], idx[0, i] = encode_setting(issue, option)
        out[option] = float(prefs.issue_utilities(pos, idx)[a, 0, i])
    return out


def accepted_under(u: dict[Any, float], line: Any) -> set[Any]:
    """The settings a red line at ``line`` accepts: those at least as good as the line."""
    return {v for v, x in u.items() if x >= u[line] - 1e-12}


def widest_line_without(
    scenario: Scenario, actor: str, issue_id: str, rejected: Any
) -> set[Any] | None:
    """The largest set of settings a single red line can accept with ``rejected`` left out;
    None when no red line leaves it out."""
    u = utilities(scenario, actor, issue_id)
    best: set[Any] | None = None
    for line in u:
        accepted = accepted_under(u, line)
        if rejected in accepted:
            continue
        if best is None or len(accepted) > len(best):
            best = accepted
    return best
