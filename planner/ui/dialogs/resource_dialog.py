"""The resource editor (a form for one resource) and the small category dialog.

The dialog only collects fields; the rules are the core's (``planner.core.catalog.editing``).
While the form is invalid, OK is disabled and the error, naming the field, shows under
the form. On OK the whole catalog is built (``build``); if that is refused (a
prerequisite cycle, say) the dialog stays open with everything typed still there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.editing import check_resource_fields
from planner.core.catalog.model import (
    DEFAULT_PRIORITY,
    KINDS,
    MAX_EFFORT_HOURS,
    MAX_PRIORITY,
    MAX_UNITS,
    MIN_PRIORITY,
    Catalog,
    CatalogError,
    Category,
    Resource,
)
from planner.core.wording import kind_from_label, kind_label, priority_label
from planner.ui.dialogs.prerequisite_picker import PrerequisitePicker
from planner.ui.widgets import show_as_error, text_label

Fields = dict[str, object]
Build = Callable[[Fields], Catalog]

FIELD_LABELS = {
    "title": "Title",
    "authors": "Authors",
    "url": "Link",
    "links": "Link",
    "kind": "Kind",
    "effort_hours": "Effort",
    "effort_basis": "Effort",
    "units": "Units",
    "name": "Units",
    "count": "Units",
    "tags": "Tags",
    "prerequisites": "Prerequisites",
    "priority": "Priority",
    "deadline": "Deadline",
    "notes": "Catalog notes",
}


def split_list(text: str) -> list[str]:
    """'a; b' or 'a, b' → ['a', 'b'] (semicolons win, so 'Doe, J.; Roe, R.' works)."""
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def join_list(items: Sequence[str]) -> str:
    return ("; " if any("," in item for item in items) else ", ").join(items)


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic moves to ``widget`` (for rows that hold a layout)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def describe_error(exc: CatalogError) -> tuple[str, str]:
    """(the field's label, the message) for a refused edit: 'Link: javascript:… refused'."""
    name = exc.field_name or ""
    if "units" in exc.path:
        name = "units"
    label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize() or "Resource")
    message = exc.message
    prefix = f"'{exc.field_name}': "
    if message.startswith(prefix):
        message = message[len(prefix):]
    return label, f"{label}: {message}"


def category_path(category: Category) -> str:
    """'Code ▸ Python': a category as the picker lists it (titles may repeat)."""
    titles = []
    node: Category | None = category
    while node is not None and node.parent is not None:
        titles.append(node.title)
        node = node.parent
    return " ▸ ".join(reversed(titles))


