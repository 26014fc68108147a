"""Monte Carlo over uncertain inputs: the vectorised run against a per-draw loop, seeding,
chunking, the Dask backend, and the sampling itself."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.space import parties
from accord.forecast import backends
from accord.forecast.models import MODELS, forecast
from accord.forecast.montecarlo import simulate
from accord.io import load_builtin, load_scenario
from accord.model import Scenario
from accord.model.actors import Uncertainty
from accord.uncertainty.draws import UncertainInput, draw_one, sample, uncertain_inputs
from accord.uncertainty.plan import seeding
from oracle_montecarlo import drawn_scenario, oracle_run
from strategies import utility_scenario_data

DATA = Path(__file__).parent / "data" / "uncertainty"

#: Models cheap enough for hypothesis; a heavier registered model is checked once below.
FAST_MODELS = [m for m in ("compromise", "median") if m in MODELS]


@st.composite
def uncertain_scenarios(draw: Any) -> Scenario:
    """Small scenarios with spreads on stances and BATNAs, and on some capabilities."""
    data = draw(
        utility_scenario_data(
            max_actors=3, max_issues=3, max_proposals=2, uncertainty=True, max_constraints=1
        )
    )
    for actor in data["actors"]:
        if draw(st.booleans()):
            a = draw(st.floats(0.0, 5.0, allow_nan=False).map(lambda x: round(x, 3)))
            b = draw(st.floats(0.0, 5.0, allow_nan=False).map(lambda x: round(x, 3)))
            lo, hi = min(a, b), max(a, b)
            spread: dict[str, Any] = {"low": lo, "high": hi}
            spread["distribution"] = draw(st.sampled_from(["uniform", "triangular", "normal"]))
            if draw(st.booleans()):
                spread["mode"] = round(lo + (hi - lo) * draw(st.floats(0, 1)), 3)
                spread["mode"] = min(max(spread["mode"], lo), hi)
            actor["uncertainty"] = {"capability": spread}
    return Scenario.model_validate(data)


# --- against the per-draw oracle --------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=uncertain_scenarios(),
    model=st.sampled_from(FAST_MODELS),
    seed=st.integers(0, 2**32 - 1),
    exact_solver=st.booleans(),
)
def test_vectorised_simulation_equals_per_draw_loop(
    scenario: Scenario, model: str, seed: int, exact_solver: bool
) -> None:
    # chunk 7 over 20 draws: three chunks, the last one short
    budget = 0 if exact_solver else 10**9  # 0 forces the per-draw MILP path
    sim = simulate(scenario, model, draws=20, seed=seed, chunk=7, zopa_budget=budget)
    if sim.zopa.space_size:  # an empty space is always "enumerated"
        assert sim.zopa.method == ("milp" if exact_solver else "enumeration")
    ys, accs, zs = oracle_run(scenario, model, sim.values)
    np.testing.assert_allclose(sim.forecasts, ys, rtol=1e-12, atol=1e-9, equal_nan=True)
    who = list(sim.parties)
    for p, pid in enumerate(sim.acceptance):
        for k, a in enumerate(who):
            for word, code in (("yes", 2), ("maybe", 1), ("no", 0)):
                assert sim.acceptance[pid][a][word] == pytest.approx(
                    float(np.mean(accs[:, p, k] == code)), abs=1e-12
                ), (pid, a, word)
    assert sim.zopa.probability == pytest.approx(float(np.mean(zs)), abs=1e-12)


def test_acceptance_matches_proposal_verdicts_on_a_file() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    sim = simulate(scenario, "compromise", draws=40, seed=11, chunk=16)
    _, accs, zs = oracle_run(scenario, "compromise", sim.values, verdicts=True)
    for p, pid in enumerate(sim.acceptance):
        for k, a in enumerate(sim.parties):
            assert sim.acceptance[pid][a]["yes"] == float(np.mean(accs[:, p, k] == 2))
            assert sim.acceptance[pid][a]["maybe"] == float(np.mean(accs[:, p, k] == 1))
    assert sim.zopa.probability == float(np.mean(zs))
    # the draft with an unknown setting can be "maybe"; the fully set one cannot
    assert all(sim.acceptance["opening"][a]["maybe"] == 0.0 for a in sim.parties)


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_registered_model_runs_vectorised_and_matches_the_loop(model: str) -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    sim = simulate(scenario, model, draws=12, seed=5, chunk=5)
    ys, _, _ = oracle_run(scenario, model, sim.values, with_zopa=False)
    np.testing.assert_allclose(sim.forecasts, ys, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_a_spread_free_scenario_repeats_the_plain_forecast() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml").model_copy(deep=True)
    for actor in scenario.actors:
        actor.uncertainty = None
        if actor.batna is not None:
            actor.batna.uncertainty = None
    for stance in scenario.stances:
        stance.uncertainty = None
    plain = forecast(scenario, "median")
    sim = simulate(scenario, "median", draws=30, seed=0, chunk=8)
    assert sim.inputs == () and sim.values.shape == (30, 0)
    assert "no spreads" in sim.notes[0]
    for f in plain.issues:
        assert set(sim.issue(f.issue).quantiles.values()) == {f.value}  # type: ignore[union-attr]
    # and the base values of the inputs rebuild the scenario itself
    original = load_scenario(DATA / "capability-spread.yaml")
    base = drawn_scenario(original, [spec.base for spec in uncertain_inputs(original)])
    assert forecast(base, "compromise").to_dict() == forecast(original, "compromise").to_dict()


# --- seeding, chunking, backends ----------------------------------------------------------------
def test_same_seed_same_numbers_and_different_seed_different() -> None:
    scenario = load_builtin("ukraine-2025")
    a = simulate(scenario, "median", draws=300, seed=42, chunk=120)
    b = simulate(scenario, "median", draws=300, seed=42, chunk=120)
    c = simulate(scenario, "median", draws=600, seed=43, chunk=250)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert np.array_equal(a.values, b.values) and np.array_equal(a.forecasts, b.forecasts)
    assert not np.array_equal(a.values, c.values)
    assert a.to_dict()["issues"] != c.to_dict()["issues"]
    assert (a.seed, a.draws, a.chunk, a.n_chunks, a.entropy) == (42, 300, 120, 3, 42)


def test_chunks_are_seeded_from_one_seed_sequence() -> None:
    root, args = seeding(7, 25, 10)
    assert [(s, n) for s, n, _ in args] == [(0, 10), (10, 10), (20, 5)]
    assert [c.spawn_key for _, _, c in args] == [(0,), (1,), (2,)]
    assert root.entropy == 7
    # a longer run begins with the draws of a shorter one (same seed and chunk)
    scenario = load_scenario(DATA / "capability-spread.yaml")
    short = simulate(scenario, draws=25, seed=7, chunk=10)
    long = simulate(scenario, draws=40, seed=7, chunk=10)
    assert np.array_equal(long.values[:20], short.values[:20])


def test_progress_is_reported_per_chunk() -> None:
    calls: list[tuple[int, int]] = []
    scenario = load_scenario(DATA / "capability-spread.yaml")
    simulate(scenario, draws=25, seed=1, chunk=10, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.fixture(scope="module")
def dask_client() -> Any:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_local_cluster_gives_identical_numbers(dask_client: Any) -> None:
    scenario = load_builtin("ukraine-2025")
    local = simulate(scenario, "median", draws=900, seed=2024, chunk=200)
    calls: list[tuple[int, int]] = []
    remote = simulate(
        scenario,
        "median",
        draws=900,
        seed=2024,
        chunk=200,
        backend="dask",
        address=dask_client,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert np.array_equal(local.values, remote.values)
    assert np.array_equal(local.forecasts, remote.forecasts, equal_nan=True)
    a, b = local.to_dict(), remote.to_dict()
    assert a.pop("backend") == "numpy" and b.pop("backend") == "dask"
    assert json.dumps(a) == json.dumps(b)
    assert calls[-1] == (5, 5)


def test_dask_without_address_starts_a_local_cluster() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    local = simulate(scenario, draws=30, seed=9, chunk=10)
    remote = simulate(scenario, draws=30, seed=9, chunk=10, backend="dask")
    assert np.array_equal(local.forecasts, remote.forecasts)
    assert local.acceptance == remote.acceptance and local.zopa == remote.zopa


def test_dask_errors_are_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="no backend 'spark'; backends: numpy, dask"):
        backends.run_chunks(abs, [1], backend="spark")
    with pytest.raises(ValueError, match="'address' is for the dask backend"):
        backends.run_chunks(abs, [1], backend="numpy", address="tcp://localhost:1")
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", 1)
    with pytest.raises(
        ValueError, match=re.escape("cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'")
    ):
        backends.run_chunks(abs, [1], backend="dask", address="tcp://127.0.0.1:9")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ValueError, match=r"needs dask.distributed.*pip install 'accord\[dask\]'"):
        backends.run_chunks(abs, [1], backend="dask")


# --- the ZOPA when the space is too large to enumerate --------------------------------------
def test_large_space_uses_a_documented_seeded_subsample() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    sim = simulate(scenario, draws=100, seed=3, chunk=30, zopa_budget=0, zopa_solves=20)
    z = sim.zopa
    assert (z.method, z.stride, z.draws_evaluated, z.exact) == ("milp-subsample", 5, 20, False)
    assert z.interval is not None and z.interval[0] <= z.probability <= z.interval[1]
    assert "every 5th draw" in z.note
    _, _, zs = oracle_run(scenario, "compromise", sim.values[::5])
    assert z.probability == float(np.mean(zs))
    assert simulate(scenario, draws=100, seed=3, chunk=30, zopa_budget=0, zopa_solves=20).zopa == z


def test_result_is_json_and_records_the_seeding() -> None:
    uaw = load_builtin("uaw-detroit-2023")
    sim = simulate(uaw, "compromise", draws=60, seed=8, chunk=25, zopa_budget=0, zopa_solves=10)
    d = json.loads(json.dumps(sim.to_dict()))
    assert d["seed"] == 8 and d["entropy"] == "8" and d["n_chunks"] == 3
    assert set(d["issues"][0]["quantiles"]) == {"5", "25", "50", "75", "95"}
    assert d["zopa"]["method"] == "milp-subsample" and d["zopa"]["draws_evaluated"] == 10
    assert d["parties"] == parties(load_builtin("uaw-detroit-2023"))
    for per_party in d["acceptance"].values():
        for tri in per_party.values():
            assert math.isclose(tri["yes"] + tri["maybe"] + tri["no"], 1.0)


def test_argument_errors() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    with pytest.raises(ValueError, match="no model 'nope'"):
        simulate(scenario, "nope", draws=2, seed=0)
    with pytest.raises(ValueError, match="draws must be at least 1"):
        simulate(scenario, draws=0, seed=0)
    with pytest.raises(ValueError, match="no actor 'ghost'"):
        simulate(scenario, draws=2, seed=0, actors=["ghost"])


# --- the draws themselves -----------------------------------------------------------------------
def _every_builtin_input() -> list[tuple[str, UncertainInput]]:
    out = []
    for name in ("ukraine-2025", "uaw-detroit-2023"):
        out += [(name, spec) for spec in uncertain_inputs(load_builtin(name))]
    scenario = load_scenario(DATA / "capability-spread.yaml")
    return out + [("capability-spread", spec) for spec in uncertain_inputs(scenario)]


@pytest.mark.parametrize(
    ("name", "spec"), _every_builtin_input(), ids=lambda v: getattr(v, "name", v)
)
def test_draws_respect_bounds_and_options(name: str, spec: UncertainInput) -> None:
    x = draw_one(spec, 4000, np.random.default_rng(1))
    assert x.min() >= spec.low and x.max() <= spec.high
    if spec.options:
        assert set(np.unique(x)) <= set(spec.options)
    if spec.high > spec.low and not spec.options:
        assert np.unique(x).size > 100  # a real spread, not a constant


def test_distributions_have_their_documented_shape() -> None:
    rng = np.random.default_rng(0)
    n = 200_000

    def spec(dist: str, mode: float) -> UncertainInput:
        return UncertainInput("x", "capability", "a", None, dist, 2.0, 6.0, mode, mode)

    u = draw_one(spec("uniform", 4.0), n, rng)
    t = draw_one(spec("triangular", 3.0), n, rng)
    g = draw_one(spec("normal", 3.0), n, rng)
    # standard errors at n = 200,000 are below 0.003 for these means; 0.02 is > 6 of them
    assert abs(u.mean() - 4.0) < 0.02 and abs(u.std() - 4 / math.sqrt(12)) < 0.02
    assert abs(t.mean() - (2 + 6 + 3) / 3) < 0.02
    assert abs(np.median(t) - (6 - math.sqrt(0.5 * 4 * 3))) < 0.02  # right of the mode
    # truncated normal, mean 3, sd 1 on [2, 6]: mean = 3 + pdf(-1)/(1 - cdf(-1)) ~ 3.2876
    assert abs(g.mean() - 3.2876) < 0.02 and g.min() >= 2.0 and g.max() <= 6.0


def test_ordinal_draws_snap_to_the_nearest_option() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    spec = next(s for s in uncertain_inputs(scenario) if s.name == "firm/tiers.red_line")
    assert (spec.low, spec.high, spec.options) == (50.0, 100.0, (0.0, 50.0, 100.0))
    x = sample([spec], 40_000, np.random.default_rng(4))[:, 0]
    # uniform on [50, 100], snapped: below 75 goes to 50 (ties to the lower), the rest to 100
    assert abs(np.mean(x == 50.0) - 0.5) < 0.01 and set(np.unique(x)) == {50.0, 100.0}


def test_memory_blocks_do_not_change_the_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.forecast import montecarlo_chunks

    scenario = load_scenario(DATA / "capability-spread.yaml").model_copy(deep=True)
    # a demanding union: the ZOPA exists in some draws only
    scenario.actor("union").batna.uncertainty = Uncertainty(low=0.6, high=0.95)  # type: ignore[union-attr]
    whole = simulate(scenario, draws=60, seed=21, chunk=30)
    _, _, zs = oracle_run(scenario, "compromise", whole.values)
    assert whole.zopa.probability == float(np.mean(zs))
    monkeypatch.setattr(montecarlo_chunks, "_BLOCK", 40)  # slices of a draw or two, outcome blocks
    sliced = simulate(scenario, draws=60, seed=21, chunk=30)
    assert sliced.acceptance == whole.acceptance and sliced.zopa == whole.zopa
    assert 0 < whole.zopa.probability < 1  # both outcomes occur, so the test can tell
