"""Safe, bounded YAML reading and deterministic writing.

Only the safe loader is used (libyaml's C one when present), in a stricter subclass.
Hostile input is bounded before parsing: a size cap, a cap on bracket nesting and one on
block indentation (libyaml's composer recurses and crashes the process on absurd depth,
either way); and after: a cap on the number of nodes reached through aliases (a "billion
laughs" document is small on disk but huge to walk), and on the pairs copied by merge keys
(``<<: [*a, *a, ...]`` nested a few times is the same bomb). The loader also refuses what
would silently change or lose data: a key given twice in one mapping (PyYAML keeps the last),
YAML 1.1's octal (``010`` is 8) and base-60 numbers (``1:30`` is 90), and numbers too long
for Python to convert. Any other error a constructor raises (``!!int abc``, the date
``2026-02-30``) becomes a ``YamlError`` with its line, never an unexpected exception.

PyYAML is imported on first use: a normal start-up reads the state file through the parse
cache and the bundled catalog from its JSON form, and never needs it.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from planner.core.errors import UserError

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 20 * 1024 * 1024
MAX_NESTING = 200
MAX_INDENT = 1000  # leading spaces and block indicators ("- ", "? ", ": ") on a line
MAX_NODES = 2_000_000
MAX_MERGED = 100_000  # key-value pairs copied by merge keys, in all
MAX_NUMBER_DIGITS = 1000  # Python refuses to convert more than 4,300 decimal digits
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"\n[ \t?:-]" + f"{{{MAX_INDENT + 1}}}")  # searched in "\n" + text
_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


class YamlError(UserError, ValueError):
    """The text is not YAML we accept; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode(data: bytes, source: str = "the file") -> str:
    """UTF-8 text (a UTF-8 byte-order mark is harmless and dropped), or ``YamlError``."""
    if len(data) > MAX_BYTES:
        raise YamlError(
            f"{source} is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes "
            f"({MAX_BYTES // 2**20} MiB)"
        )
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise YamlError(f"{source} is {encoding} text; save it as UTF-8", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise YamlError(
            f"{source} is not a text file (it holds binary data: a NUL byte at byte {nul})",
            data.count(b"\n", 0, nul) + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"{source} is not UTF-8 text (byte {exc.start})", line) from None


def _bracket_depth(text: str) -> int:
    """A quick upper bound of flow nesting: brackets inside text count too, so notes like
    "x in [0, 1)" raise it without nesting anything (see ``_nesting_depth``)."""
    brackets = _BRACKETS.findall(text)
    return max(accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)), default=0)


def _nesting_depth(text: str) -> int:
    """The real depth of nested collections, up to the first level past ``MAX_NESTING``.

    Read from the parser's event stream, which libyaml produces without recursion; only
    composing the document recurses, and deep enough that overflows the C stack. Slower
    than ``_bracket_depth``, so asked only when that bound is over the cap.

    A parser may refuse deep nesting by itself before its events show the depth: libyaml
    0.2.6 (in PyYAML 6.0.4's wheels) stops at 1,000 flow levels while scanning ahead.
    The refusal is ours to word, so when libyaml's stream ends in an error before the
    cap is passed, PyYAML's own parser counts again; it has no such limit, and it only
    runs on a file libyaml refused.
    """
    import yaml

    depth = _depth_of_events(text, safe_loader())
    if depth is None and safe_loader() is not yaml.SafeLoader:
        depth = _depth_of_events(text, yaml.SafeLoader)
    return depth or 0


def _depth_of_events(text: str, loader: type[yaml.SafeLoader]) -> int | None:
    """The depth ``loader``'s event stream reaches (stopping past ``MAX_NESTING``), or None
    when the stream ends in an error before that: the depth is then unknown."""
    import yaml

    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
                if depth > MAX_NESTING:
                    return depth
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the load that follows reports it, with its line
    return deepest


