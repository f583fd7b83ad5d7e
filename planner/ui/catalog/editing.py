"""Editing the catalog from the window: New Resource, New Category, Edit, Delete.

Each action builds a new catalog with ``planner.core.catalog.editing`` (the rules live there) and
applies it as one undoable change, ``AppState.make_catalog``, through the undo history.
Replacing the catalog resets the tree's rows; the catalog panel keeps the selection and
the open categories by id, and the new or edited node is selected afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from planner.core.catalog import editing
from planner.core.catalog.model import Catalog, Category, Node, Resource, catalog_to_data
from planner.core.journal.state import AppState
from planner.core.operations.catalog import ReplaceCatalog
from planner.ui.catalog.panel import CatalogPanel
from planner.ui.formatting import as_written
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from planner.ui.dialogs.resource_dialog import Fields


def delete_button_text(node: Node, resources: int) -> str:
    """The delete question's verb: 'Delete', or for a category 'Delete 3 resources' (the
    question says the category goes with them)."""
    if isinstance(node, Category) and resources:
        return f"Delete {resources} resource{'s' if resources != 1 else ''}"
    return "Delete"


class CatalogEditor(QObject):
    """Owns the editing actions; the window puts them in its Edit menu and the tree's
    context menu. ``run_dialog`` is the one place a dialog is shown (tests drive it).
    Dialogs and message boxes, their Qt classes too, are loaded when first shown."""

    def __init__(self, app: AppState, history: UndoHistory, panel: CatalogPanel,
                 show_message: Callable[[str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.panel = panel
        self.show_message = show_message
        self.window = parent

        self.new_resource_action = QAction("New &Resource…", parent)
        self.new_resource_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_resource_action.setToolTip("Add a resource to the selected category")
        self.new_resource_action.triggered.connect(lambda: self.new_resource())
        self.new_category_action = QAction("New &Category…", parent)
        self.new_category_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_category_action.setToolTip("Add a category at the top level or inside the "
                                            "selected one")
        self.new_category_action.triggered.connect(lambda: self.new_category())
        # F2 and Del act on the tree only: in a text field they keep their usual meaning.
        self.edit_action = QAction("&Edit…", parent)
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_action.triggered.connect(lambda: self.edit())
        self.delete_action = QAction("&Delete", parent)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda: self.delete())
        panel.view.addActions([self.edit_action, self.delete_action])
        panel.view.edit_requested.connect(self.edit)
        panel.extra_context_actions = self.context_actions

    @property
    def actions(self) -> list[QAction]:
        return [self.new_resource_action, self.new_category_action, self.edit_action,
                self.delete_action]

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == dialog.DialogCode.Accepted

    def ask(self, question: QMessageBox) -> bool:
        """Show a question: True if its verb (the button of the destructive role) was
        clicked. Cancel, Esc or closing it: False."""
        question.exec()
        clicked = question.clickedButton()
        return clicked is not None and (
            question.buttonRole(clicked) == question.ButtonRole.DestructiveRole)

    def delete_question(self, text: str, verb: str) -> QMessageBox:
        """'Delete with progress?', its buttons the verb ('Delete 3 resources') and Cancel."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "Delete with progress?", text,
                          QMessageBox.StandardButton.NoButton, self.window)
        box.addButton(verb, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter does not delete by accident
        box.setEscapeButton(cancel)
        return box

    # ---------------------------------------------------------------- helpers

    def _node(self, node_id: str | None) -> Node | None:
        if node_id:
            return self.app.catalog.find(node_id)
        return self.panel.selected_node()

    def target_category(self, node: Node | None) -> Category | None:
        """Where a new resource goes: the selected category, or the selected resource's."""
        if isinstance(node, Resource):
            return node.parent
        if isinstance(node, Category):
            return node
        return None

    def apply(self, catalog: Catalog, label: str, select: str | None = None) -> bool:
        """Push the new catalog as one undoable change (nothing if nothing changed)."""
        if catalog_to_data(catalog) == catalog_to_data(self.app.catalog):
            return False
        if not self.history.push(lambda: ReplaceCatalog(catalog, label)):
            return False
        if select:
            self.panel.select(select)
        return True

    # ---------------------------------------------------------------- the actions

    def new_resource(self, category_id: str | None = None) -> bool:
        from planner.ui.dialogs.resource_dialog import ResourceDialog  # loaded when first used

        node = self._node(category_id)
        category = self.target_category(node)
        if category is None:
            category = next((c for c in self.app.catalog.root.children
                             if isinstance(c, Category)), None)
        if category is None:
            self.show_message("Add a category first (Edit ▸ New Category…, Ctrl+Shift+N)")
            return False
        catalog = self.app.catalog
        taken = set(self.app.state.progress) | set(self.app.state.pins)
        new_ids: list[str] = []

        def build(fields: Fields) -> Catalog:
            title = fields.get("title")
            rid = editing.new_id(catalog, title if isinstance(title, str) else "", taken)
            new_ids[:] = [rid]
            into = dialog.category_id() or category.id  # the dialog's category picker
            return editing.add_resource(catalog, into, {**fields, "id": rid})

        dialog = ResourceDialog(catalog, build, None, category.title, self.window,
                                category_id=category.id)
        if not self.run_dialog(dialog) or dialog.result_catalog is None:
            return False
        title = dialog.fields()["title"]
        return self.apply(dialog.result_catalog, f"Add “{title}”", new_ids[0])

    def new_category(self, parent_id: str | None = None) -> bool:
        from planner.ui.dialogs.resource_dialog import CategoryDialog  # loaded when first used

        node = self._node(parent_id)
        inside = self.target_category(node) if isinstance(node, Category) else None
        dialog = CategoryDialog(inside=inside.title if inside else None, parent=self.window)
        if not self.run_dialog(dialog):
            return False
        title = dialog.title.text().strip()
        parent = inside.id if inside is not None and dialog.inside.isChecked() else ""
        catalog = self.app.catalog
        cid = editing.new_id(catalog, title)
        new = editing.add_category(catalog, parent, title, cid)
        return self.apply(new, f"Add category “{title}”", cid)

    def edit(self, node_id: str | None = None) -> bool:
        from planner.ui.dialogs.resource_dialog import (  # when first used
            CategoryDialog,
            ResourceDialog,
        )

        node = self._node(node_id)
        catalog = self.app.catalog
        if isinstance(node, Resource):
            resource = node

            def build(fields: Fields) -> Catalog:
                return editing.update_resource(catalog, resource.id, fields)

            dialog = ResourceDialog(catalog, build, resource,
                                    resource.parent.title if resource.parent else "",
                                    self.window)
            if not self.run_dialog(dialog) or dialog.result_catalog is None:
                return False
            return self.apply(dialog.result_catalog, f"Edit “{resource.title}”", resource.id)
        if isinstance(node, Category):
            rename = CategoryDialog(node.title, new=False, parent=self.window)
            if not self.run_dialog(rename):
                return False
            title = rename.title.text().strip()
            new = editing.rename_category(catalog, node.id, title)
            return self.apply(new, f"Rename “{node.title}” to “{title}”", node.id)
        return False

    def delete(self, node_id: str | None = None) -> bool:
        node = self._node(node_id)
        if node is None:
            return False
        catalog = self.app.catalog
        with_progress = editing.resources_with_progress(catalog, [node.id],
                                                        self.app.state.progress)
        what = f"“{node.title}”"
        count = 1
        if isinstance(node, Category):
            count = len(editing.resources_below(catalog, [node.id]))
            what = (f"the category “{node.title}” and the {count} "
                    f"resource{'s' if count != 1 else ''} in it")
        if with_progress:
            n = len(with_progress)
            question = self.delete_question(
                as_written(f"Delete {what}?\n\n{n} resource{'s have' if n != 1 else ' has'} "
                           "recorded progress. Edit ▸ Undo brings it all back, progress "
                           "included."), delete_button_text(node, count))
            if not self.ask(question):
                return False
        up = node.parent
        following = self._neighbour(node)
        new = editing.delete_nodes(catalog, [node.id])
        done = self.apply(new, f"Delete “{node.title}”",
                          following or (up.id if up is not None and up.id else None))
        if done:
            self.show_message(f"Deleted {what} (Undo: Ctrl+Z)")
        return done

    def _neighbour(self, node: Node) -> str | None:
        """What to select after a delete: the next sibling, else the one before."""
        if node.parent is None:
            return None
        siblings = node.parent.children
        i = siblings.index(node)
        other = next(iter((*siblings[i + 1:], *reversed(siblings[:i]))), None)
        return other.id if other is not None else None

    # ---------------------------------------------------------------- the tree's menu

    def context_actions(self, node: Node | None, parent: QObject) -> list[QAction]:
        if node is None:
            return []
        actions: list[QAction] = []
        new_resource = QAction("New Resource…", parent)
        new_resource.setShortcut(self.new_resource_action.shortcut())
        new_resource.triggered.connect(lambda: self.new_resource(node.id))
        new_category = QAction("New Category…", parent)
        new_category.setShortcut(self.new_category_action.shortcut())
        new_category.triggered.connect(lambda: self.new_category(node.id))
        edit = QAction("Rename…" if isinstance(node, Category) else "Edit…", parent)
        edit.setShortcut(self.edit_action.shortcut())
        edit.triggered.connect(lambda: self.edit(node.id))
        delete = QAction("Delete", parent)
        delete.setShortcut(self.delete_action.shortcut())
        delete.triggered.connect(lambda: self.delete(node.id))
        actions.extend([new_resource, new_category, edit, delete])
        return actions
