"""A save cut short: the process killed (SIGKILL) at random moments, or ended right after
each step. What survives must be a whole generation — never a torn file.

The trials run in forked children (tests/reliability/crash_harness.py); the figures are
printed (``-s`` shows them) and ``python bench/crash_trials.py --trials N`` runs more.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.store import state_file
from planner.store.state_file import BACKUPS_KEPT, StateFile
from tests.reliability.crash_harness import (
    NEW,
    PREVIOUS,
    CrashBench,
    Tally,
    run_kill_trials,
    run_stop_trials,
)
from tests.reliability.save_steps import BACKUP, DATA_FILE, ROTATION, STEPS, temp_files
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


# ------------------------------------------------------------------------------ the trials


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> CrashBench:
    if not hasattr(os, "fork"):
        pytest.skip("the crash trials fork a child per trial (POSIX only)")
    bench = CrashBench(tmp_path_factory.mktemp("crash"), history_lines=2000)
    bench.calibrate()
    lines = bench.previous.count(b"\n")
    assert 1900 <= lines <= 2100, lines
    return bench


def assert_no_loss(tally: Tally) -> None:
    assert tally.problems == []
    assert tally.unreadable == 0 and tally.misread == 0
    assert tally.count("torn") == 0 and tally.count("missing") == 0
    assert tally.count(PREVIOUS) + tally.count(NEW) == len(tally.trials)


def test_the_save_steps_the_trials_cut_through(bench: CrashBench) -> None:
    """The first save of a session: the backup (written, then the older ones shifted, then
    put in place), then the data file — each with all six steps."""
    steps = list(STEPS)
    assert bench.labels == (
        [f"{BACKUP}: {step}" for step in steps[:4]]
        + [f"{ROTATION}: replace"] * (BACKUPS_KEPT - 1)
        + [f"{BACKUP}: {step}" for step in steps[4:]]
        + [f"{DATA_FILE}: {step}" for step in steps]
    )


def test_a_process_ending_right_after_each_step(bench: CrashBench) -> None:
    """Deterministic: the child ends (os._exit) right after each step of the save — after
    open temp, write, flush, fsync, replace and folder fsync of the backup and of the data
    file, and after each backup rotation. Before the data file's rename the previous
    generation is on disk, from it on the new one; never anything else."""
    tally = run_stop_trials(bench)
    print(tally.report("ended right after each step", fine=True))
    assert_no_loss(tally)
    assert len(tally.trials) == len(bench.labels)
    replaced = bench.data_file_replace
    expected = [PREVIOUS] * replaced + [NEW] * (len(bench.labels) - replaced)
    assert [trial.outcome for trial in tally.trials] == expected
    # A temp file is left exactly when the process ended between creating it and
    # renaming it (or after a rename of a backup, whose temp is not yet put in place).
    with_temp = [bench.labels[i] for i, trial in enumerate(tally.trials) if trial.temps]
    assert with_temp == [label for label in bench.labels[:-2] if not label.endswith(
        (": replace", ": folder fsync")) or label.startswith(ROTATION)]
    assert tally.loads_checked == len(tally.trials)


def test_the_trials_do_catch_a_save_that_writes_in_place(
    bench: CrashBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks are not blind: a save that first writes half the data file in place (the
    children inherit the patch) is caught as torn after the steps that follow."""
    real = state_file.write_atomically

    def half_in_place_first(path: Path, data: bytes) -> None:
        if path == bench.path:
            path.write_bytes(data[: len(data) // 2])
        real(path, data)

    monkeypatch.setattr(state_file, "write_atomically", half_in_place_first)
    tally = run_stop_trials(bench)
    torn = [bench.labels[i] for i, trial in enumerate(tally.trials) if trial.outcome == "torn"]
    assert torn == [f"{DATA_FILE}: {step}" for step in ("open temp", "write", "flush", "fsync")]
    assert tally.unreadable == len(torn) and len(tally.problems) >= len(torn)


@pytest.mark.slow
def test_a_thousand_saves_killed_at_random_moments(bench: CrashBench) -> None:
    tally = run_kill_trials(bench, trials=1000, seed=6)
    print(tally.report("1,000 saves killed with SIGKILL at random moments"))
    print(tally.report("by step", fine=True))
    assert_no_loss(tally)
    assert len(tally.trials) == 1000
    # Both sides of the rename were hit (half the kills aim at the steps that write), so
    # the trials did cut through the save and not only before or after it.
    assert tally.count(PREVIOUS) > 0 and tally.count(NEW) > 0
