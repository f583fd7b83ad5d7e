"""The installed app in a real X window (Xvfb + Qt's xcb platform), driven with xdotool.

Skipped when Xvfb or xdotool is missing, except on CI (CI=true), where it must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from planner import APP_ID
from planner.store.state_format import SCHEMA_VERSION
from tests.on_disk import saved_state

TOOLS = ("Xvfb", "xdotool", "xprop", "import", "convert")
missing = [tool for tool in TOOLS if shutil.which(tool) is None]
if missing and os.environ.get("CI") != "true":
    pytest.skip(f"needs {', '.join(missing)} for the real-window test", allow_module_level=True)

pytestmark = pytest.mark.xvfb


def _app_command() -> list[str]:
    exe = shutil.which("study-planner")
    return [exe] if exe else [sys.executable, "-m", "planner"]


@pytest.fixture
def display():
    assert not missing, f"CI must install {', '.join(missing)}"
    for number in range(140, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
            f"/tmp/.X{number}-lock"
        ).exists():
            break
    name = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert server.poll() is None, "Xvfb exited at start"
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    yield name
    server.terminate()
    server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                          timeout=20).stdout.strip()


def test_installed_app_shows_a_window_and_saves_on_quit(display: str, tmp_path: Path):
    data_file = tmp_path / "planner.yaml"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("STUDY_PLANNER_DATA_FILE", None)
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([*_app_command(), "--data-file", str(data_file)], env=env,
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        window = ""
        deadline = time.monotonic() + 60
        while not window:
            assert app.poll() is None, (tmp_path / "app.log").read_text()
            assert time.monotonic() < deadline, "no window appeared"
            found = _xdotool(display, "search", "--onlyvisible", "--pid", str(app.pid),
                             "--name", "Study Planner").splitlines()
            window = found[-1] if found else ""
            time.sleep(0.25)
        assert "Study Planner" in _xdotool(display, "getwindowname", window)
        # the menu entry's names (`desktop install`): docks match the window to it by these
        props = subprocess.run(["xprop", "-display", display, "-id", window, "WM_CLASS",
                                "_GTK_APPLICATION_ID"], capture_output=True, text=True,
                               timeout=20).stdout
        assert 'WM_CLASS(STRING) = "study-planner", "Study Planner"' in props, props
        assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{APP_ID}"' in props, props
        time.sleep(1.5)  # let it paint

        shot = tmp_path / "screen.png"
        subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                       check=True, timeout=30)
        colours = int(subprocess.run(
            ["convert", str(shot), "-format", "%k", "info:"],
            capture_output=True, text=True, check=True, timeout=30).stdout)
        assert colours > 50, f"the screen looks blank ({colours} colours)"

        # First launch selects the first resource to study: Space checks it off, and the
        # question on finishing it comes up ("Finished"): Enter answers Good, the default.
        _xdotool(display, "windowactivate", "--sync", window)
        _xdotool(display, "key", "--clearmodifiers", "space")
        question = ""
        deadline = time.monotonic() + 30
        while not question:
            assert time.monotonic() < deadline, "the rating question did not come up"
            found = _xdotool(display, "search", "--onlyvisible", "--pid", str(app.pid),
                             "--name", "^Finished$").splitlines()
            question = found[-1] if found else ""
            time.sleep(0.25)
        # no window manager here to give the dialog the keyboard: focus it ourselves, and
        # on a busy machine again until it has taken the answer and closed
        deadline = time.monotonic() + 30
        while question in _xdotool(display, "search", "--onlyvisible", "--pid",
                                   str(app.pid), "--name", "^Finished$").splitlines():
            if time.monotonic() > deadline:
                shot = tmp_path / "question.png"  # what the screen showed, to look at
                subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                               timeout=30)
                raise AssertionError(
                    f"the rating question did not take Enter (screen: {shot}; focus: "
                    f"{_xdotool(display, 'getwindowfocus')}, question: {question}); the "
                    f"app's output: {(tmp_path / 'app.log').read_text()}")
            _xdotool(display, "windowfocus", "--sync", question)
            _xdotool(display, "key", "--clearmodifiers", "--window", question, "Return")
            time.sleep(0.5)
        _xdotool(display, "windowfocus", "--sync", window)
        _xdotool(display, "key", "--clearmodifiers", "ctrl+q")
        assert app.wait(timeout=30) == 0, (tmp_path / "app.log").read_text()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        log.close()

    assert yaml.safe_load(data_file.read_text())["schema_version"] == SCHEMA_VERSION
    saved = saved_state(data_file)
    assert any(p.done for p in saved.progress.values()), saved.progress
    assert [e.type for e in saved.journal if e.type == "review"] == ["review"]  # the Good
    assert "Traceback" not in (tmp_path / "app.log").read_text()
