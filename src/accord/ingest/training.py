"""Training the learned sentence detector on annotated articles, and choosing its thresholds.

Each annotated article is parsed once; its sentences get their features and labels
(:mod:`accord.ingest.learned`) and the rules' items (the extractor with the detector off).
The thresholds (add a demand or threat at probability >= a; drop a rules item below d) are
chosen by leave-one-group-out over the training articles: each is scored by a model that
never saw its group (its negotiation, by default), and per type in turn the thresholds
with the best F1 over all types are kept; a tie keeps the rules alone. The weights are then
fitted on all the training articles. Nothing is drawn at random.

    .venv/bin/python -m accord.ingest.training FOLDER OUT.npz   # weights, thresholds, settings

The detector ``accord ingest`` uses is made by ``make ingest-model`` (FOLDER the 74
development articles, tests/data/news; OUT src/accord/data/ingest/sentences.npz); run it
after any change to the rules or to the development corpus (tests/test_ingest_shipped.py
fails until then).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from accord.ingest.evaluate import SCORED, Expected, load_case, match
from accord.ingest.evidence import Evidence, EvidenceType
from accord.ingest.extract import article_date, rule_items, unparsed
from accord.ingest.learned import (
    ADDS,
    COVERS,
    ITERATIONS,
    L2,
    NEVER,
    TYPES,
    Detector,
    SentenceTable,
    Thresholds,
    additions,
    combine,
    fit_types,
    predict,
    sentence_labels,
    sentence_table,
)
from accord.ingest.mentions import build_lexicon, read_doc
from accord.ingest.nlp import load_nlp
from accord.ingest.quotes import statements
from accord.ingest.read import read_articles

#: The thresholds tried (an add threshold above 1 never adds; a drop threshold of 0 never
#: drops).
ADD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 2.0)
DROP_GRID = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)


@dataclass
class Prepared:
    """One annotated article, parsed once: what training and scoring need of it."""

    name: str
    negotiation: str  # the file name's first word: ukraine, trade, labour, ...
    text: str
    table: SentenceTable
    labels: Any
    rules: list[Evidence]
    expected: list[Expected]
    added: dict[str, list[tuple[int, Evidence]]]


def corpus_digest(folder: Path) -> str:
    """SHA-256 over the annotation files and the articles they name, in name order: which
    corpus a detector was trained on."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.expected.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
        case = load_case(path)
        h.update(case.article.name.encode() + b"\0" + case.article.read_bytes())
    return h.hexdigest()


def rules_digest(cases: list[Prepared]) -> str:
    """SHA-256 over the rules' items on ``cases`` (type, span, holder, polarity): whether
    the detector's input changed since it was trained."""
    h = hashlib.sha256()
    for c in cases:
        for e in c.rules:
            row = (c.name, e.type.value, e.start, e.end, e.actor, e.speaker, e.polarity)
            h.update(repr(row).encode())
    return h.hexdigest()


def prepare(folder: Path) -> list[Prepared]:
    """Every annotated article of ``folder``: the rules' items (the extractor with the
    detector off), its sentences' features and labels, and the items it could add."""
    nlp = load_nlp()
    lexicons: dict[str, Any] = {}
    out = []
    for path in sorted(folder.glob("*.expected.yaml")):
        case = load_case(path)
        articles, _ = read_articles([str(case.article)])
        art = articles[0]
        # the article's date as ingest resolves it (header, dateline, ...), for the events
        day, _ = article_date(art, None, case.scenario)
        key = case.scenario.id
        if key not in lexicons:
            lexicons[key] = build_lexicon(nlp, case.scenario)
        doc = next(iter(nlp.pipe([unparsed(nlp, art.text, art.layout)])))
        # read as extract_doc reads it (the detector off, so training never needs the file
        # it is about to make), so the detector sees here what it sees at run time
        info = read_doc(doc, lexicons[key], art.layout)
        stmts = statements(info)
        rules = [e for e in rule_items(info, stmts, day) if e.type is not EvidenceType.mention]
        table = sentence_table(info, stmts, rules)
        labels = sentence_labels(table, [(e.type, e.start, e.end) for e in case.expected])
        out.append(
            Prepared(
                case.name,
                case.name.split("-")[0],
                art.text,
                table,
                labels,
                rules,
                case.expected,
                additions(info, stmts, table),
            )
        )
    return out


