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


def scalar(value: Any) -> str:
    if isinstance(value, str):  # most values, and every key
        if _PLAIN.fullmatch(value) and value.lower() not in _KEYWORDS:
            return value
        return _YAML_UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False))
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
            if isinstance(item, (dict, list)) and item:
                out.append(head)
                _emit(item, indent + "  " if isinstance(item, dict) else indent, out)
            else:
                out.append(f"{head} {_inline(item)}")
    else:
        for item in value:
            if isinstance(item, Flow):
                out.append(f"{indent}- {_flow_line(item)}")
            elif isinstance(item, dict) and item:
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


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written on one line, in flow style: ``{id: k3.17, type: units, n: 3}``
    (the journal's events, one per line).

    Its line is made the first time it is written and kept (``line``): a Flow is never
    changed once made, and each journal event's Flow is written at every save (see
    ``planner.store.format_v2.journal_to_data``)."""

    line: str | None = None


def _flow_line(value: Flow) -> str:
    if value.line is None:
        value.line = _flow(value)
    return value.line


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


def _inline(value: Any) -> str:
    if isinstance(value, Flow):
        return _flow_line(value)
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
