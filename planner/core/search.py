"""What the tree's search field and status filter let through.

A query is words separated by spaces; a resource is found when every word occurs in its
text: title, authors, tags, notes (the learner's own and the catalog's About text) and the
names of the categories above it. A word written ``field:word`` must occur in that field
(``title:``, ``author:``, ``tag:``, ``notes:``, ``category:``). Both sides are folded the
same way (:func:`fold`), so "geron" finds "Géron" and "strasse" finds "Straße".

A category is shown when something below it is, so a match never loses its path. The
folded text of each resource is built once and kept until the catalog is replaced or the
resource's notes change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from planner.core.catalog.model import Category, Node, Resource
from planner.core.progress.rules import Status

FIELDS = ("title", "author", "tag", "notes", "category")
_FIELD_INDEX = {name: i for i, name in enumerate(FIELDS, start=1)}  # 0: all fields
# A resource's searchable text, folded: all fields joined, then each field (in FIELDS order).
# A plain tuple of strings: the collector stops tracking those, and there is one per resource.
SearchText = tuple[str, ...]
_ALIASES = {"authors": "author", "tags": "tag", "note": "notes", "about": "notes",
            "categories": "category"}


def fold(text: str) -> str:
    """``text`` with case and accents folded away: compatibility decomposition (NFKD),
    combining marks dropped, then ``casefold``, applied twice because a casefold can
    give back a character that decomposes again (and vice versa).

    The dotless ı folds to i: its capital is I, and it is the one letter whose capital
    folds to another letter, so that a title with it is found by its own upper case.

    ASCII text only needs lower-casing: that covers most catalogs, and a fold per resource
    is what building the search text of 10,000 resources costs.
    """
    if text.isascii():
        return text.lower()
    for _ in range(2):
        decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


@dataclass(frozen=True, slots=True)
class Term:
    """One word of a query, folded; ``field`` indexes a ``SearchText``: 0 for anywhere,
    else 1 + its index in ``FIELDS``."""

    text: str
    field: int = 0

    @classmethod
    def parse(cls, word: str) -> Term:
        folded = fold(word)
        name, colon, rest = folded.partition(":")
        name = _ALIASES.get(name, name)
        if colon and name in _FIELD_INDEX:
            return cls(rest, _FIELD_INDEX[name])
        return cls(folded)

    def found_in(self, text: SearchText) -> bool:
        return self.text in text[self.field]

    def narrows(self, other: Term) -> bool:
        """Whatever this term finds, ``other`` finds too."""
        return other.text in self.text and other.field in (0, self.field)


def search_text(resource: Resource, notes: str = "", categories: str | None = None
                ) -> SearchText:
    """``categories``: the folded names of the categories above, when known."""
    if categories is None:
        categories = category_text(resource.parent)
    fields = (fold(resource.title), fold("\n".join(resource.authors)),
              fold("\n".join(resource.tags)), fold(f"{notes}\n{resource.notes}"), categories)
    # Fields are joined by a newline, which no word holds: a word never spans two.
    return ("\n".join(fields), *fields)


def category_text(category: Category | None) -> str:
    """The folded names of ``category`` and those above it (the root has no name)."""
    names = []
    while category is not None and category.parent is not None:
        names.append(category.title)
        category = category.parent
    return fold("\n".join(names))


def matches(query: str, resource: Resource, notes: str = "") -> bool:
    """Whether ``query`` finds ``resource`` (one resource; the tree uses visible_nodes)."""
    text = search_text(resource, notes)
    return all(term.found_in(text) for term in SearchFilter.of(query).terms)


@dataclass(frozen=True)
class SearchFilter:
    terms: tuple[Term, ...] = ()
    status: Status | None = None

    @classmethod
    def of(cls, query: str = "", status: Status | None = None) -> SearchFilter:
        terms = (Term.parse(word) for word in query.split())
        return cls(tuple(term for term in terms if term.text), status)

    @property
    def active(self) -> bool:
        return bool(self.terms) or self.status is not None

    def narrows(self, other: SearchFilter) -> bool:
        """True when everything this filter lets through, ``other`` lets through too
        (typing on: "gra" → "grap"), so only what ``other`` showed needs checking."""
        return (other.status is None or other.status == self.status) and all(
            any(new.narrows(old) for new in self.terms) for old in other.terms)


class Haystacks:
    """The search text of each resource, built on first use; ``notes_of`` gives the
    learner's notes of a resource id."""

    def __init__(self, notes_of: Callable[[str], str] = lambda _: "") -> None:
        self._notes_of = notes_of
        self._text: dict[str, SearchText] = {}
        self._all: tuple[Category, dict[Resource, SearchText]] | None = None

    def clear(self) -> None:
        self._text.clear()
        self._all = None

    def forget(self, resource_ids: Iterable[str]) -> None:
        """Drop the text of these resources (their notes changed)."""
        for resource_id in resource_ids:
            if self._text.pop(resource_id, None) is not None:
                self._all = None

    def of_all(self, root: Category) -> Mapping[Resource, SearchText]:
        """Every resource under ``root`` with its text, in catalog order (kept per root)."""
        if self._all is None or self._all[0] is not root:
            texts: dict[Resource, SearchText] = {}
            self._add(root, category_text(root), texts)
            self._all = (root, texts)
        return self._all[1]

    def _add(self, category: Category, names: str, texts: dict[Resource, SearchText]) -> None:
        # Each category's names are folded once, not once per resource under it.
        for child in category.children:
            if isinstance(child, Category):
                self._add(child, f"{names}\n{fold(child.title)}" if names else fold(child.title),
                          texts)
            else:
                texts[child] = self(child, names)

    def __call__(self, resource: Resource, categories: str | None = None) -> SearchText:
        text = self._text.get(resource.id)
        if text is None:
            text = self._text[resource.id] = search_text(
                resource, self._notes_of(resource.id), categories)
        return text


def visible_nodes(root: Category, search: SearchFilter, status_of: Callable[[Resource], Status],
                  haystacks: Haystacks, among: set[Node] | None = None) -> set[Node]:
    """The resources that pass ``search`` and every category above one (not ``root``).

    ``among``: the nodes a wider filter let through, when ``search`` narrows it; only
    those are checked.
    """
    # This runs per keystroke: one tight pass per word, each over what the last let through.
    # Lists of the resources themselves, not of (resource, text) pairs: thousands of new
    # tuples that outlive the collections run while they are built are promoted to the old
    # generation, and bring its next full pass (over everything the process holds) closer.
    texts = haystacks.of_all(root)
    matched = list(texts) if among is None else [
        node for node in among if isinstance(node, Resource)]
    for term in search.terms:
        word, field = term.text, term.field
        matched = [resource for resource in matched if word in texts[resource][field]]
    if search.status is not None:
        status = search.status
        matched = [resource for resource in matched if status_of(resource) is status]
    visible: set[Node] = set(matched)
    for resource in matched:
        up = resource.parent
        while up is not None and up is not root and up not in visible:
            visible.add(up)
            up = up.parent
    return visible
