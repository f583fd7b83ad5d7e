"""The import preview: what a reading list would add, which entries are duplicates of
resources already there (skipped, or merged on request) and which were refused, and why.

The learner steers it before anything changes: entries and whole categories are checked
or unchecked, each entry's guessed kind and effort can be changed in place, the new
categories can go under a chosen parent, and everything can come in as Someday (kept,
not planned: a long awesome list does not flood the plan). Nothing changes until Import;
the caller then applies ``steer_import`` with ``leave_out``, ``kinds``, ``efforts`` and
``someday``, and ``merge_import`` with ``under`` and ``merge_duplicates``, as one undoable
change.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.merge import AddedResource, ImportPreview
from planner.core.catalog.model import (
    DEFAULT_EFFORT_BY_KIND,
    FALLBACK_EFFORT,
    KINDS,
    MAX_EFFORT_HOURS,
    Catalog,
    Category,
)
from planner.core.hours import format_hours
from planner.core.wording import kind_label
from planner.ui.formatting import as_written

SHOWN_AT_MOST = 5000  # rows per list; a longer list says how many more there are
# A list adding more than this comes in as Someday unless the learner unchecks it.
SOMEDAY_ABOVE = 100
SourceRole = Qt.ItemDataRole.UserRole  # an entry's id in the imported list
ValueRole = Qt.ItemDataRole.UserRole + 1  # its kind, or its effort in hours
TITLE, KIND, EFFORT, LINK = 0, 1, 2, 3
Index = QModelIndex | QPersistentModelIndex


def default_effort(kind: str) -> float:
    return DEFAULT_EFFORT_BY_KIND.get(kind, FALLBACK_EFFORT)


class KindDelegate(QStyledItemDelegate):
    """The Kind column: a combo of the known kinds (and the entry's own, if another)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Kind")
        for kind in KINDS:
            combo.addItem(kind_label(kind), kind)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        kind = str(index.data(ValueRole) or "")
        if editor.findData(kind) < 0:
            editor.addItem(kind_label(kind), kind)
        editor.setCurrentIndex(editor.findData(kind))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        kind = str(editor.currentData())
        model.setData(index, kind, ValueRole)
        model.setData(index, kind_label(kind), Qt.ItemDataRole.DisplayRole)


class EffortDelegate(QStyledItemDelegate):
    """The Effort column: hours in a spin box."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        spin = QDoubleSpinBox(parent)
        spin.setAccessibleName("Effort in hours")
        spin.setRange(0.25, MAX_EFFORT_HOURS)
        spin.setDecimals(2)
        spin.setSingleStep(0.5)
        spin.setSuffix(" h")
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.setValue(float(index.data(ValueRole) or 1.0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), ValueRole)
        model.setData(index, format_hours(editor.value()), Qt.ItemDataRole.DisplayRole)


def category_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """(id, "Parent / Child") of every category, in tree order, for the parent picker."""
    out: list[tuple[str, str]] = []

    def walk(category: Category, path: str) -> None:
        for child in category.children:
            if isinstance(child, Category):
                title = f"{path} / {child.title}" if path else child.title
                out.append((child.id, title))
                walk(child, title)

    walk(catalog.root, "")
    return out


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def resource_line(resource: AddedResource) -> str:
    by = f" — {', '.join(resource.authors)}" if resource.authors else ""
    return f"{resource.title}{by}"


class ImportDialog(QDialog):
    """``repreview(under)``: the preview with the list under another category (its
    categories merge with that category's own); without it there is no parent picker."""

    def __init__(self, preview: ImportPreview, path: Path,
                 parent: QWidget | None = None, *,
                 categories: list[tuple[str, str]] | None = None,
                 repreview: Callable[[str | None], ImportPreview] | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.path = path
        self._repreview = repreview
        self._unchecked: set[str] = set()  # source ids the learner left out
        self.kinds: dict[str, str] = {}  # source id → the kind the learner chose
        self.efforts: dict[str, float] = {}  # source id → the effort the learner chose
        self._filling = False
        self.setWindowTitle(f"Import {path.name}")
        self.setMinimumSize(760, 520)

        heading = QLabel(f"<b>{_escape(preview.title)}</b> from {_escape(path.name)}")
        heading.setToolTip(str(path))
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.tabs = QTabWidget()
        self.added_tree = QTreeWidget()
        self.added_tree.setHeaderLabels(["Category / resource", "Kind", "Effort", "Link"])
        self.added_tree.setUniformRowHeights(True)
        self.added_tree.setAccessibleName("What will be added")
        self.added_tree.setToolTip("Uncheck what you do not want; double-click a kind or "
                                   "an effort to change it")
        self.added_tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.SelectedClicked)
        self.kind_delegate = KindDelegate(self.added_tree)
        self.effort_delegate = EffortDelegate(self.added_tree)
        self.added_tree.setItemDelegateForColumn(KIND, self.kind_delegate)
        self.added_tree.setItemDelegateForColumn(EFFORT, self.effort_delegate)
        self.added_tree.itemChanged.connect(self._on_item_changed)
        self._fill_added()
        self.tabs.addTab(self.added_tree, f"To add ({len(preview.added)})")

        self.parent_picker = QComboBox()
        self.parent_picker.setAccessibleName("Put new categories under")
        self.parent_picker.addItem("The top level", "")
        for cid, title in categories or []:
            self.parent_picker.addItem(title, cid)
        self.parent_picker.setEnabled(repreview is not None and bool(categories))
        self.parent_picker.setToolTip(
            "The list's categories go into this category (one of the same title merges)"
            if self.parent_picker.isEnabled() else "Your catalog has no categories yet")
        self.someday_check = QCheckBox("Bring them in as Someday: kept and searchable, "
                                       "not planned")
        self.someday_check.setToolTip(
            "Someday entries stay out of the weekly plan until you take them out of "
            "Someday (right-click in the list)")
        self.someday_check.setChecked(len(preview.added) > SOMEDAY_ABOVE)
        options = QFormLayout()
        options.addRow("Put new categories under:", self.parent_picker)
        options.addRow(self.someday_check)

        dup_page = QWidget()
        dup_layout = QVBoxLayout(dup_page)
        self.merge_check = QCheckBox("Merge new links, tags and authors into the existing "
                                     "entries (otherwise duplicates are skipped)")
        dup_layout.addWidget(self.merge_check)
        self.merge_hint = QLabel()
        self.merge_hint.setWordWrap(True)
        self.merge_hint.setAccessibleName("Why merging is not offered")
        dup_layout.addWidget(self.merge_hint)
        self.duplicates_list = QListWidget()
        self.duplicates_list.setAccessibleName("Duplicates")
        dup_layout.addWidget(self.duplicates_list, 1)
        dups = preview.duplicates
        self.tabs.addTab(dup_page, f"Duplicates ({len(dups)})")
        self._update_merge_box()

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
        layout.addLayout(options)
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)

        self.merge_check.toggled.connect(self._update)
        self.parent_picker.currentIndexChanged.connect(self._on_parent_changed)
        self._update()
        if not preview.added and dups:
            self.tabs.setCurrentIndex(1)
        elif not preview.added and preview.refused:
            self.tabs.setCurrentIndex(2)

    @property
    def merge_duplicates(self) -> bool:
        return self.merge_check.isChecked() and self.merge_check.isEnabled()

    @property
    def leave_out(self) -> set[str]:
        """Ids (in the imported list) of the entries the learner unchecked."""
        return set(self._unchecked)

    @property
    def someday(self) -> bool:
        return self.someday_check.isChecked()

    @property
    def under(self) -> str | None:
        """The id of the category the new categories go under; None: the top level."""
        return str(self.parent_picker.currentData() or "") or None

    def selected_count(self) -> int:
        return len(self.preview.added) - len(self._unchecked)

    def _merges_something(self) -> bool:
        return self.merge_duplicates and any(
            d.adds_something for d in self.preview.duplicates if not d.in_import)

    def changes_anything(self) -> bool:
        return self.selected_count() > 0 or self._merges_something()

    def _fill_added(self) -> None:
        self._filling = True
        self.added_tree.clear()
        by_category: dict[tuple[str, ...], list[AddedResource]] = defaultdict(list)
        for resource in self.preview.added[:SHOWN_AT_MOST]:
            by_category[resource.category].append(resource)
        shown = [c for c in self.preview.categories if c.resources or c.new]
        checkable = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        for category in shown[:SHOWN_AT_MOST]:
            state = "new" if category.new else "existing"
            item = QTreeWidgetItem([f"{' / '.join(category.path)} ({state}, "
                                    f"+{category.resources})", "", "", ""])
            item.setFlags(checkable | Qt.ItemFlag.ItemIsAutoTristate
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(TITLE, Qt.CheckState.Checked)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for resource in by_category.get(category.path, []):
                self._add_entry(item, resource)
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
        for column in (KIND, EFFORT):
            self.added_tree.resizeColumnToContents(column)
        self._filling = False

    def _add_entry(self, item: QTreeWidgetItem, resource: AddedResource) -> None:
        source = resource.source_id
        kind = self.kinds.get(source, resource.kind)
        effort = self.efforts.get(source, resource.effort if kind == resource.kind
                                  else default_effort(kind))
        child = QTreeWidgetItem([resource_line(resource), kind_label(kind),
                                 format_hours(effort), resource.url or ""])
        child.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                       | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
        child.setData(TITLE, SourceRole, source)
        child.setData(KIND, ValueRole, kind)
        child.setData(EFFORT, ValueRole, effort)
        child.setCheckState(TITLE, Qt.CheckState.Unchecked if source in self._unchecked
                            else Qt.CheckState.Checked)
        child.setToolTip(TITLE, as_written(resource.title))
        child.setToolTip(KIND, "Guessed from the link; double-click to change")
        child.setToolTip(EFFORT, "Hours to study it; double-click to change")
        child.setToolTip(LINK, as_written(resource.url) if resource.url else "")
        item.addChild(child)

    def entry_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.added_tree.topLevelItemCount()):
            top = self.added_tree.topLevelItem(i)
            if top is not None:
                out.extend(c for j in range(top.childCount()) if (c := top.child(j)))
        return out

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        source = item.data(TITLE, SourceRole)
        if self._filling or not source:
            return  # a category's own check: its entries report theirs
        source = str(source)
        if column == TITLE:
            if item.checkState(TITLE) == Qt.CheckState.Unchecked:
                self._unchecked.add(source)
            else:
                self._unchecked.discard(source)
            self._update_button()
        elif column == KIND:
            kind = str(item.data(KIND, ValueRole))
            self.kinds[source] = kind
            if source not in self.efforts:  # the estimate follows the kind
                self._filling = True
                item.setData(EFFORT, ValueRole, default_effort(kind))
                item.setText(EFFORT, format_hours(default_effort(kind)))
                self._filling = False
        elif column == EFFORT:
            self.efforts[source] = float(item.data(EFFORT, ValueRole))

    def _on_parent_changed(self) -> None:
        if self._repreview is None:
            return
        self.preview = self._repreview(self.under)
        self._fill_added()
        self._update_merge_box()
        self._update()

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

    def _update_merge_box(self) -> None:
        dups = [d for d in self.preview.duplicates if not d.in_import]
        mergeable = any(d.adds_something for d in dups)
        self.merge_check.setEnabled(mergeable)
        if mergeable:
            why = ""
        elif not dups:
            why = "Nothing to merge: no entry of the list is already in your catalog."
        else:
            why = ("Nothing to merge: the duplicates bring no link, tag or author that "
                   "your entries lack.")
        self.merge_check.setToolTip(why)
        self.merge_hint.setText(why)
        self.merge_hint.setVisible(bool(why))

    def _update(self) -> None:
        merge = self.merge_duplicates
        self.summary.setText(self.preview.summary(merge) + ".")
        self.duplicates_list.clear()
        self._add_lines(self.duplicates_list, self.duplicate_lines(merge))
        self._update_button()

    def _update_button(self) -> None:
        count = self.selected_count()
        merging = self._merges_something()
        if count:
            self.import_button.setText(f"Import {_plural(count, 'resource')}")
        elif merging:
            self.import_button.setText("Merge Duplicates")
        else:
            self.import_button.setText("Import")
        changes = bool(count) or merging
        self.import_button.setEnabled(changes)
        if changes:
            self.import_button.setToolTip("")
        elif self.preview.added:
            self.import_button.setToolTip("Nothing to import: every entry is unchecked")
        else:
            self.import_button.setToolTip("Nothing to import: everything in the list is "
                                          "already there or was refused")


def _escape(text: str) -> str:
    return html.escape(text)
