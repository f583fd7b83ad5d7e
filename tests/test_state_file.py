"""The state file: round trip, determinism, atomic save under faults, corruption, lock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.journal.events import Event
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress
from planner.store import state_file as state_file_module
from planner.store.catalog_file import load_catalog
from planner.store.state_file import (
    LockedError,
    NewerFileError,
    SaveError,
    StateFile,
    StateFileError,
)
from planner.store.state_format import SCHEMA_VERSION
from tests.conftest import SMALL_CATALOG

IDS = ["linalg", "calculus", "numpy-100"]


def make_store(path: Path) -> StateFile:
    return StateFile(path, lambda: load_catalog(SMALL_CATALOG))


def sample_state() -> PlannerState:
    state = make_store(Path("unused")).default_catalog()
    planner = PlannerState(catalog=state)
    app = AppState(planner, today=lambda: dt.date(2026, 11, 24))
    app.apply(RecordUnits("linalg", 2))
    app.apply(LogHours("calculus", 1.25))
    app.apply(EditNotes("calculus", "line one\nline two: with colon"))
    app.apply(ChangeSettings(hours_per_week=6.5))
    app.apply(Pin("numpy-100", "2026-W50"))
    return planner


def test_fresh_file_starts_from_default_catalog(data_file: Path):
    result = make_store(data_file).load()
    assert not result.existed and result.notices == []
    assert list(result.state.catalog.resources) == IDS
    assert not data_file.exists()


def test_save_then_load_round_trips_and_is_deterministic(data_file: Path):
    store = make_store(data_file)
    state = sample_state()
    assert store.save(state) is True
    first = data_file.read_bytes()
    assert b"schema_version: 3" in first
    assert store.save(state) is False  # unchanged state: identical bytes, nothing written
    assert data_file.read_bytes() == first
    loaded = make_store(data_file).load().state
    assert loaded.progress == state.progress
    assert loaded.settings == state.settings
    assert loaded.pins == state.pins
    assert loaded.journal == state.journal
    assert make_store(data_file).serialize(loaded) == first


def test_file_is_lean_progress_by_id_without_catalog_copy(data_file: Path):
    make_store(data_file).save(sample_state())
    text = data_file.read_text()
    assert "catalog:" not in text
    assert "Linear Algebra Notes" not in text
    assert ('\n    {"id": "local.1", "seq": 1795521600000, "at": "2026-11-24T12:00:00+00:00", '
            '"type": "units", "r": "linalg", "n": 2}\n' in text)  # one event per line
    assert "progress:" not in text  # progress is the fold of the journal


progress_strategy = st.builds(
    Progress,
    done=st.booleans(),
    units_done=st.integers(0, 100),
    hours_logged=st.floats(0, 500, allow_nan=False).map(lambda h: round(h, 2)),
    started=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    finished=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    notes=st.text(  # text as the planner keeps it (catalog.clean_text): no controls but these
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
        | st.sampled_from("\t\n"),
        max_size=40,
    ),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    progress=st.dictionaries(st.sampled_from(IDS), progress_strategy),
    hours=st.floats(0.5, 100).map(lambda h: round(h, 2)),
    parallel=st.integers(1, 50),
    pins=st.dictionaries(st.sampled_from(IDS), st.sampled_from(["2026-W01", "2027-W52"])),
    ui=st.dictionaries(st.sampled_from(["geometry", "selected"]), st.text("abc=+/", max_size=20)),
)
def test_round_trip_property(tmp_path: Path, progress, hours, parallel, pins, ui):
    path = tmp_path / "rt.yaml"
    path.unlink(missing_ok=True)
    store = make_store(path)
    from planner.store.state_format import _progress_payload

    at = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    journal = [Event(f"t.{i}", at, "progress", _progress_payload(rid, p), seq=i)
               for i, (rid, p) in enumerate(sorted(progress.items()), 1) if not p.is_empty]
    state = PlannerState.from_journal(
        store.default_catalog(), journal,
        settings=Settings(hours_per_week=hours, max_parallel=parallel), pins=pins, ui=ui)
    store.save(state)
    loaded = make_store(path).load()
    assert loaded.notices == []
    assert loaded.state.progress == state.progress
    assert loaded.state.settings == state.settings
    assert loaded.state.pins == state.pins
    assert loaded.state.journal == state.journal
    assert loaded.state.ui == {}  # window state is local state: never written to the file
    assert b"\nui:" not in path.read_bytes()


@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "fsync_dir"])
def test_save_failing_midway_leaves_previous_file_byte_identical(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, failing: str
):
    store = make_store(data_file)
    state = sample_state()
    store.save(state)
    before = data_file.read_bytes()
    app = AppState(state)
    app.apply(SetDone("numpy-100"))

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class FailingFile:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(
            state_file_module.os, "fdopen", lambda fd, mode: FailingFile(real_fdopen(fd, mode))
        )
    elif failing == "fsync":
        monkeypatch.setattr(state_file_module.os, "fsync", boom)
    elif failing == "replace":
        monkeypatch.setattr(state_file_module.os, "replace", boom)
    else:
        monkeypatch.setattr(state_file_module, "_fsync_dir", boom)

    store._last_backup = 0.0 if failing != "replace" else store._last_backup
    with pytest.raises(SaveError, match="No space left on device"):
        store.save(state)
    if failing != "fsync_dir":  # past the replace the new file is in place, just not synced
        assert data_file.read_bytes() == before
    leftovers = [p.name for p in data_file.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_backups_rotate_and_keep_previous_versions(data_file: Path, monkeypatch):
    store = make_store(data_file)
    state = sample_state()
    app = AppState(state)
    versions = []
    for units in range(1, 8):
        app.apply(RecordUnits("linalg", units % 6))
        store._last_backup = None  # as if each save were a new session
        store.save(state)
        versions.append(data_file.read_bytes())
    backups = store.backups()
    assert [p.name for p in backups] == [f"planner.backup-{n}.yaml" for n in range(1, 6)]
    assert backups[0].read_bytes() == versions[-2]
    assert backups[4].read_bytes() == versions[-6]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"schema_version: 1\nprogress: {linalg: {units_done: 2\n", "not valid YAML"),
        (b"\x00\x01\x02binary", "not a text file"),
        (
            b"schema_version: 1\nprogress:\n  linalg: {units_done: many}\n",
            "progress.linalg.units_done",
        ),
        (b"schema_version: 1\nsettings: {hours_per_week: -3}\n",
         "hours per week must be from 0.25 to 100"),
        (b"just a string\n", "must hold a mapping"),
        (b"progress: {}\n", "'schema_version' is missing"),
        (b"schema_version: 1\nx: !!python/object/apply:os.system [echo]\n", "is not allowed"),
        (b"schema_version: 1\nhistory: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nests"),
    ],
)
def test_corrupt_file_is_moved_aside_and_reported(data_file: Path, content: bytes, expected: str):
    data_file.write_bytes(content)
    result = make_store(data_file).load()
    assert not data_file.exists()
    aside = list(data_file.parent.glob("planner.corrupt-*.yaml"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    text = "\n".join(result.notices)
    assert expected in text and str(aside[0]) in text
    assert "default catalog" in text
    assert list(result.state.catalog.resources) == IDS


def test_alias_bomb_is_refused(data_file: Path):
    lines = ["schema_version: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    data_file.write_text("\n".join(lines) + "\n")
    result = make_store(data_file).load()
    assert "aliases repeated too often" in "\n".join(result.notices)


def test_corrupt_file_falls_back_to_newest_good_backup(data_file: Path):
    store = make_store(data_file)
    state = sample_state()
    store.save(state)
    app = AppState(state)
    app.apply(SetDone("linalg"))
    store._last_backup = None
    store.save(state)  # backup-1 now holds the first version
    data_file.write_bytes(b"schema_version: 1\nprogress: [truncated")
    result = make_store(data_file).load()
    assert "restored from the backup" in "\n".join(result.notices)
    assert result.state.progress["linalg"].units_done == 2
    assert not result.state.progress["linalg"].done


def test_newer_schema_is_refused_and_left_untouched(data_file: Path):
    content = f"schema_version: {SCHEMA_VERSION + 1}\nsomething_new: true\n".encode()
    data_file.write_bytes(content)
    with pytest.raises(NewerFileError, match="newer Study Planner"):
        make_store(data_file).load()
    assert data_file.read_bytes() == content
    assert sorted(p.name for p in data_file.parent.iterdir()) == ["planner.yaml"]


def test_migrations_run_in_order(data_file: Path, monkeypatch):
    from planner.store import state_format

    monkeypatch.setattr(state_format, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(
        state_format.MIGRATIONS, 1, lambda d: {**d, "settings": {"hours_per_week": 9}}
    )
    data_file.write_bytes(b"schema_version: 1\n")
    state = make_store(data_file).load().state
    assert state.settings.hours_per_week == 9


def test_lock_allows_one_writer(data_file: Path):
    first, second = make_store(data_file), make_store(data_file)
    first.acquire()
    try:
        with pytest.raises(LockedError, match="in use by another Study Planner"):
            second.acquire()
    finally:
        first.release()
    with second.locked():
        assert second.is_locked


def test_unreadable_folder_is_a_clear_error(tmp_path: Path):
    folder = tmp_path / "is-a-file"
    folder.write_text("x")
    store = make_store(folder / "planner.yaml")
    with pytest.raises(StateFileError, match="Could not save"):
        store.save(sample_state())


def test_external_change_is_kept_aside_not_clobbered(data_file: Path):
    store = make_store(data_file)
    state = sample_state()
    store.save(state)
    theirs = data_file.read_bytes().replace(b"hours_per_week: 6.5", b"hours_per_week: 8")
    data_file.write_bytes(theirs)
    app = AppState(state)
    app.apply(SetDone("linalg"))
    store.save(state)
    conflicts = list(data_file.parent.glob("planner.conflict-*.yaml"))
    assert len(conflicts) == 1 and conflicts[0].read_bytes() == theirs


def test_someone_elses_version_goes_to_the_conflict_copy_not_into_the_backups(data_file: Path):
    """A foreign (perhaps broken) file under the window is kept as a conflict copy; it must
    not also take a backup's place and push a good generation off the end."""
    first = make_store(data_file)
    state = sample_state()
    first.save(state)
    app = AppState(state)
    app.apply(SetDone("linalg"))
    store = make_store(data_file)  # a new session: its first save rotates the backups
    ours = store.load().state
    theirs = b"schema_version: 1\nprogress: {cut"
    data_file.write_bytes(theirs)
    store.save(app.state)
    conflicts = list(data_file.parent.glob("planner.conflict-*.yaml"))
    assert len(conflicts) == 1 and conflicts[0].read_bytes() == theirs
    assert theirs not in [backup.read_bytes() for backup in store.backups()]
    del ours


