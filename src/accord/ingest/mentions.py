"""Who the text names: actors through their names and aliases, and the people who speak.

A :class:`Lexicon` is built once per scenario and pipeline; :func:`read_doc` then finds, in
one pass over a parsed article, every actor mention and issue keyword. :func:`who` says
which actor (and which named person) a phrase such as a verb's subject stands for,
following pronouns back to the person last named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.ingest.layout import Layout
from accord.ingest.nlp import words
from accord.model import Scenario

#: Demonyms and short forms for names a table is better at than a rule.
_KNOWN_FORMS: dict[str, list[str]] = {
    "United States": ["US", "U.S.", "American", "Americans", "America", "USA"],
    "United Kingdom": ["UK", "U.K.", "British", "Britain"],
    "European Union": ["EU", "European", "Europeans"],
    "African Union": ["AU"],
}
#: Head nouns of phrases that can speak for someone (``a senior official said``).
SPEAKER_NOUNS = words(
    "official officials spokesman spokeswoman spokesperson minister ministry negotiator "
    "negotiators diplomat diplomats leader leaders president prime chancellor envoy aide "
    "adviser advisers advisor delegation delegations government governments union association "
    "army presidency mediator mediators analysts analyst economists observers campaigners "
    "group coalition statement summary source sources report reports officer commander "
    "secretary chair chairman chairwoman chief head representative representatives member "
    "members operators workers employers kremlin office ministries agency side sides "
    "administration council commission parliament committee team bloc alliance front "
    "movement rebels state states countries nations officers delegate delegates relatives "
    "critics producers owners agents insiders residents farmers governors"
)
#: Plain nouns for people that speak only when the phrase says which ("two people close
#: to the talks told us"; not "people say").
_SOME_PEOPLE = words("people person")
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "it", "them"})
#: The speaker's own side: callers read these as whoever is speaking.
PRONOUNS_SPEAKER = frozenset({"we", "i", "us", "our"})


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    actor: str


@dataclass
class Lexicon:
    """Alias and keyword matchers for one scenario and one pipeline's vocabulary."""

    actor_names: dict[str, str]
    issue_names: dict[str, str]
    actor_matcher: Any
    issue_matcher: Any
    option_words: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    #: the actors whose role is ``party``: who "both sides" are
    parties: list[str] = field(default_factory=list)
    #: the actors whose role is ``mediator``: who convenes a session of all the parties
    mediators: list[str] = field(default_factory=list)
    #: the actors named as a government (in their name or aliases): whom a minister serves
    governments: list[str] = field(default_factory=list)


def actor_aliases(scenario: Scenario) -> dict[str, list[str]]:
    """Every form that stands for each actor: name, id, declared aliases, derived forms."""
    out: dict[str, list[str]] = {}
    for a in scenario.actors:
        forms = [a.name, *a.aliases, *_KNOWN_FORMS.get(a.name, [])]
        if len(a.id) >= 3:
            forms.append(a.id.capitalize())
        if len(a.id) <= 4:
            forms.append(a.id.upper())
        words = a.name.split()
        if len(words) == 1:
            forms.extend(_demonyms(a.name))
        else:
            caps = [w for w in words if w[:1].isupper()]
            if len(caps) >= 2:
                forms.append("".join(w[0] for w in caps))  # United States -> US
            if words[0][:1].isupper() and words[0].endswith("an"):
                # "European states and the EU" -> European, "the Europeans"
                forms += [words[0], words[0] + "s"]
            forms.extend(_bloc_forms(words))
        for alias in list(forms):
            if alias.lower().startswith("the ") and len(alias) > 5:
                forms.append(alias[4:])  # "the Kremlin" also as "Kremlin"
        out[a.id] = sorted({f.strip() for f in forms if len(f.strip()) >= 2})
    return out


#: The last word of a bloc's name that says what its members are.
_MEMBERS = frozenset({"States", "Nations", "Countries"})
#: Words before it that say how big or rich they are, not what they are.
_SIZE = frozenset({"Small", "Large", "Least", "Developed", "Developing", "Poorest", "Rich"})


