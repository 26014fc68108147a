"""Demands and positions: what a party demands, insists on, rejects, offers or will never do.

Each demand is linked to the issues whose keywords its sentence names. A sentence that
introduces a list (``Russia demands:``) gives its holder to each ``- ...`` item after it.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.drafts import draft_speaks, drafter, drafter_before
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, last_group, who
from accord.ingest.nlp import BULLETS, is_marker, lemma, words
from accord.ingest.polarity import (
    BOUND,
    BOUND_WORDS,
    COPULAS,
    EXCHANGE,
    MIXED,
    NOUN_CEILING,
    STATED_BOUND,
    change_to,
    combine_polarity,
    deferred,
    judged,
    out_of_the_text,
    polarity,
    removal_on_condition,
    removed_state,
    removes,
    shouted_removal,
    takes_away,
    unsaid,
)
from accord.ingest.quotes import Statement, statement_of
from accord.ingest.triggers import trigger

#: Phrases that state a position without a verb of demanding.
_POSITION_TEXT = re.compile(
    r"red line|not up for negotiation|non-negotiable|\bunacceptable\b|\bacceptable\b|"
    r"precondition|\bonly if\b|\bnot for sale\b|\bbottom line\b|" + STATED_BOUND.pattern,
    # "Twelve is our ceiling, not an opening bid", "Fifty is the floor": a bound stated
    re.I,
)
#: An outlet's gloss on a party's words: "Kyiv, in other words, is ...", "in short".
_GLOSS = re.compile(r",\s+(?:in other words|in short|that is to say),", re.I)
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
    r"\bh(?:o|e)ld(?:s|ing)? out\b|drop|abandon|renounc|shelv|scrap|welcom|\bst(?:an|oo)ds?\b|"
    r"objection|given up|giv(?:es|ing) up|gave up|\bagainst\b|as far as|furthest|farthest|"
    r"\bno (?:higher|lower|further)\b|out of the question|"
    r"there (?:will|would|shall|must|can) be no|"
    r"settle|\bset(?:s|ting)?\b|mention|includ|provid|envisag|foresee|grant|omit|nothing\b",
    re.I,
)
_LIST_INTRO = re.compile(
    r"\b(demand|demands|conditions|terms|asking for|wants?|calls? for|insists? on|list|"
    r"positions?|includes?|include|provides? for|proposals?|red lines?|priorities|seeks?|"
    r"offers?|plan|objectives?|aims?|goals?|requests?|requirements?|expectations?|"
    r"changes|amendments|revisions)\b|"
    # "Under the draft, Ukraine would:": what the party would do, item by item
    r"\b(?:would|will|must|should|shall|is to|are to)\s*:\s*$|"
    # "They read:", "as follows:": a text quoted item by item ("They say:" heads what
    # each bullet says in its own words, read sentence by sentence)
    r"\b(?:read|reads|as follows)\s*:\s*$",
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
    return other_party(info, holder.actor)


def other_party(info: DocInfo, holder: str | None) -> str | None:
    """The party across the table, when the text names no one a position is made on.

    Assumes that in a negotiation of exactly two parties a party's demand is made on the
    other one; with more parties (or a mediator's demand) the text must say."""
    parties = info.lexicon.parties
    if len(parties) != 2 or holder not in parties:
        return None
    return parties[1] if holder == parties[0] else parties[0]


def reporter(holder: Who, stmt: Statement | None) -> str | None:
    """Who reports a position held by someone else: the speaker, when the holder is
    another person or another actor ("Ushakov said Putin rejected ..."), or a speaker
    who is nobody's side (an analyst, an outlet)."""
    if stmt is None:
        return None
    if stmt.speaker is holder:
        return stmt.reporter
    sp = stmt.speaker
    if stmt.reporter is not None and sp.actor == holder.actor and not holder.person:
        # "The government wants X, according to two diplomats": the side holds it, the
        # diplomats pass it on, whichever of the two was read as the speaker.
        return stmt.reporter
    if sp.name and holder.name and sp.name == holder.name:
        return None
    if not sp.person and not holder.person and holder.actor and _anonymous(sp.name):
        # "It no longer insists on X, a senior official said": an unnamed source relays
        # the side's position; a spokesman or minister would voice it (no reporter).
        return sp.name
    if sp.actor is not None and sp.actor == holder.actor and not holder.person:
        return None  # a minister saying what their government wants: the government's
    if sp.actor is None and sp.name is None:
        return None
    return sp.name or sp.actor


#: Unnamed sources: people who pass a side's position on rather than voice it.
_SOURCES = frozenset(
    {"official", "officials", "diplomat", "diplomats", "delegate", "delegates", "people"}
    | {"source", "sources", "aides", "insiders", "person"}
)


def _anonymous(name: str | None) -> bool:
    if not name:
        return False
    head = name.split(" in ")[0].split(" from ")[0].split(" close ")[0].split()
    return bool(head) and head[-1].lower() in _SOURCES


def _holder(info: DocInfo, tok: Any, stmt: Statement | None, kind: str = "") -> Who | None:
    """Whose position: the trigger's subject if it can hold one, else the speaker.

    What someone *must* do is demanded by the speaker, not by the one who must; a pronoun
    subject in reported speech ("X said they would ...") is the speaker.
    """
    if kind == "term":
        return drafter(info, tok)  # "The paper sets a goal": whoever tabled the paper
    if kind == "must" and stmt is not None:
        return stmt.speaker
    if kind == "must":
        # "X set out three conditions: borders must not be changed ...": the lead-in's
        # subject demands what follows its colon, not the one who must.
        sent = info.sent_at(tok.i)
        colon = next((t.i for t in sent if t.text == ":" and t.i < tok.i), None)
        if colon is not None:
            first = next((t for t in sent if not t.is_space), None)
            if first is not None and (lead := _previous_subject(info, first)) is not None:
                return lead  # "Russia was not in the room. Its demands are on record: ..."
            for verb in (t for t in sent if t.i < colon and t.pos_ in {"VERB", "AUX"}):
                lead = _holder(info, verb, None)
                if lead is not None and lead.actor is not None:
                    return lead
    verb = tok if tok.pos_ == "VERB" else tok.head
    if verb.head.lower_ in _PROVISO and verb.head.i != verb.i and verb.head.head.i != verb.head.i:
        # "the employers offered X, provided the union accepts Y": the proviso is the
        # condition of whoever offers, not a position of the one it names
        return _holder(info, verb.head.head, stmt)
    if (paper := draft_speaks(info, verb)) is not None:
        return paper  # "On foreign forces it ruled out ...", "it" a draft: its drafter's
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if _it_is_the_thing(info, child) and verb.head.dep_ == "ccomp":
                # "made plain that the offer would stay ..., and that it would not
                # include X": "it" is the offer, and the position the governing subject's
                return _holder(info, verb.head.head, stmt)
            # in a transcript turn, "she" is never the one speaking
            turn_speaker = stmt.speaker.name if stmt is not None and stmt.turn else None
            w = _previous_subject(info, child) or who(info, child, turn_speaker)
            # "X said they would ...": in reported speech a pronoun is the speaker's side;
            # in a transcript turn the speaker says "we", and "they" are others ("The Front
            # no longer insists on X. ... They still want one afterwards")
            in_speech = stmt is not None and not stmt.speaker.resolved and not stmt.turn
            if w is not None and w.resolved and in_speech and child.lower_ in {"they", "it"}:
                return stmt.speaker  # type: ignore[union-attr]
            if in_speech and child.lower_ in {"he", "she"} and _by_name(stmt.speaker):  # type: ignore[union-attr]
                # "Serrano said that she expects ...": the one speaking, not the last
                # woman named before her
                return stmt.speaker  # type: ignore[union-attr]
            if w is not None and (w.actor or w.person):
                return w
    if verb.dep_ in {"conj", "xcomp", "advcl"}:
        return _holder(info, verb.head, stmt)
    if stmt is not None:
        return stmt.speaker
    return None


def _by_name(speaker: Who) -> bool:
    """Whether a speaker is someone named ("Serrano", "Lucia Serrano"), whom a "she" in her
    own reported words stands for; "the presidency" is not."""
    name = speaker.name or ""
    return speaker.person or (bool(name) and all(w[:1].isupper() for w in name.split()))


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
    It no longer insists on ...": a sentence that opens with "It"/"They" (or "Its"/"Their")
    continues the previous sentence's main subject, not the last party named in its
    subordinate clauses.
    ``None`` when the pronoun does not open its sentence or that subject is no party."""
    if pronoun.lower_ not in {"it", "they", "its", "their"}:
        return None
    sent = info.sent_at(pronoun.i)
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.i != pronoun.i or sent.start == 0:
        return None
    before = info.sent_at(sent.start - 1)
    subjects = [c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    colon = next((t.i for t in before if t.text == ":"), None)
    if colon is not None:
        # "Its demands are on record: Ukraine must be neutral ... It rejects X": the lead-in
        # before the colon is the main clause, whatever the parser roots after it
        lead = [t for t in before if t.dep_ in {"nsubj", "nsubjpass"} and t.head.i < colon]
        subjects = lead[:1] or subjects
    if subjects and subjects[0].lower_ in _ASIDES and before.start > 0:
        # "The Front no longer insists on X. That is a real change. They still want ...":
        # a remark about the last sentence passes "they" back to the sentence before it
        before = info.sent_at(before.start - 1)
        subjects = [c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or subjects[0].pos_ == "PRON":
        return None  # "It is not clear whether ...": no party to continue
    owner = next((c for c in subjects[0].children if c.dep_ == "poss"), None)
    if owner is not None and owner.lower_ in {"its", "their"}:
        # "Russia was not in the room. Its demands are on record: ... It rejects X": the
        # sentence before continues the one before it
        return _previous_subject(info, owner)
    w = who(info, subjects[0])
    return w if w is not None and w.actor is not None else None


#: Words that open a proviso: "provided the union accepts a six-year term".
_PROVISO = frozenset({"provided", "providing"})


def _addressed(tok: Any) -> bool:
    """Whether the trigger's subject is "you" or "your X"."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return c.lower_ == "you" or any(d.lower_ == "your" for d in c.children)
    return False


#: Subjects of a remark on the sentence before, which no "they" continues.
_ASIDES = frozenset({"that", "this"})


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
        # An interviewer's statement that is no question relays a party's position ("The
        # Front also wants an inquiry", "Your paper proposes AU observers"): its subject's,
        # or the one asked's when the subject is "you".
        relayed = stmt is not None and stmt.asker and "?" not in sent.text
        if (stmt is not None and stmt.asker and not relayed) or _asks(first, sent):
            intro = None
            continue  # a question states no position
        addressee = stmt.addressee if relayed and stmt is not None else None
        if relayed:
            stmt = None
        lead_in = sent.text.rstrip().endswith(":")
        own_words = stmt is not None and stmt.speaker.actor
        answer = _YES_OR_NO.match(sent.text) if own_words else None
        if stmt is not None and answer and _names_a_thing(sent, answer):
            # "Observers, yes." "Blue helmets, no." in a party's own words: for or against
            # the thing named, with no verb to carry it
            side = "for" if answer.group("answer").lower() == "yes" else "against"
            out.append(_fragment(info, sent, stmt.speaker, side))
            intro = None
            continue
        if not lead_in and not _MAYBE.search(sent.text):
            intro = None
            continue
        triggers = [(t, k) for t in sent if (k := trigger(t)) is not None]
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
            judges = [(t, judged(t)) for t in sent if t.lower_ in COPULAS]
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
        trigger_at = {t.i for t, _ in triggers}
        shouted = shouted_removal(sent)
        if stmt is None and _GLOSS.search(sent.text):
            # "Kyiv, in other words, is not unwilling to bargain": the outlet's own reading
            # of a party's words, not a position the party stated
            triggers = []
        for tok, kind in triggers:
            spoken = kind in {"position", "judge"} and stmt is not None
            holder = stmt.speaker if spoken and stmt else _holder(info, tok, stmt, kind)
            if addressee is not None and _addressed(tok):
                holder = addressee  # "Your paper proposes AU observers": the one asked
            if stmt is not None and stmt.turn and holder is stmt.speaker and not holder.actor:
                # an analyst's turn on the radio: "Zelensky's counter is a fifty-fifty
                # venture" states Ukraine's position, not the analyst's
                named = info.actors_in(sent.start, sent.end)
                holder = Who(named[0], holder.name) if named else holder
            if holder is None or (holder.actor is None and not holder.name):
                continue
            key = holder.actor or holder.name or ""
            words = _own_words(tok.head if kind == "must" else tok)
            clause = (doc[words[0].i : words[-1].i + 1].text if words else sent.text).strip()
            # for one thing and against another is read on the whole clause, with what
            # is coordinated after it ("We will back X, but we will not promise Y")
            whole = list(tok.head.subtree) if kind == "must" else list(tok.subtree)
            # ... unless what is coordinated is a position of its own, read as its own item
            # ("was not opposed to X, but would not accept Y")
            own = {
                d.i
                for c in tok.children
                if c.dep_ == "conj" and c.i in trigger_at
                for d in c.subtree
            }
            whole = [t for t in whole if t.i not in own] or whole
            side = polarity(tok, kind, sent.text, doc[whole[0].i : whole[-1].i + 1].text)
            if side == "for" and kind not in {"judge", "position", "must"}:
                side = _state_polarity(info, sent, removed_state(tok), side)
            if kind == "position" and side == "for" and removal_on_condition(sent, clause):
                side = "against"  # "... but only if the EU scraps its duties": against them
            side = _bound_polarity(info, sent, clause, side)
            if shouted:
                side = "unknown"  # "WANTS EU DUTIES SCRAPPED": capitals cannot be parsed
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
            red = red and not unsaid(tok)  # "has never said it would not accept X": no line
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
    # ... and a coordinated verb that is a position of its own ("welcomed the shift but
    # ruled out access"): its item has its own words
    cut = min(
        (
            c.left_edge.i
            for c in verb.children
            if c.dep_ == "conj"
            and c.i > verb.i
            and (_subject_text(c) is not None or trigger(c) is not None)
        ),
        default=None,
    )
    # "It says nothing about X, which was deliberate: Mokoena wants Y": the parser may
    # hang what stands before a colon on the verb after it; the trigger's words start there
    start = max((t.i for t in verb.children if t.text in {":", ";"} and t.i < verb.i), default=-1)
    # "Where Washington had capped the army at 600,000, the E3 text allowed 800,000": a
    # clause of contrast before the verb is the other party's position, not this one's
    for c in verb.children:
        contrast = any(m.lower_ in _CONTRAST for m in c.children if m.dep_ in {"mark", "advmod"})
        if c.dep_ == "advcl" and c.i < verb.i and contrast:
            start = max(start, c.right_edge.i)
    words = [t for t in verb.subtree if (cut is None or t.i < cut) and t.i > start]
    while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
        words.pop()
    while words and words[0].is_punct:
        words.pop(0)
    return words


#: Words that open a clause of contrast: "Where Washington had capped ...", "whereas".
_CONTRAST = frozenset({"where", "whereas", "while"})


def _list_holder(
    info: DocInfo, sent: Any, triggers: list[tuple[Any, str]], stmt: Statement | None
) -> Who | None:
    """Whose list: the lead-in's subject or speaker, the actor it names ("The government's
    position ... includes:"), or for "Its negotiators want:" the actor named just before.
    A lead-in that opens with "Its"/"Their" ("Its demands, set out in a paper to the
    mediators, are:") is the party named before it, not the parties it was sent to."""
    first = next((t for t in sent if not t.is_space), None)
    if first is not None and first.lower_ in {"it", "they"} and not triggers:
        # "Tuilagi circulated the alliance's terms. They read:": the sentence before's
        # subject, whose text it is
        w = _previous_subject(info, first)
        if w is not None:
            return w
    if first is not None and first.lower_ in {"its", "their"}:
        # "The paper is four pages long. Its main proposals are:": the paper's drafter's
        w = drafter_before(info, sent) or last_group(info, sent.start)
        if w is not None and w.actor is not None:
            return w
    for tok, kind in triggers:
        # "It proposes three things:" of a paper tabled before: the list is its drafter's
        w = _holder(info, tok, stmt, "term" if kind == "term" else "")
        if w is not None and w.actor is not None:
            return w
    if stmt is not None and stmt.speaker.actor is not None:
        return stmt.speaker
    subject = next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.pos_ != "PRON":
        # "Within minutes of the government's remarks, the NLF delegation circulated a list
        # of what it wants:": the lead-in's subject, not the first party it names
        w = who(info, subject)
        if w is not None and w.actor is not None:
            return w
    actors = info.actors_in(sent.start, sent.end)
    if actors:
        return Who(actors[0], info.lexicon.actor_names.get(actors[0]))
    if any(t.lower_ in {"its", "their"} for t in sent):
        w = last_group(info, sent.start)
        if w is not None:
            return w
    if stmt is None and (w := drafter_before(info, sent)) is not None:
        return w  # "It keeps the numbering but changes much of it. Among the changes:"
    return stmt.speaker if stmt is not None else None


_NO = frozenset({"no", "not", "never", "none"})
_EXCEPTING = frozenset({"without", "unless", "except"})


def _state_polarity(info: DocInfo, sent: Any, part: Any, side: str) -> str:
    """A participle of removing ("the duties withdrawn") is for the state it names when
    that state is a setting of an issue the sentence names ("the export ban lifted", with
    the setting "Ban lifted"); otherwise it is for the removal and against the thing, read
    both ways by annotators, so ``unknown`` (accord.ingest.polarity)."""
    if part is None:
        return side
    settings = info.lexicon.option_words
    for issue in info.issues_in(sent.start, sent.end):
        if any(part.lower_ in words for words in settings.get(issue, {}).values()):
            return side
    return "unknown"


def _bound_polarity(info: DocInfo, sent: Any, text: str, side: str) -> str:
    """A ceiling written as a noun ("a cap of 5 per cent on the tariff") keeps its reading
    when an issue the sentence names is itself a bound (its name or a setting says "cap" or
    "limit": "a cap of 800,000 on the armed forces" asks for that cap); a cap on another
    quantity is for the figure and against more, read both ways by annotators, so
    ``unknown`` (accord.ingest.polarity)."""
    if side == "unknown" or not NOUN_CEILING.search(text):
        return side
    lexicon = info.lexicon
    for issue in info.issues_in(sent.start, sent.end):
        named = set(re.findall(r"[a-z]+", lexicon.issue_names.get(issue, "").lower()))
        settings = lexicon.option_words.get(issue, {}).values()
        if named & BOUND_WORDS or any(ws & BOUND_WORDS for ws in settings):
            return side
    return "unknown"


#: A verbless answer about one thing: "Observers, yes." "Blue helmets, no." "A quota, yes."
_YES_OR_NO = re.compile(
    r"\s*(?P<thing>[A-Za-z][\w' -]{1,40}?),\s+(?P<answer>yes|no)\s*[.!]?\s*$", re.I
)


def _names_a_thing(sent: Any, answer: re.Match[str]) -> bool:
    """Whether the words before "yes"/"no" are a bare noun phrase ("Observers", "Blue
    helmets"): no verb, pronoun or condition ("It wants that, yes", "If it means X, no")."""
    end = sent.start_char + answer.end("thing")
    words = [t for t in sent if t.idx < end and not t.is_punct]
    return (
        bool(words)
        and all(t.pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "DET"} for t in words)
        and any(t.pos_ in {"NOUN", "PROPN"} for t in words)
    )


