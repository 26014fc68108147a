"""Where the gap between perceived and assessed alternatives blocks a deal.

A party acts on what it believes its alternative to a deal is worth (its *perceived* BATNA);
the analyst assesses the same alternative, often lower (:mod:`accord.model.views`). A
conflict is ripe for a deal when the parties *perceive* that no deal hurts (Zartman 2000,
"Ripeness: the hurting stalemate and beyond"): a ZOPA that exists under the assessed
values but not under the perceived ones is a deal that beliefs, not interests, block, and
closing that gap is what a mediator works on.

:func:`batna_gap` decides the ZOPA exactly (mixed-integer feasibility, as
:func:`accord.analysis.zopa.zopa` does) under each view, with red lines binding and,
separately, soft (BATNAs only). Where the two views differ it names the parties whose gap
decides, by giving each party alone its value from the other view. Outcome ``x`` is in the
ZOPA of view ``v`` when ``U_a(x) >= d_a^v`` for every party ``a`` and ``x`` crosses no red
line, with ``d_a^perceived`` the perceived value where given, else the assessed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from accord.analysis.milp import find_acceptable, items
from accord.analysis.space import DEFAULT_RESOLUTION, OutcomeSpace, outcome_space, parties
from accord.analysis.zopa import Zopa, zopa
from accord.model import Scenario
from accord.model.plain import omit, plain_fields, rename
from accord.model.views import batna_values, batna_view


@dataclass(frozen=True)
class ActorGap:
    """One party's perceived and assessed BATNA utility."""

    actor: str
    name: str = field(metadata=omit())
    perceived: float
    assessed: float
    #: whether giving this party alone its value from the other view flips the comparison
    #: that differs (the ZOPA with red lines, else the one with red lines soft)
    decisive: bool

    @property
    def gap(self) -> float:
        """Perceived minus assessed: positive when the party thinks its alternative better."""
        return self.perceived - self.assessed

    def __plain__(self) -> dict[str, Any]:
        """The fields (not the name), with the gap before ``decisive``."""
        doc = plain_fields(self)
        decisive = doc.pop("decisive")
        return {**doc, "gap": self.gap, "decisive": decisive}


@dataclass(frozen=True)
class BatnaGap:
    """The ZOPA under the perceived and the assessed BATNAs, and whose gap decides."""

    parties: tuple[str, ...]
    gaps: tuple[ActorGap, ...]  # the parties with a perceived value
    zopa: dict[str, bool]  # view -> a ZOPA exists (red lines binding)
    # view -> some outcome gives every party its BATNA (red lines soft)
    soft: dict[str, bool] = field(metadata=rename("zopa_without_red_lines"))
    # where the views differ on the ZOPA: the one view's ZOPA
    opened: Zopa | None = field(metadata=rename("opened_zopa"))
    sentences: tuple[str, ...] = field(default=(), metadata=rename("statement"))

    @property
    def blocks(self) -> bool:
        """Whether the views differ on the ZOPA (red lines binding)."""
        return self.zopa["perceived"] != self.zopa["assessed"]

    def __plain__(self) -> dict[str, Any]:
        """For ``--json`` (:func:`accord.model.plain.to_plain`): the fields, with ``blocks``
        and the decisive parties before the ZOPA that opens and the sentences."""
        doc = plain_fields(self)
        tail = {k: doc.pop(k) for k in ("opened_zopa", "statement")}
        decisive = [g.actor for g in self.gaps if g.decisive]
        return {**doc, "blocks": self.blocks, "decisive": decisive, **tail}


def _exists(space: OutcomeSpace, d: np.ndarray, soft: bool) -> bool:
    probe = replace(space, batna=d)
    relax = [i for i in items(probe) if i.kind == "red_line"] if soft else []
    return find_acceptable(probe, relax=relax) is not None


def _vector(values: dict[str, float | None], actors: tuple[str, ...]) -> np.ndarray:
    return np.array([np.nan if values[a] is None else values[a] for a in actors], dtype=float)


