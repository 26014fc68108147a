"""Quotes: direct speech in quotation marks and reported speech, each with its speaker.

A *statement* is a verb of saying with a subject that can speak (``X said that ...``,
``according to X``, ``"...," he said``). Other extractors reuse statements: a demand or a
threat inside reported speech belongs to the speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from accord.ingest.drafts import draft_speaks
from accord.ingest.layout import WHO_SAYS, is_asker
from accord.ingest.mentions import (
    OFFICES,
    SPEAKER_NOUNS,
    DocInfo,
    Who,
    label_who,
    last_group,
    person_between,
    phrase_span,
    who,
)
from accord.ingest.nlp import add_verbs, lemma, words
from accord.ingest.polarity import asks_by_calling

#: Verbs that report speech. ``reject``/``dismiss`` count only with a claim as object.
SPEECH_VERBS = add_verbs(
    words(
        "say tell add state announce declare note stress insist warn write post explain argue "
        "confirm claim deny reply respond acknowledge admit assert reiterate repeat accuse vow "
        "pledge promise describe call welcome concede suggest predict complain allege"
    )
)
DENIAL_VERBS = add_verbs(frozenset({"reject", "dismiss", "refute", "rebuff"}))
ACCUSATION_NOUNS = words(
    "accusation accusations claim claims charge charges criticism report reports version "
    "story allegation allegations suggestion suggestions account idea"
)
#: "rejected that", "dismissed this": what is rejected is something just said, a claim.
SAID_THING = frozenset({"that", "this", "it"})


def rejects_a_claim(tok: Any) -> bool:
    """Whether ``tok`` (reject, dismiss...) has a claim as its object: an accusation noun
    or a bare "that"/"this" pointing back at what was said."""
    return any(
        c.dep_ == "dobj"
        and (c.lower_ in ACCUSATION_NOUNS or (c.lower_ in SAID_THING and not list(c.children)))
        for c in tok.children
    )


_QUOTE = re.compile(r"“[^”]{2,}”|\"[^\"\n]{2,}\"")


@dataclass
class Statement:
    verb: Any  # the speech verb token (or "according")
    speaker: Who
    sent: Any  # the sentence span
    start: int  # char span covered, quotation included
    end: int
    content: str
    direct: bool
    confidence: float
    #: the interviewer's turn in a transcript: a question, nobody's position
    asker: bool = False
    #: who passes the words on: "according to two delegates, she urged ..."
    reporter: str | None = None
    #: a transcript turn's own words (``VOSS: We reject that``): the turn's speaker holds
    #: what they say, but the turn is not itself reported speech
    turn: bool = False
    #: in an interviewer's turn, who is being asked: the "you" of "Your paper proposes X"
    addressee: Who | None = None


def subject_of(verb: Any) -> Any | None:
    """The subject of ``verb``, borrowed from the verb it hangs on when it has none."""
    tok = verb
    for _ in range(3):
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[1] if _addressed(subjects) else subjects[0]
        if tok.dep_ in {"conj", "advcl", "xcomp", "relcl"} and tok.head is not tok:
            if tok.dep_ == "relcl":
                return tok.head
            tok = tok.head
        else:
            return _dated_subject(tok)
    return None


def _in_a_joint_statement(verb: Any) -> bool:
    """ "said in a joint statement", "agreed in a joint communique": words issued jointly."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(
            d.dep_ == "pobj"
            and d.lower_ in {"statement", "communique", "communiqué", "declaration"}
            and any(e.lower_ == "joint" for e in d.children)
            for d in c.children
        )
        for c in verb.children
    )


def _addressed(subjects: list[Any]) -> bool:
    """ "Ms Roeder, Mr Hidayat told our team ...": the first of two subjects is a name that
    opens the sentence, set off by a comma, and addressed (in an interviewer's question);
    the second speaks."""
    if len(subjects) != 2:
        return False
    first, second = subjects
    doc = first.doc
    after = first.right_edge.i + 1
    return (
        first.pos_ == "PROPN"
        and first.left_edge.i == first.sent.start
        and after < len(doc)
        and doc[after].text == ","
        and second.pos_ == "PROPN"
        and after < second.left_edge.i
    )


