"""Ratification at home: which drafts each actor's ratifiers would pass, and how likely.

Putnam's two-level games ("Diplomacy and domestic politics", 1988): a negotiator can only
agree to what its ratifiers (a parliament, a referendum, a senate, member states) will
pass. The ratifiers are declared in the scenario (:mod:`accord.model.ratification`); the
arithmetic is in :mod:`accord.analysis.ratifiers` and ``docs/ratification.md``. Here:

* :func:`ratify_drafts`: for every draft and ratifying actor, each ratifier's verdict (does
  not vote, passes, fails, may fail), its utility (a range where the draft leaves settings
  open) against its threshold and the red lines it crosses; the actor's verdict under its
  rule, the chance of ratification and the ratifiers that block the draft;
* :func:`ratifier_pass` (from :mod:`~accord.analysis.ratifiers`): which outcomes of an
  outcome space each actor's ratifiers pass, as a vectorised mask;
* :func:`win_sets` (from :mod:`~accord.analysis.winsets`): each actor's win-set and the ZOPA
  with and without ratification.

**Open settings.** A draft that leaves settings open gives each ratifier a utility range
[low, high], red lines it *may* cross and, when its ``votes_when`` tests an open setting,
a vote it *may* cast. The chance of ratification is then a range. Its low end puts every
ratifier in its worst case at once: utility ``low``, a red line it may cross crossed, and a
ratifier that may vote voting only when it fails (it cannot help); its high end puts each
in its best case. Since the rule is met at least as often when a ratifier passes as when it
does not vote, and when it does not vote as when it fails, the true chance lies between the
two ends (which may be wider than any one completion of the draft reaches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis.linkage import compile_test
from accord.analysis.ratifiers import (
    ABSENT,
    FAILS,
    PASSES,
    Ratifiers,
    compile_ratifiers,
    pass_chance,
    ratifier_pass,
    rule_probability,
)
from accord.analysis.scoring import possible_settings, score_proposals
from accord.analysis.utility import encode_setting
from accord.analysis.winsets import WinSet, WinSets, ZopaKept, win_sets
from accord.model import IssueKind, Proposal, Scenario, Unknown
from accord.model.plain import omit
from accord.model.ratification import VoteRule

if TYPE_CHECKING:  # a name pytest would otherwise try to collect from this module
    from accord.analysis.linkage import Test

__all__ = [
    "ASSUMPTIONS",
    "ActorRatification",
    "Ratified",
    "RatifierVerdict",
    "WinSet",
    "WinSets",
    "ZopaKept",
    "ratifier_pass",
    "ratify_drafts",
    "win_sets",
]

#: What the model of ratification assumes, in words (printed with every result).
ASSUMPTIONS = (
    "each ratifier judges a draft by its own stances, as an actor does, and passes it when "
    "it crosses none of its red lines and its utility reaches its threshold",
    "a referendum's utility is read as the share of voters in favour (calibrated on polls) "
    "and its threshold as the share needed",
    "with a spread s, a ratifier that crosses no red line passes with chance "
    "Phi((u - threshold) / s): its utility is normal around the model's value",
    "ratifiers vote independently of each other",
    "a ratifier that does not vote (its votes_when conditions fail) does not block",
    "where a draft leaves settings open, the chance is a range: its low end takes every "
    "ratifier's worst case at once, its high end every ratifier's best case",
)

#: How likely a draft's open settings leave each ratifier voting: codes of ``Ratified.voting``.
NO_VOTE, MAY_VOTE, VOTES = 0, 1, 2
_VOTE_WORDS = ("does not vote", "may vote", "votes")


@dataclass(frozen=True)
class RatifierVerdict:
    """One ratifier on one draft.

    ``low``/``high``: its utility (None without stances); ``verdict``: ``passes`` (in every
    case the draft leaves open), ``fails`` (in every case, and it votes), ``may fail`` or
    ``does not vote``; ``probability``: (low, high) chance it passes, 1 when it does not
    vote; ``red_lines``: issue -> ``crosses`` or ``may cross``.
    """

    ratifier: str
    name: str
    kind: str
    weight: float
    votes: str
    low: float | None
    high: float | None
    threshold: float | None
    spread: float | None
    verdict: str
    probability: tuple[float, float]
    red_lines: dict[str, str]


@dataclass(frozen=True)
class ActorRatification:
    """One actor's ratification of one draft: its rule, verdict, chance and blockers.

    ``verdict``: ``ratified`` (its rule is met in every case the draft leaves open, at
    central values), ``not ratified`` (in none) or ``may fail``; ``probability`` (low,
    high) adds the ratifiers' spreads; ``blockers`` are the ratifiers that fail or may fail
    a draft that is not surely ratified.
    """

    proposal: str
    actor: str
    rule: str
    quota: float | None
    verdict: str
    probability: tuple[float, float]
    blockers: tuple[str, ...]
    ratifiers: tuple[RatifierVerdict, ...]

    def text(self, names: dict[str, str] | None = None) -> str:
        """The verdict in words, e.g. "not ratified: blocked by Verkhovna Rada (chance 3%)"."""
        names = names or {}
        lo, hi = self.probability
        chance = f"{lo:.0%}" if abs(hi - lo) < 0.005 else f"{lo:.0%}–{hi:.0%}"
        who = ", ".join(names.get(b, b) for b in self.blockers)
        if self.verdict == "ratified":
            return f"ratified (chance {chance})"
        word = "blocked by" if self.verdict == "not ratified" else "may be blocked by"
        return f"{self.verdict}: {word} {who} (chance {chance})"


@dataclass(frozen=True)
class Ratified:
    """Every draft's ratification by every ratifying actor.

    ``rows`` are per draft then actor. The arrays (left out of the JSON) keep what Monte
    Carlo needs, indexed [ratifier, draft]: ``low``/``high`` utilities (NaN without
    stances), ``crossing`` (0 clear, 1 may cross, 2 crosses) and ``voting`` (0 does not
    vote, 1 may vote, 2 votes).
    """

    scenario: str
    proposals: tuple[str, ...]
    actors: tuple[str, ...]
    rows: tuple[ActorRatification, ...]
    assumptions: tuple[str, ...] = ()
    low: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())
    high: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())
    crossing: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())
    voting: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())

    @property
    def empty(self) -> bool:
        return not self.actors

    def row(self, proposal: str, actor: str) -> ActorRatification:
        for r in self.rows:
            if r.proposal == proposal and r.actor == actor:
                return r
        raise KeyError(f"no ratification of draft '{proposal}' by '{actor}'")

    def __plain__(self) -> dict[str, Any]:
        """The drafts as a list of per-actor rows."""
        return {
            "scenario": self.scenario,
            "proposals": list(self.proposals),
            "actors": list(self.actors),
            "drafts": list(self.rows),
            "assumptions": list(self.assumptions),
        }


def ratify_drafts(scenario: Scenario, proposals: list[Proposal] | None = None) -> Ratified:
    """Each draft (all the scenario's by default) as every actor's ratifiers judge it.

    >>> from accord.model import Scenario
    >>> s = Scenario.model_validate({
    ...     "id": "x", "title": "x",
    ...     "actors": [{"id": "a", "name": "A", "role": "party", "capability": 1}],
    ...     "issues": [{"id": "tax", "name": "Tax", "kind": "continuous", "min": 0, "max": 10}],
    ...     "stances": [{"actor": "a", "issue": "tax", "position": 10, "salience": 1}],
    ...     "proposals": [{"id": "p", "title": "P", "points": [
    ...         {"number": 1, "text": "t", "settings": {"tax": 7}}]}],
    ...     "ratification": [{"actor": "a", "ratifiers": [{"id": "voters", "name": "Voters",
    ...         "kind": "referendum", "threshold": 0.5, "spread": 0.1,
    ...         "stances": [{"issue": "tax", "position": 0, "salience": 1}]}]}],
    ... })
    >>> row = ratify_drafts(s).row("p", "a")
    >>> row.verdict, row.blockers, round(row.probability[0], 4)  # share 0.3, Phi(-2)
    ('not ratified', ('voters',), 0.0228)
    """
    props = scenario.proposals if proposals is None else proposals
    if not scenario.ratification:
        none = np.zeros((0, len(props)))
        codes = none.astype(np.int8)
        ids = tuple(p.id for p in props)
        return Ratified(scenario.id, ids, (), (), low=none, high=none, crossing=codes, voting=codes)
    rat = compile_ratifiers(scenario)
    n_r, n_p = rat.size, len(props)
    card = score_proposals(rat.derived, props, preferences=rat.prefs)
    low = np.full((n_r, n_p), np.nan)
    high = np.full((n_r, n_p), np.nan)
    red = np.zeros((n_r, n_p, len(card.issues)), dtype=np.int8)
    for r, row in enumerate(rat.rows):
        if row >= 0:
            low[r], high[r], red[r] = card.low[row], card.high[row], card.red_line[row]
    crossing = red.max(axis=2, initial=0)
    voting = vote_states(scenario, rat, props)

    states = state_ends(voting)
    chance = {}
    for smooth in (True, False):
        p_low = np.where(crossing >= 1, 0.0, pass_chance(rat, low, spread=smooth))
        p_high = np.where(crossing == 2, 0.0, pass_chance(rat, high, spread=smooth))
        chance[smooth] = (p_low, p_high)
    (good_lo, bad_lo), (good_hi, bad_hi) = states
    actor_p = [
        rule_probability(rat, p.T, g.T, b.T)  # [P, A]
        for p, g, b in (
            (chance[True][0], good_lo, bad_lo),
            (chance[True][1], good_hi, bad_hi),
            (chance[False][0], good_lo, bad_lo),
            (chance[False][1], good_hi, bad_hi),
        )
    ]
    step_lo, step_hi = chance[False]
    verdict = np.where(
        voting == NO_VOTE,
        "does not vote",
        np.where(
            step_lo == 1.0,
            "passes",
            np.where((step_hi == 0.0) & (voting == VOTES), "fails", "may fail"),
        ),
    )
    rows = []
    for p, prop in enumerate(props):
        for a, actor in enumerate(rat.actors):
            mine = rat.of(actor)
            lo_c, hi_c = float(actor_p[2][p, a]), float(actor_p[3][p, a])
            a_verdict = "ratified" if lo_c == 1.0 else "not ratified" if hi_c == 0.0 else "may fail"
            ratifiers = tuple(
                RatifierVerdict(
                    ratifier=rat.ids[r],
                    name=rat.names[r],
                    kind=rat.kinds[r],
                    weight=float(rat.weight[r]),
                    votes=_VOTE_WORDS[int(voting[r, p])],
                    low=_num(low[r, p]),
                    high=_num(high[r, p]),
                    threshold=_num(rat.threshold[r]),
                    spread=_num(rat.spread[r]) or None,
                    verdict=str(verdict[r, p]),
                    probability=(
                        (1.0, 1.0)
                        if voting[r, p] == NO_VOTE
                        else (float(chance[True][0][r, p]), float(chance[True][1][r, p]))
                    ),
                    red_lines={
                        issue: ("crosses" if code == 2 else "may cross")
                        for issue, code in zip(card.issues, red[r, p], strict=True)
                        if code
                    },
                )
                for r in mine
            )
            blockers = tuple(
                v.ratifier
                for v in ratifiers
                if a_verdict != "ratified" and v.verdict in ("fails", "may fail")
            )
            rows.append(
                ActorRatification(
                    proposal=prop.id,
                    actor=actor,
                    rule=rat.rules[a].value,
                    quota=_num(rat.quota[a]),
                    verdict=a_verdict,
                    probability=(float(actor_p[0][p, a]), float(actor_p[1][p, a])),
                    blockers=blockers,
                    ratifiers=ratifiers,
                )
            )
    return Ratified(
        scenario=scenario.id,
        proposals=tuple(p.id for p in props),
        actors=rat.actors,
        rows=tuple(rows),
        assumptions=ASSUMPTIONS,
        low=low,
        high=high,
        crossing=crossing,
        voting=voting,
    )


def state_ends(
    voting: np.ndarray,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The (good, bad) states of each ratifier at the low and the high end of a range.

    A ratifier that votes passes or fails; one that does not is absent either way; one
    that may vote is, at the low end, absent when it would pass and failing otherwise, and
    at the high end passing or absent (see the module docstring).
    """
    sure, maybe = voting == VOTES, voting == MAY_VOTE
    good_lo = np.where(sure, PASSES, ABSENT)
    bad_lo = np.where(sure | maybe, FAILS, ABSENT)
    good_hi = np.where(sure | maybe, PASSES, ABSENT)
    bad_hi = np.where(sure, FAILS, ABSENT)
    return (good_lo, bad_lo), (good_hi, bad_hi)


def vote_states(scenario: Scenario, rat: Ratifiers, props: list[Proposal]) -> np.ndarray:
    """[R, P] int8: whether each ratifier votes on each draft (``VOTES``), may vote (a
    ``votes_when`` condition holds for some of the settings the draft leaves open) or
    does not (``NO_VOTE``)."""
    out = np.full((rat.size, len(props)), VOTES, dtype=np.int8)
    conditions = [
        (r, [compile_test(scenario, c) for c in ratifier.votes_when])
        for r, ratifier in enumerate(x for rr in scenario.ratification for x in rr.ratifiers)
    ]
    for p, prop in enumerate(props):
        given = prop.settings()
        for r, tests in conditions:
            if tests:
                out[r, p] = _votes(scenario, tests, given)
    return out


def _votes(scenario: Scenario, tests: list[Test], given: dict[str, object]) -> int:
    """VOTES when every completion of the draft meets a condition, NO_VOTE when none does."""
    surely, possibly = False, False
    for i in sorted({t.issue for t in tests}):
        issue = scenario.issues[i]
        on_issue = [t for t in tests if t.issue == i]
        values = possible_settings(scenario, issue, given.get(issue.id))
        value = given.get(issue.id)
        open_range = (value is None and issue.status_quo is None) or (
            isinstance(value, Unknown) and value.one_of is None
        )
        if issue.kind is IssueKind.continuous and open_range:
            # the conditions' own values, so that a test on an open range is decided exactly
            marks = [float(v) for t in on_issue for v in t.values]
            grid = {*(float(v) for v in values), *marks}  # type: ignore[arg-type]
            values = list[object](sorted(grid))
        enc = [encode_setting(issue, v) for v in values]
        pos = np.array([e[0] for e in enc])
        idx = np.array([e[1] for e in enc], dtype=np.intp)
        held = np.any([t.holds(pos, idx) for t in on_issue], axis=0)  # [settings]
        surely |= bool(held.all())
        possibly |= bool(held.any())
    return VOTES if surely else MAY_VOTE if possibly else NO_VOTE


def _num(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def rule_words(rule: str, quota: float | None) -> str:
    """An actor's rule in words."""
    if rule == VoteRule.all.value:
        return "every ratifier that votes must pass it"
    if rule == VoteRule.majority.value:
        return "more than half of the voting weight must pass it"
    return f"at least {quota:.0%} of the voting weight must pass it"
