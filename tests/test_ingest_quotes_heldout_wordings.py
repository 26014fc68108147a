"""Quotes in the wordings the second held-out set showed the rules misread: a verb of
saying inside the quotation taken for the attribution, a saying verb reported by another,
unnamed sources (``two officers told us``), quantifiers dropped from a speaker's name, and
an outlet's name read as a person's. Every sentence is written for this test; each rule
has variants that must not change."""

from __future__ import annotations

import pytest

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


def quotes_of(text: str, scenario: Scenario) -> list[Evidence]:
    return items_of("quote", text, scenario)


def test_a_saying_verb_inside_the_quotation_is_not_the_attribution(ukraine: Scenario):
    text = (
        "Kyiv waits\n\nUkraine rejected the draft on Monday.\n\n"
        '"They call it peace, but it is a pause," said Olena Marchuk, a teacher in Odesa '
        'who has lost two cousins. "I want it to end."'
    )
    qs = quotes_of(text, ukraine)
    assert [q.speaker for q in qs] == ["Olena Marchuk", "Olena Marchuk"]


def test_the_attribution_outside_still_wins_without_a_verb_inside(ukraine: Scenario):
    text = '"The plan is dead," said Dmitry Peskov, the Kremlin spokesman.'
    (q,) = quotes_of(text, ukraine)
    assert q.actor == "russia"


def test_the_reporting_verb_is_the_outer_one(ukraine: Scenario):
    text = (
        "Russia no longer insists on the whole of Donetsk, a senior Russian official "
        "told reporters on Monday."
    )
    (q,) = quotes_of(text, ukraine)
    assert "official" in (q.speaker or "")
    assert q.actor == "russia"


def test_two_statements_side_by_side_keep_the_first(ukraine: Scenario):
    text = "Sergei Lavrov said the talks were useful, and Rubio said they were not."
    (q,) = quotes_of(text, ukraine)
    assert q.actor == "russia"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Two officers told the paper that the front had not moved.", "Two officers"),
        ("Two people close to the talks told us the draft had changed.", "Two people close"),
        ("Officials from both sides said the round had gone well.", "Officials from both sides"),
    ],
)
def test_unnamed_sources_speak(ukraine: Scenario, sentence: str, speaker: str):
    (q,) = quotes_of(sentence, ukraine)
    assert (q.speaker or "").startswith(speaker)


def test_plain_people_do_not_speak(ukraine: Scenario):
    assert quotes_of("People say the winter will be hard.", ukraine) == []


def test_an_outlets_name_is_no_person(ukraine: Scenario):
    text = (
        "Envoys meet\n\nSergei Lavrov told the Riverside Review in an interview that "
        "Russia wanted a deal.\n\nShe said the talks were stuck."
    )
    qs = quotes_of(text, ukraine)
    assert all("Riverside" not in (q.speaker or "") for q in qs)


def test_an_outlet_according_to_which_a_party_acted_is_the_reporter(ukraine: Scenario):
    text = "According to the Harbour Standard, Russian officials floated a new map to Kyiv."
    (q,) = quotes_of(text, ukraine)
    assert q.actor == "russia"
    assert q.reporter == "Harbour Standard"


def test_according_to_a_party_it_is_the_speaker(ukraine: Scenario):
    (q,) = quotes_of("According to the Kremlin, the talks were useful.", ukraine)
    assert q.actor == "russia"
    assert q.reporter is None


def test_an_outlet_that_reported_a_warning_is_its_reporter(ukraine: Scenario):
    text = (
        "The Harbour Standard, citing two diplomats, reported that Washington had warned "
        "it could leave the talks."
    )
    qs = quotes_of(text, ukraine)
    assert [(q.actor, q.reporter) for q in qs] == [("usa", "The Harbour Standard")]


def test_a_party_that_reported_is_no_reporter(ukraine: Scenario):
    text = "Ukraine reported that Russia had warned it would keep fighting."
    assert all(q.reporter is None for q in quotes_of(text, ukraine))


PULL = """Kyiv's winter

Olena Marchuk runs a school in Odesa. She has kept it open through two winters.

    "We have candles, we have children, and we have no idea when this ends."

The city council says the heating will hold.
"""


def test_a_quotation_set_apart_is_the_person_named_beside_it(ukraine: Scenario):
    qs = quotes_of(PULL, ukraine)
    (q,) = [q for q in qs if "candles" in q.sentence]
    assert q.speaker == "Olena Marchuk"
    assert q.kind == "direct"
    # the next paragraph's statement keeps its own words only
    assert all("candles" not in q.sentence for q in qs if q.speaker != "Olena Marchuk")


def test_a_quotation_inside_a_paragraph_is_not_set_apart(ukraine: Scenario):
    text = PULL.replace('\n\n    "We have', ' Parents wrote "We have')
    assert all(
        q.speaker != "Olena Marchuk" or "Parents" in q.sentence for q in quotes_of(text, ukraine)
    )


def test_a_set_apart_quotation_with_nobody_beside_it_has_no_speaker(ukraine: Scenario):
    text = 'Winter\n\nThe city is cold.\n\n    "We have candles."\n\nThe council met.\n'
    assert quotes_of(text, ukraine) == []


