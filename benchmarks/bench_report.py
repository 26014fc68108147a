"""Building (and rendering) a whole report for a large scenario, timed against its target.

A report for a 30-actor, 30-issue scenario must build and render in under 10 s on 2 cores.
This builds a seeded random scenario of that size (mixed issue kinds, BATNAs, some unknown,
BATNAs moving over time, red lines, Monte Carlo spreads, a chain of drafts with unknown
points, events, levers), times :func:`accord.report.build_report` and, when the renderers
exist (``accord.report.write.write_report``), writing the report as .html and .md into a
temporary folder. It prints each time and the ratio to the target; it asserts nothing.

    .venv/bin/python benchmarks/bench_report.py [--actors 30] [--issues 30] [--parties 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from accord.model import Scenario
from accord.report import build_report

TARGET_S = 10.0


def random_scenario(
    n_actors: int = 30,
    n_issues: int = 30,
    n_parties: int = 8,
    n_drafts: int = 4,
    seed: int = 11,
) -> Scenario:
    """A seeded random scenario with everything a report shows."""
    rng = np.random.default_rng(seed)
    day0 = dt.date(2025, 1, 1)
    sources = [
        {
            "id": f"s{k}",
            "title": f"source {k}",
            "publisher": f"publisher {k % 4}",
            "url": f"https://example.org/{k}",
            "date": day0 + dt.timedelta(days=int(k)),
            "reliability": ("primary", "wire", "secondary", "partisan")[k % 4],
        }
        for k in range(12)
    ]

    def cite() -> list[str]:
        return [f"s{int(k)}" for k in rng.choice(12, size=int(rng.integers(1, 3)), replace=False)]

    issues: list[dict[str, Any]] = []
    for i in range(n_issues):
        kind = ("ordinal", "continuous", "boolean")[i % 3]
        issue: dict[str, Any] = {"id": f"i{i}", "name": f"issue {i}", "kind": kind}
        if kind == "ordinal":
            issue["options"] = [{"id": f"o{k}", "label": f"option {k}"} for k in range(5)]
        elif kind == "continuous":
            issue |= {"min": 0, "max": 100, "unit": "%"}
        issues.append(issue)

    def setting(i: int) -> Any:
        kind = issues[i]["kind"]
        if kind == "ordinal":
            return f"o{rng.integers(5)}"
        if kind == "continuous":
            return float(rng.integers(0, 11) * 10)
        return bool(rng.integers(2))

    roles = ["party"] * n_parties + ["mediator", "guarantor", "observer"] * n_actors
    actors = []
    for a in range(n_actors):
        cap = float(rng.uniform(0.5, 2))
        actor: dict[str, Any] = {
            "id": f"a{a}",
            "name": f"actor {a}",
            "role": roles[a],
            "capability": cap,
            "sources": cite(),
            "uncertainty": {"capability": {"low": cap * 0.8, "high": cap * 1.2}},
        }
        if a % 5 != 4:  # every fifth actor's alternative is unknown
            u = float(rng.uniform(0.15, 0.35))
            actor["batna"] = {
                "description": "fight on",
                "utility": u,
                "judgement": "random",
                "uncertainty": {"low": u - 0.05, "high": u + 0.05},
                "over_time": {
                    "trend": float(rng.uniform(-0.01, 0.01)),
                    "cost": float(rng.uniform(0, 0.01)),
                    "judgement": "random",
                },
            }
        actors.append(actor)
    stances = []
    for a in range(n_actors):
        for i in range(n_issues):
            pos = setting(i)
            sal = float(rng.uniform(0.1, 0.9))
            st: dict[str, Any] = {
                "actor": f"a{a}",
                "issue": f"i{i}",
                "position": pos,
                "salience": sal,
                "judgement": "random",
                "sources": cite(),
                "uncertainty": {"salience": {"low": sal - 0.1, "high": sal + 0.1}},
            }
            kind = issues[i]["kind"]
            if a < n_parties and rng.random() < 0.1:
                # a red line one step from the position, towards the far pole
                if kind == "ordinal":
                    k = int(pos[1:])
                    st["red_line"] = f"o{k + 1 if k < 2 else k - 1}"
                elif kind == "continuous":
                    st["red_line"] = pos + 30.0 if pos < 50 else pos - 30.0
            stances.append(st)
    drafts = []
    for p in range(n_drafts):
        settings: dict[str, Any] = {}
        for i in range(n_issues):
            r = rng.random()
            if r < 0.05:
                settings[f"i{i}"] = "unknown"
            elif r < 0.9:
                settings[f"i{i}"] = setting(i)
        draft: dict[str, Any] = {
            "id": f"d{p}",
            "title": f"draft {p}",
            "date": day0 + dt.timedelta(days=30 * p),
            "authors": [f"a{p % n_actors}"],
            "points": [{"text": "all", "settings": settings, "sources": cite()}],
            "sources": cite(),
        }
        if p:
            draft["based_on"] = f"d{p - 1}"
        drafts.append(draft)
    events = [
        {
            "date": day0 + dt.timedelta(days=10 * e),
            "title": f"event {e}",
            "actors": [f"a{e % n_actors}"],
            "sources": cite(),
        }
        for e in range(10)
    ]
    levers = [
        {
            "id": f"lever{k}",
            "name": f"lever {k}",
            "levels": [0, 1, 2],
            "default": 1,
            "effects": [
                {
                    "actor": f"a{k}",
                    "target": "batna.utility",
                    "per_level": -0.1,
                    "judgement": "random",
                }
            ],
            "sources": cite(),
        }
        for k in range(2)
    ]
    return Scenario.model_validate(
        {
            "id": "bench-report",
            "title": "Report benchmark",
            "summary": "A random scenario for timing reports.",
            "as_of": day0 + dt.timedelta(days=120),
            "sources": sources,
            "actors": actors,
            "issues": issues,
            "stances": stances,
            "proposals": drafts,
            "events": events,
            "levers": levers,
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=30)
    ap.add_argument("--issues", type=int, default=30)
    ap.add_argument("--parties", type=int, default=8)
    ap.add_argument("--drafts", type=int, default=4)
    ap.add_argument("--draws", type=int, default=500)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    s = random_scenario(args.actors, args.issues, args.parties, args.drafts, args.seed)
    print(
        f"scenario: {args.actors} actors ({args.parties} parties) x {args.issues} issues x "
        f"{args.drafts} drafts (seed {args.seed}), {args.draws} draws"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    report = build_report(s, draws=args.draws, seed=0)
    t_build, c_build = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"build_report: {t_build:7.2f} s  (CPU {c_build:.2f} s over all threads; "
        f"{len(report.sections)} sections)"
    )
    total = t_build
    try:
        write = importlib.import_module("accord.report.write")
    except ImportError:
        write = None
    if write is not None and hasattr(write, "write_report"):
        with tempfile.TemporaryDirectory() as tmp:
            for ext in ("html", "md"):
                t0 = time.perf_counter()
                write.write_report(report, Path(tmp) / f"report.{ext}")
                t = time.perf_counter() - t0
                total += t
                print(f"render .{ext}:  {t:7.2f} s")
    else:
        print("render: accord.report.write.write_report not available; build only")
    print(f"total: {total:.2f} s; ratio to the {TARGET_S:g} s target: {total / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
