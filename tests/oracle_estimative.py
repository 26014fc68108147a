"""Plain reference versions of the estimative scale and of the too-close-to-call rule."""

from __future__ import annotations

import math


def word_of(p: float) -> str:
    """The ICD 203 word for ``p``, read off the table one row at a time; an edge goes to the
    word nearer even odds (so 0.05 is "very unlikely" and 0.95 "very likely")."""
    if p < 0.01:
        return "almost no chance (under 1%)"
    if p < 0.05:
        return "almost no chance"
    if p < 0.20:
        return "very unlikely"
    if p < 0.45:
        return "unlikely"
    if p <= 0.55:
        return "roughly even chance"
    if p <= 0.80:
        return "likely"
    if p <= 0.95:
        return "very likely"
    if p <= 0.99:
        return "almost certain"
    return "almost certain (over 99%)"


def close_call(
    low: float, high: float, batna: float, spread_low: float, spread_high: float
) -> bool:
    """Whether a draft's worst-case margin over a BATNA is within what the inputs can tell.

    NaN ``batna``: unknown, never close. NaN spread ends: the BATNA has no spread. Close when
    the draft's utility range reaches the BATNA from below (``low < batna <= high``), or its
    worst case lies inside the BATNA's spread (``spread_low <= low <= spread_high``).
    """
    if math.isnan(batna):
        return False
    if low < batna <= high:
        return True
    if math.isnan(spread_low) or math.isnan(spread_high):
        return False
    return spread_low <= low <= spread_high


#: The ICD 203 alternative term of each word that is a noun, for a span of words.
ADJECTIVE = {"almost no chance": "remote", "roughly even chance": "roughly even"}


def span_of(p: float, low: float, high: float) -> str:
    """The words a figure with the 95% interval [low, high] may carry, read end to end:
    one word when both ends and the figure share it, else ``<low end's> to <high end's>``
    (a noun in its adjective form). The ends of the scale (under 1%, over 99%) are the same
    words as their neighbours."""
    bare = [word_of(x).split(" (")[0] for x in (min(low, p), max(high, p))]
    if bare[0] == bare[1]:
        return word_of(p).split(" (")[0]
    return f"{ADJECTIVE.get(bare[0], bare[0])} to {ADJECTIVE.get(bare[1], bare[1])}"
