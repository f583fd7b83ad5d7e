"""The right-hand pane: the selected resource or category, kept in step with the state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from planner.core.catalog.model import Category, Resource
from planner.core.journal.state import AppState, Changed, Update
from planner.ui.bridge import bridge_for
from planner.ui.catalog.category_page import CategoryPage
from planner.ui.catalog.resource_page import ResourcePage
from planner.ui.link_opener import LinkOpener
from planner.ui.undo import UndoHistory
from planner.ui.widgets import mute


class DetailPane(QScrollArea):
    node_activated = Signal(str)  # a resource named in the pane (prerequisite, next up)

    def __init__(self, app: AppState, history: UndoHistory, opener: LinkOpener,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.node_id = ""
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack = QStackedWidget()
        self.empty = QLabel("Select a resource to see its details, or a category for its "
                            "progress.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mute(self.empty)
        self.resource_page = ResourcePage(app, history, opener)
        self.category_page = CategoryPage(app, history)
        for page in (self.empty, self.resource_page, self.category_page):
            self.stack.addWidget(page)
        self.setWidget(self.stack)
        self.resource_page.prerequisite_activated.connect(self.node_activated)
        self.category_page.resource_activated.connect(self.node_activated)
        bridge_for(app).changed.connect(self._on_change)

    def show_node(self, node_id: str) -> None:
        """Show the resource or category with this id (nothing for an unknown id)."""
        if node_id != self.node_id:
            self.resource_page.commit_notes()  # typed notes belong to the previous resource
        self.node_id = node_id
        self.refresh()

    def refresh(self) -> None:
        node = self._app.catalog.find(self.node_id) if self.node_id else None
        if isinstance(node, Resource):
            self.resource_page.show_resource(node)
            self.stack.setCurrentWidget(self.resource_page)
        elif isinstance(node, Category):
            self.category_page.show_category(node)
            self.stack.setCurrentWidget(self.category_page)
        else:
            self.stack.setCurrentWidget(self.empty)

    def commit_pending(self) -> None:
        """Commit notes still being typed (before undo, save and quit)."""
        self.resource_page.commit_notes()

    def _on_change(self, change: Update) -> None:
        showing_category = self.stack.currentWidget() is self.category_page
        if (change.flags & Changed.CATALOG or showing_category
                or self.node_id in change.resource_ids):
            self.refresh()
            return
        resource = self._app.catalog.resources.get(self.node_id)
        if resource is not None and change.resource_ids & set(resource.prerequisites):
            self.refresh()  # a prerequisite's tick mark
        elif change.flags & Changed.PLAN and self.stack.currentWidget() is self.resource_page:
            self.resource_page.show_schedule()  # a re-plan or a pin moved its weeks

