"""Progress for long Pareto frontiers on the terminal, and the frontier's estimate and ε
in words and in ``--json``: used by ``accord analyze``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import Progress

from accord.analysis.pareto import Frontier, frontier_options
from accord.cli.common import err

#: A bar appears only once a frontier has taken this long (most take milliseconds).
SHOW_AFTER = 2.0


@contextmanager
def frontier_progress(epsilon: float | None) -> Iterator[None]:
    """Every frontier computed inside uses ``epsilon`` (None: the budget decides) and, on a
    terminal, shows a progress bar on stderr once it has run ``SHOW_AFTER`` seconds.
    Ctrl-C stops it between steps; the CLI's entry point exits with code 130."""
    started = time.perf_counter()
    bar: list[Any] = []  # the rich Progress and its task, once shown

    def show(done: int, total: int) -> None:
        if not bar:
            if not err.is_terminal or time.perf_counter() - started < SHOW_AFTER:
                return
            progress = Progress(console=err, transient=True)
            progress.start()
            bar.extend([progress, progress.add_task("Pareto frontier", total=total)])
        bar[0].update(bar[1], completed=done, total=total)

    try:
        with frontier_options(epsilon=epsilon, progress=show):
            yield
    finally:
        if bar:
            bar[0].stop()


def frontier_words(front: Frontier) -> str | None:
    """One line for people when the frontier is an ε-frontier or large, else None."""
    if front.note:
        return front.note
    if front.epsilon:
        return (
            f"an ε-frontier with ε = {front.epsilon:g}: every exact frontier outcome is within "
            f"{front.epsilon:g} of a listed one for every party"
        )
    if front.estimate is not None and front.estimate.over_budget():
        return front.estimate.describe()
    return None
