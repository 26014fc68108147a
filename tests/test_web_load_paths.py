"""What ``accord serve`` does to stay fast under load, and that none of it serves a stale
version: edits made once per (version, edit), answers and page bodies memoised per
version, the latest version's number read without its text, texts that validated not
parsed again, stale saves kept aside in one transaction, the session check as a plain
query. Each is checked against the plain way (the store's own ORM reads, a fresh parse,
the scorecard computed directly)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.web_support import SID, client

from accord.analysis import score_proposals
from accord.model.plain import to_plain
from accord.store import EditConflict, InvalidScenario, NotFound, Store
from accord.store.texts import Checked, validate
from accord.web.cache import ResultCache

STALE = {"actor": "russia", "issue": "donbas", "base": "1", "salience": "0.5"}


def second_version(c) -> str:  # type: ignore[no-untyped-def]
    """Save version 2 (version 1's text with a comment added); its text."""
    text = c.get(f"/api/scenarios/{SID}/yaml").text + "\n# version two\n"
    made = c.post(f"/api/scenarios/{SID}/versions", json={"text": text, "base": 1})
    assert made.status_code == 201, made.text
    return text


def salience_of(text: str, actor: str, issue: str) -> float:
    s = validate(text, "read back")
    (stance,) = [x for x in s.stances if x.actor == actor and x.issue == issue]
    return float(stance.salience)


def test_stale_page_saves_are_kept_aside_each_time(tmp_path: Path) -> None:
    c = client(tmp_path)
    v2 = second_version(c)
    answers = [c.post(f"/s/{SID}/stance", data=STALE) for _ in range(3)]
    # the page's designed answer to a stale base: 200 with the conflict fragment (htmx
    # swaps only 2xx answers), naming the newer version and the kept edit
    for r in answers:
        assert r.status_code == 200
        assert "Not applied" in r.text and "version 2" in r.text
    kept = c.get(f"/api/scenarios/{SID}/conflicts").json()
    assert len(kept) == 3 and {k["base"] for k in kept} == {1}
    # every kept text is version 1 with the edit made (made once, kept three times)
    assert len({k["text"] for k in kept}) == 1
    text = kept[0]["text"]
    assert salience_of(text, "russia", "donbas") == 0.5
    assert "# version two" not in text
    assert c.get(f"/api/scenarios/{SID}/yaml").text == v2  # nothing applied
    # the same edit on the latest version is made from that version's text, not from the
    # remembered edit of version 1
    saved = c.post(f"/s/{SID}/stance", data={**STALE, "base": "2"})
    assert "saved as version 3" in saved.text
    v3 = c.get(f"/api/scenarios/{SID}/yaml").text
    assert "# version two" in v3 and salience_of(v3, "russia", "donbas") == 0.5


def test_stale_api_save_is_a_409_and_kept(tmp_path: Path) -> None:
    c = client(tmp_path)
    second_version(c)
    body = {"actor": "russia", "issue": "donbas", "base": 1, "salience": 0.25}
    for _ in range(2):
        r = c.post(f"/api/scenarios/{SID}/stances", json=body)
        assert r.status_code == 409
        assert r.json()["latest"] == 2 and r.json()["conflict_id"] >= 1
    kept = c.get(f"/api/scenarios/{SID}/conflicts").json()
    assert [salience_of(k["text"], "russia", "donbas") for k in kept] == [0.25, 0.25]


def test_overview_page_says_which_version_after_each_save(tmp_path: Path) -> None:
    c = client(tmp_path)
    first = c.get(f"/s/{SID}?version=1").text
    assert "Viewing version" not in first
    second_version(c)
    old = c.get(f"/s/{SID}?version=1").text
    assert re.search(r"Viewing version 1 of 2", old)
    latest = c.get(f"/s/{SID}").text
    assert "Viewing version" not in latest and "Scorecard (version 2)" in latest
    # each reader's own layout around the shared body: the form token is this browser's
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', latest)
    assert token and token.group(1) == c.get("/api/csrf").json()["token"]


def test_json_answers_are_those_of_the_library_per_version(tmp_path: Path) -> None:
    c = client(tmp_path)
    store_text = c.get(f"/api/scenarios/{SID}/yaml").text
    card = score_proposals(validate(store_text, "direct"))
    for number in (1, 2):
        if number == 2:
            second_version(c)
        r = c.get(f"/api/scenarios/{SID}/scorecard")
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        got = r.json()
        assert got["version"] == number
        want = json.loads(json.dumps(to_plain(card.to_dict(), default=str)))
        assert {k: got[k] for k in want} == want
        assert c.get(f"/api/scenarios/{SID}/analysis").json()["version"] == number
    missing = c.get(f"/api/scenarios/{SID}/diff?a=us-28&b=no-such-draft")
    assert missing.status_code == 404 and "no-such-draft" in missing.json()["error"]


def test_result_cache_ready() -> None:
    cache = ResultCache(size=2)
    assert not cache.ready("a")
    assert cache.get("a", lambda: 1) == 1 and cache.ready("a")

    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.get("b", fail)
    assert not cache.ready("b")  # a failure is not a result
    cache.get("c", lambda: 3)
    cache.get("d", lambda: 4)
    assert not cache.ready("a")  # pushed out by the bound


@pytest.fixture(scope="module")
def store_with_versions(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('info') / 'w.db'}")
    made = store.create_from_builtin(SID, author="ann")
    for k in (2, 3):
        store.save(SID, made.text + f"\n# {k}\n", base=k - 1, author=f"a{k}", note=f"n{k}")
    return store


@settings(max_examples=25, deadline=None)
@given(number=st.one_of(st.none(), st.integers(-2, 6)), sid=st.sampled_from([SID, "nope"]))
def test_info_is_get_without_the_text(
    store_with_versions: Store, number: int | None, sid: str
) -> None:
    store = store_with_versions

    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            return read()
        except NotFound as exc:
            return ("NotFound", str(exc))

    got = outcome(lambda: store.info(sid, number))
    want = outcome(lambda: store.get(sid, number).info)  # the oracle: the ORM's full read
    assert got == want


def test_checked_texts_validate_as_validate_does(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    text = store.create_from_builtin(SID, author="ann").text
    checked = Checked(size=1)
    first = checked.validate(text, "a")
    assert checked.validate(text, "b") is first  # not parsed again
    assert first == validate(text, "fresh")
    broken = text.replace("actors:", "actors: [unclosed", 1)
    for _ in range(2):  # refused each time, with its problems
        with pytest.raises(InvalidScenario) as caught:
            checked.validate(broken, "broken")
        assert caught.value.problems
    other = text + "\n# other\n"
    checked.validate(other, "c")  # pushes the first out (size 1)
    assert checked.validate(text, "d") is not first


def test_stale_save_keeps_the_text_in_one_step(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    text = store.create_from_builtin(SID, author="ann").text
    store.save(SID, text + "\n# 2\n", base=1, author="bob")
    with pytest.raises(EditConflict) as caught:
        store.save(SID, text + "\n# mine\n", base=1, author="cy", note="why")
    kept = store.conflict(caught.value.conflict_id)
    assert (kept.base, kept.author, kept.note, kept.text) == (1, "cy", "why", text + "\n# mine\n")
    assert caught.value.latest.number == 2 and "version 2" in str(caught.value)
    with pytest.raises(NotFound):
        store.save(SID, text, base=7, author="cy")
    assert len(store.conflicts(SID)) == 1


def test_session_lookup_reads_user_role_and_expiry(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    store.accounts.add("ada", "a long password", "editor")
    secret, started = store.accounts.start_session("ada", timedelta(hours=1))
    found = store.accounts.session(secret)
    assert found == started
    assert found is not None and found.user is not None and found.user.role == "editor"
    store.accounts.set_role("ada", "viewer")
    again = store.accounts.session(secret)
    assert again is not None and again.user is not None and again.user.role == "viewer"
    assert store.accounts.session(secret, at=started.expires) is None  # expired
    token_secret, _ = store.accounts.start_session(None, timedelta(hours=1))
    token_session = store.accounts.session(token_secret)
    assert token_session is not None and token_session.user is None
    assert store.accounts.session("x" * 43) is None
    store.accounts.end_session(secret)
    assert store.accounts.session(secret) is None
