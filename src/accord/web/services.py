"""What the pages and the API show, computed by :mod:`accord.api` and memoised per version.

Every function takes the app's :class:`Services` and a (scenario id, version number) and
returns plain data (dicts, lists) or result objects; handlers only pick a template or return
the JSON. Each page's numbers come from the public API function the command line calls
(``score``, ``diff``, ``analyze``, ``whatif``, ``timeline``, ``conflict``; the forecast runs
call ``forecast``), with the scenario read as stored: each BATNA as the analyst assesses it
(``batna="assessed"``). Two pages draw what no single API call returns: the overview (the
report's own run, :func:`accord.overview.run.run_overview`, with the cached results handed
in) and the Pareto chart for a pair the user picks (the report's chart, any pair).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeVar

from accord import api
from accord.analysis import Scorecard, parties
from accord.analysis.bargaining import Analysis
from accord.io.conflicts import builtin_conflicts, load_builtin_conflict
from accord.model import Scenario
from accord.model.asof import scenario_as_of
from accord.model.dated import value_dates
from accord.model.plain import to_plain
from accord.model.views import has_perceived
from accord.overview import choose_pair, pair_frontier
from accord.overview.records import Overview
from accord.overview.run import DRAWS, run_overview
from accord.overview.words import amendment_text, clash_text, sentence
from accord.report.sections.conflict import CONCEPTS as STABILITY_WORDS
from accord.report.sections.space import frontier_chart
from accord.store import Store, Version
from accord.web import charts
from accord.web.cache import ResultCache
from accord.web.errors import WebError
from accord.web.fresh import Fresh

#: How the pages read BATNAs: as stored, the analyst's assessment (the overview alone reads
#: them as each party perceives them, as the report does).
AS_STORED = "assessed"

T = TypeVar("T")

#: Edited texts remembered (each a whole scenario, hundreds of kilobytes: a few only).
EDITS_KEPT = 16
#: Whole pages remembered (tens of kilobytes each; one per version and reader's identity).
PAGES_KEPT = 128


@dataclass
class Services:
    """The app's shared state behind every page: the store, and the memos of results,
    edited texts and drawn pages (each bounded apart, so that large texts never push
    results out)."""

    store: Store
    cache: ResultCache
    #: Edited texts, apart from the results: they are large and would push results out.
    edits: ResultCache = field(default_factory=lambda: ResultCache(EDITS_KEPT))
    #: Whole pages drawn (accord.web.routes.overview), apart for the same reason.
    pages: ResultCache = field(default_factory=lambda: ResultCache(PAGES_KEPT))
    #: The session check and the versions' numbers, kept while the database is unchanged.
    fresh: Fresh = field(init=False)

    def __post_init__(self) -> None:
        self.fresh = Fresh(self.store)


def edit_once(
    sv: Services, sid: str, base: int, edit: tuple[Hashable, ...], make: Callable[[], T]
) -> T:
    """What ``make`` makes of version ``base`` and ``edit`` (the edited text, and whether
    it changes anything), made once.

    An edit (a stance's fields, a BATNA) of a given version always gives the same text:
    versions never change, so the key (scenario, version, the edit's own values) cannot
    serve a text made from another version. Making it reads the YAML four times (the edit
    in place, the check that the result reads back as asked, and both texts' data compared
    to find an edit that changes nothing), about 0.2 s for ukraine-2025; a save sent again
    (a retry, a second click, a stale page saving the same value) does not pay it again.
    A refused edit is not remembered."""
    return sv.edits.get((sid, base, *edit), make)


def version(sv: Services, sid: str, number: int | None = None) -> Version:
    """Version ``number`` of scenario ``sid`` as stored (None: the latest); NotFound if none."""
    return sv.store.get(sid, number)


def scenario(sv: Services, sid: str, number: int) -> Scenario:
    """The parsed scenario of one version; parsed once per version."""
    return sv.cache.get((sid, number, "scenario"), lambda: sv.store.get(sid, number).scenario())


def scorecard(sv: Services, sid: str, number: int) -> Scorecard:
    """``accord score`` of the version as stored (each BATNA as the analyst assesses it)."""
    s = scenario(sv, sid, number)
    return sv.cache.get((sid, number, "card"), lambda: api.score(s, batna=AS_STORED).card)


def analyzed(sv: Services, sid: str, number: int) -> api.Analysis | None:
    """``accord analyze --batna assessed`` (:func:`accord.api.analyze`) with its defaults;
    None when the scenario has no parties. Its BATNA gap and win-sets, which no page shows,
    are computed only if read."""
    s = scenario(sv, sid, number)

    def run() -> api.Analysis | None:
        return api.analyze(s, batna=AS_STORED) if parties(s) else None

    return sv.cache.get((sid, number, "analysis"), run)


def analysis(sv: Services, sid: str, number: int) -> Analysis | None:
    """The library's record of :func:`analyzed` (zone, frontier, solutions, verdicts)."""
    found = analyzed(sv, sid, number)
    return None if found is None else found.analysis


#: The Monte Carlo of the version's overview: ``accord report``'s defaults.
BRIEFING_DRAWS = DRAWS
BRIEFING_SEED = 0


def overview_run(sv: Services, sid: str, number: int) -> Overview:
    """:func:`accord.overview.run.run_overview` of one version, once: the overview page's
    data, and the one run the demo and the report make.

    Its scorecard and bargaining analysis are the ones the other pages cache one at a time
    (:func:`scorecard`, :func:`analysis`), handed in rather than computed again: the
    verdicts page and this run share them whichever comes first, and a page that needs only
    them never pays for the rest. Handed in, the analysis is the full one at any size, so
    the report's size cut never takes verdicts away from a page. With the report's Monte
    Carlo (:data:`~accord.overview.run.DRAWS` draws, seed :data:`BRIEFING_SEED`), so the
    page's bottom line and key judgements are the report's; the forecasts page runs its own,
    with the draws the user asks for.
    """
    s = scenario(sv, sid, number)

    def run() -> Overview:
        # only a built-in conflict can be named: a scenario never makes the server open a path
        name = s.conflict if s.conflict in builtin_conflicts() else None
        # The overview reads every BATNA as the party perceives it (the report's default
        # view); the cached scorecard and analysis read the scenario as stored, so they are
        # the overview's own only when no actor has a perceived BATNA.
        shared = not has_perceived(s)
        return run_overview(
            s,
            draws=BRIEFING_DRAWS,
            seed=BRIEFING_SEED,
            card=scorecard(sv, sid, number) if shared else None,
            analysis=analysis(sv, sid, number) if shared else None,
            conflict=None if name is None else load_builtin_conflict(name),
            own_conflict=False,
        )

    return sv.cache.get((sid, number, "overview"), run)


# --- plain views ---------------------------------------------------------------------------
def overview(s: Scenario) -> dict[str, Any]:
    """The scenario as plain data for the pages and ``GET /api/scenarios/{sid}``: actors
    with their BATNAs, issues with the settings a form offers, stances and drafts."""
    return {
        "id": s.id,
        "title": s.title,
        "as_of": s.as_of.isoformat() if s.as_of else None,
        "summary": s.summary,
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "role": str(a.role),
                "batna": a.batna.utility if a.batna else None,
                "batna_description": a.batna.description if a.batna else None,
            }
            for a in s.actors
        ],
        "issues": [
            {"id": i.id, "name": i.name, "kind": str(i.kind), "settings": setting_choices(s, i.id)}
            for i in s.issues
        ],
        "stances": [
            {
                "actor": st.actor,
                "issue": st.issue,
                "position": st.position,
                "salience": st.salience,
                "red_line": st.red_line,
            }
            for st in s.stances
        ],
        "proposals": [{"id": p.id, "title": p.title, "date": _iso(p.date)} for p in s.proposals],
    }


