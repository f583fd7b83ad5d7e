"""Catalog YAML files (docs/architecture.md §3.1): reading with "file:line: entry: problem" errors.

A bundled catalog ships with a JSON form beside it (``ml-research.json``, generated from the
YAML by ``bundle_json``: ``python -m planner.store.catalog_file``; a test fails when it is
out of date): the parsed document and the
SHA-256 of the YAML bytes it came from. ``load_bundled_catalog`` uses it only when that hash
matches, and validates it with the same ``catalog_from_data`` as any catalog; otherwise (a
stale or missing JSON form) the YAML is parsed as usual. It spares start-up PyYAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from planner.core.catalog.model import Catalog, CatalogError, catalog_from_data, catalog_to_data
from planner.core.catalog.model import Path as DataPath
from planner.core.errors import UserError
from planner.store.yaml import strict


class CatalogFileError(UserError, ValueError):
    """A catalog file that cannot be used; the message names the file, line and entry."""


def line_of(text: str, path: DataPath) -> int | None:
    """The 1-based line of the entry at ``path`` in YAML ``text``, found by composing it.

    Only called on the error path, so the second parse costs nothing in the normal case.
    """
    return line_finder(text)(path)


def line_finder(text: str) -> Callable[[DataPath], int | None]:
    """``line_of`` for many paths of one text: it is composed once, at the first call
    (composing it per path made 50,000 refused links quadratic)."""
    import yaml

    node: list[yaml.Node | None] = []

    def find(path: DataPath) -> int | None:
        if not node:
            try:
                node.append(yaml.compose(text, Loader=strict.safe_loader()))
            except yaml.YAMLError:
                node.append(None)
        return strict.line_at(node[0], path) if node[0] is not None else None

    return find


def _entry_title(data: object, path: DataPath) -> str | None:
    node = data
    for part in path:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and isinstance(node.get("title"), str):
        return str(node["title"])
    return None


def describe_catalog_error(source: str, text: str, data: object, exc: CatalogError) -> str:
    line = line_of(text, exc.path + ((exc.field_name,) if exc.field_name else ()))
    where = f"{source}:{line}" if line else source
    entry = exc.where()
    title = _entry_title(data, exc.path) if exc.path else None
    if title:
        entry += f" (“{title}”)"
    return f"{where}: {entry}: {exc.message}"


def load_yaml_text(text: str, source: str) -> object:
    """Parsed YAML, or ``CatalogFileError`` reading "file:line: problem"."""
    try:
        return strict.load(text)
    except strict.YamlError as exc:
        where = f"{source}:{exc.line}" if exc.line else source
        raise CatalogFileError(f"{where}: {exc.message}") from None


def catalog_from_text(text: str, source: str) -> Catalog:
    data = load_yaml_text(text, source)
    try:
        return catalog_from_data(data)
    except CatalogError as exc:
        raise CatalogFileError(describe_catalog_error(source, text, data, exc)) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def read_text(path: Path, raw: bytes | None = None) -> str:
    raw = _read_bytes(path) if raw is None else raw
    try:
        return strict.decode(raw, str(path))
    except strict.YamlError as exc:
        raise CatalogFileError(exc.message) from None


def load_catalog(path: Path) -> Catalog:
    return catalog_from_text(read_text(path), str(path))


def bundle_path(path: Path) -> Path:
    """Where the JSON form of the bundled catalog ``path`` lives."""
    return path.with_suffix(".json")


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()  # as the state file's parse cache keeps them
    raise TypeError(type(value).__name__)


def bundle_json(path: Path) -> str:
    """The JSON form of the catalog YAML at ``path`` (it must be a valid catalog)."""
    raw = _read_bytes(path)
    text = read_text(path, raw)
    catalog_from_text(text, str(path))  # refuse to bundle an invalid catalog
    document = {"sha256": hashlib.sha256(raw).hexdigest(), "data": strict.load(text)}
    return json.dumps(document, ensure_ascii=False, default=_json_default) + "\n"


def load_bundled_catalog(path: Path) -> Catalog:
    """The catalog YAML at ``path``, from its JSON form when that was made from these bytes."""
    raw = _read_bytes(path)
    try:
        bundled = json.loads(bundle_path(path).read_bytes())
    except (OSError, ValueError):
        bundled = None
    if isinstance(bundled, dict) and bundled.get("sha256") == hashlib.sha256(raw).hexdigest():
        try:
            return catalog_from_data(bundled.get("data"))
        except CatalogError:
            pass  # parsed from the YAML below, for an error that names the line
    return catalog_from_text(read_text(path, raw), str(path))


def catalog_text(catalog: Catalog) -> str:
    return strict.dump(catalog_to_data(catalog))


if __name__ == "__main__":  # regenerate the JSON form of the bundled catalog
    from planner.paths import default_catalog_path

    bundle_path(default_catalog_path()).write_text(bundle_json(default_catalog_path()),
                                                   encoding="utf-8")
