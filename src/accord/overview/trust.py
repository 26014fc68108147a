"""A phased draft in words: each party's value when commitments may break, and the beliefs
it rests on.

The numbers are :class:`accord.analysis.sequencing.Sequenced` (the overview's
``sequences``); here they become sentences a minister's adviser reads. Each sentence that
rests on a belief recorded as the analyst's judgement (a belief with a ``judgement`` note)
says so, with the belief's range; a commitment a party holds no belief about is assumed
kept (the engine's rule), and the sentence says that too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from accord.analysis.courses import compile_draft, read_trust
from accord.analysis.sequencing import Driver, Sequenced
from accord.model import Scenario
from accord.model.sequencing import Belief
from accord.overview.words import fmt_range, join, name

#: Values closer than this read as equal, and a gain smaller than this is no gain: the
#: beliefs behind these values are judgements with wide ranges, so a hundredth of a party's
#: scale is within their noise.
SAME = 0.01

#: The sequencing model in one sentence (the engine's full list:
#: ``accord.analysis.sequencing.ASSUMPTIONS``).
SEQUENCING_WORDS = (
    "each committed point is kept or broken independently, with the chance the evaluating "
    "party's beliefs give it (a party is sure of its own); a breach halts every later phase, "
    "and what was carried out before it stays done unless it can be undone; one shot, no "
    "renegotiation after a breach"
)

#: Columns of :func:`value_rows`.
VALUE_COLUMNS = (
    "party",
    "if every commitment is kept",
    "expected, given its beliefs",
    "worst case",
    "BATNA",
    "expected gain",
    "chance all is kept",
)


def signed(x: float) -> str:
    """``+0.08``; ``unknown`` for NaN."""
    return "unknown" if math.isnan(x) else f"{x:+.2f}"


def plain(x: float) -> str:
    """``0.35``; ``unknown`` for NaN."""
    return "unknown" if math.isnan(x) else f"{x:.2f}"


def span(lo: float, hi: float) -> str:
    """A value or a range (:func:`accord.overview.words.fmt_range`); ``unknown`` for NaN."""
    return "unknown" if math.isnan(lo) or math.isnan(hi) else fmt_range(lo, hi)


def chance_text(p: float) -> str:
    """A probability as a percentage, with a decimal below 1% so that a small chance never
    reads as none: ``56%``, ``0.4%``, ``0%``."""
    if math.isnan(p):
        return "unknown"
    return f"{p:.1%}" if 0 < p < 0.0095 else f"{p:.0%}"


def order_words(order: Sequence[str]) -> str:
    """Phase ids in order: ``ceasefire → pullback → relief``."""
    return " → ".join(order) or "one step at signature"


def possessive(s: Scenario, actor: str) -> str:
    """``East's``, ``United States'``: an actor's name as an owner."""
    who = name(s, actor)
    return f"{who}'" if who.endswith("s") else f"{who}'s"


def commitment_words(s: Scenario, by: str, kind: str) -> str:
    """``East keeps its ceasefire commitment``."""
    return f"{name(s, by)} keeps its {kind.replace('-', ' ')} commitment"


def chance_words(b: Belief) -> str:
    """A belief's probability and range: ``0.60, range 0.40-0.80`` or ``0.70, no range
    given``."""
    u = b.uncertainty
    if u is not None and not isinstance(u.low, str) and not isinstance(u.high, str):
        return f"{b.probability:.2f}, range {float(u.low):.2f}–{float(u.high):.2f}"
    return f"{b.probability:.2f}, no range given"


def belief_words(s: Scenario, b: Belief, holder: bool = False) -> str:
    """``East's reliability on the ceasefire (0.60, range 0.40-0.80)``; with ``holder``, whose
    belief it is: ``West's trust in East's ceasefire (...)``, ``everyone's trust in ...`` for
    a shared belief."""
    what = b.kind.replace("-", " ")
    if holder:
        whose = "everyone's" if b.holder is None else possessive(s, b.holder)
        return f"{whose} trust in {possessive(s, b.about)} {what} ({chance_words(b)})"
    return f"{possessive(s, b.about)} reliability on the {what} ({chance_words(b)})"


def with_basis(text: str, basis: str) -> str:
    """A sentence and what it rests on, after a dash."""
    return f"{text} — {basis}" if basis else text


