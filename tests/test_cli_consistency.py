"""The command line's rules (docs/cli.md), each checked on every command it applies to.

1. one rule for the scenario argument: an optional first positional SCENARIO, default
   ukraine-2025 (diff, ingest and apply: before their other positional arguments);
2. ``accord --version``;
3. ``levers --list`` and ``conflicts``, both with ``--json``;
4. ``--json`` on every command that prints results, one JSON document;
5. every usage error one line on stderr, exit code 2, with a close match where one exists;
6. tables never cut a number, at 80 and 120 columns.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

import accord
import oracle_fit
from accord.cli.app import COMMANDS, main
from accord.cli.fit import column_widths, fit_table
from accord.data import DEFAULT_SCENARIO, conflict_names
from accord.io import load_builtin
from accord.io.conflicts import load_builtin_conflict
from cli_runner import accord as run

# --- helpers -------------------------------------------------------------------------------


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str) -> tuple[int, str, str]:
    """``accord ARGS`` in this process, as the entry point runs it: (exit code, out, err)."""
    monkeypatch.setattr(sys, "argv", ["accord", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def wide(*args: str, columns: int) -> str:
    """``accord ARGS`` printed for a terminal ``columns`` wide (stdout)."""
    proc = subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


#: A number as a reader sees it: 0.45, -0.017, +0.125, 1,000,000, 12.5%.
NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?%?")


def numbers(text: str) -> Counter[str]:
    """The numbers of a command's output, the notes on dropped columns left out."""
    lines = [ln for ln in text.splitlines() if not ln.startswith("Not shown at ")]
    return Counter(NUMBER.findall("\n".join(lines)))


def dropped(text: str) -> set[str]:
    """The columns the output says it left out."""
    found: set[str] = set()
    for line in text.splitlines():
        m = re.match(r"Not shown at \d+ columns: (.*) \(--json", line)
        if m:
            found |= {c.strip() for c in m[1].split(",")}
    return found


# --- 1. the scenario argument --------------------------------------------------------------

#: Commands that take no scenario, with why.
NO_SCENARIO = {
    "scenarios": "lists the built-ins",
    "validate": "checks a FILE (a built-in name works too); there is no sensible default",
    "schema": "the format, not a scenario",
    "conflict": "takes a conflict model, not a scenario",
    "conflicts": "lists the built-in conflicts",
    "serve": "serves them all",
    "users": "accounts",
    "import": "writes a scenario from another tool's file",
    "backtest": "runs on recorded outcomes",
    "example": "writes the example scenario",
}
#: Commands whose scenario comes before other positional arguments (read as one variadic
#: argument and split by accord.cli.options.leading_scenario).
LEADING = {"diff", "ingest", "apply"}


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda e: e.name)
def test_every_scenario_is_an_optional_first_argument(entry: Any) -> None:
    if entry.name in NO_SCENARIO:
        return
    cmd = entry.load()
    options = [o for p in cmd.params for o in getattr(p, "opts", [])]
    params = {p.name: p for p in cmd.params}
    if entry.name in LEADING:
        first = cmd.params[0]
        assert first.param_type_name == "argument" and "[SCENARIO]" in first.metavar
        # the old option is still accepted (hidden) only where it existed
        assert ("--scenario" in options) == (entry.name in {"ingest", "apply"})
        return
    scenario = params["scenario"]
    assert scenario.param_type_name == "argument", entry.name
    assert not scenario.required and scenario.default == DEFAULT_SCENARIO, entry.name
    assert "--scenario" not in options


def test_diff_takes_the_scenario_or_leaves_it_out() -> None:
    given_ = run("diff", DEFAULT_SCENARIO, "us-28", "e3-counter", "--json").stdout
    left_out = run("diff", "us-28", "e3-counter", "--json").stdout
    assert json.loads(given_) == json.loads(left_out)
    assert json.loads(left_out)["before"] == "us-28"
    other = run("diff", "uaw-detroit-2023", "uaw-demands", "ford-ta", "--json").stdout
    assert json.loads(other)["after"] == "ford-ta"


def test_forecast_and_levers_default_to_ukraine(monkeypatch: Any, capsys: Any) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "levers", "--list", "--json")
    assert code == 0 and json.loads(out)["scenario"] == DEFAULT_SCENARIO


