"""Study sessions in the window (issue 15): start on the selected resource, the status-bar
timer, stop with how far you got, the tree and This Week follow, undo takes the stop back;
a session left running by a crash is offered to be finished at the next start."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.sessions import StartSession
from planner.core.planning.plan import DONE
from planner.core.sessions.model import sessions_of
from planner.store.catalog_file import load_catalog
from planner.ui.main_window import MainWindow
from tests.clock import Clock
from tests.ui.conftest import SMALL_CATALOG, Windows

UTC = dt.timezone.utc


@pytest.fixture
def opened(windows: Windows) -> tuple[MainWindow, AppState, Clock]:
    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return windows.open(app=app), app, clock


def test_a_session_from_start_to_stop_and_undo(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    bar = window.session_bar
    assert not bar.isVisible()
    window.panel.select("linalg")
    window.start_session_action.trigger()
    assert bar.isVisible() and bar.running is not None
    clock.now += dt.timedelta(minutes=83)
    bar._show()  # the timer's tick
    assert bar.label.text().endswith("Linear Algebra Notes  1:23")
    window.stop_session_action.trigger()
    dialog = bar.stop_dialog
    assert dialog is not None and dialog.units is not None
    assert dialog.units.value() == 0  # pre-filled with where the learner is
    # what and how long, in the dialog itself (a desktop may not show its title)
    assert dialog.heading.text() == ("How far did you get in “Linear Algebra Notes”? "
                                     "The session has run 1:23.")
    dialog.units.setValue(2)
    dialog.accept()
    assert not bar.isVisible()
    [session] = sessions_of(app.state.journal).done
    assert (session.minutes, session.before, session.after) == (83, 0, 2)
    assert app.progress("linalg").units_done == 2
    week = window.plan.week_model.week_plan()
    assert week is not None and [g.units for g in week.goals
                                 if g.resource == "linalg" and g.kind == DONE] == [(1, 2)]
    window.undo()  # the whole stop: progress and session
    assert app.progress("linalg").units_done == 0
    assert bar.isVisible() and bar.running is not None


def test_a_second_session_is_refused_while_one_runs(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened
    assert window.session_bar.start("linalg")
    assert not window.session_bar.start("calculus")
    assert "is running since" in window.history.last_refusal


def test_a_session_left_running_is_offered_to_be_finished_at_the_next_start(
        qtbot, windows: Windows) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(dt.datetime(2026, 12, 2, 21, 0, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    app.apply(StartSession("linalg"))  # then the app was killed
    clock.now = dt.datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    window = windows.open(app=app)
    qtbot.waitUntil(lambda: window.session_bar.stop_dialog is not None
                    and window.session_bar.stop_dialog.isVisible())
    dialog = window.session_bar.stop_dialog
    assert dialog is not None
    dialog.ended.setDateTime(dialog.ended.minimumDateTime().addSecs(45 * 60))
    dialog.accept()
    [session] = sessions_of(app.state.journal).done
    assert session.minutes == 45 and session.end == dt.datetime(2026, 12, 2, 21, 45,
                                                                tzinfo=UTC)


def test_the_detail_pane_gives_the_hours_left_at_your_pace(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    from planner.core.operations.sessions import LogSession, Outcome

    window, app, _ = opened
    # two slow sessions on the linear algebra notes: 3 h for two 1 h chapters
    app.apply(LogSession("linalg", 90, outcome=Outcome(units=1)))
    app.apply(LogSession("linalg", 90, outcome=Outcome(units=2)))
    window.panel.select("linalg")
    text = window.pane.resource_page.effort.text()
    assert "4 h left" in text and "at your pace" in text, text


def test_a_session_starts_from_a_goal_of_this_week(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    index = window.plan.week_model.index(0, 0)
    goal = window.plan.week_model.goal(index)
    assert goal is not None
    menu = window.plan._menu_for(index)
    assert menu is not None
    [start] = [a for a in menu.actions() if a.text() == "Start Session"]
    start.trigger()
    running = sessions_of(app.state.journal).running
    assert running is not None and running.resource == goal.resource
    assert window.session_bar.isVisible()


def test_time_away_is_asked_about_and_can_be_left_out(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    bar = window.session_bar
    start = clock.now
    assert bar.start("linalg")
    bar.last_input = start + dt.timedelta(minutes=5)  # the last key or click
    clock.now = start + dt.timedelta(minutes=30)
    bar.last_tick = clock.now - dt.timedelta(seconds=1)
    bar._tick()  # 25 minutes without input: away since the last input
    assert bar.away_since == start + dt.timedelta(minutes=5)
    clock.now += dt.timedelta(minutes=1)
    bar.input_seen()  # back
    box = bar.away_question
    assert box is not None and "away from 18:05 (0:26)" in box.text()
    [leave] = [b for b in box.buttons() if b.text() == "&Leave it out"]
    leave.click()
    found = sessions_of(app.state.journal)
    [first] = found.done
    assert (first.start, first.minutes) == (start, 5)
    assert found.running is not None and found.running.start == clock.now
    assert bar.away_since is None and bar.away_question is None


def test_a_clock_jump_while_asleep_is_away_time_too_and_can_be_kept(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    bar = window.session_bar
    assert bar.start("linalg")
    bar.last_tick = bar.last_input = clock.now
    clock.now += dt.timedelta(hours=2)  # the laptop slept
    bar._tick()
    assert bar.away_since is not None
    bar.input_seen()
    box = bar.away_question
    assert box is not None
    [keep] = [b for b in box.buttons() if b.text() == "&Keep it"]
    keep.click()
    assert sessions_of(app.state.journal).done == ()  # still the one session, kept whole
    assert bar.away_since is None


# ------------------------------------------------------------------ pause and resume


def test_pause_and_resume_from_the_bar_and_the_menu(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    bar = window.session_bar
    assert bar.start("linalg")
    assert bar.pause_button.isVisible() and bar.pause_button.text() == "Pause"
    clock.now += dt.timedelta(minutes=10)
    bar.pause_button.click()
    assert bar.paused and bar.pause_button.text() == "Resume"
    clock.now += dt.timedelta(minutes=40)  # a long break, no input: not "away", paused
    bar.last_tick = clock.now - dt.timedelta(seconds=1)
    bar._tick()
    assert bar.away_since is None
    assert bar.label.text() == "Paused: Linear Algebra Notes  0:10"
    window.pause_session_action.trigger()  # resume from the Study menu
    assert not bar.paused and bar.pause_button.text() == "Pause"
    assert bar.last_input == clock.now  # back from the pause: the idle clock starts again
    clock.now += dt.timedelta(minutes=5)
    bar.last_tick = clock.now - dt.timedelta(seconds=1)
    bar._tick()
    assert bar.away_since is None
    assert bar.label.text() == "Studying Linear Algebra Notes  0:15"
    window.stop_session_action.trigger()
    dialog = bar.stop_dialog
    assert dialog is not None
    dialog.accept()
    [session] = sessions_of(app.state.journal).done
    assert (session.minutes, session.paused) == (15, 40)
    window.undo()  # the stop
    window.undo()  # the resume: paused again
    assert bar.paused and bar.isVisible()


def test_the_idle_minutes_are_a_setting_edited_in_the_window(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    bar = window.session_bar
    window.session_settings_action.trigger()
    dialog = bar.settings_dialog
    assert dialog is not None and dialog.idle.value() == 10  # the default
    assert (dialog.idle.minimum(), dialog.idle.maximum()) == (1, 240)  # nothing absurd
    dialog.idle.setValue(3)
    dialog.on_open.setCurrentIndex(dialog.on_open.findData("never"))
    assert dialog.apply()
    assert (app.settings.idle_minutes, app.settings.session_on_open) == (3, "never")
    assert bar.start("linalg")
    start = clock.now
    bar.last_input = bar.last_tick = start
    clock.now = start + dt.timedelta(minutes=2)
    bar._tick()
    assert bar.away_since is None  # 2 minutes: still here
    clock.now = start + dt.timedelta(minutes=3)
    bar.last_tick = clock.now
    bar._tick()
    assert bar.away_since == start  # 3 minutes without input: away
    window.undo()  # the start
    window.undo()  # the settings, as one step
    assert (app.settings.idle_minutes, app.settings.session_on_open) == (10, "ask")


# ------------------------------------------------------------------ Log Time…


def test_log_time_records_a_session_and_undo_takes_it_back(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    window, app, _clock = opened
    window.panel.select("linalg")
    assert window.log_time_action.shortcut().toString() == "Ctrl+Shift+L"
    window.log_time_action.trigger()
    dialog = window.session_bar.log_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.resource.currentText() == "Linear Algebra Notes"  # the selected one
    assert dialog.units.isVisible() and not dialog.done_hours.isVisible()
    dialog.day.setDate(QDate(2026, 12, 1))
    dialog.hours.setValue(1)
    dialog.minutes.setValue(15)
    dialog.units.setValue(2)
    dialog.log_button.click()
    assert not dialog.isVisible()
    [session] = sessions_of(app.state.journal).done
    assert (session.minutes, session.start.date(), session.before, session.after) == (
        75, dt.date(2026, 12, 1), 0, 2)
    assert app.progress("linalg").units_done == 2
    window.undo()
    assert sessions_of(app.state.journal).done == () and app.progress("linalg").units_done == 0


def test_log_time_says_what_is_wrong_and_loses_nothing(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    window, app, _clock = opened  # Wednesday 2026-12-02 18:00
    dialog = window.session_bar.log_time("linalg")
    journal = list(app.state.journal)

    def refused(pattern: str) -> None:
        assert not dialog.log()
        assert dialog.isVisible() and dialog.error.isVisible()
        assert pattern in dialog.error.text(), dialog.error.text()
        assert app.state.journal == journal  # nothing recorded

    dialog.hours.setValue(0)
    dialog.minutes.setValue(0)
    refused("0 minutes is no session")
    dialog.minutes.setValue(30)
    dialog.day.setDate(QDate(2026, 12, 3))
    refused("2026-12-03 is in the future")
    dialog.day.setDate(QDate(2026, 12, 2))
    dialog.hours.setValue(19)
    refused("longer than today has been so far (18:00 since midnight)")
    dialog.hours.setValue(24)
    refused("A session is at most a day (24 h); 24 h 30 min is longer")
    dialog.resource.setEditText("No such book")
    refused("No resource is titled “No such book”")
    # all as typed: corrected, it logs
    assert (dialog.hours.value(), dialog.minutes.value()) == (24, 30)
    dialog.resource.setEditText("matrix calculus")  # any case
    assert dialog.chosen() is not None and dialog.chosen().id == "calculus"  # type: ignore[union-attr]
    assert dialog.done_hours.isVisible()  # measured in hours: the hours of it done
    dialog.hours.setValue(1)
    dialog.minutes.setValue(0)
    assert dialog.done_hours.value() == 1.0  # follows the session's length
    assert dialog.log()
    assert app.progress("calculus").hours_logged == 1.0


# ------------------------------------------------------------------ opening a link


def test_opening_a_link_offers_a_session(qtbot, opened, browser) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    bar = window.session_bar
    resource = app.resource("linalg")
    assert window.opener.open(resource)
    assert browser.urls and bar.isVisible() and bar.offer.isVisible()
    assert bar.offer_label.text() == "Start a session for “Linear Algebra Notes”?"
    assert sessions_of(app.state.journal).running is None  # only offered
    bar.offer_dismiss.click()
    assert not bar.isVisible() and bar.offered is None
    assert window.opener.open(resource)
    bar.offer_start.click()
    running = sessions_of(app.state.journal).running
    assert running is not None and running.resource == "linalg"
    assert not bar.offer.isVisible() and bar.label.isVisible()
    assert window.opener.open(app.resource("calculus"))  # a session runs: no offer
    assert bar.offered is None and not bar.offer.isVisible()


def test_the_link_setting_makes_it_automatic_or_turns_it_off(qtbot, opened, browser) -> None:  # type: ignore[no-untyped-def]
    from planner.core.operations.planning import ChangeSettings

    window, app, _ = opened
    bar = window.session_bar
    app.apply(ChangeSettings(session_on_open="never"))
    assert window.opener.open(app.resource("linalg"))
    assert bar.offered is None and not bar.isVisible()
    assert sessions_of(app.state.journal).running is None
    app.apply(ChangeSettings(session_on_open="always"))
    assert window.opener.open(app.resource("linalg"))
    running = sessions_of(app.state.journal).running
    assert running is not None and running.resource == "linalg" and bar.offered is None


# ------------------------------------------------------------------ left running: last seen


def test_a_session_left_running_can_end_at_the_last_activity_seen(
        qtbot, windows: Windows, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from planner.store.local_state import SESSION_SEEN, LocalState

    clock = Clock(dt.datetime(2026, 12, 2, 21, 0, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    local = LocalState(tmp_path / "window-state.json", windows.data_file)
    first = windows.open(app=app, local=local)
    bar = first.session_bar
    assert bar.start("linalg")
    clock.now += dt.timedelta(minutes=1)
    bar.input_seen()  # a key press: the first activity is kept at once
    session = sessions_of(app.state.journal).running
    assert session is not None
    assert LocalState(local.path, windows.data_file).read()[SESSION_SEEN] == (
        f"{session.id} 2026-12-02T21:01:00+00:00")
    clock.now += dt.timedelta(seconds=30)
    bar.input_seen()
    bar._tick()  # within a minute of the last one kept: not written again
    clock.now += dt.timedelta(minutes=36)
    bar.input_seen()
    bar.last_tick = clock.now
    bar._tick()
    seen = clock.now  # 21:37:30, then the app was killed
    assert LocalState(local.path, windows.data_file).read()[SESSION_SEEN].endswith(
        seen.isoformat())
    windows.close(first)
    # the next morning
    clock.now = dt.datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    again = LocalState(local.path, windows.data_file)
    again.read()
    window = windows.open(app=app, local=again)
    qtbot.waitUntil(lambda: window.session_bar.stop_dialog is not None
                    and window.session_bar.stop_dialog.isVisible())
    dialog = window.session_bar.stop_dialog
    assert dialog is not None and dialog.at_now is not None and dialog.at_time is not None
    assert dialog.at_last_seen is not None and dialog.at_last_seen.isChecked()
    assert "21:37" in dialog.at_last_seen.text() and "08:00" in dialog.at_now.text()
    dialog.accept()
    [done] = sessions_of(app.state.journal).done
    assert (done.id, done.start, done.end) == (session.id, session.start, seen)
    assert done.minutes == 38


# ------------------------------------------------------------------ the review and the pace


def test_the_review_shows_what_the_pace_changed(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    from planner.core.operations.planning import ChangeSettings
    from planner.core.operations.sessions import LogSession, Outcome

    window, app, _clock = opened
    app.apply(ChangeSettings(plan_with_pace="on"))
    app.apply(LogSession("linalg", 180, dt.date(2026, 12, 1), Outcome(units=1)))  # 3 h for 1 h
    window.show_review()
    dialog = window.review_dialog
    assert dialog is not None
    [line] = [line for line in dialog.outlook_lines if "At your pace" in line]
    assert line.strip().startswith("At your pace notes take 1.3× the estimate")
    texts = [dialog.outlook.item(i).text() for i in range(dialog.outlook.count())]
    assert line.strip() in texts


def test_a_session_left_running_is_asked_about_after_the_weekly_review(
        qtbot, windows: Windows) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(dt.datetime(2026, 12, 4, 21, 0, tzinfo=UTC))  # a Friday
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    app.apply(StartSession("linalg"))  # then the app was killed
    clock.now = dt.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday: a new week
    window = windows.open(app=app)
    qtbot.waitUntil(lambda: window.review_dialog is not None
                    and window.review_dialog.isVisible())
    bar = window.session_bar
    assert bar.stop_dialog is None  # one question at a time: the review first
    assert window.review_dialog is not None
    window.review_dialog.reject()  # Later
    qtbot.waitUntil(lambda: bar.stop_dialog is not None and bar.stop_dialog.isVisible())