def _bloc_forms(words: list[str]) -> list[str]:
    """Short forms reporters use for a bloc named for what its members are.

    "Alliance of Small Island States" is "the island states" or "the islands" in most
    reports: the noun just before "States" (not a word of size or wealth, which many
    countries share, so "developing countries" never stands for one bloc) names the bloc.
    A hyphenated leading word ("Like-Minded Developing Countries") is its own short form
    ("the Like-Minded group").
    """
    out: list[str] = []
    if len(words) >= 2 and words[-1] in _MEMBERS:
        noun = words[-2]
        if noun[:1].isupper() and noun.isalpha() and noun not in _SIZE:
            low = noun.lower()
            out += [f"{low} {m.lower()}" for m in sorted(_MEMBERS)]
            out.append(f"the {low}s")  # "the islands"
    if len(words) == 2 and words[-1].lower() == "countries":
        # "Developed countries": "the developed-country group" (in lower case, any case)
        low = words[0].lower()
        out += [f"{low}-country group", f"{low} country group"]
    if len(words) >= 3 and words[-1] in _MEMBERS and "-" in words[0] and words[0][:1].isupper():
        # in lower case, so that it matches as written in any case ("the like-minded group")
        out += [f"the {words[0]}", f"{words[0].lower()} group"]
    return out


def _demonyms(name: str) -> list[str]:
    if name.endswith("a"):
        return [name + "n", name + "ns"]  # Russia -> Russian(s), Indonesia -> Indonesian
    if name.endswith("e"):
        return [name[:-1] + "ian", name[:-1] + "ians"]  # Ukraine -> Ukrainian
    return []


def issue_keywords(scenario: Scenario) -> dict[str, list[str]]:
    """Words that signal each issue: its declared keywords, its name and its id."""
    out: dict[str, list[str]] = {}
    for i in scenario.issues:
        forms = [*i.keywords, i.name, i.id.replace("_", " ")]
        out[i.id] = sorted({f for f in forms if len(f) >= 3})
    return out


_STOP = words(
    "a an the of to in on and or for by with from no not as at its it is be all any "
    "until after before"
)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def build_lexicon(nlp: Any, scenario: Scenario | None) -> Lexicon:
    """Phrase matchers for actor aliases and issue keywords.

    Aliases in capitals (``Kremlin``, ``EU``) match case-sensitively, so that ``us`` or
    ``front`` in running text do not count; aliases in lower case match in any case.
    """
    from spacy.matcher import PhraseMatcher

    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    issues = PhraseMatcher(nlp.vocab, attr="LOWER")
    actor_names: dict[str, str] = {}
    issue_names: dict[str, str] = {}
    option_words: dict[str, dict[str, set[str]]] = {}
    if scenario is not None:
        tok = nlp.tokenizer
        for actor_id, forms in actor_aliases(scenario).items():
            actor_names[actor_id] = scenario.actor(actor_id).name
            upper = [tok(f) for f in forms if f != f.lower()]
            low = [tok(f) for f in forms if f == f.lower()]
            if upper:
                exact.add(actor_id, upper)
            if low:
                lower.add(actor_id, low)
        for issue_id, forms in issue_keywords(scenario).items():
            issue_names[issue_id] = scenario.issue(issue_id).name
            issues.add(issue_id, [tok(f) for f in forms])
        for i in scenario.issues:
            option_words[i.id] = {
                o.id: content_words(f"{o.label} {o.id.replace('_', ' ')}") for o in i.options or []
            }
    parties = [a.id for a in scenario.actors if a.role == "party"] if scenario else []
    mediators = [a.id for a in scenario.actors if a.role == "mediator"] if scenario else []
    governments = [
        a.id
        for a in (scenario.actors if scenario else [])
        if any("government" in f.lower() for f in [a.name, *a.aliases])
    ]
    return Lexicon(
        actor_names,
        issue_names,
        (exact, lower),
        issues,
        option_words,
        parties,
        mediators,
        governments,
    )


