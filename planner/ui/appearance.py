"""Light or dark: the desktop's scheme followed live, or one forced (View ▸ Appearance).

"System" follows ``QStyleHints.colorScheme()`` and re-colours when the desktop's scheme
changes (``colorSchemeChanged``). "Light" and "Dark" ask Qt for that scheme
(``QStyleHints.setColorScheme``, Qt ≥ 6.8), which platforms with a native theme honour;
where the palette does not follow (Qt's generic Linux theme, the offscreen platform), the
application's palette is set instead: ``colours.dark_palette()`` or the style's standard
one. The choice is this machine's, kept in the local state file (``APPEARANCE``), never in
the data file.

``theme().changed`` fires whenever the application's palette changes, for whatever reason:
the few widgets and models that use a custom colour (``planner.ui.colours``) re-colour
then. Everything else follows the palette by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from planner.ui.colours import Scheme, current_scheme, dark_palette, scheme_of

APPEARANCE = "appearance"  # the local state file's machine-wide key


class Appearance(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "&System", "light": "&Light", "dark": "&Dark"}[self.value]

    @classmethod
    def parse(cls, text: str | None) -> Appearance:
        """A remembered value; anything unknown is "system"."""
        try:
            return cls(text)
        except ValueError:
            return cls.SYSTEM


_QT_SCHEMES = {Qt.ColorScheme.Dark: Scheme.DARK, Qt.ColorScheme.Light: Scheme.LIGHT}


_CHECKS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
           QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)


class CheckOutlines(QProxyStyle):
    """The application's style with check boxes whose frame shows in either scheme.

    Fusion draws a check box's frame a shade darker than the window, which on a dark palette
    is the colour of the box itself: an unchecked box vanishes (the tree's, This Week's);
    on a light one it is 1.9:1 against the white box. The frame is drawn again over it, in
    the text colour at 60 %: above the 3:1 WCAG asks of a control's outline in both.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _CHECKS:
            painter.save()
            colour = QColor(option.palette.color(QPalette.ColorRole.Text))
            colour.setAlphaF(0.6)
            painter.setPen(colour)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()


class Theme(QObject):
    """The application's appearance: one per application (``theme()``)."""

    changed = Signal()  # the palette changed: custom colours are to be read again

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        if isinstance(app, QApplication) and not isinstance(app.style(), CheckOutlines):
            app.setStyle(CheckOutlines(app.style().name()))
        self.mode = Appearance.SYSTEM
        self._overridden = False  # whether the application's palette is ours
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        app.paletteChanged.connect(self._palette_changed)

    def wanted(self) -> Scheme | None:
        """The scheme asked for: forced, or the desktop's; None when the desktop says none."""
        if self.mode is Appearance.LIGHT:
            return Scheme.LIGHT
        if self.mode is Appearance.DARK:
            return Scheme.DARK
        return self.system_scheme()

    def system_scheme(self) -> Scheme | None:
        """The desktop's scheme, as Qt reports it; None when unknown."""
        return _QT_SCHEMES.get(QGuiApplication.styleHints().colorScheme())

    def set_mode(self, mode: Appearance) -> None:
        self.mode = mode
        hints = QGuiApplication.styleHints()
        if mode is Appearance.SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if mode is Appearance.DARK
                                 else Qt.ColorScheme.Light)
        self._apply()

    def _apply(self) -> None:
        """The palette of the wanted scheme: the platform's where it has one, else ours."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if self._overridden:  # back to the platform's, which may follow the scheme itself
            self._overridden = False
            app.setPalette(QPalette())
        wanted = self.wanted()
        if wanted is None or current_scheme() is wanted:
            return
        if wanted is Scheme.DARK:
            palette = dark_palette()
        else:
            palette = app.style().standardPalette()
            if scheme_of(palette) is Scheme.DARK:  # a style whose standard follows the desktop
                palette = QPalette(Qt.GlobalColor.lightGray)
        self._overridden = True
        app.setPalette(palette)

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.mode is Appearance.SYSTEM:
            self._apply()

    def _palette_changed(self, palette: QPalette) -> None:
        self.changed.emit()


def theme() -> Theme:
    """The application's ``Theme``, made on first use."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    found = app.findChild(Theme, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, Theme) else Theme(app)


class _Follower(QObject):
    """Runs ``apply`` now and after each palette change, for as long as its widget lives
    (it is the widget's child, so the connection ends with it)."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        theme().changed.connect(self.run)
        apply()

    def run(self) -> None:
        self._apply()


def follow_theme(widget: QWidget, apply: Callable[[], None]) -> None:
    """Call ``apply`` (which colours ``widget``) now and whenever the scheme changes."""
    _Follower(widget, apply)
