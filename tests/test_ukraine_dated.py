"""The built-in Ukraine scenario as dated data: the US moves between the 28-point text and
the 20-point framework, the rule for silence applied to the drafts, and the period covered."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.io.builtins import load_builtin
from accord.model.asof import scenario_as_of
from accord.model.base import Unknown
from accord.model.dated import stances_as_of
from accord.model.scenario import Scenario

TWENTY_EIGHT = dt.date(2025, 11, 20)
TWENTY = dt.date(2025, 12, 23)


@pytest.fixture(scope="module")
def ukraine() -> Scenario:
    return load_builtin("ukraine-2025")


def _positions(s: Scenario, actor: str, date: dt.date) -> dict[str, object]:
    return {
        st.issue: st.position
        for st in stances_as_of(s.stances, s.actors, date).stances
        if st.actor == actor
    }


def test_us_stances_differ_between_the_28_points_and_the_20_points(ukraine: Scenario) -> None:
    before = _positions(ukraine, "usa", TWENTY_EIGHT)
    after = _positions(ukraine, "usa", TWENTY)
    moved = {i for i in before if before[i] != after[i]}
    # the review's test: at least three issues; the record gives eight
    assert moved == {
        "donbas",
        "army_cap",
        "nato",
        "foreign_troops",
        "guarantees",
        "elections",
        "language_church",
        "znpp",
    }
    assert before["nato"] == "ban_both" and after["nato"] == "renounce"
    assert before["army_cap"] == 600000 and after["army_cap"] == 800000
    assert before["guarantees"] == "vague_paid" and after["guarantees"] == "art5_multi"


def test_every_dated_entry_is_sourced_and_no_later_than_its_since(ukraine: Scenario) -> None:
    known = {src.id for src in ukraine.sources}
    dated = [st for st in ukraine.stances if st.history]
    assert len(dated) >= 11
    for st in dated:
        assert st.since is not None
        for entry in st.history:
            assert entry.sources or entry.judgement, (st.actor, st.issue)
            assert set(entry.sources) <= known
            assert entry.from_ < st.since


def test_the_28_point_week_scores_the_28_points_as_the_us_own(ukraine: Scenario) -> None:
    # On 20 November every dated US stance holds the 28 points' value; the undated ones
    # (recognition, the south, the outlying areas, sanctions, the reserves) already did.
    cut = scenario_as_of(ukraine, TWENTY_EIGHT).scenario
    us = {st.issue: st.position for st in cut.stances if st.actor == "usa"}
    draft = next(p for p in cut.proposals if p.id == "us-28")
    set_by_draft = {i: v for pt in draft.points for i, v in (pt.settings or {}).items()}
    assert us["donbas"] == set_by_draft["donbas"] == "dmz_russian"
    assert us["elections"] == set_by_draft["elections"] == "within_100d"
    assert us["znpp"] == set_by_draft["znpp"] == "ru_ua_5050"


def test_silence_rule_on_the_drafts(ukraine: Scenario) -> None:
    drafts = {p.id: p for p in ukraine.proposals}

    def settings(pid: str) -> dict[str, object]:
        return {i: v for pt in drafts[pid].points for i, v in (pt.settings or {}).items()}

    # rule 3: EU accession moved to a separate track at Geneva is unknown, not the status quo
    for pid in ("geneva-19", "moscow-27"):
        eu = settings(pid)["eu_membership"]
        assert isinstance(eu, Unknown) and eu.one_of is None, pid
    # rule 4: struck clauses stay silent
    assert "amnesty" not in settings("geneva-19")
    assert "frozen_assets" not in settings("geneva-19")
    # rule 3, as at Geneva: the 20 points' silence on NATO, whose questions went to a
    # separate track after Geneva, is unknown with no setting ruled out (it was the open door
    # by rule 4, which made the draft cross Moscow's NATO line by a coding rule alone); the
    # force comes from the guarantee papers point 3 refers to (rule 3)
    for pid in ("geneva-19", "moscow-27", "framework-20"):
        nato = settings(pid)["nato"]
        assert isinstance(nato, Unknown) and nato.one_of is None, pid
    nato_point = next(pt for pt in drafts["framework-20"].points if "nato" in (pt.settings or {}))
    assert {"tass-2048565", "24tv-2976599"} <= set(nato_point.sources)
    assert settings("framework-20")["foreign_troops"] == "mnf_u"


def test_as_of_is_the_last_dated_item(ukraine: Scenario) -> None:
    dates = [e.date for e in ukraine.events] + [p.date for p in ukraine.proposals if p.date]
    dates += [st.since for st in ukraine.stances if st.since]
    assert ukraine.as_of == max(dates) == dt.date(2026, 2, 26)
    with pytest.raises(ValueError, match="last dated item"):
        scenario_as_of(ukraine, dt.date(2026, 2, 27))
