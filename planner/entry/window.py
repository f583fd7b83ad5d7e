"""The window's entry point: lock the data file, load it, show the main window.

Called by ``study-planner`` without a subcommand (``planner.entry.cli.main.main``). A data
file that cannot be used (newer schema, unreadable) is reported and left untouched; one that is
open in another window brings that window forward instead, and this launch ends (exit 0).
SIGTERM, SIGHUP and SIGINT close the window as the user would, saving what is pending
(``planner.ui.termination``), and end with exit 0 (1 when that save failed). A bug is
reported, not lost (``planner.entry.window_errors``): in a slot, with a dialog while the window
goes on; before the window is up, with the same dialog and exit 70 (``EX_SOFTWARE``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner import APP_ID, APP_NAME, __version__
from planner.core.errors import UserError
from planner.core.journal.state import AppState
from planner.entry.window_errors import WindowErrors
from planner.entry.wiring import PROG, open_local_state, open_state_file, this_machine
from planner.store.catalog_file import CatalogFileError
from planner.store.state_file import LockedError, StateFile, StateFileError

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow
    from planner.ui.single_instance import InstanceServer
    from planner.ui.termination import TerminationSignals

LOCK_WAIT_S = 1.5  # a command-line write holds the lock for a moment; wait that out


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _notes(problems: list[str]) -> None:
    """Problems with the local state file: said once on stderr, never in the way."""
    for problem in problems:
        _say(f"note: {problem}")
    problems.clear()


def _refuse(line: str, text: str, *, warning: bool = False) -> int:
    """The window does not open: one line on stderr, the same in a message box; exit 1."""
    _say(line)
    from PySide6.QtWidgets import QMessageBox  # message boxes are rare: loaded then

    from planner.ui.formatting import as_written

    (QMessageBox.warning if warning else QMessageBox.critical)(None, APP_NAME, as_written(text))
    return 1


def claim_data_file(store: StateFile, data_file: Path) -> bool:
    """Take the data file for this window: True once its lock is ours; False when a window
    that has it open answered and was asked to come forward.

    Raises ``LockedError`` when it stays locked and no window answers (a command writing
    it, or a window still starting or closing) for ``LOCK_WAIT_S``.
    """
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            store.acquire()
            return True
        except LockedError:
            # QtNetwork only when another holds the file: a normal start does not wait for it
            from planner.ui.single_instance import ask_first_window

            if ask_first_window(data_file):
                return False
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def _application() -> QApplication:
    # argv[0] is the X11 instance name (WM_CLASS); PROG however it was started
    # (`python -m planner` would make it "__main__.py")
    qapp = QApplication.instance() or QApplication([PROG])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationDisplayName(APP_NAME)
    qapp.setOrganizationName("study-planner")
    qapp.setApplicationVersion(__version__)
    # The menu entry's name (planner.entry.desktop), so docks show its icon; on X11 they
    # match StartupWMClass, the window's class, which Qt takes from the application's name.
    qapp.setDesktopFileName(APP_ID)
    return qapp


def run_gui(data_file: Path, explicit: bool) -> int:
    """Show the window on ``data_file`` until it is closed; the process's exit status."""
    qapp = _application()
    errors = WindowErrors().install()  # from here until the window is gone
    try:
        return _run_gui(qapp, errors, data_file, explicit)
    # the user's, not caught on the way: said as the others are
    except UserError as exc:
        return _refuse(f"error: {exc}", f"{APP_NAME} cannot start:\n\n{exc}")
    except Exception as exc:  # a bug before the event loop: nothing to go on with
        return errors.fatal(exc)
    finally:
        errors.close()


def _run_gui(qapp: QApplication, errors: WindowErrors, data_file: Path, explicit: bool) -> int:
    store = open_state_file(data_file)
    try:
        if not claim_data_file(store, data_file):
            _say(f"{data_file} is already open in a {APP_NAME} window; brought that window "
                 "forward")
            return 0
    except LockedError:
        message = f"{data_file} is in use by another program"
        return _refuse(f"{message} (a {APP_NAME} window that does not answer, or a command "
                       "writing it); nothing was opened; close it and try again",
                       f"{message}: a {APP_NAME} window that does not answer, or a command "
                       "writing it.\n\nNothing was opened. Close the other window and try "
                       "again.", warning=True)
    except StateFileError as exc:  # the folder cannot be used: a file, not writable, no lock
        return _refuse(f"error: {exc}", f"Study Planner cannot use its data file\n"
                       f"{data_file}\n\n{exc}\n\nNothing was changed.")
    # The window's modules and icon only now: a second launch that hands over never needs them.
    from planner.ui.icons import app_icon
    from planner.ui.main_window import MainWindow

    qapp.setWindowIcon(app_icon())
    servers: list[InstanceServer] = []
    signals: list[TerminationSignals] = []
    try:
        try:
            result = store.load()
        except (StateFileError, CatalogFileError, OSError) as exc:
            return _refuse(f"error: {exc}", f"Study Planner cannot open its data file\n"
                           f"{data_file}\n\n{exc}\n\nThe file was left as it is.")
        notices = result.notices
        if why := store.read_only():
            notices = [*notices, f"{data_file} is read-only: {why}. The window shows it but "
                       "accepts no changes; make the file writable and open it again to "
                       "change it."]
        # The window's state on this machine, apart from the data file; a local file that
        # cannot be used is a note on stderr, and the window opens with its defaults.
        local = open_local_state(store, result.state.ui)
        _notes(local.problems)
        recorder, note = this_machine()
        _notes([note] if note else [])
        window = MainWindow(AppState(result.state, recorder=recorder), store, explicit=explicit,
                            first_launch=not result.existed, local=local)
        errors.attach(window)
        # A second launch from here on is answered once the event loop runs (it waits for
        # the answer); before, it finds the lock taken and asks again (claim_data_file).
        servers.append(listen_for_second_launch(window, data_file))
        # From here a signal closes the window, saving (before, there is nothing to save).
        from planner.ui.termination import end_window_on_signals

        signals.append(end_window_on_signals(window))
        window.show()
        window.activateWindow()  # also without a window manager, so its shortcuts work
        QTimer.singleShot(0, lambda: _after_show(window, notices))
        status = qapp.exec()
        _notes(local.problems)  # the window state could not be written on quit
        return status
    finally:
        for handler in signals:
            handler.close()
        for server in servers:
            server.close()
        store.release()


def listen_for_second_launch(window: MainWindow, data_file: Path) -> InstanceServer:
    """The socket a second launch on ``data_file`` reaches to bring ``window`` forward, and
    ``study-planner sync`` to have it merge the conflict copies beside the file.

    Call with the data file's lock held. Once the window is closed (saving on quit) it
    answers "closing", so such a launch waits for the lock instead of ending with nothing
    on screen (and ``sync`` says the window is closing).
    """
    from planner.ui.single_instance import InstanceServer

    server = InstanceServer(data_file, window, comes_forward=window.isVisible,
                            sync=lambda: None if window.closed else window.sync_now().as_answer())
    server.activation_requested.connect(window.bring_forward)
    if not server.listening:
        _say(f"note: a second launch cannot bring this window forward ({server.error})")
    return server


def _after_show(window: MainWindow, notices: list[str]) -> None:
    """The first pass of the event loop, the window painted: the notices."""
    if notices:
        for notice in notices:
            _say(notice)
        from PySide6.QtWidgets import QMessageBox

        from planner.ui.formatting import as_written

        QMessageBox.information(window, APP_NAME, as_written("\n\n".join(notices)))
