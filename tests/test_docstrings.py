"""Every public function, class and method of the documented packages has a docstring, and
every public function of ``accord.api`` shows how it is called in a ``>>>`` example.

"Public" means no leading underscore on the name, defined in the module being walked (a name
imported from elsewhere is checked where it is defined). A dataclass or NamedTuple without a
docstring gets one generated from its signature, which says nothing a reader needs, so it
counts as missing. Alembic's migration scripts are loaded by Alembic, not imported, and
``__main__`` modules run the program when imported, so both are skipped.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest

DOCUMENTED = ["accord.api", "accord.results", "accord.store", "accord.web", "accord.io"]


def modules(package: str) -> Iterator[ModuleType]:
    """The package itself and every module below it, except migrations and ``__main__``."""
    top = importlib.import_module(package)
    yield top
    for info in pkgutil.walk_packages(getattr(top, "__path__", []), package + "."):
        parts = info.name.split(".")
        if "migrations" in parts or parts[-1] == "__main__":
            continue
        yield importlib.import_module(info.name)


def own_doc(obj: object) -> str | None:
    """The docstring written for ``obj`` itself: not inherited, not generated."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        if isinstance(doc, str) and doc.startswith(f"{obj.__name__}("):
            return None  # the signature a dataclass or NamedTuple writes for itself
        return doc if isinstance(doc, str) and doc.strip() else None
    doc = getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) and doc.strip() else None


def unwrap(member: object) -> object | None:
    """The function behind a class member (method, static/class method, property getter)."""
    if isinstance(member, staticmethod | classmethod):
        member = member.__func__
    if isinstance(member, property):
        member = member.fget
    return member if inspect.isfunction(member) else None


def public_objects(module: ModuleType) -> Iterator[tuple[str, object]]:
    """``(qualified name, object)`` for each public function, class and method of a module."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj
        elif inspect.isclass(obj):
            yield f"{module.__name__}.{name}", obj
            for member_name, member in vars(obj).items():
                func = unwrap(member)
                if func is not None and not member_name.startswith("_"):
                    yield f"{module.__name__}.{name}.{member_name}", func


def inherited_doc(module: ModuleType, qualified: str) -> str | None:
    """The docstring of the method a class member overrides, if that one has a docstring.

    An override of a documented method (``headline`` of each result record) means what the
    base's method says; ``help()`` and the docs site show the base's text for it.
    """
    parts = qualified[len(module.__name__) + 1 :].split(".")
    if len(parts) != 2:
        return None
    cls = vars(module)[parts[0]]
    for base in cls.__mro__[1:]:
        func = unwrap(vars(base).get(parts[1]))
        if func is not None and own_doc(func) is not None:
            return own_doc(func)
    return None


def undocumented(package: str) -> list[str]:
    """Qualified names of the package's public objects that lack a docstring."""
    return [
        qualified
        for module in modules(package)
        for qualified, obj in public_objects(module)
        if own_doc(obj) is None and inherited_doc(module, qualified) is None
    ]


@pytest.mark.parametrize("package", DOCUMENTED)
def test_every_public_object_has_a_docstring(package: str) -> None:
    missing = list(undocumented(package))
    assert not missing, f"{len(missing)} public names in {package} lack a docstring:\n" + "\n".join(
        missing
    )


def test_every_api_function_has_an_example() -> None:
    import accord.api as api

    functions = [
        (name, obj)
        for name, obj in vars(api).items()
        if inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == api.__name__
    ]
    assert len(functions) >= 10  # the walk found the API, not an empty module
    without = [name for name, obj in functions if ">>>" not in (own_doc(obj) or "")]
    assert not without, "accord.api functions without a >>> example: " + ", ".join(without)


def test_the_check_sees_a_missing_docstring() -> None:
    """The walk flags what it should: a bare function, a bare dataclass, a bare method."""
    import dataclasses
    import types

    module = types.ModuleType("accord_fake_module")

    def bare() -> None:
        pass

    @dataclasses.dataclass
    class Bare:
        x: int

        def method(self) -> int:
            return self.x

        @property
        def prop(self) -> int:
            return self.x

    class Documented:
        """Says what it is."""

        def _private(self) -> None:
            pass

    for obj in (bare, Bare, Documented):
        obj.__module__ = module.__name__
        setattr(module, obj.__name__, obj)
    found = sorted(q for q, o in public_objects(module) if own_doc(o) is None)
    assert found == [
        "accord_fake_module.Bare",
        "accord_fake_module.Bare.method",
        "accord_fake_module.Bare.prop",
        "accord_fake_module.bare",
    ]
