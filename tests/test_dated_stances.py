"""Dated stances and BATNAs: what held on a date, every move, located errors, round trips.

The resolution (:mod:`accord.model.dated`) is checked against the word-for-word reading in
``tests/oracle_dated.py`` on random stances with random histories and random dates; the
well-formed ``tests/data/dated/dated.yaml`` is worked by hand; each file in
``tests/data/dated/malformed/`` is it with one fault (a comment on line 1 says which).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.io.scenarios import dump_scenario, load_scenario, parse_scenario, scenario_to_data
from accord.model import Scenario, Stance
from accord.model.asof import scenario_as_of, scenario_last_date
from accord.model.dated import STANCE_VALUES, moves, period_at, record_as_of
from accord.model.plain import to_plain
from accord.model.views import batna_values
from cli_runner import accord
from oracle_dated import Entry, moves_of, same, values_on
from schema_check import check_schema, schema_errors

DATA = Path(__file__).parent / "data" / "dated"
GOOD = DATA / "dated.yaml"
MALFORMED = DATA / "malformed"
TEXT = GOOD.read_text()
DAY0 = dt.date(2024, 1, 1)
#: the values the random histories date (firmness and unless are dated in the file's cases)
NAMES = ("position", "salience", "red_line")

dated_settings = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


# --- random dated stances ---
def _setting(issue: str) -> st.SearchStrategy[Any]:
    if issue == "wage":  # continuous 0..10: ints and floats are different settings
        return st.one_of(st.integers(0, 10), st.floats(0, 10).map(lambda x: round(x, 2)))
    if issue == "tiers":
        return st.sampled_from(["keep", "shorten", "end"])
    return st.booleans()


@st.composite
def dated_stances(draw: st.DrawFn) -> dict[str, Any]:
    """A stance of 'union' as a file gives it, with 0 to 5 earlier entries (or none and no
    'since'), every date on or before the scenario's as_of (2024-05-01, day 121)."""
    issue = draw(st.sampled_from(["wage", "tiers", "cola"]))
    value = _setting(issue)
    out: dict[str, Any] = {
        "actor": "union",
        "issue": issue,
        "position": draw(value),
        "salience": draw(st.floats(0.05, 1).map(lambda x: round(x, 2))),
        "sources": ["memo"],
    }
    if draw(st.booleans()):
        out["red_line"] = draw(value)
    n = draw(st.integers(0, 5))
    days = sorted(draw(st.sets(st.integers(0, 121), min_size=n + 1, max_size=n + 1)))
    if n or draw(st.booleans()):
        out["since"] = day(days[-1])
    history = []
    for d in days[:-1]:
        entry: dict[str, Any] = {"from": day(d)}
        for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)):
            if name == "salience":
                entry[name] = draw(st.floats(0, 1).map(lambda x: round(x, 2)))
            elif name == "position":
                entry[name] = draw(value)
            else:  # a red line, or none then
                entry[name] = draw(st.none() | value)
        if draw(st.booleans()):
            entry["sources"] = ["letter"]
        else:
            entry["judgement"] = "the analyst's reading"
        history.append(entry)
    if history:
        out["history"] = history
    return out


def oracle_parts(data: dict[str, Any]) -> tuple[dict[str, Any], dt.date | None, list[Entry]]:
    current = {n: data.get(n) for n in STANCE_VALUES}
    entries = [
        (e["from"], {k: v for k, v in e.items() if k in STANCE_VALUES})
        for e in data.get("history", [])
    ]
    return current, data.get("since"), entries


def values(record: Stance) -> dict[str, Any]:
    return {n: getattr(record, n) for n in STANCE_VALUES}


def assert_same_values(a: dict[str, Any], b: dict[str, Any]) -> None:
    for name in STANCE_VALUES:
        assert same(a[name], b[name]), (name, a[name], b[name])


query_days = st.lists(st.integers(-40, 160), min_size=1, max_size=12)


@dated_settings
@given(dated_stances(), query_days)
def test_values_on_a_date_match_the_oracle(data: dict[str, Any], offsets: list[int]) -> None:
    stance = Stance.model_validate(data)
    current, since, entries = oracle_parts(data)
    for d in map(day, offsets):
        want, kind = values_on(current, since, entries, d)
        got, status, _ = record_as_of(stance, d, STANCE_VALUES)
        assert status == kind
        assert_same_values(values(got), want)


