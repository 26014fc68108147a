"""The ICD 203 scale and the confidence rule of key judgements (accord.overview.estimative)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.oracle_estimative import span_of, word_of

from accord.overview.briefing_records import Basis, Confidence
from accord.overview.estimative import (
    HIGH_SHARE,
    LOW_SHARE,
    NARROW,
    OVER_99,
    SCALE,
    UNDER_1,
    WIDE,
    chance_clause,
    confidence,
    estimative_index,
    estimative_span,
    estimative_word,
    word_range_text,
)

PROBABILITIES = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
EDGES = sorted({w.low for w in SCALE} | {w.high for w in SCALE})


def _oracle_text(index: int) -> str:
    w = SCALE[index]
    if w is UNDER_1:
        return "almost no chance (under 1%)"
    if w is OVER_99:
        return "almost certain (over 99%)"
    return w.text


@given(PROBABILITIES)
def test_the_probability_behind_every_word_lies_in_its_range(p: float) -> None:
    w = estimative_word(p)
    assert w.low <= p <= w.high
    assert _oracle_text(int(estimative_index(np.asarray(p)))) == word_of(p)


@given(st.lists(PROBABILITIES, min_size=1, max_size=50))
def test_the_array_form_matches_the_table_read_row_by_row(ps: list[float]) -> None:
    found = estimative_index(np.array(ps))
    assert [_oracle_text(int(i)) for i in found] == [word_of(p) for p in ps]


@pytest.mark.parametrize("p", EDGES)
def test_an_edge_goes_to_the_word_nearer_even_odds(p: float) -> None:
    w = estimative_word(p)
    assert w.low <= p <= w.high
    # the neighbouring word on the far side from 0.5 would also hold p: it is not chosen
    assert abs((w.low + w.high) / 2 - 0.5) <= min(
        abs((v.low + v.high) / 2 - 0.5) for v in SCALE if v.low <= p <= v.high
    )


def test_the_scale_is_icd_203_and_covers_0_to_1_without_gaps() -> None:
    assert [(w.text, w.low, w.high) for w in SCALE[1:-1]] == [
        ("almost no chance", 0.01, 0.05),
        ("very unlikely", 0.05, 0.20),
        ("unlikely", 0.20, 0.45),
        ("roughly even chance", 0.45, 0.55),
        ("likely", 0.55, 0.80),
        ("very likely", 0.80, 0.95),
        ("almost certain", 0.95, 0.99),
    ]
    assert SCALE[0].low == 0.0 and SCALE[-1].high == 1.0
    assert all(a.high == b.low for a, b in itertools.pairwise(SCALE))
    assert word_range_text(UNDER_1) == "under 1%"
    assert word_range_text(OVER_99) == "over 99%"
    assert word_range_text(SCALE[2]) == "5–20%"


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf])
def test_a_value_that_is_no_probability_is_refused_by_name(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        estimative_word(bad)


def _basis(sourced: int, judged: int) -> Basis:
    share = sourced / (sourced + judged) if sourced + judged else math.nan
    return Basis(
        share, tuple(f"s{i}" for i in range(sourced)), tuple(f"j{i}" for i in range(judged))
    )


@pytest.mark.parametrize(
    ("sourced", "judged", "interval", "expected"),
    [
        (9, 1, (0.10, 0.20), Confidence.high),  # 90% sourced, 10 points wide
        (3, 1, None, Confidence.high),  # 75% sourced, not a chance
        (3, 1, (0.0, 0.16), Confidence.moderate),  # sourced enough, a little too wide
        (2, 2, (0.10, 0.12), Confidence.moderate),  # narrow, half judgement
        (1, 2, (0.10, 0.12), Confidence.low),  # mostly judgement
        (9, 1, (0.10, 0.50), Confidence.low),  # sourced, but 40 points wide
        (0, 0, None, Confidence.low),  # rests on nothing recorded
    ],
)
def test_confidence_rule_cases(
    sourced: int, judged: int, interval: tuple[float, float] | None, expected: Confidence
) -> None:
    found, why = confidence(_basis(sourced, judged), interval)
    assert found is expected
    assert why  # the reason is said


@given(
    st.integers(0, 12),
    st.integers(0, 12),
    st.one_of(st.none(), st.tuples(PROBABILITIES, PROBABILITIES).map(sorted).map(tuple)),
)
def test_confidence_follows_the_written_rule(
    sourced: int, judged: int, interval: tuple[float, float] | None
) -> None:
    b = _basis(sourced, judged)
    found, _ = confidence(b, interval)
    width = None if interval is None else interval[1] - interval[0]
    share = b.sourced_share
    if math.isnan(share) or share < LOW_SHARE or (width is not None and width > WIDE):
        assert found is Confidence.low
    elif share >= HIGH_SHARE and (width is None or width <= NARROW):
        assert found is Confidence.high
    else:
        assert found is Confidence.moderate


@given(PROBABILITIES)
def test_every_word_reads_as_a_sentence_head(p: float) -> None:
    w = estimative_word(p)
    text = chance_clause(p, "a deal is reached")
    assert f"{w.text} ({word_range_text(w)}) that a deal is reached" in text
    noun = w.text.endswith("chance")  # "there is almost no chance that", "it is likely that"
    assert text.startswith("there is" if noun else "it is")


@given(PROBABILITIES, PROBABILITIES, PROBABILITIES)
def test_a_span_names_every_word_the_interval_reaches(p: float, a: float, b: float) -> None:
    low, high = min(a, b, p), max(a, b, p)
    w = estimative_span(p, (low, high))
    assert w.text == span_of(p, low, high)
    # its range holds the whole interval, and is the word's own when the interval stays in it
    assert w.low <= low and high <= w.high
    if " to " not in w.text:
        assert w.text == estimative_word(p).text
    text = chance_clause(p, "a deal is reached", interval=(low, high))
    assert f"{w.text} ({word_range_text(w)})" in text


def test_the_ukraine_figure_spans_two_words() -> None:
    # 58.6% of 500 draws, 95% interval 54.2%-62.8%: not "likely" on its own
    assert estimative_span(0.586, (0.542, 0.628)).text == "roughly even to likely"
    assert estimative_span(0.064, (0.046, 0.089)).text == "remote to very unlikely"
    assert estimative_span(0.3, (0.25, 0.4)).text == "unlikely"
    # under 1% and 1-5% are one word: its range covers both
    edge = estimative_span(0.005, (0.0, 0.03))
    assert (edge.text, edge.low, edge.high) == ("almost no chance", 0.0, 0.05)
