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


# ------------------------------------------- out of the plan's sums (the new user's walk-through)


def with_someday_books(app: AppState, *, maths_too: bool = True) -> None:
    """As ``import --someday`` does: new resources marked Someday, in one ReplaceCatalog —
    a new category of them (all Someday) and, with ``maths_too``, one beside planned work."""
    from planner.core.operations.catalog import ReplaceCatalog

    data = catalog_to_data(app.catalog)
    cats = data["categories"]
    assert isinstance(cats, list)
    cats.append({"id": "later", "title": "Later", "resources": [
        {"id": "big-book", "title": "A Big Book", "effort_hours": 40, "someday": True},
        {"id": "bigger-book", "title": "A Bigger Book", "effort_hours": 60, "someday": True,
         "deadline": "2027-01-04"}]})
    if maths_too:
        cats[0]["resources"].append(  # type: ignore[index]
            {"id": "topology", "title": "Topology", "effort_hours": 20, "someday": True})
    app.apply(ReplaceCatalog(catalog_from_data(data), "Import books.md"))


def test_a_someday_import_leaves_the_plan_up_to_date():
    from planner.core.journal.goals import plan_is_out_of_date

    app = new_app()
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    with_someday_books(app)
    assert {"big-book", "bigger-book", "topology"} <= app.catalog.someday
    assert not plan_is_out_of_date(app)  # the window's banner stays hidden
    # a re-plan would not hold them either: nothing for it to catch up on
    assert not {"big-book", "topology"} & set(planned_by_resource(fresh_plan(app)))
    # taken out of Someday behind the plan's back (the file edited): then it is
    from planner.core.operations.catalog import ReplaceCatalog
    data = catalog_to_data(app.catalog)
    data["categories"][-1]["resources"][0].pop("someday")  # type: ignore[index]
    app.apply(ReplaceCatalog(catalog_from_data(data), "Edited"))
    assert plan_is_out_of_date(app)


def test_a_planned_resource_set_to_someday_in_the_file_makes_the_plan_out_of_date():
    from planner.core.journal.goals import plan_is_out_of_date
    from planner.core.operations.catalog import ReplaceCatalog

    app = new_app()
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    data = catalog_to_data(app.catalog)
    data["categories"][0]["resources"][0]["someday"] = True  # type: ignore[index]
    app.apply(ReplaceCatalog(catalog_from_data(data), "Edited"))
    assert "linalg" in app.catalog.someday
    assert "linalg" in planned_by_resource(app.state.plan)  # type: ignore[arg-type]
    assert plan_is_out_of_date(app)  # a re-plan drops it
    app.apply(AcceptPlan(fresh_plan(app), "Re-plan"))
    assert not plan_is_out_of_date(app)


def test_the_forecast_leaves_someday_out_and_says_a_someday_category_once():
    from planner.core.journal.goals import plan_forecast
    from planner.core.planning.review import forecast_lines, forecast_to_json, outlook_text

    app = new_app()
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    before = plan_forecast(app)
    with_someday_books(app)
    found = plan_forecast(app)
    lines = forecast_lines(found)
    text = "\n".join(lines)
    assert "added since" not in text and "not planned yet" not in text
    assert found.finish == before.finish
    later = next(c for c in found.categories if c.id == "later")
    assert later.all_someday and later.unplanned == 0 and later.someday == 2
    assert outlook_text(later) == "Someday: not planned"
    assert lines.count("  Someday, not planned: Later") == 1
    assert not any(line.startswith("  Later:") for line in lines)
    maths = next(c for c in found.categories if c.id == "maths")
    was = next(c for c in before.categories if c.id == "maths")
    assert maths.finish == was.finish and maths.someday == 1 and not maths.all_someday
    assert f"  Maths: {was.finish} (and 1 Someday, not planned)" in lines
    # a Someday deadline is not planned for: not said to be missed
    assert "bigger-book" not in {d.resource for d in found.deadlines}
    doc = forecast_to_json(found)
    assert {(c["id"], c["someday"], c["all_someday"]) for c in doc["categories"]  # type: ignore[union-attr]
            if c["id"] in ("later", "maths")} == {("later", 2, True), ("maths", 1, False)}


def test_hours_left_are_planned_work_and_someday_hours_are_said_apart():
    from planner.core.journal.study_view import done_hours, scope_hours, study_view
    from planner.core.progress.summary import hours_left_text, summarize_category

    app = new_app()
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    planned_before = summarize_category(app.catalog.root, app.state.progress,
                                        app.catalog.someday)
    assert planned_before.remaining_hours == 19  # 6 + 3 + 10
    with_someday_books(app)
    app.apply(RecordUnits("linalg", 2))
    catalog, progress = app.catalog, app.state.progress
    root = summarize_category(catalog.root, progress, catalog.someday)
    linalg_left = remaining_hours(catalog.resources["linalg"], app.progress("linalg"))
    assert root.remaining_hours == pytest.approx(linalg_left + 3 + 10)  # not the 120 h
    assert (root.someday, root.someday_hours) == (3, 120)
    assert root.total == 6 and root.done_hours == pytest.approx(6 - linalg_left)
    assert hours_left_text(root) == (f"{root.remaining_hours:g} h left; 3 Someday: 120 h, "
                                     "not planned")
    later = summarize_category(catalog.categories["later"], progress, catalog.someday)
    assert later.all_someday and later.remaining_hours == 0
    assert hours_left_text(later) == "Someday: 100 h, not planned"
    # the burn-up's whole: hours done and planned hours left, not the Someday books
    assert scope_hours(catalog, progress) == pytest.approx(
        done_hours(catalog, progress) + root.remaining_hours)
    assert study_view(app).burn.scope == pytest.approx(19)
    from planner.core.journal.study import stats, stats_to_json
    assert stats_to_json(stats(app))["hours"] == {  # `stats --json`: the same sums
        "done": round(root.done_hours, 2), "planned": 19.0,
        "left": round(root.remaining_hours, 2), "someday": 120.0}
    # what was done of a Someday resource stays done; only its hours left are set apart
    app.apply(RecordUnits("numpy-100", 50))
    app.apply(SetSomeday("numpy-100", True))
    root = summarize_category(app.catalog.root, app.state.progress, app.catalog.someday)
    assert root.someday_hours == pytest.approx(125)
    assert root.done_hours == pytest.approx(done_hours(app.catalog, app.state.progress))
    assert study_view(app).burn.done_now <= study_view(app).burn.scope


