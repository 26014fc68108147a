"""Short forms of a bloc's name: "the islands" and "the island states" for the Alliance of
Small Island States, never a shared word of size or wealth ("developing countries")."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.mentions import actor_aliases
from accord.io import load_scenario
from ingest_text import items_of

CLIMATE = load_scenario(Path(__file__).parent / "data" / "news" / "climate.yaml")


def test_short_forms_are_derived_from_what_the_members_are():
    forms = actor_aliases(CLIMATE)
    assert {"island states", "island nations", "the islands"} <= set(forms["islands"])
    assert {"the Like-Minded", "like-minded group"} <= set(forms["lmdc"])
    # a word of wealth is shared by many countries: no short form from it
    assert "developing countries" not in forms["lmdc"]
    assert "the developings" not in forms["lmdc"]


@pytest.mark.parametrize(
    "text",
    [
        "The islands also want a dated phase-out of fossil fuels in the final text.",
        "The island states want a dated phase-out of coal, oil and gas.",
        "Island nations want a dated phase-out of fossil fuels.",
    ],
)
def test_a_bloc_named_by_its_short_form_holds_the_demand(text: str):
    got = items_of("demand", text, CLIMATE)
    assert [d.actor for d in got] == ["islands"]


@pytest.mark.parametrize(
    "text",
    [
        # no bloc is named: these are all developing countries, or a place
        "Developing countries want a dated phase-out of fossil fuels.",
        "Many poor states want a dated phase-out of fossil fuels.",
    ],
)
def test_shared_words_name_no_bloc(text: str):
    got = items_of("demand", text, CLIMATE)
    assert all(d.actor not in {"islands", "lmdc"} for d in got), [d.actor for d in got]