def setting_choices(s: Scenario, issue_id: str) -> list[dict[str, Any]] | None:
    """The settings a form offers for an issue (None: a number between min and max)."""
    issue = s.issue(issue_id)
    if issue.kind.value == "boolean":
        return [{"value": "true", "label": "yes"}, {"value": "false", "label": "no"}]
    if issue.kind.value == "ordinal":
        return [{"value": o.id, "label": o.label} for o in issue.options or []]
    return None


def scorecard_view(sv: Services, sid: str, number: int) -> dict[str, Any]:
    """The scorecard page's data: :func:`accord.api.score`'s document, its chart (Plotly
    JSON) and the table's rows; memoised per version."""
    s, card = scenario(sv, sid, number), scorecard(sv, sid, number)

    def run() -> dict[str, Any]:  # the figure costs more than the scores: memoise it too
        return {
            "data": plain(card.to_dict()),
            "chart": charts.to_json(charts.scorecard_chart(s, card)),
            "rows": charts.scorecard_rows(s, card),
        }

    return sv.cache.get((sid, number, "card-view"), run)


def verdict_rows(sv: Services, sid: str, number: int) -> dict[str, Any]:
    """Each draft's verdict: who accepts, dominated, the smallest amendment in words."""
    return sv.cache.get((sid, number, "verdicts"), lambda: _verdict_rows(sv, sid, number))


