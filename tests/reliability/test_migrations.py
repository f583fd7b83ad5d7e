"""Schema versions and migrations (docs/architecture.md §3.4): every format so far still loads.

A golden file per format (tests/data/golden/, frozen by SHA256SUMS): it loads to what was
recorded; upgrade, save and reload round trip byte-stable; migrating twice is harmless.
A version-1 file becomes a journal with nothing lost: its progress, notes, pins, settings,
catalog and plan as they were, its history lines as the events they record, its checked
goals as ticks. The window state older writers kept in the file (``ui``) is still read, and
dropped when the file is saved. A file of a newer schema is refused and left untouched.
The migration chain is proven with synthetic versions (there is no real version 0).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from planner.core.catalog.model import catalog_from_data, catalog_to_data
from planner.core.journal.fold import Tick
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import SetDeadline, SetPriority
from planner.store import state_format
from planner.store.format_v2 import PAYLOADS
from planner.store.state_file import NewerFileError
from planner.store.state_format import (
    END_MARKER,
    HEADER,
    MIGRATIONS,
    SCHEMA_VERSION,
    StateFormatError,
    declared_version,
    history_from_line,
    migrate,
    pin_from_data,
    plan_from_data,
    progress_from_data,
    settings_from_data,
)
from planner.store.yaml import strict
from tests.reliability.hostile_cases import make_store

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
GOLDENS = sorted(GOLDEN.glob("state-v*.yaml"))
V1_GOLDENS = [path for path in GOLDENS if declared_version(path.read_bytes()) == 1]
CURRENT = GOLDEN / f"state-v{SCHEMA_VERSION}.yaml"
LAST_V1 = GOLDEN / "state-v1-cd608e5.yaml"  # the last version-1 writer: no window state
PREVIOUS_FORMAT = GOLDEN / "state-v1-5bbd50a.yaml"  # the same planner, no header or end line
WITH_UI = GOLDEN / "state-v1-03c44c2.yaml"  # the same again, window state still in the file
_UI_SECTION = re.compile(rb"^ui:\n(?:  .*\n)*", re.M)
UTC_PLUS_1 = dt.timezone(dt.timedelta(hours=1))


def _sums() -> dict[str, str]:
    lines = (GOLDEN / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line)}


def _copy(golden: Path, folder: Path) -> Path:
    target = folder / "planner.yaml"
    shutil.copyfile(golden, target)
    return target


# ------------------------------------------------------------------- the golden files


def test_every_schema_version_so_far_has_a_golden_file():
    """Fails when SCHEMA_VERSION is bumped without a golden file for the new version."""
    versions = {declared_version(path.read_bytes()) for path in GOLDENS}
    assert set(range(1, SCHEMA_VERSION + 1)) <= versions, (
        f"add tests/data/golden/state-v{SCHEMA_VERSION}.yaml (see its README.md)")
    assert CURRENT.exists() and declared_version(CURRENT.read_bytes()) == SCHEMA_VERSION
    assert max(versions) == SCHEMA_VERSION
    # the previous version's file was renamed after its last writer, not left in the way
    assert [p.name for p in GOLDENS if re.fullmatch(r"state-v\d+\.yaml", p.name)] == [
        CURRENT.name]


def test_every_version_from_the_oldest_golden_has_its_migration():
    oldest = min(declared_version(path.read_bytes()) or 0 for path in GOLDENS)
    assert set(MIGRATIONS) == set(range(oldest, SCHEMA_VERSION))


def test_golden_files_are_frozen():
    """A golden file is never rewritten: each still has the hash it was written with."""
    sums = _sums()
    assert sorted(sums) == [path.name for path in GOLDENS]
    for path in GOLDENS:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name], path.name


def _check_catalog(state: PlannerState) -> None:
    """The catalog every golden file stores: the small test list and the added resource."""
    assert not state.catalog_is_default
    assert state.catalog.title == "Small test list"
    assert list(state.catalog.resources) == ["linalg", "calculus", "numpy-100", "three-blue"]
    assert list(state.catalog.categories) == ["maths", "code", "python", "added-by-hand"]
    linalg, video = state.catalog.resources["linalg"], state.catalog.resources["three-blue"]
    assert linalg.priority == 1
    assert video.links == ("mailto:someone@example.org", "https://example.org/errata#ch-2")
    assert video.deadline == dt.date(2026, 6, 30) and video.units is not None
    assert video.units.count == 16 and video.effort_hours == 4.5


def _check_settings_and_plan(state: PlannerState, *, with_plan: bool, rolled: bool = False,
                             horizon: int = 52) -> None:
    """``horizon``: the default horizon when the sample was written (520 since issue 14)."""
    assert state.settings.hours_per_week == 7.5 and state.settings.max_parallel == 2
    assert state.settings.start_week == "2026-W02" and state.settings.horizon_weeks == horizon
    assert state.pins == {"calculus": "2026-W04"}
    if not with_plan:
        assert state.plan is None and state.ticks == {}
        return
    assert state.plan is not None
    assert [week.week for week in state.plan.weeks] == ["2026-W03", "2026-W04"]
    assert state.plan.hours_per_week == 7.5
    first, second = state.plan.weeks
    assert first.budget == second.budget == 7.5
    goals = [[(g.resource, g.hours, g.units, g.pinned, g.kind) for g in week.goals]
             for week in state.plan.weeks]
    if not rolled:
        assert state.plan.start_week == "2026-W03"
        assert goals == [
            [("linalg", 3.0, (4, 6), False, "study"), ("three-blue", 4.5, (1, 16), False, "study")],
            [("calculus", 1.25, None, True, "study")]]
        # the checked goal, with the chunk it was made on
        assert state.ticks == {"2026-W03 linalg 4-6": Tick("2026-W03", "linalg", 3.0, (4, 6))}
        return
    # the plan followed the check (chapters 4-6 done in W03) and rolled over to W04: the
    # videos, checked and unchecked in W03, were missed and carried over; this week's
    # hours of calculus (logged, and a session logged by hand, then deleted: its hours
    # stay) are its record, the rest of calculus stays pinned
    assert state.plan.start_week == "2026-W04"
    assert goals == [
        [("linalg", 3.0, (4, 6), False, "done"), ("three-blue", 4.5, (1, 16), False, "study")],
        [("calculus", 0.75, None, False, "done"), ("calculus", 0.5, None, True, "study"),
         ("three-blue", 4.5, (1, 16), False, "carry-over")]]
    assert state.ticks == {
        "2026-W03 linalg 4-6": Tick("2026-W03", "linalg", 3.0, (4, 6), gave=3)}


def _check_v1_sample(state: PlannerState, *, with_plan: bool, with_ui: bool) -> None:
    """What tests/data/golden/write_sample.py recorded with a version-1 writer (``with_ui``:
    and the window state the writers before local state kept in the file), as the
    migration to the journal gives it."""
    _check_catalog(state)
    _check_settings_and_plan(state, with_plan=with_plan)
    assert state.catalog.resources["calculus"].deadline is None
    progress = state.progress
    assert set(progress) == {"linalg", "calculus", "numpy-100"}
    assert progress["linalg"].units_done == 3 and progress["linalg"].started == dt.date(2026, 1, 5)
    assert not progress["linalg"].done
    assert progress["calculus"].hours_logged == 1.75
    assert progress["calculus"].notes == 'Read §2 twice.\nQuote: "chain rule": OK'
    assert progress["numpy-100"].done and progress["numpy-100"].finished == dt.date(2026, 1, 11)
    assert progress["numpy-100"].units_done == 100
    # the history lines, as the events they record, first and in order, on their days
    journal = state.journal
    assert [(e.day.isoformat(), e.type, e["r"], e.data.get("n", e.data.get("h")))
            for e in journal[:4]] == [
        ("2026-01-06", "units", "linalg", 3),
        ("2026-01-08", "hours", "calculus", 1.25),
        ("2026-01-10", "hours", "calculus", 0.5),
        ("2026-01-12", "done", "numpy-100", None),
    ]
    # then only what restates the stored progress (notes, starts) and the checked goals
    assert {e.type for e in journal[4:]} <= {"progress", "tick"}
    assert [e.id for e in journal] == [f"v1.{n}" for n in range(1, len(journal) + 1)]
    assert state.ui == ({"geometry": "AdnQywADAAAAAAAA", "selected": "linalg"} if with_ui
                        else {})


# every event type the app records (``progress`` only comes from migrating a v1 file;
# ``catalog.set``, a new catalog title, is not in the sample; a session's pause and resume
# came after the file was frozen: tests/test_sessions.py writes and reads them back; so did
# a review and a stop of re-visits: tests/test_revisits.py writes and reads them back; and
# a merge's sync.conflict: tests/test_sync_merge.py and tests/test_sync_cli.py do)
APP_EVENT_TYPES = set(PAYLOADS) - {"progress", "catalog.set", "session.pause",
                                   "session.resume", "review", "revisit.stop",
                                   "sync.conflict"}


def _check_v2_sample(state: PlannerState, horizon: int = 52) -> None:
    """What tests/data/golden/write_sample.py recorded with the version-2 writer (and, the
    same planner, the version-3 one)."""
    _check_catalog(state)  # the draft category and resource added and deleted are gone
    _check_settings_and_plan(state, with_plan=True, rolled=True, horizon=horizon)
    assert state.catalog.resources["calculus"].deadline == dt.date(2026, 3, 1)
    progress = state.progress
    linalg, calculus, numpy, video = (progress[rid] for rid in
                                      ("linalg", "calculus", "numpy-100", "three-blue"))
    # 3 chapters, then the goal of chapters 4-6 checked: all 6, done
    assert (linalg.done, linalg.units_done) == (True, 6)
    assert (linalg.started, linalg.finished) == (dt.date(2025, 12, 31), dt.date(2026, 1, 15))
    assert (calculus.done, calculus.hours_logged, calculus.started) == (
        False, 2.5, dt.date(2026, 1, 1))
    assert calculus.notes == 'Read §2 twice.\nQuote: "chain rule": OK'
    assert (numpy.done, numpy.units_done, numpy.finished) == (True, 100, dt.date(2026, 1, 4))
    # done then undone, and its goal checked then unchecked: none of that work stands
    assert (video.done, video.units_done, video.hours_logged, video.finished) == (
        False, 0, 0.0, None)
    assert state.ui == {}
    journal = state.journal
    assert [e.id for e in journal] == [f"k3f9.{n}" for n in range(1, 37)]
    assert {e.type for e in journal} == APP_EVENT_TYPES
    assert all(e.at.utcoffset() == dt.timedelta(hours=1) for e in journal)
    assert journal[0].at == dt.datetime(2025, 12, 29, 19, 4, 11, tzinfo=UTC_PLUS_1)
    assert [e.at.date() for e in journal] == sorted(e.at.date() for e in journal)


def _check_sample(golden: Path, state: PlannerState, *, saved: bool = False) -> None:
    """The golden file's planner (``saved``: after a save by this version)."""
    if declared_version(golden.read_bytes()) == 1:
        _check_v1_sample(state, with_plan="6db4065" not in golden.name,
                         with_ui=golden != LAST_V1 and not saved)
    else:
        _check_v2_sample(state, horizon=52 if declared_version(golden.read_bytes()) == 2
                         else 520)


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda path: path.name)
def test_golden_file_loads_to_what_was_recorded(tmp_path: Path, golden: Path):
    path = _copy(golden, tmp_path)
    result = make_store(path).load()
    assert result.notices == [] and result.existed
    _check_sample(golden, result.state)
    assert path.read_bytes() == golden.read_bytes()  # loading writes nothing
    assert [p.name for p in tmp_path.iterdir()] == ["planner.yaml"]


