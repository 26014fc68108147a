"""Scalars as YAML 1.1 reads them: the tag of a plain scalar, and its Python value.

accord's files have always been read by YAML 1.1's rules (``yes`` is true, ``1e5`` is text,
``012`` is octal, ``2024-05-01`` a date), and the web editor writes values that read back
the same way. The rules are the regular expressions of YAML 1.1's type repository, spelt out
here rather than left to a parser library's version switch (ruamel.yaml reads YAML 1.2 by
default, and its 1.1 mode also takes ``y`` and ``n`` as booleans).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: Plain scalars by YAML 1.1's type repository, tried in this order: the implicit types
#: accord's files have always been read with. '<<' (merge) and '=' (value) have no meaning
#: in a plain document and are refused where they stand.
_RESOLVERS = [
    (
        _BOOL,
        re.compile(r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
    ),
    (
        _FLOAT,
        re.compile(
            r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
            r"|\.[0-9_]+(?:[eE][-+][0-9]+)?"
            r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
            r"|[-+]?\.(?:inf|Inf|INF)"
            r"|\.(?:nan|NaN|NAN)"
        ),
    ),
    (
        _INT,
        re.compile(
            r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
            r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
        ),
    ),
    ("tag:yaml.org,2002:merge", re.compile(r"<<")),
    (_NULL, re.compile(r"~|null|Null|NULL|")),
    (
        _TIMESTAMP,
        re.compile(
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
            r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
            r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
        ),
    ),
    ("tag:yaml.org,2002:value", re.compile(r"=")),
]
_STAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]*))?"
    r"(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?)?$"
)


def resolve(value: str) -> str:
    """The YAML 1.1 tag of a plain scalar: ``yes`` is a bool, ``1e5`` text, ``012`` octal."""
    for tag, pattern in _RESOLVERS:
        if pattern.fullmatch(value):
            return tag
    return STR


def construct(tag: str, value: str) -> Any:
    """The Python value of a scalar with a (resolved or explicit) YAML 1.1 tag.

    ValueError, LookupError or OverflowError when the text does not fit the tag (``!!int x``,
    ``!!bool maybe``); :class:`NoValue` for a tag that has no value here.
    """
    if tag == STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}[
            value.lower()
        ]
    if tag in (_INT, _FLOAT):
        return _number(value, tag == _INT)
    if tag == _TIMESTAMP:
        return _timestamp(value)
    raise NoValue(tag)


class NoValue(Exception):
    """A tag with no value in a plain document ('<<', '=')."""


def _number(text: str, whole: bool) -> int | float:
    text = text.replace("_", "")
    if not whole:
        text = text.lower()
    sign = -1 if text[:1] == "-" else 1  # '' raises IndexError below: a LookupError
    if text[0] in "+-":
        text = text[1:]
    if whole:
        if text == "0":
            return 0
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text[0] == "0":
            return sign * int(text, 8)
    elif text == ".inf":
        return sign * math.inf
    elif text == ".nan":
        return math.nan
    if ":" in text:  # sexagesimal: 1:30 is 90
        total: float = 0
        for part in text.split(":"):
            total = total * 60 + (int(part) if whole else float(part))
        return sign * total
    return sign * (int(text) if whole else float(text))


def _timestamp(text: str) -> dt.date | dt.datetime:
    match = _STAMP.match(text)
    if match is None:
        raise ValueError(text)
    part = match.groupdict()
    year, month, day = int(part["year"]), int(part["month"]), int(part["day"])
    if not part["hour"]:
        return dt.date(year, month, day)
    fraction = int((part["fraction"] or "0")[:6].ljust(6, "0"))
    zone = None
    if part["tz_sign"]:
        delta = dt.timedelta(hours=int(part["tz_hour"]), minutes=int(part["tz_minute"] or 0))
        zone = dt.timezone(-delta if part["tz_sign"] == "-" else delta)
    elif part["tz"]:
        zone = dt.UTC
    hms = int(part["hour"]), int(part["minute"]), int(part["second"])
    return dt.datetime(year, month, day, *hms, fraction, tzinfo=zone)
