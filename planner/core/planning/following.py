"""The plan as the learner lives it: it follows their progress and the passing weeks.

An accepted plan is a promise made in one week. From then on two things move under it:

* **Progress.** This week's goals start where the learner is. What was studied this week
  is the week's record, shown as done goals (``Goal.kind == "done"``: a resource's progress
  over the week, as a unit range or hours); the rest of the week's budget, and the weeks
  after, are planned again from the learner's progress. So a tick, or progress recorded
  anywhere, reshapes the plan at once, and a re-plan never erases the week's record.
  Work on a resource the week does not hold (finished ahead of the plan) is recorded but
  does not take the week's budget from its goals: they stay, the week is over budget, and
  the plan warns so; its done goals come after the week's goals, which is how the next
  follow tells them apart (``this_week_resources``).
* **Time.** When a new week starts, the weeks before it become history as they stood:
  done goals and the goals that were missed. The unfinished work is still remaining work,
  so it is planned again from this week on (the roll-over). Nothing remaining is lost or
  invented: the open goals from this week on plus the overflow are the remaining work.

Following keeps the inputs the learner accepted (the budget and max parallel of the
accepted plan, the resources it knows); adopting (a re-plan) takes today's settings and
every resource. Pure functions of their inputs: the same history gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from planner.core.catalog.model import Catalog
from planner.core.hours import (
    format_hours,
    from_hundredths,
    hundredths_within,
    round_hours,
    to_hundredths,
)
from planner.core.planning.plan import DONE, REVISIT, Goal, Plan, Revisit, WeekPlan, is_work
from planner.core.planning.scheduler import plan_start, replan, schedule
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress, remaining_hours
from planner.core.weeks import add_weeks, monday, week_of

# A resource's progress at the start of a span of days and at its end.
Span = tuple[Progress, Progress]


def done_goals(catalog: Catalog, spans: Mapping[str, Span],
               pace: Mapping[str, float] | None = None) -> tuple[Goal, ...]:
    """What was studied in a week, one done goal per resource that moved forward, in
    catalog order: the hours its remaining work shrank by, and the units it went through.
    ``pace``: the plan's pace by resource; the units of a resource gone through count at
    it, as the plan's goals do (hours logged are hours spent already)."""
    goals = []
    for rid in sorted((r for r in spans if r in catalog.resources), key=catalog.order):
        resource = catalog.resources[rid]
        before, after = spans[rid]
        hours = remaining_hours(resource, before) - remaining_hours(resource, after)
        if pace and resource.units is not None:
            hours *= pace.get(rid, 1.0)
        hours = round_hours(hours)
        if hours <= 0:
            continue
        units = None
        if resource.units is not None:
            count = resource.units.count
            first = min(before.units_done, count) + 1
            last = count if after.done else min(after.units_done, count)
            if last >= first:
                units = (first, last)
        goals.append(Goal(rid, hours, units, kind=DONE))
    return tuple(goals)


def is_stale(plan: Plan, today: dt.date) -> bool:
    """Whether ``plan`` was made in a week before ``today``'s: it has not rolled over."""
    return plan.start_week is not None and monday(plan.start_week) < monday(week_of(today))


def open_hours(week: WeekPlan) -> float:
    """Hours of the week's goals not done (planned, or missed once the week is past); a
    re-visit is not remaining work."""
    return round_hours(sum(g.hours for g in week.goals if is_work(g)))


def finish_week(plan: Plan) -> str | None:
    """The last week with work left in ``plan``; None when some of it is in the overflow
    (it does not finish within what the settings allow)."""
    if plan.overflow:
        return None
    start = plan.start_week
    last = None
    for week in plan.weeks:
        if (start is None or week.week >= start) and open_hours(week) > 0:
            last = week.week
    return last


def known_resources(plan: Plan, progress: Mapping[str, Progress]) -> set[str]:
    """The resources a plan has seen (planned in some week or in the overflow), and those
    begun since: following a plan takes in no resource the learner has not accepted."""
    known = {goal.resource for week in plan.weeks for goal in week.goals}
    known.update(item.resource for item in plan.overflow)
    known.update(rid for rid, p in progress.items() if not p.done and not p.is_empty)
    return known


