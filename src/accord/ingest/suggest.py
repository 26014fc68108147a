"""Compare evidence with the scenario and say what it teaches: does it *support* the current
value, *contradict* it, or *propose* something the scenario lacks (a new issue, a new
stance, a red line, a change in how a party sees its alternative, a sign that a mediator
leans to one side)? Each suggestion quotes the evidence and carries the change that
accepting it would make (see :mod:`accord.ingest.apply`); none is applied here.

What the rules assume, in words:

* A demand *against* something (``polarity: against``, or, where the extractor left the
  polarity out, wording such as *rejected*, *refuses*, *will never*, *unacceptable*) says
  the setting it names is unacceptable to the holder. It is compared with the holder's red
  line and never becomes a position or a red line *at* that setting: if the scenario still
  accepts the setting, the suggested red line is the nearest setting to the holder's
  position that leaves it out.
* A demand whose polarity the extractor left ``unknown`` (a clause for one thing and
  against another) suggests no stance, red line or issue: a guessed side could reverse it.
* A demand *for* something in the wording of a condition (*red line*, *non-negotiable*,
  *only if*, *precondition*) names the holder's red line; any other demand its position.
* "Nearer" is nearness to the holder's position on the issue's scale (or the stance's
  utility table when it has one): the analysis reads a red line the same way.
* A demand naming no scenario issue proposes a new yes/no issue, with the holder's stance
  (for: yes; against: no) at salience 0.5, a placeholder the analyst must set.
* A threat to fight on or walk away from a party whose BATNA describes no such course is a
  sign the party sees its alternative otherwise than the scenario does; the BATNA's
  utility is never changed from text.
* A mediator who advises, coaches, presses or gives an ultimatum to one party, in the
  mediator's own item, is a sign of bias (towards the party coached, against the party
  pressed).
* An event matches a scenario event only when the dates are within a day, the
  participants overlap (when both name any) and the titles share a content word; of
  several, the one sharing most participants, then most words, then the nearest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from accord.analysis.utility import TOLERANCE, compile_preferences, encode_setting
from accord.ingest.evidence import Change, Evidence, EvidenceFile, EvidenceType, Suggestion, Verdict
from accord.ingest.mentions import content_words
from accord.model import IssueKind, Role, Scenario
from accord.model.issues import Issue
from accord.model.stances import Stance

#: Words that make a demand a condition, a limit, when it is *for* what it names.
_CONDITION = re.compile(
    r"red line|non-negotiable|not negotiable|not up for negotiation|\bonly if\b|"
    r"\bon condition\b|precondition|\bunless\b",
    re.I,
)
#: Words that make a demand a rejection of what it names, when the extractor gave no polarity.
_AGAINST = re.compile(
    r"\b(?:reject\w*|refus\w*|oppos\w*|rul\w* out|dismiss\w*|never|will not|won't|would not|"
    r"wouldn't|cannot|can't|unacceptable|not accept\w*|no to)\b",
    re.I,
)
_NUMBER = re.compile(r"(\d[\d,.]*)\s*(%|per ?cent|percent|billion|bn|trillion|thousand|000)?", re.I)
#: A mediator working on one party: advice and coaching help it; pressure pushes it.
#: Verb forms only: the nouns ("press conference", "Ukrainian forces", "urgent", "tipping
#: point") are everyday words of war reporting and say nothing about a mediator.
_COACH = re.compile(
    r"\b(?:advis(?:ed|es|ing)|coach(?:ed|es|ing)|counsell?(?:ed|ing)|suggested how)\b", re.I
)
_PRESS = re.compile(
    r"\b(?:press(?:ed|es|ing)|pressured?|pressuring|push(?:ed|es|ing)|urg(?:ed|es|ing)|"
    r"lean(?:ed|s|ing)? on|squeez(?:ed|es|ing)|ultimatum|strong-?arm(?:ed|ing)?)\b",
    re.I,
)
#: The items that can show a mediator working on one side: what someone said, demanded,
#: claimed or threatened (a meeting "to push for a deal" is mediation, not leaning).
_BIAS_TYPES = {EvidenceType.demand, EvidenceType.threat, EvidenceType.quote, EvidenceType.claim}
#: What a BATNA description says when the party's alternative is to fight on or walk away.
_BATNA_WORDS = {
    "fight": re.compile(r"fight|war\b|offensive|military|front|battlefield|attack", re.I),
    "walk_away": re.compile(r"walk\w* away|leav\w*|withdraw\w*|take a pass|exit|quit", re.I),
}
QUOTE_CHARS = 200


def suggest(scenario: Scenario, ev: EvidenceFile) -> list[Suggestion]:
    """Every suggestion the evidence makes on ``scenario``, numbered s1, s2, ..."""
    out: list[Suggestion] = []
    for e in ev.evidence:
        for verdict, about, message, change in judge(scenario, e):
            out.append(
                Suggestion(
                    id=f"s{len(out) + 1}",
                    evidence=e.id,
                    article=e.article,
                    verdict=verdict,
                    about=about,
                    message=message,
                    quote=quote(e),
                    change=change,
                )
            )
    return out


Judged = tuple[Verdict, str, str, Change | None]


def quote(e: Evidence) -> str:
    """The evidence as the article words it, on one line, shortened to ``QUOTE_CHARS``."""
    text = re.sub(r"\s+", " ", e.sentence).strip()
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


def judge(scenario: Scenario, e: Evidence) -> Iterator[Judged]:
    """What one evidence item says about the scenario (nothing for most mentions)."""
    known = {a.id for a in scenario.actors}
    actor = e.actor if e.actor in known else None
    if e.type is EvidenceType.demand and e.polarity == "unknown":
        pass  # for or against, the wording does not say: no stance, red line or issue from it
    elif e.type is EvidenceType.demand and actor:
        if e.issues:
            for issue in e.issues:
                yield stance_suggestion(scenario, e, actor, issue)
        else:
            found = new_issue(scenario, e, actor)
            if found is not None:
                yield found
    elif e.type is EvidenceType.threat and actor:
        yield batna_suggestion(scenario, e, actor)
    elif e.type is EvidenceType.event and e.date is not None and participants(e):
        yield event_suggestion(scenario, e)
    if actor and scenario.actor(actor).role is Role.mediator:
        found = mediator_bias(scenario, e, actor)
        if found is not None:
            yield found


def participants(e: Evidence) -> list[str]:
    """An event's participants as the extractor found them, or else every actor it names."""
    return list(e.participants or e.actors)


