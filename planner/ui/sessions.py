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

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.sessions import Outcome, StartSession, StopSession
from planner.core.sessions.model import Session, sessions_of, whole_minutes
from planner.ui.bridge import bridge_for
from planner.ui.undo import UndoHistory

LEFT_RUNNING_AFTER = dt.timedelta(hours=4)  # at start-up: a session this old was left running


def qt_time(moment: dt.datetime) -> QDateTime:
    """The wall-clock time of ``moment`` (in its own UTC offset), to the minute."""
    return QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)


def elapsed_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class StopDialog(QDialog):
    """How far the session got, and when it ended."""

    def __init__(self, app: AppState, session: Session, now: dt.datetime, note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        resource = app.resource(session.resource)
        progress = app.progress(resource.id)
        self.resource = resource
        self.setWindowTitle(f"Stop the session — {resource.title}")
        form = QFormLayout(self)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            form.addRow(label)
        self.ended = QDateTimeEdit(qt_time(now))
        self.ended.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.ended.setMinimumDateTime(qt_time(session.start))
        self.ended.setMaximumDateTime(qt_time(now))
        self.ended.setToolTip("When you stopped studying")
        form.addRow("Ended", self.ended)
        self.units: QSpinBox | None = None
        self.hours: QDoubleSpinBox | None = None
        if resource.units is not None:
            self.units = QSpinBox()
            self.units.setRange(0, resource.units.count)
            self.units.setValue(min(progress.units_done, resource.units.count))
            self.units.setSuffix(f" of {resource.units.count} {resource.units.plural()}")
            self.units.setAccessibleName(f"{resource.units.plural()} done after the session")
            form.addRow("Done now", self.units)
        else:
            self.hours = QDoubleSpinBox()
            self.hours.setRange(0.0, 24.0)
            self.hours.setDecimals(2)
            self.hours.setSingleStep(0.25)
            self.hours.setSuffix(" h")
            self.hours.setValue(round(whole_minutes(session.start, now) / 60, 2))
            self.hours.setToolTip("Hours of this resource to log (the session's length)")
            form.addRow("Log", self.hours)
        self.all_done = QCheckBox("Finished: the whole resource is done")
        form.addRow(self.all_done)
        buttons = QDialogButtonBox()
        self.stop_button = buttons.addButton("&Stop session",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.stop_button.setDefault(True)
        buttons.addButton("&Keep going", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def outcome(self) -> Outcome:
        if self.all_done.isChecked():
            return Outcome(done=True)
        if self.units is not None:
            return Outcome(units=self.units.value())
        assert self.hours is not None
        return Outcome(hours=self.hours.value()) if self.hours.value() > 0 else Outcome()

    def end(self, zone: dt.tzinfo | None) -> dt.datetime:
        """The end as chosen, in ``zone`` (the offset of now)."""
        chosen = self.ended.dateTime()
        day, time = chosen.date(), chosen.time()
        return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                           tzinfo=zone)


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

