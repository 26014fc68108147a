"""Where Monte Carlo chunks run: here, in order (NumPy), on a local pool of processes, or on a
Dask cluster.

:func:`run_chunks` applies one function to a list of chunk arguments and returns the
results in chunk order, whatever the order in which they finish, so a result never depends
on the backend. Every chunk carries its own seed (see :mod:`accord.forecast.montecarlo`),
so nothing random is decided by the scheduler.

``processes`` spreads the chunks over a local pool of worker processes (at most
:data:`LOCAL_WORKERS`, never more than the machine's cores), each running its kernels on one
thread; it needs nothing beyond the standard library, and gives the very numbers of
``numpy``: a chunk's draws come from its own ``SeedSequence.spawn`` child, keyed on the chunk's
index, never on the worker that runs it. Like a local Dask cluster its workers are new
processes, so a script that uses it must guard its entry point with
``if __name__ == "__main__":``.

``dask`` needs the optional ``dask[distributed]`` dependency (``pip install 'accord[dask]'``).
With an ``address`` (``tcp://host:8786``) the chunks go to that scheduler, whose workers
must be able to import :mod:`accord`; without one a local cluster is started for the run
(at most :data:`LOCAL_WORKERS` worker processes, one thread each) and closed afterwards.
An existing ``distributed.Client`` may be passed as ``address`` too; it is left open.
The local cluster's workers are new processes: a script that starts one must guard its
entry point with ``if __name__ == "__main__":`` (the ``accord`` command does).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from accord.forecast.threads import single_threaded

T = TypeVar("T")
R = TypeVar("R")

#: ``shared`` not given.
_NOTHING: Any = object()

#: The backends :func:`run_chunks` knows.
BACKENDS = ("numpy", "dask", "processes")
#: Worker processes of the local pool (``processes``) and of the local Dask cluster started
#: when no address is given (at most the machine's cores).
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
    if backend == "processes":
        if address is not None:
            raise ValueError("'address' is for the dask backend; use --backend dask with it")
        return _run_processes(fn, chunk_args, progress, shared)
    return _run_dask(fn, chunk_args, address, progress, shared)


def _worker_count(chunks: int) -> int:
    return max(1, min(LOCAL_WORKERS, os.cpu_count() or 1, chunks))


def _run_processes(
    fn: Callable[..., R],
    chunk_args: Sequence[T],
    progress: Callable[[int, int], None] | None,
    shared: Any,
) -> list[R]:
    total = len(chunk_args)
    if total == 0:
        return []
    # spawn, not fork: a forked child would inherit the parent's threads and locks (a web
    # server, a Dask client) in whatever state they were; spawn starts clean everywhere
    context = multiprocessing.get_context("spawn")
    # what every chunk needs goes to each worker once, when it starts, not with every chunk
    with ProcessPoolExecutor(
        _worker_count(total),
        mp_context=context,
        initializer=_keep,
        initargs=(shared is not _NOTHING, None if shared is _NOTHING else shared),
    ) as pool:
        # each worker is one core: the kernels inside a chunk run on one thread; map keeps
        # chunk order whatever the order in which the chunks finish
        out = []
        for k, result in enumerate(pool.map(_in_worker, [(fn, a) for a in chunk_args])):
            out.append(result)
            if progress is not None:
                progress(k + 1, total)
        return out


#: In a worker of the ``processes`` pool: whether its run has a ``shared`` argument, and it.
#: (A flag, not the sentinel: an object sent to another process is a copy, never ``is``.)
_kept: tuple[bool, Any] = (False, None)


def _keep(has_shared: bool, shared: Any) -> None:
    global _kept
    _kept = (has_shared, shared)


def _in_worker(call: tuple[Callable[..., Any], Any]) -> Any:
    fn, args = call
    has_shared, shared = _kept
    if not has_shared:
        return single_threaded(fn, args)
    return single_threaded(fn, shared, args)


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
