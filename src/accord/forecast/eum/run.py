"""The public entry of the expected-utility model: :func:`eum` takes ``(..., A)`` arrays,
cuts the leading axes into cache-sized chunks and runs each chunk's rounds, on a few threads
(NumPy releases the GIL inside its loops)."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from accord.forecast import threads
from accord.forecast.eum.chunk import CHUNK_ELEMENTS, Batch
from accord.forecast.eum.options import PRESETS, EumOptions, EumRun
from accord.forecast.eum.rounds import run_chunk


def eum(
    position: np.ndarray,
    capability: np.ndarray,
    salience: np.ndarray,
    options: EumOptions = PRESETS["scholz-2011"],
    *,
    record: bool = True,
) -> EumRun:
    """Run the model. All arrays (..., A): actors last, any leading batch axes (issues,
    draws) broadcast. NaN position = actor absent on that instance (takes no part: no votes,
    no offers, never moves). Loops over rounds only; everything inside a round is array ops
    over batch x A x A.

    ``record=False`` skips keeping the per-round dyad codes and risk exponents (for large
    batches where only the positions matter): ``dyads`` and ``risk`` are then empty, of
    shapes ``(0, ..., A, A)`` and ``(0, ..., A)``; the positions are the same."""
    x, c, s = np.broadcast_arrays(
        np.asarray(position, dtype=float),
        np.asarray(capability, dtype=float),
        np.asarray(salience, dtype=float),
    )
    if x.ndim == 0:
        raise ValueError("need an actor axis")
    lead, n = x.shape[:-1], x.shape[-1]
    size = math.prod(lead)
    x2, c2, s2 = (a.reshape(size, n) for a in (x, c, s))
    rounds = options.rounds
    pos = np.empty((rounds + 1, size, n))
    kept = rounds if record else 0
    dyads = np.zeros((kept, size, n, n), dtype=np.int8)
    risk = np.full((kept, size, n), np.nan)
    stopped = np.zeros(size, dtype=np.int64)
    pos[0] = x2

    chunk = max(1, CHUNK_ELEMENTS // max(1, n**2))
    starts = list(range(0, size, chunk))

    def work(start: int) -> None:
        sl = slice(start, min(size, start + chunk))
        batch = Batch.of(
            x2[sl],
            c2[sl],
            s2[sl],
            pos[:, sl],
            dyads[:, sl] if record else None,
            risk[:, sl] if record else None,
            stopped[sl],
        )
        run_chunk(batch, options)

    if n == 0:  # no actors: nothing to play
        starts = []
    workers = min(len(starts), threads.available())
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(work, starts))
    else:
        for start in starts:
            work(start)

    ran = int(stopped.max()) if size else 0
    return EumRun(
        positions=pos[: ran + 1].reshape((ran + 1, *lead, n)),
        dyads=dyads[: min(ran, kept)].reshape((min(ran, kept), *lead, n, n)),
        risk=risk[: min(ran, kept)].reshape((min(ran, kept), *lead, n)),
        rounds_run=ran,
        options=options,
        stopped=stopped.reshape(lead),
    )
