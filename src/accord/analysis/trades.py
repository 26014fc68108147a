"""Package trades (logrolling): exchanges of concessions across issues that both sides gain by.

The idea is the exchange model's (Stokman & Van den Bos 1992; Stokman & Van Oosten 1994):
two actors who care unequally about two issues can both gain if each yields on the issue it
cares less about, moving that issue toward the other's position, in return for the other's
yielding on the issue it cares more about. Here that rule is applied exactly to the grid of
the outcome space (:mod:`accord.analysis.space`) and to the scenario's own utilities
(:mod:`accord.analysis.utility`), with no voting positions or power weights.

**A trade** between parties p and q, from a package x (one setting per issue), changes the
settings of exactly two issues g and h to other settings of the grid, such that

* p yields on g: p's weighted utility on g does not rise (``du_p(g) <= TOLERANCE``);
* q yields on h: ``du_q(h) <= TOLERANCE``;
* both gain strictly in total: ``du_p(g) + du_p(h) > TOLERANCE`` and likewise for q (so
  each gains on the issue the other yields);
* neither new setting crosses a red line of p or of q, and the new package satisfies the
  scenario's constraints (the space's factors): every group of issues tied by constraints
  that the trade moves must be left in an allowed joint setting, so from a package that
  already breaks a constraint, no trade touches the issues it ties.

p is the *giver* (the first of the pair in the order the parties are given): it ``gives``
issue g at its new setting and ``gets`` issue h at its new setting; q is the *receiver*.
A change on one issue that both gain by, or one where only one side yields, is not a trade.

**The pair search** (:func:`pair_trades`) is exact on the grid: it evaluates every change of
every two issues to every pair of settings at once, as ``[I, K, I, K]`` arrays, keeps the
trades and ranks them by the smaller of the two gains (the larger total gain, then the
issue and setting order, break ties).

**Linked terms** (:mod:`accord.analysis.linkage`): utility is then additive over the space's
factors, not issues, so every change is evaluated with the linked utility exactly. p's
change "on g" is the change of its whole utility when g alone moves (a linked group's row
re-read with g's new setting); the gains of a trade are those of the new package, whose
linked groups are read at their new rows (two issues of one group move together). A
conditional red line of p or q blocks a trade when the new package crosses it on a moved
issue, or newly crosses it on an unmoved one (a condition that no longer holds).

**The sequence** (:func:`trade_sequence`) starts from a reference package and repeatedly
applies the best available trade over all pairs of parties (the largest smaller gain),
until no trade remains or ``max_rounds`` trades were made. A trade in the sequence must also
cost no other party more than ``tolerance`` utility (default 0: nobody outside the trade
loses) and may not newly cross a red line of any party; every party's gain is reported.
Its assumptions, in words: actors are *myopic* (each trade is judged on the gain it brings
now, not on the trades it makes possible later); trades are *pairwise* and change two
issues at a time (a package of more issues arises only as a sequence of such trades);
there are *no side payments* (gains are utility from settings only, and utilities are not
comparable or transferable between actors beyond ranking trades by the smaller gain);
and *order matters*: a greedy sequence may end in a different package from another order,
and need not end on the Pareto frontier. With ``tolerance`` 0 the total utility of the
parties rises with every trade, so the sequence ends on its own on any finite grid.

The reference package is :func:`accord.analysis.reference.reference_package`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.reference import STATUS_QUO, Reference, TradeError, reference_package
from accord.analysis.space import (
    DEFAULT_RESOLUTION,
    JointTerm,
    OutcomeSpace,
    outcome_space,
    parties,
)
from accord.analysis.utility import TOLERANCE, compile_preferences
from accord.model import Scenario
from accord.model.plain import plain_fields, to_plain
from accord.model.problems import suggest

#: Trades a sequence makes at most.
MAX_ROUNDS = 25

ASSUMPTIONS = (
    "myopic: each trade is judged on the gain it brings now, not on later trades",
    "pairwise: two parties trade, each yielding on one issue; larger packages arise only "
    "as a sequence of such trades",
    "no side payments: gains are utility from issue settings only",
    "order matters: the greedy sequence (best smaller gain first) is one path of many and "
    "need not end on the Pareto frontier",
)


@dataclass(frozen=True)
class Trade:
    """One exchange: the giver yields on ``gives``, the receiver on ``gets``.

    ``gives`` and ``gets`` are (issue id, new setting); ``gain`` is every party's change of
    utility, third parties included.
    """

    giver: str
    receiver: str
    gives: tuple[str, object]
    gets: tuple[str, object]
    gain: dict[str, float]

    @property
    def smaller_gain(self) -> float:
        return min(self.gain[self.giver], self.gain[self.receiver])

    def __plain__(self) -> dict[str, Any]:
        """The fields, with ``gives`` and ``gets`` as ``{issue id: new setting}``."""
        return plain_fields(self) | {"gives": dict([self.gives]), "gets": dict([self.gets])}


@dataclass(frozen=True)
class PairTrades:
    """Every trade between two parties from one package, best (largest smaller gain) first."""

    giver: str
    receiver: str
    trades: tuple[Trade, ...]

    def __plain__(self) -> dict[str, Any]:
        """The pair, how many trades it has, and the trades."""
        pair = {"giver": self.giver, "receiver": self.receiver}
        return pair | {"count": len(self.trades), "trades": self.trades}

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """The plain data with the ``top`` best trades shown (None: all); ``count`` counts all."""
        return to_plain(self.__plain__() | {"trades": self.trades[:top]})


@dataclass(frozen=True)
class TradeSequence:
    """A greedy sequence of trades from a reference package, and where it ends.

    ``packages[0]`` is the reference, ``packages[n]`` the package after trade n;
    ``crossings[n]`` names, for each actor with stances (parties or not), the issues on which
    ``packages[n]`` crosses its red line. ``utilities[a]`` is (before, after) for each party.
    ``pairs`` is the pair search from the reference. ``stopped`` says why the sequence ended.
    """

    scenario_id: str
    parties: tuple[str, ...]
    reference: Reference
    tolerance: float
    max_rounds: int
    trades: tuple[Trade, ...]
    packages: tuple[dict[str, object], ...]
    crossings: tuple[dict[str, tuple[str, ...]], ...]
    utilities: dict[str, tuple[float, float]]
    pairs: tuple[PairTrades, ...]
    stopped: str

    @property
    def package(self) -> dict[str, object]:
        return self.packages[-1]

    def __plain__(self) -> dict[str, Any]:
        """The reference package and where each setting came from, each trade with the red
        lines its package crosses, the final package, the parties' utilities before and
        after, every trade of each pair from the reference, the settings and assumptions."""
        return {
            "scenario": self.scenario_id,
            "parties": self.parties,
            "from": self.reference.source,
            "reference": {
                iid: {"setting": value, "origin": self.reference.origin[iid]}
                for iid, value in self.packages[0].items()
            },
            "trades": [
                t.__plain__() | {"crossings": self.crossings[n]}
                for n, t in enumerate(self.trades, 1)
            ],
            "package": self.package,
            "utilities": {
                a: {"before": before, "after": after}
                for a, (before, after) in self.utilities.items()
            },
            "crossings": {"before": self.crossings[0], "after": self.crossings[-1]},
            "pairs": self.pairs,
            "tolerance": self.tolerance,
            "max_rounds": self.max_rounds,
            "stopped": self.stopped,
            "assumptions": ASSUMPTIONS,
        }

    def to_dict(self, top: int = 5) -> dict[str, Any]:
        """The JSON document of ``accord trades --json``; ``top`` trades shown per pair."""
        return to_plain(self.__plain__() | {"pairs": [p.to_dict(top) for p in self.pairs]})


# --- the pair search ------------------------------------------------------------------------
def _changes(space: OutcomeSpace, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each actor's change of weighted utility ``[A, I, K]`` when issue i moves to setting k
    (NaN on padding), and whether that move is possible at all ``[I, K]`` (a real setting,
    not the current one)."""
    n_i, n_k = space.table.shape[1:]
    here = space.table[:, np.arange(n_i), codes]  # [A, I]
    delta = space.table - here[:, :, None]
    movable = ~np.isnan(space.table[0]) & (np.arange(n_k)[None, :] != codes[:, None])
    for joint in space.joints:  # the group's row re-read with issue i at setting k
        base, step = _joint_steps(space, joint, codes)
        delta = delta + joint.extra[:, _row(joint, base + step)] - joint.extra[:, base, None, None]
    return delta, movable


