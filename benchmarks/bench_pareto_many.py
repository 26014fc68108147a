"""Pareto frontiers with many parties: the exact merge against the ε-frontier, same run.

Seeded random additive utilities (as ``bench_pareto.py``). For each shape: the estimate
(and its time), the exact frontier where it finishes in ``--exact-timeout`` seconds, and the
ε-frontier; the ratio is exact time / ε time. The ε guarantee is checked against the exact
frontier where known, else against the undominated set of ``--sample`` random outcomes
(every such outcome must be within ε of a returned row for every party).

    .venv/bin/python benchmarks/bench_pareto_many.py [--seed 2025] [--epsilon 0.01]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from queue import Empty
from typing import Any

import numpy as np

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
    t0 = time.perf_counter()
    front = pareto_frontier(space, epsilon=0)
    queue.put((time.perf_counter() - t0, front.utilities))


def main() -> None:
    from accord.analysis.pareto import epsilon_frontier, estimate_frontier, pareto_mask

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--epsilon", type=float, default=0.01)
    ap.add_argument("--exact-timeout", type=float, default=300.0)
    ap.add_argument("--sample", type=int, default=200_000)
    args = ap.parse_args()
    print(
        f"seed {args.seed}; epsilon {args.epsilon}; exact stopped after {args.exact_timeout:.0f} s"
    )
    print(
        f"{'shape':>12} {'estimate':>9} {'est s':>6} {'exact':>8} {'exact s':>8} "
        f"{'ε rows':>7} {'ε s':>7} {'ratio':>6} {'guarantee':>22}  target"
    )
    for parties, issues, options, target in SHAPES:
        space = space_of(parties, issues, options, args.seed)
        t0 = time.perf_counter()
        est = estimate_frontier(space)
        t_est = time.perf_counter() - t0
        ctx = mp.get_context("fork")
        queue: Any = ctx.Queue()
        proc = ctx.Process(target=exact_worker, args=((parties, issues, options, args.seed), queue))
        proc.start()
        exact = None
        try:  # read before joining: a child with a large result waits for it to be read
            exact = queue.get(timeout=args.exact_timeout)
        except Empty:
            proc.terminate()
        proc.join()
        t0 = time.perf_counter()
        front = epsilon_frontier(space, args.epsilon)
        t_eps = time.perf_counter() - t0
        if exact is not None:
            truth, basis = exact[1], "exact frontier"
        else:
            rng = np.random.default_rng(args.seed)  # seeded: the sample is reproducible
            codes = space.sample(args.sample, rng)
            utils = space.utilities(codes).T
            truth, basis = utils[pareto_mask(utils)], f"sample of {args.sample:,}"
        # worst shortfall: for each true point, the best returned row's worst column
        worst = 0.0
        for block in np.array_split(truth, max(1, len(truth) // 2000)):
            gap = (block[:, None, :] - front.utilities[None, :, :]).max(axis=2).min(axis=1)
            worst = max(worst, float(gap.max(initial=0.0)))
        ok = worst <= front.epsilon + 1e-9
        note = ""
        if target is not None:
            note = f"< {target:g} s: {'ok' if t_eps < target else 'MISSED'}"
        if (parties, issues) == (5, 12):
            met = exact is not None and exact[0] < EXACT_TARGET
            note = f"exact < {EXACT_TARGET:g} s: {'ok' if met else 'MISSED'}"
        print(
            f"{parties}x{issues}x{options:>3} {est.points:>9,} {t_est:>6.2f} "
            f"{len(exact[1]) if exact else '—':>8} {f'{exact[0]:.2f}' if exact else '—':>8} "
            f"{front.size:>7,} {t_eps:>7.2f} "
            f"{f'{exact[0] / t_eps:.1f}x' if exact else '—':>6} "
            f"{('ok ' if ok else 'FAIL ') + f'{worst:.4f} ({basis})':>22}  {note}",
            flush=True,
        )


if __name__ == "__main__":
    main()
