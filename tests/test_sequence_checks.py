"""Phases, orders, commitments, beliefs and ratifiers: located errors and warnings.

Each file in ``tests/data/sequence_malformed/`` is the well-formed
``tests/data/sequencing/sequenced.yaml`` with one fault (a comment on line 1 says which);
every case states the exact line, column, path and message of every error it gives.
Warnings are made by editing the well-formed text here: such a file still loads.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from accord.io.scenarios import dump_scenario, parse_scenario, read_scenario, scenario_to_data
from accord.model import Scenario
from accord.model.problems import Problem
from accord.model.sequence_checks import MAX_SEARCH_PHASES
from oracle_phases import broken, has_cycle, is_cycle, on_cycles
from schema_check import check_schema, schema_errors

DATA = Path(__file__).parent / "data"
GOOD = DATA / "sequencing" / "sequenced.yaml"
MALFORMED = DATA / "sequence_malformed"
TEXT = GOOD.read_text()

Want = tuple[int, int, str, str]  # line, column, path, the whole message

PHASES = "phases of 'plan': truce, pullback, money"
ONCE = "list every phase of 'plan' once"
ACTORS = "known actors: broker, north, south"
ISSUES = "known issues: aid, ceasefire, withdrawal"
REF = "ratification[0].ratifiers[1]"  # the referendum

CASES: dict[str, list[Want]] = {
    # --- phases -------------------------------------------------------------------------------
    "point-phase-unknown": [
        (
            36,
            9,
            "proposals[0].phases[1]",
            "phase 'pullback' of draft 'plan' has no points; give points 'phase: pullback' or "
            "drop the phase",
        ),
        (
            49,
            16,
            "proposals[0].points[1].phase",
            f"unknown phase 'pulback' of draft 'plan' (did you mean 'pullback'?); {PHASES}",
        ),
    ],
    "in-force-after-unknown-phase": [
        (
            34,
            21,
            "proposals[0].in_force_after",
            f"unknown phase 'truse' of draft 'plan' (did you mean 'truce'?); {PHASES}",
        ),
    ],
    "point-phase-in-draft-without-phases": [
        (
            59,
            87,
            "proposals[1].points[0].phase",
            "draft 'truce-only' has no phases; add phase 'truce' to the draft's 'phases', or "
            "drop the point's 'phase' (it is then carried out at signature)",
        )
    ],
    "phase-without-points": [
        (
            38,
            9,
            "proposals[0].phases[3]",
            "phase 'vote' of draft 'plan' has no points; give points 'phase: vote' or drop "
            "the phase",
        ),
        (  # and the draft's order, written before the phase, does not list it
            40,
            67,
            "proposals[0].orders[0].phases",
            "order 'money-first' leaves out phase vote; list every phase of 'plan' once "
            "(truce, pullback, money, vote)",
        ),
    ],
    "phase-duplicate-id": [
        (
            38,
            14,
            "proposals[0].phases[3].id",
            "duplicate phase id 'truce' in draft 'plan' (first: phases[0]); phase ids must "
            "be unique within a draft",
        )
    ],
    "requires-unknown-phase": [
        (
            36,
            62,
            "proposals[0].phases[1].requires[0]",
            f"unknown phase 'truse' of draft 'plan' (did you mean 'truce'?); {PHASES}",
        )
    ],
    "requires-itself": [
        (
            36,
            62,
            "proposals[0].phases[1].requires[0]",
            "phase 'pullback' cannot require itself; valid: another phase of 'plan' (truce, money)",
        )
    ],
    "requires-cycle": [
        (
            35,
            59,
            "proposals[0].phases[0].requires[0]",
            "the phases of draft 'plan' require each other in a cycle (truce -> money -> "
            "truce), so none of them can start; drop one of these requirements",
        )
    ],
    "requires-later-phase": [
        (
            36,
            62,
            "proposals[0].phases[1].requires[0]",
            "phase 'pullback' requires 'money', which comes after it in draft 'plan' (the "
            "phases are listed in the draft's own order); list 'money' first",
        )
    ],
    # --- orders -------------------------------------------------------------------------------
    "order-leaves-out-phase": [
        (
            39,
            67,
            "proposals[0].orders[0].phases",
            f"order 'money-first' leaves out phase pullback; {ONCE} (truce, pullback, money)",
        )
    ],
    "order-repeats-phase": [
        (
            39,
            82,
            "proposals[0].orders[0].phases[2]",
            f"order 'money-first' lists phase 'money' twice (first: phases[1]); {ONCE}",
        )
    ],
    "order-unknown-phase": [
        (
            39,
            67,
            "proposals[0].orders[0].phases",
            f"order 'money-first' leaves out phase money; {ONCE} (truce, pullback, money)",
        ),
        (
            39,
            75,
            "proposals[0].orders[0].phases[1]",
            f"unknown phase 'mony' of draft 'plan' (did you mean 'money'?); {PHASES}",
        ),
    ],
    "order-duplicate-id": [
        (
            40,
            14,
            "proposals[0].orders[1].id",
            "duplicate order id 'money-first' in draft 'plan' (first: orders[0]); order ids "
            "must be unique within a draft",
        )
    ],
    "orders-without-phases": [
        (
            58,
            46,
            "proposals[1].orders[0].phases",
            "draft 'truce-only' has no phases to order; add 'phases' to the draft or drop 'orders'",
        )
    ],
    # --- commitments --------------------------------------------------------------------------
    "commitment-by-unknown": [
        (
            45,
            26,
            "proposals[0].points[0].commitment.by",
            f"unknown actor 'nort' (did you mean 'north'?); {ACTORS}",
        )
    ],
    "guarantor-unknown": [
        (
            45,
            61,
            "proposals[0].points[0].commitment.guarantor",
            f"unknown actor 'brokr' (did you mean 'broker'?); {ACTORS}",
        )
    ],
    "guarantor-is-by": [
        (
            45,
            61,
            "proposals[0].points[0].commitment.guarantor",
            "'north' cannot guarantee its own commitment; name another actor that sees the "
            "point carried out when it does not, or drop 'guarantor'",
        )
    ],
    # --- beliefs ------------------------------------------------------------------------------
    "belief-holder-unknown": [
        (67, 14, "beliefs[1].holder", f"unknown actor 'sout' (did you mean 'south'?); {ACTORS}")
    ],
    "belief-about-unknown": [
        (67, 13, "beliefs[1].about", f"unknown actor 'norht' (did you mean 'north'?); {ACTORS}")
    ],
    "belief-probability-out-of-range": [
        (
            67,
            51,
            "beliefs[1].probability",
            "1.5 is out of range; valid: a probability from 0 to 1",
        )
    ],
    "belief-spread-out-of-range": [
        (
            65,
            35,
            "beliefs[0].uncertainty.high",
            "1.2 is out of range; valid: a probability from 0 to 1",
        )
    ],
    "belief-spread-is-text": [
        (
            65,
            24,
            "beliefs[0].uncertainty.low",
            "must be a probability from 0 to 1; got 'likely'",
        )
    ],
    "belief-spread-low-above-high": [
        (65, 18, "beliefs[0].uncertainty", "'low' (0.8) is above 'high' (0.4); swap them")
    ],
    "belief-spread-mode-outside": [
        (
            65,
            72,
            "beliefs[0].uncertainty.mode",
            "'mode' (0.9) is outside 0.4..0.8; valid: a probability from 'low' to 'high'",
        )
    ],
    "belief-duplicate": [
        (
            68,
            5,
            "beliefs[2]",
            "a second belief shared by all (no holder) that 'north' keeps 'withdrawal' "
            "commitments (first: beliefs[1]); give one",
        )
    ],
    # --- ratification -------------------------------------------------------------------------
    "ratification-actor-unknown": [
        (94, 12, "ratification[1].actor", f"unknown actor 'nort' (did you mean 'north'?); {ACTORS}")
    ],
    "ratification-second-entry": [
        (
            94,
            12,
            "ratification[1].actor",
            "a second ratification entry for 'south' (first: ratification[0]); give one entry "
            "per actor, with all its ratifiers",
        )
    ],
    "ratifier-duplicate-id": [
        (
            104,
            13,
            "ratification[1].ratifiers[1].id",
            "duplicate ratifier id 'south-parliament' (first: ratification[0].ratifiers[0]); "
            "ratifier ids must be unique in the scenario",
        )
    ],
    "ratifier-id-is-actor": [
        (
            98,
            13,
            "ratification[1].ratifiers[0].id",
            "ratifier id 'north' is also an actor's id; give the ratifier an id of its own, "
            "e.g. 'north-other'",
        )
    ],
    "ratifier-stance-unknown-issue": [
        (
            78,
            21,
            "ratification[0].ratifiers[0].stances[0].issue",
            f"unknown issue 'withdrawl' (did you mean 'withdrawal'?); {ISSUES}",
        )
    ],
    "ratifier-position-invalid": [
        (
            78,
            43,
            "ratification[0].ratifiers[0].stances[0].position",
            "'total' is not an option of issue 'withdrawal'; valid: none, partial, full",
        )
    ],
    "ratifier-red-line-invalid": [
        (
            102,
            72,
            "ratification[1].ratifiers[0].stances[0].red_line",
            "200 is not valid for issue 'aid'; valid: a number from 0 to 100 bn",
        )
    ],
    "ratifier-table-invalid": [
        (
            91,
            20,
            f"{REF}.stances[0].table",
            "the table must give a utility for every setting of 'withdrawal'; missing: full "
            "(all: none, partial, full)",
        ),
        (
            91,
            52,
            f"{REF}.stances[0].table.ful",
            "'ful' is not a setting of 'withdrawal' (did you mean 'full'?); valid: none, "
            "partial, full",
        ),
    ],
    "ratifier-stance-duplicate-issue": [
        (
            79,
            13,
            "ratification[0].ratifiers[0].stances[1]",
            "a second stance of ratifier 'south-parliament' on 'withdrawal' (first: "
            "stances[0]); give one",
        )
    ],
    "ratifier-unless-without-red-line": [
        (
            92,
            71,
            f"{REF}.stances[1].unless",
            "'unless' makes a red line conditional; give 'red_line' too",
        )
    ],
    "quota-without-quota-rule": [
        (
            72,
            12,
            "ratification[0].quota",
            "'quota' is used only with 'rule: quota' (the rule here is 'all'); write rule: "
            "quota, or drop the quota",
        )
    ],
    "quota-rule-without-quota": [
        (
            95,
            11,
            "ratification[1].rule",
            "rule 'quota' needs a 'quota': the share of the voting weight that must pass an "
            "outcome, a number above 0 and at most 1",
        )
    ],
    "threshold-unreachable": [
        (  # 0.7 x 0.9 (the table's best) + 0.3 x 1 (its position) = 0.93
            83,
            20,
            f"{REF}.threshold",
            "ratifier 'south-referendum' can never pass an outcome: its threshold 0.95 is "
            "above the most its stances can give it (0.93, with every issue set as it wants); "
            "valid: a threshold of at most 0.93",
        )
    ],
    "ratifier-saliences-zero": [
        (
            76,
            20,
            "ratification[0].ratifiers[0].threshold",
            "every stance of ratifier 'south-parliament' has salience 0, so its utility is 0 "
            "for every outcome and never reaches its threshold 0.5; give a stance a positive "
            "salience, or drop 'threshold'",
        )
    ],
    "threshold-without-stances": [
        (
            102,
            20,
            "ratification[1].ratifiers[0].threshold",
            "ratifier 'north-council' has a threshold but no stances to judge an outcome by; "
            "give it stances, or drop 'threshold'",
        )
    ],
    "votes-when-unknown-issue": [
        (
            85,
            30,
            f"{REF}.votes_when[0].issue",
            f"unknown issue 'withdraw' (did you mean 'withdrawal'?); {ISSUES}",
        )
    ],
    "votes-when-invalid-setting": [
        (
            85,
            51,
            f"{REF}.votes_when[0].at_most",
            "'half' is not an option of issue 'withdrawal'; valid: none, partial, full",
        )
    ],
}


def shown(problems: list[Problem]) -> str:
    return "\n".join(p.render("f.yaml") for p in problems)


def test_every_file_has_a_case() -> None:
    assert {p.stem for p in MALFORMED.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file(name: str) -> None:
    path = MALFORMED / f"{name}.yaml"
    scenario, problems = read_scenario(path)
    assert scenario is None
    errors = [p for p in problems if p.severity == "error"]
    got = [(p.line, p.column, p.where, p.message) for p in errors]
    assert got == CASES[name], shown(errors)
    # the file differs from the good one only where line 1 says
    assert path.read_text().startswith("# ")


def test_render_names_file_line_column_and_path() -> None:
    _, problems = read_scenario(MALFORMED / "guarantor-is-by.yaml")
    assert (
        problems[0]
        .render("s.yaml")
        .startswith(
            "s.yaml:45:61: proposals[0].points[0].commitment.guarantor: 'north' cannot guarantee"
        )
    )


# --- the well-formed file ---------------------------------------------------------------------
def test_the_good_file_loads_without_a_problem() -> None:
    scenario, problems = read_scenario(GOOD)
    assert problems == [], shown(problems)
    assert scenario is not None
    plan = scenario.proposal("plan")
    assert [p.id for p in plan.phases] == ["truce", "pullback", "money"]
    assert [p.phase for p in plan.points] == ["truce", "pullback", "money"]
    assert plan.points[0].commitment is not None
    assert plan.points[0].commitment.guarantor == "broker"
    assert [(b.holder, b.about, b.kind) for b in scenario.beliefs] == [
        ("south", "north", "ceasefire"),
        (None, "north", "withdrawal"),
        ("north", "broker", "payment"),
    ]
    assert [r.actor for r in scenario.ratification] == ["south", "north"]


def test_the_good_file_round_trips() -> None:
    scenario, _ = read_scenario(GOOD)
    assert scenario is not None
    again, problems = parse_scenario(dump_scenario(scenario))
    assert problems == [] and again == scenario


# --- warnings: the file loads, with the warning placed --------------------------------------
B1 = "{about: north, kind: withdrawal, probability: 0.5, judgement: no record either way}"
WARNINGS = [
    (
        "phases: [truce, money, pullback]}",
        "phases: [money, truce, pullback]}",
        (38, 68, "proposals[0].orders[0].phases[0]"),
        "order 'money-first' puts 'money' before 'truce', which it requires: it is compared "
        "all the same, marked as breaking the draft's conditions; put 'truce' first to respect "
        "them",
    ),
    (
        "commitment: {by: broker, kind: payment}",
        "commitment: {by: broker, kind: payment, if_broken: preferred}",
        (54, 60, "proposals[0].points[2].commitment.if_broken"),
        "if 'broker' breaks it, it sets the point's issues as it prefers, but it has no stance "
        "on aid, so there the point just lapses (the issue keeps what stood before it: its "
        "status quo, or open where it has none); give 'broker' a stance there, or write "
        "if_broken: status_quo",
    ),
    (
        "{number: 1, text: Both sides stop firing, settings: {ceasefire: true}}",
        "{number: 1, text: Both sides stop firing, commitment: {by: north, kind: ceasefire}}",
        (58, 63, "proposals[1].points[0].commitment"),
        "the point sets no issue, so breaking it (if_broken: status_quo) takes nothing away "
        "and only halts the later phases; give the point the settings it makes, or write "
        "if_broken: no_deal if a breach ends the deal",
    ),
    (
        "kind: payment, probability: 0.9",
        "kind: payments, probability: 0.9",
        (67, 42, "beliefs[2].kind"),
        "no commitment in any draft is of kind 'payments' (did you mean 'payment'?), so the "
        "belief is not used; kinds of commitment in the drafts: ceasefire, withdrawal, payment",
    ),
    (
        "{holder: north, about: broker,",
        "{holder: north, about: north,",
        (67, 28, "beliefs[2].about"),
        "an actor is taken to be sure of its own commitments, so a belief of 'north' about "
        "itself is not used; drop it",
    ),
    (
        B1,
        B1.replace(", judgement: no record either way", ""),
        (66, 5, "beliefs[1]"),
        "belief has neither 'sources' nor a 'judgement' note saying it is the analyst's call",
    ),
    (
        "        threshold: 0.5\n        spread: 0.05\n",
        "        threshold: 0.95\n        spread: 0.05\n",
        (82, 20, f"{REF}.threshold"),
        "ratifier 'south-referendum' passes an outcome only when its vote swings above the "
        "model's value (spread 0.05): its threshold 0.95 is above the most its stances can "
        "give it (0.93, with every issue set as it wants)",
    ),
    (
        "salience: 1.0, red_line: 20}]",
        "salience: 1.0}]",
        (97, 9, "ratification[1].ratifiers[0]"),
        "ratifier 'north-council' has no red lines and no threshold, so it passes every "
        "outcome; give it a threshold or red lines, or drop it",
    ),
    (
        "        judgement: the constitution forbids ceding land\n",
        "",
        (106, 19, "ratification[1].ratifiers[1].stances[0]"),
        "ratifier stance has neither 'sources' nor a 'judgement' note (nor has its ratifier) "
        "saying it is the analyst's call",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), WARNINGS)
def test_warnings_are_placed(old: str, new: str, where: tuple[int, int, str], message: str) -> None:
    assert TEXT.count(old) == 1
    scenario, problems = parse_scenario(TEXT.replace(old, new))
    assert scenario is not None, shown(problems)
    assert [(p.line, p.column, p.where, p.message) for p in problems] == [(*where, message)]
    assert problems[0].severity == "warning"


def with_phases(n: int) -> str:
    """The good text with ``n`` phases in 'plan' (each with a point) and no listed order."""
    extra = range(n - 3)
    phases = "".join(f"      - {{id: p{k}, title: Step {k}}}\n" for k in extra)
    points = "".join(f"      - {{text: Step {k}, settings: {{}}, phase: p{k}}}\n" for k in extra)
    order = "    orders:\n      - {id: money-first, title: Aid before the pullback, "
    order += "phases: [truce, money, pullback]}\n"
    anchor = "      - {id: money, title: Aid paid out, requires: [truce]}\n"
    last = "        commitment: {by: broker, kind: payment}\n"
    assert TEXT.count(order) == TEXT.count(anchor) == TEXT.count(last) == 1
    return TEXT.replace(order, "").replace(anchor, anchor + phases).replace(last, last + points)


def test_more_phases_than_the_order_search_takes_is_a_warning() -> None:
    n = MAX_SEARCH_PHASES + 1
    scenario, problems = parse_scenario(with_phases(n))
    assert scenario is not None, shown(problems)
    assert [(p.line, p.column, p.where, p.severity) for p in problems] == [
        (34, 7, "proposals[0].phases", "warning")
    ]
    assert problems[0].message == (
        f"draft 'plan' has {n} phases; the search for the best order tries every order of "
        f"at most {MAX_SEARCH_PHASES}, so it will refuse this draft (its own order and its "
        "listed 'orders' are still compared)"
    )
    scenario, problems = parse_scenario(with_phases(MAX_SEARCH_PHASES))
    assert scenario is not None and len(scenario.proposals[0].phases) == MAX_SEARCH_PHASES
    assert problems == [], shown(problems)


# --- requirements at random, against the plain reading --------------------------------------
@st.composite
def phased_drafts(draw: st.DrawFn) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Random requirements between 2 to 6 phases, the order they are listed in, and a
    named order (a shuffle of them)."""
    n = draw(st.integers(2, 6))
    ids = [f"p{k}" for k in range(n)]
    requires = {
        p: draw(st.lists(st.sampled_from([q for q in ids if q != p]), unique=True, max_size=3))
        for p in ids
    }
    return requires, draw(st.permutations(ids)), draw(st.permutations(ids))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phased_drafts())
