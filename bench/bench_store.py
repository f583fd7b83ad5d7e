"""Load and save of the state file: a 2,000-resource catalog with a year of history.

(Five years, and the growth to 30,000 resources, A/B against another tree:
bench/bench_journal.py.)

Floor, measured in the same run on the same document: PyYAML's C loader (CSafeLoader) and
C dumper (CSafeDumper) alone. Our load adds validation into core objects; our save adds
building the document and the atomic, fsynced write.

    python bench/bench_store.py [--resources 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import state_data
from bench.timing import best
from planner.core.journal.state import AppState
from planner.core.operations.progress import EditNotes
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from planner.store.state_format import to_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    data = state_data(args.resources)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "planner.yaml"
        cache = Path(tmp) / "cache"
        store = StateFile(path, lambda: load_catalog(default_catalog_path()), cache)
        path.write_text(to_text(data))
        state = store.load().state
        raw = path.read_bytes()
        size_kb = len(raw) / 1024
        doc = yaml.load(raw, Loader=yaml.CSafeLoader)

        floor_load = best(lambda: yaml.load(raw, Loader=yaml.CSafeLoader), args.repeat)
        ours_load = best(lambda: StateFile(path, store.default_catalog).load(), args.repeat)
        cached_load = best(lambda: StateFile(path, store.default_catalog, cache).load(),
                           args.repeat)
        floor_dump = best(lambda: yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False),
                          args.repeat)

        counter = iter(range(10**9))
        app = AppState(state, validator=store.write_check)
        rid = next(iter(state.catalog.resources))

        saves = []
        for _ in range(args.repeat):  # a real save: the content differs each time
            app.apply(EditNotes(rid, str(next(counter))))
            start = time.perf_counter()
            store.save(state)
            saves.append(time.perf_counter() - start)
        ours_save = min(saves)

    print(f"state file: {args.resources} resources, {len(state.journal)} journal events, "
          f"{size_kb:.0f} KiB")
    print(f"{'figure':<28}{'ours ms':>10}{'floor ms':>10}{'ratio':>8}")
    print(f"{'load (parse+validate)':<28}{ours_load * 1e3:>10.1f}{floor_load * 1e3:>10.1f}"
          f"{ours_load / floor_load:>8.2f}")
    print(f"{'load, parse cache warm':<28}{cached_load * 1e3:>10.1f}{floor_load * 1e3:>10.1f}"
          f"{cached_load / floor_load:>8.2f}")
    print(f"{'save (dump+atomic write)':<28}{ours_save * 1e3:>10.1f}{floor_dump * 1e3:>10.1f}"
          f"{ours_save / floor_dump:>8.2f}")
    print("floor: PyYAML CSafeLoader / CSafeDumper on the same document; budget: save ≤ 100 ms")


if __name__ == "__main__":
    main()
