"""Compare evidence with the scenario: does it support the current value, contradict it, or
say something the scenario does not have yet? Each suggestion carries the change that
accepting it would make (see :mod:`accord.ingest.apply`); none is applied here.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.evidence import Change, Evidence, EvidenceFile, EvidenceType, Suggestion, Verdict
from accord.ingest.mentions import content_words
from accord.model import IssueKind, Scenario

#: Words that say a demand is a limit rather than a wish.
_RED_LINE = re.compile(
    r"red line|never|not up for negotiation|non-negotiable|unacceptable|will not|won't|"
    r"would not|refuse|reject",
    re.I,
)
_NUMBER = re.compile(r"(\d[\d,.]*)\s*(%|per ?cent|percent|billion|bn|trillion|thousand|000)?", re.I)


def suggest(scenario: Scenario, ev: EvidenceFile) -> list[Suggestion]:
    out: list[Suggestion] = []
    for e in ev.evidence:
        for verdict, message, change in _judge(scenario, e):
            out.append(
                Suggestion(
                    id=f"s{len(out) + 1}",
                    evidence=e.id,
                    article=e.article,
                    verdict=verdict,
                    message=message,
                    change=change,
                )
            )
    return out


def _judge(scenario: Scenario, e: Evidence) -> list[tuple[Verdict, str, Change | None]]:
    if e.type is EvidenceType.demand and e.actor:
        return [_stance(scenario, e, issue) for issue in e.issues]
    if e.type is EvidenceType.threat and e.actor:
        return [_batna(scenario, e)]
    if e.type is EvidenceType.event and e.date is not None and e.actors:
        return [_event(scenario, e)]
    return []


def option_in(scenario: Scenario, issue_id: str, text: str) -> str | None:
    """The option whose label the text echoes most (two shared content words at least)."""
    issue = scenario.issue(issue_id)
    words = content_words(text)
    scored = sorted(
        (
            (len(words & content_words(f"{o.label} {o.id.replace('_', ' ')}")), o.id)
            for o in issue.options or []
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def number_in(scenario: Scenario, issue_id: str, text: str) -> float | None:
    """A number in the text inside the issue's range (a continuous issue's stated value)."""
    issue = scenario.issue(issue_id)
    lo, hi = issue.bounds()
    for m in _NUMBER.finditer(text):
        try:
            value = float(m.group(1).replace(",", "").rstrip("."))
        except ValueError:
            continue
        if m.group(2) and m.group(2).lower() == "trillion":
            value *= 1000
        if lo <= value <= hi and not (1900 <= value <= 2100 and not m.group(2)):
            return value
    return None


def _stance(scenario: Scenario, e: Evidence, issue_id: str) -> tuple[Verdict, str, Change | None]:
    actor = scenario.actor(e.actor or "")
    issue = scenario.issue(issue_id)
    head = f"{actor.name}, {issue.name}"
    red = e.kind == "red_line" or bool(_RED_LINE.search(e.sentence))
    field = "red_line" if red else "position"
    value: Any = None
    if issue.kind is IssueKind.ordinal:
        value = option_in(scenario, issue_id, e.sentence)
    elif issue.kind is IssueKind.continuous:
        value = number_in(scenario, issue_id, e.sentence)
    stated = f"stated {'red line' if red else 'position'}"
    shown = f" '{issue.label(value)}'" if value is not None else ""
    stance = scenario.stance(actor.id, issue_id)
    if stance is None:
        change = (
            Change(op="add_stance", actor=actor.id, issue=issue_id, field="position", value=value)
            if value is not None and not red
            else None
        )
        return Verdict.new, f"{head}: {stated}{shown} — the scenario has no stance yet", change
    current = getattr(stance, field)
    cite = Change(op="cite_stance", actor=actor.id, issue=issue_id)
    if value is None:
        if red and stance.red_line is None:
            return (
                Verdict.new,
                f"{head}: {stated} (setting not named) — the scenario has no red line",
                cite,
            )
        what = (
            f"current {field.replace('_', ' ')} '{issue.label(current)}'"
            if current is not None
            else "the stance"
        )
        return (
            Verdict.supports,
            f"{head}: {stated} (setting not named) — consistent with {what}",
            cite,
        )
    if current is None:
        return (
            Verdict.new,
            f"{head}: {stated}{shown} — the scenario has no {field.replace('_', ' ')}",
            Change(op="set_stance", actor=actor.id, issue=issue_id, field=field, value=value),
        )
    if current == value:
        return (
            Verdict.supports,
            f"{head}: {stated}{shown} — matches current {field.replace('_', ' ')}",
            cite,
        )
    return (
        Verdict.contradicts,
        f"{head}: {stated}{shown} — current {field.replace('_', ' ')} is '{issue.label(current)}'",
        Change(op="set_stance", actor=actor.id, issue=issue_id, field=field, value=value),
    )


def _batna(scenario: Scenario, e: Evidence) -> tuple[Verdict, str, Change | None]:
    actor = scenario.actor(e.actor or "")
    kind = (e.kind or "threat").replace("_", " ")
    if actor.batna is None:
        return (
            Verdict.new,
            f"{actor.name}, alternative to a deal: signals '{kind}' — the scenario has no BATNA",
            Change(op="add_batna", actor=actor.id, value=e.sentence.strip()[:300]),
        )
    return (
        Verdict.supports,
        f"{actor.name}, alternative to a deal: signals '{kind}' — "
        f"current BATNA: {actor.batna.description[:80]}",
        Change(op="cite_batna", actor=actor.id),
    )


def _event(scenario: Scenario, e: Evidence) -> tuple[Verdict, str, Change | None]:
    assert e.date is not None
    for known in scenario.events:
        close = abs((known.date - e.date).days) <= 1
        if close and (set(known.actors) & set(e.actors) or not known.actors):
            return (
                Verdict.supports,
                f"event on {e.date.isoformat()}: already recorded as '{known.title}'",
                Change(op="cite_event", event=known.id, date=known.date, title=known.title),
            )
    title = re.sub(r"\s+", " ", e.sentence).strip()
    title = title if len(title) <= 120 else title[:117] + "..."
    names = ", ".join(scenario.actor(a).name for a in e.actors)
    return (
        Verdict.new,
        f"event on {e.date.isoformat()} ({names}; {e.outcome or 'held'}): not in the scenario",
        Change(op="add_event", date=e.date, title=title, actors=list(e.actors)),
    )
