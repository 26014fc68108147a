"""What the machine can hold: the one place analyses ask before a computation that may not
fit (an exact frontier, a conflict's listed moves), so that they refuse it up front with an
estimate instead of being killed part-way."""

from __future__ import annotations

import os

__all__ = ["available_memory"]


def available_memory() -> int:
    """Bytes of memory this machine has available now (``MemAvailable``), or its physical
    memory where /proc/meminfo cannot be read (8 GiB if even that is unknown).

    Example:
        >>> available_memory() > 0
        True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30
