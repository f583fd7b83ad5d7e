"""Planning actions: accept a plan, change a setting, pin, check a goal."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from types import MappingProxyType

from planner.core.hours import round_hours
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, Effect, Operation
from planner.core.planning.plan import Goal, Plan
from planner.core.planning.settings import Settings
from planner.core.weeks import parse_week


@dataclass(frozen=True)
class AcceptPlan(Operation):
    plan: Plan
    label: str = "Re-plan"

    def effect(self, app: AppState) -> Effect:
        plan = self.plan
        event = app.event("plan.accept", start=plan.start_week, weeks=len(plan.weeks),
                          overflow=len(plan.overflow))
        return Effect(self.label, (event,), plan=plan)


class ChangeSettings(Operation):
    """New values for some settings, checked and rounded as the core stores them."""

    def __init__(self, **values: object) -> None:
        self.values = values

    def effect(self, app: AppState) -> Effect:
        new = replace(app.settings, **self.values).validated()  # type: ignore[arg-type]
        old = app.settings
        events = tuple(app.event("setting", f=f.name, v=getattr(new, f.name))
                       for f in fields(Settings) if getattr(new, f.name) != getattr(old, f.name))
        return Effect("Change settings", events, settings=new)


@dataclass(frozen=True)
class Pin(Operation):
    """Plan a resource for a week (``week`` None: unpin)."""

    resource_id: str
    week: str | None

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        week = parse_week(self.week) if self.week is not None else None
        label = (f"Plan “{resource.title}” for {week}" if week else
                 f"Unpin “{resource.title}”")
        return Effect(label, (app.event("pin", r=resource.id, w=week),),
                      pins=MappingProxyType({resource.id: week}))


@dataclass(frozen=True)
class PinAndReplan(Operation):
    """Pin (or unpin) and re-plan in one change, so one undo takes both back.

    The pinned work shows where the user put it; a week it overloads is flagged by the plan,
    not refused. Raises ``WeekError`` / ``UnknownResourceError`` / ``SchedulingError``.
    """

    resource_id: str
    week: str | None

    def effect(self, app: AppState) -> Effect:
        pin = Pin(self.resource_id, self.week).effect(app)
        pins = dict(app.state.pins)
        for rid, week in pin.pins.items():
            if week is None:
                pins.pop(rid, None)
            else:
                pins[rid] = week
        plan = fresh_plan(app, pins)
        accept = AcceptPlan(plan).effect(app)
        return Effect(pin.label, pin.events + accept.events, pins=pin.pins, plan=plan)


@dataclass(frozen=True)
class CheckGoal(Operation):
    """Check a goal (record its work: up to its last unit, or its hours) or uncheck it
    (take that back). The tick names the chunk it was made on."""

    week: str
    goal: Goal
    checked: bool = True

    def effect(self, app: AppState) -> Effect:
        goal = self.goal
        resource = app.resource(goal.resource)
        progress = app.progress(goal.resource)
        rid = resource.id
        by_units = goal.units is not None and resource.units is not None
        events = []
        if self.checked:
            if by_units:
                assert goal.units is not None and resource.units is not None
                units = max(progress.units_done, goal.units[1])
                # a goal planned past the last unit (the count was lowered since) finishes
                # the resource: all of its units, never more than it has
                events.append(app.event("done", r=rid, n=resource.units.count)
                              if units >= resource.units.count
                              else app.event("units", r=rid, n=units))
            else:
                events.append(app.event("hours", r=rid, h=round_hours(goal.hours)))
                if round_hours(progress.hours_logged + goal.hours) >= resource.effort - 1e-9:
                    # as a check-off: all its units, when it has units
                    events.append(app.event("done", r=rid, n=resource.units.count)
                                  if resource.units is not None else app.event("done", r=rid))
            first_last = {"first": goal.units[0], "last": goal.units[1]} if goal.units else {}
            events.append(app.event("tick", w=self.week, r=rid, h=round_hours(goal.hours),
                                    **first_last))
            label = f"Check goal: {resource.title}"
        else:
            if by_units:
                assert goal.units is not None
                events.append(app.event("units", r=rid,
                                        n=min(progress.units_done, goal.units[0] - 1)))
            else:
                events.append(app.event("hours", r=rid, h=-round_hours(goal.hours)))
            events.append(app.event("untick", w=self.week, r=rid))
            label = f"Uncheck goal: {resource.title}"
        return Effect(label, tuple(events))
