"""How the opponents answer an improvement, and why a state is stable or not, as records."""

from __future__ import annotations

from dataclasses import dataclass

#: Why accord and GMCR+ can differ under GMR, SMR and SEQ, in one line.
REPEAT_NOTE = (
    "every sanction here has an opponent move twice (never twice in a row), which the "
    "standard definition allows (Fang, Hipel & Kilgour 1993); GMCR+ lets each opponent "
    "move once, finds no sanction and calls the state unstable for this decision maker"
)


@dataclass(frozen=True)
class Sanction:
    """How the opponents answer one of i's improvements.

    ``moves``: the opponents' moves from the improvement, as (dm, state reached) pairs, one
    after another (for SIM: the opponents' improvements from i's starting state, made at the
    same time as i's); ``result``: the state where the sanction leaves i, or None when no
    sanction deters the improvement.
    """

    improvement: int
    moves: tuple[tuple[int, int], ...]
    result: int | None
    #: GMR, SMR, SEQ: every sanction of this improvement has some opponent move more than
    #: once (never twice in a row). The standard definition (Fang, Hipel & Kilgour 1993)
    #: allows it; gmcr-py (GMCR+) lets each opponent move at most once and so finds no
    #: sanction, and calls the state unstable where accord calls it stable.
    needs_repeat: bool = False

    @property
    def repeated_movers(self) -> tuple[int, ...]:
        """The opponents that move more than once in this sanction, in DM order."""
        movers = [k for k, _ in self.moves]
        return tuple(sorted({k for k in movers if movers.count(k) > 1}))


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
            elif self.concept == "SIM":
                both = " and ".join(f"DM {k} to {t}" for k, t in sc.moves)
                lines.append(
                    f"  improvement to {sc.improvement}: sanctioned by {both} at the same "
                    f"time, ending in {sc.result}"
                )
            else:
                path = " -> ".join(f"{t} (DM {k})" for k, t in sc.moves)
                lines.append(f"  improvement to {sc.improvement}: sanctioned by {path}")
                if sc.needs_repeat:
                    lines.append(f"    {REPEAT_NOTE}")
        return "\n".join(lines)
