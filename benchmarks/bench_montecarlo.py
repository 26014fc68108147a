"""Monte Carlo forecasts: the chunked, vectorised run against a per-draw Python loop.

Target: 10,000 draws of a 20-actor x 14-issue EUM (10 rounds) in under 20 s on this 2-core
machine while another process keeps one core busy (``--busy``: the script starts a ``while
True`` loop in a subprocess for those rows and stops it after), with the process's peak
resident memory under 500 MB (printed as ``peak MB``: the largest resident set of this
process so far, so a row's figure includes the rows before it).
When :data:`accord.forecast.models.MODELS` has ``eum`` that case is run; otherwise (and
always, for comparison) the ``compromise`` and ``median`` models are measured on the same
scenario. The scenario is seeded and random: every capability, position and salience has a
spread. Forecasts only (no parties, so no acceptance or ZOPA work), as the target asks.

Two references, each a plain Python loop over draws, timed on a small number of draws in the
same run and scaled to the full count: ``loop`` draws one scenario's numbers, builds its
``[A, I]`` arrays and runs the model, one draw at a time; ``model loop`` runs only the model,
one draw at a time, on the numbers the vectorised run drew (and must give its forecasts).
Rows:

- ``numpy``: :func:`simulate` on the local NumPy backend (one process);
- ``processes``: the same on the local process pool (``backend="processes"``, 2 workers),
  identical numbers;
- ``dask x2``: the same on a local Dask cluster of 2 worker processes (needs
  ``dask[distributed]``; skipped with a note otherwise), identical numbers;
- with ``--busy``, the EUM rows again (``numpy+busy``, ``procs+busy``) while another
  process keeps one core busy.

The load average (``/proc/loadavg``) is printed before and after: other work on the machine
changes every wall time.

    .venv/bin/python benchmarks/bench_montecarlo.py [--draws 10000] [--actors 20]
        [--issues 14] [--reference-draws 100] [--no-dask] [--busy]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from accord.forecast.models import MODELS, Inputs
from accord.forecast.montecarlo import simulate
from accord.model import Scenario
from accord.uncertainty.draws import apply, base_arrays, sample

#: The target for the EUM case, in seconds, with one core kept busy by another process.
TARGET_SECONDS = 20.0
#: The target for the peak resident memory, in MB.
TARGET_MB = 500.0


def peak_mb() -> float:
    """This process's largest resident set so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def random_scenario(n_actors: int, n_issues: int, seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    issues = []
    for i in range(n_issues):
        if i % 2:
            issues.append(
                {"id": f"i{i}", "name": f"issue {i}", "kind": "continuous", "min": 0, "max": 100}
            )
        else:
            options = [{"id": f"o{k}", "label": f"option {k}"} for k in range(5)]
            issues.append(
                {"id": f"i{i}", "name": f"issue {i}", "kind": "ordinal", "options": options}
            )
    actors = []
    for a in range(n_actors):
        cap = float(rng.uniform(0.5, 2))
        actors.append(
            {
                "id": f"a{a}",
                "name": f"actor {a}",
                "role": "observer",
                "capability": cap,
                "uncertainty": {
                    "capability": {"low": cap * 0.8, "high": cap * 1.2, "distribution": "normal"}
                },
            }
        )
    stances = []
    for a in range(n_actors):
        for i, issue in enumerate(issues):
            sal = float(rng.uniform(0.2, 0.9))
            spread: dict[str, Any] = {"salience": {"low": sal - 0.1, "high": sal + 0.1}}
            if issue["kind"] == "continuous":
                pos = float(rng.integers(10, 91))
                spread["position"] = {
                    "low": pos - 10,
                    "high": pos + 10,
                    "distribution": "triangular",
                }
            else:
                k = int(rng.integers(1, 4))
                pos = f"o{k}"
                spread["position"] = {"low": f"o{k - 1}", "high": f"o{k + 1}"}
            stances.append(
                {
                    "actor": f"a{a}",
                    "issue": f"i{i}",
                    "position": pos,
                    "salience": sal,
                    "judgement": "random",
                    "uncertainty": spread,
                }
            )
    return Scenario.model_validate(
        {
            "id": "bench",
            "title": "Monte Carlo benchmark",
            "actors": actors,
            "issues": issues,
            "stances": stances,
        }
    )


def _one(drawn: Any, d: int) -> Inputs:
    return Inputs(
        position=drawn.position[d],
        capability=drawn.capability[d],
        salience=drawn.salience[d],
        low=drawn.low,
        high=drawn.high,
    )


def loop_full(scenario: Scenario, model: str, n: int) -> float:
    """The plain loop, seconds per draw: draw one scenario's numbers, build its arrays,
    run the model, one draw at a time."""
    base = base_arrays(scenario)
    fn = MODELS[model]
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for _ in range(n):
        fn(_one(apply(base, sample(base.inputs, 1, rng)), 0))
    return (time.perf_counter() - start) / n


