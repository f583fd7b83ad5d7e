"""How a study session stops: how far it got, and when it ended (``SessionBar``'s dialog,
loaded when first needed: the window starts without its widgets)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from planner.core.journal.state import AppState
from planner.core.operations.sessions import Outcome
from planner.core.sessions.model import Session, whole_minutes


def qt_time(moment: dt.datetime) -> QDateTime:
    """The wall-clock time of ``moment`` (in its own UTC offset), to the minute."""
    return QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)


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
