"""``run_gui``: the lock, files it must not touch, the notices, and one window per file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from planner.entry import window as gui
from planner.entry.wiring import open_state_file
from planner.ui.main_window import MainWindow
from planner.ui.single_instance import InstanceServer, ask_first_window


def shown_window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window run_gui shows (not a closed one an earlier test left for deletion)."""

    def visible() -> list[MainWindow]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(visible()))
    return visible()[0]


@pytest.fixture
def event_loop_runs(monkeypatch: pytest.MonkeyPatch, qtbot):  # type: ignore[no-untyped-def]
    """Replace the app's event loop: run pending events, check the window, close it."""
    seen: list[MainWindow] = []

    def exec_() -> int:
        window = shown_window(qtbot)
        qtbot.wait(50)  # the first passes of the event loop (the notices)
        server = window.findChild(InstanceServer)
        assert server is not None and server.listening
        seen.append(window)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    return seen


def test_run_gui_shows_the_window_saves_and_releases_the_lock(
        data_file: Path, event_loop_runs, boxes) -> None:  # type: ignore[no-untyped-def]
    assert gui.run_gui(data_file, explicit=True) == 0
    (window,) = event_loop_runs
    assert window.windowTitle() == "planner.yaml[*]"
    assert data_file.exists()  # the window state was saved on quit
    assert boxes == []
    with open_state_file(data_file).locked():
        pass  # released


def test_the_window_listens_for_a_second_launch_from_its_first_pass(
        data_file: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The socket is there when the event loop first runs: no timer to wait out."""
    seen: list[str] = []

    def exec_() -> int:
        window = shown_window(qtbot)
        server = window.findChild(InstanceServer)
        seen.append("listening" if server is not None and server.listening else "deaf")
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    assert gui.run_gui(data_file, explicit=True) == 0
    assert seen == ["listening"]


def test_a_newer_file_is_refused_and_left_untouched(data_file: Path, boxes, capsys) -> None:  # type: ignore[no-untyped-def]
    data_file.write_text("schema_version: 99\nprogress: {}\n", encoding="utf-8")
    before = data_file.read_bytes()
    assert gui.run_gui(data_file, explicit=True) == 1
    assert data_file.read_bytes() == before
    [(kind, text)] = boxes
    assert kind == "critical"
    assert str(data_file) in text and "newer" in text
    assert "newer" in capsys.readouterr().err
    with open_state_file(data_file).locked():
        pass


def test_a_corrupt_file_is_moved_aside_and_the_user_told(
        data_file: Path, event_loop_runs, boxes) -> None:  # type: ignore[no-untyped-def]
    data_file.write_text("schema_version: 1\nprogress: [unclosed\n", encoding="utf-8")
    assert gui.run_gui(data_file, explicit=True) == 0
    [(kind, text)] = boxes
    assert kind == "information"
    assert "could not be read" in text and "moved to" in text
    assert list(data_file.parent.glob("planner.corrupt-*.yaml"))


def test_a_locked_file_is_not_opened_twice(data_file: Path, boxes, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gui, "LOCK_WAIT_S", 0.2)
    other = open_state_file(data_file)
    with other.locked():
        assert gui.run_gui(data_file, explicit=True) == 1
    err = capsys.readouterr().err
    assert f"{data_file} is in use by another program" in err
    assert "nothing was opened" in err
    [(kind, text)] = boxes
    assert kind == "warning" and "in use by another program" in text
    assert not data_file.exists()


SECOND_LAUNCH = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from planner.entry import window as gui
from planner.entry.wiring import open_state_file
qapp = QCoreApplication([])
path = Path(sys.argv[1])
print(gui.claim_data_file(open_state_file(path), path))
"""


def test_a_second_launch_before_the_first_window_listens_waits_for_it(
        data_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The first window holds the lock but does not listen yet (it listens once its window
    is built): a second launch in between keeps asking, and is answered once the socket is
    there."""
    first = open_state_file(data_file)
    root = Path(__file__).resolve().parents[2]
    with first.locked():
        second = subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH, str(data_file)],
                                  cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        qtbot.wait(800)  # the second has started and is asking, unanswered (it asks for 1.5 s)
        assert second.poll() is None
        server = InstanceServer(data_file)
        assert server.listening
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
        out, err = second.communicate(timeout=60)
        server.close()
    assert (out, err) == ("False\n", "")  # forwarded, not claimed


def test_a_second_launch_brings_the_first_window_forward(data_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The second launch's side runs in another process: it waits for the first's answer,
    which this process sends from its event loop. The whole second launch:
    tests/reliability/test_two_instances.py."""
    first = open_state_file(data_file)
    root = Path(__file__).resolve().parents[2]
    with first.locked():
        server = InstanceServer(data_file)
        assert server.listening
        with qtbot.waitSignal(server.activation_requested, timeout=60_000):
            second = subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH, str(data_file)],
                                      cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
        # the answer goes out from this event loop: keep it running until the second is done
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
        out, err = second.communicate(timeout=60)
        server.close()
    assert (out, err) == ("False\n", "")  # forwarded, not claimed


def test_nobody_to_bring_forward(tmp_path: Path) -> None:
    assert not ask_first_window(tmp_path / "nobody.yaml")
