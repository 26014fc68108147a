"""What the store refuses, as exceptions whose message can be shown to a user as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.model.problems import Problem
    from accord.store.records import VersionInfo


class StoreError(Exception):
    """Anything the store refuses or cannot do; the message is one user-facing line."""


class NotFound(StoreError):
    """An unknown scenario, version, conflict or run."""


class InvalidScenario(StoreError):
    """Scenario text that does not validate; nothing was stored."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


class EditConflict(StoreError):
    """A save based on a version that is no longer the latest; its text was kept as a conflict."""

    def __init__(self, message: str, *, latest: VersionInfo, conflict_id: int) -> None:
        super().__init__(message)
        self.latest = latest
        self.conflict_id = conflict_id
