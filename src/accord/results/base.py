"""What every result of :mod:`accord.api` shares: a short ``repr``, an HTML view for Jupyter,
a pandas table and the JSON document of the matching ``accord ... --json`` command.

A result subclass says four things: :meth:`Result.to_dict` (the JSON document),
:attr:`Result.columns` and :meth:`Result.rows` (its natural table, one dict per row),
:meth:`Result.headline` (a few lines for ``repr``) and :meth:`Result.assumes` (what the
model takes for granted, in words). Everything else is built here, once.

pandas is imported only by :meth:`Result.to_frame` and Plotly only by the HTML view of a
result with a chart, so ``import accord.api`` stays as light as the analyses it runs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from accord.model.plain import to_plain

if TYPE_CHECKING:
    from accord.report.document import Chart

#: A pandas DataFrame: typed loosely, since pandas is optional and ships no type hints here.
DataFrame = Any

#: Rows the HTML view shows of a long table: enough to read in a notebook; ``to_frame()``
#: has them all.
HTML_ROWS = 50


class MissingExtra(ImportError):
    """An optional package a function needs is not installed; the message names the extra
    to install (``pip install 'accord[notebook]'``)."""


def require(what: str, extra: str, modules: Iterable[str]) -> None:
    """Raise :class:`MissingExtra` naming ``extra`` if any of ``modules`` is not installed.

    ``find_spec`` also answers None for a module set to None in ``sys.modules``, which is
    how the tests simulate an uninstalled package.

    Example:
        >>> require("reading JSON", "core", ["json"])
        >>> require("a table", "notebook", ["no_such_module_here"])
        Traceback (most recent call last):
        ...
        accord.results.base.MissingExtra: a table needs the 'notebook' extra: pip install 'accord[notebook]'
    """  # noqa: E501
    for name in modules:
        try:
            missing = find_spec(name) is None
        except (ImportError, ValueError):  # a broken install counts as a missing one
            missing = True
        if missing:
            raise MissingExtra(f"{what} needs the '{extra}' extra: pip install 'accord[{extra}]'")


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> DataFrame:
    """``rows`` as a pandas DataFrame with ``columns`` in that order (pandas imported here)."""
    require("to_frame()", "notebook", ["pandas"])
    pandas = import_module("pandas")
    return pandas.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns))


def distinct(names: Sequence[str], taken: Iterable[str], suffix: str) -> dict[str, str]:
    """A column for each of ``names``: the name itself, or ``"NAME SUFFIX"`` where a column
    of that name is already ``taken`` (an actor may have the id of an issue, or be called
    ``month``).

    Example:
        >>> distinct(["union", "wage"], ["wage", "tiers"], "utility")
        {'union': 'union', 'wage': 'wage utility'}
    """
    used = set(taken)
    out = {}
    for name in names:
        column = name if name not in used else f"{name} {suffix}"
        out[name] = column
        used.add(column)
    return out


def cell(value: Any) -> str:
    """A table cell as text: floats to 4 decimals (never cut), None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else "NaN"
    return str(value)


