"""YAML for front matter and worksheet blocks: ``yaml.safe_load`` semantics, plus lines.

Every mapping remembers the line it starts on, so a problem deep inside a worksheet
block (an unknown key on the fourth field) can name its exact line in the lesson file.
Duplicate keys, which PyYAML silently collapses, are reported instead.

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
_MARKERS = (LINE_KEY, KEY_LINES)


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
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, str) and key in seen:
                raise YamlProblem(key_node.start_mark.line, f"key '{key}' appears twice")
            if isinstance(key, str):
                seen[key] = key_node.start_mark.line
        mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
        mapping[LINE_KEY] = node.start_mark.line
        mapping[KEY_LINES] = seen
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def load(text: str) -> Any:
    """Parse YAML safely; mappings get :data:`LINE_KEY`.

    Raises:
        YamlProblem: on a syntax error or a duplicate key, with the line of the problem.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        # An unclosed bracket or quote is noticed only at the end of the text; the
        # line where it opened (the context) is the one the author needs.
        at_end = mark is None or mark.line >= text.count("\n")
        if error.context_mark is not None and at_end:
            mark = error.context_mark
        line = mark.line if mark is not None else 0
        reason = error.problem or "not valid YAML"
        where = f" {error.context}" if error.context else ""
        raise YamlProblem(line, f"invalid YAML{where}: {reason}") from error
    except yaml.YAMLError as error:
        raise YamlProblem(0, f"invalid YAML: {error}") from error


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


def keys_of(mapping: dict[str, Any]) -> list[str]:
    """The mapping's own keys, without the line markers."""
    return [k for k in mapping if k not in _MARKERS]