def against(e: Evidence) -> bool:
    """Whether the holder rejects what the demand names (the extractor's polarity first)."""
    polarity = e.polarity
    if polarity is not None:
        return bool(polarity == "against")
    return bool(_AGAINST.search(e.sentence))


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


def setting_named(scenario: Scenario, issue: Issue, e: Evidence) -> Any:
    """The setting the demand names, if it names one (an option's label, or a number)."""
    # The demanded clause first: the sentence may name other settings around it.
    for text in (e.text, e.sentence):
        if issue.kind is IssueKind.ordinal:
            value: Any = option_in(scenario, issue.id, text)
        elif issue.kind is IssueKind.continuous:
            value = number_in(scenario, issue.id, text)
        else:
            value = None
        if value is not None:
            return value
    return None


def nearness(issue: Issue, stance: Stance) -> dict[Any, float]:
    """How good each setting of an ordinal or yes/no issue is for the stance's holder: the
    table's utility where the stance has one, else minus the distance from its position."""
    if issue.kind is IssueKind.continuous:
        return {}
    ids: list[Any] = issue.option_ids() if issue.kind is IssueKind.ordinal else [False, True]
    if stance.table:
        keys = {v: str(v).lower() if isinstance(v, bool) else str(v) for v in ids}
        return {v: float(stance.table.get(keys[v], 0.0)) for v in ids}
    pos = dict(zip(ids, issue.positions(), strict=True))
    here = pos.get(stance.position)
    if here is None:
        return {}
    # Rounded: evenly spaced options at equal distances must tie, as they do in the analysis.
    return {v: -round(abs(p - here), 9) for v, p in pos.items()}


def red_line_without(issue: Issue, stance: Stance, rejected: Any) -> Any:
    """The red line that leaves ``rejected`` out and nothing more: the setting nearest to
    it on the holder's own scale among those the holder likes strictly better; None when
    the rejected setting is the holder's position (nothing better to draw the line at)."""
    good = nearness(issue, stance)
    if rejected not in good:
        return None
    better = [(u, v) for v, u in good.items() if u > good[rejected]]
    if not better:
        return None
    worst = min(u for u, _ in better)
    # Ties (two options at the same distance): the one on the rejected setting's side.
    ids = list(good)
    tied = [v for u, v in better if u == worst]
    return min(tied, key=lambda v: abs(ids.index(v) - ids.index(rejected)))


