"""Precision and recall against the hand-annotated news corpus, held at the levels reached.

``tests/data/news`` (62 articles) develops the rules: 12 annotated before the extractors
first ran on them, 8 added later in other formats and first run before any rule was changed
for them, 15 that were held out, run blind once, and then joined the development set, 14 of
a second blind set (run blind once: all 0.65 / 0.53, holder 0.86, 10 reversals) and 13 of a
third (run blind once: all 0.63 / 0.55, holder 0.94, 8 reversals), each then used to write
rules. ``tests/data/news-heldout`` awaits the next blind set, annotated apart by someone who
never read the extractor. The levels are those printed in docs/ingest.md; a drop of more
than ``MARGIN`` fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.evaluate import Score, evaluate, evaluate_all, load_case, match, table
from accord.ingest.evidence import Evidence, EvidenceType

DATA = Path(__file__).parent / "data"
MARGIN = 0.05
#: type -> (precision, recall) reached on the 62 development articles
DEVELOPMENT = {
    "quote": (0.79, 0.83),
    "demand": (0.74, 0.64),
    "claim": (0.67, 0.54),
    "denial": (0.86, 0.69),
    "threat": (0.81, 0.74),
    "event": (0.70, 0.66),
}
#: holder right, given the item was found. The held-out folder's levels (and its case in
#: test_levels_hold) are set from the next blind set's one run, when it is there.
ATTRIBUTION = {"news": 0.95}
#: The polarity reversals left, each understood (docs/ingest.md): none may be added.
KNOWN_REVERSALS: set[tuple[str, str]] = {
    # Both from the second blind set's one run (now development articles), and both where
    # the annotation reads polarity against another thing than the documented convention
    # (docs/ingest.md, "After the second blind run"); the annotations are left as written.
    # The annotation reads "the removal of X" for the removal; the convention reads it
    # against X (as the development annotations do).
    ("trade-quota-wire", "the removal of the EU's anti-dumping duties on stainless steel;"),
    # "X is not up for negotiation" is for keeping X as it is in the development annotations
    # ("The export ban is not up for negotiation") and against X in this one.
    ("ukraine-maralago-liveblog", "hub was not up for negotiation"),
    # The third blind set's one run (docs/ingest.md, "The third blind set, run once"), now
    # development articles.
    (
        "climate-ministerial-liveblog",
        "no longer insists on deleting the fossil-fuel paragraph altogether",
    ),
    ("climate-payers-analysis", "He called the EU's language on contributors"),
    (
        "labour-gates-html",
        "would not sign any contract that let the operators automate the gates without a "
        "guarantee that covered every worker",
    ),
    ("labour-gates-html", "the operators would not reopen the automation terms"),
    (
        "labour-nightshift-briefing",
        "We want no automated cranes at the container terminals for the life of this contract",
    ),
    ("trade-dumping-wire", "the duties withdrawn before the February round"),
    ("trade-dumping-wire", "a tariff of no more than 5 per cent on Indonesian steel"),
    ("ukraine-spree-wire", "no Western or European troops should be deployed in Ukraine"),
}


@pytest.mark.parametrize(("folder", "levels"), [("news", DEVELOPMENT)])
def test_levels_hold(folder: str, levels: dict[str, tuple[float, float]]):
    full = evaluate_all(DATA / folder)
    scores = full.scores
    print(table(scores))
    for kind, (p, r) in levels.items():
        s = scores[kind]
        assert s.precision >= p - MARGIN, f"{folder} {kind} precision {s.precision:.2f} < {p}"
        assert s.recall >= r - MARGIN, f"{folder} {kind} recall {s.recall:.2f} < {r}"
    holder = full.attribution.holder.accuracy
    assert holder >= ATTRIBUTION[folder] - MARGIN, f"{folder} attribution {holder:.2f}"
    assert set(full.attribution.reversals) <= KNOWN_REVERSALS, full.attribution.reversals


def test_quote_speakers_and_all_items_reach_the_aim_on_development():
    # On the 62 development articles quotes reach the 0.8 recall aim (0.83); all types
    # together do not (recall 0.72, precision 0.76; aims 0.8 and 0.85: docs/ingest.md says
    # so), so those two are held at the level reached.
    scores, _ = evaluate(DATA / "news")
    assert scores["quote"].recall >= 0.8
    total = Score(
        sum(s.found for s in scores.values()),
        sum(s.expected for s in scores.values()),
        sum(s.matched_found for s in scores.values()),
        sum(s.matched_expected for s in scores.values()),
    )
    assert total.recall >= 0.72 - MARGIN
    assert total.precision >= 0.76 - MARGIN


def test_corpus_is_large_enough_and_annotations_locate():
    cases = [load_case(p) for p in sorted((DATA / "news").glob("*.expected.yaml"))]
    assert len(cases) >= 12
    topics = {c.scenario.id for c in cases}
    assert len(topics) >= 5  # Ukraine, trade, labour, climate, a ceasefire elsewhere
    for c in cases:
        words = len(c.article.read_text().split())
        assert 200 <= words <= 900, (c.name, words)  # news items, not reports
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
