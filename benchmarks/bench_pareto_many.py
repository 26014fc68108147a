"""Pareto frontiers with many parties: the exact merge against the ε-frontier, several seeds.

Seeded random additive utilities (as ``bench_pareto.py``). For each shape and seed: the
estimate (and its ratio to the true size where the exact frontier finishes), the exact
frontier where it finishes within ``--exact-timeout`` seconds (in a child process; not
tried where the estimate says ten times that), and
the ε-frontier; ``ratio`` is exact time / ε time. The ε guarantee is checked on every seed:
against the exact frontier where known, else against ``--weightings`` exact frontier points
(the outcome that maximises a random positive weighting of the parties) and the undominated
set of ``--sample`` random outcomes: every such point must be within ε of a returned row for
every party.
A summary gives the minimum, median and maximum time per shape and whether the target is
met on every seed. Wall time depends on what else the machine runs: the load average
(/proc/loadavg) is printed before and after, and CPU time beside wall time.

    .venv/bin/python benchmarks/bench_pareto_many.py [--seeds 2025,1,2,3,4] [--epsilon 0.01]
        [--shapes 5x12,5x20]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
from queue import Empty
from typing import Any

import numpy as np

from bench_montecarlo import loadavg
from bench_pareto import accord_document, random_tables

#: (parties, issues, options, ε target in seconds or None)
SHAPES = [(2, 40, 5, None), (3, 20, 5, None), (5, 12, 5, None), (5, 14, 5, None), (5, 20, 5, 10.0)]
#: the exact frontier's target for 5 parties x 12 issues, in seconds
EXACT_TARGET = 2.0


def space_of(parties: int, issues: int, options: int, seed: int) -> Any:
    from accord.analysis.space import outcome_space
    from accord.model import Scenario

    doc = accord_document(*random_tables(parties, issues, options, seed, 0))
    return outcome_space(Scenario.model_validate(doc))


def exact_worker(args: tuple[int, int, int, int], queue: Any) -> None:
    from accord.analysis.pareto import pareto_frontier

    space = space_of(*args)
    t0, c0 = time.perf_counter(), time.process_time()
    front = pareto_frontier(space, epsilon=0)
    queue.put((time.perf_counter() - t0, time.process_time() - c0, front.utilities))


def worst_gap(truth: np.ndarray, kept: np.ndarray) -> float:
    """The largest, over true points, of the best kept row's worst shortfall."""
    worst = 0.0
    # blocks of about 2e7 (true point, kept row) pairs, one column at a time: 160 MB
    rows = max(1, 20_000_000 // max(len(kept), 1))
    for at in range(0, len(truth), rows):
        block = truth[at : at + rows]
        gap = np.full((len(block), len(kept)), -np.inf)
        for c in range(truth.shape[1]):
            np.maximum(gap, block[:, c, None] - kept[None, :, c], out=gap)
        worst = max(worst, float(gap.min(axis=1).max(initial=0.0)))
    return worst


def supported_points(space: Any, n: int, seed: int) -> np.ndarray:
    """Exact frontier points without the frontier: for each of ``n`` random positive
    weightings of the parties, the outcome that maximises the weighted sum (factor by
    factor, as utility is additive over factors). A unique maximiser for positive weights
    is Pareto optimal; ties between options are all but impossible with random utilities."""
    rng = np.random.default_rng([seed, 7])  # seeded: the check is reproducible
    weights = rng.dirichlet(np.ones(len(space.actors)), size=n)  # [n, A], all positive
    total = np.zeros((n, len(space.actors)))
    for factor in space.factors:
        best = np.argmax(weights @ factor.utility, axis=1)
        total += factor.utility[:, best].T
    return total


def spread(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    from accord.analysis.pareto import epsilon_frontier, estimate_frontier, pareto_mask

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="2025,1,2,3,4", help="comma-separated seeds")
    ap.add_argument("--epsilon", type=float, default=0.01)
    ap.add_argument("--exact-timeout", type=float, default=120.0)
    ap.add_argument("--sample", type=int, default=200_000)
    ap.add_argument("--weightings", type=int, default=20_000)
    ap.add_argument("--shapes", default="", help="e.g. 5x12,5x20 (default: all)")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    wanted = {tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",") if s}
    shapes = [s for s in SHAPES if not wanted or (s[0], s[1]) in wanted]
    print(
        f"seeds {seeds}; epsilon {args.epsilon}; exact stopped after {args.exact_timeout:.0f} s;"
        f" load average before: {loadavg()}"
    )
    print(
        f"{'shape':>10} {'seed':>5} {'estimate':>9} {'est/true':>8} {'exact':>7} "
        f"{'exact s (cpu)':>14} {'ε rows':>7} {'ε s (cpu)':>12} {'ratio':>6} {'guarantee':>30}"
    )
    summary = []
    for parties, issues, options, target in shapes:
        exact_times: list[float] = []
        eps_times: list[float] = []
        failed = timed_out = untried = 0
        cutoff = 10 * args.exact_timeout
        for seed in seeds:
            space = space_of(parties, issues, options, seed)
            est = estimate_frontier(space)
            exact = None
            if est.seconds <= cutoff:  # else it is hours: not tried
                ctx = mp.get_context("fork")
                queue: Any = ctx.Queue()
                proc = ctx.Process(
                    target=exact_worker, args=((parties, issues, options, seed), queue)
                )
                proc.start()
                try:  # read before joining: a child with a large result waits to be read
                    exact = queue.get(timeout=args.exact_timeout)
                except Empty:
                    proc.terminate()
                    timed_out += 1
                proc.join()
            else:
                untried += 1
            t0, c0 = time.perf_counter(), time.process_time()
            front = epsilon_frontier(space, args.epsilon)
            t_eps, c_eps = time.perf_counter() - t0, time.process_time() - c0
            eps_times.append(t_eps)
            if exact is not None:
                exact_times.append(exact[0])
                truth, basis = exact[2], "exact frontier"
            else:
                # True frontier points where the frontier cannot be listed: the sample's
                # undominated outcomes lie well inside the frontier, the weighted optima on it.
                rng = np.random.default_rng(seed)  # seeded: the sample is reproducible
                utils = space.utilities(space.sample(args.sample, rng)).T
                optima = supported_points(space, args.weightings, seed)
                truth = np.concatenate([utils[pareto_mask(utils)], optima])
                basis = f"{args.weightings:,} weighted optima"
            worst = worst_gap(truth, front.utilities)
            ok = worst <= front.epsilon + 1e-9
            failed += not ok
            size = len(exact[2]) if exact else None
            print(
                f"{parties}x{issues}x{options:<2} {seed:>5} {est.points:>9,} "
                f"{f'{est.points / size:.2f}x' if size else '—':>8} "
                f"{f'{size:,}' if size else '—':>7} "
                f"{f'{exact[0]:.2f} ({exact[1]:.2f})' if exact else '—':>14} "
                f"{front.size:>7,} {f'{t_eps:.2f} ({c_eps:.2f})':>12} "
                f"{f'{exact[0] / t_eps:.1f}x' if exact else '—':>6} "
                f"{('ok ' if ok else 'FAIL ') + f'{worst:.4f} ({basis})':>30}",
                flush=True,
            )
        line = (
            f"{parties}x{issues}x{options}: exact s min/median/max {spread(exact_times)}"
            f"{f' ({timed_out} stopped)' if timed_out else ''}"
            f"{f' ({untried} not tried: estimated over {cutoff:.0f} s)' if untried else ''}"
            f"; ε s {spread(eps_times)}; "
            f"guarantee {'held on every seed' if not failed else f'FAILED on {failed}'}"
        )
        if target is not None:
            met = sum(t < target for t in eps_times)
            line += f"; ε < {target:g} s on {met} of {len(seeds)} seeds"
        if (parties, issues) == (5, 12):
            met = sum(t < EXACT_TARGET for t in exact_times)
            line += f"; exact < {EXACT_TARGET:g} s on {met} of {len(seeds)} seeds"
        summary.append(line)
    print(f"load average after: {loadavg()}")
    for line in summary:
        print(line)


if __name__ == "__main__":
    main()
