"""Entries as Markdown that reads well and parses right, whatever the partners typed.

Partner text can never add structure: every character that can start or delimit
Markdown structure is backslash-escaped, leading and trailing
whitespace of each line becomes a numeric character reference (so it cannot start
an indented code block or vanish), and line breaks become hard breaks inside one
paragraph, so an answer is always exactly one paragraph (or one table cell).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from workbook.content import Field, Lesson, Worksheet
from workbook.content.coach import fill_template
from workbook.store.completion import is_answered
from workbook.store.models import PARTNERS, Couple, Entry, Who

#: Characters that can start or delimit Markdown structure anywhere in a line:
#: headings, quotes, fences, tables, emphasis, code, links, HTML and entities.
#: Other punctuation (, . : ; ! ? ( ) ' " …) stays as typed, so exports read well;
#: without an unescaped [ or < it cannot form a link or HTML.
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~&])")
#: "-", "+" and "=" matter only at the start of a line (a list item, a setext
#: underline), so "check-in" stays readable while "- x" or "===" cannot become structure.
_LINE_START = re.compile(r"^([-+=])")
#: "1." or "1)" at the start of a line would begin an ordered list.
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def _entity(ch: str) -> str:
    return f"&#{ord(ch)};"


#: Control characters other than tab and line breaks: shown as U+FFFD, since
#: CommonMark can neither keep them at a line's edge nor as character references.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_inline(text: str) -> str:
    """One line of partner text, safe anywhere inline (a paragraph or a table cell)."""
    escaped = _PUNCTUATION.sub(r"\\\1", CONTROL.sub("\ufffd", text))
    escaped = _LINE_START.sub(r"\\\1", _ORDERED.sub(r"\1\\\2", escaped))
    # Whitespace at either end of a line is trimmed by the parser (or starts a code
    # block); written as character references it stays text.
    start = len(escaped) - len(escaped.lstrip())
    end = max(start, len(escaped.rstrip()))  # a line of only whitespace is all "start"
    return (
        "".join(_entity(c) for c in escaped[:start])
        + escaped[start:end]
        + "".join(_entity(c) for c in escaped[end:])
    )


def _lines(text: str) -> list[str]:
    # Only \\n, \\r\\n and \\r end lines in CommonMark; other separators stay as text.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def answer_lines(text: str) -> list[str]:
    """An answer's lines as exported: blank lines at either end are dropped."""
    lines = _lines(text)
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def escape_block(text: str) -> str:
    """Partner text as exactly one paragraph; its line breaks kept as hard breaks
    (a blank line inside it becomes a line holding only the hard break)."""
    return "\\\n".join(escape_inline(line) for line in answer_lines(text))


def escape_cell(text: str) -> str:
    """Partner text inside a table cell (line breaks as <br>)."""
    return "<br>".join(escape_inline(line) for line in _lines(text))


def _answer(field: Field, value: object, couple: Couple) -> str:
    """A field's answer as Markdown blocks."""
    if field.kind in ("multi", "check") and isinstance(value, list):
        choices = field.options if field.kind == "multi" else field.items
        chosen = {str(v) for v in value}
        return "\n".join(f"- [{'x' if c in chosen else ' '}] {escape_inline(c)}" for c in choices)
    if field.kind == "scale" and isinstance(value, int | float):
        high = field.max if field.max is not None else 10
        return f"{value:g} / {high:g}"
    if field.kind == "statement" and isinstance(value, dict):
        return escape_block(fill_template(field.template, {str(k): str(v) for k, v in value.items()}))
    if field.kind == "list" and isinstance(value, list):
        header = "| " + " | ".join(escape_inline(c.label) for c in field.columns) + " |"
        rule = "| " + " | ".join("---" for _ in field.columns) + " |"
        rows = [
            "| " + " | ".join(escape_cell(str(row.get(c.id, ""))) for c in field.columns) + " |"
            for row in value
            if isinstance(row, dict)
        ]
        return "\n".join([header, rule, *rows])
    if field.kind == "timer" and isinstance(value, dict):
        lines = []
        for turn in value.get("turns", []):
            speaker = couple.name(Who(int(turn.get("speaker", 1))))
            seconds = int(turn.get("seconds", 0))
            lines.append(
                f"- {escape_inline(speaker)} spoke {seconds // 60}:{seconds % 60:02d}; "
                f"mirror: {escape_inline(str(turn.get('mirror') or '—'))}; "
                f"got it: {escape_inline(str(turn.get('confirmed', '—')))}"
            )
        return "\n".join(lines) or "—"
    return escape_block(str(value))


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
    day = date.fromisoformat(entry.day).strftime("%-d %B %Y")
    status = "done" if entry.done else "draft"
    out = [
        f"{'#' * level} {escape_inline(worksheet.title)}",
        "",
        f"{escape_inline(lesson.title)} · {day} · {status} · "
        f"{escape_inline(couple.first)} and {escape_inline(couple.second)}",
    ]
    for field in worksheet.fields:
        whos = PARTNERS if field.per_partner else (Who.SHARED,)
        answered = [(who, values.get((field.id, who))) for who in whos]
        answered = [(who, value) for who, value in answered if is_answered(value)]
        if not answered:
            continue
        out += ["", f"{'#' * (level + 1)} {escape_inline(field.label)}"]
        for who, value in answered:
            if who is not Who.SHARED:
                out += ["", f"**{escape_inline(couple.name(who))}**"]
            out += ["", _answer(field, value, couple)]
    known = {f.id for f in worksheet.fields}
    retired = sorted(
        (fid, who) for fid, who in values if fid not in known and is_answered(values[(fid, who)])
    )
    if retired:
        out += ["", f"{'#' * (level + 1)} Retired answers"]
        for field_id, who in retired:
            owner = "" if who is Who.SHARED else f" ({escape_inline(couple.name(who))})"
            out += [
                "",
                f"**{escape_inline(field_id)}**{owner}",
                "",
                escape_block(str(values[(field_id, who)])),
            ]
    return "\n".join(out) + "\n"