# --- 2. --version ---------------------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    proc = run("--version")
    assert proc.stdout == f"accord {accord.__version__}\n"
    assert re.fullmatch(r"accord \d+\.\d+\.\d+\S*\n", proc.stdout)


# --- 3. levers --list and conflicts ----------------------------------------------------------


def test_levers_list_json_is_the_scenarios_levers(monkeypatch: Any, capsys: Any) -> None:
    s = load_builtin(DEFAULT_SCENARIO)
    code, out, _ = run_main(monkeypatch, capsys, "levers", DEFAULT_SCENARIO, "--list", "--json")
    data = json.loads(out)
    assert code == 0 and [r["id"] for r in data["levers"]] == [lv.id for lv in s.levers]
    for row, lever in zip(data["levers"], s.levers, strict=True):
        assert row["levels"] == lever.levels and row["default"] == lever.default
        assert [e["per_level"] for e in row["effects"]] == [e.per_level for e in lever.effects]
        cited = {x for e in lever.effects for x in e.sources} | set(lever.sources)
        assert set(row["sources"]) == cited
        assert all(src in {x.id for x in s.sources} for src in row["sources"])


def test_levers_list_table_names_each_lever_and_its_steps() -> None:
    s = load_builtin(DEFAULT_SCENARIO)
    text = run("levers", "--list").stdout
    shown = numbers(text)
    for lever in s.levers:
        assert f"({lever.id})" in text
        for e in lever.effects:  # each step of what it moves, whole
            assert shown[f"{'+' if e.per_level >= 0 else '-'}{abs(e.per_level):g}"] > 0
    assert "per level" in text


def test_levers_list_says_when_there_are_none(monkeypatch: Any, capsys: Any) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "levers", "uaw-detroit-2023", "--list")
    assert code == 0 and "declares no levers" in out


def test_conflicts_lists_every_builtin(monkeypatch: Any, capsys: Any) -> None:
    from accord.conflict.states import feasible_masks

    code, out, _ = run_main(monkeypatch, capsys, "conflicts", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows] == conflict_names()
    for row in rows:
        c = load_builtin_conflict(row["name"])
        assert [d["id"] for d in row["decision_makers"]] == [d.id for d in c.decision_makers]
        assert sum(len(d["options"]) for d in row["decision_makers"]) == row["options"]
        assert row["states"] == len(feasible_masks(c)) <= 2 ** row["options"]
        assert row["sources"] == [s.id for s in c.sources]
    chicken = next(r for r in rows if r["name"] == "chicken")
    assert chicken["states"] == 4 and chicken["options"] == 2  # two drivers, dare or not
    code, out, _ = run_main(monkeypatch, capsys, "conflicts")
    for name in conflict_names():
        assert name in out


# --- 4. --json everywhere ---------------------------------------------------------------------

#: Commands without --json, with why.
NO_JSON = {
    "serve": "runs a web server",
    "users": "a group: `users list --json` lists; the others change an account",
    "example": "prints the example scenario itself, a YAML file",
}


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda e: e.name)
def test_every_command_takes_json(entry: Any) -> None:
    if entry.name in NO_JSON:
        return
    cmd = entry.load()
    if hasattr(cmd, "commands"):  # a group: each of its commands
        for sub in cmd.commands.values():
            assert "--json" in [o for p in sub.params for o in getattr(p, "opts", [])], sub.name
        return
    assert "--json" in [o for p in cmd.params for o in getattr(p, "opts", [])], entry.name


def test_schema_json_is_one_document(monkeypatch: Any, capsys: Any) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "schema", "--json")
    schema = json.loads(out)  # one document: json.loads refuses trailing data
    assert code == 0 and schema["title"] == "Scenario"
    code, plain, _ = run_main(monkeypatch, capsys, "schema")
    assert json.loads(plain) == schema


