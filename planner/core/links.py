"""The link policy (docs/architecture.md §3.5): which links may reach the desktop browser.

Checked when a resource is saved or imported and again when it is opened. What is passed
on is the link re-serialised from its parsed parts, never the raw string; the host shown
is the host the browser will contact.

What is refused, besides other schemes and links without a host:
- whitespace, control characters and invisible formatting characters (zero-width spaces,
  bidirectional overrides, a byte-order mark), raw or %-encoded (``%0d%0a`` smuggles a
  line break into a mail header or a request; ``%20`` is fine);
- a backslash anywhere: browsers read it as ``/`` and this parser does not, so the two
  could disagree about the host;
- a host that browsers read as an IPv4 address written another way (``0x7f.1``,
  ``2130706433``, ``127.1``): the host shown would not be the host contacted;
- a character that is not text (a lone surrogate: an undecodable byte);
- in a ``mailto:`` link, any header but ``subject`` and ``body`` (RFC 6068 lets a link set
  any header, and mail clients honour ``attach=/path``: a link that sends a file).
Characters RFC 3986 does not allow (``" < > ^ ` { | }``, and a ``%`` that starts no
%-escape) are %-encoded, as browsers do.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from planner.core.errors import UserError

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_LINK_LENGTH = 4096
# Unicode's whitespace (Zs, Zl, Zp and the ASCII ones), controls (Cc) and format
# characters (Cf), as of Unicode 15, except the zero-width (non-)joiners U+200C and U+200D:
# Persian words and emoji need them, in links too. tests/reliability/test_hostile_links.py
# checks the list against the running Python's Unicode database.
_INVISIBLE = re.compile(
    "[\x00-\x20\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u1680"
    "\u180e\u2000-\u200b\u200e\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)
# The same, %-encoded, except spaces: a %20 is an ordinary part of many links.
_INVISIBLE_ENCODED = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_CHAR_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab",
               "\x00": "a NUL character", " ": "a space", "\u202e": "a right-to-left override",
               "\u200b": "a zero-width space", "\ufeff": "a byte-order mark"}
_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NOT_IN_URLS = {c: f"%{ord(c):02X}" for c in '"<>^`{|}'}
_NOT_IN_URLS_RE = re.compile('["<>^`{|}]')
# Letters, digits and hyphens, a hyphen never first or last in a label (RFC 1123; Qt, and so
# the browser it hands the link to, refuses such a host).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST_RE = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$")
_MAILTO_RE = re.compile(r"^[^@\s/\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
MAILTO_HEADERS = ("subject", "body")  # what a mailto: link may set besides the address
_NUMBER_LABEL = re.compile(r"^(?:[0-9]+|0[xX][0-9A-Fa-f]*)$")


class LinkError(UserError, ValueError):
    """A link the policy refuses; the message names the link and the reason."""


@dataclass(frozen=True)
class CheckedLink:
    url: str
    scheme: str
    host: str
    hid_behind_userinfo: bool


def _shown(raw: str) -> str:
    """The link as messages name it: quoted, escaped (repr), long ones shortened."""
    return repr(raw if len(raw) <= 80 else raw[:77] + "…")


def _char_name(char: str) -> str:
    name = _CHAR_NAMES.get(char)
    if name is None and "\ud800" <= char <= "\udfff":
        name = "an undecodable byte"
    return f"{name} (U+{ord(char):04X})" if name else f"U+{ord(char):04X}"


def inspect_link(raw: str) -> CheckedLink:
    """Parse strictly and return the re-serialised link with its real host."""
    if not isinstance(raw, str) or not raw:
        raise LinkError("the link is empty")
    shown = _shown(raw)
    if len(raw) > MAX_LINK_LENGTH:
        raise LinkError(f"the link {shown} is longer than {MAX_LINK_LENGTH} characters")
    if found := _INVISIBLE.search(raw):
        raise LinkError(f"the link {shown} contains whitespace or control characters: "
                        f"{_char_name(found.group())} at position {found.start() + 1}")
    if "%" in raw and (found := _INVISIBLE_ENCODED.search(unquote(raw, errors="replace"))):
        raise LinkError(f"the link {shown} contains a %-encoded control or invisible "
                        f"character: {_char_name(found.group())}")
    if raw.startswith("//"):
        raise LinkError(f"the link {shown} is a network path; only http and https are opened")
    if "\\" in raw:
        what = "is a network path" if raw.startswith("\\\\") else "contains a backslash"
        raise LinkError(f"the link {shown} {what}; only http and https addresses with "
                        "forward slashes are opened")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise LinkError(f"the link {shown} does not parse: {exc}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise LinkError(f"the link {shown} is relative; give a full http(s) address")
    if scheme not in ALLOWED_SCHEMES:
        raise LinkError(
            f"the link {shown} uses the scheme '{scheme}:'; only http, https and mailto "
            "links are opened"
        )
    path, query, fragment = (_encode_unsafe(p) for p in (parts.path, parts.query,
                                                         parts.fragment))
    if scheme == "mailto":
        if not _MAILTO_RE.match(parts.path):
            raise LinkError(f"the link {shown} is not a valid e-mail address")
        _refuse_mail_headers(parts.query, shown)
        url = urlunsplit(SplitResult("mailto", "", path, query, ""))
        return CheckedLink(url, "mailto", parts.path.rsplit("@", 1)[1].lower(), False)
    host = parts.hostname or ""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise LinkError(f"the link {shown} has no valid host") from None
    else:
        checked = _ascii_host(host)
        if checked is None:
            raise LinkError(f"the link {shown} has no valid host")
        host = checked.lower()
        _refuse_disguised_address(host, shown)
    hid = parts.username is not None or parts.password is not None
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    url = urlunsplit(SplitResult(scheme, netloc.lower(), path, query, fragment))
    return CheckedLink(url, scheme, host.lower(), hid)


def _refuse_mail_headers(query: str, shown: str) -> None:
    """A ``mailto:`` query sets mail headers: only ``subject`` and ``body`` are let through.

    Names are compared as a mail client reads them: %-decoded, in any case (RFC 6068); a
    ';' counts as a separator too, as some clients take it (write a ';' in a subject as %3B).
    """
    for field in re.split("[&;]", query) if query else ():
        name = unquote(field.partition("=")[0], errors="replace").strip().lower()
        if name not in MAILTO_HEADERS:
            what = f"the header {name!r}" if name else "a header without a name"
            why = " (it attaches a file)" if name in ("attach", "attachment") else ""
            raise LinkError(f"the link {shown} sets {what}{why}; a mailto: link may set only "
                            f"{' and '.join(MAILTO_HEADERS)}")


def _encode_unsafe(part: str) -> str:
    """%-encode what RFC 3986 never allows in a URL, and a '%' that starts no %-escape
    (``100%`` → ``100%25``), as browsers do."""
    if "%" in part:
        part = _BROKEN_ESCAPE.sub("%25", part)
    if not _NOT_IN_URLS_RE.search(part):
        return part
    return _NOT_IN_URLS_RE.sub(lambda m: _NOT_IN_URLS[m.group()], part)


@lru_cache(maxsize=4096)
def _ascii_host(host: str) -> str | None:
    """The host in ASCII (Python's IDNA codec), or None when it is not a valid host name.

    Kept per host: a catalog of thousands of links has a few hundred hosts.
    """
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not _HOST_RE.match(ascii_host) or ascii_host.startswith(".") or ".." in ascii_host:
        return None
    return ascii_host


def _refuse_disguised_address(host: str, shown: str) -> None:
    """A host ending in a number is an IPv4 address to a browser (WHATWG URL standard);
    only the plain dotted form (``192.0.2.1``) shows the address that is contacted."""
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if not _NUMBER_LABEL.match(labels[-1]):
        return
    try:
        ipaddress.IPv4Address(host)
        return
    except ValueError:
        pass
    real = browser_ipv4(host)
    if real is None:
        raise LinkError(f"the link {shown} has no valid host (it ends in a number but is "
                        "not an IP address)")
    raise LinkError(f"the link {shown} has a host that browsers read as the address {real}; "
                    f"write {real} if that is meant")


def browser_ipv4(host: str) -> str | None:
    """The IPv4 address a browser reads in ``host`` (``0x7f.1`` → ``127.0.0.1``), or None
    when it is not one (WHATWG URL standard, "IPv4 parser")."""
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if len(labels) > 4:
        return None
    numbers = []
    for label in labels:
        if label[:2] in ("0x", "0X"):
            base, digits = 16, label[2:] or "0"
        elif len(label) > 1 and label.startswith("0"):
            base, digits = 8, label[1:]
        else:
            base, digits = 10, label
        if not digits.isascii() or not digits.isalnum():
            return None
        try:
            numbers.append(int(digits, base))
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last + sum(n * 256 ** (3 - i) for i, n in enumerate(head))
    return str(ipaddress.IPv4Address(value))


# A link already written the way the policy writes links, with nothing that needs a closer
# look: http(s), a lowercase ASCII host whose labels are letters, digits and inner hyphens
# (the last one starting with a letter, so no address in disguise), no port, no user info,
# and only unreserved characters, sub-delimiters, ':', '@', '/' and '?' after it (no '%', no
# backslash, no empty '?' or '#'). ``inspect_link`` returns such a link unchanged (a
# Hypothesis test holds the two to that), so checking it is one match: a 2,000-resource
# file holds 2,000 links, checked on every load.
_PLAIN_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TAIL = r"[A-Za-z0-9._~!$&'()*+,;=:@/-]"
PLAIN_LINK = re.compile(
    rf"https?://(?:{_PLAIN_LABEL}\.)*[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?"
    rf"(?:/{_TAIL}*)?(?:\?(?:{_TAIL}|\?)+)?(?:#(?:{_TAIL}|\?)+)?"
)


def check_link(raw: str) -> str:
    """The re-serialised link, or ``LinkError`` saying why it is refused.

    Userinfo (``https://good@evil``) is dropped: the link shown and opened is the real host.
    """
    if isinstance(raw, str) and len(raw) <= MAX_LINK_LENGTH and PLAIN_LINK.fullmatch(raw):
        return raw
    return inspect_link(raw).url
