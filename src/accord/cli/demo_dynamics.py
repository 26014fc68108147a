"""The demo's dynamics part: the ZOPA on each draft's date, a mediator's bias, levers.

Everything here is computed from the scenario by the library (``accord.analysis``); this
module only chooses what to show and prints it.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from accord.analysis.zopa import zopa
from accord.dynamics.openings import smallest_openings
from accord.dynamics.processes import ProcessError, default_parties, simulate_process
from accord.dynamics.timeline import timeline
from accord.model import Scenario
from accord.model.asof import scenario_as_of
from accord.overview.words import months_text

#: Runs and seed of the demo's mediated negotiations.
RUNS, SEED = 200, 0
#: How much more weight a biased mediator gives the party it leans to.
LEAN = 3.0


def dynamics_demo(s: Scenario) -> dict[str, Any]:
    """ZOPA on every draft's date, 12-month timeline, mediated texts by bias, lever search."""
    doc: dict[str, Any] = {}
    dated = [p for p in s.proposals if p.date is not None]
    doc["zopa_by_draft_date"] = [
        {
            "draft": p.id,
            "date": p.date.isoformat(),  # type: ignore[union-attr]
            "zopa": zopa(scenario_as_of(s, p.date).scenario).exists,  # type: ignore[arg-type]
        }
        for p in dated
    ]
    line = timeline(s, 12)
    doc["timeline"] = {"opens": line.opens, "closes": line.closes,
                       "month_0": line.months[0].exists}  # fmt: skip
    parties = default_parties(s)
    biases: list[tuple[str, dict[str, float] | None]] = [("even-handed", None)]
    biases += [(f"leans to {p}", {q: (LEAN if q == p else 1.0) for q in parties}) for p in parties]
    mediated = []
    for label, bias in biases:
        try:
            run = simulate_process(s, "mediated", runs=RUNS, seed=SEED, bias=bias)
        except ProcessError as exc:
            doc["mediated_note"] = str(exc)
            break
        drafts = run.example["drafts"]
        mediated.append({
            "mediator": label, "bias": run.bias, "results": run.results,
            "first_text": drafts[0]["utility"], "last_text": drafts[-1]["utility"],
            "example_result": run.example["result"],
        })  # fmt: skip
    doc["mediated"] = {"runs": RUNS, "seed": SEED, "by_bias": mediated}
    if s.levers:
        doc["levers"] = smallest_openings(s, "zopa").to_dict()
    return doc


def print_dynamics_demo(s: Scenario, doc: dict[str, Any], out: Any) -> None:
    """Print :func:`dynamics_demo`'s results."""
    rows = doc["zopa_by_draft_date"]
    if rows:
        yes = [r for r in rows if r["zopa"]]
        dates = ", ".join(f"{r['draft']} {r['date']}" for r in rows)
        out.print(
            f"A ZOPA existed on {len(yes)} of the {len(rows)} draft dates ({dates}), "
            "as the record stood then."
        )
    t = doc["timeline"]
    if t["opens"] or t["closes"]:
        out.print(f"Over the next 12 months the ZOPA opens at month {months_text(t['opens'])} "
                  f"and closes at month {months_text(t['closes'])}.")  # fmt: skip
    else:
        state = "a ZOPA exists in every month" if t["month_0"] else "there is no ZOPA in any month"
        out.print(f"As the parties' alternatives move over the next 12 months, {state}.")
    med = doc["mediated"]["by_bias"]
    if med:
        parties = list(med[0]["first_text"])
        table = Table(
            title=f"A mediator's single text, by its bias ({doc['mediated']['runs']} runs with "
            f"uncertain inputs, seed {doc['mediated']['seed']}; run 0's texts)",
            title_justify="left",
        )
        table.add_column("mediator")
        for p in parties:
            table.add_column(f"{p}: first → last text")
        table.add_column("agreement")
        table.add_column("walk-away")
        for m in med:
            cells = [f"{m['first_text'][p]:.2f} → {m['last_text'][p]:.2f}" for p in parties]
            table.add_row(m["mediator"], *cells, f"{100 * m['results']['agreement']:.0f}%",
                          f"{100 * m['results']['walk-away']:.0f}%")  # fmt: skip
        out.print(table)
    if "levers" in doc:
        lv = doc["levers"]
        if lv["found"]:
            first = lv["solutions"][0]["settings"]
            moves = ", ".join(
                f"{s.lever(k).name} at {s.lever(k).label(v)}" for k, v in first.items()
            )
            out.print(
                f"In the model, the smallest lever change that opens a ZOPA is {moves} "
                "(judged on the parties' red lines and alternatives, without ratification). It "
                "says what those moves would do to the stated positions, not whether to make "
                "them: see accord levers for the deal it opens."
            )
        else:
            out.print(
                f"No declared lever setting opens a ZOPA ({lv['grid']} settings in the grid)."
            )
