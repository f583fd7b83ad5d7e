"""The desktop's menu entry: ``study-planner desktop install`` and ``desktop uninstall``.

Install writes three files into the user's XDG data folder (``$XDG_DATA_HOME``, by default
``~/.local/share``), from the templates in ``resources/desktop/``:

- ``applications/<APP_ID>.desktop``, the freedesktop entry the menu lists;
- ``icons/hicolor/scalable/apps/<APP_ID>.svg``, the icon it names;
- ``metainfo/<APP_ID>.metainfo.xml``, the AppStream description software centres show.

Each carries a comment saying that install wrote it. Uninstall removes a file only when it
carries that comment, so a file of the same name that the user or a package made is left
alone (and install refuses to overwrite one). The folders stay: they are the desktop's.

The entry's ``Exec`` is the absolute path of the ``study-planner`` script that ran the
install (else the one on ``PATH``, else ``python -m planner`` with this interpreter): a
desktop session's ``PATH`` is set at login and often lacks a virtual environment's or
``~/.local/bin``, so a bare name could start nothing, or another installation. ``TryExec``
names the same file, so the menu hides the entry when that installation is removed.
``StartupWMClass`` is the window's X11 class, which Qt takes from the application's name;
the window names the entry with ``setDesktopFileName(APP_ID)`` for Wayland's app id.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner import APP_ID, APP_NAME
from planner.core.errors import UserError
from planner.paths import icons_dir, resources_dir
from planner.store.state_file import write_for_user

SCRIPT = "study-planner"
MARK = "written by `study-planner desktop install`; `study-planner desktop uninstall` removes it"


@dataclass(frozen=True)
class DesktopFiles:
    entry: Path
    icon: Path
    metainfo: Path

    def all(self) -> tuple[Path, Path, Path]:
        return (self.entry, self.icon, self.metainfo)


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or relative (the
    XDG Base Directory spec says a relative path is to be ignored)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def files_in(home: Path) -> DesktopFiles:
    return DesktopFiles(
        entry=home / "applications" / f"{APP_ID}.desktop",
        icon=home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        metainfo=home / "metainfo" / f"{APP_ID}.metainfo.xml",
    )


def launcher() -> list[str]:
    """The command that starts this installation (see the module's docstring)."""
    started = sys.argv[0] if sys.argv else ""
    if Path(started).name == SCRIPT and os.path.isfile(started):
        return [os.path.abspath(started)]
    found = shutil.which(SCRIPT)
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "planner"]


# ------------------------------------------------------------------------------ the entry


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _quoted(arg: str) -> str:
    """One argument of ``Exec``, quoted as the Desktop Entry spec says: in double quotes
    when it holds a reserved character, with ``"``, `````, ``$`` and ``\\`` escaped by a
    backslash inside them; ``%`` doubled (a field code otherwise)."""
    arg = arg.replace("%", "%%")
    if not arg or _RESERVED & set(arg):
        escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in arg)
        arg = f'"{escaped}"'
    return arg


def _string_value(text: str) -> str:
    """A value of type string in a desktop file: backslash, newline, tab and CR escaped."""
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def exec_value(argv: Sequence[str]) -> str:
    """``argv`` as the value of an ``Exec`` key (quoting, then the string escapes)."""
    return _string_value(" ".join(_quoted(arg) for arg in argv))


def _check_writable_text(argv: Sequence[str]) -> None:
    for arg in argv:
        if any(ord(c) < 0x20 for c in arg):
            raise UserError(f"cannot write a menu entry that runs {arg!r}: a path with a "
                            "control character in it cannot be written in a desktop file")


def _template(name: str) -> str:
    return (resources_dir() / "desktop" / name).read_text(encoding="utf-8")


def _fill(text: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = re.search(r"@[A-Z_]+@", text)
    assert left is None, f"the template names {left.group()}, which nothing fills"
    return text


def entry_text(argv: Sequence[str]) -> str:
    _check_writable_text(argv)
    body = _fill(_template("study-planner.desktop.in"), {
        "APP_ID": APP_ID,
        "EXEC": exec_value(argv),
        # TryExec is a path or a name, not a command line: no quoting, only the escapes
        "TRY_EXEC": _string_value(argv[0]),
        "WM_CLASS": APP_NAME,
    })
    return f"# {MARK}\n{body}"


def metainfo_text() -> str:
    body = _fill(_template("study-planner.metainfo.xml.in"), {"APP_ID": APP_ID})
    return _after_declaration(body, f"<!-- {MARK} -->\n")


def icon_text() -> str:
    body = (icons_dir() / "study-planner.svg").read_text(encoding="utf-8")
    return _after_declaration(body, f"<!-- {MARK} -->\n")


def _after_declaration(xml: str, comment: str) -> str:
    """``comment`` before the root element: after an XML declaration, which must come
    first."""
    if xml.startswith("<?xml"):
        end = xml.index("?>") + 2
        return xml[:end] + "\n" + comment + xml[end:].lstrip("\n")
    return comment + xml


# ------------------------------------------------------------------------------ install


def _ours(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            return MARK in handle.read(4096)
    except OSError:
        return False


def install(home: Path, argv: Sequence[str]) -> DesktopFiles:
    """Write the entry, the icon and the metainfo under ``home`` (an XDG data folder), the
    entry running ``argv``. Refused (``UserError``), with nothing written, when one of the
    three names a file install did not write, or a folder."""
    files = files_in(home)
    texts = {files.entry: entry_text(argv), files.icon: icon_text(),
             files.metainfo: metainfo_text()}
    for path in texts:
        if path.is_dir() or (path.exists() and not _ours(path)):
            raise UserError(f"{path} exists and was not written by `{SCRIPT} desktop "
                            "install`; nothing was changed (move it away and try again)")
    for path, text in texts.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_for_user(path, text.encode("utf-8"))
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    return files


def uninstall(home: Path) -> tuple[list[Path], list[Path]]:
    """Remove what install wrote under ``home``: (the files removed, the files of the same
    names left alone because install did not write them)."""
    removed: list[Path] = []
    kept: list[Path] = []
    for path in files_in(home).all():
        if not path.is_file() and not path.is_symlink():
            continue
        if not _ours(path):
            kept.append(path)
            continue
        try:
            path.unlink()
        except OSError as exc:
            raise UserError(f"cannot remove {path}: {exc.strerror or exc}") from None
        removed.append(path)
    return removed, kept
