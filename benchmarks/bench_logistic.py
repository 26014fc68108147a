"""The learned sentence detector's logistic regression
(:func:`accord.ingest.learned.fit_logistic`) against the plain Newton oracle
(``tests/oracle_logistic.py``) in the same run, on a seeded random problem of sparse binary
rows like the detector's (``--rows`` sentences, ``--words`` features each, drawn from
``--vocabulary`` columns, the bias in every row). Both must reach the same weights (the
largest difference is printed); ``ratio`` is oracle / fast. Then the fast fit alone on a
problem the size of the development corpus (1,900 sentences, about 100 features each): the
corpus's four detectors are refitted 25 times in one cross-validation run.

    .venv/bin/python benchmarks/bench_logistic.py [--rows 400] [--words 10]
        [--vocabulary 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import oracle_logistic as oracle
from accord.ingest.learned import BIAS, DIM, fit_logistic


def problem(rows: int, words: int, vocabulary: int, seed: int) -> tuple[list[list[int]], list[int]]:
    rng = np.random.default_rng(seed)
    columns = rng.choice(DIM - 1, size=vocabulary, replace=False)
    truth = rng.normal(size=vocabulary)
    out, y = [], []
    for _ in range(rows):
        picked = rng.choice(vocabulary, size=words, replace=False)
        out.append(sorted({int(columns[i]) for i in picked} | {BIAS}))
        y.append(int(rng.random() < 1 / (1 + np.exp(-truth[picked].sum()))))
    return out, y


def csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.cumsum([0, *map(len, rows)]).astype(np.int64)
    return indptr, np.array([c for r in rows for c in r], dtype=np.int64)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=400)
    ap.add_argument("--words", type=int, default=10)
    ap.add_argument("--vocabulary", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--l2", type=float, default=0.01)
    args = ap.parse_args()
    if not 0 < args.words <= args.vocabulary:
        sys.exit("--words must be between 1 and --vocabulary")
    rows, y = problem(args.rows, args.words, args.vocabulary, args.seed)
    indptr, cols = csr(rows)
    t0 = time.perf_counter()
    want = oracle.fit(rows, y, args.l2, BIAS)
    t_oracle = time.perf_counter() - t0
    t0 = time.perf_counter()
    w = fit_logistic(indptr, cols, np.array(y), args.l2, iterations=2000)
    t_fast = time.perf_counter() - t0
    diff = max(abs(w[c] - v) for c, v in want.items())
    print(
        f"seed {args.seed}: {args.rows} rows x {args.words} words of {args.vocabulary}, "
        f"l2 {args.l2}: oracle {t_oracle * 1e3:.1f} ms, fast (2,000 steps) "
        f"{t_fast * 1e3:.1f} ms, ratio {t_oracle / t_fast:.1f}, largest weight difference "
        f"{diff:.1e}"
    )
    rows, y = problem(1900, 100, 20000, args.seed)
    indptr, cols = csr(rows)
    t0 = time.perf_counter()
    fit_logistic(indptr, cols, np.array(y))
    print(
        f"corpus-sized (1,900 rows x 100 of 20,000 columns, 400 steps): "
        f"{time.perf_counter() - t0:.2f} s per detector"
    )


if __name__ == "__main__":
    main()
