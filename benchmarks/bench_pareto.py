"""Exact Pareto frontiers: accord against NegMAS, from scenario to frontier.

Every row builds seeded random additive utilities (ordinal issues, a random utility per
option and a random salience per issue and party) and times, in a fresh process each:

* accord: scenario document -> ``Scenario`` -> ``outcome_space`` -> ``pareto_frontier``
  (``auto``: the factor-wise merge); the ``enumerate`` column times the same with every
  outcome listed (where the space is small enough);
* NegMAS (``pip install negmas``, AGPL; used only here): issues and linear additive utility
  functions -> ``negmas.preferences.pareto_frontier`` (it lists every outcome).

Times are the best of at least three runs; peak memory is the largest traced allocation
(``tracemalloc``) during one more run. Frontiers are compared as sets of outcomes (random
utilities have no ties; NegMAS keeps one outcome per utility vector, accord all of them).

    .venv/bin/python benchmarks/bench_pareto.py [--seed 2025] [--negmas-timeout 600]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

#: (label, parties, issues, options per issue, run NegMAS?, accord target in seconds)
ROWS: list[tuple[str, int, int, int, bool, float | None]] = [
    ("1e4", 2, 4, 10, True, None),
    ("1e4", 3, 4, 10, True, None),
    ("1e5", 2, 5, 10, True, None),
    ("1e5", 3, 5, 10, True, None),
    ("1e6", 2, 6, 10, True, None),
    ("1e6", 3, 6, 10, True, None),
    ("5^40", 2, 40, 5, False, 1.0),
    ("5^20", 3, 20, 5, False, 10.0),
]
#: accord should be at least this many times faster than NegMAS where both run.
TARGET_RATIO = 30.0


def random_tables(
    n_parties: int, n_issues: int, n_options: int, seed: int, row: int
) -> tuple[np.ndarray, np.ndarray]:
    """Utility of every option [P, I, K] in 0..1 and normalised issue weights [P, I]."""
    rng = np.random.default_rng([seed, row])
    tables = rng.random((n_parties, n_issues, n_options))
    salience = rng.uniform(0.05, 1.0, size=(n_parties, n_issues))
    return tables, salience


def accord_document(tables: np.ndarray, salience: np.ndarray) -> dict[str, Any]:
    n_parties, n_issues, n_options = tables.shape
    options = [{"id": f"o{k}", "label": f"option {k}"} for k in range(n_options)]
    return {
        "id": "bench",
        "title": "random additive utilities",
        "actors": [
            {"id": f"p{a}", "name": f"party {a}", "role": "party", "capability": 1}
            for a in range(n_parties)
        ],
        "issues": [
            {"id": f"i{i}", "name": f"issue {i}", "kind": "ordinal", "options": options}
            for i in range(n_issues)
        ],
        "stances": [
            {
                "actor": f"p{a}",
                "issue": f"i{i}",
                "position": f"o{int(tables[a, i].argmax())}",
                "salience": float(salience[a, i]),
                "utility": "table",
                "table": {f"o{k}": float(tables[a, i, k]) for k in range(n_options)},
            }
            for a in range(n_parties)
            for i in range(n_issues)
        ],
    }


def accord_run(doc: dict[str, Any], actors: list[str] | None, method: str) -> Callable[[], Any]:
    """Scenario document -> frontier, as a function to time; it returns what the outcome
    set is read from."""
    from accord.analysis.pareto import pareto_frontier
    from accord.analysis.space import outcome_space
    from accord.model import Scenario

    def run() -> Any:
        scenario = Scenario.model_validate(doc)
        space = outcome_space(scenario, actors=actors)
        return space, pareto_frontier(space, method=method)

    return run


def accord_outcomes(result: Any) -> list[tuple[str, ...]]:
    space, front = result
    return [tuple(str(v) for v in o.values()) for o in front.outcomes(space)]


def negmas_run(tables: np.ndarray, salience: np.ndarray) -> Callable[[], Any]:
    """Issues and linear additive utility functions -> NegMAS's frontier, to time."""
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, pareto_frontier

    n_parties, n_issues, n_options = tables.shape
    weights = salience / salience.sum(axis=1, keepdims=True)  # as accord normalises them
    names = [f"o{k}" for k in range(n_options)]

    def run() -> Any:
        issues = [make_issue(names, name=f"i{i}") for i in range(n_issues)]
        ufuns = [
            LinearAdditiveUtilityFunction(
                values={
                    f"i{i}": {names[k]: float(tables[a, i, k]) for k in range(n_options)}
                    for i in range(n_issues)
                },
                weights={f"i{i}": float(weights[a, i]) for i in range(n_issues)},
                issues=issues,
            )
            for a in range(n_parties)
        ]
        _, indices = pareto_frontier(ufuns, issues=issues)
        return issues, indices

    return run


