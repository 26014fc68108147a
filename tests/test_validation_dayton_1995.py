"""The Dayton case (built-in ``dayton-1995``, as of 31 October 1995) against what was agreed.

Every figure quoted in docs/scenarios/validation.md (section dayton-1995) is recomputed here
from the built-in scenario and tests/data/validation/dayton-1995-signed.yaml, so a change to
the scenario, the signed record or the models that moves a figure fails a test instead of
leaving the document wrong. The scoring rules are the document's:

- each forecast and each signed setting is put on its issue's 0..1 scale (an ordinal option
  at its position / 100, false 0 and true 1, a continuous value by its share of min..max);
- a *hit* on a discrete issue is the forecast's nearest setting equal to the signed one; on
  the continuous issue (territory) a forecast within 0.05 of the scale (2 points of 40);
- the *error* is the absolute difference on the 0..1 scale, its mean over the ten issues the
  mean absolute error;
- the Monte Carlo *interval* of an issue is the 5%-95% band of the compromise forecast over
  2,000 draws with seed 1; a discrete signed setting lies in it when it lies between the
  band's two ends snapped to their nearest settings.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from accord.analysis.bargaining import Analysis, analyze
from accord.analysis.ratification import ratify_drafts
from accord.analysis.scoring import Scorecard, score_proposals
from accord.forecast.models import MODEL_NAMES, Forecast, forecast
from accord.forecast.montecarlo import Simulation, simulate
from accord.io import load_builtin
from accord.model import Issue, Proposal, Scenario
from accord.model.asof import scenario_as_of
from accord.model.issues import IssueKind
from accord.model.proposals import Point
from accord.model.views import batna_view

CASE = "dayton-1995"
SIGNED = Path(__file__).parent / "data" / "validation" / f"{CASE}-signed.yaml"
#: A continuous forecast within this share of the issue's scale counts as a hit.
HIT_BAND = 0.05
DRAWS, SEED = 2000, 1


# --- the record and the runs (each computed once) -------------------------------------------
@cache
def built_in() -> Scenario:
    return load_builtin(CASE)


@cache
def scenario() -> Scenario:
    """The built-in as accord runs it as of its own date: replayed to ``as_of`` and with each
    party's BATNA as it perceives it (the CLI's default view)."""
    s = built_in()
    assert s.as_of is not None
    return batna_view(scenario_as_of(s, s.as_of).scenario, "perceived")


@cache
def signed_record() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SIGNED.read_text("utf-8"))
    return data


def signed() -> dict[str, object]:
    """Issue id -> the signed setting (option id, bool or number)."""
    return {iid: entry["value"] for iid, entry in signed_record()["settings"].items()}


def signed_proposal() -> Proposal:
    """The signed agreement as a draft, so the scenario's own scoring can judge it."""
    return Proposal(
        id="signed",
        title="Dayton as initialled",
        points=[Point(number=1, text="as signed", settings=signed())],
    )


@cache
def forecasts() -> dict[str, Forecast]:
    return {name: forecast(scenario(), name) for name in MODEL_NAMES}


@cache
def analysis() -> Analysis:
    return analyze(scenario())


@cache
def monte_carlo() -> Simulation:
    return simulate(scenario(), "compromise", draws=DRAWS, seed=SEED)


@cache
def signed_scores() -> Scorecard:
    return score_proposals(scenario(), [signed_proposal()])


# --- scales -----------------------------------------------------------------------------------
def unit(issue: Issue, setting: object) -> float:
    """A setting (option id, bool or number) on the issue's 0..1 scale."""
    if issue.kind is IssueKind.continuous:
        lo, hi = issue.bounds()
        return (float(setting) - lo) / (hi - lo)  # type: ignore[arg-type]
    if issue.kind is IssueKind.boolean:
        return 1.0 if setting else 0.0
    return issue.positions()[issue.option_ids().index(str(setting))] / 100.0


def value_unit(issue: Issue, value: float) -> float:
    """A model's value (the issue's units; 0..100 for a discrete issue) on the 0..1 scale."""
    if issue.kind is IssueKind.continuous:
        lo, hi = issue.bounds()
        return (value - lo) / (hi - lo)
    return value / 100.0


