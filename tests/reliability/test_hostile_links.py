"""Hostile links (docs/architecture.md §3.5): refused at import, at edit and at open, and the
desktop opener never called for any of them — while a good link in the same run does reach it,
so that these tests can fail.

The gates, driven as a user would:
- import: a Markdown reading list and a catalog YAML file holding the link, through the
  store's importer, the window's File ▸ Import and the ``import`` command;
- edit: the resource dialog (OK stays disabled, the message names the link) and the core
  editing functions behind it;
- open: the detail pane's Open button, Enter and double-click in the tree, the tree's
  context menu, and the ``open`` command. A hostile link can only reach the window through
  a file edited by hand, so the catalog for this gate is built from core objects.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import unicodedata
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # Qt::mightBeRichText lives in QtGui
from PySide6.QtWidgets import QDialog, QLabel

from planner import paths
from planner.core.catalog import editing
from planner.core.catalog.model import Catalog, CatalogError, Category, Resource, catalog_to_data
from planner.core.journal.state import AppState, PlannerState
from planner.core.links import LinkError, browser_ipv4, check_link, inspect_link
from planner.entry.cli import main as cli
from planner.entry.wiring import open_state_file
from planner.store.catalog_file import load_catalog
from planner.store.importers.files import ImportFileError, load_import
from planner.ui.catalog.editing import CatalogEditor
from planner.ui.catalog.tree_model import Column
from planner.ui.dialogs.import_dialog import ImportDialog
from planner.ui.dialogs.resource_dialog import ResourceDialog
from planner.ui.file_actions import FileActions
from planner.ui.main_window import MainWindow

WORKTREE = Path(__file__).resolve().parents[2]
SMALL_CATALOG = WORKTREE / "tests" / "data" / "small-catalog.yaml"
GOOD = "https://example.org/good-paper.pdf"


REFUSED = "refused"
BINARY = "binary"


@dataclass(frozen=True)
class Hostile:
    name: str
    link: str
    reason: str  # words of the policy's reason, as the link itself is checked
    # What a Markdown reading list holding it imports: REFUSED (the entry, by name); BINARY
    # (the whole file, as not text); or, where CommonMark's own reading of the link already
    # makes it a plain web address, that address — shown and opened as its real host.
    markdown: str = REFUSED

    @property
    def title(self) -> str:
        return f"Hostile {self.name}"

    @property
    def rid(self) -> str:
        return f"hostile-{self.name}"


HOSTILE = [
    Hostile("file", "file:///etc/passwd", "scheme 'file:'"),
    Hostile("file-windows", "FILE:///C:/Windows/System32/calc.exe", "scheme 'file:'"),
    Hostile("javascript", "javascript:alert(1)", "scheme 'javascript:'"),
    Hostile("javascript-mixed-case", "JaVaScRiPt:alert(document.cookie)", "scheme 'javascript:'"),
    Hostile("javascript-leading-space", " javascript:alert(1)", "javascript"),
    Hostile("javascript-leading-control", "\x01javascript:alert(1)", "control characters"),
    Hostile("javascript-tab-inside", "java\tscript:alert(1)", "control characters"),
    Hostile("javascript-newline-inside", "java\nscript:alert(1)", "control characters"),
    Hostile("javascript-entity", "javascript&#58;alert(1)", "relative"),
    Hostile("javascript-entity-first", "&#x6A;avascript:alert(1)", "relative"),
    Hostile("javascript-html", "javascript:document.write('<h1>Lost!</h1><img/src=x>')",
            "scheme 'javascript:'"),
    Hostile("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "scheme 'data:'"),
    Hostile("vbscript", "VBScript:MsgBox(1)", "scheme 'vbscript:'"),
    Hostile("smb", "smb://fileserver/share/setup.exe", "scheme 'smb:'"),
    Hostile("unc-backslashes", "\\\\fileserver\\share\\paper.pdf", "network path"),
    Hostile("unc-slashes", "//fileserver/share/paper.pdf", "network path"),
    Hostile("custom-scheme", "zotero://select/items/ABCD1234", "scheme 'zotero:'"),
    Hostile("custom-scheme-ms", "ms-msdt:/id%20PCWDiagnostic", "scheme 'ms-msdt:'"),
    Hostile("ftp", "ftp://ftp.example.org/pub/paper.pdf", "scheme 'ftp:'"),
    Hostile("no-host-three-slashes", "http:///example.org/paper", "no valid host"),
    Hostile("no-host-scheme-only", "https:", "no valid host"),
    Hostile("no-host-no-slashes", "https:example.org/paper", "no valid host"),
    Hostile("control-in-path", "https://example.org/\x1bpaper.pdf", "control characters"),
    Hostile("nul-in-path", "https://example.org/\x00paper.pdf", "control characters",
            markdown=BINARY),
    Hostile("encoded-newline", "https://example.org/paper%0a.pdf", "line break"),
    Hostile("encoded-crlf", "https://example.org/a%0d%0aSet-Cookie:%20session=evil",
            "carriage return"),
    Hostile("mailto-header-injection",
            "mailto:reader@example.org?subject=Hi%0D%0ABcc:%20everyone@example.org",
            "carriage return"),
    Hostile("tab-in-host", "https://exam\tple.org/", "control characters"),
    Hostile("newline-in-path", "https://example.org/a\nb", "line break"),
    Hostile("bidi-override", "https://example.org/\u202efdp.exe", "right-to-left override"),
    Hostile("encoded-bidi-override", "https://example.org/%E2%80%AEfdp.exe",
            "right-to-left override"),
    Hostile("zero-width-space", "https://example.org/pa\u200bper.pdf", "zero-width space"),
    Hostile("byte-order-mark", "\ufeffhttps://example.org/", "byte-order mark"),
    Hostile("url-8kb", "https://example.org/" + "a" * 8192, "longer than 4096"),
    Hostile("relative", "notes/chapter-1.pdf", "relative"),
    Hostile("relative-parent", "../../../etc/passwd", "relative"),
    Hostile("absolute-path", "/etc/passwd", "relative"),
    Hostile("bare-www", "www.example.com", "relative"),
    Hostile("backslash-host", "https:\\\\evil.example\\paper", "backslash"),
    Hostile("backslash-userinfo", "https://good.example\\@evil.example/", "backslash",
            markdown="https://evil.example/"),
    Hostile("numeric-host-hex", "http://0x7f.1/admin", "127.0.0.1"),
    Hostile("numeric-host-decimal", "http://2130706433/", "127.0.0.1"),
    Hostile("numeric-host-not-an-address", "http://example.999/", "not an IP address"),
]
IDS = [h.name for h in HOSTILE]

# Not refused: shown, and opened, as the host the browser really contacts.
REAL_HOST = [
    ("https://good.example@evil.example/login", "evil.example",
     "https://evil.example/login"),
    ("https://good.example:secret@evil.example/", "evil.example", "https://evil.example/"),
    ("https://\u0430pple.com/", "xn--pple-43d.com", "https://xn--pple-43d.com/"),
    ("HTTPS://Example.ORG:8443/Paper?x=1#y", "example.org",
     "https://example.org:8443/Paper?x=1#y"),
    # what browsers do with characters a URL may not hold: %-encode them
    ("https://example.org/100%_off?q=<b>|x", "example.org",
     "https://example.org/100%25_off?q=%3Cb%3E%7Cx"),
]


def quoted_start(link: str, *, strip: bool = True) -> str:
    """How messages name a link: its repr (escaped, quoted); long ones are shortened.

    Forms and files trim the spaces around a link before checking it (``strip``)."""
    quoted = repr(link.strip() if strip else link)
    return quoted[: min(len(quoted) - 1, 40)]


def test_there_are_enough_hostile_links_and_all_differ() -> None:
    assert len(HOSTILE) >= 24
    assert len({h.link for h in HOSTILE}) == len({h.name for h in HOSTILE}) == len(HOSTILE)


# ------------------------------------------------------------------------------ the policy


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_the_policy_refuses_it_naming_the_link_and_why(hostile: Hostile) -> None:
    with pytest.raises(LinkError) as info:
        check_link(hostile.link)
    message = str(info.value)
    assert quoted_start(hostile.link, strip=False) in message
    assert hostile.reason in message
    assert message.isprintable(), "the message itself carries no control characters"


@pytest.mark.parametrize(("raw", "host", "url"), REAL_HOST)
def test_a_hidden_host_is_shown_and_opened_as_the_real_one(raw: str, host: str,
                                                           url: str) -> None:
    checked = inspect_link(raw)
    assert (checked.host, checked.url) == (host, url)
    assert checked.hid_behind_userinfo == ("@" in raw)


def test_the_invisible_characters_are_those_of_this_pythons_unicode() -> None:
    """Every whitespace, control and format character is refused (but the two joiners
    Persian words and emoji need); the list in the policy is written out by hand."""
    allowed = {"\u200c", "\u200d"}
    missed = []
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        if char in allowed or 0xD800 <= cp <= 0xDFFF:
            continue
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            try:
                check_link(f"https://example.org/a{char}b")
            except LinkError:
                continue
            missed.append(f"U+{cp:04X}")
    assert missed == [], f"Unicode {unicodedata.unidata_version}"
    for char in allowed:
        assert check_link(f"https://example.org/a{char}b")


@pytest.mark.parametrize(("host", "address"), [
    ("0x7f.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("017700000001", "127.0.0.1"), ("0x7f.0.0.1.", "127.0.0.1"), ("1.2.3", "1.2.0.3"),
    ("192.0.2.1", "192.0.2.1"), ("256.1.1.1", None), ("1.2.3.4.5", None),
    ("example.999", None), ("0x", "0.0.0.0"),
])
def test_numeric_hosts_are_read_as_browsers_read_them(host: str, address: str | None) -> None:
    """As the WHATWG URL standard says (and Chrome and Firefox do); Qt agrees but for a
    trailing dot and a bare "0x", which the policy refuses all the same."""
    assert browser_ipv4(host) == address
    if address is not None and not host.endswith((".", "0x")):
        assert QUrl(f"http://{host}/").host() == address
    if host != address:
        with pytest.raises(LinkError):
            check_link(f"http://{host}/")


# A URL-ish text: scheme, userinfo, host, port, path, query and fragment, with the
# characters that make parsers disagree.
_TRICKY = st.sampled_from([*"/\\@:?#%.[]<>\"'`^{|} \t\n", "%0a", "%2e", "%40", "@@", "%zz",
                           "\u202e", "é"])
_PLAIN = st.text(alphabet="abcxyz019-_.~!$&()*+,;=", min_size=0, max_size=6)
_PIECE = st.one_of(_PLAIN, _TRICKY)


@st.composite
def url_like(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http://", "https://", "HTTPS://", "http:", "https:///",
                                   "mailto:", "", "//"]))
    userinfo = draw(st.sampled_from(["", "user@", "good.example@", "a:b@", "x\\@"]))
    host = draw(st.sampled_from(["example.org", "EXAMPLE.org", "b\u00fccher.de", "1.2.3.4",
                                 "0x7f.1", "[::1]", "exa_mple.org", "example.org.", ""]))
    port = draw(st.sampled_from(["", ":8080", ":0", ":99999", ":x"]))
    rest = "".join(draw(st.lists(_PIECE, max_size=8)))
    return scheme + userinfo + host + port + rest


@settings(max_examples=1500, deadline=None)
@given(url_like())
def test_what_the_policy_accepts_qt_reads_the_same_way(raw: str) -> None:
    """The link passed on parses strictly in Qt (which hands it to the browser), to the
    same host the window shows; and checking it again changes nothing."""
    try:
        checked = inspect_link(raw)
    except LinkError as exc:
        assert str(exc).isprintable()
        return
    qurl = QUrl(checked.url, QUrl.ParsingMode.StrictMode)
    assert qurl.isValid(), (checked.url, qurl.errorString())
    assert qurl.scheme() == checked.scheme
    if checked.scheme != "mailto":
        assert qurl.host(QUrl.ComponentFormattingOption.FullyEncoded) == checked.host.strip(
            "[]"), checked.url
        assert qurl.userInfo() == ""
    assert check_link(checked.url) == checked.url
    assert checked.url.isprintable() and " " not in checked.url


# ------------------------------------------------------------------------------ import


def markdown_link(link: str) -> str:
    """The link as a CommonMark link destination that keeps every character: in <…>,
    backslashes and angle brackets escaped, line breaks as character references."""
    escaped = (link.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
               .replace("\n", "&#10;").replace("\r", "&#13;"))
    return f"<{escaped}>"


def write_markdown(path: Path, hostile: list[Hostile]) -> dict[str, int]:
    """A reading list: the good link, then the hostile ones; their line numbers by title."""
    lines = ["# Papers", "", f"* [Good Paper]({GOOD}) by A. Author"]
    where = {}
    for h in hostile:
        lines.append(f"* [{h.title}]({markdown_link(h.link)}) by M. Allory")
        where[h.title] = len(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def write_catalog_yaml(path: Path, hostile: list[Hostile]) -> None:
    """A catalog file; every link a double-quoted YAML scalar (JSON escapes are YAML's)."""
    lines = ["title: Hostile catalog", "categories:", "  - title: Papers", "    resources:",
             "      - title: Good Paper", f"        url: {json.dumps(GOOD)}"]
    for h in hostile:
        lines += [f"      - title: {json.dumps(h.title)}", f"        url: {json.dumps(h.link)}"]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


@pytest.fixture(autouse=True)
def small_default_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "default_catalog_path", lambda: SMALL_CATALOG)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every link handed to the desktop: to QDesktopServices (any scheme) or webbrowser.

    A URL handler stands in for the browser, so nothing leaves the test; the good link
    must arrive here, or the tests could not fail.
    """
    calls: list[str] = []

    class Browser(QObject):
        @Slot(QUrl)
        def open_url(self, url: QUrl) -> None:
            calls.append("handler " + url.toString(QUrl.ComponentFormattingOption.FullyEncoded))

    browser = Browser()
    schemes = {"http", "https", "mailto", "file", "javascript", "data", "vbscript", "smb",
               "zotero", "ms-msdt", "ftp"}
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, browser, "open_url")
    real_open_url = QDesktopServices.openUrl

    def open_url(url: QUrl) -> bool:
        calls.append("openUrl " + url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return bool(real_open_url(url))

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    monkeypatch.setattr(webbrowser, "open",
                        lambda url, *args, **kwargs: calls.append("webbrowser " + url) or True)
    yield calls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_import_of_a_markdown_list_refuses_it_by_name(tmp_path: Path, hostile: Hostile) -> None:
    path = tmp_path / "list.md"
    where = write_markdown(path, [hostile])
    if hostile.markdown == BINARY:
        with pytest.raises(ImportFileError, match="not a text file"):
            load_import(path)
        return
    imported = load_import(path)
    if hostile.markdown != REFUSED:
        assert [r.url for r in imported.catalog] == [GOOD, hostile.markdown]
        assert imported.refused == ()
        assert check_link(hostile.markdown) == hostile.markdown
        return
    assert [r.url for r in imported.catalog] == [GOOD]
    [refused] = imported.refused
    assert refused.title == hostile.title
    assert refused.where == f"line {where[hostile.title]}"
    assert refused.reason.startswith("the link ") and refused.reason.isprintable()


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_import_of_a_catalog_file_refuses_it_by_name(tmp_path: Path, hostile: Hostile) -> None:
    path = tmp_path / "catalog.yaml"
    write_catalog_yaml(path, [hostile])
    imported = load_import(path)
    assert [r.url for r in imported.catalog] == [GOOD]
    [refused] = imported.refused
    assert refused.title == hostile.title
    assert quoted_start(hostile.link) in refused.reason
    assert hostile.reason in refused.reason


@pytest.mark.parametrize("kind", ["md", "yaml"])
def test_the_import_command_refuses_each_by_name_and_opens_nothing(
        tmp_path: Path, kind: str, opened: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    data_file = tmp_path / "planner.yaml"
    path = tmp_path / f"hostile.{kind}"
    hostile = [h for h in HOSTILE if h.markdown == REFUSED or kind == "yaml"]
    if kind == "md":
        write_markdown(path, hostile)
    else:
        write_catalog_yaml(path, hostile)
    assert cli.main(["--data-file", str(data_file), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{len(hostile)} entries refused" in out
    refused_lines = [line for line in out.splitlines() if line.strip().startswith("refused:")]
    for h in hostile:
        [line] = [r for r in refused_lines if f"“{h.title}”" in r]
        assert "the link " in line and line.isprintable()
        if kind == "yaml":
            assert quoted_start(h.link) in line
    saved = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    urls = [r.get("url") for c in saved["catalog"]["categories"] for r in c.get("resources", [])]
    assert GOOD in urls
    assert not any(h.title in data_file.read_text(encoding="utf-8") for h in hostile)
    assert opened == []


def test_a_list_of_only_hostile_links_imports_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data_file = tmp_path / "planner.yaml"
    path = tmp_path / "only-hostile.yaml"
    write_catalog_yaml(path, HOSTILE)
    text = path.read_text().replace(f"      - title: Good Paper\n        url: {json.dumps(GOOD)}\n",
                                    "")
    path.write_text(text)
    assert cli.main(["--data-file", str(data_file), "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"all {len(HOSTILE)} entries were refused" in captured.err
    assert not data_file.exists()


# ------------------------------------------------------------------------------ the window


def hostile_state() -> PlannerState:
    """A catalog as only a hand-edited file could hold it: every hostile link, and a good one."""
    resources = [Resource(id=h.rid, title=h.title, url=h.link, kind="paper", effort_hours=1)
                 for h in HOSTILE]
    resources.append(Resource(id="good", title="Good Paper", url=GOOD, kind="paper",
                              effort_hours=1))
    root = Category(id="", title="Hand-edited",
                    children=[Category(id="papers", title="Papers", children=[*resources])])
    return PlannerState(catalog=Catalog("Hand-edited", root), catalog_is_default=False)


@pytest.fixture
def make_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    made: list[tuple[MainWindow, object]] = []

    def make(state: PlannerState | None = None) -> MainWindow:
        store = open_state_file(tmp_path / "planner.yaml")
        store.acquire()
        if state is None:
            state = store.load().state
        window = MainWindow(AppState(state), store, explicit=True, autosave_ms=60_000,
                            retry_ms=60_000)
        made.append((window, store))
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window, store in made:
        window.confirm_discard = lambda error: True  # type: ignore[method-assign]
        window.close()
        store.release()  # type: ignore[attr-defined]
        window.deleteLater()


def displayed(text: str, plain: bool) -> str:
    """What a label or tooltip shows of ``text``: Qt renders it as HTML when it looks so."""
    if plain or not GuiQt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    return displayed(label.text(), label.textFormat() == Qt.TextFormat.PlainText)


def row(window: MainWindow, rid: str, column: int = Column.TITLE) -> QModelIndex:
    index = window.model.index_of_id(rid)
    assert index.isValid(), rid
    return index.siblingAtColumn(column)


def every_way_to_open(window: MainWindow, qtbot, rid: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the resource's link every way the window offers; the status messages."""
    messages = []
    status = window.statusBar()
    window.panel.select(rid)
    view = window.panel.view
    status.clearMessage()
    qtbot.mouseClick(window.pane.resource_page.open_button, Qt.MouseButton.LeftButton)
    messages.append(status.currentMessage())
    view.setFocus()
    status.clearMessage()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    messages.append(status.currentMessage())
    view.scrollTo(row(window, rid))
    status.clearMessage()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.visualRect(row(window, rid, Column.PROGRESS)).center())
    messages.append(window.statusBar().currentMessage())
    actions = window.panel.context_actions(row(window, rid), window.menuBar())
    [open_link] = [a for a in actions if a.text() == "Open Link"]
    assert open_link.isEnabled()
    window.statusBar().clearMessage()
    open_link.trigger()
    messages.append(window.statusBar().currentMessage())
    return messages


