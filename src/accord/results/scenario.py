"""Results over one scenario's drafts and outcome space: validation, scores, diffs and the
bargaining analysis (:func:`accord.api.validate`, ``score``, ``diff``, ``analyze``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.data import JSON_ROWS
from accord.model import Scenario
from accord.model.problems import Problem
from accord.results.base import Result, distinct

if TYPE_CHECKING:
    from accord.analysis.bargaining import Analysis as Bargained
    from accord.analysis.diff import ProposalDiff
    from accord.analysis.ripeness import BatnaGap
    from accord.analysis.scoring import Scorecard as Card
    from accord.report.document import Chart


#: The tables of :meth:`Analysis.table` (the last three are empty while a ZOPA exists).
ANALYSIS_TABLES = ("frontier", "solutions", "verdicts", "blockers", "soft", "relaxed")

#: The credibility below which the lever search and the timeline count a soft red line as
#: given: :data:`accord.dynamics.timeline.GIVES_BELOW`, repeated here (a test keeps the two
#: equal) so that reading a result does not import the timeline's solvers.
GIVES_BELOW = 0.5

#: The lever search's rule for soft red lines, in a headline line and in an assumption.
SOFT_GIVEN = (
    f"a soft red line with credibility below {GIVES_BELOW:g} counts as given here; "
    "whatif's strict ZOPA keeps every red line"
)
SOFT_GIVEN_ASSUMES = (
    f"the lever search counts a soft red line as given once its credibility falls below "
    f"{GIVES_BELOW:g} (giving is then likelier than holding), so a setting can 'open a ZOPA' "
    "that whatif, with the same settings, reports as none: whatif's ZOPA is the strict one, "
    "every red line holding, and its zopa_if_given is the zone once the cheapest soft lines give"
)

#: What the utility model assumes, said under every result built on it.
UTILITY_ASSUMES = (
    "each actor's utility is additive over issues: salience times its stance's utility "
    "curve, on the actor's own 0..1 scale (no comparison of utilities across actors)"
)
ACCEPT_ASSUMES = (
    "a party accepts an outcome worth at least its BATNA that crosses none of its hard red "
    "lines; a draft silent on an issue leaves the status quo, one whose terms are not public "
    "is scored over every possible setting (hence ranges)"
)


@dataclass(frozen=True, repr=False)
class Validation(Result):
    """Every problem found in a scenario file, each with its line, column and field path.

    Attributes:
        file: The file checked (``<text>`` for YAML text, the name for a built-in).
        scenario: The scenario, or None when there are errors.
        problems: Errors and warnings in document order.
    """

    file: str
    scenario: Scenario | None
    problems: tuple[Problem, ...]

    kind = "scenario file check"
    columns = ("severity", "line", "column", "path", "message")

    @property
    def ok(self) -> bool:
        """Whether the scenario has no errors (warnings allowed).

        Example:
            >>> from accord.api import EXAMPLE, validate
            >>> validate(EXAMPLE).ok, validate("id: x\\n").ok
            (True, False)
        """
        return self.scenario is not None

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord validate FILE --json``.

        Example:
            >>> from accord.api import EXAMPLE, validate
            >>> validate(EXAMPLE).to_dict()
            {'file': '<text>', 'valid': True, 'problems': []}
        """
        return {"file": self.file, "valid": self.ok, "problems": self.rows()}

    def rows(self) -> list[dict[str, Any]]:
        """One row per problem.

        Example:
            >>> from accord.api import validate
            >>> row = validate("id: x\\n").rows()[0]
            >>> row["line"], row["path"], row["message"]
            (1, 'title', "missing required key 'title' (a scenario needs at least 'id', 'title', 'actors', 'issues')")
        """  # noqa: E501
        return [
            {
                "severity": p.severity,
                "line": p.line,
                "column": p.column,
                "path": p.where,
                "message": p.message,
            }
            for p in self.problems
        ]

    def headline(self) -> list[str]:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        head = f"{self.file}: " + ("valid" if self.ok else "not valid")
        lines = [f"{head}; {errors} error(s), {warnings} warning(s)"]
        lines += [p.render(self.file) for p in self.problems[:3]]
        if len(self.problems) > 3:
            lines.append(f"... {len(self.problems) - 3} more: .problems has them all")
        return lines


