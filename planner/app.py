"""The window's entry point: lock the data file, load it, show the main window.

Called by ``study-planner`` without a subcommand (``planner.cli.main``). A data file that
cannot be used (newer schema, unreadable) is reported and left untouched; one that is in
use by another window brings that window forward instead.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.cli import PROG, open_state_file
from planner.core.state import AppState
from planner.store.catalog_file import CatalogFileError
from planner.store.state_file import LockedError, StateFile, StateFileError

LOCK_WAIT_S = 1.5  # a command-line write holds the lock for a moment; wait that out


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _acquire(store: StateFile) -> None:
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            store.acquire()
            return
        except LockedError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def _application() -> QApplication:
    from planner.ui.icons import app_icon

    qapp = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("Study Planner")
    qapp.setApplicationDisplayName("Study Planner")
    qapp.setOrganizationName("study-planner")
    qapp.setApplicationVersion(__version__)
    qapp.setDesktopFileName("study-planner")
    qapp.setWindowIcon(app_icon())
    return qapp


def run_gui(data_file: Path, explicit: bool) -> int:
    """Show the window on ``data_file`` until it is closed; the process's exit status."""
    from planner.ui.main_window import APP_NAME, MainWindow

    qapp = _application()
    store = open_state_file(data_file)
    try:
        _acquire(store)
    except LockedError:
        from planner.ui.single_instance import ask_first_window

        message = f"{data_file} is already open in another {APP_NAME} window"
        if ask_first_window(data_file):
            _say(f"{message}; brought that window forward")
        else:
            _say(f"{message} (or a command is writing it); close it and try again")
            from PySide6.QtWidgets import QMessageBox  # message boxes are rare: loaded then

            QMessageBox.warning(None, APP_NAME, f"{message}, or a command is writing it.\n\n"
                                "Close the other window and try again.")
        return 1
    except StateFileError as exc:  # the folder cannot be used: a file, not writable
        _say(f"error: {exc}")
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, f"Study Planner cannot use its data file\n"
                             f"{data_file}\n\n{exc}\n\nNothing was changed.")
        return 1
    try:
        try:
            result = store.load()
        except (StateFileError, CatalogFileError, OSError) as exc:
            _say(f"error: {exc}")
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, APP_NAME, f"Study Planner cannot open its data file"
                                 f"\n{data_file}\n\n{exc}\n\nThe file was left as it is.")
            return 1
        window = MainWindow(AppState(result.state), store, explicit=explicit,
                            first_launch=not result.existed)
        window.show()
        window.activateWindow()  # also without a window manager, so its shortcuts work
        QTimer.singleShot(0, lambda: _after_show(window, data_file, result.notices))
        return qapp.exec()
    finally:
        store.release()


def _after_show(window: object, data_file: Path, notices: list[str]) -> None:
    """Work that need not delay the first paint: the single-window socket, the notices."""
    from planner.ui.main_window import APP_NAME, MainWindow
    from planner.ui.single_instance import InstanceServer

    assert isinstance(window, MainWindow)
    server = InstanceServer(data_file, window)
    server.activation_requested.connect(window.bring_forward)
    if notices:
        for notice in notices:
            _say(notice)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(window, APP_NAME, "\n\n".join(notices))
