"""Alternatives and threats: signals that a party will fight on, walk away, or use sanctions.

These bear on an actor's BATNA: what it does if there is no deal.
"""

from __future__ import annotations

import re
from typing import Any

from accord.ingest.demands import reporter
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, who
from accord.ingest.nlp import words
from accord.ingest.quotes import Statement, subject_of

#: (kind, pattern) in the order tried; the first that matches a sentence names its kind.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("threat", re.compile(r"\bthreat(en|ens|ened|ening)\b (to|retaliation)", re.I)),
    # An ultimatum: the offer ends, or the other side takes it as it stands.
    (
        "threat",
        re.compile(
            r"\bwill have to like it\b|\btake it or leave it\b|\blast chance\b|"
            r"\b(?:not|never) (?:stay|remain|be) (?:on the table|open|available|there) "
            r"(?:for ?ever|indefinitely|for long)|\bonly for a limited time\b|"
            # patience with an end: "Our ore will not wait for Brussels forever"
            r"\b(?:not|never) wait (?:\w+ ){0,3}(?:for ?ever|indefinitely)\b|"
            # staying left open: "Whether we stay is up to them", "whether it continues to do
            # so depends on what happens in Kampala"
            r"\bwhether (?:we|it|they) (?:stays?|continues?|remains?|comes? back|"
            r"returns?|signs?)\b[^.;]{0,40}\b(?:depends on|is up to|will depend on)\b|"
            # a consensus withheld: "the islands will not join a consensus on the package"
            r"\b(?:will|would) not join (?:a|the|any) consensus\b|"
            # the other side's war as the alternative left to it: "or it can keep fighting"
            r"\bor (?:else )?(?:\w+ ){0,3}(?:can|could) (?:keep|go on|continue) (?:fighting|"
            r"the war|with the war)\b",
            re.I,
        ),
    ),
    # Cutting what the other side depends on: "warned it could cut intelligence sharing".
    (
        "threat",
        re.compile(
            r"\b(?:could|would|will|might|may|'ll|threaten\w* to|ready to|prepared to) "
            r"(?:cut|cut off|halt|suspend|stop|withhold|freeze|end) (?:\w+ ){0,3}(?:aid|"
            r"intelligence|weapons|arms|military support|funding|deliveries|supplies)\b",
            re.I,
        ),
    ),
    # A warning of a response: "warned of a harsh response", "warned of consequences".
    (
        "threat",
        re.compile(
            r"\bwarn(?:s|ed|ing)? of (?:an? )?(?:\w+ ){0,2}(?:response|retaliation|"
            r"consequences|countermeasures|measures)\b|"
            # a response the act would bring: "would draw a harsh response", "answer in kind"
            r"\b(?:would|will|could) (?:draw|bring|provoke|trigger|meet with|be met with) (?:an? )?"
            r"(?:\w+ ){0,2}(?:response|retaliation|reaction|consequences)\b|"
            r"\b(?:answer|respond|reply) in kind\b|"
            # a veto held over a text: "any text that obliges China to pay will be blocked"
            r"\b(?:text|texts|deal|clause|agreement|obligation|proposal|draft|paper|plan|"
            r"package|goal|decision)\b[^.;]{0,80}?\b(?:would|will) be blocked\b|"
            # forced into a step: "the employers would be forced to consider closing"
            r"\b(?:would|will) be forced to\b|"
            # a step on a condition: "the EU could go further if", "have options if"
            r"\b(?:could|would|will) go further\b(?=[^.;]*\b(?:if|unless)\b)|"
            r"\bha(?:ve|s) options\b(?=[^.;]*\b(?:if|unless)\b)|"
            r"\bready to go\b(?=[^.;]*\b(?:if|unless)\b)|"
            # patience spent, plans for the worst: "its patience is running out"
            r"\bpatience (?:is |was )?(?:running|run|wearing) (?:out|thin)\b|"
            r"\brunning out of patience\b|\bcontingency plan\w*|"
            # plans for the worst not denied: "would not discuss contingencies"
            r"\b(?:would not|wouldn't|not going to|declined to|refused to) discuss "
            r"(?:\w+ ){0,2}contingenc\w+|"
            # operations or lockouts not spoken of: "I am not going to discuss operations from
            # this podium", "I'm not going to speculate about lockouts"
            r"\b(?:would not|wouldn't|not going to|declined to|refused to) (?:discuss|speculate "
            r"(?:about|on)|comment on) (?:\w+ ){0,2}(?:operations|lock-?outs?|strikes?)\b|"
            # a trade case left to run: "the review will take its course"
            r"\b(?:will|would) (?:take|follow|run) its (?:normal |own |full )?course\b|"
            # no deal as the other side's alternative: "if there is no deal, the tariffs stay"
            r"\bif there is no deal\b|\bif no deal is (?:reached|agreed|signed)\b",
            re.I,
        ),
    ),
    (
        "lift_sanctions",
        re.compile(
            r"\b(lift|lifts|lifted|ease|eases|eased|relax)\b[\w\s,'-]{0,30}\bsanctions", re.I
        ),
    ),
    (
        "sanctions",
        re.compile(
            r"\b(impose|imposes|imposed|imposing|extend|extends|extended|tighten|tightens|"
            r"new|targeted|package of|consider|considers|considering|considered|"
            r"respond with|provisional)\b[\w\s,'-]{0,40}\b(sanctions|tariffs|duties|"
            r"restrictions|countermeasures)\b|"
            # the passive: "tariffs on electric cars could be imposed early next year"
            r"\b(?:sanctions|tariffs|duties)\b[\w\s,'-]{0,50}\b(?:could|would|will|may) be "
            r"(?:imposed|extended|introduced|raised)\b|"
            r"keep up the pressure|\bretaliat\w+|"
            # measures kept in place: "those duties will not simply be allowed to lapse"
            r"\bnot ruled out (?:[\w-]+ ){0,3}"
            r"(?:measures|duties|tariffs|sanctions|countermeasures)\b|"
            r"\b(?:sanctions|tariffs|duties)\b[^.;]{0,40}\b(?:will|would) not (?:simply )?"
            r"be allowed to (?:lapse|expire)\b",
            re.I,
        ),
    ),
    (
        "fight",
        re.compile(
            r"\b(keep|kept|continue|continues|continued|resume|resumes|go on|keep up)\b"
            r"[\w\s,'-]{0,25}\b(fight\w*|offensive|operations|war|attack\w*|advanc\w*|strik\w*)\b|"
            r"\bfight on\b|by military means|ready for war|give them war|by every means|"
            r"\bby force\b|\bescalat\w+|"
            # war named as the answer: "calling confiscation a cause for war"
            r"\b(?:cause|act|reason) (?:for|of) war\b|\bcasus belli\b|"
            # readiness to fight: "if Europe started a war, Russia was ready"
            r"\b(?:ready|prepared) to (?:fight|resist|defend)\b|"
            r"\bif\b[^.;]{0,60}\b(?:war|fight\w*)\b[^.;]{0,40}\b(?:ready|prepared)\b|"
            # the same the other way round: "was ready if Europe started one"
            r"\b(?:ready|prepared)\b,? if\b[^.;]{0,40}\b(?:start\w*|launch\w*|wag\w*) "
            r"(?:one|it|a war|war)\b|"
            # ending a truce: "it will end its truce if no detainees are freed"
            r"\b(?:end|ends|ending|break|breaks|abandon|abandons|scrap|call off) "
            r"(?:the |its |their |this )?(?:\w+ )?(?:truce|ceasefire)\b|"
            # the other side's people named as targets
            r"\blegitimate (?:military )?targets?\b|"
            # the way back to war remembered: "her fighters know the road back to the front"
            r"\b(?:know|knows|remember|remembers) the (?:road|way) back to (?:the )?(?:front|"
            r"hills|bush|fighting|war|trenches)\b|"
            r"\b(?:know|knows) the (?:roads?|way) (?:north|south|east|west)\b|"
            # the war going on as the alternative: "the fighting would simply go on"
            r"\b(?:fighting|war|offensive) (?:would |will )?(?:simply )?"
            r"(?:go on|goes on|continue)\b|"
            # "our commanders will draw their own conclusions"
            r"\b(?:will|would|'ll) draw (?:their|its|our|his|her) own conclusions\b|"
            r"\b(?:taken|take|won|win)\b[^.;]{0,30}\bmilitarily\b",
            re.I,
        ),
    ),
    (
        "walk_away",
        re.compile(
            r"\bwalk(s|ed|ing)? (away|off|out)\b|"
            r"\bleav(?:e|es|ing) the (negotiating|talks|table|room|negotiations)|"
            # a strike named as what comes next: "will strike if", "the prospect of a strike"
            r"\b(?:will|would|could|'ll|threaten\w* to|vote\w* to|ready to|prepared to) "
            r"(?:go on )?strike\b|"
            r"\b(?:prospect|threat|risk|possibility) of (?:a |an )?(?:new |fresh )?"
            r"(?:strike|walkout|lock-?out)\b|"
            # the steps to a strike: "notice of a strike", "whether to authorise a strike"
            r"\bnotice of (?:a )?strike\b|\bauthori[sz]e (?:a |the )?strike\b|"
            r"\bstrike (?:authori[sz]ation|ballot)\b|"
            r"\b(?:vote|votes|voted|voting|ballot|ballots|balloting) (?:\w+ ){0,2}on (?:a |the )?"
            r"strike(?: action)?\b|"
            # a lockout weighed: "meets to decide whether to lock workers out"
            r"\block(?:s|ed|ing)? (?:\w+ ){1,2}out\b|"
            # other buyers, ports or customers as the alternative: "has other customers"
            r"\b(?:ha(?:ve|s|d)|there are) (?:\w+ ){0,3}other (?:buyers|customers|markets|ports|"
            r"suppliers)\b|\b(?:plenty|a lot|lots) of (?:other )?(?:buyers|customers|markets|ports)"
            r"(?: to choose from)?\b|"
            r"\b(?:cargo|boxes|ships|business) (?:will |would )?(?:go|goes|went) "
            r"(?:to [A-Z]|elsewhere)|"
            # a dispute taken to the WTO: "could take the rules to the World Trade Organization"
            r"\b(?:take|takes|taking|bring|brings|ask|asks|refer|refers)\b[^.;]{0,60}\b(?:the )?"
            r"(?:WTO|World Trade Organi[sz]ation)\b|"
            # a case brought at the WTO: "to challenge the regulation at the WTO"
            r"\b(?:challenge|contest|complaint|case|dispute)\b[^.;]{0,60}\b(?:at|with|before|to) "
            r"the (?:WTO|World Trade Organi[sz]ation)\b|"
            # another buyer as the alternative: "was prepared to sell its nickel to China"
            r"\b(?:ready|prepared|could|would|will) (?:to )?(?:simply )?(?:sell|ship|export|"
            r"redirect|send) (?:\w+ ){0,4}to (?:[A-Z]\w+|other buyers|other markets)\b|"
            r"\bgo where (?:it is|they are) wanted\b|"
            r"\bstep(s|ped)? back from\b|\bpull(s|ed)? out of\b|"
            r"\bwithdraw(s|ing|n)? (its|their|the) delegation|\bsuspend\w* (the )?[\w ]{0,20}talks|"
            r"\bblock the (whole|entire)?\s*(package|deal|agreement)|\block(s|ed)? out\b|"
            r"\b(go|went|going) on strike\b|\bto the WTO\b|\brespond at a time|"
            # carrying on without the other side: "prepared to keep the terminals running"
            r"\b(?:ready|prepared) to (?:keep|run) (?:\w+ ){0,3}(?:running|open|going)\b|"
            r"\b(?:would|will|could|'ll|ready to|prepared to|plans? to) divert (?:\w+ ){0,2}"
            r"(?:ships|cargo|vessels|trade)\b|"
            r"\b(?:buyers|customers|markets) (?:in other places|elsewhere)\b|"
            r"\b(?:our|other) (?:buyers|customers) in [A-Z]\w+|"
            # ships sent elsewhere: "ships could go to Port Selby instead", "moving their
            # ships somewhere else"
            r"\b(?:ships|vessels|cargo) (?:could|would|will|might) go to\b|"
            r"\bmov\w* (?:\w+ ){0,2}(?:ships|vessels|cargo|business) "
            r"(?:somewhere else|elsewhere)\b|"
            # staying away: "whether to attend the ministerial", a boycott
            r"\bwhether to attend\b|\bboycott\w*|\bstay away from\b|"
            r"\bthe way (?:to|out of) the door\b|\bthe door still works\b|"
            # the way out booked: "had booked seats on Thursday's flight home"
            r"\b(?:flights?|seats?|tickets?|plane) home\b|"
            # a stoppage foretold: "the terminals will be quiet by the new year"
            r"\b(?:terminals?|ports?|docks?|quays?|cranes) (?:will|would) (?:be|fall|go|stand) "
            r"(?:quiet|silent|idle|still)\b|"
            # a stoppage not ruled out: "asked whether a lockout was under consideration, Mr
            # Keller would not say"
            r"\b(?:lock-?out|strike)\b[^.;]{0,80}\b(?:would not|wouldn't|declined to|refused to) "
            r"(?:say|comment)\b|"
            r"\b(?:would not|wouldn't|declined to|refused to) say whether (?:a |the )?"
            r"(?:lock-?out|strike)\b|"
            # a way out not denied when asked: "Asked whether her delegation would walk out
            # ..., she declined to answer", "Asked whether Jakarta had an offer from Beijing,
            # he said he had nothing to add"
            r"\basked whether\b[^.;]{0,120}?\b(?:walk(?:ed)? out|leave|offers?|buyers?)\b"
            r"[^.;]{0,100}?\b(?:declined to (?:say|answer|comment)|would not say|wouldn't say|"
            r"(?:had|has) nothing to add)\b|"
            # other ports as the alternative, asked about: "asked shipping lines about
            # diverting calls to Port Alder", "Ships have other harbours to go to"
            r"\babout diverting\b|\bother (?:harbou?rs|berths)\b|"
            r"\b(?:terminals?|ports?|docks?|quays?) (?:can|could) be (?:very )?"
            r"(?:quiet|silent|idle)\b|"
            # a berth shut rather than pay: "would close a berth before they paid that"
            r"\b(?:would|will) (?:close|shut) (?:a|the|their|our) (?:berths?|terminals?|"
            r"piers?|ports?) (?:before|rather than)\b",
            re.I,
        ),
    ),
    # A consequence promised on a condition: "would respond ... if that happened",
    # "X must withdraw or Russia would take it".
    (
        "threat",
        re.compile(
            r"\b(?:would|will|could|'ll) (?:\w+ )?(?:respond|retaliate|punish|lose|suffer|"
            r"pay a price|regret)\b(?=[^.;]*\b(?:if|unless)\b)|"
            r"\bor (?:else )?[\w ]{0,30}\b(?:would|will|could) (?:\w+ )?(?:respond|retaliate|"
            r"punish|lose|take)\b",
            re.I,
        ),
    ),
]
#: An ultimatum is the one's who sets it, whoever the clause's subject is ("saying that
#: Zelensky will have to like it or his country can keep fighting" is Trump's).
_ULTIMATUM = PATTERNS[1][1]
#: Signals whose clause's subject is the one threatened ("troops would be legitimate
#: targets"): they are the speaker's.
_TARGETED = re.compile(r"legitimate (?:military )?targets?", re.I)
#: Force named in a principle, not a threat: "borders must not be changed by force".
_NOT_BEFORE = re.compile(r"\b(?:not|never|n't|no)\b[^.;,]{0,30}$", re.I)
#: A consequence that falls on the clause's subject ("warned that Kyiv would lose more
#: land"): the threat is the speaker's, not the subject's.
_SUFFER = words("lose loses suffer suffers pay pays regret regrets")
#: Measures as a clause's subject: whoever imposes them is not named there.
_MEASURES = words("sanctions tariffs duties measures")


