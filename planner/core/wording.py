"""How weeks and their hours read, in the window and on the command line alike: one
wording, so the two never disagree ("Dec 6" in one, "Dec 06" in the other).

Month names are written out here rather than taken from ``strftime``, which follows the
process's locale (and pads the day); the rest of the app is in English.
"""

from __future__ import annotations

import datetime as dt

from planner.core.hours import format_hours
from planner.core.planning.plan import WeekPlan
from planner.core.weeks import monday

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: dt.date) -> str:
    """'Dec 6'."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def week_dates(week: str) -> str:
    """'Nov 30 – Dec 6': the Monday to the Sunday."""
    first = monday(week)
    return f"{day_text(first)} – {day_text(first + dt.timedelta(days=6))}"


def week_title(week: str) -> str:
    """'2026-W49 · Nov 30 – Dec 6'."""
    return f"{week} · {week_dates(week)}"


def week_hours(week: WeekPlan) -> str:
    """A week's planned hours against its budget: '4.8 h of 5 h', '6 h of 5 h — over
    budget'; a week with nothing planned says so ('nothing planned of 7.5 h'), rather than
    an amount of hours too small to show."""
    if not week.goals or week.planned_hours <= 0:
        return f"nothing planned of {format_hours(week.budget)}"
    text = f"{format_hours(week.planned_hours)} of {format_hours(week.budget)}"
    return f"{text} — over budget" if week.over_budget else text
