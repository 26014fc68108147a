"""The whole bargaining analysis of a scenario in one call, as the CLI and reports use it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from accord.analysis.give import SoftRedLines, give_way
from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.softening import SoftLine, soft_lines, soften
from accord.analysis.solutions import Bargaining, bargaining_solutions
from accord.analysis.space import DEFAULT_RESOLUTION, OutcomeSpace, outcome_space, parties
from accord.analysis.verdicts import Verdict, proposal_verdicts
from accord.analysis.zopa import Zopa, zopa
from accord.model import Scenario
from accord.model.plain import Chunked, to_plain


@dataclass(frozen=True)
class Analysis:
    """ZOPA, Pareto frontier, bargaining solutions and draft verdicts for a set of parties."""

    scenario: str
    parties: tuple[str, ...]
    zopa: Zopa
    space: OutcomeSpace  # outcomes crossing no party's red line
    frontier: Frontier
    bargaining: Bargaining
    verdicts: list[Verdict]
    #: when red lines leave no solution: the solutions if red lines were soft (BATNAs only);
    #: the verdicts' dominance and distances are then judged in that wider space
    relaxed: Bargaining | None = None
    #: when some party has a soft red line: which must give for a deal, the cheapest set and
    #: the ZOPA that opens (None without soft red lines, and then absent from the JSON)
    soft: SoftRedLines | None = None
    #: whether ``relaxed`` charges soft red lines their cost (hard ones binding) rather than
    #: dropping every red line
    relaxed_soft: bool = False

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The frontier's outcomes decoded, the space by its size, the verdicts' basis."""
        return self.plain()

    def plain(self, limit: int | None = None, *, rest: str = "") -> dict[str, Any]:
        """The JSON mapping, with at most ``limit`` frontier outcomes (None: every one).

        The outcomes are decoded a chunk at a time as they are written (a
        :class:`~accord.model.plain.Chunked`), so a frontier of a million outcomes is never
        held decoded. When ``limit`` leaves some out, the ones shown are evenly spaced in the
        frontier's order (from the best for the first party to the worst for it), so they
        span the whole frontier, and ``pareto`` adds ``left_out`` (how many) and a ``note``
        saying so, ending with ``rest`` (e.g. how to get them all).
        """
        size = self.frontier.size
        rows = np.arange(size)
        if limit is not None and limit < size:
            rows = np.unique(np.linspace(0, size - 1, max(limit, 0)).round().astype(np.intp))
        pareto: dict[str, Any] = {
            "size": size,
            "space_size": self.space.size,
            "outcomes": Chunked(len(rows), lambda a, b: self.frontier_rows(rows[a:b])),
        }
        if len(rows) < size:
            order = ", then ".join(self.parties)
            pareto["left_out"] = size - len(rows)
            pareto["note"] = (
                f"{len(rows):,} of the {size:,} frontier outcomes, evenly spaced in the "
                f"frontier's order (by utility for {order}, highest first); "
                f"{size - len(rows):,} left out" + (f"; {rest}" if rest else "")
            )
        soft = {} if self.soft is None else {"soft_red_lines": self.soft}
        return {
            "scenario": self.scenario,
            "parties": self.parties,
            "zopa": self.zopa,
            "pareto": pareto,
            "solutions": self.bargaining,
            "solutions_without_red_lines": self.relaxed,
            "verdicts_judged_against": "outcomes crossing no red line"
            if self.relaxed is None
            else "outcomes crossing no hard red line, soft red lines at their cost "
            "(no outcome respects every red line)"
            if self.relaxed_soft
            else "all outcomes (no outcome respects every red line)",
            "proposals": self.verdicts,
            **soft,
        }

    def frontier_rows(self, rows: np.ndarray) -> list[dict[str, Any]]:
        """Frontier outcomes ``rows`` (indexes) as written in JSON: ``{"outcome": {issue id:
        setting}, "utility": {party: total utility}}``, decoded issue by issue."""
        codes = self.frontier.codes[rows]
        settings = [
            _objects(values)[codes[:, i]].tolist() for i, values in enumerate(self.space.settings)
        ]
        issues, parties = self.space.issues, self.parties
        return [
            {
                "outcome": dict(zip(issues, outcome, strict=True)),
                "utility": dict(zip(parties, u, strict=True)),
            }
            for outcome, u in zip(
                zip(*settings, strict=True) if settings else [()] * len(rows),
                self.frontier.utilities[rows].tolist(),
                strict=True,
            )
        ]


def _objects(values: tuple[object, ...]) -> np.ndarray:
    """Settings as a 1-d object array, the values themselves (``np.asarray`` would turn
    texts into NumPy strings)."""
    return np.fromiter(values, dtype=object, count=len(values))