@dataclass
class DocInfo:
    """What one pass over a parsed article found, shared by every extractor."""

    doc: Any
    mentions: list[Mention]
    issue_hits: list[tuple[int, int, str]]  # token start, end, issue id
    actor_of_token: dict[int, str]
    issue_of_token: dict[int, str]
    lexicon: Lexicon
    #: People tied to an actor while reading (a minister who speaks for the government).
    person_actor: dict[str, str] = field(default_factory=dict)
    #: Token ranges of people named (for pronouns): entities, and aliases read as names.
    people: list[tuple[int, int]] = field(default_factory=list)
    #: Sentences, computed once: spaCy's ``Doc.sents`` and ``Token.sent`` walk the whole
    #: document on every call, which made extraction quadratic in the article's length.
    sents: list[Any] = field(default_factory=list)
    sent_of: Any = None  # token index -> sentence number (NumPy array)
    places: set[str] = field(default_factory=set)
    names: list[tuple[int, int]] = field(default_factory=list)  # people's full names
    text: str = ""  # Doc.text joins every token on each call; read it once
    #: headings, turns, metadata found before parsing (accord.ingest.layout)
    shape: Layout = field(default_factory=Layout)

    def crosses_heading(self, start: int, end: int) -> bool:
        """Whether a heading lies between character offsets ``start`` and ``end``."""
        return any(start < e and s < end for s, e in self.shape.headings)

    def sent_at(self, token: int) -> Any:
        return self.sents[int(self.sent_of[token])]

    def actors_in(self, start: int, end: int) -> list[str]:
        """Actors named between tokens ``start`` and ``end``, in order, without repeats."""
        seen: list[str] = []
        for m in self.mentions:
            if m.start >= start and m.end <= end and m.actor not in seen:
                seen.append(m.actor)
        return seen

    def issues_in(self, start: int, end: int) -> list[str]:
        seen: list[str] = []
        for s, e, issue in self.issue_hits:
            if s >= start and e <= end and issue not in seen:
                seen.append(issue)
        return seen


def read_doc(doc: Any, lexicon: Lexicon, shape: Layout | None = None) -> DocInfo:
    exact, lower = lexicon.actor_matcher
    vocab = doc.vocab.strings
    found = [(s, e, vocab[k]) for k, s, e in [*exact(doc), *lower(doc)]]
    # Longest match first, so "the Kremlin" wins over "Kremlin" and no token counts twice.
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    mentions: list[Mention] = []
    taken = -1
    for s, e, actor in found:
        if s >= taken:
            mentions.append(Mention(s, e, actor))
            taken = e
    hits = sorted((s, e, vocab[k]) for k, s, e in lexicon.issue_matcher(doc))
    info = DocInfo(
        doc=doc,
        mentions=mentions,
        issue_hits=hits,
        actor_of_token={t: m.actor for m in mentions for t in range(m.start, m.end)},
        issue_of_token={t: i for s, e, i in hits for t in range(s, e)},
        lexicon=lexicon,
    )
    info.text = doc.text
    info.shape = shape or Layout()
    info.sents = list(doc.sents)
    starts = np.array([s.start for s in info.sents], dtype=np.int64)
    info.sent_of = np.searchsorted(starts, np.arange(len(doc)), side="right") - 1
    info.places = place_words(doc)
    info.names = person_names(doc, info.places)
    info.people = _people(doc, mentions, info.places, info.names)
    return info


#: Words before a name that make it a person's: "President Zelenskyy", "envoy Witkoff".
TITLES = words(
    "president minister spokesman spokeswoman spokesperson envoy secretary chancellor leader "
    "negotiator aide adviser advisor chair chairman chairwoman mr mrs ms dr prime premier "
    "general commander mediator governor senator"
)


