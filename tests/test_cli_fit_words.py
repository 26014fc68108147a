"""Table fitting keeps ordinary words whole where there is room, and prefers folding a word
to dropping a column where there is not (accord.cli.fit)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from accord.cli.fit import TEXT_FLOOR, WORD_FLOORS, fit_table


def rendered(table: Table, width: int) -> tuple[list[str], str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    dropped = fit_table(table, width, console)
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    return dropped, console.file.getvalue()


def table(*columns: str, rows: list[tuple[str, ...]]) -> Table:
    t = Table(*columns)
    for row in rows:
        t.add_row(*row)
    return t


LONG = "recognition referendum territory"


def test_words_wrap_whole_when_the_columns_have_room() -> None:
    # Capping both columns at one width (10 here) would fold "recognition"; the column of
    # short words gives up the room instead.
    short = "the cat sat on the mat " * 4
    dropped, text = rendered(table("a", "b", rows=[(short, LONG)]), 27)
    assert dropped == []
    words = " ".join(line.replace("│", " ") for line in text.splitlines()).split()
    assert "recognition" in words and "referendum" in words and "territory" in words


def test_a_column_is_kept_with_folded_words_rather_than_dropped() -> None:
    many = table(
        "draft",
        *(f"col{k}" for k in range(5)),
        rows=[("us-28", *(["referendum, recognition"] * 5))],
    )
    dropped, text = rendered(many, 70)
    assert dropped == []  # with the 8-character floor all six columns fit in 70, with 10 not
    assert "recognit" in text and "recognition" not in text  # ...folded, not cut


def test_the_caps_run_from_widest_to_the_text_floor() -> None:
    assert list(WORD_FLOORS) == sorted(WORD_FLOORS, reverse=True)
    assert WORD_FLOORS[-1] == TEXT_FLOOR