#: Participles of harm done to people: "no dockworker laid off", "no worker displaced".
_HARM = frozenset({"laid", "sacked", "fired", "dismissed", "displaced", "retrenched"})


def _harmed(head: Any) -> bool:
    """ "No dockworker laid off ...": the head noun with a participle of harm after it."""
    return any(c.dep_ == "acl" and c.lower_ in _HARM for c in head.children)


def _negated_inside(body: list[Any]) -> bool:
    """Whether a bullet holds a negative inside a relative clause ("..., which does not
    exist")."""
    inside = {t.i for t in body}

    def relative(t: Any) -> bool:
        # a relative clause, however the parser hangs it ("..., \"which does not exist\"")
        return any(a.dep_ == "relcl" and a.i in inside for a in t.ancestors) or any(
            c.dep_ == "nsubj" and c.lower_ in {"which", "who"} for c in t.head.children
        )

    return any(t.dep_ == "neg" and relative(t) for t in body)


def _fragment(info: DocInfo, sent: Any, holder: Who, side: str) -> Evidence:
    """A demand from a verbless answer in a party's own words, over the whole sentence."""
    return _sentence_demand(info, sent, holder, sent.text.strip(), 0.6, side, "demand")


def _sentence_demand(
    info: DocInfo, sent: Any, holder: Who, text: str, confidence: float, side: str, kind: str
) -> Evidence:
    """A demand read from a whole sentence (a bullet, a verbless answer) by ``holder``, made
    on the other party the sentence names (else the holder's counterpart)."""
    others = [a for a in info.actors_in(sent.start, sent.end) if a != holder.actor]
    return item(
        info.text,
        EvidenceType.demand,
        sent.start_char,
        sent.end_char,
        target=others[0] if others else other_party(info, holder.actor),
        text=text,
        confidence=confidence,
        actor=holder.actor,
        speaker=holder.name,
        actors=info.actors_in(sent.start, sent.end),
        issues=info.issues_in(sent.start, sent.end),
        kind=kind,
        polarity=side,
    )


