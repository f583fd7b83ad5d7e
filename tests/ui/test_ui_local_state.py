"""The window's state is this machine's (issue 13): it lives in the local state file, never in
the data file. Moving, resizing, the splitter, the selection and quitting leave the data file
and its backups as they were; the next start restores them from the local file, one entry per
data file; a local file that cannot be used is ignored; an old data file's ``ui`` section
seeds it once and goes at the next real save."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication

from planner.core.operations.progress import SetDone
from planner.entry import wiring
from planner.entry.cli import main as cli
from planner.store.local_state import FILE_NAME, PLAN_TAB, SELECTED
from planner.store.state_format import END_MARKER
from planner.store.yaml.emit import emit
from planner.ui.main_window import SCREEN_KIND, MainWindow
from tests.on_disk import saved_progress
from tests.ui.conftest import Windows

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def local_file() -> Path:
    return wiring.default_state_dir() / FILE_NAME


def entries() -> dict[str, dict[str, str]]:
    return json.loads(local_file().read_text(encoding="ascii"))["data_files"]


def files(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file in the data folder but the lock: bytes, mtime and inode (a save renames a
    new file over the old one, so even the same bytes written again would show)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.iterdir()) if not p.name.endswith(".lock")}


def row_index(window: MainWindow, node_id: str) -> QModelIndex:
    index = window.model.index_of_id(node_id)
    assert index.isValid()
    return index


def planner_with_backups(windows: Windows) -> Path:
    """A data file with a plan, a change, and a backup of the session before."""
    for rid in ("linalg", "calculus"):
        window = windows.open()
        window.history.push(lambda app=window.app, rid=rid: SetDone(rid))  # type: ignore[misc]
        assert window.autosave.save_now()
        windows.close(window)
    assert windows.data_file.with_name("planner.backup-1.yaml").exists()
    return windows.data_file


def test_window_moves_and_quit_leave_the_data_file_and_backups_alone(
        windows: Windows, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data_file = planner_with_backups(windows)
    before = files(data_file.parent)
    window = windows.open(autosave_ms=30)
    saves: list[object] = []
    real_save = window.store.save
    monkeypatch.setattr(window.store, "save", lambda state: saves.append(1) or real_save(state))
    revision = window.app.revision

    window.move(40, 30)
    window.resize(700, 500)  # within the offscreen screen (800 × 600)
    window.splitter.setSizes([250, 450])
    window.panel.select("numpy-100")
    window.panel.view.collapse(row_index(window, "maths"))
    qtbot.wait(300)  # ten times the autosave's delay: nothing is pending
    assert window.app.revision == revision
    assert not window.autosave.dirty and not window.isWindowModified()
    assert files(data_file.parent) == before
    shown, sizes = window.window_state(), window.splitter.sizes()
    windows.close(window)

    assert saves == []  # not even a save that found the same bytes
    assert files(data_file.parent) == before  # data file and backups: bytes, mtime, inode
    assert entries() == {str(data_file.resolve()): dict(sorted(shown.items()))}
    assert b"\nui:" not in data_file.read_bytes()

    again = windows.open()  # the next start: restored from the local file
    assert again.size() == QSize(700, 500)
    assert again.pos() == QPoint(40, 30)
    assert again.splitter.sizes() == sizes
    assert again.panel.current_id == "numpy-100" and again.pane.node_id == "numpy-100"
    assert not again.panel.view.isExpanded(row_index(again, "maths"))
    assert again.panel.view.isExpanded(row_index(again, "code"))


def test_a_real_change_saves_the_data_file(windows: Windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    data_file = planner_with_backups(windows)
    before = data_file.read_bytes()
    assert not saved_progress(data_file, "numpy-100").done
    window = windows.open(autosave_ms=30)
    window.panel.select("numpy-100")
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Space)  # check it off
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    after = data_file.read_bytes()
    assert after != before and saved_progress(data_file, "numpy-100").done
    assert b"\nui:" not in after


def test_the_plan_panels_tab_comes_back(windows: Windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = windows.open()
    window.plan_dock.show()  # it starts closed on a small screen
    window.plan.tabs.setCurrentIndex(1)
    again = windows.reopen(window)
    assert entries()[str(again.store.path)][PLAN_TAB] == "1"
    qtbot.waitUntil(lambda: again._plan is not None)  # the dock is open again: built
    assert again.plan_dock.isVisible()
    assert again.plan.tabs.currentIndex() == 1
    third = windows.reopen(again)
    third.plan_dock.hide()
    fourth = windows.reopen(third)  # the panel was never built: its tab is still kept
    assert entries()[str(fourth.store.path)][PLAN_TAB] == "1"
    assert not fourth.plan_dock.isVisible()


def test_two_data_files_have_their_own_entries(windows: Windows, tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path, size, rid in ((a, QSize(640, 480), "calculus"), (b, QSize(720, 520), "numpy-100")):
        window = windows.open(path)
        window.resize(size)
        window.panel.select(rid)
        windows.close(window)
    assert set(entries()) == {str(a), str(b)}
    again_a, again_b = windows.open(a), windows.open(b)
    assert (again_a.size(), again_a.panel.current_id) == (QSize(640, 480), "calculus")
    assert (again_b.size(), again_b.panel.current_id) == (QSize(720, 520), "numpy-100")


def test_a_symlinked_data_file_and_its_target_share_an_entry(
        windows: Windows, tmp_path: Path) -> None:
    target = tmp_path / "synced" / "planner.yaml"
    target.parent.mkdir()
    link = tmp_path / "planner-link.yaml"
    link.symlink_to(target)
    window = windows.open(link)
    window.resize(650, 450)
    window.panel.select("numpy-100")
    windows.close(window)
    assert list(entries()) == [str(target)]
    again = windows.open(target)
    assert again.size() == QSize(650, 450) and again.panel.current_id == "numpy-100"


@pytest.mark.parametrize("content", [b"{not json", b"\x00\xff" * 50, b'{"format": 1}', b"[]"],
                         ids=["not JSON", "binary", "another shape", "a list"])
def test_a_corrupt_local_file_is_ignored(windows: Windows, data_file: Path,
                                         content: bytes) -> None:
    local_file().parent.mkdir(parents=True)
    local_file().write_bytes(content)
    window = windows.open()
    assert window.local is not None
    assert window.local.problems[0].startswith(f"the window state in {local_file()} was "
                                               "ignored: it ")
    assert window.width() > 600  # the defaults
    assert window.panel.current_id == "linalg"  # the first thing to study
    window.resize(660, 470)
    windows.close(window)
    assert list(entries()) == [str(data_file)]  # replaced by a good one
    assert windows.open().size() == QSize(660, 470)


def test_a_local_file_that_cannot_be_written_does_not_stop_the_quit(
        windows: Windows, data_file: Path) -> None:
    local_file().mkdir(parents=True)  # a folder in its place
    window = windows.open()
    window.history.push(lambda: SetDone("calculus"))
    windows.close(window)
    assert window.local is not None
    assert window.local.problems[-1].startswith("the window state could not be saved to ")
    assert windows.open().app.progress("calculus").done  # the data was saved


def test_a_read_only_data_file_still_gets_its_window_state(windows: Windows) -> None:
    data_file = planner_with_backups(windows)
    data_file.chmod(0o444)
    before = files(data_file.parent)
    window = windows.open()
    assert window.read_only
    window.resize(610, 430)
    windows.close(window)
    assert files(data_file.parent) == before
    assert windows.open().size() == QSize(610, 430)


# ------------------------------------------------------------ data files of earlier versions


def old_data_file(windows: Windows, tmp_path: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """The golden planner as the version before local state wrote it: the window state, as
    a real window keeps it, in the file's ``ui`` section, and that the last one."""
    scratch = windows.open(tmp_path / "scratch" / "planner.yaml")
    scratch.resize(640, 480)
    scratch.panel.select("numpy-100")
    scratch.panel.view.collapse(row_index(scratch, "maths"))
    values = dict(sorted((key, value) for key, value in scratch.window_state().items()
                         if key != SCREEN_KIND))  # not kept by that version
    windows.close(scratch)
    text = (GOLDEN / "state-v1-cd608e5.yaml").read_text(encoding="utf-8")
    assert text.endswith(f"\n{END_MARKER}\n")
    text = text.replace(f"\n{END_MARKER}\n", f"\n{emit({'ui': values})}{END_MARKER}\n")
    folder.mkdir(exist_ok=True)
    path = folder / "planner.yaml"
    path.write_text(text, encoding="utf-8")
    return path, values


