"""What every entry point shares: the program's name, where its files live, and the state
file opened on them (docs/architecture.md §2, "Paths are injected").

Only the entry points ask appdirs and the environment; core and store are handed paths.
Imported by the command line (``planner.entry.cli``) and the window (``planner.entry.window``);
imports neither.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from planner.core.journal.events import Recorder
from planner.store.state_file import StateFile

if TYPE_CHECKING:
    from planner.store.local_state import LocalState

PROG = "study-planner"
ENV_DATA_FILE = "STUDY_PLANNER_DATA_FILE"


def default_data_file() -> Path:
    import appdirs

    return Path(appdirs.user_data_dir("study-planner", appauthor=False)) / "planner.yaml"


def default_cache_dir() -> Path:
    import appdirs

    return Path(appdirs.user_cache_dir("study-planner", appauthor=False))


def data_file_problem(text: str) -> str:
    """Why ``text`` cannot name a data file ("" when it can): an empty path, which used to
    mean the default file without a word, and a path ending in a separator, which names a
    folder (``dir/`` used to write a file named ``dir``)."""
    if not text:
        return "an empty path names no file; give the data file's path"
    if text.endswith(tuple(sep for sep in ("/", os.sep, os.altsep) if sep)):
        return (f"{text!r} ends with a separator, so it names a folder, not a file; "
                f"give a file's path, such as {text}planner.yaml")
    return ""


def env_data_file_problem() -> str:
    """The environment variable, when it is what names the data file. Set but empty, it
    is an error rather than "unset": ``STUDY_PLANNER_DATA_FILE=$UNSET_VARIABLE`` must not
    quietly open the default file instead of the one meant."""
    value = os.environ.get(ENV_DATA_FILE)
    problem = data_file_problem(value) if value is not None else ""
    return (f"the environment variable {ENV_DATA_FILE}: {problem} (or unset it for the "
            "default data file)") if problem else ""


def chosen_data_file(option: str | None) -> tuple[Path, bool]:
    """The data file ``--data-file`` (``option``), else the environment variable, else the
    user data folder names; and whether the user named it (either way)."""
    chosen = option or os.environ.get(ENV_DATA_FILE)
    return (Path(chosen).expanduser(), True) if chosen else (default_data_file(), False)


def open_state_file(path: Path) -> StateFile:
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_bundled_catalog

    return StateFile(path, lambda: load_bundled_catalog(default_catalog_path()),
                     default_cache_dir(), default_state_dir())


def default_state_dir() -> Path:
    """The user state folder: machine state that is no part of the user's data (XDG's
    ``~/.local/state/study-planner`` on Linux; the data folder elsewhere)."""
    import appdirs

    return Path(appdirs.user_state_dir("study-planner", appauthor=False))


def open_local_state(store: StateFile, old_ui: Mapping[str, str]) -> LocalState:
    """The window state of ``store``'s data file on this machine, read; seeded from
    ``old_ui`` (the ``ui`` section of a file from an earlier version) when it has no entry
    yet. Its entry is keyed by the data file's real path, so every data file, however named
    (``--data-file``, the environment variable, the default, a symlink), has one entry."""
    from planner.store.local_state import FILE_NAME, LocalState

    local = LocalState(default_state_dir() / FILE_NAME, store.path)
    local.read()
    if old_ui:
        local.seed(old_ui)
    return local


def this_machine() -> tuple[Recorder, str]:
    """The recorder of this machine's journal events (its device id, the system clock),
    and a note ("" if none) when the id could not be kept (``planner.store.device``)."""
    from planner.store.device import device_id

    device, note = device_id(default_state_dir())
    return Recorder(device), note
