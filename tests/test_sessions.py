"""Study sessions, the learned pace and the statistics (issue 15), in core with an injected
clock, and the `session` / `stats` commands."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.journal.study import stats
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal
from planner.core.operations.sessions import (
    LogSession,
    Outcome,
    SessionError,
    StartSession,
    StopSession,
)
from planner.core.planning.plan import DONE
from planner.core.sessions.model import Session, sessions_of
from planner.core.sessions.pace import PRIOR_HOURS, learned_pace, shrunk
from planner.core.sessions.stats import hours_by_week, streaks
from planner.entry.cli.main import main
from planner.entry.wiring import open_state_file
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

UTC = dt.timezone.utc


def new_app(start: dt.datetime = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
            ) -> tuple[AppState, Clock]:
    clock = Clock(start)
    return AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                    recorder=Recorder("test", clock)), clock


def of_kind(app: AppState, kind: str, units: bool = True) -> str:
    return next(r.id for r in app.catalog if r.kind == kind and (r.units is not None) == units)


def test_a_session_records_its_time_and_the_progress_it_made() -> None:
    app, clock = new_app()
    rid = of_kind(app, "book")
    app.apply(StartSession(rid))
    with pytest.raises(SessionError, match="is running since 2026-12-01 09:00; stop it first"):
        app.apply(StartSession(of_kind(app, "notes")))
    clock.now += dt.timedelta(minutes=95)
    app.apply(StopSession(Outcome(units=2)))
    found = sessions_of(app.state.journal)
    assert found.running is None
    [session] = found.done
    assert (session.resource, session.minutes, session.before, session.after) == (rid, 95, 0, 2)
    assert app.progress(rid).units_done == 2  # the same progress path as `progress`
    with pytest.raises(SessionError, match="no session is running"):
        app.apply(StopSession())


def test_an_hours_resource_logs_the_session_unless_told_otherwise() -> None:
    app, clock = new_app()
    rid = next(r.id for r in app.catalog if r.units is None)
    app.apply(StartSession(rid))
    clock.now += dt.timedelta(minutes=90)
    app.apply(StopSession())
    assert app.progress(rid).hours_logged == 1.5
    with pytest.raises(SessionError, match="counted in"):
        app.apply(LogSession(of_kind(app, "book"), 30, outcome=Outcome(hours=1)))


def test_undo_takes_the_whole_stop_back() -> None:
    app, clock = new_app()
    rid = of_kind(app, "book")
    app.apply(StartSession(rid))
    clock.now += dt.timedelta(minutes=30)
    stop = app.apply(StopSession(Outcome(units=1)))
    app.undo(stop)
    assert app.progress(rid).units_done == 0
    assert sessions_of(app.state.journal).running is not None  # running again, as before


def test_a_session_across_midnight_and_sunday_night_counts_in_each_day_and_week() -> None:
    sunday_night = dt.datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # Sunday of 2026-W49
    app, clock = new_app(sunday_night)
    app.apply(StartSession(of_kind(app, "book")))
    clock.now = sunday_night + dt.timedelta(minutes=90)  # Monday 00:30, 2026-W50
    app.apply(StopSession())
    found = sessions_of(app.state.journal).done
    by_week = hours_by_week(found)
    assert by_week == pytest.approx({"2026-W49": 1.0, "2026-W50": 0.5})
    current, longest = streaks({dt.date(2026, 12, 6), dt.date(2026, 12, 7)}, dt.date(2026, 12, 7))
    assert (current, longest) == (2, 2)
    report = stats(app, weeks=2)
    assert [(w.week, w.studied_hours) for w in report.weeks] == [
        ("2026-W49", 1.0), ("2026-W50", 0.5)]
    assert (report.current_streak, report.longest_streak) == (2, 2)


def test_logged_sessions_never_overlap_and_never_end_in_the_future() -> None:
    app, clock = new_app(dt.datetime(2026, 12, 2, 10, tzinfo=UTC))
    rid = of_kind(app, "book")
    for _ in range(3):
        app.apply(LogSession(rid, 60))  # today: ending now, then before each other
    app.apply(LogSession(rid, 45, dt.date(2026, 12, 1)))
    app.apply(LogSession(rid, 45, dt.date(2026, 12, 1)))
    found = sessions_of(app.state.journal).done
    assert all(s.end is not None and s.end <= clock.now for s in found)
    for a, b in itertools.pairwise(found):
        assert a.end is not None and a.end <= b.start
    with pytest.raises(SessionError, match="in the future"):
        app.apply(LogSession(rid, 30, dt.date(2026, 12, 3)))
    with pytest.raises(SessionError, match="minutes must be"):
        app.apply(LogSession(rid, 0))


def test_a_slow_reader_of_books_is_learned_and_videos_stay_as_estimated() -> None:
    """1.5 × the estimate on books, 1.0 × on videos: after 20 h of book sessions the book
    pace is 1.35–1.6 and the video pace 0.9–1.1."""
    app, clock = new_app(dt.datetime(2026, 9, 1, 8, tzinfo=UTC))
    catalog = app.catalog
    books = [r for r in catalog if r.kind == "book" and r.units is not None]
    videos = [r for r in catalog if r.kind in ("video-series", "videos", "video")
              and r.units is not None]
    assert books and videos
    spent = 0.0
    day = dt.date(2026, 9, 1)
    while spent < 20:
        for resource, factor in ((books[0], 1.5), (videos[0], 1.0)):
            unit = resource.effort / resource.units.count  # type: ignore[union-attr]
            done = app.progress(resource.id).units_done
            if done >= resource.units.count - 1:  # type: ignore[union-attr]
                continue
            minutes = round(unit * factor * 60)
            clock.now = dt.datetime.combine(day, dt.time(20), tzinfo=UTC)
            app.apply(LogSession(resource.id, minutes, day, Outcome(units=done + 1)))
            if resource is books[0]:
                spent += minutes / 60
        day += dt.timedelta(days=1)
    pace = learned_pace(sessions_of(app.state.journal).done, catalog)
    assert 1.35 <= pace.by_kind[books[0].kind or ""] <= 1.6, pace
    assert 0.9 <= pace.by_kind[videos[0].kind or ""] <= 1.1, pace


def test_sessions_of_a_minute_that_record_progress_do_not_swing_the_pace() -> None:
    """A new user started and stopped four sessions at once, recording a section done at
    each stop (progress made away from the timer): their notes read 0.71 × the estimate
    after two minutes. Such sessions say nothing of the pace; a real one still does."""
    from planner.core.sessions.pace import MIN_PACE_MINUTES

    app, clock = new_app(dt.datetime(2026, 12, 3, 18, tzinfo=UTC))
    notes = next(r for r in app.catalog if r.kind == "notes" and r.units is not None)
    for n in range(1, 5):
        app.apply(LogSession(notes.id, 1, outcome=Outcome(units=n)))
        clock.now += dt.timedelta(minutes=10)
    pace = learned_pace(sessions_of(app.state.journal).done, app.catalog)
    assert not pace.knows(notes) and pace.of(notes) == 1.0
    assert pace.logged_hours == pytest.approx(4 / 60, abs=0.01)  # still logged time
    # the same progress over sessions long enough to measure does tell the pace
    app.apply(LogSession(notes.id, MIN_PACE_MINUTES, outcome=Outcome(units=5)))
    pace = learned_pace(sessions_of(app.state.journal).done, app.catalog)
    assert pace.knows(notes) and pace.of(notes) < 1.0


@given(spent=st.floats(0, 200), estimated=st.floats(0, 200), more=st.floats(0.01, 50))
def test_pace_grows_with_time_spent_and_stays_near_one_on_thin_data(
        spent: float, estimated: float, more: float) -> None:
    assert shrunk(spent + more, estimated) > shrunk(spent, estimated)
    # thin data: within what PRIOR_HOURS of evidence at 1.0 allows
    if spent + estimated <= 1:
        assert abs(shrunk(spent, estimated) - 1) <= 1 / PRIOR_HOURS + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 300)), min_size=1, max_size=25))
def test_minutes_add_up_in_stats_and_sessions_never_overlap(logs: list[tuple[int, int]]
                                                            ) -> None:
    app, clock = new_app(dt.datetime(2026, 12, 23, 18, tzinfo=UTC))
    rid = of_kind(app, "book")
    for days_ago, minutes in logs:
        app.apply(LogSession(rid, minutes, clock.now.date() - dt.timedelta(days=days_ago)))
    found = sessions_of(app.state.journal).done
    ordered = sorted(found, key=lambda s: s.start)
    for a, b in itertools.pairwise(ordered):
        assert a.end is not None and a.end <= b.start, (a, b)
    total = sum(minutes for _, minutes in logs) / 60
    assert sum(hours_by_week(found).values()) == pytest.approx(total)
    assert sum(w.studied_hours for w in stats(app, weeks=6).weeks) == pytest.approx(
        total, abs=0.01 * 6)


def cli_at(monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> None:
    """The command line in this process, on a clock stopped at ``now``."""
    from planner.entry import wiring

    monkeypatch.setattr(wiring, "Recorder", lambda device: Recorder(device, Clock(now)))


def test_the_session_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    cli_at(monkeypatch, dt.datetime(2026, 12, 2, 18, tzinfo=UTC))
    data = str(tmp_path / "planner.yaml")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-file", data, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = run("session", "stop")
    assert code == 1 and err.strip().endswith("no session is running")
    assert len(err.strip().splitlines()) == 1
    assert run("session", "log", "thomas-math-for-ml", "--minutes", "50", "--units", "1")[0] == 0
    code, out, _ = run("session", "list", "--json")
    doc = json.loads(out)
    assert doc["running"] is None
    [s] = doc["sessions"]
    assert set(s) == {"id", "resource", "start", "end", "minutes", "units_before",
                      "units_after"}
    assert (s["minutes"], s["units_before"], s["units_after"]) == (50, 0, 1)
    code, out, _ = run("stats", "--weeks", "3", "--json")
    doc = json.loads(out)
    assert [set(w) for w in doc["weeks"]] == [{"week", "planned_hours", "studied_hours"}] * 3
    assert doc["weeks"][-1]["studied_hours"] == pytest.approx(50 / 60, abs=0.01)
    assert set(doc["streak"]) == {"current_days", "longest_days"}
    assert "notes" in doc["pace"]["by_kind"]


def test_a_session_just_finished_after_midnight_began_the_day_before(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """50 minutes logged at 00:20 on a Monday ran from 23:30 on Sunday: logged without a
    day it ends now, and its hours fall on both days and both weeks. Given as today, it
    does not fit in the 20 minutes today has had."""
    cli_at(monkeypatch, dt.datetime(2026, 12, 7, 0, 20, tzinfo=UTC))  # Monday of W50
    data = ["--data-file", str(tmp_path / "planner.yaml")]
    assert main([*data, "session", "log", "thomas-math-for-ml", "--minutes", "50",
                 "--date", "2026-12-07"]) == 1
    assert "longer than today has been so far (0:20 since midnight)" in capsys.readouterr().err
    assert main([*data, "session", "log", "thomas-math-for-ml", "--minutes", "50"]) == 0
    assert capsys.readouterr().out.startswith("Logged 50 min on Mathematics for Machine")
    assert main([*data, "session", "list", "--json"]) == 0
    [s] = json.loads(capsys.readouterr().out)["sessions"]
    assert (s["start"][:16], s["end"][:16]) == ("2026-12-06T23:30", "2026-12-07T00:20")
    assert main([*data, "stats", "--weeks", "2", "--json"]) == 0
    weeks = {w["week"]: w["studied_hours"] for w in json.loads(capsys.readouterr().out)["weeks"]}
    assert weeks == {"2026-W49": pytest.approx(0.5, abs=0.01),
                     "2026-W50": pytest.approx(20 / 60, abs=0.01)}


def test_session_fold_ignores_a_deleted_session() -> None:
    app, _ = new_app()
    rid = of_kind(app, "book")
    app.apply(LogSession(rid, 30))
    [session] = sessions_of(app.state.journal).done
    assert isinstance(session, Session)
    journal = [*app.state.journal, app.event("session.delete", s=session.id)]
    assert sessions_of(journal).done == ()


def test_sessions_are_timed_entries_of_the_calendar_with_stable_uids() -> None:
    from icalendar import Calendar

    from planner.core.journal.goals import current_plan, fresh_plan
    from planner.core.operations.planning import AcceptPlan
    from planner.store.exporters import plan_to_ics

    app, clock = new_app(dt.datetime(2026, 12, 2, 18, tzinfo=UTC))
    app.apply(AcceptPlan(fresh_plan(app)))
    rid = current_plan(app).weeks[0].goals[0].resource
    app.apply(StartSession(rid))
    clock.now += dt.timedelta(minutes=75)
    app.apply(StopSession(Outcome(units=1) if app.resource(rid).units else Outcome()))
    stamp = dt.datetime(2026, 12, 2, 20, tzinfo=UTC)

    def export() -> Calendar:
        return Calendar.from_ical(plan_to_ics(current_plan(app), app.catalog, stamp=stamp,
                                              sessions=sessions_of(app.state.journal).done))

    first = export()
    [timed] = [e for e in first.walk("VEVENT") if str(e["uid"]).startswith("session-")]
    assert timed.decoded("dtstart") == dt.datetime(2026, 12, 2, 18, tzinfo=UTC)
    assert timed.decoded("dtend") == dt.datetime(2026, 12, 2, 19, 15, tzinfo=UTC)
    assert str(timed["summary"]).startswith("Studied: ")
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert f"{rid}-2026-W49-done@study-planner" in uids  # the week's record, its own UID
    week = current_plan(app).week("2026-W49")
    assert week is not None
    still_to_do = any(g.resource == rid and g.kind != "done" for g in week.goals)
    # the goal still to do (if any) keeps the goal's UID
    assert (f"{rid}-2026-W49@study-planner" in uids) == still_to_do
    assert [str(e["uid"]) for e in export().walk("VEVENT")] == uids  # stable


def test_the_pane_figure_at_your_pace() -> None:
    from planner.core.sessions.pace import at_your_pace

    assert at_your_pace(4.0, 1.375) == "~5.5 h at your pace"
    assert at_your_pace(4.0, 1.02) is None  # as estimated, within 5 %
    assert at_your_pace(0.0, 2.0) is None  # nothing left


def test_the_plan_follows_a_slow_readers_pace_once_sessions_tell_it() -> None:
    """Issue 15: with "plan with my pace" (auto: on once 5 h are logged) the planner plans
    the remaining hours of books at the learner's book pace; off, at the estimates."""
    from planner.core.journal.goals import current_plan, fresh_plan
    from planner.core.operations.planning import AcceptPlan, ChangeSettings
    from planner.core.progress.rules import remaining_hours

    app, clock = new_app(dt.datetime(2026, 11, 2, 20, tzinfo=UTC))
    app.apply(AcceptPlan(fresh_plan(app)))
    book = next(r for r in app.catalog if r.kind == "book" and r.units is not None
                and r.units.count >= 10)
    unit = book.effort / book.units.count  # type: ignore[union-attr]
    day = dt.date(2026, 11, 2)
    for n in range(1, 6):  # five units, each taking 1.5 × its estimate
        clock.now = dt.datetime.combine(day, dt.time(20), tzinfo=UTC)
        app.apply(LogSession(book.id, round(unit * 1.5 * 60), day, Outcome(units=n)))
        day += dt.timedelta(days=1)
    pace = learned_pace(sessions_of(app.state.journal).done, app.catalog)
    assert pace.logged_hours >= 5 and pace.of(book) > 1.1

    def planned(rid: str) -> float:
        plan = current_plan(app)
        now = plan.start_week or ""
        return round(sum(g.hours for w in plan.weeks if w.week >= now for g in w.goals
                         if g.resource == rid and g.kind != "done")
                     + sum(i.hours for i in plan.overflow if i.resource == rid), 2)

    left = remaining_hours(book, app.progress(book.id))
    assert abs(planned(book.id) - round(left * pace.of(book), 2)) <= 0.02  # auto: on
    app.apply(ChangeSettings(plan_with_pace="off"))
    app.apply(AcceptPlan(fresh_plan(app)))
    assert abs(planned(book.id) - left) <= 0.02  # off: the estimate
    app.apply(ChangeSettings(plan_with_pace="on"))
    app.apply(AcceptPlan(fresh_plan(app)))
    assert planned(book.id) > left + 1


