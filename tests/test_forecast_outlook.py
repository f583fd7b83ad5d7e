"""The forecast's line for a category whose only open resource has every estimated hour
logged but is not checked off: nothing is left to plan for it, so the plan holds no week
for it. It was said to finish "beyond the plan" (as if it did not fit the horizon); the
forecast now says what it waits for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
                      "done": False, "to_mark_done": ["How to Read a Paper"],
                      "someday": 0, "all_someday": False}
    # a week and a day later, across the week boundary, it is still what it waits for
    clock.now += dt.timedelta(days=8)
    assert line_of(app, "Research Papers") == expected
    # the other categories still read as weeks
    assert line_of(app, "Theoretical").startswith("20")
    app.apply(SetDone(PAPER))
    assert line_of(app, "Research Papers") == "done"


def test_resources_added_after_the_plan_are_not_planned_yet_not_waiting_for_a_tick(
        tmp_path: Path) -> None:
    """An import after the plan was made: its resources are in no week of the plan and not
    in its overflow, with all their work left. They were said to wait for a tick ("every
    estimated hour logged"), a new user saw; they wait for a re-plan."""
    from planner.core.operations.catalog import ReplaceCatalog

    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.timezone.utc))
    app = AppState(PlannerState(catalog=load_catalog(default_catalog_path())),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    added = tmp_path / "catalog.yaml"
    added.write_text(default_catalog_path().read_text().replace(
        "    resources:\n      - id: keshav-how-to-read-a-paper\n",
        "    resources:\n      - id: another-paper\n        title: Another Paper\n"
        "        kind: paper\n        effort_hours: 3\n"
        "      - id: keshav-how-to-read-a-paper\n", 1))
    app.apply(ReplaceCatalog(load_catalog(added), "import"))
    assert "another-paper" in app.catalog.resources
    text = line_of(app, "Research Papers")
    assert text.startswith("not planned yet (1 resource added since the plan was made: "
                           "re-plan to place them); the rest 20"), text
    assert "every estimated hour logged" not in text
    assert forecast_lines(plan_forecast(app))[0].endswith(
        ", not counting 1 resource added since the plan was made (re-plan to place them)")


def test_the_recent_pace_line_says_why_there_is_no_finish_at_it() -> None:
    """A new user had recorded 8.5 h in their first week and read 'nothing studied yet':
    the recent pace is measured over past weeks only. It now says which case it is."""
    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.timezone.utc))  # 2026-W49
    app = AppState(PlannerState(catalog=load_catalog(default_catalog_path())),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(LogHours(PAPER, 1))

    def recent() -> str:
        [line] = [line for line in forecast_lines(plan_forecast(app))
                  if line.startswith("  at your recent pace")]
        return line

    assert recent() == "  at your recent pace: no past week yet to measure it by"
    clock.now += dt.timedelta(days=7)  # 2026-W50: W49 is a past week, with 1 h done
    assert recent().startswith("  at your recent pace (up to the last 4 weeks): 20")
    clock.now += dt.timedelta(days=14)  # 2026-W52: W50 and W51 idle, W49 still counts
    assert recent().startswith("  at your recent pace (up to the last 4 weeks): 20")
    clock.now += dt.timedelta(days=21)  # 2027-W02: the last four weeks all idle
    assert recent() == ("  at your recent pace: nothing done in the last 4 weeks, so no "
                        "finish at that pace")
