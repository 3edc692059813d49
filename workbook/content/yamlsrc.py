"""YAML for front matter and worksheet blocks: ``yaml.safe_load`` semantics, plus lines.

Every mapping remembers the line it starts on, so a problem deep inside a worksheet
block (an unknown key on the fourth field) can name its exact line in the lesson file.
Duplicate keys, which PyYAML silently collapses, are reported instead.

Lesson packs are untrusted input, so the YAML is held to what a lesson needs: no
aliases (``*name``: a "billion laughs" block of nested aliases expands to gigabytes
and hangs whatever walks it), no tags that would build Python objects (the safe
loader refuses them; the message says so), only printable characters, and at most
:data:`MAX_YAML_CHARS` characters per block.

PyYAML is imported on first use: at start-up only front matter is read, and a front
matter of plain ``key: text`` lines is read by :func:`load_flat` without it (importing
PyYAML cost some 20 ms of the time to Home).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

#: Key under which a loaded mapping records its 0-based line within the YAML text.
LINE_KEY = "__line__"
#: Key under which a loaded mapping records the 0-based line of each of its keys.
KEY_LINES = "__key_lines__"
#: Key under which a loaded mapping records, for each key whose value is a list, the
#: 0-based line of each item (so "the third option" can be named by its own line).
ITEM_LINES = "__item_lines__"
_MARKERS = (LINE_KEY, KEY_LINES, ITEM_LINES)
#: Longest YAML text read (a worksheet block or a front matter); the shipped blocks
#: are under 2,000 characters. Anything longer is a paste gone wrong, or an attack.
MAX_YAML_CHARS = 100_000
#: Characters YAML refuses (PyYAML's ``Reader.NON_PRINTABLE``): control characters,
#: lone surrogates, U+FFFE/U+FFFF. Found first, they can be named with their line.
#: Listed, not written as PyYAML does (everything *but* the printable ranges): the
#: same characters, and compiled in 0.3 ms instead of 3 (start-up reads front matter).
NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CONSTRUCTOR_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")


class YamlProblem(Exception):
    """The YAML text is not usable; ``line`` is 0-based within the text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@cache
def _loader() -> type[yaml.SafeLoader]:
    """A safe loader whose mappings carry their starting line (built on first use)."""
    import yaml

    # libyaml's parser is ~8x faster than PyYAML's pure-Python one (lesson packs are
    # parsed at start-up); both give the same nodes, marks and safe constructors.
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[valid-type,misc]
        """A safe loader whose mappings carry their starting line."""

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        items: dict[Any, list[int]] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, str) and key in seen:
                raise YamlProblem(key_node.start_mark.line, f"key '{shorten(key)}' appears twice")
            if isinstance(key, str):
                seen[key] = key_node.start_mark.line
                if isinstance(value_node, yaml.SequenceNode):
                    items[key] = [item.start_mark.line for item in value_node.value]
        mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
        mapping[LINE_KEY] = node.start_mark.line
        mapping[KEY_LINES] = seen
        if items:
            mapping[ITEM_LINES] = items
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with "…", for quoting it in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refuse_aliases(text: str) -> None:
    """Raise on the first alias (``*name``): none is needed in a lesson, and nested
    aliases expand exponentially (a few lines become billions of items)."""
    import yaml

    loader = _loader()(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    event.start_mark.line if event.start_mark is not None else 0,
                    f"YAML aliases (*{shorten(str(event.anchor))}) are not allowed in lessons: "
                    "write the value out in full",
                )
    finally:
        loader.dispose()


def _tag_message(problem: str) -> str | None:
    """A plain message for a tag the safe loader cannot build, or None if not that."""
    match = _CONSTRUCTOR_TAG.search(problem)
    if match is None:
        return None
    tag = match.group(1).replace("tag:yaml.org,2002:", "!!")
    return (
        f"the YAML tag '{shorten(tag)}' is not allowed in lessons "
        "(only text, numbers, true/false, lists and mappings)"
    )