@pytest.mark.parametrize("golden", V1_GOLDENS, ids=lambda path: path.name)
def test_a_v1_golden_file_migrates_with_nothing_lost(tmp_path: Path, golden: Path):
    """Each fact of the version-1 file, read the version-1 way, is in the migrated state."""
    v1 = strict.load(golden.read_text(encoding="utf-8"))
    state = make_store(_copy(golden, tmp_path)).load().state
    stored = {rid: progress_from_data(value, ("progress", rid))
              for rid, value in v1["progress"].items()}
    assert state.progress == stored  # done, units, hours, dates and notes of each resource
    assert state.pins == {rid: pin_from_data(week, ("pins", rid))
                          for rid, week in v1["pins"].items()}
    assert state.settings == settings_from_data(v1["settings"])
    assert catalog_to_data(state.catalog) == catalog_to_data(catalog_from_data(v1["catalog"]))
    assert state.plan == plan_from_data(v1.get("plan"))
    history = [history_from_line(line, ("history", i)) for i, line in enumerate(v1["history"])]
    assert len(history) == 4
    for entry, event in zip(history, state.journal, strict=False):
        assert (event.day, event.type, event["r"]) == (entry.day, entry.event, entry.resource)
        assert entry.value == event.data.get("n", event.data.get("h"))
    checked = v1.get("checked_goals") or []
    assert {f"{t.week} {t.resource}" for t in state.ticks.values()} == set(checked)
    for key, tick in state.ticks.items():
        assert state.plan is not None and key == tick.key
        [goal] = [g for w in state.plan.weeks for g in w.goals
                  if (w.week, g.resource) == (tick.week, tick.resource)]
        assert (tick.hours, tick.units) == (goal.hours, goal.units)  # the chunk it was on


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda path: path.name)
def test_upgrade_save_reload_round_trips_byte_stable(tmp_path: Path, golden: Path):
    before = golden.read_bytes()
    path = _copy(golden, tmp_path)
    store = make_store(path)
    state = store.load().state
    store.save(state)
    upgraded = path.read_bytes()
    assert upgraded.startswith(f"{HEADER}\nschema_version: {SCHEMA_VERSION}\n".encode())
    assert upgraded.endswith(f"\n{END_MARKER}\n".encode())
    again_store = make_store(path)
    again = again_store.load()
    assert again.notices == []
    _check_sample(golden, again.state, saved=True)
    assert again.state.journal == state.journal
    assert b"\nui:" not in upgraded  # the window state is local state now
    for v1_only in (b"\nprogress:", b"\nhistory:", b"\nchecked_goals:"):
        assert v1_only not in upgraded
    assert again_store.serialize(again.state) == upgraded
    assert again_store.save(again.state) is False  # the same bytes: nothing to write
    assert path.read_bytes() == upgraded
    assert golden.read_bytes() == before


