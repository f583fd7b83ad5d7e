"""The rules behind issue 12's reproductions: the write check (planner/store/writable.py),
``AppState``'s validator, text as the planner keeps it (``catalog.clean_text``), the
calendar's end, the mailto policy and what a terminal is sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from planner.core.catalog.model import catalog_from_data, clean_text
from planner.core.journal.events import Event
from planner.core.journal.state import AppState, ChangeRefusedError, PlannerState
from planner.core.links import check_link
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import AcceptPlan, Pin
from planner.core.operations.progress import EditNotes, LogHours
from planner.core.planning.plan import Goal, Plan, WeekPlan
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings, SettingsError, latest_start
from planner.core.weeks import LAST_WEEK, WeekError, add_weeks, parse_week
from planner.entry.cli.common import for_terminal
from planner.entry.wiring import open_state_file
from planner.store.state_format import state_to_data, to_text
from planner.store.writable import WriteCheck
from planner.store.yaml import strict

TODAY = dt.date(2026, 12, 2)


def test_the_calendar_constants_of_the_reproductions() -> None:
    from tests.test_write_read_law import LAST_WEEK as SAID
    from tests.test_write_read_law import LATEST_52, LATEST_DEFAULT

    assert (LAST_WEEK, latest_start(52)) == (SAID, LATEST_52)
    assert latest_start(Settings().horizon_weeks) == LATEST_DEFAULT


def test_hours_past_what_the_reader_takes_are_refused_at_the_change(tmp_path: Path) -> None:
    """Not only the size: any value the reader refuses is refused when it is made (here a
    plan whose goals are over the reader's 1,000,000 h). Hours logged are no such value
    since the journal: the file holds each session (at most 1,000 h), not their sum, so
    1,001 sessions of 1,000 h are kept and read back."""
    from planner.store.catalog_file import load_catalog
    from planner.store.state_file import StateFile
    from tests.conftest import SMALL_CATALOG

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), today=lambda: TODAY,
                   validator=WriteCheck())
    rid = next(r.id for r in app.catalog if r.units is None)
    for _ in range(1001):
        app.apply(LogHours(rid, 1000))
    assert app.progress(rid).hours_logged == 1_001_000
    store = StateFile(tmp_path / "planner.yaml", lambda: load_catalog(SMALL_CATALOG))
    assert store.save(app.state)
    loaded = StateFile(store.path, lambda: load_catalog(SMALL_CATALOG)).load()
    assert loaded.notices == [] and loaded.state.progress == app.state.progress

    revision, doc = app.revision, state_to_data(app.state)
    weeks = tuple(WeekPlan(week, (Goal(rid, 1_500_000.0),), 100.0)
                  for week in ("2026-W49", "2026-W50"))
    with pytest.raises(ChangeRefusedError, match=r"cannot read back \(plan\.weeks\.2026-W49\."
                       r"goals\.0: hours must be a number from 0 to 1,000,000"):
        app.apply(AcceptPlan(Plan(100.0, weeks, start_week="2026-W49")))
    assert app.revision == revision and state_to_data(app.state) == doc


def test_a_refused_change_leaves_the_state_as_it_was_even_the_default_catalog_flag() -> None:
    """A refused import of the first own catalog must not leave the bundled catalog marked
    as the user's (the next save would then write it: the file would change)."""
    from planner.store.catalog_file import load_catalog
    from tests.conftest import SMALL_CATALOG

    check = WriteCheck()
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), validator=check)
    before = to_text(state_to_data(app.state))
    heard = []
    app.subscribe(heard.append)
    big = catalog_from_data({"categories": [{"title": "Big", "resources": [
        {"title": f"Entry {i} " + "x" * 500} for i in range(60)]}]})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strict, "MAX_BYTES", 20_000)
        with pytest.raises(ChangeRefusedError, match="over its"):
            app.apply(ReplaceCatalog(big, "Import big.md"))
    assert app.state.catalog_is_default and app.revision == 0 and heard == []
    assert to_text(state_to_data(app.state)) == before
    assert check.size == len(before.encode())  # in step with the state again


def test_the_write_check_measures_the_file_exactly() -> None:
    """The sizes the check adds up by parts are the emitted file's, byte for byte."""
    from bench.generate import state_data
    from planner.core.journal.goals import fresh_plan
    from planner.store.catalog_file import load_catalog
    from planner.store.state_format import state_from_data
    from tests.conftest import SMALL_CATALOG

    state = state_from_data(state_data(150, days=60), lambda: load_catalog(SMALL_CATALOG))
    state.ui = {"window.geometry": "AdnQywADAAA=", "tree.expanded": "cat-0 sub-1"}  # not written
    check = WriteCheck()
    app = AppState(state, today=lambda: TODAY, validator=check)
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(EditNotes("r3", "Line one\n\tline “two” \\ \" ✓ 😀 \u2028"))
    app.apply(Pin("r5", "2027-W02"))
    text = to_text(state_to_data(app.state)).encode()
    assert check.size == len(text)
    assert check._total is not None
    assert check._total[1] == _values(strict.load(text.decode()))


