"""The three-way merge of two machines' planners (planner/core/sync/merge.py, issue 18).

Two replicas start from one base and each takes a random sequence of real operations
(progress, hours, notes, catalog edits, additions and deletions, settings, pins) through
``AppState.apply``, on its own device with its own clock. The properties: merging a state
with itself changes nothing; merging a merge with one of its inputs again changes nothing;
merge(b, x, y) == merge(b, y, x), the journal's order too; merging with the base gives the
other side; no event is lost, and a field changed on one side only has that side's value;
the merged state is written and read back as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.catalog.editing import add_resource, delete_nodes, update_resource
from planner.core.catalog.model import catalog_to_data
from planner.core.errors import UserError
from planner.core.journal.events import Recorder
from planner.core.journal.state import AppState, Operation, PlannerState
from planner.core.operations.catalog import ReplaceCatalog, SetPriority
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.sync.merge import Conflict, MergeError, merge
from planner.store.catalog_file import load_catalog
from planner.store.format_v2 import event_line
from planner.store.state_format import state_from_data, state_to_data, to_text
from planner.store.yaml import strict
from tests.clock import Clock
from tests.conftest import SMALL_CATALOG

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
RESOURCES = ["linalg", "calculus", "numpy-100"]


def _catalog():  # type: ignore[no-untyped-def]
    return load_catalog(SMALL_CATALOG)


def copy(state: PlannerState) -> PlannerState:
    """The state as the data file holds it, read back (a replica on another machine)."""
    data, _node = strict.load_with_node(to_text(state_to_data(state)))
    return state_from_data(data, _catalog)


def base_state() -> PlannerState:
    app = AppState(PlannerState(_catalog(), catalog_is_default=False),
                   recorder=Recorder("base", Clock(T0)))
    app.apply(RecordUnits("linalg", 2))
    return copy(app.state)


Step = Callable[[AppState], Operation]
steps: st.SearchStrategy[Step] = st.one_of(
    st.builds(lambda r, n: lambda app: RecordUnits(r, n), st.sampled_from(RESOURCES),
              st.integers(0, 6)),
    st.builds(lambda r: lambda app: SetDone(r), st.sampled_from(RESOURCES)),
    st.builds(lambda r, h: lambda app: LogHours(r, h), st.sampled_from(RESOURCES),
              st.sampled_from([0.5, 1.0, 2.25])),
    st.builds(lambda r, t: lambda app: EditNotes(r, t), st.sampled_from(RESOURCES),
              st.sampled_from(["", "ch. 3 is hard", "skip the proofs"])),
    st.builds(lambda r, p: lambda app: SetPriority(r, p), st.sampled_from(RESOURCES),
              st.integers(1, 5)),
    st.builds(lambda r, t: lambda app: ReplaceCatalog(
        update_resource(app.catalog, r, {"title": t}), "Edit"),
        st.sampled_from(RESOURCES), st.sampled_from(["Notes", "Book", "Video"])),
    st.builds(lambda t: lambda app: ReplaceCatalog(
        add_resource(app.catalog, "maths", {"title": t, "effort_hours": 2}), "Add"),
        st.sampled_from(["Probability", "Statistics"])),
    st.builds(lambda r: lambda app: ReplaceCatalog(delete_nodes(app.catalog, [r]), "Delete"),
              st.sampled_from(["calculus", "numpy-100"])),
    st.builds(lambda h: lambda app: ChangeSettings(hours_per_week=h),
              st.sampled_from([3.0, 6.0, 10.0])),
    st.builds(lambda r, w: lambda app: Pin(r, w), st.sampled_from(RESOURCES),
              st.sampled_from(["2026-W50", "2026-W51", None])),
)


def replica(base: PlannerState, device: str, start: dt.datetime, ops: list[Step]
            ) -> PlannerState:
    clock = Clock(start)
    app = AppState(copy(base), recorder=Recorder(device, clock))
    for step in ops:
        clock.now += dt.timedelta(minutes=1)
        try:
            app.apply(step(app))
        except UserError:
            continue  # refused (a resource deleted before): nothing happened
    return copy(app.state)


def sync_recorder() -> Recorder:
    return Recorder("sync", Clock(T0 + dt.timedelta(days=1)))


def shape(state: PlannerState) -> tuple[object, ...]:
    """What a state is, the journal's order aside."""
    return (catalog_to_data(state.catalog), state.catalog_is_default, state.settings,
            sorted(state.pins.items()), repr(state.plan),
            sorted(event_line(e) for e in state.journal), sorted(state.folds.progress.items()))


def exact(state: PlannerState) -> tuple[object, ...]:
    return (*shape(state), [e.id for e in state.journal])


edits = st.lists(steps, max_size=8)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(edits)
def test_merging_a_state_with_itself_changes_nothing(ops: list[Step]) -> None:
    base = base_state()
    x = replica(base, "aaa", T0, ops)
    for known in (base, None):
        merged = merge(known, x, copy(x), sync_recorder())
        assert merged.conflicts == []
        assert exact(merged.state) == exact(x)


