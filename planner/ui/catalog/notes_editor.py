"""The notes box: typing is committed as one change when the user pauses or leaves the box.

Commits within one visit of the box (focus in … focus out) carry the same ``session``
number, so the undo stack can merge them into a single "Edit notes" step.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

IDLE_MS = 1200


class NotesEditor(QPlainTextEdit):
    committed = Signal(str, str, int)  # resource id, the new text, editing session

    def __init__(self, parent: QWidget | None = None, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Your notes on this resource…")
        self._resource_id = ""
        self._committed = ""
        self._session = 0
        self._loading = False
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._idle.timeout.connect(self.commit)
        self.textChanged.connect(self._on_text_changed)

    @property
    def dirty(self) -> bool:
        return self.toPlainText() != self._committed

    def load(self, resource_id: str, text: str) -> None:
        """Show another resource's notes (what was typed for the previous one is kept)."""
        if resource_id != self._resource_id:
            self.commit()
            self._resource_id = resource_id
            self._session += 1
            self._set_text(text)
        elif not self.dirty:
            self._set_text(text)  # changed elsewhere (undo, redo)

    def commit(self) -> None:
        self._idle.stop()
        if self._resource_id and self.dirty:
            self._committed = self.toPlainText()
            self.committed.emit(self._resource_id, self._committed, self._session)

    def _set_text(self, text: str) -> None:
        self._committed = text
        if self.toPlainText() != text:
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False

    def _on_text_changed(self) -> None:
        if not self._loading:
            self._idle.start()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._session += 1
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)
