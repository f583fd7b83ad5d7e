"""The import preview: what a reading list would add, which entries are duplicates of
resources already there (skipped, or merged on request) and which were refused, and why.

Nothing changes until Import; the caller then applies ``merge_import`` as one undoable
change, with ``merge_duplicates`` from the check box.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.merge import AddedResource, ImportPreview
from planner.ui.formatting import as_written

SHOWN_AT_MOST = 5000  # rows per list; a longer list says how many more there are


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def resource_line(resource: AddedResource) -> str:
    by = f" — {', '.join(resource.authors)}" if resource.authors else ""
    return f"{resource.title}{by}"


class ImportDialog(QDialog):
    def __init__(self, preview: ImportPreview, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.path = path
        self.setWindowTitle(f"Import {path.name}")
        self.setMinimumSize(620, 460)

        heading = QLabel(f"<b>{_escape(preview.title)}</b> from {_escape(path.name)}")
        heading.setToolTip(str(path))
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.tabs = QTabWidget()
        self.added_tree = QTreeWidget()
        self.added_tree.setHeaderLabels(["Category / resource", "Link"])
        self.added_tree.setUniformRowHeights(True)
        self.added_tree.setAccessibleName("What will be added")
        self._fill_added()
        self.tabs.addTab(self.added_tree, f"To add ({len(preview.added)})")

        dup_page = QWidget()
        dup_layout = QVBoxLayout(dup_page)
        self.merge_check = QCheckBox("Merge new links, tags and authors into the existing "
                                     "entries (otherwise duplicates are skipped)")
        dup_layout.addWidget(self.merge_check)
        self.duplicates_list = QListWidget()
        self.duplicates_list.setAccessibleName("Duplicates")
        dup_layout.addWidget(self.duplicates_list, 1)
        dups = preview.duplicates
        self.tabs.addTab(dup_page, f"Duplicates ({len(dups)})")
        self.merge_check.setEnabled(any(d.adds_something and not d.in_import for d in dups))

        self.refused_list = QListWidget()
        self.refused_list.setAccessibleName("Refused entries")
        self._add_lines(self.refused_list, [str(r) for r in preview.refused])
        self.tabs.addTab(self.refused_list, f"Refused ({len(preview.refused)})")

        self.warnings = QLabel("\n".join(f"Note: {w}" for w in preview.warnings))
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # they quote the links left out
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(preview.warnings))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.button(
            QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.cancel_button: QPushButton = self.buttons.button(
            QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)

        self.merge_check.toggled.connect(self._update)
        self._update()
        if not preview.added and dups:
            self.tabs.setCurrentIndex(1)
        elif not preview.added and preview.refused:
            self.tabs.setCurrentIndex(2)

    @property
    def merge_duplicates(self) -> bool:
        return self.merge_check.isChecked()

    def _fill_added(self) -> None:
        by_category: dict[tuple[str, ...], list[AddedResource]] = defaultdict(list)
        for resource in self.preview.added[:SHOWN_AT_MOST]:
            by_category[resource.category].append(resource)
        shown = [c for c in self.preview.categories if c.resources or c.new]
        for category in shown[:SHOWN_AT_MOST]:
            state = "new" if category.new else "existing"
            item = QTreeWidgetItem([f"{' / '.join(category.path)} ({state}, "
                                    f"+{category.resources})", ""])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for resource in by_category.get(category.path, []):
                child = QTreeWidgetItem([resource_line(resource), resource.url or ""])
                child.setToolTip(0, as_written(f"{resource.title} ({resource.kind})"))
                child.setToolTip(1, as_written(resource.url) if resource.url else "")
                item.addChild(child)
            self.added_tree.addTopLevelItem(item)
        if len(shown) > SHOWN_AT_MOST:  # 50,000 headings: 50,000 items took seconds
            self.added_tree.addTopLevelItem(QTreeWidgetItem(
                [f"… and {len(shown) - SHOWN_AT_MOST} more categories", ""]))
        elif len(self.preview.added) > SHOWN_AT_MOST:
            self.added_tree.addTopLevelItem(QTreeWidgetItem(
                [f"… and {len(self.preview.added) - SHOWN_AT_MOST} more", ""]))
        self.added_tree.expandToDepth(0)
        self.added_tree.resizeColumnToContents(0)
        self.added_tree.setColumnWidth(0, min(self.added_tree.columnWidth(0), 380))

    def _add_lines(self, widget: QListWidget, lines: list[str]) -> None:
        widget.addItems(lines[:SHOWN_AT_MOST])
        if len(lines) > SHOWN_AT_MOST:
            widget.addItem(f"… and {len(lines) - SHOWN_AT_MOST} more")

    def duplicate_lines(self, merge: bool) -> list[str]:
        lines = []
        for d in self.preview.duplicates:
            if d.in_import:
                lines.append(f"“{d.title}”: listed twice in the file — skipped")
                continue
            lines.append(f"“{d.title}”: same link as “{d.existing_title}” — {d.outcome(merge)}")
        return lines

    def _update(self) -> None:
        merge = self.merge_duplicates
        self.summary.setText(self.preview.summary(merge) + ".")
        self.duplicates_list.clear()
        self._add_lines(self.duplicates_list, self.duplicate_lines(merge))
        changes = self.preview.changes_anything(merge)
        self.import_button.setEnabled(changes)
        self.import_button.setToolTip("" if changes else "Nothing to import: everything in "
                                      "the list is already there or was refused")


def _escape(text: str) -> str:
    return html.escape(text)
