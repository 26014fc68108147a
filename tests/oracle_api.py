"""Plain versions of the tables accord.api's results build: loops over the library's
records, one cell at a time, for the tests of the results' rows."""

from __future__ import annotations

import math
from typing import Any

from accord.analysis.bargaining import Analysis
from accord.analysis.scoring import Scorecard


def frontier_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Each frontier outcome: its code per issue looked up in that issue's settings, then
    each party's utility, read from the arrays one number at a time. A party's column is
    its id, or "ID utility" when an issue has that id."""
    issues = set(analysis.space.issues)
    rows = []
    for r in range(analysis.frontier.size):
        row: dict[str, Any] = {}
        for i, issue in enumerate(analysis.space.issues):
            code = int(analysis.frontier.codes[r][i])
            row[issue] = analysis.space.settings[i][code]
        for p, party in enumerate(analysis.parties):
            column = f"{party} utility" if party in issues else party
            row[column] = float(analysis.frontier.utilities[r][p])
        rows.append(row)
    return rows


def score_rows(card: Scorecard) -> list[dict[str, Any]]:
    """One row per draft and actor, in draft order, as the scorecard's arrays hold them."""
    rows = []
    for p, pid in enumerate(card.proposals):
        for a, aid in enumerate(card.actors):
            low, high = float(card.low[a][p]), float(card.high[a][p])
            b = float(card.batna[a])
            crossed = []
            for i, issue in enumerate(card.issues):
                code = int(card.red_line[a][p][i])
                if code == 2:
                    crossed.append(f"{issue}: crosses")
                elif code == 1:
                    crossed.append(f"{issue}: may cross")
            rows.append(
                {
                    "proposal": pid,
                    "actor": aid,
                    "utility": low if low == high else None,
                    "low": low,
                    "high": high,
                    "batna": None if math.isnan(b) else b,
                    "red_lines": ", ".join(crossed),
                }
            )
    return rows
