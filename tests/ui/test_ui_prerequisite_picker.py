"""The resource dialog's prerequisites, picked by title; its category picker and labels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from planner.ui.catalog.editing import CatalogEditor
from planner.ui.dialogs.resource_dialog import ResourceDialog


def dialog_for(window, qtbot, resource_id: str | None = None) -> ResourceDialog:  # type: ignore[no-untyped-def]
    catalog = window.app.catalog
    resource = catalog.resources[resource_id] if resource_id else None
    dialog = ResourceDialog(catalog, lambda fields: catalog, resource)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_completer_offers_titles_folded_and_picks_by_title(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(window, qtbot)
    picker = dialog.prerequisites
    qtbot.keyClicks(picker.line, "LINEAR alg")
    assert picker.model.stringList() == ["Linear Algebra Notes"]
    popup = picker.completer.popup()
    assert popup is not None and popup.isVisible()
    popup.setCurrentIndex(picker.completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.ids() == ["linalg"]
    assert picker.line.text() == ""  # ready for the next one
    assert [chip.text() for chip in picker.chip_buttons()] == ["Linear Algebra Notes  ×"]
    assert dialog.fields()["prerequisites"] == ["linalg"]
    assert dialog.isVisible()  # Enter picked; it did not press OK


def test_enter_in_the_field_adds_the_title_typed_and_keeps_the_dialog_open(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(window, qtbot)
    dialog.title.setText("Something")
    picker = dialog.prerequisites
    picker.line.setText("matrix calculus")
    qtbot.keyClick(picker.line, Qt.Key.Key_Return)
    assert picker.ids() == ["calculus"] and dialog.isVisible()
    picker.line.setText("nothing like it")
    qtbot.keyClick(picker.line, Qt.Key.Key_Return)
    assert picker.ids() == ["calculus"] and dialog.isVisible()
    assert picker.message.isVisibleTo(dialog)
    assert picker.message.text() == "No resource has a title like “nothing like it”"
    assert picker.line.text() == "nothing like it"  # nothing typed is lost


def test_a_cycle_is_refused_as_it_is_picked_and_named_in_titles(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(window, qtbot, "linalg")  # Matrix Calculus needs Linear Algebra Notes
    picker = dialog.prerequisites
    picker.line.setText("Matrix Calculus")
    assert not picker.add_typed(picker.line.text())
    assert picker.ids() == []
    assert picker.message.text() == (
        "Not added, it would close a cycle: "
        "Linear Algebra Notes → Matrix Calculus → Linear Algebra Notes")
    assert picker.message.isVisibleTo(dialog)
    assert picker.line.text() == "Matrix Calculus"  # left as typed
    # Nor can it be its own prerequisite; and the completer does not offer it.
    assert not picker.add_typed("Linear Algebra Notes")
    assert "cannot be its own prerequisite" in picker.message.text()
    picker.line.clear()
    qtbot.keyClicks(picker.line, "linear")
    assert picker.model.stringList() == []


def test_chips_remove_their_prerequisite(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(window, qtbot, "numpy-100")
    picker = dialog.prerequisites
    assert picker.add_typed("Linear Algebra Notes") and picker.add_typed("matrix calc")
    assert picker.ids() == ["linalg", "calculus"]
    chips = picker.chip_buttons()
    assert [c.toolTip() for c in chips] == [
        "Remove “Linear Algebra Notes” from the prerequisites",
        "Remove “Matrix Calculus” from the prerequisites"]
    qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    assert picker.ids() == ["calculus"]
    assert dialog.fields()["prerequisites"] == ["calculus"]
    assert [c.text() for c in picker.chip_buttons()] == ["Matrix Calculus  ×"]


def test_an_edited_resource_shows_its_prerequisites_as_chips_and_saves_them(
        window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ResourceDialog) -> None:
        assert dialog.prerequisites.ids() == ["linalg"]
        assert [c.text() for c in dialog.prerequisites.chip_buttons()] == [
            "Linear Algebra Notes  ×"]
        dialog.prerequisites.remove("linalg")
        dialog.prerequisites.line.setText("100 numpy")  # typed, not yet picked: OK adds it

    drive(monkeypatch, fill)
    assert window.editor.edit("calculus")
    assert window.app.catalog.resources["calculus"].prerequisites == ("numpy-100",)


def test_ok_waits_while_the_field_holds_text_that_picks_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ResourceDialog) -> None:
        dialog.prerequisites.line.setText("no such book")

    drive(monkeypatch, fill)
    assert not window.editor.edit("calculus")
    assert window.app.catalog.resources["calculus"].prerequisites == ("linalg",)


def test_new_resource_picks_its_category_starting_at_the_selected_one(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[ResourceDialog] = []

    def fill(dialog: ResourceDialog) -> None:
        seen.append(dialog)
        assert dialog.category is not None
        names = [dialog.category.itemText(i) for i in range(dialog.category.count())]
        assert names == ["Maths", "Code", "Code ▸ Python"]
        assert dialog.category.currentText() == "Maths"  # calculus is selected: its category
        dialog.category.setCurrentIndex(2)
        dialog.title.setText("Python Notes")

    window.panel.select("calculus")
    drive(monkeypatch, fill)
    window.editor.new_resource_action.trigger()
    assert seen
    new = window.app.catalog.resources["python-notes"]
    assert new.parent is not None and new.parent.title == "Python"


def test_kind_and_priority_read_as_in_the_detail_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(window, qtbot, "calculus")
    window.panel.select("calculus")
    page = window.pane.resource_page
    assert dialog.kind.currentText() == page.kind.text() == "Article"
    assert dialog.priority.currentText() == page.priority.currentText() == "3 — normal"
    assert "Video series" in [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    dialog.kind.setCurrentText("Video series")
    assert dialog.fields()["kind"] == "video-series"
    dialog.kind.setCurrentText("podcast")  # a kind of one's own, as typed
    assert dialog.fields()["kind"] == "podcast"


def drive(monkeypatch: pytest.MonkeyPatch, fill: Callable[[ResourceDialog], None]) -> None:
    """Stand in for ``exec``: fill the dialog, then click OK as the user would."""

    def run(self: CatalogEditor, dialog: QDialog) -> bool:
        assert isinstance(dialog, ResourceDialog)
        fill(dialog)
        if dialog.ok_button.isEnabled():
            dialog.ok_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(CatalogEditor, "run_dialog", run)

