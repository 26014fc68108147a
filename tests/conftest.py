import os
import sys
from pathlib import Path

from hypothesis import settings

# tests import their shared helpers (oracle, strategies) as top-level modules
sys.path.insert(0, str(Path(__file__).parent))

# No test asserts a wall-clock limit, hypothesis's 200 ms per example included: on a loaded
# machine that fails correct code (benchmarks/ measures speed). CI runs the same examples
# every time (a fixed seed per test), so a landing never depends on luck; local runs keep
# exploring new random examples.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")
