"""The left-hand panel: the search field, the status filter and the category tree.

It reports what the user selects and which link they want opened; check-offs go
through the model (its ``setData`` pushes an undoable change). Filtering resets the
model's rows, so the panel keeps the selection and the open categories by id. A filter
that hides the selected resource moves the selection to the first match (or to nothing),
so that the detail pane never shows what the tree hides; a filter that hides everything
says so in place of the tree, with a link to clear it.

Nodes are looked up with ``CatalogTreeModel.node`` rather than ``index.data(NodeRole)``:
PySide6 6.12 on Python 3.11 drops a reference to ``None`` each time Python receives an
invalid QVariant, so Python code here never asks Qt for a value that may be empty.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import Category, Node, Resource
from planner.core.progress.rules import Status
from planner.core.search import SearchFilter
from planner.ui.catalog.tree_model import CatalogTreeModel, Column
from planner.ui.formatting import PROGRESS_SAMPLES
from planner.ui.widgets import SearchField

EXPAND_ALL_UP_TO = 300  # resources; larger catalogs open with their top level expanded
# While searching, matching categories are opened, in order, until about this many rows
# are open (the rest stay closed, like an editor's search collapsing long result lists): the
# view lays out every open row on each keystroke, and a first letter can match thousands.
EXPAND_SEARCH_ROWS = 250
STATUS_FILTERS: tuple[tuple[str, Status | None], ...] = (
    ("All", None),
    ("To do", Status.TODO),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
    ("Someday", Status.SOMEDAY),
)


class CatalogTreeView(QTreeView):
    """A tree where Space ticks the row's check box and Enter or a double-click opens it
    (a double-click on a category asks to edit it)."""

    open_requested = Signal(QModelIndex)
    edit_requested = Signal(str)  # the id of a category double-clicked

    def catalog_model(self) -> CatalogTreeModel:
        model = self.model()
        assert isinstance(model, CatalogTreeModel)
        return model

    def check_rect(self, index: QModelIndex) -> QRect:
        """Where the check box of ``index`` (column 0) is drawn, in viewport coordinates."""
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem  # big enums: load late

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
        model = self.catalog_model()
        node = model.node(index)
        if isinstance(node, Resource):
            new = Qt.CheckState.Unchecked if model.is_done(node) else Qt.CheckState.Checked
            model.setData(index, new, Qt.ItemDataRole.CheckStateRole)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        no_modifiers = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                             Qt.KeyboardModifier.KeypadModifier)
        if current.isValid() and no_modifiers:
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                self.toggle_check(current)
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if isinstance(self.catalog_model().node(current), Resource):
                    self.open_requested.emit(current)
                else:
                    self.setExpanded(current.siblingAtColumn(0),
                                     not self.isExpanded(current.siblingAtColumn(0)))
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if (event.button() == Qt.MouseButton.LeftButton
                and isinstance(self.catalog_model().node(index), Resource)
                and not self.check_rect(index).contains(event.position().toPoint())):
            self.open_requested.emit(index)
            return
        category = self.catalog_model().node(index)
        if event.button() == Qt.MouseButton.LeftButton and isinstance(category, Category):
            self.edit_requested.emit(category.id)
            return
        super().mouseDoubleClickEvent(event)


class CatalogPanel(QWidget):
    selection_changed = Signal(str)  # the id of the selected resource or category
    open_requested = Signal(str)  # a resource id whose link the user wants opened
    copy_requested = Signal(str)  # a resource id whose link goes on the clipboard
    plan_requested = Signal(str)  # a resource id to plan for a week of the user's choice
    session_requested = Signal(str)  # a resource id to start a study session on

    def __init__(self, model: CatalogTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.current_id = ""
        self._expanded_before_filter: set[str] | None = None
        self._showing_filtered = False
        self._emptied_by_filter = False  # a filter with no match left nothing selected
        self._restoring = False
        # More entries for the context menu (the catalog editor's): node, menu → actions.
        self.extra_context_actions: Callable[[Node | None, QObject], list[QAction]] | None = None

        self.search = SearchField()
        self.search.setPlaceholderText("Search (e.g. geron, tag:math)")
        self.search.setToolTip(
            "Filter the list as you type (Ctrl+F; Esc clears). Every word must occur in "
            "the title, authors, tags, notes or category names; accents and case do not "
            "matter. Limit a word to one field with title:, author:, tag:, notes: or "
            "category:")
        self.status_filter = QComboBox()
        for label, status in STATUS_FILTERS:
            self.status_filter.addItem(label, status.value if status else "")
        self.status_filter.setToolTip("Show only resources with this status")

        self.view = CatalogTreeView()
        self.view.setModel(model)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # A resource dragged onto a week pins it there; dropped in the tree, a resource or
        # category moves (the model turns the drop into one undoable change).
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        # The title takes the room; a long one loses its middle, not its end (the tooltip
        # has it whole). Progress and hours are short, and sized to the widest they can be
        # (from the font, so at any scale) rather than by measuring rows at each layout.
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        label = str(model.headerData(Column.PROGRESS, Qt.Orientation.Horizontal))
        widest = max(metrics.horizontalAdvance(text) for text in (*PROGRESS_SAMPLES, label))
        header.setSectionResizeMode(Column.PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.PROGRESS, widest + metrics.averageCharWidth() + 6)
        header.setSectionResizeMode(Column.LEFT, QHeaderView.ResizeMode.Fixed)
        self._hours_width = 0
        self._fit_hours_column()

        # Shown in place of the tree when the filter lets nothing through.
        self.no_match = QLabel()
        self.no_match.setObjectName("no-match")
        self.no_match.setTextFormat(Qt.TextFormat.RichText)
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_match.setContentsMargins(8, 24, 8, 8)
        self.no_match.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.no_match.linkActivated.connect(self._on_no_match_link)
        self.no_match.hide()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.no_match, 1)

        self.search.textChanged.connect(self._on_query)
        self.search.to_results.connect(self._focus_results)
        self.search.focused.connect(model.prepare_search)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.open_requested.connect(self._on_open_requested)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)
        model.modelReset.connect(self._fit_hours_column)
        model.dataChanged.connect(self._fit_hours_column)

    def _fit_hours_column(self) -> None:
        """The hours left, wide enough for the largest shown: a top category's (in bold),
        which holds every hour under it; at least "999.99 h". Measured on the few top rows,
        not on every row at each layout."""
        model = self.model
        texts = ["999.99 h", str(model.headerData(Column.LEFT, Qt.Orientation.Horizontal))]
        texts += [str(model.index(row, Column.LEFT).data() or "")
                  for row in range(model.rowCount())]
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        width = (max(metrics.horizontalAdvance(text) for text in texts)
                 + metrics.averageCharWidth() + 6)
        if width != self._hours_width:
            self._hours_width = width
            self.view.header().resizeSection(Column.LEFT, width)

    # ---------------------------------------------------------------- selection

    def select(self, node_id: str) -> bool:
        """Select and show a resource or category, clearing filters that hide it."""
        node = self.model.find(node_id)
        if node is None:
            return False
        index = self.model.index_of(node)
        if not index.isValid():
            self.clear_filters()
            index = self.model.index_of(node)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def selected_node(self) -> Node | None:
        return self.model.node(self.view.currentIndex())

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        node = self.model.node(current)
        if self._restoring or node is None:
            return  # a reset's own moves are reported by _after_reset
        self.current_id = node.id
        self._emptied_by_filter = False  # the learner chose
        self.selection_changed.emit(node.id)

    def _on_open_requested(self, index: QModelIndex) -> None:
        node = self.model.node(index)
        if isinstance(node, Resource):
            self.open_requested.emit(node.id)

    def _focus_results(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            first = self.first_shown_resource()
            if first is not None:
                self.view.setCurrentIndex(self.model.index_of(first))

    def first_shown_resource(self) -> Resource | None:
        """The first resource the tree shows, in tree order (open or not)."""
        model = self.model
        stack = list(reversed(model.shown_children(model.root)))
        while stack:
            node = stack.pop()
            if isinstance(node, Resource):
                return node
            stack.extend(reversed(model.shown_children(node)))
        return None

    # ---------------------------------------------------------------- expansion

    def expanded_ids(self) -> list[str]:
        return [category.id for category in self.model.root.categories()
                if self.view.isExpanded(self.model.index_of(category))]

    def remembered_expanded_ids(self) -> list[str]:
        """The open categories as the user left them (not as a search opened them)."""
        if self._expanded_before_filter is not None:
            return sorted(self._expanded_before_filter)
        return self.expanded_ids()

    def expand_for_first_look(self) -> None:
        """Everything open for a reading list; only the top level for a library of
        thousands, where an open tree is a long scroll (and a long layout)."""
        if len(self.model.catalog) <= EXPAND_ALL_UP_TO:
            self.view.expandAll()
        else:
            self.view.expandToDepth(0)

    def _expand_shown(self) -> None:
        """The shown categories open, right after a reset, in tree order until about
        ``EXPAND_SEARCH_ROWS`` rows are open; the category of the selection is opened too.

        Right after a reset the view only notes them while its layout is pending, and the
        one layout that follows opens them all (with fewer calls into the model than
        expandAll()'s own pass)."""
        budget = EXPAND_SEARCH_ROWS
        opened: set[Category] = set()
        for category in self.model.shown_categories():
            parent = category.parent
            if budget <= 0 or (parent is not None and parent.parent is not None
                               and parent not in opened):
                continue
            opened.add(category)
            budget -= len(self.model.shown_children(category))
        current = self.model.find(self.current_id) if self.current_id else None
        up = current.parent if current is not None else None
        while up is not None and up.parent is not None:  # up to, not including, the root
            opened.add(up)
            up = up.parent
        for category in opened:
            index = self.model.index_of(category)
            if index.isValid():
                self.view.expand(index)

    def set_expanded(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        for category in self.model.root.categories():
            index = self.model.index_of(category)
            if index.isValid():
                self.view.setExpanded(index, category.id in wanted)

    # ---------------------------------------------------------------- filtering

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        self.search.clear()
        self.status_filter.setCurrentIndex(0)

    def current_filter(self) -> SearchFilter:
        value = self.status_filter.currentData()
        return SearchFilter.of(self.search.text(), Status(value) if value else None)

    def _on_query(self, text: str) -> None:
        self.model.set_filter(self.current_filter())
        self._show_no_match()  # (the query it quotes changes without a reset too)

    def _on_status_filter(self, row: int) -> None:
        self.model.set_filter(self.current_filter())
        self._show_no_match()

    def _before_reset(self) -> None:
        if not self._showing_filtered:
            self._expanded_before_filter = set(self.expanded_ids())

    def _after_reset(self) -> None:
        """New rows (a filter, or a replaced catalog): open categories and selection again."""
        self._restoring = True
        try:
            self._showing_filtered = self.model.filter.active
            followed = self._follow_filter()
            if self._showing_filtered:
                self._expand_shown()
            elif self._expanded_before_filter is not None:
                self.set_expanded(self._expanded_before_filter)
                self._expanded_before_filter = None
            self._restore_current()
        finally:
            self._restoring = False
        self._show_no_match()
        if followed:
            self.selection_changed.emit(self.current_id)

    def _follow_filter(self) -> bool:
        """When the filter hides the selection, select its first match instead (or
        nothing, until a later filter shows matches again); True if the selection changed
        so."""
        if not self._showing_filtered:
            return False
        if not self.current_id and not self._emptied_by_filter:
            return False  # nothing was selected: the filter does not choose for the learner
        if self.current_id:
            node = self.model.find(self.current_id)
            if node is not None and self.model.index_of(node).isValid():
                return False
        first = self.first_shown_resource()
        self.current_id = first.id if first is not None else ""
        self._emptied_by_filter = first is None
        return True

    def _show_no_match(self) -> None:
        search = self.model.filter
        empty = search.active and not self.model.shown_children(self.model.root)
        if empty:
            status = self.status_filter.currentText()
            query = self.search.text().strip()
            if search.terms:
                among = f" with status ‘{status}’" if search.status is not None else ""
                text = (f"No resources match ‘{html.escape(query)}’{among} · "
                        "<a href=\"clear\">Clear search</a>")
            else:
                text = (f"No resources with status ‘{status}’ · "
                        "<a href=\"all\">Show all</a>")
            self.no_match.setText(text)
        self.no_match.setVisible(empty)
        self.view.setVisible(not empty)

    def _on_no_match_link(self, link: str) -> None:
        if link == "clear":
            self.search.clear()
        else:
            self.status_filter.setCurrentIndex(0)

    def _restore_current(self) -> None:
        node = self.model.find(self.current_id) if self.current_id else None
        index = self.model.index_of(node) if node is not None else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.selectionModel().clear()

    # ---------------------------------------------------------------- context menu

    def context_actions(self, index: QModelIndex, parent: QMenu) -> list[QAction]:
        actions = self._node_actions(index, parent)
        if self.extra_context_actions is not None:
            extra = self.extra_context_actions(self.model.node(index), parent)
            if extra and actions:
                separator = QAction(parent)
                separator.setSeparator(True)
                actions.append(separator)
            actions.extend(extra)
        return actions

    def _node_actions(self, index: QModelIndex, parent: QMenu) -> list[QAction]:
        node = self.model.node(index)
        if isinstance(node, Resource):
            open_link = QAction("Open Link", parent, enabled=bool(node.url))
            open_link.triggered.connect(lambda: self.open_requested.emit(node.id))
            copy_link = QAction("Copy Link", parent, enabled=bool(node.url))
            copy_link.triggered.connect(lambda: self.copy_requested.emit(node.id))
            done = self.model.is_done(node)
            toggle = QAction("Mark as Not Done" if done else "Mark as Done", parent)
            toggle.triggered.connect(lambda: self.model.setData(
                self.model.index_of(node),
                Qt.CheckState.Unchecked if done else Qt.CheckState.Checked,
                Qt.ItemDataRole.CheckStateRole))
            plan = QAction("Plan for Week…", parent)
            plan.triggered.connect(lambda: self.plan_requested.emit(node.id))
            session = QAction("Start Session", parent)
            session.triggered.connect(lambda: self.session_requested.emit(node.id))
            return [open_link, copy_link, toggle, plan, session,
                    self._someday_action(node, parent)]
        if isinstance(node, Category):
            expand = QAction("Expand All Below", parent)
            expand.triggered.connect(lambda: self.view.expandRecursively(index))
            collapse = QAction("Collapse", parent)
            collapse.triggered.connect(lambda: self.view.collapse(index))
            return [expand, collapse, self._someday_action(node, parent)]
        return []

    def _someday_action(self, node: Node, parent: QMenu) -> QAction:
        """A check: kept and searchable, not planned. Inherited from a category above,
        it is shown checked and greyed, with the category named."""
        action = QAction("Someday", parent, checkable=True)
        own = node.someday
        action.setChecked(self.model.is_someday(node))
        up = node.parent
        if not own and action.isChecked():
            while up is not None and not up.someday:
                up = up.parent
            action.setEnabled(False)
            action.setToolTip(f"Someday through the category “{up.title if up else ''}”; "
                              "clear it there")
            action.setText(f"Someday (through “{up.title if up else ''}”)")
        else:
            action.setToolTip("Kept and searchable, but not planned")
        action.triggered.connect(lambda checked: self.model.set_someday(node, checked))
        return action

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addActions(self.context_actions(index.siblingAtColumn(0), menu))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