@dataclass(frozen=True, repr=False)
class Scorecard(Result):
    """Each draft's utility for each actor (a range where terms are unknown) and the red
    lines it crosses.

    Attributes:
        scenario: The scenario scored (under the BATNA view).
        card: The library's scorecard (arrays indexed [actor, draft(, issue)]).
        batna: The BATNA view used.
        ratification: The drafts as the ratifiers at home would vote (None without any).
        sequenced: Phased drafts valued when commitments may break.
    """

    scenario: Scenario
    card: Card
    batna: str = "perceived"
    ratification: Any = None
    sequenced: tuple[Any, ...] = ()

    kind = "drafts scored for every actor"
    columns = ("proposal", "actor", "utility", "low", "high", "batna", "versus_batna", "red_lines")

    def utility(self, actor: str, proposal: str) -> float | tuple[float, float]:
        """The actor's utility of the draft: a number, or (low, high) where terms are open.

        Args:
            actor: An actor id.
            proposal: A draft id.

        Returns:
            The utility on the actor's 0..1 scale, or its range.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> round(score(EXAMPLE).utility("firm", "opening"), 4)
            0.9896
        """
        a, p = self.card.actors.index(actor), self.card.proposals.index(proposal)
        lo, hi = float(self.card.low[a, p]), float(self.card.high[a, p])
        return lo if lo == hi else (lo, hi)

    def red_lines(self, actor: str, proposal: str) -> dict[str, str]:
        """The actor's red lines the draft crosses (``crosses``) or may cross (``may cross``).

        Args:
            actor: An actor id.
            proposal: A draft id.

        Returns:
            Issue id to status, for the red lines concerned only.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> score(EXAMPLE).red_lines("union", "final")
            {}
        """
        return {k: v.value for k, v in self.card.red_lines(actor, proposal).items()}

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord score SCENARIO --json``.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> sorted(score(EXAMPLE).to_dict())
            ['actors', 'proposals', 'scores', 'settings']
        """
        doc: dict[str, Any] = self.card.to_dict()
        if self.ratification is not None:
            doc["ratification"] = self.ratification
        if self.sequenced:
            doc["sequenced"] = list(self.sequenced)
        return doc

    def rows(self) -> list[dict[str, Any]]:
        """One row per draft and actor; red lines as ``issue: status`` text.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> score(EXAMPLE).rows()[0]["red_lines"]
            'wage: crosses'
        """
        rows = self.card.to_dict()["scores"]
        for r in rows:
            r["red_lines"] = ", ".join(f"{k}: {v}" for k, v in r["red_lines"].items())
        return list(rows)

    def headline(self) -> list[str]:
        c = self.card
        lines = [f"'{self.scenario.id}': {len(c.proposals)} drafts x {len(c.actors)} actors"]
        for p, pid in enumerate(c.proposals):
            above = sum(c.versus_batna(a, p) == "above" for a in range(len(c.actors)))
            crossed = int((c.red_line[:, p] == 2).sum())
            lines.append(
                f"{pid}: above the BATNA for {above} of {len(c.actors)}; "
                f"{crossed} red line(s) crossed"
            )
        return lines[:6] + ([f"... {len(lines) - 6} more drafts"] if len(lines) > 6 else [])

    def assumes(self) -> list[str]:
        return [UTILITY_ASSUMES, ACCEPT_ASSUMES, f"BATNAs as {self.batna}"]

    def charts(self) -> list[Chart]:
        from accord.results.charts import scorecard_chart

        return [scorecard_chart(self.scenario, self.card)]


@dataclass(frozen=True, repr=False)
class Diff(Result):
    """What changed issue by issue between two drafts, and who gains or loses.

    Attributes:
        scenario: The scenario.
        diff: The library's record (``before``, ``after``, ``changes``).
    """

    scenario: Scenario
    diff: ProposalDiff

    kind = "changes between two drafts"
    columns = ("issue", "before", "after", "actor", "gain_low", "gain_high")

    @property
    def changes(self) -> list[Any]:
        """The issues set differently, each with its readable settings and gains.

        Example:
            >>> from accord.api import EXAMPLE, diff
            >>> diff(EXAMPLE, "opening", "final").changes[1].after
            'Shorten progression'
        """
        return self.diff.changes

    def total_gain(self, actor: str) -> float | tuple[float, float]:
        """The actor's change in total utility from ``before`` to ``after`` (or its range).

        Args:
            actor: An actor id.

        Returns:
            The gain, or (low, high) where a setting is not public.

        Example:
            >>> from accord.api import EXAMPLE, diff
            >>> round(diff(EXAMPLE, "opening", "final").total_gain("firm"), 4)
            -0.3229
        """
        lo, hi = self.diff.total_low[actor], self.diff.total_high[actor]
        return lo if abs(hi - lo) <= 1e-12 else (lo, hi)

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord diff SCENARIO BEFORE AFTER --json``.

        Example:
            >>> from accord.api import EXAMPLE, diff
            >>> diff(EXAMPLE, "opening", "final").to_dict()["changes"][0]["winners"]
            ['union']
        """
        return self.diff.to_dict()

    def rows(self) -> list[dict[str, Any]]:
        """One row per changed issue and actor, with the actor's gain from it.

        Example:
            >>> from accord.api import EXAMPLE, diff
            >>> [r["actor"] for r in diff(EXAMPLE, "opening", "final").rows()]
            ['union', 'firm', 'union', 'firm']
        """
        return [
            {
                "issue": c.issue,
                "before": c.before,
                "after": c.after,
                "actor": a,
                "gain_low": c.gain_low[a],
                "gain_high": c.gain_high[a],
            }
            for c in self.diff.changes
            for a in c.gain_low
        ]

    def headline(self) -> list[str]:
        d = self.diff
        lines = [f"{d.before} -> {d.after}: {len(d.changes)} issue(s) changed"]
        for a in d.total_low:
            g = self.total_gain(a)
            shown = f"{g:+.3f}" if isinstance(g, float) else f"{g[0]:+.3f} to {g[1]:+.3f}"
            lines.append(f"{a}: {shown} in total")
        return lines

    def assumes(self) -> list[str]:
        return [UTILITY_ASSUMES, "each issue's gain is counted alone, the others held fixed"]


