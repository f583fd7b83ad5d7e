"""Alt+letter in the main window: each letter opens one menu or reaches one field.

Two of the plan panel's labels had the letter of a menu (Hours/week and Help on Alt+H,
Start and Study on Alt+S): in a real window Alt+H opened the Help menu, so the field could
not be reached by the key its label underlines.
"""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtWidgets import QAbstractButton, QLabel

from planner.ui.main_window import MainWindow

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_each_alt_letter_of_the_main_window_is_used_once(window: MainWindow) -> None:
    owners: list[tuple[str, str]] = []
    for action in window.menuBar().actions():
        if (letter := _letter(action.text())) is not None:
            owners.append((letter, f"menu {action.text()!r}"))
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and (letter := _letter(label.text())) is not None:
            owners.append((letter, f"label {label.text()!r}"))
    for button in window.findChildren(QAbstractButton):
        if (letter := _letter(button.text())) is not None:
            owners.append((letter, f"button {button.text()!r}"))
    assert len(owners) >= 8  # the menus and the plan panel's fields at least
    twice = {letter for letter, n in Counter(letter for letter, _ in owners).items() if n > 1}
    assert not twice, sorted(owner for owner in owners if owner[0] in twice)
