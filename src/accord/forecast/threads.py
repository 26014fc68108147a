"""How many threads accord's array kernels may use, here and now.

The heavy kernels (the expected-utility model) split large batches over a few threads,
which pays on one machine. On a Dask cluster every worker is already one of the cores, and
threads inside it would only compete with the other workers, so each task runs its kernels
on one thread (:func:`single_threaded`). The limit is per thread (a task sets it for itself
only), so concurrent callers do not affect each other.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Threads a kernel uses by default: the machine's cores, at most 8.
DEFAULT = min(os.cpu_count() or 1, 8)

_local = threading.local()


def available() -> int:
    """The threads a kernel may use in the calling thread."""
    return int(getattr(_local, "limit", DEFAULT))


@contextmanager
def limited(n: int) -> Iterator[None]:
    """Within the block, kernels called from this thread use at most ``n`` threads."""
    before = getattr(_local, "limit", None)
    _local.limit = max(1, n)
    try:
        yield
    finally:
        if before is None:
            del _local.limit
        else:
            _local.limit = before


def single_threaded(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` with kernels on one thread (a cluster task: the worker is the core)."""
    with limited(1):
        return fn(*args)
