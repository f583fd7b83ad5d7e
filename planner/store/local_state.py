"""The window's state on this machine, kept apart from the user's data (docs/architecture.md §3.4).

Where the window stood, its size, the splitter and the dock, the selected resource, the open
categories, the plan panel's tab (and the last activity seen in a running study session)
belong to this machine, not to the planner: kept in the
data file, moving the window rewrote the user's data, rotated its backups, and would make
two synced machines conflict. They live in one small JSON file in the user state folder
(``window-state.json``), one entry per data file, keyed by the data file's real path
(symlinks resolved as ``StateFile`` resolves them, so a link and its target share one
entry, and two data files have two).

- **Never in the way.** A local file that cannot be used (not JSON, another shape, past
  ``MAX_BYTES``, not a regular file, unreadable) is ignored with a warning: the window opens
  with its defaults, and the file is replaced when the window closes. It is never the data
  file, and nothing here touches the data file.
- **Written whole.** A fresh temp file beside it (mode 0600), renamed over it: never torn,
  and a symlink or anything else at its path is replaced, not written through. The file is
  read again just before, so that two windows on two data files keep each other's entry.
- **Bounded.** At most ``MAX_ENTRIES`` data files, the most recently used (the entries are
  kept in the order they were last written); a value longer than ``MAX_VALUE`` characters is
  not kept.
- **Machine-wide choices** (the appearance: System, Light or Dark; the weekly reminder and
  closing to the tray) sit beside the entries in ``machine``, the same for every data
  file; written with any entry, kept when another window writes its own. A reminder is
  the desktop's, not the planner's: in the data file, a file synced between two machines
  would remind on both, and one you are not at would ring too.
- **Seeded once from an old data file.** Earlier versions kept these values in the data
  file's ``ui`` section; the first start on such a file copies them here when this file has
  no entry for it yet (``seed``). The data file loses its ``ui`` section at its next save,
  which only a real change makes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FILE_NAME = "window-state.json"
FORMAT = "study-planner window state"
VERSION = 1
MAX_BYTES = 4 * 2**20  # 20 windows with a few thousand open categories each fit
MAX_ENTRIES = 20
MAX_VALUE = 256 * 1024  # characters: the open categories of a 5,000-category import fit

# What the window keeps (``planner.ui.main_window``); values are text (Qt's saved states as
# base64). Only these are copied from an old data file's ``ui`` section.
GEOMETRY = "window.geometry"  # QWidget.saveGeometry
DOCKS = "window.docks"  # QMainWindow.saveState: the plan dock
SPLITTER = "window.splitter"  # QSplitter.saveState: the tree beside the detail pane
SELECTED = "window.selected"  # the selected resource or category id
EXPANDED = "tree.expanded"  # the open categories' ids, space-separated
PLAN_TAB = "plan.tab"  # the plan panel's tab, its index
KEYS = (GEOMETRY, DOCKS, SPLITTER, SELECTED, EXPANDED, PLAN_TAB)
# The last activity the window saw in the running study session, "SESSION-ID ISO-TIME":
# kept while a session runs, so that one left by a crash can be finished where the
# learner was last seen (``planner.ui.sessions``). Never copied from a data file.
SESSION_SEEN = "session.last_seen"
# Machine-wide, in ``machine`` (``LocalState.machine``): the appearance, "system", "light"
# or "dark" (``planner.ui.appearance``).
APPEARANCE = "appearance"
# Machine-wide too: the weekly reminder, "fri 18:00" or "off" (``planner.core.reminders``),
# and closing to the tray, "on" or "off". A reminder is this desktop's business: kept in
# the data file, a file synced between a laptop and a desktop would ring on both.
REMINDER = "reminder"
CLOSE_TO_TRAY = "close_to_tray"
# This data file's: when its last reminder was sent (ISO 8601), so that a window opened
# again the same week does not remind twice.
REMINDER_SENT = "reminder.sent"

_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class _Unusable(Exception):
    """Why the local file cannot be used, worded to follow "it "."""


def data_file_key(data_file: Path) -> str:
    """The entry's key: the data file's real path, as ``StateFile.path`` is made."""
    return os.path.realpath(data_file)


def _values(value: Any) -> dict[str, str]:
    """The text values of an entry within ``MAX_VALUE``; anything else is left out."""
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items()
            if isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_VALUE}


class LocalState:
    """One data file's entry in the machine's window-state file.

    ``read`` fills ``values`` (empty when there is no entry or the file cannot be used);
    ``write`` replaces the entry. Neither raises for a problem with the file: each is a line
    in ``problems``, worded for the user, for the entry point to show.
    """

    def __init__(self, path: Path, data_file: Path) -> None:
        self.path = Path(path)
        self.key = data_file_key(data_file)
        self.values: dict[str, str] = {}
        self.machine: dict[str, str] = {}  # this machine's choices for every data file
        self.found = False  # whether the file had an entry for this data file
        self.problems: list[str] = []

    # ---------------------------------------------------------------- reading

    def read(self) -> dict[str, str]:
        """This data file's values; empty, with a problem noted, when the file is unusable."""
        try:
            entries, self.machine = self._document()
        except _Unusable as exc:
            self.problems.append(f"the window state in {self.path} was ignored: it {exc}; "
                                 "the window opens with its default layout")
            entries = {}
        entry = entries.get(self.key)
        self.found = entry is not None
        self.values = _values(entry)
        return self.values

    def _document(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The entries in the file, oldest first, and the machine-wide values; both empty
        when there is no file."""
        try:
            raw = self._read_bounded()
        except FileNotFoundError:
            return {}, {}
        except OSError as exc:
            raise _Unusable(f"cannot be read ({exc.strerror or exc})") from None
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise _Unusable(f"is not valid JSON ({exc})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise _Unusable("is not a window-state file (its 'format' is not "
                            f"{FORMAT!r})")
        if document.get("version") != VERSION:
            raise _Unusable(f"has version {document.get('version')!r}; this Study Planner "
                            f"reads version {VERSION}")
        entries = document.get("data_files")
        if not isinstance(entries, dict):
            raise _Unusable("has no 'data_files' mapping")
        return entries, _values(document.get("machine"))

    def _read_bounded(self) -> bytes:
        """The file's bytes: only a regular file (a FIFO does not block), within the cap."""
        mode = os.stat(self.path).st_mode
        if not stat.S_ISREG(mode):
            raise _Unusable("is not a regular file")
        fd = os.open(self.path, _O_READ)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _Unusable("is not a regular file")
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise _Unusable(f"is over its size limit of {MAX_BYTES:,} bytes")
        return raw

    # ---------------------------------------------------------------- writing

    def write(self, values: Mapping[str, str],
              machine: Mapping[str, str] | None = None) -> bool:
        """Replace this data file's entry with ``values`` (and the machine-wide values
        with ``machine``, when given); False (and a problem noted) when the file could not
        be written. The other data files' entries are kept, the oldest dropped past
        ``MAX_ENTRIES``."""
        mine = _values(values)
        try:
            entries, kept_machine = self._document()
        except _Unusable:
            entries, kept_machine = {}, {}  # noted when it was read; replaced now
        shared = _values(machine) if machine is not None else kept_machine
        entries.pop(self.key, None)
        entries[self.key] = dict(sorted(mine.items()))
        kept = list(entries.items())[-MAX_ENTRIES:]
        while True:
            text = json.dumps({"format": FORMAT, "version": VERSION,
                               "machine": dict(sorted(shared.items())),
                               "data_files": dict(kept)}, indent=1)
            if len(text) <= MAX_BYTES or len(kept) == 1:
                break
            kept = kept[1:]
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _replace_privately(self.path, f"{text}\n".encode("ascii"))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno in (errno.EACCES, errno.EPERM):
                reason += f" (you may not write in {self.path.parent})"
            self.problems.append(f"the window state could not be saved to {self.path}: "
                                 f"{reason}; the window opens with its previous layout "
                                 "next time")
            return False
        self.found = True
        self.values = mine
        self.machine = shared
        return True

    def seed(self, old: Mapping[str, object]) -> bool:
        """Copy the window state an old data file holds (its ``ui`` section) here, when
        there is no entry for this data file yet; True when it was copied."""
        values = {key: value for key, value in _values(old).items() if key in KEYS}
        if self.found or not values:
            return False
        return self.write(values)


def _replace_privately(path: Path, data: bytes) -> None:
    """``path`` now holds ``data``, mode 0600: a fresh temp file, synced, renamed over it."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