@SETTINGS
@given(edits, edits)
def test_merge_commutes_and_merging_again_changes_nothing(ops_x: list[Step],
                                                          ops_y: list[Step]) -> None:
    base = base_state()
    x = replica(base, "aaa", T0, ops_x)
    y = replica(base, "bbb", T0 + dt.timedelta(seconds=30), ops_y)
    for known in (base, None):
        try:
            xy = merge(known, x, y, sync_recorder())
        except MergeError:
            with pytest.raises(MergeError):
                merge(known, y, x, sync_recorder())
            continue
        yx = merge(known, y, x, sync_recorder())
        assert shape(xy.state) == shape(yx.state)
        # in one order (each event's seq), which is the order the file is read in
        assert [event_line(e) for e in xy.state.journal] == [
            event_line(e) for e in yx.state.journal]
        assert sorted(map(repr, xy.conflicts)) == sorted(map(repr, yx.conflicts))
        # the merge written to the file reads back as it is
        assert shape(copy(xy.state)) == shape(xy.state)
        # nothing lost: every event of either side is in the merge
        ids = {e.id for e in xy.state.journal}
        assert {e.id for e in x.journal} | {e.id for e in y.journal} <= ids
        # merging it again with either input (what the next sync does) changes nothing
        again = copy(xy.state)
        for side in (x, y):
            twice = merge(known, again, side, sync_recorder())
            assert twice.conflicts == []
            assert exact(twice.state) == exact(again)


@SETTINGS
@given(edits)
def test_merging_with_the_base_gives_the_other_side(ops: list[Step]) -> None:
    base = base_state()
    y = replica(base, "bbb", T0, ops)
    for merged in (merge(base, copy(base), y, sync_recorder()),
                   merge(base, y, copy(base), sync_recorder())):
        assert merged.conflicts == []
        assert exact(merged.state) == exact(y)


@SETTINGS
@given(edits, edits)
def test_a_field_changed_on_one_side_only_has_that_sides_value(ops_x: list[Step],
                                                                ops_y: list[Step]) -> None:
    base = base_state()
    x = replica(base, "aaa", T0, ops_x)
    y = replica(base, "bbb", T0 + dt.timedelta(seconds=30), ops_y)
    try:
        merged = merge(base, x, y, sync_recorder()).state
    except MergeError:
        return
    b, o, t, m = (s.catalog.resources for s in (base, x, y, merged))
    for rid in b.keys() & o.keys() & t.keys():
        for name in ("title", "priority"):
            before, mine, yours = (getattr(r[rid], name) for r in (b, o, t))
            if mine != before and yours == before:
                assert getattr(m[rid], name) == mine
            if yours != before and mine == before:
                assert getattr(m[rid], name) == yours
    if x.settings.hours_per_week == base.settings.hours_per_week:
        assert merged.settings.hours_per_week == y.settings.hours_per_week


def test_three_machines_converge() -> None:
    base = base_state()
    a = replica(base, "aaa", T0, [lambda app: RecordUnits("linalg", 4),
                                  lambda app: SetPriority("numpy-100", 1)])
    b = replica(base, "bbb", T0, [lambda app: LogHours("numpy-100", 1.0),
                                  lambda app: SetPriority("numpy-100", 5)])
    c = replica(base, "ccc", T0, [lambda app: ChangeSettings(hours_per_week=9.0)])
    ab_c = merge(base, merge(base, a, b, sync_recorder()).state, c, sync_recorder()).state
    a_bc = merge(base, a, merge(base, b, c, sync_recorder()).state, sync_recorder()).state
    assert shape(ab_c) == shape(a_bc)
    assert ab_c.folds.progress["linalg"].units_done == 4
    assert ab_c.folds.progress["numpy-100"].hours_logged == 1.0
    assert ab_c.settings.hours_per_week == 9.0


def test_the_later_change_wins_and_the_other_is_kept_as_a_conflict() -> None:
    base = base_state()
    early = replica(base, "aaa", T0, [lambda app: SetPriority("linalg", 1),
                                      lambda app: RecordUnits("linalg", 3)])
    late = replica(base, "bbb", T0 + dt.timedelta(hours=1),
                   [lambda app: SetPriority("linalg", 5), lambda app: RecordUnits("linalg", 5)])
    for ours, theirs in ((early, late), (late, early)):
        merged = merge(base, ours, theirs, sync_recorder())
        assert merged.state.catalog.resources["linalg"].priority == 5
        assert merged.state.folds.progress["linalg"].units_done == 5
        assert Conflict("resource", "linalg", "priority", 5, 1) in merged.conflicts
        assert Conflict("progress", "linalg", "units_done", 5, 3) in merged.conflicts
        recorded = [e for e in merged.state.journal if e.type == "sync.conflict"]
        assert {(e["node"], e["f"], e["kept"], e["other"]) for e in recorded} == {
            ("linalg", "priority", 5, 1), ("linalg", "units_done", 5, 3)}


def test_an_edit_beats_a_deletion() -> None:
    base = base_state()
    deleted = replica(base, "aaa", T0, [
        lambda app: ReplaceCatalog(delete_nodes(app.catalog, ["numpy-100"]), "Delete")])
    edited = replica(base, "bbb", T0, [lambda app: SetPriority("numpy-100", 1)])
    merged = merge(base, deleted, edited, sync_recorder())
    assert merged.state.catalog.resources["numpy-100"].priority == 1
    assert [c.field for c in merged.conflicts] == ["deleted"]
    untouched = replica(base, "bbb", T0, [lambda app: SetPriority("linalg", 1)])
    assert "numpy-100" not in merge(base, deleted, untouched,
                                    sync_recorder()).state.catalog.resources


def test_one_id_with_two_events_cannot_be_merged() -> None:
    base = base_state()
    x = replica(base, "aaa", T0, [lambda app: RecordUnits("linalg", 3)])
    y = replica(base, "aaa", T0, [lambda app: RecordUnits("linalg", 4)])
    with pytest.raises(MergeError, match=r"the event aaa\.1 differs"):
        merge(base, x, y, sync_recorder())
