"""A small thread-safe memo of analysis results, keyed by (scenario, version, what, params).

Versions never change once saved, so a result for (scenario, version) stays right for ever;
the bound only limits memory. Concurrent requests for the same key wait for the one
computation instead of all running it (the load benchmark's 50 clients ask the same thing).

A computation is stopped when every request waiting for it has gone (their clients
disconnected: :mod:`accord.web.disconnect`): the Pareto frontiers it computes check a cancel
token that is set only then (:class:`Waiters`). One closed tab never stops the work another
still waits for, and a computation asked for outside a request (a test, the overview's
background warm-up) is never stopped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

from accord.analysis.frontier_cost import Cancelled
from accord.analysis.pareto import frontier_options
from accord.web.disconnect import CLIENT_GONE

T = TypeVar("T")


class Waiters:
    """The cancel token of one computation: set once every request waiting for it has gone.

    Example:
        >>> import threading
        >>> first, second = threading.Event(), threading.Event()
        >>> w = Waiters()
        >>> w.join(first); w.join(second); first.set()
        >>> w.is_set()  # the second request still waits
        False
        >>> second.set(); w.is_set()
        True
    """

    def __init__(self) -> None:
        self._gone: list[threading.Event] = []
        #: A waiter with no client (outside a request) cannot go: never cancel then.
        self._kept = False
        self._lock = threading.Lock()

    def join(self, gone: threading.Event | None) -> None:
        """Count one more waiter, with the event set when its client goes (None: none)."""
        with self._lock:
            if gone is None:
                self._kept = True
            else:
                self._gone.append(gone)

    def is_set(self) -> bool:
        """Whether every waiter has gone (the computation may stop)."""
        with self._lock:
            return not self._kept and bool(self._gone) and all(g.is_set() for g in self._gone)


class ResultCache:
    """At most ``size`` results, the least recently asked for dropped first.

    Example:
        >>> cache = ResultCache(2)
        >>> cache.get("a", lambda: 1), cache.get("a", lambda: 2)  # computed once
        (1, 1)
    """

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, tuple[Future[Any], Waiters]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T], *, again: bool = True) -> T:
        """The result under ``key``, computed by ``compute`` if no request has asked for it
        (or the computation failed or was stopped); a request asking while it is computed
        waits for that one computation.

        Raises whatever ``compute`` raises; :class:`~accord.analysis.frontier_cost.Cancelled`
        when every request waiting for it has gone. A request still here when the work it
        joined was stopped (the others left just before it joined) computes it once more
        (``again``).
        """
        gone = CLIENT_GONE.get()
        with self._lock:
            entry = self._items.get(key)
            owner = entry is None
            if entry is None:
                entry = (Future(), Waiters())
                self._items[key] = entry
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
            fut, waiters = entry
            waiters.join(gone)
        if owner:
            try:
                with frontier_options(cancel=waiters):
                    fut.set_result(compute())
            except BaseException as exc:
                # A failure is not remembered: the next request tries again.
                with self._lock:
                    if self._items.get(key) is entry:
                        self._items.pop(key, None)
                fut.set_exception(exc)
        try:
            return fut.result()
        except Cancelled:
            if (gone is not None and gone.is_set()) or not again:
                raise
            # stopped for the requests that left just before this one joined: compute it
            # again, for this one (once: a computation that stops itself is not retried)
            return self.get(key, compute, again=False)

    def ready(self, key: Hashable) -> bool:
        """Whether the result under ``key`` is computed (and did not fail): asking for it
        then returns at once."""
        with self._lock:
            entry = self._items.get(key)
        return entry is not None and entry[0].done() and entry[0].exception() is None

    def __len__(self) -> int:
        return len(self._items)
