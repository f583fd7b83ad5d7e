"""The window follows its data file (planner/ui/file_follower.py, issue 18): the other
machine's version, brought by a sync tool while the window is open, is merged with the
window's unsaved changes; a version that cannot be merged loses nothing; a conflict copy
that appears beside the file is merged and moved into ``merged/``.

The other machine is played by the test: it reads the file through the store, makes its
changes with its own device id, and puts its version in place by a rename, as sync tools do.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.core.journal.events import Recorder
from planner.core.journal.state import AppState, Operation
from planner.core.operations.catalog import SetPriority
from planner.core.operations.progress import RecordUnits, SetDone
from planner.ui.main_window import MainWindow
from tests.on_disk import saved_progress, saved_state

WAIT_MS = 20_000
SYNCTHING = "planner.sync-conflict-20261202-190411-ABCDEFG.yaml"


def followed_window(windows, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window whose opening save is done, following its file, whose autosave waits an
    hour: a change made in it stays unsaved until the follower saves."""
    window = windows.open()
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.follower is not None, timeout=WAIT_MS)
    window.autosave._debounce.setInterval(3_600_000)
    return window


def other_machine_writes(path: Path, *operations: Operation, name: str | None = None) -> bytes:
    """The other machine's version: the file as it is, its changes, renamed into place
    (over the data file, or as ``name`` beside it)."""
    from planner.entry.wiring import open_state_file

    store = open_state_file(path)
    app = AppState(store.parse(path.read_bytes(), store.path), recorder=Recorder("laptop"))
    for operation in operations:
        app.apply(operation)
    data = store.serialize(app.state)
    tmp = path.with_name(".planner.yaml.syncthing.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path.with_name(name) if name else path)
    return data


def message(window: MainWindow) -> str:
    assert window.follower is not None
    return window.follower.last_message


def test_the_other_machines_change_and_the_unsaved_one_both_end_up_in_window_and_file(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = followed_window(windows, qtbot)
    path = window.store.path
    assert window.history.push(lambda: SetDone("calculus"))
    assert window.autosave.dirty and window.history.stack.count() == 1
    other_machine_writes(path, RecordUnits("numpy-100", 7))
    qtbot.waitUntil(lambda: message(window).startswith("Merged changes from the other "
                                                       "machine"), timeout=WAIT_MS)
    assert window.app.progress("calculus").done
    assert window.app.progress("numpy-100").units_done == 7
    assert saved_progress(path, "calculus").done
    assert saved_progress(path, "numpy-100").units_done == 7
    assert not window.autosave.dirty and not window.isWindowModified()
    # the undo history is cleared by a merge, and the status bar says so
    assert window.history.stack.count() == 0
    assert "undo history cleared" in message(window)
    assert window.statusBar().currentMessage() == message(window)
    assert list(path.parent.glob("planner.conflict-*")) == []  # merged, not kept aside
    # what the window wrote is not taken for another change
    assert window.follower is not None and window.follower.check() == ""


def test_with_no_local_changes_the_file_is_reloaded_in_place_keeping_the_selection(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = followed_window(windows, qtbot)
    assert window.panel.select("linalg")
    other_machine_writes(window.store.path, SetDone("numpy-100"))
    qtbot.waitUntil(lambda: message(window).startswith("Merged"), timeout=WAIT_MS)
    assert window.app.progress("numpy-100").done
    assert window.panel.current_id == "linalg"
    assert saved_progress(window.store.path, "numpy-100").done
    assert "undo history cleared" not in message(window)  # there was none


def test_a_file_that_does_not_read_loses_nothing_and_the_status_bar_says_so(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = followed_window(windows, qtbot)
    path = window.store.path
    assert window.history.push(lambda: SetDone("calculus"))
    broken = b"schema_version: 2\ncatalog: [unclosed\n"
    tmp = path.with_name(".planner.yaml.tmp-other")
    tmp.write_bytes(broken)
    os.replace(tmp, path)
    qtbot.waitUntil(lambda: "could not be merged" in message(window), timeout=WAIT_MS)
    text = message(window)
    assert text.startswith("planner.yaml changed on disk but could not be merged"), text
    copies = list(path.parent.glob("planner.conflict-*.yaml"))
    assert len(copies) == 1 and copies[0].read_bytes() == broken  # theirs, kept aside
    assert copies[0].name in text and "your version was saved" in text
    assert saved_progress(path, "calculus").done  # ours, on disk
    assert window.app.progress("calculus").done
    # the copy kept aside is not tried again (nor moved) while it is unchanged
    assert window.follower is not None and window.follower.check() == ""
    assert copies[0].exists() and not (path.parent / "merged").exists()


def test_a_conflict_copy_that_appears_is_merged_and_moved_into_merged(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = followed_window(windows, qtbot)
    path = window.store.path
    assert window.history.push(lambda: SetPriority("linalg", 5))  # unsaved
    other_machine_writes(path, RecordUnits("numpy-100", 3), SetPriority("linalg", 1),
                         name=SYNCTHING)
    qtbot.waitUntil(lambda: message(window).startswith("Merged"), timeout=WAIT_MS)
    text = message(window)
    assert "1 conflict (resource linalg, priority: kept" in text, text
    assert "1 conflict copy moved into merged/" in text
    assert not (path.parent / SYNCTHING).exists()
    assert (path.parent / "merged" / SYNCTHING).exists()  # never deleted
    assert window.app.progress("numpy-100").units_done == 3
    on_disk = saved_state(path)
    assert on_disk.progress["numpy-100"].units_done == 3
    assert any(event.type == "sync.conflict" for event in on_disk.journal)
    kept = window.app.catalog.resources["linalg"].priority
    assert on_disk.catalog.resources["linalg"].priority == kept


def test_a_sync_tools_copy_of_a_backup_is_moved_into_merged_and_said(
        windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = followed_window(windows, qtbot)
    path = window.store.path
    before = path.read_bytes()
    name = "planner.backup-2.sync-conflict-20261202-190411-ABCDEFG.yaml"
    (path.parent / name).write_bytes(before)
    qtbot.waitUntil(lambda: "moved into merged/" in message(window), timeout=WAIT_MS)
    assert message(window) == "1 copy of backups made by the sync tool moved into merged/"
    assert not (path.parent / name).exists()
    assert (path.parent / "merged" / name).read_bytes() == before
    assert path.read_bytes() == before  # nothing to merge: the data file is as it was
