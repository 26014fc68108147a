"""Bueno de Mesquita's expected-utility ("challenge") model, vectorised.

The model (Bueno de Mesquita 1994, as reconstructed by Scholz, Calbert & Smith, "Unravelling
Bueno de Mesquita's group decision model", 2011) simulates bargaining on one issue: each
actor has a position ``x``, a capability ``c`` and a salience ``s`` (0..1). In every round
each actor weighs challenging every other actor:

* distances are normalised by the width of the scale, ``d_ij = |x_i - x_j| / range``;
* utilities, with the actor's risk exponent ``r``: success ``U_s = 2 - 4(0.5 - 0.5 d_ij)^r``,
  failure ``U_f = 2 - 4(0.5 + 0.5 d_ij)^r``, things getting better or worse without a
  challenge ``U_b, U_w = 2 - 4(0.5 -/+ 0.25 (d_iμ + d_ij))^r`` (``μ`` the centre of the
  positions), status quo ``U_sq = 2 - 4 * 0.5^r``;
* votes: actor ``k`` backs ``x_i`` against ``x_j`` with ``v^k_ij = c_k s_k (U^k(x_i) -
  U^k(x_j))``, ``U^k(x) = 1 - 2 d(x_k, x)`` (or ``d^r_k``); ``P_ij`` is the share of votes
  won by ``x_i``;
* the expected utility of ``i`` challenging ``j``: ``EU_i(ij) = s_j [P_ij U_s + (1 - P_ij)
  U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w]``;
* risk: a first pass with ``r = 1`` gives each actor's vulnerability ``Σ_j EU_j(ji)``;
  ``R_i = (2 V_i - max V - min V) / (max V - min V)`` and ``r_i = (1 - R_i/3) / (1 + R_i/3)``;
  the second pass uses those exponents;
* each dyad is then classified by the two expected utilities: conflict (both positive),
  compromise (the challenger's gain outweighs the target's loss: the target moves towards
  the challenger by the fraction ``|EU_target / EU_challenger|``), capitulation (the target
  moves all the way), stalemate (the challenger has nothing to gain);
* every target receives the challengers' offers, takes one, and all actors move at once.

The papers leave many choices open; each is a named field of :class:`EumOptions` with a
documented default, and :data:`PRESETS` bundles them (``"scholz-2011"`` reproduces Scholz et
al.'s Table 2 on the EC emission-standards case in 7 of 8 rounds; see ``docs/eum.md``).

Why vectorised: forecasts are run over many issues and Monte Carlo draws of uncertain
inputs, so :func:`eum` takes ``(..., A)`` arrays and computes every instance and every dyad
at once; only the rounds are a Python loop. The vote sums, ``O(A^3)`` per instance voter by
voter, take ``O(A^2 log A)``: in one dimension a voter prefers ``x_i`` to ``x_j`` exactly
when it is on ``x_i``'s side of their midpoint, so with voters sorted by position the sums
are differences of prefix sums (see :func:`_votes`). The leading axes are processed in
cache-sized chunks, on a few threads (NumPy releases the GIL inside its loops).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

import numpy as np

from accord.forecast import threads

__all__ = [
    "DYAD_CODES",
    "PRESETS",
    "EumOptions",
    "EumRun",
    "eum",
]

#: Dyad codes, in ``EumRun.dyads``: index = code.
DYAD_CODES = ("none", "conflict", "compromise", "capitulation", "stalemate")
NONE, CONFLICT, COMPROMISE, CAPITULATION, STALEMATE = range(5)

#: Cumulative weight counts as reaching half the total within this share (as in ``models``).
HALF_TOLERANCE = 1e-9

#: Positions closer than this share of the scale's range count as the same position; a
#: current range below this share of the initial one counts as 0; vulnerabilities whose
#: spread is below this share of their size count as equal (every actor risk neutral).
SAME_POSITION = 1e-6

#: Offer keys (moves, EUs) this close, relative, count as tied; ties go to the lowest index.
TIE = 1e-9


#: Up to this many actors (and for chunks of 8 instances or more), voters are counted against
#: midpoints by comparisons, not by binary search, and prefix sums are added up column by
#: column.
FEW_ACTORS = 64

#: Roughly how many elements an ``[B, A, A]`` array of one chunk may hold (cache sized).
CHUNK_ELEMENTS = 1 << 17


#: The allowed values of every option that is a choice among named rules.
CHOICES: dict[str, tuple[str, ...]] = {
    "t_rule": ("fixed", "probability"),
    "risk": ("security", "neutral"),
    "perspective": ("own", "other"),
    "probability": ("positive-votes", "net-votes", "all-votes"),
    "vote_utility": ("linear", "risk"),
    "centre": ("median", "mean"),
    "judge": ("challenger", "target"),
    "conflict": ("eu", "probability", "expected"),
    "offer": (
        "smallest-move",
        "smallest-move-initial",
        "largest-eu",
        "priority",
        "priority-scholz",
    ),
    "scale": ("initial-range", "current-range", "fixed"),
}


@dataclass(frozen=True)
class EumOptions:
    """Every choice the sources leave open. See ``docs/eum.md`` for the reasoning.

    * ``q``: the probability that, absent a challenge, the target keeps its position (``Q``).
    * ``t_rule`` / ``t``: ``T``, the probability that a change absent a challenge is for the
      better: ``"fixed"`` uses ``t``; ``"probability"`` uses ``P_ij``. Only matters if q < 1.
    * ``risk``: ``"security"`` (risk exponents from each actor's vulnerability, Scholz et
      al.) or ``"neutral"`` (``r = 1`` for everyone).
    * ``perspective``: whose risk exponent actor ``i`` uses when it estimates ``EU_j(ji)``:
      ``"own"`` (its own, ``r_i``: everything seen from ``i``'s chair) or ``"other"``
      (``r_j``: ``i`` knows ``j``'s true expected utility).
    * ``probability``: ``"positive-votes"`` (``Σ_{v>0} v / Σ|v|``), ``"net-votes"``
      (``max(Σ v, 0) / Σ|v|``) or ``"all-votes"`` (``Σ_{v>0} v`` over the votes of every
      voter on every pair of positions, as the code of Scholz et al. is reported to do).
    * ``vote_utility``: ``"linear"`` (``U^k(x) = 1 - 2d``) or ``"risk"`` (``1 - 2 d^r_k``,
      with the voter's risk exponent).
    * ``centre``: what ``μ`` is: ``"median"`` (the capability x salience lower weighted
      median; in one dimension also the pairwise-vote winner) or ``"mean"``.
    * ``judge``: whose view of a dyad decides a move: ``"challenger"`` (``i``'s own EU and
      its estimate of ``j``'s) or ``"target"`` (``j``'s estimate of ``i``'s EU and its own).
    * ``conflict``: how a conflict ends: ``"eu"`` (the target gives in fully if the
      challenger's EU exceeds its own), ``"probability"`` (if ``P_ij > P_ji``) or
      ``"expected"`` (the target moves to ``x_j + P_ij (x_i - x_j)``).
    * ``offer``: which offer a target takes: ``"smallest-move"`` (from its current
      position), ``"smallest-move-initial"`` (nearest its initial position),
      ``"largest-eu"`` (the most eager challenger), ``"priority"`` (conflicts first, then
      compromises, then capitulations; the smallest move within a kind) or
      ``"priority-scholz"`` (as ``"priority"``, but among compromises the one whose
      EU-weighted point ``(|EU_j| x_j + |EU_i| x_i) / (|EU_j| + |EU_i|)`` is lowest).
    * ``rounds``: the most rounds to run; ``tolerance``: stop an instance once no actor
      moves more than this (``None``: run all rounds).
    * ``scale``: the ``range`` distances are divided by: ``"initial-range"`` (max - min of
      the input positions), ``"current-range"`` (of this round's positions) or ``"fixed"``
      (``bounds[1] - bounds[0]``).
    """

    q: float = 1.0
    t_rule: Literal["fixed", "probability"] = "fixed"
    t: float = 1.0
    risk: Literal["security", "neutral"] = "security"
    perspective: Literal["own", "other"] = "own"
    probability: Literal["positive-votes", "net-votes", "all-votes"] = "positive-votes"
    vote_utility: Literal["linear", "risk"] = "linear"
    centre: Literal["median", "mean"] = "median"
    judge: Literal["challenger", "target"] = "challenger"
    conflict: Literal["eu", "probability", "expected"] = "eu"
    offer: Literal[
        "smallest-move", "smallest-move-initial", "largest-eu", "priority", "priority-scholz"
    ] = "smallest-move"
    rounds: int = 10
    tolerance: float | None = None
    scale: Literal["initial-range", "current-range", "fixed"] = "initial-range"
    bounds: tuple[float, float] = (0.0, 1.0)

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")
        if self.rounds < 0:
            raise ValueError("rounds must be >= 0")
        if self.scale == "fixed" and not self.bounds[1] > self.bounds[0]:
            raise ValueError("bounds must be (low, high) with high > low")

    def describe(self) -> dict[str, Any]:
        """The options as a plain dict (JSON-ready)."""
        out = asdict(self)
        out["bounds"] = list(self.bounds)
        return out

    def with_(self, **changes: Any) -> EumOptions:
        """A copy with some options changed."""
        return replace(self, **changes)


#: Named option bundles. ``"scholz-2011"``: the combination that reproduces Scholz et al.
#: (2011), Table 2, in 7 of 8 rounds (see ``docs/eum.md``); ``"textbook"``: the equations as
#: usually written (positive-vote probabilities, each actor judging its own challenges).
PRESETS: dict[str, EumOptions] = {
    "scholz-2011": EumOptions(
        q=1.0,
        t_rule="fixed",
        t=1.0,
        risk="security",
        perspective="own",
        probability="all-votes",
        vote_utility="risk",
        centre="median",
        judge="target",
        conflict="eu",
        offer="priority-scholz",
        rounds=10,
        tolerance=None,
        scale="initial-range",
    ),
    "textbook": EumOptions(),
}


@dataclass(frozen=True)
class EumRun:
    """The result of :func:`eum`.

    ``positions`` ``[R+1, ..., A]``: round 0 is the input, then after each round (an
    instance that stopped early repeats its last positions). ``dyads`` ``[R, ..., A, A]``
    int8 codes (:data:`DYAD_CODES`): row ``i``'s challenge of column ``j`` in that round,
    classified from the view of the actor named by ``options.judge`` (``i`` itself for
    ``"challenger"``, ``j`` for ``"target"``); compromise and capitulation mean ``j``
    would move towards ``i``. ``risk`` ``[R, ..., A]``: the risk exponents used. After an
    instance stops, its dyads are ``none`` and its risks NaN. ``rounds_run``: rounds run by
    the longest-running instance; ``stopped`` ``[...]``: rounds each instance ran.
    """

    positions: np.ndarray
    dyads: np.ndarray
    risk: np.ndarray
    rounds_run: int
    options: EumOptions
    stopped: np.ndarray


def eum(
    position: np.ndarray,
    capability: np.ndarray,
    salience: np.ndarray,
    options: EumOptions = PRESETS["scholz-2011"],
    *,
    record: bool = True,
) -> EumRun:
    """Run the model. All arrays (..., A): actors last, any leading batch axes (issues,
    draws) broadcast. NaN position = actor absent on that instance (takes no part: no votes,
    no offers, never moves). Loops over rounds only; everything inside a round is array ops
    over batch x A x A.

    ``record=False`` skips keeping the per-round dyad codes and risk exponents (for large
    batches where only the positions matter): ``dyads`` and ``risk`` are then empty, of
    shapes ``(0, ..., A, A)`` and ``(0, ..., A)``; the positions are the same."""
    x, c, s = np.broadcast_arrays(
        np.asarray(position, dtype=float),
        np.asarray(capability, dtype=float),
        np.asarray(salience, dtype=float),
    )
    if x.ndim == 0:
        raise ValueError("need an actor axis")
    lead, n = x.shape[:-1], x.shape[-1]
    size = int(np.prod(lead, dtype=np.int64))
    x2, c2, s2 = (a.reshape(size, n) for a in (x, c, s))
    rounds = options.rounds
    pos = np.empty((rounds + 1, size, n))
    kept = rounds if record else 0
    dyads = np.zeros((kept, size, n, n), dtype=np.int8)
    risk = np.full((kept, size, n), np.nan)
    stopped = np.zeros(size, dtype=np.int64)
    pos[0] = x2

    chunk = max(1, CHUNK_ELEMENTS // max(1, n**2))
    starts = list(range(0, size, chunk))

    def work(start: int) -> None:
        sl = slice(start, min(size, start + chunk))
        _run_chunk(
            x2[sl],
            c2[sl],
            s2[sl],
            options,
            pos[:, sl],
            dyads[:, sl] if record else None,
            risk[:, sl] if record else None,
            stopped[sl],
        )

    if n == 0:  # no actors: nothing to play
        starts = []
    workers = min(len(starts), threads.available())
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(work, starts))
    else:
        for start in starts:
            work(start)

    ran = int(stopped.max()) if size else 0
    return EumRun(
        positions=pos[: ran + 1].reshape((ran + 1, *lead, n)),
        dyads=dyads[: min(ran, kept)].reshape((min(ran, kept), *lead, n, n)),
        risk=risk[: min(ran, kept)].reshape((min(ran, kept), *lead, n)),
        rounds_run=ran,
        options=options,
        stopped=stopped.reshape(lead),
    )


def _lower_weighted_median(x: np.ndarray, w: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per row of ``[B, A]``: the smallest position where the running weight reaches half."""
    key = np.where(present, x, np.inf)
    order = np.argsort(key, axis=-1, kind="stable")
    n = x.shape[1]
    starts = np.arange(0, x.size, n)
    order += starts[:, None]  # flat indices: np.take beats 2-d fancy indexing
    cum = np.cumsum(np.take(w, order), axis=-1)
    total = cum[:, -1:]
    reached = cum >= total / 2.0 - HALF_TOLERANCE * total
    first = np.argmax(reached, axis=-1)
    out = np.take(key, np.take(order, first + starts))
    return np.where(total[:, 0] > 0, out, np.nan)


class _Chunk:
    """Constants and scratch buffers of one ``[B, A]`` chunk, reused by every round."""

    def __init__(self, b_size: int, n: int, present: np.ndarray) -> None:
        self.rows = np.arange(b_size)[:, None]
        self.flat = self.rows * n
        # small chunks: fewer, bigger NumPy calls; bigger ones: loops of cheap passes
        self.loops = n <= FEW_ACTORS and b_size >= 8
        self.base = (np.arange(b_size) * n)[:, None]
        # flat index of row (b, a) of the prefix sums: (b * n + a) * (n + 1)
        self.row = ((np.arange(b_size)[:, None] * n + np.arange(n)[None, :]) * (n + 1))[:, :, None]
        iu, ju = np.triu_indices(n, 1)
        self.iu, self.ju = iu, ju
        self.upper, self.lower = iu * n + ju, ju * n + iu
        self.count = np.zeros((b_size, n * n), dtype=np.intp)  # the diagonal stays 0
        self.index = np.empty((b_size, n, n), dtype=np.intp)
        self.prefix = np.zeros((b_size, n, n + 1))  # column 0 stays 0
        self.pair = present[:, :, None] & present[:, None, :]
        # [B, A, A] scratch arrays, reused round after round (fresh arrays of this size cost
        # more in page faults than the arithmetic on them)
        shape = (b_size, n, n)
        self.diff, self.side, self.d, self.ds, self.wf = (np.empty(shape) for _ in range(5))
        self.absdiff, self.net, self.pt = (np.empty(shape) for _ in range(3))
        self.valid = np.empty(shape, dtype=bool)
        self.mask = [np.empty(shape, dtype=bool) for _ in range(7)]
        pairs = n * (n - 1) // 2
        self.mid, self.mid2 = np.empty((b_size, pairs)), np.empty((b_size, pairs))
        self.found = np.empty((b_size, pairs), dtype=np.uint8)
        self.left = np.empty((b_size, pairs), dtype=bool)
        self.offdiag = ~np.eye(n, dtype=bool)
        self.arange_n = np.arange(n)[None, :]


class _Geometry:
    """What :func:`_votes` needs from the positions alone (shared by both passes of a round):
    the voters sorted by position (their weights ``ws`` and, for every actor ``a``, the
    normalised distance ``ds[a, t]`` to the ``t``-th voter), for each pair ``(i, j)`` the
    flat index ``index[i, j]`` into the prefix sums of row ``i`` where the midpoint ``m_ij``
    falls in that order, and ``side = sign(x_j - x_i)`` (0 for absent actors)."""

    __slots__ = ("ds", "index", "order", "side", "ws")

    def __init__(
        self, x: np.ndarray, w: np.ndarray, side: np.ndarray, scale: np.ndarray, k: _Chunk
    ) -> None:
        b_size, n = x.shape
        order = np.argsort(x, axis=1, kind="stable")
        order += k.flat  # flat indices: np.take beats 2-d fancy indexing
        xs = np.take(x, order)
        # count the voters left of each midpoint; the count is symmetric in (i, j), so only
        # pairs i < j are counted
        mid = np.take(x, k.iu, axis=1, out=k.mid, mode="clip")  # (clip: not buffered)
        mid += np.take(x, k.ju, axis=1, out=k.mid2, mode="clip")
        mid *= 0.5
        if k.loops:  # n passes of comparisons beat a binary search per midpoint
            found = k.found
            found.fill(0)
            left = k.left
            for t in range(n):
                np.less(xs[:, t : t + 1], mid, out=left)
                found += left.view(np.uint8)
        else:
            # one searchsorted over all instances, exact: complex numbers sort by real part
            # (the instance) and then imaginary part (the position)
            keys = (k.rows + 1j * xs).ravel()
            found = np.searchsorted(keys, (k.rows + 1j * mid).ravel(), side="left")
            found = found.reshape(b_size, -1) - k.base  # less the voters of earlier instances
        k.count[:, k.upper] = found
        k.count[:, k.lower] = found
        np.add(k.count.reshape(b_size, n, n), k.row, out=k.index)
        self.index = k.index
        self.side = side
        ds = np.subtract(x[:, :, None], xs[:, None, :], out=k.ds)
        np.abs(ds, out=ds)
        ds /= scale[:, None, None]
        self.ds = ds
        self.order = order
        self.ws = np.take(w, order)[:, None, :]


def _votes(
    geometry: _Geometry, k: _Chunk, r_sorted: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """With ``f[a, k]`` voter ``k``'s disutility of actor ``a``'s position (``d_ak``, or
    ``d_ak^r_k`` given the voters' exponents in sorted order) and weights ``w``:
    ``absdiff[b, i, j] = Σ_k w_k |f[j, k] - f[i, k]|`` and ``net[b, i, j] = Σ_k w_k (f[j, k]
    - f[i, k])``. The votes for ``x_i`` over ``x_j`` are ``v^k_ij = 2 w_k (f[j, k] -
    f[i, k])``, so ``Σ|v| = 2 absdiff`` and ``Σ v = 2 net``.

    The sum over voters is ``O(A^2)``, not ``O(A^3)``: in one dimension the sign of
    ``f[j, k] - f[i, k]`` is the side of the midpoint ``m_ij`` that ``x_k`` is on, so with
    voters sorted by position and prefix sums ``C[a, t]`` of ``w_k f[a, k]`` over the first
    ``t`` of them, ``absdiff = ±(2 (C[j, t_ij] - C[i, t_ij]) - net)`` where ``t_ij`` counts
    the voters left of ``m_ij`` (voters on the midpoint cast no vote). As ``t_ij = t_ji``,
    ``C[j, t_ij]`` is the transpose of ``C[i, t_ij]``: one gather serves both.
    """
    ds = geometry.ds
    n = ds.shape[1]
    wf = k.wf
    if r_sorted is None:
        np.multiply(ds, geometry.ws, out=wf)
    else:
        np.power(ds, r_sorted, out=wf)
        wf *= geometry.ws
    prefix = k.prefix
    if k.loops:  # the same sums as cumsum (in order), but column by column
        for t in range(n):
            np.add(prefix[:, :, t], wf[:, :, t], out=prefix[:, :, t + 1])
    else:
        np.cumsum(wf, axis=2, out=prefix[:, :, 1:])
    g = prefix[:, :, n]  # [b, a]: Σ_k w_k f[a, k]
    net = np.subtract(g[:, None, :], g[:, :, None], out=k.net)
    here = np.take(prefix.reshape(-1), geometry.index, out=wf, mode="clip")  # C[i, t_ij]
    absdiff = np.subtract(here.transpose(0, 2, 1), here, out=k.absdiff)
    absdiff *= 2.0
    absdiff -= net
    absdiff *= geometry.side
    np.maximum(absdiff, 0.0, out=absdiff)  # rounding
    # (net is not masked for absent actors: the probabilities are, by ``valid``)
    return absdiff, net


def _probability(absdiff: np.ndarray, net: np.ndarray, how: str) -> np.ndarray:
    """``P[b, i, j]``, the chance ``x_i`` prevails over ``x_j`` (see ``EumOptions``); for
    ``"all-votes"`` written over ``net``."""
    if how == "all-votes":
        total = 2.0 * absdiff.sum(axis=(1, 2))
        p = np.add(net, absdiff, out=net)
        p /= total[:, None, None]
        none = ~(total > 0)
        if none.any():
            p[none] = 0.0
        return p
    top = np.maximum(net, 0.0) if how == "net-votes" else 0.5 * (net + absdiff)
    p = top / absdiff
    return np.where(absdiff > 0, p, 0.0)


def _utility(base: np.ndarray, r: np.ndarray | None) -> np.ndarray:
    """``2 - 4 base^r`` (``r`` None: exponent 1); a base below 0 (rounding) counts as 0."""
    base = np.maximum(base, 0.0)
    powered = base if r is None else np.power(base, r)
    return 2.0 - 4.0 * powered


def _eu(
    u_s: np.ndarray,
    du: np.ndarray,
    u_sq: np.ndarray,
    p: np.ndarray,
    s_target: np.ndarray,
    d: np.ndarray,
    dmu: np.ndarray,
    rho: np.ndarray,
    options: EumOptions,
    out: np.ndarray,
) -> np.ndarray:
    """``EU = s_t [P U_s + (1 - P) U_f] + (1 - s_t) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T)
    U_w]`` for a challenger (distance ``dmu`` to the centre) against a target (salience
    ``s_t``), written as ``U_s - s_t (1 - P)(U_s - U_f) - ...`` (``du = U_s - U_f``);
    ``rho`` is the exponent."""
    np.subtract(1.0, p, out=out)
    out *= s_target
    out *= du
    np.subtract(u_s, out, out=out)
    out -= options.q * u_sq
    if options.q != 1.0:
        t = p if options.t_rule == "probability" else options.t
        u_b = _utility(0.5 - 0.25 * (dmu + d), rho)
        u_w = _utility(0.5 + 0.25 * (dmu + d), rho)
        out -= (1.0 - options.q) * (t * u_b + (1.0 - t) * u_w)
    return out


def _kinds(
    a: np.ndarray, b: np.ndarray, valid: np.ndarray, k: _Chunk
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Challenger's EU ``a``, target's EU ``b``, as the judge sees them -> masks of the
    conflicts (both positive), compromises (``a > 0 >= b``, ``a > |b|``) and capitulations
    (``a > 0 >= b``, ``a <= |b|``); the other valid dyads are stalemates. Uses the scratch
    arrays ``k.d`` and ``k.mask[:4]``."""
    act = np.greater(a, 0.0, out=k.mask[0])
    act &= valid
    conflict = np.greater(b, 0.0, out=k.mask[1])
    yields = np.greater(act, conflict, out=k.mask[2])  # act & ~conflict
    conflict &= act
    compromise = np.greater(a, np.abs(b, out=k.d), out=k.mask[3])
    compromise &= yields
    yields ^= compromise  # capitulations
    return conflict, compromise, yields


def _codes(
    valid: np.ndarray,
    a: np.ndarray,
    conflict: np.ndarray,
    compromise: np.ndarray,
    capitulation: np.ndarray,
) -> np.ndarray:
    """The dyad codes (:data:`DYAD_CODES`) from the masks of :func:`_kinds`."""
    code = np.where(a > 0, NONE, STALEMATE).astype(np.int8)
    code *= valid
    code += conflict.view(np.int8) * np.int8(CONFLICT)
    code += compromise.view(np.int8) * np.int8(COMPROMISE)
    code += capitulation.view(np.int8) * np.int8(CAPITULATION)
    return code


def _run_chunk(
    x_in: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    options: EumOptions,
    pos_out: np.ndarray,
    dyads_out: np.ndarray | None,
    risk_out: np.ndarray | None,
    stopped_out: np.ndarray,
) -> None:
    """All rounds for a ``[B, A]`` chunk, writing into the given output views."""
    b_size, n = x_in.shape
    present = ~np.isnan(x_in)
    x = np.where(present, x_in, 0.0)
    x0 = x.copy()
    w = np.where(present, c * s, 0.0)
    s = np.where(present, s, 0.0)
    chunk = _Chunk(b_size, n, present)
    big = np.where(present, x0, -np.inf).max(axis=1)
    small = np.where(present, x0, np.inf).min(axis=1)
    init_span = np.where(present.any(axis=1), big - small, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        _rounds(
            x,
            x0,
            w,
            s,
            present,
            chunk,
            options,
            init_span,
            pos_out,
            dyads_out,
            risk_out,
            stopped_out,
        )


def _rounds(
    x: np.ndarray,
    x0: np.ndarray,
    w: np.ndarray,
    s: np.ndarray,
    present: np.ndarray,
    k: _Chunk,
    options: EumOptions,
    init_span: np.ndarray,
    pos_out: np.ndarray,
    dyads_out: np.ndarray | None,
    risk_out: np.ndarray | None,
    stopped_out: np.ndarray,
) -> None:
    """The round loop of :func:`_run_chunk`."""
    b_size, n = x.shape
    pair = k.pair
    active = np.ones(b_size, dtype=bool)
    arange = np.arange(b_size)
    priority = np.array([3, 0, 1, 2, 3])  # by code: conflict, compromise, capitulation
    # priority-scholz with the target going all the way when it loses a conflict: every
    # offer's key but a compromise's is the distance |x_i - x_j|, so the moves themselves
    # are only needed for the offers taken
    lean = options.offer == "priority-scholz" and options.conflict != "expected"
    # the centre's weights: capability x salience, or equal weights if all are zero
    wc = np.where((w.sum(axis=1) > 0)[:, None], w, present.astype(float))
    for rnd in range(options.rounds):
        if not active.any():
            break
        if options.scale == "fixed":
            span = np.full(b_size, float(options.bounds[1]) - float(options.bounds[0]))
        elif options.scale == "current-range":
            hi = np.where(present, x, -np.inf).max(axis=1)
            lo = np.where(present, x, np.inf).min(axis=1)
            span = np.where(present.any(axis=1), hi - lo, 0.0)
            span = np.where(span > SAME_POSITION * init_span, span, 0.0)  # collapsed: no scale
        else:
            span = init_span
        # distances are divided by the range (as the oracle does: the two extremes are exactly
        # 1 apart, which matters as base^r with r < 1 is steep near base 0); no range: 0
        scale = np.where(span > 0, span, np.inf)
        if options.centre == "mean":
            tot = wc.sum(axis=1)
            mu = (wc * x).sum(axis=1) / tot
        else:
            mu = _lower_weighted_median(x, wc, present)
        mu = np.where(np.isnan(mu), 0.0, mu)

        diff = np.subtract(x[:, None, :], x[:, :, None], out=k.diff)  # [b, i, j]: x_j - x_i
        side = np.sign(diff, out=k.side)
        side *= pair
        gap = np.abs(diff, out=diff)
        # positions closer than SAME_POSITION x range count as one (no contest, P = 0)
        valid = np.greater(gap, (SAME_POSITION * span)[:, None, None], out=k.valid)
        valid &= pair
        d = np.divide(gap, scale[:, None, None], out=k.d)  # [b, i, j]
        d *= pair  # absent actors: no distances, no votes
        dmu = (np.abs(x - mu[:, None]) / scale[:, None] * present)[:, :, None]  # [b, i, 1]

        geometry = _Geometry(x, w, side, scale, k)
        absdiff1, net1 = _votes(geometry, k)
        p1 = _probability(absdiff1, net1, options.probability)
        p1 *= valid
        del absdiff1, net1

        if options.risk == "security" and n > 1:
            # first pass, r = 1: U_s = 2d, U_f = -2d, U_sq = 0, U_b = -U_w = d_jμ + d, so
            # EU_j(ji) = 2 d (1 - 2 s_i (1 - P_ji)) - (1 - Q)(2T - 1)(d_jμ + d)
            reuse = options.q == 1.0 and options.vote_utility == "risk"  # p1 not needed after
            lost = np.subtract(1.0, p1, out=p1) if reuse else 1.0 - p1
            lost *= d
            vul = 2.0 * d.sum(axis=1) - 4.0 * s * lost.sum(axis=1)
            del lost
            if options.q != 1.0:
                t_ji = p1 if options.t_rule == "probability" else options.t
                extra = (2.0 * t_ji - 1.0) * (dmu + d) * (pair & k.offdiag)
                vul -= (1.0 - options.q) * extra.sum(axis=1)
            hi = np.where(present, vul, -np.inf).max(axis=1, keepdims=True)
            lo = np.where(present, vul, np.inf).min(axis=1, keepdims=True)
            big_r = (2.0 * vul - hi - lo) / (hi - lo)
            spread = hi - lo > SAME_POSITION * np.maximum(1.0, np.maximum(np.abs(hi), np.abs(lo)))
            big_r = np.where(spread, big_r, 0.0)
            r = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
            r = np.where(present, r, 1.0)
        else:
            r = np.ones((b_size, n))

        if options.vote_utility == "risk":
            r_sorted = np.take(r, geometry.order)[:, None, :]
            absdiff, net = _votes(geometry, k, r_sorted)
            p = _probability(absdiff, net, options.probability)
            p *= valid
            del absdiff, net
        else:
            p = p1
        del geometry, side  # their buffers (k.ds, k.side) are free from here on
        pt = k.pt
        np.copyto(pt, p.transpose(0, 2, 1))  # P_ji

        # the dyad "i challenges j" as the judge sees it: a = EU_i(ij), b = EU_j(ji), each
        # with the exponent the judge uses for that actor (see EumOptions.perspective/judge)
        r_row, r_col = r[:, :, None], r[:, None, :]
        if options.judge == "challenger":
            ra, rb = r_row, (r_row if options.perspective == "own" else r_col)
        else:
            ra, rb = (r_col if options.perspective == "own" else r_row), r_col
        # U_s = 2 - 4 (0.5 - 0.5 d)^r, U_f = 2 - 4 (0.5 + 0.5 d)^r (that base is >= 0.5)
        half = np.multiply(0.5, d, out=k.absdiff)
        base_s = np.subtract(0.5, half, out=k.wf)
        np.maximum(base_s, 0.0, out=base_s)
        base_f = np.add(0.5, half, out=half)

        def utilities(
            rho: np.ndarray, base_s: np.ndarray, base_f: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray]:
            """U_s and U_s - U_f, written over the bases."""
            u_s = np.power(base_s, rho, out=base_s)
            u_s *= 4.0
            np.subtract(2.0, u_s, out=u_s)
            u_f = np.power(base_f, rho, out=base_f)
            u_f *= 4.0
            np.subtract(2.0, u_f, out=u_f)
            np.subtract(u_s, u_f, out=u_f)  # U_s - U_f
            return u_s, u_f

        if rb is ra:
            ua_s, ua_du = ub_s, ub_du = utilities(ra, base_s, base_f)
        else:
            ub_s, ub_du = utilities(rb, base_s.copy(), base_f.copy())
            ua_s, ua_du = utilities(ra, base_s, base_f)
        dmu_col = dmu.transpose(0, 2, 1)
        u_sq = 2.0 - 4.0 * 0.5**ra
        a = _eu(ua_s, ua_du, u_sq, p, s[:, None, :], d, dmu, ra, options, out=k.ds)
        u_sq = 2.0 - 4.0 * 0.5**rb
        b = _eu(ub_s, ub_du, u_sq, pt, s[:, :, None], d, dmu_col, rb, options, out=k.side)
        del ua_s, ua_du, ub_s, ub_du, base_s, base_f, half
        conflict, compromise, capitulation = _kinds(a, b, valid, k)
        code = None
        if dyads_out is not None or not lean:
            code = _codes(valid, a, conflict, compromise, capitulation)

        # the challenger wins a conflict only by more than rounding: an exact tie in theory
        # (two actors in mirror-image positions) goes to the target, whatever the last bit
        if options.conflict == "eu":
            wins = np.greater(a, b + TIE * (1.0 + np.abs(b)), out=k.mask[4])
        elif options.conflict == "probability":
            wins = np.greater(p, pt + TIE * (1.0 + np.abs(pt)), out=k.mask[4])
        else:
            wins = None
        xi = x[:, :, None]
        xj = x[:, None, :]
        if lean:
            # lexicographic: conflicts won first, then compromises, then capitulations;
            # within a kind the smallest distance, or for compromises the lowest
            # EU-weighted point
            won = np.logical_and(conflict, wins, out=wins)
            any_won = won.any(axis=1, keepdims=True)
            any_compromise = compromise.any(axis=1, keepdims=True)
            any_offer = (any_won | any_compromise | capitulation.any(axis=1, keepdims=True))[:, 0]
            cand = k.mask[5]
            np.copyto(cand, capitulation)
            np.copyto(cand, compromise, where=any_compromise)
            cand &= ~any_won
            cand |= won
            # the scratch arrays free here: d, wf, absdiff, net (p), pt
            aa, bb = np.abs(a, out=k.d), np.abs(b, out=k.pt)
            point = np.multiply(bb, xj, out=k.wf)
            point += np.multiply(aa, xi, out=k.absdiff)
            aa += bb
            point /= aa
            del aa, bb
            np.copyto(gap, point, where=compromise)
            del point
            _narrow(cand, gap, k.mask[6])
            best = np.argmax(cand, axis=1)  # lowest index among the tied
            at = (arange[:, None], best, k.arange_n)
            xb = x[arange[:, None], best]  # the challenger whose offer is taken
            moving = x + (xb - x) * np.abs(b[at] / a[at])  # as x_j + (x_i - x_j) |b / a|
            takes_compromise = any_compromise[:, 0] & ~any_won[:, 0]
            chosen = np.where(takes_compromise, moving, xb)
        else:
            compromise_pos = xj + (xi - xj) * np.abs(b / a)
            if wins is None:
                wins = np.ones_like(valid)
                conflict_pos = xj + p * (xi - xj)
            else:
                conflict_pos = np.broadcast_to(xi, a.shape)
            new = np.where(compromise, compromise_pos, np.broadcast_to(xi, a.shape))
            new = np.where(conflict, conflict_pos, new)
            has = compromise | capitulation | (conflict & wins)
            move = np.abs(new - xj)
            if options.offer == "smallest-move-initial":
                keys = [np.abs(new - x0[:, None, :])]
            elif options.offer == "largest-eu":
                keys = [-a, move]
            elif options.offer == "priority":
                keys = [priority[code].astype(float), move]
            elif options.offer == "priority-scholz":
                aa, bb = np.abs(a), np.abs(b)
                point = (bb * xj + aa * xi) / (aa + bb)
                keys = [priority[code].astype(float), np.where(compromise, point, move)]
            else:
                keys = [move]
            cand = has.copy()
            for key in keys:  # lexicographic minimum over challengers i, per target j
                _narrow(cand, key)
            best = np.argmax(cand, axis=1)  # lowest index among the tied
            any_offer = has.any(axis=1)
            chosen = new[arange[:, None], best, k.arange_n]
        new_x = np.where(any_offer & active[:, None], chosen, x)

        moved = np.where(present, np.abs(new_x - x), 0.0).max(axis=1, initial=0.0)
        if dyads_out is not None:
            dyads_out[rnd] = np.where(active[:, None, None], code, NONE)
        if risk_out is not None:
            risk_out[rnd] = np.where(active[:, None] & present, r, np.nan)
        stopped_out += active
        x = new_x
        pos_out[rnd + 1] = np.where(present, x, np.nan)
        if options.tolerance is not None:
            active &= ~(moved <= options.tolerance)
    else:
        return
    pos_out[rnd + 1 :] = pos_out[rnd][None]


def _narrow(cand: np.ndarray, key: np.ndarray, scratch: np.ndarray | None = None) -> None:
    """Keep, per target (column), the candidates whose ``key`` is lowest (ties within
    :data:`TIE`, relative). Changes ``cand`` in place (``scratch``: a bool array for the
    comparison)."""
    low = np.min(key, axis=1, keepdims=True, where=cand, initial=np.inf)
    low = low + TIE * (1.0 + np.abs(low))
    cand &= np.less_equal(key, low, out=scratch)
