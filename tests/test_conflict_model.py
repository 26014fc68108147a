"""The GMCR model side: statements, feasibility, numbering, moves, ranks, files, GMCR+ import."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import numpy as np
import pytest

from accord.conflict.states import (
    conflict_graph,
    feasible_masks,
    find_states,
    ranks,
    state_label,
)
from accord.io.conflicts import (
    builtin_conflicts,
    dump_conflict,
    load_builtin_conflict,
    load_conflict,
    parse_conflict,
)
from accord.io.gmcr import read_gmcr
from accord.model.conflict import Conflict, StatementError, parse_statement
from accord.model.problems import ScenarioError
from cli_runner import accord

GMCR = Path(__file__).parent / "data" / "gmcr"


def conflict(text: str) -> Conflict:
    return parse_conflict(textwrap.dedent(text))


# Three options: a (DM one), b and c (DM two).
SMALL = """
id: small
title: Small
decision_makers:
  - id: one
    name: One
    options: [{id: a}]
  - id: two
    name: Two
    options: [{id: b}, {id: c}]
infeasible: {infeasible}
preferences:
  - dm: one
    prioritization: [a, -b]
  - dm: two
    prioritization: [b iff c, a]
"""


def small(infeasible: str = "[]", **swap: str) -> Conflict:
    text = SMALL.replace("{infeasible}", infeasible)
    for old, new in swap.items():
        text = text.replace(old, new)
    return conflict(text)


# --- the plain-loop oracle -----------------------------------------------------------------
def truth(formula: tuple, taken: dict[str, bool]) -> bool:
    kind = formula[0]
    if kind == "opt":
        return taken[formula[1]]
    if kind == "not":
        return not truth(formula[1], taken)
    a, b = truth(formula[1], taken), truth(formula[2], taken)
    return {"and": a and b, "or": a or b, "if": a or not b, "iff": a == b}[kind]


def oracle(c: Conflict) -> tuple[list[int], list[list[list[int]]], list[list[int]]]:
    """Feasible masks, moves[dm][state] and rank[dm][state], by loops over every pair."""
    ids = c.option_ids()

    def taken(mask: int) -> dict[str, bool]:
        return {o: bool(mask >> k & 1) for k, o in enumerate(ids)}

    feasible = [
        m
        for m in range(2 ** len(ids))
        if not any(truth(parse_statement(f.statement()), taken(m)) for f in c.infeasible)
    ]
    all_moves = []
    for dm in c.decision_makers:
        own = {ids.index(o.id) for o in dm.options}
        rows = []
        for s in feasible:
            row = []
            for t_index, t in enumerate(feasible):
                changed = {k for k in range(len(ids)) if (s ^ t) >> k & 1}
                if s == t or not changed <= own:
                    continue
                blocked = False
                for k in changed:
                    option = dm.options[[o.id for o in dm.options].index(ids[k])]
                    was = bool(s >> k & 1)
                    if option.irreversible == "forward" and was:
                        blocked = True
                    if option.irreversible == "backward" and not was:
                        blocked = True
                if not blocked:
                    row.append(t_index)
            rows.append(row)
        all_moves.append(rows)
    all_ranks = []
    for dm in c.decision_makers:
        pref = c.preference_of(dm.id)
        if pref.prioritization is not None:
            n = len(pref.prioritization)
            scores = [
                sum(
                    2 ** (n - k)
                    for k, st in enumerate(pref.prioritization, 1)
                    if truth(parse_statement(st.statement), taken(m))
                )
                for m in feasible
            ]
        else:
            levels = pref.ranking or []
            scores = [
                -next(
                    k
                    for k, level in enumerate(levels)
                    if any(truth(parse_statement(st.statement), taken(m)) for st in level)
                )
                for m in feasible
            ]
        distinct = sorted(set(scores))
        all_ranks.append([distinct.index(x) for x in scores])
    return feasible, all_moves, all_ranks


def check_against_oracle(c: Conflict) -> None:
    graph = conflict_graph(c)
    feasible, moves, rank = oracle(c)
    assert graph.n_states == len(feasible)
    assert graph.options is not None and graph.options.tolist() == feasible
    for i in range(len(c.decision_makers)):
        for s in range(graph.n_states):
            assert graph.moves(i, s).tolist() == moves[i][s], (c.id, i, s)
    assert graph.rank.tolist() == rank


def random_statement(rng: random.Random, ids: list[str], depth: int = 3) -> str:
    if depth == 0 or rng.random() < 0.3:
        oid = rng.choice(ids)
        return oid if rng.random() < 0.5 else f"-{oid}"
    op = rng.choice(["&", "|", "if", "iff"])
    left, right = random_statement(rng, ids, depth - 1), random_statement(rng, ids, depth - 1)
    return f"({left}) {op} ({right})"


def random_conflict(seed: int) -> Conflict:
    rng = random.Random(seed)
    dms, ids = [], []
    for d in range(rng.randint(2, 3)):
        options = []
        for _ in range(rng.randint(1, 3)):
            oid = f"o{len(ids)}-x"  # ids with '-' inside, as files have them
            ids.append(oid)
            options.append(
                {"id": oid, "irreversible": rng.choice(["none", "none", "forward", "backward"])}
            )
        dms.append({"id": f"dm{d}", "name": f"DM {d}", "options": options})
    infeasible = [{"forbid": random_statement(rng, ids, 2)} for _ in range(rng.randint(0, 2))]
    if rng.random() < 0.5:
        infeasible.append({"mutually_exclusive": rng.sample(ids, 2)})
    preferences = []
    for dm in dms:
        if rng.random() < 0.7:
            stmts = [random_statement(rng, ids) for _ in range(rng.randint(1, 5))]
            preferences.append({"dm": dm["id"], "prioritization": stmts})
        else:
            levels = [[random_statement(rng, ids, 1)] for _ in range(rng.randint(1, 3))]
            preferences.append({"dm": dm["id"], "ranking": [*levels, f"{ids[0]} | -{ids[0]}"]})
    return Conflict.model_validate(
        {
            "id": f"random-{seed}",
            "title": "random",
            "decision_makers": dms,
            "infeasible": infeasible,
            "preferences": preferences,
        }
    )


# --- state numbering and feasibility -------------------------------------------------------
def test_states_are_feasible_masks_in_ascending_order():
    c = small("[{forbid: b & c}]")
    assert feasible_masks(c).tolist() == [0, 1, 2, 3, 4, 5]  # a = bit 0, b = 1, c = 2
    graph = conflict_graph(c)
    assert graph.labels == ("(none)", "a", "b", "a+b", "c", "a+c")
    assert graph.dms == ("one", "two")


def test_numbering_does_not_depend_on_preferences():
    first = small("[{forbid: b & c}]")
    second = small("[{forbid: b & c}]", **{"[a, -b]": "[-a, c, b]", "[b iff c, a]": "[c]"})
    assert feasible_masks(first).tolist() == feasible_masks(second).tolist()
    assert conflict_graph(first).labels == conflict_graph(second).labels


@pytest.mark.parametrize(
    ("infeasible", "masks"),
    [
        ("[]", list(range(8))),
        ("[{mutually_exclusive: [a, b, c]}]", [0, 1, 2, 4]),
        ("[{at_least_one: [b, c]}]", [2, 3, 4, 5, 6, 7]),
        ("[{implies: {if: a, then: b | c}}]", [0, 2, 3, 4, 5, 6, 7]),
        ("[{forbid: a iff c}]", [1, 3, 4, 6]),
        ("[{forbid: a}, {forbid: b}]", [0, 4]),
    ],
)
def test_feasibility_conditions(infeasible, masks):
    assert feasible_masks(small(infeasible)).tolist() == masks


def test_every_state_infeasible_is_an_error():
    with pytest.raises(ScenarioError, match="every state is infeasible"):
        small("[{forbid: a}, {forbid: -a}]")


# --- moves ---------------------------------------------------------------------------------
def test_a_dm_changes_any_set_of_its_own_options():
    graph = conflict_graph(small())
    # DM two (b, c) from state 0 reaches b, c and b+c: states 2, 4, 6; DM one only a.
    assert graph.moves(1, 0).tolist() == [2, 4, 6]
    assert graph.moves(0, 0).tolist() == [1]
    assert graph.moves(1, 7).tolist() == [1, 3, 5]


def test_moves_only_to_feasible_states():
    graph = conflict_graph(small("[{forbid: b & c}]"))
    assert graph.moves(1, 0).tolist() == [2, 4]  # b+c (mask 6) is gone


def test_irreversible_forward_cannot_be_dropped():
    graph = conflict_graph(small())  # reversible: b can be dropped
    assert 0 in graph.moves(1, 2).tolist()
    c = small(
        **{"options: [{id: b}, {id: c}]": "options: [{id: b, irreversible: forward}, {id: c}]"}
    )
    graph = conflict_graph(c)
    assert graph.moves(1, 0).tolist() == [2, 4, 6]  # taking b is fine
    assert graph.moves(1, 2).tolist() == [6]  # from b: c may be added, b never dropped
    assert graph.moves(1, 6).tolist() == [2]


def test_irreversible_backward_cannot_be_retaken():
    c = small(
        **{"options: [{id: b}, {id: c}]": "options: [{id: b, irreversible: backward}, {id: c}]"}
    )
    graph = conflict_graph(c)
    assert graph.moves(1, 0).tolist() == [4]  # only c: b cannot be taken
    assert graph.moves(1, 2).tolist() == [0, 4, 6]  # b can be dropped, alone or with a change


@pytest.mark.parametrize("seed", range(40))
def test_graph_matches_the_loop_oracle(seed):
    c = random_conflict(seed)
    if len(feasible_masks(c)) == 0:  # a random draw can rule out every state
        c = c.model_copy(update={"infeasible": []})
    check_against_oracle(c)


@pytest.mark.parametrize("name", ["elmira", "ukraine-2025-gmcr", "chicken", "prisoners-dilemma"])
def test_builtin_graphs_match_the_loop_oracle(name):
    check_against_oracle(load_builtin_conflict(name))


def test_moves_built_in_chunks_match(monkeypatch):
    import accord.conflict.states as states

    whole = conflict_graph(load_builtin_conflict("ukraine-2025-gmcr"))
    monkeypatch.setattr(states, "_CHUNK", 5)  # a few states per chunk
    chunked = conflict_graph(load_builtin_conflict("ukraine-2025-gmcr"))
    for a, b in zip(whole.targets + whole.indptr, chunked.targets + chunked.indptr, strict=True):
        assert a.tolist() == b.tolist()


def test_graph_memory_is_per_move():
    graph = conflict_graph(load_builtin_conflict("ukraine-2025-gmcr"))
    assert graph.n_states == 96
    for indptr, targets in zip(graph.indptr, graph.targets, strict=True):
        assert indptr.shape == (97,) and targets.ndim == 1 and targets.dtype == np.int64


# --- statements ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a", ("opt", "a")),
        ("-a", ("not", ("opt", "a"))),
        ("renounce-nato", ("opt", "renounce-nato")),
        ("-renounce-nato", ("not", ("opt", "renounce-nato"))),
        ("a & -b | c", ("or", ("and", ("opt", "a"), ("not", ("opt", "b"))), ("opt", "c"))),
        ("a & (b | c)", ("and", ("opt", "a"), ("or", ("opt", "b"), ("opt", "c")))),
        ("a if b & c", ("if", ("opt", "a"), ("and", ("opt", "b"), ("opt", "c")))),
        ("a iff b if c", ("iff", ("opt", "a"), ("if", ("opt", "b"), ("opt", "c")))),
        ("--a", ("not", ("not", ("opt", "a")))),
        ("-(a|b)", ("not", ("or", ("opt", "a"), ("opt", "b")))),
    ],
)
def test_statement_parser(text, tree):
    assert parse_statement(text) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must not be empty"),
        ("a &", "character 4, expected an option id, '-' or '('; got the end"),
        ("a b", "character 3, expected '&', '|', 'if', 'iff' or the end"),
        ("(a | b", "expected ')'"),
        ("a % b", "character 3 ('%') cannot appear"),
        ("a if b if c", "parentheses around one of the 'if's"),
        ("& a", "character 1, expected an option id"),
        ("a & if", "got 'if'"),
    ],
)
def test_statement_errors_say_where_and_what(text, message):
    with pytest.raises(StatementError) as info:
        parse_statement(text)
    assert message in str(info.value)


def test_statement_semantics():
    c = small()
    masks = feasible_masks(c)  # 0..7; a = 1, b = 2, c = 4
    assert find_states(c, "a if b", masks).tolist() == [0, 1, 3, 4, 5, 7]
    assert find_states(c, "a iff b", masks).tolist() == [0, 3, 4, 7]
    assert find_states(c, "-(a | b) & c", masks).tolist() == [4]


# --- preferences ---------------------------------------------------------------------------
def test_prioritization_ranks_by_hand():
    c = small()
    # one: [a, -b]: scores 2*a + 1*(not b) over masks 0..7 (a = bit 0, b = bit 1)
    # -> 1, 3, 0, 2, 1, 3, 0, 2; dense ranks equal these.
    # two: [b iff c, a]: 2*(b == c) + a -> 2, 3, 0, 1, 0, 1, 2, 3
    assert ranks(c, feasible_masks(c)).tolist() == [
        [1, 3, 0, 2, 1, 3, 0, 2],
        [2, 3, 0, 1, 0, 1, 2, 3],
    ]


def test_ranks_are_dense_over_feasible_states():
    c = small("[{forbid: a}]")  # masks 0, 2, 4, 6: DM one scores 1, 0, 1, 0
    assert ranks(c, feasible_masks(c))[0].tolist() == [1, 0, 1, 0]


def test_prisoners_dilemma_ranks():
    graph = conflict_graph(load_builtin_conflict("prisoners-dilemma"))
    # states: none, defect-1, defect-2, both; one prefers DC > CC > DD > CD
    assert graph.rank.tolist() == [[2, 3, 0, 1], [2, 0, 3, 1]]


def test_many_statements_do_not_overflow():
    stmts = ", ".join(["-a"] * 70 + ["a"])  # 2^70 would overflow int64 scores
    c = small(**{"prioritization: [a, -b]": f"prioritization: [{stmts}]"})
    assert ranks(c, feasible_masks(c))[0].tolist() == [1, 0, 1, 0, 1, 0, 1, 0]


def test_elmira_matches_the_literature_ranking():
    c = load_builtin_conflict("elmira")
    graph = conflict_graph(c)
    assert graph.n_states == 12
    literature = [0, 1, 2, 3, 6, 7, 8, 9]  # the literature's states 1-8 as accord numbers
    abandon = [4, 5, 10, 11]  # its state 9

    def order(dm: int) -> list[int]:
        levels = graph.rank[dm]
        lit = {k + 1: levels[s] for k, s in enumerate(literature)}
        assert len({levels[s] for s in abandon}) == 1  # abandonment states tie
        lit[9] = levels[abandon[0]]
        return sorted(lit, key=lambda k: -lit[k])

    assert order(0) == [7, 3, 4, 8, 5, 1, 2, 6, 9]
    assert order(1) == [1, 4, 8, 5, 9, 2, 3, 7, 6]
    assert order(2) == [7, 3, 5, 1, 8, 6, 4, 2, 9]
    # Uniroyal: delay is one-way (backward), abandon forward; MoE's modify is forward
    assert graph.moves(1, 0).tolist() == [2, 4]
    assert graph.moves(1, 2).tolist() == [4]
    assert graph.moves(1, 4).tolist() == []
    assert graph.moves(0, 1).tolist() == []


# --- built-ins -----------------------------------------------------------------------------
def test_builtin_names():
    assert set(builtin_conflicts()) >= {
        "prisoners-dilemma",
        "chicken",
        "elmira",
        "ukraine-2025-gmcr",
    }


@pytest.mark.parametrize("name", builtin_conflicts())
def test_every_builtin_loads_and_round_trips(name, tmp_path):
    c = load_builtin_conflict(name)
    path = tmp_path / f"{name}.yaml"
    path.write_text(dump_conflict(c), encoding="utf-8")
    again = load_conflict(path)
    assert again == c
    graph = conflict_graph(c)
    for pub in c.published:
        for text in pub.states:
            assert len(find_states(c, text)) == 1
    assert graph.n_states > 0


def test_published_results_of_the_games():
    pd = load_builtin_conflict("prisoners-dilemma")
    by = {p.concept: sorted(int(find_states(pd, s)[0]) for s in p.states) for p in pd.published}
    assert by == {"nash": [3], "gmr": [0, 3], "smr": [0, 3], "seq": [0, 3]}
    chicken = load_builtin_conflict("chicken")
    by = {
        p.concept: sorted(int(find_states(chicken, s)[0]) for s in p.states)
        for p in chicken.published
    }
    assert by == {"nash": [1, 2], "gmr": [0, 1, 2], "smr": [0, 1, 2], "seq": [1, 2]}


def test_ukraine_statements_are_argued_and_sourced():
    c = load_builtin_conflict("ukraine-2025-gmcr")
    assert len(feasible_masks(c)) == 96
    for pref in c.preferences:
        for st in pref.prioritization or []:
            assert st.judgement and st.sources, st.statement
    labels = conflict_graph(c).labels
    assert labels is not None and state_label(c, 0b10) == "ceasefire"


def test_unknown_builtin():
    with pytest.raises(ScenarioError, match="did you mean 'chicken'"):
        load_builtin_conflict("chiken")


# --- files: errors with locations ----------------------------------------------------------
GOOD = """\
id: t
title: T
decision_makers:
  - id: a
    name: A
    options:
      - id: x
      - id: y
  - id: b
    name: B
    options:
      - id: z
