"""The JSON form shipped beside the bundled catalog: current, used, and never trusted blindly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.core.catalog.model import Catalog, catalog_to_data
from planner.paths import default_catalog_path
from planner.store.catalog_file import (
    CatalogFileError,
    bundle_json,
    bundle_path,
    load_bundled_catalog,
    load_catalog,
)


def same(a: Catalog, b: Catalog) -> bool:
    return bool(catalog_to_data(a) == catalog_to_data(b))


def test_the_shipped_json_form_is_current() -> None:
    path = default_catalog_path()
    assert bundle_path(path).read_text(encoding="utf-8") == bundle_json(path), (
        "the bundled catalog changed: run `python -m planner.store.catalog_file`")


def test_the_json_form_gives_the_same_catalog_as_the_yaml() -> None:
    path = default_catalog_path()
    assert same(load_bundled_catalog(path), load_catalog(path))


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    shutil.copyfile(default_catalog_path(), path)
    shutil.copyfile(bundle_path(default_catalog_path()), bundle_path(path))
    return path


def test_a_stale_json_form_is_ignored(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: A Practical Guide to ML Research", "title: Edited by hand", 1), encoding="utf-8")
    assert catalog_to_data(load_bundled_catalog(path))["title"] == "Edited by hand"


def test_a_missing_json_form_falls_back_to_the_yaml(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    bundle_path(path).unlink()
    assert same(load_bundled_catalog(path), load_catalog(default_catalog_path()))


def test_the_json_form_is_validated_like_any_catalog(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    bundled = json.loads(bundle_path(path).read_text(encoding="utf-8"))
    bundled["data"]["categories"][0]["id"] = "Not An Id!"
    bundle_path(path).write_text(json.dumps(bundled), encoding="utf-8")
    # The YAML is valid, so the bad JSON form is not used.
    assert same(load_bundled_catalog(path), load_catalog(default_catalog_path()))
    path.write_text(path.read_text(encoding="utf-8") + "\n  - nonsense: [\n", encoding="utf-8")
    with pytest.raises(CatalogFileError):
        load_bundled_catalog(path)
