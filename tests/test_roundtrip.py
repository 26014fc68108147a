"""Scenario files: round trips, atomic saves, the JSON Schema, and whole-scenario checks."""

from __future__ import annotations

import copy
import errno
import importlib.util
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import accord.io.scenarios as files_module
from accord.io import (
    builtin_names,
    dump_scenario,
    load_builtin,
    load_scenario,
    parse_scenario,
    save_scenario,
)
from accord.model import Scenario, Unknown
from schema_check import check_schema, schema_errors
from strategies import (
    TRICKY_IDS,
    scenario_data,
    scenarios,
    utility_scenarios,
)

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"

# Generating a scenario takes a few tens of milliseconds; the deadline is for the code under
# test, which on a slow machine can still exceed hypothesis's default 200 ms now and then.
roundtrip_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- helpers -----------------------------------------------------------------------------------
def assert_same(a: Any, b: Any, where: str = "") -> None:
    """Deep equality that also tells int from float from bool and keeps dict key order.

    ``==`` on models cannot see ``1 == 1.0 == True``; a value that changes type on the way
    through a file is a bug all the same.
    """
    assert type(a) is type(b), (
        f"{where or '/'}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"
    )
    if isinstance(a, BaseModel):
        assert_same(dict(a), dict(b), where)
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{where or '/'}: keys {list(a)} != {list(b)}"
        for key in a:
            assert_same(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{where or '/'}: {len(a)} items != {len(b)} items"
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}/{k}")
    elif isinstance(a, float):
        assert (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
        ), f"{where or '/'}: {a!r} != {b!r}"
    elif isinstance(a, Enum):
        assert a is b, f"{where or '/'}: {a!r} != {b!r}"
    else:
        assert a == b, f"{where or '/'}: {a!r} != {b!r}"


def assert_same_scenario(a: Scenario, b: Scenario) -> None:
    assert a == b
    assert_same(a, b)
    # spelled out, for a readable failure when an order changes
    assert [x.id for x in a.actors] == [x.id for x in b.actors]
    assert [x.id for x in a.issues] == [x.id for x in b.issues]
    assert [x.id for x in a.proposals] == [x.id for x in b.proposals]
    assert [[pt.text for pt in p.points] for p in a.proposals] == [
        [pt.text for pt in p.points] for p in b.proposals
    ]
    assert [list(pt.settings) for p in a.proposals for pt in p.points] == [
        list(pt.settings) for p in b.proposals for pt in p.points
    ]


def reparse(text: str) -> Scenario:
    scenario, problems = parse_scenario(text)
    errors = [p for p in problems if p.severity == "error"]
    assert scenario is not None, "dumped scenario does not parse:\n" + "\n".join(
        p.render() for p in errors
    )
    assert not errors
    return scenario


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def minimal() -> Scenario:
    return load_scenario(MINIMAL)


# --- (a) random scenarios ----------------------------------------------------------------------
@roundtrip_settings
@given(scenarios())
def test_dump_then_parse_gives_the_same_scenario(scenario: Scenario) -> None:
    text = dump_scenario(scenario)
    again = reparse(text)
    assert_same_scenario(scenario, again)
    # dumping is deterministic and a fixed point of the round trip
    assert dump_scenario(scenario) == text
    assert dump_scenario(again) == text


