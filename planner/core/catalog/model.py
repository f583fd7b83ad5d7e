"""The catalog: a tree of categories holding resources (docs/architecture.md §3.1).

Plain objects, no I/O. ``catalog_from_data`` validates the plain data a YAML file gives
(the bundled catalog and users' files go through the same code) and raises
``CatalogError`` with the path of the entry at fault, which the store turns into
"file:line".

It is also where text enters the planner: every catalog is built here (imports, edits in
the window, the state file), and ``clean_text`` is the one rule for what text may hold.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from planner.core.errors import UserError
from planner.core.links import LinkError, check_link

Path = tuple[str | int, ...]

KINDS = (
    "book",
    "notes",
    "article",
    "video-series",
    "video",
    "course",
    "exercises",
    "paper",
    "reference",
    "website",
)

# Used when a resource gives no effort estimate; shown as "estimated by kind" in the UI.
DEFAULT_EFFORT_BY_KIND: dict[str, float] = {
    "book": 30.0,
    "notes": 6.0,
    "article": 1.0,
    "video-series": 6.0,
    "video": 1.0,
    "course": 30.0,
    "exercises": 6.0,
    "paper": 3.0,
    "reference": 2.0,
    "website": 2.0,
}
FALLBACK_EFFORT = 3.0
MAX_EFFORT_HOURS = 10_000.0
MAX_UNITS = 100_000
MIN_PRIORITY, MAX_PRIORITY, DEFAULT_PRIORITY = 1, 5, 3
MIN_SHARE, MAX_SHARE = 1, 100  # a track's share of the weekly hours, in whole percent
MIN_REVISIT, MAX_REVISIT = 5, 240  # a re-visit's length set by hand, in minutes


class CatalogError(UserError, ValueError):
    """A catalog entry that is not valid; ``path`` locates it in the plain data."""

    def __init__(self, message: str, path: Path = (), field_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.field_name = field_name

    def where(self) -> str:
        return format_path(self.path + ((self.field_name,) if self.field_name else ()))


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


@dataclass(frozen=True)
class Units:
    """How a resource divides into parts: ``Units("chapter", 12)``."""

    name: str
    count: int

    def plural(self) -> str:
        return plural(self.name)

    def describe_range(self, first: int, last: int) -> str:
        if first == last:
            return f"{self.name} {first}"
        return f"{self.plural()} {first}–{last}"


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


@dataclass(eq=False, slots=True)
class Resource:
    """One thing to study. Mutated only through ``planner.core.journal.state.AppState``.

    Its lists of text are tuples: never changed in place, and a tuple of strings is one
    object the garbage collector stops tracking (a list is one more it walks on every full
    pass, four per resource).
    """

    id: str
    title: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    kind: str = "article"
    effort_hours: float | None = None
    effort_basis: str = ""
    units: Units | None = None
    prerequisites: tuple[str, ...] = ()
    priority: int = DEFAULT_PRIORITY
    deadline: dt.date | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    links: tuple[str, ...] = ()
    # Kept and searchable, but not planned (nor is anything in a Someday category).
    someday: bool = False
    parent: Category | None = field(default=None, repr=False)
    # minutes of a re-visit once finished (None: a tenth of the effort, 15 min to 2 h)
    revisit_minutes: int | None = None

    @property
    def effort(self) -> float:
        """Estimated hours, falling back on a default for the kind."""
        if self.effort_hours is not None:
            return self.effort_hours
        return DEFAULT_EFFORT_BY_KIND.get(self.kind, FALLBACK_EFFORT)

    @property
    def effort_is_default(self) -> bool:
        return self.effort_hours is None

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


@dataclass(eq=False, slots=True)
class Category:
    id: str
    title: str
    children: list[Category | Resource] = field(default_factory=list)
    notes: str = ""
    parent: Category | None = field(default=None, repr=False)
    # Percent of the weekly hours this category's resources take as a track of their own
    # (planner.core.planning.tracks); None: it shares the track of the category above it.
    share: int | None = None
    # Someday: kept and searchable, but nothing below it is planned.
    someday: bool = False

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def resources(self) -> Iterator[Resource]:
        """All resources below this category, in catalog order."""
        for child in self.children:
            if isinstance(child, Resource):
                yield child
            else:
                yield from child.resources()

    def categories(self) -> Iterator[Category]:
        for child in self.children:
            if isinstance(child, Category):
                yield child
                yield from child.categories()


Node = Category | Resource


class Catalog:
    """The tree plus id indexes. ``root`` is an invisible category holding the top level."""

    def __init__(self, title: str, root: Category) -> None:
        self.title = title
        self.root = root
        self.resources: dict[str, Resource] = {}
        self.categories: dict[str, Category] = {}
        self.someday: frozenset[str] = frozenset()
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the id indexes and parent links after a structural change."""
        self.resources = {}
        self.categories = {}
        someday: list[str] = []
        self._link(self.root, someday, self.root.someday)
        self.someday = frozenset(someday)
        self._order = {rid: i for i, rid in enumerate(self.resources)}

    def _link(self, category: Category, someday: list[str], parked: bool) -> None:
        for child in category.children:
            child.parent = category
            if isinstance(child, Resource):
                self.resources[child.id] = child
                if parked or child.someday:
                    someday.append(child.id)
            else:
                self.categories[child.id] = child
                self._link(child, someday, parked or child.someday)

    def is_someday(self, node: Node) -> bool:
        """Set to Someday, itself or through a category above it: not planned."""
        if isinstance(node, Resource):
            return node.id in self.someday
        up: Category | None = node
        while up is not None:
            if up.someday:
                return True
            up = up.parent
        return False

    def order(self, resource_id: str) -> int:
        """Position of a resource in catalog order (depth first)."""
        return self._order[resource_id]

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources.values())

    def __len__(self) -> int:
        return len(self.resources)

    def find(self, node_id: str) -> Node | None:
        return self.resources.get(node_id) or self.categories.get(node_id)


