"""The round loop: one loop over a chunk of instances ``[B, A]``, the same for one run of one
issue (``B = 1``) and for thousands of Monte Carlo draws.

Each round: the scale and the distances, the votes and probabilities (a first pass with
every actor risk neutral gives the vulnerabilities and so the risk exponents; a second pass
with those exponents if the voters use them), both expected utilities of every dyad, the
kind of every dyad, and the offer each target takes; then everyone moves at once.

Everything is array arithmetic over the whole chunk. What a chunk of one needs is few NumPy
calls (each costs its fixed overhead, not its arithmetic, on arrays that small), so the loop
takes the cheaper way wherever it changes no number: the masks for absent actors are skipped
when everyone is present, quantities that do not change between rounds are computed once,
both expected utilities are one stacked computation when they share their exponents, the
work for compromises is skipped in rounds without any, and stopped instances are only masked
once there are some.
"""

from __future__ import annotations

import numpy as np

from accord.forecast.eum import repeats
from accord.forecast.eum.chunk import FOUR, HALF, ONE, TWO, ZERO, Batch, Scratch
from accord.forecast.eum.dyads import codes, eu, kinds, utilities, wins
from accord.forecast.eum.offers import Dyads, offers, scholz_offers
from accord.forecast.eum.options import EQUAL_VULNERABILITY, NONE, EumOptions
from accord.forecast.eum.repeats import COMPACT_SHARE, History, fill, put_back, subset
from accord.forecast.eum.votes import geometry, lower_weighted_median, probability, votes


def run_chunk(batch: Batch, options: EumOptions) -> None:
    """All rounds for one chunk, written into its output views."""
    with np.errstate(invalid="ignore", divide="ignore"):
        b_size, n = batch.x0.shape
        rounds(batch, options, Scratch(b_size, n, batch.present))


def spans(x: np.ndarray, batch: Batch, options: EumOptions) -> tuple[np.ndarray, np.ndarray]:
    """From the range distances are divided by (``options.scale``; 0: none, as when every
    actor is at one position): what to divide by ``[B, 1, 1]`` (``inf`` where there is no
    range: every distance 0), and up to what distance ``[B, 1, 1]`` two positions count as
    one (``options.same_position`` of the range)."""
    if options.scale == "fixed":
        span = np.full(len(x), float(options.bounds[1]) - float(options.bounds[0]))
    elif options.scale == "current-range":
        if batch.everyone:
            span = x.max(axis=1) - x.min(axis=1)
        else:
            hi = np.where(batch.present, x, -np.inf).max(axis=1)
            lo = np.where(batch.present, x, np.inf).min(axis=1)
            span = np.where(batch.present.any(axis=1), hi - lo, 0.0)
        # every actor at one position (as options.same_position says): no range
        span = np.where(span > options.same_position * batch.init_span, span, 0.0)
    else:
        span = batch.init_span
    # distances are divided by the range (as the oracle does: the two extremes are exactly 1
    # apart, which matters as base^r with r < 1 is steep near base 0); no range: 0
    scale = np.where(span > 0, span, np.inf)
    return scale[:, None, None], (options.same_position * span)[:, None, None]


def centre_distances(
    x: np.ndarray, wc: np.ndarray, scale: np.ndarray, batch: Batch, options: EumOptions
) -> np.ndarray:
    """The normalised distances ``[B, A, 1]`` of the actors to the centre ``μ`` (only
    ``U_b`` and ``U_w`` use them, so only ``Q < 1``); ``wc``: the centre's weights."""
    if options.centre == "mean":
        mu = (wc * x).sum(axis=1) / wc.sum(axis=1)
    else:
        mu = lower_weighted_median(x, wc, batch.present)
    mu = np.where(np.isnan(mu), 0.0, mu)  # NaN: no weight at all
    dmu = np.abs(x - mu[:, None])
    dmu /= scale[:, :, 0]
    if not batch.everyone:
        dmu *= batch.present
    return dmu[:, :, None]


def exponents(vul: np.ndarray, batch: Batch, k: Scratch) -> np.ndarray:
    """The risk exponents ``r_i = (1 - R_i/3) / (1 + R_i/3)`` ``[B, A]`` from the
    vulnerabilities, ``R_i = (2 V_i - max V - min V) / (max V - min V)``; vulnerabilities
    whose spread is below :data:`EQUAL_VULNERABILITY` of their size count as equal (``R = 0``,
    ``r`` exactly 1); absent actors get 1."""
    if batch.everyone:
        hi = vul.max(axis=1, keepdims=True)
        lo = vul.min(axis=1, keepdims=True)
    else:
        hi = np.where(batch.present, vul, -np.inf).max(axis=1, keepdims=True)
        lo = np.where(batch.present, vul, np.inf).min(axis=1, keepdims=True)
    if len(vul) == 1:
        # one instance: its spread tested on two Python numbers (the same test, as below, in
        # no NumPy call: on arrays this small each call costs more than its arithmetic)
        high, low = float(hi[0, 0]), float(lo[0, 0])
        if not high - low > EQUAL_VULNERABILITY * max(1.0, abs(high), abs(low)):
            return k.ones  # every R is 0, every r exactly 1
        width, spread = high - low, None
    else:
        width = hi - lo
        bound = np.maximum(np.abs(hi), np.abs(lo))
        spread = width > EQUAL_VULNERABILITY * np.maximum(bound, 1.0)
    big_r = 2.0 * vul
    big_r -= hi
    big_r -= lo
    big_r /= width
    if spread is not None:
        big_r = np.where(spread, big_r, 0.0)
    big_r /= 3.0  # R/3
    r = np.subtract(1.0, big_r)
    big_r += 1.0
    r /= big_r
    return r if batch.everyone else np.where(batch.present, r, 1.0)


