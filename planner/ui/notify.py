"""Desktop notifications: freedesktop's over D-Bus, else the tray's balloon, else the
status bar — whichever this machine has, tried in that order on each message.

Loaded with the first reminder, never at start-up (QtDBus is not needed to show the
window). The Notify call goes through ``QDBusInterface``'s introspected method, invoked
with typed arguments: its signature is ``susssasa{sv}i``, and a plain ``call()`` from
Python would send ``replaces_id`` as an int32 and the lists as variants, which servers
built on GDBus (GNOME Shell, dunst…) refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt
from PySide6.QtWidgets import QSystemTrayIcon

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Study Planner"
ICON = "io.github.studyplanner.StudyPlanner"  # the icon `desktop install` puts in hicolor
TIMEOUT_MS = -1  # the server's default


def notify_over_dbus(title: str, body: str) -> bool:
    """The notification through the session bus; False when there is no bus, no
    notification server, or the server refused it."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = QDBusInterface(SERVICE, PATH, SERVICE, bus)
    if not interface.isValid():
        return False
    try:
        result = QMetaObject.invokeMethod(
            interface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
            Q_ARG(str, APP_NAME), Q_ARG("uint", 0), Q_ARG(str, ICON), Q_ARG(str, title),
            Q_ARG(str, body), Q_ARG("QStringList", []), Q_ARG("QVariantMap", {}),
            Q_ARG(int, TIMEOUT_MS))
    except (RuntimeError, TypeError):
        return False
    return result is not None and not interface.lastError().isValid()


class Notifier(QObject):
    """Sends a reminder by the first way that works; ``send`` says which it was."""

    def __init__(self, status: Callable[[str], None], tray: Callable[[], QSystemTrayIcon | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = status  # the window's status bar line
        self.tray = tray  # the tray icon while the window keeps one, else None

    def send(self, title: str, body: str) -> str:
        if notify_over_dbus(title, body):
            return "desktop"
        tray = self.tray()
        if tray is not None and tray.isVisible() and QSystemTrayIcon.supportsMessages():
            tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information)
            return "tray"
        self.status(f"{title} — {body}")
        return "status bar"
