"""The tutorial notebook as stored: no outputs, no execution counts, the default kernel, seeds.

`make test` runs the notebook itself (nbmake, `--nbmake` in pytest's addopts, the notebook
in `testpaths`); these tests check the file a reader opens and a reviewer diffs. Outputs are
never committed: they would bloat the repository, make every re-run a diff, and could go
stale against the code that the run in `make test` checks.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"

# Calls whose results depend on random draws (Monte Carlo, simulated runs, a ZOPA's size
# estimated from uniform draws); each must be given a seed in the notebook.
RANDOM_CALLS = re.compile(r"\b(forecast|simulate|report|timeline)\(")


def stored() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return data


def code_cells() -> list[dict[str, Any]]:
    return [c for c in stored()["cells"] if c["cell_type"] == "code"]


def source(cell: dict[str, Any]) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def strip_outputs(nb: dict[str, Any]) -> dict[str, Any]:
    """The rule the stored notebook follows: code cells without outputs or counts."""
    cells = []
    for cell in nb["cells"]:
        cell = dict(cell)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell["metadata"] = {
                k: v for k, v in cell.get("metadata", {}).items() if k != "execution"
            }
        cells.append(cell)
    return {**nb, "cells": cells}


def test_notebook_is_valid_nbformat_4() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4


def test_notebook_is_stored_without_outputs_or_execution_counts() -> None:
    cells = code_cells()
    assert len(cells) >= 20  # the tutorial, not a stub
    with_outputs = [i for i, c in enumerate(cells) if c["outputs"]]
    counted = [i for i, c in enumerate(cells) if c["execution_count"] is not None]
    timed = [i for i, c in enumerate(cells) if "execution" in c.get("metadata", {})]
    assert with_outputs == [], f"code cells {with_outputs} keep outputs: clear them"
    assert counted == [], f"code cells {counted} keep execution counts: clear them"
    assert timed == [], f"code cells {timed} keep execution timings: clear them"
    assert strip_outputs(stored()) == stored()


def test_strip_rule_removes_what_a_run_leaves() -> None:
    # The rule above must catch what Jupyter writes after a run, or the check proves nothing.
    nb = stored()
    run = json.loads(json.dumps(nb))
    first = next(c for c in run["cells"] if c["cell_type"] == "code")
    first["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["0.5\n"]}]
    first["execution_count"] = 1
    first["metadata"]["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    assert run != nb
    assert strip_outputs(run) == nb


def test_notebook_uses_the_default_python3_kernel() -> None:
    spec = stored()["metadata"]["kernelspec"]
    assert spec["name"] == "python3"
    assert spec["language"] == "python"


def test_every_random_call_takes_a_seed() -> None:
    unseeded = []
    for cell in code_cells():
        text = source(cell)
        for match in RANDOM_CALLS.finditer(text):
            # the call's argument list runs to the matching close bracket
            depth, end = 0, match.end() - 1
            for end in range(match.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            if "seed=" not in text[match.start() : end]:
                unseeded.append(text[match.start() : end + 1])
    assert unseeded == []


def test_the_fictional_case_says_it_is_fictional() -> None:
    text = "\n".join(source(c) for c in stored()["cells"])
    assert "fictional" in text.lower()
    assert "ukraine-2025" in text


def test_make_test_runs_the_notebook() -> None:
    # `make test` is plain `pytest`: the notebook runs only while pytest's settings name it.
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = settings["tool"]["pytest"]["ini_options"]
    assert "docs/tutorial.ipynb" in pytest_options["testpaths"]
    assert "--nbmake" in pytest_options["addopts"].split()
    assert any(d.startswith("nbmake") for d in settings["project"]["optional-dependencies"]["test"])