def _joint_steps(
    space: OutcomeSpace, joint: JointTerm, codes: np.ndarray
) -> tuple[int, np.ndarray]:
    """A linked group's current row (row-major over ``joint.shape``) and how moving issue i
    to setting k moves it ``[I, K]`` (0 for issues outside the group)."""
    n_i, n_k = space.table.shape[1:]
    strides = np.cumprod([1, *joint.shape[:0:-1]])[::-1]
    stride = np.zeros(n_i, dtype=np.int64)
    stride[list(joint.issues)] = strides
    base = int(codes[list(joint.issues)] @ strides)
    return base, stride[:, None] * (np.arange(n_k)[None, :] - codes[:, None])


def _row(joint: JointTerm, keys: np.ndarray) -> np.ndarray:
    """Row indices, clipped into range: padding settings (masked out later) may overflow."""
    return np.clip(keys, 0, int(np.prod(joint.shape)) - 1)


def _joint_pairs(
    space: OutcomeSpace, codes: np.ndarray, rows: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """For moves of issue i to k and j to l at once ``[I, K, I, K]``: what the linked groups
    add to each actor's gain beyond the two single moves ``[A, I, K, I, K]`` (0 unless i and
    j share a group), and whether the new package crosses a conditional red line of an actor
    in ``rows`` on a moved issue, or newly on an unmoved one."""
    n_a, n_i, n_k = space.table.shape
    extra = np.zeros((n_a, n_i, n_k, n_i, n_k))
    blocked = np.zeros((n_i, n_k, n_i, n_k), dtype=bool)
    for joint in space.joints:
        base, step = _joint_steps(space, joint, codes)
        one = joint.extra[:, _row(joint, base + step)]  # [A, I, K]
        both = _row(joint, base + step[:, :, None, None] + step[None, None])
        extra += joint.extra[:, both] - one[:, :, :, None, None] - one[:, None, None]
        extra += joint.extra[:, base][:, None, None, None, None]
        new = joint.cross[rows][:, both]  # [R, I, K, I, K, g]
        old = joint.cross[rows][:, base]  # [R, g]
        at = np.asarray(joint.issues)
        moved = (np.arange(n_i)[:, None, None, None, None] == at) | (
            np.arange(n_i)[None, None, :, None, None] == at
        )  # [I, 1, I, 1, g]
        blocked |= (new & (moved[None] | ~old[:, None, None, None, None, :])).any(axis=(0, -1))
    return extra, blocked


def _allowed(space: OutcomeSpace, codes: np.ndarray) -> np.ndarray:
    """``[I, K, I, K]``: whether moving issue i to k and issue j to l keeps every factor's
    joint setting among its allowed rows (the scenario's constraints)."""
    n_i, n_k = space.table.shape[1:]
    ok = np.ones((n_i, n_k, n_i, n_k), dtype=bool)
    for factor in space.factors:
        group = list(factor.issues)
        sizes = [len(space.settings[i]) for i in group]
        if factor.size == int(np.prod(sizes)):
            continue  # nothing removed from this factor
        strides = np.cumprod([1, *sizes[:0:-1]])[::-1]  # mixed radix, last issue fastest
        stride = np.zeros(n_i, dtype=np.int64)
        stride[group] = strides
        inside = stride > 0
        base = int(codes[group] @ strides)
        step = stride[:, None] * (np.arange(n_k)[None, :] - codes[:, None])  # [I, K]
        keys = base + step[:, :, None, None] + step[None, None, :, :]
        touched = inside[:, None, None, None] | inside[None, None, :, None]
        ok &= np.isin(keys, factor.codes @ strides) | ~touched
    return ok


def _candidates(
    space: OutcomeSpace, codes: np.ndarray, p: int, q: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The trades between actors p and q from ``codes`` as masks over ``[I, K, I, K]``
    (issue i to k, issue j to l, i < j): p yields on i (``first``) or on j (``second``),
    and every actor's gain ``[A, I, K, I, K]``."""
    delta, movable = _changes(space, codes)
    n_i = movable.shape[0]
    gain = delta[:, :, :, None, None] + delta[:, None, None, :, :]
    clear = movable & ~space.crosses[p] & ~space.crosses[q]  # [I, K]
    upper = np.triu(np.ones((n_i, n_i), dtype=bool), 1)[:, None, :, None]
    ok = upper & clear[:, :, None, None] & clear[None, None, :, :] & _allowed(space, codes)
    if space.joints:
        extra, blocked = _joint_pairs(space, codes, [p, q])
        gain = gain + extra
        ok &= ~blocked
    ok &= (gain[p] > TOLERANCE) & (gain[q] > TOLERANCE)
    yields_p, yields_q = delta[p] <= TOLERANCE, delta[q] <= TOLERANCE  # [I, K]
    first = ok & yields_p[:, :, None, None] & yields_q[None, None, :, :]
    second = ok & ~first & yields_q[:, :, None, None] & yields_p[None, None, :, :]
    return first, second, gain


def _ranked(
    space: OutcomeSpace,
    p: int,
    q: int,
    first: np.ndarray,
    second: np.ndarray,
    gain: np.ndarray,
    names: tuple[str, ...],
    rows: list[int],
    limit: int | None = None,
) -> tuple[Trade, ...]:
    """The trades of the masks as records, largest smaller gain first (then total gain);
    the first ``limit`` only, if given."""
    i, k, j, l_ = np.nonzero(first | second)
    if i.size == 0:
        return ()
    g = gain[:, i, k, j, l_]  # [A, N]
    smaller = np.minimum(g[p], g[q])
    order = np.lexsort((-(g[p] + g[q]), -smaller))[:limit]  # ties keep enumeration order
    p_first = first[i, k, j, l_]
    out = []
    for n in order:
        a, b = (i[n], k[n]), (j[n], l_[n])
        gives, gets = (a, b) if p_first[n] else (b, a)
        out.append(
            Trade(
                giver=space.actors[p],
                receiver=space.actors[q],
                gives=(space.issues[gives[0]], space.settings[gives[0]][gives[1]]),
                gets=(space.issues[gets[0]], space.settings[gets[0]][gets[1]]),
                gain={names[m]: _snapped(g[r, n]) for m, r in enumerate(rows)},
            )
        )
    return tuple(out)


def _snapped(x: float) -> float:
    """A gain as a float, 0.0 when within :data:`TOLERANCE` of it (rounding noise)."""
    return 0.0 if abs(x) <= TOLERANCE else float(x)


def pair_trades(space: OutcomeSpace, codes: np.ndarray, giver: str, receiver: str) -> PairTrades:
    """Every trade between ``giver`` and ``receiver`` from the package ``codes`` ([I]
    setting indices), best first (module docstring). Gains are given for every actor of
    the space. Exact over the space's grid."""
    p, q = space.actors.index(giver), space.actors.index(receiver)
    first, second, gain = _candidates(space, np.asarray(codes, dtype=np.intp), p, q)
    every = list(range(len(space.actors)))
    ranked = _ranked(space, p, q, first, second, gain, space.actors, every)
    return PairTrades(giver, receiver, ranked)


# --- the sequence ---------------------------------------------------------------------------
def _crossings(space: OutcomeSpace, codes: np.ndarray) -> dict[str, tuple[str, ...]]:
    hit = space.crosses[:, np.arange(len(space.issues)), codes]  # [A, I]
    if space.joints:  # conditional red lines included
        hit = space.crossing_issues(codes[None, :])[:, 0]
    return {
        a: tuple(space.issues[i] for i in np.flatnonzero(hit[n]))
        for n, a in enumerate(space.actors)
        if hit[n].any()
    }


def trade_sequence(
    scenario: Scenario,
    chosen: list[str] | None = None,
    source: str = STATUS_QUO,
    *,
    tolerance: float = 0.0,
    max_rounds: int = MAX_ROUNDS,
    resolution: int | None = None,
) -> TradeSequence:
    """Greedy trades among ``chosen`` parties (default: role party) from ``source``.

    Each round takes, over every pair of parties, the trade with the largest smaller gain
    among those that cost no other party more than ``tolerance`` and newly cross no party's
    red line; it stops when none is left or after ``max_rounds`` trades.
    """
    prefs = compile_preferences(scenario)
    names = tuple(chosen) if chosen is not None else tuple(parties(scenario))
    unknown = [a for a in names if a not in prefs.actors]
    if unknown:
        a = unknown[0]
        raise TradeError(
            f"no actor with stances '{a}' in '{scenario.id}'{suggest(a, prefs.actors)}; "
            f"actors: {', '.join(prefs.actors)}"
        )
    if len(set(names)) < 2:
        raise TradeError("a trade needs at least two different parties")
    if tolerance < 0:
        raise TradeError("the tolerance is a utility a third party may lose: 0 or more")
    space = outcome_space(
        scenario, prefs.actors, resolution=resolution or DEFAULT_RESOLUTION, preferences=prefs
    )
    ref = reference_package(scenario, space, source)
    rows = [space.actors.index(a) for a in names]
    pairs_ = [(rows[x], rows[y]) for x in range(len(rows)) for y in range(x + 1, len(rows))]

    codes = ref.codes.copy()
    first_pairs: list[PairTrades] = []
    trades: list[Trade] = []
    packages = [space.decode(codes)]
    crossings = [_crossings(space, codes)]
    stopped = "no trade left that both sides of a pair gain by"
    for _ in range(max_rounds + 1):
        best: tuple[float, float, Trade] | None = None
        for p, q in pairs_:
            first, second, gain = _candidates(space, codes, p, q)
            if not trades:
                ranked = _ranked(space, p, q, first, second, gain, names, rows)
                first_pairs.append(PairTrades(space.actors[p], space.actors[q], ranked))
            others = [r for r in rows if r not in (p, q)]
            fine = first | second
            if others:
                fine &= (gain[others] >= -tolerance - TOLERANCE).all(axis=0)
            fine &= ~_newly_crossed(space, codes, rows)
            found = _ranked(space, p, q, first & fine, second & fine, gain, names, rows, 1)
            if found:
                t = found[0]
                key = (t.smaller_gain, t.gain[t.giver] + t.gain[t.receiver])
                if (
                    best is None
                    or key[0] > best[0] + TOLERANCE
                    or (abs(key[0] - best[0]) <= TOLERANCE and key[1] > best[1] + TOLERANCE)
                ):
                    best = (key[0], key[1], t)
        if best is None:
            break
        if len(trades) == max_rounds:
            stopped = f"round limit ({max_rounds} trades)"
            break
        t = best[2]
        trades.append(t)
        codes = space.encode({**space.decode(codes), t.gives[0]: t.gives[1], t.gets[0]: t.gets[1]})
        packages.append(space.decode(codes))
        crossings.append(_crossings(space, codes))
    before = space.utilities(ref.codes[None, :])[:, 0]
    after = space.utilities(codes[None, :])[:, 0]
    return TradeSequence(
        scenario_id=scenario.id,
        parties=names,
        reference=ref,
        tolerance=tolerance,
        max_rounds=max_rounds,
        trades=tuple(trades),
        packages=tuple(packages),
        crossings=tuple(crossings),
        utilities={space.actors[r]: (float(before[r]), float(after[r])) for r in rows},
        pairs=tuple(first_pairs),
        stopped=stopped,
    )


def _newly_crossed(space: OutcomeSpace, codes: np.ndarray, rows: list[int]) -> np.ndarray:
    """``[I, K, I, K]``: whether moving i to k and j to l crosses a red line of one of the
    parties ``rows`` that the current setting of that issue does not cross."""
    n_i = len(space.issues)
    now = space.crosses[rows][:, np.arange(n_i), codes]  # [R, I]
    new = (space.crosses[rows] & ~now[:, :, None]).any(axis=0)  # [I, K]
    out = new[:, :, None, None] | new[None, None, :, :]
    for joint in space.joints:  # conditional red lines, on the group's new row
        base, step = _joint_steps(space, joint, codes)
        both = _row(joint, base + step[:, :, None, None] + step[None, None])
        crossed = (
            joint.cross[rows][:, both] & ~joint.cross[rows][:, base][:, None, None, None, None]
        )
        out |= crossed.any(axis=(0, -1))
    return out
