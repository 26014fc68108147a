"""Checks of dated stances and BATNAs: their dates, and the values of each earlier entry.

Run by :mod:`accord.model.checks` (the checker is described here by :class:`Reporter`), so
that every problem is worded and placed as the rest of a scenario's are. A record with a
``history`` needs ``since``; entries are oldest first, each ``from`` after the one before
and before ``since``; no date is after the scenario's ``as_of`` (the file cannot know what
came later). Each entry's values are checked as the current ones are, by the same checks,
on the values the entry gives together with the current ones it leaves out. The records are
in :mod:`accord.model.stances` and :mod:`accord.model.actors`; the rule of what holds on a
date is :mod:`accord.model.dated`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from accord.model.actors import Actor, Batna, Uncertainty
from accord.model.earlier import EarlierValues
from accord.model.issues import Issue
from accord.model.link_checks import LinkChecks
from accord.model.problems import Path
from accord.model.stances import EarlierStance, Stance


class Reporter(Protocol):
    """What the dated checks need of the scenario checker."""

    ids: dict[str, set[str]]
    issues: dict[str, Issue]

    def error(self, path: Path, message: str) -> None: ...
    def warn(self, path: Path, message: str) -> None: ...
    def sources(self, path: Path, ids: list[str]) -> None: ...
    def setting(self, path: Path, issue: Issue | None, value: object) -> None: ...
    def check_firmness(self, base: Path, st: Stance) -> None: ...
    def check_stance_spreads(self, base: Path, st: Stance, issue: Issue) -> None: ...
    def check_perceived(self, path: Path, batna: Batna) -> None: ...
    def number_spread(self, path: Path, spread: Uncertainty, lo: float, hi: float) -> None: ...


@dataclass
class DatedChecks:
    """The checks of the dated stances and BATNAs of one scenario, reported through ``r``."""

    r: Reporter
    stances: Sequence[tuple[int, Stance]]
    actors: Sequence[tuple[int, Actor]]
    as_of: dt.date | None

    def run(self) -> None:
        for idx, st in self.stances:
            base: Path = ("stances", idx)
            self.check_dates(base, st.since, st.history)
            for k, entry in enumerate(st.history):
                self.check_stance_entry((*base, "history", k), st, entry)
        for idx, actor in self.actors:
            b = actor.batna
            if b is None:
                continue
            base = ("actors", idx, "batna")
            self.check_dates(base, b.since, b.history)
            for k, earlier in enumerate(b.history):
                self.check_batna_entry((*base, "history", k), b, earlier)

    # --- dates ----------------------------------------------------------------------------------
    def check_dates(
        self, base: Path, since: dt.date | None, history: Sequence[EarlierValues]
    ) -> None:
        if history and since is None:
            self.r.error(
                (*base, "history"),
                "a history needs 'since', the date from which the current values hold; add "
                "since: YYYY-MM-DD, after every entry's 'from'",
            )
        if since is not None:
            self.after_as_of((*base, "since"), since)
        previous: dt.date | None = None
        for k, entry in enumerate(history):
            path: Path = (*base, "history", k, "from")
            day = entry.from_
            if previous is not None and day <= previous:
                self.r.error(
                    path,
                    f"{day} is not after the previous entry's 'from' ({previous}); entries "
                    "are oldest first, each from a later date",
                )
            elif since is not None and day >= since:
                self.r.error(
                    path,
                    f"{day} is not before 'since' ({since}); an entry holds values from before "
                    f"the current ones: valid: a date before {since}",
                )
            else:
                self.after_as_of(path, day)
            previous = day

    def after_as_of(self, path: Path, day: dt.date) -> None:
        if self.as_of is not None and day > self.as_of:
            self.r.error(
                path,
                f"{day} is after the scenario's as_of ({self.as_of}); valid: a date on or before "
                f"{self.as_of} (as_of should be the scenario's last dated item: move it on if "
                "the values are that recent)",
            )

    def said(self, path: Path, entry: EarlierValues) -> None:
        self.r.sources(path, entry.sources)
        if not entry.sources and not entry.judgement:
            self.r.warn(
                path,
                "earlier values have neither 'sources' nor a 'judgement' note saying they are "
                "the analyst's call",
            )

    def required(self, path: Path, named: dict[str, Any], name: str, what: str) -> bool:
        """False (with an error) where the entry names ``name`` as nothing."""
        if name in named and named[name] is None:
            self.r.error(
                (*path, name),
                f"{what} always has a {name}; leave '{name}' out to keep the current one",
            )
            return False
        return True

    # --- one stance entry -------------------------------------------------------------------
    def check_stance_entry(self, path: Path, st: Stance, entry: EarlierStance) -> None:
        self.said(path, entry)
        named = entry.named()
        self.required(path, named, "position", "a stance")
        self.required(path, named, "salience", "a stance")
        issue = self.r.issues.get(st.issue)
        if issue is None:
            return
        for name in ("position", "red_line"):
            if named.get(name) is not None:
                self.r.setting((*path, name), issue, named[name])
        # the values of the period: those the entry names over the current ones it leaves out
        then = st.model_copy(update=named)
        if named.get("firmness") is not None:
            self.r.check_firmness(path, then)
        if named.get("uncertainty") is not None:
            self.r.check_stance_spreads(path, then, issue)
        unless = named.get("unless")
        if unless is not None:
            upath: Path = (*path, "unless")
            if then.red_line is None:
                self.r.error(
                    upath,
                    "'unless' makes a red line conditional and the stance has none then; "
                    "give 'red_line' too",
                )
            if unless.issue == st.issue:
                self.r.error(
                    (*upath, "issue"),
                    f"a red line on '{st.issue}' cannot be waived by a condition on "
                    f"'{st.issue}' itself; move the red line instead",
                )
                return
            LinkChecks(
                issues=self.r.issues,
                known_issues=self.r.ids["issues"],
                known_actors=self.r.ids["actors"],
                stances=[],
                links=[],
                error=self.r.error,
                setting=self.r.setting,
            ).condition(upath, unless)

    # --- one BATNA entry --------------------------------------------------------------------
    def check_batna_entry(self, path: Path, b: Batna, entry: EarlierValues) -> None:
        self.said(path, entry)
        named = entry.named()
        self.required(path, named, "description", "a BATNA")
        then = b.model_copy(update=named)
        if named.get("perceived") is not None:
            self.r.check_perceived((*path, "perceived"), then)
        if named.get("uncertainty") is not None:
            self.r.number_spread((*path, "uncertainty"), named["uncertainty"], 0.0, 1.0)
