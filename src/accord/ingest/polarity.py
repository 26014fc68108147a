"""A demand's polarity: whether its holder is for or against what it names.

Read from the wording only: rejecting verbs and words of rejection, negation, a removal
asked for, a negative inside the thing rejected, a demand let go, and clauses for one thing
and against another (``unknown``, which suggests nothing). :func:`combine_polarity` puts
the parts together and is checked against ``tests/oracle_polarity.py``.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.nlp import add_verbs, lemma, words

#: Verbs whose object is what the holder is *against*: "rejected any freeze".
AGAINST_VERBS = frozenset({"reject", "refuse", "oppose", "veto", "rule", "dismiss"})

#: What a party calls a proposal it rejects: "called a joint venture unfair", "said the
#: plan would be unworkable". Words of judgement, not of feeling: a party that finds a
#: proposal "disappointing" may still take it.
_BAD_WORDS = (
    "unacceptable unfair unrealistic absurd impossible unworkable non-starter "
    "nonsense provocative unconstructive unhelpful counterproductive counter-productive "
    "unjust unbalanced one-sided lopsided unreasonable unfeasible unviable unjustified "
    "insulting outrageous ploy trick theft blackmail imperialism"
)
#: Phrases of several words that name a proposal as a bad thing: "called it an attempt to
#: rewrite the Convention", "a back door to partition", "a tax on development".
_BAD_PHRASES = ("dead end", "an attempt to", "back door", "tax on")
#: Their opposites: "would not be acceptable" is a rejection, "acceptable" an acceptance.
_GOOD_WORDS = "acceptable fair realistic workable reasonable constructive balanced viable feasible"
_EVALUATION = re.compile(
    r"\b(?:(?P<bad>"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted([*_BAD_WORDS.split(), *_BAD_PHRASES], key=len, reverse=True)
    )
    + r")|(?P<good>"
    + "|".join(_GOOD_WORDS.split())
    + r"))\b",
    re.I,
)


def _judgement(tokens: list[Any]) -> int:
    """-1 for words of rejection ("unfair", "a non-starter"), +1 for their opposites, 0 for
    neither; read on the words' text, as the tokenizer splits "non-starter"."""
    text = " ".join(t.text for t in tokens).replace(" - ", "-")
    m = _EVALUATION.search(text)
    if m is None:
        return 0
    return -1 if m.group("bad") else 1


def calls_it_bad(tok: Any) -> bool:
    """ "called the plan unfair", "called the proposal 'a back door to partition'": read on
    the words after the object up to the clause's end, since the parser often hangs the
    judgement on the object ("the regulation unfair") or inside it; never for "called
    for"/"called on", which ask."""
    if any(
        c.dep_ in {"oprd", "acomp", "xcomp", "ccomp"} and _judgement(list(c.subtree)) < 0
        for c in tok.children
    ):
        return True
    if any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in tok.children):
        return False
    if not any(c.dep_ == "dobj" for c in tok.children):
        return False
    after = []
    for t in tok.subtree:
        if t.i <= tok.i:
            continue
        if t.text in {",", ";"} or (t.dep_ in {"cc", "conj"} and t.head.i == tok.i):
            break  # the next clause says something else
        after.append(t)
    return _judgement(after) < 0


#: Verbs of being that carry a judgement: "would be unfair", "seems unworkable" (every
#: form listed: nothing registers the irregular "be" for :func:`lemma`).
COPULAS = words(
    "be is are was were been being 's 're seem seems seemed remain remains remained "
    "look looks looked sound sounds sounded"
)


def judged(tok: Any) -> int:
    """A clause that judges its subject ("a three-way arrangement would be unfair"): -1
    when the holder rejects the subject, +1 when the holder accepts it, 0 when ``tok`` is no
    such clause. Negation flips it ("would not be acceptable" rejects), and so does a
    "without"/"no" in the subject: "a deal without guarantees would not be acceptable"
    asks for the guarantees (two negatives, for)."""
    if tok.lower_ not in COPULAS:
        return 0
    pred = [d for c in tok.children if c.dep_ in {"acomp", "attr"} for d in c.subtree]
    sign = _judgement(pred)
    if sign == 0:
        return 0
    if negated(tok):
        sign = -sign
    subject = [d for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} for d in c.subtree]
    if any(d.lower_ in {"without", "no"} for d in subject):
        sign = -sign
    return sign


#: Nouns of taking a thing away: "the removal of duties" is a demand against the duties.
_REMOVAL = words(
    "removal lifting scrapping abolition abolishing repeal elimination cancellation "
    "dismantling suspension rollback"
)


def removes(head: Any) -> bool:
    """ "the removal of X", "the lifting of X", "an end to X": against X."""
    low = head.lower_
    if low in _REMOVAL:
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    return low == "end" and any(c.dep_ == "prep" and c.lower_ == "to" for c in head.children)


def _removal_object(tok: Any) -> bool:
    """Whether what the trigger asks for is a removal: "demanded the lifting of sanctions",
    "called for an end to the siege"."""
    for c in tok.children:
        if c.dep_ == "dobj" and removes(c):
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in {"for", "on"}
            and any(d.dep_ == "pobj" and removes(d) for d in c.children)
        ):
            return True
    return False


#: Clauses inside the thing rejected, where a negative cancels the rejection.
_INNER = frozenset({"relcl", "acl", "ccomp", "xcomp", "advcl", "pcomp"})


