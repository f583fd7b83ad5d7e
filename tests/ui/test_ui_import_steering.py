"""Import that you steer (issue 16): check and uncheck by category and by entry, change a
guessed kind or effort, choose a parent, bring entries in as Someday; the Merge box says
why it is greyed and the button names the verb and the count."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QStyleOptionViewItem

from planner.core.catalog.merge import preview_import
from planner.core.catalog.model import Catalog, Category
from planner.store.catalog_file import load_catalog
from planner.store.importers.files import load_import
from planner.store.importers.markdown import parse_markdown_list
from planner.ui.dialogs.import_dialog import (
    EFFORT,
    KIND,
    SOMEDAY_ABOVE,
    ImportDialog,
    category_choices,
)
from tests.ui.test_ui_import_export import REAL, choose_file, drive

SMALL = Path(__file__).resolve().parents[1] / "data" / "small-catalog.yaml"
LIST = """# Awesome
## Books
* [Book One](https://example.org/one.pdf)
* [Book Two](https://example.org/two.pdf)
## Repos
* [Repo](https://github.com/a/repo)
* [Linear Algebra Notes again](https://example.org/linalg.pdf) - by A. Author
"""


def dialog_on(qtbot, existing: Catalog, text: str = LIST) -> ImportDialog:  # type: ignore[no-untyped-def]
    imported = parse_markdown_list(text, "awesome.md")
    dialog = ImportDialog(
        preview_import(existing, imported), Path("awesome.md"),
        categories=category_choices(existing),
        repreview=lambda under: preview_import(existing, imported, under=under))
    qtbot.addWidget(dialog)
    return dialog


def entry(dialog: ImportDialog, source_id: str):  # type: ignore[no-untyped-def]
    return next(i for i in dialog.entry_items() if i.data(0, Qt.ItemDataRole.UserRole)
                == source_id)


def test_select_by_category_and_by_entry_and_the_button_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_on(qtbot, load_catalog(SMALL))
    assert dialog.import_button.text() == "Import 3 resources"
    books = dialog.added_tree.topLevelItem(0)
    assert books.text(0).startswith("Books")
    books.setCheckState(0, Qt.CheckState.Unchecked)  # the whole category
    assert dialog.leave_out == {"book-one", "book-two"}
    assert dialog.import_button.text() == "Import 1 resource"
    entry(dialog, "book-two").setCheckState(0, Qt.CheckState.Checked)  # one entry back
    assert books.checkState(0) == Qt.CheckState.PartiallyChecked
    assert dialog.leave_out == {"book-one"}
    assert dialog.import_button.text() == "Import 2 resources"
    entry(dialog, "book-two").setCheckState(0, Qt.CheckState.Unchecked)
    entry(dialog, "repo").setCheckState(0, Qt.CheckState.Unchecked)
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import"
    assert "every entry is unchecked" in dialog.import_button.toolTip()


def test_the_kind_and_effort_are_shown_and_edited_through_their_editors(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_on(qtbot, load_catalog(SMALL))
    repo = entry(dialog, "repo")
    assert (repo.text(KIND), repo.text(EFFORT)) == ("Website", "1 h")
    assert (entry(dialog, "book-one").text(KIND), entry(dialog, "book-one").text(EFFORT)) \
        == ("Book", "30 h")
    tree = dialog.added_tree
    index = tree.indexFromItem(repo, KIND)
    editor = dialog.kind_delegate.createEditor(tree.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox) and editor.findData("video") >= 0
    dialog.kind_delegate.setEditorData(editor, index)
    assert editor.currentData() == "website"
    editor.setCurrentIndex(editor.findData("video"))
    dialog.kind_delegate.setModelData(editor, tree.model(), index)
    assert dialog.kinds == {"repo": "video"}
    assert (repo.text(KIND), repo.text(EFFORT)) == ("Video", "1 h")  # video's default
    index = tree.indexFromItem(entry(dialog, "book-one"), EFFORT)
    spin = dialog.effort_delegate.createEditor(tree.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(spin, QDoubleSpinBox)
    spin.setValue(12.5)
    dialog.effort_delegate.setModelData(spin, tree.model(), index)
    assert dialog.efforts == {"book-one": 12.5}
    assert entry(dialog, "book-one").text(EFFORT) == "12.5 h"


def test_the_parent_picker_puts_the_categories_under_the_chosen_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_on(qtbot, load_catalog(SMALL))
    picker = dialog.parent_picker
    assert picker.isEnabled() and picker.itemText(0) == "The top level"
    assert picker.findText("Code / Python") > 0
    entry(dialog, "book-one").setCheckState(0, Qt.CheckState.Unchecked)
    picker.setCurrentIndex(picker.findData("code"))
    assert dialog.under == "code"
    assert dialog.added_tree.topLevelItem(0).text(0).startswith("Code / Books (new")
    assert dialog.leave_out == {"book-one"}  # the choices survive the new preview
    assert entry(dialog, "book-one").checkState(0) == Qt.CheckState.Unchecked


def test_the_merge_box_says_why_it_is_greyed(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_on(qtbot, load_catalog(SMALL))  # one duplicate, nothing new in it
    assert not dialog.merge_check.isEnabled()
    assert "bring no link, tag or author" in dialog.merge_check.toolTip()
    assert not dialog.merge_hint.isHidden() and dialog.merge_hint.text() \
        == dialog.merge_check.toolTip()
    fresh = dialog_on(qtbot, Catalog("Mine", Category("", "Mine")))
    assert not fresh.merge_check.isEnabled()
    assert "no entry of the list is already in your catalog" in fresh.merge_hint.text()
    assert not fresh.parent_picker.isEnabled()
    assert fresh.parent_picker.toolTip() == "Your catalog has no categories yet"


def test_someday_is_offered_and_on_by_default_for_a_long_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    short = dialog_on(qtbot, load_catalog(SMALL))
    assert not short.someday and "not planned" in short.someday_check.text()
    imported = load_import(REAL / "awesome-ml-books.md")
    long = ImportDialog(preview_import(load_catalog(SMALL), imported), Path("books.md"))
    qtbot.addWidget(long)
    assert len(long.preview.added) > SOMEDAY_ABOVE and long.someday


def test_the_window_imports_what_was_steered(window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    listed = tmp_path / "awesome.md"
    listed.write_text(LIST, encoding="utf-8")

    def steer(dialog: ImportDialog) -> None:
        entry(dialog, "book-two").setCheckState(0, Qt.CheckState.Unchecked)
        picker = dialog.parent_picker
        picker.setCurrentIndex(picker.findData("maths"))
        dialog.someday_check.setChecked(True)
        assert dialog.import_button.text() == "Import 2 resources"
        dialog.import_button.click()

    drive(monkeypatch, steer, [])
    choose_file(monkeypatch, listed)
    window.files.import_action.trigger()
    catalog = window.app.catalog
    assert "book-two" not in catalog.resources
    assert catalog.resources["book-one"].parent is catalog.categories["books"]
    assert catalog.categories["books"].parent is catalog.categories["maths"]
    assert {"book-one", "repo"} <= catalog.someday
    assert "as Someday" in window.statusBar().currentMessage()
