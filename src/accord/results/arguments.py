"""The arguments of :mod:`accord.api`'s functions and of the command line's options, parsed
and checked once: draft and party ids, lever levels, a mediator's bias, bargaining
strategies, the expected-utility model's options.

Each function raises :class:`ValueError` with one line that names what was given, what is
valid and, for a near miss, the closest name ("did you mean ..."). :mod:`accord.api` lets it
through; the command line turns it into its one-line usage error. The ``parse_*`` functions
read the command line's ``NAME=VALUE`` texts into the mappings the ``check_*`` functions
take, so ``--set fund=doubled`` and ``settings={"fund": "doubled"}`` meet the same checks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from accord.model import Scenario
from accord.model.problems import suggest

if TYPE_CHECKING:
    from accord.dynamics.levers import Change


def check_drafts(scenario: Scenario, *ids: str) -> None:
    """Raise ValueError, listing the drafts, if any of ``ids`` is not one of ``scenario``'s.

    Example:
        >>> from accord.api import EXAMPLE, load
        >>> check_drafts(load(EXAMPLE), "final", "finl")
        Traceback (most recent call last):
        ...
        ValueError: no draft 'finl' in scenario 'wage-talks' (did you mean 'final'?); drafts: opening, final
    """  # noqa: E501
    known = [p.id for p in scenario.proposals]
    for pid in ids:
        if pid not in known:
            raise ValueError(
                f"no draft '{pid}' in scenario '{scenario.id}'{suggest(pid, known)}; "
                f"drafts: {', '.join(known) or 'none'}"
            )


def check_parties(scenario: Scenario, ids: str | Sequence[str] | None) -> list[str] | None:
    """The actor ids given (a list, each item possibly comma-separated), each checked to have
    stances; None when none are given (the analyses' default: every actor of role party).

    Example:
        >>> from accord.api import EXAMPLE, load
        >>> check_parties(load(EXAMPLE), ["union,firm"])
        ['union', 'firm']
        >>> check_parties(load(EXAMPLE), ["unoin"])
        Traceback (most recent call last):
        ...
        ValueError: no actor with stances 'unoin' in 'wage-talks' (did you mean 'union'?); actors: union, firm
    """  # noqa: E501
    if not ids:
        return None
    items = [ids] if isinstance(ids, str) else list(ids)
    names = [i for part in items for i in part.split(",") if i]
    stanced = [a.id for a in scenario.actors if any(st.actor == a.id for st in scenario.stances)]
    for a in names:
        if a not in stanced:
            raise ValueError(
                f"no actor with stances '{a}' in '{scenario.id}'{suggest(a, stanced)}; "
                f"actors: {', '.join(stanced)}"
            )
    return names or None


def parse_pairs(
    texts: Iterable[str], option: str, form: str, listing: str
) -> list[tuple[str, str]]:
    """``["a=1", "b = x"]`` -> ``[("a", "1"), ("b", "x")]``; ValueError for a text without
    ``=`` or with an empty side, naming ``option``, its ``form`` and what may be given.

    Example:
        >>> parse_pairs(["fund=2"], "--set", "LEVER=VALUE", "levers: fund")
        [('fund', '2')]
        >>> parse_pairs(["fund"], "--set", "LEVER=VALUE", "levers: fund")
        Traceback (most recent call last):
        ...
        ValueError: --set takes LEVER=VALUE, got 'fund'; levers: fund
    """
    out = []
    for text in texts:
        name, sep, value = text.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise ValueError(f"{option} takes {form}, got '{text}'; {listing}")
        out.append((name, value))
    return out


def _levers_listing(scenario: Scenario) -> str:
    known = [lever.id for lever in scenario.levers]
    return ", ".join(known) if known else f"none (scenario '{scenario.id}' declares no levers)"


def lever_levels(
    scenario: Scenario, settings: Mapping[str, float | str] | Iterable[tuple[str, float | str]]
) -> dict[str, float]:
    """Lever settings, lever id to a level (number) or its label, as levels; each lever set
    once.

    Example:
        >>> from accord.api import EXAMPLE, load
        >>> lever_levels(load(EXAMPLE), {"fund": "doubled"})
        {'fund': 2.0}
        >>> lever_levels(load(EXAMPLE), {"fund": "full"})
        Traceback (most recent call last):
        ...
        ValueError: 'full' is not a level of lever 'fund'; levels: 0 (empty), 1 (current), 2 (doubled)
    """  # noqa: E501
    from accord.dynamics.levers import levels_text

    known = [lever.id for lever in scenario.levers]
    pairs = settings.items() if isinstance(settings, Mapping) else settings
    out: dict[str, float] = {}
    for name, value in pairs:
        if name not in known:
            listed = _levers_listing(scenario)
            raise ValueError(f"no lever '{name}'{suggest(name, known)}; levers: {listed}")
        lever = scenario.lever(name)
        level = lever.level(str(value))
        if level is None:
            raise ValueError(
                f"'{value}' is not a level of lever '{name}'; levels: {levels_text(lever)}"
            )
        if name in out and out[name] != level:
            raise ValueError(f"lever '{name}' is set twice, to different levels; set it once")
        out[name] = level
    return out


def parse_settings(scenario: Scenario, texts: Iterable[str]) -> dict[str, float]:
    """The command line's ``--set LEVER=VALUE`` texts as levels (:func:`lever_levels`).

    Example:
        >>> from accord.api import EXAMPLE, load
        >>> parse_settings(load(EXAMPLE), ["fund=0"])
        {'fund': 0.0}
    """
    listing = f"levers: {_levers_listing(scenario)}"
    return lever_levels(scenario, parse_pairs(texts, "--set", "LEVER=VALUE", listing))


def settings_doc(
    scenario: Scenario, levels: Mapping[str, float], changes: Sequence[Change]
) -> dict[str, Any]:
    """Each lever set: its level, label, default and what it changed (the ``settings`` of
    ``accord whatif --json``).

    Example:
        >>> from accord.api import EXAMPLE, load
        >>> settings_doc(load(EXAMPLE), {"fund": 2.0}, [])["fund"]["label"]
        'doubled'
    """
    doc = {}
    for lever_id, value in levels.items():
        lever = scenario.lever(lever_id)
        doc[lever_id] = {
            "value": value,
            "label": lever.label(value),
            "default": lever.default,
            "changes": [c for c in changes if c.lever == lever_id],
        }
    return doc


def check_bias(parties: Sequence[str], weights: Mapping[str, object]) -> dict[str, float]:
    """The mediator's weight on each party named: a positive finite number (a number or its
    text), the party one of ``parties``.

    Example:
        >>> check_bias(["union", "firm"], {"firm": "2"})
        {'firm': 2.0}
        >>> check_bias(["union", "firm"], {"frm": 2})
        Traceback (most recent call last):
        ...
        ValueError: no party 'frm' to bias towards (did you mean 'firm'?); parties: union, firm
    """
    out: dict[str, float] = {}
    for name, value in weights.items():
        if name not in parties:
            raise ValueError(
                f"no party '{name}' to bias towards{suggest(name, list(parties))}; "
                f"parties: {', '.join(parties)}"
            )
        try:
            weight = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            weight = math.nan
        if not math.isfinite(weight) or weight <= 0:
            raise ValueError(f"the bias towards '{name}' must be a positive number, got {value}")
        out[name] = weight
    return out


def parse_bias(parties: Sequence[str], texts: Iterable[str]) -> dict[str, float]:
    """The command line's ``--bias PARTY=WEIGHT`` texts (:func:`check_bias`).

    Example:
        >>> parse_bias(["union", "firm"], ["union=0.5"])
        {'union': 0.5}
    """
    pairs = parse_pairs(texts, "--bias", "PARTY=WEIGHT", f"parties: {', '.join(parties)}")
    out: dict[str, float] = {}
    for name, value in pairs:
        weight = check_bias(parties, {name: value})[name]
        if name in out and out[name] != weight:
            raise ValueError(f"the bias towards '{name}' is set twice; set it once")
        out[name] = weight
    return out


def check_strategies(parties: Sequence[str], names: Mapping[str, str]) -> dict[str, str]:
    """Each party's bargaining strategy in alternating offers, lower-cased and checked.

    Example:
        >>> check_strategies(["union", "firm"], {"firm": "Boulware"})
        {'firm': 'boulware'}
        >>> check_strategies(["union", "firm"], {"firm": "stubborn"})
        Traceback (most recent call last):
        ...
        ValueError: no strategy 'stubborn' for 'firm'; strategies: boulware, linear, conceder, tit-for-tat
    """  # noqa: E501
    from accord.dynamics.processes import STRATEGIES

    out: dict[str, str] = {}
    for party, given in names.items():
        name = given.strip().lower()
        if party not in parties:
            raise ValueError(
                f"no party '{party}' to give a strategy{suggest(party, list(parties))}; "
                f"parties: {', '.join(parties)}"
            )
        if name not in STRATEGIES:
            raise ValueError(
                f"no strategy '{name}' for '{party}'{suggest(name, list(STRATEGIES))}; "
                f"strategies: {', '.join(STRATEGIES)}"
            )
        out[party] = name
    return out


def parse_strategies(parties: Sequence[str], texts: Iterable[str]) -> dict[str, str]:
    """The command line's ``--strategy PARTY=NAME`` texts (:func:`check_strategies`).

    Example:
        >>> parse_strategies(["union", "firm"], ["union=conceder"])
        {'union': 'conceder'}
    """
    from accord.dynamics.processes import STRATEGIES

    listing = f"strategies: {', '.join(STRATEGIES)}"
    pairs = parse_pairs(texts, "--strategy", "PARTY=NAME", listing)
    out: dict[str, str] = {}
    for name, value in pairs:
        out.update(check_strategies(parties, {name: value}))
    return out


#: How :func:`eum_options`' messages name its arguments: as the API's keywords, or as the
#: command line's flags.
_EUM_WORDS = {
    False: ("preset", "option", "model='eum'", "draws"),
    True: ("--preset", "--option", "--model eum", "--draws"),
}


def parse_eum_option(pairs: Iterable[str]) -> dict[str, Any]:
    """The command line's ``--option NAME=VALUE`` texts as typed values (``rounds`` whole,
    ``q`` and ``t`` numbers, ``tolerance`` a number or none, the rest text).

    Example:
        >>> parse_eum_option(["rounds=3", "q=0.5", "tolerance=none"])
        {'rounds': 3, 'q': 0.5, 'tolerance': None}
        >>> parse_eum_option(["rounds=x"])
        Traceback (most recent call last):
        ...
        ValueError: --option rounds: 'x' is not a number
    """
    import dataclasses

    from accord.forecast.eum import EumOptions

    fields = [f.name for f in dataclasses.fields(EumOptions) if f.name != "bounds"]
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or key not in fields:
            raise ValueError(
                f"--option '{pair}': give NAME=VALUE with NAME one of {', '.join(fields)}"
            )
        try:
            if key == "rounds":
                changes[key] = int(text)
            elif key in ("q", "t"):
                changes[key] = float(text)
            elif key == "tolerance":
                changes[key] = None if text.lower() in ("none", "") else float(text)
            else:
                changes[key] = text
        except ValueError:
            raise ValueError(f"--option {key}: '{text}' is not a number") from None
    return changes


def eum_options(
    model: str,
    preset: str | None,
    option: Mapping[str, Any] | None,
    *,
    drawing: bool,
    flags: bool = False,
) -> Any:
    """The expected-utility model's options asked for: a preset's, with ``option`` changed
    (None when neither is given: the default preset).

    Args:
        model: The forecasting model (preset and option are for ``"eum"`` only).
        preset: A preset's name, or None for the default.
        option: Options changed from the preset, name to value.
        drawing: Whether a Monte Carlo runs (it uses the default preset).
        flags: Name the arguments in messages as the command line's flags.

    Returns:
        An :class:`~accord.forecast.eum.EumOptions`, or None.

    Example:
        >>> eum_options("eum", None, {"rounds": 3}, drawing=False).rounds
        3
        >>> eum_options("eum", "txtbook", None, drawing=False)
        Traceback (most recent call last):
        ...
        ValueError: unknown preset 'txtbook' (did you mean 'textbook'?); presets: scholz-2011, textbook
    """  # noqa: E501
    if preset is None and not option:
        return None
    pre, opt, eum, draws = _EUM_WORDS[flags]
    if model != "eum":
        raise ValueError(f"{pre} and {opt} are for {eum}")
    if drawing:
        raise ValueError(
            f"{draws} runs the eum model with its default preset; leave out {pre}/{opt}"
        )
    import dataclasses

    from accord.forecast.eum import PRESETS, EumOptions
    from accord.forecast.models import EUM_PRESET

    name = preset or EUM_PRESET
    if name not in PRESETS:
        raise ValueError(
            f"unknown preset '{name}'{suggest(name, PRESETS)}; presets: {', '.join(PRESETS)}"
        )
    known = [f.name for f in dataclasses.fields(EumOptions) if f.name != "bounds"]
    for key in option or {}:
        if key not in known:
            raise ValueError(
                f"unknown option '{key}'{suggest(key, known)}; options: {', '.join(known)}"
            )
    try:
        return PRESETS[name].with_(**dict(option or {}))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{opt}: {exc}") from None
