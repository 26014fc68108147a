"""Negotiation processes run round by round: a mediated text, alternating offers.

The rules are written down in full in ``docs/processes.md``; in short:

- **Tables.** The text is one outcome of the outcome space of the parties (constraints
  applied, no red line removed), held as one row per factor. For R runs (drawn scenarios)
  every party's utility is a per-factor table ``utility[R, A, F, K]`` (K the largest
  factor, padded) and ``crosses[R, A, F, K]`` counts the red lines a factor row crosses,
  so an amendment (a change of one factor) is one table lookup. Round t is month t: each
  party's BATNA at round t follows :func:`accord.dynamics.timeline.batna_paths`'s model,
  from its drawn utility.
- **Mediated single negotiating text** (:func:`mediate`): the mediator drafts the text that
  maximises the bias-weighted sum of normalised utilities, factor by factor; each round
  every party accepts (utility >= its BATNA at that round, no red line crossed) or names its
  most wanted amendment; the mediator edits the amended factors to lower the bias-weighted
  shortfall below the BATNAs; agreement, walk-away (patience run out) or deadlock.
- **Alternating offers** (:func:`alternate`): the parties propose in turn, each the text
  best for the others among those meeting its own target on its concession curve
  (Boulware, linear, conceder) or mirroring the others' last concession (tit-for-tat);
  the others accept an offer worth their next target; walk-away when a party's BATNA
  beats everything the space offers it, deadlock at the deadline.

Every run is processed at once along a run axis (no Python loop per run; one loop over
rounds). :func:`mediate_reference` and :func:`alternate_reference` are the same processes
as plain loops per run, kept as the test oracles and the benchmark's reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.space import outcome_space
from accord.analysis.space import parties as default_parties
from accord.analysis.utility import TOLERANCE
from accord.forecast.montecarlo import (
    _prefs,
    _space_settings,
    _utilities,
    compile_plan,
    seeding,
)
from accord.model import Role, Scenario
from accord.uncertainty.draws import apply, sample

PROCESSES = ("mediated", "alternating")
#: Results, by code.
RESULTS = ("agreement", "walk-away", "deadlock")
AGREEMENT, WALK_AWAY, DEADLOCK = 0, 1, 2
#: Rounds the mediator waits for agreement (round 0 is the first draft).
DEFAULT_PATIENCE = 12
#: Runs per chunk: the unit of seeding (as in :mod:`accord.forecast.montecarlo`) and memory.
DEFAULT_CHUNK = 1000
#: Quantiles reported, in percent.
QUANTILES = (5, 25, 50, 75, 95)
#: A red line crossed weighs more than any utility (utilities lie in 0..1).
RED_LINE_PENALTY = 2.0
#: Scores closer than this are ties.
TIE = 1e-12


class ProcessError(ValueError):
    """A bad bias, mediator or process name."""


# --- tables ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tables:
    """R runs of a scenario as per-factor tables (see the module docstring)."""

    parties: tuple[str, ...]
    mediator: str | None
    factor_issues: tuple[tuple[int, ...], ...]
    factor_codes: tuple[np.ndarray, ...]  # [K_f, len(issues)] setting indices per factor
    n_issues: int
    valid: np.ndarray  # [F, K] bool: rows that exist
    utility: np.ndarray  # [R, A, F, K] float, 0 where not valid
    crosses: np.ndarray  # [R, A, F, K] int: red lines of the party the row crosses
    drafts_ok: np.ndarray  # [R, F, K] bool: rows the mediator may draft
    batna: np.ndarray  # [R, A, T + 1] NaN where unknown
    low: np.ndarray  # [R, A] the party's lowest utility in the space
    high: np.ndarray  # [R, A] its highest

    @property
    def runs(self) -> int:
        return int(self.utility.shape[0])

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """An outcome given as one row per factor ``[F]`` as setting indices ``[I]``."""
        out = np.zeros(self.n_issues, dtype=np.intp)
        for f, (issues, codes) in enumerate(
            zip(self.factor_issues, self.factor_codes, strict=True)
        ):
            out[list(issues)] = codes[int(rows[f])]
        return out

    def take(self, rows: slice | np.ndarray) -> Tables:
        """The tables of some runs only."""
        return Tables(
            parties=self.parties,
            mediator=self.mediator,
            factor_issues=self.factor_issues,
            factor_codes=self.factor_codes,
            n_issues=self.n_issues,
            valid=self.valid,
            utility=self.utility[rows],
            crosses=self.crosses[rows],
            drafts_ok=self.drafts_ok[rows],
            batna=self.batna[rows],
            low=self.low[rows],
            high=self.high[rows],
        )


def default_mediator(scenario: Scenario) -> str | None:
    """The first actor of role mediator with stances, or None."""
    stanced = {s.actor for s in scenario.stances}
    for a in scenario.actors:
        if a.role is Role.mediator and a.id in stanced:
            return a.id
    return None


def build_tables(
    scenario: Scenario,
    values: np.ndarray | None,
    rounds: int,
    parties: Sequence[str] | None = None,
    mediator: str | None = None,
    *,
    resolution: int = 11,
) -> Tables:
    """Per-factor tables of the drawn scenarios with input values ``[R, K]``.

    ``values`` None gives one run: the scenario as stated. ``mediator`` None means a
    mediator without preferences (it may draft anything).
    """
    chosen = list(parties) if parties is not None else default_parties(scenario)
    if len(chosen) < 2:
        raise ProcessError("a negotiation needs at least two parties with stances")
    actors = chosen + ([mediator] if mediator is not None else [])
    plan = compile_plan(
        scenario,
        "compromise",
        None,
        actors,
        draws=1,
        acceptance=False,
        zopa=False,
        zopa_budget=0,
        zopa_solves=0,
    )
    if values is None:
        values = plan.base.values()[None, :]
    drawn = apply(plan.base, values)
    pr = _prefs(plan, drawn)
    space = outcome_space(scenario, chosen, resolution=resolution)
    pos, idx, valid_k = _space_settings(scenario, space)
    u = _utilities(plan, pr, pos, idx)  # [R, A', Kset, I]
    weighted = u * pr.weight[:, :, None, :]
    crossing = (u < pr.red[:, :, None, :] - TOLERANCE) & valid_k[None, None]
    n_r, n_a = values.shape[0], len(chosen)
    n_f = len(space.factors)
    n_k = max(f.size for f in space.factors)
    util = np.zeros((n_r, len(actors), n_f, n_k))
    cross = np.zeros((n_r, len(actors), n_f, n_k), dtype=np.int64)
    valid = np.zeros((n_f, n_k), dtype=bool)
    for f, factor in enumerate(space.factors):
        valid[f, : factor.size] = True
        for j, i in enumerate(factor.issues):
            util[:, :, f, : factor.size] += weighted[:, :, factor.codes[:, j], i]
            cross[:, :, f, : factor.size] += crossing[:, :, factor.codes[:, j], i]
    if mediator is not None:
        ok = (cross[:, n_a] == 0) & valid[None]
        # a factor whose every row crosses the mediator's red lines is left free
        ok |= ~ok.any(axis=-1, keepdims=True) & valid[None]
    else:
        ok = np.repeat(valid[None], n_r, axis=0)
    # each run's own rates: the over-time spreads are drawn like every other input
    rows = [plan.base.actors.index(x) for x in chosen]
    rate = drawn.rate[:, rows]  # [R, A']
    t = np.arange(rounds + 1, dtype=float)
    u0 = pr.batna[:, :n_a]
    batna = np.clip(np.round(u0[:, :, None] + t * rate[:, :, None], 12), 0.0, 1.0)
    masked = np.where(valid[None, None], util[:, :n_a], np.nan)
    return Tables(
        parties=tuple(chosen),
        mediator=mediator,
        factor_issues=tuple(f.issues for f in space.factors),
        factor_codes=tuple(f.codes for f in space.factors),
        n_issues=len(space.issues),
        valid=valid,
        utility=util[:, :n_a],
        crosses=cross[:, :n_a],
        drafts_ok=ok,
        batna=batna,
        low=np.nansum(np.nanmin(masked, axis=-1), axis=-1),
        high=np.nansum(np.nanmax(masked, axis=-1), axis=-1),
    )


# --- the mediated process -------------------------------------------------------------------
@dataclass(frozen=True)
class Runs:
    """The result of R runs of a process.

    ``drafts[t, r]`` is the text at round t (one row per factor), ``utility[t, r]`` every
    party's utility of it and ``accepts[t, r]`` who accepts it; rounds after a run ended
    repeat its last round. ``result[r]`` is a code of :data:`RESULTS`, ``rounds[r]`` the
    round at which the run ended.
    """

    drafts: np.ndarray  # [T + 1, R, F]
    utility: np.ndarray  # [T + 1, R, A]
    accepts: np.ndarray  # [T + 1, R, A] bool
    result: np.ndarray  # [R] int
    rounds: np.ndarray  # [R] int

    @property
    def final(self) -> np.ndarray:
        """Each party's utility of the last text of each run ``[R, A]``."""
        r = np.arange(self.result.size)
        return self.utility[self.rounds, r]


