"""The dialog an internal error (a bug) shows: what happened in a sentence, where the log is,
and a report to copy (docs/architecture.md §6).

It only shows what it is given: catching the error, logging it and deciding when a dialog
is due (one at a time; the errors after it are counted in it) happen in the entry layer
(``planner.entry.errors``, ``planner.entry.window_errors``). Loaded at the first error, not
at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

APP_NAME = "Study Planner"


def _plain(text: str) -> QLabel:
    """A label that shows ``text`` as written (it quotes paths and the error's own text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ErrorDialog(QDialog):
    """An internal error: the message, the log's path, the report with a Copy button."""

    def __init__(self, type_name: str, report: str, log_path: Path, log_problem: str = "",
                 parent: QWidget | None = None, *, starting: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("error-dialog")
        self.setWindowTitle(f"{APP_NAME}: internal error")
        self.setMinimumWidth(560)
        self.report = report
        self.repeats = 0

        if starting:
            what = (f"{APP_NAME} could not start: a bug in it stopped the start-up "
                    f"({type_name}). This is not something you did.")
        else:
            what = (f"Something went wrong inside {APP_NAME}: a bug stopped what it was "
                    f"doing ({type_name}). This is not something you did. The window keeps "
                    "running, and your changes are still saved as you make them.")
        self.message = _plain(what)
        if not log_problem:
            where = f"The details are in the log:\n{log_path}"
        else:
            where = (f"The log {log_path} could not be written ({log_problem}); the "
                     "details are below only.")
        self.log_label = _plain(where)
        self.hint = _plain("To report it, copy the report below and send it with a few words "
                           "on what you were doing.")

        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName("Error report")
        self.details.setMinimumHeight(200)

        self.repeat_label = _plain("")
        self.repeat_label.setVisible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button: QPushButton = self.buttons.addButton(
            "Copy Report", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        self.buttons.rejected.connect(self.reject)

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical, None, self).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(self.message)
        words.addWidget(self.log_label)
        words.addWidget(self.hint)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.repeat_label)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def copy_report(self) -> None:
        """The report on the clipboard, as shown."""
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("Copied")

    def another(self) -> None:
        """One more internal error while this dialog is open: counted here, not shown."""
        self.repeats += 1
        times = "once more" if self.repeats == 1 else f"{self.repeats} more times"
        self.repeat_label.setText(f"An internal error happened {times} since this one "
                                  "(the log has the details).")
        self.repeat_label.setVisible(True)
