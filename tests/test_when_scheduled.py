"""The detail pane's line on when a resource is scheduled, read from the plan. No Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.planning.plan import Goal, OverflowItem, Plan, WeekPlan
from planner.core.planning.scheduled import NOT_PLANNED, week_span, when_scheduled
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings
from planner.store.catalog_file import load_catalog
from tests.conftest import SMALL_CATALOG

THIS_WEEK = "2026-W51"


def week(label: str, *resources: str) -> WeekPlan:
    return WeekPlan(label, tuple(Goal(rid, 1.0) for rid in resources), 5.0)


PLAN = Plan(
    5.0,
    (week("2026-W49", "past", "both"), week("2026-W50", "past"),
     week("2026-W51", "both", "book", "one"), week("2026-W52", "book"),
     week("2026-W53", "book", "split"), week("2027-W01", "book", "year")),
    overflow=(OverflowItem("split", 3.0, "the rest does not fit in the 3-week horizon"),
              OverflowItem("big", 9.0, "does not fit in the 3-week horizon")),
)


@pytest.mark.parametrize(("rid", "text"), [
    ("one", "Scheduled: 2026-W51"),
    ("book", "Scheduled: 2026-W51 – 2027-W01"),  # across a year: both years said
    ("both", "Scheduled: 2026-W51"),  # its goal of a past week is history
    ("year", "Scheduled: 2027-W01"),
    ("past", NOT_PLANNED),  # planned only in weeks gone by: a re-plan carries it over
    ("new", NOT_PLANNED),  # added since the plan was made
    ("big", "In the overflow: does not fit in the 3-week horizon"),
    ("split", "Scheduled: 2026-W53; the rest is in the overflow: the rest does not fit in "
              "the 3-week horizon"),
])
def test_when_scheduled(rid: str, text: str) -> None:
    assert when_scheduled(PLAN, rid, done=False, this_week=THIS_WEEK) == text


def test_done_or_no_plan() -> None:
    assert when_scheduled(PLAN, "book", done=True, this_week=THIS_WEEK) == "Done"
    assert when_scheduled(None, "book", done=False, this_week=THIS_WEEK) == NOT_PLANNED
    assert NOT_PLANNED == "Not planned yet — re-plan to schedule it"


def test_week_span() -> None:
    assert week_span("2027-W03", "2027-W03") == "2027-W03"
    assert week_span("2027-W03", "2027-W08") == "2027-W03 – W08"
    assert week_span("2026-W51", "2027-W02") == "2026-W51 – 2027-W02"


def test_a_scheduled_plan_read_back() -> None:
    """The small catalog at 5 h a week from 2026-W48: linear algebra in W48–W49, the
    exercises from W49 to W51."""
    plan = schedule(load_catalog(SMALL_CATALOG), {}, Settings(), today=dt.date(2026, 11, 25))
    say = {rid: when_scheduled(plan, rid, done=False, this_week="2026-W48")
           for rid in ("linalg", "calculus", "numpy-100")}
    assert say == {"linalg": "Scheduled: 2026-W48 – W49", "calculus": "Scheduled: 2026-W49",
                   "numpy-100": "Scheduled: 2026-W49 – W51"}
