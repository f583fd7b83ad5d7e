"""A data folder with history: the data file and five older generations in its backups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import ChangeSettings
from planner.core.operations.progress import EditNotes, RecordUnits
from planner.store.catalog_file import load_catalog
from planner.store.state_file import BACKUPS_KEPT, StateFile
from tests.conftest import SMALL_CATALOG

TODAY = dt.date(2026, 11, 24)


def make_store(path: Path, cache_dir: Path | None = None) -> StateFile:
    return StateFile(path, lambda: load_catalog(SMALL_CATALOG), cache_dir)


@dataclass
class Scene:
    """A store that has just loaded ``previous`` (as the window does at start), with
    ``older[n - 1]`` in ``planner.backup-n.yaml``. ``change()`` makes a new generation."""

    store: StateFile
    app: AppState
    previous: bytes
    older: list[bytes]
    changes: int = 0
    generations: list[bytes] = field(default_factory=list)  # every one made so far

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    def change(self) -> bytes:
        """One more change in memory; the bytes a save of it writes."""
        self.changes += 1
        self.app.apply(EditNotes("calculus", f"read up to chapter {self.changes}"))
        data = self.store.serialize(self.app.state)
        self.generations.append(data)
        return data

    def backups(self) -> list[bytes]:
        return [p.read_bytes() for p in self.store.backups()]

    def backup_names(self) -> list[str]:
        return [p.name for p in self.store.backups()]

    def conflict_copies(self) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.folder.glob("planner.conflict-*.yaml"))]


def make_scene(folder: Path, *, history_lines: int = 0, cache_dir: Path | None = None) -> Scene:
    """``history_lines`` > 0 makes the file about that many lines long (the crash suite);
    ``cache_dir``: the store keeps its parse cache there, as the app does."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "planner.yaml"
    writer = make_store(path)
    state = PlannerState(catalog=writer.default_catalog())
    app = AppState(state, today=lambda: TODAY)
    for n in range(history_lines):  # one line of history each
        app.apply(RecordUnits("numpy-100", n % 100 + 1))
    versions = []
    for hours in range(BACKUPS_KEPT + 1):
        app.apply(ChangeSettings(hours_per_week=4.5 + hours))
        versions.append(writer.serialize(state))
    *older, previous = versions
    older.reverse()  # backup-1 is the newest
    for n, data in enumerate(older, start=1):
        writer.backup_path(n).write_bytes(data)
    path.write_bytes(previous)
    store = make_store(path, cache_dir)
    loaded = store.load()
    assert loaded.existed and loaded.notices == []
    return Scene(store, AppState(loaded.state, today=lambda: TODAY), previous, older)
