"""The words that signal a position: which token of a sentence is a demand, a rejection,
an offer, a red line, a limit or a condition, read from the token and its dependants.

The holder, the clause and the polarity are read elsewhere (:mod:`accord.ingest.demands`,
:mod:`accord.ingest.polarity`); this module only says what kind of position a word signals.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.drafts import states_a_term
from accord.ingest.nlp import add_verbs, lemma, words
from accord.ingest.polarity import (
    AGAINST_VERBS,
    COPULAS,
    asks_by_calling,
    calls_it_bad,
    let_go,
    negated_object,
)
from accord.ingest.quotes import rejects_a_claim

DEMAND_VERBS = add_verbs(
    words(
        "demand want insist require seek press push call urge ask refuse reject accept offer "
        "propose need condition oppose veto rule expect support back like welcome"
    )
)
#: Words of conceding that make "X expects Y to ..." a demand on Y.
_CONCEDE = add_verbs(
    words(
        "concede concession concessions compromise withdraw withdrawal cede give accept agree "
        "drop abandon yield surrender pull recognise recognize"
    )
)
add_verbs(frozenset({"have", "dismiss"}))
#: Verbs a negated future turns into a red line: "would never recognise".
RED_LINE_VERBS = add_verbs(
    words(
        "recognise recognize give sign accept share return agree allow trade withdraw "
        "negotiate cede surrender leave betray sacrifice abandon release exempt lift hand carve "
        "pay fund tolerate permit approve ratify let reopen renegotiate revisit settle"
    )
)
READY = frozenset({"ready", "willing", "prepared", "open"})
_UNREADY = frozenset({"unwilling", "unprepared"})
#: Verbs that make a thing conditional on another: in reported speech, a condition.
_DEPEND = add_verbs(words("depend hinge"))


def trigger(tok: Any) -> str | None:
    """What kind of position the token signals, or ``None``."""
    base = lemma(tok)
    # "the plant, where Washington wants three-way management": a clause of its own
    where = tok.dep_ == "relcl" and any(c.lower_ in {"where", "whereby"} for c in tok.children)
    if (tok.dep_ == "relcl" and not where) or any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in tok.children
    ):
        # "demands that Moscow could never accept", "if Tarsa wants war", "asked whether
        # Kyiv had ruled out X": not stated
        return None
    if tok.dep_ == "ccomp" and lemma(tok.head) == "ask" and _opens_a_question(tok):
        return None  # "asked the islands what they would accept": a question, not a stance
    if _generic_you(tok):
        return None  # "Autonomy is what you offer a province": a definition, no demand
    if tok.dep_ == "pcomp" and any(c.lower_ in {"what", "whatever"} for c in tok.children):
        return None  # "a fraction of what European plants need": a measure, no demand
    if _gives_support(tok):
        return "demand"  # "gave strong support to Ukraine's membership of the EU": for it
    if states_a_term(tok):
        return "term"  # "The paper sets a goal of ...": its drafter's (accord.ingest.drafts)
    if base in _TAKING_NONE and tok.pos_ == "VERB" and negated_object(tok):
        # "we want no automated cranes", "would accept not one dollar of obligation":
        # against them (polarity reads it)
        return "demand"
    if base == "have" and _no_objection(tok):
        return "demand"  # "had no objection to airline tickets paying": for it
    if any(c.dep_ == "dobj" and any(d.lower_ == "no" for d in c.children) for c in tok.children):
        return None  # "had offered no evidence"
    if tok.lower_ in COPULAS and any(
        c.dep_ == "prep" and c.lower_ == "against" and any(d.dep_ == "pobj" for d in c.children)
        for c in tok.children
    ):
        return "reject"  # "Russia was against a 60-day ceasefire" ("is not against": for)
    if base == "call" and tok.pos_ == "VERB" and calls_it_bad(tok):
        return "reject"  # "called the amendments unacceptable": against them
    if base in _NAMING and tok.pos_ == "VERB" and _names_it(tok):
        # "called the proposal "automation with a ribbon on it"": a position on it, most
        # often a rejection, but a name in quotation marks may praise ("called the deal
        # "a new start""): the polarity reads it as unknown
        return "epithet"
    if tok.pos_ == "VERB" and base in DEMAND_VERBS:
        asks_for = asks_by_calling(tok)
        if base in {"press", "push", "call"} and not asks_for and not _presses_for(tok):
            return None
        if base in {"reject", "dismiss"} and rejects_a_claim(tok):
            return None  # rejecting a claim ("rejected that", "the accusation") is a denial
        if base == "dismiss":
            return None
        if base == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            return None  # "ruled out" only
        if base == "expect" and not _expects_concession(tok):
            return None  # "talks are expected to resume": no demand
        if base == "ask" and _asked_a_question(tok):
            return None  # "asked whether Beijing would pay in, said ...": a question put
        if base == "like" and not any(c.lower_ in {"would", "'d"} for c in tok.children):
            return None  # "would like" is a wish; "like" alone is a liking or a likeness
        if base in {"support", "back"} and not any(c.dep_ == "dobj" for c in tok.children):
            return None  # "supports a transition", "will back a roadmap"; not "backed away"
        if base == "welcome" and not _welcomes_a_thing(tok):
            return None  # "welcomed the delegates": a greeting, not a position
        return "reject" if base in AGAINST_VERBS else "demand"
    if base in {"must", "should", "have"} and (base != "have" or _has_to(tok)):
        return "must"
    if base in READY and any(c.dep_ == "xcomp" for c in tok.children):
        if any(lemma(a) in _WARN for a in tok.ancestors):
            return None  # "warned that ... were prepared to close the terminals": a threat
        return "offer"
    if base in _UNREADY and any(c.dep_ == "xcomp" for c in tok.children):
        # "is unwilling to discuss autonomy": against it; "is not unwilling to discuss
        # autonomy", two negatives, for it (polarity reads the negation on the verb of being)
        return "reject"
    if base in _DEPEND and any(
        c.dep_ == "prep" and c.lower_ in {"on", "upon"} for c in tok.children
    ):
        return "condition"  # "further convoys would depend on the rebels' conduct"
    negated = any(c.dep_ == "neg" for c in tok.children)
    future = any(c.lower_ in {"will", "would", "can", "could", "wo", "shall"} for c in tok.children)
    if tok.pos_ == "VERB" and base in RED_LINE_VERBS and negated and future:
        return "red_line"
    if let_go(tok) is not None and tok.dep_ not in {"pcomp", "xcomp"}:
        # "It dropped the constitutional ban": against it (polarity reads it); a gerund or
        # an infinitive is what another trigger asks for ("insists on scrapping X")
        return "demand"
    if tok.pos_ == "VERB" and negated and future and _goes_past(tok):
        return "limit"  # "would not go above 40 per cent": a limit
    if tok.pos_ == "VERB" and base in _TAKING and _nothing_under(tok):
        return "limit"  # "will take nothing under fifty": a floor
    if tok.pos_ == "VERB" and _as_far_as(tok):
        return "limit"  # "autonomy is as far as it will go", "would go no higher": a limit
    if tok.lower_ in COPULAS and _out_of_question(tok):
        return "reject"  # "A UN force was out of the question"
    if tok.lower_ in COPULAS and _there_will_be_no(tok):
        return "reject"  # "There will be no transitional government": against it
    if tok.pos_ == "VERB" and not negated and _could_offer(tok):
        return "offer"  # "could discuss autonomy", "could live with observers"
    kids = {(c.dep_, c.lower_) for c in tok.children}
    if base in _HOLD and ("prt", "out") in kids and ("prep", "for") in kids:
        return "demand"  # "holding out for a UN force"
    if base in _STAND and tok.pos_ == "VERB" and _stands_by(tok):
        return "demand"  # "Moscow still stands by the understandings": for them
    return None


#: Verbs of taking what is offered: "will take nothing under 50 per cent".
_TAKING = add_verbs(words("take"))


def _nothing_under(tok: Any) -> bool:
    """ "will take nothing under fifty", "takes nothing below the floor": nothing past a
    figure, a bound."""
    return any(c.dep_ == "dobj" and c.lower_ == "nothing" for c in tok.children) and any(
        c.dep_ == "prep" and c.lower_ in {"under", "below", "over", "above"} for c in tok.children
    )


def _generic_you(tok: Any) -> bool:
    """ "what you offer a province", "what one asks of a neighbour": a verb of a free
    relative whose subject is anyone, which defines a thing rather than states a demand."""
    subject = any(c.dep_ == "nsubj" and c.lower_ in {"you", "one"} for c in tok.children)
    return subject and any(c.lower_ == "what" and c.i < tok.i for c in tok.children)


_STAND = add_verbs(words("stand"))
#: Verbs that give a thing a name: "called the offer "a severance scheme"".
_NAMING = add_verbs(words("call describe dub brand"))


def _names_it(tok: Any) -> bool:
    """A verb of naming with an object and, after it in the same clause, words in quotation
    marks: "called the offer "a severance scheme with a training brochure"", "described
    the plan as "a ransom note"". Not "called for"/"called on", which ask."""
    if asks_by_calling(tok) or not any(c.dep_ == "dobj" for c in tok.children):
        return False
    after = [t for t in tok.subtree if t.i > tok.i]
    for t in after:
        if t.text == ";" or (t.dep_ in {"cc", "conj"} and t.head.i == tok.i):
            return False
        if t.text.startswith(("“", '"')):
            return True
    return False


