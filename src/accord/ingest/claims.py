"""Claims and denials: who asserted what (often about the other side) and who denied it."""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.demands import reporter
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, who
from accord.ingest.nlp import add_verbs, lemma
from accord.ingest.quotes import (
    DENIAL_VERBS,
    DISPUTING,
    Statement,
    rejects_a_claim,
    subject_of,
)

_MAYBE = re.compile(
    r"claim|alleg|accus|assert|blam|maintain|den[yi]|reject|dismiss|refut|rebuff|call|"
    r"reports",
    re.I,
)
#: What a party calls another to accuse it: "called Zelensky illegitimate".
_LABELS = re.compile(
    r"\b(?:illegitimate|illegal|unlawful|a puppet|puppets|a terrorist|terrorists|criminal|"
    r"criminals|a dictator|a liar|liars|protectionis\w+|discriminatory|corrupt|a regime)\b",
    re.I,
)
#: Nouns that hold a claim in a "that" clause: "Keller's claim that the union walked away".
_CLAIM_NOUNS = frozenset({"claim", "claims", "allegation", "allegations", "accusation"})
#: An accusation inside reported speech: "said the investigation was biased", "says the
#: duties break WTO rules", "say the army shelled the town". What a party is said to have
#: done wrong, or to be, not what it wants.
_ACCUSING = re.compile(
    r"\b(?:biased|protectionis\w+|illegal|unlawful|discriminat\w+|violat(?:ed|es|ing)|"
    r"breach(?:ed|es|ing)|"
    r"break(?:s|ing)? (?:\w+ ){0,3}(?:rules|law|laws|commitments|promises|agreement)|"
    r"broke (?:\w+ ){0,3}(?:rules|law|laws|commitments|promises|agreement)|"
    r"shell(?:ed|ing)|bomb(?:ed|ing)|fired (?:\w+ )?(?:on|at)|"
    r"back(?:ed|ing)? away|(?<!anti-)dumping|lied|cheat(?:ed|ing)|sabotag\w+|"
    r"ha(?:s|ve) evidence|ha(?:s|ve) proof|"
    # harm done: "three civilians were killed", "turned back a convoy", "plan to cut 1,200
    # jobs", "the ban has cost steelmakers two billion euros a year"
    r"(?:was|were|been) (?:killed|wounded|injured)|killed (?:\w+ ){0,2}(?:civilians|people)|"
    r"turned (?:\w+ ){0,3}back|plan(?:s|ned)? to (?:cut|shed|axe) (?:[\w,]+ ){0,3}jobs|"
    r"ha(?:s|ve|d) cost (?:\w+ ){1,4}?(?:around |about |some |over |more than )?"
    r"(?:[€$£]?\d[\d.,]*\w*|\w+ (?:million|billion|bn))|cost (?:[\w'’]+ ){0,2}jobs|"
    # goods sold too cheap: "sold in Europe below the cost of making it"
    r"below (?:the )?cost|"
    # ground won or lost: "the Front has lost ground", "its advance is speeding up"
    r"(?:lost|gained|taken) ground|"
    r"(?:advance|offensive) (?:\w+ ){0,5}(?:speeding up|accelerat\w+|gathering pace))\b",
    re.I,
)
CLAIM_VERBS = add_verbs(frozenset({"claim", "allege", "accuse", "assert", "blame", "maintain"}))
add_verbs(frozenset({"deny"}))
#: Nobody, or nobody in a place or body: "Nobody in our delegation".
_NOBODY = r"\b(?:nobody|no one)(?: (?:in|at|on|from)(?: [\w'’]+){1,3}?)?"
#: Words that deny inside reported speech: "said the claim was baseless".
_DENIAL_TEXT = re.compile(
    r"\b(not true|untrue|baseless|groundless|a lie\b|lies\b|fabricat\w*|fake|false|"
    r"simply wrong|no evidence|no sign|nonsense|no basis|not correct|incorrect|"
    r"nothing of the (?:kind|sort)|"
    # "Not one vessel has been rerouted", "not a single worker has been laid off"
    r"\bnot (?:one|a single)\b[^.;]{0,40}\b(?:has|have|was|were) been\b|"
    # "No ship has been diverted", "No crane has been ordered": an act the other side is
    # said to have done, denied; not the state of the talks ("no compromise had been found")
    r"(?<!the )\bno (?:such )?(?!(?:compromise|agreement|deal|breakthrough|decision|progress|"
    r"text|figure|date|consensus)\b)[a-z-]+ (?:has|have|had) been\b|"
    # "Nobody in our delegation has accepted 300 billion", "Nobody lost a job": an act of
    # a negotiation done by nobody, denied; not what nobody said, saw or thinks
    + _NOBODY
    + r" (?:(?:has|have|had) )?"
    r"(?:accepted|agreed|offered|proposed|traded|put forward|rerouted|diverted|signed|lost|"
    r"fired|ordered|promised|laid off)\b|"
    # "Nobody in Brussels is asking Indonesia to close a smelter": a demand said to be
    # made, denied; "Nobody is going to be laid off": a harm said to come, denied
     + _NOBODY + r" (?:is|was|has) "
    r"(?:asking|demanding|asked|demanded)\b|"
    r"\b(?:nobody|no one) (?:will|is going to) (?:be )?(?:laid off|sacked|lose)\b|"
    # "That is not so"; "No such commitment was ever made": a claim denied ("No army unit
    # fired on X" and "had no plans to go to war" are read as denials by some annotations
    # and as nothing by more, so are left to the detector)
    r"\b(?:that|this|it) (?:is|was|'s|’s) (?:simply )?not so\b|"
    r"\bno such \w+ (?:was|were) (?:ever )?(?:made|given|agreed|signed|offered|promised)\b|"
    # "That is not what I said", "That's not what he said": an account of one's words denied
    r"\b(?:that|this) (?:is|was|'s|’s) not what (?:I|we|he|she|they|the \w+) (?:said|meant)\b)",
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
        if _MAYBE.search(sent.text):
            for tok, holder in _worded_claims(info, sent):
                _add(out, done, info, sent, EvidenceType.claim, holder, tok, 0.6, stmt)
        if stmt is None:
            continue
        # Reported speech that calls something false denies it; reported speech about what
        # another party *had done*, or that accuses, asserts a contested fact.
        content = stmt.content or sent.text
        if _DENIAL_TEXT.search(content):
            _add(out, done, info, sent, EvidenceType.denial, stmt.speaker, stmt.verb, 0.6)
        elif lemma(stmt.verb) not in DISPUTING and (_other_party_did(info, stmt) or _accuses(stmt)):
            # (a denial's words name the claim it denies: they assert nothing of the denier's)
            _add(out, done, info, sent, EvidenceType.claim, stmt.speaker, stmt.verb, 0.5)
    return out


def _accuses(stmt: Statement) -> bool:
    """Reported speech whose content accuses ("said the investigation was biased"), unless
    it is a question or negated at the top ("did not say the army had shelled ...")."""
    if any(c.dep_ == "neg" for c in stmt.verb.children):
        return False
    return bool(_ACCUSING.search(stmt.content or ""))


def _worded_claims(info: DocInfo, sent: Any) -> list[tuple[Any, Who]]:
    """Claims held in their wording rather than a verb of claiming: "called X
    illegitimate", "Keller's claim that ...", "a claim, made by island delegates, that
    ...", "reports have suggested that ...", "there are reports that ..."."""
    found: list[tuple[Any, Who]] = []
    for tok in sent:
        low = tok.lower_
        if tok.pos_ == "VERB" and lemma(tok) == "call":
            said = [
                d for c in tok.children if c.dep_ in {"oprd", "acomp", "xcomp"} for d in c.subtree
            ]
            objects = [c.i for c in tok.children if c.dep_ == "dobj"]
            if not said and objects:
                # "called the leadership in Kyiv illegitimate": the parser may hang the label
                # inside a phrase after the object; the words up to the clause's end
                for d in (d for d in tok.subtree if d.i > objects[0]):
                    if d.text in {",", ";"} or d.dep_ in {"cc", "conj"}:
                        break
                    said.append(d)
            text = " ".join(d.text for d in said)
            subj = subject_of(tok)
            holder = who(info, subj) if subj is not None else None
            if holder is not None and _LABELS.search(text):
                found.append((tok, holder))
        elif low in _CLAIM_NOUNS and tok.pos_ == "NOUN" and _has_that_clause(tok):
            holder = _claim_holder(info, tok)
            if holder is not None:
                found.append((tok, holder))
        elif (
            low == "reports"
            and tok.pos_ == "NOUN"
            and not any(c.dep_ == "poss" for c in tok.children)
        ):
            # unnamed reports as the source: "Reports have suggested that", "There are
            # reports that"; never "reports by X" (then X holds it) or a verb "reports"
            says = tok.dep_ == "nsubj" and any(c.dep_ == "ccomp" for c in tok.head.children)
            there = tok.dep_ == "attr" and _has_that_clause(tok)
            if says or there:
                found.append((tok.head if says else tok, Who(None, tok.text)))
    return found


def _has_that_clause(tok: Any) -> bool:
    return any(
        c.dep_ in {"acl", "ccomp", "relcl"}
        and any(d.lower_ == "that" and d.dep_ == "mark" for d in c.children)
        for c in tok.children
    )


def _claim_holder(info: DocInfo, noun: Any) -> Who | None:
    """Whose claim: the possessor ("Keller's claim", "the union's claim") or the agent of
    "made by" ("a claim, made by island delegates, that ...")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return who(info, c)
        if c.dep_ == "acl" and c.lower_ in {"made", "voiced", "put"}:
            for p in c.children:
                if p.dep_ == "agent":
                    for o in p.children:
                        if o.dep_ == "pobj":
                            return who(info, o)
    return None


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
