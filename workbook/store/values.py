"""What the store keeps of a value: partners' names cleaned, answers as JSON, the size
limit. Pure functions, used by :class:`~workbook.store.workbook.Workbook` on its way in."""

from __future__ import annotations

import json
import unicodedata

#: Longest answer kept, in characters (about 25 pages): a stray paste of a whole file
#: is refused with a message instead of bloating every export.
MAX_ANSWER_CHARS = 50_000
MAX_NAME_CHARS = 40


def clean_name(raw: str) -> str:
    """A partner's name as stored: trimmed, normalized, printable.

    Raises:
        ValueError: with a message for the person typing it.
    """
    name = unicodedata.normalize("NFC", " ".join(raw.split()))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    if not name:
        raise ValueError("Please enter a name.")
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"Please keep a name under {MAX_NAME_CHARS} characters.")
    return name


#: A value SQLite takes as a query parameter.
SQLValue = str | int | float | bytes | None

#: A value stored as JSON (a setting, an answer's shape).
JSONValue = str | int | float | bool | None | list["JSONValue"] | dict[str, "JSONValue"]


def encode(value: object) -> str:
    """A value as stored: JSON, readable (not ASCII-escaped)."""
    # Lone surrogates (from odd pastes) cannot be stored as UTF-8: replace them
    # rather than failing the whole save.
    text = json.dumps(value, ensure_ascii=False)
    return text.encode("utf-8", "replace").decode("utf-8")


def answer_length(value: object) -> int:
    """Characters of text in an answer, for the size limit."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(answer_length(v) for v in value)
    if isinstance(value, dict):
        return sum(answer_length(v) for v in value.values())
    return 0
