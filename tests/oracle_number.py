"""A plain reference version of how accord writes a number for a reader (``number_text``).

Exact decimal arithmetic, step by step as a person would do it: round to the significant
figures, then to the decimals those figures leave (never more than six), write the digits in
groups of three, drop trailing zeros.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal


def number_text(x: float, digits: int = 4) -> str:
    if math.isnan(x):
        return "unknown"
    if math.isinf(x):
        return "infinite" if x > 0 else "minus infinite"
    exact = Decimal(x)  # the float's exact binary value, as printf rounds it
    if exact == 0:
        return "0"
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    rounded = exact.quantize(step, rounding=ROUND_HALF_EVEN)
    if rounded == 0:
        return "0"
    decimals = max(0, digits - 1 - rounded.adjusted())
    if decimals > 6:  # six decimals at most: the value itself rounded to them, once
        shown = exact.quantize(Decimal(1).scaleb(-6), rounding=ROUND_HALF_EVEN)
    else:
        shown = rounded.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = f"{shown:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
