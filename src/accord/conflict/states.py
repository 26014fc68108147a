"""From a conflict in option form to its graph: feasible states, moves and preference ranks.

**State numbering** (stable, documented, relied on by tests and published results): option
k, counting through the decision-makers' options in the order the file declares them, is
bit k of a state's *mask* (taken = 1). The feasible masks, in ascending order, are states
0, 1, 2, ...: a state's number depends on the options and infeasibility conditions only,
never on preferences. GMCR+ numbers the same states from 1 in the same order (its options
are grouped by decision-maker, as a file here declares them).

**Moves** (GMCR option form): a decision-maker moves by changing any nonempty set of its own
options at once, to another feasible state, unless the change undoes an irreversible
option: a ``forward`` option that is taken cannot be dropped, a ``backward`` one that is not
taken cannot be taken. Moves are built per state from the 2^k - 1 changes of a
decision-maker's k options, so memory grows with states x moves, never states^2.

Everything is vectorised over states with NumPy; :func:`feasible_masks` enumerates all
2^m option combinations, so a conflict may have at most :data:`MAX_OPTIONS` options.
"""

from __future__ import annotations

from itertools import chain
from typing import Literal

import numpy as np

from accord.analysis.memory import available_memory
from accord.conflict.graph import ConflictGraph
from accord.conflict.implicit import OptionMoves, move_counts
from accord.model.conflict import Conflict, Formula, Irreversible, Preference, parse_statement
from accord.model.problems import Problem, ScenarioError

#: 2^24 combinations (16.7 million, about 130 MB of masks) is the most enumerated at once.
MAX_OPTIONS = 24


def option_bits(conflict: Conflict) -> dict[str, int]:
    """Each option id's bit in a state mask: its position in declaration order."""
    return {oid: k for k, oid in enumerate(conflict.option_ids())}


def evaluate(formula: Formula, masks: np.ndarray, bits: dict[str, int]) -> np.ndarray:
    """Which of the states (masks) satisfy a parsed statement: a boolean array."""
    kind = formula[0]
    if kind == "opt":
        return (masks >> bits[formula[1]]) & 1 == 1
    if kind == "not":
        return ~evaluate(formula[1], masks, bits)
    left, right = evaluate(formula[1], masks, bits), evaluate(formula[2], masks, bits)
    if kind == "and":
        return left & right
    if kind == "or":
        return left | right
    if kind == "if":  # 'a if b': b implies a
        return left | ~right
    return left == right  # iff


def satisfies(conflict: Conflict, statement: str, masks: np.ndarray) -> np.ndarray:
    return evaluate(parse_statement(statement), masks, option_bits(conflict))


def feasible_masks(conflict: Conflict) -> np.ndarray:
    """The masks of the feasible states, ascending: entry s is state s."""
    m = len(conflict.option_ids())
    if m > MAX_OPTIONS:
        raise ValueError(f"{m} options; at most {MAX_OPTIONS} can be enumerated")
    masks = np.arange(2**m, dtype=np.int64)
    keep = np.ones(len(masks), dtype=bool)
    for condition in conflict.infeasible:
        keep &= ~satisfies(conflict, condition.statement(), masks)
    return masks[keep]


def find_states(conflict: Conflict, statement: str, masks: np.ndarray | None = None) -> np.ndarray:
    """The numbers of the feasible states that satisfy a statement."""
    masks = feasible_masks(conflict) if masks is None else masks
    return np.flatnonzero(satisfies(conflict, statement, masks))


def state_label(conflict: Conflict, mask: int) -> str:
    """The options taken in a state, joined by '+'; '(none)' when none is."""
    taken = [oid for k, oid in enumerate(conflict.option_ids()) if (int(mask) >> k) & 1]
    return "+".join(taken) if taken else "(none)"


