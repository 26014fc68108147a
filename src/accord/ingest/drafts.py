"""What a draft says: its terms are the positions of whoever tabled it.

A paper, a draft or a framework cannot hold a position; its drafter does. "Lucia Serrano
tabled two pages on Sunday night. The paper sets a goal of 600 billion dollars" is the
presidency's demand for that goal, and "It says nothing at all about power sharing" is the
drafter's demand against what the text leaves out. This module says which words state a
draft's term (:func:`states_a_term`), whether the term is an omission
(:func:`leaves_out`), and who drafted it (:func:`drafter`): the owner the text gives it
("Kyiv's text", "the mediator's paper"), else the party that tabled, circulated or wrote
it in the sentences before. With no drafter found, no holder is read: the words alone do
not say whose the draft is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from accord.ingest.mentions import DocInfo, Who, last_group, who
from accord.ingest.nlp import add_verbs, lemma, words

#: Nouns for a written proposal.
DOCUMENTS = words(
    "paper papers draft drafts text texts plan plans proposal proposals framework frameworks "
    "document documents version versions counterproposal counterproposals counter-proposal "
    "blueprint blueprints offer offers"
)
#: What a tabled paper may be counted in: "tabled two pages".
_PAGES = words("page pages")
#: "says nothing about X", "makes no mention of X": read for their objects (leaves_out).
add_verbs(words("say make"))
#: Verbs by which a draft states a term: "the paper sets a goal of ...", "it offers ...".
_TERMS = add_verbs(
    words(
        "set propose include offer provide envisage foresee grant give require allow keep "
        "mention omit call put"
    )
)
#: Verbs by which a party puts a draft forward.
_TABLING = add_verbs(
    words("table present circulate draft submit send publish unveil propose write hand put draw")
)


def _subject(verb: Any) -> Any | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _is_document(tok: Any) -> bool:
    return tok.lower_ in DOCUMENTS or lemma(tok) in DOCUMENTS


def _draft_noun(pronoun: Any, back: int = 3) -> Any | None:
    """The draft "it" stands for: the document named as the subject or object of the
    sentence before, or the one that sentence's own "it" stands for ("Mokoena tabled a
    paper. It calls for observers. It says nothing about ...")."""
    sent = pronoun.sent
    if pronoun.lower_ != "it" or sent.start == 0 or back == 0:
        return None
    before = pronoun.doc[sent.start - 1].sent
    for t in before:
        # (a sentence the parser reads as one noun phrase has the paper as its root)
        if t.dep_ in {"nsubj", "nsubjpass", "dobj", "ROOT"} and _is_document(t):
            return t
    # the sentence before's own "it" for the draft, as its subject or in an aside ("Russian
    # assets, it said, would stay frozen")
    subj = _subject(before.root)
    its = [t for t in before if t.lower_ == "it" and t.dep_ in {"nsubj", "nsubjpass"}]
    subj = subj if subj is not None and subj.lower_ == "it" else (its[0] if its else subj)
    return _draft_noun(subj, back - 1) if subj is not None else None


def _refers_to_a_draft(pronoun: Any) -> bool:
    return _draft_noun(pronoun) is not None


def draft_speaks(info: DocInfo, verb: Any) -> Who | None:
    """The drafter, when the subject of ``verb`` is "it" for a draft named just before:
    "The European text asked ... Russian assets, it said, would stay frozen", "On foreign
    forces it ruled out only ...": a paper says and rules out what its drafter does."""
    subj = _subject(verb)
    if subj is None or subj.lower_ != "it" or not _refers_to_a_draft(subj):
        return None
    sent = info.sent_at(subj.i)
    if any(t.dep_ == "nsubj" and t.i in info.actor_of_token for t in sent if t.i < subj.i):
        return None  # "the Front set out what it wants": "it" is the party named before it
    return drafter(info, verb)


