"""Study ▸ Session Settings…: how the window times study (the data file's settings, as
`settings` on the command line shows and changes them).

- **Idle minutes**: no input this long in a running session is time away, asked about on
  return (``planner.ui.sessions``).
- **Opening a link**: offer a session on the resource (ask), start one (always), or
  neither (never).
- **Plan with my pace**: auto (once 5 h of sessions are logged), on, off.
- **Re-visits** (planner.core.revisits): ask how well a finished resource could be
  explained (on/off), the recall to aim for when a re-visit falls due, and the most of a
  week's hours re-visits may take.

OK changes them as one undoable step; a value the core refuses is said in the dialog, which
stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from planner.core.journal.state import AppState
from planner.core.operations.planning import ChangeSettings
from planner.core.planning.settings import (
    MAX_IDLE_MINUTES,
    MAX_RETENTION,
    MIN_IDLE_MINUTES,
    MIN_RETENTION,
)
from planner.ui.undo import UndoHistory
from planner.ui.widgets import show_as_error

ON_OPEN_CHOICES = (("ask", "Offer to start a session"), ("always", "Start a session"),
                   ("never", "Do nothing"))
PACE_CHOICES = (("auto", "Once 5 h of sessions are logged"), ("on", "On"), ("off", "Off"))


class SessionSettingsDialog(QDialog):
    def __init__(self, app: AppState, history: UndoHistory, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.setWindowTitle("Session Settings")
        settings = app.settings
        form = QFormLayout(self)
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" min")
        self.idle.setValue(settings.idle_minutes)
        self.idle.setAccessibleName("Idle minutes")
        self.idle.setToolTip("Minutes without a key press or click after which a running "
                             f"session asks about the time away ({MIN_IDLE_MINUTES} to "
                             f"{MAX_IDLE_MINUTES})")
        form.addRow("&Away after", self.idle)
        self.on_open = QComboBox()
        for value, text in ON_OPEN_CHOICES:
            self.on_open.addItem(text, value)
        self.on_open.setCurrentIndex(max(0, self.on_open.findData(settings.session_on_open)))
        self.on_open.setAccessibleName("When you open a resource's link")
        form.addRow("&Opening a link", self.on_open)
        self.pace = QComboBox()
        for value, text in PACE_CHOICES:
            self.pace.addItem(text, value)
        self.pace.setCurrentIndex(max(0, self.pace.findData(settings.plan_with_pace)))
        self.pace.setToolTip("Plan the remaining work at your pace from your sessions")
        form.addRow("&Plan with my pace", self.pace)
        self.ask_rating = QCheckBox("Ask how well I could explain it")
        self.ask_rating.setChecked(settings.ask_rating)
        self.ask_rating.setToolTip("On finishing a resource: Again, Hard, Good, Easy or Skip; "
                                   "the answer sets when it is re-visited")
        form.addRow("&Re-visits", self.ask_rating)
        self.retention = QSpinBox()
        self.retention.setRange(round(MIN_RETENTION * 100), round(MAX_RETENTION * 100))
        self.retention.setSuffix(" %")
        self.retention.setValue(round(settings.retention * 100))
        self.retention.setToolTip("A re-visit falls due when the predicted recall falls to "
                                  "this (higher: more often)")
        form.addRow("Re-visit at &recall", self.retention)
        self.share = QDoubleSpinBox()
        self.share.setRange(0, 100)
        self.share.setDecimals(0)
        self.share.setSuffix(" % of the week")
        self.share.setValue(round(settings.revisit_share * 100))
        self.share.setToolTip("The most of a week's hours re-visits may take; the rest "
                              "waits for the next week")
        form.addRow("Re-visits at &most", self.share)
        self.error = QLabel()
        self.error.setWordWrap(True)
        show_as_error(self.error)
        self.error.setVisible(False)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, object]:
        settings = self.app.settings
        chosen = {"idle_minutes": self.idle.value(),
                  "session_on_open": self.on_open.currentData(),
                  "plan_with_pace": self.pace.currentData(),
                  "ask_rating": self.ask_rating.isChecked(),
                  "retention": self.retention.value() / 100,
                  "revisit_share": round(self.share.value()) / 100}
        return {name: value for name, value in chosen.items()
                if getattr(settings, name) != value}

    def apply(self) -> bool:
        """The changed settings as one undoable step, then close; or say why not."""
        changes = self.changes()
        if changes and not self.history.push(ChangeSettings(**changes)):
            refusal = self.history.last_refusal
            self.error.setText(refusal[:1].upper() + refusal[1:])
            self.error.setVisible(True)
            return False
        self.accept()
        return True
