"""The package as it ships: one version number, and a wheel and an sdist that hold every file
accord reads at run time.

The wheel and the sdist are built once per module from a copy of the source tree (so no
``build/`` or egg-info is written into the tree other runs share), the way ``make dist``
builds them: the sdist first, then the wheel from the unpacked sdist, which shows the sdist
is enough to rebuild. Installing the wheel into fresh virtualenvs is ``make wheel-check``'s
job (tools/wheel_check.py), not a test's: it needs the network and minutes.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import pytest
from packaging.version import Version

import accord

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
# What the build reads from the source tree: pyproject.toml and the files it names
# (README.md), MANIFEST.in and the files that includes, and the packages under src/.
BUILD_INPUTS = ("pyproject.toml", "README.md", "MANIFEST.in", "constraints.txt", "requirements")
# Files the sdist must hold beyond the packages, relative to its top folder.
SDIST_EXTRAS = {
    "PKG-INFO",
    "pyproject.toml",
    "README.md",
    "MANIFEST.in",
    "constraints.txt",
    "requirements/nlp-model.txt",
}


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path


def _shipped_files() -> set[str]:
    """Every file under src/accord as a path below src/ (``accord/data/...``), leaving out
    byte code: the wheel must hold exactly these."""
    return {
        path.relative_to(SRC).as_posix()
        for path in (SRC / "accord").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _is_module(path: PurePosixPath) -> bool:
    """A .py file that packages.find ships as code. Its ``namespaces`` option is on unless
    pyproject.toml turns it off, and then a folder without __init__.py is a package too."""
    namespaces = PYPROJECT["tool"]["setuptools"]["packages"]["find"].get("namespaces", True)
    return path.suffix == ".py" and (namespaces or (SRC / path.parent / "__init__.py").is_file())


def _declared(path: PurePosixPath) -> bool:
    """Whether a package-data glob in pyproject.toml matches ``path`` (below src/).

    Globs are relative to their package's folder and ``*`` does not cross ``/`` (setuptools
    expands them with glob), so the parts are matched one by one.
    """
    for package, globs in PYPROJECT["tool"]["setuptools"]["package-data"].items():
        folder = PurePosixPath(*package.split("."))
        if not path.is_relative_to(folder):
            continue
        parts = path.relative_to(folder).parts
        for pattern in globs:
            pattern_parts = PurePosixPath(pattern).parts
            if len(pattern_parts) == len(parts) and all(
                fnmatchcase(part, want) for part, want in zip(parts, pattern_parts, strict=True)
            ):
                return True
    return False


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tree = tmp_path_factory.mktemp("tree")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name)
        else:
            shutil.copy2(source, tree / name)
    shutil.copytree(SRC, tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: the build backend is the test venv's setuptools (pinned in
    # constraints.txt). With isolation, build would download setuptools from PyPI, and the
    # tests run without the network; `make dist` builds with isolation.
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(tree)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (wheel,) = out.glob("accord-*.whl")
    (sdist,) = out.glob("accord-*.tar.gz")
    return Built(wheel=wheel, sdist=sdist)


def test_pyproject_takes_the_version_from_the_package():
    project = PYPROJECT["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "accord.__version__"}


def test_version_is_a_literal_setuptools_reads_without_importing_accord():
    # setuptools parses the module for a plain assignment and imports it only if that fails;
    # the import would need accord's dependencies inside the build's isolated environment.
    probe = (
        "import sys\n"
        "from setuptools.config.expand import read_attr\n"
        f"print(read_attr('accord.__version__', package_dir={{'': {str(SRC)!r}}}))\n"
        "print(sorted(m for m in ('accord', 'numpy', 'pydantic') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert proc.stdout.splitlines() == [accord.__version__, "[]"]


def test_installed_metadata_version_is_the_package_version():
    # An install older than the last version change fails here: reinstall (make test does).
    assert importlib.metadata.version("accord") == accord.__version__
    assert str(Version(accord.__version__)) == accord.__version__  # PEP 440, normalised


def test_wheel_metadata(built: Built):
    with zipfile.ZipFile(built.wheel) as wheel:
        info = f"accord-{accord.__version__}.dist-info"
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = wheel.read(f"{info}/entry_points.txt").decode("utf-8")
    assert built.wheel.name == f"accord-{accord.__version__}-py3-none-any.whl"
    assert metadata["Version"] == accord.__version__
    assert metadata["Requires-Python"] == PYPROJECT["project"]["requires-python"]
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert extras == set(PYPROJECT["project"]["optional-dependencies"])
    assert "accord = accord.cli:main" in entry_points


def test_wheel_holds_every_file_under_src_accord(built: Built):
    with zipfile.ZipFile(built.wheel) as wheel:
        inside = {name for name in wheel.namelist() if name.startswith("accord/")}
    expected = _shipped_files()
    missing = sorted(expected - inside)
    assert not missing, f"not in the wheel (add a package-data glob in pyproject.toml): {missing}"
    assert sorted(inside - expected) == []  # nothing stale from an earlier build
    assert {"accord/report/vendor/plotly-basic.min.js", "accord/store/alembic.ini"} <= inside


def test_every_data_file_is_declared_in_package_data():
    # Counted from the tree, not the wheel: a file shipped only by accident (a MANIFEST.in
    # line, a stale egg-info) would vanish from the wheel at the next clean build.
    paths = [PurePosixPath(name) for name in _shipped_files()]
    data = [path for path in paths if not _is_module(path)]
    undeclared = sorted(str(path) for path in data if not _declared(path))
    assert not undeclared, f"no package-data glob in pyproject.toml matches: {undeclared}"
    # the data really is counted: templates, scenarios, migrations, the Plotly bundle
    assert {
        "accord/data/scenarios/ukraine-2025.yaml",
        "accord/report/vendor/plotly-basic.min.js",
        "accord/store/alembic.ini",
    } <= {str(path) for path in data}


def test_declared_matcher_follows_setuptools_globs():
    assert _declared(PurePosixPath("accord/web/templates/base.html"))
    assert not _declared(PurePosixPath("accord/web/templates/sub/base.html"))  # * stops at /
    assert not _declared(PurePosixPath("accord/web/other/base.html"))
    assert not _declared(PurePosixPath("accord/data/scenarios/notes.txt"))  # *.yaml only


def test_sdist_holds_what_a_rebuild_needs(built: Built):
    top = f"accord-{accord.__version__}"
    with tarfile.open(built.sdist) as sdist:
        names = {
            PurePosixPath(member.name).relative_to(top).as_posix()
            for member in sdist.getmembers()
            if member.isfile()
        }
    missing = sorted(SDIST_EXTRAS - names) + sorted(
        f"src/{name}" for name in _shipped_files() if f"src/{name}" not in names
    )
    assert not missing, f"not in the sdist: {missing}"
    assert not [name for name in names if name.startswith("tests/")]  # pruned in MANIFEST.in
    assert not [name for name in names if name.endswith((".pyc", ".pyo"))]
