"""Reading GMCR+ (gmcr-py) save files (``.gmcr``) as conflicts.

The format, as GMCR+ 0.3-0.4 writes it, is one JSON object:

- ``options``: ``[{name, permittedDirection}]``; the direction is ``both``, ``fwd`` (once
  taken it stays taken) or ``back`` (once dropped it stays dropped).
- ``decisionMakers``: ``[{name, options: [option index], preferences: [condition],
  preferenceRanking?, misperceptions?}]``; preferences are prioritisation statements, most
  important first.
- ``infeasibles``: ``[condition]``, each removing the states it matches.
- A *condition* is ``[[option index, "Y" | "N"], ...]`` (all must hold) or
  ``{"compound": true, "members": [condition, ...]}`` (any member holds).
- ``useManualPreferenceRanking`` (older files: ``useManualPreferenceVectors``): when true,
  each DM's ``preferenceRanking`` (older: ``preferenceVector``) lists feasible state numbers
  from most to least preferred, a nested list being a tie. GMCR+ numbers feasible states
  from 1 in ascending order of their options read as bits, option i being bit i, which is
  accord's numbering plus one (its options are grouped by decision-maker, as here).
- ``coalitions``, ``coalitionsFull``, ``program``, ``version``: not part of the conflict.

Misperceptions (hypergame states) have no counterpart in accord; a file with any is read
without them and the conflict's notes say so.
"""

from __future__ import annotations

import json
import os
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from accord.conflict.states import MAX_OPTIONS, evaluate
from accord.io.conflicts import check_conflict
from accord.io.scenarios import MAX_BYTES
from accord.model.conflict import KEYWORDS, Conflict, parse_statement
from accord.model.problems import Problem, ScenarioError

_DIRECTIONS = {"both": "none", "fwd": "forward", "back": "backward"}