def negmas_outcomes(result: Any) -> list[tuple[str, ...]]:
    from negmas.outcomes.issue_ops import discretize_and_enumerate_issues

    issues, indices = result
    outcomes = discretize_and_enumerate_issues(issues)  # the list the indices refer to
    return [tuple(outcomes[k]) for k in indices]


def measure(run: Callable[[], Any], budget: float = 1.0) -> tuple[float, float, Any]:
    """Best time of at least 3 runs (more, up to 50, while under ``budget`` seconds), the
    peak traced memory (MiB) of one more run, and the first run's result."""
    best, spent, first = float("inf"), 0.0, None
    for k in range(50):
        t0 = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - t0
        first = result if k == 0 else first
        best, spent = min(best, elapsed), spent + elapsed
        if k >= 2 and spent > budget:
            break
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 2**20, first


def worker(spec: dict[str, Any]) -> None:
    """One measurement in this process; prints one JSON document."""
    tiny = random_tables(2, 2, 3, 0, 0)
    if spec["side"] == "negmas":
        negmas_run(*tiny)()  # warm up: imports
        tables, salience = random_tables(*spec["sizes"], spec["seed"], spec["row"])
        t, mb, result = measure(negmas_run(tables, salience))
        frontier = negmas_outcomes(result)
    elif spec["side"] == "builtin":
        from accord.analysis.pareto import pareto_frontier
        from accord.analysis.space import outcome_space
        from accord.io import load_builtin

        scenario = load_builtin(spec["scenario"])  # reading the YAML file is not timed

        def run() -> Any:
            space = outcome_space(scenario, actors=spec["actors"])
            return space, pareto_frontier(space, method=spec["method"])

        run()  # warm up
        t, mb, result = measure(run)
        frontier = accord_outcomes(result)
    else:
        accord_run(accord_document(*tiny), None, "auto")()  # warm up: imports
        doc = accord_document(*random_tables(*spec["sizes"], spec["seed"], spec["row"]))
        t, mb, result = measure(accord_run(doc, None, spec["method"]))
        frontier = accord_outcomes(result)
    print(json.dumps({"time": t, "peak_mb": mb, "frontier": frontier}))


