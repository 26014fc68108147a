"""Terminal output a reader can read: every command on every built-in, scanned.

Every command of :data:`accord.cli.app.COMMANDS` is either run here on every built-in
scenario (and conflict) or listed in :data:`NOT_SCANNED` with the reason, so a new command
fails :func:`test_every_command_is_scanned` until it is added. The scan looks for what a
reader should never see: Python values (``False``, ``None``, ``[43, 48, 56]``,
``800000.0``), scientific notation (``5.446e+05`` troops), option ids where a setting's label
belongs, colour codes and colour legends in piped output, and lines wider than the page.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import oracle_number
from accord.cli.app import COMMANDS
from accord.data import conflict_names
from accord.io import builtin_names, load_builtin
from accord.model import Scenario
from accord.overview.basis import outside
from accord.overview.marks import MARK_KEY
from accord.overview.words import JUDGEMENT_MARK, number_text
from cli_runner import accord

#: Commands whose output is not analysis text, with why they are not scanned here.
NOT_SCANNED = {
    "schema": "prints the JSON Schema only",
    "example": "prints the shipped example YAML verbatim (tests/test_example_scenario.py)",
    "report": "prints only the path of the file it writes (tests/test_cli_report.py)",
    "serve": "starts a web server",
    "users": "manages accounts in a database",
    "import": "converts files of other tools",
    "ingest": "reads news articles (the nlp extra)",
    "apply": "writes accepted suggestions to a file (the nlp extra)",
}

DEU3 = Path(__file__).parent / "data" / "deu3" / "deu3-dev.tsv"

#: Widest line a piped table may print (``accord.cli.common.out`` is 120 wide when piped).
WIDTH = 120

PYTHON_VALUE = re.compile(
    r"\b(True|False|None)\b"  # Python's constants
    # a list, [43, 48, 56] or ['a']; not a colour code, nor a record's place in a file
    # (proposals[1].orders[0], how a validation message locates it)
    r"|(?<![\w\]\x1b])\[\s*[-+]?[\d'\"]"
    r"|\b\d{4,}\.0\b"  # a float's repr: 800000.0
    r"|\d(\.\d+)?e[+-]\d+"  # scientific notation: 5.446e+05
    r"|\b(batna\.\w+|red_line\.\w+|salience:)"  # a lever's target as the file names it
)
COLOUR_LEGEND = re.compile(r"\b(green|red|yellow|magenta|cyan|dim|bold)\s*:", re.IGNORECASE)


@cache
def scenario(name: str) -> Scenario:
    return load_builtin(name)


@cache
def option_ids() -> frozenset[str]:
    """Option ids of every built-in that no reader would write: with an underscore, and not
    also the id of an issue, actor or lever (which tables may show as row keys)."""
    found: set[str] = set()
    keys: set[str] = set()
    for name in builtin_names():
        s = scenario(name)
        keys |= {i.id for i in s.issues} | {a.id for a in s.actors} | {v.id for v in s.levers}
        found |= {o.id for i in s.issues for o in i.options or [] if "_" in o.id}
    return frozenset(found - keys)


def problems(text: str) -> list[str]:
    """Every unreadable thing in ``text``, with its line."""
    ids = "|".join(re.escape(i) for i in sorted(option_ids()))
    option = re.compile(rf"(?<![\w/.-])({ids})(?![\w-])")
    found = []
    for k, line in enumerate(text.splitlines(), 1):
        for m in [*PYTHON_VALUE.finditer(line), *option.finditer(line)]:
            found.append(f"line {k}: {m.group(0)!r} in {line.strip()!r}")
        if "\x1b[" in line:
            found.append(f"line {k}: an ANSI colour code in piped output")
        if COLOUR_LEGEND.search(line):
            found.append(f"line {k}: a colour legend in output without colour: {line!r}")
        if len(line.rstrip()) > WIDTH:
            found.append(f"line {k}: {len(line.rstrip())} columns, wider than {WIDTH}")
    return found


def first_based(s: Scenario) -> list[str]:
    """Two drafts to compare: the first draft based on another, else the first two."""
    for p in s.proposals:
        if p.based_on:
            return [p.based_on, p.id]
    return [p.id for p in s.proposals[:2]]


def runs(name: str) -> dict[str, list[list[str]]]:
    """The invocations of every scanned command on built-in ``name`` (few draws: the text,
    not the figures, is under test)."""
    s = scenario(name)
    phased = [p.id for p in s.proposals if p.phases]
    return {
        "scenarios": [["scenarios"]],
        "show": [["show", name]],
        "validate": [["validate", name]],
        "proposals": [["proposals", name]],
        "score": [["score", name]],
        "diff": [["diff", name, *first_based(s)]] if len(s.proposals) > 1 else [],
        "analyze": [["analyze", name]],
        "demo": [["demo", name, "--verbose", "--report", ""]],
        "forecast": [
            ["forecast", name, "--draws", "40", "--sensitivity"],
            ["forecast", name, "--model", "eum"],  # the round-by-round table
            ["forecast", name, "--model", "nash"],
        ],
        "timeline": [["timeline", name]],
        "whatif": [
            ["whatif", name, "--set", f"{v.id}={v.label(v.levels[-1])}"] for v in s.levers[:1]
        ],
        "simulate": [
            ["simulate", name, "--runs", "30"],
            ["simulate", name, "--runs", "20", "--process", "alternating"],
        ],
        "levers": [["levers", name], ["levers", name, "--list"]] if s.levers else [],
        "trades": [["trades", name]],
        "sequence": [["sequence", name, "--proposal", p, "--draws", "30"] for p in phased[:1]],
        "backtest": [["backtest", "deu3", str(DEU3)]],
        "conflict": [["conflict", c] for c in conflict_names()],
        "conflicts": [["conflicts"]],
    }


#: Commands that do not depend on the scenario: run once, with the first built-in.
ONCE = ("scenarios", "backtest", "conflict", "conflicts")


def cases() -> list[tuple[str, list[str]]]:
    out = []
    for k, name in enumerate(builtin_names()):
        for command, calls in runs(name).items():
            if command in ONCE and k > 0:
                continue
            out += [(command, args) for args in calls]
    return out


def test_every_command_is_scanned() -> None:
    named = {c.name for c in COMMANDS}
    scanned = set(runs(builtin_names()[0]))
    assert named - scanned - set(NOT_SCANNED) == set(), "a command the scan does not run"
    assert scanned | set(NOT_SCANNED) <= named, "the scan names a command accord lacks"


def test_the_scan_finds_what_it_looks_for() -> None:
    """Each rule fires on what it is for, and not on readable text."""
    bad = (
        "amnesty → False\nrounds [43, 48, 56]\narmy_cap → 800000.0\nvalue 5.446e+05 troops\n"
        "donbas → freeze_line\n\x1b[32mgreen\x1b[0m\ngreen: above the BATNA\n" + "x" * 121 + "\n"
        "russia batna.cost 0.003 → 0.006"
    )
    found = problems(bad)
    assert len(found) == 9
    assert {int(f.split(":")[0].removeprefix("line ")) for f in found} == set(range(1, 10))
    good = (
        "Cap on Ukraine's armed forces → 544,600 troops (46.86 of 100); months 3, 5 and 8\n"
        "Russia's BATNA's cost per month of no deal 0.003 → 0.006; proposals[1].phases[0]"
    )
    assert problems(good) == []


@pytest.mark.parametrize(
    ("command", "args"), cases(), ids=lambda v: v if isinstance(v, str) else "-".join(v)
)
def test_output_is_readable(command: str, args: list[str]) -> None:
    proc = accord(*args, check=None)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip(), f"accord {' '.join(args)} printed nothing"
    found = problems(proc.stdout)
    assert found == [], f"accord {' '.join(args)}:\n" + "\n".join(found[:20])


# --- judgement marked -------------------------------------------------------------------------
def judged_values(s: Scenario) -> int:
    """How many values ``accord show`` prints that rest on judgement, counted by the rule of
    docs/report.md ("Key judgements") read literally: every capability; a BATNA's assessed
    or perceived utility, a salience, a soft red line's cost and its credibility, each
    unless it cites an outside source and has no judgement note."""

    def judged(sources: list[str], note: str | None) -> bool:
        return not (outside(s, sources) and note is None)

    n = len(s.actors)
    for a in s.actors:
        b = a.batna
        if b is not None and b.utility is not None:
            n += judged(b.sources, b.judgement)
        if b is not None and b.perceived is not None:
            n += judged(b.perceived.sources, b.perceived.judgement)
    for st_ in s.stances:
        n += judged(st_.sources, st_.judgement)
        soft = st_.soft
        if soft is not None:
            n += 2 * judged(soft.sources, soft.judgement)
    return n


@pytest.mark.parametrize("name", builtin_names())
def test_show_marks_every_judgement_value(name: str) -> None:
    text = accord("show", name).stdout
    assert MARK_KEY.split(";")[0] in " ".join(text.split())
    # one mark per judged value, and one in the key under the tables
    assert text.count(JUDGEMENT_MARK) == judged_values(scenario(name)) + 1


def test_score_and_trades_mark_judged_batnas_with_their_spread() -> None:
    s = scenario("ukraine-2025")
    spread = s.actor("russia").batna.uncertainty  # type: ignore[union-attr]
    for args in (("score", "ukraine-2025"), ("trades", "ukraine-2025")):
        text = " ".join(accord(*args).stdout.split())
        assert f"{JUDGEMENT_MARK} ({spread.low:.2f}–{spread.high:.2f})" in text, args
        assert MARK_KEY.split(";")[0] in text


# --- colour -----------------------------------------------------------------------------------
def test_colour_legend_only_with_colour() -> None:
    piped = accord("score", "ukraine-2025").stdout
    assert "\x1b[" not in piped and "green:" not in piped
    assert "↓: below the actor's BATNA" in piped  # the verdict colour gave, in text
    forced = subprocess.run(
        [sys.executable, "-m", "accord", "score", "ukraine-2025"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    ).stdout
    assert "\x1b[" in forced and "green: above the actor's BATNA" in forced


# --- the demo ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", builtin_names())
def test_demo_is_one_screen(name: str) -> None:
    text = accord("demo", name, "--report", "").stdout
    lines = text.splitlines()
    assert len(lines) < 60, text
    assert lines[1] == "Bottom line" and "Key judgements" in lines
    assert re.search(r"^  1\. ", text, re.MULTILINE)
    assert "accord demo " in lines[-1] and "--verbose" in lines[-1]
    assert problems(text) == []


def test_demo_prints_the_library_judgements_and_verbose_has_the_tables() -> None:
    # a built-in nobody is correcting as the tests run: both runs read the same file
    short = accord("demo", "dayton-1995", "--report", "").stdout
    flat = " ".join(short.split())
    doc = json.loads(accord("demo", "dayton-1995", "--json", "--report", "").stdout)
    assert doc["key_judgements"], "the demo's judgements are the library's"
    for k, j in enumerate(doc["key_judgements"], 1):
        assert f"{k}. {' '.join(j['statement'].split())}" in flat
        word = j["word"]
        if word is not None:  # the word printed holds the judgement's probability
            assert word["low"] <= j["probability"] <= word["high"]
            assert word["text"] in flat
    assert " ".join(doc["bottom_line"].split()) in flat
    assert f"seed {doc['seed']}" in flat and f"{doc['draws']:,} Monte Carlo draws" in flat
    verbose = accord("demo", "dayton-1995", "--verbose", "--report", "").stdout
    assert len(verbose.splitlines()) > 3 * len(short.splitlines())
    assert "Scorecard" in verbose and "Scorecard" not in short
    assert flat[flat.index("Bottom line") : flat.index("Chances are")] in " ".join(verbose.split())


# --- wording of numbers -----------------------------------------------------------------------
@given(
    st.one_of(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
        st.integers(-(10**12), 10**12).map(float),
    ),
    st.integers(1, 6),
)
def test_number_text_matches_the_decimal_oracle(x: float, digits: int) -> None:
    text = number_text(x, digits)
    assert text == oracle_number.number_text(x, digits)
    assert "e" not in text and not text.endswith(".")
    value = float(text.replace(",", ""))
    # what it shows is the number to its significant figures (six decimals at most)
    assert abs(value - x) <= max(abs(x) * 10.0 ** (1 - digits) / 2 * 1.0001, 5e-7 * 1.0001)
