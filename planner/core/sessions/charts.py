"""What the statistics view draws, as plain figures: pure functions of the sessions, the
catalog and a given today (the view only lays them out).

- the **heat map**: hours studied on each day of the last weeks, as a calendar of whole
  weeks (Monday to Sunday, up to today), with the current and the longest streak;
- **hours by category**: the hours of the sessions in those weeks, by top-level category;
- **pace by kind**: the learned pace of each kind and the hours of sessions behind it;
- the **burn-up**: the list's done hours at the end of each week, the whole list's hours,
  and where the forecasts end (at the planned budget; at the hours done a week in the last
  four weeks, or why there is no such line).

A session's hours fall in the days its time falls in (``stats.day_pieces``), as in
``stats``: one across midnight counts in both days, and in both weeks on a Sunday night.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.core.catalog.model import Catalog
from planner.core.hours import format_hours
from planner.core.sessions.model import Session
from planner.core.sessions.pace import Pace
from planner.core.sessions.stats import day_pieces, streaks
from planner.core.weeks import monday, week_of

OTHER = "other"  # the kind of a resource with none, or the category of one no longer listed


def daily_hours(sessions: Iterable[Session]) -> dict[dt.date, float]:
    """Hours studied on each day with study."""
    found: dict[dt.date, float] = {}
    for session in sessions:
        for day, hours in day_pieces(session):
            if hours > 0:
                found[day] = found.get(day, 0.0) + hours
    return found


def hours_by_week_of(by_day: Mapping[dt.date, float]) -> dict[str, float]:
    """``daily_hours`` added up by week (as ``stats.hours_by_week`` of the sessions)."""
    found: dict[str, float] = {}
    for day, hours in by_day.items():
        week = week_of(day)
        found[week] = found.get(week, 0.0) + hours
    return found


@dataclass(frozen=True)
class HeatMap:
    """Hours a day from ``first`` (a Monday) to ``today``, a week to a column."""

    first: dt.date
    today: dt.date
    hours: tuple[float, ...]  # one a day, ``first`` to ``today``
    current_streak: int  # days, ending today (or yesterday, when today has no study yet)
    longest_streak: int  # days, over all the sessions
    study_days: int  # days with study in the map

    @property
    def weeks(self) -> int:
        return (self.today - self.first).days // 7 + 1

    def at(self, day: dt.date) -> float:
        n = (day - self.first).days
        return self.hours[n] if 0 <= n < len(self.hours) else 0.0


def heat_map(by_day: Mapping[dt.date, float], today: dt.date, weeks: int) -> HeatMap:
    first = monday(week_of(today)) - dt.timedelta(weeks=weeks - 1)
    days = (today - first).days + 1
    hours = tuple(round(by_day.get(first + dt.timedelta(days=n), 0.0), 2) for n in range(days))
    current, longest = streaks({day for day, h in by_day.items() if h > 0}, today)
    return HeatMap(first, today, hours, current, longest, sum(1 for h in hours if h > 0))


@dataclass(frozen=True)
class Share:
    """One bar of hours: a category's (``key`` its id) or a kind's."""

    key: str
    label: str
    hours: float


def hours_by_category(sessions: Iterable[Session], catalog: Catalog, first: dt.date,
                      last: dt.date) -> tuple[Share, ...]:
    """Hours studied from ``first`` to ``last`` (inclusive) by top-level category, in the
    catalog's order; sessions of resources no longer in the list last, as "other"."""
    by_top: dict[str, float] = {}
    for session in sessions:
        if session.end is None or session.end.date() < first or session.start.date() > last:
            continue
        resource = catalog.resources.get(session.resource)
        top = resource.parent if resource is not None else None
        while top is not None and top.parent is not None and top.parent is not catalog.root:
            top = top.parent
        key = top.id if top is not None and top is not catalog.root else OTHER
        for day, hours in day_pieces(session):
            if first <= day <= last and hours > 0:
                by_top[key] = by_top.get(key, 0.0) + hours
    shares = [Share(c.id, c.title, round(by_top[c.id], 2)) for c in catalog.root.children
              if c.id in by_top and c.id in catalog.categories]
    if OTHER in by_top and OTHER not in catalog.categories:
        shares.append(Share(OTHER, "Other", round(by_top[OTHER], 2)))
    return tuple(shares)