def follow(
    plan: Plan | None,
    catalog: Catalog,
    progress: Mapping[str, Progress],
    settings: Settings,
    pins: Mapping[str, str],
    today: dt.date,
    this_week: Mapping[str, Span],
    *,
    adopt: bool = False,
    pace: Mapping[str, float] | None = None,
    revisits: Sequence[Revisit] = (),
    revisited: Sequence[Revisit] = (),
) -> Plan:
    """``plan`` brought to ``today``: its past weeks kept as history, this week's record
    (``this_week``: the progress spans of this week) as done goals, and the remaining work
    planned from where the learner is, in the rest of this week's budget and after.

    ``adopt``: a re-plan, with today's settings, priorities, deadlines and shares and every
    resource (its moves are explained against ``plan``). Otherwise the plan's own budget,
    max parallel, resources, priorities, deadlines and shares are kept (those it was made
    with this session: a plan read from the file has no record of them). ``pace``: the
    learner's pace by resource, when the plan follows it (the remaining work is then the
    estimate's × the pace); ``revisits``: the re-visits to place (``schedule``);
    ``revisited``: the re-visits done this week, kept in it as its record (a re-visit
    goal, done by its review) and taken from its budget, as the week's study is. Raises
    ``SchedulingError`` / ``SettingsError``.
    """
    now = week_of(today)
    done = done_goals(catalog, this_week, pace)
    # Work done on what this week holds (planned, or the record of an accepted plan) is
    # taken from its goals; work on something else does not push the week's goals out:
    # it is the week's record, and the week says when it goes over the budget.
    held = this_week_resources(plan, now) if plan is not None else None
    used: dict[str, float] = {}  # by resource: each track's part of the week pays for its own
    charged: list[Goal] = []
    outside: list[Goal] = []  # listed after the week's goals, which is how they are known
    for goal in done:
        if held is None or goal.resource in held:
            used[goal.resource] = used.get(goal.resource, 0.0) + goal.hours
            charged.append(goal)
        else:
            outside.append(goal)
            used.setdefault(goal.resource, 0.0)  # studied, not charged: its track had time
    only = None
    if plan is not None and not adopt:
        basis = plan.basis
        if basis is not None and basis.settings is not None:
            settings = basis.settings  # budget, max parallel, horizon and start, as accepted
        else:  # a plan read from the file keeps its budget (the rest is not stored)
            settings = replace(
                settings, hours_per_week=plan.hours_per_week,
                max_parallel=basis.max_parallel if basis is not None else settings.max_parallel)
        only = known_resources(plan, progress)
    records = revisit_records(revisited, settings)
    for goal in records:  # no track's: re-visits come before the tracks share the week
        used[f"revisit {goal.resource}"] = goal.hours
    first = plan_start(settings, today)
    revisited_hours = sum(g.hours for g in records)
    if first != now:
        used, revisited_hours = {}, 0.0
    if plan is None:
        fresh = schedule(catalog, progress, settings, today=today, pins=pins, used_hours=used,
                         pace=pace, revisits=revisits, revisited_hours=revisited_hours)
    else:
        fresh = replan(plan, catalog, progress, settings, today, pins, used_hours=used,
                       only=only, pace=pace, keep=None if adopt else plan.basis,
                       revisits=revisits, revisited_hours=revisited_hours)
    if not done and not records:
        return fresh
    weeks = list(fresh.weeks)
    at = next((n for n, w in enumerate(weeks) if w.week >= now), len(weeks))
    # the records of re-visits go between the charged work and the week's goals, before
    # the work outside them (``this_week_resources`` tells those apart by their place)
    if at < len(weeks) and weeks[at].week == now:
        weeks[at] = replace(weeks[at], goals=(*charged, *records, *weeks[at].goals, *outside))
    else:
        weeks.insert(at, WeekPlan(now, (*charged, *records, *outside), fresh.hours_per_week))
    warnings = fresh.warnings
    if outside and weeks[at].over_budget:
        warnings += (over_budget_warning(weeks[at], outside, catalog),)
    return replace(fresh, weeks=tuple(weeks), warnings=warnings)


