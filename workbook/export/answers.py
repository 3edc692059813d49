"""Answers as the couple reads them: plain text for the screens, Markdown for exports.

One walk over a stored answer, chosen by its field's kind (:data:`RENDERERS`), makes a
:class:`Part`: words, a figure, ticks, a table or speaking turns. Each part writes
itself both ways: :meth:`Part.text` for the reveal screen, the timer's record, the
other screen's answer and previews, :meth:`Part.markdown` for the Markdown export.
Two outputs of one walk, so what the screens show and what the export writes cannot
drift apart. A value of an unexpected shape (a number where text is expected, a list
where a mapping is, an answer from an older edition of the lesson) is written as
text, never raised on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from workbook.content import Field, partner_option
from workbook.content.coach import fill_template
from workbook.content.values import number_text
from workbook.export.escape import CONTROL, escape_block, escape_cell, inline, lesson_text, one_line
from workbook.store.completion import is_answered
from workbook.store.models import Couple, Who

#: What an empty answer shows.
NOTHING = "—"


def plain(value: object) -> str:
    """Any stored value as text: strings as they are, numbers as written, yes/no,
    and anything else (a list, a mapping, nested junk) as compact JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_text(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def partner_name(couple: Couple, who: Who) -> str:
    """A partner's name on one line, never empty ("First partner" stands in)."""
    return one_line(couple.name(who)) or ("Second partner" if who is Who.SECOND else "First partner")


def markdown_name(couple: Couple, who: Who, *, block: bool = False, spaced: bool = False) -> str:
    """A partner's name for the export, never empty (an empty one would leave ``****``).

    ``spaced``: whitespace surrounds it (otherwise punctuation, as in ``**Sam**``).
    """
    name = lesson_text(couple.name(who), block=block, left=spaced, right=spaced)
    return name or ("Second partner" if who is Who.SECOND else "First partner")


class Part(Protocol):
    """An answer, walked once, ready to be written as plain text or as Markdown."""

    def text(self) -> str:
        """Plain text for a screen (lines joined by ``\\n``; "—" when there is nothing)."""
        ...

    def markdown(self) -> str:
        """Markdown blocks for an export."""
        ...


@dataclass(frozen=True)
class Words:
    """Text as written: the partner's own words, an option, a date, a number as typed."""

    words: str

    def text(self) -> str:
        return self.words

    def markdown(self) -> str:
        return escape_block(self.words)


@dataclass(frozen=True)
class Figure:
    """A figure the app writes itself ("7 / 10"): the same in both, nothing to escape."""

    figure: str

    def text(self) -> str:
        return self.figure

    def markdown(self) -> str:
        return self.figure


@dataclass(frozen=True)
class Ticks:
    """A multiple choice or checklist: the lesson's options, each ticked or not, then
    any ticked value the lesson no longer offers (so nothing chosen is lost)."""

    offered: tuple[tuple[str, bool], ...]
    """Each option as the couple reads it (partners named), and whether it is ticked."""
    retired: tuple[str, ...]
    """Ticked values that are not (or no longer) options."""

    def text(self) -> str:
        ticked = [label for label, on in self.offered if on] + [one_line(c) for c in self.retired]
        return "\n".join(f"• {label}" for label in ticked) or NOTHING

    def markdown(self) -> str:
        lines = [f"- [{'x' if on else ' '}] {lesson_text(label)}" for label, on in self.offered]
        lines += [f"- [x] {inline(c)}" for c in self.retired]
        return "\n".join(lines) or NOTHING


@dataclass(frozen=True)
class Table:
    """A list field: a heading per column, a row per row (cells as text)."""

    labels: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def text(self) -> str:
        rows = [" · ".join(cell for cell in row if cell) for row in self.rows]
        return "\n".join(f"• {row}" for row in rows if row) or NOTHING

    def markdown(self) -> str:
        def line(cells: tuple[str, ...] | list[str]) -> str:
            return "| " + " | ".join(cells) + " |"

        return "\n".join(
            [
                line([escape_cell(label) for label in self.labels]),
                line(["---"] * len(self.labels)),
                *(line([escape_cell(cell) for cell in row]) for row in self.rows),
            ]
        )


@dataclass(frozen=True)
class Turn:
    """One speaking turn as recorded: who spoke, how long, the listener's summary (its
    ``tries``: summaries given until the speaker said yes or partly) and the answer."""

    who: Who
    seconds: int
    mirror: str
    confirmed: str
    tries: int


@dataclass(frozen=True)
class Turns:
    """Speaking turns: one line each (a turn of an unreadable shape as its text)."""

    couple: Couple
    turns: tuple[Turn | str, ...]

    def text(self) -> str:
        lines = []
        for number, turn in enumerate(self.turns, start=1):
            if isinstance(turn, str):
                lines.append(f"{number}. {one_line(turn) or NOTHING}")
                continue
            lines.append(
                f"{number}. {partner_name(self.couple, turn.who)} spoke {_clock(turn.seconds)} · "
                f"mirror{_again(turn)}: {one_line(turn.mirror) or NOTHING} · "
                f"got it: {one_line(turn.confirmed) or NOTHING}"
            )
        return "\n".join(lines) or NOTHING

    def markdown(self) -> str:
        lines = []
        for turn in self.turns:
            if isinstance(turn, str):
                lines.append(f"- {inline(turn, block=True) or NOTHING}")
                continue
            # The mirror is followed by ";" (punctuation), "got it" ends the line.
            name = markdown_name(self.couple, turn.who, block=True, spaced=True)
            mirror = inline(turn.mirror, right=False) or NOTHING
            got_it = inline(turn.confirmed) or NOTHING
            spoke = _clock(turn.seconds)
            lines.append(f"- {name} spoke {spoke}; mirror{_again(turn)}: {mirror}; got it: {got_it}")
        return "\n".join(lines) or NOTHING


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _again(turn: Turn) -> str:
    return f" ({turn.tries} tries)" if turn.tries > 1 else ""


def _seconds(raw: object) -> int:
    """A turn's length as whole seconds; anything unreadable counts as none."""
    try:
        seconds: int = int(raw)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return 0
    return max(0, seconds)


def _turn(turn: object) -> Turn | str:
    if not isinstance(turn, dict):
        return plain(turn)
    tries = turn.get("tries")
    return Turn(
        who=Who.SECOND if turn.get("speaker") in (2, "2") else Who.FIRST,
        seconds=_seconds(turn.get("seconds", 0)),
        mirror=plain(turn.get("mirror")),
        confirmed=plain(turn.get("confirmed")),
        tries=tries if type(tries) is int else 1,
    )


def speaking_turns(record: object, couple: Couple) -> Part:
    """A timer's record of speaking turns (``{"turns": [...]}``) as a part."""
    turns = record.get("turns") if isinstance(record, dict) else None
    return Turns(couple, tuple(_turn(turn) for turn in turns) if isinstance(turns, list) else ())


# -- one renderer per field kind: the walk ----------------------------------------


def _words(_field: Field, value: object, _couple: Couple) -> Part:
    return Words(plain(value))


def _choice(field: Field, value: object, couple: Couple) -> Part:
    if isinstance(value, str) and value in field.options:
        # The option as the couple reads it: "{first}" (or "First partner") is a name.
        return Words(partner_option(value, couple.first, couple.second))
    return Words(plain(value))


def _ticks(field: Field, value: object, couple: Couple) -> Part:
    if not isinstance(value, list):
        return Words(plain(value))
    offered = field.options if field.kind == "multi" else field.items
    chosen = [plain(v) for v in value]
    known = set(offered)
    return Ticks(
        tuple((partner_option(c, couple.first, couple.second), c in chosen) for c in offered),
        tuple(c for c in dict.fromkeys(chosen) if c not in known and one_line(c)),
    )


def _scale(field: Field, value: object, _couple: Couple) -> Part:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return Words(plain(value))
    high = field.max if field.max is not None else 10
    # An int as written: ":g" would round a long one, or overflow past a float's range.
    return Figure(f"{value if isinstance(value, int) else format(value, 'g')} / {high:g}")


def _table(field: Field, value: object, _couple: Couple) -> Part:
    if not isinstance(value, list) or not field.columns:
        return Words(plain(value))
    rows = []
    for row in value:
        if isinstance(row, dict):
            rows.append(tuple(plain(row.get(c.id, "")) for c in field.columns))
        else:  # a row that is not a mapping fills its first cell
            rows.append((plain(row),) + ("",) * (len(field.columns) - 1))
    return Table(tuple(c.label for c in field.columns), tuple(rows))


def _timer(_field: Field, value: object, couple: Couple) -> Part:
    return speaking_turns(value, couple) if isinstance(value, dict) else Words(plain(value))


def _statement(field: Field, value: object, _couple: Couple) -> Part:
    if not isinstance(value, dict):
        return Words(plain(value))
    # Control characters become U+FFFD first, as everywhere: the template trims each
    # slot, and must not trim away what the rest of the export shows.
    slots = {str(k): CONTROL.sub("\ufffd", plain(v)) for k, v in value.items()}
    return Words(fill_template(field.template, slots))


#: The renderer of each field kind (``tests/test_kinds.py`` checks that every kind of
#: :data:`workbook.content.KINDS` has one).
RENDERERS: dict[str, Callable[[Field, object, Couple], Part]] = {
    "text": _words,
    "long": _words,
    "number": _words,
    "choice": _choice,
    "multi": _ticks,
    "scale": _scale,
    "date": _words,
    "list": _table,
    "timer": _timer,
    "statement": _statement,
    "check": _ticks,
}


def render_answer(field: Field, value: object, couple: Couple) -> Part:
    """A field's stored answer, walked once by its kind, to be written either way."""
    return RENDERERS[field.kind](field, value, couple)


def answer_text(field: Field, value: object, couple: Couple) -> str:
    """An answer as plain text for reading (not for editing), "—" when there is none."""
    if not is_answered(value):
        return NOTHING
    return render_answer(field, value, couple).text()
