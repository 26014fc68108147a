"""Tables that fit the terminal without cutting a number.

Left to itself, Rich squeezes a table that is wider than the terminal by cutting cells and
ending them with ``…``: ``0.33-0.5…`` reads as a number that is not the one computed. The
command line's rule (``docs/cli.md``) is that a number is shown whole or not at all:

1. every column wraps its text (at spaces, a long word folded) rather than cutting it;
2. no column is made narrower than the longest word in it that holds a digit (a number, a
   range such as ``0.30-0.54``, a share such as ``12.5%``), so a number is never broken;
3. the widest columns give up width first (as Rich does), each down to a floor: its
   longest word up to a cap, so that ordinary words wrap whole ("recognit / ion" reads
   badly); the cap is the largest of :data:`WORD_FLOORS` with which every column still
   fits, down to :data:`TEXT_FLOOR` (a column kept with folded words is worth more than a
   column dropped);
4. when even that does not fit, columns are dropped from the right (the first column, the
   row's name, always stays), and one line under the table names them: ``--json`` or a
   wider terminal shows them.

:class:`FittingConsole` applies this to every table it prints, so each command's tables
follow the rule without each command doing it. Nothing here imports more than Rich.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.text import Text

if TYPE_CHECKING:  # imported when a table is printed: `accord --help` prints none
    from rich.table import Table

__all__ = [
    "TEXT_FLOOR",
    "WORD_FLOORS",
    "FittingConsole",
    "column_widths",
    "fit_table",
    "number_words",
]

#: The narrowest a column of text is made (a column of numbers keeps its widest number).
TEXT_FLOOR = 8
#: The caps tried, largest first, on a column's floor of its longest word: a column is
#: kept as wide as its longest word up to the cap, so that words up to it wrap whole.
WORD_FLOORS = (14, 12, 10, TEXT_FLOOR)
#: A word (no spaces) that starts with a number or holds one of two digits or more: a
#: number, a range of numbers, a signed gain, a bracketed spread, and an id or a date with
#: a number in it (``tass-2048121``), which a fold would leave as pieces that read as
#: numbers; not a word with one digit inside it (``Article-5-like``), which folds as text.
_NUMBER_WORD = re.compile(r"(?<!\S)[^\w\s]*[-+]?\d\S*|\S*\d[\d.,:]*\d\S*")


def number_words(text: str) -> list[str]:
    """The words of ``text`` that hold a digit, each of which must be shown whole."""
    return _NUMBER_WORD.findall(text)


def _plain(cell: Any) -> str | None:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain
    return None  # another renderable (a nested table): measured by Rich, not split here


def _padding(table: Table, index: int) -> int:
    """The padding Rich adds to column ``index`` (as ``Table`` computes it)."""
    _, right, _, left = table.padding
    if table.collapse_padding:
        left, right = 0, abs(left - right)
    if not table.pad_edge:
        left = 0 if index == 0 else left
        right = 0 if index == len(table.columns) - 1 else right
    return left + right


def _ranges(console: Console, table: Table, word_floor: int) -> list[tuple[int, int]]:
    """Each column's (narrowest allowed, natural) content width, padding excluded, with
    text columns kept as wide as their longest word up to ``word_floor``."""
    options = console.options
    found = []
    for index, column in enumerate(table.columns):
        natural, need, floor = 1, 1, TEXT_FLOOR
        cells = [column.header, *column.cells] if table.show_header else list(column.cells)
        for cell in cells:
            text = _plain(cell)
            if text is None:
                m = console.measure(cell, options=options)
                natural, need = max(natural, m.maximum), max(need, m.minimum)
                continue
            lines = text.splitlines() or [""]
            natural = max(natural, *(console.measure(line).maximum for line in lines))
            words = [len(w) for w in text.split()]
            floor = max(floor, min(max(words, default=0), word_floor))
            if cell is not column.header:  # a header may wrap anywhere; its numbers are rare
                need = max(need, *(len(w) for w in number_words(text)), 0)
                if index == 0:  # the rows' names: wrapped at spaces, never folded
                    floor = max(floor, *words, 0)
        if column.width is not None:
            natural = need = max(column.width, need)
        found.append((max(need, min(natural, floor)), natural))
    return found


def fit_table(table: Table, width: int, console: Console | None = None) -> list[str]:
    """Make ``table`` fit ``width`` columns by the rules above; the headers of the columns
    it had to drop (empty when none)."""
    console = console or Console(width=width)
    for column in table.columns:  # wrap, never "…"
        column.overflow = "fold"
        column.no_wrap = False
    dropped: list[str] = []
    while True:
        pads = [_padding(table, i) for i in range(len(table.columns))]
        room = width - _extra(table) - sum(pads)
        for word_floor in WORD_FLOORS:
            ranges = _ranges(console, table, word_floor)
            if sum(n for n, _ in ranges) <= room:
                break
        if sum(n for n, _ in ranges) <= room or len(table.columns) <= 1:
            break
        column = table.columns.pop()  # the rightmost column, with its cells
        dropped.insert(0, _plain(column.header) or f"column {len(table.columns) + 1}")
    naturals = [n for _, n in ranges]
    if sum(naturals) <= room:
        return dropped
    for column, w in zip(table.columns, column_widths(ranges, room), strict=True):
        column.width = w  # fixed, so that Rich does not squeeze the table further
    return dropped


def column_widths(ranges: list[tuple[int, int]], room: int) -> list[int]:
    """Each column's width from its (floor, natural) width, given ``room`` for them all.

    The widest columns give way first (as Rich collapses a table), none below its floor:
    every width is its natural one capped at the largest cap whose total fits ``room``
    (found by bisection; the total grows with the cap). When even the floors do not fit,
    the floors (the caller drops columns before that happens).
    """

    def total(cap: int) -> int:
        return sum(max(lo, min(n, cap)) for lo, n in ranges)

    low, cap = 1, max((n for _, n in ranges), default=1)
    while low < cap:
        mid = (low + cap + 1) // 2
        low, cap = (mid, cap) if total(mid) <= room else (low, mid - 1)
    return [max(lo, min(n, cap)) for lo, n in ranges]


def _extra(table: Table) -> int:
    """The width of a table's borders (as ``Table`` counts it)."""
    if not table.box:
        return 0
    return (2 if table.show_edge else 0) + len(table.columns) - 1


def _tables(obj: Any, width: int) -> Iterator[tuple[Table, int]]:
    """The tables in a renderable, with the width each has: a table, the members of a
    group, the content of a panel or of padding (less their borders and padding)."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    if isinstance(obj, Table):
        yield obj, width
    elif isinstance(obj, Group):
        for member in obj.renderables:
            yield from _tables(member, width)
    elif isinstance(obj, Panel):
        _, right, _, left = Padding.unpack(obj.padding)
        yield from _tables(obj.renderable, width - 2 - left - right)
    elif isinstance(obj, Padding):
        yield from _tables(obj.renderable, width - obj.left - obj.right)


class FittingConsole(Console):
    """A Rich console that fits every top-level table it prints to its width
    (:func:`fit_table`) and says under the table which columns it dropped."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        if "rich.table" not in sys.modules:  # nothing printed can hold a table yet
            super().print(*objects, **kwargs)
            return
        notes = []
        for obj in objects:
            for table, width in _tables(obj, self.width):
                dropped = fit_table(table, width, self)
                if dropped:
                    notes.append(
                        f"Not shown at {self.width} columns: {', '.join(dropped)} "
                        "(--json or a wider terminal shows them)."
                    )
        super().print(*objects, **kwargs)
        for note in notes:
            super().print(Text(note, style="dim"))
