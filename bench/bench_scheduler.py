"""The scheduler on generated catalogs of 2,000 and 20,000 resources.

A full re-plan (``replan`` against the plan of a week before, so the moves are worked out
too) of catalogs from ``bench/generate.py`` (units, prerequisites, priorities, deadlines)
with some progress recorded. Three settings:

* ``default``: what a new user has, 5 h a week over the longest horizon (520 weeks; the
  default since issue 14): most work is placed week by week until the horizon ends, the rest
  overflows;
* ``52 weeks``: 5 h a week over 52 weeks, the default before (most work overflows: that is
  the overflow lane being built);
* ``full``: 100 h a week over 520 weeks, the largest the settings allow, so that far more
  of the catalog is placed week by week.

``--tracks``: the first ten top-level categories take a share of the week each (9 %), so
every week is shared among eleven tracks (``planner.core.planning.tracks``).

The floor, measured in the same run: ``sorted`` over the resources by (deadline, priority,
catalog order), the least any scheduler of this rule must do.

    python bench/bench_scheduler.py [--repeat 15] [--tracks]
    python bench/bench_scheduler.py --repeat 41 --against /tmp/scheduler-before.py  # an A/B
    python bench/bench_scheduler.py --tracks --changed --against /tmp/s.py  # a rule change
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import catalog_data
from bench.timing import best
from planner.core.catalog.model import Catalog, catalog_from_data
from planner.core.planning.plan import Plan
from planner.core.planning.scheduler import replan, schedule
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress

TODAY = dt.date(2026, 11, 24)
SETTINGS = {
    "default": Settings(hours_per_week=5, max_parallel=3, horizon_weeks=520),
    "52 weeks": Settings(hours_per_week=5, max_parallel=3, horizon_weeks=52),
    "full": Settings(hours_per_week=100, max_parallel=3, horizon_weeks=520),
}


def progress_for(catalog: Catalog, seed: int) -> dict[str, Progress]:
    """About a tenth done, a tenth part-way (units or hours)."""
    rng = random.Random(seed)
    progress: dict[str, Progress] = {}
    for resource in catalog:
        roll = rng.random()
        if roll < 0.1:
            progress[resource.id] = Progress(done=True)
        elif roll < 0.2:
            if resource.units:
                progress[resource.id] = Progress(
                    units_done=rng.randrange(1, resource.units.count)
                    if resource.units.count > 1
                    else 0
                )
            else:
                progress[resource.id] = Progress(hours_logged=round(resource.effort / 2, 2))
    return progress


TRACKS = 10  # with --tracks: the first top-level categories take 9 % of the week each


def workload(n: int, tracks: bool = False
             ) -> tuple[Catalog, dict[str, Progress], dict[str, Progress]]:
    data = catalog_data(n, seed=7)
    if tracks:  # the rest of the catalog is the "Other" track, with the last 10 %
        for category in data["categories"][:TRACKS]:
            category["share"] = 9
    catalog = catalog_from_data(data)
    before = progress_for(catalog, seed=1)
    after = dict(before)  # a week later: a few more things read
    rng = random.Random(2)
    for rid in rng.sample(sorted(catalog.resources), max(1, n // 100)):
        after[rid] = Progress(done=True)
    return catalog, before, after


def floor_sort(catalog: Catalog) -> Callable[[], object]:
    resources = list(catalog)
    far = dt.date.max

    def run() -> object:
        return sorted(resources, key=lambda r: (r.deadline or far, r.priority, catalog.order(r.id)))

    return run


def scheduler_from(path: Path) -> ModuleType:
    """Another version of planner/core/planning/scheduler.py, loaded beside ours (it
    imports the rest of the core from this tree)."""
    spec = importlib.util.spec_from_file_location("scheduler_against", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run_against(other: ModuleType, path: Path, repeat: int, tracks: bool = False,
                changed: bool = False) -> None:
    """``--against FILE``: our replan (A) and FILE's (B), interleaved, best of ``repeat``;
    ``changed``: a change of rule, so the two plans may differ."""
    print(f"A/B, best of {repeat} full re-plans each, interleaved; A: this tree's scheduler, "
          f"B: {path}")
    print(f"{'settings':<10}{'resources':>10}{'A ms':>9}{'B ms':>9}{'A/B':>7}")
    for name, plan_settings in SETTINGS.items():
        for n in (2_000, 20_000):
            catalog, before, after = workload(n, tracks)
            runs = {}
            for side, module in (("A", sys.modules[replan.__module__]), ("B", other)):
                previous = module.schedule(catalog, before, plan_settings,
                                           today=TODAY - dt.timedelta(weeks=1))

                def run(module: ModuleType = module, previous: Plan = previous,
                        catalog: Catalog = catalog, after: dict[str, Progress] = after,
                        plan_settings: Settings = plan_settings) -> object:
                    return module.replan(previous, catalog, after, plan_settings, TODAY)

                runs[side] = run
            assert changed or runs["A"]() == runs["B"](), "the two schedulers plan differently"
            times = {"A": float("inf"), "B": float("inf")}
            for k in range(repeat):
                for side in ("AB" if k % 2 == 0 else "BA"):
                    times[side] = min(times[side], best(runs[side], 1))
            print(f"{name:<10}{n:>10,}{times['A'] * 1e3:>9.2f}{times['B'] * 1e3:>9.2f}"
                  f"{times['A'] / times['B']:>7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--tracks", action="store_true",
                        help=f"the first {TRACKS} top-level categories take 9 %% of the week "
                        "each (planning by tracks)")
    parser.add_argument("--against", type=Path, metavar="FILE",
                        help="A/B only: another scheduler.py (e.g. git show "
                        "HEAD~1:planner/core/planning/scheduler.py > /tmp/s.py), timed beside "
                        "ours on the same workloads")
    parser.add_argument("--changed", action="store_true",
                        help="with --against: the rules changed, the plans may differ")
    args = parser.parse_args()
    if args.against:
        run_against(scheduler_from(args.against), args.against, args.repeat, args.tracks,
                    args.changed)
        return
    sizes = (2_000, 20_000)
    loads = {n: workload(n, args.tracks) for n in sizes}
    floors = dict.fromkeys(sizes, float("inf"))
    sorts = {n: floor_sort(loads[n][0]) for n in sizes}
    for _ in range(args.repeat * 3):
        for n in sizes:
            floors[n] = min(floors[n], best(sorts[n], 1))
    print(
        f"floor: sorted() by (deadline, priority, order): {floors[2000] * 1e3:.2f} ms at 2,000, "
        f"{floors[20000] * 1e3:.2f} ms at 20,000 (growth {floors[20000] / floors[2000]:.1f}x)"
    )
    for name, plan_settings in SETTINGS.items():
        runs: dict[int, Callable[[], Plan]] = {}
        for n in sizes:
            catalog, before, after = loads[n]
            previous = schedule(catalog, before, plan_settings, today=TODAY - dt.timedelta(weeks=1))

            def run(
                catalog: Catalog = catalog,
                after: dict[str, Progress] = after,
                previous: Plan = previous,
                plan_settings: Settings = plan_settings,
            ) -> Plan:
                return replan(previous, catalog, after, plan_settings, TODAY)

            runs[n] = run
        # Interleaved, the same number of times each, so that both sizes meet the same
        # noise (other processes on the machine) and best-of-N is not biased to one.
        times = dict.fromkeys(sizes, float("inf"))
        for _ in range(args.repeat):
            for n in sizes:
                times[n] = min(times[n], best(runs[n], 1))
        for n in sizes:
            plan = runs[n]()
            goals = sum(len(w.goals) for w in plan.weeks)
            print(
                f"[{name}] {n:>6,} resources: full re-plan {times[n] * 1e3:7.2f} ms "
                f"(floor {floors[n] * 1e3:.2f} ms, ratio {times[n] / floors[n]:.1f}) - "
                f"{len(plan.weeks)} weeks, {goals:,} goals, {len(plan.overflow):,} in overflow, "
                f"{len(plan.moves):,} moves, {len(plan.warnings)} warnings"
            )
        growth = times[20000] / times[2000]
        floor_growth = floors[20000] / floors[2000]
        print(
            f"[{name}] growth 20,000 / 2,000: {growth:.1f}x (budget <= 12; the floor's "
            f"{floor_growth:.1f}x, ratio {growth / floor_growth:.2f}); 2,000 in "
            f"{times[2000] * 1e3:.1f} ms (budget <= 50 ms)"
        )


if __name__ == "__main__":
    main()
