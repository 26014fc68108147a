"""The cost of one exact Pareto merge step, measured and fitted; the estimate checked.

Each merge step of ``pareto_frontier`` (see :mod:`accord.analysis.pareto`) forms C candidate
sums (the frontier so far plus one factor's options), keeps the F that no other dominates,
for d parties. This script records (C, F, d, seconds) for every step of the exact merge on
the spaces users build, and fits the step cost model of
:mod:`accord.analysis.frontier_cost` in log space, one model per dominance path (d <= 3:
NumPy sweeps; d >= 4: moocore's compiled filter).

Two parts:

1. ``fit``: random additive utilities (``bench_pareto.random_tables``) of 2 to 6 parties,
   10 to 40 issues of 3 to 7 options (``FIT_SHAPES``), on ``FIT_SEEDS``; every step with at least
   ``MIN_FITTED`` candidates is printed and fitted. Candidate shapes compared:
   ``s = a_d C`` (linear), ``s = a_d C (log2 C)^k``, ``s = a_d C^a F^b``, all by least
   squares on log seconds.
2. ``check``: spaces NOT used for fitting (other seeds, other shapes, the built-in
   scenarios with all their actors): ``estimate_frontier`` against the exact merge as it
   runs (seconds, points, peak memory).

Each space runs in a child process (a step that would take past ``--timeout`` seconds stops
it; the steps done so far are kept). Wall time depends on what else the machine runs: the
load average (/proc/loadavg) is printed before and after.

    .venv/bin/python benchmarks/fit_frontier_cost.py [--parts fit,check] [--timeout 60]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import time
from queue import Empty
from typing import Any
from unittest import mock

import numpy as np

from bench_montecarlo import loadavg
from bench_pareto import accord_document, random_tables

#: Steps with fewer candidates are left out of the fit: their time is Python overhead.
MIN_FITTED = 4_000
#: (parties, issues, options) fitted, on FIT_SEEDS.
FIT_SHAPES = [
    (2, 16, 7),
    (2, 40, 5),
    (3, 16, 7),
    (3, 20, 5),
    (3, 12, 7),
    (4, 12, 5),
    (4, 14, 4),
    (4, 13, 6),
    (4, 10, 7),
    (4, 16, 5),
    (5, 12, 5),
    (5, 10, 6),
    (5, 14, 3),
    (5, 13, 5),
    (6, 10, 5),
    (6, 12, 3),
]
FIT_SEEDS = [1, 2, 3]
#: Held back: shapes never fitted (and fitted shapes on other seeds), and the built-ins.
CHECK_SPACES: list[tuple[Any, ...]] = [
    ("random", 2, 15, 6, 11),
    ("random", 3, 15, 6, 11),
    ("random", 3, 10, 7, 12),
    ("random", 4, 13, 5, 11),
    ("random", 4, 11, 6, 12),
    ("random", 5, 13, 5, 11),
    ("random", 5, 12, 5, 12),
    ("random", 5, 14, 5, 2025),
    ("random", 5, 14, 5, 1),
    ("random", 5, 11, 7, 13),
    ("random", 6, 11, 4, 11),
    ("random", 6, 9, 6, 12),
    ("builtin", "ukraine-2025"),
    ("builtin", "uaw-detroit-2023"),
    ("builtin", "dayton-1995"),
    ("builtin", "iran-2015"),
]


def space_of(spec: tuple[Any, ...]) -> Any:
    from accord.analysis.space import outcome_space
    from accord.io import load_builtin
    from accord.model import Scenario

    if spec[0] == "builtin":
        from accord.analysis.utility import compile_preferences

        scenario = load_builtin(spec[1])  # every actor that has stances
        return outcome_space(scenario, actors=compile_preferences(scenario).actors)
    _, parties, issues, options, seed = spec
    doc = accord_document(*random_tables(parties, issues, options, seed, 0))
    return outcome_space(Scenario.model_validate(doc))


def label(spec: tuple[Any, ...]) -> str:
    if spec[0] == "builtin":
        return str(spec[1])
    return f"{spec[1]}x{spec[2]}x{spec[3]} s{spec[4]}"


def rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker(spec: tuple[Any, ...], estimate_first: bool, queue: Any) -> None:
    """Runs the exact merge, putting one ("step", C, F, d, seconds) per merge step, then
    ("done", points, seconds, peak bytes over the start)."""
    from accord.analysis import pareto

    space = space_of(spec)
    d = len(space.actors)
    if estimate_first:
        t0 = time.perf_counter()
        est = pareto.estimate_frontier(space)
        queue.put(("estimate", est.points, est.seconds, est.bytes, time.perf_counter() - t0))
    seen: list[tuple[int, int]] = []
    real = pareto.pareto_mask

    def recording(points: np.ndarray, **kw: Any) -> np.ndarray:
        mask = real(points, **kw)
        if "cancel" in kw:  # the candidates' filter (a factor's own options pass no token)
            seen.append((len(points), int(mask.sum())))
        return mask

    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        c, f = seen[-1] if seen else (1, 1)
        queue.put(("step", c, f, d, now - last[0]))
        last[0] = now

    base = rss_bytes()
    start = time.perf_counter()
    with mock.patch.object(pareto, "pareto_mask", recording):
        last[0] = time.perf_counter()
        front = pareto.pareto_frontier(space, epsilon=0, progress=progress)
    queue.put(("done", front.size, time.perf_counter() - start, rss_bytes() - base))


def run(spec: tuple[Any, ...], timeout: float, estimate_first: bool) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=worker, args=(spec, estimate_first, queue))
    proc.start()
    out: dict[str, Any] = {"steps": [], "done": None, "estimate": None}
    deadline = time.perf_counter() + timeout
    while True:
        try:
            msg = queue.get(timeout=max(0.1, deadline - time.perf_counter()))
        except Empty:
            if time.perf_counter() >= deadline or not proc.is_alive():
                break
            continue
        if msg[0] == "step":
            out["steps"].append(msg[1:])
        elif msg[0] == "estimate":
            out["estimate"] = msg[1:]
        else:
            out["done"] = msg[1:]
            break
    proc.terminate()
    proc.join()
    return out


def design(c: np.ndarray, f: np.ndarray, d: np.ndarray, shape: str) -> np.ndarray:
    """Columns of the log-space regression: one intercept per party count, then the shape's
    terms."""
    ds = sorted(set(d.tolist()))
    cols = [(d == k).astype(float) for k in ds]
    lc, lf = np.log(c), np.log(f)
    if shape == "C":
        return np.stack(cols, axis=1)
    if shape == "C log^k C":
        return np.stack([*cols, np.log(np.log2(c))], axis=1)
    return np.stack([*cols, lc, lf], axis=1)  # "C^a F^b"


def fit(rows: np.ndarray, shape: str) -> tuple[np.ndarray, float, float]:
    """Least squares on log seconds; returns coefficients, RMS of the log10 residual and the
    largest factor by which a step's time is under-predicted."""
    c, f, d, s = rows.T
    x = design(c, f, d, shape)
    y = np.log(s) - (np.log(c) if shape != "C^a F^b" else 0.0)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    return coef, float(np.sqrt(np.mean(resid**2)) / np.log(10)), float(np.exp(resid.max()))