def batna_gap(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    include_mediators: bool = False,
    resolution: int = DEFAULT_RESOLUTION,
    seed: int = 0,
) -> BatnaGap | None:
    """The ZOPA under each view of the parties' BATNAs; None when no party has a perceived one.

    ``scenario`` is as loaded (with its perceived values). ``actors`` default to the parties
    (and mediators when asked), as in :func:`accord.analysis.bargaining.analyze`.
    """
    chosen = actors or parties(scenario, include_mediators=include_mediators)
    having = [
        a for a in chosen if (b := scenario.actor(a).batna) is not None and b.perceived is not None
    ]
    if not having:
        return None
    assessed_scenario = batna_view(scenario, "assessed")
    space = outcome_space(assessed_scenario, chosen, resolution=resolution)
    d = {v: _vector(batna_values(scenario, v), space.actors) for v in ("perceived", "assessed")}
    exists = {v: _exists(space, d[v], soft=False) for v in d}
    soft = {v: _exists(space, d[v], soft=True) for v in d}
    # the comparison that differs, and the view without an acceptable outcome in it
    differs = None
    if exists["perceived"] != exists["assessed"]:
        differs = False
    elif soft["perceived"] != soft["assessed"]:
        differs = True
    gaps = []
    for a in having:
        k = space.actors.index(a)
        decisive = False
        if differs is not None:
            table = soft if differs else exists
            closed = "perceived" if not table["perceived"] else "assessed"
            other = "assessed" if closed == "perceived" else "perceived"
            trial = d[closed].copy()
            trial[k] = d[other][k]
            decisive = _exists(space, trial, soft=differs)
        gaps.append(
            ActorGap(
                actor=a,
                name=scenario.actor(a).name,
                perceived=float(d["perceived"][k]),
                assessed=float(d["assessed"][k]),
                decisive=decisive,
            )
        )
    opened = None
    if exists["perceived"] != exists["assessed"]:
        view = "perceived" if exists["perceived"] else "assessed"
        opened = zopa(
            batna_view(scenario, view),
            chosen,
            space=replace(space, batna=d[view]),
            seed=seed,
        )
    result = BatnaGap(parties=space.actors, gaps=tuple(gaps), zopa=exists, soft=soft, opened=opened)
    return replace(result, sentences=tuple(gap_sentences(result)))


def _names(gaps: list[ActorGap]) -> str:
    names = [g.name for g in gaps]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def gap_sentences(gap: BatnaGap) -> list[str]:
    """The gap in words: each party's two values, then whether and how the gap blocks a deal."""
    lines = [
        f"{g.name} believes its alternative to a deal is worth {g.perceived:.2f}; "
        f"assessed {g.assessed:.2f}."
        for g in gap.gaps
    ]
    decisive = [g for g in gap.gaps if g.decisive]
    whose = (
        f"{_names(decisive)}'s {'gap' if len(decisive) == 1 else 'gaps'} alone "
        f"{'decides' if len(decisive) == 1 else 'each decide'} it"
        if decisive
        else "no single party's gap decides it alone; together they do"
    )
    if gap.blocks:
        size = gap.opened.size_text() if gap.opened else ""
        if gap.zopa["assessed"]:
            lines.append(
                "As the parties perceive their alternatives there is no ZOPA; with the assessed "
                f"values a ZOPA opens on {size}. The gap blocks a deal: {whose}."
            )
        else:
            lines.append(
                "With the assessed values there is no ZOPA; as the parties perceive their "
                f"alternatives a ZOPA opens on {size}: a deal the assessment would call "
                f"irrational for someone. {whose[0].upper()}{whose[1:]}."
            )
        return lines
    state = "a ZOPA" if gap.zopa["assessed"] else "no ZOPA"
    line = f"The gap does not decide the ZOPA: there is {state} under either view"
    if gap.soft["perceived"] == gap.soft["assessed"]:
        line += ", nor would it decide were red lines soft (BATNAs only)."
    else:
        with_ = "assessed" if gap.soft["assessed"] else "perceived"
        without = "perceived" if with_ == "assessed" else "assessed"
        line += (
            f". Were red lines soft (BATNAs only) it would: with the {with_} values some "
            f"outcome gives every party its alternative, with the {without} values none; "
            f"{whose}."
        )
    lines.append(line)
    return lines