def _stands_by(tok: Any) -> bool:
    """ "stands by the understandings": by a thing named; not "would not stand by if the
    union called a strike" (standing aside, a warning)."""
    return any(
        c.dep_ == "prep" and c.lower_ == "by" and any(d.dep_ == "pobj" for d in c.children)
        for c in tok.children
    )


#: Nouns of objecting: "had no objection to X" is for X.
_OBJECTION = words("objection objections")


def _no_objection(tok: Any) -> bool:
    """ "had no objection to airline tickets paying their share", "has no objections to X"."""
    return any(
        c.dep_ == "dobj"
        and c.lower_ in _OBJECTION
        and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        and any(d.dep_ == "prep" and d.lower_ == "to" for d in c.children)
        for c in tok.children
    )


def _welcomes_a_thing(tok: Any) -> bool:
    """ "welcomed the idea of levies", "welcomes the declaration"; not a person welcomed."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    return bool(objects) and objects[0].pos_ == "NOUN" and objects[0].lower_ not in _PEOPLE


_PEOPLE = words(
    "delegates delegation delegations guests visitors leaders ministers envoy envoys "
    "president premier minister officials negotiators reporters journalists"
)


_HOLD = add_verbs(words("hold"))
#: Verbs whose object quantified by "no" is a demand against it: "we want no automated
#: cranes", "would accept not one dollar of obligation" (not "had offered no evidence").
_TAKING_NONE = add_verbs(words("want demand seek accept tolerate"))
#: What a party warns it is ready to do is a threat, not an offer.
_WARN = add_verbs(words("warn threaten"))
#: Verbs that, after "could"/"can", offer what they name: "the government could discuss
#: autonomy", "could allow a volume of ore", "could live with observers".
_OFFER_VERBS = add_verbs(words("discuss consider allow live"))


def _could_offer(tok: Any) -> bool:
    if lemma(tok) not in _OFFER_VERBS:
        return False
    if not any(c.lower_ in {"could", "can"} for c in tok.children):
        return False
    if lemma(tok) == "live":
        return any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
    return any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in tok.children)


def _as_far_as(tok: Any) -> bool:
    """ "X is as far as it will go", "the furthest the government would go", "would go no
    higher": a limit on what the holder concedes."""
    if lemma(tok) not in {"go", "move"}:
        return False
    left = " ".join(t.lower_ for t in tok.doc[max(tok.sent.start, tok.i - 8) : tok.i])
    if re.search(r"\bas far as\b|\bthe furthest\b|\bthe farthest\b", left):
        return True
    return any(
        c.lower_ in {"higher", "lower", "further", "farther"}
        and any(d.lower_ == "no" for d in c.children)
        for c in tok.children
    )


