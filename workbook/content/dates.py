"""Dates as the couple reads them: "3 March 2026", the same on every platform."""

from __future__ import annotations

from datetime import date


def format_day(day: date | str, *, year: bool = True, short: bool = False, weekday: bool = False) -> str:
    """A day as words, e.g. ``3 March 2026`` (``Tue 3 Mar`` with ``short``, ``weekday``
    and no ``year``).

    glibc's ``%-d`` flag would drop the leading zero, but it fails on
    Windows. Building the day number ourselves works everywhere.

    Args:
        day: A date, or an ISO text whose first ten characters are the day
            (an ISO timestamp works too).
        year: Add the year.
        short: Abbreviate the month ("Mar") and the weekday ("Tue").
        weekday: Start with the day of the week.
    """
    when = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    month = when.strftime("%b" if short else "%B")
    text = f"{when.day} {month} {when.year}" if year else f"{when.day} {month}"
    return f"{when.strftime('%a' if short else '%A')} {text}" if weekday else text
