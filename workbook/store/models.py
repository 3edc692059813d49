"""Plain dataclasses returned by the store; the UI never sees a row or writes SQL."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Who(IntEnum):
    """Whose answer or reading this is. Stored as the integer value."""

    SHARED = 0
    """The couple's one shared answer (or reading done together)."""
    FIRST = 1
    """The first partner's own answer."""
    SECOND = 2
    """The second partner's own answer."""


#: The two partners, in order, for loops over per-partner answers.
PARTNERS: tuple[Who, Who] = (Who.FIRST, Who.SECOND)


@dataclass(frozen=True)
class Couple:
    """The two partners' names, as they asked to be called."""

    first: str
    second: str

    def name(self, who: Who) -> str:
        """The name of a partner (or "Both of you" for shared)."""
        if who is Who.FIRST:
            return self.first
        if who is Who.SECOND:
            return self.second
        return "Both of you"


@dataclass(frozen=True)
class Entry:
    """One filled-in (or partly filled-in) copy of a worksheet.

    Attributes:
        id: Row id, stable for the life of the workbook.
        lesson_id: The lesson the worksheet belongs to.
        worksheet_id: The worksheet's stable id.
        day: The date the entry is about (ISO ``YYYY-MM-DD``).
        status: ``draft`` or ``done``.
        created_at: When it was started (ISO timestamp, UTC).
        updated_at: When an answer last changed.
        completed_at: When it was marked done, if it was.
    """

    id: int
    lesson_id: str
    worksheet_id: str
    day: str
    status: str
    created_at: str
    updated_at: str
    completed_at: str | None = None

    @property
    def done(self) -> bool:
        """True once the couple marked the entry done."""
        return self.status == "done"


@dataclass(frozen=True)
class ReadMark:
    """A section marked read: together (``Who.SHARED``) or by one partner."""

    lesson_id: str
    section_id: str
    who: Who
    read_at: str


@dataclass(frozen=True)
class Answer:
    """One stored answer: a field of an entry, for the couple or one partner."""

    entry_id: int
    field_id: str
    who: Who
    value: object
    updated_at: str


@dataclass(frozen=True)
class EntrySummary:
    """An entry with a one-line preview, for a worksheet's history list."""

    entry: Entry
    preview: str
    """The first words of the entry's first text answer ("" if it has none)."""


@dataclass(frozen=True)
class DeletedEntry:
    """Everything a deleted entry held, so that it can be put back (undo)."""

    row: dict[str, object]
    answers: tuple[dict[str, object], ...]