def test_a_paced_resource_keeps_its_unit_boundaries() -> None:
    from planner.core.planning.scheduler import schedule
    from planner.core.planning.settings import Settings

    app, _ = new_app()
    book = next(r for r in app.catalog if r.units is not None and r.units.count >= 10
                and not r.prerequisites)
    plan = schedule(app.catalog, {}, Settings(hours_per_week=10), today=app.today(),
                    pace={book.id: 2.0})
    goals = [g for w in plan.weeks for g in w.goals if g.resource == book.id]
    assert goals and goals[0].units is not None and goals[0].units[0] == 1
    assert goals[-1].units is not None and goals[-1].units[1] == book.units.count  # type: ignore[union-attr]
    total = sum(g.hours for g in goals) + sum(i.hours for i in plan.overflow
                                               if i.resource == book.id)
    assert abs(total - 2 * book.effort) <= 0.02


def test_plan_with_pace_is_a_setting_kept_in_the_file(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "planner.yaml")
    assert main(["--data-file", data, "settings", "--plan-with-pace", "off"]) == 0
    assert "plan with pace: off" in capsys.readouterr().out
    assert main(["--data-file", data, "settings"]) == 0  # read back from the file
    assert "plan with pace: off" in capsys.readouterr().out
    text = (tmp_path / "planner.yaml").read_text(encoding="utf-8")
    assert 'plan_with_pace: "off"' in text  # quoted: a bare off is YAML 1.1's false
    (tmp_path / "planner.yaml").write_text(
        text.replace('plan_with_pace: "off"', "plan_with_pace: off"), encoding="utf-8")
    assert main(["--data-file", data, "settings"]) == 0  # as hand-written: still off
    assert "plan with pace: off" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["--data-file", data, "settings", "--plan-with-pace", "sometimes"])
    assert usage.value.code == 2


