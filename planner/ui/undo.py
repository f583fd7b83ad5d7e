"""Undo and redo: every change the window makes is an ``OperationCommand`` on one
``QUndoStack``.

A command wraps a core ``Operation``. ``UndoHistory.push`` applies it through
``AppState.apply`` first, where the core checks it (and the data file's validator may refuse
it, say an import the file could not hold), and only an accepted change becomes a command.
Undo and redo return to the states the core recorded before and after (``Applied``), so they
are exact, refuse nothing, and the views refresh from the same notifications either way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from planner.core.errors import UserError
from planner.core.journal.state import Applied, AppState, Operation

MERGEABLE_ID = 1


class OperationCommand(QUndoCommand):
    def __init__(self, app: AppState, applied: Applied, merge_key: Hashable | None = None
                 ) -> None:
        """``applied``: the operation as the core carried it out (``UndoHistory.push``);
        the stack's first redo, when it is pushed, then does nothing."""
        super().__init__(applied.label)
        self._app = app
        self.applied = applied
        self._first = True
        self.merge_key = merge_key

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._app.redo(self.applied)

    def undo(self) -> None:
        self._app.undo(self.applied)

    def id(self) -> int:
        return MERGEABLE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Successive edits with the same key (one notes-editing session) undo as one."""
        if not isinstance(other, OperationCommand) or other.merge_key != self.merge_key:
            return False
        self.applied = self.applied.then(other.applied)
        return True


class UndoHistory(QObject):
    """The window's one way to change anything: build a change, push it as a command."""

    refused = Signal(str)  # a change the core's rules refused, worded for the user
    noted = Signal(str)  # a word on a change made ("its prerequisite … is not done")

    def __init__(self, app: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(1000)
        self.read_only = ""  # why every change is refused (the data file is read-only)
        self.last_refusal = ""

    def push(self, build: Operation | Callable[[], Operation],
             merge_key: Hashable | None = None) -> bool:
        """Apply the operation (the core checks it), then keep it as an undoable command;
        a refusal is said (``refused``, ``last_refusal``) and changes nothing."""
        if self.read_only:
            self.last_refusal = self.read_only
            self.refused.emit(self.read_only)
            return False
        try:
            operation = build if isinstance(build, Operation) else build()
            applied = self.app.apply(operation)
        # the app's own refusals (ProgressError, ChangeRefusedError, …), said to the user; a
        # bug goes on up to the error dialog (planner.entry.window_errors)
        except UserError as exc:
            self.last_refusal = str(exc)
            self.refused.emit(self.last_refusal)
            return False
        self.stack.push(OperationCommand(self.app, applied, merge_key))
        if applied.note:
            self.noted.emit(applied.note)
        return True


class StackAction(QAction):
    """An Undo or Redo menu entry whose text names the command ("Undo Check off …")."""

    def __init__(self, prefix: str, parent: QObject) -> None:
        super().__init__(prefix, parent)
        self.prefix = prefix
        self.setEnabled(False)

    def show_command(self, text: str) -> None:
        self.setText(f"{self.prefix} {text}" if text else self.prefix)
