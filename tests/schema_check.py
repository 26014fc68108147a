"""A small JSON Schema checker for the subset of keywords pydantic emits.

Used when the ``jsonschema`` package is not installed, so the test suite can still check
that ``Scenario.model_json_schema()`` is well formed and that dumped scenarios satisfy it.
:func:`check_schema` refuses any keyword this module does not understand, so a schema that
grows new keywords fails loudly instead of being half-checked.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

Schema = dict[str, Any]

#: Keywords that only annotate (never constrain) an instance.
# fmt: off
ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    "$schema", "$id", "$comment", "$defs", "definitions", "discriminator",
})
#: Keywords :func:`schema_errors` enforces.
ASSERTIONS = frozenset({
    "$ref", "anyOf", "allOf", "oneOf", "not", "type", "enum", "const", "properties",
    "patternProperties", "additionalProperties", "required", "propertyNames", "minProperties",
    "maxProperties", "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "minLength",
    "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "format",
})
# fmt: on
TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMAS = ("additionalProperties", "items", "not", "propertyNames")
_NON_NEGATIVE = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")


def _resolve(ref: str, root: Schema) -> Schema:
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise ValueError(f"unresolvable reference {ref!r}")
        node = node[part]
    if not isinstance(node, dict):
        raise ValueError(f"reference {ref!r} does not point at a schema")
    return node


def _walk(schema: Any, where: str) -> Iterator[tuple[str, Schema]]:
    """Every (sub)schema with its location."""
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise ValueError(
            f"{where}: a schema must be an object or a boolean, got {type(schema).__name__}"
        )
    yield where, schema
    for key in _SUBSCHEMA_MAPS:
        for name, sub in schema.get(key, {}).items():
            yield from _walk(sub, f"{where}/{key}/{name}")
    for key in _SUBSCHEMA_LISTS:
        for k, sub in enumerate(schema.get(key, [])):
            yield from _walk(sub, f"{where}/{key}/{k}")
    for key in _SUBSCHEMAS:
        if key in schema:
            yield from _walk(schema[key], f"{where}/{key}")


def check_schema(root: Schema) -> None:
    """Raise ValueError when ``root`` is not a well-formed schema in the supported subset."""
    for where, schema in _walk(root, "#"):
        unknown = set(schema) - ANNOTATIONS - ASSERTIONS
        if unknown:
            raise ValueError(f"{where}: unsupported keywords {sorted(unknown)}")
        if "$ref" in schema:
            _resolve(schema["$ref"], root)
        kind = schema.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            if not kinds or any(k not in TYPES for k in kinds):
                raise ValueError(f"{where}: bad type {kind!r}")
        for key in _SUBSCHEMA_MAPS:
            if key in schema and not isinstance(schema[key], dict):
                raise ValueError(f"{where}: {key} must be an object")
        for key in _SUBSCHEMA_LISTS:
            if key in schema and (not isinstance(schema[key], list) or not schema[key]):
                raise ValueError(f"{where}: {key} must be a non-empty list")
        for pattern in [schema.get("pattern"), *schema.get("patternProperties", {})]:
            if pattern is not None:
                re.compile(pattern)
        required = schema.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise ValueError(f"{where}: required must be a list of names")
        if len(set(required)) != len(required):
            raise ValueError(f"{where}: required lists a name twice")
        props = schema.get("properties")
        if props is not None and schema.get("additionalProperties") is False:
            missing = [r for r in required if r not in props]
            if missing:
                raise ValueError(f"{where}: required {missing} can never be present")
        for key in _NON_NEGATIVE:
            if key in schema and not (isinstance(schema[key], int) and schema[key] >= 0):
                raise ValueError(f"{where}: {key} must be a non-negative integer")
        if "enum" in schema and (not isinstance(schema["enum"], list) or not schema["enum"]):
            raise ValueError(f"{where}: enum must be a non-empty list")


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    return isinstance(value, dict)


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _format_ok(fmt: str, value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        if fmt == "date":
            return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(
                dt.date.fromisoformat(value)
            )
        if fmt == "date-time":
            return bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False
    return True  # unknown formats only annotate


def schema_errors(value: Any, schema: Schema | bool, root: Schema, where: str = "") -> list[str]:
    """Every way ``value`` fails ``schema`` (empty when it is valid), with JSON pointers."""
    if schema is True:
        return []
    if schema is False:
        return [f"{where or '/'}: no value is allowed here"]
    errors: list[str] = []
    here = where or "/"

    def err(msg: str) -> None:
        errors.append(f"{here}: {msg}")

    if "$ref" in schema:
        errors += schema_errors(value, _resolve(schema["$ref"], root), root, where)
    for sub in schema.get("allOf", []):
        errors += schema_errors(value, sub, root, where)
    if "anyOf" in schema and not any(
        not schema_errors(value, sub, root, where) for sub in schema["anyOf"]
    ):
        err(f"{value!r} matches none of anyOf")
    if "oneOf" in schema:
        matches = sum(not schema_errors(value, sub, root, where) for sub in schema["oneOf"])
        if matches != 1:
            err(f"{value!r} matches {matches} of oneOf, not exactly one")
    if "not" in schema and not schema_errors(value, schema["not"], root, where):
        err(f"{value!r} matches a 'not' schema")
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, k) for k in kinds):
            err(f"{value!r} is not of type {schema['type']}")
            return errors
    if "enum" in schema and not any(_json_equal(value, e) for e in schema["enum"]):
        err(f"{value!r} is not one of {schema['enum']}")
    if "const" in schema and not _json_equal(value, schema["const"]):
        err(f"{value!r} is not {schema['const']!r}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            err(f"{value!r} is shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            err(f"{value!r} is longer than {schema['maxLength']}")
        if "pattern" in schema and re.search(schema["pattern"], value) is None:
            err(f"{value!r} does not match {schema['pattern']!r}")
        if "format" in schema and not _format_ok(schema["format"], value):
            err(f"{value!r} is not a {schema['format']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            err(f"{value!r} is not a JSON number")
        if "minimum" in schema and value < schema["minimum"]:
            err(f"{value!r} is below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            err(f"{value!r} is above {schema['maximum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            err(f"{value!r} is not above {schema['exclusiveMinimum']}")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            err(f"{value!r} is not below {schema['exclusiveMaximum']}")
        if "multipleOf" in schema and (value / schema["multipleOf"]) % 1:
            err(f"{value!r} is not a multiple of {schema['multipleOf']}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            err(f"fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            err(f"more than {schema['maxItems']} items")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            err("items are not unique")
        prefix = schema.get("prefixItems", [])
        for k, item in enumerate(value):
            sub = prefix[k] if k < len(prefix) else schema.get("items", True)
            errors += schema_errors(item, sub, root, f"{where}/{k}")
    if isinstance(value, dict):
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            err(f"fewer than {schema['minProperties']} properties")
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            err(f"more than {schema['maxProperties']} properties")
        for name in schema.get("required", []):
            if name not in value:
                err(f"missing required property {name!r}")
        props = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, item in value.items():
            if not isinstance(key, str):
                err(f"property name {key!r} is not a string")
                continue
            path = f"{where}/{key}"
            if "propertyNames" in schema:
                errors += schema_errors(key, schema["propertyNames"], root, path)
            matched = False
            if key in props:
                matched = True
                errors += schema_errors(item, props[key], root, path)
            for pattern, sub in patterns.items():
                if re.search(pattern, key):
                    matched = True
                    errors += schema_errors(item, sub, root, path)
            if not matched and "additionalProperties" in schema:
                errors += schema_errors(item, schema["additionalProperties"], root, path)
    return errors
