"""The exchange model as plain loops over actors and issues: the oracle of
:mod:`accord.forecast.exchange` (same rule, written as the docstring states it)."""

from __future__ import annotations

import math

MIN_GAIN = 1e-12
TIE = 1e-9


def sign(v: float) -> float:
    return (v > 0) - (v < 0)


def play(
    x: list[list[float]],  # [A][I], NaN: absent
    c: list[float],
    s: list[list[float]],
    low: list[float],
    high: list[float],
    rounds: int = 10,
    groups: list[object] | None = None,
) -> list[list[list[float]]]:
    """Every round's voting positions, the input first; stops when no exchange is made."""
    n_a, n_i = len(x), len(low)
    own = [row[:] for row in x]
    sal = [[0.0 if math.isnan(x[a][d]) else s[a][d] for d in range(n_i)] for a in range(n_a)]
    w = [[0.0 if math.isnan(x[a][d]) else c[a] * s[a][d] for d in range(n_i)] for a in range(n_a)]
    span = [high[d] - low[d] for d in range(n_i)]
    trail = [[row[:] for row in x]]
    cur = [row[:] for row in x]
    for _ in range(rounds):
        cur, made = one_round(cur, own, sal, w, span, groups)
        if not made:
            break
        trail.append([row[:] for row in cur])
    return trail


def one_round(
    x: list[list[float]],
    own: list[list[float]],
    sal: list[list[float]],
    w: list[list[float]],
    span: list[float],
    groups: list[object] | None,
) -> tuple[list[list[float]], int]:
    n_a, n_i = len(x), len(span)
    total, outcome, side, cap = [], [], [], []
    for d in range(n_i):
        tot = 0.0
        acc = 0.0
        for a in range(n_a):
            tot += w[a][d]
            acc += w[a][d] * (0.0 if math.isnan(x[a][d]) else x[a][d])
        usable = tot > 0 and span[d] > 0
        total.append(tot)
        outcome.append(acc / tot if usable else acc)
        col_side, col_cap = [], []
        for a in range(n_a):
            if not usable or math.isnan(x[a][d]) or not w[a][d] > 0:
                col_side.append(0.0)
                col_cap.append(0.0)
                continue
            sd = float(sign(own[a][d] - outcome[d]))
            room = max((x[a][d] - outcome[d]) * sd, 0.0)
            col_side.append(sd)
            col_cap.append(w[a][d] * room / (tot * span[d]))
        side.append(col_side)
        cap.append(col_cap)

    candidates = []  # (gain, i, j, p, q, a, cap_jp, cap_iq)
    for i in range(n_a):
        for j in range(n_a):
            for p in range(n_i):
                for q in range(n_i):
                    if i == j or p == q:
                        continue
                    if groups is not None and groups[p] != groups[q]:
                        continue
                    if not (side[p][i] * side[p][j] < 0 and side[q][i] * side[q][j] < 0):
                        continue
                    num = sal[i][p] * sal[j][q] - sal[i][q] * sal[j][p]
                    den_p = sal[i][p] + sal[j][p]
                    den_q = sal[i][q] + sal[j][q]
                    if not (num > 0 and den_p > 0 and den_q > 0):
                        continue
                    cap_jp = cap[p][j]
                    cap_iq = cap[q][i] * den_q / den_p
                    a = min(cap_jp, cap_iq)
                    candidates.append((num / den_q * a, i, j, p, q, a, cap_jp, cap_iq))

    new = [row[:] for row in x]
    busy: set[int] = set()
    made = 0
    while True:
        left = [cand for cand in candidates if cand[1] not in busy and cand[2] not in busy]
        if not left:
            break
        best = max(cand[0] for cand in left)
        if not best > MIN_GAIN:
            break
        pick = next(cand for cand in left if cand[0] >= best - TIE * abs(best))  # index order
        _, i, j, p, q, a, cap_jp, cap_iq = pick
        den_p = sal[i][p] + sal[j][p]
        den_q = sal[i][q] + sal[j][q]
        if cap_jp <= cap_iq:
            new[j][p] = outcome[p]
        else:
            new[j][p] = x[j][p] - side[p][j] * (a * total[p] * span[p] / w[j][p])
        if cap_iq <= cap_jp:
            new[i][q] = outcome[q]
        else:
            b = a * den_p / den_q
            new[i][q] = x[i][q] - side[q][i] * (b * total[q] * span[q] / w[i][q])
        busy.update((i, j))
        made += 1
    return new, made