def states_a_term(tok: Any) -> bool:
    """Whether ``tok`` is a verb by which a draft states a term: its subject is a document
    ("The paper sets a goal", "Kyiv's text offers") or "it" for one; "says nothing about"
    and "makes no mention of" state what the draft leaves out."""
    if tok.pos_ != "VERB":
        return False
    subj = _subject(tok)
    if subj is None or not (_is_document(subj) or _refers_to_a_draft(subj)):
        return False
    base = lemma(tok)
    if base in {"say", "make"}:
        return leaves_out(tok)
    if base == "call":
        return any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    return base in _TERMS


def leaves_out(tok: Any) -> bool:
    """A term that is an omission: "does not mention X", "says nothing about X", "makes no
    mention of X", "omits X", "does not include X", "sets no date for X"."""
    base = lemma(tok)
    if base == "omit":
        return True
    if base in {"mention", "include", "offer", "provide", "give"} and any(
        c.dep_ == "neg" for c in tok.children
    ):
        return True
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if any(any(d.dep_ == "det" and d.lower_ == "no" for d in o.children) for o in objects):
        return True  # "It sets no date for a phase-out", "names no figure"
    if base == "say":
        return any(o.lower_ == "nothing" for o in objects)
    if base == "make":
        return any(
            o.lower_ == "mention" and any(d.lower_ == "no" for d in o.children) for o in objects
        )
    return False


def drafter(info: DocInfo, verb: Any) -> Who | None:
    """Who drafted the paper that is the subject of ``verb``: its owner as written, else the
    subject of the last verb of tabling a paper before it, in its sentence or the three
    before."""
    subj = _subject(verb)
    if subj is None:
        return None
    paper = subj if _is_document(subj) else (_draft_noun(subj) or subj)
    for c in paper.children:
        # "the presidency's draft", "the AU paper", "the draft circulated by the presidency",
        # "their counter-proposal" (the owner on the first half of a hyphenated noun)
        owners = [c] if c.dep_ in {"poss", "compound"} else []
        # "the European text", "the American draft": an actor's adjective owns it too
        owners += [c] if c.dep_ == "amod" and c.text[:1].isupper() else []
        owners += [d for d in c.children if c.dep_ == "compound" and d.dep_ == "poss"]
        if c.dep_ == "acl" and lemma(c) in _TABLING:
            owners = [d for a in c.children if a.dep_ == "agent" for d in a.children]
        for owner in owners:
            # "Their counter-proposal": the party named last before it
            mine = owner.lower_ in {"their", "its"}
            w = last_group(info, owner.i) if mine else who(info, owner)
            if w is not None and w.actor is not None:
                name = (w.name or "").removesuffix("'s").removesuffix("’s")
                return replace(w, name=name or w.name)  # "the presidency's": the presidency
    sent = info.sent_at(verb.i)
    start = sent.start
    for _ in range(3):
        if start == 0:
            break
        start = info.sent_at(start - 1).start
    for t in reversed(info.doc[start : verb.i]):
        if t.pos_ != "VERB" or lemma(t) not in _TABLING:
            continue
        tabled = [c for c in t.children if c.dep_ == "dobj"]
        # "The draft, which the presidency circulated": the relative clause's noun
        if t.dep_ == "relcl" and any(c.lower_ in {"which", "that"} for c in tabled):
            tabled.append(t.head)
        if not any(_is_document(c) or c.lower_ in _PAGES for c in tabled):
            continue
        by = _subject(t)
        if by is None:
            by = next((d for c in t.children if c.dep_ == "agent" for d in c.children), None)
        w = who(info, by) if by is not None else None
        if w is not None and w.actor is not None:
            return w
    return None


def drafter_before(info: DocInfo, sent: Any) -> Who | None:
    """Whose draft the sentence before ``sent`` is about, for a list that goes on with it:
    "The paper is four pages long. Its main proposals are:", "Their counter-proposal ...
    It keeps the numbering but changes much of it. Among the changes:"."""
    if sent.start == 0:
        return None
    for t in info.sent_at(sent.start - 1):
        subj = _subject(t) if t.pos_ in {"VERB", "AUX"} else None
        about = subj is not None and (_is_document(subj) or _refers_to_a_draft(subj))
        if about and (w := drafter(info, t)) is not None:
            return w
    return None
