"""Stance and BATNA edits change only the edited values of the stored text: the user's
comments, blank lines, key order and quoting survive (accord.web.edits, accord.io.yamltext)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web_support import client

from accord.data import scenario_text
from accord.io.scenarios import dump_yaml, parse_scenario, scenario_to_data
from accord.io.yamltext import Change, edit_text
from accord.model import Scenario
from accord.web import edits
from accord.web.errors import WebError

TEXT = """\
# Wage talks, spring 2024: a scenario with the analyst's notes in comments.
# Sourcing: the union's bulletin of 2024-04-28 and the firm's memo.

title: 'Wage talks'   # quoted on purpose
id: wages
as_of: 2024-05-01
sources:
- id: memo
  title: "Negotiators' memo"
  reliability: analyst judgement

actors:
  - id: union
    name: Union
    role: party
    capability: 1
    batna:
      description: strike   # the vote is due in June
      utility: 0.3
      judgement: guess
  - id: firm
    name: Firm
    role: party
    capability: 2
  - id: press
    name: Press
    role: observer
    capability: 0.5
    batna: {description: keep reporting, judgement: none to speak of}
issues:
  - id: wage
    name: Wage rise
    kind: continuous
    min: 0
    max: 10
    unit: "%"
  - id: tiers
    name: Pay tiers
    kind: ordinal
    options:
      - {id: keep, label: Keep tiers}
      - {id: shorten, label: Shorten progression}
      - {id: end, label: End tiers}

stances:
  # --- the union -------------------------------------------------------------------------
  - issue: wage          # issue before actor: the user's order
    actor: union
    salience: 0.8        # bulletin, p. 2
    position: 10
    red_line: 4          # "nothing below four" (bulletin)
    # the red line is the bulletin's; the memo says 3
    sources: [memo]

  - actor: union
    issue: tiers
    position: end
    salience: 0.5
    uncertainty:
      red_line: {low: keep, high: shorten}   # spread on the red line
    red_line: shorten
    sources: [memo]
  # --- the firm --------------------------------------------------------------------------

  - actor: firm
    issue: wage
    position: 2
    salience: 0.6   # memo
    # no red line known
    sources: [memo]
  - {actor: firm, issue: tiers, position: keep, salience: 0.3, sources: [memo]}
"""


def load(text: str) -> Scenario:
    s, problems = parse_scenario(text)
    assert s is not None, [p.message for p in problems]
    return s


S = load(TEXT)


def comments(text: str) -> list[str]:
    """Every comment in the text, full-line or after a value, in order."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def changed(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines removed and added from ``old`` to ``new``."""
    gone: list[str] = []
    added: list[str] = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            gone.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return gone, added


def stance(s: Scenario, actor: str, issue: str) -> Any:
    return next(x for x in s.stances if x.actor == actor and x.issue == issue)


def with_stance(s: Scenario, actor: str, issue: str, **update: Any) -> Scenario:
    stances = [
        x.model_copy(update=update) if (x.actor, x.issue) == (actor, issue) else x
        for x in s.stances
    ]
    return s.model_copy(update={"stances": stances})


def with_batna(s: Scenario, actor: str, utility: float | None) -> Scenario:
    actors = [
        a.model_copy(update={"batna": a.batna.model_copy(update={"utility": utility})})
        if a.id == actor and a.batna
        else a
        for a in s.actors
    ]
    return s.model_copy(update={"actors": actors})


def same(a: Scenario, b: Scenario) -> bool:
    return scenario_to_data(a) == scenario_to_data(b)


# --- the functions -------------------------------------------------------------------------
def test_salience_edit_changes_one_line() -> None:
    new = edits.stance_text(S, TEXT, "union", "wage", position=None, salience="0.65", red_line=None)
    assert changed(TEXT, new) == (
        ["    salience: 0.8        # bulletin, p. 2"],
        ["    salience: 0.65       # bulletin, p. 2"],
    )
    assert comments(new) == comments(TEXT)
    assert same(load(new), with_stance(S, "union", "wage", salience=0.65))