def nearest(issue: Issue, value: float) -> object:
    """The discrete setting nearest a value on the 0..100 scale (the lower one on a tie)."""
    settings: list[object] = (
        [False, True] if issue.kind is IssueKind.boolean else list(issue.option_ids())
    )
    return settings[int(np.argmin(np.abs(np.array(issue.positions()) - value)))]


def hit(issue: Issue, setting: object, target: object) -> bool:
    if issue.kind is IssueKind.continuous:
        return abs(unit(issue, setting) - unit(issue, target)) <= HIT_BAND + 1e-12
    return setting == target


# --- the comparison figures -----------------------------------------------------------------
def model_rows(name: str) -> dict[str, tuple[object, float, bool]]:
    """Per issue: (the model's setting, its error on the 0..1 scale, hit)."""
    s, target = scenario(), signed()
    rows: dict[str, tuple[object, float, bool]] = {}
    for f in forecasts()[name].issues:
        issue = s.issue(f.issue)
        assert f.value is not None, f"{name} gives no forecast for {f.issue}"
        setting = f.setting if issue.kind is not IssueKind.continuous else f.value
        err = abs(value_unit(issue, f.value) - unit(issue, target[f.issue]))
        rows[f.issue] = (setting, err, hit(issue, setting, target[f.issue]))
    return rows


def solution_rows(name: str) -> dict[str, tuple[object, float, bool]]:
    """Per issue, for a bargaining solution of accord analyze: (setting, error, hit)."""
    s, target = scenario(), signed()
    solution = analysis().bargaining.solutions[name]
    assert solution is not None
    rows = {}
    for iid, setting in solution.outcome.items():
        issue = s.issue(iid)
        err = abs(unit(issue, setting) - unit(issue, target[iid]))
        rows[iid] = (setting, err, hit(issue, setting, target[iid]))
    return rows


def summary(rows: dict[str, tuple[object, float, bool]]) -> tuple[int, float]:
    """(hits, mean absolute error) over the issues."""
    return sum(r[2] for r in rows.values()), float(np.mean([r[1] for r in rows.values()]))


def in_interval(issue_id: str) -> bool:
    """Whether the signed setting lies in the Monte Carlo 5%-95% band of the issue."""
    issue, band = scenario().issue(issue_id), monte_carlo().issue(issue_id).quantiles
    assert band is not None
    lo, hi, target = band[5], band[95], signed()[issue_id]
    if issue.kind is IssueKind.continuous:
        return lo <= float(target) <= hi  # type: ignore[arg-type]
    order = [False, True] if issue.kind is IssueKind.boolean else issue.option_ids()
    return order.index(nearest(issue, lo)) <= order.index(target) <= order.index(nearest(issue, hi))  # type: ignore[arg-type]


def draft_matches(proposal_id: str) -> tuple[int, int]:
    """(issues the draft sets as signed, issues it leaves unknown); silent issues take the
    status quo, as everywhere in accord."""
    s, target = scenario(), signed()
    settings = s.proposal(proposal_id).settings()
    same = unknown = 0
    for issue in s.issues:
        value = settings.get(issue.id, issue.status_quo)
        if not isinstance(value, (str, bool, int, float)):
            unknown += 1
        elif value == target[issue.id]:
            same += 1
    return same, unknown


# --- the record is sound ----------------------------------------------------------------------
def test_signed_record_matches_the_scenario() -> None:
    s, record = scenario(), signed_record()
    assert record["scenario"] == s.id
    assert record["as_of"] == s.as_of == dt.date(1995, 10, 31)
    assert record["signed"]["date"] > s.as_of
    assert set(signed()) == {i.id for i in s.issues}
    ids = {src["id"] for src in record["signed"]["sources"]}
    for iid, entry in record["settings"].items():
        assert entry["source"] in ids, iid
        unit(s.issue(iid), entry["value"])  # a setting the issue has


