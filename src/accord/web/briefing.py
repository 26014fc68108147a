"""The briefing's first page on the overview page: bottom line, key judgements, futures.

Nothing here computes an analysis. The numbers come from the library's own functions on
the version's one overview (:func:`accord.web.services.overview_run`, run with the report's
Monte Carlo draws and seed), each memoised per version like the page's other analyses:

- the bottom line and the key judgements: :func:`accord.overview.judgements.key_judgements`
  and :func:`~accord.overview.judgements.bottom_line`, the two calls
  :func:`~accord.overview.judgements.build_briefing` makes for the report's first page
  (``build_briefing`` itself would also run the futures, which the page loads apart);
- the futures, indicators and options: :func:`accord.report.sections.futures.compute`, with
  the overview's draws and seed, as the report's first page computes them (what
  ``build_briefing`` does when it is given none). They take seconds (about 20 s for
  ukraine-2025 on a busy machine), so the page asks for them as a fragment after its first
  paint (:func:`futures_view`).

This module only words them for a template: plain dicts, each value that rests on the
analyst's judgement marked with :data:`~accord.overview.words.JUDGEMENT_MARK` and its spread.
"""

from __future__ import annotations

from typing import Any

from accord.model import Scenario
from accord.overview.basis import batna_input
from accord.overview.briefing_records import Future, Judgement
from accord.overview.estimative import word_range_text
from accord.overview.futures import ASSUMPTIONS as FUTURES_ASSUMPTIONS
from accord.overview.indicators import SHIFT
from accord.overview.judgements import ASSUMPTIONS, bottom_line, key_judgements
from accord.overview.words import JUDGEMENT_MARK, fmt_range, name, pct
from accord.report.sections.futures import Computed, compute, option_text
from accord.web.services import Services, overview_run, scenario

__all__ = [
    "EVIDENCE",
    "briefing_view",
    "chance_text",
    "futures_computed",
    "futures_view",
    "judgement_view",
]

#: Where on the web app each judgement's evidence is shown, by the report section id the
#: judgement names (:attr:`~accord.overview.briefing_records.Judgement.evidence`): the page
#: (a path after ``/s/{id}``, or an anchor on this page) and its name. The chance of a deal
#: is the report summary's; on the web a Monte Carlo run on the forecasts page shows it.
EVIDENCE: dict[str, tuple[str, str]] = {
    "summary": ("/forecasts", "Forecasts (a Monte Carlo run's chance of a ZOPA)"),
    "space": ("/space", "Agreement space"),
    "drafts": ("/drafts", "Drafts"),
    "forecasts": ("/forecasts", "Forecasts"),
    "commitments": ("#commitments", "Order, trust and ratification, below"),
    "conflict": ("/conflict", "Conflict & dynamics"),
}


def chance_text(p: float | None, interval: tuple[float, float] | None) -> str:
    """``16.0% (95% interval 10.1%-24.4%)`` (an en dash); ``unknown`` without a chance."""
    if p is None:
        return "unknown"
    if interval is None:
        return pct(p)
    return f"{pct(p)} (95% interval {pct(interval[0])}–{pct(interval[1])})"


def _evidence_link(j: Judgement, sid: str, query: str) -> dict[str, str | None]:
    """The link to the page that shows a judgement's evidence (None: no page shows it)."""
    where = EVIDENCE.get(j.evidence)
    if where is None:
        return {"href": None, "label": j.evidence}
    path, label = where
    if path.startswith("#"):
        return {"href": path, "label": label}
    return {"href": f"/s/{sid}{path}{query}", "label": label}


def judgement_view(j: Judgement, sid: str, query: str = "") -> dict[str, Any]:
    """One key judgement for the page: the statement, the estimative word with the range it
    stands for and the figure with its interval, the confidence and why, what it rests on
    (each judgement input marked), and the link to its evidence. ``sid`` is the scenario id
    as it goes in a path (already quoted); ``query`` keeps an old version (``?version=3``)."""
    word = None
    if j.word is not None:
        word = {"text": j.word.text, "range": word_range_text(j.word)}
    return {
        "key": j.key,
        "statement": j.statement,
        "word": word,
        "chance": None if j.probability is None else chance_text(j.probability, j.interval),
        "confidence": j.confidence.value,
        "why": j.why_confidence,
        "sourced": list(j.basis.sourced_inputs),
        # every input the basis does not count as sourced is the analyst's judgement
        "judged": [f"{label} {JUDGEMENT_MARK}" for label in j.basis.judgement_inputs],
        "evidence": _evidence_link(j, sid, query),
    }


def briefing_view(sv: Services, sid: str, number: int) -> dict[str, Any]:
    """The bottom line and the key judgements of one version, as the report's first page
    states them (module docstring), memoised per version. The judgement records are under
    ``judgements``; :func:`judgement_view` words each for the page."""

    def run() -> dict[str, Any]:
        o = overview_run(sv, sid, number)
        judgements = key_judgements(o)
        return {
            "bottom_line": bottom_line(o, judgements),
            "judgements": judgements,
            "assumptions": ASSUMPTIONS,
            "draws": o.draws,
            "seed": o.seed,
        }

    return sv.cache.get((sid, number, "briefing"), run)


def futures_computed(sv: Services, sid: str, number: int) -> Computed:
    """The futures, indicators and options of one version, computed once by the report's
    :func:`~accord.report.sections.futures.compute` with the overview's draws and seed, as
    the report's first page computes them (today's chance read off the overview's own
    Monte Carlo)."""
    return sv.cache.get(
        (sid, number, "futures"),
        lambda: compute(overview_run(sv, sid, number)),
    )


def _batna_moves(s: Scenario, f: Future) -> list[str]:
    """Whose alternative moves in a future: ``Ukraine 0.32 ◆ → 0.27 ◆`` (a BATNA that rests
    on judgement is marked; its spread is in the actors table above, moved alike)."""
    out = []
    for p in f.parties:
        if p.before is None or p.after is None or abs(p.after - p.before) < 5e-3:
            continue
        found = batna_input(s, p.actor)
        mark = "" if found is not None and found.sourced else f" {JUDGEMENT_MARK}"
        before, after = fmt_range(p.before, p.before), fmt_range(p.after, p.after)
        out.append(f"{name(s, p.actor)} {before}{mark} → {after}{mark}")
    return out


def futures_view(sv: Services, sid: str, number: int) -> dict[str, Any]:
    """The futures fragment's data: one row a future (its name, what is set, the chance of a
    deal in it and on the current course with their intervals, whose alternative moves,
    the summary sentence), every indicator and option, and what the futures assume."""
    s = scenario(sv, sid, number)
    c = futures_computed(sv, sid, number)
    rows = [
        {
            "key": f.key,
            "name": f.name,
            "how": f.how,
            "after": chance_text(f.deal_after, f.interval_after),
            "before": chance_text(f.deal_before, f.interval_before),
            "moves": _batna_moves(s, f),
            "summary": f.summary,
        }
        for f in c.futures
    ]
    first = c.futures[0] if c.futures else None
    when = "now" if first is None or not first.months else f"{first.months} months ahead"
    return {
        "futures": rows,
        "when": None if first is None else when,
        "baseline": "today" if first is None or not first.months else "the current course",
        "draws": None if first is None else first.draws,
        "seed": None if first is None else first.seed,
        "indicators": [i.text for i in c.indicators],
        "options": [{"text": option_text(o), "basis": o.basis} for o in c.options],
        "shift": pct(SHIFT),
        "assumptions": list(FUTURES_ASSUMPTIONS),
    }
