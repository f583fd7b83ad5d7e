"""Cut a save short, many times, and look at what is left on disk.

Each trial forks a child that does what the window does: take the lock, then save a state
one change newer than the file (about 2,000 lines, with five backups beside it) — as the
first save of a session, so it also rotates the backups. The parent either kills the child
with SIGKILL after a random delay, or has the child end itself (``os._exit``) right after
a given step. The child marks in shared memory where it is (before / after each step of
the save), so after its death the parent knows the phase it died in.

Then the parent checks: the data file is byte-exactly the previous or the new generation
(and the one the phase implies); every backup is a whole known generation and none but the
oldest was lost; the file loads with no notice and leftover temp files are not taken for
state; nothing blocks the next start's lock, which clears the leftovers.

What a SIGKILL cannot show: a power cut or a kernel crash, where unsynced data in the page
cache is lost too. There the fsync of the temp file and of the folder are what count; the
I/O-fault suite checks that every one of them is done and its failure reported.

Used by tests/reliability/test_crash_save.py and bench/crash_trials.py.
"""

from __future__ import annotations

import mmap
import os
import random
import signal
import statistics
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planner.store.state_file import BACKUPS_KEPT, StateFile, StateFileError
from tests.reliability.save_steps import DATA_FILE, Call, SaveSteps, temp_files
from tests.reliability.scenes import make_scene, make_store

# Where the child is ("marks"): 2 + 2i / 3 + 2i are in / after call i of the save.
NOT_SAVING, SAVING, FINISHED = -1, 1, 255
CHILD_FAILED = 70
RECENT = 15  # calibration runs that count: the machine's speed drifts during a long run
RECALIBRATE_EVERY = 100  # trials
PREVIOUS, NEW = "previous", "new"


@dataclass
class Trial:
    mark: int
    outcome: str  # PREVIOUS, NEW, "missing" or "torn"
    temps: list[str]
    lock_file_left: bool
    problems: list[str]


