"""Key judgements and the bottom line: the first page of a briefing, computed from an overview.

:func:`key_judgements` states five to eight findings of an
:class:`~accord.overview.records.Overview`, each computed from its analyses, in the order a
reader needs them: whether any deal is possible (with and without ratification), what
blocks a zone of agreement, the closest draft and whether its margin is honest, who gains
from each draft's changes, what the forecasting models say and how well they did in
backtests, the risk that commitments are broken, and the conflict's stable outcomes. A
judgement that is a chance carries the ICD 203 word of its probability
(:mod:`accord.overview.estimative`) and its 95 % interval; every judgement carries the
inputs it rests on, sourced or judgement (:mod:`accord.overview.basis`), and the confidence
that follows from them. :func:`bottom_line` words the whole in one paragraph, the chance of
a deal first; :func:`build_briefing` puts them in a
:class:`~accord.overview.briefing_records.Briefing` with the futures, indicators and options
of :mod:`accord.overview.futures` when that module is present.

What the judgements assume is said in :data:`ASSUMPTIONS` and carried on the briefing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.milp import Diagnosis
from accord.analysis.zopa import wilson
from accord.forecast.calibration import shipped_table
from accord.model import Issue, IssueKind, Scenario
from accord.overview.basis import (
    Input,
    basis_of,
    batna_input,
    belief_inputs,
    conflict_inputs,
    outside,
    red_line_input,
    stance_input,
    tornado_inputs,
)
from accord.overview.briefing_records import (
    Briefing,
    Future,
    Indicator,
    Judgement,
    Option,
)
from accord.overview.chances import Chances
from accord.overview.deal import no_deal
from accord.overview.estimative import (
    chance_clause,
    confidence,
    estimative_span,
    estimative_word,
    word_range_text,
)
from accord.overview.futures import futures as compute_futures
from accord.overview.indicators import indicators as compute_indicators
from accord.overview.margins import crossed_lines, draft_margins, near_acceptance
from accord.overview.options import options as compute_options
from accord.overview.records import DraftStanding, Overview
from accord.overview.run import MAIN_MODEL
from accord.overview.words import join, name, names, number_text, pct, sentence

__all__ = [
    "ASSUMPTIONS",
    "BACKTEST_MAE",
    "bottom_line",
    "build_briefing",
    "chance_text",
    "key_judgements",
]

#: Mean absolute error (points of a 0..100 scale) of each model on the 160 issues of EU
#: legislation of the DEU III development half, as ``accord backtest deu3`` reports it
#: (README, "Backtest"; docs/forecasting.md): the only outcomes accord has been scored on.
BACKTEST_MAE = {"compromise": 23.18, "median": 29.34, "eum": 31.81}
#: Inputs a judgement names at most (the most influential first).
MAX_INPUTS = 6
#: Drafts whose changes the judgement on gains names at most.
MAX_DIFFS = 2

ASSUMPTIONS = (
    "Chances are shares of Monte Carlo draws over the spreads the scenario declares; values "
    "without a spread are taken as stated.",
    "The chance of a zone of agreement is the share of draws in which some outcome gives "
    "every party at least its alternative without crossing a red line, each soft red line "
    "holding or giving by the credibility the analyst states: not the chance that a deal is "
    "signed or kept. Where parties have ratifiers, the figure that leads is the share whose "
    "zone the ratifiers at home also pass.",
    "A party accepts only an outcome worth at least its alternative (BATNA) that crosses "
    "none of its red lines; a deal needs every party.",
    "Estimative words follow ICD 203 (almost no chance 1-5%, very unlikely 5-20%, unlikely "
    "20-45%, roughly even chance 45-55%, likely 55-80%, very likely 80-95%, almost certain "
    "95-99%); confidence follows from how much of a judgement rests on sourced fact rather "
    "than the analyst's judgement, and how wide its interval is.",
    "A party can deliver what an option or trade asks it to concede unless the scenario "
    "says who decides the issue (controlled_by); trades a party cannot deliver are left out.",
    "Forecasting models were scored only on EU legislation (DEU III); a peace negotiation "
    "has other rules, so their accuracy there is a yardstick, not a guarantee.",
)


def chance_text(p: float, interval: tuple[float, float] | None = None) -> str:
    """``very unlikely (5-20%): 16.0%, 95% interval 10.1%-24.4%`` (en dashes): the word,
    its range and the figure."""
    w = estimative_word(p)
    text = f"{w.text} ({word_range_text(w)}): {pct(p)}"
    if interval is not None:
        text += f", 95% interval {pct(interval[0])}–{pct(interval[1])}"
    return text


def _judgement(
    key: str,
    statement: str,
    inputs: Sequence[Input | None],
    evidence: str,
    p: float | None = None,
    interval: tuple[float, float] | None = None,
) -> Judgement:
    basis = basis_of(inputs)
    level, why = confidence(basis, interval)
    word = None if p is None else estimative_span(p, interval)
    return Judgement(key, sentence(statement), p, interval, word, level, why, basis, evidence)


def clash_words(s: Scenario, diagnosis: Diagnosis | None) -> str:
    """The smallest clashing set of a diagnosis, by name: ``Russia's and Ukraine's red lines
    on Security guarantees clash``."""
    if diagnosis is None or not diagnosis.conflict:
        return "the scenario's constraints rule out every outcome"
    by_issue: dict[str, list[str]] = {}
    batnas = []
    for item in diagnosis.conflict:
        if item.kind == "red_line" and item.issue:
            by_issue.setdefault(item.issue, []).append(name(s, item.actor))
        else:
            batnas.append(name(s, item.actor))
    parts = [f"{join(a)}'s red lines on {s.issue(i).name}" for i, a in by_issue.items()]
    if batnas:
        parts.append(f"the alternatives of {join(batnas)}")
    return join(parts) + " clash"


def _who(o: Overview) -> str:
    """``Russia and Ukraine both``, ``A, B and C all``, ``the parties``."""
    if not o.parties:
        return "the parties"
    many = "both" if len(o.parties) == 2 else "all"
    return f"{names(o.scenario, o.parties)} {many}" if len(o.parties) > 1 else name(
        o.scenario, o.parties[0])  # fmt: skip


def _party_red_lines(o: Overview) -> list[Input | None]:
    s = o.scenario
    return [
        red_line_input(s, st.actor, st.issue)
        for st in s.stances
        if st.actor in o.parties and st.red_line is not None
    ]


def _clash_inputs(o: Overview) -> list[Input | None]:
    """The red lines and BATNAs of the smallest clashing set (no ZOPA), else every party's
    red lines; the parties' BATNAs either way."""
    s, z = o.scenario, o.zopa
    found: list[Input | None] = []
    if z is not None and z.diagnosis is not None and z.diagnosis.conflict:
        for item in z.diagnosis.conflict:
            if item.kind == "red_line" and item.issue:
                found.append(red_line_input(s, item.actor, item.issue))
            else:
                found.append(batna_input(s, item.actor))
    else:
        found += _party_red_lines(o)
    return found + [batna_input(s, a) for a in o.parties]


