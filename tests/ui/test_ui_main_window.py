"""The main window driven as a user drives it: clicks, keys, typing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QToolButton

from planner import __version__
from planner.core.operations.progress import RecordUnits, SetDone
from planner.ui.catalog.tree_model import Column, IdRole
from planner.ui.main_window import MainWindow


def check_state(index: QModelIndex) -> Qt.CheckState:
    return Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))


def row_index(window: MainWindow, node_id: str, column: int = 0) -> QModelIndex:
    index = window.model.index_of_id(node_id)
    assert index.isValid(), f"{node_id} is not shown"
    return index.siblingAtColumn(column)


def shown_ids(window: MainWindow, parent: QModelIndex | None = None) -> list[str]:
    """The ids of the rows the tree shows (expanded parents only)."""
    model, view = window.model, window.panel.view
    parent = parent or QModelIndex()
    ids = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        ids.append(model.node(index).id)
        if view.isExpanded(index):
            ids.extend(shown_ids(window, index))
    return ids


def select(window: MainWindow, qtbot, node_id: str) -> QModelIndex:  # type: ignore[no-untyped-def]
    index = row_index(window, node_id, Column.PROGRESS)
    view = window.panel.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert window.panel.current_id == node_id
    return index


# ------------------------------------------------------------------------------ first look


def test_first_launch_shows_the_tree_open_and_the_first_thing_to_study(window) -> None:  # type: ignore[no-untyped-def]
    # [*]: the unsaved mark; the platform adds " — Study Planner" (the display name) once
    assert window.windowTitle() == "planner.yaml[*]"
    assert shown_ids(window) == ["maths", "linalg", "calculus", "code", "python", "numpy-100"]
    assert window.panel.current_id == "linalg"
    assert window.pane.node_id == "linalg"
    assert window.pane.resource_page.title.text() == "Linear Algebra Notes"
    assert window.panel.view.hasFocus()


def test_title_without_an_explicit_data_file(windows, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(tmp_path / "other" / "planner.yaml", explicit=False)
    assert window.windowTitle() == "Study Planner[*]"


def test_menus_use_the_platform_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Study", "&Help"]
    for action, key in ((window.quit_action, QKeySequence.StandardKey.Quit),
                        (window.undo_action, QKeySequence.StandardKey.Undo),
                        (window.redo_action, QKeySequence.StandardKey.Redo),
                        (window.find_action, QKeySequence.StandardKey.Find)):
        assert action.shortcuts() == QKeySequence.keyBindings(key)
    about = window.about_text()
    assert __version__ in about and str(window.store.path) in about
    assert "MIT licence" in about and "A Practical Guide to ML Research" in about


# ------------------------------------------------------------------------------ checking off


def test_click_the_check_box_then_undo_and_redo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.panel.view
    index = row_index(window, "calculus")
    rect = view.check_rect(index)
    assert view.visualRect(index).contains(rect)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    app = window.app
    assert app.progress("calculus").done
    assert check_state(index) == Qt.CheckState.Checked
    assert row_index(window, "maths", Column.PROGRESS).data() == "1/2"
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Check off “Matrix Calculus”"

    window.undo_action.trigger()
    assert not app.progress("calculus").done
    assert row_index(window, "maths", Column.PROGRESS).data() == ""
    window.redo_action.trigger()
    assert app.progress("calculus").done


def test_undo_and_redo_by_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.panel.view
    select(window, qtbot, "calculus")
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.app.progress("calculus").done
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for sequence in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)[:1]:
        qtbot.keySequence(view, sequence)
    assert not window.app.progress("calculus").done
    for sequence in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)[:1]:
        qtbot.keySequence(view, sequence)
    assert window.app.progress("calculus").done


def test_space_checks_and_unchecks_the_selected_row(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.panel.view
    select(window, qtbot, "numpy-100")  # selected by clicking its progress column
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.app.progress("numpy-100").done
    assert window.app.progress("numpy-100").units_done == 100
    assert window.pane.resource_page.status.text().endswith("Done</b>")
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not window.app.progress("numpy-100").done
    assert window.history.stack.count() == 2


def test_done_box_in_the_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.pane.resource_page
    qtbot.mouseClick(page.done_box, Qt.MouseButton.LeftButton)
    assert window.app.progress("linalg").done
    assert check_state(row_index(window, "linalg")) == Qt.CheckState.Checked
    assert page.units.value() == 6


def test_context_menu_marks_done(window) -> None:  # type: ignore[no-untyped-def]
    actions = window.panel.context_actions(row_index(window, "calculus"), window.menuBar())
    assert [a.text() for a in actions] == ["Open Link", "Copy Link", "Mark as Done",
                                          "Plan for Week…", "Start Session", "Someday", "",
                                          "New Resource…", "New Category…", "Edit…", "Delete"]
    actions[2].trigger()
    assert window.app.progress("calculus").done


# ------------------------------------------------------------------------------ search


def test_typing_in_the_search_field_filters_the_tree(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    search = window.panel.search
    window.find_action.trigger()
    assert search.hasFocus()
    qtbot.keyClicks(search, "numpy")
    assert shown_ids(window) == ["code", "python", "numpy-100"]
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(search, " 100")
    assert shown_ids(window) == ["code", "python", "numpy-100"]
    search.clear()
    qtbot.keyClicks(search, "author")  # an author of linalg
    assert shown_ids(window) == ["maths", "linalg"]
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert shown_ids(window) == ["maths", "linalg", "calculus", "code", "python", "numpy-100"]


def test_the_clear_button_shows_with_text_and_clears_the_search(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    search = window.panel.search
    button = next(w for w in search.findChildren(QToolButton)
                  if search.clear_action in w.actions() or w.defaultAction() is search.clear_action)
    assert not button.isVisible()  # nothing to clear
    qtbot.keyClicks(search, "numpy")
    assert button.isVisible()
    assert shown_ids(window) == ["code", "python", "numpy-100"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert search.text() == "" and not button.isVisible()
    assert shown_ids(window) == ["maths", "linalg", "calculus", "code", "python", "numpy-100"]


def test_search_keeps_the_selection_and_the_open_categories(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.panel.view
    view.collapse(row_index(window, "code"))
    select(window, qtbot, "calculus")
    qtbot.keyClicks(window.panel.search, "matrix")
    assert window.pane.node_id == "calculus"  # still a match: still selected
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Escape)
    assert window.panel.current_id == "calculus"
    assert view.currentIndex().data(IdRole) == "calculus"
    assert not view.isExpanded(row_index(window, "code"))
    assert view.isExpanded(row_index(window, "maths"))


def test_down_from_the_search_goes_to_the_results(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.panel.view.selectionModel().clear()
    window.panel.view.setCurrentIndex(QModelIndex())
    qtbot.keyClicks(window.panel.search, "numpy")
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Down)
    assert window.panel.view.hasFocus()
    assert window.panel.current_id == "numpy-100"


def test_status_filter(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.app.apply(RecordUnits("numpy-100", 5))
    combo = window.panel.status_filter
    combo.setCurrentIndex(combo.findText("In progress"))
    assert shown_ids(window) == ["code", "python", "numpy-100"]
    combo.setCurrentIndex(combo.findText("Done"))
    assert shown_ids(window) == []
    combo.setCurrentIndex(combo.findText("To do"))
    assert shown_ids(window) == ["maths", "linalg", "calculus"]
    combo.setCurrentIndex(combo.findText("All"))
    assert len(shown_ids(window)) == 6


# ------------------------------------------------------------------------------ detail pane


def test_units_spin_box_records_progress_and_refuses_a_huge_number(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.pane.resource_page
    spin = page.units
    assert spin.suffix() == " of 6 chapters done"
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "999")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() <= 6
    spin.selectAll()
    qtbot.keyClicks(spin, "4")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    app = window.app
    assert app.progress("linalg").units_done == 4
    assert row_index(window, "linalg", Column.PROGRESS).data() == "4/6"
    assert row_index(window, "linalg", Column.LEFT).data() == "2 h"
    assert "2 h left" in page.effort.text()
    window.undo_action.trigger()
    assert spin.value() == app.progress("linalg").units_done != 4


def test_log_time_for_a_resource_without_units(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    select(window, qtbot, "calculus")
    page = window.pane.resource_page
    assert not page.units_row.isVisible() and page.hours_row.isVisible()
    page.log_amount.setValue(1.5)
    qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    assert window.app.progress("calculus").hours_logged == 1.5
    assert page.hours_logged.text() == "1.5 h of 3 h"
    assert row_index(window, "calculus", Column.PROGRESS).data() == "50%"


def test_notes_are_one_undoable_change_per_visit(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    notes = window.pane.resource_page.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "Chapter 2 is hard")
    qtbot.wait(10)
    notes.commit()  # as the idle timer would, mid-visit
    qtbot.keyClicks(notes, ", read twice")
    window.panel.view.setFocus()  # leaving the box commits
    qtbot.waitUntil(lambda: not notes.hasFocus())
    assert window.app.progress("linalg").notes == "Chapter 2 is hard, read twice"
    assert window.history.stack.count() == 1
    assert window.undo_action.text() == "&Undo Edit notes of “Linear Algebra Notes”"
    window.undo_action.trigger()
    assert window.app.progress("linalg").notes == ""
    assert notes.toPlainText() == ""
    window.redo_action.trigger()
    assert notes.toPlainText() == "Chapter 2 is hard, read twice"


def test_notes_typed_then_another_resource_selected_stay_with_the_first(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    notes = window.pane.resource_page.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "for linalg")
    window.pane.show_node("calculus")
    assert window.app.progress("linalg").notes == "for linalg"
    assert window.app.progress("calculus").notes == ""
    assert notes.toPlainText() == ""


def test_priority_and_deadline(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.pane.resource_page
    resource = window.app.catalog.resources["linalg"]
    page.priority.setCurrentIndex(page.priority.findData(1))
    page.priority.activated.emit(page.priority.currentIndex())
    assert resource.priority == 1
    qtbot.mouseClick(page.has_deadline, Qt.MouseButton.LeftButton)
    assert resource.deadline is not None
    page.deadline.setDate(QDate(2031, 5, 17))
    assert resource.deadline == dt.date(2031, 5, 17)
    qtbot.mouseClick(page.has_deadline, Qt.MouseButton.LeftButton)
    assert resource.deadline is None
    for _ in range(3):
        window.undo_action.trigger()
    assert resource.deadline is None and resource.priority == 1
    window.undo_action.trigger()
    assert resource.priority == 3
    assert page.priority.currentData() == 3


def test_prerequisite_links_select_the_resource(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    select(window, qtbot, "calculus")
    page = window.pane.resource_page
    assert "Linear Algebra Notes" in page.prerequisites.text()
    qtbot.keyClicks(window.panel.search, "numpy")  # the prerequisite is filtered out
    page.prerequisites.linkActivated.emit("resource:linalg")
    assert window.panel.current_id == "linalg"
    assert window.pane.node_id == "linalg"
    assert window.panel.search.text() == ""
    assert window.panel.view.currentIndex().data(IdRole) == "linalg"


def test_a_category_shows_its_summary(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.app.apply(SetDone("linalg"))
    select(window, qtbot, "maths")
    page = window.pane.category_page
    assert window.pane.stack.currentWidget() is page
    assert page.title.text() == "Maths"
    assert page.counts.text() == "2 resources · 1 done"
    assert page.hours.text() == "3 h left of 9 h"
    assert "Matrix Calculus" in page.next.text()
    page.next.linkActivated.emit("resource:calculus")
    assert window.panel.current_id == "calculus"


def test_a_large_catalog_opens_with_its_top_level_expanded(windows, data_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.catalog import panel as catalog_panel

    monkeypatch.setattr(catalog_panel, "EXPAND_ALL_UP_TO", 2)
    window = windows.open()
    view = window.panel.view
    assert view.isExpanded(row_index(window, "maths"))
    assert view.isExpanded(row_index(window, "code"))
    assert view.isExpanded(row_index(window, "maths"))
    assert window.panel.current_id == "linalg"
    # "python" is below the top level: closed unless the selection is inside it
    assert not view.isExpanded(row_index(window, "python"))


def test_a_search_with_many_matches_opens_categories_only_up_to_a_few_screens(
        window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.catalog import panel as catalog_panel

    monkeypatch.setattr(catalog_panel, "EXPAND_SEARCH_ROWS", 2)
    window.panel.view.clearSelection()
    window.panel.current_id = ""
    qtbot.keyClicks(window.panel.search, "i")  # matches all three resources
    # Maths (2 rows) uses up the budget: Code and Python stay closed, but are shown.
    assert shown_ids(window) == ["maths", "linalg", "calculus", "code"]
    window.panel.search.clear()
    qtbot.keyClicks(window.panel.search, "numpy")  # one match: everything above it opens
    assert shown_ids(window) == ["code", "python", "numpy-100"]


def test_a_search_opens_the_category_of_the_selection(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.catalog import panel as catalog_panel

    monkeypatch.setattr(catalog_panel, "EXPAND_SEARCH_ROWS", 2)
    select(window, qtbot, "numpy-100")
    qtbot.keyClicks(window.panel.search, "i")
    assert shown_ids(window) == ["maths", "linalg", "calculus", "code", "python", "numpy-100"]
    assert window.panel.view.currentIndex().data(IdRole) == "numpy-100"


def test_a_deadline_in_the_past_is_refused_in_the_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.pane.resource_page
    resource = window.app.resource(window.panel.current_id)
    qtbot.mouseClick(page.has_deadline, Qt.MouseButton.LeftButton)
    chosen = resource.deadline
    assert chosen is not None
    count = window.history.stack.count()
    page.deadline.setDate(QDate(2020, 1, 6))
    assert resource.deadline == chosen  # nothing changed
    assert window.history.stack.count() == count
    assert page.deadline.date().toPython() == chosen  # the field shows what is true
    assert "is in the past" in window.statusBar().currentMessage()


def test_no_label_in_the_pane_shows_markup_as_text(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Value labels are plain text (a title that looks like HTML is shown as written); the
    pane's own emphasis must then sit in rich-text labels, never show up as "<b>"."""
    import re

    from PySide6.QtWidgets import QLabel

    tag = re.compile(r"</?[a-z]+[^<>]*>")
    for node_id in ("linalg", "numpy-100", "maths"):
        select(window, qtbot, node_id)
        for label in window.pane.findChildren(QLabel):
            if label.textFormat() == Qt.TextFormat.PlainText:
                assert not tag.search(label.text()), (node_id, label.text())