@dataclass
class Tally:
    """The figures of a run of trials."""

    labels: list[str]  # the calls of a save, in order ("data file: fsync", ...)
    trials: list[Trial] = field(default_factory=list)
    loads_checked: int = 0
    unreadable: int = 0  # the data file missing, or a load failing or with a notice
    misread: int = 0  # a load that gave other data than the data file's (a temp, a backup)

    def add(self, trial: Trial) -> None:
        self.trials.append(trial)

    @property
    def problems(self) -> list[str]:
        return [problem for trial in self.trials for problem in trial.problems]

    def count(self, outcome: str) -> int:
        return sum(trial.outcome == outcome for trial in self.trials)

    @property
    def with_temps(self) -> int:
        return sum(bool(trial.temps) for trial in self.trials)

    def phase(self, mark: int) -> str:
        if mark == NOT_SAVING:
            return "not saving yet"
        if mark == SAVING:
            return "serialising, reading the file"
        if mark == FINISHED:
            return "save returned"
        call, after = divmod(mark - 2, 2)
        return f"{'after' if after else 'in'} {self.labels[call]}"

    def stage(self, mark: int) -> str:
        """A coarser phase: before any write, the backup, the data file, after the save."""
        if mark in (NOT_SAVING, SAVING):
            return "before the first write (lock, serialise, read)"
        if mark == FINISHED or mark == 3 + 2 * (len(self.labels) - 1):
            return "after the last step (parse cache, exit)"
        label = self.labels[(mark - 2) // 2]
        target, step = label.split(": ")
        if target == DATA_FILE:
            return f"data file: {step}"
        return "backup: rotation and write" if target != "conflict copy" else target

    def table(self, fine: bool = False) -> list[tuple[str, int, int]]:
        """(phase, trials whose file was the previous generation, ... the new one)."""
        name = self.phase if fine else self.stage
        rows: dict[str, list[int]] = {}
        for trial in sorted(self.trials, key=lambda t: t.mark):
            row = rows.setdefault(name(trial.mark), [0, 0])
            if trial.outcome in (PREVIOUS, NEW):
                row[trial.outcome == NEW] += 1
        return [(phase, previous, new) for phase, (previous, new) in rows.items()]

    def report(self, title: str, fine: bool = False) -> str:
        rows = self.table(fine)
        width = max(len(phase) for phase, _, _ in rows)
        lines = [title, f"{'phase':<{width}}  previous  new"]
        lines += [f"{phase:<{width}}  {p:>8}  {n:>3}" for phase, p, n in rows]
        left = [t for t in self.trials if t.temps]
        lines += [
            f"trials: {len(self.trials)}; the data file was the previous generation "
            f"{self.count(PREVIOUS)}, the new one {self.count(NEW)}, torn "
            f"{self.count('torn')}, missing {self.count('missing')}",
            f"unreadable: {self.unreadable}; loads giving other data than the file's: "
            f"{self.misread} (full loads: {self.loads_checked})",
            f"trials leaving temp files: {len(left)} "
            f"({sum(len(t.temps) for t in left)} files; left after the next start: "
            f"{sum('not cleared' in p for p in self.problems)})",
            f"trials after which the lock file was there: "
            f"{sum(t.lock_file_left for t in self.trials)} (it stays after a clean exit too: "
            f"an empty file whose lock dies with the process); blocking the next start: "
            f"{sum('lock blocks' in p for p in self.problems)}",
            f"problems: {len(self.problems)}",
            *(f"  {problem}" for problem in self.problems[:20]),
        ]
        return "\n".join(lines)


class CrashBench:
    """A data folder, a child that saves into it, and the checks after the child died."""

    def __init__(self, root: Path, *, history_lines: int = 2000) -> None:
        self.root = root
        self.scene = make_scene(root / "data", history_lines=history_lines,
                                cache_dir=root / "cache")
        self.path = self.scene.path
        self.folder = self.scene.folder
        self.previous = self.scene.previous
        self.older = self.scene.older
        self.new = self.scene.change()  # the child saves this; the parent never saves
        self.generations = [self.previous, *self.older]
        self.lock_name = self.path.name + ".lock"
        self.shared = mmap.mmap(-1, FINISHED + 1)  # anonymous: shared with the children
        self.error_file = root / "child-error.txt"
        self.labels: list[str] = []
        self.data_file_replace = -1
        self.durations: list[float] = []  # one per calibration: the save, in seconds
        self.first_write: list[float] = []  # when the first step started
        self.loaded_kinds: set[tuple[int, str]] = set()

    # ---------------------------------------------------------------- the child

    def _mark(self, value: int) -> None:
        """One byte per mark, set in order: a kill can never leave a half-written mark (as
        an 8-byte struct.pack_into can: it zeroes the bytes first, then writes them)."""
        self.shared[value] = 1

    def _marked(self) -> int:
        """The latest mark the child reached (the marks only grow during a save)."""
        return self.shared.rfind(b"\x01")  # -1, NOT_SAVING, when none

    def _clear_marks(self) -> None:
        self.shared[:] = bytes(len(self.shared))

    def _child(self, stop_after: int | None, record: Path | None) -> None:
        """In the forked child: save, marking each step; never returns."""
        code = 0
        try:
            times: list[float] = []
            steps = SaveSteps(self.path).install()

            def before(call: Call) -> None:
                self._mark(2 + 2 * call.index)
                times.append(time.perf_counter())

            def after(call: Call) -> None:
                self._mark(3 + 2 * call.index)
                if call.index == stop_after:
                    os._exit(0)

            steps.before.append(before)
            steps.after.append(after)
            # The lock as the window holds it (a new instance: filelock refuses one that
            # was inherited across the fork; the lock is the file's, whoever holds it).
            make_store(self.path).acquire()
            start = time.perf_counter()
            self._mark(SAVING)
            self.scene.store.save(self.scene.app.state)
            end = time.perf_counter()
            self._mark(FINISHED)
            if record is not None:
                record.write_text("\n".join([
                    repr(end - start), repr(times[0] - start) if times else "0",
                    *(call.label for call in steps.calls)]))
        except BaseException:
            self.error_file.write_text(traceback.format_exc())
            code = CHILD_FAILED
        os._exit(code)

    def _fork(self, stop_after: int | None = None, record: Path | None = None) -> int:
        self._clear_marks()
        with warnings.catch_warnings():
            # Python 3.12+ warns when a process with threads (Qt's) forks: the child might
            # deadlock on a lock another thread held. Ours only saves and calls os._exit.
            warnings.filterwarnings("ignore", r".*fork\(\) may lead to deadlocks",
                                    DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            self._child(stop_after, record)
        return pid

    def _wait(self, pid: int) -> None:
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == CHILD_FAILED:
            raise AssertionError(f"the saving child failed:\n{self.error_file.read_text()}")

    # ---------------------------------------------------------------- the folder

    def reset(self) -> None:
        """The folder as it was before the save: the data file and five backups (the
        lock file, like a real one, stays)."""
        for entry in self.folder.iterdir():
            if entry.name != self.lock_name:
                entry.unlink()
        self.path.write_bytes(self.previous)
        for n, data in enumerate(self.older, start=1):
            self.scene.store.backup_path(n).write_bytes(data)

    def calibrate(self, runs: int = 15) -> None:
        """Let a few saves run to the end: the calls they make and how long they take."""
        record = self.root / "calibration.txt"
        for _ in range(runs):
            self.reset()
            self._wait(self._fork(record=record))
            duration, first, *labels = record.read_text().splitlines()
            assert not self.labels or labels == self.labels, "the save's steps differ per run"
            self.labels = labels
            self.durations.append(float(duration))
            self.first_write.append(float(first))
        assert 3 + 2 * len(self.labels) < FINISHED, "more steps than marks"
        replaces = [i for i, label in enumerate(self.labels) if label == f"{DATA_FILE}: replace"]
        assert len(replaces) == 1, self.labels
        self.data_file_replace = replaces[0]

    @property
    def save_seconds(self) -> float:
        return statistics.median(self.durations[-RECENT:])

    @property
    def io_start_seconds(self) -> float:
        return statistics.median(self.first_write[-RECENT:])

    # ---------------------------------------------------------------- the trials

    def kill_trial(self, delay: float, tally: Tally) -> None:
        """SIGKILL the child ``delay`` seconds into its save."""
        self.reset()
        pid = self._fork()
        give_up = time.perf_counter() + 30
        while self._marked() < SAVING:  # the child has the lock and starts saving
            time.sleep(0.00005)  # (sleep, not spin: the child needs the CPU)
            if time.perf_counter() > give_up:
                os.kill(pid, signal.SIGKILL)
                self._wait(pid)
                raise AssertionError("the child never started saving")
        time.sleep(delay)  # Linux oversleeps by ~0.1 ms, a tenth of a step or less
        os.kill(pid, signal.SIGKILL)
        self._wait(pid)
        tally.add(self.inspect(self._marked(), tally))

    def stop_trial(self, after_call: int, tally: Tally) -> None:
        """The child ends itself right after call ``after_call`` of the save."""
        self.reset()
        self._wait(self._fork(stop_after=after_call))
        tally.add(self.inspect(self._marked(), tally, load=True))

    def inspect(self, mark: int, tally: Tally, load: bool = False) -> Trial:
        problems: list[str] = []
        phase = tally.phase(mark)
        data = self.path.read_bytes() if self.path.exists() else None
        outcome = ("missing" if data is None else PREVIOUS if data == self.previous
                   else NEW if data == self.new else "torn")
        in_replace, after_replace = 2 + 2 * self.data_file_replace, 3 + 2 * self.data_file_replace
        expected = {PREVIOUS} if mark < in_replace else {NEW} if mark >= after_replace else {
            PREVIOUS, NEW}
        if outcome not in expected:
            problems.append(f"{phase}: the data file is {outcome}, expected {expected}")

        backups = {n: self.scene.store.backup_path(n) for n in range(1, BACKUPS_KEPT + 1)}
        present = [data] if data is not None else []
        for backup in backups.values():
            if backup.exists():
                content = backup.read_bytes()
                present.append(content)
                if content not in self.generations:
                    problems.append(f"{phase}: {backup.name} is not a whole generation")
        lost = [i for i, g in enumerate(self.generations[:-1]) if g not in present]
        if lost:  # only the oldest backup may go, as in any rotation
            problems.append(f"{phase}: generations lost: {lost}")
        if outcome == NEW and backups[1].exists() and backups[1].read_bytes() != self.previous:
            problems.append(f"{phase}: the new file is in place but backup-1 is not the previous")

        temps = temp_files(self.folder)
        if data is None:
            tally.unreadable += 1
        elif load or (mark, outcome) not in self.loaded_kinds or problems:
            # One full load per phase and outcome: the same bytes load the same way.
            self.loaded_kinds.add((mark, outcome))
            tally.loads_checked += 1
            problem = self._load_problem(data)
            if problem:
                problems.append(f"{phase}: {problem}")
                if problem.startswith("the load gave"):
                    tally.misread += 1
                else:
                    tally.unreadable += 1

        lock_file_left = (self.folder / self.lock_name).exists()
        store = make_store(self.path)
        try:
            store.acquire()  # the next start
        except StateFileError as exc:
            problems.append(f"{phase}: the lock blocks the next start: {exc}")
        else:
            if temp_files(self.folder):
                problems.append(f"{phase}: temp files not cleared at the next start")
            store.release()
        return Trial(mark, outcome, temps, lock_file_left, problems)

    def _load_problem(self, data: bytes) -> str:
        """A load as at the next start (with the parse cache): it must give exactly the
        generation in the data file — not a temp file's, not a backup's — with no notice."""
        try:
            result = StateFile(self.path, self.scene.store.default_catalog,
                               self.root / "cache").load()
        except (StateFileError, OSError) as exc:
            return f"the load failed: {exc}"
        if not result.existed or result.notices:
            return f"the load had notices: {result.notices}"
        if self.scene.store.serialize(result.state) != data:
            return "the load gave other data than the data file holds"
        return ""


def run_kill_trials(bench: CrashBench, trials: int, seed: int, *,
                    focus: float = 0.5, progress: Callable[[int], None] | None = None) -> Tally:
    """``trials`` kills at random moments: a share ``focus`` of them spread over the steps
    that write (from the first step to the end of the save), the rest over the whole save
    (most of which is building the YAML text, where a kill leaves everything as it was).
    The save is timed again every so often, as the machine's load changes."""
    rng = random.Random(seed)
    tally = Tally(bench.labels)
    total, io_start = bench.save_seconds, bench.io_start_seconds
    for n in range(trials):
        if n and n % RECALIBRATE_EVERY == 0:
            bench.calibrate(runs=3)
            total, io_start = bench.save_seconds, bench.io_start_seconds
        delay = rng.uniform(io_start, total) if rng.random() < focus else rng.uniform(0, total)
        bench.kill_trial(delay, tally)
        if progress:
            progress(n + 1)
    return tally


def run_stop_trials(bench: CrashBench) -> Tally:
    """The child ends right after each step of the save, one trial per step."""
    tally = Tally(bench.labels)
    for call in range(len(bench.labels)):
        bench.stop_trial(call, tally)
    return tally
