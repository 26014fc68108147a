"""The commands over one scenario: ``show``, ``validate``, ``schema``, ``proposals``,
``score``, ``diff``, ``analyze`` and ``demo``. Thin: each loads a scenario, calls the
library, prints tables or (with ``--json``) one JSON document with the same content.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.padding import Padding
from rich.text import Text

from accord import api
from accord.analysis import score_proposals
from accord.analysis.bargaining import analyze as analyze_scenario
from accord.cli import tables
from accord.cli.common import (
    REPORT_MODULES,
    UsageProblem,
    checked,
    emit_json,
    err,
    out,
    require_extra,
)
from accord.cli.options import (
    JSON_ROWS,
    AsOfOpt,
    BatnaChoice,
    BatnaOpt,
    JsonOpt,
    MediatorsOpt,
    ProposalOpt,
    ResolutionOpt,
    ScenarioArg,
    ZopaSeedOpt,
    leading_scenario,
)
from accord.cli.scenario import (
    open_scenario,
    print_analysis,
    print_gap,
    print_header,
    replay_scenario,
)
from accord.io import DEFAULT_SCENARIO
from accord.model import Scenario
from accord.model.views import DEFAULT_VIEW
from accord.overview.briefing_records import Judgement
from accord.overview.marks import MARK_KEY, batnas_marked
from accord.overview.records import Overview
from accord.overview.words import batna_texts


def show(
    scenario: ScenarioArg = DEFAULT_SCENARIO, json_: JsonOpt = False, as_of: AsOfOpt = None
) -> None:
    """Show a scenario: actors, issues and stances (as they stood, with --as-of)."""
    loaded, _ = replay_scenario(scenario)  # the scenario argument's rule, its one-line errors
    try:
        view = api.show(loaded, as_of=as_of)
    except ValueError as exc:
        raise UsageProblem(str(exc).replace("as_of", "--as-of", 1)) from None
    replay = view.replay
    if replay is not None:
        for note in (f"as of {replay.date.isoformat()}", *replay.notes):
            err.print(f"note: {note}", highlight=False)
    if json_:
        emit_json(view.to_dict())
        return
    s = view.scenario
    stood = replay.stood if replay else None
    batnas = batnas_marked(s, DEFAULT_VIEW)
    marks = tables.batna_marks(stood) if stood else {}
    for a in s.actors:  # a dated BATNA says from when its values hold
        mark = marks.get(a.id) or (f"since {a.batna.since}" if a.batna and a.batna.since else "")
        if mark and a.id in batnas:
            batnas[a.id] += f" ({mark})"
    print_header(s)
    out.print(tables.actors_table(s, batnas=batnas))
    for line in tables.actor_texts(s):
        out.print(line)
    out.print(tables.issues_table(s))
    out.print(tables.stances_table(s, stood))
    out.print(Text(MARK_KEY, style="dim"))


def validate(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="the scenario .yaml file (or built-in) to check")
    ],
    json_: JsonOpt = False,
) -> None:
    """Check a scenario file and report every problem with its line and a fix."""
    check = api.validate(file)
    if json_:
        emit_json(check.to_dict())
    else:
        for p in check.problems:
            (err if p.severity == "error" else out).print(
                Text(p.render(file), style="red" if p.severity == "error" else "yellow")
            )
        scenario = check.scenario
        if scenario is not None:
            out.print(
                f"[green]OK[/green] {file}: {len(scenario.actors)} actors, "
                f"{len(scenario.issues)} issues, "
                f"{len(scenario.stances)} stances, {len(scenario.proposals)} drafts"
            )
    if check.scenario is None:
        raise typer.Exit(2)


def schema(
    json_: Annotated[
        bool, typer.Option("--json", help="accepted for uniformity: the schema is JSON already")
    ] = False,
) -> None:
    """Print the JSON Schema of scenario files."""
    emit_json(Scenario.model_json_schema())


def proposals(
    scenario: ScenarioArg = DEFAULT_SCENARIO, json_: JsonOpt = False, as_of: AsOfOpt = None
) -> None:
    """List the drafts of a scenario."""
    s = open_scenario(scenario, as_of)
    card = score_proposals(s)
    if json_:
        emit_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "date": p.date,
                    "authors": p.authors,
                    "based_on": p.based_on,
                    "points": len(p.points),
                    "settings": card.to_dict()["settings"][p.id],
                }
                for p in s.proposals
            ]
        )
        return
    out.print(tables.proposals_table(s, card))


def score(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Score every draft for every actor, with the red lines it crosses."""
    as_loaded = open_scenario(scenario, as_of)
    scored = checked(api.score, as_loaded, batna=batna.value)
    if json_:
        emit_json(scored.to_dict())
        return
    s, card, home = scored.scenario, scored.card, scored.ratification
    out.print(tables.scorecard_table(s, card, batnas_marked(as_loaded, batna.value)))
    out.print(Text(MARK_KEY, style="dim"))
    red = tables.red_lines_table(s, card)
    if red is not None:
        out.print(red)
    if scored.sequenced:
        from accord.cli.sequencing import staged_table

        out.print(staged_table(s, list(scored.sequenced)))
    if home is not None:
        from accord.cli.ratification import drafts_table, print_assumptions

        table = drafts_table(s, home)
        if table is not None:
            out.print(table)
            print_assumptions(home)


