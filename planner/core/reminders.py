"""The weekly reminder: on a chosen day and time, if this week's goals are not all done, a
line that says what is left (issue 16).

Whether one is due, and what it says, is decided here from plain values — the chosen
moment, the time now (an injected clock), when the last one was sent and the week's goals
— so that midnight, the week's end and a week already done are tested without Qt. The
window (``planner.ui.reminders``) only aims a timer and hands the text to the desktop.

- **Once a week.** A reminder is due from its moment until the week ends, if none was sent
  since that moment: a window opened on Saturday still reminds of Friday's, once.
- **Never for another week's goals.** A moment of last week is not caught up on Monday:
  the goals it was about are last week's.
- **Nothing when nothing is left**: a week whose goals are all done, or with none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from planner.core.hours import format_hours
from planner.core.journal.goals import is_goal_done
from planner.core.journal.state import AppState
from planner.core.planning.plan import DONE
from planner.core.planning.scheduler import describe_goal
from planner.core.weeks import week_of

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHOWN_GOALS = 3  # the body names this many open goals, then "and N more"
_TEXT = re.compile(r"(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class ReminderTime:
    """A weekday (0 = Monday) and a time of day, on the clock of the machine."""

    weekday: int
    at: dt.time

    def text(self) -> str:
        """As the local state file keeps it: 'fri 18:00'."""
        return f"{DAYS[self.weekday]} {self.at:%H:%M}"

    @classmethod
    def parse(cls, text: str | None) -> ReminderTime | None:
        """'fri 18:00' back; None for 'off', nothing, or anything else (no reminder)."""
        found = _TEXT.fullmatch((text or "").strip().lower())
        if found is None:
            return None
        return cls(DAYS.index(found[1]), dt.time(int(found[2]), int(found[3])))

    def describe(self) -> str:
        """'Friday at 18:00'."""
        return f"{DAY_NAMES[self.weekday]} at {self.at:%H:%M}"


@dataclass(frozen=True)
class GoalState:
    """One of the week's goals as the reminder needs it."""

    description: str  # 'chapters 4–6 of Foundations of Data Science (6 h)'
    hours: float
    done: bool


@dataclass(frozen=True)
class Reminder:
    week: str
    moment: dt.datetime  # the reminder moment it is for
    title: str
    body: str


def _moment_in_week(when: ReminderTime, now: dt.datetime, weeks_back: int) -> dt.datetime:
    monday = now.date() - dt.timedelta(days=now.weekday(), weeks=weeks_back)
    day = monday + dt.timedelta(days=when.weekday)
    return dt.datetime.combine(day, when.at, tzinfo=now.tzinfo)


def last_moment(when: ReminderTime, now: dt.datetime) -> dt.datetime:
    """The latest reminder moment at or before ``now`` (this week's or last week's)."""
    moment = _moment_in_week(when, now, 0)
    return moment if moment <= now else _moment_in_week(when, now, 1)


def next_moment(when: ReminderTime, now: dt.datetime) -> dt.datetime:
    """The first reminder moment after ``now``."""
    moment = _moment_in_week(when, now, 0)
    return moment if moment > now else _moment_in_week(when, now, -1)


def pending_moment(when: ReminderTime | None, now: dt.datetime,
                   last_sent: dt.datetime | None) -> dt.datetime | None:
    """This week's reminder moment when it has come and none was sent since; else None
    (the goals need not be looked at)."""
    if when is None:
        return None
    moment = last_moment(when, now)
    if week_of(moment.date()) != week_of(now.date()):
        return None
    if last_sent is not None and last_sent >= moment:
        return None
    return moment


def due_reminder(when: ReminderTime | None, now: dt.datetime, last_sent: dt.datetime | None,
                 goals: Sequence[GoalState]) -> Reminder | None:
    """The reminder to send at ``now``, or None: none is set, its moment this week is still
    to come (or was last week's), one was sent since, or ``goals`` (this week's) are all
    done."""
    moment = pending_moment(when, now, last_sent)
    if moment is None:
        return None
    week = week_of(now.date())
    still_open = [goal for goal in goals if not goal.done]
    if not still_open:
        return None
    count = (f"{len(still_open)} of {len(goals)} goals" if len(goals) > 1
             else "your goal")
    title = f"This week: {count} still to do"
    named = [goal.description for goal in still_open[:SHOWN_GOALS]]
    more = len(still_open) - len(named)
    if more:
        named.append(f"and {more} more")
    left = format_hours(sum(goal.hours for goal in still_open))
    body = f"{left} left: " + "; ".join(named)
    return Reminder(week, moment, title, body)


def week_goals(app: AppState) -> list[GoalState]:
    """This week's goals in the plan as it stands today, each done or not (as the plan
    panel shows them); none without a plan."""
    plan = app.plan_today()
    week = week_of(app.today())
    found = plan.week(week) if plan is not None else None
    if found is None:
        return []
    return [GoalState(describe_goal(goal, app.catalog), goal.hours,
                      goal.kind == DONE or is_goal_done(app, week, goal))
            for goal in found.goals]
