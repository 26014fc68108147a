"""Linked terms compiled into arrays: the part of an actor's utility that is not additive.

With links (:mod:`accord.model.links`) actor a's utility of an outcome x is

    U_a(x) = ( sum_{i in F_a} s_ai u_ai(x_i) + sum_{T of a} w_T T(x_T) ) / S_a
             + sum_{R of a} r_R(x)

where F_a is the issues a has stances on that none of its *table* links ties, S_a the sum of
those stances' saliences and of its tables' weights, T(x_T) a table's entry for the settings
of its issues, and r_R(x) a rule's ``add`` when its ``when`` and ``given`` conditions hold,
its ``otherwise`` when ``when`` holds and a ``given`` condition does not, 0 when ``when``
fails. Without table links S_a is the sum of a's saliences, so the first term is exactly
:class:`~accord.analysis.utility.Preferences`' additive utility.

A red line of a on issue i with ``unless: c`` is crossed when the setting of i is below the
red line (as without ``unless``) *and* c does not hold.

:class:`Linkage` holds the per-issue weights ``weight[a, i] = s_ai / S_a`` (0 where a table
replaces the stance) and evaluates the rest, ``extra`` and ``waived``, on rows of encoded
settings of a group of issues. The outcome space tabulates both over each linked group of
issues, and scorecards evaluate them on a draft's possible settings: one arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.utility import Preferences, encode_setting
from accord.model import Condition, IssueKind, Scenario

#: How near a continuous setting must be to a condition's value to count as equal to it.
RELATIVE = 1e-9


class LinksNotSupported(ValueError):
    """An analysis that adds utilities issue by issue was asked about a linked scenario.

    No analysis raises it any more (Monte Carlo, processes, the lever search and trades
    honour links); kept because callers (``accord trades``) still catch it.
    """


@dataclass(frozen=True)
class Test:
    """A compiled :class:`~accord.model.Condition` on issue ``issue`` (an index)."""

    issue: int
    kind: str  # "in" (equals, one_of), "at_least" or "at_most"
    discrete: bool  # compare option indices (exact) rather than positions (with RELATIVE)
    values: np.ndarray  # option indices, or numbers

    def holds(self, pos: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """[N] bool for the issue's column of encoded settings."""
        if self.discrete:
            x, lo, hi = idx[:, None], self.values[None, :], self.values[None, :]
        else:
            slack = RELATIVE * np.maximum(1.0, np.abs(self.values))
            x, lo, hi = pos[:, None], (self.values - slack)[None, :], (self.values + slack)[None, :]
        if self.kind == "in":
            return np.any((x >= lo) & (x <= hi), axis=1)
        if self.kind == "at_least":
            return np.asarray((x >= lo)[:, 0])
        return np.asarray((x <= hi)[:, 0])


@dataclass(frozen=True)
class Term:
    """One linked term of actor row ``actor`` on ``issues`` (indices)."""

    actor: int
    issues: tuple[int, ...]
    table: np.ndarray | None  # the table scaled by w / S_a, indexed by option indices
    when: tuple[Test, ...] = ()
    given: tuple[Test, ...] = ()
    add: float = 0.0
    otherwise: float = 0.0


@dataclass(frozen=True)
class Waiver:
    """Actor row ``actor``'s red line on issue ``issue`` holds unless ``test``."""

    actor: int
    issue: int
    test: Test


