"""Search and status filtering of the category tree, keeping the parents of matches visible.

Every word of the query must occur in the resource's title, authors or tags (case
folded). The text searched is built once per resource and dropped when the catalog is
replaced. Categories are shown when something below them matches (Qt's recursive
filtering), so a filter never leaves a match without its path.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from planner.core.catalog import Category, Resource
from planner.core.progress import Status
from planner.ui.tree_model import CatalogTreeModel


def haystack(resource: Resource) -> str:
    return "\n".join([resource.title, *resource.authors, *resource.tags]).casefold()


class CatalogFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._words: tuple[str, ...] = ()
        self._status: Status | None = None
        self._haystacks: dict[str, str] = {}

    def setSourceModel(self, model: CatalogTreeModel) -> None:  # type: ignore[override]
        old = self.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self._haystacks.clear)
        super().setSourceModel(model)
        model.modelReset.connect(self._haystacks.clear)
        self._haystacks.clear()

    def source(self) -> CatalogTreeModel:
        model = self.sourceModel()
        assert isinstance(model, CatalogTreeModel)
        return model

    # ---------------------------------------------------------------- the filter

    @property
    def query(self) -> str:
        return " ".join(self._words)

    @property
    def status(self) -> Status | None:
        return self._status

    @property
    def is_filtering(self) -> bool:
        return bool(self._words) or self._status is not None

    def set_query(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: Status | None) -> None:
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._words and self._status is None:
            return True
        model = self.source()
        # Straight to the core object: no QModelIndex per row, which keeps a keystroke on
        # a catalog of thousands well under a frame.
        parent = source_parent.internalPointer() if source_parent.isValid() else model.root
        node = parent.children[source_row]
        if isinstance(node, Category):
            return False  # shown when a descendant matches
        if self._status is not None and model.status(node) is not self._status:
            return False
        if self._words:
            text = self._haystacks.get(node.id)
            if text is None:
                text = self._haystacks[node.id] = haystack(node)
            return all(word in text for word in self._words)
        return True
