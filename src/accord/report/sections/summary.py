"""The summary: the few sentences a minister reads, each a result shown in full later.

In order: whether a deal is possible now, the draft that comes closest and for whom, what
blocks agreement, what would open it, and what the forecasts say and how sure they are.
Every number is quoted from :class:`~accord.report.results.Results`; nothing is computed
here beyond counting.
"""

from __future__ import annotations

from accord.forecast.models import nearest_setting
from accord.forecast.outlook import Outlook
from accord.model import Issue, IssueKind, Scenario
from accord.overview.deal import IF_DEAL, NO_DEAL_BELOW, deal_lines, no_deal, package_lines
from accord.overview.judgements import key_judgements
from accord.overview.margins import draft_margins, margin_words, near_acceptance
from accord.overview.packages import turn_lines
from accord.overview.settled import unsettled
from accord.overview.words import join, name, names, pct
from accord.report.document import Block, Paragraph, Section
from accord.report.results import MAIN_MODEL, Results, lever_text
from accord.report.sections.timeline import openings_text

ID = "summary"
TITLE = "Summary"
#: Conflict states named in the summary at most (beyond, their number).
MAX_STATES = 3
#: Issues whose likely outcome the summary names.
KEY_ISSUES = 3


def section(r: Results) -> Section | None:
    """The summary, for a report without a first page (nothing to judge: no parties). With
    one, the first page is the summary and :func:`moved` puts what only this said into the
    body."""
    if key_judgements(r):
        return None
    blocks: list[Block] = []
    if r.settings:
        changed = "; ".join(c.text() for c in r.changes) or "nothing changes"
        blocks.append(
            Paragraph(
                f"Levers turned for this report: {lever_text(r.original, r.settings)} ({changed}).",
                tone="caveat",
            )
        )
    blocks += _deal(r)
    blocks += _closest(r)
    blocks += _opening(r)
    blocks += _turns(r)
    blocks += _forecasts(r)
    blocks += _conflict(r)
    for limit in r.limits:
        blocks.append(Paragraph(f"Limit: {limit}.", tone="caveat"))
    return Section(ID, TITLE, tuple(blocks))


def moved(r: Results) -> dict[str, list[Block]]:
    """What the summary said that the first page does not, by the id of the body section it
    belongs to (the first page's key judgements quote each of these in a sentence and send
    the reader there): whether a deal is possible now, what blocks it and what would open it
    (``space``), the closest draft and its margins (``drafts``), the outlook, the per-issue
    forecasts, how sure they are and the report's limits (``forecasts``), and the stable
    states of the conflict model (``conflict``). The package trades are the first page's
    options."""
    limits = [Paragraph(f"Limit: {limit}.", tone="caveat") for limit in r.limits]
    return {
        "space": _deal(r) + _opening(r),
        "drafts": _closest(r),
        # the Forecasts section opens with the outlook itself
        "forecasts": _forecasts(r, outlook=False) + limits,
        "conflict": _conflict(r),
    }


def _deal(r: Results) -> list[Block]:
    s, z = r.scenario, r.zopa
    if z is None:
        return [
            Paragraph(
                "The scenario names no parties with stances, so whether a deal is possible "
                "is not assessed.",
                tone="caveat",
            )
        ]
    who = names(s, z.parties)
    if z.exists:
        size = f"{z.count:,} of {z.space_size:,} outcomes" if z.exact else f"about {pct(z.share)}"
        return [
            Paragraph(
                f"A deal is possible now: some outcomes give {who} each at least its "
                f"alternative without crossing a red line (the ZOPA: {size}).",
                tone="finding",
            )
        ]
    out: list[Block] = [
        Paragraph(
            f"No deal is possible now: no outcome gives {who} each at least its alternative "
            "without crossing a red line (there is no ZOPA).",
            tone="finding",
        )
    ]
    if z.diagnosis is not None:
        lines = [ln.strip() for ln in z.diagnosis.text().split("\n") if ln.strip()]
        relax = [ln for ln in lines[1:] if ln.startswith(("Relaxing", "At least"))]
        out.append(Paragraph(f"What blocks it: {' '.join([lines[0], *relax])}", tone="finding"))
    return out


