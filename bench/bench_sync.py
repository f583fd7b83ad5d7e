"""What keeping a merge base costs, and what a merge costs (issue 18): a 2,000-resource
planner with a year of history.

- the base snapshot: its size on disk (one copy of the data file, in the user state
  folder), and a save with it kept against the same save without (same run, same file);
- a three-way merge of two machines' versions that each made a day of edits, against the
  snapshot as base and against none (the journals' common prefix), beside a load of the
  data file (the floor: a sync reads the versions before it merges them).

    python bench/bench_sync.py [--resources 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import planner_state
from bench.timing import best
from planner.core.journal.events import Recorder, clock_at
from planner.core.journal.state import AppState
from planner.core.operations.catalog import SetPriority
from planner.core.operations.progress import EditNotes, LogHours
from planner.core.sync.merge import merge
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    state = planner_state(args.resources)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "planner.yaml"
        default = lambda: load_catalog(default_catalog_path())  # noqa: E731
        with_base = StateFile(path, default, None, folder / "state")
        without = StateFile(path, default, None)
        with_base.save(state)
        size = path.stat().st_size
        assert with_base.base is not None
        base_size = with_base.base.path.stat().st_size

        app = AppState(state, validator=with_base.write_check)
        rid = next(iter(state.catalog.resources))
        counter = iter(range(10**9))

        def timed_save(store: StateFile) -> float:
            app.apply(EditNotes(rid, str(next(counter))))  # a real save: new content
            start = time.perf_counter()
            store.save(state)
            return time.perf_counter() - start

        plain, kept = [], []
        for _ in range(args.repeat):  # alternated, so that both see the same machine
            plain.append(timed_save(without))
            without._last_written = None  # the other store wrote meanwhile
            kept.append(timed_save(with_base))
            with_base._last_written = None

        raw = path.read_bytes()
        base = with_base.parse(raw, path)
        sides = []
        for device in ("aaa", "bbb"):
            side = with_base.parse(raw, path)
            side_app = AppState(side, recorder=Recorder(device, clock_at(
                dt.datetime(2027, 1, 2, 10 if device == "aaa" else 11))))
            rids = list(side.catalog.resources)
            for n in range(10):
                side_app.apply(LogHours(rids[n * 7], 0.5))
                side_app.apply(SetPriority(rids[n * 11], 1 + (n + (device == "bbb")) % 5))
            sides.append(side)
        recorder = Recorder("sync", clock_at(dt.datetime(2027, 1, 3)))
        load = best(lambda: with_base.parse(raw, path), args.repeat)
        known = best(lambda: merge(base, sides[0], sides[1], recorder), args.repeat)
        unknown = best(lambda: merge(None, sides[0], sides[1], recorder), args.repeat)
        conflicts = len(merge(base, sides[0], sides[1], recorder).conflicts)

    print(f"planner: {args.resources} resources, {len(state.journal)} journal events, "
          f"data file {size / 1024:.0f} KiB; base snapshot {base_size / 1024:.0f} KiB")
    print(f"{'figure':<36}{'ms':>8}{'floor ms':>10}{'ratio':>8}")
    print(f"{'save, base kept':<36}{min(kept) * 1e3:>8.1f}{min(plain) * 1e3:>10.1f}"
          f"{min(kept) / min(plain):>8.2f}   floor: the same save without")
    print(f"{'merge, snapshot as base':<36}{known * 1e3:>8.1f}{load * 1e3:>10.1f}"
          f"{known / load:>8.2f}   floor: parsing one version")
    print(f"{'merge, no base (common prefix)':<36}{unknown * 1e3:>8.1f}{load * 1e3:>10.1f}"
          f"{unknown / load:>8.2f}   ({conflicts} conflicts)")


if __name__ == "__main__":
    main()
