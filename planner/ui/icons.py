"""Icons by resource kind, from the bundled ``icons/`` folder (SVG, loaded once)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from planner.paths import icons_dir

_KIND_ICON = {
    "book": "book",
    "notes": "notes",
    "article": "article",
    "video-series": "video",
    "video": "video",
    "course": "course",
    "exercises": "exercises",
    "paper": "paper",
    "reference": "reference",
    "website": "website",
}
APP_ICON = "study-planner"


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(icons_dir() / f"{name}.svg"))


def kind_icon(kind: str) -> QIcon:
    """The icon of a resource kind; unknown kinds (user catalogs may invent them) get 'article'."""
    return icon(_KIND_ICON.get(kind, "article"))


def category_icon() -> QIcon:
    return icon("category")


def revisit_icon() -> QIcon:
    """A re-visit goal's: a clock with a turning arrow."""
    return icon("revisit")


def app_icon() -> QIcon:
    return icon(APP_ICON)