#: Words of a day that the parser may glue onto the name after them: "On Monday Dmitry
#: Peskov repeated ..." is parsed as "On [Monday Dmitry Peskov]", a verb with no subject.
_DAY_WORDS = words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday january "
    "february march april may june july august september october november december"
)


def _dated_subject(verb: Any) -> Any | None:
    """The name a sentence-opening time phrase swallowed, as the verb's subject."""
    for child in verb.children:
        if child.dep_ != "prep" or child.i > verb.i:
            continue
        for obj in child.children:
            glued = any(c.dep_ == "compound" and c.lower_ in _DAY_WORDS for c in obj.children)
            if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and glued:
                return obj
    return None


def _content(verb: Any) -> str:
    """What was said: the clause a verb of saying governs; a pronoun object is whom it was
    said to ("told us the alliance would ..."), not what."""
    kids = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp", "dobj", "attr", "oprd"}]
    kids = [c for c in kids if not (c.dep_ == "dobj" and c.pos_ == "PRON")] or kids
    kids.sort(key=lambda c: c.dep_ != "ccomp")  # the clause said, before an object
    if kids:
        words = list(kids[0].subtree)
        return str(verb.doc[words[0].i : words[-1].i + 1].text)
    return ""


#: Particles of calling people somewhere: "called both sides back", "called the talks off".
_CALLED_BACK = frozenset({"back", "off", "in", "up", "out"})
#: What is called when calling convenes it: "called a strike ballot", "called a walkout".
_CONVENED = words(
    "strike strikes ballot ballots walkout walkouts meeting meetings session sessions round "
    "rounds talks vote votes election elections summit stoppage stoppages recess halt"
)


def is_speech(tok: Any) -> bool:
    base = lemma(tok)
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if base in DENIAL_VERBS:
        return any(c.dep_ == "dobj" and c.lower_ in ACCUSATION_NOUNS for c in tok.children)
    if base == "call":
        # "called it a lie" names a thing, and reports speech ("On 27 November Putin called
        # X illegitimate" too); "called for" asks; "called a strike ballot", "called both
        # sides back" convene, and report no words
        kids = list(tok.children)
        back = any(c.dep_ in {"prt", "advmod", "oprd"} and c.lower_ in _CALLED_BACK for c in kids)
        convened = any(c.dep_ == "dobj" and c.lower_ in _CONVENED for c in kids) and not any(
            c.dep_ == "oprd" for c in kids
        )
        return not (asks_by_calling(tok) or back or convened)
    if base == "hold":  # "Ukraine holds that a ceasefire ... is the fairest option"
        return any(
            c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in tok.children
        )
    return base in SPEECH_VERBS and not _asked_to_speak(tok)


#: Verbs that ask another to act: "expects the government to reply", "urged Kyiv to say".
_ASKING_TO = add_verbs(words("expect ask urge want need tell invite press require"))


