"""Forecasts: where each issue is likely to land, by model, and how sure that is.

Point forecasts are :func:`accord.forecast.models.forecast`'s; the bands are the 5% and 95%
quantiles of :func:`accord.forecast.montecarlo.simulate` over the scenario's spreads (same
draws and seed for every model, fewer for eum on large scenarios: see the caption). Issues
have different scales, so the charts put every issue on its own scale from 0 (its first
pole) to 1 (its other pole); the tables give the settings in words.
"""

from __future__ import annotations

from accord.analysis.inputs import issue_scale
from accord.forecast.calibration import PROVENANCE, Interval, forecast_intervals
from accord.forecast.convergence import WINDOW
from accord.forecast.models import Forecast, nearest_setting
from accord.forecast.montecarlo import Simulation
from accord.model import Issue, IssueKind, Scenario
from accord.overview.deal import deal_lines, forecast_label, no_deal, package_lines
from accord.overview.settled import MARK, unsettled
from accord.overview.words import cut, name, pct, sentence
from accord.report.document import (
    Bars,
    Block,
    Bullets,
    Cell,
    Chart,
    Paragraph,
    Region,
    Section,
    Series,
    Table,
)
from accord.report.results import MAIN_MODEL, Results

ID = "forecasts"
TITLE = "Forecasts"
#: Issues given a tornado chart (the most sensitive ones), and inputs shown on each.
TORNADO_ISSUES = 3
TORNADO_INPUTS = 10
#: Dyad classifications, most serious first.
KINDS = ("conflict", "compromise", "capitulation")


def _issues_label(r: Results) -> str:
    """What the per-issue forecasts are: outcomes if a deal is reached, or, under a no-deal
    verdict, the centre of the stated positions (:func:`accord.overview.deal.forecast_label`)."""
    label = forecast_label(r.outlook)
    return label[0].upper() + label[1:]


def section(r: Results) -> Section | None:
    """Deal or no deal first; then, framed as outcomes if a deal is reached (or as the
    centre of the positions under a no-deal verdict), the forecasts with their bands and the
    backtest's caveat. Calibrated intervals, the expected-utility rounds, who pressures whom
    and the tornado charts are the section's appendix."""
    s = r.scenario
    if not s.stances or all(f.value is None for f in r.forecasts[MAIN_MODEL].issues):
        return None
    blocks: list[Block] = []
    if r.outlook is not None:  # deal or no deal first; the table holds if a deal is reached
        o = r.outlook
        blocks += [Paragraph(line, tone="finding") for line in deal_lines(s, o)]
        blocks.append(Paragraph(f"Assumed: {'; '.join(o.deal.assumes)}.", tone="caveat"))
        package = [Paragraph(line) for line in package_lines(s, o, details=True)]
    else:
        package = []
    blocks += _acceptance(r)
    by_issue: list[Block] = [Paragraph(f"{_issues_label(r)}, by issue:"), _table(r)]
    # under a no-deal verdict the table is the centre of the stated positions, which no
    # party need accept: the chart shows it in the body, the table goes to the appendix
    centre = r.outlook is not None and no_deal(r.outlook)
    if not centre:
        blocks += by_issue
    bands = forecast_bands(r)
    if bands is not None:
        blocks.append(bands)
    intervals = _intervals(r)
    # the backtest's caveat belongs beside the figures it qualifies, in the body
    blocks += [b for b in intervals if isinstance(b, Paragraph)]
    details: list[Block] = [
        *(by_issue if centre else ()),
        *package,
        *_unsettled(r),
        *(b for b in intervals if not isinstance(b, Paragraph)),
    ]
    eum = r.forecasts.get("eum")
    if eum is not None and eum.rounds:
        details.append(trajectory_chart(s, eum))
        details += _pressure(s, eum)
    if r.sensitivity is not None:
        details += tornado_charts(r)
    notes = sorted({n for f in r.forecasts.values() for n in f.notes})
    if notes:
        details.append(Paragraph("Notes: " + "; ".join(notes) + ".", tone="caveat"))
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


def scaled(issue: Issue, value: float) -> float:
    """A value on the issue's own scale, as 0 (first pole) to 1 (other pole)."""
    lo, hi = issue_scale(issue)
    return float((value - lo) / (hi - lo)) if hi > lo else 0.0


