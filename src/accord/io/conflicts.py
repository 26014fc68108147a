"""Reading and writing conflict files (YAML), with errors that point at the line.

The YAML is read by the located reader (:func:`accord.io.located.parse_yaml`: no aliases,
no tags, bounded depth) and errors are worded by the scenario reader's helpers
(:mod:`accord.io.validation`), so a
conflict file fails the way a scenario file does: every problem at once, each with
file:line:column, the path in the document and what would be valid. Reading raises
nothing but :class:`ScenarioError`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from accord.conflict.states import (
    MAX_OPTIONS,
    feasible_masks,
    find_states,
    preference_levels,
    state_label,
    state_numbers,
    state_ranking_entries,
)
from accord.data import conflict_names, conflict_text
from accord.io.located import MAX_BYTES, Marks, Wording, parse_yaml
from accord.io.validation import (
    Where,
    at,
    friendly,
    locate,
    members,
    model_in,
    step,
    unknown_key,
)
from accord.io.yamltext import Flow, dump_yaml, write_atomically
from accord.model.conflict import (
    KEYWORDS,
    Conflict,
    StatementError,
    parse_statement,
    statement_options,
)
from accord.model.problems import Path as DocPath
from accord.model.problems import Problem, ScenarioError, known_list, suggest
from accord.model.source_checks import label_problems

_NEEDS = "a conflict needs 'id', 'title', 'decision_makers' and 'preferences'"
_WORDING = Wording(noun="a conflict", needs=_NEEDS, keys="id, title, decision_makers, ...")


# --- reading -------------------------------------------------------------------------------
def load_conflict(path: str | os.PathLike[str]) -> Conflict:
    """Read and check a conflict file; :class:`ScenarioError` lists every problem."""
    name = str(path)
    try:
        with Path(path).open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _error(name, f"no such file '{name}'; give a conflict .yaml file") from None
    except IsADirectoryError:
        raise _error(name, f"'{name}' is a directory; give a conflict .yaml file") from None
    except OSError as exc:
        raise _error(name, f"cannot read '{name}': {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _error(name, f"the file is larger than {MAX_BYTES // 2**20} MiB")
    return parse_conflict(data, name)


def parse_conflict(text: bytes | str, name: str = "<text>") -> Conflict:
    """Check conflict text (YAML) and return the conflict, or raise :class:`ScenarioError`."""
    raw, marks = _read_yaml(text, name)
    try:
        conflict = Conflict.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(name, _sorted(_pydantic_problems(exc, raw, marks))) from None
    problems = [_placed(p, marks) for p in check_conflict(conflict)]
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(name, _sorted(problems))
    return conflict


def _read_yaml(text: bytes | str, name: str) -> tuple[dict[str, Any], Marks]:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in words.splitlines()):
        raise _error(name, f"the file has no content; {_NEEDS}")
    try:
        raw, marks = parse_yaml(text, _WORDING)
    except ScenarioError as exc:
        problems = [
            Problem(p.path, _reword(p.message), p.severity, p.line, p.column) for p in exc.problems
        ]
        raise ScenarioError(name, problems) from None
    return raw, marks


def _reword(message: str) -> str:
    # The YAML reader's syntax hints speak of a scenario; a conflict file is read alike.
    return message.replace("a file holds one scenario", "a file holds one conflict")


def _error(name: str, message: str) -> ScenarioError:
    return ScenarioError(name, [Problem((), message)])


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _placed(problem: Problem, marks: Marks) -> Problem:
    line, column = locate(problem.path, marks)
    return Problem(problem.path, problem.message, problem.severity, line, column)


# --- pydantic errors, worded by the scenario reader's helpers --------------------------------
def _pydantic_problems(exc: ValidationError, raw: Any, marks: Marks) -> list[Problem]:
    out: dict[tuple[DocPath, str], Problem] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if loc[-1:] == ("statement",) and isinstance(_raw_at(raw, loc[:-1]), str):
            loc = loc[:-1]  # a bare statement: the error is the text itself, not a key in it
            err = {**err, "loc": loc}
        where = _walk(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = model_in(_walk(err["loc"][:-1]).type)
            problem = unknown_key(where.path, str(where.path[-1]), _keys(parent), marks)
        elif kind == "missing":
            parent = model_in(_walk(err["loc"][:-1]).type)
            required = [k for k, f in _fields(parent) if f.is_required()]
            need = f" (required here: {', '.join(required)})" if required else ""
            problem = at(where.path, f"missing required key '{where.path[-1]}'{need}", marks)
        elif kind == "too_short":
            least = (err.get("ctx") or {}).get("min_length", 1)
            got = len(err["input"]) if isinstance(err.get("input"), list) else 0
            message = f"needs at least {least} entries; got {got}"
            problem = at(where.path, message, marks)
        else:
            problem = at(where.path, friendly(err, where, (), root=Conflict), marks)
        out.setdefault((problem.path, problem.message), problem)
    return list(out.values())


def _raw_at(raw: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _walk(loc: tuple[Any, ...]) -> Where:
    """Follow a pydantic location down from :class:`Conflict` (the scenario reader's walk
    starts at Scenario); keys are reported as written, aliases included."""
    where = Where(Conflict)
    for part in loc:
        options = members(where.type)
        model = model_in(where.type)
        if model is not None and isinstance(part, str) and part not in model.model_fields:
            part = next((k for k, f in model.model_fields.items() if f.alias == part), part)
        where.type, where.field = step(options, part)
    where.path = tuple(_alias(loc))
    return where


def _alias(loc: tuple[Any, ...]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _fields(model: type[BaseModel] | None) -> list[tuple[str, Any]]:
    return [(f.alias or k, f) for k, f in model.model_fields.items()] if model else []


def _keys(model: type[BaseModel] | None) -> list[str]:
    return [k for k, _ in _fields(model)]


# --- checks across records -----------------------------------------------------------------
def check_conflict(conflict: Conflict) -> list[Problem]:
    """Problems no single record shows: duplicate ids, unknown options, decision-makers or
    sources, an option held by two decision-makers, no feasible state, incomplete rankings."""
    problems: list[Problem] = []
    add = problems.append
    dm_ids: dict[str, int] = {}
    for i, dm in enumerate(conflict.decision_makers):
        if dm.id in dm_ids:
            add(Problem(("decision_makers", i, "id"), f"decision-maker '{dm.id}' is defined twice"))
        dm_ids.setdefault(dm.id, i)
    owner: dict[str, tuple[str, DocPath]] = {}
    for i, dm in enumerate(conflict.decision_makers):
        for j, opt in enumerate(dm.options):
            path: DocPath = ("decision_makers", i, "options", j, "id")
            if opt.id in KEYWORDS:
                add(Problem(path, f"'{opt.id}' is a word of the statement language; rename it"))
            if opt.id in owner:
                who, _ = owner[opt.id]
                message = (
                    f"option '{opt.id}' is defined twice"
                    if who == dm.id
                    else f"option '{opt.id}' is also an option of '{who}'; an option belongs "
                    "to one decision-maker: rename one of them"
                )
                add(Problem(path, message))
            owner.setdefault(opt.id, (dm.id, path))
    if len(owner) > MAX_OPTIONS:
        add(Problem(("decision_makers",), f"{len(owner)} options; at most {MAX_OPTIONS} allowed"))
    source_ids = [s.id for s in conflict.sources]
    for k, sid in enumerate(source_ids):
        if sid in source_ids[:k]:
            add(Problem(("sources", k, "id"), f"source '{sid}' is defined twice"))

    def statement(text: str, path: DocPath) -> None:
        try:
            names = statement_options(parse_statement(text))
        except StatementError as exc:  # pragma: no cover - the model checked the syntax
            add(Problem(path, str(exc)))
            return
        for name in names:
            if name not in owner:
                add(
                    Problem(
                        path,
                        f"'{text}' names '{name}', which is not an option{suggest(name, owner)}; "
                        f"options: {known_list(owner, 30)}",
                    )
                )

    def sources(ids: list[str], path: DocPath) -> None:
        for k, sid in enumerate(ids):
            if sid not in source_ids:
                hint = suggest(sid, source_ids)
                add(
                    Problem(
                        (*path, k),
                        f"unknown source '{sid}'{hint}; sources: {known_list(source_ids)}",
                    )
                )

    for i, cond in enumerate(conflict.infeasible):
        here: DocPath = ("infeasible", i)
        for key in ("mutually_exclusive", "at_least_one"):
            for k, oid in enumerate(getattr(cond, key) or []):
                statement(oid, (*here, key, k))
        if cond.implies is not None:
            statement(cond.implies.if_, (*here, "implies", "if"))
            statement(cond.implies.then, (*here, "implies", "then"))
        if cond.forbid is not None:
            statement(cond.forbid, (*here, "forbid"))
    seen: dict[str, int] = {}
    for i, pref in enumerate(conflict.preferences):
        here = ("preferences", i)
        if pref.dm not in dm_ids:
            add(
                Problem(
                    (*here, "dm"),
                    f"unknown decision-maker '{pref.dm}'"
                    f"{suggest(pref.dm, dm_ids)}; decision-makers: {known_list(dm_ids)}",
                )
            )
        elif pref.dm in seen:
            add(
                Problem(
                    (*here, "dm"),
                    f"'{pref.dm}' already has preferences "
                    f"(preferences[{seen[pref.dm]}]); give one entry per decision-maker",
                )
            )
        seen.setdefault(pref.dm, i)
        sources(pref.sources, (*here, "sources"))
        for k, st in enumerate(pref.prioritization or []):
            statement(st.statement, (*here, "prioritization", k))
            sources(st.sources, (*here, "prioritization", k, "sources"))
        for k, level in enumerate(pref.ranking or []):
            for j, st in enumerate(level):
                statement(st.statement, (*here, "ranking", k, j))
    for dm_id, i in dm_ids.items():
        if dm_id not in seen:
            add(
                Problem(
                    ("decision_makers", i, "id"),
                    f"'{dm_id}' has no preferences; add an "
                    f"entry with dm: {dm_id} under 'preferences'",
                )
            )
    for i, pub in enumerate(conflict.published):
        sources([pub.source], ("published", i, "source"))
        for k, text in enumerate(pub.states):
            statement(text, ("published", i, "states", k))
    if not problems:
        problems.extend(_check_states(conflict))
    problems.extend(label_problems(list(enumerate(conflict.sources))))
    return problems


def _check_states(conflict: Conflict) -> list[Problem]:
    """Checks that need the feasible states: run only on an otherwise sound conflict."""
    masks = feasible_masks(conflict)
    if len(masks) == 0:
        path: DocPath = ("infeasible",)
        return [Problem(path, "every state is infeasible; drop or narrow a condition")]
    out = []
    for i, pref in enumerate(conflict.preferences):
        if pref.state_ranking is not None:
            out.extend(_state_ranking_problems(conflict, i, pref.state_ranking, masks))
        if pref.ranking is None:
            continue
        try:
            preference_levels(conflict, pref, masks)
        except ValueError as exc:
            out.append(
                Problem(
                    ("preferences", i, "ranking"),
                    f"{exc}; every feasible state "
                    "must match some level (end with a catch-all such as 'a | -a')",
                )
            )
    for i, pub in enumerate(conflict.published):
        for k, text in enumerate(pub.states):
            found = find_states(conflict, text, masks)
            if len(found) != 1:
                names = ", ".join(state_label(conflict, masks[s]) for s in found[:5]) or "none"
                out.append(
                    Problem(
                        ("published", i, "states", k),
                        f"'{text}' must match "
                        f"exactly one feasible state; it matches {len(found)} "
                        f"({names})",
                    )
                )
    return out


#: Problems of one kind reported per state ranking before the rest are summed up.
_SHOWN = 5


def _state_ranking_problems(
    conflict: Conflict, i: int, ranking: list[int | list[int]], masks: np.ndarray
) -> list[Problem]:
    """Codes that are no feasible state, states ranked twice, feasible states left out; each
    at its entry (``state_ranking[k]``, or ``[k][j]`` in a tie), checked over whole arrays."""
    here: DocPath = ("preferences", i, "state_ranking")
    codes, level = state_ranking_entries(ranking)
    number = state_numbers(masks, codes)
    # where each flat entry was written: its entry k, and j within a tie (-1: a bare code)
    tied = np.array([isinstance(x, list) for x in ranking], dtype=bool)[level]
    first = np.searchsorted(level, level)  # the first flat entry of each one's level
    inner = np.where(tied, np.arange(len(codes)) - first, -1)

    def path(e: int) -> DocPath:
        k, j = int(level[e]), int(inner[e])
        return (*here, k) if j < 0 else (*here, k, j)

    def label(code: int) -> str:
        return state_label(conflict, code)

    out: list[Problem] = []
    n_options = len(conflict.option_ids())
    bad = np.flatnonzero(number < 0)
    for e in bad[:_SHOWN]:
        code = int(codes[e])
        why = (
            f"codes go from 0 to {2**n_options - 1} (the sum of 2^k over the options k taken, "
            "counted from 0 in the order the file declares them)"
            if code >= 2**n_options
            else f"state {label(code)} is infeasible"
        )
        out.append(Problem(path(e), f"{code} is not the code of a feasible state: {why}"))
    if len(bad) > _SHOWN:
        out.append(Problem(here, f"{len(bad)} codes in all are not feasible states"))
    ok = np.flatnonzero(number >= 0)
    order = ok[np.argsort(number[ok], kind="stable")]  # entries by state, first written first
    again = order[1:][number[order[1:]] == number[order[:-1]]]
    earlier = order[:-1][number[order[1:]] == number[order[:-1]]]
    for e, before in zip(again[:_SHOWN], earlier[:_SHOWN], strict=True):
        where = "state_ranking" + "".join(f"[{p}]" for p in path(int(before))[3:])
        message = f"state {int(codes[e])} ({label(int(codes[e]))}) is ranked twice; also at {where}"
        out.append(Problem(path(int(e)), message))
    if len(again) > _SHOWN:
        out.append(Problem(here, f"{len(again)} entries in all repeat a state ranked before"))
    missing = np.flatnonzero(np.bincount(number[ok], minlength=len(masks)) == 0)
    if len(missing):
        shown = ", ".join(f"{int(masks[s])} ({label(int(masks[s]))})" for s in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        out.append(
            Problem(
                here,
                f"{len(missing)} feasible states are not ranked: codes {shown}{more}; "
                "every feasible state must be ranked exactly once",
            )
        )
    return out


# --- built-ins and writing -----------------------------------------------------------------
def builtin_conflicts() -> list[str]:
    """Names of the conflicts shipped with accord."""
    return conflict_names()


def load_builtin_conflict(name: str) -> Conflict:
    """A built-in conflict by name (see :func:`builtin_conflicts`), read and validated.

    Raises:
        ScenarioError: no built-in has that name (with the closest one, "did you mean ...",
            and the list of built-ins).

    Example:
        >>> c = load_builtin_conflict("chicken")
        >>> [d.id for d in c.decision_makers]
        ['one', 'two']
    """
    if name not in builtin_conflicts():
        message = f"no built-in conflict '{name}'{suggest(name, builtin_conflicts())}; "
        raise _error(f"built-in:{name}", message + f"built-ins: {', '.join(builtin_conflicts())}")
    text = conflict_text(name)
    return parse_conflict(text, f"built-in:{name}")


def resolve_conflict(name_or_path: str | os.PathLike[str]) -> Conflict:
    """A built-in conflict by name, or a conflict file by path (a ``.yaml`` name that does
    not exist is reported as a missing file).

    Raises:
        ScenarioError: The file has errors, or no built-in has that name (with the closest
            one, "did you mean ...", and the list).

    Example:
        >>> resolve_conflict("chicken").id
        'chicken'
        >>> resolve_conflict("chiken")
        Traceback (most recent call last):
        ...
        accord.model.problems.ScenarioError: scenario: 1 error(s)
        no built-in conflict or file 'chiken' (did you mean 'chicken'?); built-ins: ...
    """
    name = os.fspath(name_or_path)
    names = builtin_conflicts()
    if name in names and not Path(name).exists():
        return load_builtin_conflict(name)
    if Path(name).exists() or name.endswith((".yaml", ".yml")):
        return load_conflict(name)
    message = (
        f"no built-in conflict or file '{name}'{suggest(name, names)}; "
        f"built-ins: {', '.join(names)}"
    )
    raise ScenarioError(None, [Problem((), message)])


def conflict_to_data(conflict: Conflict) -> dict[str, Any]:
    """Plain data for a conflict, without empty and default values, as a file writes it."""
    return conflict.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)


def dump_conflict(conflict: Conflict) -> str:
    """The conflict as YAML text; a state ranking as one wrapped ``[...]`` list, not a line
    per state."""
    data = conflict_to_data(conflict)
    for pref in data.get("preferences", []):
        if "state_ranking" in pref:
            pref["state_ranking"] = Flow(pref["state_ranking"])
    return dump_yaml(data)


def save_conflict(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a conflict file atomically (see :func:`accord.io.yamltext.write_atomically`)."""
    write_atomically(path, dump_conflict(conflict))