def loop_model(scenario: Scenario, model: str, values: np.ndarray) -> tuple[np.ndarray, float]:
    """The model alone, one draw at a time, on given drawn values: forecasts, s per draw."""
    drawn = apply(base_arrays(scenario), values)
    fn = MODELS[model]
    start = time.perf_counter()
    out = [fn(_one(drawn, d)) for d in range(values.shape[0])]
    return np.array(out), (time.perf_counter() - start) / values.shape[0]


def run(args: argparse.Namespace) -> None:
    scenario = random_scenario(args.actors, args.issues, seed=1)
    models = (["eum"] if "eum" in MODELS else []) + ["compromise", "median"]
    client = None
    notes = []
    if not args.no_dask:
        try:
            import distributed

            cluster = distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            client = distributed.Client(cluster)
        except ImportError:
            notes.append("dask not installed: no dask rows (pip install 'accord[dask]')")
    if "eum" not in MODELS:
        notes.append("no 'eum' model registered yet: the 30 s target case was not run")
    print(
        f"Monte Carlo forecasts: {args.actors} actors x {args.issues} issues, "
        f"{args.draws:,} draws, every input uncertain; load average before: {loadavg()}"
    )
    header = (
        f"{'model':<11} {'backend':<10} {'seconds':>9} {'loop (est.)':>12} {'ratio':>8} "
        f"{'model loop':>11} {'ratio':>8} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for model in models:
        start = time.perf_counter()
        sim = simulate(scenario, model, draws=args.draws, seed=0, parties=[])
        vec = time.perf_counter() - start
        n_ref = min(args.reference_draws, args.draws)
        ys, per_model = loop_model(scenario, model, sim.values[:n_ref])
        np.testing.assert_allclose(ys, sim.forecasts[:n_ref], rtol=1e-9, atol=1e-9)
        loop = loop_full(scenario, model, n_ref) * args.draws
        bare = per_model * args.draws

        def row(
            backend: str, secs: float, loop: float = loop, bare: float = bare, model: str = model
        ) -> str:
            return (
                f"{model:<11} {backend:<10} {secs:>9.2f} {loop:>12.2f} {loop / secs:>7.1f}x "
                f"{bare:>11.2f} {bare / secs:>7.1f}x {peak_mb():>8.0f}"
            )

        print(row("numpy", vec))
        timings = {"numpy": vec}
        if model == "eum":
            start = time.perf_counter()
            pooled = simulate(
                scenario, model, draws=args.draws, seed=0, parties=[], backend="processes"
            )
            timings["processes"] = time.perf_counter() - start
            assert np.array_equal(pooled.forecasts, sim.forecasts, equal_nan=True)
            print(row("processes", timings["processes"]))
            if args.busy:
                for backend, label in (("numpy", "numpy+busy"), ("processes", "procs+busy")):
                    other = subprocess.Popen([sys.executable, "-c", "while True: pass"])
                    try:
                        start = time.perf_counter()
                        simulate(
                            scenario, model, draws=args.draws, seed=0, parties=[],
                            backend=backend,
                        )  # fmt: skip
                        timings[label] = time.perf_counter() - start
                    finally:
                        other.kill()
                        other.wait()
                    print(row(label, timings[label]))
        if client is not None:
            start = time.perf_counter()
            remote = simulate(
                scenario, model, draws=args.draws, seed=0, parties=[], backend="dask",
                address=client,
            )  # fmt: skip
            par = time.perf_counter() - start
            assert np.array_equal(remote.forecasts, sim.forecasts, equal_nan=True)
            print(row("dask x2", par))
        if model == "eum":
            busy = {k: v for k, v in timings.items() if k.endswith("+busy")}
            if busy:
                label, best = min(busy.items(), key=lambda kv: kv[1])
                verdict = "met" if best < TARGET_SECONDS else "MISSED"
                notes.append(
                    f"eum target (< {TARGET_SECONDS:.0f} s with a busy core): {verdict} "
                    f"({best:.1f} s, {label})"
                )
            else:
                notes.append("eum target is with a busy core: run with --busy to check it")
            verdict = "met" if peak_mb() < TARGET_MB else "MISSED"
            notes.append(f"peak memory (< {TARGET_MB:.0f} MB): {verdict} ({peak_mb():.0f} MB)")
    print(
        f"(loop: draw + build + model, {n_ref} draws one at a time, scaled to {args.draws:,};\n"
        " model loop: the model alone, one draw at a time, on the same drawn numbers;\n"
        " ratio: loop time / run time)"
    )
    for note in notes:
        print(f"note: {note}")
    print(f"load average after: {loadavg()}")
    if client is not None:
        client.close()
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=20)
    parser.add_argument("--issues", type=int, default=14)
    parser.add_argument("--reference-draws", type=int, default=100)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--busy", action="store_true", help="EUM rows with a busy core too")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