# --- the judgements ----------------------------------------------------------------------------
def _deal(o: Overview) -> Judgement | None:
    """The chance of a zone of agreement, led by the figure that counts: the one the
    parties' ratifiers at home also pass, where they have any. When no zone exists on the
    values as stated, the unratified share only counts the draws in which some soft red
    line gives, so it restates the analyst's credibilities and is said to."""
    d = None if o.outlook is None else o.outlook.deal
    if d is None or d.chance is None:
        return None
    who = _who(o)
    p, interval = d.chance, d.interval
    closed = o.zopa is not None and not o.zopa.exists
    if d.restates_input:
        text = (
            f"No deal {who} accept is possible on the red lines as stated, in any draw "
            f"({pct(p)} of {d.evaluated:,} draws leave a zone of agreement: the 0% restates "
            "the input)"
        )
        return _judgement("deal", text, _clash_inputs(o), "summary", p, interval)
    flat = share_text(p, d.draws, d.evaluated, d.seed, interval)
    lines = deciding_lines(o)
    r = d.ratified
    if r is not None and r.probability is not None:
        # ratification is a condition of any deal, not an extra: its figure leads
        clause = chance_clause(
            r.probability,
            f"a zone of agreement exists that {who} accept and their ratifiers at home pass",
            ranged=False,
            interval=r.interval,
        )
        text = f"{clause}: {share_text(r.probability, d.draws, d.evaluated, d.seed, r.interval)}"
        before = pct(p) + (
            f" (95% interval {pct(interval[0])}–{pct(interval[1])})" if interval else ""
        )
        text += f". Before ratification: {before}"
        p, interval = r.probability, r.interval
    else:
        clause = chance_clause(
            p, f"a zone of agreement exists that {who} accept", ranged=False, interval=interval
        )
        text = f"{clause}: {flat}"
    if closed and lines:
        text += (
            f"; with no zone on the stated values, that counts the draws where a soft line "
            f"gives, restating the analyst's credibilities of {lines}"
        )
    elif lines:
        text += f"; it rests on the analyst's credibilities of {lines}"
    if d.mediated is not None:
        text += f". A mediated process agrees in {pct(d.mediated.share)} of its runs"
    text += ". These figures are not the chance that a deal is signed or kept"
    return _judgement("deal", text, _clash_inputs(o), "summary", p, interval)


