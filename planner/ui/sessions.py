"""Study sessions in the window: the running one in the status bar, and how it stops.

``SessionBar`` sits in the status bar while a session runs: the resource, the time studied
(ticking each second; pauses left out), Pause / Resume, and Stop. Stopping asks how far the
learner got, pre-filled (units done, or for a resource measured in hours the session's
length), and when it ended (now, or a time they type). A session found running when the
window starts was left by a quit or a crash: it is offered to be finished now, at the last
activity seen, or at a typed time. The last activity seen is this machine's knowledge, not
the planner's: while a session runs it is kept in the local state file (``SESSION_SEEN``,
written at most once a ``SEEN_EVERY``), never in the data file.

Every change goes through the undo history as one core operation
(``core/operations/sessions.py``); the running session is read from the journal when it
changes, not at each tick. Time away (no input for the setting's idle minutes, or the clock
jumping while the machine slept) is asked about when the learner is back: kept, or left
out (the session ends where the away time began and a new one goes on). A paused session
is not watched for it: a pause is time away already.

Opening a resource's link offers a session on it in the same bar ("Start a session for
…?", for ``OFFER_MS``), starts one, or does neither, as the setting ``session_on_open``
says (ask / always / never).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.sessions import (
    PauseSession,
    ResumeSession,
    StartSession,
    StopSession,
)
from planner.core.sessions.model import Session, sessions_of, whole_minutes
from planner.store.local_state import SESSION_SEEN, LocalState
from planner.ui.bridge import bridge_for
from planner.ui.formatting import elapsed_text
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.log_dialog import LogTimeDialog
    from planner.ui.session_dialog import StopDialog
    from planner.ui.session_settings import SessionSettingsDialog

CLOCK_JUMP = dt.timedelta(minutes=2)  # a tick this late: the machine slept or the clock moved
SEEN_EVERY = dt.timedelta(minutes=1)  # how often the last activity seen is written down
OFFER_MS = 60_000  # how long "Start a session for …?" stays after a link is opened
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                          QEvent.Type.MouseMove, QEvent.Type.Wheel})


def last_seen_of(local: LocalState | None, session: Session) -> dt.datetime | None:
    """The last activity seen in ``session``, as this machine kept it (None: not known)."""
    value = local.values.get(SESSION_SEEN, "") if local is not None else ""
    sid, _, when = value.partition(" ")
    if sid != session.id:
        return None
    try:
        moment = dt.datetime.fromisoformat(when)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and moment >= session.start else None


class SessionBar(QWidget):
    """The running session: "Studying Linear Algebra Notes  0:25  [Pause] [Stop…]"; or the
    offer after a link was opened: "Start a session for …?  [Start] [Not now]"; hidden when
    neither."""

    message = Signal(str)

    def __init__(self, app: AppState, history: UndoHistory, parent: QWidget | None = None,
                 *, local: LocalState | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.local = local  # where the last activity seen is kept (None: not kept)
        self.running: Session | None = None
        self.stop_dialog: StopDialog | None = None
        self.log_dialog: LogTimeDialog | None = None
        self.settings_dialog: SessionSettingsDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # the offer after a link was opened
        self.offered: str | None = None  # the resource offered
        self.offer = QWidget()
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.setContentsMargins(0, 0, 0, 0)
        self.offer_label = QLabel()
        self.offer_label.setAccessibleName("Offer to start a study session")
        self.offer_start = QPushButton("Start")
        self.offer_start.setToolTip("Time your study of the resource whose link you opened")
        self.offer_start.clicked.connect(self.accept_offer)
        self.offer_dismiss = QPushButton("Not now")
        self.offer_dismiss.setToolTip("Study ▸ Session Settings… can make this automatic "
                                      "or turn it off")
        self.offer_dismiss.clicked.connect(self.dismiss_offer)
        for widget in (self.offer_label, self.offer_start, self.offer_dismiss):
            offer_layout.addWidget(widget)
        self.offer_timer = QTimer(self)
        self.offer_timer.setSingleShot(True)
        self.offer_timer.setInterval(OFFER_MS)
        self.offer_timer.timeout.connect(self.dismiss_offer)
        layout.addWidget(self.offer)
        # the running session
        self.label = QLabel()
        self.label.setAccessibleName("Running study session")
        self.pause_button = QPushButton("Pause")
        self.pause_button.setToolTip("Pause the session: the time until you resume is not "
                                     "counted")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton("Stop…")
        self.stop_button.setToolTip("Stop the session and say how far you got")
        self.stop_button.clicked.connect(lambda: self.ask_stop())
        layout.addWidget(self.label)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.stop_button)
        self.seen_written: dt.datetime | None = None  # the last activity seen, as kept
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        # away time: no input for the idle minutes, or the clock jumping (sleep, suspend)
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
        was = self.running
        self.running = sessions_of(self.app.state.journal).running
        if self.running is not None:
            self.offer.hide()
            self.offered = None
            if was is not None and was.paused_since is not None \
                    and self.running.paused_since is None:
                self.last_input = self.last_tick = self.app.recorder.now()  # back from a pause
        for widget in (self.label, self.pause_button, self.stop_button):
            widget.setVisible(self.running is not None)
        self._watch_input(self.running is not None)
        if self.running is None:
            self.timer.stop()
        else:
            self.timer.start()
        self._show()
        self._fit()

    def _fit(self) -> None:
        self.setVisible(self.running is not None or self.offered is not None)

    @property
    def paused(self) -> bool:
        return self.running is not None and self.running.paused_since is not None

    def _show(self) -> None:
        session = self.running
        if session is None:
            return
        resource = self.app.catalog.resources.get(session.resource)
        title = resource.title if resource else session.resource
        minutes, _ = session.split(self.app.recorder.now())
        since = session.paused_since
        if since is not None:
            self.label.setText(f"Paused: {title}  {elapsed_text(minutes)}")
            self.label.setToolTip(f"Studying since {session.start:%Y-%m-%d %H:%M}, paused "
                                  f"since {since:%H:%M}")
        else:
            self.label.setText(f"Studying {title}  {elapsed_text(minutes)}")
            self.label.setToolTip(f"Studying since {session.start:%Y-%m-%d %H:%M}")
        self.pause_button.setText("Resume" if since is not None else "Pause")

    def toggle_pause(self) -> bool:
        """Pause the running session, or resume the paused one (one undoable step)."""
        if self.running is None:
            self.message.emit("No session is running")
            return False
        if self.paused:
            if self.history.push(ResumeSession()):
                self.message.emit("Session resumed")
                return True
            return False
        if self.history.push(PauseSession()):
            self.message.emit("Session paused: the time until you resume is not counted")
            return True
        return False

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

    @property
    def idle_after(self) -> dt.timedelta:
        """No input this long in a running session: away (the setting's idle minutes)."""
        return dt.timedelta(minutes=self.app.settings.idle_minutes)

    def _tick(self) -> None:
        now = self.app.recorder.now()
        if self.running is not None and self.away_since is None and not self.paused:
            if now - self.last_tick > CLOCK_JUMP:  # the machine slept, or the clock moved
                self.away_since = max(self.last_tick, self.running.start)
            elif now - self.last_input >= self.idle_after:
                self.away_since = max(self.last_input, self.running.start)
        self.last_tick = now
        self._keep_last_seen()
        self._show()

    def _keep_last_seen(self) -> None:
        """The last input seen in the running session, written to the local state file
        the first time and then at most once a ``SEEN_EVERY`` (so a crash leaves it)."""
        session = self.running
        if session is None or self.local is None or self.last_input < session.start:
            return
        written = self.seen_written
        if written is not None and written >= session.start and (
                self.last_input - written < SEEN_EVERY):
            return
        self.seen_written = self.last_input
        self.local.write({**self.local.values, **self.remembered()})

    def remembered(self) -> dict[str, str]:
        """What the local state file keeps for the running session: the last activity
        seen in it ({} when none)."""
        session = self.running
        seen = self.seen_written
        if session is None or seen is None or seen < session.start:
            return {}
        return {SESSION_SEEN: f"{session.id} {seen.isoformat()}"}

    def input_seen(self) -> None:
        """Input again: after away time in a running session, ask about it."""
        self.last_input = self.app.recorder.now()
        session = self.running
        if session is not None and (self.seen_written is None
                                    or self.seen_written < session.start):
            self._keep_last_seen()  # the first activity of a session: kept at once
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

    # ------------------------------------------------------------------ dialogs

    def log_time(self, resource_id: str | None = None) -> LogTimeDialog:
        """Log Time…, on ``resource_id`` (the selected one) to begin with."""
        from planner.ui.log_dialog import LogTimeDialog  # dialogs load when first needed

        dialog = LogTimeDialog(self.app, self.history, resource_id, self.window())
        self.log_dialog = dialog
        dialog.accepted.connect(lambda: self.message.emit(
            "Time logged (Edit ▸ Undo takes it back)"))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit_settings(self) -> SessionSettingsDialog:
        from planner.ui.session_settings import SessionSettingsDialog

        dialog = SessionSettingsDialog(self.app, self.history, self.window())
        self.settings_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ opening a link

    def link_opened(self, resource_id: str) -> None:
        """A resource's link was opened: offer a session on it, start one, or neither
        (the setting ``session_on_open``); never while a session runs."""
        mode = self.app.settings.session_on_open
        resource = self.app.catalog.resources.get(resource_id)
        if mode == "never" or resource is None or self.running is not None:
            return
        if mode == "always":
            self.start(resource_id)
            return
        self.offered = resource_id
        self.offer_label.setText(f"Start a session for “{resource.title}”?")
        self.offer.show()
        self.offer_timer.start()
        self._fit()

    def accept_offer(self) -> bool:
        rid = self.offered
        self.dismiss_offer()
        return rid is not None and self.start(rid)

    def dismiss_offer(self) -> None:
        self.offer_timer.stop()
        self.offered = None
        self.offer.hide()
        self._fit()

    def ask_stop(self, note: str = "") -> None:
        """The stop dialog for the running session (window-modal; applied on Stop)."""
        session = self.running
        if session is None:
            return
        from planner.ui.session_dialog import StopDialog  # dialogs load when first needed

        now = self.app.recorder.now()
        dialog = StopDialog(self.app, session, now, note, self.window(),
                            last_seen=last_seen_of(self.local, session) if note else None)
        self.stop_dialog = dialog

        def stop() -> None:
            end = dialog.end(now.tzinfo)
            if self.history.push(StopSession(dialog.outcome(), at=end)):
                took = elapsed_text(session.split(end)[0])
                self.message.emit(f"Session stopped after {took} (Edit ▸ Undo takes it back)")

        dialog.accepted.connect(stop)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def offer_to_finish(self) -> bool:
        """At start-up: a session still running was left by a quit or a crash; ask to
        finish it (now, at the last activity seen, at a typed time) or keep it going.
        True when it asked."""
        session = self.running
        if session is None:
            return False
        self.ask_stop(f"This session began {session.start:%Y-%m-%d %H:%M} and was still "
                      "running when Study Planner last closed. When did you stop? (Keep "
                      "going if you still are.)")
        return True

