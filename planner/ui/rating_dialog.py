"""The question on finishing a resource, or on checking off its re-visit: "How well could
you explain it now?" — Again / Hard / Good / Easy, or Skip (no re-visits of it).

The answer goes into the same operation as the check (``SetDone.rating``,
``CheckGoal.rating``), so one undo takes both back. Closing the dialog (Esc) leaves
everything as it was. With the ``ask_rating`` setting off, nothing is asked: a resource
finished has no re-visits, and a re-visit checked off counts as Good.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.journal.state import AppState
from planner.core.operations.revisits import SKIP
from planner.core.revisits.cards import RATINGS

QUESTION = "How well could you explain it now?"
HINTS = {
    "again": "I could not: re-visit it soon",
    "hard": "Only with gaps",
    "good": "Yes, with some thought",
    "easy": "Yes, at once: re-visit it much later",
    SKIP: "No re-visits of this one",
}


class RatingDialog(QDialog):
    """The five answers as buttons; ``answer`` holds the one chosen (None: closed)."""

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 revisit: bool = False) -> None:
        super().__init__(parent)
        self.answer: str | None = None
        self.setWindowTitle("Re-visit" if revisit else "Finished")
        layout = QVBoxLayout(self)
        what = QLabel(f"<b>{_escape(title)}</b>")
        what.setWordWrap(True)
        layout.addWidget(what)
        layout.addWidget(QLabel(QUESTION))
        self.buttons = QDialogButtonBox()
        self.answer_buttons: dict[str, QPushButton] = {}
        for word in (*RATINGS, SKIP):
            button = QPushButton(f"&{word.capitalize()}")
            button.setToolTip(HINTS[word])
            button.setAccessibleName(word.capitalize())
            role = (QDialogButtonBox.ButtonRole.RejectRole if word == SKIP
                    else QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton(button, role)
            button.clicked.connect(lambda _=False, w=word: self.choose(w))
            self.answer_buttons[word] = button
        # Enter answers Good, as in Anki: a reflex Enter must not give the worst rating.
        # A push button in a dialog is an "auto default" one, which Enter presses while it
        # has the focus, and the focus starts on the first (Again): only Good is, and it
        # starts with the focus. Alt+A/H/G/E/S still choose any answer.
        for word, button in self.answer_buttons.items():
            button.setAutoDefault(word == "good")
        self.answer_buttons["good"].setDefault(True)
        layout.addWidget(self.buttons)
        self.answer_buttons["good"].setFocus()

    def choose(self, word: str) -> int:
        """Answer ``word`` and close (the buttons; tests). Returns the dialog's result."""
        self.answer = word
        self.done(QDialog.DialogCode.Accepted)
        return QDialog.DialogCode.Accepted


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask_rating(app: AppState, title: str, parent: QWidget | None = None, *,
               revisit: bool = False) -> str | None:
    """The learner's answer for ``title``: a rating or ``skip``; ``""`` when the setting
    says not to ask (a re-visit: ``good``); None when the dialog was closed unanswered."""
    if not app.settings.ask_rating:
        return "good" if revisit else ""
    dialog = RatingDialog(title, parent or QApplication.activeWindow(), revisit=revisit)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer
