"""How the opponents answer an improvement, and why a state is stable or not, as records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sanction:
    """How the opponents answer one of i's improvements.

    ``moves``: the opponents' moves from the improvement, as (dm, state reached) pairs
    (for SIM, the single opponent improvement made at the same time as i's); ``result``:
    the state where the sanction leaves i, or None when no sanction deters the improvement.
    """

    improvement: int
    moves: tuple[tuple[int, int], ...]
    result: int | None


@dataclass(frozen=True)
class Explanation:
    dm: int
    state: int
    concept: str
    stable: bool
    #: Every improvement examined, in order, with its sanction; when unstable the last one
    #: is the first improvement found with none (``result is None``).
    sanctions: tuple[Sanction, ...]

    def __str__(self) -> str:
        g_dm = f"DM {self.dm}"
        lines = [
            f"state {self.state} is {'stable' if self.stable else 'unstable'} for {g_dm} "
            f"under {self.concept}"
        ]
        if not self.sanctions:
            lines.append("  no unilateral improvement")
        for sc in self.sanctions:
            if sc.result is None:
                lines.append(f"  improvement to {sc.improvement}: no sanction")
            else:
                path = " -> ".join(f"{t} (DM {k})" for k, t in sc.moves)
                lines.append(f"  improvement to {sc.improvement}: sanctioned by {path}")
                if sc.result != (sc.moves[-1][1] if sc.moves else None):
                    lines.append(f"    simultaneous moves end in {sc.result}")
        return "\n".join(lines)
