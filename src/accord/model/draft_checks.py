"""The checks of drafts across records: who wrote them, what they are based on, their points.

Kept apart from :mod:`accord.model.checks` (which calls it) so that each module stays small;
the checker is described here by the few methods it needs (:class:`Reporter`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from accord.model.base import UNKNOWN, Unknown
from accord.model.issues import Issue
from accord.model.problems import Path, known_list
from accord.model.proposals import Proposal


class Reporter(Protocol):
    """What the draft checks need of the scenario checker."""

    ids: dict[str, set[str]]
    issues: dict[str, Issue]

    def error(self, path: Path, message: str) -> None: ...
    def ref(self, path: Path, value: str, collection: str, what: str) -> None: ...
    def sources(self, path: Path, ids: list[str]) -> None: ...
    def setting(self, path: Path, issue: Issue | None, value: object) -> None: ...


def check_proposals(self: Reporter, proposals: Sequence[tuple[int, Proposal]]) -> None:
    """Each draft's sources, authors, base draft and points; cycles of ``based_on``."""
    parent: dict[str, str] = {}
    for idx, prop in proposals:
        base: Path = ("proposals", idx)
        self.sources(base, prop.sources)
        for k, aid in enumerate(prop.authors):
            self.ref((*base, "authors", k), aid, "actors", "actor")
        if prop.based_on is not None:
            if prop.based_on == prop.id:
                others = sorted(self.ids["proposals"] - {prop.id})
                fix = f"valid: another draft ({known_list(others)}) or no 'based_on'"
                self.error(
                    (*base, "based_on"),
                    "a draft cannot be based on itself; "
                    + (fix if others else "remove 'based_on' (there is no other draft)"),
                )
            else:
                self.ref((*base, "based_on"), prop.based_on, "proposals", "proposal")
                parent[prop.id] = prop.based_on
        set_by: dict[str, tuple[int, object]] = {}
        numbers: set[int] = set()
        for k, point in enumerate(prop.points):
            pbase: Path = (*base, "points", k)
            self.sources(pbase, point.sources)
            if point.number is not None:
                if point.number in numbers:
                    self.error(
                        (*pbase, "number"),
                        f"point number {point.number} is used "
                        f"twice in '{prop.id}'; number each point once",
                    )
                numbers.add(point.number)
            for issue_id, value in point.settings.items():
                spath: Path = (*pbase, "settings", issue_id)
                if issue_id not in self.ids["issues"]:
                    self.ref(spath, issue_id, "issues", "issue")
                    continue
                self.setting(spath, self.issues.get(issue_id), value)
                if issue_id in set_by and set_by[issue_id][1] != value:
                    first, old = set_by[issue_id]
                    self.error(
                        spath,
                        f"'{issue_id}' is set to {_shown(value)} here but to {_shown(old)} "
                        f"in points[{first}] of '{prop.id}'; a draft gives one setting per "
                        "issue, so keep one",
                    )
                set_by.setdefault(issue_id, (k, value))
    # based_on chains must end: walk each one, at most len(parent) steps; report each
    # cycle once, at the draft of the cycle that comes first in the file
    by_id = {prop.id: idx for idx, prop in proposals}
    reported: set[str] = set()
    for start in sorted(parent, key=lambda pid: by_id.get(pid, 0)):
        seen = [start]
        node = parent.get(start)
        while node is not None and node not in seen:
            seen.append(node)
            node = parent.get(node)
        if node == start and start not in reported:
            reported.update(seen)
            self.error(
                ("proposals", by_id[start], "based_on"),
                "based_on forms a cycle: "
                + " -> ".join([*seen, start])
                + "; a draft must be based on an earlier one",
            )


def _shown(value: object) -> str:
    return UNKNOWN if isinstance(value, Unknown) else repr(value)
