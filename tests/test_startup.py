"""The command line starts light: ``accord --help`` and ``accord scenarios`` import none of
the heavy packages, each command is imported only when used, and a command whose optional
package is missing says which extra to install instead of printing a traceback.

Import checks, not timings (``benchmarks/bench_startup.py`` times the start).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.core import TyperCommand

from accord.cli.app import COMMANDS, main
from cli_runner import accord

#: Packages (and accord modules) a light start must not import.
HEAVY = (
    "numpy",
    "pydantic",
    "highspy",
    "plotly",
    "matplotlib",
    "fastapi",
    "sqlalchemy",
    "spacy",
    "accord.model",
    "accord.analysis",
)

#: Runs ``accord`` in a fresh interpreter, then reports on stderr which HEAVY modules it
#: imported and its exit code.
PROBE = """
import json, runpy, sys
args, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["accord", *args]
code = 0
try:
    runpy.run_module("accord", run_name="__main__")
except SystemExit as exc:
    code = exc.code
heavy = [m for m in watched if m in sys.modules]
sys.stderr.write("PROBE " + json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


def probe(*args: str) -> tuple[dict, str]:
    """(exit code and heavy modules imported, stdout) of ``accord ARGS`` in a subprocess."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("PROBE ")][-1]
    return json.loads(line.removeprefix("PROBE ")), proc.stdout


@pytest.mark.parametrize(
    "args", [("--help",), ("scenarios",), ("scenarios", "--json"), ()], ids=" ".join
)
def test_help_and_scenarios_import_nothing_heavy(args):
    result, stdout = probe(*args)
    assert result["heavy"] == []
    assert result["code"] == (2 if not args else 0)  # no arguments: help, exit code 2 (click)
    assert stdout or not args


def test_import_accord_leaves_the_model_for_later():
    code = (
        "import sys, accord; loaded = 'accord.model' in sys.modules; "
        "s = accord.Scenario; print(loaded, s.__module__, accord.load_scenario.__module__)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "accord.model.scenario", "accord.io.scenarios"]


def test_scenarios_lists_what_the_model_reads():
    """The light listing gives the numbers the full model gives for every built-in."""
    from accord.io import builtin_names, load_builtin

    rows = json.loads(accord("scenarios", "--json").stdout)
    assert [r["name"] for r in rows] == builtin_names()
    for row in rows:
        s = load_builtin(row["name"])
        assert row == {
            "name": row["name"],
            "title": s.title,
            "as_of": None if s.as_of is None else s.as_of.isoformat(),
            "actors": len(s.actors),
            "issues": len(s.issues),
            "proposals": len(s.proposals),
        }


def test_declared_help_is_each_commands_own():
    """The root listing comes from the declarations; each matches the command's docstring."""
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)
    for entry in COMMANDS:
        cmd = entry.load()
        assert cmd.name == entry.name
        declared = TyperCommand(name=entry.name, help=entry.help).get_short_help_str(10_000)
        assert cmd.get_short_help_str(10_000) == declared, entry.name


def test_unknown_command_is_a_usage_error():
    proc = accord("no-such-command", check=2)
    assert "No such command 'no-such-command'" in proc.stderr


@pytest.mark.parametrize(
    ("args", "missing", "line"),
    [
        (("report", "ukraine-2025", "-o", "x.html"), "plotly", "accord report needs the 'report'"),
        (("demo", "uaw-detroit-2023"), "matplotlib", "accord demo's briefing needs the 'report'"),
        (("serve",), "fastapi", "accord serve needs the 'web' extra: pip install 'accord[web]'"),
        (("ingest", "a.txt"), "spacy", "accord ingest needs the 'nlp' extra"),
        (("apply", "e.yaml", "--scenario", "ukraine-2025", "-o", "n.yaml"), "spacy", "'nlp'"),
        (
            ("forecast", "ukraine-2025", "--draws", "10", "--backend", "dask"),
            "distributed",
            "accord forecast --backend dask needs the 'dask' extra: pip install 'accord[dask]'",
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) else "",
)
def test_a_missing_extra_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, args, missing, line):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, missing, None)  # as if the package were not installed
    monkeypatch.setattr(sys, "argv", ["accord", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert line in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing run
