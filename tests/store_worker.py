"""A separate process saving through the Store, for tests/test_store_processes.py.

    store_worker.py loop URL            save forever; print each acknowledged version number
    store_worker.py open URL START       open (migrating) a fresh database after time START
    store_worker.py race URL TAG ROUNDS START
                                        save on bases 1..ROUNDS after time START; print
                                        "win BASE NUMBER" or "conflict BASE ID" for each

Every line is printed and flushed only after the save returned (it was committed).
"""

from __future__ import annotations

import sys
import time

from accord.store import EditConflict, Store, StoreError
from store_support import BUILTIN, SCENARIO_ID, text_for


def loop(url: str) -> None:
    store = Store(url)
    while True:
        base = store.get(SCENARIO_ID).info.number
        # The text is a function of the number it becomes, so a reader can check it.
        version = store.save(SCENARIO_ID, text_for(base + 1), base=base, author="loop")
        print(version.info.number, flush=True)


def open_fresh(url: str, start: float) -> None:
    time.sleep(max(0.0, start - time.time()))
    with Store(url) as store:
        try:
            store.create_from_builtin(BUILTIN, author="opener")
            print("created", flush=True)
        except StoreError:
            print("exists", flush=True)


def race(url: str, tag: str, rounds: int, start: float) -> None:
    store = Store(url)
    time.sleep(max(0.0, start - time.time()))
    for base in range(1, rounds + 1):
        try:
            version = store.save(SCENARIO_ID, text_for(f"{tag}-{base}"), base=base, author=tag)
            print(f"win {base} {version.info.number}", flush=True)
        except EditConflict as exc:
            print(f"conflict {base} {exc.conflict_id}", flush=True)
    store.close()


if __name__ == "__main__":
    mode, url, *rest = sys.argv[1:]
    if mode == "loop":
        loop(url)
    elif mode == "open":
        open_fresh(url, float(rest[0]))
    else:
        race(url, rest[0], int(rest[1]), float(rest[2]))