def test_the_writer_and_the_outlet_are_not_speakers(ukraine: Scenario):
    text = (
        "Talks in Geneva\n\nBy Mara Quist\n\n"
        "GENEVA, Dec 3 (Riverside Wire) - Sergei Lavrov said the talks were useful.\n\n"
        "Riverside Wire could not confirm the report.\n\n"
        "Mara Quist writes on Russia for the Riverside Wire."
    )
    qs = quotes_of(text, ukraine)
    assert [q.actor for q in qs] == ["russia"]


def test_a_speaker_who_shares_no_name_with_the_writer_still_speaks(ukraine: Scenario):
    text = (
        "Talks in Geneva\n\nBy Mara Quist\n\n"
        "Oleg Quistov said on Monday that the talks were useful for Russia."
    )
    assert [q.speaker for q in quotes_of(text, ukraine)] == ["Quistov"]


def test_a_byline_title_does_not_silence_a_party(ukraine: Scenario):
    text = (
        "Talks in Geneva\n\nBy Mara Quist, Europe editor\n\n"
        "Europe said on Monday that the talks were useful for Ukraine."
    )
    assert [q.actor for q in quotes_of(text, ukraine)] == ["europe"]


def test_a_body_heading_is_no_statement_a_one_line_text_still_is(ukraine: Scenario):
    text = (
        "Talks in Geneva\n\nSergei Lavrov said on Monday that Russia wanted a deal.\n\n"
        "What does Russia say?\n\nThe delegations met again on Tuesday."
    )
    assert [q.actor for q in quotes_of(text, ukraine)] == ["russia"]
    (q,) = quotes_of("Peskov said the proposal was a non-starter.", ukraine)
    assert q.actor == "russia"


def test_a_quotation_set_apart_and_said_this_after_it_is_that_speakers(ceasefire: Scenario):
    # "Kande said this in an address": the quotation above is his, not the last speaker's
    text = (
        "The government has not ruled out talks, a spokesman said last week. Little else "
        "moves.\n\n"
        '    "We will not open our country to a foreign army. Observers, yes."\n\n'
        "President Idris Kande said this in a national address on 26 January.\n"
    )
    qs = quotes_of(text, ceasefire)
    assert [(q.speaker, q.text[:20]) for q in qs][-1] == ("Idris Kande", "We will not open our")
    assert all(q.text != "this" for q in qs)


def test_a_quotation_set_apart_after_a_writers_sentence_and_whose_words_they_are(
    climate: Scenario,
):
    # a sentence of the writer's after the last speaker, then a quotation set apart, then
    # "Those words belong to NAME": hers, not the last speaker's; and a later "she" is hers
    text = (
        'Serrano called it "the last honest talk before the summit".\n\n'
        "The honest talk was about money.\n\n"
        '    "We are not here to negotiate the size of our own funeral."\n\n'
        "Those words belong to Mele Tuilagi, who chairs the island group.\n\n"
        "Tuilagi was unmoved. Three hundred billion, she said, is only a start.\n"
    )
    qs = quotes_of(text, climate)
    assert [(q.actor, q.speaker) for q in qs][1:] == [
        ("islands", "Mele Tuilagi"),
        ("islands", "Tuilagi"),
    ]


def test_nobody_is_no_speaker_and_a_reply_asked_for_is_no_statement(ceasefire: Scenario):
    # "Neither delegation has said ...", "No delegation has said yes": nobody spoke
    text = (
        "Neither delegation, however, has yet said it will accept the paper as a basis for "
        "talks. No delegation has said yes. Neither side would say what was discussed.\n"
    )
    assert quotes_of(text, ceasefire) == []
    # "expects the government to reply": a reply asked for, not given; "the mediator" is
    # the scenario's one mediator, whose demand it is
    text = "The mediator expects the government to reply first, by Wednesday.\n"
    assert quotes_of(text, ceasefire) == []
    assert [(d.actor, d.target) for d in items_of("demand", text, ceasefire)] == [
        ("au", "government")
    ]
    # a party that does speak still does
    text = "Dost said the Front will not sign without a corridor.\n"
    assert [q.actor for q in quotes_of(text, ceasefire)] == ["nlf"]


def test_a_question_put_with_a_question_word_asks_for_nothing(climate: Scenario):
    # "asked Hallström what her side will sign", "asked the islands what they would
    # accept": questions, not positions of the one asking or the one asked
    text = (
        "Jonah Mercer asked Hallström what her side will sign. Hallström asked the islands "
        "what they would accept.\n"
    )
    assert items_of("demand", text, climate) == []
    # asking someone to act is still a demand
    text = "The EU asked Indonesia to lift the export ban.\n"
    assert [d.actor for d in items_of("demand", text, climate)] == ["developed"]


