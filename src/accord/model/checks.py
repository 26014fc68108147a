"""Cross-reference and consistency checks that no single record can make on its own.

They run over whatever records validated, so that a file with several faults gets every
fault reported at once; ids seen in the raw document count as known, so that a record
that failed on its own does not also trigger "unknown id" errors elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accord.model.actors import Actor, Batna, BatnaOverTime, Source
from accord.model.base import UNKNOWN, Unknown
from accord.model.dated_checks import DatedChecks
from accord.model.draft_checks import check_proposals
from accord.model.events import Constraint, Event
from accord.model.issues import Issue, IssueKind
from accord.model.levers import Lever, red_line_target, salience_issue
from accord.model.link_checks import LinkChecks
from accord.model.links import Link
from accord.model.problems import Path, Problem, known_list, suggest
from accord.model.proposals import Proposal
from accord.model.ratification import Ratification
from accord.model.ratification_checks import RatificationChecks
from accord.model.sequence_checks import SequenceChecks
from accord.model.sequencing import Belief
from accord.model.source_checks import label_problems, support_problems
from accord.model.stances import Stance, UtilityShape

Indexed = list[tuple[int, object]]


@dataclass
class Parts:
    """The records of a scenario that validated on their own, with their list positions."""

    sources: list[tuple[int, Source]] = field(default_factory=list)
    actors: list[tuple[int, Actor]] = field(default_factory=list)
    issues: list[tuple[int, Issue]] = field(default_factory=list)
    stances: list[tuple[int, Stance]] = field(default_factory=list)
    proposals: list[tuple[int, Proposal]] = field(default_factory=list)
    events: list[tuple[int, Event]] = field(default_factory=list)
    constraints: list[tuple[int, Constraint]] = field(default_factory=list)
    levers: list[tuple[int, Lever]] = field(default_factory=list)
    links: list[tuple[int, Link]] = field(default_factory=list)
    beliefs: list[tuple[int, Belief]] = field(default_factory=list)
    ratification: list[tuple[int, Ratification]] = field(default_factory=list)
    #: ids present in the raw document per collection, valid records or not
    raw_ids: dict[str, set[str]] = field(default_factory=dict)
    #: collections that cannot be read (a required one missing or empty, or not a list):
    #: references to them are not checked, as they would only repeat that problem
    unreadable: set[str] = field(default_factory=set)
    #: the scenario's own date: no stance or BATNA value may be dated after it
    as_of: dt.date | None = None


def value_problem(issue: Issue, value: object) -> str | None:
    """Why ``value`` is not a valid setting of ``issue``, or None when it is."""
    if issue.kind is IssueKind.ordinal:
        ids = issue.option_ids()
        if isinstance(value, str) and value in ids:
            return None
        return (
            f"'{value}' is not an option of issue '{issue.id}'{suggest(str(value), ids)}; "
            f"valid: {known_list(ids, 20)}"
        )
    if issue.kind is IssueKind.continuous:
        lo, hi = issue.bounds()
        unit = f" {issue.unit}" if issue.unit else ""
        if isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi:
            return None
        return (
            f"{value!r} is not valid for issue '{issue.id}'; "
            f"valid: a number from {lo:g} to {hi:g}{unit}"
        )
    if isinstance(value, bool):
        return None
    return f"{value!r} is not valid for boolean issue '{issue.id}'; valid: true or false"


class _Checker:
    def __init__(self, parts: Parts) -> None:
        self.p = parts
        self.problems: list[Problem] = []
        self.issues: dict[str, Issue] = {}
        for _, issue in parts.issues:
            self.issues.setdefault(issue.id, issue)
        self.ids: dict[str, set[str]] = {}
        for name in ("sources", "actors", "issues", "proposals"):
            found = {getattr(item, "id", None) for _, item in getattr(parts, name)}
            self.ids[name] = {i for i in found if i is not None} | parts.raw_ids.get(name, set())

    def error(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message, severity="warning"))

    # --- helpers ---------------------------------------------------------------------------
    def ref(self, path: Path, value: str, collection: str, what: str) -> None:
        known = self.ids[collection]
        if value not in known and collection not in self.p.unreadable:
            ordered = sorted(known)
            self.error(
                path,
                f"unknown {what} '{value}'{suggest(value, ordered)}; "
                f"known {what}s: {known_list(ordered)}",
            )

    def sources(self, path: Path, ids: list[str]) -> None:
        for k, sid in enumerate(ids):
            self.ref((*path, "sources", k), sid, "sources", "source")

    def setting(self, path: Path, issue: Issue | None, value: object) -> None:
        if issue is None:
            return
        if isinstance(value, Unknown):
            for k, v in enumerate(value.one_of or []):
                msg = value_problem(issue, v)
                if msg:
                    self.error((*path, "one_of", k), msg)
            return
        msg = value_problem(issue, value)
        if msg:
            self.error(path, msg)

    def unique(self, collection: str, items: Indexed) -> None:
        seen: dict[str, int] = {}
        for idx, item in items:
            item_id = getattr(item, "id", None)
            if item_id is None:
                continue
            if item_id in seen:
                first = f"{collection}[{seen[item_id]}]"
                self.error(
                    (collection, idx, "id"),
                    f"duplicate id '{item_id}' (first used by {first}); ids must be unique",
                )
            else:
                seen[item_id] = idx

    # --- the checks ------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        names = ("sources", "actors", "issues", "proposals", "events", "constraints", "levers")
        for name in (*names, "links"):
            self.unique(name, getattr(self.p, name))
        self.check_actors()
        self.check_issues()
        self.check_stances()
        check_proposals(self, self.p.proposals)
        for idx, event in self.p.events:
            for k, aid in enumerate(event.actors):
                self.ref(("events", idx, "actors", k), aid, "actors", "actor")
            self.sources(("events", idx), event.sources)
        for idx, con in self.p.constraints:
            for issue_id, values in con.forbid.items():
                path: Path = ("constraints", idx, "forbid", issue_id)
                if issue_id not in self.ids["issues"]:
                    self.ref(path, issue_id, "issues", "issue")
                    continue
                issue = self.issues.get(issue_id)
                for k, v in enumerate(values if isinstance(values, list) else [values]):
                    self.setting((*path, k) if isinstance(values, list) else path, issue, v)
            self.sources(("constraints", idx), con.sources)
        self.check_levers()
        LinkChecks(
            issues=self.issues,
            known_issues=self.ids["issues"],
            known_actors=self.ids["actors"],
            stances=self.p.stances,
            links=self.p.links,
            error=self.error,
            setting=self.setting,
        ).run()
        SequenceChecks(self, self.p.proposals, self.p.stances, self.p.beliefs).run()
        RatificationChecks(self, self.p.ratification).run()
        DatedChecks(self, self.p.stances, self.p.actors, self.p.as_of).run()
        self.problems += label_problems(self.p.sources)
        self.problems += support_problems(self.p.sources, self.p.actors, self.p.stances)
        return self.problems

    def check_actors(self) -> None:
        for idx, actor in self.p.actors:
            self.sources(("actors", idx), actor.sources)
            if actor.batna is not None:
                self.sources(("actors", idx, "batna"), actor.batna.sources)
                b = actor.batna
                if b.utility is not None and not b.sources and not b.judgement:
                    self.warn(
                        ("actors", idx, "batna"),
                        "BATNA utility has neither 'sources' nor a 'judgement' note saying why",
                    )
                unc = b.uncertainty
                if unc is not None:
                    self.number_spread(("actors", idx, "batna", "uncertainty"), unc, 0.0, 1.0)
                if b.perceived is not None:
                    self.check_perceived(("actors", idx, "batna", "perceived"), b)
                if b.over_time is not None:
                    self.check_over_time(("actors", idx, "batna", "over_time"), b.over_time)
            for name, spread in (actor.uncertainty or {}).items():
                path: Path = ("actors", idx, "uncertainty", name)
                if name == "capability":
                    self.capability_spread(path, spread)
                else:
                    valid = ["capability"]
                    self.error(
                        path,
                        f"no uncertainty for '{name}'{suggest(name, valid)}; "
                        f"valid: {', '.join(valid)}",
                    )

    def check_perceived(self, path: Path, batna: Batna) -> None:
        """The actor's own belief about its BATNA, beside the analyst's assessed ``utility``."""
        perceived = batna.perceived
        assert perceived is not None
        self.sources(path, perceived.sources)
        if batna.utility is None:
            self.error(
                path,
                "a perceived BATNA needs the assessed 'utility' beside it (the analyst's "
                "value); give batna.utility, or leave 'perceived' out",
            )
        if not perceived.sources and not perceived.judgement:
            self.warn(
                path, "perceived BATNA has neither 'sources' nor a 'judgement' note saying why"
            )
        if perceived.uncertainty is not None:
            self.number_spread((*path, "uncertainty"), perceived.uncertainty, 0.0, 1.0)

    def check_over_time(self, path: Path, over: BatnaOverTime) -> None:
        ranges = {"trend": (-1.0, 1.0), "cost": (0.0, 1.0), "support": (-1.0, 1.0)}
        self.sources(path, over.sources)
        if any((over.trend, over.cost, over.support)) and not over.sources and not over.judgement:
            self.warn(
                path, "BATNA over time has neither 'sources' nor a 'judgement' note saying why"
            )
        for name, spread in (over.uncertainty or {}).items():
            upath: Path = (*path, "uncertainty", name)
            if name in ranges:
                self.number_spread(upath, spread, *ranges[name])
            else:
                valid = list(ranges)
                self.error(
                    upath,
                    f"no uncertainty for '{name}'{suggest(name, valid)}; valid: {', '.join(valid)}",
                )

    def check_levers(self) -> None:
        actors = {a.id: a for _, a in self.p.actors}
        stanced: dict[str, list[str]] = {}
        for _, st in self.p.stances:
            stanced.setdefault(st.actor, []).append(st.issue)
        for idx, lever in self.p.levers:
            base: Path = ("levers", idx)
            self.sources(base, lever.sources)
            if not lever.effects:
                self.warn(base, f"lever '{lever.id}' has no effects; setting it changes nothing")
            for k, eff in enumerate(lever.effects):
                epath: Path = (*base, "effects", k)
                self.sources(epath, eff.sources)
                self.ref((*epath, "actor"), eff.actor, "actors", "actor")
                actor = actors.get(eff.actor)
                issue_id = salience_issue(eff.target)
                line = red_line_target(eff.target)
                if line is not None:
                    self.check_red_line_effect((*epath, "target"), eff.actor, line[1])
                elif issue_id is not None:
                    if issue_id not in self.ids["issues"]:
                        if "issues" not in self.p.unreadable:
                            known = sorted(self.ids["issues"])
                            self.error(
                                (*epath, "target"),
                                f"unknown issue '{issue_id}'{suggest(issue_id, known)}; "
                                f"known issues: {known_list(known)}",
                            )
                    elif actor is not None and issue_id not in stanced.get(eff.actor, []):
                        has = stanced.get(eff.actor, [])
                        self.error(
                            (*epath, "target"),
                            f"'{eff.actor}' has no stance on '{issue_id}', so no salience to "
                            f"change; its stances are on: {known_list(has)}",
                        )
                elif (
                    eff.target.startswith("batna.")
                    and actor is not None
                    and (actor.batna is None or actor.batna.utility is None)
                ):
                    self.error(
                        (*epath, "target"),
                        f"'{eff.actor}' has no BATNA utility, so '{eff.target}' has nothing "
                        "to change; give its batna a utility or target capability or "
                        "salience:<issue id>",
                    )

    def check_red_line_effect(self, path: Path, actor: str, issue_id: str) -> None:
        """A lever effect on a red line needs that actor's soft red line on that issue."""
        soft = [st.issue for _, st in self.p.stances if st.actor == actor and st.soft is not None]
        if issue_id not in soft:
            self.error(
                path,
                f"'{actor}' has no soft red line on '{issue_id}' for a lever to wear down; "
                f"its soft red lines are on: {known_list(soft)}",
            )

    def check_issues(self) -> None:
        for idx, issue in self.p.issues:
            for k, aid in enumerate(issue.controlled_by or []):
                self.ref(("issues", idx, "controlled_by", k), aid, "actors", "actor")
            if issue.controlled_by == []:
                self.error(
                    ("issues", idx, "controlled_by"),
                    "an empty list says no one decides the issue; name the actor ids who do, "
                    "or leave 'controlled_by' out when it is not known",
                )
            ids = issue.option_ids()
            seen: set[str] = set()
            for k, oid in enumerate(ids):
                path: Path = ("issues", idx, "options", k, "id")
                if oid == UNKNOWN:
                    self.error(path, "'unknown' is reserved; choose another option id")
                if oid in seen:
                    self.error(
                        path,
                        f"duplicate option id '{oid}' in issue '{issue.id}'; "
                        "option ids must be unique within an issue",
                    )
                seen.add(oid)
            if issue.status_quo is not None:
                if isinstance(issue.status_quo, Unknown):
                    self.error(
                        ("issues", idx, "status_quo"),
                        "a status quo must be a setting, not "
                        "'unknown'; leave 'status_quo' out when nothing holds by default",
                    )
                else:
                    self.setting(("issues", idx, "status_quo"), issue, issue.status_quo)

    def check_stances(self) -> None:
        pairs: dict[tuple[str, str], int] = {}
        salience: dict[str, float] = {}
        for idx, st in self.p.stances:
            base: Path = ("stances", idx)
            self.ref((*base, "actor"), st.actor, "actors", "actor")
            self.ref((*base, "issue"), st.issue, "issues", "issue")
            self.sources(base, st.sources)
            key = (st.actor, st.issue)
            if key in pairs:
                self.error(
                    base,
                    f"a second stance of '{st.actor}' on '{st.issue}' "
                    f"(first: stances[{pairs[key]}]); give one",
                )
            pairs.setdefault(key, idx)
            salience[st.actor] = salience.get(st.actor, 0.0) + st.salience
            if not st.sources and not st.judgement:
                self.warn(
                    base,
                    "stance has neither 'sources' nor a 'judgement' note saying it is "
                    "the analyst's call",
                )
            issue = self.issues.get(st.issue)
            if issue is None:
                continue
            self.setting((*base, "position"), issue, st.position)
            if st.red_line is not None:
                self.setting((*base, "red_line"), issue, st.red_line)
            self.check_firmness(base, st)
            self.check_table(base, st, issue)
            self.check_stance_spreads(base, st, issue)
        for idx, actor in self.p.actors:
            if actor.id in salience and salience[actor.id] <= 0:
                self.error(
                    ("actors", idx),
                    f"every stance of '{actor.id}' has salience 0; give "
                    "at least one a positive salience",
                )

    def check_stance_spreads(self, base: Path, st: Stance, issue: Issue) -> None:
        """A stance's spreads: on 'position', 'salience' or 'red_line', within the issue."""
        for name, spread in (st.uncertainty or {}).items():
            path: Path = (*base, "uncertainty", name)
            if name == "salience":
                self.number_spread(path, spread, 0.0, 1.0)
            elif name in ("position", "red_line"):
                if issue.kind is IssueKind.continuous:
                    self.number_spread(path, spread, *issue.bounds())
                elif issue.kind is IssueKind.boolean:
                    self.error(path, "a yes/no setting has no spread; put the doubt in 'salience'")
                else:
                    for end in ("low", "high", "mode"):
                        v = getattr(spread, end)
                        if v is not None:
                            self.setting((*path, end), issue, v)
            else:
                valid = ["position", "salience", "red_line"]
                self.error(
                    path,
                    f"no uncertainty for '{name}'{suggest(name, valid)}; valid: {', '.join(valid)}",
                )

    def check_firmness(self, base: Path, st: Stance) -> None:
        """A soft firmness needs a red line; its spreads are on 'credibility' or 'cost'."""
        if st.firmness is None:
            return
        path: Path = (*base, "firmness")
        if st.red_line is None:
            self.error(path, "a soft firmness needs a 'red_line' to soften; add one or drop it")
        if not st.firmness.sources and not st.firmness.judgement:
            self.warn(
                path,
                "soft red line has neither 'sources' nor a 'judgement' note saying it is "
                "the analyst's call",
            )
        for name, spread in (st.firmness.uncertainty or {}).items():
            upath: Path = (*path, "uncertainty", name)
            if name == "credibility":
                self.number_spread(upath, spread, 0.0, 1.0)
            elif name == "cost":
                self.number_spread(upath, spread, 0.0, 1e9)
            else:
                valid = ["credibility", "cost"]
                self.error(
                    upath,
                    f"no uncertainty for '{name}'{suggest(name, valid)}; valid: {', '.join(valid)}",
                )

    def check_table(self, base: Path, st: Stance, issue: Issue) -> None:
        if st.utility is not UtilityShape.table:
            if st.table is not None:
                self.error(
                    (*base, "table"),
                    "'table' is used only with 'utility: table'; add that or drop the table",
                )
            return
        if issue.kind is IssueKind.continuous:
            self.error(
                (*base, "utility"),
                f"a table needs discrete settings and '{issue.id}' is "
                "continuous; valid here: linear, quadratic",
            )
            return
        keys = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
        table = st.table or {}
        missing = [k for k in keys if k not in table]
        if missing:
            self.error(
                (*base, "table"),
                f"the table must give a utility for every setting of "
                f"'{issue.id}'; missing: {', '.join(missing)} (all: {', '.join(keys)})",
            )
        for k, u in table.items():
            if k not in keys:
                self.error(
                    (*base, "table", k),
                    f"'{k}' is not a setting of '{issue.id}'"
                    f"{suggest(k, keys)}; valid: {', '.join(keys)}",
                )
            elif not 0.0 <= u <= 1.0:
                self.error(
                    (*base, "table", k), f"utility {u} is out of range; valid: a number from 0 to 1"
                )

    def number_spread(self, path: Path, spread: object, lo: float, hi: float) -> None:
        vals = {e: getattr(spread, e) for e in ("low", "high", "mode")}
        for end, v in vals.items():
            if v is None:
                continue
            if isinstance(v, str) or not lo <= v <= hi:
                self.error(
                    (*path, end), f"{v!r} is out of range; valid: a number from {lo:g} to {hi:g}"
                )
        low, high = vals["low"], vals["high"]
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            self.error(path, f"'low' ({low}) is above 'high' ({high}); swap them")

    def capability_spread(self, path: Path, spread: object) -> None:
        """A capability spread: numbers >= 0 with ``low <= mode <= high``."""
        vals = {e: getattr(spread, e) for e in ("low", "high", "mode")}
        for end, v in vals.items():
            if v is not None and (isinstance(v, str) or v < 0):
                self.error((*path, end), f"{v!r} is out of range; valid: a number >= 0")
        low, high, mode = vals["low"], vals["high"], vals["mode"]
        numbers = all(isinstance(v, int | float) for v in (low, high))
        if numbers and low > high:
            self.error(path, f"'low' ({low}) is above 'high' ({high}); swap them")
        elif numbers and isinstance(mode, int | float) and not low <= mode <= high:
            self.error(
                (*path, "mode"),
                f"'mode' ({mode}) is outside {low:g}..{high:g}; valid: a number from "
                f"'low' to 'high'",
            )


def check_parts(parts: Parts) -> list[Problem]:
    """Every cross-record problem of a scenario (errors and warnings)."""
    return _Checker(parts).run()
