"""Demands and positions: what a party demands, insists on, rejects, offers or will never do.

Each demand is linked to the issues whose keywords its sentence names. A sentence that
introduces a list (``Russia demands:``) gives its holder to each ``- ...`` item after it.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, last_group, who
from accord.ingest.nlp import BULLETS, add_verbs, is_marker, lemma, words
from accord.ingest.quotes import Statement, rejects_a_claim, statement_of

DEMAND_VERBS = add_verbs(
    words(
        "demand want insist require seek press push call urge ask refuse reject accept offer "
        "propose need condition oppose veto rule expect support back like"
    )
)
#: Verbs whose object is what the holder is *against*: "rejected any freeze".
AGAINST_VERBS = frozenset({"reject", "refuse", "oppose", "veto", "rule", "dismiss"})
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
        "pay fund tolerate permit approve ratify let"
    )
)
READY = frozenset({"ready", "willing", "prepared", "open"})
#: Verbs that make a thing conditional on another: in reported speech, a condition.
_DEPEND = add_verbs(words("depend hinge"))
#: Phrases that state a position without a verb of demanding.
_POSITION_TEXT = re.compile(
    r"red line|not up for negotiation|non-negotiable|\bunacceptable\b|\bacceptable\b|"
    r"precondition|\bonly if\b|\bnot for sale\b",
    re.I,
)
_RED_LINE_TEXT = re.compile(
    r"red line|not up for negotiation|non-negotiable|unacceptable|precondition|"
    r"\bnever\b|will not|won't|would not|cannot accept|refuse|not for sale",
    re.I,
)
#: A sentence without any of these stems has no trigger; skipping it saves a token loop.
_MAYBE = re.compile(
    r"demand|want|insist|requir|seek|sought|press|push|call|urg|ask|refus|reject|accept|"
    r"rul|oppos|veto|expect|"
    r"offer|propos|need|condition|must|should|ha(?:s|d|ve|ving) to|ready|willing|prepared|"
    r"open|never|not\b|n't|red line|negotia|acceptable|only if|recogni|sign|give|share|"
    r"return|agree|allow|trade|withdraw|cede|surrender|leave|depend|\bhing|\bunfair|"
    r"\bfair|unjust|starter|unwork|unrealis|unconstruct|unhelp|counter-?product|sided|unreason|"
    r"unfeas|unviab|unbalanc|unjustif|insult|outrag|absurd|impossible|nonsense|provocat|"
    r"dead end|for sale|\blike\b|\bsupport|\bback(?:s|ed|ing)?\b|"
    r"attempt|ploy|trick|theft|blackmail|imperialism|back door|tax on|\bcould\b|\bcan\b|"
    r"\bh(?:o|e)ld(?:s|ing)? out\b",
    re.I,
)
_LIST_INTRO = re.compile(
    r"\b(demand|demands|conditions|terms|asking for|wants?|calls? for|insists? on|list|"
    r"positions?|includes?|include|provides? for|proposals?|red lines?|priorities|seeks?|"
    r"offers?|plan)\b|"
    # "Under the draft, Ukraine would:": what the party would do, item by item
    r"\b(?:would|will|must|should|shall|is to|are to)\s*:\s*$",
    re.I,
)


def _trigger(tok: Any) -> str | None:
    """What kind of position the token signals, or ``None``."""
    base = lemma(tok)
    # "the plant, where Washington wants three-way management": a clause of its own
    where = tok.dep_ == "relcl" and any(c.lower_ in {"where", "whereby"} for c in tok.children)
    if (tok.dep_ == "relcl" and not where) or any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in tok.children
    ):
        return None  # "demands that Moscow could never accept", "if Tarsa wants war": not stated
    if any(c.dep_ == "dobj" and any(d.lower_ == "no" for d in c.children) for c in tok.children):
        return None  # "had offered no evidence"
    if base == "call" and tok.pos_ == "VERB" and _calls_it_bad(tok):
        return "reject"  # "called the amendments unacceptable": against them
    if tok.pos_ == "VERB" and base in DEMAND_VERBS:
        if base in {"press", "push", "call"} and not any(
            c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in tok.children
        ):
            return None
        if base in {"reject", "dismiss"} and rejects_a_claim(tok):
            return None  # rejecting a claim ("rejected that", "the accusation") is a denial
        if base == "dismiss":
            return None
        if base == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            return None  # "ruled out" only
        if base == "expect" and not _expects_concession(tok):
            return None  # "talks are expected to resume": no demand
        if base == "like" and not any(c.lower_ in {"would", "'d"} for c in tok.children):
            return None  # "would like" is a wish; "like" alone is a liking or a likeness
        if base in {"support", "back"} and not any(c.dep_ == "dobj" for c in tok.children):
            return None  # "supports a transition", "will back a roadmap"; not "backed away"
        return "reject" if base in AGAINST_VERBS else "demand"
    if base in {"must", "should", "have"} and (base != "have" or _has_to(tok)):
        return "must"
    if base in READY and any(c.dep_ == "xcomp" for c in tok.children):
        return "offer"
    if base in _DEPEND and any(
        c.dep_ == "prep" and c.lower_ in {"on", "upon"} for c in tok.children
    ):
        return "condition"  # "further convoys would depend on the rebels' conduct"
    negated = any(c.dep_ == "neg" for c in tok.children)
    future = any(c.lower_ in {"will", "would", "can", "could", "wo", "shall"} for c in tok.children)
    if tok.pos_ == "VERB" and base in RED_LINE_VERBS and negated and future:
        return "red_line"
    if tok.pos_ == "VERB" and negated and future and _goes_past(tok):
        return "limit"  # "would not go above 40 per cent": a limit
    if tok.pos_ == "VERB" and not negated and _could_offer(tok):
        return "offer"  # "could discuss autonomy", "could live with observers"
    kids = {(c.dep_, c.lower_) for c in tok.children}
    if base in _HOLD and ("prt", "out") in kids and ("prep", "for") in kids:
        return "demand"  # "holding out for a UN force"
    return None


_HOLD = add_verbs(words("hold"))
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


def _goes_past(tok: Any) -> bool:
    """ "would not go above/beyond/below X": a limit the holder sets."""
    return lemma(tok) in {"go", "move"} and any(
        c.dep_ == "prep" and c.lower_ in {"above", "beyond", "below", "past", "over", "under"}
        for c in tok.children
    )


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


def _calls_it_bad(tok: Any) -> bool:
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
_COPULAS = words(
    "be is are was were been being 's 're seem seems seemed remain remains remained "
    "look looks looked sound sounds sounded"
)


def judged(tok: Any) -> int:
    """A clause that judges its subject ("a three-way arrangement would be unfair"): -1
    when the holder rejects the subject, +1 when the holder accepts it, 0 when ``tok`` is no
    such clause. Negation flips it ("would not be acceptable" rejects), and so does a
    "without"/"no" in the subject: "a deal without guarantees would not be acceptable"
    asks for the guarantees (two negatives, for)."""
    if tok.lower_ not in _COPULAS:
        return 0
    pred = [d for c in tok.children if c.dep_ in {"acomp", "attr"} for d in c.subtree]
    sign = _judgement(pred)
    if sign == 0:
        return 0
    if _negated(tok):
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


def _removes(head: Any) -> bool:
    """ "the removal of X", "the lifting of X", "an end to X": against X."""
    low = head.lower_
    if low in _REMOVAL:
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    return low == "end" and any(c.dep_ == "prep" and c.lower_ == "to" for c in head.children)


def _removal_object(tok: Any) -> bool:
    """Whether what the trigger asks for is a removal: "demanded the lifting of sanctions",
    "called for an end to the siege"."""
    for c in tok.children:
        if c.dep_ == "dobj" and _removes(c):
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in {"for", "on"}
            and any(d.dep_ == "pobj" and _removes(d) for d in c.children)
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
_MIXED = re.compile(
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


_ASKING = words(
    "do does did is are was were will would can could should shall has have had what why "
    "how when where which who whom whose"
)


def _asks(first: Any, sent: Any) -> bool:
    """A question in the asking form ("Will Russia accept ...?"); a statement with a
    question mark ("Some states have asked you to delay?") still reports a position."""
    return sent.text.rstrip().endswith("?") and first.lower_ in _ASKING


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
    return False


def _negated(tok: Any) -> bool:
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
        against = _negated(tok) or _negated(verb)
    elif kind == "position":
        against = bool(re.search(r"\bunacceptable\b|\bnot acceptable\b", sentence, re.I))
    elif kind != "red_line" and _negated(tok):
        against = not against
    # judgements and "must" carry their object in their own words, not as an object
    worded = kind in {"judge", "position", "must"}
    removal = not worded and _removal_object(tok)
    if removal and _negated(tok) and lemma(tok) in _ASKING_VERBS:
        # "no longer insists on an end to the ban" drops a demand; it does not say the
        # holder now wants the ban, so neither side is read
        return "unknown"
    if not worded and _drops_a_demand(tok):
        against = not against  # "urged Kyiv to drop its demand for X": against X
    # "called the rule unfair to growers who cannot pay": the parser hangs the judgement's
    # own words on the object, so a negative there is not inside the thing called bad
    called = kind == "reject" and lemma(tok) == "call"
    inside = None if worded or called else _double_negative(tok)
    return combine_polarity(against, removal, inside, bool(_MIXED.search(clause)))


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
    the trigger asks for (or offers) letting a demand go, which is against what it asked."""
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