def test_an_age_beside_a_name_is_no_part_of_it(ukraine: Scenario):
    # "Lytvyn, 52, said this": the quotation set apart is Lytvyn's, named without his age
    text = (
        "In Zaporizhzhia, Serhii Lytvyn follows point 12 closely. He worked at the plant.\n\n"
        '    "Whoever runs it, the cooling ponds do not care about flags. I expect the '
        'Americans to insist on their third."\n\n'
        "Lytvyn, 52, said this by the light of a battery lamp.\n"
    )
    assert [q.speaker for q in quotes_of(text, ukraine)] == ["Lytvyn"]


def test_calling_a_thing_a_name_is_speech_and_calling_a_meeting_is_not(
    ukraine: Scenario, labour: Scenario
):
    # a date's "On" before "called" asks nothing: the naming is Putin's words
    said = (
        "On December 2, before the envoys arrived, Putin called Europe's amendments unacceptable."
    )
    assert [q.speaker for q in quotes_of(said, ukraine)] == ["Putin"]
    said = "On 18 December Zelensky called a three-way arrangement with Russia unfair."
    assert [q.speaker for q in quotes_of(said, ukraine)] == ["Zelensky"]
    # calling a ballot, or calling the sides back, convenes and reports no words
    for said in (
        "The union has called a strike ballot for 9 September.",
        "Okafor has called both delegations back on Monday.",
        "The union's executive voted on Tuesday evening to call a strike ballot.",
    ):
        assert quotes_of(said, labour) == [], said


def test_an_entry_headline_in_quotation_marks_is_its_labels_quote(ceasefire: Scenario):
    # 'Dost: "the first of many"' over a live-blog entry quotes Dost, by the convention
    # of live blogs; the same words without marks sum the entry up
    blog = (
        "Prisoner exchange: live from the crossing\n\n"
        "The exchange of prisoners began at dawn on the bridge.\n\n"
        '08:15 Dost: "the first of many"\n'
        "In a recorded message, the Front said today's exchange would open more.\n\n"
        "09:30 Kande: no foreign troops\n"
        "The president spoke to the army's officers at the crossing.\n"
    )
    qs = quotes_of(blog, ceasefire)
    assert [(q.actor, q.speaker, q.text) for q in qs if q.text == "the first of many"] == [
        ("nlf", "Dost", "the first of many")
    ]
    assert not [q for q in qs if "foreign troops" in q.text]


def test_a_name_addressed_is_not_the_speaker(trade: Scenario):
    # "Ms Roeder, Mr Hidayat told our team ...": the interviewer addresses Roeder and
    # reports Hidayat
    text = (
        "Ms Roeder, Mr Hidayat told our team on Monday night that the quota would stay "
        "small. Is that right?"
    )
    assert [(q.actor, q.speaker) for q in quotes_of(text, trade)] == [("indonesia", "Mr Hidayat")]


def test_the_tail_of_a_hyphened_name_is_no_person(climate: Scenario):
    # "the Like-Minded Developing Countries" is a group: "he said" after it is Al-Harbi's
    text = (
        "Faisal Al-Harbi, who speaks for the Like-Minded Developing Countries, welcomed the "
        'voluntary language. Developing countries would accept "not one dollar of '
        'obligation", he said.'
    )
    assert {q.speaker for q in quotes_of(text, climate)} == {"Faisal Al-Harbi"}


def test_an_account_of_ones_words_denied_and_a_demand_nobody_makes(trade: Scenario):
    text = (
        "HOST: Mr Hidayat says Brussels wants his smelters closed.\n\n"
        "ROEDER: That is not what I said. Nobody in Brussels is asking Indonesia to close "
        "a single smelter.\n\n"
        "HOST: And the quota?\n\n"
        "ROEDER: A quota, phased in.\n"
    )
    denials = items_of("denial", text, trade)
    assert [(d.actor, d.sentence.strip()[:20]) for d in denials] == [
        ("eu", "That is not what I s"),
        ("eu", "Nobody in Brussels i"),
    ]


def test_a_joint_statement_speaks_and_a_headline_under_its_time(
    ukraine: Scenario, labour: Scenario
):
    # "said in a joint statement": the statement speaks for both, no one party
    text = (
        "After Sunday's talks in Geneva, the American and Ukrainian delegations said in a "
        'joint statement that they had drafted an "updated and refined peace framework".'
    )
    assert [(q.actor, q.speaker) for q in quotes_of(text, ukraine)] == [(None, "joint statement")]
    # a live blog's time on a line of its own, the entry's headline on the next
    blog = (
        "Port talks live: union sets strike vote\n\n"
        "The Dockworkers Union executive meets tonight as talks with the employers stall.\n\n"
        "21:40\nUnion executive meets\n\nThe executive has gathered at the union hall.\n\n"
        "21:20\n"
        'Keller: "That is where we stop"\n\n'
        "Robert Keller came out to the cameras briefly and said little more.\n"
    )
    assert [
        (q.actor, q.speaker) for q in quotes_of(blog, labour) if q.text == "That is where we stop"
    ] == [("employers", "Keller")]


def test_a_claim_said_not_so_and_a_commitment_never_made(labour: Scenario):
    for said in (
        '"That is not so," Keller said of the union\'s account.',
        '"No such commitment was ever made, in July or at any other time," Keller said.',
    ):
        assert [d.actor for d in items_of("denial", said, labour)] == ["employers"], said
