"""Is there a display the window can open on? Asked before Qt is, because Qt cannot say no.

When Qt's platform plugin cannot start (no display, an X server that does not answer, a
library the plugin needs missing), Qt prints a paragraph that often blames the wrong thing
(it names libxcb-cursor0 when only DISPLAY is unset) and aborts the process: exit 134 and a
core dump, past any ``try``. So the window's start asks these questions first, and a "no"
is one line on stderr and exit 1:

- ``display_problem``: which platform Qt will pick (``QT_QPA_PLATFORM``, else Wayland when
  ``WAYLAND_DISPLAY`` is set, else X11) and, for X11, whether the display named by
  ``DISPLAY`` answers on its socket (a local display, or one on this machine over TCP, as
  ssh's X forwarding makes). No Qt, no X library: the environment and one ``connect``.
- ``plugin_problem``: for X11, whether Qt's xcb plugin loads, by loading it as Qt would
  (``dlopen``; Qt loads the same file next, so this costs nothing more); a library it
  needs that is missing is named, with the Debian package that likely holds it. And a
  ``QT_QPA_PLATFORM`` that names no plugin of this installation.

What is not caught: an X server that answers but refuses us (``XAUTHORITY``), one on
another machine (not contacted here), a Wayland compositor that is gone while
``WAYLAND_DISPLAY`` still names it, or a plugin other than xcb that fails to start. Qt's
own message and abort remain for those.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_COMMANDS = "the commands work without one: study-planner --help"
NO_DISPLAY = f"no graphical display found (DISPLAY / WAYLAND_DISPLAY unset); {_COMMANDS}"
_X_DISPLAY = re.compile(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?")
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "ip6-localhost")
CONNECT_TIMEOUT_S = 1.0


def _platforms(env: Mapping[str, str]) -> list[str]:
    """The plugins ``QT_QPA_PLATFORM`` names, in the order Qt tries them ("wayland;xcb",
    "xcb:option=value")."""
    value = env.get("QT_QPA_PLATFORM", "")
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def will_use_x11(env: Mapping[str, str] | None = None) -> bool:
    """Whether Qt will start its xcb (X11) plugin and nothing else: ``QT_QPA_PLATFORM`` is
    xcb alone, or unset with no Wayland display (with one, Qt tries Wayland first)."""
    env = os.environ if env is None else env
    names = _platforms(env)
    if names:
        return names == ["xcb"]
    return not env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") != "wayland"


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open (one line), or None when it can as far as can be told."""
    env = os.environ if env is None else env
    display = env.get("DISPLAY", "")
    if not _platforms(env) and not display and not env.get("WAYLAND_DISPLAY"):
        if env.get("XDG_SESSION_TYPE") == "wayland" and _default_wayland_socket(env):
            return None  # Qt tries the default Wayland socket, which is there
        return NO_DISPLAY
    if not will_use_x11(env):
        return None  # another plugin (offscreen, wayland, vnc…): Qt's to judge
    if not display:
        return (f"QT_QPA_PLATFORM=xcb needs an X display, and DISPLAY is unset; set it to a "
                f"running X server (or unset QT_QPA_PLATFORM); {_COMMANDS}")
    return x_display_problem(display)


def _default_wayland_socket(env: Mapping[str, str]) -> bool:
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "wayland-0").exists()


def x_display_problem(display: str) -> str | None:
    """Whether an X server answers at ``display`` (":0", "unix:1.0", "localhost:10.0");
    None when it does or when it cannot be told from here (a display on another host)."""
    match = _X_DISPLAY.fullmatch(display)
    if match is None:
        return (f"DISPLAY={display!r} is not an X display name such as :0; set it to a "
                f"running X server; {_COMMANDS}")
    host, number = match.group("host"), int(match.group("number"))
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        if _local_display_listens(path):
            return None
        return (f"no X server answers at DISPLAY={display} (nothing listens at {path}); "
                f"start one, or set DISPLAY to a running one; {_COMMANDS}")
    if host.startswith("/"):
        return None  # a socket path (XQuartz's launchd): not checked
    if host.strip("[]") in _LOOPBACK or host.startswith("127."):
        port = 6000 + number
        import socket

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        if _answers(family, (host.strip("[]"), port)):
            return None
        return (f"no X server answers at DISPLAY={display} (nothing listens on {host} port "
                f"{port}; with ssh, is X forwarding still on?); {_COMMANDS}")
    return None  # another machine: Qt will try it