def bias_vector(parties: Sequence[str], bias: dict[str, float] | None) -> np.ndarray:
    """The bias as weights over ``parties`` (default 1 each), normalised to sum 1."""
    bias = dict(bias or {})
    for a, w in bias.items():
        if a not in parties:
            raise ProcessError(f"no party '{a}' to bias towards; parties: {', '.join(parties)}")
        if not np.isfinite(w) or w <= 0:
            raise ProcessError(f"the bias towards '{a}' must be a positive number; got {w:g}")
    w = np.array([float(bias.get(a, 1.0)) for a in parties])
    return w / w.sum()


def _scale(tables: Tables) -> np.ndarray:
    span = tables.high - tables.low
    return np.where(span > TOLERANCE, span, 1.0)  # [R, A]


def _accepts(u: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    return (np.isnan(d) | (u >= d - TOLERANCE)) & (c == 0)


def accepts(tables: Tables, drafts: np.ndarray, t: int) -> np.ndarray:
    """Whether each party accepts each run's text ``drafts[R, F]`` at round t: ``[R, A]``.

    A party accepts when its utility is at least its BATNA at round t (less the tolerance;
    an unknown BATNA counts as met) and the text crosses none of its red lines.
    """
    n_r, n_a, n_f, _ = tables.utility.shape
    at = np.broadcast_to(np.asarray(drafts)[:, None, :, None], (n_r, n_a, n_f, 1))
    u = np.take_along_axis(tables.utility, at, -1)[..., 0].sum(axis=-1)
    c = np.take_along_axis(tables.crosses, at, -1)[..., 0].sum(axis=-1)
    return _accepts(u, c, tables.batna[:, :, t])


def first_draft(tables: Tables, bias: np.ndarray) -> np.ndarray:
    """Round 0's text ``[R, F]``: per factor, the row with the highest bias-weighted sum of
    normalised utilities among those the mediator may draft; ties go to the row whose
    lowest normalised (within the factor) utility over the parties is highest, then the
    first row."""
    ut = tables.utility
    w = bias[None, :] / _scale(tables)  # [R, A]
    obj = np.einsum("rafk,ra->rfk", ut, w)
    obj = np.where(tables.drafts_ok, obj, -np.inf)
    top = obj >= obj.max(axis=-1, keepdims=True) - TIE
    masked = np.where(tables.valid[None, None], ut, np.nan)
    lo = np.nanmin(masked, axis=-1, keepdims=True)
    span = np.nanmax(masked, axis=-1, keepdims=True) - lo
    rel = (ut - lo) / np.where(span > TOLERANCE, span, 1.0)
    second = rel.min(axis=1)  # [R, F, K]
    return np.argmax(np.where(top, second, -np.inf), axis=-1)


def mediate(
    tables: Tables, bias: np.ndarray | None = None, patience: int = DEFAULT_PATIENCE
) -> Runs:
    """The mediated single negotiating text over every run at once (rules in the docs)."""
    n_r, n_a, n_f, n_k = tables.utility.shape
    if tables.batna.shape[-1] < patience + 1:
        raise ValueError("the tables cover fewer rounds than the patience")
    b = np.full(n_a, 1.0 / n_a) if bias is None else np.asarray(bias, float)
    ut, cr = tables.utility, tables.crosses
    scale = _scale(tables)
    bw = b[None, :] / scale  # [R, A]
    score = np.where(tables.valid[None, None], ut - RED_LINE_PENALTY * cr, -np.inf)
    runs = np.arange(n_r)
    x = first_draft(tables, b)
    drafts = np.zeros((patience + 1, n_r, n_f), dtype=np.intp)
    utility = np.zeros((patience + 1, n_r, n_a))
    accepts = np.zeros((patience + 1, n_r, n_a), dtype=bool)
    result = np.full(n_r, -1)
    rounds = np.zeros(n_r, dtype=np.intp)
    active = np.ones(n_r, dtype=bool)
    path = tables.batna[:, :, : patience + 1]
    # from round t on, nothing outside the text changes: BATNAs stay as at round t
    settled = np.all(
        np.isclose(path, path[:, :, -1:], rtol=0.0, atol=0.0) | np.isnan(path), axis=1
    )  # [R, T+1]
    settled = np.flip(np.logical_and.accumulate(np.flip(settled, -1), axis=-1), -1)
    for t in range(patience + 1):
        at = x[:, None, :, None]  # [R, 1, F, 1]
        cell_u = np.take_along_axis(ut, np.broadcast_to(at, (n_r, n_a, n_f, 1)), -1)[..., 0]
        cell_c = np.take_along_axis(cr, np.broadcast_to(at, (n_r, n_a, n_f, 1)), -1)[..., 0]
        u = cell_u.sum(axis=-1)  # [R, A]
        c = cell_c.sum(axis=-1)
        d = path[:, :, t]
        known = ~np.isnan(d)
        acc = _accepts(u, c, d)
        drafts[t:, active] = x[active]
        utility[t:, active] = u[active]
        accepts[t:, active] = acc[active]
        done = active & acc.all(axis=1)
        result[done], rounds[done] = AGREEMENT, t
        active &= ~done
        if t == patience:
            result[active], rounds[active] = WALK_AWAY, t
            break
        # each rejecting party's most wanted amendment: the single-factor change that
        # raises its score (utility, less RED_LINE_PENALTY per red line crossed) most
        cur = cell_u - RED_LINE_PENALTY * cell_c  # [R, A, F]
        gain = (score - cur[..., None]).reshape(n_r, n_a, n_f * n_k)
        best = np.argmax(gain, axis=-1)
        wants = ~acc & (np.take_along_axis(gain, best[..., None], -1)[..., 0] > TIE)
        fa = best // n_k  # [R, A] the factor each party asks to amend
        # the mediator's candidates: every row of every requested factor
        old_u = np.take_along_axis(cell_u, np.broadcast_to(fa[:, None, :], (n_r, n_a, n_a)), -1)
        old_c = np.take_along_axis(cell_c, np.broadcast_to(fa[:, None, :], (n_r, n_a, n_a)), -1)
        # new_u[r, b, a, k]: party b's row k utility on the factor party a asks to amend
        new_u = ut[runs[:, None, None], np.arange(n_a)[None, :, None], fa[:, None, :]]
        new_c = cr[runs[:, None, None], np.arange(n_a)[None, :, None], fa[:, None, :]]
        cand_u = u[:, :, None, None] - old_u[..., None] + new_u  # [R, B, A, K]
        cand_c = c[:, :, None, None] - old_c[..., None] + new_c
        floor = np.where(known, d, -np.inf)[:, :, None, None]
        short = np.minimum(0.0, cand_u - floor + TOLERANCE)
        psi = (bw[:, :, None, None] * short - b[None, :, None, None] * cand_c).sum(axis=1)
        phi = (bw[:, :, None, None] * cand_u).sum(axis=1)  # [R, A, K]
        allowed = wants[:, :, None] & tables.valid[fa] & tables.drafts_ok[runs[:, None], fa]
        psi = np.where(allowed, psi, -np.inf).reshape(n_r, n_a * n_k)
        phi = phi.reshape(n_r, n_a * n_k)
        now_short = np.minimum(0.0, u - np.where(known, d, -np.inf) + TOLERANCE)
        psi_now = (bw * now_short - b[None, :] * c).sum(axis=1)
        top = psi.max(axis=1)
        phi = np.where(psi >= top[:, None] - TIE, phi, -np.inf)
        tied = phi >= phi.max(axis=1, keepdims=True) - TIE  # [R, A * K]
        pick = np.argmax(tied, axis=1)
        # even-handed: equally good but different changes mean no change this round
        cand_f = np.repeat(fa, n_k, axis=1)  # [R, A * K]
        cand_k = np.tile(np.arange(n_k), n_a)[None, :]
        other = tied & ((cand_f != cand_f[runs, pick][:, None]) | (cand_k != (pick % n_k)[:, None]))
        move = active & (top > psi_now + TIE) & ~other.any(axis=1)
        stuck = active & ~move & settled[:, t]
        result[stuck], rounds[stuck] = DEADLOCK, t
        active &= ~stuck
        who, row = pick // n_k, pick % n_k
        x = x.copy()
        x[runs[move], fa[runs[move], who[move]]] = row[move]
        if not active.any():
            break
    return Runs(drafts, utility, accepts, result, rounds)


def mediate_reference(
    tables: Tables, bias: np.ndarray | None = None, patience: int = DEFAULT_PATIENCE
) -> Runs:
    """:func:`mediate` as a plain loop over runs, factors and rows (the test oracle)."""
    n_r, n_a, n_f, _ = tables.utility.shape
    b = [1.0 / n_a] * n_a if bias is None else [float(v) for v in bias]
    x0 = first_draft(tables, np.asarray(b))  # checked separately against a loop in the tests
    drafts = np.zeros((patience + 1, n_r, n_f), dtype=np.intp)
    utility = np.zeros((patience + 1, n_r, n_a))
    accepts = np.zeros((patience + 1, n_r, n_a), dtype=bool)
    result = np.full(n_r, -1)
    rounds = np.zeros(n_r, dtype=np.intp)
    for r in range(n_r):
        ut = tables.utility[r].tolist()
        cr = tables.crosses[r].tolist()
        size = [int(tables.valid[f].sum()) for f in range(n_f)]
        ok = tables.drafts_ok[r].tolist()
        scale = [
            s if s > TOLERANCE else 1.0
            for s in (float(h - lo) for h, lo in zip(tables.high[r], tables.low[r], strict=True))
        ]
        path = tables.batna[r]
        x = [int(v) for v in x0[r]]
        for t in range(patience + 1):
            u = [sum(ut[a][f][x[f]] for f in range(n_f)) for a in range(n_a)]
            c = [sum(cr[a][f][x[f]] for f in range(n_f)) for a in range(n_a)]
            d = [float(v) for v in path[:, t]]
            acc = [(np.isnan(d[a]) or u[a] >= d[a] - TOLERANCE) and c[a] == 0 for a in range(n_a)]
            drafts[t:, r], utility[t:, r], accepts[t:, r] = x, u, acc
            if all(acc):
                result[r], rounds[r] = AGREEMENT, t
                break
            if t == patience:
                result[r], rounds[r] = WALK_AWAY, t
                break

            def psi(
                uu: list[float], cc: list[int], d: list[float] = d, scale: list[float] = scale
            ) -> float:
                total = 0.0
                for a in range(n_a):
                    floor = -np.inf if np.isnan(d[a]) else d[a]
                    total += b[a] / scale[a] * min(0.0, uu[a] - floor + TOLERANCE)
                    total -= b[a] * cc[a]
                return total

            cands = []  # (psi, phi, factor, row), in the order of the vectorised version
            for a in range(n_a):
                if acc[a]:
                    continue
                req, req_gain = 0, -np.inf
                for f in range(n_f):
                    here = ut[a][f][x[f]] - RED_LINE_PENALTY * cr[a][f][x[f]]
                    for k in range(size[f]):
                        g = ut[a][f][k] - RED_LINE_PENALTY * cr[a][f][k] - here
                        if g > req_gain:
                            req, req_gain = f, g
                if req_gain <= TIE:
                    continue
                f = req
                for k in range(size[f]):
                    if not ok[f][k]:
                        continue
                    uu = [u[q] - ut[q][f][x[f]] + ut[q][f][k] for q in range(n_a)]
                    cc = [c[q] - cr[q][f][x[f]] + cr[q][f][k] for q in range(n_a)]
                    h = sum(b[q] / scale[q] * uu[q] for q in range(n_a))
                    cands.append((psi(uu, cc), h, f, k))
            if cands:
                top = max(p for p, _, _, _ in cands)
                tied = [cand for cand in cands if cand[0] >= top - TIE]
                high = max(h for _, h, _, _ in tied)
                changes = {(f, k) for _, h, f, k in tied if h >= high - TIE}
                if top > psi(u, c) + TIE and len(changes) == 1:
                    f, k = changes.pop()
                    x = list(x)
                    x[f] = k
                    continue
            later = path[:, t:]
            if np.all((later == later[:, -1:]) | np.isnan(later)):
                result[r], rounds[r] = DEADLOCK, t
                break
    return Runs(drafts, utility, accepts, result, rounds)


# --- alternating offers ---------------------------------------------------------------------
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


def _own_best(tables: Tables) -> np.ndarray:
    """Each party's best utility over the rows that cross none of its red lines ``[R, A]``."""
    ok = tables.valid[None, None] & (tables.crosses == 0)
    best = np.where(ok, tables.utility, -np.inf).max(axis=-1)
    # a factor whose every row crosses its red lines: its best row all the same
    free = np.where(tables.valid[None, None], tables.utility, -np.inf).max(axis=-1)
    return np.where(np.isfinite(best), best, free).sum(axis=-1)


def _offer(tables: Tables, p: int, target: np.ndarray) -> np.ndarray:
    """Proposer p's offer in every run ``[R, F]``: among texts worth at least ``target[R]``
    to it and crossing none of its red lines, the one best for the others, found as the
    maximum of ``others + lam * own`` factor by factor, with the smallest weight ``lam``
    (by bisection) that meets the target; ``others`` is the sum of the other parties'
    normalised utilities less RED_LINE_PENALTY per red line of theirs crossed."""
    ut, cr = tables.utility, tables.crosses
    scale = _scale(tables)
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
    best = _own_best(tables)  # [R, A]
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
        x = _offer(tables, p, target[:, p])
        at = np.broadcast_to(x[:, None, :, None], (n_r, n_a, n_f, 1))
        u = np.take_along_axis(ut, at, -1)[..., 0].sum(axis=-1)
        c = np.take_along_axis(cr, at, -1)[..., 0].sum(axis=-1)
        # a party accepts an offer worth at least its next target (and its BATNA now)
        nxt = np.where(tft[None, :], target, curve(t + 1))
        acc = (u >= np.maximum(nxt, d) - TOLERANCE) & (c == 0)
        acc[:, p] = True
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

        own_target = [None] * n_a
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
                    if own_target[a] is not None and last[a] is not None and prev[a] is not None:
                        v = own_target[a] - max(0.0, last[a] - prev[a])
                    else:
                        v = curve(a, t)
                    target.append(min(max(v, d_at(a, t)), max(best[a], d_at(a, t))))
                else:
                    target.append(curve(a, t))
            p = t % n_a
            if STRATEGIES[names[p]] is None:
                own_target[p] = target[p]
            x = [int(v) for v in _offer(one, p, np.array([target[p]]))[0]]
            u = [sum(ut[a, f, x[f]] for f in range(n_f)) for a in range(n_a)]
            c = [sum(cr[a, f, x[f]] for f in range(n_f)) for a in range(n_a)]
            acc = []
            for a in range(n_a):
                nxt = target[a] if STRATEGIES[names[a]] is None else curve(a, t + 1)
                ok = u[a] >= max(nxt, d_at(a, t)) - TOLERANCE and c[a] == 0
                acc.append(True if a == p else ok)
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


# --- simulation over uncertain inputs --------------------------------------------------------
@dataclass(frozen=True)
class Simulation:
    """The distribution of a process's results over runs with uncertain inputs."""

    scenario: str
    process: str
    parties: tuple[str, ...]
    mediator: str | None
    runs: int
    seed: int | None
    bias: dict[str, float]
    strategies: dict[str, str]
    patience: int
    results: dict[str, float]
    rounds: dict[str, float]
    utility: dict[str, dict[str, float]]
    example: dict[str, Any]
    result_codes: np.ndarray = field(repr=False, compare=False)
    round_counts: np.ndarray = field(repr=False, compare=False)
    final_utility: np.ndarray = field(repr=False, compare=False)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "process": self.process,
            "parties": list(self.parties),
            "mediator": self.mediator,
            "runs": self.runs,
            "seed": self.seed,
            "bias": self.bias,
            "strategies": self.strategies,
            "patience": self.patience,
            "results": self.results,
            "rounds": self.rounds,
            "utility": self.utility,
            "example": self.example,
            "notes": list(self.notes),
        }