def test_a_changed_value_and_a_removed_key_are_edited_in_the_text() -> None:
    # one way for every edit: a value is rewritten where it stands, a removed key loses its line
    first = ("stances", 0)
    quick = edit_text(TEXT, [Change((*first, "salience"), 0.65)])
    assert quick is not None
    gone, added = changed(TEXT, quick)
    assert len(gone) == len(added) == 1 and "salience: 0.65" in added[0]
    both = edit_text(TEXT, [Change((*first, "salience"), 0.65), Change((*first, "red_line"))])
    assert both is not None
    gone, added = changed(TEXT, both)
    assert len(gone) == 2 and len(added) == 1 and "salience: 0.65" in added[0]
    assert "red_line: 4" in gone[1]


def test_position_and_red_line_edit() -> None:
    new = edits.stance_text(S, TEXT, "union", "wage", position="9.5", salience=None, red_line="5")
    gone, added = changed(TEXT, new)
    assert gone == [
        "    position: 10",
        '    red_line: 4          # "nothing below four" (bulletin)',
    ]
    assert added == [
        "    position: 9.5",
        '    red_line: 5.0        # "nothing below four" (bulletin)',
    ]
    assert comments(new) == comments(TEXT)
    assert same(load(new), with_stance(S, "union", "wage", position=9.5, red_line=5.0))


def test_removing_a_red_line_keeps_the_comments_below_it() -> None:
    new = edits.stance_text(S, TEXT, "union", "wage", position=None, salience=None, red_line="")
    assert changed(TEXT, new) == (
        ['    red_line: 4          # "nothing below four" (bulletin)'],
        [],
    )
    kept = comments(TEXT)
    kept.remove('# "nothing below four" (bulletin)')  # the removed line's own comment
    assert comments(new) == kept
    assert same(load(new), with_stance(S, "union", "wage", red_line=None))


def test_removing_a_red_line_removes_its_spread() -> None:
    new = edits.stance_text(S, TEXT, "union", "tiers", position=None, salience=None, red_line=" ")
    gone, added = changed(TEXT, new)
    assert gone == [
        "    uncertainty:",
        "      red_line: {low: keep, high: shorten}   # spread on the red line",
        "    red_line: shorten",
    ]
    assert added == ["    uncertainty: {}"]  # as the data path leaves it
    expected = with_stance(S, "union", "tiers", red_line=None, uncertainty={})
    assert same(load(new), expected)


def test_adding_a_red_line_adds_one_line_after_the_salience() -> None:
    new = edits.stance_text(S, TEXT, "firm", "wage", position=None, salience=None, red_line="5")
    assert changed(TEXT, new) == ([], ["    red_line: 5.0"])
    lines = new.splitlines()
    at = lines.index("    red_line: 5.0")
    assert lines[at - 1 : at + 2] == [
        "    salience: 0.6   # memo",
        "    red_line: 5.0",
        "    # no red line known",
    ]
    assert comments(new) == comments(TEXT)
    assert same(load(new), with_stance(S, "firm", "wage", red_line=5.0))


def test_flow_style_stance_is_edited_in_its_line() -> None:
    new = edits.stance_text(S, TEXT, "firm", "tiers", position="shorten", salience=0.4, red_line="")
    assert changed(TEXT, new) == (
        ["  - {actor: firm, issue: tiers, position: keep, salience: 0.3, sources: [memo]}"],
        ["  - {actor: firm, issue: tiers, position: shorten, salience: 0.4, sources: [memo]}"],
    )
    expected = with_stance(S, "firm", "tiers", position="shorten", salience=0.4)
    assert same(load(new), expected)


def test_batna_edit_and_removal() -> None:
    new = edits.batna_text(S, TEXT, "union", "0.25")
    assert changed(TEXT, new) == (["      utility: 0.3"], ["      utility: 0.25"])
    assert same(load(new), with_batna(S, "union", 0.25))
    gone = edits.batna_text(S, TEXT, "union", "")
    assert changed(TEXT, gone) == (["      utility: 0.3"], [])
    assert comments(gone) == comments(TEXT)
    assert same(load(gone), with_batna(S, "union", None))
    added = edits.batna_text(S, TEXT, "press", 0.1)
    old_line = "    batna: {description: keep reporting, judgement: none to speak of}"
    new_line = "    batna: {description: keep reporting, utility: 0.1, judgement: none to speak of}"
    assert changed(TEXT, added) == ([old_line], [new_line])
    assert same(load(added), with_batna(S, "press", 0.1))


