"""The left-hand panel: the search field, the status filter and the category tree.

It reports what the user selects and which link they want opened; check-offs go
through the model (its ``setData`` pushes an undoable change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QStyle,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog import Category, Node, Resource
from planner.core.progress import Status
from planner.ui.filter_proxy import CatalogFilterProxy
from planner.ui.tree_model import CatalogTreeModel, Column, NodeRole
from planner.ui.widgets import SearchField

STATUS_FILTERS: tuple[tuple[str, Status | None], ...] = (
    ("All", None),
    ("To do", Status.TODO),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
)


class CatalogTreeView(QTreeView):
    """A tree where Space ticks the row's check box and Enter or a double-click opens it."""

    open_requested = Signal(QModelIndex)

    def check_rect(self, index: QModelIndex) -> QRect:
        """Where the check box of ``index`` (column 0) is drawn, in viewport coordinates."""
        index = index.siblingAtColumn(Column.TITLE)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        delegate = self.itemDelegateForIndex(index)
        delegate.initStyleOption(option, index)  # type: ignore[attr-defined]
        return self.style().subElementRect(
            QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, self)

    def toggle_check(self, index: QModelIndex) -> None:
        index = index.siblingAtColumn(Column.TITLE)
        if not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        new = Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else (
            Qt.CheckState.Checked)
        self.model().setData(index, new, Qt.ItemDataRole.CheckStateRole)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        no_modifiers = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                             Qt.KeyboardModifier.KeypadModifier)
        if current.isValid() and no_modifiers:
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                self.toggle_check(current)
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if isinstance(current.data(NodeRole), Resource):
                    self.open_requested.emit(current)
                else:
                    self.setExpanded(current.siblingAtColumn(0),
                                     not self.isExpanded(current.siblingAtColumn(0)))
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if (event.button() == Qt.MouseButton.LeftButton
                and isinstance(index.data(NodeRole), Resource)
                and not self.check_rect(index).contains(event.position().toPoint())):
            self.open_requested.emit(index)
            return
        super().mouseDoubleClickEvent(event)


class CatalogPanel(QWidget):
    selection_changed = Signal(str)  # the id of the selected resource or category
    open_requested = Signal(str)  # a resource id whose link the user wants opened

    def __init__(self, model: CatalogTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.current_id = ""
        self._expanded_before_filter: set[str] | None = None
        self._filter_changing = False

        self.search = SearchField()
        self.search.setPlaceholderText("Search titles, authors, tags")
        self.search.setToolTip("Filter the list as you type (Ctrl+F; Esc clears)")
        self.status_filter = QComboBox()
        for label, status in STATUS_FILTERS:
            self.status_filter.addItem(label, status.value if status else "")
        self.status_filter.setToolTip("Show only resources with this status")

        self.view = CatalogTreeView()
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        for column, sample in ((Column.PROGRESS, "100 of 100 exercises"),
                               (Column.LEFT, "1000.5 h")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.search.textChanged.connect(self._on_query)
        self.search.to_results.connect(self._focus_results)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.open_requested.connect(self._on_open_requested)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        model.modelReset.connect(self._after_reset)

    # ---------------------------------------------------------------- selection

    def select(self, node_id: str) -> bool:
        """Select and show a resource or category, clearing filters that hide it."""
        source = self.model.index_of_id(node_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.clear_filters()
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def selected_node(self) -> Node | None:
        return self.model.node(self.proxy.mapToSource(self.view.currentIndex()))

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._filter_changing or not current.isValid():
            return  # keep showing what was selected while a filter hides it
        self.current_id = current.data(NodeRole).id
        self.selection_changed.emit(self.current_id)

    def _on_open_requested(self, index: QModelIndex) -> None:
        node = index.data(NodeRole)
        if isinstance(node, Resource):
            self.open_requested.emit(node.id)

    def _focus_results(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            first = self._first_resource(QModelIndex())
            if first is not None:
                self.view.setCurrentIndex(first)

    def _first_resource(self, parent: QModelIndex) -> QModelIndex | None:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if isinstance(index.data(NodeRole), Resource):
                return index
            found = self._first_resource(index)
            if found is not None:
                return found
        return None

    # ---------------------------------------------------------------- expansion

    def expanded_ids(self) -> list[str]:
        return [category.id for category in self.model.root.categories()
                if self.view.isExpanded(self.proxy.mapFromSource(self.model.index_of(category)))]

    def remembered_expanded_ids(self) -> list[str]:
        """The open categories as the user left them (not as a search opened them)."""
        if self._expanded_before_filter is not None:
            return sorted(self._expanded_before_filter)
        return self.expanded_ids()

    def set_expanded(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        for category in self.model.root.categories():
            index = self.proxy.mapFromSource(self.model.index_of(category))
            if index.isValid():
                self.view.setExpanded(index, category.id in wanted)

    # ---------------------------------------------------------------- filtering

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        self.search.clear()
        self.status_filter.setCurrentIndex(0)

    def _on_query(self, text: str) -> None:
        self._change_filter(lambda: self.proxy.set_query(text))

    def _on_status_filter(self, row: int) -> None:
        value = self.status_filter.itemData(row)
        status = Status(value) if value else None
        self._change_filter(lambda: self.proxy.set_status(status))

    def _change_filter(self, apply: Callable[[], None]) -> None:
        if not self.proxy.is_filtering:
            self._expanded_before_filter = set(self.expanded_ids())
        self._filter_changing = True
        try:
            apply()
            if self.proxy.is_filtering:
                self.view.expandAll()
            elif self._expanded_before_filter is not None:
                self.set_expanded(self._expanded_before_filter)
                self._expanded_before_filter = None
            self._restore_current()
        finally:
            self._filter_changing = False

    def _restore_current(self) -> None:
        source = self.model.index_of_id(self.current_id) if self.current_id else QModelIndex()
        index = self.proxy.mapFromSource(source) if source.isValid() else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.selectionModel().clear()

    def _after_reset(self) -> None:
        """The catalog was replaced: show everything and find the selection again."""
        self.view.expandAll()
        if self.current_id and not self.select(self.current_id):
            self.current_id = ""

    # ---------------------------------------------------------------- context menu

    def context_actions(self, index: QModelIndex, parent: QMenu) -> list[QAction]:
        node = index.data(NodeRole)
        if isinstance(node, Resource):
            open_link = QAction("Open Link", parent, enabled=bool(node.url))
            open_link.triggered.connect(lambda: self.open_requested.emit(node.id))
            done = index.siblingAtColumn(0).data(Qt.ItemDataRole.CheckStateRole) == (
                Qt.CheckState.Checked)
            toggle = QAction("Mark as Not Done" if done else "Mark as Done", parent)
            toggle.triggered.connect(lambda: self.view.toggle_check(index))
            return [open_link, toggle]
        if isinstance(node, Category):
            expand = QAction("Expand All Below", parent)
            expand.triggered.connect(lambda: self.view.expandRecursively(index))
            collapse = QAction("Collapse", parent)
            collapse.triggered.connect(lambda: self.view.collapse(index))
            return [expand, collapse]
        return []

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addActions(self.context_actions(index.siblingAtColumn(0), menu))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
