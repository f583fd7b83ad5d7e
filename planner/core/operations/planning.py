"""Planning actions: accept a plan, change a setting, pin, check a goal."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from types import MappingProxyType

from planner.core.errors import UserError
from planner.core.hours import round_hours
from planner.core.journal.fold import tick_key
from planner.core.journal.goals import fresh_plan, is_open
from planner.core.journal.state import AppState, Effect, Operation
from planner.core.operations.progress import prerequisite_note
from planner.core.operations.revisits import SKIP, answer_events, check_answer, review_event
from planner.core.planning.following import finish_week
from planner.core.planning.plan import DONE, REVISIT, Goal, Plan
from planner.core.planning.scheduler import describe_goal
from planner.core.planning.settings import Settings
from planner.core.weeks import parse_week, week_of


@dataclass(frozen=True)
class AcceptPlan(Operation):
    """Make ``plan`` the accepted one; its event keeps the finish week before and after,
    for the forecast's "new date next to the old one"."""

    plan: Plan
    label: str = "Re-plan"

    def effect(self, app: AppState) -> Effect:
        plan = self.plan
        old = app.state.plan
        event = app.event("plan.accept", start=plan.start_week, weeks=len(plan.weeks),
                          overflow=len(plan.overflow), finish=finish_week(plan),
                          was=None if old is None else finish_week(old))
        return Effect(self.label, (event,), plan=plan)


@dataclass(frozen=True)
class RollOverPlan(Operation):
    """Put the weeks before this one behind as history and plan what they left undone
    from this week on (``planning.following``). The first change of a new week does the
    same by itself; this is the weekly review's Accept."""

    def effect(self, app: AppState) -> Effect:
        old = app.state.plan
        if old is None or not app.plan_is_stale():
            raise PlanError("the plan is this week's already: there is nothing to roll over")
        new = app.followed_plan()
        # the change of plan records its plan.rollover event (AppState._follow), once
        return Effect(f"Roll the plan over to {new.start_week}", (), plan=new)


class PlanError(UserError):
    """A plan action that cannot be done now."""


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

    def label(self, app: AppState) -> str:
        """'Plan “Title” for 2026-W50' / 'Unpin “Title”'. Raises as ``effect``."""
        resource = app.resource(self.resource_id)
        week = parse_week(self.week) if self.week is not None else None
        return f"Plan “{resource.title}” for {week}" if week else f"Unpin “{resource.title}”"

    def pins(self, app: AppState) -> dict[str, str]:
        """All the pins once this one is made. Raises as ``effect``."""
        resource = app.resource(self.resource_id)
        pins = dict(app.state.pins)
        if self.week is None:
            pins.pop(resource.id, None)
        else:
            pins[resource.id] = parse_week(self.week)
        return pins

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        week = parse_week(self.week) if self.week is not None else None
        return Effect(self.label(app), (app.event("pin", r=resource.id, w=week),),
                      pins=MappingProxyType({resource.id: week}))


@dataclass(frozen=True)
class PinAndReplan(Operation):
    """Pin (or unpin) and re-plan in one change, so one undo takes both back.

    The pinned work shows where the user put it; a week it overloads is flagged by the plan,
    not refused. Raises ``WeekError`` / ``UnknownResourceError`` / ``SchedulingError``.
    """

    resource_id: str
    week: str | None

    def preview(self, app: AppState) -> Plan:
        """The plan this change accepts, for a preview before it is made: its moves say
        what the pin moves, and why. Nothing is recorded; ``effect`` makes the same plan
        from the same state. Raises as ``effect``."""
        return fresh_plan(app, Pin(self.resource_id, self.week).pins(app))

    def effect(self, app: AppState) -> Effect:
        pin = Pin(self.resource_id, self.week).effect(app)
        plan = self.preview(app)
        accept = AcceptPlan(plan).effect(app)
        return Effect(pin.label, pin.events + accept.events, pins=pin.pins, plan=plan)


def _units_after(goal: Goal, done: int, count: int) -> int:
    """The units done once a goal of units is checked, counted from ``done``."""
    assert goal.units is not None
    first, last = goal.units
    return min(count, max(done, min(last, done + (last - first + 1))))


def goal_finishes(app: AppState, goal: Goal) -> bool:
    """Whether checking ``goal`` (a study or carry-over goal) finishes its resource: the
    window asks how well it could be explained before it checks it (``CheckGoal.rating``)."""
    if goal.kind in (DONE, REVISIT):
        return False
    resource = app.resource(goal.resource)
    progress = app.progress(resource.id)
    count = resource.units.count if resource.units is not None else None
    if goal.units is not None and count is not None:
        return not progress.done and _units_after(goal, progress.units_done, count) >= count
    return round_hours(progress.hours_logged + goal.hours) >= resource.effort - 1e-9


