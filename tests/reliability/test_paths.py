"""Small path cases (issue 12, reproduction 12).

- Only a regular file is a data file: a character device, a FIFO, a socket or a folder is
  refused with one line, by commands and the window; it is never renamed, opened in a way
  that blocks, or given a lock file beside it.
- A data file the user made read-only (0444) is not written, even by root: commands that
  write exit 1 with the reason, reading commands work, the window shows it read-only.
- ``--data-file dir/`` and an empty ``--data-file`` (or ``STUDY_PLANNER_DATA_FILE``) are
  usage errors (exit 2).
- Week labels keep four-digit years; what ``week`` accepts, ``settings`` accepts too.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.core.journal.state import AppState
from planner.core.operations.progress import SetDone
from planner.core.planning.settings import Settings
from planner.core.weeks import WeekError, parse_week, week_of
from planner.entry import window as gui
from planner.entry import wiring
from planner.entry.cli import main as cli
from planner.store.state_file import SaveError
from tests.reliability import test_two_instances as two
from tests.reliability.scenes import make_store
from tests.reliability.test_two_instances import LIMIT_S, WORKTREE, environment, snapshot

data_file = two.data_file  # a planner with a catalog and a plan
app_window = two.app_window
runtime_dir = two.runtime_dir
small_default_catalog = two.small_default_catalog

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(path: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, so that one that blocks fails the test instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "planner", "--data-file", str(path), *args],
                          cwd=WORKTREE, env=environment(), capture_output=True, text=True,
                          timeout=LIMIT_S)


# ------------------------------------------------------------------------------ not a file


@pytest.fixture(params=["character device", "FIFO (named pipe)", "socket", "folder"])
def odd(request, tmp_path: Path) -> Iterator[tuple[Path, str]]:  # type: ignore[no-untyped-def]
    """(a path holding something that is not a regular file, what it is)."""
    kind = request.param
    folder = tmp_path / "odd"
    folder.mkdir()
    path = folder / "planner.yaml"
    held = None
    if kind == "character device":
        if not IS_ROOT:
            pytest.skip("making a device node needs root")
        # /dev/zero's twin: reads forever, so it was taken for a file over the size cap
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    elif kind == "FIFO (named pipe)":
        os.mkfifo(path)
    elif kind == "socket":
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(path))
    else:
        path.mkdir()
    yield path, kind
    if held is not None:
        held.close()


def listing(folder: Path) -> dict[str, tuple[int, bytes, int]]:
    """Every entry: its kind, its bytes when a regular file (a device is never read: this
    one would read forever), its modification time."""
    entries = {}
    for path in sorted(folder.iterdir()):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        entries[path.name] = (stat.S_IFMT(info.st_mode), data, info.st_mtime_ns)
    return entries


@pytest.mark.parametrize("args", [["list"], ["progress", "linalg", "--done"],
                                  ["settings", "--hours-per-week", "6"], ["plan"]],
                         ids=["list", "progress", "settings", "plan"])
def test_a_data_file_that_is_not_a_regular_file_is_refused_and_left_alone(
        odd: tuple[Path, str], args: list[str]) -> None:
    path, kind = odd
    before = listing(path.parent)
    done = run(path, *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"study-planner: error: {path} cannot be used as a data file: it "
                           f"is a {kind}, not a regular file; nothing was changed\n")
    assert listing(path.parent) == before


def test_the_window_refuses_a_data_file_that_is_not_a_regular_file(
        odd: tuple[Path, str], boxes, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    path, kind = odd
    before = listing(path.parent)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))  # should it open
    assert gui.run_gui(path, explicit=True) == 1
    [(box, text)] = boxes
    assert box == "critical" and f"it is a {kind}, not a regular file" in text
    assert f"{path} cannot be used as a data file" in capsys.readouterr().err
    assert listing(path.parent) == before


def test_a_user_may_not_rename_a_device_either(tmp_path: Path) -> None:
    """Not root: /dev/null itself, whose folder the user cannot write anyway; the refusal
    is the same, and comes before any attempt."""
    if IS_ROOT:
        pytest.skip("as root a regression would rename /dev/null (the device case above "
                    "uses a node of its own)")
    done = run("/dev/null", "progress", "linalg", "--done")
    assert done.returncode == 1 and "it is a character device" in done.stderr


# ------------------------------------------------------------------------------ read-only


@pytest.fixture
def read_only(data_file: Path) -> Iterator[Path]:
    data_file.chmod(0o444)
    yield data_file
    data_file.chmod(0o600)


def but_the_lock(folder: Path, seen: dict[str, tuple[bytes, int]] | None = None,
                 ) -> dict[str, tuple[bytes, int]]:
    """``snapshot`` of the folder (or ``seen``) without the lock file, which a window
    touches when it takes the lock."""
    return {name: entry for name, entry in (seen or snapshot(folder)).items()
            if not name.endswith(".lock")}


def test_a_command_that_writes_refuses_a_read_only_data_file(read_only: Path) -> None:
    before = snapshot(read_only.parent)
    done = run(read_only, "progress", "second-paper", "--done")
    assert done.returncode == 1
    assert done.stderr == (f"study-planner: error: {read_only} is read-only: you made it "
                           "read-only (its mode is -r--r--r--; chmod u+w makes it writable); "
                           "nothing was changed\n")
    assert snapshot(read_only.parent) == before
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o444


@pytest.mark.parametrize("args", [["list"], ["settings"], ["plan"], ["week", "--json"]],
                         ids=["list", "settings", "plan", "week"])
def test_reading_commands_work_on_a_read_only_data_file(read_only: Path,
                                                        args: list[str]) -> None:
    before = snapshot(read_only.parent)
    done = run(read_only, *args)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert snapshot(read_only.parent) == before


def test_a_save_refuses_a_file_made_read_only_since_it_was_read(data_file: Path) -> None:
    """As under a window: the file made read-only while it is open. Root included, which
    ``os.access`` would let write."""
    store = make_store(data_file)
    store.acquire()
    try:
        app = AppState(store.load().state)
        app.apply(SetDone("second-paper"))
        data_file.chmod(0o444)
        before = snapshot(data_file.parent)
        with pytest.raises(SaveError, match="it is read-only: you made it read-only"):
            store.save(app.state)
        assert snapshot(data_file.parent) == before
        data_file.chmod(0o644)
        assert store.save(app.state)  # once writable again (the test can fail)
    finally:
        store.release()


def test_the_window_shows_a_read_only_data_file_and_changes_nothing(
        app_window, qtbot, read_only: Path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(read_only.parent)
    first = app_window(read_only)
    window = first.window
    assert window.windowTitle().endswith("planner.yaml (read-only)[*]")
    assert window.save_status.text() == "Read-only"
    assert not window.history.push(lambda: SetDone("second-paper"))
    assert "planner.yaml is read-only: you made it read-only" in \
        window.statusBar().currentMessage()
    assert not window.app.progress("second-paper").done
    first.close()  # no question about unsaved changes, nothing written
    assert but_the_lock(read_only.parent) == but_the_lock(read_only.parent, before)


def test_run_gui_says_why_the_window_is_read_only(read_only: Path, qtbot, boxes,  # type: ignore[no-untyped-def]
                                                  monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from planner.ui.main_window import MainWindow

    titles: list[str] = []

    def exec_() -> int:
        qtbot.waitUntil(lambda: bool(boxes))
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        titles.append(window.windowTitle())
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    before = snapshot(read_only.parent)
    assert gui.run_gui(read_only, explicit=True) == 0
    [(kind, text)] = boxes
    assert kind == "information" and "is read-only: you made it read-only" in text
    assert "accepts no changes" in text
    assert titles == ["planner.yaml (read-only)[*]"]
    assert but_the_lock(read_only.parent) == but_the_lock(read_only.parent, before)


# ------------------------------------------------------------------------------ usage errors


def no_window(data_file: Path, explicit: bool) -> int:
    raise AssertionError(f"a window was opened on {data_file}")


@pytest.mark.parametrize("argv", [
    ["--data-file", "dir/", "list"], ["--data-file", "", "list"], ["--data-file=", "list"],
    ["list", "--data-file", "dir/"], ["--data-file", "dir/"], ["--data-file=dir/"],
    ["--data-file", ""]], ids=["dir/", "empty", "empty=", "after", "window dir/",
                               "window dir/=", "window empty"])
def test_a_data_file_that_names_no_file_is_a_usage_error(
        argv: list[str], tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gui, "run_gui", no_window)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "usage error: argument --data-file:" in err and err.count("\n") == 2
    assert list(tmp_path.iterdir()) == []  # no file named "dir", nothing at all


@pytest.mark.parametrize("value", ["", "somewhere/"])
@pytest.mark.parametrize("argv", [["list"], []], ids=["command", "window"])
def test_the_environment_variable_set_to_no_file_is_a_usage_error(
        value: str, argv: list[str], tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Set but empty is an error, not "unset": STUDY_PLANNER_DATA_FILE=$TYPO must not
    quietly open the default file. --data-file overrides it as before."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(wiring.ENV_DATA_FILE, value)
    monkeypatch.setattr(gui, "run_gui", no_window)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert f"usage error: the environment variable {wiring.ENV_DATA_FILE}:" in \
        capsys.readouterr().err
    assert cli.main(["--data-file", str(tmp_path / "p.yaml"), "settings"]) == 0
    assert not wiring.default_data_file().exists()


# ------------------------------------------------------------------------------ weeks


def test_week_0001_w01_keeps_its_four_digit_year(data_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["--data-file", str(data_file), "week", "0001-W01"]) == 0
    assert capsys.readouterr().out.startswith("0001-W01 (Jan 1 – Jan 7)")
    assert cli.main(["--data-file", str(data_file), "week", "0001-W01", "--json"]) == 0
    assert '"week": "0001-W01"' in capsys.readouterr().out
    # as a start week it is past, so refused (the plan would ignore it), named in full
    assert cli.main(["--data-file", str(data_file), "settings", "--start-week", "0001-W01"]) == 1
    assert "the start week 0001-W01 is past" in capsys.readouterr().err


def test_the_last_week_a_date_can_hold(data_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """9999-W52 ends in the year 10000: refused by both with the same line (the week
    command used to fail on it with "year 10000 is out of range")."""
    errors = []
    for args in (["week", "9999-W52"], ["settings", "--start-week", "9999-W52"]):
        assert cli.main(["--data-file", str(data_file), *args]) == 1
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "the last week the planner can use, 9999-W51" in errors[0]
    assert cli.main(["--data-file", str(data_file), "week", "9999-W51"]) == 0


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 26)))
def test_every_week_label_reads_back_and_is_a_start_week(day: dt.date) -> None:
    """Up to the year 9000 as a start week: near the end of the calendar the settings may
    also bound the start week by the planning horizon."""
    label = week_of(day)
    assert len(label) == 8 and parse_week(label) == label
    if day.year <= 9000:
        assert Settings(start_week=label).validated().start_week == label


def test_parse_week_refuses_what_week_of_cannot_show() -> None:
    with pytest.raises(WeekError, match="9999-W51"):
        parse_week("9999-W52")