def _label(issue: Issue, value: float) -> str:
    return issue.label(nearest_setting(issue, value))


def _band(issue: Issue, sim: Simulation) -> str | None:
    q = sim.issue(issue.id).quantiles
    if q is None:
        return None
    lo, hi = _label(issue, q[5]), _label(issue, q[95])
    return lo if lo == hi else f"{lo} – {hi}"


def _table(r: Results) -> Table:
    s, main = r.scenario, r.simulations[MAIN_MODEL]
    rows: list[tuple[Cell, ...]] = []
    for issue in s.issues:
        cells: list[Cell] = [issue.name]
        for f in r.forecasts.values():
            one = f.issue(issue.id)
            if one.value is None:
                cells.append("no forecast")
            elif not one.converged:  # the last round's value is no forecast: marked
                cells.append(f"{MARK} {one.label} (did not settle)")
            else:
                cells.append(one.label)
        summary = main.issue(issue.id)
        cells.append(_band(issue, main))
        if summary.settings:
            top = max(summary.settings, key=lambda k: summary.settings[k])  # type: ignore[index]
            label = issue.label(top == "true" if issue.kind is IssueKind.boolean else top)
            cells.append(f"{label} ({pct(summary.settings[top])})")
        else:
            cells.append(None)
        rows.append(tuple(cells))
    return Table(
        columns=(
            "issue",
            *r.forecasts,
            f"{MAIN_MODEL}: 5%–95% of draws",
            f"{MAIN_MODEL}: most often",
        ),
        rows=tuple(rows),
        caption=f"{_issues_label(r)}: the nearest setting each model forecasts; the spread "
        f"over {main.draws:,} Monte Carlo draws of the scenario's uncertain numbers "
        f"(seed {main.seed}).",
    )


def _unsettled(r: Results) -> list[Block]:
    """Which issues each iterative model did not settle on, and how its value swings."""
    s = r.scenario
    issues = {i.id: i for i in s.issues}
    out: list[Block] = []
    for model, f in r.forecasts.items():
        found = unsettled(f, issues)
        if not found:
            continue
        out.append(
            Paragraph(
                f"{MARK} The {model} model did not settle on {len(found)} issue"
                f"{'s' if len(found) > 1 else ''}: its value there is the one its rounds "
                "happened to end on, not a forecast.",
                tone="caveat",
            )
        )
        out.append(Bullets(tuple(f"{issues[iid].name} ({iid}): {text}."
                                 for iid, text in found.items())))  # fmt: skip
    return out


def interval_text(issue: Issue, band: Interval) -> str:
    """An interval in words: its settings' labels (first to last), or its ends labelled."""
    if band.labels:
        return " – ".join(dict.fromkeys((band.labels[0], band.labels[-1])))
    return " – ".join(dict.fromkeys((issue.label(band.low), issue.label(band.high))))


def _intervals(r: Results) -> list[Block]:
    """The main model's calibrated 50/80/90% intervals per issue, and where they come from."""
    s, f = r.scenario, r.forecasts[MAIN_MODEL]
    try:
        found = forecast_intervals(s, f)
    except ValueError:  # a model without a fit
        return []
    if not found:
        return []
    keys = list(next(iter(found.values())))
    rows: list[tuple[Cell, ...]] = []
    for issue in s.issues:
        levels = found.get(issue.id)
        if levels is None:
            continue
        one = f.issue(issue.id)
        rows.append((issue.name, one.label,
                     *(interval_text(issue, levels[k]) for k in keys)))  # fmt: skip
    return [
        Table(
            columns=("issue", MAIN_MODEL, *(f"{k}% interval" for k in keys)),
            rows=tuple(rows),
            caption=f"{_issues_label(r)}: calibrated {'/'.join(keys)}% intervals around "
            f"the {MAIN_MODEL} forecast (accord.forecast.calibration); for an issue with "
            "settings, the settings inside the interval, first to last.",
        ),
        Paragraph(PROVENANCE, tone="caveat"),
    ]


