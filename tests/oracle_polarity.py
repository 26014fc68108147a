"""A plain version of how a demand's polarity is put together from its wording, for the
tests of accord.ingest.demands.combine_polarity: count the negatives and say what the
holder wants, case by case."""

from __future__ import annotations


def polarity(rejects: bool, removal: bool, inside: bool, mixed: bool) -> str:
    negatives = 0
    if rejects:  # "rejected X", "would never accept X", "called X unfair"
        negatives += 1
    if removal:  # "the lifting of X": wanting it gone is being against X
        negatives += 1
    against = negatives % 2 == 1
    if against and inside:
        # "refused to withdraw without guarantees": against withdrawing, for guarantees;
        # "could not sign a deal that left X without Y": against that deal, for Y
        return "unknown"
    if not against and mixed:
        # "X, without Y": for X and against Y at once
        return "unknown"
    if against:
        return "against"
    return "for"
