"""Sanctions in which an opponent moves twice (never twice in a row): allowed by the
standard definition of GMR, SMR and SEQ, not searched by GMCR+ (gmcr-py), whose sanction
search lets each opponent move once. accord keeps the definition and says, in
``accord conflict --explain``, where the two differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_gmcr as oracle
from accord.conflict.graph import ConflictGraph, graph_from_moves
from accord.conflict.stability import REPEAT_NOTE, explain, stability
from accord.conflict.states import conflict_graph
from accord.io.conflicts import load_conflict
from cli_runner import accord

GDU = Path(__file__).parent / "data" / "gmcr" / "classic" / "garrison-diversion-unit.yaml"
# accord state s is GMCR+ (and the 2014 guide's) state s + 1; tests/test_classic_conflicts.py
# maps every state with its options.
GDU_FULL = {2, 6, 13, 17, 21}  # accord states where US Support completes the full GDU


@pytest.fixture(scope="module")
def gdu() -> ConflictGraph:
    return conflict_graph(load_conflict(GDU))


def test_garrison_state_6_needs_us_support_twice(gdu: ConflictGraph) -> None:
    """GMCR+ state 6 (accord 5): Canadian Opposition's improvement to GMCR+ 2 (accord 1) is
    sanctioned only by US Support, US Opposition, then US Support again."""
    canada, us_support, us_opp = (
        gdu.dms.index(d) for d in ("canadian-opposition", "us-support", "us-opposition")
    )
    for concept in ("GMR", "SMR"):
        why = explain(gdu, canada, 5, concept)
        assert why.stable
        [sanction] = why.sanctions
        assert sanction.improvement == 1
        assert [k for k, _ in sanction.moves] == [us_support, us_opp, us_support]
        assert sanction.repeated_movers == (us_support,)
        assert sanction.needs_repeat
        assert REPEAT_NOTE in str(why)
        # The narrower search (each opponent once) finds nothing: GMCR+ calls 6 unstable.
        assert not oracle.sequential_once_each(gdu, concept, canada, 5)
        assert oracle.gmr(gdu, canada, 5) if concept == "GMR" else oracle.smr(gdu, canada, 5)


def test_garrison_gmr_with_each_opponent_once(gdu: ConflictGraph) -> None:
    """With each opponent moving once, the GMR equilibria without the full GDU are accord's
    less state 5 (GMCR+ 6): the 2016 gmcr-py finds GMCR+ 4 and 10 (accord 3, 9), not 6."""
    standard = set(stability(gdu, "GMR").all(axis=0).nonzero()[0].tolist()) - GDU_FULL
    once = {
        s
        for s in range(gdu.n_states)
        if all(oracle.sequential_once_each(gdu, "GMR", i, s) for i in range(gdu.n_dms))
    } - GDU_FULL
    assert standard - once == {5}
    assert once <= standard
    assert {3, 9} <= once


@st.composite
def move_graphs(draw: st.DrawFn) -> ConflictGraph:
    """3-4 DMs over up to 10 states with arbitrary moves, so opponents can move twice."""
    n_dms = draw(st.integers(3, 4))
    n = draw(st.integers(2, 10))
    moves: list[list[set[int]]] = [[set() for _ in range(n)] for _ in range(n_dms)]
    for i in range(n_dms):
        for _ in range(draw(st.integers(0, 2 * n))):
            a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            if a != b:
                moves[i][a].add(b)
    rank = [[draw(st.integers(0, 4)) for _ in range(n)] for _ in range(n_dms)]
    return graph_from_moves([f"d{i}" for i in range(n_dms)], rank, moves)


@settings(max_examples=150, deadline=None)
@given(move_graphs(), st.sampled_from(["GMR", "SMR", "SEQ"]))
def test_needs_repeat_marks_exactly_where_once_each_fails(g: ConflictGraph, concept: str) -> None:
    for i in range(g.n_dms):
        for s in range(g.n_states):
            why = explain(g, i, s, concept)
            if not why.stable:
                continue
            # Stable by the definition; GMCR+'s search fails exactly where some improvement
            # is marked, and a marked sanction does repeat a mover.
            marked = [sc for sc in why.sanctions if sc.needs_repeat]
            assert bool(marked) == (not oracle.sequential_once_each(g, concept, i, s))
            assert all(sc.repeated_movers for sc in marked)


def test_explain_says_why_gmcr_plus_differs() -> None:
    text = accord(
        "conflict", str(GDU), "--concepts", "GMR", "--explain", "canadian-opposition:5"
    ).stdout
    assert "us-support to 0 → us-opposition to 3 → us-support to 2" in text
    assert "GMCR+ lets each opponent move once" in " ".join(text.split())
    data = json.loads(
        accord(
            "conflict",
            str(GDU),
            "--concepts",
            "GMR,SEQ",
            "--explain",
            "canadian-opposition:5",
            "--json",
        ).stdout
    )
    by = {e["concept"]: e for e in data["explanations"]}
    assert by["GMR"]["needs_repeat"] == [1] and by["GMR"]["note"] == REPEAT_NOTE
    # Under SEQ the state is unstable for Canadian Opposition: nothing to explain away.
    assert by["SEQ"]["stable"] is False and by["SEQ"]["needs_repeat"] == []
    assert by["SEQ"]["note"] is None


def test_cli_sim_rule() -> None:
    data = json.loads(accord("conflict", "elmira", "--concepts", "SIM", "--json").stdout)
    assert data["sim"] == "joint"
    alone = json.loads(
        accord("conflict", "elmira", "--concepts", "SIM", "--sim", "one-opponent", "--json").stdout
    )
    assert alone["sim"] == "one-opponent"
    assert (
        "unknown --sim 'pairs'; valid: joint, one-opponent"
        in accord("conflict", "elmira", "--sim", "pairs", check=2).stderr
    )
