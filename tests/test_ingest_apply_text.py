"""accord apply keeps the file: the scenario's own text is edited where values stand, so
comments, key order, quoting and blank lines survive; new records are written in place and
the source is titled with the article's headline."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli.app import app
from accord.data import scenario_text
from accord.ingest.apply import ApplyError, apply_suggestions, apply_to_text, source_title
from accord.ingest.evidence import Article, EvidenceType, dump_evidence
from accord.io import load_scenario
from accord.io.builtins import load_builtin
from accord.io.scenarios import dump_scenario
from test_ingest_suggest import evidence

NEWS = Path(__file__).parent / "data" / "news"
#: trade.yaml with comments and a blank line, as an analyst's file has them
TRADE = "# Analyst's copy: figures are guesses.\n" + (NEWS / "trade.yaml").read_text().replace(
    "stances:\n", "\n# the stances, as guessed in October\nstances:  # one per line\n"
)


def trade_evidence() -> Any:
    s = load_scenario(NEWS / "trade.yaml")
    return s, evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": "Jakarta said the export ban on nickel ore is not up for negotiation.",
            "actor": "indonesia",
            "issues": ["export_ban"],
        },
        {
            "type": EvidenceType.demand,
            "sentence": "Brussels now wants a phased quota on nickel ore exports.",
            "text": "a phased quota on nickel ore exports",
            "actor": "eu",
            "issues": ["export_ban"],
        },
        {
            "type": EvidenceType.demand,
            "sentence": "Indonesia demands a ban on EU carbon border levies.",
            "text": "a ban on EU carbon border levies",
            "actor": "indonesia",
        },
        {
            "type": EvidenceType.threat,
            "sentence": "Jakarta would leave the talks, Hidayat said.",
            "actor": "indonesia",
            "kind": "walk_away",
        },
        {
            "type": EvidenceType.event,
            "sentence": "Roeder met Hidayat in Jakarta on Monday.",
            "actors": ["eu", "indonesia"],
            "date": dt.date(2025, 12, 15),
        },
        title="Jakarta digs in over nickel",
    )


def diff(old: str, new: str) -> list[str]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [ln for ln in lines if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


def test_one_accepted_suggestion_changes_exactly_its_lines():
    s, ev = trade_evidence()
    cite = ev.suggestions[0]
    assert cite.change is not None and cite.change.op == "cite_stance"
    done = apply_to_text(TRADE, s, ev, [cite])
    assert done.layout_kept
    assert diff(TRADE, done.text) == [
        "+  - id: news-story",
        "+    title: Jakarta digs in over nickel",
        "+    publisher: Example Wire",
        "+    date: 2025-12-20",
        "+    reliability: secondary",
        "+    note: read by accord ingest from news/story.txt",
        "-  - {actor: indonesia, issue: export_ban, position: kept, salience: 0.9, red_line: "
        "phased, sources: [memo]}",
        "+  - {actor: indonesia, issue: export_ban, position: kept, salience: 0.9, red_line: "
        "phased, sources: [memo, news-story]}",
    ]
    assert done.scenario == apply_suggestions(s, ev, [cite])[0]


def test_a_changed_value_is_written_where_it_stands_with_its_note():
    s, ev = trade_evidence()
    change = ev.suggestions[1]
    assert change.change is not None and change.change.op == "set_stance"
    done = apply_to_text(TRADE, s, ev, [change])
    removed = [ln for ln in diff(TRADE, done.text) if ln.startswith("-")]
    assert removed == [
        "-  - {actor: eu, issue: export_ban, position: lifted, salience: 0.8, red_line: phased, "
        "sources: [memo]}"
    ]
    stance = done.scenario.stance("eu", "export_ban")
    assert stance is not None and stance.position == "phased" and "lifted" in (stance.note or "")


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_accepted_subset_reads_back_as_the_data_edit_and_keeps_every_line(data: st.DataObject):
    s, ev = trade_evidence()
    chosen = data.draw(
        st.lists(st.sampled_from(ev.suggestions), min_size=1, unique_by=lambda x: x.id)
    )
    chosen.sort(key=lambda x: int(x.id[1:]))
    done = apply_to_text(TRADE, s, ev, chosen)
    assert done.layout_kept
    # The oracle: the same changes made in the plain data (the old path, layout lost).
    assert dump_scenario(done.scenario) == dump_scenario(apply_suggestions(s, ev, chosen)[0])
    removed = [ln[1:] for ln in diff(TRADE, done.text) if ln.startswith("-")]
    # Only stance and BATNA lines change (a citation or a value); every comment and blank
    # line stays.
    assert all(ln.startswith(("  - {actor:", "    batna: {")) for ln in removed)
    for ln in TRADE.splitlines():
        if ln.lstrip().startswith("#") or "# one per line" in ln or not ln.strip():
            assert ln in done.text.splitlines()


def test_the_built_in_scenario_keeps_its_comments_and_validates_with_new_records():
    s = load_builtin("ukraine-2025")
    text = scenario_text("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": "Moscow demands a ban on Western drone factories in Ukraine.",
            "text": "a ban on Western drone factories in Ukraine",
            "actor": "russia",
        },
        {
            "type": EvidenceType.quote,
            "sentence": "Witkoff advised Ushakov how to pitch the plan.",
            "actor": "usa",
            "actors": ["usa", "russia"],
        },
        {
            "type": EvidenceType.event,
            "sentence": "Witkoff met Putin in Moscow on Friday.",
            "actors": ["usa", "russia"],
            "date": dt.date(2025, 12, 19),
        },
        {
            "type": EvidenceType.threat,
            "sentence": "Putin said Russia would fight on.",
            "actor": "russia",
            "kind": "fight",
        },
    )
    assert {x.about for x in ev.suggestions} == {"new_issue", "mediator_bias", "event", "batna"}
    done = apply_to_text(text, s, ev, ev.suggestions, name="ukraine-2025")
    assert done.layout_kept
    lines = diff(text, done.text)
    removed = [ln for ln in lines if ln.startswith("-")]
    added = [ln for ln in lines if ln.startswith("+")]
    # Two lists of sources grow (the US and Russia's BATNA); nothing else is rewritten.
    assert len(removed) == 2 and all("sources: [" in ln for ln in removed)
    assert len(added) > 20
    assert done.text.count("\n#") == text.count("\n#")
    new = done.scenario
    issue = new.issue("ban_western_drone_factories")
    assert issue.kind.value == "boolean"
    (event,) = [e for e in new.events if "news-story" in e.sources]
    assert event.date == dt.date(2025, 12, 19) and event.actors == ["usa", "russia"]
    dates = [e.date for e in new.events]
    assert dates == sorted(dates)
    assert new.source("news-story").title == "Talks stall"


def test_the_source_is_titled_with_the_headline_or_the_first_line_never_the_file_name():
    _, ev = trade_evidence()
    art = ev.articles[0]
    assert source_title(art, ev) == "Jakarta digs in over nickel"
    bare = Article(**{**art.model_dump(), "title": None})
    # The first evidence item starts at offset 0: its first line is the article's first.
    ev.evidence[0].sentence = "Nickel talks stall\nJakarta said the export ban is firm."
    assert source_title(bare, ev) == "Nickel talks stall"
    ev.evidence[0].start = 5
    assert source_title(bare, ev) == "Example Wire of 2025-12-20 (no headline)"
    assert "story" not in source_title(bare, ev)


def test_cli_in_place_keeps_the_comments_and_a_backup(tmp_path: Path):
    _, ev = trade_evidence()
    scenario = tmp_path / "trade.yaml"
    scenario.write_text(TRADE)
    (tmp_path / "ev.yaml").write_text(dump_evidence(ev))
    result = CliRunner().invoke(
        app,
        ["apply", str(scenario), str(tmp_path / "ev.yaml"), "--accept", "s1,s3", "--in-place"],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "trade.yaml.bak").read_text() == TRADE
    new = scenario.read_text()
    assert "# Analyst's copy: figures are guesses." in new
    assert "stances:  # one per line" in new and "# the stances, as guessed in October" in new
    removed = [ln for ln in diff(TRADE, new) if ln.startswith("-")]
    assert len(removed) == 1  # the cited stance's line
    assert load_scenario(scenario).issue("ban_carbon_border_levies").kind.value == "boolean"


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.integers(0, 90), min_size=2, max_size=6),
    st.lists(st.sampled_from(["eu", "indonesia"]), min_size=0, max_size=3),
)
def test_many_events_and_issues_land_in_order_as_the_data_edit_says(
    days: list[int], holders: list[str]
):
    s = load_scenario(NEWS / "trade.yaml")
    items: list[dict[str, Any]] = [
        {
            "type": EvidenceType.event,
            "sentence": f"Negotiators held round {k} of the quota talks in Bali.",
            "actors": ["eu", "indonesia"],
            "date": dt.date(2025, 9, 1) + dt.timedelta(days=d),
        }
        for k, d in enumerate(days)
    ]
    items += [
        {
            "type": EvidenceType.demand,
            "sentence": f"They demand a levy on cobalt shipments number {k}.",
            "text": f"a levy on cobalt shipments number {k}",
            "actor": who,
        }
        for k, who in enumerate(holders)
    ]
    ev = evidence(s, *items)
    done = apply_to_text(TRADE, s, ev, ev.suggestions)
    assert done.layout_kept
    assert dump_scenario(done.scenario) == dump_scenario(
        apply_suggestions(s, ev, ev.suggestions)[0]
    )
    dates = [e.date for e in done.scenario.events]
    assert dates == sorted(dates) and len(dates) == len(days)
    assert "# the stances, as guessed in October" in done.text


def test_a_new_stance_is_written_in_the_file_marked_as_judgement_with_its_quote():
    s = load_builtin("ukraine-2025")
    assert s.stance("usa", "eu_membership") is None
    text = scenario_text("ukraine-2025")
    said = "Washington now backs EU membership by a set date for Kyiv, Rubio said."
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": said,
            "text": "EU membership by a set date",
            "actor": "usa",
            "issues": ["eu_membership"],
            "polarity": "for",
        },
    )
    (sug,) = ev.suggestions
    assert (sug.verdict.value, sug.about) == ("proposes", "new_stance")
    done = apply_to_text(text, s, ev, [sug], name="ukraine-2025")
    assert done.layout_kept and not [ln for ln in diff(text, done.text) if ln.startswith("-")]
    stance = done.scenario.stance("usa", "eu_membership")
    assert stance is not None and stance.position == "fixed_date" and stance.salience == 0.5
    assert stance.sources == ["news-story"]
    assert stance.judgement is not None and "placeholder" in stance.judgement
    assert said in stance.judgement


def test_a_hand_edited_change_that_cannot_apply_is_a_clear_error():
    s = load_builtin("ukraine-2025")
    text = scenario_text("ukraine-2025")
    said = "Kyiv rejected a cap of 200,000 on its army."
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": said,
            "text": "a cap of 200,000",
            "actor": "ukraine",
            "issues": ["army_cap"],
        },
    )
    (sug,) = ev.suggestions[:1]
    assert sug.change is not None
    bad_field = sug.model_copy(
        update={"change": sug.change.model_copy(update={"op": "set_stance", "field": "colour"})}
    )
    with pytest.raises(ApplyError, match="position or red_line, not 'colour'"):
        apply_to_text(text, s, ev, [bad_field])
    no_actor = sug.model_copy(
        update={"change": sug.change.model_copy(update={"op": "cite_actor", "actor": None})}
    )
    with pytest.raises(ApplyError, match="cite_actor names no actor; give the id"):
        apply_to_text(text, s, ev, [no_actor])


def test_cli_reads_the_scenario_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import accord.ingest.apply as apply_module
    import accord.io.scenarios as scenarios_module

    _, ev = trade_evidence()
    scenario = tmp_path / "trade.yaml"
    scenario.write_text(TRADE)
    (tmp_path / "ev.yaml").write_text(dump_evidence(ev))
    new = tmp_path / "new.yaml"
    read: list[str] = []
    for module in (apply_module, scenarios_module):
        original = module.read_yaml

        def recording(data: Any, *args: Any, _original: Any = original, **kw: Any) -> Any:
            read.append(data.decode() if isinstance(data, bytes) else data)
            return _original(data, *args, **kw)

        monkeypatch.setattr(module, "read_yaml", recording)
    result = CliRunner().invoke(
        app,
        ["apply", str(scenario), str(tmp_path / "ev.yaml"), "--accept", "s1", "-o", str(new)],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    # the file's own text once; the new text is read back to check it, which is not the file
    assert read.count(TRADE) == 1
    assert len(read) >= 2


def test_cli_names_a_broken_scenario_file(tmp_path: Path):
    from cli_runner import accord as run

    _, ev = trade_evidence()
    scenario = tmp_path / "trade.yaml"
    scenario.write_text(TRADE.replace("role: party", "role: partie", 1))
    (tmp_path / "ev.yaml").write_text(dump_evidence(ev))
    proc = run(
        "apply",
        str(scenario),
        str(tmp_path / "ev.yaml"),
        "--accept",
        "s1",
        "-o",
        str(tmp_path / "n.yaml"),
        check=None,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in out
    assert "trade.yaml" in out and "partie" in out and "party" in out
    assert not (tmp_path / "n.yaml").exists()
