"""The base of a three-way merge: the last version of the data file this machine read or
wrote (issue 18; planner/core/sync/merge.py).

One copy per data file, named by a hash of the file's real path, kept in the user state
folder (``bases/``), never beside the data file: a copy in the synced folder would travel
to the other machine and be its base too. Written after each load for writing and each
save, through a temp file and a rename, not synced to disk: it is a hint that makes merges
better, never a source of truth. Losing it, or failing to write it, only makes the next
merge fall back on the journals' common prefix (``merge(None, …)``); a snapshot that does
not fit the versions merged (it holds events one of them lacks) is not used
(``planner.core.sync.merge.is_ancestor``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from planner.store.yaml import strict

FOLDER = "bases"


class BaseSnapshot:
    def __init__(self, state_dir: Path, data_file: Path) -> None:
        key = hashlib.sha256(os.path.realpath(data_file).encode(errors="surrogateescape"))
        self.folder = state_dir / FOLDER
        self.path = self.folder / f"base-{key.hexdigest()[:24]}.yaml"
        self._kept: bytes | None = None  # what this process last wrote there

    def read(self) -> bytes | None:
        """The snapshot's bytes; None when there is none, or it cannot be read, or it is
        past the data file's size cap."""
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(strict.MAX_BYTES + 1)
        except OSError:
            return None
        return raw if len(raw) <= strict.MAX_BYTES else None

    def keep(self, raw: bytes) -> None:
        """``raw`` is now the base; a failure is silent (it only costs a worse merge)."""
        if raw == self._kept:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.folder, prefix=".base-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(raw)
                os.replace(name, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(name)
                raise
            self._kept = raw
