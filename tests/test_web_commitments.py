"""The overview page's "Order, trust and ratification": the engines' numbers, the overview's
words, escaped like the rest of the page."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi.testclient import TestClient
from markupsafe import escape
from tests.web_support import SID, client

from accord.analysis.ratification import ratify_drafts
from accord.analysis.sequencing import search_orders, sequence
from accord.io import load_builtin
from accord.io.scenarios import parse_scenario
from accord.model.views import batna_view
from accord.overview.home import known_names
from accord.overview.orders import order_lines

SCENARIO = Path(__file__).parent / "data" / "commitments" / "truce-in-steps.yaml"
HOSTILE = "The <script>alert(1)</script> plan"


def upload(c: TestClient, text: str) -> str:
    r = c.post("/api/scenarios/upload", files={"file": ("s.yaml", text.encode())})
    assert r.status_code == 201, r.text
    return str(r.json()["scenario_id"])


def test_the_overview_page_shows_the_engines_numbers_escaped(tmp_path: Path) -> None:
    c = client(tmp_path, builtin=False)
    text = SCENARIO.read_text().replace("The patron's plan in four phases", HOSTILE)
    sid = upload(c, text)
    page = c.get(f"/s/{sid}").text
    assert "<h2>Order, trust and ratification</h2>" in page
    assert "<script>alert(1)" not in page and str(escape(HOSTILE)) in page
    parsed, problems = parse_scenario(text)
    assert parsed is not None, problems
    s = batna_view(parsed)  # the web app's default view of every BATNA
    q = sequence(s, "plan")
    for actor in q.parties:
        a = q.actors.index(actor)
        row = (
            f"<tr><td>{s.actor(actor).name}</td><td>{q.kept_low[a]:.2f}</td>"
            f"<td>{q.expected_low[a]:.2f}</td><td>{q.worst[a]:.2f}</td>"
            f"<td>{q.batna[a]:.2f}</td><td>{q.gain[a]:+.2f}</td>"
        )
        assert row in page
    for line in order_lines(s, search_orders(s, "plan"))[1:]:
        assert f"<li>{escape(line)}</li>" in page
    rat = ratify_drafts(s)
    names = known_names(s)
    for p in rat.proposals:
        cells = "".join(f"<td>{escape(rat.row(p, a).text(names))}</td>" for a in rat.actors)
        assert f"<tr><td>{p}</td>{cells}</tr>" in page
    assert "Assumed: Sequencing: each committed point is kept or broken independently" in page


def test_the_built_in_scenario_shows_its_phased_drafts(tmp_path: Path) -> None:
    c = client(tmp_path)
    page = c.get(f"/s/{SID}").text
    s = load_builtin(SID)
    for p in s.proposals:
        if p.phases:
            assert f"({p.id}), in its own order" in html.unescape(page)


def test_a_scenario_without_phases_or_ratifiers_has_no_such_section(tmp_path: Path) -> None:
    c = client(tmp_path, builtin=False)
    sid = upload(c, (Path(__file__).parent / "data" / "minimal.yaml").read_text())
    page = c.get(f"/s/{sid}")
    assert page.status_code == 200 and "Order, trust and ratification" not in page.text
