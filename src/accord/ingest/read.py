"""Reading articles: plain text, HTML (main text by trafilatura) and folders of them.

Bad input never stops a batch: each file that cannot be used becomes a :class:`Skipped`
with a one-line reason (empty, too large, binary, not English, unreadable HTML).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.ingest.language import is_english, not_read
from accord.ingest.layout import DATE_LINE, DATE_TEXT, Layout, layout, publication

#: Articles larger than this are refused before they are read (a news article is ~10 kB).
MAX_BYTES = 2 * 1024 * 1024
#: Suffixes read when a folder is given; files named on the command line are read whatever
#: their suffix.
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Header lines a plain-text article may start with, up to the first blank line.
HEADER_KEYS = {
    "title",
    "date",
    "published",
    "url",
    "source",
    "publisher",
    "outlet",
    "by",
    "byline",
    "author",
}


@dataclass
class ArticleText:
    """One article's text, with what its header or HTML metadata said about it."""

    path: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    digest: str = ""
    notes: list[str] = field(default_factory=list)
    #: header (plain text) or metadata (HTML): where ``date`` came from
    date_from: str | None = None
    byline: str | None = None
    #: headings, datelines, bylines, lists, transcript turns... (accord.ingest.layout)
    layout: Layout = field(default_factory=Layout)


@dataclass
class Skipped:
    path: str
    reason: str


