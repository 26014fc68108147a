"""``--json`` written a piece at a time: the streaming writer against ``json.dumps`` of the
whole document (random nested records, NumPy arrays, chunked arrays), its memory on a long
array, the frontier decoded by chunk against a literal decode, and the default cap with
``--all`` on ``accord analyze`` and ``accord conflict``."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import tracemalloc
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.bargaining import analyze
from accord.cli.common import emit_json
from accord.cli.jsonstream import BUFFER, write_json
from accord.io import load_builtin
from accord.model.plain import CHUNK, Chunked, omit, plain_step, rename, to_plain
from cli_runner import accord
from gmcr_docs import ranked_gmcr_doc
from strategies import utility_scenarios


class Colour(StrEnum):
    red = "red"
    blue = "blue"


class Size(IntEnum):
    small = 1
    large = 2


@dataclass(frozen=True)
class Leaf:
    value: Any
    label: str = field(default="", metadata=rename("name"))
    cache: Any = field(default=None, metadata=omit())


@dataclass(frozen=True)
class Hooked:
    low: float
    items: Any

    def __plain__(self) -> dict[str, Any]:
        return {"range": [self.low, -self.low], "items": self.items}


def chunked(items: list[Any], chunk: int) -> Chunked:
    return Chunked(len(items), lambda a, b: items[a:b], chunk=chunk)


def write(data: Any) -> str:
    """What ``emit_json`` prints, without its final line break."""
    out = io.StringIO()
    with redirect_stdout(out):
        emit_json(data)
    text = out.getvalue()
    assert text.endswith("\n")
    return text[:-1]


def whole(data: Any) -> str:
    """The reference: the whole document converted, then ``json.dumps``'d at once."""
    return json.dumps(to_plain(data, default=str), indent=2, ensure_ascii=False)


floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    floats,
    st.text(max_size=6),
    st.sampled_from(Colour),
    st.sampled_from(Size),
    st.dates(),
    st.builds(PurePosixPath, st.sampled_from(["a", "b/ü.yaml"])),
    floats.map(np.float64),
    st.integers(-(2**31), 2**31).map(np.int64),
    st.booleans().map(np.bool_),
    st.lists(floats, max_size=4).map(lambda v: np.array(v, dtype=float)),
    # long enough to be written row by row, in one and two dimensions
    st.integers(0, 2 * CHUNK + 5).map(lambda n: np.arange(n) * 0.25),
    st.integers(0, CHUNK + 3).map(lambda n: np.arange(2 * n).reshape(n, 2)),
    st.just(object()),  # unknown: written as its text, as default=str says
)
keys = st.one_of(
    st.text(max_size=4), st.integers(-5, 5), st.booleans(), st.none(), floats, st.sampled_from(Size)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.lists(inner, max_size=3).map(lambda v: set(map(str, v))),
        st.dictionaries(keys, inner, max_size=3),
        st.builds(Leaf, inner, st.text(max_size=3), inner),
        st.builds(Hooked, floats, inner),
        st.tuples(st.lists(inner, max_size=7), st.integers(1, 3)).map(lambda a: chunked(*a)),
    ),
    max_leaves=10,
)


@given(values)
@settings(max_examples=300, deadline=None)
def test_streamed_text_is_json_dumps_of_the_whole(x):
    text = write(x)
    assert text == whole(x)
    # and what the CLI wrote before: json.dumps with the whole record converted on demand
    if not isinstance(x, Chunked):
        before = json.dumps(
            x, indent=2, ensure_ascii=False, default=lambda v: to_plain(v, default=str)
        )
        assert text == before


@given(values)
@settings(max_examples=100, deadline=None)
def test_plain_step_all_the_way_down_is_to_plain(x):
    def down(v: Any) -> Any:
        v = plain_step(v, default=str)
        if isinstance(v, dict):
            return {to_plain(k): down(w) for k, w in v.items()}
        if isinstance(v, list | tuple) or hasattr(v, "__next__"):
            return [down(w) for w in v]
        return v if type(v) in (str, int, float, bool, type(None)) else down(v)

    dumped = json.dumps(down(x), allow_nan=True)
    assert dumped == json.dumps(to_plain(x, default=str), allow_nan=True)


def test_hand_cases():
    assert write({}) == "{}" and write([]) == "[]" and write(chunked([], 2)) == "[]"
    assert write({"a": [1, {"b": None}], "é": float("nan")}) == (
        '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "é": NaN\n}'
    )
    assert write({1: True, 2.5: -float("inf"), None: dt.date(2025, 11, 30)}) == (
        '{\n  "1": true,\n  "2.5": -Infinity,\n  "null": "2025-11-30"\n}'
    )
    with pytest.raises(TypeError, match="mapping key"):
        write({(1, 2): 3})


