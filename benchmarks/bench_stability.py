"""GMCR stability at scale: the vectorised engine on large option-built conflicts, and its
speed against the literal oracle (tests/oracle_gmcr.py) where that finishes in time.

Random conflicts built from binary options: every combination of options is a state, a DM
moves by flipping one of its own options, and each DM's ranks are seeded random integers
(with ties). Targets: 2 DMs x 20 options (1,048,576 states), every concept, under 60 s and
2 GB; 3 DMs x 14 options under 30 s. A missed target is printed as MISSED.

SIM alone, with the opponents answering jointly (the default) and one at a time, is also
timed on conflicts where a DM changes any nonempty set of its own options at once (as in
accord's conflict files), so that each opponent has several improvements to combine.

    .venv/bin/python benchmarks/bench_stability.py [--seed 20261126] [--no-oracle]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import oracle_gmcr
from accord.conflict.graph import ConflictGraph
from accord.conflict.stability import CONCEPTS, analyze

#: Stop growing the oracle's conflicts once a run is predicted to take longer than this.
ORACLE_BUDGET = 20.0


def option_conflict(options_per_dm: list[int], seed: int) -> ConflictGraph:
    """All 2^k option combinations; DM i flips one of its own options per move."""
    rng = np.random.default_rng(seed)
    n_opts = sum(options_per_dm)
    n = 1 << n_opts
    states = np.arange(n, dtype=np.int64)
    indptr, targets = [], []
    first = 0
    for k in options_per_dm:
        bits = np.int64(1) << np.arange(first, first + k, dtype=np.int64)
        targets.append((states[:, None] ^ bits[None, :]).ravel())
        indptr.append(np.arange(0, n * k + 1, k, dtype=np.int64))
        first += k
    d = len(options_per_dm)
    rank = rng.integers(0, n // 2 + 1, size=(d, n), dtype=np.int64)
    return ConflictGraph(
        dms=tuple(f"dm{i}" for i in range(d)),
        n_states=n,
        indptr=tuple(indptr),
        targets=tuple(targets),
        rank=rank,
        options=states,
    )


def subset_conflict(options_per_dm: list[int], seed: int) -> ConflictGraph:
    """As :func:`option_conflict`, but DM i changes any nonempty set of its own options."""
    base = option_conflict(options_per_dm, seed)
    n = base.n_states
    states = np.arange(n, dtype=np.int64)
    indptr, targets = [], []
    first = 0
    for k in options_per_dm:
        changes = np.arange(1, 1 << k, dtype=np.int64) << first
        targets.append((states[:, None] ^ changes[None, :]).ravel())
        indptr.append(np.arange(0, n * len(changes) + 1, len(changes), dtype=np.int64))
        first += k
    return ConflictGraph(
        dms=base.dms,
        n_states=n,
        indptr=tuple(indptr),
        targets=tuple(targets),
        rank=base.rank,
        options=base.options,
    )


def run_sim(split: list[int], seed: int, oracle: bool) -> None:
    """SIM's two response rules on one subset-move conflict, and the oracle's joint SIM."""
    g = subset_conflict(split, seed)
    line = f"  {split} {g.n_states:>7,} states:"
    times = {}
    for rule in ("joint", "one-opponent"):
        t0 = time.perf_counter()
        table = analyze(g, ["SIM"], sim=rule).tables["SIM"]
        times[rule] = time.perf_counter() - t0
        line += f" {rule} {times[rule]:6.3f} s ({int(table.all(axis=0).sum()):,} eq.),"
    line += f" joint/one-opponent {times['joint'] / max(times['one-opponent'], 1e-9):4.1f}x"
    if oracle:
        t0 = time.perf_counter()
        slow = np.array(oracle_gmcr.stability(g, "SIM", "joint"))
        t_slow = time.perf_counter() - t0
        same = bool((analyze(g, ["SIM"]).tables["SIM"] == slow).all())
        line += (
            f"; oracle {t_slow:6.2f} s, ratio {t_slow / max(times['joint'], 1e-9):5.0f}x, "
            f"identical: {same}"
        )
    print(line)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_engine(split: list[int], seed: int, target_s: float, target_mb: float | None) -> None:
    t0 = time.perf_counter()
    g = option_conflict(split, seed)
    build = time.perf_counter() - t0
    print(
        f"\n{len(split)} DMs x {sum(split)} options {split}: {g.n_states:,} states, "
        f"{sum(len(t) for t in g.targets):,} moves (built in {build:.1f} s)"
    )
    total = 0.0
    for concept in CONCEPTS:
        if concept == "SEQ+SIM":
            continue  # printed below: it is the conjunction of SEQ and SIM
        t0 = time.perf_counter()
        result = analyze(g, [concept])
        dt = time.perf_counter() - t0
        total += dt
        eq = result.equilibria(concept)
        print(f"  {concept:8s} {dt:7.2f} s  equilibria {len(eq):,}")
    t0 = time.perf_counter()
    result = analyze(g)
    all_dt = time.perf_counter() - t0
    print(f"  SEQ+SIM  equilibria {len(result.equilibria('SEQ+SIM')):,}")
    print(f"  analyze(all concepts) {all_dt:.2f} s; peak memory {peak_mb():,.0f} MB")
    ok_t = all_dt <= target_s
    print(f"  time target {target_s:.0f} s: {'met' if ok_t else 'MISSED'}")
    if target_mb is not None:
        ok_m = peak_mb() <= target_mb
        print(f"  memory target {target_mb:,.0f} MB: {'met' if ok_m else 'MISSED'}")


def run_ratio(family: list[int], seed: int) -> None:
    """Grow the options per DM until the oracle would take longer than the budget."""
    print(f"\noracle vs engine, {len(family)} DMs, all concepts:")
    last = None
    k = 1
    while True:
        split = [k] * len(family)
        g = option_conflict(split, seed)
        t0 = time.perf_counter()
        fast = analyze(g)
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        slow = {c: np.array(oracle_gmcr.stability(g, c)) for c in CONCEPTS}
        t_slow = time.perf_counter() - t0
        same = all((fast.tables[c] == slow[c]).all() for c in CONCEPTS)
        print(
            f"  {split} {g.n_states:>7,} states: oracle {t_slow:7.2f} s, engine "
            f"{t_fast:6.3f} s, ratio {t_slow / max(t_fast, 1e-9):7.0f}x, identical: {same}"
        )
        if not same:
            print("  MISMATCH between engine and oracle")
        # Each extra option per DM multiplies the states by 2^D and the moves per state too;
        # the oracle's reachable sets grow as well, so use the growth just seen if larger.
        growth = (1 << len(family)) * (k + 1) / k
        if last is not None:
            growth = max(growth, t_slow / max(last, 1e-6))
        if t_slow * growth > ORACLE_BUDGET:
            break
        last = t_slow
        k += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--no-oracle", action="store_true")
    args = parser.parse_args()
    print(f"seed {args.seed}")
    run_engine([10, 10], args.seed, 60.0, 2048.0)
    run_engine([5, 5, 4], args.seed, 30.0, None)
    print("\nSIM, subset moves, opponents jointly vs one at a time:")
    for split in ([3, 3, 3], [4, 4, 4], [2, 2, 2, 2], [3, 3, 3, 3], [5, 5, 5]):
        run_sim(split, args.seed, oracle=not args.no_oracle and sum(split) <= 9)
    if not args.no_oracle:
        run_ratio([0, 0], args.seed)
        run_ratio([0, 0, 0], args.seed)


if __name__ == "__main__":
    main()
