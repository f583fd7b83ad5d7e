"""A save cut short: the process killed (SIGKILL) at random moments, or ended right after
each step. What survives must be a whole generation — never a torn file.

The trials run in forked children (tests/reliability/crash_harness.py); the figures are
printed (``-s`` shows them) and ``python bench/crash_trials.py --trials N`` runs more.
"""

from __future__ import annotations

from pathlib import Path

from planner.store.state_file import StateFile
from tests.reliability.save_steps import temp_files
from tests.reliability.scenes import make_scene, make_store


def test_temp_files_of_a_dead_writer_are_never_read_and_are_removed_at_the_next_start(
    tmp_path: Path,
) -> None:
    scene = make_scene(tmp_path / "data")
    folder = scene.folder
    leftovers = {
        ".planner.yaml.k2j4x9ab.tmp": scene.change(),  # a whole new generation, never renamed
        ".planner.yaml.0q8zz1cd.tmp": scene.previous[:100],  # a torn one
        ".planner.backup-1.yaml.a1b2c3d4.tmp": b"",
        ".planner.conflict-20260101-120000.yaml.e5f6g7h8.tmp": b"x",
    }
    for name, data in leftovers.items():
        (folder / name).write_bytes(data)
    unrelated = {".other.yaml.abc.tmp", "planner.yaml.tmp", "notes.tmp"}
    for name in unrelated:
        (folder / name).write_bytes(b"not ours")

    loaded = make_store(scene.path).load()  # reading needs no lock and removes nothing
    assert loaded.notices == []
    assert make_store(scene.path).serialize(loaded.state) == scene.previous
    assert set(temp_files(folder)) == set(leftovers) | unrelated

    store: StateFile = make_store(scene.path)
    with store.locked():  # the next start: the lock holder clears what a dead writer left
        assert set(temp_files(folder)) == unrelated
    assert scene.path.read_bytes() == scene.previous
