"""What changed between two drafts, issue by issue, and who gains or loses by it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.scoring import Scorecard, SettingState, score_proposals
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario
from accord.model.plain import omit, plain_fields, to_plain


@dataclass(frozen=True)
class IssueChange:
    """One issue that two drafts treat differently.

    ``gain_low``/``gain_high`` bound each actor's change in total utility caused by this
    issue alone (equal when both settings are known).
    """

    issue: str
    before: str  # readable setting in the first draft
    after: str
    gain_low: dict[str, float]
    gain_high: dict[str, float]

    @property
    def winners(self) -> list[str]:
        return [a for a, g in self.gain_low.items() if g > TOLERANCE]

    @property
    def losers(self) -> list[str]:
        return [a for a, g in self.gain_high.items() if g < -TOLERANCE]

    def __plain__(self) -> dict[str, Any]:
        gain = {a: _range(self.gain_low[a], self.gain_high[a]) for a in self.gain_low}
        return {
            "issue": self.issue,
            "before": self.before,
            "after": self.after,
            "gain": gain,
            "winners": self.winners,
            "losers": self.losers,
        }


@dataclass(frozen=True)
class ProposalDiff:
    before: str
    after: str
    changes: list[IssueChange]
    # change in each actor's total utility, worst case and best (written as "total_gain")
    total_low: dict[str, float] = field(metadata=omit())
    total_high: dict[str, float] = field(metadata=omit())

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        total = {a: _range(self.total_low[a], self.total_high[a]) for a in self.total_low}
        return {**plain_fields(self), "total_gain": total}


def _range(lo: float, hi: float) -> dict[str, float] | float:
    return lo if abs(hi - lo) <= TOLERANCE else {"low": lo, "high": hi}


def describe_setting(scenario: Scenario, issue_id: str, setting: object | None) -> str:
    issue = scenario.issue(issue_id)
    state = SettingState.silent if setting is None else None
    if state is SettingState.silent:
        if issue.status_quo is not None:
            return f"silent (status quo: {issue.label(issue.status_quo)})"
        return "silent"
    one_of: Any = getattr(setting, "one_of", False)
    if one_of is None:
        return "unknown"
    if one_of:
        return "unknown: one of " + ", ".join(issue.label(v) for v in one_of)
    return issue.label(setting)


def diff_proposals(
    scenario: Scenario, before: str, after: str, scorecard: Scorecard | None = None
) -> ProposalDiff:
    """Issue-by-issue changes from draft ``before`` to draft ``after``."""
    card = scorecard or score_proposals(
        scenario, [scenario.proposal(before), scenario.proposal(after)]
    )
    p, q = card.proposals.index(before), card.proposals.index(after)
    changes = []
    for i, issue_id in enumerate(card.issues):
        s_before, s_after = card.settings[p][i], card.settings[q][i]
        if s_before == s_after:
            continue
        low = card.part_low[:, q, i] - card.part_high[:, p, i]
        high = card.part_high[:, q, i] - card.part_low[:, p, i]
        changes.append(
            IssueChange(
                issue=issue_id,
                before=describe_setting(scenario, issue_id, s_before),
                after=describe_setting(scenario, issue_id, s_after),
                gain_low=dict(zip(card.actors, map(float, low), strict=True)),
                gain_high=dict(zip(card.actors, map(float, high), strict=True)),
            )
        )
    total_low = card.low[:, q] - card.high[:, p]
    total_high = card.high[:, q] - card.low[:, p]
    # A draft compared with itself, or two drafts that differ only where both are known,
    # has an exact total: the worst case of one against the best of the other is too wide.
    exact = np.isclose(card.low[:, p], card.high[:, p]) & np.isclose(
        card.low[:, q], card.high[:, q]
    )
    total_low = np.where(exact, card.low[:, q] - card.low[:, p], total_low)
    total_high = np.where(exact, card.high[:, q] - card.high[:, p], total_high)
    return ProposalDiff(
        before=before,
        after=after,
        changes=changes,
        total_low=dict(zip(card.actors, map(float, total_low), strict=True)),
        total_high=dict(zip(card.actors, map(float, total_high), strict=True)),
    )
