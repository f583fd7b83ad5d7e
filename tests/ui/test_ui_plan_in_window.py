"""The weekly plan inside the main window: a dock beside the tree and the pane."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from planner.core.journal.goals import fresh_plan
from planner.core.operations.planning import AcceptPlan, ChangeSettings
from planner.core.operations.progress import SetDone
from planner.core.planning.scheduled import week_span
from planner.core.weeks import add_weeks, week_of
from planner.ui.main_window import MainWindow
from planner.ui.plan.week_model import ResourceIdRole


def goal_ids(window: MainWindow, week: str) -> list[str]:
    plan = window.app.state.plan
    assert plan is not None
    found = plan.week(week)
    return [g.resource for g in found.goals] if found else []


def test_the_window_has_a_weekly_plan_with_this_weeks_goals(window) -> None:  # type: ignore[no-untyped-def]
    assert window.plan_dock.isVisible()  # shown on first launch, also on a small screen
    this_week = week_of(window.app.today())
    assert window.plan.week == this_week
    assert window.plan.week_model.rowCount() == len(goal_ids(window, this_week)) > 0
    window.plan_action.trigger()
    assert not window.plan_dock.isVisible()
    window.this_week_action.trigger()
    assert window.plan_dock.isVisible() and window.plan.tabs.currentIndex() == 0


def test_drag_a_resource_from_the_tree_onto_a_week(window, previews) -> None:  # type: ignore[no-untyped-def]
    target = add_weeks(week_of(window.app.today()), 3)
    tree_index = window.model.index_of_id("numpy-100")
    assert window.model.flags(tree_index) & Qt.ItemFlag.ItemIsDragEnabled
    data = window.model.mimeData([tree_index])
    window.plan.show_week(target)
    model = window.plan.week_model
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    QApplication.processEvents()  # the preview opens once the drop is over
    assert previews.last.windowTitle() == f"Plan “100 NumPy exercises” for {target}"
    assert window.app.state.pins == {"numpy-100": target}
    assert "numpy-100" in goal_ids(window, target)
    window.undo_action.trigger()
    assert window.app.state.pins == {}


def test_plan_for_week_from_the_tree_context_menu(window, previews, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *args: (args[3][2], True)))
    actions = window.panel.context_actions(window.model.index_of_id("calculus"),
                                           window.menuBar())
    plan_action = next(a for a in actions if a.text() == "Plan for Week…")
    plan_action.trigger()
    target = add_weeks(week_of(window.app.today()), 2)
    assert previews.last.windowTitle() == f"Plan “Matrix Calculus” for {target}"
    assert window.app.state.pins == {"calculus": target}
    assert "calculus" in goal_ids(window, target)
    assert window.plan_dock.isVisible()


def test_the_plan_survives_closing_and_reopening(windows) -> None:  # type: ignore[no-untyped-def]
    window = windows.open()
    first = window.app.state.plan
    assert first is not None
    reopened = windows.reopen(window)
    assert reopened.app.state.plan.weeks == first.weeks


def test_a_click_on_a_goal_selects_its_resource_in_the_tree_and_the_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: a click on a goal in the plan tab selects its resource."""
    window.plan_dock.show()
    plan = window.plan
    plan.tabs.setCurrentIndex(1)
    model, view = plan.plan_model, plan.plan_view
    goals = [model.index(r, 0, model.index(w, 0)) for w in range(model.overflow_row())
             for r in range(model.rowCount(model.index(w, 0)))]
    goal = next(g for g in goals if g.data(ResourceIdRole) == "numpy-100")
    assert window.pane.node_id != "numpy-100"
    view.scrollTo(goal)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(goal).center())
    assert window.panel.selected_node().id == "numpy-100"
    assert window.pane.node_id == "numpy-100"
    assert window.pane.stack.currentWidget() is window.pane.resource_page
    assert window.pane.resource_page.title.text() == "100 NumPy exercises"


def test_the_detail_pane_says_when_a_resource_is_scheduled(window) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: the pane says when the plan does a resource's work, and follows re-plans."""
    app, page = window.app, window.pane.resource_page
    this_week = week_of(app.today())

    def span(rid: str) -> tuple[str, str]:
        weeks = [w.week for w in app.state.plan.weeks
                 if w.week >= this_week and any(g.resource == rid for g in w.goals)]
        return weeks[0], weeks[-1]

    window.panel.select("calculus")  # one week: W+1 at 5 h a week
    assert page.schedule.text() == f"Scheduled: {span('calculus')[0]}"
    window.panel.select("numpy-100")
    first, last = span("numpy-100")
    assert first != last and page.schedule.text() == f"Scheduled: {week_span(first, last)}"

    # a re-plan that touches only the plan: the pane follows it
    assert window.history.push(ChangeSettings(hours_per_week=2.0))
    assert window.history.push(AcceptPlan(fresh_plan(app)))
    slower = span("numpy-100")
    assert slower[1] > last and page.schedule.text() == f"Scheduled: {week_span(*slower)}"
    window.undo_action.trigger()
    assert page.schedule.text() == f"Scheduled: {week_span(first, last)}"

    assert window.history.push(ChangeSettings(horizon_weeks=1))
    assert window.history.push(AcceptPlan(fresh_plan(app)))
    assert page.schedule.text().startswith("In the overflow: does not fit in the 1-week")
    assert window.history.push(SetDone("numpy-100", True))
    assert page.schedule.text() == "Done"
