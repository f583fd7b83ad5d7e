"""Study sessions in the window: the running one in the status bar, and how it stops.

``SessionBar`` sits in the status bar while a session runs: the resource, the time since it
began (ticking each second), and Stop. Stopping asks how far the learner got, pre-filled
(units done, or for a resource measured in hours the session's length), and when it ended
(now, or a time they type: a session left running by a quit or a crash is finished that
way at the next start). Every change goes through the undo history as one core operation
(``core/operations/sessions.py``); the running session is read from the journal when it
changes, not at each tick.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.sessions import StartSession, StopSession
from planner.core.sessions.model import Session, sessions_of, whole_minutes
from planner.ui.bridge import bridge_for
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from planner.ui.session_dialog import StopDialog

LEFT_RUNNING_AFTER = dt.timedelta(hours=4)  # at start-up: a session this old was left running


def elapsed_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class SessionBar(QWidget):
    """The running session: '⏱ Linear Algebra Notes 0:25  [Stop…]'; hidden when none."""

    message = Signal(str)

    def __init__(self, app: AppState, history: UndoHistory, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.running: Session | None = None
        self.stop_dialog: StopDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName("Running study session")
        self.stop_button = QPushButton("Stop…")
        self.stop_button.setToolTip("Stop the session and say how far you got")
        self.stop_button.clicked.connect(lambda: self.ask_stop())
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._show)
        bridge_for(app).changed.connect(self._on_change)
        self._read()

    def _on_change(self, change: Update) -> None:
        if change.flags & Changed.JOURNAL:
            self._read()

    def _read(self) -> None:
        self.running = sessions_of(self.app.state.journal).running
        self.setVisible(self.running is not None)
        if self.running is None:
            self.timer.stop()
        else:
            self.timer.start()
        self._show()

    def _show(self) -> None:
        session = self.running
        if session is None:
            return
        resource = self.app.catalog.resources.get(session.resource)
        title = resource.title if resource else session.resource
        minutes = whole_minutes(session.start, self.app.recorder.now())
        self.label.setText(f"⏱ {title}  {elapsed_text(minutes)}")
        self.label.setToolTip(f"Studying since {session.start:%Y-%m-%d %H:%M}")

    def start(self, resource_id: str) -> bool:
        if self.history.push(StartSession(resource_id)):
            self.message.emit(f"Session started: {self.app.resource(resource_id).title}")
            return True
        return False

    def ask_stop(self, note: str = "") -> None:
        """The stop dialog for the running session (window-modal; applied on Stop)."""
        session = self.running
        if session is None:
            return
        from planner.ui.session_dialog import StopDialog  # dialogs load when first needed

        now = self.app.recorder.now()
        dialog = StopDialog(self.app, session, now, note, self.window())
        self.stop_dialog = dialog

        def stop() -> None:
            end = dialog.end(now.tzinfo)
            if self.history.push(StopSession(dialog.outcome(), at=end)):
                took = elapsed_text(whole_minutes(session.start, end))
                self.message.emit(f"Session stopped after {took} (Edit ▸ Undo takes it back)")

        dialog.accepted.connect(stop)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def offer_to_finish(self) -> bool:
        """At start-up: a session begun long ago was left running (a quit or a crash);
        ask to finish it. True when it asked."""
        session = self.running
        if session is None or self.app.recorder.now() - session.start < LEFT_RUNNING_AFTER:
            return False
        self.ask_stop(f"This session began {session.start:%Y-%m-%d %H:%M} and was still "
                      "running when Study Planner last closed. When did you stop?")
        return True