def part_fit(timeout: float) -> None:
    print(f"fit: shapes {FIT_SHAPES}, seeds {FIT_SEEDS}; load average before: {loadavg()}")
    rows = []
    for parties, issues, options in FIT_SHAPES:
        for seed in FIT_SEEDS:
            spec = ("random", parties, issues, options, seed)
            out = run(spec, timeout, estimate_first=False)
            steps = [s for s in out["steps"] if s[0] >= MIN_FITTED]
            total = sum(s[3] for s in out["steps"])
            print(
                f"  {label(spec):>14}: {len(out['steps'])} steps, {total:6.2f} s"
                + ("" if out["done"] else " (stopped)")
            )
            for c, f, d, sec in steps:
                print(f"      C {c:>9,}  F {f:>8,}  d {d}  {sec * 1e3:9.2f} ms")
                rows.append((c, f, d, sec))
    print(f"load average after: {loadavg()}")
    data = np.array(rows, dtype=float)
    for path, keep in (("d <= 3 (NumPy)", data[:, 2] <= 3), ("d >= 4 (moocore)", data[:, 2] >= 4)):
        sub = data[keep]
        print(f"\n{path}: {len(sub)} steps of at least {MIN_FITTED:,} candidates")
        for shape in ("C", "C log^k C", "C^a F^b"):
            coef, rms, worst = fit(sub, shape)
            ds = sorted(set(sub[:, 2].astype(int).tolist()))
            inter = ", ".join(f"d={k}: {np.exp(v):.3g}" for k, v in zip(ds, coef, strict=False))
            extra = coef[len(ds) :]
            print(
                f"  s = {shape:<10} intercepts {inter}; terms {np.round(extra, 3).tolist()}; "
                f"RMS log10 residual {rms:.3f}; worst under-prediction x{worst:.2f}"
            )
        per_c = sub[:, 3] / sub[:, 0]
        for k in sorted(set(sub[:, 2].astype(int).tolist())):
            sel = sub[:, 2] == k
            print(
                f"  d={k}: seconds per candidate row median {statistics.median(per_c[sel]):.3g}, "
                f"range {per_c[sel].min():.3g}-{per_c[sel].max():.3g} over {int(sel.sum())} steps"
            )
    chosen_fit(data)