def _asked_to_speak(tok: Any) -> bool:
    """ "The mediator expects the government to reply by Wednesday": a speaking asked for,
    which has not happened, so no statement of the one asked."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return infinitive and tok.dep_ in {"ccomp", "xcomp"} and lemma(tok.head) in _ASKING_TO


def statements(info: DocInfo) -> list[Statement]:
    """Every statement in the article, in order, with quotations joined to their speaker."""
    doc = info.doc
    found: list[Statement] = []
    quoted = [(m.start(), m.end()) for m in _QUOTE.finditer(info.text)]
    for sent in info.sents:
        ordered, speech = _outermost_first(_outside_first(sent, quoted))
        for tok in ordered:
            speaker: Who | None = None
            subj = None
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                speaker = who(info, obj) if obj is not None else None
                content = sent.text
            elif tok.i in speech:
                subj = subject_of(tok)
                if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == tok.i:
                    # "that China be written into the text": what is written, not a writer;
                    # the speaker of a passive is its agent ("was announced by the Kremlin")
                    subj = next(
                        (d for c in tok.children if c.dep_ == "agent" for d in c.children), None
                    )
                speaker = who(info, subj) if subj is not None else None
                # "Russian assets, it said, would stay frozen", "it" a draft: its drafter's
                speaker = draft_speaks(info, tok) or speaker
                if _in_a_joint_statement(tok):
                    # "The two delegations said in a joint statement that ...": the
                    # statement speaks, for both at once (no one party holds it)
                    speaker, subj = Who(None, "joint statement"), None
                content = _content(tok)
            if speaker is None or _the_writers(info, speaker, sent) or _nobody(subj):
                continue
            if speaker.actor is None and (same := _the_same(found, speaker)) is not None:
                speaker = same  # "The same official said ...": the official quoted before
            if speaker.actor is None and (role_side := _the_role(found, subj)) is not None:
                speaker.actor = role_side  # "a Front spokesman said ... the spokesman, NAME, said"
            reporter = None
            if tok.lower_ == "according":
                # "According to X, she urged ...": she is the speaker, X passes it on.
                inner = _own_speaker(info, sent, tok, outlet=speaker.actor is None)
                if inner is not None and inner.name != speaker.name:
                    reporter, speaker = speaker.name or speaker.actor, inner
            elif (src := _reported_by(info, tok)) is not None and src != speaker.name:
                reporter = src  # "Politico reported that Washington had warned ..."
            if not speaker.resolved and tok.lower_ != "according":
                _remember_person(info, subject_of(tok))
            if speaker.actor is None and speaker.person and speaker.name:
                # A named official of no known actor mostly speaks about their own side; an
                # analyst or a resident, named as such, speaks for nobody's.
                outsider = _introduced_as_outsider(info, speaker.name)
                actors = [] if outsider else info.actors_in(sent.start, sent.end)
                if lemma(tok) in DISPUTING:
                    # "Yusuf Bande denied the NLF's claim": not the side whose claim it is
                    disputed = [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree]
                    if disputed:
                        theirs = set(info.actors_in(disputed[0].i, disputed[-1].i + 1))
                        actors = [a for a in actors if a not in theirs]
                if not outsider and (minister := _government_of(info, sent, speaker.name)):
                    actors = [minister]
                if actors:
                    speaker.actor = actors[0]
                    info.person_actor[speaker.name] = actors[0]
            elif (
                speaker.actor is None
                and set((speaker.name or "").lower().split()) & _MINISTERIAL
                and len(info.lexicon.governments) == 1
            ):
                # "the trade minister said": the scenario's one government's
                speaker.actor = info.lexicon.governments[0]
            elif speaker.actor is None and not speaker.person and _bare_official(tok):
                # "A spokeswoman described ..." after "The White House said ...": an
                # unnamed official speaks for the side the text has just named; "its
                # officials" after "The Kremlin's terms, as ..." for the side named before
                # the "its" in the same sentence
                owner = _possessive(subj)
                side = last_group(info, owner.i) if owner is not None else None
                side = side or last_group(info, sent.start)
                if side is not None:
                    speaker.actor = side.actor
            conf = 0.9 if not speaker.resolved else 0.75
            st = Statement(tok, speaker, sent, sent.start_char, sent.end_char, content, False, conf)
            st.reporter = reporter
            found.append(st)
            break  # one statement per sentence: the first verb of saying carries it
    _join_quotations(info, found)
    _headlines_of_who_said(info, found)
    _turns(info, found)
    return found


def _headlines_of_who_said(info: DocInfo, found: list[Statement]) -> None:
    """An entry's headline 'Dost: "the first of many"' quotes the party or person its label
    names, by the convention of live blogs, when the words are in quotation marks. Words
    without them are left to the entry ("Kande: no foreign troops" sums up, and most
    annotations read no quote there; "Nickel: Brussels wants the ban gone" labels a topic).
    Only a line of its own after an entry's time: a section heading is the outlet's."""
    text = info.text
    for _, stamp_end, kind in info.shape.masked:
        if kind != "timestamp":
            continue
        line_end = text.find("\n", stamp_end)
        line_end = len(text) if line_end < 0 else line_end
        if not text[stamp_end:line_end].strip() and line_end < len(text):
            # "21:20" on a line of its own, the headline on the next
            stamp_end = line_end + 1
            line_end = text.find("\n", stamp_end)
            line_end = len(text) if line_end < 0 else line_end
        body = text[stamp_end:line_end].strip()
        m = WHO_SAYS.fullmatch(body)
        if m is None or not all(w[:1].isupper() for w in m["label"].split()):
            continue  # not 'Union bulletin: "not a point less"', a bulletin being no speaker
        hs = stamp_end + text[stamp_end:line_end].index(body)
        he = hs + len(body)
        headline = any(s <= hs and he <= e for s, e in info.shape.headings)
        if not headline and text[line_end : line_end + 2] not in {"", "\n", "\n\n"}:
            continue  # "08:15 Dost: we will be back." running on as the entry's text
        speaker = label_who(info, m["label"])
        if speaker.actor is None:
            continue
        span = info.doc.char_span(hs, he, alignment_mode="expand")
        if span is None:
            continue
        sent = info.sent_at(span.start)
        found[:] = [st for st in found if st.sent.start != sent.start]
        found.append(Statement(sent[0], speaker, sent, hs, he, m["words"], True, 0.6))
    found.sort(key=lambda st: st.start)


#: What a person is named as when they speak for no party: "Siti Rahayu, an economist at
#: the Makassar Institute", "analyst Tomasz Wieczorek", "Oleksii, a miner".
OUTSIDERS = words(
    "analyst analysts economist economists researcher researchers professor scholar expert "
    "experts historian commentator columnist lecturer fellow resident residents farmer "
    "farmers fisherman fishermen miner miners shopkeeper pensioner teacher driver student "
    "retiree diplomat-turned-analyst consultant strategist pollster"
)


def _the_same(found: list[Statement], speaker: Who) -> Who | None:
    """The earlier speaker that "the same official" (or delegate, diplomat ...) is: the last
    one quoted whose name ends in the same noun."""
    words_ = (speaker.name or "").lower().split()
    if len(words_) < 2 or words_[0] != "same":
        return None
    for st in reversed(found):
        if (st.speaker.name or "").lower().split()[-1:] == words_[-1:]:
            return st.speaker
    return None


def _the_role(found: list[Statement], subj: Any | None) -> str | None:
    """The side of "the spokesman" (with or without a name beside it): the side of the last
    speaker quoted whose name ends in the same noun ("a Front spokesman said ...")."""
    if subj is None or subj.lower_ not in SPEAKER_NOUNS:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
        return None
    if any(c.dep_ in {"compound", "amod", "poss", "prep"} for c in subj.children):
        return None  # "the Front's spokesman", "the government spokesman": named already
    for st in reversed(found):
        if st.speaker.actor and (st.speaker.name or "").lower().split()[-1:] == [subj.lower_]:
            return st.speaker.actor
    return None


#: Verbs whose object is the other side's claim.
DISPUTING = DENIAL_VERBS | add_verbs(words("deny dispute"))
#: Titles of a government's own people.
_MINISTERIAL = words("minister ministers ministry president premier")


def _government_of(info: DocInfo, sent: Any, name: str) -> str | None:
    """The actor a minister speaks for, when the title beside the name in this sentence
    says so and the scenario has one government: "Information Minister Yusuf Bande" in a
    war between a government and a rebel front. ``None`` when no title is there or several
    actors are governments."""
    doc = info.doc
    last = name.split()[-1]
    at = next((t.i for t in sent if t.text == last), None)
    if at is None:
        return None
    first = at - len(name.split()) + 1
    near = doc[max(sent.start, first - 3) : min(sent.end, at + 8)]
    if not any(t.lower_ in _MINISTERIAL for t in near):
        return None
    govs = info.lexicon.governments
    return govs[0] if len(govs) == 1 else None


def _introduced_as_outsider(info: DocInfo, name: str) -> bool:
    """Whether the text first names ``name`` as an analyst, a resident or the like: a title
    in the three words before the name ("analyst Tomasz Wieczorek"), or an apposition after
    it, up to its closing comma ("Siti Rahayu, an economist at the Makassar Institute,")."""
    doc = info.doc
    last = name.split()[-1]
    for t in doc:
        if t.text != last:
            continue
        sent = info.sent_at(t.i)
        first = t.i - len(name.split()) + 1
        before = doc[max(sent.start, first - 3) : first]
        after = []
        if t.i + 1 < sent.end and doc[t.i + 1].text == ",":
            for w in doc[t.i + 2 : min(sent.end, t.i + 14)]:
                if w.text in {",", ";", "."}:
                    break
                after.append(w)
        return any(w.lower_ in OUTSIDERS for w in [*before, *after])
    return False


def _outside_first(sent: Any, quoted: list[tuple[int, int]]) -> list[Any]:
    """The sentence's words, those outside quotation marks first: in ``"They call it a
    guarantee," said Luis Ferreira`` the verb of saying is ``said``, not the quoted
    ``call``, whose subject is the quotation's own."""
    lo = bisect_left(quoted, (sent.start_char, -1))
    # a quotation that began before the sentence may still cover its start
    spans = quoted[max(0, lo - 1) :]
    spans = [(s, e) for s, e in spans if s < sent.end_char and e > sent.start_char]
    if not spans:
        return list(sent)

    def inside(tok: Any) -> bool:
        return any(s <= tok.idx < e for s, e in spans)

    return [t for t in sent if not inside(t)] + [t for t in sent if inside(t)]