def test_chunks_are_made_as_the_text_is_written():
    """A chunk is made only once the text of the chunks before it has gone out."""
    row = "x" * (BUFFER // 4)
    made, written = [], []

    def make(a: int, b: int) -> list[str]:
        made.append(sum(written))
        return [row] * (b - a)

    write_json(Chunked(40, make, chunk=8), lambda t: written.append(len(t)), default=plain_step)
    assert len(made) == 5
    # before chunk k (k >= 1) at least all but the last BUFFER of chunks 0..k-1 was written
    for k in range(1, 5):
        assert made[k] >= k * 8 * len(row) - BUFFER


def test_memory_stays_a_chunk_however_long_the_array():
    """50,000 rows (about 5.4 MB of JSON) through the writer: the traced peak stays under
    2 MB (a chunk of rows and a buffer of text), where one string alone needs 5.4."""
    n = 50_000
    rows = Chunked(n, lambda a, b: [{"id": i, "u": [i * 0.5, -i, i / 3]} for i in range(a, b)])
    size = [0]

    def sink(text: str) -> None:
        size[0] += len(text)

    tracemalloc.start()
    write_json({"rows": rows}, sink, default=plain_step)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert size[0] > 5e6
    assert peak < 2e6, peak


def test_emit_json_writes_the_document_and_a_line_break(capsys):
    emit_json({"a": chunked([1, 2, 3], 2), "b": np.arange(3)})
    assert capsys.readouterr().out == json.dumps({"a": [1, 2, 3], "b": [0, 1, 2]}, indent=2) + "\n"


# --- the frontier, decoded by chunk ---------------------------------------------------------
def literal_rows(a: Any) -> list[dict[str, Any]]:
    """The frontier as ``Analysis`` wrote it before: every outcome decoded, one by one."""
    return [
        {"outcome": a.space.decode(codes), "utility": dict(zip(a.parties, u, strict=True))}
        for codes, u in zip(a.frontier.codes, a.frontier.utilities, strict=True)
    ]


@given(utility_scenarios(max_actors=3, max_issues=4), st.integers(0, 12))
@settings(max_examples=40, deadline=None)
def test_frontier_rows_and_the_cap(s, limit):
    a = analyze(s)
    rows = to_plain(literal_rows(a))
    assert to_plain(a)["pareto"]["outcomes"] == rows
    assert to_plain(a.plain(None)) == to_plain(a)
    capped = to_plain(a.plain(limit, rest="more"))["pareto"]
    size = a.frontier.size
    if limit >= size:
        assert capped == to_plain(a)["pareto"]
        return
    shown = capped["outcomes"]
    assert len(shown) == limit and capped["left_out"] == size - limit
    assert f"{limit:,} of the {size:,}" in capped["note"] and capped["note"].endswith("; more")
    # evenly spaced: first and last outcome kept, steps differing by at most one
    index = [rows.index(r) for r in shown] if len({json.dumps(r) for r in rows}) == size else None
    if index is not None and limit >= 2:
        assert index[0] == 0 and index[-1] == size - 1
        steps = np.diff(index)
        assert steps.min() >= 1 and steps.max() - steps.min() <= 1


# --- the command line -----------------------------------------------------------------------
def test_analyze_json_caps_the_frontier_and_all_prints_it():
    capped = json.loads(accord("analyze", "uaw-detroit-2023", "--json").stdout)
    full = json.loads(accord("analyze", "uaw-detroit-2023", "--json", "--all").stdout)
    size = full["pareto"]["size"]
    assert size == analyze(load_builtin("uaw-detroit-2023")).frontier.size > 1000
    assert len(full["pareto"]["outcomes"]) == size and "note" not in full["pareto"]
    shown = capped["pareto"]["outcomes"]
    assert len(shown) == 1000 and capped["pareto"]["left_out"] == size - 1000
    assert "accord analyze --json --all prints every one" in capped["pareto"]["note"]
    at = np.round(np.linspace(0, size - 1, 1000)).astype(int)
    assert shown == [full["pareto"]["outcomes"][i] for i in at]
    # everything but the frontier's list is the same
    for doc in (capped, full):
        doc["pareto"] = {k: doc["pareto"][k] for k in ("size", "space_size")}
    assert capped == full


def test_conflict_json_caps_the_states_and_all_prints_them(tmp_path):
    gmcr = tmp_path / "eleven.gmcr"
    gmcr.write_text(json.dumps(ranked_gmcr_doc(11, 2, seed=7)), encoding="utf-8")
    conflict = tmp_path / "eleven.yaml"
    accord("import", "gmcr", str(gmcr), "-o", str(conflict))
    capped = json.loads(accord("conflict", str(conflict), "--concepts", "R", "--json").stdout)
    full = json.loads(
        accord("conflict", str(conflict), "--concepts", "R", "--json", "--all").stdout
    )
    n = 2**11 - 2**9  # the two first options are never taken together
    assert [s["id"] for s in full["states"]] == list(range(n)) and "note" not in full
    assert capped["states"] == full["states"][:1000]
    assert capped["states_left_out"] == n - 1000
    assert capped["note"].endswith("accord conflict --json --all prints every one")
    assert capped["stability"] == full["stability"] and capped["equilibria"] == full["equilibria"]


def test_bench_json_runs_on_a_small_row(tmp_path, monkeypatch, capsys):
    """The benchmark's own check on a small row: streamed text == one string, byte for byte."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_json

    monkeypatch.setattr(bench_json, "ROWS", [("8 issues", 3, 8, 3, True)])
    monkeypatch.setattr(sys, "argv", ["bench_json.py", "--keep", str(tmp_path)])
    bench_json.main()
    out = capsys.readouterr().out
    assert "streamed text == one string, byte for byte: True" in out
