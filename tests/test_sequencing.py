"""The sequencing engine: hand-computed cases, the brute-force oracle, Monte Carlo, the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_sequencing as oracle
from accord.analysis.scoring import score_proposals
from accord.analysis.sequencing import (
    MAX_SEARCH_PHASES,
    SequencingError,
    search_orders,
    sequence,
)
from accord.io import resolve_scenario
from accord.model import IssueKind, Proposal, Scenario
from accord.model.plain import to_plain
from accord.uncertainty.commitments import sequence_draws
from cli_runner import accord
from strategies import utility_scenario_data

STAGED = str(Path(__file__).parent / "data" / "sequencing" / "staged.yaml")
KINDS = ("ceasefire", "withdrawal")


@pytest.fixture(scope="module")
def staged() -> Scenario:
    return resolve_scenario(STAGED)


def _doc(s: Scenario) -> dict[str, Any]:
    return s.model_dump(mode="json", exclude_none=True)


def _at(r: Any, actor: str) -> int:
    return list(r.actors).index(actor)


# --- cases computed by hand (tests/data/sequencing/staged.yaml) ---------------------------
# North: U = (border + trade) / 2 with border hi 1, mid 0.5, lo 0 and trade yes 1, no 0.
# Kept: border hi, trade yes -> 1. North gives South's withdrawal 0.5; South is sure.
@pytest.mark.parametrize(
    ("proposal", "order", "north", "worst"),
    [
        # withdrawal breached: border stays mid, trade never reopens: 0.25
        ("status-quo", None, 0.5 * 1 + 0.5 * 0.25, 0.25),
        # trade reopened first, then the breach: border mid, trade yes: 0.75
        ("status-quo", ["trade-first"], 0.5 * 1 + 0.5 * 0.75, 0.75),
        ("status-quo", ["reopen", "withdraw"], 0.5 * 1 + 0.5 * 0.75, 0.75),
        # South sets the border where it wants it (lo): 0 first, 0.5 after trade
        ("preferred", None, 0.5 * 1 + 0.5 * 0.0, 0.0),
        ("preferred", ["reopen", "withdraw"], 0.5 * 1 + 0.5 * 0.5, 0.5),
        # the deal collapses: North's BATNA 0.3; trade reopened first is a term of the deal
        # that no one committed to carry out, so it falls with the deal
        ("no-deal", None, 0.5 * 1 + 0.5 * 0.3, 0.3),
        ("no-deal", ["trade-first"], 0.5 * 1 + 0.5 * 0.3, 0.3),
        # in force only once South has withdrawn: a breach before then is no deal, plus what
        # North's own committed (irreversible) reopening of trade changed (0.5)
        ("in-force", None, 0.5 * 1 + 0.5 * 0.3, 0.3),
        ("in-force", ["trade-first"], 0.5 * 1 + 0.5 * (0.3 + 0.5), 0.8),
    ],
)
def test_two_phases_by_hand(staged, proposal, order, north, worst):
    r = sequence(staged, proposal, order)
    n, s = _at(r, "north"), _at(r, "south")
    assert r.expected_low[n] == pytest.approx(north, abs=1e-12)
    assert r.expected_high[n] == pytest.approx(north, abs=1e-12)
    assert r.worst[n] == pytest.approx(worst, abs=1e-12)
    assert r.kept_low[n] == pytest.approx(1.0) and r.kept_low[s] == pytest.approx(0.5)
    # South is sure of its own commitment: it expects the flat score
    assert r.expected_low[s] == pytest.approx(0.5, abs=1e-12)
    assert r.gain[n] == pytest.approx(north - 0.3, abs=1e-12)
    assert r.chance_kept[n] == pytest.approx(0.5) and r.chance_kept[s] == 1.0


def test_drivers_close_the_gap(staged):
    r = sequence(staged, "status-quo")
    (d,) = r.drivers
    assert (d.by, d.kind, d.points) == ("south", "withdrawal", ("point 1",))
    assert d.rise_low["north"] == pytest.approx(1.0 - 0.625)
    assert d.rise_low["south"] == pytest.approx(0.0)
    # the chance each step is carried out in full, as North sees it
    assert [x.id for x in r.steps] == ["at signature", "withdraw", "reopen"]
    assert r.reach[_at(r, "north")].tolist() == pytest.approx([1.0, 0.5, 0.5])


def test_reversible_steps_are_undone_by_a_collapse(staged):
    doc = _doc(staged)
    draft = next(p for p in doc["proposals"] if p["id"] == "no-deal")
    draft["points"][1]["commitment"] = {"by": "north", "kind": "trade", "reversible": True}
    s = Scenario.model_validate(doc)
    r = sequence(s, "no-deal", ["trade-first"])
    # trade is undone when the war resumes: back to the BATNA alone
    assert r.expected_low[_at(r, "north")] == pytest.approx(0.5 * 1 + 0.5 * 0.3)
    # South holds no belief about North's trade commitment: assumed kept, and said so
    assert "south on north keeping 'trade': assumed kept: no belief recorded" in r.assumptions


def test_guarantor(staged):
    r = sequence(staged, "guaranteed")
    # nobody recorded a belief about the monitor: assumed kept, so the point is sure
    assert r.expected_low[_at(r, "north")] == pytest.approx(1.0)
    assert any("north on monitor" in a and "assumed kept" in a for a in r.assumptions)
    doc = _doc(staged)
    doc["beliefs"].append({"holder": "north", "about": "monitor", "kind": "withdrawal",
                           "probability": 0.5})  # fmt: skip
    r = sequence(Scenario.model_validate(doc), "guaranteed")
    q = 1 - (1 - 0.5) * (1 - 0.5)
    assert r.expected_low[_at(r, "north")] == pytest.approx(q * 1 + (1 - q) * 0.25)
    assert not any("north on monitor" in a for a in r.assumptions)


def test_shared_belief_and_own_belief(staged):
    doc = _doc(staged)
    doc["beliefs"] = [
        {"about": "south", "kind": "withdrawal", "probability": 0.2},  # everyone's
        {"holder": "north", "about": "south", "kind": "withdrawal", "probability": 0.6},
    ]
    r = sequence(Scenario.model_validate(doc), "status-quo")
    # North's own belief comes before the shared one
    assert r.expected_low[_at(r, "north")] == pytest.approx(0.6 + 0.4 * 0.25)
    # South is sure of its own commitments: the shared belief about it is not its own
    assert r.chance_kept[_at(r, "south")] == 1.0
    doc["beliefs"] = doc["beliefs"][:1]
    r = sequence(Scenario.model_validate(doc), "status-quo")
    assert r.expected_low[_at(r, "north")] == pytest.approx(0.2 + 0.8 * 0.25)
    assert not any("assumed kept" in a for a in r.assumptions)


def test_views_and_unknown_batna(staged):
    doc = _doc(staged)
    north = next(a for a in doc["actors"] if a["id"] == "north")
    north["batna"]["perceived"] = {"utility": 0.4}
    s = Scenario.model_validate(doc)
    assert sequence(s, "no-deal").expected_low[0] == pytest.approx(0.5 + 0.5 * 0.3)
    perceived = sequence(s, "no-deal", view="perceived")
    assert perceived.expected_low[0] == pytest.approx(0.5 + 0.5 * 0.4)
    assert perceived.batna[0] == pytest.approx(0.4)
    with pytest.raises(ValueError, match="unknown BATNA view"):
        sequence(s, "no-deal", view="hoped")

    del north["batna"]["perceived"], north["batna"]["utility"]
    s = Scenario.model_validate(doc)
    r = sequence(s, "no-deal")
    assert math.isnan(r.expected_low[0]) and math.isnan(r.worst[0]) and math.isnan(r.gain[0])
    assert any("north's BATNA (assessed) is unknown" in n and "collapse" not in n
               for n in r.notes)  # fmt: skip
    assert r.kept_low[0] == pytest.approx(1.0)
    # no collapse possible: the value is known, only the gain is not
    r = sequence(s, "status-quo")
    assert r.expected_low[0] == pytest.approx(0.625) and math.isnan(r.gain[0])
    plain = to_plain(r)
    assert plain["actors"][0]["gain"] is None and plain["actors"][0]["expected_low"] == 0.625
    # the search leaves North out of the smallest gain and names it
    found = search_orders(s, "no-deal")
    assert found.left_out == ("north",)
    assert found.maximin is not None and found.maximin.smallest == pytest.approx(0.3)


def test_flat_draft_is_one_step(staged):
    r = sequence(staged, "flat")
    assert r.order == () and [x.id for x in r.steps] == ["at signature"]
    assert any("declares no sequence" in n for n in r.notes)
    assert any("no point carries a commitment" in n for n in r.notes)
    card = score_proposals(staged, [staged.proposal("flat")])
    assert np.array_equal(r.expected_low, card.low[:, 0])
    found = search_orders(staged, "flat")
    assert found.evaluated == 1 and found.maximin is not None and found.maximin.order == ()


def test_search_by_hand(staged):
    found = search_orders(staged, "status-quo")
    assert found.evaluated == 2
    # South's gain is 0.3 whatever the order, so both orders tie on the smallest gain: the
    # draft's own order wins the tie
    assert found.maximin is not None and found.maximin.order == ("withdraw", "reopen")
    assert found.maximin.smallest == pytest.approx(0.3)
    assert found.preferred["north"] is not None
    assert found.preferred["north"].order == ("reopen", "withdraw")
    assert found.preferred["north"].gains["north"] == pytest.approx(0.875 - 0.3)
    assert found.own.gains["north"] == pytest.approx(0.625 - 0.3)
    (named,) = found.named
    assert named.label == "trade-first" and named.feasible
    assert named.expected["north"] == pytest.approx(0.875)
    # under 'preferred' the trade-first order lifts North's worst case above South's gain
    found = search_orders(staged, "preferred")
    assert found.maximin is not None and found.maximin.order == ("reopen", "withdraw")


# --- the built-in Ukraine scenario ------------------------------------------------------
def test_ukraine_phased_drafts_against_the_oracle():
    s = resolve_scenario("ukraine-2025")
    phased = [p for p in s.proposals if p.phases]
    assert phased, "ukraine-2025 declares phases on some drafts"
    assert any(p.commitment for d in phased for p in d.points) and s.beliefs
    for draft in phased:
        r = sequence(s, draft.id)
        order = [p.id for p in draft.phases]
        for a, actor in enumerate(r.actors):
            want = oracle.value(s, draft, order, actor)
            assert _close(float(r.expected_low[a]), want.expected_low), (draft.id, actor)
            assert _close(float(r.expected_high[a]), want.expected_high), (draft.id, actor)
            assert _close(float(r.worst[a]), want.worst), (draft.id, actor)
        card = score_proposals(s, [draft])
        assert np.array_equal(r.kept_low, card.low[:, 0])
        # beliefs below 1 on the other side's commitments: some party expects less than
        # the flat score, and the chance of everything kept is below 1 for it
        parties = [r.actors.index(p) for p in r.parties]
        assert any(r.chance_kept[a] < 1 for a in parties)
    found = search_orders(s, phased[0].id)
    assert found.maximin is not None
    counted = [a for a in found.parties if a not in found.left_out]
    assert found.maximin.smallest == pytest.approx(min(found.maximin.gains[a] for a in counted))
    assert found.maximin.smallest >= found.own.smallest - 1e-12
    for party, best in found.preferred.items():
        if best is not None:
            assert best.expected[party] >= found.own.expected[party] - 1e-12


# --- bad requests ------------------------------------------------------------------------
def test_errors_name_what_would_do(staged):
    with pytest.raises(SequencingError, match="no proposal 'nope'; known proposals: status-quo"):
        sequence(staged, "nope")
    with pytest.raises(SequencingError, match="'later' is neither a phase nor a named order"):
        sequence(staged, "status-quo", ["later"])
    with pytest.raises(SequencingError, match="leaves out reopen"):
        sequence(staged, "status-quo", ["withdraw"])
    with pytest.raises(SequencingError, match="names withdraw twice"):
        sequence(staged, "status-quo", ["withdraw", "withdraw"])
    doc = _doc(staged)
    draft = next(p for p in doc["proposals"] if p["id"] == "status-quo")
    draft["phases"][1]["requires"] = ["withdraw"]
    del draft["orders"]  # the scenario checks refuse a named order against requires
    s = Scenario.model_validate(doc)
    with pytest.raises(SequencingError, match="puts 'reopen' before 'withdraw', which it requires"):
        sequence(s, "status-quo", ["reopen", "withdraw"])
    assert search_orders(s, "status-quo").evaluated == 1


def _phased(n: int) -> dict[str, Any]:
    return {
        "id": "many",
        "title": "Many phases",
        "phases": [{"id": f"p{k}", "title": f"Phase {k}"} for k in range(n)],
        "points": [{"text": f"step {k}", "phase": f"p{k}"} for k in range(n)],
    }


def test_more_than_eight_phases(staged):
    doc = _doc(staged)
    doc["proposals"].append(_phased(MAX_SEARCH_PHASES + 1))
    s = Scenario.model_validate(doc)
    with pytest.raises(SequencingError, match="has 9 phases; the exact search over orderings"):
        search_orders(s, "many")
    # one order is fine
    assert sequence(s, "many").order == tuple(f"p{k}" for k in range(9))


def _unchecked(s: Scenario, draft: dict[str, Any]) -> Scenario:
    """``s`` with one more draft, past the scenario checks (which refuse what is tested)."""
    return s.model_copy(update={"proposals": [*s.proposals, Proposal.model_validate(draft)]})


def test_requires_cycle_and_own_order_against_requires(staged):
    many = _phased(2)
    many["phases"][0]["requires"] = ["p1"]
    many["phases"][1]["requires"] = ["p0"]
    s = _unchecked(staged, many)
    with pytest.raises(SequencingError, match="form a cycle"):
        search_orders(s, "many")
    with pytest.raises(SequencingError, match="puts 'p0' before 'p1', which it requires"):
        sequence(s, "many")
    with pytest.raises(SequencingError, match="not a phase of the draft"):
        sequence(_unchecked(staged, {**_phased(1), "phases": []}), "many")


# --- random scenarios against the oracle ------------------------------------------------
def _values(issue: dict[str, Any]) -> list[Any]:
    if issue["kind"] == IssueKind.ordinal:
        return [o["id"] for o in issue["options"]]
    if issue["kind"] == IssueKind.boolean:
        return [False, True]
    lo, hi = issue["min"], issue["max"]
    return [lo, hi, (lo + hi) / 2]


@st.composite
def sequencing_cases(
    draw: Any, max_phases: int = 5, links: bool = False
) -> tuple[Scenario, list[str]]:
    """A random scenario whose one draft has 0..max_phases phases, committed points,
    beliefs and guarantors; and a random order of its phases (maybe against requires)."""
    doc = draw(utility_scenario_data(max_actors=3, max_issues=3, max_proposals=0, links=links))
    actors = [a["id"] for a in doc["actors"]]
    if draw(st.booleans()):  # an unknown BATNA: collapses are then unknown for that actor
        victim = draw(st.sampled_from(doc["actors"]))
        victim["batna"].pop("utility", None)
        victim["batna"].pop("uncertainty", None)
    n = draw(st.integers(0, max_phases))
    phases = [{"id": f"ph{k}", "title": f"Phase {k}"} for k in range(n)]
    for k, phase in enumerate(phases):  # requires only earlier phases: the own order is fine
        req = (
            draw(st.lists(st.sampled_from([f"ph{j}" for j in range(k)]), unique=True)) if k else []
        )
        if req:
            phase["requires"] = req
    n_points = draw(st.integers(max(n, 1), 6))
    points: list[dict[str, Any]] = [
        {"text": f"point {p}", "number": p + 1} for p in range(n_points)
    ]
    for k in range(n):  # the checks refuse a phase without points
        points[k]["phase"] = f"ph{k}"
    for issue in doc["issues"]:
        if draw(st.integers(0, 3)):
            # sometimes two points set the same issue, alike (a draft gives one setting per
            # issue): a broken one must not be made good by the other
            value = draw(st.sampled_from([*_values(issue), "unknown"]))
            for _ in range(draw(st.integers(1, 2))):
                point = points[draw(st.integers(0, n_points - 1))]
                point.setdefault("settings", {})[issue["id"]] = value
    for point in points[n:]:
        if n and draw(st.booleans()):
            point["phase"] = draw(st.sampled_from([p["id"] for p in phases]))
    for point in points:
        if draw(st.integers(0, 3)):
            by = draw(st.sampled_from(actors))
            com = {
                "by": by,
                "kind": draw(st.sampled_from(KINDS)),
                "if_broken": draw(st.sampled_from(["status_quo", "preferred", "no_deal"])),
                "reversible": draw(st.booleans()),
            }
            others = [a for a in actors if a != by]
            if others and draw(st.booleans()):
                com["guarantor"] = draw(st.sampled_from(others))
            point["commitment"] = com
    beliefs, seen = [], set()
    for _ in range(draw(st.integers(0, 6))):
        about = draw(st.sampled_from(actors))
        holder = draw(st.sampled_from([None, *[a for a in actors if a != about]]))
        kind = draw(st.sampled_from(KINDS))
        if (holder, about, kind) in seen:
            continue
        seen.add((holder, about, kind))
        p = draw(st.one_of(st.sampled_from([0.0, 0.25, 0.5, 1.0]), st.floats(0.0, 1.0)))
        belief = {"about": about, "kind": kind, "probability": p}
        if holder is not None:
            belief["holder"] = holder
        if draw(st.booleans()):
            lo, hi = sorted(draw(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2)))
            belief["uncertainty"] = {
                "low": lo,
                "high": hi,
                "distribution": draw(st.sampled_from(["uniform", "triangular", "normal"])),
            }
        beliefs.append(belief)
    doc["beliefs"] = beliefs
    doc["proposals"] = [{"id": "draft", "title": "Draft", "phases": phases, "points": points}]
    if phases and draw(st.booleans()):  # the deal in force only once a phase is done
        doc["proposals"][0]["in_force_after"] = draw(st.sampled_from([p["id"] for p in phases]))
    order = draw(st.permutations([p["id"] for p in phases]))
    return Scenario.model_validate(doc), list(order)


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.one_of(sequencing_cases(), sequencing_cases(links=True)))
def test_sequence_matches_the_oracle(case):
    s, order = case
    draft = s.proposal("draft")
    own = [p.id for p in draft.phases]
    for chosen in (None, order):
        ids = own if chosen is None else chosen
        if not oracle.feasible(draft, ids):
            with pytest.raises(SequencingError, match="which it requires"):
                sequence(s, "draft", chosen)
            continue
        r = sequence(s, "draft", chosen)
        assert r.order == tuple(ids)
        for a, actor in enumerate(r.actors):
            want = oracle.value(s, draft, ids, actor)
            got = (r.expected_low[a], r.expected_high[a], r.worst[a], r.kept_low[a], r.kept_high[a])
            expect = (
                want.expected_low,
                want.expected_high,
                want.worst,
                want.kept_low,
                want.kept_high,
            )
            assert all(_close(float(x), y) for x, y in zip(got, expect, strict=True)), (
                actor,
                got,
                expect,
            )
            b = oracle.batna(s, actor)
            assert _close(float(r.gain[a]), want.expected_low - b)
        # what breaking each promise alone is worth to its breaker (Fearon's check)
        tempted = oracle.temptations(s, draft, ids)
        assert {t.point: t.gain for t in r.temptations} == pytest.approx(tempted, abs=1e-9)
        assert [t.gain for t in r.temptations] == sorted(
            (t.gain for t in r.temptations), reverse=True
        )
        groups = oracle.groups(draft)
        assert {(d.by, d.kind) for d in r.drivers} == set(groups)
        for d in r.drivers:
            for actor in r.actors:
                base = oracle.value(s, draft, ids, actor).expected_low
                sure = oracle.value(s, draft, ids, actor, sure=groups[(d.by, d.kind)]).expected_low
                assert _close(d.rise_low[actor], sure - base)


@SLOW
@given(sequencing_cases(max_phases=4))
def test_search_matches_the_oracle(case):
    s, _ = case
    found = search_orders(s, "draft")
    want = oracle.search(s, "draft")
    assert found.evaluated == len(want.orders)
    if want.maximin is None:
        assert found.maximin is None
    else:
        assert found.maximin is not None
        assert found.maximin.order == want.maximin
        k = want.orders.index(want.maximin)
        assert _close(found.maximin.smallest, want.smallest[k])
    assert set(found.preferred) == set(want.preferred)
    for party, pick in want.preferred.items():
        got = found.preferred[party]
        assert (got.order if got is not None else None) == pick
    # every ordering, every party: the vectorised formula against the courses one by one
    assert found.orders == tuple(want.orders)
    for party, values in want.expected.items():
        row = found.actors.index(party)
        assert all(_close(float(x), y) for x, y in zip(found.expected[row], values, strict=True))
    # every party's value in the draft's own order, from the vectorised ordering formula
    for party in found.own.expected:
        assert _close(
            found.own.expected[party],
            want.expected[party][
                want.orders.index(tuple(p.id for p in s.proposal("draft").phases))
            ],
        )


@settings(max_examples=60, deadline=None)
@given(sequencing_cases())
def test_sure_beliefs_give_the_flat_score_exactly(case):
    s, _ = case
    doc = _doc(s)
    for b in doc["beliefs"]:
        b["probability"] = 1.0
    s = Scenario.model_validate(doc)
    r = sequence(s, "draft")
    card = score_proposals(s, [s.proposal("draft")])
    assert card.actors == r.actors
    # exactly: a course of chance 0 adds nothing and the kept course has chance 1
    assert np.array_equal(r.expected_low, card.low[:, 0])
    assert np.array_equal(r.expected_high, card.high[:, 0])
    assert np.array_equal(r.kept_low, card.low[:, 0])
    assert np.array_equal(r.chance_kept, np.ones(len(r.actors)))


# --- Monte Carlo over beliefs -------------------------------------------------------------
def test_draws_are_seeded_and_recorded(staged):
    a = sequence_draws(staged, "status-quo", 400, seed=11)
    b = sequence_draws(staged, "status-quo", 400, seed=11)
    c = sequence_draws(staged, "status-quo", 400, seed=12)
    assert np.array_equal(a.per_draw, b.per_draw) and not np.array_equal(a.per_draw, c.per_draw)
    plain = to_plain(a)
    assert plain["seed"] == 11 and plain["draws"] == 400
    assert plain["drawn"] == ["north on south keeping 'withdrawal'"]
    # North's value is 0.25 + 0.75 q with q uniform on [0.3, 0.7]
    q = a.probabilities[:, 0]
    assert q.min() >= 0.3 and q.max() <= 0.7
    assert np.allclose(a.per_draw[:, 0], 0.25 + 0.75 * q)
    med, lo, hi = a.expected_low[0]
    assert lo < med < hi and lo >= 0.25 + 0.75 * 0.3 and hi <= 0.25 + 0.75 * 0.7
    assert med == pytest.approx(np.median(0.25 + 0.75 * q))
    # South is sure of itself: every draw the same
    assert a.expected_low[1].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert a.gain[1].tolist() == pytest.approx([0.3, 0.3, 0.3])


@settings(max_examples=25, deadline=None)
@given(sequencing_cases(max_phases=3), st.integers(0, 2**32 - 1))
def test_draws_match_the_oracle_draw_by_draw(case, seed):
    s, _ = case
    r = sequence_draws(s, "draft", 3, seed)
    for d in range(3):
        doc = _doc(s)
        for b, belief in enumerate(doc["beliefs"]):
            belief["probability"] = float(r.probabilities[d, b])
            belief.pop("uncertainty", None)
        drawn = Scenario.model_validate(doc)
        draft = drawn.proposal("draft")
        order = [p.id for p in draft.phases]
        for a, actor in enumerate(r.actors):
            assert _close(
                float(r.per_draw[d, a]), oracle.value(drawn, draft, order, actor).expected_low
            )
    if not any(b.uncertainty for b in s.beliefs):
        assert any("every draw is the same" in n for n in r.notes)
        det = sequence(s, "draft")
        assert np.allclose(r.per_draw, det.expected_low[None, :], equal_nan=True)


# --- the command line ----------------------------------------------------------------------
def test_cli_tables_and_json():
    proc = accord("sequence", STAGED, "--proposal", "status-quo")
    text = proc.stdout
    for words in ("Withdrawal first", "North", "0.625", "at signature", "halts",
                  "south: withdrawal", "+0.375"):  # fmt: skip
        assert words in text, words
    text = accord("sequence", STAGED, "--proposal", "guaranteed").stdout
    assert "north on monitor keeping 'withdrawal' as guarantor: assumed kept" in text
    data = json.loads(accord("sequence", STAGED, "--proposal", "status-quo", "--json").stdout)
    north = next(r for r in data["sequence"]["actors"] if r["actor"] == "north")
    assert north["expected_low"] == pytest.approx(0.625) and north["worst"] == pytest.approx(0.25)
    assert data["sequence"]["order"] == ["withdraw", "reopen"]
    assert "search" not in data and "draws" not in data


@pytest.mark.parametrize(
    ("proposal", "order", "gain"),
    [
        # South: U = ((border lo 1, mid 0.5, hi 0) + trade) / 2; kept: hi, trade: 0.5
        ("status-quo", None, (0.5 + 0) / 2 - 0.5),  # broken first: mid, no trade
        ("preferred", None, (1 + 0) / 2 - 0.5),  # South sets lo, no trade: indifferent
        # trade reopened first, then South breaks: mid and trade, 0.75 against 0.5: its
        # promise is not self-enforcing once it has what it wanted (Fearon)
        ("status-quo", ["trade-first"], (0.5 + 1) / 2 - 0.5),
    ],
)
def test_what_breaking_its_promise_is_worth_to_the_breaker(staged, proposal, order, gain):
    r = sequence(staged, proposal, order, view="assessed")
    (t,) = r.temptations
    assert (t.by, t.kind, t.point) == ("south", "withdrawal", "point 1")
    assert t.gain == pytest.approx(gain, abs=1e-12)
    assert t.kept == pytest.approx(0.5, abs=1e-12)


def test_a_halt_before_a_no_deal_point_is_carried_out_ends_the_deal(staged):
    """South's withdrawal (status_quo) comes first; North's reopening of trade is a term the
    deal cannot stand without (no_deal). As North sees it, half the time the withdrawal is
    broken, the process halts, trade is never reopened, and the deal collapses to North's
    BATNA 0.3, not to the partial deal (border mid, no trade: 0.25)."""
    doc = _doc(staged)
    draft = next(p for p in doc["proposals"] if p["id"] == "status-quo")
    draft["points"][1]["commitment"] = {"by": "north", "kind": "trade", "if_broken": "no_deal"}
    s = Scenario.model_validate(doc)
    r = sequence(s, "status-quo", view="assessed")
    n = _at(r, "north")
    assert r.expected_low[n] == pytest.approx(0.5 * 1 + 0.5 * 0.3, abs=1e-12)
    assert r.worst[n] == pytest.approx(0.3, abs=1e-12)


def test_score_and_analyze_show_the_sequenced_value_beside_the_flat_one():
    text = accord("score", STAGED, "--batna", "assessed").stdout
    assert "If commitments may break" in text
    # North: flat 1.000, expected 0.625 in the own order, gain 0.325 over its BATNA 0.3
    assert "1.000 → 0.625 (+0.325)" in text
    data = json.loads(accord("score", STAGED, "--batna", "assessed", "--json").stdout)
    staged = {r["proposal"]: r for r in data["sequenced"]}
    assert "flat" not in staged  # nothing declared: no sequenced row
    north = next(r for r in staged["in-force"]["actors"] if r["actor"] == "north")
    assert north["expected_low"] == pytest.approx(0.65)
    assert "sequenced" not in json.loads(accord("score", "uaw-detroit-2023", "--json").stdout)
    # accord analyze shows the same beside its verdicts
    assert "1.000 → 0.625 (+0.325)" in accord("analyze", STAGED, "--batna", "assessed").stdout
    data = json.loads(accord("analyze", STAGED, "--batna", "assessed", "--json").stdout)
    assert [r["proposal"] for r in data["sequenced"]] == [
        "status-quo", "preferred", "no-deal", "in-force", "guaranteed"
    ]  # fmt: skip


def test_cli_order_search_and_draws():
    data = json.loads(
        accord(
            "sequence", STAGED, "--proposal", "status-quo", "--order", "reopen,withdraw",
            "--search", "--draws", "200", "--seed", "5", "--json",
        ).stdout
    )  # fmt: skip
    north = next(r for r in data["sequence"]["actors"] if r["actor"] == "north")
    assert north["expected_low"] == pytest.approx(0.875)
    assert data["search"]["maximin"]["order"] == ["withdraw", "reopen"]
    assert data["search"]["preferred"]["north"]["order"] == ["reopen", "withdraw"]
    assert data["draws"]["seed"] == 5 and data["draws"]["draws"] == 200
    assert data["draws"]["order"] == ["reopen", "withdraw"]
    named = json.loads(
        accord(
            "sequence", STAGED, "--proposal", "status-quo", "--order", "trade-first", "--json"
        ).stdout
    )
    assert named["sequence"]["order"] == ["reopen", "withdraw"]
    text = accord("sequence", STAGED, "--proposal", "no-deal", "--search", "--draws", "100").stdout
    for words in ("maximin", "preferred by North", "trade-first", "seed 0", "median"):
        assert words in text, words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--proposal", "nope"), "no draft 'nope' in scenario 'staged'"),
        (("--proposal", "status-quo", "--order", "later"), "'later' is neither a phase nor"),
        (("--proposal", "status-quo", "--order", "withdraw"), "leaves out reopen"),
        (("--proposal", "status-quo", "--batna", "hoped"), "hoped"),
        (("--proposal", "status-quo", "--draws", "0"), "greater than or equal to 1"),
    ],
)
def test_cli_errors(args, message):
    proc = accord("sequence", STAGED, *args, check=2)
    assert message in proc.stderr


def test_cli_too_many_phases(tmp_path):
    doc = _doc(resolve_scenario(STAGED))
    doc["proposals"].append(_phased(9))
    path = tmp_path / "many.yaml"
    path.write_text(json.dumps(doc))
    proc = accord("sequence", str(path), "--proposal", "many", "--search", check=2)
    assert "has 9 phases" in proc.stderr and "--order" in proc.stderr