def _outermost_first(tokens: list[Any]) -> tuple[list[Any], set[int]]:
    """Verbs of saying higher in the parse first: in ``It no longer insists on an escort, a
    senior official told Kestrel`` the words are the official's, and ``insists`` is what
    they report. Also the verbs of saying found (token indices), read once."""
    speech = [t for t in tokens if is_speech(t)]
    ids = {t.i for t in speech}
    if len(speech) < 2:
        return tokens, ids
    depth = {t.i: sum(1 for _ in t.ancestors) for t in speech}
    top = min(speech, key=lambda t: (depth[t.i], t.i))
    if not any(top.is_ancestor(t) for t in speech if t is not top):
        return tokens, ids  # two statements side by side: the first in the text carries it
    return [top, *(t for t in tokens if t is not top)], ids


_OFFICIALS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "aide", "aides"}
)


def _nobody(subj: Any | None) -> bool:
    """ "Neither side would say", "No delegation has said", "Nobody agreed": a subject that
    says nobody spoke is no speaker (what such a sentence denies is a denial's business)."""
    if subj is None:
        return False
    if subj.lower_ in {"nobody", "neither", "none"}:
        return True
    quantified = (c for c in subj.children if c.dep_ in {"det", "preconj"})
    return any(c.lower_ in {"neither", "no"} for c in quantified)


