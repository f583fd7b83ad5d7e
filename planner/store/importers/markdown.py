"""Importing a Markdown reading list: the seed guide's shape and the "awesome" lists.

The structure comes from markdown-it-py's CommonMark token stream, never from regular
expressions over the Markdown (they only look at the plain text of one list item, to find
its authors). How a document becomes a catalog:

* **Front matter** (``---`` … ``---`` at the top, as in a Jekyll post) is skipped; its
  ``title`` names the list.
* **Headings are categories**, nested by level (an ``###`` under a ``##`` is its
  sub-category). A heading that only wraps the others — the one top-level heading, with no
  entries of its own, as in ``# Awesome X`` over ``## Books`` / ``## Courses`` — is the
  list's title rather than a category. So the seed's three ``#`` headings are three
  categories, and an awesome list's ``##`` headings are its categories. Sections with no
  entries (contents, licence, contributing) are dropped. Entries before any heading go to a
  category named after the list.
* **A list item with a link is a resource**, one resource per item (nested items are
  resources of their own). Its title is the text of the item's first link, its ``url`` that
  link. The item's other links are kept in ``links`` (an author's home page, a second
  edition, a YouTube channel the text mentions) — the seed's NumPy item ("Learn [NumPy](…)
  with some [exercises](…)") is one resource "NumPy" with the exercise page as its second
  link, and Géron's book keeps his YouTube channel as a second link. Items without a link are
  prose and ignored; links to a heading of the same document (``#section``, a table of
  contents) are not resources.
* **Authors**: the words after "by" right after the link (or in the first " - " part after
  it) — "by A, B and C", "by [Osvaldo Simeone](…)" (the text of an author link counts) —
  up to the end of that sentence or clause. Without "by", the awesome lists' "[Title](…) -
  Author Name, Other Author - description" form is read as authors only when that part looks
  like personal names: each name one to four capitalised words or initials (with particles
  such as "van", "de"), no digits, none of a list of words seen in descriptions ("Book",
  "Code", "Python", "Free", "Edition", …), and at least two words in all. Otherwise it is a
  description ("- Book + Code", "- free", "- Early access book").
* **Notes**: what the item says besides the title and the authors ("Book + Code",
  "If you want to learn TensorFlow …"); when text precedes the link ("Learn NumPy …") the
  whole item's text.
* **Vague link texts**: a link reading "here", "link", "this", "[1]", "PDF" … says nothing;
  the title comes from the sentence around it ("The Deep Learning book by Goodfellow et
  al. is available [here](…)" → "The Deep Learning book", by Goodfellow), else from the
  link itself (its last path segment or its host).
* **Kind** is guessed, simply: YouTube/Vimeo → ``video-series`` (a channel or playlist) or
  ``video``; words in the title, then the notes: exercises → ``exercises``; cookbook, cheat
  sheet → ``reference``; course, MOOC, specialization → ``course``; paper → ``paper``;
  book → ``book``; notes, slides → ``notes``; then a ``.pdf`` link → ``book``; a book
  publisher's page (Manning, O'Reilly, Springer, …; not its videos or live projects) →
  ``book``; course sites (Coursera, edX,
  Udacity, …) → ``course``; arXiv → ``paper``; a code repository (GitHub, GitLab, …) or a
  library's documentation (Read the Docs, ``docs.…``, ``/doc/``, ``/docs/`` or ``/api/``
  in the path) →
  ``website``; ``/book`` in the path → ``book``; else the list's own word ("books" or
  "courses" in its title or file name), else ``article``. Effort is left unset, so the core
  estimates it by kind until the user gives one, except for a repository or documentation
  page: about an hour to look through (``effort_hours: 1``, its basis written beside it).
* **Refused links**: an item whose link the link policy refuses (``javascript:``, ``file:``,
  relative, empty, …) is left out and named, with the policy's reason, in
  ``ImportedList.refused``; the rest are imported. A refused *extra* link is dropped with a
  note in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from planner.core.catalog.merge import ImportedList, Refused
from planner.core.catalog.model import CatalogError, catalog_from_data
from planner.core.errors import UserError
from planner.core.links import PLAIN_LINK, LinkError, check_link
from planner.core.work import Work
from planner.store.yaml import strict


class MarkdownImportError(UserError, ValueError):
    """A Markdown file that holds no reading list; the message names the file."""


MAX_TITLE = 200

# ------------------------------------------------------------------------------ the parser


def _parser(work: Work) -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it drops javascript:, file: … links to plain text; we want to see them, to
    # refuse them by name under our own link policy (docs/architecture.md §3.5).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # Its normalizeLink (mdurl's parse, format and %-encoding, punycode) returns a plain
    # link as it is: one match instead of ~14 µs, a fifth of the parse of 50,000 links. A
    # Hypothesis test holds the two to that; mdurl drops a host over 255 characters.
    normalize = md.normalizeLink

    def normalize_link(url: str) -> str:
        return url if len(url) <= 255 and PLAIN_LINK.fullmatch(url) else normalize(url)

    md.normalizeLink = normalize_link  # type: ignore[method-assign]

    # markdown-it's parse is most of an import's time (10 s for 50,000 entries): two hooks
    # that change no token report its progress and stop it when cancelled.
    def blocks_progress(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        work.step(line)
        return False  # a rule that never matches: the next rule reads the block

    def inline_progress(state: StateCore) -> None:  # markdown-it's "inline" rule, watched
        inline = [t for t in state.tokens if t.type == "inline"]
        work.stage("Reading titles and links", len(inline))
        for done, token in enumerate(inline):
            work.step(done)
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)

    md.block.ruler.before("table", "progress", blocks_progress)
    md.core.ruler.at("inline", inline_progress)
    return md


def split_front_matter(text: str) -> tuple[str, dict[str, object] | None]:
    """The text with a leading YAML front matter blanked out (lines kept), and its data."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return text, None
    for end in range(1, min(len(lines), 1000)):
        if lines[end].rstrip() in ("---", "..."):
            try:
                data = strict.load("".join(lines[1:end]))
            except strict.YamlError:
                return text, None
            if not isinstance(data, dict):
                return text, None  # a thematic break and prose, not front matter
            return "\n" * (end + 1) + "".join(lines[end + 1 :]), data
    return text, None


