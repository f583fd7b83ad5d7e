"""How an item model asks for the learner's rating on finishing or re-visiting a resource,
without opening a dialog itself: the view that owns it passes the question in (the
window's is ``planner.ui.rating_dialog.ask_rating``, loaded when first asked)."""

from __future__ import annotations

from typing import Protocol

from planner.core.journal.state import AppState


class Ask(Protocol):
    """How a model asks for the learner's rating: the window's dialog (``ask_rating``), or
    nothing (``answer_without_asking``). Item models take it from the view that owns them,
    so that no model opens a dialog of its own."""

    def __call__(self, app: AppState, title: str, *, revisit: bool = False) -> str | None: ...


def answer_without_asking(app: AppState, title: str, *, revisit: bool = False) -> str | None:
    """The answer with no question: what the setting "do not ask" gives."""
    return "good" if revisit else ""