def test_the_current_writer_writes_the_current_golden_byte_for_byte(tmp_path: Path):
    store = make_store(_copy(CURRENT, tmp_path))
    assert store.serialize(store.load().state) == CURRENT.read_bytes()


def _upgraded(golden: Path, folder: Path) -> bytes:
    folder.mkdir()
    path = _copy(golden, folder)
    store = make_store(path)
    store.save(store.load().state)
    return path.read_bytes()


@pytest.mark.parametrize("previous", [PREVIOUS_FORMAT, WITH_UI], ids=lambda path: path.name)
def test_the_earlier_v1_formats_upgrade_exactly_as_the_last_v1_golden(
        tmp_path: Path, previous: Path):
    """The same planner, written before the header and end line, or with the window state
    in the file: it differs from the last version-1 file only in those, and upgrades to the
    very bytes that file upgrades to."""
    old = previous.read_bytes()
    if not old.startswith(HEADER.encode()):
        old = f"{HEADER}\n".encode() + old + f"{END_MARKER}\n".encode()
    assert _UI_SECTION.search(old)
    assert _UI_SECTION.sub(b"", old) == LAST_V1.read_bytes()
    assert _upgraded(previous, tmp_path / "old") == _upgraded(LAST_V1, tmp_path / "last")


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path):
    newer = CURRENT.read_bytes().replace(
        f"schema_version: {SCHEMA_VERSION}\n".encode(),
        f"schema_version: {SCHEMA_VERSION + 1}\n".encode(), 1)
    assert newer != CURRENT.read_bytes()
    path = tmp_path / "planner.yaml"
    path.write_bytes(newer)
    with pytest.raises(NewerFileError, match=f"schema version {SCHEMA_VERSION + 1}.*"
                       "left untouched"):
        make_store(path).load()
    assert path.read_bytes() == newer
    assert [p.name for p in tmp_path.iterdir()] == ["planner.yaml"]


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda path: path.name)
def test_migrating_twice_is_harmless(golden: Path):
    data = strict.load(golden.read_text(encoding="utf-8"))
    untouched = copy.deepcopy(data)
    once = migrate(data)
    assert migrate(copy.deepcopy(once)) == once
    assert data == untouched


