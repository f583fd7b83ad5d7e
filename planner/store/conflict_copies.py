"""The copies a sync tool leaves beside the data file when two machines changed it, and
where they go once merged (issue 18).

Recognised, for a data file ``planner.yaml``:

- Syncthing: ``planner.sync-conflict-20261202-190411-ABCDEFG.yaml``;
- Dropbox: ``planner (Alice's conflicted copy 2026-12-02).yaml``; Nextcloud:
  ``planner (conflicted copy 2026-12-02 190411).yaml``;
- ownCloud: ``planner_conflict-20261202-190411.yaml``;
- our own: ``planner.conflict-20261202-190411.yaml`` (a window that found the file changed
  under it kept the other version there).

A merged copy is moved into ``merged/`` beside the data file, never deleted: the learner
can look at it, and a sync tool that sees it vanish from the folder does not bring it back.
So are a sync tool's copies of the backups and the lock (``side_copies``): nothing to merge
in them, only clutter in the learner's folder.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

MERGED_FOLDER = "merged"


def copy_patterns(data_file: Path) -> tuple[str, ...]:
    return _patterns(data_file.stem, data_file.suffix)


def _patterns(stem: str, suffix: str) -> tuple[str, ...]:
    return (f"{stem}.sync-conflict-*{suffix}", f"{stem} (*conflicted copy*){suffix}",
            f"{stem}_conflict-*{suffix}", f"{stem}.conflict-*{suffix}")


def side_copy_patterns(data_file: Path) -> tuple[str, ...]:
    """The names a sync tool gives its copies of the planner's own files beside the data
    file: the backups (``planner.backup-2.sync-conflict-….yaml``) and the lock
    (``planner.yaml.sync-conflict-….lock``). Not versions to merge: the backups are each
    machine's own, and a lock holds nothing."""
    stem, suffix = data_file.stem, data_file.suffix
    return (_patterns(f"{stem}.backup-[0-9]*", suffix)
            + _patterns(data_file.name, ".lock"))


def _named(data_file: Path, patterns: tuple[str, ...]) -> list[os.DirEntry[str]]:
    """The entries beside ``data_file`` whose names match ``patterns`` (hidden ones, a sync
    tool's temporary files, never)."""
    try:
        entries = list(os.scandir(data_file.parent))
    except OSError:
        return []
    return [entry for entry in entries if not entry.name.startswith(".")
            and any(fnmatch.fnmatchcase(entry.name, p) for p in patterns)]


def conflict_copies(data_file: Path) -> list[Path]:
    """The conflict copies beside ``data_file`` (its real path), oldest first."""
    found = [(entry.stat().st_mtime, entry.name, Path(entry.path))
             for entry in _named(data_file, copy_patterns(data_file)) if entry.is_file()]
    return [path for _, _, path in sorted(found)]


def side_copies(data_file: Path) -> list[Path]:
    """A sync tool's copies of the backups and the lock beside ``data_file``: clutter that
    ``set_aside`` moves into ``merged/`` (two machines that both saved while apart each
    rotate their backups, and Syncthing keeps both sides' as conflict copies)."""
    return sorted(Path(entry.path) for entry in _named(data_file, side_copy_patterns(data_file))
                  if entry.is_file(follow_symlinks=False))


def set_aside(data_file: Path) -> tuple[list[Path], list[str]]:
    """``side_copies`` moved into ``merged/``: where they went, and one line for each that
    could not be moved."""
    moved: list[Path] = []
    problems: list[str] = []
    for copy in side_copies(data_file):
        try:
            moved.append(move_merged(copy))
        except OSError as exc:
            problems.append(f"{copy} (a sync tool's copy of a backup or the lock) could not "
                            f"be moved into {MERGED_FOLDER}/ ({exc.strerror or exc})")
    return moved, problems


def move_merged(copy: Path) -> Path:
    """``copy`` moved into ``merged/`` beside it (a free name); where it went."""
    folder = copy.parent / MERGED_FOLDER
    folder.mkdir(exist_ok=True)
    target = folder / copy.name
    n = 2
    while target.exists():
        target = folder / f"{copy.stem}-{n}{copy.suffix}"
        n += 1
    os.replace(copy, target)
    return target