def safe_loader() -> type[yaml.SafeLoader]:
    """libyaml's C safe loader when present, else PyYAML's own."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def __getattr__(name: str) -> Any:
    if name == "SafeLoader":
        return safe_loader()
    raise AttributeError(name)


_TAG_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false",
              "timestamp": "a valid date", "binary": "base64 data"}


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


@cache
def strict_loader() -> type[yaml.SafeLoader]:
    """The safe loader, refusing duplicate keys, ambiguous numbers and merge-key bombs."""
    import yaml
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    base = safe_loader()
    merge_tag = "tag:yaml.org,2002:merge"
    str_tag = "tag:yaml.org,2002:str"

    class Refused(ConstructorError):
        """Valid YAML we do not take: the message stands alone (no "not valid YAML")."""

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self.flattened: set[int] = set()
            self.merge_budget = MAX_MERGED

        def construct_undefined(self, node: Any) -> Any:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise Refused(None, None, f"the tag {tag!r} is not allowed: only plain data "
                          "(text, numbers, dates, lists, mappings) is read", node.start_mark)

        def flatten_mapping(self, node: Any) -> None:
            """PyYAML's merge-key expansion, once per node, within a budget of copied pairs;
            first, the node's own keys are checked for duplicates."""
            if id(node) in self.flattened:
                return
            self.flattened.add(id(node))
            self.check_duplicates(node)
            merge: list[Any] = []
            index = 0
            while index < len(node.value):
                key_node, value_node = node.value[index]
                if key_node.tag == merge_tag:
                    del node.value[index]
                    if isinstance(value_node, MappingNode):
                        sources = [value_node]
                    elif isinstance(value_node, SequenceNode) and all(
                        isinstance(sub, MappingNode) for sub in value_node.value
                    ):
                        sources = list(reversed(value_node.value))
                    else:
                        raise Refused("while constructing a mapping", node.start_mark,
                                      "a merge key '<<' takes a mapping or a list of mappings",
                                      value_node.start_mark)
                    for sub in sources:
                        self.flatten_mapping(sub)
                        self.merge_budget -= len(sub.value)
                        if self.merge_budget < 0:
                            raise Refused(None, None, "the merge keys ('<<') copy more than "
                                          f"{MAX_MERGED:,} values", key_node.start_mark)
                        merge.extend(sub.value)
                elif key_node.tag == "tag:yaml.org,2002:value":
                    key_node.tag = "tag:yaml.org,2002:str"
                    index += 1
                else:
                    index += 1
            if merge:
                node.value = merge + node.value

        def check_duplicates(self, node: Any) -> None:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag == merge_tag:
                    continue
                # Text keys (nearly all) as they are; others as YAML reads them (0x1 is 1).
                key = key_node.value if key_node.tag == str_tag else self.construct_object(
                    key_node)
                try:
                    first = seen.get(key)
                except TypeError:  # unhashable: PyYAML says so itself
                    continue
                line = key_node.start_mark.line + 1
                if first is not None:
                    raise Refused(None, None, f"the key {_shown(str(key))} appears twice in "
                                  f"one mapping (lines {first} and {line}); give each key "
                                  "once", key_node.start_mark)
                seen[key] = line

    def checked(construct: Any) -> Any:
        """A scalar constructor whose own errors (``!!int abc``, the date 2026-02-30)
        become a ``Refused`` naming the value and its line."""
        tag = construct.__name__.removeprefix("construct_yaml_").removeprefix("construct_")
        what = _TAG_NAMES.get(tag, f"'!!{tag}'")

        def construct_checked(loader: Any, node: Any) -> Any:
            try:
                return construct(loader, node)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError,
                    IndexError) as exc:
                value = _shown(node.value) if isinstance(node, ScalarNode) else "this value"
                why = f" ({exc})" if isinstance(exc, (ValueError, OverflowError)) else ""
                raise Refused(None, None, f"{value} is not {what}{why}",
                              node.start_mark) from None

        return construct_checked

    def construct_int(loader: Any, node: Any) -> int:
        text = loader.construct_scalar(node)
        digits = text.replace("_", "").lstrip("+-")
        if len(digits) > MAX_NUMBER_DIGITS:
            raise Refused(None, None, f"a number with more than {MAX_NUMBER_DIGITS} digits",
                          node.start_mark)
        if ":" in digits:
            raise Refused(None, None, f"{_shown(text)} is a base-60 number in YAML 1.1; put "
                          "it in quotes if it is text, or write the number plainly",
                          node.start_mark)
        if len(digits) > 1 and digits[0] == "0" and digits[1] not in "bx":
            raise Refused(None, None, f"{_shown(text)} is an octal number in YAML 1.1 (a "
                          "leading 0); write it without the 0, or in quotes if it is text",
                          node.start_mark)
        value: int = base.construct_yaml_int(loader, node)
        return value

    def construct_float(loader: Any, node: Any) -> float:
        text = loader.construct_scalar(node)
        if ":" in text:
            raise Refused(None, None, f"{_shown(text)} is a base-60 number in YAML 1.1; put "
                          "it in quotes if it is text, or write the number plainly",
                          node.start_mark)
        value: float = base.construct_yaml_float(loader, node)
        return value

    StrictLoader.add_constructor(None, StrictLoader.construct_undefined)
    for name, construct in (("int", construct_int), ("float", construct_float),
                            ("bool", base.construct_yaml_bool),
                            ("timestamp", base.construct_yaml_timestamp),
                            ("binary", base.construct_yaml_binary)):
        StrictLoader.add_constructor(f"tag:yaml.org,2002:{name}", checked(construct))
    StrictLoader.refused = Refused
    return StrictLoader


