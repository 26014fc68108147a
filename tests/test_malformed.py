"""Malformed scenario files: each gives located, helpful errors, never a traceback or a hang.

Every case states the exact line (and column where it means something), the path in the
document and the part of the message that says what would be valid. The YAML cases live in
``tests/data/malformed/`` (a comment on line 1 says what is wrong); bytes, huge files,
directories and deep nesting are made in ``tmp_path``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.io.scenarios import (
    MAX_BYTES,
    MAX_DEPTH,
    load_scenario,
    parse_scenario,
    parse_yaml,
    read_scenario,
)
from accord.model.problems import Problem, ScenarioError

DATA = Path(__file__).parent / "data"
MALFORMED = DATA / "malformed"
#: A file is judged in milliseconds; an exponential blow-up (the billion laughs expanded, a
#: runaway recursion) would take far longer than this generous bound, which a loaded machine
#: never reaches on a few-line file.
SECONDS = 30.0


@dataclass(frozen=True)
class Want:
    line: int | None
    column: int | None  # None: the column is not asserted
    path: str
    hints: tuple[str, ...]


def want(line: int | None, column: int | None, path: str, *hints: str) -> Want:
    return Want(line, column, path, hints)


VALID_ISSUES = "known issues: cola, tiers, wage"
TIERS = "valid: keep, shorten, end"
NEEDS = "a scenario needs at least 'id', 'title', 'actors', 'issues'"
ANCHOR = "anchors and aliases (&name, *name) are not supported; write the value out in full"
PLAIN = "write a plain value (text, number, true/false, list or mapping)"
TOP_KEYS = "allowed keys here: format, id, title, summary, as_of, conflict, sources, actors, issues"
DATE = "write dates as YYYY-MM-DD, e.g. 2024-05-01"

CASES: dict[str, list[Want]] = {
    # --- documents that are not scenarios --------------------------------------------------
    "empty": [want(None, None, "(document)", "the file is empty", NEEDS)],
    "only-comments": [want(None, None, "(document)", "the file has only comments", NEEDS)],
    "document-is-list": [
        want(2, 1, "(document)", "the document is a list", "a scenario is a mapping with keys id")
    ],
    "document-is-scalar": [
        want(2, 1, "(document)", "a single value ('wage talks between", "a scenario is a mapping")
    ],
    "document-is-null": [want(2, 1, "(document)", "the document is empty", "a mapping")],
    "two-documents": [want(3, 1, "(document)", "a file holds one scenario; remove this '---'")],
    "content-after-document-end": [
        want(29, 1, "(document)", "not valid YAML", "remove the '...' line and what follows it")
    ],
    # --- the header ------------------------------------------------------------------------
    "unknown-top-level-key": [
        want(4, 1, "summery", "unknown key 'summery'", "did you mean 'summary'", TOP_KEYS)
    ],
    "missing-title": [want(2, 1, "title", "missing required key 'title'", NEEDS)],
    "id-with-space": [
        want(2, 5, "id", "'wage talks' is not a valid id", "letters, digits", "e.g. 'wage_talks'")
    ],
    "title-is-list": [want(3, 8, "title", "must be text; got a list")],
    "id-is-number": [want(2, 5, "id", "must be text; got 2024", "put it in quotes")],
    "as-of-bad-date": [want(4, 8, "as_of", "'May 2024' is not a valid date", DATE)],
    "conflict-unknown": [
        want(4, 11, "conflict", "no built-in conflict 'elmra'", "did you mean 'elmira'", "elmira")
    ],
    "format-too-new": [want(2, 9, "format", "2 is out of range; valid: 1")],
    "actors-empty": [want(6, 1, "actors", "'actors' is empty; give a list with at least one")],
    "issues-empty-list": [  # stances then name unknown issues: that would only repeat this
        want(9, 1, "issues", "'issues' is empty; give a list with at least one entry")
    ],
    "actors-is-mapping": [
        want(6, 1, "actors", "'actors' must be a list (one '- ' entry per item), not a mapping")
    ],
    "actor-is-text": [
        want(
            8,
            5,
            "actors[1]",
            "must be a mapping with keys id, name, role, capability",
            "got 'firm'",
        ),
        # the entry has no readable id, so references to it cannot be told apart from typos
        want(21, 13, "stances[1].actor", "unknown actor 'firm'; known actors: union"),
        want(25, 15, "proposals[0].authors[0]", "unknown actor 'firm'; known actors: union"),
    ],
    # --- sources ---------------------------------------------------------------------------
    "reliability-unknown": [
        want(
            5,
            55,
            "sources[0].reliability",
            "'blog' is not a valid reliability",
            "valid: primary, wire, secondary, partisan, unverified, analyst judgement",
        )
    ],
    "source-date-invalid": [
        want(
            5,
            48,
            "sources[0].date",
            "'2024-02-30' is not a valid date",
            "day value is outside expected range",
            DATE,
        )
    ],
    "source-unknown-reference": [
        want(
            21,
            74,
            "stances[1].sources[0]",
            "unknown source 'memmo'",
            "did you mean 'memo'",
            "known sources: memo",
        )
    ],
    "sources-is-text": [
        want(21, 73, "stances[1].sources", "must be a list", "got 'memo'", "write [memo]")
    ],
    # --- actors ----------------------------------------------------------------------------
    "role-misspelt": [
        want(
            7,
            36,
            "actors[0].role",
            "'parti' is not a valid role",
            "did you mean 'party'",
            "valid: party, mediator, guarantor, observer",
        )
    ],
    "capability-is-text": [
        want(8, 53, "actors[1].capability", "must be a number of at least 0; got 'high'")
    ],
    "capability-negative": [
        want(8, 53, "actors[1].capability", "-1 is out of range", "valid: a number of at least 0")
    ],
    "actor-unknown-key": [
        want(
            8,
            5,
            "actors[1].capability",
            "missing required key 'capability'",
            "required here: id, name, role, capability",
        ),
        want(
            8,
            41,
            "actors[1].capabilty",
            "unknown key 'capabilty'",
            "did you mean 'capability'",
            "allowed keys here: id, name, role, capability,",
        ),
    ],
    "batna-is-list": [
        want(7, 65, "actors[0].batna", "must be a mapping with keys description; got a list")
    ],
    "batna-unknown-key": [
        want(
            13,
            7,
            "actors[0].batna.utilty",
            "unknown key 'utilty'",
            "did you mean 'utility'",
            "allowed keys here: description, utility, uncertainty, sources, judgement",
        )
    ],
    "duplicate-actor-id": [
        want(
            8,
            10,
            "actors[1].id",
            "duplicate id 'union' (first used by actors[0])",
            "ids must be unique",
        ),
        want(21, 13, "stances[1].actor", "unknown actor 'firm'; known actors: union"),
        want(25, 15, "proposals[0].authors[0]", "unknown actor 'firm'"),
    ],
    # --- issues ----------------------------------------------------------------------------
    "issue-kind-unknown": [
        want(
            18,
            55,
            "issues[2].kind",
            "'yes-no' is not a valid kind",
            "valid: ordinal, continuous, boolean",
        )
    ],
    "ordinal-positions-not-increasing": [
        want(
            17,
            47,
            "issues[1].options[2].position",
            "option positions must increase",
            "[0.0, 60.0, 40.0]",
        )
    ],
    "ordinal-one-option": [
        want(15, 7, "issues[1].options", "an ordinal issue needs 'options': at least two")
    ],
    "continuous-max-below-min": [
        want(10, 65, "issues[0].max", "'max' (0.0) must be greater than 'min' (10.0)")
    ],
    "option-unknown-key": [
        want(
            17,
            37,
            "issues[1].options[2].colour",
            "unknown key 'colour'",
            "allowed keys here: id, label, position, description",
        )
    ],
    "options-is-mapping": [
        want(15, 7, "issues[1].options", "must be a list ('- ' lines or [a, b]); got a mapping")
    ],
    "duplicate-option-id": [
        want(
            17,
            14,
            "issues[1].options[2].id",
            "duplicate option id 'keep' in issue 'tiers'",
            "must be unique",
        )
    ],
    "status-quo-not-an-option": [
        want(14, 17, "issues[1].status_quo", "'abolish' is not an option of issue 'tiers'", TIERS)
    ],
    # --- stances ---------------------------------------------------------------------------
    "salience-above-one": [
        want(20, 56, "stances[0].salience", "1.5 is out of range", "valid: a number from 0 to 1")
    ],
    "salience-is-text": [
        want(20, 56, "stances[0].salience", "must be a number from 0 to 1; got 'high'")
    ],
    "stance-missing-salience": [
        want(
            20,
            5,
            "stances[0].salience",
            "missing required key 'salience'",
            "required here: actor, issue, position, salience",
        )
    ],
    "stance-unknown-actor": [
        want(
            21,
            13,
            "stances[1].actor",
            "unknown actor 'frim'",
            "did you mean 'firm'",
            "known actors: firm, union",
        )
    ],
    "stance-unknown-issue": [
        want(
            20, 27, "stances[0].issue", "unknown issue 'wages'", "did you mean 'wage'", VALID_ISSUES
        )
    ],
    "position-out-of-range": [
        want(
            20,
            43,
            "stances[0].position",
            "12 is not valid for issue 'wage'",
            "valid: a number from 0 to 10 %",
        )
    ],
    "position-is-list": [
        want(
            20,
            43,
            "stances[0].position",
            "must be true/false, a number or an option id; got a list",
        )
    ],
    "red-line-not-an-option": [
        want(21, 74, "stances[1].red_line", "'middle' is not an option of issue 'tiers'", TIERS)
    ],
    "boolean-position-is-text": [
        want(
            21,
            43,
            "stances[1].position",
            "'maybe' is not valid for boolean issue 'cola'",
            "valid: true or false",
        )
    ],
    "utility-shape-unknown": [
        want(
            21,
            73,
            "stances[1].utility",
            "'cubic' is not a valid utility",
            "valid: linear, quadratic, table",
        )
    ],
    "table-missing-options": [
        want(
            21,
            87,
            "stances[1].table",
            "a utility for every setting of 'tiers'",
            "missing: end",
            "(all: keep, shorten, end)",
        )
    ],
    "table-on-continuous-issue": [
        want(20, 70, "stances[0].utility", "'wage' is continuous", "valid here: linear, quadratic")
    ],
    "uncertainty-unknown-key": [
        want(
            26,
            39,
            "stances[0].uncertainty.salience.spread",
            "unknown key 'spread'",
            "allowed keys here: low, high, distribution, mode",
        )
    ],
    "uncertainty-low-above-high": [
        want(
            20,
            102,
            "stances[0].uncertainty.position",
            "'low' (9.0) is above 'high' (7.0)",
            "swap them",
        )
    ],
    "duplicate-stance": [
        want(22, 5, "stances[2]", "a second stance of 'union' on 'wage' (first: stances[0])")
    ],
    # --- proposals -------------------------------------------------------------------------
    "based-on-self": [
        want(
            26,
            15,
            "proposals[0].based_on",
            "a draft cannot be based on itself",
            "remove 'based_on'",
        )
    ],
    "based-on-unknown": [
        want(
            26,
            15,
            "proposals[0].based_on",
            "unknown proposal 'openin'",
            "did you mean 'opening'",
            "known proposals: opening",
        )
    ],
    "based-on-cycle": [  # one cycle, reported once, at the draft that comes first
        want(
            26,
            15,
            "proposals[0].based_on",
            "opening -> counter -> opening",
            "based on an earlier one",
        )
    ],
    "points-set-issue-differently": [
        want(
            28,
            66,
            "proposals[0].points[1].settings.wage",
            "'wage' is set to 4 here but to 3 in points[0] of 'opening'",
            "keep one",
        )
    ],
    "setting-not-an-option": [
        want(
            28,
            55,
            "proposals[0].points[1].settings.tiers",
            "'abolish' is not an option of issue 'tiers'",
            TIERS,
        )
    ],
    "setting-unknown-issue": [
        want(28, 54, "proposals[0].points[1].settings.bonus", "unknown issue 'bonus'", VALID_ISSUES)
    ],
    "setting-unknown-key": [
        want(
            28,
            84,
            "proposals[0].points[1].settings.tiers.source",
            "unknown key 'source'",
            "allowed keys here: one_of",
        )
    ],
    "point-status-unknown": [
        want(
            27,
            44,
            "proposals[0].points[0].status",
            "'done' is not a valid status",
            "valid: agreed, open, bracketed",
        )
    ],
    "author-unknown": [
        want(
            25, 28, "proposals[0].authors[2]", "unknown actor 'guild'", "known actors: firm, union"
        )
    ],
    "points-is-mapping": [
        want(27, 7, "proposals[0].points", "must be a list ('- ' lines or [a, b]); got a mapping")
    ],
    # --- events and constraints ------------------------------------------------------------
    "event-bad-date": [
        want(
            29,
            12,
            "events[0].date",
            "'2024-13-01' is not a valid date",
            "month value is outside expected range of 1-12",
            DATE,
        )
    ],
    "event-missing-date": [
        want(29, 5, "events[0].date", "missing required key 'date'", "required here: date, title")
    ],
    "constraint-forbids-unknown-option": [
        want(
            31,
            33,
            "constraints[0].forbid.tiers",
            "'ended' is not an option of issue 'tiers'",
            "did you mean 'end'",
            TIERS,
        )
    ],
    "forbid-empty": [want(29, 57, "constraints[0].forbid", "needs at least 1 entry; got none")],
    # --- BATNAs over time and levers -------------------------------------------------------
    "over-time-cost-negative": [
        want(
            15,
            25,
            "actors[0].batna.over_time.cost",
            "-0.05 is out of range",
            "valid: a number from 0 to 1",
        )
    ],
    "over-time-uncertainty-unknown-key": [
        want(
            18,
            30,
            "actors[0].batna.over_time.uncertainty.costs",
            "no uncertainty for 'costs'",
            "did you mean 'cost'",
            "valid: trend, cost, support",
        )
    ],
    "lever-levels-not-increasing": [
        want(24, 13, "levers[0].levels", "levels must increase, each once", "[0.0, 2.0, 1.0]")
    ],
    "lever-default-not-a-level": [
        want(
            25, 14, "levers[0].default", "'default' (3) is not one of the levels", "valid: 0, 1, 2"
        )
    ],
    "lever-labels-wrong-count": [
        want(26, 13, "levers[0].labels", "2 labels for 3 levels", "one label per level")
    ],
    "lever-effect-unknown-actor": [
        want(
            27,
            17,
            "levers[0].effects[0].actor",
            "unknown actor 'unoin'",
            "did you mean 'union'",
            "known actors: firm, union",
        )
    ],
    "lever-effect-bad-target": [
        want(
            27,
            32,
            "levers[0].effects[0].target",
            "'batna.utilty' is not a valid target",
            "did you mean 'batna.utility'",
            "valid: batna.utility, batna.trend, batna.cost, batna.support, capability, "
            "salience:<issue id>",
        )
    ],
    "lever-effect-unsourced": [
        want(27, 9, "levers[0].effects[0]", "an effect needs 'sources' or a 'judgement' note")
    ],
    "lever-effect-salience-unknown-issue": [
        want(
            27,
            32,
            "levers[0].effects[0].target",
            "unknown issue 'wages'",
            "did you mean 'wage'",
            "known issues: wage",
        )
    ],
    "lever-effect-batna-without-utility": [
        want(
            27,
            31,
            "levers[0].effects[0].target",
            "'firm' has no BATNA utility, so 'batna.cost' has nothing to change",
        )
    ],
    # --- YAML itself -----------------------------------------------------------------------
    "duplicate-yaml-key": [
        want(
            14,
            5,
            "issues[1].name",
            "key 'name' appears twice in the same mapping",
            "first on line 12",
            "keep one",
        )
    ],
    "tab-indentation": [
        want(
            13,
            1,
            "issues[1]",
            "not valid YAML",
            "does not allow tabs for indentation",
            "indent with spaces",
        )
    ],
    "bad-indentation": [
        want(
            13,
            10,
            "issues[1]",
            "not valid YAML: mapping values are not allowed",
            "check the indentation",
        )
    ],
    "colon-in-value": [
        want(3, 18, "title", "not valid YAML", "a value with ': ' in it needs quotes")
    ],
    "unclosed-bracket": [
        want(
            26,
            11,
            "proposals[0].authors",
            "not valid YAML",
            "the '[' opened on line 25 is not closed",
        )
    ],
    "unclosed-quote": [  # at the opening quote, not at the end of the file
        want(
            24,
            12,
            "proposals[0].title",
            "not valid YAML",
            "the quote opened on line 24 is not closed",
        )
    ],
    "anchor-and-alias": [
        want(10, 22, "issues[0].name", ANCHOR),
        want(28, 10, "summary", ANCHOR),
    ],
    "python-tag": [
        want(
            28,
            10,
            "summary",
            "the YAML tag '!!python/object/apply:os.system' is not allowed",
            PLAIN,
        )
    ],
    "custom-tag": [
        want(28, 10, "summary", "the YAML tag '!note' is not allowed", PLAIN),
        want(29, 7, "note", "the YAML tag '!!binary' is not allowed", PLAIN),
    ],
    "billion-laughs": [
        want(2, 4, "a", ANCHOR),
        want(3, 4, "b", ANCHOR),
        *(want(3, 8 + 3 * k, f"b[{k}]", ANCHOR) for k in range(9)),
        want(4, 4, "c", ANCHOR),
        *(want(4, 8 + 3 * k, f"c[{k}]", ANCHOR) for k in range(8)),
        want(4, 29, "c[7]", "stopped after 20 such problems"),
    ],
    # --- several errors: all of them, in document order ------------------------------------
    "several-errors": [
        want(4, 1, "summery", "unknown key 'summery'", "did you mean 'summary'"),
        want(8, 36, "actors[0].role", "'parti' is not a valid role", "did you mean 'party'"),
        want(19, 55, "issues[2].kind", "'yes-no' is not a valid kind", "valid: ordinal,"),
        want(21, 56, "stances[0].salience", "1.5 is out of range", "from 0 to 1"),
        want(22, 13, "stances[1].actor", "unknown actor 'frim'", "did you mean 'firm'"),
        want(
            28,
            53,
            "proposals[0].points[0].settings.wage",
            "30 is not valid for issue 'wage'",
            "valid: a number from 0 to 10 %",
        ),
    ],
}


def judge(path: str | os.PathLike[str]) -> list[Problem]:
    """read_scenario on a bad file: quick, no scenario, every message says something."""
    start = time.perf_counter()
    scenario, problems = read_scenario(path)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{path}: took {elapsed:.1f}s"
    assert scenario is None
    assert problems, "a bad file must report at least one problem"
    for p in problems:
        assert p.message.strip(), f"empty message at {p.where}"
        assert p.render("f.yaml").endswith(p.message)
    return [p for p in problems if p.severity == "error"]


def check(errors: list[Problem], wants: list[Want]) -> None:
    shown = "\n".join(p.render("f.yaml") for p in errors)
    assert len(errors) == len(wants), f"expected {len(wants)} error(s), got:\n{shown}"
    for p, w in zip(errors, wants, strict=True):
        assert (p.where, p.line) == (w.path, w.line), shown
        if w.column is not None:
            assert p.column == w.column, shown
        for hint in w.hints:
            assert hint in p.message, f"{hint!r} not in {p.message!r}"


def test_every_malformed_file_has_a_case() -> None:
    on_disk = {p.stem for p in MALFORMED.glob("*.yaml")}
    assert on_disk == set(CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file(name: str) -> None:
    check(judge(MALFORMED / f"{name}.yaml"), CASES[name])


@pytest.mark.parametrize("name", ["salience-above-one", "several-errors", "empty", "python-tag"])
def test_load_scenario_raises_only_scenario_error(name: str) -> None:
    path = MALFORMED / f"{name}.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert text.startswith(f"{path}: {len(CASES[name])} error(s)")
    first = CASES[name][0]
    if first.line is not None:
        assert f"{path}:{first.line}:" in text
    assert all(line.strip() for line in text.splitlines())


def test_several_errors_come_in_document_order() -> None:
    errors = judge(MALFORMED / "several-errors.yaml")
    positions = [(p.line or 0, p.column or 0) for p in errors]
    assert positions == sorted(positions)


def test_render_gives_file_line_column_path_message() -> None:
    errors = judge(MALFORMED / "salience-above-one.yaml")
    assert errors[0].render("s.yaml") == (
        "s.yaml:20:56: stances[0].salience: 1.5 is out of range; valid: a number from 0 to 1"
    )


def test_the_valid_example_still_loads() -> None:
    scenario, problems = read_scenario(DATA / "minimal.yaml")
    assert scenario is not None
    assert not [p for p in problems if p.severity == "error"]


# --- files made on the spot ----------------------------------------------------------------
def minimal() -> bytes:
    return (DATA / "minimal.yaml").read_bytes()


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes(bytes(range(256)) * 16)
    check(judge(path), [want(None, None, "(document)", "binary file, not YAML text")])


def test_hundred_megabyte_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # sparse: takes no disk space
        fh.truncate(100 * 1024 * 1024)
    limit = f"limited to {MAX_BYTES // 2**20} MiB"
    check(judge(path), [want(None, None, "(document)", "the file is 100.0 MiB", limit)])


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.mkdir()
    check(judge(path), [want(None, None, "(document)", "is a directory", "give a scenario .yaml")])


def test_missing_file(tmp_path: Path) -> None:
    check(judge(tmp_path / "nope.yaml"), [want(None, None, "(document)", "no such file")])


def test_fifo_is_not_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)  # reading it would block for ever
    check(judge(path), [want(None, None, "(document)", "is not a regular file")])


def test_nul_in_path() -> None:
    check(judge("bad\0name.yaml"), [want(None, None, "(document)", "cannot read")])


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    text = minimal().replace(b"title: A two-party", "title: Café two-party".encode("latin-1"))
    path.write_bytes(text)
    wanted = want(2, 11, "(document)", "invalid UTF-8 (byte 0xe9)", "save the file as UTF-8")
    check(judge(path), [wanted])


def test_invalid_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_bytes("id: x\ntitle: Zürich ".encode() + b"\xff\n")
    check(judge(path), [want(2, 15, "(document)", "invalid UTF-8 (byte 0xff)")])


def test_utf16(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(minimal().decode().encode("utf-16"))
    check(judge(path), [want(None, None, "(document)", "UTF-16", "save it as UTF-8")])


def test_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal())
    assert read_scenario(path)[0] is not None


def test_control_character(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.yaml"
    path.write_bytes(minimal().replace(b"title: A", b"title: \x1bA"))
    check(judge(path), [want(2, 8, "(document)", "U+001B is not allowed", "remove it")])


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_000_000])
def test_deep_flow_nesting(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\nx: " + "[" * levels + "]" * levels + "\n")
    where = "x" + "[0]" * (MAX_DEPTH - 1)  # the mapping is level 1
    check(judge(path), [want(2, 3 + MAX_DEPTH, where, f"nesting deeper than {MAX_DEPTH} levels")])


def test_deep_block_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("".join(" " * k + f"k{k}:\n" for k in range(200)))
    where = ".".join(f"k{k}" for k in range(MAX_DEPTH))
    check(judge(path), [want(MAX_DEPTH + 1, MAX_DEPTH + 1, where, "nesting deeper than")])


def test_parse_yaml_raises_for_duplicate_keys() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n")
    [problem] = info.value.problems
    assert (problem.where, problem.line, problem.column) == ("a", 3, 1)
    assert "first on line 1" in problem.message


# --- anything at all -----------------------------------------------------------------------
def _never_crashes(data: bytes | str) -> None:
    scenario, problems = parse_scenario(data, "fuzz.yaml")
    assert scenario is not None or any(p.severity == "error" for p in problems)
    for p in problems:
        assert p.message.strip()
        assert p.line is None or p.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    _never_crashes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_minimal(data: st.DataObject) -> None:
    text = minimal().decode()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        junk = data.draw(st.text(alphabet=" -:[]{}'\"#&*!|>\t\n0123456789.abcuxy~@%", max_size=6))
        text = text[:at] + junk + text[at + cut :]
    _never_crashes(text)


def test_text_libyaml_rejects_but_yaml_allows_still_reads() -> None:
    # libyaml (the fast parser) refuses "}:" after a flow mapping that PyYAML, the reference,
    # reads as a mapping key; the reader must fall back rather than report nothing.
    text = (DATA / "minimal.yaml").read_text()
    at = text.index("red_line: 4, sources: [memo]}") + len("red_line: 4, sources: [memo]}")
    scenario, problems = parse_scenario(text[:at] + ":" + text[at:], "x.yaml")
    assert scenario is not None or any(p.severity == "error" for p in problems)
