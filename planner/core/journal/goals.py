"""Weekly goals as the user sees them: which are done, and the plans on offer.

Since the plan follows progress (``planning.following``), a week's done goals are its
record of what was studied, and its other goals start where the learner is. Plans from
before that hold ticks instead: a tick (a journal event, folded into
``PlannerState.ticks``) is keyed by the chunk it was made on, so a re-plan that gives the
week another chunk does not carry the check to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from planner.core.errors import UserError
from planner.core.journal.fold import tick_key
from planner.core.journal.state import AppState
from planner.core.planning.following import RollOver, done_goals, finish_week, roll_over_of
from planner.core.planning.plan import DONE, REVISIT, Goal, Plan, WeekPlan, is_work
from planner.core.planning.review import RECENT_WEEKS, Forecast, Review, forecast, review
from planner.core.planning.tracks import shares_of
from planner.core.progress.rules import EMPTY_PROGRESS
from planner.core.sessions.model import sessions_of
from planner.core.sessions.pace import learned_pace
from planner.core.weeks import add_weeks, monday, week_of


def goal_key(week: str, goal: Goal) -> str:
    """The key of ``goal``'s tick in ``PlannerState.ticks`` (its week and its chunk)."""
    return tick_key(week, goal.resource, goal.hours, goal.units)


def is_goal_done(app: AppState, week: str, goal: Goal) -> bool:
    """A done goal is its week's record of what was studied. Any other goal is open (this
    week or later: it starts where the learner is) or was missed (a past week), unless a
    tick names its exact chunk: the checks of plans from before goals followed progress
    (a version-1 file), and of a past week's goal checked late. In a plan that has not
    followed the progress yet (just loaded from such a file), a goal of a finished
    resource is done too. A re-visit is done when the resource was re-visited in its week
    (``AppState.is_recorded_done``): the week keeps it, ticked (``AppState.revisited``)."""
    if app.is_recorded_done(week, goal):
        return True
    return (goal.kind != REVISIT and week >= week_of(app.today())
            and app.progress(goal.resource).done)


def is_open(app: AppState, week: str, goal: Goal) -> bool:
    """Whether ``goal`` is a goal still to do of ``week`` in the plan as it stands today
    (not one of an older plan: the checks of those are refused once made)."""
    plan = app.plan_today()
    found = plan.week(week) if plan is not None else None
    return goal.kind != DONE and found is not None and goal in found.goals


def done_hours(app: AppState, week: WeekPlan) -> float:
    """Planned hours of the week's goals that are done."""
    return round(sum(g.hours for g in week.goals if is_goal_done(app, week.week, g)), 6)


def fresh_plan(app: AppState, pins: Mapping[str, str] | None = None) -> Plan:
    """A re-plan against the accepted plan (its moves explained), or a first plan: this
    week's record kept, the rest planned from where the learner is with today's settings.

    ``pins`` replaces the state's pins (to preview a pin). Raises ``SchedulingError`` /
    ``SettingsError``.
    """
    return app.followed_plan(adopt=True, pins=pins)


def current_plan(app: AppState) -> Plan:
    """The plan as the learner sees it today: the accepted plan, rolled over to this week
    when it is from an earlier one (not saved: the next change saves it), or a first plan
    when there is none yet."""
    plan = app.plan_today()
    return plan if plan is not None else fresh_plan(app)


def plan_is_out_of_date(app: AppState) -> bool:
    """Would a re-plan change the accepted plan for a reason other than progress?

    Settings, priorities, deadlines or the tracks' shares changed since it was made;
    resources added (not done, yet neither planned nor in the overflow lane) or deleted.
    Progress alone does not count: checking off goals is following the plan, not leaving it.
    Nor do Someday resources (kept, not planned): a re-plan leaves them out too; a planned
    one set to Someday since (the catalog edited elsewhere) does count.
    """
    plan = app.state.plan
    if plan is None:
        return False
    settings = app.settings
    if abs(plan.hours_per_week - settings.hours_per_week) > 1e-9:
        return True
    resources = app.catalog.resources
    basis = plan.basis
    if basis is not None:
        if basis.max_parallel != settings.max_parallel:
            return True
        made = basis.settings
        if made is not None and (made.horizon_weeks, made.start_week) != (
                settings.horizon_weeks, settings.start_week):
            return True
        for rid, priority in basis.priorities.items():
            if rid in resources and resources[rid].priority != priority:
                return True
        for rid, deadline in basis.deadlines.items():
            if rid in resources and resources[rid].deadline != deadline:
                return True
        if basis.shares != shares_of(app.catalog):
            return True
    planned = {goal.resource for week in plan.weeks for goal in week.goals}
    planned.update(item.resource for item in plan.overflow)
    if any(rid not in resources for rid in planned):
        return True
    someday, progress = app.catalog.someday, app.state.progress
    this_week = week_of(app.today())  # work still ahead, not a past week's record
    ahead = {goal.resource for week in plan.weeks if week.week >= this_week
             for goal in week.goals if is_work(goal)}
    ahead.update(item.resource for item in plan.overflow)
    if any(rid in someday and not (progress.get(rid) or EMPTY_PROGRESS).done
           for rid in ahead):
        return True
    return any(
        rid not in planned and rid not in someday
        and not (progress.get(rid) or EMPTY_PROGRESS).done
        for rid in resources
    )


