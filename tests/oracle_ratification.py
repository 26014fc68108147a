"""Ratification, plainly: loops over outcomes, ratifiers, draws and pass/fail patterns.

The reference for :mod:`accord.analysis.ratification`, :mod:`accord.analysis.ratifiers`,
:mod:`accord.analysis.winsets` and :mod:`accord.uncertainty.ratification`. It reads the
model records directly and shares nothing with the package beyond the model and the plain
utility formulas of :mod:`tests.oracle`. Every rule is written as the docs state it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from accord.model import Scenario
from accord.model.ratification import Ratification, Ratifier
from oracle import all_settings, holds, issue_utility, linked_crosses, linked_utility
from oracle import open_settings as draft_settings

TOL = 1e-9
FAILS, ABSENT, PASSES = "fails", "absent", "passes"


# --- one ratifier on one outcome -------------------------------------------------------------
def ratifier_utility(scenario: Scenario, r: Ratifier, outcome: dict[str, object]) -> float | None:
    """Sum of salience x issue utility over its stances, divided by the sum of saliences."""
    if not r.stances:
        return None
    total = sum(st.salience for st in r.stances)
    if total == 0:
        return 0.0
    value = 0.0
    for st in r.stances:
        value += st.salience * issue_utility(scenario.issue(st.issue), st, outcome[st.issue])  # type: ignore[arg-type]
    return value / total


def ratifier_crosses(scenario: Scenario, r: Ratifier, outcome: dict[str, object]) -> list[str]:
    """The issues whose red line the outcome crosses (conditional ones unless waived)."""
    out = []
    for st in r.stances:
        if st.red_line is None:
            continue
        issue = scenario.issue(st.issue)
        limit = issue_utility(issue, st, st.red_line)  # type: ignore[arg-type]
        below = issue_utility(issue, st, outcome[st.issue]) < limit - TOL  # type: ignore[arg-type]
        waived = st.unless is not None and holds(scenario, st.unless, outcome[st.unless.issue])
        if below and not waived:
            out.append(st.issue)
    return out


def ratifier_votes(scenario: Scenario, r: Ratifier, outcome: dict[str, object]) -> bool:
    return not r.votes_when or any(holds(scenario, c, outcome[c.issue]) for c in r.votes_when)


def ratifier_passes(scenario: Scenario, r: Ratifier, outcome: dict[str, object]) -> bool:
    """Crosses no red line and reaches its threshold (whether or not it votes)."""
    if ratifier_crosses(scenario, r, outcome):
        return False
    u = ratifier_utility(scenario, r, outcome)
    return r.threshold is None or u is None or u >= r.threshold - TOL


# --- rules -------------------------------------------------------------------------------------
def rule_met(entry: Ratification, states: Sequence[str]) -> bool:
    """Whether the actor's rule holds for its ratifiers' states (passes, fails, absent)."""
    voting = [(r, s) for r, s in zip(entry.ratifiers, states, strict=True) if s != ABSENT]
    if not voting:
        return True
    if entry.rule.value == "all":
        return all(s == PASSES for _, s in voting)
    pass_w = sum(r.weight for r, s in voting if s == PASSES)
    vote_w = sum(r.weight for r, _ in voting)
    if entry.rule.value == "majority":
        return pass_w - vote_w / 2 > TOL
    return pass_w >= entry.quota * vote_w - TOL  # type: ignore[operator]


def entry_of(scenario: Scenario, actor: str) -> Ratification:
    return next(e for e in scenario.ratification if e.actor == actor)


def ratified(scenario: Scenario, actor: str, outcome: dict[str, object]) -> bool:
    """The actor's rule over its ratifiers at central values."""
    entry = entry_of(scenario, actor)
    states = []
    for r in entry.ratifiers:
        if not ratifier_votes(scenario, r, outcome):
            states.append(ABSENT)
        else:
            states.append(PASSES if ratifier_passes(scenario, r, outcome) else FAILS)
    return rule_met(entry, states)


