"""``accord forecast --draws``: the figures with ratification at home and with commitments.

Thin: the numbers come from :mod:`accord.forecast.honoured`; each table shows the flat figure
and, beside it, the one that honours ratification or commitments, with the assumptions.
"""

from __future__ import annotations

from rich.table import Table

from accord.cli.common import out
from accord.forecast.montecarlo import Simulation


def pct(x: float | None) -> str:
    """A share as a percentage with one decimal ("—" when unknown)."""
    return "—" if x is None else f"{100 * x:.1f}%"


def tri_cell(tri: dict[str, float]) -> str:
    cell = pct(tri["yes"])
    return cell + (f" (+{pct(tri['maybe'])} maybe)" if tri["maybe"] > 0 else "")


def print_ratification(sim: Simulation) -> None:
    """Acceptance and the ZOPA with ratification at home, beside the flat figures."""
    r = sim.ratification
    assert r is not None
    if r.acceptance:
        a = Table(
            title="Accepted AND ratified at home: flat → with ratification",
            title_justify="left",
            caption=f"ratifiers counted: {', '.join(r.ratifiers)} (of {', '.join(r.parties)})",
            caption_justify="left",
        )
        a.add_column("draft")
        for party in sim.parties:
            a.add_column(party)
        a.add_column("all parties")
        for draft, by_party in r.acceptance.items():
            flat = [*sim.acceptance[draft].values(), sim.accepted_by_all[draft]]
            mine = [*by_party.values(), r.accepted_by_all[draft]]
            cells = [f"{tri_cell(f)} → {tri_cell(m)}" for f, m in zip(flat, mine, strict=True)]
            a.add_row(draft, *cells)
        out.print(a)
    z = r.zopa
    if z is not None and z.probability is not None:
        lo, hi = z.interval or (z.probability, z.probability)
        share = pct(z.probability)
        if not z.exact:
            share = f"between {pct(z.probability)} and {pct(z.high)}"
        out.print(
            f"Chance a ZOPA exists that every party's ratifiers pass: {share} (95% interval "
            f"{pct(lo)}–{pct(hi)}; {z.draws_evaluated:,} draws: {z.found:,} found, "
            f"{z.ruled_out:,} ruled out, {z.unresolved:,} unresolved). How: {z.how}."
        )
    for line in r.assumptions:
        out.print(f"assumes (ratification): {line}", highlight=False)


def print_commitments(sim: Simulation) -> None:
    """Phased drafts: the chance the expected value beats the BATNA, beside flat acceptance."""
    c = sim.commitments
    assert c is not None
    # two numbers on two bases, side by side: no arrow, which would read as one changing
    # into the other
    t = Table(
        title="Phased drafts: two different questions, per party",
        caption="accepted: share of draws (every spread drawn) in which the draft clears the "
        "party's red lines and BATNA, every promise kept; expected ≥ BATNA: share of "
        f"{c.draws:,} draws of the beliefs alone (seed {c.seed}) in which the draft's expected "
        "value, promises free to break, reaches the stated BATNA, red lines not counted",
        caption_justify="left",
        title_justify="left",
    )
    t.add_column("draft")
    for party in sim.parties:
        t.add_column(f"{party}: accepted", justify="right")
        t.add_column(f"{party}: expected ≥ BATNA", justify="right")
    for draft, row in c.chances.items():
        flat = sim.acceptance.get(draft, {})
        cells = []
        for party in sim.parties:
            cells += [tri_cell(flat[party]) if party in flat else "—", pct(row.get(party))]
        t.add_row(draft, *cells)
    out.print(t)
    for note in c.notes:
        out.print(f"note (commitments): {note}", highlight=False)
    for line in c.assumptions:
        out.print(f"assumes (commitments): {line}", highlight=False)