@dataclass(frozen=True)
class KindPace:
    kind: str
    pace: float  # × the estimate, shrunk toward 1.0 (``pace.learned_pace``)
    hours: float  # of sessions behind it


def pace_by_kind(sessions: Iterable[Session], catalog: Catalog, pace: Pace
                 ) -> tuple[KindPace, ...]:
    """Each kind's learned pace with the hours logged on it, most hours first."""
    hours: dict[str, float] = {}
    for session in sessions:
        resource = catalog.resources.get(session.resource)
        if resource is not None:
            kind = resource.kind or ""
            hours[kind] = hours.get(kind, 0.0) + session.hours
    found = [KindPace(kind or OTHER, value, round(hours.get(kind, 0.0), 2))
             for kind, value in pace.by_kind.items()]
    return tuple(sorted(found, key=lambda k: (-k.hours, k.kind)))


@dataclass(frozen=True)
class BurnUp:
    """Done hours of the list against its whole, and when it is all done.

    ``done[i]`` is the list's done hours (estimated hours of the progress recorded) at the
    end of ``weeks[i]``; the last week is this one, its figure is now. The finishes are
    weeks (the line ends on their Sunday at ``scope``); None with a ``*_note`` saying why.
    """

    weeks: tuple[str, ...]
    done: tuple[float, ...]
    scope: float  # the whole list's estimated hours
    planned_finish: str | None
    planned_note: str
    recent_rate: float  # done hours a week, over the recent weeks (0: none)
    recent_weeks: int  # how many weeks that rate is over (up to 4)
    recent_finish: str | None
    recent_note: str

    @property
    def done_now(self) -> float:
        return self.done[-1] if self.done else 0.0


def done_by_week(done_now: float, done_by_day: Mapping[dt.date, float],
                 weeks: Sequence[str]) -> tuple[float, ...]:
    """The list's done hours at the end of each of ``weeks`` (oldest first): ``done_now``
    less the hours of progress recorded (or taken back) on the days after it."""
    days = sorted(done_by_day, reverse=True)
    totals = []
    later, n = 0.0, 0
    for week in reversed(weeks):
        end = monday(week) + dt.timedelta(days=6)
        while n < len(days) and days[n] > end:
            later += done_by_day[days[n]]
            n += 1
        totals.append(round(done_now - later, 2))
    return tuple(reversed(totals))


def burn_up(weeks: Sequence[str], done: Sequence[float], scope: float, *,
            planned_finish: str | None, recent: Sequence[float],
            recent_finish: str | None) -> BurnUp:
    """The burn-up, with words for a forecast that has no line: the plan does not finish
    within its horizon, or nothing was done in the recent weeks (a rate of zero would
    draw a line that never reaches the list's end)."""
    done_now = done[-1] if done else 0.0
    left = scope - done_now
    if left <= 0.005:
        note = "The whole list is done"
        return BurnUp(tuple(weeks), tuple(done), scope, None, note, 0.0, len(recent), None,
                      note)
    planned_note = ("" if planned_finish else
                    "At the planned budget, some of the list does not fit the plan "
                    "(see its overflow): no finish to draw")
    rate = sum(recent) / len(recent) if recent else 0.0
    span = f"the last {len(recent)} weeks" if len(recent) != 1 else "last week"
    if not recent:
        recent_note = "No week of study before this one yet: no recent pace to forecast by"
    elif rate <= 0:
        recent_note = f"Nothing studied in {span}: no finish at that pace"
    elif recent_finish is None:
        recent_note = (f"At {format_hours(rate)} a week ({span}), the list does not finish "
                       "within the calendar")
    else:
        recent_note = ""
    return BurnUp(tuple(weeks), tuple(done), scope, planned_finish, planned_note,
                  round(rate, 2), len(recent), recent_finish if rate > 0 else None,
                  recent_note)
