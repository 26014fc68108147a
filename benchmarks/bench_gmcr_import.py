"""Importing GMCR+ manual rankings of many states: by state code against a statement per state.

Each row writes a seeded GMCR+ save file (``tests/gmcr_docs.py``: options in three blocks,
every combination feasible, every DM ranking every state at random with some ties)
and times, each in a fresh process:

* ``by code``: ``read_gmcr`` as it now is (a ranking of more than 256 states becomes a
  ``state_ranking`` of state codes), then writing the conflict file and reading it back
  (the round trip must give the same conflict);
* ``statements``: the same file read with every state written as a statement
  (``by_code_above`` set past the number of states): the form every ranking had before,
  with a time limit (it grows with states squared: a statement is checked against every
  state).

Target: importing a ranking of 2^18 states (3 DMs) under 30 s. A missed target is printed
as MISSED.

    .venv/bin/python benchmarks/bench_gmcr_import.py [--seed 2026] [--limit 300]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from gmcr_docs import ranked_gmcr_doc

#: (options, decision makers): rankings of 2^12 and 2^18 states
ROWS = [(12, 3), (18, 3)]
TARGET_S = 30.0

#: One run in a fresh process: argv is the mode and the file; prints seconds as JSON.
MEASURED = r"""
import hashlib, json, sys, time
mode, path = sys.argv[1:3]
t0 = time.perf_counter()
from accord.io.gmcr import read_gmcr, gmcr_to_conflict
from accord.io.conflicts import dump_conflict, parse_conflict
from accord.conflict.states import feasible_masks, ranks
t1 = time.perf_counter()
if mode == "code":
    c = read_gmcr(path)
else:
    with open(path, encoding="utf-8") as fh:
        c = gmcr_to_conflict(json.load(fh), "bench", by_code_above=10**12)
t2 = time.perf_counter()
out = {"import": t2 - t1, "states": int(len(feasible_masks(c)))}
if mode == "code":
    text = dump_conflict(c)
    t3 = time.perf_counter()
    back = parse_conflict(text, "bench.yaml")
    t4 = time.perf_counter()
    out |= {"save": t3 - t2, "load": t4 - t3, "same": back == c, "yaml_mb": len(text) / 1e6}
out["ranks"] = hashlib.sha256(ranks(c, feasible_masks(c)).tobytes()).hexdigest()
print(json.dumps(out))
"""


def run(mode: str, path: Path, limit: float) -> dict | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, mode, str(path)],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        sys.exit(f"{mode} failed:\n{err.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--limit", type=float, default=300.0, help="seconds for 'statements'")
    args = ap.parse_args()
    print(f"seed {args.seed}; times in a fresh process; statements stopped after {args.limit:g} s")
    print(
        f"{'states':>8} {'DMs':>3} {'by code':>9} {'save':>8} {'load':>8} {'YAML MB':>7} "
        f"{'same':>4} {'statements':>11} {'ratio':>7}  target"
    )
    with tempfile.TemporaryDirectory() as folder:
        for n_options, n_dms in ROWS:
            path = Path(folder) / f"ranked-{n_options}.gmcr"
            doc = ranked_gmcr_doc(n_options, n_dms, seed=args.seed, infeasible=False)
            path.write_text(json.dumps(doc), encoding="utf-8")
            new = run("code", path, 3600)
            assert new is not None
            old = run("statements", path, args.limit)
            if old is not None and old["ranks"] != new["ranks"]:
                sys.exit(f"the two forms rank {n_options} options differently")
            then = f"{old['import']:>9.2f} s" if old else f"> {args.limit:>7.0f} s"
            ratio = old["import"] / new["import"] if old else args.limit / new["import"]
            verdict = ""
            if n_options == 18:
                ok = new["import"] < TARGET_S
                verdict = f"< {TARGET_S:g} s: " + ("ok" if ok else "MISSED")
            print(
                f"{new['states']:>8,} {n_dms:>3} {new['import']:>7.2f} s {new['save']:>6.2f} s "
                f"{new['load']:>6.2f} s {new['yaml_mb']:>7.1f} {new['same']!s:>4} "
                f"{then} {'>' if old is None else ' '}{ratio:>5.0f}x  {verdict}"
            )


if __name__ == "__main__":
    main()
