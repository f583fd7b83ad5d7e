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
