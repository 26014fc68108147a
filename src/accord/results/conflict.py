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


def explain_state(graph: Graph, result: Tables, dms: list[str], dm: int, state: int) -> list[Any]:
    """Why ``state`` is stable or not for decision maker ``dm`` (an index of ``dms``) under
    each concept of ``result``: each improvement it could make, and the sanction that deters
    it (None where none does); the records of ``accord conflict --explain DM:STATE --json``.

    Example:
        >>> from accord.api import conflict
        >>> c = conflict("chicken")
        >>> dms = [d.id for d in c.conflict.decision_makers]
        >>> e = explain_state(c.graph, c.stability, dms, 0, 0)
        >>> [(x["concept"], x["stable"]) for x in e][:2]
        [('R', False), ('GMR', True)]
    """
    from accord.conflict.stability import REPEAT_NOTE, explain

    out = []
    for k in result.tables:
        e = explain(graph, dm, state, k, sim=result.sim)
        repeats = [sc.improvement for sc in e.sanctions if sc.needs_repeat]
        out.append(
            {
                "dm": dms[dm],
                "state": state,
                "concept": k,
                "stable": e.stable,
                "improvements": [
                    {
                        "to": sc.improvement,
                        "sanction": [{"dm": dms[d], "to": t} for d, t in sc.moves],
                        "ends_in": sc.result,
                    }
                    for sc in e.sanctions
                ],
                # Improvements whose every sanction has an opponent move twice (not in a
                # row): where GMCR+, which lets each opponent move once, differs.
                "needs_repeat": repeats,
                "note": REPEAT_NOTE if repeats else None,
            }
        )
    return out


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
        explanations: Why given states are stable or not for given decision makers
            (:func:`explain_state`), empty unless asked.
    """

    conflict: Conflict
    graph: Graph
    stability: Tables
    coalition: list[int] | None = None
    start: int | None = None
    paths: dict[int, Any] | None = None
    explanations: tuple[Any, ...] = ()

    kind = "stability of every state of a conflict"

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The columns of :meth:`rows`: the state, its label, then one per stability concept."""
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

    def to_dict(
        self, limit: int | None = None, rest: str = "to_dict() gives every one"
    ) -> dict[str, Any]:
        """The document of ``accord conflict CONFLICT --json --all`` (every state), or with
        ``limit`` of ``--json`` (the first ``limit`` states, and a note of how many are left
        out), as plain data (:meth:`document` is the same, made as it is written).

        Args:
            limit: States written at most (None: every one).
            rest: How to get every state, said in the note when some are left out.

        Returns:
            Plain data: ``states``, ``stability``, ``equilibria``, ``sim`` ...

        Example:
            >>> from accord.api import conflict
            >>> conflict("chicken").to_dict()["equilibria"]["GMR"]
            [0, 1, 2]
            >>> conflict("chicken").to_dict(limit=2)["states_left_out"]
            2
        """
        from accord.model.plain import to_plain

        return dict(to_plain(self.document(limit, rest)))

    def document(
        self, limit: int | None = None, rest: str = "to_dict() gives every one"
    ) -> dict[str, Any]:
        """:meth:`to_dict` as the command line writes it: the states a chunk at a time and
        the stability lists as arrays, so that a conflict of 2^18 states is never held as a
        quarter of a million records.

        Args:
            limit: States written at most (None: every one).
            rest: How to get every state, said in the note when some are left out.

        Returns:
            The document, its long lists as :class:`~accord.model.plain.Chunked` and arrays.

        Example:
            >>> from accord.api import conflict
            >>> conflict("chicken").document()["stability"]["one"]["R"]
            array([1, 2])
        """
        from accord.conflict.states import feasible_masks, option_bits
        from accord.model.plain import Chunked

        c, graph, result = self.conflict, self.graph, self.stability
        masks = feasible_masks(c)
        bits = option_bits(c)
        dms = [d.id for d in c.decision_makers]
        n_states = len(masks)
        shown = n_states if limit is None else min(n_states, limit)

        def states(start: int, stop: int) -> list[dict[str, Any]]:
            return [
                {
                    "id": s,
                    "label": graph.label(s),
                    "options": {o: bool((m >> b) & 1) for o, b in bits.items()},
                }
                for s, m in zip(range(start, stop), masks[start:stop].tolist(), strict=True)
            ]

        # Made as written (a chunk of states at a time), and the stability lists stay arrays:
        # a conflict of 2^18 states is never held as a quarter of a million records.
        data: dict[str, Any] = {"conflict": c.id, "states": Chunked(shown, states)}
        if shown < n_states:
            data["states_left_out"] = n_states - shown
            data["note"] = (
                f"the first {shown:,} of the {n_states:,} feasible states; "
                f"{n_states - shown:,} left out; {rest}"
            )
        data["stability"] = {
            dm: {k: t[i].nonzero()[0] for k, t in result.tables.items()} for i, dm in enumerate(dms)
        }
        data["equilibria"] = {k: self.equilibria(k) for k in result.tables}
        data["sim"] = result.sim
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
        if self.explanations:
            data["explanations"] = list(self.explanations)
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
