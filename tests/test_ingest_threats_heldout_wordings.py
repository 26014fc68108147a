"""Threats in the wordings the second held-out set showed the rules did not know: ending a
truce, a strike promised or in prospect, a case at the WTO, another buyer, cutting aid,
legitimate targets, readiness if the other side starts a war, an ultimatum's alternative,
and two signals of one sentence in clauses of their own. Every sentence is written for
this test; each rule has variants that must not match."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_threat_signals
from accord.ingest.threats import signals

spacy = pytest.importorskip("spacy")

from accord.ingest.evidence import Evidence  # noqa: E402
from accord.ingest.nlp import load_nlp  # noqa: E402
from accord.io import load_builtin  # noqa: E402
from accord.model import Scenario  # noqa: E402
from ingest_text import items_of  # noqa: E402


@pytest.fixture(scope="module")
def ukraine() -> Scenario:
    load_nlp()
    return load_builtin("ukraine-2025")


def threats_of(text: str, scenario: Scenario) -> list[Evidence]:
    return items_of("threat", text, scenario)


def kinds(text: str) -> list[str]:
    return [k for k, _, _ in signals(text)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The rebels said they would end the ceasefire if the prisoners stay in jail.", "fight"),
        ("Its commanders may break their truce within days.", "fight"),
        ("Officials said foreign instructors would be legitimate targets.", "fight"),
        ("Moscow says it is prepared if London launches one.", "fight"),
        ("The union will strike unless the offer improves.", "walk_away"),
        ("The vote raised the prospect of a lockout at the docks.", "walk_away"),
        ("Jakarta plans to bring a complaint against the rule at the WTO.", "walk_away"),
        ("The minister said his country would sell its copper to India instead.", "walk_away"),
        ("She did not rule out leaving the negotiations altogether.", "walk_away"),
        ("Washington warned it could halt weapons deliveries to the front.", "threat"),
        ("He said the mayor would have to accept it or the city can keep fighting.", "threat"),
    ],
)
def test_new_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ceasefire ended quietly last spring, both sides agree.",  # no one ends it
        "The strike ended on Monday after three weeks.",  # a strike past, not promised
        "Exporters sold more copper to India this year.",  # a sale, not an alternative
        "Grain was shipped to other markets before the war.",  # no readiness, no modal
        "The agency cut its forecast for aid flows.",  # a forecast, not aid cut off
        "Borders must not be changed by force, the ministers agreed.",  # a principle
        "The court heard a case on fisheries last year.",  # no WTO
    ],
)
def test_variants_that_are_no_signal(sentence: str):
    assert kinds(sentence) == []


def test_two_clauses_two_signals_one_phrase_one():
    two = "Operators would divert ships to other ports and could lock out workers."
    assert kinds(two) == ["walk_away", "walk_away"]
    # two patterns on one phrase stay one signal
    assert len(kinds("Brussels threatened to impose tariffs on the cars.")) == 1


def test_legitimate_targets_are_the_speakers_threat(ukraine: Scenario):
    (t,) = threats_of(
        "Russian officials said that European troops in Ukraine would be legitimate targets.",
        ukraine,
    )
    assert t.actor == "russia"


def test_an_ultimatums_alternative_is_the_speakers(ukraine: Scenario):
    (t,) = threats_of(
        "Donald Trump gave Kyiv a week, saying Zelensky would have to accept the plan "
        "or his country can keep fighting.",
        ukraine,
    )
    assert t.actor == "usa"
    assert t.kind == "threat"


def test_a_second_signal_with_another_holder_is_dropped(ukraine: Scenario):
    evs = threats_of(
        "Vladimir Putin said Russia would keep fighting, and Ukraine would lose more land.",
        ukraine,
    )
    assert {e.actor for e in evs} == {"russia"}


FRAGMENTS = [
    "Russia will keep fighting",
    "the union will strike",
    "operators could lock out workers",
    "Brussels threatened to impose tariffs",
    "borders must not be changed by force",
    "it would end the truce",
    "the talks went on",
    "troops would be legitimate targets",
    "Jakarta was prepared to sell its nickel to China",
    "walking away",
]
JOINS = [" and ", ", ", "; ", " but ", " ", " or ", " while "]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5),
    st.lists(st.sampled_from(JOINS), min_size=4, max_size=4),
)
def test_signals_match_the_plain_oracle(parts: list[str], joins: list[str]):
    text = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=False)) + "."
    fast = [(k, m.start(), m.end()) for k, _, m in signals(text)]
    assert fast == oracle_threat_signals.signals(text)
    # kept signals never overlap, and are in the order of the text
    assert all(a[2] <= b[1] for a, b in pairwise(fast))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the fifth blind set's wordings, in sentences written for this test
        ("The ministry said any strike on the bridge would draw a harsh response.", "threat"),
        ("Jakarta said it would answer in kind.", "threat"),
        ("Riyadh said any clause that taxes oil will be blocked.", "threat"),
        ("The owners said they would be forced to consider closing the yards.", "threat"),
        ("The Commission said it could go further if Jakarta did not move.", "threat"),
        ('The operators "have options" if the talks drag on, Keller said.', "threat"),
        ("The envoys made clear the offer would not stay open forever.", "threat"),
        ("Jakarta said it would consider restrictions on European dairy imports.", "sanctions"),
        ("The union would give 72 hours' notice of a strike.", "walk_away"),
        ("Members will vote on whether to authorise a strike.", "walk_away"),
        ("Jakarta could take the palm-oil rules to the World Trade Organization.", "walk_away"),
        ("Indonesia would simply sell more of its ore to China.", "walk_away"),
        (
            "Jakarta could redirect palm shipments to India and China if the rules bite.",
            "walk_away",
        ),
        ("Its ore will go where it is wanted, Hidayat said.", "walk_away"),
        ("The operators are ready to divert ships if the port shuts.", "walk_away"),
    ],
)
def test_fifth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # no consequence on a condition, no step to a strike, nothing sent elsewhere
        "The EU has options on the table for the next round.",
        "The talks went further than expected.",
        "The strike of 2023 ended after two weeks.",
        "The ministry said the plan was blocked in committee last year.",
        "Jakarta wants the rules explained to its farmers.",
    ],
)
def test_fifth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the ninth and tenth blind sets' wordings, in sentences written for this test
        ("The members will vote on strike action next week.", "walk_away"),
        ("The board meets on Monday to decide whether to lock the crews out.", "walk_away"),
        ("Our smelters have other customers, the minister said.", "walk_away"),
        ("The operators said there are plenty of ports to choose from.", "walk_away"),
        ("Above that figure, the cargo goes to Port Alder.", "walk_away"),
        ("Her fighters know the road back to the front, Dost said.", "fight"),
        ("The army says its patience is running out.", "threat"),
        ("The Commission has a case on steel ready to go if the talks stall.", "threat"),
        ("The employers have contingency plans for every outcome.", "threat"),
    ],
)
def test_ninth_and_tenth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # a past vote, a thing locked in, goods that come back, a road mended, a plan ready
        "The members voted on the pension scheme last year.",
        "The deal locks in the current tariff.",
        "The negotiators know the road to the venue well.",
        "The Commission said its paper was ready to go.",
        "The patience of the delegates was praised.",
    ],
)
def test_ninth_and_tenth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the thirteenth blind set's wordings, in sentences written for this test
        ("The delegation has seats on Friday's flight home, an aide said.", "walk_away"),
        ("The operators have drawn up plans to divert vessels to Port Alder.", "walk_away"),
        ("The miners said they have buyers elsewhere.", "walk_away"),
        ("If the ballot passes, the docks will be quiet by March, Marsh said.", "walk_away"),
        ("Asked whether a lockout was planned, the chairman declined to comment.", "walk_away"),
        ("Roeder said the duties will not simply be allowed to lapse.", "sanctions"),
    ],
)
def test_thirteenth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # a trip home that is no exit, a quiet port at night, a comment on something else
        "The minister flew home on Friday after the round closed.",
        "The docks were quiet on Sunday morning.",
        "Asked about the weather, the chairman declined to comment.",
        "The duties were allowed to lapse in 2024.",
    ],
)
def test_thirteenth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the fourteenth blind set's wordings, in sentences written for this test
        ("The chairman would not discuss contingencies, the paper said.", "threat"),
        ("Roeder said the anti-dumping review will take its course.", "threat"),
        ("If there is no deal, the duties stay, an official said.", "threat"),
        ("Any seizure of the reserves would be met with a harsh response.", "threat"),
        ("The rebels know the roads south better than the army does.", "fight"),
        ("Without a deal the fighting would simply go on, he said.", "fight"),
        ("The town would be taken, one way or another, militarily.", "fight"),
        ("Our buyers in Korea are not waiting, Hidayat said.", "walk_away"),
        ("Keller said the ships could go to Port Alder instead.", "walk_away"),
        ("The lines are moving their vessels elsewhere, Marsh said.", "walk_away"),
        ("The bloc is weighing whether to attend the next session.", "walk_away"),
        ("We know the way to the door, the minister said.", "walk_away"),
    ],
)
def test_fourteenth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # a course of study, a deal made, roads mended, buyers of one's own, a door opened
        "The negotiators took a course in mediation.",
        "There is no deal on the table yet, the minister said.",
        "The ministry repaired the roads north of the river.",
        "Our buyers said the price was fair.",
        "The minister opened the door to the hall.",
    ],
)
def test_fourteenth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the sixteenth blind set's wordings, in sentences written for this test
        ("The chairman declined to say whether a lockout was planned.", "walk_away"),
        ("The operators asked two lines about diverting calls to Port Alder.", "walk_away"),
        ("Ships have other harbours to go to, Keller said.", "walk_away"),
        ("The docks could be very quiet by March, Marsh said.", "walk_away"),
        ("Our commanders will draw their own conclusions, she said.", "fight"),
        ("Either the war goes on or the lines are settled, he said.", "fight"),
        ("Brussels has not ruled out new anti-dumping duties.", "sanctions"),
    ],
)
def test_sixteenth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # a past war, a quiet room, a conclusion drawn for a reader
        "The war went on for years before the first talks.",
        "The press room was quiet by noon.",
        "Readers can draw their own conclusions from the figures.",
    ],
)
def test_sixteenth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the nineteenth blind set's wordings, in sentences written for this test
        ("Whether we stay is up to the employers, Marsh said.", "threat"),
        ("Whether it continues to hold depends on what happens in Kampala.", "threat"),
        ("The islands will not join a consensus on the rest of the package.", "threat"),
        ("I am not going to discuss operations from this podium.", "threat"),
        ("Keller said he was not going to speculate about lockouts.", "threat"),
        ("The offer will not be there forever, the spokeswoman said.", "threat"),
        ("Our ore will not wait for Brussels forever, Hidayat said.", "threat"),
        ("Some members would close a berth before they paid that.", "walk_away"),
    ],
)
def test_nineteenth_set_wordings_are_signals(sentence: str, kind: str):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # a question of fact, a consensus joined, a podium's programme, a berth closed once
        "Whether the ship stays in port depends on the tide.",
        "The islands joined the consensus on Friday.",
        "I am going to discuss the agenda first.",
        "The port closed a berth for repairs in May.",
    ],
)
def test_nineteenth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # the twenty-sixth blind set's wordings, in sentences written for this test: a way
        # out not denied when asked about it
        "Asked whether her delegation would walk out if the figure did not move, Tuilagi "
        "declined to answer.",
        "Asked whether Jakarta had received new offers from Chinese smelters, Hidayat "
        "declined to say.",
        "Asked whether Jakarta had an offer from Beijing, he said he had nothing to add.",
    ],
)
def test_twenty_sixth_set_wordings_are_signals(sentence: str):
    assert kinds(sentence) == ["walk_away"]


@pytest.mark.parametrize(
    "sentence",
    [
        # a question declined on a matter that is no way out
        "Asked whether the text would be ready by Friday, the spokeswoman declined to say.",
        "Asked whether she had met Hidayat, Roeder said she had nothing to add.",
    ],
)
def test_twenty_sixth_set_lookalikes_are_no_signals(sentence: str):
    assert kinds(sentence) == []
