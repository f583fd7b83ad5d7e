"""Prerequisites picked by title: a field with a completer over the catalog's titles, the
chosen ones shown as chips with a × to remove them.

A pick that would close a cycle is refused at once, the cycle named in titles
("Deep Learning → Linear Algebra → Deep Learning"); so is the resource itself. Matching and
the cycle check are the core's (``planner.core.catalog.titles``, ``cycle_if_added``); this
widget only lays them out. Text that picks nothing stays in the field, with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import Catalog, cycle_if_added, cycle_in_titles
from planner.core.catalog.titles import TitleChoice, matching, pick, title_choices
from planner.ui.widgets import show_as_error

MAX_SUGGESTIONS = 50


class PrerequisitePicker(QWidget):
    """The prerequisites of ``resource_id`` (None: a resource not added yet)."""

    changed = Signal()

    def __init__(self, catalog: Catalog, resource_id: str | None, chosen: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.resource_id = resource_id
        self.choices = title_choices(catalog)
        self._labels = {c.resource_id: c.label for c in self.choices}
        self._ids: list[str] = []

        self.line = QLineEdit()
        self.line.setPlaceholderText("Type a title, then pick it (Enter)")
        self.line.setAccessibleName("Add a prerequisite by title")
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        # The list is filtered here (words, case and accents folded), not by Qt's prefix.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.line)
        self.completer.activated.connect(self._on_activated)  # the QString overload
        self.line.textEdited.connect(self._suggest)
        self.line.installEventFilter(self)

        self.chips = QWidget()
        self.chips.setAccessibleName("Prerequisites chosen")
        # One chip a line: titles are long, and a resource has few prerequisites.
        self.flow = QVBoxLayout(self.chips)
        self.flow.setContentsMargins(0, 0, 0, 0)
        self.flow.setSpacing(2)
        self.message = QLabel()
        self.line.textChanged.connect(self.message.hide)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it quotes titles
        self.message.setWordWrap(True)
        show_as_error(self.message)
        self.message.setAccessibleName("Prerequisite not added")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.chips)
        layout.addWidget(self.line)
        layout.addWidget(self.message)
        for rid in chosen:
            if rid not in self._ids:
                self._ids.append(rid)
        self._show_chips()

    # ---------------------------------------------------------------- the chosen

    def ids(self) -> list[str]:
        return list(self._ids)

    def label(self, resource_id: str) -> str:
        return self._labels.get(resource_id, resource_id)

    def chip_buttons(self) -> list[QToolButton]:
        return [b for b in self.chips.findChildren(QToolButton) if b.isVisibleTo(self.chips)]

    def _show_chips(self) -> None:
        while (item := self.flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for rid in self._ids:
            label = self.label(rid)
            chip = QToolButton(self.chips)
            chip.setText(f"{label}  ×")
            chip.setToolTip(f"Remove “{label}” from the prerequisites")
            chip.setAccessibleName(f"Remove {label}")
            chip.setProperty("resource_id", rid)
            chip.clicked.connect(lambda _=False, rid=rid: self.remove(rid))
            self.flow.addWidget(chip, 0, Qt.AlignmentFlag.AlignLeft)
            chip.show()  # (a layout shows a new child only later, from the event loop)
        self.chips.setVisible(bool(self._ids))
        self.updateGeometry()

    def remove(self, resource_id: str) -> None:
        if resource_id in self._ids:
            self._ids.remove(resource_id)
            self._show_chips()
            self.message.hide()
            self.changed.emit()

    # ---------------------------------------------------------------- adding

    def refusal(self, choice: TitleChoice) -> str:
        """Why ``choice`` cannot be added, or ''."""
        rid = choice.resource_id
        if rid == self.resource_id:
            return f"“{choice.label}” cannot be its own prerequisite"
        if rid in self._ids:
            return f"“{choice.label}” is already a prerequisite"
        if self.resource_id is not None:
            cycle = cycle_if_added(self.catalog, self.resource_id, rid)
            if cycle is not None:
                return (f"Not added, it would close a cycle: "
                        f"{cycle_in_titles(self.catalog, cycle)}")
        return ""

    def add(self, choice: TitleChoice) -> bool:
        why = self.refusal(choice)
        if why:
            self.show_message(why)
            return False
        self._ids.append(choice.resource_id)
        self._show_chips()
        self.line.clear()
        self.changed.emit()
        return True

    def add_typed(self, text: str) -> bool:
        """What Enter does: add the one resource ``text`` names (a title, as listed, or an
        id); otherwise say why and leave the text where it is."""
        choice = pick(self.choices, text)
        if choice is None:
            hits = matching(self.choices, text)
            self.show_message(
                f"More than one title matches “{text.strip()}”: pick one from the list"
                if hits else f"No resource has a title like “{text.strip()}”")
            return False
        return self.add(choice)

    def commit_pending(self) -> bool:
        """Before OK: text still in the field is added, or OK waits (nothing typed is lost)."""
        text = self.line.text()
        if not text.strip():
            return True
        if self.add_typed(text):
            return True
        self.line.setFocus()
        return False

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        # Room for every wrapped line (a form row does not ask a label's height for its
        # width), so the dialog grows rather than cutting the cycle's name.
        width = max(self.line.width(), 200)
        self.message.setMinimumHeight(self.message.heightForWidth(width))
        self.message.show()

    # ---------------------------------------------------------------- completion

    def _suggest(self, text: str) -> None:
        hits = [c.label for c in matching(self.choices, text)
                if c.resource_id not in self._ids and c.resource_id != self.resource_id]
        self.model.setStringList(hits[:MAX_SUGGESTIONS] if text.strip() else [])
        if text.strip() and hits:
            self.completer.complete()
        elif (popup := self.completer.popup()) is not None:
            popup.hide()

    def _on_activated(self, label: str) -> None:
        choice = next((c for c in self.choices if c.label == label), None)
        if choice is not None:
            self.add(choice)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the field adds what it names rather than pressing OK; on an empty field
        it is the dialog's again."""
        if (watched is self.line and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.line.text().strip()):
            self.add_typed(self.line.text())
            return True
        return super().eventFilter(watched, event)
