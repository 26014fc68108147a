"""accord.api: each function gives the numbers of the matching ``accord ... --json`` command,
records its seed, reads well (repr, HTML, DataFrame) and fails with a clear error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import accord
import accord.api as ac
from accord.cli.app import app
from accord.model.problems import ScenarioError
from accord.results.base import MissingExtra, cell, html_table
from oracle_api import frontier_rows, score_rows
from strategies import utility_scenarios

UKRAINE = "ukraine-2025"


def cli_json(*args: str) -> Any:
    """``accord ARGS... --json`` run in this process, its document parsed."""
    res = CliRunner().invoke(app, [*args, "--json"], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def same(result: Any) -> Any:
    """The result's document as the command line writes it, parsed back."""
    return json.loads(result.to_json())


@pytest.fixture(scope="module")
def wage(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("api") / "wage.yaml"
    path.write_text(ac.EXAMPLE, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def ukraine_analysis() -> ac.Analysis:
    """The Ukraine analysis, run once: it is the slow one."""
    return ac.analyze(UKRAINE)


# --- loading and validation ------------------------------------------------------------------
def test_load_accepts_a_name_a_path_text_and_a_scenario(wage: str) -> None:
    from_text = ac.load(ac.EXAMPLE)
    assert ac.load(wage) == from_text
    assert ac.load(Path(wage)) == from_text
    assert ac.load(from_text) is from_text
    assert ac.load(UKRAINE).id == UKRAINE
    assert ac.load().id == UKRAINE  # the default scenario, as the commands


def test_load_as_of_replays_the_scenario() -> None:
    full = ac.load(UKRAINE)
    early = ac.load(UKRAINE, as_of="2025-11-20")
    assert len(early.proposals) < len(full.proposals)
    assert all(p.date is None or str(p.date) <= "2025-11-20" for p in early.proposals)
    with pytest.raises(ValueError, match="as_of 'soon' is not a date; give YYYY-MM-DD"):
        ac.load(UKRAINE, as_of="soon")


def test_unknown_builtin_says_did_you_mean() -> None:
    with pytest.raises(ScenarioError) as caught:
        ac.load("ukrane-2025")
    assert "no built-in scenario or file 'ukrane-2025' (did you mean 'ukraine-2025'?)" in str(
        caught.value
    )


def test_bad_file_raises_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ac.EXAMPLE.replace("salience: 0.5", "salience: lots"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        ac.load(bad)
    text = str(caught.value)
    assert f"{bad}:35:" in text and "stances[2].salience" in text
    with pytest.raises(ScenarioError, match="no such file"):
        ac.load(tmp_path / "missing.yaml")


def test_validate_matches_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ac.EXAMPLE.replace("salience: 0.8", "salince: 0.8"), encoding="utf-8")
    v = ac.validate(bad)
    assert not v.ok and v.scenario is None
    res = CliRunner().invoke(app, ["validate", str(bad), "--json"])
    assert res.exit_code == 2
    assert same(v) == json.loads(res.stdout)
    assert [(p.line, p.where) for p in v.problems][:2] == [
        (33, "stances[0].salience"),
        (33, "stances[0].salince"),
    ]
    frame = v.to_frame()
    assert list(frame.columns) == ["severity", "line", "column", "path", "message"]
    assert frame["line"].tolist() == [p.line for p in v.problems]
    assert ac.validate(ac.EXAMPLE).ok and ac.validate(UKRAINE).ok


# --- each function against its command ---------------------------------------------------------
def test_score_matches_the_command(wage: str) -> None:
    card = ac.score(wage)
    assert same(card) == cli_json("score", wage)
    assert same(ac.score(wage, batna="assessed")) == cli_json("score", wage, "--batna", "assessed")
    frame = card.to_frame()
    assert list(frame.columns) == list(card.columns)
    assert frame[["proposal", "actor"]].values.tolist() == [
        ["opening", "union"],
        ["opening", "firm"],
        ["final", "union"],
        ["final", "firm"],
    ]
    doc = card.to_dict()["scores"]
    assert frame["low"].tolist() == [r["low"] for r in doc]
    assert frame["red_lines"].tolist() == ["wage: crosses", "", "", ""]


def test_score_ukraine_keeps_ratification_and_phases() -> None:
    card = ac.score(UKRAINE)
    doc = same(card)
    assert doc == cli_json("score", UKRAINE)
    assert "ratification" in doc and "sequenced" in doc


def test_diff_matches_the_command(wage: str) -> None:
    d = ac.diff(wage, "opening", "final")
    assert same(d) == cli_json("diff", wage, "opening", "final")
    frame = d.to_frame()
    assert list(frame.columns) == ["issue", "before", "after", "actor", "gain_low", "gain_high"]
    total = frame.groupby("actor")["gain_low"].sum()
    assert total["union"] == pytest.approx(d.total_gain("union"))
    with pytest.raises(ValueError, match="no draft 'fianl' in scenario 'wage-talks' "
                       r"\(did you mean 'final'\?\); drafts: opening, final"):  # fmt: skip
        ac.diff(wage, "opening", "fianl")


def test_analyze_matches_the_command(wage: str) -> None:
    a = ac.analyze(wage, resolution=21, seed=4)
    assert same(a) == cli_json("analyze", wage, "--resolution", "21", "--seed", "4")
    assert a.seed == 4
    frame = a.to_frame()
    assert list(frame.columns) == ["wage", "tiers", "union", "firm"]
    outcomes = a.to_dict(limit=None)["pareto"]["outcomes"]
    assert len(frame) == len(outcomes) == a.analysis.frontier.size
    assert frame["union"].tolist() == [o["utility"]["union"] for o in outcomes]
    sols = a.to_frame("solutions").set_index("solution")
    assert sols.loc["nash", "wage"] == a.solution("nash")["wage"]  # type: ignore[index]
    verdicts = a.to_frame("verdicts")
    assert verdicts["accepted_by_all"].tolist() == ["no", "yes"]


def test_analyze_ukraine_matches_the_command(ukraine_analysis: ac.Analysis) -> None:
    doc = same(ukraine_analysis)
    assert doc == cli_json("analyze", UKRAINE)
    assert "batna_gap" in doc and "ratification" in doc


def test_whatif_matches_the_command(wage: str) -> None:
    a = ac.whatif(wage, {"fund": "doubled"}, proposals=["final"])
    assert same(a) == cli_json("whatif", wage, "--set", "fund=doubled", "--proposal", "final")
    assert "levers set: fund=doubled" in repr(a)
    with pytest.raises(ValueError, match="give at least one setting"):
        ac.whatif(wage, {})


def test_forecast_matches_the_command(wage: str) -> None:
    f = ac.forecast(wage, "median")
    assert same(f) == cli_json("forecast", wage, "--model", "median")
    drawn = ac.forecast(wage, draws=300, seed=11, sensitivity=True)
    args = ("forecast", wage, "--draws", "300", "--seed", "11", "--sensitivity")
    assert same(drawn) == cli_json(*args)
    frame = drawn.to_frame()
    assert list(frame.columns)[:5] == ["issue", "value", "label", "actors", "converged"]
    quantiles = {x.issue: x.quantiles for x in drawn.simulation.issues}  # type: ignore[union-attr]
    assert frame["q50"].tolist() == [quantiles[i][50] for i in frame["issue"]]  # type: ignore[index]


def test_forecast_eum_options_match_the_command(wage: str) -> None:
    f = ac.forecast(wage, "eum", preset="textbook", option={"rounds": 4, "q": 0.5})
    args = ("forecast", wage, "--model", "eum", "--preset", "textbook")
    assert same(f) == cli_json(*args, "--option", "rounds=4", "--option", "q=0.5")
    assert len(f.forecast.rounds) == 5
    with pytest.raises(ValueError, match=r"unknown option 'round' \(did you mean 'rounds'\?\)"):
        ac.forecast(wage, "eum", option={"round": 4})
    with pytest.raises(ValueError, match="preset and option are for model='eum'"):
        ac.forecast(wage, preset="textbook")


def test_simulate_matches_the_command(wage: str) -> None:
    r = ac.simulate(wage, "alternating", runs=120, seed=5, strategy={"union": "boulware"})
    args = ("simulate", wage, "--process", "alternating", "--runs", "120", "--seed", "5")
    assert same(r) == cli_json(*args, "--strategy", "union=boulware")
    frame = r.to_frame()
    assert frame["result"].tolist() == list(r.results)
    assert frame["share"].sum() == pytest.approx(1.0)


def test_timeline_matches_the_command(wage: str) -> None:
    t = ac.timeline(wage, months=14, settings={"fund": "doubled"})
    assert same(t) == cli_json("timeline", wage, "--months", "14", "--set", "fund=doubled")
    # a level by its number or by its label is the same setting
    assert ac.timeline(wage, months=14, settings={"fund": 2}).to_dict() == t.to_dict()
    frame = t.to_frame()
    assert frame.index.tolist() == list(range(15))
    assert frame["zopa"].tolist() == [m.exists for m in t.timeline.months]
    assert t.closes == [9]
    with pytest.raises(ValueError, match="'full' is not a level of lever 'fund'"):
        ac.timeline(wage, settings={"fund": "full"})
    with pytest.raises(ValueError, match=r"no lever 'fnd' \(did you mean 'fund'\?\)"):
        ac.timeline(wage, settings={"fnd": 1})


def test_levers_matches_the_command(wage: str) -> None:
    found = ac.levers(wage, month=12)
    assert same(found) == cli_json("levers", wage, "--month", "12")
    assert found.to_frame().to_dict("records") == [
        {"solution": 1, "lever": "fund", "level": 0.0, "label": "empty", "default": 1.0}
    ]
    with pytest.raises(ValueError, match="target"):
        ac.levers(wage, target="peace")


def test_conflict_matches_the_command() -> None:
    c = ac.conflict("elmira", coalitions=True, start=0)
    assert same(c) == cli_json("conflict", "elmira", "--all", "--coalitions", "--from", "0")
    frame = c.to_frame()
    assert len(frame) == c.graph.n_states
    assert frame.index[frame["R"]].tolist() == c.equilibria("R")
    one = ac.conflict("chicken", concepts=["SIM"], sim="one-opponent")
    assert same(one) == cli_json(
        "conflict", "chicken", "--concepts", "SIM", "--sim", "one-opponent"
    )
    with pytest.raises(ScenarioError, match=r"did you mean 'chicken'\?"):
        ac.conflict("chiken")
    with pytest.raises(ValueError, match="unknown concept 'NOPE'"):
        ac.conflict("chicken", concepts=["nope"])


def test_report_writes_the_briefing(wage: str, tmp_path: Path) -> None:
    out = ac.report(wage, tmp_path / "brief", "html", draws=20, seed=2, brief=True)
    assert out == tmp_path / "brief.html"
    page = out.read_text(encoding="utf-8")
    assert "A two-party wage negotiation" in page and "seed 2" in page
    with pytest.raises(ValueError, match=r"format 'md' but the path '.*x\.html' ends in '\.html'"):
        ac.report(wage, tmp_path / "x.html", "md")
    with pytest.raises(ValueError, match=r"give a file ending in one of \.html, \.md, \.pdf"):
        ac.report(wage, tmp_path / "x.txt")


def test_ingest_matches_the_command(wage: str, tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text(
        'Detroit, 2 May 2024\n\n"We will strike if the firm keeps the tiers," said Shawn Fain. '
        "The Union demanded a 9% wage rise.\n",
        encoding="utf-8",
    )
    ev = ac.ingest(wage, article, date="2024-05-02")
    assert same(ev) == cli_json("ingest", str(article), "--scenario", wage, "--date", "2024-05-02")
    frame = ev.to_frame()
    assert frame["type"].tolist() == [e.type.value for e in ev.evidence.evidence]
    assert "quote" in frame["type"].tolist()
    from_text = ac.ingest(wage, article.read_text(encoding="utf-8"), date="2024-05-02")
    assert [e.sentence for e in from_text.evidence.evidence] == frame["sentence"].tolist()


# --- the tables against plain loops, on random scenarios ----------------------------------
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(utility_scenarios())
def test_tables_match_plain_loops(s: Any) -> None:
    from accord.analysis import score_proposals
    from accord.analysis.bargaining import analyze

    card = ac.score(s, batna="assessed")
    keys = ["proposal", "actor", "utility", "low", "high", "batna", "red_lines"]
    assert [{k: r[k] for k in keys} for r in card.rows()] == score_rows(card.card)
    # the API's numbers are the library's
    from accord.model.views import batna_view

    assert card.to_dict() == score_proposals(batna_view(s, "assessed")).to_dict()
    try:
        result = ac.analyze(s)
    except ValueError:  # no parties with stances: the library refuses alike
        with pytest.raises(ValueError):
            analyze(s)
        return
    assert result.rows() == frontier_rows(result.analysis)
    assert list(result.to_frame().columns) == list(result.columns)


# --- seeds ------------------------------------------------------------------------------------
def test_seeds_are_recorded_and_reproduce(wage: str) -> None:
    a = ac.forecast(wage, draws=200, seed=8)
    b = ac.forecast(wage, draws=200, seed=8)
    c = ac.forecast(wage, draws=200, seed=9)
    assert a.seed == 8 and a.draws == 200 and a.to_dict()["simulation"]["seed"] == 8
    assert a.to_dict() == b.to_dict()
    assert a.to_frame()["q50"].tolist() != c.to_frame()["q50"].tolist()
    assert ac.forecast(wage).seed == 0  # the outlook's draws, seeded all the same
    r = ac.simulate(wage, runs=100, seed=3)
    assert r.seed == 3 and r.to_dict() == ac.simulate(wage, runs=100, seed=3).to_dict()
    assert ac.timeline(wage, seed=6).to_dict()["seed"] in (6, None)  # exact sizes need no draws


# --- repr, HTML, frames ---------------------------------------------------------------------------
def test_repr_says_what_it_is_the_numbers_and_the_assumptions(
    wage: str, ukraine_analysis: ac.Analysis
) -> None:
    text = repr(ac.analyze(wage))
    lines = text.splitlines()
    assert lines[0] == "<Analysis: zone of agreement, frontier and bargaining solutions>"
    assert "  ZOPA: exists, 14 of 33 outcomes (42.4%)" in lines
    assert "  Nash solution: wage=4.0, tiers=end" in lines
    assert lines[-1].startswith("  assumes: each actor's utility is additive over issues")
    assert len(lines) <= 8
    assert len(repr(ukraine_analysis).splitlines()) <= 10  # no zone: what blocks it, a line each
    f = repr(ac.forecast(wage, draws=100, seed=4))
    assert "Monte Carlo: 100 draws, seed 4" in f and "wage=5.2%" in f
    assert "R equilibria: 1, 2" in repr(ac.conflict("chicken"))


def test_html_escapes_every_text() -> None:
    odd = ac.EXAMPLE.replace("name: Union", "name: <script>alert(1)</script>").replace(
        "label: Keep tiers", "label: <b>keep</b>"
    )
    for result in (ac.analyze(odd), ac.diff(odd, "opening", "final"), ac.score(odd)):
        page = result._repr_html_()
        assert "<script>alert" not in page and "<b>keep" not in page
    assert "&lt;b&gt;keep&lt;/b&gt;" in ac.diff(odd, "opening", "final")._repr_html_()
    page = ac.analyze(odd)._repr_html_()
    assert page.count("<table>") == 1  # the frontier
    assert "Plotly.newPlot" in page  # the briefing's frontier chart, titled by the names
    assert "&lt;script&gt;alert(1)" in page


def test_html_of_a_long_table_says_what_is_left_out() -> None:
    rows = [{"n": k} for k in range(60)]
    page = html_table(rows, ["n"], limit=50)
    assert page.count("<tr>") == 51 and "the first 50 of 60 rows" in page


@given(st.text())
def test_cells_are_escaped(text: str) -> None:
    page = html_table([{"a": text}], ["a"])
    inner = page.split("<td>", 1)[1].rsplit("</td>", 1)[0]
    assert "<" not in inner and ">" not in inner
    assert inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&#x27;", "'"
    ).replace("&amp;", "&") == cell(text)


def test_frames_are_pandas(wage: str) -> None:
    frame = ac.timeline(wage, months=3).to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["month", "union", "firm", "zopa", "count", "share"]
    assert frame["union"].tolist() == [0.3, 0.35, 0.4, 0.45]


# --- optional packages ---------------------------------------------------------------------------
def test_missing_pandas_names_the_extra(wage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    card = ac.score(wage)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"pip install 'accord\[notebook\]'"):
        card.to_frame()
    assert "<table>" in card._repr_html_()  # the notebook view needs no pandas


def test_missing_nlp_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(MissingExtra, match=r"ingest\(\) needs the 'nlp' extra: pip install"):
        ac.ingest(None, "Some news.\n")


def test_missing_report_names_the_extra(wage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "plotly", None)
    with pytest.raises(MissingExtra, match=r"pip install 'accord\[report\]'"):
        ac.report(wage, "x.html")


def test_notebook_view_without_the_report_extra() -> None:
    # A kernel with only accord[notebook]: accord.report cannot be imported (Jinja2 and
    # Plotly missing), so the view keeps its table and text and names the extra for charts.
    code = (
        "import sys\n"
        "for m in ('plotly', 'jinja2', 'markupsafe'): sys.modules[m] = None\n"
        "from accord.api import EXAMPLE, analyze\n"
        "page = analyze(EXAMPLE)._repr_html_()\n"
        "print('<table>' in page, \"the 'report' extra\" in page, 'plotly' in page.lower())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "False"]  # no figure, no plotly.js


# --- the package ------------------------------------------------------------------------------
def test_import_accord_stays_light() -> None:
    code = (
        "import sys, accord; light = 'numpy' not in sys.modules and 'pydantic' not in "
        "sys.modules; f = accord.score; print(light, f.__module__, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "accord.api", "True"]


def test_accord_reexports_the_api() -> None:
    names = ("load", "validate", "score", "diff", "analyze", "whatif", "simulate", "timeline")
    for name in (*names, "levers"):
        assert getattr(accord, name) is getattr(ac, name)
        assert name in accord.__all__
    # the names of subpackages stay the subpackages
    assert not callable(accord.forecast)  # type: ignore[attr-defined]


def test_every_public_function_has_an_example() -> None:
    import inspect

    for name in ac.__all__:
        obj = getattr(ac, name)
        if inspect.isfunction(obj):
            doc = obj.__doc__ or ""
            assert ">>>" in doc and "Args:" in doc and "Returns:" in doc, name
            params = [p for p in inspect.signature(obj).parameters]
            for p in params:
                assert f"    {p}:" in doc, (name, p)


# --- show, trades, the analysis without a zone, the levers' rule, ingest's header ----------
def test_show_matches_the_command_and_the_scenario(wage: str) -> None:
    view = ac.show(wage)
    assert same(view) == cli_json("show", wage)
    s = ac.load(wage)
    actors = view.to_frame("actors")
    assert actors["actor"].tolist() == [a.id for a in s.actors]
    for row, a in zip(view.table("actors"), s.actors, strict=True):
        assert a.batna is not None
        seen = a.batna.perceived.utility if a.batna.perceived else a.batna.utility
        assert (row["batna_assessed"], row["batna_perceived"]) == (a.batna.utility, seen)
    stances = view.to_frame("stances")
    assert len(stances) == len(s.stances)
    assert stances["salience"].tolist() == [st.salience for st in s.stances]
    assert view.to_frame("issues")["issue"].tolist() == [i.id for i in s.issues]
    assert len(repr(view).splitlines()) <= 6 and "wage-talks" in repr(view)
    assert view._repr_html_().count("<table>") == 3
    with pytest.raises(ValueError, match="no table 'actor'; tables: actors, issues, stances"):
        view.table("actor")


def test_show_ukraine_has_both_batna_views_and_soft_lines() -> None:
    view = ac.show(UKRAINE)
    russia = next(r for r in view.table("actors") if r["actor"] == "russia")
    assert russia["batna_perceived"] > russia["batna_assessed"]  # the Kremlin's own reading
    soft = [r for r in view.table("stances") if r["soft"]]
    s = ac.load(UKRAINE)
    assert {(r["actor"], r["issue"]) for r in soft} == {
        (st.actor, st.issue) for st in s.stances if st.firmness is not None
    }
    replayed = ac.show(UKRAINE, as_of="2025-12-01")
    assert replayed.replay is not None and replayed.scenario.as_of is not None


def test_trades_match_the_command_and_the_library(wage: str) -> None:
    from accord.analysis.trades import trade_sequence

    t = ac.trades(UKRAINE, top=2)
    assert same(t) == cli_json("trades", UKRAINE, "--top", "2")
    plain = trade_sequence(ac.load(UKRAINE))
    assert [(r["giver"], r["gives_issue"], r["gets_issue"]) for r in t.rows()] == [
        (x.giver, x.gives[0], x.gets[0]) for x in plain.trades
    ]
    assert t.to_frame()["giver_gain"].tolist() == [x.gain[x.giver] for x in plain.trades]
    assert ac.trades(wage, source="final").package == {"wage": 6.0, "tiers": "shorten"}
    with pytest.raises(ValueError, match="tolerance 2 is out of range"):
        ac.trades(wage, tolerance=2)


def test_forecast_takes_a_seed_without_draws(wage: str) -> None:
    a, b = ac.forecast(wage, seed=3), ac.forecast(wage, seed=3)
    assert a.seed == 3 and a.to_dict() == b.to_dict()
    assert a.outlook.deal.seed == 3


def test_analysis_without_a_zone_says_what_blocks_it(ukraine_analysis: ac.Analysis) -> None:
    doc = same(ukraine_analysis)
    diagnosis = doc["zopa"]["diagnosis"]
    by_party: dict[str, list[str]] = {}
    for item in diagnosis["conflict"]:
        by_party.setdefault(item["actor"], []).append(item["issue"] or "BATNA")
    assert ukraine_analysis.blockers == by_party
    assert [(i.actor, i.issue) for i in ukraine_analysis.relaxation] == [
        (x["actor"], x["issue"]) for x in diagnosis["relax"]
    ]
    blockers = ukraine_analysis.to_frame("blockers")
    assert blockers["opens_alone"].tolist() == [
        x in diagnosis["single"] for x in diagnosis["conflict"]
    ]
    soft = doc["soft_red_lines"]
    table = ukraine_analysis.to_frame("soft")
    assert table[["actor", "issue", "cost", "credibility"]].to_dict("records") == soft["lines"]
    cheapest = {(x["actor"], x["issue"]) for x in soft["cheapest"]["lines"]}
    assert {(r.actor, r.issue) for r in table.itertuples() if r.in_cheapest} == cheapest
    opened = ukraine_analysis.zopa_if_given
    assert opened is not None and opened.share == soft["zopa_if_given"]["share"]
    relaxed = ukraine_analysis.to_frame("relaxed").set_index("solution")
    for name, sol in doc["solutions_without_red_lines"]["solutions"].items():
        assert relaxed.loc[name, "russia"] == pytest.approx(sol["utility"]["russia"])
        assert relaxed.loc[name, "donbas"] == sol["outcome"]["donbas"]
    text = repr(ukraine_analysis)
    for start in ("blocked by: ", "smallest relaxation (1): ", "soft red lines: ",
                  "cheapest to give: ", "Nash with soft red lines at their cost: "):  # fmt: skip
        assert f"\n  {start}" in text


def test_analysis_blockers_on_a_small_case(wage: str) -> None:
    """The union's red line at 10% leaves nothing the firm's BATNA accepts: the two clash,
    and dropping either one opens a zone (checked by re-running with it dropped)."""
    tight = ac.EXAMPLE.replace("red_line: 4,", "red_line: 10,")
    a = ac.analyze(tight)
    assert not a.zopa.exists
    assert a.blockers == {"union": ["wage"], "firm": ["BATNA"]}
    assert ac.analyze(tight.replace(" red_line: 10,", "")).zopa.exists
    no_batna = "batna: {description: hire temps, utility: 0.0,"
    assert ac.analyze(
        tight.replace("batna: {description: hire temps, utility: 0.4,", no_batna)
    ).zopa.exists
    assert set(a.to_frame("blockers")["opens_alone"]) == {True}
    assert a.to_frame("soft").empty and a.soft is None and a.zopa_if_given is None
    assert a.to_frame("relaxed")["solution"].tolist()[0] == "nash"
    assert "Nash with no red lines: " in repr(a)


def test_levers_and_whatif_say_the_soft_line_rule() -> None:
    from accord.dynamics.timeline import GIVES_BELOW
    from accord.results.scenario import GIVES_BELOW as SAID

    assert SAID == GIVES_BELOW
    found = ac.levers(ac.EXAMPLE)
    assert any("below 0.5" in line for line in found.assumes())
    pressed = ac.whatif(ac.EXAMPLE, {"fund": "doubled"})
    assert any("counts a soft red line as given" in line for line in pressed.assumes())
    assert "ZOPA strict: every red line holds" in repr(pressed)


def test_ingest_reads_a_texts_header() -> None:
    pytest.importorskip("spacy")
    said = '"We will strike if the firm keeps the tiers," said Shawn Fain.\n'
    ev = ac.ingest(ac.EXAMPLE, "Title: Strike talk\nDate: 2024-05-03\n\n" + said)
    article = ev.to_dict()["articles"][0]
    assert (article["title"], article["date"]) == ("Strike talk", "2024-05-03")
    assert ev.rows()[0]["sentence"].startswith('"We will strike')


def test_charts_of_scores_forecasts_and_timelines(wage: str) -> None:
    """Each chart carries the result's own numbers: the heatmap the scorecard's utilities,
    the bands the Monte Carlo's 5% and 95% quantiles, the timeline each month's BATNA."""
    card = ac.score(wage)
    (heat,) = card.charts()
    assert heat.heatmap is not None
    z = [list(row[:-1]) for row in heat.heatmap.z]
    assert z == [[float(v) for v in card.card.low[a]] for a in range(len(card.card.actors))]
    f = ac.forecast(wage, draws=60, seed=2, sensitivity=True)
    ids = [c.id for c in f.charts()]
    assert "forecasts-models" in ids and any(i.startswith("forecasts-tornado-") for i in ids)
    bands = next(c for c in f.charts() if c.id == "forecasts-models")
    wage_issue = ac.load(wage).issue("wage")
    q = f.simulation.issue("wage").quantiles  # type: ignore[union-attr]
    lo, hi = wage_issue.min, wage_issue.max
    assert bands.series[0].low[0] == pytest.approx((q[5] - lo) / (hi - lo))
    assert bands.series[0].high[0] == pytest.approx((q[95] - lo) / (hi - lo))
    assert [c.id for c in ac.forecast(wage, "eum", draws=20, seed=1).charts()] == [
        "forecasts-eum-rounds",
        "forecasts-models",
    ]
    t = ac.timeline(wage, months=4)
    (months,) = t.charts()
    union = next(s for s in months.series if s.name.startswith("Union"))
    assert list(union.y) == [r["union"] for r in t.rows()]
    assert "<div" in t._repr_html_() and "plotly" in t._repr_html_().lower()
