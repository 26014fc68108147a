"""The search for the smallest lever settings, in order, with cheap exact checks.

Each check is made cheap, without changing its answer:

- a lever's effects are replayed on numbers, in the order :func:`apply_levers` applies them
  (file order, each effect added and clipped to its range in turn, the same floating-point
  operations), instead of building and validating a new scenario;
- only BATNA utilities (and, with ``month > 0``, the rates of their over-time model) and
  saliences can change the answer; capability, and the BATNAs of actors that are not
  parties, cannot. Levers with no effect that can change the answer are kept at their
  default (a setting that moves one is never among the smallest: the same setting without
  it has the same answer with one lever fewer);
- the outcome space is built, enumerated and scored once per distinct set of saliences,
  and spaces larger than :data:`FAST_ENUMERATION` are decided by the mixed-integer solver
  (:mod:`.checks`);
- a setting that leaves the scenario invalid (every salience of an actor at 0) is counted
  as such and never succeeds, as :func:`apply_levers` would refuse it.

With soft red lines among the parties and the ZOPA as target, every setting is instead
checked the slow way: levers applied, the soft red lines given by ``month`` under the
timeline's rule (credibility below 0.5, :func:`accord.dynamics.timeline.given_at`) charged
their cost, and a ZOPA sought exactly; levers whose effects move a soft red line's cost or
credibility are then searched too.

Every setting reported is then checked the slow way: :func:`apply_levers`, then
:func:`scenario_at` for ``month`` and :func:`zopa` or :func:`proposal_verdicts` on the result,
which also describe the deal (an outcome issue by issue, each party's utility against its
BATNA) or the draft's verdicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations, product
from math import prod
from typing import Any

import numpy as np

from accord.analysis.linkage import compile_linkage
from accord.analysis.milp import find_acceptable
from accord.analysis.softening import soft_lines, soften
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.analysis.space import parties as default_parties
from accord.analysis.utility import Preferences, compile_preferences
from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.dynamics.levers import LeverError, set_levers
from accord.dynamics.openings.checks import Outcomes, ProposalCheck
from accord.dynamics.openings.records import Deal, Openings, OpeningsError, Solution
from accord.dynamics.timeline import given_at, scenario_at
from accord.model import Scenario
from accord.model.levers import red_line_target, salience_issue
from accord.model.plain import to_plain

#: Outcome spaces up to this size are enumerated once per set of saliences; larger ones are
#: decided by the mixed-integer solver, one call per set of BATNAs (both are exact).
FAST_ENUMERATION = 1_000_000
#: Settings described in full (all minimal settings are counted).
MAX_SOLUTIONS = 10
#: The relevant ranges, as in :data:`accord.dynamics.levers.RANGES`.
_RANGES = {
    "batna.utility": (0.0, 1.0),
    "batna.trend": (-1.0, 1.0),
    "batna.cost": (0.0, 1.0),
    "batna.support": (-1.0, 1.0),
    "salience": (0.0, 1.0),
}
_RATES = ("batna.trend", "batna.support", "batna.cost")


def parse_target(scenario: Scenario, target: str) -> str | None:
    """``"zopa"`` -> None; ``"proposal:ID"`` -> ID; anything else raises OpeningsError."""
    text = target.strip()
    if text == "zopa":
        return None
    kind, sep, pid = text.partition(":")
    known = [p.id for p in scenario.proposals]
    if kind.strip() != "proposal" or not sep or not pid.strip():
        raise OpeningsError(
            f"--target takes 'zopa' or 'proposal:ID', got '{target}'; "
            f"drafts: {', '.join(known) or 'none'}"
        )
    pid = pid.strip()
    if pid not in known:
        raise OpeningsError(
            f"no draft '{pid}' in scenario '{scenario.id}'; drafts: {', '.join(known) or 'none'}"
        )
    return pid


def smallest_openings(
    scenario: Scenario,
    target: str = "zopa",
    parties: list[str] | None = None,
    month: int = 0,
    *,
    max_solutions: int = MAX_SOLUTIONS,
    fast_enumeration: int = FAST_ENUMERATION,
) -> Openings:
    """The smallest lever settings that reach ``target``; see the module docstring."""
    if month < 0:
        raise OpeningsError(f"month must be 0 or more; got {month}")
    proposal = parse_target(scenario, target)
    if not scenario.levers:
        raise OpeningsError(f"scenario '{scenario.id}' declares no levers; nothing to search")
    chosen = list(parties or default_parties(scenario))
    if not chosen:
        raise OpeningsError("no parties with stances to analyse; name some with --parties")
    search = _Search(scenario, chosen, month, proposal, fast_enumeration)
    found_class: list[np.ndarray] = []
    moved = steps = None
    for k, s, combos in search.classes():
        ok = search.check(combos)
        if ok.any():
            found_class, moved, steps = list(combos[ok]), k, s
            break
    solutions = [
        _describe(scenario, chosen, month, proposal, search.settings(row), steps or 0)
        for row in found_class[:max_solutions]
    ]
    notes = []
    if not found_class:
        what = "opens a ZOPA" if proposal is None else f"makes draft '{proposal}' acceptable"
        notes.append(
            f"no declared lever setting {what} for {', '.join(chosen)}"
            + (f" at month {month}" if month else "")
            + f" ({search.grid:,} settings in the grid)"
        )
    elif moved == 0:
        notes.append("the target is met already, with every lever at its default")
    idle = [lv.id for lv in scenario.levers if lv.id not in search.searched]
    if idle:
        notes.append(
            f"kept at their defaults: {', '.join(idle)} (no effect that can change the "
            "answer: capability, or actors that are not parties"
            + (", or rates of BATNAs over time at month 0" if month == 0 else "")
            + ")"
        )
    if len(found_class) > max_solutions:
        notes.append(f"{len(found_class)} smallest settings; the first {max_solutions} shown")
    return Openings(
        scenario=scenario.id,
        target="zopa" if proposal is None else f"proposal:{proposal}",
        parties=tuple(chosen),
        month=month,
        levers=tuple(scenario.levers),
        found=bool(found_class),
        moved=moved,
        steps=steps,
        count=len(found_class),
        solutions=solutions,
        checked=search.checked,
        grid=search.grid,
        searched=tuple(search.searched),
        invalid=search.invalid,
        notes=notes,
    )


# --- the search ------------------------------------------------------------------------------
class _Search:
    """The lever grid, the replay of lever effects on numbers, and the cached checks."""

    def __init__(
        self,
        scenario: Scenario,
        chosen: list[str],
        month: int,
        proposal: str | None,
        fast_enumeration: int,
    ) -> None:
        self.scenario = scenario
        self.chosen = chosen
        self.month = month
        self.proposal = proposal
        self.fast_enumeration = fast_enumeration
        self.prefs: Preferences = compile_preferences(scenario)
        self.link = compile_linkage(scenario, self.prefs)
        party = set(chosen)
        # soft red lines and a ZOPA target: every setting checked the slow way (_slow)
        self.soft = proposal is None and bool(soft_lines(scenario, chosen))

        def counts(target: str, actor: str) -> bool:
            if red_line_target(target) is not None:
                return self.soft and actor in party
            if salience_issue(target) is not None:
                return True  # saliences weigh utilities, and all at 0 is invalid
            if actor not in party:
                return False
            return target == "batna.utility" or (month > 0 and target in _RATES)

        self.levers = [
            lv for lv in scenario.levers if any(counts(e.target, e.actor) for e in lv.effects)
        ]
        self.searched = [lv.id for lv in self.levers]
        self.grid = prod(len(lv.levels) for lv in scenario.levers)
        self.checked = 0
        self.invalid = 0
        # numbers replayed: each party's BATNA utility and rates, every stance's salience
        self.u0 = np.array([_batna(scenario, a) for a in chosen], dtype=float)
        self.rates = {(a, t): _rate(scenario, a, t) for a in chosen for t in _RATES}  # base values
        self.stance_keys = [(st.actor, st.issue) for st in scenario.stances]
        self.salience0 = np.array([float(st.salience) for st in scenario.stances])
        self.cache: dict[bytes, Any] = {}  # salience bytes -> check (or None: invalid)
        self.answers: dict[tuple[bytes, bytes], bool] = {}
        self.outcomes: Outcomes | None = None  # built at the first check of a ZOPA

    # the order
    def classes(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """(levers moved, steps, level indices [M, L]) in the search order."""
        n = len(self.levers)
        default = [lv.levels.index(lv.default) for lv in self.levers]
        for k in range(n + 1):
            rows: list[tuple[int, ...]] = []
            cost: list[int] = []
            for subset in combinations(range(n), k):
                choices = [
                    [i for i in range(len(self.levers[j].levels)) if i != default[j]]
                    for j in subset
                ]
                for picked in product(*choices):
                    row = list(default)
                    for j, i in zip(subset, picked, strict=True):
                        row[j] = i
                    rows.append(tuple(row))
                    cost.append(
                        sum(abs(i - default[j]) for j, i in zip(subset, picked, strict=True))
                    )
            if not rows:
                continue
            arr = np.array(rows, dtype=np.intp).reshape(len(rows), n)
            steps = np.array(cost)
            for s in np.unique(steps):  # stable: generation order within a class
                yield k, int(s), arr[steps == s]

    def settings(self, row: np.ndarray) -> dict[str, float]:
        """The levers a row of level indices moves, lever id -> level."""
        return {
            lv.id: float(lv.levels[int(i)])
            for lv, i in zip(self.levers, row, strict=True)
            if lv.levels[int(i)] != lv.default
        }

    # the replay
    def replay(self, combos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """BATNAs [M, A] (at ``month``) and saliences [M, S] of each row of level indices."""
        m = combos.shape[0]
        u0 = np.repeat(self.u0[None, :], m, axis=0)
        rates = {key: np.full(m, value) for key, value in self.rates.items()}
        sal = np.repeat(self.salience0[None, :], m, axis=0)
        at = {a: j for j, a in enumerate(self.chosen)}
        stance_at = {key: j for j, key in enumerate(self.stance_keys)}
        searched = {lv.id: j for j, lv in enumerate(self.levers)}
        for lever in self.scenario.levers:  # file order, as apply_levers
            j = searched.get(lever.id)
            if j is None:
                continue  # at its default: apply_levers skips it
            levels = np.asarray(lever.levels, dtype=float)[combos[:, j]]
            steps = levels - lever.default
            moving = steps != 0
            for eff in lever.effects:
                issue = salience_issue(eff.target)
                if issue is not None:
                    col = stance_at[(eff.actor, issue)]
                    sal[:, col] = _step(sal[:, col], steps, eff.per_level, moving, "salience")
                elif eff.actor not in at:
                    continue
                elif eff.target == "batna.utility":
                    col = at[eff.actor]
                    u0[:, col] = _step(u0[:, col], steps, eff.per_level, moving, eff.target)
                elif eff.target in _RATES:
                    key = (eff.actor, eff.target)
                    rates[key] = _step(rates[key], steps, eff.per_level, moving, eff.target)
        if self.month == 0:
            return u0, sal
        rate = np.stack(
            [
                rates[(a, "batna.trend")] + rates[(a, "batna.support")] - rates[(a, "batna.cost")]
                for a in self.chosen
            ],
            axis=1,
        )
        return np.clip(np.round(u0 + float(self.month) * rate, 12), 0.0, 1.0), sal

    # the checks
    def check(self, combos: np.ndarray) -> np.ndarray:
        """Whether each row of level indices reaches the target: [M] bool."""
        if self.soft:
            return self._slow(combos)
        batnas, sal = self.replay(combos)
        out = np.zeros(combos.shape[0], dtype=bool)
        self.checked += combos.shape[0]
        keys = [row.tobytes() for row in sal]
        groups: dict[bytes, list[int]] = {}
        for r, key in enumerate(keys):
            groups.setdefault(key, []).append(r)
        for key, rows in groups.items():
            if key not in self.cache:
                self.cache[key] = self._compile(sal[rows[0]])
            checker = self.cache[key]
            if checker is None:
                self.invalid += len(rows)
                continue
            todo = []
            for r in rows:
                known = self.answers.get((key, batnas[r].tobytes()))
                if known is None:
                    todo.append(r)
                else:
                    out[r] = known
            if todo:
                got = checker(batnas[todo])
                for r, ok in zip(todo, got, strict=True):
                    out[r] = bool(ok)
                    self.answers[(key, batnas[r].tobytes())] = bool(ok)
        return out

    def _slow(self, combos: np.ndarray) -> np.ndarray:
        """With soft red lines: each setting applied, its given lines charged, a ZOPA sought."""
        out = np.zeros(combos.shape[0], dtype=bool)
        self.checked += combos.shape[0]
        for r, row in enumerate(combos):
            try:
                levered = set_levers(self.scenario, self.settings(row))[0]
            except LeverError:
                self.invalid += 1
                continue
            out[r] = find_acceptable(soft_space(levered, self.chosen, self.month)) is not None
        return out

    def _compile(self, salience: np.ndarray) -> Any:
        """The check for one set of saliences, or None when the scenario would be invalid."""
        sal = np.zeros_like(self.prefs.weight)
        actor_at = {a: k for k, a in enumerate(self.prefs.actors)}
        issue_at = {i: k for k, i in enumerate(self.prefs.issues)}
        for (a, i), value in zip(self.stance_keys, salience, strict=True):
            sal[actor_at[a], issue_at[i]] = value
        totals = sal.sum(axis=1, keepdims=True)
        if (totals <= 0).any():
            return None  # every stance of an actor at salience 0: not a valid scenario
        ratio = None
        scenario = self.scenario
        link = self.link
        if link.replaced.any():  # a table's weight is in S_a; its stances weigh nothing
            sal = np.where(link.replaced, 0.0, sal)
            totals = sal.sum(axis=1, keepdims=True) + link.table_weight[:, None]
            has = ~np.isnan(link.total)
            new = np.where(totals[:, 0] > 0, totals[:, 0], np.inf)
            ratio = np.where(has, np.where(has, link.total, 1.0) / new, 1.0)
            # the scorecard compiles the tables' share from the scenario's saliences
            scenario = _with_saliences(scenario, self.stance_keys, salience)
        weight = np.divide(sal, totals, out=np.zeros_like(sal), where=totals > 0)
        prefs = replace(self.prefs, weight=weight)
        if self.proposal is not None:
            return ProposalCheck(scenario, prefs, self.chosen, self.proposal)
        if self.outcomes is None:
            self.outcomes = Outcomes(self.scenario, self.prefs, self.chosen, self.fast_enumeration)
        return self.outcomes.check(weight, ratio)


def _with_saliences(
    scenario: Scenario, keys: list[tuple[str, str]], salience: np.ndarray
) -> Scenario:
    """``scenario`` with every stance's salience replaced (stances in ``keys`` order)."""
    value = {key: float(x) for key, x in zip(keys, salience, strict=True)}
    stances = [
        st.model_copy(update={"salience": value[(st.actor, st.issue)]}) for st in scenario.stances
    ]
    return scenario.model_copy(update={"stances": stances})


