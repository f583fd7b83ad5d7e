"""Loading each hostile state file of tests/reliability (each under a second:
docs/architecture.md §3.6).

Each case is loaded the way the app starts: the bad file is moved aside and the newest good
backup parsed. The floor is loading the good file itself (with the same catalog), in the
same run. A second part does the same on a 2,000-resource planner with a year of history
(bench/generate.py), where the parse of the file and of its backup is what costs. A third
counts what random mutations of the small file (byte flips, deletions, insertions, swapped
lines; seeded) come to: read, refused and kept aside, refused as newer, or anything else.

    python bench/bench_hostile.py [--repeat 3] [--resources 2000] [--mutations 2000]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import state_data
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.state_file import NewerFileError, StateFile
from planner.store.state_format import END_MARKER, HEADER
from planner.store.yaml import emit as yamlemit
from tests.reliability.hostile_cases import cases, generations, make_store, mutate


def _time_load(folder: Path, store: StateFile, content: bytes, backups: list[bytes],
               repeat: int) -> float:
    """The fastest of ``repeat`` loads of ``content`` (setup and clean-up not timed)."""
    times = []
    for _ in range(repeat):
        for n, backup in enumerate(backups, start=1):
            store.backup_path(n).write_bytes(backup)
        store.path.write_bytes(content)
        start = time.perf_counter()
        with contextlib.suppress(NewerFileError):
            store.load()
        times.append(time.perf_counter() - start)
        for path in folder.glob("planner.corrupt-*.yaml"):
            path.unlink()
    return min(times)


def small(repeat: int) -> None:
    oldest, newer, newest = generations()
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = make_store(folder / "planner.yaml")
        floor = _time_load(folder, store, newest, [newer, oldest], repeat)
        for case in cases():
            timings.append((_time_load(folder, store, case.content, [newer, oldest], repeat),
                            case))
        cut_total = 0.0
        cut_max = 0.0
        for size in range(len(newest)):
            t = _time_load(folder, store, newest[:size], [newer, oldest], 1)
            cut_total += t
            cut_max = max(cut_max, t)
    timings.sort(key=lambda item: item[0], reverse=True)
    total = sum(t for t, _ in timings)
    print(f"hostile cases: {len(timings)} in {len({c.kind for _, c in timings})} kinds, "
          f"on a {len(newest):,}-byte planner with two backups (best of {repeat})")
    print(f"{'slowest cases':<48}{'ms':>9}{'x floor':>9}")
    for t, case in timings[:8]:
        print(f"  {case.kind + ': ' + case.name:<46}{t * 1e3:>9.1f}{t / floor:>9.1f}")
    print(f"{'total, all cases':<48}{total * 1e3:>9.1f}")
    print(f"{'floor: loading the good file':<48}{floor * 1e3:>9.1f}")
    print(f"truncated at every byte: {len(newest):,} loads, {cut_total:.2f} s in all, "
          f"slowest {cut_max * 1e3:.1f} ms")


def large(resources: int, repeat: int) -> None:
    data = state_data(resources)
    text = f"{HEADER}\n{yamlemit.emit(data)}{END_MARKER}\n"
    good = text.encode()
    older = text.replace("hours_per_week: ", "hours_per_week: 1", 1).encode()
    catalog = load_catalog(default_catalog_path())
    spoiled = {
        "cut short at a line end": good[: good.rindex(b"\n", 0, len(good) // 2) + 1],
        "a bad value on the last data line": text.replace(
            END_MARKER, "checked_goals: 12\n" + END_MARKER).encode(),
        "a duplicate key at the end": text.replace(END_MARKER, "ui: {}\n" + END_MARKER).encode(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = StateFile(folder / "planner.yaml", lambda: catalog)
        store.path.write_bytes(good)
        store.load()  # warm up
        floor = _time_load(folder, store, good, [older], repeat)
        print(f"\n{resources:,}-resource planner ({len(good) / 1024:.0f} KiB), one backup "
              f"(best of {repeat})")
        print(f"{'case':<48}{'ms':>9}{'x floor':>9}")
        for name, content in spoiled.items():
            t = _time_load(folder, store, content, [older], repeat)
            print(f"  {name:<46}{t * 1e3:>9.1f}{t / floor:>9.1f}")
        print(f"{'floor: loading the good file':<48}{floor * 1e3:>9.1f}")
        # As it happens in use: backup-1 made by the app's own rotation (the first save of
        # a session), which put the document it had in hand into the parse cache.
        good_state = store.parse(good, store.path)
        cache = folder / "cache"
        times = []
        for _ in range(repeat):
            for leftover in folder.glob("planner*"):
                leftover.unlink()
            shutil.rmtree(cache, ignore_errors=True)
            session = StateFile(folder / "planner.yaml", lambda: catalog, cache)
            session.path.write_bytes(older)
            session.load()
            session.save(good_state)  # backup-1 = older, its document cached
            session.path.write_bytes(spoiled["a bad value on the last data line"])
            start = time.perf_counter()
            StateFile(folder / "planner.yaml", lambda: catalog, cache).load()
            times.append(time.perf_counter() - start)
        label = "a bad value on the last line, app-made backup"
        print(f"  {label:<46}{min(times) * 1e3:>9.1f}{min(times) / floor:>9.1f}")


def mutations(count: int) -> None:
    oldest, newer, newest = generations()
    rng = random.Random(1)
    outcomes = {"read as valid": 0, "kept aside, backup used": 0, "refused as newer": 0}
    other: list[str] = []
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = make_store(folder / "planner.yaml")
        for _ in range(count):
            content = newest
            for _ in range(rng.randint(1, 4)):
                how = rng.choice(["flip", "delete", "insert", "swap-lines"])
                content = mutate(content, how, rng.randrange(10**6), rng.randrange(256),
                                  rng.randrange(10**6))
            for n, backup in enumerate([newer, oldest], start=1):
                store.backup_path(n).write_bytes(backup)
            store.path.write_bytes(content)
            start = time.perf_counter()
            try:
                result = store.load()
                kind = "kept aside, backup used" if result.notices else "read as valid"
            except NewerFileError:
                kind = "refused as newer"
            except Exception as exc:  # counted and shown: it must not happen
                kind = ""
                other.append(f"{type(exc).__name__}: {exc}")
            slowest = max(slowest, time.perf_counter() - start)
            if kind:
                outcomes[kind] += 1
            for path in folder.glob("planner.corrupt-*.yaml"):
                path.unlink()
    print(f"\nrandom mutations (seed 1): {count:,} files, slowest load {slowest * 1e3:.1f} ms")
    for kind, n in outcomes.items():
        print(f"  {kind:<46}{n:>9,}")
    print(f"  {'any other outcome (a crash)':<46}{len(other):>9,}")
    for line in other[:5]:
        print(f"    {line[:100]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--mutations", type=int, default=2000)
    args = parser.parse_args()
    small(args.repeat)
    if args.resources:
        large(args.resources, args.repeat)
    if args.mutations:
        mutations(args.mutations)


if __name__ == "__main__":
    main()
