"""Plain reference for the merge-step cost model of :mod:`accord.analysis.frontier_cost`, for
tests only: one step at a time in Python floats, written from the model as documented
(docs/negotiation-analysis.md), sharing nothing with the vectorised version but its
constants."""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis import frontier_cost as fc


def step_seconds(candidates: Sequence[int], kept: Sequence[int], parties: int) -> list[float]:
    """Seconds of each merge step: a fixed overhead, then for at most three parties a cost
    per candidate cell, for four or more C^alpha F^beta scaled by the number of parties."""
    out = []
    for rows, front in zip(candidates, kept, strict=True):
        c, f = max(float(rows), 1.0), max(float(front), 1.0)
        if parties <= 3:
            work = fc.NUMPY_CELL_SECONDS * c * max(parties, 1)
        else:
            per_party = (parties / 4.0) ** fc.MOOCORE_PARTIES
            work = fc.MOOCORE_SECONDS * per_party * c**fc.MOOCORE_C * f**fc.MOOCORE_F
        out.append(fc.STEP_SECONDS + work)
    return out
