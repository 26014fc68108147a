"""Order, trust and ratification: the phased drafts when commitments may be broken, the
order of their phases, and ratification at home, beside the flat results of the drafts
section.

The numbers are the overview's (``sequences``, ``orders``, ``ratified``, ``win_sets``), the
ones ``accord sequence`` and ``accord analyze`` print; the sentences and tables are
:func:`accord.overview.commitments.commitments`', the web app's words. Small tables only: no
chart, so the section adds little to the page.
"""

from __future__ import annotations

from accord.analysis.ratification import ASSUMPTIONS as RATIFICATION_ASSUMPTIONS
from accord.analysis.sequencing import ASSUMPTIONS as SEQUENCING_ASSUMPTIONS
from accord.overview.commitments import Part, brief_lines, commitments
from accord.overview.words import sentence
from accord.report.document import Block, Bullets, Paragraph, Section, Table
from accord.report.results import Results

ID = "commitments"
TITLE = "Order, trust and ratification"

VALUES = (
    "Expected values and the worst case are over the courses the draft can take when "
    "commitments break, weighed by the party's beliefs; the gain is the expected value (low "
    "end where settings are open) minus the BATNA; the last column is the chance, as the "
    "party sees it, that every commitment is kept."
)
ORDERS = (
    "Each party's expected gain over its BATNA (low end) under the draft's named orders, its "
    "own order, the order that makes the smallest gain largest, and each party's preferred "
    "order."
)
HOME = (
    "Each draft as every actor's ratifiers would vote on it: the ratifiers that block it and "
    "the chance it is ratified (a range where the draft leaves settings open)."
)


def section(r: Results) -> Section | None:
    said = commitments(r)
    if said.empty:
        return None
    details: list[Block] = []
    if said.drafts:
        details.append(
            Paragraph(
                "The drafts section scores each draft as if every point were carried out. A "
                "draft carried out in phases can stop half-way: here each party weighs the "
                "others' commitments by its own beliefs, and a breach halts every later phase. "
                "Utilities run from 0 (the party's worst outcome) to 1 (its best); the BATNA is "
                f"the report's {r.batna_view} one."
            )
        )
    for part in said.drafts:
        details += _part(part, VALUES, table_first=True)
    for part in said.orders:
        details += _part(part, ORDERS, table_first=False)
    if said.home is not None:
        details += _part(said.home, HOME, table_first=True)
        if r.win_sets is not None and r.win_sets.notes:
            notes = "Notes: " + "; ".join(r.win_sets.notes) + "."
            details.append(Paragraph(notes, tone="caveat"))
    assumed = [*(SEQUENCING_ASSUMPTIONS if said.drafts else ()),
               *(RATIFICATION_ASSUMPTIONS if said.home else ())]  # fmt: skip
    details.append(Paragraph("What the model assumes:", tone="caveat"))
    details.append(Bullets(tuple(sentence(a) for a in assumed)))
    # The body: the condensed sentences (one per phased draft: its value kept and expected,
    # the commitment that matters most, the named orders, ratification), the full parts in
    # the appendix.
    body: list[Block] = [Paragraph(line) for line in brief_lines(r)]
    if not body:
        body, details = details, []
    return Section(ID, TITLE, tuple(body), details=tuple(details))


def _part(part: Part, caption: str, *, table_first: bool) -> list[Block]:
    """A heading sentence, then the table and the sentences in the order asked."""
    table: list[Block] = (
        [Table(columns=part.columns, rows=part.rows, caption=caption)] if part.rows else []
    )
    lines: list[Block] = [Bullets(part.lines)] if part.lines else []
    head: list[Block] = [Paragraph(part.head, tone="finding")]
    return head + (table + lines if table_first else lines + table)