# --------------------------------------------------------- the chain, with synthetic steps


def _v0_to_v1(data: dict) -> dict:
    """A made-up version 0: hours per week at the top, progress as a list of entries."""
    data = dict(data)
    data["settings"] = {"hours_per_week": data.pop("weekly_hours")}
    data["progress"] = {entry.pop("id"): entry for entry in map(dict, data.pop("progress"))}
    return data


V0 = b"""schema_version: 0
weekly_hours: 6
progress:
- {id: linalg, units_done: 2}
- {id: calculus, hours_logged: 1.5, notes: from version 0}
"""


def test_a_version_0_file_is_migrated_loaded_and_saved_as_the_current_version(
        data_file: Path, monkeypatch: pytest.MonkeyPatch):
    calls: list[int] = []

    def step(data: dict) -> dict:
        calls.append(data["schema_version"])
        return _v0_to_v1(data)

    monkeypatch.setitem(MIGRATIONS, 0, step)
    data_file.write_bytes(V0)
    store = make_store(data_file)
    result = store.load()
    assert result.notices == [] and calls == [0]
    assert result.state.settings.hours_per_week == 6
    assert result.state.progress["linalg"].units_done == 2
    assert result.state.progress["calculus"].notes == "from version 0"
    assert data_file.read_bytes() == V0  # loading an old file does not rewrite it
    store.save(result.state)
    saved = data_file.read_bytes()
    assert saved.startswith(f"{HEADER}\nschema_version: {SCHEMA_VERSION}\n".encode())
    again = make_store(data_file).load()
    assert calls == [0]  # the saved file is current: no migration runs again
    assert make_store(data_file).serialize(again.state) == saved


