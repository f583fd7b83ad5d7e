"""One window per data file: a second launch asks the first window to come forward.

The state file's lock decides who owns the file; this local socket only carries the
"come forward" request. Its name is derived from the data file's path and the user.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500


def server_name(data_file: Path) -> str:
    key = f"{getpass.getuser()}\n{Path(data_file).resolve()}"
    return "study-planner-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class InstanceServer(QObject):
    """Listens while this window owns the data file (call only with the file's lock held)."""

    activation_requested = Signal()

    def __init__(self, data_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_file)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a stale socket of a crashed window
        self.listening = self._server.listen(self.name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.disconnected.connect(socket.deleteLater)
            socket.disconnectFromServer()
            self.activation_requested.emit()

    def close(self) -> None:
        self._server.close()


def ask_first_window(data_file: Path) -> bool:
    """True when a window owning ``data_file`` was reached and asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_file))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True
