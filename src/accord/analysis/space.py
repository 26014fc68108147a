"""The outcome space: every combination of issue settings, kept in additive factors.

An outcome sets every issue. Continuous issues are discretised: ``resolution`` evenly
spaced values from min to max, plus every actor's position and red line on the issue, so
that ideal points and thresholds are always in the grid. The space is never materialised
when large: it is held as *factors*, each one issue, or a group of issues tied together by
scenario constraints (then the factor lists the allowed joint settings). Because utility
is additive over issues, every actor's utility of an outcome is the sum of one entry per
factor; algorithms that exploit this (the Pareto merge, the MIP models) work factor by
factor, and only small spaces are enumerated.

Issues that linked terms or conditional red lines tie (:mod:`accord.analysis.linkage`) are
one factor too, merged with any constraint group they share an issue with. Such a group is
tabulated in full once (a :class:`JointTerm`, at most ``GROUP_LIMIT`` joint settings): the
linked part of each actor's utility and the crossings of conditional red lines, per joint
setting. Utility stays a sum of one entry per factor, so the factor-wise algorithms hold
unchanged; ``table`` and ``crosses`` keep the per-issue parts only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import prod

import numpy as np

from accord.analysis.linkage import Linkage, compile_linkage, join_ties, linked_conditions
from accord.analysis.utility import TOLERANCE, Preferences, compile_preferences, encode_setting
from accord.model import Issue, IssueKind, Role, Scenario
from accord.model.links import GROUP_LIMIT

#: Values of a continuous issue's grid, before actors' positions and red lines are added.
DEFAULT_RESOLUTION = 11
#: Spaces larger than this are never enumerated.
ENUMERATION_LIMIT = 5_000_000


@dataclass(frozen=True)
class Factor:
    """A group of issues whose joint settings are listed explicitly.

    ``codes[k, j]`` is the setting index, on issue ``issues[j]``, of the factor's k-th row;
    ``utility[a, k]`` is that row's weighted contribution to actor a's total utility.
    """

    issues: tuple[int, ...]
    codes: np.ndarray  # [K, len(issues)] intp
    utility: np.ndarray  # [A, K] float

    @property
    def size(self) -> int:
        return int(self.codes.shape[0])


@dataclass(frozen=True)
class JointTerm:
    """The non-additive part of a linked group of issues, over every joint setting.

    Joint setting p is the row-major index of the group's setting indices (``shape``):
    ``extra[a, p]`` is the linked part of actor a's utility (:meth:`Linkage.extra`) and
    ``cross[a, p, j]`` whether it crosses a's conditional red line on ``issues[j]``.
    """

    issues: tuple[int, ...]
    shape: tuple[int, ...]
    extra: np.ndarray  # [A, P] float
    cross: np.ndarray  # [A, P, len(issues)] bool

    def rows(self, codes: np.ndarray) -> np.ndarray:
        """The joint setting of each outcome [N, I] (setting indices): [N]."""
        return np.asarray(np.ravel_multi_index(codes[:, list(self.issues)].T, self.shape))


@dataclass(frozen=True)
class OutcomeSpace:
    """All outcomes of a scenario for a set of actors, as additive factors.

    ``table[a, i, k]`` is the weighted utility (salience share x issue utility) that
    setting k of issue i adds to actor a's total; ``crosses[a, i, k]`` whether it crosses
    a's red line. ``batna[a]`` is NaN where unknown. ``joints`` hold what linked terms add
    and which conditional red lines each joint setting crosses (``crosses`` is False for
    conditional red lines); without links it is empty.
    """

    scenario_id: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    settings: tuple[tuple[object, ...], ...]
    table: np.ndarray  # [A, I, K] float, NaN padded
    crosses: np.ndarray  # [A, I, K] bool
    factors: tuple[Factor, ...]
    batna: np.ndarray  # [A]
    red_lines_applied: tuple[str, ...]  # actors whose red lines removed settings
    constraints_applied: bool
    resolution: int
    joints: tuple[JointTerm, ...] = ()

    @property
    def size(self) -> int:
        """Number of outcomes (a Python int: it may exceed any machine integer)."""
        return prod(f.size for f in self.factors)

    @property
    def full_size(self) -> int:
        """Number of outcomes before constraints and red lines removed any."""
        return prod(len(s) for s in self.settings)

    def utilities(self, codes: np.ndarray) -> np.ndarray:
        """Total utility of outcomes given as setting indices: [N, I] -> [A, N]."""
        codes = np.asarray(codes, dtype=np.intp)
        # summed issue by issue: an [A, N, I] intermediate would not fit for millions of outcomes
        out = np.zeros((len(self.actors), codes.shape[0]))
        for i in range(len(self.issues)):
            out += self.table[:, i, codes[:, i]]
        for joint in self.joints:
            out += joint.extra[:, joint.rows(codes)]
        return out

    def crossing(self, codes: np.ndarray) -> np.ndarray:
        """Whether each outcome crosses each actor's red line on any issue: [N, I] -> [A, N]."""
        codes = np.asarray(codes, dtype=np.intp)
        issue_axis = np.arange(len(self.issues))[None, :]
        out = np.asarray(self.crosses[:, issue_axis, codes].any(axis=2))
        for joint in self.joints:
            out |= joint.cross[:, joint.rows(codes)].any(axis=2)
        return out

    def crossing_issues(self, codes: np.ndarray) -> np.ndarray:
        """Whether each outcome crosses each actor's red line on each issue, conditional red
        lines included: [N, I] -> [A, N, I]."""
        codes = np.asarray(codes, dtype=np.intp)
        issue_axis = np.arange(len(self.issues))[None, :]
        out = np.array(self.crosses[:, issue_axis, codes])
        for joint in self.joints:
            out[:, :, list(joint.issues)] |= joint.cross[:, joint.rows(codes)]
        return out

    def factor_crossing(self, f: int) -> np.ndarray:
        """Whether each row of factor f crosses each actor's red line on each of the factor's
        issues, conditional red lines included: [A, len(issues), K]."""
        factor = self.factors[f]
        out = np.stack(
            [self.crosses[:, i, factor.codes[:, j]] for j, i in enumerate(factor.issues)], axis=1
        )
        for joint in self.joints:
            cols = [factor.issues.index(i) for i in joint.issues if i in factor.issues]
            if len(cols) == len(joint.issues):
                flat = np.asarray(np.ravel_multi_index(factor.codes[:, cols].T, joint.shape))
                out[:, cols, :] |= joint.cross[:, flat].transpose(0, 2, 1)
        return out

    def enumerate(self, limit: int = ENUMERATION_LIMIT) -> np.ndarray:
        """Every outcome as setting indices [N, I], in a fixed order. Refuses large spaces."""
        if self.size > limit:
            raise ValueError(
                f"the space has {self.size:,.0f} outcomes, more than the {limit:,} that may be "
                "enumerated; use the factor-wise algorithms instead"
            )
        rows = _product_rows([f.size for f in self.factors])  # [N, F]
        out = np.empty((rows.shape[0], len(self.issues)), dtype=np.intp)
        for f, factor in enumerate(self.factors):
            out[:, list(factor.issues)] = factor.codes[rows[:, f]]
        return out

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` outcomes drawn uniformly from the space (with replacement): [n, I]."""
        out = np.empty((n, len(self.issues)), dtype=np.intp)
        for factor in self.factors:
            rows = rng.integers(factor.size, size=n)
            out[:, list(factor.issues)] = factor.codes[rows]
        return out

    def decode(self, codes: Sequence[int] | np.ndarray) -> dict[str, object]:
        """One outcome as issue id -> setting value."""
        return {
            iid: self.settings[i][int(k)]
            for i, (iid, k) in enumerate(zip(self.issues, codes, strict=True))
        }

    def encode(self, outcome: dict[str, object]) -> np.ndarray:
        """Issue id -> setting value as setting indices (the nearest grid value if continuous)."""
        codes = np.empty(len(self.issues), dtype=np.intp)
        for i, iid in enumerate(self.issues):
            value = outcome[iid]
            values = self.settings[i]
            if isinstance(values[0], float) and not isinstance(value, bool):
                codes[i] = int(np.argmin(np.abs(np.asarray(values, dtype=float) - float(value))))  # type: ignore[arg-type]
            else:
                codes[i] = values.index(value)
        return codes


def _product_rows(sizes: list[int]) -> np.ndarray:
    """Every combination of row indices, one column per factor (last varies fastest)."""
    if not sizes:
        return np.zeros((1, 0), dtype=np.intp)
    grids = np.meshgrid(*[np.arange(s, dtype=np.intp) for s in sizes], indexing="ij")
    return np.stack([g.reshape(-1) for g in grids], axis=1)


def issue_settings(scenario: Scenario, issue: Issue, resolution: int) -> tuple[object, ...]:
    """The settings an issue takes in the outcome space (a grid if continuous).

    A continuous issue's grid is ``resolution`` evenly spaced values plus every value the
    scenario names for it: actors' positions and red lines, drafts' settings (and their
    ``one_of`` lists), constraint values and the status quo, so that each is exact.
    """
    if issue.kind is IssueKind.ordinal:
        return tuple(issue.option_ids())
    if issue.kind is IssueKind.boolean:
        return (False, True)
    lo, hi = issue.bounds()
    named: list[object] = [issue.status_quo]
    for s in scenario.stances:
        if s.issue == issue.id:
            named += [s.position, s.red_line]
    for prop in scenario.proposals:
        value = prop.settings().get(issue.id)
        named += [*(getattr(value, "one_of", None) or []), value]
    for c in scenario.constraints:
        value = c.forbid.get(issue.id)
        named += value if isinstance(value, list) else [value]
    for cond in linked_conditions(scenario):
        if cond.issue == issue.id:
            named += cond.values()
    marks = {float(v) for v in named if isinstance(v, int | float) and not isinstance(v, bool)}
    grid = {float(x) for x in np.linspace(lo, hi, max(resolution, 2))} | marks
    return tuple(sorted(grid))


def parties(scenario: Scenario, include_mediators: bool = False) -> list[str]:
    """The actors whose agreement a deal needs: role party (and mediators when asked)."""
    roles = {Role.party, Role.mediator} if include_mediators else {Role.party}
    stanced = {s.actor for s in scenario.stances}
    return [a.id for a in scenario.actors if a.role in roles and a.id in stanced]


def outcome_space(
    scenario: Scenario,
    actors: Iterable[str] | None = None,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    constraints: bool = True,
    red_lines: Iterable[str] = (),
    preferences: Preferences | None = None,
) -> OutcomeSpace:
    """The outcome space for ``actors`` (default: the parties).

    ``red_lines`` names actors whose red lines remove settings from the space;
    ``constraints`` applies the scenario's constraints (forbidden combinations).
    """
    prefs = preferences or compile_preferences(scenario)
    link = compile_linkage(scenario, prefs)
    chosen = list(actors) if actors is not None else parties(scenario)
    missing = [a for a in chosen if a not in prefs.actors]
    if missing:
        known = ", ".join(prefs.actors)
        raise ValueError(
            f"no stances for actor(s) {', '.join(missing)}; actors with stances: {known}"
        )
    rows = [prefs.actors.index(a) for a in chosen]
    issues = scenario.issues
    settings = tuple(issue_settings(scenario, i, resolution) for i in issues)
    n_k = max(len(s) for s in settings)

    # Encode every setting of every issue once: [K, I] positions and option indices.
    pos = np.zeros((n_k, len(issues)))
    idx = np.zeros((n_k, len(issues)), dtype=np.intp)
    valid = np.zeros((n_k, len(issues)), dtype=bool)
    for i, (issue, values) in enumerate(zip(issues, settings, strict=True)):
        for k, v in enumerate(values):
            pos[k, i], idx[k, i] = encode_setting(issue, v)
            valid[k, i] = True
        pos[len(values) :, i], idx[len(values) :, i] = pos[0, i], idx[0, i]
    u = prefs.issue_utilities(pos, idx)[rows]  # [A, K, I]
    table = np.where(valid[None], u * link.weight[rows][:, None, :], np.nan).transpose(0, 2, 1)
    below = (u < prefs.red[rows][:, None, :] - TOLERANCE) & valid[None]
    crosses = below.transpose(0, 2, 1)  # [A, I, K]
    conditional = link.conditional(len(prefs.actors), len(issues))[rows]  # [A, I]
    below_line = crosses  # conditional red lines included: the joint terms need them
    if conditional.any():
        crosses = crosses & ~conditional[:, :, None]

    applied = [a for a in red_lines]
    unknown = [a for a in applied if a not in chosen]
    if unknown:
        raise ValueError(
            f"red lines of {', '.join(unknown)} requested, "
            f"but they are not among {', '.join(chosen)}"
        )
    removed = (
        np.asarray(crosses[[chosen.index(a) for a in applied]].any(axis=0))
        if applied
        else np.zeros(crosses.shape[1:], bool)
    )

    groups = (
        _constraint_groups(scenario, settings) if constraints else [[i] for i in range(len(issues))]
    )
    ties = link.ties
    if ties:
        groups = join_ties(ties, groups)
    tied = {i for tie in ties for i in tie}
    applied_rows = [chosen.index(a) for a in applied]
    factors, joints = [], []
    for group in groups:
        allowed = [np.flatnonzero(~removed[i, : len(settings[i])]) for i in group]
        combos = np.array(list(itertools.product(*allowed)), dtype=np.intp).reshape(-1, len(group))
        if constraints and (len(group) > 1 or _has_constraint(scenario, issues[group[0]].id)):
            combos = combos[_allowed_rows(scenario, issues, settings, group, combos)]
        joint = None
        if tied.intersection(group):
            args = (scenario, settings, pos, idx, link, rows, below_line, conditional)
            joint = joint_term(group, *args)
            flat = np.asarray(np.ravel_multi_index(combos.T, joint.shape))
            if applied_rows:
                keep = ~joint.cross[applied_rows][:, flat].any(axis=(0, 2))
                combos, flat = combos[keep], flat[keep]
            joints.append(joint)
        util = np.zeros((len(rows), combos.shape[0]))
        for j, i in enumerate(group):
            util += table[:, i, combos[:, j]]
        if joint is not None:
            util += joint.extra[:, flat]
        factors.append(Factor(issues=tuple(group), codes=combos, utility=util))
    return OutcomeSpace(
        scenario_id=scenario.id,
        actors=tuple(chosen),
        issues=tuple(i.id for i in issues),
        settings=settings,
        table=table,
        crosses=crosses,
        factors=tuple(factors),
        batna=prefs.batna[rows],
        red_lines_applied=tuple(applied),
        constraints_applied=constraints,
        resolution=resolution,
        joints=tuple(joints),
    )


def joint_term(
    group: list[int],
    scenario: Scenario,
    settings: tuple[tuple[object, ...], ...],
    pos: np.ndarray,
    idx: np.ndarray,
    link: Linkage,
    rows: list[int],
    below: np.ndarray,
    conditional: np.ndarray,
) -> JointTerm:
    """Tabulate a linked group over every joint setting; refuse more than ``GROUP_LIMIT``.

    ``pos``, ``idx`` encode every setting [K, I]; ``below[a, i, k]`` is whether setting k
    of issue i is below a's red line, ``conditional[a, i]`` whether that red line has an
    ``unless`` (both for the space's actors, ``rows`` of the linkage's).
    """
    shape = tuple(len(settings[i]) for i in group)
    size = prod(shape)
    if size > GROUP_LIMIT:
        names = ", ".join(scenario.issues[i].id for i in group)
        raise ValueError(
            f"issues {names} are tied (by links, conditional red lines and constraints) into "
            f"one factor of {size:,} joint settings; at most {GROUP_LIMIT:,} can be "
            "tabulated: tie fewer issues together, or lower the resolution"
        )
    full = _product_rows(list(shape))  # [P, g]
    gpos = np.stack([pos[full[:, j], i] for j, i in enumerate(group)], axis=1)
    gidx = np.stack([idx[full[:, j], i] for j, i in enumerate(group)], axis=1)
    extra = link.extra(gpos, gidx, group)[rows]
    waived = link.waived(gpos, gidx, group)[rows]  # [A, P, g]
    raw = np.stack([below[:, i, full[:, j]] for j, i in enumerate(group)], axis=2)
    cross = raw & conditional[:, group][:, None, :] & ~waived
    return JointTerm(issues=tuple(group), shape=shape, extra=extra, cross=cross)


def _has_constraint(scenario: Scenario, issue_id: str) -> bool:
    return any(issue_id in c.forbid for c in scenario.constraints)


def _constraint_groups(
    scenario: Scenario, settings: tuple[tuple[object, ...], ...]
) -> list[list[int]]:
    """Issues joined by constraints, by union-find; singletons for the rest, in issue order."""
    at = {issue.id: i for i, issue in enumerate(scenario.issues)}
    parent = list(range(len(scenario.issues)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for c in scenario.constraints:
        ids = [at[iid] for iid in c.forbid]
        for other in ids[1:]:
            parent[root(other)] = root(ids[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(scenario.issues)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _allowed_rows(
    scenario: Scenario,
    issues: list[Issue],
    settings: tuple[tuple[object, ...], ...],
    group: list[int],
    combos: np.ndarray,
) -> np.ndarray:
    """Mask of the joint settings that no constraint forbids."""
    keep = np.ones(combos.shape[0], dtype=bool)
    col = {i: j for j, i in enumerate(group)}
    at = {issue.id: i for i, issue in enumerate(issues)}
    for c in scenario.constraints:
        if not all(at[iid] in col for iid in c.forbid):
            continue
        hit = np.ones(combos.shape[0], dtype=bool)
        for iid, values in c.forbid.items():
            i = at[iid]
            listed = values if isinstance(values, list) else [values]
            ks = [k for k, v in enumerate(settings[i]) if any(same_setting(v, w) for w in listed)]
            hit &= np.isin(combos[:, col[i]], ks)
        keep &= ~hit
    return keep


def same_setting(a: object, b: object) -> bool:
    """Whether two setting values are the same: booleans by identity, numbers within 1e-9
    (relative), anything else by equality."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) and isinstance(b, int | float):
        return abs(a - float(b)) <= 1e-9 * max(1.0, abs(a))
    return a == b