def chance_by_patterns(entry: Ratification, options: Sequence[tuple[float, str, str]]) -> float:
    """Sum over every good/bad pattern: each ratifier is in its good state with its chance,
    else in its bad one (``options[k] = (chance, good, bad)``), independently."""
    total = 0.0
    for pattern in itertools.product((True, False), repeat=len(options)):
        weight = 1.0
        states = []
        for good, (p, g, b) in zip(pattern, options, strict=True):
            weight *= p if good else 1.0 - p
            states.append(g if good else b)
        if rule_met(entry, states):
            total += weight
    return total


def pass_chance(r: Ratifier, utility: float | None, *, spread: bool = True) -> float:
    """Phi((u - threshold) / spread), or a step without a spread."""
    if r.threshold is None or utility is None:
        return 1.0
    if spread and r.spread is not None:
        return NormalDist().cdf((utility - r.threshold) / r.spread)
    return 1.0 if utility >= r.threshold - TOL else 0.0


def outcome_chance(scenario: Scenario, actor: str, outcome: dict[str, object]) -> float:
    """The chance of ratification of one fully set outcome."""
    entry = entry_of(scenario, actor)
    options = []
    for r in entry.ratifiers:
        if not ratifier_votes(scenario, r, outcome):
            options.append((1.0, ABSENT, ABSENT))
            continue
        crossed = bool(ratifier_crosses(scenario, r, outcome))
        p = 0.0 if crossed else pass_chance(r, ratifier_utility(scenario, r, outcome))
        options.append((p, PASSES, FAILS))
    return chance_by_patterns(entry, options)


# --- drafts: every completion enumerated -------------------------------------------------------
def completions(scenario: Scenario, proposal: str) -> list[dict[str, object]]:
    settings = scenario.proposal(proposal).settings()
    ids = [i.id for i in scenario.issues]
    choices = [draft_settings(scenario, i, settings.get(i.id)) for i in scenario.issues]
    return [dict(zip(ids, combo, strict=True)) for combo in itertools.product(*choices)]


def draft_view(scenario: Scenario, proposal: str, actor: str) -> dict[str, object]:
    """Per ratifier: utility range, red-line status, vote status, verdict and chance range;
    for the actor: verdict and chance range, by the rules of docs/ratification.md."""
    entry = entry_of(scenario, actor)
    every = completions(scenario, proposal)
    per = []
    for r in entry.ratifiers:
        us = [ratifier_utility(scenario, r, o) for o in every]
        low = None if us[0] is None else min(us)  # type: ignore[type-var]
        high = None if us[0] is None else max(us)  # type: ignore[type-var]
        crossing = [set(ratifier_crosses(scenario, r, o)) for o in every]
        lines = {st.issue for st in r.stances if st.red_line is not None}
        status = {}
        for issue in lines:
            hit = [issue in c for c in crossing]
            if all(hit):
                status[issue] = "crosses"
            elif any(hit):
                status[issue] = "may cross"
        cross = 2 if "crosses" in status.values() else 1 if status else 0
        votes = [ratifier_votes(scenario, r, o) for o in every]
        vote = "votes" if all(votes) else "may vote" if any(votes) else "does not vote"
        p_low = 0.0 if cross >= 1 else pass_chance(r, low)
        p_high = 0.0 if cross == 2 else pass_chance(r, high)
        s_low = 0.0 if cross >= 1 else pass_chance(r, low, spread=False)
        s_high = 0.0 if cross == 2 else pass_chance(r, high, spread=False)
        if vote == "does not vote":
            verdict = "does not vote"
        elif s_low == 1.0:
            verdict = "passes"
        elif s_high == 0.0 and vote == "votes":
            verdict = "fails"
        else:
            verdict = "may fail"
        per.append(
            {
                "ratifier": r.id,
                "low": low,
                "high": high,
                "red_lines": status,
                "votes": vote,
                "verdict": verdict,
                "p": (p_low, p_high),
                "step": (s_low, s_high),
            }
        )

    def ends(key: str) -> tuple[float, float]:
        lo_opts, hi_opts = [], []
        for v in per:
            lo, hi = v[key]  # type: ignore[misc]
            if v["votes"] == "votes":
                lo_opts.append((lo, PASSES, FAILS))
                hi_opts.append((hi, PASSES, FAILS))
            elif v["votes"] == "may vote":  # worst: votes only to fail; best: only to pass
                lo_opts.append((lo, ABSENT, FAILS))
                hi_opts.append((hi, PASSES, ABSENT))
            else:
                lo_opts.append((1.0, ABSENT, ABSENT))
                hi_opts.append((1.0, ABSENT, ABSENT))
        return chance_by_patterns(entry, lo_opts), chance_by_patterns(entry, hi_opts)

    step = ends("step")
    verdict = "ratified" if step[0] == 1.0 else "not ratified" if step[1] == 0.0 else "may fail"
    blockers = [
        v["ratifier"]
        for v in per
        if verdict != "ratified" and v["verdict"] in ("fails", "may fail")
    ]
    return {
        "ratifiers": per,
        "verdict": verdict,
        "probability": ends("p"),
        "blockers": blockers,
        "completions": every,
    }


