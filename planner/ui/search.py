"""What the tree's search field and status filter let through (no Qt here).

Every word of the query must occur in the resource's title, authors or tags (case folded);
a status filter keeps resources with that status. A category is shown when something below
it is, so a match never loses its path. The text searched is built once per resource and
dropped when the catalog is replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.core.catalog import Category, Node, Resource
from planner.core.progress import Status


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


def haystack(resource: Resource) -> str:
    return "\n".join([resource.title, *resource.authors, *resource.tags]).casefold()


class Haystacks:
    """The searchable text of each resource, built on first use."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}

    def clear(self) -> None:
        self._text.clear()

    def __call__(self, resource: Resource) -> str:
        text = self._text.get(resource.id)
        if text is None:
            text = self._text[resource.id] = haystack(resource)
        return text


def visible_nodes(root: Category, search: SearchFilter, status_of: Callable[[Resource], Status],
                  haystacks: Haystacks) -> set[Node]:
    """The resources that pass ``search`` and every category above one (not ``root``)."""
    visible: set[Node] = set()
    words, status = search.words, search.status

    def collect(category: Category) -> bool:
        shown = False
        for child in category.children:
            if isinstance(child, Category):
                shown = collect(child) or shown
            elif (status is None or status_of(child) is status) and (
                    not words or all(word in haystacks(child) for word in words)):
                visible.add(child)
                shown = True
        if shown:
            visible.add(category)
        return shown

    collect(root)
    visible.discard(root)
    return visible