def target(info: DocInfo, tok: Any, kind: str, holder: Who) -> str | None:
    """The actor a demand is made on, when the text names one other than the holder:
    the one who *must* act, the object of ``urge``/``press``/``call on``, the subject of
    what is demanded ("demands that Kyiv withdraw"), an ``expects Ukrainian concessions``."""
    if kind == "must":
        verb = tok.head if tok.dep_ == "aux" else tok
        places = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    else:
        places = []
        for c in tok.children:
            if c.dep_ in {"dobj", "dative"}:
                places.append(c)
                places.extend(d for d in c.children if d.dep_ in {"amod", "poss", "compound"})
            elif c.dep_ in {"ccomp", "xcomp"}:
                places.extend(d for d in c.children if d.dep_ in {"nsubj", "nsubjpass"})
            elif c.dep_ == "prep" and c.lower_ in {"on", "from"}:
                places.extend(d for d in c.children if d.dep_ == "pobj")
    for p in places:
        s, e = p.i, p.i + 1
        if p.dep_ not in {"amod", "poss", "compound"}:
            s, e = p.left_edge.i, p.i + 1
        for actor in info.actors_in(s, e):
            if actor != holder.actor:
                return actor
    # Else the first other actor the demanded clause names: "the withdrawal of Ukrainian
    # forces", "amendments drafted by European governments" are demands on them.
    words = list(tok.head.subtree if kind == "must" else tok.subtree)
    if words:
        for actor in info.actors_in(words[0].i, words[-1].i + 1):
            if actor != holder.actor:
                return actor
    return None