def soft_space(scenario: Scenario, chosen: list[str], month: int) -> OutcomeSpace:
    """The parties' outcome space at ``month`` with the soft red lines given by then (the
    timeline's rule) charged their cost; the plain space without soft red lines."""
    space = outcome_space(scenario_at(scenario, month), chosen)
    given = given_at(scenario, chosen, month)
    return soften(space, given) if given else space


def _step(
    value: np.ndarray, steps: np.ndarray, per_level: float, moving: np.ndarray, kind: str
) -> np.ndarray:
    """One effect, as apply_levers computes it: ``clip(value + steps * per_level)``."""
    lo, hi = _RANGES[kind]
    moved = np.minimum(hi, np.maximum(lo, value + steps * per_level))
    return np.where(moving, moved, value)


def _batna(scenario: Scenario, actor_id: str) -> float:
    b = scenario.actor(actor_id).batna
    return float(b.utility) if b is not None and b.utility is not None else np.nan


def _rate(scenario: Scenario, actor_id: str, target: str) -> float:
    b = scenario.actor(actor_id).batna
    over = b.over_time if b is not None else None
    return float(getattr(over, target.removeprefix("batna."))) if over is not None else 0.0


# --- the description of one smallest setting ---------------------------------------------------
def _describe(
    scenario: Scenario,
    chosen: list[str],
    month: int,
    proposal: str | None,
    settings: dict[str, float],
    steps: int,
) -> Solution:
    """Apply the setting the slow way, check it, and describe the deal or the verdicts."""
    levered, changes = set_levers(scenario, settings)
    changed = scenario_at(levered, month)
    if proposal is not None:
        verdict = proposal_verdicts(changed, chosen, proposals=[proposal], amend=False)[0]
        if verdict.accepted != "yes":  # the fast check and the slow one disagree: a bug
            raise RuntimeError(f"internal: {settings} does not make '{proposal}' acceptable")
        utility = to_plain(verdict)["utility"]
        return Solution(
            settings=settings,
            steps=steps,
            changes=changes,
            verdicts=dict(verdict.accepts),
            utility=utility,
            batna={a: _none(_batna(changed, a)) for a in chosen},
        )
    space = soft_space(levered, chosen, month)
    z = zopa(changed, chosen, space=space)
    if not z.exists or z.example is None:
        raise RuntimeError(f"internal: {settings} does not open a ZOPA")
    u = space.utilities(space.encode(z.example)[None, :])[:, 0]
    deal = Deal(
        outcome=dict(z.example),
        utility={a: float(x) for a, x in zip(space.actors, u, strict=True)},
        batna={a: _none(b) for a, b in zip(space.actors, space.batna, strict=True)},
        count=z.count,
        share=z.share,
    )
    return Solution(settings=settings, steps=steps, changes=changes, deal=deal)


def _none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
