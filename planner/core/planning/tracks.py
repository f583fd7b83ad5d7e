"""Tracks: categories that take a share of the weekly hours, so that theory, practice and
papers move on side by side instead of one after the other (docs/architecture.md §3.3).

A category with a ``share`` (whole percent) is a track; a resource belongs to the track of
its nearest category with a share. Resources under no such category form one more track,
"Other", with what the shares leave of 100 %. No share anywhere: one track, the whole week.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.core.catalog.model import Catalog, Category

OTHER = ""  # the id of the track of resources under no category with a share


@dataclass(frozen=True)
class Track:
    id: str  # the category's id; OTHER for the rest
    title: str
    share: int  # percent of the weekly hours


@dataclass(frozen=True)
class Tracks:
    tracks: tuple[Track, ...]  # in catalog order, "Other" last
    of: Mapping[str, int]  # resource id -> index in ``tracks``

    @property
    def split(self) -> bool:
        """Whether the week is shared out at all (more than one track)."""
        return len(self.tracks) > 1


def tracks_of(catalog: Catalog, shares: Mapping[str, int] | None = None) -> Tracks:
    """The catalog's tracks and which track each resource belongs to; ``shares`` (by
    category id) in place of the catalog's own, for a plan that keeps those it was made
    with."""
    if shares is None:
        shares = shares_of(catalog)
    shared = [c for c in catalog.categories.values() if c.id in shares]
    if not shared:
        return Tracks((Track(OTHER, "Other", 100),), {})
    tracks = [Track(c.id, c.title, shares[c.id]) for c in shared]
    index = {c.id: n for n, c in enumerate(shared)}
    other = len(tracks)
    tracks.append(Track(OTHER, "Other", max(0, 100 - sum(t.share for t in tracks))))
    of: dict[str, int] = {}
    memo: dict[str, int] = {}

    def track(category: Category | None) -> int:
        if category is None or category.parent is None:  # the root: no share of its own
            return other
        found = memo.get(category.id)
        if found is None:
            found = index[category.id] if category.id in index else track(category.parent)
            memo[category.id] = found
        return found

    for resource in catalog:
        of[resource.id] = track(resource.parent)
    used = set(of.values())
    if other not in used:
        tracks.pop()  # every resource is in a shared category: no "Other" track
    return Tracks(tuple(tracks), of)


def shares_of(catalog: Catalog) -> dict[str, int]:
    """The shares the catalog sets, by category id (for a plan's basis)."""
    return {c.id: c.share for c in catalog.categories.values() if c.share is not None}
