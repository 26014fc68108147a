"""Forecast and simulation runs: checking what a caller records about them."""

from __future__ import annotations

import json
import math
from typing import Any

from accord.model.plain import to_plain
from accord.store.errors import StoreError
from accord.store.records import RUN_STATUSES, RunInfo
from accord.store.tables import KIND_LENGTH, RunRow, utc

#: Seeds are stored as 64-bit signed integers.
SEED_RANGE = (-(2**63), 2**63 - 1)


def run_info(row: RunRow) -> RunInfo:
    """The :class:`RunInfo` of a stored run: a frozen copy, detached from the session, with
    times in UTC (SQLite hands them back without a timezone).
    """
    return RunInfo(
        id=row.id,
        scenario_id=row.scenario_id,
        version=row.version,
        kind=row.kind,
        params=dict(row.params),
        seed=row.seed,
        status=row.status,
        progress=row.progress,
        created=utc(row.created),
        finished=utc(row.finished) if row.finished is not None else None,
        result=dict(row.result) if row.result is not None else None,
        error=row.error,
        author=row.author,
    )


def check_kind(kind: str) -> str:
    """A run's kind (``"forecast"``, ``"simulation"``...), stripped, if it is a short non-empty
    label.

    Raises:
        StoreError: empty, not text, or longer than ``KIND_LENGTH`` characters.

    Example:
        >>> check_kind(" forecast ")
        'forecast'
    """
    if not isinstance(kind, str) or not kind.strip():
        raise StoreError("a run needs a kind, e.g. 'forecast' or 'simulation'")
    if len(kind.strip()) > KIND_LENGTH:
        raise StoreError(f"a run kind is at most {KIND_LENGTH} characters")
    return kind.strip()


def check_json(value: Any, what: str) -> dict[str, Any]:
    """A JSON object, checked here so that SQLite and PostgreSQL refuse the same things."""
    if not isinstance(value, dict):
        raise StoreError(f"{what} must be a JSON object (a dict), not {type(value).__name__}")
    try:
        # NaN and infinity are not JSON, and PostgreSQL refuses them.
        return json.loads(json.dumps(to_plain(value), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{what} cannot be stored as JSON: {exc}") from None


def check_seed(seed: int | None) -> int | None:
    """A run's seed, if it fits the 64-bit column (None: the run was not random).

    Checked here rather than left to the database, so SQLite and PostgreSQL refuse the same
    seeds with the same message.

    Raises:
        StoreError: not an integer (``True`` included) or outside 64 bits.

    Example:
        >>> check_seed(20251120), check_seed(None)
        (20251120, None)
        >>> check_seed(2**64)
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: a seed must fit in 64 bits
    """
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise StoreError(f"a seed must be an integer or None, not {seed!r}")
    if not SEED_RANGE[0] <= seed <= SEED_RANGE[1]:
        raise StoreError("a seed must fit in 64 bits")
    return seed


def check_status(status: str) -> str:
    """A run status, if it is one of ``RUN_STATUSES`` (queued, running, done, failed,
    interrupted).

    Raises:
        StoreError: an unknown status, with the list of valid ones.

    Example:
        >>> check_status("running")
        'running'
    """
    if status not in RUN_STATUSES:
        raise StoreError(f"unknown run status {status!r}; one of: {', '.join(RUN_STATUSES)}")
    return status


def check_progress(progress: float) -> float:
    """A run's progress as a float, if it is a number from 0 (nothing done) to 1 (finished).

    Raises:
        StoreError: not a number (``True`` included), NaN, or outside 0..1.

    Example:
        >>> check_progress(1)
        1.0
        >>> check_progress(1.5)
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: progress must be from 0 to 1, not 1.5
    """
    if isinstance(progress, bool) or not isinstance(progress, int | float):
        raise StoreError(f"progress must be a number from 0 to 1, not {progress!r}")
    if math.isnan(progress) or not 0.0 <= progress <= 1.0:
        raise StoreError(f"progress must be from 0 to 1, not {progress}")
    return float(progress)