# --- win-sets: every outcome enumerated --------------------------------------------------------
def outcomes(scenario: Scenario) -> list[dict[str, object]]:
    """Every outcome of a scenario whose issues are all discrete (no constraints)."""
    ids = [i.id for i in scenario.issues]
    choices = [all_settings(i) for i in scenario.issues]
    return [dict(zip(ids, combo, strict=True)) for combo in itertools.product(*choices)]


def in_zopa(scenario: Scenario, parties: Sequence[str], outcome: dict[str, object]) -> bool:
    for a in parties:
        batna = scenario.actor(a).batna
        b = None if batna is None else batna.utility
        if linked_crosses(scenario, a, outcome):
            return False
        if b is not None and linked_utility(scenario, a, outcome) < b - TOL:
            return False
    return True


def win_set_counts(scenario: Scenario, parties: Sequence[str]) -> dict[str, int]:
    """Outcomes in each ratifying actor's win-set, the ZOPA and the ZOPA every party's
    win-set contains (keys: actor ids, 'zopa', 'kept')."""
    every = outcomes(scenario)
    counts = {e.actor: 0 for e in scenario.ratification}
    counts["zopa"] = counts["kept"] = 0
    binding = [e.actor for e in scenario.ratification if e.actor in parties]
    for o in every:
        win = {e.actor: ratified(scenario, e.actor, o) for e in scenario.ratification}
        for a, ok in win.items():
            counts[a] += ok
        if in_zopa(scenario, parties, o):
            counts["zopa"] += 1
            counts["kept"] += all(win[a] for a in binding)
    return counts


# --- Monte Carlo -------------------------------------------------------------------------------
def draws_oracle(
    scenario: Scenario,
    utility: np.ndarray,
    crossed: np.ndarray,
    votes: np.ndarray,
    draws: int,
    seed: int,
) -> np.ndarray:
    """[D, A, N] by loops: the same noise stream (one N(0, spread) per draw and ratifier)."""
    ratifiers = [r for e in scenario.ratification for r in e.ratifiers]
    spreads = np.array([r.spread or 0.0 for r in ratifiers])
    noise = np.random.default_rng(seed).standard_normal((draws, len(ratifiers))) * spreads
    n = utility.shape[1]
    out = np.zeros((draws, len(scenario.ratification), n), dtype=bool)
    for d in range(draws):
        for x in range(n):
            k = 0
            for a, entry in enumerate(scenario.ratification):
                states = []
                for r in entry.ratifiers:
                    u = utility[k, x]
                    ok = not crossed[k, x] and (
                        r.threshold is None or np.isnan(u) or u + noise[d, k] >= r.threshold - TOL
                    )
                    states.append(
                        PASSES if ok and votes[k, x] else FAILS if votes[k, x] else ABSENT
                    )
                    k += 1
                out[d, a, x] = rule_met(entry, states)
    return out


