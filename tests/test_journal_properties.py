"""The journal's properties (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.fold import fold
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import CheckGoal
from planner.core.planning.plan import Goal
from planner.store.catalog_file import load_catalog
from tests.conftest import SMALL_CATALOG


@pytest.mark.parametrize("goal", [Goal("numpy-100", 2.0, (91, 130)), Goal("linalg", 6.0)],
                         ids=["past-the-last-unit", "hours-goal"])
def test_a_checked_goal_that_finishes_a_resource_records_all_its_units_no_more(
        goal: Goal) -> None:
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   today=lambda: dt.date(2026, 12, 6))
    app.apply(CheckGoal("2026-W49", goal))
    units = app.catalog.resources[goal.resource].units
    assert units is not None
    progress = app.progress(goal.resource)
    assert progress.done and progress.units_done == units.count
    assert fold(app.state.journal).progress == app.state.progress