def _out_of_question(tok: Any) -> bool:
    """ "A UN force was out of the question": the subject is rejected."""
    after = " ".join(t.lower_ for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 6)])
    # (not "not on the table": said of a thing kept, "The ban stays. It is not on the
    # table", it is for keeping it, like "not up for negotiation")
    return after.startswith("out of the question")


def _there_will_be_no(tok: Any) -> bool:
    """ "There will be no transitional government": a future without the thing named."""
    kids = list(tok.children)
    return (
        any(c.dep_ == "expl" and c.lower_ == "there" for c in kids)
        and any(c.lower_ in {"will", "would", "shall", "must", "can"} for c in kids)
        and any(
            c.dep_ in {"attr", "nsubj"}
            and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
            for c in kids
        )
    )


def _goes_past(tok: Any) -> bool:
    """ "would not go above/beyond/below X": a limit the holder sets."""
    return lemma(tok) in {"go", "move"} and any(
        c.dep_ == "prep" and c.lower_ in {"above", "beyond", "below", "past", "over", "under"}
        for c in tok.children
    )


#: What is pressed that is not a proposal: "pressed the point", "pushed the button".
_NOT_PRESSED = words("point points button case issue ahead forward")


def _presses_for(tok: Any) -> bool:
    """ "pressed Kyiv to accept the plan" (a party pressed to act), "pressed a compromise
    under which ..." (a proposal pressed); not "pressed the point", nor "push" ("would
    push buyers towards the estates" moves them, it proposes nothing)."""
    if lemma(tok) != "press" or any(c.dep_ in {"prt", "advmod"} for c in tok.children):
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if not objects or objects[0].lower_ in _NOT_PRESSED:
        return False
    if any(c.dep_ == "xcomp" for c in tok.children):
        return True
    return objects[0].pos_ == "NOUN"