def _double_negative(tok: Any) -> str | None:
    """A negative inside what the trigger names: ``"thing"`` in a thing described ("could
    not sign an agreement that left battery makers without access"), ``"action"`` in an
    action ("refused to withdraw without guarantees"); see :func:`combine_polarity`. Only
    inside the object, never beside it ("rejected X, saying there was no basis")."""
    for c in tok.children:
        if c.dep_ not in {"dobj", "xcomp", "ccomp", "attr", "oprd", "prep"}:
            continue
        for d in c.subtree:
            inner = any(a.dep_ in _INNER for a in d.ancestors if a.i > tok.i and a.i != c.i)
            if d.lower_ == "without" or (
                inner and d.lower_ in {"not", "n't", "never", "no", "nothing"}
            ):
                return "action" if c.dep_ in {"xcomp", "ccomp"} else "thing"
    return None


#: A clause for its head and, after a comma, against something else: "NATO membership to
#: depend on consensus, without a constitutional ban". One polarity cannot say both.
MIXED = re.compile(
    r",\s+(?:without|with no|and no)\b|,\s+but\b[^,;]*?\b(?:not|never|no|n't)\b", re.I
)
#: Giving one thing up for another: "ready to give up its bid in exchange for guarantees"
#: is against the one and for the other, whichever the trigger's wording leans to.
_EXCHANGE = re.compile(
    r"\b(?:give|gives|giving|gave|drop|drops|dropping|dropped|cede|cedes|ceding|ceded|"
    r"abandon\w*|trade|trades|trading|traded|surrender\w*)\b[^.;]*?\bin (?:exchange|return) "
    r"for\b",
    re.I,
)


def negated(tok: Any) -> bool:
    """ "did not demand", "would never accept", "no longer insists"."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"}:
            return True
        if c.lower_ == "longer" and any(d.lower_ == "no" for d in c.children):
            return True
    return False


def polarity(tok: Any, kind: str, sentence: str, clause: str = "") -> str:
    """``against`` when the holder rejects or opposes what the item names, ``for`` when it
    wants it, ``unknown`` when the clause is for one thing and against another.

    Rejecting verbs (reject, refuse, rule out, oppose, veto) and words of rejection
    ("called X unconstructive", "X would be unfair") are against what they name; negation
    (not, never, no longer) flips any trigger, so "would never accept X" and "no longer
    insists on X" are against X, and "did not rule out X" is for it. Asking for a removal
    ("the lifting of sanctions") is against the thing removed, and a negative inside the
    thing rejected cancels the rejection ("could not sign a deal that left X without Y").
    """
    if _EXCHANGE.search(clause) or kind == "limit":
        # "would not go below 50 per cent" is for the figure and against anything past
        # it: which one an analyst means by the item is not in the words
        return "unknown"
    against = lemma(tok) in AGAINST_VERBS or kind in {"red_line", "reject"}
    if kind == "judge":
        against = judged(tok) < 0
    elif kind == "must":
        verb = tok.head if tok.dep_ == "aux" else tok
        against = negated(tok) or negated(verb)
    elif kind == "position":
        against = bool(re.search(r"\bunacceptable\b|\bnot acceptable\b", sentence, re.I))
    elif kind != "red_line" and negated(tok):
        against = not against
    # judgements and "must" carry their object in their own words, not as an object
    worded = kind in {"judge", "position", "must"}
    removal = not worded and _removal_object(tok)
    if removal and negated(tok) and lemma(tok) in _ASKING_VERBS:
        # "no longer insists on an end to the ban" drops a demand; it does not say the
        # holder now wants the ban, so neither side is read
        return "unknown"
    if not worded and _drops_a_demand(tok):
        # "urged Kyiv to drop its demand for X" is for the dropping and against X; the
        # annotations read it both ways, and the words do not say which the item is about
        return "unknown"
    # "called the rule unfair to growers who cannot pay": the parser hangs the judgement's
    # own words on the object, so a negative there is not inside the thing called bad
    called = kind == "reject" and lemma(tok) == "call"
    inside = None if worded or called else _double_negative(tok)
    return combine_polarity(against, removal, inside, bool(MIXED.search(clause)))


#: Verbs that ask for a thing: negated, they drop a demand ("no longer insists on X").
_ASKING_VERBS = frozenset(
    {"demand", "insist", "want", "require", "seek", "press", "push", "call", "urge", "ask"}
)
#: Verbs of letting go ("drop", "abandon", "give up") and the nouns of a demand let go.
_LET_GO = add_verbs(words("drop abandon renounce shelve scrap withdraw"))
_DEMAND_NOUNS = words(
    "demand demands claim claims bid bids insistence request requests condition conditions "
    "call calls precondition preconditions"
)


def _drops_a_demand(tok: Any) -> bool:
    """ "urged Dost to drop the demand for an amnesty", "ready to abandon its claim to X":
    the trigger asks for (or offers) letting a demand go: for the letting go, against
    what was asked."""
    for c in tok.children:
        if c.dep_ != "xcomp":
            continue
        let_go = lemma(c) in _LET_GO or (
            lemma(c) == "give" and any(d.dep_ == "prt" and d.lower_ == "up" for d in c.children)
        )
        if let_go and any(d.dep_ == "dobj" and d.lower_ in _DEMAND_NOUNS for d in c.children):
            return True
    return False


def combine_polarity(rejects: bool, removal: bool, inside: str | None, mixed: bool) -> str:
    """The polarity of a demand from what its wording says, in this order:

    ``rejects``: the trigger is against its object (a rejecting verb or word, or a
    negated demand); ``removal``: the object is a removal ("the lifting of X"), which turns
    the stance onto the thing removed; ``inside``: a negative inside a rejected object,
    ``"thing"`` when it describes a thing (the negatives cancel: for) or ``"action"`` when
    it qualifies an action (for one thing, against another: unknown); ``mixed``: a clause
    that is for its head and, after a comma, against something else (unknown).
    """
    against = rejects != removal
    if against and inside == "action":
        return "unknown"
    if against and inside == "thing":
        against = False
    if not against and mixed:
        return "unknown"
    return "against" if against else "for"
