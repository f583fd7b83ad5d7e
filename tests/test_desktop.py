"""`desktop install` / `desktop uninstall`: the menu entry, the icon and the AppStream
metainfo in the user's XDG data folder, checked by the freedesktop validators.

The validators (desktop-file-utils, appstream) are skipped when missing, except on CI
(CI=true), which installs them (.ci/run).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import APP_ID, APP_NAME
from planner.entry import desktop
from planner.entry.cli.main import main

VALIDATORS = ("desktop-file-validate", "appstreamcli")
missing = [tool for tool in VALIDATORS if shutil.which(tool) is None]
needs_validators = pytest.mark.skipif(
    bool(missing) and os.environ.get("CI") != "true",
    reason=f"needs {', '.join(missing)} (apt-get install desktop-file-utils appstream)")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "xdg data"  # a space: the paths in the entry are quoted
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The running `study-planner` script, at a path a shell would mangle."""
    folder = tmp_path / "venv $HOME's \"bin\" 100%"
    folder.mkdir()
    path = folder / "study-planner"
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(path)])
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def entry(home: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(home / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir())


def unquote_exec(value: str) -> list[str]:
    """The Exec value back to arguments, as the Desktop Entry spec reads it: the string
    escapes, then double-quoted arguments with backslash escapes, then %% as %."""
    text = value.replace("\\\\", "\\")
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(text):
        c = text[i]
        if quoted and c == "\\":
            current += text[i + 1]
            i += 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current += c
            started = True
        i += 1
    if started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


@needs_validators
def test_install_writes_what_the_validators_accept_and_uninstall_takes_it_back(
        capsys, home: Path, script: Path):
    code, out, err = run(capsys, "desktop", "install")
    assert code == 0, err
    written = files_under(home)
    assert written == sorted([
        home / "applications" / f"{APP_ID}.desktop",
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        home / "metainfo" / f"{APP_ID}.metainfo.xml",
    ])
    assert str(written[0]) in out and "desktop uninstall" in out

    checked = subprocess.run(["desktop-file-validate", str(written[0])],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    checked = subprocess.run(["appstreamcli", "validate", "--no-net", str(written[2])],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    keys = entry(home)
    assert unquote_exec(keys["Exec"]) == [str(script)]
    assert keys["TryExec"] == str(script)
    assert keys["Icon"] == APP_ID
    assert keys["StartupWMClass"] == APP_NAME  # the window's X11 class (Qt: the app's name)
    assert "<svg" in written[1].read_text()

    code, out, _ = run(capsys, "desktop", "uninstall")
    assert code == 0 and out.count("Removed ") == 3
    assert files_under(home) == []
    code, out, _ = run(capsys, "desktop", "uninstall")
    assert code == 0 and "nothing to remove" in out


def test_the_entry_opens_the_data_file_given_to_install(capsys, home: Path, script: Path,
                                                         tmp_path: Path):
    chosen = tmp_path / "my plan.yaml"
    assert run(capsys, "--data-file", str(chosen), "desktop", "install")[0] == 0
    assert unquote_exec(entry(home)["Exec"]) == [str(script), "--data-file", str(chosen)]
    code, _, err = run(capsys, "--data-file", str(chosen), "desktop", "uninstall")
    assert code == 1 and "takes no --data-file" in err
    assert len(files_under(home)) == 3


def test_without_the_script_the_entry_runs_this_python(monkeypatch, capsys, home: Path):
    monkeypatch.setattr(sys, "argv", ["-c"])
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert run(capsys, "desktop", "install")[0] == 0
    assert unquote_exec(entry(home)["Exec"]) == [os.path.abspath(sys.executable), "-m",
                                                 "planner"]


def test_uninstall_leaves_files_install_did_not_write(capsys, home: Path, script: Path):
    mine = home / "applications" / f"{APP_ID}.desktop"
    mine.parent.mkdir(parents=True)
    mine.write_text("[Desktop Entry]\nName=My own\n")
    code, _, err = run(capsys, "desktop", "install")
    assert code == 1 and "was not written by" in err and str(mine) in err
    assert files_under(home) == [mine]  # nothing written

    mine.unlink()
    assert run(capsys, "desktop", "install")[0] == 0
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    icon.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")  # the user's own now
    code, out, _ = run(capsys, "desktop", "uninstall")
    assert code == 0 and out.count("Removed ") == 2 and f"Left {icon}" in out
    assert files_under(home) == [icon]


def test_install_again_replaces_its_own_files(capsys, home: Path, script: Path):
    assert run(capsys, "desktop", "install")[0] == 0
    first = {p: p.read_bytes() for p in files_under(home)}
    assert run(capsys, "desktop", "install")[0] == 0
    assert {p: p.read_bytes() for p in files_under(home)} == first


def test_xdg_data_home_default_and_relative(tmp_path: Path):
    assert desktop.data_home({"HOME": "/home/ann"}) == Path("/home/ann/.local/share")
    assert desktop.data_home({"HOME": "/home/ann", "XDG_DATA_HOME": ""}) == Path(
        "/home/ann/.local/share")
    # a relative path is ignored, as the XDG Base Directory spec says
    assert desktop.data_home({"HOME": "/home/ann", "XDG_DATA_HOME": "data"}) == Path(
        "/home/ann/.local/share")
    assert desktop.data_home({"HOME": "/h", "XDG_DATA_HOME": "/x/y"}) == Path("/x/y")


def test_exec_quoting_follows_the_spec():
    assert desktop.exec_value(["/usr/bin/study-planner"]) == "/usr/bin/study-planner"
    assert desktop.exec_value(["/a b/x"]) == '"/a b/x"'
    assert desktop.exec_value(['/a"$`\\b']) == '"/a\\\\"\\\\$\\\\`\\\\\\\\b"'
    assert desktop.exec_value(["/100%/x"]) == "/100%%/x"
    for argv in (["/a b/x"], ['/a"$`\\b', "--data-file", "/c d/%e.yaml"]):
        assert unquote_exec(desktop.exec_value(argv)) == argv


def test_the_window_names_the_entry_it_matches(qapp):
    """Wayland's app id (setDesktopFileName) is the entry's name, and X11's WM_CLASS class
    (Qt's application name) is the entry's StartupWMClass."""
    from planner.entry.window import _application

    app = _application()
    assert app.desktopFileName() == APP_ID
    text = desktop.entry_text(["/usr/bin/study-planner"])
    assert f"StartupWMClass={app.applicationName()}\n" in text


def test_the_templates_ship_with_the_package():
    """setup.py copies resources/ into the wheel (planner/_data/resources): the templates
    are found where the installed package looks."""
    from planner.paths import resources_dir

    folder = resources_dir() / "desktop"
    assert {p.name for p in folder.iterdir()} >= {"study-planner.desktop.in",
                                                  "study-planner.metainfo.xml.in"}
    manifest = (Path(__file__).resolve().parents[1] / "MANIFEST.in").read_text()
    assert "recursive-include resources *" in manifest