def _verdict_rows(sv: Services, sid: str, number: int) -> dict[str, Any]:
    s, a = scenario(sv, sid, number), analysis(sv, sid, number)
    if a is None:
        return {"parties": [], "rows": [], "zopa": None}
    rows = [
        {
            "proposal": v.proposal,
            "accepts": dict(v.accepts),
            "utility": {p: [v.low[p], v.high[p]] for p in a.parties},
            "accepted": v.accepted,
            "dominated": v.dominated,
            "amendment": amendment_text(s, v.amendment),
        }
        for v in a.verdicts
    ]
    return plain({"parties": list(a.parties), "rows": rows, "zopa": zopa_view(s, a)})


def zopa_view(s: Scenario, a: Analysis) -> dict[str, Any]:
    """The zone of possible agreement in the page's words: whether it exists, its size as
    the library says it (exact, or estimated with interval, draws and seed), and where none
    exists what blocks it (the diagnosis and the clash in words); where one exists, the
    settings it spans, as labels."""
    z = a.zopa
    view: dict[str, Any] = {
        "parties": [s.actor(p).name for p in z.parties],
        "exists": z.exists,
        "count": z.count,
        "space_size": z.space_size,
        "share": z.share,
        "exact": z.exact,
        # the library's words: exact, or the estimate with its interval, draws and seed
        "size": z.size_text(),
        "notes": list(z.notes),
        "diagnosis": None,
        "clash": None,
    }
    if not z.exists and z.diagnosis is not None:
        view["diagnosis"] = z.diagnosis.text()
        view["clash"] = clash_text(s, z.diagnosis)
    if z.exists:
        view["settings"] = {
            s.issue(i).name: [s.issue(i).label(v) for v in vals] for i, vals in z.settings.items()
        }
    return view


def diff_view(sv: Services, sid: str, number: int, a: str, b: str) -> dict[str, Any]:
    """Drafts ``a`` and ``b`` compared issue by issue (:func:`accord.api.diff`, as stored):
    each change with every actor's gain, and the totals; WebError 404 naming the drafts
    when either is not one."""
    s = scenario(sv, sid, number)
    known = [p.id for p in s.proposals]
    for pid in (a, b):
        if pid not in known:
            raise WebError(404, f"no draft '{pid}'; drafts: {', '.join(known) or 'none'}")

    def run() -> dict[str, Any]:
        d = api.diff(s, a, b, batna=AS_STORED).diff
        return {
            "data": d.to_dict(),
            "actors": list(d.total_low),
            "rows": [
                {
                    "issue": s.issue(c.issue).name,
                    "before": c.before,
                    "after": c.after,
                    "gain": {x: [c.gain_low[x], c.gain_high[x]] for x in d.total_low},
                }
                for c in d.changes
            ],
            "total": {x: [d.total_low[x], d.total_high[x]] for x in d.total_low},
        }

    return sv.cache.get((sid, number, "diff", a, b), lambda: plain(run()))


