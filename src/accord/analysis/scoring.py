"""Scorecards: what each draft is worth to each actor, and which red lines it crosses.

A draft fixes some issues, leaves some *unknown* (addressed, content not public) and is
*silent* on the rest. A silent issue takes the issue's status quo when the scenario
declares one; otherwise, like an unknown one, it may take any setting. Where settings are
open the score is a range, from the worst to the best case for each actor, never a guess:
since utility is additive, the extremes are the sums of each issue's extremes.

Linked terms (:mod:`accord.analysis.linkage`) make an actor's utility additive over its
linked *groups* of issues instead: a group's extremes are found over every combination of
its issues' possible settings, with the arithmetic the outcome space uses, and a
conditional red line is judged on those combinations too. A group's share of the range is
booked on its first issue in ``part_low`` and ``part_high``, so the parts still add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from accord.analysis.linkage import Linkage, compile_linkage, linked_conditions
from accord.analysis.utility import TOLERANCE, Preferences, compile_preferences, encode_setting
from accord.model import Issue, IssueKind, Proposal, Scenario, Unknown
from accord.model.plain import to_plain


class SettingState(StrEnum):
    set = "set"  # the draft gives the setting
    unknown = "unknown"  # the draft addresses the issue, its content is not public
    silent = "silent"  # the draft does not address the issue


class RedLine(StrEnum):
    clear = "clear"
    may_cross = "may cross"  # some of the possible settings cross it
    crosses = "crosses"


_RED_CODES = (RedLine.clear, RedLine.may_cross, RedLine.crosses)


def possible_settings(scenario: Scenario, issue: Issue, setting: object | None) -> list[object]:
    """The settings an issue may take under a draft: one if known, several if not.

    For continuous issues an open setting is represented by the ends of its range plus
    every actor's position inside it: linear and quadratic utilities reach their extremes
    there, so minima, maxima and red-line crossings over the range are exact.
    """
    if setting is None:
        if issue.status_quo is not None:
            return [issue.status_quo]
        setting = Unknown()
    if not isinstance(setting, Unknown):
        return [setting]
    if setting.one_of is not None:
        return list(setting.one_of)
    if issue.kind is IssueKind.ordinal:
        return list(issue.option_ids())
    if issue.kind is IssueKind.boolean:
        return [False, True]
    lo, hi = issue.bounds()
    ideals = {float(s.position) for s in scenario.stances if s.issue == issue.id}
    return list[object](sorted({lo, hi, *ideals}))


def setting_state(setting: object | None) -> SettingState:
    if setting is None:
        return SettingState.silent
    return SettingState.unknown if isinstance(setting, Unknown) else SettingState.set


@dataclass(frozen=True)
class Scorecard:
    """Utility of each draft for each actor, as a range, and red lines crossed.

    Arrays are indexed [actor, proposal(, issue)] in the order of ``actors``,
    ``proposals`` and ``issues``. ``low == high`` where every setting is known.
    """

    actors: tuple[str, ...]
    proposals: tuple[str, ...]
    issues: tuple[str, ...]
    low: np.ndarray  # [A, P]
    high: np.ndarray  # [A, P]
    part_low: np.ndarray  # [A, P, I] weighted contribution of each issue, worst case
    part_high: np.ndarray  # [A, P, I] best case
    red_line: np.ndarray  # [A, P, I] int8: 0 clear, 1 may cross, 2 crosses
    states: tuple[tuple[SettingState, ...], ...]  # [P][I]
    settings: tuple[tuple[object | None, ...], ...]  # [P][I] the draft's own setting
    batna: np.ndarray  # [A], NaN where unknown

    def red_lines(self, actor: str, proposal: str) -> dict[str, RedLine]:
        """Issue -> status, for the red lines of ``actor`` that ``proposal`` may cross."""
        a, p = self.actors.index(actor), self.proposals.index(proposal)
        return {
            issue: _RED_CODES[int(code)]
            for issue, code in zip(self.issues, self.red_line[a, p], strict=True)
            if code
        }

    def versus_batna(self, a: int, p: int) -> str:
        """'above', 'below', 'straddles' (the range spans the BATNA) or 'unknown'."""
        b = self.batna[a]
        if np.isnan(b):
            return "unknown"
        if self.low[a, p] >= b - TOLERANCE:
            return "above"
        if self.high[a, p] < b - TOLERANCE:
            return "below"
        return "straddles"

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """One row per draft and actor, the ranges as numbers, red lines by issue."""
        rows = []
        for p, pid in enumerate(self.proposals):
            for a, aid in enumerate(self.actors):
                lo, hi = float(self.low[a, p]), float(self.high[a, p])
                rows.append(
                    {
                        "proposal": pid,
                        "actor": aid,
                        "utility": lo if lo == hi else None,
                        "low": lo,
                        "high": hi,
                        "batna": None if np.isnan(self.batna[a]) else float(self.batna[a]),
                        "versus_batna": self.versus_batna(a, p),
                        "red_lines": self.red_lines(aid, pid),
                    }
                )
        return {
            "actors": list(self.actors),
            "proposals": list(self.proposals),
            "settings": {
                pid: dict(zip(self.issues, self.states[p], strict=True))
                for p, pid in enumerate(self.proposals)
            },
            "scores": rows,
        }


def linked_scores(
    link: Linkage,
    sizes: list[list[int]],
    pos: np.ndarray,
    idx: np.ndarray,
    u: np.ndarray,
    below: np.ndarray,
    part_low: np.ndarray,
    part_high: np.ndarray,
    red_line: np.ndarray,
) -> None:
    """Redo, in place, each actor's parts and red lines on its linked groups of issues.

    ``sizes[p][i]`` is how many settings draft p leaves issue i, ``pos``, ``idx`` [P, C, I]
    their encodings, ``u`` [A, P, C, I] the per-issue utilities and ``below`` where they
    are under the red line. Each group is enumerated: every combination of its possible
    settings, its utility the weighted per-issue sum plus :meth:`Linkage.extra`.
    """
    n_a, n_p = u.shape[:2]
    conditional = link.conditional(n_a, u.shape[3])
    for a in range(n_a):
        for group in link.actor_groups(a):
            for p in range(n_p):
                combos = np.indices([sizes[p][i] for i in group]).reshape(len(group), -1).T
                at = (combos, np.asarray(group)[None, :])
                gpos, gidx = pos[p][at], idx[p][at]  # [M, g]
                total = (u[a, p][at] * link.weight[a, group]).sum(axis=1)
                total += link.extra(gpos, gidx, group)[a]
                first = group[0]
                part_low[a, p, first] += total.min() - part_low[a, p, group].sum()
                part_high[a, p, first] += total.max() - part_high[a, p, group].sum()
                crossing = below[a, p][at] & ~link.waived(gpos, gidx, group)[a]  # [M, g]
                for j, i in enumerate(group):
                    if conditional[a, i]:
                        hit = crossing[:, j]
                        red_line[a, p, i] = 2 if hit.all() else 1 if hit.any() else 0


def score_proposals(
    scenario: Scenario,
    proposals: list[Proposal] | None = None,
    preferences: Preferences | None = None,
) -> Scorecard:
    """Score drafts (all of the scenario's by default) for every actor with stances."""
    props = scenario.proposals if proposals is None else proposals
    prefs = preferences or compile_preferences(scenario)
    link = compile_linkage(scenario, prefs)
    issues = scenario.issues
    n_p, n_i = len(props), len(issues)

    settings = [[prop.settings().get(issue.id) for issue in issues] for prop in props]
    candidates = [
        [possible_settings(scenario, issue, settings[p][i]) for i, issue in enumerate(issues)]
        for p in range(n_p)
    ]
    if link.terms or link.waivers:
        # An open continuous setting may fall either side of a condition's threshold.
        marks: dict[str, list[object]] = {}
        for cond in linked_conditions(scenario):
            marks.setdefault(cond.issue, []).extend(cond.values())
        for row, given in zip(candidates, settings, strict=True):
            for i, issue in enumerate(issues):
                value = given[i]
                open_range = value is None and issue.status_quo is None
                open_range |= isinstance(value, Unknown) and value.one_of is None
                if issue.kind is IssueKind.continuous and open_range:
                    grid = {float(v) for v in [*row[i], *marks.get(issue.id, [])]}  # type: ignore[arg-type]
                    row[i] = list[object](sorted(grid))
    n_c = max((len(c) for row in candidates for c in row), default=1)
    # Padded [P, C, I] encodings; padding repeats a real candidate, so it changes no
    # minimum, maximum, any() or all() below.
    pos = np.zeros((n_p, n_c, n_i))
    idx = np.zeros((n_p, n_c, n_i), dtype=np.intp)
    for p in range(n_p):
        for i, issue in enumerate(issues):
            enc = [encode_setting(issue, v) for v in candidates[p][i]]
            enc += [enc[-1]] * (n_c - len(enc))
            pos[p, :, i], idx[p, :, i] = zip(*enc, strict=True)

    u = prefs.issue_utilities(pos.reshape(-1, n_i), idx.reshape(-1, n_i))
    u = u.reshape(len(prefs.actors), n_p, n_c, n_i)  # [A, P, C, I]
    w = link.weight[:, None, :]
    part_low = u.min(axis=2) * w
    part_high = u.max(axis=2) * w

    below = u < (prefs.red[:, None, None, :] - TOLERANCE)  # NaN red line -> False
    red_line = np.where(below.all(axis=2), 2, np.where(below.any(axis=2), 1, 0)).astype(np.int8)
    if link.terms or link.waivers:
        sizes = [[len(c) for c in row] for row in candidates]
        linked_scores(link, sizes, pos, idx, u, below, part_low, part_high, red_line)

    return Scorecard(
        actors=prefs.actors,
        proposals=tuple(p.id for p in props),
        issues=prefs.issues,
        low=part_low.sum(axis=2),
        high=part_high.sum(axis=2),
        part_low=part_low,
        part_high=part_high,
        red_line=red_line,
        states=tuple(tuple(setting_state(s) for s in row) for row in settings),
        settings=tuple(tuple(row) for row in settings),
        batna=prefs.batna,
    )
