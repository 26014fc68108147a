"""The learned sentence detector (accord.ingest.learned): the logistic regression against a
plain Newton oracle on small random problems, the labels and the rule that it only adds
where the rules found nothing and only drops what scores low, and features read from a
parsed article."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.evidence import EvidenceType, item
from accord.ingest.learned import (
    BIAS,
    DIM,
    NEVER,
    TYPES,
    SentenceTable,
    Thresholds,
    combine,
    fit_logistic,
    predict,
    sentence_labels,
    sentence_of,
)
from oracle_logistic import fit as oracle_fit
from oracle_logistic import loss as oracle_loss


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[list[int]], list[int], float]:
    """A few rows over a few columns (spread over the hashed range), the bias in every row,
    and labels of both classes (else the unpenalised bias has no finite optimum)."""
    pool = draw(st.lists(st.integers(0, DIM - 2), min_size=1, max_size=6, unique=True))
    n = draw(st.integers(2, 12))
    rows = [
        sorted(set(draw(st.lists(st.sampled_from(pool), max_size=4))) | {BIAS}) for _ in range(n)
    ]
    y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda v: 0 < sum(v) < n))
    l2 = draw(st.floats(0.05, 1.0))
    return rows, y, l2


def _csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.cumsum([0, *map(len, rows)]).astype(np.int64)
    return indptr, np.array([c for r in rows for c in r], dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_fit_logistic_finds_the_oracles_minimiser(problem):
    rows, y, l2 = problem
    indptr, cols = _csr(rows)
    w = fit_logistic(indptr, cols, np.array(y), l2=l2, iterations=3000)
    want = oracle_fit(rows, y, l2, BIAS)
    for c, v in want.items():
        assert w[c] == pytest.approx(v, abs=1e-5)
    # columns no row uses stay at zero
    assert np.count_nonzero(w) <= len(want)
    got = {c: float(w[c]) for c in want}
    assert oracle_loss(rows, y, got, l2, BIAS) <= oracle_loss(rows, y, want, l2, BIAS) + 1e-9


@settings(max_examples=40, deadline=None)
@given(problems(), st.lists(st.floats(-3, 3), min_size=7, max_size=7))
def test_predict_is_the_sigmoid_of_each_rows_summed_weights(problem, values):
    rows, _, _ = problem
    indptr, cols = _csr(rows)
    used = sorted({c for r in rows for c in r})
    w = np.zeros(DIM)
    w[used] = values[: len(used)]
    want = [1 / (1 + np.exp(-sum(w[c] for c in r))) for r in rows]
    assert predict(indptr, cols, w) == pytest.approx(want)
    both = predict(indptr, cols, np.stack([w, -w], axis=1))
    assert both[:, 0] == pytest.approx(want)
    assert both[:, 1] == pytest.approx([1 - p for p in want])


def test_fit_is_deterministic_and_learns_a_separating_column():
    rows = [[5, BIAS], [5, BIAS], [9, BIAS], [9, BIAS], [9, BIAS]]
    indptr, cols = _csr(rows)
    y = np.array([1, 1, 0, 0, 0])
    a = fit_logistic(indptr, cols, y, l2=0.01, iterations=300)
    b = fit_logistic(indptr, cols, y, l2=0.01, iterations=300)
    assert np.array_equal(a, b)
    p = predict(indptr, cols, a)
    assert p[:2].min() > 0.8 and p[2:].max() < 0.2


def _table(spans: list[tuple[int, int]]) -> SentenceTable:
    n = len(spans)
    return SentenceTable(
        np.array([s for s, _ in spans], dtype=np.int64),
        np.array([e for _, e in spans], dtype=np.int64),
        np.arange(n + 1, dtype=np.int64),
        np.full(n, BIAS, dtype=np.int64),
        np.zeros((n, len(TYPES)), dtype=bool),
    )


def test_labels_mark_every_sentence_an_annotated_item_overlaps():
    table = _table([(0, 10), (11, 20), (21, 30)])
    y = sentence_labels(
        table,
        [
            (EvidenceType.demand, 12, 25),  # runs over two sentences
            (EvidenceType.denial, 0, 4),  # claims and denials share one detector
            (EvidenceType.event, 0, 30),  # no detector for events
        ],
    )
    assert y[:, TYPES.index("demand")].tolist() == [False, True, True]
    assert y[:, TYPES.index("claim")].tolist() == [True, False, False]
    assert y.sum() == 3
    assert sentence_of(table, 12, 25) == 1  # 8 characters in the second, 4 in the third


TEXT = "Kyiv wants guarantees. Moscow said nothing. The talks went on."


def _ev(type_: EvidenceType, start: int, end: int):
    return item(TEXT, type_, start, end, confidence=0.8, actor="ukraine")


def test_combine_adds_only_above_the_threshold_and_drops_only_below():
    table = _table([(0, 22), (23, 43), (44, 62)])
    rules = [_ev(EvidenceType.demand, 0, 22), _ev(EvidenceType.quote, 23, 43)]
    added = {
        "demand": [(2, _ev(EvidenceType.demand, 44, 62))],
        "threat": [(1, _ev(EvidenceType.threat, 23, 43))],
    }
    probs = np.array(
        [
            # demand, threat, claim, quote
            [0.90, 0.10, 0.1, 0.1],
            [0.20, 0.75, 0.1, 0.04],
            [0.65, 0.10, 0.1, 0.1],
        ]
    )
    assert combine(rules, table, probs, added, NEVER) == rules
    th = Thresholds({"demand": 0.6, "threat": 0.8}, {**NEVER.drop, "quote": 0.05})
    got = combine(rules, table, probs, added, th)
    # the quote's sentence scores 0.04 < 0.05: dropped; the demand at 0.65 >= 0.6 added;
    # the threat at 0.75 < 0.8 not
    assert [(e.type.value, e.start) for e in got] == [("demand", 0), ("demand", 44)]


def test_features_of_a_parsed_article_mark_lists_questions_and_the_rules_items():
    pytest.importorskip("spacy")
    from accord.ingest.learned import _hash, additions, sentence_table
    from accord.ingest.mentions import build_lexicon, read_doc
    from accord.ingest.nlp import load_nlp
    from accord.ingest.quotes import statements
    from accord.io import load_scenario
    from ingest_text import read_text

    scenario = load_scenario(Path(__file__).parent / "data" / "news" / "ceasefire.yaml")
    text = (
        "The government set out its terms on Monday:\n\n"
        "- a ceasefire along the current lines\n\n"
        "Will the rebels accept that?\n\n"
        "The rebels would keep their weapons until an amnesty is passed.\n"
    )
    rules = [e for e in read_text(text, scenario).evidence if e.type is not EvidenceType.mention]
    nlp = load_nlp()
    doc = nlp(text)
    info = read_doc(doc, build_lexicon(nlp, scenario))
    stmts = statements(info)
    table = sentence_table(info, stmts, rules)
    rows = [set(table.cols[table.indptr[i] : table.indptr[i + 1]].tolist()) for i in range(table.n)]
    assert all(BIAS in r for r in rows)
    assert _hash("lead_in") in rows[0]
    assert _hash("bullet") in rows[1] and _hash("bullet_first") in rows[1]
    assert _hash("question") in rows[2]
    # a question states no position: nothing may be added there
    cands = additions(info, stmts, table)
    assert all(k != 2 for k, _ in cands["demand"])
    # an added demand holds a party, as the evaluator needs to match it
    assert all(ev.actor is not None or ev.speaker for _, ev in cands["demand"])


def test_a_saved_detector_loads_the_same_and_scores_as_the_dense_weights(tmp_path):
    from accord.ingest.learned import Detector

    rng = np.random.default_rng(7)  # seed recorded here: the weights are arbitrary
    dense = np.zeros((DIM, len(TYPES)))
    used = rng.choice(DIM - 1, size=50, replace=False)
    dense[used] = rng.normal(size=(50, len(TYPES)))
    dense[BIAS] = [-1.0, -2.0, -3.0, 0.5]
    th = Thresholds(
        {"demand": 0.7, "threat": 2.0}, {"demand": 0.1, "threat": 0.0, "claim": 0.05, "quote": 0.2}
    )
    det = Detector.from_dense(
        dense, th, l2=0.001, iterations=400, corpus="abc", rules="def", articles=3
    )
    det.save(tmp_path / "d.npz")
    back = Detector.load(tmp_path / "d.npz")
    assert back.thresholds == th and back.corpus == "abc" and back.rules == "def"
    assert back.articles == 3
    # the weights kept are exactly the non-zero rows of the dense array, in column order
    assert np.array_equal(back.cols, np.flatnonzero(np.any(dense != 0, axis=1)))
    assert np.array_equal(back.weights, dense[back.cols])
    # rows mixing used and unused columns (an unseen word has no weight)
    rows = [[int(used[0]), 5, BIAS], [BIAS], [int(used[1]), int(used[2]), BIAS]]
    indptr, cols = _csr([sorted(r) for r in rows])
    assert back.predict(indptr, cols) == pytest.approx(predict(indptr, cols, dense))


def test_refine_without_a_detector_changes_nothing():
    from accord.ingest.learned import refine

    rules = [_ev(EvidenceType.demand, 0, 22)]
    assert refine(None, [], rules, None) is rules  # type: ignore[arg-type]


TRAIN = """
import sys
from pathlib import Path
from accord.ingest.training import corpus_digest, prepare, train_detector
folder = Path(sys.argv[1])
train_detector(prepare(folder), corpus_digest(folder)).save(Path(sys.argv[2]))
"""


def test_training_gives_the_same_detector_whatever_the_processs_hash_seed(tmp_path):
    """Nothing is drawn at random, and no feature may depend on the order of a set: two
    processes with different hash seeds train the very same weights and thresholds."""
    pytest.importorskip("spacy")
    import os
    import shutil
    import subprocess
    import sys

    from accord.ingest.learned import Detector

    news = Path(__file__).parent / "data" / "news"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ["ceasefire-talks", "ceasefire-collapse", "trade-tariffs", "trade-nickel"]:
        for f in news.glob(f"{name}.*"):
            shutil.copy(f, corpus / f.name)
    for f in ["ceasefire.yaml", "trade.yaml"]:
        shutil.copy(news / f, corpus / f)
    made = []
    for seed in ["1", "2"]:
        out = tmp_path / f"d{seed}.npz"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", TRAIN, str(corpus), str(out)], check=True, env=env)
        made.append(Detector.load(out))
    a, b = made
    assert a.articles == 4 and a.corpus == b.corpus and a.rules == b.rules
    assert a.thresholds == b.thresholds
    assert np.array_equal(a.cols, b.cols)
    assert np.array_equal(a.weights, b.weights)
    # it learnt something: some demand weight is far from zero
    assert np.abs(a.weights[:, TYPES.index("demand")]).max() > 0.1


def test_in_a_turn_a_sentence_about_another_party_holds_that_partys_position():
    """The detector's additions in a transcript turn: "She expects us to come down" holds
    the position of the one "she" is, not the speaker's; a thing of another party's named
    in the subject ("Our view on the Russian assets") keeps the speaker's. A role beside a
    name where the text introduces the speaker gives the turn's party."""
    pytest.importorskip("spacy")
    from accord.ingest.extract import unparsed
    from accord.ingest.learned import _holder
    from accord.ingest.mentions import build_lexicon, read_doc
    from accord.ingest.nlp import load_nlp
    from accord.ingest.quotes import statement_of, statements
    from accord.ingest.read import ArticleText, parse_article
    from accord.io import load_builtin

    text = (
        "Briefing\n\nKYIV, 29 December 2025 (Sunflower Desk) - The weekly briefing by Iryna "
        "Datsenko, deputy spokesperson of Ukraine's Ministry of Foreign Affairs.\n\n"
        "QUESTION: What did Dmitry Peskov ask of you?\n\n"
        "DATSENKO: He expects us to leave Donbas before any ceasefire. Our view on the "
        "Russian assets is unchanged.\n\n"
        "QUESTION: Thank you.\n"
    )
    art = parse_article(text.encode(), "t.txt")
    assert isinstance(art, ArticleText)
    scenario = load_builtin("ukraine-2025")
    nlp = load_nlp()
    doc = nlp(unparsed(nlp, art.text, art.layout))
    info = read_doc(doc, build_lexicon(nlp, scenario), art.layout)
    stmts = statements(info)
    held = {}
    for sent in info.sents:
        if sent.text.startswith(("He expects", "Our view")):
            w = _holder(info, sent, statement_of(stmts, sent))
            held[sent.text[:10]] = w.actor if w else None
    assert held == {"He expects": "russia", "Our view o": "ukraine"}
