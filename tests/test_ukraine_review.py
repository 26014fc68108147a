"""The review of the built-in Ukraine scenario lists every judgement number of the file, with
the file's value and spread, and nothing the file does not hold.

docs/scenarios/ukraine-2025-review.md keeps one row per judgement number in its section
"Every judgement number, by actor": the key (as tests/judgement_numbers.py names it), the
value and the spread. If a value in the scenario changes, or a judgement number is added or
removed, this test names the rows to update (and benchmarks/review_swings.py re-measures
them).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from accord.data import scenario_text
from judgement_numbers import Number, judgement_numbers

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scenarios" / "ukraine-2025-review.md"
SECTION = "## Every judgement number, by actor"
NO_SPREAD = "none"
ROW = re.compile(r"^\|\s*`(?P<key>[^`]+)`\s*\|(?P<value>[^|]*)\|(?P<spread>[^|]*)\|")


def doc_rows(text: str) -> dict[str, tuple[str, str]]:
    """The rows of the review's table section: key -> (value cell, spread cell)."""
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    rows: dict[str, tuple[str, str]] = {}
    for line in text[start : end if end >= 0 else None].splitlines():
        m = ROW.match(line)
        if m is None:
            continue
        key = m["key"]
        assert key not in rows, f"{DOC.name}: {key} is listed twice"
        rows[key] = (m["value"].strip().strip("`"), m["spread"].strip())
    return rows


def same(cell: str, value: float | str) -> bool:
    """Whether a table cell states ``value`` (numbers compared as numbers)."""
    cell = cell.strip().strip("`")
    if isinstance(value, str):
        return cell == value
    try:
        return math.isclose(float(cell.replace(",", "")), value, abs_tol=1e-12)
    except ValueError:
        return False


def spread_text(n: Number) -> str:
    if n.low is None or n.high is None:
        return NO_SPREAD
    return f"{n.low} to {n.high}"


def spread_ok(cell: str, n: Number) -> bool:
    if n.low is None or n.high is None:
        return cell == NO_SPREAD
    parts = [p.strip().strip("`") for p in cell.split(" to ")]
    return len(parts) == 2 and same(parts[0], n.low) and same(parts[1], n.high)


@pytest.fixture(scope="module")
def numbers() -> dict[str, Number]:
    raw = yaml.safe_load(scenario_text("ukraine-2025"))
    return {n.key: n for n in judgement_numbers(raw)}


@pytest.fixture(scope="module")
def rows() -> dict[str, tuple[str, str]]:
    return doc_rows(DOC.read_text(encoding="utf-8"))


def test_every_judgement_number_of_the_file_is_in_the_review(
    numbers: dict[str, Number], rows: dict[str, tuple[str, str]]
) -> None:
    missing = [k for k in numbers if k not in rows]
    assert not missing, (
        f"{DOC.name} does not list {len(missing)} judgement number(s) of ukraine-2025.yaml: "
        + "; ".join(f"{k} = {numbers[k].value} ({spread_text(numbers[k])})" for k in missing)
    )


def test_every_number_the_review_lists_is_in_the_file(
    numbers: dict[str, Number], rows: dict[str, tuple[str, str]]
) -> None:
    extra = [k for k in rows if k not in numbers]
    assert not extra, f"{DOC.name} lists numbers ukraine-2025.yaml does not hold: {extra}"


def test_values_and_spreads_match_the_file(
    numbers: dict[str, Number], rows: dict[str, tuple[str, str]]
) -> None:
    wrong = []
    for key, (value, spread) in rows.items():
        n = numbers.get(key)
        if n is None:
            continue
        if not same(value, n.value):
            wrong.append(f"{key}: the review says {value}, the file {n.value}")
        if not spread_ok(spread, n):
            wrong.append(f"{key}: the review's spread is '{spread}', the file's {spread_text(n)}")
    assert not wrong, f"{DOC.name} has drifted from ukraine-2025.yaml: " + "; ".join(wrong)


def test_the_summary_names_numbers_of_the_file(numbers: dict[str, Number]) -> None:
    text = DOC.read_text(encoding="utf-8")
    head = text[: text.index(SECTION)]
    keys = [m["key"] for line in head.splitlines() if (m := ROW.match(line))]
    assert len(keys) >= 10, "the summary table lists the ten values the headline rests on"
    assert all(k in numbers for k in keys), [k for k in keys if k not in numbers]


def test_the_parser_catches_a_drifted_row(numbers: dict[str, Number]) -> None:
    # the checks above must be able to fail: a row with another value or spread is caught
    n = numbers["russia.batna.perceived"]
    assert isinstance(n.value, float) and isinstance(n.low, float) and isinstance(n.high, float)
    value, low, high = f"{n.value:g}", f"{n.low:g}", f"{n.high:g}"
    assert same(value, n.value) and not same(f"{n.value + 0.01:g}", n.value)
    assert spread_ok(f"{low} to {high}", n) and not spread_ok(f"{low} to {n.high + 0.01:g}", n)
    assert not spread_ok(NO_SPREAD, n)
    text = f"{SECTION}\n| `russia.batna.perceived` | {value} | {low} to {high} | why |\n## next\n"
    assert doc_rows(text) == {"russia.batna.perceived": (value, f"{low} to {high}")}
    option = numbers["russia/donbas.red_line"]
    assert same(f"`{option.value}`", option.value) and not same("freeze_line", option.value)
