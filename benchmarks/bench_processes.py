"""The mediated single negotiating text: the vectorised run against a per-run Python loop.

Target: 1,000 mediated negotiations of the Ukraine scenario (``ukraine-2025``: 2 parties,
the US as mediator, 14 factors, 20 uncertain inputs) in under 10 s on 2 cores.

Rows:

- ``vectorised``: :func:`accord.dynamics.processes.simulate_process` end to end (drawing,
  per-factor tables, the process for every run at once along a run axis, the summary), in
  one process;
- ``alternating``: alternating offers (all parties linear) on the same tables, and its
  per-run loop (:func:`accord.dynamics.alternating.alternate_reference`);
- ``loop``: the same runs' process as a plain Python loop over runs
  (:func:`accord.dynamics.mediated.mediate_reference`, the tests' oracle), timed on
  ``--reference-runs`` runs in the same session and scaled to the full count. The tables
  are shared, so this measures the process itself; both give the same results.

    .venv/bin/python benchmarks/bench_processes.py [--runs 1000] [--reference-runs 50]
        [--patience 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from accord.analysis.space import parties
from accord.dynamics.alternating import alternate, alternate_reference
from accord.dynamics.mediated import mediate, mediate_reference
from accord.dynamics.process_tables import build_tables, default_mediator
from accord.dynamics.processes import simulate_process
from accord.io import resolve_scenario
from accord.uncertainty.draws import sample, uncertain_inputs

#: The target, in seconds.
TARGET_SECONDS = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--reference-runs", type=int, default=50)
    ap.add_argument("--patience", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenario", default="ukraine-2025")
    args = ap.parse_args()

    s = resolve_scenario(args.scenario)
    best = np.inf
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        sim = simulate_process(s, runs=args.runs, seed=0, patience=args.patience)
        best = min(best, time.perf_counter() - t0)

    # the process alone, vectorised and looped, on the same tables
    values = sample(uncertain_inputs(s), args.runs, np.random.default_rng(0))
    tables = build_tables(s, values, args.patience, parties(s), default_mediator(s))
    t0 = time.perf_counter()
    fast = mediate(tables, patience=args.patience)
    t_fast = time.perf_counter() - t0
    n_ref = min(args.reference_runs, args.runs)
    small = tables.take(slice(0, n_ref))
    t0 = time.perf_counter()
    slow = mediate_reference(small, patience=args.patience)
    t_loop = (time.perf_counter() - t0) * args.runs / n_ref
    same = (slow.result == fast.result[:n_ref]).all() and (
        slow.drafts == fast.drafts[:, :n_ref]
    ).all()

    # alternating offers on the same tables (no mediator's red lines: they are ignored)
    t0 = time.perf_counter()
    alt = alternate(tables, None, args.patience)
    t_alt = time.perf_counter() - t0
    t0 = time.perf_counter()
    alt_slow = alternate_reference(small, None, args.patience)
    t_alt_loop = (time.perf_counter() - t0) * args.runs / n_ref
    alt_same = (alt_slow.drafts == alt.drafts[:, :n_ref]).all()

    shares = ", ".join(f"{k} {v:.1%}" for k, v in sim.results.items())
    print(f"scenario {s.id}: {args.runs:,} mediated runs, patience {args.patience} ({shares})")
    print(f"{'row':<28}{'seconds':>10}{'runs/s':>12}")
    print(f"{'vectorised (end to end)':<28}{best:>10.3f}{args.runs / best:>12,.0f}")
    print(f"{'vectorised (process only)':<28}{t_fast:>10.3f}{args.runs / t_fast:>12,.0f}")
    print(f"{'loop (process only, scaled)':<28}{t_loop:>10.3f}{args.runs / t_loop:>12,.0f}")
    print(
        f"speed-up of the process over the loop: {t_loop / t_fast:,.0f}x "
        f"(loop timed on {n_ref} runs; same results: {bool(same)})"
    )
    print(f"{'alternating (process only)':<28}{t_alt:>10.3f}{args.runs / t_alt:>12,.0f}")
    print(f"{'alternating loop (scaled)':<28}{t_alt_loop:>10.3f}{args.runs / t_alt_loop:>12,.0f}")
    print(
        f"speed-up of alternating offers over its loop: {t_alt_loop / t_alt:,.0f}x "
        f"(same results: {bool(alt_same)})"
    )
    verdict = "meets" if best < TARGET_SECONDS else "MISSES"
    print(
        f"target: {args.runs:,} runs under {TARGET_SECONDS:.0f} s: {verdict} ({best:.2f} s, 1 core)"
    )


if __name__ == "__main__":
    main()
