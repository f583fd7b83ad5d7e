"""Log Time…: a study session done away from the computer (Study ▸ Log Time…).

The resource (picked by its title; type to filter), the day, how long, and optionally how
far it got, as the resource is measured: units done after it, or hours of it done (by
default the session's length), or finished. Logged through the core's ``LogSession`` as one
undoable step. What the core refuses (a day in the future, longer than today has been) and
what the dialog can tell by itself (no resource, 0 minutes, more than a day) is said in the
dialog, which stays open with everything as typed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from planner.core.catalog.model import Resource
from planner.core.journal.state import AppState
from planner.core.operations.sessions import MAX_MINUTES, LogSession, Outcome
from planner.ui.undo import UndoHistory
from planner.ui.widgets import show_as_error


class LogTimeDialog(QDialog):
    """Log a session by hand; ``log()`` (the Log button) pushes it, or says why not."""

    def __init__(self, app: AppState, history: UndoHistory, resource_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.setWindowTitle("Log Time")
        form = QFormLayout(self)
        intro = QLabel("Time you studied away from the computer.")
        intro.setWordWrap(True)
        form.addRow(intro)

        self.resources = sorted(app.catalog, key=lambda r: (r.title.casefold(), r.id))
        titles = [r.title for r in self.resources]
        self.resource = QComboBox()
        self.resource.setEditable(True)
        self.resource.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.resource.setAccessibleName("Resource studied")
        for r in self.resources:
            shown = r.title if titles.count(r.title) == 1 else f"{r.title} ({r.id})"
            self.resource.addItem(shown, r.id)
        completer = QCompleter(self.resource.model(), self.resource)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.resource.setCompleter(completer)
        found = self.resource.findData(resource_id) if resource_id else -1
        self.resource.setCurrentIndex(max(found, 0))
        form.addRow("&Resource", self.resource)

        today = app.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName("Day studied")
        form.addRow("&Date", self.day)

        self.hours = QSpinBox()
        self.hours.setRange(0, 24)
        self.hours.setSuffix(" h")
        self.hours.setAccessibleName("Hours studied")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 59)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(30)
        self.minutes.setAccessibleName("Minutes studied")
        length = QHBoxLayout()
        length.addWidget(self.hours)
        length.addWidget(self.minutes)
        length.addStretch(1)
        length_label = QLabel("D&uration")  # a row of two boxes: the label needs its buddy
        length_label.setBuddy(self.hours)
        form.addRow(length_label, length)

        # how far it got: units done after it, or hours of it done; or finished
        self.units = QSpinBox()
        self.units.setAccessibleName("Units done after the session")
        self.units_label = QLabel("Done &now")
        self.units_label.setBuddy(self.units)
        form.addRow(self.units_label, self.units)
        self.done_hours = QDoubleSpinBox()
        self.done_hours.setRange(0.0, 24.0)
        self.done_hours.setDecimals(2)
        self.done_hours.setSingleStep(0.25)
        self.done_hours.setSuffix(" h")
        self.done_hours.setToolTip("Hours of this resource to record as done (the session's "
                                   "length unless you change it)")
        self.done_hours_label = QLabel("&Log of it")
        self.done_hours_label.setBuddy(self.done_hours)
        form.addRow(self.done_hours_label, self.done_hours)
        self.all_done = QCheckBox("&Finished: the whole resource is done")
        form.addRow(self.all_done)
        self._hours_typed = False
        self.done_hours.valueChanged.connect(self._done_hours_typed)

        self.error = QLabel()
        self.error.setWordWrap(True)
        show_as_error(self.error)
        self.error.setVisible(False)
        form.addRow(self.error)

        buttons = QDialogButtonBox()
        self.log_button = buttons.addButton("&Log", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.log)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

        self._shown_for: str | None = ""  # the resource the progress fields are for
        self.resource.currentTextChanged.connect(lambda _: self._show_progress())
        self.hours.valueChanged.connect(lambda _: self._follow_length())
        self.minutes.valueChanged.connect(lambda _: self._follow_length())
        self._show_progress()

    # ------------------------------------------------------------------ reading the form

    def chosen(self) -> Resource | None:
        """The resource whose title is in the box (None: no resource has that title)."""
        text = self.resource.currentText().strip()
        index = self.resource.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return None
        return self.app.catalog.resources.get(str(self.resource.itemData(index)))

    def length(self) -> int:
        return self.hours.value() * 60 + self.minutes.value()

    def date(self) -> dt.date:
        day = self.day.date()
        return dt.date(day.year(), day.month(), day.day())

    def outcome(self, resource: Resource) -> Outcome:
        if self.all_done.isChecked():
            return Outcome(done=True)
        if resource.units is not None:
            units = self.units.value()
            return Outcome(units=units) if units != self.app.progress(
                resource.id).units_done else Outcome()
        hours = self.done_hours.value()
        return Outcome(hours=hours) if hours > 0 else Outcome()

    # ------------------------------------------------------------------ following the form

    def _show_progress(self) -> None:
        """The progress fields of the resource chosen (when another one is chosen)."""
        resource = self.chosen()
        if (resource.id if resource is not None else None) == self._shown_for:
            return
        self._shown_for = resource.id if resource is not None else None
        units = resource is not None and resource.units is not None
        self.units.setVisible(units)
        self.units_label.setVisible(units)
        self.done_hours.setVisible(resource is not None and not units)
        self.done_hours_label.setVisible(resource is not None and not units)
        if resource is not None and resource.units is not None:
            done = self.app.progress(resource.id).units_done
            self.units.setRange(0, resource.units.count)
            self.units.setValue(min(done, resource.units.count))
            self.units.setSuffix(f" of {resource.units.count} {resource.units.plural()}")
        self._hours_typed = False
        self._follow_length()

    def _follow_length(self) -> None:
        """Hours of it done follow the session's length until the learner types some."""
        if not self._hours_typed:
            self.done_hours.blockSignals(True)
            self.done_hours.setValue(round(self.length() / 60, 2))
            self.done_hours.blockSignals(False)

    def _done_hours_typed(self) -> None:
        self._hours_typed = True

    # ------------------------------------------------------------------ logging

    def problem(self) -> str:
        """What the dialog can tell is wrong by itself ("" when nothing)."""
        if self.chosen() is None:
            typed = self.resource.currentText().strip()
            return (f"No resource is titled “{typed}”: choose one from the list." if typed
                    else "Choose the resource you studied.")
        minutes = self.length()
        if minutes <= 0:
            return "Say how long you studied: 0 minutes is no session."
        if minutes > MAX_MINUTES:
            return (f"A session is at most a day (24 h); {minutes // 60} h {minutes % 60} min "
                    "is longer.")
        return ""

    def log(self) -> bool:
        """Log the session (one undoable step) and close; or say why not and stay open
        with everything as typed."""
        problem = self.problem()
        resource = self.chosen()
        if not problem and resource is not None:
            operation = LogSession(resource.id, self.length(), self.date(),
                                   self.outcome(resource))
            if self.history.push(operation):
                self.accept()
                return True
            problem = self.history.last_refusal
        self.error.setText(problem[:1].upper() + problem[1:])
        self.error.setVisible(True)
        return False
