"""How weeks and their hours read, in the window and on the command line alike: one
wording, so the two never disagree ("Dec 6" in one, "Dec 06" in the other).

Month names are written out here rather than taken from ``strftime``, which follows the
process's locale (and pads the day); the rest of the app is in English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sized
from typing import Protocol

from planner.core.hours import format_hours
from planner.core.weeks import monday

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: dt.date) -> str:
    """'Dec 6'."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def week_dates(week: str) -> str:
    """'Nov 30 – Dec 6': the Monday to the Sunday."""
    return weeks_dates(week, week)


def weeks_dates(first: str, last: str) -> str:
    """'Nov 30 – Dec 20': the first week's Monday to the last week's Sunday."""
    return f"{day_text(monday(first))} – {day_text(monday(last) + dt.timedelta(days=6))}"


def week_title(week: str) -> str:
    """'2026-W49 · Nov 30 – Dec 6'."""
    return f"{week} · {week_dates(week)}"


class _Week(Protocol):
    """A planned week (``planning.plan.WeekPlan``), as much of it as its wording reads:
    the planning package words its weeks with this module, so it is not imported here."""

    @property
    def goals(self) -> Sized: ...
    @property
    def planned_hours(self) -> float: ...
    @property
    def over_budget(self) -> bool: ...
    @property
    def budget(self) -> float: ...


def week_hours(week: _Week) -> str:
    """A week's planned hours against its budget: '4.8 h of 5 h', '6 h of 5 h — over
    budget'; a week with nothing planned says so ('nothing planned of 7.5 h'), rather than
    an amount of hours too small to show."""
    if not week.goals or week.planned_hours <= 0:
        return f"nothing planned of {format_hours(week.budget)}"
    text = f"{format_hours(week.planned_hours)} of {format_hours(week.budget)}"
    return f"{text} — over budget" if week.over_budget else text


# How a resource's kind and priority read, in the editor and the detail pane alike.
PRIORITY_NAMES = {1: "1 — highest", 2: "2 — high", 3: "3 — normal", 4: "4 — low", 5: "5 — lowest"}


def priority_label(priority: int) -> str:
    """'3 — normal'."""
    return PRIORITY_NAMES.get(priority, str(priority))


def days_text(n: int) -> str:
    """"1 day", "3 days"."""
    return f"{n} day" if n == 1 else f"{n} days"


def minutes_text(minutes: int) -> str:
    """A session's length: 'under a minute', '25 min', '1 h 5 min', '2 h'."""
    if minutes <= 0:
        return "under a minute"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def kind_label(kind: str) -> str:
    """'video-series' → 'Video series'."""
    return kind.replace("-", " ").capitalize()


def kind_from_label(text: str, kinds: tuple[str, ...]) -> str:
    """What the editor's Kind field holds, back as a kind: a known kind by its label or its
    name ('Video series', 'video-series'); other text as typed, trimmed."""
    text = text.strip()
    for kind in kinds:
        if text.casefold() in (kind.casefold(), kind_label(kind).casefold()):
            return kind
    return text
