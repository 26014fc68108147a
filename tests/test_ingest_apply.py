"""Applying accepted suggestions: a new, valid scenario citing the article; nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.apply import ApplyError, accepted, apply_suggestions
from accord.ingest.evidence import EvidenceFile, dump_evidence, load_evidence
from accord.ingest.extract import ingest
from accord.ingest.read import ArticleText
from accord.io import load_scenario
from accord.io.scenarios import dump_scenario
from accord.model import Reliability

NEWS = Path(__file__).parent / "data" / "news"


def evidence(text: str, scenario_file: str, day: dt.date = dt.date(2025, 10, 15)) -> EvidenceFile:
    scenario = load_scenario(NEWS / scenario_file)
    art = ArticleText(
        path="news/story.txt", text=text, title="A story", date=day, url="https://x.org/s"
    )
    return ingest([art], scenario)


def test_citing_a_stance_adds_the_source_and_nothing_else():
    s = load_scenario(NEWS / "trade.yaml")
    ev = evidence(
        "Hidayat said the export ban on nickel ore is not up for negotiation.", "trade.yaml"
    )
    (sug,) = ev.suggestions
    assert sug.change is not None and sug.change.op == "cite_stance"
    new, notes = apply_suggestions(s, ev, [sug], Reliability.wire)
    src = new.source("news-story")
    assert (src.reliability, src.url, src.date) == (
        Reliability.wire,
        "https://x.org/s",
        dt.date(2025, 10, 15),
    )
    assert "news-story" in new.stance("indonesia", "export_ban").sources  # type: ignore[union-attr]
    # Everything else is as it was.
    again = new.model_copy(
        update={
            "sources": new.sources[:-1],
            "stances": [
                st.model_copy(update={"sources": [x for x in st.sources if x != "news-story"]})
                for st in new.stances
            ],
        }
    )
    assert dump_scenario(again) == dump_scenario(s)
    assert any("source 'news-story' added" in n for n in notes)


def test_contradicting_value_is_set_with_a_note():
    s = load_scenario(NEWS / "trade.yaml")
    ev = evidence("Jakarta said it wants the export ban lifted for nickel ore.", "trade.yaml")
    (sug,) = ev.suggestions
    new, _ = apply_suggestions(s, ev, [sug])
    stance = new.stance("indonesia", "export_ban")
    assert stance is not None and stance.position == "lifted"
    assert "kept" in (stance.note or "") and "news-story" in stance.sources
    assert s.stance("indonesia", "export_ban").position == "kept"  # type: ignore[union-attr]


def test_new_event_and_new_batna():
    s = load_scenario(NEWS / "climate.yaml")
    text = (
        "The small island states met the presidency in Baku on Monday. "
        "Tuilagi said the island states would walk away from the talks."
    )
    ev = evidence(text, "climate.yaml", dt.date(2025, 11, 19))
    kinds = {sg.change.op for sg in ev.suggestions if sg.change}
    assert {"add_event", "add_batna"} <= kinds
    new, _ = apply_suggestions(s, ev, list(ev.suggestions))
    (event,) = new.events
    assert event.date == dt.date(2025, 11, 17) and "islands" in event.actors
    assert event.sources == ["news-story"]
    batna = new.actor("islands").batna
    assert batna is not None and batna.utility is None and "walk away" in batna.description


def test_accepting_by_keep_evidence_id_and_all(tmp_path: Path):
    ev = evidence(
        "Brussels wants the export ban on nickel lifted. Jakarta said the ban on nickel ore "
        "exports is not up for negotiation.",
        "trade.yaml",
    )
    assert len(ev.suggestions) == 2
    ev.suggestions[1].keep = True
    path = tmp_path / "ev.yaml"
    path.write_text(dump_evidence(ev))
    back = load_evidence(path)
    assert back == ev
    assert [s.id for s in accepted(back, [])] == ["s2"]
    assert [s.id for s in accepted(back, [back.suggestions[0].evidence])] == ["s1", "s2"]
    assert [s.id for s in accepted(back, ["all"])] == ["s1", "s2"]
    with pytest.raises(ApplyError, match="no suggestion or evidence 'zz'"):
        accepted(back, ["zz"])
