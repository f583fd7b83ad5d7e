"""Finishing something the week did not plan (a new user ticked "The Matrix Cookbook",
planned for a year later, its prerequisite not done): the week's record gains it, the
week's planned goals stay and the week says it is over budget, the tick says what it
builds on is not done, and a re-visit it brings is not shown as done already."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, done_hours, fresh_plan, is_goal_done
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan, CheckGoal
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.planning.plan import DONE, REVISIT
from planner.core.weeks import add_weeks, week_of
from planner.entry.cli.main import main
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

UTC = dt.timezone.utc
COOKBOOK = "matrix-cookbook"


def learner() -> tuple[AppState, Clock]:
    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=UTC))  # Tuesday of 2026-W49
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return app, clock


def open_goals(app: AppState) -> list[tuple[str, tuple[int, int] | None]]:
    week = current_plan(app).week(week_of(app.today()))
    assert week is not None
    return [(g.resource, g.units) for g in week.goals if g.kind not in (DONE, REVISIT)]


def test_finishing_unplanned_work_keeps_the_weeks_goals_and_says_it_is_over_budget() -> None:
    app, clock = learner()
    this_week = week_of(app.today())
    planned = open_goals(app)
    assert COOKBOOK not in {rid for rid, _ in planned}
    applied = app.apply(SetDone(COOKBOOK))
    assert "prerequisite not done yet" in applied.note
    assert "Matrix Calculus for Machine Learning" in applied.note
    plan = current_plan(app)
    week = plan.week(this_week)
    assert week is not None
    assert open_goals(app) == planned  # the week's goals stay, as they were
    record = [g for g in week.goals if g.kind == DONE]
    assert [(g.resource, g.hours) for g in record] == [(COOKBOOK, 3.0)]
    assert week.over_budget
    said = [w for w in plan.warnings if w.startswith(f"{this_week} is over budget")]
    assert len(said) == 1 and "The Matrix Cookbook" in said[0] and "they stay" in said[0]
    # Doing a planned goal afterwards: the cookbook stays outside the week's goals, so
    # the rest of them are still planned this week.
    maths = next(units for rid, units in planned if rid == "thomas-math-for-ml")
    assert maths is not None
    app.apply(RecordUnits("thomas-math-for-ml", maths[1]))
    left = {rid for rid, _ in open_goals(app)}
    assert "numpy-100-exercises" in left and "thomas-math-for-ml" not in left
    record = [g.resource for g in current_plan(app).week(this_week).goals  # type: ignore[union-attr]
              if g.kind == DONE]
    assert sorted(record) == sorted([COOKBOOK, "thomas-math-for-ml"])
    # The next week (Sunday night to Monday): the cookbook's week is history as it was,
    # and the new week plans from where the learner is, without it.
    clock.now = dt.datetime(2026, 12, 6, 23, 59, tzinfo=UTC)
    assert week_of(app.today()) == this_week
    clock.now = dt.datetime(2026, 12, 7, 0, 1, tzinfo=UTC)
    plan = current_plan(app)
    past = plan.week(this_week)
    assert past is not None and any(g.resource == COOKBOOK and g.kind == DONE
                                     for g in past.goals)
    now = plan.week(add_weeks(this_week, 1))
    assert now is not None and COOKBOOK not in {g.resource for g in now.goals}
    assert not now.over_budget
    assert ("thomas-math-for-ml", (maths[1] + 1, maths[1] + 1)) in open_goals(app)


def test_a_tick_of_a_planned_resource_with_its_prerequisites_done_says_nothing() -> None:
    app, _ = learner()
    assert app.apply(RecordUnits("thomas-math-for-ml", 1)).note == ""
    assert not any("over budget" in w for w in current_plan(app).warnings)


def test_the_revisit_a_rating_on_finishing_brings_is_not_done_already() -> None:
    app, clock = learner()
    this_week = week_of(app.today())
    app.apply(SetDone(COOKBOOK, rating="hard"))  # due again within days: this week
    week = current_plan(app).week(this_week)
    assert week is not None
    revisits = [g for g in week.goals if g.kind == REVISIT]
    assert [g.resource for g in revisits] == [COOKBOOK]
    assert not is_goal_done(app, this_week, revisits[0])
    assert done_hours(app, week) == 3.0  # the cookbook's 3 h, not its re-visit's 20 min
    # The re-visit done (a review in its week): now it is done.
    clock.now += dt.timedelta(days=2)
    app.apply(CheckGoal(this_week, revisits[0], rating="good"))
    assert is_goal_done(app, this_week, revisits[0])


def test_the_command_line_says_the_prerequisite_and_the_budget(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(tmp_path / "p.yaml")
    assert main(["--data-file", data, "plan", "--replan"]) == 0
    capsys.readouterr()
    assert main(["--data-file", data, "progress", COOKBOOK, "--done"]) == 0
    out = capsys.readouterr().out
    assert "note: “The Matrix Cookbook” has a prerequisite not done yet: “Matrix Calculus" \
        in out
    assert "is over budget: 3 h studied outside its goals (The Matrix Cookbook)" in out
    assert main(["--data-file", data, "week"]) == 0
    out = capsys.readouterr().out
    assert "over budget" in out and "[x] sections 1–10 of The Matrix Cookbook" in out
    assert "Mathematics for Machine Learning" in out
