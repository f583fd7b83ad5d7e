"""The statistics view's figures (issue 15), in core with an injected clock: hours per week
against the plan, the heat map and its streaks, hours by category, the pace by kind, and
the burn-up with its two forecasts; across week boundaries and midnight."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan, plan_forecast
from planner.core.journal.state import AppState, PlannerState
from planner.core.journal.study_view import (
    done_hours,
    done_hours_by_day,
    scope_hours,
    study_view,
    summary,
)
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.operations.sessions import LogSession, Outcome, StartSession, StopSession
from planner.core.progress.rules import remaining_hours
from planner.core.sessions.charts import (
    OTHER,
    burn_up,
    daily_hours,
    done_by_week,
    heat_map,
    hours_by_category,
)
from planner.core.sessions.model import Session, sessions_of
from planner.store.catalog_file import load_catalog
from tests.clock import Clock
from tests.conftest import SMALL_CATALOG

UTC = dt.timezone.utc


def new_app(start: dt.datetime) -> tuple[AppState, Clock]:
    clock = Clock(start)
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    return app, clock


def unit_book(app: AppState, nth: int = 0) -> str:
    return [r.id for r in app.catalog if r.kind == "book" and r.units is not None
            and r.units.count >= 8][nth]


def at(day: dt.date, hour: int = 20) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


def test_hours_per_week_against_the_plan_move_on_at_the_week_boundary() -> None:
    wednesday = dt.date(2026, 12, 2)  # 2026-W49
    app, clock = new_app(at(wednesday, 18))
    rid = unit_book(app)
    app.apply(LogSession(rid, 60, dt.date(2026, 11, 30)))  # Monday, at noon
    app.apply(LogSession(rid, 90))  # today, ending now
    view = study_view(app, 12)
    assert len(view.weeks) == 12 and view.weeks[-1].week == "2026-W49"
    assert view.weeks[-1].studied_hours == 2.5
    assert view.weeks[-1].planned_hours == app.plan_today().week("2026-W49").planned_hours  # type: ignore[union-attr]
    assert view.weeks[-1].planned_hours > 0
    assert view.studied_hours == 2.5
    assert summary(view)["this_week"].startswith("This week: 2.5 h logged of ")
    # Sunday 23:59 is still W49; a minute later the view's last week is W50, empty
    clock.now = at(dt.date(2026, 12, 6), 23).replace(minute=59)
    assert study_view(app, 12).weeks[-1].week == "2026-W49"
    clock.now = at(dt.date(2026, 12, 7), 0)
    view = study_view(app, 12)
    assert [(w.week, w.studied_hours) for w in view.weeks[-2:]] == [
        ("2026-W49", 2.5), ("2026-W50", 0.0)]
    assert view.heat.first == dt.date(2026, 9, 21)  # the Monday 11 weeks before W50's
    assert view.heat.at(wednesday) == 1.5 and view.heat.at(dt.date(2026, 11, 30)) == 1.0
    assert view.heat.study_days == 2
    # two days of study with a day between them: no streak now, the longest is one day
    assert (view.heat.current_streak, view.heat.longest_streak) == (0, 1)
    assert summary(view)["streak"] == "Streak: 0 days (longest 1 day)"


def test_a_session_across_midnight_and_sunday_night_counts_in_both_days_and_weeks() -> None:
    sunday_night = at(dt.date(2026, 12, 6), 23)  # the last hour of 2026-W49
    app, clock = new_app(sunday_night)
    app.apply(StartSession(unit_book(app)))
    clock.now = sunday_night + dt.timedelta(minutes=90)  # Monday 00:30, 2026-W50
    app.apply(StopSession())
    view = study_view(app, 12)
    assert [(w.week, w.studied_hours) for w in view.weeks[-2:]] == [
        ("2026-W49", 1.0), ("2026-W50", 0.5)]
    heat = view.heat
    assert heat.at(dt.date(2026, 12, 6)) == 1.0 and heat.at(dt.date(2026, 12, 7)) == 0.5
    assert (heat.current_streak, heat.longest_streak, heat.study_days) == (2, 2, 2)
    assert heat.weeks == 12 and len(heat.hours) == 11 * 7 + 1  # up to today, a Monday
    # the next day with no study yet: the streak still stands (today may still come)
    clock.now += dt.timedelta(days=1)
    assert study_view(app, 12).heat.current_streak == 2
    clock.now += dt.timedelta(days=1)  # a whole day missed: broken
    assert study_view(app, 12).heat.current_streak == 0


def test_twelve_or_fifty_two_weeks() -> None:
    app, _ = new_app(at(dt.date(2026, 12, 2)))
    rid = unit_book(app)
    app.apply(LogSession(rid, 120, dt.date(2026, 3, 4)))  # 39 weeks ago
    app.apply(LogSession(rid, 30))
    short, year = study_view(app, 12), study_view(app, 52)
    assert (len(short.weeks), len(year.weeks)) == (12, 52)
    assert (short.heat.weeks, year.heat.weeks) == (12, 52)
    assert short.studied_hours == 0.5 and year.studied_hours == 2.5
    assert sum(s.hours for s in short.categories) == pytest.approx(0.5)
    assert sum(s.hours for s in year.categories) == pytest.approx(2.5)
    assert len(year.burn.done) == 52 and year.burn.weeks == tuple(w.week for w in year.weeks)


def test_hours_by_top_level_category_in_catalog_order() -> None:
    app, _ = new_app(at(dt.date(2026, 12, 2)))
    tops = [c for c in app.catalog.root.children if c.id in app.catalog.categories]
    first, last = tops[0], tops[-1]
    app.apply(LogSession(next(first.resources()).id, 45, dt.date(2026, 11, 30)))
    app.apply(LogSession(next(last.resources()).id, 90, dt.date(2026, 12, 1)))
    app.apply(LogSession(next(last.resources()).id, 60, dt.date(2026, 9, 1)))  # before the map
    view = study_view(app, 12)
    assert [(s.key, s.label, s.hours) for s in view.categories] == [
        (first.id, first.title, 0.75), (last.id, last.title, 1.5)]


def test_a_resource_in_a_subcategory_counts_in_its_top_level_one() -> None:
    catalog = load_catalog(SMALL_CATALOG)
    numpy = catalog.resources["numpy-100"]  # Code > Python
    assert numpy.parent is not None and numpy.parent.parent is not catalog.root
    top = numpy.parent.parent
    sessions = [Session("a.1", "numpy-100", at(dt.date(2026, 12, 1), 9),
                        at(dt.date(2026, 12, 1), 10), 60),
                Session("a.2", "no-such-resource", at(dt.date(2026, 12, 1), 11),
                        at(dt.date(2026, 12, 1), 11).replace(minute=30), 30)]
    shares = hours_by_category(sessions, catalog, dt.date(2026, 11, 1), dt.date(2026, 12, 2))
    # a session of a resource no longer in the list counts as "Other", last
    assert [(s.key, s.label, s.hours) for s in shares] == [
        (top.id, "Code", 1.0), (OTHER, "Other", 0.5)]


def test_pace_by_kind_with_the_hours_behind_it() -> None:
    app, clock = new_app(at(dt.date(2026, 11, 2)))
    book = app.resource(unit_book(app))
    unit = book.effort / book.units.count  # type: ignore[union-attr]
    day = dt.date(2026, 11, 2)
    for n in range(1, 5):  # four units at twice the estimate
        clock.now = at(day)
        app.apply(LogSession(book.id, round(unit * 2 * 60), day, Outcome(units=n)))
        day += dt.timedelta(days=1)
    notes = next(r for r in app.catalog if r.kind == "notes")
    app.apply(LogSession(notes.id, 30, day - dt.timedelta(days=1)))
    [first, second] = study_view(app, 12).paces
    assert first.kind == "book" and first.hours == pytest.approx(unit * 8, abs=0.05)
    assert first.pace > 1.2  # slower than estimated, shrunk toward 1.0
    assert (second.kind, second.hours) == ("notes", 0.5)
    assert second.pace > 1.0  # time spent, no progress recorded


def test_the_burn_up_counts_done_hours_by_week_and_forecasts_at_both_rates() -> None:
    monday = dt.date(2026, 11, 2)  # 2026-W45
    app, clock = new_app(at(monday))
    rid = unit_book(app)
    book = app.resource(rid)
    unit = round(book.effort / book.units.count, 2)  # type: ignore[union-attr]
    for n in range(1, 5):  # a unit a week, W45 to W48
        day = monday + dt.timedelta(weeks=n - 1, days=2)
        clock.now = at(day)
        app.apply(LogSession(rid, 60, day, Outcome(units=n)))
    clock.now = at(dt.date(2026, 12, 2))  # Wednesday of W49
    view = study_view(app, 12)
    burn = view.burn
    assert burn.weeks[-1] == "2026-W49"
    steps = [round(b - a, 2) for a, b in zip(burn.done[-6:-1], burn.done[-5:], strict=True)]
    assert steps == pytest.approx([unit, unit, unit, unit, 0.0], abs=0.02)
    assert burn.done[-1] == pytest.approx(4 * unit, abs=0.02)
    assert burn.scope == scope_hours(app.catalog, app.state.progress)
    forecast = plan_forecast(app)  # the same finishes as `forecast` and the review
    assert burn.planned_finish == forecast.finish
    assert burn.planned_finish is not None and burn.planned_note == ""
    assert burn.recent_weeks == 4 and burn.recent_rate == pytest.approx(unit, abs=0.02)
    assert burn.recent_finish == forecast.at_recent_pace and burn.recent_finish is not None
    assert burn.recent_note == ""
    # five weeks later, nothing studied since: no line to infinity, but words
    clock.now = at(dt.date(2027, 1, 6))
    burn = study_view(app, 12).burn
    assert burn.recent_rate == 0 and burn.recent_finish is None
    assert burn.recent_note == "Nothing studied in the last 4 weeks: no finish at that pace"
    assert burn.done[-1] == pytest.approx(4 * unit, abs=0.02)  # flat since W48
    assert burn.planned_finish is not None  # the plan still has one


def test_the_burn_up_before_any_past_week_and_once_all_is_done() -> None:
    app, _ = new_app(at(dt.date(2026, 12, 2)))
    app.apply(LogSession(unit_book(app), 30))
    burn = study_view(app, 12).burn
    assert burn.recent_finish is None and burn.recent_weeks == 0
    assert burn.recent_note.startswith("No week of study before this one yet")
    done = burn_up(["2026-W49"], [10.0], 10.0, planned_finish=None, recent=[2.0],
                   recent_finish="2026-W49")
    assert done.planned_note == done.recent_note == "The whole list is done"
    assert done.planned_finish is None and done.recent_finish is None


def test_done_hours_by_day_add_up_to_the_progress_and_take_back_what_is_undone() -> None:
    app, clock = new_app(at(dt.date(2026, 11, 29)))  # Sunday of 2026-W48
    rid, other = unit_book(app, 0), unit_book(app, 1)
    app.apply(RecordUnits(rid, 3))
    clock.now += dt.timedelta(days=1)
    app.apply(SetDone(other))
    clock.now += dt.timedelta(days=1)
    app.apply(RecordUnits(rid, 1))  # two units taken back
    by_day = done_hours_by_day(app.state.journal, app.catalog, dt.date(2026, 11, 23))
    total = done_hours(app.catalog, app.state.progress)
    assert total == pytest.approx(
        sum(r.effort - remaining_hours(r, app.progress(r.id)) for r in app.catalog), abs=0.01)
    assert sum(by_day.values()) == pytest.approx(total, abs=0.01)  # nothing before W48
    assert by_day[dt.date(2026, 11, 29)] > 0 and by_day[dt.date(2026, 12, 1)] < 0
    weeks = ["2026-W48", "2026-W49"]
    assert done_by_week(total, by_day, weeks) == (
        round(by_day[dt.date(2026, 11, 29)], 2), pytest.approx(total, abs=0.01))
    # from W49 on only: the end of W48 is what was done by then all the same
    later = done_hours_by_day(app.state.journal, app.catalog, dt.date(2026, 11, 30))
    assert dt.date(2026, 11, 29) not in later
    assert done_by_week(total, later, weeks) == done_by_week(total, by_day, weeks)


def test_the_heat_map_and_daily_hours_as_pure_functions() -> None:
    session = Session("a.1", "r", at(dt.date(2026, 12, 1), 23), at(dt.date(2026, 12, 2), 1), 120)
    by_day = daily_hours([session])
    assert by_day == {dt.date(2026, 12, 1): 1.0, dt.date(2026, 12, 2): 1.0}
    heat = heat_map(by_day, dt.date(2026, 12, 3), 1)  # Thursday: the week so far
    assert heat.first == dt.date(2026, 11, 30) and heat.hours == (0.0, 1.0, 1.0, 0.0)
    assert (heat.current_streak, heat.longest_streak) == (2, 2)
    assert heat.at(dt.date(2026, 11, 1)) == 0.0  # outside the map


def test_sessions_the_view_reads_are_the_ones_logged() -> None:
    app, _ = new_app(at(dt.date(2026, 12, 2)))
    app.apply(LogSession(unit_book(app), 50))
    assert study_view(app).logged_hours == pytest.approx(
        sum(s.hours for s in sessions_of(app.state.journal).done), abs=0.01)
