"""This machine's device id (planner/store/device.py): made once and kept in the state
folder, never in the data file; a folder or file that cannot be used gives a fresh id with
a note, never an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.core.journal.events import DEVICE
from planner.entry.cli import main as cli
from planner.store.device import FILE_NAME, device_id


def test_the_id_is_made_once_and_kept(tmp_path: Path) -> None:
    first, note = device_id(tmp_path / "state")
    assert note == "" and DEVICE.fullmatch(first)
    assert device_id(tmp_path / "state") == (first, "")
    assert (tmp_path / "state" / FILE_NAME).read_text() == first + "\n"


def test_two_folders_two_machines(tmp_path: Path) -> None:
    assert device_id(tmp_path / "a")[0] != device_id(tmp_path / "b")[0]


def test_a_file_holding_something_else_gives_a_fresh_id_and_is_left(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("Not An Id!\n")
    made, note = device_id(tmp_path)
    assert DEVICE.fullmatch(made) and "does not hold a device id" in note
    assert (tmp_path / FILE_NAME).read_text() == "Not An Id!\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_that_cannot_be_written_gives_an_id_for_this_run(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        made, note = device_id(tmp_path / "state")
    finally:
        tmp_path.chmod(0o700)
    assert DEVICE.fullmatch(made) and "cannot be written" in note


def test_a_folder_in_the_way_gives_an_id_for_this_run(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("a file where the folder belongs")
    made, note = device_id(tmp_path / "state")
    assert DEVICE.fullmatch(made) and "cannot be read (Not a directory)" in note


def test_the_command_lines_events_carry_this_machines_id(tmp_path: Path) -> None:
    """The isolated state folder of the suite (tests/conftest.py) holds the id."""
    data = tmp_path / "planner.yaml"
    assert cli.main(["--data-file", str(data), "progress", "keshav-how-to-read-a-paper",
                     "--done"]) == 0
    state_home = Path(os.environ["XDG_STATE_HOME"])
    kept = next(state_home.rglob(FILE_NAME)).read_text().strip()
    assert f'{{"id": "{kept}.1", ' in data.read_text(encoding="utf-8")
    assert kept not in data.read_text(encoding="utf-8").split("journal:")[0]