def pareto_view(sv: Services, sid: str, number: int, pa: str | None, pb: str | None) -> dict:
    """The Pareto chart of the report for a chosen pair (default: the report's own pair).

    One analysis alone, for any pair the user picks: the library's pair functions directly,
    not :func:`overview_run` (which holds only its own pair, and every other analysis)."""
    s, card = scenario(sv, sid, number), scorecard(sv, sid, number)
    chosen = parties(s)
    stanced = [a.id for a in s.actors if any(st.actor == a.id for st in s.stances)]
    if pa is None or pb is None:
        picked = choose_pair(s, chosen)
        if picked is None:
            return {"pair": None, "chart": None, "choices": stanced, "why": "fewer than 2 parties"}
        (pa, pb), why = picked
    else:
        why = "chosen on this page"
    for x in (pa, pb):
        if x not in stanced:
            raise WebError(404, f"no actor with stances '{x}'; actors: {', '.join(stanced)}")
    if pa == pb:
        raise WebError(400, "choose two different parties")
    pair: tuple[str, str] = (pa, pb)

    def run() -> dict[str, Any]:
        # as the report does: red lines binding when some outcome respects them, else soft
        pf = pair_frontier(s, pair, why)
        if pf is None:
            return {"chart": None, "relaxed": None, "size": None}
        # frontier_chart reads only these fields of the report's Results
        view = SimpleNamespace(pair=pf, scenario=s, card=card, parties=tuple(pair), analysis=None)
        chart = frontier_chart(view)  # type: ignore[arg-type]
        return {
            "chart": charts.to_json(chart) if chart else None,
            "caption": chart.caption if chart else None,
            "relaxed": pf.relaxed,
            "size": pf.frontier.size,
            "solutions": {
                k: sol.utility for k, sol in pf.bargaining.solutions.items() if sol is not None
            },
        }

    out = sv.cache.get((sid, number, "pareto", pair), lambda: plain(run()))
    return {**out, "pair": list(pair), "choices": stanced, "why": why}


# --- conflict, timeline, levers ------------------------------------------------------------
def conflict_view(sv: Services, sid: str, number: int) -> dict[str, Any] | None:
    """The stability of every state of the scenario's built-in conflict
    (:func:`accord.api.conflict`): each state's stable decision makers per concept, the
    equilibria and the legend's words; None when the scenario names no built-in conflict."""
    # The stability analysis alone (accord.api.conflict): this page needs nothing else of
    # :func:`overview_run`, and should not wait for the rest of it.
    s = scenario(sv, sid, number)
    # Only a built-in conflict can be named: a scenario never makes the server open a path.
    if s.conflict is None or s.conflict not in builtin_conflicts():
        return None
    name = s.conflict

    def run() -> dict[str, Any]:
        found = api.conflict(name)
        c, graph, result = found.conflict, found.graph, found.stability
        dms = [d.id for d in c.decision_makers]
        concepts = list(result.tables)
        states = []
        for st in range(graph.n_states):
            stable = {
                k: [dms[i] for i in range(len(dms)) if result.tables[k][i, st]] for k in concepts
            }
            states.append({"id": st, "label": graph.label(st), "stable": stable})
        equilibria = {k: [int(x) for x in result.equilibria(k)] for k in concepts}
        return {
            "conflict": c.id,
            "title": getattr(c, "title", c.id),
            "decision_makers": dms,
            "concepts": concepts,
            # the report's words for each concept: one wording for every front end
            "legend": {k: STABILITY_WORDS.get(k, k) for k in concepts},
            "states": states,
            "equilibria": equilibria,
            "summary": [
                {"concept": k, "states": [f"{x} ({graph.label(x)})" for x in equilibria[k]]}
                for k in concepts
            ],
        }

    return sv.cache.get((sid, number, "conflict"), run)


def known_dates(s: Scenario) -> list[str]:
    """The dates the as-of slider stops at: every dated draft, event and stance or BATNA
    value (``since`` and ``from``), and the scenario's."""
    dates = {p.date for p in s.proposals if p.date} | {e.date for e in s.events if e.date}
    dates |= set(value_dates(s.stances, s.actors))
    if s.as_of:
        dates.add(s.as_of)
        dates = {d for d in dates if d <= s.as_of}
    return [d.isoformat() for d in sorted(dates)]


