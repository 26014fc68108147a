"""Rankings of many states, written by state code: GMCR+ manual rankings imported as
``state_ranking`` (against the literal reading in tests/oracle_gmcr_ranking.py and against
the statement-per-state form), round trips through YAML, located errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.conflict.states import conflict_graph, feasible_masks, ranks
from accord.io.conflicts import (
    dump_conflict,
    load_builtin_conflict,
    load_conflict,
    parse_conflict,
    save_conflict,
)
from accord.io.gmcr import BY_CODE_ABOVE, gmcr_to_conflict, read_gmcr
from accord.model.conflict import Preference
from accord.model.problems import ScenarioError
from gmcr_docs import ranked_gmcr_doc
from oracle_gmcr_ranking import ranking_levels, state_codes

GMCR = Path(__file__).parent / "data" / "gmcr"


def expected(doc: dict) -> tuple[list[int], list[list[int]]]:
    """The feasible codes and each DM's levels, read literally from the GMCR+ document."""
    n = len(doc["options"])
    conditions = [[(o, yn == "Y") for o, yn in c] for c in doc["infeasibles"]]
    codes = state_codes(n, conditions)
    return codes, [
        ranking_levels(dm["preferenceRanking"], len(codes)) for dm in doc["decisionMakers"]
    ]


@given(
    st.integers(2, 8).flatmap(lambda m: st.tuples(st.just(m), st.integers(1, min(m, 3)))),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.0, 0.3, 1.0]),
    st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_by_code_and_by_statement_read_the_literal_ranking(sizes, seed, ties, infeasible):
    m, d = sizes
    doc = ranked_gmcr_doc(m, d, seed=seed, tie_share=ties, infeasible=infeasible)
    codes, levels = expected(doc)
    by_code = gmcr_to_conflict(doc, "c", by_code_above=0)
    by_statement = gmcr_to_conflict(doc, "c", by_code_above=10**9)
    assert all(p.state_ranking is not None and p.ranking is None for p in by_code.preferences)
    assert all(p.ranking is not None for p in by_statement.preferences)
    for c in (by_code, by_statement):
        masks = feasible_masks(c)
        assert masks.tolist() == codes
        assert ranks(c, masks).tolist() == levels
    # a state's code is the one whose full statement a level named
    back = parse_conflict(dump_conflict(by_code))
    assert back == by_code


def test_a_ranking_of_4096_states_is_written_by_code_and_round_trips(tmp_path):
    doc = ranked_gmcr_doc(12, 3, seed=2026, tie_share=0.2, infeasible=False)
    path = tmp_path / "big.gmcr"
    path.write_text(json.dumps(doc), encoding="utf-8")
    c = read_gmcr(path)
    codes, levels = expected(doc)
    assert len(codes) == 4096 > BY_CODE_ABOVE
    assert all(p.state_ranking is not None for p in c.preferences)
    # a tie stays a list; a lone state is a bare code
    first = doc["decisionMakers"][0]["preferenceRanking"]
    assert [isinstance(x, list) for x in c.preferences[0].state_ranking] == [
        isinstance(x, list) for x in first
    ]
    assert ranks(c, feasible_masks(c)).tolist() == levels
    saved = tmp_path / "big.yaml"
    save_conflict(c, saved)
    text = saved.read_text(encoding="utf-8")
    assert "  state_ranking: [" in text
    assert len(text.splitlines()) < 4096 // 4  # wrapped lines of codes, not a line a state
    again = load_conflict(saved)
    assert again == c
    assert conflict_graph(again).rank.tolist() == levels


def test_small_rankings_stay_statements():
    c = read_gmcr(GMCR / "chicken-ranked.gmcr")
    assert all(p.ranking is not None and p.state_ranking is None for p in c.preferences)
    assert c.preferences[0].ranking[0][0].statement == "dare-one & -dare-two"


# --- located errors ---------------------------------------------------------------------------
BASE = """\
id: t
title: T
decision_makers:
  - id: a
    name: A
    options: [{id: x}, {id: y}]
  - id: b
    name: B
    options: [{id: z}]
infeasible:
  - forbid: x & y
preferences:
  - dm: a
    state_ranking: RANKING
  - dm: b
    prioritization: [z]
"""
# feasible codes: 0, 1, 2, 4, 5, 6 (x = 1, y = 2, z = 4; 3 and 7 take x and y)