def diff(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[SCENARIO] BEFORE AFTER",
            help=f"the scenario (a built-in name or a .yaml file; default {DEFAULT_SCENARIO}), "
            "then the ids of the earlier and the later draft",
            show_default=False,
        ),
    ],
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Show issue by issue what changed between two drafts and who gains or loses."""
    scenario, before, after = leading_scenario(args, ("BEFORE", "AFTER"), "accord diff")
    changed = checked(api.diff, open_scenario(scenario, as_of), before, after, batna=batna.value)
    if json_:
        emit_json(changed.to_dict())
        return
    out.print(tables.diff_table(changed.scenario, changed.diff))


def analyze(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    parties_: Annotated[
        list[str] | None,
        typer.Option("--parties", "-p", help="actors whose agreement counts (default: role party)"),
    ] = None,
    proposal: ProposalOpt = None,
    mediators: MediatorsOpt = False,
    resolution: ResolutionOpt = 11,
    seed: ZopaSeedOpt = 0,
    json_: JsonOpt = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help=f"with --json, every frontier outcome (default: {JSON_ROWS:,}, evenly spaced)",
        ),
    ] = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
    epsilon: Annotated[
        float | None,
        typer.Option(
            "--epsilon",
            min=0.0,
            help="an ε-frontier: every exact frontier outcome within E of a listed one for "
            "every party (utility scale 0-1); 0 for the exact frontier [default: exact "
            "unless estimated too large, then 0.01, with a note]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Zone of possible agreement, Pareto frontier, bargaining solutions, draft verdicts."""
    from accord.cli.frontier_progress import frontier_progress, frontier_words

    with frontier_progress(epsilon):  # ε, and a bar on a terminal when it takes long
        found = checked(
            api.analyze,
            open_scenario(scenario, as_of),
            parties=parties_,
            proposals=proposal,
            mediators=mediators,
            resolution=resolution,
            seed=seed,
            batna=batna.value,
        )
    if json_:
        # written as it is decoded: a large frontier is never held as text or as rows
        limit = None if all_ else JSON_ROWS
        doc = found.document(limit, rest="accord analyze --json --all prints every one")
        emit_json(doc)
        return
    s = found.scenario
    print_analysis(s, found.analysis)
    if words := frontier_words(found.analysis.frontier):
        err.print(Text(f"Pareto frontier: {words}", style="yellow"))
    if found.gap is not None:
        print_gap(found.gap, batna)
    if found.sequenced:
        from accord.cli.sequencing import staged_table

        out.print(staged_table(s, list(found.sequenced)))
    if found.ratification is not None:
        from accord.cli.ratification import print_ratification

        print_ratification(s, *found.ratification)


