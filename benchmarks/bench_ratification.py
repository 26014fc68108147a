"""Ratification at home: the vectorised code against the plain oracle of ``tests/``.

Three timings, each checked for equal results against ``tests/oracle_ratification.py``:

* ``ratifier_pass``: which outcomes each actor's ratifiers pass, on ``--outcomes`` uniform
  draws of the built-in Ukraine scenario's space (3.1e8 outcomes), against the oracle's
  loops over outcomes and ratifiers on the first ``--oracle`` of them (time per outcome);
* win-sets: :func:`win_sets` on the Ukraine scenario (``--draws`` uniform draws, the ZOPA
  if soft red lines gave, exact existence), and on a seeded clash scenario small enough to
  enumerate (``--issues`` issues of 4 options) against the oracle's count over every outcome;
* Monte Carlo: ``--mc`` draws of every Ukraine draft's ratification (``draft_draws``), and
  :func:`ratification_draws` against the oracle's loops over draws on the first
  ``--mc-oracle`` draws.

    .venv/bin/python benchmarks/bench_ratification.py [--outcomes 200000] [--oracle 2000]
        [--draws 200000] [--issues 7] [--mc 10000] [--mc-oracle 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import oracle_ratification as oracle
from accord.analysis.ratification import ratifier_pass, ratify_drafts, win_sets
from accord.analysis.ratifiers import compile_ratifiers, judge
from accord.analysis.space import outcome_space
from accord.io import load_builtin
from accord.model import Scenario
from accord.uncertainty.ratification import draft_draws, ratification_draws


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t


def bench_pass(s: Scenario, n: int, n_oracle: int, seed: int) -> dict[str, Any]:
    space = outcome_space(s)
    codes = space.sample(n, np.random.default_rng(seed))
    rat = compile_ratifiers(s)
    mask, fast = timed(ratifier_pass, rat, space, codes)
    sub = codes[:n_oracle]
    t = time.perf_counter()
    want = np.array(
        [[oracle.ratified(s, e.actor, space.decode(row)) for row in sub] for e in s.ratification]
    )
    slow = time.perf_counter() - t
    assert (mask[:, :n_oracle] == want).all(), "ratifier_pass differs from the oracle"
    per_fast, per_slow = fast / n, slow / n_oracle
    return {
        "outcomes": n,
        "ratifiers": rat.size,
        "seconds": round(fast, 3),
        "oracle_outcomes": n_oracle,
        "oracle_seconds": round(slow, 3),
        "per_outcome_ratio": round(per_slow / per_fast, 1),
        "share_passed": {
            e.actor: round(float(mask[a].mean()), 4) for a, e in enumerate(s.ratification)
        },
    }


def bench_win_sets(s: Scenario, draws: int, n_issues: int, seed: int) -> dict[str, Any]:
    ws, took = timed(win_sets, s, seed=seed, draws=draws)
    soft = ws.soft
    clash = Scenario.model_validate(oracle.clash_document(n_issues, 4, seed))
    exact, fast = timed(win_sets, clash)
    t = time.perf_counter()
    want = oracle.win_set_counts(clash, ["a", "b"])
    slow = time.perf_counter() - t
    got = {w.actor: w.count for w in exact.win_sets}
    assert got == {a: want[a] for a in got}, (got, want)
    return {
        "ukraine": {
            "draws": draws,
            "seed": seed,
            "seconds": round(took, 3),
            "win_sets": {
                w.actor: [round(w.share, 4), [round(x, 4) for x in w.interval]] for w in ws.win_sets
            },
            "soft_zopa_kept": None if soft is None else soft.kept,
            "soft_zopa_sampled": None if soft is None else soft.sampled,
            "ratified_deal_exists": None if soft is None else soft.exists_ratified,
            "how": None if soft is None else soft.how,
        },
        "clash": {
            "issues": n_issues,
            "outcomes": exact.space_size,
            "seconds": round(fast, 3),
            "oracle_seconds": round(slow, 3),
            "ratio": round(slow / fast, 1),
        },
    }


def bench_monte_carlo(s: Scenario, draws: int, n_oracle: int, seed: int) -> dict[str, Any]:
    found = ratify_drafts(s)
    d, took = timed(draft_draws, s, draws=draws, seed=seed, ratified=found)
    # the core, on outcomes: utilities of the drafts' central completions are the low end
    space = outcome_space(s)
    codes = space.sample(50, np.random.default_rng(seed))
    rat = compile_ratifiers(s)
    j = judge(rat, space, codes)
    fast_draws, fast = timed(
        ratification_draws,
        rat,
        j.utility,
        crossed=j.crossed,
        votes=j.votes,
        draws=n_oracle,
        seed=seed,
    )
    t = time.perf_counter()
    want = oracle.draws_oracle(s, j.utility, j.crossed, j.votes, n_oracle, seed)
    slow = time.perf_counter() - t
    assert (fast_draws.passes == want).all(), "ratification_draws differs from the oracle"
    return {
        "drafts": len(found.proposals),
        "draws": draws,
        "seed": seed,
        "seconds": round(took, 3),
        "chance_low": {
            a: dict(zip(found.proposals, np.round(d.low.chance()[k], 3).tolist(), strict=True))
            for k, a in enumerate(found.actors)
        },
        "oracle_draws": n_oracle,
        "oracle_outcomes": codes.shape[0],
        "core_seconds": round(fast, 4),
        "oracle_seconds": round(slow, 3),
        "ratio": round(slow / fast, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--outcomes", type=int, default=200_000)
    ap.add_argument("--oracle", type=int, default=2_000)
    ap.add_argument("--draws", type=int, default=200_000)
    ap.add_argument("--issues", type=int, default=7)
    ap.add_argument("--mc", type=int, default=10_000)
    ap.add_argument("--mc-oracle", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    s = load_builtin("ukraine-2025")
    if not s.ratification:
        raise SystemExit("the built-in Ukraine scenario has no ratifiers to time")
    out = {
        "ratifier_pass": bench_pass(s, args.outcomes, args.oracle, args.seed),
        "win_sets": bench_win_sets(s, args.draws, args.issues, args.seed),
        "monte_carlo": bench_monte_carlo(s, args.mc, args.mc_oracle, args.seed),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
