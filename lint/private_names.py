"""An import-linter contract: no module imports another module's private names.

A name that starts with one underscore is private to the module that defines it; when two
modules need it, it belongs, public, on the floor below both. Dunder names (``__version__``)
are not private. Imports inside a package's own ``__init__`` of its submodules' private names
are violations too: a package re-exports public names only.

import-linter's graph knows modules, not names, so this contract reads the sources itself
(``ast``), for every module of the root package the graph holds.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from importlinter.application import output
from importlinter.domain.contract import Contract, ContractCheck


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _source(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


class PrivateNamesContract(Contract):
    type_name = "private_names"

    def check(self, graph, verbose: bool) -> ContractCheck:  # type: ignore[no-untyped-def]
        found: list[str] = []
        for module in sorted(graph.modules):
            path = _source(module)
            if path is None:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            is_package = path.name == "__init__.py"
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    source = _resolve(module, node, is_package)
                    for alias in node.names:
                        if _private(alias.name) and source != module:
                            found.append(f"{module} (l.{node.lineno}) -> {source}.{alias.name}")
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if any(_private(part) for part in alias.name.split(".")):
                            found.append(f"{module} (l.{node.lineno}) -> {alias.name}")
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["found"]:
            output.print_error(f"- {line}", bold=False)
            output.new_line()
