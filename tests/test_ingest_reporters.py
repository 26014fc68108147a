"""Who passes a side's position on: "according to X" when the side holds it, an unnamed
source ("a senior official said"), and a reporter's name kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.io import load_scenario
from ingest_text import items_of

CEASEFIRE = load_scenario(Path(__file__).parent / "data" / "news" / "ceasefire.yaml")


def _demand(text: str):
    got = items_of("demand", text, CEASEFIRE)
    assert len(got) == 1, [d.text for d in got]
    return got[0]


@pytest.mark.parametrize(
    ("text", "reporter"),
    [
        (
            "The government no longer rejects talks on detainees outright, "
            "according to diplomats following the talks.",
            "diplomats",
        ),
        ("The government wants a ceasefire first, according to two diplomats.", "two diplomats"),
        ("According to two officials, the government wants a ceasefire first.", "two officials"),
    ],
)
def test_according_to_names_who_passes_on_a_sides_position(text: str, reporter: str):
    d = _demand(text)
    assert d.actor == "government"
    assert d.reporter is not None and d.reporter.startswith(reporter)


def test_a_reporters_name_keeps_the_words_inside_it():
    quotes = items_of(
        "quote",
        "Two people close to the talks told us the government wants a ceasefire first.",
        CEASEFIRE,
    )
    names = {q.speaker for q in quotes} | {q.reporter for q in quotes}
    assert "Two people close to the talks" in names


@pytest.mark.parametrize(
    "text",
    [
        # the side's own voice: a named minister or the government itself relays nothing
        "The government wants a ceasefire first, Information Minister Farida Osei said.",
        "The government said it wants a ceasefire first.",
    ],
)
def test_a_side_speaking_for_itself_has_no_reporter(text: str):
    assert _demand(text).reporter is None
