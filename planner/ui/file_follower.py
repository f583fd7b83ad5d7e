"""The window follows its data file (issue 18): another machine's changes, brought by a sync
tool while the window is open, are merged in rather than saved over.

- **What is watched**: the data file's folder, not only the file. Sync tools replace a file
  by renaming a new one over it, which a watch on the file loses (the file is watched too,
  and watched again after each look, for tools that write in place). The same folder watch
  finds the conflict copies a sync tool leaves beside the file
  (``planner.store.conflict_copies``).
- **When**: after ``DEBOUNCE_MS`` of quiet in the folder (a sync tool writes in steps), and
  not while a modal dialog is open (an import in progress would apply a catalog made
  before the merge): then a little later. The window's own saves change the folder too;
  they are recognised by the file's bytes being exactly what the window last read or wrote
  (``StateFile.changed_on_disk``), and nothing happens.
- **What**: the changed file is read as strictly as at start-up and merged three-way
  (``planner.core.sync.merge``) with the window's state, unsaved changes included (a note
  being typed is committed first), against the version the window last read or wrote:
  the window's state is that version plus the changes made since, so it is the base,
  unless the other version does not hold all its events (the other machine never saw it),
  when the journals' common prefix is. Conflict copies are merged the same way. The result
  replaces the app's state in one step (``AppState.adopt``: the views refresh from the
  usual change notifications), is saved at once (the other machine's version goes to the
  backups first), and the conflict copies merged are moved into ``merged/`` once it is on
  disk. The status bar says what came in: "Merged changes from the other machine: 3
  events, 1 conflict (…)".
- **Undo**: the undo history is cleared by a merge, and the status bar says so. Its
  commands return to states recorded before the merge (journal lengths, whole catalogs);
  undoing one afterwards would take back the other machine's changes with it. What was
  done before stays done, and the merge itself is not undone (the backups keep the
  versions before it).
- **When it cannot be merged** (the file does not read, a newer version wrote it, the two
  journals disagree on an event, the data file could not hold the result): nothing is
  lost, as before this existed. The window's version is saved, the other one is kept
  beside it as ``planner.conflict-<time>.yaml``, and the status bar says so. A conflict
  copy that cannot be merged is left where it is, said once (it is tried again when it
  changes).
- A read-only window (a data file the user made read-only) follows nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from planner.core.errors import UserError
from planner.core.journal.state import AppState, PlannerState
from planner.store.state_file import StateFile
from planner.ui.autosave import Autosaver
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from planner.core.sync.merge import Conflict

DEBOUNCE_MS = 1000
LABEL = "Merge changes from the other machine"


@dataclass
class Look:
    """What one look at the data file and the conflict copies beside it did."""

    message: str = ""  # what the status bar was told ("" when nothing changed)
    busy: str = ""  # why nothing was looked at (read-only, a dialog open)
    merged: list[Path] = field(default_factory=list)  # conflict copies merged and saved
    # where each went, in merged/ (None: it could not be moved and stayed)
    moved: list[Path | None] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # copies left and why, full paths
    set_aside: list[Path] = field(default_factory=list)  # copies of backups, in merged/

    def as_answer(self) -> dict[str, object]:
        """The answer to ``study-planner sync`` (``planner.ui.single_instance``): the
        keys of ``sync --json``, and ``window``, what the status bar was told; or
        ``error`` when nothing was looked at."""
        if self.busy:
            return {"error": self.busy}
        return {"merged": [str(p) for p in self.merged],
                "moved_to": [p and str(p) for p in self.moved],
                "conflicts": [c.as_data() for c in self.conflicts], "problems": self.problems,
                "set_aside": [str(p) for p in self.set_aside], "window": self.message}


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


class FileFollower(QObject):
    followed = Signal(str)  # what the status bar was told

    def __init__(self, app: AppState, history: UndoHistory, store: StateFile,
                 autosave: Autosaver, commit_pending: Callable[[], None],
                 show_message: Callable[[str], None], parent: QObject | None = None, *,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.store = store
        self.autosave = autosave
        self.commit_pending = commit_pending
        self.show_message = show_message
        self.last_message = ""
        # a copy that could not be merged, by its (size, mtime): said once, tried again
        # when it changes
        self._given_up: dict[Path, tuple[int, int]] = {}
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.check)
        self._watch()
        self._timer.start()  # a change between the load and now is found too

    def stop(self) -> None:
        self._timer.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _poke(self, _path: str = "") -> None:
        self._timer.start()  # (re)started: wait for a moment of quiet

    def _watch(self) -> None:
        folder, path = str(self.store.path.parent), str(self.store.path)
        if folder not in self._watcher.directories() and os.path.isdir(folder):
            self._watcher.addPath(folder)
        if path not in self._watcher.files() and os.path.isfile(path):
            self._watcher.addPath(path)  # dropped when a rename replaced the file

    def _stat_key(self, path: Path) -> tuple[int, int] | None:
        try:
            seen = path.stat()
        except OSError:
            return None
        return seen.st_size, seen.st_mtime_ns

    # ------------------------------------------------------------------ the look

    def check(self) -> str:
        """Look at the data file and the conflict copies beside it; merge what changed.
        What the status bar was told ("" when nothing changed)."""
        return self.look().message

    def look(self, *, asked: bool = False) -> Look:
        """The look ``check`` makes, and what it did. ``asked``: ``study-planner sync``
        asked for it (``planner.ui.single_instance``): copies given up on are tried again
        (and said again when they still do not merge), and a dialog that is open is said
        (``busy``) instead of waited for."""
        from planner.core.sync.merge import MergeError, is_ancestor, merge
        from planner.store.conflict_copies import conflict_copies, set_aside
        from planner.store.state_file import StateFileError

        self._watch()
        if self.history.read_only:
            return Look(busy=self.history.read_only)
        if QApplication.activeModalWidget() is not None:
            self._timer.start()  # after the dialog
            return Look(busy="a dialog is open in the window; finish it and try again")
        self.commit_pending()  # what is being typed is one of "our" changes
        ours = self.app.state
        state = ours
        look = Look()
        problems: list[str] = []  # for the status bar, naming the copies

        def problem(copy: Path | None, why: str) -> None:
            problems.append(f"{copy.name} {why}" if copy else why)
            look.problems.append(f"{copy} {why}" if copy else why)

        conflicts: list[Conflict] = []
        came_in: set[str] = set()
        base: PlannerState | None = None
        base_read = False

        def base_for(theirs: PlannerState) -> PlannerState | None:
            nonlocal base, base_read
            if not base_read:
                base, base_read = self.store.last_state(), True
            return base if base is not None and is_ancestor(base, theirs) else None

        name = self.store.path.name
        unmerged_file = ""
        raw: bytes | None = None
        try:
            raw = self.store.changed_on_disk()
            if raw is not None:
                theirs = self.store.parse_changed(raw)
                outcome = merge(base_for(theirs), state, theirs, self.app.recorder)
                state = outcome.state
                conflicts.extend(outcome.conflicts)
                came_in |= {event.id for event in theirs.journal}
        except (StateFileError, MergeError) as exc:
            unmerged_file = str(exc)
            raw = None
        copies: list[Path] = []
        for copy in conflict_copies(self.store.path):
            key = self._stat_key(copy)
            if key is None or (not asked and self._given_up.get(copy) == key):
                continue
            try:
                theirs = self.store.read_version(copy)
                outcome = merge(base_for(theirs), state, theirs, self.app.recorder)
            except (StateFileError, MergeError) as exc:
                self._given_up[copy] = key
                problem(copy, f"could not be merged and is left where it is: {exc}")
                continue
            state = outcome.state
            conflicts.extend(outcome.conflicts)
            came_in |= {event.id for event in theirs.journal}
            copies.append(copy)

        merged = state is not ours
        cleared = False
        if merged:
            try:
                self.app.adopt(state, LABEL)
            except UserError as exc:  # the data file could not hold the merged state
                merged, copies = False, []
                if raw is not None:
                    unmerged_file, raw = str(exc), None
                else:
                    problem(None, f"the conflict copies were not merged: {exc}")
            else:
                cleared = self.history.stack.count() > 0
                self.history.stack.clear()
                if raw is not None:
                    self.store.took_in(raw)
        lines: list[str] = []
        if unmerged_file:
            aside = self._keep_aside(name, unmerged_file)
            lines.append(aside)
            look.problems.append(aside)
        if merged:
            saved = self.autosave.save_now(force=True)
            if saved:
                from planner.store.conflict_copies import move_merged

                look.merged = copies
                for copy in copies:
                    try:
                        look.moved.append(move_merged(copy))
                    except OSError as exc:  # merged in; merging it again changes nothing
                        look.moved.append(None)
                        problem(copy, "was merged but could not be moved into merged/ "
                                      f"({exc.strerror or exc})")
            elif copies:
                look.problems.append(f"the merge is in the window but not saved yet "
                                     f"({self.autosave.error}); the conflict copies are "
                                     "left where they are")
            moved = sum(1 for target in look.moved if target)
            lines.insert(0, self._summary(ours, state, came_in, conflicts, moved, cleared,
                                          saved))
            look.conflicts = conflicts
        look.set_aside, more = set_aside(self.store.path)
        if look.set_aside:
            lines.append(f"{_plural(len(look.set_aside), 'copy', 'copies')} of backups "
                         "made by the sync tool moved into merged/")
        look.problems.extend(more)
        problems.extend(more)
        lines.extend(problems)
        message = "; ".join(lines)
        if message:
            self.last_message = message
            self.show_message(message)
            self.followed.emit(message)
        look.message = message
        return look

    def _keep_aside(self, name: str, why: str) -> str:
        """The data file changed but cannot be merged: as before this existed, the window's
        version is saved and the other kept aside as a conflict copy (not tried again)."""
        self.store.kept_aside_at = None
        saved = self.autosave.save_now(force=True)
        aside = self.store.kept_aside_at
        if aside is not None:
            key = self._stat_key(aside)
            if key is not None:
                self._given_up[aside] = key  # it did not merge: not tried again unchanged
            where = f"it is kept as {aside.name} and your version was saved"
        elif saved:
            where = "your version was saved"
        else:
            where = "your version is kept in the window (not saved yet)"
        return f"{name} changed on disk but could not be merged ({why}); {where}"

    @staticmethod
    def _summary(ours: PlannerState, state: PlannerState, came_in: set[str],
                 conflicts: list[Conflict], moved: int, cleared: bool, saved: bool) -> str:
        had = {event.id for event in ours.journal}
        new = len(came_in - had)
        parts = [_plural(new, "event")]
        if conflicts:
            first = conflicts[0].describe()
            more = f"; and {len(conflicts) - 1} more, kept in the journal" if len(
                conflicts) > 1 else ""
            parts.append(f"{_plural(len(conflicts), 'conflict')} ({first}{more})")
        text = f"Merged changes from the other machine: {', '.join(parts)}"
        if moved:
            text += f"; {_plural(moved, 'conflict copy', 'conflict copies')} moved into merged/"
        if cleared:
            text += "; undo history cleared"
        if not saved:
            text += "; not saved yet (retrying)"
        return text