def test_requirement_errors_match_the_plain_reading(
    draft: tuple[dict[str, list[str]], list[str], list[str]],
) -> None:
    requires, listed, named = draft
    data = good_data()
    data["proposals"] = [
        {
            "id": "d",
            "title": "D",
            "phases": [{"id": p, "title": p, "requires": requires[p]} for p in listed],
            "orders": [{"id": "named", "title": "Named", "phases": named}],
            "points": [{"text": p, "settings": {}, "phase": p} for p in listed],
        }
    ]
    data["beliefs"] = []
    _, problems = parse_scenario(yaml.safe_dump(data, sort_keys=False))
    errors = [p for p in problems if p.severity == "error"]
    cycles = [p for p in errors if "in a cycle" in p.message]
    later = [p for p in errors if "which comes after it" in p.message]
    # a named order that breaks a requirement is compared all the same: a warning
    wrong_way = [
        p
        for p in problems
        if p.severity == "warning" and p.where.startswith("proposals[0].orders[0]")
    ]
    assert len(errors) == len(cycles) + len(later), shown(errors)
    assert bool(cycles) == has_cycle(requires), shown(errors)
    named_in_cycles: set[str] = set()
    for p in cycles:
        loop = p.message.split("(", 1)[1].split(")", 1)[0].split(" -> ")
        assert is_cycle(requires, loop), p.message
        # placed at the requirement that starts the loop; the first loop starts on the phase
        # listed first of those in a cycle, and no later loop starts on one named before
        start, j = loop[0], listed.index(loop[0])
        assert p.where == f"proposals[0].phases[{j}].requires[{requires[start].index(loop[1])}]"
        assert start not in named_in_cycles
        named_in_cycles |= set(loop)
    assert named_in_cycles == on_cycles(requires)
    if cycles:
        assert (
            cycles[0]
            .message.split("(", 1)[1]
            .startswith(min(on_cycles(requires), key=listed.index) + " -> ")
        )
    if not cycles:  # without cycles, every requirement the listing or the order breaks
        assert sorted(p.message.split("'")[1:4:2] for p in later) == sorted(
            [list(pair) for pair in broken(requires, listed)]
        )
        assert sorted(p.message.split("'")[3:6:2] for p in wrong_way) == sorted(
            [list(pair) for pair in broken(requires, named)]
        )


