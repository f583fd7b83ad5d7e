"""The local state file (planner/store/local_state.py): the window's state on this machine,
one entry per data file, never in the way of a start-up."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from planner.store import local_state
from planner.store.local_state import FORMAT, GEOMETRY, SELECTED, LocalState

VALUES = {GEOMETRY: "AdnQywADAAAAAAAA", SELECTED: "calculus"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "study-planner" / "window-state.json"


def on_disk(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="ascii"))


def test_an_entry_is_written_and_read_back_by_the_data_files_real_path(
        path: Path, tmp_path: Path) -> None:
    data_file = tmp_path / "planner.yaml"
    assert LocalState(path, data_file).read() == {}  # no file yet: nothing, no problem
    local = LocalState(path, data_file)
    assert local.write(VALUES) and local.problems == []
    document = on_disk(path)
    assert document["format"] == FORMAT and document["version"] == 1
    assert document["data_files"] == {os.path.realpath(data_file): VALUES}
    again = LocalState(path, data_file)
    assert again.read() == VALUES and again.found and again.problems == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_two_data_files_keep_their_own_entries(path: Path, tmp_path: Path) -> None:
    a, b = LocalState(path, tmp_path / "a.yaml"), LocalState(path, tmp_path / "b.yaml")
    a.read()
    b.read()  # both windows open, each read the file before the other wrote
    assert a.write({SELECTED: "linalg"}) and b.write({SELECTED: "calculus"})
    assert LocalState(path, tmp_path / "a.yaml").read() == {SELECTED: "linalg"}
    assert LocalState(path, tmp_path / "b.yaml").read() == {SELECTED: "calculus"}


def test_a_symlink_and_its_target_share_one_entry(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "sync" / "planner.yaml"
    target.parent.mkdir()
    target.write_text("")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    LocalState(path, link).write(VALUES)
    assert LocalState(path, target).read() == VALUES
    assert list(on_disk(path)["data_files"]) == [str(target)]


def test_only_the_most_recent_data_files_are_kept(path: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_state, "MAX_ENTRIES", 3)
    for name in "abcd":
        LocalState(path, tmp_path / f"{name}.yaml").write({SELECTED: name})
    assert [Path(k).stem for k in on_disk(path)["data_files"]] == ["b", "c", "d"]
    LocalState(path, tmp_path / "b.yaml").write({SELECTED: "b again"})  # used again: newest
    LocalState(path, tmp_path / "e.yaml").write({SELECTED: "e"})
    assert [Path(k).stem for k in on_disk(path)["data_files"]] == ["d", "b", "e"]


def test_the_file_stays_within_its_size_cap(path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_state, "MAX_BYTES", 1000)
    for n in range(10):
        LocalState(path, tmp_path / f"{n}.yaml").write({SELECTED: "x" * 200})
    assert path.stat().st_size <= 1000
    assert LocalState(path, tmp_path / "9.yaml").read() == {SELECTED: "x" * 200}
    assert LocalState(path, tmp_path / "0.yaml").read() == {}  # the oldest went first


def test_values_that_are_not_short_text_are_not_kept(path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_state, "MAX_VALUE", 10)
    local = LocalState(path, tmp_path / "planner.yaml")
    local.write({SELECTED: "linalg", GEOMETRY: "x" * 11})
    assert LocalState(path, tmp_path / "planner.yaml").read() == {SELECTED: "linalg"}
    key = os.path.realpath(tmp_path / "planner.yaml")
    path.write_text(json.dumps({"format": FORMAT, "version": 1, "data_files": {
        key: {SELECTED: 3, GEOMETRY: None, "tree.expanded": "maths"}}}))
    assert LocalState(path, tmp_path / "planner.yaml").read() == {"tree.expanded": "maths"}


UNUSABLE = {
    "empty": b"",
    "not JSON": b"geometry=1\n",
    "cut short": b'{"format": "study-planner window state", "version": 1, "data_',
    "not UTF-8": b'{"format": "\xff"}',
    "a list": b"[1, 2]",
    "another format": json.dumps({"format": "other", "version": 1, "data_files": {}}).encode(),
    "a newer version": json.dumps({"format": FORMAT, "version": 2, "data_files": {}}).encode(),
    "no entries": json.dumps({"format": FORMAT, "version": 1, "data_files": []}).encode(),
    "nested too deep": b"[" * 100_000,
}


@pytest.mark.parametrize("raw", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_file_is_ignored_with_a_note_and_replaced_on_write(
        path: Path, tmp_path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    local = LocalState(path, tmp_path / "planner.yaml")
    assert local.read() == {} and not local.found
    (problem,) = local.problems
    assert problem.startswith(f"the window state in {path} was ignored: it ")
    assert problem.endswith("; the window opens with its default layout")
    assert local.write(VALUES)
    assert LocalState(path, tmp_path / "planner.yaml").read() == VALUES


def test_a_file_past_the_cap_is_not_read(path: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    LocalState(path, tmp_path / "planner.yaml").write(VALUES)
    monkeypatch.setattr(local_state, "MAX_BYTES", 50)
    local = LocalState(path, tmp_path / "planner.yaml")
    assert local.read() == {}
    assert "is over its size limit of 50 bytes" in local.problems[0]


def test_a_fifo_is_not_waited_on(path: Path, tmp_path: Path) -> None:
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    local = LocalState(path, tmp_path / "planner.yaml")
    assert local.read() == {}
    assert "is not a regular file" in local.problems[0]
    assert local.write(VALUES)  # replaced, not written into
    assert stat.S_ISREG(path.lstat().st_mode)


def test_a_symlink_at_its_path_is_replaced_not_written_through(path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("keep me")
    path.parent.mkdir(parents=True)
    path.symlink_to(elsewhere)
    LocalState(path, tmp_path / "planner.yaml").write(VALUES)
    assert elsewhere.read_text() == "keep me"
    assert not path.is_symlink()


def test_a_file_that_cannot_be_written_is_a_note_not_an_error(path: Path, tmp_path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be
    local = LocalState(path, tmp_path / "planner.yaml")
    assert local.read() == {}
    assert not local.write(VALUES)
    assert local.problems[-1].startswith(f"the window state could not be saved to {path}: ")
    blocked = LocalState(tmp_path / "a-file" / "window-state.json", tmp_path / "planner.yaml")
    (tmp_path / "a-file").write_text("")
    assert not blocked.write(VALUES) and blocked.problems


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_write_permission_is_named(path: Path, tmp_path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o500)
    try:
        local = LocalState(path, tmp_path / "planner.yaml")
        assert not local.write(VALUES)
        assert f"(you may not write in {path.parent})" in local.problems[0]
    finally:
        path.parent.chmod(0o700)


def test_an_old_data_files_window_state_seeds_an_empty_entry_once(
        path: Path, tmp_path: Path) -> None:
    data_file = tmp_path / "planner.yaml"
    old = {**VALUES, "geometry": "from a sample", "tree.expanded": "maths code"}
    local = LocalState(path, data_file)
    local.read()
    assert local.seed(old)
    assert LocalState(path, data_file).read() == {**VALUES, "tree.expanded": "maths code"}
    newer = LocalState(path, data_file)
    newer.read()
    newer.write({SELECTED: "linalg"})  # the window since
    again = LocalState(path, data_file)
    again.read()
    assert not again.seed(old)  # there is an entry: the file's old values are not used
    assert LocalState(path, data_file).read() == {SELECTED: "linalg"}
    nothing = LocalState(path, tmp_path / "other.yaml")
    nothing.read()
    assert not nothing.seed({"geometry": "only keys of no window"})
    assert LocalState(path, tmp_path / "other.yaml").read() == {}
