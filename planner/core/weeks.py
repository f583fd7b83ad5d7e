"""ISO weeks ("2026-W48"), the planner's unit of time."""

from __future__ import annotations

import datetime as dt
import re

_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{2})$")
LAST_WEEK = "9999-W51"  # 9999-W52 ends on 10000-01-02


class WeekError(ValueError):
    pass


def week_label(year: int, week: int) -> str:
    """The week's label; the year keeps four digits ("0001-W01"), as ``parse_week`` reads."""
    return f"{year:04d}-W{week:02d}"


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return week_label(year, week)


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
    try:
        dt.date.fromisocalendar(year, week, 7)  # a week is shown Monday to Sunday
    except ValueError:
        raise WeekError(f"{text!r} ends after the last day a date can hold (9999-12-31); "
                        f"the last whole week is {LAST_WEEK}") from None
    return week_label(year, week)


def monday(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def add_weeks(week: str, n: int) -> str:
    return week_of(monday(week) + dt.timedelta(weeks=n))


def weeks_between(first: str, last: str) -> int:
    """How many weeks ``last`` is after ``first`` (negative when before)."""
    return (monday(last) - monday(first)).days // 7
