"""The category tree as a Qt item model: an adapter over the core catalog, not a copy of it.

Each index points at the core ``Category`` or ``Resource`` itself (``internalPointer``),
exposed to views under ``NodeRole``. The model listens to ``AppState`` and turns each
applied change into ``dataChanged`` for the touched rows and their categories, or a reset
when the catalog itself was replaced. Writes (the check box) go through ``commit``, which
pushes an undoable command; the model never changes the state itself.

The search filter is applied here rather than in a ``QSortFilterProxyModel``: a proxy
over a Python model calls back into Python several times per row for every relayout,
which made a keystroke on 2,000 resources cost three frames. Here a filter change is one
pass over the core tree (``search.visible_nodes``) and a model reset; the rows shown under
each category are then cached lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from planner.core.catalog.editing import move_node
from planner.core.catalog.model import (
    Catalog,
    CatalogError,
    Category,
    Node,
    Resource,
    catalog_to_data,
)
from planner.core.hours import format_hours
from planner.core.journal.state import AppState, Changed, Operation, Update
from planner.core.operations.catalog import ReplaceCatalog, SetSomeday
from planner.core.operations.progress import SetDone
from planner.core.progress.rules import Progress, Status, describe_progress, remaining_hours
from planner.core.progress.summary import Summary, hours_left_text, summarize_category
from planner.core.search import Haystacks, SearchFilter, visible_nodes
from planner.ui import formatting
from planner.ui.answers import Ask, answer_without_asking
from planner.ui.appearance import theme
from planner.ui.bridge import bridge_for
from planner.ui.catalog.drag import RESOURCE_MIME, resource_mime
from planner.ui.icons import category_icon, kind_icon

NodeRole = Qt.ItemDataRole.UserRole + 1  # the core Category or Resource
IdRole = Qt.ItemDataRole.UserRole + 2  # its id
StatusRole = Qt.ItemDataRole.UserRole + 3  # a resource's Status value: todo, in-progress, done

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as Qt's default argument
Commit = Callable[[Callable[[], Operation]], bool]

_R = Qt.ItemDataRole
RESOURCE_ROLES = [_R.DisplayRole, _R.CheckStateRole, _R.ForegroundRole, _R.ToolTipRole, StatusRole]
CATEGORY_ROLES = [_R.DisplayRole, _R.ToolTipRole]


class Column(IntEnum):
    TITLE = 0
    PROGRESS = 1
    LEFT = 2


HEADERS = {Column.TITLE: "Resource", Column.PROGRESS: "Progress", Column.LEFT: "Left"}
_COLUMNS = len(Column)
_F = Qt.ItemFlag
_NO_FLAGS = _F.NoItemFlags
_CATEGORY_FLAGS = _F.ItemIsEnabled | _F.ItemIsSelectable
_RESOURCE_FLAGS = _CATEGORY_FLAGS | _F.ItemNeverHasChildren | _F.ItemIsDragEnabled
_CATEGORY_ROW_FLAGS = _CATEGORY_FLAGS | _F.ItemIsDragEnabled | _F.ItemIsDropEnabled
_ROOT_FLAGS = _F.ItemIsDropEnabled  # categories can be dropped at the top level
# A node moved inside the tree carries its id under this type (a resource also carries
# RESOURCE_MIME, which the weekly plan accepts).
NODE_MIME = "application/x-study-planner-node-id"
_CHECKABLE_FLAGS = _RESOURCE_FLAGS | _F.ItemIsUserCheckable
# data() is called for every role of every painted cell: plain ints, looked up once.
_DISPLAY = int(_R.DisplayRole.value)
_DECORATION = int(_R.DecorationRole.value)
_TOOLTIP = int(_R.ToolTipRole.value)
_FONT = int(_R.FontRole.value)
_ALIGNMENT = int(_R.TextAlignmentRole.value)
_FOREGROUND = int(_R.ForegroundRole.value)
_CHECK = int(_R.CheckStateRole.value)
_ROLES = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _FONT, _ALIGNMENT, _FOREGROUND, _CHECK,
                    int(NodeRole), int(IdRole), int(StatusRole)})
# Returned as plain ints (what the view reads anyway): no enum conversion per painted cell.
_CHECKED, _PARTIAL, _UNCHECKED = (int(Qt.CheckState.Checked.value),
                                  int(Qt.CheckState.PartiallyChecked.value),
                                  int(Qt.CheckState.Unchecked.value))
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class CatalogTreeModel(QAbstractItemModel):
    def __init__(self, app: AppState, commit: Commit, parent: QObject | None = None, *,
                 ask: Ask = answer_without_asking) -> None:
        super().__init__(parent)
        self._app = app
        self._commit = commit
        self._ask = ask  # the rating on finishing, asked by the window (a dialog)
        self._catalog = app.catalog
        self._summaries: dict[str, Summary] = {}
        self._filter = SearchFilter()
        self._haystacks = Haystacks(lambda resource_id: app.progress(resource_id).notes)
        self._visible: set[Node] | None = None  # None: no filter, everything shown
        self._shown: dict[Category, list[Node]] = {}  # the rows under each category
        self._rows: dict[Node, int] = {}  # each shown node's row under its parent
        self._parents: dict[Category, QModelIndex] = {}  # each category's index, as a parent
        self._cells: dict[tuple[Node, int], dict[int, Any]] = {}  # painted values, per change
        self._bold = QFont()
        self._bold.setBold(True)
        self._done_colour = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        bridge_for(app).changed.connect(self._on_change)
        theme().changed.connect(self._on_palette)

    # ---------------------------------------------------------------- reading the core

    @property
    def root(self) -> Category:
        return self._catalog.root

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        """The index of a node; invalid for the root and for nodes the filter hides."""
        if node.parent is None or (self._visible is not None and node not in self._visible):
            return QModelIndex()
        row = self._row(node)
        return self.createIndex(row, column, node) if row >= 0 else QModelIndex()

    def index_of_id(self, node_id: str) -> QModelIndex:
        node = self._catalog.find(node_id)
        return self.index_of(node) if node is not None else QModelIndex()

    def find(self, node_id: str) -> Node | None:
        return self._catalog.find(node_id)

    def is_done(self, resource: Resource) -> bool:
        return self._app.progress(resource.id).done

    def is_someday(self, node: Node) -> bool:
        """Set to Someday, itself or through a category above it."""
        return self._catalog.is_someday(node)

    def set_someday(self, node: Node, someday: bool) -> bool:
        """Set a resource or a whole category to Someday, or back: one undoable change."""
        return self._commit(lambda: SetSomeday(node.id, someday))

    @property
    def revision(self) -> int:
        """Bumped by every change to the state (what filters cache against)."""
        return self._app.revision

    def shown_children(self, category: Category) -> list[Node]:
        shown = self._shown.get(category)
        if shown is None:
            visible = self._visible
            shown = (category.children if visible is None
                     else [child for child in category.children if child in visible])
            self._shown[category] = shown
            for row, child in enumerate(shown):
                self._rows[child] = row
        return shown

    def shown_categories(self) -> list[Category]:
        """The categories the filter lets through (all of them without one), in order."""
        visible = self._visible
        return [category for category in self._catalog.root.categories()
                if visible is None or category in visible]

    def _row(self, node: Node) -> int:
        row = self._rows.get(node)
        if row is None:
            assert node.parent is not None
            self.shown_children(node.parent)
            row = self._rows.get(node, -1)
        return row

    # ---------------------------------------------------------------- the filter

    @property
    def filter(self) -> SearchFilter:
        return self._filter

    def prepare_search(self) -> None:
        """Build the search text of every resource now (when the search field takes the
        focus), not on the first keystroke: ~40 ms for 10,000 resources."""
        self._haystacks.of_all(self._catalog.root)

    def set_filter(self, search: SearchFilter) -> None:
        """Show only what ``search`` lets through (and the categories above it)."""
        if search != self._filter:
            among = (self._visible if self._visible is not None and search.narrows(self._filter)
                     else None)
            self._filter = search
            # Typing on often lets the same rows through ("grap" -> "graph"): then the
            # rows, their expansion and the selection stay as they are, and nothing is reset.
            self._refilter(among=among)

    def _refilter(self, *, force: bool = False, among: set[Node] | None = None) -> bool:
        """Work out what is shown; reset the rows if that changed (or ``force``)."""
        visible = (visible_nodes(self._catalog.root, self._filter, self.status,
                                 self._haystacks, among) if self._filter.active else None)
        if not force and visible == self._visible:
            return False
        self.beginResetModel()
        self._visible = visible
        self._shown.clear()
        self._rows.clear()
        self._parents.clear()  # (the cells' values do not depend on the filter)
        self.endResetModel()
        return True

    def status(self, resource: Resource) -> Status:
        return self._app.status(resource.id)

    def summary(self, category: Category) -> Summary:
        """Cached per category; the cache entries of a change's ancestors are dropped."""
        cached = self._summaries.get(category.id)
        if cached is None:
            cached = summarize_category(category, self._app.state.progress,
                                        self._catalog.someday)
            self._summaries[category.id] = cached
        return cached

    # ---------------------------------------------------------------- the model contract

    # index, parent, rowCount and flags are called from C++ for every row a view or the
    # proxy lays out: they stay free of enum arithmetic and of calls back into Qt.

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if parent.isValid():
            node = parent.internalPointer()
            if parent.column() != 0 or not isinstance(node, Category):
                return QModelIndex()
        else:
            node = self._catalog.root
        shown = self._shown.get(node) or self.shown_children(node)
        if 0 <= row < len(shown) and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, shown[row])
        return QModelIndex()

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        # A view asks a dozen times per painted row (branch lines, spans): the index of
        # each category is made once per reset.
        if not index.isValid():
            return _ROOT
        up = index.internalPointer().parent
        cached = self._parents.get(up)
        if cached is not None:
            return cached
        if up is None or up is self._catalog.root:
            return _ROOT
        row = self._row(up)
        made = self.createIndex(row, 0, up) if row >= 0 else QModelIndex()
        self._parents[up] = made
        return made

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        """One call instead of Qt's default parent() + index(): views ask per painted cell."""
        if index.isValid() and row == index.row() and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, index.internalPointer())
        return super().sibling(row, column, index)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        node = parent.internalPointer() if parent.isValid() else self._catalog.root
        if not isinstance(node, Category):
            return 0
        return len(self._shown.get(node) or self.shown_children(node))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.LEFT:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    # ---------------------------------------------------------------- dragging to a week

    def mimeTypes(self) -> list[str]:
        return [RESOURCE_MIME, NODE_MIME]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        for index in indexes:
            node = index.internalPointer() if index.isValid() else None
            if isinstance(node, Resource):
                data = resource_mime(node.id)
            elif isinstance(node, Category):
                data = QMimeData()
            else:
                continue
            data.setData(NODE_MIME, QByteArray(node.id.encode("utf-8")))
            return data
        return QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # ---------------------------------------------------------------- moving inside the tree

    def _drop_target(self, data: QMimeData, row: int,
                     parent: Index) -> tuple[Node, Category, int] | None:
        """(the dragged node, the category it goes into, its row among all children)."""
        if not data.hasFormat(NODE_MIME):
            return None
        node_id = bytes(data.data(NODE_MIME).data()).decode("utf-8", errors="replace")
        node = self._catalog.find(node_id.strip())
        target = self.node(parent) if parent.isValid() else self._catalog.root
        if node is None or target is None:
            return None
        if isinstance(target, Resource):  # dropped onto a resource: just before it
            if target.parent is None:
                return None
            row, target = self._row(target), target.parent
        shown = self.shown_children(target)
        # ``row`` counts the rows shown (a filter may hide some); the core counts all.
        full_row = target.children.index(shown[row]) if 0 <= row < len(shown) else -1
        if isinstance(node, Resource) and target is self._catalog.root:
            return None
        up: Category | None = target
        while up is not None:
            if up is node:
                return None
            up = up.parent
        return node, target, full_row

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return (action in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction)
                and self._drop_target(data, row, parent) is not None)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """A node dropped in the tree moves there: one undoable change through the core."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        found = self._drop_target(data, row, parent)
        if found is None:
            return False
        node, target, full_row = found
        catalog = self._catalog
        try:
            moved = move_node(catalog, node.id, target.id, full_row)
        except CatalogError:
            return False
        if catalog_to_data(moved) == catalog_to_data(catalog):
            return False  # dropped where it was
        where = "the top level" if target is catalog.root else f"“{target.title}”"
        return self._commit(lambda: ReplaceCatalog(
            moved, f"Move “{node.title}” to {where}"))

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = index.internalPointer()  # None for the invalid index (the root)
        if isinstance(node, Resource):
            return _CHECKABLE_FLAGS if index.column() == 0 else _RESOURCE_FLAGS
        return _CATEGORY_ROW_FLAGS if node is not None else _ROOT_FLAGS

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        node = index.internalPointer()
        if role == NodeRole:
            return node
        if role == IdRole:
            return node.id
        if isinstance(node, Resource):
            return self._resource_data(node, self._app.progress(node.id), index.column(), role)
        return self._category_data(node, index.column(), role)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # type: ignore[override]
        """All the roles a delegate paints a cell from, in one call from Qt instead of seven.

        The delegate reuses its entries from cell to cell: each one is set or cleared.
        """
        node = index.internalPointer() if index.isValid() else None
        # The span iterates at run time; PySide's stubs do not say so.
        entries = list(cast("Iterable[QModelRoleData]", roles))
        if node is None:
            for entry in entries:
                entry.clearData()
            return
        column = index.column()
        # A cell's values are worked out once and kept until the next change or reset:
        # each keystroke of a search repaints the rows it shows.
        values = self._cells.get((node, column))
        if values is None:
            values = self._cells[(node, column)] = {}
        progress = None
        for entry in entries:
            role = entry.role()
            if role in values:
                value = values[role]
            elif role not in _ROLES:
                value = None
            elif role == NodeRole:
                value = node
            elif role == IdRole:
                value = node.id
            elif isinstance(node, Resource):
                if progress is None:
                    progress = self._app.progress(node.id)
                value = values[role] = self._resource_data(node, progress, column, role)
            else:
                value = values[role] = self._category_data(node, column, role)
            if value is None:
                entry.clearData()
            else:
                entry.setData(value)

    def _resource_data(self, resource: Resource, progress: Progress, column: int,
                       role: int) -> Any:
        if role == _DISPLAY:
            if column == 0:
                return resource.title
            if column == 1:
                return formatting.resource_progress(resource, progress)
            if resource.id in self._catalog.someday and not progress.done:
                return "Someday"
            return formatting.resource_left(remaining_hours(resource, progress), progress)
        if column == 0:
            if role == _CHECK:
                status = progress.status()
                if status is Status.DONE:
                    return _CHECKED
                return _PARTIAL if status is Status.IN_PROGRESS else _UNCHECKED
            if role == _DECORATION:
                return kind_icon(resource.kind)
        if role == _FOREGROUND:
            return (self._done_colour if progress.done or resource.id in self._catalog.someday
                    else None)
        if role == _ALIGNMENT:
            return _RIGHT if column == 2 else None
        if role == StatusRole:
            return self._app.status(resource.id).value
        if role == _TOOLTIP:
            by = f"\n{', '.join(resource.authors)}" if resource.authors else ""
            status = self._app.status(resource.id)  # Someday too
            state = (describe_progress(resource, progress) if status is Status.IN_PROGRESS
                     else status.label.lower())
            return formatting.as_written(
                f"{resource.title}{by}\n{resource.kind} · "
                f"{format_hours(resource.effort)} · {state}")
        return None

    def _category_data(self, category: Category, column: int, role: int) -> Any:
        if role == _DISPLAY:
            if column == 0:
                return category.title
            summary = self.summary(category)
            if column == 1:
                return formatting.category_progress(summary)
            # planned hours left; a category with nothing planned (all of it Someday)
            # reads so, greyed: its hours are not added into the ones above it
            if category.someday or summary.all_someday:
                return "Someday"
            return format_hours(summary.remaining_hours)
        if column == 0:
            if role == _DECORATION:
                return category_icon()
            if role == _FONT:
                return self._bold
        if role == _ALIGNMENT:
            return _RIGHT if column == 2 else None
        if role == _FOREGROUND:
            return (self._done_colour if column == 2 and self.summary(category).all_someday
                    else None)
        if role == _TOOLTIP:
            summary = self.summary(category)
            someday = (" · Someday: not planned" if self._catalog.is_someday(category)
                       and not summary.all_someday else "")
            return formatting.as_written(
                f"{category.title}\n{formatting.category_summary(summary)} · "
                f"{hours_left_text(summary)}{someday}")
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Checking a resource off: one undoable change through the core."""
        node = self.node(index)
        if (role != Qt.ItemDataRole.CheckStateRole or not isinstance(node, Resource)
                or index.column() != Column.TITLE):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        done = state == Qt.CheckState.Checked
        if done == self._app.progress(node.id).done:
            return False
        answer = self._ask(self._app, node.title) if done else ""
        if answer is None:  # the question closed unanswered: not checked
            return False
        return self._commit(lambda: SetDone(node.id, done, answer or None))

    # ---------------------------------------------------------------- following the state

    def _on_palette(self) -> None:
        """Light or dark now: done rows take the new placeholder colour (the views repaint
        on the palette change themselves)."""
        self._done_colour = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        self._cells.clear()

    def _on_change(self, change: Update) -> None:
        self._cells.clear()
        if self._app.catalog is not self._catalog:  # replaced: an edit, an import, an undo
            self.beginResetModel()
            self._catalog = self._app.catalog
            self._summaries.clear()
            self._haystacks.clear()
            self._visible = (visible_nodes(self._catalog.root, self._filter, self.status,
                                           self._haystacks) if self._filter.active else None)
            self._shown.clear()
            self._rows.clear()
            self._parents.clear()
            self.endResetModel()
            return
        if change.flags & Changed.NOTES:
            self._haystacks.forget(change.resource_ids)
        if (((self._filter.status is not None and change.flags & Changed.PROGRESS)
             or (self._filter.terms and change.flags & Changed.NOTES)) and self._refilter()):
            return  # what the filter lets through changed: the rows were reset
        categories: dict[int, Category] = {}
        last = Column.LEFT
        for rid in change.resource_ids:
            resource = self._catalog.resources.get(rid)
            if resource is None:
                continue
            first = self.index_of(resource)
            if first.isValid():
                self.dataChanged.emit(first, self.index_of(resource, last), RESOURCE_ROLES)
            up = resource.parent
            while up is not None:
                categories[id(up)] = up
                self._summaries.pop(up.id, None)
                up = up.parent
        for category in categories.values():
            first = self.index_of(category)
            if first.isValid():
                self.dataChanged.emit(first, self.index_of(category, last), CATEGORY_ROLES)
