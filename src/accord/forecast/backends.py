"""Where Monte Carlo chunks run: here, in order (NumPy), or on a Dask cluster.

:func:`run_chunks` applies one function to a list of chunk arguments and returns the
results in chunk order, whatever the order in which they finish, so a result never depends
on the backend. Every chunk carries its own seed (see :mod:`accord.forecast.montecarlo`),
so nothing random is decided by the scheduler.

``dask`` needs the optional ``dask[distributed]`` dependency (``pip install 'accord[dask]'``).
With an ``address`` (``tcp://host:8786``) the chunks go to that scheduler, whose workers
must be able to import :mod:`accord`; without one a local cluster is started for the run
(at most :data:`LOCAL_WORKERS` worker processes, one thread each) and closed afterwards.
An existing ``distributed.Client`` may be passed as ``address`` too; it is left open.
The local cluster's workers are new processes: a script that starts one must guard its
entry point with ``if __name__ == "__main__":`` (the ``accord`` command does).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from accord.forecast.threads import single_threaded

T = TypeVar("T")
R = TypeVar("R")

#: ``shared`` not given.
_NOTHING: Any = object()

#: The backends :func:`run_chunks` knows.
BACKENDS = ("numpy", "dask")
#: Worker processes of the local Dask cluster started when no address is given.
LOCAL_WORKERS = 2
#: Seconds to wait for a scheduler at an address before giving up.
CONNECT_TIMEOUT = 10


def run_chunks(
    fn: Callable[..., R],
    chunk_args: Sequence[T],
    backend: str = "numpy",
    address: Any = None,
    progress: Callable[[int, int], None] | None = None,
    shared: Any = _NOTHING,
) -> list[R]:
    """``[fn(a) for a in chunk_args]`` on ``backend``, in chunk order.

    With ``shared``, each call is ``fn(shared, a)``: what every chunk needs (a compiled
    scenario) is then sent to a cluster's workers once, not with every chunk.
    ``progress(done, total)`` is called once before any chunk (``done`` 0) and after each
    chunk finishes. Raises ``ValueError`` for an unknown backend, when Dask is not
    installed, or when the scheduler at ``address`` cannot be reached.
    """
    total = len(chunk_args)
    if backend not in BACKENDS:
        raise ValueError(f"no backend '{backend}'; backends: {', '.join(BACKENDS)}")
    if progress is not None:
        progress(0, total)
    if backend == "numpy":
        if address is not None:
            raise ValueError("'address' is for the dask backend; use --backend dask with it")
        out = []
        for k, args in enumerate(chunk_args):
            out.append(fn(args) if shared is _NOTHING else fn(shared, args))
            if progress is not None:
                progress(k + 1, total)
        return out
    return _run_dask(fn, chunk_args, address, progress, shared)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ValueError(
            "the dask backend needs dask.distributed, which is not installed; install it "
            "with `pip install 'accord[dask]'` (or `pip install \"dask[distributed]\"`), "
            "or use the default numpy backend"
        ) from exc
    return distributed


def _client(distributed: Any, address: Any) -> tuple[Any, list[Any]]:
    """A client for ``address`` and what to close afterwards (the client, the cluster)."""
    if address is not None and not isinstance(address, str):
        return address, []  # a Client made by the caller: theirs to close
    if address is None:
        workers = max(1, min(LOCAL_WORKERS, os.cpu_count() or 1))
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        return distributed.Client(cluster), [cluster]
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ValueError(
            f"cannot reach a Dask scheduler at '{address}' ({exc}); check the address "
            "(tcp://host:port) and that the scheduler is running, or leave out --address "
            "to start a local cluster"
        ) from exc
    return client, []


def _run_dask(
    fn: Callable[..., R],
    chunk_args: Sequence[T],
    address: Any,
    progress: Callable[[int, int], None] | None,
    shared: Any,
) -> list[R]:
    distributed = _import_distributed()
    client, owned = _client(distributed, address)
    closing = [client] if isinstance(address, str) or address is None else []
    try:
        # each worker is one core: the kernels inside a task run on one thread
        if shared is _NOTHING:
            futures = [client.submit(single_threaded, fn, args, pure=False) for args in chunk_args]
        else:
            [common] = client.scatter([shared], broadcast=True, hash=False)
            futures = [
                client.submit(single_threaded, fn, common, args, pure=False) for args in chunk_args
            ]
        if progress is not None:
            for done, _ in enumerate(distributed.as_completed(futures), start=1):
                progress(done, len(futures))
        return client.gather(futures)
    finally:
        for thing in [*closing, *owned]:
            thing.close()