@roundtrip_settings
@given(scenarios())
def test_save_then_load_gives_the_same_scenario(scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        save_scenario(scenario, path)
        assert entries(Path(tmp)) == ["scenario.yaml"]
        assert path.read_text(encoding="utf-8") == dump_scenario(scenario)
        assert_same_scenario(scenario, load_scenario(path))


@roundtrip_settings
@given(scenarios())
def test_python_and_json_round_trips(scenario: Scenario) -> None:
    assert_same_scenario(scenario, Scenario.model_validate(scenario.model_dump()))
    assert_same_scenario(scenario, Scenario.model_validate_json(scenario.model_dump_json()))
    data = files_module.scenario_to_data(scenario)
    assert json.loads(json.dumps(data, allow_nan=False)) == data  # plain JSON-able data


@roundtrip_settings
@given(utility_scenarios())
def test_utility_scenarios_round_trip(scenario: Scenario) -> None:
    assert_same_scenario(scenario, reparse(dump_scenario(scenario)))


@pytest.mark.parametrize(
    "value",
    [0, 1, -1, 3, 3.0, -0.0, 0.1, 1e16, 1.5e-300, 5e-324, 1.7976931348623157e308, 2**70, -(2**70)],
)
def test_numbers_keep_their_type_and_value(value: int | float) -> None:
    lo, hi = (min(value, 0) - 1, max(value, 0) + 1)
    doc = {
        "id": "n",
        "title": "numbers",
        "actors": [{"id": "a", "name": "A", "role": "party", "capability": 1}],
        "issues": [{"id": "x", "name": "X", "kind": "continuous", "min": lo, "max": hi}],
        "stances": [
            {"actor": "a", "issue": "x", "position": value, "salience": 1, "red_line": value}
        ],
        "proposals": [
            {"id": "p", "title": "P", "points": [{"text": "t", "settings": {"x": value}}]},
            {
                "id": "q",
                "title": "Q",
                "points": [{"text": "t", "settings": {"x": {"one_of": [value]}}}],
            },
        ],
    }
    scenario = Scenario.model_validate(doc)
    again = reparse(dump_scenario(scenario))
    assert_same_scenario(scenario, again)
    assert type(again.stances[0].position) is type(value)
    assert type(again.proposals[0].points[0].settings["x"]) is type(value)
    one_of = again.proposals[1].points[0].settings["x"]
    assert isinstance(one_of, Unknown)
    assert one_of.one_of is not None
    assert type(one_of.one_of[0]) is type(value)


@pytest.mark.parametrize("option_id", TRICKY_IDS)
def test_ids_yaml_would_misread_stay_text(option_id: str) -> None:
    doc = {
        # a scenario's own id may not be only dots (it names the scenario in web addresses)
        "id": option_id if option_id.strip(".") else f"s{option_id}",
        "title": option_id,
        "actors": [{"id": option_id, "name": option_id, "role": "party", "capability": 1}],
        "issues": [
            {
                "id": option_id,
                "name": option_id,
                "kind": "ordinal",
                "options": [{"id": option_id, "label": option_id}, {"id": "other", "label": "o"}],
                "status_quo": option_id,
            }
        ],
        "stances": [
            {
                "actor": option_id,
                "issue": option_id,
                "position": option_id,
                "salience": 1,
                "utility": "table",
                "table": {option_id: 1, "other": 0},
            }
        ],
        "proposals": [
            {
                "id": option_id,
                "title": option_id,
                "points": [{"text": option_id, "settings": {option_id: option_id}}],
            }
        ],
    }
    scenario = Scenario.model_validate(doc)
    assert_same_scenario(scenario, reparse(dump_scenario(scenario)))


def test_unknown_settings_are_written_as_in_files() -> None:
    doc = {
        "id": "u",
        "title": "U",
        "actors": [{"id": "a", "name": "A", "role": "party", "capability": 1}],
        "issues": [
            {"id": "b", "name": "B", "kind": "boolean"},
            {
                "id": "o",
                "name": "O",
                "kind": "ordinal",
                "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
            },
        ],
        "proposals": [
            {
                "id": "p",
                "title": "P",
                "points": [
                    {"text": "t", "settings": {"b": "unknown", "o": {"one_of": ["x", "y"]}}}
                ],
            },
        ],
    }
    scenario = Scenario.model_validate(doc)
    settings_ = scenario.proposals[0].points[0].settings
    assert settings_["b"] == Unknown()
    assert settings_["o"] == Unknown(one_of=["x", "y"])
    data = yaml.safe_load(dump_scenario(scenario))
    assert data["proposals"][0]["points"][0]["settings"] == {
        "b": "unknown",
        "o": {"one_of": ["x", "y"]},
    }


# PyYAML writes these raw inside plain or single-quoted scalars and reads them back as a space
# (found by the random round trip; dump_scenario now double-quotes such text).
@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\t", "\r"])
def test_line_breaks_and_controls_survive_a_round_trip(minimal: Scenario, char: str) -> None:
    for title in (char, f"a{char}b", f"{char} ", f" {char}", f"a\n{char}\nb"):
        scenario = minimal.model_copy(update={"title": title})
        assert reparse(dump_scenario(scenario)).title == title


# --- (b) shipped files ---------------------------------------------------------------------------
def test_minimal_file_round_trips(minimal: Scenario, tmp_path: Path) -> None:
    _, problems = parse_scenario(MINIMAL.read_bytes(), str(MINIMAL))
    assert not [p for p in problems if p.severity == "error"]
    text = dump_scenario(minimal)
    assert_same_scenario(minimal, reparse(text))
    assert dump_scenario(reparse(text)) == text
    path = tmp_path / "minimal.yaml"
    save_scenario(minimal, path)
    assert_same_scenario(minimal, load_scenario(path))


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_scenario_round_trips(name: str, tmp_path: Path) -> None:
    scenario = load_builtin(name)
    text = dump_scenario(scenario)
    assert_same_scenario(scenario, reparse(text))
    assert dump_scenario(reparse(text)) == text
    path = tmp_path / f"{name}.yaml"
    save_scenario(scenario, path)
    assert_same_scenario(scenario, load_scenario(path))


def test_builtin_names_are_loadable() -> None:
    names = builtin_names()
    assert len(names) == len(set(names))
    for name in names:
        assert isinstance(load_builtin(name), Scenario)


# --- (c) atomic saves ----------------------------------------------------------------------------
@pytest.fixture
def saved(minimal: Scenario, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder holding one saved scenario file, and that file's text."""
    path = tmp_path / "scenario.yaml"
    save_scenario(minimal, path)
    yield path, path.read_text(encoding="utf-8")


def _changed(scenario: Scenario) -> Scenario:
    return scenario.model_copy(update={"title": "A changed title ✓"})


def test_save_creates_a_new_file(minimal: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    save_scenario(minimal, str(path))  # a str path works as well as a Path
    assert entries(tmp_path) == ["new.yaml"]
    assert path.read_text(encoding="utf-8") == dump_scenario(minimal)


def test_save_over_an_existing_file_replaces_it(minimal: Scenario, saved: tuple[Path, str]) -> None:
    path, _ = saved
    path.write_text("junk that is much longer than anything a dump would write\n" * 200)
    save_scenario(_changed(minimal), path)
    assert path.read_text(encoding="utf-8") == dump_scenario(_changed(minimal))
    assert load_scenario(path).title == "A changed title ✓"
    assert entries(path.parent) == [path.name]


def _boom(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "targets",
    # os.rename is the other way to rename into place: the second case fails the save
    # whichever of the two the code uses
    [("replace",), ("replace", "rename"), ("fsync",)],
    ids=["replace", "rename", "fsync"],
)
def test_failed_save_keeps_the_old_file(
    minimal: Scenario,
    saved: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    targets: tuple[str, ...],
) -> None:
    path, before = saved
    for target in targets:
        monkeypatch.setattr(os, target, _boom)
    with pytest.raises(OSError, match="No space"):
        save_scenario(_changed(minimal), path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == before
    assert entries(path.parent) == [path.name]


class _HalfWriter:
    """A text file that writes half of what it is given, then fails (disk full)."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def write(self, text: str) -> int:
        self._fh.write(text[: len(text) // 2])
        self._fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


def test_save_failing_mid_write_keeps_the_old_file(
    minimal: Scenario, saved: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = saved
    real_fdopen = os.fdopen
    calls: list[int] = []

    def half_fdopen(fd: int, *args: Any, **kwargs: Any) -> _HalfWriter:
        calls.append(fd)
        return _HalfWriter(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", half_fdopen)
    with pytest.raises(OSError, match="No space"):
        save_scenario(_changed(minimal), path)
    monkeypatch.undo()
    assert calls, "save_scenario no longer writes through os.fdopen; update this test"
    assert path.read_text(encoding="utf-8") == before
    assert entries(path.parent) == [path.name]


def test_interrupted_save_cleans_up(
    minimal: Scenario, saved: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = saved

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_scenario(_changed(minimal), path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == before
    assert entries(path.parent) == [path.name]


def test_save_into_a_missing_folder_fails_cleanly(minimal: Scenario, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        save_scenario(minimal, tmp_path / "nowhere" / "s.yaml")
    assert entries(tmp_path) == []


# tempfile.mkstemp creates files with mode 0600: renamed over the target as they were, they
# made saved files private whatever the umask, and took the mode of an existing file away
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_save_keeps_the_permissions_of_an_existing_file(
    minimal: Scenario, saved: tuple[Path, str], mode: int
) -> None:
    path, _ = saved
    path.chmod(mode)
    save_scenario(_changed(minimal), path)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_new_file_follows_the_umask(
    minimal: Scenario, tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        save_scenario(minimal, tmp_path / "new.yaml")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == mode


# --- (d) the JSON Schema -------------------------------------------------------------------------
HAVE_JSONSCHEMA = importlib.util.find_spec("jsonschema") is not None
SCHEMA: dict[str, Any] = Scenario.model_json_schema()


def schema_problems(data: Any) -> list[str]:
    """Why ``data`` fails the scenario schema: by ``jsonschema`` if installed, else our checker."""
    if HAVE_JSONSCHEMA:
        import jsonschema

        validator_cls = jsonschema.validators.validator_for(SCHEMA)
        validator = validator_cls(SCHEMA, format_checker=validator_cls.FORMAT_CHECKER)
        found = [
            f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)
        ]
    else:
        found = []
    return found + schema_errors(data, SCHEMA, SCHEMA)


def test_schema_is_well_formed() -> None:
    json.loads(json.dumps(SCHEMA, allow_nan=False))  # plain JSON
    check_schema(SCHEMA)
    if HAVE_JSONSCHEMA:
        import jsonschema

        jsonschema.validators.validator_for(SCHEMA).check_schema(SCHEMA)
    assert SCHEMA["type"] == "object"
    assert SCHEMA["additionalProperties"] is False
    assert set(SCHEMA["required"]) == {"id", "title", "actors", "issues"}
    for name in ("Actor", "Issue", "Stance", "Proposal", "Point", "Source", "Event", "Constraint"):
        definition = SCHEMA["$defs"][name]
        assert definition["type"] == "object"
        assert definition["additionalProperties"] is False, f"{name} accepts unknown keys"


def test_schema_accepts_the_minimal_file(minimal: Scenario) -> None:
    assert schema_problems(yaml.safe_load(dump_scenario(minimal))) == []
    assert schema_problems(files_module.scenario_to_data(minimal)) == []


@roundtrip_settings
@given(scenarios())
def test_schema_accepts_dumped_scenarios(scenario: Scenario) -> None:
    assert schema_problems(yaml.safe_load(dump_scenario(scenario))) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("actors"),
        lambda d: d.update(colour="red"),
        lambda d: d["actors"][0].update(capability="high"),
        lambda d: d["actors"][0].update(capability=-1),
        lambda d: d["actors"][0].update(role="king"),
        lambda d: d["issues"][0].update(id="has space"),
        lambda d: d["stances"][0].update(salience=1.5),
        lambda d: d["stances"][0].update(position=[1]),
        lambda d: d.update(as_of="1 May 2024"),
        lambda d: d["proposals"][0]["points"][0].update(number=-1),
        lambda d: d["proposals"][0]["points"][0]["settings"].update(wage={"one_of": 3}),
    ],
)
def test_schema_rejects_broken_data(minimal: Scenario, change: Any) -> None:
    data = yaml.safe_load(dump_scenario(minimal))
    change(data)
    assert schema_problems(data), "the schema checker let broken data through"


# --- (e) whole-scenario checks -------------------------------------------------------------------
def minimal_doc() -> dict[str, Any]:
    return yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


def _cycle2(d: dict[str, Any]) -> None:
    d["proposals"][0]["based_on"] = "final"  # final is based on opening already


def _cycle3(d: dict[str, Any]) -> None:
    d["proposals"].append({"id": "third", "title": "Third", "based_on": "final"})
    d["proposals"][0]["based_on"] = "third"


BROKEN = {
    "stance actor": (lambda d: d["stances"][0].update(actor="onion"), "unknown actor 'onion'"),
    "stance issue": (lambda d: d["stances"][0].update(issue="wages"), "unknown issue 'wages'"),
    "draft author": (lambda d: d["proposals"][0].update(authors=["frim"]), "unknown actor 'frim'"),
    "event actor": (
        lambda d: d.update(events=[{"date": "2024-05-02", "title": "Talks", "actors": ["nobody"]}]),
        "unknown actor 'nobody'",
    ),
    "source ref": (lambda d: d["stances"][0].update(sources=["memoo"]), "unknown source 'memoo'"),
    "based_on missing": (
        lambda d: d["proposals"][1].update(based_on="nothing"),
        "unknown proposal 'nothing'",
    ),
    "based_on self": (lambda d: d["proposals"][0].update(based_on="opening"), "based on itself"),
    "based_on 2-cycle": (_cycle2, "cycle"),
    "based_on 3-cycle": (_cycle3, "cycle"),
    "duplicate actor": (
        lambda d: d["actors"].append(copy.deepcopy(d["actors"][0])),
        "duplicate id 'union'",
    ),
    "duplicate issue": (lambda d: d["issues"][2].update(id="wage"), "duplicate id 'wage'"),
    "duplicate draft": (lambda d: d["proposals"][1].update(id="opening"), "duplicate id 'opening'"),
    "duplicate source": (
        lambda d: d["sources"].append(copy.deepcopy(d["sources"][0])),
        "duplicate id 'memo'",
    ),
    "duplicate option": (
        lambda d: d["issues"][1]["options"][1].update(id="keep"),
        "duplicate option id 'keep'",
    ),
    "duplicate stance": (
        lambda d: d["stances"].append(copy.deepcopy(d["stances"][0])),
        "second stance",
    ),
    "bad setting": (
        lambda d: d["proposals"][0]["points"][1]["settings"].update(tiers="kept"),
        "'kept' is not an option",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_model_validate_rejects_broken_references(name: str) -> None:
    change, message = BROKEN[name]
    doc = minimal_doc()
    Scenario.model_validate(copy.deepcopy(doc))  # valid before the change
    change(doc)
    with pytest.raises(ValidationError, match=message):
        Scenario.model_validate(doc)
    # reading a file applies the same rules
    scenario, problems = parse_scenario(yaml.safe_dump(doc, allow_unicode=True))
    assert scenario is None
    assert any(message in p.message for p in problems if p.severity == "error"), problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_data(min_actors=2, max_proposals=4), st.data())
def test_random_broken_references_are_rejected(doc: dict[str, Any], data: st.DataObject) -> None:
    Scenario.model_validate(copy.deepcopy(doc))
    breaks = ["duplicate actor", "duplicate issue"]
    if doc.get("stances"):
        breaks.append("stance actor")
    if len(doc.get("proposals", [])) >= 2:
        breaks.append("cycle")
    how = data.draw(st.sampled_from(breaks))
    if how == "duplicate actor":
        doc["actors"].append(copy.deepcopy(data.draw(st.sampled_from(doc["actors"]))))
    elif how == "duplicate issue":
        doc["issues"].append(copy.deepcopy(data.draw(st.sampled_from(doc["issues"]))))
    elif how == "stance actor":
        known = {a["id"] for a in doc["actors"]}
        stance = data.draw(st.sampled_from(doc["stances"]))
        stance["actor"] = data.draw(
            st.sampled_from(["nobody", "x-y", "9"]).filter(lambda s: s not in known)
        )
    else:
        a, b = data.draw(
            st.lists(st.sampled_from(doc["proposals"]), min_size=2, max_size=2, unique_by=id)
        )
        a["based_on"], b["based_on"] = b["id"], a["id"]
    with pytest.raises(ValidationError):
        Scenario.model_validate(doc)


# --- (f) values a file could not carry faithfully ---------------------------------------------
NOT_NUMBERS = {
    "capability inf": (lambda d: d["actors"][0].update(capability=math.inf), "finite"),
    "capability nan": (lambda d: d["actors"][0].update(capability=math.nan), ""),
    "min -inf": (lambda d: d["issues"][0].update(min=-math.inf), "finite"),
    "max inf": (lambda d: d["issues"][0].update(max=math.inf), "finite"),
    "setting inf": (
        lambda d: d["proposals"][0]["points"][0]["settings"].update(wage=math.inf),
        "",
    ),
    "one_of nan": (
        lambda d: d["proposals"][0]["points"][0]["settings"].update(wage={"one_of": [math.nan]}),
        "",
    ),
    # lax floats would read YAML's yes/true as 1.0 and parse text
    "capability true": (lambda d: d["actors"][0].update(capability=True), "valid number"),
    "capability text": (lambda d: d["actors"][0].update(capability="2"), "valid number"),
    "batna utility yes": (lambda d: d["actors"][0]["batna"].update(utility=True), "valid number"),
    "salience text": (lambda d: d["stances"][0].update(salience="0.5"), "valid number"),
    "table true": (lambda d: d["stances"][5]["table"].update(true=True), "valid number"),
    "min text": (lambda d: d["issues"][0].update(min="0"), "valid number"),
    "position true": (
        lambda d: d["issues"][1]["options"][0].update(position=True),
        "valid number",
    ),
    "point number 1.0": (
        lambda d: d["proposals"][0]["points"][0].update(number=1.0),
        "valid integer",
    ),
    "point number true": (
        lambda d: d["proposals"][0]["points"][0].update(number=True),
        "valid integer",
    ),
    "uncertainty low true": (
        lambda d: d["stances"][0].update(uncertainty={"salience": {"low": True, "high": 1}}),
        "valid number",
    ),
}


@pytest.mark.parametrize("name", list(NOT_NUMBERS))
def test_non_finite_and_non_numbers_are_rejected(name: str) -> None:
    change, message = NOT_NUMBERS[name]
    doc = minimal_doc()
    change(doc)
    with pytest.raises(ValidationError, match=message or None):
        Scenario.model_validate(doc)


def test_numbers_may_be_written_as_ints(minimal: Scenario) -> None:
    doc = minimal_doc()
    doc["actors"][0].update(capability=3, batna={"description": "d", "utility": 1})
    doc["stances"][0].update(salience=1)
    doc["stances"][5]["table"].update(true=0)
    doc["issues"][1]["options"] = [
        {"id": "keep", "label": "K", "position": 0},
        {"id": "shorten", "label": "S", "position": 50},
        {"id": "end", "label": "E", "position": 100},
    ]
    scenario = Scenario.model_validate(doc)
    assert scenario.actors[0].capability == 3.0
    assert isinstance(scenario.actors[0].capability, float)
    assert_same_scenario(scenario, reparse(dump_scenario(scenario)))
