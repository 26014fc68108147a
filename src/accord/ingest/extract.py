"""The whole pass: parse articles in batches, run every extractor, refine their items with
the learned sentence detector (:mod:`accord.ingest.learned`), number the records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from accord.ingest.claims import claims
from accord.ingest.demands import demands
from accord.ingest.events import events
from accord.ingest.evidence import Article, Evidence, EvidenceFile, EvidenceType, Skipped, item
from accord.ingest.layout import Layout
from accord.ingest.learned import refine, shipped
from accord.ingest.mentions import build_lexicon, mention_items, read_doc
from accord.ingest.nlp import load_nlp
from accord.ingest.quotes import statements
from accord.ingest.read import ArticleText
from accord.ingest.suggest import suggest
from accord.ingest.threats import threats
from accord.model import Scenario

#: Texts shorter than this many tokens (about 150 words) are read by the rules alone: the
#: learned detector was trained on articles of 200-900 words.
MIN_TOKENS = 180


def extract_doc(
    doc: Any,
    lexicon: Any,
    article_date: dt.date | None,
    shape: Layout | None = None,
    *,
    learned: bool = True,
) -> list[Evidence]:
    """Every evidence record in one parsed article, in text order (ids not yet given): the
    rules' items, then the shipped learned detector's additions and drops
    (:func:`accord.ingest.learned.refine`) on texts of at least ``MIN_TOKENS`` tokens.
    ``learned=False``: the rules' items alone, as the evaluation's baseline and the
    detector's training read them."""
    info = read_doc(doc, lexicon, shape)
    stmts = statements(info)
    found = rule_items(info, stmts, article_date)
    # The detector learnt from articles of 200-900 words; on a sentence or two it misfires
    # (docs/ingest.md, "Short texts"), so shorter texts keep the rules' items alone.
    long_enough = len(doc) >= MIN_TOKENS
    return refine(info, stmts, found, shipped()) if learned and long_enough else found


def rule_items(info: Any, stmts: list[Any], article_date: dt.date | None) -> list[Evidence]:
    """What the rules find in one read article, in text order: apart from
    :func:`extract_doc` so that a learned detector (:mod:`accord.ingest.training`) reads the
    article in the very state the rules left it."""
    quotes = [
        item(
            info.text,
            EvidenceType.quote,
            st.start,
            st.end,
            text=st.content or st.sent.text,
            confidence=st.confidence,
            actor=st.speaker.actor,
            speaker=st.speaker.name,
            actors=info.actors_in(st.sent.start, st.sent.end),
            issues=info.issues_in(st.sent.start, st.sent.end),
            kind="direct" if st.direct else "reported",
            reporter=st.reporter,
        )
        for st in stmts
        # a list's lead-in ("she said the NLF wants:") is no item: its bullets are
        if not st.turn and not st.sent.text.rstrip().endswith(":")
    ]
    found = [
        *mention_items(info),
        *quotes,
        *demands(info, stmts),
        *claims(info, stmts),
        *threats(info, stmts),
        *events(info, article_date),
    ]
    found.sort(key=lambda e: (e.start, list(EvidenceType).index(e.type)))
    return found


def article_date(
    art: ArticleText, given: dt.date | None, scenario: Scenario | None = None
) -> tuple[dt.date | None, str | None]:
    """The header's or page's date first (it is the article's own), then ``--date``, then
    the dateline's or the text's (read by rule, so the least sure). A dateline without a
    year, in an article that names none, takes the year that puts it nearest the
    scenario's ``as_of`` date (an assumption, said in ``date_from``)."""
    if art.date is not None and art.date_from in {"header", "metadata", None}:
        return art.date, art.date_from or "header"
    if given is not None:
        return given, "option"
    if art.date is None and art.layout.dateline and scenario is not None and scenario.as_of:
        from accord.ingest.events import parse_date

        day = parse_date(art.layout.dateline, scenario.as_of)
        if day is not None:
            return day, "dateline, year nearest the scenario's as_of"
    return art.date, art.date_from


