"""An article's structure, found before its sentences: headings, datelines, bylines, lists,
block quotes, captions, transcript speaker labels and live-blog timestamps.

The parser alone reads ``KYIV, Dec 3 (Harbour Wire) - Russia rejected ...`` as one
sentence whose subject may be the wire, runs a quotation on across a section heading, and
merges a list's lead-in into the quote before it. So plain text is read by rules first:

* **metadata** (datelines, bylines, ``Reporting by ...`` lines, live-blog timestamps,
  photo credits) is blanked out of the text the parser sees, with spaces of the same
  length, so every offset still points into the article's own text, and no metadata can
  be a speaker;
* **breaks**: a sentence starts at each heading, list item, block quote, caption,
  transcript turn and live-blog entry, and after each heading, so nothing runs across one;
* **turns**: ``PESKOV: ...`` or ``Q: ...`` lines of a transcript, with the label, each
  running on over the paragraphs after it up to the next label, heading or list.

HTML is turned into the same plain-text conventions first (``#`` headings, ``-`` items,
``>`` block quotes) from trafilatura's structure, so one set of rules serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord.ingest.nlp import words

#: Month names and their abbreviations, lower case, to the month's number.
MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in ms
}
#: As datelines write them (capitalised), the longest first so "Sept" is not read as "Sep".
_MONTHS = "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))
#: A date as datelines write it: "Dec 3", "December 3, 2025", "3 December 2025", ISO.
DATE_TEXT = (
    rf"(?:(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\.?(?:,? \d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
)
#: "KYIV, Dec 3 (Harbour Wire) -", "BRUSSELS (AP) -", "KYIV, Ukraine (AP) -", "Kyiv,
#: 3 December 2025 -" (any dash): a place in capitals (with its country or region), or a
#: place followed by a date; an optional outlet; a dash.
DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'/ -]{{1,40}}[A-Z]|[A-Z][a-z]+(?:[ /-][A-Z][a-z]+){{0,2}})"
    rf"(?P<region>, [A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
    rf"(?:,? (?P<date>{DATE_TEXT}))?"
    rf"(?: ?\((?P<outlet>[^()\n]{{2,40}})\))?"
    # a hyphen inside a word is no dash: "Thirty-nine seats ...", "MEDIATOR TABLES
    # FIVE-POINT PAPER" are headlines; a dash has a space on one side at least
    rf"(?: -{{1,2}}(?![a-z0-9]) ?|-{{1,2}}(?=\s)\s?| ?[–—] ?)"
)
BYLINE = re.compile(
    r"(?:By|BY|Written by|Words by) (?P<who>(?:the )?[A-Z][^\n]{2,100})|"
    r"\(?(?:Reporting|Writing|Editing|Additional reporting|Compiled) by [^\n]+"
)
#: A live-blog entry's time at the start of a line: "14:05", "2.05pm GMT", "10:32 CET -",
#: "21:30 Merz: ..." (a space before a capital).
TIMESTAMP = re.compile(
    r"(?:(?:Updated|Posted|Published)[ \t]*:?[ \t]*)?"
    r"\d{1,2}[:.]\d{2}[ \t]*(?:am|pm|a\.m\.|p\.m\.)?[ \t]*"
    r"(?:GMT|UTC|CEST|CET|EEST|EET|BST|EST|EDT|ET|MSK|"
    r"WIB|WITA|WIT|EAT|CAT|WAT|SAST|IST|JST|AEST|AEDT|PST|PDT|CST|"
    r"local time|Kyiv time|Moscow time)?(?:[ \t]*(?:-{1,2}|–|—|:|\|)[ \t]*|[ \t]*(?=\n|$)|"
    # "21:30 Merz: a ceasefire is conceivable": the time, a space and the headline
    # (not a time zone the list above lacks, in capitals)
    r"[ \t]+(?-i:(?=[A-Z](?![A-Z]{1,4}\b))))",
    re.I,
)
#: A transcript turn: "PESKOV:", "Dmitry Peskov:", "Q:", "QUESTION:", "Interviewer:".
#: Names in capitals may carry letters beyond ASCII ("KARIN HALLSTRÖM:", "ŁUKASZ:").
_UP = "A-ZÀ-ÖØ-ÞĀ-ž"
_LOW = "a-zß-öø-ÿĀ-ž"
TURN = re.compile(
    rf"(?P<label>Q|A|QUESTION|ANSWER|[{_UP}][{_UP}.'-]+(?: [{_UP}][{_UP}.'-]+){{0,3}}|"
    rf"[{_UP}][{_LOW}.'-]+(?: [{_UP}][{_LOW}.'-]+){{0,3}})"
    r"(?:\s*\((?P<paren>[^()\n]{1,60})\))?\s*:\s+(?=\S)"
)
#: Labels that name a role, whose holder is named in brackets: "SPOKESPERSON (Lena Voss,
#: European Commission):"; later turns with the bare role are the same person's.
ROLES = frozenset(
    {"spokesperson", "spokesman", "spokeswoman", "moderator", "chair", "host", "minister"}
)
#: Labels of a transcript's cast list, above its turns: "Speaker: NAME, role".
_CAST = frozenset(
    {
        "speaker",
        "speakers",
        "briefer",
        "moderator",
        "guest",
        "guests",
        "panel",
        "spokesperson",
        "spokesman",
        "spokeswoman",
    }
)
#: A header line naming the institution that briefs: "Ministry of Trade of the Republic of
#: Indonesia - weekly press briefing"; a cast line with no role is that institution's.
#: A person's name alone: "Dewi Kartika", "Iryna Dovhaliuk".
_NAME_ONLY = re.compile(r"(?:[A-Z][\w.'’-]+ ?){2,4}")
_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Office|Presidency|Government|Secretariat|Commission|Mission)\b"
)
_CAST_LINE = re.compile(r"(?P<name>[^,\n]{3,60}),\s*(?P<side>[^\n]{3,160})")
#: The same inside a header line that says other things too: "Kyiv, 29 December.
#: Briefer: Oksana Hrytsenko, deputy spokesperson, Ministry of Foreign Affairs of Ukraine."
_CAST_INLINE = re.compile(
    r"\b(?:Briefer|Speaker|Guest|Moderator):\s*(?P<name>[^,.:\n]{3,60}),"
    r"\s*(?P<side>[^\n]{3,160}?)(?=\.\s|\.?$)",
    re.M,
)
#: Labels of a turn that are the interviewer's, not a party's.
ASKER = frozenset({"q", "question", "interviewer", "host", "moderator", "reporter", "journalist"})
CAPTION = re.compile(
    r"(?:Photo|Caption|Image|Picture|Pictured|Video|Watch)\s*:|\[(?:Photo|Image)", re.I
)
CREDIT = re.compile(
    r"\((?:Photo|Image|Picture)[^()\n]{0,80}\)|(?:Photo|Image)(?: credit)?\s*:\s*[^\n]*?"
    r"(?:/|via )\s*[A-Z][^\n]*$",
    re.I,
)
BULLET = re.compile(r"(?:[-*•–—·]|\d{1,2}[.)])\s+")
#: Header keys that introduce a plain-text article (see accord.ingest.read) are not turns.
_NOT_TURN = frozenset(
    {
        "note",
        "update",
        "editor's note",
        "correction",
        "warning",
        "source",
        "live",
        "photo",
        "caption",
        "image",
        "picture",
        "video",
        "watch",
        "explained",
        "transcript",
        "standfirst",
        "summary",
        "analysis",
        "opinion",
        "read more",
        "related",
    }
)
_END = ".!?:;\"”’)'…,"
#: An outlet's name and a date on one line: "Bulkhead Weekly - Friday, January 19, 2029".
_OUTLET_DATE = re.compile(
    rf"(?P<name>[A-Z][^,|\n]{{2,60}}?)\s*(?:,|-|–|—|\|)\s*(?P<date>(?:\w+day,? )?{DATE_TEXT})"
)
#: A programme's title under a label: `Transcript: "Port Vila: who pays, and how much?"`.
LABELLED_TITLE = re.compile(r"[A-Z][\w ]{0,24}:\s*[\"“](?P<title>[^\"“”\n]{3,200})[\"”]")
#: Fields set apart by a bar, as section lines write them: "Analysis | Europe".
SECTION = re.compile(r"\S\s+[|]\s+\S")
#: A section's name set in capitals above a headline: "THE SATURDAY FEATURE".
_KICKER = re.compile(
    r"\b(?:FEATURES?|ANALYSIS|EXPLAINER|OPINION|COMMENT|INTERVIEW|LONG READ|DISPATCH|"
    r"ESSAY|REPORT|BRIEFING|LIVE)\s*$"
)


@dataclass
class Layout:
    """What the rules found, as character offsets into the article's text."""

    #: (start, end, kind) of metadata blanked from the parsed text
    masked: list[tuple[int, int, str]] = field(default_factory=list)
    #: offsets where a sentence must start
    breaks: list[int] = field(default_factory=list)
    #: (start, end) of headings: no quotation runs across one
    headings: list[tuple[int, int]] = field(default_factory=list)
    #: (start, end, label, label_end) of transcript turns
    turns: list[tuple[int, int, str, int]] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    dateline: str | None = None  # the date as the dateline wrote it
    place: str | None = None
    #: a date with its year in the lines above the first paragraph (title, byline, ...)
    top_date: str | None = None
    #: transcript speaker -> whom the label's brackets say they speak for
    affiliation: dict[str, str] = field(default_factory=dict)

    def parse_text(self, text: str) -> str:
        """``text`` with metadata replaced by spaces (newlines kept): what the parser reads."""
        if not self.masked:
            return text
        chars = list(text)
        for s, e, _ in self.masked:
            for i in range(s, e):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


