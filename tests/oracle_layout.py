"""Plain versions of the layout's two offset computations, one character or token at a
time, for the tests of accord.ingest.layout and accord.ingest.nlp."""

from __future__ import annotations


def parse_text(text: str, masked: list[tuple[int, int, str]]) -> str:
    """Each character of a masked span becomes a space, newlines excepted."""
    out = []
    for i, ch in enumerate(text):
        hidden = any(s <= i < e for s, e, _ in masked)
        out.append(" " if hidden and ch != "\n" else ch)
    return "".join(out)


def tokens_at(starts: list[int], spaces: list[bool], offsets: list[int]) -> list[int]:
    """For each offset, the first token starting at or after it that is not a space."""
    found = []
    for off in offsets:
        for i, s in enumerate(starts):
            if s >= off and not spaces[i]:
                found.append(i)
                break
    return found