# --- 5. usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["score", "--bogus"], "No such option: --bogus"),
        (["score", "--jsn"], "Possible options: --json"),
        (["diff", "us-28"], "give BEFORE AFTER"),
        (["conflict"], "Missing argument 'CONFLICT'"),
        (["score", "--batna", "perceve"], "did you mean 'perceived'?"),
        (["forecast", "--draws", "abc"], "'--draws'"),
        (["timeline", "--months", "x"], "'--months'"),
        (["analyze", "--resolution", "1"], "'--resolution'"),
        (["scor"], "(did you mean 'score'?)"),
        (["score", "a", "b"], "unexpected extra argument"),
        (["backtest", "deu"], "Did you mean 'deu3'?"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_usage_errors_are_one_line_and_exit_2(
    monkeypatch: Any, capsys: Any, args: list[str], needle: str
) -> None:
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: accord"), err
    assert needle in lines[0]
    assert "--help" in lines[0]  # where to read the usage


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["show", "ukrain"], "did you mean 'ukraine-2025'?"),
        (["score", "iran2015"], "did you mean 'iran-2015'?"),
        (["conflict", "chiken"], "did you mean 'chicken'?"),
        (["forecast", "--model", "eun"], "did you mean 'eum'?"),
        (["whatif", "--set", "sanction=1"], "did you mean 'sanctions'?"),
        (["analyze", "-p", "rusia"], "did you mean 'russia'?"),
        (["diff", "us-28", "e3-countr"], "did you mean 'e3-counter'?"),
        (["levers", "--target", "proposal:us-2"], "did you mean 'us-28'?"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_did_you_mean(monkeypatch: Any, capsys: Any, args: list[str], match: str) -> None:
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and match in err


def test_nothing_close_suggests_nothing(monkeypatch: Any, capsys: Any) -> None:
    code, _, err = run_main(monkeypatch, capsys, "show", "zzzzzz")
    assert code == 2 and "did you mean" not in err and "built-ins: ukraine-2025" in err


def test_debug_shows_the_traceback_of_a_usage_error(monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "argv", ["accord", "--debug", "score", "--bogus"])
    with pytest.raises(Exception, match="No such option"):
        main()


def test_file_errors_keep_their_location(tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: T\nactors: []\nissues: []\nstances: []\nfoo: 1\n")
    code, _, err = run_main(monkeypatch, capsys, "score", str(bad))
    assert code == 2
    assert f"{bad}:6:1: foo: unknown key 'foo'; allowed keys here: format, id" in err


# --- 6. tables never cut a number -----------------------------------------------------------

TABLES = {
    "score": ["score"],
    "diff": ["diff", "us-28", "e3-counter"],
    "analyze": ["analyze"],
    "forecast": ["forecast"],
    "levers": ["levers"],
    "trades": ["trades"],
    "timeline": ["timeline"],
}


@cache
def output(name: str, columns: int) -> str:
    return wide(*TABLES[name], columns=columns)


@cache
def document(name: str) -> Any:
    return json.loads(wide(*TABLES[name], "--json", columns=400))


def gain_texts(value: Any) -> list[str]:
    """How the diff table writes a gain (accord.overview.words.fmt_gain): both ends of an
    open range, one number when it is closed."""
    if isinstance(value, dict):
        lo, hi = value["low"], value["high"]
        return [f"{lo:+.3f}"] if abs(hi - lo) < 5e-4 else [f"{lo:+.3f}", f"{hi:+.3f}"]
    return [f"{value:+.3f}"]


def json_numbers(name: str) -> list[tuple[str, str]]:
    """(column the number is shown in, the number as the table writes it) for the JSON
    numbers each command's tables show one to one."""
    s = load_builtin(DEFAULT_SCENARIO)
    doc = document(name)
    found: list[tuple[str, str]] = []
    if name == "score":
        for r in doc["scores"]:
            found.append((r["actor"], f"{r['low']:.2f}"))
            if abs(r["high"] - r["low"]) >= 5e-3:
                found.append((r["actor"], f"{r['high']:.2f}"))
    elif name == "diff":
        for change in [*doc["changes"], {"gain": doc["total_gain"]}]:
            for actor, gain in change["gain"].items():
                found += [(actor, t) for t in gain_texts(gain)]
    elif name == "timeline":
        for month in doc["months"]:
            found += [(f"{s.actor(a).name} BATNA", f"{b:.3f}") for a, b in month["batna"].items()]
    elif name == "levers":
        for sol in doc["solutions"]:
            if sol.get("deal"):
                found += [(s.actor(a).name, f"{u:.3f}") for a, u in sol["deal"]["utility"].items()]
    return found


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", list(TABLES))
def test_tables_never_cut_a_number(name: str, columns: int) -> None:
    text = output(name, columns)
    assert "…" not in text  # Rich's mark of a cut cell, and no range separator any more
    assert max(len(line) for line in text.splitlines()) <= columns
    # every number printed is one the command prints on a page wide enough for all of it:
    # a number cut in two would leave pieces that are not
    assert not numbers(text) - numbers(output(name, 400))
    left_out = dropped(text)
    shown = numbers(text)
    for column, number in json_numbers(name):
        if column in left_out:
            continue
        assert shown[number] > 0, f"{name} at {columns}: {number} ({column}) missing"


def test_a_dropped_column_is_named_once_under_its_table() -> None:
    text = output("score", 80)
    assert dropped(text) == {"nato"}  # five actors and the drafts do not fit 80 columns
    assert "nato" not in output("score", 80).split("Not shown")[0].split("Red lines")[0]
    assert "nato" in output("score", 120) and not dropped(output("score", 120))


# --- the fitting itself, on random tables ---------------------------------------------------

RANGES = st.lists(
    st.tuples(st.integers(1, 20), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=8,
)


@given(RANGES, st.data())
def test_column_widths_match_the_oracle(ranges: list[tuple[int, int]], data: Any) -> None:
    room = data.draw(st.integers(sum(lo for lo, _ in ranges), sum(n for _, n in ranges) + 10))
    widths = column_widths(ranges, room)
    assert widths == oracle_fit.column_widths(ranges, room)
    assert sum(widths) <= room
    assert all(lo <= w <= n for w, (lo, n) in zip(widths, ranges, strict=True))


NUMBER_CELL = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:,.3f}")
TEXT_CELL = st.lists(st.text("abcdefghij", min_size=1, max_size=14), min_size=1, max_size=6).map(
    " ".join
)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 7), st.integers(1, 5), st.integers(40, 140), st.data())
def test_fitted_tables_keep_every_number_whole(
    n_columns: int, n_rows: int, width: int, data: Any
) -> None:
    kinds = data.draw(st.lists(st.booleans(), min_size=n_columns, max_size=n_columns))
    table = Table()
    for k in range(n_columns):
        table.add_column(f"c{k}")
    rows = [
        [data.draw(NUMBER_CELL if is_number else TEXT_CELL) for is_number in kinds]
        for _ in range(n_rows)
    ]
    for row in rows:
        table.add_row(*row)
    console = Console(width=width, file=io.StringIO(), color_system=None)
    gone = fit_table(table, width, console)
    console.print(table)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    kept = n_columns - len(gone)
    assert gone == [f"c{k}" for k in range(kept, n_columns)]  # dropped from the right
    tokens = Counter(re.findall(r"-?[\d,]+\.\d{3}", text))
    for row in rows:
        for cell, is_number in zip(row[:kept], kinds, strict=False):
            if is_number:
                assert tokens[cell] > 0, (cell, width)


