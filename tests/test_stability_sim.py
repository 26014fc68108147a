"""SIM with three or more decision makers: the opponents answer jointly (the n-DM definition,
the default) or one at a time (the named "one-opponent" option), each checked against the
literal oracle (tests/oracle_gmcr.py) on random 3- and 4-DM conflicts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.conflict.stability.simultaneous as simultaneous
import oracle_gmcr as oracle
from accord.conflict.graph import ConflictGraph, graph_from_moves
from accord.conflict.stability import SIM_RESPONSES, analyze, equilibria, explain, stability

# Three DMs with one option each: A owns bit 0, B bit 1, C bit 2; state k has options k.
# Each DM toggles its own option both ways.
#   A: 0 -> 1 is its one improvement from 0 (rank 2 -> 3).
#   B alone from 0 improves to 2 (0 -> 1); C alone from 0 improves to 4 (0 -> 1).
# A's move with B's at the same time ends at 1 ^ 2 = 3, where A has 3 > 2: no sanction.
# A's move with C's ends at 1 ^ 4 = 5, A has 3 > 2: no sanction.
# A's move with B's and C's ends at 1 ^ 2 ^ 4 = 7, A has 0 <= 2: a sanction.
# So state 0 is SIM stable for A only when the opponents may answer jointly.
THREE_RANK = [
    [2, 3, 1, 3, 1, 3, 1, 0],  # A
    [0, 0, 1, 1, 0, 0, 1, 1],  # B: wants its option taken
    [0, 0, 0, 0, 1, 1, 1, 1],  # C: likewise
]


def three_dms() -> ConflictGraph:
    moves = [[[s ^ (1 << k)] for s in range(8)] for k in range(3)]
    return graph_from_moves(("A", "B", "C"), THREE_RANK, moves, options=list(range(8)))


def test_joint_response_deters_where_no_single_opponent_does() -> None:
    g = three_dms()
    assert stability(g, "SIM")[0, 0]
    assert not stability(g, "SIM", sim="one-opponent")[0, 0]
    assert oracle.sim(g, 0, 0, "joint") and not oracle.sim(g, 0, 0, "one-opponent")
    why = explain(g, 0, 0, "SIM")
    assert why.stable
    assert why.sanctions[0].moves == ((1, 2), (2, 4))
    assert why.sanctions[0].result == 7
    assert "DM 1 to 2 and DM 2 to 4 at the same time, ending in 7" in str(why)
    alone = explain(g, 0, 0, "SIM", sim="one-opponent")
    assert not alone.stable and alone.sanctions[0].result is None
    # SEQ+SIM follows: B's and C's moves are improvements, and in sequence (1 -> 3 -> 7)
    # they are a credible SEQ sanction too.
    assert stability(g, "SEQ+SIM")[0, 0]
    assert not stability(g, "SEQ+SIM", sim="one-opponent")[0, 0]


def test_unknown_rule_is_named() -> None:
    with pytest.raises(ValueError, match="joint, one-opponent"):
        stability(three_dms(), "SIM", sim="pairs")
    with pytest.raises(ValueError, match="unknown SIM responses"):
        explain(three_dms(), 0, 0, "SIM", sim="both")


@st.composite
def subset_move_conflicts(draw: st.DrawFn, dms: tuple[int, int] = (3, 4)) -> ConflictGraph:
    """3-4 DMs with 1-3 options each (at most 7 in all); a DM moves by changing any
    nonempty set of its own options, as accord's conflict files do, so opponents often have
    several improvements; some options may only be taken; some states infeasible."""
    n_dms = draw(st.integers(*dms))
    owned = [draw(st.integers(1, 3 if n_dms == 3 else 2)) for _ in range(n_dms)]
    while sum(owned) > 7:
        owned[owned.index(max(owned))] -= 1
    n_opts = sum(owned)
    first = np.concatenate([[0], np.cumsum(owned)])
    one_way = [draw(st.booleans()) for _ in range(n_opts)]
    feasible = [b for b in range(1 << n_opts) if draw(st.integers(0, 5)) > 0] or [0]
    index = {b: k for k, b in enumerate(feasible)}
    moves: list[list[list[int]]] = [[[] for _ in feasible] for _ in range(n_dms)]
    for i in range(n_dms):
        for k, b in enumerate(feasible):
            for m in range(1, 1 << owned[i]):
                change = m << int(first[i])
                taken_back = b & change & sum(1 << o for o in range(n_opts) if one_way[o])
                t = index.get(b ^ change)
                if t is not None and not taken_back:
                    moves[i][k].append(t)
    levels = draw(st.integers(1, len(feasible)))
    rank = [[draw(st.integers(0, levels)) for _ in feasible] for _ in range(n_dms)]
    return graph_from_moves([f"d{i}" for i in range(n_dms)], rank, moves, options=feasible)


def _check_sanction(g: ConflictGraph, i: int, s: int, rule: str) -> None:
    """Every SIM sanction explained is the opponents' improvements from s, one per mover,
    and their options with i's improvement lead to a feasible state no better for i."""
    opts = [int(o) for o in g.options]
    why = explain(g, i, s, "SIM", sim=rule)
    for sc in why.sanctions:
        if sc.result is None:
            # No response deters it: not by one opponent either.
            assert not oracle.sim_deterred(g, i, s, sc.improvement, "one-opponent")
            continue
        movers = [j for j, _ in sc.moves]
        assert i not in movers and len(set(movers)) == len(movers) >= 1
        bits = opts[sc.improvement]
        for j, t in sc.moves:
            assert t in oracle.improvements(g, j, s)
            bits ^= opts[t] ^ opts[s]
        assert opts[sc.result] == bits
        assert g.rank[i, sc.result] <= g.rank[i, s]
        # The fewest responders are shown: one whenever one opponent alone deters.
        alone = oracle.sim_deterred(g, i, s, sc.improvement, "one-opponent")
        assert (len(sc.moves) == 1) == alone
        if rule == "one-opponent":
            assert len(sc.moves) == 1


