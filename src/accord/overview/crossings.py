"""The red lines each draft crosses or may cross, as rows the CLI and the report both show."""

from __future__ import annotations

from dataclasses import dataclass

from accord.analysis import Scorecard
from accord.analysis.diff import describe_setting
from accord.analysis.scoring import RedLine
from accord.model import Scenario


@dataclass(frozen=True)
class Crossing:
    """One red line of one actor that one draft crosses (or may cross)."""

    proposal: str
    actor: str  # the actor's id (each front end names it its own way)
    issue: str  # the issue's name
    says: str  # what the draft says on the issue, in words
    red_line: str | None  # the red line's setting as a label; None without one
    status: RedLine  # crosses or may cross


def crossings(scenario: Scenario, card: Scorecard) -> list[Crossing]:
    """Every red line a draft crosses or may cross: draft by draft, then actor, then issue."""
    rows = []
    for p, pid in enumerate(card.proposals):
        for aid in card.actors:
            for issue_id, status in card.red_lines(aid, pid).items():
                i = card.issues.index(issue_id)
                st = scenario.stance(aid, issue_id)
                issue = scenario.issue(issue_id)
                rows.append(
                    Crossing(
                        proposal=pid,
                        actor=aid,
                        issue=issue.name,
                        says=describe_setting(scenario, issue_id, card.settings[p][i]),
                        red_line=(
                            issue.label(st.red_line) if st and st.red_line is not None else None
                        ),
                        status=status,
                    )
                )
    return rows
