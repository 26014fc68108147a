"""What the store hands out: plain frozen values, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accord.io.scenarios import parse_scenario
from accord.model.problems import ScenarioError
from accord.model.scenario import Scenario


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    title: str  # the latest version's
    latest: int
    updated: datetime  # when the latest version was saved (UTC)
    author: str  # who saved it


@dataclass(frozen=True)
class VersionInfo:
    scenario_id: str
    number: int
    author: str
    created: datetime
    note: str
    restored_from: int | None


@dataclass(frozen=True)
class Version:
    info: VersionInfo
    text: str

    def scenario(self) -> Scenario:
        """The validated scenario (texts are validated before they are stored)."""
        name = f"{self.info.scenario_id} v{self.info.number}"
        scenario, problems = parse_scenario(self.text, name)
        if scenario is None:  # only if the model's rules got stricter since it was saved
            raise ScenarioError(name, problems)
        return scenario


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    scenario_id: str
    base: int  # the version the refused save was based on
    author: str
    created: datetime
    note: str
    text: str


RUN_STATUSES = ("queued", "running", "done", "failed", "interrupted")
IN_FLIGHT = ("queued", "running")
#: Final: a run in one of these never changes status again. "interrupted": the server
#: stopped (or crashed) before the run finished; only running it again gives a result.
FINISHED = ("done", "failed", "interrupted")


@dataclass(frozen=True)
class RunInfo:
    id: int
    scenario_id: str
    version: int
    kind: str
    params: dict[str, Any]
    seed: int | None
    status: str  # queued | running | done | failed | interrupted
    progress: float  # 0..1
    created: datetime
    finished: datetime | None
    result: dict[str, Any] | None
    error: str | None
    author: str = "anonymous"  # who started it (runs stored before accounts: "anonymous")


@dataclass(frozen=True)
class User:
    """An account: its name (the author of what it saves), role and when its password was
    last set. The password hash never leaves the store."""

    name: str
    role: str  # viewer | editor | admin
    created: datetime
    password_changed: datetime


@dataclass(frozen=True)
class SessionInfo:
    """A signed-in session, as the store knows it.

    ``key`` is the SHA-256 (hex) of the secret the client holds: stable for the session's
    life, so other tokens (a form's CSRF token) can be bound to it. ``user`` is None for a
    session of the single-token mode.
    """

    key: str
    user: User | None
    created: datetime
    expires: datetime
