"""The editor's words and helpers (accord.web.editor), and the pages that use them, without a
browser: free ids against a literal oracle, refusals by actor, issue and field, unchanged
saves, kept edits as their change, copies of a built-in, times to the minute, settings of
forecasts by label, amendments that need open points settled."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.web_support import SID, client

from accord.analysis.bargaining import analyze
from accord.data import scenario_text
from accord.forecast.models import nearest_setting
from accord.io import load_builtin
from accord.overview.words import amendment_text, position_text
from accord.web.editor import free_id, kept_change, minutes, problem_words, unchanged, with_id

IDS = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)


def free_id_oracle(wanted: str, taken: set[str]) -> str:
    """Literally: the wanted id, else try -2, -3, ... in turn."""
    for k in range(1, len(taken) + 2):
        candidate = wanted if k == 1 else f"{wanted}-{k}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: more candidates than taken ids")


@given(IDS, st.sets(IDS, max_size=8), st.integers(0, 6))
def test_free_id_matches_its_oracle(wanted: str, others: set[str], copies: int) -> None:
    taken = others | {wanted if k == 1 else f"{wanted}-{k}" for k in range(1, copies + 1)}
    got = free_id(wanted, taken)
    assert got == free_id_oracle(wanted, taken)
    assert got not in taken


def test_with_id_changes_only_the_id() -> None:
    text = scenario_text("dayton-1995")
    copy = with_id(text, "dayton-copy")
    assert yaml.safe_load(copy) == {**yaml.safe_load(text), "id": "dayton-copy"}
    changed = [a for a, b in zip(text.splitlines(), copy.splitlines(), strict=True) if a != b]
    assert changed == [line for line in text.splitlines() if line.startswith("id:")]


def test_minutes() -> None:
    when = dt.datetime(2025, 12, 6, 17, 45, 56, 123456, tzinfo=dt.UTC)
    assert minutes(when) == "2025-12-06 17:45 UTC"
    later = dt.datetime(2025, 12, 6, 18, 45, 56, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert minutes(later) == "2025-12-06 17:45 UTC"
    assert minutes("2025-12-06T17:45:56.5+00:00") == "2025-12-06 17:45 UTC"
    assert minutes(None) == ""


def test_unchanged_reads_the_data_not_the_spelling() -> None:
    old = "id: x\nvalue: 800000\nname: a  # kept\n"
    assert unchanged(old, old)
    assert unchanged(old, "id: x\nvalue: 800000.0\nname: a  # kept\n")
    assert not unchanged(old, "id: x\nvalue: 700000\nname: a\n")
    assert not unchanged(old, "id: [unclosed\n")


def test_kept_change_is_the_difference() -> None:
    base = "".join(f"line {k}\n" for k in range(200))
    kept = base.replace("line 100\n", "line one hundred\n")
    shown = kept_change(base, kept, 3, 7).splitlines()
    assert shown[:2] == ["--- version 3", "+++ edit #7"]
    assert [ln for ln in shown[2:] if ln[:1] in "+-"] == ["-line 100", "+line one hundred"]
    assert len(shown) < 15


def test_problem_words_name_actor_issue_and_field_once() -> None:
    s = load_builtin(SID)
    k = next(i for i, st_ in enumerate(s.stances) if (st_.actor, st_.issue) == ("ukraine", "nato"))
    a = next(i for i, x in enumerate(s.actors) if x.id == "russia")
    problems = [
        {"path": f"stances[{k}].salience", "message": "must be at most 1", "severity": "error"},
        {"path": f"stances[{k}].salience", "message": "must be at most 1", "severity": "error"},
        {"path": f"actors[{a}].batna.utility", "message": "must be 0..1", "severity": "error"},
        {"path": "proposals[1].orders", "message": "order ...", "severity": "warning"},
        {"path": "title", "message": "is empty", "severity": "error"},
    ]
    nato = s.issue("nato").name
    assert problem_words(s, problems) == [
        f"Ukraine on {nato}, salience: must be at most 1",
        "Russia, BATNA utility: must be 0..1",
        "is empty",
    ]


def test_position_text_is_the_nearest_setting_by_label() -> None:
    s = load_builtin(SID)
    for issue in s.issues:
        lo, hi = issue.bounds()
        for x in (lo, (lo + hi) / 2, hi):
            assert position_text(issue, x) == issue.label(nearest_setting(issue, x))
    assert position_text(s.issue("army_cap"), 463_500.3) == "463,500 troops"
    assert position_text(s.issue("amnesty"), 43.96) in ("yes", "no")
    assert position_text(s.issue("amnesty"), None) == "—"


def test_amendments_of_maybe_drafts_say_which_open_points_they_need() -> None:
    s = load_builtin("uaw-detroit-2023")
    for v in analyze(s).verdicts:
        text = amendment_text(s, v.amendment)
        if v.amendment is not None and v.amendment.possible and v.amendment.fills:
            assert "open points settled so: " in text
            for iid, value in v.amendment.fills.items():
                assert f"{s.issue(iid).name}: {s.issue(iid).label(value)}" in text
        if v.accepted == "maybe":
            assert text != "none needed"


# --- the pages ------------------------------------------------------------------------------
def test_unchanged_save_makes_no_version_and_refusals_cite_no_line(tmp_path: Path) -> None:
    c = client(tmp_path)
    s = load_builtin(SID)
    st_ = next(x for x in s.stances if (x.actor, x.issue) == ("ukraine", "army_cap"))
    same = {"actor": "ukraine", "issue": "army_cap", "base": "1", "position": str(st_.position),
            "salience": str(st_.salience), "red_line": str(st_.red_line or "")}  # fmt: skip
    r = c.post(f"/s/{SID}/stance", data=same)
    assert 'class="unchanged"' in r.text and "version 1" in r.text
    assert len(c.get(f"/api/scenarios/{SID}/versions").json()) == 1
    r = c.post(f"/s/{SID}/stance", data={**same, "red_line": "5000000"})
    text = re.sub(r"<[^>]+>", " ", r.text)
    assert "line " not in text and "stances[" not in text
    assert text.count("is not valid") == 1
    assert "Ukraine on Cap on Ukraine&#39;s armed forces, red line: 5,000,000 troops" in text
    assert "a number from 0 troops to 1,000,000 troops" in text
    assert len(c.get(f"/api/scenarios/{SID}/versions").json()) == 1


def test_kept_edit_page_and_builtin_copy(tmp_path: Path) -> None:
    c = client(tmp_path)
    text = c.get(f"/api/scenarios/{SID}/yaml").text
    assert c.post(
        f"/api/scenarios/{SID}/versions", json={"text": text + "# a\n", "base": 1}
    ).is_success
    stale = c.post(f"/api/scenarios/{SID}/versions", json={"text": text + "# b\n", "base": 1})
    assert stale.status_code == 409
    page = c.get(f"/s/{SID}/conflicts/{stale.json()['conflict_id']}").text
    diff = page.split('<pre class="diff">')[1].split("</pre>")[0].splitlines()
    assert [ln for ln in diff if ln[:1] in "+-"] == ["--- version 1", "+++ edit #1", "+# b"]
    # a second copy of the built-in: the page proposes a free id, and makes the copy under it
    again = c.post("/scenarios/builtin", data={"name": SID}, follow_redirects=False)
    assert again.status_code == 409
    assert f'name="new_id" value="{SID}-2"' in again.text
    made = c.post("/scenarios/builtin", data={"name": SID, "new_id": f"{SID}-2"},
                  follow_redirects=False)  # fmt: skip
    assert made.status_code == 303 and made.headers["location"] == f"/s/{SID}-2"
    copy = c.get(f"/api/scenarios/{SID}-2/yaml").text
    assert yaml.safe_load(copy) == {**yaml.safe_load(scenario_text(SID)), "id": f"{SID}-2"}
    taken = c.post("/scenarios/builtin", data={"name": SID, "new_id": f"{SID}-2"})
    assert taken.status_code == 409 and f'value="{SID}-3"' in taken.text
