"""Implicit moves (accord.conflict.implicit, accord.conflict.stability.implicit) against the
listed engine, their oracle: every stability table, both SIM rules, coalitions, status quo
paths and explanations identical on random option-form conflicts (random option counts,
DMs, infeasible states, irreversible options and preferences with ties); the bit kernels
against the plain loops of tests/oracle_implicit.py; the automatic choice, the --moves
option and the refusal of a conflict too large for memory."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.conflict.stability.implicit as engine
import accord.conflict.states as states
import oracle_implicit as oracle
from accord.conflict.graph import ConflictGraph
from accord.conflict.implicit import OptionMoves, cone_reduce, explicit_moves, move_counts
from accord.conflict.stability import (
    CONCEPTS,
    SIM_RESPONSES,
    analyze,
    coalition_equilibria,
    explain,
    status_quo_paths,
)
from accord.conflict.states import conflict_graph, listed_moves
from accord.io.conflicts import parse_conflict
from accord.model.problems import ScenarioError
from cli_runner import accord
from test_conflict_model import random_conflict

Pair = tuple[ConflictGraph, ConflictGraph]


def pair(
    n_options: int,
    own: list[int],
    forward: int,
    backward: int,
    codes: np.ndarray,
    rank: np.ndarray,
) -> Pair:
    """The same conflict with listed moves (the oracle's engine) and implicit ones."""
    dms = tuple(f"dm{i}" for i in range(len(own)))
    csr = listed_moves(codes, own, forward, backward)
    listed = ConflictGraph(
        dms=dms,
        n_states=len(codes),
        indptr=tuple(p for p, _ in csr),
        targets=tuple(t for _, t in csr),
        rank=rank,
        options=codes,
    )
    implicit = ConflictGraph(
        dms=dms,
        n_states=len(codes),
        indptr=(),
        targets=(),
        rank=rank,
        options=codes,
        implicit=OptionMoves(n_options, codes, own, forward, backward),
    )
    return listed, implicit


@st.composite
def option_conflicts(draw: st.DrawFn, max_options: int = 10, max_dms: int = 4) -> Pair:
    """A random conflict in option form: 2 to ``max_dms`` DMs of 1 to 4 options (at most
    ``max_options`` in all), each option reversible, forward or backward, some codes
    infeasible, ranks drawn with few or many levels (ties). Options are numbered DM by DM,
    or (to reach the general code paths) spread over the bits in a random order."""
    d = draw(st.integers(2, max_dms))
    sizes = draw(
        st.lists(st.integers(1, 4), min_size=d, max_size=d).filter(lambda s: sum(s) <= max_options)
    )
    m = sum(sizes)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    bits = np.arange(m) if draw(st.booleans()) else rng.permutation(m)
    own, first = [], 0
    for k in sizes:
        own.append(int(sum(1 << int(b) for b in bits[first : first + k])))
        first += k
    kind = rng.choice(3, size=m, p=draw(st.sampled_from([(1, 0, 0), (0.6, 0.2, 0.2)])))
    forward = int(sum(1 << b for b in range(m) if kind[b] == 1))
    backward = int(sum(1 << b for b in range(m) if kind[b] == 2))
    drop = draw(st.sampled_from([0.0, 0.1, 0.4, 0.8]))
    keep = rng.random(1 << m) >= drop
    keep[rng.integers(1 << m)] = True  # at least one feasible state
    codes = np.flatnonzero(keep).astype(np.int64)
    levels = draw(st.sampled_from([2, 3, 8, len(codes)]))
    rank = rng.integers(0, levels, size=(d, len(codes)))
    return pair(m, own, forward, backward, codes, rank)


def same_tables(listed: ConflictGraph, implicit: ConflictGraph) -> None:
    for rule in SIM_RESPONSES:
        want = analyze(listed, sim=rule)
        got = analyze(implicit, sim=rule)
        assert list(got.tables) == list(CONCEPTS)
        for key in CONCEPTS:
            np.testing.assert_array_equal(got.tables[key], want.tables[key], err_msg=key)


@settings(max_examples=120, deadline=None)
@given(option_conflicts())
def test_every_concept_matches_the_listed_engine(graphs: Pair) -> None:
    same_tables(*graphs)


@settings(max_examples=15, deadline=None)
@given(option_conflicts(max_options=12, max_dms=3))
def test_up_to_4096_states(graphs: Pair) -> None:
    same_tables(*graphs)


@settings(max_examples=40, deadline=None)
@given(option_conflicts(max_options=7), st.data())
def test_walks_match_the_listed_engine(graphs: Pair, data: st.DataObject) -> None:
    """Coalitions, status quo paths and explanations walk the moves listed on demand."""
    listed, implicit = graphs
    assert coalition_equilibria(implicit).tolist() == coalition_equilibria(listed).tolist()
    start = data.draw(st.integers(0, listed.n_states - 1))
    goals = list(range(0, listed.n_states, 3))
    assert status_quo_paths(implicit, start, goals) == status_quo_paths(listed, start, goals)
    dm = data.draw(st.integers(0, listed.n_dms - 1))
    for concept in CONCEPTS:
        assert explain(implicit, dm, start, concept) == explain(listed, dm, start, concept)


@settings(max_examples=60, deadline=None)
@given(option_conflicts(max_options=8))
def test_moves_match_the_oracle(graphs: Pair) -> None:
    listed, implicit = graphs
    om = implicit.implicit
    assert om is not None
    codes = om.codes.tolist()
    counts = move_counts(om)
    for i in range(listed.n_dms):
        ptr, tgt = explicit_moves(om, i)
        np.testing.assert_array_equal(ptr, listed.indptr[i])
        np.testing.assert_array_equal(tgt, listed.targets[i])
        for s in range(0, listed.n_states, 7):
            want = oracle.moves(codes, om.own[i], om.forward, om.backward, s)
            assert implicit.moves(i, s).tolist() == want
            assert counts[i, s] == len(want)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 7), st.integers(0, 2**32 - 1), st.sampled_from([min, max, sum]))
