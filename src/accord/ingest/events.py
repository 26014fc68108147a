"""Events: meetings, talks, votes and deals, with their outcome and their date.

Dates are resolved against the article's date: ``on Tuesday`` is the last Tuesday for
something that happened and the next one for something planned (read from the tense),
``next Tuesday`` the Tuesday of next week (weeks start on Monday), ``this afternoon`` today,
``two weeks ago`` counts back, ``on 2 December`` takes the year that puts it nearest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.layout import CAPTION, DATE_TEXT, MONTHS
from accord.ingest.mentions import DocInfo

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
#: Days of the month spelled out, as speakers say them: "the fourteenth" is 14.
_ORDINALS = {
    w: n + 1
    for n, w in enumerate(
        re.findall(
            r"\S+",
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
            "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
            "nineteenth twentieth twenty-first twenty-second twenty-third twenty-fourth "
            "twenty-fifth twenty-sixth twenty-seventh twenty-eighth twenty-ninth thirtieth "
            "thirty-first",
        )
    )
}
_ORDINAL_WORDS = "|".join(sorted(_ORDINALS, key=len, reverse=True))
DATE_RE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b|"
    # a span of days is dated by its first: "14-15 December", "18 and 19 December", "from
    # 20 to 22 January"
    rf"\b(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)? "
    rf"(?:of )?(?P<dm_m>{_MONTH})\b\.?(?:,? (?P<dm_y>\d{{4}}))?|"
    rf"\b(?P<md_m>{_MONTH})\.? (?P<md>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<md_y>\d{{4}}))?|"
    rf"\b(?P<ago>\d+|a|one|two|three|four|five|six|ten) (?P<unit>day|week|month)s? ago\b|"
    rf"\b(?P<rel>yesterday|today|tomorrow|tonight|this (?:morning|afternoon|evening))\b|"
    # a day of the month without the month: "at their summit on the 18th and 19th"
    # ("on the fourteenth and fifteenth", as a speaker says it; not "on the first day")
    rf"\bon the (?:(?P<od>\d{{1,2}})(?:st|nd|rd|th)\b(?! of)|(?P<od_w>{_ORDINAL_WORDS})\b"
    r"(?! of)(?! (?!and\b|or\b)[a-z]))|"
    # a time of day, in a live blog's entry or a transcript: the day's own
    # ("at 12.50 per cent", "at 10.50 euros" are no times)
    r"\bat (?P<clock>\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|"
    r"\d{1,2}\.\d{2}(?!\s*(?:per|%|[a-z]*(?:euro|dollar|pound|rupiah|bn|billion|million))))|"
    rf"\b(?P<wd_mod>last|next|this|on|early hours of|late on|early on)? ?"
    rf"(?P<wd>{'|'.join(WEEKDAYS)})\b|"
    rf"\b(?P<vague>(?:next|last|this|earlier this|later this) (?:week|month|year)|"
    rf"within (?:a|two|three) (?:days|weeks)|early (?:next )?(?:{_MONTH})|"
    r"at the weekend|(?:this|last|next) weekend|in the coming (?:days|weeks)|"
    # a month without a day: "in February", "in the first week of December"
    rf"in (?:early |late |mid-)?(?:{_MONTH})(?! \d)|"
    rf"(?:first|second|third|last) (?:week|half) of (?:{_MONTH}))\b|"
    # a day named by what was said before it: "later that day", "on the same day"
    r"\b(?P<same>(?:the same|that) (?:day|morning|afternoon|evening|night))\b",
    re.I,
)
EVENT_WORDS = re.compile(
    r"\b(meet|meets|met|meeting|meetings|talks|summit|session|round|call|negotiations|"
    r"received|hosted|visited|gavelled|debated|opened|opens|resumed|"
    r"agreed|agreement|deal|signed|signing|adopted|vote|voted|reconvene|consult|visit|"
    r"conference|broke down|suspended|collapsed|released|resume|continue|sat down|gathered|"
    r"hearing|ceasefire|truce|plenary|hosts|hosting|by (?:tele)?phone|phone call|phoned|"
    r"finished|ended|closed|begun|began|under ?way|walked out|ballot|decided|imposed|"
    r"exchange|swap|arrive|arrives|arrived|tabled|tables|tabling|sit down|sits down|"
    r"caucus|chaired|handed|read out|votes on|"
    r"(?:return|returns|returned|back) to the table)\b",
    re.I,
)
#: Verbs of saying: a date they govern ("said on Friday that ...") dates the statement,
#: not an event.
_SAYING = frozenset(
    {
        "say",
        "says",
        "said",
        "tell",
        "tells",
        "told",
        "suggest",
        "suggests",
        "suggested",
        "announce",
        "announces",
        "announced",
        "warn",
        "warns",
        "warned",
        "add",
        "adds",
        "added",
        "argue",
        "argues",
        "argued",
        "write",
        "writes",
        "wrote",
        "insist",
        "insists",
        "insisted",
        "claim",
        "claims",
        "claimed",
        "state",
        "states",
        "stated",
        "confirm",
        "confirms",
        "confirmed",
        "note",
        "notes",
        "noted",
        "explain",
        "explains",
        "explained",
        "declare",
        "declares",
        "declared",
        "offer",
        "offers",
        "offered",
        "doubt",
        "doubts",
        "doubted",
        "tweet",
        "tweets",
        "tweeted",
    }
)
#: Auxiliaries that put a clause's event ahead of the article: "could hold", "will meet".
_MODAL = frozenset({"will", "would", "could", "may", "might", "shall", "should", "can", "'ll"})
#: Dependencies that tie a date to the word it dates ("talks on Monday": pobj, prep).
_UP = frozenset(
    {"pobj", "prep", "npadvmod", "nummod", "compound", "det", "amod", "pcomp", "tmod", "advmod"}
)

_FUTURE = re.compile(
    r"\b(will|would|'ll|is due|are due|due to|scheduled|expected to|planned|plans to|"
    r"(?:is|are) expected|"
    r"is set to|are set to|pencilled|next|to (meet|resume|continue|reconvene|vote|sign))\b",
    re.I,
)
_OUTCOMES: list[tuple[str, re.Pattern[str]]] = [
    (
        "no agreement",
        re.compile(
            r"without (agreement|a deal|closing)|no breakthrough|no compromise|failed|failing|"
            r"could not agree|broke down|collapsed|suspended|no deal",
            re.I,
        ),
    ),
    ("agreement", re.compile(r"\bagreed\b|reached [\w ]*agreement|adopted|signed|\bdeal\b", re.I)),
]


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """A date written in ``text`` (as the first date found), resolved against ``today``."""
    m = DATE_RE.search(text)
    return _resolve(m, today, future=False) if m else None


def _resolve(m: re.Match[str], today: dt.date | None, future: bool) -> dt.date | None:
    g = m.groupdict()
    if g["iso"]:
        try:
            return dt.date.fromisoformat(g["iso"])
        except ValueError:
            return None
    if g["dm"] or g["md"]:
        day = int(g["dm"] or g["md"])
        month = MONTHS[(g["dm_m"] or g["md_m"]).lower()]
        year = g["dm_y"] or g["md_y"]
        if year:
            return _date(int(year), month, day)
        if today is None:
            return None
        options = [
            d for y in (today.year - 1, today.year, today.year + 1) if (d := _date(y, month, day))
        ]
        return min(options, key=lambda d: abs((d - today).days)) if options else None
    if today is None:
        return None
    if g["ago"]:
        n = int(g["ago"]) if g["ago"].isdigit() else _NUM[g["ago"].lower()]
        days = {"day": 1, "week": 7, "month": 30}[g["unit"].lower()]
        return today - dt.timedelta(days=n * days)
    if g["clock"]:
        return today
    if g["od"] or g["od_w"]:
        # the month that puts the day nearest the article's, ahead or behind as the tense says
        day = int(g["od"]) if g["od"] else _ORDINALS[g["od_w"].lower()]
        this = _month_shift(today, 0, day)
        prev = _month_shift(today, -1, day)
        nxt = _month_shift(today, 1, day)
        if this is None:
            return nxt if future else prev
        if future:
            return this if this >= today else nxt
        return this if this <= today else prev
    if g["rel"]:
        rel = g["rel"].lower()
        return today + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(rel, 0))
    if g["wd"]:
        wd = WEEKDAYS.index(g["wd"].lower())
        mod = (g["wd_mod"] or "").lower()
        if mod == "next":
            # "next Thursday": the Thursday of next week (weeks start on Monday), so said on
            # a Wednesday it is eight days on, not tomorrow
            return today + dt.timedelta(days=7 - today.weekday() + wd)
        if future and mod != "last":
            ahead = (wd - today.weekday()) % 7 or 7
            return today + dt.timedelta(days=ahead)
        back = (today.weekday() - wd) % 7
        if mod == "last" and back == 0:
            back = 7
        return today - dt.timedelta(days=back)
    return None


def _month_shift(today: dt.date, step: int, day: int) -> dt.date | None:
    """Day ``day`` of the month ``step`` months from ``today``'s."""
    index = today.year * 12 + today.month - 1 + step
    return _date(index // 12, index % 12 + 1, day)


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: Words for all the parties at once.
_BOTH_SIDES = re.compile(
    r"\b(?:both|the two) (?:sides|parties|delegations|teams)\b|\bthe parties\b|"
    r"\bheads of (?:all )?delegations?\b",
    re.I,
)
#: Sessions of the whole negotiation: every party sits in them and the mediator convenes
#: them, whoever else the sentence names ("the round is due to run until Friday").
_WHOLE = re.compile(
    r"\b(?:joint session|plenary|(?:next|formal|new|latest|this|the) round(?! of (?:tariffs|"
    r"sanctions|strikes|voting))|the parties meet)\b",
    re.I,
)
#: Prepositions whose object is what an event is about, not who takes part in it.
_TOPIC = frozenset(
    {"on", "about", "over", "regarding", "for", "of", "against", "concerning", "into", "by"}
)
#: Prepositions whose object is where an event happens: a capital is a place there.
_PLACE = frozenset({"in", "at", "near", "to", "from"})


def participants(info: DocInfo, sent: Any, k: int) -> list[str]:
    """The actors taking part in the event of sentence ``k``: those named in it except as
    its topic ("talks on Ukraine's future") or, when two others take part, its place;
    when the sentence names none, those of the sentence before (its neighbour)."""
    doc = info.doc
    keep: list[str] = []
    places: list[str] = []
    for m in info.mentions:
        if m.start < sent.start or m.end > sent.end:
            continue
        head = doc[m.end - 1]
        while head.dep_ in {"compound", "amod", "poss", "case"} and head.head is not head:
            head = head.head
        topic = place = False
        node = head
        for _ in range(4):  # up through "the future of Ukraine", "Ukraine's future"
            if node.dep_ == "pobj" and node.head.lower_ in _TOPIC:
                topic = True
                break
            if node.dep_ == "pobj" and node.head.lower_ in _PLACE and head.pos_ == "PROPN":
                place = True
                break
            if node.dep_ not in {"pobj", "poss", "compound", "amod", "prep"}:
                break
            node = node.head
        if topic:
            continue
        bucket = places if place else keep
        if m.actor not in bucket:
            bucket.append(m.actor)
    if len(keep) < 2:
        keep += [a for a in places if a not in keep]
    if _BOTH_SIDES.search(sent.text):
        # "negotiators from both sides met the mediators": the scenario's parties
        keep += [a for a in info.lexicon.parties if a not in keep]
    if _WHOLE.search(sent.text) or re.search(r"\bthe parties\b|\bheads of", sent.text, re.I):
        # a session of all the parties is one the mediator convenes and sits in
        keep += [a for a in [*info.lexicon.parties, *info.lexicon.mediators] if a not in keep]
    if not keep and k > 0:
        prev = info.sents[k - 1]
        keep = info.actors_in(prev.start, prev.end)
    return keep


def _anchor(sent: Any, start: int) -> Any:
    """The word a date expression starting at character ``start`` dates: up from the date
    through its preposition to the first verb, or a noun that names an event."""
    tok = next((t for t in sent if t.idx >= start), None)
    for _ in range(6):
        if tok is None or tok.pos_ in {"VERB", "AUX"} or tok.dep_ == "ROOT":
            break
        if tok.pos_ == "NOUN" and EVENT_WORDS.fullmatch(tok.text):
            break
        if tok.dep_ not in _UP and tok.pos_ not in {"NUM", "PROPN", "ADP", "DET", "NOUN"}:
            break
        tok = tok.head
    return tok


def _dates_event(tok: Any) -> bool:
    """Whether a date tied to ``tok`` may date the sentence's event: not when it dates a
    statement ("said on Friday that ...", "offered on Thursday to ..."), unless the
    statement follows the event ("said on Tuesday after Witkoff met Putin")."""
    if tok is None or tok.lower_ not in _SAYING:
        return True
    for c in tok.children:
        if c.dep_ not in {"advcl", "prep"}:
            continue
        if next(iter(c.subtree)).lower_ not in {"after", "following"}:
            continue
        # the clause itself, not a that-clause the parser hung on it
        todo, own = [c], []
        while todo:
            t = todo.pop()
            own.append(t)
            todo += [g for g in t.children if g.dep_ not in {"ccomp", "acl", "relcl"}]
        if any(EVENT_WORDS.fullmatch(t.text) for t in own):
            return True
    return False


def _tense(tok: Any) -> bool | None:
    """Whether the clause of ``tok`` speaks of what is ahead (True), behind (False), or the
    parse cannot say (None). A verb in the present ("the union meets on Saturday", "when
    the talks resume on Monday") is a timetable, so ahead."""
    if tok is None or tok.pos_ not in {"VERB", "AUX"}:
        return None
    aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
    if aux & _MODAL or tok.lower_ in _MODAL:
        return True
    if aux & {"to", "is", "are", "am", "'s", "'re"}:
        return None  # "expected to meet", "is expected", "is meeting": the phrase says
    if aux & {"has", "have", "had", "was", "were", "did"} or tok.tag_ in {"VBD", "VBN"}:
        return False
    if tok.tag_ in {"VBZ", "VBP"} and tok.lower_ not in {"is", "are", "has", "have"}:
        return True
    return None


#: A live-blog entry telling what is happening as it is written.
_LIVE_NOW = re.compile(
    r"\b(?:is|are) (?:now )?(?:under ?way|meeting|holding|in session|with)\b|"
    r"\b(?:has|have) (?:just |now )?(?:begun|started|finished|ended|opened|resumed|closed|"
    r"broken up|concluded|arrived|gathered)\b|\b(?:has|have) been meeting\b|"
    r"\b(?:has|have) (?:now )?been (?:inside|in|with)\b|"
    # what an entry reports as done, with no day of its own: "Putin met Witkoff and Kushner
    # in the Kremlin for about five hours"
    r"\b(?:met|sat down|tabled)\b",
    re.I,
)


#: A live blog's day header, a line that is only a date, with or without its year and in
#: any case: "Wednesday 3 December 2025", "MONDAY 29 DECEMBER".
_DAY_HEADER = re.compile(rf"^[ \t]*(?:\w+day,? )?({DATE_TEXT})[ \t.]*$", re.I | re.M)


def _day_lines(text: str, article_date: dt.date | None = None) -> list[tuple[int, dt.date]]:
    """A live blog's day headers: (offset, day), so an entry's "today" is its own day. A
    header without its year ("MONDAY 29 DECEMBER") takes the year nearest the article's
    date, and is no header when the article has none."""
    out = []
    for m in _DAY_HEADER.finditer(text):
        if (day := parse_date(m.group(1), article_date)) is not None:
            out.append((m.start(), day))
    return out


def events(info: DocInfo, article_date: dt.date | None) -> list[Evidence]:
    out: list[Evidence] = []
    days = _day_lines(info.text, article_date)
    # A live blog: entries under timestamps, or two day headers at least (a feature's
    # single date line is no day header of entries)
    live = bool(days) and (
        len(days) >= 2 or any(kind == "timestamp" for *_, kind in info.shape.masked)
    )
    last: dt.date | None = None  # the last day the text named: "later that day"
    for k, sent in enumerate(info.sents):
        s = sent.text
        word = EVENT_WORDS.search(s)
        found = list(DATE_RE.finditer(s))
        today = next((d for at, d in reversed(days) if at < sent.start_char), article_date)
        if word is None and found:
            # no event here, but its day is the one a later "that day" means
            day = next((d for d in found if not (d.group("vague") or d.group("same"))), None)
            ahead = bool(_FUTURE.search(s[: day.start()])) if day else False
            last = (_resolve(day, today, ahead) if day else None) or last
        line = info.text[info.text.rfind("\n", 0, sent.start_char) + 1 : sent.end_char]
        if word is None or CAPTION.match(line.lstrip("[ ")):
            continue  # a photo's caption describes a picture, not the news
        # In a live blog, an entry's day is the day header above it (``today`` above), and
        # an entry in the present or reporting a meeting done, with no day of its own ("The
        # meeting at Mar-a-Lago is under way", "Putin met Witkoff and Kushner") is that day's.
        now = _LIVE_NOW.search(s) if live and not found else None
        if now is not None:
            date, said, confidence = today, now.group(0), 0.6 if today else 0.5
            outcome = next((k for k, p in _OUTCOMES if p.search(s)), "held")
        elif found:
            dated = _dated(sent, found, s, today, last)
            if dated is None:
                continue
            date, said, confidence, outcome = dated
            last = date or last
        else:
            continue
        out.append(
            item(
                info.text,
                EvidenceType.event,
                sent.start_char,
                sent.end_char,
                confidence=confidence,
                actors=info.actors_in(sent.start, sent.end),
                issues=info.issues_in(sent.start, sent.end),
                date=date,
                when=said,
                outcome=outcome,
                participants=participants(info, sent, k),
            )
        )
    return out


def _dated(
    sent: Any, found: list[re.Match[str]], s: str, today: dt.date | None, last: dt.date | None
) -> tuple[dt.date | None, str, float, str] | None:
    """The date, its words, the confidence and the outcome of the event in a sentence with
    date expressions ``found``; ``None`` when each dates a statement, not an event."""
    # The date of a statement or of a plan that is no meeting ("said on Friday that",
    # "offered on Thursday to") does not date the event the sentence mentions.
    anchors = {id(d): _anchor(sent, sent.start_char + d.start()) for d in found}
    dates = [d for d in found if _dates_event(anchors[id(d)])]
    # "on Monday, 29 September", "on Thursday, Dec 18": the calendar date says which Monday
    exact = [d for d in dates if d.group("dm") or d.group("md") or d.group("iso")]
    dates = [
        d
        for d in dates
        if not (d.group("wd") and any(0 <= e.start() - d.end() <= 2 for e in exact))
    ]
    if not dates:
        return None
    # Several dates: a precise one before a vague one, then the one nearest an event word.
    words = [w.start() for w in EVENT_WORDS.finditer(s)]
    when = min(
        dates,
        key=lambda d: (
            d.group("vague") is not None or d.group("same") is not None,
            min(abs(d.start() - w) for w in words),
        ),
    )
    # Tense of the clause holding the date: "said on Monday it would meet on Friday".
    before = s[max(0, when.start() - 60) : when.start()]
    tense = _tense(anchors[id(when)])
    future = (
        tense
        if tense is not None
        else bool(_FUTURE.search(before))
        and not re.search(r"\b(met|held|had|was|were)\b", before[-25:])
    )
    date = last if when.group("same") else _resolve(when, today, future)
    outcome = "planned" if future else next((k for k, p in _OUTCOMES if p.search(s)), "held")
    return date, when.group(0).strip(), 0.7 if date else 0.5, outcome
