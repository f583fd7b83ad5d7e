"""The window when saving fails: the error in the status bar, the changes kept and marked
unsaved, the autosave retrying, and the changes on disk once the fault clears.

Real faults, injected at the steps of the state file's save (tests/reliability/save_steps.py);
the store-level suite (tests/reliability/test_io_faults.py) covers every step × errno × mode,
this one a representative subset through the window.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from planner.core.operations.progress import RecordUnits, SetDone
from planner.entry import window as gui
from planner.ui.main_window import MainWindow
from tests.on_disk import saved_progress
from tests.reliability.save_steps import DATA_FILE, Fault, SaveSteps, read_only, temp_files


def calculus_done_on_disk(window: MainWindow) -> bool:
    return saved_progress(window.store.path, "calculus").done


def saved_window(windows) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window whose opening save (the first plan) is done."""
    window = windows.open()
    windows.qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert not window.autosave.dirty and not window.isWindowModified()
    assert not calculus_done_on_disk(window)
    return window


def assert_not_saved_shown(window: MainWindow, *causes: str) -> None:
    text = window.save_status.text()
    assert text.startswith(f"Not saved: Could not save {window.store.path}: "), text
    for cause in causes:
        assert cause in text, text
    assert text.endswith("your changes are kept; retrying")
    assert window.autosave.dirty and window.isWindowModified() and window.autosave.retrying
    assert window.app.progress("calculus").done  # the change itself is kept in memory


SUBSET = [
    ("open temp", errno.ENOSPC),
    ("write", errno.EIO),
    ("flush", errno.ENOSPC),
    ("fsync", errno.EIO),
    ("replace", errno.EROFS),
    ("folder fsync", errno.EIO),
    ("open temp", errno.EACCES),
]


@pytest.mark.parametrize(("step", "error"), SUBSET,
                         ids=[f"{s}-{errno.errorcode[e]}" for s, e in SUBSET])
def test_a_failing_save_is_shown_kept_retried_and_saved_once_the_fault_clears(
        windows, qtbot, monkeypatch, step: str, error: int) -> None:  # type: ignore[no-untyped-def]
    window = saved_window(windows)
    path = window.store.path
    before = path.read_bytes()
    fault = Fault(step, error, "always", target=DATA_FILE)
    SaveSteps(path).install(monkeypatch.setattr).before.append(fault)

    window.history.push(lambda: SetDone("calculus"))
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: window.save_status.text().startswith("Not saved"))
    assert_not_saved_shown(window, fault.strerror)
    assert path.read_bytes() == before  # (after a failed folder fsync: put back)
    assert temp_files(path.parent) == []

    fired = len(fault.fired)
    qtbot.waitUntil(lambda: len(fault.fired) >= fired + 2)  # the autosave keeps retrying
    window.history.push(lambda: RecordUnits("numpy-100", 7))  # and work goes on
    qtbot.waitUntil(lambda: len(fault.fired) >= fired + 3)
    assert_not_saved_shown(window, fault.strerror)

    fault.clear()
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert not window.autosave.dirty and not window.isWindowModified()
    assert not window.autosave.retrying
    assert calculus_done_on_disk(window)
    assert saved_progress(path, "numpy-100").units_done == 7
    assert temp_files(path.parent) == []
    assert list(path.parent.glob("planner.conflict-*")) == []


def test_a_data_folder_that_turns_read_only(windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = saved_window(windows)
    path = window.store.path
    before = path.read_bytes()
    with read_only(path.parent):
        window.history.push(lambda: SetDone("calculus"))
        qtbot.waitUntil(lambda: window.save_status.text().startswith("Not saved"))
        assert_not_saved_shown(window, f"you may not write in the folder {path.parent}")
        assert path.read_bytes() == before
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert calculus_done_on_disk(window) and not window.isWindowModified()


def test_quitting_while_the_fault_lasts_asks_and_a_later_quit_saves(
        windows, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = saved_window(windows)
    fault = Fault("fsync", errno.EIO, "always", target=DATA_FILE)
    SaveSteps(window.store.path).install(monkeypatch.setattr).before.append(fault)
    window.history.push(lambda: SetDone("calculus"))
    asked: list[str] = []
    window.confirm_discard = lambda error: asked.append(error) or False  # type: ignore[method-assign]
    assert not window.close()  # Cancel: the window stays, with the changes
    assert window.isVisible() and window.autosave.dirty
    assert len(asked) == 1 and "Input/output error" in asked[0]
    fault.clear()
    windows.close(window)  # now the save on quit works; nothing is asked
    assert len(asked) == 1
    assert calculus_done_on_disk(window)


def test_a_data_folder_that_is_a_file_at_start(tmp_path: Path, boxes, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "data"
    blocker.write_bytes(b"keep me\n")
    assert gui.run_gui(blocker / "planner.yaml", explicit=True) == 1
    [(kind, text)] = boxes
    assert kind == "critical"
    assert f"{blocker} is a file, not a folder" in text and "Nothing was changed" in text
    assert f"{blocker} is a file, not a folder" in capsys.readouterr().err
    assert blocker.read_bytes() == b"keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_read_only_data_folder_at_start(tmp_path: Path, boxes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        assert gui.run_gui(folder / "planner.yaml", explicit=True) == 1
    [(kind, text)] = boxes
    assert kind == "critical"
    assert f"you may not write in the folder {folder}" in text
    assert "another" not in text
    assert list(folder.iterdir()) == []
