"""Turn a worksheet block's YAML into a :class:`~workbook.content.model.Worksheet`.

Every problem is collected (not just the first), located by line in the lesson file,
and phrased for a counselor writing a lesson pack, with a "did you mean" where it helps.
A lesson pack is untrusted input: any YAML shape may arrive where a text, a list or a
mapping is expected, and each is reported (quoting at most a few words of it), never
passed on.
"""

from __future__ import annotations

import difflib
import math
import re
import string
from collections.abc import Callable
from typing import Any

from workbook.content.model import FIELD_KINDS, Field, Worksheet
from workbook.content.yamlsrc import item_line, key_line, keys_of, line_of, shorten

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_ID_CHARS = 64

WORKSHEET_KEYS = ("id", "title", "intro", "source", "repeatable", "reveal", "conflict", "fields")
COMMON_FIELD_KEYS = ("id", "kind", "label", "hint", "who", "required", "default")
#: Keys each field kind accepts beyond the common ones.
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("placeholder",),
    "long": ("placeholder",),
    "number": ("min", "max", "step", "unit"),
    "choice": ("options",),
    "multi": ("options",),
    "scale": ("min", "max", "labels"),
    "date": (),
    "list": ("columns",),
    "timer": ("minutes", "minutes_from"),
    "statement": ("template",),
    "check": ("items",),
}
#: Kinds a ``list`` row may hold: one line each, so a row stays a table row.
COLUMN_KINDS = ("text", "number", "choice", "date")

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


def _text(mapping: dict[str, Any], key: str, what: str, report: Report) -> str:
    return text_value(mapping.get(key), key, what, key_line(mapping, key), report)


def _flag(mapping: dict[str, Any], key: str, what: str, report: Report) -> bool:
    value = mapping.get(key, False)
    if not isinstance(value, bool):
        report(key_line(mapping, key), f"'{key}' of {what} must be true or false, not {describe(value)}")
        return False
    return value


def _number(mapping: dict[str, Any], key: str, what: str, report: Report) -> float | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        report(key_line(mapping, key), f"'{key}' of {what} must be a number, not {describe(value)}")
        return None
    return float(value)


def _strings(mapping: dict[str, Any], key: str, what: str, report: Report) -> tuple[str, ...] | None:
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


def _default(mapping: dict[str, Any], what: str, report: Report) -> object:
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


def parse_field(
    raw: object, worksheet_id: str, report: Report, *, column: bool = False, line: int = 0
) -> Field | None:
    """Build one field (or a ``list`` column) from its YAML mapping.

    ``line`` is where the item starts, for a field that is not a mapping at all.
    """
    if not isinstance(raw, dict):
        what = "each column of a list" if column else f"each field of worksheet '{worksheet_id}'"
        report(line, f"{what} must be a mapping (id, kind, label, …), not {describe(raw)}")
        return None
    line = line_of(raw, line)
    field_id = check_id(raw.get("id"), "a field", line, report)
    what = f"field '{field_id or '?'}'"
    kind = raw.get("kind", "text")
    allowed_kinds = COLUMN_KINDS if column else FIELD_KINDS
    if not isinstance(kind, str) or kind not in allowed_kinds:
        kind_line = key_line(raw, "kind")
        if column:
            message = (
                f"list column kind {describe(kind)} is not allowed; use one of {', '.join(COLUMN_KINDS)}"
            )
        else:
            hint = suggest(kind, FIELD_KINDS) if isinstance(kind, str) else ""
            message = f"unknown field kind {describe(kind)}{hint}"
        report(kind_line, message)
        return None
    check_keys(raw, COMMON_FIELD_KEYS + KIND_KEYS[kind], what, report)
    label = _text(raw, "label", what, report)
    if not label:
        report(line, f"{what} needs a label")
    who = raw.get("who", "shared")
    if who not in ("shared", "each"):
        report(key_line(raw, "who"), f"'who' of {what} must be 'shared' or 'each', not {describe(who)}")
        who = "shared"
    if column and who != "shared":
        report(line, f"{what}: a list column cannot set 'who'; set it on the list itself")

    options = _strings(raw, "options", what, report)
    items = _strings(raw, "items", what, report)
    labels = _strings(raw, "labels", what, report)
    low, high = _number(raw, "min", what, report), _number(raw, "max", what, report)
    template = _text(raw, "template", what, report)
    columns: list[Field] = []

    if kind in ("choice", "multi") and options is not None and len(options) < 2:
        report(line, f"{what} ({kind}) needs 'options' with at least two entries")
    if kind == "check" and items == ():
        report(line, f"{what} (check) needs 'items': the habits to tick off")
    if kind == "scale":
        low = 0.0 if low is None else low
        high = 10.0 if high is None else high
        if labels and len(labels) != 2:
            report(line, f"'labels' of {what} must give two end labels: [low, high]")
    if low is not None and high is not None and low >= high:
        report(line, f"{what}: 'min' must be smaller than 'max'")
    if kind == "statement":
        slots = template_slots(template)
        if not slots:
            report(
                line,
                f"{what} (statement) needs a 'template' with {{slots}}, e.g. 'I feel {{feeling}}'",
            )
        elif len(set(slots)) != len(slots):
            report(line, f"{what}: each {{slot}} in the template may appear only once")
    if kind == "list":
        raw_columns = raw.get("columns")
        if not isinstance(raw_columns, list) or not raw_columns:
            report(line, f"{what} (list) needs 'columns': the sub-fields of each row")
        elif len(raw_columns) > MAX_ENTRIES:
            report(
                key_line(raw, "columns"), f"{what} has {len(raw_columns):,} columns; at most {MAX_ENTRIES}"
            )
        else:
            for index, raw_column in enumerate(raw_columns):
                at = item_line(raw, "columns", index)
                col = parse_field(raw_column, worksheet_id, report, column=True, line=at)
                if col is not None:
                    columns.append(col)
            _report_duplicates([c.id for c in columns], [c.line for c in columns], "column", report)

    minutes_from = raw.get("minutes_from")
    if minutes_from is not None and not isinstance(minutes_from, str):
        report(
            key_line(raw, "minutes_from"),
            f"'minutes_from' of {what} must name a field, not {describe(minutes_from)}",
        )
        minutes_from = None
    default = _default(raw, what, report)
    if field_id is None:
        return None
    return Field(
        id=field_id,
        kind=kind,
        label=label,
        hint=_text(raw, "hint", what, report),
        who=who,
        required=_flag(raw, "required", what, report),
        default=default,
        placeholder=_text(raw, "placeholder", what, report),
        options=options or (),
        items=items or (),
        min=low,
        max=high,
        step=_number(raw, "step", what, report),
        unit=_text(raw, "unit", what, report),
        labels=labels or (),
        template=template,
        columns=tuple(columns),
        minutes=_number(raw, "minutes", what, report),
        minutes_from=minutes_from,
        line=line,
    )


