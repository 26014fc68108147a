"""Which alternative to a deal an analysis uses: the analyst's assessment or the party's belief.

An actor's BATNA has an *assessed* ``utility`` (the analyst's reading) and may carry a
*perceived* one (what the actor itself believes fighting on, striking or walking away is
worth: :class:`~accord.model.actors.PerceivedBatna`). Parties act on their beliefs, so the
default view is ``perceived``; an actor without a perceived value has its assessed value in
both views, so a scenario without perceived values is the same scenario in either view.

The choice is made once, where a scenario is opened: :func:`batna_view` returns the
scenario with every BATNA's ``utility`` and ``uncertainty`` (the spread Monte Carlo draws)
set to the chosen view, and every algorithm downstream reads ``batna.utility`` as before.

>>> from accord.io import load_builtin
>>> s = load_builtin("ukraine-2025")
>>> batna_values(s, "assessed")["russia"] < batna_values(s, "perceived")["russia"]
True
>>> batna_view(s, "perceived").actor("russia").batna.perceived is None
True
"""

from __future__ import annotations

from typing import Literal, get_args

from accord.model.actors import Actor
from accord.model.scenario import Scenario

BatnaView = Literal["perceived", "assessed"]
#: The views, the default first.
BATNA_VIEWS: tuple[str, ...] = get_args(BatnaView)
DEFAULT_VIEW: BatnaView = "perceived"


def has_perceived(scenario: Scenario) -> bool:
    """Whether any actor of ``scenario`` has a perceived BATNA."""
    return any(a.batna is not None and a.batna.perceived is not None for a in scenario.actors)


def batna_value(actor: Actor, view: str = DEFAULT_VIEW) -> float | None:
    """``actor``'s BATNA utility in ``view`` (None where unknown or not given)."""
    check_view(view)
    b = actor.batna
    if b is None:
        return None
    if view == "perceived" and b.perceived is not None:
        return b.perceived.utility
    return b.utility


def batna_values(scenario: Scenario, view: str = DEFAULT_VIEW) -> dict[str, float | None]:
    """Every actor's BATNA utility in ``view``, by actor id."""
    return {a.id: batna_value(a, view) for a in scenario.actors}


def check_view(view: str) -> None:
    """Raise ValueError unless ``view`` is one of :data:`BATNA_VIEWS`."""
    if view not in BATNA_VIEWS:
        raise ValueError(f"unknown BATNA view {view!r}; valid: {', '.join(BATNA_VIEWS)}")


def batna_view(scenario: Scenario, view: str = DEFAULT_VIEW) -> Scenario:
    """``scenario`` with each actor's BATNA set to ``view``, its perceived value then dropped.

    ``perceived``: where an actor has a perceived value, its BATNA ``utility``, spread,
    sources and judgement become the perceived ones (the description and ``over_time``
    stay: the path starts from the perceived value). ``assessed``: the assessed values
    stay. Either way the result has no perceived values, so applying a view twice is the
    same as once. A scenario without perceived values is returned as it is (the same
    object), so its numbers cannot change.
    """
    check_view(view)
    if not has_perceived(scenario):
        return scenario
    actors = []
    for actor in scenario.actors:
        b = actor.batna
        if b is None or b.perceived is None:
            actors.append(actor)
            continue
        p = b.perceived
        if view == "assessed":
            update: dict[str, object] = {"perceived": None}
        else:
            assessed = "unknown" if b.utility is None else f"{b.utility:.2f}"
            said = f"as {actor.name} perceives it (assessed: {assessed})"
            update = {
                "utility": p.utility,
                "uncertainty": p.uncertainty,
                "sources": list(p.sources) or list(b.sources),
                "judgement": f"{p.judgement}; {said}" if p.judgement else said,
                "perceived": None,
            }
        actors.append(actor.model_copy(update={"batna": b.model_copy(update=update)}))
    return scenario.model_copy(update={"actors": actors})
