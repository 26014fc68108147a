"""Exact Pareto frontiers with linked terms: the factor-wise merge against brute force.

A seeded random scenario: 3 parties, ``--issues`` ordinal issues of 5 options with a random
table utility per option and a random salience, and three linked pairs of issues (issues
0-1, 2-3, 4-5): a joint table for party 0, a rule for party 1, a conditional red line for
party 2. Timed in one run:

Every space applies the parties' red lines (so the conditional one removes joint rows).

* the large case (20 issues, 5^20 ~ 9.5e13 outcomes): scenario -> ``outcome_space`` ->
  ``pareto_frontier`` (the merge); the target is under 10 s;
* a small case of the same construction (``--small`` issues, default 8: 390,625 outcomes):
  the same pipeline, and a brute-force oracle that lists every outcome, evaluates each one
  with ``OutcomeSpace.utilities`` (the linked terms included) and keeps the non-dominated
  ones with ``pareto_mask``; the frontiers must be the same set, and the ratio of the two
  times is reported.

    .venv/bin/python benchmarks/bench_links.py [--seed 2025] [--issues 20] [--small 8]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from accord.analysis.pareto import pareto_frontier, pareto_mask, space_tolerance
from accord.analysis.space import outcome_space
from accord.model import Scenario

TARGET_SECONDS = 10.0
OPTIONS = 5
PARTIES = ("p0", "p1", "p2")


def document(n_issues: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    options = [{"id": f"o{k}", "label": f"o{k}"} for k in range(OPTIONS)]
    parties = list(PARTIES)
    stances = []
    for p in parties:
        for i in range(n_issues):
            table = {f"o{k}": round(float(rng.random()), 6) for k in range(OPTIONS)}
            best = max(table, key=lambda k: table[k])
            stance = {
                "actor": p,
                "issue": f"i{i}",
                "position": best,
                "salience": round(float(rng.uniform(0.05, 1.0)), 6),
                "utility": "table",
                "table": table,
                "judgement": "random",
            }
            if p == "p2" and i == 4:
                stance["red_line"] = best  # only its best setting is acceptable ...
                stance["unless"] = {"issue": "i5", "at_least": "o2"}  # ... unless i5 >= o2
            stances.append(stance)
    joint = [
        {"settings": {"i0": f"o{a}", "i1": f"o{b}"}, "utility": round(float(rng.random()), 6)}
        for a in range(OPTIONS)
        for b in range(OPTIONS)
    ]
    links = [
        {"id": "t", "actor": "p0", "issues": ["i0", "i1"], "weight": 0.8, "table": joint},
        {
            "id": "r",
            "actor": "p1",
            "issues": ["i2", "i3"],
            "rule": {
                "when": [{"issue": "i2", "at_most": "o1"}],
                "given": [{"issue": "i3", "at_least": "o3"}],
                "add": 0.15,
                "otherwise": -0.2,
            },
        },
    ]
    return {
        "id": "bench-links",
        "title": "linked terms benchmark",
        "actors": [
            {
                "id": p,
                "name": p,
                "role": "party",
                "capability": 1,
                "batna": {"description": "-", "utility": 0.2},
            }
            for p in parties
        ],
        "issues": [
            {"id": f"i{i}", "name": f"i{i}", "kind": "ordinal", "options": options}
            for i in range(n_issues)
        ],
        "stances": stances,
        "links": links,
    }


def frontier_seconds(scenario: Scenario) -> tuple[float, set[tuple[int, ...]]]:
    best, codes = np.inf, set()
    for _ in range(3):
        start = time.perf_counter()
        space = outcome_space(scenario, red_lines=PARTIES)
        frontier = pareto_frontier(space, method="merge")
        best = min(best, time.perf_counter() - start)
        codes = {tuple(map(int, r)) for r in frontier.codes}
    return best, codes


def brute_force(scenario: Scenario) -> tuple[float, set[tuple[int, ...]]]:
    start = time.perf_counter()
    space = outcome_space(scenario, red_lines=PARTIES)
    codes = space.enumerate()
    u = space.utilities(codes).T
    keep = pareto_mask(u, atol=space_tolerance(space))
    seconds = time.perf_counter() - start
    return seconds, {tuple(map(int, r)) for r in codes[keep]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--issues", type=int, default=20)
    parser.add_argument("--small", type=int, default=8)
    args = parser.parse_args()

    large = Scenario.model_validate(document(args.issues, args.seed))
    seconds, front = frontier_seconds(large)
    space = outcome_space(large, red_lines=PARTIES)
    small = Scenario.model_validate(document(args.small, args.seed))
    merge_s, merged = frontier_seconds(small)
    brute_s, brute = brute_force(small)
    result = {
        "large": {
            "parties": 3,
            "issues": args.issues,
            "outcomes": f"{space.size:.3g}",
            "factors": len(space.factors),
            "frontier": len(front),
            "seconds": round(seconds, 3),
            "target_seconds": TARGET_SECONDS,
            "ok": seconds < TARGET_SECONDS,
        },
        "small": {
            "issues": args.small,
            "outcomes": outcome_space(small, red_lines=PARTIES).size,
            "frontier": len(merged),
            "merge_seconds": round(merge_s, 4),
            "brute_force_seconds": round(brute_s, 4),
            "ratio": round(brute_s / merge_s, 1),
            "same_frontier": merged == brute,
        },
    }
    print(json.dumps(result, indent=2))
    if not (result["large"]["ok"] and result["small"]["same_frontier"]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