# --- what a value rests on -----------------------------------------------------------------
@dataclass(frozen=True)
class Basis:
    """The beliefs one party's values of one draft rest on, and what it assumes kept."""

    judged: tuple[Belief, ...]  # beliefs recorded as the analyst's judgement
    sourced: tuple[Belief, ...]
    #: (holder, by, kind) of others' commitments the holder has no belief about
    assumed: tuple[tuple[str, str, str], ...]

    def text(self, s: Scenario, most: int = 3, holders: bool = False) -> str:
        """``on the analyst's judgement of East's reliability on the ceasefire (0.60, range
        0.40-0.80)``, ``assuming ... (no belief recorded)``; empty when the values rest on
        sourced beliefs only. ``holders``: name who assumes (for several parties' bases)."""
        parts = []
        if self.judged:
            items = [belief_words(s, b, holders) for b in self.judged[:most]]
            if len(self.judged) > most:
                items.append(f"{len(self.judged) - most} more")
            parts.append("on the analyst's judgement of " + join(items))
        if self.assumed:
            kept = [
                (f"{name(s, holder)} assuming " if holders else "") + commitment_words(s, by, kind)
                for holder, by, kind in self.assumed[:most]
            ]
            if len(self.assumed) > most:
                kept.append(f"{len(self.assumed) - most} more")
            head = "with " if holders else "assuming "
            parts.append(head + join(kept) + " (no belief recorded)")
        return ", and ".join(parts)


def bases(s: Scenario, proposal: str, actors: Sequence[str]) -> dict[str, Basis]:
    """Per actor, the beliefs its values of draft ``proposal`` rest on, read by the engine's
    own rule (:func:`accord.analysis.courses.read_trust`: its own belief, else a shared one,
    else assumed kept), so the words name exactly the beliefs the numbers used."""
    draft = compile_draft(s, s.proposal(proposal))
    trust = read_trust(s, draft, list(actors))
    out = {}
    for a, actor in enumerate(actors):
        used: dict[int, None] = {}
        assumed: dict[tuple[str, str, str], None] = {}
        for c, com in enumerate(draft.committed):
            for who, index in ((com.by, trust.by_belief[a, c]),
                               (com.guarantor, trust.guarantor_belief[a, c])):  # fmt: skip
                if who is None or who == actor:
                    continue
                if index >= 0:
                    used[int(index)] = None
                else:
                    assumed[(actor, who, com.kind)] = None
        beliefs = [s.beliefs[i] for i in used]
        out[actor] = Basis(
            judged=tuple(b for b in beliefs if b.judgement),
            sourced=tuple(b for b in beliefs if not b.judgement),
            assumed=tuple(assumed),
        )
    return out


def merged(known: dict[str, Basis], actors: Sequence[str]) -> Basis:
    """The bases of several actors as one, each belief and each assumption once."""
    judged: dict[int, Belief] = {}
    sourced: dict[int, Belief] = {}
    assumed: dict[tuple[str, str, str], None] = {}
    for a in actors:
        if a in known:
            judged |= {id(b): b for b in known[a].judged}
            sourced |= {id(b): b for b in known[a].sourced}
            assumed |= dict.fromkeys(known[a].assumed)
    return Basis(tuple(judged.values()), tuple(sourced.values()), tuple(assumed))


# --- each phased draft -----------------------------------------------------------------------
def shown(seq: Sequenced) -> list[int]:
    """Rows of the parties (every actor when none has the role party)."""
    return [seq.actors.index(a) for a in seq.parties] or list(range(len(seq.actors)))


def value_sentence(s: Scenario, seq: Sequenced, actor: str, basis: Basis | None = None) -> str:
    """One party's value of a phased draft if every commitment is kept, its expected value
    given its beliefs, its worst case, and whether the expected value still beats its BATNA."""
    a = seq.actors.index(actor)
    text = (
        f"{name(s, actor)}: {span(seq.kept_low[a], seq.kept_high[a])} if every commitment is "
        f"kept, {span(seq.expected_low[a], seq.expected_high[a])} expected given its beliefs "
        f"(worst case {plain(seq.worst[a])})"
    )
    b, gain = seq.batna[a], seq.gain[a]
    if math.isnan(b):
        text += "; its BATNA is unknown, so whether the draft beats it is unknown"
    elif math.isnan(gain):
        text += f"; against its BATNA {b:.2f} the expected value is unknown"
    elif seq.kept_low[a] < b - SAME:
        text += f"; below its BATNA {b:.2f} even if every commitment is kept ({signed(gain)})"
    elif gain >= -SAME:
        text += f"; the expected value still beats its BATNA {b:.2f} ({signed(gain)})"
    else:
        text += (
            f"; the expected value falls below its BATNA {b:.2f} ({signed(gain)}): the risk "
            "of a breach takes the gain away"
        )
    return with_basis(text, "" if basis is None else basis.text(s)) + "."


