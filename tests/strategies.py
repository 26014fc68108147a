"""Hypothesis strategies for random, valid scenarios.

Two entry points:

* :func:`scenarios` -- scenarios that exercise every feature of the data model (all issue
  kinds, status quo, every utility shape, red lines, uncertainty, sources and judgement
  notes, BATNAs with and without a utility, drafts with ``based_on`` chains and known,
  ``unknown`` and ``{one_of: [...]}`` settings, events, constraints, unicode text, dates,
  extreme but finite numbers). Use them for file round trips and anything that must cope
  with whatever a valid file may hold.
* :func:`utility_scenarios` -- simpler scenarios for numeric work: every actor has a stance
  on every issue with a positive salience and a BATNA with a utility, numbers stay in a
  moderate range, and drafts may leave issues silent or set them to ``unknown``.

Both build a plain document (what a YAML file would hold) and validate it with
``Scenario.model_validate``; :func:`scenario_data` and :func:`utility_scenario_data` give
the document itself, for tests that want to break it on purpose.

Everything is drawn with ``st.composite`` and small default sizes so that a test with the
default hypothesis settings runs in a second or two.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from accord.model import IssueKind, Reliability, Role, Scenario, UtilityShape
from accord.model.base import UNKNOWN

__all__ = [
    "ID_CHARS",
    "TRICKY_IDS",
    "dates",
    "ids",
    "scenario_data",
    "scenarios",
    "texts",
    "utility_scenario_data",
    "utility_scenarios",
]

Data = dict[str, Any]
Draw = Any  # the ``draw`` function hypothesis passes to a composite strategy

#: Characters an id may use (see ``accord.model.base.Id``).
ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"

#: Valid ids that YAML would read as something other than text if written bare.
# fmt: off
TRICKY_IDS = (
    "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "NULL",
    "1", "0", "-1", "007", "0.5", ".5", "1e3", "1.0e-3", "1_000", "0x1F", "0o17", "0b101",
    "-.inf", ".inf", ".NaN", "2024-05-01", "12.30", "-", ".", "_", "a.b-c_d",
)
# fmt: on

_KINDS = tuple(IssueKind)
_SHAPES = tuple(UtilityShape)
_ROLES = tuple(Role)
_DISTRIBUTIONS = ("uniform", "triangular", "normal")
_STATUSES = ("agreed", "open", "bracketed")


# --- small pieces ----------------------------------------------------------------------------
@functools.cache
def ids(*, tricky: bool = True, max_size: int = 12) -> st.SearchStrategy[str]:
    """Valid ids (never the reserved word ``unknown``), often ones YAML would misread."""
    plain = st.text(alphabet=ID_CHARS, min_size=1, max_size=max_size)
    base = st.one_of(st.sampled_from(TRICKY_IDS), plain) if tricky else plain
    return base.filter(lambda s: s != UNKNOWN)


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 16, unicode: bool = True) -> st.SearchStrategy[str]:
    """Free text: any unicode character but lone surrogates (not encodable), or plain ASCII."""
    if unicode:
        alphabet = st.characters(exclude_categories=("Cs",))
    else:
        alphabet = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


@functools.cache
def dates(*, wide: bool = True) -> st.SearchStrategy[dt.date]:
    """Calendar dates: any year 1..9999, or 1990..2040 when ``wide`` is false."""
    if wide:
        return st.dates()
    return st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@dataclass(frozen=True)
class _Opts:
    """What a generated scenario may contain; see the keyword arguments of :func:`scenarios`."""

    min_actors: int
    max_actors: int
    min_issues: int
    max_issues: int
    max_sources: int
    max_proposals: int
    max_points: int
    max_events: int
    max_constraints: int
    kinds: tuple[IssueKind, ...]
    shapes: tuple[UtilityShape, ...]
    roles: tuple[Role, ...]
    unicode: bool
    extreme_numbers: bool
    every_stance: bool  # a stance for every actor on every issue, positive salience
    batna_utility: bool  # every actor has a BATNA with a utility
    unknown_settings: bool
    silent_issues: bool
    red_lines: bool
    uncertainty: bool
    status_quo: bool
    notes: bool  # optional descriptive fields, sources, judgement notes, keywords...
    links: bool = False  # linked terms (tables, rules) and conditional red lines
    firmness: bool = False  # red lines may be soft (a cost and a credibility)


def _maybe(draw: Draw, opts: _Opts, strategy: st.SearchStrategy[Any]) -> Any:
    """A value for an optional field, or None; always None when ``opts.notes`` is off."""
    if not opts.notes or not draw(st.booleans()):
        return None
    return draw(strategy)


def _put(out: Data, key: str, value: Any) -> None:
    """Set an optional key only when there is a value (omitted keys exercise defaults)."""
    if value is not None:
        out[key] = value


def _text(opts: _Opts, min_size: int = 0, max_size: int = 16) -> st.SearchStrategy[str]:
    return texts(min_size=min_size, max_size=max_size, unicode=opts.unicode)


def _date(opts: _Opts) -> st.SearchStrategy[dt.date]:
    return dates(wide=opts.extreme_numbers)


def _pick(draw: Draw, items: Sequence[Any]) -> Any:
    """One of ``items`` (drawing an index keeps hypothesis from building a new strategy)."""
    return items[draw(st.integers(0, len(items) - 1))]


def _subset(
    draw: Draw, items: Sequence[Any], min_size: int = 0, max_size: int | None = None
) -> list[Any]:
    """Distinct members of ``items``, in a random order."""
    if not items:
        return []
    size = len(items) if max_size is None else min(max_size, len(items))
    picks = draw(
        st.lists(st.integers(0, len(items) - 1), min_size=min_size, max_size=size, unique=True)
    )
    return [items[k] for k in picks]


def _unit_float(draw: Draw, lo: float = 0.0, hi: float = 1.0) -> float:
    """A float in [lo, hi], often an end or a round number."""
    return float(draw(st.one_of(st.sampled_from((lo, hi, (lo + hi) / 2)), st.floats(lo, hi))))


def _source_refs(draw: Draw, opts: _Opts, source_ids: Sequence[str]) -> list[str] | None:
    if not opts.notes or not source_ids or not draw(st.booleans()):
        return None
    return [_pick(draw, source_ids) for _ in range(draw(st.integers(1, 3)))]


def _some(draw: Draw, items: Sequence[str], max_size: int = 3) -> list[str]:
    return _subset(draw, items, max_size=max_size) if items else []


# --- issues and their settings -----------------------------------------------------------------
_EXTREME_BOUND = st.one_of(
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1.0, 1.0, allow_subnormal=True),
)
_MODERATE_BOUND = st.one_of(st.integers(-100, 100), st.floats(-1e4, 1e4).map(lambda x: round(x, 3)))


def _bounds(draw: Draw, opts: _Opts) -> tuple[float | int, float | int]:
    """min < max for a continuous issue, as ints or floats (the model stores floats)."""
    number = _EXTREME_BOUND if opts.extreme_numbers else _MODERATE_BOUND
    a = draw(number)
    b = draw(number)
    if float(a) == float(b):  # a + 1 is a for huge floats: take the next float towards 0
        # (towards 0, not down: below the most negative float lies -inf, which is invalid)
        b = a + 1 if isinstance(a, int) or abs(a) < 1e15 else math.nextafter(a, 0.0)
    lo, hi = (a, b) if float(a) < float(b) else (b, a)
    return lo, hi


def _number_in(draw: Draw, lo: float, hi: float) -> float | int:
    """A number in [lo, hi]: an end, a float between, or an int when one fits.

    Ints and floats must both round-trip, so both turn up.
    """
    which = draw(st.integers(0, 4))
    if which == 0:
        return lo
    if which == 1:
        return hi
    first, last = math.ceil(lo), math.floor(hi)
    if which == 2 and first <= last:
        return min(first + draw(st.integers(0, 10**6)), last)
    t = draw(st.floats(0.0, 1.0))
    return min(max(lo * (1.0 - t) + hi * t, lo), hi)


def _value(draw: Draw, issue: Data) -> Any:
    """A known, valid setting of ``issue`` (an option id, a number or a bool)."""
    kind = issue["kind"]
    if kind == IssueKind.ordinal:
        return _pick(draw, issue["options"])["id"]
    if kind == IssueKind.continuous:
        return _number_in(draw, float(issue["min"]), float(issue["max"]))
    return draw(st.booleans())


def _setting(draw: Draw, opts: _Opts, issue: Data) -> Any:
    """What a draft point says about an issue: a value, ``unknown`` or ``{one_of: [...]}``."""
    if opts.unknown_settings:
        which = draw(st.sampled_from(("value", "value", "unknown", "one_of")))
        if which == "unknown":
            return UNKNOWN
        if which == "one_of":
            size = draw(st.integers(1, 3))
            return {"one_of": [_value(draw, issue) for _ in range(size)]}
    return _value(draw, issue)


def _issue(draw: Draw, opts: _Opts, issue_id: str) -> Data:
    kind = _pick(draw, opts.kinds)
    out: Data = {"id": issue_id, "name": draw(_text(opts, min_size=1)), "kind": kind.value}
    _put(out, "description", _maybe(draw, opts, _text(opts)))
    if kind == IssueKind.ordinal:
        option_ids = draw(st.lists(ids(), min_size=2, max_size=5, unique=True))
        options: list[Data] = [
            {"id": oid, "label": draw(_text(opts, min_size=1, max_size=8))} for oid in option_ids
        ]
        if draw(st.booleans()):  # explicit positions, strictly increasing in 0..100
            positions = draw(
                st.lists(
                    st.one_of(st.integers(0, 100), st.floats(0.0, 100.0)),
                    min_size=len(options),
                    max_size=len(options),
                    unique_by=float,
                )
            )
            for option, position in zip(options, sorted(positions, key=float), strict=True):
                option["position"] = position
        for option in options:
            _put(option, "description", _maybe(draw, opts, _text(opts)))
        out["options"] = options
    elif kind == IssueKind.continuous:
        out["min"], out["max"] = _bounds(draw, opts)
        _put(out, "unit", _maybe(draw, opts, _text(opts, max_size=4)))
    if opts.status_quo and draw(st.booleans()):
        out["status_quo"] = _value(draw, out)
    if opts.notes and draw(st.booleans()):
        out["keywords"] = draw(st.lists(_text(opts, max_size=8), max_size=3))
    return out


# --- uncertainty -------------------------------------------------------------------------------
def _number_spread(draw: Draw, lo: float, hi: float) -> Data:
    a, b = _number_in(draw, lo, hi), _number_in(draw, lo, hi)
    low, high = (a, b) if a <= b else (b, a)
    out: Data = {"low": low, "high": high}
    if draw(st.booleans()):
        out["distribution"] = draw(st.sampled_from(_DISTRIBUTIONS))
    if draw(st.booleans()):
        out["mode"] = _number_in(draw, float(low), float(high))
    return out


def _option_spread(draw: Draw, issue: Data) -> Data:
    option_ids = [o["id"] for o in issue["options"]]
    out: Data = {
        "low": _pick(draw, option_ids),
        "high": _pick(draw, option_ids),
    }
    if draw(st.booleans()):
        out["distribution"] = draw(st.sampled_from(_DISTRIBUTIONS))
    if draw(st.booleans()):
        out["mode"] = _pick(draw, option_ids)
    return out


def _stance_uncertainty(draw: Draw, issue: Data, has_red_line: bool) -> Data | None:
    fields = ["salience"]
    if issue["kind"] != IssueKind.boolean:  # a yes/no setting has no spread
        fields += ["position", "red_line"] if has_red_line else ["position"]
    chosen = _subset(draw, fields, min_size=1)
    out: Data = {}
    for name in chosen:
        if name == "salience":
            out[name] = _number_spread(draw, 0.0, 1.0)
        elif issue["kind"] == IssueKind.continuous:
            out[name] = _number_spread(draw, float(issue["min"]), float(issue["max"]))
        else:
            out[name] = _option_spread(draw, issue)
    return out


# --- records -----------------------------------------------------------------------------------
def _source(draw: Draw, opts: _Opts, source_id: str) -> Data:
    out: Data = {
        "id": source_id,
        "title": draw(_text(opts, min_size=1)),
        "reliability": draw(st.sampled_from(tuple(Reliability))).value,
    }
    _put(out, "publisher", _maybe(draw, opts, _text(opts)))
    _put(out, "url", _maybe(draw, opts, st.sampled_from(("https://example.org/a?b=1#c", "x"))))
    _put(out, "date", _maybe(draw, opts, _date(opts)))
    _put(out, "note", _maybe(draw, opts, _text(opts)))
    return out


def _batna(draw: Draw, opts: _Opts, source_ids: Sequence[str]) -> Data:
    out: Data = {"description": draw(_text(opts, min_size=1))}
    if opts.batna_utility or draw(st.booleans()):
        out["utility"] = _unit_float(draw)
    if opts.uncertainty and draw(st.booleans()):
        out["uncertainty"] = _number_spread(draw, 0.0, 1.0)
    _put(out, "sources", _source_refs(draw, opts, source_ids))
    _put(out, "judgement", _maybe(draw, opts, _text(opts)))
    return out


def _actor(draw: Draw, opts: _Opts, actor_id: str, source_ids: Sequence[str]) -> Data:
    if opts.extreme_numbers:
        capability = st.one_of(st.integers(0, 10**6), st.floats(0.0, allow_infinity=False))
    else:
        capability = st.one_of(st.integers(0, 10), st.floats(0.0, 10.0))
    out: Data = {
        "id": actor_id,
        "name": draw(_text(opts, min_size=1)),
        "role": _pick(draw, opts.roles).value,
        "capability": draw(capability),
    }
    _put(out, "capability_note", _maybe(draw, opts, _text(opts)))
    _put(out, "description", _maybe(draw, opts, _text(opts)))
    _put(out, "aliases", _maybe(draw, opts, st.lists(_text(opts, max_size=8), max_size=3)))
    if opts.batna_utility or draw(st.booleans()):
        out["batna"] = _batna(draw, opts, source_ids)
    _put(out, "sources", _source_refs(draw, opts, source_ids))
    return out


def _stance(
    draw: Draw, opts: _Opts, actor_id: str, issue: Data, salience: float, source_ids: Sequence[str]
) -> Data:
    kind = issue["kind"]
    shapes = [
        s for s in opts.shapes if not (s is UtilityShape.table and kind == IssueKind.continuous)
    ]
    shape = _pick(draw, shapes or [UtilityShape.linear])
    out: Data = {
        "actor": actor_id,
        "issue": issue["id"],
        "position": _value(draw, issue),
        "salience": salience,
    }
    if opts.red_lines and draw(st.booleans()):
        out["red_line"] = _value(draw, issue)
        if opts.firmness and draw(st.booleans()):
            out["firmness"] = {
                "cost": _unit_float(draw, 0.0, 0.6),
                "credibility": _unit_float(draw),
                "judgement": "generated",
            }
    if shape is not UtilityShape.linear or draw(st.booleans()):
        out["utility"] = shape.value
    if shape is UtilityShape.table:
        keys = (
            [o["id"] for o in issue["options"]] if kind == IssueKind.ordinal else ["false", "true"]
        )
        out["table"] = {key: _unit_float(draw) for key in keys}
    if opts.uncertainty and draw(st.booleans()):
        out["uncertainty"] = _stance_uncertainty(draw, issue, "red_line" in out)
    _put(out, "sources", _source_refs(draw, opts, source_ids))
    _put(out, "judgement", _maybe(draw, opts, _text(opts)))
    _put(out, "note", _maybe(draw, opts, _text(opts)))
    return out


def _stances(
    draw: Draw, opts: _Opts, actor_ids: list[str], issues: list[Data], source_ids: Sequence[str]
) -> list[Data]:
    pairs = [(a, i) for a in actor_ids for i in range(len(issues))]
    if not opts.every_stance:
        pairs = _subset(draw, pairs) if pairs else []
    low = 0.01 if opts.every_stance else 0.0
    saliences = {pair: _unit_float(draw, low, 1.0) for pair in pairs}
    # every actor with stances needs one with a positive salience
    for actor_id in actor_ids:
        mine = [p for p in pairs if p[0] == actor_id]
        if mine and all(saliences[p] <= 0 for p in mine):
            saliences[mine[0]] = 0.5
    return [_stance(draw, opts, a, issues[i], saliences[(a, i)], source_ids) for a, i in pairs]


def _proposals(
    draw: Draw, opts: _Opts, issues: list[Data], actor_ids: list[str], source_ids: Sequence[str]
) -> list[Data]:
    n = draw(st.integers(0, opts.max_proposals))
    proposal_ids = draw(st.lists(ids(), min_size=n, max_size=n, unique=True))
    # based_on never forms a cycle: a draft may only build on one earlier in a random order,
    # which may come later in the list
    order = _subset(draw, proposal_ids, min_size=len(proposal_ids))
    out: list[Data] = []
    for proposal_id in proposal_ids:
        earlier = order[: order.index(proposal_id)]
        prop: Data = {"id": proposal_id, "title": draw(_text(opts, min_size=1))}
        _put(prop, "date", _maybe(draw, opts, _date(opts)))
        if opts.notes and draw(st.booleans()):
            prop["authors"] = _some(draw, actor_ids)
        if earlier and draw(st.integers(0, 2)):  # two drafts in three build on another
            prop["based_on"] = _pick(draw, earlier)
        _put(prop, "summary", _maybe(draw, opts, _text(opts)))
        # one setting per issue the draft addresses, spread over its points
        if opts.silent_issues:
            addressed = _subset(draw, range(len(issues)))
        else:
            addressed = list(range(len(issues)))
        n_points = draw(st.integers(1 if addressed else 0, opts.max_points))
        n_points = max(n_points, 1 if addressed else 0)
        numbers = draw(
            st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=n_points, max_size=n_points)
        )
        seen_numbers: set[int] = set()
        points: list[Data] = []
        for number in numbers:
            point: Data = {"text": draw(_text(opts, min_size=1))}
            if number is not None and number not in seen_numbers:
                point["number"] = number
                seen_numbers.add(number)
            points.append(point)
        for k in addressed:
            issue = issues[k]
            where = draw(st.integers(0, n_points - 1))
            points[where].setdefault("settings", {})[issue["id"]] = _setting(draw, opts, issue)
        for point in points:
            if draw(st.booleans()):
                point["status"] = draw(st.sampled_from(_STATUSES))
            _put(point, "sources", _source_refs(draw, opts, source_ids))
            _put(point, "judgement", _maybe(draw, opts, _text(opts)))
        if points or draw(st.booleans()):
            prop["points"] = points
        _put(prop, "sources", _source_refs(draw, opts, source_ids))
        out.append(prop)
    return out


def _events(draw: Draw, opts: _Opts, actor_ids: list[str], source_ids: Sequence[str]) -> list[Data]:
    n = draw(st.integers(0, opts.max_events))
    event_ids = draw(st.lists(ids(), min_size=n, max_size=n, unique=True))
    out: list[Data] = []
    for event_id in event_ids:
        event: Data = {"date": draw(_date(opts)), "title": draw(_text(opts, min_size=1))}
        if draw(st.booleans()):
            event["id"] = event_id
        _put(event, "description", _maybe(draw, opts, _text(opts)))
        if draw(st.booleans()):
            event["actors"] = _some(draw, actor_ids)
        _put(event, "sources", _source_refs(draw, opts, source_ids))
        out.append(event)
    return out


def _constraints(
    draw: Draw, opts: _Opts, issues: list[Data], source_ids: Sequence[str]
) -> list[Data]:
    constraint_ids = draw(st.lists(ids(), max_size=opts.max_constraints, unique=True))
    out: list[Data] = []
    for constraint_id in constraint_ids:
        chosen = _subset(draw, range(len(issues)), min_size=1)
        forbid: Data = {}
        for k in chosen:
            issue = issues[k]
            if draw(st.booleans()):
                forbid[issue["id"]] = _value(draw, issue)
            else:
                size = draw(st.integers(1, 3))
                forbid[issue["id"]] = [_value(draw, issue) for _ in range(size)]
        con: Data = {
            "id": constraint_id,
            "description": draw(_text(opts, min_size=1)),
            "forbid": forbid,
        }
        _put(con, "sources", _source_refs(draw, opts, source_ids))
        _put(con, "judgement", _maybe(draw, opts, _text(opts)))
        out.append(con)
    return out


def _condition(draw: Draw, issue: Data) -> Data:
    """A condition on one issue: equals, one_of, at_least or at_most a valid setting."""
    test = draw(st.sampled_from(("equals", "one_of", "at_least", "at_most")))
    if test == "one_of":
        return {"issue": issue["id"], "one_of": [_value(draw, issue) for _ in range(2)]}
    return {"issue": issue["id"], test: _value(draw, issue)}


def _links(draw: Draw, actor_ids: list[str], issues: list[Data], stances: list[Data]) -> list[Data]:
    """Up to two links (a full or defaulted table over discrete issues, else a rule) over 2
    or 3 issues, and conditional red lines pointing to a later issue (so never a cycle)."""
    if len(issues) < 2:
        return []
    out: list[Data] = []
    for n in range(draw(st.integers(0, 2))):
        actor = _pick(draw, actor_ids)
        tied = _subset(draw, issues, min_size=2, max_size=3)
        link: Data = {"id": f"link{n}", "actor": actor, "issues": [i["id"] for i in tied]}
        discrete = all(i["kind"] != IssueKind.continuous for i in tied)
        if discrete and draw(st.booleans()):
            keys = [
                [o["id"] for o in i["options"]] if i["kind"] == IssueKind.ordinal else [False, True]
                for i in tied
            ]
            rows = [
                {
                    "settings": dict(zip(link["issues"], combo, strict=True)),
                    "utility": _unit_float(draw),
                }
                for combo in itertools.product(*keys)
            ]
            if draw(st.booleans()):
                rows = _subset(draw, rows, min_size=1)
                link["default"] = _unit_float(draw)
            link["weight"] = _unit_float(draw, 0.01, 1.0)
            link["table"] = rows
        else:
            when = [_condition(draw, tied[0])] if draw(st.booleans()) else []
            rest = tied[1:] if when else tied
            link["rule"] = {
                "when": when,
                "given": [_condition(draw, i) for i in rest],
                "add": _unit_float(draw, -0.3, 0.3),
                "otherwise": _unit_float(draw, -0.3, 0.3),
            }
        out.append(link)
    at = {i["id"]: k for k, i in enumerate(issues)}
    for stance in stances:
        k = at[stance["issue"]]
        if "red_line" in stance and k + 1 < len(issues) and draw(st.booleans()):
            stance["unless"] = _condition(draw, issues[draw(st.integers(k + 1, len(issues) - 1))])
    return out


@st.composite
def _document(draw: Draw, opts: _Opts) -> Data:
    n_actors = draw(st.integers(opts.min_actors, opts.max_actors))
    n_issues = draw(st.integers(opts.min_issues, opts.max_issues))
    actor_ids = draw(st.lists(ids(), min_size=n_actors, max_size=n_actors, unique=True))
    issue_ids = draw(st.lists(ids(), min_size=n_issues, max_size=n_issues, unique=True))
    source_ids: list[str] = []
    if opts.notes:
        n_sources = draw(st.integers(0, opts.max_sources))
        source_ids = draw(st.lists(ids(), min_size=n_sources, max_size=n_sources, unique=True))

    # a scenario's own id may not be only dots (it names the scenario in web addresses)
    scenario_id = draw(ids().filter(lambda s: s.strip(".") != ""))
    doc: Data = {"id": scenario_id, "title": draw(_text(opts, min_size=1))}
    if draw(st.booleans()):
        doc["format"] = 1
    _put(doc, "summary", _maybe(draw, opts, _text(opts, max_size=40)))
    _put(doc, "as_of", _maybe(draw, opts, _date(opts)))
    if source_ids or draw(st.booleans()):
        doc["sources"] = [_source(draw, opts, sid) for sid in source_ids]
    doc["actors"] = [_actor(draw, opts, aid, source_ids) for aid in actor_ids]
    issues = [_issue(draw, opts, iid) for iid in issue_ids]
    doc["issues"] = issues
    stances = _stances(draw, opts, actor_ids, issues, source_ids)
    if stances or draw(st.booleans()):
        doc["stances"] = stances
    proposals = _proposals(draw, opts, issues, actor_ids, source_ids)
    if proposals:
        doc["proposals"] = proposals
    events = _events(draw, opts, actor_ids, source_ids) if opts.max_events else []
    if events:
        doc["events"] = events
    constraints = _constraints(draw, opts, issues, source_ids) if opts.max_constraints else []
    if constraints:
        doc["constraints"] = constraints
    if opts.links:
        links = _links(draw, actor_ids, issues, stances)
        if links:
            doc["links"] = links
    return doc


# --- public strategies -------------------------------------------------------------------------
def scenario_data(
    *,
    min_actors: int = 2,
    max_actors: int = 4,
    min_issues: int = 1,
    max_issues: int = 4,
    max_sources: int = 3,
    max_proposals: int = 3,
    max_points: int = 3,
    max_events: int = 2,
    max_constraints: int = 2,
    kinds: Sequence[IssueKind] = _KINDS,
    shapes: Sequence[UtilityShape] = _SHAPES,
    roles: Sequence[Role] = _ROLES,
    unicode: bool = True,
    extreme_numbers: bool = True,
) -> st.SearchStrategy[Data]:
    """Plain documents (dicts as a YAML file would hold them) of valid, feature-rich scenarios.

    The same as :func:`scenarios` before validation; see there for the parameters. Handy for
    tests that change one thing to make a document invalid.
    """
    opts = _Opts(
        min_actors=min_actors,
        max_actors=max_actors,
        min_issues=min_issues,
        max_issues=max_issues,
        max_sources=max_sources,
        max_proposals=max_proposals,
        max_points=max(1, max_points),
        max_events=max_events,
        max_constraints=max_constraints,
        kinds=tuple(kinds),
        shapes=tuple(shapes),
        roles=tuple(roles),
        unicode=unicode,
        extreme_numbers=extreme_numbers,
        every_stance=False,
        batna_utility=False,
        unknown_settings=True,
        silent_issues=True,
        red_lines=True,
        uncertainty=True,
        status_quo=True,
        notes=True,
    )
    return _document(opts)


def scenarios(
    *,
    min_actors: int = 2,
    max_actors: int = 4,
    min_issues: int = 1,
    max_issues: int = 4,
    max_sources: int = 3,
    max_proposals: int = 3,
    max_points: int = 3,
    max_events: int = 2,
    max_constraints: int = 2,
    kinds: Sequence[IssueKind] = _KINDS,
    shapes: Sequence[UtilityShape] = _SHAPES,
    roles: Sequence[Role] = _ROLES,
    unicode: bool = True,
    extreme_numbers: bool = True,
) -> st.SearchStrategy[Scenario]:
    """Random valid scenarios that use every feature of the data model.

    Actors (with or without a BATNA, whose utility may be omitted), issues of the given
    ``kinds`` (ordinal with or without explicit increasing positions, continuous with
    ``min < max``, boolean; with or without a status quo), stances on a random subset of
    (actor, issue) pairs with any of the given utility ``shapes`` (``table`` only on
    discrete issues, keyed by option id or ``"false"``/``"true"``), red lines, uncertainty,
    sources and judgement notes, drafts whose ``based_on`` chains never cycle and whose
    points set issues to known values, ``unknown`` or ``{one_of: [...]}`` (an issue may be
    left silent), events with and without ids, constraints.

    Ids include words YAML would misread if written bare (``true``, ``1e3``, ``2024-05-01``).
    With ``unicode`` free text may hold any character but lone surrogates; with
    ``extreme_numbers`` numbers range over all finite floats (and big ints) and dates over
    years 1..9999. Counts are drawn between the ``min_*`` and ``max_*`` bounds (the
    ``max_*`` ones for sources, drafts, points per draft, events and constraints start at 0,
    except points: a draft that addresses an issue has at least one).
    """
    return scenario_data(
        min_actors=min_actors,
        max_actors=max_actors,
        min_issues=min_issues,
        max_issues=max_issues,
        max_sources=max_sources,
        max_proposals=max_proposals,
        max_points=max_points,
        max_events=max_events,
        max_constraints=max_constraints,
        kinds=kinds,
        shapes=shapes,
        roles=roles,
        unicode=unicode,
        extreme_numbers=extreme_numbers,
    ).map(Scenario.model_validate)


def utility_scenario_data(
    *,
    min_actors: int = 2,
    max_actors: int = 4,
    min_issues: int = 1,
    max_issues: int = 4,
    max_proposals: int = 3,
    max_points: int = 3,
    kinds: Sequence[IssueKind] = _KINDS,
    shapes: Sequence[UtilityShape] = _SHAPES,
    roles: Sequence[Role] = (Role.party,),
    unknown_settings: bool = True,
    silent_issues: bool = True,
    red_lines: bool = True,
    status_quo: bool = True,
    uncertainty: bool = False,
    max_constraints: int = 0,
    links: bool = False,
    firmness: bool = False,
) -> st.SearchStrategy[Data]:
    """Plain documents of :func:`utility_scenarios`, before validation."""
    opts = _Opts(
        min_actors=min_actors,
        max_actors=max_actors,
        min_issues=min_issues,
        max_issues=max_issues,
        max_sources=0,
        max_proposals=max_proposals,
        max_points=max(1, max_points),
        max_events=0,
        max_constraints=max_constraints,
        kinds=tuple(kinds),
        shapes=tuple(shapes),
        roles=tuple(roles),
        unicode=False,
        extreme_numbers=False,
        every_stance=True,
        batna_utility=True,
        unknown_settings=unknown_settings,
        silent_issues=silent_issues,
        red_lines=red_lines,
        uncertainty=uncertainty,
        status_quo=status_quo,
        notes=False,
        links=links,
        firmness=firmness,
    )
    return _document(opts)


def utility_scenarios(
    *,
    min_actors: int = 2,
    max_actors: int = 4,
    min_issues: int = 1,
    max_issues: int = 4,
    max_proposals: int = 3,
    max_points: int = 3,
    kinds: Sequence[IssueKind] = _KINDS,
    shapes: Sequence[UtilityShape] = _SHAPES,
    roles: Sequence[Role] = (Role.party,),
    unknown_settings: bool = True,
    silent_issues: bool = True,
    red_lines: bool = True,
    status_quo: bool = True,
    uncertainty: bool = False,
    max_constraints: int = 0,
    links: bool = False,
    firmness: bool = False,
) -> st.SearchStrategy[Scenario]:
    """Random valid scenarios for numeric work (utilities, scores, outcomes).

    Guarantees, whatever the other arguments:

    * every actor has a stance on every issue, with salience in ``[0.01, 1]``;
    * every actor has a BATNA whose ``utility`` (in ``[0, 1]``) is given;
    * numbers stay moderate: continuous bounds within +-10,000 (ints, or floats rounded to
      3 decimals), capabilities in ``[0, 10]``; text is short ASCII; no sources or notes.

    Actors take their role from ``roles`` (default: all parties). Issues take their kind from
    ``kinds`` and stances their utility shape from ``shapes`` (``table`` only where the issue
    is discrete; a continuous issue falls back to the other shapes, or ``linear``). Options:
    ``red_lines`` (stances may have one), ``status_quo`` (issues may have one),
    ``uncertainty`` (spreads on stances and BATNAs), ``unknown_settings`` (draft settings may
    be ``unknown`` or ``{one_of: [...]}``), ``silent_issues`` (a draft may leave an issue
    unaddressed; without it every draft sets every issue), ``max_constraints``, ``links``
    (up to two links, tables over discrete issues or rules, and conditional red lines whose
    condition is on a later issue, so they never form a cycle), ``firmness`` (a red line may
    be soft, with a cost in ``[0, 0.6]`` and a credibility in ``[0, 1]``).
    """
    return utility_scenario_data(
        min_actors=min_actors,
        max_actors=max_actors,
        min_issues=min_issues,
        max_issues=max_issues,
        max_proposals=max_proposals,
        max_points=max_points,
        kinds=kinds,
        shapes=shapes,
        roles=roles,
        unknown_settings=unknown_settings,
        silent_issues=silent_issues,
        red_lines=red_lines,
        status_quo=status_quo,
        uncertainty=uncertainty,
        max_constraints=max_constraints,
        links=links,
        firmness=firmness,
    ).map(Scenario.model_validate)
