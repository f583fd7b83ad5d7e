"""A fast emitter for the state file's plain data (dicts, lists, text, numbers, booleans).

PyYAML's dumper spends ~250 ms on a 2,000-resource state file, over the 100 ms save budget
(bench/bench_store.py). Our data has a fixed, simple shape, so we write block-style YAML
directly: text that is unambiguous as a plain scalar is written bare, anything else as a
JSON double-quoted string (a valid YAML double-quoted scalar). The output is read back by
the same safe loader, and a Hypothesis test checks that round trip on arbitrary data.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Plain: a letter first, no space last (YAML would drop it).
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 _.()/+'-]*[A-Za-z0-9_.()/+'-])?")
_KEYWORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
# Characters YAML will not take raw inside a quoted scalar (line breaks it would fold,
# non-printables) — JSON leaves them raw with ensure_ascii=False.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_for_yaml(value: Any) -> str:
    """``value`` as JSON that YAML takes as it is inside quotes or a literal block: every
    letter readable, what YAML would fold or refuse written as a JSON escape."""
    return _YAML_UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False, allow_nan=False))


def scalar(value: Any) -> str:
    if isinstance(value, str):  # most values, and every key
        if _PLAIN.fullmatch(value) and value.lower() not in _KEYWORDS:
            return value
        return json_for_yaml(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write the number {value!r}")
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        if "." not in mantissa:  # YAML 1.1 reads a float only with a dot: 1.0e-05
            mantissa += ".0"
        return f"{mantissa}{e}{exponent}"
    raise TypeError(f"cannot write a {type(value).__name__} to the state file")


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Append the lines of a mapping or list (non-empty) at ``indent``."""
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{indent}{scalar(str(key))}:"
            if isinstance(item, Lines) and item:
                out.append(f"{head} |")
                out.extend(f"{indent}  {line}" for line in item.splitlines())
            elif isinstance(item, (dict, list)) and item:
                out.append(head)
                _emit(item, indent + "  " if isinstance(item, dict) else indent, out)
            else:
                out.append(f"{head} {_inline(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                _emit(item, indent + "  ", lines)
                out.append(f"{indent}- {lines[0][len(indent) + 2:]}")
                out.extend(lines[1:])
            elif isinstance(item, list) and item:
                lines = []
                _emit(item, indent + "  ", lines)
                out.append(f"{indent}- {lines[0][len(indent) + 2:]}")
                out.extend(lines[1:])
            else:
                out.append(f"{indent}- {_inline(item)}")


class Lines(str):
    """Text written as a literal block (``key: |`` and its lines, indented): the journal,
    one event per line. Its lines hold no line break and nothing a block may not hold
    (``planner.store.format_v2.event_line``); read back, it is the same text."""


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def emit(data: dict[str, Any]) -> str:
    """Block-style YAML for ``data``, keys in the order given, one entry per line."""
    out: list[str] = []
    _emit(data, "", out)
    return "\n".join(out) + "\n"
