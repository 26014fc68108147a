"""``accord ingest`` on 1,000 news articles of about 800 words, timed against 2 minutes.

The articles are built from the hand-written corpus (tests/data/news): paragraphs drawn at
random (seeded) from every article and lightly perturbed (weekdays, numbers), until an
article reaches 800 words. They are ingested against the built-in ``ukraine-2025``
scenario with two processes (``nlp.pipe(n_process=2)``), every extractor and the
suggestions included; the time to load spaCy is counted too.

    .venv/bin/python benchmarks/bench_ingest.py [--articles N] [--processes P] [--seed S]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np

from accord.ingest.read import ArticleText, parse_article

TARGET_S = 120.0
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "news"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def paragraphs() -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        art = parse_article(path.read_bytes(), str(path))
        assert isinstance(art, ArticleText)
        out.extend(p.strip() for p in art.text.split("\n\n") if p.strip())
    return out


def _perturb(text: str, day: str, shift: int) -> str:
    """Another weekday and other numbers, so that articles are not copies of each other."""
    text = re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + shift), text)
    return text.replace("Monday", day)


def make_articles(n: int, words: int, seed: int) -> list[ArticleText]:
    """``n`` articles of about ``words`` words each, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    paras = paragraphs()
    lengths = np.array([len(p.split()) for p in paras])
    articles = []
    for k in range(n):
        # Enough paragraphs for the length, drawn in one vectorised call.
        need = int(np.ceil(words / lengths.mean() * 1.3))
        picks = rng.integers(0, len(paras), size=need)
        cum = np.cumsum(lengths[picks])
        chosen = picks[: int(np.searchsorted(cum, words)) + 1]
        day = WEEKDAYS[int(rng.integers(0, 7))]
        shift = int(rng.integers(1, 9))
        body = "\n\n".join(_perturb(paras[i], day, shift) for i in chosen)
        # Read as a file is (its layout found: headings, lists, turns, datelines), so the
        # structure rules are timed too.
        art = parse_article(body.encode(), f"bench-{k:04d}.txt")
        assert isinstance(art, ArticleText)
        articles.append(art)
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=20251126)
    args = ap.parse_args()

    from accord.ingest.extract import ingest
    from accord.io import load_builtin

    articles = make_articles(args.articles, args.words, args.seed)
    total_words = sum(len(a.text.split()) for a in articles)
    scenario = load_builtin("ukraine-2025")
    import resource

    def cpu() -> float:
        # this process and its finished worker processes, user and system time
        me, kids = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    load = __import__("os").getloadavg()
    t0, c0 = time.perf_counter(), cpu()
    ev = ingest(articles, scenario, n_process=args.processes, batch_size=args.batch_size)
    elapsed, cpu_s = time.perf_counter() - t0, cpu() - c0
    print(
        f"{len(articles):,} articles, {total_words:,} words "
        f"({total_words / len(articles):.0f} per article), {args.processes} process(es)"
    )
    import os

    print(f"load average before and after: {load[0]:.1f}, {os.getloadavg()[0]:.1f}")
    print(f"CPU time {cpu_s:.1f} s (all processes; {cpu_s / args.processes:.1f} s per core)")
    print(
        f"{len(ev.evidence):,} evidence items, {len(ev.suggestions):,} suggestions in "
        f"{elapsed:.1f} s ({total_words / elapsed:,.0f} words/s); target {TARGET_S:.0f} s, "
        f"ratio {elapsed / TARGET_S:.2f} of the target"
    )


if __name__ == "__main__":
    main()
