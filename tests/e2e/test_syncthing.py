"""One planner on two machines through two real Syncthing instances (issue 18).

Two ``syncthing`` processes share one folder over loopback (tests/e2e/syncthing.py). Each
"machine" is its own home and XDG folders, so it has its own device id and its own base
snapshot; the command line runs as ``python -m planner`` in that environment. Both
machines go offline (Syncthing paused), edit the file, one field to different values on
each side, and come back: Syncthing keeps one version and renames the other
``planner.sync-conflict-<date>-<time>-<device>.yaml``. Then ``sync`` (or the open window)
merges, Syncthing carries the result across, and both folders end with one data file
holding every edit, byte for byte the same.

Run alone: ``pytest -m syncthing``. Skipped only where Syncthing cannot run, and never on
CI (CI=true), which installs it (.ci/run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner.core.journal.state import PlannerState
from planner.store.conflict_copies import conflict_copies, side_copies
from tests.e2e.syncthing import Syncthing, pair, syncthing_binary, tree, wait_for, wait_settled
from tests.on_disk import saved_state

EXE = syncthing_binary()
if EXE is None and os.environ.get("CI") != "true":
    pytest.skip("needs syncthing (Debian package `syncthing`) on the PATH",
                allow_module_level=True)

pytestmark = [pytest.mark.syncthing, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
START, X, Y, Z = ("simeone-ml-for-engineers", "thomas-math-for-ml", "foundations-of-data-science",
                  "matrix-cookbook")
MAX_ROUNDS = 4


class Machine:
    """The planner's command line on one machine: its own home, XDG folders and device id,
    on the data file in that machine's synced folder."""

    def __init__(self, name: str, home: Path, folder: Path) -> None:
        self.name = name
        self.data_file = folder / "planner.yaml"
        env = {k: v for k, v in os.environ.items() if not k.startswith("STUDY_PLANNER_")}
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
                   XDG_STATE_HOME=str(home / "state"),
                   PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
        self.env = env

    def run(self, *argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "planner", "--data-file",
                               str(self.data_file), *argv], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (f"{self.name}: {' '.join(argv)} exited "
                                      f"{done.returncode}:\n{done.stdout}{done.stderr}")
        return done.stdout


@pytest.fixture
def syncing(tmp_path: Path) -> Iterator[tuple[Syncthing, Syncthing]]:
    assert EXE is not None, "CI must install syncthing (.ci/run)"
    yield from pair(EXE, tmp_path)


def copies_on(*sides: Syncthing) -> dict[str, list[str]]:
    """The conflict copies on each side, by side name: of the data file, and of its
    backups (each machine rotated its own while apart)."""
    return {side.name: [p.name for p in conflict_copies(side.folder / "planner.yaml")
                        + side_copies(side.folder / "planner.yaml")]
            for side in sides}


def kept_as(name: str, seen: set[str]) -> str:
    """The copy a file in merged/ is: ``move_merged`` gives a second copy of one name (a
    later round's copy, made in the same second by the same device) a free name,
    ``stem-2.yaml``, rather than replace the first."""
    match = re.fullmatch(r"(.*)-\d+(\.[^.]+)", name)
    if match and match.group(1) + match.group(2) in seen:
        return match.group(1) + match.group(2)
    return name


def resume(*sides: Syncthing) -> None:
    """Back online, each side's changes scanned."""
    for side in sides:
        side.resume()
    for side in sides:
        side.scan()