def test_quoting_that_pyyaml_needs_is_kept() -> None:
    # 'yes' is true to PyYAML (YAML 1.1) but text to ruamel.yaml (YAML 1.2): written quoted.
    text = TEXT.replace("{id: end, label: End tiers}", "{id: 'yes', label: End tiers}")
    text = text.replace("position: end", "position: 'yes'")
    s = load(text)
    new = edits.stance_text(s, text, "firm", "tiers", position="yes", salience=None, red_line=None)
    assert "position: 'yes'" in new
    assert stance(load(new), "firm", "tiers").position == "yes"
    tiny = edits.stance_text(s, text, "firm", "tiers", position=None, salience=1e-7, red_line=None)
    assert stance(load(tiny), "firm", "tiers").salience == 1e-7


NONE = {"position": None, "salience": None, "red_line": None}


@pytest.mark.parametrize(
    ("args", "kwargs", "status", "message"),
    [
        (("firm", "x"), {**NONE, "position": "1"}, 404, "no stance of 'firm' on 'x'"),
        (("firm", "wage"), {**NONE, "position": "a"}, 422, "Wage rise: 'a' is not a number"),
        (("firm", "wage"), {**NONE, "salience": "abc"}, 422, "salience: 'abc' is not a number"),
        (("ghost", 0.5), None, 404, "no actor 'ghost'"),
        (("firm", 0.5), None, 422, "actor 'firm' has no BATNA to change; describe one in the file"),
        (("union", "x"), None, 422, "BATNA: 'x' is not a number"),
    ],
)
def test_errors_are_unchanged(
    args: tuple[Any, ...], kwargs: dict[str, Any] | None, status: int, message: str
) -> None:
    with pytest.raises(WebError) as exc:
        if kwargs is None:
            edits.batna_text(S, TEXT, *args)
        else:
            edits.stance_text(S, TEXT, *args, **kwargs)
    assert (exc.value.status, exc.value.message) == (status, message)


def test_json_text_is_written_as_before() -> None:
    text = json.dumps(scenario_to_data(S), indent=2)
    new = edits.stance_text(S, text, "union", "wage", position=None, salience=0.1, red_line="")
    data = scenario_to_data(S)
    data["stances"][0]["salience"] = 0.1
    data["stances"][0].pop("red_line")
    assert new == dump_yaml(data)


def test_windows_line_ends_and_a_bom_are_kept() -> None:
    text = "\ufeff" + TEXT.replace("\n", "\r\n")
    new = edits.stance_text(S, text, "union", "wage", position=None, salience=0.7, red_line=None)
    assert new == "\ufeff" + TEXT.replace("salience: 0.8 ", "salience: 0.7 ").replace("\n", "\r\n")


def test_mixed_indentation_is_kept_around_the_edit() -> None:
    # ruamel.yaml writes one indentation for the whole file; the edit is put into the
    # user's text instead, so the lists written the other way stay as they are.
    text = TEXT.replace("  - id: firm\n    name: Firm", "  -   id: firm\n      name: Firm")
    text = text.replace(
        "    role: party\n    capability: 2", "      role: party\n      capability: 2"
    )
    s = load(text)
    new = edits.batna_text(s, text, "union", 0.2)
    assert changed(text, new) == (["      utility: 0.3"], ["      utility: 0.2"])


# --- the HTTP endpoints --------------------------------------------------------------------
@pytest.fixture
def c(tmp_path: Path) -> TestClient:
    web = client(tmp_path, builtin=False)
    assert web.post("/api/scenarios", json={"text": TEXT, "author": "ed"}).status_code == 201
    return web


def latest_text(c: TestClient) -> str:
    r = c.get("/api/scenarios/wages/yaml")
    assert r.status_code == 200
    return r.text


