"""``study-planner sync`` while a window has the file open (issue 18): the command asks the
window, over its single-instance socket (planner/ui/single_instance.py), to merge the
conflict copies as its follower does, and prints the window's answer as its own.

The window runs in this process (pytest-qt), listening as ``run_gui`` makes it listen; the
command runs as a real process (``python -m planner``) while this test's event loop spins,
so that the window can answer. Waits have generous limits only against hangs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from planner.core.operations.catalog import SetPriority
from planner.core.operations.progress import RecordUnits
from planner.entry import window as gui
from planner.entry.cli.main import main
from planner.ui import single_instance
from planner.ui.main_window import MainWindow
from planner.ui.single_instance import InstanceServer, server_name
from tests.on_disk import saved_progress, saved_state
from tests.ui.test_ui_follow_file import SYNCTHING, followed_window, other_machine_writes

WORKTREE = Path(__file__).resolve().parents[2]
LIMIT_MS = 60_000

# Qt's offscreen platform cannot raise a window
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder for the window's socket, short enough for a socket's path."""
    folder = Path(tempfile.mkdtemp(prefix="sp-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def listening_window(windows, qtbot) -> tuple[MainWindow, InstanceServer]:  # type: ignore[no-untyped-def]
    """A window following its file, that does not look on its own (the test's command
    is what makes it look), listening for a second launch as ``run_gui`` makes it."""
    window = followed_window(windows, qtbot)
    assert window.follower is not None
    window.follower._timer.setInterval(3_600_000)
    server = gui.listen_for_second_launch(window, window.store.path)
    assert server.listening
    return window, server


def sync_command(qtbot, path: Path, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """``study-planner --data-file PATH sync ARGS`` as a real process; this event loop
    runs (the window answers from it) until the command has ended."""
    command = subprocess.Popen(
        [sys.executable, "-m", "planner", "--data-file", str(path), "sync", *args],
        cwd=WORKTREE, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                           "PYTHONPATH": str(WORKTREE)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: command.poll() is not None, timeout=LIMIT_MS)
    finally:
        if command.poll() is None:
            command.kill()
    out, err = command.communicate()
    return command.returncode, out, err


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_sync_asks_the_window_which_merges_the_copy_with_its_unsaved_change(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _server = listening_window(windows, qtbot)
    path = window.store.path
    assert window.history.push(lambda: SetPriority("linalg", 5))  # unsaved in the window
    assert window.autosave.dirty
    theirs = other_machine_writes(path, RecordUnits("numpy-100", 3), name=SYNCTHING)
    copy = path.parent / SYNCTHING
    assert window.app.progress("numpy-100").units_done == 0  # not looked at on its own

    code, out, err = sync_command(qtbot, path, "--json")

    assert code == 0, err
    report = json.loads(out)
    moved = path.parent / "merged" / SYNCTHING
    assert report["merged"] == [str(copy)] and report["moved_to"] == [str(moved)]
    assert report["conflicts"] == [] and report["problems"] == []
    assert report["window"].startswith("Merged changes from the other machine: 1 event")
    assert "undo history cleared" in report["window"]
    # the window holds the other machine's change and its own; both are on disk
    assert window.app.progress("numpy-100").units_done == 3
    assert window.app.catalog.resources["linalg"].priority == 5
    assert not window.autosave.dirty
    assert saved_progress(path, "numpy-100").units_done == 3
    assert saved_state(path).catalog.resources["linalg"].priority == 5
    assert not copy.exists() and moved.read_bytes() == theirs  # kept whole
    # the status bar says it, as for the follower's own merges
    assert window.statusBar().currentMessage() == report["window"]

    # nothing left: asked again, the window says so, in the command's own words
    before = path.read_bytes()
    code, out, err = sync_command(qtbot, path)
    assert (code, err) == (0, "")
    assert out == f"no conflict copies beside {path}\n"
    assert path.read_bytes() == before


def test_the_text_form_and_a_copy_that_does_not_merge(windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _server = listening_window(windows, qtbot)
    path = window.store.path
    other_machine_writes(path, RecordUnits("numpy-100", 2), name=SYNCTHING)
    bad = path.parent / "planner.sync-conflict-20261203-101010-ZZZZZZZ.yaml"
    bad.write_text("schema_version: 2\njournal: 3\n")

    code, out, err = sync_command(qtbot, path)

    assert code == 1  # a copy left behind is a problem, as in the command's own sync
    lines = out.splitlines()
    assert lines[0] == f"merged {SYNCTHING} (moved to {path.parent / 'merged' / SYNCTHING})"
    assert lines[1].startswith("merged in the window that has the file open: Merged changes")
    assert len(lines) == 2
    assert err.startswith(f"study-planner: error: {bad} could not be merged and is left "
                          "where it is: ") and err.count("\n") == 1
    assert bad.read_text() == "schema_version: 2\njournal: 3\n"
    assert window.app.progress("numpy-100").units_done == 2
    assert saved_progress(path, "numpy-100").units_done == 2


def test_a_window_that_is_closing_is_waited_for_and_the_command_merges(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, server = listening_window(windows, qtbot)
    path = window.store.path
    other_machine_writes(path, RecordUnits("numpy-100", 3), name=SYNCTHING)
    window.close()  # saved on quit; run_gui lets go of the lock once its loop has ended
    assert window.closed and server.listening
    window.store.release()  # as run_gui does, while the socket still answers "closing"

    code, out, err = sync_command(qtbot, path)

    assert (code, err) == (0, "")
    assert out == f"merged {SYNCTHING} (moved to {path.parent / 'merged' / SYNCTHING})\n"
    assert saved_progress(path, "numpy-100").units_done == 3


def test_a_window_that_does_not_answer_is_said_and_nothing_changes(
        windows, qtbot, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A frozen window: the connection is queued by the system, no answer comes. Played
    by a server in this process that never gets to answer (the command blocks it)."""
    window = followed_window(windows, qtbot)  # holds the lock, and no socket of its own
    path = window.store.path
    other_machine_writes(path, RecordUnits("numpy-100", 3), name=SYNCTHING)
    frozen = QLocalServer()
    assert frozen.listen(server_name(path))
    monkeypatch.setattr(single_instance, "SYNC_TIMEOUT_MS", 300)
    before = folder_snapshot(path.parent)
    try:
        code = main(["--data-file", str(path), "sync"])
    finally:
        frozen.close()
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (f"study-planner: error: a window has {path} open and did not answer "
                   "within 0 s (it may still merge the copies once it is free); close it or "
                   "try again\n")
    assert folder_snapshot(path.parent) == before


def test_a_window_with_a_dialog_open_says_why_it_did_not_merge(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    window, _server = listening_window(windows, qtbot)
    path = window.store.path
    other_machine_writes(path, RecordUnits("numpy-100", 3), name=SYNCTHING)
    before = folder_snapshot(path.parent)
    dialog = QDialog(window)
    results: list[tuple[int, str, str]] = []

    def while_open() -> None:
        results.append(sync_command(qtbot, path))
        dialog.reject()

    QTimer.singleShot(0, while_open)
    dialog.exec()  # modal, as an import's preview is

    [(code, out, err)] = results
    assert (code, out) == (1, "")
    assert err == (f"study-planner: error: the window that has {path} open did not merge: "
                   "a dialog is open in the window; finish it and try again\n")
    assert folder_snapshot(path.parent) == before
    assert window.app.progress("numpy-100").units_done == 0


def test_the_socket_answers_raise_sync_and_anything_else_one_line_each(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The protocol in single_instance's docstring, spoken by hand (the answers come from
    this event loop, so the client here does not block)."""
    from PySide6.QtNetwork import QLocalSocket

    window, server = listening_window(windows, qtbot)

    def ask(request: bytes) -> bytes:
        client = QLocalSocket()
        client.connectToServer(server_name(window.store.path))
        client.write(request)
        qtbot.waitUntil(client.canReadLine, timeout=LIMIT_MS)
        line = bytes(client.readLine().data())
        client.abort()
        return line

    with qtbot.waitSignal(server.activation_requested, timeout=LIMIT_MS):
        assert ask(b"raise\n") == b"ok\n"
    answer = json.loads(ask(b"sync\n"))
    assert answer == {"merged": [], "moved_to": [], "conflicts": [], "problems": [],
                      "set_aside": [], "window": ""}
    assert ask(b"open the pod bay doors\n") == b"unknown\n"


def test_a_sync_request_whose_command_has_gone_is_dropped(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The command gave up waiting (the window was busy) and went: when the window gets to
    the request, it does not merge for a command that is no longer there."""
    from PySide6.QtNetwork import QLocalSocket

    calls: list[int] = []
    server = InstanceServer(tmp_path / "planner.yaml", sync=lambda: calls.append(1) or {})
    assert server.listening
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(LIMIT_MS)
    client.write(b"sync\n")
    assert client.waitForBytesWritten(LIMIT_MS)
    client.abort()  # before the window's event loop saw the request
    qtbot.wait(300)
    assert calls == []
    server.close()


def test_an_answer_that_takes_a_while_is_not_cut_off(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The timer that closes a connection that says nothing stops once the request is read:
    a merge slower than it, with a long answer, still reaches the command whole."""
    import time

    from PySide6.QtNetwork import QLocalSocket

    monkeypatch.setattr(single_instance, "REQUEST_TIMEOUT_MS", 50)
    long = ["x" * 1000] * 2000  # 2 MB: more than a socket's buffer

    def slow_sync() -> dict[str, object]:
        time.sleep(0.2)
        return {"problems": long}

    server = InstanceServer(tmp_path / "planner.yaml", sync=slow_sync)
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(LIMIT_MS)
    client.write(b"sync\n")
    client.flush()
    qtbot.waitUntil(client.canReadLine, timeout=LIMIT_MS)
    assert json.loads(bytes(client.readLine().data())) == {"problems": long}
    client.abort()
    server.close()


def test_a_connection_that_says_nothing_is_closed(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtNetwork import QLocalSocket

    monkeypatch.setattr(single_instance, "REQUEST_TIMEOUT_MS", 50)
    server = InstanceServer(tmp_path / "planner.yaml")
    client = QLocalSocket()
    client.connectToServer(server.name)
    assert client.waitForConnected(LIMIT_MS)
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                    timeout=LIMIT_MS)
    server.close()