def timeline_view(
    sv: Services, sid: str, number: int, as_of: str | None, settings: dict[str, float]
) -> dict[str, Any]:
    """The timeline (:func:`accord.api.timeline`, 12 months, as stored) as of a date and
    with lever settings: each month's BATNAs and ZOPA, the chart, and the drafts dropped and
    notes when replayed to ``as_of``; WebError 400 for a bad date or lever."""
    # The timeline alone (accord.api.timeline), at any date and lever settings the user
    # picks, with its own draws (the overview's timeline is for the scenario as it is, with
    # the report's size budget, and only when some alternative moves).
    s = scenario(sv, sid, number)
    date = _date(as_of) if as_of else None
    key = (sid, number, "timeline", as_of, tuple(sorted(settings.items())))

    def run() -> dict[str, Any]:
        shown, dropped, notes = s, [], []
        if date is not None:
            # the scenario as it stood on the date: its drafts, events, and the stances
            # and BATNAs then on record, so every month's figures are that date's
            try:
                cut = scenario_as_of(s, date)
            except ValueError as exc:
                raise WebError(400, str(exc)) from None
            shown, dropped, notes = cut.scenario, list(cut.dropped_proposals), list(cut.notes)
        try:
            line = api.timeline(shown, months=12, settings=settings, batna=AS_STORED).timeline
        except ValueError as exc:
            raise WebError(400, str(exc)) from None
        return {
            "as_of": as_of,
            "drafts": [p.id for p in shown.proposals],
            "dropped": dropped,
            "notes": [sentence(n) for n in notes],
            "data": line.to_dict(),
            "chart": charts.to_json(charts.timeline_chart(shown, line)),
            "opens": line.opens,
            "closes": line.closes,
        }

    return sv.cache.get(key, run)


def parse_levers(s: Scenario, raw: dict[str, str]) -> dict[str, float]:
    """Lever settings from form or query values (a number or a label), checked."""
    settings: dict[str, float] = {}
    for lever in s.levers:
        if lever.id not in raw or raw[lever.id] == "":
            continue
        text = raw[lever.id]
        level = lever.level(text)
        if level is None and text.isdigit() and int(text) < len(lever.levels):
            level = lever.levels[int(text)]  # a slider sends the index of the level
        if level is None:
            raise WebError(400, f"'{text}' is not a level of lever '{lever.id}'")
        if level != lever.default:
            settings[lever.id] = level
    return settings


def whatif_view(sv: Services, sid: str, number: int, settings: dict[str, float]) -> dict:
    """Each draft's verdict and the ZOPA with levers set (:func:`accord.api.whatif`, as
    stored), and what each setting changed; with no lever moved from its default, the
    version's own analysis. WebError 400 for an unknown lever or level."""
    # Verdicts under lever settings the user picks: one analysis alone (accord.api.whatif),
    # not a whole overview per setting.
    s = scenario(sv, sid, number)
    key = (sid, number, "whatif", tuple(sorted(settings.items())))

    def run() -> dict[str, Any]:
        if not parties(s):
            return {"changes": [], "zopa": None, "rows": []}
        try:
            found = api.whatif(s, settings, batna=AS_STORED) if settings else None
        except ValueError as exc:
            raise WebError(400, str(exc)) from None
        # no lever moved from its default: the analysis of the version as it is
        changed, a = (
            (s, analysis(sv, sid, number)) if found is None else (found.scenario, found.analysis)
        )
        assert a is not None  # the scenario has parties
        levers = {} if found is None else found.levers or {}
        changes = [c.text() for lever in levers.values() for c in lever["changes"]]
        return {
            "settings": settings,
            "changes": changes,
            "zopa": zopa_view(changed, a),
            "parties": list(a.parties),
            "rows": [
                {"proposal": v.proposal, "accepts": dict(v.accepts), "accepted": v.accepted}
                for v in a.verdicts
            ],
        }

    return sv.cache.get(key, run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise WebError(400, f"'{text}' is not a date (YYYY-MM-DD)") from None


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def plain(data: Any) -> Any:
    """JSON-safe plain data (records, NumPy numbers, dates and tuples become JSON types)."""
    return to_plain(data, default=str)
