"""Importing a reading list into the catalog: what it would add, and the merged catalog.

An importer (Markdown list, catalog YAML) turns a file into an ``ImportedList``: a validated
``Catalog`` plus the entries it refused. ``preview_import`` says what merging it would do,
for the preview dialog and ``import --dry-run``; ``merge_import`` builds the new catalog.

Rules:

* A resource whose link matches the link of an existing resource (``link_key``: the link
  re-serialised by the link policy, http and https alike, ``www.`` and a trailing ``/``
  ignored) is a *duplicate*. It is skipped, or with ``merge_duplicates`` its links, tags and
  authors that the existing resource lacks are added to it. A link listed twice in the
  imported list itself is one resource: the later entry merges into the first.
* An imported category whose title matches (ignoring case and spacing) a category at the
  same place in the catalog (top level, or inside a matched category) merges into it;
  otherwise it is added. A category that would end up empty is not added.
* Ids stay unique across the whole catalog: an imported id already in use gets a suffix
  (``-2``, ``-3`` …) and the imported prerequisites follow it (a prerequisite that was a
  duplicate now points to the existing resource).
* Existing resources keep their ids (progress is kept by id), and the live catalog is never
  changed: ``merge_import`` returns a fresh catalog, built from plain data and validated by
  the same code as a catalog file, so ``AppState.make_catalog`` can swap it in and undo
  can swap the old one back.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from planner.core.catalog.model import (
    Catalog,
    CatalogError,
    Category,
    Resource,
    catalog_from_data,
    catalog_to_data,
    resource_to_data,
)
from planner.core.links import LinkError, check_link
from planner.core.work import Work

MAX_ID_LENGTH = 100

__all__ = [
    "AddedCategory",
    "AddedResource",
    "Duplicate",
    "ImportPreview",
    "ImportedList",
    "MergeError",
    "Refused",
    "link_key",
    "merge_import",
    "preview_import",
    "steer_import",
]


class MergeError(ValueError):
    """The merged catalog would not be valid (a bug guard: the inputs are validated)."""


@dataclass(frozen=True)
class Refused:
    """An entry of the imported file that is not imported, and why."""

    title: str
    where: str  # "line 12", or the entry's place in a catalog file
    reason: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}“{self.title}”: {self.reason}"


@dataclass(frozen=True)
class ImportedList:
    """What an importer read from a file: a valid catalog and what it left out."""

    catalog: Catalog
    source: str
    refused: tuple[Refused, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddedCategory:
    id: str
    path: tuple[str, ...]  # titles from the top level down, this category's last
    new: bool  # False: merged into the existing category of the same title
    resources: int  # resources the import adds to it and below it


@dataclass(frozen=True)
class AddedResource:
    id: str  # the id it gets in the merged catalog
    title: str
    url: str | None
    kind: str
    authors: tuple[str, ...]
    category: tuple[str, ...]  # titles of the category it lands in, from the top
    source_id: str = ""  # its id in the imported list (what ``steer_import`` takes)
    effort: float = 0.0  # hours: as imported, or the default for its kind


@dataclass(frozen=True)
class Duplicate:
    """An imported resource with the link of one already there (or earlier in the file)."""

    title: str  # as imported
    url: str
    existing_id: str
    existing_title: str
    in_import: bool  # True: a repeat of an earlier entry of the same file
    new_links: tuple[str, ...] = ()  # what merging would add to the existing resource
    new_tags: tuple[str, ...] = ()
    new_authors: tuple[str, ...] = ()

    @property
    def adds_something(self) -> bool:
        return bool(self.new_links or self.new_tags or self.new_authors)

    def outcome(self, merge: bool) -> str:
        """What the import does with it: 'skipped', 'merged: adds …', 'nothing new …'."""
        if not merge:
            return "skipped"
        news = [*self.new_links, *self.new_tags, *self.new_authors]
        return f"merged: adds {', '.join(news)}" if news else "nothing new to merge"


@dataclass(frozen=True)
class ImportPreview:
    """What importing a list would do; nothing has changed yet."""

    source: str
    title: str  # the imported list's own title
    categories: tuple[AddedCategory, ...]
    added: tuple[AddedResource, ...]
    duplicates: tuple[Duplicate, ...]
    refused: tuple[Refused, ...]
    warnings: tuple[str, ...] = ()

    @property
    def new_categories(self) -> tuple[AddedCategory, ...]:
        return tuple(c for c in self.categories if c.new)

    @property
    def merged_categories(self) -> tuple[AddedCategory, ...]:
        return tuple(c for c in self.categories if not c.new)

    def changes_anything(self, merge_duplicates: bool = False) -> bool:
        return bool(self.added) or (
            merge_duplicates
            and any(d.adds_something for d in self.duplicates if not d.in_import)
        )

    def summary(self, merge_duplicates: bool = False) -> str:
        """One line: '12 new resources in 3 new categories; …; 1 entry refused'."""
        where = []
        if self.new_categories:
            where.append(_count(len(self.new_categories), "new category", "new categories"))
        if self.merged_categories:
            where.append(_count(len(self.merged_categories), "existing category",
                                "existing categories"))
        added = _count(len(self.added), "new resource") if self.added else "no new resources"
        parts = [added + (f" in {' and '.join(where)}" if where else "")]
        dups = [d for d in self.duplicates if not d.in_import]
        if dups:
            if merge_duplicates:
                merging = sum(1 for d in dups if d.adds_something)
                parts.append(f"{_count(len(dups), 'duplicate')} of resources already there "
                             f"({merging} merged with new links, tags or authors)")
            else:
                parts.append(f"{_count(len(dups), 'duplicate')} of resources already there "
                             "skipped")
        repeats = len(self.duplicates) - len(dups)
        if repeats:
            parts.append(f"{_count(repeats, 'entry', 'entries')} listed twice in the file")
        if self.refused:
            parts.append(f"{_count(len(self.refused), 'entry', 'entries')} refused")
        return "; ".join(parts)

    def details(self, merge_duplicates: bool = False) -> list[str]:
        """One line per category, duplicate, refused entry and warning (for the CLI)."""
        lines = []
        for c in self.categories:
            state = "new" if c.new else "existing"
            lines.append(f"  {' / '.join(c.path)} ({state}): +{c.resources}")
        for d in self.duplicates:
            if d.in_import:
                lines.append(f"  repeated in the file: “{d.title}” ({d.url})")
                continue
            lines.append(f"  duplicate of {d.existing_id}: “{d.title}” ({d.url}) — "
                         f"{d.outcome(merge_duplicates)}")
        lines.extend(f"  refused: {r}" for r in self.refused)
        lines.extend(f"  note: {w}" for w in self.warnings)
        return lines


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


# ------------------------------------------------------------------------------ matching


def link_key(url: str) -> str:
    """The form two links are compared in to find duplicates."""
    try:
        checked = check_link(url.strip())
    except LinkError:
        return url.strip()
    parts = urlsplit(checked)
    if parts.scheme == "mailto":
        return checked.lower()
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    return urlunsplit(("https", host, parts.path.rstrip("/"), parts.query, parts.fragment))


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


# ------------------------------------------------------------------------------ the merge


@dataclass
class _Target:
    """A resource in the merged data that later entries with the same link merge into."""

    data: dict[str, object]
    in_import: bool
    # What it has, kept up to date as duplicates merge into it: built on its first
    # duplicate, so that 20,000 repeats of one link do not rebuild them 20,000 times.
    link_keys: set[str] | None = None
    tag_keys: set[str] = field(default_factory=set)
    author_keys: set[str] = field(default_factory=set)

    def have(self) -> set[str]:
        """The link keys of its links (built once; the tag and author keys with them)."""
        if self.link_keys is None:
            data = self.data
            self.link_keys = {link_key(u) for u in _strings(data.get("links"))}
            if isinstance(data.get("url"), str):
                self.link_keys.add(link_key(str(data["url"])))
            self.tag_keys = {t.casefold() for t in _strings(data.get("tags"))}
            self.author_keys = {_title_key(a) for a in _strings(data.get("authors"))}
        return self.link_keys


@dataclass
class _Merge:
    existing: Catalog
    imported: Catalog
    merge_duplicates: bool
    work: Work = field(default_factory=Work)
    under: str | None = None  # the id of an existing category the new ones go under
    data: dict[str, object] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    by_title: dict[int, dict[str, dict[str, object]]] = field(default_factory=dict)
    by_link: dict[str, _Target] = field(default_factory=dict)
    primary_links: set[str] = field(default_factory=set)
    id_map: dict[str, str] = field(default_factory=dict)
    created: set[int] = field(default_factory=set)  # id() of category dicts we made
    added_data: list[dict[str, object]] = field(default_factory=list)
    categories: list[AddedCategory] = field(default_factory=list)
    added: list[AddedResource] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def run(self) -> None:
        self.data = catalog_to_data(self.existing)  # fresh plain data: the live one is untouched
        self.taken = set(self.existing.resources) | set(self.existing.categories)
        for resource_data in _walk_resources(_sublist(self.data, "categories")):
            url = resource_data.get("url")
            if isinstance(url, str):
                key = link_key(url)
                self.by_link.setdefault(key, _Target(resource_data, in_import=False))
                self.primary_links.add(key)
        top, path = _sublist(self.data, "categories"), tuple[str, ...]()
        if self.under:
            parent = self.existing.categories.get(self.under)
            found = _find_category(self.data, self.under)
            if parent is None or found is None:
                raise CatalogError(f"no category with id {self.under!r} to import under",
                                   (), "category")
            top, path = _sublist(found, "categories"), _titles(parent)
        self.work.stage("Comparing with your catalog", len(self.imported.resources))
        for category in _subcategories(self.imported.root):
            self._category(category, top, path)
        for resource_data in self.added_data:
            if "prerequisites" in resource_data:
                prereqs = _strings(resource_data["prerequisites"])
                mapped = _unique(self.id_map.get(p, p) for p in prereqs)
                mapped = [p for p in mapped if p != resource_data["id"]]
                if mapped:
                    resource_data["prerequisites"] = mapped
                else:
                    del resource_data["prerequisites"]
        if not self.existing.resources:
            self.data["title"] = self.imported.title

    def _unique_id(self, wanted: str) -> str:
        if wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        base = wanted[: MAX_ID_LENGTH - 6].rstrip("-")
        n = 2
        while f"{base}-{n}" in self.taken:
            n += 1
        chosen = f"{base}-{n}"
        self.taken.add(chosen)
        return chosen

    def _sibling_titled(self, siblings: list[object], key: str) -> dict[str, object] | None:
        """The first category of ``siblings`` whose title has ``key`` (an index per list)."""
        index = self.by_title.get(id(siblings))
        if index is None:
            index = {}
            for sibling in siblings:
                if isinstance(sibling, dict):
                    index.setdefault(_title_key(str(sibling.get("title", ""))), sibling)
            self.by_title[id(siblings)] = index
        return index.get(key)

    def _category(
        self, category: Category, siblings: list[object], parent_path: tuple[str, ...]
    ) -> int:
        """Merge ``category`` among ``siblings``; the number of resources it added."""
        key = _title_key(category.title)
        target = self._sibling_titled(siblings, key)
        made = target is None
        if target is None:
            target = {"id": self._unique_id(category.id), "title": category.title}
            if category.notes:
                target["notes"] = category.notes
            self.created.add(id(target))
            siblings.append(target)
            self.by_title[id(siblings)][key] = target
        is_new = id(target) in self.created
        path = (*parent_path, str(target["title"]))
        report_at = len(self.categories)
        added = 0
        for child in category.children:
            if isinstance(child, Resource):
                added += self._resource(child, target, path)
        for child in category.children:
            if isinstance(child, Category):
                added += self._category(child, _sublist(target, "categories"), path)
        if added:
            self.categories.insert(
                report_at, AddedCategory(str(target["id"]), path, is_new, added)
            )
        elif made:
            if siblings[-1] is target:  # as it is: what was added since went inside it
                siblings.pop()
            else:
                siblings.remove(target)
            del self.by_title[id(siblings)][key]
            self.taken.discard(str(target["id"]))
        for name in ("resources", "categories"):
            if target.get(name) == []:
                self.by_title.pop(id(target[name]), None)  # its id may be reused
                del target[name]
        return added

    def _resource(
        self, resource: Resource, category: dict[str, object], path: tuple[str, ...]
    ) -> int:
        self.work.step(len(self.added) + len(self.duplicates))
        key = link_key(resource.url) if resource.url else None
        found = self.by_link.get(key) if key is not None else None
        if found is not None and key is not None:
            self.id_map[resource.id] = str(found.data["id"])
            self.duplicates.append(self._duplicate(resource, key, found))
            return 0
        data = resource_to_data(resource)
        data["id"] = self._unique_id(resource.id)
        self.id_map[resource.id] = str(data["id"])
        if key is not None:
            self.by_link[key] = _Target(data, in_import=True)
            self.primary_links.add(key)
        _sublist(category, "resources").append(data)
        self.added_data.append(data)
        self.added.append(
            AddedResource(
                id=str(data["id"]),
                title=resource.title,
                url=resource.url,
                kind=resource.kind,
                authors=tuple(resource.authors),
                category=path,
                source_id=resource.id,
                effort=resource.effort,
            )
        )
        return 1

    def _duplicate(self, resource: Resource, key: str, target: _Target) -> Duplicate:
        data = target.data
        own_links = target.have()
        new_links = _unique(
            link for link in resource.links
            if link_key(link) not in own_links and link_key(link) not in self.primary_links
        )
        new_tags = _unique(t for t in resource.tags if t.casefold() not in target.tag_keys)
        new_authors = _unique(
            a for a in resource.authors if _title_key(a) not in target.author_keys
        )
        if self.merge_duplicates or target.in_import:
            # extended in place: the lists are this merge's own fresh plain data
            if new_links:
                _sublist(data, "links").extend(new_links)
                own_links.update(link_key(link) for link in new_links)
            if new_tags:
                _sublist(data, "tags").extend(new_tags)
                target.tag_keys.update(t.casefold() for t in new_tags)
            if new_authors:
                _sublist(data, "authors").extend(new_authors)
                target.author_keys.update(_title_key(a) for a in new_authors)
        return Duplicate(
            title=resource.title,
            url=resource.url or "",
            existing_id=str(data["id"]),
            existing_title=str(data["title"]),
            in_import=target.in_import,
            new_links=tuple(new_links),
            new_tags=tuple(new_tags),
            new_authors=tuple(new_authors),
        )


def _find_category(data: dict[str, object], category_id: str) -> dict[str, object] | None:
    for category in _sublist(data, "categories"):
        if isinstance(category, dict):
            if category.get("id") == category_id:
                return category
            found = _find_category(category, category_id)
            if found is not None:
                return found
    return None


def _titles(category: Category) -> tuple[str, ...]:
    titles: list[str] = []
    up: Category | None = category
    while up is not None and up.parent is not None:
        titles.append(up.title)
        up = up.parent
    return tuple(reversed(titles))


def _subcategories(category: Category) -> list[Category]:
    return [c for c in category.children if isinstance(c, Category)]


def _sublist(mapping: dict[str, object], name: str) -> list[object]:
    value = mapping.get(name)
    if not isinstance(value, list):
        value = []
        mapping[name] = value
    return value


def _walk_resources(categories: list[object]) -> Iterable[dict[str, object]]:
    for category in categories:
        if not isinstance(category, dict):
            continue
        for resource in category.get("resources") or []:
            if isinstance(resource, dict):
                yield resource
        yield from _walk_resources(category.get("categories") or [])


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _run(existing: Catalog, imported: ImportedList, merge_duplicates: bool,
         work: Work | None, under: str | None = None) -> _Merge:
    merge = _Merge(existing, imported.catalog, merge_duplicates, work or Work(), under)
    merge.run()
    return merge


def preview_import(existing: Catalog, imported: ImportedList,
                   work: Work | None = None, *, under: str | None = None) -> ImportPreview:
    """What ``merge_import`` would do; duplicates carry what merging them would add.

    ``under``: the id of an existing category the list's categories go into (None: the
    top level). ``work`` hears how far it is and may cancel it (``Cancelled``; nothing has
    changed)."""
    merge = _run(existing, imported, True, work, under)
    return ImportPreview(
        source=imported.source,
        title=imported.catalog.title,
        categories=tuple(merge.categories),
        added=tuple(merge.added),
        duplicates=tuple(merge.duplicates),
        refused=imported.refused,
        warnings=imported.warnings + _same_titles(existing, merge.added),
    )


SAME_TITLES_NAMED = 5  # titles a note names before "and N more"


def _same_titles(existing: Catalog, added: Iterable[AddedResource]) -> tuple[str, ...]:
    """A note on new resources titled as one already in the catalog under another link:
    added all the same (an edition, a mirror), but maybe the same thing twice."""
    titles = {" ".join(r.title.casefold().split()): r.id for r in existing}
    same = [(a.title, titles[key]) for a in added
            if (key := " ".join(a.title.casefold().split())) in titles]
    if not same:
        return ()
    named = ", ".join(f"“{title}” ({rid})" for title, rid in same[:SAME_TITLES_NAMED])
    more = f" and {len(same) - SAME_TITLES_NAMED} more" if len(same) > SAME_TITLES_NAMED else ""
    if len(same) == 1:
        return (f"1 new resource has the title of one already in the catalog, under another "
                f"link: {named}. It is added; leave it out if it is the one you have.",)
    return (f"{len(same)} new resources have the titles of ones already in the catalog, "
            f"under other links: {named}{more}. They are added; leave out any that is the "
            "one you have.",)


def merge_import(
    existing: Catalog, imported: ImportedList, *, merge_duplicates: bool = False,
    work: Work | None = None, under: str | None = None,
) -> Catalog:
    """A new catalog: ``existing`` plus the imported list (``existing`` is not changed)."""
    merge = _run(existing, imported, merge_duplicates, work, under)
    if work is not None:
        work.stage("Checking the merged catalog", 0)
    try:
        return catalog_from_data(merge.data)
    except CatalogError as exc:
        raise MergeError(f"the merged catalog would not be valid: {exc.where()}: "
                         f"{exc.message}") from None


# ------------------------------------------------------------------------------ steering


def steer_import(
    imported: ImportedList, *, leave_out: Collection[str] = (),
    kinds: Mapping[str, str] | None = None, efforts: Mapping[str, float] | None = None,
    someday: bool = False,
) -> ImportedList:
    """The imported list as the learner steered it in the preview: without the resources
    ``leave_out`` (ids of the imported list; a category left empty goes too, and
    prerequisites on them are dropped), with the ``kinds`` and ``efforts`` they chose
    (an effort chosen replaces the guess and its basis), and every resource set to Someday
    when ``someday``. Checked by the same code as a file (``CatalogError``, naming the
    entry)."""
    kinds, efforts, gone = kinds or {}, efforts or {}, set(leave_out)
    data = catalog_to_data(imported.catalog)

    def steer(category: dict[str, object]) -> bool:
        kept = []
        for resource in _sublist(category, "resources"):
            assert isinstance(resource, dict)
            rid = str(resource["id"])
            if rid in gone:
                continue
            if rid in kinds:
                resource["kind"] = kinds[rid]
            if rid in efforts:
                resource["effort_hours"] = efforts[rid]
                resource.pop("effort_basis", None)
            prerequisites = [p for p in _strings(resource.get("prerequisites"))
                             if p not in gone]
            if prerequisites:
                resource["prerequisites"] = prerequisites
            else:
                resource.pop("prerequisites", None)
            if someday:
                resource["someday"] = True
            kept.append(resource)
        children = [c for c in _sublist(category, "categories")
                    if isinstance(c, dict) and steer(c)]
        category["resources"], category["categories"] = kept, children
        return bool(kept or children)

    data["categories"] = [c for c in _sublist(data, "categories")
                          if isinstance(c, dict) and steer(c)]
    return ImportedList(catalog_from_data(data), imported.source, imported.refused,
                        imported.warnings)
