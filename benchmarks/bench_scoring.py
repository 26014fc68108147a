"""Scoring drafts: the vectorised scorecard against the plain reference, in one run.

Builds a seeded random scenario (actors x issues, drafts with some unknown settings),
checks both give the same numbers, and prints the time of each and their ratio.

    .venv/bin/python benchmarks/bench_scoring.py [--actors 20] [--issues 30] [--drafts 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import oracle
from accord.analysis import score_proposals
from accord.model import Scenario


def random_scenario(n_actors: int, n_issues: int, n_drafts: int, seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    issues = []
    for i in range(n_issues):
        kind = ("ordinal", "continuous", "boolean")[i % 3]
        issue: dict = {"id": f"i{i}", "name": f"issue {i}", "kind": kind}
        if kind == "ordinal":
            issue["options"] = [{"id": f"o{k}", "label": f"option {k}"} for k in range(5)]
        elif kind == "continuous":
            issue |= {"min": 0, "max": 100}
        issues.append(issue)

    def setting(i: int) -> object:
        kind = issues[i]["kind"]
        if kind == "ordinal":
            return f"o{rng.integers(5)}"
        if kind == "continuous":
            return float(rng.integers(0, 101))
        return bool(rng.integers(2))

    actors = [
        {
            "id": f"a{a}",
            "name": f"actor {a}",
            "role": "party",
            "capability": float(rng.uniform(0.5, 2)),
        }
        for a in range(n_actors)
    ]
    stances = [
        {
            "actor": f"a{a}",
            "issue": f"i{i}",
            "position": setting(i),
            "salience": float(rng.uniform(0.05, 1)),
            "utility": ("linear", "quadratic")[int(rng.integers(2))],
            "judgement": "random",
        }
        for a in range(n_actors)
        for i in range(n_issues)
    ]
    drafts = []
    for p in range(n_drafts):
        settings: dict = {}
        for i in range(n_issues):
            # A few open discrete cells: the oracle enumerates every completion of them.
            if issues[i]["kind"] != "continuous" and rng.random() < 0.04:
                settings[f"i{i}"] = "unknown"
            else:
                settings[f"i{i}"] = setting(i)
        drafts.append(
            {
                "id": f"d{p}",
                "title": f"draft {p}",
                "points": [{"text": "all", "settings": settings}],
            }
        )
    return Scenario.model_validate(
        {
            "id": "bench",
            "title": "benchmark",
            "actors": actors,
            "issues": issues,
            "stances": stances,
            "proposals": drafts,
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=20)
    ap.add_argument("--issues", type=int, default=30)
    ap.add_argument("--drafts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    s = random_scenario(args.actors, args.issues, args.drafts, args.seed)
    t0 = time.perf_counter()
    card = score_proposals(s)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = 0
    worst = 0.0
    for a, actor in enumerate(card.actors):
        for p, prop in enumerate(card.proposals):
            lo, hi = oracle.score_range(s, actor, prop)
            worst = max(worst, abs(lo - card.low[a, p]), abs(hi - card.high[a, p]))
            n += 1
    t_ref = time.perf_counter() - t0
    print(
        f"scenario: {args.actors} actors x {args.issues} issues x {args.drafts} drafts "
        f"(seed {args.seed})"
    )
    print(f"vectorised scorecard: {t_fast * 1e3:9.1f} ms")
    print(f"reference, {n} cells:  {t_ref * 1e3:9.1f} ms")
    print(f"largest difference: {worst:.2e}")
    print(f"speed-up: {t_ref / t_fast:.0f}x")
    if worst > 1e-9:
        sys.exit("the two disagree")


if __name__ == "__main__":
    main()
