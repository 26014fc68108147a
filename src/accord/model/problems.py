"""Problems found in a scenario, with where they are and what would be valid."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("stances", 12, "salience")`` -> ``stances[12].salience``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (a path in the document) and what to do."""

    path: Path
    message: str
    severity: Literal["error", "warning"] = "error"
    line: int | None = None  # 1-based, when the scenario came from a file
    column: int | None = None

    @property
    def where(self) -> str:
        return format_path(self.path)

    def render(self, filename: str | None = None) -> str:
        loc = filename or ""
        if self.line is not None:
            at = f"{self.line}:{self.column or 1}"
            loc += f":{at}" if loc else f"line {at}"
        prefix = f"{loc}: " if loc else ""
        tag = "" if self.severity == "error" else "warning: "
        where = f"{self.where}: " if self.path else ""  # a whole-file problem needs no path
        return f"{prefix}{tag}{where}{self.message}"


@dataclass
class ScenarioError(Exception):
    """A scenario file or object that cannot be used, with every problem found in it."""

    filename: str | None
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{self.filename or 'scenario'}: {len(errors)} error(s)"
        return "\n".join([head, *(p.render(self.filename) for p in errors)])


def suggest(word: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a known word is close, else ''."""
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def known_list(known: Iterable[str], limit: int = 12) -> str:
    items = list(known)
    shown = ", ".join(items[:limit])
    if not items:
        return "none"
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")