# ------------------------------------------------------------------ pause and resume


def test_paused_time_is_not_counted_in_the_sessions_minutes() -> None:
    from planner.core.operations.sessions import PauseSession, ResumeSession

    app, clock = new_app()
    rid = of_kind(app, "book")
    with pytest.raises(SessionError, match="no session is running"):
        app.apply(PauseSession())
    app.apply(StartSession(rid))
    with pytest.raises(SessionError, match="not paused"):
        app.apply(ResumeSession())
    clock.now += dt.timedelta(minutes=20)
    app.apply(PauseSession())
    running = sessions_of(app.state.journal).running
    assert running is not None and running.paused_since == clock.now
    with pytest.raises(SessionError, match="paused already"):
        app.apply(PauseSession())
    clock.now += dt.timedelta(minutes=45)  # lunch
    assert running.split(clock.now) == (20, 45)
    app.apply(ResumeSession())
    clock.now += dt.timedelta(minutes=10)
    app.apply(PauseSession())  # paused again, and stopped while paused
    clock.now += dt.timedelta(minutes=30)
    app.apply(StopSession(Outcome(units=1)))
    [session] = sessions_of(app.state.journal).done
    assert (session.minutes, session.paused) == (30, 75)
    assert session.minutes + session.paused == 105  # the whole time from start to end
    assert app.state.journal[-1].data["paused"] == 75
    assert sum(hours_by_week([session]).values()) == pytest.approx(0.5)  # stats: studied


