"""The parse cache is a cache (issue 12, reproduction 8).

An entry is used only when its HMAC (a secret of this installation, the reading rules, the
YAML bytes and the entry itself) verifies; anything odd is a miss, and a cache that cannot
be read or written never stops a command or the window:

- an entry edited by hand (progress dropped, in an event or in the fold it keeps) is not
  shown, and not saved over the file; a kept fold of another journal is made again;
- ``[`` x 200,000 in the cache, as the whole file or as a signed entry, is a miss, not a
  RecursionError;
- a FIFO in the cache's place does not block; a symlink there, or at a ``.tmp`` name, is
  never written through.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.journal.state import AppState
from planner.core.operations.planning import ChangeSettings
from planner.core.operations.progress import SetDone
from planner.entry import wiring
from planner.entry.cli import main as cli
from planner.store.state_file import ParseCache, StateFile
from tests.reliability.scenes import make_store
from tests.reliability.test_two_instances import (
    LIMIT_S,
    WORKTREE,
    environment,
    runtime_dir,  # noqa: F401 (autouse: the windows' sockets in a private folder)
    stop,
    window_process,
)

DEEP = b"[" * 200_000


@pytest.fixture
def planner(data_file: Path, tmp_path: Path) -> StateFile:
    """A saved planner with progress, its parse cache in ``tmp_path/cache``."""
    store = make_store(data_file, tmp_path / "cache")
    app = AppState(store.load().state)
    app.apply(SetDone(next(iter(app.catalog.resources))))
    store.save(app.state)
    assert store.cache is not None and store.cache.path.exists()
    return store


def fresh(store: StateFile) -> StateFile:
    assert store.cache is not None
    return StateFile(store.path, store.default_catalog, store.cache.path.parent)


def done_ids(store: StateFile) -> set[str]:
    state = store.load().state
    return {rid for rid, p in state.progress.items() if p.done}


# An entry holds the document (the journal's lines in its text, as JSON holds them) and
# the journal's fold (per resource: done, units, hours, started, finished, notes): either
# edited so that the resource would no longer be done.
HAND_EDITS = {"event": (b'\\"type\\": \\"done\\"', b'\\"type\\": \\"units\\"'),
              "fold": (b'": [true, ', b'": [false, ')}


@pytest.mark.parametrize("edit", HAND_EDITS, ids=list(HAND_EDITS))
def test_an_entry_edited_by_hand_is_not_used(planner: StateFile, edit: str) -> None:
    assert planner.cache is not None
    expected = done_ids(fresh(planner))
    assert expected
    entry = planner.cache.path.read_bytes()
    done, undone = HAND_EDITS[edit]
    assert entry.count(done) == len(expected)
    planner.cache.path.write_bytes(entry.replace(done, undone))
    store = fresh(planner)
    assert done_ids(store) == expected  # read from the YAML
    before = store.path.read_bytes()
    app = AppState(store.load().state)
    app.apply(ChangeSettings(hours_per_week=7))
    store.save(app.state)
    saved = fresh(planner)
    saved.cache = None
    assert done_ids(saved) == expected and store.path.read_bytes() != before


def test_a_kept_fold_of_another_journal_is_made_again(planner: StateFile) -> None:
    """An entry keeps the journal's fold with the journal's length and last event id; one
    that does not match the journal (signed, as if our own) is not taken: the fold is made
    again from the journal."""
    cache = planner.cache
    assert cache is not None
    raw = planner.path.read_bytes()
    expected = done_ids(fresh(planner))
    entry = cache.get(raw)
    assert expected and entry is not None
    length, last = entry["folds"]["of"]
    entry["folds"]["progress"] = {}  # nothing done, were it taken
    for of in ([length + 1, last], [length, "other.1"]):
        entry["folds"]["of"] = of
        cache.put(raw, entry)
        assert done_ids(fresh(planner)) == expected, of
    entry["folds"]["of"] = [length, last]
    cache.put(raw, entry)
    assert done_ids(fresh(planner)) == set()  # matching, it is taken (the test can fail)


def test_an_entry_for_other_bytes_is_not_used(planner: StateFile) -> None:
    """A signed entry is tied to the bytes it was made from: copied to stand in for
    another file's entry, it misses."""
    assert planner.cache is not None
    other = ParseCache(planner.cache.path.parent, planner.path.with_name("other.yaml"))
    planner.cache.put(b"other bytes", {"schema_version": 1})
    other.path.write_bytes(planner.cache.path.read_bytes())
    assert other.get(b"other bytes") == {"schema_version": 1}  # as made (the test can fail)
    assert planner.cache.get(planner.path.read_bytes()) is None


