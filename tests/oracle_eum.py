"""Plain reference version of the expected-utility ("challenge") model: one instance at a
time, dicts and loops, following the equations of Scholz, Calbert & Smith (2011) literally.

It reads the same option names as :class:`accord.forecast.eum.EumOptions` (any object with
those attributes will do) and returns plain lists, so the tests can compare it with the
vectorised model. Nothing here is clever: every quantity is computed where the paper
defines it, actor by actor and dyad by dyad.
"""

from __future__ import annotations

import math
from typing import Any

HALF_TOLERANCE = 1e-9  # as in accord.forecast.models
EQUAL_VULNERABILITY = 1e-6  # vulnerabilities this close (relative) count as equal
TIE = 1e-9  # offer keys this close (relative) count as tied
EU_ROUNDING = 1e-13  # a compromise needs a > |b| by more than this (rounding of an EU)

NONE, CONFLICT, COMPROMISE, CAPITULATION, STALEMATE = 0, 1, 2, 3, 4
PRIORITY = {CONFLICT: 0, COMPROMISE: 1, CAPITULATION: 2}


def lower_weighted_median(xs: dict[int, float], ws: dict[int, float]) -> float:
    """The smallest position at which the running weight (ascending) reaches half."""
    order = sorted(xs, key=lambda a: (xs[a], a))
    total = sum(ws[a] for a in order)
    if not total > 0:
        return float("nan")
    running = 0.0
    for a in order:
        running += ws[a]
        if running >= total / 2 - HALF_TOLERANCE * total:
            return xs[a]
    return xs[order[-1]]


def weighted_mean(xs: dict[int, float], ws: dict[int, float]) -> float:
    total = sum(ws[a] for a in xs)
    if not total > 0:
        return float("nan")
    return sum(ws[a] * xs[a] for a in xs) / total


def utility(r: float, base: float) -> float:
    """The paper's utility shape ``2 - 4 * base ** r`` (a base below 0, which only rounding
    can produce, counts as 0)."""
    return 2.0 - 4.0 * max(base, 0.0) ** r


