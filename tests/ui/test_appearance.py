"""Light and dark: every custom colour readable in both, the choice live and remembered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

import planner.ui
from planner.core.operations.planning import PinAndReplan
from planner.core.weeks import week_of
from planner.store.local_state import APPEARANCE, FILE_NAME, LocalState
from planner.ui import colours
from planner.ui.appearance import Appearance, Theme, theme
from planner.ui.colours import AA_TEXT, PAIRS, Colour, Scheme, contrast, scheme_of
from planner.ui.plan.week_model import ResourceIdRole

UI = Path(planner.ui.__file__).resolve().parent
Role = QPalette.ColorRole


@pytest.fixture(autouse=True)
def back_to_system(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The application's palette is shared by every test: as the desktop's after each."""
    yield
    theme().set_mode(Appearance.SYSTEM)


def palette_of(scheme: Scheme) -> QPalette:
    """The palettes the colours are drawn on: Fusion's (the app's style here) and ours."""
    if scheme is Scheme.DARK:
        return colours.dark_palette()
    palette = QApplication.style().standardPalette()
    assert scheme_of(palette) is Scheme.LIGHT
    return palette


@pytest.mark.parametrize("scheme", list(Scheme), ids=lambda s: s.value)
@pytest.mark.parametrize("name", list(PAIRS))
def test_every_custom_colour_has_aa_contrast_on_its_background(name: str,
                                                               scheme: Scheme) -> None:
    pair = PAIRS[name]
    text = pair.text.get(scheme)
    if isinstance(pair.background, Colour):
        backgrounds = {"custom": pair.background.get(scheme)}
    else:
        palette = palette_of(scheme)
        backgrounds = {role.name: palette.color(role) for role in pair.background}
    for where, background in backgrounds.items():
        ratio = contrast(text, background)
        assert ratio >= AA_TEXT, (f"{name} {text.name()} on {where} {background.name()} "
                                  f"in {scheme.value}: {ratio:.2f}:1")


def test_the_dark_palette_reads_as_dark_and_its_text_has_aa_contrast() -> None:
    palette = colours.dark_palette()
    assert scheme_of(palette) is Scheme.DARK
    for text, background in ((Role.WindowText, Role.Window), (Role.Text, Role.Base),
                             (Role.ButtonText, Role.Button), (Role.PlaceholderText, Role.Base),
                             (Role.HighlightedText, Role.Highlight), (Role.Link, Role.Base),
                             (Role.ToolTipText, Role.ToolTipBase)):
        assert contrast(palette.color(text), palette.color(background)) >= AA_TEXT, text


def test_contrast_is_wcag_s() -> None:
    assert contrast(Colour("#000000", "#000000").get(Scheme.LIGHT),
                    Colour("#ffffff", "#ffffff").get(Scheme.LIGHT)) == pytest.approx(21)
    # the old warning red on the dark palette's window: what the issue saw
    assert contrast(Colour("#b3261e", "").get(Scheme.LIGHT),
                    colours.dark_palette().color(Role.Window)) < AA_TEXT


def test_no_colour_is_written_in_the_window_code_outside_the_colour_pairs() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "colours.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"#[0-9a-fA-F]{6}\b|QColor\(\"|QColor\('|color:\s*#", line):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == []


