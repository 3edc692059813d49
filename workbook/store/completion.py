"""When is an entry complete? Pure rules over a worksheet and its answers.

An entry counts as complete when every required field is answered — a per-partner
field by both partners — and the couple has marked it done. The progress tracker
counts entries by these rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbook.content import Field, Worksheet
from workbook.store.models import PARTNERS, Who


@dataclass(frozen=True)
class Missing:
    """A required answer not given yet."""

    field: Field
    who: Who


def is_answered(value: object) -> bool:
    """True for a real answer: not None, not blank text, not an empty list or mapping."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return any(is_answered(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def missing_answers(worksheet: Worksheet, values: Mapping[tuple[str, Who], object]) -> list[Missing]:
    """The required answers still missing, in the worksheet's order.

    Args:
        worksheet: The worksheet.
        values: Answer values keyed by (field id, who).
    """
    missing = []
    for field in worksheet.fields:
        if not field.required:
            continue
        for who in PARTNERS if field.per_partner else (Who.SHARED,):
            if not is_answered(values.get((field.id, who))):
                missing.append(Missing(field, who))
    return missing
