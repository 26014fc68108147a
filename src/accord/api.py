"""accord from Python: one function per analysis, each returning a result for notebooks.

The functions take the same arguments, with the same names and defaults, as the ``accord``
commands that compute the same thing, and give the same numbers: ``accord.api.score(s)`` is
``accord score S --json``. Each returns a small result object (:mod:`accord.results`) with

- a short ``repr``: what it is, the headline numbers and what the model assumes;
- ``to_frame()``: its natural table as a pandas DataFrame (the ``notebook`` extra:
  ``pip install 'accord[notebook]'``);
- ``_repr_html_()``: the table (and, where the briefing has one, its chart) in Jupyter;
- ``to_dict()`` / ``to_json()``: the document the command's ``--json`` prints.

A scenario argument is a built-in name (``"ukraine-2025"``), a path to a ``.yaml`` file, YAML
text (any string with a line break) or a :class:`~accord.model.Scenario` already loaded.
Every random process takes ``seed`` and its result records the seed it used, so a figure
can be reproduced.

:data:`EXAMPLE` is a two-party wage negotiation small enough for every function to answer
in well under a second; the examples below use it.

Example:
    >>> import accord.api as ac
    >>> s = ac.load(ac.EXAMPLE)
    >>> [a.id for a in s.actors]
    ['union', 'firm']
    >>> ac.analyze(s).zopa.exists
    True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from accord.data import DEFAULT_SCENARIO
from accord.io import builtin_names, load_builtin, load_scenario, parse_scenario
from accord.model import Scenario
from accord.model.problems import Problem, ScenarioError, suggest
from accord.results import (
    Analysis,
    Diff,
    Evidence,
    Forecast,
    Levers,
    MissingExtra,
    ScenarioView,
    Scorecard,
    Simulation,
    Stability,
    Timeline,
    Trades,
    Validation,
)
from accord.results.arguments import (
    check_bias,
    check_drafts,
    check_parties,
    check_strategies,
    eum_options,
    lever_levels,
    settings_doc,
)

__all__ = [
    "EXAMPLE",
    "Analysis",
    "Diff",
    "Evidence",
    "Forecast",
    "Levers",
    "MissingExtra",
    "Scenario",
    "ScenarioError",
    "ScenarioView",
    "Scorecard",
    "Simulation",
    "Stability",
    "Timeline",
    "Trades",
    "Validation",
    "analyze",
    "conflict",
    "diff",
    "forecast",
    "ingest",
    "levers",
    "load",
    "report",
    "score",
    "show",
    "simulate",
    "timeline",
    "trades",
    "validate",
    "whatif",
]

#: A scenario argument: a built-in name, a path, YAML text, or a scenario already loaded.
ScenarioLike = str | os.PathLike[str] | Scenario

#: A two-party wage negotiation as YAML text: two issues (a continuous wage rise with the
#: union's red line at 4%, and pay tiers), two drafts, spreads on the union's capability
#: and BATNA (for the Monte Carlo), outside support that lifts the union's BATNA month by
#: month (so the ZOPA closes within the year), and one lever (the strike fund). Small enough
#: that every function of this module answers in well under a second; every value is the
#: analyst's judgement (it is an example, not a case).
EXAMPLE = """\
id: wage-talks
title: A two-party wage negotiation
as_of: 2024-05-01
sources:
  - {id: memo, title: Negotiators' memo, reliability: analyst judgement}
actors:
  - id: union
    name: Union
    role: party
    capability: 1
    uncertainty: {capability: {low: 0.5, high: 2}}
    batna:
      description: strike
      utility: 0.3
      uncertainty: {low: 0.2, high: 0.4}
      judgement: the strike fund lasts about three months
      over_time: {support: 0.05, judgement: solidarity donations grow month by month}
  - id: firm
    name: Firm
    role: party
    capability: 2
    batna: {description: hire temps, utility: 0.4, judgement: temps cost more}
issues:
  - {id: wage, name: Wage rise, kind: continuous, min: 0, max: 10, unit: "%"}
  - id: tiers
    name: Pay tiers
    kind: ordinal
    options:
      - {id: keep, label: Keep tiers}
      - {id: shorten, label: Shorten progression}
      - {id: end, label: End tiers}
stances:
  - {actor: union, issue: wage, position: 10, salience: 0.8, red_line: 4, sources: [memo]}
  - {actor: firm, issue: wage, position: 2, salience: 0.6, utility: quadratic, sources: [memo]}
  - {actor: union, issue: tiers, position: end, salience: 0.5, sources: [memo]}
  - {actor: firm, issue: tiers, position: keep, salience: 0.3, sources: [memo]}
proposals:
  - id: opening
    title: Firm's opening offer
    authors: [firm]
    points:
      - {number: 1, text: 3% rise, settings: {wage: 3}}
      - {number: 2, text: tiers stay, settings: {tiers: keep}}
  - id: final
    title: Tentative agreement
    based_on: opening
    points:
      - {number: 1, text: 6% rise, settings: {wage: 6}}
      - {number: 2, text: tiers shortened, settings: {tiers: shorten}}
levers:
  - id: fund
    name: Strike fund
    levels: [0, 1, 2]
    default: 1
    labels: [empty, current, doubled]
    effects:
      - actor: union
        target: batna.utility
        per_level: 0.1
        judgement: a fuller fund makes a strike bearable
"""

#: The BATNA views an analysis can take (``--batna`` of the commands).
BATNA_VIEWS = ("perceived", "assessed")


# --- loading -------------------------------------------------------------------------------
def load(
    scenario: ScenarioLike = DEFAULT_SCENARIO, *, as_of: str | dt.date | None = None
) -> Scenario:
    """Load a scenario: a built-in by name, a ``.yaml`` file, YAML text, or one already loaded.

    Args:
        scenario: A built-in name (``"ukraine-2025"``, see ``accord scenarios``), a path to a
            scenario file (``str`` or :class:`~pathlib.Path`), YAML text (any string with a
            line break), or a :class:`~accord.model.Scenario` (returned as it is, or replayed
            with ``as_of``).
        as_of: Replay the scenario as known on this date (``"YYYY-MM-DD"`` or a
            :class:`datetime.date`): only drafts and events by then, dated stances and BATNAs
            as they stood. None keeps the scenario as written.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: The file or text has errors (every problem, each with its line,
            column and field), the file cannot be read, or no built-in has that name (with
            the closest name, "did you mean ...").
        ValueError: ``as_of`` is not a date, or is before the scenario's first record.

    Example:
        >>> s = load(EXAMPLE)
        >>> s.id, len(s.issues), [p.id for p in s.proposals]
        ('wage-talks', 2, ['opening', 'final'])
        >>> load("ukrane-2025")
        Traceback (most recent call last):
        ...
        accord.model.problems.ScenarioError: scenario: 1 error(s)
        no built-in scenario or file 'ukrane-2025' (did you mean 'ukraine-2025'?); built-ins: ...
    """
    s = _read(scenario)
    if as_of is None:
        return s
    from accord.model.asof import scenario_as_of

    return scenario_as_of(s, _date(as_of)).scenario


def _read(scenario: ScenarioLike) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if not isinstance(scenario, str):
        return load_scenario(scenario)
    if "\n" in scenario:  # a name or a path never holds a line break: this is YAML text
        s, problems = parse_scenario(scenario, "<text>")
        if s is None:
            raise ScenarioError("<text>", problems)
        return s
    names = builtin_names()
    if scenario in names and not Path(scenario).exists():
        return load_builtin(scenario)
    if Path(scenario).exists() or scenario.endswith((".yaml", ".yml")):
        return load_scenario(scenario)
    message = (
        f"no built-in scenario or file '{scenario}'{suggest(scenario, names)}; "
        f"built-ins: {', '.join(names)}"
    )
    raise ScenarioError(None, [Problem((), message)])


def _view(
    scenario: ScenarioLike, as_of: str | dt.date | None, batna: str
) -> tuple[Scenario, Scenario]:
    """The scenario as loaded (replayed to ``as_of``) and under the ``batna`` view."""
    from accord.model.views import batna_view

    if batna not in BATNA_VIEWS:
        raise ValueError(f"batna '{batna}' is not a view; give one of {', '.join(BATNA_VIEWS)}")
    loaded = load(scenario, as_of=as_of)
    return loaded, batna_view(loaded, batna)


def show(
    scenario: ScenarioLike = DEFAULT_SCENARIO, *, as_of: str | dt.date | None = None
) -> ScenarioView:
    """A scenario's actors, issues and stances as tables, with a short ``repr``.

    The same content as ``accord show SCENARIO`` (``to_dict()`` is ``--json``: the scenario
    as plain data). A loaded :class:`~accord.model.Scenario` prints its whole record; this
    view is the one to read.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
            The view then holds the replay (which values came from a dated entry).

    Returns:
        A :class:`~accord.results.ScenarioView`; ``to_frame("actors"|"issues"|"stances")``.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: ``as_of`` is not a date, or is outside the scenario's records.

    Example:
        >>> v = show(EXAMPLE)
        >>> v.headline()[2]
        '2 actors (parties union, firm), 2 issues, 4 stances, 2 drafts'
        >>> v.to_frame("actors")[["actor", "batna_assessed", "batna_perceived"]].values.tolist()
        [['union', 0.3, 0.3], ['firm', 0.4, 0.4]]
    """
    s = _read(scenario)
    if as_of is None:
        return ScenarioView(scenario=s)
    from accord.model.asof import scenario_as_of

    replay = scenario_as_of(s, _date(as_of))
    return ScenarioView(scenario=replay.scenario, replay=replay)


def _date(as_of: str | dt.date) -> dt.date:
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise ValueError(f"as_of '{as_of}' is not a date; give YYYY-MM-DD") from None


def validate(path_or_text: str | os.PathLike[str]) -> Validation:
    """Check a scenario file (or built-in, or YAML text) and list every problem found.

    Never raises for a bad scenario: the problems are the answer. ``accord validate FILE
    --json`` prints the same document.

    Args:
        path_or_text: A path to a ``.yaml`` file, a built-in name, or YAML text (any string
            with a line break).

    Returns:
        A :class:`~accord.results.Validation`: ``.ok`` (no errors), ``.problems`` (each with
        severity, line, column, field path and message), ``.scenario`` (None when invalid).

    Example:
        >>> v = validate(EXAMPLE.replace("salience: 0.8", "salince: 0.8"))
        >>> v.ok
        False
        >>> p = v.problems[0]
        >>> p.line, p.where
        (33, 'stances[0].salience')
        >>> validate(EXAMPLE).ok
        True
    """
    from accord.io import read_scenario

    source = os.fspath(path_or_text)
    if "\n" in source:
        scenario, problems = parse_scenario(source, "<text>")
        name = "<text>"
    elif source in builtin_names() and not Path(source).exists():
        from accord.data import scenario_text

        scenario, problems = parse_scenario(scenario_text(source), f"built-in:{source}")
        name = source
    else:
        scenario, problems = read_scenario(source)
        name = source
    return Validation(file=name, scenario=scenario, problems=tuple(problems))


# --- one scenario ---------------------------------------------------------------------------
def score(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    *,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Scorecard:
    """Score every draft for every actor, with the red lines each draft crosses.

    The same numbers as ``accord score SCENARIO --json``.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` (each party's alternative as it sees it) or ``"assessed"``
            (as the analyst assesses it).

    Returns:
        A :class:`~accord.results.Scorecard`; ``to_frame()`` has one row per draft and actor.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: ``batna`` is not a view, or ``as_of`` not a date.

    Example:
        >>> card = score(EXAMPLE)
        >>> round(card.utility("union", "final"), 4)
        0.5615
        >>> card.red_lines("union", "opening")
        {'wage': 'crosses'}
    """
    _, s = _view(scenario, as_of, batna)
    from accord.analysis import score_proposals

    card = score_proposals(s)
    home = None
    if s.ratification:  # drafts as the ratifiers at home would vote on them
        from accord.analysis.ratification import ratify_drafts

        home = ratify_drafts(s)
    return Scorecard(scenario=s, card=card, batna=batna, ratification=home, sequenced=_staged(s))


def _staged(s: Scenario) -> tuple[Any, ...]:
    """Every draft with phases or commitments, valued in its own order when commitments may
    break (what ``score`` and ``analyze`` print as ``sequenced``)."""
    from accord.analysis.sequencing import sequence

    staged = [p for p in s.proposals if p.phases or any(pt.commitment for pt in p.points)]
    return tuple(sequence(s, p.id) for p in staged)


def diff(
    scenario: ScenarioLike,
    before: str,
    after: str,
    *,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Diff:
    """What changed issue by issue between two drafts, and who gains or loses by it.

    The same numbers as ``accord diff SCENARIO BEFORE AFTER --json``.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        before: Id of the earlier draft.
        after: Id of the later draft.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        A :class:`~accord.results.Diff`; ``to_frame()`` has one row per changed issue and
        actor, with the actor's gain (a range where a setting is not public).

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: A draft id is not one of the scenario's (the message lists them).

    Example:
        >>> d = diff(EXAMPLE, "opening", "final")
        >>> [c.issue for c in d.changes]
        ['wage', 'tiers']
        >>> round(d.total_gain("union"), 4)
        0.3769
    """
    _, s = _view(scenario, as_of, batna)
    check_drafts(s, before, after)
    from accord.analysis import diff_proposals

    return Diff(scenario=s, diff=diff_proposals(s, before, after))


def analyze(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    *,
    parties: Sequence[str] | None = None,
    proposals: Sequence[str] | None = None,
    mediators: bool = False,
    resolution: int = 11,
    seed: int = 0,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Analysis:
    """Zone of possible agreement, Pareto frontier, bargaining solutions and draft verdicts.

    The same numbers as ``accord analyze SCENARIO --json``. The model: each party's utility
    is additive over issues (salience times the stance's utility curve), a party accepts an
    outcome worth at least its BATNA that crosses none of its hard red lines, and the
    bargaining solutions (Nash, Kalai-Smorodinsky, utilitarian, egalitarian) are computed
    over the outcomes every party accepts.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        parties: Actors whose agreement counts (default: every actor of role party).
        proposals: Only these drafts' verdicts (default: every draft).
        mediators: Count mediators as parties too.
        resolution: Grid values per continuous issue (2 to 1001).
        seed: Seed of the ZOPA-size estimate on spaces too large to enumerate; recorded.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        An :class:`~accord.results.Analysis`; ``to_frame()`` has the frontier's outcomes
        (``to_frame("solutions")`` and ``to_frame("verdicts")`` the other tables).

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown party or draft, or a resolution out of range.

    Example:
        >>> a = analyze(EXAMPLE)
        >>> a.zopa.exists, a.zopa.count, a.zopa.space_size
        (True, 14, 33)
        >>> a.solution("nash")
        {'wage': 4.0, 'tiers': 'end'}
    """
    if not 2 <= resolution <= 1001:
        raise ValueError(f"resolution {resolution} is out of range; give 2 to 1001")
    loaded, s = _view(scenario, as_of, batna)
    if proposals:
        check_drafts(s, *proposals)
    chosen = check_parties(s, parties)
    from accord.analysis.bargaining import analyze as analyze_scenario

    result = analyze_scenario(
        s,
        chosen,
        proposals=list(proposals) if proposals else None,
        include_mediators=mediators,
        resolution=resolution,
        seed=seed,
    )
    # The BATNA gap and the ratification at home each cost about as much as the analysis:
    # computed when first read (Analysis.gap, Analysis.ratification), from these arguments.
    home = None
    if s.ratification:
        props = None if not proposals else tuple(proposals)
        home = partial(_ratification, s, result, props, resolution, seed)
    return Analysis(
        scenario=s,
        analysis=result,
        seed=seed,
        batna=batna,
        sequenced=_staged(s),
        gap_of=partial(_gap, loaded, chosen, mediators, resolution, seed),
        ratification_of=home,
    )


def _gap(s: Scenario, chosen: list[str] | None, mediators: bool, resolution: int, seed: int) -> Any:
    """The BATNA gap of :func:`analyze` (where perceived and assessed BATNAs differ)."""
    from accord.analysis.ripeness import batna_gap

    return batna_gap(s, chosen, include_mediators=mediators, resolution=resolution, seed=seed)


def _ratification(
    s: Scenario, result: Any, proposals: tuple[str, ...] | None, resolution: int, seed: int
) -> tuple[Any, Any]:
    """The drafts as the ratifiers at home would vote, and the win-sets, beside the flat
    results of :func:`analyze`."""
    from accord.analysis.ratification import ratify_drafts, win_sets

    props = None if proposals is None else [s.proposal(p) for p in proposals]
    sets = win_sets(
        s,
        list(result.parties),
        resolution=resolution,
        seed=seed,
        flat=result.zopa,
        soft=result.soft,
    )
    return ratify_drafts(s, props), sets


def whatif(
    scenario: ScenarioLike,
    settings: Mapping[str, float | str],
    *,
    parties: Sequence[str] | None = None,
    proposals: Sequence[str] | None = None,
    mediators: bool = False,
    resolution: int = 11,
    seed: int = 0,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Analysis:
    """The analysis of :func:`analyze`, re-run with levers set.

    The same numbers as ``accord whatif SCENARIO --set LEVER=VALUE ... --json``. Each lever
    acts through its declared effects only: at level ``v`` a target moves by ``(v - default)
    * per_level``, clipped to its range (docs/dynamics.md).

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        settings: Levers set, lever id to a level (number) or its label (at least one).
        parties: Actors whose agreement counts (default: every actor of role party).
        proposals: Only these drafts' verdicts (default: every draft).
        mediators: Count mediators as parties too.
        resolution: Grid values per continuous issue (2 to 1001).
        seed: Seed of the ZOPA-size estimate on spaces too large to enumerate; recorded.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        An :class:`~accord.results.Analysis` of the scenario with the levers set; its
        ``levers`` say what each setting changed.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: No setting, an unknown lever, level, party or draft.

    Example:
        >>> base = analyze(EXAMPLE).zopa.count
        >>> doubled = whatif(EXAMPLE, {"fund": "doubled"})
        >>> base, doubled.zopa.count, doubled.levers["fund"]["label"]
        (14, 12, 'doubled')
    """
    if not 2 <= resolution <= 1001:
        raise ValueError(f"resolution {resolution} is out of range; give 2 to 1001")
    _, s = _view(scenario, as_of, batna)
    if not settings:
        known = ", ".join(lever.id for lever in s.levers) or "none in this scenario"
        raise ValueError(f"give at least one setting, lever id to level; levers: {known}")
    levels = lever_levels(s, settings or {})
    from accord.analysis.bargaining import analyze as analyze_scenario
    from accord.dynamics.levers import LeverError, set_levers

    try:
        changed, changes = set_levers(s, levels)
    except LeverError as exc:
        raise ValueError(str(exc)) from None
    if proposals:
        check_drafts(changed, *proposals)
    result = analyze_scenario(
        changed,
        check_parties(changed, parties),
        proposals=list(proposals) if proposals else None,
        include_mediators=mediators,
        resolution=resolution,
        seed=seed,
    )
    doc = settings_doc(s, levels, changes)
    return Analysis(scenario=changed, analysis=result, seed=seed, batna=batna, levers=doc)


def trades(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    *,
    parties: Sequence[str] | None = None,
    source: str = "status-quo",
    tolerance: float = 0.0,
    rounds: int = 25,
    top: int = 3,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Trades:
    """Trades across issues (each side yields where it cares less) that both sides gain by.

    The same numbers as ``accord trades SCENARIO --json``. The model: greedy and myopic (each
    round takes the pairwise trade with the largest smaller gain), no side payments, and a
    trade may cost a party outside it at most ``tolerance`` and may not newly cross a party's
    red line.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        parties: Actors who trade (default: every actor of role party).
        source: The package trading starts from: ``"status-quo"`` or a draft's id.
        tolerance: Utility a party outside a trade may lose by it (0 to 1).
        rounds: Trades at most (0 to 1000).
        top: Trades per pair from the start that ``to_dict()`` lists (0 to 1000).
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        A :class:`~accord.results.Trades`; ``to_frame()`` has one row per trade made.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown party or draft, or a number out of range.

    Example:
        >>> t = trades(EXAMPLE, source="final")
        >>> t.sequence.stopped, t.package
        ('no trade left that both sides of a pair gain by', {'wage': 6.0, 'tiers': 'shorten'})
    """
    from accord.analysis.linkage import LinksNotSupported
    from accord.analysis.trades import TradeError, trade_sequence

    for label, value, low, high in (
        ("tolerance", tolerance, 0, 1),
        ("rounds", rounds, 0, 1000),
        ("top", top, 0, 1000),
    ):
        if not low <= value <= high:
            raise ValueError(f"{label} {value} is out of range; give {low} to {high}")
    _, s = _view(scenario, as_of, batna)
    chosen = [a for part in parties or [] for a in part.split(",") if a] or None
    try:
        result = trade_sequence(s, chosen, source, tolerance=tolerance, max_rounds=rounds)
    except (TradeError, LinksNotSupported) as exc:
        raise ValueError(str(exc)) from None
    return Trades(scenario=s, sequence=result, batna=batna, top=top)


# --- forecasts and processes ----------------------------------------------------------------
def forecast(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    model: str = "compromise",
    *,
    draws: int | None = None,
    seed: int | None = None,
    sensitivity: bool = False,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
    preset: str | None = None,
    option: Mapping[str, Any] | None = None,
    backend: str = "numpy",
    address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Forecast:
    """Forecast each issue's outcome with a model, with the chance of a deal first.

    The same numbers as ``accord forecast SCENARIO --model MODEL [--draws N --seed S]
    --json``. The per-issue forecasts hold if a deal is reached; the chance of a zone of
    agreement is the share of Monte Carlo draws (over the spreads the scenario declares)
    in which one exists.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        model: ``"compromise"``, ``"median"``, ``"eum"``, ``"nash"`` or ``"ensemble"``.
        draws: Also run a Monte Carlo of this many draws (the array models: compromise,
            median, eum): the forecast's spread, each draft's chance of acceptance.
        seed: Seed of the draws (default 0); recorded in the result. Without ``draws`` it
            seeds the outlook's own draws behind the chance of a ZOPA.
        sensitivity: With ``draws``: the inputs that move the forecast most (tornado) and
            first-order variance indices.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.
        preset: With ``model="eum"``: the options preset (``"scholz-2011"``, the default, or
            ``"textbook"``; docs/eum.md).
        option: With ``model="eum"``: options changed from the preset, name to value
            (``{"rounds": 5, "q": 0.5}``; the names of docs/eum.md).
        backend: With ``draws``: where the draws run, ``"numpy"`` (here), ``"processes"``
            (a local process pool) or ``"dask"`` (a cluster); the numbers are the same.
        address: With ``backend="dask"``: the scheduler's address (None: a local cluster).
        progress: With ``draws``: called as draws finish, with the draws done and the total.

    Returns:
        A :class:`~accord.results.Forecast`; ``to_frame()`` has one row per issue (with the
        Monte Carlo quantiles when ``draws`` was given).

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown model, preset or option, ``sensitivity`` without ``draws``,
            ``draws`` with a model that has no draw axis, or ``preset``/``option`` with another
            model than ``eum`` or with ``draws``.

    Example:
        >>> f = forecast(EXAMPLE, "compromise", draws=200, seed=3)
        >>> f.value("wage"), f.seed, f.draws
        (5.2, 3, 200)
        >>> f.to_dict()["simulation"]["seed"]
        3
        >>> len(forecast(EXAMPLE, "eum", option={"rounds": 2}).forecast.rounds)
        3
        >>> forecast(EXAMPLE, seed=5).seed  # the outlook's own draws, seeded
        5
    """
    from accord.forecast.models import MODEL_NAMES, MODELS
    from accord.forecast.models import forecast as run_forecast

    if model not in MODEL_NAMES:
        raise ValueError(
            f"unknown model '{model}'{suggest(model, MODEL_NAMES)}; "
            f"models: {', '.join(MODEL_NAMES)}"
        )
    if draws is None:
        if sensitivity:
            raise ValueError("sensitivity needs draws=N (the number of Monte Carlo draws)")
    elif model not in MODELS:
        raise ValueError(
            f"draws works with the array models ({', '.join(MODELS)}); "
            f"'{model}' bargains over the whole outcome space and has no draw axis"
        )
    elif draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    chosen_options = eum_options(model, preset, option, drawing=draws is not None)
    _, s = _view(scenario, as_of, batna)
    result = run_forecast(s, model, eum_options=chosen_options)
    sim = sens = None
    if draws is not None:
        from accord.forecast.montecarlo import simulate as monte_carlo
        from accord.forecast.sensitivity import sensitivity as run_sensitivity

        seed = 0 if seed is None else seed
        sim = monte_carlo(s, model, draws=draws, seed=seed, backend=backend, address=address,
                          progress=progress, honour=True)  # fmt: skip
        if sensitivity:
            sens = run_sensitivity(s, model, draws=draws, seed=seed, backend=backend,
                                   address=address, progress=progress)  # fmt: skip
    from accord.overview.deal import forecast_label, outlook

    # without draws the outlook draws its own (the chance of a ZOPA) with this seed
    looks = outlook(s, result, simulation=sim, seed=0 if seed is None else seed)
    return Forecast(
        scenario=s,
        forecast=result,
        outlook=looks,
        issues_assume=forecast_label(looks),
        simulation=sim,
        sensitivity=sens,
    )


def simulate(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    process: str = "mediated",
    *,
    runs: int = 1000,
    seed: int = 0,
    bias: Mapping[str, float] | None = None,
    strategy: Mapping[str, str] | None = None,
    patience: int | None = None,
    mediator: str | None = None,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Simulation:
    """Run a negotiation process many times over the scenario's uncertain inputs.

    The same numbers as ``accord simulate SCENARIO --json``. Each run draws the scenario's
    spreads, then follows the process round by round (rules: docs/processes.md); a party
    accepts a text only when its ratifiers at home pass it.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        process: ``"mediated"`` (a mediator's single negotiating text) or ``"alternating"``
            (alternating offers).
        runs: Runs with drawn inputs (1 to 1,000,000).
        seed: Seed of the draws; recorded in the result.
        bias: The mediator's weight on a party (positive; default 1 each), mediated only.
        strategy: A party's concession strategy (``"linear"``, ``"boulware"``,
            ``"conceder"``...), alternating offers only.
        patience: Rounds (months): the mediator's patience, or the deadline of alternating
            offers (None: the process's default).
        mediator: The mediating actor (None: the first of role mediator with stances;
            ``"none"`` for a mediator without preferences).
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        A :class:`~accord.results.Simulation`; ``to_frame()`` has the share of runs ending
        each way.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown process, party, strategy or mediator, or a bias that is not
            a positive number.

    Example:
        >>> r = simulate(EXAMPLE, runs=200, seed=1)
        >>> r.seed, r.runs, sorted(r.results)
        (1, 200, ['agreement', 'deadlock', 'walk-away'])
        >>> simulate(EXAMPLE, runs=200, seed=1).results == r.results
        True
    """
    from accord.analysis.space import parties as party_ids
    from accord.dynamics.processes import (
        DEFAULT_PATIENCE,
        PROCESSES,
        ProcessError,
        simulate_process,
    )

    if process not in PROCESSES:
        raise ValueError(
            f"no process '{process}'{suggest(process, PROCESSES)}; "
            f"processes: {', '.join(PROCESSES)}"
        )
    if not 1 <= runs <= 1_000_000:
        raise ValueError(f"runs {runs} is out of range; give 1 to 1,000,000")
    _, s = _view(scenario, as_of, batna)
    known = party_ids(s)
    if bias and process != "mediated":
        raise ValueError("bias is the mediator's; it needs process='mediated'")
    if strategy and process != "alternating":
        raise ValueError("strategy is for alternating offers; use process='alternating'")
    weights = check_bias(known, bias or {})
    names = check_strategies(known, strategy or {})
    med: str | None = "auto"
    if mediator is not None:
        med = None if mediator.lower() == "none" else mediator
        if med is not None and med not in {a.id for a in s.actors}:
            raise ValueError(
                f"no actor '{med}' in '{s.id}'; actors: {', '.join(a.id for a in s.actors)}"
            )
    try:
        result = simulate_process(
            s,
            process,
            runs=runs,
            seed=seed,
            bias=weights,
            patience=DEFAULT_PATIENCE if patience is None else patience,
            mediator=med,
            strategies=names,
            honour=True,
        )
    except ProcessError as exc:
        raise ValueError(str(exc)) from None
    return Simulation(scenario=s, simulation=result)


# --- dynamics ------------------------------------------------------------------------------
def timeline(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    *,
    months: int = 12,
    settings: Mapping[str, float | str] | None = None,
    parties: Sequence[str] | None = None,
    seed: int = 0,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Timeline:
    """Month by month: each party's alternative, whether a ZOPA exists, and its size.

    The same numbers as ``accord timeline SCENARIO --json``. A BATNA moves each month by
    its declared trend, support and cost (``u(t) = clip(u0 + t(trend + support - cost),
    0, 1)``); stances stay as they are (docs/dynamics.md).

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        months: Months ahead to follow (0 to 600).
        settings: Levers set, lever id to a level (number) or its label (``--set``).
        parties: Actors whose agreement counts (default: every actor of role party).
        seed: Seed of the ZOPA-size estimate on spaces too large to enumerate; recorded.
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        A :class:`~accord.results.Timeline`; ``to_frame()`` has one row per month.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown lever, level or party, or months out of range.

    Example:
        >>> t = timeline(EXAMPLE, months=12)
        >>> t.closes
        [11]
        >>> float(t.to_frame().loc[9, "union"])
        0.75
    """
    if not 0 <= months <= 600:
        raise ValueError(f"months {months} is out of range; give 0 to 600")
    loaded, s = _view(scenario, as_of, batna)
    from accord.dynamics.levers import LeverError
    from accord.dynamics.timeline import timeline as run_timeline
    from accord.model.dated import moves

    found = moves(loaded.stances, loaded.actors)  # as the file dates them: before the view
    levels = lever_levels(s, settings or {})
    chosen = check_parties(s, parties)
    try:
        result = run_timeline(s, months, levels, chosen, seed=seed)
    except LeverError as exc:
        raise ValueError(str(exc)) from None
    return Timeline(scenario=s, timeline=result, moves=tuple(found))


def levers(
    scenario: ScenarioLike = DEFAULT_SCENARIO,
    *,
    target: str = "zopa",
    parties: Sequence[str] | None = None,
    month: int = 0,
    as_of: str | dt.date | None = None,
    batna: str = "perceived",
) -> Levers:
    """The smallest lever changes (fewest levers, then smallest moves) that reach a target.

    The same numbers as ``accord levers SCENARIO --json``. The search is exact over the grid
    of the declared levers' levels (docs/dynamics.md).

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        target: ``"zopa"`` (open a zone of agreement) or ``"proposal:ID"`` (make draft ID
            acceptable to every party).
        parties: Actors whose agreement counts (default: every actor of role party).
        month: Judge BATNAs this many months ahead (0 to 600).
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.

    Returns:
        A :class:`~accord.results.Levers`; ``to_frame()`` has one row per lever moved in
        each smallest setting.

    Raises:
        ScenarioError: The scenario cannot be loaded (see :func:`load`).
        ValueError: An unknown target, draft or party, or a scenario without levers.

    Example:
        >>> found = levers(EXAMPLE, target="proposal:final")
        >>> found.found, found.moved
        (True, 0)
        >>> levers(EXAMPLE, month=12).to_frame()[["lever", "label"]].values.tolist()
        [['fund', 'empty']]
    """
    if not 0 <= month <= 600:
        raise ValueError(f"month {month} is out of range; give 0 to 600")
    _, s = _view(scenario, as_of, batna)
    from accord.dynamics.levers import LeverError
    from accord.dynamics.openings import OpeningsError, smallest_openings

    if target.startswith("proposal:"):  # a close draft id is suggested before the search
        check_drafts(s, target.removeprefix("proposal:"))
    chosen = check_parties(s, parties)
    try:
        result = smallest_openings(s, target, chosen, month)
    except (OpeningsError, LeverError) as exc:
        raise ValueError(str(exc)) from None
    return Levers(scenario=s, openings=result)


# --- conflicts -----------------------------------------------------------------------------
def conflict(
    name_or_path: str | os.PathLike[str],
    *,
    concepts: Sequence[str] | None = None,
    coalitions: bool = False,
    start: int | str | None = None,
    sim: str = "joint",
    moves: str = "auto",
    explain: Sequence[str] | None = None,
) -> Stability:
    """Stability of every state of a graph-model conflict under R, GMR, SMR, SEQ, SIM, SEQ+SIM.

    The same numbers as ``accord conflict CONFLICT --json --all``. The graph model: each
    decision maker moves alone (or, in SIM, opponents answer together), ranks the states by
    its preferences, and a state is stable for it when every improvement it could make is
    deterred as the concept defines (docs/conflict.md).

    Args:
        name_or_path: A built-in conflict (``"chicken"``, ``"elmira"``, ...) or a ``.yaml``
            conflict file.
        concepts: Solution concepts (``"R"``, ``"GMR"``, ``"SMR"``, ``"SEQ"``, ``"SIM"``,
            ``"SEQ+SIM"``; ``"NASH"`` is ``"R"``); default: every one.
        coalitions: Also find the coalition-stable equilibria.
        start: A status quo state (its number, or the number as text): the paths of
            unilateral improvements from it to each equilibrium.
        sim: Who answers in SIM: ``"joint"`` (any group of opponents at once) or
            ``"one-opponent"`` (one at a time, as GMCR+ before 2016).
        moves: How moves are held: ``"auto"`` (listed up to 4 million moves, implicit above),
            ``"listed"`` or ``"implicit"`` (computed from the options); the results are the
            same.
        explain: ``"DM:STATE"`` texts: why that state is stable or not for that decision
            maker, under each concept (``to_dict()["explanations"]``).

    Returns:
        A :class:`~accord.results.Stability`; ``to_frame()`` has one row per state, with
        whether it is an equilibrium under each concept.

    Raises:
        ScenarioError: The conflict file has errors, or no built-in has that name.
        ValueError: An unknown concept, SIM rule, move mode, decision maker or state.

    Example:
        >>> c = conflict("chicken")
        >>> c.equilibria("R")
        [1, 2]
        >>> c.to_frame()[["state", "R", "SMR"]].values.tolist()
        [[0, False, True], [1, True, True], [2, True, True], [3, False, False]]
    """
    from accord.conflict.stability import (
        CONCEPTS,
        SIM_RESPONSES,
        coalition_equilibria,
        status_quo_paths,
    )
    from accord.conflict.stability import analyze as stability
    from accord.conflict.states import MOVE_MODES, conflict_graph
    from accord.io.conflicts import resolve_conflict
    from accord.results.conflict import explain_state

    if sim not in SIM_RESPONSES:
        raise ValueError(f"unknown sim '{sim}'; valid: {', '.join(SIM_RESPONSES)}")
    if moves not in MOVE_MODES:
        raise ValueError(f"unknown moves '{moves}'; valid: {', '.join(MOVE_MODES)}")
    wanted = [x.strip().upper() for part in concepts or [] for x in part.split(",") if x.strip()]
    wanted = ["R" if w == "NASH" else w for w in wanted]
    for w in wanted:
        if w not in CONCEPTS:
            raise ValueError(
                f"unknown concept '{w}'{suggest(w, CONCEPTS)}; valid: {', '.join(CONCEPTS)}"
            )
    c = resolve_conflict(name_or_path)
    graph = conflict_graph(c, moves)
    result = stability(graph, wanted or None, sim=sim)
    coalition = [int(x) for x in coalition_equilibria(graph)] if coalitions else None
    paths = None
    first = None if start is None else _state(graph.n_states, start)
    if first is not None:
        goals = sorted({int(x) for k in result.tables for x in result.equilibria(k)})
        paths = status_quo_paths(graph, first, goals)
    dms = [d.id for d in c.decision_makers]
    said = []
    for item in explain or []:
        dm, _, text = item.partition(":")
        if dm not in dms:
            raise ValueError(
                f"no decision maker '{dm}' in '{c.id}'{suggest(dm, dms)}; "
                f"decision makers: {', '.join(dms)}"
            )
        s = _state(graph.n_states, text)
        said += explain_state(graph, result, dms, dms.index(dm), s)
    return Stability(
        conflict=c, graph=graph, stability=result, coalition=coalition, start=first,
        paths=paths, explanations=tuple(said),
    )  # fmt: skip


def _state(n_states: int, state: int | str) -> int:
    """A state's number, checked to be one of the conflict's."""
    text = str(state)
    if not text.isdigit() or int(text) >= n_states:
        raise ValueError(f"'{text}' is not a state; states are numbered 0 to {n_states - 1}")
    return int(text)


# --- outputs -------------------------------------------------------------------------------


def report(
    scenario: ScenarioLike,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    settings: Mapping[str, float | str] | None = None,
    conflict: str | os.PathLike[str] | None = None,
    draws: int = 500,
    seed: int = 0,
    batna: str = "perceived",
    brief: bool = False,
    as_of: str | dt.date | None = None,
) -> Path:
    """Write a briefing of the scenario (HTML, Markdown with PNG charts, or PDF).

    The same file as ``accord report SCENARIO -o PATH``: bottom line and key judgements
    first, then the summary, actors, drafts, agreement space, forecasts, conflict stability,
    timeline and sources. Needs the ``report`` extra.

    Args:
        scenario: A built-in name, a ``.yaml`` path, YAML text or a loaded scenario.
        path: The file to write; its extension gives the format unless ``format`` does.
        format: ``"html"``, ``"md"`` or ``"pdf"``; added as the extension when ``path`` has
            none, and must match it otherwise. None: from ``path``'s extension.
        settings: Levers set, lever id to a level (number) or its label.
        conflict: A conflict model for the stability section (built-in name or file;
            default: the scenario's own).
        draws: Monte Carlo draws behind the forecast bands (10 to 100,000).
        seed: Seed of every random draw in the report; the report states it.
        batna: ``"perceived"`` or ``"assessed"`` BATNA utilities.
        brief: Write the first page alone (bottom line, key judgements, futures,
            indicators, options).
        as_of: Replay the scenario as known on this date (``YYYY-MM-DD``); None: as written.

    Returns:
        The path of the briefing written (a Markdown briefing's PNG charts go beside it).

    Raises:
        MissingExtra: The ``report`` extra is not installed.
        ScenarioError: The scenario or conflict cannot be loaded.
        ValueError: An unknown format, a format that differs from the path's extension,
            draws out of range, or a file that cannot be written.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> out = report(EXAMPLE, folder / "wage", "md", draws=10, brief=True)
        >>> out.name, out.read_text(encoding="utf-8").startswith("# A two-party wage")
        ('wage.md', True)
    """
    from accord.results.base import require
    from accord.results.briefing import briefing_path, write_briefing

    target = briefing_path(path, format)
    if not 10 <= draws <= 100_000:
        raise ValueError(f"draws {draws} is out of range; give 10 to 100,000")
    if batna not in BATNA_VIEWS:
        raise ValueError(f"batna '{batna}' is not a view; give one of {', '.join(BATNA_VIEWS)}")
    modules = ["plotly", "matplotlib", "jinja2"] + (
        ["playwright"] if target.suffix.lower() == ".pdf" else []
    )
    require("report()", "report", modules)
    s = load(scenario, as_of=as_of)  # as loaded: the report applies and labels the view
    levels = lever_levels(s, settings or {})
    from accord.io.conflicts import resolve_conflict

    model = None if conflict is None else resolve_conflict(conflict)
    written = write_briefing(s, target, settings=levels, conflict=model, draws=draws,
                             seed=seed, batna=batna, brief=brief)  # fmt: skip
    return written[0]


def ingest(
    scenario: ScenarioLike | None,
    texts_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    date: str | dt.date | None = None,
    source_url: str | None = None,
    processes: int = 1,
) -> Evidence:
    """Read news articles and pull out evidence bearing on a scenario, with suggestions.

    The same evidence as ``accord ingest ARTICLE... --scenario S --json``. Needs the ``nlp``
    extra (spaCy with its English pipeline, and trafilatura).

    Args:
        scenario: The scenario to link and compare with (its actors' names and aliases,
            its issues), or None for evidence alone.
        texts_or_paths: Article files or folders of them (paths), or article texts (a
            string with a line break is a text, read as a file is: a ``Title:``/``Date:``/
            ``URL:`` header up to a blank line gives its title, date and address), or a list
            of either.
        date: The articles' date when their header has none (``YYYY-MM-DD``).
        source_url: The article's address, when its header has none.
        processes: Parse with this many processes (1 to 64).

    Returns:
        An :class:`~accord.results.Evidence`; ``to_frame()`` has one row per item of
        evidence (mentions included).

    Raises:
        MissingExtra: The ``nlp`` extra (or spaCy's English pipeline) is not installed.
        ScenarioError: The scenario cannot be loaded.
        ValueError: No article could be read (with each file's reason), or ``date`` is not
            a date.

    Example:
        >>> said = '"We will strike if the firm keeps the tiers," said Shawn Fain.\\n'
        >>> ev = ingest(EXAMPLE, said, date="2024-05-02")
        >>> ev.counts()["quote"], ev.rows()[0]["speaker"], ev.rows()[0]["issues"]
        (1, 'Shawn Fain', 'tiers')
        >>> headed = "Title: Strike talk\\nDate: 2024-05-03\\n\\n" + said
        >>> article = ingest(EXAMPLE, headed).to_dict()["articles"][0]
        >>> article["title"], article["date"]
        ('Strike talk', '2024-05-03')
    """
    from accord.results.base import require

    require("ingest()", "nlp", ["spacy", "trafilatura"])
    day = date
    if isinstance(date, str):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise ValueError(f"date '{date}' is not a date; give YYYY-MM-DD") from None
    assert day is None or isinstance(day, dt.date)
    if not 1 <= processes <= 64:
        raise ValueError(f"processes {processes} is out of range; give 1 to 64")
    s = None if scenario is None else load(scenario)
    from accord.ingest.extract import ingest as run_ingest
    from accord.ingest.nlp import NlpMissing
    from accord.ingest.read import ArticleText, parse_article, read_articles

    items = (
        [texts_or_paths] if isinstance(texts_or_paths, str | os.PathLike) else list(texts_or_paths)
    )
    paths = [os.fspath(x) for x in items if not (isinstance(x, str) and "\n" in x)]
    # a text is read as a file's content is: its Title:/Date:/URL: header (or HTML metadata)
    # gives the title, date and address, and a text that is not English is skipped
    parsed = [
        parse_article(x.encode("utf-8"), f"<text {k}>")
        for k, x in enumerate(items)
        if isinstance(x, str) and "\n" in x
    ]
    texts = [a for a in parsed if isinstance(a, ArticleText)]
    skipped: list[Any] = [a for a in parsed if not isinstance(a, ArticleText)]
    if paths:
        read, unread = read_articles(paths)
        texts, skipped = [*texts, *read], [*skipped, *unread]
    if not texts:
        reasons = "; ".join(f"{sk.path}: {sk.reason}" for sk in skipped)
        raise ValueError("no article could be read" + (f" ({reasons})" if reasons else ""))
    try:
        ev = run_ingest(texts, s, skipped, date=day, url=source_url, n_process=processes)
    except NlpMissing as exc:
        raise MissingExtra(f"{exc} (pip install 'accord[nlp]')") from None
    return Evidence(evidence=ev)
