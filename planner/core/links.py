"""The link policy (DESIGN.md §3.5): which links may reach the desktop browser.

Checked when a resource is saved or imported and again when it is opened. What is passed
on is the link re-serialised from its parsed parts, never the raw string.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_LINK_LENGTH = 4096
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_HOST_RE = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$")
_MAILTO_RE = re.compile(r"^[^@\s/\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class LinkError(ValueError):
    """A link the policy refuses; the message names the link and the reason."""


@dataclass(frozen=True)
class CheckedLink:
    url: str
    scheme: str
    host: str
    hid_behind_userinfo: bool


def inspect_link(raw: str) -> CheckedLink:
    """Parse strictly and return the re-serialised link with its real host."""
    shown = raw if len(raw) <= 80 else raw[:77] + "…"
    if not isinstance(raw, str) or not raw:
        raise LinkError("the link is empty")
    if len(raw) > MAX_LINK_LENGTH:
        raise LinkError(f"the link {shown!r} is longer than {MAX_LINK_LENGTH} characters")
    if _CONTROL_OR_SPACE.search(raw):
        raise LinkError(f"the link {shown!r} contains whitespace or control characters")
    if raw.startswith(("\\\\", "//")):
        raise LinkError(f"the link {shown!r} is a network path; only http and https are opened")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise LinkError(f"the link {shown!r} does not parse: {exc}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise LinkError(f"the link {shown!r} is relative; give a full http(s) address")
    if scheme not in ALLOWED_SCHEMES:
        raise LinkError(
            f"the link {shown!r} uses the scheme '{scheme}:'; only http, https and mailto "
            "links are opened"
        )
    if scheme == "mailto":
        if not _MAILTO_RE.match(parts.path):
            raise LinkError(f"the link {shown!r} is not a valid e-mail address")
        url = urlunsplit(SplitResult("mailto", "", parts.path, parts.query, ""))
        return CheckedLink(url, "mailto", parts.path.rsplit("@", 1)[1].lower(), False)
    host = parts.hostname or ""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise LinkError(f"the link {shown!r} has no valid host") from None
    else:
        checked = _ascii_host(host)
        if checked is None:
            raise LinkError(f"the link {shown!r} has no valid host")
        host = checked
    hid = parts.username is not None or parts.password is not None
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    url = urlunsplit(SplitResult(scheme, netloc.lower(), parts.path, parts.query, parts.fragment))
    return CheckedLink(url, scheme, host.lower(), hid)


@lru_cache(maxsize=4096)
def _ascii_host(host: str) -> str | None:
    """The host in ASCII (IDNA), or None when it is not a valid host name.

    Kept per host: a catalog of thousands of links has a few hundred hosts.
    """
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not _HOST_RE.match(ascii_host) or ascii_host.startswith(".") or ".." in ascii_host:
        return None
    return ascii_host


def check_link(raw: str) -> str:
    """The re-serialised link, or ``LinkError`` saying why it is refused.

    Userinfo (``https://good@evil``) is dropped: the link shown and opened is the real host.
    """
    return inspect_link(raw).url
