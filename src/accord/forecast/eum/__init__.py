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
at once; only the rounds are a Python loop, one loop for a single run and for many
(:mod:`~accord.forecast.eum.rounds`). The vote sums, ``O(A^3)`` per instance voter by voter,
take ``O(A^2 log A)`` (:mod:`~accord.forecast.eum.votes`). The leading axes are processed in
cache-sized chunks, on a few threads (:mod:`~accord.forecast.eum.run`).

The parts, each a module: :mod:`~accord.forecast.eum.options` (options, presets, result,
tolerances), :mod:`~accord.forecast.eum.chunk` (a chunk's inputs and scratch buffers),
:mod:`~accord.forecast.eum.votes` (voters, vote sums, probabilities),
:mod:`~accord.forecast.eum.dyads` (utilities, expected utilities, kinds of dyad),
:mod:`~accord.forecast.eum.offers` (the offer each target takes),
:mod:`~accord.forecast.eum.rounds` (the round loop) and :mod:`~accord.forecast.eum.run`
(:func:`eum`).
"""

from accord.forecast.eum.options import CHOICES, DYAD_CODES, PRESETS, EumOptions, EumRun
from accord.forecast.eum.run import eum

__all__ = [
    "CHOICES",
    "DYAD_CODES",
    "PRESETS",
    "EumOptions",
    "EumRun",
    "eum",
]
