"""The one base of every error the user can fix (docs/architecture.md §6).

A ``UserError`` is the app's own word for "your input or your file is not right": its message
is written for the user and names what is at fault (the file and line, the field, the id).
The command line turns one into one line on stderr and exit 1; the window into a message in
the status bar, a panel or a message box. Anything else that escapes (a bare ``ValueError``,
``KeyError``, ``TypeError``, …) is a bug, reported as an internal error with its traceback
in the log (``planner.entry.errors``).

The app's errors keep the built-in base they had before (``SettingsError`` is also a
``ValueError``, ``UnknownResourceError`` a ``KeyError``), so code that caught those still
does; what decides "the user's problem, not a bug" is ``UserError`` alone.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or file, worded for them; never a bug."""
