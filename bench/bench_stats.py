"""`stats` and the learned pace over five years of daily study sessions (issue 15).

Workload: ``bench/generate.py``'s planner of 2,000 resources after a year of use, then five
years of one study session a day (~1,826, logged with ``LogSession`` through ``AppState``
on a clock moved a day at a time, each with a unit or an hour of progress). Timed, best of
``--repeat``: ``stats(app, weeks=52)`` (the sessions folded from the journal, hours per
week, streaks, the pace by kind and by resource, the plan's hours of each week). Floor, same
run: one pass over the journal counting its session events (the least a fold of them must
do). Budget: ≤ 30 ms (DESIGN §4).

    python bench/bench_stats.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import LAST_DAY, planner_state
from bench.timing import best
from planner.core.journal.events import Recorder
from planner.core.journal.state import AppState
from planner.core.journal.study import stats
from planner.core.operations.sessions import LogSession, Outcome

BUDGET_MS = 30.0
YEARS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    t0 = time.perf_counter()
    state = planner_state(2000, days=365)
    moment = [dt.datetime.combine(LAST_DAY, dt.time(20), tzinfo=dt.timezone.utc)]
    app = AppState(state, recorder=Recorder("bench", lambda: moment[0]))
    rng = random.Random(7)
    open_ids = [r.id for r in app.catalog if not app.progress(r.id).done]
    for _ in range(YEARS * 365 + 1):
        moment[0] += dt.timedelta(days=1)
        rid = rng.choice(open_ids)
        resource, progress = app.resource(rid), app.progress(rid)
        outcome = Outcome()
        if resource.units is not None and progress.units_done < resource.units.count - 1:
            outcome = Outcome(units=progress.units_done + 1)
        app.apply(LogSession(rid, rng.randint(20, 120), moment[0].date(), outcome))
    count = sum(1 for e in state.journal if e.type == "session")
    print(f"planner: {len(app.catalog)} resources, {len(state.journal)} events, "
          f"{count} sessions (made in {time.perf_counter() - t0:.0f} s)")

    floor = best(lambda: sum(1 for e in state.journal if e.type == "session"), args.repeat)
    took = best(lambda: stats(app, weeks=52), args.repeat)
    verdict = "met" if took * 1000 <= BUDGET_MS else "NOT met"
    print(f"floor: one pass over the journal {floor * 1000:7.1f} ms")
    print(f"stats over 52 weeks, with pace   {took * 1000:7.1f} ms  "
          f"({took / floor:.1f} × floor; budget ≤ {BUDGET_MS:.0f} ms: {verdict})")


if __name__ == "__main__":
    main()