@dated_settings
@given(dated_stances(), query_days)
def test_period_at_takes_every_date_at_once(data: dict[str, Any], offsets: list[int]) -> None:
    stance = Stance.model_validate(data)
    current, since, entries = oracle_parts(data)
    froms = [e[0] for e in entries]
    dates = [day(o) for o in offsets]
    want = []
    for d in dates:  # the oracle's period as an index: an entry's, or len(entries) for now
        _, kind = values_on(current, since, entries, d)
        if kind in ("current", "unrecorded"):
            want.append(len(entries))
        else:
            want.append(max([k for k, f in enumerate(froms) if f <= d], default=0))
    got = period_at(stance.since, froms, np.array(dates, dtype="datetime64[D]"))
    assert got.tolist() == want


@dated_settings
@given(dated_stances(), st.integers(-40, 160), st.lists(st.integers(-60, 160), max_size=8))
def test_a_replayed_stance_restates_its_history(
    data: dict[str, Any], offset: int, earlier: list[int]
) -> None:
    """As of D, the record says what the original says on every day up to D, and no more."""
    stance = Stance.model_validate(data)
    date = day(offset)
    then, _, _ = record_as_of(stance, date, STANCE_VALUES)
    assert then.since is None or then.since <= date
    again = Stance.model_validate(then.model_dump(mode="json", exclude_none=True))
    assert again == then and [e.named() for e in again.history] == [e.named() for e in then.history]
    for d in [day(o) for o in earlier if day(o) <= date] + [date]:
        a, _, _ = record_as_of(stance, d, STANCE_VALUES)
        b, _, _ = record_as_of(then, d, STANCE_VALUES)
        assert_same_values(values(a), values(b))


def move_rows(found: list[Any]) -> list[tuple[Any, ...]]:
    return [(m.date, m.field, m.old, m.new) for m in found]


@dated_settings
@given(dated_stances(), st.integers(-40, 160))
def test_moves_match_the_oracle_and_a_replay_keeps_those_up_to_its_date(
    data: dict[str, Any], offset: int
) -> None:
    stance = Stance.model_validate(data)
    found = moves([stance], [])
    want = moves_of(*oracle_parts(data))
    assert len(found) == len(want)
    for m, (d, name, old, new) in zip(found, want, strict=True):
        assert (m.date, m.field) == (d, name) and same(m.old, old) and same(m.new, new)
    date = day(offset)
    then, _, _ = record_as_of(stance, date, STANCE_VALUES)
    kept = [row for row in move_rows(found) if row[0] <= date]
    replayed = move_rows(moves([then], []))
    assert len(replayed) == len(kept)
    for a, b in zip(replayed, kept, strict=True):
        assert all(same(x, y) for x, y in zip(a, b, strict=True)), (a, b)


@dated_settings
@given(dated_stances())
def test_a_random_dated_stance_round_trips_through_a_file(data: dict[str, Any]) -> None:
    base = load_scenario(GOOD)
    others = [s for s in base.stances if (s.actor, s.issue) != ("union", data["issue"])]
    scenario = base.model_copy(update={"stances": [Stance.model_validate(data), *others]})
    text = dump_scenario(scenario)
    again, problems = parse_scenario(text, "dumped.yaml")
    assert again is not None, [p.render() for p in problems]
    assert again == scenario
    assert [e.named() for e in again.stances[0].history] == [
        e.named() for e in scenario.stances[0].history
    ]
    assert dump_scenario(again) == text


