"""Apply the suggestions an analyst accepts: a *new* scenario, the article cited as a source.

Accepting a suggestion never edits anything else: a stance's value changes only for a
``set_stance`` change, BATNAs and events are added only when the scenario has none, and
every touched record cites the article. The result is validated as any scenario is.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.evidence import Article, EvidenceFile, Suggestion
from accord.io.scenarios import scenario_to_data
from accord.model import Reliability, Scenario


class ApplyError(ValueError):
    """An id that is not in the evidence file, or a change the scenario cannot take."""


def accepted(ev: EvidenceFile, ids: list[str]) -> list[Suggestion]:
    """Suggestions kept in the file (``keep: true``) or named: suggestion ids, evidence ids
    (all of that item's suggestions) or ``all``."""
    by_id = {s.id: s for s in ev.suggestions}
    by_evidence: dict[str, list[Suggestion]] = {}
    for s in ev.suggestions:
        by_evidence.setdefault(s.evidence, []).append(s)
    chosen: dict[str, Suggestion] = {s.id: s for s in ev.suggestions if s.keep}
    for raw in ids:
        for one in (x.strip() for x in raw.split(",") if x.strip()):
            if one == "all":
                chosen.update(by_id)
            elif one in by_id:
                chosen[one] = by_id[one]
            elif one in by_evidence:
                chosen.update({s.id: s for s in by_evidence[one]})
            elif any(e.id == one for e in ev.evidence):
                raise ApplyError(f"evidence '{one}' has no suggestion to accept")
            else:
                known = ", ".join(list(by_id)[:8]) + (" ..." if len(by_id) > 8 else "")
                raise ApplyError(
                    f"no suggestion or evidence '{one}' in the file; suggestions: {known or 'none'}"
                )
    return sorted(chosen.values(), key=lambda s: int(re.sub(r"\D", "", s.id) or 0))


def source_id(article: Article, taken: set[str]) -> str:
    base = "news-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", article.id)[:50]
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    return sid


def apply_suggestions(
    scenario: Scenario,
    ev: EvidenceFile,
    chosen: list[Suggestion],
    reliability: Reliability = Reliability.secondary,
) -> tuple[Scenario, list[str]]:
    """The scenario with ``chosen`` applied, and one line per change made."""
    data = scenario_to_data(scenario)
    articles = {a.id: a for a in ev.articles}
    taken = {s["id"] for s in data.get("sources", [])}
    sources: dict[str, str] = {}
    notes: list[str] = []

    def cite(article_id: str) -> str:
        if article_id not in sources:
            art = articles.get(article_id)
            if art is None:
                raise ApplyError(f"suggestion refers to article '{article_id}', not in the file")
            sid = source_id(art, taken)
            taken.add(sid)
            record: dict[str, Any] = {
                "id": sid,
                "title": art.title or art.path,
                "reliability": reliability.value,
            }
            if art.publisher:
                record["publisher"] = art.publisher
            if art.url:
                record["url"] = art.url
            if art.date:
                record["date"] = art.date.isoformat()
            record["note"] = f"read by accord ingest from {art.path}"
            data.setdefault("sources", []).append(record)
            sources[article_id] = sid
            notes.append(f"source '{sid}' added: {record['title']}")
        return sources[article_id]

    for sug in chosen:
        if sug.change is None:
            notes.append(f"{sug.id}: nothing to change ({sug.message})")
            continue
        sid = cite(sug.article)
        notes.append(f"{sug.id}: {_apply_one(data, sug, sid, scenario)}")
    try:
        return Scenario.model_validate(data), notes
    except Exception as exc:
        raise ApplyError(f"the changed scenario is not valid: {str(exc).splitlines()[0]}") from None


def _add_source(record: dict[str, Any], sid: str) -> None:
    cited = record.setdefault("sources", [])
    if sid not in cited:
        cited.append(sid)


def _apply_one(data: dict[str, Any], sug: Suggestion, sid: str, scenario: Scenario) -> str:
    ch = sug.change
    assert ch is not None
    actor = next((a for a in data["actors"] if a["id"] == ch.actor), None)
    if ch.actor is not None and actor is None:
        raise ApplyError(f"{sug.id}: no actor '{ch.actor}' in scenario '{scenario.id}'")
    stance = next(
        (s for s in data.get("stances", []) if s["actor"] == ch.actor and s["issue"] == ch.issue),
        None,
    )
    if ch.op in {"cite_stance", "set_stance"}:
        if stance is None:
            raise ApplyError(f"{sug.id}: no stance of '{ch.actor}' on '{ch.issue}' to change")
        _add_source(stance, sid)
        if ch.op == "cite_stance":
            return f"stance {ch.actor}/{ch.issue} cites {sid}"
        old = stance.get(ch.field or "position")
        stance[ch.field or "position"] = ch.value
        stance["note"] = _join(stance.get("note"), f"{ch.field} {old!r} -> {ch.value!r} from {sid}")
        return f"stance {ch.actor}/{ch.issue}: {ch.field} {old!r} -> {ch.value!r}"
    if ch.op == "add_stance":
        if stance is not None:
            raise ApplyError(f"{sug.id}: '{ch.actor}' already has a stance on '{ch.issue}'")
        data.setdefault("stances", []).append(
            {
                "actor": ch.actor,
                "issue": ch.issue,
                "position": ch.value,
                "salience": 0.5,
                "sources": [sid],
                "judgement": "salience 0.5 is a placeholder; position from the article",
            }
        )
        return f"stance {ch.actor}/{ch.issue} added at {ch.value!r} (salience 0.5, placeholder)"
    if ch.op == "cite_batna":
        if actor is None or not actor.get("batna"):
            raise ApplyError(f"{sug.id}: actor '{ch.actor}' has no BATNA to cite")
        _add_source(actor["batna"], sid)
        return f"BATNA of {ch.actor} cites {sid}"
    if ch.op == "add_batna":
        if actor is None or actor.get("batna"):
            raise ApplyError(f"{sug.id}: actor '{ch.actor}' already has a BATNA")
        actor["batna"] = {
            "description": str(ch.value),
            "sources": [sid],
            "judgement": "from a news article; utility unknown",
        }
        return f"BATNA of {ch.actor} added (utility unknown)"
    if ch.op == "cite_event":
        event = next((e for e in data.get("events", []) if e.get("id") == ch.event), None)
        if event is None:
            raise ApplyError(f"{sug.id}: no event '{ch.event}' to cite")
        _add_source(event, sid)
        return f"event '{ch.event}' cites {sid}"
    if ch.op == "add_event":
        events = data.setdefault("events", [])
        known = {e.get("id") for e in events}
        eid, n = f"{sid}-event", 2
        while eid in known:
            eid, n = f"{sid}-event-{n}", n + 1
        events.append(
            {
                "id": eid,
                "date": ch.date.isoformat() if ch.date else None,
                "title": ch.title,
                "actors": ch.actors,
                "sources": [sid],
            }
        )
        events.sort(key=lambda e: str(e["date"]))
        return f"event '{eid}' added on {ch.date}"
    raise ApplyError(f"{sug.id}: unknown change '{ch.op}'")


def _join(old: str | None, new: str) -> str:
    return f"{old}; {new}" if old else new
