"""Replaying a scenario as of a date (`--as-of`), and the Ukraine case's dynamics."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accord.dynamics.timeline import batna_at
from accord.io import load_builtin
from accord.model.asof import scenario_as_of, scenario_last_date
from cli_runner import accord


def test_as_of_keeps_what_was_on_the_record():
    s = load_builtin("ukraine-2025")
    replay = scenario_as_of(s, dt.date(2025, 11, 24))
    # us-28 (20 Nov) and e3-counter (23 Nov) were on the table; geneva-19 (25 Nov) was not
    assert [p.id for p in replay.scenario.proposals] == ["us-28", "e3-counter"]
    assert set(replay.dropped_proposals) == {"geneva-19", "moscow-27", "framework-20"}
    assert all(e.date <= dt.date(2025, 11, 24) for e in replay.scenario.events)
    assert replay.dropped_events == sum(e.date > dt.date(2025, 11, 24) for e in s.events) > 0
    assert replay.scenario.as_of == dt.date(2025, 11, 24)
    # drafts whose parent is dropped lose the link, keep their content
    for p in replay.scenario.proposals:
        assert p.based_on is None or p.based_on in {"us-28", "e3-counter"}
    # undated stances are kept, and a note says so; dated ones take the values of the day
    undated = [st for st in s.stances if st.since is None]
    assert [st for st in replay.scenario.stances if st.since is None] == undated
    assert any("not dated" in n for n in replay.notes)


def test_as_of_the_scenario_date_changes_nothing_and_later_is_refused():
    s = load_builtin("ukraine-2025")
    same = scenario_as_of(s, s.as_of).scenario  # type: ignore[arg-type]
    assert [p.id for p in same.proposals] == [p.id for p in s.proposals]
    assert same.stances == s.stances  # every dated value holds from on or before as_of
    last = scenario_last_date(s)
    assert last is not None and last >= s.as_of  # type: ignore[operator]
    scenario_as_of(s, last)  # the last dated item is accepted ...
    with pytest.raises(ValueError, match=f"after the scenario's last dated item \\({last}\\)"):
        scenario_as_of(s, last + dt.timedelta(days=1))  # ... the day after it is not


def test_as_of_on_the_command_line():
    proc = accord("score", "ukraine-2025", "--as-of", "2025-12-03", "--json")
    data = json.loads(proc.stdout)
    assert "framework-20" not in json.dumps(data["proposals"])
    assert "moscow-27" in json.dumps(data["proposals"])
    assert "drafts not yet on the table: framework-20" in proc.stderr
    for args, message in [
        (("score", "ukraine-2025", "--as-of", "3 Dec"), "is not a date; give YYYY-MM-DD"),
        (("analyze", "ukraine-2025", "--as-of", "2030-01-01"), "after the scenario's last dated"),
    ]:
        bad = accord(*args, check=2)
        assert message in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_ukraine_alternatives_over_time_by_hand():
    s = load_builtin("ukraine-2025")
    at12 = batna_at(s, 12)
    # russia: 0.32 + 12 (0.003 - 0.004) = 0.308; ukraine: 0.45 + 12 (-0.003 + 0.003 - 0.004)
    assert at12["russia"] == pytest.approx(0.308)
    assert at12["ukraine"] == pytest.approx(0.402)
    # military aid cut: Ukraine's support 0.003 - 0.004 = -0.001 (net -0.008 a month);
    # Russia's trend 0.003 + 0.002 = 0.005 (net 0.002)
    data = json.loads(
        accord("timeline", "ukraine-2025", "--months", "12", "--set", "military_aid=0",
               "--batna", "assessed", "--json").stdout
    )  # fmt: skip
    last = data["months"][-1]["batna"]
    assert last["ukraine"] == pytest.approx(0.45 - 12 * 0.008)
    # Russia's trend 0.005 less its cost of fighting on, 0.004 (net 0.001)
    assert last["russia"] == pytest.approx(0.32 + 12 * 0.001)
    # Donbas is the clash: the aid cut takes Ukraine's soft Donbas line to 0.5 and its erosion
    # (0.01 a month) below 0.5 from month 1, and with that line given a zone opens under the
    # assessed alternatives; Russia's guarantee line is waived when no Western troops are based
    # in Ukraine, so nothing else closes it
    assert [m["zopa"]["exists"] for m in data["months"]] == [False] + [True] * 12
