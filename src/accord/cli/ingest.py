"""``accord ingest`` (news articles -> evidence file) and ``accord apply`` (accepted
suggestions -> a new scenario file). Thin: the work lives in :mod:`accord.ingest`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Annotated, overload

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.cli.common import UsageProblem, emit_json, err, out
from accord.cli.options import DEFAULT_SCENARIO, leading_scenario, looks_like_scenario
from accord.cli.scenario import open_scenario
from accord.model import Reliability
from accord.results.base import MissingExtra


def ingest_command(
    articles: Annotated[
        list[str],
        typer.Argument(
            metavar="[SCENARIO] ARTICLE...",
            help="the scenario to link and compare with first (a built-in name or a .yaml "
            "file; none if left out), then plain-text or HTML articles, or folders of them",
        ),
    ],
    scenario_opt: Annotated[
        str | None,
        typer.Option("--scenario", metavar="S", hidden=True, help="deprecated: SCENARIO"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="D", help="the articles' date (YYYY-MM-DD) when their header has none"
        ),
    ] = None,
    source_url: Annotated[
        str | None, typer.Option("--source-url", metavar="U", help="the article's address")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="write the evidence file (YAML) here")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="print one JSON document")] = False,
    processes: Annotated[
        int, typer.Option("--processes", min=1, max=64, help="parse with this many processes")
    ] = 1,
) -> None:
    """Read news articles and pull out evidence bearing on a scenario, with suggestions."""
    from accord.ingest.evidence import dump_evidence

    day = _date(date)
    # The scenario is the first positional argument when it names one (a built-in or a
    # .yaml file, never an article); without one the evidence is extracted unlinked.
    scenario = articles[0] if len(articles) > 1 and looks_like_scenario(articles[0]) else None
    if scenario is not None:
        articles = articles[1:]
    scenario = _deprecated_scenario("accord ingest", scenario, scenario_opt, "ARTICLE...")
    s = open_scenario(scenario) if scenario else None
    # articles are paths here, never texts: a name with a line break is still a file's name
    paths = [Path(a) for a in articles]
    try:
        found = api.ingest(s, paths, date=day, source_url=source_url, processes=processes)
    except (ValueError, MissingExtra) as exc:
        raise UsageProblem(str(exc)) from None
    ev = found.evidence
    for sk in ev.skipped:
        err.print(f"skipped {sk.path}: {sk.reason}", highlight=False)
    if output is not None:
        from accord.io.scenarios import write_atomically

        write_atomically(output, dump_evidence(ev))
        err.print(f"wrote {output}", highlight=False)
    if json_:
        emit_json(found.to_dict())
        return
    counts = ev.counts()
    out.print(
        Text(
            f"{len(ev.articles)} article(s), {len(ev.evidence)} evidence items "
            + "("
            + ", ".join(f"{n} {k}" for k, n in counts.items() if n)
            + ")"
            + (f", {len(ev.skipped)} skipped" if ev.skipped else ""),
            style="bold",
        )
    )
    t = Table(title="Evidence (mentions left out)", title_justify="left")
    for col in ("id", "type", "who", "issues", "sentence"):
        t.add_column(col, overflow="fold")
    for e in ev.evidence:
        if e.type.value == "mention":
            continue
        who = e.actor or e.speaker or "—"
        if e.speaker and e.actor and e.speaker.lower() != e.actor:
            who = f"{e.actor} ({e.speaker})"
        extra = f" [{e.date}]" if e.date else ""
        t.add_row(
            e.id,
            (e.kind and f"{e.type.value}: {e.kind}") or e.type.value,
            who,
            ", ".join(e.issues),
            Text(e.sentence + extra),  # words, not markup
        )
    out.print(t)
    if s is not None:
        st = Table(
            title=f"Suggestions for '{s.id}' (nothing is changed until accord apply)",
            title_justify="left",
        )
        for col in ("id", "evidence", "verdict", "suggestion"):
            st.add_column(col, overflow="fold")
        for sug in ev.suggestions:
            style = {"supports": "green", "contradicts": "red"}.get(sug.verdict.value, "yellow")
            said = f"{sug.message}\n  “{sug.quote}”" if sug.quote else sug.message
            verdict = sug.verdict.value + (f": {sug.about}" if sug.about else "")
            # Text, not markup: an article's "[sic]" or "[...]" is words, not a style.
            st.add_row(sug.id, sug.evidence, Text(verdict, style=style), Text(said))
        out.print(st)


def apply_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[SCENARIO] EVIDENCE",
            help=f"the scenario to change (a built-in name or a .yaml file; default "
            f"{DEFAULT_SCENARIO}), then an evidence file from accord ingest",
            show_default=False,
        ),
    ],
    scenario_opt: Annotated[
        str | None,
        typer.Option("--scenario", metavar="S", hidden=True, help="deprecated: SCENARIO"),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="ID",
            help="a suggestion id (s3), an evidence id (e12: all its suggestions) or 'all'; "
            "repeatable. Suggestions with keep: true in the file are accepted too",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="the new scenario file (must not exist)")
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="replace the scenario file itself, keeping FILE.bak"),
    ] = False,
    reliability: Annotated[
        Reliability,
        typer.Option("--reliability", help="reliability of the article as a source"),
    ] = Reliability.secondary,
    json_: Annotated[bool, typer.Option("--json", help="print one JSON document")] = False,
) -> None:
    """Apply the suggestions you accept to a new scenario file, citing the article."""
    from accord.data import scenario_names, scenario_text
    from accord.ingest.apply import ApplyError, accepted, apply_to_text, read_scenario_text
    from accord.ingest.evidence import EvidenceFileError, load_evidence
    from accord.io.located import MAX_BYTES
    from accord.io.scenarios import write_atomically

    scenario, evidence = leading_scenario(args, ("EVIDENCE",), "accord apply")
    if scenario_opt is not None:  # the old form: accord apply EVIDENCE --scenario S
        scenario = _deprecated_scenario(
            "accord apply", scenario if len(args) > 1 else None, scenario_opt, "EVIDENCE"
        )
    if in_place and output is not None:
        raise UsageProblem("give either -o NEW.yaml or --in-place, not both")
    if not in_place and output is None:
        raise UsageProblem(
            "say where to write: -o NEW.yaml (or --in-place to replace the scenario file)"
        )
    if in_place and not Path(scenario).is_file():
        raise UsageProblem(f"--in-place needs a scenario file; '{scenario}' is not one")
    if output is not None and output.exists():
        raise UsageProblem(
            f"{output} exists; choose a new name (or --in-place to replace the scenario)"
        )
    try:
        ev = load_evidence(evidence)
    except EvidenceFileError as exc:
        raise UsageProblem(str(exc)) from None
    raw = None
    source = _file_text(Path(scenario), MAX_BYTES)
    if source is not None:
        # one reading of the file gives both the scenario and the document edited below
        s, raw = read_scenario_text(source, scenario)
    else:  # a built-in, or a file the reader must explain (too large, not UTF-8, missing)
        s = open_scenario(scenario)
    if ev.scenario and ev.scenario != s.id:
        raise UsageProblem(f"the evidence was compared with scenario '{ev.scenario}', not '{s.id}'")
    try:
        chosen = accepted(ev, accept or [])
        if not chosen:
            raise UsageProblem(
                "nothing accepted: pass --accept ID (or all), or set keep: true in the file"
            )
        # The file's own text is changed where the values stand (a built-in's too, for -o),
        # so its comments and layout are kept.
        if source is not None:
            pass  # the file's text, read above
        elif scenario in scenario_names():
            source = scenario_text(scenario)
        else:  # pragma: no cover - open_scenario has refused anything else
            raise UsageProblem(f"no scenario file or built-in '{scenario}'")
        done = apply_to_text(source, s, ev, chosen, reliability, name=scenario, raw=raw)
    except ApplyError as exc:
        raise UsageProblem(str(exc)) from None
    notes = done.notes
    target = Path(scenario) if in_place else output
    assert target is not None
    text = done.text
    if in_place:
        backup = target.with_name(target.name + ".bak")
        shutil.copy2(target, backup)  # the old file stays until the new one is in place
        write_atomically(target, text)  # temp file in the same folder, then os.replace
        err.print(f"kept the old file as {backup}", highlight=False)
    else:
        _write_new(target, text)
    if json_:
        emit_json({"written": str(target), "accepted": [c.id for c in chosen], "changes": notes})
        return
    for note in notes:
        out.print(note, highlight=False)
    out.print(Text(f"wrote {target} ({len(chosen)} suggestion(s) applied)", style="bold"))


@overload
def _deprecated_scenario(command: str, given: str | None, option: str, rest: str) -> str: ...
@overload
def _deprecated_scenario(
    command: str, given: str | None, option: str | None, rest: str
) -> str | None: ...
def _deprecated_scenario(
    command: str, given: str | None, option: str | None, rest: str
) -> str | None:
    """The scenario named, accepting the old ``--scenario S`` with a one-line notice."""
    if option is None:
        return given
    if given is not None:
        raise UsageProblem(f"{command}: give the scenario once, as the first argument")
    err.print(
        f"note: --scenario is deprecated; give the scenario first: {command} {option} {rest}",
        highlight=False,
    )
    return option


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; a file created meanwhile is not overwritten."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise UsageProblem(f"{path} exists; choose a new name") from None
    except OSError as exc:
        raise UsageProblem(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"--date '{value}' is not a date; give YYYY-MM-DD") from None


def _file_text(path: Path, limit: int) -> str | None:
    """The text of a scenario file that can be read as it is, else None."""
    try:
        if not path.is_file() or path.stat().st_size > limit:
            return None
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