def rounds(
    batch: Batch, options: EumOptions, k: Scratch, start: tuple[np.ndarray, History] | None = None
) -> None:
    """The round loop of :func:`run_chunk` (``k``: the chunk's scratch buffers). ``start``:
    the positions and history to go on from (a chunk made smaller after some of its
    instances repeated, see :mod:`~accord.forecast.eum.repeats`); ``None``: from round 0."""
    x = batch.x0 if start is None else start[0]
    first = 0 if start is None else start[1].done
    # instances whose positions repeat are played no further (see repeats; without a
    # tolerance only, as an instance's stopping round depends on its moves)
    history = None
    if repeats.SKIP and options.tolerance is None:
        history = History(x, options.rounds) if start is None else start[1]
    b_size, n = x.shape
    present, s, everyone = batch.present, batch.s, batch.everyone
    positions, dyads_out, risk_out = batch.positions, batch.dyads, batch.risk
    pair = k.pair
    q = options.q
    # priority-scholz with the target going all the way when it loses a conflict: the moves
    # are only needed for the offers taken (see scholz_offers)
    lean = options.offer == "priority-scholz" and options.conflict != "expected"
    # the centre's weights: capability x salience, or equal weights if all are zero (only
    # needed if Q < 1)
    wc = batch.w
    if q != 1.0:
        wc = np.where((batch.w.sum(axis=1) > 0)[:, None], batch.w, present.astype(float))
    s4 = 4.0 * s  # (the vulnerabilities' 4 s_i, constant)
    s_ab = k.s_ab  # the targets' saliences s_j, s_i of both EUs, as one stack
    s_ab[0], s_ab[1] = s[:, None, :], s[:, :, None]
    fixed_scale = options.scale != "current-range"
    if fixed_scale:
        scale, same = spans(x, batch, options)
    active = np.ones(b_size, dtype=bool)
    all_active = True  # (then nothing needs masking by active)
    # rounds run, and of those rounds run by every instance of the chunk
    ran = full = first
    for rnd in range(first, options.rounds):
        if not fixed_scale:
            scale, same = spans(x, batch, options)
        dmu = dmu_col = None
        if q != 1.0:
            dmu = centre_distances(x, wc, scale, batch, options)
            dmu_col = dmu.transpose(0, 2, 1)

        diff = np.subtract(x[:, None, :], x[:, :, None], out=k.diff)  # [b, i, j]: x_j - x_i
        side = np.sign(diff, out=k.side)
        gap = np.abs(diff, out=diff)
        # positions at most options.same_position x range apart count as one (no contest,
        # P = 0; by default the resolution of the arithmetic, see SAME_POSITION)
        valid = np.greater(gap, same, out=k.valid)
        d = np.divide(gap, scale, out=k.d)  # [b, i, j]
        if not everyone:
            side *= pair
            valid &= pair
        geo = geometry(x, batch.w, side, d, k)
        if not everyone:
            d *= pair  # absent actors: no distances, no votes
        absdiff1, net1 = votes(geo, k)
        p1 = probability(absdiff1, net1, options.probability)
        p1 *= valid
        del absdiff1, net1

        r = k.ones
        if options.risk == "security" and n > 1:
            # first pass, r = 1: U_s = 2d, U_f = -2d, U_sq = 0, U_b = -U_w = d_jμ + d, so
            # EU_j(ji) = 2 d (1 - 2 s_i (1 - P_ji)) - (1 - Q)(2T - 1)(d_jμ + d)
            reuse = q == 1.0 and options.vote_utility == "risk"  # p1 not needed after
            lost = np.subtract(ONE, p1, out=p1) if reuse else 1.0 - p1
            lost *= d
            vul = 2.0 * d.sum(axis=1) - s4 * lost.sum(axis=1)
            del lost
            if q != 1.0:
                t_ji = p1 if options.t_rule == "probability" else options.t
                extra = (2.0 * t_ji - 1.0) * (dmu + d) * (pair & k.offdiag)
                vul -= (1.0 - q) * extra.sum(axis=1)
            r = exponents(vul, batch, k)

        if options.vote_utility == "risk":
            absdiff, net = votes(geo, k, r.take(geo.order).T[:, :, None])
            p = probability(absdiff, net, options.probability)
            p *= valid
            del absdiff, net
        else:
            p = p1
        del geo, side  # their buffers (k.dst, k.side) are free from here on

        a, b, pt = expected_utilities(p, r, d, dmu, dmu_col, s_ab, options, k)
        conflict, compromise, capitulation = kinds(a, b, valid, k)
        code = None
        if dyads_out is not None or not lean:
            code = codes(valid, k, conflict, compromise)
        won = wins(a, b, p, pt, options, k)
        dy = Dyads(a, b, p, valid, conflict, compromise, capitulation, code, won)
        if lean:
            any_offer, chosen = scholz_offers(dy, x, gap, k)
        else:
            any_offer, chosen = offers(dy, x, batch.x0, options, k)
        if not all_active:
            any_offer &= active[:, None]
        new_x = np.where(any_offer, chosen, x)

        if dyads_out is not None:
            assert code is not None  # (made whenever recorded)
            dyads_out[rnd] = code if all_active else np.where(active[:, None, None], code, NONE)
        if risk_out is not None:
            if all_active and everyone:
                risk_out[rnd] = r
            else:
                risk_out[rnd] = np.where(active[:, None] & present, r, np.nan)
        ran += 1
        if all_active:
            full += 1
        else:
            np.add(batch.stopped, active, out=batch.stopped)
        old, x = x, new_x
        positions[rnd + 1] = x if everyone else np.where(present, x, np.nan)
        if options.tolerance is not None:
            moved = np.abs(x - old)
            if not everyone:
                moved = np.where(present, moved, 0.0)
            active &= ~(moved.max(axis=1, initial=0.0) <= options.tolerance)
            all_active = all_active and bool(active.all())
            if not active.any():
                break
        elif history is not None:
            period = history.add(x)
            done = 0 if period is None else np.count_nonzero(period)
            if period is not None and (done == b_size or done >= COMPACT_SHARE * b_size):
                fill(batch, rnd + 1, period, options.rounds)
                if done < b_size:  # the others go on, as a smaller chunk
                    rows = np.flatnonzero(period == 0)
                    part = subset(batch, rows)
                    going = (x[rows], History.of_rows(history, rows))
                    rounds(part, options, Scratch(len(rows), n, part.present), going)
                    put_back(batch, part, rows)
                np.add(batch.stopped, options.rounds, out=batch.stopped)  # as if all were run
                return
    np.add(batch.stopped, full, out=batch.stopped)
    batch.positions[ran + 1 :] = batch.positions[ran][None]  # stopped early: stays put