def stance_suggestion(scenario: Scenario, e: Evidence, actor_id: str, issue_id: str) -> Judged:
    actor = scenario.actor(actor_id)
    issue = scenario.issue(issue_id)
    head = f"{actor.name}, {issue.name}"
    value = setting_named(scenario, issue, e)
    stance = scenario.stance(actor_id, issue_id)
    if against(e):
        return _rejection(scenario, issue, stance, e, head, actor_id, value)
    red = e.kind == "red_line" or bool(_CONDITION.search(e.sentence))
    field = "red_line" if red else "position"
    what = field.replace("_", " ")
    about = "red_line" if red else "value"
    stated = f"stated {'condition (red line)' if red else 'position'}"
    shown = f" '{issue.label(value)}'" if value is not None else ""
    on = _on(scenario, e)
    if stance is None:
        if value is None or red:
            return (
                Verdict.proposes,
                "new_stance",
                f"{head}: {stated}{shown}{on} — the scenario has no stance; the setting is "
                "not named, so none is added",
                None,
            )
        note = f"salience 0.5 is a placeholder; position from the article: {quote(e)}"
        return (
            Verdict.proposes,
            "new_stance",
            f"{head}: {stated}{shown}{on} — new stance at that position (salience 0.5, a "
            "placeholder)",
            Change(
                op="add_stance",
                actor=actor_id,
                issue=issue_id,
                field="position",
                value=value,
                note=note,
            ),
        )
    cite = Change(op="cite_stance", actor=actor_id, issue=issue_id)
    current = getattr(stance, field)
    if value is None:
        if red and stance.red_line is None:
            return (
                Verdict.proposes,
                "red_line",
                f"{head}: {stated}{on} (setting not named) — the scenario has no red line; "
                "review (cites the article)",
                cite,
            )
        held = f"current {what} '{issue.label(current)}'" if current is not None else "the stance"
        return (
            Verdict.supports,
            about,
            f"{head}: {stated}{on} (setting not named) — consistent with {held}",
            cite,
        )
    change = Change(
        op="set_stance",
        actor=actor_id,
        issue=issue_id,
        field=field,
        value=value,
        note=f"{what} set from the article: {quote(e)}",
    )
    if current is None:
        return (
            Verdict.proposes,
            about,
            f"{head}: {stated}{shown}{on} — the scenario has no {what}; set it",
            change,
        )
    if current == value:
        return (
            Verdict.supports,
            about,
            f"{head}: {stated}{shown}{on} — matches current {what}",
            cite,
        )
    return (
        Verdict.contradicts,
        about,
        f"{head}: {stated}{shown}{on} — current {what} is '{issue.label(current)}'; set it "
        f"to{shown}",
        change,
    )


def _on(scenario: Scenario, e: Evidence) -> str:
    target = e.target
    if target and target != e.actor and target in {a.id for a in scenario.actors}:
        return f" (demanded of {scenario.actor(target).name})"
    return ""


def rules_out(scenario: Scenario, actor_id: str, issue: Issue, rejected: Any) -> bool:
    """Whether the actor's red line on ``issue`` already excludes ``rejected``, read as the
    analysis reads red lines (the setting's utility below the red line's, by more than
    :data:`~accord.analysis.utility.TOLERANCE`), on every kind of issue."""
    prefs = compile_preferences(scenario)
    if actor_id not in prefs.actors:
        return False
    a, i = prefs.actors.index(actor_id), prefs.issues.index(issue.id)
    pos = np.zeros((1, len(prefs.issues)))
    idx = np.zeros((1, len(prefs.issues)), dtype=np.intp)
    pos[0, i], idx[0, i] = encode_setting(issue, rejected)
    # NaN red line (none): the comparison is False
    return bool(prefs.issue_utilities(pos, idx)[a, 0, i] < prefs.red[a, i] - TOLERANCE)


