"""The one serialiser, :func:`accord.model.plain.to_plain`, against a plain reference:
random nested dataclasses, NumPy values, enums, dates and containers come out as the JSON
module would write them with an obvious, hand-written conversion."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.model.plain import omit, plain_fields, rename, to_plain


class Colour(StrEnum):
    red = "red"
    blue = "blue"


@dataclass(frozen=True)
class Leaf:
    value: Any
    label: str = field(default="", metadata=rename("name"))
    cache: Any = field(default=None, metadata=omit())


@dataclass(frozen=True)
class Node:
    children: tuple[Any, ...]
    extra: Any = None


@dataclass(frozen=True)
class Hooked:
    low: float
    high: float

    def __plain__(self) -> dict[str, Any]:
        return {"range": [self.low, self.high], **plain_fields(self)}


def reference(x: Any) -> Any:
    """The obvious conversion, written out case by case."""
    if isinstance(x, Leaf):
        return {"value": reference(x.value), "name": x.label}
    if isinstance(x, Node):
        return {"children": [reference(c) for c in x.children], "extra": reference(x.extra)}
    if isinstance(x, Hooked):
        return {"range": [x.low, x.high], "low": x.low, "high": x.high}
    if isinstance(x, Colour):
        return x.value
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, PurePosixPath):
        return str(x)
    if isinstance(x, dict):
        return {json.dumps(k) if not isinstance(k, str) else k: reference(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [reference(v) for v in x]
    return x


floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    floats,
    st.text(max_size=5),
    st.sampled_from(Colour),
    st.dates(),
    st.datetimes(),
    st.builds(PurePosixPath, st.sampled_from(["a", "b/c.yaml"])),
    floats.map(np.float64),
    st.integers(-(2**31), 2**31).map(np.int64),
    st.booleans().map(np.bool_),
    st.lists(floats, max_size=4).map(lambda v: np.array(v, dtype=float)),
    st.lists(st.integers(-9, 9), min_size=2, max_size=2).map(
        lambda v: np.array([v, v], dtype=np.int64)
    ),
    st.builds(Hooked, floats, floats),
)
keys = st.one_of(st.text(max_size=4), st.integers(-5, 5), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(keys, inner, max_size=3),
        st.builds(Leaf, inner, st.text(max_size=3), inner),
        st.builds(Node, st.lists(inner, max_size=3).map(tuple), inner),
    ),
    max_leaves=12,
)


def dumped(x: Any) -> str:
    return json.dumps(x, sort_keys=False, allow_nan=True)


@given(values)
def test_to_plain_matches_the_reference(x):
    got = to_plain(x)
    assert dumped(got) == dumped(reference(x))
    # plain means plain: the JSON module writes it without any help
    json.dumps(got, allow_nan=True)


@given(values)
def test_to_plain_is_idempotent(x):
    once = to_plain(x)
    assert dumped(to_plain(once)) == dumped(once)


def test_non_finite_floats_stay_floats():
    got = to_plain({"a": np.float64("nan"), "b": [math.inf, -math.inf]})
    assert math.isnan(got["a"]) and got["b"] == [math.inf, -math.inf]
    assert json.dumps(got) == '{"a": NaN, "b": [Infinity, -Infinity]}'


def test_unknown_objects_need_a_default():
    with pytest.raises(TypeError, match="no plain form"):
        to_plain({"x": object()})
    assert to_plain({"x": object()}, default=lambda v: "other") == {"x": "other"}
