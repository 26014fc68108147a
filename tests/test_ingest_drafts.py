"""A draft's terms are its drafter's positions: "The paper sets a goal" is the demand of
whoever tabled the paper, and what it leaves out is a demand against the missing term;
with no drafter in the text, no holder is read."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from accord.ingest.evidence import EvidenceType
from accord.model import Scenario
from ingest_text import read_text


def demands(text: str, scenario: Scenario) -> list[tuple[str | None, str | None, str]]:
    ev = read_text(text, scenario).evidence
    return [(e.actor, e.polarity, e.text) for e in ev if e.type is EvidenceType.demand]


def test_a_tabled_papers_terms_and_omissions_are_the_drafters(climate: Scenario):
    text = (
        "Lucia Serrano tabled two pages on Sunday night. The paper sets a goal of 600 "
        "billion dollars a year by 2035. And it does not mention fossil fuels at all."
    )
    assert [(a, p) for a, p, _ in demands(text, climate)] == [
        ("presidency", "for"),
        ("presidency", "against"),
    ]


def test_it_carries_the_draft_across_sentences(ceasefire: Scenario):
    text = (
        "Sello Mokoena tabled a paper in Kigali on Saturday. It calls for AU observers along "
        "the front. It says nothing at all about power sharing."
    )
    assert [(a, p) for a, p, _ in demands(text, ceasefire)] == [("au", "for"), ("au", "against")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Front's paper makes no mention of a unity government.", [("nlf", "against")]),
        # the relative clause names who circulated the draft
        (
            "The draft, which the African Union circulated on Monday, offers 400 observers.",
            [("au", "for")],
        ),
    ],
)
def test_the_owner_or_the_one_who_circulated_it(
    ceasefire: Scenario, sentence: str, expected: list[tuple[str, str]]
):
    assert [(a, p) for a, p, _ in demands(sentence, ceasefire)] == expected


def test_a_draft_nobody_tabled_in_the_text_has_no_holder(ceasefire: Scenario):
    # whose paper it is is not in the words: nothing is read, rather than a guess
    assert demands("The paper sets a ceasefire date of 1 March.", ceasefire) == []
    # a paper is no party: a delegation's own words are still its own
    assert [(a, p) for a, p, _ in demands("The Front demands a UN force.", ceasefire)] == [
        ("nlf", "for")
    ]


def test_a_list_refusal_with_an_exception_and_a_restricted_sale_are_unknown(
    labour: Scenario, trade: Scenario
):
    text = (
        "The union listed its demands:\n\n"
        "- no automated cranes without a written guarantee that no dockworker loses a job;\n"
        "- no automated cranes;\n"
        "- a 40 per cent rise over four years.\n"
    )
    assert [(a, p) for a, p, _ in demands(text, labour)] == [
        ("union", "unknown"),
        ("union", "against"),
        ("union", "for"),
    ]
    said = "Hidayat said Indonesian nickel was not for sale in raw form."
    assert [(a, p) for a, p, _ in demands(said, trade)] == [("indonesia", "unknown")]
    kept = "Hidayat said the ban was not for sale."
    assert [(a, p) for a, p, _ in demands(kept, trade)] == [("indonesia", "for")]


def test_a_list_a_tabled_paper_proposes_is_its_drafters(ceasefire: Scenario):
    text = (
        "Sello Mokoena tabled a short paper on monitoring on Tuesday. It proposes three "
        "things:\n\n- an AU observer mission of 150;\n- a joint incident committee.\n"
    )
    assert [(a, p) for a, p, _ in demands(text, ceasefire)] == [("au", "for"), ("au", "for")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it" of a draft its owner named: the owner's, however the draft came out
        (
            "The presidency's draft, circulated late on Monday, sets a goal of 300 billion "
            "dollars a year. It makes no mention of fossil fuels.",
            ("presidency", "against"),
        ),
        (
            "The draft circulated by the presidency offers a goal of 300 billion dollars.",
            ("presidency", "for"),
        ),
    ],
)
def test_a_drafts_owner_as_written(climate: Scenario, text: str, expected: tuple[str, str]):
    assert [(a, p) for a, p, _ in demands(text, climate)][-1] == expected


def test_a_drafts_owner_named_in_front(ceasefire: Scenario):
    text = "The AU paper asks for observers. It does not mention a unity government."
    assert [(a, p) for a, p, _ in demands(text, ceasefire)] == [("au", "for"), ("au", "against")]
