"""The least fixed point behind GMR, SMR and SEQ: the best sanction over legal sequences.

**How it scales.** No reachability matrix is formed. For GMR the question "is there a
sanction no better than s" only needs ``m(s1) = min rank[i, .] over R_H(s1)``, and then s is
stable iff ``max m(s1) over UI_i(s) <= rank[i, s]``. ``m`` is the least fixpoint of a
relaxation over the states x last-mover layers (the layer records who moved last, which
is how "never twice in a row" is enforced), each step a gather and a
``np.minimum.reduceat`` over CSR segments. SMR is the same with the value of a sanction
state s2 raised to ``max(rank[i, s2], max rank[i, R_i(s2)])`` (s2 deters iff that is
``<= rank[i, s]``), and SEQ the same over improvement edges only. With two DMs there is
no fixpoint (one opponent move); with more, the number of rounds is the longest chain of
successive improvements of a minimum, which is small on option-built conflicts (16 rounds
at 2^20 states) but can reach N on adversarial long alternating chains (a 20,000-state
chain takes about 8 s). Memory is O(D x moves).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.conflict.stability.moves import TOP, Csr, expand, reverse_moves, segment_min

#: The fixpoint sweeps every state while more than 1/DENSE_FRACTION of them changed
#: (0: never sweep, always use the worklist).
DENSE_FRACTION = 64


def reach_min(values: np.ndarray, movers: Sequence[Csr]) -> np.ndarray:
    """For every s1: the min of ``values`` over states reached from s1 by a legal sequence
    (one or more moves, no mover twice in a row) over the ``movers``' adjacencies;
    ``TOP`` where no move exists.

    Two arrays per mover k (the states x last-mover layers): ``g[k][u]``, the min over what
    is reachable from u, u included, when k moved last into u (so the next mover is anyone
    but k), and ``h[k][u]``, the min over what is reached from u when k moves first. They
    satisfy ``h[k][u] = min g[k][R_k(u)]`` and ``g[k][u] = min(values[u], h[k'][u] for
    k' != k)``; starting from ``g = values`` and lowering values until both hold gives the
    least solution, i.e. the min over all legal sequences. Only the states whose inputs
    changed are revisited (a worklist), so long chains cost one small step per round
    instead of a sweep of every state.
    """
    if len(movers) == 1:
        return segment_min(values, movers[0])
    n = len(values)
    layers = range(len(movers))
    reverse = [reverse_moves(csr, n) for csr in movers]
    g = [values.copy() for _ in layers]
    h = [segment_min(values, csr) for csr in movers]
    changed_h = [np.flatnonzero(hk < TOP) for hk in h]
    while any(len(c) for c in changed_h):
        # g[k] can only fall where another mover's h fell. A sweep over every state is
        # much faster per state than a worklist, so sweep while much changes.
        dense = sum(len(c) for c in changed_h) * DENSE_FRACTION > n
        changed_g = []
        for k in layers:
            others = [j for j in layers if j != k]
            if dense:
                new = np.minimum(values, np.minimum.reduce([h[j] for j in others]))
                at = np.flatnonzero(new < g[k])
                g[k] = new
            else:
                at = np.unique(np.concatenate([changed_h[j] for j in others]))
                best = np.minimum.reduce([h[j][at] for j in others])
                lower = best < g[k][at]
                at = at[lower]
                g[k][at] = best[lower]
            changed_g.append(at)
        # h[k] can only fall at the states that move (as k) into a state whose g[k] fell.
        dense = sum(len(c) for c in changed_g) * DENSE_FRACTION > n
        changed_h = []
        for k in layers:
            if dense:
                new = segment_min(g[k], movers[k])
                changed_h.append(np.flatnonzero(new < h[k]))
                h[k] = new
            else:
                v, u = expand(changed_g[k], reverse[k])
                before = h[k][u]
                np.minimum.at(h[k], u, g[k][v])
                changed_h.append(np.unique(u[h[k][u] < before]))
    return np.minimum.reduce(h)
