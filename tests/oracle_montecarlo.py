"""A plain, one-draw-at-a-time reference for :mod:`accord.forecast.montecarlo`.

For each draw it writes the drawn numbers back into a copy of the scenario (option ids for
ordinal positions and red lines, plain numbers otherwise) and runs the ordinary, unvectorised
code on that scenario: :func:`scenario_inputs` and the model for the forecast,
:func:`proposal_verdicts` (or :func:`score_proposals` with the same rule) for acceptance,
and :func:`zopa` for the ZOPA, on the base scenario's outcome grid with the drawn
preferences. Nothing here shares code with the vectorised path except the analysis modules
that path must agree with.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.scoring import score_proposals
from accord.analysis.space import outcome_space, parties
from accord.analysis.utility import TOLERANCE, compile_preferences
from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.forecast.models import MIN_ACTORS, MODELS, scenario_inputs
from accord.model import IssueKind, Scenario
from accord.uncertainty.draws import UncertainInput, uncertain_inputs

CODE = {"no": 0, "maybe": 1, "yes": 2}


def _setting(scenario: Scenario, issue_id: str, value: float) -> object:
    issue = next(i for i in scenario.issues if i.id == issue_id)
    if issue.kind is IssueKind.ordinal:
        return issue.option_ids()[list(issue.positions()).index(value)]
    return float(value)


def drawn_scenario(scenario: Scenario, row: Sequence[float]) -> Scenario:
    """``scenario`` with every uncertain input set to its value in ``row``."""
    specs: list[UncertainInput] = uncertain_inputs(scenario)
    out = scenario.model_copy(deep=True)
    actors = {a.id: a for a in out.actors}
    stances = {(s.actor, s.issue): s for s in out.stances}
    for spec, value in zip(specs, row, strict=True):
        if spec.kind == "capability":
            actors[spec.actor].capability = float(value)
        elif spec.kind == "batna":
            actors[spec.actor].batna.utility = float(value)  # type: ignore[union-attr]
        elif spec.kind in ("trend", "cost", "support"):
            setattr(actors[spec.actor].batna.over_time, spec.kind, float(value))  # type: ignore[union-attr]
        elif spec.kind == "salience":
            stances[(spec.actor, spec.issue)].salience = float(value)  # type: ignore[index]
        else:
            st = stances[(spec.actor, spec.issue)]  # type: ignore[index]
            setattr(st, spec.kind, _setting(scenario, st.issue, float(value)))
    return out


def oracle_forecast(scenario: Scenario, model: str, actors: Sequence[str] | None = None):
    chosen = [a.id for a in scenario.actors] if actors is None else list(actors)
    inputs = scenario_inputs(scenario, chosen)
    y = np.asarray(MODELS[model](inputs), dtype=float)
    counts = (~np.isnan(inputs.position)).sum(axis=0)
    return np.where(counts >= MIN_ACTORS, y, np.nan)


def oracle_accepts(scenario: Scenario, who: Sequence[str], verdicts: bool = False) -> np.ndarray:
    """``[P, A]`` codes, 2 yes, 1 maybe, 0 no, as the verdicts decide."""
    if verdicts:
        found = proposal_verdicts(scenario, list(who), amend=False)
        return np.array([[CODE[v.accepts[a]] for a in who] for v in found], dtype=np.int8)
    card = score_proposals(scenario)
    out = np.zeros((len(card.proposals), len(who)), dtype=np.int8)
    for p in range(len(card.proposals)):
        for k, a in enumerate(who):
            r = card.actors.index(a)
            b = card.batna[r]
            red = card.red_line[r, p]
            if (red == 2).any() or (not np.isnan(b) and card.high[r, p] < b - TOLERANCE):
                out[p, k] = 0
            elif (red == 0).all() and (np.isnan(b) or card.low[r, p] >= b - TOLERANCE):
                out[p, k] = 2
            else:
                out[p, k] = 1
    return out


def oracle_zopa(base: Scenario, drawn: Scenario, who: Sequence[str]) -> bool:
    space = outcome_space(base, list(who), preferences=compile_preferences(drawn))
    return zopa(base, list(who), space=space).exists


def oracle_run(
    scenario: Scenario,
    model: str,
    values: np.ndarray,
    *,
    who: Sequence[str] | None = None,
    verdicts: bool = False,
    with_zopa: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per draw (a Python loop): forecasts ``[D, I]``, accepts ``[D, P, A]``, ZOPA ``[D]``."""
    who = parties(scenario) if who is None else list(who)
    ys, accs, zs = [], [], []
    for row in values:
        drawn = drawn_scenario(scenario, row)
        ys.append(oracle_forecast(drawn, model))
        accs.append(oracle_accepts(drawn, who, verdicts))
        zs.append(oracle_zopa(scenario, drawn, who) if with_zopa and who else False)
    return np.array(ys), np.array(accs), np.array(zs)
