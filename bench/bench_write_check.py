"""What the write check of issue 12 costs, and how big real data files get.

1. Per change, on a 2,000-resource planner with a year of history and an accepted plan:
   the check ``AppState`` asks after each change (planner/store/writable.py), warm (the
   parts not touched are remembered) and cold (the first change of a session measures all).
   The floor, in the same run: serialising the whole state (what checking by writing the
   file would cost). Budget: well inside a save's 100 ms (DESIGN.md §4).
2. A save with and without its pre-write check (A/B in one run).
3. Sizes against the 20 MiB cap: a 10,000-resource catalog with 5 years of history at about
   10 events a day and an accepted plan; and, with ``--cap``, what loading a file near the
   cap costs (time and memory).

    python bench/bench_write_check.py [--resources 2000] [--repeat 7] [--cap]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import planner_state, state_data
from bench.timing import best
from planner.core.catalog.editing import update_resource
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, Changed, Operation, PlannerState
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import AcceptPlan, ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, SetDone
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from planner.store.state_format import state_to_data, to_text
from planner.store.writable import WriteCheck
from planner.store.yaml import emit as yamlemit
from planner.store.yaml import strict

TODAY = dt.date(2026, 12, 2)


def _state(resources: int, days: int, events: tuple[int, int]) -> PlannerState:
    state = planner_state(resources, days=days, events_per_day=events)
    app = AppState(state, today=lambda: TODAY)
    app.apply(AcceptPlan(fresh_plan(app)))
    return state


def _changes(app: AppState) -> dict[str, Callable[[], Operation]]:
    ids = list(app.catalog.resources)
    n = iter(range(10**9))
    return {
        "check off": lambda: SetDone(ids[7], not app.progress(ids[7]).done),
        "notes typed": lambda: EditNotes(ids[11], f"thought {next(n)}"),
        "settings": lambda: ChangeSettings(hours_per_week=5 + next(n) % 7),
        "pin": lambda: Pin(ids[13], "2027-W0" + str(1 + next(n) % 9)),
        "re-plan": lambda: AcceptPlan(fresh_plan(app)),
        "edit a resource": lambda: ReplaceCatalog(
            update_resource(app.catalog, ids[17], {"title": f"Renamed {next(n)}"}), "Edit"),
    }


def per_change(resources: int, repeat: int) -> None:
    state = _state(resources, 365, (1, 4))
    check = WriteCheck()
    app = AppState(state, today=lambda: TODAY)
    whole = best(lambda: to_text(state_to_data(state)).encode(), repeat)
    cold = best(lambda: WriteCheck().check(state, Changed.NONE), repeat)
    check.check(state, Changed.NONE)
    print(f"planner: {resources} resources, {len(state.journal)} journal events, "
          f"{(check.size or 0) / 1e3:.0f} kB")
    print(f"{'change':<22}{'check ms':>10}{'floor ms':>10}{'ratio':>8}")
    print(f"{'(cold: first change)':<22}{cold * 1e3:>10.1f}{whole * 1e3:>10.1f}"
          f"{cold / whole:>8.2f}")
    for name, build in _changes(app).items():
        times = []
        for _ in range(repeat):
            applied = app.apply(build())  # no validator: only the check is timed
            start = time.perf_counter()
            problem = check.check(state, applied.flags)
            times.append(time.perf_counter() - start)
            assert problem is None, problem
            app.undo(applied)
            check.check(state, applied.flags)
        print(f"{name:<22}{min(times) * 1e3:>10.1f}{whole * 1e3:>10.1f}"
              f"{min(times) / whole:>8.2f}")
    print("floor: serialising the whole state (checking by writing the file); "
          "budget: well inside a save's 100 ms")


def save_ab(resources: int, repeat: int) -> None:
    """A save's time, and the part of it its pre-write check takes (timed inside the same
    saves; an A/B of whole saves drowns a few ms in the noise of a shared machine)."""
    state = _state(resources, 365, (1, 4))
    with tempfile.TemporaryDirectory() as tmp:
        store = StateFile(Path(tmp) / "planner.yaml", lambda: load_catalog(
            default_catalog_path()))
        store.save(state)
        counter = iter(range(10**9))
        app = AppState(state, today=lambda: TODAY)
        rid = next(iter(state.catalog.resources))
        real = store.write_check.check_document
        spent: list[float] = []

        def timed(document: dict[str, object], raw: bytes) -> object:
            start = time.perf_counter()
            try:
                return real(document, raw)
            finally:
                spent.append(time.perf_counter() - start)

        store.write_check.check_document = timed  # type: ignore[method-assign, assignment]
        saves = []
        for _ in range(repeat):
            app.apply(EditNotes(rid, str(next(counter))))  # a real save: the content differs
            start = time.perf_counter()
            store.save(state)
            saves.append(time.perf_counter() - start)
    best_save = min(saves)
    check = spent[saves.index(best_save)]
    print(f"save of {resources} resources: {best_save * 1e3:.1f} ms, of which the pre-write "
          f"check {check * 1e3:.1f} ms ({check / best_save:.0%}; fastest check "
          f"{min(spent) * 1e3:.1f} ms); budget 100 ms")


def sizes() -> None:
    for resources, years, events in ((2000, 1, (1, 4)), (10_000, 5, (8, 12))):
        state = _state(resources, 365 * years, events)
        text = to_text(state_to_data(state)).encode()
        parts = {name: len(yamlemit.emit({name: value}).encode())
                 for name, value in state_to_data(state).items()}
        big = ", ".join(f"{k} {v / 2**20:.2f}" for k, v in parts.items() if v > 2**16)
        check = WriteCheck()
        check.check(state, Changed.NONE)
        assert check.size == len(text)
        values = check._total[1] if check._total else 0
        print(f"{resources:,} resources, {years} year(s), {len(state.journal):,} journal "
              f"events, accepted plan: {len(text) / 2**20:.2f} MiB = "
              f"{len(text) / strict.MAX_BYTES:.0%} of the cap (MiB: {big}); {values:,} "
              f"values = {values / strict.MAX_NODES:.0%} of that cap")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "planner.yaml"
            path.write_bytes(text)
            timings = []
            for cache in (None, Path(tmp) / "cache", Path(tmp) / "cache"):  # cold, warm
                store = StateFile(path, lambda: load_catalog(default_catalog_path()), cache)
                start = time.perf_counter()
                store.load()
                timings.append(time.perf_counter() - start)
        print(f"  its load: {timings[0]:.2f} s from the YAML, {timings[2]:.2f} s with the "
              "parse cache warm (a normal start)")


def at_the_cap() -> None:
    """A file of our own format near the cap: its load time and memory."""
    data = state_data(60_000, days=365 * 5, events_per_day=(8, 12))
    text = to_text(data).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "planner.yaml"
        path.write_bytes(text)
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        loaded = StateFile(path, lambda: load_catalog(default_catalog_path())).load()
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert not loaded.notices, loaded.notices
    print(f"a {len(text) / 2**20:.1f} MiB file (60,000 resources, 5 years): load "
          f"{took:.1f} s, peak memory +{(after - before) / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cap", action="store_true", help="also load a file near the cap")
    args = parser.parse_args()
    per_change(args.resources, args.repeat)
    save_ab(args.resources, args.repeat)
    sizes()
    if args.cap:
        at_the_cap()


if __name__ == "__main__":
    main()
