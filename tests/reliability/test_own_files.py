"""Export writes only what the user owns (issue 12, reproduction 6).

``export --ics F.lock`` replaced the lock, after which a command's write was accepted while
the window was open; ``export --markdown planner.backup-1.yaml`` destroyed a backup. Now
the data file, its lock, backups, copies kept aside, temp files and the parse cache are
refused, however they are spelled (relative, "..", a symlink, a hard link), by the
command and by File ▸ Export, with one line naming the target and why; nothing is written.
Exports get the user's umask, not 0600.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.entry import wiring
from planner.entry.cli import common
from planner.entry.cli import main as cli
from tests.reliability import test_two_instances as two
from tests.reliability.test_two_instances import BROUGHT_FORWARD, second_launch, snapshot

data_file = two.data_file  # a planner with a catalog, a plan and a backup
app_window = two.app_window
runtime_dir = two.runtime_dir
small_default_catalog = two.small_default_catalog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

# Each of the planner's own files, by how a test finds it from the data file.
OWN: dict[str, Callable[[Path], Path]] = {
    "data file": lambda f: f,
    "lock": lambda f: f.with_name(f.name + ".lock"),
    "backup": lambda f: f.with_name("planner.backup-1.yaml"),
    "backup not made yet": lambda f: f.with_name("planner.backup-5.yaml"),
    "corrupt copy": lambda f: f.with_name("planner.corrupt-20261201-101010.yaml"),
    "conflict copy": lambda f: f.with_name("planner.conflict-20261201-101010.yaml"),
    "temp file": lambda f: f.with_name(".planner.yaml.abc123.tmp"),
    "cache entry": lambda f: next(wiring.default_cache_dir().glob("state-*.json")),
    "cache secret": lambda f: wiring.default_cache_dir() / "parse-cache.key",
}
SPELLINGS = ["as is", "relative with ..", "symlink", "hard link"]


def spelled(target: Path, how: str, tmp_path: Path) -> Path:
    """``target`` as a user might write it."""
    if how == "relative with ..":
        return Path(os.path.relpath(target.parent, tmp_path)) / ".." / target.parent.name \
            / target.name
    if how == "symlink":
        link = tmp_path / "elsewhere" / "plan.ics"
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(target)
        return link
    if how == "hard link":
        link = tmp_path / "elsewhere" / "plan.md"
        link.parent.mkdir(exist_ok=True)
        os.link(target, link)
        return link
    return target


@pytest.fixture
def planner_files(data_file: Path) -> Path:
    """The data file with every kind of file of its own beside it."""
    assert cli.main(["--data-file", str(data_file), "progress", "first-book", "--done"]) == 0
    for kind in ("corrupt copy", "conflict copy", "temp file"):
        OWN[kind](data_file).write_text(f"{kind}\n")
    for kind, where in OWN.items():
        assert where(data_file).exists() == (kind != "backup not made yet"), kind
    return data_file


def everything(data_file: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the planner, beside it and in the cache: bytes and modification time
    (an export's temp file would be made beside the real target, so among them too)."""
    seen = {}
    for folder in (data_file.parent, wiring.default_cache_dir()):
        seen.update({str(k): v for k, v in snapshot(folder).items()})
    return seen


# Every kind in every spelling (a hard link needs a file to link to); the three formats
# take turns, as they share the one check.
CASES = [(kind, how, ("--ics", "--markdown", "--yaml")[n % 3])
         for n, (kind, how) in enumerate((k, h) for k in OWN for h in SPELLINGS)
         if not (how == "hard link" and kind == "backup not made yet")]


@pytest.mark.parametrize(("kind", "how", "form"), CASES)
def test_export_over_the_planners_own_files_is_refused(
        planner_files: Path, tmp_path: Path, kind: str, how: str, form: str, capsys,  # type: ignore[no-untyped-def]
        monkeypatch) -> None:
    own = OWN[kind](planner_files)
    monkeypatch.chdir(tmp_path)
    target = spelled(own, how, tmp_path)
    before = everything(planner_files)
    assert cli.main(["--data-file", str(planner_files), "export", form, str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"study-planner: error: {target} is ") and err.count("\n") == 1
    assert "nothing was written: export to another file" in err
    assert everything(planner_files) == before


def test_an_export_over_the_lock_no_longer_lets_a_second_writer_in(
        app_window, qtbot, data_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The issue's sequence: the window open, ``export --ics F.lock``, then a command's
    write and a second launch: both still meet the window."""
    monkeypatch.setattr(common, "LOCK_WAIT_S", 0.2)
    first = app_window(data_file)
    lock = data_file.with_name(data_file.name + ".lock")
    inode = lock.stat().st_ino
    assert cli.main(["--data-file", str(data_file), "export", "--ics", str(lock)]) == 1
    assert lock.stat().st_ino == inode
    assert cli.main(["--data-file", str(data_file), "progress", "second-paper", "--done"]) == 1
    assert "is open in a Study Planner window" in capsys.readouterr().err
    code, _, err = second_launch(qtbot, first, data_file)
    assert code == 0 and BROUGHT_FORWARD in err


@pytest.mark.parametrize("kind", ["lock", "backup", "conflict copy", "cache entry"])
@pytest.mark.parametrize("action", ["export_ics_action", "export_markdown_action",
                                    "export_yaml_action"])
def test_file_export_in_the_window_refuses_the_planners_own_files(
        app_window, planner_files: Path, tmp_path: Path, kind: str, action: str,  # type: ignore[no-untyped-def]
        monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: shown.append(text) or QMessageBox.StandardButton.Ok))
    window = app_window(planner_files).window
    target = spelled(OWN[kind](planner_files), "symlink", tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(target), "")))
    before = everything(planner_files)
    getattr(window.files, action).trigger()
    [message] = shown
    assert f"{target} is " in message and "export to another file" in message
    assert everything(planner_files) == before
    assert "Exported" not in window.statusBar().currentMessage()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_exports_get_the_users_umask(data_file: Path, tmp_path: Path,
                                     umask: int) -> None:
    old = os.umask(umask)
    try:
        for form, name in (("--ics", "plan.ics"), ("--markdown", "plan.md"),
                           ("--yaml", "list.yaml")):
            target = tmp_path / name
            assert cli.main(["--data-file", str(data_file), "export", form, str(target)]) == 0
            assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask, name
    finally:
        os.umask(old)
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o600  # the planner's own stay private


def test_an_export_through_a_symlink_writes_its_target(data_file: Path,
                                                       tmp_path: Path) -> None:
    real = tmp_path / "calendars" / "study.ics"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "study.ics"
    link.symlink_to(real)
    assert cli.main(["--data-file", str(data_file), "export", "--ics", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"BEGIN:VCALENDAR")