@dataclass(frozen=True)
class Linkage:
    """A scenario's linked terms for the actors of a :class:`Preferences`, as arrays."""

    weight: np.ndarray  # [A, I] per-issue weights s_ai / S_a (0 where a table replaces)
    terms: tuple[Term, ...]
    waivers: tuple[Waiver, ...]
    #: [A, I] the stances a table replaces; [A] the sum of each actor's tables' weights and
    #: its S_a (NaN for an actor without tables): what a drawn salience needs to re-weigh
    replaced: np.ndarray  # [A, I] bool
    table_weight: np.ndarray  # [A]
    total: np.ndarray  # [A]

    @property
    def linked(self) -> bool:
        """Whether there is anything linked at all (else every analysis is issue by issue)."""
        return bool(self.terms or self.waivers)

    def take(self, rows: Sequence[int]) -> Linkage:
        """The linkage of some actor rows only, renumbered in the order given."""
        new = {r: k for k, r in enumerate(rows)}
        pick = list(rows)
        terms = tuple(
            Term(new[t.actor], t.issues, t.table, t.when, t.given, t.add, t.otherwise)
            for t in self.terms
            if t.actor in new
        )
        waivers = tuple(
            Waiver(new[w.actor], w.issue, w.test) for w in self.waivers if w.actor in new
        )
        return Linkage(
            weight=self.weight[pick],
            terms=terms,
            waivers=waivers,
            replaced=self.replaced[pick],
            table_weight=self.table_weight[pick],
            total=self.total[pick],
        )

    @property
    def ties(self) -> list[tuple[int, ...]]:
        """The issues each term and each conditional red line ties together."""
        return [t.issues for t in self.terms] + [(w.issue, w.test.issue) for w in self.waivers]

    def actor_groups(self, a: int) -> list[list[int]]:
        """Actor row a's own linked groups of issues (joined when two ties share an issue)."""
        ties = [t.issues for t in self.terms if t.actor == a]
        ties += [(w.issue, w.test.issue) for w in self.waivers if w.actor == a]
        return join_ties(ties)

    def extra(self, pos: np.ndarray, idx: np.ndarray, issues: Sequence[int]) -> np.ndarray:
        """The linked part of every actor's utility, for N rows of encoded settings of
        ``issues`` (``pos``, ``idx`` are [N, len(issues)]): [A, N]. Only the terms wholly
        inside ``issues`` count (a linked group holds every term touching it)."""
        tables, rules = self.parts(pos, idx, issues)
        return tables + rules

    def parts(
        self, pos: np.ndarray, idx: np.ndarray, issues: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`extra` in its two parts, each [A, N]: the tables' (scaled by w_T / S_a, so
        a drawn S_a rescales it) and the rules' (added after the division, so it does not)."""
        col = {i: j for j, i in enumerate(issues)}
        tables = np.zeros((self.weight.shape[0], pos.shape[0]))
        rules = np.zeros_like(tables)
        for t in self.terms:
            if not all(i in col for i in t.issues):
                continue
            if t.table is not None:
                at = tuple(idx[:, col[i]] for i in t.issues)
                tables[t.actor] += t.table[at]
                continue
            when = _all(t.when, pos, idx, col)
            given = _all(t.given, pos, idx, col)
            rules[t.actor] += np.where(when, np.where(given, t.add, t.otherwise), 0.0)
        return tables, rules

    def waived(self, pos: np.ndarray, idx: np.ndarray, issues: Sequence[int]) -> np.ndarray:
        """[A, N, len(issues)] bool: where a conditional red line's condition holds (so the
        red line, on that column's issue, is not crossed whatever the setting)."""
        col = {i: j for j, i in enumerate(issues)}
        out = np.zeros((self.weight.shape[0], pos.shape[0], len(issues)), dtype=bool)
        for w in self.waivers:
            if w.issue in col and w.test.issue in col:
                j = col[w.test.issue]
                out[w.actor, :, col[w.issue]] |= w.test.holds(pos[:, j], idx[:, j])
        return out

    def conditional(self, n_actors: int, n_issues: int) -> np.ndarray:
        """[A, I] bool: which red lines are conditional."""
        out = np.zeros((n_actors, n_issues), dtype=bool)
        for w in self.waivers:
            out[w.actor, w.issue] = True
        return out


def _all(
    tests: Sequence[Test], pos: np.ndarray, idx: np.ndarray, col: dict[int, int]
) -> np.ndarray:
    out = np.ones(pos.shape[0], dtype=bool)
    for t in tests:
        j = col[t.issue]
        out &= t.holds(pos[:, j], idx[:, j])
    return out


