"""Fixtures for the window's tests: the small catalog as the default one, windows on a tmp file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog

from planner import paths
from planner.core.journal.state import AppState
from planner.entry.wiring import open_local_state, open_state_file
from planner.store.local_state import LocalState
from planner.store.state_file import StateFile
from planner.ui.main_window import MainWindow
from planner.ui.plan.replan_dialog import ReplanDialog

SMALL_CATALOG = Path(__file__).resolve().parent.parent / "data" / "small-catalog.yaml"

# Qt's offscreen platform warns about every QMainWindow with a status bar, and about a
# popup (a completer's) that raises itself and grabs the keyboard; not our problem.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                   r"This plugin does not support (raise\(\)|grabbing the keyboard)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def small_catalog() -> Path:
    return SMALL_CATALOG


@pytest.fixture(autouse=True)
def small_default_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled catalog may change; these tests use the small one as the default."""
    monkeypatch.setattr(paths, "default_catalog_path", lambda: SMALL_CATALOG)


@pytest.fixture(autouse=True)
def rating_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finishing a resource asks how well it could be explained (a modal dialog): the
    window's tests answer Skip (no re-visits, the check alone) unless they answer it
    themselves (tests/ui/test_ui_revisits.py)."""
    from planner.ui.rating_dialog import RatingDialog

    monkeypatch.setattr(RatingDialog, "exec", lambda dialog: dialog.choose("skip"))


class Windows:
    """Opens main windows on data files as the app does, and closes them after the test."""

    def __init__(self, qtbot, data_file: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.data_file = data_file
        self.open_windows: list[tuple[MainWindow, StateFile]] = []

    def open(self, path: Path | None = None, *, explicit: bool = True,
             autosave_ms: int = 30, retry_ms: int = 60, app: AppState | None = None,
             local: LocalState | None = None) -> MainWindow:
        """A window on the data file, as the app opens it; or, given ``app`` (a state
        made by the test, with its own clock), a window on that state holding the file's
        lock, with no machine state but ``local`` (if given)."""
        store = open_state_file(path or self.data_file)
        store.acquire()
        if app is not None:
            window = MainWindow(app, store, explicit=explicit, autosave_ms=autosave_ms,
                                retry_ms=retry_ms, local=local)
        else:
            result = store.load()
            local = open_local_state(store, result.state.ui)  # as run_gui does
            window = MainWindow(AppState(result.state), store, explicit=explicit,
                                first_launch=not result.existed, local=local,
                                autosave_ms=autosave_ms, retry_ms=retry_ms)
        self.open_windows.append((window, store))
        window.show()
        self.qtbot.waitExposed(window)
        return window

    def close(self, window: MainWindow) -> None:
        """Close as the user does (saves), and let go of the data file."""
        assert window.close(), "the window refused to close"
        for i, (w, store) in enumerate(self.open_windows):
            if w is window:
                store.release()
                del self.open_windows[i]
                break
        window.deleteLater()

    def reopen(self, window: MainWindow) -> MainWindow:
        path = window.store.path
        self.close(window)
        return self.open(path)

    def close_all(self) -> None:
        for window, store in list(self.open_windows):
            window.confirm_discard = lambda error: True  # type: ignore[method-assign]
            window.close()
            store.release()
            window.deleteLater()
        self.open_windows.clear()


@pytest.fixture
def windows(qtbot, data_file: Path) -> Iterator[Windows]:  # type: ignore[no-untyped-def]
    opened = Windows(qtbot, data_file)
    yield opened
    opened.close_all()


@pytest.fixture
def window(windows: Windows) -> MainWindow:
    return windows.open()


class UrlCatcher(QObject):
    """Stands in for the desktop's browser: records what QDesktopServices was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def browser() -> Iterator[UrlCatcher]:
    catcher = UrlCatcher()
    for scheme in ("http", "https", "mailto", "file", "javascript"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open_url")
    yield catcher
    for scheme in ("http", "https", "mailto", "file", "javascript"):
        QDesktopServices.unsetUrlHandler(scheme)


class Previews:
    """Re-plan previews, answered with ``answer`` instead of waiting for a click."""

    def __init__(self) -> None:
        self.shown: list[ReplanDialog] = []
        self.answer = QDialog.DialogCode.Accepted

    def exec_(self, dialog: ReplanDialog) -> int:
        self.shown.append(dialog)
        return self.answer.value

    @property
    def last(self) -> ReplanDialog:
        assert self.shown, "no preview was shown"
        return self.shown[-1]


@pytest.fixture(autouse=True)
def _unanswered_previews(monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview a test did not expect fails it rather than waiting for a click forever."""

    def refuse(dialog: ReplanDialog) -> int:
        raise AssertionError(f"a preview opened that the test does not answer: "
                             f"{dialog.windowTitle()}")

    monkeypatch.setattr(ReplanDialog, "exec", refuse)


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> Previews:
    answered = Previews()
    monkeypatch.setattr(ReplanDialog, "exec", lambda dialog: answered.exec_(dialog))
    return answered