# ---------------------------------------------------------------- text

# What is not text in the data file: C0 controls, DEL, C1 controls (a terminal reads ESC
# and CSI as commands) and lone surrogates (the undecodable bytes of a file name, as
# ``os.fsdecode`` gives them; no UTF-8 file can hold them). Tab and line breaks are
# whitespace, handled apart.
NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_IN_LINES = {"\t": "\t", "\n": "\n"}
_IN_A_LINE = {"\t": " ", "\n": " "}


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` as the planner keeps it, the rule every way in shares (imports, edits, the
    data file, file names made titles).

    Line breaks (CR LF, CR, LF) become LF and tabs stay in multi-line text (notes); in
    one-line text (titles, names, tags) both become a space. Every other character that is
    not text becomes U+FFFD, the replacement character: so each undecodable byte of a file
    name (a lone surrogate from ``os.fsdecode``) becomes one U+FFFD.
    """
    if text.isprintable():  # nearly all text: one pass in C
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = _IN_LINES if multiline else _IN_A_LINE
    return NOT_TEXT.sub(lambda m: kept.get(m.group(), REPLACEMENT), text)


# ---------------------------------------------------------------- validation from plain data

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")  # fullmatch: no "id\n"

RESOURCE_FIELDS = {
    "id",
    "title",
    "authors",
    "url",
    "kind",
    "effort_hours",
    "effort_basis",
    "units",
    "prerequisites",
    "priority",
    "deadline",
    "tags",
    "notes",
    "links",
    "someday",
    "revisit_minutes",
}
CATEGORY_FIELDS = {"id", "title", "notes", "share", "someday", "resources", "categories"}


@dataclass(frozen=True)
class LeftOutLink:
    """A link the policy refused, left out of a catalog read with ``leave_out_links``."""

    resource_title: str
    link: str
    reason: str


class _Builder:
    def __init__(self, left_out: list[LeftOutLink] | None = None) -> None:
        self.ids: dict[str, Path] = {}
        # base slug -> the suffix to try first: ids are never given back, so every
        # "base-n" below it is taken, and 20,000 equal titles cost 20,000 look-ups, not n²/2
        self.next_suffix: dict[str, int] = {}
        self.resources: list[tuple[Resource, Path]] = []
        self.shared: dict[str, Path] = {}  # categories with a share, by id
        self.left_out = left_out  # None: a refused link is an error

    def unique_id(self, explicit: object, title: str, path: Path) -> str:
        if explicit is not None:
            if not isinstance(explicit, str) or not _ID_RE.fullmatch(explicit):
                raise CatalogError(
                    f"'id' must be a slug of lower-case letters, digits, '.', '_' or '-', "
                    f"got {explicit!r}",
                    path,
                    "id",
                )
            if explicit in self.ids:
                raise CatalogError(
                    f"duplicate id {explicit!r} (first used at {format_path(self.ids[explicit])})",
                    path,
                    "id",
                )
            self.ids[explicit] = path
            return explicit
        base = slugify(title)
        candidate, n = base, self.next_suffix.get(base, 2)
        if candidate in self.ids:
            while (candidate := f"{base}-{n}") in self.ids:
                n += 1
            self.next_suffix[base] = n + 1
        self.ids[candidate] = path
        return candidate


def _require_mapping(value: object, path: Path, what: str) -> Mapping[str, object]:
    # dict first: the ABC check costs more than the rest of this (a load makes thousands)
    if not isinstance(value, dict) and not isinstance(value, Mapping):
        raise CatalogError(f"{what} must be a mapping, got {_type_name(value)}", path)
    for key in value:
        if not isinstance(key, str):
            raise CatalogError(f"{what} has a key that is not text: {key!r}", path)
    return value


def _type_name(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


MULTILINE_FIELDS = frozenset({"notes"})


def _text(value: object, path: Path, name: str, *, required: bool = False,
          clean: bool = True) -> str:
    """Text, stripped and cleaned (``clean_text``; ``clean=False`` for links, which the
    link policy checks and names whole)."""
    if value is None:
        if required:
            raise CatalogError(f"'{name}' is required", path, name)
        return ""
    if not isinstance(value, str):
        raise CatalogError(f"'{name}' must be text, got {_type_name(value)}", path, name)
    if clean and not value.isprintable():  # the test first: a load makes thousands
        value = clean_text(value, multiline=name in MULTILINE_FIELDS)
    text = value.strip()
    if required and not text:
        raise CatalogError(f"'{name}' must not be empty", path, name)
    return text


def _text_list(value: object, path: Path, name: str, *, clean: bool = True
               ) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise CatalogError(f"'{name}' must be a list of text, got {_type_name(value)}", path, name)
    out: list[str] = []
    for item in value:
        if isinstance(item, str) and clean and not item.isprintable():
            item = clean_text(item)
        text = item.strip() if isinstance(item, str) else ""
        if not text:
            raise CatalogError(
                f"'{name}' must hold only non-empty text, got {item!r}", path, name
            )
        out.append(text)
    return tuple(out)


def _number(value: object, path: Path, name: str, maximum: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogError(f"'{name}' must be a number, got {value!r}", path, name)
    number = float(value)
    if not math.isfinite(number) or number <= 0 or number > maximum:
        raise CatalogError(
            f"'{name}' must be a number above 0 and at most {maximum:g}, got {value!r}", path, name
        )
    return number


def parse_units(value: object, path: Path) -> Units | None:
    if value is None:
        return None
    mapping = _require_mapping(value, (*path, "units"), "'units'")
    name = _text(mapping.get("name"), (*path, "units"), "name", required=True)
    count = mapping.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_UNITS:
        raise CatalogError(
            f"'units.count' must be a whole number from 1 to {MAX_UNITS}, got {count!r}",
            path,
            "units",
        )
    extra = set(mapping) - {"name", "count"}
    if extra:
        raise CatalogError(f"'units' has unknown field {sorted(extra)[0]!r}", path, "units")
    return Units(name, count)


def parse_priority(value: object, path: Path) -> int:
    if value is None:
        return DEFAULT_PRIORITY
    if isinstance(value, bool) or not isinstance(value, int) or not (
        MIN_PRIORITY <= value <= MAX_PRIORITY
    ):
        raise CatalogError(
            f"'priority' must be a whole number from {MIN_PRIORITY} (highest) "
            f"to {MAX_PRIORITY}, got {value!r}",
            path,
            "priority",
        )
    return value


def parse_revisit_minutes(value: object, path: Path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not (
        MIN_REVISIT <= value <= MAX_REVISIT
    ):
        raise CatalogError(
            f"'revisit_minutes' must be whole minutes from {MIN_REVISIT} to {MAX_REVISIT}, "
            f"got {value!r}",
            path,
            "revisit_minutes",
        )
    return value


def parse_share(value: object, path: Path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not (
        MIN_SHARE <= value <= MAX_SHARE
    ):
        raise CatalogError(
            f"'share' must be a whole percent from {MIN_SHARE} to {MAX_SHARE}, got {value!r}",
            path,
            "share",
        )
    return value


def check_shares(catalog: Catalog, paths: Mapping[str, Path] | None = None) -> None:
    """The categories' shares of the weekly hours add up to 100 % at most."""
    shared = [c for c in catalog.categories.values() if c.share is not None]
    total = sum(c.share or 0 for c in shared)
    if total > MAX_SHARE:
        listed = ", ".join(f"{c.title} {c.share} %" for c in shared)
        raise CatalogError(
            f"the categories' shares of the weekly hours add up to {total} %, more than "
            f"100 % ({listed})",
            (paths or {}).get(shared[-1].id, ()),
            "share",
        )


def parse_flag(value: object, path: Path, name: str) -> bool:
    """``true`` or ``false`` (absent: false); a number or text is refused, not guessed."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CatalogError(f"'{name}' must be true or false, got {value!r}", path, name)
    return value


def parse_date(value: object, path: Path, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CatalogError(f"'{name}' must be an ISO date like 2026-12-31, got {value!r}", path, name)


def _parse_url(value: object, path: Path, name: str = "url", *,
               builder: _Builder | None = None, title: str = "") -> str | None:
    text = _text(value, path, name, clean=False)
    if not text:
        return None
    try:
        return check_link(text)
    except LinkError as exc:
        if builder is None or builder.left_out is None:
            raise CatalogError(f"'{name}': {exc}", path, name) from None
        builder.left_out.append(LeftOutLink(title, text, str(exc)))
        return None


def _resource(data: object, path: Path, builder: _Builder) -> Resource:
    mapping = _require_mapping(data, path, "a resource")
    if not RESOURCE_FIELDS.issuperset(mapping):
        unknown = set(mapping) - RESOURCE_FIELDS
        raise CatalogError(
            f"unknown field {sorted(unknown)[0]!r} (known: {', '.join(sorted(RESOURCE_FIELDS))})",
            path,
            sorted(unknown)[0],
        )
    title = _text(mapping.get("title"), path, "title", required=True)
    kind = _text(mapping.get("kind"), path, "kind") or "article"
    links = tuple(
        link
        for i, raw in enumerate(_text_list(mapping.get("links"), path, "links",
                                           clean=False))
        if (link := _parse_url(raw, (*path, "links", i), "links", builder=builder,
                               title=title)) is not None
    )
    resource = Resource(
        id=builder.unique_id(mapping.get("id"), title, path),
        title=title,
        authors=_text_list(mapping.get("authors"), path, "authors"),
        url=_parse_url(mapping.get("url"), path, builder=builder, title=title),
        kind=kind,
        effort_hours=_number(mapping.get("effort_hours"), path, "effort_hours", MAX_EFFORT_HOURS),
        effort_basis=_text(mapping.get("effort_basis"), path, "effort_basis"),
        units=parse_units(mapping.get("units"), path),
        prerequisites=_text_list(mapping.get("prerequisites"), path, "prerequisites"),
        priority=parse_priority(mapping.get("priority"), path),
        deadline=parse_date(mapping.get("deadline"), path, "deadline"),
        tags=_text_list(mapping.get("tags"), path, "tags"),
        notes=_text(mapping.get("notes"), path, "notes"),
        links=links,
        someday=parse_flag(mapping.get("someday"), path, "someday"),
        revisit_minutes=parse_revisit_minutes(mapping.get("revisit_minutes"), path),
    )
    builder.resources.append((resource, path))
    return resource


def _category(data: object, path: Path, builder: _Builder, depth: int) -> Category:
    if depth > 20:
        raise CatalogError("categories are nested more than 20 deep", path)
    mapping = _require_mapping(data, path, "a category")
    if not CATEGORY_FIELDS.issuperset(mapping):
        unknown = set(mapping) - CATEGORY_FIELDS
        raise CatalogError(
            f"unknown field {sorted(unknown)[0]!r} in a category "
            f"(known: {', '.join(sorted(CATEGORY_FIELDS))})",
            path,
            sorted(unknown)[0],
        )
    title = _text(mapping.get("title"), path, "title", required=True)
    category = Category(
        id=builder.unique_id(mapping.get("id"), title, path),
        title=title,
        notes=_text(mapping.get("notes"), path, "notes"),
        share=parse_share(mapping.get("share"), path),
        someday=parse_flag(mapping.get("someday"), path, "someday"),
    )
    if category.share is not None:
        builder.shared[category.id] = path
    for i, item in enumerate(_list(mapping.get("resources"), path, "resources")):
        category.children.append(_resource(item, (*path, "resources", i), builder))
    for i, item in enumerate(_list(mapping.get("categories"), path, "categories")):
        category.children.append(_category(item, (*path, "categories", i), builder, depth + 1))
    return category


def _list(value: object, path: Path, name: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CatalogError(f"'{name}' must be a list, got {_type_name(value)}", path, name)
    return value


def catalog_from_data(data: object, *, leave_out_links: list[LeftOutLink] | None = None
                      ) -> Catalog:
    """Validate plain data (as loaded from YAML) and build a catalog.

    A link the policy refuses is an error, unless ``leave_out_links`` is given: then the
    link is left out of its resource and recorded there (a last resort for a state file
    with no other good copy: everything but the link is kept).
    """
    mapping = _require_mapping(data, (), "a catalog")
    unknown = set(mapping) - {"title", "categories"}
    if unknown:
        raise CatalogError(
            f"unknown top-level field {sorted(unknown)[0]!r} (known: title, categories)",
            (),
            sorted(unknown)[0],
        )
    builder = _Builder(leave_out_links)
    root = Category(id="", title=_text(mapping.get("title"), (), "title") or "Reading list")
    for i, item in enumerate(_list(mapping.get("categories"), (), "categories")):
        root.children.append(_category(item, ("categories", i), builder, 1))
    catalog = Catalog(root.title, root)
    check_prerequisites(catalog, {r.id: p for r, p in builder.resources})
    if builder.shared:
        check_shares(catalog, builder.shared)
    return catalog


def check_prerequisites(catalog: Catalog, paths: Mapping[str, Path] | None = None) -> None:
    """Unknown prerequisite ids and cycles are errors naming the entry (and the cycle)."""
    paths = paths or {}
    for resource in catalog:
        for prereq in resource.prerequisites:
            if prereq not in catalog.resources:
                raise CatalogError(
                    f"unknown prerequisite {prereq!r} of {resource.id!r}",
                    paths.get(resource.id, ()),
                    "prerequisites",
                )
            if prereq == resource.id:
                raise CatalogError(
                    f"{resource.id!r} lists itself as a prerequisite",
                    paths.get(resource.id, ()),
                    "prerequisites",
                )
    cycle = find_cycle(catalog)
    if cycle:
        raise CatalogError(
            "prerequisite cycle: " + " → ".join(cycle),
            paths.get(cycle[0], ()),
            "prerequisites",
        )


def find_cycle(catalog: Catalog) -> list[str] | None:
    """A prerequisite cycle as a list of ids (first id repeated at the end), or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(catalog.resources, white)
    for start in catalog.resources:
        if colour[start] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [
            (start, iter(catalog.resources[start].prerequisites))
        ]
        colour[start] = grey
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = black
                stack.pop()
            elif nxt not in colour:
                continue
            elif colour[nxt] == grey:
                ids = [n for n, _ in stack]
                return [*ids[ids.index(nxt) :], nxt]
            elif colour[nxt] == white:
                colour[nxt] = grey
                stack.append((nxt, iter(catalog.resources[nxt].prerequisites)))
    return None


def cycle_if_added(catalog: Catalog, resource_id: str, prerequisite_id: str) -> list[str] | None:
    """The cycle that listing ``prerequisite_id`` as a prerequisite of ``resource_id`` would
    make, as ids from ``resource_id`` back to itself (``[y, x, …, y]``), or None.

    Checked as the user picks, so the refusal can name the cycle before anything is built.
    A resource that is not in the catalog yet (a new one) cannot be reached: no cycle.
    """
    if prerequisite_id == resource_id:
        return [resource_id, resource_id]
    came_from: dict[str, str] = {prerequisite_id: resource_id}
    queue = [prerequisite_id]
    for node in queue:  # breadth first: the shortest cycle is the one named
        resource = catalog.resources.get(node)
        for nxt in resource.prerequisites if resource is not None else ():
            if nxt == resource_id:
                path = [node]
                while path[-1] != resource_id:
                    path.append(came_from[path[-1]])
                return [*reversed(path), resource_id]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def cycle_in_titles(catalog: Catalog, ids: list[str]) -> str:
    """'Deep Learning → Linear Algebra → Deep Learning' (an id stands for a missing title)."""
    return " → ".join(catalog.resources[i].title if i in catalog.resources else i for i in ids)


# ---------------------------------------------------------------- back to plain data


def resource_to_data(resource: Resource) -> dict[str, object]:
    """Plain data for one resource, fields in a stable order, empty ones left out."""
    data: dict[str, object] = {"id": resource.id, "title": resource.title}
    if resource.authors:
        data["authors"] = list(resource.authors)
    if resource.url:
        data["url"] = resource.url
    data["kind"] = resource.kind
    if resource.effort_hours is not None:
        data["effort_hours"] = resource.effort_hours
    if resource.effort_basis:
        data["effort_basis"] = resource.effort_basis
    if resource.units:
        data["units"] = {"name": resource.units.name, "count": resource.units.count}
    if resource.prerequisites:
        data["prerequisites"] = list(resource.prerequisites)
    if resource.priority != DEFAULT_PRIORITY:
        data["priority"] = resource.priority
    if resource.deadline:
        data["deadline"] = resource.deadline.isoformat()
    if resource.tags:
        data["tags"] = list(resource.tags)
    if resource.notes:
        data["notes"] = resource.notes
    if resource.links:
        data["links"] = list(resource.links)
    if resource.someday:
        data["someday"] = True
    if resource.revisit_minutes is not None:
        data["revisit_minutes"] = resource.revisit_minutes
    return data


def category_to_data(category: Category) -> dict[str, object]:
    data: dict[str, object] = {"id": category.id, "title": category.title}
    if category.notes:
        data["notes"] = category.notes
    if category.share is not None:
        data["share"] = category.share
    if category.someday:
        data["someday"] = True
    resources = [resource_to_data(c) for c in category.children if isinstance(c, Resource)]
    subcategories = [category_to_data(c) for c in category.children if isinstance(c, Category)]
    if resources:
        data["resources"] = resources
    if subcategories:
        data["categories"] = subcategories
    return data


def catalog_to_data(catalog: Catalog) -> dict[str, object]:
    return {
        "title": catalog.title,
        "categories": [
            category_to_data(c) for c in catalog.root.children if isinstance(c, Category)
        ],
    }