def load(text: str) -> Any:
    """Parse YAML safely; mappings get :data:`LINE_KEY`.

    Raises:
        YamlProblem: on a syntax error, a duplicate key, an alias, a tag that is not
            plain data, a character YAML refuses, or a text longer than
            :data:`MAX_YAML_CHARS`, with the line of the problem.
    """
    if len(text) > MAX_YAML_CHARS:
        raise YamlProblem(
            0, f"this YAML is {len(text):,} characters long; at most {MAX_YAML_CHARS:,} are read"
        )
    odd = NON_PRINTABLE.search(text)
    if odd is not None:
        line = text.count("\n", 0, odd.start())
        raise YamlProblem(line, f"character U+{ord(odd.group()):04X} is not allowed (not printable text)")
    import yaml

    try:
        # Anchors (&) and aliases (*) come together; most blocks have neither, and
        # skip the extra pass over the events.
        if "&" in text and "*" in text:
            _refuse_aliases(text)
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader
    except YamlProblem:
        raise
    except RecursionError as error:  # the pure-Python parser on deep nesting
        raise YamlProblem(0, "invalid YAML: nested too deeply") from error
    except yaml.constructor.ConstructorError as error:
        message = _tag_message(error.problem or "")
        if message is None:
            raise _problem(text, error) from error
        line = error.problem_mark.line if error.problem_mark is not None else 0
        raise YamlProblem(line, message) from error
    except yaml.MarkedYAMLError as error:
        raise _problem(text, error) from error
    except yaml.YAMLError as error:
        raise YamlProblem(0, f"invalid YAML: {error}") from error


def _problem(text: str, error: yaml.MarkedYAMLError) -> YamlProblem:
    """A located problem for PyYAML's error."""
    mark = error.problem_mark
    # An unclosed bracket or quote is noticed only at the end of the text; the
    # line where it opened (the context) is the one the author needs.
    at_end = mark is None or mark.line >= text.count("\n")
    if error.context_mark is not None and at_end:
        mark = error.context_mark
    line = mark.line if mark is not None else 0
    reason = error.problem or "not valid YAML"
    where = f" {error.context}" if error.context else ""
    return YamlProblem(line, f"invalid YAML{where}: {reason}")


# A line of a flat mapping: a known key, then a value that YAML reads as this very
# text. Anything else (quotes, flow or block indicators, comments, a colon, escapes,
# a leading digit or sign, indentation, tabs) goes to PyYAML.
_FLAT_LINE = re.compile(r"([a-z][a-z_]*):[ ]+(.*?)[ ]*")
_FIRST_CHAR_SPECIAL = set("-?:,[]{}#&*!|>'\"%@`.+~=<0123456789 ")
_ANYWHERE_SPECIAL = set(":#[]{}\t")
# Words YAML 1.1 (PyYAML) reads as booleans or null rather than text.
_NOT_TEXT = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


def load_flat(text: str, keys: Collection[str]) -> dict[str, Any] | None:
    """What :func:`load` returns for a block of plain ``key: text`` lines, without PyYAML.

    Only ``keys`` are accepted; a value is text, or a whole number written plainly
    (``4``). Returns None whenever YAML could read any line differently (or report a
    problem), and the caller then uses :func:`load`. A property test holds the two
    to the same result.
    """
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for index, line in enumerate(text.split("\n")):
        if not line.strip(" "):
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key not in keys or key in lines or not value or not value.isprintable():
            return None
        if _WHOLE_NUMBER.fullmatch(value):
            mapping[key] = int(value)
        elif (
            value[0] in _FIRST_CHAR_SPECIAL
            or not _ANYWHERE_SPECIAL.isdisjoint(value)
            or value.lower() in _NOT_TEXT
        ):
            return None
        else:
            mapping[key] = value
        lines[key] = index
    if not lines:
        return None  # empty: YAML says None, and the caller reports that
    mapping[LINE_KEY] = min(lines.values())
    mapping[KEY_LINES] = lines
    return mapping


def line_of(mapping: dict[str, Any], default: int = 0) -> int:
    """The 0-based line a loaded mapping starts on."""
    value = mapping.get(LINE_KEY, default)
    return value if isinstance(value, int) else default


def key_line(mapping: dict[str, Any], key: str) -> int:
    """The 0-based line of one key of a loaded mapping (the mapping's line if unknown)."""
    lines = mapping.get(KEY_LINES)
    if isinstance(lines, dict) and isinstance(lines.get(key), int):
        return int(lines[key])
    return line_of(mapping)


def item_line(mapping: dict[str, Any], key: str, index: int) -> int:
    """The 0-based line of item ``index`` of the list under ``key`` (the key's line if unknown)."""
    lines = mapping.get(ITEM_LINES)
    if isinstance(lines, dict):
        items = lines.get(key)
        if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], int):
            return int(items[index])
    return key_line(mapping, key)


def keys_of(mapping: dict[str, Any]) -> list[str]:
    """The mapping's own keys, without the line markers."""
    return [k for k in mapping if k not in _MARKERS]
