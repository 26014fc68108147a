"""Print the HTML report to PDF with a headless Chromium, driven by Playwright.

Chromium draws exactly what the HTML shows (the same Plotly charts, the same print
stylesheet), so the PDF needs no second layout engine. It is an external program: it is found
through ``ACCORD_CHROMIUM`` or on the usual paths, and a clear error says how to get one.

Why Playwright and a child process: Chromium's own ``--print-to-pdf`` switch needs
``--virtual-time-budget`` to let the charts draw first, and with that switch current Debian
builds (156.x) never finish. Playwright opens the page, waits until the page itself says
every chart is drawn (``data-charts-ready``), and prints through the DevTools protocol. The
printing runs in a child Python process in its own process group, so a hung browser is
killed with all its helpers once the time limit passes, whatever state it is in.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from accord.report._common import ReportError

#: Flags for a quiet, isolated, offline-friendly headless browser: no sandbox (containers,
#: root), no GPU, no background traffic to Google, no first-run UI. Shared with the browser
#: tests, which add nothing else. (Playwright adds its own headless switch and a throwaway
#: profile.)
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
VIEWPORT = {"width": 760, "height": 1100}
#: The whole print (start the browser, load, draw, print) must finish within this.
DEFAULT_TIMEOUT_S = 120.0
#: How long the charts may take to draw once the page has loaded; a page whose charts are not
#: all drawn by then is not printed.
CHART_TIMEOUT_S = 60.0
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


def html_to_pdf(
    html: str,
    out: Path,
    *,
    charts: int | None = None,
    chromium: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    chart_timeout: float = CHART_TIMEOUT_S,
) -> Path:
    """Print ``html`` to the PDF file ``out`` (overwritten) and return ``out``.

    ``charts`` is how many figures the page holds; when given, the page is printed only once
    it reports that many charts drawn (within ``chart_timeout`` seconds of loading). The
    whole print is stopped after ``timeout`` seconds. Raises :class:`ChromiumNotFoundError`
    or :class:`PdfRenderError`.
    """
    chromium = chromium or require_chromium()
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as scratch:
        page = Path(scratch) / "report.html"
        page.write_text(html, encoding="utf-8")
        job = {
            "page": page.as_uri(),
            "out": str(out),
            "charts": charts or 0,
            "chromium": str(chromium),
            "chart_timeout_ms": int(min(chart_timeout, timeout) * 1000),
        }
        done = _run([sys.executable, "-m", "accord.report.pdf", json.dumps(job)], timeout)
        stderr = done.stderr.decode(errors="replace").strip()
        if done.returncode != 0:
            message = stderr.splitlines()[-1] if stderr else f"status {done.returncode}"
            raise PdfRenderError(f"printing to PDF failed: {message}")
        if not out.is_file() or out.stat().st_size < 100:
            raise PdfRenderError(f"Chromium finished without writing a PDF: {stderr[-800:]}")
        with out.open("rb") as fh:
            if fh.read(5) != b"%PDF-":
                raise PdfRenderError(f"Chromium wrote {out} but it is not a PDF")
    return out


#: Counted in the page: the mark the report's script sets once every chart has drawn, or
#: (for a page without that script) the charts that hold a drawn plot.
_DRAWN = """() => {
    const mark = document.documentElement.getAttribute('data-charts-ready');
    if (mark !== null) return Number(mark);
    return document.querySelectorAll('.chart-plot.js-plotly-plot svg.main-svg').length;
}"""


def _print(job: dict[str, object]) -> int:
    """The child process: open the page, wait for the charts, print. Exit 1 with one line on
    standard error when it cannot."""
    from playwright.sync_api import Error, sync_playwright

    charts = int(str(job["charts"]))
    try:
        with sync_playwright() as p:
            args = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
            browser = p.chromium.launch(
                executable_path=str(job["chromium"]), args=args, headless=True
            )
            try:
                page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
                page.goto(str(job["page"]), wait_until="load")
                if charts:
                    with contextlib.suppress(Error):  # timed out: counted and reported below
                        page.wait_for_function(
                            f"() => ({_DRAWN})() >= {charts}",
                            timeout=int(str(job["chart_timeout_ms"])),
                        )
                    drawn = int(page.evaluate(_DRAWN))
                    if drawn < charts:
                        print(
                            f"only {drawn} of {charts} charts were drawn before printing",
                            file=sys.stderr,
                        )
                        return 1
                page.pdf(
                    path=str(job["out"]),
                    prefer_css_page_size=True,
                    print_background=True,
                    display_header_footer=False,
                )
            finally:
                browser.close()
    except Error as err:
        print(f"Chromium failed: {str(err).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_print(json.loads(sys.argv[1])))