def forecast_bands(r: Results) -> Chart | None:
    """Each model's forecast of each issue with its Monte Carlo band (5% to 95%), None when
    no draw gives a forecast; reads ``scenario``, ``forecasts``, ``simulations`` and ``seed``
    of ``r``."""
    s = r.scenario
    series = []
    for model, f in r.forecasts.items():
        sim = r.simulations.get(model)
        xs, ys, lows, highs = [], [], [], []
        for issue in s.issues:
            one = f.issue(issue.id)
            q = sim.issue(issue.id).quantiles if sim is not None else None
            if one.value is None or q is None:
                continue
            xs.append(issue.name)
            ys.append(scaled(issue, one.value))
            lows.append(scaled(issue, q[5]))
            highs.append(scaled(issue, q[95]))
        if xs:
            series.append(
                Series(
                    name=model,
                    x=tuple(xs),
                    y=tuple(ys),
                    low=tuple(lows),
                    high=tuple(highs),
                    mode="markers",
                )
            )
    if not series:  # no draw gives a forecast (e.g. every weight zero)
        return None
    draws = ", ".join(f"{m} {sim.draws:,}" for m, sim in r.simulations.items())
    return Chart(
        id="forecasts-models",
        title="Forecast of each issue by model, with Monte Carlo bands",
        x_label="",
        y_label="position, 0 to 1",
        series=tuple(series),
        y_range=(0.0, 1.0),
        caption="Marker: the model's forecast; bar: 5% to 95% of the Monte Carlo draws "
        f"(draws: {draws}; seed {r.seed}). Each issue on its own scale, from 0 (its first "
        "pole) to 1 (its other pole).",
    )


def _acceptance(r: Results) -> list[Block]:
    s, sim = r.scenario, r.simulations[MAIN_MODEL]
    out: list[Block] = []
    z = sim.zopa
    if z.probability is not None:
        lo, hi = z.interval or (z.probability, z.probability)
        band = "" if lo == hi else f" (95% interval {pct(lo)}–{pct(hi)})"
        out.append(
            Paragraph(
                f"Over {sim.draws:,} draws (seed {sim.seed}) a ZOPA exists in "
                f"{pct(z.probability)} of them{band}. {sentence(z.note)}"
            )
        )
    if sim.acceptance:
        rows: list[tuple[Cell, ...]] = []
        for draft, by_party in sim.acceptance.items():
            everyone = sim.accepted_by_all[draft]
            weakest = min(by_party, key=lambda a: by_party[a]["yes"])
            rows.append(
                (
                    draft,
                    pct(everyone["yes"]),
                    pct(everyone["maybe"]),
                    f"{name(s, weakest)} ({pct(by_party[weakest]['yes'])})",
                )
            )
        out.append(
            Table(
                columns=("draft", "all parties accept", "maybe (open points)", "least willing"),
                rows=tuple(rows),
                caption=f"Share of the {sim.draws:,} draws in which every party accepts the "
                "draft, and the party that accepts it least often.",
            )
        )
    return out


def trajectory_chart(s: Scenario, eum: Forecast) -> Chart:
    """The eum forecast of each issue round by round, the rounds it cycles on shaded."""
    rounds = tuple(range(len(eum.rounds)))
    series = []
    for k, issue in enumerate(s.issues):
        ys = [row[k] for row in eum.rounds]
        if any(v is None for v in ys):
            continue
        series.append(
            Series(
                name=issue.id,
                x=rounds,
                y=tuple(scaled(issue, float(v)) for v in ys),  # type: ignore[arg-type]
                mode="lines",
            )
        )
    preset = (eum.options or {}).get("preset")
    regions = _cycles(s, eum)
    shaded = (
        " Shaded: the rounds over which the model cycles (or keeps moving) on an issue it did "
        "not settle on, and the range its forecast swings over there; the last round's value "
        "is then no forecast."
        if regions
        else ""
    )
    return Chart(
        id="forecasts-eum-rounds",
        title="Expected-utility model, round by round",
        x_label="round",
        y_label="position, 0 to 1",
        series=tuple(series),
        regions=regions,
        y_range=(0.0, 1.0),
        caption="The eum forecast of each issue (by id) before the first round (0) and after "
        "each round of challenges" + (f" (options: {preset})." if preset else ".") + shaded,
    )