@settings(max_examples=120, deadline=None)
@given(subset_move_conflicts(), st.sampled_from(SIM_RESPONSES))
def test_sim_matches_oracle_on_three_and_four_dms(g: ConflictGraph, rule: str) -> None:
    result = analyze(g, ["SIM", "SEQ+SIM"], sim=rule)
    assert result.sim == rule
    for concept in ("SIM", "SEQ+SIM"):
        expected = np.array(oracle.stability(g, concept, rule), dtype=bool)
        assert (result.tables[concept] == expected).all(), concept
    for i in range(g.n_dms):
        for s in range(g.n_states):
            assert explain(g, i, s, "SIM", sim=rule).stable == result.tables["SIM"][i, s]
            _check_sanction(g, i, s, rule)


@settings(max_examples=60, deadline=None)
@given(subset_move_conflicts())
def test_sim_in_blocks_of_one_state(g: ConflictGraph) -> None:
    # A chunk of one pair forces one state per block: the same tables.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(simultaneous, "SIM_CHUNK", 1)
        for rule in SIM_RESPONSES:
            expected = np.array(oracle.stability(g, "SIM", rule), dtype=bool)
            assert (stability(g, "SIM", sim=rule) == expected).all()


@settings(max_examples=80, deadline=None)
@given(subset_move_conflicts(dms=(2, 4)))
def test_joint_responses_deter_at_least_as_often(g: ConflictGraph) -> None:
    # Every single-opponent response is a joint one, so joint SIM is weaker; with two DMs
    # there is one opponent and the rules are the same.
    joint = stability(g, "SIM")
    alone = stability(g, "SIM", sim="one-opponent")
    assert (joint | ~alone).all()
    if g.n_dms == 2:
        assert (joint == alone).all()
    assert set(equilibria(g, "SIM", sim="one-opponent")) <= set(equilibria(g, "SIM"))