def test_a_stop_at_an_earlier_time_counts_only_the_pauses_before_it() -> None:
    from planner.core.operations.sessions import PauseSession, ResumeSession

    app, clock = new_app()
    start = clock.now
    app.apply(StartSession(of_kind(app, "book")))
    clock.now += dt.timedelta(minutes=30)
    app.apply(PauseSession())
    clock.now += dt.timedelta(minutes=30)
    app.apply(ResumeSession())
    clock.now += dt.timedelta(hours=3)
    app.apply(StopSession(at=start + dt.timedelta(minutes=45)))  # ended mid-pause
    [session] = sessions_of(app.state.journal).done
    assert (session.minutes, session.paused) == (30, 15)


def test_a_session_without_pauses_is_written_as_before_and_pauses_undo() -> None:
    from planner.core.operations.sessions import PauseSession

    app, clock = new_app()
    app.apply(StartSession(of_kind(app, "book")))
    clock.now += dt.timedelta(minutes=10)
    pause = app.apply(PauseSession())
    app.undo(pause)
    running = sessions_of(app.state.journal).running
    assert running is not None and running.paused_since is None
    clock.now += dt.timedelta(minutes=10)
    app.apply(StopSession())
    assert "paused" not in app.state.journal[-1].data  # the format older files have


def test_pause_events_round_trip_through_the_data_file(tmp_path: Path) -> None:
    from planner.core.operations.sessions import PauseSession, ResumeSession
    from planner.store.state_file import StateFile

    app, clock = new_app()
    app.apply(StartSession(of_kind(app, "book")))
    for step in (PauseSession(), ResumeSession(), PauseSession()):
        clock.now += dt.timedelta(minutes=7)
        app.apply(step)
    store = StateFile(tmp_path / "planner.yaml",
                      lambda: load_catalog(paths.default_catalog_path()))
    store.save(app.state)
    written = store.path.read_bytes()
    loaded = store.load().state
    assert [(e.id, e.type, dict(e.data)) for e in loaded.journal] == [
        (e.id, e.type, dict(e.data)) for e in app.state.journal]
    assert sessions_of(loaded.journal).running == sessions_of(app.state.journal).running
    store.save(loaded)
    assert store.path.read_bytes() == written  # byte-stable
    # and a stopped, paused session too
    app2 = AppState(loaded, recorder=Recorder("test", clock))
    clock.now += dt.timedelta(minutes=7)
    app2.apply(StopSession())
    store.save(app2.state)
    [session] = sessions_of(store.load().state.journal).done
    assert (session.minutes, session.paused) == (14, 14)


