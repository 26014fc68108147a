"""`accord analyze --json` on a large frontier: peak memory of the streamed JSON against the
analysis's own, and against building the whole document as one string.

Each row writes a seeded random scenario (``bench_pareto``'s generator: 3 parties, ordinal
issues, random utilities per option and saliences per issue and party) to a YAML file,
then runs, each in a fresh process with its peak resident memory (``ru_maxrss``) recorded:

* ``analysis``: the file read and ``accord.analysis.bargaining.analyze`` run, no output;
* ``--json --all``: the command as a user runs it, every frontier outcome streamed to a
  file;
* ``--json``: the default, at most 1,000 outcomes (evenly spaced) and a note;
* ``one string`` (``--old``, or rows marked so): the same document built whole, as
  ``json.dumps(accord.api.analyze(file).to_dict(None), indent=2)``, for the ratio; its
  text is compared with the streamed one byte for byte.

Targets (the 3-party, 80-issue row, 7 options per issue: about 720,000 frontier outcomes):
``--json --all`` under 3 GB peak and within twice the analysis's own peak. A missed target
is printed as MISSED.

    .venv/bin/python benchmarks/bench_json.py [--seed 2025] [--old] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pareto import accord_document, random_tables

#: (label, parties, issues, options per issue, run the one-string build too?)
ROWS: list[tuple[str, int, int, int, bool]] = [
    ("40 issues", 3, 40, 7, True),
    ("80 issues", 3, 80, 7, False),
]
TARGET_GB = 3.0
TARGET_RATIO = 2.0

#: Runs in the measured process: ``argv[1]`` the mode, ``argv[2]`` the scenario file,
#: ``argv[3]`` where the output goes; the peak resident memory is printed last, on stderr.
MEASURED = r"""
import resource, runpy, sys
mode, path, target = sys.argv[1:4]
try:
    if mode == "analysis":
        from accord.analysis.bargaining import analyze
        from accord.io import load_scenario
        sys.stderr.write("\nFRONTIER %d\n" % analyze(load_scenario(path)).frontier.size)
    elif mode == "string":
        import json
        from accord.api import analyze
        text = json.dumps(analyze(path).to_dict(None), indent=2, ensure_ascii=False)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        sys.argv = ["accord", "analyze", path, "--json", *(["--all"] if mode == "all" else [])]
        with open(target, "w", encoding="utf-8") as sys.stdout:
            try:
                runpy.run_module("accord", run_name="__main__")
            except SystemExit as exc:
                if exc.code:
                    raise
finally:
    sys.stderr.write("\nPEAK %d\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(mode: str, scenario: Path, target: Path) -> tuple[float, float, str]:
    """(seconds, peak resident GB, what it wrote on stderr) of one run in a fresh process."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, mode, str(scenario), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    peaks = [ln for ln in done.stderr.splitlines() if ln.startswith("PEAK ")]
    if done.returncode != 0 or not peaks:
        sys.exit(f"{mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    # ru_maxrss is in KiB on Linux
    return elapsed, int(peaks[-1].split()[1]) * 1024 / 1e9, done.stderr


def write_scenario(path: Path, parties: int, issues: int, options: int, seed: int) -> None:
    from accord.io.yamltext import dump_yaml

    # a copy without shared lists, which YAML would write as aliases (refused when read)
    doc = json.loads(json.dumps(accord_document(*random_tables(parties, issues, options, seed, 0))))
    doc["id"] = f"bench-json-{parties}x{issues}x{options}"
    path.write_text(dump_yaml(doc), encoding="utf-8")


def same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 24), fb.read(1 << 24)
            if x != y:
                return False
            if not x:
                return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--old", action="store_true", help="build one string on every row")
    ap.add_argument("--keep", help="keep the scenarios and outputs in this folder")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-json-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"seed {args.seed}; peak = largest resident memory of a fresh process (ru_maxrss)")
    head = (
        f"{'row':<10} {'frontier':>9} {'run':<14} {'time':>8} {'peak GB':>8} "
        f"{'x analysis':>10} {'output':>10}  target"
    )
    print(head)
    for label, parties, issues, options, old in ROWS:
        scenario = folder / f"scenario-{parties}x{issues}x{options}.yaml"
        write_scenario(scenario, parties, issues, options, args.seed)
        t_a, peak_a, said = measure("analysis", scenario, folder / "none.json")
        frontier = int(next(ln for ln in said.splitlines() if ln.startswith("FRONTIER")).split()[1])
        print(
            f"{label:<10} {frontier:>9,} {'analysis':<14} {t_a:>6.1f} s {peak_a:>8.2f} "
            f"{1.0:>9.2f}x {'—':>10}"
        )
        runs = [("all", "--json --all"), ("capped", "--json")]
        if old or args.old:
            runs.append(("string", "one string"))
        outputs = {}
        for mode, name in runs:
            target = folder / f"{label.replace(' ', '-')}-{mode}.json"
            t, peak, _ = measure(mode, scenario, target)
            outputs[mode] = target
            size = target.stat().st_size / 1e6
            ratio = peak / peak_a
            verdict = ""
            if mode == "all" and issues == 80:
                ok = peak < TARGET_GB and ratio <= TARGET_RATIO
                verdict = f"< {TARGET_GB:g} GB and <= {TARGET_RATIO:g}x: " + (
                    "ok" if ok else "MISSED"
                )
            print(
                f"{label:<10} {'':>9} {name:<14} {t:>6.1f} s {peak:>8.2f} {ratio:>9.2f}x "
                f"{size:>7.1f} MB  {verdict}"
            )
        if "string" in outputs:
            same = same_bytes(outputs["all"], outputs["string"])
            print(f"{label:<10} streamed text == one string, byte for byte: {same}")
        if not args.keep:
            for path in [scenario, *outputs.values()]:
                path.unlink(missing_ok=True)
    if not args.keep:
        (folder / "none.json").unlink(missing_ok=True)
        folder.rmdir()


if __name__ == "__main__":
    main()
