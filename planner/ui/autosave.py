"""Saving without being asked: shortly after each change, again after a failure, and on quit.

The state file's save is small and atomic (docs/architecture.md §3.4), so it runs in the GUI thread.
A failed save leaves the previous file as it was and the changes in memory, marked unsaved
(the status bar says why, the title keeps its "*"); it is retried on a timer and on the next
change. Only a change (``AppState.revision``) leads to a save: moving or resizing the window,
selecting or opening categories change no data (the window state is local state,
``planner.store.local_state``), so they never rewrite the data file or rotate its backups.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, QTimer, Signal

from planner.core.journal.state import AppState, Update
from planner.store.state_file import StateFile, StateFileError

DEBOUNCE_MS = 1500
RETRY_MS = 10_000


class Autosaver(QObject):
    status_changed = Signal(str)  # "Saved", "Unsaved changes" or the save error
    save_failed = Signal(str)
    dirty_changed = Signal(bool)  # whether there are changes that are not in the file

    def __init__(self, app: AppState, store: StateFile, parent: QObject | None = None, *,
                 debounce_ms: int = DEBOUNCE_MS, retry_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self._app = app
        self._store = store
        self._saved_revision = app.revision
        self.error = ""
        self.saved_at: float | None = None
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self.save_now)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.save_now)
        app.subscribe(self._on_change)

    def detach(self) -> None:
        self._debounce.stop()
        self._retry.stop()
        with contextlib.suppress(ValueError):
            self._app.unsubscribe(self._on_change)

    @property
    def dirty(self) -> bool:
        """Changes in memory that are not in the file yet."""
        return self._app.revision != self._saved_revision

    @property
    def retrying(self) -> bool:
        return self._retry.isActive()

    def _on_change(self, change: Update) -> None:
        if not self.error:
            self.status_changed.emit("Unsaved changes")
        self.dirty_changed.emit(True)
        self._debounce.start()

    def save_now(self, force: bool = False) -> bool:
        """Save if anything changed (or ``force``: the data file is missing and is to be
        put back); True when on disk."""
        self._debounce.stop()
        if not force and not self.dirty:
            return True
        revision = self._app.revision
        try:
            self._store.save(self._app.state)
        except StateFileError as exc:
            self.error = str(exc)
            self._retry.start()
            message = f"Not saved: {self.error} — your changes are kept; retrying"
            self.status_changed.emit(message)
            self.save_failed.emit(self.error)
            return False
        self._retry.stop()
        self.error = ""
        self._saved_revision = revision
        self.saved_at = time.time()
        self.status_changed.emit("Saved")
        self.dirty_changed.emit(self.dirty)
        return True