def demo(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    report: Annotated[
        str,
        typer.Option(
            metavar="FILE",
            help="also write the briefing here (.html, .md or .pdf; '' for none) "
            "[default: reports/SCENARIO.html]",
            show_default=False,
        ),
    ] = "reports/{scenario}.html",
    batna: BatnaOpt = BatnaChoice.perceived,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="every table behind the judgements: actors, drafts, scorecard, red lines, "
            "changes, agreement space, forecasts and dynamics",
        ),
    ] = False,
) -> None:
    """The default scenario on one screen: the bottom line and the key judgements, and
    where the full briefing was written; --verbose adds every table behind them."""
    if report:
        try:
            require_extra("accord demo's briefing", "report", REPORT_MODULES)
        except UsageProblem as missing:  # the analysis itself needs no extra
            raise UsageProblem(
                f"{missing}, or accord demo --report '' for the analysis alone"
            ) from None
    # Imported here: the forecasting, dynamics and report code is only needed by the demo.
    from accord.cli.report import REPORT_DRAWS
    from accord.overview import run_overview
    from accord.overview.judgements import bottom_line, key_judgements
    from accord.results.briefing import briefing_path, write_overview

    as_loaded = open_scenario(scenario, as_of)
    target = report.format(scenario=as_loaded.id) if report else ""
    if target:
        # a bad extension is refused before a minute of analysis
        checked(briefing_path, target, hint="")
    # Every analysis, run once with the briefing's draws and seed: the judgements printed
    # here, the tables of --verbose and the briefing written all come from this overview.
    o = run_overview(as_loaded, draws=REPORT_DRAWS, seed=DEMO_SEED, batna=batna.value)
    judgements = key_judgements(o)
    bottom = bottom_line(o, judgements)
    written = checked(write_overview, o, Path(target)) if target else []
    if json_:
        doc = _demo_details(o, as_loaded, batna, show=False)
        doc |= {"bottom_line": bottom, "key_judgements": judgements, "draws": o.draws}
        emit_json({**doc, "seed": o.seed, "report": str(written[0]) if written else None})
        return
    if verbose:
        print_header(o.scenario)
    else:
        title = o.scenario.title
        if "as of" not in title.lower():  # a title may carry its date already
            title += f" — as of {o.scenario.as_of or 'undated'}"
        out.print(Text(title, style="bold"))
    print_judgements(bottom, judgements, o.draws, o.seed)
    if verbose:
        _demo_details(o, as_loaded, batna, show=True)
    if written:
        where = Text("The full briefing: ", style="bold")
        out.print(where + Text(str(written[0].resolve())), soft_wrap=True)
    else:
        out.print(f"No briefing written: accord report {o.scenario.id} -o FILE writes one.")
    if not verbose:
        more = f"Every table behind these judgements: accord demo {scenario} --verbose"
        out.print(Text(more, style="dim"), soft_wrap=True)


#: Seed of every random draw of the demo (the briefing's default).
DEMO_SEED = 0


def print_judgements(bottom: str, judgements: Sequence[Judgement], draws: int, seed: int) -> None:
    """The bottom line and the key judgements, each with its estimative word's range and its
    confidence, and one line on what the chances and the confidence rest on."""
    from accord.overview.estimative import word_range_text

    out.print(Text("Bottom line", style="bold"))
    out.print(Padding(Text(bottom), (0, 0, 0, 2)))
    out.print(Text("Key judgements", style="bold"))
    for k, j in enumerate(judgements, 1):
        line = Text(f"{k}. ", style="bold")
        line.append(j.statement)
        # the reason for the confidence is the briefing's (it names the inputs): one screen
        # has room for the grade alone
        how = f"{j.confidence.value} confidence"
        if j.word is not None:
            how = f"{j.word.text}, {word_range_text(j.word)}; {how}"
        line.append(f" ({how})", style="dim")
        out.print(Padding(line, (0, 0, 0, 2)))
    out.print(
        Text(
            f"Chances are shares of {draws:,} Monte Carlo draws (seed {seed}) over the spreads "
            "the scenario declares; the words follow ICD 203; confidence is high, moderate or "
            "low by the share of a judgement's inputs that are sourced rather than the "
            "analyst's judgement.",
            style="dim",
        )
    )


