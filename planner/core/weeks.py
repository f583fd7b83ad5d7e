"""ISO weeks ("2026-W48"), the planner's unit of time."""

from __future__ import annotations

import datetime as dt
import re

from planner.core.errors import UserError

_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{2})$")
# The last week whose seven days Python's date type holds: 9999-12-31 is the Friday of
# 9999-W52, so that week has no Sunday and no week follows it. Later weeks are refused.
LAST_WEEK = "9999-W51"


class WeekError(UserError, ValueError):
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
    if (year, week) > (9999, 51):
        raise WeekError(f"{text!r} is past the last week the planner can use, {LAST_WEEK} "
                        "(the calendar ends on 9999-12-31)")
    return week_label(year, week)


def read_week(text: str) -> str:
    """``parse_week`` for what a data file holds: older versions accepted 9999-W52, the one
    ISO week past ``LAST_WEEK``; it is read as ``LAST_WEEK`` rather than refused."""
    try:
        return parse_week(text)
    except WeekError:
        if isinstance(text, str) and _WEEK_RE.match(text.strip()) and text.strip().replace(
                "-", "") == "9999W52":
            return LAST_WEEK
        raise


def monday(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def add_weeks(week: str, n: int) -> str:
    """The week ``n`` weeks after ``week``; ``WeekError`` past the calendar's either end."""
    try:
        later = monday(week) + dt.timedelta(weeks=n)
    except OverflowError:
        later = None
    if later is None or monday(LAST_WEEK) < later:
        raise WeekError(f"{n:+d} weeks from {week} is outside the calendar the planner "
                        f"can use (0001-W01 to {LAST_WEEK})")
    return week_of(later)


def weeks_between(first: str, last: str) -> int:
    """How many weeks ``last`` is after ``first`` (negative when before)."""
    return (monday(last) - monday(first)).days // 7
