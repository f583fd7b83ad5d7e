"""Refresh before it is needed (issue 17): a finished prerequisite whose predicted recall
falls below the target by the time its dependant starts is re-visited the week before,
and the plan says why. Injected clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.core.catalog.model import catalog_from_data
from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import ChangeSettings
from planner.core.operations.progress import LogHours, SetDone
from planner.core.planning.plan import REVISIT, Plan
from planner.core.revisits.refresh import first_weeks
from planner.core.weeks import monday
from tests.clock import Clock

UTC = dt.timezone.utc
DAY = dt.date(2026, 12, 1)  # a Tuesday of 2026-W49


def app_with(b_hours: float) -> AppState:
    """Five finished readings and A, each with a 2-hour re-visit, in catalog order ahead of
    A; C needs A and B (``b_hours`` of work still to do); 8 h a week, a quarter for
    re-visits: one re-visit a week."""
    old = [{"id": f"p{i}", "title": f"P{i}", "effort_hours": 20} for i in range(1, 6)]
    items: list[dict[str, Any]] = [
        *old,
        {"id": "a", "title": "Matrix Calculus", "effort_hours": 20},
        {"id": "b", "title": "B", "effort_hours": b_hours, "priority": 1},
        {"id": "c", "title": "Deep Learning", "effort_hours": 5, "prerequisites": ["a", "b"]},
    ]
    catalog = catalog_from_data({"title": "t", "categories": [{"title": "All",
                                                               "resources": items}]})
    clock = Clock(dt.datetime.combine(DAY, dt.time(10), tzinfo=UTC))
    app = AppState(PlannerState(catalog=catalog), recorder=Recorder("t", clock))
    app.apply(ChangeSettings(hours_per_week=8.0, revisit_share=0.25))
    return app


def revisit_weeks(plan: Plan, rid: str) -> list[str]:
    return [w.week for w in plan.weeks for g in w.goals if g.kind == REVISIT and g.resource == rid]


def test_a_forgotten_prerequisite_is_revisited_the_week_before_its_dependant_starts() -> None:
    app = app_with(b_hours=12)
    for rid in ("p1", "p2", "p3", "p4", "p5", "a"):
        app.apply(SetDone(rid, rating="good"))
    plan = fresh_plan(app)
    start = first_weeks(plan)["c"]
    recall = app.cards()["a"].recall(monday(start))
    assert recall < app.settings.retention
    assert revisit_weeks(plan, "a") and revisit_weeks(plan, "a")[0] < start
    reason = (f"re-visit Matrix Calculus before starting Deep Learning: "
              f"recall ≈ {recall:.2f}")
    assert reason in plan.warnings
    # the other re-visits, due as early, wait their turn behind it in the share
    assert revisit_weeks(plan, "p1")[0] > revisit_weeks(plan, "a")[0]
    assert revisit_weeks(plan, "p5")[0] >= start


def test_no_refresh_while_the_recall_at_the_start_is_above_the_target() -> None:
    app = app_with(b_hours=2)  # C can start next week, before A falls due
    for rid in ("p1", "p2", "p3", "p4", "p5"):
        app.apply(SetDone(rid, rating="good"))
    app.apply(SetDone("a", rating="easy"))
    plan = fresh_plan(app)
    start = first_weeks(plan)["c"]
    card = app.cards()["a"]
    assert card.recall(monday(start)) >= app.settings.retention
    assert not [w for w in plan.warnings if w.startswith("re-visit ")]
    # A waits its turn in the share, after the five due before it: not moved
    assert revisit_weeks(plan, "a")[0] > revisit_weeks(plan, "p5")[0] >= start


def test_a_dependant_started_already_calls_for_no_refresh() -> None:
    app = app_with(b_hours=12)
    app.apply(SetDone("a", rating="again"))
    plan = fresh_plan(app)
    assert any(w.startswith("re-visit Matrix Calculus") for w in plan.warnings)
    app.apply(SetDone("b"))
    app.apply(LogHours("c", 1.0))
    plan = fresh_plan(app)
    assert not any(w.startswith("re-visit Matrix Calculus") for w in plan.warnings)


def test_the_same_history_gives_the_same_refreshes() -> None:
    plans = []
    for _ in range(2):
        app = app_with(b_hours=12)
        for rid in ("p1", "p2", "a"):
            app.apply(SetDone(rid, rating="hard"))
        plans.append(fresh_plan(app))
    assert plans[0].weeks == plans[1].weeks and plans[0].warnings == plans[1].warnings