def test_an_old_data_files_window_state_seeds_the_local_state_once(
        windows: Windows, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    data_file, values = old_data_file(windows, tmp_path, tmp_path / "old")
    old = data_file.read_bytes()
    before = files(data_file.parent)

    window = windows.open(data_file, autosave_ms=30)  # it loads, as it always did
    assert window.app.state.ui == values
    assert entries()[str(data_file)] == values  # seeded at start, before any save
    assert window.size() == QSize(640, 480)
    assert window.panel.current_id == "numpy-100"
    assert not window.panel.view.isExpanded(row_index(window, "maths"))
    window.resize(700, 500)
    qtbot.wait(200)
    windows.close(window)
    assert files(data_file.parent) == before  # no change: not rewritten to drop `ui`
    assert entries()[str(data_file)][SELECTED] == "numpy-100"

    again = windows.open(data_file, autosave_ms=30)  # the local state wins from now on
    assert again.size() == QSize(700, 500)
    again.panel.select("calculus")
    qtbot.keyClick(again.panel.view, Qt.Key.Key_Space)  # a real change
    qtbot.waitUntil(lambda: again.save_status.text() == "Saved")
    saved = data_file.read_bytes()
    assert b"\nui:" not in saved and saved_progress(data_file, "calculus").done
    assert data_file.with_name("planner.backup-1.yaml").read_bytes() == old
    windows.close(again)
    third = windows.open(data_file)
    assert third.size() == QSize(700, 500) and third.panel.current_id == "calculus"


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("state-v*.yaml")), ids=lambda p: p.name)
def test_every_golden_file_opens_in_the_window_unchanged(
        windows: Windows, tmp_path: Path, golden: Path) -> None:
    data_file = tmp_path / "planner.yaml"
    shutil.copyfile(golden, data_file)
    before = files(tmp_path)
    window = windows.open(data_file)
    assert "three-blue" in window.app.catalog.resources
    windows.close(window)
    if "6db4065" not in golden.name:  # that one has no plan: the first is accepted, a change
        assert files(tmp_path) == before