# ------------------------------------------------------------------ log time: bad input


def test_a_logged_session_cannot_be_longer_than_today_has_been() -> None:
    app, _ = new_app(dt.datetime(2026, 12, 2, 1, 30, tzinfo=UTC))
    rid = of_kind(app, "book")
    today = dt.date(2026, 12, 2)
    with pytest.raises(SessionError, match=r"longer than today has been so far \(1:30"):
        app.apply(LogSession(rid, 120, today))
    app.apply(LogSession(rid, 90, today))  # the whole day so far is fine
    app.apply(LogSession(rid, 600, dt.date(2026, 12, 1)))  # another day: up to 24 h
    with pytest.raises(SessionError, match="from 1 to 1440"):
        app.apply(LogSession(rid, 24 * 60 + 1, dt.date(2026, 11, 30)))


def test_a_session_more_than_five_years_back_is_taken_for_a_mistyped_year() -> None:
    app, clock = new_app(dt.datetime(2028, 2, 29, 9, tzinfo=UTC))  # a leap day
    rid = of_kind(app, "book")
    journal = app.state.journal
    with pytest.raises(SessionError, match=r"1900-01-01 is more than 5 years ago: check the "
                                           r"year \(sessions can be logged from 2023-02-28"):
        app.apply(LogSession(rid, 30, dt.date(1900, 1, 1)))
    with pytest.raises(SessionError, match="2023-02-27 is more than 5 years ago"):
        app.apply(LogSession(rid, 30, dt.date(2023, 2, 27)))
    assert app.state.journal == journal
    app.apply(LogSession(rid, 30, dt.date(2023, 2, 28)))  # the first day allowed
    clock.now += dt.timedelta(days=1)  # a day later the window has moved on by a day
    with pytest.raises(SessionError, match="sessions can be logged from 2023-03-01"):
        app.apply(LogSession(rid, 30, dt.date(2023, 2, 28)))


