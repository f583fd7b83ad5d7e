"""The statistics view's figures, read from the app at its today (``sessions.charts``
computes them; the view lays them out).

Hours per week against the plan are ``study.stats``'s rows, so the view and the ``stats``
command agree. The burn-up's finishes are the forecast's (``goals.plan_forecast``: the
plan's finish at its budget, and the finish at the hours done a week in the last four
weeks), so the view, ``forecast`` and the weekly review agree too. Its done hours are
estimated hours of the progress recorded, each on the day it was recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from planner.core.catalog.model import Catalog
from planner.core.hours import format_hours, round_hours
from planner.core.journal.events import Event
from planner.core.journal.fold import PROGRESS_EVENTS, next_progress
from planner.core.journal.goals import plan_forecast, recent_hours
from planner.core.journal.state import AppState
from planner.core.journal.study import WeekStudy, sessions, stats
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, remaining_hours
from planner.core.sessions.charts import (
    BurnUp,
    HeatMap,
    KindPace,
    Share,
    burn_up,
    daily_hours,
    done_by_week,
    heat_map,
    hours_by_category,
    pace_by_kind,
)

WEEK_SPANS = (12, 52)  # the view's choice of weeks


@dataclass(frozen=True)
class StudyView:
    weeks: tuple[WeekStudy, ...]  # hours studied and planned, oldest first, this week last
    heat: HeatMap
    categories: tuple[Share, ...]
    paces: tuple[KindPace, ...]
    burn: BurnUp
    logged_hours: float  # of all the sessions

    @property
    def studied_hours(self) -> float:
        """Hours studied in the weeks shown."""
        return round(sum(w.studied_hours for w in self.weeks), 2)

    @property
    def planned_hours(self) -> float:
        return round(sum(w.planned_hours for w in self.weeks), 2)


def done_hours_by_day(journal: Iterable[Event], catalog: Catalog) -> dict[dt.date, float]:
    """The estimated hours of progress each day recorded (negative: taken back), for the
    resources in the catalog: one pass over the journal, folding progress as it goes."""
    progress: dict[str, Progress] = {}
    found: dict[dt.date, float] = {}
    for event in journal:
        if event.type not in PROGRESS_EVENTS or event.type == "notes":
            continue
        rid = str(event.data["r"])
        before = progress.get(rid, EMPTY_PROGRESS)
        after = progress[rid] = next_progress(before, event)
        resource = catalog.resources.get(rid)
        if resource is not None:
            moved = remaining_hours(resource, before) - remaining_hours(resource, after)
            if moved:
                found[event.day] = found.get(event.day, 0.0) + moved
    return found


def scope_hours(catalog: Catalog) -> float:
    return round(sum(resource.effort for resource in catalog), 2)


def study_view(app: AppState, weeks: int = WEEK_SPANS[0]) -> StudyView:
    found = sessions(app).done
    base = stats(app, weeks)
    today = app.today()
    heat = heat_map(daily_hours(found), today, weeks)
    shown = [w.week for w in base.weeks]
    outlook = plan_forecast(app)
    burn = burn_up(shown, done_by_week(done_hours_by_day(app.state.journal, app.catalog),
                                       shown),
                   scope_hours(app.catalog), planned_finish=outlook.finish,
                   recent=recent_hours(app), recent_finish=outlook.at_recent_pace)
    return StudyView(base.weeks, heat, hours_by_category(found, app.catalog, heat.first, today),
                     pace_by_kind(found, app.catalog, base.pace), burn,
                     base.pace.logged_hours)


def summary(view: StudyView) -> dict[str, str]:
    """The summary line's figures in words, for the view's header (and its tests)."""
    this = view.weeks[-1] if view.weeks else None
    heat = view.heat
    return {
        "this_week": (f"This week: {_h(this.studied_hours)} of {_h(this.planned_hours)} "
                      "planned" if this else "This week: nothing planned"),
        "weeks": (f"Last {len(view.weeks)} weeks: {_h(view.studied_hours)} studied of "
                  f"{_h(view.planned_hours)} planned"),
        "streak": f"Streak: {_days(heat.current_streak)} (longest "
                  f"{_days(heat.longest_streak)})",
    }


def _h(hours: float) -> str:
    return format_hours(round_hours(hours))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