@dataclass(frozen=True)
class TopDriver:
    """The commitment whose credibility matters most to one party, and the belief behind it."""

    actor: str
    rise: float  # how much its expected value (low end) would rise were the commitment sure
    driver: Driver
    belief: Belief | None  # the party's belief about it (None: assumed kept)


def top_drivers(s: Scenario, seq: Sequenced, known: dict[str, Basis]) -> list[TopDriver]:
    """Per party, its largest driver when it moves its value by 0.01 or more, largest first."""
    found = []
    for a in shown(seq):
        actor = seq.actors[a]
        rises = [(d.rise_low[actor], d) for d in seq.drivers if not math.isnan(d.rise_low[actor])]
        if not rises:
            continue
        rise, d = max(rises, key=lambda t: t[0])
        if rise < SAME:
            continue
        mine = (*known[actor].judged, *known[actor].sourced)
        belief = next((b for b in mine if b.about == d.by and b.kind == d.kind), None)
        found.append(TopDriver(actor, float(rise), d, belief))
    return sorted(found, key=lambda t: -t.rise)


def driver_sentence(s: Scenario, seq: Sequenced, known: dict[str, Basis] | None = None) -> str:
    """The commitment whose credibility matters most to each party, largest first: "If West
    were sure East keeps its ceasefire commitment (point 2), the draft would be worth +0.18
    more to it — on the analyst's judgement of that chance (0.60, range 0.40-0.80)"."""
    known = known if known is not None else bases(s, seq.proposal, seq.actors)
    tops = top_drivers(s, seq, known)
    if not tops:
        if not seq.drivers:
            return "No point of the draft carries a commitment: its value is the flat score."
        return (
            "No commitment's credibility moves a party's expected value by 0.01 or more: "
            "each party believes (or, without a recorded belief, assumes) the others' "
            "commitments kept."
        )
    said = []
    for k, t in enumerate(tops):
        basis = ""
        if t.belief is not None:
            what = "the analyst's judgement" if t.belief.judgement else "a sourced estimate"
            basis = f"on {what} of that chance ({chance_words(t.belief)})"
        worth = "the draft would be worth " if k == 0 else ""
        who = "it" if k == 0 else name(s, t.actor)
        text = (
            f"If {name(s, t.actor)} were sure {commitment_words(s, t.driver.by, t.driver.kind)} "
            f"({join(list(t.driver.points))}), {worth}{t.rise:+.2f} more to {who}"
        )
        said.append(with_basis(text, basis) + ".")
    return " ".join(said)


def draft_lines(s: Scenario, seq: Sequenced) -> list[str]:
    """A phased draft in words: the order used, each party's values, the top drivers, and
    any party whose own promise it would pay to break."""
    known = bases(s, seq.proposal, seq.actors)
    lines = [f"{seq.title} ({seq.proposal}), in its own order ({order_words(seq.order)}):"]
    lines += [value_sentence(s, seq, seq.actors[a], known[seq.actors[a]]) for a in shown(seq)]
    lines.append(driver_sentence(s, seq, known))
    tempted = temptation_sentence(s, seq)
    if tempted:
        lines.append(tempted)
    return lines


def temptation_sentence(s: Scenario, seq: Sequenced) -> str | None:
    """The party promise that pays its maker most to break once the earlier steps are done,
    when one does (Fearon's commitment problem); None when every party's promise holds."""
    tempted = [t for t in seq.temptations if t.by in seq.parties and t.gain > SAME]
    if not tempted:
        return None
    t = tempted[0]
    what = f"its {t.kind.replace('-', ' ')} commitment ({t.point})"
    more = len(tempted) - 1
    tail = (
        f" ({more} other promise{'s' if more > 1 else ''} of a party would pay too)" if more else ""
    )
    return (
        f"Breaking pays {name(s, t.by)}: once the earlier steps are done, breaking {what} "
        f"is worth {t.broken:.2f} to it against {t.kept:.2f} if everything is kept "
        f"({t.gain:+.2f}), so that promise is not self-enforcing{tail}. The model still takes "
        f"{name(s, t.by)} as sure of its own promises; the other parties' beliefs carry this risk."
    )


def value_rows(s: Scenario, seq: Sequenced) -> list[tuple[str, ...]]:
    """Per party, the cells of :data:`VALUE_COLUMNS`; the chance all is kept is as the party
    sees it."""
    return [
        (
            name(s, seq.actors[a]),
            span(seq.kept_low[a], seq.kept_high[a]),
            span(seq.expected_low[a], seq.expected_high[a]),
            plain(seq.worst[a]),
            plain(seq.batna[a]),
            signed(seq.gain[a]),
            chance_text(seq.chance_kept[a]),
        )
        for a in shown(seq)
    ]