def reporter(holder: Who, stmt: Statement | None) -> str | None:
    """Who reports a position held by someone else: the speaker, when the holder is
    another person or another actor ("Ushakov said Putin rejected ..."), or a speaker
    who is nobody's side (an analyst, an outlet)."""
    if stmt is None:
        return None
    if stmt.speaker is holder:
        return stmt.reporter
    sp = stmt.speaker
    if sp.name and holder.name and sp.name == holder.name:
        return None
    if sp.actor is not None and sp.actor == holder.actor and not holder.person:
        return None  # a minister saying what their government wants: the government's
    if sp.actor is None and sp.name is None:
        return None
    return sp.name or sp.actor


def _has_to(tok: Any) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (
        tok.pos_ in {"VERB", "AUX"}
        and nxt is not None
        and nxt.lower_ == "to"
        and (any(c.dep_ == "xcomp" for c in tok.children))
    )


def _holder(info: DocInfo, tok: Any, stmt: Statement | None, kind: str = "") -> Who | None:
    """Whose position: the trigger's subject if it can hold one, else the speaker.

    What someone *must* do is demanded by the speaker, not by the one who must; a pronoun
    subject in reported speech ("X said they would ...") is the speaker.
    """
    if kind == "must" and stmt is not None:
        return stmt.speaker
    if kind == "must":
        # "X set out three conditions: borders must not be changed ...": the lead-in's
        # subject demands what follows its colon, not the one who must.
        sent = info.sent_at(tok.i)
        colon = next((t.i for t in sent if t.text == ":" and t.i < tok.i), None)
        if colon is not None:
            for verb in (t for t in sent if t.i < colon and t.pos_ in {"VERB", "AUX"}):
                lead = _holder(info, verb, None)
                if lead is not None and lead.actor is not None:
                    return lead
    verb = tok if tok.pos_ == "VERB" else tok.head
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if _it_is_the_thing(info, child) and verb.head.dep_ == "ccomp":
                # "made plain that the offer would stay ..., and that it would not
                # include X": "it" is the offer, and the position the governing subject's
                return _holder(info, verb.head.head, stmt)
            w = _previous_subject(info, child) or who(info, child)
            in_speech = stmt is not None and not stmt.speaker.resolved
            if w is not None and w.resolved and in_speech and child.lower_ in {"they", "it"}:
                return stmt.speaker  # type: ignore[union-attr]
            if w is not None and (w.actor or w.person):
                return w
    if verb.dep_ in {"conj", "xcomp", "advcl"}:
        return _holder(info, verb.head, stmt)
    if stmt is not None:
        return stmt.speaker
    return None


