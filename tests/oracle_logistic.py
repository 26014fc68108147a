"""A plain version of L2-regularised logistic regression, for the tests of
accord.ingest.learned.fit_logistic: the rows as lists of column numbers, the loss written
out term by term, and Newton's method with a hand-written Gauss-Jordan solve, run until the
step is tiny. The minimiser is unique (the loss is strictly convex in the penalised
weights, and the bias is pinned by the data), so a fast method that converges must agree."""

from __future__ import annotations

import math


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def loss(rows: list[list[int]], y: list[int], w: dict[int, float], l2: float, bias: int) -> float:
    """Mean log-loss plus l2 / 2 times the squared weights other than the bias."""
    total = 0.0
    for cols, label in zip(rows, y, strict=True):
        margin = sum(w.get(c, 0.0) for c in cols)
        p = sigmoid(margin)
        total -= math.log(p) if label else math.log(1.0 - p)
    penalty = sum(v * v for c, v in w.items() if c != bias)
    return total / len(rows) + l2 / 2 * penalty


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """a x = b by Gauss-Jordan elimination with partial pivoting."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for k in range(col, n + 1):
                    m[r][k] -= f * m[col][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(
    rows: list[list[int]], y: list[int], l2: float, bias: int, steps: int = 100
) -> dict[int, float]:
    """The minimising weights, by Newton's method on the columns the rows use."""
    used = sorted({c for cols in rows for c in cols})
    at = {c: i for i, c in enumerate(used)}
    w = [0.0] * len(used)
    n = len(rows)
    for _ in range(steps):
        grad = [0.0 if c == bias else l2 * w[at[c]] for c in used]
        hess = [[0.0] * len(used) for _ in used]
        for i in range(len(used)):
            if used[i] != bias:
                hess[i][i] += l2
        for cols, label in zip(rows, y, strict=True):
            p = sigmoid(sum(w[at[c]] for c in cols))
            for c in cols:
                grad[at[c]] += (p - label) / n
                for d in cols:
                    hess[at[c]][at[d]] += p * (1 - p) / n
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-12:
            break
    return {c: w[at[c]] for c in used}
