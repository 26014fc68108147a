"""What a run of the expected-utility model is asked and what it answers: the options the
sources leave open (:class:`EumOptions`, :data:`PRESETS`), the result (:class:`EumRun`), and
the tolerances every part of the model shares."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from accord.model.plain import to_plain

#: Dyad codes, in ``EumRun.dyads``: index = code.
DYAD_CODES = ("none", "conflict", "compromise", "capitulation", "stalemate")
NONE, CONFLICT, COMPROMISE, CAPITULATION, STALEMATE = range(5)

#: Cumulative weight counts as reaching half the total within this share (as in ``models``).
HALF_TOLERANCE = 1e-9

#: Positions at most this share of the scale's range apart count as one position (nothing
#: to contest: no challenge, ``P = 0``), unless ``EumOptions.same_position`` says otherwise.
#: The model says equal positions (``d_ij = 0``: every vote 0, ``EU = 0`` at ``Q = 1``), so
#: the tolerance is only the resolution of its arithmetic. Positions equal in theory can
#: come out a few rounding errors apart (two targets sent to ``x_j + P (x_i - x_j)`` with
#: ``P = 1`` by one challenger: 1.087914556324319 and 1.0879145563243193); a dyad at such
#: a distance ``d`` (a share of the range) has expected utilities of about ``4 d`` against
#: a rounding error of about 2e-15 (five utilities of size up to 2, a few ulps each), so
#: its kind would be the rounding's, not the model's, and two correct implementations that
#: add in a different order disagree. 1e-12 of the range covers thousands of rounding
#: errors of a position on a scale its own size. Two actors 1e-6 of the range apart, the
#: earlier tolerance, are a real difference: their expected utilities are about 1e-6, nine
#: digits above the rounding, and dropping their challenge moved a target by the whole
#: scale (``tests/test_eum_same_position.py``).
SAME_POSITION = 1e-12

#: Vulnerabilities whose spread is below this share of their size count as equal (every
#: actor risk neutral). Equal vulnerabilities come out of symmetric cases (mirror-image
#: actors) with rounding differences of about 1e-16 of their size; ``R_i = (2 V_i - max V -
#: min V) / (max V - min V)`` would turn those into risk exponents anywhere in [0.5, 2].
#: Vulnerabilities are sums of expected utilities, each a few operations on numbers of size
#: up to about 4, so 1e-6 is far above their rounding and far below any spread that
#: reflects a real difference between actors.
EQUAL_VULNERABILITY = 1e-6

#: Offer keys (moves, EUs) this close, relative, count as tied; ties go to the lowest index.
TIE = 1e-9

#: A challenger's expected utility must exceed the target's loss by more than this for a
#: compromise; at or below it the target capitulates. An expected utility is a sum of about
#: six terms of size up to 4 (utilities in [-2, 2] times probabilities and saliences in
#: [0, 1]), so its rounding error is below about 6 x 4 x 1.1e-16, about 3e-15; 1e-13 is
#: some thirty times that and far below any difference the inputs express. Without it a tie
#: in theory (``a = |b|``, which equal saliences produce as a target nears its challenger)
#: is decided by the last bit: the target then stops a rounding error short of the
#: challenger instead of on its position, and keeps being challenged from there.
EU_ROUNDING = 1e-13


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
    * ``same_position``: two actors hold the same position, and so have nothing to contest
      (no challenge, ``P = 0``), when they are at most this share of ``range`` apart
      (:data:`SAME_POSITION`, 1e-12, by default; ``0.0``: only equal numbers). With
      ``"current-range"``, a current range of at most this share of the initial one counts
      as none.
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
    same_position: float = SAME_POSITION

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")
        if self.rounds < 0:
            raise ValueError("rounds must be >= 0")
        if self.scale == "fixed" and not self.bounds[1] > self.bounds[0]:
            raise ValueError("bounds must be (low, high) with high > low")
        if not 0.0 <= self.same_position < 1.0:
            raise ValueError(
                "same_position must be a share of the range, 0 <= same_position < 1 "
                f"(0: only equal numbers are the same), not {self.same_position!r}"
            )

    def describe(self) -> dict[str, Any]:
        """The options as a plain dict (JSON-ready)."""
        return to_plain(self)

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
        # Scholz et al. do not say when two positions are "the same" (no contest); the
        # arithmetic's resolution (SAME_POSITION) gives Table 2 as 1e-6 of the range did.
        same_position=SAME_POSITION,
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
