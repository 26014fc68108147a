"""R, GMR, SMR, SEQ and SIM over implicit moves (:mod:`accord.conflict.implicit`): the same
tables as the listed engine, computed from bit masks over state codes, with no move stored.

**What makes it exact.** In option form a DM's moves are transitive (two moves of j in a
row reach nothing one move cannot, or return to the start), and so are its improvements
(each step raises j's rank). Merging a run of one DM's moves therefore turns any sequence
of opponent moves into a legal one (no DM twice in a row) with the same end, or into no
move at all. So the states the opponents H reach from s1 by legal sequences, with s1 added,
are the closure of s1 under H's moves, and adding s1 never changes a verdict: s1 is an
improvement of i, ``rank[i, s1] > rank[i, s]``, so it never deters (for SMR its value is
higher still). The closures are least fixpoints over dense arrays of the 2^m codes.

- **R**: i has an improvement from x iff ``max rank_i`` over i's cone of x exceeds
  ``rank_i[x]`` (the cone holds x itself, which never exceeds itself): one zeta transform.
- **GMR / SMR**: ``M = min value`` over the closure under the opponents' moves, by
  repeating ``M = min(M, cone-min_j(M))`` for each opponent j until nothing falls (one
  round with a single opponent). The value is ``rank_i`` (GMR) or ``cone-max_i(rank_i)``
  (SMR: i's best escape from the sanction). x is stable iff no improvement y has
  ``M[y] > rank_i[x]``; as "improvement" is ``rank_i[y] > rank_i[x]``, that is iff
  ``cone-max_i(min(rank_i, M))[x] <= rank_i[x]``: a threshold test made unconditional.
- **SEQ**: the same with the opponents' improvements only. An improvement depends on the
  source's rank, so the closure's steps either sweep every code at once, one broadcast per
  target setting of the mover's options (when they are consecutive bits, as in files), or
  enumerate the mover's 2^k settings per chunk of codes; after the first pass only codes
  whose cone holds a changed code are revisited (a worklist marked by a cone transform).
- **SIM**: improvements of i deterred by one opponent's single improvement are found with
  no response listed (:meth:`ImplicitStability.single_deterred`: running minima along the
  opponent's preference order). The rest are combined, per chunk of states, with pairs of
  opponents and then every group, as in :mod:`.simultaneous` (the combined state takes
  each mover's own bits), an improvement leaving as soon as a response deters it.

Memory is a few dense [2^m] arrays plus one chunk's temporaries; time is O(2^m x options)
per zeta transform and O(states x 2^k) per enumeration pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.implicit import (
    OptionMoves,
    allowed,
    block,
    by_pattern,
    chunk_rows,
    cone_reduce,
    cone_targets,
)
from accord.conflict.stability.moves import BOTTOM, TOP
from accord.conflict.stability.simultaneous import SIM_CHUNK, SimResponses

#: Most (code, pattern of i) pairs held as one boolean array by SIM's single-response check.
DENSE_PAIRS = 1 << 28
#: Most running-minimum entries SIM's single-response check computes per opponent.
PREFIX_BUDGET = 1 << 32
#: Running-minimum entries computed at once (32 MB of int64).
PREFIX_CHUNK = 1 << 22


class ImplicitStability:
    """The dense arrays one analysis shares across DMs and concepts."""

    def __init__(self, graph: ConflictGraph) -> None:
        assert graph.implicit is not None
        self.graph = graph
        self.moves: OptionMoves = graph.implicit
        self.d = graph.n_dms
        self._rank_low: dict[int, np.ndarray] = {}
        self._best: dict[int, np.ndarray] = {}

    def rank_low(self, i: int) -> np.ndarray:
        """Dense rank of DM i, BOTTOM at infeasible codes."""
        if i not in self._rank_low:
            self._rank_low[i] = self.moves.dense(self.graph.rank[i], BOTTOM)
        return self._rank_low[i]

    def best(self, i: int) -> np.ndarray:
        """Dense max of rank_i over i's cone of each code (itself included)."""
        if i not in self._best:
            self._best[i] = cone_reduce(self.moves, i, self.rank_low(i), np.maximum)
        return self._best[i]

    def opponents(self, i: int) -> list[int]:
        return [j for j in range(self.d) if j != i]

    # --- the concepts, each [N] bool for DM i ------------------------------------------
    def r_stable(self, i: int) -> np.ndarray:
        codes = self.moves.codes
        return np.asarray(self.best(i)[codes] <= self.graph.rank[i])

    def deterred(self, i: int, closure: np.ndarray) -> np.ndarray:
        """Stable for i: no improvement y with ``closure[y] > rank_i[x]`` (see the module)."""
        worst = np.where(self.moves.feasible, np.minimum(self.rank_low(i), closure), BOTTOM)
        worst = cone_reduce(self.moves, i, worst, np.maximum)
        return np.asarray(worst[self.moves.codes] <= self.graph.rank[i])

    def gmr_stable(self, i: int) -> np.ndarray:
        values = self.moves.dense(self.graph.rank[i], TOP)
        return self.deterred(i, self.closure_moves(values, self.opponents(i)))

    def smr_stable(self, i: int) -> np.ndarray:
        values = np.where(self.moves.feasible, self.best(i), TOP)
        return self.deterred(i, self.closure_moves(values, self.opponents(i)))

    def seq_stable(self, i: int) -> np.ndarray:
        values = self.moves.dense(self.graph.rank[i], TOP)
        return self.deterred(i, self.closure_improvements(values, self.opponents(i)))

    # --- closures ---------------------------------------------------------------------
    def closure_moves(self, values: np.ndarray, movers: list[int]) -> np.ndarray:
        """Dense min of ``values`` (TOP at infeasible codes) over each code's closure under
        the ``movers``' moves, itself included."""
        m = values.copy()
        feasible = self.moves.feasible
        stale = set(movers)  # movers whose cone-min may still lower m
        while stale:
            for j in movers:
                if j not in stale:
                    continue
                new = cone_reduce(self.moves, j, m, np.minimum)
                new[~feasible] = TOP  # an infeasible code is no state to pass through
                stale.discard(j)
                if (new < m).any():
                    # j's moves are transitive: only the others may lower it further
                    stale.update(k for k in movers if k != j)
                m = new
        return m

    def closure_improvements(self, values: np.ndarray, movers: list[int]) -> np.ndarray:
        """Dense min of ``values`` over each code's closure under the ``movers``'
        improvements (each mover's own rank rises), itself included."""
        moves = self.moves
        m = values.copy()
        # pending[j]: codes whose improvement targets under j may have fallen
        pending = {j: moves.feasible.copy() for j in movers}
        while any(p.any() for p in pending.values()):
            for j in movers:
                todo = np.flatnonzero(pending[j])
                pending[j][:] = False
                if not len(todo):
                    continue
                if len(todo) * 8 > moves.n_states and block(moves, j) is not None:
                    changed = self.improve_sweep(m, j)
                else:
                    changed = self.improve_step(m, j, todo)
                if len(changed) == 0:
                    continue
                mark = np.zeros(len(m), dtype=np.int64)
                mark[changed] = 1
                for k in movers:
                    if k == j and len(movers) > 1:
                        continue  # j's improvements are transitive: j already saw these
                    if len(movers) == 1:
                        break  # one mover: a single pass is the closure
                    reach = cone_reduce(moves, k, mark, np.maximum)
                    pending[k] |= (reach > 0) & moves.feasible
        return m

    def improve_step(self, m: np.ndarray, j: int, todo: np.ndarray) -> np.ndarray:
        """Lower ``m`` at the codes ``todo`` to the min over their improvements under j;
        returns the codes lowered. Values are read before any is written (one Jacobi step)."""
        rank_j = self.rank_low(j)
        step = chunk_rows(self.moves, j)
        lowered, new_values = [], []
        for start in range(0, len(todo), step):
            src = todo[start : start + step]
            target, ok = cone_targets(self.moves, j, src)
            ok &= rank_j[target] > rank_j[src][:, None]
            best = np.where(ok, m[target], TOP).min(axis=1)
            lower = best < m[src]
            lowered.append(src[lower])
            new_values.append(best[lower])
        changed = np.concatenate(lowered) if lowered else np.empty(0, dtype=np.int64)
        if len(changed):
            m[changed] = np.concatenate(new_values)
        return changed

    def improve_sweep(self, m: np.ndarray, j: int) -> np.ndarray:
        """:meth:`improve_step` at every code at once, for a DM whose options are
        consecutive bits: one pass per target pattern q of j, each a broadcast over all codes
        (no gather), taking ``m`` at q where j prefers q and may move there."""
        rank = by_pattern(self.moves, j, self.rank_low(j))
        values = by_pattern(self.moves, j, m)
        may = allowed(self.moves, j)
        best = np.full(values.shape, TOP, dtype=np.int64)
        for q in range(rank.shape[1]):
            take = (rank[:, q : q + 1, :] > rank) & may[:, q][None, :, None]
            np.minimum(best, np.where(take, values[:, q : q + 1, :], TOP), out=best)
        flat = best.reshape(-1)
        changed = np.flatnonzero(flat < m)
        m[changed] = flat[changed]
        return changed

    # --- SIM --------------------------------------------------------------------------
    def improvements(self, j: int, src: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """j's improvements from the codes ``src`` as (row into src, index of j's pattern,
        target code), in row order."""
        rank_j = self.rank_low(j)
        target, ok = cone_targets(self.moves, j, src)
        ok &= rank_j[target] > rank_j[src][:, None]
        row, col = np.nonzero(ok)
        return row, col, target[row, col]

    def sim_stable(self, i: int, responses: SimResponses) -> np.ndarray:
        """SIM for DM i. Improvements deterred by one opponent's single improvement are
        found first without listing responses (:meth:`single_deterred`); the rest become
        rows (improvement of i, combined code so far), extended one opponent at a time as
        in :func:`.simultaneous.sim_stable`."""
        moves = self.moves
        rank_i = self.rank_low(i)
        opp = self.opponents(i)
        single, covered = self.single_deterred(i, opp)
        # With every opponent checked alone, one-opponent responses are all checked, and
        # so are joint ones when there is one opponent.
        finished = covered and (len(opp) == 1 or responses == "one-opponent")
        stable = np.ones(moves.n_states, dtype=bool)
        widest = max(moves.own[j].bit_count() for j in range(self.d))
        step = max(1, (SIM_CHUNK >> 2) >> widest)
        for start in range(0, moves.n_states, step):
            src = moves.codes[start : start + step]
            imp_row, imp_col, imp_code = self.improvements(i, src)
            if single is not None:
                left = ~single[src[imp_row], imp_col]
                imp_row, imp_code = imp_row[left], imp_code[left]
            if not len(imp_row):
                continue
            if finished:
                stable[start + imp_row] = False
                continue
            # only the states with improvements left need the opponents' improvements
            used, imp_row = np.unique(imp_row, return_inverse=True)
            deterred = self.sim_deterred(
                i,
                src[used],
                imp_row.reshape(-1),
                imp_code,
                opp,
                rank_i,
                responses,
                single is not None and covered,
            )
            stable[start + used[imp_row.reshape(-1)[~deterred]]] = False
        return stable

    def single_deterred(self, i: int, opp: list[int]) -> tuple[np.ndarray | None, bool]:
        """[2^m, 2^k_i] whether i's move from code x to its pattern p is deterred by some
        single improvement of one opponent made at the same time; and whether every
        opponent was checked (one whose irreversible options make it too costly is not).

        Per opponent j and context G (a code with j's bits cleared), j's improvements from
        x = G | a are the patterns q it may reach from a whose rank for j beats x's. Sorted
        by j's rank, those are a prefix of the patterns allowed from a (the same for every
        a with the same irreversible bits), so the best response for i's pattern p is a
        running minimum along that order, read at the prefix's length: no response listed.
        """
        moves = self.moves
        size = 1 << moves.n_options
        pat_i = moves.patterns(i)
        if size * len(pat_i) > DENSE_PAIRS:
            return None, False
        out = np.zeros((size, len(pat_i)), dtype=bool)
        covered = True
        rank_i_top = moves.dense(self.graph.rank[i], TOP)
        rank_i_low = self.rank_low(i)
        codes = np.arange(size, dtype=np.int64)
        for j in opp:
            own = moves.own[j]
            pat_j = moves.patterns(j)
            irr = own & (moves.forward | moves.backward)
            if (1 << irr.bit_count()) * size * len(pat_i) > PREFIX_BUDGET:
                covered = False
                continue
            may = allowed(moves, j)
            classes, class_of = np.unique(pat_j & irr, return_inverse=True)
            contexts = codes[(codes & own) == 0]
            # j's ranks as dense levels 0..L-1 (-1 at infeasible codes): the same order, and
            # small enough to offset each row's keys for one batched binary search
            _, level = np.unique(self.graph.rank[j], return_inverse=True)
            rank_j = moves.dense(level.reshape(-1), -1)
            span = int(level.max(initial=0)) + 2
            step = max(1, PREFIX_CHUNK // (len(pat_i) * len(pat_j)))
            for start in range(0, len(contexts), step):
                ctx = contexts[start : start + step]
                here = ctx[:, None] | pat_j[None, :]  # the codes x of these contexts
                r_j, r_i = rank_j[here], rank_i_low[here]
                base = (ctx & ~moves.own[i])[:, None, None] | pat_i[None, :, None]
                for c in range(len(classes)):
                    members = np.flatnonzero(class_of == c)
                    reach = may[members[0]]
                    key = np.where(reach[None, :], r_j, -1)
                    order = np.argsort(key, axis=1)  # j's worst first
                    # j's best first; the patterns it may not reach (key -1) sort last and
                    # no prefix gets to them, so they are left out
                    reply = pat_j[order[:, ::-1][:, : int(reach.sum())]]
                    best = np.minimum.accumulate(rank_i_top[base | reply[:, None, :]], axis=2)
                    # how many of j's allowed patterns beat x, for each x of this class
                    shift = (np.arange(len(ctx), dtype=np.int64) * span)[:, None]
                    ascending = (np.take_along_axis(key, order, axis=1) + 1 + shift).reshape(-1)
                    below = np.searchsorted(ascending, r_j[:, members] + 1 + shift, side="right")
                    t = len(pat_j) - (below - shift // span * len(pat_j))
                    seen = np.take_along_axis(best, np.maximum(t - 1, 0)[:, None, :], axis=2)
                    det = (t[:, None, :] > 0) & (seen <= r_i[:, None, members])
                    at = here[:, members]
                    out[at] |= det.transpose(0, 2, 1)
        return out, covered

    def sim_deterred(
        self,
        i: int,
        src: np.ndarray,
        imp_row: np.ndarray,
        imp_code: np.ndarray,
        opp: list[int],
        rank_i: np.ndarray,
        responses: SimResponses,
        singles_done: bool = False,
    ) -> np.ndarray:
        """Which of i's improvements (from ``src[imp_row]`` to ``imp_code``) some response
        deters; improvements taken in blocks bounded by their number of responses.
        ``singles_done``: no single opponent's response deters any of them (checked)."""
        moves = self.moves
        lists = []
        counts = []
        for j in opp:
            row, _, code = self.improvements(j, src)
            ptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=len(src)))])
            lists.append((ptr, code))
            counts.append(np.diff(ptr))
        if responses == "one-opponent":
            bound = np.max(counts, axis=0) if counts else np.zeros(len(src), dtype=np.int64)
        else:
            bound = np.prod([c + 1 for c in counts], axis=0, dtype=np.int64)
        cum = np.cumsum(bound[imp_row])
        deterred = np.zeros(len(imp_row), dtype=bool)
        # One gather per row instead of three: TOP at infeasible codes never deters.
        rank_top = np.where(moves.feasible, rank_i, TOP)
        bar = rank_i[src[imp_row]]  # each improvement's source rank for i

        def extend(edge: np.ndarray, code: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
            """Each row once per improvement of opponent ``opp[n]`` from the row's source."""
            ptr, tgt = lists[n]
            at = imp_row[edge]
            n_resp = ptr[at + 1] - ptr[at]
            row = np.repeat(np.arange(len(edge)), n_resp)
            first = np.repeat(ptr[at] - (np.cumsum(n_resp) - n_resp), n_resp)
            own = moves.own[opp[n]]
            return edge[row], (code[row] & ~own) | (tgt[first + np.arange(len(row))] & own)

        # With singles checked and three or more opponents, pairs come next: most
        # improvements a group deters, a pair deters, and a pair's rows are far fewer than
        # the product's, which then covers only the improvements left.
        pairs = singles_done and responses == "joint" and len(opp) >= 3
        lo = 0
        while lo < len(imp_row):
            base = cum[lo - 1] if lo else 0
            hi = max(lo + 1, int(np.searchsorted(cum, base + SIM_CHUNK, side="right")))
            edge = np.arange(lo, hi)
            code = imp_code[edge]
            for a, b in itertools.combinations(range(len(opp)), 2) if pairs else ():
                if not len(edge):
                    break
                one_edge, one_code = extend(edge, code, a)
                two_edge, two_code = extend(one_edge, one_code, b)
                deterred[two_edge[rank_top[two_code] <= bar[two_edge]]] = True
                alive = ~deterred[edge]
                edge, code = edge[alive], code[alive]
            for n in range(len(opp)):
                if not len(edge):
                    break
                new_edge, new_code = extend(edge, code, n)
                # The first opponent's rows are single responses, already checked.
                if not (singles_done and n == 0):
                    ok = rank_top[new_code] <= bar[new_edge]
                    deterred[new_edge[ok]] = True
                if n == len(opp) - 1:
                    break  # the last opponent's rows are not extended
                if responses == "joint":
                    edge = np.concatenate([edge, new_edge])
                    code = np.concatenate([code, new_code])
                alive = ~deterred[edge]
                edge, code = edge[alive], code[alive]
            lo = hi
        return deterred


def implicit_tables(
    graph: ConflictGraph, keys: Iterable[str], responses: SimResponses
) -> dict[str, np.ndarray]:
    """Per concept key (of :data:`.concepts.CONCEPTS`), the [D, N] stability table over
    implicit moves; identical to the listed engine's."""
    engine = ImplicitStability(graph)
    tests = {
        "R": engine.r_stable,
        "GMR": engine.gmr_stable,
        "SMR": engine.smr_stable,
        "SEQ": engine.seq_stable,
        "SIM": lambda i: engine.sim_stable(i, responses),
    }
    tables: dict[str, np.ndarray] = {}
    for key in keys:
        table = np.ones((graph.n_dms, graph.n_states), dtype=bool)
        for i in range(graph.n_dms):
            if key == "SEQ+SIM":
                seq = tables["SEQ"][i] if "SEQ" in tables else engine.seq_stable(i)
                sim = tables["SIM"][i] if "SIM" in tables else engine.sim_stable(i, responses)
                table[i] = seq & sim
            else:
                table[i] = tests[key](i)
        tables[key] = table
    return tables