def test_cone_reduce_matches_the_oracle(m: int, seed: int, how: object) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(-5, 6, size=1 << m)
    own = int(rng.integers(1, 1 << m))
    kind = rng.integers(0, 3, size=m)
    forward = int(sum(1 << b for b in range(m) if kind[b] == 1))
    backward = int(sum(1 << b for b in range(m) if kind[b] == 2))
    om = OptionMoves(m, np.arange(1 << m), [own], forward, backward)
    ufunc = {min: np.minimum, max: np.maximum, sum: np.add}[how]  # type: ignore[index]
    got = cone_reduce(om, 0, values, ufunc)
    want = oracle.cone(values.tolist(), own, forward, backward, how)  # type: ignore[arg-type]
    assert got.tolist() == want


def moderate() -> Pair:
    """3 DMs of 4, 4 and 3 options (2,048 codes), two options irreversible each way, a
    tenth of the codes infeasible, ranks with ties; seed 20261207."""
    rng = np.random.default_rng(20261207)
    keep = rng.random(1 << 11) >= 0.1
    codes = np.flatnonzero(keep).astype(np.int64)
    rank = rng.integers(0, 40, size=(3, len(codes)))
    own = [0b1111, 0b1111 << 4, 0b111 << 8]
    return pair(11, own, (1 << 1) | (1 << 6), (1 << 2) | (1 << 9), codes, rank)


def test_moderate_conflict_every_concept() -> None:
    listed, implicit = moderate()
    same_tables(listed, implicit)
    # the case is not trivial: each concept has equilibria and unstable states
    tables = analyze(implicit).tables
    for key in CONCEPTS:
        assert 0 < tables[key].all(axis=0).sum() < implicit.n_states, key


