"""Checks of the ratifiers behind actors (:mod:`accord.model.ratification`).

Run by :mod:`accord.model.checks` (the checker described here by :class:`Reporter`), so that
every problem is worded and placed as the rest of a scenario's are: an entry for no actor
or a second one for an actor, ratifier ids that clash, a ratifier's stance on no issue or
with a setting the issue does not have, a rule without its quota, and a ratifier that can
never pass anything.

Each ratifier is checked alone. Its red lines can never exclude every setting of an issue
(the red-line setting itself crosses nothing), so what can make it refuse every outcome is
a ``threshold`` above the most its stances can give it; that is checked here. Whether the
ratifiers of one actor can pass one outcome *together* is a question over the outcome space,
answered by :mod:`accord.analysis.ratification`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from accord.model.draft_checks import Reporter as DraftReporter
from accord.model.issues import Issue, IssueKind
from accord.model.link_checks import LinkChecks
from accord.model.problems import Path
from accord.model.ratification import Ratification, Ratifier, RatifierStance, VoteRule
from accord.model.stances import Stance, UtilityShape


class Reporter(DraftReporter, Protocol):
    """What the ratification checks need of the scenario checker."""

    def warn(self, path: Path, message: str) -> None: ...
    def check_table(self, base: Path, st: Stance, issue: Issue) -> None: ...


@dataclass
class RatificationChecks:
    """The ratification checks of one scenario, reported through ``r``."""

    r: Reporter
    entries: Sequence[tuple[int, Ratification]]
    #: ratifier id -> where it is first given
    ratifiers: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # Conditions ('votes_when', 'unless') are checked as a link's are.
        self.conditions = LinkChecks(
            issues=self.r.issues,
            known_issues=self.r.ids["issues"],
            known_actors=self.r.ids["actors"],
            stances=[],
            links=[],
            error=self.r.error,
            setting=self.r.setting,
        )

    def run(self) -> None:
        actors: dict[str, int] = {}
        for idx, entry in self.entries:
            base: Path = ("ratification", idx)
            self.r.ref((*base, "actor"), entry.actor, "actors", "actor")
            self.r.sources(base, entry.sources)
            if entry.actor in actors:
                self.r.error(
                    (*base, "actor"),
                    f"a second ratification entry for '{entry.actor}' (first: "
                    f"ratification[{actors[entry.actor]}]); give one entry per actor, with "
                    "all its ratifiers",
                )
            actors.setdefault(entry.actor, idx)
            self.check_rule(base, entry)
            for k, ratifier in enumerate(entry.ratifiers):
                self.check_ratifier((*base, "ratifiers", k), ratifier, f"ratification[{idx}]")

    def check_rule(self, base: Path, entry: Ratification) -> None:
        if entry.quota is not None and entry.rule is not VoteRule.quota:
            self.r.error(
                (*base, "quota"),
                f"'quota' is used only with 'rule: quota' (the rule here is "
                f"'{entry.rule.value}'); write rule: quota, or drop the quota",
            )
        if entry.rule is VoteRule.quota and entry.quota is None:
            self.r.error(
                (*base, "rule"),
                "rule 'quota' needs a 'quota': the share of the voting weight that must pass "
                "an outcome, a number above 0 and at most 1",
            )

    # --- one ratifier -------------------------------------------------------------------------
    def check_ratifier(self, path: Path, rat: Ratifier, entry: str) -> None:
        idpath: Path = (*path, "id")
        if rat.id in self.ratifiers:
            self.r.error(
                idpath,
                f"duplicate ratifier id '{rat.id}' (first: {self.ratifiers[rat.id]}); "
                "ratifier ids must be unique in the scenario",
            )
        elif rat.id in self.r.ids["actors"]:
            self.r.error(
                idpath,
                f"ratifier id '{rat.id}' is also an actor's id; give the ratifier an id of "
                f"its own, e.g. '{rat.id}-{rat.kind.value.replace(' ', '-')}'",
            )
        where = f"{entry}.ratifiers[{path[-1]}]"
        self.ratifiers.setdefault(rat.id, where)
        self.r.sources(path, rat.sources)
        issues: dict[str, int] = {}
        for s, st in enumerate(rat.stances):
            spath: Path = (*path, "stances", s)
            if st.issue in issues:
                self.r.error(
                    spath,
                    f"a second stance of ratifier '{rat.id}' on '{st.issue}' (first: "
                    f"stances[{issues[st.issue]}]); give one",
                )
            issues.setdefault(st.issue, s)
            self.check_stance(spath, rat, st)
        for c, cond in enumerate(rat.votes_when):
            self.conditions.condition((*path, "votes_when", c), cond)
        self.check_reach(path, rat)

    def check_stance(self, path: Path, rat: Ratifier, st: RatifierStance) -> None:
        self.r.ref((*path, "issue"), st.issue, "issues", "issue")
        self.r.sources(path, st.sources)
        if not (st.sources or st.judgement or rat.sources or rat.judgement):
            self.r.warn(
                path,
                "ratifier stance has neither 'sources' nor a 'judgement' note (nor has its "
                "ratifier) saying it is the analyst's call",
            )
        if st.unless is not None:
            upath: Path = (*path, "unless")
            if st.red_line is None:
                self.r.error(upath, "'unless' makes a red line conditional; give 'red_line' too")
            if st.unless.issue == st.issue:
                self.r.error(
                    (*upath, "issue"),
                    f"a red line on '{st.issue}' cannot be waived by a condition on "
                    f"'{st.issue}' itself; move the red line instead",
                )
            else:
                self.conditions.condition(upath, st.unless)
        issue = self.r.issues.get(st.issue)
        if issue is None:
            return
        self.r.setting((*path, "position"), issue, st.position)
        if st.red_line is not None:
            self.r.setting((*path, "red_line"), issue, st.red_line)
        # The table rules are an actor's stance's: one check for both.
        self.r.check_table(path, Stance.model_construct(actor=rat.id, **dict(st)), issue)

    def check_reach(self, path: Path, rat: Ratifier) -> None:
        """A threshold the ratifier's stances can reach, and a ratifier that can refuse."""
        lines = any(st.red_line is not None for st in rat.stances)
        if rat.threshold is None:
            if not lines:
                self.r.warn(
                    path,
                    f"ratifier '{rat.id}' has no red lines and no threshold, so it passes "
                    "every outcome; give it a threshold or red lines, or drop it",
                )
            return
        tpath: Path = (*path, "threshold")
        if not rat.stances:
            self.r.error(
                tpath,
                f"ratifier '{rat.id}' has a threshold but no stances to judge an outcome "
                "by; give it stances, or drop 'threshold'",
            )
            return
        if sum(st.salience for st in rat.stances) <= 0:
            if rat.threshold > 0:
                self.r.error(
                    tpath,
                    f"every stance of ratifier '{rat.id}' has salience 0, so its utility is 0 "
                    f"for every outcome and never reaches its threshold {rat.threshold:g}; "
                    "give a stance a positive salience, or drop 'threshold'",
                )
            return
        best = self.best_utility(rat)
        if best is None or rat.threshold <= best + 1e-9:
            return
        # Shown rounded down, so that the value offered is reachable (0.93 is 0.9299...).
        most = math.floor(best * 1000 + 1e-6) / 1000
        why = (
            f"its threshold {rat.threshold:g} is above the most its stances can give it "
            f"({most:.3g}, with every issue set as it wants)"
        )
        if rat.spread is None:
            self.r.error(
                tpath,
                f"ratifier '{rat.id}' can never pass an outcome: {why}; valid: a threshold "
                f"of at most {most:.3g}",
            )
        else:
            self.r.warn(
                tpath,
                f"ratifier '{rat.id}' passes an outcome only when its vote swings above the "
                f"model's value (spread {rat.spread:g}): {why}",
            )

    def best_utility(self, rat: Ratifier) -> float | None:
        """The most utility the ratifier's stances can give it, or None when a stance is
        on an unknown issue or has a table that does not cover the issue (reported
        elsewhere).

        Stances count one issue each (a ratifier has no links), so the best outcome sets
        every issue at its best: 1 at the position for linear and quadratic stances, the
        table's largest value for a table. That setting never crosses the stance's red
        line, which only rules out settings worth less than the red line's own.
        """
        total = weighted = 0.0
        for st in rat.stances:
            issue = self.r.issues.get(st.issue)
            if issue is None:
                return None
            top = 1.0
            if st.utility is UtilityShape.table and issue.kind is not IssueKind.continuous:
                keys = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
                table = st.table or {}
                if any(k not in table for k in keys):
                    return None
                top = max(table[k] for k in keys)
            total += st.salience
            weighted += st.salience * top
        return weighted / total
