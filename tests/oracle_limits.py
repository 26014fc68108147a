"""The plain version of sign-in rate limiting, for tests only.

Replays a key's whole history of sign-in outcomes from the start, as the rule reads:
failures in a row (a success clears them; a pause of ``forget`` seconds after the last
failure, once any lock has passed, forgets them) cost nothing up to ``free``; the n-th
after that locks the key for ``base * 2**(n-1)`` seconds, at most ``cap``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def lock_seconds(failures: int, *, free: int, base: float, cap: float) -> float:
    if failures <= free:
        return 0.0
    return min(cap, base * 2.0 ** (failures - free - 1))


def retry_after(
    history: Iterable[tuple[float, str]],
    now: float,
    *,
    free: int,
    base: float,
    cap: float,
    forget: float,
) -> int:
    """Whole seconds a key must wait at time ``now``, from its ``history`` of
    ``(time, "fail" | "ok")`` in time order."""
    failures = 0
    last: float | None = None
    until = -math.inf
    for t, outcome in history:
        if outcome == "ok":
            failures, last, until = 0, None, -math.inf
            continue
        if last is not None and t - last >= forget and t >= until:
            failures, until = 0, -math.inf
        failures += 1
        last = t
        until = max(until, t + lock_seconds(failures, free=free, base=base, cap=cap))
    if last is not None and now - last >= forget and now >= until:
        return 0
    return math.ceil(until - now) if until > now else 0
