"""R, GMR, SMR and SEQ: stability against opponents who answer one move after another.

- **R** (Nash): ``UI_i(s)`` is empty.
- **GMR**: every s1 in ``UI_i(s)`` has some s2 in ``R_H(s1)`` with ``rank[i, s2] <= rank[i, s]``.
- **SMR**: as GMR, and moreover every s3 in ``R_i(s2)`` has ``rank[i, s3] <= rank[i, s]``
  (i cannot escape the sanction by a counter-move).
- **SEQ**: as GMR with s2 in ``R_H^+(s1)`` (sanctions the opponents want to make anyway).

GMR, SMR and SEQ differ only in the value of a sanction state and in the moves the
opponents may use; all three take the least fixed point of :mod:`.fixpoint`. Each function
answers for one DM i over every state: [N] bool, stable or not.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from accord.conflict.stability.fixpoint import reach_min
from accord.conflict.stability.moves import Csr, MoveLists, segment_max


def _deterred(lists: MoveLists, i: int, sanction_min: np.ndarray) -> np.ndarray:
    """Stable for i: every improvement s1 has ``sanction_min[s1] <= rank[i, s]``."""
    worst = segment_max(sanction_min, lists.ui[i])  # BOTTOM where i has no improvement
    return worst <= lists.graph.rank[i]


def r_stable(lists: MoveLists, i: int) -> np.ndarray:
    """R (Nash): i has no unilateral improvement."""
    return np.diff(lists.ui[i][0]) == 0


def gmr_stable(lists: MoveLists, i: int) -> np.ndarray:
    """GMR: every improvement of i can be answered by some opponent sequence no better for i."""
    others = [lists.moves[j] for j in range(lists.graph.n_dms) if j != i]
    return _deterred(lists, i, reach_min(lists.graph.rank[i], others))


def smr_stable(lists: MoveLists, i: int) -> np.ndarray:
    """SMR: as GMR, with sanctions i cannot escape by a counter-move."""
    rank = lists.graph.rank[i]
    # s2 deters iff rank[i, s2] <= rank[i, s] and so is everything i reaches from s2.
    value = np.maximum(rank, segment_max(rank, lists.moves[i]))
    others = [lists.moves[j] for j in range(lists.graph.n_dms) if j != i]
    return _deterred(lists, i, reach_min(value, others))


def seq_stable(lists: MoveLists, i: int) -> np.ndarray:
    """SEQ: as GMR, with sanctions made of the opponents' own improvements."""
    others = [lists.ui[j] for j in range(lists.graph.n_dms) if j != i]
    return _deterred(lists, i, reach_min(lists.graph.rank[i], others))


def find_sanction(
    s1: int, movers: dict[int, Csr], good: np.ndarray, *, once_each: bool = False
) -> tuple[tuple[int, int], ...] | None:
    """Shortest legal opponent sequence from s1 ending in a state where ``good`` holds.

    Legal: no mover twice in a row, as the definitions above say. With ``once_each``, no
    mover twice at all: the narrower search of gmcr-py (GMCR+), whose sanction search drops
    each opponent once it has moved; used only to say where the two differ.
    """
    # A node is (state, last mover, bitmask of the movers used so far when once_each).
    bit = {k: 1 << n for n, k in enumerate(movers)}
    start = (s1, -1, 0)
    parent: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        state, last, used = node
        for k, (ptr, tgt) in movers.items():
            if k == last or (once_each and used & bit[k]):
                continue
            for t in tgt[ptr[state] : ptr[state + 1]].tolist():
                nxt = (t, k, used | bit[k] if once_each else 0)
                if nxt in seen:
                    continue
                seen.add(nxt)
                parent[nxt] = node
                if good[t]:
                    path = [nxt]
                    while parent[path[-1]] != start:
                        path.append(parent[path[-1]])
                    return tuple((k_, t_) for t_, k_, _ in reversed(path))
                queue.append(nxt)
    return None
