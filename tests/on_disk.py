"""What a data file holds, read as the app reads it: for tests that check a fact on disk.

Progress is not written as such (schema version 2): it is the fold of the file's journal,
so a test asks the state the file parses to, not for a line of text in it. The read is
strict (``StateFile.parse``: a file the app could not read fails the test; no backup is
tried, nothing is locked, moved or cached), with the app's default catalog as it is at the
call (the window tests' small catalog when they put it in place).
"""

from __future__ import annotations

from pathlib import Path

from planner.core.journal.state import PlannerState
from planner.core.progress.rules import EMPTY_PROGRESS, Progress
from planner.store.state_file import StateFile


def saved_state(path: Path) -> PlannerState:
    """The state the data file at ``path`` holds."""
    from planner.paths import default_catalog_path  # looked up now: a test may replace it
    from planner.store.catalog_file import load_bundled_catalog

    store = StateFile(path, lambda: load_bundled_catalog(default_catalog_path()))
    return store.parse(store.path.read_bytes(), store.path)


def saved_progress(path: Path, resource_id: str) -> Progress:
    """The progress of one resource in the data file at ``path`` (the journal's fold)."""
    return saved_state(path).progress.get(resource_id, EMPTY_PROGRESS)