def test_the_pace_line_says_when_its_finishes_are_a_re_plans():
    from planner.core.planning.review import PaceChange, pace_text

    assert pace_text(PaceChange((("book", 0.9),), "2027-W28", "2027-W31", True)) == (
        "At your pace books take 0.9× the estimate: a re-plan would finish 2027-W28 "
        "instead of 2027-W31 at the estimates")
    assert pace_text(PaceChange((("book", 0.9),), "2027-W28", "2027-W28", True)) == (
        "At your pace books take 0.9× the estimate: a re-plan would finish 2027-W28 "
        "either way")


BOOKS_MD = """# Books for later

## Later

* [A Big Book](https://example.org/big-book)
* [A Bigger Book](https://example.org/bigger-book)

## Maths

* [Topology Notes](https://example.org/topology)
"""


def test_the_command_line_after_a_someday_import(capsys, data_file: Path, tmp_path: Path):
    """``import --someday`` then ``plan --replan``: no out-of-date note, nothing "added
    since", and ``list``'s hours left are the planned work's."""
    import json

    from planner.entry.cli.main import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-file", str(data_file), *argv])
        found = capsys.readouterr()
        return code, found.out, found.err

    run("plan", "--replan")
    _, out, _ = run("list")
    before = out.splitlines()[0]
    books = tmp_path / "books.md"
    books.write_text(BOOKS_MD, encoding="utf-8")
    code, out, _ = run("import", str(books), "--someday")
    assert code == 0 and "Someday" in out
    run("plan", "--replan")
    _, out, _ = run("list")
    top = out.splitlines()[0]
    # the same hours left as before the import; the Someday ones said apart
    assert top.split(" h left")[0].split(", ")[-1] == before.split(" h left")[0].split(", ")[-1]
    assert "3 Someday:" in top and "not planned" in top
    for command in ("plan", "week", "forecast", "review"):
        code, out, err = run(command)
        assert code == 0 and "out of date" not in err, command
        assert "added since" not in out and "not planned yet" not in out, command
        _, out, _ = run(command, "--json")
        assert json.loads(out)["out_of_date"] is False, command
    _, out, _ = run("forecast")
    assert out.count("Someday, not planned:") == 1
    _, out, _ = run("stats", "--json")
    hours = json.loads(out)["hours"]
    assert f"{hours['left']:g} h left; 3 Someday: {hours['someday']:g} h" in top
    _, out, _ = run("stats")
    assert f"; {hours['someday']:g} h Someday, not planned" in out


def test_the_command_line_says_when_the_plan_is_out_of_date(capsys, data_file: Path):
    import json

    from planner.entry.cli.main import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-file", str(data_file), *argv])
        found = capsys.readouterr()
        return code, found.out, found.err

    run("plan", "--replan")
    note = ("note: the plan is out of date (settings or the catalog changed since it was "
            "made): `plan --replan` to update it")
    _, out, err = run("forecast")
    assert note not in err + out
    _, out, _ = run("list", "--json")
    first = json.loads(out)["categories"][0]["resources"][0]["id"]
    run("settings", "--hours-per-week", "3")
    for command in ("plan", "week", "forecast", "review"):
        code, out, err = run(command)
        assert code == 0 and err.count(note) == 1 and note not in out, command
        code, out, err = run(command, "--json")
        doc = json.loads(out)  # stdout stays JSON: the note is on stderr
        assert doc["out_of_date"] is True and err.count(note) == 1, command
    # the old fields stay
    _, out, _ = run("forecast", "--json")
    assert {"whole", "categories", "deadlines", "pace"} <= set(json.loads(out))
    _, out, _ = run("plan", "--json")
    assert {"hours_per_week", "weeks", "overflow", "warnings"} <= set(json.loads(out))
    run("plan", "--replan")
    _, _, err = run("forecast")
    assert note not in err
    # a priority changed (the window's editor does it; here through the core's operation)
    from planner.core.operations.catalog import SetPriority
    from planner.entry.cli.common import write
    write(data_file, lambda app: app.apply(SetPriority(
        first, 5 if app.catalog.resources[first].priority != 5 else 1)) and "")
    capsys.readouterr()
    _, _, err = run("week")
    assert err.count(note) == 1