def _demo_details(
    o: Overview, as_loaded: Scenario, batna: BatnaChoice, *, show: bool
) -> dict[str, Any]:
    """Every table of ``accord demo --verbose`` (printed when ``show``) and their JSON
    document (what ``--json`` prints beside the judgements)."""
    from accord.cli.demo_dynamics import dynamics_demo, print_dynamics_demo
    from accord.cli.forecasting import DEMO_MODELS, forecasts_table
    from accord.forecast.models import forecast
    from accord.overview.commitments import brief_lines
    from accord.overview.deal import CENTRE, deal_lines, no_deal, outlook, package_lines
    from accord.overview.packages import turn_lines

    s = o.scenario
    labels = batnas_marked(as_loaded, batna.value)
    card, diffs = o.card, list(o.diffs)
    # The overview skips the all-party analysis on large scenarios; the demo always shows it.
    analysis = o.analysis or analyze_scenario(s)
    forecasts = {m: o.forecasts.get(m) or forecast(s, m) for m in DEMO_MODELS}
    dynamics = dynamics_demo(s)
    # Deal or no deal first, with the briefing's draws and seed (the same numbers as its summary)
    looks = outlook(s, forecasts["compromise"])
    doc = {
        "scenario": {"id": s.id, "title": s.title, "as_of": s.as_of, "summary": s.summary},
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "role": a.role,
                "batna": a.batna.utility if a.batna else None,
                "batna_view": batna.value,
                "batna_label": batna_texts(as_loaded, batna.value)[a.id],
            }
            for a in s.actors
        ],
        "scorecard": card.to_dict(),
        "diffs": [d.to_dict() for d in diffs],
        "analysis": analysis.to_dict(),
        "forecasts": {m: f.to_dict() for m, f in forecasts.items()},
        **looks.to_dict(),
        "dynamics": dynamics,
        "trades": None if o.trades is None else o.trades.to_dict(),
        "commitments": {
            "sequences": o.sequences,
            "orders": o.orders,
            "ratification": o.ratified,
            "win_sets": o.win_sets,
            "text": brief_lines(o),
        },
    }
    if not show:
        return doc
    out.print(tables.actors_table(s, brief=True, batnas=labels))
    out.print(Text(MARK_KEY, style="dim"))
    out.print(tables.proposals_table(s, card))
    out.print(tables.scorecard_table(s, card, labels))
    red = tables.red_lines_table(s, card)
    if red is not None:
        out.print(red)
    for d in diffs:
        out.print(tables.diff_table(s, d))
    print_analysis(s, analysis)
    out.print("Deal or no deal:", style="bold")
    for line in deal_lines(s, looks) + package_lines(s, looks):
        out.print(f"  {line}", highlight=False)
    turns = turn_lines(s, analysis.soft, o.trades, o.trade_checks)
    if turns:
        out.print("What the talks turn on:", style="bold")
        for line in turns:
            out.print(f"  {line}", highlight=False)
    said = brief_lines(o)  # phased drafts, orders and ratification beside the flat results
    if said:
        out.print("Order, trust and ratification:", style="bold")
        for line in said:
            out.print(f"  {line}", highlight=False)
    table = forecasts_table(s, forecasts)
    if no_deal(looks):  # no per-issue outcome under a no-deal verdict: the centre, relabelled
        table.title = f"{CENTRE[0].upper()}{CENTRE[1:]}: each issue by model (nearest setting)"
    out.print(table)
    print_dynamics_demo(s, dynamics, out)
    return doc
