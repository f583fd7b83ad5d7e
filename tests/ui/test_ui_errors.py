"""A bug in the window is seen: logged with its traceback, shown in one dialog, the errors
after it counted, and the window goes on saving (docs/architecture.md §6)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from planner.core.operations.progress import SetDone
from planner.entry import errors as entry_errors
from planner.entry import window as gui
from planner.entry.errors import ErrorLog
from planner.entry.window_errors import MAX_DIALOGS, WindowErrors
from planner.ui.error_dialog import ErrorDialog
from planner.ui.main_window import MainWindow
from tests.on_disk import saved_progress

EX_SOFTWARE = 70

# The errors here are meant: pytest-qt's own hook, which fails a test on any error in a Qt
# callback (and which the window's hooks call after theirs), stays out of these tests.
pytestmark = pytest.mark.qt_no_exception_capture


class DeliberateBug(RuntimeError):
    pass


def broken_slot(*_args: object) -> None:
    raise DeliberateBug("a deliberate bug in a slot")


def dialogs() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ErrorDialog) and w.isVisible()]


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "study-planner.log"


@pytest.fixture
def reported(window: MainWindow, log_file: Path) -> Iterator[WindowErrors]:
    """The window's error handling, as run_gui installs it, logging to ``log_file``."""
    handling = WindowErrors(ErrorLog(log_file)).install()
    handling.attach(window)
    yield handling
    handling.close()


