"""A party's demand with no one named to act is made on the party across the table, in a
negotiation of two parties only (an assumption the docs state)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.io import load_scenario
from ingest_text import items_of

NEWS = Path(__file__).parent / "data" / "news"
TRADE = load_scenario(NEWS / "trade.yaml")  # two parties: the EU and Indonesia
CLIMATE = load_scenario(NEWS / "climate.yaml")  # three parties and a presidency


@pytest.mark.parametrize(
    ("text", "holder", "target"),
    [
        ("Jakarta wants a binding timetable for the quota.", "indonesia", "eu"),
        ("The EU insists on full traceability for palm oil.", "eu", "indonesia"),
    ],
)
def test_a_partys_demand_is_made_on_the_other_party(text: str, holder: str, target: str):
    (d,) = items_of("demand", text, TRADE)
    assert (d.actor, d.target) == (holder, target)


def test_with_more_than_two_parties_the_text_must_name_the_target():
    (d,) = items_of("demand", "The island states want a dated phase-out of coal.", CLIMATE)
    assert d.actor == "islands" and d.target is None


def test_a_mediators_demand_gets_no_default_target():
    scenario = load_scenario(NEWS / "labour.yaml")
    (d,) = items_of("demand", "The mediator wants a settlement by Friday.", scenario)
    assert d.actor == "mediator" and d.target is None
