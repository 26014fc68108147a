"""A demand's polarity: whether its holder is for or against what it names.

Read from the wording only: rejecting verbs and words of rejection, negation, a removal
asked for, a negative inside the thing rejected, a demand let go, and clauses for one thing
and against another. :func:`combine_polarity` puts the parts together and is checked
against ``tests/oracle_polarity.py``.

**Safety first.** A reversal (a rejection read as a demand, or the reverse) turns the news
into the opposite stance, the worst error the extractor can make; an ``unknown`` item is
only a lost one, since it never becomes a stance, red line or issue. So where the clause's
polarity cues conflict or their scope is uncertain, the polarity is ``unknown`` rather than
a guess:

* a negation and a removal in one clause ("no longer insists on deleting X": dropping a
  demand for a removal does not say the holder now wants X);
* a negative or an exception inside what is rejected, a thing or an action ("will not
  accept a transition that has no end date", "would not sign a contract that let them
  automate without a guarantee", "unless", "except": against the thing or action as
  described, for what it lacks; annotators read such items both ways, so the words do not
  say which the item is about);
* a wish for a thing to be gone, written with a particle ("wants the words out of the
  text", "wants coal off the table"): for the removal or against the thing, like a
  participle of removing that names no setting (below);
* a denied framing and three negatives in one clause ("It is not that we would never let
  ore go"): what the holder wants is in the words that follow, if anywhere;
* a negated verb of wanting with a negated complement ("do not want no X"), and a negated
  verb with a subject of "no" ("no troops should not stay");
* a bound on a quantity (a ceiling, "no more than 5 per cent"; a floor, "at least 10 per
  cent"; a limit, "would not go above 40 per cent"): for the figure and against anything
  past it, read both ways by the annotations; and a thing declared closed to change
  ("would not reopen X": for keeping X or against reopening it, read both ways too);
* for one thing and against another ("X, without Y", "give up X in exchange for Y"), and
  a refusal with an exception of its own ("- no automated cranes without a guarantee"
  under a list of demands: against the cranes, or for them on the condition);
* a thing kept from one sale only ("not for sale in raw form": against that sale, or for
  keeping the thing; "the ban is not for sale" alone is for keeping the ban).

* a participle of removing ("wants the duties withdrawn", "- the duties withdrawn") that
  names no setting of the scenario: for the withdrawal or against the duties, read both
  ways by the annotations. When it names one ("wants the export ban lifted", an issue
  with the setting "Ban lifted") it is for that setting, which is what the suggestion
  rules look for (:mod:`accord.ingest.demands` decides, as it knows the scenario).

* a ceiling written as a noun ("a cap of 5 per cent on the tariff", "capped at") on a
  quantity that is not itself a cap (:mod:`accord.ingest.demands` decides, from the issue's
  name and settings: "a cap of 800,000 on the armed forces", an issue that is a cap, asks
  for that cap);
* a trigger under a negated verb of saying that is not negated itself ("has not said it
  would accept X": nothing said either way); two negatives there ("has never said it would
  not accept X") are for X, as the annotations read them;
* a demand or an objection let go ("dropped its objection to X"), and letting a thing go
  under a rejection or a negation ("refused to drop the figure", "was not ready to drop
  it"). Letting a thing go alone ("It dropped the constitutional ban", of a draft whose
  terms are its drafter's; "ready to drop the 600,000 figure") is against it, and "has not
  dropped the condition" is for it;
* a pledge wanted that a thing will not happen ("wants a written pledge that NATO will not
  expand", "wants the West to put in writing that ..."): for the pledge or against the
  thing, read both ways by the annotations; a negated clause demanded with no pledge
  ("insists that Ukraine must never join NATO") takes the clause's side;
* a refused thing with something stopped inside it ("will not sign a contract
  that stops us automating the gates");
* a removal in a headline in capitals ("WANTS EU DUTIES SCRAPPED"): the tagger reads
  words in capitals as names, so what is removed cannot be read.

A clause with one cue keeps its reading: "want no X" and "no X should be deployed" are
against X; "X is not up for negotiation" is for keeping X (the suggestion rules read it as
the holder's red line at X); "the removal of X" and "insists on deleting X" (the act
named) are against X.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.drafts import DOCUMENTS, leaves_out
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
#: rewrite the Convention", "a back door to partition", "a tax on development", "called the
#: language a rewrite of history".
_BAD_PHRASES = (
    "dead end",
    "an attempt to",
    "back door",
    "tax on",
    "rewrite of",
    "rewriting of",
    # "the number was \"nowhere near\" what vulnerable countries need"
    "nowhere near",
)
#: Their opposites: "would not be acceptable" is a rejection, "acceptable" an acceptance.
_GOOD_WORDS = (
    "acceptable fair fairest realistic workable reasonable constructive balanced viable feasible"
)
#: A proposal called serious is one the holder can take; "is not a serious offer" rejects
#: it. Only with a proposal's noun: "the situation is serious" judges nothing offered.
_GOOD_PHRASES = tuple(
    f"serious {noun}" for noun in ("offer", "proposal", "plan", "basis", "draft", "text")
)
_EVALUATION = re.compile(
    r"\b(?:(?P<bad>"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted([*_BAD_WORDS.split(), *_BAD_PHRASES], key=len, reverse=True)
    )
    + r")|(?P<good>"
    + "|".join([*(p.replace(" ", r"\s+") for p in _GOOD_PHRASES), *_GOOD_WORDS.split()])
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
    for c in tok.children:
        if c.dep_ in {"oprd", "acomp", "xcomp", "ccomp"} and (j := _judgement(list(c.subtree))):
            return j < 0
    if asks_by_calling(tok):
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


def asks_by_calling(tok: Any) -> bool:
    """ "called for X", "called on Kyiv to ...": the preposition comes before any object.
    "called the EU's language on contributors 'a rewrite of history'" names the object
    first, and its "on" (which the parser may hang on the verb) belongs to the object."""
    objects = [c.i for c in tok.children if c.dep_ == "dobj"]
    # the preposition follows the verb ("called for", "called on Kyiv"): "On 27 November
    # Putin called the leadership illegitimate" has its "on" before the verb, a date
    return any(
        c.dep_ == "prep"
        and c.lower_ in {"for", "on"}
        and c.i > tok.i
        and not any(o < c.i for o in objects)
        for c in tok.children
    )


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
    pred = [
        d
        for c in tok.children
        # "was \"nowhere near\" what is needed": the parser hangs "nowhere" as an adverb
        if c.dep_ in {"acomp", "attr"} or (c.dep_ == "advmod" and c.lower_ == "nowhere")
        for d in c.subtree
    ]
    sign = _judgement(pred)
    if sign == 0:
        return 0
    # "was \"not realistic\"": the parser may hang the "not" on the predicate
    if negated(tok) or any(negated(c) for c in tok.children if c.dep_ in {"acomp", "attr"}):
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


#: Forms of verbs of taking a thing away, for the act named: "insists on deleting X".
#: "withdraw" with "from" moves out of a place ("forces withdrawn from Donbas"), which the
#: annotations read as for the withdrawal, so it is no removal there.
_REMOVING = words(
    "delete deletes deleting deleted remove removes removing removed scrap scraps scrapping "
    "scrapped lift lifts lifting lifted abolish abolishes abolishing abolished repeal "
    "repeals repealing repealed cancel cancels cancelling canceling cancelled canceled "
    "eliminate eliminates eliminating eliminated dismantle dismantles dismantling "
    "dismantled withdraw withdraws withdrawing withdrawn withdrew drop drops dropping "
    "dropped"
)


def removing_verb(verb: Any) -> bool:
    """ "deleting the paragraph", "scrapping the quota", "the levy dropped from the text": a
    verb of taking its object away; not "withdrawing from" a place."""
    if verb.lower_ not in _REMOVING or verb.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma(verb) != "withdraw":
        return True  # "withdraw" also moves things out of a place: "forces withdrawn from"
    return not any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children)


def out_of_the_text(tok: Any) -> bool:
    """ "is out of the text", "- the amnesty out of the draft": a term taken out, against
    it."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "out"
        and any(
            d.dep_ == "prep" and d.lower_ == "of" and any(e.lower_ in DOCUMENTS for e in d.children)
            for d in c.children
        )
        for c in tok.children
    )


