"""Help ▸ Keyboard Shortcuts and Help ▸ About.

The shortcuts are read from the window's actions when the list is opened, never written
down twice, so the list cannot go stale when an action or its keys change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.ui.icons import app_icon


def action_name(action: QAction) -> str:
    """'&Log Time…' → 'Log Time' (the mnemonic's & and the dialog's … off)."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...").strip()


def keys_text(action: QAction) -> str:
    """Every shortcut of the action, as the platform writes them: 'Ctrl+Z, Alt+Backspace'."""
    return ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText)
                     for key in action.shortcuts() if not key.isEmpty())


def _menu_actions(menu: QMenu, path: str) -> list[tuple[str, QAction]]:
    found: list[tuple[str, QAction]] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.extend(_menu_actions(sub, f"{path} ▸ {action_name(action)}"))
        elif not action.isSeparator():
            found.append((path, action))
    return found


def window_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, action, keys) for every action of the window that has a shortcut: those of
    the menus under their menu's name, in menu order, then the others (a panel's own keys)."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for path, action in _menu_actions(menu, action_name(top)):
            seen.add(id(action))
            if keys_text(action):
                rows.append((path, action_name(action), keys_text(action)))
    for action in window.findChildren(QAction):
        if id(action) in seen or not keys_text(action) or not action_name(action):
            continue
        seen.add(id(action))
        rows.append((_place(action.parent()), action_name(action), keys_text(action)))
    # Keys that are not actions (the Weekly Plan's weeks), named by their What's This.
    for shortcut in window.findChildren(QShortcut):
        key = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            rows.append((_place(shortcut.parent()), shortcut.whatsThis() or "(unnamed)", key))
    return rows


def _place(owner: object) -> str:
    """Where a key works: the title of the dock or window around its widget."""
    widget = owner if isinstance(owner, QWidget) else None
    while widget is not None and not isinstance(widget, (QDockWidget, QMainWindow)):
        widget = widget.parentWidget()
    if isinstance(widget, QDockWidget):
        return widget.windowTitle()
    return "Window"


class ShortcutsDialog(QDialog):
    """A table of the window's shortcuts: where the action lives, what it does, its keys."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setMinimumSize(520, 560)
        rows = window_shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        """The table as shown: [menu, action, shortcut] per row."""
        return [[item.text() if (item := self.table.item(r, c)) is not None else ""
                 for c in range(3)] for r in range(self.table.rowCount())]


def about_box(parent: QWidget, title: str, text: str) -> QMessageBox:
    """The About box (not the static ``QMessageBox.about``: it is opened, not run, so the
    window goes on and a test can read it)."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
