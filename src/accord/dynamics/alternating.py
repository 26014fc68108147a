"""Alternating offers among the parties, over every run at once, and its per-run oracle.

The parties propose in turn, each the text best for the others among those meeting its own
target on its concession curve (Boulware, linear, conceder) or mirroring the others' last
concession (tit-for-tat); the others accept an offer worth their next target; walk-away when
a party's BATNA beats everything the space offers it, deadlock at the deadline. With the
parties' ratifiers in the tables (ratification honoured), a party, the proposer included,
accepts an offer only when its ratifiers pass it; the offers themselves are made as before,
blind to the ratifiers, so the runs' offers are those of the flat process. The rules are
written down in full in ``docs/processes.md``. :func:`alternate_reference` is
:func:`alternate` as a plain loop per run, kept as the test oracle.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.utility import TOLERANCE
from accord.dynamics.process_ratifiers import passes, passes_reference
from accord.dynamics.process_tables import (
    AGREEMENT,
    DEADLOCK,
    DEFAULT_PATIENCE,
    RED_LINE_PENALTY,
    TIE,
    WALK_AWAY,
    ProcessError,
    Runs,
    Tables,
    party_scale,
)

#: Concession exponents e of the time-based strategies (tit-for-tat has none).
STRATEGIES: dict[str, float | None] = {
    "boulware": 0.2,
    "linear": 1.0,
    "conceder": 5.0,
    "tit-for-tat": None,
}
#: Bisection steps of the proposer's offer search, and the largest weight on its own utility.
OFFER_STEPS = 40
OFFER_WEIGHT = 1e6
#: Rounds of single-factor improvement of an offer, per factor.
OFFER_POLISH = 2


def strategy_vector(parties: Sequence[str], strategies: dict[str, str] | None) -> list[str]:
    """Each party's strategy (default linear), checked."""
    strategies = dict(strategies or {})
    for a, name in strategies.items():
        if a not in parties:
            raise ProcessError(f"no party '{a}' to give a strategy; parties: {', '.join(parties)}")
        if name not in STRATEGIES:
            raise ProcessError(
                f"no strategy '{name}' for '{a}'; strategies: {', '.join(STRATEGIES)}"
            )
    return [strategies.get(a, "linear") for a in parties]


def own_best(tables: Tables) -> np.ndarray:
    """Each party's best utility over the rows that cross none of its red lines ``[R, A]``."""
    ok = tables.valid[None, None] & (tables.crosses == 0)
    best = np.where(ok, tables.utility, -np.inf).max(axis=-1)
    # a factor whose every row crosses its red lines: its best row all the same
    free = np.where(tables.valid[None, None], tables.utility, -np.inf).max(axis=-1)
    return np.where(np.isfinite(best), best, free).sum(axis=-1)


