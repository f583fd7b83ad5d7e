"""Schema versions and migrations (docs/architecture.md §3.4): every format so far still loads.

A golden file per format (tests/data/golden/, frozen by SHA256SUMS): it loads to what was
recorded; upgrade, save and reload round trip byte-stable; migrating twice is harmless.
The window state older writers kept in the file (``ui``) is still read, and dropped when the
file is saved. The migration chain is proven with synthetic versions (there is no real
version 0).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import SetDeadline, SetPriority
from planner.store import state_format
from planner.store.state_format import (
    END_MARKER,
    HEADER,
    MIGRATIONS,
    SCHEMA_VERSION,
    StateFormatError,
    declared_version,
    migrate,
)
from planner.store.yaml import strict
from tests.reliability.hostile_cases import make_store

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
GOLDENS = sorted(GOLDEN.glob("state-v*.yaml"))
CURRENT = GOLDEN / f"state-v{SCHEMA_VERSION}.yaml"
PREVIOUS_FORMAT = GOLDEN / "state-v1-5bbd50a.yaml"  # the same planner, no header or end line
WITH_UI = GOLDEN / "state-v1-03c44c2.yaml"  # the same again, window state still in the file
_UI_SECTION = re.compile(rb"^ui:\n(?:  .*\n)*", re.M)


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


def test_every_version_from_the_oldest_golden_has_its_migration():
    oldest = min(declared_version(path.read_bytes()) or 0 for path in GOLDENS)
    assert set(MIGRATIONS) == set(range(oldest, SCHEMA_VERSION))


def test_golden_files_are_frozen():
    """A golden file is never rewritten: each still has the hash it was written with."""
    sums = _sums()
    assert sorted(sums) == [path.name for path in GOLDENS]
    for path in GOLDENS:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name], path.name


def _check_sample(state: PlannerState, *, with_plan: bool, with_ui: bool) -> None:
    """What tests/data/golden/write_sample.py recorded (``with_ui``: and the window state
    the writers before local state kept in the file)."""
    assert state.settings.hours_per_week == 7.5 and state.settings.max_parallel == 2
    assert state.settings.start_week == "2026-W02" and state.settings.horizon_weeks == 52
    assert not state.catalog_is_default
    assert list(state.catalog.resources) == ["linalg", "calculus", "numpy-100", "three-blue"]
    linalg, video = state.catalog.resources["linalg"], state.catalog.resources["three-blue"]
    assert linalg.priority == 1
    assert video.links == ["mailto:someone@example.org", "https://example.org/errata#ch-2"]
    assert video.deadline == dt.date(2026, 6, 30) and video.units is not None
    assert video.units.count == 16 and video.effort_hours == 4.5
    progress = state.progress
    assert progress["linalg"].units_done == 3 and progress["linalg"].started == dt.date(2026, 1, 5)
    assert progress["calculus"].hours_logged == 1.75
    assert progress["calculus"].notes == 'Read §2 twice.\nQuote: "chain rule": OK'
    assert progress["numpy-100"].done and progress["numpy-100"].finished == dt.date(2026, 1, 11)
    assert state.pins == {"calculus": "2026-W04"}
    assert [(e.day.isoformat(), e.event, e.resource, e.value) for e in state.history] == [
        ("2026-01-06", "units", "linalg", 3.0),
        ("2026-01-08", "hours", "calculus", 1.25),
        ("2026-01-10", "hours", "calculus", 0.5),
        ("2026-01-12", "done", "numpy-100", None),
    ]
    assert state.ui == ({"geometry": "AdnQywADAAAAAAAA", "selected": "linalg"} if with_ui
                        else {})
    if not with_plan:
        assert state.plan is None and state.checked_goals == set()
        return
    assert state.plan is not None
    assert [week.week for week in state.plan.weeks] == ["2026-W03", "2026-W04"]
    goals = state.plan.weeks[1].goals
    assert [(g.resource, g.hours, g.pinned) for g in goals] == [("calculus", 1.25, True)]
    assert state.plan.weeks[0].goals[0].units == (4, 6)
    assert state.checked_goals == {"2026-W03 linalg"}


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda path: path.name)
def test_golden_file_loads_to_what_was_recorded(tmp_path: Path, golden: Path):
    path = _copy(golden, tmp_path)
    result = make_store(path).load()
    assert result.notices == [] and result.existed
    _check_sample(result.state, with_plan="6db4065" not in golden.name,
                  with_ui=golden != CURRENT)
    assert path.read_bytes() == golden.read_bytes()  # loading writes nothing


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
    _check_sample(again.state, with_plan="6db4065" not in golden.name, with_ui=False)
    assert b"\nui:" not in upgraded  # the window state is local state now
    assert again_store.serialize(again.state) == upgraded
    assert again_store.save(again.state) is False  # the same bytes: nothing to write
    assert path.read_bytes() == upgraded
    assert golden.read_bytes() == before


def test_the_current_writer_writes_the_current_golden_byte_for_byte(tmp_path: Path):
    store = make_store(_copy(CURRENT, tmp_path))
    assert store.serialize(store.load().state) == CURRENT.read_bytes()


@pytest.mark.parametrize("previous", [PREVIOUS_FORMAT, WITH_UI], ids=lambda path: path.name)
def test_upgrading_the_previous_formats_gives_exactly_the_current_golden(
        tmp_path: Path, previous: Path):
    """The same planner, written before the header and end line, or with the window state
    in the file: only the header and end line are added, and only the ``ui`` section goes."""
    path = _copy(previous, tmp_path)
    store = make_store(path)
    store.save(store.load().state)
    assert path.read_bytes() == CURRENT.read_bytes()
    old = previous.read_bytes()
    if not old.startswith(HEADER.encode()):
        old = f"{HEADER}\n".encode() + old + f"{END_MARKER}\n".encode()
    assert _UI_SECTION.search(old)
    assert path.read_bytes() == _UI_SECTION.sub(b"", old)


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
