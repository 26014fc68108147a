"""Claims and denials: who asserted what (often about the other side) and who denied it."""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.demands import reporter
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, who
from accord.ingest.nlp import add_verbs, lemma
from accord.ingest.quotes import DENIAL_VERBS, Statement, rejects_a_claim, subject_of

_MAYBE = re.compile(
    r"claim|alleg|accus|assert|blam|maintain|den[yi]|reject|dismiss|refut|rebuff", re.I
)
CLAIM_VERBS = add_verbs(frozenset({"claim", "allege", "accuse", "assert", "blame", "maintain"}))
add_verbs(frozenset({"deny"}))
#: Words that deny inside reported speech: "said the claim was baseless".
_DENIAL_TEXT = re.compile(
    r"\b(not true|untrue|baseless|groundless|a lie\b|lies\b|fabricat\w*|fake|false|"
    r"simply wrong|no evidence|no sign|nonsense|no basis)",
    re.I,
)


def claims(info: DocInfo, stmts: list[Statement]) -> list[Evidence]:
    out: list[Evidence] = []
    by_sent = {st.sent.start: st for st in stmts}
    for sent in info.sents:
        stmt = by_sent.get(sent.start)
        done: set[tuple[str, str]] = set()
        for tok in sent if _MAYBE.search(sent.text) else ():
            base = lemma(tok)
            if tok.pos_ != "VERB":
                continue
            kind: EvidenceType | None = None
            if base in CLAIM_VERBS:
                kind = EvidenceType.claim
            elif base == "deny" or (base in DENIAL_VERBS and rejects_a_claim(tok)):
                kind = EvidenceType.denial
            if kind is None:
                continue
            subj = subject_of(tok)
            speaker = who(info, subj) if subj is not None else None
            if speaker is None and stmt is not None:
                speaker = stmt.speaker
            _add(out, done, info, sent, kind, speaker, tok, 0.85, stmt)
        if stmt is None:
            continue
        # Reported speech that calls something false denies it; reported speech about what
        # another party *had done* asserts a contested fact.
        if _DENIAL_TEXT.search(stmt.content or sent.text):
            _add(out, done, info, sent, EvidenceType.denial, stmt.speaker, stmt.verb, 0.6)
        elif _other_party_did(info, stmt):
            _add(out, done, info, sent, EvidenceType.claim, stmt.speaker, stmt.verb, 0.5)
    return out


def _other_party_did(info: DocInfo, stmt: Statement) -> bool:
    """Whether the statement says, in the past perfect, what another actor did."""
    verb = stmt.verb
    for child in verb.children:
        if child.dep_ != "ccomp":
            continue
        if not any(a.lower_ == "had" and a.dep_ == "aux" for a in child.children):
            continue
        subj = subject_of(child)
        if subj is None:
            continue
        s, e = subj.left_edge.i, subj.right_edge.i + 1
        actors = info.actors_in(s, e)
        if actors and actors[0] != stmt.speaker.actor:
            return True
    return False


def _add(
    out: list[Evidence],
    done: set[tuple[str, str]],
    info: DocInfo,
    sent: Any,
    kind: EvidenceType,
    speaker: Who | None,
    verb: Any,
    confidence: float,
    stmt: Statement | None = None,
) -> None:
    if speaker is None:
        return
    key = (kind.value, speaker.actor or speaker.name or "")
    if key in done:
        return
    done.add(key)
    words = list(verb.subtree)
    out.append(
        item(
            info.text,
            kind,
            sent.start_char,
            sent.end_char,
            text=info.doc[words[0].i : words[-1].i + 1].text,
            confidence=confidence if not speaker.resolved else confidence - 0.1,
            actor=speaker.actor,
            speaker=speaker.name,
            actors=info.actors_in(sent.start, sent.end),
            issues=info.issues_in(sent.start, sent.end),
            reporter=reporter(speaker, stmt),
        )
    )
