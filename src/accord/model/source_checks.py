"""Warnings about sources: labels that break the reliability rule, and claims on weak ground.

Run by :mod:`accord.model.checks` for scenarios (labels and support) and by the conflict
checks for conflicts (labels). Both are warnings: the file still loads, and the analyst
decides. The rule and what each label may support are in docs/scenarios/sources.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.model.actors import Actor, Reliability, Source
from accord.model.problems import Path, Problem
from accord.model.reliability import rate
from accord.model.stances import Stance

RULE = "docs/scenarios/sources.md"


def label_problems(sources: Sequence[tuple[int, Source]]) -> list[Problem]:
    """A warning at ``sources[i].reliability`` for each label the rule would set otherwise.

    An outlet the rule's table does not know gives no warning: the rule has nothing to say.
    """
    out: list[Problem] = []
    for idx, src in sources:
        rating = rate(src)
        if rating is None or rating.label == src.reliability:
            continue
        hint = ""
        if rating.original is None and rating.label is Reliability.unverified:
            hint = ", or name the original the page reposts in 'publisher'"
        out.append(
            Problem(
                ("sources", idx, "reliability"),
                f"'{src.id}' is labelled '{src.reliability}', but the reliability rule "
                f"({RULE}) gives '{rating.label}' for {rating.why}; "
                f"write reliability: {rating.label}{hint}",
                severity="warning",
            )
        )
    return out


def _own_side(actor: Actor | None, actor_id: str) -> set[str]:
    names = {actor_id}
    if actor is not None:
        names |= {actor.name, *actor.aliases}
    return {n.casefold() for n in names}


def _weakness(src: Source, own: set[str]) -> str | None:
    """Why ``src`` cannot carry a claim of the actor named by ``own``; None when it can."""
    if src.reliability is Reliability.unverified:
        return f"{src.id} (unverified)"
    if src.reliability is not Reliability.partisan:
        return None
    rating = rate(src)
    carrier = rating and (rating.original or rating.outlet)
    side = carrier.side if carrier else None
    if side is not None and side.casefold() in own:
        return None
    # A partisan outlet whose side the table does not know cannot be shown to be the actor's.
    return f"{src.id} (partisan, {side or 'side unknown'})"


class _Support:
    def __init__(
        self,
        sources: Sequence[tuple[int, Source]],
        actors: Sequence[tuple[int, Actor]],
    ) -> None:
        self.sources = {s.id: s for _, s in sources}
        self.actors = {a.id: a for _, a in actors}
        self.problems: list[Problem] = []

    def check(self, path: Path, actor_id: str, ids: list[str], what: str) -> None:
        cited = [self.sources[i] for i in ids if i in self.sources]
        if not cited:
            return  # no sources (another check asks for them) or only unknown ids (errors)
        own = _own_side(self.actors.get(actor_id), actor_id)
        weak = [_weakness(s, own) for s in cited]
        if any(w is None for w in weak):
            return
        self.problems.append(
            Problem(
                (*path, "sources"),
                f"{what} rests only on sources that cannot carry it: "
                f"{', '.join(w for w in weak if w)}; an unverified source is only a lead, and a "
                "partisan one supports only its own side's stated position. Cite a primary, "
                f"wire or secondary source ({RULE})",
                severity="warning",
            )
        )


def support_problems(
    sources: Sequence[tuple[int, Source]],
    actors: Sequence[tuple[int, Actor]],
    stances: Sequence[tuple[int, Stance]],
) -> list[Problem]:
    """Warnings where a red line, a soft red line's firmness, a BATNA or a perceived BATNA
    cites sources and every one of them is unverified or partisan media of another side."""
    s = _Support(sources, actors)
    for idx, st in stances:
        if st.red_line is None:
            continue
        base: Path = ("stances", idx)
        line = f"the red line of '{st.actor}' on '{st.issue}'"
        s.check(base, st.actor, st.sources, line)
        if st.firmness is not None:
            s.check((*base, "firmness"), st.actor, st.firmness.sources, f"the firmness of {line}")
    for idx, actor in actors:
        b = actor.batna
        if b is None:
            continue
        path: Path = ("actors", idx, "batna")
        s.check(path, actor.id, b.sources, f"the BATNA of '{actor.id}'")
        if b.perceived is not None:
            s.check(
                (*path, "perceived"),
                actor.id,
                b.perceived.sources,
                f"the perceived BATNA of '{actor.id}'",
            )
    return s.problems
