"""A small thread-safe memo of analysis results, keyed by (scenario, version, what, params).

Versions never change once saved, so a result for (scenario, version) stays right for ever;
the bound only limits memory. Concurrent requests for the same key wait for the one
computation instead of all running it (the load benchmark's 50 clients ask the same thing).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class ResultCache:
    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Future[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            fut = self._items.get(key)
            owner = fut is None
            if fut is None:
                fut = Future()
                self._items[key] = fut
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
        if owner:
            try:
                fut.set_result(compute())
            except BaseException as exc:
                # A failure is not remembered: the next request tries again.
                with self._lock:
                    self._items.pop(key, None)
                fut.set_exception(exc)
        return fut.result()

    def ready(self, key: Hashable) -> bool:
        """Whether the result under ``key`` is computed (and did not fail): asking for it
        then returns at once."""
        with self._lock:
            fut = self._items.get(key)
        return fut is not None and fut.done() and fut.exception() is None

    def __len__(self) -> int:
        return len(self._items)
