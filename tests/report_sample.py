"""A hand-built Report using every block and chart kind, for the renderer tests.

``sample_report(suffix)`` appends ``suffix`` to every piece of user-written text (and ids),
so the tests can check that a hostile scenario string is escaped everywhere.
"""

from __future__ import annotations

from accord.report.document import (
    Bars,
    Bullets,
    Chart,
    Citation,
    Heatmap,
    Line,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
)

PAYLOAD = "<script>alert(1)</script>"


def sample_report(suffix: str = "") -> Report:
    def t(text: str) -> str:
        return text + suffix

    rounds = (0, 1, 2, 3, 4)
    heat_z = (
        (0.10, 0.90, 0.20, 0.50),
        (0.90, 0.05, 0.95, None),
        (0.40, 0.60, 0.30, 0.50),
        (0.30, 0.80, 0.20, 0.60),
        (0.70, 0.30, 0.80, 0.50),
    )
    heat_text = tuple(
        tuple("" if v is None else t(f"{v:.2f}" + (" †" if v >= 0.9 else "")) for v in row)
        for row in heat_z
    )
    summary = Section(
        t("summary"),
        t("Summary"),
        (
            Paragraph(t("A ceasefire line is within reach; security guarantees remain open.")),
            Paragraph(t("The zone of agreement is narrow: 0.42–0.55 on territory."), "finding"),
            Paragraph(t("Two actors' stances rest on a single source."), "caveat"),
            Bullets(
                (
                    t("Russia holds out on guarantees"),
                    t("EU support | sanctions *stable* [see](x)"),
                    t("# not a heading"),
                    t("1. not a numbered list"),
                )
            ),
        ),
    )
    actors = Section(
        t("actors"),
        t("Actors and stances"),
        (
            Table(
                columns=(t("Actor"), t("Power"), t("Salience"), t("Note")),
                rows=(
                    (t("Ukraine"), 0.8, 0.95, t("a|b")),
                    (t("Russia"), 1.0, 0.9, None),
                    (t("USA"), 3, 0.61234, ""),
                    (t("EU"), 0.7, 0.5, t("pipe | in | cell")),
                ),
                caption=t("Capabilities and salience"),
            ),
            Chart(
                id=t("stance-heat"),
                title=t("Stances by issue"),
                heatmap=Heatmap(
                    x=(t("Territory"), t("Guarantees"), t("Sanctions"), t("Elections")),
                    y=(t("Ukraine"), t("Russia"), t("USA"), t("EU"), t("China")),
                    z=heat_z,
                    text=heat_text,
                    colorbar=t("position"),
                ),
                caption=t("0 = Ukraine's ideal, 1 = Russia's; † marks a red line."),
            ),
        ),
    )
    forecast = Section(
        t("forecast"),
        t("Forecast"),
        (
            Chart(
                id=t("forecast"),
                title=t("Forecast position over rounds"),
                x_label=t("round"),
                y_label=t("position"),
                series=(
                    Series(
                        t("Ukraine"),
                        x=rounds,
                        y=(0.2, 0.25, 0.3, 0.34, 0.36),
                        mode="band",
                        low=(0.15, 0.18, 0.2, 0.22, 0.23),
                        high=(0.25, 0.32, 0.4, 0.46, 0.5),
                    ),
                    Series(
                        t("Russia"),
                        x=rounds,
                        y=(0.9, 0.85, 0.8, 0.76, 0.7),
                        mode="lines+markers",
                        dash=True,
                    ),
                    Series(
                        t("Drafts"),
                        x=(1, 3),
                        y=(0.5, 0.55),
                        mode="markers",
                        low=(0.4, 0.45),
                        high=(0.6, 0.7),
                        text=(t("draft A"), t("draft B")),
                        label_points=True,
                    ),
                ),
                lines=(Line("y", 0.6, t("Ukraine BATNA")), Line("x", 2, t("talks resume"))),
                y_range=(0, 1),
                caption=t("Band: 90% interval over 1,000 draws."),
            ),
            Chart(
                id=t("by-actor"),
                title=t("Support for draft B by actor"),
                x_label=t("actor"),
                y_label=t("support"),
                series=(
                    Series(
                        t("Ukraine"),
                        x=(t("Ukraine"), t("Russia"), t("USA")),
                        y=(0.3, 0.8, 0.5),
                        mode="markers",
                        low=(0.2, 0.7, 0.4),
                        high=(0.4, 0.9, 0.6),
                    ),
                ),
            ),
        ),
    )
    sensitivity = Section(
        t("sensitivity"),
        t("Sensitivity"),
        (
            Chart(
                id=t("tornado"),
                title=t("What moves the outcome"),
                x_label=t("outcome"),
                bars=Bars(
                    categories=(t("Sanctions"), t("US aid"), t("Salience RU"), t("Power EU")),
                    low=(0.40, 0.45, 0.48, 0.50),
                    high=(0.70, 0.62, 0.58, 0.53),
                    base=0.52,
                    low_name=t("lever low"),
                    high_name=t("lever high"),
                ),
            ),
            Chart(
                id=t("ranges"),
                title=t("Outcome ranges"),
                bars=Bars(categories=(t("a"), t("b")), low=(0.1, 0.2), high=(0.5, 0.3)),
            ),
            Paragraph(t("Costs of $5bn & 50% * _x_ are assumed.")),
        ),
    )
    return Report(
        title=t("Ukraine ceasefire talks"),
        subtitle=t("as of 2025-12-03 · levers: sanctions=2"),
        sections=(summary, actors, forecast, sensitivity),
        sources=(
            Citation(
                t("s1"),
                t("Reuters report"),
                t("B2"),
                publisher=t("Reuters"),
                url="https://example.org/a?x=1&y=2",
                date=t("2025-11-30"),
                note=t("paywalled"),
            ),
            Citation(t("s2"), t("Leaked memo"), t("C3"), url="javascript:alert(1)"),
        ),
        provenance=(
            (t("scenario"), t("ukraine-2025")),
            (t("as of"), t("2025-12-03")),
            (t("seed"), t("42")),
        ),
    )