@pytest.mark.parametrize("signed", [False, True], ids=["raw", "signed"])
def test_deep_brackets_in_the_cache_are_a_miss(planner: StateFile, signed: bool) -> None:
    """As the whole file; or signed with the installation's secret, as if our own: the
    JSON reader's RecursionError is a miss too."""
    from planner.store.state_file import CACHE_MAGIC

    cache = planner.cache
    assert cache is not None
    raw = planner.path.read_bytes()
    if signed:
        secret = (cache.path.parent / "parse-cache.key").read_bytes()
        cache.path.write_bytes(CACHE_MAGIC + cache._mac(secret, raw, DEEP) + b"\n" + DEEP)
    else:
        cache.path.write_bytes(DEEP)
    assert ParseCache(cache.path.parent, planner.path).get(raw) is None
    assert done_ids(fresh(planner))


def test_deep_brackets_in_the_cache_stop_neither_a_command_nor_the_window(
        tmp_path: Path, data_file: Path) -> None:
    """The app's own cache folder (``$XDG_CACHE_HOME``), a command and a real window."""
    assert cli.main(["--data-file", str(data_file), "settings", "--hours-per-week", "7"]) == 0
    entries = list(wiring.default_cache_dir().glob("state-*.json"))
    assert len(entries) == 1
    entries[0].write_bytes(DEEP)
    listed = subprocess.run([sys.executable, "-m", "planner", "--data-file", str(data_file),
                             "list", "--json"], cwd=WORKTREE, env=environment(),
                            capture_output=True, text=True, timeout=LIMIT_S)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    window = window_process(data_file, tmp_path / "window.log")  # asserts it is running
    stop(window)


def test_a_fifo_in_the_cache_does_not_block(planner: StateFile) -> None:
    """In a child process, so that a block fails the test instead of hanging it."""
    assert planner.cache is not None
    planner.cache.path.unlink()
    os.mkfifo(planner.cache.path)
    folder = planner.cache.path.parent
    code = ("from tests.reliability.scenes import make_store; from pathlib import Path;"
            f"s = make_store(Path({str(planner.path)!r}), Path({str(folder)!r}));"
            "print(sorted(r for r, p in s.load().state.progress.items() if p.done))")
    done = subprocess.run([sys.executable, "-c", code], cwd=WORKTREE, env=environment(),
                          capture_output=True, text=True, timeout=LIMIT_S)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == repr(sorted(done_ids(fresh(planner))))


def test_symlinks_in_the_cache_are_never_written_through(planner: StateFile,
                                                         tmp_path: Path) -> None:
    """At the entry's name (read: not followed; written: the link is replaced) and at the
    ``.tmp`` name the cache once wrote through."""
    cache = planner.cache
    assert cache is not None
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache.path.unlink()
    cache.path.symlink_to(victim)
    cache.path.with_suffix(".tmp").symlink_to(victim)
    store = fresh(planner)
    app = AppState(store.load().state)
    app.apply(ChangeSettings(hours_per_week=8))
    store.save(app.state)
    assert victim.read_text() == "keep me"
    assert not cache.path.is_symlink() and cache.path.with_suffix(".tmp").is_symlink()
    assert fresh(planner).cache.get(store.path.read_bytes()) is not None  # type: ignore[union-attr]


def test_the_secret_and_the_entries_are_private(planner: StateFile) -> None:
    assert planner.cache is not None
    for path in (planner.cache.path, planner.cache.path.parent / "parse-cache.key"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_secret_that_is_not_one_is_replaced(planner: StateFile) -> None:
    """A FIFO, a symlink or a short file in the secret's place: a miss, then a new secret."""
    assert planner.cache is not None
    key = planner.cache.path.parent / "parse-cache.key"
    raw = planner.path.read_bytes()
    for odd in ("fifo", "symlink", "short"):
        key.unlink()
        if odd == "fifo":
            os.mkfifo(key)
        elif odd == "symlink":
            key.symlink_to(planner.path)
        else:
            key.write_bytes(b"short")
        cache = ParseCache(planner.cache.path.parent, planner.path)
        assert cache.get(raw) is None, odd
        cache.put(raw, {"schema_version": 1})
        assert stat.S_ISREG(key.lstat().st_mode) and len(key.read_bytes()) == 32, odd
        assert ParseCache(planner.cache.path.parent, planner.path).get(raw) == {"schema_version": 1}


def test_a_cache_folder_that_cannot_be_used_costs_only_time(data_file: Path,
                                                             tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    store = make_store(data_file, blocked)
    app = AppState(store.load().state)
    app.apply(ChangeSettings(hours_per_week=9))
    assert store.save(app.state)
    assert make_store(data_file, blocked).load().state.settings.hours_per_week == 9
