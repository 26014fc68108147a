"""News ingest: an article's structure before its sentences, who holds what (holder,
reporter, target, participants) and polarity that never reverses a meaning."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_layout
from accord.ingest.layout import layout

spacy = pytest.importorskip("spacy")

from accord.ingest.evaluate import Attribution, Expected, attribute, match  # noqa: E402
from accord.ingest.evidence import Evidence, EvidenceFile, EvidenceType  # noqa: E402
from accord.ingest.extract import ingest  # noqa: E402
from accord.ingest.nlp import load_nlp, tokens_at  # noqa: E402
from accord.ingest.read import ArticleText, parse_article, text_date  # noqa: E402
from accord.io import load_builtin  # noqa: E402
from accord.model import Scenario  # noqa: E402
from ingest_text import read_text  # noqa: E402

DAY = dt.date(2025, 12, 3)


@pytest.fixture(scope="module")
def ukraine() -> Scenario:
    load_nlp()
    return load_builtin("ukraine-2025")


def read(text: str, scenario: Scenario, day: dt.date | None = DAY) -> EvidenceFile:
    return read_text(text, scenario, day)


def of(ev: EvidenceFile, kind: str) -> list[Evidence]:
    return [e for e in ev.evidence if e.type.value == kind]


def test_rejected_freeze_is_russia_against_the_freeze(ukraine: Scenario):
    ev = read(
        "Russia's foreign ministry on Tuesday rejected any freeze along the current line of "
        "contact, saying the front line was no basis for a settlement.",
        ukraine,
    )
    ds = of(ev, "demand")
    assert ds, "the rejection is a demand"
    assert all(d.actor == "russia" and d.polarity == "against" for d in ds)
    assert "freeze" in ds[0].text


@pytest.mark.parametrize(
    ("sentence", "actor", "polarity"),
    [
        ("Moscow has ruled out any freeze along the line of contact.", "russia", "against"),
        ("Kyiv would never accept the loss of Donbas.", "ukraine", "against"),
        ("Russia no longer insists on a full withdrawal from Donbas.", "russia", "against"),
        ("Ukraine refused to withdraw its troops from Donbas.", "ukraine", "against"),
        ("Russia did not rule out a freeze along the line of contact.", "russia", "for"),
        ("Russia demands a full withdrawal from Donbas.", "russia", "for"),
        ("Zelenskyy called a joint venture with Russia unfair.", "ukraine", "against"),
    ],
)
def test_negation_and_rejection_flip_polarity(
    ukraine: Scenario, sentence: str, actor: str, polarity: str
):
    ds = of(read(sentence, ukraine), "demand")
    assert [(d.actor, d.polarity) for d in ds] == [(actor, polarity)]


def test_reporter_target_and_list_lead_in(ukraine: Scenario):
    text = (
        "Kremlin aide Yuri Ushakov said Putin had ruled out any substantial revision.\n\n"
        "Washington expects Ukrainian concessions on territory.\n\n"
        '"We will not give up," Zelenskyy said. Russia\'s demands include:\n\n'
        "- the withdrawal of Ukrainian forces from Donbas\n"
        "- no Western troops anywhere in Ukraine\n"
    )
    ds = of(read(text, ukraine), "demand")
    revision = next(d for d in ds if "revision" in d.text)
    assert (revision.actor, revision.polarity, revision.reporter) == (
        "russia",
        "against",
        "Yuri Ushakov",
    )
    expects = next(d for d in ds if "concessions" in d.text)
    assert (expects.actor, expects.target) == ("usa", "ukraine")
    bullets = [d for d in ds if d.text.startswith(("the withdrawal", "no Western"))]
    assert [(d.actor, d.polarity) for d in bullets] == [("russia", "for"), ("russia", "against")]


def test_dateline_and_byline_are_metadata_never_speakers(ukraine: Scenario):
    text = (
        "Kremlin rejects freeze\n\nBy Jane Roe\n\n"
        "MOSCOW, Dec 3 (Harbour Wire) - Russia rejected any freeze along the line of contact "
        "on Tuesday, weeks after the 2025 plan was first shown.\n"
    )
    art = parse_article(text.encode(), "t.txt")
    assert isinstance(art, ArticleText)
    assert (art.title, art.byline, art.publisher) == (
        "Kremlin rejects freeze",
        "Jane Roe",
        "Harbour Wire",
    )
    assert (art.date, art.date_from) == (dt.date(2025, 12, 3), "dateline")
    ev = ingest([art], ukraine)
    assert ev.articles[0].date == dt.date(2025, 12, 3)
    assert ev.articles[0].date_from == "dateline"
    speakers = {e.speaker for e in ev.evidence if e.type is not EvidenceType.mention}
    assert not any("Harbour" in (s or "") or "Roe" in (s or "") for s in speakers)
    assert [(d.actor, d.polarity) for d in of(ev, "demand")] == [("russia", "against")]


def test_given_date_beats_the_dateline_but_not_the_header():
    assert text_date("KYIV, Dec 3 - talks resume in 2025.", "Dec 3") == (
        dt.date(2025, 12, 3),
        "dateline",
    )
    assert text_date("talks resume", "Dec 3") == (None, None)  # no year anywhere: unknown
    art = parse_article(b"KYIV, Dec 3 (Wire) - Talks in 2025 went on.", "t.txt")
    assert isinstance(art, ArticleText)
    ev = ingest([art], None, date=dt.date(2025, 12, 4))
    assert (ev.articles[0].date, ev.articles[0].date_from) == (dt.date(2025, 12, 4), "option")


def test_quote_never_crosses_a_heading(ukraine: Scenario):
    text = (
        "Putin spoke at length. \u201cWe will take what is ours\n\n"
        "## Europe's fears\n\n"
        "European leaders fear a deal over their heads.\u201d Nobody said more.\n"
    )
    quotes = of(read(text, ukraine), "quote")
    assert not any("Europe's fears" in q.text or "European leaders" in q.text for q in quotes)


def test_transcript_turns_are_their_speakers(ukraine: Scenario):
    text = (
        "Q: Will Russia accept a freeze?\n"
        "PESKOV: Russia rejects any freeze along the line of contact.\n"
        "Q: And the talks?\n"
        "PESKOV: The talks will continue next week.\n"
    )
    ev = read(text, ukraine)
    # A turn is the speaker's own words, not reported speech: no quote records, but what
    # the turn holds is the speaker's; the question is nobody's position.
    assert of(ev, "quote") == []
    assert [(d.actor, d.polarity) for d in of(ev, "demand")] == [("russia", "against")]


def test_a_role_label_is_the_person_in_its_brackets():
    shape = layout(
        "SPOKESPERSON (Lena Voss, European Commission): Good afternoon.\n\n"
        "Q (Harbour Wire): Will you impose duties?\n\n"
        "VOSS: We reject that completely.\n"
    )
    assert [t[2] for t in shape.turns] == ["Lena Voss", "Q", "Lena Voss"]
    assert shape.affiliation["Lena Voss"] == "European Commission"


def test_event_participants_leave_out_the_topic(ukraine: Scenario):
    ev = read("Witkoff met Putin in Moscow on Tuesday to discuss the future of Ukraine.", ukraine)
    (event,) = of(ev, "event")
    assert set(event.participants) == {"usa", "russia"}
    assert event.date == dt.date(2025, 12, 2)


def test_an_analysts_line_is_no_threat(ukraine: Scenario):
    ev = read("Russia will keep fighting through the winter, analysts said.", ukraine)
    assert of(ev, "threat") == []
    ev = read("Putin said Russia would keep fighting until Donbas was taken.", ukraine)
    assert [t.actor for t in of(ev, "threat")] == ["russia"]


def test_html_structure_without_running_scripts(ukraine: Scenario):
    page = (
        "<html><head><title>Kremlin rejects freeze</title>"
        '<meta name="date" content="2025-12-03">'
        "<script>document.write('Ukraine demands everything')</script></head><body><article>"
        "<h1>Kremlin rejects freeze</h1><p>Russia rejected any freeze along the current line "
        "of contact in a statement read to reporters in Moscow on Tuesday.</p>"
        "<h2>What Moscow wants</h2><p>Russia's demands include:</p>"
        "<ul><li>the withdrawal of Ukrainian forces from Donbas</li>"
        "<li>a ban on Western military aid</li></ul></article></body></html>"
    )
    art = parse_article(page.encode(), "p.html", html=True)
    assert isinstance(art, ArticleText)
    assert "document.write" not in art.text and "demands everything" not in art.text
    assert art.date == dt.date(2025, 12, 3) and art.date_from == "metadata"
    assert [h for h, _ in [(art.text[s:e], 0) for s, e in art.layout.headings]] == [
        "# Kremlin rejects freeze",
        "## What Moscow wants",
    ]
    ds = of(ingest([art], ukraine), "demand")
    assert ("russia", "against") in [(d.actor, d.polarity) for d in ds]
    assert [d.actor for d in ds if d.text.startswith(("the withdrawal", "a ban"))] == [
        "russia",
        "russia",
    ]


def _ev(kind: str, actor: str | None, polarity: str | None, reporter: str | None = None):
    return Evidence(
        id="e",
        type=EvidenceType(kind),
        article="a",
        start=0,
        end=10,
        sentence="x",
        text="x",
        confidence=1.0,
        actor=actor,
        polarity=polarity,  # type: ignore[arg-type]
        reporter=reporter,
    )


def test_evaluation_counts_reversals_and_attribution():
    exp = [
        Expected(EvidenceType.demand, 0, 5, "russia", None, None, "Ushakov", "against"),
        Expected(EvidenceType.demand, 20, 25, "ukraine", None, None, None, "for"),
    ]
    found = [_ev("demand", "russia", "for", "Yuri Ushakov"), _ev("demand", "usa", None)]
    found[1].start, found[1].end = 18, 30
    found[1].sentence = found[1].text = "x" * 12  # its own words cover 18-30
    tally = Attribution()
    attribute(found, exp, tally, "case", "0123456789" * 4)
    assert (tally.holder.right, tally.holder.scored) == (1, 2)
    assert (tally.reporter.right, tally.reporter.scored) == (1, 1)
    assert (tally.polarity.right, tally.polarity.scored) == (1, 2)  # none reads as "for"
    assert tally.reversals == [("case", "01234")]
    # an item paired by its sentence whose own words miss the expected clause is another
    # clause: its side is not compared
    found[1].sentence, found[1].text = "y" * 10 + "x", "x"  # its own words at 28-29
    tally = Attribution()
    attribute(found, exp, tally, "case", "0123456789" * 4)
    assert (tally.holder.right, tally.holder.scored) == (1, 2)
    assert (tally.polarity.right, tally.polarity.scored) == (0, 1)


def test_a_found_item_pairs_with_the_clause_its_words_cover():
    # one sentence (0-40), two expected demands; the one found item's words are the second's
    exp = [
        Expected(EvidenceType.demand, 0, 10, "ukraine", None, None, None, "for"),
        Expected(EvidenceType.demand, 20, 35, "ukraine", None, None, None, "against"),
    ]
    f = _ev("demand", "ukraine", "against")
    f.start, f.end = 0, 40
    f.sentence, f.text = "a" * 22 + "bbbbbbbbbb" + "c" * 8, "bbbbbbbbbb"
    assert match([f], exp) == ({0}, {1})
    tally = Attribution()
    attribute([f], exp, tally, "case", "0123456789" * 4)
    assert tally.reversals == [] and (tally.polarity.right, tally.polarity.scored) == (1, 1)


_TEXT = st.text(alphabet="ab \n-#:.", max_size=80)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), max_size=4))
def test_parse_text_keeps_every_offset(text: str, spans: list[tuple[int, int]]):
    masked = [(min(s, len(text)), min(s + n, len(text)), "x") for s, n in spans]
    shape = layout(text)
    shape.masked = masked
    got = shape.parse_text(text)
    assert got == oracle_layout.parse_text(text, masked)
    assert len(got) == len(text) and got.count("\n") == text.count("\n")


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet="ab \n.", min_size=1, max_size=60), st.lists(st.integers(0, 60), max_size=6)
)
def test_breaks_land_on_the_tokens_the_oracle_finds(text: str, offsets: list[int]):
    doc = load_nlp().make_doc(text)
    starts = [t.idx for t in doc]
    spaces = [t.is_space for t in doc]
    assert tokens_at(doc, offsets) == oracle_layout.tokens_at(starts, spaces, offsets)


def test_layout_finds_lists_turns_and_timestamps():
    text = (
        "Live: port talks\n\n14:05 GMT - The union said it would strike.\n\n"
        "1. pay\n2) hours\n\nPhoto: dockers at the gate / Reuters\n"
    )
    shape = layout(text)
    kinds = [k for _, _, k in shape.masked]
    assert "timestamp" in kinds and "credit" in kinds
    assert shape.title == "Live: port talks"
    assert text.index("1. pay") in shape.breaks and text.index("2) hours") in shape.breaks


@pytest.mark.parametrize(
    ("text", "place", "outlet"),
    [
        ("KYIV, Ukraine (AP) — Russia said on Tuesday it would fight on.\n", "KYIV", "AP"),
        ("LONDON, England — Starmer said on Tuesday the talks go on.\n", "LONDON", None),
        ("NATO — the alliance said on Tuesday it would meet.\n", None, None),
    ],
)
def test_datelines_with_a_region_and_a_subject_in_capitals(
    text: str, place: str | None, outlet: str | None
) -> None:
    found = layout(text)
    assert (found.place, found.outlet) == (place, outlet)
    # a subject in capitals is never blanked out of the text the parser reads
    assert bool(found.masked) == (place is not None)


def test_a_headline_of_two_sentences_over_the_byline_is_the_title():
    head = "Jakarta blinks on nickel, Brussels on palm oil. Neither blinks on steel."
    body = "The third round of talks ended on Thursday without a deal on the tariff."
    shape = layout(
        f"THE FAIRWAY LEDGER | ANALYSIS\n\n{head}\n\nBy Hendrik Vos | 26 January 2026\n\n{body}\n"
    )
    assert shape.title == head
    assert shape.byline == "Hendrik Vos"
    assert shape.outlet == "The Fairway Ledger"
    # the same line with no byline under it is a short paragraph of prose, not a title
    shape = layout(f"THE FAIRWAY LEDGER | ANALYSIS\n\n{head}\n\n{body}\n")
    assert shape.title is None


def test_a_live_blog_entrys_headline_is_a_heading_not_a_sentence():
    text = (
        "EASTERN DESK | LIVE\n\nTalks, day two\n\nWEDNESDAY 3 DECEMBER 2025\n\n"
        "10:00 - Talks resume in Arusha\n"
        "The delegations met again this morning after a night of drafting, officials said.\n\n"
        "09:10 - AU presses on the corridor\n"
        "The African Union wants the convoys through by Monday, a diplomat said.\n\n"
        '08:30 - "We have moved," the minister said\n'
        "He spoke in Jakarta.\n"
    )
    shape = layout(text)
    headings = [text[s:e] for s, e in shape.headings]
    assert any(h.endswith("AU presses on the corridor") for h in headings)
    assert not any("We have moved" in h for h in headings)  # a quotation is the entry


@pytest.mark.parametrize(
    ("first", "title", "outlet"),
    [
        # a headline in capitals is no masthead, nor is a section with a headline
        ("THE LAST SHIFT BEFORE THE MACHINES", "THE LAST SHIFT BEFORE THE MACHINES", None),
        (
            "ANALYSIS | Nickel for palm oil: what Brussels and Jakarta each left on the table",
            "ANALYSIS | Nickel for palm oil: what Brussels and Jakarta each left on the table",
            None,
        ),
        # a masthead with labels set apart by a bar or a dash is still one
        ("GRANARY WEEKLY — THE LONG READ", "Bridges and guns", "Granary Weekly"),
        ("SALTMARSH WEEKLY | Features | 13 November 2025", "Bridges and guns", "Saltmarsh Weekly"),
    ],
)
def test_a_headline_in_capitals_is_no_masthead(first: str, title: str, outlet: str | None):
    lead = "The bridge at Kessel reopened on Monday after a week of talks in Arusha.\n"
    text = f"{first}\n\nBridges and guns\n\n{lead}" if outlet else f"{first}\n\n{lead}"
    shape = layout(text)
    assert (shape.title, shape.outlet) == (title, outlet)


def test_a_role_before_a_name_and_she_in_a_turn_are_read(ceasefire: Scenario, labour: Scenario):
    # "government spokesman Peter Lwanga": the role names the party, and his surname alone
    # later is his
    text = (
        '"Blue helmets, no," government spokesman Peter Lwanga told reporters. Lwanga said '
        "the cabinet would not share posts with the rebels."
    )
    ev = read_text(text, ceasefire).evidence
    assert {(e.type.value, e.actor) for e in ev if e.type.value in {"quote", "demand"}} == {
        ("quote", "government"),
        ("demand", "government"),
    }
    # in a turn, "she" is someone else than the one speaking, even if named last
    text = (
        "HOST: Robert Keller, what did Grace Okafor ask of you?\n\n"
        "KELLER: She told us she expects the union to put a written offer in front of her by "
        "Friday.\n\nHOST: Thank you.\n"
    )
    ds = [e for e in read_text(text, labour).evidence if e.type.value == "demand"]
    assert [(d.actor, d.speaker) for d in ds] == [("mediator", "Grace Okafor")]


def test_a_cast_list_an_explainers_answers_and_a_headline_name(climate: Scenario, labour: Scenario):
    # "Speaker: NAME, role": the role says whom the later label speaks for
    text = (
        "AOSIS press briefing\n\nThursday 6 September 2029, Media Room B.\n\n"
        "Speaker: LOSALINE MAFI, spokesperson for the Alliance of Small Island States\n"
        "Moderator: PETER ANSAH, conference press office\n\n"
        "ANSAH: Ms Mafi will make a short statement.\n\n"
        "MAFI: We need the new goal to reach 1.3 trillion dollars a year.\n\n"
        "ANSAH: Questions?\n"
    )
    ds = [e for e in read_text(text, climate).evidence if e.type.value == "demand"]
    assert [(d.actor, d.speaker) for d in ds] == [("islands", "Mafi")]
    # "Q: ... A: ...": the outlet answers; a party named in the answer holds its position
    text = (
        "PORT TALKS: YOUR QUESTIONS\n\nQ: What does the union want?\n\n"
        "A: The union wants a 12 per cent employer contribution to the pension fund.\n\n"
        "Q: And the employers?\n\nA: They have offered 10 per cent.\n"
    )
    ds = [e for e in read_text(text, labour).evidence if e.type.value == "demand"]
    assert ds and all(d.speaker != "A" for d in ds)
    assert ds[0].actor == "union"
    # a name in the headline is no one "she" continues
    text = (
        "ISLANDS DIG IN AS BONN FINANCE TALKS STALL\n\nBy Joaquim Reyes\n\n"
        "Mele Tuilagi spoke to reporters on Wednesday. She said the bloc would not accept a "
        "number below 500 billion.\n"
    )
    ds = [e for e in read_text(text, climate).evidence if e.type.value == "demand"]
    assert [d.actor for d in ds] == ["islands"]


def test_a_briefings_header_a_kicker_and_headlines_in_capitals(ukraine: Scenario):
    # a cast line inside a header line: the label's side; the place and date: the date
    text = (
        'BRIEFING RECORD\n\nFOREIGN MINISTRY BRIEFING: "ONE POINT OPEN"\n\n'
        "Kyiv, Tuesday 30 December 2025. Briefer: Olena Marchuk, spokesperson, Ministry of "
        "Foreign Affairs of Ukraine. Questions by outlet.\n\n"
        "MARCHUK: There will be no withdrawal from Donbas.\n\n"
        "Q (Radio North): And the president?\n\n"
        "MARCHUK: The president has said that any deal goes to a referendum.\n"
    )
    ev = read_text(text, ukraine)
    assert ev.articles[0].date == dt.date(2025, 12, 30)
    quotes = [(e.actor, e.speaker) for e in ev.evidence if e.type.value == "quote"]
    assert ("ukraine", "president") in quotes
    ds = [(e.actor, e.speaker) for e in ev.evidence if e.type.value == "demand"]
    assert ("ukraine", "Marchuk") in ds
    # a headline in capitals with a colon under a broadcast line is no speaker's turn
    shape = layout(
        "ISLAND RADIO - THE HOUR\nBroadcast Monday 3 June 2030, 19:05. Transcript by the "
        "programme desk.\n\nAFTER APIA: A FLOOR, AND A GAP\n\n"
        "HOST: Good evening.\n\nMAFI: We want the floor.\n\nHOST: Thank you.\n"
    )
    assert shape.title == "AFTER APIA: A FLOOR, AND A GAP"
    assert [t[2] for t in shape.turns] == ["HOST", "MAFI", "HOST"]
    # nor is a live blog's first line ("TALKS LIVE: ...") with no stop at its end
    shape = layout(
        "APIA TALKS LIVE: Islands hold the line as donors stall\n\n"
        "The Reef Post | Live\nLast updated: Monday 3 June 2030, 21:10\n\n"
        "21:10 - The day ends without a text.\n"
    )
    assert shape.title == "APIA TALKS LIVE: Islands hold the line as donors stall"
    assert shape.outlet == "The Reef Post"
    # a line in capitals over an outlet named with its date: the headline, unless it
    # names a section
    top = "What the towns expect\n\nBy Ann Lee\nThe Reef Review, 30 December 2025\n\nKRAMATORSK - "
    shape = layout("THE OTHER HALF\n" + top + "Quiet streets.\n")
    assert (shape.title, shape.outlet) == ("THE OTHER HALF", "The Reef Review")
    shape = layout("THE SATURDAY FEATURE\n\n" + top + "Quiet streets.\n")
    assert (shape.title, shape.outlet) == ("What the towns expect", "The Reef Review")


def test_a_day_before_a_name_and_a_headlines_alias_are_no_person(ukraine: Scenario):
    # "On Tuesday Putin went further": the speaker is Putin, not "Tuesday Putin"; "Europe"
    # in a headline is no person a later "he" stands for, here or at "a war with Europe"
    text = (
        "# Europe rewrites, Washington hurries\n\n"
        "Moscow was unmoved. On Tuesday Putin went further. Russia does not plan a war with "
        "Europe, he said, but is ready if Europe starts one.\n"
    )
    quotes = [
        (e.actor, e.speaker) for e in read_text(text, ukraine).evidence if e.type.value == "quote"
    ]
    assert quotes == [("russia", "Putin")]


def test_a_spokespersons_line_under_the_ministry_an_outlets_note_and_the_spokesman(
    trade: Scenario, ceasefire: Scenario
):
    # "Spokesperson: NAME" with no role, under a line naming the ministry: its side; the
    # outlet's "Cendana note:" is nobody's statement
    text = (
        "CENDANA TRANSCRIPT SERVICE\n\n"
        "Ministry of Trade of the Republic of Indonesia - weekly press briefing\n"
        "Jakarta, Wednesday 12 March 2031\nSpokesperson: Dewi Lestari\n\n"
        "Cendana note: the tone was firmer than last month.\n\n"
        "DEWI LESTARI (SPOKESPERSON): We will never accept a timetable for the ban.\n\n"
        "ARIF (REMPAH DAILY): And a quota?\n\nLESTARI: We have not ruled out a quota.\n"
    )
    found = read_text(text, trade).evidence
    assert [(e.actor, e.speaker) for e in found if e.type.value == "demand"] == [
        ("indonesia", "Dewi Lestari"),
        ("indonesia", "Lestari"),
    ]
    assert not [e for e in found if e.type.value == "quote" and e.speaker == "Cendana"]
    # "the spokesman, NAME, said" after "a Front spokesman said": the Front's
    text = (
        "The council will vote on Monday, a Front spokesman said.\n\n"
        '"If the council says no, our fighters know the way back to the hills," the '
        "spokesman, Tomas Wekesa, said.\n"
    )
    quotes = [e for e in read_text(text, ceasefire).evidence if e.type.value == "quote"]
    assert [(q.actor, q.speaker) for q in quotes] == [
        ("nlf", "Front spokesman"),
        ("nlf", "Tomas Wekesa"),
    ]


def test_a_guests_affiliation_a_blocs_group_a_passive_and_an_acronym(
    ceasefire: Scenario, climate: Scenario, ukraine: Scenario
):
    # "NAME of the Front's negotiating team": the Front's
    text = (
        "HOST: With me is Halima Ouedi of the Front's negotiating team. Is autonomy enough?"
        "\n\nHALIMA OUEDI: We no longer rule it out as a first step.\n\nHOST: Thank you.\n"
    )
    ds = [
        (e.actor, e.speaker)
        for e in read_text(text, ceasefire).evidence
        if e.type.value == "demand"
    ]
    assert ds == [("nlf", "Halima Ouedi")]
    # "spokesperson for the developed-country group"; "that China be written into the text"
    # is what is written, not a writer
    text = (
        "Briefing\n\nBriefer: Jonas Ekdahl, spokesperson for the developed-country group\n\n"
        "EKDAHL: We no longer insist that China be written into the text.\n\n"
        "Q (Ana Ruiz, Radio Sur): And a date?\n\nEKDAHL: We don't rule out a date.\n"
    )
    found = read_text(text, climate).evidence
    assert {(e.actor, e.speaker) for e in found if e.type.value == "demand"} == {
        ("developed", "Ekdahl")
    }
    assert not [e for e in found if e.type.value == "quote"]
    # "offered Ukraine NATO-style guarantees": "Ukraine NATO" is no one's name, and a
    # later "he" is the president named
    text = (
        "HOST: And Washington?\n\nVERHOEVEN: The Americans offered Ukraine NATO-style "
        "guarantees. President Zelensky offered to drop the NATO bid. He has said he still "
        "wants NATO.\n\nHOST: Thanks.\n"
    )
    quotes = [e for e in read_text(text, ukraine).evidence if e.type.value == "quote"]
    assert [q.actor for q in quotes] == ["ukraine"]


def test_a_turn_runs_on_over_its_paragraphs_and_a_lead_ins_subject_holds_its_list(
    ceasefire: Scenario, climate: Scenario
):
    # a turn's later paragraphs are still its speaker's, up to the next label
    text = (
        "PRESENT: Anil Deshpande, spokesperson for the Like-Minded Developing Countries\n\n"
        "DESHPANDE: Thank you. A short update.\n\n"
        "Three points. Our group will not accept any text that makes contributions an "
        "obligation.\n\n"
        "QUESTION (Naomi Wekesa): Was that raised?\n\n"
        "DESHPANDE: It was raised.\n"
    )
    shape = layout(text)
    assert [t[2] for t in shape.turns] == ["DESHPANDE", "QUESTION", "DESHPANDE"]
    assert "Three points" in text[shape.turns[0][0] : shape.turns[0][1]]
    assert [(d.actor, d.polarity) for d in of(read(text, climate), "demand")] == [
        ("lmdc", "against")
    ]
    # "Within minutes of the government's remarks, the NLF delegation circulated a list of
    # what it wants:": the lead-in's subject holds the list, not the first party it names
    text = (
        "Within minutes of the government's remarks on monitoring, the NLF delegation "
        "circulated a one-page list of what it wants before it signs anything:\n"
        "- a UN force on the ceasefire line;\n"
        "- seats for the Front in a transitional government.\n"
    )
    assert {d.actor for d in of(read(text, ceasefire), "demand")} == {"nlf"}


def test_an_entry_time_with_a_space_and_a_who_said_headline_end_at_the_line():
    # "21:30 Merz: a ceasefire is conceivable" over its entry: the time with no dash, and
    # a headline, so the entry's first sentence is read alone; 'Analyst: "The Senate is
    # the real test"' is a headline too; "16:15 WIB - ..." keeps its zone out of the text,
    # and "12.30 on Friday" is no time of an entry
    text = (
        "LIVE: Berlin talks\n\n"
        "The talks in Berlin ended on Monday with a joint statement by the leaders.\n\n"
        "MONDAY 15 DECEMBER 2025\n\n"
        "21:30 Merz: a ceasefire is conceivable\n"
        "Chancellor Friedrich Merz said after the talks that a ceasefire seemed conceivable.\n\n"
        '08:50 Analyst: "The Senate is the real test"\n'
        "Henrike Vollmer said the promise was the most important thing.\n\n"
        "16:15 WIB - Jakarta rejects subsidy charge\n"
        "The ministry denied it.\n\n"
        "12.30 on Friday the delegations meet again.\n"
    )
    shape = layout(text)
    heads = [text[a:b] for a, b in shape.headings]
    assert "Merz: a ceasefire is conceivable" in heads
    assert 'Analyst: "The Senate is the real test"' in heads
    assert "Jakarta rejects subsidy charge" in heads
    assert text.index("Chancellor") in shape.breaks and text.index("Henrike") in shape.breaks
    stamps = [text[a:b] for a, b, k in shape.masked if k == "timestamp"]
    assert stamps == ["21:30 ", "08:50 ", "16:15 WIB - "]


def test_a_transcripts_note_on_how_it_was_made_is_no_paragraph():
    # "Verbatim record. Edited only for hesitations." above the title is a note, masked,
    # and the title under it is found
    text = (
        "COPPICE TRANSCRIPT SERVICE\n"
        "Verbatim record. Edited only for hesitations. Speaker labels as announced in the room.\n\n"
        "PRESS BRIEFING BY THE LIKE-MINDED DEVELOPING COUNTRIES\n"
        "Wednesday, 9 November 2033, 13:05 local time\n\n"
        "MODERATOR: Good afternoon.\n\n"
        "DESHPANDE: Thank you.\n"
    )
    shape = layout(text)
    assert shape.title == "PRESS BRIEFING BY THE LIKE-MINDED DEVELOPING COUNTRIES"
    assert "note" in [k for _, _, k in shape.masked]


def test_a_hyphen_inside_a_headlines_first_word_is_no_dateline():
    text = (
        "THE PLOVER QUARTERLY | FEATURES | Thursday 15 June 2034\n\n"
        "Thirty-nine seats and a return ticket\n"
        "At the Majuro ministerial, the small island states have drawn a line under $500bn, "
        "and the donors have drawn theirs at $300bn, with a delegation between them.\n\n"
        "MAJURO - The delegation works out of a classroom behind the convention centre.\n"
    )
    shape = layout(text)
    assert shape.title == "Thirty-nine seats and a return ticket"