infeasible:
  - mutually_exclusive: [x, y]
preferences:
  - dm: a
    prioritization: [x, -z]
  - dm: b
    prioritization: [z if x]
"""


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "      - id: y\n",
            "      - id: y\n        irreversible: forwards\n",
            "9:23",
            "'forwards' is not a valid irreversible (did you mean 'forward'?); valid: none, "
            "forward, backward",
        ),
        (
            "[x, -z]",
            "[x, -zz]",
            "17:25",
            "'-zz' names 'zz', which is not an option (did you mean 'z'?); options: x, y, z",
        ),
        ("[z if x]", "[z if]", "19:22", "'z if': at character 5, expected an option id"),
        ("      - id: z\n", "      - id: x\n", "12:13", "option 'x' is also an option of 'a'"),
        ("  - id: b\n", "  - id: a\n", "9:9", "decision-maker 'a' is defined twice"),
        ("[x, y]", "[x]", "14:25", "needs at least 2 entries; got 1"),
        (
            "  - mutually_exclusive: [x, y]\n",
            "  - mutually_exclusive: [x, y]\n    forbid: x\n",
            "14:5",
            "needs exactly one of mutually_exclusive, at_least_one, implies, forbid",
        ),
        ("  - dm: b\n", "  - dm: c\n", "18:9", "unknown decision-maker 'c'"),
        (
            "    prioritization: [z if x]\n",
            "    prioritization: [z if x]\n    weight: 2\n",
            "20:5",
            "unknown key 'weight'; allowed keys here: dm, prioritization, ranking",
        ),
        ("title: T\n", "", "1:1", "missing required key 'title'"),
        ("    options:\n      - id: z\n", "    options: z\n", "11:14", "must be a list"),
        ("[x, y]", "[x, y]\n  - forbid: -x\n  - forbid: x", "14:3", "every state is infeasible"),
        (
            "    prioritization: [z if x]\n",
            "    ranking: [z]\n",
            "19:14",
            "b's ranking places no level on state",
        ),
        ("  - id: a\n    name: A\n", "  - id: a\n    name: A\n    name: B\n", "6:5", ""),
        ("id: t\n", "id: t\n&anchor x: 1\n", "2:1", "anchors and aliases"),
        ("[x, -z]", "[if, -z]", "", ""),  # 'if' alone is no statement
    ],
)
def test_malformed_files_point_at_the_line(tmp_path, old, new, where, message):
    assert old in GOOD
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_conflict(path)
    text = str(info.value)
    assert f"{path}:" in text
    if where:
        assert f"{path}:{where}:" in text, text
    assert message in text, text


def test_good_file_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    c = load_conflict(path)
    assert c.option_ids() == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file has no content"),
        ("# only a comment\n", "the file has no content"),
        ("- a\n- b\n", "the document is a list; a conflict is a mapping"),
        ("id: [unclosed\n", "1 error"),
        (b"id: \xff\n", "invalid UTF-8"),
    ],
)
def test_unreadable_documents(text, message):
    with pytest.raises(ScenarioError) as info:
        parse_conflict(text, "x.yaml")
    assert message in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_conflict(tmp_path / "nope.yaml")


def test_option_named_like_a_keyword():
    with pytest.raises(ScenarioError, match="'iff' is a word of the statement language"):
        parse_conflict(GOOD.replace("- id: y", "- id: iff").replace("[x, y]", "[x, iff]"))


def test_published_state_must_be_one_state():
    text = GOOD + "sources:\n  - {id: s, title: S, reliability: primary}\n"
    text += "published:\n  - {concept: nash, states: [x], source: s}\n"
    with pytest.raises(ScenarioError, match="must match exactly one feasible state; it matches 2"):
        parse_conflict(text)


# --- GMCR+ import --------------------------------------------------------------------------
def test_gmcr_import_prioritised():
    c = read_gmcr(GMCR / "town-dispute.gmcr")
    assert c.id == "town-dispute"
    assert [dm.id for dm in c.decision_makers] == ["firm", "residents", "council"]
    assert c.option_ids() == ["build-plant", "postpone", "sue", "subsidise"]
    firm = c.decision_makers[0]
    assert [o.irreversible.value for o in firm.options] == ["forward", "backward"]
    assert [f.forbid for f in c.infeasible] == ["build-plant & postpone"]
    prefs = {p.dm: [s.statement for s in p.prioritization or []] for p in c.preferences}
    assert prefs == {
        "firm": ["-sue", "build-plant & subsidise", "-postpone"],
        "residents": ["(-build-plant) | (-subsidise)", "-sue"],
        "council": ["build-plant", "-subsidise"],
    }
    graph = conflict_graph(c)
    assert graph.n_states == 12
    check_against_oracle(c)


def test_gmcr_import_manual_ranking_old_keys():
    c = read_gmcr(GMCR / "chicken-ranked.gmcr")
    graph = conflict_graph(c)
    # GMCR+ state k is accord's k - 1: 1 none, 2 one dares, 3 two dares, 4 both
    assert graph.rank.tolist() == [[2, 3, 1, 0], [2, 1, 3, 0]]
    same = conflict_graph(load_builtin_conflict("chicken"))
    assert graph.rank.tolist() == same.rank.tolist()


def test_gmcr_import_round_trips_through_yaml(tmp_path):
    c = read_gmcr(GMCR / "town-dispute.gmcr")
    path = tmp_path / "town.yaml"
    path.write_text(dump_conflict(c), encoding="utf-8")
    assert load_conflict(path) == c


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("not json", "not a GMCR+ save file (JSON)"),
        ("[]", "a JSON object"),
        ('{"options": [], "decisionMakers": []}', "no options or no decision makers"),
        (
            '{"options": [{"name": "A", "permittedDirection": "sideways"}],'
            ' "decisionMakers": [{"name": "D", "options": [0], "preferences": []}]}',
            "'sideways' is not a permitted direction",
        ),
        (
            '{"options": [{"name": "A", "permittedDirection": "both"}],'
            ' "decisionMakers": [{"name": "D", "options": [3], "preferences": []}]}',
            "3 is not an index from 0 to 0",
        ),
        (
            '{"options": [{"name": "A", "permittedDirection": "both"}], "infeasibles": [],'
            ' "decisionMakers": [{"name": "D", "options": [0], "preferences": [[[0, "Q"]]]}]}',
            "expected [option index, 'Y' or 'N']",
        ),
        (
            '{"options": [{"name": "A", "permittedDirection": "both"}],'
            ' "useManualPreferenceRanking": true, "infeasibles": [],'
            ' "decisionMakers": [{"name": "D", "options": [0], "preferences": [],'
            ' "preferenceRanking": [1]}]}',
            "feasible states missing from the ranking: [2]",
        ),
    ],
)
def test_gmcr_import_errors(tmp_path, doc, message):
    path = tmp_path / "bad.gmcr"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_gmcr(path)
    assert message in str(info.value)


def test_gmcr_cli(tmp_path):
    out = tmp_path / "town.yaml"
    proc = accord("import", "gmcr", str(GMCR / "town-dispute.gmcr"), "-o", str(out))
    assert "3 decision makers, 4 options, 12 states" in proc.stdout
    assert load_conflict(out).id == "town-dispute"
    proc = accord("import", "gmcr", str(GMCR / "town-dispute.gmcr"), "-o", str(out), check=2)
    assert "exists; use --force" in proc.stdout + proc.stderr
    proc = accord(
        "import", "gmcr", str(GMCR / "chicken-ranked.gmcr"), "-o", str(out), "--force", "--json"
    )
    assert json.loads(proc.stdout)["states"] == 4