def offer(tables: Tables, p: int, target: np.ndarray) -> np.ndarray:
    """Proposer p's offer in every run ``[R, F]``: among texts worth at least ``target[R]``
    to it and crossing none of its red lines, the one best for the others, found as the
    maximum of ``others + lam * own`` factor by factor, with the smallest weight ``lam``
    (by bisection) that meets the target; ``others`` is the sum of the other parties'
    normalised utilities less RED_LINE_PENALTY per red line of theirs crossed."""
    ut, cr = tables.utility, tables.crosses
    scale = party_scale(tables)
    n_a = ut.shape[1]
    rest = [a for a in range(n_a) if a != p]
    others = (ut[:, rest] / scale[:, rest, None, None] - RED_LINE_PENALTY * cr[:, rest]).sum(
        axis=1
    )  # [R, F, K]
    own = ut[:, p] / scale[:, p, None, None]
    mine_ok = tables.valid[None] & (cr[:, p] == 0)
    mine_ok |= ~mine_ok.any(axis=-1, keepdims=True) & tables.valid[None]
    others = np.where(mine_ok, others, -np.inf)
    need = (target - TOLERANCE)[:, None]

    def pick(lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = np.argmax(others + lam[:, None, None] * own, axis=-1)  # [R, F]
        u = np.take_along_axis(ut[:, p], x[..., None], -1)[..., 0].sum(axis=-1)
        return x, u

    n_r = ut.shape[0]
    lo, hi = np.zeros(n_r), np.full(n_r, OFFER_WEIGHT)
    x_lo, u_lo = pick(lo)
    done = u_lo >= need[:, 0]
    for _ in range(OFFER_STEPS):
        mid = (lo + hi) / 2
        _, u_mid = pick(mid)
        ok = u_mid >= need[:, 0]
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    x_hi, _ = pick(hi)
    x = np.where(done[:, None], x_lo, x_hi)
    # the weighted maximum finds only supported texts (an all-or-nothing split of a linear
    # issue): then, one factor at a time, the change best for the others that keeps the
    # proposer at its target, while one improves them
    n_f, n_k = others.shape[1:]
    runs = np.arange(n_r)
    mine = ut[:, p]
    for _ in range(OFFER_POLISH * n_f):
        cur_o = np.take_along_axis(others, x[..., None], -1)  # [R, F, 1]
        cur_u = np.take_along_axis(mine, x[..., None], -1)
        u_now = cur_u[..., 0].sum(axis=-1)
        gain = np.where(
            (u_now[:, None, None] - cur_u + mine) >= np.minimum(need, u_now[:, None])[:, :, None],
            others - cur_o,
            -np.inf,
        ).reshape(n_r, n_f * n_k)
        k = np.argmax(gain, axis=-1)
        better = np.take_along_axis(gain, k[:, None], -1)[:, 0] > TIE
        if not better.any():
            break
        x = x.copy()
        x[runs[better], k[better] // n_k] = k[better] % n_k
    return x


def alternate(
    tables: Tables, strategies: Sequence[str] | None = None, deadline: int = DEFAULT_PATIENCE
) -> Runs:
    """Alternating offers among the parties over every run at once (rules in the docs)."""
    n_r, n_a, n_f, _ = tables.utility.shape
    if tables.batna.shape[-1] < deadline + 1:
        raise ValueError("the tables cover fewer rounds than the deadline")
    names = list(strategies) if strategies is not None else ["linear"] * n_a
    expo = np.array([STRATEGIES[s] or 1.0 for s in names])
    tft = np.array([STRATEGIES[s] is None for s in names])
    best = own_best(tables)  # [R, A]
    batna = np.where(np.isnan(tables.batna), tables.low[:, :, None], tables.batna)

    def d_at(t: int) -> np.ndarray:
        return batna[:, :, min(t, batna.shape[-1] - 1)]

    def curve(t: int) -> np.ndarray:
        d = d_at(t)
        frac = min(t / deadline, 1.0) if deadline > 0 else 1.0
        return np.maximum(d + (best - d) * (1.0 - frac ** (1.0 / expo)), d)

    drafts = np.zeros((deadline + 1, n_r, n_f), dtype=np.intp)
    utility = np.zeros((deadline + 1, n_r, n_a))
    accepts = np.zeros((deadline + 1, n_r, n_a), dtype=bool)
    result = np.full(n_r, -1)
    rounds = np.zeros(n_r, dtype=np.intp)
    active = np.ones(n_r, dtype=bool)
    own_target = np.full((n_r, n_a), np.nan)  # tit-for-tat's running target
    last = np.full((n_r, n_a), np.nan)  # utility to a of the last offer by another party
    prev = np.full((n_r, n_a), np.nan)  # ... and of the one before
    ut, cr = tables.utility, tables.crosses
    for t in range(deadline + 1):
        d = d_at(t)
        # walk-away: a party's alternative beats everything the space still offers it
        gone = active & (d > best + TOLERANCE).any(axis=1)
        result[gone], rounds[gone] = WALK_AWAY, t
        active &= ~gone
        if t > 0:
            drafts[t:, ~active] = drafts[t - 1, ~active]
            utility[t:, ~active] = utility[t - 1, ~active]
            accepts[t:, ~active] = accepts[t - 1, ~active]
        if not active.any():
            break
        # tit-for-tat: concede what the others' last move gave it (linear until it has two)
        mirror = np.maximum(0.0, last - prev)
        started = ~np.isnan(own_target) & ~np.isnan(mirror)
        tit = np.where(started, own_target - np.nan_to_num(mirror), curve(t))
        tit = np.clip(tit, d, np.maximum(best, d))
        target = np.where(tft[None, :], tit, curve(t))
        p = t % n_a
        own_target[:, p] = np.where(tft[p], target[:, p], own_target[:, p])
        x = offer(tables, p, target[:, p])
        at = np.broadcast_to(x[:, None, :, None], (n_r, n_a, n_f, 1))
        u = np.take_along_axis(ut, at, -1)[..., 0].sum(axis=-1)
        c = np.take_along_axis(cr, at, -1)[..., 0].sum(axis=-1)
        # a party accepts an offer worth at least its next target (and its BATNA now)
        nxt = np.where(tft[None, :], target, curve(t + 1))
        acc = (u >= np.maximum(nxt, d) - TOLERANCE) & (c == 0)
        acc[:, p] = True
        if tables.ratifiers is not None:  # no one signs what its ratifiers would fail
            acc &= passes(tables.ratifiers, x)
        drafts[t:, active] = x[active]
        utility[t:, active] = u[active]
        accepts[t:, active] = acc[active]
        agreed = active & acc.all(axis=1)
        result[agreed], rounds[agreed] = AGREEMENT, t
        active &= ~agreed
        for a in range(n_a):
            if a != p:
                prev[:, a] = last[:, a]
                last[:, a] = u[:, a]
        if t == deadline:
            result[active], rounds[active] = DEADLOCK, t
    return Runs(drafts, utility, accepts, result, rounds)


def alternate_reference(
    tables: Tables, strategies: Sequence[str] | None = None, deadline: int = DEFAULT_PATIENCE
) -> Runs:
    """:func:`alternate` as a plain loop over runs (the test oracle)."""
    n_r, n_a, n_f, _ = tables.utility.shape
    names = list(strategies) if strategies is not None else ["linear"] * n_a
    drafts = np.zeros((deadline + 1, n_r, n_f), dtype=np.intp)
    utility = np.zeros((deadline + 1, n_r, n_a))
    accepts = np.zeros((deadline + 1, n_r, n_a), dtype=bool)
    result = np.full(n_r, -1)
    rounds = np.zeros(n_r, dtype=np.intp)
    for r in range(n_r):
        one = tables.take(slice(r, r + 1))
        ut, cr = one.utility[0], one.crosses[0]
        size = [int(one.valid[f].sum()) for f in range(n_f)]
        best = []
        for a in range(n_a):
            total = 0.0
            for f in range(n_f):
                rows = [k for k in range(size[f]) if cr[a, f, k] == 0] or list(range(size[f]))
                total += max(ut[a, f, k] for k in rows)
            best.append(total)
        low = one.low[0]
        path = [[low[a] if np.isnan(v) else float(v) for v in one.batna[0, a]] for a in range(n_a)]

        def d_at(a: int, t: int, path: list[list[float]] = path) -> float:
            return path[a][min(t, len(path[a]) - 1)]

        def curve(a: int, t: int, best: list[float] = best) -> float:
            e = STRATEGIES[names[a]] or 1.0
            frac = min(t / deadline, 1.0) if deadline > 0 else 1.0
            d = d_at(a, t)
            return max(d + (best[a] - d) * (1.0 - frac ** (1.0 / e)), d)

        own_target: list[float | None] = [None] * n_a
        last: list[float | None] = [None] * n_a
        prev: list[float | None] = [None] * n_a
        x = [0] * n_f
        for t in range(deadline + 1):
            if any(d_at(a, t) > best[a] + TOLERANCE for a in range(n_a)):
                result[r], rounds[r] = WALK_AWAY, t
                if t > 0:
                    drafts[t:, r], utility[t:, r] = drafts[t - 1, r], utility[t - 1, r]
                    accepts[t:, r] = accepts[t - 1, r]
                break
            target = []
            for a in range(n_a):
                if STRATEGIES[names[a]] is None:
                    mine, seen, before = own_target[a], last[a], prev[a]
                    if mine is not None and seen is not None and before is not None:
                        v = mine - max(0.0, seen - before)
                    else:
                        v = curve(a, t)
                    target.append(min(max(v, d_at(a, t)), max(best[a], d_at(a, t))))
                else:
                    target.append(curve(a, t))
            p = t % n_a
            if STRATEGIES[names[p]] is None:
                own_target[p] = target[p]
            x = [int(v) for v in offer(one, p, np.array([target[p]]))[0]]
            u = [sum(ut[a, f, x[f]] for f in range(n_f)) for a in range(n_a)]
            c = [sum(cr[a, f, x[f]] for f in range(n_f)) for a in range(n_a)]
            acc = []
            for a in range(n_a):
                nxt = target[a] if STRATEGIES[names[a]] is None else curve(a, t + 1)
                ok = u[a] >= max(nxt, d_at(a, t)) - TOLERANCE and c[a] == 0
                acc.append(True if a == p else ok)
            if one.ratifiers is not None:
                ratified = passes_reference(one.ratifiers, 0, x)
                acc = [ok and ratified[a] for a, ok in enumerate(acc)]
            drafts[t:, r], utility[t:, r], accepts[t:, r] = x, u, acc
            if all(acc):
                result[r], rounds[r] = AGREEMENT, t
                break
            for a in range(n_a):
                if a != p:
                    prev[a], last[a] = last[a], u[a]
            if t == deadline:
                result[r], rounds[r] = DEADLOCK, t
    return Runs(drafts, utility, accepts, result, rounds)
