"""The weekly planner panel: checking off goals, moving between weeks, pinning, re-plan, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import SetDeadline
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import SetDone
from planner.core.planning.settings import (
    MAX_HORIZON,
    MAX_HOURS_PER_WEEK,
    MAX_PARALLEL,
    MIN_HORIZON,
    MIN_HOURS_PER_WEEK,
    MIN_PARALLEL,
)
from planner.core.weeks import add_weeks, week_of
from planner.store.catalog_file import load_catalog
from planner.ui.plan.panel import PlanPanel
from planner.ui.plan.plan_model import OverBudgetRole, PlanTreeModel
from planner.ui.plan.replan_dialog import ReplanDialog
from planner.ui.plan.week_model import RESOURCE_MIME, ResourceIdRole, WeekGoalsModel
from planner.ui.undo import UndoHistory
from tests.ui.conftest import Previews

SMALL_CATALOG = Path(__file__).resolve().parent.parent / "data" / "small-catalog.yaml"
TODAY = dt.date(2026, 11, 25)  # a Wednesday of 2026-W48
# at 5 h a week the small catalog plans:
#   W48 chapters 1–5 of linalg · W49 chapter 6, calculus, numpy 1–10 · W50, W51 numpy


@pytest.fixture
def app() -> AppState:
    return AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), today=lambda: TODAY)


@pytest.fixture
def history(app: AppState, qtbot) -> UndoHistory:  # type: ignore[no-untyped-def]
    return UndoHistory(app)


@pytest.fixture
def panel(app: AppState, history: UndoHistory, qtbot) -> PlanPanel:  # type: ignore[no-untyped-def]
    widget = PlanPanel(app, history)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def goal_texts(panel: PlanPanel) -> list[str]:
    model = panel.week_model
    return [model.index(row).data() for row in range(model.rowCount())]


def resource_mime(resource_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(RESOURCE_MIME, resource_id.encode("utf-8"))
    return data


def week_goal_ids(app: AppState, week: str) -> list[str]:
    assert app.state.plan is not None
    plan = app.state.plan.week(week)
    return [goal.resource for goal in plan.goals] if plan else []


# ------------------------------------------------------------------------------ first look


def test_a_first_plan_is_accepted_silently(app: AppState, history: UndoHistory,
                                            panel: PlanPanel) -> None:
    assert app.state.plan is not None
    assert history.stack.count() == 0  # nothing to undo
    assert panel.week_label.text() == "2026-W48 · Nov 23 – Nov 29 (this week)"
    assert goal_texts(panel) == ["chapters 1–5 of Linear Algebra Notes (5 h)"]
    assert panel.hours_label.text() == "0 h of 5 h done"
    assert panel.tabs.tabText(0) == "This week" and panel.tabs.tabText(1) == "Plan"
    assert not panel.banner.isVisible()


def test_an_accepted_plan_is_kept(app: AppState, history: UndoHistory, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = PlanPanel(app, history)
    qtbot.addWidget(first)
    plan = app.state.plan
    second = PlanPanel(app, history)
    qtbot.addWidget(second)
    assert app.state.plan is plan


# ------------------------------------------------------------------------------ checking off


def test_checking_a_goal_records_its_units_and_undo_reverts(
        app: AppState, history: UndoHistory, panel: PlanPanel) -> None:
    index = panel.week_model.index(0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert panel.week_model.setData(index, Qt.CheckState.Checked.value,
                                    Qt.ItemDataRole.CheckStateRole)
    assert app.progress("linalg").units_done == 5
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert panel.hours_label.text() == "5 h of 5 h done"
    assert history.stack.undoText() == "Check goal: Linear Algebra Notes"
    history.stack.undo()
    assert app.progress("linalg").units_done == 0
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert panel.hours_label.text() == "0 h of 5 h done"


def test_clicking_the_check_box(app: AppState, panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.next_week()  # W49: chapter 6, calculus, numpy 1–10
    view = panel.week_view
    rect = view.visualRect(panel.week_model.index(1))
    # the check box sits at the left of the row
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 10, rect.center().y()))
    assert app.progress("calculus").hours_logged == 3
    assert app.progress("calculus").done


# ------------------------------------------------------------------------------ weeks


def test_moving_between_weeks(panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.week_changed) as signal:
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["2026-W49"]
    assert panel.week_label.text() == "2026-W49 · Nov 30 – Dec 6"
    assert goal_texts(panel) == ["chapter 6 of Linear Algebra Notes (1 h)",
                                 "Matrix Calculus (3 h)",
                                 "exercises 1–10 of 100 NumPy exercises (1 h)"]
    panel.next_week()
    panel.next_week()
    panel.next_week()
    assert panel.week == "2026-W52"
    assert goal_texts(panel) == []
    assert panel.hours_label.text() == "Nothing planned for this week"
    qtbot.mouseClick(panel.today_button, Qt.MouseButton.LeftButton)
    assert panel.week == "2026-W48"
    qtbot.mouseClick(panel.previous_button, Qt.MouseButton.LeftButton)
    assert panel.week_label.text() == "2026-W47 · Nov 16 – Nov 22"


def test_week_shortcuts(panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.activateWindow()
    panel.week_view.setFocus()
    qtbot.keyClick(panel.week_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert panel.week == "2026-W49"
    qtbot.keyClick(panel.week_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.week_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert panel.week == "2026-W49"
    qtbot.keyClick(panel.week_view, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert panel.week == "2026-W48"


# ------------------------------------------------------------------------------ pinning


def deliver() -> None:
    """Let the queued pin request of a drop arrive (the preview opens once a drop is over)."""
    QApplication.processEvents()


NUMPY_TO_W48 = "“100 NumPy exercises”: 2026-W49 → 2026-W48 — pinned to 2026-W48"


def test_pinning_by_drop_on_the_week_list(app: AppState, history: UndoHistory,
                                           panel: PlanPanel, previews: Previews) -> None:
    model = panel.week_model
    plan = app.state.plan
    assert model.canDropMimeData(resource_mime("numpy-100"), Qt.DropAction.CopyAction,
                                 -1, -1, QModelIndex())
    assert model.dropMimeData(resource_mime("numpy-100"), Qt.DropAction.CopyAction,
                              -1, -1, QModelIndex())
    assert app.state.pins == {}  # not yet: the preview first
    deliver()
    assert previews.last.windowTitle() == "Plan “100 NumPy exercises” for 2026-W48"
    assert NUMPY_TO_W48 in previews.last.move_lines
    assert app.state.pins == {"numpy-100": "2026-W48"}
    assert "numpy-100" in week_goal_ids(app, "2026-W48")  # re-planned at once
    pinned = [model.index(r) for r in range(model.rowCount())
              if model.index(r).data(ResourceIdRole) == "numpy-100"]
    assert pinned and pinned[0].data().endswith("· pinned")
    assert pinned[0].data(Qt.ItemDataRole.FontRole).italic()
    assert history.stack.count() == 1  # pin and re-plan undo as one
    history.stack.undo()
    assert app.state.pins == {}
    assert app.state.plan is plan


def test_pinning_by_drop_on_the_plan_flags_an_over_budget_week(
        app: AppState, history: UndoHistory, panel: PlanPanel, previews: Previews) -> None:
    model = panel.plan_model
    w49 = model.index_of_week("2026-W49")
    assert not model.canDropMimeData(resource_mime("nope"), Qt.DropAction.CopyAction,
                                     -1, -1, w49)
    assert not model.canDropMimeData(resource_mime("numpy-100"), Qt.DropAction.CopyAction,
                                     -1, -1, model.overflow_index())
    # dropped on a goal of W48: pinned to W48, the chunk that fits the week's 5 h
    goal = model.index(0, 0, model.index_of_week("2026-W48"))
    assert model.dropMimeData(resource_mime("numpy-100"), Qt.DropAction.CopyAction,
                              -1, -1, goal)
    deliver()
    assert NUMPY_TO_W48 in previews.last.move_lines
    assert app.state.pins == {"numpy-100": "2026-W48"}
    assert model.index_of_week("2026-W48").data(OverBudgetRole) is False
    # a second pin in that week, ahead of it in the catalog, takes those 5 h: numpy-100
    # keeps a week's chunk there, and the week is over budget
    assert model.dropMimeData(resource_mime("linalg"), Qt.DropAction.CopyAction,
                              -1, -1, model.index_of_week("2026-W48"))
    deliver()
    assert app.state.pins == {"numpy-100": "2026-W48", "linalg": "2026-W48"}
    week = model.index_of_week("2026-W48")
    assert week.data(OverBudgetRole) is True  # flagged, not refused
    assert "over budget" in week.siblingAtColumn(1).data()
    assert week.data(Qt.ItemDataRole.FontRole).bold()
    assert "over budget" in panel.hours_label.text()
    history.stack.undo()
    history.stack.undo()
    assert app.state.pins == {}
    assert model.index_of_week("2026-W48").data(OverBudgetRole) is False


def test_a_pin_shows_the_preview_and_cancel_changes_nothing(
        app: AppState, history: UndoHistory, panel: PlanPanel, previews: Previews) -> None:
    """Issue 14: pinning re-planned with no preview at all. Now the menu and a drop show the
    re-plan preview, the pin named as the reason; only Apply pins and re-plans."""
    plan, pins = app.state.plan, dict(app.state.pins)
    previews.answer = QDialog.DialogCode.Rejected
    assert not panel.pin("numpy-100", "2026-W48")
    dialog = previews.last
    assert NUMPY_TO_W48 in dialog.move_lines
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Pin and re-plan"
    assert app.state.plan is plan and app.state.pins == pins
    assert history.stack.count() == 0  # nothing to undo
    # a drop, cancelled: the same
    assert panel.week_model.dropMimeData(resource_mime("numpy-100"), Qt.DropAction.CopyAction,
                                         -1, -1, QModelIndex())
    deliver()
    assert len(previews.shown) == 2 and NUMPY_TO_W48 in previews.last.move_lines
    assert app.state.plan is plan and app.state.pins == pins and history.stack.count() == 0

    previews.answer = QDialog.DialogCode.Accepted
    assert panel.pin("numpy-100", "2026-W48")
    assert app.state.plan == previews.last.plan  # what was previewed is what is applied
    assert app.state.pins == {"numpy-100": "2026-W48"}
    assert history.stack.count() == 1  # the pin and the re-plan: one step
    history.stack.undo()
    assert app.state.plan is plan and app.state.pins == pins


def test_plan_for_week_dialog(app: AppState, history: UndoHistory, panel: PlanPanel,
                              previews: Previews, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []

    def get_item(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        asked.append(list(items))
        return items[2], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    assert panel.plan_for_week_dialog("calculus")
    assert len(asked[0]) == 12 and asked[0][0].startswith("2026-W48 · Nov 23")
    assert previews.last.windowTitle() == "Plan “Matrix Calculus” for 2026-W50"
    assert ("“Matrix Calculus”: 2026-W49 → 2026-W50 — pinned to 2026-W50"
            in previews.last.move_lines)
    assert app.state.pins == {"calculus": "2026-W50"}
    assert "calculus" in week_goal_ids(app, "2026-W50")
    assert "calculus" not in week_goal_ids(app, "2026-W49")
    history.stack.undo()
    assert app.state.pins == {}
    assert "calculus" in week_goal_ids(app, "2026-W49")


def test_plan_for_week_dialog_typed_weeks(app: AppState, history: UndoHistory,
                                          panel: PlanPanel, previews: Previews,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    answer = ["2027W02"]
    monkeypatch.setattr(QInputDialog, "getItem",
                        staticmethod(lambda *args: (answer[0], True)))
    assert panel.plan_for_week_dialog("numpy-100")
    assert app.state.pins == {"numpy-100": "2027-W02"}
    answer[0] = "next week"
    assert not panel.plan_for_week_dialog("numpy-100")
    assert "'next week' is not an ISO week" in panel.error_label.text()
    assert not panel.error_label.isHidden()
    assert app.state.pins == {"numpy-100": "2027-W02"}
    assert history.stack.count() == 1
    assert len(previews.shown) == 1  # no preview for a week that is not one
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *args: ("", False)))
    assert not panel.plan_for_week_dialog("numpy-100")  # cancelled
    assert history.stack.count() == 1


def test_unpin_from_the_context_menu(app: AppState, history: UndoHistory,
                                     panel: PlanPanel, previews: Previews) -> None:
    assert panel.pin("numpy-100", "2026-W48")
    model = panel.week_model
    row = next(r for r in range(model.rowCount())
               if model.index(r).data(ResourceIdRole) == "numpy-100")
    menu = panel._menu_for(model.index(row))
    assert menu is not None
    unpin = next(a for a in menu.actions() if a.text() == "Unpin")
    assert unpin.isEnabled()
    unpin.trigger()
    assert previews.last.windowTitle() == "Unpin “100 NumPy exercises”"
    assert any(line.startswith("“100 NumPy exercises”: 2026-W48 → 2026-W49 — unpinned")
               for line in previews.last.move_lines)
    assert app.state.pins == {}
    assert "numpy-100" not in week_goal_ids(app, "2026-W48")
    history.stack.undo()
    assert app.state.pins == {"numpy-100": "2026-W48"}


# ------------------------------------------------------------------------------ re-plan


def replan_with(panel: PlanPanel, monkeypatch: pytest.MonkeyPatch,
                result: QDialog.DialogCode) -> ReplanDialog:
    shown: list[ReplanDialog] = []

    def exec_(dialog: ReplanDialog) -> int:
        shown.append(dialog)
        return result.value

    monkeypatch.setattr(ReplanDialog, "exec", exec_)
    panel.replan()
    return shown[0]


def test_replan_preview_after_a_settings_change(app: AppState, history: UndoHistory,
                                                panel: PlanPanel, qtbot,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    old = app.state.plan
    panel.hours_spin.setValue(2.0)
    assert app.settings.hours_per_week == 2.0
    assert app.state.plan is old  # a settings change alone re-plans nothing
    assert panel.banner.isVisible()

    dialog = replan_with(panel, monkeypatch, QDialog.DialogCode.Rejected)
    assert dialog.move_lines, "a smaller budget moves work later"
    assert any(line.startswith("“Matrix Calculus”: 2026-W49 → 2026-W") and " — " in line
               for line in dialog.move_lines)
    assert app.state.plan is old  # Cancel changes nothing
    assert history.stack.count() == 1

    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    new = app.state.plan
    assert new is not old and new is not None
    assert new.hours_per_week == 2.0
    assert all(week.planned_hours <= 2.0 for week in new.weeks)
    assert history.stack.count() == 2
    assert not panel.banner.isVisible()
    assert panel.hours_label.text() == "0 h of 2 h done"
    history.stack.undo()
    assert app.state.plan is old


def test_the_preview_names_years_and_opens_wide_enough_for_its_reasons(
        app: AppState, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: at its old 480 px every reason was cut off, and "W09 → W51" read as later
    but was earlier. Now the weeks carry their year and the dialog fits its longest line."""
    from planner.core.planning.plan import Move, Plan

    reason = ("a deadline of another resource, 2027-03-01, now comes first: its 40 h must "
              "fit before it")
    plan = Plan(5.0, (), moves=(Move("calculus", "2026-W51", "2027-W09", reason),
                                Move("linalg", None, "2026-W52", "new in the catalog")))
    dialog = ReplanDialog(plan, app.catalog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.move_lines == [f"“Matrix Calculus”: 2026-W51 → 2027-W09 — {reason}",
                                 "“Linear Algebra Notes”: not planned → 2026-W52 — new in "
                                 "the catalog"]
    metrics = dialog.moves_list.fontMetrics()
    longest = metrics.horizontalAdvance(dialog.move_lines[0])
    cap = int(dialog.screen().availableGeometry().width() * 0.8)
    assert dialog.width() == max(480, min(longest + 80, cap))  # as wide as it needs, or can
    view = dialog.moves_list
    rows = [view.visualItemRect(view.item(i)) for i in range(2)]
    assert all(view.viewport().rect().contains(r) for r in rows)  # every move in view
    if view.viewport().width() < longest:  # a narrow screen: the long reason wraps, whole
        assert rows[0].height() >= 2 * metrics.lineSpacing()
    assert rows[1].height() < 2 * metrics.lineSpacing()  # a short one stays on one line


def test_replan_dialog_shows_warnings(app: AppState, panel: PlanPanel,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app.apply(SetDeadline("numpy-100", dt.date(2026, 11, 29)))
    dialog = replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    assert app.state.plan is not None and app.state.plan.warnings
    assert dialog.warning_lines == list(app.state.plan.warnings)
    assert not dialog.warnings.isHidden()
    assert dialog.warnings.toPlainText().splitlines() == [
        f"⚠ {warning}" for warning in dialog.warning_lines]
    assert panel.warnings.toPlainText().startswith("⚠ ")
    assert panel.tabs.tabText(1) == f"Plan ⚠ {len(dialog.warning_lines)}"
    assert not panel.warnings.isHidden()


def test_many_warnings_scroll_in_a_few_lines_and_leave_the_room_to_the_plan(
        panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A big catalog's plan can carry dozens of warnings: they take at most a few lines
    (scrolled), shown as written, and the plan keeps the height of the dock."""
    from planner.ui.widgets import WarningList

    panel.resize(380, 700)
    panel.show()
    panel.tabs.setCurrentIndex(1)
    one = WarningList()
    one.resize(360, 100)
    one.set_warnings(["short"])
    many = [f"“<b>Title {n}</b>” misses its deadline 2027-04-03: it is planned to finish "
            f"beyond the horizon; 16.9 h a week would have met it" for n in range(76)]
    panel.warnings.set_warnings(many)
    qtbot.wait(10)
    lines = panel.warnings.fontMetrics().lineSpacing()
    assert panel.warnings.toPlainText().splitlines() == [f"⚠ {w}" for w in many]
    assert lines * 4 < panel.warnings.height() <= lines * 5 + 20
    assert one.height() < panel.warnings.height()  # a short list is only as tall as its text
    assert panel.plan_view.height() >= 3 * panel.warnings.height()
    assert panel.warnings.verticalScrollBar().isVisible()  # the rest is scrolled to
    # One warning that wraps: as tall as its lines, no scroll bar.
    panel.warnings.set_warnings(["2 resources (14.31 h) do not fit in the plan: see the "
                                 "overflow lane at the end of the plan"])
    qtbot.wait(10)
    assert lines * 2 <= panel.warnings.height() < lines * 5
    assert not panel.warnings.verticalScrollBar().isVisible()
    assert not panel.warnings.horizontalScrollBar().isVisible()


# ------------------------------------------------------------------------------ bad input


def test_the_settings_controls_hold_the_core_bounds(app: AppState, history: UndoHistory,
                                                    panel: PlanPanel) -> None:
    """The window offers what the command line and the data file take: no value outside the
    core's bounds can be entered (repro 3 of issue 12: 1e-9 hours a week was written as 0.0,
    which the next start refused)."""
    assert (panel.hours_spin.minimum(), panel.hours_spin.maximum()) == (
        MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK)
    assert (panel.parallel_spin.minimum(), panel.parallel_spin.maximum()) == (
        MIN_PARALLEL, MAX_PARALLEL)
    assert (panel.horizon_spin.minimum(), panel.horizon_spin.maximum()) == (
        MIN_HORIZON, MAX_HORIZON)
    panel.hours_spin.setValue(1e-9)
    assert panel.hours_spin.value() == MIN_HOURS_PER_WEEK
    assert app.settings.hours_per_week == MIN_HOURS_PER_WEEK
    assert panel.error_label.isHidden()
    panel.parallel_spin.setValue(0)
    assert app.settings.max_parallel == MIN_PARALLEL
    panel.parallel_spin.setValue(2)
    assert app.settings.max_parallel == 2
    history.stack.undo()
    assert app.settings.max_parallel == MIN_PARALLEL and panel.parallel_spin.value() == 1


def test_a_refused_setting_shows_why_and_changes_nothing(app: AppState, history: UndoHistory,
                                                         panel: PlanPanel) -> None:
    before, revision = app.settings, app.revision
    assert not panel.set_settings(hours_per_week=0.0)
    assert "hours per week must be from 0.25 to 100, got 0" in panel.error_label.text()
    assert not panel.error_label.isHidden()
    assert app.settings is before and app.revision == revision
    assert history.stack.count() == 0
    assert panel.hours_spin.value() == 5.0  # the field shows the setting again


def test_a_number_typed_out_of_range_is_said_not_silently_cut(
        app: AppState, panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typing 500 in Hours/week, where 100 is the most, left 50 and said nothing (seen in a
    new user's walk through the window): the keystroke is still refused, and the panel says
    why; the next accepted value clears it."""
    from PySide6.QtCore import Qt

    panel.hours_spin.setFocus()
    panel.hours_spin.lineEdit().selectAll()
    qtbot.keyClicks(panel.hours_spin, "500")
    assert panel.hours_spin.text().startswith("50")
    assert not panel.error_label.isHidden()
    assert panel.error_label.text() == (
        f"Hours per week can be {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g} h; 500 was "
        "not taken")
    qtbot.keyClick(panel.hours_spin, Qt.Key.Key_Return)
    assert app.settings.hours_per_week == 50
    assert panel.error_label.text() == ""
    panel.horizon_spin.lineEdit().selectAll()
    qtbot.keyClicks(panel.horizon_spin, "999")  # the third 9 is refused: 99 stays
    assert panel.horizon_spin.text().startswith("99")
    assert panel.error_label.text() == (
        f"Planning horizon in weeks can be {MIN_HORIZON} to {MAX_HORIZON} wk; 999 was not "
        "taken")


# ------------------------------------------------------------------------------ models


def test_week_model_contract(app: AppState, history: UndoHistory, panel: PlanPanel,
                             qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = WeekGoalsModel(app, history, "2026-W49")
    qtmodeltester.check(model)
    model.set_week("2026-W48")
    qtmodeltester.check(model)


def test_plan_model_contract(app: AppState, history: UndoHistory, panel: PlanPanel,
                             previews: Previews, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PlanTreeModel(app, history)
    qtmodeltester.check(model)
    panel.pin("numpy-100", "2026-W48")
    app.apply(SetDeadline("calculus", dt.date(2026, 11, 30)))
    panel.set_settings(horizon_weeks=2)
    app.apply(SetDone("linalg"))
    panel.replan_button.setEnabled(True)
    qtmodeltester.check(model)


def test_plan_model_rows(app: AppState, panel: PlanPanel) -> None:
    model = panel.plan_model
    assert model.rowCount() == 5  # four weeks and the overflow lane
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top[0] == "2026-W48 · Nov 23 – Nov 29"
    assert top[-1] == "Overflow — none"
    assert model.index(0, 1).data() == "5 h of 5 h"
    w49 = model.index(1, 0)
    assert model.rowCount(w49) == 3
    assert model.index(1, 0, w49).data() == "Matrix Calculus (3 h)"
    assert model.index(1, 1, w49).data() == "3 h"


def test_plan_model_overflow_lane(app: AppState, history: UndoHistory,
                                  panel: PlanPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    panel.set_settings(horizon_weeks=2)
    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    model = panel.plan_model
    overflow = model.overflow_index()
    assert model.rowCount(overflow) >= 1
    assert overflow.data().startswith("Overflow (")
    item = model.index(0, 0, overflow)
    assert " — " in item.data()
    assert item.data(ResourceIdRole) is not None
    assert overflow.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_a_drop_event_on_a_week_row_of_the_plan(app: AppState, history: UndoHistory,
                                                panel: PlanPanel, previews: Previews,
                                                qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.tabs.setCurrentIndex(1)
    view = panel.plan_view
    rect = view.visualRect(panel.plan_model.index_of_week("2026-W50"))
    assert rect.isValid()
    data = resource_mime("calculus")
    pos = QPointF(rect.center())
    for kind in (QDragEnterEvent, QDragMoveEvent):
        event = kind(rect.center(), Qt.DropAction.CopyAction, data,
                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    deliver()
    assert previews.last.windowTitle() == "Plan “Matrix Calculus” for 2026-W50"
    assert app.state.pins == {"calculus": "2026-W50"}
    assert "calculus" in week_goal_ids(app, "2026-W50")
    history.stack.undo()
    assert app.state.pins == {}


def test_start_week_and_horizon_settings(app: AppState, history: UndoHistory,
                                         panel: PlanPanel) -> None:
    assert panel.start_combo.currentText() == "This week"
    assert panel.horizon_spin.value() == MAX_HORIZON  # the default: the longest
    panel.start_combo.setCurrentIndex(2)
    panel.start_combo.activated.emit(2)
    later = add_weeks(week_of(app.today()), 2)
    assert app.settings.start_week == later
    panel.horizon_spin.setValue(10)
    assert app.settings.horizon_weeks == 10
    assert not panel.set_settings(horizon_weeks=0)  # refused by the core, with its message
    assert app.settings.horizon_weeks == 10
    assert "the horizon must be from 1 to 520 weeks" in panel.error_label.text()
    assert panel.horizon_spin.value() == 10
    history.stack.undo()
    history.stack.undo()
    assert app.settings.start_week is None and app.settings.horizon_weeks == MAX_HORIZON
    assert panel.start_combo.currentText() == "This week"


def test_a_short_overflow_lane_is_open_and_a_long_one_closed(
        app: AppState, history: UndoHistory, panel: PlanPanel,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A lane of hundreds (most of a big catalog) starts closed: its rows are laid out only
    when the user opens it."""
    import planner.ui.plan.panel as plan_panel

    panel.set_settings(horizon_weeks=2)
    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    model = panel.plan_model
    rows = model.rowCount(model.overflow_index())
    assert 1 <= rows <= plan_panel.OPEN_OVERFLOW_ROWS
    assert panel.plan_view.isExpanded(model.overflow_index())
    monkeypatch.setattr(plan_panel, "OPEN_OVERFLOW_ROWS", rows - 1)
    panel.set_settings(horizon_weeks=1)
    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    assert model.rowCount(model.overflow_index()) >= rows
    assert not panel.plan_view.isExpanded(model.overflow_index())
    this_week = model.index_of_week(week_of(app.today()))
    assert panel.plan_view.isExpanded(this_week)  # the weeks are opened as before
    # Opened by the user, the lane stays open through a re-plan; closed, it stays closed.
    panel.plan_view.expand(model.overflow_index())
    panel.set_settings(horizon_weeks=2)
    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    assert panel.plan_view.isExpanded(model.overflow_index())
    panel.plan_view.collapse(model.overflow_index())
    monkeypatch.setattr(plan_panel, "OPEN_OVERFLOW_ROWS", 1000)
    panel.set_settings(horizon_weeks=1)
    replan_with(panel, monkeypatch, QDialog.DialogCode.Accepted)
    assert not panel.plan_view.isExpanded(model.overflow_index())


def test_an_overflow_reason_quoting_a_title_shows_it_as_written(qtbot) -> None:  # type: ignore[no-untyped-def]
    """'waits for <title>': a title that looks like markup is shown, not rendered."""
    from PySide6.QtGui import QTextDocument

    from planner.core.catalog.model import catalog_from_data
    from planner.core.journal.goals import fresh_plan
    from planner.core.planning.settings import Settings

    title = "<b>Attention</b> <img src='x.png'>"
    catalog = catalog_from_data({"categories": [{"title": "Papers", "resources": [
        {"id": "big", "title": title, "effort_hours": 40},
        {"id": "after", "title": "After", "effort_hours": 2, "prerequisites": ["big"]}]}]})
    app = AppState(PlannerState(catalog=catalog, settings=Settings(horizon_weeks=1)),
                   today=lambda: TODAY)
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    model = PlanTreeModel(app, UndoHistory(app))
    overflow = model.overflow_index()
    reasons = {}
    for row in range(model.rowCount(overflow)):
        item = model.index(row, 0, overflow)
        document = QTextDocument()
        document.setHtml(item.data(Qt.ItemDataRole.ToolTipRole))
        reasons[item.data(ResourceIdRole)] = document.toPlainText()
    assert reasons["after"].startswith(f"waits for “{title}”")


def test_a_goal_dragged_to_another_week_pins_it_there_through_the_preview(
        app: AppState, history: UndoHistory, panel: PlanPanel, previews: Previews) -> None:
    """Issue 14: in the plan tab a goal can be dragged to another week."""
    panel.tabs.setCurrentIndex(1)
    model, view = panel.plan_model, panel.plan_view
    w49 = model.index_of_week("2026-W49")
    goal = next(model.index(r, 0, w49) for r in range(model.rowCount(w49))
                if model.index(r, 0, w49).data(ResourceIdRole) == "numpy-100")
    assert model.flags(goal) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(w49) & Qt.ItemFlag.ItemIsDragEnabled  # a week is not dragged
    assert view.dragEnabled()
    assert model.supportedDragActions() == Qt.DropAction.CopyAction  # a pin, not a removal
    data = model.mimeData([goal])
    plan = app.state.plan
    rect = view.visualRect(model.index_of_week("2026-W51"))
    assert rect.isValid()
    for kind in (QDragEnterEvent, QDragMoveEvent):
        event = kind(rect.center(), Qt.DropAction.CopyAction, data,
                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    previews.answer = QDialog.DialogCode.Rejected
    QApplication.sendEvent(view.viewport(), QDropEvent(
        QPointF(rect.center()), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier))
    deliver()
    assert previews.last.windowTitle() == "Plan “100 NumPy exercises” for 2026-W51"
    assert ("“100 NumPy exercises”: 2026-W49 → 2026-W51 — pinned to 2026-W51"
            in previews.last.move_lines)
    assert app.state.plan is plan and app.state.pins == {} and history.stack.count() == 0

    previews.answer = QDialog.DialogCode.Accepted
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1,
                              model.index_of_week("2026-W51"))
    deliver()
    assert app.state.pins == {"numpy-100": "2026-W51"}
    assert "numpy-100" not in week_goal_ids(app, "2026-W49")
    assert history.stack.count() == 1


def test_a_click_on_a_goal_names_its_resource(panel: PlanPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The panel says which resource a clicked goal is of; the window selects it."""
    panel.tabs.setCurrentIndex(1)
    model, view = panel.plan_model, panel.plan_view
    goal = model.index(0, 0, model.index_of_week("2026-W49"))
    view.scrollTo(goal)
    with qtbot.waitSignal(panel.resource_selected) as selected:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(goal).center())
    assert selected.args == [goal.data(ResourceIdRole)]
    with qtbot.assertNotEmitted(panel.resource_selected):  # a week is no resource
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(model.index_of_week("2026-W50")).center())


def test_space_down_space_checks_the_weeks_goals_one_after_the_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: in This Week, Space checked a goal, which the re-plan
    moved to the week's record at the top, leaving no current row; the next Down landed
    on it again and Space unchecked it. After a check the keyboard is now on the next
    goal still to do: Space, Space, Space checks the week's goals one after the other."""
    from planner.core.operations.planning import ChangeSettings

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), today=lambda: TODAY)
    app.apply(ChangeSettings(hours_per_week=12))
    widget = PlanPanel(app, UndoHistory(app))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    view, model = widget.week_view, widget.week_model
    assert model.rowCount() >= 3
    view.setFocus()
    view.setCurrentIndex(model.index(0))
    for n in range(1, model.rowCount() + 1):
        qtbot.keyClick(view, Qt.Key.Key_Space)
        done = [model.index(r).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                for r in range(model.rowCount())]
        assert sum(done) == n, (n, done)  # each Space checked one more, none unchecked
        if not all(done):
            assert not done[view.currentIndex().row()]  # on to a goal still to do


def on_plan_tab(qtbot, app: AppState, width: int) -> PlanPanel:  # type: ignore[no-untyped-def]
    """A plan panel on ``app``, ``width`` px wide, showing its Plan tab."""
    widget = PlanPanel(app, UndoHistory(app))
    qtbot.addWidget(widget)
    widget.resize(width, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.tabs.setCurrentIndex(1)
    return widget


def test_the_plans_goals_wrap_whole_in_a_narrow_dock(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: in a dock about 330 px wide the Plan tab showed "section 2
    of Mathematics for Machin…": the rows' heights were measured 20 px wider than a goal is
    drawn (the top level's expand arrows indent every row once more)."""
    from planner import paths
    from tests.ui.layout_probe import rows, text_fits

    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   today=lambda: dt.date(2026, 12, 2))
    widget = on_plan_tab(qtbot, app, 330)
    view = widget.plan_view
    for week in range(view.model().rowCount()):
        view.expand(view.model().index(week, 0))
    cut: list[tuple[int, object]] = []
    for width in range(260, 461, 10):  # where a line breaks depends on the width
        widget.resize(width, 700)
        qtbot.wait(20)  # the delayed layout
        goals = [r for r in rows(view) if r.parent().isValid()]
        assert len(goals) >= 6
        cut += [(width, fit["text"]) for fit in (text_fits(view, i) for i in goals[:16])
                if not fit["fits"]]
    assert cut == []


def test_the_plans_hours_show_on_one_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: "4 h done of 4.8 h" wrapped, "h" alone on its second line.
    The hours column is sized to its content, but the content was measured wrapped at the
    column's own width, so a longer text than the column held (a week gone by: "done of")
    never widened it."""
    from planner import paths
    from planner.core.journal.events import Recorder
    from planner.core.journal.goals import current_plan, fresh_plan
    from planner.core.operations.planning import CheckGoal
    from planner.core.operations.progress import RecordUnits
    from tests.clock import Clock
    from tests.ui.layout_probe import rows, text_fits

    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone.utc))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app)))
    widget = on_plan_tab(qtbot, app, 340)
    qtbot.wait(20)  # the hours column sized to "5 h of 5 h"
    app.apply(RecordUnits("linalg", 2))  # part of the week's goal
    clock.now = dt.datetime(2026, 12, 9, 10, tzinfo=dt.timezone.utc)  # W49 is past
    later = current_plan(app).week("2026-W50")
    assert later is not None
    app.apply(CheckGoal("2026-W50", later.goals[0]))  # a change: the plan shown again
    qtbot.wait(20)
    view = widget.plan_view
    hours = [text_fits(view, index.siblingAtColumn(1)) for index in rows(view)[:8]]
    assert any(" done of " in str(fit["text"]) for fit in hours)
    metrics = view.fontMetrics()
    wrapped = [fit["text"] for fit in hours
               if metrics.horizontalAdvance(str(fit["text"])) > int(fit["width"])]  # type: ignore[call-overload]
    assert wrapped == []