def type_into_search(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keystrokes in the search field: its textChanged fires once per key."""
    window.panel.search.setFocus()
    qtbot.keyClicks(window.panel.search, text)


def test_a_bug_in_a_slot_is_logged_and_shown_in_one_dialog(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.panel.search.textChanged.connect(broken_slot)
    type_into_search(window, qtbot, "a")
    qtbot.waitUntil(lambda: len(dialogs()) == 1)
    (dialog,) = dialogs()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "DeliberateBug: a deliberate bug in a slot" in text
    assert "in broken_slot" in text  # the frame that raised
    # The dialog: what happened in a sentence, the log's path, the report to copy.
    assert "DeliberateBug" in dialog.message.text()
    assert str(log_file) in dialog.log_label.text()
    report = dialog.details.toPlainText()
    assert dialog.details.isReadOnly()
    assert "DeliberateBug: a deliberate bug in a slot" in report and "in broken_slot" in report
    for what in ("study-planner ", "Python ", "Qt ", "PySide6 "):
        assert what in report, what
    assert window.isVisible()  # the window goes on


def test_the_copy_button_puts_the_report_on_the_clipboard(
        window: MainWindow, reported: WindowErrors, qtbot) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, window, broken_slot)
    qtbot.waitUntil(lambda: len(dialogs()) == 1)
    (dialog,) = dialogs()
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details.toPlainText()
    assert "DeliberateBug" in QGuiApplication.clipboard().text()


def test_the_second_and_third_failures_open_no_more_dialogs_and_saving_goes_on(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.panel.search.textChanged.connect(broken_slot)
    type_into_search(window, qtbot, "abc")  # three failures, one per keystroke
    qtbot.waitUntil(lambda: reported.incidents == 3)
    (dialog,) = dialogs()
    assert dialog.repeats == 2
    assert "2" in dialog.repeat_label.text() and dialog.repeat_label.isVisible()
    assert log_file.read_text(encoding="utf-8").count("Traceback") == 1  # the first, in full
    # The user's data: a change after the errors is saved as ever.
    rid = next(iter(window.app.catalog.resources))
    window.history.push(lambda: SetDone(rid))
    qtbot.waitUntil(lambda: not window.autosave.dirty)
    assert saved_progress(window.store.path, rid).done


def test_the_same_bug_after_its_dialog_was_closed_goes_to_the_status_bar(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.panel.search.textChanged.connect(broken_slot)
    type_into_search(window, qtbot, "a")
    qtbot.waitUntil(lambda: len(dialogs()) == 1)
    dialogs()[0].reject()
    qtbot.waitUntil(lambda: not dialogs())
    type_into_search(window, qtbot, "bcd")  # a slot that fails on every keystroke or repaint
    qtbot.waitUntil(lambda: reported.incidents == 4)
    assert dialogs() == [] and reported.dialogs == 1
    assert "internal error" in window.statusBar().currentMessage()
    assert str(log_file) in window.statusBar().currentMessage()


def test_different_bugs_open_a_few_dialogs_at_most(
        window: MainWindow, reported: WindowErrors, qtbot) -> None:  # type: ignore[no-untyped-def]
    def fail(n: int) -> None:
        raise DeliberateBug(f"bug {n}") if n % 2 else KeyError(n)

    bugs = [lambda: fail(1), lambda: fail(2), lambda: broken_slot(), lambda: [][1],
            lambda: 1 / 0]
    for n, bug in enumerate(bugs, 1):
        QTimer.singleShot(0, window, bug)
        qtbot.waitUntil(lambda n=n: reported.incidents == n)  # type: ignore[misc]
        for dialog in dialogs():
            dialog.reject()
        qtbot.waitUntil(lambda: not dialogs())
    assert reported.dialogs == MAX_DIALOGS < len(bugs)


def test_a_change_whose_listener_fails_is_still_saved(
        windows, log_file: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The detail pane listens before the autosaver: when its refresh fails, the change
    has been made but the autosaver was never told; it is saved all the same."""
    window = windows.open(autosave_ms=60_000)  # no save but the one after the error
    handling = WindowErrors(ErrorLog(log_file)).install()
    handling.attach(window)
    try:
        rid = window.pane.node_id
        assert rid in window.app.catalog.resources  # the pane shows it: refreshed on change
        monkeypatch.setattr(window.pane, "refresh", broken_slot)
        QTimer.singleShot(0, window, lambda: window.history.push(
            lambda: SetDone(rid)))
        qtbot.waitUntil(lambda: len(dialogs()) == 1)
        assert window.app.status(rid) == "done"
        assert not window.autosave.dirty
        assert saved_progress(window.store.path, rid).done
        assert "in broken_slot" in log_file.read_text(encoding="utf-8")
    finally:
        handling.close()


def test_a_dialog_that_fails_does_not_recurse(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot, monkeypatch,
        capsys) -> None:  # type: ignore[no-untyped-def]
    def no_dialog(*args: object, **kwargs: object) -> None:
        raise DeliberateBug("the dialog itself is broken")

    monkeypatch.setattr(ErrorDialog, "__init__", no_dialog)
    window.panel.search.textChanged.connect(broken_slot)
    type_into_search(window, qtbot, "ab")
    qtbot.waitUntil(lambda: reported.incidents == 2)
    qtbot.wait(50)  # any loop would go on here
    assert reported.failed and reported.incidents == 2 and dialogs() == []
    text = log_file.read_text(encoding="utf-8")
    assert "a deliberate bug in a slot" in text and "the dialog itself is broken" in text
    assert "the dialog itself is broken" in capsys.readouterr().err
    assert window.isVisible()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_bug_in_a_python_thread_is_logged_and_shown_on_the_gui_thread(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # pytest 8.0 (the oldest lane's) puts its own threading.excepthook in place for each call,
    # over the one the fixture installed (the window installs ours once, for its life)
    monkeypatch.setattr(threading, "excepthook", reported.hooks.threading_hook)
    thread = threading.Thread(target=broken_slot, name="importer")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(dialogs()) == 1)
    text = log_file.read_text(encoding="utf-8")
    assert "DeliberateBug" in text and "thread importer" in text


def test_a_bug_in_the_background_import_is_an_internal_error_not_a_bad_file(
        window: MainWindow, reported: WindowErrors, log_file: Path, qtbot, monkeypatch,
        boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The import's job runs in a QThread and is raised again on the GUI thread: a bare
    ValueError from a bug in it is no longer shown as "cannot be imported"."""
    from PySide6.QtWidgets import QFileDialog

    import planner.store.importers.files

    def broken_importer(path: Path, work: object = None) -> None:
        raise ValueError("a deliberate bug in the importer")

    monkeypatch.setattr(planner.store.importers.files, "load_import", broken_importer)
    listing = tmp_path / "list.md"
    listing.write_text("* [A](https://example.org/a)\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args: (str(listing), "")))
    before = window.app.revision
    window.files.import_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs()) == 1)
    assert boxes == []  # not worded as a problem with the file
    assert "in broken_importer" in log_file.read_text(encoding="utf-8")
    assert window.app.revision == before and window.files.import_action.isEnabled()


def test_a_keyboard_interrupt_closes_the_window_saving_and_is_no_bug(
        windows, log_file: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(autosave_ms=60_000)
    handling = WindowErrors(ErrorLog(log_file)).install()
    handling.attach(window)
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    try:
        rid = next(iter(window.app.catalog.resources))
        window.history.push(lambda: SetDone(rid))

        def interrupted() -> None:
            raise KeyboardInterrupt

        QTimer.singleShot(0, window, interrupted)
        qtbot.waitUntil(lambda: bool(codes))
    finally:
        handling.close()
    assert codes == [0] and not window.isVisible()
    assert saved_progress(window.store.path, rid).done
    assert dialogs() == [] and not log_file.exists()


def test_an_error_still_queued_when_the_window_is_gone_shows_nothing(
        window: MainWindow, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    handling = WindowErrors(ErrorLog(log_file)).install()
    handling.attach(window)
    try:
        broken_slot()
    except DeliberateBug as bug:
        handling.hooks.sys_hook(type(bug), bug, bug.__traceback__)  # as Qt would
    assert log_file.exists()  # logged where it was raised; its report is queued
    handling.close()
    qtbot.wait(50)
    assert dialogs() == [] and handling.incidents == 0


def test_the_hooks_are_given_back(window: MainWindow, log_file: Path) -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    handling = WindowErrors(ErrorLog(log_file)).install()
    assert (sys.excepthook, threading.excepthook) != before
    handling.close()
    assert (sys.excepthook, threading.excepthook) == before


def test_a_hook_installed_before_still_sees_the_error(
        window: MainWindow, log_file: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A debugger's hook, or pytest-qt's in the other tests, is called after ours."""
    import sys

    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: seen.append(kind))
    handling = WindowErrors(ErrorLog(log_file)).install()
    handling.attach(window)
    try:
        QTimer.singleShot(0, window, broken_slot)
        qtbot.waitUntil(lambda: len(dialogs()) == 1)
    finally:
        handling.close()
    assert seen == [DeliberateBug]


# ------------------------------------------------------------------------------ run_gui


def test_run_gui_reports_a_bug_in_the_running_window(
        data_file: Path, qtbot, monkeypatch, boxes) -> None:  # type: ignore[no-untyped-def]
    """The hooks are the window's from its start: a real slot failing in the window
    run_gui opened shows the dialog, and the window is still saved on quit."""
    seen: list[str] = []

    def exec_() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        window.panel.search.textChanged.connect(broken_slot)
        window.panel.search.setText("x")
        qtbot.waitUntil(lambda: len(dialogs()) == 1)
        seen.append(dialogs()[0].details.toPlainText())
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    assert gui.run_gui(data_file, explicit=True) == 0
    assert "DeliberateBug" in seen[0]
    assert "DeliberateBug" in entry_errors.default_log_file().read_text(encoding="utf-8")
    assert data_file.exists()  # saved on quit, as ever


def test_a_bug_while_the_window_starts_is_shown_logged_and_exits_70(
        data_file: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import planner.ui.main_window

    def broken_window(*args: object, **kwargs: object) -> None:
        raise DeliberateBug("the window could not be built")

    shown: list[str] = []
    monkeypatch.setattr(planner.ui.main_window, "MainWindow", broken_window)
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.message.text()))
    assert gui.run_gui(data_file, explicit=True) == EX_SOFTWARE
    [message] = shown
    assert "could not start" in message and "DeliberateBug" in message
    err = capsys.readouterr().err
    log = entry_errors.default_log_file()
    assert "internal error (DeliberateBug)" in err and str(log) in err
    assert "the window could not be built" in log.read_text(encoding="utf-8")
    from planner.entry.wiring import open_state_file

    with open_state_file(data_file).locked():
        pass  # the lock was let go


def test_a_user_error_while_the_window_starts_is_said_as_such(
        data_file: Path, monkeypatch, boxes, capsys) -> None:  # type: ignore[no-untyped-def]
    import planner.ui.main_window
    from planner.core.planning.settings import SettingsError

    def refusing_window(*args: object, **kwargs: object) -> None:
        raise SettingsError("max parallel must be a whole number from 1 to 50, got 0")

    monkeypatch.setattr(planner.ui.main_window, "MainWindow", refusing_window)
    assert gui.run_gui(data_file, explicit=True) == 1
    [(kind, text)] = boxes
    assert kind == "critical" and "max parallel" in text
    err = capsys.readouterr().err
    assert "max parallel" in err and "internal error" not in err
    assert not entry_errors.default_log_file().exists()
