"""GMCR stability: hand-derived classic games, the engine against the literal oracle, the
"no DM moves twice in a row" rule, explanations, coalitions and status quo paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.conflict.stability.fixpoint as engine
import oracle_gmcr as oracle
from accord.conflict.graph import ConflictGraph, graph_from_moves
from accord.conflict.stability import (
    CONCEPTS,
    analyze,
    coalition_equilibria,
    equilibria,
    explain,
    stability,
    status_quo_paths,
)

# Two DMs with one option each (bit 0: A defects/dares, bit 1: B does). States by bits:
# 0 = (C, C), 1 = (D, C), 2 = (C, D), 3 = (D, D). A toggles bit 0, B toggles bit 1.
TWO_BY_TWO = [[[1], [0], [3], [2]], [[2], [3], [0], [1]]]


def two_by_two(rank_a: list[int], rank_b: list[int]) -> ConflictGraph:
    return graph_from_moves(("A", "B"), [rank_a, rank_b], TWO_BY_TWO, options=[0, 1, 2, 3])


# Prisoner's Dilemma, ranks 4 best: A: (D,C)=4 > (C,C)=3 > (D,D)=2 > (C,D)=1; B mirrored.
PD = two_by_two([3, 4, 1, 2], [3, 1, 4, 2])
# Chicken: A: (D,C)=4 > (C,C)=3 > (C,D)=2 > (D,D)=1 (crashing is worst); B mirrored.
CHICKEN = two_by_two([3, 4, 2, 1], [3, 2, 4, 1])


@pytest.mark.parametrize(
    ("concept", "expected"),
    [
        # R: A improves 0->1 and 2->3, B improves 0->2 and 1->3; only 3 has no improvement.
        ("R", [3]),
        # GMR: at 0, A's move to 1 is answered by B's move to 3 (A: 2 <= 3), and B's likewise,
        # so mutual cooperation is stable. At 1 B improves to 3 and A's reply 3->2 is worse
        # for A only, not for B (B ranks 2 at 4 > 1): unstable; 2 symmetrically.
        ("GMR", [0, 3]),
        # SMR: after the sanction 1->3 A can only move to 2 (rank 1 <= 3), no escape.
        ("SMR", [0, 3]),
        # SEQ: B's sanction 1->3 is itself an improvement for B (2 > 1): credible.
        ("SEQ", [0, 3]),
        # SIM: from 0 A's defection met by B's simultaneous defection ends at 3 (A: 2 <= 3).
        ("SIM", [0, 3]),
        ("SEQ+SIM", [0, 3]),
    ],
)
def test_prisoners_dilemma(concept: str, expected: list[int]) -> None:
    assert equilibria(PD, concept).tolist() == expected
    assert (stability(PD, concept) == np.array(oracle.stability(PD, concept))).all()


@pytest.mark.parametrize(
    ("concept", "expected"),
    [
        # R: A improves 0->1 (4 > 3) and 3->2 (2 > 1); B 0->2 and 3->1: Nash at 1 and 2.
        ("R", [1, 2]),
        # GMR: at 0 A's dare (to 1) is answered by B's dare (to 3, A's worst): deterred; so
        # (C, C) is GMR stable. At 3 A's move to 2 is answered only by B's move to 0, which A
        # prefers to 3: not deterred. Literature: Chicken's GMR equilibria are 0, 1, 2.
        ("GMR", [0, 1, 2]),
        # SMR: after the sanction 1->3, A's counter-move 3->2 has rank 2 <= 3: no escape.
        ("SMR", [0, 1, 2]),
        # SEQ: B's reply 1->3 is worse for B (1 < 2), so not credible: 0 is SEQ unstable.
        ("SEQ", [1, 2]),
        # SIM: from 0 both dare at once and crash at 3 (A: 1 <= 3): (C, C) is SIM stable; at 3
        # both back down at once to 0, which A prefers: unstable.
        ("SIM", [0, 1, 2]),
        ("SEQ+SIM", [1, 2]),
    ],
)
def test_chicken(concept: str, expected: list[int]) -> None:
    assert equilibria(CHICKEN, concept).tolist() == expected
    assert (stability(CHICKEN, concept) == np.array(oracle.stability(CHICKEN, concept))).all()


def test_sim_needs_options() -> None:
    g = graph_from_moves(("A", "B"), [[3, 4, 1, 2], [3, 1, 4, 2]], TWO_BY_TWO)
    with pytest.raises(ValueError, match="options"):
        stability(g, "SIM")
    assert set(analyze(g).tables) == {"R", "GMR", "SMR", "SEQ"}


def test_unknown_concept() -> None:
    with pytest.raises(ValueError, match="unknown stability concept"):
        stability(PD, "XYZ")


# DM 0 improves 0 -> 1. From 1 only DM 1 moves, to 2 (which DM 0 likes) and on to 3 (which it
# does not): the sanction 1 -> 2 -> 3 needs DM 1 to move twice in a row, so it is illegal and
# state 0 is GMR unstable for DM 0. Letting DM 2 move 2 -> 4 and DM 1 4 -> 3 makes the
# interleaved sanction 1 -> 2 -> 4 -> 3 legal, and 0 becomes stable.
TWICE_RANK = [[1, 2, 3, 0, 4], [0] * 5, [0] * 5]


def test_no_dm_moves_twice_in_a_row() -> None:
    moves = [
        [[1], [], [], [], []],
        [[], [2], [3], [], []],
        [[], [], [], [], []],
    ]
    g = graph_from_moves(("0", "1", "2"), TWICE_RANK, moves)
    assert not stability(g, "GMR")[0, 0]
    assert not oracle.gmr(g, 0, 0)
    moves[2][2] = [4]
    moves[1][4] = [3]
    g = graph_from_moves(("0", "1", "2"), TWICE_RANK, moves)
    assert stability(g, "GMR")[0, 0]
    assert oracle.gmr(g, 0, 0)
    why = explain(g, 0, 0, "GMR")
    assert why.stable
    assert why.sanctions[0].moves == ((1, 2), (2, 4), (1, 3))


# --- random conflicts ---------------------------------------------------------------------


@st.composite
def option_conflicts(draw: st.DrawFn) -> ConflictGraph:
    """2-4 DMs controlling 1-2 binary options each (some irreversible: may only be taken,
    not withdrawn); some states removed as infeasible; random ranks with ties."""
    n_dms = draw(st.integers(2, 4))
    owned = [draw(st.integers(1, 2 if n_dms < 4 else 1)) for _ in range(n_dms)]
    n_opts = sum(owned)
    owner = [i for i, k in enumerate(owned) for _ in range(k)]
    one_way = [draw(st.booleans()) for _ in range(n_opts)]
    all_bits = list(range(1 << n_opts))
    feasible = [b for b in all_bits if draw(st.integers(0, 4)) > 0] or [0]
    index = {b: k for k, b in enumerate(feasible)}
    moves = [[[] for _ in feasible] for _ in range(n_dms)]
    for k, b in enumerate(feasible):
        for o in range(n_opts):
            if one_way[o] and b >> o & 1:
                continue
            t = index.get(b ^ (1 << o))
            if t is not None:
                moves[owner[o]][k].append(t)
    levels = draw(st.integers(1, len(feasible)))
    rank = [[draw(st.integers(0, levels)) for _ in feasible] for _ in range(n_dms)]
    return graph_from_moves([f"d{i}" for i in range(n_dms)], rank, moves, options=feasible)


@st.composite
def move_graphs(draw: st.DrawFn) -> ConflictGraph:
    """2-4 DMs over up to 12 states with arbitrary moves, each reversible or one-way."""
    n_dms = draw(st.integers(2, 4))
    n = draw(st.integers(1, 12))
    moves = [[set() for _ in range(n)] for _ in range(n_dms)]
    for i in range(n_dms):
        for _ in range(draw(st.integers(0, 2 * n))):
            a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            if a == b:
                continue
            moves[i][a].add(b)
            if draw(st.booleans()):
                moves[i][b].add(a)
    rank = [[draw(st.integers(0, 4)) for _ in range(n)] for _ in range(n_dms)]
    return graph_from_moves([f"d{i}" for i in range(n_dms)], rank, moves)


def _agrees(g: ConflictGraph, concepts: tuple[str, ...]) -> None:
    result = analyze(g, concepts)
    for concept in concepts:
        expected = np.array(oracle.stability(g, concept), dtype=bool).reshape(g.n_dms, -1)
        assert (result.tables[concept] == expected).all(), concept
        for i in range(g.n_dms):
            for s in range(g.n_states):
                assert explain(g, i, s, concept).stable == expected[i, s]


@settings(max_examples=150, deadline=None)
@given(option_conflicts())
def test_engine_matches_oracle_on_option_conflicts(g: ConflictGraph) -> None:
    _agrees(g, CONCEPTS)


@settings(max_examples=150, deadline=None)
@given(move_graphs())
def test_engine_matches_oracle_on_move_graphs(g: ConflictGraph) -> None:
    _agrees(g, ("R", "GMR", "SMR", "SEQ"))


@settings(max_examples=100, deadline=None)
@given(move_graphs(), st.sampled_from([0, 10**9]))
def test_fixpoint_worklist_and_sweeps_agree(g: ConflictGraph, dense_fraction: int) -> None:
    # Small graphs would otherwise always take the sweep: force the worklist (0) or sweeps.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "DENSE_FRACTION", dense_fraction)
        _agrees(g, ("GMR", "SMR", "SEQ"))


@settings(max_examples=60, deadline=None)
@given(move_graphs())
def test_sanctions_are_legal_and_deter(g: ConflictGraph) -> None:
    for concept in ("GMR", "SMR", "SEQ"):
        for i in range(g.n_dms):
            for s in range(g.n_states):
                why = explain(g, i, s, concept)
                for sanction in why.sanctions:
                    if sanction.result is None:
                        continue
                    state, last = sanction.improvement, i
                    for k, t in sanction.moves:
                        assert k not in (i, last) and t in g.moves(k, state)
                        if concept == "SEQ":
                            assert g.rank[k, t] > g.rank[k, state]
                        state, last = t, k
                    assert g.rank[i, state] <= g.rank[i, s]


@settings(max_examples=80, deadline=None)
@given(option_conflicts())
def test_coalition_equilibria_match_oracle(g: ConflictGraph) -> None:
    assert coalition_equilibria(g).tolist() == oracle.coalition_equilibria(g)


@settings(max_examples=60, deadline=None)
@given(move_graphs(), st.booleans())
def test_status_quo_paths_are_shortest_move_sequences(g: ConflictGraph, ui_only: bool) -> None:
    goals = range(g.n_states)
    paths = status_quo_paths(g, 0, goals, improvements_only=ui_only)
    # Breadth-first distances from 0 in plain Python, for comparison.
    dist = {0: 0}
    frontier = [0]
    while frontier:
        nxt = []
        for s in frontier:
            for k in range(g.n_dms):
                for t in oracle.improvements(g, k, s) if ui_only else oracle.moves(g, k, s):
                    if t not in dist:
                        dist[t] = dist[s] + 1
                        nxt.append(t)
        frontier = nxt
    for goal, path in paths.items():
        if goal not in dist:
            assert path is None
            continue
        assert path is not None and len(path) == dist[goal]
        state = 0
        for k, t in path:
            assert t in g.moves(k, state)
            assert not ui_only or g.rank[k, t] > g.rank[k, state]
            state = t
        assert state == goal


def test_prisoners_dilemma_coalitions_and_status_quo() -> None:
    # (D, D) is Nash, but A and B together can move to (C, C), which both prefer.
    assert coalition_equilibria(PD).tolist() == []
    # From (C, C), improvements lead to (D, D): B defects, then A (or the reverse).
    assert status_quo_paths(PD, 0, [3])[3] == ((1, 2), (0, 3))


def test_sim_with_sparse_option_codes() -> None:
    # Option bitmasks far above the number of states take the binary-search lookup.
    big = [0, 1 << 40, 1 << 41, (1 << 40) | (1 << 41)]
    g = graph_from_moves(("A", "B"), [[3, 4, 2, 1], [3, 2, 4, 1]], TWO_BY_TWO, options=big)
    assert equilibria(g, "SIM").tolist() == [0, 1, 2]
    # Removing the crash state (3) leaves no simultaneous sanction against daring from 0.
    moves = [[[1], [0], []], [[2], [], [0]]]
    g = graph_from_moves(("A", "B"), [[3, 4, 2], [3, 2, 4]], moves, options=big[:3])
    assert not stability(g, "SIM")[:, 0].any()
    assert (stability(g, "SIM") == np.array(oracle.stability(g, "SIM"))).all()
