"""Futures, indicators to watch and options for the reader, for the briefing's first page.

The numbers are computed by :func:`accord.overview.futures.futures`,
:func:`accord.overview.indicators.indicators` and :func:`accord.overview.options.options`
(each re-runs the Monte Carlo under a change, so they cost seconds: about 15 s for
ukraine-2025 at the overview's draws); this module only words and lays them out.

How to place it (the first page calls it; it is not in ``sections.ORDER`` on purpose, so
the report does not compute the futures twice):

- the whole section: ``section(r)`` computes the three with the overview's seed and
  draws and returns a :class:`~accord.report.document.Section` (``id``
  ``futures``) whose body is short (a futures table, the top indicators and options) and
  whose ``details`` (an appendix) hold every indicator and option with its basis and what
  the futures assume;
- already computed (the web app, the first page's own records): ``computed =
  compute(r, draws=..., seed=...)`` once, then ``section(r, computed)``, or
  ``blocks(r, computed)`` / ``details(r, computed)`` to put the blocks inside another
  section (the briefing's first page), and ``computed.futures`` etc. for a
  :class:`~accord.overview.briefing_records.Briefing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.overview.briefing_records import Future, Indicator, Option
from accord.overview.chances import Chances
from accord.overview.futures import ASSUMPTIONS, futures
from accord.overview.indicators import SHIFT, indicators
from accord.overview.options import options
from accord.overview.words import fmt_range, join, name, pct, sentence
from accord.report.document import Block, Bullets, Paragraph, Section, Table
from accord.report.results import Results

ID = "futures"
TITLE = "Futures, what to watch, and options"
#: Monte Carlo draws per future for a caller that wants fewer than the overview's (the web
#: app); the ZOPA is decided in at most a hundred of them either way.
DRAWS = 300
#: Indicators and options shown in the body; the appendix lists them all.
BODY_ITEMS = 3


@dataclass(frozen=True)
class Computed:
    """The three, computed once: futures, indicators, options."""

    futures: tuple[Future, ...]
    indicators: tuple[Indicator, ...]
    options: tuple[Option, ...]


def compute(r: Results, *, draws: int | None = None, seed: int | None = None) -> Computed:
    """Futures, indicators and options of ``r`` (``draws`` and ``seed`` default: the
    overview's, so today's chance is read off its own Monte Carlo), every chance of a deal
    they quote run once (:class:`~accord.overview.chances.Chances`)."""
    n = r.draws if draws is None else draws
    at = r.seed if seed is None else seed
    chances = Chances(r, draws=n, seed=at)
    f = futures(r, draws=n, seed=at, chances=chances)
    return Computed(f, indicators(r, f, seed=at, chances=chances), options(r, f, chances))


def section(r: Results, computed: Computed | None = None) -> Section | None:
    """The section (module docstring); None when there is nothing to show (no parties)."""
    c = compute(r) if computed is None else computed
    body = blocks(r, c)
    if not body:
        return None
    return Section(ID, TITLE, tuple(body), details=tuple(details(r, c)))


def blocks(r: Results, c: Computed) -> list[Block]:
    """The body: the futures as a table, the first indicators and options."""
    out: list[Block] = []
    if c.futures:
        f0 = c.futures[0]
        when = "now" if not f0.months else f"{f0.months} months ahead"
        out.append(
            Paragraph(
                "Each future is computed, not imagined: the scenario is changed as the row "
                "says and the chance of a zone of agreement (some outcome every party prefers "
                "to its alternative, without crossing a red line) is re-run by Monte Carlo, read "
                f"{when}, against the current course on the same date and the same draws "
                f"({f0.draws:,} draws, seed {f0.seed})."
            )
        )
        out.append(futures_table(r, c.futures))
    if c.indicators:
        out.append(Paragraph("What to watch:", tone="finding"))
        out.append(Bullets(tuple(i.text for i in c.indicators[:BODY_ITEMS])))
    if c.options:
        out.append(Paragraph("Options for a mediator or a third party:", tone="finding"))
        out.append(Bullets(tuple(option_text(o) for o in c.options[:BODY_ITEMS])))
    return out


def details(r: Results, c: Computed) -> list[Block]:
    """The appendix: every future in full, every indicator and option, what is assumed."""
    out: list[Block] = []
    if c.futures:
        out.append(Paragraph("Each future in full: what is set, and what follows."))
        out.append(Bullets(tuple(sentence(f"{f.how}. {f.summary}") for f in c.futures)))
    if c.indicators:
        out.append(
            Paragraph(
                "Every indicator: an input's threshold is the smallest move from its stated "
                "value after which the chance of a zone of agreement differs by at least "
                f"{pct(SHIFT)} among the Monte Carlo draws beyond it (and by more than the "
                "draws' 95% "
                "interval); a lever's or a red line's is its future's computed chance."
            )
        )
        out.append(Bullets(tuple(i.text for i in c.indicators)))
    if c.options:
        out.append(Paragraph("Every option, with what it rests on and what it costs."))
        out.append(
            Bullets(tuple(f"{option_text(o)} Basis: {sentence(o.basis)}" for o in c.options))
        )
    if c.futures:
        out.append(Paragraph("What the futures assume:", tone="caveat"))
        out.append(Bullets(tuple(sentence(a) for a in ASSUMPTIONS)))
    return out


def futures_table(r: Results, fs: tuple[Future, ...]) -> Table:
    """One row a future: its name, the chance of a deal in it with the interval, the chance on
    the current course, and whose alternative moves."""
    s = r.scenario
    rows = []
    for f in fs:
        moved = [
            f"{name(s, p.actor)} {fmt_range(p.before, p.before)} → {fmt_range(p.after, p.after)}"
            for p in f.parties
            if p.before is not None and p.after is not None and abs(p.after - p.before) >= 5e-3
        ]
        rows.append(
            (
                f.name,
                _chance(f.deal_after, f.interval_after),
                _chance(f.deal_before, f.interval_before),
                join(moved) if moved else "—",
            )
        )
    baseline = "Today" if fs and fs[0].months == 0 else "Current course"
    return Table(
        columns=("Future", "Chance of a deal", baseline, "Alternatives (BATNA) move"),
        rows=tuple(rows),
        caption=(
            "Chance of a deal: share of Monte Carlo draws with a zone of agreement, with its "
            "95% interval; the current course row compares with today."
        ),
    )


def option_text(o: Option) -> str:
    """``Move sanctions=2 (...) (whoever can move Sanctions): achieves ...``."""
    return sentence(f"{o.text} ({o.for_whom}): {o.achieves}")


def _chance(p: float | None, interval: tuple[float, float] | None) -> str:
    if p is None:
        return "unknown"
    if interval is None:
        return pct(p)
    return f"{pct(p)} ({pct(interval[0])}–{pct(interval[1])})"
