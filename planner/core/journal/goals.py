"""Weekly goals as the user sees them: which are done, and checking one off.

Checking a goal records its work: the goal's last unit for resources with units, its hours
for resources measured in hours. The check itself is remembered by key ("WEEK RESOURCE"),
so an hours goal stays checked even though hours have no position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from planner.core.hours import round_hours
from planner.core.journal.state import AppState, Change, HistoryEntry
from planner.core.planning.plan import Goal, Plan, WeekPlan
from planner.core.planning.scheduler import replan, schedule
from planner.core.progress.rules import EMPTY_PROGRESS, with_done, with_hours_logged, with_units


def goal_key(week: str, resource_id: str) -> str:
    return f"{week} {resource_id}"


def is_goal_done(app: AppState, week: str, goal: Goal) -> bool:
    progress = app.progress(goal.resource)
    if progress.done or goal_key(week, goal.resource) in app.state.checked_goals:
        return True
    return goal.units is not None and progress.units_done >= goal.units[1]


def done_hours(app: AppState, week: WeekPlan) -> float:
    """Planned hours of the week's goals that are done."""
    return round(sum(g.hours for g in week.goals if is_goal_done(app, week.week, g)), 6)


def make_check_goal(app: AppState, week: str, goal: Goal, checked: bool) -> Change:
    """Check (record the goal's work) or uncheck (take it back) one goal."""
    resource = app.resource(goal.resource)
    progress = app.progress(goal.resource)
    today = app.today()
    key = goal_key(week, goal.resource)
    if checked:
        if goal.units is not None and resource.units is not None:
            new = with_units(resource, progress, max(progress.units_done, goal.units[1]), today)
            event, value = "units", float(new.units_done)
        else:
            new = with_hours_logged(progress, goal.hours, today)
            if new.hours_logged >= resource.effort - 1e-9:
                new = with_done(resource, new, today)
            event, value = "hours", goal.hours
        label = f"Check goal: {resource.title}"
    else:
        if goal.units is not None and resource.units is not None:
            units = min(progress.units_done, goal.units[0] - 1)
            new = replace(progress, done=False, finished=None, units_done=units)
            event, value = "units", float(units)
        else:
            hours = max(0.0, round_hours(progress.hours_logged - goal.hours))
            new = replace(progress, done=False, finished=None, hours_logged=hours)
            event, value = "hours", -goal.hours
        label = f"Uncheck goal: {resource.title}"
    return Change(
        label,
        progress=MappingProxyType({goal.resource: new}),
        goals=MappingProxyType({key: checked}),
        history_append=(HistoryEntry(today, goal.resource, event, value),),
    )


def make_accept_plan(plan: Plan, label: str = "Re-plan") -> Change:
    return Change(label, plan=plan)


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


def make_pin_and_replan(app: AppState, resource_id: str, week: str | None) -> Change:
    """Pin (or unpin, ``week`` None) and re-plan in one change, so one undo takes both back.

    The pinned work shows where the user put it; a week it overloads is flagged by the plan,
    not refused. Raises ``WeekError`` / ``UnknownResourceError`` / ``SchedulingError``.
    """
    pin = app.make_pin(resource_id, week)
    pins = dict(app.state.pins)
    for rid, pinned in pin.pins.items():
        if pinned is None:
            pins.pop(rid, None)
        else:
            pins[rid] = pinned
    return Change(pin.label, pins=pin.pins, plan=fresh_plan(app, pins))


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