@pytest.mark.parametrize(
    ("dense_pairs", "budget"), [(0, engine.PREFIX_BUDGET), (engine.DENSE_PAIRS, 0)]
)
def test_sim_without_the_single_response_shortcut(
    monkeypatch: pytest.MonkeyPatch, dense_pairs: int, budget: int
) -> None:
    """Where the single-response check is skipped (too large), SIM lists every response."""
    monkeypatch.setattr(engine, "DENSE_PAIRS", dense_pairs)
    monkeypatch.setattr(engine, "PREFIX_BUDGET", budget)
    listed, implicit = moderate()
    for rule in SIM_RESPONSES:
        want = analyze(listed, ["SIM"], sim=rule).tables["SIM"]
        np.testing.assert_array_equal(analyze(implicit, ["SIM"], sim=rule).tables["SIM"], want)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_conflict_files_give_the_same_tables(seed: int) -> None:
    """From option form (statements, feasibility, irreversibility) through conflict_graph."""
    c = random_conflict(seed)
    try:
        listed = conflict_graph(c, "listed")
    except ValueError:
        return  # every state infeasible or a ranking that misses a state: not this test's
    implicit = conflict_graph(c, "implicit")
    assert listed.implicit is None and implicit.implicit is not None
    assert implicit.labels == listed.labels
    same_tables(listed, implicit)


CONFLICT = """
id: big
title: Big
decision_makers:
  - id: one
    name: One
    options: [{ids_one}]
  - id: two
    name: Two
    options: [{ids_two}]
preferences:
  - dm: one
    prioritization: [a0, -b0 | a1, b1 iff a2]
  - dm: two
    prioritization: [b0, a0 & -b2, -a1]
"""


def big(per_dm: int) -> str:
    return textwrap.dedent(
        CONFLICT.replace("{ids_one}", ", ".join(f"{{id: a{k}}}" for k in range(per_dm))).replace(
            "{ids_two}", ", ".join(f"{{id: b{k}}}" for k in range(per_dm))
        )
    )


def test_auto_keeps_moves_implicit_above_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    c = parse_conflict(big(4))  # 256 states, 2 x 256 x 15 = 7,680 moves
    assert conflict_graph(c).implicit is None
    monkeypatch.setattr(states, "IMPLICIT_ABOVE", 7_679)
    assert conflict_graph(c).implicit is not None
    monkeypatch.setattr(states, "IMPLICIT_ABOVE", 7_680)
    assert conflict_graph(c).implicit is None
    with pytest.raises(ValueError, match="choose from auto, listed, implicit"):
        conflict_graph(c, "lazy")


def test_a_conflict_too_large_is_refused_with_the_estimate() -> None:
    c = parse_conflict(big(9))  # 262,144 states, 2 x 262,144 x 511 = 267,911,168 moves
    need = states.memory_estimate(states.option_moves(c, states.feasible_masks(c)), 267_911_168)
    assert need["listed"] > 4 << 30 > need["implicit"]
    # listed does not fit, implicit does: the message says so
    with pytest.raises(ScenarioError) as caught:
        conflict_graph(c, "listed", memory=need["implicit"])
    text = str(caught.value)
    assert "conflict 'big'" in text and "decision_makers" in text
    assert "267,911,168 unilateral moves" in text and "one 9, two 9" in text
    assert f"{need['listed'] / (1 << 30):.1f} GB" in text
    assert "use implicit moves" in text
    # neither fits: fewer options or a coalition
    with pytest.raises(ScenarioError, match=r"fewer options .* coalition"):
        conflict_graph(c, "implicit", memory=need["implicit"] - 1)
    small = parse_conflict(big(3))
    assert conflict_graph(small, "implicit", memory=1 << 30).implicit is not None


def test_cli_moves_option(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.yaml"
    path.write_text(big(3))
    out = {}
    for mode in ("listed", "implicit"):
        proc = accord("conflict", str(path), "--json", "--all", "--moves", mode)
        out[mode] = json.loads(proc.stdout)
    assert out["listed"] == out["implicit"]
    assert out["listed"]["equilibria"]["GMR"]  # a real table, not an empty one
    bad = accord("conflict", str(path), "--moves", "lazy", check=2)
    assert "unknown --moves 'lazy'; valid: auto, listed, implicit" in bad.stderr


def test_listing_moves_on_demand_is_refused_when_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Explanations list the moves of an implicit graph; too many for memory is an error."""
    import accord.conflict.graph as graph_module

    _, implicit = moderate()
    monkeypatch.setattr(graph_module, "available_memory", lambda: 1000)
    with pytest.raises(ValueError, match=r"dm0 has [\d,]+ moves?, about .* ask for the stability"):
        explain(implicit, 1, 0, "GMR")
    # the tables need no listing
    assert analyze(implicit, ["GMR"]).tables["GMR"].shape == (3, implicit.n_states)
