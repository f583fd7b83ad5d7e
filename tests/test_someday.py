"""Someday (issue 16): a resource or a whole category kept and searchable but not planned.

It is a catalog field (``someday: true``), so it round-trips through catalog files, the
state file and imports; the scheduler leaves out ``Catalog.someday`` like done work.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from planner.core.catalog.model import (
    CatalogError,
    catalog_from_data,
    catalog_to_data,
)
from planner.core.journal.events import Recorder, clock_at
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import SetSomeday
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.planning.plan import DONE, Plan
from planner.core.progress.rules import Status, remaining_hours
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from tests.conftest import SMALL_CATALOG

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)


def new_app() -> AppState:
    return AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                    recorder=Recorder("dev1", clock_at(NOON)))


def planned_by_resource(plan: Plan) -> dict[str, float]:
    planned: dict[str, float] = defaultdict(float)
    for week in plan.weeks:
        for goal in week.goals:
            if goal.kind != DONE:
                planned[goal.resource] += goal.hours
    for item in plan.overflow:
        planned[item.resource] += item.hours
    return dict(planned)


def test_the_field_reads_writes_and_is_inherited_from_a_category():
    data = {"title": "T", "categories": [
        {"title": "A", "someday": True, "resources": [{"id": "a1", "title": "A1"}],
         "categories": [{"title": "Deep", "resources": [{"id": "a2", "title": "A2"}]}]},
        {"title": "B", "resources": [{"id": "b1", "title": "B1", "someday": True},
                                     {"id": "b2", "title": "B2", "someday": False}]}]}
    catalog = catalog_from_data(data)
    assert catalog.someday == {"a1", "a2", "b1"}
    assert catalog.is_someday(catalog.categories["deep"])  # through its parent
    assert not catalog.is_someday(catalog.categories["b"])
    again = catalog_to_data(catalog)
    assert again["categories"][0]["someday"] is True  # type: ignore[index]
    assert "someday" not in again["categories"][1]["resources"][1]  # type: ignore[index]
    assert catalog_from_data(again).someday == catalog.someday


@pytest.mark.parametrize("value", ["yes", 1, [True]])
def test_someday_must_be_true_or_false(value: object):
    with pytest.raises(CatalogError, match="'someday' must be true or false") as caught:
        catalog_from_data({"categories": [{"title": "A", "resources": [
            {"title": "x", "someday": value}]}]})
    assert caught.value.where() == "categories[0].resources[0].someday"


def test_someday_resources_are_not_planned_and_the_rest_adds_up():
    app = new_app()
    app.apply(RecordUnits("linalg", 2))
    app.apply(SetSomeday("numpy-100", True))
    plan = fresh_plan(app)
    planned = planned_by_resource(plan)
    assert "numpy-100" not in planned
    for resource in app.catalog:  # planned + overflow = remaining, Someday left out
        left = 0.0 if resource.id in app.catalog.someday else remaining_hours(
            resource, app.progress(resource.id))
        assert planned.get(resource.id, 0.0) == pytest.approx(left, abs=0.011)
    assert planned  # the others are still planned


def test_a_someday_category_takes_its_resources_out_and_undo_brings_them_back():
    app = new_app()
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    before = planned_by_resource(fresh_plan(app))
    assert before.get("linalg")
    applied = app.apply(SetSomeday("maths", True))
    assert {"linalg", "calculus"} <= app.catalog.someday
    assert app.status("linalg") is Status.SOMEDAY
    after = planned_by_resource(fresh_plan(app))
    assert "linalg" not in after and "calculus" not in after
    # the plan followed at once: the accepted plan holds none of it either
    followed = app.state.plan
    assert followed is not None and "linalg" not in planned_by_resource(followed)
    app.undo(applied)
    assert app.catalog.someday == frozenset()
    assert app.state.plan is not None and "linalg" in planned_by_resource(app.state.plan)
    assert planned_by_resource(fresh_plan(app)) == before


def test_done_wins_over_someday_and_clearing_it_plans_it_again():
    app = new_app()
    app.apply(SetSomeday("calculus", True))
    app.apply(SetDone("linalg", True))
    app.apply(SetSomeday("linalg", True))
    assert app.status("linalg") is Status.DONE
    assert app.status("calculus") is Status.SOMEDAY
    event = app.state.journal[-1]
    assert (event.type, event.data) == ("resource.set", {"r": "linalg", "f": "someday",
                                                          "v": True})
    app.apply(SetSomeday("calculus", False))
    assert app.status("calculus") is Status.TODO
    assert "calculus" in planned_by_resource(fresh_plan(app))


def test_someday_of_an_unknown_id_is_a_clear_error():
    with pytest.raises(CatalogError, match="no resource or category with id 'nope'"):
        new_app().apply(SetSomeday("nope", True))


def test_the_state_file_keeps_someday(tmp_path: Path):
    path = tmp_path / "planner.yaml"
    app = new_app()
    app.apply(SetSomeday("numpy-100", True))
    app.apply(SetSomeday("maths", True))
    store = StateFile(path, lambda: load_catalog(SMALL_CATALOG))
    assert store.save(app.state)
    loaded = StateFile(path, lambda: load_catalog(SMALL_CATALOG)).load().state
    assert loaded.catalog.someday == {"numpy-100", "linalg", "calculus"}
    assert loaded.catalog.categories["maths"].someday
    text = path.read_text(encoding="utf-8")
    assert text.count("someday: true") == 2
    types = [e.type for e in loaded.journal]
    assert types.count("resource.set") == 1 and types.count("category.set") == 1


# ------------------------------------------------------------------------------ command line


def test_progress_someday_on_a_category_then_list_and_plan(capsys, data_file: Path):
    import json

    from planner.entry.cli.main import main

    def run(*argv: str) -> tuple[int, str]:
        code = main(["--data-file", str(data_file), *argv])
        return code, capsys.readouterr().out

    _, out = run("list", "--json")
    category = json.loads(out)["categories"][2]  # Research Papers
    ids = {r["id"] for r in category["resources"]}
    code, out = run("progress", category["id"], "--someday")
    assert code == 0 and "set to Someday" in out
    _, out = run("list", "--json")
    statuses = {r["id"]: r["status"] for c in json.loads(out)["categories"]
                for r in c["resources"]}
    assert {statuses[i] for i in ids} == {"someday"}
    assert "todo" in statuses.values()
    _, out = run("list")
    assert f"[s] {sorted(ids)[0]}" in out and "— Someday" in out
    _, out = run("plan", "--json")
    planned = {item["resource"] for week in json.loads(out)["weeks"] for item in week["items"]}
    planned |= {item["resource"] for item in json.loads(out)["overflow"]}
    assert planned and not planned & ids
    code, out = run("progress", category["id"], "--not-someday")
    assert code == 0 and "out of Someday" in out
    _, out = run("plan", "--json")
    planned = {item["resource"] for week in json.loads(out)["weeks"] for item in week["items"]}
    assert ids <= planned


def test_progress_someday_of_an_unknown_id_is_one_line(capsys, data_file: Path):
    from planner.entry.cli.main import main

    assert main(["--data-file", str(data_file), "progress", "nope", "--someday"]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
