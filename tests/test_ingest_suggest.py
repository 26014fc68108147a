"""Suggestions that teach: what each kind of evidence proposes, contradicts or supports, and
that a rejection never becomes a red line at what it rejects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.zopa import zopa
from accord.ingest.apply import apply_suggestions
from accord.ingest.evidence import Article, Evidence, EvidenceFile, EvidenceType, Verdict
from accord.ingest.suggest import red_line_without, suggest
from accord.io.builtins import load_builtin
from accord.model import Scenario
from oracle_red_line import accepted_under, utilities, widest_line_without

FREEZE = "Russia rejected any freeze along the current line of contact, the Kremlin said."


def evidence(
    s: Scenario, *items: dict[str, Any], title: str | None = "Talks stall"
) -> EvidenceFile:
    """An evidence file with hand-made items (the extractor is tested elsewhere)."""
    ev = EvidenceFile(
        scenario=s.id,
        articles=[
            Article(
                id="story",
                path="news/story.txt",
                title=title,
                date=dt.date(2025, 12, 20),
                publisher="Example Wire",
                digest="0" * 16,
                chars=1000,
            )
        ],
        evidence=[
            Evidence(
                id=f"e{k + 1}",
                article="story",
                start=10 * k,
                end=10 * k + len(item["sentence"]),
                text=item.get("text", item["sentence"]),
                confidence=0.9,
                **{key: v for key, v in item.items() if key != "text"},
            )
            for k, item in enumerate(items)
        ],
    )
    ev.suggestions = suggest(s, ev)
    return ev


def test_rejecting_a_freeze_never_makes_it_a_red_line_and_opens_no_zopa_on_it():
    s = load_builtin("ukraine-2025")
    # The test can fail: the reversed reading (Russia's red line at the freeze) opens a ZOPA
    # that rests on it.
    reversed_ = s.model_copy(deep=True)
    stance = next(x for x in reversed_.stances if (x.actor, x.issue) == ("russia", "donbas"))
    stance.red_line = "freeze_line"
    assert "freeze_line" in zopa(reversed_).settings["donbas"]

    for polarity in ("against", None):  # the extractor's polarity, or the wording alone
        ev = evidence(
            s,
            {
                "type": EvidenceType.demand,
                "sentence": FREEZE,
                "text": "any freeze along the current line of contact",
                "actor": "russia",
                "issues": ["donbas", "south_line"],
                "polarity": polarity,
            },
        )
        assert len(ev.suggestions) == 2
        for sug in ev.suggestions:
            assert sug.verdict is Verdict.supports, sug.message
            assert sug.change is None or sug.change.value != "freeze_line"
            assert sug.quote is not None and "rejected any freeze" in sug.quote
        donbas = ev.suggestions[0]
        assert "already rules it out" in donbas.message and "Freeze on the line" in donbas.message
        new, _ = apply_suggestions(s, ev, list(ev.suggestions))
        assert new.stance("russia", "donbas").red_line == "dmz_russian"  # type: ignore[union-attr]
        assert "freeze_line" not in zopa(new).settings["donbas"]


def test_a_rejected_setting_the_scenario_still_accepts_moves_the_red_line_past_it():
    s = load_builtin("ukraine-2025")
    # Russia's red line on Donbas is the Russian-owned buffer; here it rejects that buffer.
    stance = s.stance("russia", "donbas")
    assert stance is not None and stance.red_line == "dmz_russian"
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": "The Kremlin rejected a Russian-owned buffer where Ukraine leaves.",
            "text": "a Russian-owned buffer where Ukraine leaves",
            "actor": "russia",
            "issues": ["donbas"],
            "polarity": "against",
        },
    )
    (sug,) = ev.suggestions
    assert (sug.verdict, sug.about) == (Verdict.contradicts, "red_line")
    assert sug.change is not None and sug.change.op == "set_stance"
    assert (sug.change.field, sug.change.value) == ("red_line", "russian_control")
    new, _ = apply_suggestions(s, ev, [sug])
    line = new.stance("russia", "donbas").red_line  # type: ignore[union-attr]
    assert "dmz_russian" not in accepted_under(utilities(new, "russia", "donbas"), line)


def test_a_condition_for_something_is_a_red_line_at_it():
    s = load_builtin("ukraine-2025")
    said = "Kyiv would sign only if the deal brings a mutual pullback with a FEZ."
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": said,
            "text": "a mutual pullback with a FEZ",
            "actor": "ukraine",
            "issues": ["donbas"],
            "polarity": "for",
        },
        {
            "type": EvidenceType.demand,
            "sentence": "Russia will sign only if the deal brings a Ukraine-only pullback.",
            "text": "a Ukraine-only pullback, DMZ or FEZ",
            "actor": "russia",
            "issues": ["donbas"],
            "polarity": "for",
        },
    )
    kyiv, moscow = ev.suggestions
    # Ukraine's red line is already the mutual pullback: the article supports it.
    assert (kyiv.verdict, kyiv.about) == (Verdict.supports, "red_line")
    assert "matches current red line" in kyiv.message
    assert (moscow.verdict, moscow.about) == (Verdict.contradicts, "red_line")
    assert moscow.change is not None
    assert (moscow.change.field, moscow.change.value) == ("red_line", "ukr_only_fez")


def test_a_demand_no_issue_covers_proposes_a_new_issue_that_applies_and_validates():
    s = load_builtin("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": "Moscow demands a ban on Western drone factories in Ukraine.",
            "text": "a ban on Western drone factories in Ukraine",
            "actor": "russia",
            "target": "ukraine",
        },
    )
    (sug,) = ev.suggestions
    assert (sug.verdict, sug.about) == (Verdict.proposes, "new_issue")
    assert sug.change is not None and sug.change.op == "add_issue" and sug.change.value is True
    assert "demanded of Ukraine" in sug.message
    new, _ = apply_suggestions(s, ev, [sug])
    issue = new.issue(sug.change.issue or "")
    assert issue.kind.value == "boolean" and "drone factories" in issue.name
    stance = new.stance("russia", issue.id)
    assert stance is not None and stance.position is True and stance.sources == ["news-story"]
    assert stance.judgement and "drone factories" in stance.judgement


def test_a_rejection_no_issue_covers_is_a_stance_against():
    s = load_builtin("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.demand,
            "sentence": "Kyiv rejected a cap on its drone production.",
            "text": "a cap on its drone production",
            "actor": "ukraine",
            "polarity": "against",
        },
    )
    (sug,) = ev.suggestions
    assert sug.change is not None and sug.change.value is False


def test_threat_the_batna_does_not_describe_is_a_change_of_perception():
    s = load_builtin("ukraine-2025")
    batna = s.actor("russia").batna
    assert batna is not None and "offensive" in batna.description
    ev = evidence(
        s,
        {
            "type": EvidenceType.threat,
            "sentence": "Putin said Russia would fight on.",
            "actor": "russia",
            "kind": "fight",
        },
        {
            "type": EvidenceType.threat,
            "sentence": "Moscow would leave the talks, Lavrov said.",
            "actor": "russia",
            "kind": "walk_away",
        },
    )
    first, second = ev.suggestions
    assert (first.verdict, first.about) == (Verdict.supports, "batna")
    assert (second.verdict, second.about) == (Verdict.contradicts, "batna_perception")
    assert second.change is not None and second.change.op == "cite_batna"


def test_a_mediator_coaching_or_pressing_one_side_is_a_sign_of_bias():
    s = load_builtin("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.quote,
            "sentence": "Witkoff advised Ushakov how to pitch the plan.",
            "actor": "usa",
            "actors": ["usa", "russia"],
        },
        {
            "type": EvidenceType.quote,
            "sentence": "Trump pressed Zelensky to accept the deal.",
            "actor": "usa",
            "target": "ukraine",
            "actors": ["usa", "ukraine"],
        },
        {
            "type": EvidenceType.quote,
            "sentence": "Witkoff urged Russia and Ukraine to agree.",
            "actor": "usa",
            "actors": ["usa", "russia", "ukraine"],
        },
        {
            "type": EvidenceType.quote,
            "sentence": "Zelensky pressed Witkoff for guarantees.",
            "actor": "ukraine",
            "actors": ["usa", "ukraine"],
        },
    )
    bias = [sg for sg in ev.suggestions if sg.about == "mediator_bias"]
    assert [sg.evidence for sg in bias] == ["e1", "e2"]
    assert "coaching Russia" in bias[0].message and "pressing Ukraine" in bias[1].message
    new, _ = apply_suggestions(s, ev, bias)
    assert "news-story" in new.actor("usa").sources


def test_everyday_words_of_war_reporting_are_no_sign_of_bias():
    s = load_builtin("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.quote,
            "sentence": "Witkoff told a press conference the position of Ukrainian forces "
            "was urgent.",
            "actor": "usa",
            "actors": ["usa", "ukraine"],
        },
        {
            "type": EvidenceType.event,
            "sentence": "Witkoff met Zelensky on Tuesday to push for a deal.",
            "actors": ["usa", "ukraine"],
        },
    )
    assert [sg for sg in ev.suggestions if sg.about == "mediator_bias"] == []


def test_events_match_on_participants_and_content_not_the_date_alone():
    s = load_builtin("ukraine-2025")
    ev = evidence(
        s,
        {
            "type": EvidenceType.event,
            "sentence": "Witkoff met Putin in Moscow on Friday.",
            "actors": ["usa", "russia"],
            "participants": ["usa", "russia"],
            "date": dt.date(2025, 12, 19),
        },
        {
            "type": EvidenceType.event,
            "sentence": "The Miami talks with Umerov went on on Friday.",
            "actors": ["usa", "ukraine"],
            "date": dt.date(2025, 12, 19),
        },
    )
    meeting, miami = ev.suggestions
    assert meeting.verdict is Verdict.proposes and meeting.change is not None
    assert meeting.change.op == "add_event" and meeting.change.actors == ["usa", "russia"]
    assert miami.verdict is Verdict.supports and "Miami talks" in miami.message


@st.composite
def one_issue(draw: st.DrawFn) -> tuple[Scenario, str]:
    n = draw(st.integers(2, 6))
    ids = [f"o{k}" for k in range(n)]
    spaced = draw(st.booleans())
    options: list[dict[str, Any]] = [{"id": o, "label": f"Option {o}"} for o in ids]
    if not spaced:
        steps = draw(st.lists(st.integers(1, 20), min_size=n - 1, max_size=n - 1))
        at = 0
        for k, o in enumerate(options):
            o["position"] = at
            at += steps[k] if k < n - 1 else 0
    shape = draw(st.sampled_from(["linear", "quadratic", "table"]))
    stance: dict[str, Any] = {
        "actor": "a",
        "issue": "i",
        "position": draw(st.sampled_from(ids)),
        "salience": 1.0,
        "utility": shape,
    }
    if shape == "table":
        values = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
        stance["table"] = {o: v / 10 for o, v in zip(ids, values, strict=True)}
    data = {
        "id": "t",
        "title": "t",
        "actors": [{"id": "a", "name": "A", "role": "party", "capability": 1}],
        "issues": [{"id": "i", "name": "I", "kind": "ordinal", "options": options}],
        "stances": [stance],
    }
    return Scenario.model_validate(data), draw(st.sampled_from(ids))


@settings(max_examples=150, deadline=None)
@given(one_issue())
def test_red_line_without_leaves_out_the_rejected_and_nothing_more(case: tuple[Scenario, str]):
    s, rejected = case
    stance = s.stance("a", "i")
    assert stance is not None
    line = red_line_without(s.issue("i"), stance, rejected)
    widest = widest_line_without(s, "a", "i", rejected)
    if widest is None:
        assert line is None
    else:
        assert line is not None
        accepted = accepted_under(utilities(s, "a", "i"), line)
        assert rejected not in accepted and accepted == widest


def test_the_extracted_rejection_of_a_freeze_is_never_reversed():
    pytest.importorskip("spacy")
    from accord.ingest.extract import ingest
    from accord.ingest.read import ArticleText

    s = load_builtin("ukraine-2025")
    text = (
        "Moscow talks end without a deal\n\n"
        "Russia rejected any freeze along the current line of contact, Kremlin aide Yuri "
        "Ushakov said on Tuesday after Witkoff met Putin in Moscow."
    )
    art = ArticleText(
        path="news/moscow.txt",
        text=text,
        title="Moscow talks end without a deal",
        date=dt.date(2025, 12, 3),
    )
    ev = ingest([art], s)
    freezes = {"freeze_line", "freeze_recognised", "freeze_unrecognised"}
    for sug in ev.suggestions:
        ch = sug.change
        assert ch is None or ch.actor != "russia" or ch.value not in freezes, sug.message
    new, _ = apply_suggestions(s, ev, list(ev.suggestions))
    for issue in ("donbas", "south_line"):
        assert new.stance("russia", issue) == s.stance("russia", issue).model_copy(  # type: ignore[union-attr]
            update={"sources": new.stance("russia", issue).sources}  # type: ignore[union-attr]
        )
    assert "freeze_line" not in zopa(new).settings["donbas"]
    meeting = [x for x in ev.suggestions if x.about == "event"]
    assert meeting and all("US envoys meet Putin" in x.message for x in meeting)


def test_a_new_issue_is_named_after_the_demanded_clause_not_the_sentence():
    s = load_builtin("ukraine-2025")
    said = "Moscow wants limits on Ukraine's drone exports to Europe, Peskov said."
    ev = evidence(s, {"type": EvidenceType.demand, "sentence": said, "actor": "russia"})
    (sug,) = ev.suggestions
    assert sug.change is not None
    assert sug.change.title == "Limits on Ukraine's drone exports to Europe"
    assert sug.change.issue == "limits_ukraine_drone_exports"


def test_a_rejection_its_red_line_already_rules_out_is_support_on_a_continuous_issue():
    # Ukraine's red line on the army cap is 800,000 (position 1,000,000): a cap of
    # 200,000 is already out; one of 900,000 is not, so the red line needs review.
    s = load_builtin("ukraine-2025")
    assert s.stance("ukraine", "army_cap").red_line == 800_000  # type: ignore[union-attr]
    verdicts = []
    for cap in ("200,000", "900,000"):
        ev = evidence(
            s,
            {
                "type": EvidenceType.demand,
                "sentence": f"Ukraine rejected a cap of {cap} on its army.",
                "text": f"a cap of {cap}",
                "actor": "ukraine",
                "issues": ["army_cap"],
                "polarity": "against",
            },
        )
        verdicts.append([(sg.verdict, sg.about) for sg in ev.suggestions])
    assert verdicts[0] == [(Verdict.supports, "red_line")]
    assert verdicts[1] == [(Verdict.contradicts, "red_line")]
