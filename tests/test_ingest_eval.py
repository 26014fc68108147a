"""Precision and recall against the hand-annotated news corpus, held at the levels reached.

``tests/data/news`` (338 articles) develops the rules: 12 annotated before the extractors
first ran on them, 8 added later in other formats, then twenty-six blind sets, each
written and annotated by writers who never read the extractor, run blind once and then used
to write rules (15, 14, 13 and twenty-three of 12 articles; their blind runs: all 0.73 / 0.62,
0.65 / 0.53, 0.63 / 0.55, 0.60 / 0.56, 0.70 / 0.68, 0.69 / 0.57, 0.75 / 0.63, 0.71 / 0.65,
0.72 / 0.61, 0.77 / 0.66, 0.75 / 0.62, 0.75 / 0.64, 0.72 / 0.62, 0.76 / 0.66, 0.74 / 0.60,
0.76 / 0.62, 0.78 / 0.68, 0.77 / 0.65, 0.81 / 0.68, 0.76 / 0.61, 0.78 / 0.60, 0.81 / 0.62,
0.73 / 0.58, 0.78 / 0.61, 0.75 / 0.57, 0.78 / 0.59).
``tests/data/news-heldout`` holds the twenty-seventh blind set, written by four writers; its
levels are those of its one blind run (all 0.81 / 0.65, holder 0.93, 9 reversals). The
levels are those printed in docs/ingest.md; a drop of more than ``MARGIN`` fails. They are
``accord ingest``'s, with the learned sentence detector on (all 0.82 / 0.71, holder 0.93);
it was trained on these 338 articles, so they flatter it (rules alone: 0.73 / 0.63, holder
0.95).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.evaluate import Score, evaluate, evaluate_all, load_case, match, table
from accord.ingest.evidence import Evidence, EvidenceType

DATA = Path(__file__).parent / "data"
MARGIN = 0.05
#: type -> (precision, recall) reached on the 338 development articles, the detector on
DEVELOPMENT = {
    "quote": (0.83, 0.84),
    "demand": (0.85, 0.68),
    "claim": (0.81, 0.49),
    "denial": (0.85, 0.70),
    "threat": (0.77, 0.71),
    "event": (0.68, 0.60),
}
#: the rules alone on the 338 development articles (the detector off): a rule that gets worse
#: must not hide behind the detector's in-sample figures above
DEVELOPMENT_RULES = {
    "quote": (0.70, 0.85),
    "demand": (0.78, 0.52),
    "claim": (0.63, 0.49),
    "denial": (0.81, 0.70),
    "threat": (0.72, 0.55),
    "event": (0.68, 0.60),
}
#: the twenty-seventh blind set's one run (12 articles, 508 items), as `accord ingest`
#: shipped at the time (the rules and the detector trained on the 338 development articles)
HELD_OUT = {
    "quote": (0.86, 0.89),
    "demand": (0.83, 0.59),
    "claim": (0.90, 0.47),
    "denial": (0.90, 0.53),
    "threat": (0.82, 0.55),
    "event": (0.59, 0.49),
}
#: holder right, given the item was found
ATTRIBUTION = {"news": 0.93, "news-heldout": 0.93}
#: The polarity reversals left, each understood (docs/ingest.md, "Reversals of meaning and
#: of labelling"): none may be added. On the development articles none reverses a meaning:
#: in each the annotation names the act where the rules name the thing (or the reverse),
#: and annotators split on it. The held-out set's nine are listed as found.
KNOWN_REVERSALS: set[tuple[str, str]] = {
    # "the removal of X", "an end to X": the rules read them against X (what the suggestion
    # rules need), most annotations too; these annotations read them for the removal.
    ("trade-quota-wire", "the removal of the EU's anti-dumping duties on stainless steel;"),
    ("labour-gantry-offer-html", "an end to the two-tier hiring system for casual workers"),
    ("labour-cranesandcheckers-wire", "an end to mandatory 12-hour night shifts"),
    ("trade-brussels-quota-html", "full removal of the ban within eight years"),
    (
        "trade-quotaclock-analysis",
        "the removal of all duties on Indonesian electric vehicles and stainless steel",
    ),
    # "a ban on X": the rules read it for the ban, this annotation against X
    ("labour-piernine-analysis", "a ban on any remote or automated crane at Pier 9"),
    # an offer to keep a thing as it is: for keeping it, read by this annotation as against
    # the other side's rise
    (
        "labour-gantry-offer-html",
        "The association has offered to keep pension contributions at their current level "
        "for the first two years and review them afterwards",
    ),
    # "X is not up for negotiation", "X is not for sale": for keeping X in the rules and in
    # four annotations, against negotiating or selling it in these three
    (
        "ukraine-twoopenpoints-wire",
        "insists that the core of Donetsk region is not up for negotiation",
    ),
    (
        "ukraine-twentypoints-christmas-liveblog",
        "the Kramatorsk-Kostiantynivka-Sloviansk hub is not up for negotiation",
    ),
    ("ceasefire-marulaweek-briefing-transcript", "the cabinet is not for sale"),
    # The sixteenth blind set's three of labelling, of the kinds above, now on the
    # development articles (its three of meaning are fixed)
    ("labour-quayroad-paper-sevenquestions-explainer", "an end to twelve-hour night shifts"),
    (
        "ceasefire-lomaribridge-blockquotes-captions-feature",
        "the removal of General Bako Ilunga from the northern command",
    ),
    (
        "labour-breakfastoffer-pullquote-html",
        "also keeps employer pension contributions frozen at their 2029 level",
    ),
    # The eighteenth blind set's two of labelling, of the kinds above (for zero, or against
    # the tariff), now on the development articles (its six of meaning are fixed)
    ("labour-tidalbasin-twodays-newestfirst-liveblog", "An end to twelve-hour shifts."),
    (
        "trade-surakarta-quotafloor-ourguess-explainer",
        "zero tariffs on Indonesian electric vehicles and stainless steel",
    ),
    # The nineteenth blind set's two of labelling left, now on the development articles: a
    # cap that is itself an issue's setting read for the figure where the annotation is
    # against more; a refused delay read for the rules delayed where the annotation is
    # against the delay (its offer "where we stop", a third, is no longer found)
    (
        "ukraine-palaisround-revisedtext-newestfirst-recap-liveblog",
        "a cap of 800,000 on Ukraine's army, in peacetime only",
    ),
    (
        "trade-palembanground-orequota-newestfirst-liveblog",
        "Indonesia also rejects any delay that merely postpones the rules",
    ),
    # The twenty-second blind set's six of labelling, now on the development articles (its
    # two of meaning, a list item's own "rules out" and a refusal of a contract that "stops
    # us automating", are fixed): bounds read for the figure where the annotation is against
    # more or less ("where we stop", "at least", a ceiling that is the setting);
    # zero read for where the annotation is against the tariff; "will not give up the
    # gates" read against the giving up, the act, where the annotation is for the thing kept
    (
        "climate-majuro-islandsdelegation-floorceiling-blockquotes-captions-feature",
        'can offer $300bn a year by 2035, and that is "where we stop"',
    ),
    (
        "labour-pierninecranes-hallbulletin-ourassessment-caulker-analysis",
        "it will not give up the gates",
    ),
    (
        "trade-lelewa-manadoround-quotaceiling-blockquotes-captions-sidebar-feature",
        "Indonesia wants zero.",
    ),
    (
        "trade-pekanbaruround-offerstable-eightquestions-ourguess-explainer",
        "any quota must start at 20 million tonnes a year at least",
    ),
    (
        "trade-pekanbaruround-offerstable-eightquestions-ourguess-explainer",
        "Indonesia wants the duty at zero.",
    ),
    (
        "ukraine-e3counter-capitals-merganser-wire",
        "sets the ceiling on Ukraine's armed forces at 800,000, in peacetime only",
    ),
    # The twenty-third blind set's one of labelling, now on the development articles: zero
    # read for where the annotation is against the tariff (its three of meaning, a thing
    # wanted shut, a thing accepted in no amount and a thing kept out inside a refused
    # contract, are fixed)
    (
        "trade-bandunground-quotafloor-lontar-radio-transcript",
        "Zero. We want the duty at zero, as our exporters had before the safeguard",
    ),
    # The twenty-fourth blind set's three of labelling, now on the development articles: a
    # floor ("not a point less") and a cap that is the setting read for the figure
    # where the annotation is against less or more; zero read for where the annotation is
    # against the tariff (its two of meaning, a thing left "as they are" inside a refused
    # contract and "no change to the ban", and its ceiling "but no wider force", now give
    # no side)
    (
        "labour-backpay-fridayvote-newestfirst-liveblog",
        'a 55 per cent rise over six years, "not a point less";',
    ),
    (
        "trade-paluround-jakartalist-columnview-lateen-analysis",
        "Zero duty on Indonesian electric vehicles and stainless steel entering the EU.",
    ),
    (
        "ukraine-draftledger-redlinecrossings-html",
        "The American text capped Ukraine's armed forces at 600,000",
    ),
    # The twenty-fifth blind set's four of labelling, now on the development articles: a
    # grant with a limit ("Aid convoys in daylight only ...; the road closes at dusk") read
    # for the convoys where the annotation is against the corridor; a draft's sentence of
    # three terms read on its two negatives where the annotation takes its goal; an offer to
    # keep contributions where they are, and a floor ("would have to start at 18 million
    # tonnes"), read for where the annotations are against the rise and against less (its
    # two of meaning, "wants Ukraine neutral and outside any bloc" and "- No dockworker laid
    # off ...", now give no side)
    (
        "ceasefire-jinjaround-tarsaconditions-sorrelgate-html",
        "Aid convoys to Serengo in daylight only, under army escort; the road closes at dusk.",
    ),
    (
        "climate-betio-seawall-tuilagifloor-blockquotes-caption-breadfruit-feature",
        "a goal of $600bn a year",
    ),
    (
        "labour-eastbasin-kelleroffer-fivepoints-kelpie-wire",
        "Employer pension contributions held at current rates for the life of the contract.",
    ),
    (
        "trade-malanground-dayclose-kelpwater-newestfirst-liveblog",
        "Any quota would have to start at 18 million tonnes a year",
    ),
    # The twenty-sixth blind set's two of labelling, now on the development articles, of the
    # kinds above: contributions held where they are, and zero duty (its one of meaning,
    # "nobody has ruled out a zone", is fixed, and "AU observers and not a single blue
    # helmet" now gives no side)
    (
        "labour-berthnineteen-kellerconditions-sectionheads-hawsepipe-analysis",
        "employer pension contributions held at the current rate for six years;",
    ),
    (
        "trade-pontianakround-jakartaconditions-columnview-analysis",
        "Zero duty on Indonesian electric vehicles.",
    ),
    # The twenty-seventh blind set's one run (held out, left as found so that the set stays
    # unseen by the rules): six of labelling (zero twice; a floor in a list; a ban "lifted"
    # read for the setting; a pledge wanted read for the pledge; a refused text
    # that drops a paragraph read for the paragraph) and three of meaning: a thing that must
    # stop ("the tolls ... have to stop") read for; a thing left "where they were" inside a
    # refused contract read against; "hands off Russia's frozen reserves" read for. The
    # rules alone add a tenth, of meaning: a cap the Americans "appeared ready to drop",
    # read for it
    (
        "trade-sungailebar-smallholdermaps-blockquotes-feature",
        "Indonesia wants the EU's duties on its electric vehicles and stainless steel at zero",
    ),
    (
        "trade-tarakanround-quotadenial-tapir-wire",
        "zero tariffs on Indonesian electric vehicles and stainless steel",
    ),
    ("labour-northmole-kelleroffer-unionnumbered-wagtail-wire", "6. Any offer below 50 percent"),
    (
        "trade-sungailebar-smallholdermaps-blockquotes-feature",
        "It still wants Indonesia's ban on raw nickel ore exports lifted",
    ),
    (
        "ukraine-kremlinevening-kremlinterms-trestle-explainer",
        "a neutral, non-aligned and non-nuclear Ukraine, with a written Western pledge that "
        "NATO will not expand further east",
    ),
    (
        "climate-portofspain-donorquotes-islandsbullets-reedbank-html",
        "a text that drops the fossil paragraph will not carry the islands' signatures",
    ),
    (
        "ceasefire-kibororound-sanvuliconvoys-sisal-radio-transcript",
        "the tolls on the Mbalo highway have to stop",
    ),
    (
        "labour-northmole-kelleroffer-unionnumbered-wagtail-wire",
        "would not accept a contract that left pensions where they were",
    ),
    ("ukraine-kremlinevening-kremlinterms-trestle-explainer", "hands off Russia's frozen reserves"),
    (
        "ukraine-hallandalegeneva-mfapodium-sandwort-briefing-transcript",
        "The FT says the Americans appeared ready to drop it",
    ),
}


@pytest.mark.parametrize(("folder", "levels"), [("news", DEVELOPMENT), ("news-heldout", HELD_OUT)])
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


def test_the_rules_alone_hold_their_development_levels():
    full = evaluate_all(DATA / "news", learned=False)
    for kind, (p, r) in DEVELOPMENT_RULES.items():
        s = full.scores[kind]
        assert s.precision >= p - MARGIN, f"rules alone {kind} precision {s.precision:.2f} < {p}"
        assert s.recall >= r - MARGIN, f"rules alone {kind} recall {s.recall:.2f} < {r}"
    assert full.attribution.holder.accuracy >= 0.95 - MARGIN
    assert set(full.attribution.reversals) <= KNOWN_REVERSALS, full.attribution.reversals


def test_quote_speakers_and_all_items_reach_the_aim_on_development():
    # On the 290 development articles quotes reach the 0.8 recall aim (0.85); all types
    # together do not (recall 0.73, precision 0.83 with the detector, in-sample; aims 0.8
    # and 0.85: docs/ingest.md says so), so those two are held at the level reached.
    scores, _ = evaluate(DATA / "news")
    assert scores["quote"].recall >= 0.8
    total = Score(
        sum(s.found for s in scores.values()),
        sum(s.expected for s in scores.values()),
        sum(s.matched_found for s in scores.values()),
        sum(s.matched_expected for s in scores.values()),
    )
    assert total.recall >= 0.74 - MARGIN
    assert total.precision >= 0.82 - MARGIN


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


def test_unknown_polarity_is_neither_right_nor_a_reversal():
    from accord.ingest.evaluate import Attribution, Expected, attribute, polarity_with_a_side

    text = "Russia rejected any freeze. Russia wants a freeze. Russia wants talks."
    expected = [
        Expected(EvidenceType.demand, 0, 26, "russia", None, None, polarity="against"),
        Expected(EvidenceType.demand, 27, 49, "russia", None, None, polarity="for"),
        Expected(EvidenceType.demand, 50, 69, "russia", None, None, polarity="for"),
    ]
    found = []
    spans = [(0, 26), (27, 49), (50, 69)]
    for (s, e), side in zip(spans, ["unknown", "against", "for"], strict=True):
        f = _ev("demand", s, e, "russia")
        f.polarity = side
        found.append(f)
    found.append(_ev("demand", 70, 70, "russia"))  # unmatched, no polarity
    found[-1].polarity = "unknown"
    tally = Attribution()
    attribute(found, expected, tally, "c", text)
    assert (tally.polarity.right, tally.polarity.scored) == (1, 3)
    assert tally.unknown == [("c", text[0:26])]
    assert tally.reversals == [("c", text[27:49])]
    sided = polarity_with_a_side(tally)
    assert (sided.right, sided.scored) == (1, 2)
    assert (tally.demands_unknown, tally.demands_found) == (2, 4)


def test_words_the_reader_drops_are_expected_and_missed(tmp_path: Path):
    # The page's "Fast facts" box is article text a reader sees, but the HTML reader keeps
    # the main text only: its annotated items stay expected, located nowhere, never matched.
    case = load_case(DATA / "news" / "labour-cranes-html.expected.yaml")
    lost = [e for e in case.expected if e.start < 0]
    assert {e.type.value for e in lost} == {"event", "demand"}
    assert {e.words for e in lost} == {"Members rejected the employers' last offer in November"}
    assert all(e.end == -1 for e in lost)
    assert match([_ev(e.type.value, 0, 10_000, e.actor) for e in lost], lost) == (set(), set())
    # words in neither the reader's text nor the page are an annotation error, named
    article = DATA / "news" / "labour-cranes-html.html"
    bad = tmp_path / "x.expected.yaml"
    bad.write_text(
        f"article: {article}\nscenario: {DATA / 'news' / 'labour.yaml'}\n"
        'evidence:\n  - {type: quote, speaker: X, text: "words on no page"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"x\.expected\.yaml: text must occur once"):
        load_case(bad)
