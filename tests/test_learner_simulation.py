"""Learners live 26 weeks with the plan (issue 14), under an injected clock, in core.

Hypothesis draws the weekly budget and, for each week, what the learner does and on which
day at what time: everything; half of each goal; nothing (two skipped weeks and a catch-up
are among the draws); finish early (this week's goals and next week's); tick goals out of
order; record progress in the tree instead of ticking; re-plan and pin mid-week; check a
goal and undo it. Every day, at a time that moves round the clock (so days cross midnight
and weeks cross Sunday night), these hold:

* this week's goals start where the learner is;
* the plan from this week on plus the overflow is the remaining work (to 0.01 h);
* no tick credits more than its chunk, and what a past week records does not change;
* the review of last week adds up;
* the same history gives the same plan (the saved file, read back, plans the same).

The same learners through the command line under faketime: tests/test_learner_cli.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, fresh_plan, weekly_review
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal, PinAndReplan
from planner.core.operations.progress import LogHours, RecordUnits, SetDone
from planner.core.planning.plan import DONE, Goal, Plan
from planner.core.progress.rules import remaining_hours
from planner.core.weeks import add_weeks, monday, week_of
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from tests.clock import Clock

BEHAVIOURS = ("all", "half", "skip", "early", "out-of-order", "tree", "replan-and-pin",
              "undo")
START = dt.date(2026, 11, 30)  # Monday of 2026-W49
WEEKS = 26
TOLERANCE = 0.01 + 1e-9


def bundled() -> Path:
    return paths.default_catalog_path()


def new_learner(hours: float) -> tuple[AppState, Clock]:
    clock = Clock(dt.datetime.combine(START, dt.time(9), tzinfo=dt.timezone.utc))
    app = AppState(PlannerState(catalog=load_catalog(bundled())),
                   recorder=Recorder("sim", clock))
    app.apply(ChangeSettings(hours_per_week=hours))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return app, clock


def open_goals(app: AppState, week: str) -> list[Goal]:
    plan = current_plan(app)
    found = plan.week(week)
    return [g for g in found.goals if g.kind != DONE] if found is not None else []


def tick_all(app: AppState, week: str, *, reverse: bool = False) -> None:
    """Check the week's open goals one at a time, first to last (or last to first), each
    as the plan stands after the previous check."""
    for _ in range(40):
        goals = open_goals(app, week)
        if not goals:
            return
        app.apply(CheckGoal(week, goals[-1] if reverse else goals[0]))
    raise AssertionError(f"{week} never ran out of open goals")


def tick_as_they_stand(app: AppState, week: str) -> None:
    """Check the goals ``week`` holds now, once each (a later week fills up again with the
    work after them, so "until none are left" would never end there)."""
    for resource in [g.resource for g in open_goals(app, week)]:
        goal = next((g for g in open_goals(app, week) if g.resource == resource), None)
        if goal is not None:
            app.apply(CheckGoal(week, goal))


def record_in_tree(app: AppState, goal: Goal, *, half: bool) -> None:
    """Record a goal's work (or half of it) as progress, not as a tick."""
    resource = app.resource(goal.resource)
    progress = app.progress(goal.resource)
    if goal.units is not None and resource.units is not None:
        size = goal.units[1] - goal.units[0] + 1
        target = min(resource.units.count,
                     progress.units_done + (max(1, size // 2) if half else size))
        app.apply(RecordUnits(goal.resource, target))
    elif not half and remaining_hours(resource, progress) <= goal.hours + 1e-9:
        app.apply(SetDone(goal.resource))
    else:
        hours = round(goal.hours / 2, 2) if half else goal.hours
        if hours >= 0.01:
            app.apply(LogHours(goal.resource, hours))


def act(app: AppState, behaviour: str, week: str) -> None:
    if behaviour == "all":
        tick_all(app, week)
    elif behaviour == "out-of-order":
        tick_all(app, week, reverse=True)
    elif behaviour == "early":
        tick_all(app, week)
        tick_as_they_stand(app, add_weeks(week, 1))  # next week's too, done this week
    elif behaviour in ("half", "tree"):
        for goal in open_goals(app, week):
            record_in_tree(app, goal, half=behaviour == "half")
    elif behaviour == "replan-and-pin":
        goals = open_goals(app, week)
        if goals:
            record_in_tree(app, goals[0], half=True)
        app.apply(AcceptPlan(fresh_plan(app)))
        later = [g.resource for w in current_plan(app).weeks if w.week > add_weeks(week, 1)
                 for g in w.goals]
        if later:
            app.apply(PinAndReplan(later[0], add_weeks(week, 1)))
    elif behaviour == "undo":
        goals = open_goals(app, week)
        if goals:
            applied = app.apply(CheckGoal(week, goals[0]))
            app.undo(applied)


# ------------------------------------------------------------------ the invariants


def check_goals_start_where_the_learner_is(app: AppState, plan: Plan, now: str) -> None:
    first: dict[str, Goal] = {}
    for week in plan.weeks:
        if week.week >= now:
            for goal in week.goals:
                if goal.kind != DONE:
                    first.setdefault(goal.resource, goal)
    for rid, goal in first.items():
        resource = app.resource(rid)
        if goal.units is not None and resource.units is not None:
            done = min(app.progress(rid).units_done, resource.units.count)
            assert goal.units[0] == done + 1, (now, rid, goal, done)


def check_nothing_lost_or_invented(app: AppState, plan: Plan, now: str) -> None:
    planned: dict[str, float] = defaultdict(float)
    for week in plan.weeks:
        if week.week >= now:
            for goal in week.goals:
                if goal.kind != DONE:
                    planned[goal.resource] += goal.hours
    for item in plan.overflow:
        planned[item.resource] += item.hours
    for resource in app.catalog:
        left = remaining_hours(resource, app.progress(resource.id))
        assert abs(planned.get(resource.id, 0.0) - left) <= TOLERANCE, (
            now, resource.id, planned.get(resource.id), left)


def check_ticks(app: AppState) -> None:
    for event in app.state.journal:
        if event.type == "tick" and "first" in event.data:
            size = int(event.data["last"]) - int(event.data["first"]) + 1  # type: ignore[call-overload]
            assert 0 <= int(event.data.get("gave", 0)) <= size, event  # type: ignore[call-overload]


def check_review_adds_up(app: AppState) -> None:
    review = weekly_review(app)
    missed = sum(m.hours for m in review.missed)
    assert abs(review.planned_hours - review.done_hours - missed) <= TOLERANCE, review
    assert abs(review.done_hours - sum(g.hours for g in review.goals if g.done)) <= TOLERANCE
    assert abs(review.carried_over_hours - missed) <= TOLERANCE
    assert review.behind_hours >= 0 and review.ahead_hours >= 0


def past_records(plan: Plan, now: str) -> dict[str, tuple[Goal, ...]]:
    return {w.week: tuple(g for g in w.goals if g.kind == DONE)
            for w in plan.weeks if w.week < now}


def check_same_history_same_plan(app: AppState, clock: Clock, tmp: Path) -> None:
    store = StateFile(tmp / "planner.yaml", lambda: load_catalog(bundled()))
    read = store.parse(store.serialize(app.state), tmp / "planner.yaml")
    again = AppState(read, recorder=Recorder("sim", clock))
    mine, theirs = current_plan(app), current_plan(again)
    assert (mine.weeks, mine.overflow) == (theirs.weeks, theirs.overflow)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(hours=st.sampled_from([3.0, 5.0, 12.0]),
       weeks=st.lists(st.tuples(st.sampled_from(BEHAVIOURS), st.integers(0, 6)),
                      min_size=WEEKS, max_size=WEEKS),
       hour=st.integers(0, 23))
def test_a_learner_lives_26_weeks_with_the_plan(tmp_path: Path, hours: float,
                                                weeks: list[tuple[str, int]],
                                                hour: int) -> None:
    app, clock = new_learner(hours)
    seen: dict[str, tuple[Goal, ...]] = {}
    for n, (behaviour, day) in enumerate(weeks):
        for d in range(7):
            today = START + dt.timedelta(weeks=n, days=d)
            # a time that moves round the clock: some days' actions fall just before
            # midnight, some just after, and Sunday night's check is across the week line
            clock.now = dt.datetime.combine(today, dt.time((hour + 7 * d) % 24, 59),
                                            tzinfo=dt.timezone.utc)
            now = week_of(today)
            if d == day:
                act(app, behaviour, now)
            plan = current_plan(app)
            assert monday(plan.start_week or now) >= monday(now)
            check_goals_start_where_the_learner_is(app, plan, now)
            check_nothing_lost_or_invented(app, plan, now)
            records = past_records(plan, now)
            for week, done in seen.items():  # what a past week records stays
                if week < now and week in records:
                    assert records[week] == done, week
            seen = {**records, **seen}
        check_ticks(app)
        check_review_adds_up(app)
        check_same_history_same_plan(app, clock, tmp_path)


def test_two_skipped_weeks_then_a_catch_up_are_told_and_carried() -> None:
    """The issue's first reproduction, fixed: a plan from 2026-W49, nothing done for two
    weeks; in W51 this week starts with the missed work, the review says by how much the
    learner is behind, and catching up clears it."""
    app, clock = new_learner(5.0)
    first_week = current_plan(app).weeks[0]
    clock.now += dt.timedelta(weeks=2)  # W51
    plan = current_plan(app)
    this = plan.week("2026-W51")
    assert this is not None
    assert [(g.resource, g.units) for g in this.goals] == [
        (g.resource, g.units) for g in first_week.goals][: len(this.goals)]
    review = weekly_review(app)
    assert review.week == "2026-W50" and review.done_hours == 0
    assert review.behind_hours == round(sum(w.planned_hours for w in plan.weeks
                                            if w.week in ("2026-W49", "2026-W50")), 2)
    tick_all(app, "2026-W51")
    tick_as_they_stand(app, "2026-W52")  # catching up: next week's work, done this week
    clock.now += dt.timedelta(weeks=1)
    review = weekly_review(app)
    assert review.week == "2026-W51" and review.missed == () and review.ahead_hours > 0
