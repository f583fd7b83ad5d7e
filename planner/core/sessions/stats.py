"""Statistics of study: hours per week and streaks of study days, from the sessions.

A session's minutes count in the weeks and days its time falls in (a session across
midnight or Sunday night counts in both), in the local time it was recorded in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from planner.core.sessions.model import Session
from planner.core.weeks import monday, week_of


def day_pieces(session: Session) -> Iterable[tuple[dt.date, float]]:
    """(day, hours) for each day the session's time falls in."""
    if session.end is None or session.minutes <= 0:
        return
    start, end = session.start, session.end
    span = (end - start).total_seconds()
    scale = session.minutes * 60 / span if span > 0 else 0.0  # minutes as recorded
    moment = start
    while moment < end:
        midnight = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(),
                                       tzinfo=moment.tzinfo)
        piece_end = min(end, midnight)
        yield moment.date(), (piece_end - moment).total_seconds() * scale / 3600
        moment = piece_end


def hours_by_week(sessions: Iterable[Session]) -> dict[str, float]:
    found: dict[str, float] = {}
    for session in sessions:
        for day, hours in day_pieces(session):
            week = week_of(day)
            found[week] = found.get(week, 0.0) + hours
    return found


def study_days(sessions: Iterable[Session]) -> set[dt.date]:
    return {day for s in sessions for day, hours in day_pieces(s) if hours > 0}


def streaks(days: set[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days; the current one ends today, or
    yesterday when today has no study yet."""
    longest = run = 0
    previous: dt.date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - dt.timedelta(days=1)
    while day in days:
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest


def last_weeks(today: dt.date, count: int) -> list[str]:
    """The ``count`` weeks up to ``today``'s, oldest first."""
    first = monday(week_of(today))
    return [week_of(first - dt.timedelta(weeks=n)) for n in range(count - 1, -1, -1)]
