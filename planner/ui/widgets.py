"""Small general-purpose widgets the window is built from."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QScreen,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from planner.ui import colours
from planner.ui.appearance import follow_theme
from planner.ui.icons import icon

SHORT_SCREEN = 600  # logical px high (1366 × 820 at 2× is 410): see is_short_screen


def is_short_screen(screen: QScreen | None) -> bool:
    """A screen too short for the tree, the pane and the plan's settings stacked: a first
    launch opens maximised there, and the plan's settings are a tab of their own."""
    return screen is not None and screen.availableGeometry().height() < SHORT_SCREEN

_WindowText = QPalette.ColorRole.WindowText


def mute(widget: QWidget) -> None:
    """Secondary text: the palette's placeholder colour, so it follows light and dark themes
    (read again when the scheme changes)."""
    def apply() -> None:
        palette = widget.palette()
        palette.setColor(_WindowText, QApplication.palette().color(
            QPalette.ColorRole.PlaceholderText))
        widget.setPalette(palette)
    follow_theme(widget, apply)


def show_as_error(widget: QWidget) -> None:
    """A label's text (or an editor's) in the scheme's error colour: refusals, warnings."""
    def apply() -> None:
        palette = widget.palette()
        colour = colours.ERROR.text.get()
        palette.setColor(_WindowText, colour)
        palette.setColor(QPalette.ColorRole.Text, colour)
        widget.setPalette(palette)
    follow_theme(widget, apply)


def text_label(text: str = "", *, wrap: bool = True, muted: bool = False) -> QLabel:
    """A label for values: wraps, and its text can be selected and copied.

    Plain text always: a value (a title, a note, a refused link) that looks like HTML is
    shown as written, not rendered.
    """
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        mute(label)
    return label


def out_of_range(box: QSpinBox | QDoubleSpinBox, text: str) -> str | None:
    """Why the box refused ``text`` when it is a number beyond its range: "Hours per week
    can be 0.25 to 100 h; 500 was not taken". A spin box refuses such a keystroke without a
    word (typing 500 where 100 is the most leaves 50), so the user is told."""
    typed = text.removeprefix(box.prefix()).removesuffix(box.suffix()).strip()
    value, ok = box.locale().toDouble(typed)
    if not ok or box.minimum() <= value <= box.maximum():
        return None
    return (f"{box.accessibleName()} can be {box.minimum():g} to {box.maximum():g}"
            f"{box.suffix()}; {typed} was not taken")


def _tell_refusal(box: RangeSpinBox | RangeDoubleSpinBox, state: QValidator.State,
                  text: str) -> None:
    """Emit the box's ``refused`` when its validator refused ``text`` for its range."""
    if state == QValidator.State.Invalid and (why := out_of_range(box, text)):
        box.refused.emit(why)


class RangeSpinBox(QSpinBox):
    """A whole-number spin box that says so when a number typed is out of its range."""

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        result = super().validate(text, pos)
        _tell_refusal(self, result[0], text)
        return result


class RangeDoubleSpinBox(QDoubleSpinBox):
    """A spin box of numbers that says so when a number typed is out of its range."""

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        result = super().validate(text, pos)
        _tell_refusal(self, result[0], text)
        return result


class ElidedLabel(QLabel):
    """One line of plain text, elided in the middle when narrow (long links stay readable)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(min(super().sizeHint().width(), 400), super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle,
                                             rect.width())
        painter.drawText(rect, int(self.alignment()), text)


class WheelGuard(QObject):
    """Keeps the wheel from changing a spin box or combo the pointer merely passes over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel
                and isinstance(watched, (QAbstractSpinBox, QComboBox))
                and not watched.hasFocus()):
            event.ignore()
            return True
        return False

    def guard(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(self)


class SearchField(QLineEdit):
    """The tree's search box: Esc clears it, Down or Enter moves on to the results."""

    to_results = Signal()
    focused = Signal()  # the user is about to type: a moment to get ready for it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own clear button: Qt's (setClearButtonEnabled) costs ~8 ms at start-up.
        self.clear_action = self.addAction(icon("clear"),
                                           QLineEdit.ActionPosition.TrailingPosition)
        self.clear_action.setToolTip("Clear the search (Esc)")
        self.clear_action.setVisible(False)
        self.clear_action.triggered.connect(self.clear)
        self.textChanged.connect(lambda text: self.clear_action.setVisible(bool(text)))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit()
            return
        super().keyPressEvent(event)


class WarningList(QPlainTextEdit):
    """Warnings, one to a line, in the error colour; plain text that can be selected and
    copied (a warning quotes titles, which are never rendered as markup).

    As tall as its text up to ``max_lines`` lines, scrolled beyond: a big catalog's plan
    can carry dozens of warnings (missed deadlines), which a label grew to the height of
    the whole dock for, leaving the plan a few rows (and cost ~23 ms to lay out with 76).
    """

    def __init__(self, max_lines: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The font and colours set directly, not by a style sheet: _fit measures with the
        # font the text is drawn in.
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        follow_theme(self, self._recolour)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    def _recolour(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Text, colours.ERROR.text.get())
        palette.setColor(QPalette.ColorRole.Base,
                         QApplication.palette().color(QPalette.ColorRole.Window))
        self.setPalette(palette)

    def set_warnings(self, warnings: Sequence[str]) -> None:
        self.setPlainText("\n".join(f"⚠ {warning}" for warning in warnings))
        self.setVisible(bool(warnings))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the warnings laid out at the current width (the editor's own block
        layout, so the same fonts and wrapping), up to ``max_lines`` lines of text."""
        cap = self.fontMetrics().lineSpacing() * self.max_lines
        height = 0.0
        block = self.document().firstBlock()
        while block.isValid() and height < cap:
            height += self.blockBoundingRect(block).height()
            block = block.next()
        margin = self.document().documentMargin()
        self.setFixedHeight(int(min(height, cap) + 2 * margin + 2 * self.frameWidth()) + 1)
