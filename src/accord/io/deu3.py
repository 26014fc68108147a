"""Reading DEU III files: EU legislative decisions with actors' positions and saliences.

The file layout (tab-separated, as in ``tests/data/deu3/README.md``): row 1 holds column
names; row 2 holds one weight per actor (GDP-like, added by the replication project); then
one row per issue, with ``isnr`` the issue id, ``prnr`` the dossier, ``out`` the outcome on
the 0..100 scale, and for each actor ``p<actor>`` its position (0..100) and ``s<actor>`` its
salience (0..100); blank means the actor took no position.

Errors in the file (a missing column, a number that is not one or is out of range) raise
:class:`~accord.model.problems.ScenarioError` naming the file, line, column and what would
be valid.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from accord.forecast.backtest import INSTITUTIONS, NICE_VOTES, Deu3Data
from accord.model.problems import Problem, ScenarioError

#: Columns every file must have.
_REQUIRED = ("isnr", "out")


def _number(text: str, path: str, line: int, col: int, name: str, *, bounded: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (bounded and not 0.0 <= value <= 100.0):
        what = "a number from 0 to 100" if bounded else "a number"
        raise ScenarioError(
            path, [Problem((name,), f"'{text}' is not {what}; give {what} or leave it blank",
                           line=line, column=col)]
        )  # fmt: skip
    return value


def read_deu3(path: str | Path) -> Deu3Data:
    """Read a DEU III tab-separated file; raise ``ScenarioError`` on a malformed one."""
    name = str(path)
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
    except OSError as exc:
        raise ScenarioError(
            name, [Problem((), f"cannot read the file: {exc.strerror or exc}")]
        ) from None
    except UnicodeDecodeError:
        raise ScenarioError(name, [Problem((), "not a UTF-8 text file")]) from None
    if len(rows) < 2:
        raise ScenarioError(
            name, [Problem((), "needs a header row, a row of actor weights and issue rows")]
        )
    header = [h.strip() for h in rows[0]]
    where = {h: k for k, h in enumerate(header)}
    missing = [c for c in _REQUIRED if c not in where]
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in where]
    for code in (*INSTITUTIONS, *NICE_VOTES):  # one of a known actor's pair of columns
        pair = ("p" + code, "s" + code)
        if (pair[0] in where) != (pair[1] in where):
            missing.append(pair[1] if pair[0] in where else pair[0])
    if not actors:
        missing.append("p<actor> and s<actor> (e.g. pcom, scom)")
    if missing:
        raise ScenarioError(
            name,
            [
                Problem((c,), f"missing column '{c}'; the header row needs it", line=1, column=1)
                for c in missing
            ],
        )

    def cell(row: list[str], col: str) -> str:
        k = where[col]
        return row[k].strip() if k < len(row) else ""

    def value(row: list[str], col: str, line: int, *, bounded: bool) -> float:
        text = cell(row, col)
        if text == "":
            return math.nan
        return _number(text, name, line, where[col] + 1, col, bounded=bounded)

    weights = rows[1]
    row2 = np.array([value(weights, "p" + a, 2, bounded=False) for a in actors])
    issues, dossiers, lines, pos, sal, out, ref = [], [], [], [], [], [], []
    for n, row in enumerate(rows[2:], start=3):
        if not any(c.strip() for c in row):
            continue
        issue = cell(row, "isnr")
        if not issue:
            raise ScenarioError(
                name,
                [Problem(("isnr",), "blank issue id; give the issue id", line=n, column=1)],
            )
        issues.append(issue)
        dossiers.append(cell(row, "prnr") if "prnr" in where else "")
        lines.append(n)
        pos.append([value(row, "p" + a, n, bounded=True) for a in actors])
        sal.append([value(row, "s" + a, n, bounded=True) for a in actors])
        out.append(value(row, "out", n, bounded=False))
        ref.append(value(row, "rp", n, bounded=True) if "rp" in where else math.nan)
    return Deu3Data(
        path=name,
        actors=tuple(actors),
        issues=tuple(issues),
        dossiers=tuple(dossiers),
        lines=tuple(lines),
        position=np.array(pos, dtype=float).reshape(len(issues), len(actors)).T,
        salience=np.array(sal, dtype=float).reshape(len(issues), len(actors)).T,
        outcome=np.array(out, dtype=float),
        reference=np.array(ref, dtype=float),
        row2=row2,
    )
