"""The one YAML file that holds the user's planner (DESIGN.md §3.4).

- read with the safe loader, within size and nesting caps;
- written atomically and durably: temp file in the same folder, flush, fsync,
  ``os.replace``, fsync of the folder — a failed save leaves the old file byte-identical;
- rotated backups beside it (``planner.backup-1.yaml`` newest);
- a corrupt file is moved aside (``planner.corrupt-<timestamp>.yaml``) and the newest good
  backup, else the default catalog, is used; a newer schema is refused and left untouched;
  a file of ours without its end line (state_format.END_MARKER) was cut short: corrupt;
  past the size cap a file is not even read;
- one writer at a time, by a lock file beside it (filelock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock

from planner.core.catalog import Catalog, format_path
from planner.core.state import PlannerState
from planner.store import yamlio
from planner.store.catalog_file import line_of
from planner.store.state_format import (
    SCHEMA_VERSION,
    NewerSchemaError,
    StateFormatError,
    declared_version,
    newer_message,
    state_from_data,
    state_to_data,
    to_text,
    truncation_problem,
)

BACKUPS_KEPT = 5
BACKUP_INTERVAL_S = 3600.0


class StateFileError(Exception):
    """A problem with the state file, worded for the user (names the file)."""


class NewerFileError(StateFileError):
    pass


class LockedError(StateFileError):
    pass


class SaveError(StateFileError):
    pass


@dataclass
class LoadResult:
    state: PlannerState
    notices: list[str] = field(default_factory=list)  # what happened, for the user
    existed: bool = True


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file, flush, fsync, replace, fsync the folder; the old file survives any failure."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)


class ParseCache:
    """The parsed document of the last state file we read or wrote, as JSON.

    PyYAML's C loader needs ~300 ms for a 2,000-resource file; JSON needs a tenth of that.
    The cache is keyed by the SHA-256 of the YAML bytes, so any other change to the file
    (a hand edit, a sync) makes it miss and the YAML is parsed. It lives in the user cache
    folder, never beside the data file, and losing it costs only time.
    """

    def __init__(self, folder: Path, data_file: Path) -> None:
        key = hashlib.sha256(str(data_file.resolve()).encode()).hexdigest()[:24]
        self.path = folder / f"state-{key}.json"

    def get(self, raw: bytes) -> Any:
        try:
            cached = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(cached, dict) or cached.get("sha256") != hashlib.sha256(raw).hexdigest():
            return None
        return cached.get("data")

    def put(self, raw: bytes, document: dict[str, Any]) -> None:
        payload = {"sha256": hashlib.sha256(raw).hexdigest(), "data": document}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False, default=_json_default))
            os.replace(tmp, self.path)
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written only costs time


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _clip(text: str, limit: int) -> str:
    """Keep a message readable when it quotes a huge value from a hostile file."""
    return text if len(text) <= limit else f"{text[: limit - 21]}… ({len(text):,} characters)"


class StateFile:
    def __init__(
        self,
        path: Path,
        default_catalog: Callable[[], Catalog],
        cache_dir: Path | None = None,
    ) -> None:
        self.path = Path(path)
        self.default_catalog = default_catalog
        self.cache = ParseCache(cache_dir, self.path) if cache_dir else None
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=0)
        self._last_written: bytes | None = None
        self._last_backup: float | None = None

    # ---------------------------------------------------------------- naming

    def backup_path(self, n: int) -> Path:
        return self.path.with_name(f"{self.path.stem}.backup-{n}{self.path.suffix}")

    def backups(self) -> list[Path]:
        return [p for n in range(1, BACKUPS_KEPT + 1) if (p := self.backup_path(n)).exists()]

    def _aside_path(self, what: str) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.stem}.{what}-{stamp}{self.path.suffix}")
        n = 2
        while candidate.exists():
            candidate = self.path.with_name(
                f"{self.path.stem}.{what}-{stamp}-{n}{self.path.suffix}"
            )
            n += 1
        return candidate

    # ---------------------------------------------------------------- locking

    def acquire(self) -> None:
        """Take the one-writer lock or raise ``LockedError``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockedError(
                f"{self.path} is in use by another Study Planner (the window or a command); "
                "close it or make the change there"
            ) from None

    def release(self) -> None:
        self._lock.release()

    @property
    def is_locked(self) -> bool:
        return self._lock.is_locked

    @contextlib.contextmanager
    def locked(self) -> Iterator[StateFile]:
        self.acquire()
        try:
            yield self
        finally:
            self.release()

    # ---------------------------------------------------------------- reading

    def parse(self, raw: bytes, source: Path) -> PlannerState:
        """Bytes of a state file to a state, or ``StateFormatError`` with "file:line".

        A file that cannot be read but declares a newer schema version raises
        ``NewerSchemaError``: a newer version may write what this one cannot read.
        """
        try:
            return self._parse(raw, source)
        except NewerSchemaError:
            raise
        except StateFormatError:
            version = declared_version(raw)
            if version is not None and version > SCHEMA_VERSION:
                raise NewerSchemaError(f"{source}: {newer_message(version)}") from None
            raise

    def _parse(self, raw: bytes, source: Path) -> PlannerState:
        text = ""
        node = None
        try:
            cut_short = truncation_problem(raw)
            if cut_short:
                raise yamlio.YamlError(cut_short)
            data = self.cache.get(raw) if self.cache and source == self.path else None
            cached = data is not None
            if data is None:
                text = yamlio.decode(raw, str(source))
                data, node = yamlio.load_with_node(text)
            state = state_from_data(data, self.default_catalog)
            if self.cache and not cached and source == self.path:
                self.cache.put(raw, data)
            return state
        except yamlio.YamlError as exc:
            where = f"{source}:{exc.line}" if exc.line else str(source)
            raise StateFormatError(f"{where}: {exc.message}") from None
        except StateFormatError as exc:
            if node is not None:
                line = yamlio.line_at(node, exc.path) if exc.path else None
            else:  # read from the parse cache: parse the text for the line
                with contextlib.suppress(yamlio.YamlError):
                    text = yamlio.decode(raw, str(source))
                line = line_of(text, exc.path) if exc.path and text else None
            where = f"{source}:{line}" if line else str(source)
            entry = f" {_clip(format_path(exc.path), 120)}:" if exc.path else ""
            kind = type(exc)
            raise kind(f"{where}:{entry} {_clip(exc.message, 400)}", exc.path) from None

    @staticmethod
    def _read_bounded(path: Path) -> bytes:
        """The file's bytes, refused (``StateFormatError``) past the size cap unread."""
        with path.open("rb") as handle:
            raw = handle.read(yamlio.MAX_BYTES + 1)
            if len(raw) > yamlio.MAX_BYTES:
                size = os.fstat(handle.fileno()).st_size
                raise StateFormatError(
                    f"{path}: the file is {size:,} bytes; the limit is "
                    f"{yamlio.MAX_BYTES:,} bytes ({yamlio.MAX_BYTES // 2**20} MiB; it was not read)"
                )
        return raw

    def load(self) -> LoadResult:
        """The state in the file; a fresh one from the default catalog when there is none.

        A corrupt file is moved aside and the newest good backup used; a newer schema raises
        ``NewerFileError`` without touching anything.
        """
        try:
            raw = self._read_bounded(self.path)
        except FileNotFoundError:
            return LoadResult(PlannerState(catalog=self.default_catalog()), existed=False)
        except OSError as exc:
            raise StateFileError(f"{self.path} cannot be read: {exc.strerror or exc}") from None
        except StateFormatError as exc:  # too large to read
            return self._recover(str(exc))
        try:
            state = self.parse(raw, self.path)
        except NewerSchemaError as exc:
            raise NewerFileError(str(exc)) from None
        except StateFormatError as exc:
            return self._recover(str(exc))
        self._last_written = raw
        return LoadResult(state)

    def _recover(self, problem: str) -> LoadResult:
        aside = self._aside_path("corrupt")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            raise StateFileError(
                f"{problem}\nIt could not be moved aside ({exc.strerror or exc}), so nothing "
                "was changed; fix or move the file and start again"
            ) from None
        notices = [f"The data file could not be read: {problem}", f"It was moved to {aside}."]
        for backup in self.backups():
            try:
                state = self.parse(self._read_bounded(backup), backup)
            except OSError as exc:
                notices.append(f"The backup {backup} could not be read either: "
                               f"{exc.strerror or exc}")
                continue
            except StateFormatError as exc:
                notices.append(f"The backup could not be used either: {exc}")
                continue
            notices.append(f"Your planner was restored from the backup {backup}.")
            return LoadResult(state, notices)
        notices.append("No good backup was found; starting from the default catalog.")
        return LoadResult(PlannerState(catalog=self.default_catalog()), notices)

    # ---------------------------------------------------------------- writing

    def serialize(self, state: PlannerState) -> bytes:
        return to_text(state_to_data(state)).encode("utf-8")

    def _serialize_with_data(self, state: PlannerState) -> tuple[bytes, dict[str, Any]]:
        data = state_to_data(state)
        return to_text(data).encode("utf-8"), data

    def save(self, state: PlannerState) -> bool:
        """Write the state; False when the bytes on disk were already the same.

        Raises ``SaveError`` naming the file and the cause; the previous file is left as it
        was. A file changed on disk by someone else since we read it is kept aside first.
        """
        data, document = self._serialize_with_data(state)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            current = self._read_current()
            if current == data:
                self._last_written = data
                return False
            if current is not None and self._last_written is not None and (
                current != self._last_written
            ):
                # Someone else wrote the file since we read it: keep their version.
                write_atomically(self._aside_path("conflict"), current)
            if current is not None:
                self._rotate_backups(current)
            write_atomically(self.path, data)
        except OSError as exc:
            raise SaveError(f"Could not save {self.path}: {exc.strerror or exc}") from None
        self._last_written = data
        if self.cache:
            self.cache.put(data, document)
        return True

    def _read_current(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def _rotate_backups(self, current: bytes) -> None:
        """At the first save of a session and then at most hourly, shift the backups."""
        now = time.monotonic()
        if self._last_backup is not None and now - self._last_backup < BACKUP_INTERVAL_S:
            return
        for n in range(BACKUPS_KEPT - 1, 0, -1):
            older = self.backup_path(n)
            if older.exists():
                os.replace(older, self.backup_path(n + 1))
        write_atomically(self.backup_path(1), current)
        self._last_backup = now
