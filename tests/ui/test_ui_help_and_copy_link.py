"""Copy Link (the tree's menu and the detail pane), Help ▸ About, Help ▸ Keyboard Shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut

from planner import __version__


def clipboard_text() -> str:
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    return clipboard.text()


def test_copy_link_in_the_tree_menu_puts_the_link_on_the_clipboard(window) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText("something else")  # type: ignore[union-attr]
    actions = window.panel.context_actions(window.model.index_of_id("linalg"), window.menuBar())
    texts = [a.text() for a in actions]
    assert texts[:2] == ["Open Link", "Copy Link"]
    actions[1].trigger()
    assert clipboard_text() == "https://example.org/linalg.pdf"
    assert window.statusBar().currentMessage() == "Copied https://example.org/linalg.pdf"


def test_copy_link_in_the_detail_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText("something else")  # type: ignore[union-attr]
    window.panel.select("calculus")
    page = window.pane.resource_page
    assert page.copy_button.isEnabled() and page.copy_button.text() == "Copy Link"
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard_text() == "https://example.org/calc"


def test_about_shows_version_licence_website_credit_and_the_data_file(window) -> None:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    box = window.about_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert __version__ in text and str(window.store.path) in text
    assert "MIT licence" in text and "Website: none yet" in text
    assert "A Practical Guide to ML Research" in text and "thanks to its author" in text
    box.close()


def test_the_shortcuts_list_names_every_shortcut_of_the_window(window) -> None:  # type: ignore[no-untyped-def]
    window.plan_action.trigger()  # the Weekly Plan's keys exist once it is built
    assert window.plan is not None
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    shown = {(name, keys) for _where, name, keys in rows}
    native = QKeySequence.SequenceFormat.NativeText
    expected = set()
    for action in window.findChildren(QAction):
        keys = ", ".join(k.toString(native) for k in action.shortcuts())
        if keys:
            expected.add((action.text().replace("&", "").removesuffix("…"), keys))
    for shortcut in window.findChildren(QShortcut):
        expected.add((shortcut.whatsThis(), shortcut.key().toString(native)))
    assert len(expected) > 15  # the window has many; none is forgotten
    assert expected <= shown, expected - shown
    # Some by name, as a reader would look for them.
    assert ["Edit", "New Resource", "Ctrl+N"] in rows
    assert ["Weekly Plan", "Next week", "Alt+Right"] in rows
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(native)
    assert any(name == "Undo" and undo in keys.split(", ") for name, keys in shown)
    dialog.close()