def share_text(
    p: float, draws: int, decided: int, seed: int | None, interval: tuple[float, float] | None
) -> str:
    """``6.4% of 500 Monte Carlo draws (seed 0; 95% interval 4.6%-8.9%)`` (en dashes)."""
    notes = [] if seed is None else [f"seed {seed}"]
    if interval is not None:
        notes.append(f"95% interval {pct(interval[0])}–{pct(interval[1])}")
    runs = draws_text(draws, decided, None)
    return f"{pct(p)} of {runs}" + (f" ({'; '.join(notes)})" if notes else "")


def draws_text(draws: int, decided: int, seed: int | None) -> str:
    """``500 Monte Carlo draws (seed 0)``, or ``100 decided of 500 Monte Carlo draws (seed 0)``
    when the ZOPA was decided in a sample of them."""
    head = f"{draws:,} Monte Carlo draws" if decided >= draws else (
        f"{decided:,} decided of {draws:,} Monte Carlo draws")  # fmt: skip
    return head + ("" if seed is None else f" (seed {seed})")


def deciding_lines(o: Overview) -> str:
    """The parties' soft red lines that decide whether a zone of agreement exists, with the
    credibility the scenario states for each, by issue (``Russia's and Ukraine's red lines
    on Donbas (0.90 and 0.60)``): those of the clashing set and of the smallest relaxation
    when no zone exists at the stated values; empty when one exists or none is soft. When
    they are all that stands in the way, the chance of a deal is mostly their product
    restated."""
    s = o.scenario
    seen = _deciding(o)
    by_issue: dict[str, list[tuple[str, float]]] = {}
    for (a, i), c in seen.items():
        by_issue.setdefault(i, []).append((a, c))
    return join(
        [
            f"{join([name(s, a) + chr(39) + 's' for a, _ in held])} red "
            f"line{'s' if len(held) > 1 else ''} on {s.issue(i).name} "
            f"({join([f'{c:.2f}' for _, c in held])})"
            for i, held in by_issue.items()
        ]
    )


def _deciding(o: Overview) -> dict[tuple[str, str], float]:
    """(actor, issue) -> the stated credibility of each soft red line of :func:`deciding_lines`."""
    z, s = o.zopa, o.scenario
    dx = None if z is None or z.exists else z.diagnosis
    seen: dict[tuple[str, str], float] = {}
    if dx is None:
        return seen
    for item in (*dx.conflict, *dx.relax):
        if item.kind != "red_line" or not item.issue or item.actor not in o.parties:
            continue
        st = s.stance(item.actor, item.issue)
        soft = None if st is None else st.soft
        if soft is not None:
            seen[(item.actor, item.issue)] = float(soft.credibility)
    return seen


