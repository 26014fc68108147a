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
cache-sized chunks, on a few threads (NumPy releases the GIL inside its loops). A single
instance (one run of one issue) has arrays so small that NumPy's fixed cost per call is
what counts: it runs on a leaner loop, :func:`_rounds_one`, with the very same arithmetic
(bit for bit the same results) in fewer calls.
"""

from __future__ import annotations

import math
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


# The constants of the per-round arithmetic as 0-d arrays: NumPy 2 takes these in a ufunc call
# faster than Python floats (no conversion of a scalar each call), which counts where a call
# costs its overhead (one small instance); the values, and so the results, are the same.
_ZERO, _HALF, _ONE, _TWO, _FOUR = (np.array(v) for v in (0.0, 0.5, 1.0, 2.0, 4.0))
_TIE = np.array(TIE)

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
    size = math.prod(lead)
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
        # small chunks: fewer, bigger NumPy calls; bigger ones: loops of cheap passes
        self.loops = n <= FEW_ACTORS and b_size >= 8
        # the voters' distances and the prefix sums over them are [t, b, a] (voters first, so
        # that each step of the sums adds one contiguous block): C[a, t] of instance b is at
        # the flat index t * (B * n) + b * n + a
        self.row = (np.arange(b_size)[:, None] * n + np.arange(n)[None, :])[:, :, None]
        self.stride = b_size * n
        self.dst, self.wft = np.empty((n, b_size, n)), np.empty((n, b_size, n))
        self.prefix = np.zeros((n + 1, b_size, n))  # t = 0 stays 0
        self.pair = present[:, :, None] & present[:, None, :]
        # [B, A, A] scratch arrays, reused round after round (fresh arrays of this size cost
        # more in page faults than the arithmetic on them)
        shape = (b_size, n, n)
        self.diff, self.side, self.d, self.ds, self.wf = (np.empty(shape) for _ in range(5))
        self.absdiff, self.net, self.pt = (np.empty(shape) for _ in range(3))
        self.valid = np.empty(shape, dtype=bool)
        # bool scratch, one block so that adjacent masks reduce in one call (see _rounds)
        self.masks = np.empty((7, *shape), dtype=bool)
        self.mask = list(self.masks)
        self.offdiag = ~np.eye(n, dtype=bool)
        self.arange_n = np.arange(n)[None, :]
        if b_size > 1:  # what _Geometry needs to count voters pair by pair (not _rounds_one)
            self.rows = np.arange(b_size)[:, None]
            self.flat = self.rows * n
            self.base = (np.arange(b_size) * n)[:, None]
            iu, ju = np.triu_indices(n, 1)
            self.iu, self.ju = iu, ju
            self.upper, self.lower = iu * n + ju, ju * n + iu
            self.count = np.zeros((b_size, n * n), dtype=np.intp)  # the diagonal stays 0
            self.index = np.empty((b_size, n, n), dtype=np.intp)
            pairs = n * (n - 1) // 2
            self.mid, self.mid2 = np.empty((b_size, pairs)), np.empty((b_size, pairs))
            self.found = np.empty((b_size, pairs), dtype=np.uint8)
            self.left = np.empty((b_size, pairs), dtype=bool)


class _Geometry:
    """What :func:`_votes` needs from the positions alone (shared by both passes of a round):
    the voters sorted by position (their weights ``ws`` and, for every actor ``a``, the
    normalised distance ``ds[t, b, a]`` from the ``t``-th voter, voters first), for
    each pair ``(i, j)`` the flat index ``index[i, j]`` into the prefix sums of the element
    ``C[i, t_ij]``, ``t_ij`` counting the voters left of the midpoint ``m_ij``, and
    ``side = sign(x_j - x_i)`` (0 for absent actors)."""

    __slots__ = ("ds", "index", "order", "side", "ws")

    @classmethod
    def of(
        cls, ds: np.ndarray, index: np.ndarray, order: np.ndarray, side: np.ndarray, ws: np.ndarray
    ) -> _Geometry:
        """One built from its parts (see :func:`_rounds_one`)."""
        geometry = cls.__new__(cls)
        geometry.ds, geometry.index, geometry.order = ds, index, order
        geometry.side, geometry.ws = side, ws
        return geometry

    def __init__(
        self, x: np.ndarray, w: np.ndarray, side: np.ndarray, d: np.ndarray, k: _Chunk
    ) -> None:
        """``d``: the normalised distances ``d[b, i, j] = |x_j - x_i| / range``, before any
        masking of absent actors."""
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
        np.multiply(k.count.reshape(b_size, n, n), k.stride, out=k.index)
        k.index += k.row
        self.index = k.index
        self.side = side
        # ds[t, b, a] = |x_a - xs_t| / range is the row of d of the t-th voter: one gather
        self.ds = np.take(d.reshape(b_size * n, n), order.T, axis=0, out=k.dst, mode="clip")
        self.order = order
        self.ws = np.take(w, order).T[:, :, None]


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
    ``C[j, t_ij]`` is the transpose of ``C[i, t_ij]``: one gather serves both. The prefix
    sums are stored ``[t, b, a]`` (see :class:`_Chunk`), so each step adds one block.
    """
    ds = geometry.ds
    n = ds.shape[0]
    wf = k.wft
    if r_sorted is None:
        np.multiply(ds, geometry.ws, out=wf)
    else:
        np.power(ds, r_sorted, out=wf)
        wf *= geometry.ws
    prefix = k.prefix
    if k.loops:  # the same sums as cumsum (in order), but block by block
        for t in range(n):
            np.add(prefix[t], wf[t], out=prefix[t + 1])
    else:
        np.add.accumulate(wf, axis=0, out=prefix[1:])  # (= cumsum)
    g = prefix[n]  # [b, a]: Σ_k w_k f[a, k]
    net = np.subtract(g[:, None, :], g[:, :, None], out=k.net)
    here = prefix.reshape(-1).take(geometry.index, out=k.wf, mode="clip")  # C[i, t_ij]
    absdiff = np.subtract(here.transpose(0, 2, 1), here, out=k.absdiff)
    absdiff *= _TWO
    absdiff -= net
    absdiff *= geometry.side
    np.maximum(absdiff, _ZERO, out=absdiff)  # rounding
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