def article_id(path: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip("-")
    base = (stem or "article")[:48]
    aid, n = base, 2
    while aid in taken:
        aid, n = f"{base}-{n}", n + 1
    taken.add(aid)
    return aid


#: Per worker process: the pipeline and the scenario's lexicon, built once.
_WORKER: dict[str, Any] = {}


def _init_worker(scenario: Scenario | None, learned: bool = True) -> None:
    nlp = load_nlp()
    _WORKER["nlp"], _WORKER["lexicon"] = nlp, build_lexicon(nlp, scenario)
    _WORKER["learned"] = learned
    if learned:
        shipped()  # read here, once per process, so a bad file stops the run before parsing


#: One article to extract from: its text, its date, and its layout.
Job = tuple[str, dt.date | None, Layout]


def unparsed(nlp: Any, text: str, shape: Layout) -> Any:
    """The document the parser reads for one article (``nlp.pipe`` parses it): the text
    with metadata blanked (same length, so offsets hold) and a sentence starting at every
    break the layout found."""
    doc = nlp.make_doc(shape.parse_text(text))
    doc.user_data["accord_breaks"] = shape.breaks
    return doc


def _extract_batch(batch: list[Job]) -> list[list[Evidence]]:
    nlp, lexicon = _WORKER["nlp"], _WORKER["lexicon"]
    made = [unparsed(nlp, text, shape) for text, _, shape in batch]
    docs = nlp.pipe(made, batch_size=len(batch))
    learned = _WORKER["learned"]
    return [
        extract_doc(doc, lexicon, job[1], job[2], learned=learned)
        for doc, job in zip(docs, batch, strict=True)
    ]


def extract_all(
    items: list[Job],
    scenario: Scenario | None,
    n_process: int = 1,
    batch_size: int = 16,
    *,
    learned: bool = True,
) -> Iterator[list[Evidence]]:
    """Evidence per article, in order. With ``n_process`` > 1 each worker parses *and*
    extracts its batch: only the small records travel back, never the parsed documents,
    and extraction runs in parallel too (spaCy's own ``n_process`` does only the parse).
    ``learned``: as :func:`extract_doc`."""
    batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    if learned:
        # read in this process before the workers fork, so they inherit it; a missing or
        # corrupt file is said once, here, rather than in every worker
        shipped()
    if n_process <= 1 or len(batches) <= 1:
        _init_worker(scenario, learned)
        for batch in batches:
            yield from _extract_batch(batch)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one: the workers inherit the loaded modules and start at once.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(
        max_workers=n_process,
        mp_context=mp.get_context(method),
        initializer=_init_worker,
        initargs=(scenario, learned),
    ) as pool:
        for result in pool.map(_extract_batch, batches):
            yield from result


def ingest(
    articles: list[ArticleText],
    scenario: Scenario | None,
    skipped: list[Any] | None = None,
    date: dt.date | None = None,
    url: str | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    *,
    learned: bool = True,
) -> EvidenceFile:
    """Evidence and suggestions for ``articles``; ``date``/``url`` fill what headers lack.
    ``learned=False``: the rules' items alone, without the learned detector (for the
    evaluation's baseline and the detector's own training)."""
    taken: set[str] = set()
    result = EvidenceFile(
        scenario=scenario.id if scenario else None,
        skipped=[Skipped(path=s.path, reason=s.reason) for s in skipped or []],
    )
    records = [
        Article(
            id=article_id(art.path, taken),
            path=art.path,
            title=art.title,
            date=day,
            date_from=source,
            url=art.url or url,
            publisher=art.publisher,
            byline=art.byline,
            digest=art.digest,
            chars=len(art.text),
        )
        for art in articles
        for day, source in [article_date(art, date, scenario)]
    ]
    result.articles = records
    items: list[Job] = [
        (art.text, rec.date, art.layout) for art, rec in zip(articles, records, strict=True)
    ]
    counter = 0
    for rec, found in zip(
        records, extract_all(items, scenario, n_process, batch_size, learned=learned), strict=True
    ):
        for ev in found:
            counter += 1
            ev.id, ev.article = f"e{counter}", rec.id
            result.evidence.append(ev)
    if scenario is not None:
        result.suggestions = suggest(scenario, result)
    return result