def expand(paths: list[str]) -> tuple[list[Path], list[Skipped]]:
    """The files named, with folders replaced by the articles in them (sorted, recursive)."""
    files: list[Path] = []
    missing: list[Skipped] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES
            )
            if not found:
                missing.append(Skipped(raw, "folder has no .txt, .md or .html files"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(Skipped(raw, "no such file or folder"))
    return files, missing


def read_articles(paths: list[str]) -> tuple[list[ArticleText], list[Skipped]]:
    """Every usable article under ``paths``, and a reason for each file skipped."""
    files, skipped = expand(paths)
    articles: list[ArticleText] = []
    for f in files:
        result = read_article(f)
        (articles if isinstance(result, ArticleText) else skipped).append(result)  # type: ignore[arg-type]
    return articles, skipped


def read_article(path: Path) -> ArticleText | Skipped:
    """One file as an article, or why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Skipped(
                str(path), f"too large ({size / 1e6:.1f} MB; limit {MAX_BYTES // 2**20} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
    return parse_article(data, str(path), html=path.suffix.lower() in HTML_SUFFIXES)


def parse_article(data: bytes, name: str, html: bool | None = None) -> ArticleText | Skipped:
    """Bytes as an article: decode, extract HTML's main text, read the header, check."""
    if not data.strip():
        return Skipped(name, "empty file")
    if len(data) > MAX_BYTES:
        return Skipped(name, f"too large (limit {MAX_BYTES // 2**20} MB)")
    text = _decode(data)
    if text is None:
        return Skipped(name, "binary file, not text or HTML")
    looks_html = bool(re.match(r"\s*(<!doctype html|<html|<head|<body|<article)", text, re.I))
    meta: dict[str, str] = {}
    if html or looks_html:
        extracted = _from_html(text)
        if extracted is None:
            return Skipped(name, "HTML page with no main text")
        text, meta = extracted
    else:
        text, meta = _header(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return Skipped(name, "empty file (a header but no text)")
    if not is_english(text):
        return Skipped(name, not_read(text))  # names the language it is in
    shape = layout(text)
    date = _date(meta.get("date") or meta.get("published"))
    date_from = ("metadata" if html or looks_html else "header") if date else None
    if date is None:
        date, date_from = text_date(text, shape.dateline, shape.top_date)
    return ArticleText(
        path=name,
        text=text,
        title=meta.get("title") or shape.title,
        date=date,
        url=meta.get("url"),
        publisher=meta.get("source") or meta.get("publisher") or meta.get("outlet") or shape.outlet,
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        date_from=date_from,
        byline=meta.get("by") or meta.get("byline") or meta.get("author") or shape.byline,
        layout=shape,
    )


def _decode(data: bytes) -> str | None:
    """UTF-8 (or its BOM), else Latin-1 if it looks like text; ``None`` for binary data."""
    head = data[:8192]
    if b"\x00" in head:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Control bytes other than tab/newline/CR are rare in any 8-bit text encoding.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if controls > len(head) * 0.02:
        return None
    return data.decode("cp1252", errors="replace")


def _header(text: str) -> tuple[str, dict[str, str]]:
    """``Title:``/``Date:``/``URL:`` lines at the top, up to a blank line, and the rest."""
    lines = text.lstrip("\ufeff").split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return "\n".join(lines[i + 1 :]), meta
            return text, {}
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in HEADER_KEYS:
            return text, {}
        meta[key.strip().lower()] = value.strip()
    return text, {}


def _from_html(page: str) -> tuple[str, dict[str, str]] | None:
    try:
        import trafilatura
    except ImportError:
        from accord.ingest.nlp import INSTALL_HINT, NlpMissing

        raise NlpMissing(INSTALL_HINT) from None
    # Markdown keeps trafilatura's structure as the plain-text rules read it: ``#``
    # headings, ``-`` list items, paragraphs apart. Scripts and styles are dropped by
    # trafilatura and never run: it parses the page, it does not render it.
    body = trafilatura.extract(
        page,
        output_format="markdown",
        include_formatting=True,
        include_comments=False,
        include_tables=False,
    )
    if not body or not body.strip():
        return None
    # Emphasis markers are not the article's words: an annotation quotes the words.
    body = _EMPHASIS.sub(r"\2", body)
    meta: dict[str, str] = {}
    info = trafilatura.extract_metadata(page)
    if info is not None:
        for key in ("title", "date", "url", "author"):
            value = getattr(info, key, None)
            if value:
                meta[key] = str(value)
        if getattr(info, "sitename", None):
            meta["publisher"] = str(info.sitename)
    # The headline and publication tag the page itself shows, before what its scripts
    # declare (a JSON-LD "headline" or "datePublished" may be stale or another article's;
    # nothing in a script is the article's).
    visible = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    if seen := _page_title(visible):
        meta["title"] = seen
    if tagged := _page_date(visible):
        meta["date"] = tagged
    if "publisher" not in meta and (site := _title_site(visible)):
        meta["publisher"] = site
    return body, meta


#: Meta tags that carry the publication date, in the order trusted.
_DATE_TAGS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
)


def _page_date(visible: str) -> str | None:
    """The content of the page's publication-date ``<meta>`` tag (``visible``: the page
    without its scripts and styles)."""
    found: dict[str, str] = {}
    for tag in re.findall(r"(?is)<meta\b[^>]*>", visible):
        key = re.search(r"""(?i)\b(?:property|name|itemprop)\s*=\s*["']([^"']+)["']""", tag)
        value = re.search(r"""(?i)\bcontent\s*=\s*["']([^"']+)["']""", tag)
        if key and value:
            found.setdefault(key.group(1).strip().lower(), value.group(1).strip())
    return next((found[k] for k in _DATE_TAGS if k in found), None)


def _tag_text(visible: str, tag: str) -> str:
    """The words of the page's first ``<tag>`` element, markup and entities resolved."""
    if m := re.search(rf"(?is)<{tag}\b[^>]*>(.*?)</{tag}>", visible):
        return " ".join(html.unescape(re.sub(r"(?s)<[^>]+>", " ", m.group(1))).split())
    return ""


def _page_title(visible: str) -> str | None:
    """The page's first ``<h1>``, else its ``<title>`` without the site's name after a bar
    or a dash (``visible``: the page without its scripts and styles)."""
    title = re.sub(r"\s+(?:\||–|—|-)\s+[^|–—]{1,60}$", "", _tag_text(visible, "title"))
    return _tag_text(visible, "h1") or title.strip() or None


def _title_site(visible: str) -> str | None:
    """The publication named after a bar in the page's ``<title>`` ("... | The Bollard
    Daily"), when it reads as one (see :func:`accord.ingest.layout.publication`)."""
    if tail := re.search(r"\s[|–—]\s+([^|–—]{2,60})$", _tag_text(visible, "title")):
        return publication(tail.group(1).strip())
    return None


_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        from accord.ingest.events import parse_date

        return parse_date(value)


#: "Published 3 December 2025", "Updated: Dec 3, 2025" near the top of the text.
_PUBLISHED = re.compile(
    rf"(?:Published|Updated|Posted|Dated?)\s*:?\s*(?:on\s+)?(?:\w+day,? )?(?P<date>{DATE_TEXT})",
    re.I,
)
_WEEKDAY = re.compile(r"^\w+day,? ", re.I)
#: A year the text names, not as the edge of a span ("since 2020", "from 2027", "by 2035",
#: "by the end of 2029"): those are a policy's start or end, seldom the year the article is
#: written in; nor as a party's own past ("restored to their 2024 level").
_YEAR = re.compile(
    r"(?<!\bsince )(?<!\bfrom )(?<!\buntil )(?<!\btill )(?<!\bby )(?<!\bbefore )"
    r"(?<!\bafter )(?<!\bthrough )(?<!\bto )(?<!\btheir )(?<!\bits )(?<!\bour )(?<!\bsince the )"
    r"(?<!\bend of )(?<!\bstart of )(?<!\bbeginning of )"
    # nor a past act's year ("the target developed countries first pledged in 2009")
    r"(?<!\bpledged in )(?<!\bsigned in )(?<!\bagreed in )(?<!\badopted in )"
    r"(?<!\bpromised in )(?<!\bset in )"
    # nor a past event's ("the war began in 2033", "broke out in 2014")
    r"(?<!\bbegan in )(?<!\bstarted in )(?<!\bbroke out in )\b(19[5-9]\d|20\d\d)\b"
    # nor as a treaty's or a law's name ("the 1992 climate convention", "the 2015 Paris
    # agreement"): a past act's year, not the article's ("the 2025 plan" still counts)
    r"(?! (?:[A-Za-z-]+ ){0,2}(?:convention|treaty|accords?|agreement|protocol|"
    r"constitution|charter|act|law|census)\b)",
    re.I,
)


#: The words before a year that make it a future review's: "with a review in 2030".
_REVIEW_IN = re.compile(r"\breview\b[^.;\n]{0,30}\bin\s*$", re.I)


def text_date(
    text: str, dateline: str | None, top: str | None = None
) -> tuple[dt.date | None, str | None]:
    """The article's date from its dateline or its text, and where it came from.

    A dateline without a year ("Dec 3") takes the year the text names most often (a year
    the article never names, or two years named equally often, is unknown, and then so is
    the date: a wire naming "2026" and "2027" once each as deadlines says nothing of its own
    year).
    """
    from accord.ingest.events import parse_date

    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        # "with a review in 2030", "a review of the goal in 2030": a future review's year
        if not _REVIEW_IN.search(text[max(0, m.start() - 40) : m.start()])
    ]
    counts = sorted((years.count(y) for y in set(years)), reverse=True)
    tied = len(counts) > 1 and counts[0] == counts[1]
    year = None if not years or tied else max(set(years), key=years.count)
    if dateline:
        day = parse_date(dateline)  # None without a year
        if day is None and year is not None:
            day = parse_date(f"{dateline} {year}")
        if day is not None:
            return day, "dateline"
    if top is not None and (day := parse_date(_WEEKDAY.sub("", top))) is not None:
        return day, "text"  # "By Nia Corbett, 20 November 2025", a liveblog's date line
    if m := _PUBLISHED.search(text[:1500]):
        written = m.group("date")
        day = parse_date(written)
        if day is None and year is not None:
            day = parse_date(f"{written} {year}")
        if day is not None:
            return day, "text"
    # A live blog puts its day on a line of its own under the standfirst ("Wednesday 19
    # November 2025", newest first): the first such line is the day of its latest entries.
    m = DATE_LINE.search(text[:1500])
    if m and (day := parse_date(_WEEKDAY.sub("", m.group(1)))) is not None:
        return day, "text"
    return None, None
