"""v1 → v2 keeps every fact: the fold of the migrated journal is the stored progress, and
every checked goal is a tick on its chunk (work in progress, issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from planner.core.journal.fold import fold
from planner.store.format_v2 import journal_from_data
from planner.store.state_format import progress_from_data, v1_to_v2
from planner.store.yaml.emit import emit

GOLDEN = Path(__file__).parent / "data" / "golden"
NOW = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("state-v1*.yaml")), ids=lambda p: p.name)
def test_a_golden_v1_file_migrates_with_nothing_lost(path: Path) -> None:
    v1 = yaml.safe_load(path.read_text(encoding="utf-8"))
    v2 = v1_to_v2(v1, NOW)
    # written and read back as the file would be
    journal = journal_from_data(yaml.safe_load(emit(v2))["journal"])
    folds = fold(journal)
    stored = {rid: progress_from_data(v, ("progress", rid))
              for rid, v in (v1.get("progress") or {}).items()}
    assert folds.progress == {rid: p for rid, p in stored.items() if not p.is_empty}
    assert ({f"{t.week} {t.resource}" for t in folds.ticks.values()}
            == set(v1.get("checked_goals") or []))
    for key, tick in folds.ticks.items():
        week, rid = tick.week, tick.resource
        assert key == tick.key
        lines = v1["plan"]["weeks"][week]["goals"]
        assert any(line.split()[0] == rid and float(line.split()[1]) == tick.hours
                   for line in lines)
    assert len(journal) >= len(v1.get("history") or [])
    for kept in ("settings", "catalog", "pins", "plan"):
        assert v2.get(kept) == v1.get(kept)
    assert not {"history", "progress", "checked_goals"} & set(v2)


def test_an_event_of_an_unknown_type_is_refused_not_dropped() -> None:
    from planner.store.format_v2 import EventFormatError, event_from_data

    with pytest.raises(EventFormatError, match="newer Study Planner"):
        event_from_data({"id": "a.1", "at": "2026-12-02T12:00:00+00:00", "type": "quiz",
                         "r": "x"}, ("journal", 0))
    with pytest.raises(EventFormatError, match="UTC offset"):
        event_from_data({"id": "a.1", "at": "2026-12-02T12:00:00", "type": "undone",
                         "r": "x"}, ("journal", 0))


def test_a_journal_saved_reads_back_the_same(tmp_path: Path) -> None:
    from planner.core.journal.events import Recorder, clock_at
    from planner.core.journal.state import AppState, PlannerState
    from planner.core.operations.planning import CheckGoal
    from planner.core.operations.progress import EditNotes, LogHours, RecordUnits
    from planner.core.planning.plan import Goal
    from planner.store.catalog_file import load_catalog
    from planner.store.state_file import StateFile
    from tests.conftest import SMALL_CATALOG

    def small():  # type: ignore[no-untyped-def]
        return load_catalog(SMALL_CATALOG)

    app = AppState(PlannerState(catalog=small()), recorder=Recorder("dev1", clock_at(NOW)))
    app.apply(RecordUnits("linalg", 2))
    app.apply(LogHours("calculus", 0.75))
    app.apply(EditNotes("calculus", 'quotes " and: colons, {braces}\nand a second line'))
    app.apply(CheckGoal("2026-W49", Goal("numpy-100", 2.0, (1, 20))))
    store = StateFile(tmp_path / "p.yaml", small)
    store.save(app.state)
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert "schema_version: 3" in text and "progress:" not in text.split("journal:")[0]
    loaded = StateFile(tmp_path / "p.yaml", small).load(read_only=True).state
    assert loaded.journal == app.state.journal
    assert loaded.progress == app.state.progress and loaded.ticks == app.state.ticks
    again = tmp_path / "again.yaml"
    StateFile(again, small).save(loaded)
    assert again.read_bytes() == (tmp_path / "p.yaml").read_bytes()


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("state-v1*.yaml")), ids=lambda p: p.name)
def test_a_golden_v1_file_loads_through_the_state_file(path: Path, tmp_path: Path) -> None:
    import shutil

    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_catalog
    from planner.store.state_file import StateFile

    copy = tmp_path / path.name
    shutil.copy(path, copy)
    state = StateFile(copy, lambda: load_catalog(default_catalog_path())).load(
        read_only=True).state
    v1 = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(state.progress) == {rid for rid, v in (v1.get("progress") or {}).items() if v}
    assert copy.read_bytes() == path.read_bytes()  # read only: left as it was


def test_the_write_check_refuses_an_event_the_file_could_not_read_back(tmp_path: Path) -> None:
    from planner.core.journal.events import Recorder, clock_at
    from planner.core.journal.state import AppState, ChangeRefusedError, PlannerState
    from planner.core.operations.progress import EditNotes
    from planner.store.catalog_file import load_catalog
    from planner.store.writable import WriteCheck
    from tests.conftest import SMALL_CATALOG

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), validator=WriteCheck(),
                   recorder=Recorder("dev1", clock_at(NOW)))
    app.apply(EditNotes("linalg", "fine"))
    with pytest.raises(ChangeRefusedError, match="over its limit"):
        app.apply(EditNotes("linalg", "x" * 21_000_000))
    assert [e.data["text"] for e in app.state.journal] == ["fine"]
    assert app.progress("linalg").notes == "fine"
