"""Small wording helpers shared by the sections: ranges, names, lists, source references."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from accord.model import Scenario

#: A table longer than this is cut, and its caption says how many rows were left out.
MAX_ROWS = 60


def fmt_range(lo: float, hi: float) -> str:
    """``0.42``, or low and high joined by an en dash, as the CLI's scorecard writes one."""
    return f"{lo:.2f}" if abs(hi - lo) < 5e-3 else f"{lo:.2f}–{hi:.2f}"


def fmt_gain(lo: float, hi: float) -> str:
    return f"{lo:+.3f}" if abs(hi - lo) < 5e-4 else f"{lo:+.3f}…{hi:+.3f}"


def pct(x: float | None) -> str:
    return "unknown" if x is None else f"{100 * x:.1f}%"


def sentence(text: str) -> str:
    """A library note as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def join(parts: Sequence[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def name(s: Scenario, actor_id: str) -> str:
    """An actor's name, or its id when the scenario does not know it (conflict DMs)."""
    try:
        return s.actor(actor_id).name
    except KeyError:
        return actor_id


def names(s: Scenario, actor_ids: Iterable[str]) -> str:
    return join([name(s, a) for a in actor_ids])


def sources_text(s: Scenario, ids: Iterable[str]) -> str | None:
    """``reuters-1 (wire), kyiv-post (secondary)``; None when nothing is cited."""
    known = {src.id: src for src in s.sources}
    parts = []
    for sid in dict.fromkeys(ids):
        src = known.get(sid)
        parts.append(f"{sid} ({src.reliability})" if src is not None else sid)
    return ", ".join(parts) or None


def cut(rows: list[tuple], what: str) -> tuple[tuple[tuple, ...], str | None]:
    """At most :data:`MAX_ROWS` rows, and a note saying how many were left out."""
    if len(rows) <= MAX_ROWS:
        return tuple(rows), None
    return tuple(rows[:MAX_ROWS]), f"the first {MAX_ROWS} of {len(rows)} {what}"
