"""How a study session stops: how far it got, and when it ended (``SessionBar``'s dialog,
loaded when first needed: the window starts without its widgets).

When it ended: now, or a time the learner types; for a session left running by a quit or a
crash, also at the last activity the window saw (kept on this machine while the session
ran), each a choice of its own."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.journal.state import AppState
from planner.core.operations.sessions import Outcome
from planner.core.sessions.model import Session
from planner.ui.formatting import elapsed_text


def qt_time(moment: dt.datetime) -> QDateTime:
    """The wall-clock time of ``moment`` (in its own UTC offset), to the minute."""
    return QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)


class StopDialog(QDialog):
    """How far the session got, and when it ended."""

    def __init__(self, app: AppState, session: Session, now: dt.datetime, note: str = "",
                 parent: QWidget | None = None, *, last_seen: dt.datetime | None = None
                 ) -> None:
        """``last_seen``: the last activity seen in a session left running (offered as
        when it ended)."""
        super().__init__(parent)
        resource = app.resource(session.resource)
        progress = app.progress(resource.id)
        self.resource = resource
        self.session = session
        self.now = now
        self.setWindowTitle(f"Stop the session — {resource.title}")
        form = QFormLayout(self)
        # In the dialog too, not only in its title (which a desktop may not show)
        self.heading = QLabel(f"How far did you get in “{resource.title}”? "
                              f"The session has run {elapsed_text(session.split(now)[0])}.")
        self.heading.setWordWrap(True)
        form.addRow(self.heading)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            form.addRow(label)
        self.ended = QDateTimeEdit(qt_time(now))
        self.ended.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.ended.setMinimumDateTime(qt_time(session.start))
        self.ended.setMaximumDateTime(qt_time(now))
        self.ended.setToolTip("When you stopped studying")
        self.last_seen = (last_seen if last_seen is not None
                          and session.start <= last_seen <= now else None)
        self.at_now: QRadioButton | None = None
        self.at_last_seen: QRadioButton | None = None
        self.at_time: QRadioButton | None = None
        if note:  # a session left running: now, at the last activity seen, or a time typed
            self.at_now = QRadioButton(f"&Now ({now:%Y-%m-%d %H:%M})")
            self.at_time = QRadioButton("At &this time:")
            choices = QButtonGroup(self)
            column = QVBoxLayout()
            for button in (self.at_now, self.at_time):
                choices.addButton(button)
            column.addWidget(self.at_now)
            if self.last_seen is not None:
                self.at_last_seen = QRadioButton(
                    f"At the &last activity seen ({self.last_seen:%Y-%m-%d %H:%M})")
                self.at_last_seen.setToolTip("The last key press or click the window saw "
                                             "while the session ran")
                choices.addButton(self.at_last_seen)
                column.addWidget(self.at_last_seen)
            column.addWidget(self.at_time)
            column.addWidget(self.ended)
            (self.at_last_seen or self.at_now).setChecked(True)
            self._chosen()
            choices.buttonToggled.connect(self._toggled)
            self.ended.dateTimeChanged.connect(self._typed)
            form.addRow("Ended", column)
        else:
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
            self.hours.setValue(round(session.split(now)[0] / 60, 2))
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

    def _toggled(self, _button: QRadioButton, on: bool) -> None:
        if on:
            self._chosen()

    def _chosen(self) -> None:
        """A choice of when it ended shows its time in the editor."""
        moment = self.now
        if self.at_last_seen is not None and self.at_last_seen.isChecked():
            assert self.last_seen is not None
            moment = self.last_seen
        if self.at_time is None or not self.at_time.isChecked():
            self.ended.blockSignals(True)
            self.ended.setDateTime(qt_time(moment))
            self.ended.blockSignals(False)

    def _typed(self) -> None:
        if self.at_time is not None:
            self.at_time.setChecked(True)

    def end(self, zone: dt.tzinfo | None) -> dt.datetime:
        """The end as chosen, in ``zone`` (the offset of now): now or the last activity
        seen to the second, a typed time to the minute (never before the start)."""
        if self.at_now is not None and self.at_now.isChecked():
            return self.now
        if self.at_last_seen is not None and self.at_last_seen.isChecked():
            assert self.last_seen is not None
            return self.last_seen
        chosen = self.ended.dateTime()
        day, time = chosen.date(), chosen.time()
        typed = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                            tzinfo=zone)
        if self.at_time is None and chosen == qt_time(self.now):
            return self.now  # left at now: to the second
        return max(typed, self.session.start)
