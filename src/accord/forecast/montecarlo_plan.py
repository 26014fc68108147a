"""Monte Carlo's compiled plan: the scenario as arrays once, sent to every chunk.

:func:`compile_plan` compiles a scenario into a :class:`Plan` (picklable, sent to Dask
workers): the :class:`~accord.uncertainty.plan.DrawPlan` of the parties, the forecast
model, every draft's candidate settings, the ZOPA's outcome space and how it is decided,
and, where the parties have ratifiers, their compiled :class:`RatifiedPlan`
(:mod:`accord.forecast.ratified_draws`). The work on a chunk is in
:mod:`accord.forecast.montecarlo_chunks`; the rules in :mod:`accord.forecast.montecarlo`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from accord.analysis.linkage import linked_conditions
from accord.analysis.scoring import possible_settings
from accord.analysis.space import outcome_space
from accord.analysis.utility import encode_setting
from accord.forecast.models import MIN_ACTORS, MODELS
from accord.forecast.ratified_draws import RatifiedPlan, compile_ratified
from accord.model import IssueKind, Scenario, Unknown
from accord.uncertainty.draws import base_arrays
from accord.uncertainty.plan import DrawPlan, compile_draw_plan, space_settings
from accord.uncertainty.preferences import Group, compile_group


# --- compiled scenario ----------------------------------------------------------------------
@dataclass(frozen=True)
class Plan(DrawPlan):
    """What every chunk needs, compiled once: the :class:`DrawPlan` of the parties plus the
    forecast model, the drafts' candidate settings and the ZOPA's outcome space, and the
    parties' ratifiers (None: none of them has any, or ratification was not asked for)."""

    model: str
    model_fn: Callable[..., np.ndarray]
    forecast_rows: tuple[int, ...]  # rows of base.actors the forecast uses
    forecast_ok: np.ndarray  # [I] bool: issues with enough actors for a forecast
    proposals: tuple[str, ...]
    cand_pos: np.ndarray  # [P, C, I] candidate settings of each draft (positions)
    cand_idx: np.ndarray  # [P, C, I] option indices (-1 continuous)
    open_range: np.ndarray  # [P, I] bool: continuous issue open over its whole range
    zopa_method: str | None  # enumeration | milp | milp-subsample | None
    zopa_stride: int
    space_pos: np.ndarray  # [K, I] the outcome space's settings (positions)
    space_idx: np.ndarray  # [K, I]
    space_valid: np.ndarray  # [K, I] bool
    space_codes: np.ndarray | None  # [N, I] every outcome, when enumerated
    space_size: int
    resolution: int
    groups: tuple[Group, ...] = ()  # the space's linked factors, for the ZOPA
    cand_sizes: np.ndarray | None = None  # [P, I] real candidates of each draft (links only)
    ratified: RatifiedPlan | None = None


def compile_plan(
    scenario: Scenario,
    model: str,
    actors: Sequence[str] | None,
    chosen_parties: Sequence[str] | None,
    *,
    draws: int,
    acceptance: bool,
    zopa: bool,
    zopa_budget: int,
    zopa_solves: int,
    ratification: bool = False,
) -> Plan:
    """The :class:`Plan` of ``scenario``; ``ratification`` also compiles the parties'
    ratifiers (:func:`~accord.forecast.ratified_draws.compile_ratified`)."""
    if model not in MODELS:
        raise ValueError(f"no model '{model}'; models: {', '.join(MODELS)}")
    base = base_arrays(scenario)
    at = {a: k for k, a in enumerate(base.actors)}
    chosen = list(base.actors) if actors is None else list(dict.fromkeys(actors))
    for a in chosen:
        if a not in at:
            raise ValueError(f"no actor '{a}' in '{scenario.id}'; actors: {', '.join(base.actors)}")
    rows = tuple(at[a] for a in chosen)
    counts = (~np.isnan(base.position[list(rows)])).sum(axis=0)
    shared = compile_draw_plan(scenario, chosen_parties, base)
    who = list(shared.parties)
    issues = scenario.issues
    n_i = len(issues)

    props = scenario.proposals if acceptance and who else []
    cand = [
        [possible_settings(scenario, issue, prop.settings().get(issue.id)) for issue in issues]
        for prop in props
    ]
    linked = shared.link.linked
    if linked:  # as the scorecard: an open range may fall either side of a condition
        marks: dict[str, list[object]] = {}
        for cond in linked_conditions(scenario):
            marks.setdefault(cond.issue, []).extend(cond.values())
        for row, prop in zip(cand, props, strict=True):
            for i, issue in enumerate(issues):
                value = prop.settings().get(issue.id)
                wide = value is None and issue.status_quo is None
                wide |= isinstance(value, Unknown) and value.one_of is None
                if issue.kind is IssueKind.continuous and wide:
                    grid = {float(v) for v in [*row[i], *marks.get(issue.id, [])]}  # type: ignore[arg-type]
                    row[i] = list[object](sorted(grid))
    n_c = max((len(c) for row in cand for c in row), default=1)
    cand_pos = np.zeros((len(props), n_c, n_i))
    cand_idx = np.zeros((len(props), n_c, n_i), dtype=np.intp)
    open_range = np.zeros((len(props), n_i), dtype=bool)
    for p, prop in enumerate(props):
        settings = prop.settings()
        for i, issue in enumerate(issues):
            enc = [encode_setting(issue, v) for v in cand[p][i]]
            enc += [enc[-1]] * (n_c - len(enc))
            cand_pos[p, :, i], cand_idx[p, :, i] = zip(*enc, strict=True)
            value = settings.get(issue.id)
            is_open = (value is None and issue.status_quo is None) or (
                value is not None and getattr(value, "one_of", 0) is None
            )
            open_range[p, i] = issue.kind is IssueKind.continuous and is_open

    method: str | None = None
    stride = 1
    space_pos = np.zeros((1, n_i))
    space_idx = np.zeros((1, n_i), dtype=np.intp)
    space_valid = np.zeros((1, n_i), dtype=bool)
    codes = None
    resolution = 11
    size = 0
    groups: tuple[Group, ...] = ()
    space = None
    if zopa and who:
        space = outcome_space(scenario, who)
        resolution, size = space.resolution, int(space.size)
        space_pos, space_idx, space_valid = space_settings(scenario, space)
        groups = tuple(
            compile_group(shared, j.issues, j.shape, space_pos, space_idx) for j in space.joints
        )
        if space.size * draws <= zopa_budget:
            method = "enumeration"
            codes = space.enumerate()
        elif draws <= zopa_solves:
            method = "milp"
        else:
            method = "milp-subsample"
            stride = math.ceil(draws / zopa_solves)
    ratified = None
    if ratification and who:
        ratified = compile_ratified(scenario, who, props, space, codes)
    return Plan(
        **{f.name: getattr(shared, f.name) for f in fields(DrawPlan)},
        model=model,
        model_fn=MODELS[model],
        forecast_rows=rows,
        forecast_ok=counts >= MIN_ACTORS,
        proposals=tuple(p.id for p in props),
        cand_pos=cand_pos,
        cand_idx=cand_idx,
        open_range=open_range,
        zopa_method=method,
        zopa_stride=stride,
        space_pos=space_pos,
        space_idx=space_idx,
        space_valid=space_valid,
        space_codes=codes,
        space_size=size,
        resolution=resolution,
        groups=groups,
        cand_sizes=np.array([[len(c) for c in row] for row in cand], dtype=np.intp).reshape(
            len(props), n_i
        )
        if linked
        else None,
        ratified=ratified,
    )
