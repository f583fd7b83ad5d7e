"""What the tree's search field and status filter let through (no Qt here).

Every word of the query must occur in the resource's title, authors or tags (case folded);
a status filter keeps resources with that status. A category is shown when something below
it is, so a match never loses its path. The text searched is built once per resource and
dropped when the catalog is replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.core.catalog.model import Category, Node, Resource
from planner.core.progress.rules import Status


@dataclass(frozen=True)
class SearchFilter:
    words: tuple[str, ...] = ()
    status: Status | None = None

    @classmethod
    def of(cls, query: str = "", status: Status | None = None) -> SearchFilter:
        return cls(tuple(query.casefold().split()), status)

    @property
    def active(self) -> bool:
        return bool(self.words) or self.status is not None

    def narrows(self, other: SearchFilter) -> bool:
        """True when everything this filter lets through, ``other`` lets through too
        (typing on: "gra" → "grap"), so only what ``other`` showed needs checking."""
        return (other.status is None or other.status == self.status) and all(
            any(old in new for new in self.words) for old in other.words)

    def passes(self, resource: Resource, status_of: Callable[[Resource], Status],
               haystacks: Haystacks) -> bool:
        if self.status is not None and status_of(resource) is not self.status:
            return False
        return not self.words or all(word in haystacks(resource) for word in self.words)


def haystack(resource: Resource) -> str:
    return "\n".join([resource.title, *resource.authors, *resource.tags]).casefold()


class Haystacks:
    """The searchable text of each resource, built on first use."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._all: tuple[Category, dict[Resource, str]] | None = None

    def clear(self) -> None:
        self._text.clear()
        self._all = None

    def of_all(self, root: Category) -> dict[Resource, str]:
        """Every resource under ``root`` with its text, in catalog order (kept per root)."""
        if self._all is None or self._all[0] is not root:
            self._all = (root, {resource: self(resource) for resource in root.resources()})
        return self._all[1]

    def __call__(self, resource: Resource) -> str:
        text = self._text.get(resource.id)
        if text is None:
            text = self._text[resource.id] = haystack(resource)
        return text


def visible_nodes(root: Category, search: SearchFilter, status_of: Callable[[Resource], Status],
                  haystacks: Haystacks, among: set[Node] | None = None) -> set[Node]:
    """The resources that pass ``search`` and every category above one (not ``root``).

    ``among``: the nodes a wider filter let through, when ``search`` narrows it; only
    those are checked.
    """
    # One pass over (resource, text) pairs built once per catalog: this runs per keystroke.
    texts = haystacks.of_all(root)
    pairs = texts.items() if among is None else [
        (node, texts[node]) for node in among if isinstance(node, Resource)]
    words = search.words
    if not words:
        matched = [resource for resource, _ in pairs]
    elif len(words) == 1:
        word = words[0]
        matched = [resource for resource, text in pairs if word in text]
    else:
        matched = [resource for resource, text in pairs if all(w in text for w in words)]
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