def test_parse_cache_is_used_only_for_the_exact_bytes(data_file: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    store = StateFile(data_file, lambda: load_catalog(SMALL_CATALOG), cache_dir)
    store.save(sample_state())
    assert store.cache is not None and store.cache.path.exists()
    fresh = StateFile(data_file, store.default_catalog, cache_dir)
    assert fresh.load().state.settings.hours_per_week == 6.5
    # A hand edit changes the bytes: the cache misses and the YAML is what counts.
    data_file.write_text(data_file.read_text().replace("hours_per_week: 6.5", "hours_per_week: 9"))
    assert (
        StateFile(data_file, store.default_catalog, cache_dir).load().state.settings.hours_per_week
        == 9
    )
    # A broken cache file is ignored.
    store.cache.path.write_text("{not json")
    assert (
        StateFile(data_file, store.default_catalog, cache_dir).load().state.settings.hours_per_week
        == 9
    )


def test_a_cache_entry_made_under_other_reading_rules_is_not_used(data_file: Path, tmp_path: Path,
                                                                  monkeypatch):
    """Whether a file loads must not depend on a cache entry: one an older version made
    (say it read `010` as 8) is ignored and the YAML read again under today's rules."""
    from planner.store import state_file as state_file_module

    cache_dir = tmp_path / "cache"
    store = StateFile(data_file, lambda: load_catalog(SMALL_CATALOG), cache_dir)
    store.save(sample_state())
    assert store.cache is not None
    raw = data_file.read_bytes()
    document = store.cache.get(raw)
    assert document is not None
    other = {**document, "settings": {**document["settings"], "hours_per_week": 99}}
    monkeypatch.setattr(state_file_module, "READING_RULES", state_file_module.READING_RULES - 1)
    store.cache.put(raw, other)  # what older rules made of the file
    monkeypatch.undo()
    fresh = StateFile(data_file, store.default_catalog, cache_dir)
    assert fresh.load().state.settings.hours_per_week == 6.5  # from the YAML
    store.cache.put(raw, other)  # the same entry under today's rules is used (so the test can fail)
    assert StateFile(data_file, store.default_catalog, cache_dir).load(
        ).state.settings.hours_per_week == 99


def test_a_recovery_reads_the_newest_backup_through_the_parse_cache(data_file: Path,
                                                                   tmp_path: Path, monkeypatch):
    """The rotation that made backup-1 copied the data file's parse cache entry, so a
    recovery parses only the bad file, not the backup too (a second on 2,000 resources)."""
    from planner.store.yaml import strict

    cache_dir = tmp_path / "cache"
    store = StateFile(data_file, lambda: load_catalog(SMALL_CATALOG), cache_dir)
    first = sample_state()
    store.save(first)
    session = StateFile(data_file, store.default_catalog, cache_dir)
    app = AppState(session.load().state)
    app.apply(SetDone("linalg"))
    session.save(app.state)  # first save of the session: the old file becomes backup-1
    backup = session.backup_path(1).read_bytes()
    assert backup == store.serialize(first)
    data_file.write_bytes(data_file.read_bytes().replace(b"hours_per_week: 6.5",
                                                         b"hours_per_week: [6.5]"))
    parsed: list[int] = []
    real = strict.load_with_node
    def spy(text: str):  # type: ignore[no-untyped-def]
        if text.startswith("# Study Planner"):  # a state file (not the default catalog)
            parsed.append(len(text))
        return real(text)

    monkeypatch.setattr(strict, "load_with_node", spy)
    result = StateFile(data_file, store.default_catalog, cache_dir).load()
    assert f"restored from the backup {session.backup_path(1)}" in "\n".join(result.notices)
    assert store.serialize(result.state) == backup
    assert len(parsed) == 1  # the bad file only
    # A backup whose bytes differ from what was cached is parsed, never taken from it.
    session.backup_path(1).write_bytes(backup.replace(b"hours_per_week: 6.5",
                                                      b"hours_per_week: 7"))
    bad = data_file.with_name("planner.corrupt-x.yaml")
    next(data_file.parent.glob("planner.corrupt-*.yaml")).rename(bad)
    bad.rename(data_file)
    result = StateFile(data_file, store.default_catalog, cache_dir).load()
    assert result.state.settings.hours_per_week == 7 and len(parsed) == 3  # bad, backup
