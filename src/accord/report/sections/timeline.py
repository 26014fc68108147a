"""Timeline: what happened, how the parties' alternatives move, and the levers at hand.

Events are the scenario's own. The months ahead are :func:`accord.dynamics.timeline.timeline`
(``accord timeline``): each party's BATNA on its over-time model and whether a ZOPA exists
each month. Levers are listed with what :func:`accord.dynamics.openings.smallest_openings`
(``accord levers``) found.
"""

from __future__ import annotations

from accord.dynamics.levers import EQUATION, levels_text
from accord.overview.words import name, pct, refs_text, sentence, sources_text
from accord.report.document import Block, Cell, Chart, Paragraph, Section, Series, Table
from accord.report.results import Results
from accord.report.sections.sources import numbers

ID = "timeline"
TITLE = "Timeline"


def section(r: Results) -> Section | None:
    months = timeline_blocks(r)
    charts = [b for b in months if isinstance(b, Chart)]
    findings = [b for b in months if isinstance(b, Paragraph)]
    rest = [b for b in months if not isinstance(b, Chart | Paragraph)]
    blocks: list[Block] = [*charts, *findings]
    details: list[Block] = [*_events(r), *rest, *_levers(r)]
    if not blocks and not details:
        return None
    if not blocks:
        blocks = [Paragraph("The events and levers on record are listed in the appendix.")]
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


#: Marks an event dated after the report's as-of date (known then only as a plan or a date).
AFTER_MARK = "▲"


def _events(r: Results) -> list[Block]:
    s = r.scenario
    if not s.events:
        return []
    refs = numbers(r)
    as_of = s.as_of
    rows: list[tuple[Cell, ...]] = [
        (
            e.date.isoformat() + (f" {AFTER_MARK}" if as_of and e.date > as_of else ""),
            e.title,
            ", ".join(name(s, a) for a in e.actors) or None,
            refs_text(e.sources, refs),
        )
        for e in sorted(s.events, key=lambda e: e.date)  # stable: same-day events keep order
    ]
    after = (
        f" {AFTER_MARK}: after the as-of date ({as_of.isoformat()}), so not in the analysis."
        if as_of and any(e.date > as_of for e in s.events)
        else ""
    )
    return [
        Table(
            columns=("date", "event", "actors", "sources"),
            rows=tuple(rows),
            caption="Events on record; sources are numbers in the source list." + after,
        )
    ]


def timeline_blocks(r: Results) -> list[Block]:
    """Each party's BATNA month by month (a chart) and the ZOPA by month (a table); reads
    ``scenario`` and ``timeline`` of ``r``."""
    t, s = r.timeline, r.scenario
    if t is None:
        return []
    months = tuple(m.month for m in t.months)
    series = [
        Series(
            name=f"{name(s, a)} BATNA",
            x=months,
            y=tuple(float(m.batna[a]) for m in t.months),  # type: ignore[arg-type]
            mode="lines",
        )
        for a in t.parties
        if all(m.batna[a] is not None for m in t.months)
    ]
    out: list[Block] = []
    if series:
        unknown = [name(s, a) for a in t.parties if t.months[0].batna[a] is None]
        out.append(
            Chart(
                id="timeline-batna",
                title="Each party's alternative to a deal, month by month",
                x_label="months from now",
                y_label="BATNA utility",
                series=tuple(series),
                y_range=(0.0, 1.0),
                caption=f"BATNA over time: {EQUATION}."
                + (f" Unknown, not drawn: {', '.join(unknown)}." if unknown else ""),
            )
        )
    rows: list[tuple[Cell, ...]] = []
    opens, closes = set(t.opens), set(t.closes)
    for m in t.months:
        mark = " (opens)" if m.month in opens else " (closes)" if m.month in closes else ""
        if m.count is not None:
            size = f"{m.count:,} of {t.space_size:,} ({pct(m.share)})"
        else:
            lo, hi = m.share_interval
            size = f"about {pct(m.share)} ({pct(lo)}–{pct(hi)})"
        rows.append((m.month, ("yes" if m.exists else "no") + mark, size))
    out.append(
        Table(
            columns=("month", "ZOPA", "size (share of outcomes)"),
            rows=tuple(rows),
            caption="Whether some outcome is acceptable to every party each month as the "
            "alternatives move (existence exact"
            + (", sizes counted)." if t.exact else f", sizes estimated: seed {t.seed}).")
            + "".join(" " + sentence(n) for n in t.notes),
        )
    )
    out.append(Paragraph(_month_summary(r), tone="finding"))
    return out


def _month_summary(r: Results) -> str:
    assert r.timeline is not None
    return r.timeline.summary()


def _levers(r: Results) -> list[Block]:
    s = r.original
    if not s.levers:
        return []
    rows: list[tuple[Cell, ...]] = []
    for lever in s.levers:
        value = r.settings.get(lever.id, lever.default)
        effects = "; ".join(
            f"{name(s, e.actor)} {e.target} {e.per_level:+g} per level" for e in lever.effects
        )
        rows.append(
            (
                lever.name,
                levels_text(lever),
                lever.label(lever.default),
                lever.label(value),
                effects or None,
                sources_text(s, lever.sources)
                or ("analyst judgement" if lever.judgement else None),
            )
        )
    out: list[Block] = [
        Table(
            columns=("lever", "levels", "default", "in this report", "effects", "sources"),
            rows=tuple(rows),
            caption="Declared levers: inputs an analyst can turn, with what each level moves.",
        )
    ]
    o = r.openings
    if o is not None:
        out.append(Paragraph(openings_text(r), tone="finding"))
        # the library's first note restates the finding when nothing was found or nothing
        # had to move; the others (levers that cannot matter, solutions not shown) are kept
        restated = 1 if (not o.found or o.moved == 0) else 0
        for note in o.notes[restated:]:
            out.append(Paragraph(sentence(note), tone="caveat"))
    return out


def openings_text(r: Results) -> str:
    """What the lever search found, in one or two sentences."""
    o, s = r.openings, r.scenario
    assert o is not None
    if not o.found:
        # settings of levers that provably cannot change the answer need no check
        return (
            f"No setting of the declared levers opens a ZOPA: all {o.grid:,} settings of the "
            f"lever grid are covered ({o.checked:,} checked; the rest differ only in levers "
            "that cannot change the answer)."
            if o.checked < o.grid
            else f"No setting of the declared levers opens a ZOPA (all {o.grid:,} settings "
            "of the lever grid checked)."
        )
    if o.moved == 0:
        return "A ZOPA exists with every lever as set here; no lever needs to move."
    first = o.solutions[0]
    moves = "; ".join(
        f"{s.lever(k).name} to {s.lever(k).label(v)}" for k, v in first.settings.items()
    )
    more = f" ({o.count} equally small settings; the first shown)" if o.count > 1 else ""
    steps = f"{o.steps} level step{'s' if o.steps != 1 else ''}"
    return (
        f"The smallest lever change that opens a ZOPA moves {o.moved} lever"
        f"{'s' if o.moved != 1 else ''} ({steps}): {moves}{more}."
    )
