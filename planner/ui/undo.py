"""Undo and redo: every change the window makes is a ``ChangeCommand`` on one ``QUndoStack``.

A command wraps a core ``Change``. ``UndoHistory.push`` applies it through ``AppState.apply``
first, where the core checks it (and the data file's validator may refuse it, say an import
the file could not hold), and only an accepted change becomes a command. Redo re-applies it,
undo applies the inverse the core returned; both return to states accepted before, so they
refuse nothing (``check=False``). The core does the work, so undo is exact and the views
refresh from the same change notifications either way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from planner.core.errors import UserError
from planner.core.journal.state import AppState, Change

MERGEABLE_ID = 1


class ChangeCommand(QUndoCommand):
    def __init__(self, app: AppState, change: Change, merge_key: Hashable | None = None,
                 inverse: Change | None = None) -> None:
        """``inverse``: the change was applied already (``UndoHistory.push``); the stack's
        first redo, when it is pushed, then does nothing."""
        super().__init__(change.label)
        self._app = app
        self._change = change
        self._inverse = inverse
        self._applied = inverse is not None
        self.merge_key = merge_key

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._inverse = self._app.apply(self._change, check=False)

    def undo(self) -> None:
        assert self._inverse is not None, "undo before redo"
        self._app.apply(self._inverse, check=False)

    def id(self) -> int:
        return MERGEABLE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Successive edits with the same key (one notes-editing session) undo as one."""
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        # ``other`` has been applied already; undoing this command must still restore the
        # state before the first edit, which is the inverse we kept.
        self._change = other._change
        return True


class UndoHistory(QObject):
    """The window's one way to change anything: build a change, push it as a command."""

    refused = Signal(str)  # a change the core's rules refused, worded for the user

    def __init__(self, app: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(1000)
        self.read_only = ""  # why every change is refused (the data file is read-only)
        self.last_refusal = ""

    def push(self, build: Callable[[], Change], merge_key: Hashable | None = None) -> bool:
        """Build the change and apply it (the core checks both), then keep it as an undoable
        command; a refusal is said (``refused``, ``last_refusal``) and changes nothing."""
        if self.read_only:
            self.last_refusal = self.read_only
            self.refused.emit(self.read_only)
            return False
        try:
            change = build()
            inverse = self.app.apply(change)
        # the app's own refusals (ProgressError, ChangeRefusedError, …), said to the user; a
        # bug goes on up to the error dialog (planner.entry.window_errors)
        except UserError as exc:
            self.last_refusal = str(exc)
            self.refused.emit(self.last_refusal)
            return False
        self.stack.push(ChangeCommand(self.app, change, merge_key, inverse))
        return True


class StackAction(QAction):
    """An Undo or Redo menu entry whose text names the command ("Undo Check off …")."""

    def __init__(self, prefix: str, parent: QObject) -> None:
        super().__init__(prefix, parent)
        self.prefix = prefix
        self.setEnabled(False)

    def show_command(self, text: str) -> None:
        self.setText(f"{self.prefix} {text}" if text else self.prefix)
