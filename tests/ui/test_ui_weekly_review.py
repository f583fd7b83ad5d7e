"""The weekly review in the window (issue 14): a new week opens with it; its one button rolls
the plan over, as one undoable step; a tick after a re-plan stays on its chunk; a window
left open across Sunday midnight shows the new week and the review."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.store.catalog_file import load_catalog
from planner.ui.main_window import MainWindow
from tests.clock import Clock
from tests.ui.conftest import SMALL_CATALOG, Windows

UTC = dt.timezone.utc
W49_TUESDAY = dt.datetime(2026, 12, 1, 10, tzinfo=UTC)
W51_WEDNESDAY = dt.datetime(2026, 12, 16, 10, tzinfo=UTC)


@pytest.fixture
def opened(windows: Windows) -> tuple[MainWindow, AppState, Clock]:
    """A plan accepted in 2026-W49, then nothing done; the window opens on it in W51."""
    clock = Clock(W49_TUESDAY)
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    clock.now = W51_WEDNESDAY
    return windows.open(app=app), app, clock


def test_a_new_week_opens_with_the_review_and_accept_rolls_the_plan_over(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    old = app.state.plan
    assert old is not None and old.start_week == "2026-W49"
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    dialog = window.review_dialog
    assert dialog is not None and dialog.review.week == "2026-W50"
    assert dialog.review.done_hours == 0 and dialog.review.planned_hours > 0
    assert dialog.review.behind_hours == pytest.approx(
        sum(w.planned_hours for w in old.weeks if w.week in ("2026-W49", "2026-W50")))
    assert "behind the plan" in dialog.standing.text()
    assert dialog.accept_button is not None and dialog.accept_button.isDefault()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    rolled = app.state.plan
    assert rolled is not None and rolled.start_week == "2026-W51"
    assert [w.week for w in rolled.weeks][:3] == ["2026-W49", "2026-W50", "2026-W51"]
    assert app.state.journal[-1].type == "plan.rollover"
    assert window.history.stack.undoText().startswith("Roll the plan over to 2026-W51")
    window.undo()
    assert app.state.plan is old and app.state.journal[-1].type == "plan.accept"
    assert app.plan_is_stale()
    window.redo()
    assert app.state.plan is rolled


def test_later_leaves_the_plan_as_it_was_but_the_views_show_this_week(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    old = app.state.plan
    window.review_dialog.reject()  # type: ignore[union-attr]
    assert app.state.plan is old and window.history.stack.count() == 0
    # This Week shows the missed work carried into W51, starting where the learner is
    week = window.plan.week_model.week_plan()
    assert week is not None and week.week == "2026-W51"
    first = [g for g in week.goals if g.units is not None]
    assert first and all(g.units[0] == 1 for g in first)  # type: ignore[index]


def test_a_window_open_across_sunday_midnight_shows_the_new_week(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, clock = opened
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    qtbot.mouseClick(window.review_dialog.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr, arg-type]
    assert not app.plan_is_stale()
    window.review_dialog = None
    clock.now = dt.datetime(2026, 12, 20, 23, 59, 59, tzinfo=UTC)  # Sunday night, W51
    window._check_week()
    assert window.review_dialog is None
    clock.now += dt.timedelta(seconds=2)  # Monday of W52
    window._check_week()
    assert app.plan_is_stale()
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    assert window.review_dialog.review.week == "2026-W51"  # type: ignore[union-attr]
    assert window.plan.week_model.week_plan() is not None


def test_view_menu_opens_the_review_when_nothing_is_pending(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    qtbot.mouseClick(window.review_dialog.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr, arg-type]
    window.review_dialog = None
    window.review_action.trigger()
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    assert window.review_dialog.accept_button is None  # type: ignore[union-attr]
    assert window.review_dialog.review.carried_over_hours > 0  # type: ignore[union-attr]
    window.review_dialog.reject()  # type: ignore[union-attr]


def test_a_tick_in_this_week_stays_on_its_chunk_after_a_re_plan(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    qtbot.mouseClick(window.review_dialog.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr, arg-type]
    model = window.plan.week_model
    row = next(r for r in range(model.rowCount()) if model.goal(model.index(r, 0)).units)  # type: ignore[union-attr]
    goal = model.goal(model.index(row, 0))
    assert goal is not None and goal.units is not None
    assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)

    def checked_chunks() -> list[tuple[int, int] | None]:
        return [model.goal(model.index(r, 0)).units for r in range(model.rowCount())  # type: ignore[union-attr]
                if model.data(model.index(r, 0), Qt.ItemDataRole.CheckStateRole)
                == Qt.CheckState.Checked]

    assert checked_chunks() == [goal.units]
    app.apply(AcceptPlan(fresh_plan(app)))  # a re-plan (as the Re-plan button's Apply does)
    assert checked_chunks() == [goal.units]  # still that chunk, still checked
    week = model.week_plan()
    assert week is not None and week.planned_hours <= week.budget


def test_after_weeks_away_the_review_lists_each_week_missed(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened  # accepted in W49, opened in W51: W49 and W50 went by
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    dialog = window.review_dialog
    assert dialog is not None
    assert [r.week for r in dialog.reviews] == ["2026-W49", "2026-W50"]
    assert dialog.windowTitle() == "Weekly Review — 2026-W49 to 2026-W50"
    planned = sum(r.planned_hours for r in dialog.reviews)
    assert "2 weeks since the plan last rolled over" in dialog.summary.text()
    assert "(Nov 30 – Dec 13)" in dialog.summary.text()
    goals = sum(len(r.goals) for r in dialog.reviews)
    assert f"— 0 of {goals} goals" in dialog.summary.text()
    rows = [dialog.goals.item(i).text() for i in range(dialog.goals.count())]
    headers = [row for row in rows if row.startswith("2026-W")]
    assert [h.split(" ")[0] for h in headers] == ["2026-W49", "2026-W50"]
    assert len(rows) == goals + 2 and rows[0] == headers[0]
    carried = round(sum(r.carried_over_hours for r in dialog.reviews), 2)
    assert carried == pytest.approx(planned)  # nothing done: all of it carried over
    assert f"{carried:g} h carried over" in dialog.standing.text()
    dialog.reject()


def test_the_review_answered_later_opens_again(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: Later, then View ▸ Weekly Review (Ctrl+Shift+R) showed an
    internal error: the window asked its closed dialog, deleted since, if it was visible."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window, app, _ = opened
    qtbot.waitUntil(lambda: window.review_dialog is not None and window.review_dialog.isVisible())
    window.review_dialog.reject()  # type: ignore[union-attr]  # Later
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # its deleteLater
    window.show_review()
    again = window.review_dialog
    assert again is not None and again.isVisible() and again.review.week == "2026-W50"
    qtbot.mouseClick(again.accept_button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert not app.plan_is_stale()