def _cycles(s: Scenario, eum: Forecast) -> tuple[Region, ...]:
    """A band per issue the model did not settle on: over the rounds where the play repeats
    (the last ``period`` rounds and the round they repeat), or the last rounds it still moves
    over, from the low to the high of its forecast there."""
    last = len(eum.rounds) - 1
    out = []
    for one in eum.issues:
        if one.converged or one.value is None or not one.cycle:
            continue
        low, high = one.cycle.get("low"), one.cycle.get("high")
        if low is None or high is None:
            continue
        issue = s.issue(one.issue)
        period = one.cycle.get("period")
        span = int(period) if period else WINDOW
        y0, y1 = sorted((scaled(issue, float(low)), scaled(issue, float(high))))
        what = f"cycle of {int(period)}" if period else "still moving"
        out.append(Region(x0=float(max(0, last - span)), x1=float(last), y0=y0, y1=y1,
                          label=f"{one.issue}: {what}", series=one.issue))  # fmt: skip
    return tuple(out)


def _pressure(s: Scenario, eum: Forecast) -> list[Block]:
    if not eum.dyads:
        return []
    first, last = eum.dyads[0], eum.dyads[-1]
    counts: list[tuple[str | int, ...]] = [
        (label, *(sum(d["kind"] == k for d in dyads) for k in KINDS))
        for label, dyads in (("first", first), (f"last ({len(eum.dyads)})", last))
    ]
    out: list[Block] = [
        Table(
            columns=("round", *KINDS),
            rows=tuple(counts),
            caption="Who would pressure whom: challenges in the first and last round of the "
            "expected-utility model, by how the challenged actor would respond.",
        )
    ]
    ordered = sorted(first, key=lambda d: KINDS.index(d["kind"]))
    rows, note = cut(
        [
            (name(s, d["challenger"]), name(s, d["target"]), s.issue(d["issue"]).name, d["kind"])
            for d in ordered
        ],
        "challenges",
    )
    if rows:
        out.append(
            Table(
                columns=("challenger", "target", "issue", "kind"),
                rows=rows,
                caption="First-round challenges, conflicts first"
                + (f" ({note})" if note else "")
                + ". Conflict: both sides expect to gain from a fight; compromise: the target "
                "would move part of the way towards the challenger; capitulation: the target "
                "would move all the way.",
            )
        )
    return out


def tornado_charts(r: Results) -> list[Block]:
    """A tornado chart per issue the inputs move most (the main model's sensitivity); reads
    ``scenario`` and ``sensitivity`` of ``r``."""
    s, sens = r.scenario, r.sensitivity
    assert sens is not None
    width = {i.id: issue_scale(i)[1] - issue_scale(i)[0] for i in s.issues}
    top = sorted(
        (iid for iid, bars in sens.tornado.items() if bars and bars[0].swing > 0),
        key=lambda iid: -sens.tornado[iid][0].swing / (width[iid] or 1.0),
    )[:TORNADO_ISSUES]
    out: list[Block] = []
    for iid in top:
        issue = s.issue(iid)
        base = sens.base[iid]
        # a bar needs both ends; an end without a forecast takes the base value, if any
        bars = [
            b
            for b in sens.tornado[iid][:TORNADO_INPUTS]
            if b.swing > 0 and (base is not None or None not in (b.at_low, b.at_high))
        ]
        if not bars:
            continue
        lows = [b.at_low if b.at_low is not None else base for b in bars]
        highs = [b.at_high if b.at_high is not None else base for b in bars]
        out.append(
            Chart(
                id=f"forecasts-tornado-{iid}",
                title=f"What moves the {MAIN_MODEL} forecast of {issue.name}",
                x_label=f"forecast ({issue.unit or 'position on the issue scale'})",
                bars=Bars(
                    categories=tuple(b.input for b in bars),
                    low=tuple(float(v) for v in lows),  # type: ignore[arg-type]
                    high=tuple(float(v) for v in highs),  # type: ignore[arg-type]
                    base=base,
                    low_name="input at its low end",
                    high_name="input at its high end",
                ),
                caption="Each uncertain input moved to the low and the high end of its spread, "
                "every other input at the scenario's value; largest swing first.",
            )
        )
    return out
