"""One window per data file: a second launch asks the first window to come forward, and
``study-planner sync`` asks it to merge the conflict copies.

The state file's lock decides who owns the file; this local socket only carries requests
to the window that holds it. Its name is derived from the data file's path and the user. On
Linux it lives in the user's private runtime folder (``$XDG_RUNTIME_DIR``) when there is
one, where no other user can take the name first; elsewhere Qt puts it in the temp folder.

The protocol: the client connects and sends one request line; the window answers one line
(UTF-8) and closes the connection.

- ``raise`` → ``ok`` when the window comes forward, or ``closing`` when it is on its way
  out; a launch counts as forwarded only on ``ok``. A window that is frozen or stopped
  still accepts the connection (the system queues it) but never answers, and a window
  that is saving on quit answers ``closing``: either way the launch waits for the lock
  instead of ending with nothing on screen.
- ``sync`` → ``closing``, or a JSON object once the window has merged the conflict copies
  beside its file and saved (``FileFollower.look``, the follower's own merge): the keys
  of ``sync --json`` (``merged``, ``moved_to``, ``conflicts``, ``problems``) and
  ``window``, what its status bar said; or ``{"error": "…"}`` when it could not look (a
  dialog open, a read-only file), nothing changed. The client waits ``SYNC_TIMEOUT_MS``
  for it; no answer by then is said as such.
- Anything else → ``unknown``. A request whose client has already gone (it gave up
  waiting on a window that was stopped) is dropped. A connection that sends no line within
  ``REQUEST_TIMEOUT_MS`` is closed.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDir, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
ANSWER_TIMEOUT_MS = 1000  # a window busy for longer is treated as not answering
SYNC_TIMEOUT_MS = 15_000  # a merge and a save; a window that takes longer is not answering
REQUEST_TIMEOUT_MS = 5_000  # a client that connects and says nothing
MAX_REQUEST = 64  # bytes: the longest request line
SILENCE = "said-nothing"  # the timer that closes a connection that sends no request
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
                 comes_forward: Callable[[], bool] = lambda: True,
                 sync: Callable[[], dict[str, Any] | None] | None = None) -> None:
        super().__init__(parent)
        self.comes_forward = comes_forward  # False: answer "closing"
        # merges the conflict copies, saves, and gives the answer; None: "closing"
        self.sync = sync
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
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            silence = QTimer(socket, singleShot=True)  # said nothing: closed
            silence.setObjectName(SILENCE)
            silence.timeout.connect(lambda s=socket: s.abort())  # (stopped once it spoke)
            silence.start(REQUEST_TIMEOUT_MS)
            if socket.canReadLine():  # arrived with the connection
                self._on_request(socket)

    def _on_request(self, socket: QLocalSocket) -> None:
        if socket.property("answered"):
            return
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST:
                socket.abort()
            return
        socket.setProperty("answered", True)
        silence = socket.findChild(QTimer, SILENCE)
        if silence is not None:
            silence.stop()  # an answer that takes a while is not cut off
        request = bytes(socket.readLine(MAX_REQUEST + 1).data()).strip()
        if request == b"raise":
            coming = self.comes_forward()
            self._answer(socket, b"ok" if coming else b"closing")
            if coming:
                self.activation_requested.emit()
        elif request == b"sync":
            # The command may have given up waiting (a window that was stopped, say): its
            # close came with the request, but is only seen once looked for.
            socket.waitForDisconnected(0)
            if socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return
            try:
                answer = (self.sync() if self.sync is not None
                          else {"error": "this window cannot merge conflict copies"})
            except Exception as exc:  # a bug: said to the command, then reported as one
                self._answer(socket, json.dumps({"error": f"the window failed: {exc!r}"},
                                                ensure_ascii=False).encode("utf-8"))
                raise
            self._answer(socket, b"closing" if answer is None else json.dumps(
                answer, ensure_ascii=False).encode("utf-8"))
        else:
            self._answer(socket, b"unknown")

    @staticmethod
    def _answer(socket: QLocalSocket, line: bytes) -> None:
        socket.write(line + b"\n")
        socket.disconnectFromServer()  # once the answer is written

    def close(self) -> None:
        """Stop listening; the socket's file goes with it."""
        self._server.close()
        self.listening = False


def _ask(data_file: Path, request: bytes, timeout_ms: int) -> bytes | None:
    """The window's answer line to ``request`` (b"" when it did not answer in
    ``timeout_ms``); None when no window listens for ``data_file``."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_file))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    socket.write(request + b"\n")
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    answer = b""
    deadline = time.monotonic() + timeout_ms / 1000
    while b"\n" not in answer:
        left = int((deadline - time.monotonic()) * 1000)
        if not socket.bytesAvailable() and (left <= 0 or not socket.waitForReadyRead(left)):
            break
        answer += bytes(socket.readAll().data())
    socket.abort()
    return answer.partition(b"\n")[0] if b"\n" in answer else b""


def ask_first_window(data_file: Path) -> bool:
    """True when a window owning ``data_file`` answered that it comes forward."""
    return _ask(data_file, b"raise", ANSWER_TIMEOUT_MS) == b"ok"


@dataclass(frozen=True)
class SyncReply:
    """A window's answer to ``sync``: ``answer`` (its JSON object), ``closing``, or
    ``garbled`` (a line not in the protocol's words); none of them when it did not answer
    in time."""

    answer: dict[str, Any] | None = None
    closing: bool = False
    garbled: bool = False


def _may_listen(data_file: Path) -> bool:
    """False when no window can be listening: where the socket is a file (Unix), there is
    none. (A stale one, left by a window that was killed, refuses the connection.)"""
    if os.name != "posix":
        return True  # a named pipe: only connecting tells
    name = server_name(data_file)
    return os.path.exists(name if os.path.isabs(name) else os.path.join(QDir.tempPath(), name))


_qcore: list[QCoreApplication] = []  # the command line's, made once when there is none


def ask_window_to_sync(data_file: Path,
                       timeout_ms: int | None = None) -> SyncReply | None:
    """Ask the window that has ``data_file`` open to merge the conflict copies beside it
    and save; None when no window listens for it (a command holds the file, or nothing)."""
    if not _may_listen(data_file):
        return None  # no socket: no window (and no Qt application made for nothing)
    if QCoreApplication.instance() is None:  # the command line: sockets want one
        _qcore.append(QCoreApplication(["study-planner"]))
    line = _ask(data_file, b"sync", SYNC_TIMEOUT_MS if timeout_ms is None else timeout_ms)
    if line is None:
        return None
    if line == b"closing":
        return SyncReply(closing=True)
    try:
        answer = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return SyncReply(garbled=bool(line))
    return SyncReply(answer=answer) if isinstance(answer, dict) else SyncReply(garbled=True)
