"""A plain version of accord.ingest.threats.signals: which threat signals one sentence
holds. Every match of every pattern, in the order the patterns are tried; a match is kept
when, against every match kept before it, it lies wholly on one side with a clause
boundary (``and``, ``or``, ``but``, a comma or a semicolon) between them."""

from __future__ import annotations

import re

from accord.ingest.threats import PATTERNS

BOUNDARY = ("and", "or", "but")


def _apart(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    left, right = (a, b) if a[1] <= b[0] else (b, a)
    if left[1] > right[0]:
        return False  # they overlap
    between = text[left[1] : right[0]]
    if ";" in between or "," in between:
        return True
    return any(re.search(rf"\b{w}\b", between) for w in BOUNDARY)


def signals(text: str) -> list[tuple[str, int, int]]:
    found = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            negated = re.search(r"\b(?:not|never|n't|no)\b[^.;,]{0,30}$", text[: m.start()], re.I)
            if m.group(0).lower() == "by force" and negated:
                continue
            found.append((kind, m.start(), m.end()))
    kept: list[tuple[str, int, int]] = []
    for kind, s, e in found:
        if all(_apart(text, (s, e), (ks, ke)) for _, ks, ke in kept):
            kept.append((kind, s, e))
    kept.sort(key=lambda k: k[1])
    return kept