def test_ingest_and_apply_take_the_scenario_first(tmp_path: Any) -> None:
    pytest.importorskip("spacy")
    from pathlib import Path

    news = Path(__file__).parent / "data" / "news"
    scenario, article = str(news / "trade.yaml"), str(news / "trade-nickel.txt")
    first = run("ingest", scenario, article, "--json")
    old = run("ingest", article, "--scenario", scenario, "--json")
    assert first.stderr == "" and json.loads(first.stdout) == json.loads(old.stdout)
    assert json.loads(first.stdout)["scenario"] == "eu-indonesia-trade"
    assert old.stderr.startswith("note: --scenario is deprecated; give the scenario first")
    assert len(old.stderr.splitlines()) == 1
    unlinked = json.loads(run("ingest", article, "--json").stdout)  # no scenario: none linked
    assert "scenario" not in unlinked and not unlinked.get("suggestions")
    ev = tmp_path / "ev.yaml"
    run("ingest", scenario, article, "-o", str(ev))
    new, older = tmp_path / "new.yaml", tmp_path / "old.yaml"
    run("apply", scenario, str(ev), "--accept", "s1", "-o", str(new))
    run("apply", str(ev), "--scenario", scenario, "--accept", "s1", "-o", str(older))
    assert new.read_text() == older.read_text()
    both = run("apply", scenario, str(ev), "--scenario", scenario, "-o", "x.yaml", check=2)
    assert "give the scenario once" in both.stderr
