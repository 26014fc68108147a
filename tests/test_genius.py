"""GENIUS / ANAC domain import: every sample imports, validates and round-trips; accord's
utility equals GENIUS's linear additive utility computed straight from the XML; the
``accord import genius`` command; and malformed inputs that give located, clear errors.

The sample domains in ``tests/data/genius/`` are copies of the project's shared test data
(see the README there). Malformed inputs are built in ``tmp_path`` from the small domain
below, whose line numbers the cases assert.
"""

from __future__ import annotations

import hashlib
import math
import random
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import numpy as np
import pytest

from accord.analysis import score_proposals
from accord.analysis.space import outcome_space
from accord.io import load_scenario, read_scenario, save_scenario
from accord.io.genius import read_genius
from accord.model import Point, Proposal, Scenario, ScenarioError
from cli_runner import accord

DATA = Path(__file__).parent / "data" / "genius"
SAMPLES = {
    "EnglandZimbabwe": (2, 5, 576),
    "ItexvsCypress": (2, 4, 180),
    "Travel": (2, 7, 188_160),
    "anac2015/group1-university": (9, 5, 2_250),
    "anac2015/group2-politics": (3, 8, 23_040),
    "anac2015/group4-zoning_plan": (9, 4, 448),
}
#: Spaces up to this size are compared with the oracle outcome by outcome, in full.
ENUMERATE = 25_000


# --- the oracle: GENIUS's linear additive utility, straight from the XML ------------------------
@dataclass
class GeniusProfile:
    """A profile as GENIUS reads it: weight and evaluations per issue name."""

    file: str
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    reservation: float

    def utility(self, outcome: dict[str, str]) -> float:
        total = 0.0
        for issue, evals in self.evaluations.items():
            top = max(evals.values())
            e = 0.0 if top < 0.00001 else evals[outcome[issue]] / top
            total += self.weights[issue] * e
        return min(total, 1.0)


def genius_domain(path: Path) -> dict[str, list[str]]:
    """Issue name -> its values, in the domain's order."""
    root = ET.parse(path).getroot()
    return {
        issue.get("name"): [item.get("value") for item in issue.iter("item")]
        for issue in root.iter("issue")
    }


def genius_profile(path: Path) -> GeniusProfile:
    root = ET.parse(path).getroot()
    objective = root.find("objective")
    weight_at = {int(w.get("index")): float(w.get("value")) for w in objective.findall("weight")}
    weights, evaluations = {}, {}
    for issue in objective.findall("issue"):
        name = issue.get("name")
        weights[name] = weight_at[int(issue.get("index"))]
        evaluations[name] = {i.get("value"): float(i.get("evaluation")) for i in issue.iter("item")}
    res = root.find("reservation")
    return GeniusProfile(
        path.name, weights, evaluations, float(res.get("value")) if res is not None else 0.0
    )


