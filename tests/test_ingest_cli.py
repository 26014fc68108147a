"""``accord ingest`` and ``accord apply`` through Typer, as app.py will register them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("spacy")

from accord.cli.app import UsageProblem
from accord.cli.ingest import apply_command, ingest_command
from accord.ingest import extract
from accord.ingest.evidence import load_evidence
from accord.ingest.nlp import INSTALL_HINT, NlpMissing
from accord.io import load_scenario

NEWS = Path(__file__).parent / "data" / "news"
app = typer.Typer()
app.command(name="ingest")(ingest_command)
app.command(name="apply")(apply_command)
runner = CliRunner()


def accord(*args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), env={"COLUMNS": "160"})
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


def problem(*args: str) -> str:
    """The one-line error the accord command would print (UsageProblem, exit code 2)."""
    result = accord(*args, ok=False)
    assert isinstance(result.exception, UsageProblem), (result.output, result.exception)
    return str(result.exception)


def test_ingest_json_is_one_document():
    out = accord(
        "ingest", str(NEWS / "trade-nickel.txt"), "--scenario", str(NEWS / "trade.yaml"), "--json"
    )
    data = json.loads(out.stdout)
    assert data["scenario"] == "eu-indonesia-trade"
    assert data["articles"][0]["date"] == "2025-10-15"
    types = {e["type"] for e in data["evidence"]}
    assert {"mention", "quote", "demand", "claim", "denial", "threat", "event"} <= types
    assert data["suggestions"] and all(s["keep"] is False for s in data["suggestions"])


def test_ingest_table_and_evidence_file(tmp_path: Path):
    target = tmp_path / "ev.yaml"
    out = accord(
        "ingest", str(NEWS / "ukraine-geneva.txt"), "--scenario", "ukraine-2025", "-o", str(target)
    )
    assert "Suggestions for 'ukraine-2025'" in out.stdout and "supports" in out.stdout
    ev = load_evidence(target)
    assert ev.articles[0].id == "ukraine-geneva" and ev.evidence


def test_ingest_skips_bad_files_and_keeps_going(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    good = tmp_path / "good.txt"
    good.write_text("Zelenskyy said Ukraine would never recognise Crimea as Russian.")
    out = accord(
        "ingest", str(tmp_path), "--scenario", "ukraine-2025", "--date", "2025-12-01", "--json"
    )
    data = json.loads(out.stdout)
    assert [a["path"] for a in data["articles"]] == [str(good)]
    assert {Path(s["path"]).name for s in data["skipped"]} == {"empty.txt", "blob.txt"}


def test_ingest_errors_are_one_line(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    assert "no article could be read" in problem("ingest", str(tmp_path / "empty.txt"))
    assert "is not a date" in problem("ingest", str(NEWS / "trade-nickel.txt"), "--date", "soon")


def test_ingest_without_the_nlp_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    def missing() -> None:
        raise NlpMissing(INSTALL_HINT)

    monkeypatch.setattr(extract, "load_nlp", missing)
    assert "install accord[nlp]" in problem("ingest", str(NEWS / "trade-nickel.txt"))


def test_apply_writes_a_new_file_and_never_overwrites(tmp_path: Path):
    ev = tmp_path / "ev.yaml"
    scenario = str(NEWS / "trade.yaml")
    accord("ingest", str(NEWS / "trade-nickel.txt"), "--scenario", scenario, "-o", str(ev))
    new = tmp_path / "new.yaml"
    out = accord(
        "apply",
        str(ev),
        "--scenario",
        scenario,
        "--accept",
        "s1",
        "-o",
        str(new),
        "--reliability",
        "wire",
    )
    assert "wrote" in out.stdout
    s = load_scenario(new)
    assert s.source("news-trade-nickel").reliability.value == "wire"
    assert "exists" in problem(
        "apply", str(ev), "--scenario", scenario, "--accept", "s1", "-o", str(new)
    )
    assert "nothing accepted" in problem(
        "apply", str(ev), "--scenario", scenario, "-o", str(tmp_path / "n2.yaml")
    )
    assert "say where to write" in problem(
        "apply", str(ev), "--scenario", scenario, "--accept", "s1"
    )
    assert "compared with scenario" in problem(
        "apply",
        str(ev),
        "--scenario",
        "ukraine-2025",
        "--accept",
        "s1",
        "-o",
        str(tmp_path / "n3.yaml"),
    )


def test_apply_in_place_keeps_a_backup(tmp_path: Path):
    scenario = tmp_path / "trade.yaml"
    original = (NEWS / "trade.yaml").read_text()
    scenario.write_text(original)
    ev = tmp_path / "ev.yaml"
    accord("ingest", str(NEWS / "trade-tariffs.txt"), "--scenario", str(scenario), "-o", str(ev))
    out = accord(
        "apply", str(ev), "--scenario", str(scenario), "--accept", "all", "--in-place", "--json"
    )
    data = json.loads(out.stdout)
    assert data["written"] == str(scenario) and data["changes"]
    assert (tmp_path / "trade.yaml.bak").read_text() == original
    assert load_scenario(scenario).source("news-trade-tariffs")
    assert not list(tmp_path.glob(".trade.yaml.*.tmp"))
    assert "needs a scenario file" in problem(
        "apply", str(ev), "--scenario", "ukraine-2025", "--accept", "s1", "--in-place"
    )


def test_apply_rejects_a_file_that_is_not_evidence(tmp_path: Path):
    assert "not an evidence file" in problem(
        "apply",
        str(NEWS / "trade.yaml"),
        "--scenario",
        str(NEWS / "trade.yaml"),
        "--accept",
        "s1",
        "-o",
        str(tmp_path / "x.yaml"),
    )


def test_the_accord_command_reads_an_article_and_applies_it(tmp_path: Path):
    """End to end through the installed `accord` command, as a user runs it."""
    from cli_runner import accord as run

    ev, new = tmp_path / "ev.yaml", tmp_path / "new.yaml"
    text = str(NEWS / "ukraine-kremlin.txt")
    data = json.loads(run("ingest", text, "--scenario", "ukraine-2025", "--json").stdout)
    assert data["scenario"] == "ukraine-2025" and data["articles"][0]["id"] == "ukraine-kremlin"
    kinds = {item["type"] for item in data["evidence"]}
    assert {"quote", "mention"} <= kinds, kinds
    run("ingest", text, "--scenario", "ukraine-2025", "-o", str(ev))
    run("apply", str(ev), "--scenario", "ukraine-2025", "--accept", "all", "-o", str(new))
    s = load_scenario(new)
    assert any(src.id.startswith("news-") for src in s.sources)
    bad = run("ingest", str(tmp_path / "missing.txt"), check=2)
    assert "missing.txt" in bad.stderr
