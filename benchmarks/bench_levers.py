"""The lever search of ``accord levers`` against a plain brute-force loop over the grid.

Each row builds a seeded random scenario (3 parties, 6 ordinal issues of 5 options: 15,625
outcomes) with 5 levers of 5 levels each (3,125 settings), in which no setting opens a ZOPA:
the worst case, where the search must check the whole grid. The levers move BATNA
utilities (only upwards, so nothing opens) and, in some rows, saliences, which make the
search rebuild the outcome space once per distinct set of saliences:

* ``batna``: 5 levers on BATNAs only (one set of saliences);
* ``mixed``: 3 on BATNAs, 2 on saliences (25 sets);
* ``salience``: all 5 move a salience too (3,125 sets: the slowest case).

``search`` times :func:`accord.dynamics.openings.smallest_openings` on the full grid (target:
under 10 s). ``brute`` times the plain loop (every setting: ``apply_levers``, then ``zopa``)
on a smaller grid the loop finishes (the first ``--brute-levels`` levels of every lever),
and ``search (same)`` the search on that same grid; ``ratio`` is brute / search there. The
two must agree (both find nothing), which the script checks.

    .venv/bin/python benchmarks/bench_levers.py [--seed 2025] [--brute-levels 3]
"""

from __future__ import annotations

import argparse
import time
from itertools import product
from typing import Any

import numpy as np

from accord.analysis.zopa import zopa
from accord.dynamics.levers import LeverError, apply_levers
from accord.dynamics.openings import smallest_openings
from accord.model import Scenario

PARTIES, ISSUES, OPTIONS, LEVERS, LEVELS = 3, 6, 5, 5, 5
TARGET_SECONDS = 10.0


def build(seed: int, salience_levers: int) -> dict[str, Any]:
    """The scenario document: random opposed stances, BATNAs just out of reach."""
    rng = np.random.default_rng(seed)
    options = [{"id": f"o{k}", "label": f"option {k}"} for k in range(OPTIONS)]
    issues = [
        {"id": f"i{i}", "name": f"Issue {i}", "kind": "ordinal", "options": options}
        for i in range(ISSUES)
    ]
    actors, stances = [], []
    for a in range(PARTIES):
        actors.append(
            {
                "id": f"p{a}",
                "name": f"Party {a}",
                "role": "party",
                "capability": 1,
                # high enough that no outcome is acceptable to all three
                "batna": {"description": "walk away", "utility": 0.8, "judgement": "bench"},
            }
        )
        for i in range(ISSUES):
            stances.append(
                {
                    "actor": f"p{a}",
                    "issue": f"i{i}",
                    "position": f"o{int(rng.integers(OPTIONS))}",
                    "salience": float(np.round(rng.uniform(0.2, 1.0), 2)),
                    "judgement": "bench",
                }
            )
    levers = []
    for n in range(LEVERS):
        a = n % PARTIES
        effects: list[dict[str, Any]] = [
            {
                "actor": f"p{a}",
                "target": "batna.utility",
                "per_level": 0.02,  # levels 0..4 from default 0: only upwards, never opens
                "judgement": "bench",
            }
        ]
        if n >= LEVERS - salience_levers:
            effects.append(
                {
                    "actor": f"p{(a + 1) % PARTIES}",
                    "target": f"salience:i{n % ISSUES}",
                    "per_level": -0.05,
                    "judgement": "bench",
                }
            )
        levers.append(
            {
                "id": f"l{n}",
                "name": f"Lever {n}",
                "levels": list(range(LEVELS)),
                "default": 0,
                "effects": effects,
            }
        )
    return {
        "id": f"bench_levers_{seed}",
        "title": "lever search benchmark",
        "actors": actors,
        "issues": issues,
        "stances": stances,
        "levers": levers,
    }


def smaller(doc: dict[str, Any], levels: int) -> Scenario:
    """The same scenario with every lever cut to its first ``levels`` levels."""
    out = {**doc, "levers": [{**lv, "levels": lv["levels"][:levels]} for lv in doc["levers"]]}
    return Scenario.model_validate(out)


def brute(scenario: Scenario) -> bool:
    """The plain loop: every setting of the grid, applied and judged the slow way."""
    levers = scenario.levers
    for levels in product(*[lv.levels for lv in levers]):
        setting = {lv.id: float(v) for lv, v in zip(levers, levels, strict=True)}
        try:
            if zopa(apply_levers(scenario, setting)).exists:
                return True
        except LeverError:
            continue
    return False


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--brute-levels", type=int, default=3)
    args = parser.parse_args()
    rows = [("batna", 0), ("mixed", 2), ("salience", LEVERS)]
    small = args.brute_levels**LEVERS
    print(
        f"{PARTIES} parties, {ISSUES} issues x {OPTIONS} options ({OPTIONS**ISSUES:,} outcomes); "
        f"{LEVERS} levers x {LEVELS} levels ({LEVELS**LEVERS:,} settings); no setting opens a "
        f"ZOPA. brute and 'search (same)' on {LEVERS} levers x {args.brute_levels} levels "
        f"({small:,} settings)."
    )
    header = (
        f"{'levers':<10} {'sets of saliences':>17} {'search (s)':>11} {'< 10 s':>7} "
        f"{'brute (s)':>10} {'search (same)':>14} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, salience_levers in rows:
        doc = build(args.seed, salience_levers)
        full = Scenario.model_validate(doc)
        t_full, result = timed(smallest_openings, full)
        assert not result.found and result.checked == LEVELS**LEVERS, result.to_dict()
        part = smaller(doc, args.brute_levels)
        t_brute, found = timed(brute, part)
        t_same, same = timed(smallest_openings, part)
        assert found == same.found  # both: nothing opens it
        groups = LEVELS ** min(salience_levers, LEVERS) if salience_levers else 1
        under = "yes" if t_full < TARGET_SECONDS else "NO"
        print(
            f"{name:<10} {groups:>17,} {t_full:>11.2f} {under:>7} "
            f"{t_brute:>10.2f} {t_same:>14.3f} {t_brute / t_same:>6.0f}x"
        )


if __name__ == "__main__":
    main()