def covered(name: str) -> list[EvidenceType]:
    """The evidence types the detector ``name`` stands for."""
    return list(COVERS[name])


def counts(found: list[Evidence], expected: list[Expected], types: Sequence[EvidenceType]) -> Any:
    """(found, expected, matched) over ``types``, matched by the evaluator's rule."""
    f = [e for e in found if e.type in types]
    x = [e for e in expected if e.type in types]
    used, _ = match(f, x)
    return np.array([len(f), len(x), len(used)])


def f1(c: Any) -> float:
    """F1 of a (found, expected, matched) count."""
    return float(2 * c[2] / (c[0] + c[1])) if c[0] + c[1] else 1.0


def out_of_group(
    cases: list[Prepared], groups: list[str], l2: float = L2, iterations: int = ITERATIONS
) -> list[Any]:
    """Each case's sentence probabilities from a model trained on the other groups."""
    probs: list[Any] = [None] * len(cases)
    for g in sorted(set(groups)):
        train = [c for c, k in zip(cases, groups, strict=True) if k != g]
        w = fit_types([c.table for c in train], [c.labels for c in train], l2, iterations)
        for i, c in enumerate(cases):
            if groups[i] == g:
                probs[i] = predict(c.table.indptr, c.table.cols, w)
    return probs


def choose(
    cases: list[Prepared], probs: list[Any], parts: Sequence[str] = ("add", "drop")
) -> Thresholds:
    """Per type in turn, the thresholds with the best F1 over all types on ``cases`` scored
    by ``probs`` (a tie keeps the rules alone). ``parts``: what the detector may do, adding
    items, dropping them, or both."""
    add, drop = dict(NEVER.add), dict(NEVER.drop)
    zero = np.zeros(3, dtype=np.int64)
    per_type = {
        name: sum((counts(c.rules, c.expected, covered(name)) for c in cases), start=zero)
        for name in TYPES
    }
    # the types no detector covers (events) count in the F1 as the rules find them
    rest = [t for t in SCORED if not any(t in covered(n) for n in TYPES)]
    other = sum((counts(c.rules, c.expected, rest) for c in cases), start=zero)
    for name in TYPES:
        base = other + sum(per_type.values())
        best, best_f, best_c = (add.get(name, 2.0), drop[name]), f1(base), per_type[name]
        for a in ADD_GRID if name in ADDS and "add" in parts else (2.0,):
            for d in DROP_GRID if "drop" in parts else (0.0,):
                th = Thresholds({**add, name: a}, {**drop, name: d})
                got = sum(
                    (
                        counts(combine(c.rules, c.table, p, c.added, th), c.expected, covered(name))
                        for c, p in zip(cases, probs, strict=True)
                    ),
                    start=zero,
                )
                score = f1(base - per_type[name] + got)
                if score > best_f + 1e-12:
                    best, best_f, best_c = (a, d), score, got
        per_type[name] = best_c
        if name in ADDS:
            add[name] = best[0]
        drop[name] = best[1]
    return Thresholds(add, drop)


def train_detector(
    cases: list[Prepared], digest: str = "", l2: float = L2, iterations: int = ITERATIONS
) -> Detector:
    """Thresholds chosen leaving one negotiation out, then weights fitted on all ``cases``."""
    groups = [c.negotiation for c in cases]
    thresholds = choose(cases, out_of_group(cases, groups, l2, iterations))
    weights = fit_types([c.table for c in cases], [c.labels for c in cases], l2, iterations)
    return Detector.from_dense(
        weights,
        thresholds,
        l2=l2,
        iterations=iterations,
        corpus=digest,
        rules=rules_digest(cases),
        articles=len(cases),
    )


def main() -> None:  # pragma: no cover - run as a script
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: python -m accord.ingest.training FOLDER OUT.npz")
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not folder.is_dir() or not any(folder.glob("*.expected.yaml")):
        sys.exit(f"{folder}: no annotated articles (*.expected.yaml) to train on")
    det = train_detector(prepare(folder), corpus_digest(folder))
    # the command as run, kept in the file: how to make it again
    det = replace(det, command=f"python -m accord.ingest.training {sys.argv[1]} {sys.argv[2]}")
    det.save(out)
    print(f"{out}: {det.articles} articles, {len(det.cols)} weighted columns, {det.thresholds}")


if __name__ == "__main__":  # pragma: no cover
    main()