@dataclass(frozen=True, repr=False)
class Analysis(Result):
    """The ZOPA, the Pareto frontier, the bargaining solutions and each draft's verdict.

    Attributes:
        scenario: The scenario analysed (under the BATNA view).
        analysis: The library's record (``zopa``, ``frontier``, ``bargaining``, ``verdicts``).
        seed: The seed of the ZOPA-size estimate (used on spaces too large to enumerate).
        batna: The BATNA view used.
        sequenced: Phased drafts valued when commitments may break.
        levers: With :func:`accord.api.whatif`: each lever set, its level, label, default and
            what it changed (None otherwise).
        gap_of: What computes :attr:`gap` on first use (None: no gap is reported).
        ratification_of: What computes :attr:`ratification` on first use (None: none).

    The BATNA gap and the win-sets are computed when first read, not with the rest: each
    costs about as much as the analysis itself on the built-in scenario, and a page or a
    notebook cell that shows only the zone and the verdicts should not wait for them.
    """

    scenario: Scenario
    analysis: Bargained
    seed: int = 0
    batna: str = "perceived"
    sequenced: tuple[Any, ...] = ()
    levers: dict[str, Any] | None = None
    gap_of: Callable[[], BatnaGap | None] | None = field(default=None, compare=False)
    ratification_of: Callable[[], tuple[Any, Any] | None] | None = field(
        default=None, compare=False
    )

    @cached_property
    def gap(self) -> BatnaGap | None:
        """Where a perceived BATNA differs from the assessed one (None otherwise), computed
        on first use.

        Example:
            >>> from accord.api import analyze
            >>> gap = analyze("ukraine-2025").gap
            >>> [g.actor for g in gap.gaps], gap.blocks
            (['russia'], False)
        """
        return None if self.gap_of is None else self.gap_of()

    @cached_property
    def ratification(self) -> tuple[Any, Any] | None:
        """The drafts as the ratifiers at home would vote and the win-sets (None without
        ratifiers), computed on first use.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).ratification is None
            True
        """
        return None if self.ratification_of is None else self.ratification_of()

    kind = "zone of agreement, frontier and bargaining solutions"

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The columns of :meth:`rows`: one per issue, then each party's utility (see
        :meth:`utility_columns`)."""
        return (*self.analysis.space.issues, *self.utility_columns().values())

    def utility_columns(self, taken: Sequence[str] = ()) -> dict[str, str]:
        """Each party's utility column: its id, or ``"ID utility"`` where an issue (or one of
        ``taken``) has that name.

        Args:
            taken: Other column names already used.

        Returns:
            Party id to column name.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).utility_columns(["firm"])
            {'union': 'union', 'firm': 'firm utility'}
        """
        return distinct(self.analysis.parties, [*self.analysis.space.issues, *taken], "utility")

    @property
    def zopa(self) -> Any:
        """The zone of possible agreement: ``exists``, ``count``, ``share``, ``example``.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).zopa.settings["wage"]
            [4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
        """
        return self.analysis.zopa

    def solution(self, name: str) -> dict[str, object] | None:
        """The outcome of a bargaining solution, issue by issue (None where there is none).

        Args:
            name: ``"nash"``, ``"nash-weighted"``, ``"kalai-smorodinsky"``, ``"egalitarian"``
                or ``"utilitarian"`` (the keys of ``to_dict()["solutions"]["solutions"]``).

        Returns:
            Issue id to setting.

        Raises:
            KeyError: Not a solution's name (the message lists them).

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).solution("utilitarian")
            {'wage': 5.0, 'tiers': 'end'}
        """
        sols = self.analysis.bargaining.solutions
        if name not in sols:
            raise KeyError(f"no solution '{name}'; solutions: {', '.join(sols)}")
        sol = sols[name]
        return None if sol is None else dict(sol.outcome)

    @property
    def blockers(self) -> dict[str, list[str]]:
        """What keeps the ZOPA empty, by party: the issues of its red lines (and ``"BATNA"``)
        in a set that cannot all hold together, though any smaller part can (empty when a
        ZOPA exists).

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).blockers
            {}
            >>> tight = EXAMPLE.replace("red_line: 4,", "red_line: 10,")
            >>> analyze(tight).blockers
            {'union': ['wage'], 'firm': ['BATNA']}
        """
        d = self.analysis.zopa.diagnosis
        out: dict[str, list[str]] = {}
        for item in () if d is None else d.conflict:
            out.setdefault(item.actor, []).append(item.issue or "BATNA")
        return out

    @property
    def relaxation(self) -> tuple[Any, ...]:
        """The fewest red lines or BATNAs that, dropped, open a ZOPA (one such set; empty when
        a ZOPA exists or when dropping none of them helps). Each has ``kind``, ``actor``,
        ``issue`` and ``text(scenario)``.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> a = analyze(EXAMPLE.replace("red_line: 4,", "red_line: 10,"))
            >>> [i.text(a.scenario) for i in a.relaxation]
            ["Union's red line on Wage rise"]
        """
        d = self.analysis.zopa.diagnosis
        return () if d is None else tuple(d.relax)

    @property
    def soft(self) -> Any:
        """The soft red lines (None without any): each line's cost and credibility
        (``lines``), which must give (``must_give``), the cheapest set that opens a ZOPA
        (``cheapest``, None if none does) and that ZOPA (``zopa_if_given``).

        Example:
            >>> from accord.api import analyze
            >>> s = analyze("ukraine-2025").soft
            >>> [(x.actor, x.issue) for x in s.cheapest.lines], s.zopa_if_given.exists
            ([('ukraine', 'donbas')], True)
        """
        return self.analysis.soft

    @property
    def zopa_if_given(self) -> Any:
        """The ZOPA that opens if the cheapest soft red lines give (None when a ZOPA exists
        already, there are no soft lines, or giving them all opens none).

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).zopa_if_given is None
            True
        """
        s = self.analysis.soft
        if s is None or not s.needed or s.cheapest is None:
            return None
        return s.zopa_if_given

    def to_dict(
        self, limit: int | None = JSON_ROWS, rest: str = "to_dict(limit=None) gives every one"
    ) -> dict[str, Any]:
        """The document of ``accord analyze SCENARIO --json`` (``limit=None``: ``--all``); with
        levers set (:func:`accord.api.whatif`), of ``accord whatif``.

        Args:
            limit: Frontier outcomes written at most, evenly spaced (None: every one).
            rest: How to get every outcome, said in the note when some are left out.

        Returns:
            Plain data: ``zopa``, ``pareto``, ``solutions``, ``proposals`` (verdicts) ...

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> doc = analyze(EXAMPLE).to_dict()
            >>> doc["pareto"]["size"], len(doc["pareto"]["outcomes"])
            (13, 13)
        """
        from accord.model.plain import to_plain

        return dict(to_plain(self.document(limit, rest)))

    def document(
        self, limit: int | None = JSON_ROWS, rest: str = "to_dict(limit=None) gives every one"
    ) -> dict[str, Any]:
        """:meth:`to_dict` as the command line writes it: the frontier decoded a chunk at a
        time as it is written and the records kept as records, so that a frontier of a
        million outcomes is never held decoded.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).document()["pareto"]["outcomes"]
            Chunked(13 items, 1024 at a time)
        """
        doc = self.analysis.plain(limit, rest=rest)
        doc = {**doc, "pareto": {**doc["pareto"], **frontier_extra(self.analysis.frontier)}}
        if self.gap is not None:
            doc = {**doc, "batna": self.batna, "batna_gap": self.gap}
        if self.sequenced:
            doc = {**doc, "sequenced": list(self.sequenced)}
        if self.ratification is not None:
            drafts, sets = self.ratification
            doc = {**doc, "ratification": {"drafts": drafts, "win_sets": sets}}
        if self.levers is not None:
            doc = {**doc, "settings": self.levers}
        return doc

    def rows(self) -> list[dict[str, Any]]:
        """The frontier's outcomes: each issue's setting and each party's utility.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).rows()[0]
            {'wage': 10.0, 'tiers': 'end', 'union': 1.0, 'firm': 0.0}
        """
        rows = self.analysis.frontier_rows(np.arange(self.analysis.frontier.size))
        cols = self.utility_columns()
        return [{**r["outcome"], **{cols[p]: u for p, u in r["utility"].items()}} for r in rows]

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of one of the analysis' tables: ``frontier``, ``solutions``, ``verdicts``,
        and where no ZOPA exists ``blockers`` (the red lines and BATNAs that clash; whether
        each is in the smallest relaxation and whether dropping it alone opens a ZOPA),
        ``soft`` (each soft red line's cost and credibility, whether it must give, whether it
        is in the cheapest set to give) and ``relaxed`` (the bargaining solutions over the
        outcomes crossing no hard red line, soft ones charged their cost; or, when the scenario
        has no soft line, over every outcome).

        Args:
            name: Which table.

        Returns:
            One dict per row.

        Raises:
            ValueError: Not one of the tables.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> [r["proposal"] for r in analyze(EXAMPLE).table("verdicts")]
            ['opening', 'final']
        """
        if name == "frontier":
            return self.rows()
        if name == "solutions":
            return self._solutions(self.analysis.bargaining)
        if name == "relaxed":
            relaxed = self.analysis.relaxed
            return [] if relaxed is None else self._solutions(relaxed)
        if name == "blockers":
            d = self.analysis.zopa.diagnosis
            if d is None:
                return []
            return [
                {
                    "actor": i.actor,
                    "kind": str(i.kind),
                    "issue": i.issue,
                    "batna": i.batna,
                    "in_smallest_relaxation": i in d.relax,
                    "opens_alone": i in d.single,
                    "text": i.text(self.scenario),
                }
                for i in d.conflict
            ]
        if name == "soft":
            s = self.analysis.soft
            if s is None:
                return []
            cheapest = () if s.cheapest is None else s.cheapest.lines
            return [
                {
                    "actor": ln.actor,
                    "issue": ln.issue,
                    "cost": ln.cost,
                    "credibility": ln.credibility,
                    "must_give": ln in s.must_give,
                    "in_cheapest": ln in cheapest,
                }
                for ln in s.lines
            ]
        if name == "verdicts":
            fixed = ["proposal", "accepted_by_all", "dominated"]
            parties = list(self.analysis.verdicts[0].low) if self.analysis.verdicts else []
            cols = distinct(parties, fixed, "utility")
            says = distinct(
                [f"{a} accepts" for a in parties], [*fixed, *cols.values()], "(verdict)"
            )
            out = []
            for v in self.analysis.verdicts:
                row: dict[str, Any] = {"proposal": v.proposal, "accepted_by_all": str(v.accepted)}
                for a in v.low:
                    # a range where the draft leaves terms open: the table holds its low end
                    row[cols[a]] = v.low[a]
                    row[says[f"{a} accepts"]] = str(v.accepts[a])
                row["dominated"] = str(v.dominated)
                out.append(row)
            return out
        raise ValueError(f"no table '{name}'; tables: {', '.join(ANALYSIS_TABLES)}")

    def _solutions(self, bargaining: Any) -> list[dict[str, Any]]:
        issues = distinct(self.analysis.space.issues, ["solution"], "setting")
        cols = distinct(self.analysis.parties, ["solution", *issues.values()], "utility")
        return [
            {
                "solution": k,
                **{issues[i]: (sol.outcome[i] if sol else None) for i in issues},
                **{cols[p]: (sol.utility[p] if sol else None) for p in cols},
            }
            for k, sol in bargaining.solutions.items()
        ]

    def to_frame(self, table: str = "frontier") -> Any:
        """One of the analysis' tables as a pandas DataFrame (the 'notebook' extra).

        Args:
            table: ``"frontier"`` (default), ``"solutions"``, ``"verdicts"``, ``"blockers"``,
                ``"soft"`` or ``"relaxed"`` (:meth:`table`).

        Returns:
            A pandas DataFrame.

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).to_frame("solutions")["solution"].tolist()
            ['nash', 'nash-weighted', 'kalai-smorodinsky', 'egalitarian', 'utilitarian']
        """
        from accord.results.base import frame

        rows = self.table(table)
        columns = list(dict.fromkeys(k for r in rows for k in r)) if rows else list(self.columns)
        return frame(rows, columns)

    def headline(self) -> list[str]:
        a = self.analysis
        z = a.zopa
        size = (
            f"{z.count:,} of {z.space_size:,} outcomes ({z.share:.1%})"
            if z.count is not None
            else f"about {z.share:.2%} of {z.space_size:,} outcomes (seed {self.seed})"
        )
        lines = [
            f"'{a.scenario}', parties {', '.join(a.parties)}",
            *self._levers_line(),
            "ZOPA: " + (f"exists, {size}" if z.exists else "none"),
        ]
        if z.exists or a.frontier.size:  # no zone: the lines on what blocks it say more
            lines.append(f"Pareto frontier: {a.frontier.size:,} outcomes")
        nash = a.bargaining.solutions.get("nash")
        if nash is not None:
            lines.append("Nash solution: " + _settings(nash.outcome))
        if not z.exists:
            lines += self._blocked_lines()
        accepted = [v.proposal for v in a.verdicts if str(v.accepted) == "yes"]
        lines.append(f"drafts every party accepts: {', '.join(accepted) or 'none'}")
        return lines

    def _blocked_lines(self) -> list[str]:
        """Why there is no ZOPA and what would open one, a line each."""
        s, lines = self.scenario, []
        d = self.analysis.zopa.diagnosis
        if d is not None and d.conflict:
            lines.append("blocked by: " + "; ".join(i.text(s) for i in d.conflict))
            lines.append(
                f"smallest relaxation ({d.min_relaxations}): "
                + "; ".join(i.text(s) for i in d.relax)
            )
        soft = self.analysis.soft
        if soft is not None:
            lines.append(
                "soft red lines: "
                + ", ".join(f"{x.actor} on {x.issue} (cost {x.cost:g})" for x in soft.lines)
            )
            if soft.cheapest is None:
                lines.append("if every soft red line gives: still no ZOPA")
            else:
                given = ", ".join(f"{x.actor} on {x.issue}" for x in soft.cheapest.lines)
                size = "" if soft.zopa_if_given is None else f": ZOPA {_size(soft.zopa_if_given)}"
                lines.append(f"cheapest to give: {given}{size}")
        relaxed = self.analysis.relaxed
        nash = None if relaxed is None else relaxed.solutions.get("nash")
        if nash is not None:
            how = "soft red lines at their cost" if self.analysis.relaxed_soft else "no red lines"
            lines.append(f"Nash with {how}: " + _settings(nash.outcome))
        return lines

    def _levers_line(self) -> list[str]:
        if not self.levers:
            return []
        return [
            "levers set: " + ", ".join(f"{k}={v['label']}" for k, v in self.levers.items()),
            "ZOPA strict: every red line holds (the lever search counts a soft one below "
            f"credibility {GIVES_BELOW:g} as given)",
        ]

    def assumes(self) -> list[str]:
        said = [
            UTILITY_ASSUMES,
            ACCEPT_ASSUMES,
            "continuous issues are read on a grid; the bargaining solutions are taken over the "
            "outcomes every party accepts, BATNAs as the disagreement point",
            f"BATNAs as {self.batna}",
        ]
        if self.levers is not None:
            said.append("levers act only through their declared effects; " + SOFT_GIVEN_ASSUMES)
        return said

    def charts(self) -> list[Chart]:
        from accord.results.charts import frontier_chart

        chart = frontier_chart(self.scenario, self.analysis)
        return [] if chart is None else [chart]