# ------------------------------------------------------------------ the idle setting


def test_idle_minutes_and_the_link_offer_are_settings_kept_in_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "planner.yaml")
    assert main(["--data-file", data, "settings"]) == 0
    out = capsys.readouterr().out
    assert "idle minutes:   10" in out and "session on open: ask" in out  # the defaults
    assert main(["--data-file", data, "settings", "--hours-per-week", "6"]) == 0
    text = (tmp_path / "planner.yaml").read_text(encoding="utf-8")
    assert "idle_minutes" not in text and "session_on_open" not in text  # defaults: unwritten
    for bad in ("0", "-5", "241", "100000"):
        assert main(["--data-file", data, "settings", "--idle-minutes", bad]) == 1
        err = capsys.readouterr().err
        assert f"idle minutes must be a whole number from 1 to 240, got {int(bad)}" in err
        assert len(err.strip().splitlines()) == 1
    assert (tmp_path / "planner.yaml").read_text(encoding="utf-8") == text  # nothing changed
    assert main(["--data-file", data, "settings", "--idle-minutes", "25",
                 "--session-on-open", "never"]) == 0
    capsys.readouterr()
    assert main(["--data-file", data, "settings"]) == 0  # read back from the file
    out = capsys.readouterr().out
    assert "idle minutes:   25" in out and "session on open: never" in out
    text = (tmp_path / "planner.yaml").read_text(encoding="utf-8")
    assert "idle_minutes: 25" in text and "session_on_open: never" in text
    with pytest.raises(SystemExit) as usage:
        main(["--data-file", data, "settings", "--session-on-open", "sometimes"])
    assert usage.value.code == 2


# ------------------------------------------------------------------ the review and the pace


def _slow_book_reader() -> tuple[AppState, Clock]:
    """Five units of a book, each taking 1.5 × its estimate: 'plan with my pace' (auto)
    is on."""
    from planner.core.journal.goals import fresh_plan
    from planner.core.operations.planning import AcceptPlan

    app, clock = new_app(dt.datetime(2026, 11, 2, 20, tzinfo=UTC))
    app.apply(AcceptPlan(fresh_plan(app)))
    book = next(r for r in app.catalog if r.kind == "book" and r.units is not None
                and r.units.count >= 10)
    unit = book.effort / book.units.count  # type: ignore[union-attr]
    day = dt.date(2026, 11, 2)
    for n in range(1, 6):
        clock.now = dt.datetime.combine(day, dt.time(20), tzinfo=UTC)
        app.apply(LogSession(book.id, round(unit * 1.5 * 60), day, Outcome(units=n)))
        day += dt.timedelta(days=1)
    return app, clock