#: Tags of the words that open an indirect question: "what", "which", "who", "how", "when".
_WH_TAGS = frozenset({"WP", "WDT", "WRB", "WP$"})


#: Nouns of support given, and the verbs that give it: "gave strong support to X",
#: "voiced its backing for X".
_SUPPORT_NOUNS = frozenset({"support", "backing", "endorsement"})
_GIVING = add_verbs(words("give offer express voice lend pledge reaffirm repeat"))


def _gives_support(tok: Any) -> bool:
    """ "European leaders gave strong support to Ukraine's membership": a verb that gives
    support to (or for) a thing, the giver's demand for it; not "support for X is
    falling", which gives nothing."""
    if tok.pos_ != "VERB" or lemma(tok) not in _GIVING:
        return False
    noun = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if noun is None or noun.lower_ not in _SUPPORT_NOUNS:
        return False
    preps = [*noun.children, *tok.children]
    return any(c.dep_ == "prep" and c.lower_ in {"to", "for"} for c in preps)


def _opens_a_question(clause: Any) -> bool:
    """Whether a clause opens with a question word ("what her side will sign")."""
    return min(clause.subtree, key=lambda t: t.i).tag_ in _WH_TAGS


def _asked_a_question(tok: Any) -> bool:
    """ "asked whether Beijing would pay in", "Asked about the quota, Roeder said": a question
    put to someone, not a demand made; "asked Kyiv to withdraw" asks."""
    if any(
        c.dep_ in {"ccomp", "advcl", "xcomp"}
        and any(m.lower_ in {"whether", "if"} for m in c.children if m.dep_ == "mark")
        for c in tok.children
    ):
        return True
    # "asked Hallström what her side will sign", "asked Marsh how far the union would go":
    # a clause that opens with a question word
    if any(c.dep_ == "ccomp" and _opens_a_question(c) for c in tok.children):
        return True
    subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    about = any(c.dep_ == "prep" and c.lower_ == "about" for c in tok.children)
    return not subject and (about or tok.tag_ == "VBN")


def _expects_concession(tok: Any) -> bool:
    """ "X expects Ukrainian concessions", "X expects Kyiv to concede": a demand on another."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children):
        return False
    for c in tok.children:
        if c.dep_ == "dobj" and lemma(c) in _CONCEDE:
            return True
        if c.dep_ in {"ccomp", "xcomp"} and lemma(c) in _CONCEDE:
            return any(d.dep_ == "nsubj" for d in c.children) or any(
                d.dep_ == "dobj" for d in tok.children
            )
        if c.dep_ in {"ccomp", "xcomp"}:
            # "expects Indonesia to move on its export ban": a party expected to act
            who_acts = [d for d in c.children if d.dep_ == "nsubj"]
            who_acts += [d for d in tok.children if d.dep_ == "dobj"]
            if any(d.pos_ == "PROPN" and d.ent_iob_ != "B" for d in who_acts):
                return True
            # "expected both sides to name their members", "expected the developed
            # countries to table a figure": parties named by a common noun
            if any(d.lower_ in _PARTY_NOUNS for d in who_acts):
                return True
    return False


#: Common nouns that name the parties to a negotiation (not things: "the talks", "prices").
_PARTY_NOUNS = words(
    "side sides party parties country countries government governments delegation "
    "delegations negotiators bloc blocs group groups emitters donors union association "
    "employers operators rebels front alliance"
)


def _has_to(tok: Any) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (
        tok.pos_ in {"VERB", "AUX"}
        and nxt is not None
        and nxt.lower_ == "to"
        and (any(c.dep_ == "xcomp" for c in tok.children))
    )