def _settings(outcome: dict[str, object], most: int = 6) -> str:
    """The first ``most`` settings of an outcome, ``issue=value``, for a headline."""
    return ", ".join(f"{k}={v}" for k, v in list(outcome.items())[:most])


def _size(z: Any) -> str:
    """A ZOPA's size in a headline: exact, or the estimate to four decimals of a percent (a
    sliver of a large space would read 0.00%) with its interval, draws and seed."""
    if z.count is not None:
        return f"{z.count:,} of {z.space_size:,} outcomes ({z.share:.1%})"
    lo, hi = z.share_interval
    return (
        f"about {z.share:.4%} of {z.space_size:,} outcomes (95% interval {lo:.4%} to "
        f"{hi:.4%}; {z.draws:,} draws, seed {z.seed})"
    )


def frontier_extra(front: Any) -> dict[str, Any]:
    """What a JSON document adds under ``pareto``: ε (0 for the exact frontier), the note of
    an ε-frontier chosen by the budget, and the frontier's size estimate with its words.

    Example:
        >>> from accord.api import EXAMPLE, analyze
        >>> frontier_extra(analyze(EXAMPLE).analysis.frontier)["epsilon"]
        0.0
    """
    from dataclasses import asdict

    doc: dict[str, Any] = {"epsilon": front.epsilon}
    if front.note:
        doc["note"] = front.note
    if front.estimate is not None:
        doc["estimate"] = {**asdict(front.estimate), "text": front.estimate.describe()}
    return doc
