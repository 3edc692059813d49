"""Turn a worksheet block's YAML into a :class:`~workbook.content.model.Worksheet`.

Every problem is collected (not just the first), located by line in the lesson file,
and phrased for a counselor writing a lesson pack, with a "did you mean" where it helps.
A lesson pack is untrusted input: any YAML shape may arrive where a text, a list or a
mapping is expected, and each is reported (quoting at most a few words of it), never
passed on. What each field kind adds is in :mod:`workbook.content.kinds`.
"""

from __future__ import annotations

from typing import Any

from workbook.content.kinds import COLUMN_KINDS, FIELD_KINDS, KINDS, Draft, Kind
from workbook.content.model import Field, Worksheet
from workbook.content.settings import (
    MAX_FIELDS,
    Report,
    check_id,
    check_keys,
    describe,
    read_default,
    read_flag,
    read_number,
    read_strings,
    read_text,
    report_duplicates,
    suggest,
)
from workbook.content.yamlsrc import item_line, key_line, line_of

WORKSHEET_KEYS = ("id", "title", "intro", "source", "repeatable", "reveal", "conflict", "fields")
COMMON_FIELD_KEYS = ("id", "kind", "label", "hint", "who", "required", "default")


def _kind(raw: dict[str, Any], column: bool, report: Report) -> Kind | None:
    """The field's kind (``text`` when not given), or None after reporting why not."""
    kind = raw.get("kind", "text")
    allowed = COLUMN_KINDS if column else FIELD_KINDS
    if isinstance(kind, str) and kind in allowed:
        return KINDS[kind]
    if column:
        message = f"list column kind {describe(kind)} is not allowed; use one of {', '.join(COLUMN_KINDS)}"
    else:
        hint = suggest(kind, FIELD_KINDS) if isinstance(kind, str) else ""
        message = f"unknown field kind {describe(kind)}{hint}"
    report(key_line(raw, "kind"), message)
    return None


def _who(raw: dict[str, Any], what: str, column: bool, line: int, report: Report) -> Any:
    """``shared`` or ``each`` (``shared`` after reporting anything else)."""
    who = raw.get("who", "shared")
    if who not in ("shared", "each"):
        report(key_line(raw, "who"), f"'who' of {what} must be 'shared' or 'each', not {describe(who)}")
        who = "shared"
    if column and who != "shared":
        report(line, f"{what}: a list column cannot set 'who'; set it on the list itself")
    return who


def _check_range(draft: Draft) -> None:
    """``min`` below ``max``, where both are given (or a kind gave them defaults)."""
    if draft.low is not None and draft.high is not None and draft.low >= draft.high:
        draft.report(draft.line, f"{draft.what}: 'min' must be smaller than 'max'")


def _minutes_from(raw: dict[str, Any], what: str, report: Report) -> str | None:
    """The id a timer takes its minutes from (checked against the worksheet later)."""
    minutes_from = raw.get("minutes_from")
    if minutes_from is not None and not isinstance(minutes_from, str):
        report(
            key_line(raw, "minutes_from"),
            f"'minutes_from' of {what} must name a field, not {describe(minutes_from)}",
        )
        return None
    return minutes_from


def parse_field(
    raw: object, worksheet_id: str, report: Report, *, column: bool = False, line: int = 0
) -> Field | None:
    """Build one field (or a ``list`` column) from its YAML mapping.

    The common keys are read here, then the field's kind checks its own (see
    :class:`~workbook.content.kinds.Kind`). ``line`` is where the item starts, for a
    field that is not a mapping at all.
    """
    if not isinstance(raw, dict):
        what = "each column of a list" if column else f"each field of worksheet '{worksheet_id}'"
        report(line, f"{what} must be a mapping (id, kind, label, …), not {describe(raw)}")
        return None
    line = line_of(raw, line)
    field_id = check_id(raw.get("id"), "a field", line, report)
    what = f"field '{field_id or '?'}'"
    kind = _kind(raw, column, report)
    if kind is None:
        return None
    check_keys(raw, COMMON_FIELD_KEYS + kind.keys, what, report)
    label = read_text(raw, "label", what, report)
    if not label:
        report(line, f"{what} needs a label")
    who = _who(raw, what, column, line, report)
    draft = Draft(
        raw,
        what,
        line,
        report,
        parse_column=lambda item, at: parse_field(item, worksheet_id, report, column=True, line=at),
        options=read_strings(raw, "options", what, report),
        items=read_strings(raw, "items", what, report),
        labels=read_strings(raw, "labels", what, report),
        low=read_number(raw, "min", what, report),
        high=read_number(raw, "max", what, report),
        template=read_text(raw, "template", what, report),
    )
    kind.check(draft)
    _check_range(draft)
    minutes_from = _minutes_from(raw, what, report)
    default = read_default(raw, what, report)
    if field_id is None:
        return None
    return Field(
        id=field_id,
        kind=kind.name,
        label=label,
        hint=read_text(raw, "hint", what, report),
        who=who,
        required=read_flag(raw, "required", what, report),
        default=default,
        placeholder=read_text(raw, "placeholder", what, report),
        options=draft.options or (),
        items=draft.items or (),
        min=draft.low,
        max=draft.high,
        step=read_number(raw, "step", what, report),
        unit=read_text(raw, "unit", what, report),
        labels=draft.labels or (),
        template=draft.template,
        columns=draft.columns,
        minutes=read_number(raw, "minutes", what, report),
        minutes_from=minutes_from,
        line=line,
    )


def _fields(raw: dict[str, Any], what: str, worksheet_id: str, report: Report) -> list[Field]:
    """A worksheet's usable fields, every problem with them reported."""
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        report(key_line(raw, "fields"), f"{what} needs 'fields': a list of at least one field")
        return []
    if len(raw_fields) > MAX_FIELDS:
        report(key_line(raw, "fields"), f"{what} has {len(raw_fields):,} fields; at most {MAX_FIELDS}")
        return []
    parsed = (
        parse_field(raw_field, worksheet_id, report, line=item_line(raw, "fields", index))
        for index, raw_field in enumerate(raw_fields)
    )
    return [f for f in parsed if f is not None]


def _check_minutes_from(fields: list[Field], report: Report) -> None:
    """Each timer's ``minutes_from`` names a number field of the same worksheet."""
    ids = {f.id: f for f in fields}
    for f in fields:
        if f.minutes_from is None:
            continue
        source = ids.get(f.minutes_from)
        if source is None or source.kind != "number":
            report(f.line, f"field '{f.id}': minutes_from must name a number field of this worksheet")


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
    title = read_text(raw, "title", what, report)
    if not title:
        report(line_of(raw), f"{what} needs a title")
    fields = _fields(raw, what, worksheet_id or "?", report)
    report_duplicates([f.id for f in fields], [f.line for f in fields], "field", report)
    _check_minutes_from(fields, report)
    if worksheet_id is None or not title:
        return None
    return Worksheet(
        id=worksheet_id,
        title=title,
        fields=tuple(fields),
        intro=read_text(raw, "intro", what, report),
        source=read_text(raw, "source", what, report),
        repeatable=read_flag(raw, "repeatable", what, report),
        reveal=read_flag(raw, "reveal", what, report),
        conflict=read_flag(raw, "conflict", what, report),
    )