def _zopa(o: Overview) -> Judgement | None:
    z, s = o.zopa, o.scenario
    if z is None:
        return None
    who = names(s, z.parties)
    if z.exists:
        size = f"{z.count:,} of {z.space_size:,} outcomes" if z.exact else f"about {pct(z.share)}"
        text = (
            f"A zone of agreement exists on the values as stated: {size} give {who} each at "
            "least its alternative without crossing a red line"
        )
    else:
        text = f"On the values as stated no outcome works for {who}: {clash_words(s, z.diagnosis)}"
        dx = z.diagnosis
        if dx is not None and dx.relax:
            relaxed = [
                f"{name(s, it.actor)} giving way on {s.issue(it.issue).name}" if it.issue
                else f"a better offer to {name(s, it.actor)} than its alternative"
                for it in dx.relax
            ]  # fmt: skip
            text += f"; one would open with {join(relaxed)}"
    return _judgement("zopa", text, _clash_inputs(o), "space")


def _closest(o: Overview) -> Judgement | None:
    best, s = o.closest, o.scenario
    if best is None:
        return None
    prop = s.proposal(best.proposal)
    sim = o.simulations.get(MAIN_MODEL)
    p = interval = None
    if sim is not None and best.proposal in sim.accepted_by_all:
        p = float(sim.accepted_by_all[best.proposal]["yes"])
        lo, hi = wilson(round(p * sim.draws), sim.draws)
        interval = (min(lo, p), max(hi, p))
    yes = [a for a, v in best.accepts.items() if v == "yes"]
    margins = draft_margins(o, best)
    if len(yes) == len(best.accepts):
        text = f"The draft {prop.id} ({prop.title}) is acceptable to every party as stated"
    elif not near_acceptance(o, best):
        # the least far draft is not "closest" to anything: say none is near, and why
        text = "No draft is near acceptance by every party: " + far_text(o)
        if p is not None:
            text += f"; every party accepts even the least far, {prop.id}, in {pct(p)} of draws"
        return _judgement("closest", text, _closest_inputs(o, best), "drafts", p, interval)
    else:
        text = "No draft is acceptable to every party as stated; "
        text += f"the closest is {prop.id} ({prop.title})"
    if p is not None:
        text += f", which every party accepts in {pct(p)} of draws"
    close = [m for m in margins if m.close]
    if close:
        text += "; the margin of " + join(
            [f"{name(s, m.actor)} ({m.margin:+.2f})" for m in close if m.margin is not None]
        ) + " is too close to call"  # fmt: skip
    crossed = [m for m in margins if m.crossed]
    if crossed:
        text += ", and it crosses " + join(
            [f"{m.crossed} of {name(s, m.actor)}'s red lines" for m in crossed]
        )  # fmt: skip
    return _judgement("closest", text, _closest_inputs(o, best), "drafts", p, interval)


def far_text(o: Overview, *, brief: bool = False) -> str:
    """What keeps each draft from acceptance, least far first: ``us-28 crosses Ukraine's red
    lines on A and B; e3 crosses 3 of Russia's red lines; d4 gives Russia less than its
    alternative`` (the least far by the issues' names, the others by count). ``brief``: the
    least far draft alone, by count."""
    s = o.scenario
    parts: dict[str, list[str]] = {}  # what keeps a draft away -> the drafts it keeps away
    shown = o.standings[:1] if brief else o.standings
    for k, st in enumerate(shown):
        pid = f"the least far, {st.proposal}," if k == 0 and len(o.standings) > 1 else st.proposal
        crossed = crossed_lines(o, st.proposal)
        if crossed:
            owners = [
                f"{name(s, a)}'s red line{'s' if len(v) > 1 else ''} on "
                + join([s.issue(i).name for i in v])
                if k == 0 and not brief
                else f"{len(v)} of {name(s, a)}'s red lines"
                for a, v in crossed.items()
            ]
            parts.setdefault(f"cross{'es' if k == 0 else ''} {join(owners)}", []).append(pid)
            continue
        below = [a for a, v in st.accepts.items() if v == "no"]
        unsure = [a for a, v in st.accepts.items() if v == "maybe"]
        if below:
            parts.setdefault(f"give {names(s, below)} less than {_their(below)}", []).append(pid)
        elif unsure:
            why = f"may give {names(s, unsure)} less than {_their(unsure)}"
            parts.setdefault(why, []).append(pid)
    # the drafts kept away by the same thing share one clause; a verb for one draft agrees
    out = []
    for why, pids in parts.items():
        if len(pids) == 1 and why.startswith("give "):
            why = "gives " + why.removeprefix("give ")
        elif len(pids) == 1 and why.startswith("cross "):
            why = "crosses " + why.removeprefix("cross ")
        out.append(f"{join(pids)} {why}")
    return "; ".join(out)


