"""Re-visits in the weekly plan as the learner lives them (a new user's walk-through,
2026-12): the rating given on finishing is not the re-visit done; a re-visit ticked stays
in its week, ticked and counted, through the next week's roll-over and review; Undo brings
it back unticked; `revisit list` shows an overdue card's recall today. Injected clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import (
    current_plan,
    done_hours,
    fresh_plan,
    is_goal_done,
    rollovers,
    weekly_review,
)
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan, CheckGoal, GoalError
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.operations.revisits import RateResource
from planner.core.planning.plan import REVISIT, Goal, WeekPlan
from planner.core.revisits.cards import revisit_minutes
from planner.core.weeks import add_weeks, monday, week_of
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

UTC = dt.timezone.utc
MATRIX = "matrix-calculus-for-ml"  # 7 h: a 40-minute re-visit


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


def new_app(day: dt.date = dt.date(2026, 11, 30)) -> tuple[AppState, Clock]:
    clock = Clock(at(day))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    return app, clock


def this_week(app: AppState) -> WeekPlan:
    week = current_plan(app).week(week_of(app.today()))
    assert week is not None
    return week


def revisits_of(week: WeekPlan, rid: str = MATRIX) -> list[Goal]:
    return [g for g in week.goals if g.kind == REVISIT and g.resource == rid]


def finished_and_due_this_week() -> tuple[AppState, Clock]:
    """MATRIX finished on a Monday, rated good: its first re-visit falls due that week."""
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    due = app.cards()[MATRIX].due
    assert week_of(due) == week_of(app.today()), "the test wants a re-visit due this week"
    return app, clock


def test_the_rating_on_finishing_is_not_the_revisit_done() -> None:
    app, clock = finished_and_due_this_week()
    week = this_week(app)
    [goal] = revisits_of(week)
    assert not is_goal_done(app, week.week, goal)
    assert goal.hours not in (done_hours(app, week),)
    # the next week: the missed re-visit is not counted done in the review, and the past
    # week keeps the same numbers whichever day it is looked at
    clock.now = at(monday(add_weeks(week.week, 1)) + dt.timedelta(days=1))
    review = weekly_review(app, week.week)
    outcome = next(o for o in review.goals if o.resource == MATRIX and "e-visit" in
                   o.description)
    assert not outcome.done
    first = (review.planned_hours, review.done_hours)
    clock.now = at(monday(add_weeks(week.week, 1)) + dt.timedelta(days=5))
    again = weekly_review(app, week.week)
    assert (again.planned_hours, again.done_hours) == first


def test_a_revisit_ticked_stays_in_its_week_ticked_and_counted() -> None:
    app, clock = finished_and_due_this_week()
    clock.now = at(app.cards()[MATRIX].due, 18)
    week = this_week(app)
    [goal] = revisits_of(week)
    before = done_hours(app, week)
    applied = app.apply(CheckGoal(week.week, goal, rating="good"))
    assert app.cards()[MATRIX].due > clock.now.date()
    week = this_week(app)
    [kept] = revisits_of(week)
    assert kept.hours == goal.hours == round(revisit_minutes(
        app.catalog.resources[MATRIX]) / 60, 2)
    assert is_goal_done(app, week.week, kept)
    assert done_hours(app, week) == round(before + goal.hours, 6)
    # the accepted plan (what the file holds) says the same
    saved = app.state.plan.week(week.week) if app.state.plan is not None else None
    assert saved is not None and revisits_of(saved)
    # Undo: back unticked, still this week's re-visit (due again)
    app.undo(applied)
    week = this_week(app)
    [back] = revisits_of(week)
    assert not is_goal_done(app, week.week, back)
    app.redo(applied)
    # the next week: the past week keeps it done, its review counts it, the roll-over
    # carries none of it, and the next re-visit is not in the new week's goals as done
    done_week = week.week
    clock.now = at(monday(add_weeks(done_week, 1)) + dt.timedelta(days=1))
    past = current_plan(app).week(done_week)
    assert past is not None
    [record] = revisits_of(past)
    assert is_goal_done(app, done_week, record)
    review = weekly_review(app, done_week)
    assert review.done_hours >= record.hours
    assert MATRIX not in {m.resource for m in review.missed}
    roll = rollovers(app)[-1]
    assert roll.to == week_of(clock.now.date())
    assert roll.carried_hours == review.carried_over_hours
    new_week = this_week(app)
    assert not any(is_goal_done(app, new_week.week, g) for g in revisits_of(new_week))


def test_a_missed_revisit_is_checked_in_this_weeks_goals_not_in_its_past_week() -> None:
    # Checked late in the week it was missed, a review dated today never made that week's
    # goal done, and each check added another review. Now the past week's is refused,
    # naming where it waits; checked there, it is done once.
    app, clock = finished_and_due_this_week()
    missed_week = this_week(app).week
    [missed] = revisits_of(this_week(app))
    clock.now = at(monday(add_weeks(missed_week, 1)) + dt.timedelta(days=2))
    journal = app.state.journal
    with pytest.raises(GoalError, match=rf"{missed_week} is over, and its re-visit of "
                                        r"“Matrix Calculus.*waits in this week's goals"):
        app.apply(CheckGoal(missed_week, missed, rating="good"))
    assert app.state.journal == journal
    week = this_week(app)
    [waiting] = revisits_of(week)
    app.apply(CheckGoal(week.week, waiting, rating="good"))
    assert is_goal_done(app, week.week, waiting)
    with pytest.raises(GoalError, match="checked already"):
        app.apply(CheckGoal(week.week, waiting, rating="good"))
    assert len(app.cards()[MATRIX].reviews) == 2  # the answer on finishing, and this one


def test_finishing_a_resource_again_is_not_its_revisit_done() -> None:
    # The answer on finishing is marked as such: unchecked and finished again in the week
    # its re-visit falls due, the second answer did count as that re-visit done.
    app, clock = finished_and_due_this_week()
    clock.now = at(app.cards()[MATRIX].due, 9)
    app.apply(SetDone(MATRIX, done=False))
    app.apply(SetDone(MATRIX, rating="good"))
    card = app.cards()[MATRIX]
    assert [r.finishing for r in card.reviews] == [True, True]
    assert card.revisits == ()
    week = this_week(app)
    assert not any(is_goal_done(app, week.week, g) for g in revisits_of(week))
    # a re-visit rated on its own is one
    app.apply(RateResource(MATRIX, "good"))
    assert [r.finishing for r in app.cards()[MATRIX].revisits] == [False]


def test_a_file_without_the_finishing_mark_takes_the_first_review_for_it() -> None:
    from planner.core.revisits.cards import reviews_of

    app, _ = finished_and_due_this_week()
    app.apply(RateResource(MATRIX, "hard"))
    journal = [replace(e, data={k: v for k, v in e.data.items() if k != "finish"})
               for e in app.state.journal]  # as an earlier version wrote them
    assert [r.finishing for r in reviews_of(journal)[MATRIX]] == [True, False]


def test_a_revisit_rated_again_comes_back_next_week_not_twice_in_this_one() -> None:
    app, clock = finished_and_due_this_week()
    clock.now = at(app.cards()[MATRIX].due, 9)
    week = this_week(app)
    [goal] = revisits_of(week)
    app.apply(CheckGoal(week.week, goal, rating="again"))
    assert week_of(app.cards()[MATRIX].due) == week.week  # due again within the week
    [kept] = revisits_of(this_week(app))
    assert is_goal_done(app, week.week, kept)
    later = [w for w in current_plan(app).weeks if w.week > week.week and revisits_of(w)]
    assert later and later[0].week == add_weeks(week.week, 1)


def test_an_overdue_revisit_shows_the_recall_today() -> None:
    app, clock = finished_and_due_this_week()
    card = app.cards()[MATRIX]
    clock.now = at(card.due + dt.timedelta(days=30))
    [due] = [d for d in app.due_revisits() if d.resource == MATRIX]
    assert due.recall == card.recall(clock.now.date())
    assert due.recall < card.recall(card.due) - 0.05
    clock.now = at(card.due - dt.timedelta(days=1))  # not due yet: the recall then
    [due] = [d for d in app.due_revisits() if d.resource == MATRIX]
    assert due.recall == card.recall(card.due)


# ------------------------------------------------------------------ the command line


def test_week_check_takes_a_rating_when_the_goal_finishes_its_resource() -> None:
    from planner.core.errors import UserError
    from planner.core.operations.planning import goal_finishes
    from planner.entry.cli.plan import _tick

    app, clock = new_app()
    first = [g for g in this_week(app).goals if g.units is not None]
    resource = app.catalog.resources[first[0].resource]
    assert resource.units is not None
    app.apply(RecordUnits(resource.id, resource.units.count - 1))  # its last unit left
    clock.now += dt.timedelta(weeks=1)  # this week: the last unit, beside other work
    app.apply(AcceptPlan(fresh_plan(app)))
    goals = [g for g in this_week(app).goals if g.kind != REVISIT]
    finishing = [g for g in goals if goal_finishes(app, g)]
    unfinished = [g for g in goals if not goal_finishes(app, g)]
    assert finishing and unfinished, "the test wants both kinds of goal this week"
    week = this_week(app)
    try:
        _tick(app, week.week, unfinished[0].resource, True, "good")
    except UserError as exc:
        assert "unfinished" in str(exc) and unfinished[0].resource in str(exc)
    else:
        raise AssertionError("a rating on a goal that does not finish was taken")
    assert not app.progress(unfinished[0].resource).done  # refused before any change
    rid = finishing[0].resource
    out = _tick(app, week.week, rid, True, "hard")
    assert "Checked" in out and app.progress(rid).done
    assert [r.word for r in app.cards()[rid].reviews] == ["hard"]


def test_checking_a_revisit_leaves_the_weeks_other_goals_as_they_were() -> None:
    """A new user's walk-through (2027-W02): checking a 1 h re-visit turned "videos 11–17"
    into "videos 11–20" and swapped a chapter of one book for another. Done, the re-visit
    kept its room in the week, but the tracks were shared out over the whole budget as
    if it had none: the week's other goals must stay as they were."""
    app, clock = finished_and_due_this_week()
    clock.now += dt.timedelta(days=1)
    week = this_week(app)
    [goal] = revisits_of(week)
    others = [g for g in week.goals if g.kind != REVISIT]
    assert len({app.catalog.resources[g.resource].parent for g in others}) > 1  # tracks
    app.apply(CheckGoal(week.week, goal))
    after = this_week(app)
    assert [g for g in after.goals if g.kind != REVISIT] == others
    assert [is_goal_done(app, after.week, g) for g in revisits_of(after)] == [True]
