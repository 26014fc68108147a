"""Implicit moves against listed moves: time and peak memory of every stability concept
(R, GMR, SMR, SEQ, SIM) on option-form conflicts, each case in its own process.

Shapes (each DM changes any nonempty set of its own options in one move, as in conflict
files and GMCR+; ranks are seeded random integers with ties, as in bench_stability.py):

- easy: one option per DM (every move changes one option), and 2 DMs x 6 options;
- hard: 2 DMs x 8 options (2^16 states, 33 million moves), 2 x 9 (2^18), 4 x 5 (2^20);
- a conflict file of 2 DMs x 9 options with twelve prioritisation statements per DM, run as
  ``accord conflict FILE --json --moves MODE``.

Targets: 4 x 5 under 60 s and 2 GB, 2 x 9 under 30 s and 2 GB (implicit). The listed run is
skipped where its estimated memory exceeds --listed-gb (default 6) or its move count
--listed-moves (default 40 million, about two minutes on this machine): the line says so,
with the estimated move count. The ratio is listed / implicit in the same run.

    .venv/bin/python benchmarks/bench_conflict_implicit.py [--seed 20261207] [--listed-moves N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.implicit import OptionMoves, move_counts
from accord.conflict.stability import analyze
from accord.conflict.states import BYTES_PER_MOVE, listed_moves

CONCEPTS = ["R", "GMR", "SMR", "SEQ", "SIM"]
#: (name, options per DM): built from arrays.
SHAPES = [
    ("easy: 10 DMs x 1 option", [1] * 10),
    ("easy: 2 DMs x 6 options", [6, 6]),
    ("hard: 2 DMs x 8 options", [8, 8]),
    ("hard: 2 DMs x 9 options", [9, 9]),
    ("hard: 4 DMs x 5 options", [5, 5, 5, 5]),
]
FILE_CASE = "file: 2 DMs x 9 options, 12 statements each (accord conflict --json)"
TARGETS = {"hard: 2 DMs x 9 options": (30.0, 2048.0), "hard: 4 DMs x 5 options": (60.0, 2048.0)}


def option_graph(split: list[int], seed: int, implicit: bool) -> ConflictGraph:
    """Every code feasible; DM i owns the next split[i] bits; seeded ranks with ties."""
    m = sum(split)
    n = 1 << m
    rng = np.random.default_rng(seed)
    rank = rng.integers(0, n // 2 + 1, size=(len(split), n), dtype=np.int64)
    own, first = [], 0
    for k in split:
        own.append(((1 << k) - 1) << first)
        first += k
    codes = np.arange(n, dtype=np.int64)
    dms = tuple(f"dm{i}" for i in range(len(split)))
    if implicit:
        moves = OptionMoves(m, codes, own, 0, 0)
        return ConflictGraph(dms, n, (), (), rank, options=codes, implicit=moves)
    csr = listed_moves(codes, own, 0, 0)
    return ConflictGraph(
        dms, n, tuple(p for p, _ in csr), tuple(t for _, t in csr), rank, options=codes
    )


def n_moves(split: list[int]) -> int:
    m = sum(split)
    return int(move_counts(OptionMoves(m, np.arange(1 << m), _own(split), 0, 0)).sum())


def _own(split: list[int]) -> list[int]:
    own, first = [], 0
    for k in split:
        own.append(((1 << k) - 1) << first)
        first += k
    return own


def conflict_file(seed: int, per_dm: int = 9, statements: int = 12) -> str:
    """A conflict file: two DMs of ``per_dm`` options, ``statements`` random prioritisation
    statements each (seeded), two options irreversible, one infeasibility condition."""
    rng = random.Random(seed)
    a = [f"a{k}" for k in range(per_dm)]
    b = [f"b{k}" for k in range(per_dm)]
    ids = a + b

    def statement() -> str:
        x, y = rng.sample(ids, 2)
        sx, sy = rng.choice(["", "-"]), rng.choice(["", "-"])
        return f"{sx}{x} {rng.choice(['&', '|', 'iff'])} {sy}{y}"

    def options(names: list[str]) -> str:
        kinds = {names[0]: "forward", names[1]: "backward"}
        return ", ".join(
            f"{{id: {o}, irreversible: {kinds[o]}}}" if o in kinds else f"{{id: {o}}}"
            for o in names
        )

    prefs = "\n".join(
        f"  - dm: {dm}\n    prioritization: [{', '.join(statement() for _ in range(statements))}]"
        for dm in ("one", "two")
    )
    return (
        "id: generated\ntitle: Generated\ndecision_makers:\n"
        f"  - id: one\n    name: One\n    options: [{options(a)}]\n"
        f"  - id: two\n    name: Two\n    options: [{options(b)}]\n"
        f"infeasible: [{{forbid: {a[2]} & {b[2]} & {a[3]}}}]\n"
        f"preferences:\n{prefs}\n"
    )


def child(case: str, mode: str, seed: int, path: str | None) -> None:
    """Run one case in this process and print its time and peak memory as JSON."""
    t0 = time.perf_counter()
    if path is not None:
        from accord.cli.app import app

        with contextlib.redirect_stdout(io.StringIO()) as out:
            app(["conflict", path, "--json", "--moves", mode], standalone_mode=False)
        doc = json.loads(out.getvalue())
        equilibria = {k: len(v) for k, v in doc["equilibria"].items()}
    else:
        split = dict(SHAPES)[case]
        graph = option_graph(split, seed, implicit=mode == "implicit")
        result = analyze(graph, CONCEPTS)
        equilibria = {k: len(result.equilibria(k)) for k in CONCEPTS}
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "equilibria": equilibria}))


def run(case: str, mode: str, seed: int, path: str | None) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", case, "--mode", mode, "--seed", str(seed)]
    if path is not None:
        cmd += ["--path", path]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--listed-moves", type=int, default=40_000_000)
    parser.add_argument("--listed-gb", type=float, default=6.0)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.mode, args.seed, args.path)
        return
    print(f"seed {args.seed}; {os.cpu_count()} cores; concepts {', '.join(CONCEPTS)} (SIM joint)")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "generated.yaml")
        Path(path).write_text(conflict_file(args.seed))
        cases: list[tuple[str, list[int], str | None]] = [(n, s, None) for n, s in SHAPES]
        cases.append((FILE_CASE, [9, 9], path))
        for name, split, file in cases:
            if args.only and args.only not in name:
                continue
            moves = n_moves(split)
            print(f"\n{name}: {1 << sum(split):,} codes, {moves:,} listed moves")
            got = {}
            for mode in ("implicit", "listed"):
                estimate_gb = moves * BYTES_PER_MOVE / 2**30
                if mode == "listed" and (moves > args.listed_moves or estimate_gb > args.listed_gb):
                    print(
                        f"  listed   skipped: {moves:,} moves, about {estimate_gb:.1f} GB "
                        f"(above --listed-moves {args.listed_moves:,} or --listed-gb "
                        f"{args.listed_gb})"
                    )
                    continue
                before = load()
                r = run(name, mode, args.seed, file)
                got[mode] = r
                print(
                    f"  {mode:8} {r['seconds']:8.2f} s ({r['cpu']:.1f} s CPU, imports included) "
                    f"{r['peak_mb']:8.0f} MB peak "
                    f"(load {before} -> {load()}); equilibria {r['equilibria']}"
                )
            if "listed" in got:
                ratio = float(got["listed"]["seconds"]) / float(got["implicit"]["seconds"])  # type: ignore[arg-type]
                same = got["listed"]["equilibria"] == got["implicit"]["equilibria"]
                print(f"  listed / implicit time: {ratio:.1f}x; same equilibria: {same}")
            if name in TARGETS:
                secs, mb = TARGETS[name]
                r = got["implicit"]
                ok = float(r["seconds"]) < secs and float(r["peak_mb"]) < mb  # type: ignore[arg-type]
                print(f"  target under {secs:.0f} s and {mb:.0f} MB: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
