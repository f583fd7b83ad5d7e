"""Every colour the window chooses itself, as a pair per scheme (light and dark).

Everything else comes from the palette. A colour here is text drawn on a background —
a custom one (the out-of-date banner's yellow) or the palette's window and base — and each
pair is chosen so the text has WCAG AA contrast (4.5:1) on its background in both schemes
(``tests/ui/test_appearance.py`` computes it). Which of the two applies is read from the
palette in use (``scheme()``), so the colours always match what the window shows, however
the palette was chosen (the desktop, View ▸ Appearance, a style).

``DARK_PALETTE`` is the palette used when dark is asked for and the platform does not
provide one (Qt's generic Linux theme and the offscreen platform ignore
``QStyleHints.setColorScheme``): colours in the spirit of Fusion's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QColor, QGuiApplication, QPalette

_Role = QPalette.ColorRole
AA_TEXT = 4.5  # WCAG 2 AA, normal text


class Scheme(Enum):
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Colour:
    """One colour as each scheme has it (hex RGB)."""

    light: str
    dark: str

    def get(self, scheme: Scheme | None = None) -> QColor:
        return QColor(self.dark if (scheme or current_scheme()) is Scheme.DARK else self.light)


@dataclass(frozen=True)
class TextOn:
    """Text in ``text`` drawn on ``background``: a custom colour, or each of the palette's
    roles it may be drawn on."""

    text: Colour
    background: Colour | tuple[QPalette.ColorRole, ...]


# Refusals and warnings: a refused edit, an over-budget week, plan warnings, a bad link.
ERROR = TextOn(Colour("#b3261e", "#ffb4ab"), (_Role.Window, _Role.Base))
# Something to notice: the "plan is out of date" banner and pinned goals.
NOTICE_BACKGROUND = Colour("#fff4c2", "#4a3d00")
NOTICE = TextOn(Colour("#3d3100", "#fff0b3"), NOTICE_BACKGROUND)
# The overflow lane: work beyond the planning horizon.
OVERFLOW = TextOn(Colour("#8a4b00", "#ffb870"), (_Role.Base,))
# Past weeks and done goals in the plan: quieter than the text, still readable.
MUTED = TextOn(Colour("#5e5e5e", "#a8a8a8"), (_Role.Base, _Role.Window))
# A resource's status in the detail pane.
IN_PROGRESS = TextOn(Colour("#8a5300", "#f2b950"), (_Role.Window, _Role.Base))
DONE = TextOn(Colour("#22683f", "#7fd3a0"), (_Role.Window, _Role.Base))

PAIRS: dict[str, TextOn] = {"error": ERROR, "notice": NOTICE, "overflow": OVERFLOW,
                            "muted": MUTED, "in progress": IN_PROGRESS, "done": DONE,
                            # a pinned goal that is done
                            "muted on notice": TextOn(MUTED.text, NOTICE_BACKGROUND)}


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def scheme_of(palette: QPalette) -> Scheme:
    """Dark when the palette's window is darker than its text."""
    window = luminance(palette.color(_Role.Window))
    text = luminance(palette.color(_Role.WindowText))
    return Scheme.DARK if window < text else Scheme.LIGHT


def current_scheme() -> Scheme:
    return scheme_of(QGuiApplication.palette())


# (role, active/inactive colour, disabled colour or None for the same)
_DARK_ROLES: tuple[tuple[QPalette.ColorRole, str, str | None], ...] = (
    (_Role.Window, "#2b2b2b", None),
    (_Role.WindowText, "#e6e6e6", "#7c7c7c"),
    (_Role.Base, "#1e1e1e", "#262626"),
    (_Role.AlternateBase, "#262626", None),
    (_Role.ToolTipBase, "#3c3c3c", None),
    (_Role.ToolTipText, "#e6e6e6", None),
    (_Role.PlaceholderText, "#9a9a9a", "#6a6a6a"),
    (_Role.Text, "#e6e6e6", "#7c7c7c"),
    (_Role.Button, "#363636", "#2f2f2f"),
    (_Role.ButtonText, "#e6e6e6", "#7c7c7c"),
    (_Role.BrightText, "#ff8a80", None),
    (_Role.Light, "#4a4a4a", None),
    (_Role.Midlight, "#3e3e3e", None),
    (_Role.Mid, "#242424", None),
    (_Role.Dark, "#181818", None),
    (_Role.Shadow, "#0a0a0a", None),
    (_Role.Highlight, "#2f65ca", "#3a3a3a"),
    (_Role.HighlightedText, "#ffffff", "#9a9a9a"),
    (_Role.Link, "#8ab4f8", None),
    (_Role.LinkVisited, "#c58af9", None),
    (_Role.Accent, "#2f65ca", None),
)


def dark_palette() -> QPalette:
    """The dark palette used when the platform gives none."""
    palette = QPalette()
    disabled = QPalette.ColorGroup.Disabled
    for role, colour, off in _DARK_ROLES:
        palette.setColor(role, QColor(colour))
        palette.setColor(disabled, role, QColor(off or colour))
    return palette
