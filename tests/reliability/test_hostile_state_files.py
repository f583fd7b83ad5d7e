"""Hostile state files (docs/architecture.md §3.4): never a crash, never overwritten.

For each: only our own error types; the bad file moved aside byte-identical
(``planner.corrupt-<timestamp>.yaml``); the newest good backup used; a message naming the
file and what was wrong. A file from a newer schema is the exception by design: refused and
left untouched. Times are measured by ``bench/bench_hostile.py``, not asserted here.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.store import state_file as state_file_module
from planner.store.state_file import NewerFileError, StateFile
from planner.store.state_format import END_MARKER, HEADER, SCHEMA_VERSION, truncation_problem
from planner.store.yaml import strict
from tests.reliability.hostile_cases import (
    Case,
    accepted_cases,
    cases,
    generations,
    loaded,
    make_store,
    mutate,
)

OLDEST, NEWER, NEWEST = generations()  # backup-2, backup-1, the data file
CASES = cases()
VERSION_LINE = f"schema_version: {SCHEMA_VERSION}".encode()
NEXT_VERSION_LINE = f"schema_version: {SCHEMA_VERSION + 1}".encode()
ACCEPTED = accepted_cases()


def _setup(folder: Path, content: bytes, backups: tuple[bytes, ...] = (NEWER, OLDEST)
           ) -> tuple[Path, StateFile]:
    data_file = folder / "planner.yaml"
    store = make_store(data_file)
    for n, backup in enumerate(backups, start=1):
        store.backup_path(n).write_bytes(backup)
    data_file.write_bytes(content)
    return data_file, store


def _aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("planner.corrupt-*.yaml"))


def _check_recovered(folder: Path, store: StateFile, content: bytes, result, expected: bytes,
                     backup: int = 1) -> str:
    """The common promise; returns the notices as one text."""
    data_file = store.path
    assert not data_file.exists()
    aside = _aside(folder)
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert store.backup_path(1).read_bytes() == NEWER
    assert store.backup_path(2).read_bytes() == OLDEST
    assert store.serialize(result.state) == expected
    notices = "\n".join(result.notices)
    assert result.notices[0].startswith(f"The data file could not be read: {data_file}")
    assert f"It was moved to {aside[0]}." in result.notices
    assert f"Your planner was restored from the backup {store.backup_path(backup)}." in notices
    return notices


def test_there_are_at_least_40_cases_in_at_least_9_kinds():
    kinds = {case.kind for case in CASES}
    assert len(CASES) >= 40 and len(kinds) >= 9, (len(CASES), sorted(kinds))
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(case.content != NEWEST for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.kind}-{case.name}")
def test_hostile_file_is_kept_aside_and_the_newest_good_backup_used(tmp_path: Path, case: Case):
    data_file, store = _setup(tmp_path, case.content)
    result = store.load()
    _check_recovered(tmp_path, store, case.content, result, NEWER)
    assert re.search(case.message, result.notices[0]), result.notices[0][:600]
    assert len(result.notices[0]) < 1000  # readable, even when the file quotes huge values
    # The planner goes on: the next save writes a good file, which loads with no notice.
    assert store.save(result.state) is True
    again = make_store(data_file).load()
    assert again.notices == [] and store.serialize(again.state) == NEWER


def test_a_bad_newest_backup_is_skipped_for_the_next_good_one(tmp_path: Path):
    cut = NEWEST[: len(NEWEST) // 2]
    bad_backup = NEWER[: len(NEWER) // 3]
    _data_file, store = _setup(tmp_path, cut, backups=(bad_backup, OLDEST))
    result = store.load()
    assert _aside(tmp_path)[0].read_bytes() == cut
    assert store.serialize(result.state) == OLDEST
    notices = "\n".join(result.notices)
    assert f"The backup could not be used either: {store.backup_path(1)}: the file is cut short" \
        in notices
    assert f"restored from the backup {store.backup_path(2)}" in notices
    assert store.backup_path(1).read_bytes() == bad_backup  # backups are never changed by a load


def test_no_good_backup_starts_from_the_default_catalog(tmp_path: Path):
    _data_file, store = _setup(tmp_path, b"schema_version: [", backups=())
    result = store.load()
    assert _aside(tmp_path)[0].read_bytes() == b"schema_version: ["
    assert "No good backup was found; starting from the default catalog." in result.notices
    assert list(result.state.catalog.resources) == ["linalg", "calculus", "numpy-100"]


@pytest.mark.parametrize("case", [case for case in CASES if case.kind == "links"],
                         ids=lambda case: case.name)
def test_with_no_good_backup_only_the_refused_links_are_left_out(tmp_path: Path, case: Case):
    """A file whose only fault is a refused link, and no backup to fall back on (say a
    stricter link policy than the one that wrote them all): everything else is kept."""
    _data_file, store = _setup(tmp_path, case.content, backups=(case.content,))
    result = store.load()
    assert _aside(tmp_path)[0].read_bytes() == case.content
    assert store.backup_path(1).read_bytes() == case.content  # a load never changes backups
    notices = "\n".join(result.notices)
    assert "without the 1 link(s) the link policy refuses" in notices, notices
    assert "default catalog" not in notices
    # Everything of the newest generation but the link: progress, plan, notes, the rest.
    restored = result.state
    good = loaded(NEWEST)
    assert restored.progress == good.progress and restored.plan == good.plan
    assert restored.pins == good.pins and restored.journal == good.journal
    assert restored.ticks == good.ticks and restored.settings == good.settings
    assert list(restored.catalog.resources) == list(good.catalog.resources)
    now = restored.catalog.resources
    changed = [rid for rid, resource in good.catalog.resources.items()
               if (resource.url, resource.links) != (now[rid].url, now[rid].links)]
    assert len(changed) == 1


def test_other_faults_still_start_from_the_default_catalog_without_a_backup(tmp_path: Path):
    bad = NEWEST.replace(b'url: "https://example.org/calc"', b'url: "javascript:alert(1)"')
    bad = bad.replace(VERSION_LINE, VERSION_LINE + b"\n" + VERSION_LINE)
    _data_file, store = _setup(tmp_path, bad, backups=())
    result = store.load()
    assert "No good backup was found; starting from the default catalog." in result.notices


@pytest.mark.parametrize(
    "content",
    [
        NEWEST.replace(VERSION_LINE, NEXT_VERSION_LINE),
        NEWEST.replace(VERSION_LINE, b"schema_version: 1000000000000000000000"),
        # Newer and unreadable here: a newer version may write what this one cannot read.
        NEWEST.replace(VERSION_LINE, NEXT_VERSION_LINE + b"\nnew_field: !!set {a, b}"),
        NEWEST.replace(VERSION_LINE, NEXT_VERSION_LINE + b"\nsettings: {}"),
        NEWEST.replace(VERSION_LINE, NEXT_VERSION_LINE)[:-40],
        f"{HEADER}\r\nschema_version: 7   # comment\r\nfuture: [\r\n".encode(),
    ],
    ids=["next", "huge", "unknown-tag", "duplicate-key", "cut-short", "crlf-broken"],
)
def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path, content: bytes):
    data_file, store = _setup(tmp_path, content)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NewerFileError, match=re.escape(str(data_file)) + ".*newer Study Planner"
                       ".*left untouched"):
        store.load()
    assert data_file.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert store.backup_path(1).read_bytes() == NEWER


def test_over_the_size_cap_is_refused_before_any_parsing(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    """A 1 GiB (sparse) file: at most the cap plus one byte is read, and nothing parses it."""
    data_file, store = _setup(tmp_path, b"")
    with data_file.open("wb") as handle:
        handle.write(NEWEST)
        handle.truncate(2**30)
    decoded: list[str] = []
    parsed: list[int] = []
    read: list[int] = []
    real_decode, real_load = strict.decode, strict.load_with_node
    real_open = state_file_module._open_regular

    def spy_decode(data: bytes, source: str = "the file") -> str:
        decoded.append(source)
        return real_decode(data, source)

    def spy_load(text: str):
        parsed.append(len(text))
        return real_load(text)

    class CountingReader:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            data = self.handle.read(size)
            read.append(len(data))
            return data

        def fileno(self) -> int:
            return self.handle.fileno()

    def spy_open(path: Path, **kwargs):
        handle = real_open(path, **kwargs)
        return CountingReader(handle) if path == data_file else handle

    monkeypatch.setattr(strict, "decode", spy_decode)
    monkeypatch.setattr(strict, "load_with_node", spy_load)
    monkeypatch.setattr(state_file_module, "_open_regular", spy_open)
    result = store.load()
    assert sum(read) == strict.MAX_BYTES + 1
    assert str(data_file) not in decoded and decoded == [str(store.backup_path(1))]
    assert parsed == [len(NEWER.decode())]  # the backup, and only it
    assert "the file is 1,073,741,824 bytes; the limit is 20,971,520 bytes" in result.notices[0]
    aside = _aside(tmp_path)
    assert len(aside) == 1 and aside[0].stat().st_size == 2**30
    assert store.serialize(result.state) == NEWER


# ------------------------------------------------------------------------- truncation


def _load_cut(folder: Path, store: StateFile, content: bytes):
    store.path.write_bytes(content)
    result = store.load()
    aside = [path.read_bytes() for path in _aside(folder)]
    for path in _aside(folder):
        path.unlink()
    return result, aside


@pytest.mark.slow
def test_truncation_at_every_byte_is_detected_unless_nothing_is_lost(tmp_path: Path):
    """Every cut of a real saved file is refused, except dropping only the final newline.

    What is guaranteed, for a file this version wrote (header first, end line last): a copy
    cut at any byte before the end of its end line is kept aside and the backup used; the
    one cut that is read, the file without its final newline, holds every entry.
    """
    data_file, store = _setup(tmp_path, b"")
    accepted = []
    for size in range(len(NEWEST)):
        cut = NEWEST[:size]
        store._last_written = None
        data_file.write_bytes(cut)
        result = store.load()
        if not result.notices:
            accepted.append(size)
            assert data_file.read_bytes() == cut
            assert store.serialize(result.state) == NEWEST
            continue
        aside = _aside(tmp_path)
        assert len(aside) == 1 and aside[0].read_bytes() == cut, size
        assert not data_file.exists()
        assert store.serialize(result.state) == NEWER, size
        assert str(data_file) in result.notices[0]
        aside[0].unlink()
    assert accepted == [len(NEWEST) - 1]
    assert NEWEST[-1:] == b"\n"


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_truncation_at_every_line_boundary_is_detected(tmp_path: Path, newline: bytes):
    """The silent case: a cut at a line end is valid YAML holding fewer entries."""
    good = NEWEST.replace(b"\n", newline)
    _data_file, store = _setup(tmp_path, b"")
    lines = good.splitlines(keepends=True)
    for n in range(len(lines)):
        cut = b"".join(lines[:n])
        result, aside = _load_cut(tmp_path, store, cut)
        assert aside == [cut], n
        assert store.serialize(result.state) == NEWER
        if n > 2:  # the header and at least one entry: valid YAML, so only the end line tells
            assert "the file is cut short" in result.notices[0], n
    result, aside = _load_cut(tmp_path, store, good)
    assert aside == [] and result.notices == []


def test_a_file_without_our_header_is_read_as_it_is_even_cut_short(tmp_path: Path):
    """The limit of the guarantee: a hand-written file has no end line to miss."""
    hand = NEWEST.removeprefix(HEADER.encode() + b"\n").removesuffix(END_MARKER.encode() + b"\n")
    cut = hand[: hand.index(b"\nplan:") + 1]  # the plan and the journal after it are gone
    data_file, store = _setup(tmp_path, cut)
    result = store.load()
    assert result.notices == [] and data_file.read_bytes() == cut
    assert result.state.journal == [] and result.state.plan is None
    assert result.state.progress == {} and result.state.pins == loaded(NEWEST).pins


def test_what_we_write_begins_with_the_header_and_ends_with_the_end_line(tmp_path: Path):
    assert NEWEST.startswith(HEADER.encode() + b"\nschema_version: ")
    assert NEWEST.endswith(b"\n" + END_MARKER.encode() + b"\n")
    assert NEWEST.count(END_MARKER.encode()) == 1
    data_file, store = _setup(tmp_path, NEWER)
    state = store.load().state
    store.save(state)
    assert data_file.read_bytes() == NEWER


# ----------------------------------------------------------------- accepted by design


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda case: case.name)
def test_odd_but_harmless_files_are_read_as_they_are(tmp_path: Path, case: Case):
    data_file, store = _setup(tmp_path, case.content)
    result = store.load()
    assert result.notices == []
    assert data_file.read_bytes() == case.content and _aside(tmp_path) == []
    if case.name == "five-megabyte-note":
        assert len(result.state.progress["calculus"].notes) > 5_000_000
    else:
        assert store.serialize(result.state) == NEWEST


# ------------------------------------------------------------------ random mutations


mutation = st.tuples(
    st.sampled_from(["flip", "delete", "insert", "swap-lines"]),
    st.integers(0, 10**6), st.integers(0, 255), st.integers(0, 10**6),
)


# HOSTILE_MUTATIONS=20000 for a longer run (docs/reliability.md quotes one).
@settings(max_examples=int(os.environ.get("HOSTILE_MUTATIONS", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_files_are_read_refused_or_left_alone_never_a_crash(mutations):
    content = NEWEST
    for how, position, value, other in mutations:
        content = mutate(content, how, position, value, other)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data_file, store = _setup(folder, content)
        try:
            result = store.load()
        except NewerFileError as exc:  # a digit of schema_version changed: left untouched
            assert data_file.read_bytes() == content and str(data_file) in str(exc)
            return
        if result.notices:
            _check_recovered(folder, store, content, result, NEWER)
            return
        # Read as valid: nothing moved, and what was read can be written and read back.
        assert data_file.read_bytes() == content and _aside(folder) == []
        written = store.serialize(result.state)
        assert store.serialize(loaded(written)) == written


def test_the_recovery_never_raises_anything_but_our_errors(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    """Moving the bad file aside can fail (a read-only folder): then nothing is changed."""
    data_file, store = _setup(tmp_path, b"schema_version: [")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(state_file_module.os, "replace", refuse)
    with pytest.raises(state_file_module.StateFileError,
                       match=r"could not be moved aside \(Permission denied\), so nothing was"):
        store.load()
    assert data_file.read_bytes() == b"schema_version: ["


@settings(max_examples=400, deadline=None)
@given(body=st.binary(max_size=60),
       tail=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r", b" ", b"\t", b"x", b"# ",
                                      END_MARKER.encode(), END_MARKER.encode()[:-3]]),
                     max_size=8).map(b"".join))
def test_the_end_line_short_cut_agrees_with_searching_the_whole_file(body: bytes,
                                                                    tail: bytes) -> None:
    """truncation_problem() looks for the end line in the file's last bytes first; whatever
    the ending, its verdict is the one a search of the whole file gives."""
    from planner.store.state_format import _END_LINE

    raw = HEADER.encode() + b"\n" + body + tail
    whole = _END_LINE.search(raw, len(HEADER)) is not None
    assert (truncation_problem(raw) is None) == whole
