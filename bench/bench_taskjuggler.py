"""Our scheduler against TaskJuggler (``tj3``, Debian package tj3) on the same workload.

The workload: N resources (default 200) with efforts in half hours, prerequisites and
priorities, and one learner with a weekly budget (default 5 h). TaskJuggler gets it as a
project with one resource limited by ``limits { weeklymax 5h }`` over its default working
hours, one task per resource with ``effort``, ``depends`` and ``priority``, and a CSV
task report giving each task's end. Both plan from Monday 2026-01-05 (2026-W02).

Compared, in one run:
* time: our ``schedule`` (best of N, in process) against ``tj3`` (best of a few wall-clock
  runs of the subprocess); also against tj3 net of its own start-up, measured on a
  one-task project, so that the comparison is not just Ruby's start-up;
* makespan in weeks: ours (last week with work), tj3's (week of the latest task end),
  and the lower bound ceil(total hours / weekly budget).

    python bench/bench_taskjuggler.py [--resources 200] [--hours 5] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.core.catalog.model import Catalog, catalog_from_data
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings

START = dt.date(2026, 1, 5)  # a Monday
TJ_PRIORITY = {1: 900, 2: 700, 3: 500, 4: 300, 5: 100}  # tj3: higher is more important


def workload(n: int, seed: int = 11) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    resources: list[dict[str, Any]] = []
    for i in range(n):
        item: dict[str, Any] = {
            "id": f"r{i}",
            "title": f"Resource {i}",
            "kind": "article",
            "effort_hours": rng.randint(1, 24) / 2,  # 0.5 h to 12 h
            "priority": rng.choice([1, 2, 3, 3, 3, 4, 5]),
        }
        if i and rng.random() < 0.3:
            window = list(range(max(0, i - 20), i))
            item["prerequisites"] = [f"r{j}" for j in sorted(rng.sample(window, min(2, i)))[:2]]
        resources.append(item)
    return resources


def tjp(resources: list[dict[str, Any]], hours_per_week: float, years: int) -> str:
    lines = [
        f'project study "Study" {START.isoformat()} +{years}y {{',
        '  timezone "UTC"',
        "  timingresolution 30min",
        f"  now {START.isoformat()}",
        "}",
        'resource me "Learner" {',
        f"  limits {{ weeklymax {hours_per_week:g}h }}",
        "}",
    ]
    for item in resources:
        body = [f"effort {item['effort_hours']:g}h", "allocate me"]
        body.append(f"priority {TJ_PRIORITY[item['priority']]}")
        if item.get("prerequisites"):
            body.append("depends " + ", ".join(item["prerequisites"]))
        lines.append(f'task {item["id"]} "{item["title"]}" {{ {" ".join(body)} }}')
    lines += [
        'taskreport ends "ends" {',
        "  formats csv",
        "  columns id, start, end",
        '  timeformat "%Y-%m-%d %H:%M"',
        "}",
    ]
    return "\n".join(lines) + "\n"


def run_tj3(text: str, folder: Path, name: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    path = folder / f"{name}.tjp"
    path.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    done = subprocess.run(
        ["tj3", "--silent", "--no-color", "--output-dir", str(folder), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - t0, done


def week_index(day: dt.date) -> int:
    return (day - START).days // 7


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=200)
    parser.add_argument("--hours", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to keep the .tjp and tj3's CSV in")
    args = parser.parse_args()
    if shutil.which("tj3") is None:
        sys.exit("tj3 is not installed (Debian package tj3)")

    items = workload(args.resources)
    catalog: Catalog = catalog_from_data(
        {"title": "bench", "categories": [{"title": "All", "resources": items}]}
    )
    total = sum(item["effort_hours"] for item in items)
    lower_bound = math.ceil(total / args.hours - 1e-9)
    settings = Settings(hours_per_week=args.hours, horizon_weeks=520)
    wide = Settings(hours_per_week=args.hours, horizon_weeks=520, max_parallel=50)

    def ours(plan_settings: Settings = settings) -> object:
        return schedule(catalog, {}, plan_settings, today=START)

    repeat_ours = max(20, args.repeat * 10)
    our_time = min(_timed(ours) for _ in range(repeat_ours))
    plan = schedule(catalog, {}, settings, today=START)
    plan_wide = schedule(catalog, {}, wide, today=START)
    assert not plan.overflow and not plan_wide.overflow, "raise the horizon"

    years = max(2, math.ceil(lower_bound * 2 / 52))
    with tempfile.TemporaryDirectory(prefix="bench-tj3-") as tmp:
        folder = Path(tmp)
        empty = tjp([dict(items[0], prerequisites=[])], args.hours, 1)
        startup = min(run_tj3(empty, folder, "one")[0] for _ in range(args.repeat))
        text = tjp(items, args.hours, years)
        runs = [run_tj3(text, folder, "study") for _ in range(args.repeat)]
        tj_time = min(t for t, _ in runs)
        done = runs[-1][1]
        report = folder / "ends.csv"
        if done.returncode != 0 or not report.exists():
            print(f"tj3 failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
            sys.exit(1)
        with report.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / "study.tjp", args.keep / "study.tjp")
            shutil.copy(report, args.keep / "ends.csv")
    ends = [dt.datetime.strptime(row["End"], "%Y-%m-%d %H:%M").date() for row in rows]
    tj_weeks = week_index(max(ends)) + 1
    # tj3 must have honoured the dependencies too: check a few
    end_of = {row["Id"]: row["End"] for row in rows}
    start_of = {row["Id"]: row["Start"] for row in rows}
    for item in items:
        for prereq in item.get("prerequisites", []):
            assert end_of[prereq] <= start_of[item["id"]], (prereq, item["id"])

    net = tj_time - startup
    print(
        f"workload: {args.resources} resources, {total:g} h, {args.hours:g} h a week, "
        f"{sum(1 for i in items if i.get('prerequisites'))} with prerequisites"
    )
    print()
    print("| | ours | TaskJuggler 3 (tj3) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| time to schedule | {our_time * 1e3:.2f} ms | {tj_time * 1e3:.0f} ms wall "
        f"(start-up alone {startup * 1e3:.0f} ms) | {tj_time / our_time:,.0f}x faster "
        f"({net / our_time:,.0f}x net of tj3's start-up) |"
    )
    print(
        f"| makespan, weeks (lower bound {lower_bound}) | {len(plan.weeks)} "
        f"(max_parallel 3); {len(plan_wide.weeks)} (max_parallel 50) | {tj_weeks} | "
        f"ours - tj3 = {len(plan.weeks) - tj_weeks:+d} weeks |"
    )


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
