"""Two real Syncthing instances on this machine, sharing one folder over loopback: the
harness of tests/e2e/test_syncthing.py (issue 18).

Each instance has its own home (keys, config, database), a GUI/REST port and a sync port on
127.0.0.1, and knows the other by device id at a static address. Everything that would
reach beyond this machine is off: global and local discovery, relays, NAT traversal, usage
and crash reports, upgrades. The config is written before the start, from the defaults
``syncthing generate`` puts in it, so nothing depends on what a given release fills in.

The test asks the REST API (``X-API-Key`` from the config) whether the folder has settled;
it never sleeps for a fixed time where a condition can be waited for.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FOLDER_ID = "planner"
TIMEOUT = 60.0  # seconds for any one wait; generous: a loaded CI machine is slow
POLL = 0.1
PAUSED = ("", "paused")  # a paused folder's state (1.19 says "", later ones "paused")


def syncthing_binary() -> str | None:
    """The ``syncthing`` on the PATH, if it runs (the Debian package's ``generate`` and
    ``serve`` commands are what the harness uses)."""
    exe = shutil.which("syncthing")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if out.returncode == 0 and out.stdout.startswith("syncthing v") else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT,
             sleep: Callable[[float], None] = time.sleep) -> Any:
    """Poll ``condition`` until it returns something true; that value. Fails after
    ``timeout`` seconds, naming ``what`` was awaited. ``sleep``: how to pass the time
    between looks (a window's test lets the event loop run meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        sleep(POLL)


def tree(folder: Path) -> dict[str, bytes]:
    """The files under ``folder`` by relative path, with their bytes; Syncthing's own
    marker folder and temp files left out."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(".stfolder") or ".syncthing." in path.name or not path.is_file():
            continue
        with contextlib.suppress(OSError):  # gone between the listing and the read
            out[rel] = path.read_bytes()
    return out


class Syncthing:
    """One instance: ``home`` holds its config and database, ``folder`` is the shared one."""

    def __init__(self, exe: str, name: str, home: Path, folder: Path) -> None:
        self.exe, self.name, self.home, self.folder = exe, name, home, folder
        self.gui_port, self.sync_port = free_port(), free_port()
        self.api_key = f"planner-test-{name}-{os.getpid()}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = home / "syncthing.log"
        home.mkdir(parents=True, exist_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([exe, "generate", f"--home={home}", "--no-default-folder",
                        "--skip-port-probing"], env=self._env(), check=True,
                       capture_output=True, timeout=60)
        root = ET.parse(home / "config.xml").getroot()
        own = root.find("device")
        assert own is not None, "syncthing generate wrote no device"
        self.device_id = own.attrib["id"]

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ST")}
        return {**env, "HOME": str(self.home), "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1",
                "STNORESTART": "1"}

    # ------------------------------------------------------------------ config

    def configure(self, peer: Syncthing) -> None:
        """Loopback only, nothing beyond this machine, ``peer`` at its static address, and
        one folder shared with it (watched, 1 s delay)."""
        path = self.home / "config.xml"
        doc = ET.parse(path)
        root = doc.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        _text(gui, "address", f"127.0.0.1:{self.gui_port}")
        _text(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for name, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.sync_port}",
            "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
            "relaysEnabled": "false", "natEnabled": "false", "startBrowser": "false",
            "urAccepted": "-1", "urSeen": "3", "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false", "reconnectionIntervalS": "1",
            "setLowPriority": "false", "stunServer": "", "announceLANAddresses": "false",
        }.items():
            _text(options, name, value)
        for stale in options.findall("unackedNotificationID"):
            options.remove(stale)
        defaults = root.find("defaults")
        assert defaults is not None
        device_default, folder_default = defaults.find("device"), defaults.find("folder")
        assert device_default is not None and folder_default is not None
        device = copy.deepcopy(device_default)
        device.set("id", peer.device_id)
        device.set("name", peer.name)
        _text(device, "address", f"tcp://127.0.0.1:{peer.sync_port}")
        root.insert(list(root).index(gui), device)
        folder = copy.deepcopy(folder_default)
        folder.attrib.update({"id": FOLDER_ID, "label": FOLDER_ID, "path": str(self.folder),
                              "fsWatcherEnabled": "true", "fsWatcherDelayS": "1",
                              "rescanIntervalS": "3600"})
        for old in folder.findall("device"):
            folder.remove(old)
        for device_id in (self.device_id, peer.device_id):
            member = ET.Element("device", {"id": device_id, "introducedBy": ""})
            ET.SubElement(member, "encryptionPassword").text = ""
            folder.insert(1, member)
        root.insert(0, folder)
        doc.write(path, encoding="unicode")

    # ------------------------------------------------------------------ process

    def start(self) -> None:
        log = open(self.log, "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen(
            [self.exe, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade", "--logflags=3"],
            env=self._env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        wait_for(self._pings, f"syncthing {self.name} to answer on port {self.gui_port}")

    def _pings(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"syncthing {self.name} exited with {self.process.returncode}"
                                 f":\n{self.log_tail()}")
        try:
            return bool(self.rest("GET", "/rest/system/ping").get("ping") == "pong")
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(OSError, urllib.error.URLError):
            self.rest("POST", "/rest/system/shutdown")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # ------------------------------------------------------------------ REST

    def rest(self, method: str, path: str, body: object = None, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}{query}", method=method, data=data,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def scan(self) -> None:
        """Scan the folder now (the call returns when the scan is done); just after the
        folder is resumed, once it runs."""
        def scanned() -> bool:
            try:
                self.rest("POST", "/rest/db/scan", folder=FOLDER_ID)
            except urllib.error.HTTPError:  # not running yet
                return False
            return True
        wait_for(scanned, f"syncthing {self.name} to scan the folder")

    def pause(self) -> None:
        """The folder paused: nothing goes out or comes in (nor is it scanned). The
        folder, not the devices: pausing a device drops the connection, and two devices
        that both dial the other at once can take a 20 s Hello timeout to reconnect."""
        self._set_folder(paused=True)
        wait_for(lambda: self._folder_state() in PAUSED, f"syncthing {self.name} to pause")

    def resume(self) -> None:
        self._set_folder(paused=False)
        wait_for(lambda: self._folder_state() not in PAUSED,
                 f"syncthing {self.name} to resume")

    def _set_folder(self, **fields: object) -> None:
        self.rest("PATCH", f"/rest/config/folders/{FOLDER_ID}", body=fields)

    def _folder_state(self) -> str:
        try:
            return str(self.rest("GET", "/rest/db/status", folder=FOLDER_ID)["state"])
        except urllib.error.HTTPError:
            return ""

    def connected(self, peer: Syncthing) -> bool:
        connections = self.rest("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def in_sync_with(self, peer: Syncthing) -> bool:
        """Connected, idle, needing nothing, and ``peer`` needing nothing of ours."""
        if not self.connected(peer):
            return False
        status = self.rest("GET", "/rest/db/status", folder=FOLDER_ID)
        if status["state"] != "idle" or status["needTotalItems"] or status["pullErrors"]:
            return False
        theirs = self.rest("GET", "/rest/db/completion", folder=FOLDER_ID,
                           device=peer.device_id)
        return bool(theirs["completion"] == 100 and not theirs["needItems"]
                    and not theirs["needDeletes"])

    def sequence(self) -> int:
        return int(self.rest("GET", "/rest/db/status", folder=FOLDER_ID)["sequence"])


def settled(a: Syncthing, b: Syncthing) -> bool:
    """Both in sync with each other, the two folders hold the same files byte for byte,
    and nothing moved while that was looked at."""
    before = (a.sequence(), b.sequence())
    if not (a.in_sync_with(b) and b.in_sync_with(a)):
        return False
    if tree(a.folder) != tree(b.folder):
        return False
    return (a.sequence(), b.sequence()) == before


def wait_settled(a: Syncthing, b: Syncthing, timeout: float = TIMEOUT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
    """Until both folders are the same and Syncthing says so, twice in a row."""
    def twice() -> bool:
        return settled(a, b) and settled(a, b)
    try:
        wait_for(twice, "the two Syncthing folders to settle", timeout, sleep)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- {a.name}:\n{a.log_tail()}\n--- {b.name}:\n"
                             f"{b.log_tail()}\n--- {a.name} files: {sorted(tree(a.folder))}"
                             f"\n--- {b.name} files: {sorted(tree(b.folder))}") from None


def pair(exe: str, root: Path) -> Iterator[tuple[Syncthing, Syncthing]]:
    """Two instances, ``a`` and ``b``, configured for each other, started and connected;
    stopped afterwards."""
    a = Syncthing(exe, "a", root / "syncthing-a", root / "a")
    b = Syncthing(exe, "b", root / "syncthing-b", root / "b")
    a.configure(b)
    b.configure(a)
    try:
        a.start()
        b.start()
        wait_for(lambda: a.connected(b) and b.connected(a), "the two instances to connect")
        yield a, b
    finally:
        a.stop()
        b.stop()


def _text(parent: ET.Element, tag: str, value: str) -> None:
    child = parent.find(tag)
    if child is None:
        child = ET.SubElement(parent, tag)
    child.text = value