def run(
    position: list[float],
    capability: list[float],
    salience: list[float],
    options: Any,
    follow: Any = None,
) -> dict[str, Any]:
    """Run the model on one instance. Returns positions [R+1][A], dyads [R][A][A] (codes),
    risk [R][A] and rounds_run. NaN positions are absent actors.

    With ``follow`` (positions [R+1][A], e.g. another implementation's trajectory), round k
    starts from ``follow[k]`` instead of from this run's own round k-1, so each round is
    checked on its own: where actors end up within rounding of each other the model is
    ill-conditioned, and rounding differences of 1e-16 could otherwise grow over the
    rounds into differences that say nothing about either implementation."""
    n = len(position)
    actors = [a for a in range(n) if not math.isnan(position[a])]
    c = {a: float(capability[a]) for a in actors}
    s = {a: float(salience[a]) for a in actors}
    w = {a: c[a] * s[a] for a in actors}
    x = {a: float(position[a]) for a in actors}
    x0 = dict(x)

    def scale_now(x: dict[int, float]) -> float:
        if options.scale == "fixed":
            return float(options.bounds[1]) - float(options.bounds[0])
        if not x0:
            return 0.0
        initial = max(x0.values()) - min(x0.values())
        if options.scale == "initial-range":
            return initial
        current = max(x.values()) - min(x.values())
        return current if current > options.same_position * initial else 0.0

    def same(a: float, b: float, span: float) -> bool:
        """One position (nothing to contest): equal, or within the option's share of the
        range."""
        return a == b or abs(a - b) <= options.same_position * span

    def dist(a: float, b: float, span: float) -> float:
        return abs(a - b) / span if span > 0 else 0.0

    def play_round(
        x: dict[int, float],
    ) -> tuple[dict[int, float], list[list[int]], dict[int, float]]:
        """One round from positions x: the new positions, the dyad codes and the risks."""
        span = scale_now(x)
        # the centre's weights: capability x salience, or equal weights if all are zero
        wc = w if sum(w.values()) > 0 else {a: 1.0 for a in actors}
        # "median": in one dimension also the pairwise-vote winner
        mu = weighted_mean(x, wc) if options.centre == "mean" else lower_weighted_median(x, wc)

        def prob(i: int, j: int, r: dict[int, float]) -> float:
            """P_ij: the votes for x_i over x_j, over all votes cast."""
            if same(x[i], x[j], span):
                return 0.0  # the same position: no contest
            votes = []
            for k in actors:
                if options.vote_utility == "risk":
                    uk_i = 1.0 - 2.0 * dist(x[k], x[i], span) ** r[k]
                    uk_j = 1.0 - 2.0 * dist(x[k], x[j], span) ** r[k]
                else:
                    uk_i = 1.0 - 2.0 * dist(x[k], x[i], span)
                    uk_j = 1.0 - 2.0 * dist(x[k], x[j], span)
                votes.append(w[k] * (uk_i - uk_j))
            bottom = sum(abs(v) for v in votes)
            if options.probability == "all-votes":
                bottom = all_total[id(r)]
            if not bottom > 0:
                return 0.0
            if options.probability == "net-votes":
                return max(sum(votes), 0.0) / bottom
            return sum(v for v in votes if v > 0) / bottom

        def all_votes(r: dict[int, float]) -> float:
            total = 0.0
            for k in actors:
                for a in actors:
                    for b in actors:
                        if options.vote_utility == "risk":
                            v = dist(x[k], x[b], span) ** r[k] - dist(x[k], x[a], span) ** r[k]
                        else:
                            v = dist(x[k], x[b], span) - dist(x[k], x[a], span)
                        total += abs(2.0 * w[k] * v)
            return total

        def eu(i: int, j: int, ri: float, p: float) -> float:
            """EU_i(ij): i's expected utility of challenging j, with risk exponent ri."""
            d_ij = dist(x[i], x[j], span)
            d_im = dist(x[i], mu, span)
            u_s = utility(ri, 0.5 - 0.5 * d_ij)
            u_f = utility(ri, 0.5 + 0.5 * d_ij)
            u_b = utility(ri, 0.5 - 0.25 * (d_im + d_ij))
            u_w = utility(ri, 0.5 + 0.25 * (d_im + d_ij))
            u_sq = utility(ri, 0.5)
            t = p if options.t_rule == "probability" else options.t
            q = options.q
            return (
                s[j] * (p * u_s + (1.0 - p) * u_f)
                + (1.0 - s[j]) * u_s
                - q * u_sq
                - (1.0 - q) * (t * u_b + (1.0 - t) * u_w)
            )

        all_total: dict[int, float] = {}  # all_votes(r), computed once per pass

        # risk exponents: a first pass with r = 1 for everyone gives each actor's
        # vulnerability (the sum of everyone else's EU of challenging it)
        ones = {a: 1.0 for a in actors}
        r = dict(ones)
        if options.probability == "all-votes":
            all_total[id(ones)] = all_votes(ones)
        if options.risk == "security" and len(actors) > 1:
            vulner = {}
            for i in actors:
                vulner[i] = sum(eu(j, i, 1.0, prob(j, i, ones)) for j in actors if j != i)
            hi, lo = max(vulner.values()), min(vulner.values())
            for i in actors:
                spread = hi - lo > EQUAL_VULNERABILITY * max(1.0, abs(hi), abs(lo))
                big_r = (2.0 * vulner[i] - hi - lo) / (hi - lo) if spread else 0.0
                r[i] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)

        # second pass: own EU of challenging, and each actor's estimate of the other's
        own: dict[tuple[int, int], float] = {}
        est: dict[tuple[int, int], float] = {}
        p_of: dict[tuple[int, int], float] = {}
        if options.probability == "all-votes":
            all_total[id(r)] = all_votes(r)
        for i in actors:
            for j in actors:
                if i != j:
                    p_of[i, j] = prob(i, j, r)
        for i in actors:
            for j in actors:
                if i == j:
                    continue
                own[i, j] = eu(i, j, r[i], p_of[i, j])
                seen = r[i] if options.perspective == "own" else r[j]
                est[i, j] = eu(j, i, seen, p_of[j, i])

        def classify(a: float, b: float) -> int:
            """Challenger's EU a, target's EU b (as the judge sees them)."""
            if a > 0 and b > 0:
                return CONFLICT
            if a > 0:
                # a compromise only by more than rounding: a tie in theory capitulates
                return COMPROMISE if a > abs(b) + EU_ROUNDING else CAPITULATION
            return STALEMATE

        # each dyad (i challenges j), as the judge sees it; the challenger i proposes a new
        # position to the target j
        code = [[NONE] * n for _ in range(n)]
        offers: dict[int, list[tuple[int, int, float, float, float]]] = {j: [] for j in actors}
        for i in actors:
            for j in actors:
                if i == j or same(x[i], x[j], span):
                    continue
                if options.judge == "challenger":
                    a, b = own[i, j], est[i, j]
                else:  # the target judges: its estimate of i's EU, and its own
                    a, b = est[j, i], own[j, i]
                kind = classify(a, b)
                code[i][j] = kind
                if kind == CONFLICT:
                    if options.conflict == "eu":
                        if not a > b + TIE * (1.0 + abs(b)):  # ties go to the target
                            continue
                        new = x[i]
                    elif options.conflict == "probability":
                        if not p_of[i, j] > p_of[j, i] + TIE * (1.0 + abs(p_of[j, i])):
                            continue
                        new = x[i]
                    else:  # "expected": j moves to the expected outcome of the fight
                        new = x[j] + p_of[i, j] * (x[i] - x[j])
                elif kind == COMPROMISE:
                    new = x[j] + (x[i] - x[j]) * abs(b / a)
                elif kind == CAPITULATION:
                    new = x[i]
                else:
                    continue
                offers[j].append((i, kind, new, a, b))

        def keys(o: tuple[int, int, float, float, float]) -> list[float]:
            """What a target minimises over its offers, most important first."""
            i, kind, new, a, b = o
            if options.offer == "largest-eu":
                return [-a, abs(new - x[j])]
            if options.offer == "smallest-move-initial":
                return [abs(new - x0[j])]
            if options.offer == "priority":
                return [PRIORITY[kind], abs(new - x[j])]
            if options.offer == "priority-scholz":
                if kind == COMPROMISE:  # the lowest EU-weighted point of the two positions
                    return [PRIORITY[kind], (abs(b) * x[j] + abs(a) * x[i]) / (abs(a) + abs(b))]
                return [PRIORITY[kind], abs(new - x[j])]
            return [abs(new - x[j])]  # "smallest-move"

        new_x = dict(x)
        for j in actors:
            left = offers[j]
            if not left:
                continue
            for level in range(len(keys(left[0]))):
                low = min(keys(o)[level] for o in left)
                left = [o for o in left if keys(o)[level] <= low + TIE * (1.0 + abs(low))]
            best = min(left, key=lambda o: o[0])  # ties go to the lowest index
            new_x[j] = best[2]

        return new_x, code, r

    positions = [[x.get(a, float("nan")) for a in range(n)]]
    dyads: list[list[list[int]]] = []
    risks: list[list[float]] = []
    rounds_run = 0

    for k in range(options.rounds):
        if follow is not None:
            x = {a: float(follow[k][a]) for a in actors}
        new_x, code, r = play_round(x)
        moved = max((abs(new_x[a] - x[a]) for a in actors), default=0.0)
        x = new_x
        rounds_run += 1
        positions.append([x.get(a, float("nan")) for a in range(n)])
        dyads.append(code)
        risks.append([r.get(a, float("nan")) for a in range(n)])
        if options.tolerance is not None and moved <= options.tolerance:
            break

    return {"positions": positions, "dyads": dyads, "risk": risks, "rounds_run": rounds_run}


def repeat_period(history: list[list[float]]) -> int:
    """The smallest ``p >= 1`` such that the last positions of ``history`` (one list per
    round) equal, bit for bit, those ``p`` rounds earlier; 0 if there is none. (``float.hex``
    tells ``-0.0`` from ``0.0``, as the bits do.)"""
    last = [v.hex() for v in history[-1]]
    for p in range(1, len(history)):
        if [v.hex() for v in history[-1 - p]] == last:
            return p
    return 0
