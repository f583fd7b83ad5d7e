"""This machine's device id: the first part of every journal event id it records
("k3f9x2ab.17"), so that two machines' journals meet without two events sharing an id
(docs/architecture.md, "The journal").

The id is made once, at random, and kept in the user state folder (``device-id``), beside
the window state and never in the data file: a data file synced to a second machine must
not carry the first machine's id there. A folder that cannot be written, or a file that
holds something else, gives a fresh random id for this run (with a note saying why), so
events are still unique; only the count restarts under a new prefix, which costs nothing.
"""

from __future__ import annotations

import os
import string
import tempfile
from pathlib import Path

from planner.core.journal.events import DEVICE

FILE_NAME = "device-id"
LENGTH = 8  # about 2e12 ids: two machines of one learner never meet on one id
_ALPHABET = string.ascii_lowercase + string.digits


def new_device_id() -> str:
    """Random, from the system's source; a letter first, which reads as a name."""
    first, *rest = os.urandom(LENGTH)
    return string.ascii_lowercase[first % 26] + "".join(_ALPHABET[b % 36] for b in rest)


def device_id(folder: Path) -> tuple[str, str]:
    """This machine's id kept in ``folder``, made on first use; and a note ("" if none) on
    why a fresh one is used for this run only."""
    path = folder / FILE_NAME
    try:
        with open(path, "rb") as file:
            text = file.read(64).decode("ascii", "replace").strip()
    except FileNotFoundError:
        text = None
    except OSError as exc:
        return new_device_id(), f"{path} cannot be read ({exc.strerror}); using a new id"
    if text is not None:
        if DEVICE.fullmatch(text):
            return text, ""
        return new_device_id(), (f"{path} does not hold a device id (1-16 lower-case "
                                 "letters or digits); using a new id for this run")
    made = new_device_id()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".device-id.", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(made + "\n")
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        return made, f"{path} cannot be written ({exc.strerror}); using a new id for this run"
    return made, ""