def test_the_title_names_the_app_once_as_the_platform_adds_it() -> None:
    """Issue 16: the title read "Study Planner — s.yaml — Study Planner" on X11, as the
    platform appends the display name to a title that does not end with it."""
    from pathlib import Path

    from planner.ui.main_window import APP_NAME, window_title

    for explicit in (True, False):
        for read_only in (True, False):
            title = window_title(Path("s.yaml"), explicit, read_only).removesuffix("[*]")
            # what the platform shows: the display name appended unless the title ends with it
            shown = title if title.endswith(APP_NAME) else f"{title} — {APP_NAME}".lstrip(" —")
            assert shown.count(APP_NAME) == 1, shown
    assert window_title(Path("s.yaml"), True) == "s.yaml[*]"


def test_a_category_takes_a_share_of_the_week_on_its_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    select(window, qtbot, "maths")
    page = window.pane.category_page
    assert page.share.value() == 0 and page.share.text() == "None"
    assert page.share_hint.text() == "no tracks: the plan takes the list in one line"
    page.share.lineEdit().selectAll()
    qtbot.keyClicks(page.share, "60")
    qtbot.keyClick(page.share, Qt.Key.Key_Return)
    assert window.app.catalog.categories["maths"].share == 60
    assert page.share_hint.text().startswith("3 h of 5 h a week, beside ")  # the rest: Other
    assert window.app.catalog.categories["maths"].share == 60
    window.history.stack.undo()  # one undoable change
    assert window.app.catalog.categories["maths"].share is None
    assert page.share.value() == 0


def test_the_detail_pane_fits_its_width_with_a_link_and_its_buttons(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A long host beside Open and Copy Link once made the page wider than the pane: it
    scrolled sideways and cut the tags and the About text."""
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    select(window, qtbot, "linalg")
    page = window.pane.resource_page
    assert page.copy_button.isVisible()
    qtbot.wait(50)  # layouts settle
    pane = window.pane
    assert page.minimumSizeHint().width() <= pane.viewport().width(), (
        page.minimumSizeHint().width(), pane.viewport().width())
    assert not pane.horizontalScrollBar().isVisible()
