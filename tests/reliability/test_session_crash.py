"""A study session survives a crash (issue 15): the real window, in its own process, starts a
session; once its start is saved the process is killed (SIGKILL: nothing runs after it);
the next launch offers to finish the session — now, at the last activity seen, or at a
typed time — and finishing it at the last activity seen loses nothing: the same session,
its start, and the end the window last saw.

The window runs as ``study-planner --data-file F`` does, with a test hook (as in
test_signals.py) that acts once it is shown and reports on stdout."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.entry.cli import main as cli
from planner.entry.wiring import default_state_dir
from planner.store.local_state import FILE_NAME, SESSION_SEEN, LocalState

WORKTREE = Path(__file__).resolve().parents[2]
LIMIT_S = 60  # only against hangs
CATALOG = """\
title: Crash
categories:
  - title: Reading
    resources:
      - {id: first-book, title: First Book, url: "https://example.org/first", kind: book,
         effort_hours: 12, units: {name: chapter, count: 6}}
"""
HOOK = """\
import json
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from planner.entry import window as app
from planner.ui import main_window

show = main_window.MainWindow.show
"""
# The first launch: once shown, start a session on the resource and press a key (activity
# the window sees in the session), then wait to be killed.
START = HOOK + """
def show_then_start(self):
    show(self)
    def start():
        assert self.session_bar.start(sys.argv[2])
        QApplication.sendEvent(self, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                               Qt.KeyboardModifier.ShiftModifier))
        print("started", flush=True)
    QTimer.singleShot(0, start)

main_window.MainWindow.show = show_then_start
sys.exit(app.run_gui(Path(sys.argv[1]), explicit=True))
"""
# The next launch: wait for the offer to finish the session, say what it offers, finish
# at the last activity seen, and quit as the user does (which saves).
FINISH = HOOK + """
def show_then_finish(self):
    show(self)
    def look():
        dialog = self.session_bar.stop_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, look)
            return
        print(json.dumps({
            "session": self.session_bar.running.id,
            "now": dialog.at_now is not None,
            "typed": dialog.at_time is not None,
            "last_seen": dialog.last_seen.isoformat() if dialog.last_seen else None,
            "last_seen_chosen": bool(dialog.at_last_seen and dialog.at_last_seen.isChecked()),
        }), flush=True)
        dialog.accept()
        self.close()
    QTimer.singleShot(0, look)

main_window.MainWindow.show = show_then_finish
sys.exit(app.run_gui(Path(sys.argv[1]), explicit=True))
"""


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "planner.yaml"
    path.parent.mkdir()
    catalog = tmp_path / "crash.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    assert cli.main(["--data-file", str(path), "import", str(catalog)]) == 0
    return path


def launch(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(WORKTREE)}
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=WORKTREE, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + LIMIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def running_session(data_file: Path, capsys: pytest.CaptureFixture[str]) -> dict | None:  # type: ignore[type-arg]
    assert cli.main(["--data-file", str(data_file), "session", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_a_session_left_by_sigkill_is_offered_to_be_finished_with_nothing_lost(
        data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    first = launch(START, str(data_file), "first-book")
    local = LocalState(default_state_dir() / FILE_NAME, data_file)
    try:
        assert first.stdout is not None
        assert first.stdout.readline() == "started\n"
        # the session's start saved in the data file, its last activity in the local state
        wait_for(lambda: '"type": "session.start"' in data_file.read_text(encoding="utf-8"),
                 "the session's start to be saved")
        wait_for(lambda: SESSION_SEEN in local.read(), "the last activity to be kept")
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=LIMIT_S)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == -signal.SIGKILL
    before = running_session(data_file, capsys)
    assert before is not None and before["sessions"] == []
    running = before["running"]
    assert running is not None and running["resource"] == "first-book"
    sid, seen = local.values[SESSION_SEEN].split(" ")
    assert sid == running["id"] and seen >= running["start"]

    second = launch(FINISH, str(data_file))
    try:
        out, err = second.communicate(timeout=LIMIT_S)
    finally:
        if second.poll() is None:
            second.kill()
            second.communicate()
    assert second.returncode == 0, err
    assert "Traceback" not in err
    offer = json.loads(out.splitlines()[0])
    # offered: now, at the last activity seen (chosen first), or at a typed time
    assert offer == {"session": running["id"], "now": True, "typed": True,
                     "last_seen": seen, "last_seen_chosen": True}
    after = running_session(data_file, capsys)
    assert after is not None and after["running"] is None
    [session] = after["sessions"]
    assert (session["id"], session["resource"], session["start"]) == (
        running["id"], "first-book", running["start"])
    assert session["end"] == seen  # where the window last saw the learner
    start, end = dt.datetime.fromisoformat(session["start"]), dt.datetime.fromisoformat(seen)
    assert session["minutes"] == round((end - start).total_seconds() / 60)
    # and the lock is let go: a command may write the file
    assert cli.main(["--data-file", str(data_file), "progress", "first-book", "--units",
                     "1"]) == 0