def _rejection(
    scenario: Scenario,
    issue: Issue,
    stance: Stance | None,
    e: Evidence,
    head: str,
    actor_id: str,
    rejected: Any,
) -> Judged:
    """A demand against ``rejected``: never a position or red line at it."""
    named = f" '{issue.label(rejected)}'" if rejected is not None else ""
    said = f"{head}: rejects{named or ' (setting not named)'}"
    if stance is None:
        return (
            Verdict.proposes,
            "new_stance",
            f"{said} — the scenario has no stance; a rejection alone does not give a position, "
            "so none is added",
            None,
        )
    cite = Change(op="cite_stance", actor=actor_id, issue=issue.id)
    if rejected is None:
        return Verdict.supports, "red_line", f"{said} — cites the article on the stance", cite
    if rejected == stance.position:
        return (
            Verdict.contradicts,
            "value",
            f"{said}, which is its current position — the position needs review (the article "
            "does not say what it wants instead; cites the article)",
            cite,
        )
    if rules_out(scenario, actor_id, issue, rejected):
        return (
            Verdict.supports,
            "red_line",
            f"{said} — its red line '{issue.label(stance.red_line)}' already rules it out",
            cite,
        )
    line = red_line_without(issue, stance, rejected)
    if line is None:  # a continuous issue, or nothing nearer the position to draw the line at
        return (
            Verdict.contradicts if stance.red_line is not None else Verdict.proposes,
            "red_line",
            f"{said} — the scenario accepts it; review the red line (cites the article)",
            cite,
        )
    change = Change(
        op="set_stance",
        actor=actor_id,
        issue=issue.id,
        field="red_line",
        value=line,
        note=f"red line drawn to leave out{named}, rejected in the article: {quote(e)}",
    )
    if stance.red_line is None:
        return (
            Verdict.proposes,
            "red_line",
            f"{said} — the scenario has no red line; a red line at '{issue.label(line)}' rules "
            "it out",
            change,
        )
    return (
        Verdict.contradicts,
        "red_line",
        f"{said} — its red line '{issue.label(stance.red_line)}' accepts it; move the red line "
        f"to '{issue.label(line)}'",
        change,
    )


def issue_id_for(scenario: Scenario, text: str) -> str | None:
    """A new issue's id from the demand's first content words (unused in the scenario)."""
    content = content_words(text)  # in the text's order, below
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w in content]
    if len(words) < 2:
        return None
    base = "_".join(words[:4])[:40].strip("_")
    taken = {i.id for i in scenario.issues}
    iid, n = base, 2
    while iid in taken:
        iid, n = f"{base}_{n}", n + 1
    return iid


#: The verb of demanding or rejecting a clause follows, and the attribution at the end.
_LEAD = re.compile(
    r"^.*?\b(?:demand(?:s|ed)?|want(?:s|ed)?|call(?:s|ed)? for|press(?:es|ed)? for|"
    r"insist(?:s|ed)? on|seek(?:s)?|sought|expect(?:s|ed)?|reject(?:s|ed)?|refus(?:es|ed)|"
    r"oppos(?:es|ed)|rul(?:es|ed) out)\s+",
    re.I,
)
_ATTRIBUTION = re.compile(
    r",\s*(?:he|she|they|it|the \w+|[A-Z][\w.-]*(?: [A-Z][\w.-]*)*)\s+"
    r"(?:said|says|added|adds|told \w+|insisted|stressed)\s*$"
)


def demanded_clause(text: str) -> str:
    """What a demand asks for: the words after its verb, without "..., he added"."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    text = _ATTRIBUTION.sub("", text)
    clause = _LEAD.sub("", text, count=1)
    return clause if len(clause.split()) >= 2 else text


def new_issue(scenario: Scenario, e: Evidence, actor_id: str) -> Judged | None:
    """A demand on something no issue covers: a new yes/no issue with the holder's stance."""
    text = demanded_clause(e.text)
    iid = issue_id_for(scenario, text)
    if iid is None:
        return None
    no = against(e)
    name = text[:1].upper() + text[1:] if len(text) <= 80 else text[:77] + "..."
    actor = scenario.actor(actor_id)
    stand = "against" if no else "for"
    return (
        Verdict.proposes,
        "new_issue",
        f"{actor.name} {'rejects' if no else 'demands'} something no issue covers: '{name}'"
        f"{_on(scenario, e)} — new yes/no issue '{iid}' with {actor.name}'s stance {stand} it "
        "(salience 0.5, a placeholder; other parties' stances unknown)",
        Change(
            op="add_issue",
            actor=actor_id,
            issue=iid,
            title=name,
            value=not no,
            note=f"new issue from the article; salience 0.5 is a placeholder: {quote(e)}",
        ),
    )