# --- the file worked by hand ---
def test_the_file_as_it_stood_in_march() -> None:
    s = load_scenario(GOOD)
    replay = scenario_as_of(s, dt.date(2024, 3, 20))
    union_wage = replay.scenario.stance("union", "wage")
    assert union_wage is not None
    # from 10 March: salience 0.6 named; position and red line as now (8, 4)
    assert (union_wage.position, union_wage.salience, union_wage.red_line) == (8, 0.6, 4)
    assert union_wage.since == dt.date(2024, 3, 10)
    # the opening letter's entry, restated against March's values: all three differed
    assert [e.named() for e in union_wage.history] == [
        {"position": 10, "salience": 0.8, "red_line": None}
    ]
    assert union_wage.sources == ["memo"] and union_wage.judgement == "read from the March rallies"
    firm_tiers = replay.scenario.stance("firm", "tiers")
    assert firm_tiers is not None  # hard on 'keep' until 20 April
    assert (firm_tiers.red_line, firm_tiers.firmness, firm_tiers.soft) == ("keep", None, None)
    union = replay.scenario.actor("union").batna
    assert union is not None and union.utility is None and union.description == "work to rule"
    stood = replay.stood
    assert stood is not None
    marks = {(x.actor, x.issue): (x.status, x.holds_from, x.fields) for x in stood.standings}
    assert marks[("union", "wage")] == ("dated", dt.date(2024, 3, 10), ("salience",))
    assert marks[("firm", "wage")] == ("current", dt.date(2024, 3, 1), ())
    assert marks[("union", None)] == ("dated", dt.date(2024, 3, 1), ("description", "utility"))
    assert ("union", "tiers") not in marks  # not dated
    assert any("not dated" in n for n in replay.notes)


def test_before_everything_the_earliest_known_values_and_unrecorded_ones() -> None:
    s = load_scenario(GOOD)
    replay = scenario_as_of(s, dt.date(2024, 1, 1))
    wage = replay.scenario.stance("union", "wage")
    assert wage is not None
    assert (wage.position, wage.salience, wage.red_line, wage.since) == (10, 0.8, None, None)
    firm_wage = replay.scenario.stance("firm", "wage")
    assert firm_wage == s.stance("firm", "wage").model_copy(update={"since": None})  # type: ignore[union-attr]
    notes = " ".join(replay.notes)
    assert "earliest known values" in notes and "firm on wage" in notes
    assert "no value before the current one is recorded for firm on wage" in notes


def test_a_dated_perceived_value_is_viewed_after_the_replay() -> None:
    s = load_scenario(GOOD)
    # the firm perceived no different alternative before 15 March, 0.5 from then
    early = scenario_as_of(s, dt.date(2024, 3, 1)).scenario
    late = scenario_as_of(s, dt.date(2024, 3, 15)).scenario
    assert batna_values(early, "perceived")["firm"] == 0.4
    assert batna_values(late, "perceived")["firm"] == 0.5


def test_the_last_dated_item_bounds_the_replay() -> None:
    s = load_scenario(GOOD)
    assert scenario_last_date(s) == dt.date(2024, 5, 1)
    later = s.model_copy(update={"as_of": dt.date(2024, 4, 20)})  # a stance's since is later
    assert scenario_last_date(later) == dt.date(2024, 4, 25)  # the tentative agreement
    with pytest.raises(ValueError, match=r"last dated item \(2024-05-01\)"):
        scenario_as_of(s, dt.date(2024, 5, 2))


def test_every_move_of_the_file_by_hand() -> None:
    s = load_scenario(GOOD)
    got = [(str(m.date), m.actor, m.issue, m.field) for m in moves(s.stances, s.actors)]
    assert got == [
        ("2024-03-01", "union", None, "description"),
        ("2024-03-01", "union", None, "utility"),
        ("2024-03-10", "union", "wage", "position"),
        ("2024-03-10", "union", "wage", "salience"),
        ("2024-03-10", "union", "wage", "red_line"),
        ("2024-03-15", "firm", None, "perceived"),
        ("2024-04-01", "union", None, "description"),
        ("2024-04-01", "union", None, "utility"),
        ("2024-04-10", "firm", "cola", "salience"),
        ("2024-04-10", "firm", "cola", "unless"),
        ("2024-04-15", "union", "wage", "salience"),
        ("2024-04-20", "firm", "tiers", "red_line"),
        ("2024-04-20", "firm", "tiers", "firmness"),
    ]
    first = moves(s.stances, s.actors)[2]
    assert (first.old, first.new, first.judgement) == (10, 8, "read from the March rallies")


