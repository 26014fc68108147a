"""Drawn scenarios compiled for scoring, and the seeding of chunks of draws.

What Monte Carlo (:mod:`accord.forecast.montecarlo`) and the negotiation processes
(:mod:`accord.dynamics.processes`) both need before they draw, compiled once:

- :class:`DrawPlan`: the scenario's numbers as arrays (:class:`~accord.uncertainty.draws.Base`)
  and the parties' stances as the arrays :func:`accord.analysis.utility.issue_utilities_batch`
  takes (shape codes, the tables of ``table`` stances, option positions);
- :func:`space_settings`: an outcome space's settings of every issue, encoded;
- :func:`seeding` and :func:`sample_chunk`: draws are made in chunks, chunk ``k`` from its own
  ``Generator(PCG64(child_k))``, ``child_k`` the ``k``-th of ``SeedSequence(seed).spawn``, so a
  seed gives the same draws whichever backend runs the chunks and in whatever order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.linkage import Linkage, compile_linkage
from accord.analysis.space import OutcomeSpace
from accord.analysis.space import parties as party_ids
from accord.analysis.utility import (
    compile_preferences,
    encode_setting,
    option_positions,
    stance_shapes,
)
from accord.model import Scenario
from accord.uncertainty.draws import Base, UncertainInput, base_arrays, sample


@dataclass(frozen=True)
class DrawPlan:
    """A scenario's numbers and its parties' stances as arrays (picklable: sent to workers).

    ``party_rows`` are the parties' rows of ``base.actors``; ``shape`` (int8 codes of
    :mod:`accord.analysis.utility`) and ``table`` (the tables of ``table`` stances, NaN
    elsewhere) are per party; ``options`` holds the option positions of discrete issues.
    Drawing moves ideal points, saliences, red lines and BATNAs, never shapes or tables.
    ``link`` is the scenario's :class:`~accord.analysis.linkage.Linkage` for the parties (in
    their order): what linked terms add and which red lines are conditional. Links have no
    spreads, but a drawn salience moves S_a, so the tables' share is rescaled per draw.
    """

    scenario: Scenario
    base: Base
    parties: tuple[str, ...]
    party_rows: tuple[int, ...]
    shape: np.ndarray  # [Ap, I] int8
    table: np.ndarray  # [Ap, I, K] NaN padded
    options: np.ndarray  # [I, K] NaN padded
    link: Linkage


def compile_draw_plan(
    scenario: Scenario, parties: Sequence[str] | None = None, base: Base | None = None
) -> DrawPlan:
    """The :class:`DrawPlan` of ``parties`` (default: the role-party actors with stances).

    ``base`` saves recompiling :func:`~accord.uncertainty.draws.base_arrays` when the caller
    has it. Raises ValueError for a party without stances.
    """
    base = base_arrays(scenario) if base is None else base
    stanced = {s.actor for s in scenario.stances}
    who = list(parties) if parties is not None else party_ids(scenario)
    for a in who:
        if a not in stanced:
            raise ValueError(f"party '{a}' has no stances; parties need them for acceptance")
    at = {a: k for k, a in enumerate(base.actors)}
    options = option_positions(scenario.issues)
    shape, table = stance_shapes(scenario, who, options.shape[1])
    prefs = compile_preferences(scenario)
    link = compile_linkage(scenario, prefs).take([prefs.actors.index(a) for a in who])
    return DrawPlan(
        scenario=scenario,
        base=base,
        parties=tuple(who),
        party_rows=tuple(at[a] for a in who),
        shape=shape,
        table=table,
        options=options,
        link=link,
    )


def space_settings(
    scenario: Scenario, space: OutcomeSpace
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every issue's settings in ``space``, encoded: positions and option indices ``[K, I]``
    (K the most settings of any issue; shorter columns repeat their first setting) and
    ``valid[K, I]``, whether the row is a setting of the issue."""
    n_k = max(len(s) for s in space.settings)
    n_i = len(space.issues)
    pos = np.zeros((n_k, n_i))
    idx = np.zeros((n_k, n_i), dtype=np.intp)
    valid = np.zeros((n_k, n_i), dtype=bool)
    for i, (issue, values) in enumerate(zip(scenario.issues, space.settings, strict=True)):
        for k, v in enumerate(values):
            pos[k, i], idx[k, i] = encode_setting(issue, v)
            valid[k, i] = True
        pos[len(values) :, i], idx[len(values) :, i] = pos[0, i], idx[0, i]
    return pos, idx, valid


def seeding(
    seed: int | None, draws: int, chunk: int
) -> tuple[np.random.SeedSequence, list[tuple[int, int, np.random.SeedSequence]]]:
    """The root SeedSequence and the per-chunk ``(start, size, child)`` triples."""
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1; got {chunk}")
    root = np.random.SeedSequence(seed)
    n_chunks = math.ceil(draws / chunk)
    children = root.spawn(n_chunks)
    args = [(k * chunk, min(chunk, draws - k * chunk), children[k]) for k in range(n_chunks)]
    return root, args


def sample_chunk(
    inputs: Sequence[UncertainInput], size: int, seed: np.random.SeedSequence
) -> np.ndarray:
    """The ``[size, K]`` input values of one chunk, drawn from its own seed."""
    return sample(inputs, size, np.random.Generator(np.random.PCG64(seed)))