def test_the_window_opens_none_of_them_by_any_way_but_the_good_one(
        make_window, qtbot, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    window = make_window(hostile_state())
    page = window.pane.resource_page
    for h in HOSTILE:
        messages = every_way_to_open(window, qtbot, h.rid)
        for message in messages:
            assert message.startswith("Not opened: the link "), (h.name, message)
            assert quoted_start(h.link, strip=False) in message, (h.name, message)
        assert page.link_problem.isVisible()
        shown = label_shows(page.link_problem)
        assert quoted_start(h.link, strip=False) in shown, (h.name, shown)
        assert page.host.text() == ""
        # The refused link as written, its invisible characters escaped, never as markup
        assert page.url.text().isprintable(), h.name
        assert page.url.text().startswith(displayed(page.url.toolTip(), False).rstrip("…"))
        assert opened == [], h.name
    messages = every_way_to_open(window, qtbot, "good")
    assert messages == [f"Opened {GOOD}"] * 4
    assert opened == [f"openUrl {GOOD}", f"handler {GOOD}"] * 4


def test_copy_link_copies_only_the_checked_link(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Copy Link is held to the link policy as Open is: a refused link never reaches the
    clipboard, from the tree's menu or the detail pane."""
    from PySide6.QtGui import QGuiApplication

    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    window = make_window(hostile_state())
    for h in HOSTILE:
        clipboard.setText("untouched")
        window.panel.select(h.rid)
        assert not window.pane.resource_page.copy_button.isEnabled(), h.name
        actions = window.panel.context_actions(row(window, h.rid), window.menuBar())
        [copy_link] = [a for a in actions if a.text() == "Copy Link"]
        window.statusBar().clearMessage()
        copy_link.trigger()
        assert clipboard.text() == "untouched", h.name
        assert window.statusBar().currentMessage().startswith("Not copied: the link "), h.name
    window.panel.select("good")
    qtbot.mouseClick(window.pane.resource_page.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == GOOD


@pytest.mark.parametrize(("raw", "host", "url"), REAL_HOST)
def test_the_window_shows_and_opens_the_real_host(
        make_window, qtbot, opened: list[str], raw: str, host: str, url: str) -> None:  # type: ignore[no-untyped-def]
    state = hostile_state()
    state.catalog.resources["good"].url = raw
    window = make_window(state)
    window.panel.select("good")
    page = window.pane.resource_page
    assert page.host.text() == host
    assert page.url.text() == url
    assert ("user name" in page.link_problem.text()) == ("@" in raw)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [f"openUrl {QUrl(url).toString(QUrl.ComponentFormattingOption.FullyEncoded)}",
                      f"handler {QUrl(url).toString(QUrl.ComponentFormattingOption.FullyEncoded)}"]


def type_link(qtbot, dialog: ResourceDialog, link: str) -> bool:  # type: ignore[no-untyped-def]
    """As a user enters it: typed when it is short plain text, else as an input method
    or a paste inserts it at the cursor. False when the field did not take it as it is."""
    dialog.url.setFocus()
    dialog.url.selectAll()
    dialog.url.del_()
    if link.isascii() and link.isprintable() and len(link) < 120:
        qtbot.keyClicks(dialog.url, link)
    else:
        dialog.url.insert(link)
    return dialog.url.text() == link


def drive_dialogs(monkeypatch: pytest.MonkeyPatch, fill) -> list[ResourceDialog]:  # type: ignore[no-untyped-def]
    """Stand in for ``exec``: fill the dialog, then try OK every way a user can."""
    seen: list[ResourceDialog] = []

    def run(self: CatalogEditor, dialog: QDialog) -> bool:
        assert isinstance(dialog, ResourceDialog)
        seen.append(dialog)
        fill(dialog)
        dialog.ok_button.click()
        dialog.accept()  # what Enter would do, had OK been enabled
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(CatalogEditor, "run_dialog", run)
    return seen


@pytest.mark.parametrize("action", ["add", "edit"])
def test_the_resource_dialog_refuses_each_naming_it(
        make_window, qtbot, monkeypatch, opened: list[str], action: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    before = catalog_to_data(window.app.catalog)
    problems: list[str] = []
    current: list[Hostile] = []
    not_taken: list[str] = []

    def fill(dialog: ResourceDialog) -> None:
        h = current[0]
        if action == "add":
            qtbot.keyClicks(dialog.title, h.title)
        if not type_link(qtbot, dialog, h.link):
            # Qt's line edit itself drops a byte-order mark: what is left is what it shows
            not_taken.append(h.name)
            assert dialog.url.text() == h.link.replace("\ufeff", "")
            return
        if dialog.ok_button.isEnabled():
            problems.append(f"{h.name}: OK enabled")
        error = label_shows(dialog.error)
        if not (not dialog.error.isHidden() and error.startswith("Link: the link ")
                and quoted_start(h.link) in error and h.reason in error):
            problems.append(f"{h.name}: {error!r}")

    seen = drive_dialogs(monkeypatch, fill)
    for h in HOSTILE:
        current[:] = [h]
        window.panel.select("calculus")
        done = (window.editor.new_resource() if action == "add"
                else window.editor.edit("calculus"))
        if h.name in not_taken:
            assert done  # the field held a plain good link; take the change back
            window.undo_action.trigger()
            continue
        assert not done, h.name
        assert seen[-1].result_catalog is None
    assert problems == []
    assert not_taken == ["byte-order-mark"]
    assert len(seen) == len(HOSTILE)
    assert catalog_to_data(window.app.catalog) == before

    # The same dialog takes a good link: the gate is not simply shut.
    monkeypatch.setattr(CatalogEditor, "run_dialog", lambda self, dialog: (
        type_link(qtbot, dialog, GOOD), dialog.ok_button.click(),
        dialog.result() == QDialog.DialogCode.Accepted)[-1])
    assert window.editor.edit("calculus")
    assert window.app.catalog.resources["calculus"].url == GOOD
    assert opened == []


@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_the_core_editing_functions_refuse_it(hostile: Hostile) -> None:
    catalog = load_catalog(SMALL_CATALOG)
    before = catalog_to_data(catalog)
    fields = {"title": hostile.title, "url": hostile.link}
    calls = [lambda: editing.check_resource_fields(catalog, fields),
             lambda: editing.add_resource(catalog, "maths", fields),
             lambda: editing.update_resource(catalog, "calculus", {"url": hostile.link})]
    for call in calls:
        with pytest.raises(CatalogError) as info:
            call()
        assert info.value.field_name == "url"
        assert quoted_start(hostile.link) in info.value.message
    assert catalog_to_data(catalog) == before


def test_the_window_import_previews_them_as_refused(
        make_window, monkeypatch, tmp_path: Path, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    path = tmp_path / "hostile.md"
    markdown = [h for h in HOSTILE if h.markdown == REFUSED]
    write_markdown(path, markdown)
    seen: list[ImportDialog] = []

    def run(self: FileActions, dialog: QDialog) -> bool:
        assert isinstance(dialog, ImportDialog)
        seen.append(dialog)
        dialog.import_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(FileActions, "run_dialog", run)
    assert window.files.import_list(path)
    [dialog] = seen
    lines = [dialog.refused_list.item(i).text() for i in range(dialog.refused_list.count())]
    assert len(lines) == len(markdown)
    for h in markdown:
        assert any(f"“{h.title}”" in line for line in lines), h.name
    urls = [r.url for r in window.app.catalog]
    assert GOOD in urls
    assert not any(h.title == r.title for r in window.app.catalog for h in HOSTILE)
    assert opened == []


# ------------------------------------------------------------------------------ `open`


def test_the_open_command_refuses_each_and_opens_only_the_good_one(
        monkeypatch, capsys, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    """``open`` checks the link again, even for a state the file's loader let through."""
    state = hostile_state()
    monkeypatch.setattr(cli, "load", lambda path: (None, AppState(state)))
    for h in HOSTILE:
        assert cli.main(["open", h.rid]) == 1, h.name
        err = capsys.readouterr().err
        assert err.startswith("study-planner: error: the link "), (h.name, err)
        assert quoted_start(h.link, strip=False) in err and h.reason in err, (h.name, err)
        assert err.count("\n") == 1, "one line"
    assert opened == []
    assert cli.main(["open", "good"]) == 0
    assert capsys.readouterr().out == f"opened {GOOD}\n"
    assert opened == [f"webbrowser {GOOD}"]


def test_the_open_command_names_a_host_hidden_behind_a_user_name(
        monkeypatch, capsys, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    state = hostile_state()
    state.catalog.resources["good"].url = "https://good.example@evil.example/login"
    monkeypatch.setattr(cli, "load", lambda path: (None, AppState(state)))
    assert cli.main(["open", "good"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("opened https://evil.example/login")
    assert "evil.example" in out and "user name" in out
    assert opened == ["webbrowser https://evil.example/login"]


def _recording_browser(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose $BROWSER is a script that writes down what it was asked to open."""
    record = tmp_path / "browser.log"
    script = tmp_path / "browser"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import sys
        with open({str(record)!r}, "a", encoding="utf-8") as log:
            log.write(sys.argv[1] + "\\n")
        """), encoding="utf-8")
    script.chmod(0o755)
    env = {**os.environ, "BROWSER": str(script), "PYTHONPATH": str(WORKTREE)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env, record


@pytest.mark.slow
def test_the_open_command_end_to_end(tmp_path: Path) -> None:
    """The real command and a stand-in browser: the good link reaches it; a hand-edited file
    with a hostile link does not get that link to it."""
    env, record = _recording_browser(tmp_path)
    data_file = tmp_path / "planner.yaml"
    catalog = tmp_path / "catalog.yaml"
    write_catalog_yaml(catalog, [])
    run = [sys.executable, "-m", "planner", "--data-file", str(data_file)]
    subprocess.run([*run, "import", str(catalog)], env=env, cwd=WORKTREE, check=True,
                   capture_output=True, timeout=120)
    done = subprocess.run([*run, "open", "good-paper"], env=env, cwd=WORKTREE,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert record.read_text(encoding="utf-8") == GOOD + "\n"

    record.unlink()
    text = data_file.read_text(encoding="utf-8")
    # the link in the stored catalog (the journal's record of the import names it too)
    link_line = f"url: {json.dumps(GOOD)}\n"
    assert text.count(link_line) == 1
    data_file.write_text(
        text.replace(link_line, f"url: {json.dumps('javascript:alert(1)')}\n"),
        encoding="utf-8")
    done = subprocess.run([*run, "open", "good-paper"], env=env, cwd=WORKTREE,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "javascript:alert(1)" in done.stderr
    assert "Traceback" not in done.stderr
    assert not record.exists()
