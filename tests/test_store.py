"""The versioned store: versions, restore, diff, conflicts, runs, bad input, threads.

Runs on SQLite, and on PostgreSQL too when ACCORD_TEST_POSTGRES holds a URL
(``source .ci/postgres``); each test gets an empty database of its own.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accord.io import dump_scenario
from accord.model import Scenario
from accord.store import (
    EditConflict,
    InvalidScenario,
    NotFound,
    Store,
    StoreError,
    Version,
)
from store_support import BUILTIN, SCENARIO_ID, backends, base_text, fresh_url, text_for


@pytest.fixture(params=backends())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_url(request.param, tmp_path) as url:
        s = Store(url)
        try:
            yield s
        finally:
            s.close()


@pytest.fixture
def made(store: Store) -> Version:
    return store.create_from_builtin(BUILTIN, author="ann")


# --- scenarios and versions ----------------------------------------------------------------
def test_create_get_and_list(store: Store) -> None:
    assert store.scenarios() == []
    before = datetime.now(UTC)
    v = store.create(text_for("one"), author="ann", note="first")
    assert v.text == text_for("one")
    assert (v.info.scenario_id, v.info.number, v.info.author, v.info.note) == (
        SCENARIO_ID,
        1,
        "ann",
        "first",
    )
    assert v.info.restored_from is None
    assert before <= v.info.created <= datetime.now(UTC)
    assert isinstance(v.scenario(), Scenario)
    assert v.scenario().title == "UAW talks, edit one"
    assert store.get(SCENARIO_ID) == v
    assert store.get(SCENARIO_ID, 1) == v
    (info,) = store.scenarios()
    assert (info.id, info.title, info.latest, info.author) == (
        SCENARIO_ID,
        "UAW talks, edit one",
        1,
        "ann",
    )
    assert info.updated == v.info.created


def test_create_from_builtin(store: Store, made: Version) -> None:
    assert made.text == base_text()
    assert made.info.note == f"from built-in '{BUILTIN}'"
    with pytest.raises(StoreError, match="already exists"):
        store.create_from_builtin(BUILTIN, author="bob")
    with pytest.raises(NotFound, match="no built-in scenario 'nope'; built-ins: "):
        store.create_from_builtin("nope", author="bob")


def test_save_versions_newest_first(store: Store, made: Version) -> None:
    v2 = store.save(SCENARIO_ID, text_for(2), base=1, author="bob", note="second")
    v3 = store.save(SCENARIO_ID, text_for(3), base=2, author="cy")
    assert (v2.info.number, v3.info.number) == (2, 3)
    infos = store.versions(SCENARIO_ID)
    assert [i.number for i in infos] == [3, 2, 1]
    assert [i.author for i in infos] == ["cy", "bob", "ann"]
    assert infos[1].note == "second"
    assert infos[0].created >= infos[1].created >= infos[2].created
    assert store.get(SCENARIO_ID).text == text_for(3)
    assert store.get(SCENARIO_ID, 2).text == text_for(2)
    assert store.get(SCENARIO_ID, 1).text == base_text()
    (info,) = store.scenarios()
    assert (info.latest, info.author, info.title) == (3, "cy", "UAW talks, edit 3")


def test_restore_is_a_new_version(store: Store, made: Version) -> None:
    store.save(SCENARIO_ID, text_for(2), base=1, author="bob")
    r = store.restore(SCENARIO_ID, 1, author="cy")
    assert (r.info.number, r.info.restored_from, r.info.author) == (3, 1, "cy")
    assert r.info.note == "restored version 1"
    assert r.text == base_text()
    assert store.get(SCENARIO_ID).text == base_text()
    r2 = store.restore(SCENARIO_ID, 2, author="dee", note="back to bob's")
    assert (r2.info.number, r2.info.restored_from, r2.info.note) == (4, 2, "back to bob's")
    assert [i.number for i in store.versions(SCENARIO_ID)] == [4, 3, 2, 1]
    with pytest.raises(NotFound, match="has no version 9"):
        store.restore(SCENARIO_ID, 9, author="cy")
    with pytest.raises(NotFound):
        store.restore("nope", 1, author="cy")


def test_diff_and_changes(store: Store, made: Version) -> None:
    store.save(SCENARIO_ID, text_for(2), base=1, author="bob")
    d = store.diff(SCENARIO_ID, 1, 2)
    assert d.startswith(f"--- {SCENARIO_ID} v1\n+++ {SCENARIO_ID} v2\n@@ ")
    old_title = made.scenario().title
    assert f"\n-title: {old_title}\n" in d
    assert "\n+title: UAW talks, edit 2\n" in d
    assert store.diff(SCENARIO_ID, 2, 1).startswith(f"--- {SCENARIO_ID} v2\n+++ {SCENARIO_ID} v1")
    assert store.diff(SCENARIO_ID, 2, 2) == ""
    assert store.changes(SCENARIO_ID, 1, 2) == ["title: changed"]
    assert store.changes(SCENARIO_ID, 2, 2) == []
    # records removed and changed, through the model and back to YAML
    scenario = made.scenario()
    gone = scenario.stances[-1]
    actor = scenario.actors[0].model_copy(update={"name": "Renamed"})
    edited = scenario.model_copy(
        update={"stances": scenario.stances[:-1], "actors": [actor, *scenario.actors[1:]]}
    )
    store.save(SCENARIO_ID, dump_scenario(edited), base=2, author="cy")
    assert store.changes(SCENARIO_ID, 1, 3) == [
        f"actors: changed '{actor.id}'",
        f"stances: removed '{gone.actor}/{gone.issue}'",
    ]
    assert store.changes(SCENARIO_ID, 3, 1)[1] == f"stances: added '{gone.actor}/{gone.issue}'"
    with pytest.raises(NotFound):
        store.diff(SCENARIO_ID, 1, 7)
    with pytest.raises(NotFound):
        store.diff("nope", 1, 2)


def test_delete(store: Store, made: Version) -> None:
    store.save(SCENARIO_ID, text_for(2), base=1, author="bob")
    with pytest.raises(EditConflict):
        store.save(SCENARIO_ID, text_for(3), base=1, author="cy")
    store.add_run(SCENARIO_ID, 2, "forecast", {}, None)
    store.delete(SCENARIO_ID)
    assert store.scenarios() == []
    with pytest.raises(NotFound):
        store.get(SCENARIO_ID)
    with pytest.raises(NotFound):
        store.delete(SCENARIO_ID)
    # the id is free again, and numbering starts afresh
    assert store.create_from_builtin(BUILTIN, author="dee").info.number == 1
    assert store.conflicts(SCENARIO_ID) == []
    assert store.runs(SCENARIO_ID) == []


# --- the conflict rule ---------------------------------------------------------------------
def test_second_save_on_the_same_base_is_refused_and_kept(store: Store, made: Version) -> None:
    won = store.save(SCENARIO_ID, text_for("ann"), base=1, author="ann", note="ann's")
    with pytest.raises(EditConflict) as caught:
        store.save(SCENARIO_ID, text_for("bob"), base=1, author="bob", note="bob's")
    err = caught.value
    assert err.latest == won.info
    message = str(err)
    assert "\n" not in message
    for part in ("based on version 1", "ann saved version 2", "(ann's)", "kept", "conflict #"):
        assert part in message
    assert won.info.created.strftime("%Y-%m-%d %H:%M:%S UTC") in message
    # both texts are kept: the winner as a version, the loser as a conflict
    assert store.get(SCENARIO_ID).text == text_for("ann")
    assert [v.number for v in store.versions(SCENARIO_ID)] == [2, 1]
    (c,) = store.conflicts(SCENARIO_ID)
    assert c == store.conflict(err.conflict_id)
    assert (c.id, c.scenario_id, c.base, c.author, c.note) == (
        err.conflict_id,
        SCENARIO_ID,
        1,
        "bob",
        "bob's",
    )
    assert c.text == text_for("bob")
    # bob merges and saves on the latest: accepted
    merged = store.save(SCENARIO_ID, text_for("merged"), base=2, author="bob")
    assert merged.info.number == 3
    # a third save on a stale base: another conflict, newest first
    with pytest.raises(EditConflict) as again:
        store.save(SCENARIO_ID, text_for("cy"), base=2, author="cy")
    assert again.value.latest.number == 3
    assert [x.id for x in store.conflicts(SCENARIO_ID)] == [again.value.conflict_id, c.id]


def test_concurrent_saves_from_threads(store: Store, made: Version) -> None:
    # Each round, several threads save on the same base at once: exactly one wins.
    threads = 6
    for base in (1, 2, 3):
        barrier = threading.Barrier(threads)
        outcome: dict[int, object] = {}

        def save(
            n: int,
            base: int = base,
            barrier: threading.Barrier = barrier,
            outcome: dict[int, object] = outcome,
        ) -> None:
            barrier.wait()
            try:
                outcome[n] = store.save(
                    SCENARIO_ID, text_for(f"{base}-{n}"), base=base, author=f"t{n}"
                )
            except Exception as exc:
                outcome[n] = exc

        pool = [threading.Thread(target=save, args=(n,)) for n in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wins = {n: v for n, v in outcome.items() if isinstance(v, Version)}
        lost = {n: e for n, e in outcome.items() if isinstance(e, EditConflict)}
        assert len(wins) == 1, outcome
        assert len(lost) == threads - 1, outcome
        ((winner, version),) = wins.items()
        assert version.info.number == base + 1
        assert store.get(SCENARIO_ID).text == text_for(f"{base}-{winner}")
        for n, err in lost.items():
            kept = store.conflict(err.conflict_id)
            assert (kept.base, kept.author, kept.text) == (base, f"t{n}", text_for(f"{base}-{n}"))
            assert err.latest.number == base + 1
    assert [v.number for v in store.versions(SCENARIO_ID)] == [4, 3, 2, 1]
    assert len(store.conflicts(SCENARIO_ID)) == 3 * (threads - 1)


def test_reads_while_writing_from_threads(store: Store, made: Version) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                latest = store.get(SCENARIO_ID)
                assert latest.text == (
                    base_text() if latest.info.number == 1 else text_for(latest.info.number)
                )
                store.scenarios()
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        for n in range(2, 12):
            store.save(SCENARIO_ID, text_for(n), base=n - 1, author="writer")
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert errors == []
    assert store.get(SCENARIO_ID).info.number == 11


# --- bad input -----------------------------------------------------------------------------
def test_unknown_ids(store: Store, made: Version) -> None:
    for call in (
        lambda: store.get("nope"),
        lambda: store.get("nope", 1),
        lambda: store.versions("nope"),
        lambda: store.save("nope", text_for(1), base=1, author="x"),
        lambda: store.restore("nope", 1, author="x"),
        lambda: store.conflicts("nope"),
        lambda: store.runs("nope"),
        lambda: store.delete("nope"),
        lambda: store.add_run("nope", 1, "forecast", {}, None),
    ):
        with pytest.raises(NotFound, match="no scenario 'nope'"):
            call()
    with pytest.raises(NotFound, match="has no version 5 \\(latest: 1\\)"):
        store.get(SCENARIO_ID, 5)
    with pytest.raises(NotFound, match="no conflict #999"):
        store.conflict(999)
    with pytest.raises(NotFound, match="no run #999"):
        store.run(999)
    with pytest.raises(NotFound, match="no run #999"):
        store.update_run(999, status="running")
    with pytest.raises(NotFound):
        store.add_run(SCENARIO_ID, 2, "forecast", {}, None)


def test_bad_base_is_refused(store: Store, made: Version) -> None:
    for base in (0, 2, -1):
        with pytest.raises(NotFound, match=f"has no version {base}"):
            store.save(SCENARIO_ID, text_for(2), base=base, author="bob")
    with pytest.raises(StoreError, match="must be an integer"):
        store.save(SCENARIO_ID, text_for(2), base="1", author="bob")  # type: ignore[arg-type]
    assert store.conflicts(SCENARIO_ID) == []
    assert [v.number for v in store.versions(SCENARIO_ID)] == [1]


def test_invalid_text_is_refused_with_located_problems(store: Store, made: Version) -> None:
    broken = base_text().replace("actors:", "actors: [unclosed", 1)
    with pytest.raises(InvalidScenario) as caught:
        store.save(SCENARIO_ID, broken, base=1, author="bob")
    err = caught.value
    assert err.problems and all(p.line is not None for p in err.problems if p.severity == "error")
    assert "not a valid scenario" in str(err) and "\n" not in str(err)
    # a value the model refuses: found, with its line
    bad = text_for(2).replace("title: UAW talks, edit 2", "title: UAW\nbogus_key: 1", 1)
    with pytest.raises(InvalidScenario) as caught:
        store.save(SCENARIO_ID, bad, base=1, author="bob")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.path == ("bogus_key",)
    assert problem.line == bad.splitlines().index("bogus_key: 1") + 1
    for text in ("", "- just\n- a list\n", "id: x\n"):
        with pytest.raises(InvalidScenario):
            store.save(SCENARIO_ID, text, base=1, author="bob")
        with pytest.raises(InvalidScenario):
            store.create(text, author="bob")
    with pytest.raises(InvalidScenario, match="must be a string"):
        store.save(SCENARIO_ID, b"id: x", base=1, author="bob")  # type: ignore[arg-type]
    # never stored, not even as a conflict (also with a stale base)
    store.save(SCENARIO_ID, text_for(2), base=1, author="ann")
    with pytest.raises(InvalidScenario):
        store.save(SCENARIO_ID, broken, base=1, author="bob")
    assert [v.number for v in store.versions(SCENARIO_ID)] == [2, 1]
    assert store.conflicts(SCENARIO_ID) == []
    assert [s.id for s in store.scenarios()] == [SCENARIO_ID]


def test_id_mismatch_is_refused(store: Store, made: Version) -> None:
    other = text_for(2).replace(f"id: {SCENARIO_ID}", "id: other-talks", 1)
    with pytest.raises(InvalidScenario) as caught:
        store.save(SCENARIO_ID, other, base=1, author="bob")
    (problem,) = caught.value.problems
    assert problem.path == ("id",)
    assert problem.line == other.splitlines().index("id: other-talks") + 1
    assert "'other-talks'" in str(caught.value) and f"'{SCENARIO_ID}'" in str(caught.value)
    assert [v.number for v in store.versions(SCENARIO_ID)] == [1]
    # under its own id it is a new scenario
    assert store.create(other, author="bob").info.scenario_id == "other-talks"
    assert [s.id for s in store.scenarios()] == ["other-talks", SCENARIO_ID]


def test_author_and_note_are_checked(store: Store, made: Version) -> None:
    for author in ("", "   ", "x" * 201):
        with pytest.raises(StoreError, match="author"):
            store.save(SCENARIO_ID, text_for(2), base=1, author=author)
        with pytest.raises(StoreError, match="author"):
            store.create(text_for(2), author=author)
    with pytest.raises(StoreError, match="note"):
        store.save(SCENARIO_ID, text_for(2), base=1, author="a", note=None)  # type: ignore[arg-type]
    v = store.save(SCENARIO_ID, text_for(2), base=1, author="  ann  ", note=" why ")
    assert (v.info.author, v.info.note) == ("ann", "why")


# --- runs ----------------------------------------------------------------------------------
def test_runs_lifecycle(store: Store, made: Version) -> None:
    store.save(SCENARIO_ID, text_for(2), base=1, author="bob")
    params = {"model": "eum", "draws": 200, "nested": {"a": [1, 2.5, None, "x"]}}
    r = store.add_run(SCENARIO_ID, 2, "forecast", params, 2**40)
    assert (r.scenario_id, r.version, r.kind, r.params, r.seed) == (
        SCENARIO_ID,
        2,
        "forecast",
        params,
        2**40,
    )
    assert (r.status, r.progress, r.finished, r.result, r.error) == (
        "queued",
        0.0,
        None,
        None,
        None,
    )
    assert store.run(r.id) == r
    r = store.update_run(r.id, status="running", progress=0.25)
    assert (r.status, r.progress) == ("running", 0.25)
    result = {"outcome": {"wages": 0.31}, "rounds": [1, 2, 3]}
    r = store.update_run(r.id, status="done", result=result)
    assert (r.status, r.progress, r.result) == ("done", 1.0, result)
    assert r.finished is not None and r.finished >= r.created
    assert store.run(r.id) == r
    with pytest.raises(StoreError, match="already done"):
        store.update_run(r.id, status="running")
    assert store.update_run(r.id, progress=0.5).progress == 1.0  # a late progress report
    failed = store.add_run(SCENARIO_ID, 1, "simulation", {}, None)
    failed = store.update_run(failed.id, status="failed", error="boom", progress=0.5)
    assert (failed.status, failed.error, failed.progress) == ("failed", "boom", 0.5)
    assert failed.finished is not None and failed.seed is None
    assert [x.id for x in store.runs(SCENARIO_ID)] == [failed.id, r.id]


def test_interrupt_runs_marks_only_runs_in_flight(store: Store, made: Version) -> None:
    queued = store.add_run(SCENARIO_ID, 1, "forecast", {}, None)
    running = store.update_run(store.add_run(SCENARIO_ID, 1, "forecast", {}, None).id,
                               status="running", progress=0.4)  # fmt: skip
    kept = store.update_run(store.add_run(SCENARIO_ID, 1, "forecast", {}, None).id,
                            status="running")  # fmt: skip
    done = store.update_run(store.add_run(SCENARIO_ID, 1, "forecast", {}, None).id,
                            status="done", result={"x": 1})  # fmt: skip
    failed = store.update_run(store.add_run(SCENARIO_ID, 1, "forecast", {}, None).id,
                              status="failed", error="boom")  # fmt: skip
    marked = store.interrupt_runs("the server stopped", keep={kept.id})
    assert marked == [queued.id, running.id]
    for r in (queued, running):
        now = store.run(r.id)
        assert (now.status, now.error) == ("interrupted", "the server stopped")
        assert now.finished is not None and now.progress == r.progress
    assert store.run(kept.id).status == "running"
    assert store.run(done.id) == done and store.run(failed.id) == failed
    with pytest.raises(StoreError, match="already interrupted"):
        store.update_run(queued.id, status="running")  # a late worker cannot revive it
    assert store.update_run(running.id, progress=0.9).progress == 0.4  # late report ignored
    assert store.interrupt_runs("again") == [kept.id]
    assert store.interrupt_runs("nothing left") == []


def test_runs_bad_input(store: Store, made: Version) -> None:
    for kind in ("", "  ", "k" * 41):
        with pytest.raises(StoreError, match="kind"):
            store.add_run(SCENARIO_ID, 1, kind, {}, None)
    for params in ([1], {"x": math.nan}, {"x": object()}, {"x": math.inf}):
        with pytest.raises(StoreError, match="JSON"):
            store.add_run(SCENARIO_ID, 1, "forecast", params, None)  # type: ignore[arg-type]
    for seed in (1.5, "7", True, 2**64):
        with pytest.raises(StoreError, match="seed"):
            store.add_run(SCENARIO_ID, 1, "forecast", {}, seed)  # type: ignore[arg-type]
    r = store.add_run(SCENARIO_ID, 1, "forecast", {}, 0)
    with pytest.raises(StoreError, match="unknown run status 'finished'"):
        store.update_run(r.id, status="finished")
    for progress in (-0.1, 1.5, math.nan):
        with pytest.raises(StoreError, match="progress"):
            store.update_run(r.id, progress=progress)
    with pytest.raises(StoreError, match="JSON"):
        store.update_run(r.id, result={"x": math.nan})
    with pytest.raises(StoreError, match="error must be text"):
        store.update_run(r.id, error=3)  # type: ignore[arg-type]
    assert store.run(r.id) == r  # nothing changed


def test_lost_race_at_the_insert_is_a_conflict(
    store: Store, made: Version, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process commits base + 1 between this save's read of the latest version and
    # its insert: simulated by a read that still sees version 1. The unique constraint on
    # (scenario, number) refuses the insert, and the text is kept as a conflict.
    from accord.store import versions

    store.save(SCENARIO_ID, text_for("first"), base=1, author="ann")
    real = versions.latest
    stale = {"on": True}

    def latest(session, scenario_id):  # type: ignore[no-untyped-def]
        if stale["on"]:
            stale["on"] = False
            return versions.version(session, scenario_id, 1)
        return real(session, scenario_id)

    monkeypatch.setattr(versions, "latest", latest)
    with pytest.raises(EditConflict) as caught:
        store.save(SCENARIO_ID, text_for("second"), base=1, author="bob")
    assert caught.value.latest.number == 2
    assert store.conflict(caught.value.conflict_id).text == text_for("second")
    assert store.get(SCENARIO_ID).text == text_for("first")
    assert [v.number for v in store.versions(SCENARIO_ID)] == [2, 1]
