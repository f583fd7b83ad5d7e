"""A real signal to a real window process (issue 12, reproduction 7): SIGTERM (logout,
``systemctl``, ``kill``), SIGHUP (a terminal closed) and SIGINT (Ctrl+C) within the autosave
delay used to end the process and lose the last change. Now the change is saved and the
window exits 0."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from planner.entry.cli import main as cli

WORKTREE = Path(__file__).resolve().parents[2]
LIMIT_S = 60  # only against hangs
CATALOG = """\
title: Signals
categories:
  - title: Reading
    resources:
      - {id: first-book, title: First Book, url: "https://example.org/first", kind: book}
      - {id: second-paper, title: Second Paper, url: "https://example.org/second"}
"""
# The window as ``study-planner --data-file F`` runs it, with a test hook: once shown, it
# checks off a resource (as a click does), with the autosave delay made long, so the change
# is surely still pending when the signal comes, and says so on stdout.
WINDOW = """\
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from planner.core.operations.progress import SetDone
from planner.entry import window as app
from planner.ui import main_window

show = main_window.MainWindow.show

def show_then_change(self):
    show(self)
    def change():
        self.autosave._debounce.setInterval(60_000)
        self.history.push(lambda: SetDone(sys.argv[2]))
        print("pending" if self.autosave.dirty else "saved already", flush=True)
    QTimer.singleShot(0, change)

main_window.MainWindow.show = show_then_change
sys.exit(app.run_gui(Path(sys.argv[1]), explicit=True))
"""


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "planner.yaml"
    path.parent.mkdir()
    catalog = tmp_path / "signals.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    assert cli.main(["--data-file", str(path), "import", str(catalog)]) == 0
    return path


def status(data_file: Path, rid: str) -> str:
    listed = subprocess.run([sys.executable, "-m", "planner", "--data-file", str(data_file),
                             "list", "--json"], cwd=WORKTREE, capture_output=True, text=True,
                            timeout=LIMIT_S, check=True)
    found = [r["status"] for c in json.loads(listed.stdout)["categories"]
             for r in c.get("resources", []) if r["id"] == rid]
    assert found, listed.stdout
    return str(found[0])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_within_the_autosave_delay_saves_the_change(
        tmp_path: Path, data_file: Path, name: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(WORKTREE)}
    window = subprocess.Popen([sys.executable, "-c", WINDOW, str(data_file), "first-book"],
                              cwd=WORKTREE, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None
        assert window.stdout.readline() == "pending\n"
        window.send_signal(getattr(signal, name))
        _, err = window.communicate(timeout=LIMIT_S)
    finally:
        if window.poll() is None:
            window.kill()
            window.communicate()
    assert window.returncode == 0, err
    assert "Traceback" not in err
    assert status(data_file, "first-book") == "done"
    # and the lock is let go: a command may write the file
    assert cli.main(["--data-file", str(data_file), "progress", "second-paper", "--done"]) == 0