def test_the_forecast_and_the_review_say_what_the_pace_changed() -> None:
    from planner.core.journal.goals import current_plan, plan_forecast, weekly_review
    from planner.core.operations.planning import AcceptPlan, ChangeSettings
    from planner.core.planning.following import finish_week
    from planner.core.planning.review import forecast_lines, forecast_to_json, review_lines

    app, _ = _slow_book_reader()
    found = plan_forecast(app)
    change = found.pace
    assert change is not None
    kinds = dict(change.kinds)
    assert 1.1 < kinds["book"] < 1.6
    assert change.finish == found.finish == finish_week(current_plan(app))
    assert change.at_estimate is not None and change.finish is not None
    assert change.at_estimate < change.finish  # slower than estimated: later
    line = f"  At your pace books take {kinds['book']:.1f}× the estimate: finish " \
           f"{change.finish} instead of {change.at_estimate}"
    assert line in forecast_lines(found)
    assert line in review_lines(weekly_review(app))
    doc = forecast_to_json(found)
    assert doc["pace"] == {"by_kind": kinds, "finish": change.finish,
                           "at_estimate": change.at_estimate}
    assert set(doc) == {"whole", "categories", "deadlines", "pace"}  # the old fields stay
    # planning at the estimates: nothing to say
    app.apply(ChangeSettings(plan_with_pace="off"))
    app.apply(AcceptPlan(fresh_plan_of(app)))
    off = plan_forecast(app)
    assert off.pace is None and forecast_to_json(off)["pace"] is None
    assert off.finish == change.at_estimate
    assert not any("At your pace" in line for line in forecast_lines(off))


def fresh_plan_of(app: AppState):  # type: ignore[no-untyped-def]
    from planner.core.journal.goals import fresh_plan

    return fresh_plan(app)


def test_the_pace_line_in_words() -> None:
    from planner.core.planning.review import PaceChange, kind_plural, pace_text

    assert [kind_plural(k) for k in ("book", "notes", "video-series", "exercises", "")] == [
        "books", "notes", "video series", "exercises", "other resources"]
    assert pace_text(PaceChange((("book", 1.4), ("notes", 0.8)), "2027-W30", "2027-W22")) == (
        "At your pace books take 1.4× the estimate, notes 0.8×: finish 2027-W30 instead "
        "of 2027-W22")
    assert pace_text(PaceChange((), "2027-W22", "2027-W22")) == (
        "At your pace: the finish stays 2027-W22")
    assert pace_text(PaceChange((("book", 2.0),), None, "2027-W22")).endswith(
        "finish beyond the plan instead of 2027-W22")


