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
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

MERGED_FOLDER = "merged"


def copy_patterns(data_file: Path) -> tuple[str, ...]:
    stem, suffix = data_file.stem, data_file.suffix
    return (f"{stem}.sync-conflict-*{suffix}", f"{stem} (*conflicted copy*){suffix}",
            f"{stem}_conflict-*{suffix}", f"{stem}.conflict-*{suffix}")


def is_conflict_copy(data_file: Path, candidate: Path) -> bool:
    return (candidate.parent == data_file.parent and not candidate.name.startswith(".")
            and any(fnmatch.fnmatchcase(candidate.name, p) for p in copy_patterns(data_file)))


def conflict_copies(data_file: Path) -> list[Path]:
    """The conflict copies beside ``data_file`` (its real path), oldest first."""
    found = []
    try:
        entries = list(os.scandir(data_file.parent))
    except OSError:
        return []
    for entry in entries:
        path = Path(entry.path)
        if is_conflict_copy(data_file, path) and entry.is_file():
            found.append((entry.stat().st_mtime, entry.name, path))
    return [path for _, _, path in sorted(found)]


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