# --- round trips, the schema, the web editor ---
def test_the_file_round_trips() -> None:
    s = load_scenario(GOOD)
    text = dump_scenario(s)
    again, _ = parse_scenario(text)
    assert again == s and dump_scenario(again) == text
    written = scenario_to_data(s)["stances"][3]["history"][0]
    assert written == {"from": "2024-01-15", "red_line": "keep", "firmness": "hard",
                       "sources": ["memo"]}  # fmt: skip
    union = scenario_to_data(s)["actors"][0]["batna"]["history"][1]
    assert union["utility"] is None and "description" in union  # a named null is kept


def test_every_replay_of_the_file_is_a_valid_file() -> None:
    s = load_scenario(GOOD)
    for offset in range(-10, 122, 3):
        replay = scenario_as_of(s, day(offset)).scenario
        again, problems = parse_scenario(dump_scenario(replay))
        assert again == replay, [p.render() for p in problems if p.severity == "error"]


def test_the_schema_has_the_dated_fields() -> None:
    schema = Scenario.model_json_schema()
    check_schema(schema)
    defs = schema["$defs"]
    assert {"since", "history"} <= set(defs["Stance"]["properties"])
    assert {"since", "history"} <= set(defs["Batna"]["properties"])
    assert "from" in defs["EarlierStance"]["properties"]
    assert defs["EarlierStance"]["required"] == ["from"]
    data = json.loads(json.dumps(scenario_to_data(load_scenario(GOOD))))
    assert schema_errors(data, schema, schema) == []
    data["stances"][0]["history"][0]["form"] = data["stances"][0]["history"][0].pop("from")
    assert schema_errors(data, schema, schema)


def test_the_stance_editor_keeps_the_history() -> None:
    edits = pytest.importorskip("accord.web.edits")
    s = load_scenario(GOOD)
    for source in (TEXT, json.dumps(scenario_to_data(s))):  # edited in place; rewritten
        text = edits.stance_text(
            s, source, "union", "wage", position="7", salience="0.7", red_line=None
        )
        again, problems = parse_scenario(text)
        assert again is not None, [p.render() for p in problems]
        edited, before = again.stance("union", "wage"), s.stance("union", "wage")
        assert edited is not None and before is not None
        assert (edited.position, edited.salience) == (7.0, 0.7)
        assert (edited.since, edited.history) == (before.since, before.history)
        assert again.actor("union").batna == s.actor("union").batna


# --- located errors ---
AS_OF = "valid: a date on or before 2024-05-01"
NEEDS_SINCE = "a history needs 'since', the date from which the current values hold"
TIERS = "valid: keep, shorten, end"

CASES: dict[str, list[tuple[int, int, str, str]]] = {
    "history-without-since": [(51, 7, "stances[0].history", NEEDS_SINCE)],
    "from-not-increasing": [
        (57, 15, "stances[0].history[1].from", "is not after the previous entry's 'from' "
         "(2024-02-01); entries are oldest first"),
    ],
    "from-not-before-since": [
        (57, 15, "stances[0].history[1].from", "is not before 'since' (2024-04-15)"),
    ],
    "since-after-as-of": [
        (50, 12, "stances[0].since", f"2024-06-15 is after the scenario's as_of (2024-05-01); "
         f"{AS_OF}"),
    ],
    "batna-from-after-as-of": [
        (18, 9, "actors[0].batna.history", NEEDS_SINCE),
        (19, 18, "actors[0].batna.history[1].from", f"2024-07-01 is after the scenario's as_of "
         f"(2024-05-01); {AS_OF}"),
    ],
    "entry-position-not-an-option": [
        (71, 38, "stances[3].history[0].position", f"'kep' is not an option of issue 'tiers' "
         f"(did you mean 'keep'?); {TIERS}"),
    ],
    "entry-position-out-of-range": [
        (53, 19, "stances[0].history[0].position", "valid: a number from 0 to 10 %"),
    ],
    "entry-position-null": [
        (53, 19, "stances[0].history[0].position", "a stance always has a position; leave "
         "'position' out to keep the current one"),
    ],
    "entry-from-misspelt": [
        (57, 9, "stances[0].history[1].from", "missing required key 'from'"),
        (57, 9, "stances[0].history[1].form", "unknown key 'form' (did you mean 'from'?)"),
    ],
    "entry-source-unknown": [
        (55, 19, "stances[0].history[0].sources[0]", "unknown source 'leter' (did you mean "
         "'letter'?)"),
    ],
    "entry-soft-without-red-line": [
        (71, 54, "stances[3].history[0].firmness", "a soft firmness needs a 'red_line'"),
    ],
    "entry-unless-on-unknown-option": [
        (82, 59, "stances[5].history[0].unless.equals", f"'kept' is not an option of issue "
         f"'tiers' (did you mean 'keep'?); {TIERS}"),
    ],
    "batna-entry-perceived-without-utility": [
        (20, 56, "actors[0].batna.history[1].perceived", "a perceived BATNA needs the assessed "
         "'utility' beside it"),
    ],
}  # fmt: skip