def _report_duplicates(ids: list[str], lines: list[int], what: str, report: Report) -> None:
    seen: set[str] = set()
    for ident, line in zip(ids, lines, strict=True):
        if ident in seen:
            report(line, f"duplicate {what} id '{ident}'")
        seen.add(ident)


def parse_worksheet(raw: object, report: Report) -> Worksheet | None:
    """Build a worksheet from a block's YAML, reporting every problem found.

    Field lines in the result are 0-based within the block; the caller shifts them.
    """
    if not isinstance(raw, dict):
        report(0, f"a worksheet block must be a YAML mapping with id, title and fields, not {describe(raw)}")
        return None
    check_keys(raw, WORKSHEET_KEYS, "worksheet", report)
    worksheet_id = check_id(raw.get("id"), "the worksheet", line_of(raw), report)
    what = f"worksheet '{worksheet_id or '?'}'"
    title = _text(raw, "title", what, report)
    if not title:
        report(line_of(raw), f"{what} needs a title")
    raw_fields = raw.get("fields")
    fields: list[Field] = []
    if not isinstance(raw_fields, list) or not raw_fields:
        report(key_line(raw, "fields"), f"{what} needs 'fields': a list of at least one field")
    elif len(raw_fields) > MAX_FIELDS:
        report(key_line(raw, "fields"), f"{what} has {len(raw_fields):,} fields; at most {MAX_FIELDS}")
    else:
        for index, raw_field in enumerate(raw_fields):
            at = item_line(raw, "fields", index)
            parsed = parse_field(raw_field, worksheet_id or "?", report, line=at)
            if parsed is not None:
                fields.append(parsed)
    _report_duplicates([f.id for f in fields], [f.line for f in fields], "field", report)
    ids = {f.id: f for f in fields}
    for f in fields:
        if f.minutes_from is not None:
            source = ids.get(f.minutes_from)
            if source is None or source.kind != "number":
                report(
                    f.line,
                    f"field '{f.id}': minutes_from must name a number field of this worksheet",
                )
    if worksheet_id is None or not title:
        return None
    return Worksheet(
        id=worksheet_id,
        title=title,
        fields=tuple(fields),
        intro=_text(raw, "intro", what, report),
        source=_text(raw, "source", what, report),
        repeatable=_flag(raw, "repeatable", what, report),
        reveal=_flag(raw, "reveal", what, report),
        conflict=_flag(raw, "conflict", what, report),
    )
