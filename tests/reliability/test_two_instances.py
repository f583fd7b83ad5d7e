"""Two instances on one data file (docs/architecture.md §3.4, "One writer").

- A second launch of the window brings the first forward and ends (exit 0), touching
  nothing; a first window that does not answer, or is closing, is not taken for one that
  came forward.
- A command-line write while the window holds the file is refused with one line naming
  the file (exit 1), the file byte-identical, and the window's later saves lose nothing;
  read-only commands work and show what the window last saved.
- A holder killed with SIGKILL (a window, a command) leaves nothing that blocks the next
  start: the lock file stays but is not "in use"; the stale socket is replaced.

Windows run in this process (pytest-qt) or as real processes (``python -m planner`` on
Qt's offscreen platform). Waits on other processes have generous limits only so that a
hang fails instead of blocking CI; nothing here asserts how long anything took
(bench/bench_two_instances.py measures that).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner import paths
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.progress import SetDone
from planner.entry import window as gui
from planner.entry.cli import common
from planner.entry.cli import main as cli
from planner.entry.wiring import open_state_file
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from planner.ui.main_window import MainWindow
from planner.ui.single_instance import InstanceServer, server_name

# Qt's offscreen platform cannot raise a window (bring_forward asks it to)
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

WORKTREE = Path(__file__).resolve().parents[2]
SMALL_CATALOG = WORKTREE / "tests" / "data" / "small-catalog.yaml"
LIMIT_S = 60  # only against hangs
MINI_CATALOG = """\
title: Two instances
categories:
  - title: Reading
    resources:
      - id: first-book
        title: First Book
        url: https://example.org/first
        kind: book
        effort_hours: 4
      - id: second-paper
        title: Second Paper
        url: https://example.org/second
        kind: paper
        effort_hours: 2
      - id: third-video
        title: Third Video
        url: https://example.org/third-video
        kind: video-series
        effort_hours: 3
"""
EXTRA_LIST = "# More\n\n* [Third Notes](https://example.org/third) by A. Author\n"


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder (``$XDG_RUNTIME_DIR``) for the windows' sockets, short
    enough for a socket's path, and removed afterwards with whatever a killed window left."""
    folder = Path(tempfile.mkdtemp(prefix="sp-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def small_default_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "default_catalog_path", lambda: SMALL_CATALOG)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """A data file with a catalog of its own and an accepted plan, so that a window opening
    it has nothing to save until something is changed."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "planner.yaml"
    catalog = tmp_path / "mini.yaml"
    catalog.write_text(MINI_CATALOG, encoding="utf-8")
    assert cli.main(["--data-file", str(path), "import", str(catalog)]) == 0
    assert cli.main(["--data-file", str(path), "plan", "--replan"]) == 0
    return path


def environment() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(WORKTREE)}


def launch(data_file: Path, *args: str, log: Path | None = None) -> subprocess.Popen[str]:
    """``study-planner --data-file F [args]`` as a real process of this worktree's code;
    its output piped (read it with ``communicate``), or to ``log``."""
    command = [sys.executable, "-m", "planner", "--data-file", str(data_file), *args]
    if log is None:
        return subprocess.Popen(command, cwd=WORKTREE, env=environment(), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=WORKTREE, env=environment(), stdout=out,
                                stderr=subprocess.STDOUT)


def second_launch(qtbot, first: AppWindow, data_file: Path) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """A real second launch on ``data_file`` while ``first`` is open: (exit status, stdout,
    stderr) once it is handed over and has ended. Should it open a window of its own
    instead, it is stopped when the wait gives up."""
    second = launch(data_file)
    try:
        with qtbot.waitSignal(first.server.activation_requested, timeout=LIMIT_S * 1000):
            pass
        # The answer goes out from this event loop: keep it running until the second ends.
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=LIMIT_S * 1000)
    finally:
        if second.poll() is None:
            stop(second)
    out, err = second.communicate()
    return second.returncode, out, err


def run(data_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", "--data-file", str(data_file),
                           *args], cwd=WORKTREE, env=environment(), capture_output=True,
                          text=True, timeout=LIMIT_S)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + LIMIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def window_process(data_file: Path, log: Path) -> subprocess.Popen[str]:
    """A real window on ``data_file``, once it listens for a second launch."""
    process = launch(data_file, log=log)
    socket = Path(server_name(data_file))
    wait_for(lambda: socket.exists() or process.poll() is not None, "the window to start")
    assert process.poll() is None, log.read_text()
    return process


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.kill()
    process.communicate(timeout=LIMIT_S)  # and closes its pipes