def _their(actors: Sequence[str]) -> str:
    return "its alternative" if len(actors) == 1 else "their alternatives"


def _closest_inputs(o: Overview, best: DraftStanding) -> list[Input | None]:
    s, card = o.scenario, o.card
    prop = s.proposal(best.proposal)
    inputs: list[Input | None] = [batna_input(s, a) for a in o.parties]
    if best.proposal in card.proposals:
        pi = card.proposals.index(best.proposal)
        for a in o.parties:
            if a in card.actors:
                ai = card.actors.index(a)
                for i in np.flatnonzero(card.red_line[ai, pi] == 2):
                    inputs.append(red_line_input(s, a, card.issues[int(i)]))
    inputs.append(Input(f"the text of {prop.id}", outside(s, prop.sources)))
    return inputs


def _gains(o: Overview) -> Judgement | None:
    """Who gains and who loses, in utility, from each draft's changes to the one before;
    worded as what the stated positions imply, since each party's utility is read from its
    own stated positions and weights (a draft a party wrote gains it by construction)."""
    s = o.scenario
    diffs = [d for d in o.diffs if d.changes][:MAX_DIFFS]
    if not diffs or not o.parties:
        return None
    parts, inputs = [], []
    for d in diffs:
        # [changes, parties]: each change's gain, its range where settings are unknown
        low = np.array([[c.gain_low.get(a, 0.0) for a in o.parties] for c in d.changes])
        high = np.array([[c.gain_high.get(a, 0.0) for a in o.parties] for c in d.changes])
        lo, hi = low.sum(axis=0), high.sum(axis=0)
        total = (lo + hi) / 2  # ordered by the mid-point; shown as the range where unknown
        order = np.argsort(-total)
        up, down = int(order[0]), int(order[-1])

        def worth(k: int, lo: np.ndarray = lo, hi: np.ndarray = hi) -> str:
            a, b = float(lo[k]), float(hi[k])
            return f"{a:+.2f}" if b - a < 5e-3 else f"between {a:+.2f} and {b:+.2f}"

        part = f"{d.after} against {d.before} is worth {worth(up)} to {name(s, o.parties[up])}"
        if total[down] < 0:
            part += f" and {worth(down)} to {name(s, o.parties[down])}"
        parts.append(part)
        for c in d.changes:
            for a in o.parties:
                inputs.append(stance_input(s, a, c.issue, "position"))
                inputs.append(stance_input(s, a, c.issue, "salience"))
    text = (
        "Read off the parties' stated positions and weights (a restatement, not a finding): "
        + "; ".join(parts)
    )
    return _judgement("gains", text, inputs, "drafts")


def setting_text(issue: Issue, value: object, label: str | None) -> str:
    """A forecast setting as a reader writes it: a continuous issue's value to four
    significant figures (``19.8 % over the term``, not ``19.803``), any other its label."""
    if issue.kind is not IssueKind.continuous or not isinstance(value, int | float):
        return label or str(value)
    text = number_text(float(value))
    if not issue.unit:
        return text
    return f"{text}{issue.unit}" if issue.unit in ("%", "pp") else f"{text} {issue.unit}"


