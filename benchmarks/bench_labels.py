"""Point-label placement (:func:`accord.report.labels.place_labels`) against the plain oracle
(``tests/oracle_labels.py``: loops over spots, boxes, range ends and axes) in the same run.

A crowded chart: ``--labels`` labels over a plot with a 400-point curve and error bars as
obstacles, the HTML's width range (400-820 px). Both must place every label alike; the
target is a chart's labels in under 50 ms (a report draws the chart twice, HTML and PNG).
``ratio`` is oracle / fast.

    .venv/bin/python benchmarks/bench_labels.py [--labels 12] [--repeat 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import oracle_labels as oracle
from accord.report.labels import Boxes, place_labels

TARGET = 0.05


def problem(n: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, 400)
    curve = [([x, 1 - x], [-3.0, -3.0], [x, 1 - x], [3.0, 3.0]) for x in t]
    fx = (0.5 + rng.normal(0, 0.12, n)).clip(0.05, 0.95)
    fy = (0.5 + rng.normal(0, 0.12, n)).clip(0.05, 0.95)
    bars = [([x, max(y - 0.2, 0)], [-1.5, 0.0], [x, min(y + 0.2, 1)], [1.5, 0.0])
            for x, y in zip(fx, fy, strict=True)]  # fmt: skip
    marks = [([x, y], [-5.0, -5.0], [x, y], [5.0, 5.0]) for x, y in zip(fx, fy, strict=True)]
    return {
        "fx": fx.tolist(), "fy": fy.tolist(),
        "hx": rng.uniform(15, 80, n).tolist(), "hy": [7.9] * n,
        "widths": (400.0, 820.0), "heights": (250.0, 310.0),
        "obstacles": marks, "soft": curve + bars, "gap": 8.0, "rings": 8, "step": 14.0,
    }  # fmt: skip


def boxes(raw: list) -> Boxes:
    return Boxes(*(np.array([b[k] for b in raw], float) for k in range(4)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    p = problem(args.labels, args.seed)
    hard, soft = boxes(p["obstacles"]), boxes(p["soft"])
    fast_t = oracle_t = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        got = place_labels(p["fx"], p["fy"], p["hx"], p["hy"], widths=p["widths"],
                           heights=p["heights"], obstacles=hard, soft=soft, gap=p["gap"],
                           rings=p["rings"], step=p["step"])  # fmt: skip
        fast_t = min(fast_t, time.perf_counter() - t0)
    t0 = time.perf_counter()
    want = oracle.place(p["fx"], p["fy"], p["hx"], p["hy"], p["widths"], p["heights"],
                        p["obstacles"], p["soft"], p["gap"], p["rings"], p["step"])  # fmt: skip
    oracle_t = time.perf_counter() - t0
    same = got.ring.tolist() == [w[2] for w in want] and np.allclose(
        np.column_stack([got.dx, got.dy]), [(w[0], w[1]) for w in want]
    )
    print(f"labels {args.labels}, obstacles {len(hard)}, soft {len(soft)}, seed {args.seed}")
    print(f"clear {int(got.clear.sum())}/{args.labels}; oracle agrees: {same}")
    print(f"fast {fast_t * 1e3:.1f} ms (target {TARGET * 1e3:.0f} ms: "
          f"{'met' if fast_t < TARGET else 'MISSED'}); oracle {oracle_t * 1e3:.0f} ms; "
          f"ratio {oracle_t / fast_t:.0f}x")  # fmt: skip
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
