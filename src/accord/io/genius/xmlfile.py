"""GENIUS XML files parsed with expat, every element with its line, DOCTYPE and ENTITY
declarations refused (what entity-expansion attacks use; GENIUS files never need them),
and the problems found in one file collected in a :class:`Report`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from accord.model.problems import Problem


@dataclass
class Node:
    """One XML element: tag, attributes, child elements and where it starts (1-based)."""

    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[Node] = field(default_factory=list)

    def kids(self, tag: str) -> list[Node]:
        """The direct children with tag ``tag``, in file order.

        Example:
            >>> kids = [Node("issue", {}, 2, 3), Node("weight", {}, 3, 3)]
            >>> root = Node("objective", {}, 1, 1, kids)
            >>> [(k.tag, k.line) for k in root.kids("issue")]
            [('issue', 2)]
        """
        return [c for c in self.children if c.tag == tag]

    def get(self, name: str) -> str | None:
        """The attribute ``name``'s text, None when the element does not have it."""
        return self.attrs.get(name)

    def walk(self) -> Iterable[Node]:
        """This element and every element inside it, depth first in document order (a stack, not
        recursion: a deeply nested hostile file cannot exhaust Python's recursion limit).

        Example:
            >>> leaf = Node("item", {}, 3, 5)
            >>> kids = [Node("issue", {}, 2, 3, [leaf]), Node("weight", {}, 4, 3)]
            >>> tree = Node("objective", {}, 1, 1, kids)
            >>> [n.tag for n in tree.walk()]
            ['objective', 'issue', 'item', 'weight']
        """
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class Refused(Exception):
    """Raised inside the parser to stop at a DOCTYPE or ENTITY declaration, with where it is;
    :func:`parse_xml` turns it into a located problem.
    """

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Report:
    """The problems found in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    @property
    def name(self) -> str:
        """The file's name (without folders), as messages name it."""
        return self.path.name

    def error(self, node: Node | None, message: str) -> None:
        """Add the problem ``message``, located at ``node``'s line and column (the file as a whole
        when ``node`` is None).

        Example:
            >>> from pathlib import Path
            >>> report = Report(Path("seller.xml"))
            >>> report.error(Node("weight", {}, 7, 5), "the weight -1 is negative")
            >>> problem = report.problems[0]
            >>> problem.path, problem.line, problem.column
            (('<weight>',), 7, 5)
        """
        if node is None:
            self.problems.append(Problem((), message))
        else:
            self.problems.append(
                Problem((f"<{node.tag}>",), message, line=node.line, column=node.column)
            )


def parse_xml(data: bytes, report: Report) -> Node | None:
    """Parse XML safely into :class:`Node` objects; None (and a problem) if it cannot be."""
    if not data.strip():
        report.error(None, "the file is empty; a GENIUS domain or profile is an XML file")
        return None
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    roots: list[Node] = []
    stack: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def doctype(*_: Any) -> None:
        raise Refused(
            "DOCTYPE declarations are refused (they carry entity definitions, the means of "
            "entity-expansion attacks); GENIUS files never need one: remove it",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    def entity(*_: Any) -> None:  # pragma: no cover - a DOCTYPE comes first and is refused
        raise Refused(
            "ENTITY declarations are refused; remove them",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except Refused as exc:
        report.problems.append(Problem((), exc.message, line=exc.line, column=exc.column))
        return None
    except expat.ExpatError as exc:
        what = str(expat.ErrorString(exc.code)).removeprefix("not well-formed ").strip("()")
        report.problems.append(
            Problem(
                (),
                f"not well-formed XML ({what}); GENIUS domains and profiles are XML files",
                line=exc.lineno,
                column=exc.offset + 1,
            )
        )
        return None
    return roots[0] if roots else None
