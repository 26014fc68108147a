"""The result of :func:`accord.api.show`: a scenario's actors, issues and stances as tables
(``accord show``), with a short ``repr`` in place of the scenario's full record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.model import Scenario
from accord.overview.words import settings_text
from accord.results.base import Result, frame, html_table

if TYPE_CHECKING:
    from accord.model.asof import AsOf

#: The tables of :meth:`ScenarioView.table`, each with its columns.
TABLES: dict[str, tuple[str, ...]] = {
    "actors": ("actor", "name", "role", "capability", "batna_assessed", "batna_perceived"),
    "issues": ("issue", "name", "kind", "settings", "status_quo"),
    "stances": ("actor", "issue", "position", "salience", "red_line", "soft", "credibility",
                "cost"),
}  # fmt: skip


@dataclass(frozen=True, repr=False)
class ScenarioView(Result):
    """A scenario shown: who negotiates, over what, and where each actor stands.

    Attributes:
        scenario: The scenario shown (replayed to a date when one was given).
        replay: The replay (which stance and BATNA values came from a dated entry, and its
            notes), None without a date.
    """

    scenario: Scenario
    replay: AsOf | None = None

    kind = "actors, issues and stances"
    columns = TABLES["actors"]

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord show SCENARIO --json``: the scenario as plain data.

        Example:
            >>> from accord.api import EXAMPLE, show
            >>> show(EXAMPLE).to_dict()["id"]
            'wage-talks'
        """
        from accord.io.scenarios import scenario_to_data

        return dict(scenario_to_data(self.scenario))

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of one table: ``actors``, ``issues`` or ``stances``.

        Actors: role, capability and both BATNA values (the analyst's ``assessed`` reading
        and the actor's own ``perceived`` one, the same where no perceived value is given;
        None where the BATNA's utility is unknown). Issues: kind, settings from one pole to
        the other, the status quo. Stances: position, salience and red line as labels, and
        for a soft red line its credibility (chance it holds) and cost.

        Args:
            name: Which table.

        Returns:
            One dict per row.

        Raises:
            ValueError: Not one of the tables.

        Example:
            >>> from accord.api import EXAMPLE, show
            >>> [(r["actor"], r["batna_assessed"]) for r in show(EXAMPLE).table("actors")]
            [('union', 0.3), ('firm', 0.4)]
            >>> show(EXAMPLE).table("stances")[0]["red_line"]
            '4%'
        """
        s = self.scenario
        if name == "actors":
            rows = []
            for a in s.actors:
                b = a.batna
                seen = b.perceived.utility if b is not None and b.perceived else None
                assessed = b.utility if b is not None else None
                rows.append(
                    {
                        "actor": a.id,
                        "name": a.name,
                        "role": str(a.role),
                        "capability": a.capability,
                        "batna_assessed": assessed,
                        "batna_perceived": assessed if seen is None else seen,
                    }
                )
            return rows
        out: list[dict[str, Any]] = []
        if name == "issues":
            for i in s.issues:
                settings = settings_text(i)
                quo = None if i.status_quo is None else i.label(i.status_quo)
                out.append(
                    {
                        "issue": i.id,
                        "name": i.name,
                        "kind": str(i.kind),
                        "settings": settings,
                        "status_quo": quo,
                    }
                )
            return out
        if name == "stances":
            out = []
            for st in s.stances:
                issue = s.issue(st.issue)
                soft = st.firmness
                out.append(
                    {
                        "actor": st.actor,
                        "issue": st.issue,
                        "position": issue.label(st.position),
                        "salience": st.salience,
                        "red_line": None if st.red_line is None else issue.label(st.red_line),
                        "soft": soft is not None,
                        "credibility": None if soft is None else soft.credibility,
                        "cost": None if soft is None else soft.cost,
                    }
                )
            return out
        raise ValueError(f"no table '{name}'; tables: {', '.join(TABLES)}")

    def rows(self) -> list[dict[str, Any]]:
        """The actors' table (:meth:`table` has the others).

        Example:
            >>> from accord.api import EXAMPLE, show
            >>> show(EXAMPLE).rows()[1]["role"]
            'party'
        """
        return self.table("actors")

    def to_frame(self, table: str = "actors") -> Any:
        """One table as a pandas DataFrame (the 'notebook' extra).

        Args:
            table: ``"actors"`` (default), ``"issues"`` or ``"stances"``.

        Returns:
            A pandas DataFrame with the table's columns.

        Example:
            >>> from accord.api import EXAMPLE, show
            >>> show(EXAMPLE).to_frame("issues")["kind"].tolist()
            ['continuous', 'ordinal']
        """
        rows = self.table(table)
        return frame(rows, TABLES[table])

    def headline(self) -> list[str]:
        s = self.scenario
        parties = [a.id for a in s.actors if str(a.role) == "party"]
        return [
            f"'{s.id}': {s.title}",
            f"as of {s.as_of}; {len(s.sources)} sources",
            f"{len(s.actors)} actors (parties {', '.join(parties) or 'none'}), "
            f"{len(s.issues)} issues, {len(s.stances)} stances, {len(s.proposals)} drafts",
        ]

    def assumes(self) -> list[str]:
        return [
            "the scenario as written (or replayed to a date): facts carry their sources, "
            "saliences, capabilities and BATNAs are the analyst's judgements where marked so",
            "a BATNA's perceived value is the actor's own reading, used by every analysis "
            "unless batna='assessed' is asked for",
        ]

    def _repr_html_(self) -> str:
        """Jupyter's view: the headline and the three tables.

        Example:
            >>> from accord.api import EXAMPLE, show
            >>> page = show(EXAMPLE)._repr_html_()
            >>> page.count("<table>")
            3
        """
        import html

        head = "".join(f"<li>{html.escape(line)}</li>" for line in self.headline())
        parts = [
            f"<div class='accord-result'><p><strong>ScenarioView</strong>: "
            f"{html.escape(self.kind)}</p><ul>{head}</ul>"
        ]
        for name, columns in TABLES.items():
            parts.append(f"<p><em>{name}</em></p>{html_table(self.table(name), columns)}")
        said = "".join(f"<li>{html.escape(line)}</li>" for line in self.assumes())
        parts.append(f"<p><em>What the model assumes:</em></p><ul>{said}</ul></div>")
        return "".join(parts)
