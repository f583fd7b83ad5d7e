"""``stats`` and ``session list``: the sessions of a planner, as the command line shows
them (docs/architecture.md §3.2); the pace the plan follows when it plans with it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.core.journal.goals import current_plan
from planner.core.journal.state import AppState
from planner.core.progress.summary import Summary, summarize_category
from planner.core.sessions.model import Session, Sessions, sessions_of
from planner.core.sessions.pace import Pace, learned_pace
from planner.core.sessions.stats import hours_by_week, last_weeks, streaks, study_days


@dataclass(frozen=True)
class WeekStudy:
    week: str
    planned_hours: float
    studied_hours: float


@dataclass(frozen=True)
class Stats:
    weeks: tuple[WeekStudy, ...]
    current_streak: int
    longest_streak: int
    pace: Pace
    # the list's hours: done, planned left and Someday apart (the burn-up's, the tree's)
    hours: Summary = field(default_factory=Summary)


def sessions(app: AppState) -> Sessions:
    return sessions_of(app.state.journal)


def stats(app: AppState, weeks: int = 12) -> Stats:
    found = sessions(app).done
    rows = week_rows(app, hours_by_week(found), weeks)
    current, longest = streaks(study_days(found), app.today())
    catalog = app.catalog
    return Stats(rows, current, longest, learned_pace(found, catalog),
                 summarize_category(catalog.root, app.state.progress, catalog.someday))


def week_rows(app: AppState, studied: Mapping[str, float], weeks: int
              ) -> tuple[WeekStudy, ...]:
    """The last ``weeks`` weeks, this one last: the plan's hours of each and ``studied``."""
    plan = current_plan(app)
    rows = []
    for week in last_weeks(app.today(), weeks):
        planned = plan.week(week)
        rows.append(WeekStudy(week, planned.planned_hours if planned is not None else 0.0,
                              round(studied.get(week, 0.0), 2)))
    return tuple(rows)


def stats_to_json(s: Stats) -> dict[str, object]:
    return {
        "weeks": [{"week": w.week, "planned_hours": w.planned_hours,
                   "studied_hours": w.studied_hours} for w in s.weeks],
        "streak": {"current_days": s.current_streak, "longest_days": s.longest_streak},
        "pace": {"by_kind": dict(sorted(s.pace.by_kind.items())),
                 "by_resource": dict(sorted(s.pace.by_resource.items())),
                 "logged_hours": s.pace.logged_hours},
        # estimated hours: done, the planned whole (done + left, the burn-up's scope),
        # planned left, and the Someday hours left, not planned and not in the others
        "hours": {"done": round(s.hours.done_hours, 2),
                  "planned": round(s.hours.effort_hours, 2),
                  "left": round(s.hours.remaining_hours, 2),
                  "someday": round(s.hours.someday_hours, 2)},
    }


def session_to_json(s: Session) -> dict[str, object]:
    return {"id": s.id, "resource": s.resource, "start": s.start.isoformat(),
            "end": s.end.isoformat() if s.end else None, "minutes": s.minutes,
            "units_before": s.before, "units_after": s.after}


def sessions_to_json(found: Sessions) -> dict[str, object]:
    return {"sessions": [session_to_json(s) for s in found.done],
            "running": session_to_json(found.running) if found.running else None}
