"""The forecast's line for a category whose only open resource has every estimated hour
logged but is not checked off: nothing is left to plan for it, so the plan holds no week
for it. It was said to finish "beyond the plan" (as if it did not fit the horizon); the
forecast now says what it waits for.
"""

from __future__ import annotations

import datetime as dt

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan, plan_forecast
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import LogHours, SetDone
from planner.core.planning.review import forecast_lines, forecast_to_json
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

PAPER = "keshav-how-to-read-a-paper"  # Research Papers' one resource: 2 h, counted in hours


def line_of(app: AppState, title: str) -> str:
    [line] = [line for line in forecast_lines(plan_forecast(app))
              if line.startswith(f"  {title}: ")]
    return line.removeprefix(f"  {title}: ")


def test_every_hour_logged_but_not_done_is_said_as_such_through_the_weeks() -> None:
    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.timezone.utc))  # 2026-W49, Wed
    app = AppState(PlannerState(catalog=load_catalog(default_catalog_path())),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    assert line_of(app, "Research Papers").startswith("20")  # a week of the plan
    app.apply(LogHours(PAPER, 2))
    expected = ("nothing left to plan: mark “How to Read a Paper” done (every estimated "
                "hour logged)")
    assert line_of(app, "Research Papers") == expected
    [papers] = [c for c in forecast_to_json(plan_forecast(app))["categories"]  # type: ignore[union-attr]
                if c["id"] == "research-papers"]
    assert papers == {"id": "research-papers", "title": "Research Papers", "finish": None,
                      "done": False, "to_mark_done": ["How to Read a Paper"]}
    # a week and a day later, across the week boundary, it is still what it waits for
    clock.now += dt.timedelta(days=8)
    assert line_of(app, "Research Papers") == expected
    # the other categories still read as weeks
    assert line_of(app, "Theoretical").startswith("20")
    app.apply(SetDone(PAPER))
    assert line_of(app, "Research Papers") == "done"
