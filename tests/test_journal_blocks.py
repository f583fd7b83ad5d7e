"""The journal's order and its blocks in the file (schema 3, issue 18).

Each event carries ``seq``, a hybrid logical clock (planner/core/journal/events.py); the file
keeps one block per device and the reader puts their events in ``(seq, device)`` order
(planner/store/format_v2.py). A schema-2 journal, one block in the journal's order without
``seq``, is read in its order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import MappingProxyType

import pytest
import yaml

from planner.core.journal.events import Event, Recorder
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.progress import RecordUnits, SetDone
from planner.store.format_v2 import journal_from_data, journal_to_data
from planner.store.state_format import state_to_data, to_text
from planner.store.yaml.emit import emit
from tests.on_disk import saved_state

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


class Clock:
    """A clock the test sets, which may go back."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def test_seq_is_the_time_in_milliseconds_raised_past_what_was_seen() -> None:
    clock = Clock(T0)
    recorder = Recorder("aaa", clock)
    first, second = recorder.event("units", r="x", n=1), recorder.event("units", r="x", n=2)
    assert first.seq == int(T0.timestamp()) * 1000
    assert second.seq == first.seq + 1  # the same second: one more
    clock.at = T0 - dt.timedelta(hours=3)  # the clock set back (or a machine behind)
    third = recorder.event("units", r="x", n=3)
    assert third.order > second.order and third.at < second.at
    other = Recorder("bbb", Clock(T0 - dt.timedelta(days=1)))
    other.continue_after([first, second, third])  # it read the first machine's events
    assert other.event("done", r="x").seq == third.seq + 1
    clock.at = T0 + dt.timedelta(minutes=5)
    assert recorder.event("done", r="y").seq == int(clock.at.timestamp()) * 1000


def _two_machines() -> PlannerState:
    """A state with the events of two machines interleaved, as a merge leaves them."""
    a, b = Recorder("aaa", Clock(T0)), Recorder("zzz", Clock(T0 + dt.timedelta(seconds=1)))
    journal = sorted([a.event("units", r="thomas-math-for-ml", n=1),
                      b.event("units", r="numpy-100-exercises", n=2),
                      a.event("units", r="thomas-math-for-ml", n=3)], key=lambda e: e.order)
    assert [e.id for e in journal] == ["aaa.1", "aaa.2", "zzz.1"]  # aaa.2: a second earlier
    b.continue_after(journal)
    journal.append(b.event("done", r="numpy-100-exercises"))
    return PlannerState.from_journal(saved_state_catalog(), journal)


def saved_state_catalog():  # type: ignore[no-untyped-def]
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_bundled_catalog

    return load_bundled_catalog(default_catalog_path())