# --- scenarios built in Python obey the same rules -------------------------------------------
def good_data() -> dict[str, Any]:
    data = yaml.safe_load(TEXT)
    assert isinstance(data, dict)
    return data


def test_a_scenario_built_in_python_is_checked_too() -> None:
    data = good_data()
    data["proposals"][0]["points"][1]["phase"] = "pulback"
    data["ratification"][1]["ratifiers"][0]["id"] = "north"
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(data)
    text = str(info.value)
    assert "proposals[0].points[1].phase: unknown phase 'pulback' of draft 'plan'" in text
    assert "ratification[1].ratifiers[0].id: ratifier id 'north' is also an actor's id" in text
    assert Scenario.model_validate(good_data()).proposal("plan").phases[0].id == "truce"


# --- the examples in docs/format.md are valid -----------------------------------------------
FORMAT_DOC = Path(__file__).parent.parent / "docs" / "format.md"


def doc_example(section: str) -> dict[str, Any]:
    """The first YAML block of a section of docs/format.md."""
    text = FORMAT_DOC.read_text().split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("section", ["Phases, commitments and beliefs", "Ratification"])
def test_the_format_doc_examples_load(section: str) -> None:
    data = good_data()  # its sources, actors, issues and stances
    for key in ("proposals", "beliefs", "ratification"):
        data.pop(key)
    example = doc_example(section)
    data.update(example)
    scenario, problems = parse_scenario(yaml.safe_dump(data, sort_keys=False))
    assert scenario is not None, shown(problems)
    assert [p for p in problems if p.severity == "error"] == []
    for key in example:
        assert getattr(scenario, key), key