def _people(
    doc: Any, mentions: list[Mention], places: set[str], names: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where people are named. The small pipeline's entity tags miss many names, so an
    alias counts as a person when a first name or a title stands before it, or when the
    same word was a person's name earlier in the article."""
    found = list(names)
    known: set[str] = {doc[e - 1].text for _, e in found}
    in_name = {t for s, e in found for t in range(s, e)}
    # "Mele Tuilagi ... Tuilagi was unmoved": an alias of several names whose last one
    # stands for the same party alone is a person's full name and surname (not "Saudi
    # Arabia", whose "Arabia" never stands alone)
    alone = {(doc[m.start].text, m.actor) for m in mentions if m.end - m.start == 1}
    for m in mentions:
        run = doc[m.start : m.end]
        full = len(run) >= 2 and all(
            t.pos_ == "PROPN" and t.text[:1].isupper() and t.text not in NOT_PERSON for t in run
        )
        if full and (run[-1].text, m.actor) in alone and run[-1].text not in places:
            found.append((m.start, m.end))
            known.add(run[-1].text)
            in_name.update(range(m.start, m.end))
    for m in mentions:
        first, last = doc[m.start], doc[m.end - 1]
        if last.pos_ not in {"PROPN", "NOUN"} and last.text not in known:
            continue
        before = doc[m.start - 1] if m.start > 0 else None
        if last.text in places and last.text not in known:
            continue
        person = (
            last.text in known
            or first.i in in_name
            or (before is not None and before.lower_ in TITLES)
            # a first name before it ("Rustem Umerov"), not a heading's "#" the tagger
            # calls a proper noun
            or (
                before is not None
                and before.pos_ == "PROPN"
                and before.is_alpha
                and before.i not in _tokens(mentions)
            )
        )
        if person:
            found.append((m.start, m.end))
            known.add(last.text)
    return sorted(set(found))


#: Capitalised words that make a run of names an organisation, a place or a date.
#: Days and months, which the tagger runs into a name after them ("On Tuesday Putin").
_CALENDAR = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
NOT_PERSON = words(
    "Union States Alliance Association Service Front Commission Council Ministry House Party "
    "Bank Fund Nations Countries Agreement Court Force Forces Army Republic Federation Kingdom "
    "Organisation Organization Group Coalition Times News Post Institute University Company "
    "Corporation "
    "City Sea Ocean Street Square Island Islands Summit Conference Forum Office Department "
    # the names outlets give themselves: "the Palisade Review", "The Fairway Ledger"
    "Review Journal Ledger Guide Wire Desk Digest Gazette Herald Tribune Daily Weekly "
    "Record Chronicle Observer Telegraph Monitor Bulletin Magazine "
    "Agency Committee Parliament Senate Congress Treaty Plan Airport Palace Church Cross "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Christmas Easter"
)
#: Kinds of organisation whose name may follow them: "the coalition Haki Hewa".
_ORGANISATIONS = words(
    "coalition group institute union party movement network alliance association centre "
    "center council committee federation forum campaign organisation organization charity "
    "ngo think-tank"
)
#: Words before a name that are part of a title, not of the name.
_TITLE_WORDS = TITLES | words(
    "state foreign trade defence defense interior finance information chief vice deputy "
    "senior special kremlin union federal analyst professor expert economist researcher "
    "ambassador lawyer judge spokesman "
    # a day the parser glued onto the name: "On Monday Dmitry Peskov said"
    "monday tuesday wednesday thursday friday saturday sunday"
)
_PARTICLES = frozenset({"von", "der", "de", "van", "al", "bin", "-", "da", "di", "la", "le"})
LOCATIVE = words("in to from at near around into outside across towards toward")


def person_names(doc: Any, places: set[str]) -> list[tuple[int, int]]:
    """Token ranges of people's full names, without the entity recogniser.

    Two or more capitalised proper nouns in a row (``Rustem Umerov``, ``Bart De Wever``,
    ``Faisal Al-Harbi``), titles before them dropped, unless a word marks an organisation,
    a place or a date, the run follows ``in``/``at``/..., or a noun follows it (``Latin
    American delegations``). The entity recogniser costs half the parse time and still
    missed many names here.
    """
    out: list[tuple[int, int]] = []
    n = len(doc)
    i = 0
    while i < n:
        if not (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()):
            i += 1
            continue
        j = i + 1
        while j < n and (
            (doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper())
            or (doc[j].lower_ in _PARTICLES and j + 1 < n and doc[j + 1].pos_ == "PROPN")
        ):
            j += 1
        s = i
        while s < j and (doc[s].lower_ in _TITLE_WORDS or doc[s].lower_ in _CALENDAR):
            s += 1  # "President Kande", "On Tuesday Putin": a title or a day is no name
        i = j
        if j - s < 2 or doc[j - 1].lower_ in _PARTICLES:
            continue
        words = doc[s:j]
        if any(t.text in NOT_PERSON or t.text in places for t in words):
            continue
        if any(t.text.isupper() and len(t.text) > 1 for t in words):
            continue  # "offered Ukraine NATO-style guarantees": an acronym is no one's name
        if s > 0 and doc[s - 1].lower_ in LOCATIVE:
            continue
        if s > 1 and doc[s - 1].text == "-" and not doc[s - 2].whitespace_:
            continue  # "the Like-Minded Developing Countries": the tail of a hyphened word
        if s > 0 and doc[s - 1].lower_ == "the":
            continue  # "told the Harbour Standard": a name with an article is no person's
        if s > 1 and doc[s - 1].lower_ in {"for", "of", "on"} and doc[s - 2].text[:1].isupper():
            continue  # "the Makassar Institute for Resource Policy": an organisation's name
        if s > 0 and doc[s - 1].lower_ in _ORGANISATIONS:
            continue  # "the Kenyan coalition Haki Hewa": an organisation named after its kind
        if j < n and doc[j].pos_ == "NOUN":
            continue
        out.append((s, j))
    return out


def place_words(doc: Any) -> set[str]:
    """Proper nouns used as places in the article: after ``in``, ``to``, ``from``, ``at``..."""
    out: set[str] = set()
    for t in doc:
        if t.pos_ == "PROPN" and t.i > 0:
            k = t.i - 1
            while k > 0 and doc[k].pos_ == "PROPN":
                k -= 1
            if doc[k].lower_ in LOCATIVE and doc[k].pos_ == "ADP" and not _to_someone(doc[k]):
                out.add(t.text)
    return out


#: Verbs whose "to" leads to a person, not a place: "belong to Mele Tuilagi", "spoke to
#: Roeder", "handed the paper to Dost".
_TO_SOMEONE = words(
    "belong belongs belonged speak spoke spoken talk talked say said write wrote written "
    "reply replied explain explained answer answered report reported hand handed give gave "
    "given send sent listen listened turn turned offer offered promise promised"
)


def _to_someone(prep: Any) -> bool:
    return prep.lower_ == "to" and prep.head.lower_ in _TO_SOMEONE


def _tokens(mentions: list[Mention]) -> set[int]:
    return {t for m in mentions for t in range(m.start, m.end)}


@dataclass
class Who:
    """Who a phrase stands for: a scenario actor, a name as written, or both."""

    actor: str | None
    name: str | None
    person: bool = False
    resolved: bool = False  # reached through a pronoun


def phrase_span(token: Any) -> tuple[int, int]:
    """Token range of a noun phrase headed by ``token``, without trailing clauses."""
    left, right = token.i, token.i
    for t in token.subtree:
        if t.dep_ in {"relcl", "acl", "punct", "cc", "conj", "appos"} and t.i > token.i:
            break
        left, right = min(left, t.i), max(right, t.i)
    # An appositive names the person: "The EU's negotiator, Karin Hallström, said"; an
    # age does not ("Lytvyn, 52, said").
    for child in token.children:
        if child.dep_ == "appos" and not child.like_num:
            right = max(right, max(t.i for t in child.subtree))
    return left, right + 1


def who(info: DocInfo, token: Any, speaker: str | None = None) -> Who | None:
    """The actor and name a subject token stands for, or ``None`` if it is not a speaker.
    ``speaker``: the name of the one whose transcript turn holds the token, whom "he" or
    "she" there never means."""
    doc = info.doc
    low = token.lower_
    if low in PRONOUNS_PERSON:
        surname = speaker.split()[-1] if speaker else None
        return _last_person(info, token.i, surname)
    if low in PRONOUNS_GROUP:
        return last_group(info, token.i)
    if low in PRONOUNS_SPEAKER:
        return None
    if token.dep_ in {"nsubj", "nsubjpass"} and low in {"which", "who", "that"}:
        head = token.head.head  # "Saudi Arabia, which had threatened": the noun it follows
        return who(info, head) if head is not token.head else None
    s, e = phrase_span(token)
    actors = info.actors_in(s, e)
    person = _person_in(info, s, e)
    alias = token.pos_ == "PROPN" and token.i in info.actor_of_token
    if person is None and alias and token.text not in info.places:
        person = _name_of(doc, s, e, token)
    name = person or _name_of(doc, s, e, token)
    speaks = token.lower_ in SPEAKER_NOUNS or (
        token.lower_ in _SOME_PEOPLE
        and any(c.dep_ in {"nummod", "amod", "prep", "acl"} for c in token.children)
    )
    if not actors and person is None and _the_mediator(info, token):
        # "The mediator expects the government to reply": the scenario's one mediator
        return Who(info.lexicon.mediators[0], _name_of(doc, s, e, token), False)
    if not actors and person is None and token.pos_ != "PROPN" and not speaks:
        return None
    if not actors and person is not None:
        actors = _actor_of_person(info, person)
    elif not actors and token.pos_ == "PROPN" and token.text not in info.places:
        # a surname alone ("Lwanga said"), of someone the text introduced with a role
        actors = _actor_of_person(info, token.text)
    elif not actors and speaker and _own_office(token):
        # "The president has said ..." in a ministry spokesperson's turn: her own side's
        side = label_who(info, speaker).actor
        actors = [side] if side else []
    return Who(actors[0] if actors else None, name, person is not None)


def _the_mediator(info: DocInfo, token: Any) -> bool:
    """ "the mediator", "the mediators": the scenario's mediator, when it has just one and
    nothing beside the word names another ("the Qatari mediator", "the mediator's aide")."""
    return (
        token.lower_ in {"mediator", "mediators"}
        and len(info.lexicon.mediators) == 1
        and {c.lower_ for c in token.children if c.dep_ == "det"} == {"the"}
        and not any(c.dep_ in {"amod", "compound", "poss", "prep"} for c in token.children)
    )


#: Offices a speaker names without a name when they are her own side's ("the president").
OFFICES = words("president prime premier chancellor government cabinet")


def _own_office(token: Any) -> bool:
    """ "the president", "our government": an office with no name or other side beside it."""
    dets = {c.lower_ for c in token.children if c.dep_ in {"det", "poss"}}
    return (
        token.lower_ in OFFICES
        and bool(dets)
        and dets <= {"the", "our"}
        and not any(c.dep_ in {"compound", "amod", "prep"} for c in token.children)
    )


def _actors_named(info: DocInfo, text: str) -> list[str]:
    """The actors whose names or aliases occur in ``text`` (a few words, parsed apart)."""
    from spacy.tokens import Doc

    # split as the tokenizer splits "developed-country" and "Ukraine's"
    doc = Doc(info.doc.vocab, words=re.findall(r"['’]s\b|\w+|[^\w\s]", text))
    exact, lower = info.lexicon.actor_matcher
    strings = info.doc.vocab.strings
    return list(dict.fromkeys(strings[k] for k, _, _ in [*exact(doc), *lower(doc)]))


def label_who(info: DocInfo, label: str) -> Who:
    """Who a transcript label stands for: ``PESKOV`` -> Peskov (Russia), through the
    aliases; a name the scenario does not know is kept as written."""
    name = label.title() if label.isupper() and len(label) > 2 else label
    # The label's brackets may say whom the speaker speaks for ("Lena Voss, European
    # Commission"); the layout keeps that as the speaker's affiliation.
    side = info.shape.affiliation.get(name, "")
    hits = _actors_named(info, f"{name} {side}")
    actor = hits[0] if hits else info.person_actor.get(name)
    if actor is None:
        found = _actor_of_person(info, name)
        actor = found[0] if found else None
    return Who(actor, name, True)


def _person_in(info: DocInfo, start: int, end: int) -> str | None:
    for s, e in info.names:
        if s >= start and e <= end:
            return info.doc[s:e].text
    return None


def _name_of(doc: Any, start: int, end: int, head: Any) -> str:
    # Leading articles go ("the EU's negotiator"); quantifiers stay ("officials from both
    # sides"), and so do articles inside the phrase ("people close to the talks": a name
    # read back against the text must keep its words). A relative pronoun the phrase ends
    # on belongs to the clause that follows ("two delegates who were in the room").
    # A hyphen inside a word stays ("a Gulf-based diplomat", "the Like-Minded group"): the
    # name is read back against the text.
    toks = [
        t for t in doc[start:end] if not t.is_space and (t.dep_ != "punct" or _inner_hyphen(doc, t))
    ]
    while toks and toks[0].dep_ == "det" and toks[0].lower_ in {"the", "a", "an"}:
        toks = toks[1:]
    while (
        len(toks) > 1
        and toks[0] is not head
        and (toks[0].lower_ in _CALENDAR or (toks[0].like_num and toks[1].lower_ in _CALENDAR))
    ):
        toks = toks[1:]  # "on 27 November Putin said": a date the parser runs into the name
    while toks and toks[-1].lower_ in {"who", "which", "that", "whom"} and toks[-1] is not head:
        toks = toks[:-1]
    words = [t for t in toks if not (t.dep_ == "det" and t.lower_ in {"a", "an"})]
    if not words:
        return str(head.text)
    text = "".join(
        t.text
        + ("" if k + 1 < len(words) and words[k + 1].i == t.i + 1 and not t.whitespace_ else " ")
        for k, t in enumerate(words)
    ).strip()
    return text.replace(" 's", "'s")


def _inner_hyphen(doc: Any, tok: Any) -> bool:
    """ "Gulf-based": a hyphen with a word on each side and no space around it."""
    return (
        tok.text in {"-", "‐"}
        and 0 < tok.i < len(doc) - 1
        and not doc[tok.i - 1].whitespace_
        and not tok.whitespace_
    )


def _actor_of_person(info: DocInfo, person: str) -> list[str]:
    """A person's actor from an earlier mention of the same surname with an actor, else
    from the role the text gives them ("Iryna Datsenko, deputy spokesperson of Ukraine's
    Ministry of Foreign Affairs")."""
    surname = person.split()[-1]
    for name, actor in info.person_actor.items():
        if name.split()[-1] == surname:
            return [actor]
    for m in info.mentions:
        if info.doc[m.end - 1].text == surname:
            return [m.actor]
    return _actor_of_role(info, surname)


#: Words that end an appositive role: "Iryna Datsenko, deputy spokesperson of ..., said".
_ROLE_END = frozenset({",", ".", ";", ":", "(", ")", "and", "who", "said", "told"})


def _actor_of_role(info: DocInfo, surname: str) -> list[str]:
    """The one party named in the role set beside a person's full name, where the text
    introduces them: "X Y, deputy spokesperson of Ukraine's Ministry ...", or before it,
    "government spokesman Peter Lwanga" (read as "the government"). Only a role (a noun
    such as spokesperson, minister or negotiator) that names one party."""
    doc = info.doc
    for s, e in info.names:
        if doc[e - 1].text != surname:
            continue
        lead = s
        while lead > max(0, s - 4) and doc[lead - 1].pos_ in {"NOUN", "PROPN", "ADJ"}:
            lead -= 1
        role = doc[lead:s]
        if role and any(t.lower_ in SPEAKER_NOUNS for t in role):
            named = info.actors_in(lead, s) or _actors_named(info, "the " + role.text)
            if len(named) == 1:
                return named
        # "NAME, deputy spokesperson of ...", or "NAME of the Front's negotiating team",
        # "NAME from the Commission": an affiliation that names one party
        if e >= len(doc) or doc[e].lower_ not in {",", "of", "from"}:
            continue
        end = e + 1
        while end < min(len(doc), e + 16) and doc[end].lower_ not in _ROLE_END:
            end += 1
        role = doc[e + 1 : end]
        if doc[e].text == "," and not any(t.lower_ in SPEAKER_NOUNS for t in role):
            continue
        named = info.actors_in(e + 1, end)
        if len(named) == 1:
            return named
    return []


def person_between(info: DocInfo, start: int, end: int, last: bool = True) -> Who | None:
    """The person named last (or first) in tokens ``start``..``end``, or ``None``."""
    inside = [p for p in info.people if p[0] >= start and p[1] <= end]
    if not inside:
        return None
    return _last_person(info, (max(inside) if last else min(inside))[0] + 1)


def _last_person(info: DocInfo, before: int, other_than: str | None = None) -> Who | None:
    """The person last named before token ``before`` (how pronouns are read in news copy);
    ``other_than``: a surname to pass over (the speaker of a transcript turn, who says
    "I", never "she")."""
    doc = info.doc
    # a name in a headline ("... AS BONN FINANCE TALKS STALL") is no one a pronoun continues
    earlier = [
        p
        for p in info.people
        if p[0] < before and not info.crosses_heading(doc[p[0]].idx, doc[p[0]].idx + 1)
    ]
    if other_than is not None:
        earlier = [p for p in earlier if doc[p[1] - 1].text.lower() != other_than.lower()]
    if not earlier:
        return None
    start, end = max(earlier)
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text not in info.places
        and doc[start - 1].lower_ not in _CALENDAR
    ):
        start -= 1  # the first name before an alias that is a surname
    name = doc[start:end].text
    actor = info.actor_of_token.get(end - 1) or info.actor_of_token.get(start)
    if actor is None:
        found = _actor_of_person(info, name)
        actor = found[0] if found else None
    return Who(actor, name, True, True)


def last_group(info: DocInfo, before: int) -> Who | None:
    """The actor last named before ``before`` other than through a person."""
    doc = info.doc
    sent_start = info.sent_at(before).start
    for m in reversed(info.mentions):
        if m.start < before and not any(s <= m.start < e for s, e in info.people):
            if m.start < sent_start - 80:  # too far back to be what "they" refers to
                return None
            return Who(m.actor, doc[m.start : m.end].text, False, True)
    return None


def mention_items(info: DocInfo) -> list[Any]:
    """One mention record per actor per sentence, on the first name used for it there."""
    from accord.ingest.evidence import EvidenceType, item

    doc = info.doc
    out = []
    seen: set[tuple[int, str]] = set()
    for m in info.mentions:
        sent = info.sent_at(m.start)
        if (sent.start, m.actor) in seen:
            continue
        seen.add((sent.start, m.actor))
        written = doc[m.start : m.end].text
        out.append(
            item(
                info.text,
                EvidenceType.mention,
                sent.start_char,
                sent.end_char,
                text=written,
                confidence=0.9 if written != written.lower() else 0.7,
                actor=m.actor,
                speaker=written,
                actors=[m.actor],
                issues=info.issues_in(sent.start, sent.end),
            )
        )
    return out
