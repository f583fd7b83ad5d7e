"""Shared fixtures. Nothing here, or in any test, touches the real user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if not os.environ.get("QT_QPA_PLATFORM"):  # unset, or set but empty (which Qt takes as xcb)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

TESTS = Path(__file__).parent
SMALL_CATALOG = TESTS / "data" / "small-catalog.yaml"


@pytest.fixture(autouse=True)
def _isolate_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point HOME, the XDG folders and the data-file variable at a throw-away folder; the
    user data, cache and log folders must be found there."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("STUDY_PLANNER_DATA_FILE", str(home / "planner.yaml"))
    monkeypatch.delenv("STUDY_PLANNER_LOG_FILE", raising=False)  # the log: in home/cache
    import appdirs

    def guard(name: str) -> None:
        real = getattr(appdirs, name)

        def guarded(*args, **kwargs):
            path = real(*args, **kwargs)
            assert str(path).startswith(str(home)), f"a test reached the real folder {path}"
            return path

        monkeypatch.setattr(appdirs, name, guarded)

    for name in ("user_data_dir", "user_config_dir", "user_state_dir", "user_cache_dir",
                 "user_log_dir"):
        guard(name)
    yield


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return tmp_path / "planner.yaml"


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes, recorded instead of shown (they would wait for a click)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def record(kind: str):  # type: ignore[no-untyped-def]
        def box(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return box

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown
