"""ISO weeks ("2026-W48"), the planner's unit of time."""

from __future__ import annotations

import datetime as dt
import re

_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{2})$")


class WeekError(ValueError):
    pass


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    """Normalise '2026-W48' / '2026W48'; a clear error for anything else."""
    match = _WEEK_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise WeekError(f"{text!r} is not an ISO week; write it like 2026-W48")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise WeekError(f"{text!r} is not an ISO week: {year} has no week {week}") from None
    return f"{year}-W{week:02d}"


def monday(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def add_weeks(week: str, n: int) -> str:
    return week_of(monday(week) + dt.timedelta(weeks=n))


def weeks_between(first: str, last: str) -> int:
    """How many weeks ``last`` is after ``first`` (negative when before)."""
    return (monday(last) - monday(first)).days // 7
