"""The weekly reminder's decision (``planner.core.reminders``): due or not, and its text,
with an injected clock — across midnight, a week's end and a year's end."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import SetDone
from planner.core.reminders import (
    GoalState,
    ReminderTime,
    due_reminder,
    last_moment,
    next_moment,
    week_goals,
)
from planner.store.catalog_file import load_catalog
from tests.clock import Clock
from tests.conftest import SMALL_CATALOG

TZ = dt.timezone(dt.timedelta(hours=1))
FRIDAY_18 = ReminderTime(4, dt.time(18, 0))
OPEN = [GoalState("chapters 1–2 of Linear Algebra Notes (2 h)", 2.0, False),
        GoalState("Matrix Calculus (1.5 h)", 1.5, False),
        GoalState("exercises 1–10 of 100 NumPy exercises (1 h)", 1.0, True)]


def at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


@pytest.mark.parametrize("text", ["fri 18:00", "mon 00:00", "sun 23:59"])
def test_the_time_reads_back_as_written(text: str) -> None:
    when = ReminderTime.parse(text)
    assert when is not None and when.text() == text


@pytest.mark.parametrize("text", [None, "", "off", "fri 24:00", "friday 18:00", "fri 6pm"])
def test_anything_else_is_no_reminder(text: str | None) -> None:
    assert ReminderTime.parse(text) is None


def test_due_from_its_moment_and_once() -> None:
    # 2026-12-04 is a Friday (2026-W49)
    assert due_reminder(FRIDAY_18, at("2026-12-04", "17:59:59"), None, OPEN) is None
    due = due_reminder(FRIDAY_18, at("2026-12-04", "18:00"), None, OPEN)
    assert due is not None and due.week == "2026-W49"
    assert due.moment == at("2026-12-04", "18:00")
    assert due.title == "This week: 2 of 3 goals still to do"
    assert due.body == ("3.5 h left: chapters 1–2 of Linear Algebra Notes (2 h); "
                        "Matrix Calculus (1.5 h)")
    sent = at("2026-12-04", "18:00:02")
    assert due_reminder(FRIDAY_18, at("2026-12-04", "21:00"), sent, OPEN) is None
    # a window opened on Saturday reminds of Friday's, once; sent last week counts not
    assert due_reminder(FRIDAY_18, at("2026-12-05", "09:00"), None, OPEN) is not None
    assert due_reminder(FRIDAY_18, at("2026-12-05", "09:00"), at("2026-11-27", "18:00"),
                        OPEN) is not None


def test_a_late_evening_reminder_is_still_due_after_midnight_in_the_same_week() -> None:
    thursday_late = ReminderTime(3, dt.time(23, 30))
    assert next_moment(thursday_late, at("2026-12-03", "23:00")) == at("2026-12-03", "23:30")
    due = due_reminder(thursday_late, at("2026-12-04", "00:10"), None, OPEN)
    assert due is not None and due.moment == at("2026-12-03", "23:30")


def test_the_week_boundary_ends_a_reminder_and_the_next_is_next_week() -> None:
    sunday_late = ReminderTime(6, dt.time(23, 30))
    assert due_reminder(sunday_late, at("2026-12-06", "23:45"), None, OPEN) is not None
    monday = at("2026-12-07", "00:10")  # 2026-W50: last week's goals are not reminded of
    assert last_moment(sunday_late, monday) == at("2026-12-06", "23:30")
    assert due_reminder(sunday_late, monday, None, OPEN) is None
    assert next_moment(sunday_late, monday) == at("2026-12-13", "23:30")


def test_a_reminder_at_monday_midnight_is_the_new_weeks() -> None:
    monday_0 = ReminderTime(0, dt.time(0, 0))
    sunday = at("2026-12-06", "23:59:59")
    assert due_reminder(monday_0, sunday, at("2026-11-30", "00:00"), OPEN) is None
    assert next_moment(monday_0, sunday) == at("2026-12-07", "00:00")
    due = due_reminder(monday_0, at("2026-12-07", "00:00"), at("2026-11-30", "00:00"), OPEN)
    assert due is not None and due.week == "2026-W50"


def test_across_the_years_end() -> None:
    due = due_reminder(FRIDAY_18, at("2027-01-01", "18:30"), at("2026-12-25", "18:00"), OPEN)
    assert due is not None and due.week == "2026-W53"
    assert next_moment(FRIDAY_18, at("2026-12-31", "20:00")) == at("2027-01-01", "18:00")


def test_nothing_when_the_weeks_goals_are_done_or_there_are_none() -> None:
    done = [GoalState(g.description, g.hours, True) for g in OPEN]
    assert due_reminder(FRIDAY_18, at("2026-12-04", "18:00"), None, done) is None
    assert due_reminder(FRIDAY_18, at("2026-12-04", "18:00"), None, []) is None
    assert due_reminder(None, at("2026-12-04", "18:00"), None, OPEN) is None


def test_many_open_goals_are_named_three_then_counted() -> None:
    goals = [GoalState(f"Goal {n} (1 h)", 1.0, False) for n in range(5)]
    due = due_reminder(FRIDAY_18, at("2026-12-04", "18:00"), None, goals)
    assert due is not None and due.title == "This week: 5 of 5 goals still to do"
    assert due.body == "5 h left: Goal 0 (1 h); Goal 1 (1 h); Goal 2 (1 h); and 2 more"
    one = due_reminder(FRIDAY_18, at("2026-12-04", "18:00"), None, goals[:1])
    assert one is not None and one.title == "This week: your goal still to do"


def test_the_weeks_goals_from_the_plan_and_none_once_all_are_done() -> None:
    clock = Clock(at("2026-12-04", "18:00"))
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    goals = week_goals(app)
    assert goals and not any(g.done for g in goals)
    due = due_reminder(FRIDAY_18, clock.now, None, goals)
    assert due is not None and goals[0].description in due.body
    plan = app.plan_today()
    assert plan is not None
    this_week = plan.week("2026-W49")
    assert this_week is not None
    for resource in {goal.resource for goal in this_week.goals}:
        app.apply(SetDone(resource))
    goals = week_goals(app)
    assert goals and all(g.done for g in goals)
    assert due_reminder(FRIDAY_18, clock.now, None, goals) is None
