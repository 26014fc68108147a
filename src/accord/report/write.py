"""Write a report to disk in the format its file name asks for, all or nothing.

Every file is written to a temporary name in the target's folder and moved into place with
``os.replace`` (atomic on one file system), so a crash, a full disk or a Chromium failure
leaves either the previous report or none, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from accord.report._common import ReportError
from accord.report.document import Report
from accord.report.html import render_html
from accord.report.markdown import render_markdown
from accord.report.pdf import html_to_pdf

__all__ = ["FORMATS", "ReportError", "UnsupportedFormatError", "write_report"]


class UnsupportedFormatError(ReportError, ValueError):
    """The output file's extension names no format accord can write."""


def _umask() -> int:
    # Reading the umask via os.umask() briefly changes it for every thread; Linux exposes it.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _mode_for(target: Path, default: int) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based ones
    (mkstemp's private 0600 would surprise anyone sharing the report)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return default & ~_umask()


def _temp_beside(target: Path, suffix: str = ".tmp") -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    return Path(name)


def _atomic(target: Path, fill: Callable[[Path], object]) -> None:
    """Let ``fill`` write a temporary file beside ``target``, then move it over ``target``."""
    tmp = _temp_beside(target)
    try:
        fill(tmp)
        os.chmod(tmp, _mode_for(target, 0o666))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so readers see the old content or the new, never a mix."""

    def fill(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the rename makes it visible

    _atomic(target, fill)


def _write_html(report: Report, path: Path) -> list[Path]:
    atomic_write_bytes(path, render_html(report).encode("utf-8"))
    return [path]


def _write_pdf(report: Report, path: Path) -> list[Path]:
    html = render_html(report)  # before any file exists: a rendering error writes nothing
    _atomic(path, lambda tmp: html_to_pdf(html, tmp, charts=len(report.charts())))
    return [path]


def _write_markdown(report: Report, path: Path) -> list[Path]:
    folder_name = f"{path.stem}_files"
    folder = path.with_name(folder_name)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder; the charts go there")
    # Draw every chart before touching the disk: most failures happen here.
    rendered = render_markdown(report, folder_name)
    if not rendered.images:
        atomic_write_bytes(path, rendered.text.encode("utf-8"))
        return [path]

    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{folder_name}.", suffix=".tmp"))
    backup: Path | None = None
    try:
        for name, data in rendered.images.items():
            (staging / name).write_bytes(data)
        os.chmod(staging, 0o777 & ~_umask())
        # Images first, then the text: the new .md never points at missing images. The old
        # folder is kept aside until the text is in place, so a failure can restore it.
        if folder.exists():
            backup = path.with_name(f".{folder_name}.old-{uuid.uuid4().hex[:8]}")
            os.replace(folder, backup)
        os.replace(staging, folder)
        try:
            atomic_write_bytes(path, rendered.text.encode("utf-8"))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            if backup is not None:
                os.replace(backup, folder)
                backup = None
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # still there only if something failed
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    return [path, *(folder / name for name in rendered.images)]


WRITERS: dict[str, Callable[[Report, Path], list[Path]]] = {
    ".html": _write_html,
    ".md": _write_markdown,
    ".pdf": _write_pdf,
}
#: The extensions ``write_report`` understands (compared case-insensitively).
FORMATS: tuple[str, ...] = tuple(WRITERS)


def write_report(report: Report, path: str | os.PathLike[str]) -> list[Path]:
    """Write ``report`` to ``path`` in the format its extension names; return the files written.

    ``.html``: one self-contained page. ``.md``: Markdown plus ``NAME_files/*.png`` beside it.
    ``.pdf``: the HTML printed by a headless Chromium (see :mod:`accord.report.pdf`).
    Raises :class:`UnsupportedFormatError` for any other extension.
    """
    target = Path(path)
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        valid = ", ".join(FORMATS)
        shown = target.suffix or "no extension"
        raise UnsupportedFormatError(
            f"cannot write a report to {target.name!r} ({shown}); "
            f"the file name must end in one of: {valid}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    return writer(report, target)
