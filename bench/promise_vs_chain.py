"""Would the plan be the same if the file kept the week's promise? (issue 18, a measurement)

The state file keeps the accepted plan as it follows the learner: each change of progress
follows the plan of the change before (``AppState._follow``). A plain ``git merge`` of two
machines' files then conflicts on this week's goals. Keeping the week's promise (the plan
as of its accept or roll-over) and following it at once from there would not, if the plan
came out the same. This counts how often it does not: random weeks on the bundled catalog
(units, hours and check-offs, mostly on planned resources, days passing), and after each
change the plan followed change by change against the promise followed at once.

    python bench/promise_vs_chain.py [WEEKS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.core.errors import UserError
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import LogHours, RecordUnits, SetDone
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_bundled_catalog
from planner.store.state_format import plan_to_data

CHANGES = 12


def week(seed: int) -> tuple[int, int, int]:
    """Changes compared, plans that differ, and of those, the ones that differ only in the
    order of a week's goals."""
    rnd = random.Random(seed)
    catalog = load_bundled_catalog(default_catalog_path())
    day = [dt.date(2026, 12, 7)]
    state = PlannerState.from_journal(catalog, [])
    app = AppState(state, today=lambda: day[0])
    app.apply(AcceptPlan(fresh_plan(app)))
    promise = state.plan
    compared = differ = order_only = 0
    for _ in range(CHANGES):
        if rnd.random() < 0.15:
            day[0] += dt.timedelta(days=rnd.choice([1, 2, 3]))
        assert state.plan is not None and promise is not None
        planned = [g.resource for w in state.plan.weeks for g in w.goals][:10]
        rid = rnd.choice(planned if rnd.random() < 0.8 else list(catalog.resources))
        resource, progress = catalog.resources[rid], state.progress.get(rid)
        try:
            if resource.units is not None and rnd.random() < 0.8:
                done = progress.units_done if progress else 0
                app.apply(RecordUnits(rid, min(resource.units.count,
                                               done + rnd.randint(1, 3))))
            elif resource.units is None and rnd.random() < 0.6:
                app.apply(LogHours(rid, rnd.choice([0.5, 1.0, 2.0])))
            else:
                app.apply(SetDone(rid, True))
        except UserError:
            continue
        if state.plan.start_week != promise.start_week:  # rolled over: a new promise
            promise = state.plan
            continue
        compared += 1
        chained = state.plan
        state.plan = promise
        try:
            at_once = app.followed_plan()
        finally:
            state.plan = chained
        a, b = plan_to_data(chained, catalog), plan_to_data(at_once, catalog)
        if a != b:
            differ += 1
            if ({w: sorted(v["goals"]) for w, v in a["weeks"].items()}
                    == {w: sorted(v["goals"]) for w, v in b["weeks"].items()}):
                order_only += 1
    return compared, differ, order_only


def main() -> None:
    weeks = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    totals = [0, 0, 0]
    weeks_differing = 0
    for seed in range(weeks):
        counts = week(seed)
        weeks_differing += counts[1] > 0
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    compared, differ, order_only = totals
    print(f"{weeks} weeks, {compared} changes compared: the plans differ after {differ} "
          f"({order_only} only in the order of a week's goals, {differ - order_only} in "
          f"its goals), in {weeks_differing} of the weeks")


if __name__ == "__main__":
    main()