def load(ranking: str) -> object:
    return parse_conflict(BASE.replace("RANKING", ranking), "t.yaml")


def test_a_state_ranking_sets_the_levels():
    c = load("[5, [0, 6], 1, 2, 4]")
    assert ranks(c, feasible_masks(c))[0].tolist() == [3, 2, 1, 0, 4, 3]


@pytest.mark.parametrize(
    ("ranking", "where", "message"),
    [
        (
            "[5, [0, 3], 1, 2, 4, 6]",
            "14:28",
            "preferences[0].state_ranking[1][1]: 3 is not the code of a feasible state: "
            "state x+y is infeasible",
        ),
        (
            "[5, 0, 1, 2, 4, 6, 9]",
            "14:39",
            "state_ranking[6]: 9 is not the code of a feasible state: codes go from 0 to 7",
        ),
        (
            "[5, 0, 1, 2, 4, [6, 0]]",
            "14:40",
            "state_ranking[5][1]: state 0 ((none)) is ranked twice; also at state_ranking[1]",
        ),
        (
            "[5, 0, 1, 2]",
            "14:20",
            "state_ranking: 2 feasible states are not ranked: codes 4 (z), 6 (y+z); every "
            "feasible state must be ranked exactly once",
        ),
        (
            "[5, 0, 1, 2, 4, true]",
            "14:36",
            "state_ranking[5]: a state ranking entry is a state's code (a whole number, 0 or "
            "more: the sum of 2^k over the options k the state takes) or a list of codes of "
            "states that tie; got true",
        ),
        ("[5, 0, [], 1, 2, 4, 6]", "14:27", "got an empty list"),
    ],
)
def test_state_ranking_errors_point_at_the_entry(ranking, where, message):
    with pytest.raises(ScenarioError) as info:
        load(ranking)
    text = str(info.value)
    assert f"t.yaml:{where}: " in text, text
    assert message in text, text


def test_one_kind_of_preference():
    text = BASE.replace("RANKING", "[5, 0, 1, 2, 4, 6]").replace(
        "    state_ranking:", "    ranking: [x | -x]\n    state_ranking:"
    )
    with pytest.raises(ScenarioError, match="'state_ranking' \\(states by code"):
        parse_conflict(text)


@pytest.mark.parametrize(
    ("ranking", "message"),
    [
        ("[1, true, 2]", "True is not an index from 0 to 3"),
        ("[1, 2.0, 3]", "2.0 is not an index from 0 to 3"),
        ("[1, [2, 2], 3]", "state 2 is not a feasible state (1..3) or appears twice"),
        ("[1, 2, 3, 0]", "state 0 is not a feasible state (1..3) or appears twice"),
        ("[1, 7]", "7 is not an index from 0 to 3"),
        ("[[3, 1]]", "feasible states missing from the ranking: [2]"),
    ],
)
def test_gmcr_ranking_errors(tmp_path, ranking, message):
    doc = textwrap.dedent(
        f"""
        {{"options": [{{"name": "A"}}, {{"name": "B"}}], "infeasibles": [[[0, "Y"], [1, "Y"]]],
          "useManualPreferenceRanking": true,
          "decisionMakers": [{{"name": "D", "options": [0, 1], "preferences": [],
                               "preferenceRanking": {ranking}}}]}}
        """
    )
    path = tmp_path / "bad.gmcr"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_gmcr(path)
    assert message in str(info.value)


def test_the_documented_example_is_elmiras_local_government():
    """docs/conflict.md writes the local government's Elmira ranking by code."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "conflict.md").read_text("utf-8")
    line = next(ln for ln in docs.splitlines() if ln.strip().startswith("state_ranking: ["))
    written = json.loads(line.split(":", 1)[1].split("#")[0])
    elmira = load_builtin_conflict("elmira")
    lg = next(p for p in elmira.preferences if p.dm == "lg")
    by_code = elmira.model_copy(
        update={
            "preferences": [
                p if p is not lg else Preference(dm="lg", state_ranking=written)
                for p in elmira.preferences
            ]
        }
    )
    masks = feasible_masks(elmira)
    assert ranks(by_code, masks).tolist() == ranks(elmira, masks).tolist()