def soft_in_zopa(
    scenario: Scenario,
    parties: Sequence[str],
    given: Sequence[tuple[str, str]],
    outcome: dict[str, object],
) -> bool:
    """In the ZOPA once the soft red lines ``given`` ((actor, issue) pairs) give: no other red
    line crossed, and each party's utility less the costs of its given lines it crosses at
    least its BATNA."""
    for a in parties:
        crossed = linked_crosses(scenario, a, outcome)
        if any((a, issue) not in given for issue in crossed):
            return False
        cost = sum(
            scenario.stance(a, issue).firmness.cost  # type: ignore[union-attr]
            for issue in crossed
        )
        batna = scenario.actor(a).batna
        b = None if batna is None else batna.utility
        if b is not None and linked_utility(scenario, a, outcome) - cost < b - TOL:
            return False
    return True


# --- a seeded test scenario: red lines that clash, one of them soft, and ratifiers ----------------
def clash_document(
    n_issues: int = 5, n_options: int = 4, seed: int = 0, rule: str = "all"
) -> dict[str, object]:
    """Two parties whose red lines on the first issue clash (the first party's line is soft),
    random table utilities elsewhere, and behind each party a parliament (a threshold) and a
    referendum (a threshold and a spread) under ``rule`` (no ``votes_when``, so that with
    rule 'all' the existence of a ratified deal is decided exactly)."""
    rng = np.random.default_rng(seed)
    opts = [f"o{k}" for k in range(n_options)]
    issues = [
        {
            "id": f"i{j}",
            "name": f"Issue {j}",
            "kind": "ordinal",
            "options": [{"id": o, "label": o} for o in opts],
        }
        for j in range(n_issues)
    ]

    def table() -> dict[str, float]:
        return {o: float(x) for o, x in zip(opts, rng.random(n_options).round(3), strict=True)}

    stances: list[dict[str, object]] = []
    for a, (best, line) in (("a", (opts[0], opts[1])), ("b", (opts[-1], opts[-2]))):
        stances.append(
            {
                "actor": a,
                "issue": "i0",
                "position": best,
                "salience": 0.6,
                "red_line": line,
                "judgement": "test",
            }
        )
        for j in range(1, n_issues):
            t = table()
            stances.append(
                {
                    "actor": a,
                    "issue": f"i{j}",
                    "position": max(t, key=t.__getitem__),
                    "salience": float(rng.uniform(0.1, 1.0)),
                    "utility": "table",
                    "table": t,
                    "judgement": "test",
                }
            )
    stances[0]["firmness"] = {"cost": 0.05, "credibility": 0.5, "judgement": "test"}
    ratification = []
    for a in ("a", "b"):
        ratifiers = []
        for kind, spread in (("parliament", None), ("referendum", 0.1)):
            picked = rng.choice(n_issues, size=min(3, n_issues), replace=False)
            rs = []
            for j in picked:
                t = table()
                rs.append(
                    {
                        "issue": f"i{j}",
                        "position": max(t, key=t.__getitem__),
                        "salience": float(rng.uniform(0.2, 1.0)),
                        "utility": "table",
                        "table": t,
                    }
                )
            top = sum(r["salience"] * max(r["table"].values()) for r in rs)  # type: ignore[misc]
            top /= sum(r["salience"] for r in rs)  # type: ignore[misc]
            entry: dict[str, object] = {
                "id": f"{a}-{kind}",
                "name": f"{a}'s {kind}",
                "kind": kind,
                "threshold": round(float(top) * 0.7, 3),
                "stances": rs,
                "judgement": "test",
            }
            if spread is not None:
                entry["spread"] = spread
            ratifiers.append(entry)
        quota = {"quota": 0.5} if rule == "quota" else {}
        ratification.append({"actor": a, "rule": rule, **quota, "ratifiers": ratifiers})
    return {
        "id": f"clash-{seed}",
        "title": "clash",
        "actors": [
            {
                "id": a,
                "name": a.upper(),
                "role": "party",
                "capability": 1,
                "batna": {"description": "no deal", "utility": 0.3, "judgement": "test"},
            }
            for a in ("a", "b")
        ],
        "issues": issues,
        "stances": stances,
        "ratification": ratification,
    }