def _forecast(o: Overview) -> Judgement | None:
    f = o.forecasts.get(MAIN_MODEL)
    if f is None:
        return None
    s = o.scenario
    mae = BACKTEST_MAE.get(MAIN_MODEL)
    table = shipped_table()["models"].get(MAIN_MODEL, {})
    n = table.get("n")
    if o.outlook is not None and no_deal(o.outlook):
        crossings = o.outlook.package.party_crossings
        if crossings:
            # a chance of a ZOPA may still be high: the models average positions and
            # cannot see vetoes, so their package is no landing point whatever the chance
            k = len(crossings)
            text = (
                "Where a deal would land cannot be forecast: the models' package crosses "
                f"{k} of the parties' own red line{'s' if k != 1 else ''}, so it shows only "
                "the centre of the stated positions"
            )
        else:
            text = (
                "Where a deal would land cannot be forecast while none is likely: the models "
                "show only the centre of the stated positions"
            )
    else:
        known = [i for i in f.issues if i.label and i.value is not None]
        if not known:
            return None
        shown = "; ".join(
            f"{s.issue(i.issue).name}: {setting_text(s.issue(i.issue), i.value, i.label)}"
            for i in known[:3]
        )
        text = f"If a deal is reached, the {MAIN_MODEL} model puts it at {shown}"
    if mae is not None and n:
        text += (
            f". Backtested on {n} EU decisions (DEU III, its only test), the {MAIN_MODEL} "
            f"model missed the outcome by {mae:.0f} points of 100 on average"
        )
    inputs: list[Input | None] = []
    if o.sensitivity is not None:
        swing: dict[str, float] = {}
        for bars in o.sensitivity.tornado.values():
            for bar in bars:
                swing[bar.input] = max(swing.get(bar.input, 0.0), bar.swing)
        top = sorted((k for k, v in swing.items() if v > 0), key=lambda k: -swing[k])
        inputs += tornado_inputs(s, top[:MAX_INPUTS])
    return _judgement("forecast", text, inputs, "forecasts")


def _commitments(o: Overview) -> Judgement | None:
    """The chance that every commitment of the closest phased draft is kept, in the eyes of
    the party that trusts it least."""
    if not o.sequences:
        return None
    s = o.scenario
    closest = o.closest.proposal if o.closest is not None else None
    seq = next((q for q in o.sequences if q.proposal == closest), o.sequences[0])
    parties = [a for a in seq.parties if a in seq.actors]
    if not parties:
        return None
    idx = np.array([seq.actors.index(a) for a in parties])
    kept = seq.chance_kept[idx]
    if np.isnan(kept).all():
        return None
    least = int(np.nanargmin(kept))
    p = float(kept[least])
    kept = chance_clause(p, "every commitment in it is kept", ranged=False)
    text = (
        f"Even if {seq.proposal} were signed, {kept} ({pct(p)} for "
        f"{name(s, parties[least])}, who trusts it least, taking each commitment as kept or "
        "broken independently of the others: compliance that holds or fails together would "
        "put it higher)"
    )
    gains = seq.gain[idx]
    short = [parties[k] for k in np.flatnonzero(gains < 0)]
    if short:
        text += f"; counting broken promises, {names(s, short)} would expect less than from no deal"
    return _judgement("commitments", text, belief_inputs(s, parties), "commitments", p)


def _conflict(o: Overview) -> Judgement | None:
    c, result = o.conflict, o.stability
    if c is None or result is None or not result.tables:
        return None
    stable = sorted(
        set.intersection(*({int(x) for x in result.equilibria(k)} for k in result.tables))
    )
    reach = [k for k in stable if o.paths.get(k) is not None]
    graph = result.graph
    labels = {opt.id: opt.label or opt.id for dm in c.decision_makers for opt in dm.options}

    def state(k: int) -> str:
        taken = [labels.get(x, x) for x in graph.label(k).split("+") if x]
        return " + ".join(taken) or "no option taken"

    if not stable:
        text = "In the conflict model no state is stable under every concept"
    else:
        text = f"In the conflict model {len(stable)} states are stable under every concept"
        if o.status_quo is not None and o.paths:
            if reach:
                more = f" and {len(reach) - 1} more" if len(reach) > 1 else ""
                text += (
                    f"; from the status quo only {len(reach)} can be reached: "
                    f"{state(reach[0])}{more}"
                )
            else:
                text += "; none can be reached from the status quo by unilateral moves"
    return _judgement("conflict", text, conflict_inputs(o.scenario, c), "conflict")


def key_judgements(overview: Overview) -> tuple[Judgement, ...]:
    """The key judgements of ``overview``, most important first (see the module docstring);
    those whose analysis the overview lacks are left out."""
    makers = (_deal, _zopa, _closest, _gains, _forecast, _commitments, _conflict)
    return tuple(j for make in makers if (j := make(overview)) is not None)


