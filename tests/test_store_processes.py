"""The store across processes: a writer killed mid-save loses nothing it acknowledged and
leaves nothing half-written; two processes saving on the same bases get one winner each.

On SQLite, and on PostgreSQL when ACCORD_TEST_POSTGRES holds a URL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.io.scenarios import parse_scenario
from accord.store import Store
from store_support import BUILTIN, SCENARIO_ID, backends, base_text, fresh_url, text_for

WORKER = Path(__file__).with_name("store_worker.py")


@pytest.fixture(params=backends())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_url(request.param, tmp_path) as u:
        with Store(u) as store:
            store.create_from_builtin(BUILTIN, author="setup")
        yield u


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_writer_loses_nothing_acknowledged(url: str) -> None:
    rng = random.Random(7)
    acknowledged: list[int] = []
    parsed = 1  # versions up to this one have been parsed back (1 is the built-in)
    for _ in range(3):  # three kills, each at a different point of the save loop
        proc = _worker("loop", url)
        assert proc.stdout is not None
        try:
            target = len(acknowledged) + rng.randint(8, 20)
            # no clock: a worker that dies ends the output (and fails below); a slow one is
            # waited for however loaded the machine is
            while len(acknowledged) < target:
                line = proc.stdout.readline()
                if not line:
                    break
                acknowledged.append(int(line))
            time.sleep(rng.uniform(0.0, 0.05))  # land somewhere inside the next save
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=600)  # guards against a hang only
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        # lines printed before the kill but not yet read are acknowledged too
        acknowledged += [int(x) for x in proc.stdout.read().split()]
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        assert len(acknowledged) >= target, "the worker stopped saving"

        with Store(url) as store:  # reopening also runs the (no-op) migration
            infos = store.versions(SCENARIO_ID)
            numbers = sorted(i.number for i in infos)
            # contiguous, and every acknowledged version is there
            assert numbers == list(range(1, len(numbers) + 1))
            assert set(acknowledged) <= set(numbers)
            # intact: every version (acknowledged or committed just before the kill), each
            # checked again after every kill; parsed back once, the round it first appears
            for number in numbers[1:]:
                version = store.get(SCENARIO_ID, number)
                assert version.text == text_for(number)
                if number > parsed:
                    scenario, _ = parse_scenario(version.text, f"v{number}")
                    assert scenario is not None
                    assert scenario.title == f"UAW talks, edit {number}"
            parsed = numbers[-1]
            assert store.get(SCENARIO_ID, 1).text == base_text()
            assert store.conflicts(SCENARIO_ID) == []
    # Each number acknowledged once, in order. A gap is fine: a save committed just before
    # the kill, whose number the worker had no time to print, is kept (and checked above).
    assert acknowledged == sorted(set(acknowledged))


def test_two_processes_one_winner_per_base(url: str) -> None:
    rounds = 15
    start = time.time() + 2.0  # both have opened the store by then
    procs = {tag: _worker("race", url, tag, str(rounds), str(start)) for tag in ("p", "q")}
    outcomes: dict[str, list[list[str]]] = {}
    for tag, proc in procs.items():
        out, err = proc.communicate(timeout=600)  # guards against a hang only
        assert proc.returncode == 0, err
        outcomes[tag] = [line.split() for line in out.splitlines()]
    winners: dict[int, str] = {}
    lost: dict[int, tuple[int, str]] = {}  # conflict id -> (base, tag)
    for tag, lines in outcomes.items():
        assert [int(x[1]) for x in lines] == list(range(1, rounds + 1))
        for what, base, value in lines:
            if what == "win":
                assert int(base) not in winners, f"two winners for base {base}"
                assert int(value) == int(base) + 1
                winners[int(base)] = tag
            else:
                lost[int(value)] = (int(base), tag)
    assert sorted(winners) == list(range(1, rounds + 1))  # exactly one winner per base
    assert len(lost) == rounds  # and the other one refused, every time
    with Store(url) as store:
        numbers = [i.number for i in store.versions(SCENARIO_ID)]
        assert numbers == list(range(rounds + 1, 0, -1))
        for base, tag in winners.items():
            version = store.get(SCENARIO_ID, base + 1)
            assert (version.info.author, version.text) == (tag, text_for(f"{tag}-{base}"))
        kept = store.conflicts(SCENARIO_ID)
        assert {c.id for c in kept} == set(lost)
        for c in kept:
            assert (c.base, c.author) == lost[c.id]
            assert c.text == text_for(f"{c.author}-{c.base}")


@pytest.mark.parametrize("backend", backends())
def test_processes_opening_a_fresh_database_at_once(backend: str, tmp_path: Path) -> None:
    # Both migrate the empty database: one creates the schema, the other waits and finds
    # it at head (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
    with fresh_url(backend, tmp_path) as u:
        start = time.time() + 1.5
        procs = [_worker("open", u, str(start)) for _ in range(3)]
        said = []
        for proc in procs:
            out, err = proc.communicate(timeout=600)  # guards against a hang only
            assert proc.returncode == 0, err
            said.append(out.strip())
        assert sorted(said) == ["created", "exists", "exists"]
        with Store(u) as store:
            assert [v.number for v in store.versions(SCENARIO_ID)] == [1]
