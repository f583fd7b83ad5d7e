"""When the accepted plan does a resource's work, in one line for the detail pane.

Read from the plan alone (no scheduling), so the pane can say it on every change: weeks
before this one are history and do not count; what does not fit is in the overflow lane,
with the scheduler's reason.
"""

from __future__ import annotations

from planner.core.planning.plan import Plan, is_work

NOT_PLANNED = "Not planned yet — re-plan to schedule it"


def week_span(first: str, last: str) -> str:
    """'2027-W03', '2027-W03 – W08', '2026-W51 – 2027-W02' (the year once when it is one)."""
    if first == last:
        return first
    first_year, _ = first.split("-W")
    last_year, last_number = last.split("-W")
    return f"{first} – W{last_number}" if first_year == last_year else f"{first} – {last}"


def when_scheduled(plan: Plan | None, resource_id: str, *, done: bool, this_week: str) -> str:
    """'Scheduled: 2027-W03 – W08', 'Done', 'Not planned yet — re-plan to schedule it',
    'In the overflow: <reason>'; work partly planned says where the rest went.

    ``done``: the resource is finished (its progress, which the plan does not hold).
    ``this_week``: the ISO week of today; goals before it are history.
    """
    if done:
        return "Done"
    if plan is None:
        return NOT_PLANNED
    weeks = [week.week for week in plan.weeks if week.week >= this_week  # work still to do:
             and any(goal.resource == resource_id and is_work(goal)  # not the week's
                     for goal in week.goals)]                               # record
    overflow = next((item for item in plan.overflow if item.resource == resource_id), None)
    if not weeks:
        return f"In the overflow: {overflow.reason}" if overflow else NOT_PLANNED
    text = f"Scheduled: {week_span(weeks[0], weeks[-1])}"
    return f"{text}; the rest is in the overflow: {overflow.reason}" if overflow else text
