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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.core.catalog.model import Catalog
from planner.core.hours import format_hours, round_hours
from planner.core.journal.events import Event
from planner.core.journal.fold import PROGRESS_EVENTS, next_progress
from planner.core.journal.goals import current_plan, previous_finish, recent_hours
from planner.core.journal.state import AppState
from planner.core.journal.study import WeekStudy, sessions, week_rows
from planner.core.planning.review import forecast
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, remaining_hours
from planner.core.progress.summary import Summary, summarize_category
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
    hours_by_week_of,
    pace_by_kind,
)
from planner.core.sessions.pace import learned_pace
from planner.core.weeks import monday
from planner.core.wording import days_text

WEEK_SPANS = (12, 52)  # the view's choice of weeks


@dataclass(frozen=True)
class StudyView:
    weeks: tuple[WeekStudy, ...]  # hours studied and planned, oldest first, this week last
    heat: HeatMap
    categories: tuple[Share, ...]
    paces: tuple[KindPace, ...]
    burn: BurnUp
    logged_hours: float  # of all the sessions
    someday_hours: float = 0.0  # Someday hours left: not planned, not in the burn-up

    @property
    def studied_hours(self) -> float:
        """Hours studied in the weeks shown."""
        return round(sum(w.studied_hours for w in self.weeks), 2)

    @property
    def planned_hours(self) -> float:
        return round(sum(w.planned_hours for w in self.weeks), 2)


def done_hours_by_day(journal: Sequence[Event], catalog: Catalog, since: dt.date
                      ) -> dict[dt.date, float]:
    """The estimated hours of progress each day from ``since`` on recorded (negative:
    taken back), for the resources in the catalog. Like ``fold.progress_spans``, it folds
    only the resources whose progress moved since then."""
    touched = {str(e.data["r"]) for e in journal
               if e.type in PROGRESS_EVENTS and e.day >= since and e.type != "notes"}
    progress: dict[str, Progress] = {}
    left: dict[str, float] = {}  # each resource's remaining hours after its last event
    found: dict[dt.date, float] = {}
    for event in journal:
        if event.type not in PROGRESS_EVENTS or event.type == "notes":
            continue
        rid = str(event.data["r"])
        if rid not in touched:
            continue
        after = progress[rid] = next_progress(progress.get(rid, EMPTY_PROGRESS), event)
        resource = catalog.resources.get(rid)
        if resource is None:
            continue
        before = left.get(rid, resource.effort)
        left[rid] = now = remaining_hours(resource, after)
        if before != now and event.day >= since:
            found[event.day] = found.get(event.day, 0.0) + before - now
    return found


def done_hours(catalog: Catalog, progress: Mapping[str, Progress]) -> float:
    """The estimated hours of the list's progress now."""
    return round(sum(r.effort - remaining_hours(r, progress[r.id]) for r in catalog
                     if r.id in progress), 2)


def scope_hours(catalog: Catalog, progress: Mapping[str, Progress]) -> float:
    """The burn-up's whole: the hours done and the planned hours left (``summary``'s
    rule: a Someday resource's hours left are not planned, so not in it)."""
    return round(_sums(catalog, progress).effort_hours, 2)


def _sums(catalog: Catalog, progress: Mapping[str, Progress]) -> Summary:
    return summarize_category(catalog.root, progress, catalog.someday)


def study_view(app: AppState, weeks: int = WEEK_SPANS[0]) -> StudyView:
    found = sessions(app).done
    by_day = daily_hours(found)
    today = app.today()
    pace = learned_pace(found, app.catalog)
    rows = week_rows(app, hours_by_week_of(by_day), weeks)
    heat = heat_map(by_day, today, weeks)
    shown = [w.week for w in rows]
    recent = recent_hours(app)
    outlook = forecast(current_plan(app), app.catalog, app.state.progress, today,
                       previous=previous_finish(app), recent=recent)  # as plan_forecast
    since = monday(shown[0])
    done = done_by_week(done_hours(app.catalog, app.state.progress),
                        done_hours_by_day(app.state.journal, app.catalog, since), shown)
    sums = _sums(app.catalog, app.state.progress)
    burn = burn_up(shown, done, round(sums.effort_hours, 2), planned_finish=outlook.finish,
                   recent=recent, recent_finish=outlook.at_recent_pace)
    return StudyView(rows, heat, hours_by_category(found, app.catalog, heat.first, today),
                     pace_by_kind(found, app.catalog, pace), burn, pace.logged_hours,
                     round(sums.someday_hours, 2))


def summary(view: StudyView) -> dict[str, str]:
    """The summary line's figures in words, for the view's header (and its tests)."""
    this = view.weeks[-1] if view.weeks else None
    heat = view.heat
    return {
        "this_week": (f"This week: {_h(this.studied_hours)} logged of {_h(this.planned_hours)} "
                      "planned" if this else "This week: nothing planned"),
        "weeks": (f"Last {len(view.weeks)} weeks: {_h(view.studied_hours)} logged of "
                  f"{_h(view.planned_hours)} planned"),
        "streak": f"Streak: {days_text(heat.current_streak)} (longest "
                  f"{days_text(heat.longest_streak)})",
    }


def _h(hours: float) -> str:
    return format_hours(round_hours(hours))