#: Speakers who comment on the talks and are nobody's side: their lines signal nothing.
COMMENTATORS = words(
    "analyst analysts reporter reporters correspondent correspondents journalist journalists "
    "observer observers expert experts commentator commentators economist economists "
    "historian scholar professor researcher columnist editor diplomats-watchers"
)


_COMMENT = re.compile(
    r"\b(?:analysts?|reporters?|correspondents?|journalists?|observers?|experts?|"
    r"commentators?|economists?|historians?|columnists?)\b[^.,;]{0,30}?\b(?:said|says|noted|"
    r"notes|wrote|writes|argued|argues|believes?|thinks?|expects?|warned|warns|reckons?)\b|"
    r"\baccording to (?:analysts|experts|observers)",
    re.I,
)


def _commentator(info: DocInfo, stmt: Statement | None, sentence: str = "") -> bool:
    if stmt is None:
        return bool(_COMMENT.search(sentence))
    if stmt.speaker.actor is not None:
        return False
    name = (stmt.speaker.name or "").lower()
    if set(name.replace(",", " ").split()) & COMMENTATORS:
        return True
    byline = (info.shape.byline or "").lower()
    return bool(name) and name in byline


def threats(info: DocInfo, stmts: list[Statement]) -> list[Evidence]:
    doc = info.doc
    out: list[Evidence] = []
    by_sent = {st.sent.start: st for st in stmts}
    for sent in info.sents:
        stmt = by_sent.get(sent.start)
        if _commentator(info, stmt, sent.text) or (stmt is not None and stmt.asker):
            continue  # an analyst's or the reporter's own reading is not a party's signal
        first: str | None = None  # the holder of the sentence's first signal
        for kind, pattern, m in signals(sent.text):
            anchor = doc.char_span(
                sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
            )
            holder = _holder(
                info, anchor[0] if anchor is not None else sent.root, by_sent.get(sent.start)
            )
            suffers = anchor is not None and any(t.lower_ in _SUFFER for t in anchor)
            if stmt is not None and stmt.speaker.actor is not None and suffers:
                holder = stmt.speaker  # "warned that Kyiv would lose more land": the speaker's
            if pattern is _ULTIMATUM or _TARGETED.search(m.group(0)):
                # set by whoever speaks, whatever the clause's subject: the speaker, else
                # the subject of the sentence's main verb ("Trump has set a date, saying ...")
                if stmt is not None and stmt.speaker.actor is not None:
                    holder = stmt.speaker
                elif (main := subject_of(sent.root)) is not None and (w := who(info, main)):
                    holder = w if w.actor else holder
            if holder is None:
                # Not the target: "sanctions on Russia" is no threat by Russia.
                targets = {
                    info.actor_of_token.get(t.i)
                    for t in sent
                    if t.head.lower_ in {"on", "against"} and t.dep_ == "pobj"
                }
                actors = [a for a in info.actors_in(sent.start, sent.end) if a not in targets]
                if not actors:
                    continue
                holder = Who(actors[0], info.lexicon.actor_names.get(actors[0]))
            if first is None:
                first = holder.actor or holder.name
            elif (holder.actor or holder.name) != first:
                continue  # a second signal in the sentence, read with another holder: a misparse
            out.append(
                item(
                    info.text,
                    EvidenceType.threat,
                    sent.start_char,
                    sent.end_char,
                    text=m.group(0),
                    confidence=0.7 if holder.actor else 0.5,
                    actor=holder.actor,
                    speaker=holder.name,
                    actors=info.actors_in(sent.start, sent.end),
                    issues=info.issues_in(sent.start, sent.end),
                    kind=kind,
                    reporter=reporter(holder, stmt),
                )
            )
    return out