def expected_utilities(
    p: np.ndarray,
    r: np.ndarray,
    d: np.ndarray,
    dmu: np.ndarray | None,
    dmu_col: np.ndarray | None,
    s_ab: np.ndarray,
    options: EumOptions,
    k: Scratch,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The dyad "``i`` challenges ``j``" as the judge sees it: ``a = EU_i(ij)`` and ``b =
    EU_j(ji)`` ``[B, A, A]`` (in ``k.ds`` and ``k.side``), each with the exponent the judge
    uses for that actor (see ``EumOptions.perspective`` and ``judge``), and ``P_ji`` (in
    ``k.pt``; ``None`` where nothing needs it). Uses ``k.absdiff`` and ``k.wf`` as scratch."""
    q = options.q
    r_row, r_col = r[:, :, None], r[:, None, :]
    if options.judge == "challenger":
        ra, rb = r_row, (r_row if options.perspective == "own" else r_col)
    else:
        ra, rb = (r_col if options.perspective == "own" else r_row), r_col
    stacked = rb is ra and q == 1.0  # both EUs as one stack (below)
    pt = None
    if not stacked or options.conflict == "probability":
        pt = k.pt
        np.copyto(pt, p.transpose(0, 2, 1))
    # U_s = 2 - 4 (0.5 - 0.5 d)^r, U_f = 2 - 4 (0.5 + 0.5 d)^r (that base is >= 0.5)
    half = np.multiply(HALF, d, out=k.absdiff)
    base_s = np.subtract(HALF, half, out=k.wf)
    np.maximum(base_s, ZERO, out=base_s)
    base_f = np.add(HALF, half, out=half)
    sq_a = TWO - FOUR * HALF**ra
    if rb is ra:
        ua_s, ua_du = ub_s, ub_du = utilities(ra, base_s, base_f)
        sq_b = sq_a
    else:
        ub_s, ub_du = utilities(rb, base_s.copy(), base_f.copy())
        ua_s, ua_du = utilities(ra, base_s, base_f)
        sq_b = TWO - FOUR * HALF**rb
    if stacked:
        # both EUs as one stack [a, b], by the very operations of eu in half the calls
        ab = k.eus
        np.subtract(ONE, p, out=ab[0])
        np.subtract(ONE, p.transpose(0, 2, 1), out=ab[1])  # 1 - P_ji
        ab *= s_ab
        ab *= ua_du
        np.subtract(ua_s, ab, out=ab)
        ab -= sq_a
        return ab[0], ab[1], pt
    assert pt is not None  # (made whenever not stacked)
    a = eu(ua_s, ua_du, sq_a, p, s_ab[0], d, dmu, ra, options, out=k.ds)
    b = eu(ub_s, ub_du, sq_b, pt, s_ab[1], d, dmu_col, rb, options, out=k.side)
    return a, b, pt