# ------------------------------------------------------------------ review and forecast


def rollovers(app: AppState) -> list[RollOver]:
    """The roll-overs the journal records, oldest first, and the one pending when the
    accepted plan is from an earlier week (what the next change will record)."""
    found = []
    for event in app.state.journal:
        if event.type == "plan.rollover":
            data = event.data
            found.append(RollOver(str(data["first"]), str(data["to"]),
                                  float(data["carried"]),  # type: ignore[arg-type]
                                  _week_or_none(data.get("was")),
                                  _week_or_none(data.get("finish"))))
    plan, today = app.state.plan, app.plan_today()
    if plan is not None and today is not None and today is not plan:
        found.append(roll_over_of(plan, today, app.today(), app.is_recorded_done))
    return found


def _week_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def previous_finish(app: AppState) -> str | None:
    """The list's finish week before the last re-plan or roll-over."""
    plan = app.state.plan
    if plan is not None and app.plan_is_stale():
        return finish_week(plan)
    for event in reversed(app.state.journal):
        if event.type in ("plan.accept", "plan.rollover"):
            return _week_or_none(event.data.get("was"))
    return None


def recent_hours(app: AppState, weeks: int = RECENT_WEEKS) -> list[float]:
    """Hours studied in each of the ``weeks`` weeks before this one (oldest first), from
    the week the journal begins (weeks before the learner began would read as idle)."""
    journal = app.state.journal
    if not journal:
        return []
    began = monday(week_of(min(e.day for e in journal)))
    this_monday = monday(week_of(app.today()))
    found = []
    for n in range(weeks, 0, -1):
        first = this_monday - dt.timedelta(weeks=n)
        if first >= began:
            spans = app.week_spans(week_of(first))
            found.append(sum(g.hours for g in done_goals(app.catalog, spans)))
    return found


def plan_forecast(app: AppState) -> Forecast:
    paced, at_pace, at_estimate = _pace_change(app)
    return forecast(current_plan(app), app.catalog, app.state.progress, app.today(),
                    previous=previous_finish(app), recent=recent_hours(app), paced=paced,
                    at_estimate=at_estimate, at_pace=at_pace)


def _pace_change(app: AppState
                 ) -> tuple[dict[str, float] | None, str | None, str | None]:
    """When the plan follows the learner's pace: the pace of each kind it plans at, and
    the list's finish week of a re-plan made today at that pace and at the estimates
    (the same plan but for the pace: the accepted one may be older); Nones otherwise."""
    paced = app.plan_pace()
    if not paced:
        return None, None, None
    try:
        at_pace = finish_week(app.followed_plan(adopt=True))  # what a re-plan makes
        at_estimate = finish_week(app.followed_plan(adopt=True, pace={}))
    except UserError:  # no plan can be made (a cycle): the forecast says what it can
        return None, None, None
    learned = learned_pace(sessions_of(app.state.journal).done, app.catalog)
    kinds = {app.catalog.resources[rid].kind or "" for rid in paced
             if rid in app.catalog.resources}
    return {kind: learned.by_kind[kind] for kind in sorted(kinds)
            if kind in learned.by_kind}, at_pace, at_estimate


def weekly_review(app: AppState, week: str | None = None) -> Review:
    """The review of ``week`` (default: last week) in the plan as it stands today.
    ``UserError`` for a week that has not begun: there is nothing to look back on."""
    today = app.today()
    week = week or week_of(today - dt.timedelta(weeks=1))
    if week > week_of(today):
        raise UserError(f"{week} has not begun: a review looks back on a week, this one "
                        f"({week_of(today)}) or one before it; `plan` shows the weeks ahead")
    return review(current_plan(app), week, app.catalog, today,
                  lambda w, g: is_goal_done(app, w, g), rollovers(app), plan_forecast(app))


def weeks_since_roll_over(app: AppState, rolls: Sequence[RollOver] | None = None
                          ) -> list[str]:
    """The weeks this week's roll-over puts behind (pending, or made this week), oldest
    first; last week alone when the plan rolled over every week (or there is none)."""
    today = app.today()
    now, last = week_of(today), week_of(today - dt.timedelta(weeks=1))
    rolls = rollovers(app) if rolls is None else rolls
    first = last
    if rolls and rolls[-1].to == now and rolls[-1].first < last:
        first = rolls[-1].first
    weeks = [first]
    while weeks[-1] < last:
        weeks.append(add_weeks(weeks[-1], 1))
    return weeks


def reviews_since_roll_over(app: AppState) -> tuple[Review, ...]:
    """The reviews of the weeks this week's roll-over puts behind (pending, or made this
    week), oldest first: after three weeks away, all three, not only the last. Last week
    alone when the plan rolled over every week (or there is none)."""
    today, rolls = app.today(), rollovers(app)
    weeks = weeks_since_roll_over(app, rolls)
    plan, outlook = current_plan(app), plan_forecast(app)
    return tuple(review(plan, week, app.catalog, today, lambda w, g: is_goal_done(app, w, g),
                        rolls, outlook) for week in weeks)