def test_the_review_and_forecast_commands_carry_the_pace(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "planner.yaml")
    assert main(["--data-file", data, "forecast", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pace"] is None  # no sessions: estimates
    assert main(["--data-file", data, "settings", "--plan-with-pace", "on"]) == 0
    for day in ("2026-11-02", "2026-11-03"):
        assert main(["--data-file", data, "session", "log", "thomas-math-for-ml",
                     "--minutes", "300", "--date", day]) == 0
    capsys.readouterr()
    assert main(["--data-file", data, "forecast", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["whole"]) == {"finish", "previous", "at_recent_pace"}
    assert doc["pace"] is not None and doc["pace"]["finish"] == doc["whole"]["finish"]
    assert main(["--data-file", data, "forecast"]) == 0
    assert "At your pace" in capsys.readouterr().out
    assert main(["--data-file", data, "review", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["forecast"]["pace"] == doc["pace"]


def test_session_pause_and_resume_commands(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "planner.yaml")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-file", data, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = run("session", "pause")
    assert code == 1 and err.strip().endswith("no session is running")
    assert run("session", "start", "thomas-math-for-ml")[0] == 0
    code, out, _ = run("session", "pause")
    assert code == 0 and out.startswith("Paused: ")
    code, out, _ = run("session", "list")
    assert "(paused since " in out
    code, _, err = run("session", "pause")
    assert code == 1 and "paused already" in err
    code, out, _ = run("session", "resume")
    assert code == 0 and out.startswith("Resumed: ")
    code, _, err = run("session", "resume")
    assert code == 1 and err.strip().endswith("the session is not paused")
    assert run("session", "stop")[0] == 0
    text = (tmp_path / "planner.yaml").read_text(encoding="utf-8")
    assert '"type": "session.pause"' in text and '"type": "session.resume"' in text


def test_session_lengths_read_in_minutes_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-file", str(tmp_path / "planner.yaml")]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert main([*data, "session", "log", "numpy-100-exercises", "--minutes", "90",
                 "--date", yesterday]) == 0
    assert "Logged 1 h 30 min on 100 NumPy exercises" in capsys.readouterr().out
    assert main([*data, "session", "log", "numpy-100-exercises", "--minutes", "5",
                 "--date", yesterday, "--units", "25"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "numpy-100-exercises: 25 of 100 exercises (6 h left)")  # what the session recorded
    assert main([*data, "session", "log", "numpy-100-exercises", "--minutes", "25",
                 "--date", yesterday]) == 0
    assert main([*data, "session", "start", "3blue1brown"]) == 0
    assert main([*data, "session", "stop"]) == 0  # at once: no whole minute
    assert "Stopped: under a minute on 3Blue1Brown" in capsys.readouterr().out
    assert main([*data, "session", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[-2].strip() for line in lines] == [
        "1 h 30 min", "5 min", "25 min", "under a minute"]


def test_stats_say_session_time_is_logged_not_studied(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-file", str(tmp_path / "planner.yaml")]
    assert main([*data, "plan", "--replan"]) == 0
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()  # any time of day
    assert main([*data, "session", "log", "numpy-100-exercises", "--minutes", "30",
                 "--date", yesterday]) == 0
    capsys.readouterr()
    assert main([*data, "stats", "--weeks", "2"]) == 0
    weeks = capsys.readouterr().out.splitlines()[:2]
    assert [w.endswith(" h planned, 0.5 h logged in sessions") for w in weeks].count(True) == 1
    assert not any("studied" in w for w in weeks)


def test_a_session_that_finishes_a_resource_takes_its_rating(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user's walk-through: `session stop --done` had no --rating, so a resource
    finished by a session got no re-visits, though "ask rating" was on."""
    data = str(tmp_path / "planner.yaml")
    paper = "keshav-how-to-read-a-paper"

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-file", data, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    cli_at(monkeypatch, dt.datetime(2026, 12, 2, 18, tzinfo=UTC))
    assert run("session", "start", "thomas-math-for-ml")[0] == 0
    cli_at(monkeypatch, dt.datetime(2026, 12, 2, 19, tzinfo=UTC))
    before = Path(data).read_bytes()
    code, _, err = run("session", "stop", "--units", "2", "--rating", "good")  # not all 5
    assert code == 1 and "a rating goes with a session that finishes" in err
    assert Path(data).read_bytes() == before  # refused whole: the session still runs
    code, _, err = run("session", "stop", "--done", "--rating", "good")
    assert code == 0, err
    assert run("session", "log", paper, "--minutes", "90", "--done", "--rating", "hard")[0] == 0
    state = open_state_file(Path(data)).load().state
    finished = {e["r"] for e in state.journal if e.type == "review" and e.data.get("finish")}
    assert finished == {"thomas-math-for-ml", paper}
    code, out, _ = run("revisit", "list")
    assert code == 0 and "Mathematics for Machine Learning" in out and "How to Read" in out


def test_at_a_learned_pace_checking_a_goal_leaves_the_weeks_other_goals() -> None:
    """A new user's walk-through: "Checked section 3 … (2.13 h)", and the week then showed
    it done as 2 h and another goal grown. The plan's goals are at the learner's pace,
    but the week's record of units gone through was at the estimate, so the check freed
    room that the other goals took. The record counts units at the plan's pace."""
    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(ChangeSettings(plan_with_pace="on"))
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(LogSession("thomas-math-for-ml", 320, dt.date(2026, 11, 30),
                         Outcome(units=2)))  # 2 sections of 2 h in 5 h 20 min
    assert app.plan_pace()["thomas-math-for-ml"] > 1.1
    clock.now = dt.datetime(2026, 12, 8, 10, tzinfo=UTC)
    week = current_plan(app).week("2026-W50")
    assert week is not None
    [goal] = [g for g in week.goals if g.resource == "thomas-math-for-ml"]
    others = [g for g in week.goals if g is not goal]
    assert goal.hours > 2.2 and others  # the section at the learner's pace
    app.apply(CheckGoal("2026-W50", goal))
    after = current_plan(app).week("2026-W50")
    assert after is not None
    [record] = [g for g in after.goals if g.resource == "thomas-math-for-ml"]
    assert (record.kind, record.hours, record.units) == (DONE, goal.hours, goal.units)
    assert [g for g in after.goals if g is not record and g.kind != DONE] == others