def _possessive(subj: Any | None) -> Any | None:
    """The "its" or "their" of a subject ("its officials"), or ``None``."""
    if subj is None:
        return None
    owners = (c for c in subj.children if c.dep_ == "poss" and c.lower_ in {"its", "their"})
    return next(owners, None)


def _bare_official(verb: Any) -> bool:
    """Whether the verb's subject is an unnamed official ("a spokeswoman", "officials")
    with nothing after it that says whose ("for the trade ministry", "in Paris")."""
    subj = subject_of(verb)
    if subj is None or subj.lower_ not in _OFFICIALS:
        return False
    return not any(c.dep_ in {"prep", "appos", "compound", "amod"} for c in subj.children)


#: Verbs by which an outlet or a source passes on what a party did or said.
_PASS_ON = add_verbs(words("report cite"))


def _reported_by(info: DocInfo, verb: Any) -> str | None:
    """The source, named and no party, whose report holds the statement of ``verb``:
    ``Politico, citing an official, reported that Washington had warned ...``."""
    for anc in verb.ancestors:
        if anc.pos_ not in {"VERB", "AUX"} or lemma(anc) not in _PASS_ON:
            continue
        subj = subject_of(anc)
        if subj is None or subj.pos_ != "PROPN" or subj.i in info.actor_of_token:
            return None
        s, e = phrase_span(subj)
        return info.doc[s:e].text
    return None