def _lines(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _is_heading(line: str, blank_before: bool, blank_after: bool) -> bool:
    """A line of its own that reads as a heading: ``# ...``, or short, unpunctuated and
    set off by blank lines (articles here are not hard-wrapped, so prose lines are long)."""
    s = line.strip()
    if s.startswith("#"):
        return True
    if not s or not (blank_before and blank_after) or BULLET.match(s):
        return False
    n = len(s.split())
    if s.endswith("?") and n <= 12 and s[:1].isupper():
        return True  # an explainer's question heading: "What is being negotiated?"
    return 1 <= n <= 14 and s[-1] not in _END and s[:1].isupper()


def _top_lines(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """The lines above the first paragraph of prose: masthead, title, standfirst, byline,
    date. At most six, each of at most 20 words; a dateline or a turn ends them."""
    out: set[int] = set()
    for k, (s, e) in enumerate(lines):
        body = text[s:e].strip()
        if not body:
            continue
        # a headline under the masthead may run longer, if it is no sentence
        headline = len(out) == 1 and not body.endswith(".") and len(body.split()) <= 30
        if (len(body.split()) > 20 and not headline) or len(out) >= 6:
            break
        # A dateline leads into prose; a line in capitals ending in a dash and a word or two
        # ("EASTERN DESK - LIVE") is a masthead, not a dateline.
        if (m := DATELINE.match(body)) and len(body[m.end() :].split()) > 3:
            break
        # a closing quotation mark ends a sentence only after its stop (`... it said."`); a
        # headline may end on a quoted phrase (`Jakarta warns of "answer in kind"`)
        stop = body.rstrip('"”')[-1:] in {".", "!", "?"} if body[-1] in '"”' else body[-1] in ".!"
        sentence = stop and len(body.split()) >= 8 and not LABELLED_TITLE.fullmatch(body)
        aired = _RECORDED.match(body) and DATED.search(body)  # "Broadcast Monday 4 ... desk."
        # "Verbatim record. Edited only for hesitations.": how a transcript was made
        noted = _EDITED.match(body)
        if (
            sentence
            and not DATED.match(body)
            and not BYLINE.fullmatch(body)
            and not aired
            and not noted
        ):
            # a paragraph of prose, if a short one; but a line right above the byline is
            # the headline, however it is punctuated ("Jakarta blinks on nickel. Neither
            # blinks on steel." over "By Hendrik Vos | 26 January 2026")
            # ... or two lines above it, with a standfirst between ("Palu showed that both
            # sides can count. Now they have to move." over "Our trade columnist argues ..."
            # over "By Dewi Anggraini")
            below = [text[a:b].strip() for a, b in lines[k + 1 :] if text[a:b].strip()][:2]
            if not any(BYLINE.fullmatch(line) for line in below):
                break
        # A "Label: text" line right under a line of the block ("BRIEFING ROOM RECORD" then
        # "Federal Mediation Service: press availability on ...") is its headline; a turn
        # starts the transcript's first paragraph.
        under = k > 0 and (k - 1) in out
        # A headline in capitals may hold a colon ("PEACE TALKS LIVE: ENVOYS MEET PUTIN").
        # So may the first line, with no stop at its end ("BERLIN TALKS LIVE: Kyiv offers
        # to shelve NATO bid as ..."): a turn's words end as sentences do.
        first = not out and not body.endswith((".", "?", "!", '"', "”"))
        if TURN.match(body) and _turn_ok(text, s, e) and not (under or first or body.isupper()):
            break
        out.add(k)
    return out


#: The last word of many a publication's name.
_PRESS = words(
    "review magazine daily courier times post herald journal gazette ledger record press "
    "agency news wire tribune observer weekly monthly quarterly radio desk primer pages "
    "guide chronicle dispatch bulletin digest standard telegraph monitor register "
    "sentinel examiner mail mirror star globe today live"
)


def publication(field: str) -> str | None:
    """A section line's first field when it names a publication: every word capitalised
    (bar "of", "and", "the") and the name opening on "The" or ending on a word such as
    "Review" or "Magazine" ("The Brackenford Courier", "Strait Pages Magazine"); not a
    section ("Live coverage", "Middle East", "Analysis")."""
    names = field.split()
    if not 2 <= len(names) <= 6 or DATED.search(field):
        return None
    if not all(w[:1].isupper() or w in {"of", "and", "the", "on"} for w in names):
        return None
    return field if names[0] == "The" or names[-1].lower() in _PRESS else None


def _masthead(body: str) -> str | None:
    """ "THE PLAIN GUIDE", "SALTMARSH WEEKLY | Features", "GRANARY WEEKLY — THE LONG READ":
    the outlet's name in capitals, before any label set apart by a bar or a dash. Not a
    headline in capitals ("THE LAST SHIFT BEFORE THE MACHINES": more than four words), nor
    a section and a headline ("ANALYSIS | Nickel for palm oil: what Brussels ...")."""
    parts = re.split(r"\s+[|]\s+|\s+[-–—]\s+", body)
    name = parts[0].strip()
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters) or len(name.split()) > 4:
        return None
    if any(len(p.split()) >= 5 and not p.isupper() for p in parts[1:]):
        return None
    # Written in capitals for the masthead; the outlet's name is not ("The Plain Guide").
    name = re.sub(r"\s+(?:LIVE|LIVEBLOG|ONLINE)$", "", name)
    return name.title() if len(name) > 4 else name


def layout(text: str) -> Layout:
    """The structure of a plain-text article (see the module's description)."""
    out = Layout()
    lines = _lines(text)
    blank = [not text[s:e].strip() for s, e in lines]
    first_prose = True
    in_turns = sum(1 for s, e in lines if TURN.match(text, s) and _turn_ok(text, s, e)) >= 2
    top = _top_lines(text, lines)
    # an outlet named with its date below ("The Saltbridge Review, 30 December 2025") makes
    # a line in capitals above it a headline ("THE OTHER TEN PERCENT"), not the masthead
    dated_outlet = next(
        (
            name.lower()
            for s, e in lines[:12]
            if (m := _OUTLET_DATE.fullmatch(text[s:e].strip())) and (name := publication(m["name"]))
        ),
        None,
    )
    roles: dict[str, str] = {}
    turn_line = -1  # the last line of the last turn
    for k, (s, e) in enumerate(lines):
        line = text[s:e]
        body = line.strip()
        if not body:
            continue
        lead = s + len(line) - len(line.lstrip())
        before = k == 0 or blank[k - 1]
        after = k + 1 >= len(lines) or blank[k + 1]
        if k in top and out.top_date is None and (d := DATED.search(body)):
            out.top_date = _first_day(body, d)
        if k < 12 and (m := _OUTLET_DATE.fullmatch(body)) and (name := publication(m["name"])):
            # "Bulkhead Weekly - Friday, January 19, 2029", "Sluicegate Magazine, 30
            # December 2025": the outlet and the date, both metadata
            out.masked.append((lead, e, "masthead"))
            out.outlet = out.outlet or name
            out.top_date = out.top_date or m["date"]
            continue
        if m := BYLINE.fullmatch(body):
            out.masked.append((lead, e, "byline"))
            if m.group("who") and out.byline is None:
                # "Nia Corbett, 20 November 2025": the date is the article's, not a name
                who = re.sub(rf",?\s*{DATED.pattern}.*$", "", m.group("who"))
                # "By Marguerite Osei | The Pierhead Quarterly | 29 July 2028": the name,
                # then the outlet among the fields set apart by bars
                writer, *fields = [f.strip() for f in who.split("|")]
                out.byline = re.sub(r"[\s.,]+$", "", writer)  # "Hendrik Vos | 26 Jan"
                outlets = [p for f in fields if (p := publication(f))]
                out.outlet = out.outlet or (outlets[0] if outlets else None)
            continue
        if (
            first_prose
            and (m := DATELINE.fullmatch(body.rstrip() + " "))
            and (m.group("date") or m.group("outlet"))
        ):
            # "BRUSSELS, Nov 15 (Cormorant News Agency) -" alone on its line, above a summary
            first_prose = False
            _take_dateline(out, m, lead, e)
            continue
        if in_turns and (cast_of := _cast_line(text, lines, k, lead, e, bool(out.turns))):
            # "Speaker: LOSALINE MAFI, spokesperson for the Alliance of Small Island States",
            # "Spokesperson: Dewi Kartika" under the ministry's line: a transcript's cast
            # list, whose roles say whom each later label speaks for
            _cast(out, *cast_of)
            out.masked.append((lead, e, "cast"))
            out.breaks.append(lead)
            continue
        if k in top:
            # Above the first paragraph: masthead, title, standfirst, a dated line. Each is
            # a sentence of its own; the masthead and a bare date line are metadata.
            name = _masthead(body) if k == min(top) else None
            if name is not None and dated_outlet not in {None, name.lower()}:
                if _KICKER.search(body):
                    # "THE SATURDAY FEATURE" over the headline: the section's name
                    out.masked.append((lead, e, "section"))
                    continue
                name = None  # "THE OTHER TEN PERCENT": the headline
            if name is not None:
                out.masked.append((lead, e, "masthead"))
                out.outlet = out.outlet or name
                continue
            # a bare date, or a programme's "Broadcast 14 June 2028"
            recorded = (
                _RECORDED.match(body)
                and DATED.search(body)
                and len(re.split(r"\.\s", body)[0].split()) <= 8
            )
            if _EDITED.match(body):
                out.masked.append((lead, e, "note"))  # "Verbatim record. Edited only for ..."
                continue
            if DATED.match(body) or re.match(r"(?:\w+day,? )?" + DATE_TEXT, body) or recorded:
                out.masked.append((lead, e, "date"))
                continue
            if SECTION.search(body) and all(len(p.split()) <= 5 for p in body.split("|")):
                # "Analysis | Climate | Friday 14 November 2025", "Full transcript |
                # Federal Mediation Service": a section line, labels set apart by bars;
                # headlines are written as phrases, not as fields.
                out.masked.append((lead, e, "section"))
                if out.outlet is None:
                    # "The Compass Rose Review | Explainers": the outlet's name in front
                    out.outlet = publication(body.split("|")[0].strip())
                continue
            out.headings.append((lead, e))
            out.breaks.append(lead)
            if k + 1 < len(lines):
                out.breaks.append(lines[k + 1][0])
            if out.title is None:
                labelled = LABELLED_TITLE.fullmatch(body)
                out.title = labelled.group("title") if labelled else body.lstrip("#").strip()
            continue
        if (m := TIMESTAMP.match(text, lead)) and m.end() > lead:
            out.masked.append((lead, m.end(), "timestamp"))
            out.breaks.append(lead)
            lead = m.end()
            if lead >= e:
                continue
            body = text[lead:e].strip()
            if not after and _entry_headline(body):
                # "09:10 - AU presses on the corridor" over the entry's text: a headline
                out.headings.append((lead, e))
                if k + 1 < len(lines):
                    out.breaks.append(lines[k + 1][0])
                continue
        if c := CREDIT.search(text, lead, e):
            out.masked.append((c.start(), c.end(), "credit"))
        if CAPTION.match(body):
            out.breaks.append(lead)
            if k + 1 < len(lines):
                out.breaks.append(lines[k + 1][0])
            continue
        if in_turns and not out.turns and (cast := _CAST_INLINE.search(text, lead, e)):
            _cast(out, cast.group("name"), cast.group("side"))  # the line is read on
        if in_turns and (m := TURN.match(text, lead)) and _turn_ok(text, lead, e):
            label = m.group("label")
            if label.lower() in ROLES:
                # "SPOKESPERSON (Lena Voss, European Commission)": the person in brackets
                named, _, side = (m.group("paren") or "").partition(",")
                if named.strip()[:1].isupper():
                    roles[label.lower()] = named.strip()
                    out.affiliation[named.strip()] = side.strip()
                    surname = named.split()[-1]
                    out.affiliation[surname] = side.strip()
                    roles[surname.upper()] = named.strip()
                label = roles.get(label.lower(), label)
            label = roles.get(label, label)  # "VOSS:" after "SPOKESPERSON (Lena Voss, ...)"
            out.turns.append((lead, e, label, m.end()))
            out.masked.append((lead, m.end(), "speaker label"))
            out.breaks.append(lead)
            turn_line = k
            continue
        if _is_heading(line, before, after):
            mark = len(body) - len(body.lstrip("#"))
            out.masked.append((lead, lead + mark, "heading")) if mark else None
            out.headings.append((lead, e))
            out.breaks.append(lead)
            if k + 1 < len(lines):
                out.breaks.append(lines[k + 1][0])
            if out.title is None and first_prose and k <= 6:
                out.title = body.lstrip("#").strip()
            continue
        if body.startswith(">"):
            out.masked.append((lead, lead + 1, "blockquote"))
            out.breaks.append(lead)
            continue
        if BULLET.match(body):
            out.breaks.append(lead)
            continue
        if out.turns and turn_line >= 0 and all(blank[turn_line + 1 : k]):
            # "DESHPANDE: Thank you. ..." and, in a paragraph of its own, "Three points.
            # First, ...": a turn runs on until the next label, heading or list
            start, _, label, label_end = out.turns[-1]
            out.turns[-1] = (start, e, label, label_end)
            turn_line = k
        if first_prose:
            first_prose = False
            m = DATELINE.match(text, lead)
            # A word in capitals and a dash alone is as likely a subject ("NATO - the
            # alliance said ..."): a dateline then needs a date, an outlet or a region.
            place_only = m is not None and m.group("place").isupper() and m.group("region")
            if m and (m.group("date") or m.group("outlet") or place_only):
                _take_dateline(out, m, lead, m.end())
        if before:
            out.breaks.append(lead)
    out.breaks = sorted(set(out.breaks))
    if out.top_date is None:
        out.top_date = _metadata_date(text, lines)
    return out


def _cast_line(
    text: str, lines: list[tuple[int, int]], k: int, lead: int, e: int, started: bool
) -> tuple[str, str] | None:
    """The name and side of a cast line ("Speaker: NAME, role"), or ``None``. A name with
    no role above the first turn ("Spokesperson: Dewi Kartika") takes the side of the
    header line above that names an institution; after the turns begin, only a line with
    a role is a cast line (a bare "Moderator: Welcome ..." is a turn)."""
    m = TURN.match(text, lead)
    if m is None or m.end() > e or m.group("label").lower() not in _CAST:
        return None
    if cast := _CAST_LINE.match(text, m.end(), e):
        return cast.group("name"), cast.group("side")
    rest = text[m.end() : e].strip()
    if started or not _NAME_ONLY.fullmatch(rest):
        return None
    above = [text[a:b] for a, b in lines[:k] if _INSTITUTION.search(text[a:b])]
    return rest, above[-1] if above else ""


def _cast(out: Layout, named: str, side: str) -> None:
    """Record whom a cast list's person speaks for, under each form a label may take."""
    named, side = named.strip(), side.strip()
    for key in {named, named.title(), named.split()[-1], named.split()[-1].title()}:
        out.affiliation[key] = side


def _first_day(body: str, d: re.Match[str]) -> str:
    """The date ``d`` found in ``body``, or the first day of a span of days it ends
    ("Causeway Live | 23-26 November 2025" opens on the 23rd)."""
    span = re.search(r"\b(\d{1,2})\s*[-–]\s*$", body[: d.start()])
    day = re.match(r"\d{1,2}", d.group(0))
    if span is None or day is None:
        return d.group(0)
    return span.group(1) + d.group(0)[day.end() :]


def _take_dateline(out: Layout, m: re.Match[str], lead: int, end: int) -> None:
    """Record a dateline (``m``, a :data:`DATELINE` match) between offsets ``lead`` and
    ``end`` of the text as metadata."""
    out.masked.append((lead, end, "dateline"))
    out.dateline, out.place = m.group("date"), m.group("place")
    out.outlet = m.group("outlet") or out.outlet


#: How a line of metadata opens: "Transcript, recorded 13 March 2026 in Apia."
_RECORDED = re.compile(
    r"(?:Transcript|Recorded|Interview|Published|Updated|Posted|Broadcast|Aired)\b", re.I
)


#: A transcript's note on how it was made, above its first turn.
_EDITED = re.compile(
    r"(?:Verbatim (?:record|transcript)|(?:Lightly )?edited (?:only )?for)\b", re.I
)


def _metadata_date(text: str, lines: list[tuple[int, int]]) -> str | None:
    """The date of a metadata line near the top that the block above the first paragraph
    did not hold, as when a long standfirst comes first: a byline with a date ("By Priya
    Santoso, 13 December 2025"), a date and a byline set apart by a bar ("12 February 2026 |
    By Oren Castellanos"), a masthead with a date ("The Ridgeway Courier, Saturday 27
    December 2025"), a transcript's note ("Transcript, recorded 13 March 2026"). Only in
    the first ten lines, and only a date with its year."""
    bodies = [text[s:e].strip() for s, e in lines if text[s:e].strip()][:10]
    for body in bodies:
        d = DATED.search(body)
        if d is None:
            continue
        if BYLINE.fullmatch(body) or "|" in body or _RECORDED.match(body):
            return d.group(0)
        if _PLACED_DATE.match(body):
            return d.group(0)  # a briefing's header: "Kyiv, Monday 29 December 2025. ..."
        sentence = body.rstrip().endswith((".", '"', "”"))
        opens_on_it = re.match(rf"(?:\w+day\b|\d{{1,2}}\b|{_MONTHS})", body) is not None
        if len(body.split()) <= 16 and (not sentence or opens_on_it):
            # a short line that is no sentence, or opens on its date: a masthead's date, a
            # live blog's "Saturday 22 - Sunday 23 November 2025. Newest entries first."
            return d.group(0)
    return None


def _entry_headline(body: str) -> bool:
    """A live-blog entry's headline after its time: a few words, no sentence's stop, no
    quotation (`"We have moved," the minister said` is the entry itself)."""
    if WHO_SAYS.fullmatch(body):
        return True  # 'Smelter owners: "We can wait"', 'Analyst: "The Senate is the test"'
    return (
        0 < len(body.split()) <= 12
        and body[-1] not in '.!?"”:'
        and not any(q in body for q in '"“”')
    )


#: An entry's headline giving who said what: 'Analyst: "The Senate is the real test"'.
WHO_SAYS = re.compile(r"(?P<label>[A-Z][\w .'’-]{1,40}):\s*[\"“](?P<words>[^\"“”\n]{1,80})[\"”]")


def _turn_ok(text: str, s: int, e: int) -> bool:
    m = TURN.match(text, s)
    if m is None or m.end() > e:
        return False
    label = m.group("label").lower()
    rest = [c for c in text[m.end() : e] if c.isalpha()]
    if m.group("label").isupper() and len(rest) >= 4 and all(c.isupper() for c in rest):
        return False  # "AFTER MAKASSAR: A QUOTA, AND STRINGS ATTACHED": a headline
    if label.endswith(" note"):
        return False  # "Cendana note: the spokesperson's tone was ...": the outlet's aside
    return label not in _NOT_TURN and len(m.group("label")) <= 40


def is_asker(label: str) -> bool:
    return label.strip().lower() in ASKER


#: A date written with its year: "12 September 2025", "December 2, 2025".
DATED = re.compile(
    rf"(?:\w+day,? )?(?:(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\.?,? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
#: A place and its date opening a line of facts: "Kyiv, Monday 29 December 2025. Briefer:".
_PLACED_DATE = re.compile(
    rf"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){{0,2}},\s*(?:\w+day,?\s*)?(?:{DATED.pattern})\.\s"
)
#: A line that is a date with its year and nothing else, in any case: a live blog's day
#: header ("Tuesday 2 December 2025", "TUESDAY 2 DECEMBER 2025").
DATE_LINE = re.compile(rf"^[ \t]*({DATED.pattern})[ \t.]*$", re.M | re.I)
