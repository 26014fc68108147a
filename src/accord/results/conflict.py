"""The result of a graph-model stability analysis (:func:`accord.api.conflict`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.model.conflict import Conflict
from accord.results.base import Result

if TYPE_CHECKING:
    from accord.conflict.graph import ConflictGraph as Graph
    from accord.conflict.stability.concepts import StabilityResult as Tables

#: What SIM assumed, by rule (said under the result).
SIM_WORDS = {
    "joint": "SIM: the opponents may answer an improvement together, each with one of its "
    "own improvements made at the same time (the n-decision-maker definition)",
    "one-opponent": "SIM: one opponent at a time answers an improvement with one of its own "
    "made at the same time (GMCR+ before 2016)",
}


@dataclass(frozen=True, repr=False)
class Stability(Result):
    """Which states are stable for which decision maker under each solution concept.

    Attributes:
        conflict: The conflict model.
        graph: Its states and moves.
        stability: The stability tables, per concept ``[decision maker, state]``.
        coalition: The coalition-stable equilibria (None unless asked).
        start: The status quo state the paths start from (None unless given).
        paths: Per equilibrium, the unilateral improvements from ``start`` to it.
    """

    conflict: Conflict
    graph: Graph
    stability: Tables
    coalition: list[int] | None = None
    start: int | None = None
    paths: dict[int, Any] | None = None

    kind = "stability of every state of a conflict"

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("state", "label", *self.stability.tables)

    def equilibria(self, concept: str) -> list[int]:
        """The states stable for every decision maker under ``concept``.

        Args:
            concept: ``"R"``, ``"GMR"``, ``"SMR"``, ``"SEQ"``, ``"SIM"`` or ``"SEQ+SIM"``.

        Returns:
            State numbers, ascending.

        Example:
            >>> from accord.api import conflict
            >>> conflict("prisoners-dilemma").equilibria("R")
            [3]
        """
        return [int(s) for s in self.stability.equilibria(concept)]

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord conflict CONFLICT --json --all`` (every state).

        Example:
            >>> from accord.api import conflict
            >>> conflict("chicken").to_dict()["equilibria"]["GMR"]
            [0, 1, 2]
        """
        from accord.conflict.states import feasible_masks, option_bits

        c, graph, result = self.conflict, self.graph, self.stability
        masks = feasible_masks(c).tolist()
        bits = option_bits(c)
        dms = [d.id for d in c.decision_makers]
        data: dict[str, Any] = {
            "conflict": c.id,
            "states": [
                {
                    "id": s,
                    "label": graph.label(s),
                    "options": {o: bool((m >> b) & 1) for o, b in bits.items()},
                }
                for s, m in enumerate(masks)
            ],
            "stability": {
                dm: {k: [int(x) for x in t[i].nonzero()[0]] for k, t in result.tables.items()}
                for i, dm in enumerate(dms)
            },
            "equilibria": {k: self.equilibria(k) for k in result.tables},
            "sim": result.sim,
        }
        if self.coalition is not None:
            data["coalition_equilibria"] = self.coalition
        if self.start is not None and self.paths is not None:
            data["status_quo"] = {
                "from": self.start,
                "paths": {
                    str(g): None if p is None else [{"dm": dms[d], "to": t} for d, t in p]
                    for g, p in self.paths.items()
                },
            }
        return data

    def rows(self) -> list[dict[str, Any]]:
        """One row per state: its label and whether it is an equilibrium under each concept.

        Example:
            >>> from accord.api import conflict
            >>> conflict("chicken").rows()[0]
            {'state': 0, 'label': '(none)', 'R': False, 'GMR': True, 'SMR': True, 'SEQ': False, 'SIM': True, 'SEQ+SIM': False}
        """  # noqa: E501
        eq = {k: set(self.equilibria(k)) for k in self.stability.tables}
        return [
            {"state": s, "label": self.graph.label(s), **{k: s in v for k, v in eq.items()}}
            for s in range(self.graph.n_states)
        ]

    def headline(self) -> list[str]:
        c = self.conflict
        lines = [
            f"'{c.id}': {self.graph.n_states} states, {len(c.decision_makers)} decision makers"
        ]
        for k in self.stability.tables:
            found = self.equilibria(k)
            lines.append(f"{k} equilibria: {', '.join(map(str, found[:10])) or 'none'}"
                         + (f" ... ({len(found)})" if len(found) > 10 else ""))  # fmt: skip
        return lines

    def assumes(self) -> list[str]:
        said = [
            "each decision maker ranks the states and moves alone, by its own options; a state "
            "is stable for it when every improvement it could make is deterred as the "
            "concept defines"
        ]
        if any("SIM" in k for k in self.stability.tables):
            said.append(SIM_WORDS.get(self.stability.sim, self.stability.sim))
        return said
