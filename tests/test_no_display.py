"""No display: one line and exit 1, checked before Qt is asked to start (Qt would abort,
exit 134 with a core dump and a message blaming libxcb-cursor0)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.entry import display
from planner.entry.display import NO_DISPLAY, display_problem, plugin_problem

ROOT = Path(__file__).resolve().parents[1]


def start_window(tmp_path: Path, env: dict[str, str],
                 prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`study-planner` with no command, as a process, with ``env`` over a clean one."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    full = {**base, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*prefix, sys.executable, "-m", "planner", "--data-file",
                           str(tmp_path / "planner.yaml")], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=full)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)  # not 134: no abort
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.strip()


def test_no_display_at_all_is_one_line_and_exit_1(tmp_path: Path):
    done = start_window(tmp_path, {})
    assert one_line(done) == f"study-planner: {NO_DISPLAY}"
    assert "DISPLAY / WAYLAND_DISPLAY unset" in done.stderr
    assert "study-planner --help" in done.stderr
    assert not (tmp_path / "planner.yaml").exists()
    assert not list(tmp_path.glob("core*"))


def test_an_x_display_nobody_serves_is_named(tmp_path: Path):
    number = next(n for n in range(900, 1000) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    line = one_line(start_window(tmp_path, {"QT_QPA_PLATFORM": "xcb",
                                            "DISPLAY": f":{number}"}))
    assert f"no X server answers at DISPLAY=:{number}" in line
    line = one_line(start_window(tmp_path, {"QT_QPA_PLATFORM": "xcb"}))
    assert "QT_QPA_PLATFORM=xcb needs an X display, and DISPLAY is unset" in line


def test_a_platform_qt_does_not_have_is_named(tmp_path: Path):
    line = one_line(start_window(tmp_path, {"QT_QPA_PLATFORM": "nonesuch"}))
    assert "QT_QPA_PLATFORM=nonesuch names no Qt platform plugin" in line
    assert "offscreen" in line and "xcb" in line


def test_a_missing_xcb_library_is_named(tmp_path: Path):
    """libxcb-cursor0 made unreadable in a private mount namespace (root and unshare
    needed; skipped otherwise): the plugin's load fails and the library is named."""
    lib = Path("/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True) if shutil.which(
        "unshare") else None
    if probe is None or probe.returncode != 0 or not lib.exists():
        pytest.skip("needs unshare -m (root) and libxcb-cursor0 to hide it")
    # an X display that exists as far as the socket check goes: a listening socket
    import socket

    number = next(n for n in range(900, 1000) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")
        server.listen()
        script = (f"mount --bind /dev/null {lib} && exec \"$@\"")
        done = start_window(tmp_path, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"},
                            prefix=("unshare", "-m", "sh", "-c", script, "sh"))
    line = one_line(done)
    assert "Qt's X11 platform plugin cannot load" in line and "libxcb-cursor.so.0" in line
    assert "libxcb-cursor0" in line


def test_which_platform_is_checked():
    assert display_problem({}) == NO_DISPLAY
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":12345"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None  # Qt's to try
    assert display_problem({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":12345"}) is None
    assert "not an X display name" in display_problem({"DISPLAY": "nonsense"})
    assert "no X server answers at DISPLAY=:12345" in display_problem({"DISPLAY": ":12345"})
    assert display_problem({"DISPLAY": "far.example:0"}) is None  # another machine: not tried


def test_a_display_is_seen_without_connecting_to_it(monkeypatch):
    """A listening abstract socket, as Xorg and Xvfb make, is found in /proc/net/unix."""
    import socket

    if display._listening_unix_sockets() is None:
        pytest.skip("no /proc/net/unix here")
    monkeypatch.setattr(display, "_answers", lambda *a: pytest.fail("connected"))
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("\0/tmp/.X11-unix/X12346")
        server.listen()
        assert display_problem({"DISPLAY": ":12346.0"}) is None
        assert display_problem({"DISPLAY": "unix:12346"}) is None
    assert display_problem({"DISPLAY": ":12346"}) is not None


def test_a_missing_library_names_its_debian_package(monkeypatch, tmp_path: Path):
    (tmp_path / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(display, "_load_problem", lambda path: (
        "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"))
    line = plugin_problem({"DISPLAY": ":0"}, plugins=tmp_path)
    assert line is not None and "libxcb-cursor.so.0: cannot open shared object file" in line
    assert "libxcb-cursor0" in line
    monkeypatch.setattr(display, "_load_problem", lambda path: None)
    assert plugin_problem({"DISPLAY": ":0"}, plugins=tmp_path) is None
    assert display.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert display.debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    assert display.debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
