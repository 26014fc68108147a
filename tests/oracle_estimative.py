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
