"""``first_to_study``: what the window selects on a first look, and a category's "next up"."""

from __future__ import annotations

from planner.core.catalog.model import catalog_from_data
from planner.core.progress.rules import Progress
from planner.core.progress.summary import first_to_study

CATALOG = catalog_from_data({"categories": [
    {"title": "A", "resources": [
        {"id": "late", "title": "Needs the other", "prerequisites": ["basics"]},
        {"id": "basics", "title": "Basics"},
    ]},
    {"title": "B", "resources": [{"id": "free", "title": "Free"}]},
]})


def test_first_in_catalog_order_whose_prerequisites_are_done() -> None:
    assert first_to_study(CATALOG, {}).id == "basics"
    done = {"basics": Progress(done=True)}
    assert first_to_study(CATALOG, done).id == "late"
    assert first_to_study(CATALOG, {**done, "late": Progress(done=True)}).id == "free"


def test_started_is_not_done() -> None:
    assert first_to_study(CATALOG, {"basics": Progress(units_done=1)}).id == "basics"


def test_nothing_left() -> None:
    every = {rid: Progress(done=True) for rid in CATALOG.resources}
    assert first_to_study(CATALOG, every) is None
    assert first_to_study([], {}) is None
