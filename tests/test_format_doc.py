"""docs/format.md against the code: its required keys, its examples, its red-line rule.

* Each record of the format has a line ``**Required keys (Record, ...):** `a`, `b`.`` (or
  ``none``); the record names are the model's class names. The test walks every record a
  scenario can hold, from :class:`accord.model.Scenario` down, and compares each line with
  the fields the pydantic model requires, so the page cannot drift from the model.
* Every ```yaml block of the page loads. A block whose first line is ``# fragment: top``
  holds top-level keys: each list is added to the base scenario's list (an item with the
  id, or the actor and issue, of a base item replaces it), any other value is set. A block
  whose first line is ``# fragment: actors[ID]`` holds keys of that actor's record, set on
  it. A block without a marker is a whole scenario. The base (:data:`BASE`) is a small
  scenario with the actors, issues and sources the examples name.
* The red-line rule the page states (two-sided around a middle position) is what scoring
  does, and the default distribution it names is the model's.
"""

from __future__ import annotations

import copy
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from accord.analysis import score_proposals
from accord.io.scenarios import parse_scenario
from accord.model import Scenario
from accord.model.actors import Uncertainty

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"
REQUIRED = re.compile(r"^\*\*Required keys \((?P<record>\w+)[^)]*\):\*\* (?P<keys>.*)\.$")
FRAGMENT = re.compile(r"^# fragment: (?:(?P<top>top)|actors\[(?P<actor>[\w.-]+)\])\s*$")

#: Value forms that are not records with keys of their own.
NOT_RECORDS = {"Unknown": "a setting written `unknown` or `{one_of: [...]}`, not a record"}

#: The scenario every fragment is merged into: the actors, issues and sources the examples
#: name, with one stance per issue the examples' links and levers need.
BASE: dict[str, Any] = {
    "id": "format-doc",
    "title": "The base the format page's examples are merged into",
    "as_of": "2025-12-31",
    "sources": [
        {"id": s, "title": s, "reliability": "secondary"}
        for s in ("memo", "leader-speech", "berlin-cgtn", "axios-28", "some-study")
    ],
    "actors": [
        {
            "id": a,
            "name": a,
            "role": "party",
            "capability": 1.0,
            "batna": {"description": "no deal", "utility": 0.3, "judgement": "test base"},
        }
        for a in ("kyiv", "moscow", "us", "russia", "north", "south", "broker")
    ],
    "issues": [
        {
            "id": "territory",
            "name": "Territory",
            "kind": "ordinal",
            "options": [{"id": o, "label": o} for o in ("withdraw", "freeze", "cede")],
        },
        {
            "id": "nato",
            "name": "NATO",
            "kind": "ordinal",
            "options": [
                {"id": o, "label": o} for o in ("join", "defer", "renounce", "ban_in_constitution")
            ],
        },
        {
            "id": "guarantees",
            "name": "Guarantees",
            "kind": "ordinal",
            "options": [
                {"id": o, "label": o} for o in ("none", "assurances", "binding", "article5")
            ],
        },
        {"id": "ceasefire", "name": "Ceasefire", "kind": "boolean"},
        {
            "id": "withdrawal",
            "name": "Withdrawal",
            "kind": "ordinal",
            "options": [{"id": o, "label": o} for o in ("none", "partial", "full")],
        },
        {"id": "aid", "name": "Aid", "kind": "continuous", "min": 0, "max": 100},
    ],
    "stances": [
        {"actor": a, "issue": i, "position": p, "salience": 0.5, "judgement": "test base"}
        for a, i, p in (
            ("kyiv", "territory", "withdraw"),
            ("kyiv", "nato", "join"),
            ("kyiv", "guarantees", "article5"),
            ("moscow", "territory", "cede"),
            ("moscow", "guarantees", "none"),
            ("moscow", "ceasefire", False),
            ("us", "nato", "renounce"),
            ("russia", "nato", "ban_in_constitution"),
            ("north", "withdrawal", "none"),
            ("south", "withdrawal", "full"),
            ("north", "aid", 100),
            ("south", "ceasefire", True),
        )
    ],
}


def doc_text() -> str:
    return DOC.read_text("utf-8")