def takes_away(verb: Any) -> bool:
    """ "rules out X", "rejects X", "drops X", "deletes X": a verb, not negated, that is
    against its object (a list item's own verb: "- rules out permanent NATO troops")."""
    if verb.pos_ != "VERB" or negated(verb):
        return False
    if lemma(verb) == "rule":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    if lemma(verb) in AGAINST_VERBS:
        return True
    has_object = any(c.dep_ == "dobj" for c in verb.children)
    return let_go(verb) is not None or (removing_verb(verb) and has_object)


def shouted_removal(sent: Any) -> bool:
    """A sentence in capitals with a word of removing ("WANTS EU DUTIES SCRAPPED IN
    RETURN"): the tagger reads words in capitals as names, so what is removed, and so the
    side, cannot be read."""
    letters = [c for c in sent.text if c.isalpha()]
    shouted = bool(letters) and all(c.isupper() for c in letters)
    return shouted and any(t.lower_ in _REMOVING for t in sent)


def removed_state(tok: Any, bullet: bool = False) -> Any:
    """The participle of removing that names the state asked for, or ``None``: "wants the
    export ban lifted" (of a trigger), "- the duties withdrawn before the round" (of a
    bullet's head, ``bullet``). The tagger may read the participle as a past tense: a
    clause with a subject and no object is the same."""
    heads = [tok] if bullet else [c for c in tok.children if c.dep_ == "dobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and removing_verb(c):
                return c
        parsed_as_clause = bullet and h.dep_ in {"nsubj", "nsubjpass"}
        if parsed_as_clause and h.head.tag_ == "VBN" and removing_verb(h.head):
            return h.head
    if bullet:
        return None
    for c in tok.children:
        if c.dep_ not in {"ccomp", "xcomp", "oprd"} or not removing_verb(c):
            continue
        kids = {d.dep_ for d in c.children}
        if c.tag_ == "VBN" or (c.tag_ == "VBD" and "nsubj" in kids and "dobj" not in kids):
            return c
    return None


def removes(head: Any) -> bool:
    """ "the removal of X", "the lifting of X", "an end to X": against X."""
    low = head.lower_
    if low in _REMOVAL:
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    return low == "end" and any(c.dep_ == "prep" and c.lower_ == "to" for c in head.children)


def _removal_object(tok: Any) -> bool:
    """Whether what the trigger asks for is a removal: "demanded the lifting of sanctions",
    "called for an end to the siege", "insists on deleting the paragraph"."""
    for c in tok.children:
        if c.dep_ == "dobj" and removes(c):
            return True
        if c.dep_ == "prep" and c.lower_ in {"for", "on"}:
            for d in c.children:
                if (d.dep_ == "pobj" and removes(d)) or (d.dep_ == "pcomp" and removing_verb(d)):
                    return True
    return False


#: Words that say a thing lacks change, inside what is rejected: "would not sign a deal that
#: left the export ban untouched" is against that deal and for changing the ban.
_PRIVATIVE = frozenset(
    # "a ceasefire that leaves Mbelu under siege", "a deal that leaves the question in limbo"
    {"untouched", "unchanged", "intact", "unresolved", "unaddressed", "siege", "limbo"}
)
#: Verbs that leave a thing out or stop it, heading a clause inside what is rejected: "will
#: not sign a text that pretends the oil and gas question does not exist", "a paper that
#: ignores X", "a contract that freezes this port in 2033", "a contract that stops us
#: automating the gates", "a contract that bans automated gates" ("keeps X out" is read by
#: :func:`_keeps_out`).
_LEAVING_OUT = add_verbs(
    words(
        "pretend ignore overlook omit sidestep dodge freeze stop prevent block forbid halt "
        "exclude bar ban outlaw"
    )
)
#: Clauses inside the thing rejected, where a negative leaves the side open.
_INNER = frozenset({"relcl", "acl", "ccomp", "xcomp", "advcl", "pcomp"})


#: A thing left as it stands, inside what is rejected: "would not sign a contract that left
#: the gates as they are" is against that contract and for changing the gates.
_AS_IT_IS = re.compile(r"\bas (?:it|they|he|she|things) (?:is|are|stands?|were|was)\b", re.I)


def _double_negative(tok: Any) -> bool:
    """Whether a negative or an exception stands inside what the trigger names: in a thing
    described ("could not sign an agreement that left battery makers without access",
    "will not accept a transition that has no end date") or in an action ("refused to
    withdraw without guarantees"); see :func:`combine_polarity`. Only inside the object,
    never beside it ("rejected X, saying there was no basis")."""
    for c in tok.children:
        if c.dep_ not in {"dobj", "xcomp", "ccomp", "attr", "oprd", "prep"}:
            continue
        for d in c.subtree:
            if d.lower_ in {"unless", "except"}:
                return True  # an exception's scope is not in the words
            between = [a for a in d.ancestors if a.i != c.i and c in a.ancestors]
            inner = any(a.dep_ in _INNER for a in between)
            if d.dep_ in _INNER and (lemma(d) in _LEAVING_OUT or _keeps_out(d)):
                return True
            if d.dep_ in _INNER and _AS_IT_IS.search(tok.doc[d.i : d.right_edge.i + 1].text):
                return True
            if d.lower_ == "without" or (
                inner
                and (d.lower_ in {"not", "n't", "never", "no", "nothing"} or d.lower_ in _PRIVATIVE)
            ):
                return True
    return False


def _keeps_out(verb: Any) -> bool:
    """ "a contract that kept automated gates out of the terminals": a verb of keeping with
    "out", which leaves its object out as "excludes" does."""
    return lemma(verb) == "keep" and any(
        c.dep_ in {"prt", "prep", "advmod"} and c.lower_ == "out" for c in verb.children
    )


#: A clause for its head and, after a comma, against something else: "NATO membership to
#: depend on consensus, without a constitutional ban". One polarity cannot say both.
MIXED = re.compile(
    r",\s+(?:without|with no|and no)\b|,\s+but\b[^,;]*?\b(?:not|never|no|n't)\b"
    # "will accept AU observers but no wider foreign force", "AU observers and not a single
    # blue helmet": a ceiling
    r"|\bbut (?:no|not)\b|\band not (?:a single|one|any)\b"
    # a contrast of two things: "must be the floor, not the ceiling"
    r"|,\s+not\s+(?:the|a|an|its|their|his|her|our|any)\b",
    re.I,
)
#: Giving one thing up for another: "ready to give up its bid in exchange for guarantees"
#: is against the one and for the other, whichever the trigger's wording leans to.
EXCHANGE = re.compile(
    # "Its NATO bid can go, but only in exchange for guarantees"
    r"\b(?:give|gives|giving|gave|drop|drops|dropping|dropped|cede|cedes|ceding|ceded|go|"
    r"abandon\w*|trade|trades|trading|traded|surrender\w*)\b[^.;]*?\bin (?:exchange|return) "
    r"for\b",
    re.I,
)


#: A bound stated as what a figure is: "Twelve is our ceiling", "Fifty is the floor".
STATED_BOUND = re.compile(
    r"\b(?:is|was|remains|'s|’s) (?:the|our|my|its|their|a) (?:floor|ceiling)\b", re.I
)
#: A bound on a quantity: a ceiling ("a tariff of no more than 5 per cent", "at most a
#: limited autonomy") or a floor ("a duty of at least 10 per cent", "no less than $500bn")
#: is for the figure and against anything past it, and annotators read both ways (most
#: earlier annotations read a floor as for the figure, the fifth blind set's as against
#: less, and the second annotator of the third set disagreed with the first on two floors).
BOUND = re.compile(
    r"\b(?:no|not) (?:be )?(?:more|higher|greater|larger|bigger) than\b|\bat (?:the )?most\b|"
    # "offered AU observers and nothing more"
    r"\band (?:nothing|no) (?:more|further|beyond)\b|"
    # a start fixed on one side of a year: "any quota would start only after 2033"
    r"\bonly (?:after|from|once|before|until) (?:the end of |the start of )?(?:19|20)\d\d\b|"
    r"\bnot (?:to )?exceed\b|\ba (?:maximum|ceiling) of\b|" + STATED_BOUND.pattern + "|"
    # "would accept nothing below the $500bn floor", "anything under 40 per cent"
    r"\b(?:nothing|anything) (?:below|under|less than|short of|above|over|more than)\b|"
    # "will not settle for less than fifty", "a rise of more than 5 per cent"
    r"\b(?:less|more|fewer|lower|higher) than\s+(?:[$€£]\s?)?(?:\d|half\b|(?:one|two|three|"
    r"four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred)\b)|"
    r"\b(?:at least|(?:no|not) (?:be )?(?:less|fewer|lower|smaller) than|a (?:minimum|floor) of)\s+"
    r"(?:[$€£]\s?)?(?:\d|half\b|a (?:third|quarter|half)\b|(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b)",
    re.I,
)
#: A ceiling written as a noun: "a cap of 5 per cent on the tariff", "a ceiling on the
#: duties", "capped the tariff at 5 per cent". Which side it is on depends on what is
#: capped: a cap that is itself what an issue is about ("a cap of 800,000 on the armed
#: forces", an issue named "Cap on Ukraine's armed forces") asks for that cap, while a cap
#: on another quantity ("a cap of 5 per cent on the tariff") is for the figure and against
#: more, read both ways by the annotations; :mod:`accord.ingest.demands` decides, as it
#: knows the scenario.
NOUN_CEILING = re.compile(
    r"\b(?:cap|caps|ceiling|ceilings|limit|limits)\s+(?:of|on)\b|"
    r"\bcap(?:s|ped|ping)?\b(?:\s+[\w'’-]+){0,6}?\s+at\s+\d",
    re.I,
)
#: Words that name a bound, in an issue's name or settings: "Cap on Ukraine's armed forces",
#: "Limited with job guarantees".
BOUND_WORDS = words("cap caps capped ceiling ceilings limit limits limited maximum")
#: Verbs of saying: "has never said it would not accept X" is said of what the holder has
#: not said, not of what it wants.
_SAYING = add_verbs(words("say claim state suggest announce declare"))


def unsaid(tok: Any) -> bool:
    """Whether the trigger stands in what a negated verb of saying governs: "Indonesia has
    never said it would not accept tracing", "Russia has not said whether it would accept
    the result"."""
    node = tok.head if tok.dep_ in {"aux", "auxpass", "acomp", "attr"} else tok
    while node.dep_ in {"ccomp", "xcomp"} and node.head.i != node.i:
        node = node.head
        if lemma(node) in _SAYING and (negated(node) or _nobody_says(node)):
            return True
    return False


def _nobody_says(verb: Any) -> bool:
    """ "Nobody in this hall has ever said we will never accept X": a saying negated by its
    subject ("nobody", "no one")."""
    for c in verb.children:
        if c.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if c.lower_ in {"nobody", "none"} or (
            c.lower_ == "one" and any(d.lower_ == "no" for d in c.children)
        ):
            return True
    return False


#: Verbs of letting a thing go, as the trigger's own verb: "the plan drops the 100-day
#: rule", "It dropped the constitutional ban" (of a draft, whose terms are its drafter's
#: demands), "Washington appeared ready to drop the 600,000 figure".
LETTING_GO = add_verbs(words("drop abandon renounce shelve scrap"))
#: Verbs that let a text's term go with "out": "strike out the amnesty", "crossed out the clause".
_STRIKING = add_verbs(words("strike cross"))
#: Verbs that let a demand go in part: "lowered its demand for X", not "lowered the tariff".
_LESSENING = add_verbs(words("lower reduce soften"))
#: What is let go when it is a rejection: dropping an objection is no stance against the
#: thing objected to, and the words do not say which the item is about.
_REJECTION_NOUNS = words(
    "objection objections opposition veto vetoes resistance reservation reservations "
    "refusal rejection"
)


def let_go(verb: Any) -> Any:
    """The object a verb of letting go takes away, or ``None``: "dropped the constitutional
    ban", "give up the figure"; not "dropped out", "dropped by 5 per cent" or a pronoun."""
    if verb.pos_ != "VERB":
        return None
    up = any(d.dep_ == "prt" and d.lower_ == "up" for d in verb.children)
    # "strike out the blanket amnesty", "crossed out the clause": a text's term let go
    out = lemma(verb) in _STRIKING and any(
        d.dep_ == "prt" and d.lower_ == "out" for d in verb.children
    )
    lessens = lemma(verb) in _LESSENING
    given_up = lemma(verb) == "give" and up
    if lemma(verb) not in LETTING_GO and not given_up and not lessens and not out:
        return None
    if any(d.dep_ == "prt" and d.lower_ not in {"up", "out"} for d in verb.children) or (
        not out and any(d.dep_ == "prt" and d.lower_ == "out" for d in verb.children)
    ):
        return None
    kinds = {"NOUN", "PROPN", "NUM"}
    obj = next((d for d in verb.children if d.dep_ == "dobj" and d.pos_ in kinds), None)
    if obj is None and up:
        # "has not given up on a wage rise": what is given up on
        on = [d for d in verb.children if d.dep_ == "prep" and d.lower_ == "on"]
        obj = next(
            (d for p in on for d in p.children if d.dep_ == "pobj" and d.pos_ in kinds), None
        )
    if lessens and (obj is None or obj.lower_ not in _DEMAND_NOUNS):
        return None  # "lowered the tariff" lets nothing go; "lowered its demand" does
    return obj


def _infinitive(tok: Any) -> bool:
    """ "offered on Sunday to drop the bid": an infinitive the parser hangs on the verb as
    a clause of its own (``advcl``) after a time phrase, read as its complement."""
    return tok.dep_ == "advcl" and any(
        d.dep_ == "aux" and d.lower_ == "to" and d.i == tok.i - 1 for d in tok.children
    )


def _lets_go(tok: Any) -> tuple[Any, Any] | None:
    """The verb of letting go the trigger is or asks for, with its object: "dropped the
    ban" (the trigger itself), "ready to drop the figure", "urged Kyiv to abandon the
    plan" (the trigger's complement)."""
    verbs = [tok, *(c for c in tok.children if c.dep_ == "xcomp" or _infinitive(c))]
    for v in verbs:
        obj = let_go(v)
        if obj is not None:
            return v, obj
    return None


#: Verbs of reopening: "would not reopen X" is for keeping X and against reopening it, and
#: the annotations read it both ways (three against the reopening, one for the thing kept).
_FIXING = add_verbs(words("reopen renegotiate revisit"))
#: What a party wants when it wants "the opposite": no side of its own words.
_CONTRARY = frozenset({"opposite", "reverse", "contrary"})
#: Verbs of wanting whose object with "no" is what the holder is against: "we want no
#: automated cranes".
_WANTING = add_verbs(words("want demand seek need require ask"))


#: A framing denied: "It is not that we would never let ore go", "It isn't that ...", "It
#: is not true that the government is unwilling to ...".
_NOT_THAT = re.compile(
    r"\b(?:it|this)\s*(?:is|was|'s|’s)\s*(?:not|n't|n’t)\s+(?:the case\s+|true\s+)?that\b", re.I
)
#: Words of negation, counted in a clause: three of them leave its side to the reader.
_NEGATIVES = re.compile(r"\b(?:not|never|no|nothing|nobody|none|neither|nor)\b|n[’']t\b", re.I)
#: Particles of a thing wished gone: "wants the words out of the text", "coal off the table".
_GONE = frozenset({"out", "off", "away", "gone"})


def _wished_gone(tok: Any) -> bool:
    """ "wants the words out of the finance text", "want coal off the table", "wants the
    troops gone": a verb of wanting whose object is wished away."""
    for c in tok.children:
        if c.dep_ in {"prt", "advmod", "prep", "acomp", "oprd", "ccomp", "xcomp"} and (
            c.lower_ in _GONE
        ):
            return True
        if c.dep_ == "dobj" and any(d.lower_ in _GONE for d in c.children):
            return True
        if c.dep_ == "ccomp" and any(
            d.lower_ in _GONE for d in c.children if d.dep_ in {"prt", "advmod", "prep", "acomp"}
        ):
            return True
        if c.dep_ in {"ccomp", "xcomp", "oprd", "dobj"} and any(
            # "wants Ukraine neutral and outside any bloc": wished out of what follows
            d.lower_ == "outside" and any(e.dep_ == "pobj" for e in d.children)
            for d in c.subtree
        ):
            return True
    return False


#: Verbs that take a thing, so that taking none of it is against it: "we want no automated
#: cranes", 'would accept "not one dollar of obligation"'.
_TAKING_NOTHING = _WANTING | add_verbs(words("accept tolerate"))
#: Participles of a thing wished shut: "wants the road shut at dusk", "wants the border
#: closed"; "closed" and "sealed" of an agreement mean concluded ("wants the deal sealed").
_SHUT = words("shut closed sealed blocked barred banned")
_CONCLUDED = words("deal agreement accord contract sale treaty pact")


def _wished_shut(tok: Any) -> bool:
    """ "wants the road shut at dusk", "want the corridor closed": a verb of wanting whose
    object is wished shut, which is against it (the tagger reads the participle as a
    clause of its own, the object as its subject)."""
    for c in tok.children:
        if c.dep_ in {"ccomp", "xcomp", "oprd"} and c.lower_ in _SHUT and c.tag_ in {"VBN", "VBD"}:
            if any(d.text == "," for d in c.children):
                return False  # "wants the branches, closed since 2027, reopened": set apart
            thing = [d for d in c.children if d.dep_ in {"nsubj", "nsubjpass"}]
            return bool(thing) and thing[0].lower_ not in _CONCLUDED
        if c.dep_ == "dobj" and c.lower_ not in _CONCLUDED:
            # "wants the border closed", the participle after its noun
            return any(
                d.dep_ in {"acl", "amod"} and d.i > c.i and d.lower_ in _SHUT for d in c.children
            )
    return False


#: "not for sale" with a restriction of its own: "in raw form", "to foreign buyers".
_POINTED_RED_LINE = re.compile(
    r"\b(?:that|this|it)\s*(?:'s|’s|is|was|remains)\s+(?:a|their|our|the|its)\s+red\s+line\b",
    re.I,
)
_SALE_RESTRICTED = re.compile(
    r"\bnot for sale\s+(?:in|to|at|as|on|for|without|unless|except)\b", re.I
)
#: Verbs of keeping away from what they name: "asked both sides to avoid any step".
_AVOIDING = add_verbs(words("avoid refrain shun"))
#: What may follow "go" when it means being done away with: "should go altogether".
_AWAY = frozenset({"altogether", "entirely", "completely", "now", "immediately", "too", "first"})


def _goes_away(verb: Any) -> bool:
    """ "X must go", "X should go altogether": "go" with nothing that sends it somewhere
    or on ("go ahead", "go to a vote", "go further", "go back")."""
    skip = {"nsubj", "aux", "neg", "punct", "cc", "parataxis", "conj"}  # "X, she said, must go"
    # what stands before a semicolon or colon is another clause the parser hung on "go"
    stop = max((c.i for c in verb.children if c.text in {";", ":"} and c.i < verb.i), default=-1)
    rest = [c for c in verb.children if c.dep_ not in skip and c.i > stop]
    return all(c.lower_ in _AWAY for c in rest)


#: Verbs of putting off: "politics must wait", "the pension talks should be postponed".
_DEFERRING = add_verbs(words("wait postpone delay defer shelve"))
#: Verbs that put a thing off when they send it somewhere later: "power sharing left to a
#: second phase", "pensions parked for a side table", "pushed to a later round", "put off".
_SENDING = add_verbs(words("leave park push move put hold kick"))
_LATER = words("phase phases round rounds stage stages table tables later date talks")


def _puts_off(tok: Any) -> bool:
    """Whether the trigger puts a thing off ("pushes X to a second phase") or asks for it
    put off ("wants X left to a later round", "wants X parked for a side table")."""
    verbs = [tok, *(c for c in tok.children if c.dep_ in {"ccomp", "xcomp", "oprd"})]
    if any(deferred(v) and any(c.dep_ in {"dobj", "nsubjpass"} for c in v.children) for v in verbs):
        return True
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    return any(d.dep_ == "acl" and deferred(d) for c in objects for d in c.children)


def deferred(verb: Any) -> bool:
    """Whether ``verb`` puts its object off to later ("postponed", "left to a second phase",
    "parked for a side table", "put off"): a demand against that thing in this round, as
    every annotation of the corpus reads it (and the guidelines since the seventeenth set);
    "left to the parties" or "pushed to the front" sends it nowhere later."""
    if lemma(verb) in _DEFERRING:
        return True
    if lemma(verb) not in _SENDING:
        return False
    # "It puts any discussion of power sharing off to a second phase": the parser may hang
    # the particle inside the object ("pushed a plan for the next round" defers nothing)
    objects = [d for c in verb.children if c.dep_ == "dobj" for d in c.subtree]
    if lemma(verb) == "put" and any(d.dep_ == "prt" and d.lower_ == "off" for d in objects):
        return True
    for c in verb.children:
        if c.dep_ in {"prt", "advmod"} and c.lower_ in {"off", "over", "later"}:
            return True
        if c.dep_ == "prep" and c.lower_ in {"to", "for", "until", "till"}:
            if any(d.dep_ == "pobj" and d.lower_ in _LATER for d in c.children):
                return True
            if any(d.dep_ in {"pcomp", "advmod"} and d.lower_ == "later" for d in c.children):
                return True
    return False


#: Verbs of seeming, whose negation passes to what they govern: "did not seem to insist".
_SEEMING = add_verbs(words("seem appear"))
#: Verbs of thinking whose negation moves into what they govern: "I do not think a
#: ceasefire should wait for it" is "a ceasefire should not wait for it".
_THINKING = add_verbs(words("think believe suppose feel reckon"))


def negation_raised(tok: Any) -> bool:
    """Whether the trigger's clause is what a negated verb of thinking governs."""
    node = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
    return (
        node.dep_ == "ccomp"
        and node.head.i != node.i
        and lemma(node.head) in _THINKING
        and negated(node.head)
    )


#: Nouns of changing a thing: "no change to the ban" keeps the ban.
_CHANGES = words("change changes amendment amendments revision revisions alteration alterations")


def change_to(noun: Any) -> bool:
    """ "change to the ban", "amendments to the text": a change of the thing after "to".
    "No change to X" is for X as it stands and against changing it; annotators read it
    for the ban kept ("no change to the ban on raw ore exports") and against a rise ("no
    change to the weekend overtime rate"), as the issue is the thing or its change, so
    neither side is read."""
    return noun.lower_ in _CHANGES and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in noun.children
    )


