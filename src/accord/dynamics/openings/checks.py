"""The cheap checks of a lever setting: many sets of BATNAs decided at once.

The outcome space is built, enumerated and scored once per distinct set of saliences (with
the weights :func:`~accord.analysis.utility.compile_preferences` would give), and when
only BATNAs differ, acceptance of every enumerated outcome is one array comparison
(:class:`ZopaCheck`); spaces larger than the search's enumeration limit are decided by
:func:`accord.analysis.milp.find_acceptable` instead, one call per distinct set of BATNAs.
A draft's verdicts come from its scorecard's utility ranges, compared with every set of
BATNAs at once (:class:`ProposalCheck`). Every answer is the one the slow way gives.

Linked terms (:mod:`accord.analysis.linkage`) are replayed too: a salience move changes the
actor's S_a (which includes its tables' weights), so the per-issue weights and the tables'
share ``w_T / S_a`` of each linked factor are recomputed; rules and the crossings of
conditional red lines do not depend on saliences and are kept.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from accord.analysis.linkage import compile_linkage
from accord.analysis.milp import find_acceptable
from accord.analysis.scoring import score_proposals
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.analysis.utility import TOLERANCE, Preferences, encode_setting
from accord.model import Scenario


class ZopaCheck:
    """Whether some outcome is acceptable to every party, for many sets of BATNAs."""

    def __init__(self, space: OutcomeSpace, utility: np.ndarray | None) -> None:
        self.space = space
        self.utility = utility  # [A, N] of the enumerated outcomes that cross no red line

    def __call__(self, batnas: np.ndarray) -> np.ndarray:
        floors = np.where(np.isnan(batnas), -np.inf, batnas) - TOLERANCE  # [M, A]
        if self.utility is None:
            return np.array(
                [find_acceptable(replace(self.space, batna=b)) is not None for b in batnas]
            )
        u = self.utility
        out = np.zeros(batnas.shape[0], dtype=bool)
        chunk = max(1, 4_000_000 // max(1, u.shape[0] * u.shape[1]))
        for start in range(0, batnas.shape[0], chunk):
            f = floors[start : start + chunk]
            out[start : start + chunk] = np.all(u[None, :, :] >= f[:, :, None], axis=1).any(axis=1)
        return out


class Outcomes:
    """The outcome space of the parties, built and enumerated once; re-weighted per check.

    Saliences change only the weights: the table of weighted utilities is recomputed with
    the operations :func:`outcome_space` uses (so the numbers are the same to the last bit),
    and the enumerated outcomes, their red-line crossings and the space's factors are kept.
    """

    def __init__(self, scenario: Scenario, prefs: Preferences, chosen: list[str], limit: int):
        self.space = outcome_space(scenario, chosen, preferences=prefs)
        self.rows = [prefs.actors.index(a) for a in chosen]
        settings = self.space.settings
        issues = scenario.issues
        n_k = max(len(v) for v in settings)
        pos = np.zeros((n_k, len(issues)))
        idx = np.zeros((n_k, len(issues)), dtype=np.intp)
        self.valid = np.zeros((n_k, len(issues)), dtype=bool)
        for i, (issue, values) in enumerate(zip(issues, settings, strict=True)):
            for k, v in enumerate(values):
                pos[k, i], idx[k, i] = encode_setting(issue, v)
                self.valid[k, i] = True
            pos[len(values) :, i], idx[len(values) :, i] = pos[0, i], idx[0, i]
        self.u = prefs.issue_utilities(pos, idx)[self.rows]  # [A, K, I], unweighted
        # each linked factor's tables' part (to rescale by the stated S_a over the new one)
        # and rules' part, over its joint settings: [A, P] each
        link = compile_linkage(scenario, prefs).take(self.rows)
        self.parts = []
        for joint in self.space.joints:
            full = np.indices(joint.shape).reshape(len(joint.shape), -1).T
            gpos = np.stack([pos[full[:, j], i] for j, i in enumerate(joint.issues)], axis=1)
            gidx = np.stack([idx[full[:, j], i] for j, i in enumerate(joint.issues)], axis=1)
            self.parts.append(link.parts(gpos, gidx, joint.issues))
        self.codes: np.ndarray | None = None
        if self.space.size <= limit:
            codes = self.space.enumerate(limit)
            self.codes = codes[~self.space.crossing(codes).any(axis=0)]

    def check(self, weight: np.ndarray, ratio: np.ndarray | None = None) -> ZopaCheck:
        """The check under per-issue weights ``weight`` [A', I] (every actor with stances)
        and, with linked tables, ``ratio`` [A'], each actor's stated S_a over its new one."""
        table = np.where(
            self.valid[None], self.u * weight[self.rows][:, None, :], np.nan
        ).transpose(0, 2, 1)
        joints = [
            replace(j, extra=t * (1.0 if ratio is None else ratio[self.rows][:, None]) + r)
            for j, (t, r) in zip(self.space.joints, self.parts, strict=True)
        ]
        factors = []
        for f in self.space.factors:
            util = np.zeros((len(self.rows), f.codes.shape[0]))
            for j, i in enumerate(f.issues):
                util += table[:, i, f.codes[:, j]]
            for joint in joints:
                if set(joint.issues) <= set(f.issues):
                    cols = [f.issues.index(i) for i in joint.issues]
                    util += joint.extra[:, np.ravel_multi_index(f.codes[:, cols].T, joint.shape)]
            factors.append(replace(f, utility=util))
        space = replace(self.space, table=table, factors=tuple(factors), joints=tuple(joints))
        if self.codes is None:
            return ZopaCheck(space, None)
        return ZopaCheck(space, space.utilities(self.codes))


class ProposalCheck:
    """Whether every party accepts a draft for sure, for many sets of BATNAs."""

    def __init__(
        self, scenario: Scenario, prefs: Preferences, chosen: list[str], proposal: str
    ) -> None:
        card = score_proposals(scenario, [scenario.proposal(proposal)], preferences=prefs)
        rows = [card.actors.index(a) for a in chosen]
        self.low = card.low[rows, 0]
        self.high = card.high[rows, 0]
        red = card.red_line[rows, 0]  # [A, I]
        self.red_no = (red == 2).any(axis=1)
        self.red_clear = (red == 0).all(axis=1)

    def __call__(self, batnas: np.ndarray) -> np.ndarray:
        unknown = np.isnan(batnas)
        no = self.red_no[None, :] | (~unknown & (self.high[None, :] < batnas - TOLERANCE))
        yes = self.red_clear[None, :] & (unknown | (self.low[None, :] >= batnas - TOLERANCE))
        return (yes & ~no).all(axis=1)
