"""Print the HTML report to PDF with a headless Chromium.

Chromium draws exactly what the HTML shows (the same Plotly charts, the same print
stylesheet), so the PDF needs no second layout engine. It is an external program: it is found
through ``ACCORD_CHROMIUM`` or on the usual paths, and a clear error says how to get one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from accord.report._common import ReportError

#: Flags for a quiet, isolated, offline-friendly headless browser: no sandbox (containers,
#: root), no GPU, no background traffic to Google, no first-run UI, a throwaway profile is
#: added per run. Shared with the browser tests, which add nothing else.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Page width while the charts are laid out: A4 less the print margins (about 680 CSS px)
#: plus a little slack, so figures drawn on load already fit the paper.
WINDOW_SIZE = "760,1100"
#: Virtual time lets scripts finish (plotly draws) before printing, without a real wait.
VIRTUAL_TIME_BUDGET_MS = 10_000
DEFAULT_TIMEOUT_S = 120.0
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


class ChromiumNotFoundError(ReportError):
    """No Chromium to print the PDF with."""


class PdfRenderError(ReportError):
    """Chromium ran but did not produce a complete PDF (crash, timeout, charts not drawn)."""


def find_chromium() -> Path | None:
    """The Chromium to use: ``ACCORD_CHROMIUM`` if set, else the first one found on PATH.

    Raises :class:`ChromiumNotFoundError` when ``ACCORD_CHROMIUM`` names no executable: a
    setting the user made on purpose should not be silently ignored.
    """
    configured = os.environ.get("ACCORD_CHROMIUM", "").strip()
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ChromiumNotFoundError(
                f"ACCORD_CHROMIUM={configured!r} is not an executable program; point it at a "
                "Chromium or Chrome binary, or unset it"
            )
        return Path(found)
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found is not None:
            return Path(found)
    return None


def require_chromium() -> Path:
    """Like :func:`find_chromium` but raising :class:`ChromiumNotFoundError` if none is found."""
    chromium = find_chromium()
    if chromium is None:
        raise ChromiumNotFoundError(
            "PDF output needs Chromium, and none was found (looked for "
            + ", ".join(CANDIDATES)
            + "). Install Debian's `chromium` package (apt-get install chromium), or set "
            "ACCORD_CHROMIUM to the path of a Chromium or Chrome executable. HTML and Markdown "
            "output work without it."
        )
    return chromium


def _run(command: Sequence[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    # Chromium forks helpers (zygote, renderer, GPU); on timeout the whole process group is
    # killed, or the helpers would outlive us.
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):  # it may have just exited
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfRenderError(
                f"Chromium did not finish within {timeout:g} s; the report may be very large"
            ) from None
        return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _command(chromium: Path, profile: Path, *extra: str) -> list[str]:
    return [
        str(chromium),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW_SIZE}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
        *extra,
    ]


_READY = re.compile(rb'data-charts-ready="(\d+)"')


def _check_charts(chromium: Path, page: str, profile: Path, charts: int, timeout: float) -> None:
    """Load the page once and confirm every chart was drawn, so a PDF is never printed with
    empty boxes where figures should be (e.g. a plotly.js error)."""
    done = _run(_command(chromium, profile, "--dump-dom", page), timeout)
    match = _READY.search(done.stdout)
    drawn = int(match.group(1)) if match else 0
    if drawn != charts:
        raise PdfRenderError(
            f"only {drawn} of {charts} charts were drawn before printing; "
            f"Chromium said: {done.stderr.decode(errors='replace')[-800:]}"
        )


def html_to_pdf(
    html: str,
    out: Path,
    *,
    charts: int | None = None,
    chromium: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Print ``html`` to the PDF file ``out`` (overwritten) and return ``out``.

    ``charts`` is how many figures the page holds; when given, the page is first loaded to
    check they were all drawn. Raises :class:`ChromiumNotFoundError` or
    :class:`PdfRenderError`.
    """
    chromium = chromium or require_chromium()
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as scratch:
        work = Path(scratch)
        page = work / "report.html"
        page.write_text(html, encoding="utf-8")
        url = page.as_uri()
        if charts:
            _check_charts(chromium, url, work / "profile-check", charts, timeout)
        done = _run(
            _command(
                chromium,
                work / "profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                url,
            ),
            timeout,
        )
        if not out.is_file() or out.stat().st_size < 100:
            raise PdfRenderError(
                f"Chromium exited with status {done.returncode} without writing a PDF: "
                f"{done.stderr.decode(errors='replace')[-800:]}"
            )
        with out.open("rb") as fh:
            if fh.read(5) != b"%PDF-":
                raise PdfRenderError(f"Chromium wrote {out} but it is not a PDF")
    return out