def _utilities(
    rho: np.ndarray, base_s: np.ndarray, base_f: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``U_s = 2 - 4 base_s^rho`` and ``U_s - U_f`` (``U_f = 2 - 4 base_f^rho``), written over
    the bases."""
    u_s = np.power(base_s, rho, out=base_s)
    u_s *= _FOUR
    np.subtract(_TWO, u_s, out=u_s)
    u_f = np.power(base_f, rho, out=base_f)
    u_f *= _FOUR
    np.subtract(_TWO, u_f, out=u_f)
    np.subtract(u_s, u_f, out=u_f)  # U_s - U_f
    return u_s, u_f


def _eu(
    u_s: np.ndarray,
    du: np.ndarray,
    u_sq: np.ndarray,
    p: np.ndarray,
    s_target: np.ndarray,
    d: np.ndarray,
    dmu: np.ndarray | None,
    rho: np.ndarray,
    options: EumOptions,
    out: np.ndarray,
) -> np.ndarray:
    """``EU = s_t [P U_s + (1 - P) U_f] + (1 - s_t) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T)
    U_w]`` for a challenger (distance ``dmu`` to the centre) against a target (salience
    ``s_t``), written as ``U_s - s_t (1 - P)(U_s - U_f) - ...`` (``du = U_s - U_f``);
    ``rho`` is the exponent."""
    np.subtract(_ONE, p, out=out)
    out *= s_target
    out *= du
    np.subtract(u_s, out, out=out)
    out -= u_sq if options.q == 1.0 else options.q * u_sq  # (1.0 * u_sq is u_sq)
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
    act = np.greater(a, _ZERO, out=k.mask[0])
    act &= valid
    conflict = np.greater(b, _ZERO, out=k.mask[1])
    yields = np.greater(act, conflict, out=k.mask[2])  # act & ~conflict
    conflict &= act
    compromise = np.greater(a, np.abs(b, out=k.d), out=k.mask[3])
    compromise &= yields
    yields ^= compromise  # capitulations
    return conflict, compromise, yields


def _codes(
    valid: np.ndarray, k: _Chunk, conflict: np.ndarray, compromise: np.ndarray
) -> np.ndarray:
    """The dyad codes (:data:`DYAD_CODES`) from the masks of :func:`_kinds` (which leaves
    the dyads where the challenger acts in ``k.mask[0]``)."""
    # valid dyads are stalemates (4) unless the challenger acts; those are capitulations (3)
    # unless compromises (2) or conflicts (1): 4 valid - act - compromise - 2 conflict, in
    # int8 on the masks' 0/1 views (four small integer passes)
    code = valid.view(np.int8) << 2
    code -= k.mask[0].view(np.int8)
    code -= compromise.view(np.int8)
    code -= conflict.view(np.int8) << 1
    return code


assert (STALEMATE, CAPITULATION, COMPROMISE, CONFLICT) == (4, 3, 2, 1)  # as _codes counts


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
    # one instance (a single run): a leaner loop with the very same arithmetic
    loop = _rounds_one if b_size == 1 else _rounds
    with np.errstate(invalid="ignore", divide="ignore"):
        loop(
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
    s4 = 4.0 * s  # (the vulnerabilities' 4 s_i, constant)
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
        # the distances to the centre μ, [b, i, 1]: only U_b and U_w use them, so only Q < 1
        dmu = dmu_col = None
        if options.q != 1.0:
            if options.centre == "mean":
                tot = wc.sum(axis=1)
                mu = (wc * x).sum(axis=1) / tot
            else:
                mu = _lower_weighted_median(x, wc, present)
            mu = np.where(np.isnan(mu), 0.0, mu)
            dmu = (np.abs(x - mu[:, None]) / scale[:, None] * present)[:, :, None]
            dmu_col = dmu.transpose(0, 2, 1)

        diff = np.subtract(x[:, None, :], x[:, :, None], out=k.diff)  # [b, i, j]: x_j - x_i
        side = np.sign(diff, out=k.side)
        side *= pair
        gap = np.abs(diff, out=diff)
        # positions closer than SAME_POSITION x range count as one (no contest, P = 0)
        valid = np.greater(gap, (SAME_POSITION * span)[:, None, None], out=k.valid)
        valid &= pair
        d = np.divide(gap, scale[:, None, None], out=k.d)  # [b, i, j]
        geometry = _Geometry(x, w, side, d, k)
        d *= pair  # absent actors: no distances, no votes
        absdiff1, net1 = _votes(geometry, k)
        p1 = _probability(absdiff1, net1, options.probability)
        p1 *= valid
        del absdiff1, net1

        if options.risk == "security" and n > 1:
            # first pass, r = 1: U_s = 2d, U_f = -2d, U_sq = 0, U_b = -U_w = d_jμ + d, so
            # EU_j(ji) = 2 d (1 - 2 s_i (1 - P_ji)) - (1 - Q)(2T - 1)(d_jμ + d)
            reuse = options.q == 1.0 and options.vote_utility == "risk"  # p1 not needed after
            lost = np.subtract(_ONE, p1, out=p1) if reuse else 1.0 - p1
            lost *= d
            vul = 2.0 * d.sum(axis=1) - s4 * lost.sum(axis=1)
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
            third = big_r / 3.0
            r = (1.0 - third) / (1.0 + third)
            r = np.where(present, r, 1.0)
        else:
            r = np.ones((b_size, n))

        if options.vote_utility == "risk":
            r_sorted = np.take(r, geometry.order).T[:, :, None]
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
        half = np.multiply(_HALF, d, out=k.absdiff)
        base_s = np.subtract(_HALF, half, out=k.wf)
        np.maximum(base_s, _ZERO, out=base_s)
        base_f = np.add(_HALF, half, out=half)

        if rb is ra:
            ua_s, ua_du = ub_s, ub_du = _utilities(ra, base_s, base_f)
        else:
            ub_s, ub_du = _utilities(rb, base_s.copy(), base_f.copy())
            ua_s, ua_du = _utilities(ra, base_s, base_f)
        u_sq = _TWO - _FOUR * _HALF**ra
        a = _eu(ua_s, ua_du, u_sq, p, s[:, None, :], d, dmu, ra, options, out=k.ds)
        u_sq = _TWO - _FOUR * _HALF**rb
        b = _eu(ub_s, ub_du, u_sq, pt, s[:, :, None], d, dmu_col, rb, options, out=k.side)
        del ua_s, ua_du, ub_s, ub_du, base_s, base_f, half
        conflict, compromise, capitulation = _kinds(a, b, valid, k)
        code = None
        if dyads_out is not None or not lean:
            code = _codes(valid, k, conflict, compromise)

        wins = _wins(a, b, p, pt, options, k)
        xi = x[:, :, None]
        xj = x[:, None, :]
        if lean:
            # lexicographic: conflicts won first, then compromises, then capitulations;
            # within a kind the smallest distance, or for compromises the lowest
            # EU-weighted point
            won = np.logical_and(conflict, wins, out=wins)
            # compromise and won are k.mask[3] and k.mask[4]: one reduction for both
            any_compromise, any_won = k.masks[3:5].any(axis=2, keepdims=True)
            cand = _candidates(won, any_won, compromise, any_compromise, capitulation, k)
            any_offer = cand.any(axis=1)  # = any won conflict, compromise or capitulation
            # the scratch arrays free here: wf, absdiff, net (p), pt; d holds |b| (_kinds)
            bb = k.d
            aa = np.abs(a, out=k.pt)
            point = np.multiply(bb, xj, out=k.wf)
            point += np.multiply(aa, xi, out=k.absdiff)
            aa += bb
            point /= aa
            del aa, bb
            np.copyto(gap, point, where=compromise)
            del point
            _narrow(cand, gap, k.mask[6])
            best = cand.argmax(axis=1)  # lowest index among the tied
            at = (arange[:, None], best, k.arange_n)
            xb = x[arange[:, None], best]  # the challenger whose offer is taken
            moving = x + (xb - x) * np.abs(b[at] / a[at])  # as x_j + (x_i - x_j) |b / a|
            takes_compromise = any_compromise[:, 0] & ~any_won[:, 0]
            chosen = np.where(takes_compromise, moving, xb)
        else:
            any_offer, chosen = _offers(
                a,
                b,
                p,
                x,
                x0,
                xi,
                xj,
                wins,
                conflict,
                compromise,
                capitulation,
                code,
                priority,
                arange,
                valid,
                options,
                k,
            )
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


def _rounds_one(
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
    """:func:`_rounds` for a chunk of one instance (``[1, A]``), with the same arithmetic,
    operation for operation on the same ``[1, A, A]`` shapes, so the results are bit for
    bit those of :func:`_rounds`. On arrays this small a NumPy call costs its fixed overhead,
    not its arithmetic, so this loop makes fewer calls: the per-instance numbers (range,
    centre, the vulnerabilities' spread, the vote total, whether still active) are Python
    scalars; the masks for absent actors are skipped when every actor is present; the
    voters left of every midpoint are counted with one searchsorted over the full ``A x A``
    midpoints (the count is symmetric, so the pairs need not be picked out); both expected
    utilities are computed as one stack when they share their exponents; and the work for
    compromises is skipped in rounds without any."""
    n = x.shape[1]
    everyone = bool(present.all())  # no absent actors: the masks for them change nothing
    pair = k.pair
    q = options.q
    # see _rounds
    priority = np.array([3, 0, 1, 2, 3])
    lean = options.offer == "priority-scholz" and options.conflict != "expected"
    wc = np.where((w.sum(axis=1) > 0)[:, None], w, present.astype(float))
    init = init_span[0]
    arange = np.arange(1)
    row = np.arange(n)[None, :, None]  # flat index of C[a, 0] (see _Chunk.row)
    mids = np.empty((1, n, n))
    ones = np.ones((1, n))
    s4 = 4.0 * s
    ab = np.empty((2, 1, n, n))  # EU_i(ij) and the estimate of EU_j(ji), stacked
    s_ab = np.empty((2, 1, n, n))  # their targets' saliences: s_j, s_i
    s_ab[0], s_ab[1] = s[:, None, :], s[:, :, None]

    def probability(absdiff: np.ndarray, net: np.ndarray) -> np.ndarray:
        """_probability, with the total of all votes as a scalar."""
        if options.probability != "all-votes":
            return _probability(absdiff, net, options.probability)
        total = 2.0 * absdiff.sum(axis=(1, 2))[0]
        p = np.add(net, absdiff, out=net)
        if total > 0:
            p /= total
        else:
            p.fill(0.0)
        return p

    ran = 0
    for rnd in range(options.rounds):
        if options.scale == "fixed":
            span = float(options.bounds[1]) - float(options.bounds[0])
        elif options.scale == "current-range":
            here = x[present]
            span = here.max() - here.min() if here.size else 0.0
            if not span > SAME_POSITION * init:
                span = 0.0  # collapsed: no scale
        else:
            span = init
        scale = span if span > 0 else np.inf
        order = x[0].argsort(kind="stable")  # the voters in order (see _Geometry)
        dmu = dmu_col = None  # only if Q < 1 (see _rounds)
        if q != 1.0:
            if options.centre == "mean":
                mu = ((wc * x).sum(axis=1) / wc.sum(axis=1))[0]
            else:  # _lower_weighted_median on one row (with everyone present, key = x)
                key = x[0] if everyone else np.where(present[0], x[0], np.inf)
                by = order if everyone else key.argsort(kind="stable")
                cum = wc[0].take(by).cumsum()
                total = cum[-1]
                mu = np.nan
                if total > 0:
                    mu = key[by[(cum >= total / 2.0 - HALF_TOLERANCE * total).argmax()]]
            if mu != mu:  # NaN: no weight at all
                mu = 0.0
            dmu = np.abs(x - mu)
            dmu /= scale
            if not everyone:
                dmu *= present
            dmu = dmu[:, :, None]
            dmu_col = dmu.transpose(0, 2, 1)

        diff = np.subtract(x[:, None, :], x[:, :, None], out=k.diff)  # [b, i, j]: x_j - x_i
        side = np.sign(diff, out=k.side)
        gap = np.abs(diff, out=diff)
        valid = np.greater(gap, SAME_POSITION * span, out=k.valid)
        d = np.divide(gap, scale, out=k.d)
        # as _Geometry: the voters' distances are the rows of d, in the voters' order
        ds = d[0].take(order, axis=0, out=k.dst.reshape(n, n), mode="clip").reshape(n, 1, n)
        if not everyone:
            side *= pair
            valid &= pair
            d *= pair

        # _Geometry: the same sorted voters, counts and distances
        xs = x[0].take(order)
        np.add(x[:, :, None], x[:, None, :], out=mids)
        mids *= _HALF
        count = xs.searchsorted(mids.reshape(-1), side="left")
        count[:: n + 1] = 0  # the diagonal, as in _Geometry (unused: no votes on (i, i))
        index = count.reshape(1, n, n)
        index *= n
        index += row
        geometry = _Geometry.of(ds, index, order, side, w[0][order][:, None, None])

        absdiff1, net1 = _votes(geometry, k)
        p1 = probability(absdiff1, net1)
        p1 *= valid
        del absdiff1, net1

        r = ones
        if options.risk == "security" and n > 1:
            reuse = q == 1.0 and options.vote_utility == "risk"  # p1 not needed after
            lost = np.subtract(_ONE, p1, out=p1) if reuse else 1.0 - p1
            lost *= d
            vul = 2.0 * d.sum(axis=1) - s4 * lost.sum(axis=1)
            del lost
            if q != 1.0:
                t_ji = p1 if options.t_rule == "probability" else options.t
                extra = (2.0 * t_ji - 1.0) * (dmu + d) * (pair & k.offdiag)
                vul -= (1.0 - q) * extra.sum(axis=1)
            here = vul if everyone else vul[present]
            if here.size:
                hi, lo = float(here.max()), float(here.min())
                if hi - lo > SAME_POSITION * max(1.0, abs(hi), abs(lo)):
                    big_r = (2.0 * vul - hi - lo) / (hi - lo)
                    third = big_r / 3.0
                    r = (1.0 - third) / (1.0 + third)
                    if not everyone:
                        r = np.where(present, r, 1.0)
                # else every R is 0 and every r exactly 1

        if options.vote_utility == "risk":
            absdiff, net = _votes(geometry, k, r[0][order][:, None, None])
            p = probability(absdiff, net)
            p *= valid
            del absdiff, net
        else:
            p = p1
        del geometry, side

        r_row, r_col = r[:, :, None], r[:, None, :]
        if options.judge == "challenger":
            ra, rb = r_row, (r_row if options.perspective == "own" else r_col)
        else:
            ra, rb = (r_col if options.perspective == "own" else r_row), r_col
        stacked = rb is ra and q == 1.0  # both EUs as one stack (below)
        pt = None  # P_ji, when needed
        if not stacked or options.conflict == "probability":
            pt = k.pt
            np.copyto(pt, p.transpose(0, 2, 1))
        half = np.multiply(_HALF, d, out=k.absdiff)
        base_s = np.subtract(_HALF, half, out=k.wf)
        np.maximum(base_s, _ZERO, out=base_s)
        base_f = np.add(_HALF, half, out=half)

        sq_a = _TWO - _FOUR * _HALF**ra
        if rb is ra:
            ua_s, ua_du = ub_s, ub_du = _utilities(ra, base_s, base_f)
            sq_b = sq_a
        else:
            ub_s, ub_du = _utilities(rb, base_s.copy(), base_f.copy())
            ua_s, ua_du = _utilities(ra, base_s, base_f)
            sq_b = _TWO - _FOUR * _HALF**rb
        if stacked:
            # both EUs as one stack [a, b], by the operations of _eu in half the calls
            np.subtract(_ONE, p, out=ab[0])
            np.subtract(_ONE, p.transpose(0, 2, 1), out=ab[1])  # 1 - P_ji
            ab *= s_ab
            ab *= ua_du
            np.subtract(ua_s, ab, out=ab)
            ab -= sq_a
            a, b = ab[0], ab[1]
        else:
            a = _eu(ua_s, ua_du, sq_a, p, s[:, None, :], d, dmu, ra, options, out=k.ds)
            b = _eu(ub_s, ub_du, sq_b, pt, s[:, :, None], d, dmu_col, rb, options, out=k.side)
        del ua_s, ua_du, ub_s, ub_du, base_s, base_f, half
        conflict, compromise, capitulation = _kinds(a, b, valid, k)
        code = None
        if dyads_out is not None or not lean:
            code = _codes(valid, k, conflict, compromise)

        wins = _wins(a, b, p, pt, options, k)
        xi = x[:, :, None]
        xj = x[:, None, :]
        if lean:  # as in _rounds
            won = np.logical_and(conflict, wins, out=wins)
            # compromise and won are k.mask[3] and k.mask[4]: one reduction for both
            any_compromise, any_won = k.masks[3:5].any(axis=2, keepdims=True)
            cand = _candidates(won, any_won, compromise, any_compromise, capitulation, k)
            any_offer = cand.any(axis=1)  # = any won conflict, compromise or capitulation
            if any_compromise.any():  # (else no key is a compromise's point)
                bb = k.d  # |b|, left there by _kinds
                aa = np.abs(a, out=k.pt)
                point = np.multiply(bb, xj, out=k.wf)
                point += np.multiply(aa, xi, out=k.absdiff)
                aa += bb
                point /= aa
                del aa, bb
                np.copyto(gap, point, where=compromise)
                del point
            _narrow(cand, gap, k.mask[6])
            best = cand.argmax(axis=1)
            xb = x[0].take(best)  # [1, n]: the challenger whose offer is taken
            takes_compromise = any_compromise[:, 0] & ~any_won[:, 0]
            chosen = xb
            if takes_compromise.any():
                at = (arange[:, None], best, k.arange_n)
                moving = x + (xb - x) * np.abs(b[at] / a[at])
                chosen = np.where(takes_compromise, moving, xb)
        else:
            any_offer, chosen = _offers(
                a,
                b,
                p,
                x,
                x0,
                xi,
                xj,
                wins,
                conflict,
                compromise,
                capitulation,
                code,
                priority,
                arange,
                valid,
                options,
                k,
            )
        new_x = np.where(any_offer, chosen, x)

        if dyads_out is not None:
            dyads_out[rnd] = code
        if risk_out is not None:
            risk_out[rnd] = r if everyone else np.where(present, r, np.nan)
        ran += 1
        old, x = x, new_x
        pos_out[rnd + 1] = x if everyone else np.where(present, x, np.nan)
        if options.tolerance is not None:
            moved = np.where(present, np.abs(x - old), 0.0).max(axis=1, initial=0.0)
            if moved[0] <= options.tolerance:
                break
    stopped_out += ran
    pos_out[ran + 1 :] = pos_out[ran][None]  # an instance that stopped early stays put


def _wins(
    a: np.ndarray,
    b: np.ndarray,
    p: np.ndarray,
    pt: np.ndarray | None,
    options: EumOptions,
    k: _Chunk,
) -> np.ndarray | None:
    """Where the challenger wins a conflict (``None`` for ``conflict="expected"``, where
    nobody wins outright), in ``k.mask[4]``. It wins only by more than rounding: an exact
    tie in theory (two actors in mirror-image positions) goes to the target, whatever the
    last bit. Uses ``k.wf`` as scratch (``b + TIE (1 + |b|)``, in place; ``|b|`` is in
    ``k.d``, left there by :func:`_kinds`)."""
    if options.conflict == "expected":
        return None
    if options.conflict == "eu":
        mine, theirs = a, b
        bar = np.add(k.d, _ONE, out=k.wf)
    else:
        mine, theirs = p, pt
        bar = np.abs(pt, out=k.wf)
        bar += _ONE
    bar *= _TIE
    bar += theirs
    return np.greater(mine, bar, out=k.mask[4])


def _candidates(
    won: np.ndarray,
    any_won: np.ndarray,
    compromise: np.ndarray,
    any_compromise: np.ndarray,
    capitulation: np.ndarray,
    k: _Chunk,
) -> np.ndarray:
    """``priority-scholz``'s candidate offers per target (column), in ``k.mask[5]``: the
    conflicts it loses if any, else its compromises if any, else its capitulations. (Where a
    column has no compromise, ``compromise`` is all False there, so ``capitulation & ~any |
    compromise`` picks the compromises where there are some, the capitulations elsewhere.)"""
    cand = np.logical_and(capitulation, ~any_compromise, out=k.mask[5])
    cand |= compromise
    cand &= ~any_won
    cand |= won
    return cand


def _offers(
    a: np.ndarray,
    b: np.ndarray,
    p: np.ndarray,
    x: np.ndarray,
    x0: np.ndarray,
    xi: np.ndarray,
    xj: np.ndarray,
    wins: np.ndarray | None,
    conflict: np.ndarray,
    compromise: np.ndarray,
    capitulation: np.ndarray,
    code: np.ndarray | None,
    priority: np.ndarray,
    arange: np.ndarray,
    valid: np.ndarray,
    options: EumOptions,
    k: _Chunk,
) -> tuple[np.ndarray, np.ndarray]:
    """Every offer's new position, and the one each target takes (by ``options.offer``):
    whether it has any offer, and the position taken ``[B, A]``."""
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
    return any_offer, chosen


def _narrow(cand: np.ndarray, key: np.ndarray, scratch: np.ndarray | None = None) -> None:
    """Keep, per target (column), the candidates whose ``key`` is lowest (ties within
    :data:`TIE`, relative). Changes ``cand`` in place (``scratch``: a bool array for the
    comparison)."""
    # (a masked copy and a plain min: faster than np.min(..., where=cand), same values)
    low = np.where(cand, key, np.inf).min(axis=1, keepdims=True)
    low = low + _TIE * (_ONE + np.abs(low))
    cand &= np.less_equal(key, low, out=scratch)
