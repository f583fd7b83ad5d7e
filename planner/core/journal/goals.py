"""Weekly goals as the user sees them: which are done, and the plans on offer.

A goal is done when its resource is, when its last unit is, or when it was ticked: the
tick (a journal event, folded into ``PlannerState.ticks``) is keyed by the chunk it was
made on, so an hours goal stays checked although hours have no position, and a re-plan
that gives the week another chunk does not carry the check to it.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.core.journal.fold import tick_key
from planner.core.journal.state import AppState
from planner.core.planning.plan import Goal, Plan, WeekPlan
from planner.core.planning.scheduler import replan, schedule
from planner.core.progress.rules import EMPTY_PROGRESS


def goal_key(week: str, goal: Goal) -> str:
    """The key of ``goal``'s tick in ``PlannerState.ticks`` (its week and its chunk)."""
    return tick_key(week, goal.resource, goal.hours, goal.units)


def is_goal_done(app: AppState, week: str, goal: Goal) -> bool:
    progress = app.progress(goal.resource)
    if progress.done or goal_key(week, goal) in app.state.ticks:
        return True
    return goal.units is not None and progress.units_done >= goal.units[1]


def done_hours(app: AppState, week: WeekPlan) -> float:
    """Planned hours of the week's goals that are done."""
    return round(sum(g.hours for g in week.goals if is_goal_done(app, week.week, g)), 6)


def fresh_plan(app: AppState, pins: Mapping[str, str] | None = None) -> Plan:
    """A re-plan against the accepted plan (its moves explained), or a first plan.

    ``pins`` replaces the state's pins (to preview a pin). Raises ``SchedulingError`` /
    ``SettingsError``.
    """
    state = app.state
    pins = state.pins if pins is None else pins
    if state.plan is None:
        return schedule(state.catalog, state.progress, state.settings, today=app.today(),
                        pins=pins)
    return replan(state.plan, state.catalog, state.progress, state.settings, app.today(), pins)


def current_plan(app: AppState) -> Plan:
    """The accepted plan, or a fresh one when there is none yet."""
    return app.state.plan if app.state.plan is not None else fresh_plan(app)


def plan_is_out_of_date(app: AppState) -> bool:
    """Would a re-plan change the accepted plan for a reason other than progress?

    Settings, priorities or deadlines changed since it was made; resources added (not done,
    yet neither planned nor in the overflow lane) or deleted. Progress alone does not count:
    checking off goals is following the plan, not leaving it.
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
        for rid, priority in basis.priorities.items():
            if rid in resources and resources[rid].priority != priority:
                return True
        for rid, deadline in basis.deadlines.items():
            if rid in resources and resources[rid].deadline != deadline:
                return True
    planned = {goal.resource for week in plan.weeks for goal in week.goals}
    planned.update(item.resource for item in plan.overflow)
    if any(rid not in resources for rid in planned):
        return True
    progress = app.state.progress
    return any(
        rid not in planned and not (progress.get(rid) or EMPTY_PROGRESS).done
        for rid in resources
    )
