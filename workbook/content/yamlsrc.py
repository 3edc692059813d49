"""YAML for front matter and worksheet blocks: ``yaml.safe_load`` semantics, plus lines.

Every mapping remembers the line it starts on, so a problem deep inside a worksheet
block (an unknown key on the fourth field) can name its exact line in the lesson file.
Duplicate keys, which PyYAML silently collapses, are reported instead.
"""

from __future__ import annotations

from typing import Any

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


# libyaml's parser is ~8x faster than PyYAML's pure-Python one (lesson packs are
# parsed at start-up); both give the same nodes, marks and safe constructors.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings carry their starting line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
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


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load(text: str) -> Any:
    """Parse YAML safely; mappings get :data:`LINE_KEY`.

    Raises:
        YamlProblem: on a syntax error or a duplicate key, with the line of the problem.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a safe loader
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
