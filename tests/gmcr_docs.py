"""Seeded GMCR+ save files with a manual preference ranking of every feasible state, for
the importer's tests and benchmark (``benchmarks/bench_gmcr_import.py``)."""

from __future__ import annotations

from typing import Any

import numpy as np


def ranked_gmcr_doc(
    n_options: int, n_dms: int = 3, *, seed: int, tie_share: float = 0.1, infeasible: bool = True
) -> dict[str, Any]:
    """A GMCR+ document: ``n_options`` options in ``n_dms`` nearly equal blocks, one per
    decision maker in order (GMCR+ groups them so; its state numbers are then accord's plus
    one), with (if ``infeasible``) one infeasible condition (the first two options taken
    together), and each decision maker's ``preferenceRanking`` a random order of every
    feasible state (GMCR+ numbers, from 1) in which about ``tie_share`` of the entries are
    ties of two or three states (nested lists). Drawn from ``numpy.random.default_rng(seed)``.
    """
    if n_options < n_dms:
        raise ValueError(f"{n_options} options cannot be dealt to {n_dms} decision makers")
    rng = np.random.default_rng(seed)
    n_states = 2**n_options - (2 ** (n_options - 2) if infeasible and n_options >= 2 else 0)
    blocks = np.array_split(np.arange(n_options), n_dms)
    dms = []
    for d in range(n_dms):
        order = (rng.permutation(n_states) + 1).tolist()
        ranking: list[Any] = []
        k = 0
        while k < n_states:
            size = int(rng.integers(2, 4)) if rng.random() < tie_share else 1
            group = order[k : k + size]
            ranking.append(group if len(group) > 1 else group[0])
            k += size
        dms.append(
            {
                "name": f"DM {d + 1}",
                "options": blocks[d].tolist(),
                "preferences": [],
                "preferenceRanking": ranking,
            }
        )
    return {
        "program": "gmcr-py",
        "version": "0.3",
        "options": [
            {"name": f"Option {k}", "permittedDirection": "both"} for k in range(n_options)
        ],
        "decisionMakers": dms,
        "infeasibles": [[[0, "Y"], [1, "Y"]]] if infeasible and n_options >= 2 else [],
        "useManualPreferenceRanking": True,
    }