def spawn(spec: dict[str, Any], timeout: float) -> dict[str, Any] | None:
    """Run one measurement in a fresh process; None if it timed out."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", json.dumps(spec)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        sys.exit(f"worker failed for {spec}:\n{err.stderr}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["frontier"] = {tuple(o) for o in out["frontier"]}
    return out


def fmt_time(t: float | None) -> str:
    if t is None:
        return "—"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def fmt(value: object, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--negmas-timeout", type=float, default=600.0)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return

    try:
        import negmas

        negmas_version: str | None = negmas.__version__
    except ImportError:
        negmas_version = None
    print(f"seed {args.seed}; NegMAS {negmas_version or 'not installed (pip install negmas)'}")
    print("time: best of >= 3 runs in a fresh process; MiB: peak traced by tracemalloc")
    print("accord: method auto (merge); enumerate: accord listing every outcome")
    columns = [
        ("outcomes", 9),
        ("parties", 7),
        ("accord", 10),
        ("enumerate", 10),
        ("NegMAS", 10),
        ("ratio", 7),
        ("frontier", 8),
        ("NegMAS", 6),
        ("same", 4),
        ("accord MiB", 10),
        ("NegMAS MiB", 10),
    ]
    print(" ".join(f"{name:>{w}}" for name, w in columns) + "  target / note")
    print("-" * (sum(w + 1 for _, w in columns) + 16))

    def line(values: list[str], note: str) -> None:
        print(" ".join(f"{v:>{w}}" for v, (_, w) in zip(values, columns, strict=True)), note)

    missed = []
    for row, (label, parties, issues, options, with_negmas, target) in enumerate(ROWS):
        spec = {"sizes": [parties, issues, options], "seed": args.seed, "row": row}
        fast = spawn(spec | {"side": "accord", "method": "auto"}, timeout=600)
        assert fast is not None
        listed = peer = None
        if with_negmas:
            listed = spawn(spec | {"side": "accord", "method": "enumerate"}, timeout=600)
            assert listed is not None and listed["frontier"] == fast["frontier"]
            if negmas_version:
                peer = spawn(spec | {"side": "negmas"}, timeout=args.negmas_timeout)
        ratio, same, note = None, None, ""
        if peer is not None:
            ratio = peer["time"] / fast["time"]
            same = "yes" if peer["frontier"] == fast["frontier"] else "NO"
            ok = ratio >= TARGET_RATIO
            note = f">= {TARGET_RATIO:.0f}x: {'ok' if ok else 'MISSED'}"
            if not ok:
                missed.append(f"{label} outcomes, {parties} parties: only {ratio:.0f}x")
            if same != "yes":
                missed.append(f"{label} outcomes, {parties} parties: the frontiers differ")
        elif with_negmas and negmas_version:
            note = f"NegMAS stopped after {args.negmas_timeout:.0f} s"
        if target is not None:
            ok = fast["time"] < target
            note = f"< {target:g} s: {'ok' if ok else 'MISSED'}"
            if not ok:
                missed.append(f"{label} outcomes, {parties} parties: {fast['time']:.2f} s")
        line(
            [
                label,
                str(parties),
                fmt_time(fast["time"]),
                fmt_time(listed["time"] if listed else None),
                fmt_time(peer["time"] if peer else None),
                fmt(ratio, ".0f") + ("x" if ratio else ""),
                str(len(fast["frontier"])),
                fmt(len(peer["frontier"]) if peer else None),
                fmt(same),
                f"{fast['peak_mb']:.1f}",
                fmt(peer["peak_mb"] if peer else None, ".1f"),
            ],
            note,
        )

    from accord.analysis.space import ENUMERATION_LIMIT, outcome_space
    from accord.io import load_builtin

    for name, actors in [("ukraine-2025", ["russia", "ukraine"]), ("uaw-detroit-2023", None)]:
        spec = {"side": "builtin", "scenario": name, "actors": actors}
        fast = spawn(spec | {"method": "auto"}, timeout=600)
        assert fast is not None
        space = outcome_space(load_builtin(name), actors=actors)
        listed = None
        if space.size <= ENUMERATION_LIMIT:
            listed = spawn(spec | {"method": "enumerate"}, timeout=600)
            assert listed is not None and listed["frontier"] == fast["frontier"]
        line(
            [
                f"{space.size:.1e}",
                str(len(space.actors)),
                fmt_time(fast["time"]),
                fmt_time(listed["time"] if listed else None),
                "—",
                "—",
                str(len(fast["frontier"])),
                "—",
                "—",
                f"{fast['peak_mb']:.1f}",
                "—",
            ],
            f"{name}: {', '.join(space.actors)} (space and frontier, scenario loaded)",
        )
    print()
    if missed:
        print("targets missed:")
        for m in missed:
            print(f"  - {m}")
    else:
        print("every target met; the frontiers are identical wherever both ran")
    if any("differ" in m for m in missed):
        sys.exit("accord and NegMAS found different frontiers")


if __name__ == "__main__":
    main()