def ranks(conflict: Conflict, masks: np.ndarray) -> np.ndarray:
    """[D, N] preference levels: 0 for each decision-maker's least preferred states, up by one
    per distinct level (dense), equal for ties."""
    out = np.zeros((len(conflict.decision_makers), len(masks)), dtype=np.int64)
    for i, dm in enumerate(conflict.decision_makers):
        out[i] = preference_levels(conflict, conflict.preference_of(dm.id), masks)
    return out


def preference_levels(conflict: Conflict, pref: Preference, masks: np.ndarray) -> np.ndarray:
    """One decision-maker's dense preference levels over the states (masks)."""
    if pref.prioritization is not None:
        sat = np.array([satisfies(conflict, s.statement, masks) for s in pref.prioritization])
        # Comparing the rows of satisfied statements lexicographically, first statement
        # first, is comparing the scores sum(2^(n-k)) without their overflow past 62.
        _, level = np.unique(sat.T, axis=0, return_inverse=True)
        return level.reshape(-1)
    if pref.state_ranking is not None:
        return _levels_by_code(conflict, pref.dm, pref.state_ranking, masks)
    assert pref.ranking is not None
    matched = np.array(
        [
            np.any([satisfies(conflict, s.statement, masks) for s in lvl], axis=0)
            for lvl in pref.ranking
        ]
    )
    missing = ~matched.any(axis=0)
    if missing.any():
        label = state_label(conflict, masks[np.argmax(missing)])
        raise ValueError(f"{pref.dm}'s ranking places no level on state {label}")
    first = np.argmax(matched, axis=0)  # the first level a state matches
    _, level = np.unique(len(pref.ranking) - first, return_inverse=True)
    return level.reshape(-1)


