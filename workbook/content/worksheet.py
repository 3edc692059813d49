"""Turn a worksheet block's YAML into a :class:`~workbook.content.model.Worksheet`.

Every problem is collected (not just the first), located by line in the lesson file,
and phrased for a counselor writing a lesson pack, with a "did you mean" where it helps.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable
from typing import Any

from workbook.content.model import FIELD_KINDS, Field, Worksheet
from workbook.content.yamlsrc import key_line, keys_of, line_of

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

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

#: Reports one problem: (0-based line within the YAML block, message).
Report = Callable[[int, str], None]


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A " — did you mean 'x'?" suffix when a close match exists, else ""."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{match[0]}'?" if match else ""


def check_id(value: object, what: str, line: int, report: Report) -> str | None:
    """Validate a stable id; return it, or None after reporting why it is unusable."""
    if value is None or value == "":
        report(line, f"{what} has no id")
        return None
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        report(
            line,
            f"{what} id {value!r} must use lowercase letters, digits, '-' and '_' "
            "(it keys the saved answers, so keep it stable)",
        )
        return None
    return value


def check_keys(mapping: dict[str, Any], allowed: tuple[str, ...], what: str, report: Report) -> None:
    """Report every key of ``mapping`` that ``allowed`` does not list."""
    for key in keys_of(mapping):
        if key not in allowed:
            report(key_line(mapping, key), f"unknown key '{key}' in {what}{suggest(str(key), allowed)}")


def _text(mapping: dict[str, Any], key: str, what: str, report: Report) -> str:
    value = mapping.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        report(line_of(mapping), f"'{key}' of {what} must be text")
        return ""
    return str(value).strip()


def _flag(mapping: dict[str, Any], key: str, what: str, report: Report) -> bool:
    value = mapping.get(key, False)
    if not isinstance(value, bool):
        report(line_of(mapping), f"'{key}' of {what} must be true or false, not {value!r}")
        return False
    return value


def _number(mapping: dict[str, Any], key: str, what: str, report: Report) -> float | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        report(line_of(mapping), f"'{key}' of {what} must be a number, not {value!r}")
        return None
    return float(value)


def _strings(mapping: dict[str, Any], key: str, what: str, report: Report) -> tuple[str, ...]:
    value = mapping.get(key)
    if value is None:
        return ()
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        # YAML reads bare yes/no/on/off as true/false: the classic trap in option lists.
        report(
            line_of(mapping),
            f"'{key}' of {what} has a yes/no/true/false that YAML reads as a boolean "
            '— put it in quotes, e.g. "Yes"',
        )
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        report(line_of(mapping), f"'{key}' of {what} must be a list of short texts")
        return ()
    items = tuple(str(v).strip() for v in value)
    if len(set(items)) != len(items):
        report(line_of(mapping), f"'{key}' of {what} lists the same entry twice")
    return items


def template_slots(template: str) -> list[str]:
    """The ``{slot}`` names of a statement template, in order."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return []


def parse_field(raw: object, worksheet_id: str, report: Report, *, column: bool = False) -> Field | None:
    """Build one field (or a ``list`` column) from its YAML mapping."""
    if not isinstance(raw, dict):
        report(0, f"each field of worksheet '{worksheet_id}' must be a mapping (id, kind, label, …)")
        return None
    line = line_of(raw)
    field_id = check_id(raw.get("id"), "a field", line, report)
    what = f"field '{field_id or '?'}'"
    kind = raw.get("kind", "text")
    allowed_kinds = COLUMN_KINDS if column else FIELD_KINDS
    if kind not in allowed_kinds:
        if column:
            message = f"list column kind {kind!r} is not allowed; use one of {', '.join(COLUMN_KINDS)}"
        else:
            message = f"unknown field kind {kind!r}{suggest(str(kind), FIELD_KINDS)}"
        report(line, message)
        return None
    check_keys(raw, COMMON_FIELD_KEYS + KIND_KEYS[kind], what, report)
    label = _text(raw, "label", what, report)
    if not label:
        report(line, f"{what} needs a label")
    who = raw.get("who", "shared")
    if who not in ("shared", "each"):
        report(line, f"'who' of {what} must be 'shared' or 'each', not {who!r}")
        who = "shared"
    if column and who != "shared":
        report(line, f"{what}: a list column cannot set 'who'; set it on the list itself")

    options = _strings(raw, "options", what, report)
    items = _strings(raw, "items", what, report)
    labels = _strings(raw, "labels", what, report)
    low, high = _number(raw, "min", what, report), _number(raw, "max", what, report)
    template = _text(raw, "template", what, report)
    columns: list[Field] = []

    if kind in ("choice", "multi") and len(options) < 2:
        report(line, f"{what} ({kind}) needs 'options' with at least two entries")
    if kind == "check" and not items:
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
        else:
            for raw_column in raw_columns:
                col = parse_field(raw_column, worksheet_id, report, column=True)
                if col is not None:
                    columns.append(col)
            _report_duplicates([c.id for c in columns], [c.line for c in columns], "column", report)

    if field_id is None:
        return None
    return Field(
        id=field_id,
        kind=kind,
        label=label,
        hint=_text(raw, "hint", what, report),
        who=who,
        required=_flag(raw, "required", what, report),
        default=raw.get("default"),
        placeholder=_text(raw, "placeholder", what, report),
        options=options,
        items=items,
        min=low,
        max=high,
        step=_number(raw, "step", what, report),
        unit=_text(raw, "unit", what, report),
        labels=labels,
        template=template,
        columns=tuple(columns),
        minutes=_number(raw, "minutes", what, report),
        minutes_from=raw.get("minutes_from") if isinstance(raw.get("minutes_from"), str) else None,
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
        report(0, "a worksheet block must be a YAML mapping with id, title and fields")
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
        report(line_of(raw), f"{what} needs 'fields': a list of at least one field")
    else:
        for raw_field in raw_fields:
            parsed = parse_field(raw_field, worksheet_id or "?", report)
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
