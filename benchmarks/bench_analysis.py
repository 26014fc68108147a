"""The whole bargaining analysis of the built-in scenarios, timed against its target.

`accord analyze` on the Ukraine scenario (ZOPA with its diagnosis, exact Pareto frontier,
every bargaining solution, verdicts and smallest amendments for every draft) must take
under 5 s. For scale, each row also times brute force where it is feasible: enumerating
the whole outcome space in NumPy and filtering the ZOPA from it, in the same run.

    .venv/bin/python benchmarks/bench_analysis.py
"""

from __future__ import annotations

import resource
import time

from accord.analysis.bargaining import analyze
from accord.analysis.space import outcome_space, parties
from accord.analysis.zopa import acceptable
from accord.io import load_builtin

TARGET_S = 5.0
BRUTE_LIMIT = 5_000_000


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rows = [
        ("ukraine-2025", None),
        ("ukraine-2025", ["russia", "ukraine", "usa"]),
        ("ukraine-2025", ["russia", "ukraine", "usa", "europe"]),
        ("uaw-detroit-2023", None),
    ]
    print(
        f"{'scenario':<18} {'actors':<30} {'outcomes':>9} {'analyze':>9} {'brute ZOPA':>11}  target"
    )
    for name, actors in rows:
        s = load_builtin(name)
        chosen = actors or parties(s)
        space = outcome_space(s, chosen)
        t = best_of(lambda s=s, chosen=chosen: analyze(s, chosen))
        brute = "—"
        if space.size <= BRUTE_LIMIT:

            def run(space=space) -> int:  # type: ignore[no-untyped-def]
                return int(acceptable(space, space.enumerate()).sum())

            brute = f"{best_of(run):.3f} s"
        verdict = "ok" if t < TARGET_S else "MISSED"
        print(
            f"{name:<18} {','.join(chosen):<30} {space.size:>9.2g} {t:>7.3f} s {brute:>11}  "
            f"< {TARGET_S:g} s: {verdict}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
