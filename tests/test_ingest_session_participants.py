"""Who takes part in a session of the whole negotiation ("the round", "a joint session",
"the parties meet"): every party and the mediator who convenes it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.io import load_scenario
from ingest_text import items_of

LABOUR = load_scenario(Path(__file__).parent / "data" / "news" / "labour.yaml")
ALL = {"union", "employers", "mediator"}


@pytest.mark.parametrize(
    "text",
    [
        "The parties meet again on Friday at the mediation offices.",
        "The first joint session will take place on 3 March.",
        "The next round is due to open on Monday.",
        "A plenary is planned for Tuesday.",
    ],
)
def test_a_session_of_the_whole_negotiation_has_every_party_and_the_mediator(text: str):
    events = items_of("event", text, LABOUR)
    assert len(events) == 1
    assert set(events[0].participants or []) == ALL


@pytest.mark.parametrize(
    "text",
    [
        # one side's own meeting, and a round of something that is no session
        "The union executive meets on Saturday.",
        "The union will hold a vote on Monday after the next round of strikes.",
    ],
)
def test_one_sides_meeting_is_not_a_session_of_all(text: str):
    for e in items_of("event", text, LABOUR):
        assert set(e.participants or []) != ALL
