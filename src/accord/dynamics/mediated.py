"""The mediated single negotiating text, over every run at once, and its per-run oracle.

The mediator drafts the text that maximises the bias-weighted sum of normalised utilities,
factor by factor; each round every party accepts (utility >= its BATNA at that round, no red
line crossed) or names its most wanted amendment; the mediator edits the amended factors to
lower the bias-weighted shortfall below the BATNAs; agreement, walk-away (patience run out)
or deadlock. With the parties' ratifiers in the tables (ratification honoured), a party
accepts only a text its ratifiers pass, and a text they fail counts, in the party's
amendments and in the mediator's shortfall, as one more of its red lines crossed. The rules
are written down in full in ``docs/processes.md``. :func:`mediate_reference` is
:func:`mediate` as plain loops per run, kept as the test oracle and the benchmark's
reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.utility import TOLERANCE
from accord.dynamics.process_ratifiers import change_passes, passes, passes_reference
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


def bias_vector(parties: Sequence[str], bias: dict[str, float] | None) -> np.ndarray:
    """The bias as weights over ``parties`` (default 1 each), normalised to sum 1."""
    bias = dict(bias or {})
    for a, given in bias.items():
        if a not in parties:
            raise ProcessError(f"no party '{a}' to bias towards; parties: {', '.join(parties)}")
        if not np.isfinite(given) or given <= 0:
            raise ProcessError(f"the bias towards '{a}' must be a positive number; got {given:g}")
    w = np.array([float(bias.get(a, 1.0)) for a in parties])
    return w / w.sum()


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
    w = bias[None, :] / party_scale(tables)  # [R, A]
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
    scale = party_scale(tables)
    bw = b[None, :] / scale  # [R, A]
    score = np.where(tables.valid[None, None], ut - RED_LINE_PENALTY * cr, -np.inf)
    runs = np.arange(n_r)
    rr = tables.ratifiers
    no_fail = np.zeros((n_r, n_a), dtype=np.int64)
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
        # a text the party's ratifiers fail counts as one more of its red lines crossed
        fail = no_fail if rr is None else (~passes(rr, x)).astype(np.int64)
        ck = c + fail
        acc = _accepts(u, ck, d)
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
        gain = score - cur[..., None]  # [R, A, F, K]
        fail_new = None
        if rr is not None:  # [R, A, F, K]: whether each change leaves the ratifiers failing
            fail_new = (~change_passes(rr, x)).astype(np.int64).transpose(0, 3, 1, 2)
            gain = gain - RED_LINE_PENALTY * (fail_new - fail[:, :, None, None])
        gain = gain.reshape(n_r, n_a, n_f * n_k)
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
        if fail_new is not None:
            cand_c = (
                cand_c
                + fail_new[runs[:, None, None], np.arange(n_a)[None, :, None], fa[:, None, :]]
            )
        floor = np.where(known, d, -np.inf)[:, :, None, None]
        short = np.minimum(0.0, cand_u - floor + TOLERANCE)
        psi = (bw[:, :, None, None] * short - b[None, :, None, None] * cand_c).sum(axis=1)
        phi = (bw[:, :, None, None] * cand_u).sum(axis=1)  # [R, A, K]
        allowed = wants[:, :, None] & tables.valid[fa] & tables.drafts_ok[runs[:, None], fa]
        psi = np.where(allowed, psi, -np.inf).reshape(n_r, n_a * n_k)
        phi = phi.reshape(n_r, n_a * n_k)
        now_short = np.minimum(0.0, u - np.where(known, d, -np.inf) + TOLERANCE)
        psi_now = (bw * now_short - b[None, :] * ck).sum(axis=1)
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
    rr = tables.ratifiers
    for r in range(n_r):
        ut = tables.utility[r].tolist()
        cr = tables.crosses[r].tolist()

        def fails(xx: list[int], r: int = r) -> list[int]:
            """1 where the party's ratifiers fail the text (never without ratifiers)."""
            if rr is None:
                return [0] * n_a
            return [0 if ok else 1 for ok in passes_reference(rr, r, xx)]

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
            fl = fails(x)
            c = [c[a] + fl[a] for a in range(n_a)]  # a failing ratification: one more crossing
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

            changed = {
                (f, k): fails([*x[:f], k, *x[f + 1 :]]) for f in range(n_f) for k in range(size[f])
            }
            cands = []  # (psi, phi, factor, row), in the order of the vectorised version
            for a in range(n_a):
                if acc[a]:
                    continue
                req, req_gain = 0, -np.inf
                for f in range(n_f):
                    here = ut[a][f][x[f]] - RED_LINE_PENALTY * cr[a][f][x[f]]
                    for k in range(size[f]):
                        g = ut[a][f][k] - RED_LINE_PENALTY * cr[a][f][k] - here
                        g -= RED_LINE_PENALTY * (changed[f, k][a] - fl[a])
                        if g > req_gain:
                            req, req_gain = f, g
                if req_gain <= TIE:
                    continue
                f = req
                for k in range(size[f]):
                    if not ok[f][k]:
                        continue
                    uu = [u[q] - ut[q][f][x[f]] + ut[q][f][k] for q in range(n_a)]
                    cc = [
                        c[q] - fl[q] - cr[q][f][x[f]] + cr[q][f][k] + changed[f, k][q]
                        for q in range(n_a)
                    ]
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