def _closest(r: Results) -> list[Block]:
    best, s = r.closest, r.scenario
    if best is None:
        return []
    prop = s.proposal(best.proposal)
    n = len(best.accepts)
    yes = [a for a, v in best.accepts.items() if v == "yes"]
    maybe = [a for a, v in best.accepts.items() if v == "maybe"]
    parts = [f"acceptable to {len(yes)} of the {n} parties"]
    if yes:
        parts[0] += f" ({names(s, yes)})"
    if maybe:
        parts.append(f"perhaps to {names(s, maybe)}, depending on its open points")
    margins = [margin_words(r, m) for m in draft_margins(r, best)]
    crossed = _crossed(r, best.proposal)
    lines = "crosses no party's red line" if not crossed else (
        f"crosses {sum(len(v) for v in crossed.values())} of the parties' red lines: "
        + "; ".join(f"{_owner(s, a)} on {join(v)}" for a, v in crossed.items()))  # fmt: skip
    # a draft the parties together accept in almost no draw is the least far, not "closest"
    text = f"The closest draft is {prop.id} ({prop.title}), which {lines}; it is " if (
        near_acceptance(r, best)
    ) else (
        f"No draft is near acceptance by every party; the least far is {prop.id} "
        f"({prop.title}), which {lines}; it is "
    )  # fmt: skip
    text += f"{', '.join(parts)}."
    sim = r.simulations.get(MAIN_MODEL)
    if sim is not None and best.proposal in sim.accepted_by_all:
        every = sim.accepted_by_all[best.proposal]["yes"]
        text += f" Every party accepts it in {pct(every)} of {sim.draws:,} Monte Carlo draws."
    text += f" Its margin over each party's alternative (worst case): {'; '.join(margins)}."
    return [Paragraph(text, tone="finding")]


def _owner(s: Scenario, actor: str) -> str:
    n = name(s, actor)
    return f"{n}'" if n.endswith("s") else f"{n}'s"


def _crossed(r: Results, pid: str) -> dict[str, list[str]]:
    """The parties' red lines a draft crosses for sure: party -> issue names."""
    card, s = r.card, r.scenario
    out: dict[str, list[str]] = {}
    for a in r.parties:
        if a not in card.actors:
            continue
        for issue_id, status in card.red_lines(a, pid).items():
            if str(status) == "crosses":
                out.setdefault(a, []).append(s.issue(issue_id).name)
    return out


def _opening(r: Results) -> list[Block]:
    out: list[Block] = []
    if r.openings is not None:
        out.append(Paragraph(openings_text(r), tone="finding"))
    a, best, s = r.amendment, r.closest, r.scenario
    # an impossible amendment means there is no ZOPA, which the first finding says already
    if a is None or best is None or not a.possible:
        return out
    fills = "; ".join(f"{s.issue(i).name} as {s.issue(i).label(v)}" for i, v in a.fills.items())
    if not a.changes:
        text = f"{best.proposal} is acceptable to every party as it stands"
        text += f", with its open points settled so: {fills}." if fills else "."
        out.append(Paragraph(text))
        return out
    changes = "; ".join(
        f"{s.issue(i).name} to {s.issue(i).label(new)}" for i, (_o, new) in a.changes.items()
    )
    text = (
        f"The smallest amendment that makes {best.proposal} acceptable to every party changes "
        f"{a.n_changes} issue(s): {changes}"
    )
    text += f"; its open points settled so: {fills}." if fills else "."
    out.append(Paragraph(text, tone="finding"))
    return out


def _turns(r: Results) -> list[Block]:
    """What the talks turn on: the cheapest soft red lines to give, the best package trades
    (each package against the BATNAs and the red lines it still crosses)."""
    soft = r.analysis.soft if r.analysis is not None else None
    return [
        Paragraph(line, tone="finding")
        for line in turn_lines(r.scenario, soft, r.trades, r.trade_checks)
    ]


