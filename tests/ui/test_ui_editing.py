"""Editing the catalog in the window: add, edit, delete, move; all undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.core.catalog.model import catalog_to_data
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import Pin
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.weeks import add_weeks, week_of
from planner.ui.catalog.editing import CatalogEditor
from planner.ui.catalog.tree_model import NODE_MIME, RESOURCE_MIME
from planner.ui.dialogs.resource_dialog import CategoryDialog, ResourceDialog
from planner.ui.main_window import MainWindow


def drive(monkeypatch: pytest.MonkeyPatch, fill: Callable[[QDialog], None],
          seen: list[QDialog] | None = None) -> None:
    """Stand in for ``exec``: fill the dialog, then click OK as the user would."""

    def run(self: CatalogEditor, dialog: QDialog) -> bool:
        if seen is not None:
            seen.append(dialog)
        fill(dialog)
        ok = dialog.ok_button  # type: ignore[attr-defined]
        if ok.isEnabled():
            ok.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(CatalogEditor, "run_dialog", run)


def child_ids(window: MainWindow, node_id: str) -> list[str]:
    node = window.app.catalog.find(node_id)
    return [child.id for child in node.children]  # type: ignore[union-attr]


def test_new_resource_in_the_selected_category_and_undo_redo(
        window, monkeypatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    before = catalog_to_data(window.app.catalog)
    window.panel.select("calculus")  # a resource: the new one goes into its category

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResourceDialog)
        assert not dialog.ok_button.isEnabled()  # no title yet
        assert dialog.error_field == "Title" and dialog.error.isHidden()  # not scolded yet
        dialog.title.setText("Probability Notes")
        dialog.authors.setText("B. Writer, C. Writer")
        dialog.url.setText("https://example.org/prob")
        dialog.kind.setCurrentText("notes")
        dialog.effort.setValue(4.5)
        dialog.effort_basis.setText("45 pages")
        dialog.units_name.setText("chapter")
        dialog.units_count.setValue(5)
        dialog.tags.setText("maths, probability")
        assert dialog.prerequisites.add_typed("linear algebra")  # by title
        dialog.set_priority(2)
        dialog.has_deadline.setChecked(True)
        dialog.deadline.setDate(dt.date(2027, 3, 1))
        dialog.notes.setPlainText("Read before the course.")
        assert dialog.ok_button.isEnabled(), dialog.error.text()

    drive(monkeypatch, fill)
    window.editor.new_resource_action.trigger()
    resource = window.app.catalog.resources["probability-notes"]
    assert resource.parent is window.app.catalog.categories["maths"]
    assert resource.authors == ("B. Writer", "C. Writer")
    assert (resource.effort_hours, resource.effort_basis) == (4.5, "45 pages")
    assert resource.units is not None and (resource.units.name, resource.units.count) == (
        "chapter", 5)
    assert resource.tags == ("maths", "probability")
    assert resource.prerequisites == ("linalg",) and resource.priority == 2
    assert resource.deadline == dt.date(2027, 3, 1) and resource.kind == "notes"
    assert window.panel.current_id == "probability-notes"
    assert window.model.index_of_id("probability-notes").isValid()
    qtmodeltester.check(window.model)
    assert window.undo_action.text() == "&Undo Add “Probability Notes”"
    window.undo_action.trigger()
    assert catalog_to_data(window.app.catalog) == before
    assert not window.model.index_of_id("probability-notes").isValid()
    window.redo_action.trigger()
    assert "probability-notes" in window.app.catalog.resources
    qtmodeltester.check(window.model)


@pytest.mark.parametrize(("fill", "field", "words"), [
    (lambda d: d.title.setText("   "), "Title", "title"),
    (lambda d: d.url.setText("javascript:alert(1)"), "Link", "javascript:alert(1)"),
    (lambda d: (d.units_name.setText("chapter"), d.units_count.setValue(0)), "Units",
     "units.count"),
])
def test_invalid_input_is_refused_naming_the_field(
        window, monkeypatch, fill, field, words) -> None:  # type: ignore[no-untyped-def]
    before = catalog_to_data(window.app.catalog)
    seen: list[QDialog] = []

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, ResourceDialog)
        fill(dialog)
        assert not dialog.ok_button.isEnabled()
        assert dialog.error_field == field
        assert dialog.error.text().startswith(field + ":")
        assert words in dialog.error.text()

    drive(monkeypatch, edit, seen)
    assert not window.editor.edit("calculus")
    assert catalog_to_data(window.app.catalog) == before
    assert not window.undo_action.isEnabled()


def test_a_refused_ok_keeps_the_dialog_and_what_was_typed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from planner.core.catalog.model import CatalogError

    def refuse(fields: object) -> object:  # what the whole catalog's check may refuse
        raise CatalogError("prerequisite cycle: linalg → calculus → linalg", (),
                           "prerequisites")

    dialog = ResourceDialog(window.app.catalog, refuse,  # type: ignore[arg-type]
                            window.app.catalog.resources["linalg"])
    qtbot.addWidget(dialog)
    dialog.title.setText("Linear Algebra, edited")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_field == "Prerequisites" and "cycle" in dialog.error.text()
    assert dialog.title.text() == "Linear Algebra, edited"  # nothing lost


def test_edit_a_resource_keeps_its_progress_and_undoes(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.app.apply(RecordUnits("linalg", 2))
    drive(monkeypatch, lambda d: d.title.setText("Linear Algebra"))  # type: ignore[attr-defined]
    window.panel.select("linalg")
    window.editor.edit_action.trigger()
    resource = window.app.catalog.resources["linalg"]
    assert resource.title == "Linear Algebra"
    assert resource.url == "https://example.org/linalg.pdf" and resource.units is not None
    assert window.app.progress("linalg").units_done == 2
    assert window.model.index_of_id("linalg").data() == "Linear Algebra"
    assert window.pane.resource_page.isVisible()
    window.undo_action.trigger()
    assert window.app.catalog.resources["linalg"].title == "Linear Algebra Notes"


def test_opening_and_saving_an_unchanged_resource_changes_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    drive(monkeypatch, lambda d: None)
    assert not window.editor.edit("numpy-100")
    assert not window.undo_action.isEnabled()


def test_categories_new_inside_or_at_the_top_and_rename(
        window, monkeypatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window.panel.select("maths")

    def inside(dialog: QDialog) -> None:
        assert isinstance(dialog, CategoryDialog)
        assert dialog.inside.isChecked() and "Maths" in dialog.inside.text()
        dialog.title.setText("Probability")

    drive(monkeypatch, inside)
    window.editor.new_category_action.trigger()
    assert window.app.catalog.categories["probability"].parent.id == "maths"  # type: ignore[union-attr]
    assert window.panel.current_id == "probability"

    def top(dialog: QDialog) -> None:
        assert isinstance(dialog, CategoryDialog)
        dialog.inside.setChecked(False)
        dialog.title.setText("Statistics")

    drive(monkeypatch, top)
    window.editor.new_category_action.trigger()
    assert window.app.catalog.categories["statistics"].parent is window.app.catalog.root

    def rename(dialog: QDialog) -> None:
        assert isinstance(dialog, CategoryDialog)
        dialog.title.clear()
        assert not dialog.ok_button.isEnabled() and "Title" in dialog.error.text()
        dialog.title.setText("Stats")

    drive(monkeypatch, rename)
    window.panel.select("statistics")
    window.editor.edit_action.trigger()
    assert window.app.catalog.categories["statistics"].title == "Stats"
    qtmodeltester.check(window.model)
    for _ in range(3):
        window.undo_action.trigger()
    assert "statistics" not in window.app.catalog.categories
    assert "probability" not in window.app.catalog.categories


def test_double_click_on_a_category_edits_it(window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    drive(monkeypatch, lambda d: d.title.setText("Mathematics"))  # type: ignore[attr-defined]
    view = window.panel.view
    index = window.model.index_of_id("maths")
    rect = view.visualRect(index)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.app.catalog.categories["maths"].title == "Mathematics"


class Answer:
    """Stands in for the delete question's ``exec``: notes its text and buttons, then clicks
    the button whose text is ``click`` (as the user would)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, click: str) -> None:
        self.click = click
        self.texts: list[str] = []
        self.buttons: list[list[str]] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.run(box))

    def run(self, box: QMessageBox) -> int:
        self.texts.append(box.text())
        names = sorted(b.text() for b in box.buttons())  # in the platform's order
        self.buttons.append(names)
        if self.click == "verb":  # the one that is not Cancel
            button = next(b for b in box.buttons() if b.text() != "Cancel")
        else:
            button = next(b for b in box.buttons() if b.text() == self.click)
        button.click()
        return 0


