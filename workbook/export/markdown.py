"""Entries as Markdown documents: a heading per worksheet and per answered question.

Each answer is written by :func:`workbook.export.answers.render_answer` (the walk the
screens use too), and partner text is escaped by :mod:`workbook.export.escape`: it
reads as typed and can never add structure. Shared answers appear once, each partner's
own under their name, and answers whose question left the lesson under "Retired
answers". Empty answers are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from workbook.content import Lesson, Worksheet
from workbook.content.dates import format_day
from workbook.export.answers import markdown_name, plain, render_answer
from workbook.export.escape import (
    CONTROL,
    _lines,
    answer_lines,
    escape_block,
    escape_cell,
    escape_inline,
    inline,
    lesson_text,
    one_line,
)
from workbook.store.completion import is_answered
from workbook.store.models import PARTNERS, Couple, Entry, Who

#: Names other modules and tests import from here, where the escaping used to live.
__all__ = [
    "CONTROL",
    "_lines",
    "answer_lines",
    "entry_markdown",
    "escape_block",
    "escape_cell",
    "escape_inline",
    "inline",
    "one_line",
    "plain",
]


@lru_cache(maxsize=4096)
def _day(day: str) -> str:
    """An entry's day as words ("25 November 2026"); a malformed one as stored."""
    try:
        return format_day(day)
    except ValueError:
        return inline(day)


def entry_markdown(
    lesson: Lesson,
    worksheet: Worksheet,
    entry: Entry,
    values: Mapping[tuple[str, Who], object],
    couple: Couple,
    *,
    level: int = 1,
) -> str:
    """One entry as a Markdown document (or section, with a deeper ``level``).

    Headings: the worksheet title (level 1), then one level-2 heading per answered
    question, then "Retired answers" for answers whose question left the lesson.
    Empty answers are left out.
    """
    status = "done" if entry.done else "draft"
    out = [
        f"{'#' * level} {lesson_text(worksheet.title, heading=True)}",
        "",
        f"{lesson_text(lesson.title, block=True)} · {_day(entry.day)} · {status} · "
        f"{lesson_text(couple.first)} and {lesson_text(couple.second)}",
    ]
    for field in worksheet.fields:
        whos = PARTNERS if field.per_partner else (Who.SHARED,)
        answered = [(who, values.get((field.id, who))) for who in whos]
        answered = [(who, value) for who, value in answered if is_answered(value)]
        if not answered:
            continue
        out += ["", f"{'#' * (level + 1)} {lesson_text(field.label, heading=True)}"]
        for who, value in answered:
            if who is not Who.SHARED:
                out += ["", f"**{markdown_name(couple, who)}**"]
            out += ["", render_answer(field, value, couple).markdown()]
    known = {f.id for f in worksheet.fields}
    retired = sorted(
        (fid, who) for fid, who in values if fid not in known and is_answered(values[(fid, who)])
    )
    if retired:
        out += ["", f"{'#' * (level + 1)} Retired answers"]
        for field_id, who in retired:
            owner = "" if who is Who.SHARED else f" ({markdown_name(couple, who)})"
            out += [
                "",
                f"**{inline(field_id, left=False, right=False) or '—'}**{owner}",
                "",
                escape_block(plain(values[(field_id, who)])),
            ]
    return "\n".join(out) + "\n"
