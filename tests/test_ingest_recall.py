"""News ingest: the wordings of claims, threats and events beyond the verbs of claiming,
threatening and meeting, each with sentences that must not be read as one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from accord.ingest.events import parse_date  # noqa: E402
from accord.ingest.evidence import EvidenceFile, EvidenceType  # noqa: E402
from accord.ingest.nlp import load_nlp  # noqa: E402
from accord.io import load_builtin, load_scenario  # noqa: E402
from accord.model import Scenario  # noqa: E402
from ingest_text import read_text  # noqa: E402

WEDNESDAY = dt.date(2025, 12, 3)


@pytest.fixture(scope="module")
def ukraine() -> Scenario:
    load_nlp()
    return load_builtin("ukraine-2025")


@pytest.fixture(scope="module")
def trade() -> Scenario:
    load_nlp()
    return load_scenario(Path(__file__).parent / "data" / "news" / "trade.yaml")


def read(text: str, scenario: Scenario, day: dt.date | None = WEDNESDAY) -> EvidenceFile:
    return read_text(text, scenario, day)


def holders(text: str, scenario: Scenario, kind: EvidenceType) -> list[str | None]:
    return [e.actor or e.speaker for e in read(text, scenario).evidence if e.type is kind]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jakarta says the safeguard inquiry is protectionism in disguise.", ["indonesia"]),
        ("Indonesian ministers said the Commission's review was biased.", ["indonesia"]),
        ("Brussels says the export ban breaks global trading rules.", ["eu"]),
        ("Roeder rejected Hidayat's claim that the EU had stalled the talks.", ["indonesia"]),
        ("There are reports that Jakarta offered a quota in private.", ["reports"]),
        # what a party wants, and an accusation denied, are no claims
        ("Jakarta says the export ban must stay in place.", []),
        ("Brussels did not say the ban breaks any rules.", []),
    ],
)
def test_claims_in_their_wording(trade: Scenario, sentence: str, expected: list[str]):
    assert holders(sentence, trade, EvidenceType.claim) == expected


def test_calling_a_leader_illegitimate_is_a_claim_not_a_demand(ukraine: Scenario):
    ev = read("The Kremlin has again called Zelenskyy illegitimate.", ukraine)
    kinds = {"claim", "demand"}
    found = [(e.type.value, e.actor) for e in ev.evidence if e.type.value in kinds]
    assert found == [("claim", "russia")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Brussels said the EU would respond with duties on steel if Jakarta refused.", ["eu"]),
        ("The Commission is weighing whether it will retaliate if the ban stays.", ["eu"]),
        ("Jakarta is considering tariffs on European dairy.", ["indonesia"]),
        ("Roeder said duties on Indonesian steel could be imposed next year.", ["eu"]),
        ("Hidayat said the offer would not stay on the table forever.", ["indonesia"]),
        # not a threat: a consequence with no condition, and a past diversion reported
        ("Brussels said the EU would respond to the proposal next week.", []),
        ("Shippers said they had diverted cargo last year.", []),
    ],
)
def test_threats_beyond_the_verb_threaten(trade: Scenario, sentence: str, expected: list[str]):
    assert holders(sentence, trade, EvidenceType.threat) == expected


def test_a_warning_of_loss_is_the_speakers_threat(ukraine: Scenario):
    text = "Peskov warned that Kyiv would lose more territory if it did not withdraw."
    assert holders(text, ukraine, EvidenceType.threat) == ["russia"]
    text = "Russian officials have warned of a harsh response if Europe seizes the assets."
    assert holders(text, ukraine, EvidenceType.threat) == ["russia"]
    text = "Lavrov called any seizure of the assets a cause for war."
    assert holders(text, ukraine, EvidenceType.threat) == ["russia"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # said on a Wednesday: next week's Thursday, not tomorrow
        ("next Thursday", dt.date(2025, 12, 11)),
        ("next Monday", dt.date(2025, 12, 8)),
        ("this afternoon", WEDNESDAY),
        ("tonight", WEDNESDAY),
    ],
)
def test_relative_dates(text: str, date: dt.date):
    assert parse_date(text, WEDNESDAY) == date


def test_events_named_by_visits_and_months(ukraine: Scenario):
    ev = read(
        "Putin received the American envoys in the Kremlin on Tuesday.\n\n"
        "A follow-up meeting is expected in Miami on Saturday.\n\n"
        "The two delegations will meet again in February.\n\n"
        "Putin said in February that the war would go on.",
        ukraine,
    )
    events = [(e.date, e.when, e.outcome) for e in ev.evidence if e.type is EvidenceType.event]
    assert events == [
        (dt.date(2025, 12, 2), "on Tuesday", "held"),
        (dt.date(2025, 12, 6), "on Saturday", "planned"),
        (None, "in February", "planned"),
    ]
