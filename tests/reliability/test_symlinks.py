"""A symlinked data file is followed, not replaced (issue 12, reproduction 5).

``local/planner.yaml -> ../dropbox/ml.yaml``, as a Dropbox user makes it:

- a save (store, command, window) replaces the target and keeps the link; the lock,
  backups and temp files are made beside the target, none beside the link;
- the two paths, and a third spelled with "..", are one file with one lock: a window on
  one and a command or a second launch on another are refused or brought forward exactly
  as on the same path, and nothing diverges.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.core.journal.state import AppState
from planner.core.operations.progress import SetDone
from planner.entry.cli import common
from planner.entry.cli import main as cli
from planner.store.state_file import LockedError
from tests.reliability import test_two_instances as two
from tests.reliability.scenes import make_store
from tests.reliability.test_two_instances import (
    BROUGHT_FORWARD,
    run,
    saved,
    second_launch,
    snapshot,
)

# The fixtures of the two-instance suite: a planner with a catalog and a plan (data_file),
# windows run as run_gui runs them (app_window), sockets in a private folder, the small
# catalog as the default one.
data_file = two.data_file
app_window = two.app_window
runtime_dir = two.runtime_dir
small_default_catalog = two.small_default_catalog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def linked(data_file: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(the real file in dropbox/, the link to it in local/)."""
    dropbox, local = tmp_path / "dropbox", tmp_path / "local"
    dropbox.mkdir()
    local.mkdir()
    real = dropbox / "ml.yaml"
    os.replace(data_file, real)
    (local / "planner.yaml").symlink_to(Path("..") / "dropbox" / "ml.yaml")
    yield real, local / "planner.yaml"


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_save_through_the_link_replaces_the_target_and_keeps_the_link(
        linked: tuple[Path, Path]) -> None:
    real, link = linked
    store = make_store(link)
    store.acquire()
    try:
        app = AppState(store.load().state)
        app.apply(SetDone("second-paper"))
        assert store.save(app.state)
    finally:
        store.release()
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "dropbox", "ml.yaml")
    assert saved(real).progress["second-paper"].done
    assert names(link.parent) == {"planner.yaml"}  # no lock, backup or temp file here
    assert {"ml.yaml.lock", "ml.backup-1.yaml"} <= names(real.parent)


def test_a_command_through_the_link_writes_the_target(linked: tuple[Path, Path]) -> None:
    real, link = linked
    assert cli.main(["--data-file", str(link), "progress", "second-paper", "--done"]) == 0
    assert link.is_symlink() and saved(real).progress["second-paper"].done
    assert names(link.parent) == {"planner.yaml"}


def test_two_paths_to_one_file_share_one_lock(linked: tuple[Path, Path]) -> None:
    real, link = linked
    spelled = link.parent / ".." / "dropbox" / ".." / "local" / "planner.yaml"
    holder = make_store(real)
    holder.acquire()
    try:
        for other in (link, spelled):
            with pytest.raises(LockedError, match="in use by another Study Planner"):
                make_store(other).acquire()
    finally:
        holder.release()
    make_store(spelled).acquire()  # free again (the test can fail)


@pytest.mark.parametrize("window_on", ["real", "link"])
def test_a_command_on_the_other_path_is_refused_while_the_window_is_open(
        app_window, linked: tuple[Path, Path], window_on: str, capsys,  # type: ignore[no-untyped-def]
        monkeypatch) -> None:
    monkeypatch.setattr(common, "LOCK_WAIT_S", 0.2)
    real, link = linked
    window_path, command_path = (real, link) if window_on == "real" else (link, real)
    first = app_window(window_path)
    first.change("first-book")
    before = {folder: snapshot(folder) for folder in (real.parent, link.parent)}
    assert cli.main(["--data-file", str(command_path), "progress", "second-paper",
                     "--done"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"study-planner: error: {command_path} is open in a Study Planner "
                          "window") and err.count("\n") == 1
    assert {folder: snapshot(folder) for folder in before} == before
    first.change("third-video")
    first.close()
    state = saved(real)
    assert state.progress["first-book"].done and state.progress["third-video"].done
    assert "second-paper" not in state.progress
    assert link.is_symlink() and not list(real.parent.glob("*conflict*"))


def test_a_second_launch_on_the_other_path_brings_the_window_forward(
        app_window, qtbot, linked: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    real, link = linked
    first = app_window(real)
    before = snapshot(real.parent)
    code, out, err = second_launch(qtbot, first, link)
    assert (code, out) == (0, ""), err
    assert err == f"study-planner: {link} {BROUGHT_FORWARD}\n"  # the path as the user gave it
    assert snapshot(real.parent) == before and link.is_symlink()


def test_the_real_command_through_the_link_against_a_window(
        app_window, linked: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    """End to end: a real process on the link, the window on the real file."""
    real, link = linked
    app_window(real)
    before = snapshot(real.parent)
    done = run(link, "progress", "second-paper", "--done")
    assert done.returncode == 1 and "is open in a Study Planner window" in done.stderr
    assert snapshot(real.parent) == before
