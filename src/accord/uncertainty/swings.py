"""The ratifiers' swings of mood in a chunk of Monte Carlo draws or process runs.

A ratifier with a ``spread`` s has, in each draw (or run), a utility ``u + e`` with
``e ~ N(0, s)`` drawn once per draw and shared by every outcome of it
(:mod:`accord.uncertainty.ratification`). Monte Carlo (:mod:`accord.forecast`) and the
negotiation processes (:mod:`accord.dynamics.processes`) draw ``e`` per chunk, from a stream
of its own derived from the chunk's seed (as the soft red lines' holds are,
:mod:`accord.uncertainty.holds`): a scenario's other draws are the numbers they were without
ratifiers, and a seed gives the same swings in both, draw for draw.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.ratifiers import Ratifiers
from accord.uncertainty.ratification import noise

#: Added to a chunk's spawn key for the stream of the ratifiers' swings.
STREAM = 0x4A71


def swing_seed(seed: np.random.SeedSequence) -> int:
    """The integer seed of the ratifiers' stream of the chunk seeded by ``seed``: what
    :func:`accord.uncertainty.ratification.ratification_draws` takes, recorded."""
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, STREAM))
    return int(child.generate_state(1, np.uint64)[0])


def swings(rat: Ratifiers, n: int, seed: int | None) -> np.ndarray:
    """Each ratifier's swing in each of ``n`` draws, ``[n, R]`` (all 0 when ``seed`` is
    None: central values)."""
    if seed is None:
        return np.zeros((n, rat.size))
    return noise(rat, n, seed)