def _quantiles(x: np.ndarray) -> dict[str, float]:
    x = x[~np.isnan(x)]
    if x.size == 0:
        return {}
    return {str(q): float(v) for q, v in zip(QUANTILES, np.percentile(x, QUANTILES), strict=True)}


def example_run(tables: Tables, runs: Runs, r: int = 0) -> dict[str, Any]:
    """Run ``r`` draft by draft, as plain data."""
    drafts = []
    for t in range(int(runs.rounds[r]) + 1):
        drafts.append(
            {
                "round": t,
                "outcome": tables.codes(runs.drafts[t, r]).tolist(),
                "utility": dict(zip(tables.parties, map(float, runs.utility[t, r]), strict=True)),
                "accepts": dict(zip(tables.parties, map(bool, runs.accepts[t, r]), strict=True)),
                "batna": {
                    a: None if np.isnan(v) else float(v)
                    for a, v in zip(tables.parties, tables.batna[r, :, t], strict=True)
                },
            }
        )
    return {"drafts": drafts, "result": RESULTS[int(runs.result[r])]}


def simulate_process(
    scenario: Scenario,
    process: str = "mediated",
    *,
    runs: int = 1000,
    seed: int | None = 0,
    bias: dict[str, float] | None = None,
    patience: int = DEFAULT_PATIENCE,
    parties: Sequence[str] | None = None,
    mediator: str | None = "auto",
    chunk: int = DEFAULT_CHUNK,
    resolution: int = 11,
    strategies: dict[str, str] | None = None,
) -> Simulation:
    """Run ``process`` ``runs`` times on scenarios drawn from the spreads of ``scenario``.

    Runs are drawn in chunks seeded as :mod:`accord.forecast.montecarlo` seeds its draws
    (``SeedSequence(seed).spawn``), so a seed gives the same runs. ``mediator`` "auto" takes
    :func:`default_mediator`, None a mediator without preferences.
    """
    if process not in PROCESSES:
        raise ProcessError(f"no process '{process}'; processes: {', '.join(PROCESSES)}")
    if patience < 0:
        raise ProcessError(f"patience must be 0 or more; got {patience}")
    chosen = list(parties) if parties is not None else default_parties(scenario)
    med = default_mediator(scenario) if mediator == "auto" else mediator
    if med is not None and med in chosen:
        raise ProcessError(f"'{med}' cannot be both a party and the mediator")
    if med is not None and med not in {s.actor for s in scenario.stances}:
        raise ProcessError(f"the mediator '{med}' has no stances")
    b = bias_vector(chosen, bias)
    names = strategy_vector(chosen, strategies)
    if process == "alternating":
        med = None  # no mediator: the parties' own offers
    plan = compile_plan(
        scenario,
        "compromise",
        None,
        chosen,
        draws=1,
        acceptance=False,
        zopa=False,
        zopa_budget=0,
        zopa_solves=0,
    )
    inputs = plan.base.inputs
    _, args = seeding(seed, runs, chunk)
    codes, counts, finals = [], [], []
    example: dict[str, Any] = {}
    for start, size, child in args:
        rng = np.random.Generator(np.random.PCG64(child))
        values = sample(inputs, size, rng)
        tables = build_tables(scenario, values, patience, chosen, med, resolution=resolution)
        if process == "mediated":
            out = mediate(tables, b, patience)
        else:
            out = alternate(tables, names, patience)
        if start == 0:
            example = example_run(tables, out, 0)
            space = outcome_space(scenario, chosen, resolution=resolution)
            for draft in example["drafts"]:
                draft["outcome"] = space.decode(draft["outcome"])
        codes.append(out.result)
        counts.append(out.rounds)
        final = out.final
        # without agreement each party is left with its alternative at the last round
        last = tables.batna[np.arange(size), :, out.rounds]
        finals.append(np.where((out.result == AGREEMENT)[:, None], final, last))
    result = np.concatenate(codes)
    rounds = np.concatenate(counts)
    final_u = np.concatenate(finals)
    notes = []
    if not inputs:
        notes.append("the scenario has no spreads: every run is the same negotiation")
    return Simulation(
        scenario=scenario.id,
        process=process,
        parties=tuple(chosen),
        mediator=med,
        runs=runs,
        seed=seed,
        bias=dict(zip(chosen, map(float, b), strict=True)) if process == "mediated" else {},
        strategies=dict(zip(chosen, names, strict=True)) if process == "alternating" else {},
        patience=patience,
        results={name: float(np.mean(result == k)) for k, name in enumerate(RESULTS)},
        rounds=_quantiles(rounds.astype(float)),
        utility={a: _quantiles(final_u[:, k]) for k, a in enumerate(chosen)},
        example=example,
        result_codes=result,
        round_counts=rounds,
        final_utility=final_u,
        notes=tuple(notes),
    )
