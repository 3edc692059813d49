"""Reading a lesson pack's YAML settings: ids, texts, flags, numbers and lists of texts.

Each reader returns a usable value or reports why not (located by line, quoting at
most a few words), never passes a wrong shape on: a lesson pack may come from anyone.
Shared by the front matter, the worksheet blocks and the field kinds.
"""

from __future__ import annotations

import difflib
import math
import re
import string
from collections.abc import Callable
from typing import Any

from workbook.content.yamlsrc import item_line, key_line, keys_of, shorten

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_ID_CHARS = 64

#: Longest text a worksheet or a front matter may give (a title, label, option, intro);
#: the shipped lessons' longest is under 150. A longer one is a paste gone wrong.
MAX_TEXT_CHARS = 1_000
#: Most fields on a worksheet, and most entries in one list (options, items, columns).
#: The shipped lessons use at most 8 and 14; thousands would freeze the screen that
#: draws one widget each.
MAX_FIELDS = 100
MAX_ENTRIES = 100

#: Reports one problem: (0-based line within the YAML block, message).
Report = Callable[[int, str], None]


def describe(value: object) -> str:
    """A value as a message may quote it: short, and a list or mapping named, not dumped."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(shorten(value))
    if isinstance(value, int | float):
        return shorten(repr(value))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shorten(str(value))  # a date or time YAML recognized


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A " — did you mean 'x'?" suffix when a close match exists, else ""."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{match[0]}'?" if match else ""


def check_id(value: object, what: str, line: int, report: Report) -> str | None:
    """Validate a stable id; return it, or None after reporting why it is unusable."""
    if value is None or value == "":
        report(line, f"{what} has no id")
        return None
    if not isinstance(value, str) or not ID_PATTERN.match(value) or len(value) > MAX_ID_CHARS:
        report(
            line,
            f"{what} id {describe(value)} must use lowercase letters, digits, '-' and '_', "
            f"at most {MAX_ID_CHARS} (it keys the saved answers, so keep it stable)",
        )
        return None
    return value


def check_keys(mapping: dict[str, Any], allowed: tuple[str, ...], what: str, report: Report) -> None:
    """Report every key of ``mapping`` that ``allowed`` does not list."""
    for key in keys_of(mapping):
        if key not in allowed:
            name = shorten(str(key))
            report(key_line(mapping, key), f"unknown key '{name}' in {what}{suggest(name, allowed)}")


def text_value(value: object, key: str, what: str, line: int, report: Report) -> str:
    """A text setting (a number written plainly counts as its text), or "" after reporting."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        report(line, f"'{key}' of {what} must be text, not {describe(value)}")
        return ""
    text = str(value).strip()
    if len(text) > MAX_TEXT_CHARS:
        report(line, f"'{key}' of {what} is {len(text):,} characters long; at most {MAX_TEXT_CHARS:,}")
        return ""
    return text


def read_text(mapping: dict[str, Any], key: str, what: str, report: Report) -> str:
    """The text under ``key`` (see :func:`text_value`), reported at the key's line."""
    return text_value(mapping.get(key), key, what, key_line(mapping, key), report)


def read_flag(mapping: dict[str, Any], key: str, what: str, report: Report) -> bool:
    """The true/false under ``key`` (false when absent, or after reporting)."""
    value = mapping.get(key, False)
    if not isinstance(value, bool):
        report(key_line(mapping, key), f"'{key}' of {what} must be true or false, not {describe(value)}")
        return False
    return value


def read_number(mapping: dict[str, Any], key: str, what: str, report: Report) -> float | None:
    """The finite number under ``key``, or None when absent (or after reporting)."""
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        report(key_line(mapping, key), f"'{key}' of {what} must be a number, not {describe(value)}")
        return None
    return float(value)


def read_strings(mapping: dict[str, Any], key: str, what: str, report: Report) -> tuple[str, ...] | None:
    """A list of short texts (empty if not given), or None after reporting each wrong
    entry at its own line (so "needs options" is not said on top)."""
    value = mapping.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        report(
            key_line(mapping, key), f"'{key}' of {what} must be a list of short texts, not {describe(value)}"
        )
        return None
    if len(value) > MAX_ENTRIES:
        report(
            key_line(mapping, key), f"'{key}' of {what} lists {len(value):,} entries; at most {MAX_ENTRIES}"
        )
        return None
    found: dict[tuple[int, str], None] = {}  # each message once per line, in order
    for index, item in enumerate(value):
        line = item_line(mapping, key, index)
        if isinstance(item, bool):
            # YAML reads bare yes/no/on/off as true/false: the classic trap in option lists.
            found[
                line,
                f"'{key}' of {what} has a yes/no/true/false that YAML reads as a boolean "
                '— put it in quotes, e.g. "Yes"',
            ] = None
        elif isinstance(item, int | float):
            # 1.50 reads as 1.5, 010 as 8, 12:30 as 750: the text would not be the author's.
            found[
                line,
                f"'{key}' of {what} has an entry YAML reads as the number {describe(item)} "
                "— put it in quotes",
            ] = None
        elif not isinstance(item, str):
            found[line, f"'{key}' of {what} must list short texts, not {describe(item)}"] = None
        elif len(item) > MAX_TEXT_CHARS:
            found[
                line,
                f"an entry of '{key}' of {what} is {len(item):,} characters long; at most {MAX_TEXT_CHARS:,}",
            ] = None
    for line, message in found:
        report(line, message)
    if found:
        return None
    items = tuple(v.strip() for v in value)
    if len(set(items)) != len(items):
        report(key_line(mapping, key), f"'{key}' of {what} lists the same entry twice")
    return items


def read_default(mapping: dict[str, Any], what: str, report: Report) -> object:
    """The field's starting value: one text, number or true/false, or a list of texts."""
    value = mapping.get("default")
    single = isinstance(value, str | int | float | bool) or value is None
    if single or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    report(
        key_line(mapping, "default"),
        f"'default' of {what} must be one text, number or true/false (or a list of texts), "
        f"not {describe(value)}",
    )
    return None


def template_slots(template: str) -> list[str]:
    """The ``{slot}`` names of a statement template, in order."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return []


def report_duplicates(ids: list[str], lines: list[int], what: str, report: Report) -> None:
    """Report each id met a second time (fields of a worksheet, columns of a list)."""
    seen: set[str] = set()
    for ident, line in zip(ids, lines, strict=True):
        if ident in seen:
            report(line, f"duplicate {what} id '{ident}'")
        seen.add(ident)
