"""The bundled default catalog: it loads through the validator and says what the seed says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.core.catalog.model import KINDS, Catalog, Category, catalog_from_data, find_cycle
from planner.core.links import check_link
from planner.paths import default_catalog_path

CATALOG_FILE = (
    Path(__file__).resolve().parent.parent / "resources" / "catalogs" / "ml-research.yaml"
)

EXPECTED = {
    "theoretical": (
        "Theoretical",
        [
            "simeone-ml-for-engineers",
            "thomas-math-for-ml",
            "foundations-of-data-science",
            "matrix-calculus-for-ml",
            "matrix-cookbook",
            "3blue1brown",
        ],
    ),
    "programming": (
        "Programming",
        [
            "geron-hands-on-ml",
            "geron-youtube",
            "numpy-100-exercises",
            "numpy-101-exercises",
            "pandas-cookbook",
        ],
    ),
    "research-papers": ("Research Papers", ["keshav-how-to-read-a-paper"]),
}


@pytest.fixture(scope="module")
def raw() -> Any:
    with CATALOG_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def catalog(raw: Any) -> Catalog:
    return catalog_from_data(raw)


def test_the_app_finds_the_bundled_file() -> None:
    assert default_catalog_path().resolve() == CATALOG_FILE


def test_title(catalog: Catalog) -> None:
    assert catalog.title == "A Practical Guide to ML Research"


def test_three_seed_categories_in_order_with_their_resources(catalog: Catalog) -> None:
    top = [c for c in catalog.root.children if isinstance(c, Category)]
    assert [c.id for c in top] == list(EXPECTED)
    for category in top:
        title, ids = EXPECTED[category.id]
        assert category.title == title
        assert [r.id for r in category.resources()] == ids
    assert len(catalog) == sum(len(ids) for _, ids in EXPECTED.values())


def test_every_resource_has_explicit_id_and_grounded_effort(raw: Any) -> None:
    for category in raw["categories"]:
        for entry in category["resources"]:
            assert "id" in entry, entry["title"]
            assert isinstance(entry.get("effort_hours"), (int, float)), entry["id"]
            assert len(entry.get("effort_basis", "").strip()) > 20, entry["id"]


def test_every_resource_is_described(catalog: Catalog) -> None:
    for resource in catalog:
        assert resource.effort_hours is not None and resource.effort_hours > 0
        assert resource.effort_basis
        assert resource.kind in KINDS, resource.id
        assert resource.authors, resource.id
        assert resource.url, resource.id
        assert resource.tags, resource.id


def test_authors_are_spelled_correctly(catalog: Catalog) -> None:
    assert catalog.resources["foundations-of-data-science"].authors == (
        "Avrim Blum",
        "John Hopcroft",
        "Ravindran Kannan",
    )
    assert catalog.resources["matrix-calculus-for-ml"].authors == ("Terence Parr", "Jeremy Howard")
    for resource in catalog:
        for author in resource.authors:
            assert "Arvim" not in author
            assert "Terrence" not in author
    assert CATALOG_FILE.read_text(encoding="utf-8").count("Avrim Blum") >= 1


def test_the_seed_links(catalog: Catalog) -> None:
    r = catalog.resources
    assert r["simeone-ml-for-engineers"].url == "https://arxiv.org/pdf/1709.02840.pdf"
    assert r["foundations-of-data-science"].url == "https://www.cs.cornell.edu/jeh/book.pdf"
    assert r["numpy-100-exercises"].url == (
        "https://github.com/rougier/numpy-100/blob/master/100%20Numpy%20exercises.md"
    )
    assert r["geron-youtube"].url == "https://www.youtube.com/channel/UCCvGd1WBMpFQ_vtC89VF2qA"
    assert r["keshav-how-to-read-a-paper"].url == (
        "https://blizzard.cs.uwaterloo.ca/keshav/home/Papers/data/07/paper-reading.pdf"
    )


def test_all_links_pass_the_link_policy_unchanged(catalog: Catalog) -> None:
    for resource in catalog:
        for link in [resource.url, *resource.links]:
            assert link is not None
            assert check_link(link) == link


def test_prerequisites_known_and_acyclic(catalog: Catalog) -> None:
    for resource in catalog:
        for prereq in resource.prerequisites:
            assert prereq in catalog.resources
            assert prereq != resource.id
    assert find_cycle(catalog) is None


def test_priorities_and_units_in_range(catalog: Catalog) -> None:
    for resource in catalog:
        assert 1 <= resource.priority <= 5
        if resource.units is not None:
            assert resource.units.count >= 1
    assert catalog.resources["numpy-100-exercises"].units is not None
    assert catalog.resources["numpy-100-exercises"].units.count == 100
