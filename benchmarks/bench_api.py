"""What the Python API adds to the library calls it wraps, measured in the same run.

``accord.api.score``/``analyze``/``forecast``/``conflict`` load nothing twice and compute
nothing the command does not: the ratio of each to the library calls the matching command
makes (the oracle here: the same calls written out) should stay near 1. Also times the
result's table (``to_frame()``) and its notebook view (``_repr_html_()``, Plotly included),
which the library alone does not have.

    .venv/bin/python benchmarks/bench_api.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import accord.api as ac
from accord.analysis import score_proposals
from accord.analysis.bargaining import analyze
from accord.analysis.ratification import ratify_drafts, win_sets
from accord.analysis.ripeness import batna_gap
from accord.analysis.sequencing import sequence
from accord.conflict.stability import analyze as stability
from accord.conflict.states import conflict_graph
from accord.forecast.models import forecast
from accord.forecast.montecarlo import simulate
from accord.io import load_builtin, load_builtin_conflict
from accord.model.views import batna_view
from accord.overview.deal import outlook


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def direct_analyze(s: Any) -> None:
    v = batna_view(s, "perceived")
    a = analyze(v)
    batna_gap(s, None)
    if v.ratification:
        win_sets(v, list(a.parties), flat=a.zopa, soft=a.soft)
        ratify_drafts(v)
    for p in v.proposals:
        if p.phases or any(pt.commitment for pt in p.points):
            sequence(v, p.id)


def direct_score(s: Any) -> None:
    v = batna_view(s, "perceived")
    score_proposals(v)
    if v.ratification:
        ratify_drafts(v)
    for p in v.proposals:  # phased drafts valued when commitments may break, as the command
        if p.phases or any(pt.commitment for pt in p.points):
            sequence(v, p.id)


def direct_forecast(s: Any) -> None:
    v = batna_view(s, "perceived")
    f = forecast(v, "compromise")
    outlook(v, f, simulation=simulate(v, "compromise", draws=500, seed=0, honour=True))


def main() -> None:
    s = load_builtin("ukraine-2025")
    rows = [
        ("score", lambda: ac.score(s), lambda: direct_score(s)),
        ("analyze", lambda: ac.analyze(s), lambda: direct_analyze(s)),
        (
            "forecast, 500 draws",
            lambda: ac.forecast(s, draws=500, seed=0),
            lambda: direct_forecast(s),
        ),
        (
            "conflict elmira",
            lambda: ac.conflict("elmira"),
            lambda: stability(conflict_graph(load_builtin_conflict("elmira"))),
        ),
    ]
    print(f"{'ukraine-2025':<22} {'api':>9} {'library':>9} {'ratio':>6}")
    for name, api_call, lib_call in rows:
        t_api, t_lib = best_of(api_call), best_of(lib_call)
        print(f"{name:<22} {t_api:>8.3f}s {t_lib:>8.3f}s {t_api / t_lib:>6.2f}")
    result = ac.analyze(s)
    t_frame = best_of(result.to_frame)
    t_html = best_of(result._repr_html_)
    print(f"analyze: to_frame() {t_frame * 1e3:.1f} ms, _repr_html_() {t_html * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
