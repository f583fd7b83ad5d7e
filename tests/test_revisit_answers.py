"""The answer to "how well could you explain it now?" on finishing a resource, whichever
way it is finished: a review, or skip (no re-visits); one change with the check."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.goals import current_plan
from planner.core.operations.planning import CheckGoal, goal_finishes
from planner.core.operations.progress import SetDone
from planner.core.operations.revisits import RevisitError
from planner.core.planning.plan import REVISIT
from tests.test_revisits import MATRIX, new_app


def test_skip_on_finishing_records_no_review_and_stops_earlier_ones() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="skip"))
    assert app.progress(MATRIX).done and MATRIX not in app.cards()
    app.apply(SetDone(MATRIX, False))
    app.apply(SetDone(MATRIX, rating="good"))
    assert MATRIX in app.cards()
    app.apply(SetDone(MATRIX, False))
    clock.now += dt.timedelta(days=3)
    app.apply(SetDone(MATRIX, rating="skip"))  # finished again, no more re-visits
    assert MATRIX not in app.cards() and app.due_revisits() == []


def test_the_goal_that_finishes_a_resource_carries_the_rating_and_one_undo_takes_both() -> None:
    app, _ = new_app()
    plan = current_plan(app)
    week, goal = next((w, g) for w in plan.weeks for g in w.goals if goal_finishes(app, g))
    others = [g for g in plan.weeks[0].goals if not goal_finishes(app, g)]
    length = len(app.state.journal)
    applied = app.apply(CheckGoal(week.week, goal, rating="hard"))
    assert app.progress(goal.resource).done
    assert [r.word for r in app.cards()[goal.resource].reviews] == ["hard"]
    app.undo(applied)
    assert not app.progress(goal.resource).done and goal.resource not in app.cards()
    assert len(app.state.journal) == length
    for other in others:  # a goal that does not finish: no question, no review
        app.apply(CheckGoal(plan.weeks[0].week, other, rating="good"))
        assert other.resource not in app.cards()


def test_a_revisit_goal_skipped_stops_the_revisits() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="again"))
    due = app.cards()[MATRIX].due
    clock.now = dt.datetime.combine(due + dt.timedelta(days=7), dt.time(10),
                                    tzinfo=dt.timezone.utc)
    plan = current_plan(app)
    week, goal = next((w, g) for w in plan.weeks for g in w.goals if g.kind == REVISIT)
    assert not goal_finishes(app, goal)
    with pytest.raises(RevisitError, match="again, hard, good or easy"):
        app.apply(CheckGoal(week.week, goal, rating="fine"))
    app.apply(CheckGoal(week.week, goal, rating="skip"))
    assert MATRIX not in app.cards()
