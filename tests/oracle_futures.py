"""Plain versions of the futures' and indicators' algorithms, the oracles of the fast ones.

- :func:`chance`: the chance of a deal by a Python loop over the draws, each draw a scenario
  of its own (its BATNAs set to the drawn values) decided by :func:`accord.analysis.zopa.zopa`;
  for scenarios whose only spreads are on BATNAs and without soft red lines.
- :func:`future_scenario`: a lever setting applied by :func:`apply_levers` and every BATNA
  moved ``months`` ahead by ``u0 + months * rate``, its spread moved alike, written out.
- :func:`crossing`: the threshold nearest the stated value by a loop over the distinct drawn
  values, each tail counted afresh.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.zopa import wilson, zopa
from accord.dynamics.levers import apply_levers
from accord.forecast.montecarlo_chunks import DEFAULT_CHUNK
from accord.model import Scenario
from accord.uncertainty.draws import uncertain_inputs
from accord.uncertainty.plan import sample_chunk, seeding


def drawn_values(s: Scenario, draws: int, seed: int) -> np.ndarray:
    """The Monte Carlo's input values, drawn chunk by chunk as it draws them."""
    inputs = uncertain_inputs(s)
    _, args = seeding(seed, draws, DEFAULT_CHUNK)
    return np.concatenate([sample_chunk(inputs, size, child) for _, size, child in args])


def chance(s: Scenario, parties: list[str], draws: int, seed: int) -> float:
    """The share of draws with a ZOPA, one scenario per draw."""
    inputs = uncertain_inputs(s)
    assert all(i.kind == "batna" for i in inputs), "BATNA spreads only"
    values = drawn_values(s, draws, seed)
    hits = 0
    for d in range(draws):
        data = s.model_dump(mode="python")
        for k, spec in enumerate(inputs):
            for actor in data["actors"]:
                if actor["id"] == spec.actor:
                    actor["batna"]["utility"] = float(values[d, k])
                    actor["batna"]["uncertainty"] = None
        if zopa(Scenario.model_validate(data), parties).exists:
            hits += 1
    return hits / draws


def future_scenario(s: Scenario, settings: dict[str, float], months: int) -> Scenario:
    """``s`` with the levers set, then every BATNA read ``months`` ahead."""
    changed = apply_levers(s, settings) if settings else s
    data = changed.model_dump(mode="python")
    for actor in data["actors"]:
        b = actor.get("batna")
        if b is None or b.get("utility") is None or b.get("over_time") is None:
            continue
        o = b["over_time"]
        rate = o["trend"] + o["support"] - o["cost"]
        new = min(1.0, max(0.0, round(b["utility"] + months * rate, 12)))
        shift = new - b["utility"]
        b["utility"] = new
        if b.get("uncertainty"):
            for end in ("low", "high"):
                b["uncertainty"][end] = min(1.0, max(0.0, b["uncertainty"][end] + shift))
    return Scenario.model_validate(data)


def crossing(
    x: np.ndarray, deal: np.ndarray, base: float, direction: str, shift: float, min_tail: int
) -> tuple[float, float, int] | None:
    """(threshold, share of deals beyond it, draws beyond it) or None, nearest ``base``."""
    p = sum(deal) / len(deal)
    above = direction == "above"
    candidates = sorted({float(v) for v in x if (v > base if above else v < base)})
    if not above:
        candidates.reverse()  # nearest the base first
    for v in candidates:
        tail = [float(d) for xi, d in zip(x, deal, strict=True) if (xi >= v if above else xi <= v)]
        n = len(tail)
        q = sum(tail) / n
        lo, hi = wilson(round(q * n), n)
        if n >= min_tail and abs(q - p) >= shift - 1e-12 and (p < lo or p > hi):
            return v, q, n
    return None