def sample_files(folder: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profiles of a sample folder, told apart by their root tag."""
    domain, profiles = None, []
    for path in sorted(folder.glob("*.xml")):
        if ET.parse(path).getroot().tag == "negotiation_template":
            domain = path
        else:
            profiles.append(path)
    assert domain is not None
    return domain, profiles


def actor_for(scenario: Scenario, profile_file: str) -> str:
    return next(a.id for a in scenario.actors if a.description.endswith(f" {profile_file}"))


def to_accord(scenario: Scenario, outcome: dict[str, str]) -> dict[str, str]:
    """A GENIUS outcome (issue name -> value) as accord settings (issue id -> option id)."""
    settings = {}
    for issue in scenario.issues:
        value = outcome[issue.name]
        settings[issue.id] = next(o.id for o in issue.options if o.label == value)
    return settings


# --- every sample domain -------------------------------------------------------------------------
@pytest.fixture(scope="module", params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest) -> tuple[str, Scenario]:
    return request.param, read_genius(DATA / request.param)


def test_sample_imports_with_every_party_issue_and_value(sample):
    name, scenario = sample
    n_actors, n_issues, n_outcomes = SAMPLES[name]
    domain_file, profiles = sample_files(DATA / name)
    domain = genius_domain(domain_file)
    assert len(scenario.actors) == len(profiles) == n_actors
    assert len(scenario.issues) == n_issues
    assert math.prod(len(i.options) for i in scenario.issues) == n_outcomes
    assert [i.name for i in scenario.issues] == list(domain)
    for issue in scenario.issues:
        assert issue.kind == "ordinal"
        assert [o.label for o in issue.options] == domain[issue.name]
    assert all(a.role == "party" and a.capability == 1 for a in scenario.actors)
    assert len(scenario.stances) == n_actors * n_issues
    assert [s.id for s in scenario.sources] == ["genius-domain"]
    source = scenario.sources[0]
    assert source.reliability == "primary" and domain_file.name in source.note


def test_sample_stances_follow_the_profiles(sample):
    name, scenario = sample
    _, profiles = sample_files(DATA / name)
    for path in profiles:
        g = genius_profile(path)
        aid = actor_for(scenario, path.name)
        actor = scenario.actor(aid)
        assert actor.batna.utility == pytest.approx(g.reservation)
        assert actor.batna.sources == ["genius-domain"]
        total = sum(g.weights.values())
        for issue in scenario.issues:
            st = scenario.stance(aid, issue.id)
            evals = g.evaluations[issue.name]
            top = max(evals.values())
            assert st.utility == "table"
            assert st.salience == pytest.approx(g.weights[issue.name] / total, abs=1e-15)
            for option in issue.options:
                want = 0.0 if top < 0.00001 else evals[option.label] / top
                assert st.table[option.id] == pytest.approx(want, abs=1e-15)
            best = max(evals.values())
            first_best = next(o for o in issue.options if evals[o.label] == best)
            assert st.position == first_best.id


def test_sample_round_trips_and_validates_clean(sample, tmp_path):
    _, scenario = sample
    path = tmp_path / "imported.yaml"
    save_scenario(scenario, path)
    again, problems = read_scenario(path)
    assert problems == [], [p.render(str(path)) for p in problems]  # no errors, no warnings
    assert again is not None
    assert again.model_dump() == scenario.model_dump()
    save_scenario(again, path)
    assert load_scenario(path).model_dump() == scenario.model_dump()


def test_sample_utility_equals_genius_utility(sample):
    """accord's salience-weighted table utility is GENIUS's U = sum w_i * eval_i / max eval_i."""
    name, scenario = sample
    domain_file, profile_files = sample_files(DATA / name)
    domain = genius_domain(domain_file)
    profiles = [genius_profile(p) for p in profile_files]
    actors = [actor_for(scenario, g.file) for g in profiles]
    space = outcome_space(scenario, actors=actors)
    assert space.full_size == SAMPLES[name][2]

    rng = random.Random(f"genius-{name}")
    outcomes = [{i: rng.choice(values) for i, values in domain.items()} for _ in range(300)]
    if space.size <= ENUMERATE:  # small spaces: every outcome, too
        issues = {i.id: i for i in scenario.issues}
        for codes in space.enumerate():
            decoded = space.decode(codes)
            outcomes.append(
                {
                    issues[iid].name: issues[iid].options[issues[iid].option_ids().index(v)].label
                    for iid, v in decoded.items()
                }
            )
    codes = np.stack([space.encode(to_accord(scenario, o)) for o in outcomes])
    got = space.utilities(codes)  # [A, N]
    want = np.array([[g.utility(o) for o in outcomes] for g in profiles])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)

    # the scorecard of drafts that set every issue gives the same numbers
    drafts = [
        Proposal(
            id=f"outcome-{n}",
            title=f"random outcome {n}",
            points=[Point(text="every issue", settings=to_accord(scenario, o))],
        )
        for n, o in enumerate(outcomes[:60])
    ]
    card = score_proposals(scenario.model_copy(update={"proposals": drafts}))
    rows = [card.actors.index(a) for a in actors]
    np.testing.assert_allclose(card.low[rows], want[:, :60], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(card.low, card.high)  # every setting known: no ranges


def test_best_outcome_and_reservation(sample):
    """Each party's best outcome is worth 1, less the weight of issues whose evaluations are
    all 0 (GENIUS counts those as 0: group4-zoning_plan has some), and beats its reservation."""
    name, scenario = sample
    _, profile_files = sample_files(DATA / name)
    profiles = [genius_profile(p) for p in profile_files]
    space = outcome_space(scenario, actors=[actor_for(scenario, g.file) for g in profiles])
    best = space.table.max(axis=2, initial=-1, where=~np.isnan(space.table)).sum(axis=1)
    want = [
        sum(g.weights[i] for i, ev in g.evaluations.items() if max(ev.values()) >= 0.00001)
        for g in profiles
    ]
    np.testing.assert_allclose(best, want, rtol=0, atol=1e-12)
    assert (space.batna <= best).all()


# --- integer and real issues, scaled weights, discounting ----------------------------------------
NUMERIC_DOMAIN = """<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Quantity" type="integer" etype="integer" vtype="integer"
       lowerbound="0" upperbound="10"/>
<issue index="2" name="Price" type="real" etype="real" vtype="real">
<range lowerbound="1.0" upperbound="3.0"/>
</issue>
<issue index="3" name="Colour" type="discrete">
<item index="1" value="red"/>
<item index="2" value="blue"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
"""


def numeric_profile(integer: str, real: str, weights: tuple[float, float, float], extra: str = ""):
    w = "\n".join(f'<weight index="{k + 1}" value="{v!r}"/>' for k, v in enumerate(weights))
    return f"""<utility_space>
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Quantity" type="integer" lowerbound="0" upperbound="10">{integer}</issue>
<issue index="2" name="Price" type="real"><range lowerbound="1.0" upperbound="3.0"/>{real}</issue>
<issue index="3" name="Colour" type="discrete">
<item index="1" value="red" evaluation="3"/>
<item index="2" value="blue" evaluation="1"/>
</issue>
{w}
</objective>
{extra}
</utility_space>
"""


def clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def triangular(x: float, lower: float, upper: float, top: float) -> float:
    if x < lower:
        return 0.0
    if x < top:
        return (x - lower) / (top - lower)
    if x < upper:
        return 1 - (x - top) / (upper - top)
    return 0.0


def test_integer_and_real_issues_are_discretised_exactly(tmp_path):
    (tmp_path / "shop_domain.xml").write_text(NUMERIC_DOMAIN)
    (tmp_path / "shop_buyer.xml").write_text(
        numeric_profile(
            '<evaluator ftype="linear" slope="0.08" offset="0.1"/>',
            '<evaluator ftype="linear" parameter0="1.5" parameter1="-0.5"/>',
            (0.5, 0.3, 0.2),
            '<reservation value="0.4"/>',
        )
    )
    (tmp_path / "shop_seller.xml").write_text(
        numeric_profile(
            '<evaluator ftype="linear" slope="-0.2" offset="1.2"/>',
            '<evaluator ftype="triangular" parameter0="1" parameter1="3" parameter2="2"/>',
            (0.2, 0.6, 0.2),
        )
    )
    scenario = read_genius(tmp_path)
    quantity, price, _ = scenario.issues
    assert quantity.option_ids() == [str(k) for k in range(11)]
    assert price.option_ids() == ["1", "1.2", "1.4", "1.6", "1.8", "2", "2.2", "2.4", "2.6",
                                  "2.8", "3"]  # fmt: skip
    assert [o.position for o in price.options] == pytest.approx(np.linspace(0, 100, 11))
    assert "discretised to 11 evenly spaced values" in price.description
    assert "one option per integer" in quantity.description
    assert [a.id for a in scenario.actors] == ["buyer", "seller"]

    def genius(actor: str, q: int, p: float, c: str) -> float:
        col = 1.0 if c == "red" else 1 / 3
        if actor == "buyer":
            return 0.5 * clamp(0.1 + 0.08 * q) + 0.3 * clamp(1.5 - 0.5 * p) + 0.2 * col
        return 0.2 * clamp(1.2 - 0.2 * q) + 0.6 * triangular(p, 1, 3, 2) + 0.2 * col

    space = outcome_space(scenario, actors=["buyer", "seller"])
    codes = space.enumerate()
    got = space.utilities(codes)
    for n, row in enumerate(codes):
        s = space.decode(row)
        q, p, c = int(s["quantity"]), float(s["price"]), str(s["colour"])
        assert got[0, n] == pytest.approx(genius("buyer", q, p, c), abs=1e-12)
        assert got[1, n] == pytest.approx(genius("seller", q, p, c), abs=1e-12)
    assert scenario.stance("buyer", "quantity").position == "10"
    assert scenario.stance("seller", "quantity").position == "0"  # first of the clamped 1s
    assert scenario.stance("seller", "price").position == "2"
    assert scenario.actor("buyer").batna.utility == 0.4

    coarse = read_genius(tmp_path, steps=5)
    assert coarse.issue("price").option_ids() == ["1", "1.5", "2", "2.5", "3"]
    assert coarse.issue("quantity").option_ids() == [str(k) for k in range(11)]


def test_wide_integer_issue_is_discretised(tmp_path):
    (tmp_path / "d_domain.xml").write_text(NUMERIC_DOMAIN.replace('"10"', '"1000"'))
    profile = numeric_profile(
        '<evaluator ftype="linear" slope="0.001" offset="0"/>',
        '<evaluator ftype="constant" parameter0="0.5"/>',
        (0.4, 0.4, 0.2),
    ).replace('"10"', '"1000"')
    (tmp_path / "d_a.xml").write_text(profile)
    scenario = read_genius(tmp_path)
    quantity = scenario.issue("quantity")
    assert quantity.option_ids() == [str(k) for k in range(0, 1001, 100)]
    assert "discretised to 11 evenly spaced integers" in quantity.description
    st = scenario.stance("a", "quantity")
    assert st.table == {str(k): pytest.approx(k / 1000) for k in range(0, 1001, 100)}
    assert set(scenario.stance("a", "price").table.values()) == {0.5}


def test_weights_not_summing_to_one_and_discount_factor_are_noted(tmp_path):
    (tmp_path / "d_domain.xml").write_text(NUMERIC_DOMAIN)
    (tmp_path / "d_a.xml").write_text(
        numeric_profile(
            '<evaluator ftype="linear" slope="0.1" offset="0"/>',
            '<evaluator ftype="linear" parameter0="0" parameter1="0.5"/>',
            (1.0, 0.6, 0.4),
            '<discount_factor value="0.8"/><reservation value="0.5"/>',
        )
    )
    scenario = read_genius(tmp_path)
    actor = scenario.actor("a")
    assert actor.batna.utility == pytest.approx(0.25)  # 0.5 on a scale whose top is 2
    judgement = actor.batna.judgement
    assert "divided by 2.0, the sum of the weights" in judgement
    assert "discount factor 0.8" in judgement and "no time discounting" in judgement
    assert [scenario.stance("a", i).salience for i in ("quantity", "price", "colour")] == [
        pytest.approx(0.5),
        pytest.approx(0.3),
        pytest.approx(0.2),
    ]


def test_no_discount_note_when_the_factor_is_one():
    scenario = read_genius(DATA / "anac2015/group2-politics")
    for actor in scenario.actors:
        assert "discount" not in actor.batna.judgement


def test_explicit_files_instead_of_a_folder():
    folder = DATA / "ItexvsCypress"
    files = [folder / "ItexvsCypress_domain.xml", folder / "ItexvsCypress_Itex.xml"]
    scenario = read_genius(files, scenario_id="itex-only", title="Itex alone")
    assert scenario.id == "itex-only" and scenario.title == "Itex alone"
    assert [a.id for a in scenario.actors] == ["itex"]
    assert [a.name for a in scenario.actors] == ["Itex"]


# --- the command -------------------------------------------------------------------------------


def test_cli_imports_validates_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "ez.yaml"
    proc = accord("import", "genius", str(DATA / "EnglandZimbabwe"), "-o", str(target))
    assert proc.stdout.strip() == f"Wrote {target}: 2 actors, 5 issues, 576 outcomes"
    assert load_scenario(target).id == "englandzimbabwe"

    check = accord("validate", str(target))
    assert "OK" in check.stdout and check.stderr == ""
    assert "warning" not in check.stdout

    before = target.read_bytes()
    again = accord("import", "genius", str(DATA / "Travel"), "-o", str(target), check=2)
    assert again.stderr.strip() == f"error: '{target}' exists; use --force to overwrite it"
    assert target.read_bytes() == before

    forced = accord(
        "import", "genius", str(DATA / "Travel"), "-o", str(target), "--force",
        "--id", "travel-2", "--title", "Travel, imported",
    )  # fmt: skip
    assert "2 actors, 7 issues, 188,160 outcomes" in forced.stdout
    scenario = load_scenario(target)
    assert (scenario.id, scenario.title) == ("travel-2", "Travel, imported")
    assert not list(tmp_path.glob(".*.tmp")), "the atomic save leaves no temporary file"


def test_cli_json_summary(tmp_path):
    import json

    target = tmp_path / "politics.yaml"
    proc = accord(
        "import", "genius", str(DATA / "anac2015/group2-politics"), "-o", str(target), "--json"
    )
    assert json.loads(proc.stdout) == {
        "file": str(target),
        "id": "politics",
        "actors": 3,
        "issues": 8,
        "outcomes": 23_040,
    }


def test_cli_explicit_files(tmp_path):
    folder = DATA / "ItexvsCypress"
    target = tmp_path / "cypress.yaml"
    domain, profile = folder / "ItexvsCypress_domain.xml", folder / "ItexvsCypress_Cypress.xml"
    proc = accord("import", "genius", str(domain), str(profile), "-o", str(target))
    assert proc.stdout.strip() == f"Wrote {target}: 1 actor, 4 issues, 180 outcomes"
    assert [a.id for a in load_scenario(target).actors] == ["cypress"]


def test_cli_help_lists_import():
    assert "import" in accord("--help").stdout
    assert "genius" in accord("import", "--help").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "two words"], "error: id: 'two words' is not a valid id"),
        (["--title", " "], "error: title: the title is empty"),
    ],
)
def test_cli_bad_options(tmp_path, args, message):
    target = tmp_path / "x.yaml"
    proc = accord(
        "import", "genius", str(DATA / "ItexvsCypress"), "-o", str(target), *args, check=2
    )
    assert proc.stderr.startswith(message)
    assert not target.exists()


def test_cli_errors_are_one_located_line(tmp_path):
    folder = write_case(tmp_path, {"buyer.xml": lambda s: s.replace('value="mid"', 'value="mdi"')})
    target = tmp_path / "out.yaml"
    proc = accord("import", "genius", str(folder), "-o", str(target), check=2)
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        f"error: {folder / 'buyer.xml'}:5:1: <item>: 'mdi' is not a value of issue 'Price' "
        "(did you mean 'mid'?); valid: 'low', 'mid', 'high'"
    ]
    assert not target.exists()

    missing = accord("import", "genius", str(tmp_path / "nowhere"), "-o", str(target), check=2)
    assert "no such file" in missing.stderr
    nodir = accord("import", "genius", str(folder), "-o", str(tmp_path / "no" / "x.yaml"), check=2)
    assert "there is no folder" in nodir.stderr
    needs_o = accord("import", "genius", str(folder), check=2)
    assert "--output" in needs_o.stderr


# --- malformed inputs --------------------------------------------------------------------------
DOMAIN = """<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Price" type="discrete" etype="discrete" vtype="discrete">
<item index="1" value="low"/>
<item index="2" value="mid"/>
<item index="3" value="high"/>
</issue>
<issue index="2" name="Delivery" type="discrete" etype="discrete" vtype="discrete">
<item index="1" value="fast"/>
<item index="2" value="slow"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
"""

BUYER = """<utility_space>
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Price" type="discrete">
<item index="1" value="low" evaluation="10"/>
<item index="2" value="mid" evaluation="5"/>
<item index="3" value="high" evaluation="1"/>
</issue>
<issue index="2" name="Delivery" type="discrete">
<item index="1" value="fast" evaluation="4"/>
<item index="2" value="slow" evaluation="2"/>
</issue>
<weight index="1" value="0.6"/>
<weight index="2" value="0.4"/>
</objective>
<reservation value="0.25"/>
</utility_space>
"""

SELLER = (  # the buyer's price evaluations reversed
    BUYER.replace('evaluation="10"', 'evaluation="@"')
    .replace('evaluation="1"', 'evaluation="10"')
    .replace('evaluation="@"', 'evaluation="1"')
)

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<utility_space><objective index="0" name="&lol9;"/></utility_space>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<utility_space><objective index="0" name="&xxe;"/></utility_space>
"""


def write_case(tmp_path: Path, changes: dict, base: dict | None = None) -> Path:
    """A domain folder: the small domain and two profiles, with files changed, added (text)
    or removed (None)."""
    folder = tmp_path / "domain"
    folder.mkdir(exist_ok=True)
    files = dict(base or {"shop_domain.xml": DOMAIN, "buyer.xml": BUYER, "seller.xml": SELLER})
    for name, change in changes.items():
        if change is None:
            files.pop(name)
        elif callable(change):
            files[name] = change(files[name])
        else:
            files[name] = change
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return folder


def lines_removed(*numbers: int):
    def change(text: str) -> str:
        return "\n".join(ln for k, ln in enumerate(text.split("\n"), 1) if k not in numbers)

    return change


@dataclass(frozen=True)
class Case:
    changes: dict
    file: str | None  # the file the error names (None: the folder)
    line: int | None
    hints: tuple[str, ...]


def case(changes: dict, file: str | None, line: int | None, *hints: str) -> Case:
    return Case(changes, file, line, hints)


def sub(old: str, new: str):
    return lambda s: s.replace(old, new, 1)


CASES: dict[str, Case] = {
    # --- not XML, or XML that must not be parsed -----------------------------------------------
    "not-xml": case(
        {"buyer.xml": "weights: 0.6, 0.4\n"}, "buyer.xml", 1,
        "not well-formed XML (syntax error);", "GENIUS domains and profiles are XML files",
    ),
    "binary": case(
        {"buyer.xml": b"\x89PNG\r\n\x1a\n\x00\x00"}, "buyer.xml", 1, "not well-formed XML"
    ),
    "empty-file": case({"buyer.xml": ""}, "buyer.xml", None, "the file is empty"),
    "entity-bomb": case(
        {"buyer.xml": BOMB}, "buyer.xml", 2,
        "DOCTYPE declarations are refused", "entity-expansion attacks", "remove it",
    ),
    "external-entity": case(
        {"buyer.xml": XXE}, "buyer.xml", 2, "DOCTYPE declarations are refused"
    ),
    "mismatched-tag": case(
        {"buyer.xml": sub("</issue>", "</isue>")}, "buyer.xml", 7,
        "not well-formed XML (mismatched tag)",
    ),
    "truncated": case(
        {"shop_domain.xml": lambda s: s[: s.index("<issue index=\"2\"")]}, "shop_domain.xml", 9,
        "not well-formed XML (no element found)",
    ),
    "undefined-entity": case(
        {"buyer.xml": sub('value="mid"', 'value="&mid;"')}, "buyer.xml", 5,
        "not well-formed XML (undefined entity)",
    ),
    # --- which files -------------------------------------------------------------------------
    "empty-folder": case(
        {"shop_domain.xml": None, "buyer.xml": None, "seller.xml": None}, None, None,
        "no .xml files in the folder", "one domain file and one preference profile per party",
    ),
    "two-domain-files": case(
        {"other_domain.xml": DOMAIN}, None, None,
        "2 domain files (other_domain.xml, shop_domain.xml)", "give the files explicitly",
    ),
    "no-domain-file": case(
        {"shop_domain.xml": None, "notes.xml": "<notes/>"}, None, None,
        "no GENIUS domain file among 3 XML file(s) (skipped, not GENIUS: notes.xml)",
        "<negotiation_template>",
    ),
    "no-profiles": case(
        {"buyer.xml": None, "seller.xml": None}, None, None,
        "no preference profiles beside the domain shop_domain.xml",
    ),
    # --- the domain --------------------------------------------------------------------------
    "domain-one-value": case(
        {"shop_domain.xml": lines_removed(11)}, "shop_domain.xml", 9,
        "issue 'Delivery' has 1 value(s); an issue needs at least two",
    ),
    "domain-duplicate-index": case(
        {"shop_domain.xml": sub('<issue index="2"', '<issue index="1"')}, "shop_domain.xml", 9,
        "issue index 1 is used twice (also by 'Price' (index 1))",
    ),
    "domain-duplicate-value": case(
        {"shop_domain.xml": sub('value="high"', 'value="low"')}, "shop_domain.xml", 7,
        "value 'low' is listed twice in issue 'Price'",
    ),
    "domain-issue-type": case(
        {"shop_domain.xml": sub('type="discrete" etype', 'type="price" etype')},
        "shop_domain.xml", 4, "issue type 'price' is not supported; valid: discrete, integer, real",
    ),
    "domain-nested-objective": case(
        {"shop_domain.xml": sub("</objective>", '<objective index="9" name="sub"/></objective>')},
        "shop_domain.xml", 13, "nested objectives are not supported",
    ),
    "domain-no-issues": case(
        {"shop_domain.xml": lines_removed(*range(4, 13))}, "shop_domain.xml", 3,
        "the domain has no issues",
    ),
    # --- the profiles ------------------------------------------------------------------------
    "missing-weights": case(
        {"buyer.xml": lines_removed(12, 13)}, "buyer.xml", 2,
        "the profile has no <weight> elements", '<weight index="1" value="0.25"/>',
    ),
    "one-weight-missing": case(
        {"buyer.xml": lines_removed(13)}, "buyer.xml", 2,
        "no weight for issue 'Delivery' (index 2)", '<weight index="2" value="..."/>',
    ),
    "weight-not-a-number": case(
        {"buyer.xml": sub('value="0.4"', 'value="40%"')}, "buyer.xml", 13,
        "the weight must be a decimal number such as 0.25; got '40%'",
    ),
    "weight-negative": case(
        {"buyer.xml": sub('value="0.4"', 'value="-0.4"')}, "buyer.xml", 13,
        "the weight -0.4 is negative",
    ),
    "weights-all-zero": case(
        {"buyer.xml": lambda s: s.replace('value="0.6"', 'value="0"').replace('"0.4"', '"0"')},
        "buyer.xml", 2, "every weight is 0",
    ),
    "weight-for-unknown-issue": case(
        {"buyer.xml": sub('<weight index="2"', '<weight index="7"')}, "buyer.xml", 13,
        "a weight for issue index 7, but the domain shop_domain.xml has no such issue",
        "its issues: 1 'Price', 2 'Delivery'",
    ),
    "unknown-value": case(
        {"buyer.xml": sub('value="mid"', 'value="middle"')}, "buyer.xml", 5,
        "'middle' is not a value of issue 'Price' (did you mean 'mid'?)",
        "valid: 'low', 'mid', 'high'",
    ),
    "unknown-issue": case(
        {"buyer.xml": sub('<issue index="2" name="Delivery"', '<issue index="5" name="Delivery"')},
        "buyer.xml", 8, "issue index 5 ('Delivery') is not in the domain shop_domain.xml",
        "its issues: 1 'Price', 2 'Delivery'",
    ),
    "issue-name-mismatch": case(
        {"buyer.xml": sub('name="Price"', 'name="Cost"')}, "buyer.xml", 3,
        "issue index 1 is named 'Cost' here but 'Price' in the domain shop_domain.xml",
    ),
    "issue-not-evaluated": case(
        {"buyer.xml": lines_removed(8, 9, 10, 11)}, "buyer.xml", 2,
        "the profile does not evaluate issue 'Delivery' (index 2) of shop_domain.xml",
    ),
    "value-not-evaluated": case(
        {"buyer.xml": lines_removed(10)}, "buyer.xml", 8,
        "no evaluation for 'slow' of issue 'Delivery'",
    ),
    "evaluation-missing": case(
        {"buyer.xml": sub(' evaluation="5"', "")}, "buyer.xml", 5,
        "the evaluation of 'mid' is missing; give evaluation=\"a number\"",
    ),
    "evaluation-negative": case(
        {"buyer.xml": sub('evaluation="5"', 'evaluation="-5"')}, "buyer.xml", 5,
        "the evaluation of 'mid' is -5; evaluations are 0 or more",
    ),
    "evaluation-not-finite": case(
        {"buyer.xml": sub('evaluation="5"', 'evaluation="NaN"')}, "buyer.xml", 5,
        "must be a decimal number such as 0.25; got 'NaN'",
    ),
    "reservation-not-a-number": case(
        {"buyer.xml": sub('<reservation value="0.25"/>', '<reservation value="low"/>')},
        "buyer.xml", 15, "the reservation value must be a decimal number",
    ),
    "type-mismatch": case(
        {"buyer.xml": sub('name="Price" type="discrete"', 'name="Price" type="integer"')},
        "buyer.xml", 3, "issue 'Price' (index 1) is integer here but discrete in the domain",
    ),
    "non-linear-profile": case(
        {"buyer.xml": sub("<utility_space>", '<utility_space type="NONLINEAR">')}, "buyer.xml",
        1, "non-linear GENIUS utility space", "only linear additive profiles",
    ),
}  # fmt: skip


class _CountingParser:
    """An expat parser that counts the characters it hands to the reader's handlers."""

    def __init__(self, real: object, seen: list[int]) -> None:
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_seen", seen)

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    def __setattr__(self, name: str, handler: object) -> None:
        if name.endswith("Handler") and callable(handler):
            inner, seen = handler, self._seen

            def handler(*args: object) -> object:
                for a in args:
                    if isinstance(a, str):
                        seen[0] += len(a)
                    elif isinstance(a, dict):
                        seen[0] += sum(len(k) + len(v) for k, v in a.items())
                return inner(*args)

        setattr(self._real, name, handler)


@pytest.fixture
def xml_chars(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The characters every XML parser read_genius makes hands over (tags, attributes)."""
    seen = [0]
    create = expat.ParserCreate
    monkeypatch.setattr(
        expat, "ParserCreate", lambda *a, **k: _CountingParser(create(*a, **k), seen)
    )
    return seen


def test_the_character_count_sees_every_parse(tmp_path, xml_chars):
    # the bound below means something only if the count follows the importer's parser
    folder = write_case(tmp_path, {})
    read_genius(folder)
    assert 0 < xml_chars[0] <= sum(f.stat().st_size for f in folder.iterdir())
    assert xml_chars[0] > len(DOMAIN) // 4


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_input_gives_a_located_clear_error(tmp_path, name, xml_chars):
    c = CASES[name]
    folder = write_case(tmp_path, c.changes)
    with pytest.raises(ScenarioError) as info:
        read_genius(folder)
    # Work bounded by the input, whatever the machine: nothing is expanded (the entity bomb's
    # 10^9 "lol"s, an external entity), so what the parser hands over is at most the files.
    assert xml_chars[0] <= sum(f.stat().st_size for f in folder.iterdir())
    exc = info.value
    where = folder if c.file is None else folder / c.file
    assert exc.filename == str(where)
    assert all(p.severity == "error" for p in exc.problems)
    texts = [p.render(exc.filename) for p in exc.problems]
    # the problem the case is about, at its line, with every hint; others may follow it
    here = [t for t, p in zip(texts, exc.problems, strict=True) if p.line == c.line]
    assert here, texts
    assert any(all(hint in t for hint in c.hints) for t in here), here
    assert here[0].startswith(f"{where}:{c.line}:" if c.line else f"{where}: ")
    assert [p.line or 0 for p in exc.problems] == sorted(p.line or 0 for p in exc.problems)


def test_several_bad_profiles_are_named(tmp_path):
    folder = write_case(
        tmp_path,
        {
            "buyer.xml": sub('value="mid"', 'value="medium"'),
            "seller.xml": lines_removed(12, 13),
        },
    )
    with pytest.raises(ScenarioError) as info:
        read_genius(folder)
    assert info.value.filename == str(folder / "buyer.xml")
    assert info.value.problems[-1].message.startswith("seller.xml also have problems")


def test_every_problem_of_a_file_at_once(tmp_path):
    folder = write_case(
        tmp_path,
        {
            "buyer.xml": lambda s: s.replace('value="mid"', 'value="medium"').replace(
                '<weight index="2" value="0.4"/>', ""
            )
        },
    )
    with pytest.raises(ScenarioError) as info:
        read_genius(folder)
    problems = info.value.problems  # in line order
    assert [p.line for p in problems] == [2, 5]
    assert "no weight for issue 'Delivery'" in problems[0].message
    assert "'medium' is not a value" in problems[1].message


def test_explicit_file_that_is_not_genius(tmp_path):
    other = tmp_path / "notes.xml"
    other.write_text("<notes>\n<note/>\n</notes>\n")
    domain = DATA / "ItexvsCypress" / "ItexvsCypress_domain.xml"
    with pytest.raises(ScenarioError) as info:
        read_genius([domain, other])
    assert info.value.filename == str(other)
    assert info.value.problems[0].line == 1
    assert "not a GENIUS file: the root element is <notes>" in info.value.problems[0].message


def test_subfolders_are_pointed_out():
    with pytest.raises(ScenarioError) as info:
        read_genius(DATA / "anac2015")
    message = info.value.problems[0].message
    assert "no .xml files in the folder" in message
    assert "group1-university, group2-politics, group4-zoning_plan" in message


def test_sample_copies_match_the_shared_data():
    """The copies under tests/data/genius are the shared files, unchanged: every one has the
    SHA-256 recorded in SHA256SUMS from the shared originals (see the README there)."""
    sums = {}
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    assert sorted(sums) == sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.xml"))
    for name, digest in sums.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name


def test_the_domains_folder_is_left_alone(tmp_path):
    copy = tmp_path / "ez"
    shutil.copytree(DATA / "EnglandZimbabwe", copy)
    before = sorted(p.name for p in copy.iterdir())
    read_genius(copy)
    assert sorted(p.name for p in copy.iterdir()) == before