# --- the JSON Schema carries the new records -------------------------------------------------
SCHEMA: dict[str, Any] = Scenario.model_json_schema()
HAVE_JSONSCHEMA = importlib.util.find_spec("jsonschema") is not None
NEW_RECORDS = ("Phase", "Order", "Commitment", "Belief", "Ratification", "Ratifier")


def schema_problems(data: Any) -> list[str]:
    found = schema_errors(data, SCHEMA, SCHEMA)
    if HAVE_JSONSCHEMA:
        import jsonschema

        found += [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]
    return found


def test_the_schema_describes_the_new_records() -> None:
    check_schema(SCHEMA)
    for name in (*NEW_RECORDS, "RatifierStance"):
        assert SCHEMA["$defs"][name]["additionalProperties"] is False, name
    assert {"beliefs", "ratification"} <= set(SCHEMA["properties"])
    proposal = SCHEMA["$defs"]["Proposal"]["properties"]
    assert {"phases", "orders"} <= set(proposal)
    assert {"phase", "commitment"} <= set(SCHEMA["$defs"]["Point"]["properties"])
    assert SCHEMA["$defs"]["IfBroken"]["enum"] == ["status_quo", "preferred", "no_deal"]


def json_data() -> dict[str, Any]:
    """The good file as JSON holds it (dates as text), which is what the schema describes."""
    scenario, _ = read_scenario(GOOD)
    assert scenario is not None
    return scenario_to_data(scenario)


def test_the_schema_accepts_the_good_file() -> None:
    data = json_data()
    assert data["ratification"][0]["ratifiers"][1]["votes_when"]  # the new records are there
    assert schema_problems(data) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["beliefs"][0].update(probability=1.5),
        lambda d: d["beliefs"][0].update(trust=0.5),
        lambda d: d["proposals"][0]["points"][0]["commitment"].update(if_broken="maybe"),
        lambda d: d["proposals"][0]["phases"][0].update(requires="money"),
        lambda d: d["proposals"][0]["orders"][0].update(phases=[]),
        lambda d: d["ratification"][0].update(rule="unanimous"),
        lambda d: d["ratification"][0].update(ratifiers=[]),
        lambda d: d["ratification"][0]["ratifiers"][0].update(threshold=1.2),
        lambda d: d["ratification"][0]["ratifiers"][0].update(kind="king"),
    ],
)
def test_the_schema_rejects_broken_records(change: Any) -> None:
    data = json_data()
    change(data)
    assert schema_problems(data)
