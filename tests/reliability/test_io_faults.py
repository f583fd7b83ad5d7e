"""I/O faults during a save: an OSError at every step, for each errno, once and persisting.

The promise (docs/architecture.md §3.4): a failed save leaves the previous file
byte-identical, leaves no temp file, raises ``SaveError`` naming the file and the cause, and
the next save once the fault clears writes the changes. The folder's fsync comes *after* the
rename: when it fails, the save puts the previous bytes back (the save failed, the changes
stay unsaved), so the promise holds there too. Only if putting them back fails as well do
the new bytes stay, whole, and the next save writes the file again in full rather than
trusting a rename whose durability is unknown.

The window's side (status bar, unsaved mark, retries) is in tests/ui/test_ui_save_faults.py.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.journal.state import PlannerState
from planner.store.state_file import SaveError, StateFileError
from tests.reliability.save_steps import (
    BACKUP,
    CONFLICT,
    DATA_FILE,
    ERRNOS,
    ROTATION,
    STEPS,
    Fault,
    SaveSteps,
    read_only,
    temp_files,
)
from tests.reliability.scenes import Scene, make_scene, make_store

MODES = ("once", "after-first")


@pytest.fixture
def scene(tmp_path: Path) -> Scene:
    return make_scene(tmp_path / "data")


def install(scene: Scene, monkeypatch: pytest.MonkeyPatch, fault: Fault) -> SaveSteps:
    steps = SaveSteps(scene.path).install(monkeypatch.setattr)
    steps.before.append(fault)
    return steps


def failed_save(scene: Scene, fault: Fault) -> str:
    """Save, expecting the fault to make it fail; the message."""
    fired = len(fault.fired)
    with pytest.raises(SaveError) as info:
        scene.store.save(scene.app.state)
    assert len(fault.fired) == fired + 1, "the save failed, but not at the injected fault"
    message = str(info.value)
    assert str(scene.path) in message, message
    assert fault.strerror in message, message
    assert temp_files(scene.folder) == []
    return message


def saved(scene: Scene, data: bytes) -> None:
    assert scene.store.save(scene.app.state) is True
    assert scene.path.read_bytes() == data
    assert temp_files(scene.folder) == []


def after_the_fault(scene: Scene, *, backups: list[bytes]) -> None:
    """Once the fault has cleared: the backups as expected, a further change saves
    normally, nothing was taken for someone else's change, and the file loads."""
    assert scene.backups() == backups
    saved(scene, scene.change())
    assert scene.conflict_copies() == []
    loaded = make_store(scene.path).load()
    assert loaded.notices == [] and loaded.state.progress == scene.app.state.progress


