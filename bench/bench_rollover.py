"""Roll-over plus weekly review of a 2,000-resource planner with a year of history (issue 14).

Workload: ``bench/generate.py``'s planner of 2,000 resources after a year of daily use (its
history ends on Sunday 2026-11-29; the accepted plan is of that week). On Wednesday of the
next week the first change rolls the plan over and the window shows the review:

- **roll-over**: ``AppState.apply(RollOverPlan())`` (the weeks before this one kept as
  history, the rest planned again from where the learner is, the roll-over recorded);
- **review**: ``weekly_review`` of last week (its goals, what was missed and carried over,
  the finish weeks, the forecast of each category and deadline, the pace of the last four
  weeks from the journal);
- **follow a tick**: a check of one of this week's goals (its events, and the plan
  following it), as each tick does from now on.

The floor, in the same run: ``schedule()`` of the same catalog and progress from scratch
(the least a roll-over must do is plan the remaining work once). Budget: roll-over + review
≤ 50 ms (docs/performance.md). Each figure is the best of ``--repeat`` runs, each on a
fresh copy of the planner.

    python bench/bench_rollover.py [--repeat 9] [--resources 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import LAST_DAY, planner_state
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, weekly_review
from planner.core.journal.state import AppState
from planner.core.operations.planning import CheckGoal, RollOverPlan
from planner.core.planning.plan import DONE
from planner.core.planning.scheduler import schedule
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile

BUDGET_MS = 50.0
SCRATCH = Path("bench-rollover.yaml")  # a name for messages; nothing is written
WEDNESDAY = dt.datetime.combine(LAST_DAY + dt.timedelta(days=3), dt.time(19),
                                tzinfo=dt.timezone.utc)


def app_on(raw: bytes) -> AppState:
    """A fresh copy of the planner, read from its saved bytes."""
    store = StateFile(SCRATCH, lambda: load_catalog(default_catalog_path()))
    return AppState(store.parse(raw, SCRATCH), recorder=Recorder("bench", lambda: WEDNESDAY))


def timed(fn: object, repeat: int, setup: object) -> float:
    times = []
    for _ in range(repeat):
        arg = setup()  # type: ignore[operator]
        t0 = time.perf_counter()
        fn(arg)  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--resources", type=int, default=2000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    state = planner_state(args.resources, days=365)
    made = time.perf_counter() - t0
    print(f"planner: {len(state.catalog)} resources, {len(state.journal)} events "
          f"(generated in {made:.1f} s); the plan is of "
          f"{state.plan.start_week if state.plan else None}")
    raw = StateFile(SCRATCH, lambda: load_catalog(default_catalog_path())).serialize(state)

    def floor(app: AppState) -> None:
        schedule(app.catalog, app.state.progress, app.settings, today=app.today(),
                 pins=app.state.pins)

    def roll(app: AppState) -> None:
        app.apply(RollOverPlan())

    def review(app: AppState) -> None:
        weekly_review(app)

    def rolled() -> AppState:
        app = app_on(raw)
        app.apply(RollOverPlan())
        return app

    def tick(app: AppState) -> None:
        week = current_plan(app).week(current_plan(app).start_week or "")
        goal = next(g for g in week.goals if g.kind != DONE)  # type: ignore[union-attr]
        app.apply(CheckGoal(week.week, goal))  # type: ignore[union-attr]

    floor_ms = timed(floor, args.repeat, lambda: app_on(raw))
    roll_ms = timed(roll, args.repeat, lambda: app_on(raw))
    review_ms = timed(review, args.repeat, rolled)
    tick_ms = timed(tick, args.repeat, rolled)
    both = roll_ms + review_ms
    verdict = "met" if both <= BUDGET_MS else "NOT met"
    rows = [("floor: schedule() from scratch", floor_ms, ""),
            ("roll-over", roll_ms, ""),
            ("review of last week", review_ms, ""),
            ("roll-over + review", both, f"; budget ≤ {BUDGET_MS:.0f} ms: {verdict}"),
            ("a tick, with the plan following it", tick_ms, "")]
    for name, ms, note in rows:
        print(f"{name:36} {ms:7.1f} ms  ({ms / floor_ms:.2f} × floor{note})")

if __name__ == "__main__":
    main()
