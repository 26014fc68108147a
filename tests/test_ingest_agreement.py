"""Agreement between two annotations of the same articles, scored as the extractor is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("spacy")

from accord.ingest.agreement import agreement, report, sentence_bounds

DATA = Path(__file__).parent / "data"
NEWS = DATA / "news"
ARTICLE = "ukraine-guarantees-analysis"  # demands with polarity, targets, events, quotes


def _reference() -> dict[str, Any]:
    data = yaml.safe_load((NEWS / f"{ARTICLE}.expected.yaml").read_text(encoding="utf-8"))
    # the copy lives elsewhere: its article and scenario are named by absolute path
    data["article"] = str(NEWS / data["article"])
    if str(data["scenario"]).endswith(".yaml"):
        data["scenario"] = str(NEWS / data["scenario"])
    return data


def _write(folder: Path, data: dict[str, Any], name: str = ARTICLE) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.second.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _count(data: dict[str, Any], kind: str) -> int:
    return sum(1 for e in data["evidence"] if e["type"] == kind)


def test_an_annotation_agrees_with_itself_fully(tmp_path: Path):
    data = _reference()
    result = agreement(NEWS, _write(tmp_path / "second", data))
    figures = report(result)
    assert figures["articles"] == 1
    assert figures["all"] == {"precision": 1.0, "recall": 1.0}
    assert figures["holder"] == 1.0 and figures["polarity"] == 1.0
    assert figures["reversals"] == 0
    assert result.total.found == result.total.expected == len(data["evidence"])


def test_each_kind_of_disagreement_is_counted(tmp_path: Path):
    data = _reference()
    items = data["evidence"]
    n_quote, n_demand = _count(data, "quote"), _count(data, "demand")
    polar = [e for e in items if e["type"] == "demand" and e.get("polarity") in ("for", "against")]
    flipped = polar[0]
    flipped["polarity"] = "against" if flipped["polarity"] == "for" else "for"
    dropped = next(e for e in items if e["type"] == "quote")
    items.remove(dropped)
    moved = next(e for e in items if e["type"] == "demand" and e is not flipped and e.get("actor"))
    moved["actor"] = next(a for a in ("usa", "russia", "ukraine") if a != moved["actor"])
    result = agreement(NEWS, _write(tmp_path / "second", data))
    scores, a = result.scores, result.attribution
    # a dropped quote: found one fewer, all found still right
    assert scores["quote"].precision == 1.0
    assert scores["quote"].recall == pytest.approx((n_quote - 1) / n_quote)
    # a demand given to another holder no longer matches, either way
    assert scores["demand"].precision == pytest.approx((n_demand - 1) / n_demand)
    assert scores["demand"].recall == pytest.approx((n_demand - 1) / n_demand)
    assert a.holder.scored - a.holder.right == 1
    # a flipped polarity is a reversal, and the one wrong polarity
    assert [text for _, text in a.reversals] == [flipped["text"]]
    assert a.polarity.right == len(polar) - 1 == a.polarity.scored - 1
    assert set(result.only_first) == {
        (ARTICLE, "quote", dropped["text"]),
        (ARTICLE, "demand", moved["text"]),
    }
    assert result.only_second == [(ARTICLE, "demand", moved["text"])]


def test_sentence_spans_forgive_another_clause_of_the_same_sentence(tmp_path: Path):
    data = _reference()
    text = (NEWS / Path(data["article"]).name).read_text(encoding="utf-8")
    bounds = sentence_bounds(text)
    # a quote the other annotator marks on another piece of its sentence, not overlapping
    for quote in (e for e in data["evidence"] if e["type"] == "quote"):
        at = text.index(quote["text"])
        end = next(e for s, e in bounds if s <= at < e)
        rest = text[at + len(quote["text"]) : end].strip()
        if len(rest) >= 10 and text.count(rest) == 1:
            break
    else:
        pytest.fail("no quote of the article has a distinct rest of its sentence")
    quote["text"] = rest
    strict = agreement(NEWS, _write(tmp_path / "a", data), spans="text")
    lenient = agreement(NEWS, _write(tmp_path / "b", data), spans="sentence")
    n_quote = _count(data, "quote")
    assert strict.scores["quote"].recall == pytest.approx((n_quote - 1) / n_quote)
    assert lenient.scores["quote"].recall == 1.0


def test_bad_folders_are_named(tmp_path: Path):
    with pytest.raises(ValueError, match="no second annotations"):
        agreement(NEWS, tmp_path)
    data = _reference()
    _write(tmp_path / "x", data, name="no-such-article")
    with pytest.raises(ValueError, match=r"no-such-article\.second\.yaml: no reference"):
        agreement(NEWS, tmp_path / "x")
    other = _reference()
    other["article"] = str(NEWS / "ukraine-berlin.txt")
    _write(tmp_path / "y", other)
    with pytest.raises(ValueError, match="names article"):
        agreement(NEWS, tmp_path / "y")
    with pytest.raises(ValueError, match="spans must be"):
        agreement(NEWS, tmp_path / "y", spans="words")  # type: ignore[arg-type]


AGREEMENT = DATA / "news-agreement"
#: the second annotation against the first, 13 articles: (precision, recall) per type
SECOND_ANNOTATOR = {
    "quote": (0.85, 0.91),
    "demand": (0.87, 0.93),
    "denial": (0.92, 0.92),
    "threat": (0.93, 0.74),
    "event": (0.81, 0.81),
}
#: the polarities the two annotators read opposite ways (docs/ingest.md discusses each)
ANNOTATORS_REVERSED = {
    ("ceasefire-riverbank-feature", "a corridor open for at least 90 days, monitored by the UN"),
    ("climate-ministerial-liveblog", "The alliance wants at least $500bn a year in public finance"),
    ("climate-ministerial-liveblog", "no longer insists on deleting the fossil-fuel paragraph"),
    ("labour-gates-html", "the operators would not reopen the automation terms"),
    ("ukraine-redraft-explainer", "replaced the ban on NATO membership with the alliance's own"),
}


def test_second_annotation_is_well_formed():
    from accord.ingest.evaluate import load_case

    paths = sorted(AGREEMENT.glob("*.second.yaml"))
    assert len(paths) == 13
    for path in paths:
        case = load_case(path)  # every text occurs once in the article
        actors = {a.id for a in case.scenario.actors}
        issues = {i.id for i in case.scenario.issues}
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in data["evidence"]:
            named = {row.get("actor"), row.get("target"), *row.get("participants", [])} - {None}
            assert named <= actors, (path.name, row["text"], named - actors)
            assert set(row.get("issues", [])) <= issues, (path.name, row["text"])
            if row["type"] == "demand":
                assert row.get("polarity") in ("for", "against"), (path.name, row["text"])


def test_two_annotators_agree_at_the_levels_measured():
    result = agreement(NEWS, AGREEMENT)
    assert len(result.articles) == 13
    for kind, (p, r) in SECOND_ANNOTATOR.items():
        s = result.scores[kind]
        assert (round(s.precision, 2), round(s.recall, 2)) == (p, r), kind
    assert (round(result.total.precision, 2), round(result.total.recall, 2)) == (0.85, 0.90)
    assert round(result.attribution.holder.accuracy, 2) == 0.99
    found = sorted(result.attribution.reversals)
    listed = sorted(ANNOTATORS_REVERSED)
    assert len(found) == len(listed)
    assert all(c == k and t.startswith(s) for (c, t), (k, s) in zip(found, listed, strict=True))
