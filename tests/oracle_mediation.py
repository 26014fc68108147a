"""The mediator's lean, plainly: a loop over mediators, parties and issues."""

from __future__ import annotations

import math

from accord.analysis.inputs import issue_scale
from accord.analysis.utility import encode_setting
from accord.model import Scenario


def distances(s: Scenario, mediator: str, parties: list[str]) -> dict[str, float]:
    """Salience-weighted (the mediator's) mean gap between positions on each issue's 0..1
    scale, over the issues both hold a stance on; NaN when they share none."""
    pos = {}
    sal = {}
    for st in s.stances:
        issue = s.issue(st.issue)
        lo, hi = issue_scale(issue)
        x, _ = encode_setting(issue, st.position)
        pos[st.actor, st.issue] = (x - lo) / (hi - lo) if hi > lo else x - lo
        sal[st.actor, st.issue] = float(st.salience)
    out = {}
    for p in parties:
        num = den = 0.0
        for issue in s.issues:
            if (mediator, issue.id) in pos and (p, issue.id) in pos:
                w = sal[mediator, issue.id]
                num += w * abs(pos[mediator, issue.id] - pos[p, issue.id])
                den += w
        out[p] = num / den if den > 0 else math.nan
    return out