def load(text: str) -> Any:
    """Parse one YAML document with the strict safe loader, within the caps above."""
    return load_with_node(text)[0]


def load_with_node(text: str) -> tuple[Any, yaml.Node | None]:
    """``load``, and the composed node tree too: ``line_at`` finds an entry's line in it
    without parsing the text a second time (on a 2,000-resource file that is a quarter
    of a second)."""
    if len(text) > MAX_BYTES:
        raise YamlError(f"the text is longer than {MAX_BYTES:,} characters")
    if _bracket_depth(text) > MAX_NESTING and _nesting_depth(text) > MAX_NESTING:
        raise YamlError(f"the text nests brackets more than {MAX_NESTING} deep")
    deep = _DEEP_INDENT.search("\n" + text[: MAX_INDENT + 1]) or _DEEP_INDENT.search(text)
    if deep is not None:
        at = 0 if deep.string is not text else deep.start() + 1
        raise YamlError(f"a line is indented more than {MAX_INDENT} columns deep "
                        "(block nesting that deep is refused)", text.count("\n", 0, at) + 1)
    import yaml

    loader = strict_loader()
    parser = loader(text)
    try:
        node = parser.get_single_node()
        data = parser.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        at = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
        raise YamlError(f"not valid YAML: the character U+{char:04X} is not allowed "
                        f"({exc.reason})", at) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        if not isinstance(exc, loader.refused):  # type: ignore[attr-defined]
            problem = f"not valid YAML: {problem}"
        raise YamlError(problem, line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("the text nests too deep") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError) as exc:
        raise YamlError(f"not valid YAML: {exc}") from None  # a constructor's own error
    finally:
        parser.dispose()
    _check_size(data)
    return data, node


def _check_size(data: Any) -> None:
    """Refuse alias bombs, reference cycles and absurd depth in the loaded data.

    Aliases make a shared list or mapping appear many times; what counts is the data as a
    reader would walk it (every appearance), but each shared container is walked once and
    its expanded size remembered, so a billion laughs is refused at once, not after two
    million steps.
    """
    if not isinstance(data, (dict, list)):
        return
    measured: dict[int, tuple[int, int]] = {}  # id -> (values when expanded, depth)
    open_: set[int] = set()  # containers whose contents are being walked (a cycle check)
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, walked = stack.pop()
        key = id(node)
        children = node.values() if isinstance(node, dict) else node
        if walked:
            open_.discard(key)
            size, depth = 1 + len(node), 1
            for child in children:
                if isinstance(child, (dict, list)):
                    child_size, child_depth = measured[id(child)]
                    size += child_size - 1
                    depth = max(depth, child_depth + 1)
        elif key in measured:
            continue
        elif key in open_:
            raise YamlError("the document contains itself (an alias inside its own anchor)")
        else:
            inner = [child for child in children if isinstance(child, (dict, list))]
            if inner:  # measured once its contents are
                open_.add(key)
                stack.append((node, True))
                stack.extend((child, False) for child in inner if id(child) not in measured)
                continue
            size, depth = 1 + len(node), 1  # only plain values inside
        if size > MAX_NODES:
            raise YamlError(f"the document expands to more than {MAX_NODES:,} values "
                            "(aliases repeated too often)")
        if depth > MAX_NESTING:
            raise YamlError(f"the document nests more than {MAX_NESTING} deep")
        measured[key] = (size, depth)


def line_at(node: yaml.Node | None, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the entry at ``path`` (keys and list indexes) in a node tree;
    the line of the deepest entry found when the path goes further than the tree."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if node is None:
            break
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    block = isinstance(value, yaml.ScalarNode) and value.style == "|"
                    child = value if block or not isinstance(value, yaml.ScalarNode) else key
                    if isinstance(value, yaml.ScalarNode):
                        line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        elif isinstance(node, yaml.ScalarNode) and node.style == "|" and isinstance(part, int):
            # a literal block's lines are its entries (the journal's events)
            return node.start_mark.line + 2 + part
        node = child
        if node is not None:
            line = node.start_mark.line + 1
    return line


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