def test_delete_without_progress_does_not_ask(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answer = Answer(monkeypatch, "verb")
    window.panel.select("numpy-100")
    window.panel.view.setFocus()
    window.editor.delete_action.trigger()
    assert "numpy-100" not in window.app.catalog.resources
    assert not answer.texts  # not asked
    window.undo_action.trigger()
    assert "numpy-100" in window.app.catalog.resources


def test_delete_with_progress_asks_and_cancel_keeps_everything(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.app.apply(RecordUnits("linalg", 3))
    window.app.apply(SetDone("calculus"))
    before = catalog_to_data(window.app.catalog)
    answer = Answer(monkeypatch, "Cancel")
    assert not window.editor.delete("maths")
    assert "2 resources have recorded progress" in answer.texts[-1]
    assert catalog_to_data(window.app.catalog) == before

    answer.click = "Delete 2 resources"  # the verb on the button, not Yes
    assert window.editor.delete("maths")
    assert answer.buttons[-1] == ["Cancel", "Delete 2 resources"]
    assert "maths" not in window.app.catalog.categories
    assert not window.model.index_of_id("linalg").isValid()
    assert window.app.state.progress["linalg"].units_done == 3  # kept for undo
    window.undo_action.trigger()
    assert catalog_to_data(window.app.catalog) == before
    # Progress is back where it shows: the tree's check state and the detail pane.
    assert window.model.index_of_id("calculus").data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked.value)
    window.panel.select("linalg")
    assert window.pane.resource_page.units.value() == 3


def test_deleting_a_prerequisite_drops_it_and_the_plan_copes(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    Answer(monkeypatch, "Delete")
    window.plan_action.trigger()  # the weekly plan is open while the catalog changes
    window.app.apply(Pin("linalg", add_weeks(week_of(window.app.today()), 1)))
    assert window.editor.delete("linalg")
    assert window.app.catalog.resources["calculus"].prerequisites == ()
    window.undo_action.trigger()
    assert window.app.catalog.resources["calculus"].prerequisites == ("linalg",)


def test_delete_key_works_in_the_tree_only(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.panel.select("numpy-100")
    window.panel.search.setFocus()
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Delete)
    assert "numpy-100" in window.app.catalog.resources
    window.panel.view.setFocus()
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Delete)
    assert "numpy-100" not in window.app.catalog.resources


def test_drag_and_drop_moves_a_resource_and_undoes(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    data = model.mimeData([model.index_of_id("numpy-100")])
    assert data.hasFormat(NODE_MIME) and data.hasFormat(RESOURCE_MIME)
    maths = model.index_of_id("maths")
    move = Qt.DropAction.MoveAction
    assert model.canDropMimeData(data, move, 0, 0, maths)
    assert model.dropMimeData(data, move, 0, 0, maths)
    assert child_ids(window, "maths") == ["numpy-100", "linalg", "calculus"]
    assert child_ids(window, "python") == []
    assert window.undo_action.text().startswith("&Undo Move “100 NumPy exercises”")
    qtmodeltester.check(model)
    window.undo_action.trigger()
    assert child_ids(window, "python") == ["numpy-100"]
    # Reorder within a category: the row counts before the move, as Qt's drops do.
    data = model.mimeData([model.index_of_id("linalg")])
    assert model.dropMimeData(data, move, 2, 0, model.index_of_id("maths"))
    assert child_ids(window, "maths") == ["calculus", "linalg"]


def test_drag_and_drop_moves_categories_and_refuses_nonsense(window) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    move = Qt.DropAction.MoveAction
    python = model.mimeData([model.index_of_id("python")])
    assert not python.hasFormat(RESOURCE_MIME)  # a category does not go onto a week
    assert model.dropMimeData(python, move, 0, 0, QModelIndex())  # to the top, first
    assert [c.id for c in window.app.catalog.root.children] == ["python", "maths", "code"]
    window.undo_action.trigger()
    code = model.mimeData([model.index_of_id("code")])
    assert not model.canDropMimeData(code, move, -1, -1, model.index_of_id("python"))
    linalg = model.mimeData([model.index_of_id("linalg")])
    assert not model.canDropMimeData(linalg, move, 0, 0, QModelIndex())  # no loose resources
    assert not model.dropMimeData(linalg, move, 0, 0, QModelIndex())
    # Dropped back where it was: no change, nothing to undo.
    assert not model.dropMimeData(linalg, move, 0, 0, model.index_of_id("maths"))
    assert window.undo_action.text() == "&Undo"
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled


def test_drag_and_drop_under_a_filter_counts_the_rows_shown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    data = model.mimeData([model.index_of_id("numpy-100")])  # dragged, then the list narrows
    qtbot.keyClicks(window.panel.search, "calc")  # Maths shows Matrix Calculus only
    maths = model.index_of_id("maths")
    assert model.rowCount(maths) == 1
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, maths)  # above it
    assert child_ids(window, "maths") == ["linalg", "numpy-100", "calculus"]


def test_context_menu_of_a_category_offers_editing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    actions = window.panel.context_actions(window.model.index_of_id("code"), window.menuBar())
    texts = [a.text() for a in actions]
    assert texts[-4:] == ["New Resource…", "New Category…", "Rename…", "Delete"]
    drive(monkeypatch, lambda d: d.title.setText("Pandas Book"))  # type: ignore[attr-defined]
    actions[-4].trigger()  # New Resource… into “Code”
    assert window.app.catalog.resources["pandas-book"].parent.id == "code"  # type: ignore[union-attr]


def test_the_new_resource_dialog_names_its_category_as_written(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """'In “<i>Papers</i>”': a category title that looks like markup is not rendered."""
    from PySide6.QtWidgets import QLabel

    title = "<i>Papers</i> & <b>more</b>"
    dialog = ResourceDialog(window.app.catalog, lambda fields: window.app.catalog,
                            category_title=title)
    qtbot.addWidget(dialog)
    labels = [label for label in dialog.findChildren(QLabel)
              if label.text() == f"In “{title}”"]
    assert len(labels) == 1
    assert labels[0].textFormat() == Qt.TextFormat.PlainText


def test_the_delete_question_quotes_a_title_as_written(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A message box renders text that looks like markup: a quoted title stays as written."""
    from PySide6.QtGui import QTextDocument

    title = "<b>Linear</b> <img src='x.png'> Algebra"
    window.app.apply(RecordUnits("linalg", 3))  # progress: the question is asked
    window.app.apply(ReplaceCatalog(renamed(window, "linalg", title), "Rename"))
    answer = Answer(monkeypatch, "Cancel")
    assert not window.editor.delete("linalg")
    assert answer.buttons == [["Cancel", "Delete"]]  # one resource: the plain verb
    document = QTextDocument()
    document.setHtml(answer.texts[0])
    assert document.toPlainText().startswith(f"Delete “{title}”?")


def renamed(window, resource_id: str, title: str):  # type: ignore[no-untyped-def]
    """The window's catalog with one resource retitled."""
    from planner.core.catalog.model import catalog_from_data

    data = catalog_to_data(window.app.catalog)
    for category in data["categories"]:
        for resource in category.get("resources", []):
            if resource.get("id") == resource_id:
                resource["title"] = title
    return catalog_from_data(data)


def test_a_message_that_wraps_is_not_drawn_over_the_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A refused link's message takes two lines: the dialog grows to hold it below the
    notes box, rather than drawing it over the box. Seen in a real window (1366 px) on the
    bundled "Matrix Calculus" entry (its category's line above, two rows of prerequisites)."""
    from planner.paths import resources_dir
    from planner.store.catalog_file import load_bundled_catalog

    catalog = load_bundled_catalog(resources_dir() / "catalogs" / "ml-research.yaml")
    dialog = ResourceDialog(catalog, lambda fields: None,  # type: ignore[arg-type]
                            catalog.resources["matrix-calculus-for-ml"], "Theoretical")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.error.isHidden()
    dialog.url.setText("javascript:alert(1)")
    qtbot.wait(50)  # the layout's turn
    message = dialog.error.geometry()
    assert dialog.error.isVisible() and dialog.error.text().count(" ") > 10
    # as tall as its rows need at its width (the wrapped message, the two rows of
    # prerequisites, the category's line): nothing squeezed or drawn over another
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    assert message.height() >= dialog.error.heightForWidth(message.width())  # all its lines
    assert dialog.notes.parentWidget() is dialog  # both geometries in the dialog's frame
    assert dialog.notes.geometry().bottom() < message.top()
    assert message.bottom() < dialog.buttons.geometry().top()