def test_api_edits_keep_the_comments(c: TestClient) -> None:
    body = {"actor": "union", "issue": "wage", "base": 1, "salience": 0.55, "author": "ed"}
    assert c.post("/api/scenarios/wages/stances", json=body).status_code == 201
    v2 = latest_text(c)
    assert changed(TEXT, v2) == (
        ["    salience: 0.8        # bulletin, p. 2"],
        ["    salience: 0.55       # bulletin, p. 2"],
    )
    assert same(load(v2), with_stance(S, "union", "wage", salience=0.55))
    r = c.post("/api/scenarios/wages/batna", json={"actor": "union", "base": 2, "utility": None})
    assert r.status_code == 201
    v3 = latest_text(c)
    assert changed(v2, v3) == (["      utility: 0.3"], [])
    assert comments(v3) == comments(TEXT)
    bad = c.post("/api/scenarios/wages/batna", json={"actor": "firm", "base": 3, "utility": 0.5})
    assert bad.status_code == 422 and "no BATNA" in bad.text


def test_form_edits_keep_the_comments(c: TestClient) -> None:
    form = {"actor": "firm", "issue": "wage", "base": "1", "red_line": "3", "author": "ed"}
    r = c.post("/s/wages/stance", data=form)
    assert r.status_code == 200 and "saved as version 2" in r.text
    v2 = latest_text(c)
    assert changed(TEXT, v2) == ([], ["    red_line: 3.0"])
    assert comments(v2) == comments(TEXT)
    r = c.post("/s/wages/batna", data={"actor": "union", "base": "2", "utility": "0.35"})
    assert r.status_code == 200 and "saved as version 3" in r.text
    assert changed(v2, latest_text(c)) == (["      utility: 0.3"], ["      utility: 0.35"])


# --- the old path as the oracle ------------------------------------------------------------
UKRAINE = scenario_text("ukraine-2025")
UK = load(UKRAINE)


def oracle(s: Scenario, change: Any) -> Scenario:
    """The scenario the old edit wrote: its plain data changed and dumped as YAML."""
    data = scenario_to_data(s)
    change(data)
    return load(dump_yaml(data))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(UK.stances) - 1),
    salience=st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False),
)
def test_salience_edits_match_the_old_path(index: int, salience: float) -> None:
    x = UK.stances[index]
    new = edits.stance_text(
        UK, UKRAINE, x.actor, x.issue, position=None, salience=salience, red_line=None
    )

    def change(data: dict[str, Any]) -> None:
        data["stances"][index]["salience"] = salience

    assert load(new) == oracle(UK, change)
    assert comments(new) == comments(UKRAINE)
    gone, added = changed(UKRAINE, new)
    assert len(gone) <= 1 and len(added) == len(gone)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(UK.stances) - 1), data=st.data())
def test_red_line_and_position_edits_match_the_old_path(index: int, data: Any) -> None:
    x = UK.stances[index]
    issue = UK.issue(x.issue)
    if issue.options:
        values = [o.id for o in issue.options]
    elif issue.kind.value == "boolean":
        values = ["true", "false"]
    else:
        values = [str(issue.min), str(issue.max)]
    position = data.draw(st.sampled_from(values))
    red_line = data.draw(st.sampled_from(["", *values]))
    new = edits.stance_text(
        UK, UKRAINE, x.actor, x.issue, position=position, salience=None, red_line=red_line
    )

    def change(d: dict[str, Any]) -> None:
        st_ = d["stances"][index]
        st_["position"] = edits.setting(UK, x.issue, position)
        if red_line:
            st_["red_line"] = edits.setting(UK, x.issue, red_line)
        else:
            st_.pop("red_line", None)
            if isinstance(st_.get("uncertainty"), dict):
                st_["uncertainty"].pop("red_line", None)

    new_s, problems = parse_scenario(new)
    old_s, old_problems = parse_scenario(dump_yaml(_changed(UK, change)))
    assert new_s == old_s  # both None when the edit is refused (a red line past the spread)
    assert [p.message for p in problems] == [p.message for p in old_problems]


def _changed(s: Scenario, change: Any) -> dict[str, Any]:
    data = scenario_to_data(s)
    change(data)
    return data