def test_every_malformed_file_has_a_case() -> None:
    assert {p.stem for p in MALFORMED.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_dated_file(name: str) -> None:
    scenario, problems = parse_scenario((MALFORMED / f"{name}.yaml").read_bytes(), name)
    errors = [p for p in problems if p.severity == "error"]
    assert scenario is None
    shown = "\n".join(p.render(name) for p in errors)
    assert len(errors) == len(CASES[name]), shown
    for p, (line, column, where, words) in zip(errors, CASES[name], strict=True):
        assert (p.line, p.column, p.where) == (line, column, where), shown
        assert words in p.message, shown


def test_an_entry_without_sources_or_judgement_is_a_warning() -> None:
    text = TEXT.replace("        sources: [letter]\n        note:", "        note:")
    scenario, problems = parse_scenario(text)
    assert scenario is not None
    warned = [p for p in problems if p.severity == "warning"]
    assert [(p.where, p.line) for p in warned] == [("stances[0].history[0]", 52)]
    assert "neither 'sources' nor a 'judgement'" in warned[0].message


def test_a_scenario_built_in_python_is_checked_too() -> None:
    s = load_scenario(GOOD)
    data = s.model_dump(mode="python", exclude_none=True)
    data["as_of"] = dt.date(2024, 4, 1)  # before three stances' since
    with pytest.raises(ValueError, match=r"stances\[0\]\.since: 2024-04-15 is after"):
        Scenario.model_validate(data)


# --- the command line ---
def test_show_as_of_marks_the_dated_values() -> None:
    proc = accord("show", str(GOOD), "--as-of", "2024-03-20")
    assert "salience: from 2024-03-10" in proc.stdout  # union on wage
    assert "red_line, firmness: from 2024-01-15" in proc.stdout  # firm on tiers
    assert "unknown (description, utility: from 2024-03-01)" in proc.stdout  # union's BATNA
    assert "union on wage (from 2024-03-10)" in proc.stderr
    early = accord("show", str(GOOD), "--as-of", "2024-01-10")
    assert "no earlier value recorded" in early.stdout and "earliest known" in early.stdout
    data = json.loads(accord("show", str(GOOD), "--as-of", "2024-03-20", "--json").stdout)
    wage = data["stances"][0]
    assert (wage["salience"], wage["since"]) == (0.6, "2024-03-10")
    assert wage["history"] == [
        {"from": "2024-02-01", "position": 10, "salience": 0.8, "red_line": None,
         "sources": ["letter"], "note": "the opening letter"}
    ]  # fmt: skip
    bad = accord("show", str(GOOD), "--as-of", "2024-05-02", check=2)
    assert "after the scenario's last dated item (2024-05-01)" in bad.stderr


def test_timeline_lists_the_moves() -> None:
    s = load_scenario(GOOD)
    data = json.loads(accord("timeline", str(GOOD), "--months", "1", "--json").stdout)
    assert data["moves"] == json.loads(json.dumps(to_plain(moves(s.stances, s.actors))))
    march = json.loads(
        accord("timeline", str(GOOD), "--months", "1", "--json", "--as-of", "2024-03-12").stdout
    )
    assert [(m["date"], m["field"]) for m in march["moves"]] == [
        ("2024-03-01", "description"),
        ("2024-03-01", "utility"),
        ("2024-03-10", "position"),
        ("2024-03-10", "salience"),
        ("2024-03-10", "red_line"),
    ]
    text = accord("timeline", str(GOOD), "--months", "1").stdout
    assert "Moves: recorded changes" in text and "Shorten progression" in text
