"""Checks of linked terms and conditional red lines across records (see :mod:`.links`).

Run by :mod:`accord.model.checks` with its own reporting and setting checks passed in, so
that every problem is worded and placed as the rest of a scenario's are: an unknown issue
or option, a table missing a combination, a rule on an issue its link does not tie, a
conditional red line whose condition waits on itself through other red lines, a group of
tied issues with too many joint settings to tabulate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import product
from math import prod

from accord.model.issues import Issue, IssueKind
from accord.model.links import GROUP_LIMIT, Condition, Link
from accord.model.problems import Path, known_list, suggest
from accord.model.stances import Stance

#: Joint settings a continuous issue is counted for here: the default grid (the outcome
#: space adds the values the scenario names, and refuses an over-large group exactly).
CONTINUOUS_COUNT = 11


@dataclass
class LinkChecks:
    """The link checks of one scenario; ``error`` and ``setting`` report as the caller does."""

    issues: dict[str, Issue]
    known_issues: set[str]
    known_actors: set[str]
    stances: list[tuple[int, Stance]]
    links: list[tuple[int, Link]]
    error: Callable[[Path, str], None]
    setting: Callable[[Path, Issue | None, object], None]

    def run(self) -> None:
        stanced = {(st.actor, st.issue) for _, st in self.stances}
        for idx, link in self.links:
            self.check_link(("links", idx), link, stanced)
        self.check_unless()
        self.check_groups()

    # --- one link -----------------------------------------------------------------------------
    def check_link(self, base: Path, link: Link, stanced: set[tuple[str, str]]) -> None:
        if link.actor not in self.known_actors:
            known = sorted(self.known_actors)
            self.error(
                (*base, "actor"),
                f"unknown actor '{link.actor}'{suggest(link.actor, known)}; "
                f"known actors: {known_list(known)}",
            )
        for k, iid in enumerate(link.issues):
            if not self.issue_ref((*base, "issues", k), iid):
                continue
            if link.actor in self.known_actors and (link.actor, iid) not in stanced:
                self.error(
                    (*base, "issues", k),
                    f"'{link.actor}' has no stance on '{iid}'; a link ties issues the actor "
                    "has stances on (give one: its position and salience still count for "
                    "the forecasting models)",
                )
        if link.table is not None:
            self.check_table(base, link)
        if link.rule is not None:
            used: set[str] = set()
            for part in ("when", "given"):
                for k, cond in enumerate(getattr(link.rule, part)):
                    path: Path = (*base, "rule", part, k)
                    used.add(cond.issue)
                    if cond.issue not in link.issues and cond.issue in self.known_issues:
                        self.error(
                            (*path, "issue"),
                            f"the rule tests '{cond.issue}', which the link does not tie; "
                            f"valid: {', '.join(link.issues)} (or add it to 'issues')",
                        )
                        continue
                    self.condition(path, cond)
            for k, iid in enumerate(link.issues):
                if iid not in used and iid in self.known_issues:
                    self.error(
                        (*base, "issues", k),
                        f"the rule tests nothing on '{iid}'; drop it from 'issues' or add a "
                        "condition on it to 'when' or 'given'",
                    )

    def check_table(self, base: Path, link: Link) -> None:
        issues = [self.issues.get(iid) for iid in link.issues]
        for k, issue in enumerate(issues):
            if issue is not None and issue.kind is IssueKind.continuous:
                self.error(
                    (*base, "issues", k),
                    f"a table needs discrete settings and '{issue.id}' is continuous; "
                    "use a rule (with at_least / at_most) for a continuous issue",
                )
                return
        seen: dict[tuple[str, ...], int] = {}
        for r, row in enumerate(link.table or []):
            path: Path = (*base, "table", r, "settings")
            for key in row.settings:
                if key not in link.issues:
                    self.error(
                        (*path, key),
                        f"'{key}' is not one of the link's issues{suggest(key, link.issues)}; "
                        f"valid: {', '.join(link.issues)}",
                    )
            missing = [iid for iid in link.issues if iid not in row.settings]
            if missing:
                self.error(path, f"the row does not set {', '.join(missing)}; set every tied issue")
                continue
            for iid, issue in zip(link.issues, issues, strict=True):
                self.setting((*path, iid), issue, row.settings[iid])
            combo = tuple(_key(row.settings[iid]) for iid in link.issues)
            if combo in seen:
                self.error(
                    (*base, "table", r),
                    f"the same combination as table[{seen[combo]}]; give each combination once",
                )
            seen.setdefault(combo, r)
        if link.default is not None or any(i is None for i in issues):
            return
        combos = product(*[[_key(v) for v in _settings(i)] for i in issues if i is not None])
        absent = [c for c in combos if c not in seen]
        if absent:
            shown = [v.rstrip("\0") for v in absent[0]]
            first = ", ".join(f"{iid}={v}" for iid, v in zip(link.issues, shown, strict=True))
            self.error(
                (*base, "table"),
                f"{len(absent)} combination(s) have no row, e.g. {first}; give every "
                "combination or a 'default' utility for the rest",
            )

    # --- conditions and conditional red lines -------------------------------------------------
    def issue_ref(self, path: Path, iid: str) -> bool:
        if iid in self.known_issues:
            return True
        known = sorted(self.known_issues)
        self.error(
            path, f"unknown issue '{iid}'{suggest(iid, known)}; known issues: {known_list(known)}"
        )
        return False

    def condition(self, path: Path, cond: Condition) -> None:
        if not self.issue_ref((*path, "issue"), cond.issue):
            return
        issue = self.issues.get(cond.issue)
        if cond.test == "one_of":
            for k, v in enumerate(cond.values()):
                self.setting((*path, "one_of", k), issue, v)
        else:
            self.setting((*path, cond.test), issue, cond.values()[0])

    def check_unless(self) -> None:
        for idx, st in self.stances:
            if st.unless is None:
                continue
            path: Path = ("stances", idx, "unless")
            if st.red_line is None:
                self.error(path, "'unless' makes a red line conditional; give 'red_line' too")
            if st.unless.issue == st.issue:
                self.error(
                    (*path, "issue"),
                    f"a red line on '{st.issue}' cannot be waived by a condition on "
                    f"'{st.issue}' itself; move the red line instead",
                )
                continue
            self.condition(path, st.unless)
        # A cycle: actor a's red line on i waits on j, and its red line on j on i (or longer).
        waits: dict[tuple[str, str], tuple[str, int]] = {}
        for idx, st in self.stances:
            if st.unless is not None and st.red_line is not None and st.unless.issue != st.issue:
                waits[(st.actor, st.issue)] = (st.unless.issue, idx)
        reported: set[tuple[str, str]] = set()
        for start in waits:
            chain, node = [start], (start[0], waits[start][0])
            while node in waits and node not in chain:
                chain.append(node)
                node = (start[0], waits[node][0])
            if node == start and start not in reported:
                reported.update(chain)
                loop = " -> ".join([*(i for _, i in chain), start[1]])
                self.error(
                    ("stances", waits[start][1], "unless"),
                    f"conditional red lines of '{start[0]}' wait on each other in a cycle "
                    f"({loop}): each would be waived only by crossing another; make one of "
                    "them unconditional",
                )

    def check_groups(self) -> None:
        """Issues tied by links and conditional red lines, joined: each group is tabulated in
        full, so refuse one with more than GROUP_LIMIT joint settings."""
        ties: list[tuple[Path, list[str]]] = [
            (("links", idx), list(link.issues)) for idx, link in self.links
        ]
        ties += [
            (("stances", idx, "unless"), [st.issue, st.unless.issue])
            for idx, st in self.stances
            if st.unless is not None and st.red_line is not None
        ]
        parent: dict[str, str] = {}

        def root(i: str) -> str:
            while parent.setdefault(i, i) != i:
                i = parent[i]
            return i

        for _, tied in ties:
            tied = [i for i in tied if i in self.issues]
            for other in tied[1:]:
                parent[root(other)] = root(tied[0])
        groups: dict[str, list[str]] = {}
        for i in list(parent):
            groups.setdefault(root(i), []).append(i)
        for members in groups.values():
            size = prod(_count(self.issues[i]) for i in members)
            if size > GROUP_LIMIT:
                where = next(p for p, tied in ties if tied[0] in members or tied[-1] in members)
                self.error(
                    where,
                    f"issues {', '.join(sorted(members))} are tied (by links and conditional "
                    f"red lines) into one group of {size:,} joint settings; at most "
                    f"{GROUP_LIMIT:,} can be tabulated: tie fewer issues together",
                )


def _settings(issue: Issue) -> list[object]:
    if issue.kind is IssueKind.boolean:
        return [False, True]
    return list(issue.option_ids())


def _count(issue: Issue) -> int:
    return CONTINUOUS_COUNT if issue.kind is IssueKind.continuous else len(_settings(issue))


def _key(value: object) -> str:
    """A setting as text that tells true from 'true' (written as YAML writes it)."""
    return ("true" if value else "false") + "\0" if isinstance(value, bool) else str(value)


def linked_issue_ids(links: Iterable[Link], stances: Iterable[Stance]) -> set[str]:
    """Every issue a link or a conditional red line ties."""
    out = {iid for link in links for iid in link.issues}
    for st in stances:
        if st.unless is not None and st.red_line is not None:
            out |= {st.issue, st.unless.issue}
    return out