def revisit_records(revisited: Sequence[Revisit], settings: Settings) -> tuple[Goal, ...]:
    """The re-visits done this week as goals of it, each as long as the plan gives a
    re-visit (within the re-visit share of the week, as ``schedule`` places them)."""
    share = int(hundredths_within(settings.hours_per_week) * settings.revisit_share + 1e-9)
    return tuple(Goal(r.resource, from_hundredths(min(to_hundredths(r.hours), share)
                                                  if share > 0 else to_hundredths(r.hours)),
                      kind=REVISIT)
                 for r in revisited)


def this_week_resources(plan: Plan, week: str) -> set[str]:
    """The resources ``plan`` holds in ``week``: its goals to do and the record of work on
    them. The record of work outside them follows the goals still to do (``follow``), so
    the done goals after the last open goal are not held (with no open goal left, all are:
    there is nothing left to keep in the week)."""
    found = plan.week(week)
    if found is None:
        return set()
    goals = found.goals
    last_open = max((n for n, g in enumerate(goals) if g.kind != DONE), default=len(goals))
    return {g.resource for g in goals[:last_open + 1] if g.kind != REVISIT}


def over_budget_warning(week: WeekPlan, outside: Sequence[Goal], catalog: Catalog) -> str:
    """'2026-W49 is over budget: 3 h studied outside its goals (The Matrix Cookbook) leave
    2 h of 5 h for 4.8 h of goals; they stay, to do as time allows'."""
    def title(rid: str) -> str:
        resource = catalog.resources.get(rid)
        return resource.title if resource is not None else rid

    studied = round_hours(sum(g.hours for g in week.goals if g.kind == DONE))
    planned = round_hours(sum(g.hours for g in week.goals if g.kind != DONE))
    names = ", ".join(title(g.resource) for g in outside)
    extra = round_hours(sum(g.hours for g in outside))
    left = max(0.0, round_hours(week.budget - studied))
    room = f"leave {format_hours(left)} of {format_hours(week.budget)}" if left > 0 else \
        f"use up the {format_hours(week.budget)} budget"
    return (f"{week.week} is over budget: {format_hours(extra)} studied outside its goals "
            f"({names}) {room}, for {format_hours(planned)} of goals; they stay, to do as "
            f"time allows (what is not done carries over)")


def reopen(plan: Plan, week: str, resource_id: str) -> Plan:
    """``plan`` with the done goals of ``resource_id`` in ``week`` (past) turned back into
    missed ones: their work was taken back, and the week's planned hours stay the same."""
    weeks = tuple(
        replace(w, goals=tuple(replace(g, kind="study")
                               if g.kind == DONE and g.resource == resource_id else g
                               for g in w.goals)) if w.week == week else w
        for w in plan.weeks)
    return replace(plan, weeks=weeks)


@dataclass(frozen=True)
class RollOver:
    """What a roll-over did: the weeks it put behind (``first`` up to, not including,
    ``to``), the hours of them not done and carried into ``to`` and later, and the finish
    week of the whole list before and after."""

    first: str
    to: str
    carried_hours: float
    finish_before: str | None
    finish_after: str | None


IsDone = Callable[[str, Goal], bool]  # (week, goal): done in that week's review


def by_kind(week: str, goal: Goal) -> bool:
    return goal.kind == DONE


def missed_hours(week: WeekPlan, is_done: IsDone = by_kind) -> float:
    """Hours of a past week's goals not done (as its review counts them)."""
    return round_hours(sum(g.hours for g in week.goals if not is_done(week.week, g)))


def roll_over_of(old: Plan, new: Plan, today: dt.date, is_done: IsDone = by_kind
                 ) -> RollOver:
    """The roll-over from ``old`` (made in an earlier week) to ``new`` (made today):
    what the weeks it puts behind missed, as their reviews count it (``is_done``)."""
    now = week_of(today)
    first = old.start_week or now
    carried = round_hours(sum(missed_hours(w, is_done) for w in old.weeks
                              if first <= w.week < now))
    return RollOver(first, now, carried, finish_week(old), finish_week(new))


def weeks_at_pace(remaining: float, pace: float, today: dt.date) -> str | None:
    """The week ``remaining`` hours end in at ``pace`` hours a week from ``today``'s week."""
    if pace <= 0:
        return None
    if remaining <= 0:
        return week_of(today)
    try:
        return add_weeks(week_of(today), math.ceil(remaining / pace - 1e-9) - 1)
    except ValueError:
        return None