def test_migrations_run_in_order_each_on_a_copy_and_only_once(
        data_file: Path, monkeypatch: pytest.MonkeyPatch):
    seen: list[tuple[int, list[str]]] = []

    def step(n: int):
        def run(data: dict) -> dict:
            seen.append((data["schema_version"], list(data.get("trail", []))))
            data["trail"] = [*data.get("trail", []), f"{n}->{n + 1}"]
            data["settings"]["hours_per_week"] += 1  # in place: the caller's copy must not see it
            return data
        return run

    monkeypatch.setattr(state_format, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(MIGRATIONS, 1, step(1))
    monkeypatch.setitem(MIGRATIONS, 2, step(2))
    original = {"schema_version": 1, "settings": {"hours_per_week": 4}}
    snapshot = copy.deepcopy(original)
    migrated = migrate(original)
    assert seen == [(1, []), (2, ["1->2"])]
    assert migrated["schema_version"] == 3 and migrated["trail"] == ["1->2", "2->3"]
    assert migrated["settings"]["hours_per_week"] == 6
    assert original == snapshot
    assert migrate(migrated) is migrated and len(seen) == 2  # current: nothing runs


def test_a_version_with_no_migration_is_refused_not_guessed(data_file: Path):
    data_file.write_bytes(V0)
    result = make_store(data_file).load()
    assert re.search(r"planner\.yaml:1: schema_version: schema version 0 is too old to migrate",
                     result.notices[0])
    aside = list(data_file.parent.glob("planner.corrupt-*.yaml"))
    assert [p.read_bytes() for p in aside] == [V0]


def test_a_failing_migration_step_is_reported_and_the_file_kept(
        data_file: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(data: dict) -> dict:
        raise StateFormatError("the old progress list is not a list", ("progress",))

    monkeypatch.setitem(MIGRATIONS, 0, broken)
    data_file.write_bytes(V0)
    result = make_store(data_file).load()
    assert "progress: the old progress list is not a list" in result.notices[0]
    assert [p.read_bytes() for p in data_file.parent.glob("planner.corrupt-*.yaml")] == [V0]


# ------------------------------------------------------------- round trips of edits


def test_a_field_edit_on_the_bundled_catalog_survives_save_and_reload(data_file: Path):
    """Defect found writing the golden files: a priority or deadline set on the bundled
    catalog was kept in memory only; the file did not store the catalog, so it was lost."""
    store = make_store(data_file)
    state = store.load().state
    app = AppState(state, today=lambda: dt.date(2026, 1, 5))
    app.apply(SetPriority("linalg", 1))
    app.apply(SetDeadline("calculus", dt.date(2026, 3, 1)))
    store.save(state)
    again = make_store(data_file).load().state
    assert again.catalog.resources["linalg"].priority == 1
    assert again.catalog.resources["calculus"].deadline == dt.date(2026, 3, 1)
