"""Checks of drafts' phases, orders and commitments, and of actors' beliefs in them.

Run by :mod:`accord.model.checks` (the checker is described here by :class:`Reporter`), so
that every problem is worded and placed as the rest of a scenario's are: a point in a phase
its draft does not have, a phase no point is in, requirements that wait on each other in a
cycle, an order that leaves a phase out or runs a phase before one it requires, a
commitment carried out or guaranteed by no actor, a belief about no actor or about a kind
of commitment no draft makes. The records are in :mod:`accord.model.sequencing`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from accord.model.actors import Uncertainty
from accord.model.draft_checks import Reporter as DraftReporter
from accord.model.problems import Path, known_list, suggest
from accord.model.proposals import Point, Proposal
from accord.model.sequencing import Belief, IfBroken, Phase
from accord.model.stances import Stance

#: The most phases whose every order the order search tries (8! = 40,320 orders). A draft
#: with more is valid: its own order and its listed ``orders`` are still compared.
MAX_SEARCH_PHASES = 8


class Reporter(DraftReporter, Protocol):
    """What the sequencing checks need of the scenario checker."""

    def warn(self, path: Path, message: str) -> None: ...


@dataclass
class SequenceChecks:
    """The sequencing checks of one scenario, reported through ``r``."""

    r: Reporter
    proposals: Sequence[tuple[int, Proposal]]
    stances: Sequence[tuple[int, Stance]]
    beliefs: Sequence[tuple[int, Belief]]

    def run(self) -> None:
        kinds: dict[str, None] = {}  # in file order, for the message
        for idx, prop in self.proposals:
            base: Path = ("proposals", idx)
            phases = self.check_phases(base, prop)
            self.check_orders(base, prop, phases)
            if prop.in_force_after is not None and prop.in_force_after not in phases:
                known = [ph.id for ph in prop.phases]
                self.r.error(
                    (*base, "in_force_after"),
                    _unknown_phase(prop.in_force_after, prop.id, known)
                    if known
                    else f"draft '{prop.id}' has no phases for 'in_force_after' to name; "
                    "give 'phases' or drop 'in_force_after'",
                )
            for k, point in enumerate(prop.points):
                if point.commitment is not None:
                    self.check_commitment((*base, "points", k), point)
                    kinds.setdefault(point.commitment.kind)
        self.check_beliefs(list(kinds))

    # --- phases -------------------------------------------------------------------------------
    def check_phases(self, base: Path, prop: Proposal) -> dict[str, tuple[int, Phase]]:
        """Check a draft's phases; return its phases by id (the first of a duplicated id),
        without those caught in a cycle of requirements, whose order means nothing."""
        first: dict[str, tuple[int, Phase]] = {}
        for j, phase in enumerate(prop.phases):
            path: Path = (*base, "phases", j)
            self.r.sources(path, phase.sources)
            if phase.id in first:
                self.r.error(
                    (*path, "id"),
                    f"duplicate phase id '{phase.id}' in draft '{prop.id}' (first: "
                    f"phases[{first[phase.id][0]}]); phase ids must be unique within a draft",
                )
            first.setdefault(phase.id, (j, phase))
        known = list(first)
        for j, phase in enumerate(prop.phases):
            for k, req in enumerate(phase.requires):
                rpath: Path = (*base, "phases", j, "requires", k)
                if req == phase.id:
                    others = [p for p in known if p != phase.id]
                    fix = f"valid: another phase of '{prop.id}' ({known_list(others)})"
                    self.r.error(
                        rpath,
                        f"phase '{phase.id}' cannot require itself; "
                        + (fix if others else "drop the requirement (the draft has no other)"),
                    )
                elif req not in first:
                    self.r.error(rpath, _unknown_phase(req, prop.id, known))
        used: set[str] = set()
        for k, point in enumerate(prop.points):
            if point.phase is None:
                continue
            used.add(point.phase)
            if point.phase in first:
                continue
            path = (*base, "points", k, "phase")
            if known:
                self.r.error(path, _unknown_phase(point.phase, prop.id, known))
            else:
                self.r.error(
                    path,
                    f"draft '{prop.id}' has no phases; add phase '{point.phase}' to the "
                    "draft's 'phases', or drop the point's 'phase' (it is then carried out "
                    "at signature)",
                )
        for pid, (j, _) in first.items():
            if pid not in used:
                self.r.error(
                    (*base, "phases", j),
                    f"phase '{pid}' of draft '{prop.id}' has no points; give points "
                    f"'phase: {pid}' or drop the phase",
                )
        if len(known) > MAX_SEARCH_PHASES:
            self.r.warn(
                (*base, "phases"),
                f"draft '{prop.id}' has {len(known)} phases; the search for the best order "
                f"tries every order of at most {MAX_SEARCH_PHASES}, so it will refuse this "
                "draft (its own order and its listed 'orders' are still compared)",
            )
        in_cycle = self.check_cycles(base, prop, first)
        ordered = {pid: entry for pid, entry in first.items() if pid not in in_cycle}
        for pid, (j, phase) in ordered.items():
            for k, req in enumerate(phase.requires):
                # The draft's own order is the order its phases are listed in.
                if req in ordered and ordered[req][0] > j:
                    self.r.error(
                        (*base, "phases", j, "requires", k),
                        f"phase '{pid}' requires '{req}', which comes after it in draft "
                        f"'{prop.id}' (the phases are listed in the draft's own order); "
                        f"list '{req}' first",
                    )
        return ordered

    def check_cycles(
        self, base: Path, prop: Proposal, phases: dict[str, tuple[int, Phase]]
    ) -> set[str]:
        """Report cycles of ``requires``, the shortest back to each phase (in list order)
        that no cycle reported so far names, so that every phase in a cycle is named in
        one and the first reported starts at the first such phase; return them all."""
        reported: set[str] = set()
        for start, (j, phase) in phases.items():
            if start in reported:
                continue
            # Breadth first from the start's requirements: the shortest way back to it.
            came_from: dict[str, str] = {}
            queue = deque([start])
            while queue and start not in came_from:
                node = queue.popleft()
                for req in phases[node][1].requires:
                    if req in phases and req != node and req not in came_from:
                        came_from[req] = node
                        queue.append(req)
            if start not in came_from:
                continue
            back: list[str] = []  # the way back, last step first
            node = came_from[start]
            while node != start:
                back.append(node)
                node = came_from[node]
            cycle = [start, *reversed(back)]  # in the direction of 'requires'
            reported.update(cycle)
            k = phase.requires.index(cycle[1])
            loop = " -> ".join([*cycle, start])
            self.r.error(
                (*base, "phases", j, "requires", k),
                f"the phases of draft '{prop.id}' require each other in a cycle ({loop}), so "
                "none of them can start; drop one of these requirements",
            )
        return reported

    # --- orders -------------------------------------------------------------------------------
    def check_orders(
        self, base: Path, prop: Proposal, phases: dict[str, tuple[int, Phase]]
    ) -> None:
        known = list(dict.fromkeys(p.id for p in prop.phases))
        seen: dict[str, int] = {}
        for j, order in enumerate(prop.orders):
            path: Path = (*base, "orders", j)
            self.r.sources(path, order.sources)
            if order.id in seen:
                self.r.error(
                    (*path, "id"),
                    f"duplicate order id '{order.id}' in draft '{prop.id}' (first: "
                    f"orders[{seen[order.id]}]); order ids must be unique within a draft",
                )
            seen.setdefault(order.id, j)
            if not known:
                self.r.error(
                    (*path, "phases"),
                    f"draft '{prop.id}' has no phases to order; add 'phases' to the draft "
                    "or drop 'orders'",
                )
                continue
            at: dict[str, int] = {}
            for k, pid in enumerate(order.phases):
                ppath: Path = (*path, "phases", k)
                if pid not in known:
                    self.r.error(ppath, _unknown_phase(pid, prop.id, known))
                elif pid in at:
                    self.r.error(
                        ppath,
                        f"order '{order.id}' lists phase '{pid}' twice (first: "
                        f"phases[{at[pid]}]); list every phase of '{prop.id}' once",
                    )
                else:
                    at[pid] = k
            missing = [p for p in known if p not in at]
            if missing:
                what = "phase" if len(missing) == 1 else "phases"
                self.r.error(
                    (*path, "phases"),
                    f"order '{order.id}' leaves out {what} {', '.join(missing)}; list every "
                    f"phase of '{prop.id}' once ({', '.join(known)})",
                )
            for pid, k in at.items():
                if pid not in phases:
                    continue  # caught in a cycle of requirements, reported there
                for req in phases[pid][1].requires:
                    if req in phases and at.get(req, -1) > k:
                        # a party's stated order that the draft's own text rules out is
                        # worth comparing: valued all the same and marked as breaking it
                        self.r.warn(
                            (*path, "phases", k),
                            f"order '{order.id}' puts '{pid}' before '{req}', which it "
                            "requires: it is compared all the same, marked as breaking the "
                            f"draft's conditions; put '{req}' first to respect them",
                        )

    # --- commitments --------------------------------------------------------------------------
    def check_commitment(self, path: Path, point: Point) -> None:
        c = point.commitment
        assert c is not None
        cpath: Path = (*path, "commitment")
        self.r.ref((*cpath, "by"), c.by, "actors", "actor")
        if c.guarantor is not None:
            if c.guarantor == c.by:
                self.r.error(
                    (*cpath, "guarantor"),
                    f"'{c.by}' cannot guarantee its own commitment; name another actor that "
                    "sees the point carried out when it does not, or drop 'guarantor'",
                )
            else:
                self.r.ref((*cpath, "guarantor"), c.guarantor, "actors", "actor")
        if not point.settings:
            if c.if_broken is not IfBroken.no_deal:
                self.r.warn(
                    cpath,
                    f"the point sets no issue, so breaking it (if_broken: {c.if_broken.value}) "
                    "takes nothing away and only halts the later phases; give the point the "
                    "settings it makes, or write if_broken: no_deal if a breach ends the deal",
                )
            return
        if c.if_broken is IfBroken.preferred and c.by in self.r.ids["actors"]:
            stanced = {st.issue for _, st in self.stances if st.actor == c.by}
            blind = [i for i in point.settings if i not in stanced and i in self.r.ids["issues"]]
            if blind:
                self.r.warn(
                    (*cpath, "if_broken"),
                    f"if '{c.by}' breaks it, it sets the point's issues as it prefers, but it "
                    f"has no stance on {', '.join(blind)}, so there the point just lapses "
                    "(the issue keeps what stood before it: its status quo, or open where it "
                    f"has none); give '{c.by}' a stance there, or write if_broken: status_quo",
                )

    # --- beliefs ------------------------------------------------------------------------------
    def check_beliefs(self, kinds: list[str]) -> None:
        seen: dict[tuple[str | None, str, str], int] = {}
        for idx, belief in self.beliefs:
            base: Path = ("beliefs", idx)
            if belief.holder is not None:
                self.r.ref((*base, "holder"), belief.holder, "actors", "actor")
            self.r.ref((*base, "about"), belief.about, "actors", "actor")
            self.r.sources(base, belief.sources)
            key = (belief.holder, belief.about, belief.kind)
            if key in seen:
                whose = f"of '{belief.holder}'" if belief.holder else "shared by all (no holder)"
                self.r.error(
                    base,
                    f"a second belief {whose} that '{belief.about}' keeps '{belief.kind}' "
                    f"commitments (first: beliefs[{seen[key]}]); give one",
                )
            seen.setdefault(key, idx)
            if belief.holder is not None and belief.holder == belief.about:
                self.r.warn(
                    (*base, "about"),
                    f"an actor is taken to be sure of its own commitments, so a belief of "
                    f"'{belief.holder}' about itself is not used; drop it",
                )
            if belief.kind not in kinds:
                self.r.warn(
                    (*base, "kind"),
                    f"no commitment in any draft is of kind '{belief.kind}'"
                    f"{suggest(belief.kind, kinds)}, so the belief is not used; kinds of "
                    f"commitment in the drafts: {known_list(kinds)}",
                )
            if not belief.sources and not belief.judgement:
                self.r.warn(
                    base,
                    "belief has neither 'sources' nor a 'judgement' note saying it is the "
                    "analyst's call",
                )
            if belief.uncertainty is not None:
                probability_spread(self.r, (*base, "uncertainty"), belief.uncertainty)


def probability_spread(r: Reporter, path: Path, spread: Uncertainty) -> None:
    """A spread of a probability: numbers from 0 to 1 with ``low <= mode <= high``."""
    ends = {"low": spread.low, "high": spread.high, "mode": spread.mode}
    ok = True
    for end, v in ends.items():
        if v is None:
            continue
        if isinstance(v, str):
            r.error((*path, end), f"must be a probability from 0 to 1; got '{v}'")
            ok = False
        elif not 0.0 <= v <= 1.0:
            r.error((*path, end), f"{v:g} is out of range; valid: a probability from 0 to 1")
            ok = False
    low, high, mode = spread.low, spread.high, spread.mode
    if not ok or isinstance(low, str) or isinstance(high, str) or isinstance(mode, str):
        return
    if low > high:
        r.error(path, f"'low' ({low:g}) is above 'high' ({high:g}); swap them")
    elif mode is not None and not low <= mode <= high:
        r.error(
            (*path, "mode"),
            f"'mode' ({mode:g}) is outside {low:g}..{high:g}; valid: a probability from "
            "'low' to 'high'",
        )


def _unknown_phase(pid: str, draft: str, known: list[str]) -> str:
    return (
        f"unknown phase '{pid}' of draft '{draft}'{suggest(pid, known)}; "
        f"phases of '{draft}': {known_list(known)}"
    )