def _opens(phrase: Any, word: Any) -> bool:
    """Whether ``word`` is the first word of ``phrase``'s subtree (after punctuation)."""
    return all(t.is_punct for t in phrase.doc[phrase.left_edge.i : word.i])


def negated_object(tok: Any) -> bool:
    """ "want no automated cranes", 'would accept "not one dollar of obligation"', "accept
    not a single target": the object is quantified by "no" or opens with "not" (not "wants
    inspection, not escorts", a contrast after it)."""
    return any(
        c.dep_ == "dobj"
        and any(
            (d.dep_ == "det" and d.lower_ == "no")
            or (d.dep_ == "neg" and d.i < c.i and _opens(c, d))
            for d in c.children
        )
        for c in tok.children
    )


def negated_subject(verb: Any) -> bool:
    """ "no Western troops should be deployed": the subject is quantified by "no" (or is
    "nothing", "none", "nobody")."""
    for c in verb.children:
        if c.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if c.lower_ in {"nothing", "none", "nobody", "neither"}:
            return True
        if any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return True
    return False


def conditioned(tok: Any) -> bool:
    """ "would not sign unless ...", "would not sign if ...", "would not accept anything
    except ...": the trigger carries a condition or an exception of its own."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(
            d.dep_ == "mark" and d.lower_ in {"if", "unless"} for d in c.children
        ):
            return True
        if c.lower_ in {"unless", "except"}:
            return True
    return False


def negated(tok: Any, before: bool = False) -> bool:
    """ "did not demand", "would never accept", "no longer insists"; with ``before``, only
    a negative before the verb counts (not a contrast after it, "raised, not just held",
    which the parser may hang on it)."""
    for c in tok.children:
        if before and c.i > tok.i:
            continue
        if c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"}:
            return True
        if c.lower_ == "longer" and any(d.lower_ == "no" for d in c.children):
            return True
        if c.dep_ in {"aux", "auxpass"} and any(d.dep_ == "neg" for d in c.children):
            return True  # "was not opposed to": the parser may hang "not" on the "was"
    return False


#: A clause that is a condition and nothing else: "only if ...", "provided ...".
_CONDITION_ONLY = re.compile(r"(?:but\s+)?(?:only\s+if|provided|providing)\b", re.I)


def removal_on_condition(sent: Any, clause: str) -> bool:
    """ "only if the European Union scraps its duties", "provided Moscow lifts the
    blockade": the item's words are a condition and nothing else, and it removes a thing
    (not negated): against that thing. With what it is the condition of ("would phase in a
    quota only if the EU drops its tariff") the item is for that, as the annotations read
    it."""
    if not _CONDITION_ONLY.match(clause):
        return False
    for verb in sent:
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        only = any(c.lower_ == "only" for c in verb.children if c.dep_ == "advmod")
        if not ((only and "if" in marks) or verb.lower_ in {"provided", "providing"}):
            continue
        inner = verb if marks else next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if inner is None or negated(inner):
            continue
        if let_go(inner) is not None or (
            removing_verb(inner) and any(c.dep_ == "dobj" for c in inner.children)
        ):
            return True
    return False


#: Verbs whose clause is what is demanded: "insists that Ukraine must never join NATO".
_CLAUSE_DEMANDS = _WANTING | add_verbs(words("insist urge press"))
#: Nouns and verbs of pledging. A pledge wanted that a thing will not happen ("a written
#: pledge that NATO will not expand") is for the pledge and against the thing, and the
#: annotations read it both ways (mostly for the pledge, once against the thing).
_PLEDGE_NOUNS = words(
    "pledge pledges promise promises guarantee guarantees assurance assurances "
    "commitment commitments undertaking undertakings"
)
_PLEDGING = add_verbs(words("pledge promise guarantee commit assure vow swear undertake"))


def _not_said(clause: Any) -> bool:
    """A clause that names no demand of its own ("asked whether ...", "if ...")."""
    return any(m.dep_ == "mark" and m.lower_ in {"whether", "if"} for m in clause.children)


def _in_writing(verb: Any) -> bool:
    """ "to put in writing that ...": a verb of pledging in other words."""
    return lemma(verb) == "put" and any(
        c.dep_ == "prep" and any(d.lower_ == "writing" for d in c.children) for c in verb.children
    )


def _negated_clause(verb: Any) -> bool:
    """ "that NATO will not expand", "that no foreign troops be deployed"; not "wants the
    share raised, not just held"."""
    return negated_subject(verb) or negated(verb, before=True)


def _demanded_clause(tok: Any) -> tuple[Any, bool] | None:
    """The negated clause a demand asks for, and whether a pledge carries it: "insists that
    Ukraine must never join NATO" (the clause itself), "wants the West to put in writing
    that NATO will not expand" and "wants a written pledge that ..." (a pledge)."""
    if lemma(tok) not in _CLAUSE_DEMANDS or tok.pos_ != "VERB":
        return None
    # the first clause after the verb only: a second is a contrast ("wants the share
    # raised, not just held"), and one before it is no clause it governs, whatever the
    # parser hangs there ("X no longer insists on Y; Jakarta wants them exempted")
    first = next((c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.i > tok.i), None)
    if first is not None and not _not_said(first):
        if _negated_clause(first):
            return first, False
        if lemma(first) in _PLEDGING or _in_writing(first):
            inner = next((d for d in first.children if d.dep_ == "ccomp"), None)
            if inner is not None and _negated_clause(inner):
                return inner, True
    objects = [c for c in tok.children if c.dep_ == "dobj"] + [
        d
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for d in c.children
        if d.dep_ == "pobj"
    ]
    for n in objects:
        inner = next((d for d in n.children if d.dep_ in {"acl", "ccomp"}), None)
        if n.lower_ in _PLEDGE_NOUNS and inner is not None and _negated_clause(inner):
            return inner, True
    return None


def _clause_side(verb: Any) -> str:
    """The side of a negated clause demanded: against what it says will not happen ("that
    foreign troops would not be deployed"), for what it says will not be removed or
    rejected ("that Indonesia would never lift the export ban")."""
    turned = let_go(verb) is not None or removing_verb(verb) or lemma(verb) in AGAINST_VERBS
    return "for" if turned else "against"


def polarity(tok: Any, kind: str, sentence: str, clause: str = "") -> str:
    """``against`` when the holder rejects or opposes what the item names, ``for`` when it
    wants it, ``unknown`` when the cues conflict or their scope is uncertain (the module's
    docstring lists when): never a guess.

    Rejecting verbs (reject, refuse, rule out, oppose, veto) and words of rejection
    ("called X unconstructive", "X would be unfair") are against what they name; negation
    (not, never, no longer) flips any trigger, so "would never accept X" and "no longer
    insists on X" are against X, and "did not rule out X" is for it. Asking for a removal
    ("the lifting of sanctions") is against the thing removed, and a negative inside the
    thing rejected leaves the side open ("could not sign a deal that left X without Y").
    """
    if kind == "epithet":
        # a name given in quotation marks: most often scorn, but the words do not say
        return "unknown"
    if EXCHANGE.search(clause) or kind == "limit" or BOUND.search(clause):
        # "would not go below 50 per cent", "no more than 5 per cent" are for the figure
        # and against anything past it: which one an analyst means is not in the words
        return "unknown"
    if tok.pos_ == "VERB" and tok.dep_ in {"prep", "pobj"} and _NEGATIVES.search(sentence):
        # "It has not, she added, given up on X": the parser hangs the verb on the aside,
        # so which words a negative in the sentence governs cannot be read
        return "unknown"
    if _NOT_THAT.search(sentence) or len(_NEGATIVES.findall(clause or sentence)) >= 3:
        # "It is not that we would never let ore go": a framing denied, with the stance
        # in what follows ("It is that we will not let it go for nothing")
        return "unknown"
    if any(c.dep_ == "dobj" and c.lower_ in _CONTRARY for c in tok.children):
        # "wanted the opposite", "demand the reverse": the side is the other of a position
        # stated before, which these words do not name
        return "unknown"
    if kind == "demand" and lemma(tok) in _WANTING and _wished_gone(tok):
        # "wants the words out of the finance text": for the removal, against the words
        return "unknown"
    if kind == "demand" and lemma(tok) in _WANTING and _wished_shut(tok):
        # "the army wants the road shut at dusk": against the road kept open
        return "unknown" if negated(tok) else "against"
    if unsaid(tok):
        # "has never said it would not accept X": two negatives over a verb of saying, for
        # X by the annotations' reading; "has not said it would accept X" says nothing
        # either way
        verb = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
        return "for" if negated(tok) or negated(verb) else "unknown"
    if kind in {"term", "demand"} and _puts_off(tok):
        # "It pushes power sharing to a second phase", "wants the pension question parked
        # for a side table": against the thing put off, in this round
        return "unknown" if negated(tok) else "against"
    if kind == "term":
        # a draft's term is for what it states and against what it leaves out ("says
        # nothing about power sharing"); bounds and mixed clauses were read above
        return "against" if leaves_out(tok) else ("unknown" if MIXED.search(clause) else "for")
    if kind == "demand" and not negated(tok) and (asked := _demanded_clause(tok)) is not None:
        # "insists that Ukraine must never join NATO": the side of the clause demanded; a
        # pledge wanted that a thing will not happen is read both ways (see _PLEDGE_NOUNS)
        verb, pledged = asked
        return "unknown" if pledged else _clause_side(verb)
    # judgements and "must" carry their object in their own words, not as an object
    worded = kind in {"judge", "position", "must"}
    against = lemma(tok) in AGAINST_VERBS or kind in {"red_line", "reject"}
    if kind == "judge":
        against = judged(tok) < 0
    elif kind == "must":
        verb = tok.head if tok.dep_ == "aux" else tok
        if deferred(verb):
            # "politics must wait until the guns are quiet": against politics in this
            # round, as the annotations read it; "I do not think a ceasefire should wait
            # for it" is for the ceasefire now and against "it" as a condition, and the
            # words do not say which the item is about
            negative = negated(tok) or negated(verb) or negation_raised(tok)
            return "unknown" if negative else "against"
        verb_negated = negated(tok) or negated(verb)
        if lemma(verb) == "go" and _goes_away(verb):
            # "the 10% duty should go altogether", "the ban must go": against the subject,
            # as a removal asked for is; "should not go" keeps it
            return "for" if verb_negated else "against"
        if verb_negated and negated_subject(verb):
            return "unknown"  # "no troops should not stay": two negatives of unclear scope
        # "no Western troops should be deployed": against the troops
        against = verb_negated or negated_subject(verb)
    elif kind == "position":
        if BOUND.search(sentence):
            # "Five hundred billion is the floor, not the opening": a position stated as a
            # bound, for the figure and against anything past it (see BOUND)
            return "unknown"
        if _POINTED_RED_LINE.search(sentence):
            # "that's a red line for them": a line drawn at what "that" was, whose side
            # the words do not give
            return "unknown"
        if _SALE_RESTRICTED.search(sentence):
            # "Our nickel is not for sale in raw form": kept from one sale, not from all;
            # against that sale or for keeping the thing, and the words do not say which
            return "unknown"
        against = bool(re.search(r"\bunacceptable\b|\bnot acceptable\b", sentence, re.I))
    elif kind != "red_line" and (
        negated(tok)
        or (tok.dep_ in {"acomp", "attr"} and negated(tok.head))
        # "no longer appeared to insist on it": the negation of seeming is the demand's
        or (tok.dep_ == "xcomp" and lemma(tok.head) in _SEEMING and negated(tok.head))
    ):
        # "was not ready to accept X", "are not opposed to X": the negation of a readiness
        # or an opposition hangs on the verb of being
        against = not against
    elif kind in {"demand", "reject"} and negated_subject(tok):
        if negated(tok):
            return "unknown"  # "nobody is not asking for X": two negatives
        # "Nobody in Brussels is asking Indonesia to close a smelter": against the closing;
        # "nobody has ruled out a zone in Donetsk": for the zone
        against = not against
    verb = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
    if lemma(verb) in _FIXING and (negated(tok) or negated(verb)):
        # "would not reopen the automation terms": for keeping them, against reopening,
        # and the annotations read it both ways
        return "unknown"
    if negated(tok) and conditioned(tok):
        # "will not accept any deal unless it includes guarantees": against the deal, for
        # the guarantees, and which one the item is about is not in the words
        return "unknown"
    if kind == "demand" and lemma(tok) in _TAKING_NOTHING and negated_object(tok):
        changed = any(c.dep_ == "dobj" and change_to(c) for c in tok.children)
        if negated(tok) or conditioned(tok) or changed:
            # "do not want no cranes": a double negative of unclear scope; "would accept no
            # new gate technology unless ...": for it on the condition, against it without;
            # "wants no change to the ban" (see change_to)
            return "unknown"
        against = True  # "we want no automated cranes": against them
    if not worded and any(c.dep_ == "xcomp" and lemma(c) in _AVOIDING for c in tok.children):
        # "asked both sides to avoid any step that makes Monday harder": against the step
        against = not against
    removal = not worded and _removal_object(tok)
    if removal and negated(tok):
        # "no longer insists on an end to the ban" drops a demand; it does not say the
        # holder now wants the ban, so neither side is read; "would never accept the
        # lifting of X" is two negatives whose scope the words leave open
        return "unknown"
    # a red line ("would never give up Donbas") keeps its own reading: against
    letting_go = None if worded or kind == "red_line" else _lets_go(tok)
    if letting_go is not None and not _drops_a_demand(tok):
        verb_go, obj = letting_go
        if obj.lower_ in _REJECTION_NOUNS or obj.lower_ in _DEMAND_NOUNS:
            if verb_go.i == tok.i and negated(tok) and obj.lower_ in _DEMAND_NOUNS:
                return "for"  # "has not dropped the referendum condition": still asks it
            if verb_go.i != tok.i and against and not negated(tok) and obj.lower_ in _DEMAND_NOUNS:
                return "for"  # "refused to lower their demand for X": still asks X
            return "unknown"  # "dropped its objection", "dropped its demand for X"
        # "was not ready to": the negation hangs on the verb of being
        clause_negated = negated(tok) or (
            tok.dep_ in {"aux", "auxpass", "acomp", "attr"} and negated(tok.head)
        )
        if verb_go.i != tok.i and (clause_negated or against):
            # "was not ready to drop the figure", "refused to drop the figure": two
            # negatives whose scope the words leave open
            return "unknown"
        # "dropped the ban", "ready to drop the figure": against what is let go, as a
        # removal asked for is; "has not dropped the rule" keeps it: for
        return "for" if negated(verb_go) else "against"
    if not worded and _drops_a_demand(tok):
        # "urged Kyiv to drop its demand for X" is for the dropping and against X; the
        # annotations read it both ways, and the words do not say which the item is about;
        # "refused to drop its demand for X" keeps asking X
        return "for" if against and not negated(tok) else "unknown"
    # "called the rule unfair to growers who cannot pay": the parser hangs the judgement's
    # own words on the object, so a negative there is not inside the thing called bad
    called = kind == "reject" and lemma(tok) == "call"
    inside = not (worded or called) and _double_negative(tok)
    side = combine_polarity(against, removal, inside, bool(MIXED.search(clause)))
    if negation_raised(tok):
        # "I do not think a ceasefire should wait for it": against the waiting
        return {"for": "against", "against": "for"}.get(side, side)
    return side


#: Verbs of letting go ("drop", "abandon", "give up") and the nouns of a demand let go.
_LET_GO = add_verbs(words("drop abandon renounce shelve scrap withdraw"))
_DEMAND_NOUNS = words(
    "demand demands claim claims bid bids insistence request requests condition conditions "
    "call calls precondition preconditions line lines position positions stance ambition "
    "ambitions aspiration aspirations goal goals"
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


def combine_polarity(rejects: bool, removal: bool, inside: bool, mixed: bool) -> str:
    """The polarity of a demand from what its wording says, in this order:

    ``rejects``: the trigger is against its object (a rejecting verb or word, or a
    negated demand); ``removal``: the object is a removal ("the lifting of X"), which turns
    the stance onto the thing removed; ``inside``: a negative inside a rejected object
    ("will not accept a transition that has no end date": against the transition as
    described, for the end date it lacks; annotators read it both ways, so unknown);
    ``mixed``: a clause that is for its head and, after a comma, against something else
    (unknown).
    """
    against = rejects != removal
    if against and inside:
        return "unknown"
    if not against and mixed:
        return "unknown"
    return "against" if against else "for"
