"""The cheapest set of soft red lines to give: the mixed-integer model against brute force.

A seeded random scenario: 3 parties, ``--issues`` ordinal issues of 5 options (random table
utilities and saliences), each party with a red line on every issue, half of them soft with
a random cost, and BATNAs high enough that no outcome respects every red line. Timed:

* the large case (``--issues``, default 16: 5^16 ~ 1.5e11 outcomes): ``cheapest_give`` alone;
* a small case (``--small``, default 8: 390,625 outcomes): ``cheapest_give`` and a brute force
  that lists every outcome with ``OutcomeSpace.enumerate``, charges each party the costs of
  the soft lines it crosses, drops outcomes crossing a hard line or below a BATNA, and takes
  the least total cost; the two costs must agree.

Each case takes the first seed from ``--seed`` on where some soft red line must give.

    .venv/bin/python benchmarks/bench_soft.py [--seed 2025] [--issues 16] [--small 7]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from accord.analysis.milp.softlines import cheapest_give
from accord.analysis.softening import soft_lines
from accord.analysis.space import outcome_space
from accord.model import Scenario

OPTIONS = 5
PARTIES = ("p0", "p1", "p2")


def document(n_issues: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    options = [{"id": f"o{k}", "label": f"o{k}"} for k in range(OPTIONS)]
    issues = [
        {"id": f"i{j}", "name": f"i{j}", "kind": "ordinal", "options": options}
        for j in range(n_issues)
    ]
    stances = []
    for p in PARTIES:
        for j in range(n_issues):
            table = {f"o{k}": float(x) for k, x in enumerate(rng.random(OPTIONS).round(3))}
            ranked = sorted(table, key=table.__getitem__)
            best, line = ranked[-1], ranked[2]  # the two worst options cross the red line
            stance: dict[str, Any] = {
                "actor": p,
                "issue": f"i{j}",
                "position": best,
                "utility": "table",
                "table": table,
                "salience": float(rng.uniform(0.1, 1.0)),
                "red_line": line,
                "judgement": "random",
            }
            if rng.random() < 0.5:
                stance["firmness"] = {
                    "cost": float(rng.uniform(0.0, 0.1)),
                    "credibility": 0.5,
                    "judgement": "random",
                }
            stances.append(stance)
    actors = [
        {
            "id": p,
            "name": p,
            "role": "party",
            "capability": 1,
            "batna": {"description": "x", "utility": 0.64, "judgement": "random"},
        }
        for p in PARTIES
    ]
    return {
        "id": "bench-soft",
        "title": "bench",
        "actors": actors,
        "issues": issues,
        "stances": stances,
    }


def brute(scenario: Scenario) -> float | None:
    space = outcome_space(scenario)
    codes = space.enumerate()
    u = space.utilities(codes)  # [A, N]
    cross = space.crossing_issues(codes)  # [A, N, I]
    cost = np.zeros((len(space.actors), len(space.issues)))
    soft = np.zeros_like(cost, dtype=bool)
    for ln in soft_lines(scenario):
        a, i = space.actors.index(ln.actor), space.issues.index(ln.issue)
        cost[a, i], soft[a, i] = ln.cost, True
    hard = (cross & ~soft[:, None, :]).any(axis=(0, 2))
    paid = (cross * cost[:, None, :]).sum(axis=2)  # [A, N]
    ok = ~hard & np.all(u - paid >= space.batna[:, None] - 1e-9, axis=0)
    return float(paid.sum(axis=0)[ok].min()) if ok.any() else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--issues", type=int, default=16)
    ap.add_argument("--small", type=int, default=8)
    args = ap.parse_args()
    out: dict[str, Any] = {}
    for name, n in (("large", args.issues), ("small", args.small)):
        for seed in range(args.seed, args.seed + 100):  # the first seed where something gives
            s = Scenario.model_validate(document(n, seed))
            t = time.perf_counter()
            found = cheapest_give(outcome_space(s), soft_lines(s))
            if found is not None and found.cost > 0:
                break
        row: dict[str, Any] = {
            "issues": n,
            "seed": seed,
            "milp_seconds": round(time.perf_counter() - t, 3),
            "cost": None if found is None else round(found.cost, 6),
        }
        if name == "small":
            t = time.perf_counter()
            ref = brute(s)
            row["brute_seconds"] = round(time.perf_counter() - t, 3)
            row["brute_cost"] = None if ref is None else round(ref, 6)
            agree = (ref is None) == (found is None) and (
                ref is None or found is None or abs(ref - found.cost) < 1e-7
            )
            assert agree, (ref, found)
        out[name] = row
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