def batna_suggestion(scenario: Scenario, e: Evidence, actor_id: str) -> Judged:
    actor = scenario.actor(actor_id)
    kind = e.kind or "threat"
    said = kind.replace("_", " ")
    if actor.batna is None:
        return (
            Verdict.proposes,
            "batna",
            f"{actor.name}, alternative to a deal: signals '{said}' — the scenario has no BATNA; "
            "add one from the sentence (utility unknown)",
            Change(op="add_batna", actor=actor.id, value=e.sentence.strip()[:300], note=quote(e)),
        )
    words = _BATNA_WORDS.get(kind)
    described = actor.batna.description
    if words is not None and not words.search(described):
        return (
            Verdict.contradicts,
            "batna_perception",
            f"{actor.name}, alternative to a deal: signals it would {said}, which its BATNA "
            f"('{described[:80]}') does not describe — it may see its alternative otherwise "
            "than the scenario does; review the BATNA and its perceived value (utility not "
            "changed from text; cites the article)",
            Change(op="cite_batna", actor=actor.id),
        )
    return (
        Verdict.supports,
        "batna",
        f"{actor.name}, alternative to a deal: signals '{said}' — current BATNA: {described[:80]}",
        Change(op="cite_batna", actor=actor.id),
    )


def mediator_bias(scenario: Scenario, e: Evidence, mediator: str) -> Judged | None:
    """A mediator coaching or pressing one party, in the mediator's own item."""
    if e.type not in _BIAS_TYPES:
        return None
    named = list(dict.fromkeys([*([e.target] if e.target else []), *participants(e)]))
    roles = {a.id: a.role for a in scenario.actors}
    parties = [a for a in named if a != mediator and roles.get(a) is Role.party]
    if len(parties) != 1:  # one side only: naming both is mediation, not leaning
        return None
    coach, press = _COACH.search(e.sentence), _PRESS.search(e.sentence)
    if not coach and not press:
        return None
    who, side = scenario.actor(mediator).name, scenario.actor(parties[0]).name
    how = f"coaching {side} (leans towards it)" if coach else f"pressing {side} (leans against it)"
    return (
        Verdict.proposes,
        "mediator_bias",
        f"sign of mediator bias: {who} {how} — cites the article on {who}; weigh it in the "
        "mediator's description and any lever that depends on its neutrality",
        Change(op="cite_actor", actor=mediator, note=f"sign of bias, {how}: {quote(e)}"),
    )


def event_suggestion(scenario: Scenario, e: Evidence) -> Judged:
    assert e.date is not None
    taking_part = participants(e)
    words = content_words(e.sentence)
    # The best of the scenario's events within a day: most participants shared, then most
    # words shared, then the nearest date; a date alone never matches.
    scored = []
    for known in scenario.events:
        days = abs((known.date - e.date).days)
        shared = set(known.actors) & set(taking_part)
        alike = words & content_words(f"{known.title} {(known.id or '').replace('-', ' ')}")
        if days <= 1 and (shared or not known.actors) and alike:
            scored.append(((len(shared), len(alike), -days), known))
    if scored:
        known = max(scored, key=lambda x: x[0])[1]
        return (
            Verdict.supports,
            "event",
            f"event on {e.date.isoformat()}: already recorded as '{known.title}'",
            Change(op="cite_event", event=known.id, date=known.date, title=known.title),
        )
    title = re.sub(r"\s+", " ", e.sentence).strip()
    title = title if len(title) <= 120 else title[:117] + "..."
    actor_names = {a.id: a.name for a in scenario.actors}
    taking_part = [a for a in taking_part if a in actor_names]
    names = ", ".join(actor_names[a] for a in taking_part)
    return (
        Verdict.proposes,
        "event",
        f"event on {e.date.isoformat()} ({names}; {e.outcome or 'held'}): not in the scenario",
        Change(op="add_event", date=e.date, title=title, actors=taking_part),
    )
