"""The category tree as a Qt item model: an adapter over the core catalog, not a copy of it.

Each index points at the core ``Category`` or ``Resource`` itself (``internalPointer``),
exposed to views under ``NodeRole``. The model listens to ``AppState`` and turns each
applied change into ``dataChanged`` for the touched rows and their categories, or a reset
when the catalog itself was replaced. Writes (the check box) go through ``commit``, which
pushes an undoable command; the model never changes the state itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from enum import IntEnum
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from planner.core.catalog import Category, Node, Resource
from planner.core.progress import Status
from planner.core.state import AppState, Change
from planner.core.summary import Summary, summarize_category
from planner.ui import formatting
from planner.ui.icons import category_icon, kind_icon

NodeRole = Qt.ItemDataRole.UserRole + 1  # the core Category or Resource
IdRole = Qt.ItemDataRole.UserRole + 2  # its id
StatusRole = Qt.ItemDataRole.UserRole + 3  # a resource's Status value: todo, in-progress, done

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as Qt's default argument
Commit = Callable[[Callable[[], Change]], bool]

_R = Qt.ItemDataRole
RESOURCE_ROLES = [_R.DisplayRole, _R.CheckStateRole, _R.ForegroundRole, _R.ToolTipRole, StatusRole]
CATEGORY_ROLES = [_R.DisplayRole, _R.ToolTipRole]


class Column(IntEnum):
    TITLE = 0
    PROGRESS = 1
    LEFT = 2


HEADERS = {Column.TITLE: "Resource", Column.PROGRESS: "Progress", Column.LEFT: "Left"}


class CatalogTreeModel(QAbstractItemModel):
    def __init__(self, app: AppState, commit: Commit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._commit = commit
        self._catalog = app.catalog
        self._summaries: dict[str, Summary] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        app.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop following the state (the window is closing)."""
        with contextlib.suppress(ValueError):
            self._app.unsubscribe(self._on_change)

    # ---------------------------------------------------------------- reading the core

    @property
    def root(self) -> Category:
        return self._catalog.root

    def node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self._catalog.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), column, node)

    def index_of_id(self, node_id: str) -> QModelIndex:
        node = self._catalog.find(node_id)
        return self.index_of(node) if node is not None else QModelIndex()

    def status(self, resource: Resource) -> Status:
        return self._app.status(resource.id)

    def summary(self, category: Category) -> Summary:
        """Cached per category; the cache entries of a change's ancestors are dropped."""
        cached = self._summaries.get(category.id)
        if cached is None:
            cached = summarize_category(category, self._app.state.progress)
            self._summaries[category.id] = cached
        return cached

    # ---------------------------------------------------------------- the model contract

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        category = parent.internalPointer() if parent.isValid() else self._catalog.root
        return self.createIndex(row, column, category.children[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self._catalog.root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        node = parent.internalPointer() if parent.isValid() else self._catalog.root
        return len(node.children) if isinstance(node, Category) else 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.LEFT:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(index.internalPointer(), Resource):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
            if index.column() == Column.TITLE:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer()
        if role == NodeRole:
            return node
        if role == IdRole:
            return node.id
        if isinstance(node, Resource):
            return self._resource_data(node, Column(index.column()), role)
        return self._category_data(node, Column(index.column()), role)

    def _resource_data(self, resource: Resource, column: Column, role: int) -> Any:
        progress = self._app.progress(resource.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TITLE:
                return resource.title
            if column == Column.PROGRESS:
                return formatting.resource_progress(resource, progress)
            return formatting.resource_left(self._app.remaining(resource.id), progress)
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.TITLE:
            status = progress.status()
            if status is Status.DONE:
                return Qt.CheckState.Checked
            if status is Status.IN_PROGRESS:
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return kind_icon(resource.kind)
        if role == StatusRole:
            return progress.status().value
        if role == Qt.ItemDataRole.ForegroundRole and progress.done:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LEFT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            by = f"\n{', '.join(resource.authors)}" if resource.authors else ""
            return (f"{resource.title}{by}\n{resource.kind} · "
                    f"{formatting.format_hours(resource.effort)} · "
                    f"{progress.status().label.lower()}")
        return None

    def _category_data(self, category: Category, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TITLE:
                return category.title
            summary = self.summary(category)
            if column == Column.PROGRESS:
                return formatting.category_progress(summary)
            return formatting.format_hours(summary.remaining_hours)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return category_icon()
        if role == Qt.ItemDataRole.FontRole and column == Column.TITLE:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LEFT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            summary = self.summary(category)
            return (f"{category.title}\n{formatting.category_summary(summary)} · "
                    f"{formatting.format_hours(summary.remaining_hours)} left")
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
        return self._commit(lambda: self._app.make_set_done(node.id, done))

    # ---------------------------------------------------------------- following the state

    def _on_change(self, change: Change) -> None:
        if not shiboken6.isValid(self):  # the C++ side is gone; stop listening
            self._app.unsubscribe(self._on_change)
            return
        if change.catalog is not None:
            self.beginResetModel()
            self._catalog = self._app.catalog
            self._summaries.clear()
            self.endResetModel()
            return
        categories: dict[int, Category] = {}
        last = Column.LEFT
        for rid in change.resource_ids:
            resource = self._catalog.resources.get(rid)
            if resource is None:
                continue
            self.dataChanged.emit(self.index_of(resource), self.index_of(resource, last),
                                  RESOURCE_ROLES)
            up = resource.parent
            while up is not None:
                categories[id(up)] = up
                self._summaries.pop(up.id, None)
                up = up.parent
        for category in categories.values():
            if category is not self._catalog.root:
                self.dataChanged.emit(self.index_of(category), self.index_of(category, last),
                                      CATEGORY_ROLES)