def _bullet(info: DocInfo, sent: Any, holder: Who, polarity: str = "for") -> Evidence:
    body = [t for t in sent if not t.is_space][1:]
    if body and body[0].text == ".":
        body = body[1:]  # "1" "." of a numbered item
    start = body[0].idx if body else sent.start_char
    item_text = info.text[start : sent.end_char]
    head = next((t for t in body if t.pos_ not in {"DET", "ADJ", "PUNCT"}), None)
    if BOUND.search(item_text) or EXCHANGE.search(item_text):
        # "- a tariff of no more than 5 per cent": a bound; "- Its NATO bid can go, but only
        # in exchange for guarantees": one thing for another (polarity.py)
        polarity = "unknown"
    polarity = _bound_polarity(info, sent, item_text, polarity)
    if polarity == "for" and head is not None:
        polarity = _state_polarity(info, sent, removed_state(head, bullet=True), polarity)
    # "- Confiscating the frozen reserves would be theft": the item judges its own subject,
    # whatever the lead-in asks
    judgement = next((j for t in body if t.lower_ in COPULAS and (j := judged(t)) != 0), 0)
    # "- rules out permanent NATO troops", "- drops the amnesty": the item's own verb
    # is against its object, whatever the lead-in asks
    own = body[0] if body and body[0].dep_ == "ROOT" else None
    if own is not None and takes_away(own):
        inner = _negated_inside(body) or polarity == "unknown"
        polarity = "unknown" if inner else "against"  # "- deletes the point that X not ..."
    elif any(
        # "- power sharing deferred to a second phase": a participle the parser may hang on
        # the noun or root the fragment on
        (t.dep_ == "acl" or (t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children)))
        and deferred(t)
        and not any(u.text == "," for u in body if u.i < t.i)
        for t in body
    ):
        # "- power sharing left to a second phase": against it in this round, as a thing
        # put off is (accord.ingest.polarity.deferred)
        polarity = "against"
    elif judgement:
        polarity = "against" if judgement < 0 else "for"
    elif any(out_of_the_text(t) for t in body):
        polarity = "against"  # "1. The blanket amnesty clause is out of the text."
    elif polarity != "unknown":
        refused = bool(body and body[0].lower_ in _NO)
        polarity = combine_polarity(
            # "- no Western troops in Ukraine" under "Russia demands:": against the troops
            (polarity == "against") != refused,
            # "- the removal of anti-dumping duties" under "X wants:": against the duties
            head is not None and removes(head),
            # "- no automated cranes without a written guarantee": against the cranes as
            # they stand, for them on the condition; the words do not say which is meant
            refused and any(t.lower_ in _EXCEPTING for t in body[1:]),
            # "- membership by consensus, without a ban": for one thing, against another
            bool(MIXED.search(item_text)),
        )
    if head is not None and body[0].lower_ in _NO and (change_to(head) or _harmed(head)):
        # "- no change to the ban" (accord.ingest.polarity.change_to); "- No dockworker laid
        # off for three years after each crane": a guarantee against a harm, whose side on
        # the issue named (automation) the words do not give
        polarity = "unknown"
    if polarity == "for" and _negated_inside(body):
        # "- NATO membership left to the consensus of the Alliance, 'which does not exist'":
        # granted on a condition said not to hold, so for it in form and against it in
        # effect; a negative inside the item leaves its side open (accord.ingest.polarity)
        polarity = "unknown"
    return _sentence_demand(
        info,
        sent,
        holder,
        item_text.rstrip(" ;,.\n"),
        0.8 if holder.actor else 0.6,
        polarity,
        "red_line" if _RED_LINE_TEXT.search(sent.text) else "demand",
    )
