"""Study ▸ Reminders…: the weekly reminder while the window is open, and closing to the tray.

- **The timer** (``ReminderTimer``) is aimed at the next reminder moment
  (``planner.core.reminders.next_moment``), but never more than a minute ahead: each time
  it fires it reads the clock again, so a clock that jumped (a suspended laptop, a changed
  time zone) is caught within a minute, and a moment that came is sent to the second.
  Changing the time re-aims it; a moment already past when it is set is not sent.
- **What is sent** is decided by ``planner.core.reminders.due_reminder``; it goes to the
  desktop through ``planner.ui.notify`` (D-Bus, else the tray, else the status bar).
- **Where the choices live**: this machine's local state file (``REMINDER``,
  ``CLOSE_TO_TRAY`` machine-wide; ``REMINDER_SENT`` per data file), never the data file.
- **Loaded late**: none of this is imported at start-up; with a reminder or the tray on,
  it is set up once the window has been idle for ``START_DELAY_MS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from PySide6.QtCore import QObject, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QSystemTrayIcon,
    QTimeEdit,
    QWidget,
)

from planner.core.journal.state import AppState
from planner.core.reminders import (
    DAY_NAMES,
    ReminderTime,
    due_reminder,
    next_moment,
    pending_moment,
    week_goals,
)
from planner.store.local_state import CLOSE_TO_TRAY, REMINDER, REMINDER_SENT, LocalState

MAX_AIM_MS = 60_000  # the timer looks at the clock again at least this often
START_DELAY_MS = 3000  # after the window is shown: set up once it is idle
DEFAULT_TIME = ReminderTime(4, dt.time(18, 0))  # offered when turned on: Friday 18:00


class Sender(Protocol):
    def send(self, title: str, body: str) -> str: ...


class Window(Protocol):
    """What of the main window this uses (``planner.ui.main_window``, which imports this)."""

    app: AppState
    local: LocalState | None
    quit_action: QAction

    def show_message(self, text: str) -> None: ...
    def remember_now(self) -> None: ...
    def bring_forward(self) -> None: ...
    def windowIcon(self) -> QIcon: ...


def parse_sent(text: str | None) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class ReminderTimer(QObject):
    """Sends this week's reminder at its moment, while the window is open."""

    sent = Signal(str, str, str)  # title, body, how it was shown

    def __init__(self, app: AppState, sender: Sender, when: ReminderTime | None,
                 last_sent: dt.datetime | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.notifier = sender
        self.when = when
        self.last_sent = last_sent  # kept in the local state file
        self.seen: dt.datetime | None = None  # looked at, nothing to send: not again
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def now(self) -> dt.datetime:
        return self.app.recorder.now()

    def set_when(self, when: ReminderTime | None) -> None:
        """A new time (None: off), from now on: a moment already past is not sent."""
        self.when = when
        self.seen = self.now()
        self.aim()

    def aim(self) -> None:
        if self.when is None:
            self.timer.stop()
            return
        now = self.now()
        wait_ms = (next_moment(self.when, now) - now).total_seconds() * 1000
        self.timer.start(int(max(0, min(wait_ms, MAX_AIM_MS))))

    def check(self) -> None:
        """Send the reminder if it is due now; then aim at the next look."""
        now = self.now()
        handled = max((t for t in (self.last_sent, self.seen) if t is not None), default=None)
        if pending_moment(self.when, now, handled) is not None:
            reminder = due_reminder(self.when, now, handled, week_goals(self.app))
            if reminder is None:
                self.seen = now  # all done at its moment: not looked at again this week
            else:
                how = self.notifier.send(reminder.title, reminder.body)
                self.last_sent = now
                self.sent.emit(reminder.title, reminder.body, how)
        self.aim()


class ReminderDialog(QDialog):
    """The reminder's day and time (or none), and closing to the tray where there is one."""

    def __init__(self, when: ReminderTime | None, close_to_tray: bool, tray_available: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reminders")
        form = QFormLayout(self)
        note = QLabel("Kept on this computer, not in your data file. A reminder comes while "
                      "the window is open, if this week's goals are not all done.")
        note.setWordWrap(True)
        form.addRow(note)
        self.enabled = QCheckBox("&Remind me of this week's goals")
        self.enabled.setChecked(when is not None)
        form.addRow(self.enabled)
        shown = when or DEFAULT_TIME
        self.day = QComboBox()
        self.day.addItems(list(DAY_NAMES))
        self.day.setCurrentIndex(shown.weekday)
        self.day.setAccessibleName("Reminder day")
        form.addRow("&Day", self.day)
        self.time = QTimeEdit(QTime(shown.at.hour, shown.at.minute))
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Reminder time")
        form.addRow("&Time", self.time)
        self.enabled.toggled.connect(self.day.setEnabled)
        self.enabled.toggled.connect(self.time.setEnabled)
        self.day.setEnabled(when is not None)
        self.time.setEnabled(when is not None)
        self.tray = QCheckBox("&Close to the tray (keep running, so that reminders come)")
        self.tray.setChecked(close_to_tray and tray_available)
        self.tray.setEnabled(tray_available)
        if not tray_available:
            self.tray.setToolTip("This desktop has no system tray")
            self.tray.setText("Close to the tray: this desktop has no system tray")
        form.addRow(self.tray)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> ReminderTime | None:
        if not self.enabled.isChecked():
            return None
        at = self.time.time()
        return ReminderTime(self.day.currentIndex(), dt.time(at.hour(), at.minute()))


class Reminders(QObject):
    """The window's reminder timer, notifier and tray icon, made on first use."""

    def __init__(self, window: Window, sender: Sender | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        machine = window.local.machine if window.local is not None else {}
        values = window.local.values if window.local is not None else {}
        self.tray_icon: QSystemTrayIcon | None = None
        self.tray_menu: QMenu | None = None
        self.close_to_tray = machine.get(CLOSE_TO_TRAY) == "on"
        if sender is None:
            from planner.ui.notify import Notifier

            sender = Notifier(window.show_message, lambda: self.tray_icon, self)
        self.timer = ReminderTimer(window.app, sender, ReminderTime.parse(
            machine.get(REMINDER)), parse_sent(values.get(REMINDER_SENT)), self)
        self.timer.sent.connect(self._sent)
        self._show_tray()
        self.timer.check()  # one of this week's the window was closed for, else aim

    def remembered(self) -> dict[str, str]:
        """This data file's entry's part: when the last reminder was sent."""
        sent = self.timer.last_sent
        return {REMINDER_SENT: sent.isoformat()} if sent is not None else {}

    def machine(self) -> dict[str, str]:
        when = self.timer.when
        return {REMINDER: when.text() if when else "off",
                CLOSE_TO_TRAY: "on" if self.close_to_tray else "off"}

    def edit(self) -> None:
        parent = self.parent()
        dialog = ReminderDialog(self.timer.when, self.close_to_tray,
                                QSystemTrayIcon.isSystemTrayAvailable(),
                                parent if isinstance(parent, QWidget) else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        when = dialog.chosen()
        self.close_to_tray = dialog.tray.isChecked()
        self.timer.set_when(when)
        self._show_tray()
        self.window.remember_now()
        self.window.show_message(f"Reminder: {when.describe()}, if this week's goals are not "
                                 "all done" if when else "No weekly reminder")

    def keeps_running(self) -> bool:
        """Whether closing the window hides it to the tray instead of quitting."""
        return (self.close_to_tray and self.tray_icon is not None
                and self.tray_icon.isVisible())

    def _show_tray(self) -> None:
        wanted = self.close_to_tray and QSystemTrayIcon.isSystemTrayAvailable()
        if wanted and self.tray_icon is None:
            icon = QSystemTrayIcon(self.window.windowIcon(), self)
            icon.setToolTip("Study Planner")
            menu = self.tray_menu = QMenu()  # not a child: kept here
            show = QAction("&Show Study Planner", menu)
            show.triggered.connect(self.window.bring_forward)
            menu.addAction(show)
            menu.addAction(self.window.quit_action)
            icon.setContextMenu(menu)
            icon.activated.connect(lambda _reason: self.window.bring_forward())
            self.tray_icon = icon
        if self.tray_icon is not None:
            self.tray_icon.setVisible(wanted)

    def _sent(self, title: str, _body: str, how: str) -> None:
        self.window.remember_now()  # not reminded again this week, even after a crash
        if how != "status bar":
            self.window.show_message(f"Reminder sent: {title}")
