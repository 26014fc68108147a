"""Sign-in rate limiting: after a few failures, each further attempt waits twice as long.

Failures are counted per key: the account's name and the client's address, separately, so
guessing one account's password from many addresses and guessing many accounts' passwords
from one address are both slowed. A key's first :attr:`LoginLimiter.free` failures cost
nothing (a typo is not an attack); after that the key is locked for ``base`` seconds,
doubling with each further failure up to ``cap``. While a key is locked, sign-ins with it
are refused before the password is checked (429 with the seconds to wait), so a locked
account cannot be probed at all. A key's count is forgotten ``forget`` seconds after its
last failure; a successful sign-in clears the account's count (not the address's: one
valid account must not buy an address fresh guesses at others).

At most :attr:`LoginLimiter.in_flight` sign-ins per account are checked at once
(:meth:`LoginLimiter.admit`): without that, a burst of concurrent guesses at one account
would all pass the check before the first failure was counted. Addresses have no such
cap: a whole office behind one address signs in at nine; a burst at many accounts from one
address costs each account one guess, and the address its count.

Counts live in the server process (one ``accord serve`` is one process): a restart forgets
them. Behind a reverse proxy every client has the proxy's address, so the address limit
then applies to everyone together; the account limit still holds.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class _Count:
    failures: int
    last: float  # time of the last failure
    until: float  # locked until this time


class LoginLimiter:
    """Failure counts and locks per key (see the module doc).

    ``clock`` gives seconds (``time.monotonic`` by default; tests pass their own);
    ``max_keys`` bounds memory: beyond it the keys failed longest ago are dropped first.
    """

    def __init__(
        self,
        *,
        free: int = 5,
        base: float = 1.0,
        cap: float = 900.0,
        forget: float = 3600.0,
        max_keys: int = 100_000,
        in_flight: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if free < 0 or base <= 0 or cap < base or forget <= 0 or max_keys < 1 or in_flight < 1:
            raise ValueError(
                "LoginLimiter needs free >= 0, 0 < base <= cap, forget > 0, max_keys >= 1 "
                "and in_flight >= 1"
            )
        self.free, self.base, self.cap, self.forget = free, base, cap, forget
        self.max_keys, self.in_flight = max_keys, in_flight
        self._checking: dict[str, int] = {}
        self.clock = clock
        self._counts: OrderedDict[str, _Count] = OrderedDict()
        self._lock = threading.Lock()

    def lock_for(self, failures: int) -> float:
        """Seconds a key is locked after its ``failures``-th failure in a row."""
        if failures <= self.free:
            return 0.0
        # 2.0 ** n overflows a float past n = 1023: the cap is reached long before.
        return min(self.cap, self.base * 2.0 ** min(failures - self.free - 1, 64))

    def retry_after(self, keys: Iterable[str]) -> int:
        """Whole seconds until every key in ``keys`` may try again (0: now)."""
        now = self.clock()
        with self._lock:
            wait = 0.0
            for key in keys:
                count = self._live(key, now)
                if count is not None:
                    wait = max(wait, count.until - now)
            return math.ceil(wait) if wait > 0 else 0

    def admit(self, keys: Iterable[str]) -> int:
        """Start checking a sign-in for ``keys``: 0 if it may go ahead (then call
        :meth:`done` whatever happens), else the whole seconds to wait (locked, or
        :attr:`in_flight` sign-ins of its account are being checked already)."""
        keys = list(keys)
        wait = self.retry_after(keys)
        with self._lock:
            busy = (
                self._checking.get(k, 0) >= self.in_flight for k in keys if k.startswith(ACCOUNT)
            )
            if wait == 0 and any(busy):
                wait = 1  # one hash takes about 0.1 s: a second is plenty
            if wait == 0:
                for k in keys:
                    self._checking[k] = self._checking.get(k, 0) + 1
        return wait

    def done(self, keys: Iterable[str]) -> None:
        """A sign-in :meth:`admit` let through has been checked."""
        with self._lock:
            for k in keys:
                left = self._checking.get(k, 0) - 1
                if left > 0:
                    self._checking[k] = left
                else:
                    self._checking.pop(k, None)

    def failed(self, keys: Iterable[str]) -> None:
        """Count a failed sign-in against every key."""
        now = self.clock()
        with self._lock:
            for key in keys:
                count = self._live(key, now) or _Count(0, now, now)
                count.failures += 1
                count.last = now
                count.until = max(count.until, now + self.lock_for(count.failures))
                self._counts[key] = count
                self._counts.move_to_end(key)
            while len(self._counts) > self.max_keys:
                self._counts.popitem(last=False)

    def succeeded(self, key: str) -> None:
        """Clear a key's count (the account's, after its password was right)."""
        with self._lock:
            self._counts.pop(key, None)

    def _live(self, key: str, now: float) -> _Count | None:
        count = self._counts.get(key)
        if count is not None and now - count.last >= self.forget and now >= count.until:
            del self._counts[key]
            return None
        return count


ACCOUNT = "account:"


def account_key(name: str) -> str:
    """The key failed sign-ins at an account are counted under: its name as typed, case folded
    (``Ann`` and ``ann`` share one count, so changing case buys no fresh guesses) and cut to
    200 characters (a bound on memory).

    Example:
        >>> account_key(" Ann ")
        'account:ann'
    """
    # Names are matched as typed, but "Ann" and "ann" share one count.
    return ACCOUNT + name.strip().lower()[:200]


def address_key(address: str | None) -> str:
    """The key failed sign-ins from a client address are counted under (``unknown`` when the
    server was not told the address).

    Example:
        >>> address_key("203.0.113.7"), address_key(None)
        ('address:203.0.113.7', 'address:unknown')
    """
    return "address:" + (address or "unknown")