def test_a_command_that_writes_an_old_file_keeps_its_window_state(
        windows: Windows, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data_file, values = old_data_file(windows, tmp_path, tmp_path / "old")
    old = data_file.read_bytes()
    assert cli.main(["progress", "linalg", "--done", "--data-file", str(data_file)]) == 0
    assert b"\nui:" not in data_file.read_bytes()
    assert entries()[str(data_file)] == values
    assert data_file.with_name("planner.backup-1.yaml").read_bytes() == old
    assert windows.open(data_file).size() == QSize(640, 480)


# ------------------------------------------------------------------------ the entry point


def _run_window(qtbot, monkeypatch: pytest.MonkeyPatch, argv: list[str], size: QSize) -> None:  # type: ignore[no-untyped-def]
    """``study-planner ARGV`` with an event loop that resizes the window and quits."""

    def exec_() -> int:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.waitUntil(lambda: bool(shown))
        window = shown[0]
        window.resize(size)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(exec_))
    assert cli.main(argv) == 0


def test_the_data_file_option_and_the_variable_get_their_own_entries(
        windows: Windows, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch, boxes) -> None:  # type: ignore[no-untyped-def]
    by_option, by_variable = tmp_path / "option.yaml", tmp_path / "variable.yaml"
    monkeypatch.setenv(wiring.ENV_DATA_FILE, str(by_variable))
    _run_window(qtbot, monkeypatch, ["--data-file", str(by_option)], QSize(600, 420))
    _run_window(qtbot, monkeypatch, [], QSize(680, 460))
    assert set(entries()) == {str(by_option), str(by_variable)}
    assert windows.open(by_option).size() == QSize(600, 420)
    assert windows.open(by_variable).size() == QSize(680, 460)


def test_the_entry_point_says_a_corrupt_local_file_was_ignored(
        tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch, capsys, boxes) -> None:  # type: ignore[no-untyped-def]
    local_file().parent.mkdir(parents=True)
    local_file().write_text("{oops")
    data_file = tmp_path / "planner.yaml"
    _run_window(qtbot, monkeypatch, ["--data-file", str(data_file)], QSize(600, 420))
    err = capsys.readouterr().err
    assert f"study-planner: note: the window state in {local_file()} was ignored: it " in err
    assert boxes == []  # no message box for it: it is not in the way
    assert list(entries()) == [str(data_file)]
    assert stat.S_IMODE(os.stat(local_file()).st_mode) == 0o600


def test_a_layout_made_on_a_wide_screen_is_not_put_on_a_narrow_one(
        windows: Windows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: a layout saved at 1366 px, opened at 1024 px (or at 2×),
    kept the plan beside the tree with no room for it, and titles read "M…g". A layout
    made on the other kind of screen is not used: the window takes this screen's first
    layout (the plan below the tree here, the offscreen screen being 800 px wide)."""
    from PySide6.QtCore import Qt

    data_file = tmp_path / "planner.yaml"
    window = windows.open(data_file)
    assert window.window_state()[SCREEN_KIND] == "narrow"
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.plan_dock)
    window.resize(700, 500)
    state = {**window.window_state(), SCREEN_KIND: "wide"}  # as if saved on a monitor
    windows.close(window)
    assert window.local is not None
    window.local.write(state, window.local.machine)
    again = windows.open(data_file)
    assert again.dockWidgetArea(again.plan_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert again.size() != QSize(700, 500)
    windows.close(again)
    state[SCREEN_KIND] = "narrow"  # made on this kind of screen: used
    window.local.write(state, window.local.machine)
    third = windows.open(data_file)
    assert third.dockWidgetArea(third.plan_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert third.size() == QSize(700, 500)
