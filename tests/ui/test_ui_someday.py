"""Someday in the window (issue 16): the context menu's check, the status filter, the tree
and the pane; one undoable change."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from planner.ui.catalog.tree_model import Column, StatusRole
from planner.ui.main_window import MainWindow


def action(window: MainWindow, node_id: str, text: str):  # type: ignore[no-untyped-def]
    actions = window.panel.context_actions(window.model.index_of_id(node_id),
                                           window.menuBar())
    return next(a for a in actions if a.text().startswith(text))


def shown(window: MainWindow, parent: QModelIndex | None = None) -> list[str]:
    model = window.model
    parent = parent or QModelIndex()
    ids = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        ids.append(model.node(index).id)
        ids.extend(shown(window, index))
    return ids


def test_the_context_menu_sets_and_clears_someday_undoably(window) -> None:  # type: ignore[no-untyped-def]
    someday = action(window, "numpy-100", "Someday")
    assert someday.isCheckable() and not someday.isChecked()
    someday.trigger()
    assert window.app.catalog.someday == {"numpy-100"}
    index = window.model.index_of_id("numpy-100")
    assert index.siblingAtColumn(Column.LEFT).data() == "Someday"
    assert index.data(StatusRole) == "someday"
    assert action(window, "numpy-100", "Someday").isChecked()
    window.history.stack.undo()
    assert window.app.catalog.someday == frozenset()
    window.history.stack.redo()
    assert window.app.catalog.someday == {"numpy-100"}
    action(window, "numpy-100", "Someday").trigger()  # checked: clears it
    assert window.app.catalog.someday == frozenset()


def test_a_category_set_to_someday_takes_its_resources_along(window) -> None:  # type: ignore[no-untyped-def]
    action(window, "maths", "Someday").trigger()
    assert window.app.catalog.someday == {"linalg", "calculus"}
    assert window.model.index_of_id("maths").siblingAtColumn(Column.LEFT).data() == "Someday"
    inherited = action(window, "linalg", "Someday")
    assert inherited.isChecked() and not inherited.isEnabled()
    assert "Maths" in inherited.text() and "clear it there" in inherited.toolTip()


def test_the_status_filter_shows_someday_and_to_do_leaves_it_out(window) -> None:  # type: ignore[no-untyped-def]
    action(window, "calculus", "Someday").trigger()
    combo = window.panel.status_filter
    combo.setCurrentIndex(combo.findText("Someday"))
    assert shown(window) == ["maths", "calculus"]
    combo.setCurrentIndex(combo.findText("To do"))
    assert "calculus" not in shown(window) and "linalg" in shown(window)


def test_the_pane_says_someday(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    action(window, "linalg", "Someday").trigger()
    window.panel.select("calculus")
    window.panel.select("linalg")
    page = window.pane.resource_page
    assert "Someday" in page.status.text()
    assert page.schedule.text().startswith("Someday: kept, not planned")


def test_the_tree_adds_no_someday_hours_into_a_category(window) -> None:  # type: ignore[no-untyped-def]
    """The Left column: planned hours; a category with nothing but Someday left reads
    "Someday", greyed, and its tip gives its hours apart."""
    from PySide6.QtCore import Qt

    model = window.model
    maths = model.index_of_id("maths").siblingAtColumn(Column.LEFT)
    assert maths.data() == "9 h"
    action(window, "calculus", "Someday").trigger()
    maths = model.index_of_id("maths").siblingAtColumn(Column.LEFT)
    assert maths.data() == "6 h"  # linalg's, not calculus's 3 h
    assert maths.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "6 h left; 1 Someday: 3 h, not planned" in maths.data(Qt.ItemDataRole.ToolTipRole)
    action(window, "linalg", "Someday").trigger()  # each resource, not the category
    maths = model.index_of_id("maths").siblingAtColumn(Column.LEFT)
    assert maths.data() == "Someday"
    assert maths.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    assert "Someday: 9 h, not planned" in maths.data(Qt.ItemDataRole.ToolTipRole)
    page = window.pane.category_page
    page.show_category(window.app.catalog.categories["maths"])
    assert page.hours.text() == "Someday: 9 h, not planned"
    action(window, "linalg", "Someday").trigger()  # back: 6 h planned, calculus apart
    page.show_category(window.app.catalog.categories["maths"])
    assert page.hours.text() == "6 h left of 6 h; 1 Someday: 3 h, not planned"


def test_the_statistics_burn_up_leaves_someday_out(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.stats.window import StatsWindow

    action(window, "numpy-100", "Someday").trigger()  # 10 h of the list's 19 h
    window.stats_action.trigger()
    [view] = window.findChildren(StatsWindow)
    assert view.view.burn.scope == 9.0
    assert view.burn_chart.scope == 9.0
    assert view.burn_note.text().startswith(
        "Done 0 h of 9 h planned (10 h Someday left out: not planned).")
