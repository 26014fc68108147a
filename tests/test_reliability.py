"""The reliability rule: the outlet table, the rule on it, validation warnings and the built-ins.

The rule and the outlet table are documented in docs/scenarios/sources.md; the files under
``tests/data/reliability/`` each say on line 1 what they hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import oracle_reliability as oracle
from accord.data import conflict_names, conflict_text, scenario_names, scenario_text
from accord.io.conflicts import check_conflict, parse_conflict
from accord.io.scenarios import parse_scenario, read_scenario
from accord.model.actors import Reliability, Source
from accord.model.outlets import KIND_LABEL, OUTLETS
from accord.model.reliability import outlet_at, rate, rule_label, split_publisher

R = Reliability
ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "reliability"
DOC = ROOT / "docs" / "scenarios" / "sources.md"


def source(
    url: str | None = None, publisher: str | None = None, label: str = "secondary"
) -> Source:
    return Source(id="s", title="t", url=url, publisher=publisher, reliability=label)


# --- the rule on the outlet table -----------------------------------------------------------
RULE_CASES = [
    # (url, publisher, the rule's label)
    ("https://tass.com/world/2045951", "TASS", R.partisan),
    ("https://deutsch.news-pravda.com/world/2025/12/17/552670.html", None, R.partisan),
    ("https://www.reuters.com/world/x", None, R.wire),
    ("https://www.kyivindependent.com/a", "The Kyiv Independent", R.secondary),
    ("https://zakon.rada.gov.ua/laws/show/254", None, R.primary),
    ("https://www.gov.uk/government/news/x", None, R.primary),
    ("https://benborges.xyz/p", None, R.unverified),
    # a state agency of a side is partisan, whichever side
    ("https://www.ukrinform.net/rubric-polytics/1", None, R.partisan),
    # the page names an original it reposts: the original's label
    ("https://www.devdiscourse.com/article/1", "Reuters via Devdiscourse", R.wire),
    ("https://www.newser.com/story/1", "Newser (Reuters copy)", R.wire),
    ("https://www.newser.com/story/1", "Newser, summarising the Associated Press", R.wire),
    ("https://www.21alivenews.com/a", "WPTA 21Alive with the Associated Press", R.wire),
    ("https://www.localnewswave.com/article/1", "Reuters (via localnewswave)", R.wire),
    (
        "https://automotiveworld.com/n",
        "Ford Motor Company, reposted by Automotive World",
        R.primary,
    ),
    ("https://reliefweb.int/report/x", "OSCE SMM, via ReliefWeb", R.primary),
    ("https://uatv.ua/en/x", "UATV (Ukrinform)", R.partisan),
    ("https://bulletin.nu/x", "Bulletin (TT/AFP)", R.wire),
    ("https://news.liga.net/x", "LIGA.net (Axios / Telegraph text)", R.secondary),
    # several originals: the lowest label
    ("https://www.newser.com/story/1", "Newser (Reuters / TASS)", R.partisan),
    # no original named: the outlet's own label
    ("https://www.newser.com/story/2", "Newser", R.unverified),
    # quoting is not reposting; brackets that are not an original do not count
    ("https://eurotoday.org/x", "EuroToday (quoting Politico)", R.unverified),
    ("https://www.rubbernews.com/x", "Rubber News (Crain)", R.secondary),
    ("https://www.la.lv/x", "Latvijas Avize (la.lv)", R.secondary),
    # a single page whose original is known, whatever the record's wording
    ("https://www.newser.com/story/380417/us-offers.html", "Newser", R.wire),
    # host and path for a host that carries many publishers
    ("https://github.com/onp/gmcr-py/blob/x/Examples/Elmira.gmcr", None, R.primary),
    # no URL: the publisher's name, with detail after it
    (None, "Wiley (Fang, Hipel & Kilgour)", R.primary),
    (None, "Applied Mathematics and Computation 83:117-152 (Hipel & Kilgour)", R.primary),
]


@pytest.mark.parametrize(("url", "publisher", "label"), RULE_CASES)
def test_rule_on_the_outlet_table(url: str | None, publisher: str | None, label: R) -> None:
    assert rule_label(source(url, publisher)) == label


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://example.org/a", "Example"),  # an outlet the table lacks
        ("https://github.com/someone/else", None),  # a host the table knows only by path
        (None, "Some Unknown Press"),
        (None, None),  # no outlet to look up: the analyst says which label
        ("not a url", None),
    ],
)
def test_the_rule_gives_no_label_for_an_unknown_outlet(
    url: str | None, publisher: str | None
) -> None:
    assert rule_label(source(url, publisher)) is None


def test_rating_names_the_original_and_why() -> None:
    rating = rate(source("https://www.devdiscourse.com/a", "Reuters via Devdiscourse"))
    assert rating is not None and rating.original is not None
    assert (rating.outlet.name, rating.original.name) == ("Devdiscourse", "Reuters")
    assert rating.why == "Reuters, reposted by Devdiscourse (news agency (agency copy))"


@pytest.mark.parametrize(
    ("publisher", "split"),
    [
        ("Newser (Reuters copy)", ("Newser", ["Reuters"])),
        ("Reuters via The Globe and Mail", ("The Globe and Mail", ["Reuters"])),
        (
            "UAW, reposted by The Stand (Washington State Labor Council)",
            ("The Stand (Washington State Labor Council)", ["UAW"]),
        ),
        ("Bulletin (TT/AFP)", ("Bulletin", ["TT", "AFP"])),
        ("Reuters (via localnewswave)", ("localnewswave", ["Reuters"])),
        ("Euronews", ("Euronews", [])),
    ],
)
def test_split_publisher(publisher: str, split: tuple[str, list[str]]) -> None:
    assert split_publisher(publisher) == split


def test_each_kind_has_one_label_and_every_outlet_follows_its_kind() -> None:
    for outlet in OUTLETS:
        assert outlet.label == KIND_LABEL[outlet.kind], outlet.name
        assert (outlet.side is not None) == (outlet.label is R.partisan), outlet.name


def test_no_site_or_name_is_listed_twice() -> None:
    sites = [s.lower() for o in OUTLETS for s in o.sites]
    assert len(sites) == len(set(sites))
    names = [n.lower() for o in OUTLETS for n in (o.name, *o.names)]
    assert len(names) == len(set(names))


def doc_rows() -> list[tuple[str, str, str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    body = text.split("<!-- outlets: begin -->")[1].split("<!-- outlets: end -->")[0]
    rows = []
    for line in body.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((cells[0], cells[1], cells[2], cells[3].strip("`"), cells[4]))
    return rows


def test_the_documented_table_is_the_outlet_table() -> None:
    want = [
        (
            o.name,
            ", ".join(f"`{s}`" for s in o.sites) or "(no site: matched by name)",
            o.kind,
            o.label.value,
            o.side or "",
        )
        for o in OUTLETS
    ]
    assert doc_rows() == want


def test_the_document_describes_every_label() -> None:
    text = DOC.read_text(encoding="utf-8")
    for label in R:
        assert f"| `{label.value}` |" in text


# --- the fast lookup against the oracle's scan ----------------------------------------------
SITES = sorted({s for o in OUTLETS for s in o.sites})
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
SEGMENT = st.one_of(
    LABEL, st.sampled_from(["story", "380417", "onp", "gmcr-py", "world", "blob", ""])
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    """A URL on a listed site (with a random subdomain, path and case) or on a random host."""
    if draw(st.booleans()):
        site = draw(st.sampled_from(SITES))
        host, *path = site.split("/")
    else:
        host, path = ".".join(draw(st.lists(LABEL, min_size=1, max_size=3))), []
    sub = draw(st.lists(LABEL, max_size=2))
    host = ".".join([*sub, host])
    if draw(st.booleans()):
        host = host.upper()
    path = [*path, *draw(st.lists(SEGMENT, max_size=4))]
    if draw(st.booleans()) and path:
        path = path[: draw(st.integers(0, len(path)))]  # cut a listed path short
    scheme = draw(st.sampled_from(["https://", "http://", "HTTPS://"]))
    port = draw(st.sampled_from(["", ":443"]))
    return f"{scheme}{host}{port}/{'/'.join(path)}"


@given(urls())
def test_outlet_lookup_matches_the_oracle(url: str) -> None:
    assert outlet_at(url) == oracle.outlet_at(url)


# --- validation warnings, located -----------------------------------------------------------
def warnings(path: Path) -> list[tuple[str, int | None]]:
    scenario, problems = read_scenario(path)
    assert scenario is not None, [p.render(str(path)) for p in problems]
    assert all(p.severity == "warning" for p in problems)
    return [(p.where, p.line) for p in problems]


def test_a_label_that_breaks_the_rule_is_warned_at_its_line() -> None:
    _, problems = read_scenario(DATA / "labels.yaml")
    got = {(p.where, p.line): p.message for p in problems}
    assert set(got) == {("sources[0].reliability", 9), ("sources[2].reliability", 19)}
    tass = got[("sources[0].reliability", 9)]
    assert "'tass' is labelled 'secondary'" in tass
    assert "gives 'partisan' for TASS (state media" in tass
    assert "write reliability: partisan" in tass
    farm = got[("sources[2].reliability", 19)]
    assert "gives 'unverified' for Newser" in farm
    assert "name the original the page reposts in 'publisher'" in farm


def test_claims_on_weak_ground_are_warned_at_their_sources() -> None:
    _, problems = read_scenario(DATA / "support.yaml")
    got = {(p.where, p.line): p.message for p in problems}
    assert set(got) == {
        ("actors[1].batna.sources", 38),  # Ukraine's BATNA: Russian state media and a farm
        ("actors[2].batna.sources", 47),  # Europe's BATNA: Ukrainian state media
        ("actors[2].batna.perceived.sources", 48),  # Europe's perceived BATNA: a farm
        ("stances[1].sources", 54),  # Ukraine's red line on Russian state media
        ("stances[2].sources", 55),  # Europe's red line on a farm
        ("stances[3].firmness.sources", 62),  # a soft red line's firmness on a farm
    }
    # Russia's own media may carry Russia's red line and BATNA; Kyiv's (an alias) Ukraine's
    # perceived BATNA; one agency report carries Europe's NATO red line beside a farm.
    ukraine = got[("actors[1].batna.sources", 38)]
    assert "the BATNA of 'ukraine' rests only on sources that cannot carry it" in ukraine
    assert "tass (partisan, Russia), farm (unverified)" in ukraine
    assert (
        "the firmness of the red line of 'europe' on 'nato'"
        in got[("stances[3].firmness.sources", 62)]
    )


def test_a_partisan_source_of_an_unknown_side_cannot_carry_a_claim(tmp_path: Path) -> None:
    text = (DATA / "support.yaml").read_text(encoding="utf-8")
    # The same Kremlin statement, on a site the table does not list: its side is unknown.
    text = text.replace("https://tass.com/politics/1", "https://example.org/kremlin")
    path = tmp_path / "unknown-side.yaml"
    path.write_text(text, encoding="utf-8")
    got = dict(warnings(path))
    assert got["actors[0].batna.sources"] == 29  # Russia's BATNA now rests on an unknown side
    _, problems = read_scenario(path)
    assert any("tass (partisan, side unknown)" in p.message for p in problems)


def test_a_conflict_file_warns_about_labels() -> None:
    text = conflict_text("elmira")
    assert text.count("    date: 2014-10-01\n    reliability: primary\n") == 1
    # The GMCR book (no URL: found by its publisher, Wiley) relabelled 'wire', and the GMCR+
    # example file (its authors' repository) relabelled 'secondary': both break the rule.
    text = text.replace(
        "    date: 2014-10-01\n    reliability: primary\n",
        "    date: 2014-10-01\n    reliability: secondary\n",
    ).replace(
        "    date: 1993-01-01\n    reliability: primary\n",
        "    date: 1993-01-01\n    reliability: wire\n",
    )
    conflict = parse_conflict(text, "elmira")  # a warning does not stop it loading
    problems = [p for p in check_conflict(conflict) if p.path[0] == "sources"]
    got = [(p.path, p.severity) for p in problems]
    assert got == [(("sources", i, "reliability"), "warning") for i in (1, 2)]
    assert "'fhk1993' is labelled 'wire', but the reliability rule" in problems[0].message
    assert "gives 'primary' for GMCR+" in problems[1].message


# --- the built-ins follow the rule ----------------------------------------------------------
def builtin_sources() -> list[tuple[str, Source]]:
    out: list[tuple[str, Source]] = []
    for name in scenario_names():
        scenario, problems = parse_scenario(scenario_text(name), name)
        assert scenario is not None, [p.render(name) for p in problems]
        out += [(name, s) for s in scenario.sources]
    for name in conflict_names():
        out += [(name, s) for s in parse_conflict(conflict_text(name), name).sources]
    return out


def test_every_builtin_source_has_the_label_the_rule_gives() -> None:
    wrong = []
    for name, src in builtin_sources():
        want = rule_label(src)
        if want is None and not src.url and not src.publisher:
            # no outlet to look up: in the built-ins, only the analyst's own derivations
            want = R.analyst
        if want != src.reliability:
            wrong.append(f"{name}: {src.id} is '{src.reliability}', the rule gives '{want}'")
    assert wrong == []


def test_a_page_cited_in_two_builtins_has_one_label() -> None:
    seen: dict[str, set[str]] = {}
    for _, src in builtin_sources():
        if src.url:
            key = re.sub(r"^https?://(www\.)?", "", src.url.rstrip("/"))
            seen.setdefault(key, set()).add(str(src.reliability))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
