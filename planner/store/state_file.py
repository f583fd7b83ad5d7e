"""The one YAML file that holds the user's planner (docs/architecture.md §3.4).

- read with the safe loader, within size and nesting caps;
- written atomically and durably: temp file in the same folder, flush, fsync,
  ``os.replace``, fsync of the folder — a failed save leaves the old file byte-identical;
- rotated backups beside it (``planner.backup-1.yaml`` newest);
- a corrupt file is moved aside (``planner.corrupt-<timestamp>.yaml``) and the newest good
  backup, else the default catalog, is used; a newer schema is refused and left untouched;
  a file of ours without its end line (state_format.END_MARKER) was cut short: corrupt;
  past the size cap a file is not even read;
- one writer at a time, by a lock file beside it (filelock);
- only a regular file is a data file (a FIFO or a device is refused, never opened in a way
  that blocks, never moved), found through symlinks (its real path is resolved once, and
  everything beside it is made beside that), and not written when the user made it
  read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fnmatch
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import filelock

from planner.core.catalog.model import Catalog, LeftOutLink, format_path
from planner.core.errors import UserError
from planner.core.journal.state import PlannerState
from planner.store.base_snapshot import BaseSnapshot
from planner.store.catalog_file import line_of
from planner.store.state_format import (
    SCHEMA_VERSION,
    NewerSchemaError,
    StateFormatError,
    cache_entry,
    declared_version,
    newer_message,
    state_from_cache,
    state_from_data,
    state_to_data,
    to_text,
    truncation_problem,
)
from planner.store.writable import WriteCheck
from planner.store.yaml import strict

BACKUPS_KEPT = 5
BACKUP_INTERVAL_S = 3600.0


class StateFileError(UserError):
    """A problem with the state file, worded for the user (names the file)."""


class NewerFileError(StateFileError):
    pass


class LockedError(StateFileError):
    pass


class SaveError(StateFileError):
    pass


class _FolderIsAFileError(OSError):
    """A part of the data file's folder path is a file."""


class NotDurableError(OSError):
    """The folder's fsync failed after the rename: the new file is in place, complete, but
    whether the rename survives a power cut is unknown."""


class NotRegularFileError(OSError):
    """A path that holds a folder, a FIFO, a device or a socket: never read, written or
    moved as a data file (a FIFO would block the reader; ``/dev/zero`` reads forever and,
    taken for a file too large, would have been moved aside)."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, f"it is {_kind(mode)}, not a regular file", str(path))


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a file")


_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(path: Path, *, follow: bool = True) -> BinaryIO:
    """``path`` open for reading, only when it is a regular file (``NotRegularFileError``
    otherwise). Checked before it is opened, since opening a device can have effects of its
    own, and again on the open file, which was opened without blocking, so a FIFO put in
    its place meanwhile does not hang. ``follow=False``: a symlink is refused (ELOOP)."""
    mode = (os.stat(path) if follow else os.lstat(path)).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, mode)
    fd = os.open(path, _O_READ | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
        return open(fd, "rb")  # the caller closes it
    except BaseException:
        os.close(fd)
        raise


def _read_small(path: Path, limit: int) -> bytes | None:
    """A small file of the cache's own (not followed if a symlink), or None when it is
    missing or longer than ``limit``; other faults raise ``OSError``."""
    try:
        with _open_regular(path, follow=False) as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return None
    return data if len(data) <= limit else None


@dataclass
class LoadResult:
    state: PlannerState
    notices: list[str] = field(default_factory=list)  # what happened, for the user
    existed: bool = True


# ---------------------------------------------------------------- the steps of a save
# ``write_atomically`` is these six calls, in this order: open a temp file, write, flush,
# fsync, replace, fsync the folder. Each step is one function, so that the reliability
# suites (tests/reliability/) can make any one of them fail, or end the process right after.


def _open_temp(path: Path) -> tuple[BinaryIO, Path]:
    """A new, empty file beside ``path`` (mode 0600, a name no one else uses), open."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    return os.fdopen(fd, "wb"), Path(name)


