"""Opening a resource's link in the desktop browser, through the link policy
(docs/architecture.md §3.5).

The link is checked again at the moment it is opened, and what reaches
``QDesktopServices`` is the re-serialised link the policy returns, never the raw text.
A refusal is reported (``refused``) with the policy's reason, naming the link.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from planner.core.catalog.model import Resource
from planner.core.links import LinkError, inspect_link


@dataclass(frozen=True)
class LinkView:
    """How the detail pane shows a link: the checked address and its real host, or why not."""

    url: str
    host: str
    note: str = ""  # e.g. the host hid behind a user name
    problem: str = ""  # the policy's refusal; empty when the link may be opened


def printable(text: str) -> str:
    """``text`` with its invisible characters written as escapes (``\\u202e``, ``\\n``).

    A refused link is shown as it is, so the user can find it, but a right-to-left override
    or a line break in it must not rearrange what the window shows.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def describe_link(raw: str) -> LinkView:
    try:
        checked = inspect_link(raw)
    except LinkError as exc:
        return LinkView(printable(raw), "", problem=str(exc))
    note = ""
    if checked.hid_behind_userinfo:
        note = "the link hid this host behind a user name; it opens the real host"
    return LinkView(checked.url, checked.host, note)


class LinkOpener(QObject):
    opened = Signal(str, str)  # resource id, the link opened
    refused = Signal(str, str)  # resource id, why (a sentence naming the link)
    copied = Signal(str, str)  # resource id, the link put on the clipboard

    def _checked(self, resource: Resource, verb: str, done: str) -> str | None:
        """The resource's link as the policy re-serialises it, or None with ``refused``
        said ("… has no link to open", "Not opened: …")."""
        if not resource.url:
            self.refused.emit(resource.id, f"“{resource.title}” has no link to {verb}")
            return None
        try:
            return inspect_link(resource.url).url
        except LinkError as exc:
            self.refused.emit(resource.id, f"Not {done}: {exc}")
            return None

    def copy(self, resource: Resource) -> bool:
        """Copy Link: the checked, re-serialised link goes on the clipboard (as Open would
        open it), never the raw text; a link the policy refuses is not copied."""
        url = self._checked(resource, "copy", "copied")
        if url is None:
            return False
        from PySide6.QtGui import QGuiApplication

        clipboard = QGuiApplication.clipboard()
        if clipboard is None:
            self.refused.emit(resource.id, "Not copied: there is no clipboard")
            return False
        clipboard.setText(url)
        self.copied.emit(resource.id, url)
        return True

    def open(self, resource: Resource) -> bool:
        url = self._checked(resource, "open", "opened")
        if url is None:
            return False
        from PySide6.QtCore import QUrl  # with QDesktopServices: loaded on the first open
        from PySide6.QtGui import QDesktopServices

        qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
        if not qurl.isValid():
            self.refused.emit(resource.id, f"Not opened: the link {url!r} is not valid")
            return False
        if not QDesktopServices.openUrl(qurl):
            self.refused.emit(resource.id, f"No browser could be started to open {url}")
            return False
        self.opened.emit(resource.id, url)
        return True
