"""The third parties and the order of steps, from the scenario's records: the mediator's
lean against a plain loop, and the section titled from what the scenario holds."""

from __future__ import annotations

import math

import pytest

from accord.analysis import parties
from accord.io import builtin_names, load_builtin
from accord.overview.mediation import Mediation, NamedOrder, better_order, leans
from accord.report.sections.mediation import title
from oracle_mediation import distances


@pytest.mark.parametrize("name", builtin_names())
def test_lean_is_the_plain_weighted_distance(name: str) -> None:
    s = load_builtin(name)
    who = list(parties(s))
    for lean in leans(s, who):
        want = distances(s, lean.mediator, who)
        for p in who:
            a, b = lean.distance[p], want[p]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)


def test_better_order_needs_a_clear_gap() -> None:
    a = NamedOrder("d", "a", "A", ("x", "y"), {"p": 0.10, "q": -0.2}, True)
    b = NamedOrder("d", "b", "B", ("y", "x"), {"p": 0.104, "q": 0.1}, True)
    assert better_order((a, b), "p") is None  # within half a hundredth: no preference
    assert better_order((a, b), "q") == b
    assert better_order((a,), "q") is None


def test_title_names_only_what_the_scenario_holds() -> None:
    order = NamedOrder("d", "a", "A", ("x",), {}, True)
    assert title(Mediation((), (), (), (order,))) == "The order of steps"


def test_order_lines_say_they_are_computed_not_stated() -> None:
    from accord.report.sections.mediation import order_lines

    s = load_builtin("ukraine-2025")
    a = NamedOrder("us-28", "a", "A", ("x", "y"), {"russia": 0.10, "ukraine": -0.2}, True)
    b = NamedOrder("us-28", "b", "B", ("y", "x"), {"russia": 0.0, "ukraine": 0.1}, True)
    (line,) = order_lines(s, (a, b), ["russia", "ukraine"])
    assert line.startswith("us-28: By the model's arithmetic the orders divide the parties")
    assert "Russia under ‘a’ and Ukraine under ‘b’" in line
    assert line.endswith("not from the orders they state).")