def _own_speaker(info: DocInfo, sent: Any, according: Any, outlet: bool = False) -> Who | None:
    """The person or party a sentence with ``according to X`` has act or speak: the
    subject of its main verb, when that is someone (not "the talks"); when X is no party
    (an outlet: ``according to the Wall Street Journal, US officials floated ...``), a
    party as the subject is the one who acts, X the one who reports it."""
    root = sent.root
    if according.is_ancestor(root) or root.i == according.i:
        return None
    subj = subject_of(root)
    if subj is None or according.is_ancestor(subj):
        return None
    w = who(info, subj)
    if w is None or not (w.person or (outlet and w.actor is not None)):
        return None  # a person: "according to X, Mokoena has been pressing ..."
    return w


def _turns(info: DocInfo, found: list[Statement]) -> None:
    """Each sentence of a transcript turn (``PESKOV: ...``) is the labelled speaker's own
    speech, unless it reports someone else's with a verb of saying."""
    if not info.shape.turns:
        return
    by_sent = {st.sent.start: st for st in found}
    # Each sentence's first word says whose turn it is (spaCy keeps the blanked label's
    # spaces on the end of the sentence before); found once, then each turn's sentences
    # are a slice (in document order, so the first words are sorted).
    sents = [sent for sent in info.sents if sent.text.strip()]
    firsts = [sent.start_char + len(sent.text) - len(sent.text.lstrip()) for sent in sents]
    last: Who | None = None
    turns = info.shape.turns
    askers = _askers(info, turns)
    for n, (start, end, label, _) in enumerate(turns):
        asker = is_asker(label) or label in askers
        addressee = None
        if asker:
            speaker = Who(None, label)
            # the one asked: the next turn that is no question's, else the last one
            nxt = (lb for _, _, lb, _ in turns[n + 1 :] if not (is_asker(lb) or lb in askers))
            answer = next(nxt, None)
            # "A:" answers for the last named speaker, as its own turns do
            named = answer is not None and answer.lower() not in {"a", "answer"}
            addressee = label_who(info, answer) if named and answer is not None else last
        elif label.lower() in {"a", "answer"}:
            if last is None:
                # an explainer's "Q: ... A: ...": the outlet answers, and no party speaks;
                # its sentences are read as prose
                continue
            speaker = last
        else:
            speaker = label_who(info, label)
            if speaker.actor and speaker.name:
                info.person_actor.setdefault(speaker.name, speaker.actor)
        if not asker:
            last = speaker
        for sent in sents[bisect_left(firsts, start) : bisect_left(firsts, end)]:
            if sent.start in by_sent:
                # "Q: Jakarta says ...": the question reports Jakarta's words; in an
                # answer, "Ms Roeder told him ...": Roeder's words, passed on by the speaker.
                st = by_sent[sent.start]
                own = (st.speaker.name or "").lower() in OFFICES
                if not asker and own and st.speaker.actor is None and speaker.actor:
                    # "The president has said ..." in a ministry's briefing: its own side's
                    st.speaker = Who(speaker.actor, st.speaker.name)
                if not asker and st.speaker.name != speaker.name and st.reporter is None:
                    st.reporter = speaker.name
                continue
            first = next((t for t in sent if not t.is_space), sent[0])
            new = Statement(
                first, speaker, sent, sent.start_char, sent.end_char, sent.text.strip(), True, 0.8
            )
            new.asker, new.turn, new.addressee = asker, True, addressee
            found.append(new)
            by_sent[sent.start] = new
    found.sort(key=lambda st: st.start)


