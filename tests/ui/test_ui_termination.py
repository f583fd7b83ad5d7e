"""SIGTERM, SIGHUP and SIGINT close the window, saving (issue 12, reproduction 7): the
handler path in this process. A real signal to a real window process is in
``tests/reliability/test_signals.py``."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtWidgets import QApplication

from planner.core.operations.progress import SetDone
from planner.store.state_file import StateFileError
from planner.ui import termination
from planner.ui.termination import TerminationSignals, end_window_on_signals

LIMIT_MS = 10_000  # only against hangs


@pytest.mark.parametrize("signum", termination.TERMINATION_SIGNALS)
def test_a_real_signal_reaches_the_event_loop_and_the_handlers_are_given_back(
        qtbot, signum: int) -> None:  # type: ignore[no-untyped-def]
    before = signal.getsignal(signum)
    handlers = TerminationSignals()
    try:
        with qtbot.waitSignal(handlers.received, timeout=LIMIT_MS) as got:
            os.kill(os.getpid(), signum)
        assert got.args == [signum]
    finally:
        handlers.close()
    assert signal.getsignal(signum) == before
    assert signal.set_wakeup_fd(-1) == -1  # no wakeup fd left behind
    handlers.close()  # twice is harmless


def test_a_signal_saves_the_change_pending_and_closes_the_window(
        windows, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(autosave_ms=60_000)  # the change stays pending until the signal
    rid = next(iter(window.app.catalog.resources))
    window.history.push(lambda: SetDone(rid))
    assert window.autosave.dirty
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    handlers = end_window_on_signals(window)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(codes), timeout=LIMIT_MS)
    finally:
        handlers.close()
    assert codes == [0] and not window.isVisible() and not window.autosave.dirty
    reopened = windows.reopen(window)
    assert reopened.app.status(rid) == "done"


def test_a_failed_save_on_a_signal_is_said_and_asks_nothing(
        windows, qtbot, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(autosave_ms=60_000)
    rid = next(iter(window.app.catalog.resources))
    window.history.push(lambda: SetDone(rid))

    def fail(state: object) -> None:
        raise StateFileError("the disk is full")

    monkeypatch.setattr(window.store, "save", fail)
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm_discard", lambda error: asked.append(error) or False)
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    handlers = end_window_on_signals(window)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        qtbot.waitUntil(lambda: bool(codes), timeout=LIMIT_MS)
        os.kill(os.getpid(), signal.SIGTERM)  # a second signal: ending already
        qtbot.wait(50)
    finally:
        handlers.close()
    assert codes == [1] and not asked and not window.isVisible()
    assert capsys.readouterr().err == (
        "study-planner: SIGHUP: the latest changes could not be saved: the disk is full\n")