class ResourceDialog(QDialog):
    """Add or edit one resource. ``result_catalog`` holds the new catalog after OK."""

    def __init__(self, catalog: Catalog, build: Build, resource: Resource | None = None,
                 category_title: str = "", parent: QWidget | None = None, *,
                 category_id: str | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.build = build
        self.resource = resource
        self.result_catalog: Catalog | None = None
        self.error_field = ""
        self.setWindowTitle(f"Edit “{resource.title}”" if resource else "New Resource")
        self.setMinimumWidth(520)

        self.title = QLineEdit()
        self.title.setPlaceholderText("Required")
        self.authors = QLineEdit()
        self.authors.setPlaceholderText("Separated by commas (or semicolons)")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        # A new resource's category: a picker, starting at the selected one.
        self.category: QComboBox | None = None
        if resource is None and category_id is not None:
            self.category = QComboBox()
            for category in catalog.root.categories():
                self.category.addItem(category_path(category), category.id)
            self.category.setCurrentIndex(max(0, self.category.findData(category_id)))
        self.kind = QComboBox()
        self.kind.setEditable(True)  # a kind of one's own may be typed
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)  # as the detail pane writes it
        self.effort = QDoubleSpinBox()
        self.effort.setRange(0.0, MAX_EFFORT_HOURS)
        self.effort.setDecimals(1)
        self.effort.setSingleStep(0.5)
        self.effort.setSuffix(" h")
        self.effort.setSpecialValueText("estimate by kind")
        self.effort_basis = QLineEdit()
        self.effort_basis.setPlaceholderText("Basis, e.g. 320 pages at 10 pages/h")
        self.units_name = QLineEdit()
        self.units_name.setPlaceholderText("chapter, video, exercise…")
        self.units_count = QSpinBox()
        self.units_count.setRange(0, MAX_UNITS)
        self.units_count.setSpecialValueText("none")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Separated by commas")
        self.prerequisites = PrerequisitePicker(
            catalog, resource.id if resource else None,
            list(resource.prerequisites) if resource else [])
        self.prerequisites.setToolTip("Resources to study first, picked by title")
        self.priority = QComboBox()
        for value in range(MIN_PRIORITY, MAX_PRIORITY + 1):
            self.priority.addItem(priority_label(value), value)  # as the detail pane has it
        self.has_deadline = QCheckBox("Deadline")
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        form = QFormLayout()
        if self.category is not None:
            form.addRow("&Category:", self.category)
        form.addRow("&Title:", self.title)
        form.addRow("&Authors:", self.authors)
        form.addRow("&Link:", self.url)
        form.addRow("&Kind:", self.kind)
        effort_row = QHBoxLayout()
        effort_row.addWidget(self.effort)
        effort_row.addWidget(self.effort_basis, 1)
        form.addRow(_buddy("&Effort:", self.effort), effort_row)
        units_row = QHBoxLayout()
        units_row.addWidget(self.units_count)
        units_row.addWidget(self.units_name, 1)
        form.addRow(_buddy("&Units:", self.units_count), units_row)
        form.addRow("Ta&gs:", self.tags)
        form.addRow(_buddy("&Prerequisites:", self.prerequisites.line), self.prerequisites)
        form.addRow("P&riority:", self.priority)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline, 1)
        form.addRow("", deadline_row)
        form.addRow("Catalog &notes:", self.notes)
        self._widgets: Mapping[str, QWidget] = {
            "Title": self.title, "Authors": self.authors, "Link": self.url, "Kind": self.kind,
            "Effort": self.effort, "Units": self.units_name, "Tags": self.tags,
            "Prerequisites": self.prerequisites.line, "Priority": self.priority,
            "Deadline": self.deadline, "Catalog notes": self.notes}

        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a hostile link
        self.error.setWordWrap(True)
        show_as_error(self.error)
        self.error.setAccessibleName("Error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if resource else "Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if category_title and self.category is None:
            layout.addWidget(text_label(f"In “{category_title}”"))  # a title, not markup
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._fill(resource)
        for line in (self.title, self.authors, self.url, self.effort_basis, self.units_name,
                     self.tags):
            line.textChanged.connect(self.revalidate)
        self.prerequisites.changed.connect(self.revalidate)
        self.kind.currentTextChanged.connect(self.revalidate)
        self.effort.valueChanged.connect(self.revalidate)
        self.units_count.valueChanged.connect(self.revalidate)
        self.priority.currentIndexChanged.connect(self.revalidate)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.has_deadline.toggled.connect(self.revalidate)
        self.deadline.dateChanged.connect(self.revalidate)
        self.notes.textChanged.connect(self.revalidate)
        self.revalidate()
        if resource is None:
            self.error.hide()  # a new, empty form: OK waits for a title, no scolding yet
        self.title.setFocus()

    def _fill(self, resource: Resource | None) -> None:
        self.set_priority(DEFAULT_PRIORITY)
        self.deadline.setDate(QDate.currentDate().addMonths(1))
        self.deadline.setEnabled(False)
        if resource is None:
            self.kind.setCurrentText(kind_label("book"))
            return
        self.title.setText(resource.title)
        self.authors.setText(join_list(resource.authors))
        self.url.setText(resource.url or "")
        self.kind.setCurrentText(kind_label(resource.kind) if resource.kind in KINDS
                                 else resource.kind)
        self.effort.setValue(resource.effort_hours or 0.0)
        self.effort_basis.setText(resource.effort_basis)
        if resource.units is not None:
            self.units_name.setText(resource.units.name)
            self.units_count.setValue(resource.units.count)
        self.tags.setText(", ".join(resource.tags))
        self.set_priority(resource.priority)
        if resource.deadline is not None:
            self.has_deadline.setChecked(True)
            self.deadline.setEnabled(True)
            self.deadline.setDate(QDate(resource.deadline.year, resource.deadline.month,
                                        resource.deadline.day))
        self.notes.setPlainText(resource.notes)

    # ---------------------------------------------------------------- the fields

    def set_priority(self, value: int) -> None:
        self.priority.setCurrentIndex(max(0, self.priority.findData(value)))

    def category_id(self) -> str | None:
        """The category picked for a new resource (None when the dialog has no picker)."""
        return self.category.currentData() if self.category is not None else None

    def fields(self) -> Fields:
        """The form as plain catalog fields (empty ones as None: "remove")."""
        units: object = None
        name, count = self.units_name.text().strip(), self.units_count.value()
        if name or count:
            units = {"name": name, "count": count}
        deadline = None
        if self.has_deadline.isChecked():
            date = self.deadline.date()
            deadline = dt.date(date.year(), date.month(), date.day())
        effort = self.effort.value()
        return {
            "title": self.title.text().strip(),
            "authors": split_list(self.authors.text()) or None,
            "url": self.url.text().strip() or None,
            "kind": kind_from_label(self.kind.currentText(), KINDS) or None,
            "effort_hours": effort if effort > 0 else None,
            "effort_basis": self.effort_basis.text().strip() or None,
            "units": units,
            "tags": split_list(self.tags.text()) or None,
            "prerequisites": self.prerequisites.ids() or None,
            "priority": self.priority.currentData(),
            "deadline": deadline,
            "notes": self.notes.toPlainText().strip() or None,
        }

    def _check_units(self, fields: Fields) -> None:
        units = fields["units"]
        if isinstance(units, dict):
            if not units["name"]:
                raise CatalogError("give the name of one unit (chapter, video, …) "
                                   "or set the count to none", ("units",), "units")
            if not units["count"]:
                raise CatalogError(f"'units.count' must be a whole number from 1 to "
                                   f"{MAX_UNITS}, got 0", ("units",), "units")

    def revalidate(self) -> bool:
        """Check the form as it is; show the error and disable OK while it is invalid."""
        fields = self.fields()
        try:
            self._check_units(fields)
            check_resource_fields(self.catalog, fields,
                                  self.resource.id if self.resource else None)
        except CatalogError as exc:
            self.show_error(exc)
            return False
        self.show_error(None)
        return True

    def show_error(self, exc: CatalogError | None) -> None:
        if exc is None:
            self.error_field = ""
            self.error.clear()
            self.error.setMinimumHeight(0)
            self.error.hide()
            self.ok_button.setEnabled(True)
            return
        self.error_field, message = describe_error(exc)
        self.error.setText(message)
        # Room for every wrapped line (a layout does not ask a label's height for its
        # width), so the dialog grows rather than drawing the message over the notes.
        self.error.setMinimumHeight(self.error.heightForWidth(self.buttons.width()))
        self.error.show()
        self.ok_button.setEnabled(False)

    def accept(self) -> None:
        if not self.prerequisites.commit_pending():  # a title typed but not picked yet
            return
        if not self.revalidate():
            return
        try:
            self.result_catalog = self.build(self.fields())
        except CatalogError as exc:
            self.show_error(exc)
            self.ok_button.setEnabled(True)  # the form may be fine once another field changes
            widget = self._widgets.get(self.error_field)
            if widget is not None:
                widget.setFocus()
            return
        super().accept()


class CategoryDialog(QDialog):
    """A category's title, and (for a new one) whether it goes inside the selected one."""

    def __init__(self, title: str = "", *, inside: str | None = None, new: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Category" if new else "Rename Category")
        self.setMinimumWidth(380)
        self.title = QLineEdit(title)
        self.title.setPlaceholderText("Required")
        self.inside = QCheckBox(f"Inside “{inside}”" if inside else "")
        self.inside.setChecked(bool(inside))
        self.inside.setVisible(bool(inside) and new)
        self.error = QLabel()
        show_as_error(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add" if new else "Rename")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.inside)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.title.textChanged.connect(self._revalidate)
        self._revalidate()
        if not title:
            self.error.hide()  # a fresh form: OK waits for a title, no scolding yet

    def _revalidate(self) -> None:
        empty = not self.title.text().strip()
        self.error.setText("Title: a category needs a title" if empty else "")
        self.error.setVisible(empty)
        self.ok_button.setEnabled(not empty)

    def accept(self) -> None:
        if self.title.text().strip():
            super().accept()
