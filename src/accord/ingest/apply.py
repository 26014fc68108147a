"""Apply the suggestions an analyst accepts: the article cited as a source, each accepted
change made, and the scenario file's own text kept.

Accepting a suggestion never edits anything else: a stance's value changes only for a
``set_stance`` change, BATNAs and events are added only when the scenario has none, new
issues and stances are new records, and every touched record cites the article. Changes are
made in the file's text through the located, comment-keeping editor
(:func:`accord.io.yamltext.edit_text`, the one the web app uses), one change at a time, so
comments, key order, quoting and blank lines survive and the new text differs from the old
only where a value or record changed. A change the editor cannot make in place (rare: a
value written across lines) is made in the data and the file is written out whole, which
the notes say. The result is validated as any scenario file is.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from accord.ingest.evidence import Article, EvidenceFile, Suggestion
from accord.io.located import read_yaml
from accord.io.scenarios import (
    WORDING,
    parse_scenario,
    parse_scenario_document,
    scenario_to_data,
)
from accord.io.yamltext import Change as Edit
from accord.io.yamltext import apply_changes, dump_yaml, edit_text
from accord.model import Reliability, Scenario
from accord.model.problems import ScenarioError

#: Keys a new key of these records is written after (the model's order).
_STANCE_KEYS = ("actor", "issue", "position", "salience", "red_line", "unless", "firmness")
_ACTOR_KEYS = ("id", "name", "role", "capability", "capability_note", "description", "aliases")
_TOP_KEYS = tuple(Scenario.model_fields)


def _before(collection: str) -> tuple[str, ...]:
    """The top-level keys a new ``collection`` key is written after (the model's order)."""
    return _TOP_KEYS[: _TOP_KEYS.index(collection)]


class ApplyError(ValueError):
    """An id that is not in the evidence file, or a change the scenario cannot take."""


@dataclass
class Applied:
    """The scenario after the changes, its text, and one line per change made."""

    scenario: Scenario
    text: str
    notes: list[str] = field(default_factory=list)
    #: False when a change could not be made in the text and the file was written out whole
    layout_kept: bool = True


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


def source_title(article: Article, ev: EvidenceFile) -> str:
    """The article's headline; without one, the first line of its text (from an evidence
    item that starts there), else its publisher and date: never the file's name."""
    if article.title and article.title.strip():
        return article.title.strip()
    first = min(
        (e for e in ev.evidence if e.article == article.id and e.start == 0),
        key=lambda e: e.end,
        default=None,
    )
    if first is not None:
        line = first.sentence.strip().splitlines()[0].strip()
        if line:
            return line if len(line) <= 150 else line[:147] + "..."
    parts = [article.publisher or "news article", article.date.isoformat() if article.date else ""]
    return " of ".join(p for p in parts if p) + " (no headline)"


def apply_suggestions(
    scenario: Scenario,
    ev: EvidenceFile,
    chosen: list[Suggestion],
    reliability: Reliability = Reliability.secondary,
) -> tuple[Scenario, list[str]]:
    """The scenario with ``chosen`` applied, and one line per change made (no file text:
    see :func:`apply_to_text` to keep a file's layout)."""
    data = scenario_to_data(scenario)
    _, notes = plan(data, scenario, ev, chosen, reliability)
    try:
        return Scenario.model_validate(data), notes
    except Exception as exc:
        raise ApplyError(f"the changed scenario is not valid: {str(exc).splitlines()[0]}") from None


def read_scenario_text(text: str, name: str = "<scenario>") -> tuple[Scenario, dict[str, Any]]:
    """The scenario in ``text`` and the document it was read from, in one reading of the
    text (for :func:`apply_to_text`, which edits that document); :class:`ScenarioError`
    naming the file and listing every problem, as reading the file would."""
    scenario, problems, raw = parse_scenario_document(text, name)
    if scenario is None or raw is None:
        raise ScenarioError(name, problems)
    return scenario, raw


def apply_to_text(
    text: str,
    scenario: Scenario,
    ev: EvidenceFile,
    chosen: list[Suggestion],
    reliability: Reliability = Reliability.secondary,
    name: str = "<scenario>",
    raw: dict[str, Any] | None = None,
) -> Applied:
    """``text`` (the file of ``scenario``) with ``chosen`` applied in place: every comment,
    blank line, key order and quote kept, only the changed values and new records new.
    ``raw``, the document ``text`` holds (from :func:`read_scenario_text`), saves reading
    the text a second time."""
    if raw is None:
        try:
            raw, _, _ = read_yaml(text, WORDING)
        except ScenarioError as exc:
            raise ApplyError(f"{name}: cannot read the scenario file ({exc})") from None
    p = _Plan(copy.deepcopy(raw))
    edits, notes = plan_on(p, scenario, ev, chosen, reliability)
    kept = True
    fast = _in_runs(text, batches(edits, p.appends), p.data)
    if fast is not None:
        new = fast
    else:  # the safe way: one edit at a time, each placed in the text the one before made
        new = text
        for edit in edits:
            edited = edit_text(new, [edit])
            if edited is None and any(edit is o for o in p.optional):
                continue
            if edited is None:
                kept = False
                where = ".".join(str(step) for step in edit.path)
                notes.append(
                    f"the change at {where} could not be made in the text; {name} is "
                    "written out whole (its comments are lost)"
                )
                break
            new = edited
    if not kept:
        whole = copy.deepcopy(raw)  # the caller's document stays as read
        apply_changes(whole, edits)
        new = dump_yaml(whole)
    result, problems = parse_scenario(new, name)
    if result is None:
        first = next((p for p in problems if p.severity == "error"), problems[0])
        raise ApplyError(f"the changed scenario is not valid: {first.render(name)}")
    return Applied(result, new, notes, kept)


def _in_runs(text: str, runs: list[list[Edit]], planned: dict[str, Any]) -> str | None:
    """The edits made a run at a time (one reading of the text per run); None unless every
    run could be made and the text reads back as exactly the data planned."""
    for run in runs:
        edited = edit_text(text, run)
        if edited is None:
            return None
        text = edited
    try:
        again, _, _ = read_yaml(text, WORDING)
    except ScenarioError:
        return None
    return text if again == planned else None


def batches(edits: list[Edit], appends: list[Edit]) -> list[list[Edit]]:
    """``edits`` in runs that can each be made in one reading of the text, in the order
    planned: an edit starts a new run when it must follow one of the current run (its
    path means something else in the text the run starts from). ``appends``: the inserts
    that add at a list's end."""
    out: list[list[Edit]] = []
    for edit in edits:
        if out and not any(_ordered(a, edit, appends) for a in out[-1]):
            out[-1].append(edit)
        else:
            out.append([edit])
    return out


def _ordered(a: Edit, b: Edit, appends: list[Edit]) -> bool:
    """Whether ``b`` (planned after ``a``) must be made in a later run: its path goes
    through what ``a`` set or through items ``a`` shifted, or ``b`` sets what ``a``'s goes
    through."""
    return _shifts(a, b, appends) or _covers(a, b) or _covers(b, a)


def _covers(a: Edit, b: Edit) -> bool:
    """``a`` sets a key (not an insert) that ``b``'s path goes through or is."""
    return not a.insert and tuple(b.path[: len(a.path)]) == tuple(a.path)


def _shifts(a: Edit, b: Edit, appends: list[Edit]) -> bool:
    """``a`` inserts into a list ``b``'s path goes through, at or before ``b``'s item (two
    appends to one list do not: they land at its end in the order made)."""
    if not a.insert:
        return False
    where, at = tuple(a.path[:-1]), a.path[-1]
    if tuple(b.path[: len(where)]) != where or len(b.path) <= len(where):
        return False
    if b.insert and len(b.path) == len(where) + 1 and any(b is x for x in appends):
        return False
    step = b.path[len(where)]
    return isinstance(step, int) and isinstance(at, int) and step >= at


@dataclass
class _Plan:
    """The edits, made on ``data`` as they are planned so each sees the ones before."""

    data: dict[str, Any]
    edits: list[Edit] = field(default_factory=list)
    #: edits the text may do without (a note beside a changed value)
    optional: list[Edit] = field(default_factory=list)
    #: inserts that add an item at the end of a list
    appends: list[Edit] = field(default_factory=list)

    def do(self, edit: Edit, optional: bool = False) -> None:
        self.edits.append(edit)
        if optional:
            self.optional.append(edit)
        if edit.insert and _list_at(self.data, edit.path[:-1]) == edit.path[-1]:
            self.appends.append(edit)
        # A copy: a list the edit adds must not grow with the items appended to it later.
        apply_changes(self.data, [copy.deepcopy(edit)])

    def append(self, path: tuple[str | int, ...], value: Any, after: tuple[str, ...]) -> None:
        """``value`` appended to the list at ``path``; the list made when there is none."""
        parent: Any = self.data
        for step in path[:-1]:
            parent = parent[step]
        items = parent.get(path[-1]) if isinstance(parent, dict) else None
        if isinstance(items, list):
            self.do(Edit((*path, len(items)), value, insert=True))
        else:
            self.do(Edit(path, [value], after))

    def cite(self, path: tuple[str | int, ...], sid: str, after: tuple[str, ...]) -> None:
        record: Any = self.data
        for step in path:
            record = record[step]
        if sid not in (record.get("sources") or []):
            self.append((*path, "sources"), sid, after)


def plan(
    data: dict[str, Any],
    scenario: Scenario,
    ev: EvidenceFile,
    chosen: list[Suggestion],
    reliability: Reliability,
) -> tuple[list[Edit], list[str]]:
    """The edits that apply ``chosen`` to ``data`` (a scenario file's plain data, changed
    here as they are planned), and one note per change."""
    return plan_on(_Plan(data), scenario, ev, chosen, reliability)


def plan_on(
    p: _Plan,
    scenario: Scenario,
    ev: EvidenceFile,
    chosen: list[Suggestion],
    reliability: Reliability,
) -> tuple[list[Edit], list[str]]:
    articles = {a.id: a for a in ev.articles}
    data = p.data
    taken = {s["id"] for s in data.get("sources") or []}
    sources: dict[str, str] = {}
    notes: list[str] = []

    def cite(article_id: str) -> str:
        if article_id not in sources:
            art = articles.get(article_id)
            if art is None:
                raise ApplyError(f"suggestion refers to article '{article_id}', not in the file")
            sid = source_id(art, taken)
            taken.add(sid)
            record: dict[str, Any] = {"id": sid, "title": source_title(art, ev)}
            if art.publisher:
                record["publisher"] = art.publisher
            if art.url:
                record["url"] = art.url
            if art.date:
                record["date"] = art.date
            record["reliability"] = reliability.value
            record["note"] = f"read by accord ingest from {art.path}"
            p.append(("sources",), record, _before("sources"))
            sources[article_id] = sid
            notes.append(f"source '{sid}' added: {record['title']}")
        return sources[article_id]

    for sug in chosen:
        if sug.change is None:
            notes.append(f"{sug.id}: nothing to change ({sug.message})")
            continue
        sid = cite(sug.article)
        notes.append(f"{sug.id}: {_plan_one(p, sug, sid, scenario)}")
    return p.edits, notes


def _plan_one(p: _Plan, sug: Suggestion, sid: str, scenario: Scenario) -> str:
    ch = sug.change
    assert ch is not None
    data = p.data
    actors = data.get("actors") or []
    a_at = next((k for k, a in enumerate(actors) if a.get("id") == ch.actor), None)
    if ch.actor is not None and a_at is None:
        raise ApplyError(f"{sug.id}: no actor '{ch.actor}' in scenario '{scenario.id}'")
    stances = data.get("stances") or []
    s_at = next(
        (
            k
            for k, s in enumerate(stances)
            if s.get("actor") == ch.actor and s.get("issue") == ch.issue
        ),
        None,
    )
    if ch.op in {"cite_stance", "set_stance"}:
        if s_at is None:
            raise ApplyError(f"{sug.id}: no stance of '{ch.actor}' on '{ch.issue}' to change")
        at: tuple[str | int, ...] = ("stances", s_at)
        p.cite(at, sid, _STANCE_KEYS)
        if ch.op == "cite_stance":
            return f"stance {ch.actor}/{ch.issue} cites {sid}"
        what = ch.field or "position"
        if what not in ("position", "red_line"):  # what a suggestion changes (Change.field)
            raise ApplyError(
                f"{sug.id}: a suggestion changes a stance's position or red_line, not '{what}'"
            )
        old = stances[s_at].get(what)
        p.do(Edit((*at, what), ch.value, _STANCE_KEYS[: _STANCE_KEYS.index(what)]))
        said = f"{what} {old!r} -> {ch.value!r} from {sid}"
        note = stances[s_at].get("note")
        # A long note written across lines cannot be extended in place: then the change
        # stands without it (the source cited says where it came from).
        p.do(Edit((*at, "note"), f"{note}; {said}" if note else said), optional=True)
        return f"stance {ch.actor}/{ch.issue}: {what} {old!r} -> {ch.value!r}"
    if ch.op == "add_stance":
        if s_at is not None:
            raise ApplyError(f"{sug.id}: '{ch.actor}' already has a stance on '{ch.issue}'")
        p.append(
            ("stances",), _stance(ch.actor, ch.issue, ch.value, sid, ch.note), _before("stances")
        )
        return f"stance {ch.actor}/{ch.issue} added at {ch.value!r} (salience 0.5, placeholder)"
    if ch.op == "add_issue":
        return _add_issue(p, ch, sid)
    if ch.op in {"cite_batna", "add_batna", "cite_actor"}:
        if a_at is None:
            raise ApplyError(
                f"{sug.id}: {ch.op} names no actor; give the id of one of the scenario's actors"
            )
        if ch.op == "cite_actor":
            p.cite(("actors", a_at), sid, (*_ACTOR_KEYS, "batna", "uncertainty"))
            return f"actor {ch.actor} cites {sid}" + (f" ({ch.note})" if ch.note else "")
        batna = actors[a_at].get("batna")
        if ch.op == "cite_batna":
            if not batna:
                raise ApplyError(f"{sug.id}: actor '{ch.actor}' has no BATNA to cite")
            p.cite(("actors", a_at, "batna"), sid, ("description", "utility", "uncertainty"))
            return f"BATNA of {ch.actor} cites {sid}"
        if batna:
            raise ApplyError(f"{sug.id}: actor '{ch.actor}' already has a BATNA")
        new = {
            "description": str(ch.value),
            "sources": [sid],
            "judgement": "from a news article; utility unknown",
        }
        p.do(Edit(("actors", a_at, "batna"), new, _ACTOR_KEYS))
        return f"BATNA of {ch.actor} added (utility unknown)"
    if ch.op == "cite_event":
        events = data.get("events") or []
        e_at = next((k for k, e in enumerate(events) if e.get("id") == ch.event), None)
        if e_at is None:
            raise ApplyError(f"{sug.id}: no event '{ch.event}' to cite")
        p.cite(("events", e_at), sid, ("id", "date", "title", "actors"))
        return f"event '{ch.event}' cites {sid}"
    if ch.op == "add_event":
        return _add_event(p, ch.date, ch.title, ch.actors, sid)
    raise ApplyError(f"{sug.id}: unknown change '{ch.op}'")


def _add_issue(p: _Plan, ch: Any, sid: str) -> str:
    """A new yes/no issue with the holder's stance. The same issue proposed again (same id
    and name: the demand in another article, or by another party) gets the stance only; an
    issue that merely shares the id gets a numbered one."""
    name = ch.title or ch.issue
    issues = p.data.get("issues") or []
    ids = {i.get("id"): i for i in issues}
    iid, n = ch.issue, 2
    while iid in ids and ids[iid].get("name") != name:
        iid, n = f"{ch.issue}_{n}", n + 1
    if iid not in ids:
        issue = {
            "id": iid,
            "name": name,
            "description": f"Added from {sid}; judgement: {ch.note or 'from a news article'}",
            "kind": "boolean",
        }
        p.append(("issues",), issue, _before("issues"))
    stances = p.data.get("stances") or []
    at = next(
        (k for k, s in enumerate(stances) if (s.get("actor"), s.get("issue")) == (ch.actor, iid)),
        None,
    )
    if at is not None:
        p.cite(("stances", at), sid, _STANCE_KEYS)
        return f"issue '{iid}' is already there with {ch.actor}'s stance; the stance cites {sid}"
    p.append(("stances",), _stance(ch.actor, iid, ch.value, sid, ch.note), _before("stances"))
    made = "added (yes/no)" if iid not in ids else "already there"
    return f"issue '{iid}' {made}; {ch.actor}'s stance {ch.value!r} added"


def _list_at(data: Any, path: Any) -> int | None:
    """The length of the list at ``path``, None when there is none."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return len(data) if isinstance(data, list) else None


def _stance(actor: Any, issue: Any, value: Any, sid: str, why: str | None) -> dict[str, Any]:
    return {
        "actor": actor,
        "issue": issue,
        "position": value,
        "salience": 0.5,
        "sources": [sid],
        "judgement": why or "salience 0.5 is a placeholder; position from the article",
    }


def _add_event(p: _Plan, date: Any, title: Any, actors: list[str], sid: str) -> str:
    events = p.data.get("events") or []
    known = {e.get("id") for e in events}
    eid, n = f"{sid}-event", 2
    while eid in known:
        eid, n = f"{sid}-event-{n}", n + 1
    record = {
        "id": eid,
        "date": date,
        "title": title,
        "actors": actors,
        "sources": [sid],
    }
    # In date order: before the first event dated later (the file keeps the rest in place).
    at = next((k for k, e in enumerate(events) if str(e.get("date")) > str(record["date"])), None)
    if isinstance(p.data.get("events"), list) and at is not None:
        p.do(Edit(("events", at), record, insert=True))
    else:
        p.append(("events",), record, _before("events"))
    return f"event '{eid}' added on {date}"
