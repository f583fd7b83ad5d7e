"""Autosave, failed saves, quitting, and what the next launch finds."""

from __future__ import annotations

import yaml
from PySide6.QtCore import QModelIndex, QSize

from planner.core.operations.progress import EditNotes, RecordUnits, SetDone
from planner.store.state_file import SaveError
from planner.ui.main_window import MainWindow
from tests.on_disk import saved_progress


def row_index(window: MainWindow, node_id: str) -> QModelIndex:
    index = window.model.index_of_id(node_id)
    assert index.isValid()
    return index


def on_disk(window: MainWindow) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(window.store.path.read_text(encoding="utf-8"))


def test_a_change_is_saved_shortly_after(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # the first plan, accepted at a first launch, may be saved already (its 30 ms autosave
    # can pass while the window is shown on a busy machine): the change is not in the file
    qtbot.waitUntil(lambda: window.save_status.text() in ("", "Saved"))
    assert not (window.store.path.exists()
                and saved_progress(window.store.path, "calculus").done)
    window.history.push(lambda: SetDone("calculus"))
    assert window.save_status.text() == "Unsaved changes"
    assert window.autosave.dirty
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert not window.autosave.dirty
    assert saved_progress(window.store.path, "calculus").done


def test_change_close_reopen(windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(autosave_ms=60_000)  # only the save on quit
    window.resize(700, 500)  # within the offscreen screen (800 × 600)
    window.splitter.setSizes([250, 450])
    window.panel.view.collapse(row_index(window, "code"))
    window.history.push(lambda: RecordUnits("numpy-100", 42))
    window.history.push(lambda: EditNotes("numpy-100", "up to the broadcasting ones"))
    window.history.push(lambda: SetDone("linalg"))
    window.panel.select("calculus")
    size, sizes = window.size(), window.splitter.sizes()

    again = windows.reopen(window)
    app = again.app
    assert app.progress("numpy-100").units_done == 42
    assert app.progress("numpy-100").notes == "up to the broadcasting ones"
    assert app.progress("linalg").done
    assert again.panel.current_id == "calculus"
    assert again.pane.node_id == "calculus"
    assert again.size() == size == QSize(700, 500)
    assert again.splitter.sizes() == sizes
    assert not again.panel.view.isExpanded(row_index(again, "code"))
    assert again.panel.view.isExpanded(row_index(again, "maths"))
    assert not again.history.stack.canUndo()  # a new session starts a new history
    assert "ui" not in on_disk(again)  # window state is local state (test_ui_local_state.py)


def test_a_failed_save_keeps_the_changes_and_retries(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    real_save = store.save
    attempts: list[int] = []

    def full_disk(state):  # type: ignore[no-untyped-def]
        attempts.append(1)
        raise SaveError(f"Could not save {store.path}: No space left on device")

    monkeypatch.setattr(store, "save", full_disk)
    window.history.push(lambda: SetDone("calculus"))
    qtbot.waitUntil(lambda: window.save_status.text().startswith("Not saved"))
    assert "No space left on device" in window.save_status.text()
    assert window.autosave.dirty and window.autosave.retrying
    assert window.app.progress("calculus").done
    qtbot.waitUntil(lambda: len(attempts) >= 2)  # the retry timer tries again

    monkeypatch.setattr(store, "save", real_save)
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert not window.autosave.dirty and not window.autosave.retrying
    assert saved_progress(window.store.path, "calculus").done


def test_quit_when_saving_fails_asks_before_discarding(windows, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = windows.open(autosave_ms=60_000)
    window.history.push(lambda: SetDone("linalg"))
    window.autosave.save_now()
    before = window.store.path.read_bytes()
    window.history.push(lambda: SetDone("calculus"))

    def fail(state):  # type: ignore[no-untyped-def]
        raise SaveError("Could not save it: Read-only file system")

    monkeypatch.setattr(window.store, "save", fail)
    asked: list[str] = []
    window.confirm_discard = lambda error: asked.append(error) or False  # type: ignore[method-assign]
    assert not window.close()
    assert window.isVisible()
    assert asked == ["Could not save it: Read-only file system"]

    window.confirm_discard = lambda error: True  # type: ignore[method-assign]
    windows.close(window)
    assert window.store.path.read_bytes() == before  # the last good file, untouched


def test_quit_with_nothing_unsaved_does_not_ask(windows, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = windows.open()
    assert window.autosave.save_now(force=True)  # the first plan, accepted on opening
    monkeypatch.setattr(window.store, "save", lambda state: (_ for _ in ()).throw(
        SaveError("window state only")))
    window.confirm_discard = lambda error: pytest_fail(error)  # type: ignore[method-assign]
    windows.close(window)


def pytest_fail(error: str) -> bool:
    raise AssertionError(f"asked to discard although nothing was unsaved: {error}")


def test_unreadable_window_state_is_ignored(windows, data_file) -> None:  # type: ignore[no-untyped-def]
    data_file.write_text(
        "schema_version: 1\nui:\n  window.geometry: '!!not base64'\n"
        "  window.splitter: ''\n  window.selected: no-such-id\n  tree.expanded: nope\n",
        encoding="utf-8")
    window = windows.open()
    assert window.width() > 600
    assert window.panel.current_id == "linalg"  # the first thing to study instead