def test_no_stance_or_batna_source_is_dated_after_as_of() -> None:
    """No hindsight: what drives the analysis was published by the as-of date."""
    s = built_in()
    assert s.as_of is not None
    dates = {src.id: src.date for src in s.sources}
    cited: set[str] = set()
    for st in s.stances:
        cited |= set(st.sources)
        if st.firmness is not None:
            cited |= set(st.firmness.sources)
    for actor in s.actors:
        if actor.batna is not None:
            cited |= set(actor.batna.sources)
            if actor.batna.perceived is not None:
                cited |= set(actor.batna.perceived.sources)
    for entry in s.ratification:
        cited |= set(entry.sources)
        for ratifier in entry.ratifiers:
            cited |= set(ratifier.sources)
            for rst in ratifier.stances:
                cited |= set(rst.sources)
    for proposal in s.proposals:
        cited |= set(proposal.sources)
        for point in proposal.points:
            cited |= set(point.sources)
    assert cited <= set(dates)
    as_of = s.as_of
    late = {sid for sid in cited if (d := dates[sid]) is not None and d > as_of}
    assert late == set()
    # every dated source of the file, cited or not, is from before the as-of date
    assert all(d is None or d <= as_of for d in dates.values())


# --- the figures quoted in docs/scenarios/validation.md ------------------------------------
#: model -> (hits of 10, mean absolute error on the 0..1 scale), as quoted
MODEL_FIGURES = {
    "compromise": (6, 0.236),
    "median": (7, 0.167),
    "eum": (6, 0.199),
    "exchange": (7, 0.229),
    "nash": (6, 0.222),
    "ensemble": (6, 0.236),
}


def test_every_model_is_quoted() -> None:
    assert set(MODEL_FIGURES) == set(MODEL_NAMES)


@pytest.mark.parametrize("name", sorted(MODEL_FIGURES))
def test_model_hits_and_error(name: str) -> None:
    hits, mae = summary(model_rows(name))
    assert (hits, round(mae, 3)) == MODEL_FIGURES[name]


#: the compromise model's setting per issue, and which it got right, as quoted
COMPROMISE = {
    "territory": (52.25, True),
    "sarajevo": ("shared", False),
    "gorazde": ("secure_road", False),
    "brcko": ("rs_current", False),
    "constitution": ("two_entities_weak", True),
    "indicted_barred": (True, True),
    "refugee_return": ("repossess_or_compensation", False),
    "ifor": ("nato_with_us", True),
    "sanctions": ("suspended", True),
    "eastern_slavonia": ("transition", True),
}


def test_compromise_issue_by_issue() -> None:
    rows = model_rows("compromise")
    got = {
        iid: (round(float(setting), 2) if iid == "territory" else setting, ok)  # type: ignore[arg-type]
        for iid, (setting, _, ok) in rows.items()
    }
    assert got == COMPROMISE


#: bargaining solution -> (hits, mean absolute error), as quoted
SOLUTION_FIGURES = {
    "nash": (6, 0.222),
    "kalai-smorodinsky": (8, 0.122),
    "egalitarian": (7, 0.124),
}


@pytest.mark.parametrize("name", sorted(SOLUTION_FIGURES))
def test_bargaining_solutions_against_signed(name: str) -> None:
    hits, mae = summary(solution_rows(name))
    assert (hits, round(mae, 3)) == SOLUTION_FIGURES[name]


def test_monte_carlo_intervals() -> None:
    sim = monte_carlo()
    assert (sim.draws, sim.seed) == (DRAWS, SEED)
    inside = {iid for iid in signed() if in_interval(iid)}
    assert inside == {
        "territory",
        "constitution",
        "indicted_barred",
        "ifor",
        "sanctions",
        "eastern_slavonia",
    }
    assert len(inside) / len(signed()) == pytest.approx(0.6)
    # read strictly, on the raw 0..100 (or territory's) scale without snapping to settings
    strict = set()
    for iid, target in signed().items():
        issue, band = scenario().issue(iid), sim.issue(iid).quantiles
        assert band is not None
        raw = float(target) if issue.kind is IssueKind.continuous else 100 * unit(issue, target)  # type: ignore[arg-type]
        if band[5] <= raw <= band[95]:
            strict.add(iid)
    assert strict == {"territory", "constitution"}
    # a zone of agreement in every draw the analysis decided
    assert sim.zopa.probability == 1.0


