"""Precision and recall against the hand-annotated news corpus, held at the levels reached.

``tests/data/news`` (12 articles) was annotated before the extractors first ran on it and
then used to develop them; ``tests/data/news-heldout`` (3 articles) was annotated before
its first run and only two word-form/condition bugs were fixed after. The levels are those
printed in docs/ingest.md; a drop of more than ``MARGIN`` fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.evaluate import Score, evaluate, load_case, match, table
from accord.ingest.evidence import Evidence, EvidenceType

DATA = Path(__file__).parent / "data"
MARGIN = 0.05
#: type -> (precision, recall) reached
DEVELOPMENT = {
    "quote": (0.88, 0.96),
    "demand": (0.86, 0.84),
    "claim": (0.91, 0.71),
    "denial": (0.85, 0.85),
    "threat": (0.88, 0.92),
    "event": (0.91, 0.88),
}
HELD_OUT = {
    "quote": (0.88, 0.88),
    "demand": (0.82, 0.64),
    "claim": (0.50, 0.20),
    "denial": (1.00, 1.00),
    "threat": (0.75, 0.50),
    "event": (0.67, 0.67),
}


@pytest.mark.parametrize(("folder", "levels"), [("news", DEVELOPMENT), ("news-heldout", HELD_OUT)])
def test_levels_hold(folder: str, levels: dict[str, tuple[float, float]]):
    scores, _ = evaluate(DATA / folder)
    print(table(scores))
    for kind, (p, r) in levels.items():
        s = scores[kind]
        assert s.precision >= p - MARGIN, f"{folder} {kind} precision {s.precision:.2f} < {p}"
        assert s.recall >= r - MARGIN, f"{folder} {kind} recall {s.recall:.2f} < {r}"


def test_demands_and_quote_speakers_reach_the_aim():
    scores, _ = evaluate(DATA / "news")
    assert scores["demand"].recall >= 0.8 and scores["quote"].recall >= 0.8


def test_corpus_is_large_enough_and_annotations_locate():
    cases = [load_case(p) for p in sorted((DATA / "news").glob("*.expected.yaml"))]
    assert len(cases) >= 12
    topics = {c.scenario.id for c in cases}
    assert len(topics) >= 5  # Ukraine, trade, labour, climate, a ceasefire elsewhere
    for c in cases:
        words = len(c.article.read_text().split())
        assert 200 <= words <= 500, (c.name, words)
        assert {e.type for e in c.expected} >= {EvidenceType.quote}


def _ev(kind: str, start: int, end: int, actor: str | None) -> Evidence:
    return Evidence(
        id="e",
        type=EvidenceType(kind),
        article="a",
        start=start,
        end=end,
        sentence="x",
        text="x",
        confidence=1.0,
        actor=actor,
    )


def test_matching_rule_needs_type_party_and_overlap():
    from accord.ingest.evaluate import Expected

    exp = [Expected(EvidenceType.quote, 10, 20, "russia", None, None)]
    assert match([_ev("quote", 0, 15, "russia")], exp) == ({0}, {0})
    assert match([_ev("quote", 0, 15, "ukraine")], exp) == (set(), set())
    assert match([_ev("demand", 0, 15, "russia")], exp) == (set(), set())
    assert match([_ev("quote", 20, 30, "russia")], exp) == (set(), set())
    assert Score(found=0, expected=0).precision == 1.0
