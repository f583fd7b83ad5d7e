"""The launcher: `study-planner` and `python -m planner` reach the command line, with the
cyclic collector left as Python has it (issue 13 retired the start-up pause)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from planner.entry import launch


def test_a_command_runs_and_leaves_the_collector_on(capsys, data_file: Path) -> None:
    seen: list[bool] = []
    import planner.entry.cli.main

    real = planner.entry.cli.main.cmd_list

    def spy(args):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planner.entry.cli.main, "cmd_list", spy)
        assert launch.main(["--data-file", str(data_file), "list"]) == 0
    assert "Theoretical" in capsys.readouterr().out
    assert seen == [True]  # the command itself runs with the collector on
    assert gc.isenabled()


def test_the_collector_comes_back_even_when_the_command_fails(capsys, data_file: Path) -> None:
    assert launch.main(["--data-file", str(data_file), "progress", "nope", "--done"]) == 1
    assert gc.isenabled()


def test_python_dash_m_planner_goes_through_the_launcher(data_file: Path) -> None:
    """`python -m planner` reaches the command line through the launcher (the console
    script's entry point is the same function)."""
    code = ("import gc, runpy, sys\n"
            "import planner.entry.cli.main\n"
            "planner.entry.cli.main.main = "
            "lambda argv=None: print('command line, collector on:', gc.isenabled()) or 0\n"
            "sys.argv = ['planner', 'list']\n"
            "runpy.run_module('planner', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "command line, collector on: True", done.stderr
    assert "planner.entry.launch:main" in (Path(__file__).resolve().parents[1] / "pyproject.toml"
                                     ).read_text()


# The window path, run as the console script runs it, up to the first idle pass of its event
# loop: what it has loaded by then (a fresh process; offscreen; a first launch).
FIRST_IDLE = """
import json, sys
import planner.entry.cli.main as cli
run_window = cli._run_window

def run_window_reporting(args):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    run = QApplication.exec

    def exec_reporting(*_):
        def report():
            import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
            loaded = {name: name in sys.modules for name in (
                "yaml", "planner.core.catalog.merge",
                "planner.ui.dialogs.import_dialog", "planner.ui.dialogs.resource_dialog")}
            built = {name: name in vars(module) for module, names in (
                (PySide6.QtWidgets, ("QFileDialog", "QMessageBox", "QDialog")),
                (PySide6.QtCore, ("QUrl",)), (PySide6.QtGui, ("QDesktopServices",)))
                for name in names}
            print(json.dumps({"loaded": loaded, "built": built}), flush=True)
            QApplication.quit()
        QTimer.singleShot(0, report)
        return run()

    QApplication.exec = exec_reporting
    return run_window(args)

cli._run_window = run_window_reporting
from planner.entry.launch import main
sys.exit(main(["--data-file", sys.argv[1]]))
"""


def test_the_window_starts_without_what_only_later_actions_need(tmp_path: Path) -> None:
    """PyYAML, import and the dialogs, and the Qt classes of message boxes, file dialogs and
    opening links are not loaded before the window is first idle: each costs
    start-up time (docs/performance.md)."""
    import json
    import os

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_RUNTIME_DIR": str(tmp_path)}
    env.pop("STUDY_PLANNER_DATA_FILE", None)
    done = subprocess.run([sys.executable, "-c", FIRST_IDLE, str(tmp_path / "planner.yaml")],
                          capture_output=True, text=True, timeout=120, cwd=root, env=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["loaded"] == dict.fromkeys(report["loaded"], False)
    assert report["built"] == dict.fromkeys(report["built"], False)
