"""The lesson model: frozen dataclasses produced by the parser.

Nothing here knows about SQLite or Textual. IDs (lesson, worksheet, field) are stable:
the workbook file keys answers by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: Who answers a field: the couple together ("shared") or each partner on their own
#: ("each"). Named apart from the store's :class:`~workbook.store.Who`, which is a person.
AnsweredBy = Literal["shared", "each"]


#: Options that stand for the partners, first partner first: the placeholders a pack
#: may write, and the plain words the shipped check-in has always stored.
PARTNER_OPTIONS: tuple[tuple[str, str], ...] = (("{first}", "{second}"), ("First partner", "Second partner"))


def partner_option(option: str, first: str, second: str) -> str:
    """An option as the couple reads it: ``{first}`` / ``{second}`` inside it become the
    partners' names, and an option that is exactly "First partner" or "Second partner"
    becomes that partner's name. The option as written is what is stored, so answers
    stay valid when a name changes."""
    if option == PARTNER_OPTIONS[1][0]:
        return first
    if option == PARTNER_OPTIONS[1][1]:
        return second
    return option.replace("{first}", first).replace("{second}", second)


@dataclass(frozen=True)
class Field:
    """One question on a worksheet.

    Attributes:
        id: Stable identifier, unique within its worksheet (answers are keyed by it).
        kind: One of :data:`~workbook.content.kinds.FIELD_KINDS`.
        label: What the field asks, shown above it.
        hint: One line of help shown under the label.
        who: ``shared`` for one answer for the couple, ``each`` for one per partner.
        required: Whether the entry counts as complete only with an answer here.
        default: Value the field starts with, if any.
        placeholder: Grayed text shown in an empty text field.
        options: Choices for ``choice`` and ``multi``.
        items: Habits for ``check``.
        min: Lower bound for ``number`` and ``scale``.
        max: Upper bound for ``number`` and ``scale``.
        step: Increment for ``number``.
        unit: Unit shown after a ``number`` (e.g. "minutes").
        labels: End labels for ``scale`` (low, high).
        template: Sentence with ``{slot}`` blanks for ``statement``.
        columns: Sub-fields of each row of a ``list``.
        minutes: Default minutes per speaking turn for ``timer``.
        minutes_from: Id of a ``number`` field holding the minutes, for ``timer``.
        line: 1-based line in the lesson file where the field is declared.
    """

    id: str
    kind: str
    label: str
    hint: str = ""
    who: AnsweredBy = "shared"
    required: bool = False
    default: object = None
    placeholder: str = ""
    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str = ""
    labels: tuple[str, ...] = ()
    template: str = ""
    columns: tuple[Field, ...] = ()
    minutes: float | None = None
    minutes_from: str | None = None
    line: int = 0

    @property
    def per_partner(self) -> bool:
        """True when each partner gives their own answer."""
        return self.who == "each"


@dataclass(frozen=True)
class Worksheet:
    """A worksheet declared in a lesson's ```` ```worksheet ```` block.

    Attributes:
        id: Stable identifier, unique across the lesson pack.
        title: Shown on the card in the lesson and on the worksheet screen.
        intro: A short paragraph shown above the fields.
        source: Attribution of the method (e.g. "Adapted from PREP's speaker-listener technique").
        repeatable: True when each use makes a new dated entry (a daily check-in).
        reveal: True when each partner's answers stay hidden until both are done.
        conflict: True for exercises about conflict: safety information comes first.
        fields: The questions, in order.
        line: 1-based line of the opening fence in the lesson file.
    """

    id: str
    title: str
    fields: tuple[Field, ...]
    intro: str = ""
    source: str = ""
    repeatable: bool = False
    reveal: bool = False
    conflict: bool = False
    line: int = 0

    def field(self, field_id: str) -> Field | None:
        """The field with this id, or None if it is not (or no longer) on the worksheet."""
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Section:
    """An H2 section of a lesson (or the lesson's opening, before the first H2).

    Attributes:
        id: Slug of the heading, unique within the lesson (reading progress is keyed by it).
        title: The heading text ("" for the opening).
        parts: The section's body in reading order: Markdown text, and worksheets
            where the lesson declares them.
        line: 1-based line of the heading.
    """

    id: str
    title: str
    parts: tuple[str | Worksheet, ...]
    line: int = 0

    @property
    def worksheets(self) -> tuple[Worksheet, ...]:
        """The worksheets declared in this section."""
        return tuple(p for p in self.parts if isinstance(p, Worksheet))


@dataclass(frozen=True)
class Lesson:
    """One lesson file.

    Attributes:
        id: Stable identifier from the front matter.
        title: From the front matter.
        order: Position among the lessons (ties broken by file name).
        summary: One or two sentences shown on Home.
        tab: Short label for the lesson's tab (the title, shortened, if not given).
        minutes: Estimated reading time in minutes (computed when not given).
        path: The file it was read from.
        sections: Opening (if any) then the H2 sections, in order.
    """

    id: str
    title: str
    order: int
    path: Path
    sections: tuple[Section, ...]
    summary: str = ""
    tab: str = ""
    minutes: int = 0

    @property
    def worksheets(self) -> tuple[Worksheet, ...]:
        """Every worksheet of the lesson, in reading order."""
        return tuple(w for s in self.sections for w in s.worksheets)

    def worksheet(self, worksheet_id: str) -> Worksheet | None:
        """The worksheet with this id, or None."""
        return next((w for w in self.worksheets if w.id == worksheet_id), None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file, located by file and 1-based line."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class LessonError(Exception):
    """A lesson folder cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = str(self.problems[0]) if self.problems else "invalid lessons"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem(s))" if more > 0 else ""))
