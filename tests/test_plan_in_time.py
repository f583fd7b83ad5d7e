"""Edges of the plan in time (issue 14), each found by a review of the change: a re-plan as
the first change of a new week, the calendar's last week, studying past the budget, how far
behind each week of a skipped stretch was, settings changed but not re-planned."""

from __future__ import annotations

import datetime as dt

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, fresh_plan, plan_is_out_of_date, weekly_review
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal
from planner.core.operations.progress import RecordUnits
from planner.core.planning.plan import DONE
from planner.core.weeks import week_of
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

UTC = dt.timezone.utc


def learner(day: dt.date = dt.date(2026, 12, 1)) -> tuple[AppState, Clock]:
    clock = Clock(dt.datetime.combine(day, dt.time(10), tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return app, clock


def tick_first(app: AppState, week: str | None = None) -> bool:
    """Check the first open goal of ``week`` (default: this one); False when none."""
    week = week or week_of(app.today())
    found = current_plan(app).week(week)
    goal = next((g for g in found.goals if g.kind != DONE), None) if found else None
    if goal is None:
        return False
    app.apply(CheckGoal(week, goal))
    return True


def test_a_re_plan_as_the_first_change_of_a_new_week_records_the_roll_over() -> None:
    app, clock = learner()
    clock.now += dt.timedelta(weeks=2)
    behind = weekly_review(app).behind_hours
    assert behind > 0
    app.apply(AcceptPlan(fresh_plan(app)))
    assert [e.type for e in app.state.journal[-2:]] == ["plan.accept", "plan.rollover"]
    assert weekly_review(app).behind_hours == behind  # not "on track" after the re-plan


def test_the_last_week_of_the_calendar_plans_and_ticks() -> None:
    app, clock = learner(dt.date(9999, 12, 20))  # Monday of 9999-W51, the last whole week
    assert tick_first(app)
    clock.now += dt.timedelta(days=8)  # 9999-W52 has no Sunday: nothing can be planned in
    app.apply(RecordUnits("thomas-math-for-ml", 3))  # it, but what is done there counts
    plan = current_plan(app)
    assert plan.start_week == "9999-W52" and app.state.journal[-1].type == "plan.rollover"
    assert [g.kind for g in plan.week("9999-W52").goals] == [DONE]  # type: ignore[union-attr]
    assert weekly_review(app).week == "9999-W51"


def test_studying_past_the_budget_is_not_over_budget() -> None:
    app, _ = learner()
    while tick_first(app):  # this week's goals
        pass
    assert tick_first(app, "2026-W50")  # and one of next week's, done this week
    week = current_plan(app).week(week_of(app.today()))
    assert week is not None and sum(g.hours for g in week.goals if g.kind == DONE) > week.budget
    assert not week.over_budget


def test_each_week_of_a_skipped_stretch_says_how_far_behind_it_ended() -> None:
    app, clock = learner()
    weeks = {w.week: w.planned_hours for w in current_plan(app).weeks}
    clock.now += dt.timedelta(weeks=2)  # W51: W49 and W50 were skipped
    assert weekly_review(app, "2026-W49").behind_hours == weeks["2026-W49"]
    assert weekly_review(app, "2026-W50").behind_hours == round(
        weeks["2026-W49"] + weeks["2026-W50"], 2)
    this_week = weekly_review(app, "2026-W51")
    assert not this_week.ended and this_week.behind_hours == round(
        weeks["2026-W49"] + weeks["2026-W50"], 2)  # how far behind the week began


def test_settings_not_re_planned_wait_for_the_re_plan_through_ticks() -> None:
    app, _ = learner()
    before = current_plan(app)
    app.apply(ChangeSettings(horizon_weeks=20, start_week="2027-W10"))
    assert plan_is_out_of_date(app)
    tick_first(app)
    after = current_plan(app)
    assert plan_is_out_of_date(app)  # still: the tick did not adopt them
    assert after.start_week == before.start_week
    assert len(after.weeks) == len(before.weeks)


def test_the_recent_pace_counts_the_weeks_since_the_learner_began() -> None:
    from planner.core.journal.goals import recent_hours

    app, clock = learner()
    while tick_first(app):  # W49: the week's goals
        pass
    clock.now += dt.timedelta(weeks=1)
    studied = recent_hours(app)
    assert len(studied) == 1 and studied[0] >= 4  # W49 alone, not three idle weeks before it


def test_the_review_says_how_the_roll_over_moved_the_finish_only_for_a_past_week() -> None:
    from dataclasses import replace

    from planner.core.planning.review import review_lines

    app, clock = learner()
    clock.now += dt.timedelta(weeks=2)
    past = weekly_review(app)  # W50, with the roll-over pending
    moved = replace(past, finish="2028-W10", previous_finish=None)
    assert ("  when the plan rolled over from 2026-W49 to 2026-W51, weeks together, the "
            "list's finish moved: in 2028-W10 (was beyond the plan)") in review_lines(moved)
    this_week = replace(moved, ended=False)
    assert not any("rolled over" in line for line in review_lines(this_week))


def test_a_goal_of_last_week_checked_late_counts_in_its_own_week_only() -> None:
    """Checked on Tuesday of the next week, a goal of last week is last week's record: this
    week's record does not hold it too, and this week's goals go on from it (before, this
    week showed the same section done a second time in place of the next one)."""
    app, clock = learner()  # plan accepted in 2026-W49
    goal = next(g for g in current_plan(app).week("2026-W49").goals  # type: ignore[union-attr]
                if g.resource == "thomas-math-for-ml")
    clock.now += dt.timedelta(days=7)  # 2026-W50
    app.apply(CheckGoal("2026-W49", goal))
    assert app.week_spans() == {}  # nothing was studied this week
    this_week = current_plan(app).week("2026-W50")
    assert this_week is not None and DONE not in [g.kind for g in this_week.goals]
    maths = next(g for g in this_week.goals if g.resource == "thomas-math-for-ml")
    assert goal.units is not None and maths.units == (goal.units[1] + 1, maths.units[1])  # type: ignore[index]
    assert weekly_review(app, "2026-W49").done_hours == goal.hours
    assert weekly_review(app, "2026-W50").done_hours == 0
    app.apply(CheckGoal("2026-W49", goal, checked=False))  # taken back, still late
    assert app.week_spans() == {}
    assert weekly_review(app, "2026-W49").done_hours == 0


def test_after_three_weeks_away_the_review_covers_each_of_them() -> None:
    from planner.core.journal.goals import reviews_since_roll_over
    from planner.core.operations.planning import RollOverPlan

    app, clock = learner()  # accepted on Tuesday of 2026-W49
    planned = {w.week: w.planned_hours for w in current_plan(app).weeks}
    clock.now += dt.timedelta(weeks=3)  # Tuesday of W52: W49, W50 and W51 went by
    reviews = reviews_since_roll_over(app)
    assert [r.week for r in reviews] == ["2026-W49", "2026-W50", "2026-W51"]
    assert [r.planned_hours for r in reviews] == [planned[r.week] for r in reviews]
    assert all(r.done_hours == 0 and r.ended for r in reviews)
    app.apply(RollOverPlan())  # rolled over: the same stretch, still, this week
    assert [r.week for r in reviews_since_roll_over(app)] == [r.week for r in reviews]
    clock.now = dt.datetime(2026, 12, 27, 23, 59, tzinfo=UTC)  # Sunday night of W52
    assert [r.week for r in reviews_since_roll_over(app)] == [r.week for r in reviews]
    clock.now += dt.timedelta(minutes=2)  # Monday of W53: only W52 is new
    assert [r.week for r in reviews_since_roll_over(app)] == ["2026-W52"]
    assert tick_first(app)  # the first change of the week rolls over from W52 alone
    assert [r.week for r in reviews_since_roll_over(app)] == ["2026-W52"]


def test_work_planned_only_in_missed_weeks_moves_from_the_week_it_was_missed_in() -> None:
    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(ChangeSettings(hours_per_week=20))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    old = current_plan(app)
    weeks_of = {}
    for week in old.weeks:
        for goal in week.goals:
            weeks_of.setdefault(goal.resource, []).append(week.week)
    clock.now += dt.timedelta(weeks=3)  # 2026-W52, nothing done
    only_past = {rid for rid, weeks in weeks_of.items() if max(weeks) < "2026-W52"}
    assert "keshav-how-to-read-a-paper" in only_past  # a 2 h paper, planned in W49
    moves = {m.resource: m for m in current_plan(app).moves}
    for rid in only_past & moves.keys():
        assert moves[rid].before == max(weeks_of[rid]), moves[rid]  # not "not planned"
        assert "carried over" in moves[rid].reason
    assert only_past & moves.keys()
    assert all(m.before is not None for m in moves.values())  # every resource was planned


def test_accepting_the_roll_over_records_it_once() -> None:
    from planner.core.operations.planning import RollOverPlan

    app, clock = learner()
    clock.now += dt.timedelta(weeks=1)  # 2026-W50
    applied = app.apply(RollOverPlan())
    rolls = [e for e in app.state.journal if e.type == "plan.rollover"]
    assert len(rolls) == 1 and len(applied.events) == 1
    assert (rolls[0].data["first"], rolls[0].data["to"]) == ("2026-W49", "2026-W50")
    app.undo(applied)
    assert not [e for e in app.state.journal if e.type == "plan.rollover"]
    app.redo(applied)
    assert [e.id for e in app.state.journal if e.type == "plan.rollover"] == [rolls[0].id]


def test_a_finish_moved_by_a_roll_over_of_several_weeks_says_so() -> None:
    from planner.core.operations.planning import RollOverPlan
    from planner.core.planning.review import review_lines

    app, clock = learner()
    while tick_first(app):  # W49 done in full
        pass
    clock.now += dt.timedelta(weeks=1)
    app.apply(RollOverPlan())  # W49 → W50: one week
    clock.now += dt.timedelta(weeks=2)  # W50 and W51 missed; W52
    app.apply(RollOverPlan())
    w49, w50 = weekly_review(app, "2026-W49"), weekly_review(app, "2026-W50")
    assert w49.rolled == ("2026-W49", "2026-W50")
    assert w50.rolled == ("2026-W50", "2026-W52")
    assert w50.previous_finish != w50.finish
    assert any(line.startswith("  when the plan rolled over from 2026-W50 to 2026-W52, weeks "
                               "together, the list's finish moved") for line in review_lines(w50))
    assert not any("when it rolled over" in line for line in review_lines(w50))
