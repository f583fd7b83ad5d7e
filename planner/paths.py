"""Where the bundled files are, from a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled folder {name!r} is missing from this installation")


def resources_dir() -> Path:
    return _data_dir("resources")


def icons_dir() -> Path:
    return _data_dir("icons")


def default_catalog_path() -> Path:
    return resources_dir() / "catalogs" / "ml-research.yaml"
