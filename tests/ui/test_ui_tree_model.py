"""The tree model adapts the core catalog; the proxy filters it. Both follow the model contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt

from planner.core.catalog.model import Category, Resource, catalog_from_data
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.progress import LogHours, RecordUnits, SetDone
from planner.core.progress.rules import Status
from planner.core.progress.summary import summarize_category
from planner.core.search import SearchFilter
from planner.store.catalog_file import load_catalog
from planner.ui.catalog.tree_model import CatalogTreeModel, Column, IdRole, NodeRole, StatusRole
from planner.ui.undo import UndoHistory

SMALL_CATALOG = Path(__file__).resolve().parent.parent / "data" / "small-catalog.yaml"


@pytest.fixture
def app() -> AppState:
    return AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))


@pytest.fixture
def history(app: AppState, qtbot) -> UndoHistory:  # type: ignore[no-untyped-def]
    return UndoHistory(app)


@pytest.fixture
def model(app: AppState, history: UndoHistory) -> CatalogTreeModel:
    return CatalogTreeModel(app, history.push)


def check_state(index: QModelIndex) -> Qt.CheckState:
    return Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))


def find(model: CatalogTreeModel, node_id: str) -> QModelIndex:
    index = model.index_of_id(node_id)
    assert index.isValid(), node_id
    return index


def visible_ids(model: CatalogTreeModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    ids = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        ids.append(index.data(IdRole))
        ids.extend(visible_ids(model, index))
    return ids


def test_model_contract(model: CatalogTreeModel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model, force_py=True)


def test_model_contract_holds_through_changes_and_resets(
        app: AppState, model: CatalogTreeModel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model)  # the C++ tester stays attached and checks every signal
    app.apply(SetDone("linalg"))
    app.apply(RecordUnits("numpy-100", 30))
    app.apply(ReplaceCatalog(load_catalog(SMALL_CATALOG), "Replace the catalog"))
    app.apply(SetDone("linalg", False))


@pytest.mark.parametrize("query, status", [("numpy", None), ("", Status.TODO),
                                           ("nothing matches this", None)])
def test_model_contract_filtered(model: CatalogTreeModel, query: str, status: Status | None,
                                 qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model.set_filter(SearchFilter.of(query, status))
    qtmodeltester.check(model, force_py=True)


def test_model_contract_holds_through_filtering(
        app: AppState, model: CatalogTreeModel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model)  # the C++ tester stays attached through what follows
    model.set_filter(SearchFilter.of("", Status.TODO))
    app.apply(SetDone("linalg"))  # leaves the "to do" rows
    app.apply(LogHours("calculus", 1))
    model.set_filter(SearchFilter.of("matrix", Status.IN_PROGRESS))
    app.apply(SetDone("linalg", False))
    model.set_filter(SearchFilter())


def test_indexes_point_at_the_core_objects(app: AppState, model: CatalogTreeModel) -> None:
    top = [model.index(r, 0) for r in range(model.rowCount())]
    assert [i.data() for i in top] == ["Maths", "Code"]
    maths = top[0]
    linalg = model.index(0, 0, maths)
    assert linalg.data(NodeRole) is app.catalog.resources["linalg"]
    assert linalg.internalPointer() is app.catalog.resources["linalg"]
    assert isinstance(maths.data(NodeRole), Category)
    assert model.parent(linalg) == maths
    assert not model.parent(maths).isValid()
    assert model.rowCount(linalg) == 0
    assert find(model, "numpy-100").parent().parent() == top[1]


def test_what_rows_show(app: AppState, model: CatalogTreeModel) -> None:
    linalg = find(model, "linalg")
    assert linalg.data() == "Linear Algebra Notes"
    assert check_state(linalg) == Qt.CheckState.Unchecked
    assert linalg.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not linalg.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert linalg.siblingAtColumn(Column.PROGRESS).data() == ""
    assert linalg.siblingAtColumn(Column.LEFT).data() == "6 h"
    maths = linalg.parent()
    assert maths.siblingAtColumn(Column.PROGRESS).data() == ""  # nothing started
    assert maths.siblingAtColumn(Column.LEFT).data() == "9 h"
    assert not maths.flags() & Qt.ItemFlag.ItemIsUserCheckable

    app.apply(RecordUnits("linalg", 3))
    assert check_state(linalg) == Qt.CheckState.PartiallyChecked
    assert linalg.data(StatusRole) == Status.IN_PROGRESS.value
    assert linalg.siblingAtColumn(Column.PROGRESS).data() == "3/6"
    assert "3 of 6 chapters" in linalg.data(Qt.ItemDataRole.ToolTipRole)
    assert maths.siblingAtColumn(Column.PROGRESS).data() == "0/2"
    assert linalg.siblingAtColumn(Column.LEFT).data() == "3 h"
    assert maths.siblingAtColumn(Column.LEFT).data() == "6 h"
    app.apply(SetDone("linalg"))
    assert check_state(linalg) == Qt.CheckState.Checked
    assert linalg.siblingAtColumn(Column.PROGRESS).data() == "Done"
    assert maths.siblingAtColumn(Column.PROGRESS).data() == "1/2"


def test_a_change_signals_its_row_and_its_categories_with_roles(
        app: AppState, model: CatalogTreeModel, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, int, int, list[int]]] = []
    model.dataChanged.connect(lambda tl, br, roles: seen.append(
        (tl.data(IdRole), tl.column(), br.column(), list(roles))))
    app.apply(RecordUnits("numpy-100", 10))
    ids = [s[0] for s in seen]
    assert ids[0] == "numpy-100"
    assert set(ids[1:]) == {"code", "python"}
    for _id, first, last, roles in seen:
        assert (first, last) == (0, len(Column) - 1)
        assert Qt.ItemDataRole.DisplayRole in roles
    assert Qt.ItemDataRole.CheckStateRole in seen[0][3]


def test_a_replaced_catalog_resets_the_model(app: AppState, model: CatalogTreeModel,
                                             qtbot) -> None:  # type: ignore[no-untyped-def]
    new = catalog_from_data({"title": "Other", "categories": [
        {"title": "Only", "resources": [{"id": "one", "title": "One thing"}]}]})
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        inverse = app.apply(ReplaceCatalog(new, "Import"))
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Only"
    assert find(model, "one").data() == "One thing"
    app.undo(inverse)
    assert model.rowCount() == 2


def test_the_check_box_goes_through_the_undo_history(
        app: AppState, model: CatalogTreeModel, history: UndoHistory) -> None:
    linalg = find(model, "linalg")
    assert model.setData(linalg, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert app.progress("linalg").done
    assert history.stack.count() == 1
    assert history.stack.undoText() == "Check off “Linear Algebra Notes”"
    assert not model.setData(linalg, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(linalg.siblingAtColumn(1), Qt.CheckState.Unchecked,
                             Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(linalg.parent(), Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)
    history.stack.undo()
    assert not app.progress("linalg").done
    assert check_state(linalg) == Qt.CheckState.Unchecked


def test_search_matches_title_author_and_tag_keeping_parents(
        model: CatalogTreeModel) -> None:
    every = visible_ids(model)
    assert every == ["maths", "linalg", "calculus", "code", "python", "numpy-100"]
    model.set_filter(SearchFilter.of("NumPy"))
    assert visible_ids(model) == ["code", "python", "numpy-100"]
    model.set_filter(SearchFilter.of("a. author"))  # an author
    assert visible_ids(model) == ["maths", "linalg"]
    model.set_filter(SearchFilter.of("tag:maths"))  # a tag
    assert visible_ids(model) == ["maths", "linalg"]
    model.set_filter(SearchFilter.of("maths"))  # the category's name finds what it holds
    assert visible_ids(model) == ["maths", "linalg", "calculus"]
    model.set_filter(SearchFilter.of("matrix calc"))  # every word, anywhere
    assert visible_ids(model) == ["maths", "calculus"]
    model.set_filter(SearchFilter.of("nothing like this"))
    assert visible_ids(model) == []
    assert not model.index_of_id("linalg").isValid()
    model.set_filter(SearchFilter.of("  "))
    assert not model.filter.active
    assert visible_ids(model) == every


def test_status_filter_follows_changes(app: AppState, model: CatalogTreeModel,
                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    model.set_filter(SearchFilter.of("", Status.DONE))
    assert visible_ids(model) == []
    with qtbot.waitSignal(model.modelReset):
        app.apply(SetDone("calculus"))
    assert visible_ids(model) == ["maths", "calculus"]
    model.set_filter(SearchFilter.of("", Status.IN_PROGRESS))
    app.apply(RecordUnits("numpy-100", 1))
    assert visible_ids(model) == ["code", "python", "numpy-100"]
    with qtbot.assertNotEmitted(model.modelReset):
        app.apply(RecordUnits("numpy-100", 2))  # still in progress: no new rows
    model.set_filter(SearchFilter.of("", Status.TODO))
    assert visible_ids(model) == ["maths", "linalg"]


def test_search_sees_a_replaced_catalog(app: AppState, model: CatalogTreeModel) -> None:
    model.set_filter(SearchFilter.of("thing"))
    assert visible_ids(model) == []
    app.apply(ReplaceCatalog(catalog_from_data({"categories": [
        {"title": "C", "resources": [{"id": "one", "title": "One thing"}]}]}), "Import"))
    assert visible_ids(model) == ["c", "one"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["linalg", "calculus", "numpy-100"]),
                          st.sampled_from(["done", "undone", "units", "hours"]),
                          st.integers(min_value=0, max_value=100)), max_size=12))
def test_cached_category_summaries_always_match_the_core(
        qtbot, actions: list[tuple[str, str, int]]) -> None:  # type: ignore[no-untyped-def]
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))
    history = UndoHistory(app)
    model = CatalogTreeModel(app, history.push)
    for category in app.catalog.root.categories():
        model.summary(category)  # fill the cache
    for rid, action, number in actions:
        resource = app.catalog.resources[rid]
        if action == "done":
            history.push(lambda rid=rid: SetDone(rid))
        elif action == "undone":
            history.push(lambda rid=rid: SetDone(rid, False))
        elif action == "units":
            units = min(number, resource.units.count if resource.units else 0)
            history.push(lambda rid=rid, n=units: RecordUnits(rid, n))
        else:
            history.push(lambda rid=rid, h=number + 1: LogHours(rid, h))
        if number % 3 == 0 and history.stack.canUndo():
            history.stack.undo()
        for category in app.catalog.root.categories():
            assert model.summary(category) == summarize_category(category, app.state.progress,
                                                                 app.catalog.someday)
            summary = model.summary(category)
            assert model.index_of(category).siblingAtColumn(Column.PROGRESS).data() == (
                f"{summary.done}/{summary.total}" if summary.done or summary.in_progress
                else "")
    resource = app.catalog.resources["linalg"]
    assert isinstance(resource, Resource)


def test_multi_data_agrees_with_data_cell_after_cell(model: CatalogTreeModel) -> None:
    """The delegate asks for many roles at once and reuses its entries from cell to cell."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
             Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.FontRole,
             Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
             Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
    cells = [find(model, rid).siblingAtColumn(c) for rid in ("linalg", "maths", "numpy-100")
             for c in range(len(Column))]
    for role in roles:
        entry = QModelRoleData(role)
        span = QModelRoleDataSpan(entry)  # one entry, reused for every cell
        for cell in cells + cells[::-1]:
            model.multiData(cell, span)
            expected = model.data(cell, role)
            got = entry.data()
            if expected is None:
                assert got is None, (cell.data(IdRole), cell.column(), role)
            elif role == Qt.ItemDataRole.DecorationRole:
                assert not got.isNull()
            else:
                assert got == expected, (cell.data(IdRole), cell.column(), role)


def test_tooltips_show_titles_that_look_like_markup_as_written(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt renders a tooltip that looks like markup as rich text: an imported title with tags
    in it must show its text, not lose the tags or show a picture."""
    from PySide6.QtGui import QTextDocument

    title = "<b>Attention</b> & <img src='x.png'> is all"
    app = AppState(PlannerState(catalog=catalog_from_data({"categories": [
        {"title": "<i>Papers</i>", "resources": [
            {"id": "att", "title": title, "authors": ["<u>Vaswani</u>"]}]}]})))
    model = CatalogTreeModel(app, UndoHistory(app).push)

    def shown(index: QModelIndex) -> str:
        document = QTextDocument()
        document.setHtml(index.data(Qt.ItemDataRole.ToolTipRole))
        return document.toPlainText()

    resource = shown(find(model, "att"))
    assert resource.splitlines()[:2] == [title, "<u>Vaswani</u>"]
    category = shown(model.index(0, 0))
    assert category.splitlines()[0] == "<i>Papers</i>"