# ------------------------------------------------------------------------------ the matrix


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("error", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", STEPS)
def test_a_fault_at_any_step_of_writing_the_data_file(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, step: str, error: int, mode: str
) -> None:
    fault = Fault(step, error, mode, target=DATA_FILE)
    steps = install(scene, monkeypatch, fault)
    rotated = [scene.previous, *scene.older[:-1]]  # one rotation: the oldest backup goes
    new = scene.change()
    if mode == "once":
        failed_save(scene, fault)
        assert scene.path.read_bytes() == scene.previous
        assert scene.backups() == rotated  # the backup was taken before the failing step
        # The fault has passed: the very next save writes the file, in full.
        written = len(steps.of(DATA_FILE))
        saved(scene, new)
        assert steps.of(DATA_FILE)[written:] == list(STEPS)
    else:
        saved(scene, new)  # the first call of the step passes
        older = new
        new = scene.change()
        for _ in range(3):  # the autosave retries while the fault lasts
            failed_save(scene, fault)
            assert scene.path.read_bytes() == older
        fault.clear()
        written = len(steps.of(DATA_FILE))
        saved(scene, new)
        assert steps.of(DATA_FILE)[written:] == list(STEPS)
    after_the_fault(scene, backups=rotated)


def test_the_matrix_covers_every_step_errno_and_mode() -> None:
    assert STEPS == ("open temp", "write", "flush", "fsync", "replace", "folder fsync")
    assert {errno.errorcode[e] for e in ERRNOS} == {"ENOSPC", "EIO", "EACCES", "EROFS"}
    assert len(STEPS) * len(ERRNOS) * len(MODES) == 48


def test_the_message_says_what_happened(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    fault = Fault("write", errno.ENOSPC, target=DATA_FILE)
    install(scene, monkeypatch, fault)
    scene.change()
    message = failed_save(scene, fault)
    assert message == f"Could not save {scene.path}: No space left on device"

    unsynced = Fault("folder fsync", errno.EIO, target=DATA_FILE)
    install(scene, monkeypatch, unsynced)
    fault.clear()
    message = failed_save(scene, unsynced)
    assert message == (f"Could not save {scene.path}: Input/output error while syncing its "
                       "folder; the file is unchanged")

    denied = Fault("open temp", errno.EACCES)
    install(scene, monkeypatch, denied)
    unsynced.clear()
    message = failed_save(scene, denied)
    assert f"you may not write in the folder {scene.folder}" in message


def test_when_the_previous_bytes_cannot_be_put_back_the_new_ones_stay_and_go_again(
        scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder's fsync fails and so does the rename that would put the previous bytes
    back: the new generation stays, whole, the save is still a failure, and the next save
    writes the file again in full (it does not trust a rename it could not sync)."""
    unsynced = Fault("folder fsync", errno.EIO, "once", target=DATA_FILE)
    stuck = Fault("replace", errno.EIO, "after-first", target=DATA_FILE)
    steps = install(scene, monkeypatch, unsynced)
    steps.before.append(stuck)
    new = scene.change()
    with pytest.raises(SaveError) as info:
        scene.store.save(scene.app.state)
    assert "the new version is in place but may not survive a power cut" in str(info.value)
    assert scene.path.read_bytes() == new and temp_files(scene.folder) == []
    stuck.clear()
    written = len(steps.of(DATA_FILE))
    assert scene.store.save(scene.app.state) is True  # the same bytes, written again
    assert steps.of(DATA_FILE)[written:] == list(STEPS)
    assert scene.path.read_bytes() == new


def test_a_first_save_whose_folder_sync_fails_keeps_the_new_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    """No previous file to put back: the new one stays (deleting it would lose more)."""
    folder = tmp_path / "data"
    store = make_store(folder / "planner.yaml")
    steps = SaveSteps(store.path).install(monkeypatch.setattr)
    steps.before.append(Fault("folder fsync", errno.EIO, "once", target=DATA_FILE))
    state = PlannerState(catalog=store.default_catalog())
    with pytest.raises(SaveError, match="may not survive a power cut"):
        store.save(state)
    assert store.path.read_bytes() == store.serialize(state)
    assert store.save(state) is True  # written again in full, this time synced


# ------------------------------------------------------------------------------ backups


# A backup is written once per rotation, so its steps are called once per save: faults
# that pass the first call are tried on the rotation's renames, which come several a save.
BACKUP_FAULTS = [
    *[(step, BACKUP, mode) for step in STEPS for mode in ("once", "always")],
    *[("replace", ROTATION, mode) for mode in ("once", "after-first", "always")],
]


@pytest.mark.parametrize(("step", "target", "mode"), BACKUP_FAULTS)
def test_a_fault_while_keeping_a_backup(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, step: str, target: str, mode: str
) -> None:
    """The data file is untouched, and however often the save is retried while the fault
    lasts, the backups lose no more than one rotation's oldest generation."""
    fault = Fault(step, errno.ENOSPC, mode, target=target)
    install(scene, monkeypatch, fault)
    new = scene.change()
    for _attempt in range(BACKUPS_KEPT_PLUS):
        try:
            scene.store.save(scene.app.state)
        except SaveError as exc:
            message = str(exc)
            assert str(scene.path) in message and fault.strerror in message
            assert "backup" in message, message
            assert scene.path.read_bytes() == scene.previous
            assert temp_files(scene.folder) == []
            for data in scene.backups():  # whatever is there is a whole generation
                assert data in [scene.previous, *scene.older]
            continue
        assert scene.path.read_bytes() == new
        break
    assert fault.fired, "the fault never struck"
    fault.clear()
    scene.store.save(scene.app.state)
    assert scene.path.read_bytes() == new
    after_the_fault(scene, backups=[scene.previous, *scene.older[:-1]])


BACKUPS_KEPT_PLUS = 7  # more failed attempts than there are backups


def test_a_disk_that_stays_full_keeps_every_backup(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every write fails (ENOSPC) for a long while: the autosave retries again and again.
    The backups must not be shifted once per retry until they fall off the end."""
    fault = Fault("write", errno.ENOSPC, "always")
    install(scene, monkeypatch, fault)
    new = scene.change()
    for _ in range(10):
        failed_save(scene, fault)
        assert scene.path.read_bytes() == scene.previous
    assert sorted(scene.backups()) == sorted(scene.older)  # nothing moved, nothing lost
    fault.clear()
    saved(scene, new)
    after_the_fault(scene, backups=[scene.previous, *scene.older[:-1]])


# ------------------------------------------------------------------------------ conflict copy


def someone_else_writes(scene: Scene) -> bytes:
    theirs = scene.previous.replace(b"max_parallel: 3", b"max_parallel: 4")
    assert theirs != scene.previous
    scene.path.write_bytes(theirs)
    return theirs


@pytest.mark.parametrize("mode", ["once", "always"])
@pytest.mark.parametrize("step", STEPS)
def test_a_fault_while_keeping_someone_elses_version_aside(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, step: str, mode: str
) -> None:
    theirs = someone_else_writes(scene)
    fault = Fault(step, errno.EIO, mode, target=CONFLICT)
    install(scene, monkeypatch, fault)
    new = scene.change()
    message = failed_save(scene, fault)
    assert "changed by someone else" in message
    assert scene.path.read_bytes() == theirs  # their file is not lost
    assert scene.conflict_copies() in ([], [theirs])  # no partial copy
    # A copy whose folder sync failed is whole and in place: the retry makes no second
    # one, and the data file's own folder sync (the same folder) covers it.
    if mode == "always" and step != "folder fsync":
        for _ in range(3):
            failed_save(scene, fault)
            assert scene.path.read_bytes() == theirs
        fault.clear()
    saved(scene, new)
    assert scene.conflict_copies() == [theirs]  # one copy, however many retries


def test_a_failing_save_after_the_conflict_copy_makes_no_copy_per_retry(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = someone_else_writes(scene)
    fault = Fault("replace", errno.EIO, "always", target=DATA_FILE)
    install(scene, monkeypatch, fault)
    new = scene.change()
    for _ in range(4):
        failed_save(scene, fault)
        assert scene.path.read_bytes() == theirs
    fault.clear()
    saved(scene, new)
    assert scene.conflict_copies() == [theirs]
    assert theirs not in scene.backups()  # kept as the conflict copy, not as a backup too


# ------------------------------------------------------------------------------ the folder


def test_a_read_only_folder(scene: Scene) -> None:
    new = scene.change()
    with read_only(scene.folder):
        for _ in range(2):
            with pytest.raises(SaveError) as info:
                scene.store.save(scene.app.state)
            message = str(info.value)
            assert message.startswith(f"Could not save {scene.path}: ")
            assert f"you may not write in the folder {scene.folder}" in message
            assert scene.path.read_bytes() == scene.previous
            assert temp_files(scene.folder) == []
    saved(scene, new)
    after_the_fault(scene, backups=[scene.previous, *scene.older[:-1]])


def test_a_read_only_folder_at_start_is_not_taken_for_another_window(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = make_store(folder / "planner.yaml")
    with read_only(folder), pytest.raises(StateFileError) as info:
        store.acquire()
    message = str(info.value)
    assert "in use by another" not in message
    assert f"you may not write in the folder {folder}" in message


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "there" / "yet" / "planner.yaml"
    store = make_store(path)
    state = store.load().state
    assert not path.parent.exists()
    assert store.save(state) is True
    assert make_store(path).load().existed
    other = make_store(tmp_path / "also" / "missing" / "planner.yaml")
    with other.locked():
        assert other.path.parent.is_dir()


@pytest.mark.parametrize("depth", [0, 2])
def test_a_folder_that_is_a_file(tmp_path: Path, depth: int) -> None:
    blocker = tmp_path / "data"
    blocker.write_bytes(b"my thesis notes\n")
    folder = blocker.joinpath(*["sub"] * depth)
    store = make_store(folder / "planner.yaml")
    state = PlannerState(catalog=store.default_catalog())
    expected = f"{blocker} is a file, not a folder"
    with pytest.raises(SaveError) as info:
        store.save(state)
    assert str(info.value) == f"Could not save {store.path}: {expected}"
    with pytest.raises(StateFileError) as at_start:
        store.acquire()
    assert expected in str(at_start.value)
    assert blocker.read_bytes() == b"my thesis notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_folder_that_is_a_file_from_the_command_line(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_bytes(b"keep me\n")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "--data-file", str(blocker / "planner.yaml"),
         "progress", "linalg", "--done"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"study-planner: error: {blocker / 'planner.yaml'} cannot be used: "
        f"{blocker} is a file, not a folder; nothing was changed"
    ]
    assert blocker.read_bytes() == b"keep me\n"


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    store = make_store(parent / "data" / "planner.yaml")
    state = PlannerState(catalog=store.default_catalog())
    with read_only(parent):
        with pytest.raises(SaveError) as info:
            store.save(state)
        assert f"(the folder {parent / 'data'} could not be created)" in str(info.value)
        with pytest.raises(StateFileError) as at_start:
            store.acquire()
        assert "could not be created" in str(at_start.value)
    assert list(parent.iterdir()) == []
    assert store.save(state) is True
