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
    """One line of the list of scenarios: a scenario as its latest version shows it.

    Attributes:
        id: The scenario's id (its file's ``id``).
        title: The latest version's title.
        latest: The latest version's number.
        updated: When the latest version was saved (UTC).
        author: Who saved it.
    """

    id: str
    title: str  # the latest version's
    latest: int
    updated: datetime  # when the latest version was saved (UTC)
    author: str  # who saved it


@dataclass(frozen=True)
class VersionInfo:
    """What is known of one saved version, its text aside (lists of versions need no text).

    Attributes:
        scenario_id: The scenario it belongs to.
        number: 1 for the first save, then one more for each save.
        author: Who saved it.
        created: When (UTC).
        note: The author's note on what changed (may be empty).
        restored_from: For a restore, the number of the version it copies; else None.
    """

    scenario_id: str
    number: int
    author: str
    created: datetime
    note: str
    restored_from: int | None


@dataclass(frozen=True)
class Version:
    """One saved version: what is known of it and its full YAML text, as saved (comments
    included), so a download gives back exactly what was uploaded.

    Example:
        >>> from datetime import UTC, datetime
        >>> from accord.data import scenario_text
        >>> info = VersionInfo("iran-2015", 1, "ana", datetime(2025, 11, 20, tzinfo=UTC), "", None)
        >>> Version(info, scenario_text("iran-2015")).scenario().id
        'iran-2015'
    """

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
    """A save refused because another version was saved after the one it was based on. Its
    text is kept, so nothing typed is lost; the user merges it into the newer version.

    Attributes:
        id: The conflict's number (``#id`` in the message that refused the save).
        scenario_id: The scenario the save was for.
        base: The version the refused save was based on.
        author: Who tried to save.
        created: When (UTC).
        note: The note of the refused save.
        text: The refused YAML text, whole.
    """

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
    """A forecast or simulation run of one version, as recorded: what was asked, how far it
    got and what it gave.

    Attributes:
        id: The run's number.
        scenario_id: The scenario run.
        version: The version run (a run keeps to it while newer versions are saved).
        kind: What ran: ``"forecast"``, ``"simulation"``...
        params: The parameters it was started with (a JSON object).
        seed: The seed of its random draws (None if it draws nothing), so it can be re-run.
        status: queued, running, done, failed or interrupted (``RUN_STATUSES``).
        progress: From 0 to 1.
        created: When it was queued (UTC).
        finished: When it ended (UTC), None while in flight.
        result: The result as a JSON object once done, else None.
        error: Why it failed or was interrupted, else None.
        author: Who started it ("anonymous" for runs stored before accounts existed).
    """

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
