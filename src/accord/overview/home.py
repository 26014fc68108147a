"""Ratification at home in words: each draft's verdict, the win-sets, and how ratification
shrinks the ZOPA.

The numbers are :class:`accord.analysis.ratification.Ratified` and
:class:`accord.analysis.winsets.WinSets` (the overview's ``ratified`` and ``win_sets``).
A ratifier whose stances or threshold are recorded as the analyst's judgement is named so
wherever a sentence rests on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis.ratification import ActorRatification, Ratified, rule_words
from accord.analysis.winsets import WinSets, ZopaKept
from accord.model import Scenario
from accord.overview.trust import possessive
from accord.overview.words import join, name

#: The ratification model in one sentence (the engine's full list:
#: ``accord.analysis.ratification.ASSUMPTIONS``).
RATIFICATION_WORDS = (
    "a ratifier passes a draft when it crosses none of its red lines and its utility "
    "reaches its threshold (with a spread, by chance); ratifiers vote independently; a "
    "party agrees only to what its ratifiers pass under its rule"
)


def known_names(scenario: Scenario) -> dict[str, str]:
    """Actor and ratifier ids -> names."""
    found = {a.id: a.name for a in scenario.actors}
    for entry in scenario.ratification:
        found |= {r.id: r.name for r in entry.ratifiers}
    return found


def judged_ratifiers(s: Scenario, ids: Sequence[str]) -> list[str]:
    """Names of the ratifiers among ``ids`` whose stances or threshold are a judgement."""
    judged = {r.id: r.name for e in s.ratification for r in e.ratifiers if r.judgement}
    return [judged[i] for i in dict.fromkeys(ids) if i in judged]


def _judgement_tail(s: Scenario, ids: Sequence[str]) -> str:
    judged = judged_ratifiers(s, ids)
    return f" — the stances of {join(judged)} are the analyst's judgement" if judged else ""


def home_brief(s: Scenario, ratified: Ratified, proposal: str, mark: str = "") -> str:
    """A draft's ratification at home in a few words, by the actors whose ratifiers decide
    it and the ratifiers that block it: ``blocked in Ukraine by Verkhovna Rada``, ``may be
    blocked in Ukraine by referendum (23%-100%)`` (the chance of ratification), ``ratified
    by all``. ``mark``, when given, stands for the words saying
    which blockers' stances are the analyst's judgement (a footnote of the caller's)."""
    rows = [ratified.row(proposal, a) for a in ratified.actors]
    blocked = [r for r in rows if r.verdict == "not ratified"]
    maybe = [r for r in rows if r.verdict == "may fail"]
    if not blocked and not maybe:
        # ratified at central values; the spreads may still sink it
        unsure = [r for r in rows if r.probability[0] < 0.995]
        if not unsure:
            return "ratified by all"
        chances = join([f"{possessive(s, r.actor)} {_chance(r)}" for r in unsure])
        return f"ratified by all at central values (chance of ratification: {chances})"
    known = known_names(s)

    def by(r: ActorRatification) -> str:  # "on Ukraine's side by Verkhovna Rada and referendum"
        return f"on {possessive(s, r.actor)} side by {join([known.get(b, b) for b in r.blockers])}"

    parts = []
    if blocked:
        parts.append(f"blocked {join([by(r) for r in blocked])}")
    if maybe:
        who = join([f"{by(r)} (chance of ratification {_chance(r)})" for r in maybe])
        parts.append(f"may be blocked {who}" if not blocked else f"may be {who}")
    blockers = [b for r in (*blocked, *maybe) for b in r.blockers]
    if mark:
        return ", ".join(parts) + (mark if judged_ratifiers(s, blockers) else "")
    return ", ".join(parts) + _judgement_tail(s, blockers)


def _chance(r: ActorRatification) -> str:
    lo, hi = r.probability
    return f"{lo:.0%}" if abs(hi - lo) < 0.005 else f"{lo:.0%}–{hi:.0%}"


def _share(x: float) -> str:
    return f"{x:.1%}" if x >= 0.001 or x == 0 else "under 0.1%"


def win_set_sentence(s: Scenario, ws: WinSets) -> str | None:
    """Each ratifying actor's win-set as a share of the outcome space."""
    if ws.empty:
        return None
    parts = []
    for w in ws.win_sets:
        if w.count is not None:
            size = f"{_share(w.share)} ({w.count:,} of {ws.space_size:,})"
        else:
            lo, hi = w.interval
            size = f"about {_share(w.share)} (95% interval {lo:.1%}–{hi:.1%})"
        tail = "" if w.party else ", not a party"
        parts.append(f"{name(s, w.actor)} {size}{tail}")
    text = "Win-sets, the share of outcomes each actor's ratifiers would pass: " + "; ".join(parts)
    return text + _judgement_tail(s, [r for w in ws.win_sets for r in w.ratifiers]) + "."


def _zopa_size(k: ZopaKept) -> str:
    if k.count is not None:
        return f"{k.count:,} outcomes ({_share(k.share)} of the space)"
    if k.share < 0.001:
        return "under 0.1% of the space"
    return f"about {_share(k.share)} of the space"


def _zopa_kept(k: ZopaKept, seed: int | None) -> str:
    """What of a ZOPA every party's ratifiers pass."""
    if k.exists_ratified is False:
        return "nothing that every party's ratifiers pass"
    if k.kept_count is not None:
        return f"{k.kept_count:,} ({(k.kept or 0.0):.0%} of it) that every party's ratifiers pass"
    if k.sampled and k.kept:
        lo, hi = k.kept_interval or (0.0, 1.0)
        return (
            f"about {k.kept:.0%} of it (95% interval {lo:.0%}–{hi:.0%}; {k.sampled:,} ZOPA "
            f"outcomes drawn, seed {seed}) that every party's ratifiers pass"
        )
    if k.sampled:
        return (
            f"none of {k.sampled:,} ZOPA outcomes drawn (seed {seed}) passing every party's "
            "ratifiers (an estimate: a rarer one may exist)"
        )
    return "an unmeasured part (no ZOPA outcome was drawn)"


def zopa_sentence(s: Scenario, ws: WinSets) -> str | None:
    """How ratification shrinks the ZOPA, or the ZOPA "if soft red lines gave"."""
    z, soft = ws.zopa, ws.soft
    if z is None:
        return None
    if z.exists:
        return (
            f"Ratification shrinks the ZOPA from {_zopa_size(z)} to {_zopa_kept(z, ws.seed)}."
            + _cutters(s, z)
        )
    if soft is not None and soft.exists:
        given = join(
            [f"{possessive(s, ln.actor)} on {ws.names.get(ln.issue, ln.issue)}"
             for ln in soft.lines_given]
        )  # fmt: skip
        return (
            f"No ZOPA respects every red line; if soft red lines gave ({given}) it would hold "
            f"{_zopa_size(soft)}, and ratification would leave {_zopa_kept(soft, ws.seed)}."
            + _cutters(s, soft)
        )
    return "No ZOPA respects every red line, so ratification has nothing left to cut."


def _cutters(s: Scenario, k: ZopaKept) -> str:
    """`` What cuts it: the referendum passes none of those outcomes, the Rada 32%.``"""
    if not k.passing or min(k.passing.values()) >= 1.0:
        return ""
    known = known_names(s)
    ranked = sorted(k.passing.items(), key=lambda kv: kv[1])
    said = [
        f"{known.get(r, r)} passes {'none' if p == 0 else 'all' if p == 1 else f'{p:.0%}'}"
        for r, p in ranked
    ]
    return f" What cuts it, ratifier by ratifier, of those outcomes: {join(said)}."


def home_lines(s: Scenario, ratified: Ratified | None, ws: WinSets | None) -> list[str]:
    """How to read a verdict, the win-sets, the ZOPA with and without ratification, and which
    ratifiers' stances are the analyst's judgement: what goes with the table of
    :func:`ratification_rows`."""
    lines = []
    if ratified is not None and not ratified.empty:
        lines.append(
            "A verdict is read at the ratifiers' central values; its chance adds their spreads, "
            "and is a range where the draft leaves settings open."
        )
    if ws is not None:
        lines += [x for x in (win_set_sentence(s, ws), zopa_sentence(s, ws)) if x]
    # the win-set sentence names every judged ratifier of every ratifying actor already
    if ratified is not None and (ws is None or ws.empty):
        judged = judged_ratifiers(s, [b for r in ratified.rows for b in r.blockers])
        if judged:
            lines.append(
                f"The stances and thresholds of {join(judged)}, which block or may block a "
                "draft, are the analyst's judgement."
            )
    return lines


def ratification_columns(s: Scenario, ratified: Ratified) -> tuple[str, ...]:
    """Columns of :func:`ratification_rows`: the draft, then each ratifying actor and its
    rule."""
    rules = {e.actor: e for e in s.ratification}
    cols = []
    for a in ratified.actors:
        e = rules[a]
        quota = None if e.quota is None else float(e.quota)
        cols.append(f"{name(s, a)} ({rule_words(e.rule.value, quota)})")
    return ("draft", *cols)


def ratification_rows(s: Scenario, ratified: Ratified) -> list[tuple[str, ...]]:
    """Per draft, each ratifying actor's verdict, blockers and chance in words."""
    names = known_names(s)
    return [
        (p, *(ratified.row(p, a).text(names) for a in ratified.actors)) for p in ratified.proposals
    ]