def _write(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)


def _flush(handle: BinaryIO) -> None:
    handle.flush()


def _fsync(handle: BinaryIO) -> None:
    os.fsync(handle.fileno())


def _replace(source: Path, target: Path) -> None:
    os.replace(source, target)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file, flush, fsync, replace, fsync the folder; the old file survives any failure.

    A failure before the rename leaves ``path`` as it was and no temp file behind. A failure
    of the folder's fsync raises ``NotDurableError``: ``path`` then holds the new bytes.
    """
    tmp = _write_temp(path, data)
    _commit(tmp, path)


def write_for_user(path: Path, data: bytes) -> None:
    """As ``write_atomically``, for a file the user keeps (an export): it gets the mode any
    new file of theirs gets (0666 less their umask), not the 0600 of the planner's own
    files, and a symlink at ``path`` is followed (its target is replaced, the link kept)."""
    path = Path(os.path.realpath(path))
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        break
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    with contextlib.suppress(OSError):  # written whole; not the planner's data
        _fsync_dir(path.parent)


def _write_temp(path: Path, data: bytes) -> Path:
    """The bytes in a synced temp file beside ``path``; on failure no temp file is left."""
    handle, tmp = _open_temp(path)
    try:
        with handle:
            _write(handle, data)
            _flush(handle)
            _fsync(handle)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _commit(tmp: Path, path: Path) -> None:
    """The synced temp file becomes ``path``, and the rename is made durable."""
    try:
        _replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    try:
        _fsync_dir(path.parent)
    except OSError as exc:
        raise NotDurableError(exc.errno, exc.strerror or str(exc)) from exc


# Bumped whenever what a state file may hold changes (the YAML reader, the state format,
# the catalog's validation, the link policy): a document cached under other rules is read
# from its YAML again, so whether a file loads never depends on a cache entry.
READING_RULES = 2
CACHE_MAGIC = b"study-planner parse cache 4\n"  # 4: the catalog kept as built
MAX_CACHE_BYTES = 2 * strict.MAX_BYTES  # the JSON of a state file at the size cap fits
SECRET_BYTES = 32
_CACHE_FAULTS = (OSError, ValueError, TypeError, RecursionError, MemoryError)


class ParseCache:
    """The parsed document of the last state file we read or wrote, as JSON, with the
    fold of its journal (``state_format.cache_entry``).

    PyYAML's C loader needs ~300 ms for a 2,000-resource file; JSON needs a tenth of that.
    What was checked when an entry was made is not checked again when it is used: its
    journal lines are decoded at once, and its fold is taken (for the very journal it was
    made from) rather than made again.
    It is a cache, never a second source of truth: an entry is used only when its HMAC,
    keyed by a secret of this installation (``parse-cache.key``, 0600, beside the entries)
    and computed over the reading rules, the SHA-256 of the YAML bytes and the entry's own
    JSON, verifies. So a hand-edited entry, one made for other bytes or under other rules,
    and a torn one all miss, and the YAML is parsed. Anything odd is a miss too: not a
    regular file (a FIFO does not block), a symlink, past the size cap, nesting the JSON
    reader cannot follow. Entries are written through a fresh temp file and renamed, so a
    planted ``.tmp`` name or symlink is never written through. It lives in the user cache
    folder, never beside the data file; losing it, or failing to use it, costs only time.
    """

    def __init__(self, folder: Path, data_file: Path) -> None:
        key = hashlib.sha256(str(data_file.resolve()).encode()).hexdigest()[:24]
        self.folder = folder
        self.path = folder / f"state-{key}.json"
        self._secret: bytes | None = None

    @staticmethod
    def secret_path(folder: Path) -> Path:
        return folder / "parse-cache.key"

    def get(self, raw: bytes) -> Any:
        """The cached document of exactly these bytes, or None."""
        try:
            entry = self._entry(raw)
            if entry is None:
                return None
            data = json.loads(entry[len(CACHE_MAGIC):].partition(b"\n")[2])
        except _CACHE_FAULTS:
            return None
        return data if isinstance(data, dict) else None

    def copy_to(self, other: ParseCache, raw: bytes) -> None:
        """Our entry, when it is the one of exactly these bytes, as ``other``'s entry too:
        the secret is the folder's, and an entry's MAC does not name its data file."""
        try:
            entry = self._entry(raw)
            if entry is not None:
                other.folder.mkdir(parents=True, exist_ok=True)
                _replace_privately(other.path, entry)
        except _CACHE_FAULTS:
            pass  # a cache that cannot be written only costs time

    def _entry(self, raw: bytes) -> bytes | None:
        """The whole entry, when its MAC verifies for these bytes."""
        secret = self._key(create=False)
        entry = _read_small(self.path, MAX_CACHE_BYTES)
        if secret is None or entry is None or not entry.startswith(CACHE_MAGIC):
            return None
        mac, _, body = entry[len(CACHE_MAGIC):].partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(secret, raw, body)):
            return None
        return entry

    def put(self, raw: bytes, document: dict[str, Any]) -> None:
        try:
            body = json.dumps(document, ensure_ascii=False, default=_json_default).encode()
            if len(body) > MAX_CACHE_BYTES - 200:
                return  # get would not read it
            secret = self._key(create=True)
            if secret is not None:
                _replace_privately(self.path,
                                   CACHE_MAGIC + self._mac(secret, raw, body) + b"\n" + body)
        except _CACHE_FAULTS:
            pass  # a cache that cannot be written only costs time

    @staticmethod
    def _mac(secret: bytes, raw: bytes, body: bytes) -> bytes:
        signed = hmac.new(secret, f"{READING_RULES}\n".encode(), hashlib.sha256)
        signed.update(hashlib.sha256(raw).digest())
        signed.update(body)
        return signed.hexdigest().encode()

    def _key(self, *, create: bool) -> bytes | None:
        """This installation's secret; made (0600) when there is none or it is not one."""
        if self._secret is None:
            path = self.secret_path(self.folder)
            secret = _read_secret(path)
            if secret is None and create:
                self.folder.mkdir(parents=True, exist_ok=True)
                _replace_privately(path, os.urandom(SECRET_BYTES))
                secret = _read_secret(path)  # another process's, should it have won
            if secret is None:
                return None
            self._secret = secret
        return self._secret