@dataclass(frozen=True)
class CheckGoal(Operation):
    """Check a goal, recording the work it names counted from where the learner is, or
    uncheck it, taking back exactly what its check gave.

    A goal of units (chapters 68–70) gives its number of units on top of those done, up to
    its last unit: a learner at chapter 0 who checks "68–70" of a stale plan has done 3
    chapters, not 70; one at chapter 69 has finished the chunk at 70. A goal of hours logs
    its hours. The tick records the chunk it was made on and what it gave, so it belongs to
    that chunk through any re-plan, and the uncheck takes back that much (no more than is
    recorded now)."""

    week: str
    goal: Goal
    checked: bool = True
    # how well it could be explained (again/hard/good/easy; skip: no more re-visits): a
    # re-visit's review (default good), or the answer on finishing with this goal
    rating: str | None = None

    def effect(self, app: AppState) -> Effect:
        goal = self.goal
        if goal.kind == REVISIT:
            return self._revisit(app)
        resource = app.resource(goal.resource)
        progress = app.progress(goal.resource)
        rid = resource.id
        key = tick_key(self.week, rid, goal.hours, goal.units)
        tick = app.state.ticks.get(key)
        chunk = {"first": goal.units[0], "last": goal.units[1]} if goal.units else {}
        hours = round_hours(goal.hours)
        count = resource.units.count if resource.units is not None else None
        if goal.kind == DONE:
            if self.checked:
                raise GoalError(f"the goal “{describe_goal(goal, app.catalog)}” of "
                                f"{self.week} is checked already")
            return self._take_back(app)
        events = []
        if self.checked:
            # a tick of the same chunk from before (an hours goal of the same size, a chunk
            # taken back in the tree) does not stop a goal the plan holds open now
            if tick is not None and not is_open(app, self.week, goal):
                raise GoalError(f"the goal “{describe_goal(goal, app.catalog)}” of {self.week} "
                                "is checked already")
            if self.rating:
                check_answer(self.rating)  # before any event is made
            gave: dict[str, int] = {}
            finishing = goal_finishes(app, goal)
            if goal.units is not None and count is not None:
                # units past the count (the count was lowered since): the whole resource
                done = min(progress.units_done, count)
                units = _units_after(goal, done, count)
                gave = {"gave": units - done}
                if finishing:
                    # finishing: all of its units, never more than it has
                    events.append(app.event("done", r=rid, n=count))
                elif units > done:
                    events.append(app.event("units", r=rid, n=units))
            else:
                events.append(app.event("hours", r=rid, h=hours))
                if finishing:
                    # as a check-off: all its units, when it has units
                    events.append(app.event("done", r=rid, n=count) if count is not None
                                  else app.event("done", r=rid))
            events.append(app.event("tick", w=self.week, r=rid, h=hours, **chunk, **gave))
            if finishing:  # the learner's answer on finishing it: a review, or skip
                events.extend(answer_events(app, rid, self.rating))
            label = f"Check goal: {resource.title}"
            note = prerequisite_note(app, rid)  # a goal pinned before its prerequisites
        else:
            if tick is None:
                raise GoalError(f"the goal “{describe_goal(goal, app.catalog)}” of {self.week} "
                                "is not checked")
            if goal.units is not None and count is not None:
                # a check from a version-1 file did not record what it gave: it set the
                # units to the goal's last, so taking it back goes to the unit before it
                gave_units = (tick.gave if tick.gave is not None
                              else progress.units_done - min(progress.units_done,
                                                             goal.units[0] - 1))
                units = max(0, progress.units_done - gave_units)
                if units != progress.units_done or (progress.done and gave_units > 0):
                    events.append(app.event("units", r=rid, n=units))
            else:
                events.append(app.event("hours", r=rid, h=-hours))
            events.append(app.event("untick", w=self.week, r=rid, h=hours, **chunk))
            label = f"Uncheck goal: {resource.title}"
            note = ""
        return Effect(label, tuple(events), note=note)

    def _revisit(self, app: AppState) -> Effect:
        """A re-visit checked is a review: its rating sets the next one's due date, and the
        goal stays in the week, done (``AppState.revisited``; the next re-visit is in a
        later week). Unchecking it is its undo."""
        resource = app.resource(self.goal.resource)
        if not self.checked:
            raise GoalError(f"a re-visit of “{resource.title}” is taken back with Undo, "
                            "not unchecked")
        if app.is_recorded_done(self.week, self.goal):
            raise GoalError(f"the re-visit of “{resource.title}” in {self.week} is checked "
                            "already")
        if self.week < week_of(app.today()):
            # a review is dated the day it is made: checked in this week, it could never
            # be the past week's, and each check would add another review
            raise GoalError(f"{self.week} is over, and its re-visit of “{resource.title}” "
                            "was not done in it: a re-visit not done waits in this week's "
                            "goals; check it there")
        rating = check_answer(self.rating or "good")
        if rating == SKIP:
            return Effect(f"Stop re-visits of “{resource.title}”",
                          (app.event("revisit.stop", r=resource.id),))
        event = review_event(app, resource.id, rating)
        return Effect(f"Re-visit “{resource.title}”: {rating}", (event,))

    def _take_back(self, app: AppState) -> Effect:
        """Uncheck a done goal, the week's record of its resource: the progress goes back
        to what it was when the week began (notes kept), and the week's ticks of it go.
        Refused for a past week when the resource has moved since: taking the week back
        would take later work with it, or leave it unbacked."""
        goal = self.goal
        resource = app.resource(goal.resource)
        rid = resource.id
        span = app.week_spans(self.week).get(rid)
        if span is None:
            raise GoalError(f"nothing was recorded for “{resource.title}” in {self.week}")
        before, after = span
        now = app.progress(rid)
        if replace(after, notes="") != replace(now, notes=""):
            raise GoalError(f"“{resource.title}” has moved on since {self.week}; record its "
                            "progress as it is now in the tree or the pane instead")
        event = app.event("progress", r=rid, done=before.done, n=before.units_done,
                          h=before.hours_logged,
                          started=before.started.isoformat() if before.started else None,
                          finished=before.finished.isoformat() if before.finished else None,
                          notes=now.notes)
        return Effect(f"Uncheck goal: {resource.title}",
                      (event, app.event("untick", w=self.week, r=rid)))


class GoalError(UserError):
    """A goal that cannot be checked or unchecked as asked."""