class _Bad(Exception):
    """A problem in the file, at a path in the JSON document."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def read_gmcr(path: str | os.PathLike[str], conflict_id: str | None = None) -> Conflict:
    """Read a GMCR+ save file; :class:`ScenarioError` says what is wrong and where."""
    name = str(path)
    try:
        data = Path(path).read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        message = f"cannot read '{name}': {exc.strerror or exc}"
        raise ScenarioError(name, [Problem((), message)]) from None
    if len(data) > MAX_BYTES:
        raise ScenarioError(name, [Problem((), "the file is too large for a GMCR+ save file")])
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        message = f"not a GMCR+ save file (JSON): {getattr(exc, 'msg', exc)}"
        raise ScenarioError(name, [Problem((), message, line=line, column=col)]) from None
    stem = _slug(Path(name).stem) or "gmcr-import"
    try:
        return gmcr_to_conflict(doc, conflict_id or stem, f"{Path(name).name}")
    except _Bad as bad:
        raise ScenarioError(name, [Problem(bad.path, bad.message)]) from None


#: A manual ranking of more feasible states than this is written by state code
#: (``state_ranking``); a smaller one as levels of statements, one per state, as readable as
#: the states are few (a statement per state names every option: 8 options, 256 lines).
BY_CODE_ABOVE = 256


def gmcr_to_conflict(
    doc: Any,
    conflict_id: str,
    origin: str = "a GMCR+ file",
    *,
    by_code_above: int = BY_CODE_ABOVE,
) -> Conflict:
    """Build a conflict from a parsed GMCR+ document (raises ``_Bad`` on a malformed one).

    A manual preference ranking becomes ``state_ranking`` (states by code) when the conflict
    has more than ``by_code_above`` feasible states, else ``ranking`` (a statement per state).
    """
    if not isinstance(doc, dict):
        raise _Bad((), "a GMCR+ save file is a JSON object with options and decisionMakers")
    raw_options = _list(doc, "options", ())
    raw_dms = _list(doc, "decisionMakers", ())
    if not raw_options or not raw_dms:
        raise _Bad((), "the file has no options or no decision makers")
    # option index in the file -> (accord id, direction); ids made from the names
    used: set[str] = set()
    opt_ids: list[str] = []
    directions: list[str] = []
    for i, opt in enumerate(raw_options):
        where = ("options", i)
        label = _field(opt, "name", where, str)
        direction = (
            _field(opt, "permittedDirection", where, str) if "permittedDirection" in opt else "both"
        )
        if direction not in _DIRECTIONS:
            raise _Bad(
                (*where, "permittedDirection"),
                f"'{direction}' is not a permitted direction; GMCR+ writes both, fwd or back",
            )
        opt_ids.append(_unique(_slug(label) or f"option-{i + 1}", used))
        directions.append(_DIRECTIONS[direction])
    owner: dict[int, int] = {}
    dms: list[dict[str, Any]] = []
    dm_used: set[str] = set()
    for d, dm in enumerate(raw_dms):
        where = ("decisionMakers", d)
        dm_name = _field(dm, "name", where, str)
        indexes = _list(dm, "options", where)
        options = []
        for k, idx in enumerate(indexes):
            idx = _index(idx, len(opt_ids), (*where, "options", k))
            if idx in owner:
                raise _Bad(
                    (*where, "options", k),
                    f"option {idx} ('{raw_options[idx]['name']}') "
                    f"also belongs to decision maker {owner[idx]}",
                )
            owner[idx] = d
            option: dict[str, Any] = {"id": opt_ids[idx], "label": raw_options[idx]["name"]}
            if directions[idx] != "none":
                option["irreversible"] = directions[idx]
            options.append(option)
        if not options:
            raise _Bad((*where, "options"), f"decision maker '{dm_name}' controls no option")
        dms.append(
            {
                "id": _unique(_slug(dm_name) or f"dm-{d + 1}", dm_used),
                "name": dm_name,
                "options": options,
            }
        )
    unowned = [raw_options[i]["name"] for i in range(len(opt_ids)) if i not in owner]
    if unowned:
        raise _Bad(("options",), f"options no decision maker controls: {', '.join(unowned)}")
    if len(opt_ids) > MAX_OPTIONS:
        raise _Bad(("options",), f"{len(opt_ids)} options; at most {MAX_OPTIONS} are supported")

    def condition(raw: Any, where: tuple[str | int, ...]) -> str:
        if isinstance(raw, dict) and raw.get("compound"):
            members = _list(raw, "members", where)
            parts = [condition(m, (*where, "members", k)) for k, m in enumerate(members)]
            if not parts:
                raise _Bad(where, "a compound condition with no members")
            return " | ".join(f"({p})" for p in parts)
        if not isinstance(raw, list) or not raw:
            raise _Bad(where, "a condition is a list of [option index, 'Y' or 'N'] pairs")
        terms = []
        for k, pair in enumerate(raw):
            if not (isinstance(pair, list) and len(pair) == 2 and pair[1] in ("Y", "N")):
                raise _Bad((*where, k), f"expected [option index, 'Y' or 'N']; got {pair!r}")
            oid = opt_ids[_index(pair[0], len(opt_ids), (*where, k, 0))]
            terms.append(oid if pair[1] == "Y" else f"-{oid}")
        return " & ".join(terms)

    order = [opt_ids.index(o["id"]) for dm in dms for o in dm["options"]]
    accord_ids = [opt_ids[i] for i in order]
    infeasible = [
        {"forbid": condition(c, ("infeasibles", k))}
        for k, c in enumerate(_list(doc, "infeasibles", ()))
    ]
    masks = _feasible(accord_ids, [c["forbid"] for c in infeasible])
    if len(masks) == 0:
        raise _Bad(("infeasibles",), "every state is infeasible")
    manual = doc.get("useManualPreferenceRanking", doc.get("useManualPreferenceVectors", False))
    preferences = []
    for d, dm in enumerate(raw_dms):
        where = ("decisionMakers", d)
        ranking = dm.get("preferenceRanking", dm.get("preferenceVector"))
        if manual and ranking is not None:
            levels = _ranking(ranking, masks, (*where, "preferenceRanking"))
            if len(masks) > by_code_above:  # a code alone, or a list of codes that tie
                compact = [lv[0] if len(lv) == 1 else lv for lv in levels]
                preferences.append({"dm": dms[d]["id"], "state_ranking": compact})
            else:
                patterns = [[_pattern(code, accord_ids) for code in level] for level in levels]
                preferences.append({"dm": dms[d]["id"], "ranking": patterns})
            continue
        stmts = [
            condition(c, (*where, "preferences", k))
            for k, c in enumerate(_list(dm, "preferences", where))
        ]
        if stmts:
            preferences.append({"dm": dms[d]["id"], "prioritization": stmts})
        else:  # no statement: every state ties
            anything = f"{accord_ids[0]} | -{accord_ids[0]}"
            preferences.append(
                {
                    "dm": dms[d]["id"],
                    "ranking": [anything],
                    "judgement": "no preference statements in the GMCR+ file",
                }
            )
    notes = [
        f"Imported from {origin} (GMCR+ {doc.get('program', 'gmcr-py')} "
        f"{doc.get('version', '')}).".replace(" )", ")")
    ]
    if any(dm.get("misperceptions") for dm in raw_dms):
        notes.append("The file's misperceptions were left out: accord has no hypergames.")
    conflict = Conflict.model_validate(
        {
            "id": conflict_id,
            "title": f"{conflict_id} (imported from GMCR+)",
            "decision_makers": dms,
            "infeasible": infeasible,
            "preferences": preferences,
            "notes": notes,
        }
    )
    errors = [p for p in check_conflict(conflict) if p.severity == "error"]
    if errors:
        raise _Bad(errors[0].path, errors[0].message)
    return conflict


def _ranking(raw: Any, masks: np.ndarray, where: tuple[str | int, ...]) -> list[list[int]]:
    """GMCR+ state numbers (1-based, ascending masks) to levels of state codes (masks)."""
    if not isinstance(raw, list):
        raise _Bad(where, "a preference ranking is a list of state numbers")
    n = len(masks)
    # an empty tie ranks nothing: dropped
    groups = [g for g in (item if isinstance(item, list) else [item] for item in raw) if g]
    flat = [state for group in groups for state in group]
    entry = np.repeat(np.arange(len(groups)), [len(g) for g in groups])  # each number's entry
    # Only whole numbers are state numbers (not true, text or 2.0): one look at each JSON
    # value, then arrays.
    wrong = next((e for e, v in enumerate(flat) if type(v) is not int or not 0 <= v <= n), None)
    if wrong is not None:
        raise _Bad((*where, int(entry[wrong])), f"{flat[wrong]!r} is not an index from 0 to {n}")
    numbers = np.array(flat, dtype=np.int64)
    repeat = np.ones(len(numbers), dtype=bool)
    repeat[np.unique(numbers, return_index=True)[1]] = False  # all but the first of a number
    bad = (numbers < 1) | repeat
    if bad.any():
        e = int(np.argmax(bad))
        raise _Bad(
            (*where, int(entry[e])),
            f"state {flat[e]} is not a feasible state (1..{n}) or appears twice",
        )
    missing = np.setdiff1d(np.arange(1, n + 1), numbers)
    if len(missing):
        raise _Bad(where, f"feasible states missing from the ranking: {missing[:10].tolist()}")
    codes = masks[numbers - 1].tolist()
    bounds = np.cumsum([0] + [len(g) for g in groups]).tolist()
    return [codes[a:b] for a, b in pairwise(bounds)]


def _pattern(code: int, ids: list[str]) -> str:
    """A state as the statement only it satisfies: every option, taken or not."""
    return " & ".join(o if (code >> b) & 1 else f"-{o}" for b, o in enumerate(ids))


def _feasible(ids: list[str], forbidden: list[str]) -> np.ndarray:
    bits = {o: b for b, o in enumerate(ids)}
    masks = np.arange(2 ** len(ids), dtype=np.int64)
    keep = np.ones(len(masks), dtype=bool)
    for text in forbidden:
        keep &= ~evaluate(parse_statement(text), masks, bits)
    return masks[keep]


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_.]+", "-", name.strip().lower()).strip("-.")[:60]
    return f"{slug}-option" if slug in KEYWORDS else slug


def _unique(base: str, used: set[str]) -> str:
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


def _list(obj: Any, key: str, where: tuple[str | int, ...]) -> list[Any]:
    value = obj.get(key, []) if isinstance(obj, dict) else None
    if not isinstance(value, list):
        raise _Bad((*where, key), f"'{key}' must be a list")
    return value


def _field(obj: Any, key: str, where: tuple[str | int, ...], kind: type) -> Any:
    if not isinstance(obj, dict) or not isinstance(obj.get(key), kind):
        raise _Bad((*where, key), f"missing or invalid '{key}'")
    return obj[key]


def _index(value: Any, size: int, where: tuple[str | int, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise _Bad(where, f"{value!r} is not an index from 0 to {size - 1}")
    return value
