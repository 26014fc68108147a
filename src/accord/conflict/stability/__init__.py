"""Stability analysis of a conflict in graph form (GMCR), vectorised over states.

Definitions (Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1989 "Conflict models in
graph form: solution concepts and their interrelationships", EJOR 41:86-100; Fang, Hipel
& Kilgour 1993, *Interactive Decision Making: The Graph Model for Conflict Resolution*).
For DM i at state s, ``R_i(s)`` are its unilateral moves and ``UI_i(s)`` those it strictly
prefers (``rank[i, t] > rank[i, s]``). For the opponents H = N \\ {i}, ``R_H(s1)`` are the
states reached from s1 by a legal sequence of one or more unilateral moves of members of H
in which no DM moves twice in a row, and ``R_H^+(s1)`` the same when every move is a
unilateral improvement for the DM making it, from the state where it makes it.

An equilibrium under a concept is a state stable for every DM. Where each part lives:

- :mod:`.sequential`: **R**, **GMR**, **SMR** and **SEQ**, the concepts in which the
  opponents answer i's improvement one move after another, and their shortest sanctions;
- :mod:`.simultaneous`: **SIM**, i's improvement and the opponents' improvements made at
  the same time (jointly by default; one opponent at a time as a named option);
- :mod:`.concepts`: every concept by name (with **SEQ+SIM**), the stability tables,
  equilibria and explanations;
- :mod:`.coalitions`: coalition improvements and coalition Nash stability;
- :mod:`.status_quo`: evolutions from the status quo to the equilibria;
- :mod:`.moves` and :mod:`.fixpoint`: the shared building blocks, the move lists as CSR
  adjacencies and the least fixed point over legal sequences of opponent moves (which says
  how the analysis scales).
"""

from accord.conflict.stability.coalitions import (
    coalition_equilibria,
    coalition_improvement,
    coalition_reach,
)
from accord.conflict.stability.concepts import (
    CONCEPTS,
    StabilityResult,
    analyze,
    equilibria,
    explain,
    stability,
)
from accord.conflict.stability.moves import Csr, improvement_moves
from accord.conflict.stability.sanctions import REPEAT_NOTE, Explanation, Sanction
from accord.conflict.stability.simultaneous import SIM_CHUNK, SIM_RESPONSES, SimResponses
from accord.conflict.stability.status_quo import status_quo_paths

__all__ = [
    "CONCEPTS",
    "REPEAT_NOTE",
    "SIM_CHUNK",
    "SIM_RESPONSES",
    "Csr",
    "Explanation",
    "Sanction",
    "SimResponses",
    "StabilityResult",
    "analyze",
    "coalition_equilibria",
    "coalition_improvement",
    "coalition_reach",
    "equilibria",
    "explain",
    "improvement_moves",
    "stability",
    "status_quo_paths",
]
