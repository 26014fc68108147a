"""Run the ``accord`` command as a user does: a separate process, checked exit code."""

from __future__ import annotations

import subprocess
import sys


def accord(
    *args: str, check: int | None = 0, cwd: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``accord ARGS...``; assert the exit code (unless ``check`` is None) and no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return proc