def records() -> dict[str, type[BaseModel]]:
    """Every record class a scenario can hold, by class name, from Scenario down."""
    found: dict[str, type[BaseModel]] = {}

    def models_in(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models_in(arg)]

    def walk(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for field in model.model_fields.values():
            for inner in models_in(field.annotation):
                walk(inner)

    walk(Scenario)
    return {name: m for name, m in found.items() if name not in NOT_RECORDS}


def documented_required() -> dict[str, list[str]]:
    """Record name -> the keys its "Required keys" line lists."""
    out: dict[str, list[str]] = {}
    for line in doc_text().splitlines():
        m = REQUIRED.match(line)
        if m:
            assert m["record"] not in out, f"two 'Required keys' lines for {m['record']}"
            keys = m["keys"]
            out[m["record"]] = [] if keys == "none" else re.findall(r"`([^`]+)`", keys)
    return out


def test_every_record_states_exactly_the_keys_its_model_requires() -> None:
    documented = documented_required()
    models = records()
    assert set(documented) == set(models), (
        f"records without a 'Required keys' line: {sorted(set(models) - set(documented))}; "
        f"lines naming no record: {sorted(set(documented) - set(models))}"
    )
    for name, model in models.items():
        required = [f.alias or k for k, f in model.model_fields.items() if f.is_required()]
        assert sorted(documented[name]) == sorted(required), name


def test_the_top_level_table_marks_the_required_keys() -> None:
    section = doc_text().split("## Top level", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (yes|no) \|", section, flags=re.MULTILINE)
    required = {k for k, f in Scenario.model_fields.items() if f.is_required()}
    assert {key for key, flag in rows if flag == "yes"} == required
    assert {key for key, _ in rows} == set(Scenario.model_fields)


def yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", doc_text(), flags=re.MULTILINE | re.DOTALL)


def identity(item: Any) -> Any:
    if not isinstance(item, dict):
        return None
    if "actor" in item and "issue" in item:
        return ("stance", item["actor"], item["issue"])
    return item.get("id")


def merged(block: str) -> dict[str, Any]:
    """The block as a whole scenario, by the rule in the module docstring."""
    first = block.splitlines()[0]
    data = yaml.safe_load(block)
    m = FRAGMENT.match(first)
    if m is None:
        return dict(data)
    base = copy.deepcopy(BASE)
    if m["actor"]:
        (actor,) = [a for a in base["actors"] if a["id"] == m["actor"]]
        actor.update(data)
        return base
    for key, value in data.items():
        if isinstance(value, list) and isinstance(base.get(key), list):
            replaced = {identity(v) for v in value} - {None}
            base[key] = [v for v in base[key] if identity(v) not in replaced] + value
        else:
            base[key] = value
    return base


def test_the_page_has_examples_and_each_is_marked_or_whole() -> None:
    blocks = yaml_blocks()
    assert len(blocks) >= 8
    for block in blocks:
        first = block.splitlines()[0]
        assert first.startswith("# fragment:") is bool(FRAGMENT.match(first)), first


@pytest.mark.parametrize("number", range(len(yaml_blocks())))
def test_every_yaml_example_loads(number: int) -> None:
    block = yaml_blocks()[number]
    text = yaml.safe_dump(merged(block), sort_keys=False, allow_unicode=True)
    scenario, problems = parse_scenario(text, f"docs/format.md example {number + 1}")
    errors = [p.render("example") for p in problems if p.severity == "error"]
    assert scenario is not None and not errors, f"{block}\n{errors}"


def red_line_crossings(position: float, red_line: float, settings: list[float]) -> list[float]:
    """The settings of a continuous 0..100 issue that score as crossing the red line."""
    drafts = [
        {"id": f"at-{k}", "title": f"at {x}", "points": [{"text": "x", "settings": {"x": x}}]}
        for k, x in enumerate(settings)
    ]
    data = {
        "id": "red-line",
        "title": "One red line",
        "actors": [{"id": "a", "name": "A", "role": "party", "capability": 1.0}],
        "issues": [{"id": "x", "name": "X", "kind": "continuous", "min": 0, "max": 100}],
        "stances": [
            {
                "actor": "a",
                "issue": "x",
                "position": position,
                "salience": 1.0,
                "red_line": red_line,
                "judgement": "test",
            }
        ],
        "proposals": drafts,
    }
    scenario, problems = parse_scenario(yaml.safe_dump(data))
    assert scenario is not None, problems
    card = score_proposals(scenario)
    return [x for k, x in enumerate(settings) if card.red_lines("a", f"at-{k}").get("x")]


def test_a_red_line_around_a_middle_position_is_two_sided_as_the_page_says() -> None:
    assert "two-sided" in doc_text()
    settings = [0.0, 20.0, 25.0, 30.0, 50.0, 70.0, 75.0, 80.0, 100.0]
    # position 50, red line 25: below 25 and above 75 cross (the page's own example)
    assert red_line_crossings(50.0, 25.0, settings) == [0.0, 20.0, 80.0, 100.0]
    # position at one end: one-sided, everything beyond the line
    assert red_line_crossings(100.0, 75.0, settings) == [0.0, 20.0, 25.0, 30.0, 50.0, 70.0]


def test_the_default_distribution_named_on_the_page_is_the_models() -> None:
    default = Uncertainty(low=0.0, high=1.0).distribution
    assert f"`{default}` (**the default**" in doc_text()
