"""One window per data file: a second launch asks the first window to come forward.

The state file's lock decides who owns the file; this local socket only carries the
"come forward" request. Its name is derived from the data file's path and the user. On
Linux it lives in the user's private runtime folder (``$XDG_RUNTIME_DIR``) when there is
one, where no other user can take the name first; elsewhere Qt puts it in the temp folder.

The first window answers ``ok`` when it comes forward, or ``closing`` when it is on its way
out; a launch counts as forwarded only on ``ok``. A window that is frozen or stopped still
accepts the connection (the system queues it) but never answers, and a window that is
saving on quit answers ``closing``: either way the launch waits for the lock instead of
ending with nothing on screen.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
ANSWER_TIMEOUT_MS = 1000  # a window busy for longer is treated as not answering
MAX_SOCKET_PATH = 100  # bytes; a Unix socket's path holds 104 (macOS) to 108 (Linux)


def server_name(data_file: Path) -> str:
    key = f"{getpass.getuser()}\n{Path(data_file).resolve()}"
    name = "study-planner-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.name == "posix" and runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        path = os.path.join(runtime, name)
        if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
            return path
    return name


class InstanceServer(QObject):
    """Listens while this window owns the data file (call only with the file's lock held)."""

    activation_requested = Signal()

    def __init__(self, data_file: Path, parent: QObject | None = None,
                 comes_forward: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.comes_forward = comes_forward  # False: answer "closing"
        self.name = server_name(data_file)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a stale socket of a crashed window
        self.listening = self._server.listen(self.name)
        self.error = "" if self.listening else self._server.errorString()
        self._server.newConnection.connect(self._on_connection)

    @property
    def path(self) -> str:
        """The socket's file (empty when not listening)."""
        return self._server.fullServerName() if self._server.isListening() else ""

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            coming = self.comes_forward()
            socket.disconnected.connect(socket.deleteLater)
            socket.write(b"ok\n" if coming else b"closing\n")
            socket.disconnectFromServer()  # once the answer is written
            if coming:
                self.activation_requested.emit()

    def close(self) -> None:
        """Stop listening; the socket's file goes with it."""
        self._server.close()
        self.listening = False


def ask_first_window(data_file: Path) -> bool:
    """True when a window owning ``data_file`` answered that it comes forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_file))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    answer = b""
    while b"\n" not in answer:
        if not socket.bytesAvailable() and not socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
            break
        answer += bytes(socket.readAll().data())
    socket.abort()
    return answer.startswith(b"ok\n")
