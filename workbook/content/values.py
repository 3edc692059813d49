"""Typed answers checked as the couple types them: numbers and dates.

Pure functions shared by the editors (which show the messages), the field kinds
(which check stored answers and samples) and the exports.

**Numbers are kept as typed.** "12.50" stays "12.50" on screen and in the Markdown
export, and "12,50" stays "12,50". What is stored is a JSON number when that number,
written back, reads exactly as typed (``5``, ``12.5``, ``-3``), and otherwise the text
as typed, trimmed (``"12.50"``, ``"12,50"``, ``"+5"``). Workbooks written before kept
every number as a JSON number; both forms are read everywhere through
:func:`number_value` (the number) and :func:`number_text` (how it is shown).

The point is always the decimal mark. A comma is read as one only where that is the
only reading: one comma, no point, and not exactly three digits after it ("12,50" and
"0,5" are accepted; "1,000" could be a thousand or one, and "1,250.50" uses a
thousands separator, so both are refused with a message that says why).
"""

from __future__ import annotations

import calendar
import math
import re
from decimal import Decimal, InvalidOperation

from workbook.content.model import Field

#: A number as typed, once a decimal comma is read as a point: digits with an optional
#: sign and fraction ("12", "-3.5", ".5", "12."). No exponent, no separators.
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")
#: The same, as a stored integer: what :func:`stored_number` keeps as a JSON integer.
_INTEGER = re.compile(r"-?\d+")


def bound_text(bound: float) -> str:
    """A lesson's ``min`` / ``max`` as a message shows it (``1``, not ``1.0``)."""
    return str(int(bound)) if bound.is_integer() else str(bound)


def read_decimal(text: str) -> tuple[str, Decimal | None]:
    """A message ("" when fine) and the number a typed text means (None when empty
    or refused). See the module docstring for what a comma may mean."""
    text = text.strip()
    if not text:
        return "", None
    if "," in text:
        whole, _, fraction = text.partition(",")
        if "," in fraction or "." in text:
            return "Please write the number without thousands separators, e.g. 1250.50.", None
        if len(fraction) == 3:
            return (
                f"Did you mean {whole}.{fraction} or {whole}{fraction}? "
                "The comma could mean either: please use a point.",
                None,
            )
        text = f"{whole}.{fraction}"
    if not NUMBER.fullmatch(text):
        return "Please type a number.", None
    try:
        return "", Decimal(text)
    except InvalidOperation:  # pragma: no cover - NUMBER admits only what Decimal reads
        return "Please type a number.", None


def stored_number(text: str) -> int | float | str:
    """What is stored for a number typed as ``text`` (already checked): the JSON number
    when it reads back exactly as typed, otherwise the trimmed text itself."""
    text = text.strip()
    if _INTEGER.fullmatch(text):
        whole = int(text)
        return whole if str(whole) == text else text
    if NUMBER.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) and repr(number) == text else text
    return text


def check_number(field: Field, text: str) -> tuple[str, int | float | str | None]:
    """A message ("" when fine) and the answer to store for a typed number.

    Args:
        field: The number field (or list column): its ``min`` and ``max`` bound it.
        text: What was typed.

    Returns:
        ("", None) for nothing typed; (message, None) for a text that is not a usable
        number; ("", stored) otherwise, with ``stored`` as :func:`stored_number` keeps it.
    """
    message, number = read_decimal(text)
    if number is None:
        return message, None
    if field.min is not None and number < Decimal(repr(field.min)):
        return f"The smallest allowed is {bound_text(field.min)}.", None
    if field.max is not None and number > Decimal(repr(field.max)):
        return f"The largest allowed is {bound_text(field.max)}.", None
    return "", stored_number(text)


def number_value(value: object) -> int | float | None:
    """The number a stored answer holds: a JSON number as it is, a number kept as typed
    read as a number (whole when it has no fraction, as older versions stored it), and
    None for anything else (or a number too large for a float)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    _, number = read_decimal(value)
    if number is None:
        return None
    if number == number.to_integral_value():
        return int(number)
    result = float(number)
    return result if math.isfinite(result) else None


def number_text(value: object) -> str:
    """A stored number as the couple typed it: text as it is, a JSON number as written
    (``12.5``; a whole float such as ``5.0`` keeps its point, as typed)."""
    if isinstance(value, str):
        return value
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def check_date(text: str) -> str:
    """A message saying what is wrong with a date, or "" when it is fine (or empty).

    A date in the right form but not on the calendar gets told why ("February 2026
    has 28 days"), not to use the form it already uses.
    """
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match is None:
        return "Please use the form YYYY-MM-DD, e.g. 2026-12-24."
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"There is no month {month:02d}: months go from 01 to 12."
    if year < 1:
        return "Please use a year from 0001 on."
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days."
    return ""
