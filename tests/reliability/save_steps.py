"""Watch, fault or stop the steps of a save.

``planner.store.state_file`` writes every file as six calls — open temp, write, flush, fsync,
replace, folder fsync — plus the renames that rotate the backups (the same replace step).
``SaveSteps`` wraps those step functions: it records each call with the file it is for and
runs hooks before and after it. A hook may raise (``Fault``: an injected ``OSError``) or end
the process (the crash suite). Nothing here changes what the steps do otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from planner.store import state_file

STEP_FUNCTIONS = {
    "open temp": "_open_temp",
    "write": "_write",
    "flush": "_flush",
    "fsync": "_fsync",
    "replace": "_replace",
    "folder fsync": "_fsync_dir",
}
STEPS = tuple(STEP_FUNCTIONS)
ERRNOS = (errno.ENOSPC, errno.EIO, errno.EACCES, errno.EROFS)
# What each target of a step is called in reports.
DATA_FILE, BACKUP, ROTATION, CONFLICT = "data file", "backup", "backup rotation", "conflict copy"


@dataclass(frozen=True)
class Call:
    index: int
    step: str
    target: str  # DATA_FILE, BACKUP, ROTATION or CONFLICT
    path: Path  # the file the step is for (its final name, not the temp's)

    @property
    def label(self) -> str:
        return f"{self.target}: {self.step}"


Hook = Callable[[Call], None]


class SaveSteps:
    """The step functions of ``state_file``, wrapped to record and hook every call."""

    def __init__(self, data_file: Path) -> None:
        self.data_file = data_file
        self.calls: list[Call] = []
        self.before: list[Hook] = []
        self.after: list[Hook] = []
        self._writing: Path | None = None  # the file the open temp file is for
        self._replaced: Path | None = None  # the file just renamed into place

    def install(self, set_attribute: Callable[[Any, str, Any], None] = setattr) -> SaveSteps:
        """Wrap the steps; pass ``monkeypatch.setattr`` in a test so they are put back."""
        for step, name in STEP_FUNCTIONS.items():
            set_attribute(state_file, name, self._wrap(step, getattr(state_file, name)))
        return self

    def _wrap(self, step: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any) -> Any:
            call = self._call(step, args)
            self.calls.append(call)
            for hook in self.before:
                hook(call)
            result = real(*args)
            for hook in self.after:
                hook(call)
            return result

        return wrapped

    def _call(self, step: str, args: tuple[Any, ...]) -> Call:
        if step == "open temp":
            self._writing = path = Path(args[0])
        elif step == "replace":
            self._replaced = path = Path(args[1])
        elif step == "folder fsync":
            assert self._replaced is not None and self._replaced.parent == Path(args[0])
            path = self._replaced
        else:
            assert self._writing is not None
            path = self._writing
        if step == "replace" and not str(args[0]).endswith(".tmp"):
            target = ROTATION  # a backup moving down one place, not a temp file put in place
        elif path == self.data_file:
            target = DATA_FILE
        elif path.name.startswith(f"{self.data_file.stem}.backup-"):
            target = BACKUP
        elif path.name.startswith(f"{self.data_file.stem}.conflict-"):
            target = CONFLICT
        else:
            raise AssertionError(f"a save wrote an unexpected file: {path}")
        return Call(len(self.calls), step, target, path)

    def of(self, target: str) -> list[str]:
        """The steps called so far for one target, in order."""
        return [call.step for call in self.calls if call.target == target]


@dataclass
class Fault:
    """An ``OSError`` at one step (optionally only for one target) until cleared.

    ``once``: the first matching call fails, the later ones succeed (a passing hiccup).
    ``after-first``: the first matching call succeeds, every later one fails (a disk that
    fills up, a mount that turns read-only). ``always``: every matching call fails.
    """

    step: str
    errno: int
    mode: str = "always"
    target: str | None = None
    active: bool = True
    matching: int = 0
    fired: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.step in STEPS and self.mode in ("once", "after-first", "always")

    def __call__(self, call: Call) -> None:
        if not self.active or call.step != self.step:
            return
        if self.target is not None and call.target != self.target:
            return
        self.matching += 1
        if (self.mode == "always" or (self.mode == "once" and self.matching == 1)
                or (self.mode == "after-first" and self.matching > 1)):
            self.fired.append(call)
            raise OSError(self.errno, os.strerror(self.errno))

    def clear(self) -> None:
        self.active = False

    @property
    def strerror(self) -> str:
        return os.strerror(self.errno)


def temp_files(folder: Path) -> list[str]:
    """Temp files a save left in the folder (``.planner.yaml.*.tmp`` and the like)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder made read-only for real: chmod, or as root (whom chmod does not stop)
    the immutable attribute."""
    if os.name == "nt":
        pytest.skip("a read-only folder is made with POSIX permissions here")
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"running as root without chattr +i: {done.stderr.decode().strip()}")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = []
    try:
        probe = folder / "probe"
        with contextlib.suppress(OSError):
            probe.touch()
            probe.unlink()
            pytest.skip("could not make a folder read-only here")
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            folder.chmod(0o755)