def _read_secret(path: Path) -> bytes | None:
    """The installation's secret, or None when there is none that can be used."""
    try:
        secret = _read_small(path, SECRET_BYTES)
    except OSError:
        return None
    return secret if secret is not None and len(secret) == SECRET_BYTES else None


def _replace_privately(path: Path, data: bytes) -> None:
    """``path`` now holds ``data``, mode 0600: a fresh temp file renamed over it (so a
    symlink or anything else in its place is replaced, never written through)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    except BaseException:
        _discard(Path(name))
        raise


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
        state_dir: Path | None = None,
    ) -> None:
        """``cache_dir``: the parse cache's folder; ``state_dir``: the user state folder,
        where the base of the next merge is kept (``planner.store.base_snapshot``)."""
        # The path as the user gave it, for messages about "the file you chose"; and its
        # real path, resolved once: a symlinked data file (into a synced folder, say) is
        # followed, not replaced. Its lock, backups, copies kept aside and temp files live
        # beside the real file, and two paths to one file share one lock.
        self.given = Path(path)
        self.path = Path(os.path.realpath(path))
        self.default_catalog = default_catalog
        self.cache = ParseCache(cache_dir, self.path) if cache_dir else None
        self.base = BaseSnapshot(state_dir, self.path) if state_dir else None
        self._cache_dir = cache_dir
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=0)
        self._last_written: bytes | None = None  # what we read or wrote last
        self._in_doubt = False  # the last write's rename is not known to be durable
        self._kept_aside: bytes | None = None  # someone else's version, kept as a conflict copy
        self.kept_aside_at: Path | None = None  # where the last such copy went
        self._last_backup: float | None = None
        self.write_check = WriteCheck()  # what a save writes reads back (planner.store.writable)

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
        """Take the one-writer lock or raise ``LockedError`` (``StateFileError`` when the
        folder cannot be used at all); then clear what a writer that died left behind."""
        self._refuse_other_kinds()
        try:
            self._make_folder()
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockedError(
                f"{self.given} is in use by another Study Planner (the window or a command); "
                "close it or make the change there"
            ) from None
        except OSError as exc:
            reason, hint = self._reason(exc)
            raise StateFileError(f"{self.path} cannot be used: {reason}{hint}; "
                                 "nothing was changed") from None
        self._remove_stale_temps()

    def _refuse_other_kinds(self) -> None:
        """Only a regular file (or none yet) is a data file: nothing is created beside a
        FIFO, a device or a folder, and it is never moved aside or replaced."""
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return  # none yet; or the folder's fault, reported when the lock is made
        if not stat.S_ISREG(mode):
            raise StateFileError(f"{self.given} cannot be used as a data file: it is "
                                 f"{_kind(mode)}, not a regular file; nothing was changed")

    def read_only(self) -> str:
        """Why the data file may not be written ("" when it may be), to follow
        "… is read-only: ".

        Decided by the file's mode bits, not only by ``os.access``: a save renames a new
        file over the old one, which needs no write permission on the file itself, and
        root may write any file; so a file the user made read-only would be replaced.
        """
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return ""
        if not stat.S_ISREG(mode):
            return ""
        if not mode & stat.S_IWUSR:
            return (f"you made it read-only (its mode is {stat.filemode(mode)}; "
                    "chmod u+w makes it writable)")
        if not os.access(self.path, os.W_OK):
            return "you may not write to it (it belongs to someone else)"
        return ""

    def _temp_patterns(self) -> tuple[str, ...]:
        name, stem, suffix = self.path.name, self.path.stem, self.path.suffix
        return (f".{name}.*.tmp", f".{stem}.backup-*{suffix}.*.tmp",
                f".{stem}.conflict-*{suffix}.*.tmp")

    def _remove_stale_temps(self) -> None:
        """Temp files of a save that was cut short (a crash, a kill, a power cut).

        They are never read as state — a load reads only the data file and its backups —
        but they would pile up. Only the lock holder may remove them: a temp file of ours
        can only belong to a save of a writer that is gone.
        """
        for pattern in self._temp_patterns():
            for tmp in self.path.parent.glob(pattern):
                _discard(tmp)

    # ---------------------------------------------------------------- its own files

    def _own_names(self) -> list[tuple[str, str]]:
        """(name pattern, what it is) for the files the planner keeps beside its data file."""
        name, stem, suffix = self.path.name, self.path.stem, self.path.suffix
        return [(name, "the planner's own data file"), (f"{name}.lock", "the data file's lock"),
                (f"{stem}.backup-*{suffix}", "a backup of the data file"),
                (f"{stem}.corrupt-*{suffix}", "a copy of the data file kept aside"),
                (f"{stem}.conflict-*{suffix}", "a conflict copy of the data file"),
                *((pattern, "a temporary file of a save") for pattern in self._temp_patterns())]

    def _own_files(self) -> Iterable[tuple[Path, str]]:
        """The planner's own files that exist: beside the data file, and in the cache."""
        for pattern, what in self._own_names():
            for path in self.path.parent.glob(pattern):
                yield path, what
        try:
            cached = list(self._cache_dir.iterdir()) if self._cache_dir is not None else []
        except OSError:  # none yet, or unreadable: nothing there to match
            cached = []
        for path in cached:
            yield path, "a file of the planner's parse cache"

    def own_file(self, target: Path) -> str:
        """Why ``target`` must not be written by an export ("" when it may be): it is one
        of the planner's own files (the data file, its lock, backups, copies kept aside,
        temp files, the parse cache), however it is spelled — relative, with "..",
        through a symlink or as a hard link. An existing target is compared by device and
        inode, one yet to be made by its real path's name."""
        try:
            seen = os.stat(target)
        except OSError:
            seen = None
        if seen is not None:
            for path, what in self._own_files():
                with contextlib.suppress(OSError):
                    mine = os.stat(path)
                    if (mine.st_dev, mine.st_ino) == (seen.st_dev, seen.st_ino):
                        return self._owned(target, what, path)
        real = Path(os.path.realpath(target))
        if real.parent == self.path.parent:
            for pattern, what in self._own_names():
                if fnmatch.fnmatchcase(real.name, pattern):
                    return self._owned(target, what, real)
        if self._cache_dir is not None and real.parent == Path(os.path.realpath(self._cache_dir)):
            return self._owned(target, "a file of the planner's parse cache", real)
        return ""

    @staticmethod
    def _owned(target: Path, what: str, path: Path) -> str:
        where = "" if str(path) == str(target) else f" ({path})"
        return f"{target} is {what}{where}; nothing was written: export to another file"

    def _make_folder(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if blocker is None or blocker.is_dir():
                raise
            raise _FolderIsAFileError(exc.errno, f"{blocker} is a file, not a folder") from None

    def _reason(self, exc: OSError) -> tuple[str, str]:
        """The cause of a failed write worded for the user, and a hint (may be empty)."""
        reason = exc.strerror or str(exc)
        folder = self.path.parent
        if exc.errno not in (errno.EACCES, errno.EPERM) or isinstance(exc, _FolderIsAFileError):
            return reason, ""
        if folder.is_dir():
            return reason, f" (you may not write in the folder {folder})"
        return reason, f" (the folder {folder} could not be created)"

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

    def parse(self, raw: bytes, source: Path, *,
              leave_out_links: list[LeftOutLink] | None = None) -> PlannerState:
        """Bytes of a state file to a state, or ``StateFormatError`` with "file:line".

        A file that cannot be read but declares a newer schema version raises
        ``NewerSchemaError``: a newer version may write what this one cannot read.
        """
        try:
            return self._parse(raw, source, leave_out_links)
        except NewerSchemaError:
            raise
        except StateFormatError:
            version = declared_version(raw)
            if version is not None and version > SCHEMA_VERSION:
                raise NewerSchemaError(f"{source}: {newer_message(version)}") from None
            raise

    def _parse(self, raw: bytes, source: Path,
               leave_out_links: list[LeftOutLink] | None = None) -> PlannerState:
        text = ""
        node = None
        try:
            cut_short = truncation_problem(raw)
            if cut_short:
                raise strict.YamlError(cut_short)
            cache = self._cache_for(source)
            entry = cache.get(raw) if cache else None
            if entry is not None:
                state = state_from_cache(entry, self.default_catalog,
                                         leave_out_links=leave_out_links)
                if state is not None:
                    return state
            text = strict.decode(raw, str(source))
            data, node = strict.load_with_node(text)
            state = state_from_data(data, self.default_catalog,
                                    leave_out_links=leave_out_links)
            if cache and not leave_out_links:  # an entry keeps the catalog as built
                cache.put(raw, cache_entry(data, state))
            return state
        except strict.YamlError as exc:
            where = f"{source}:{exc.line}" if exc.line else str(source)
            raise StateFormatError(f"{where}: {exc.message}") from None
        except StateFormatError as exc:
            if node is not None:
                line = strict.line_at(node, exc.path) if exc.path else None
            else:  # read from the parse cache: parse the text for the line
                with contextlib.suppress(strict.YamlError):
                    text = strict.decode(raw, str(source))
                line = line_of(text, exc.path) if exc.path and text else None
            where = f"{source}:{line}" if line else str(source)
            entry = f" {_clip(format_path(exc.path), 120)}:" if exc.path else ""
            kind = type(exc)
            raise kind(f"{where}:{entry} {_clip(exc.message, 400)}", exc.path) from None

    def _cache_for(self, source: Path) -> ParseCache | None:
        """The parse cache of the data file, or of the newest backup: the one a recovery
        tries first, whose entry the rotation that made it copied from the data file's (so
        a 2,000-resource planner is not parsed twice over, the bad file and its backup)."""
        if source == self.path:
            return self.cache
        if self._cache_dir and source == self.backup_path(1):
            return ParseCache(self._cache_dir, source)
        return None

    @staticmethod
    def _read_bounded(path: Path) -> bytes:
        """The file's bytes, refused (``StateFormatError``) past the size cap unread."""
        with _open_regular(path) as handle:
            raw = handle.read(strict.MAX_BYTES + 1)
            if len(raw) > strict.MAX_BYTES:
                size = os.fstat(handle.fileno()).st_size
                raise StateFormatError(
                    f"{path}: the file is {size:,} bytes; the limit is "
                    f"{strict.MAX_BYTES:,} bytes ({strict.MAX_BYTES // 2**20} MiB; it was not read)"
                )
        return raw

    def load(self, *, read_only: bool = False) -> LoadResult:
        """The state in the file; a fresh one from the default catalog when there is none.

        A corrupt file is moved aside and the newest good backup used; a newer schema raises
        ``NewerFileError`` without touching anything. ``read_only`` (a command that only
        reads, without the lock) moves nothing: the backup is only shown. A missing file
        with backups beside it is restored from the newest good one, with a notice, never
        silently replaced by the default catalog.
        """
        try:
            raw = self._read_bounded(self.path)
        except FileNotFoundError:
            if self.backups():
                return self._from_backups([f"The data file {self.path} is missing."])
            return LoadResult(PlannerState(catalog=self.default_catalog()), existed=False)
        except NotRegularFileError as exc:
            raise StateFileError(f"{self.given} cannot be used as a data file: "
                                 f"{exc.strerror}; nothing was changed") from None
        except OSError as exc:
            raise StateFileError(f"{self.path} cannot be read: {exc.strerror or exc}") from None
        except StateFormatError as exc:  # too large to read
            return self._recover(str(exc), read_only)
        try:
            state = self.parse(raw, self.path)
        except NewerSchemaError as exc:
            raise NewerFileError(str(exc)) from None
        except StateFormatError as exc:
            return self._recover(str(exc), read_only)
        self._last_written = raw
        if self.base is not None and not read_only:
            self.base.keep(raw)
        return LoadResult(state)

    def read_version(self, path: Path) -> PlannerState:
        """Another version of the data file (a conflict copy, a file git hands a merge
        driver), read as strictly as the data file; ``StateFileError`` naming it."""
        try:
            return self.parse(self._read_bounded(path), path)
        except (StateFormatError, NotRegularFileError) as exc:
            raise StateFileError(str(exc)) from None
        except OSError as exc:
            raise StateFileError(f"{path} cannot be read: {exc.strerror or exc}") from None

    # ---------------------------------------------------------------- following the file
    # The open window watches the data file (planner.ui.file_follower): a version written
    # by someone else (a sync tool, with the other machine's changes) is read as strictly
    # as at start-up and merged into the window's state, never saved over unread.

    def changed_on_disk(self) -> bytes | None:
        """The data file's bytes when they are not what this process last read or wrote
        (someone else changed it); None when they are, or there is no file.
        ``StateFileError`` when it cannot be read (past the size cap, not a regular file)."""
        try:
            raw = self._read_bounded(self.path)
        except FileNotFoundError:
            return None
        except (StateFormatError, NotRegularFileError) as exc:
            raise StateFileError(str(exc)) from None
        except OSError as exc:
            raise StateFileError(f"{self.path} cannot be read: {exc.strerror or exc}") from None
        return None if raw == self._last_written else raw

    def parse_changed(self, raw: bytes) -> PlannerState:
        """Bytes ``changed_on_disk`` returned, as a state; ``StateFileError`` naming the
        file and the line when they do not read (a newer version's file included)."""
        try:
            return self.parse(raw, self.path)
        except StateFormatError as exc:
            raise StateFileError(str(exc)) from None

    def last_state(self) -> PlannerState | None:
        """The version this process last read or wrote, as a state (the base of the open
        window's merges: the window's state is it plus the changes made since); None when
        there is none."""
        raw = self._last_written
        if raw is None:
            return None
        try:
            return self.parse(raw, self.path)
        except StateFormatError:
            return None

    def took_in(self, raw: bytes) -> None:
        """``raw``, someone else's version found by ``changed_on_disk``, is merged into the
        state in memory: the next save writes over it (after a backup) rather than keep it
        aside as a conflict copy."""
        self._last_written = raw
        if self.base is not None:
            self.base.keep(raw)

    def base_state(self) -> PlannerState | None:
        """The last version of the data file this machine read or wrote (the base of a
        merge), or None when none is kept or it cannot be read."""
        raw = self.base.read() if self.base is not None else None
        if raw is None:
            return None
        try:
            return self.parse(raw, self.base.path)  # type: ignore[union-attr]
        except StateFormatError:
            return None

    def _recover(self, problem: str, read_only: bool) -> LoadResult:
        notices = [f"The data file could not be read: {problem}"]
        if read_only:
            # A command that only reads: another process (the window) may own the file and
            # deal with it; moving it here could even move aside that window's next save.
            notices.append("It was left where it is (this command changes nothing).")
            return self._from_backups(notices, bad=self.path, shown_only=True)
        aside = self._aside_path("corrupt")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            raise StateFileError(
                f"{problem}\nIt could not be moved aside ({exc.strerror or exc}), so nothing "
                "was changed; fix or move the file and start again"
            ) from None
        notices.append(f"It was moved to {aside}.")
        return self._from_backups(notices, bad=aside)

    def _from_backups(self, notices: list[str], bad: Path | None = None, *,
                      shown_only: bool = False) -> LoadResult:
        """The newest good backup; else ``bad`` without the links the policy refuses, when
        that is its only fault; else the default catalog. ``notices`` say which
        (``shown_only``: for a command that only reads, nothing is restored on disk)."""
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
            notices.append(f"Showing your planner as in the backup {backup}." if shown_only
                           else f"Your planner was restored from the backup {backup}.")
            return LoadResult(state, notices)
        # No good copy at all. Should only refused links stand in the way (a link policy
        # stricter than the one that wrote the file, in the file and its backups alike),
        # everything but those links is read, rather than starting from nothing.
        left_out: list[LeftOutLink] = []
        if bad is not None:
            with contextlib.suppress(OSError, StateFormatError):
                state = self.parse(self._read_bounded(bad), bad, leave_out_links=left_out)
                notices.append(f"No good backup was found, so your planner was read from {bad} "
                               f"without the {len(left_out)} link(s) the link policy refuses:")
                notices.extend(f"“{item.resource_title}”: {item.reason}" for item in left_out)
                return LoadResult(state, notices)
        notices.append("No good backup was found; starting from the default catalog.")
        return LoadResult(PlannerState(catalog=self.default_catalog()), notices)

    # ---------------------------------------------------------------- writing

    def serialize(self, state: PlannerState) -> bytes:
        return self._serialize_with_data(state)[0]

    def _serialize_with_data(self, state: PlannerState) -> tuple[bytes, dict[str, Any]]:
        data = state_to_data(state)
        return to_text(data).encode("utf-8"), data

    def save(self, state: PlannerState) -> bool:
        """Write the state; False when the bytes on disk were already the same.

        Raises ``SaveError`` naming the file and the cause; the previous file is left as it
        was (a failure after the rename, the folder's fsync, puts the previous bytes back;
        only if that fails too do the new bytes stay, and the next save writes them again in
        full). A file changed on disk by someone else since we read it is kept aside first.
        """
        data, document = self._serialize_with_data(state)
        problem = self.write_check.check_document(document, data)
        if problem is not None:  # never write what the reader would refuse
            raise SaveError(f"Could not save {self.path}: it would {problem.reason}; "
                            "the file is unchanged")
        doing = ""
        try:
            self._make_folder()
            current = self._read_current()
            if current == data and not self._in_doubt:
                self._last_written = data
                if self.base is not None:
                    self.base.keep(data)
                return False
            if current is not None and (why := self.read_only()):
                raise SaveError(f"Could not save {self.path}: it is read-only: {why}; "
                                "the file is unchanged")
            # Someone else's version: kept aside whole, not also as a backup (where a broken
            # one would push a good generation off the end).
            foreign = (current is not None and self._last_written is not None
                       and current != self._last_written)
            kept_aside = current is not None and current == self._kept_aside  # on a retry
            if foreign and current is not None:
                # Someone else wrote the file since we read it: keep their version.
                doing = " while keeping aside the version changed by someone else"
                aside = self._aside_path("conflict")
                try:
                    write_atomically(aside, current)
                except NotDurableError:
                    self._last_written = current  # the copy is whole; the next save syncs
                    self._kept_aside = current
                    raise
                self._last_written = current  # their version is safe beside the file
                self._kept_aside = current
                self.kept_aside_at = aside
            if current is not None and current != data and not (foreign or kept_aside):
                doing = " while keeping a backup of the previous version"
                self._rotate_backups(current)
            doing = ""
            write_atomically(self.path, data)
        except OSError as exc:
            reason, hint = self._reason(exc)
            if isinstance(exc, NotDurableError) and not doing:
                # The rename is done but its folder could not be synced: whether it survives
                # a power cut is unknown. The save has failed (the changes stay unsaved and
                # are retried), so the file goes back to what it was, as for any other
                # failed step; should even that fail, the new bytes stay, whole, and the
                # next save writes them again rather than trust the rename.
                if current is not None and self._put_back(current):
                    self._last_written = current
                    raise SaveError(
                        f"Could not save {self.path}: {reason} while syncing its folder{hint};"
                        " the file is unchanged"
                    ) from None
                self._last_written = data
                self._in_doubt = True
                raise SaveError(
                    f"Could not save {self.path}: {reason} while syncing its folder{hint}; "
                    "the new version is in place but may not survive a power cut"
                ) from None
            unchanged = "; the file is unchanged" if doing else ""
            raise SaveError(
                f"Could not save {self.path}: {reason}{doing}{hint}{unchanged}"
            ) from None
        self._last_written = data
        self._in_doubt = False
        self._kept_aside = None
        if self.cache:
            self.cache.put(data, cache_entry(document, state))
        if self.base is not None:
            self.base.keep(data)
        return True

    def _put_back(self, previous: bytes) -> bool:
        """The previous bytes back in place of a save that failed after its rename."""
        try:
            tmp = _write_temp(self.path, previous)
        except OSError:
            return False
        try:
            _replace(tmp, self.path)
        except OSError:
            _discard(tmp)
            return False
        return True

    def _read_current(self) -> bytes | None:
        try:
            with _open_regular(self.path) as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def _rotate_backups(self, current: bytes) -> None:
        """At the first save of a session and then at most hourly, shift the backups.

        The new backup is written and synced before anything moves, a gap left by a failed
        or cut-short rotation is filled instead of shifted along, and a backup that already
        holds these bytes is not made twice: a save retried again and again while the disk
        is full, or failing, never pushes the older backups off the end.
        """
        now = time.monotonic()
        if self._last_backup is not None and now - self._last_backup < BACKUP_INTERVAL_S:
            return
        newest = self.backup_path(1)
        with contextlib.suppress(OSError):
            with _open_regular(newest) as handle:
                same = handle.read(len(current) + 1) == current
            if same:
                self._last_backup = now
                return
        tmp = _write_temp(newest, current)
        try:
            gap = next((n for n in range(1, BACKUPS_KEPT) if not self.backup_path(n).exists()),
                       BACKUPS_KEPT)
            for n in range(gap - 1, 0, -1):
                _replace(self.backup_path(n), self.backup_path(n + 1))
        except BaseException:
            _discard(tmp)
            raise
        _commit(tmp, newest)
        self._last_backup = now
        # The backup's parse cache: the data file's entry, when it is one of these bytes
        # (the file's document is not kept in memory for this: a second copy of the state
        # that the garbage collector would walk).
        backup_cache = self._cache_for(newest)
        if self.cache and backup_cache:
            self.cache.copy_to(backup_cache, current)
