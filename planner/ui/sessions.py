"""Study sessions in the window: the running one in the status bar, and how it stops.

``SessionBar`` sits in the status bar while a session runs: the resource, the time since it
began (ticking each second), and Stop. Stopping asks how far the learner got, pre-filled
(units done, or for a resource measured in hours the session's length), and when it ended
(now, or a time they type: a session left running by a quit or a crash is finished that
way at the next start). Every change goes through the undo history as one core operation
(``core/operations/sessions.py``); the running session is read from the journal when it
changes, not at each tick. Time away (no input for ``IDLE_AFTER``, or the clock jumping
while the machine slept) is asked about when the learner is back: kept, or left out (the
session ends where the away time began and a new one goes on).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.sessions import StartSession, StopSession
from planner.core.sessions.model import Session, sessions_of, whole_minutes
from planner.ui.bridge import bridge_for
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.session_dialog import StopDialog

LEFT_RUNNING_AFTER = dt.timedelta(hours=4)  # at start-up: a session this old was left running
IDLE_AFTER = dt.timedelta(minutes=10)  # no input this long in a running session: away
CLOCK_JUMP = dt.timedelta(minutes=2)  # a tick this late: the machine slept or the clock moved
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                          QEvent.Type.MouseMove, QEvent.Type.Wheel})


def elapsed_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class SessionBar(QWidget):
    """The running session: "Studying Linear Algebra Notes  0:25  [Stop…]"; hidden when none."""

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
        self.timer.timeout.connect(self._tick)
        # away time: no input for IDLE_AFTER, or the clock jumping (sleep, suspend)
        self.last_input = self.last_tick = app.recorder.now()
        self.away_since: dt.datetime | None = None
        self.away_question: QMessageBox | None = None
        self._watching = False
        bridge_for(app).changed.connect(self._on_change)
        self._read()

    def _on_change(self, change: Update) -> None:
        if change.flags & Changed.JOURNAL:
            self._read()

    def _read(self) -> None:
        self.running = sessions_of(self.app.state.journal).running
        self.setVisible(self.running is not None)
        self._watch_input(self.running is not None)
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
        self.label.setText(f"Studying {title}  {elapsed_text(minutes)}")
        self.label.setToolTip(f"Studying since {session.start:%Y-%m-%d %H:%M}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.input_seen()
        return False

    def _watch_input(self, on: bool) -> None:
        """Watch the application's input only while a session runs (every event of the
        application passes through the filter)."""
        qapp = QApplication.instance()
        if on == self._watching or qapp is None:
            return
        if on:
            self.last_input = self.last_tick = self.app.recorder.now()
            qapp.installEventFilter(self)
        else:
            qapp.removeEventFilter(self)
        self._watching = on

    def _tick(self) -> None:
        now = self.app.recorder.now()
        if self.running is not None and self.away_since is None:
            if now - self.last_tick > CLOCK_JUMP:  # the machine slept, or the clock moved
                self.away_since = max(self.last_tick, self.running.start)
            elif now - self.last_input >= IDLE_AFTER:
                self.away_since = max(self.last_input, self.running.start)
        self.last_tick = now
        self._show()

    def input_seen(self) -> None:
        """Input again: after away time in a running session, ask about it."""
        self.last_input = self.app.recorder.now()
        away = self.away_since
        if away is None or self.running is None or self.away_question is not None:
            return
        self.ask_about_away(away)

    def ask_about_away(self, away: dt.datetime) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs load when first needed

        now = self.app.recorder.now()
        minutes = whole_minutes(away, now)
        box = QMessageBox(QMessageBox.Icon.Question, "Away from your session",
                          f"You were away from {away:%H:%M} ({elapsed_text(minutes)}). Keep "
                          "that time in the session, or leave it out?", parent=self.window())
        keep = box.addButton("&Keep it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Leave it out", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        self.away_question = box

        def answered() -> None:
            self.away_question = None
            self.away_since = None
            if box.clickedButton() is not keep:
                self.leave_out(away)

        box.finished.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()

    def leave_out(self, away: dt.datetime) -> None:
        """The session ends where the away time began, and a new one goes on from now (two
        undoable steps: the stop, then the start)."""
        session = self.running
        if session is None:
            return
        if self.history.push(StopSession(at=away)):
            self.history.push(StartSession(session.resource))
            self.message.emit(f"Left out the time away since {away:%H:%M}")

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