def _values(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(_values(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_values(v) for v in value)
    return 1


def test_the_save_refuses_what_the_reader_would_refuse(
        data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last guard, for what did not come through the change path."""
    from planner.store.state_file import SaveError

    store = open_state_file(data_file)
    state = store.load().state
    at = dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc)
    # events appended outside the change path
    state.journal.append(Event("t.1", at, "notes", MappingProxyType(
        {"r": "linalg", "text": "x" * 3000}), seq=1))
    monkeypatch.setattr(strict, "MAX_BYTES", 2000)
    with pytest.raises(SaveError, match=r"would make the data file [0-9,]+ bytes, over its "
                       "limit of 2,000 bytes; the file is unchanged"):
        store.save(state)
    assert not data_file.exists()
    state.journal[-1] = Event("t.1", at, "notes", MappingProxyType(
        {"r": "linalg", "text": "\udcff"}), seq=1)  # not text: refused as a notes event
    monkeypatch.setattr(strict, "MAX_BYTES", 20 * 2**20)
    with pytest.raises(SaveError, match=r"cannot read back \(journal\.t\.0\.text: must be text "
                       r"in a 'notes' event"):
        store.save(state)
    assert not data_file.exists()
    state.journal[-1] = Event("t.1", at, "catalog.set", MappingProxyType(
        {"f": "title", "v": "\udcff"}), seq=1)  # not text, where any value is taken
    with pytest.raises(SaveError, match="U\\+DCFF, an undecodable byte"):
        store.save(state)
    assert not data_file.exists()


def test_text_is_cleaned_where_it_enters() -> None:
    assert clean_text("list\udcff") == "list\ufffd"
    assert clean_text("Red \x1b[31mtitle\x07") == "Red \ufffd[31mtitle\ufffd"
    assert clean_text("a\tb\r\nc\rd\ne") == "a b c d e"
    assert clean_text("a\tb\r\nc\rd\x85", multiline=True) == "a\tb\nc\nd\ufffd"
    assert clean_text("x\x00\x7f\x9b") == "x\ufffd\ufffd\ufffd"
    kept = "Géron 😀 non\u00a0breaking, zero\u200dwidth joiner"
    assert clean_text(kept) is kept
    catalog = catalog_from_data({"title": "T\x1b", "categories": [{
        "title": "Cat\udcff", "notes": "one\r\ntwo\x07", "resources": [{
            "title": "Title\x1b]0;pwned\x07", "authors": ["A\x9bB"], "tags": ["t\tag"],
            "notes": "n\x1bn\tok\n", "units": {"name": "ch\x00", "count": 2},
            "effort_basis": "b\x08"}]}]})
    resource = next(iter(catalog))
    assert catalog.title == "T\ufffd"
    assert catalog.root.children[0].title == "Cat\ufffd"
    assert catalog.root.children[0].notes == "one\ntwo\ufffd"
    assert resource.title == "Title\ufffd]0;pwned\ufffd"
    assert resource.authors == ("A\ufffdB",) and resource.tags == ("t ag",)
    assert resource.notes == "n\ufffdn\tok" and resource.effort_basis == "b\ufffd"
    assert resource.units is not None and resource.units.name == "ch\ufffd"


def test_notes_typed_or_loaded_are_cleaned_the_same_way(data_file: Path) -> None:
    from planner.store.catalog_file import load_catalog
    from tests.conftest import SMALL_CATALOG

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))
    rid = next(iter(app.catalog)).id
    app.apply(EditNotes(rid, "see \x1b[1mthis\x1b[0m\r\nthen\tthat"))
    assert app.progress(rid).notes == "see \ufffd[1mthis\ufffd[0m\nthen\tthat"
    # a file an older version wrote, with the controls escaped, reads as cleaned text
    data_file.write_text('schema_version: 1\nprogress:\n  x:\n    notes: "a\\u001bb\\u0007"\n')
    assert open_state_file(data_file).load().state.progress["x"].notes == "a\ufffdb\ufffd"


def test_the_scheduler_ends_its_plan_with_the_calendar_whatever_the_clock_says() -> None:
    from planner.store.catalog_file import load_catalog
    from tests.conftest import SMALL_CATALOG

    catalog = load_catalog(SMALL_CATALOG)
    plan = schedule(catalog, {}, Settings(hours_per_week=1), today=dt.date(9999, 12, 1))
    assert [w.week for w in plan.weeks] == ["9999-W48", "9999-W49", "9999-W50", LAST_WEEK]
    assert plan.overflow  # what did not fit is in the lane, not lost


def test_week_arithmetic_says_where_the_calendar_ends() -> None:
    assert add_weeks("9999-W50", 1) == LAST_WEEK
    with pytest.raises(WeekError, match="outside the calendar"):
        add_weeks(LAST_WEEK, 1)
    with pytest.raises(WeekError, match="outside the calendar"):
        add_weeks("0001-W01", -1)
    with pytest.raises(WeekError, match="past the last week"):
        parse_week("9999-W52")
    with pytest.raises(SettingsError, match="too late"):
        Settings(start_week="9999-W40", horizon_weeks=52).validated()
    assert Settings(start_week=LAST_WEEK, horizon_weeks=1).validated()


def test_a_plain_mailto_link_with_subject_and_body_passes() -> None:
    assert check_link("mailto:a@example.com?subject=Reading%20group&body=Hi") == (
        "mailto:a@example.com?subject=Reading%20group&body=Hi")
    assert check_link("mailto:a@example.com") == "mailto:a@example.com"


def test_for_terminal_shows_controls_as_pictures() -> None:
    assert for_terminal("a\x1bb\x07c\rd\x7fe\x9bf\udcffg\th\ni") == (
        "a\u241bb\u2407c\u240dd\u2421e\ufffdf\ufffdg\th\ni")