@dataclass(frozen=True)
class Bargained:
    """Bargaining over one outcome space: the space, its Pareto frontier, the solutions."""

    space: OutcomeSpace
    frontier: Frontier
    bargaining: Bargaining
    #: the soft red lines that give at their cost in ``space`` (empty: none does)
    soft: tuple[SoftLine, ...] = ()


def bargain(
    scenario: Scenario,
    actors: list[str],
    *,
    resolution: int = DEFAULT_RESOLUTION,
    plain: OutcomeSpace | None = None,
) -> tuple[Bargained, Bargained | None]:
    """Bargaining with every party's red lines binding, and without them when that fails.

    The first result is over the outcomes that cross no red line of ``actors``. When it has
    no solution at all (no such outcome gives every party its BATNA), the second is where a
    deal would land if the red lines gave way: when some of ``actors`` have soft red lines,
    the bargaining over the space in which crossing a soft red line costs its actor its
    ``cost`` (:func:`accord.analysis.softening.soften`) and hard red lines stay binding; when
    every red line is hard (or that leaves no solution either), over every outcome (red lines
    dropped, BATNAs only), as before soft red lines existed, with a note saying so where
    soft lines were tried. Otherwise the second is None. ``plain``, the space without red
    lines at ``resolution``, saves building it again when the caller has it.

    Raises ValueError when a frontier is too large to list (utilities that mostly tie).

    >>> from accord.io import load_builtin
    >>> strict, soft = bargain(load_builtin("ukraine-2025"), ["russia", "ukraine"])
    >>> soft is None  # within both red lines no outcome gives each party its BATNA
    False
    >>> shown = soft or strict  # what to show: the relaxed solutions only when needed
    >>> sorted(shown.bargaining.solutions)
    ['egalitarian', 'kalai-smorodinsky', 'nash', 'nash-weighted', 'utilitarian']
    """
    space = outcome_space(scenario, actors, resolution=resolution, red_lines=actors)
    frontier = pareto_frontier(space)
    strict = Bargained(
        space, frontier, bargaining_solutions(scenario, actors, space=space, frontier=frontier)
    )
    if any(sol is not None for sol in strict.bargaining.solutions.values()):
        return strict, None
    if plain is None:
        plain = outcome_space(scenario, actors, resolution=resolution)
    lines = soft_lines(scenario, actors)
    notes: list[str] = []
    if lines:
        given = soften(plain, lines, hard=True)
        given_frontier = pareto_frontier(given)
        costed = bargaining_solutions(scenario, actors, space=given, frontier=given_frontier)
        if any(sol is not None for sol in costed.solutions.values()):
            note = "soft red lines give at their cost to their actor; hard red lines bind"
            return strict, Bargained(
                given, given_frontier, replace(costed, notes=[*costed.notes, note]), lines
            )
        notes.append(
            "even with soft red lines giving at their cost no outcome gives every party its "
            "BATNA within the hard red lines: every red line dropped (BATNAs only)"
        )
    plain_frontier = pareto_frontier(plain)
    soft = bargaining_solutions(scenario, actors, space=plain, frontier=plain_frontier)
    if notes:
        soft = replace(soft, notes=[*soft.notes, *notes])
    return strict, Bargained(plain, plain_frontier, soft)


def analyze(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    proposals: list[str] | None = None,
    include_mediators: bool = False,
    resolution: int = DEFAULT_RESOLUTION,
    seed: int = 0,
) -> Analysis:
    """Run the bargaining analysis for ``actors`` (default: the parties)."""
    chosen = actors or parties(scenario, include_mediators=include_mediators)
    if not chosen:
        raise ValueError("no parties with stances to analyse; name some with --parties")
    plain = outcome_space(scenario, chosen, resolution=resolution)
    strict, soft = bargain(scenario, chosen, resolution=resolution, plain=plain)
    # No deal respects every red line: drafts are judged against the wider space where
    # bargaining would land if red lines were soft, rather than against nothing.
    basis = soft or strict
    found = zopa(scenario, chosen, space=plain, seed=seed)
    return Analysis(
        scenario=scenario.id,
        parties=strict.space.actors,
        zopa=found,
        space=strict.space,
        frontier=strict.frontier,
        bargaining=strict.bargaining,
        verdicts=proposal_verdicts(
            scenario,
            chosen,
            proposals=proposals,
            space=basis.space,
            frontier=basis.frontier,
            bargaining=basis.bargaining,
            soft=basis.soft,
        ),
        relaxed=None if soft is None else soft.bargaining,
        soft=give_way(scenario, plain, needed=not found.exists, seed=seed),
        relaxed_soft=bool(basis.soft),
    )
