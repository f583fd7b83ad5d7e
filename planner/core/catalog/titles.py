"""Resources picked by title, as people know them: the choices a prerequisite picker offers
and how typed text finds one.

Ids are the file's business; the window shows titles. Two resources may share a title, so a
choice's label then names its category too ("Notes (Maths)"), and the label is what picks it.
Matching folds case and accents, so "geron" finds "Géron".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from planner.core.catalog.model import Catalog


def fold(text: str) -> str:
    """Text as matching sees it: accents off, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@dataclass(frozen=True)
class TitleChoice:
    label: str  # the title, with its category when another resource has the same title
    resource_id: str
    key: str  # the label folded, for matching


def title_choices(catalog: Catalog) -> list[TitleChoice]:
    """Every resource of the catalog as a choice, in catalog order."""
    resources = list(catalog)
    counts: dict[str, int] = {}
    for resource in resources:
        counts[fold(resource.title)] = counts.get(fold(resource.title), 0) + 1
    choices = []
    seen: set[str] = set()
    for resource in resources:
        label = resource.title
        if counts[fold(label)] > 1:
            where = resource.parent.title if resource.parent is not None else ""
            label = f"{label} ({where})" if where else label
            if fold(label) in seen:  # same title in the same category: the id tells them apart
                label = f"{resource.title} ({resource.id})"
        seen.add(fold(label))
        choices.append(TitleChoice(label, resource.id, fold(label)))
    return choices


def matching(choices: list[TitleChoice], text: str) -> list[TitleChoice]:
    """The choices whose label holds every word of ``text`` (folded), best first: those that
    start with it, then the rest, each in catalog order."""
    words = fold(text).split()
    hits = [c for c in choices if all(w in c.key for w in words)]
    start = fold(text)
    return sorted(hits, key=lambda c: not c.key.startswith(start))


def pick(choices: list[TitleChoice], text: str) -> TitleChoice | None:
    """The one choice ``text`` names: its label or its id exactly (folded), else the only
    match; None when nothing or more than one matches."""
    key = fold(text)
    if not key:
        return None
    for choice in choices:
        if choice.key == key or choice.resource_id == text.strip():
            return choice
    hits = matching(choices, text)
    return hits[0] if len(hits) == 1 else None