#: What sets two signals of one sentence apart as clauses of their own.
_APART = re.compile(r"\band\b|\bor\b|\bbut\b|[;,]")


def signals(text: str) -> list[tuple[str, re.Pattern[str], re.Match[str]]]:
    """The signals of one sentence: the first pattern (in the order tried) that matches,
    and any other match in a clause of its own ("operators would divert ships to other
    ports and could lock out workers": two threats). Two patterns on one phrase
    ("threatened to impose sanctions") are one signal, read by the first."""
    found: list[tuple[str, re.Pattern[str], re.Match[str]]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if m.group(0).lower() == "by force" and _NOT_BEFORE.search(text[: m.start()]):
                continue
            found.append((kind, pattern, m))
    kept: list[tuple[str, re.Pattern[str], re.Match[str]]] = []
    for cand in found:
        m = cand[2]
        if all(
            (m.start() >= k.end() and _APART.search(text, k.end(), m.start()))
            or (k.start() >= m.end() and _APART.search(text, m.end(), k.start()))
            for _, _, k in kept
        ):
            kept.append(cand)
    return sorted(kept, key=lambda c: c[2].start())


def _holder(info: DocInfo, tok: Any, stmt: Statement | None) -> Who | None:
    """The subject of the nearest verb above ``tok`` that has one; else the speaker.

    Inside a condition ("would divert ships if the union walked out") the threat is the
    main clause's, so the climb starts above the ``if`` clause.
    """
    node = tok
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in anc.children):
            node = anc.head if anc.head is not anc else anc
            break
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"}:
            subj = subject_of(node)
            if subj is not None and subj.lower_ in _MEASURES and stmt is not None:
                return stmt.speaker  # "said tariffs on X could be imposed": the speaker's
            if subj is not None:
                w = who(info, subj)
                if (
                    w is not None
                    and w.resolved
                    and stmt is not None
                    and subj.lower_ in {"they", "it"}
                ):
                    return stmt.speaker
                if w is not None and w.actor is None and stmt is not None and stmt.speaker.actor:
                    return stmt.speaker  # "said its members would walk off": the speaker's side
                if w is not None and (w.actor or w.name):
                    return w
        if node.head is node:
            break
        node = node.head
    return stmt.speaker if stmt is not None else None