def _forecasts(r: Results, *, outlook: bool = True) -> list[Block]:
    """What the forecasts say on the issues that matter most, then how far to trust them
    (``outlook``: after the deal outlook, which the Forecasts section gives of its own)."""
    s = r.scenario
    fs = list(r.forecasts.values())
    issues = [i for i in s.issues if all(f.issue(i.id).value is not None for f in fs)]
    if not issues:
        return []
    sim = r.simulations[MAIN_MODEL]
    # agreement is on settings: for continuous issues every model gives its own number
    discrete = [i for i in issues if i.kind is not IssueKind.continuous]
    agree = [i for i in discrete if len({str(f.issue(i.id).setting) for f in fs}) == 1]
    sure: list[str] = []
    if discrete:
        steady = 0
        for issue in discrete:
            q = sim.issue(issue.id).quantiles
            if q is not None and nearest_setting(issue, q[5]) == nearest_setting(issue, q[95]):
                steady += 1
        sure.append(
            f"The {join(list(r.forecasts))} models agree on the likely setting of "
            f"{len(agree)} of the {len(discrete)} issues with discrete settings; over "
            f"{sim.draws:,} Monte Carlo draws (seed {sim.seed}) of the scenario's uncertain "
            f"numbers, 90% of the {MAIN_MODEL} forecasts fall on a single setting for {steady} "
            "of them."
        )
    z = sim.zopa
    if z.probability is not None:
        text = f"A ZOPA exists in {pct(z.probability)} of the draws"
        best = r.closest
        if best is not None and best.proposal in sim.accepted_by_all:
            share = sim.accepted_by_all[best.proposal]["yes"]
            text += f"; every party accepts {best.proposal} in {pct(share)}"
        sure.append(text + ".")
    out: list[Block] = _outlook(r) if outlook else []
    if r.outlook is not None and no_deal(r.outlook):
        # no per-issue outcome under a no-deal verdict: the Forecasts section shows them as
        # the centre of the stated positions, which no party need accept
        out.append(
            Paragraph(
                f"Per-issue forecasts are not given here: {_why_no_deal(r.outlook)}, so they "
                "show only the centre of the stated positions, ignoring vetoes (see Forecasts).",
                tone="caveat",
            )
        )
    else:
        out.append(Paragraph(_key_issues(r, issues), tone="finding"))
    if sure:
        out.append(Paragraph("How sure: " + " ".join(sure)))
    out += _unsettled(r)
    return out


def _why_no_deal(o: Outlook) -> str:
    """Why the verdict is no deal, in a clause."""
    chance = o.deal.chance
    if chance is not None and chance < NO_DEAL_BELOW:
        return f"the chance of a zone of agreement is {pct(chance)}"
    return "the forecast package crosses the parties' own red lines"


def _unsettled(r: Results) -> list[Block]:
    """The issues an iterative model did not settle on: its value there is no forecast."""
    s = r.scenario
    by_id = {i.id: i for i in s.issues}
    out: list[Block] = []
    for model, f in r.forecasts.items():
        found = unsettled(f, by_id)
        if found:
            out.append(
                Paragraph(
                    f"The {model} model did not settle on {join([by_id[i].name for i in found])}"
                    ": its rounds cycle or keep moving there, so its value is the round it "
                    "happened to end on, not a forecast (see Forecasts).",
                    tone="caveat",
                )
            )
    return out


def _key_issues(r: Results, issues: list[Issue]) -> str:
    """The likely outcome of the issues the parties care most about (summed salience)."""
    s, sim = r.scenario, r.simulations[MAIN_MODEL]
    who = set(r.parties) or {a.id for a in s.actors}
    weight = {i.id: 0.0 for i in issues}
    for st in s.stances:
        if st.actor in who and st.issue in weight:
            weight[st.issue] += float(st.salience)
    top = sorted(issues, key=lambda i: -weight[i.id])[:KEY_ISSUES]
    parts = []
    for issue in top:
        point = r.forecasts[MAIN_MODEL].issue(issue.id).label
        text = f"{issue.name}: {point}"
        q = sim.issue(issue.id).quantiles
        if q is not None:
            lo, hi = (issue.label(nearest_setting(issue, q[k])) for k in (5, 95))
            steady = lo == hi == point
            text += " (steady over the draws)" if steady else f" (90% of draws: {lo} to {hi})"
        parts.append(text)
    return (
        f"{IF_DEAL.capitalize()}, where the parties care most ({MAIN_MODEL} model): "
        f"{'; '.join(parts)}."
    )


