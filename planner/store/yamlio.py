"""Safe, bounded YAML reading and deterministic writing.

Only the safe loader is used (libyaml's C one when present). Hostile input is bounded
before and after parsing: a size cap, a cap on bracket nesting (libyaml's composer
recurses and would crash the process on absurd depth), and a cap on the number of nodes
reached through aliases (a "billion laughs" document is small on disk but huge to walk).

PyYAML is imported on first use: a normal start-up reads the state file through the parse
cache and the bundled catalog from its JSON form, and never needs it.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 20 * 1024 * 1024
MAX_NESTING = 200
MAX_NODES = 2_000_000
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
_BRACKETS = re.compile(r"[\[\]{}]")


class YamlError(ValueError):
    """The text is not YAML we accept; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode(data: bytes, source: str = "the file") -> str:
    if len(data) > MAX_BYTES:
        raise YamlError(
            f"{source} is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // 10**6} MB"
        )
    if b"\x00" in data[:8192]:
        raise YamlError(f"{source} is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(f"{source} is not UTF-8 text (byte {exc.start})", line) from None


def _bracket_depth(text: str) -> int:
    """An upper bound of flow nesting (brackets inside quoted text count too)."""
    brackets = _BRACKETS.findall(text)
    return max(accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)), default=0)


def safe_loader() -> type[yaml.SafeLoader]:
    """libyaml's C safe loader when present, else PyYAML's own."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def __getattr__(name: str) -> Any:
    if name == "SafeLoader":
        return safe_loader()
    raise AttributeError(name)


def load(text: str) -> Any:
    """Parse one YAML document with the safe loader, within the caps above."""
    if len(text) > MAX_BYTES:
        raise YamlError(f"the text is longer than {MAX_BYTES // 10**6} MB")
    if _bracket_depth(text) > MAX_NESTING:
        raise YamlError(f"the text nests brackets more than {MAX_NESTING} deep")
    import yaml

    try:
        data = yaml.load(text, Loader=safe_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("the text nests too deep") from None
    _check_size(data)
    return data


def _check_size(data: Any) -> None:
    """Walk the loaded data once; refuse alias bombs, reference cycles and absurd depth."""
    count = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError(
                f"the document expands to more than {MAX_NODES:,} values "
                "(aliases repeated too often)"
            )
        if depth > MAX_NESTING:
            raise YamlError(f"the document nests more than {MAX_NESTING} deep")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
            stack.extend((k, depth + 1) for k in node if isinstance(k, tuple))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


@cache
def _dumper() -> type[yaml.SafeDumper]:
    import yaml

    base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        style = "|" if "\n" in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


def dump(data: Any) -> str:
    """Deterministic block-style YAML: keys in the order given, one entry per line."""
    import yaml

    text: str = yaml.dump(
        data,
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return text