def _askers(info: DocInfo, turns: list[tuple[int, int, str, int]]) -> set[str]:
    """The labels of a transcript's interviewers, when no label says so ("KOFI ADJEI:" in
    an interview): a speaker of no party, most of whose turns (two at least) ask a
    question, in a transcript where someone else answers."""
    asked: dict[str, list[bool]] = {}
    for start, end, label, _ in turns:
        asked.setdefault(label, []).append("?" in info.text[start:end])
    out = {
        label
        for label, qs in asked.items()
        if len(qs) >= 2 and sum(qs) * 2 >= len(qs) and label_who(info, label).actor is None
    }
    return out if len(asked) > len(out) else set()


def _remember_person(info: DocInfo, subj: Any) -> None:
    """A single proper name that speaks is a person to later pronouns ("Trump said ...")."""
    if subj is None or any(c.dep_ == "det" for c in subj.children):
        return  # "the Kremlin said": an institution, not a person for later pronouns
    if subj.text in info.places:
        return
    if subj.pos_ in {"PROPN", "NOUN"} and subj.i in info.actor_of_token and subj.text[:1].isupper():
        span = (subj.i, subj.i + 1)
        if not any(s <= subj.i < e for s, e in info.people):
            info.people.append(span)
            info.people.sort()


#: What "X said ..." points back with to a quotation above it.
_THIS = frozenset({"this", "that", "so", "these words", "those words", "it"})


def _join_quotations(info: DocInfo, found: list[Statement]) -> None:
    """Attach each quotation to the statement of its sentence, or continue the last one."""
    doc = info.doc
    text = info.text
    by_sent = {st.sent.start: st for st in found}
    for m in _QUOTE.finditer(text):
        if info.crosses_heading(m.start(), m.end()):
            continue  # an unclosed quotation mark before a heading: no quotation runs on
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        sents = {(s := info.sent_at(t.i)).start: s for t in span}
        # The attribution may follow the closing quote in the same or the next sentence.
        last = info.sent_at(span[-1].i)
        if last.end < len(doc):
            nxt = info.sent_at(last.end)
            # within its paragraph: a pull quote is not the next paragraph's statement
            if "\n\n" not in text[span.end_char : nxt.start_char + 1]:
                sents.setdefault(nxt.start, nxt)
        owner = next((by_sent[k] for k in sorted(sents) if k in by_sent), None)
        if owner is None and last.end < len(doc):
            # "Kande said this in a national address": the paragraph after names a
            # quotation set apart above it
            said = by_sent.get(info.sent_at(last.end).start)
            if said is not None and said.content.strip().lower() in _THIS:
                owner = said
        if owner is not None:
            owner.start = min(owner.start, span.start_char)
            owner.end = max(owner.end, span.end_char)
            owner.content = m.group(0)[1:-1]
            owner.direct = True
            continue
        prev = [st for st in found if st.sent.end <= span.start]
        # a sentence of the writer's between ("... she said. The honest conversation was
        # about money.") and a speaker named beside the quotation set apart ("Those words
        # belong to Mele Tuilagi"): hers, not the last speaker's
        between = prev and any(t.is_alpha for t in doc[prev[-1].sent.end : span.start])
        apart = _set_apart(info, m.start(), m.end()) if between else None
        if (
            prev
            and apart is None
            and span.start - prev[-1].sent.end < 40
            and not info.crosses_heading(prev[-1].end, span.start_char)
        ):
            first = min(sents)
            sent = sents[first]
            cont = Statement(
                prev[-1].verb,
                prev[-1].speaker,
                sent,
                sent.start_char,
                max(span.end_char, sent.end_char),
                m.group(0)[1:-1],
                True,
                0.6,
            )
            found.append(cont)
            by_sent[sent.start] = cont
        elif (person := apart or _set_apart(info, m.start(), m.end())) is not None:
            first = min(sents)
            sent = sents[first]
            own = Statement(
                sent[0], person, sent, span.start_char, span.end_char, m.group(0)[1:-1], True, 0.5
            )
            found.append(own)
            by_sent[sent.start] = own
    found.sort(key=lambda st: st.start)