def test_view_appearance_forces_dark_and_light_and_recolours_live(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.plan
    actions = window.appearance_actions
    assert [a.text() for a in actions.values()] == ["&System", "&Light", "&Dark"]
    assert actions[Appearance.SYSTEM].isChecked()

    actions[Appearance.DARK].trigger()
    assert actions[Appearance.DARK].isChecked()
    assert scheme_of(QGuiApplication.palette()) is Scheme.DARK
    QApplication.processEvents()  # the widgets take the new palette from their events
    assert scheme_of(window.palette()) is Scheme.DARK
    banner = panel.banner.palette()
    assert banner.color(Role.Window) == colours.NOTICE_BACKGROUND.get(Scheme.DARK)
    assert banner.color(Role.WindowText) == colours.NOTICE.text.get(Scheme.DARK)
    assert panel.error_label.palette().color(Role.WindowText) == colours.ERROR.text.get(
        Scheme.DARK)
    assert window.pane.resource_page.url.palette().color(Role.WindowText) == (
        QGuiApplication.palette().color(Role.PlaceholderText))

    actions[Appearance.LIGHT].trigger()
    assert scheme_of(QGuiApplication.palette()) is Scheme.LIGHT
    assert panel.banner.palette().color(Role.Window) == colours.NOTICE_BACKGROUND.get(
        Scheme.LIGHT)


def test_pinned_goals_take_the_scheme_s_pair(window) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    window.history.push(lambda: PinAndReplan("numpy-100", week_of(app.today())))
    model = window.plan.week_model
    pinned = next(model.index(r) for r in range(model.rowCount())
                  if model.index(r).data(ResourceIdRole) == "numpy-100")
    window.set_appearance(Appearance.DARK)
    assert pinned.data(Qt.ItemDataRole.BackgroundRole).color() == (
        colours.NOTICE_BACKGROUND.get(Scheme.DARK))
    assert pinned.data(Qt.ItemDataRole.ForegroundRole).color() == (
        colours.NOTICE.text.get(Scheme.DARK))


def test_system_follows_the_desktop_when_its_scheme_changes(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    desktop: list[Scheme | None] = [None]
    monkeypatch.setattr(Theme, "system_scheme", lambda self: desktop[0])
    hints = QGuiApplication.styleHints()
    assert scheme_of(QGuiApplication.palette()) is Scheme.LIGHT
    desktop[0] = Scheme.DARK
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert scheme_of(QGuiApplication.palette()) is Scheme.DARK
    # the tree's done rows take the new palette's placeholder colour
    assert window.model._done_colour == QGuiApplication.palette().color(Role.PlaceholderText)
    desktop[0] = Scheme.LIGHT
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert scheme_of(QGuiApplication.palette()) is Scheme.LIGHT
    # forced: the desktop's change is not followed
    window.set_appearance(Appearance.LIGHT)
    desktop[0] = Scheme.DARK
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert scheme_of(QGuiApplication.palette()) is Scheme.LIGHT


def test_the_choice_is_this_machine_s_not_the_data_file_s(windows, data_file) -> None:  # type: ignore[no-untyped-def]
    window = windows.open()
    window.set_appearance(Appearance.DARK)
    windows.close(window)
    local = LocalState(window.local.path, data_file)
    local.read()
    assert window.local.path.name == FILE_NAME
    assert local.machine == {APPEARANCE: "dark"}
    assert "appearance" not in data_file.read_text()
    theme().set_mode(Appearance.SYSTEM)
    again = windows.open()  # opens dark, as left
    assert theme().mode is Appearance.DARK
    assert again.appearance_actions[Appearance.DARK].isChecked()
    assert scheme_of(QGuiApplication.palette()) is Scheme.DARK
    # another data file on this machine shares the choice
    other = LocalState(window.local.path, data_file.with_name("other.yaml"))
    other.read()
    assert other.machine == {APPEARANCE: "dark"}


@pytest.mark.parametrize("mode", [Appearance.DARK, Appearance.LIGHT])
def test_an_unchecked_check_box_shows_in_either_scheme(qtbot, mode: Appearance) -> None:  # type: ignore[no-untyped-def]
    """Fusion frames a check box a shade darker than the window: in the dark palette that is
    the box's own colour and an unchecked box vanishes. Its frame stands out from the box
    by 3:1 at least (WCAG's ask of a control's outline)."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    theme().set_mode(mode)
    box = QCheckBox()
    qtbot.addWidget(box)
    box.resize(40, 30)
    image = box.grab().toImage()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    ratio = image.width() / box.width()  # device pixels
    inside = image.pixelColor(int(rect.center().x() * ratio), int(rect.center().y() * ratio))
    frame = [image.pixelColor(int(rect.left() * ratio), int(y * ratio))
             for y in range(rect.top() + 2, rect.bottom() - 1)]
    assert max(contrast(c, inside) for c in frame) >= 3.0, (mode, inside.name(),
                                                            [c.name() for c in frame])