def _outlook(r: Results) -> list[Block]:
    """Deal or no deal first: the chance of any deal, then the forecast as a package (its
    crossings of hard red lines are findings, not notes)."""
    o = r.outlook
    if o is None:
        return []
    lines = deal_lines(r.scenario, o) + package_lines(r.scenario, o)[:1]
    return [Paragraph(line, tone="finding") for line in lines]


def _conflict(r: Results) -> list[Block]:
    c, result = r.conflict, r.stability
    if c is None or result is None:
        return []
    stable = set.intersection(*({int(x) for x in result.equilibria(k)} for k in result.tables))
    if len(stable) > MAX_STATES:
        text = (
            f"As a graph model, {len(stable)} states are stable under every stability "
            "concept (see Conflict stability)."
        )
    elif stable:
        states = "; ".join(f"{k} ({result.graph.label(k)})" for k in sorted(stable))
        text = f"As a graph model, states stable under every concept: {states}."
    else:
        text = "As a graph model, no state is stable under every stability concept."
    reach = reachable_text(r, stable)
    return [Paragraph(f"{text} {reach}" if reach else text)]


#: Words in an option's id or label that mark a state as war or as settlement (item 5: a
#: stable settlement state is no forecast when it cannot be reached from the status quo).
WAR_WORDS = ("offensive", "war", "fight", "attack", "strike", "escalat", "invade")
SETTLEMENT_WORDS = ("ceasefire", "cease-fire", "peace", "settle", "agree", "deal", "truce")


def state_kind(r: Results, state: int) -> str | None:
    """``war``, ``settlement`` or None (neither, or both), from the options taken in a
    state of the conflict's graph model, by their ids and labels."""
    if r.conflict is None:
        return None
    label = r.stability.graph.label(state) if r.stability is not None else ""
    taken = set(label.replace("+", " ").split())
    words = []
    for dm in r.conflict.decision_makers:
        for opt in dm.options:
            if opt.id in taken:
                words.append(f"{opt.id} {opt.label or ''}".lower())
    text = " ".join(words)
    war = any(w in text for w in WAR_WORDS)
    peace = any(w in text for w in SETTLEMENT_WORDS)
    return "war" if war and not peace else "settlement" if peace and not war else None


def reachable_text(r: Results, stable: set[int]) -> str | None:
    """Which of the ``stable`` states the status quo reaches by unilateral improvements,
    and whether they are war or settlement states."""
    if r.status_quo is None or not stable or not r.paths:
        return None
    graph = r.stability.graph if r.stability is not None else None
    if graph is None:
        return None
    reach = sorted(k for k in stable if r.paths.get(k) is not None)
    kinds = {k: state_kind(r, k) for k in stable}
    far = [k for k in stable if k not in reach]
    sq = f"the status quo (state {r.status_quo}, {graph.label(r.status_quo)})"
    if not reach:
        return f"None of them can be reached from {sq} by unilateral improvements."

    def which(ks: list[int]) -> str:
        shown = "; ".join(f"{k} ({graph.label(k)})" for k in ks[:MAX_STATES])
        return shown + (f" and {len(ks) - MAX_STATES} more" if len(ks) > MAX_STATES else "")

    found = {kinds[k] for k in reach}
    kind = f", all {found.pop()} states" if len(found) == 1 and None not in found else ""
    text = f"Only {len(reach)} of them can be reached from {sq}{kind}: {which(reach)}."
    if len(reach) == len(stable):
        text = f"All of them can be reached from {sq}{kind}."
    settled = [k for k in far if kinds[k] == "settlement"]
    if settled:
        text += (
            f" The {len(settled)} stable settlement state{'s' if len(settled) > 1 else ''} "
            "cannot be reached from it by unilateral improvements, so stability alone does "
            "not make a settlement likely."
        )
    return text