def bottom_line(overview: Overview, judgements: Sequence[Judgement]) -> str:
    """One paragraph: the chance of a deal first, what blocks it, the closest draft, and
    how far to trust the whole."""
    o, s = overview, overview.scenario
    by_key = {j.key: j for j in judgements}
    parts: list[str] = []
    deal = by_key.get("deal")
    who = _who(o)
    z = o.zopa
    d = None if o.outlook is None else o.outlook.deal
    if z is not None and not z.exists:
        # what the parties say first: no zone on their stated lines, and what would open one
        clash_text = clash_words(s, z.diagnosis)
        text = f"On the red lines as stated no deal {who} accept exists: {clash_text}."
        held = _deciding(o)
        clash = {(it.actor, it.issue) for it in (z.diagnosis.conflict if z.diagnosis else ())}
        if d is not None and d.chance is not None and held and not d.restates_input:
            # the lines were just named when they are the clash's own
            which = (
                f"those lines ({join([f'{c:.2f}' for c in held.values()])})"
                if set(held) <= clash
                else deciding_lines(o)
            )
            text += (
                f" One opens only if a soft line gives: on the analyst's credibilities of "
                f"{which}, in {pct(d.chance)} of the Monte Carlo draws, a restatement of "
                "those judgements, not a finding."
            )
        parts.append(text)
    if deal is not None and deal.probability is not None and deal.word is not None:
        ratified = d is not None and d.ratified is not None and d.ratified.probability is not None
        what = (
            "a zone of agreement survives ratification at home"
            if ratified
            else f"a zone of agreement {who} accept exists"
        )
        clause = chance_clause(deal.probability, what, ranged=False, interval=deal.interval)
        # the run (draws, seed) is the first judgement's, given there
        parts.append(
            f"{clause[0].upper()}{clause[1:]} ({pct(deal.probability)}); that is not the "
            "chance that a deal is signed."
        )
    best = o.closest
    if best is not None and not near_acceptance(o, best):
        parts.append(f"No draft is near acceptance by every party: {far_text(o, brief=True)}.")
    elif best is not None:
        margins = draft_margins(o, best)
        close = [name(s, m.actor) for m in margins if m.close]
        crossed = [m for m in margins if m.crossed]
        text = f"The closest draft is {best.proposal}"
        if crossed:
            text += ", which crosses " + join(
                [f"{m.crossed} of {name(s, m.actor)}'s red lines" for m in crossed]
            )  # fmt: skip
        if close:
            text += (
                f"{',' if crossed else ''} and its margin for {join(close)} is too close to call"
            )
        parts.append(text + ".")
    low = [j.key for j in judgements if j.confidence.value == "low"]
    if low:
        verb = "is" if len(low) == 1 else "are"
        parts.append(
            f"{len(low)} of the {len(judgements)} judgements below {verb} held with low confidence."
        )
    return " ".join(parts)


def build_briefing(
    overview: Overview,
    *,
    futures: Sequence[Future] | None = None,
    indicators: Sequence[Indicator] | None = None,
    options: Sequence[Option] | None = None,
) -> Briefing:
    """The first page of a briefing on ``overview``: bottom line, key judgements, and the
    futures, indicators and options given, or (those left None) computed with the
    overview's draws and seed, every chance of a deal they quote run once
    (:class:`~accord.overview.chances.Chances`, today's read off the overview's own run)."""
    judgements = key_judgements(overview)
    chances = Chances(overview, draws=overview.draws, seed=overview.seed)
    fs = (
        tuple(futures)
        if futures is not None
        else compute_futures(overview, draws=overview.draws, seed=overview.seed, chances=chances)
    )
    found = (
        tuple(indicators)
        if indicators is not None
        else compute_indicators(overview, fs, seed=overview.seed, chances=chances)
    )
    offered = tuple(options) if options is not None else compute_options(overview, fs, chances)
    return Briefing(
        bottom_line=bottom_line(overview, judgements),
        judgements=judgements,
        futures=fs,
        indicators=found,
        options=offered,
        assumptions=ASSUMPTIONS,
    )
