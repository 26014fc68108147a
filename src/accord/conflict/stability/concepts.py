"""Every concept by name: stability tables, equilibria, and explanations.

The concepts are those of :data:`CONCEPTS`; **SEQ+SIM** is stable under both SEQ and SIM
(as in Fang et al. and gmcr-py). ``sim`` chooses who answers in SIM and SEQ+SIM: the
opponents jointly (``"joint"``, the n-DM definition, the default) or one opponent at a time
(``"one-opponent"``, GMCR+ before 2016); see :mod:`.simultaneous`. One
:class:`~.moves.MoveLists` serves every concept and every DM of an analysis, so each DM's
improvements are listed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.stability.implicit import implicit_tables
from accord.conflict.stability.moves import MoveLists, segment_max
from accord.conflict.stability.sanctions import Explanation, Sanction
from accord.conflict.stability.sequential import (
    find_sanction,
    gmr_stable,
    r_stable,
    seq_stable,
    smr_stable,
)
from accord.conflict.stability.simultaneous import (
    SimResponses,
    check_sim_responses,
    sim_sanction,
    sim_stable,
)

CONCEPTS = ("R", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM")
#: The test of each concept without simultaneous moves, for one DM over every state.
_STABLE: dict[str, Callable[[MoveLists, int], np.ndarray]] = {
    "R": r_stable,
    "GMR": gmr_stable,
    "SMR": smr_stable,
    "SEQ": seq_stable,
}


def _check_concept(concept: str) -> str:
    key = concept.upper()
    if key not in CONCEPTS:
        raise ValueError(f"unknown stability concept {concept!r}; choose from {CONCEPTS}")
    return key


def _stable_for(lists: MoveLists, concept: str, i: int, sim: SimResponses) -> np.ndarray:
    if concept == "SIM":
        return sim_stable(lists, i, sim)
    if concept == "SEQ+SIM":
        return seq_stable(lists, i) & sim_stable(lists, i, sim)
    return _STABLE[concept](lists, i)


def stability(graph: ConflictGraph, concept: str, *, sim: str = "joint") -> np.ndarray:
    """[D, N] bool: whether each state is stable for each DM under ``concept``."""
    key = _check_concept(concept)
    rule = check_sim_responses(sim)
    if graph.implicit is not None:
        return implicit_tables(graph, [key], rule)[key]
    lists = MoveLists(graph)
    out = np.ones((graph.n_dms, graph.n_states), dtype=bool)
    for i in range(graph.n_dms):
        out[i] = _stable_for(lists, key, i, rule)
    return out


@dataclass(frozen=True)
class StabilityResult:
    """Per concept, the [D, N] stability table; equilibria are the all-DM columns.

    ``sim``: who answered in SIM and SEQ+SIM (``"joint"`` or ``"one-opponent"``).
    """

    graph: ConflictGraph
    tables: dict[str, np.ndarray]
    sim: SimResponses = "joint"

    def equilibria(self, concept: str) -> np.ndarray:
        """Indices of the states stable for every DM under ``concept``."""
        return np.flatnonzero(self.tables[_check_concept(concept)].all(axis=0))


def analyze(
    graph: ConflictGraph, concepts: Iterable[str] | None = None, *, sim: str = "joint"
) -> StabilityResult:
    """Stability of every state for every DM under each concept (all of them by default,
    SIM and SEQ+SIM only when the graph has options); ``sim`` as in :func:`stability`."""
    rule = check_sim_responses(sim)
    if concepts is None:
        keys = [c for c in CONCEPTS if graph.options is not None or "SIM" not in c]
    else:
        keys = [_check_concept(c) for c in concepts]
    if graph.implicit is not None:
        return StabilityResult(graph, implicit_tables(graph, keys, rule), rule)
    lists = MoveLists(graph)
    tables: dict[str, np.ndarray] = {}
    for key in keys:
        table = np.ones((graph.n_dms, graph.n_states), dtype=bool)
        for i in range(graph.n_dms):
            if key == "SEQ+SIM" and "SEQ" in tables and "SIM" in tables:
                table[i] = tables["SEQ"][i] & tables["SIM"][i]
            else:
                table[i] = _stable_for(lists, key, i, rule)
        tables[key] = table
    return StabilityResult(graph, tables, rule)


def equilibria(graph: ConflictGraph, concept: str, *, sim: str = "joint") -> np.ndarray:
    """Indices of the states stable for every DM under ``concept``."""
    return np.flatnonzero(stability(graph, concept, sim=sim).all(axis=0))


def explain(
    graph: ConflictGraph, dm: int, state: int, concept: str, *, sim: str = "joint"
) -> Explanation:
    """Whether ``state`` is stable for ``dm`` under ``concept``, and why.

    For each unilateral improvement of ``dm``, the opponents' sanction that deters it (the
    shortest one; for SIM one with the fewest responders), stopping at the first
    improvement that has none. For SEQ+SIM, the SEQ explanation when SEQ fails, otherwise
    the SIM one.
    """
    key = _check_concept(concept)
    rule = check_sim_responses(sim)
    if key == "SEQ+SIM":
        seq = explain(graph, dm, state, "SEQ")
        return seq if not seq.stable else explain(graph, dm, state, "SIM", sim=rule)
    lists = MoveLists(graph)
    rank = graph.rank[dm]
    ptr, tgt = lists.ui[dm]
    improvements = tgt[ptr[state] : ptr[state + 1]].tolist()
    others = [j for j in range(graph.n_dms) if j != dm]
    if key == "R":
        sanctions = tuple(Sanction(s1, (), None) for s1 in improvements[:1])
        return Explanation(dm, state, key, not improvements, sanctions)
    good = rank <= rank[state]
    if key == "SMR":
        good &= segment_max(rank, lists.moves[dm]) <= rank[state]
    if key in ("GMR", "SMR"):
        movers = {j: lists.moves[j] for j in others}
    else:
        movers = {j: lists.ui[j] for j in others}
    out: list[Sanction] = []
    for s1 in improvements:
        if key == "SIM":
            sanction = sim_sanction(graph, lists, dm, state, s1, rule)
        else:
            path = find_sanction(s1, movers, good)
            if path is None:
                sanction = Sanction(s1, (), None)
            else:
                # The shortest sanction may repeat a mover where a longer one does not:
                # only a failed search with each opponent once shows GMCR+ would differ.
                sanction = Sanction(s1, path, path[-1][1])
                if sanction.repeated_movers:
                    once = find_sanction(s1, movers, good, once_each=True)
                    sanction = Sanction(s1, path, path[-1][1], once is None)
        out.append(sanction)
        if sanction.result is None:
            return Explanation(dm, state, key, False, tuple(out))
    return Explanation(dm, state, key, True, tuple(out))
