"""The preview of a pin is the plan the pin accepts, and making it records nothing. No Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.events import Recorder, clock_at
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState, UnknownResourceError
from planner.core.operations.planning import AcceptPlan, Pin, PinAndReplan
from planner.core.weeks import WeekError
from planner.store.catalog_file import load_catalog
from tests.conftest import SMALL_CATALOG

NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)  # a Wednesday, 2026-W48


def new_app() -> AppState:
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), today=NOON.date,
                   recorder=Recorder("dev1", clock_at(NOON)))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return app


@pytest.mark.parametrize(("pins", "rid", "week", "reason"), [
    ({}, "numpy-100", "2026-W48", "pinned to 2026-W48"),
    ({"numpy-100": "2026-W48"}, "numpy-100", None, "unpinned"),
])
def test_the_preview_is_the_plan_the_pin_accepts(pins: dict[str, str], rid: str,
                                                 week: str | None, reason: str) -> None:
    app = new_app()
    for pinned, pinned_week in pins.items():
        app.apply(PinAndReplan(pinned, pinned_week))
    state, last_event = app.state, app.recorder.last
    change = PinAndReplan(rid, week)
    preview = change.preview(app)
    assert app.state is state and app.recorder.last == last_event  # nothing made, nothing said
    assert {m.resource: m.reason for m in preview.moves}[rid] == reason
    app.apply(change)
    assert app.state.plan == preview
    assert app.state.pins == ({rid: week} if week else {})


def test_a_preview_is_refused_as_the_pin_would_be() -> None:
    app = new_app()
    with pytest.raises(UnknownResourceError):
        PinAndReplan("nope", "2026-W48").preview(app)
    with pytest.raises(WeekError):
        PinAndReplan("numpy-100", "next week").preview(app)
    assert Pin("numpy-100", "2026W50").label(app) == "Plan “100 NumPy exercises” for 2026-W50"
    assert Pin("numpy-100", None).label(app) == "Unpin “100 NumPy exercises”"
