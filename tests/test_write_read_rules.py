"""The rules behind issue 12's reproductions: the write check (planner/store/writable.py),
``AppState``'s validator, text as the planner keeps it (``catalog.clean_text``), the
calendar's end, the mailto policy and what a terminal is sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.cli import open_state_file
from planner.core.catalog import catalog_from_data, clean_text
from planner.core.links import check_link
from planner.core.scheduler import schedule
from planner.core.settings import Settings, SettingsError, latest_start
from planner.core.state import AppState, PlannerState
from planner.core.weeks import LAST_WEEK, WeekError, add_weeks, parse_week

TODAY = dt.date(2026, 12, 2)


def test_the_calendar_constants_of_the_reproductions() -> None:
    from tests.test_write_read_law import LAST_WEEK as SAID
    from tests.test_write_read_law import LATEST_52

    assert (LAST_WEEK, latest_start(52)) == (SAID, LATEST_52)


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
    assert resource.authors == ["A\ufffdB"] and resource.tags == ["t ag"]
    assert resource.notes == "n\ufffdn\tok" and resource.effort_basis == "b\ufffd"
    assert resource.units is not None and resource.units.name == "ch\ufffd"


def test_notes_typed_or_loaded_are_cleaned_the_same_way(data_file: Path) -> None:
    from planner.store.catalog_file import load_catalog
    from tests.conftest import SMALL_CATALOG

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))
    rid = next(iter(app.catalog)).id
    app.apply(app.make_notes(rid, "see \x1b[1mthis\x1b[0m\r\nthen\tthat"))
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
