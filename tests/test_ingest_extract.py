"""The extractors on short texts: aliases, speakers, demands with lists, claims, threats,
events with their dates, and suggestions against the scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from accord.ingest.events import parse_date
from accord.ingest.evidence import EvidenceFile
from accord.ingest.extract import ingest
from accord.ingest.nlp import load_nlp
from accord.ingest.read import ArticleText
from accord.io import load_builtin, load_scenario
from accord.model import Scenario

NEWS = Path(__file__).parent / "data" / "news"
DAY = dt.date(2025, 12, 3)  # a Wednesday


@pytest.fixture(scope="module")
def ukraine() -> Scenario:
    load_nlp()
    return load_builtin("ukraine-2025")


def run(text: str, scenario: Scenario | None, day: dt.date | None = DAY) -> EvidenceFile:
    return ingest([ArticleText(path="t.txt", text=text, date=day)], scenario)


def of(ev: EvidenceFile, kind: str) -> list:
    return [e for e in ev.evidence if e.type.value == kind]


def test_pipeline_loads_by_package_name():
    nlp = load_nlp()
    assert "parser" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert nlp.meta["lang"] == "en"


def test_aliases_link_people_and_capitals_to_actors(ukraine: Scenario):
    ev = run(
        "Putin met Witkoff in the Kremlin. Moscow and Kyiv traded blame. Zelenskyy "
        "spoke to reporters.",
        ukraine,
    )
    found = {(m.text, m.actor) for m in of(ev, "mention")}
    assert ("Putin", "russia") in found
    assert ("Witkoff", "usa") in found
    assert ("Moscow", "russia") in found or ("the Kremlin", "russia") in found
    assert ("Kyiv", "ukraine") in found and ("Zelenskyy", "ukraine") in found


def test_every_record_points_at_its_sentence(ukraine: Scenario):
    text = "Peace talks stalled. Kremlin spokesman Dmitry Peskov said Russia would not budge."
    ev = run(text, ukraine)
    for e in ev.evidence:
        assert text[e.start : e.end] == e.sentence
        assert e.sentence.strip() == e.sentence


def test_reported_and_direct_speech_with_pronoun_speaker(ukraine: Scenario):
    text = (
        "Kremlin spokesman Dmitry Peskov said Russia had not received the new text. "
        '"We will study it carefully," he said. According to Rubio, progress was made.'
    )
    quotes = of(run(text, ukraine), "quote")
    assert [(q.actor, q.kind) for q in quotes] == [
        ("russia", "reported"),
        ("russia", "direct"),
        ("usa", "reported"),
    ]
    assert quotes[1].text == "We will study it carefully,"
    assert "Peskov" in (quotes[1].speaker or "")


def test_quote_split_over_two_sentences_goes_to_its_speaker(ukraine: Scenario):
    text = 'Talks went on. "We are not against peace. We are against surrender," Zelenskyy said.'
    quotes = of(run(text, ukraine), "quote")
    assert len(quotes) == 1 and quotes[0].actor == "ukraine"
    assert text[quotes[0].start :].startswith('"We are not against peace.')


def test_bulleted_demands_take_the_holder_and_their_issue(ukraine: Scenario):
    text = (
        "The Kremlin published its terms on Monday. Russia demands:\n"
        "- the withdrawal of Ukrainian forces from Donetsk;\n"
        "- a legally binding ban on Ukraine joining NATO;\n"
        "- the lifting of sanctions.\n\n"
        "Kyiv rejected the list."
    )
    demands = of(run(text, ukraine), "demand")
    bullets = [d for d in demands if d.sentence.startswith("-")]
    assert [d.actor for d in bullets] == ["russia"] * 3
    assert [d.issues for d in bullets] == [["donbas"], ["nato"], ["sanctions"]]
    assert bullets[1].text == "a legally binding ban on Ukraine joining NATO"


def test_red_line_and_suggestion_against_the_stance(ukraine: Scenario):
    ev = run(
        "Russia demands:\n- a legally binding ban on Ukraine joining NATO, in its constitution.\n",
        ukraine,
    )
    (sug,) = [s for s in ev.suggestions if "NATO" in s.message]
    assert sug.verdict.value == "supports"
    assert "matches current position" in sug.message
    ev = run("Zelenskyy insisted that Ukraine would never give up its NATO bid.", ukraine)
    demand = of(ev, "demand")[0]
    assert demand.kind == "red_line" and demand.issues == ["nato"]


def test_contradicting_and_new_suggestions():
    trade = load_scenario(NEWS / "trade.yaml")
    ev = run("Jakarta said it wants the export ban lifted for nickel ore.", trade)
    (sug,) = ev.suggestions
    assert sug.verdict.value == "contradicts"
    assert sug.change is not None and sug.change.value == "lifted"
    ev = run("Brussels warned it would impose tariffs on Indonesian steel.", trade)
    threat = of(ev, "threat")[0]
    assert (threat.actor, threat.kind) == ("eu", "sanctions")
    assert ev.suggestions[0].verdict.value == "supports"  # the EU has a BATNA


def test_claims_and_denials(ukraine: Scenario):
    ev = run(
        "Lavrov claimed that Ukrainian drones had attacked a residence. "
        "Zelenskyy denied that any attack had taken place.",
        ukraine,
    )
    assert [(c.actor) for c in of(ev, "claim")] == ["russia"]
    assert [(d.actor) for d in of(ev, "denial")] == ["ukraine"]


@pytest.mark.parametrize(
    ("negotiation", "sentence", "claims"),
    [
        # harm a party says was done: a claim in its reported words
        ("ceasefire", "The Front says four civilians were killed in the attack.", 1),
        ("ceasefire", "The Front said army units turned a food convoy back at the bridge.", 1),
        ("labour", "Marsh said the operators plan to cut 1,500 jobs by 2031.", 1),
        ("trade", "Roeder said the ban has cost European mills three billion euros.", 1),
        ("labour", "The union says the new gates have already cost checkers' jobs.", 1),
        ("trade", "Roeder said nickel is sold in Europe below the cost of making it.", 1),
        ("ceasefire", "The spokesman said the Front has lost ground near the bridge.", 1),
        ("ukraine", "The Kremlin says its advance around Siversk is speeding up.", 1),
        ("ukraine", "Putin also called the leadership in Kyiv illegitimate.", 1),
        # the same words with no one saying them, or of no harm
        ("ceasefire", "Four civilians were killed in the attack.", 0),
        ("labour", "Marsh said the trip had cost her a week.", 0),
    ],
)
def test_harm_in_reported_speech_is_a_claim(
    negotiation: str, sentence: str, claims: int, request: pytest.FixtureRequest
):
    scenario = request.getfixturevalue(negotiation)
    assert len(of(run(sentence, scenario), "claim")) == claims


@pytest.mark.parametrize(
    "sentence",
    [
        # a denial in the words of reported speech
        "Keller said that was not correct.",
        "Keller said not one vessel has been rerouted.",
        "Keller said nothing of the kind had been agreed.",
        "Keller said nothing of the sort had been agreed.",
        # an act the other side is said to have done, denied: "No ship has been diverted",
        # "Nobody in this association has put forward a figure"
        "Keller said no ship has been diverted, to Halloran or anywhere else.",
        "Keller said: Nobody in this association has put forward a figure of four hundred.",
        "Keller said nobody lost a job.",
    ],
)
def test_denials_in_reported_words(sentence: str, labour: Scenario):
    assert [d.actor for d in of(run(sentence, labour), "denial")] == ["employers"]


@pytest.mark.parametrize(
    "sentence",
    [
        # the state of the talks, not an act denied; what nobody said or wants
        "Keller said no compromise had been found on the cranes.",
        "Keller said nobody has ever said the union would never accept cranes.",
        "Keller said nobody should read that as a threat.",
        "Keller said the no vote had been driven by a campaign online.",
        "Marsh said nobody has given the union a map of the new berths.",
    ],
)
def test_no_denial_in_the_state_of_the_talks(sentence: str, labour: Scenario):
    assert of(run(sentence, labour), "denial") == []


def test_threats_name_who_signals_what(ukraine: Scenario):
    ev = run(
        "Peskov said Russia will keep up its offensive. Trump said the United States would "
        "walk away from the talks.",
        ukraine,
    )
    assert [(t.actor, t.kind) for t in of(ev, "threat")] == [
        ("russia", "fight"),
        ("usa", "walk_away"),
    ]


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("The delegations met in Geneva on Tuesday.", dt.date(2025, 12, 2)),
        ("The delegations will meet in Geneva on Friday.", dt.date(2025, 12, 5)),
        ("The delegations met in Geneva two weeks ago.", dt.date(2025, 11, 19)),
        ("The delegations met in Geneva on 2 December.", dt.date(2025, 12, 2)),
        ("Talks are due to resume on 3 January.", dt.date(2026, 1, 3)),
        ("The summit was held on November 28, 2025.", dt.date(2025, 11, 28)),
        ("Talks broke down yesterday.", dt.date(2025, 12, 2)),
    ],
)
def test_event_dates_resolve_against_the_article_date(sentence: str, date: dt.date):
    events = of(run(sentence, None), "event")
    assert len(events) == 1 and events[0].date == date


def test_event_outcome_and_no_date_without_article_date():
    (e,) = of(run("The meeting on Tuesday ended without agreement.", None), "event")
    assert e.outcome == "no agreement"
    (e,) = of(run("The meeting on Tuesday ended without agreement.", None, None), "event")
    assert e.date is None and e.when == "on Tuesday"
    assert parse_date("2 December 2025") == dt.date(2025, 12, 2)


def test_no_scenario_still_finds_speakers():
    ev = run("Analyst Jane Holt said the talks would fail.", None)
    (q,) = of(ev, "quote")
    assert q.actor is None and q.speaker == "Jane Holt"
    assert ev.suggestions == []
