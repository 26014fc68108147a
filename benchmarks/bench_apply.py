"""``accord apply`` on the built-in ``ukraine-2025`` (5,700 lines): the file's own text edited
in place (:func:`accord.ingest.apply.apply_to_text`), against the plain path that changes
the data and writes the file out whole (:func:`apply_suggestions` + ``dump_scenario``,
which loses every comment), measured in the same run.

The suggestions are drawn with a seed from a fixed mix: citations of stances, BATNAs and
actors, new issues with their stances, new events. Each text edit reads the file again,
so the cost grows with the number of accepted suggestions times the file's length; an
analyst accepts a handful at a time, and the aim is under 2 s for 20 on this file.

    .venv/bin/python benchmarks/bench_apply.py [--accept N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np

from accord.data import scenario_text
from accord.ingest.apply import apply_suggestions, apply_to_text
from accord.ingest.evidence import Article, Evidence, EvidenceFile, EvidenceType
from accord.ingest.suggest import suggest
from accord.io.builtins import load_builtin
from accord.io.scenarios import dump_scenario

TARGET_S = 2.0


def items(n: int, seed: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    s = load_builtin("ukraine-2025")
    stances = [(st.actor, st.issue) for st in s.stances if not st.issue.startswith("ban_")]
    out: list[dict[str, object]] = []
    for k in range(n):
        kind = int(rng.integers(4))
        if kind == 0:
            actor, issue = stances[int(rng.integers(len(stances)))]
            out.append(
                {
                    "type": EvidenceType.demand,
                    "sentence": f"Officials restated it ({k}).",
                    "actor": actor,
                    "issues": [issue],
                }
            )
        elif kind == 1:
            actor = ["russia", "ukraine", "usa"][int(rng.integers(3))]
            out.append(
                {
                    "type": EvidenceType.demand,
                    "actor": actor,
                    "sentence": f"They demand a ban on drone plants number {k} in Europe.",
                    "text": f"a ban on drone plants number {k} in Europe",
                }
            )
        elif kind == 2:
            out.append(
                {
                    "type": EvidenceType.threat,
                    "sentence": f"Russia would fight on ({k}).",
                    "actor": "russia",
                    "kind": "fight",
                }
            )
        else:
            day = dt.date(2025, 10, 1) + dt.timedelta(days=int(rng.integers(120)))
            out.append(
                {
                    "type": EvidenceType.event,
                    "actors": ["usa", "russia"],
                    "date": day,
                    "sentence": f"Envoys held a session on parcel {k} of the border.",
                }
            )
    return out


def evidence(n: int, seed: int) -> EvidenceFile:
    s = load_builtin("ukraine-2025")
    made = items(n, seed)
    ev = EvidenceFile(
        scenario=s.id,
        articles=[Article(id="bench", path="bench.txt", title="Bench", digest="0" * 16, chars=1)],
        evidence=[
            Evidence(
                id=f"e{k + 1}",
                article="bench",
                start=0,
                end=1,
                confidence=1.0,
                text=str(it.get("text", it["sentence"])),
                **{key: v for key, v in it.items() if key != "text"},
            )  # type: ignore[arg-type]
            for k, it in enumerate(made)
        ],
    )
    ev.suggestions = suggest(s, ev)
    return ev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accept", type=int, default=20, help="evidence items accepted")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    s = load_builtin("ukraine-2025")
    text = scenario_text("ukraine-2025")
    ev = evidence(args.accept, args.seed)
    chosen = [x for x in ev.suggestions if x.change is not None]

    t0 = time.perf_counter()
    done = apply_to_text(text, s, ev, chosen, name="ukraine-2025")
    kept = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = dump_scenario(apply_suggestions(s, ev, chosen)[0])
    whole = time.perf_counter() - t0
    assert dump_scenario(done.scenario) == plain  # the same scenario either way
    assert done.layout_kept
    print(f"seed {args.seed}: {len(chosen)} suggestions on {text.count(chr(10)):,} lines")
    print(
        f"in place (comments kept): {kept:.2f} s; written out whole: {whole:.2f} s; "
        f"ratio {kept / whole:.1f}x the plain path; target {TARGET_S:.0f} s, "
        f"ratio {kept / TARGET_S:.2f} of the target"
    )


if __name__ == "__main__":
    main()