def state_ranking_entries(ranking: list[int | list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """A state ranking flattened: every code in the order written, and its level (0 for the
    first entry, the most preferred; the codes of a tie share their entry's level)."""
    sizes = np.fromiter(
        (len(x) if isinstance(x, list) else 1 for x in ranking), dtype=np.int64, count=len(ranking)
    )
    flat = chain.from_iterable(x if isinstance(x, list) else (x,) for x in ranking)
    codes = np.fromiter(flat, dtype=np.int64, count=int(sizes.sum()))
    return codes, np.repeat(np.arange(len(ranking)), sizes)


def state_numbers(masks: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each code's state number (its place in the ascending ``masks``); -1 where no feasible
    state has that code."""
    at = np.searchsorted(masks, codes)
    inside = at < len(masks)
    found = np.zeros(len(codes), dtype=bool)
    found[inside] = masks[at[inside]] == codes[inside]
    return np.where(found, at, -1)


def _levels_by_code(
    conflict: Conflict, dm: str, ranking: list[int | list[int]], masks: np.ndarray
) -> np.ndarray:
    codes, level = state_ranking_entries(ranking)
    number = state_numbers(masks, codes)
    if (number < 0).any():
        code = int(codes[np.argmax(number < 0)])
        raise ValueError(f"{dm}'s state ranking names code {code}, which is no feasible state")
    times = np.bincount(number, minlength=len(masks))
    if (times > 1).any():
        label = state_label(conflict, masks[np.argmax(times > 1)])
        raise ValueError(f"{dm}'s state ranking names state {label} twice")
    if (times == 0).any():
        label = state_label(conflict, masks[np.argmax(times == 0)])
        raise ValueError(f"{dm}'s ranking places no level on state {label}")
    out = np.empty(len(masks), dtype=np.int64)
    # every entry holds a state, so the levels are dense already; the first is the highest
    out[number] = len(ranking) - 1 - level
    return out


def moves(conflict: Conflict, masks: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per decision-maker, (indptr, targets): its unilateral moves in CSR form, each state's
    targets ascending."""
    bits = option_bits(conflict)
    own = [sum(1 << bits[o.id] for o in dm.options) for dm in conflict.decision_makers]
    forward = _bitmask(conflict, bits, Irreversible.forward)
    backward = _bitmask(conflict, bits, Irreversible.backward)
    return listed_moves(masks, own, forward, backward)


def listed_moves(
    masks: np.ndarray, own: list[int], forward: int, backward: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`moves` from bit masks: ``masks`` the feasible codes ascending, ``own[j]`` DM
    j's option bits, ``forward``/``backward`` the irreversible options' bits. This listed
    form is the oracle of the implicit moves (:mod:`accord.conflict.implicit`)."""
    out = []
    for dm_bits in own:
        own_bits = np.array([1 << b for b in range(64) if (dm_bits >> b) & 1], dtype=np.int64)
        # every nonempty subset of the DM's options, as the bits it flips
        pick = (np.arange(1, 2 ** len(own_bits))[:, None] >> np.arange(len(own_bits))) & 1
        changes = pick @ own_bits
        # states in chunks, so that the temporary states x changes arrays stay small
        step = max(1, _CHUNK // max(1, len(changes)))
        counts, targets = [], []
        for start in range(0, len(masks), step):
            c, t = _moves_from(masks, masks[start : start + step], changes, forward, backward)
            counts.append(c)
            targets.append(t)
        indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))]).astype(np.int64)
        out.append((indptr, np.concatenate(targets).astype(np.int64)))
    return out


#: States x changes handled at once when building moves (a few tens of MB of temporaries).
_CHUNK = 2**21


def _moves_from(
    masks: np.ndarray, chunk: np.ndarray, changes: np.ndarray, forward: int, backward: int
) -> tuple[np.ndarray, np.ndarray]:
    """Move counts and targets (ascending per state) from the states ``chunk``."""
    n = len(masks)
    target = chunk[:, None] ^ changes[None, :]
    index = np.searchsorted(masks, target)
    index[index == n] = 0
    ok = masks[index] == target
    ok &= (changes[None, :] & chunk[:, None] & forward) == 0  # drops a taken forward option
    ok &= (changes[None, :] & ~chunk[:, None] & backward) == 0  # takes a backward one again
    index = np.sort(np.where(ok, index, n), axis=1)  # valid targets first, ascending
    return ok.sum(axis=1), index[index < n]


def _bitmask(conflict: Conflict, bits: dict[str, int], kind: Irreversible) -> int:
    return sum(1 << bits[o.id] for _, o in conflict.options() if o.irreversible is kind)


MoveMode = Literal["auto", "listed", "implicit"]
#: The ways :func:`conflict_graph` may hold the moves.
MOVE_MODES: tuple[MoveMode, ...] = ("auto", "listed", "implicit")

#: ``auto`` lists the moves up to this many (summed over DMs), and keeps them implicit
#: above. Listed, a move costs about 30 bytes across the engine's arrays (measured: 33
#: million moves took 1.1 GB), so 4 million moves is about 120 MB and a few seconds. The
#: implicit tables were faster at every size measured (``benchmarks/
#: bench_conflict_implicit.py``: 16x at half a million moves), but below this size listing
#: is cheap, and explanations, status quo paths and coalitions, which walk moves state by
#: state, then use the arrays they would otherwise list on demand.
IMPLICIT_ABOVE = 1 << 22
#: Bytes per listed move at the peak of a listed analysis (measured 22 to 33; rounded up).
BYTES_PER_MOVE = 32
#: Dense [2^m] int64 arrays an implicit analysis holds at its peak: two per DM (its ranks
#: and its best reachable rank) and about ten shared (codes' states, closures, marks).
DENSE_PER_DM, DENSE_SHARED = 2, 10
#: Chunk temporaries of an implicit analysis: about six int64 arrays over one chunk of
#: enumerated (source, pattern) entries or SIM rows, at most 2^23 entries.
TEMPORARY_BYTES, TEMPORARY_ENTRIES = 48, 1 << 23


def option_moves(conflict: Conflict, masks: np.ndarray) -> OptionMoves:
    """The conflict's moves as bit masks over the feasible codes ``masks``."""
    bits = option_bits(conflict)
    own = [sum(1 << bits[o.id] for o in dm.options) for dm in conflict.decision_makers]
    forward = _bitmask(conflict, bits, Irreversible.forward)
    backward = _bitmask(conflict, bits, Irreversible.backward)
    return OptionMoves(len(bits), masks, own, forward, backward)


def memory_estimate(implicit: OptionMoves, n_moves: int) -> dict[str, int]:
    """Estimated peak bytes of an analysis with listed and with implicit moves."""
    dense = (1 << implicit.n_options) * 8
    d = len(implicit.own)
    return {
        "listed": n_moves * BYTES_PER_MOVE + dense * 2,
        "implicit": dense * (DENSE_PER_DM * d + DENSE_SHARED)
        + TEMPORARY_BYTES * min(n_moves + implicit.n_states, TEMPORARY_ENTRIES),
    }


def conflict_graph(
    conflict: Conflict, moves: str = "auto", *, memory: int | None = None
) -> ConflictGraph:
    """The conflict as a graph for the stability engine; state s is ``feasible_masks()[s]``.

    ``moves``: ``"listed"`` lists every move (CSR arrays), ``"implicit"`` keeps them as bit
    masks (:mod:`accord.conflict.implicit`), ``"auto"`` (default) lists them up to
    :data:`IMPLICIT_ABOVE` moves in all. The stability tables are the same either way.
    A conflict whose estimated peak memory exceeds ``memory`` (default: what the machine
    has available now) is refused before any work, with the estimate and what would fit.
    """
    if moves not in MOVE_MODES:
        raise ValueError(f"unknown moves {moves!r}; choose from {', '.join(MOVE_MODES)}")
    masks = feasible_masks(conflict)
    if len(masks) == 0:
        raise ValueError(f"conflict '{conflict.id}': every state is infeasible")
    implicit = option_moves(conflict, masks)
    n_moves = int(move_counts(implicit).sum())
    listed = moves == "listed" or (moves == "auto" and n_moves <= IMPLICIT_ABOVE)
    need = memory_estimate(implicit, n_moves)
    _refuse_if_too_big(conflict, implicit, n_moves, need, listed, memory)
    if listed:
        csr = listed_moves(masks, list(implicit.own), implicit.forward, implicit.backward)
    return ConflictGraph(
        dms=tuple(dm.id for dm in conflict.decision_makers),
        n_states=len(masks),
        indptr=tuple(p for p, _ in csr) if listed else (),
        targets=tuple(t for _, t in csr) if listed else (),
        rank=ranks(conflict, masks),
        labels=tuple(state_label(conflict, m) for m in masks),
        options=masks,
        implicit=None if listed else implicit,
    )


def _refuse_if_too_big(
    conflict: Conflict,
    implicit: OptionMoves,
    n_moves: int,
    need: dict[str, int],
    listed: bool,
    memory: int | None,
) -> None:
    have = available_memory() if memory is None else memory
    mode = "listed" if listed else "implicit"
    if need[mode] <= have:
        return
    gb = 1 << 30
    sizes = ", ".join(f"{dm.id} {len(dm.options)}" for dm in conflict.decision_makers)
    if listed and need["implicit"] <= have:
        fix = "use implicit moves (--moves implicit or auto), which fit"
    else:
        fix = (
            "fewer options (each one less halves the states), more infeasibility "
            "conditions, or a coalition of decision makers modelled as one"
        )
    message = (
        f"too large to analyse here: {len(implicit.codes):,} feasible states of "
        f"{1 << implicit.n_options:,} codes, {n_moves:,} unilateral moves "
        f"(options per decision maker: {sizes}); {mode} moves need about "
        f"{need[mode] / gb:.1f} GB, {have / gb:.1f} GB is available. To fit: {fix}"
    )
    raise ScenarioError(f"conflict '{conflict.id}'", [Problem(("decision_makers",), message)])