def chosen_fit(data: np.ndarray) -> None:
    """The model as :mod:`accord.analysis.frontier_cost` writes it, fitted, against the
    constants there."""
    from accord.analysis import frontier_cost as fc

    c, f, d, s = data.T
    low = d <= 3
    if low.any():
        cell = float(np.median(s[low] / (c[low] * d[low])))
        print(f"\nchosen, d <= 3: s = {cell:.3g} * C * d  (frontier_cost: {fc.NUMPY_CELL_SECONDS})")
    high = ~low
    x = np.stack([np.ones(high.sum()), np.log(d[high] / 4), np.log(c[high]), np.log(f[high])], 1)
    coef, *_ = np.linalg.lstsq(x, np.log(s[high]), rcond=None)
    print(
        f"chosen, d >= 4: s = {np.exp(coef[0]):.3g} * (d/4)^{coef[1]:.2f} * C^{coef[2]:.2f} "
        f"* F^{coef[3]:.2f}  (frontier_cost: {fc.MOOCORE_SECONDS} * (d/4)^{fc.MOOCORE_PARTIES}"
        f" * C^{fc.MOOCORE_C} * F^{fc.MOOCORE_F})"
    )
    for path, sel in (("d <= 3", low), ("d >= 4", high)):
        if not sel.any():
            continue
        model = np.zeros(int(sel.sum()))
        for k in sorted(set(d[sel].astype(int).tolist())):  # one vectorised call per d
            at = d[sel] == k
            model[at] = fc.step_seconds(c[sel][at], f[sel][at], k)
        ratio = model / s[sel]
        print(
            f"  frontier_cost.step_seconds / measured, {path}: min {ratio.min():.2f}, "
            f"median {np.median(ratio):.2f}, max {ratio.max():.2f} over {int(sel.sum())} steps"
        )


def part_check(timeout: float) -> None:
    print(f"\ncheck (held back): load average before: {loadavg()}")
    print(
        f"{'space':>18} {'est s':>8} {'true s':>8} {'est/true':>8} {'est pts':>9} "
        f"{'true pts':>9} {'est/true':>8} {'est MiB':>8} {'peak MiB':>8} {'estimate s':>10}"
    )
    for spec in CHECK_SPACES:
        out = run(spec, timeout, estimate_first=True)
        est = out["estimate"]
        if out["done"] is None or est is None:
            said = "" if est is None else f"{est[1]:8.2f}"
            print(f"{label(spec):>18} {said} (did not finish in {timeout:.0f} s)")
            continue
        points, seconds, peak = out["done"]
        print(
            f"{label(spec):>18} {est[1]:8.2f} {seconds:8.2f} {est[1] / seconds:8.2f} "
            f"{est[0]:9,} {points:9,} {est[0] / max(points, 1):8.2f} "
            f"{est[2] / 2**20:8.0f} {peak / 2**20:8.0f} {est[3]:10.3f}"
        )
    print(f"load average after: {loadavg()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", default="fit,check")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    parts = args.parts.split(",")
    if "fit" in parts:
        part_fit(args.timeout)
    if "check" in parts:
        part_check(args.timeout)


if __name__ == "__main__":
    main()
