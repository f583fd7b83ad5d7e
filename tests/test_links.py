"""The link policy (docs/architecture.md §3.5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.links import PLAIN_LINK, LinkError, check_link, inspect_link


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://arxiv.org/pdf/1709.02840.pdf", "https://arxiv.org/pdf/1709.02840.pdf"),
        ("HTTP://Example.ORG/A?b=1#c", "http://example.org/A?b=1#c"),
        ("https://good.example@evil.example/x", "https://evil.example/x"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
    ],
)
def test_accepted_links_are_reserialised(raw: str, expected: str):
    assert check_link(raw) == expected


def test_userinfo_reveals_the_real_host():
    checked = inspect_link("https://paypal.com@evil.example/login")
    assert checked.host == "evil.example" and checked.hid_behind_userinfo


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("file:///etc/passwd", "scheme 'file:'"),
        ("javascript:alert(1)", "scheme 'javascript:'"),
        ("data:text/html,<b>x</b>", "scheme 'data:'"),
        ("smb://server/share", "scheme 'smb:'"),
        ("zotero://select/items/1", "scheme 'zotero:'"),
        ("\\\\server\\share\\x.pdf", "network path"),
        ("//server/share", "network path"),
        ("https://exa mple.org", "whitespace or control"),
        ("https://example.org/\x00", "whitespace or control"),
        ("notes/a.pdf", "relative"),
        ("", "empty"),
        ("https://", "no valid host"),
        ("https://exa_mple.org/", "no valid host"),
        ("http://example.org:99999/", "does not parse"),
        ("mailto:not-an-address", "not a valid e-mail"),
    ],
)
def test_refused_links_name_the_link_and_reason(raw: str, reason: str):
    with pytest.raises(LinkError) as info:
        check_link(raw)
    assert reason in str(info.value)
    if raw:
        assert repr(raw) in str(info.value)  # the message names the link


@given(st.text(max_size=60))
def test_anything_accepted_is_http_https_or_mailto_and_stable(raw: str):
    try:
        url = check_link(raw)
    except LinkError:
        return
    assert url.split(":", 1)[0] in ("http", "https", "mailto")
    assert not any(c.isspace() or ord(c) < 32 for c in url)
    assert check_link(url) == url


@settings(max_examples=500, deadline=None)
@given(st.from_regex(PLAIN_LINK, fullmatch=True))
def test_a_plain_link_is_what_the_full_check_would_make_of_it(link: str) -> None:
    """check_link() passes PLAIN_LINK matches through without the full parse: they must be
    exactly what the full parse would return (and not a refusal)."""
    checked = inspect_link(link)
    assert checked.url == link and not checked.hid_behind_userinfo
    assert check_link(link) == link


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("hts:/.@%?#-_aZ09x \\[]!'~"), max_size=40).map(
    lambda tail: "https://" + tail))
def test_the_short_cut_and_the_full_check_agree_on_near_misses(link: str) -> None:
    try:
        full = inspect_link(link).url
    except LinkError as exc:
        with pytest.raises(LinkError) as refused:
            check_link(link)
        assert str(refused.value) == str(exc)
    else:
        assert check_link(link) == full
