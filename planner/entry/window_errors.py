"""The window's side of internal errors (docs/architecture.md §6).

``WindowErrors`` installs the hooks of ``planner.entry.errors`` for as long as the window
runs. A bug in a slot, a paint event or a ``QThread`` is logged where it happened, then
handed through a queued signal to the GUI thread, where, from the event loop (never inside
the paint event or the slot that failed):

- what the change path has not saved yet is saved: a failing listener may have kept the
  change from reaching the autosaver (``AppState.apply`` calls them in turn);
- one dialog shows the report (``planner.ui.error_dialog``). While it is open, the errors
  after it are counted in it; once it is closed, the same error again (same type, same
  traceback: a slot that fails on every repaint) opens no new dialog, only a line in the
  status bar, and after ``MAX_DIALOGS`` dialogs no error opens one;
- should showing the report fail, the errors from then on go to the log and stderr only:
  nothing is retried in a loop.

``KeyboardInterrupt`` is no bug: it ends the window as Ctrl+C does (``termination``).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from planner.entry.errors import (
    EX_SOFTWARE,
    ErrorLog,
    ExceptionHooks,
    Incident,
    exception_report,
)

if TYPE_CHECKING:
    from planner.ui.error_dialog import ErrorDialog
    from planner.ui.main_window import MainWindow

MAX_DIALOGS = 3  # in one session; the errors past them are in the log and the status bar
EX_INTERRUPTED = 130


class WindowErrors(QObject):
    arrived = Signal(object)  # an Incident, from any thread; handled on the GUI thread
    interrupted = Signal()

    def __init__(self, log: ErrorLog | None = None) -> None:
        super().__init__()
        self.log = log if log is not None else ErrorLog()
        self.window: MainWindow | None = None
        self.dialog: ErrorDialog | None = None
        self.dialogs = 0  # opened so far
        self.incidents = 0  # internal errors handled so far, shown or not
        self.failed = False  # showing a report failed: from then on, the log only
        self.closed = False  # the window is gone: an error still queued is only logged
        self._shown: set[tuple[object, ...]] = set()
        self.arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self.interrupted.connect(self._interrupted, Qt.ConnectionType.QueuedConnection)
        self.hooks = ExceptionHooks(self.log, self.arrived.emit,
                                    on_interrupt=self.interrupted.emit)

    def install(self) -> WindowErrors:
        self.hooks.install()
        return self

    def attach(self, window: MainWindow) -> None:
        """The window the dialogs belong to, whose changes are saved after an error."""
        self.window = window

    def close(self) -> None:
        """The hooks found at ``install`` back in place; an open dialog closed."""
        self.closed = True
        self.hooks.close()
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):  # deleted with its window already
                self.dialog.close()
            self.dialog = None
        self.window = None

    # ---------------------------------------------------------------- start-up

    def fatal(self, exc: Exception) -> int:
        """The window could not start: logged, one line on stderr, the report in a dialog
        (there is no window to go on with); ``EX_SOFTWARE``."""
        incident = self.hooks.record((type(exc), exc, exc.__traceback__),
                                     threading.current_thread().name,
                                     where="while the window was starting")
        if not self.failed:
            try:
                dialog = self._dialog(incident, starting=True)
                dialog.exec()
            except Exception as failure:  # the report is in the log and on stderr
                self._failed_to_show(failure)
        return EX_SOFTWARE

    # ---------------------------------------------------------------- in the event loop

    def _arrived(self, incident: Incident) -> None:
        if self.closed:
            return
        self.incidents += 1
        self._keep_data()
        if self.failed:
            return
        try:
            if self.dialog is not None:
                self.dialog.another()
            elif incident.signature in self._shown or self.dialogs >= MAX_DIALOGS:
                self._in_status_bar(incident)
            else:
                self._shown.add(incident.signature)
                self.dialogs += 1
                self.dialog = self._dialog(incident)
                self.dialog.finished.connect(self._dialog_closed)
                self.dialog.show()
        except Exception as failure:
            self._failed_to_show(failure)

    def _dialog(self, incident: Incident, *, starting: bool = False) -> ErrorDialog:
        from planner.ui.error_dialog import ErrorDialog  # loaded at the first error

        return ErrorDialog(incident.type_name, incident.report, incident.log_path,
                           "" if incident.logged else incident.log_problem, self.window,
                           starting=starting)

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _in_status_bar(self, incident: Incident) -> None:
        window = self.window
        if window is None or not window.isVisible():
            return
        where = f"details in {incident.log_path}" if incident.logged else "see stderr"
        text = f"An internal error happened again ({incident.type_name}); {where}"
        if window.statusBar().currentMessage() != text:  # not a repaint per failing repaint
            window.show_message(text)

    def _keep_data(self) -> None:
        """Save what is not saved yet (the change that failed may not have reached the
        autosaver); a save that fails says so itself and is retried, as always."""
        window = self.window
        if window is None or window.read_only or not window.isVisible():
            return
        try:
            if window.autosave.dirty:
                window.autosave.save_now()
        except Exception as exc:  # a bug in saving: logged here, not sent round the hook
            self.log.write(exception_report(exc, "while saving after an internal error"))

    def _failed_to_show(self, failure: Exception) -> None:
        """The report could not be shown: logged and said on stderr, and no dialog again."""
        self.failed = True
        text = exception_report(failure, "while showing an internal error")
        self.log.write(text)
        with contextlib.suppress(Exception):
            print(f"study-planner: {text}", file=sys.stderr, flush=True)

    def _interrupted(self) -> None:
        window = self.window
        if window is not None and window.isVisible():
            from planner.ui.termination import end_window

            end_window(window, signal.SIGINT)
        else:
            QCoreApplication.exit(EX_INTERRUPTED)
