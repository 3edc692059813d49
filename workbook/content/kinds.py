"""Every field kind in one table: its own keys, its checks, the shape of its answer,
how a machine reads that answer, and a sample answer.

:data:`KINDS` is the one place a kind is declared; :data:`FIELD_KINDS` and
:data:`COLUMN_KINDS` are derived from it. The parser reads a field's common keys and
hands the rest to its kind's :attr:`Kind.check`. Outside the content layer each kind
also needs an editor (``workbook.ui.widgets.registry.EDITORS``) and a renderer
(``workbook.export.answers.RENDERERS``); ``tests/test_kinds.py`` fails for a kind
that lacks one, so a kind cannot be half-added.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from workbook.content.model import Field
from workbook.content.settings import MAX_ENTRIES, Report, report_duplicates, template_slots
from workbook.content.values import check_date, check_number, number_text, number_value
from workbook.content.yamlsrc import item_line, key_line

#: The speaker's answers to the listener's summary of a speaking turn.
TURN_ANSWERS = ("yes", "partly", "no")

#: Texts the sample answers draw from: Markdown-like characters, emoji and a
#: right-to-left phrase, so exports and screens meet the awkward cases.
SAMPLE_PHRASES = [
    "I felt heard when you put your phone away",
    "Work was a lot this week # not your fault",
    "We laughed about the | broken | shelf 😄",
    "I'd like more walks together, like in spring",
    '> quoting you: "let\'s try again tomorrow"',
    "Money talk went better than I expected 💛",
    "`tired` is the word for today",
    "שלום — a word from my grandmother",
    "I miss our Sunday breakfasts",
    "Thank you for picking up the kids",
]
SAMPLE_SLOTS = {
    "feeling": ["lonely", "tired", "hopeful", "worried", "grateful", "disappointed"],
    "need": ["ten quiet minutes", "a hug", "help with dinner", "a plan for Sunday"],
}


@dataclass
class Draft:
    """A field's kind-specific settings as the parser read them, before its kind's own
    rules: a kind's :attr:`Kind.check` reports what the kind requires and may complete
    them (a scale's default ends, a list's columns).

    Attributes:
        raw: The field's YAML mapping.
        what: How messages name the field ("field 'amount'").
        line: The field's line, for problems of the field as a whole.
        report: Where problems go.
        parse_column: Parses one ``list`` column (a mapping, at its line).
        options, items, labels: The lists of texts (None after a reported problem).
        low, high: ``min`` and ``max``.
        template: A statement's template.
        columns: A list's columns, once checked.
    """

    raw: dict[str, Any]
    what: str
    line: int
    report: Report
    parse_column: Callable[[object, int], Field | None]
    options: tuple[str, ...] | None = ()
    items: tuple[str, ...] | None = ()
    labels: tuple[str, ...] | None = ()
    low: float | None = None
    high: float | None = None
    template: str = ""
    columns: tuple[Field, ...] = ()


def _no_check(draft: Draft) -> None:
    """A kind whose own keys need nothing beyond being read."""


def _check_options(draft: Draft) -> None:
    if draft.options is not None and len(draft.options) < 2:
        kind = draft.raw.get("kind")
        draft.report(draft.line, f"{draft.what} ({kind}) needs 'options' with at least two entries")


def _check_items(draft: Draft) -> None:
    if draft.items == ():
        draft.report(draft.line, f"{draft.what} (check) needs 'items': the habits to tick off")


def _check_scale(draft: Draft) -> None:
    draft.low = 0.0 if draft.low is None else draft.low
    draft.high = 10.0 if draft.high is None else draft.high
    if draft.labels and len(draft.labels) != 2:
        draft.report(draft.line, f"'labels' of {draft.what} must give two end labels: [low, high]")


def _check_statement(draft: Draft) -> None:
    slots = template_slots(draft.template)
    if not slots:
        draft.report(
            draft.line,
            f"{draft.what} (statement) needs a 'template' with {{slots}}, e.g. 'I feel {{feeling}}'",
        )
    elif len(set(slots)) != len(slots):
        draft.report(draft.line, f"{draft.what}: each {{slot}} in the template may appear only once")


def _check_list(draft: Draft) -> None:
    raw_columns = draft.raw.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        draft.report(draft.line, f"{draft.what} (list) needs 'columns': the sub-fields of each row")
        return
    if len(raw_columns) > MAX_ENTRIES:
        at = key_line(draft.raw, "columns")
        draft.report(at, f"{draft.what} has {len(raw_columns):,} columns; at most {MAX_ENTRIES}")
        return
    parsed = (
        draft.parse_column(raw, item_line(draft.raw, "columns", n)) for n, raw in enumerate(raw_columns)
    )
    draft.columns = tuple(column for column in parsed if column is not None)
    report_duplicates([c.id for c in draft.columns], [c.line for c in draft.columns], "column", draft.report)


# -- the shape of an answer: what the kind's editor stores ---------------------------


def _is_text(_field: Field, value: object) -> bool:
    return isinstance(value, str)


def _is_number(field: Field, value: object) -> bool:
    if isinstance(value, str):
        return check_number(field, value) == ("", value)
    return number_value(value) is not None and check_number(field, number_text(value))[0] == ""


def _is_choice(field: Field, value: object) -> bool:
    return value in field.options


def _ticks(offered: tuple[str, ...], value: object) -> bool:
    return isinstance(value, list) and len(set(value)) == len(value) and all(v in offered for v in value)


def _is_multi(field: Field, value: object) -> bool:
    return _ticks(field.options, value)


def _is_check(field: Field, value: object) -> bool:
    return _ticks(field.items, value)


def _is_scale(field: Field, value: object) -> bool:
    low = field.min if field.min is not None else 0
    high = field.max if field.max is not None else 10
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_date(_field: Field, value: object) -> bool:
    return isinstance(value, str) and len(value) == 10 and check_date(value) == ""


def _is_rows(field: Field, value: object) -> bool:
    columns = {column.id: column for column in field.columns}
    return isinstance(value, list) and all(
        isinstance(row, dict)
        and all(
            key in columns and KINDS[columns[key].kind].accepts(columns[key], cell)
            for key, cell in row.items()
        )
        for row in value
    )


def _is_turn(turn: object) -> bool:
    if not isinstance(turn, dict):
        return False
    seconds, tries = turn.get("seconds"), turn.get("tries", 1)
    return (
        turn.get("speaker") in (1, 2)
        and type(seconds) is int
        and seconds >= 0
        and isinstance(turn.get("mirror"), str)
        and turn.get("confirmed") in TURN_ANSWERS
        and type(tries) is int
        and tries >= 1
    )


def _is_turns(_field: Field, value: object) -> bool:
    if not isinstance(value, dict):
        return False
    turns, minutes = value.get("turns"), value.get("minutes", 1)
    return isinstance(turns, list) and all(map(_is_turn, turns)) and number_value(minutes) is not None


def _is_statement(field: Field, value: object) -> bool:
    slots = template_slots(field.template)
    return isinstance(value, dict) and all(k in slots and isinstance(v, str) for k, v in value.items())


# -- how a machine reads an answer (the JSON export) ---------------------------------


def _as_stored(_field: Field, value: object) -> object:
    return value


def _number_data(_field: Field, value: object) -> object:
    number = number_value(value) if isinstance(value, str) else None
    return value if number is None else number


def _rows_data(field: Field, value: object) -> object:
    if not isinstance(value, list):
        return value
    columns = {column.id: column for column in field.columns}
    return [
        {
            key: KINDS[columns[key].kind].data(columns[key], cell) if key in columns else cell
            for key, cell in row.items()
        }
        if isinstance(row, dict)
        else row
        for row in value
    ]


# -- samples: a plausible answer drawn from a seeded generator -----------------------
# The demo workbook is made of these; the golden exports are made of the demo, so the
# draws (which and how many) must stay as they are.


def _sample_text(_field: Field, rng: random.Random, _day: date) -> object:
    return rng.choice(SAMPLE_PHRASES)


def _sample_long(_field: Field, rng: random.Random, _day: date) -> object:
    return "\n".join(rng.sample(SAMPLE_PHRASES, rng.randint(1, 3)))


def _sample_number(field: Field, rng: random.Random, _day: date) -> object:
    low = int(field.min if field.min is not None else 0)
    high = int(field.max if field.max is not None else max(low + 10, 100))
    if isinstance(field.default, int) and rng.random() < 0.5:
        return field.default
    return rng.randint(low, high)


def _sample_choice(field: Field, rng: random.Random, _day: date) -> object:
    return rng.choice(field.options)


def _sample_ticks(offered: tuple[str, ...], rng: random.Random) -> list[str]:
    return sorted(rng.sample(offered, rng.randint(1, len(offered))), key=offered.index)


def _sample_multi(field: Field, rng: random.Random, _day: date) -> object:
    return _sample_ticks(field.options, rng)


def _sample_check(field: Field, rng: random.Random, _day: date) -> object:
    return _sample_ticks(field.items, rng)


def _sample_scale(field: Field, rng: random.Random, _day: date) -> object:
    return rng.randint(int(field.min or 0), int(field.max if field.max is not None else 10))


def _sample_date(field: Field, rng: random.Random, day: date) -> object:
    ahead = day + timedelta(days=rng.choice([7, 14, 30]))  # drawn either way: same sample
    # The budget meeting's "Date of this meeting" records the day itself; a plan
    # ahead there would list the meeting just held as coming up.
    return (day if field.id == "date" else ahead).isoformat()


def _sample_statement(field: Field, rng: random.Random, _day: date) -> object:
    return {
        slot: rng.choice(SAMPLE_SLOTS.get(slot, SAMPLE_PHRASES)) for slot in template_slots(field.template)
    }


def _sample_list(field: Field, rng: random.Random, day: date) -> object:
    return [
        {column.id: KINDS[column.kind].sample(column, rng, day) for column in field.columns}
        for _ in range(rng.randint(2, 4))
    ]


def _sample_turns(_field: Field, _rng: random.Random, _day: date) -> object:
    return {
        "minutes": 5,
        "turns": [
            {"speaker": 1, "seconds": 300, "mirror": SAMPLE_PHRASES[1], "confirmed": "yes"},
            {"speaker": 2, "seconds": 185, "mirror": SAMPLE_PHRASES[7], "confirmed": "partly", "tries": 2},
        ],
    }


@dataclass(frozen=True)
class Kind:
    """One field kind.

    Attributes:
        name: What a lesson writes as ``kind:``.
        keys: Its own keys, beyond the ones every field has.
        check: The kind's own rules for a field's settings (see :class:`Draft`).
        shape: What its stored answer is, in words (README's JSON export).
        accepts: Whether a stored answer has that shape (what its editor stores).
        sample: A plausible answer, drawn from a seeded generator on a given day.
        data: The answer as the JSON export gives it (as stored, but for numbers).
        column: Whether a ``list`` row may hold it (one line, so a row stays a row).
        writing: Whether its answer is the partners' own words, which previews show.
        in_demo: Whether the sample workbook fills it in. Not the timer: its record
            is what running the timer writes, and the sample (and the golden exports
            made from it) has never had one.
    """

    name: str
    keys: tuple[str, ...]
    check: Callable[[Draft], None]
    shape: str
    accepts: Callable[[Field, object], bool]
    sample: Callable[[Field, random.Random, date], object]
    data: Callable[[Field, object], object] = _as_stored
    column: bool = False
    writing: bool = False
    in_demo: bool = True


#: Every field kind, in the order README lists them.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="text",
            keys=("placeholder",),
            check=_no_check,
            shape="text",
            accepts=_is_text,
            sample=_sample_text,
            column=True,
            writing=True,
        ),
        Kind(
            name="long",
            keys=("placeholder",),
            check=_no_check,
            shape="text",
            accepts=_is_text,
            sample=_sample_long,
            writing=True,
        ),
        Kind(
            name="number",
            keys=("min", "max", "step", "unit"),
            check=_no_check,
            shape='a number, or the text as typed where a number would not keep it ("12.50", "12,50")',
            accepts=_is_number,
            sample=_sample_number,
            data=_number_data,
            column=True,
        ),
        Kind(
            name="choice",
            keys=("options",),
            check=_check_options,
            shape="the option, as written",
            accepts=_is_choice,
            sample=_sample_choice,
            column=True,
        ),
        Kind(
            name="multi",
            keys=("options",),
            check=_check_options,
            shape="a list of the ticked options",
            accepts=_is_multi,
            sample=_sample_multi,
        ),
        Kind(
            name="scale",
            keys=("min", "max", "labels"),
            check=_check_scale,
            shape="a whole number",
            accepts=_is_scale,
            sample=_sample_scale,
        ),
        Kind(
            name="date",
            keys=(),
            check=_no_check,
            shape="text, YYYY-MM-DD",
            accepts=_is_date,
            sample=_sample_date,
            column=True,
        ),
        Kind(
            name="list",
            keys=("columns",),
            check=_check_list,
            shape="a list of rows, each {column: value}",
            accepts=_is_rows,
            sample=_sample_list,
            data=_rows_data,
        ),
        Kind(
            name="timer",
            keys=("minutes", "minutes_from"),
            check=_no_check,
            shape='{"minutes", "turns": [{"speaker", "seconds", "mirror", "confirmed", "tries"}]}',
            accepts=_is_turns,
            sample=_sample_turns,
            in_demo=False,
        ),
        Kind(
            name="statement",
            keys=("template",),
            check=_check_statement,
            shape="{slot: text}",
            accepts=_is_statement,
            sample=_sample_statement,
        ),
        Kind(
            name="check",
            keys=("items",),
            check=_check_items,
            shape="a list of the ticked items",
            accepts=_is_check,
            sample=_sample_check,
        ),
    )
}

#: Every field kind a worksheet may declare.
FIELD_KINDS: tuple[str, ...] = tuple(KINDS)
#: Kinds a ``list`` row may hold.
COLUMN_KINDS: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.column)


def writing_fields(fields: tuple[Field, ...]) -> list[str]:
    """The ids of the fields holding the partners' own words, in order (what a preview
    of an entry quotes)."""
    return [f.id for f in fields if KINDS[f.kind].writing]


def answer_data(field: Field, value: object) -> object:
    """An answer as the JSON export gives it: as stored, but a number kept as typed
    ("12,50") is given as the number it means (12.5)."""
    return KINDS[field.kind].data(field, value)