def test_verdicts() -> None:
    a, s = analysis(), scenario()
    # a zone of agreement was found, and a deal was signed
    assert a.zopa.exists
    assert (a.zopa.count, a.zopa.space_size) == (24862, 244944)
    # the signed outcome crosses no party's red line and gives every party its alternative
    card = signed_scores()
    rows = {actor: k for k, actor in enumerate(card.actors)}
    parties = ("bih", "serbia", "croatia")
    assert not card.red_line[[rows[p] for p in parties], 0, :].any()
    utility = {p: float(card.low[rows[p], 0]) for p in parties}
    assert {p: round(u, 2) for p, u in utility.items()} == {
        "bih": 0.84,
        "serbia": 0.41,
        "croatia": 0.73,
    }
    batna = {p: s.actor(p).batna.utility for p in parties}  # type: ignore[union-attr]
    assert batna == {"bih": 0.5, "serbia": 0.3, "croatia": 0.45}  # bih's as it perceives it
    assert all(utility[p] >= batna[p] for p in parties)
    # no draft on the table is acceptable to all three parties
    assert {v.proposal: v.accepted for v in a.verdicts} == dict.fromkeys(
        ("contact-group-plan", "geneva-principles", "newyork-principles"), "no"
    )
    # the tool rates the Geneva and New York texts closest to its Nash solution ...
    distance = {v.proposal: v.distance["nash"] for v in a.verdicts}
    assert min(distance, key=lambda k: distance[k] or 9) == "geneva-principles"
    assert distance["geneva-principles"] == pytest.approx(distance["newyork-principles"])
    assert round(distance["geneva-principles"] or 0, 2) == 0.63
    assert round(distance["contact-group-plan"] or 0, 2) == 0.67
    # ... but issue by issue the signed text is closest to the Contact Group plan
    assert {p.id: draft_matches(p.id) for p in s.proposals} == {
        "contact-group-plan": (5, 3),
        "geneva-principles": (2, 0),
        "newyork-principles": (2, 0),
    }
    # the Contact Group plan's smallest amendment to an acceptable deal matches 8 of 10
    cg = next(v for v in a.verdicts if v.proposal == "contact-group-plan")
    assert cg.amendment is not None and cg.amendment.outcome is not None
    target = signed()
    assert sum(cg.amendment.outcome[i] == target[i] for i in target) == 8
    # ... one change (Eastern Slavonia) and the plan's unknowns filled, as the notes say
    assert cg.amendment.n_changes == 1
    assert cg.amendment.changes == {"eastern_slavonia": ("stays_serb", "transition")}
    assert cg.amendment.fills == {
        "sarajevo": "unified_federation",
        "gorazde": "secure_road",
        "constitution": "two_entities_weak",
    }


@pytest.mark.parametrize(
    ("model", "chance"), [("median", 0.68), ("compromise", 0.0), ("nash", 0.0)]
)
def test_ratification_of_the_forecast_packages(model: str, chance: float) -> None:
    """Pale's chance of passing each model's package, as the case notes quote it."""
    settings: dict[str, object] = {
        f.issue: f.value if f.issue == "territory" else f.setting for f in forecasts()[model].issues
    }
    package = Proposal(
        id=model, title=model, points=[Point(number=1, text=model, settings=settings)]
    )
    (row,) = ratify_drafts(scenario(), [package]).rows
    assert round(row.probability[0], 2) == round(row.probability[1], 2) == chance


def test_ratification_of_the_signed_outcome() -> None:
    """The Bosnian Serb leadership would not pass what was signed (it refused to initial)."""
    rat = ratify_drafts(scenario(), [signed_proposal()])
    (row,) = [r for r in rat.rows if r.actor == "serbia"]
    assert row.verdict == "not ratified"
    assert row.blockers == ("rs-leadership",)
    (pale,) = row.ratifiers
    assert pale.low is not None and (round(pale.low, 2), pale.threshold) == (0.27, 0.35)
    assert round(row.probability[0], 2) == round(row.probability[1], 2) == 0.29
