"""Whole packages checked against every red line: bargaining solutions and package trades.

A package (one setting per issue) is read on the parties' outcome space without red lines
(:func:`accord.analysis.space.outcome_space`): each party's utility against its BATNA, and
every red line of a party it crosses, hard or soft (soft ones with their cost), conditional
red lines of linked issues included (:meth:`~accord.analysis.space.OutcomeSpace.crossing_issues`).
The words here are shared by the demo, ``accord analyze`` and the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.give import SoftRedLines
from accord.analysis.softening import soft_lines
from accord.analysis.solutions import Bargaining
from accord.analysis.space import OutcomeSpace
from accord.analysis.trades import Trade, TradeSequence
from accord.model import Scenario
from accord.overview.words import join, name

#: Trades of the sequence the summaries name.
NAMED_TRADES = 2


@dataclass(frozen=True)
class LineCrossed:
    """One party's red line that a package crosses; ``cost`` None for a hard red line."""

    actor: str
    issue: str
    cost: float | None


@dataclass(frozen=True)
class PackageCheck:
    """A package's utility for each party, each party's BATNA (None: unknown), the lines it
    crosses."""

    utility: dict[str, float]
    batna: dict[str, float | None]
    crossed: tuple[LineCrossed, ...]


def check_package(
    scenario: Scenario, space: OutcomeSpace, outcome: dict[str, object]
) -> PackageCheck:
    """``outcome`` read on ``space`` (the parties' space, red lines not removed)."""
    codes = space.encode(outcome)[None, :]
    u = space.utilities(codes)[:, 0]
    hit = space.crossing_issues(codes)[:, 0]  # [A, I]
    cost = {(ln.actor, ln.issue): ln.cost for ln in soft_lines(scenario, space.actors)}
    crossed = tuple(
        LineCrossed(a, space.issues[i], cost.get((a, space.issues[i])))
        for n, a in enumerate(space.actors)
        for i in np.flatnonzero(hit[n])
    )
    return PackageCheck(
        utility={a: float(u[n]) for n, a in enumerate(space.actors)},
        batna={
            a: None if np.isnan(space.batna[n]) else float(space.batna[n])
            for n, a in enumerate(space.actors)
        },
        crossed=crossed,
    )


def _owner(s: Scenario, actor: str) -> str:
    n = name(s, actor)
    return f"{n}'" if n.endswith("s") else f"{n}'s"


def crossed_text(s: Scenario, crossed: Sequence[LineCrossed]) -> str:
    """``crosses no red line`` or ``crosses Russia's red line on Territory (soft, cost
    0.30)`` and so on, hard lines said hard."""
    if not crossed:
        return "crosses no party's red line"
    parts = [
        f"{_owner(s, c.actor)} on {s.issue(c.issue).name} "
        + ("(hard)" if c.cost is None else f"(soft, cost {c.cost:.2f})")
        for c in crossed
    ]
    return f"crosses {'the red lines' if len(parts) > 1 else 'the red line'} {join(parts)}"


def short_crossed(s: Scenario, crossed: Sequence[LineCrossed]) -> str:
    """The lines crossed for a table cell: ``none`` or ``Russia: Territory (soft 0.30)``."""
    if not crossed:
        return "none"
    return "; ".join(
        f"{name(s, c.actor)}: {s.issue(c.issue).name} "
        + ("(hard)" if c.cost is None else f"(soft {c.cost:.2f})")
        for c in crossed
    )


def against_batna(s: Scenario, check: PackageCheck) -> str:
    """``Russia 0.62 (BATNA 0.55), Ukraine 0.48 (BATNA 0.50)``."""
    parts = []
    for a, u in check.utility.items():
        b = check.batna[a]
        parts.append(f"{name(s, a)} {u:.2f} (BATNA {'unknown' if b is None else f'{b:.2f}'})")
    return join(parts)


def give_text(soft: SoftRedLines | None) -> str | None:
    """The cheapest soft red lines to give for a deal and at what cost to whom, in
    :meth:`SoftRedLines.text`'s words (its first sentence); None when nothing must give."""
    if soft is None or not soft.needed or soft.cheapest is None:
        return None
    first = soft.text().split("\n")[0]
    return first.replace(
        "Soft red lines: the cheapest", "For a deal, the cheapest soft red lines", 1
    )


def trade_text(s: Scenario, t: Trade) -> str:
    """``Russia concedes Sanctions (lifted) in return for Ukraine conceding Territory
    (...); both gain (Russia +0.10, Ukraine +0.05)``."""
    gi, gv = t.gives
    ri, rv = t.gets
    gain = join([f"{name(s, a)} {t.gain[a]:+.2f}" for a in (t.giver, t.receiver)])
    others = [f"{name(s, a)} {g:+.2f}" for a, g in t.gain.items() if a not in (t.giver, t.receiver)]
    if others:
        gain += f"; {join(others)}"
    return (
        f"{name(s, t.giver)} concedes {s.issue(gi).name} ({s.issue(gi).label(gv)}) in return "
        f"for {name(s, t.receiver)} conceding {s.issue(ri).name} ({s.issue(ri).label(rv)}); "
        f"both gain ({gain})"
    )


def undeliverable(s: Scenario, t: Trade) -> list[tuple[str, str]]:
    """(party, issue id) for each concession of ``t`` its party cannot deliver: the issue
    names who decides it (``controlled_by``) and the party is not among them."""
    out = []
    for actor, (issue_id, _) in ((t.giver, t.gives), (t.receiver, t.gets)):
        owners = s.issue(issue_id).controlled_by
        if owners is not None and actor not in owners:
            out.append((actor, issue_id))
    return out


def undeliverable_text(s: Scenario, found: list[tuple[str, str]]) -> str:
    """``Russia cannot deliver Accession to the EU (decided by the EU)``."""
    return join(
        [
            f"{name(s, a)} cannot deliver {s.issue(i).name} (decided by "
            f"{join([name(s, o) for o in s.issue(i).controlled_by or []])})"
            for a, i in found
        ]
    )


def solution_checks(
    scenario: Scenario, bargaining: Bargaining, space: OutcomeSpace
) -> dict[str, PackageCheck]:
    """Each bargaining solution found, checked on ``space`` (the parties' plain space)."""
    return {
        k: check_package(scenario, space, sol.outcome)
        for k, sol in bargaining.solutions.items()
        if sol is not None
    }


def turn_lines(
    s: Scenario,
    soft: SoftRedLines | None,
    seq: TradeSequence | None,
    checks: Sequence[PackageCheck],
) -> list[str]:
    """What the talks turn on: the cheapest red lines to give, the best trades."""
    out = [t for t in [give_text(soft)] if t is not None]
    if seq is not None:
        out += trade_lines(s, seq, checks)
    return out


def trade_lines(
    s: Scenario, seq: TradeSequence, checks: Sequence[PackageCheck], top: int = NAMED_TRADES
) -> list[str]:
    """The first ``top`` trades of the sequence, each with the package it leaves (utilities
    against BATNAs, red lines still crossed); ``checks[n]`` is package n's check."""
    if not seq.trades:
        return [
            "Package trades from the status quo: none that both sides of a pair gain by "
            "without crossing a party's red line."
        ]
    out = []
    for n, t in enumerate(seq.trades[:top], 1):
        c = checks[n]
        lead = "Best trade from the status quo" if n == 1 else "Next best trade"
        out.append(
            f"{lead}: {trade_text(s, t)}. The package then gives "
            f"{against_batna(s, c)} and {crossed_text(s, c.crossed)}."
        )
    return out
