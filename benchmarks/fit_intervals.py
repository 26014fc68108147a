"""Fit the interval quantiles scenario forecasts use, and write them as package data.

Runs the DEU III backtest of every model on the development file, takes each model's
split-conformal quantiles (50/80/90 %) of its absolute errors divided by the issue's spread
of positions, over all 160 issues, and writes them to ``src/accord/data/intervals/deu3.json``
(see ``accord.forecast.calibration``). A user's install has no ``tests/`` folder, so the
table ships; ``tests/test_calibration.py`` checks that it equals what this fit gives.

    .venv/bin/python benchmarks/fit_intervals.py [--models m1,m2,...] [--check]

Rerun it whenever a model's forecasts change or a model is added (default: every model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from accord.forecast.backtest import backtest
from accord.forecast.calibration import TABLE, fit_table
from accord.forecast.models import MODEL_NAMES
from accord.io import read_deu3

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("tests") / "data" / "deu3" / "deu3-dev.tsv"
TARGET = ROOT / "src" / "accord" / "data" / Path(*TABLE)


def fitted(models: Sequence[str] = MODEL_NAMES) -> dict:
    """The table the development file gives for ``models`` (capability: Council votes)."""
    path = ROOT / SOURCE
    bt = backtest(read_deu3(str(path)), models, capability="votes", intervals=False)
    assert bt.spread is not None
    return fit_table(
        bt.predictions,
        bt.outcome,
        bt.spread,
        source=SOURCE.as_posix(),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        capability="votes",
    )


def text(table: dict) -> str:
    return json.dumps(table, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=",".join(MODEL_NAMES), help="comma-separated")
    parser.add_argument("--check", action="store_true", help="only check the shipped table")
    args = parser.parse_args()
    new = text(fitted(args.models.split(",")))
    if args.check:
        same = TARGET.read_text(encoding="utf-8") == new
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(new, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