def next_second(after: float, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait until the wall clock is in a later second than ``after``: journal events are
    dated to the second, and the later of two changes must be later by the clock."""
    wait_for(lambda: int(time.time()) > int(after), "the next second", sleep=sleep)


def event_ids(state: PlannerState) -> set[str]:
    return {event.id for event in state.journal}


def hours_conflicts(state: PlannerState) -> list[tuple[object, object]]:
    return [(e.data["kept"], e.data["other"]) for e in state.journal
            if e.type == "sync.conflict" and e.data["f"] == "hours_per_week"]


def test_two_machines_edit_offline_and_sync_merges_syncthings_conflict_copy(
        syncing: tuple[Syncthing, Syncthing], tmp_path: Path) -> None:
    a_st, b_st = syncing
    a = Machine("a", tmp_path / "home-a", a_st.folder)
    b = Machine("b", tmp_path / "home-b", b_st.folder)
    started = time.monotonic()

    # the file is made on a and reaches b
    a.run("progress", START, "--units", "1")
    a_st.scan()
    wait_settled(a_st, b_st)
    assert b.data_file.read_bytes() == a.data_file.read_bytes()

    # both offline; each edits, and both change hours per week (b later: b's value wins)
    a_st.pause()
    b_st.pause()
    a.run("progress", X, "--units", "3")
    a.run("settings", "--max-parallel", "2")
    a.run("settings", "--hours-per-week", "8")
    next_second(time.time())
    b.run("progress", Y, "--done")
    b.run("settings", "--horizon", "300")
    b.run("settings", "--hours-per-week", "10")
    edits = event_ids(saved_state(a.data_file)) | event_ids(saved_state(b.data_file))

    # back online: Syncthing keeps b's version and renames a's as a conflict copy
    resume(a_st, b_st)
    wait_settled(a_st, b_st)
    found = copies_on(a_st, b_st)
    assert found["a"] and found["a"] == found["b"], found
    assert all(".sync-conflict-" in name for name in found["a"]), found

    # sync on both machines at once, offline again (the harder case: two merges of the
    # same copy, each dated by its own machine); repeated until no copy is left
    reports: list[dict[str, object]] = []
    rounds = 0
    seen: set[str] = set()
    while any(copies_on(a_st, b_st).values()):
        seen.update(*copies_on(a_st, b_st).values())
        rounds += 1
        assert rounds <= MAX_ROUNDS, f"conflict copies still there: {copies_on(a_st, b_st)}"
        a_st.pause()
        b_st.pause()
        for machine, side in ((a, a_st), (b, b_st)):
            if copies_on(side)[side.name]:
                reports.append(json.loads(machine.run("sync", "--json")))
        resume(a_st, b_st)
        wait_settled(a_st, b_st)
    elapsed = time.monotonic() - started

    # one file, byte for byte the same on both machines
    assert a.data_file.read_bytes() == b.data_file.read_bytes()
    assert copies_on(a_st, b_st) == {"a": [], "b": []}
    assert all(not report["problems"] for report in reports), reports
    for side in (a_st, b_st):  # the copies were moved, never deleted
        assert {kept_as(p.name, seen) for p in (side.folder / "merged").iterdir()} == seen
    assert "no conflict copies" in a.run("sync")
    assert "no conflict copies" in b.run("sync")

    # every edit is there: no event lost, and the folds show each machine's changes
    state = saved_state(a.data_file)
    assert edits <= event_ids(state), sorted(edits - event_ids(state))
    assert state.progress[START].units_done == 1
    assert state.progress[X].units_done == 3
    assert state.progress[Y].done
    assert state.settings.max_parallel == 2
    assert state.settings.horizon_weeks == 300
    # the true conflict: the later change kept, the other value recorded by the merge
    assert state.settings.hours_per_week == 10
    assert hours_conflicts(state) and set(hours_conflicts(state)) == {(10.0, 8.0)}
    reported = [c for report in reports for c in report["conflicts"]  # type: ignore[attr-defined]
                if c["field"] == "hours_per_week"]
    assert reported and all((c["kept"], c["other"]) == (10.0, 8.0) for c in reported)
    print(f"\nsyncthing: settled with {rounds} round(s) of sync in {elapsed:.1f} s; "
          f"{len(edits)} events, all kept; files in each folder: {sorted(tree(a_st.folder))}")


# ---------------------------------------------------------------------- the window on b

OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                   r"This plugin does not support (raise\(\)|grabbing the keyboard)")


@pytest.fixture
def window_on(qtbot):  # type: ignore[no-untyped-def]
    """``window_on(path)``: a main window on the data file, opened as the app opens it, on
    this test's machine (its home is the test's); closed after the test."""
    from planner.core.journal.state import AppState
    from planner.entry.wiring import open_local_state, open_state_file, this_machine
    from planner.ui.main_window import MainWindow

    opened = []

    def open_window(path: Path) -> MainWindow:
        store = open_state_file(path)
        store.acquire()
        result = store.load()
        local = open_local_state(store, result.state.ui)
        recorder, _ = this_machine()
        window = MainWindow(AppState(result.state, recorder=recorder), store, explicit=True,
                            first_launch=not result.existed, local=local, autosave_ms=30,
                            retry_ms=60)
        opened.append((window, store))
        window.show()
        qtbot.waitExposed(window)
        return window

    yield open_window
    for window, store in opened:
        window.confirm_discard = lambda error: True
        window.close()
        store.release()
        window.deleteLater()


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
def test_the_window_follows_the_file_while_syncthing_replaces_it_and_leaves_a_copy(
        syncing: tuple[Syncthing, Syncthing], tmp_path: Path, qtbot, window_on) -> None:  # type: ignore[no-untyped-def]
    from planner.core.operations.planning import ChangeSettings
    from planner.core.operations.progress import RecordUnits

    a_st, b_st = syncing
    a = Machine("a", tmp_path / "home-a", a_st.folder)
    b_file = b_st.folder / "planner.yaml"

    def pump(seconds: float) -> None:  # the window's event loop runs while the test waits
        qtbot.wait(max(1, int(seconds * 1000)))

    def settle() -> None:
        wait_settled(a_st, b_st, sleep=pump)

    def message() -> str:
        assert window.follower is not None
        return window.follower.last_message

    started = time.monotonic()
    a.run("progress", START, "--units", "1")
    a_st.scan()
    settle()
    window = window_on(b_file)  # machine b: this test's own home and device id
    wait_for(lambda: window.follower is not None and window.save_status.text() == "Saved",
             "the window to open and follow its file", sleep=pump)
    lock = Path(f"{b_file}.lock")
    held = lock.stat().st_ino  # the file the window's lock is on
    b_st.scan()
    settle()

    # offline: a records X and sets 8 h; the window, a second later, records Y and sets 10 h
    a_st.pause()
    b_st.pause()
    a.run("progress", X, "--units", "3")
    a.run("settings", "--hours-per-week", "8")
    next_second(time.time(), sleep=pump)
    assert window.history.push(lambda: RecordUnits(Y, 2))
    assert window.history.push(lambda: ChangeSettings(hours_per_week=10.0))
    wait_for(lambda: not window.autosave.dirty, "the window to save", sleep=pump)
    edits = event_ids(saved_state(a.data_file)) | event_ids(saved_state(b_file))

    # online: Syncthing keeps the window's (later) file and sends a's as a conflict copy,
    # which the window merges, saves, and moves into merged/
    resume(a_st, b_st)
    wait_for(lambda: message().startswith("Merged changes from the other machine")
             and not any(copies_on(a_st, b_st).values()),
             "the window to merge the conflict copy", sleep=pump)
    text = message()
    assert "1 conflict (settings, hours_per_week: kept 10" in text, text
    assert "also on the other machine: 8" in text, text
    assert "1 conflict copy moved into merged/" in text, text
    b_st.scan()
    settle()
    assert copies_on(a_st, b_st) == {"a": [], "b": []}
    assert a.data_file.read_bytes() == b_file.read_bytes()
    merged = [p.name for p in (b_st.folder / "merged").iterdir()]
    assert len(merged) == 1 and ".sync-conflict-" in merged[0], merged

    # a changes the file again, online: Syncthing renames its version over the window's
    # file, and the window, with nothing unsaved, takes it in
    first = message()
    a.run("progress", Z, "--units", "2")
    a_st.scan()
    wait_for(lambda: window.app.progress(Z).units_done == 2 and message() != first,
             "the window to take in a's new version", sleep=pump)
    assert message().startswith("Merged changes from the other machine: 1 event"), message()
    wait_for(lambda: not window.autosave.dirty, "the window to save", sleep=pump)
    b_st.scan()
    settle()
    elapsed = time.monotonic() - started

    # one file on both machines, and the window shows it; every edit is in it
    assert a.data_file.read_bytes() == b_file.read_bytes()
    assert window.store.serialize(window.app.state) == b_file.read_bytes()
    assert copies_on(a_st, b_st) == {"a": [], "b": []}
    state = saved_state(b_file)
    assert edits <= event_ids(state), sorted(edits - event_ids(state))
    for shown in (state, window.app.state):
        assert shown.progress[START].units_done == 1
        assert shown.progress[X].units_done == 3
        assert shown.progress[Y].units_done == 2
        assert shown.progress[Z].units_done == 2
        assert shown.settings.hours_per_week == 10
        assert hours_conflicts(shown) == [(10.0, 8.0)]
    assert window.follower is not None and window.follower.check() == ""
    # the lock file travels too (it is beside the data file), but Syncthing never put
    # another file in its place: a command on b still meets the window's lock
    assert lock.stat().st_ino == held
    print(f"\nsyncthing + window: settled in {elapsed:.1f} s; {len(edits)} events, all kept")
