"""How far the headline of a scenario moves when each judgement number goes to an end of its
spread: the measurements behind docs/scenarios/ukraine-2025-review.md.

Not a speed benchmark: a reusable measurement, re-run whenever the scenario's numbers change
(tests/test_ukraine_review.py fails when the review's table and the file disagree). The
judgement numbers are those of ``tests/judgement_numbers.py``. Each number is moved, alone,
to the low and to the high end of its spread; a number without a declared spread is moved
over a test range stated in :func:`ends` (and in the review). Everything else keeps its own
spread, so each figure is a Monte Carlo chance *with that number pinned*. The same seed gives
the same draws of every other input in every run (a pinned spread keeps its column of draws,
low = high), so the differences are not sampling noise between runs.

What is measured, per number (only where the number can move it):

- ``zopa``: the chance of a zone of agreement over ``--draws`` Monte Carlo draws (seed
  ``--seed``, every draw decided exactly by the mixed-integer check), in the perceived view
  of the BATNAs (the default of every analysis); Russia's assessed BATNA in the assessed view;
- ``ratified``: the same with ratification at home (the parties' ratifiers);
- ``closest``: the closest draft at central values and its worst margin (utility at the low
  end less the BATNA, over the parties), as ``accord analyze`` ranks the drafts;
- ``forecast``: the compromise forecast's largest swing over the issues, as a share of the
  issue's scale (the tornado of ``accord forecast --sensitivity``), and on which issue;
- ``sequenced``: the expected value of each phased draft for Russia and Ukraine when
  commitments may break (``accord sequence``), for the beliefs;
- ``timeline``: each party's BATNA after 12 months and whether a ZOPA opens in them
  (``accord timeline``), for the rates of the BATNAs over time;
- levers: the ZOPA chance at each lever level, and at the lever's ends with one effect
  set to zero (what that effect adds).

    .venv/bin/python benchmarks/review_swings.py [--draws 400] [--seed 0] [--out swings.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from accord.analysis.scoring import score_proposals
from accord.analysis.sequencing import sequence
from accord.data import scenario_text
from accord.dynamics.levers import set_levers
from accord.dynamics.timeline import batna_at, timeline
from accord.forecast.montecarlo import simulate
from accord.forecast.sensitivity import sensitivity
from accord.model import Scenario
from accord.model.views import batna_view
from accord.overview.run import standings
from judgement_numbers import Number, Value, get, judgement_numbers

PARTIES = ["russia", "ukraine"]
#: Kinds a Monte Carlo run is made for (when the number is a party's): what the ZOPA reads.
ZOPA_KINDS = {"salience", "position", "red_line", "table", "credibility", "cost", "erosion"}
#: Phased drafts whose sequenced values the beliefs move.
PHASED = ("us-28", "e3-counter", "framework-20")


def ends(n: Number, raw: dict[str, Any]) -> tuple[Value, Value]:
    """The two values a number is moved to: its spread's ends, or the stated test range.

    Without a declared spread: a utility, salience, threshold or probability +-0.1 (within
    0..1); a ratifier's spread, a lever effect, a link's cost, an erosion rate half and
    double; a zero rate +-0.003 a month; an option's position 50 and 90 (of 0..100); an
    option-valued number the options either side (or itself at an end of the scale).
    """
    if n.low is not None and n.high is not None:
        return n.low, n.high
    if isinstance(n.value, str):
        options = _options(raw, n)
        k = options.index(n.value)
        return options[max(k - 1, 0)], options[min(k + 1, len(options) - 1)]
    v = float(n.value)
    if n.kind == "option_position":
        return 50.0, 90.0
    if n.kind in ("spread", "effect", "link", "erosion"):
        return v / 2, v * 2
    if n.kind == "rate" and v == 0:
        return -0.003, 0.003
    return max(0.0, round(v - 0.1, 6)), min(1.0, round(v + 0.1, 6))


def _options(raw: dict[str, Any], n: Number) -> list[str]:
    issue_id = n.issue or n.key.split("/")[1].split(".")[0]
    issue = next(i for i in raw["issues"] if i["id"] == issue_id)
    return [o["id"] for o in issue["options"]]


def pinned(raw: dict[str, Any], n: Number, value: Value) -> dict[str, Any]:
    """A copy of ``raw`` with ``n`` at ``value`` and its spread shrunk to that value (the
    spread keeps its distribution, so the other inputs' draws do not move)."""
    out = copy.deepcopy(raw)
    node = get(out, n.path[:-1])
    old = node[n.path[-1]]
    node[n.path[-1]] = _typed(old, value)
    if n.spread is not None:
        spread = get(out, n.spread)
        for end in ("low", "high", "mode"):
            if end in spread or end != "mode":
                spread[end] = _typed(old, value)
    return out


def _typed(old: Any, value: Value) -> Any:
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value, value)
    return int(value) if isinstance(old, int) and float(value).is_integer() else float(value)


def scenario(raw: dict[str, Any], view: str = "perceived") -> Scenario:
    return batna_view(Scenario.model_validate(raw), view)


def monte_carlo(s: Scenario, draws: int, seed: int) -> dict[str, float | None]:
    sim = simulate(s, draws=draws, seed=seed, parties=PARTIES, zopa_solves=draws, honour=True)
    rat = sim.ratification
    return {
        "zopa": sim.zopa.probability,
        "ratified": None if rat is None or rat.zopa is None else rat.zopa.probability,
    }


def closest(s: Scenario) -> dict[str, Any]:
    rows = standings(score_proposals(s), PARTIES, None)
    best = rows[0]
    margins = {a: round(m, 4) for a, m in best.margin.items() if m is not None}
    return {"draft": best.proposal, "margins": margins}