def test_each_device_has_its_block_newest_first_and_is_read_in_seq_order(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = _two_machines()
    data = state_to_data(state)
    assert list(data["journal"]) == ["zzz", "aaa"]  # zzz's first event is the newer
    assert data["journal"]["aaa"].count("\n") == 2 and data["journal"]["zzz"].count("\n") == 2
    path = tmp_path / "planner.yaml"
    path.write_text(to_text(data))
    assert saved_state(path).journal == state.journal


def test_the_block_order_follows_the_first_events_not_the_names() -> None:
    b, a = Recorder("bbb", Clock(T0)), Recorder("aaa", Clock(T0 + dt.timedelta(hours=1)))
    first = b.event("units", r="thomas-math-for-ml", n=1)
    a.continue_after([first])
    data = journal_to_data([first, a.event("units", r="thomas-math-for-ml", n=2)])
    assert data is not None and list(data) == ["aaa", "bbb"]


def test_a_schema_2_journal_is_read_in_its_order_and_saved_as_blocks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A schema-2 file whose order the ids do not give (a v1 migration's v1.N ids, then a
    merge of two machines): each event's place is its seq, kept when it is saved."""
    r = '"r": "thomas-math-for-ml"'
    lines = [
        f'{{"id": "v1.1", "at": "2026-01-05T12:00:00+00:00", "type": "units", {r}, "n": 2}}',
        f'{{"id": "zzz.1", "at": "2026-02-01T08:00:00+01:00", "type": "done", {r}}}',
        f'{{"id": "aaa.4", "at": "2026-01-31T08:00:00+01:00", "type": "undone", {r}}}',
        f'{{"id": "zzz.2", "at": "2026-02-02T08:00:00+01:00", "type": "units", {r}, "n": 3}}',
    ]
    path = tmp_path / "planner.yaml"
    path.write_text("schema_version: 2\njournal: |\n" + "".join(f"  {x}\n" for x in lines))
    state = saved_state(path)
    assert [(e.id, e.seq) for e in state.journal] == [
        ("v1.1", 1), ("zzz.1", 2), ("aaa.4", 3), ("zzz.2", 4)]
    assert state.folds.progress["thomas-math-for-ml"].units_done == 3
    assert not state.folds.progress["thomas-math-for-ml"].done  # done, then undone: file order
    app = AppState(state, recorder=Recorder("aaa", Clock(T0)))
    app.apply(SetDone("thomas-math-for-ml", True))
    assert app.state.journal[-1].id == "aaa.5"
    written = state_to_data(state)
    assert list(written["journal"]) == ["aaa", "zzz", "v1"]  # by their first events
    path.write_text(to_text(written))
    again = saved_state(path)
    assert again.journal == state.journal
    assert again.folds.progress["thomas-math-for-ml"].done


def test_a_journal_out_of_its_order_is_never_written() -> None:
    at = T0
    events = [Event("aaa.1", at, "units", MappingProxyType({"r": "x", "n": 1}), 5),
              Event("aaa.2", at, "units", MappingProxyType({"r": "x", "n": 2}), 4)]
    with pytest.raises(ValueError, match=r"out of order at aaa\.2"):
        journal_to_data(events)


def test_an_undone_change_and_a_new_one_keep_the_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = PlannerState.from_journal(saved_state_catalog(), [])
    app = AppState(state, recorder=Recorder("aaa", Clock(T0)))
    applied = app.apply(RecordUnits("thomas-math-for-ml", 2))
    app.undo(applied)
    app.apply(RecordUnits("thomas-math-for-ml", 1))
    path = tmp_path / "planner.yaml"
    path.write_text(to_text(state_to_data(state)))
    assert saved_state(path).journal == state.journal


def test_blocks_read_back_from_yaml_as_written() -> None:
    """The blocks are YAML literal blocks under device names, whatever the name looks like
    to YAML (a number, a keyword)."""
    recorders = [Recorder(name, Clock(T0 + dt.timedelta(seconds=n)))
                 for n, name in enumerate(["12345678", "null", "yes", "v1"])]
    journal: list[Event] = []
    for recorder in recorders:
        recorder.continue_after(journal)
        journal.append(recorder.event("units", r="thomas-math-for-ml", n=len(journal) + 1))
    data = journal_to_data(journal)
    assert data is not None
    read = yaml.safe_load(emit({"journal": data}))["journal"]
    assert journal_from_data(read) == journal


def test_two_schema_2_copies_in_other_orders_merge_into_one_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two copies of a schema-2 file that hold the same events in other orders (merged
    apart by the version before) give one machine's events the same seq: the merge keeps
    one order, which is written and read back as it is."""
    from planner.core.sync.merge import merge

    units = MappingProxyType({"r": "thomas-math-for-ml", "n": 1})
    one, two = (Event(f"aaa.{n}", T0, "units", units) for n in (1, 2))
    x = PlannerState.from_journal(saved_state_catalog(), [
        dataclasses.replace(one, seq=1), dataclasses.replace(two, seq=2)])
    y = PlannerState.from_journal(saved_state_catalog(), [
        dataclasses.replace(two, seq=1), dataclasses.replace(one, seq=2)])
    merged = merge(None, x, y, Recorder("sync", Clock(T0))).state
    assert [(e.id, e.seq) for e in merged.journal] == [("aaa.1", 1), ("aaa.2", 2)]
    path = tmp_path / "planner.yaml"
    path.write_text(to_text(state_to_data(merged)))
    assert saved_state(path).journal == merged.journal


def test_a_block_out_of_its_order_reads_the_same_from_the_parse_cache(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A block whose lines are not in seq order (edited by hand) is read in seq order, from
    the text and from the parse cache alike, and the next change can be saved."""
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_bundled_catalog
    from planner.store.state_file import StateFile

    at = '"at": "2026-12-01T12:00:00+00:00", "type": "units", "r": "thomas-math-for-ml"'
    path = tmp_path / "planner.yaml"
    path.write_text(
        "schema_version: 3\njournal:\n  aa: |\n"
        f'    {{"id": "aa.1", "seq": 5, {at}, "n": 3}}\n'
        f'    {{"id": "aa.2", "seq": 3, {at}, "n": 1}}\n')
    cache = tmp_path / "cache"
    default = lambda: load_bundled_catalog(default_catalog_path())  # noqa: E731
    first = StateFile(path, default, cache).load().state
    again = StateFile(path, default, cache).load().state  # from the parse cache
    assert [e.id for e in first.journal] == [e.id for e in again.journal] == ["aa.2", "aa.1"]
    assert again.progress["thomas-math-for-ml"].units_done == 3
    assert journal_to_data(again.journal) is not None  # in order: it can be written
