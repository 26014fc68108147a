"""``accord sequence`` against the brute-force oracle in the same run.

``sequence`` times :func:`accord.analysis.sequencing.sequence` on every draft of
``ukraine-2025`` in its own order (target: all of them under 2 s), and, when no Ukraine
draft declares phases yet, on a synthetic draft of 8 phases; the oracle
(``tests/oracle_sequencing.py``: every course enumerated with loops, valued through the
plain utilities) values the same drafts for every actor, and the two must agree.

``search`` times :func:`accord.analysis.sequencing.search_orders` on the synthetic draft:
8 phases, 2 or 3 committed points each, two of them with a ``requires`` (10,080 orderings;
target under 5 s). The oracle would take hours over every ordering, so it values a
systematic sample of them (every k-th) and its time is scaled to all of them (its cost is
the same for every ordering: the same courses, re-enumerated); the sample must agree with
the search's value of those orderings. ``ratio`` is oracle / fast.

    .venv/bin/python benchmarks/bench_sequencing.py [--repeat 3] [--sample 24]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import oracle_sequencing as oracle
from accord.analysis.sequencing import search_orders, sequence
from accord.io import resolve_scenario
from accord.model import Scenario

SEQUENCE_TARGET = 2.0
SEARCH_TARGET = 5.0
TOL = 1e-9


def synthetic(n_phases: int = 8, n_issues: int = 12, seed: int = 0) -> Scenario:
    """Three parties, 12 issues of every kind, beliefs with spreads, and one draft of
    ``n_phases`` phases of 2 or 3 committed points each (every kind of breach, some
    reversible), plus an uncommitted point left unknown at signature."""
    rng = np.random.default_rng(seed)
    parties = (("east", 0.3), ("west", 0.25), ("broker", 0.2))
    actors = [
        {"id": a, "name": a.title(), "role": "party", "capability": 1.0,
         "batna": {"description": "fight on", "utility": b}}
        for a, b in parties
    ]  # fmt: skip
    issues: list[dict[str, Any]] = []
    stances = []
    for i in range(n_issues):
        iid = f"i{i}"
        if i % 3 == 0:
            issues.append({"id": iid, "name": iid, "kind": "ordinal", "status_quo": "b",
                           "options": [{"id": o, "label": o} for o in "abcd"]})  # fmt: skip
            positions: list[Any] = ["a", "d", "c"]
        elif i % 3 == 1:
            issues.append({"id": iid, "name": iid, "kind": "boolean", "status_quo": False})
            positions = [True, False, True]
        else:
            issues.append({"id": iid, "name": iid, "kind": "continuous", "min": 0, "max": 100})
            positions = [10.0, 90.0, 50.0]
        for (a, _), p in zip(parties, positions, strict=True):
            stances.append({"actor": a, "issue": iid, "position": p,
                            "salience": float(rng.uniform(0.1, 1.0))})  # fmt: skip
    kinds = ["ceasefire", "withdrawal", "payment"]
    beliefs = [
        {"holder": h, "about": x, "kind": k, "probability": float(rng.uniform(0.4, 0.95)),
         "uncertainty": {"low": 0.3, "high": 0.99}, "judgement": "synthetic"}
        for h, _ in parties for x in ("east", "west") for k in kinds if h != x
    ]  # fmt: skip
    phases, points = [], []
    breaches = ("status_quo", "preferred", "no_deal")
    for k in range(n_phases):
        phase: dict[str, Any] = {"id": f"ph{k}", "title": f"Phase {k}"}
        if k % 3 == 2:
            phase["requires"] = [f"ph{k - 2}"]
        phases.append(phase)
        for j in range(2 + k % 2):
            issue = issues[(3 * k + j) % (n_issues - 1)]
            value = {"ordinal": "c", "boolean": True, "continuous": 40.0}[issue["kind"]]
            points.append({
                "number": len(points) + 1, "text": f"step {k}.{j}",
                "settings": {issue["id"]: value}, "phase": f"ph{k}",
                "commitment": {"by": ("east", "west")[(k + j) % 2], "kind": kinds[(k + j) % 3],
                               "if_broken": breaches[(2 * k + j) % 3], "reversible": bool(j % 2)},
            })  # fmt: skip
    points.append({"number": len(points) + 1, "text": "left open",
                   "settings": {f"i{n_issues - 1}": "unknown"}})  # fmt: skip
    return Scenario.model_validate({
        "id": "synthetic", "title": "Synthetic", "actors": actors, "issues": issues,
        "stances": stances, "beliefs": beliefs,
        "proposals": [{"id": "staged", "title": "Eight phases", "phases": phases,
                       "points": points}],
    })  # fmt: skip


def best_of(repeat: int, fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= TOL


def check_sequences(cases: list[tuple[Scenario, str]]) -> tuple[float, bool]:
    """Oracle time over ``cases`` and whether it agrees with :func:`sequence`."""
    same, start = True, time.perf_counter()
    slow = []
    for s, pid in cases:
        draft = s.proposal(pid)
        order = [p.id for p in draft.phases]
        stanced = {st.actor for st in s.stances}
        slow.append([oracle.value(s, draft, order, a.id) for a in s.actors if a.id in stanced])
    elapsed = time.perf_counter() - start
    for (s, pid), want in zip(cases, slow, strict=True):
        got = sequence(s, pid)
        for a, w in enumerate(want):
            same &= close(float(got.expected_low[a]), w.expected_low)
            same &= close(float(got.expected_high[a]), w.expected_high)
    return elapsed, same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=24, help="orderings the oracle values")
    args = parser.parse_args()

    ukraine = resolve_scenario("ukraine-2025")
    cases = [(ukraine, p.id) for p in ukraine.proposals]
    phased = [p.id for p in ukraine.proposals if p.phases]
    synth = synthetic()
    if not phased:
        cases.append((synth, "staged"))
    seq_time, _ = best_of(args.repeat, lambda: [sequence(s, pid) for s, pid in cases])
    oracle_time, same = check_sequences(cases)
    what = f"{len(ukraine.proposals)} ukraine-2025 drafts ({len(phased)} with phases)"
    if not phased:
        what += " + the synthetic 8-phase draft (no Ukraine draft has phases yet)"
    print(what)
    ok = "ok" if seq_time < SEQUENCE_TARGET else "SLOW"
    print(f"sequence  {seq_time:8.3f} s   (target < {SEQUENCE_TARGET:g} s: {ok})")
    print(f"oracle    {oracle_time:8.3f} s   (same: {same})")
    print(f"ratio     {oracle_time / seq_time:8.0f} x")

    search_time, found = best_of(args.repeat, lambda: search_orders(synth, "staged"))
    draft = synth.proposal("staged")
    n = len(found.orders)
    picks = sorted({round(k * (n - 1) / max(args.sample - 1, 1)) for k in range(args.sample)})
    parties = list(found.parties)
    start = time.perf_counter()
    slow = {
        k: [oracle.value(synth, draft, found.orders[k], a).expected_low for a in parties]
        for k in picks
    }
    sample_time = time.perf_counter() - start
    scaled = sample_time * n / len(picks)
    agree = all(
        close(float(found.expected[found.actors.index(a), k]), v)
        for k, values in slow.items()
        for a, v in zip(parties, values, strict=True)
    )
    ok = "ok" if search_time < SEARCH_TARGET else "SLOW"
    maximin = found.maximin
    print(f"synthetic draft: {len(draft.phases)} phases, {n:,} orderings meet the requires")
    print(
        f"search    {search_time:8.3f} s   maximin {' > '.join(maximin.order) if maximin else '-'}"
        f" (target < {SEARCH_TARGET:g} s: {ok})"
    )
    print(
        f"oracle    {scaled:8.1f} s   scaled from {len(picks)} orderings in {sample_time:.2f} s "
        f"(same: {agree})"
    )
    print(f"ratio     {scaled / search_time:8.0f} x")
    if not (same and agree):
        raise SystemExit("the engine and the oracle disagree")


if __name__ == "__main__":
    main()