def _local_display_listens(path: str) -> bool:
    """Whether an X server listens at ``path`` or at Linux's abstract socket of that name
    (libxcb tries both). Read from /proc/net/unix where it can be: connecting would do,
    but a bare X server (Xvfb) with no other client resets itself when that connection
    closes, which costs Qt's connection ~30 ms and may refuse it. A socket file that is
    there but not listed (another network namespace; no /proc) is tried by connecting."""
    listening = _listening_unix_sockets()
    if listening is not None and ({path, "@" + path} & listening):
        return True
    if not os.path.exists(path):
        return False if listening is not None else _answers_unix("\0" + path)
    return _answers_unix(path)


def _listening_unix_sockets() -> set[str] | None:
    """The paths of the listening Unix sockets of this network namespace ("@name" for an
    abstract one); None when /proc/net/unix cannot be read."""
    try:
        with open("/proc/net/unix", encoding="utf-8", errors="replace") as table:
            lines = table.read().splitlines()[1:]
    except OSError:
        return None
    found = set()
    for line in lines:
        fields = line.split(None, 7)
        # Flags has __SO_ACCEPTCON (0x10000) on a listening socket
        if len(fields) == 8 and int(fields[3], 16) & 0x10000:
            found.add(fields[7])
    return found


def _answers_unix(address: str) -> bool:
    import socket

    return _answers(socket.AF_UNIX, address)


def _answers(family: int, address: str | tuple[str, int]) -> bool:
    import socket

    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_TIMEOUT_S)
            probe.connect(address)
        return True
    except OSError:
        return False


# ------------------------------------------------------------------------------ Qt's plugin


def _plugins_dir() -> Path | None:
    """Qt's platform plugins folder; None when ``QT_PLUGIN_PATH`` adds others (then what
    Qt will load cannot be told from one folder)."""
    if os.environ.get("QT_PLUGIN_PATH"):
        return None
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    return folder if folder.is_dir() else None


def plugin_problem(env: Mapping[str, str] | None = None,
                   plugins: Path | None = None) -> str | None:
    """Why Qt's platform plugin will not load (one line), or None. Loads PySide6.QtCore;
    for X11, loads the xcb plugin's library as Qt is about to."""
    env = os.environ if env is None else env
    folder = plugins if plugins is not None else _plugins_dir()
    if folder is None:
        return None
    names = [name.lower() for name in _platforms(env)]
    if names and not any((folder / f"libq{name}.so").is_file() for name in names):
        available = _plugin_keys(folder)  # a plugin may answer to more names than its file's
        if any(name in available for name in names):
            return None
        return (f"QT_QPA_PLATFORM={env.get('QT_QPA_PLATFORM')} names no Qt platform plugin "
                f"of this installation (it has {', '.join(sorted(available)) or 'none'}); unset "
                f"it or "
                f"name one of those; {_COMMANDS}")
    if not will_use_x11(env):
        return None
    library = folder / "libqxcb.so"
    if not library.is_file():
        return (f"Qt's X11 platform plugin is missing ({library}); reinstall PySide6; "
                f"{_COMMANDS}")
    why = _load_problem(library)
    if why is None:
        return None
    needed = re.match(r"(?:\S*/)?(lib[\w.+-]+?\.so\.\d+)", why)  # the library, not the plugin
    package = (f" (on Debian or Ubuntu, likely the package {debian_package(needed.group(1))})"
               if needed and needed.group(1) != library.name else "")
    return (f"Qt's X11 platform plugin cannot load: {why}; install the library it "
            f"names{package}; {_COMMANDS}")


def _plugin_keys(folder: Path) -> set[str]:
    """The names Qt's platform plugins in ``folder`` answer to (read from each file's
    metadata, without loading it)."""
    from PySide6.QtCore import QPluginLoader

    keys: set[str] = set()
    for path in folder.glob("*.so"):
        meta: Any = QPluginLoader(str(path)).metaData().get("MetaData", {})
        if isinstance(meta, dict):
            keys.update(str(key).lower() for key in meta.get("Keys", ()))
    return keys


def _load_problem(library: Path) -> str | None:
    import ctypes

    try:
        ctypes.CDLL(str(library), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc)
    return None


def debian_package(soname: str) -> str:
    """The usual Debian package of a shared library: 'libxcb-cursor.so.0' →
    'libxcb-cursor0', 'libxkbcommon-x11.so.0' → 'libxkbcommon-x11-0'."""
    stem, _, major = soname.partition(".so.")
    stem = stem.lower()
    return f"{stem}{'-' if stem[-1:].isdigit() else ''}{major.split('.')[0]}"