def _it_is_the_thing(info: DocInfo, pronoun: Any) -> bool:
    """Whether "it" in a coordinated clause stands for the first clause's subject, a thing
    and not a party: "the offer would stay ..., and that it would not include X"."""
    verb = pronoun.head
    if pronoun.lower_ != "it" or verb.dep_ != "conj":
        return False
    first = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not first or first[0].pos_ != "NOUN":
        return False
    w = who(info, first[0])
    return w is None or w.actor is None


def _previous_subject(info: DocInfo, pronoun: Any) -> Who | None:
    """ "The government had long refused to allow one, arguing that rebels would use it.
    It no longer insists on ...": a sentence that opens with "It"/"They" continues the
    previous sentence's main subject, not the last party named in its subordinate clauses.
    ``None`` when the pronoun does not open its sentence or that subject is no party."""
    if pronoun.lower_ not in {"it", "they"}:
        return None
    sent = info.sent_at(pronoun.i)
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.i != pronoun.i or sent.start == 0:
        return None
    before = info.sent_at(sent.start - 1)
    subjects = [c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or subjects[0].pos_ == "PRON":
        return None  # "It is not clear whether ...": no party to continue
    w = who(info, subjects[0])
    return w if w is not None and w.actor is not None else None


def demands(info: DocInfo, stmts: list[Statement]) -> list[Evidence]:
    doc = info.doc
    text = info.text
    out: list[Evidence] = []
    intro: Who | None = None
    intro_polarity = "for"
    for sent in info.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None:
            continue
        if first.text in BULLETS or (re.match(r"\d+[.)]?$", first.text) and is_marker(first)):
            if intro is not None:
                out.append(_bullet(info, sent, intro, intro_polarity))
            continue
        stmt = statement_of(stmts, sent)
        if (stmt is not None and stmt.asker) or _asks(first, sent):
            intro = None
            continue  # a question states no position
        lead_in = sent.text.rstrip().endswith(":")
        if not lead_in and not _MAYBE.search(sent.text):
            intro = None
            continue
        triggers = [(t, k) for t in sent if (k := _trigger(t)) is not None]
        # Under "must"/"had to", the verbs that follow say what is demanded, not who demands.
        musts = {t.i for t, k in triggers if k == "must"} | {
            t.head.i for t, k in triggers if k == "must"
        }
        triggers = [
            (t, k) for t, k in triggers if k == "must" or not any(a.i in musts for a in t.ancestors)
        ]
        if stmt is None:
            # "X would depend on Y" is a condition only when someone states it
            triggers = [(t, k) for t, k in triggers if k != "condition"]
        else:
            # "said a three-way arrangement would be unfair": a rejection of the subject;
            # an acceptance ("were acceptable") only where nothing else is demanded
            judges = [(t, judged(t)) for t in sent if t.lower_ in _COPULAS]
            called = {t.i for t, k in triggers if lemma(t) == "call"}
            rejects = [
                (t, "judge")
                for t, j in judges
                if j < 0 and not any(a.i in called for a in t.ancestors)
            ]
            triggers = sorted(triggers + rejects, key=lambda tk: tk[0].i)
            if not triggers:
                triggers = [(t, "judge") for t, j in judges if j > 0][:1]
        if not triggers and stmt is not None and _POSITION_TEXT.search(sent.text):
            triggers = [(stmt.verb, "position")]
        if lead_in and (triggers or _LIST_INTRO.search(sent.text)):
            intro = _list_holder(info, sent, triggers, stmt)
            intro_polarity = (
                polarity(triggers[0][0], triggers[0][1], sent.text) if triggers else "for"
            )
            continue
        intro = None
        seen: dict[str, list[tuple[Any, str]]] = {}
        for tok, kind in triggers:
            spoken = kind in {"position", "judge"} and stmt is not None
            holder = stmt.speaker if spoken and stmt else _holder(info, tok, stmt, kind)
            if holder is None or (holder.actor is None and not holder.name):
                continue
            key = holder.actor or holder.name or ""
            words = _own_words(tok.head if kind == "must" else tok)
            clause = (doc[words[0].i : words[-1].i + 1].text if words else sent.text).strip()
            # for one thing and against another is read on the whole clause, with what
            # is coordinated after it ("We will back X, but we will not promise Y")
            whole = list(tok.head.subtree) if kind == "must" else list(tok.subtree)
            side = polarity(tok, kind, sent.text, doc[whole[0].i : whole[-1].i + 1].text)
            # One item per position: a second trigger of the same holder counts only in a
            # clause of its own ("said X would depend on Y, and ruled out Z"), never inside
            # or above the first ("insisted it would never accept"); coordinated clauses
            # are one list when they are on one side ("borders must not change,
            # armies must not shrink"), two positions when not ("no longer insists on X
            # and could accept Y").
            if any(_related(tok, t, side == s) for t, s in seen.get(key, [])):
                continue
            seen.setdefault(key, []).append((tok, side))
            red = kind in {"red_line", "reject", "limit"} or bool(_RED_LINE_TEXT.search(sent.text))
            aim = target(info, tok, kind, holder)
            out.append(
                item(
                    text,
                    EvidenceType.demand,
                    sent.start_char,
                    sent.end_char,
                    text=clause,
                    confidence=0.8 if holder.actor and not holder.resolved else 0.6,
                    actor=holder.actor,
                    speaker=holder.name,
                    actors=info.actors_in(sent.start, sent.end),
                    issues=info.issues_in(sent.start, sent.end),
                    kind="red_line" if red else ("offer" if kind == "offer" else "demand"),
                    polarity=side,
                    reporter=reporter(holder, None if spoken else stmt),
                    target=aim,
                )
            )
    return out


def _clause_verb(tok: Any) -> Any:
    """The verb of the clause a trigger stands in: "must" and "ready" are its words, not it."""
    return tok.head if tok.dep_ in {"aux", "auxpass", "acomp", "attr"} else tok


def _related(a: Any, b: Any, same_side: bool) -> bool:
    """Whether two triggers' clauses are one, or one governs the other; clauses only
    coordinated ("X and Y", "X but Y") count as one when on the same side."""
    # what several subjects *must* do is one list of the speaker's ("borders must not
    # change, armies must not shrink"); other clauses with subjects of their own are not
    spoken = a.dep_ == "aux" or b.dep_ == "aux"
    a, b = _clause_verb(a), _clause_verb(b)
    if a.i == b.i:
        return True
    for low, high in ((a, b), (b, a)):
        node, coordinated = low, True
        while node.head.i != node.i and node.i != high.i:
            # a speech tag between two clauses ("X, an official said, but Y") joins them
            # as a conjunction does
            coordinated = coordinated and node.dep_ in {"conj", "parataxis"}
            node = node.head
        if node.i == high.i:
            subjects = {_subject_text(a), _subject_text(b)}
            if coordinated and not spoken and None not in subjects and len(subjects) == 2:
                return False  # "Washington wants X and Kyiv wants Y": two parties' clauses
            return same_side or not coordinated
    return False


def _subject_text(verb: Any) -> str | None:
    """The subject written in a clause, or ``None`` when it shares the one before."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return " ".join(t.lower_ for t in subjects[0].subtree) if subjects else None


def _own_words(verb: Any) -> list[Any]:
    """The trigger's clause without the clauses coordinated after it that have a subject
    of their own: "Lavrov insisted that ..., and Moscow wants ..." ends before "and"."""
    cut = min(
        (
            c.left_edge.i
            for c in verb.children
            if c.dep_ == "conj" and c.i > verb.i and _subject_text(c) is not None
        ),
        default=None,
    )
    words = [t for t in verb.subtree if cut is None or t.i < cut]
    while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
        words.pop()
    return words


def _list_holder(
    info: DocInfo, sent: Any, triggers: list[tuple[Any, str]], stmt: Statement | None
) -> Who | None:
    """Whose list: the lead-in's subject or speaker, the actor it names ("The government's
    position ... includes:"), or for "Its negotiators want:" the actor named just before.
    A lead-in that opens with "Its"/"Their" ("Its demands, set out in a paper to the
    mediators, are:") is the party named before it, not the parties it was sent to."""
    first = next((t for t in sent if not t.is_space), None)
    if first is not None and first.lower_ in {"its", "their"}:
        w = last_group(info, sent.start)
        if w is not None and w.actor is not None:
            return w
    for tok, _ in triggers:
        w = _holder(info, tok, stmt)
        if w is not None and w.actor is not None:
            return w
    if stmt is not None and stmt.speaker.actor is not None:
        return stmt.speaker
    actors = info.actors_in(sent.start, sent.end)
    if actors:
        return Who(actors[0], info.lexicon.actor_names.get(actors[0]))
    if any(t.lower_ in {"its", "their"} for t in sent):
        w = last_group(info, sent.start)
        if w is not None:
            return w
    return stmt.speaker if stmt is not None else None


_NO = frozenset({"no", "not", "never", "none"})


def _bullet(info: DocInfo, sent: Any, holder: Who, polarity: str = "for") -> Evidence:
    body = [t for t in sent if not t.is_space][1:]
    if body and body[0].text == ".":
        body = body[1:]  # "1" "." of a numbered item
    start = body[0].idx if body else sent.start_char
    head = next((t for t in body if t.pos_ not in {"DET", "ADJ", "PUNCT"}), None)
    if polarity != "unknown":
        polarity = combine_polarity(
            # "- no Western troops in Ukraine" under "Russia demands:": against the troops
            (polarity == "against") != bool(body and body[0].lower_ in _NO),
            # "- the removal of anti-dumping duties" under "X wants:": against the duties
            head is not None and _removes(head),
            None,
            # "- membership by consensus, without a ban": for one thing, against another
            bool(_MIXED.search(info.text[start : sent.end_char])),
        )
    others = [a for a in info.actors_in(sent.start, sent.end) if a != holder.actor]
    return item(
        info.text,
        EvidenceType.demand,
        sent.start_char,
        sent.end_char,
        target=others[0] if others else None,
        text=info.text[start : sent.end_char].rstrip(" ;,.\n"),
        confidence=0.8 if holder.actor else 0.6,
        actor=holder.actor,
        speaker=holder.name,
        actors=info.actors_in(sent.start, sent.end),
        issues=info.issues_in(sent.start, sent.end),
        kind="red_line" if _RED_LINE_TEXT.search(sent.text) else "demand",
        polarity=polarity,
    )