def snapshot(folder: Path) -> dict[str, tuple[bytes, int | None]]:
    """Every file in the folder: bytes and modification time (bytes only for the lock
    file: filelock before 3.20.2 opens it with O_TRUNC on every try, which sets the time
    of an empty file that stays empty)."""
    return {p.name: (p.read_bytes(), None if p.suffix == ".lock" else p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


def saved(data_file: Path) -> PlannerState:
    """What the data file holds, read as the app reads it (progress: the journal's fold)."""
    result = StateFile(data_file, lambda: load_catalog(SMALL_CATALOG)).load()
    assert result.existed and result.notices == []
    return result.state


class AppWindow:
    """A window run as ``run_gui`` runs it: the lock claimed, the state loaded, listening
    for a second launch."""

    def __init__(self, qtbot, data_file: Path) -> None:  # type: ignore[no-untyped-def]
        self.store: StateFile = open_state_file(data_file)
        assert gui.claim_data_file(self.store, data_file)
        result = self.store.load()
        self.window = MainWindow(AppState(result.state), self.store, explicit=True,
                                 autosave_ms=60_000, retry_ms=60_000)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.server: InstanceServer = gui.listen_for_second_launch(self.window, data_file)
        assert self.server.listening
        self.closed = False

    def change(self, rid: str) -> None:
        """Mark a resource done, as a click does, and save it."""
        self.window.history.push(lambda: SetDone(rid))
        assert self.window.autosave.save_now(force=True)

    def close(self) -> None:
        """Quit as ``run_gui`` does: close (saves), stop listening, let go of the file."""
        if not self.closed:
            self.window.confirm_discard = lambda error: True  # type: ignore[method-assign]
            self.window.close()
            self.let_go()

    def let_go(self) -> None:
        """What ``run_gui`` does once the event loop has ended."""
        if not self.closed:
            self.closed = True
            self.server.close()
            self.store.release()
            self.window.deleteLater()


@pytest.fixture
def app_window(qtbot) -> Iterator[Callable[[Path], AppWindow]]:  # type: ignore[no-untyped-def]
    made: list[AppWindow] = []

    def make(data_file: Path) -> AppWindow:
        made.append(AppWindow(qtbot, data_file))
        return made[-1]

    yield make
    for window in made:
        window.close()


BROUGHT_FORWARD = "is already open in a Study Planner window; brought that window forward"


# ------------------------------------------------------------------------------ second launch


def test_a_second_launch_is_answered_during_a_long_import(
        app_window, data_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, reproduction 11: the import works off the GUI thread, so the window answers
    a second launch while it works (the launch is made from inside the import's work)."""
    import planner.core.catalog.merge as merge_module
    from planner.ui.file_actions import FileActions

    first = app_window(data_file)
    preview_import = merge_module.preview_import
    answers: list[tuple[int, str]] = []

    def second_launch_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        second = launch(data_file)
        try:
            _, err = second.communicate(timeout=LIMIT_S)
            answers.append((second.returncode, err))
        finally:
            stop(second)  # on the GUI thread it would wait for the lock: no answer
        return preview_import(*args, **kwargs)

    monkeypatch.setattr(merge_module, "preview_import", second_launch_meanwhile)
    monkeypatch.setattr(FileActions, "run_dialog", lambda self, dialog: False)  # Cancel
    listed = tmp_path / "more.md"
    listed.write_text(EXTRA_LIST, encoding="utf-8")
    before = snapshot(data_file.parent)
    assert not first.window.files.import_list(listed)
    assert answers == [(0, f"study-planner: {data_file} {BROUGHT_FORWARD}\n")]
    assert snapshot(data_file.parent) == before


def test_a_second_launch_brings_the_first_window_forward_and_ends(
        app_window, qtbot, data_file: Path) -> None:  # type: ignore[no-untyped-def]
    first = app_window(data_file)
    first.window.showMinimized()
    qtbot.waitUntil(first.window.isMinimized)
    before = snapshot(data_file.parent)
    second = launch(data_file)
    with qtbot.waitSignal(first.server.activation_requested, timeout=LIMIT_S * 1000):
        pass
    # The answer goes out from this event loop: keep it running until the second ends.
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=LIMIT_S * 1000)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert err == f"study-planner: {data_file} {BROUGHT_FORWARD}\n" and out == ""
    assert not first.window.isMinimized() and first.window.isVisible()
    assert snapshot(data_file.parent) == before


@pytest.mark.slow
def test_a_second_launch_of_a_window_process(tmp_path: Path, data_file: Path) -> None:
    """Both as real processes: the second reaches the first, ends at once with exit 0,
    and the first goes on."""
    first = window_process(data_file, tmp_path / "first.log")
    try:
        before = snapshot(data_file.parent)
        second = run(data_file)
        assert second.returncode == 0, second.stderr
        assert second.stderr == f"study-planner: {data_file} {BROUGHT_FORWARD}\n"
        assert first.poll() is None
        assert snapshot(data_file.parent) == before
    finally:
        stop(first)


@pytest.mark.slow
def test_a_window_that_does_not_answer_is_not_taken_for_one_that_came_forward(
        tmp_path: Path, data_file: Path, boxes, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A frozen first window still accepts the connection (the system queues it) but
    cannot come forward: the launch says the file is in use and opens nothing."""
    monkeypatch.setattr(gui, "LOCK_WAIT_S", 0.5)
    first = window_process(data_file, tmp_path / "first.log")
    try:
        first.send_signal(signal.SIGSTOP)
        before = snapshot(data_file.parent)
        assert gui.run_gui(data_file, explicit=True) == 1
        err = capsys.readouterr().err
        assert "brought" not in err
        assert f"{data_file} is in use by another program" in err
        assert "window that does not answer" in err and "nothing was opened" in err
        [(kind, text)] = boxes
        assert kind == "warning" and str(data_file) in text
        assert snapshot(data_file.parent) == before

        first.send_signal(signal.SIGCONT)  # it answers again
        second = run(data_file)
        assert (second.returncode, BROUGHT_FORWARD in second.stderr) == (0, True), second.stderr
    finally:
        stop(first)


SECOND_LAUNCH = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from planner.entry import window as gui
from planner.entry.wiring import open_state_file
qapp = QCoreApplication([])
gui.LOCK_WAIT_S = 60  # this test decides when the first lets go
path = Path(sys.argv[1])
print(gui.claim_data_file(open_state_file(path), path), flush=True)
"""


def test_a_launch_while_the_first_window_is_closing_waits_and_opens(
        app_window, qtbot, data_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Closed (saving on quit) but still holding the file: the first answers "closing",
    so the launch is not sent to a window on its way out; it takes the file once free."""
    first = app_window(data_file)
    answers: list[bool] = []
    visible = first.server.comes_forward
    first.server.comes_forward = lambda: answers.append(visible()) or answers[-1]
    first.window.close()  # as the user quits; the lock is let go just after
    assert not first.window.isVisible()
    second = subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH, str(data_file)],
                              cwd=WORKTREE, env=environment(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with qtbot.assertNotEmitted(first.server.activation_requested):
        qtbot.waitUntil(lambda: bool(answers), timeout=LIMIT_S * 1000)
        qtbot.wait(50)  # the answer goes out from this event loop
    first.let_go()
    out, err = second.communicate(timeout=LIMIT_S)
    assert (out, err) == ("True\n", "")  # the file is the second's now
    assert answers[0] is False


def test_a_normal_quit_leaves_no_socket_behind(
        data_file: Path, runtime_dir: Path, qtbot, monkeypatch, boxes) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    sockets_while_open: list[list[str]] = []

    def exec_() -> int:
        qtbot.waitUntil(lambda: any(isinstance(w, MainWindow) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: Path(server_name(data_file)).exists())
        sockets_while_open.append(sorted(p.name for p in runtime_dir.iterdir()))
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    assert gui.run_gui(data_file, explicit=True) == 0
    assert sockets_while_open == [[Path(server_name(data_file)).name]]
    assert list(runtime_dir.iterdir()) == []
    assert boxes == []


# ------------------------------------------------------------------------------ commands


def command_args(tmp_path: Path) -> dict[str, list[str]]:
    extra = tmp_path / "more.md"
    extra.write_text(EXTRA_LIST, encoding="utf-8")
    return {"progress": ["progress", "third-video", "--done"],
            "settings": ["settings", "--hours-per-week", "9"],
            "import": ["import", str(extra)]}


@pytest.mark.parametrize("command", ["progress", "settings", "import"])
def test_a_command_line_write_while_the_window_is_open_is_refused_and_nothing_is_lost(
        app_window, data_file: Path, tmp_path: Path, command: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(common, "LOCK_WAIT_S", 0.2)
    args = command_args(tmp_path)[command]
    first = app_window(data_file)
    first.change("first-book")
    before = data_file.read_bytes()
    folder_before = snapshot(data_file.parent)

    assert cli.main(["--data-file", str(data_file), *args]) == 1
    captured = capsys.readouterr()
    assert captured.err == (f"study-planner: error: {data_file} is open in a Study Planner "
                            "window (or another command is writing it); nothing was changed: "
                            "make the change in the window, or close it and run the command "
                            "again\n")
    assert data_file.read_bytes() == before
    assert snapshot(data_file.parent) == folder_before

    # The window goes on: its next save keeps everything, and no conflict copy is needed.
    first.change("second-paper")
    first.close()
    state = saved(data_file)
    assert state.progress["first-book"].done and state.progress["second-paper"].done
    assert not list(data_file.parent.glob("*conflict*"))

    # With the window closed, the same command goes through.
    assert cli.main(["--data-file", str(data_file), *args]) == 0
    after = saved(data_file)
    assert after.progress["first-book"].done and after.progress["second-paper"].done
    if command == "progress":
        assert after.progress["third-video"].done
    if command == "settings":
        assert after.settings.hours_per_week == 9
    if command == "import":
        assert not after.catalog_is_default and "third-notes" in after.catalog.resources


@pytest.mark.slow
def test_the_refusal_end_to_end(app_window, qtbot, data_file: Path) -> None:  # type: ignore[no-untyped-def]
    """The real command against a window in this process."""
    first = app_window(data_file)
    before = snapshot(data_file.parent)
    done = run(data_file, "progress", "second-paper", "--done")
    assert done.returncode == 1
    assert done.stderr.startswith(f"study-planner: error: {data_file} is open in a Study "
                                  "Planner window")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert snapshot(data_file.parent) == before
    assert first.window.isVisible()


@pytest.mark.parametrize("args", [["list", "--json"], ["plan", "--json"], ["week", "--json"],
                                  ["settings"], ["export", "--markdown", "{tmp}/plan.md"]],
                         ids=["list", "plan", "week", "settings", "export"])
def test_read_only_commands_work_while_the_window_is_open(
        app_window, data_file: Path, tmp_path: Path, args: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    """Reading needs no lock: the command shows what the window last saved (it saves a
    moment after each change) and leaves the file and the window's lock alone."""
    first = app_window(data_file)
    first.change("first-book")
    before = snapshot(data_file.parent)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert cli.main(["--data-file", str(data_file), *args]) == 0
    out = capsys.readouterr().out
    assert snapshot(data_file.parent) == before
    assert first.store.is_locked
    if args[0] == "list":
        [book] = [r for c in json.loads(out)["categories"] for r in c["resources"]
                  if r["id"] == "first-book"]
        assert book["status"] == "done"
    elif args[0] in ("plan", "week"):
        assert json.loads(out)
    elif args[0] == "settings":
        assert "hours per week" in out
    elif args[0] == "export":
        assert (tmp_path / "plan.md").exists()


HOLDER = """
import signal, sys, os, filelock
lock = filelock.FileLock(sys.argv[1] + ".lock")
lock.acquire()
print("locked", flush=True)
if sys.argv[2] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.readline()  # hold until told
"""


def hold_lock(data_file: Path, how: str) -> subprocess.Popen[str]:
    """Another process holding the data file's lock (as a command does while it writes);
    ``let_go`` ends it."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_file), how],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


def let_go(holder: subprocess.Popen[str]) -> int:
    """Tell the holder to let go (if it still runs); its exit status."""
    try:
        holder.communicate("\n", timeout=LIMIT_S)
    except (BrokenPipeError, ValueError):
        holder.communicate(timeout=LIMIT_S)
    return holder.returncode


def test_a_command_waits_for_another_commands_write(
        data_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two commands at once (a script): the second waits for the first's lock."""
    monkeypatch.setattr(common, "LOCK_WAIT_S", LIMIT_S)
    holder = hold_lock(data_file, "hold")
    waited = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        if len(waited) == 3:  # the command has found the file locked, and waits: let go
            assert let_go(holder) == 0
        real_sleep(seconds)

    monkeypatch.setattr(common.time, "sleep", sleep)
    assert cli.main(["--data-file", str(data_file), "progress", "second-paper", "--done"]) == 0
    assert len(waited) >= 3
    assert saved(data_file).progress["second-paper"].done


# ------------------------------------------------------------------------------ killed holders


@pytest.mark.slow
def test_a_window_killed_with_sigkill_leaves_nothing_that_blocks_the_next_start(
        app_window, qtbot, tmp_path: Path, data_file: Path) -> None:  # type: ignore[no-untyped-def]
    killed = window_process(data_file, tmp_path / "killed.log")
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=LIMIT_S)
    assert killed.returncode == -signal.SIGKILL
    socket = Path(server_name(data_file))
    lock = Path(f"{data_file}.lock")
    assert socket.exists() and lock.exists()  # what it left behind

    # A command is not refused: the lock died with its holder.
    assert cli.main(["--data-file", str(data_file), "progress", "second-paper", "--done"]) == 0

    # The next window starts (not sent to the dead one's socket) and saves.
    again = app_window(data_file)
    assert again.server.path == str(socket)
    again.change("first-book")
    state = saved(data_file)
    assert state.progress["first-book"].done and state.progress["second-paper"].done

    # And a launch after that reaches the new window.
    second = launch(data_file)
    with qtbot.waitSignal(again.server.activation_requested, timeout=LIMIT_S * 1000):
        pass
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=LIMIT_S * 1000)
    _, err = second.communicate()
    assert second.returncode == 0, err


@pytest.mark.parametrize("how", ["kill", "leftover"])
def test_a_lock_file_left_behind_is_not_taken_for_in_use(
        app_window, data_file: Path, how: str) -> None:  # type: ignore[no-untyped-def]
    """The lock file stays after its holder: killed (a command killed while writing), or
    just there (an older version, a sync tool). Only a live holder's lock counts."""
    lock = Path(f"{data_file}.lock")
    if how == "kill":
        holder = hold_lock(data_file, "kill")
        assert let_go(holder) == -signal.SIGKILL
    else:
        lock.write_text("12345\n", encoding="ascii")
    assert lock.exists()
    assert cli.main(["--data-file", str(data_file), "progress", "second-paper", "--done"]) == 0
    window = app_window(data_file)
    window.change("first-book")
    assert saved(data_file).progress["first-book"].done


def test_a_live_holder_keeps_the_window_out_until_it_lets_go(
        data_file: Path, boxes, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gui, "LOCK_WAIT_S", 0.3)
    holder = hold_lock(data_file, "hold")
    try:
        before = snapshot(data_file.parent)
        assert gui.run_gui(data_file, explicit=True) == 1
        assert "is in use by another program" in capsys.readouterr().err
        assert [kind for kind, _ in boxes] == ["warning"]
        assert snapshot(data_file.parent) == before
    finally:
        let_go(holder)
    store = open_state_file(data_file)
    assert gui.claim_data_file(store, data_file)
    store.release()


def test_a_socket_name_fits_and_stays_private(runtime_dir: Path, tmp_path: Path,
                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In the user's runtime folder when there is one and the path fits a socket."""
    name = server_name(tmp_path / "planner.yaml")
    assert Path(name).parent == runtime_dir
    assert name == server_name(tmp_path / "." / "planner.yaml")  # the file, not the spelling
    assert name != server_name(tmp_path / "other.yaml")
    long_folder = tmp_path / ("x" * 120)
    long_folder.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(long_folder))
    assert "/" not in server_name(tmp_path / "planner.yaml")  # too long: Qt's temp folder
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert "/" not in server_name(tmp_path / "planner.yaml")


def test_a_lock_that_cannot_be_made_is_one_clear_line(
        data_file: Path, capsys, monkeypatch, boxes) -> None:  # type: ignore[no-untyped-def]
    """A folder where the lock file cannot be written (read-only, say): the command and the
    window say so naming the file, and change nothing."""
    import filelock

    def refuse(self: filelock.FileLock, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)  # what a read-only folder does
    before = snapshot(data_file.parent)
    assert cli.main(["--data-file", str(data_file), "progress", "third-video", "--done"]) == 1
    err = capsys.readouterr().err
    assert err == (f"study-planner: error: {data_file} cannot be used: Permission denied "
                   f"(you may not write in the folder {data_file.parent}); nothing was "
                   "changed\n")
    assert gui.run_gui(data_file, explicit=True) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"study-planner: error: {data_file} cannot be used: "
                          "Permission denied")
    assert "Traceback" not in err and err.count("\n") == 1
    [(kind, text)] = boxes
    assert kind == "critical" and "Nothing was changed" in text
    assert snapshot(data_file.parent) == before
