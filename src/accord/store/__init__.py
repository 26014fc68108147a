"""The versioned store behind ``accord serve``: every save of a scenario is a new version.

SQLite in the user's data directory by default, PostgreSQL by URL; the schema is migrated
with Alembic on open. See :class:`Store`.
"""

from accord.store.api import Store
from accord.store.db import default_url
from accord.store.errors import EditConflict, InvalidScenario, NotFound, StoreError
from accord.store.records import (
    RUN_STATUSES,
    ConflictInfo,
    RunInfo,
    ScenarioInfo,
    SessionInfo,
    User,
    Version,
    VersionInfo,
)
from accord.store.tables import ROLES

__all__ = [
    "ROLES",
    "RUN_STATUSES",
    "ConflictInfo",
    "EditConflict",
    "InvalidScenario",
    "NotFound",
    "RunInfo",
    "ScenarioInfo",
    "SessionInfo",
    "Store",
    "StoreError",
    "User",
    "Version",
    "VersionInfo",
    "default_url",
]
