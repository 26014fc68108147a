"""How far two people annotating the same articles agree, scored as the extractor is scored.

A second annotation of an article (``NAME.second.yaml``, the format of ``*.expected.yaml``)
is read as if it were the extractor's output and matched against the first annotation
(``NAME.expected.yaml``) by the rules of :mod:`accord.ingest.evaluate`: the same type,
overlapping spans, the same party; holder, reporter, polarity, target and participants
scored on the items paired. Each of its items is given the span of the sentence(s) that
hold its text, because the extractor's items carry their sentence's span: a human whose
span is another clause of the same sentence is then not counted wrong where the extractor
would be counted right (``spans="text"`` scores the annotated words alone, stricter).

What this measures: the precision and recall a careful human reaches against the reference
annotation, written apart from it under the same guidelines. Where two people disagree on
what counts as an item, who holds it or which way it points, no extractor can be right
against both: these figures bound what a score against one annotator can show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

from accord.ingest.evaluate import (
    SCORED,
    Attribution,
    Case,
    Score,
    attribute,
    attribution_table,
    count,
    load_case,
    match,
    score_metadata,
    table,
)
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.io.located import parse_yaml

Spans = Literal["sentence", "text"]


@dataclass
class Agreement:
    """The second annotation's scores against the first, over the articles both cover."""

    scores: dict[str, Score]
    attribution: Attribution
    #: the articles compared, by name
    articles: list[str] = field(default_factory=list)
    #: (article, type, text) of each item only the first annotation has / only the second
    only_first: list[tuple[str, str, str]] = field(default_factory=list)
    only_second: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def total(self) -> Score:
        return Score(
            sum(s.found for s in self.scores.values()),
            sum(s.expected for s in self.scores.values()),
            sum(s.matched_found for s in self.scores.values()),
            sum(s.matched_expected for s in self.scores.values()),
        )


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as the extractor splits them (its pipeline, its line
    breaks), as (start, end) offsets."""
    from accord.ingest.nlp import load_nlp

    doc = load_nlp()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]


def _widen(start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    """From the first sentence the span touches to the last."""
    inside = [(s, e) for s, e in bounds if s < end and start < e]
    if not inside:
        return start, end
    return min(s for s, _ in inside), max(e for _, e in inside)


def as_found(case: Case, text: str, bounds: list[tuple[int, int]] | None = None) -> list[Evidence]:
    """``case``'s annotated items as found items: spans widened to ``bounds`` (sentences)
    when given, the annotated words as the item's text."""
    out = []
    for e in case.expected:
        if e.start < 0:  # words the article's reader dropped: nothing to compare them with
            continue
        start, end = _widen(e.start, e.end, bounds) if bounds else (e.start, e.end)
        ev = item(
            text,
            e.type,
            start,
            end,
            text=text[e.start : e.end],
            confidence=1.0,
            actor=e.actor,
            speaker=e.speaker,
            date=e.date if e.type is EvidenceType.event else None,
            reporter=e.reporter,
            polarity=e.polarity,
            target=e.target,
            participants=list(e.participants or []),
        )
        out.append(ev)
    return out


def _article_text(case: Case) -> str:
    from accord.ingest.read import parse_article

    parsed = parse_article(case.article.read_bytes(), str(case.article))
    return str(getattr(parsed, "text", ""))


def compare(first: Case, second: Case, text: str, spans: Spans, into: Agreement) -> None:
    """Add one article's comparison (``second`` read as found, ``first`` as expected)."""
    bounds = sentence_bounds(text) if spans == "sentence" else None
    found = as_found(second, text, bounds)
    used_f, used_e = match(found, first.expected)
    attribute(found, first.expected, into.attribution, first.name, text)
    count(into.scores, found, first.expected, used_f, used_e)
    for j, e in enumerate(first.expected):
        if j not in used_e:
            into.only_first.append((first.name, e.type.value, text[e.start : e.end]))
    for i, f in enumerate(found):
        if i not in used_f:
            into.only_second.append((first.name, f.type.value, f.text))
    # the article's date, outlet and title, as the second annotation gives them
    meta = second.meta
    article = SimpleNamespace(
        date=meta.get("published"), publisher=meta.get("outlet"), title=meta.get("title")
    )
    score_metadata(first.meta, article, into.attribution)
    into.articles.append(first.name)


def agreement(reference: Path, second: Path, *, spans: Spans = "sentence") -> Agreement:
    """The second annotations in folder ``second`` (``NAME.second.yaml``) against the
    reference annotations ``NAME.expected.yaml`` in folder ``reference``.

    Raises ValueError naming the file when a second annotation has no reference, or the
    two name different articles."""
    if spans not in ("sentence", "text"):
        raise ValueError(f"spans must be 'sentence' or 'text', got {spans!r}")
    out = Agreement({t.value: Score() for t in SCORED}, Attribution())
    paths = sorted(second.glob("*.second.yaml"))
    if not paths:
        raise ValueError(f"{second}: no second annotations (files named NAME.second.yaml)")
    for path in paths:
        name = path.name.removesuffix(".second.yaml")
        ref = reference / f"{name}.expected.yaml"
        if not ref.exists():
            raise ValueError(f"{path}: no reference annotation {ref} to compare with")
        first = load_case(ref)
        first.name = name
        data, _ = parse_yaml(path.read_bytes())
        named = path.parent / str(data.get("article") if isinstance(data, dict) else None)
        if named.resolve() != first.article.resolve():
            raise ValueError(f"{path}: names article {named}, but {ref} names {first.article}")
        try:
            other = load_case(path)
        except KeyError as missing:
            raise ValueError(f"{path}: every item needs the key {missing}") from None
        compare(first, other, _article_text(first), spans, out)
    return out


def report(result: Agreement) -> dict[str, Any]:
    """The figures as data: per type and overall precision/recall, holder accuracy,
    polarity agreement and reversals."""
    a = result.attribution
    return {
        "articles": len(result.articles),
        "types": {
            k: {
                "first": s.expected,
                "second": s.found,
                "precision": s.precision,
                "recall": s.recall,
            }
            for k, s in result.scores.items()
        },
        "all": {"precision": result.total.precision, "recall": result.total.recall},
        "holder": a.holder.accuracy,
        "polarity": a.polarity.accuracy,
        "reversals": len(a.reversals),
    }


def main() -> None:  # pragma: no cover - run as a script
    import sys

    args = [x for x in sys.argv[1:] if not x.startswith("-")]
    if len(args) != 2:
        raise SystemExit(
            "usage: python -m accord.ingest.agreement REFERENCE_FOLDER SECOND_FOLDER "
            "[--spans=text] [-v]"
        )
    spans: Spans = "text" if "--spans=text" in sys.argv else "sentence"
    result = agreement(Path(args[0]), Path(args[1]), spans=spans)
    print(f"{len(result.articles)} articles, spans: {spans}")
    if "-v" in sys.argv:
        for name, kind, text in result.only_first:
            print(f"{name:28} first  {kind:7} {text}")
        for name, kind, text in result.only_second:
            print(f"{name:28} second {kind:7} {text}")
        for name, text in result.attribution.reversals:
            print(f"{name:28} REVERSED {text}")
    print(table(result.scores))
    print()
    print(attribution_table(result.attribution))


if __name__ == "__main__":  # pragma: no cover
    main()