def sequenced(s: Scenario) -> dict[str, dict[str, float]]:
    out = {}
    for pid in PHASED:
        q = sequence(s, pid)
        out[pid] = {a: round(float(q.expected_low[q.actors.index(a)]), 4) for a in PARTIES}
    return out


def months(s: Scenario) -> dict[str, Any]:
    line = timeline(s, 12, parties=PARTIES, seed=0, draws=20_000)
    at = batna_at(s, 12)
    return {
        "batna_12": {a: None if at[a] is None else round(float(at[a]), 4) for a in PARTIES},  # type: ignore[arg-type]
        "zopa_months": [m.month for m in line.months if m.exists],
    }


def forecast_swings(s: Scenario, seed: int) -> dict[str, tuple[float, str]]:
    """Per forecast input: its largest swing as a share of the issue's scale, and the issue."""
    sens = sensitivity(s, "compromise", draws=50, seed=seed)
    issues = {i.id: i for i in s.issues}
    best: dict[str, tuple[float, str]] = {}
    for iid, bars in sens.tornado.items():
        issue = issues[iid]
        width = (
            (issue.max - issue.min) if issue.max is not None and issue.min is not None else 100.0
        )
        for bar in bars:
            rel = bar.swing / width if width else 0.0
            if rel > best.get(bar.input, (-1.0, ""))[0]:
                best[bar.input] = (round(rel, 4), iid)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="ukraine-2025")
    ap.add_argument("--draws", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="review_swings.json")
    ap.add_argument("--only", default="", help="comma-separated keys (default: every number)")
    args = ap.parse_args()
    raw = yaml.safe_load(scenario_text(args.scenario))
    numbers = judgement_numbers(raw)
    if args.only:
        wanted = set(args.only.split(","))
        numbers = [n for n in numbers if n.key in wanted]
    start = time.perf_counter()
    base_p = scenario(raw)
    base_a = scenario(raw, "assessed")
    fswing = forecast_swings(base_p, args.seed)
    report: dict[str, Any] = {
        "scenario": args.scenario,
        "draws": args.draws,
        "seed": args.seed,
        "base": {
            "perceived": monte_carlo(base_p, args.draws, args.seed),
            "assessed": monte_carlo(base_a, args.draws, args.seed),
            "closest": closest(base_p),
            "sequenced": sequenced(base_p),
            "timeline": months(base_p),
        },
        "numbers": {},
        "levers": {},
    }
    for k, n in enumerate(numbers):
        lo, hi = ends(n, raw)
        row: dict[str, Any] = {"value": n.value, "ends": [lo, hi], "spread": n.low is not None}
        party = n.group in PARTIES
        party_ratifier = n.key.startswith("ratifier:") and party
        dated = "@" in n.key  # an earlier-dated value: it moves only an --as-of replay
        if n.kind in ("capability", "salience", "position") and not n.key.startswith("ratifier:"):
            row["forecast"] = fswing.get(n.key)
        view = "assessed" if n.key == "russia.batna" else "perceived"
        mc = not dated and (
            (party and (n.kind in ZOPA_KINDS or n.kind == "batna" or n.kind == "link"))
            or party_ratifier
            or n.kind == "option_position"
        )
        for end, value in (("low", lo), ("high", hi)):
            s = scenario(pinned(raw, n, value), view)
            if mc:
                row[f"mc_{end}"] = monte_carlo(s, args.draws, args.seed)
            if party and not dated and not n.key.startswith("ratifier:") and n.kind != "rate":
                row[f"closest_{end}"] = closest(s)
            if n.kind == "belief":
                row[f"sequenced_{end}"] = sequenced(s)
            if n.kind == "rate" or (n.kind == "erosion"):
                row[f"timeline_{end}"] = months(s)
        report["numbers"][n.key] = row
        print(f"[{k + 1}/{len(numbers)}] {n.key} {time.perf_counter() - start:.0f}s", flush=True)
    if not args.only:
        report["levers"] = levers(raw, args.draws, args.seed)
    report["seconds"] = round(time.perf_counter() - start, 1)
    Path(args.out).write_text(json.dumps(report, indent=1, default=_plain) + "\n")
    print(f"wrote {args.out} in {report['seconds']} s")


def levers(raw: dict[str, Any], draws: int, seed: int) -> dict[str, Any]:
    """Each lever at each of its levels; at its ends, also with each effect set to zero."""
    s0 = Scenario.model_validate(raw)
    out: dict[str, Any] = {}
    for j, lever in enumerate(raw.get("levers", [])):
        lid = lever["id"]
        rows: dict[str, Any] = {}
        for level in lever["levels"]:
            if level == lever["default"]:
                continue
            moved, _ = set_levers(s0, {lid: level})
            s = batna_view(moved, "perceived")
            rows[str(level)] = {
                "mc": monte_carlo(s, draws, seed),
                "closest": closest(s),
                "timeline": months(s),
                "without": {},
            }
            for k, effect in enumerate(lever.get("effects") or []):
                zero = copy.deepcopy(raw)
                zero["levers"][j]["effects"][k]["per_level"] = 0.0
                z, _ = set_levers(Scenario.model_validate(zero), {lid: level})
                z = batna_view(z, "perceived")
                key = f"lever:{lid}/{effect['actor']}/{effect['target']}"
                if effect["target"].startswith("batna.") and effect["target"] != "batna.utility":
                    rows[str(level)]["without"][key] = {"timeline": months(z)}
                else:
                    rows[str(level)]["without"][key] = {"mc": monte_carlo(z, draws, seed)}
        out[lid] = rows
        print(f"lever {lid} done", flush=True)
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, tuple):
        return list(v)
    raise TypeError(type(v))


if __name__ == "__main__":
    main()
