"""SIGTERM, SIGHUP and SIGINT end the window as closing it does: pending changes are saved.

Logging out, ``systemctl stop``, ``kill``, a closed terminal (SIGHUP) and Ctrl+C (SIGINT)
used to end the process within the autosave delay and lose the last change.

Python runs a signal handler only between bytecodes of the main thread, and while Qt waits
for events no Python runs at all. So the handlers are Python's ``signal.set_wakeup_fd``
self-pipe: the C-level handler writes the signal's number into a socket pair, a
``QSocketNotifier`` on the other end wakes the event loop, and ``received`` is emitted on the
GUI thread, where closing the window is safe (the Python-level handler does nothing).
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable, Iterable
from types import FrameType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow

TERMINATION_SIGNALS = tuple(
    s for s in (getattr(signal, name, None) for name in ("SIGTERM", "SIGHUP", "SIGINT"))
    if s is not None
)

Handler = Callable[[int, FrameType | None], object] | int | None


def _nothing(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: the work is done by ``received``, on the GUI thread."""


class TerminationSignals(QObject):
    """Delivers the termination signals as a Qt signal, while it is open (main thread only)."""

    received = Signal(int)

    def __init__(self, parent: QObject | None = None,
                 signals: Iterable[int] = TERMINATION_SIGNALS) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous: dict[int, Handler] = {}
        for signum in signals:
            self._previous[signum] = signal.signal(signum, _nothing)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    def _read(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            if signum in self._previous:
                self.received.emit(signum)

    def close(self) -> None:
        """Give the signals back to whoever had them before."""
        if self._reader.fileno() == -1:
            return  # closed already
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def end_window_on_signals(window: MainWindow,
                          end: Callable[[MainWindow, int], None] | None = None,
                          ) -> TerminationSignals:
    """``end(window, signum)`` (``end_window``) on SIGTERM, SIGHUP or SIGINT, once."""
    end = end or end_window
    signals = TerminationSignals(window)
    ended: list[int] = []

    def on_signal(signum: int) -> None:
        if not ended:
            ended.append(signum)
            end(window, signum)

    signals.received.connect(on_signal)
    return signals


def end_window(window: MainWindow, signum: int) -> None:
    """Close ``window`` as the user would (it saves pending changes, notes being typed
    included) but without asking anything, and end the app: exit 0 once saved, 1 when the
    save failed (said on stderr: the sender of the signal wants the process gone)."""
    name = signal.Signals(signum).name
    window.ask_before_discarding = False
    window.close()
    saved = not window.autosave.dirty
    if not saved:
        print(f"study-planner: {name}: the latest changes could not be saved: "
              f"{window.autosave.error}", file=sys.stderr)
    with contextlib.suppress(RuntimeError):  # no application: nothing to end
        QApplication.exit(0 if saved else 1)