def _set_apart(info: DocInfo, start: int, end: int) -> Who | None:
    """The speaker of a quotation set apart as a paragraph of its own, with no words of
    saying (a feature's pull quote): the person the paragraph before names last, else the
    one the paragraph after names first. An assumption: features set a quotation next to
    the paragraph about its speaker."""
    text = info.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return None  # words beside it on its line: not set apart
    before = text.rfind("\n\n", 0, max(0, line_start - 1))
    prev = info.doc.char_span(max(0, before), line_start, alignment_mode="expand")
    w = person_between(info, prev.start, prev.end) if prev is not None else None
    if w is None:
        after = text.find("\n\n", line_end + 1)
        end_at = len(text) if after < 0 else after
        nxt = info.doc.char_span(line_end, end_at, alignment_mode="expand")
        w = person_between(info, nxt.start, nxt.end, last=False) if nxt is not None else None
        if w is None and nxt is not None:
            w = _words_of(info, nxt)
    return None if w is None or _the_writers(info, w, None) else w


#: A paragraph that says whose a quotation above it is: "Those words belong to Mele
#: Tuilagi, who ...", "These are the words of ...", "That was Halyna Petrenko, 47".
_WORDS_OF = re.compile(
    r"\s*(?:(?:Those|These|The) words (?:belong to|are|were|came from|of)|"
    r"(?:Those|These) (?:are|were) the words of|That was)\s+"
    r"(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})"
)


def _words_of(info: DocInfo, paragraph: Any) -> Who | None:
    """The one a paragraph names as the quotation's speaker in so many words, whether or
    not the name reads as a person's ("Those words belong to Mele Tuilagi")."""
    m = _WORDS_OF.match(paragraph.text)
    if m is None:
        return None
    start = paragraph.start_char + m.start("name")
    span = info.doc.char_span(start, start + len(m["name"]), alignment_mode="expand")
    actors = info.actors_in(span.start, span.end) if span is not None else []
    return Who(actors[0] if actors else None, m["name"], True)


def _the_writers(info: DocInfo, speaker: Who, sent: Any | None) -> bool:
    """Whether a statement is the article's own: its writer (the byline's name, `Tomasz
    Wren writes on ...`), its outlet (`Kestrel could not confirm ...`), or a heading (a
    headline sums up, `What Moscow says` asks: neither reports speech)."""
    name = (speaker.name or "").lower()
    # the names only: "Tomasz Wren, Europe editor" must not silence Europe
    byline = (info.shape.byline or "").split(",")[0].lower()
    outlet = (info.shape.outlet or "").lower()
    if name and byline and re.search(rf"\b{re.escape(name)}\b", byline):
        return True
    # the outlet by its own name or its first word ("Cendana note: ..." in the Cendana
    # Transcript Service's copy)
    first = next((w for w in outlet.split() if w != "the"), "")
    if name and name in (outlet, first):
        return True
    if sent is None:
        return False
    s = sent.start_char + len(sent.text) - len(sent.text.lstrip())
    e = sent.start_char + len(sent.text.rstrip())
    # the body's headings; the first line is left as it was read before (a one-line text
    # is all title, and its sentence is the whole article)
    top = len(info.text) - len(info.text.lstrip())
    return any(hs <= s and e <= he + 1 and hs > top for hs, he in info.shape.headings)


def statement_of(stmts: list[Statement], sent: Any) -> Statement | None:
    """The statement of ``sent``: the one made in it, else the one whose quotation runs
    through it (`"We expect China to pay in. A goal ... is not global," she said.`: the
    first sentence is hers too)."""
    for st in stmts:
        if st.sent.start == sent.start:
            return st
    for st in stmts:
        if st.start <= sent.start_char and sent.end_char <= st.end + 1:
            return st
    return None