def join_ties(ties: Sequence[Sequence[int]], base: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Groups of issues joined by ``ties`` and ``base`` groups sharing an issue (union-find),
    each sorted, in order of their first issue; only issues that appear are listed."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for tie in [*base, *ties]:
        for other in tie[1:]:
            a, b = root(other), root(tie[0])
            parent[max(a, b)] = min(a, b)
        if tie:
            root(tie[0])
    groups: dict[int, list[int]] = {}
    for i in sorted(parent):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def linked_conditions(scenario: Scenario) -> list[Condition]:
    """Every condition of the scenario's links and conditional red lines."""
    out = [s.unless for s in scenario.stances if s.unless is not None]
    for link in scenario.links:
        if link.rule is not None:
            out += [*link.rule.when, *link.rule.given]
    return out


def compile_test(scenario: Scenario, cond: Condition) -> Test:
    """A condition as arrays: option indices for discrete issues, numbers for continuous."""
    i = [issue.id for issue in scenario.issues].index(cond.issue)
    issue = scenario.issues[i]
    discrete = issue.kind is not IssueKind.continuous
    coded = [encode_setting(issue, v) for v in cond.values()]
    values = np.array([k if discrete else p for p, k in coded], dtype=float)
    kind = "in" if cond.test in ("equals", "one_of") else cond.test
    return Test(issue=i, kind=kind, discrete=discrete, values=values)


def compile_linkage(scenario: Scenario, prefs: Preferences) -> Linkage:
    """The scenario's links and conditional red lines for the actors of ``prefs``.

    Without links ``weight`` is ``prefs.weight`` itself, so nothing changes by a bit.
    """
    actor_at = {a: k for k, a in enumerate(prefs.actors)}
    issue_at = {issue.id: i for i, issue in enumerate(scenario.issues)}
    tabled = [link for link in scenario.links if link.table is not None]
    weight = prefs.weight
    scale: dict[str, float] = {}
    n_a, n_i = prefs.weight.shape
    replaced_at = np.zeros((n_a, n_i), dtype=bool)
    table_weight = np.zeros(n_a)
    totals = np.full(n_a, np.nan)
    if tabled:
        weight = prefs.weight.copy()
        replaced = {(link.actor, iid) for link in tabled for iid in link.issues}
        for aid, a in actor_at.items():
            mine = [link for link in tabled if link.actor == aid]
            if not mine:
                continue
            kept = [(issue_at[s.issue], s.salience) for s in scenario.stances if s.actor == aid]
            kept = [(i, s) for i, s in kept if (aid, scenario.issues[i].id) not in replaced]
            total = sum(s for _, s in kept) + sum(float(link.weight or 0.0) for link in mine)
            weight[a] = 0.0
            for i, s in kept:
                weight[a, i] = s / total if total > 0 else 0.0
            scale[aid] = 1.0 / total if total > 0 else 0.0
            for link in mine:
                replaced_at[a, [issue_at[iid] for iid in link.issues]] = True
            table_weight[a], totals[a] = sum(float(link.weight or 0.0) for link in mine), total
    terms = []
    for link in scenario.links:
        if link.actor not in actor_at:
            continue
        a, issues = actor_at[link.actor], tuple(issue_at[iid] for iid in link.issues)
        if link.table is not None:
            sizes = [len(_option_count(scenario, i)) for i in issues]
            table = np.full(sizes, float(link.default) if link.default is not None else np.nan)
            for row in link.table:
                at = tuple(
                    encode_setting(scenario.issues[i], row.settings[iid])[1]
                    for i, iid in zip(issues, link.issues, strict=True)
                )
                table[at] = row.utility
            table *= float(link.weight or 0.0) * scale[link.actor]
            terms.append(Term(a, issues, table))
        elif link.rule is not None:
            rule = link.rule
            when = tuple(compile_test(scenario, c) for c in rule.when)
            given = tuple(compile_test(scenario, c) for c in rule.given)
            terms.append(Term(a, issues, None, when, given, rule.add, rule.otherwise))
    waivers = tuple(
        Waiver(actor_at[s.actor], issue_at[s.issue], compile_test(scenario, s.unless))
        for s in scenario.stances
        if s.unless is not None and s.red_line is not None and s.actor in actor_at
    )
    return Linkage(
        weight=weight,
        terms=tuple(terms),
        waivers=waivers,
        replaced=replaced_at,
        table_weight=table_weight,
        total=totals,
    )


def _option_count(scenario: Scenario, i: int) -> list[object]:
    issue = scenario.issues[i]
    return [False, True] if issue.kind is IssueKind.boolean else list(issue.option_ids())