@dataclass
class _Segment:
    text: str
    href: str | None  # None: plain text (also a link to a heading of the same document)


@dataclass
class _Item:
    line: int
    section: _Section | None
    segments: list[_Segment] = field(default_factory=list)


@dataclass
class _Section:
    title: str
    level: int
    line: int
    entries: list[dict[str, object]] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def _segments(children: list[Token] | None) -> list[_Segment]:
    out: list[_Segment] = []
    buf: list[str] = []
    href: str | None = None
    for child in children or []:
        kind = child.type
        if kind == "link_open":
            if buf:
                out.append(_Segment("".join(buf), None))
            buf, raw = [], child.attrs.get("href", "")
            href = str(raw) if raw is not None else ""
            if href.startswith("#"):
                href = None  # a link within the document (a table of contents): not a resource
        elif kind == "link_close":
            out.append(_Segment("".join(buf), href))
            buf, href = [], None
        elif kind in ("text", "code_inline"):
            buf.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            buf.append(" ")
    if buf:
        out.append(_Segment("".join(buf), href))
    return out


def _plain(children: list[Token] | None) -> str:
    return _squash("".join(s.text for s in _segments(children)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _walk(tokens: list[Token]) -> tuple[list[_Section], list[_Item]]:
    """Sections (headings, nested by level) and list items, in document order."""
    top: list[_Section] = []
    open_sections: list[_Section] = []
    items: list[_Item] = []
    open_items: list[_Item] = []
    blocks: list[str] = []
    heading_level = 1
    for token in tokens:
        if token.nesting == 1:
            blocks.append(token.type)
            if token.type == "heading_open":
                heading_level = int(token.tag[1:])
            elif token.type == "list_item_open":
                line = token.map[0] + 1 if token.map else 0
                section = open_sections[-1] if open_sections else None
                item = _Item(line, section)
                items.append(item)
                open_items.append(item)
        elif token.nesting == -1:
            if blocks:
                blocks.pop()
            if token.type == "list_item_close" and open_items:
                open_items.pop()
        elif token.type == "inline" and blocks:
            if blocks == ["heading_open"]:
                level = heading_level
                section = _Section(_plain(token.children) or "Untitled section", level,
                                   token.map[0] + 1 if token.map else 0)
                while open_sections and open_sections[-1].level >= level:
                    open_sections.pop()
                (open_sections[-1].children if open_sections else top).append(section)
                open_sections.append(section)
            elif (len(blocks) >= 2 and blocks[-1] == "paragraph_open"
                  and blocks[-2] == "list_item_open" and open_items):
                item = open_items[-1]
                if item.segments:
                    item.segments.append(_Segment(" ", None))
                item.segments.extend(_segments(token.children))
    return top, items


# ------------------------------------------------------------------------------ one item

_DASH = re.compile(r"\s*(?:(?<=\s)|^)[-–—]+(?=\s|$)\s*")
_BY = re.compile(r"\bby\s+(?=\S)", re.IGNORECASE)
_INITIAL = re.compile(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]")
_PARENTHESES = re.compile(r"\([^)]*\)")
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du",
              "bin", "ibn", "al", "el", "ten", "ter", "dos", "das"}
# Capitalised words seen in descriptions after " - " in real lists, never in names.
_NOT_NAMES = {
    "a", "an", "the", "in", "on", "of", "for", "with", "and", "to", "from", "by", "at", "as",
    "book", "books", "ebook", "code", "course", "courses", "free", "early", "access", "edition",
    "chapter", "chapters", "python", "java", "javascript", "sql", "julia", "matlab", "data",
    "science", "machine", "learning", "deep", "notes", "lecture", "lectures", "video",
    "videos", "slides", "online", "interactive", "introduction", "intro", "guide",
    "tutorial", "tutorials", "version", "draft", "permalink", "paid", "certificate",
    "hands-on", "practical", "part", "vol", "volume", "includes", "this", "it", "great",
    "best", "new", "learn", "pdf", "mooc", "youtube", "github", "coursera", "udacity",
    "udemy", "kaggle", "ai", "ml", "nlp", "statistics", "probability", "mathematics", "math",
    "university", "college", "school", "institute", "specialization", "program",
    "programming", "project", "projects", "series", "playlist", "website", "blog",
    "podcast", "workshop", "cookbook", "handbook", "exercises", "paper", "papers", "notebooks",
    "ipython", "jupyter", "not", "finished", "only", "english", "edn", "second", "third",
    "first", "vision", "language", "neural", "networks", "reinforcement", "applied",
}


def _is_initial_before(text: str, dot: int) -> bool:
    # The last word before ``dot``, found from the dot backwards: splitting all the text
    # before it made a long run of initials quadratic.
    end = dot
    while end and text[end - 1].isspace():
        end -= 1
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    return end > 0 and _INITIAL.fullmatch(text[start:end] + ".") is not None


def _names_end(text: str) -> int:
    """Where a run of names starting ``text`` ends: a clause or sentence boundary."""
    for match in re.finditer(r"[;:\[|]|\s[-–—]+\s|[.!?](?=\s|$)", text):
        if match.group() == "." and _is_initial_before(text, match.start()):
            continue
        return match.start()
    return len(text)


def _looks_like_name(part: str, strict: bool) -> bool:
    words = part.split()
    if not 1 <= len(words) <= (4 if strict else 6) or not words[0][:1].isupper():
        return False
    for word in words:
        if word.lower() in _PARTICLES and word is not words[0]:
            continue
        if _INITIAL.fullmatch(word):
            continue
        if not word[0].isupper() or not all(ch.isalpha() or ch in "-'’." for ch in word):
            return False
        if strict and (word.strip(".").lower() in _NOT_NAMES
                       or (word.isupper() and len(word) > 1)):
            return False
    return True


def split_names(text: str, *, strict: bool = False) -> list[str] | None:
    """'A, B and C' → ['A', 'B', 'C'] when every part looks like a name, else None."""
    # Only up to the last ")": a "(" with no ")" after it made the pattern scan to the end
    # from each "(", quadratic in a long item.
    close = text.rfind(")") + 1
    cleaned = _PARENTHESES.sub(" ", text[:close]) + text[close:]
    cleaned = re.sub(r"\bet\s+al\b\.?", " ", cleaned)
    cleaned = _squash(cleaned).strip(" ,;:[]")
    if not cleaned or len(cleaned) > 200:
        return None
    parts = [p.strip(" .,") if not _INITIAL.fullmatch(p.strip(" ,").split()[-1]) else
             p.strip(" ,") for p in _NAME_SPLIT.split(cleaned) if p.strip(" .,")]
    if not parts or len(parts) > 12:
        return None
    if not all(_looks_like_name(p, strict) for p in parts):
        return None
    if strict and len(parts) == 1 and len(parts[0].split()) < 2:
        return None
    return parts


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between " - " separators."""
    spans, start = [], 0
    for match in _DASH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def find_authors(rest: str) -> tuple[list[str], tuple[int, int]] | None:
    """Authors in the text after an item's link, and the span they take in it."""
    clauses = _clauses(rest)
    for start, end in clauses[:2]:
        match = _BY.search(rest, start, end)
        if match is None:
            continue
        names_end = match.end() + _names_end(rest[match.end() : end])
        names = split_names(rest[match.end() : names_end])
        if names:
            return names, (match.start(), names_end)
    first = rest[clauses[0][0] : clauses[0][1]].strip()
    bracket = re.fullmatch(r"\[([^\]]+)\]", first)
    if bracket:
        names = split_names(bracket.group(1), strict=True)
        if names:
            return names, clauses[0]
    if not any(ch.isalnum() for ch in first) and len(clauses) > 1:
        start, end = clauses[1]
        names_end = start + _names_end(rest[start:end])
        names = split_names(rest[start:names_end], strict=True)
        if names:
            return names, (start, names_end)
    return None


def describe(text: str) -> str:
    """Notes from left-over text: separators and stray punctuation tidied away."""
    parts = [p.strip(" ,;:") for p in _DASH.split(_squash(text))]
    parts = [p for p in parts if any(ch.isalnum() for ch in p)]
    if parts:
        parts[0] = parts[0].lstrip(".,;:) ")
    return " - ".join(parts)


# ------------------------------------------------------------------------------ the kind

_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")
_PUBLISHER_HOSTS = ("manning.com", "oreilly.com", "springer.com", "packtpub.com", "apress.com",
                    "nostarch.com", "pragprog.com", "cambridge.org", "mitpress.mit.edu",
                    "wiley.com", "routledge.com", "crcpress.com", "leanpub.com", "amazon.com",
                    "press.princeton.edu", "informit.com", "intechopen.com",
                    "taylorfrancis.com", "worldscientific.com")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht")
_DOCS_HOSTS = ("readthedocs.io", "readthedocs.org", "docs.rs", "pkg.go.dev", "pypi.org",
               "rdocumentation.org", "cran.r-project.org")
_NOT_A_BOOK = re.compile(r"video|live|course|project|audio")  # a publisher's other wares
_DOCS_PATH = re.compile(r"/(?:docs?|documentation|api)(?:/|\.html?$|$)")
WEBSITE_EFFORT = (1.0, "a repository or documentation page (guessed from the link): "
                  "about 1 h to look through")
_COURSE_HOSTS = ("coursera.org", "edx.org", "udacity.com", "udemy.com", "khanacademy.org",
                 "fast.ai", "cognitiveclass.ai", "datacamp.com", "dataquest.io")
_WORD_KINDS = (
    ({"exercise", "exercises", "problems", "puzzles"}, "exercises"),
    ({"cookbook", "cheatsheet", "cheat"}, "reference"),
    ({"course", "courses", "mooc", "specialization", "nanodegree", "bootcamp"}, "course"),
    ({"paper"}, "paper"),
    ({"book", "textbook", "ebook"}, "book"),
    ({"notes", "slides"}, "notes"),
)


def _host_is(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def guess_kind(url: str, title: str, notes: str = "", default: str = "article") -> str:
    """A kind from the link and the words of the item (see the module's docstring)."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    if _host_is(host, _VIDEO_HOSTS):
        series = ("list=" in parts.query or path.startswith(("/playlist", "/channel/", "/c/",
                                                              "/user/", "/@")))
        return "video-series" if series else "video"
    for text in (title, notes):
        words = _words(text)
        for keys, kind in _WORD_KINDS:
            if words & keys:
                return kind
    if path.endswith(".pdf") or (_host_is(host, _PUBLISHER_HOSTS)
                                 and not _NOT_A_BOOK.search(path)):
        return "book"
    if _host_is(host, _COURSE_HOSTS) or "/course" in path:
        return "course"
    if _host_is(host, ("arxiv.org",)):
        return "paper"
    if (_host_is(host, _CODE_HOSTS + _DOCS_HOSTS) or host.startswith("docs.")
            or _DOCS_PATH.search(path)):
        return "website"
    if "/book" in path:
        return "book"
    return default


# ------------------------------------------------------------------------------ vague titles

# Link texts that name nothing: "here", "this link", "[1]", "PDF", …
_VAGUE = re.compile(r"(?:click\s+|read\s+|link\s+)?here|(?:this|the)?\s*link|this|"
                    r"[\[(]?\d{1,3}[\])]?|pdf|html|source|website|web\s*site|page|site|"
                    r"download|online|url", re.IGNORECASE)
# What ends a sentence before the link: ". " before a capital (not "et al. is").
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z0-9\"“(])")
# Words that lead up to a link and name nothing ("… is available at [here]").
_LEAD_IN = re.compile(
    r"(?:[\s,:;(\[–—-]|\b(?:available|found|find|see|read|get|download|downloaded|"
    r"it|its|is|are|can|be|at|from|on|in|via|as|pdf|free|freely|online|here|there|"
    r"the|a|an|for)\b)+$", re.IGNORECASE)
_LEAD_OUT = re.compile(r"^[\s,:;)\]–—-]+")


def is_vague(link_text: str) -> bool:
    """A link text that says nothing about what it links to ("here", "[1]", "link")."""
    return _VAGUE.fullmatch(_squash(link_text).strip(" .,:;!?")) is not None


def title_from_context(before: str, after: str, url: str) -> tuple[str, list[str]]:
    """A title (and authors, when the sentence names them after "by") for a link whose
    own text is vague: the sentence it stands in, else the link's last path segment or
    host."""
    head = _squash(_SENTENCE_END.split(before)[-1])
    head = _LEAD_IN.sub("", head).strip()
    authors: list[str] = []
    by = _BY.search(head)
    if by is not None and by.start() > 0:
        names = split_names(head[by.end():])
        if names:
            head, authors = head[: by.start()].strip(" ,;:-–—"), names
    if not any(ch.isalnum() for ch in head):
        head = _LEAD_OUT.sub("", _squash(_SENTENCE_END.split(after)[0])).strip(" .,;:")
    if not any(ch.isalnum() for ch in head):
        parts = urlsplit(url)
        segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", segment)
        words = " ".join(re.split(r"[-_+\s]+|%20", stem)).strip()
        head = words or (parts.hostname or url)
    if len(head) > MAX_TITLE:
        head = head[: MAX_TITLE - 1].rstrip() + "…"
    return head, authors


def _list_kind(title: str) -> str:
    words = _words(title)
    for keys, kind in (({"books", "book"}, "book"), ({"courses", "course"}, "course"),
                       ({"papers", "paper"}, "paper")):
        if words & keys:
            return kind
    return "article"


# ------------------------------------------------------------------------------ the document


@dataclass
class _Result:
    refused: list[Refused] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _entry(item: _Item, result: _Result) -> dict[str, object] | None:
    """The resource an item describes (its kind "" when only the list's kind would do)."""
    segments = item.segments
    linked = [i for i, s in enumerate(segments) if s.href is not None and s.text.strip()]
    if not linked:
        return None
    first = linked[0]
    title = _squash(segments[first].text)
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    where = f"line {item.line}"
    try:
        url = check_link((segments[first].href or "").strip())
    except LinkError as exc:
        result.refused.append(Refused(title, where, str(exc)))
        return None
    prefix = "".join(s.text for s in segments[:first])
    rest = "".join(s.text for s in segments[first + 1 :])
    context_authors: list[str] = []
    vague = is_vague(title)
    if vague:  # the sentence before the link became the title: the notes are what follows
        title, context_authors = title_from_context(prefix, rest, url)
    links: dict[str, None] = {}  # ordered, and a look-up per link: items can hold thousands
    for segment in segments[first + 1 :]:
        if segment.href is None or not segment.text.strip():
            continue
        try:
            link = check_link(segment.href.strip())
        except LinkError as exc:
            result.warnings.append(
                f"{where}: “{title}”: the link “{_squash(segment.text)}” was left out: {exc}")
            continue
        if link != url:
            links.setdefault(link)
    found = find_authors(rest)
    authors: list[str] = context_authors
    if found and not authors:
        authors, (start, end) = found
        rest = rest[:start] + " " + rest[end:]
    # Text before the link ("Learn [NumPy](…) with …") makes the whole item the note.
    whole = prefix.strip() and not vague
    notes = describe("".join(s.text for s in segments)) if whole else describe(rest)
    kind = guess_kind(url, title, notes, default="")
    entry: dict[str, object] = {"title": title, "url": url, "kind": kind}
    if kind == "website":
        entry["effort_hours"], entry["effort_basis"] = WEBSITE_EFFORT
    if authors:
        entry["authors"] = list(dict.fromkeys(authors))
    if links:
        entry["links"] = list(links)
    if notes:
        entry["notes"] = notes
    return entry


def _section_data(section: _Section) -> dict[str, object] | None:
    children = [d for c in section.children if (d := _section_data(c)) is not None]
    if not section.entries and not children:
        return None
    data: dict[str, object] = {"title": section.title}
    if section.entries:
        data["resources"] = section.entries
    if children:
        data["categories"] = children
    return data


def _fill_kind(section: _Section, kind: str) -> None:
    for entry in section.entries:
        entry["kind"] = entry["kind"] or kind
    for child in section.children:
        _fill_kind(child, kind)


def _title_from_source(source: str) -> str:
    stem = PurePath(source).stem if source else ""
    words = " ".join(re.split(r"[-_\s]+", stem)).strip()
    return (words[:1].upper() + words[1:]) if words else "Imported list"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_markdown_list(text: str, source: str = "", work: Work | None = None) -> ImportedList:
    """A Markdown reading list as an ``ImportedList``; ``MarkdownImportError`` if it has none.

    ``work`` hears how far it is and may cancel it (``Cancelled``)."""
    work = work or Work()
    # A lone surrogate is no text (a file read as UTF-8 has none, but a caller's string may):
    # U+FFFD, as clean_text makes it, before markdown-it's URL encoder fails on it.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    body, front = split_front_matter(text)
    work.stage("Reading the list", body.count("\n") + 1)
    sections, items = _walk(_parser(work).parse(body))
    front_title = front.get("title") if front else None
    title = _squash(front_title) if isinstance(front_title, str) and front_title.strip() else ""

    result = _Result()
    loose = _Section("", 0, 0)
    work.stage("Reading the entries", len(items))
    for done, item in enumerate(items):
        work.step(done)
        entry = _entry(item, result)
        if entry is not None:
            (item.section or loose).entries.append(entry)
    # A single top-level heading with no entries of its own is the list's title.
    if len(sections) == 1 and not sections[0].entries and sections[0].children and not (
        loose.entries
    ):
        title = title or sections[0].title
        sections = sections[0].children
    title = title or _title_from_source(source)
    loose.title = title
    default_kind = _list_kind(f"{title} {_title_from_source(source)}")
    for section in [loose, *sections]:
        _fill_kind(section, default_kind)
    categories = [d for s in [loose, *sections] if (d := _section_data(s)) is not None]
    if not categories:
        if result.refused:
            data: dict[str, object] = {"title": title, "categories": []}
            return ImportedList(catalog_from_data(data), source, tuple(result.refused),
                                tuple(result.warnings))
        raise MarkdownImportError(
            f"{source or 'the text'}: no reading-list entries found; a reading list is a "
            "Markdown list whose items hold a link, like “* [Title](https://…) by Author”"
        )
    work.stage("Checking the entries", 0)
    try:
        catalog = catalog_from_data({"title": title, "categories": categories})
    except CatalogError as exc:  # a guard: the entries are built valid
        raise MarkdownImportError(f"{source}: {exc.where()}: {exc.message}") from None
    return ImportedList(catalog, source, tuple(result.refused), tuple(result.warnings))