def html_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, limit: int = HTML_ROWS
) -> str:
    """An escaped HTML table of the first ``limit`` rows, saying how many were left out."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows[:limit]
    )
    more = ""
    if len(rows) > limit:
        more = (
            f"<p><small>the first {limit:,} of {len(rows):,} rows; "
            "<code>to_frame()</code> has every one</small></p>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def charts_html(charts: Sequence[Chart]) -> str:
    """The report's charts as Plotly figures ('' for none).

    plotly.js is embedded inline with the first figure of each output: a notebook opened
    offline (or re-rendered on a machine without internet, or with JupyterLab, which has no
    require.js) then draws it, where ``"cdn"`` or ``"require"`` would leave a blank cell.
    Each output carries its own copy, since an earlier cell's copy is gone once that cell is
    cleared.

    Raises:
        MissingExtra: Plotly or Jinja2 (the 'report' extra) is not installed.
    """
    if not charts:
        return ""
    require("charts", "report", ["plotly", "jinja2"])
    from accord.report.plotly_charts import PLOTLY_CONFIG, figure

    parts = []
    for k, chart in enumerate(charts):
        fig = figure(chart)
        parts.append(fig.to_html(full_html=False, include_plotlyjs=k == 0, config=PLOTLY_CONFIG))
    return "".join(parts)


class Result:
    """The shared behaviour of every API result; subclasses are frozen dataclasses."""

    #: The columns of :meth:`rows`, in order.
    columns: tuple[str, ...] = ()
    #: What the result is, in a few words (the first line of ``repr``).
    kind: str = "result"

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of the matching command's ``--json`` output (plain data).

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> score(EXAMPLE).to_dict()["proposals"]
            ['opening', 'final']
        """
        raise NotImplementedError

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text, written as the command line writes it.

        Args:
            indent: Spaces per level (None: one line).

        Returns:
            The JSON text.

        Example:
            >>> from accord.api import conflict
            >>> conflict("chicken").to_json(None)[:40]
            '{"conflict": "chicken", "states": [{"id"'
        """
        return json.dumps(to_plain(self.to_dict()), indent=indent, ensure_ascii=False)

    def rows(self) -> list[dict[str, Any]]:
        """The result's table, one dict per row keyed by :attr:`columns`.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> score(EXAMPLE).rows()[1]["actor"]
            'firm'
        """
        return []

    def headline(self) -> list[str]:
        """The headline numbers, one short line each (the lines of ``repr``).

        Example:
            >>> from accord.api import EXAMPLE, analyze
            >>> analyze(EXAMPLE).headline()[1]
            'ZOPA: exists, 14 of 33 outcomes (42.4%)'
        """
        return []

    def assumes(self) -> list[str]:
        """What the model behind the numbers assumes, one sentence each.

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> timeline(EXAMPLE).assumes()[0][:40]
            'each BATNA moves by its declared trend, '
        """
        return []

    def charts(self) -> list[Chart]:
        """The briefing's charts of this result, as the report declares them (none by default).

        Example:
            >>> from accord.api import EXAMPLE, analyze, diff
            >>> changed = diff(EXAMPLE, "opening", "final")
            >>> [c.id for c in analyze(EXAMPLE).charts()], changed.charts()
            (['space-frontier'], [])
        """
        return []

    def to_frame(self) -> DataFrame:
        """The rows as a pandas DataFrame (needs the 'notebook' extra).

        Returns:
            A DataFrame with :attr:`columns`.

        Raises:
            MissingExtra: pandas is not installed.

        Example:
            >>> from accord.api import EXAMPLE, score
            >>> score(EXAMPLE).to_frame()[["proposal", "actor", "versus_batna"]].values.tolist()
            [['opening', 'union', 'below'], ['opening', 'firm', 'above'], ['final', 'union', 'above'], ['final', 'firm', 'above']]
        """  # noqa: E501
        return frame(self.rows(), self.columns)

    def __repr__(self) -> str:
        lines = [f"<{type(self).__name__}: {self.kind}>"]
        lines += [f"  {line}" for line in self.headline()]
        said = self.assumes()
        if said:
            lines.append(
                "  assumes: " + said[0] + (f" (+{len(said) - 1} more)" if len(said) > 1 else "")
            )
        return "\n".join(lines)

    def _charts_html(self) -> str:
        """The charts' HTML, or a one-line note naming the extra when the report's chart
        builders cannot be imported (they live in :mod:`accord.report`, which needs the
        'report' extra: Plotly and Jinja2); the table and the text are shown either way."""
        try:
            return charts_html(self.charts())
        except MissingExtra as missing:
            return f"<p><small>{html.escape(str(missing))}</small></p>"
        except ImportError:  # accord.report itself imports packages of the 'report' extra
            return (
                "<p><small>charts need the 'report' extra: pip install 'accord[report]'</small></p>"
            )

    def _repr_html_(self) -> str:
        """Jupyter's view: the headline, the table, any charts and what the model assumes;
        every text from the scenario is escaped.

        Example:
            >>> from accord.api import EXAMPLE, diff
            >>> odd = EXAMPLE.replace("label: Shorten progression", "label: <i>Shorten</i>")
            >>> page = diff(odd, "opening", "final")._repr_html_()
            >>> "<i>Shorten" in page, "&lt;i&gt;Shorten&lt;/i&gt;" in page
            (False, True)
        """
        title = f"<strong>{html.escape(type(self).__name__)}</strong>: {html.escape(self.kind)}"
        head = "".join(f"<li>{html.escape(line)}</li>" for line in self.headline())
        said = "".join(f"<li>{html.escape(line)}</li>" for line in self.assumes())
        parts = [f"<div class='accord-result'><p>{title}</p>"]
        if head:
            parts.append(f"<ul>{head}</ul>")
        rows = self.rows()
        if rows and self.columns:
            parts.append(html_table(rows, self.columns))
        parts.append(self._charts_html())
        if said:
            parts.append(f"<p><em>What the model assumes:</em></p><ul>{said}</ul>")
        parts.append("</div>")
        return "".join(parts)
