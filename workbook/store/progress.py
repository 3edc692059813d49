"""Where the couple stands: reading, worksheets, lessons, habits, activity, agenda.

Everything is computed from the workbook file with indexed queries that touch a
bounded number of rows (one entry per worksheet, the last weeks of habits), so a
workbook with ten years of history answers as fast as a new one. Nothing here is
kept in memory between calls.

Rules:
- A section is read when it was read together, or by each partner on their own.
- A worksheet is done once one of its entries is marked done. A partner's own part is
  done when, in the latest entry, they answered their own questions (all the required
  ones) or, on a worksheet answered in turns, ended their turn (shown per worksheet;
  the percentages count done worksheets only).
- A lesson's percentage: sections read (together, or by both) and worksheets done,
  out of all of them. A partner's: the sections they have read and the same
  worksheets. The lesson's is never above a partner's.
- A lesson is *done* when every section is read and every worksheet done; *not
  started* with no reading and no entries; otherwise *in progress*.
- "Start over" records a time per lesson: reading and completions before it no
  longer count (the entries and answers themselves stay).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from workbook.content import Lesson, Worksheet
from workbook.store.completion import missing_answers
from workbook.store.models import PARTNERS, Who

if TYPE_CHECKING:
    from workbook.store.workbook import Workbook

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


@dataclass(frozen=True)
class SectionProgress:
    """One section and who has read it (``Who.SHARED``: together)."""

    section_id: str
    title: str
    read_by: frozenset[Who]

    @property
    def read(self) -> bool:
        """Read together, or by both partners."""
        return Who.SHARED in self.read_by or set(PARTNERS) <= self.read_by

    def read_for(self, who: Who) -> bool:
        """Whether this partner has read it (together counts for both)."""
        return Who.SHARED in self.read_by or who in self.read_by


@dataclass(frozen=True)
class WorksheetProgress:
    """One worksheet: its entries, and whether it (and each partner's part) is done."""

    worksheet_id: str
    title: str
    started: bool
    """An entry was started or changed (since the lesson was last started over)."""
    done: bool
    partners_done: frozenset[Who]


@dataclass(frozen=True)
class NextStep:
    """What to do next: read a section, or fill in a worksheet."""

    lesson_id: str
    lesson_title: str
    kind: str  # "read" or "worksheet"
    target_id: str
    title: str


@dataclass(frozen=True)
class LessonProgress:
    """A lesson's sections and worksheets, its status and percentage."""

    lesson_id: str
    title: str
    sections: tuple[SectionProgress, ...]
    worksheets: tuple[WorksheetProgress, ...]
    started: bool
    next_step: NextStep | None

    @property
    def sections_read(self) -> int:
        return sum(s.read for s in self.sections)

    @property
    def worksheets_done(self) -> int:
        return sum(w.done for w in self.worksheets)

    @property
    def steps(self) -> int:
        return len(self.sections) + len(self.worksheets)

    @property
    def percent(self) -> int:
        """Share of sections read and worksheets done, 0–100 (rounded down)."""
        return (self.sections_read + self.worksheets_done) * 100 // max(self.steps, 1)

    def partner_percent(self, who: Who) -> int:
        """The same share for one partner: the sections they have read (together or
        alone) and the worksheets done, the same ones the lesson counts.

        Only reading alone sets a partner apart, so the lesson's figure is never
        above a partner's, and 100 % means the same for the lesson and both partners.
        (A partner's own part of an unfinished worksheet used to count for them
        alone: both partners at 100 % beside a lesson at 88 %.)
        """
        read = sum(s.read_for(who) for s in self.sections)
        return (read + self.worksheets_done) * 100 // max(self.steps, 1)

    @property
    def status(self) -> str:
        if self.steps and self.sections_read + self.worksheets_done == self.steps:
            return DONE
        return IN_PROGRESS if self.started else NOT_STARTED


def section_title(title: str) -> str:
    """A section's name for lists ("Opening" for the untitled start)."""
    return title or "Opening"


def reset_times(store: Workbook) -> dict[str, str]:
    """When each lesson was last started over (ISO timestamps)."""
    return {row[0]: row[1] for row in store._cursor("SELECT lesson_id, reset_at FROM progress_resets")}


def _worksheet_progress(
    store: Workbook, lesson_id: str, worksheet: Worksheet, since: str
) -> WorksheetProgress:
    query = store._cursor
    done = query(
        "SELECT EXISTS (SELECT 1 FROM entries WHERE lesson_id = ? AND worksheet_id = ? "
        "AND status = 'done' AND completed_at > ?)",
        [lesson_id, worksheet.id, since],
    ).fetchone()[0]
    latest = query(
        "SELECT id FROM entries WHERE lesson_id = ? AND worksheet_id = ? AND updated_at > ? "
        "ORDER BY day DESC, id DESC LIMIT 1",
        [lesson_id, worksheet.id, since],
    ).fetchone()
    partners: set[Who] = set()
    if latest is not None:
        values = {
            (row[0], Who(row[1])): json.loads(row[2])
            for row in query("SELECT field_id, who, value FROM answers WHERE entry_id = ?", [latest[0]])
        }
        missing = missing_answers(worksheet, values)
        own = {f.id for f in worksheet.fields if f.per_partner}
        for who in PARTNERS:
            # Their own part: something of theirs answered, nothing of theirs required missing.
            answered = any(field_id in own and w is who for field_id, w in values)
            if answered and not any(m.who is who for m in missing):
                partners.add(who)
        turns = query(
            "SELECT who FROM entry_parts WHERE entry_id = ? AND done_at > ?", [latest[0], since]
        ).fetchall()
        partners.update(Who(row[0]) for row in turns)
    return WorksheetProgress(
        worksheet.id, worksheet.title, latest is not None, bool(done), frozenset(partners)
    )


def lesson_progress(store: Workbook, lesson: Lesson, since: str = "") -> LessonProgress:
    """One lesson's progress (``since``: its start-over time, if any)."""
    marks: dict[str, set[Who]] = {}
    for section_id, who in store._cursor(
        "SELECT section_id, who FROM reading WHERE lesson_id = ? AND read_at > ?", [lesson.id, since]
    ):
        marks.setdefault(section_id, set()).add(Who(who))
    sections = tuple(
        SectionProgress(s.id, section_title(s.title), frozenset(marks.get(s.id, ()))) for s in lesson.sections
    )
    worksheets = tuple(_worksheet_progress(store, lesson.id, w, since) for w in lesson.worksheets)
    started = bool(marks) or any(w.started for w in worksheets)
    step: NextStep | None = None
    done_ids = {w.worksheet_id for w in worksheets if w.done}
    read_ids = {s.section_id for s in sections if s.read}
    # The lesson's own order: a section is read before its worksheets are filled in.
    for section in lesson.sections:
        if section.id not in read_ids:
            step = NextStep(lesson.id, lesson.title, "read", section.id, section_title(section.title))
            break
        pending = next((w for w in section.worksheets if w.id not in done_ids), None)
        if pending is not None:
            step = NextStep(lesson.id, lesson.title, "worksheet", pending.id, pending.title)
            break
    return LessonProgress(lesson.id, lesson.title, sections, worksheets, started, step)


def progress(store: Workbook, lessons: Sequence[Lesson]) -> list[LessonProgress]:
    """Every lesson's progress, in order."""
    resets = reset_times(store)
    return [lesson_progress(store, lesson, resets.get(lesson.id, "")) for lesson in lessons]


def next_step(lessons: Sequence[LessonProgress]) -> NextStep | None:
    """Where to continue: the first unfinished lesson's next step, chapter by chapter."""
    return next((p.next_step for p in lessons if p.next_step is not None), None)


# -- habits, activity, agenda --------------------------------------------------------


@dataclass(frozen=True)
class HabitRow:
    """One partner's one habit: ticked or not on each day of the window, oldest first."""

    who: Who
    worksheet_id: str
    item: str
    days: tuple[bool, ...]


def habits(store: Workbook, lessons: Sequence[Lesson], today: date, days: int = 56) -> list[HabitRow]:
    """Every checklist item per partner per day over the last ``days`` days."""
    first = today - timedelta(days=days - 1)
    rows: list[HabitRow] = []
    for lesson in lessons:
        for worksheet in lesson.worksheets:
            for field in worksheet.fields:
                if field.kind != "check":
                    continue
                ticked: dict[tuple[Who, str], set[int]] = {}
                for day, who, value in store._cursor(
                    "SELECT e.day, a.who, a.value FROM entries e JOIN answers a ON a.entry_id = e.id "
                    "WHERE e.lesson_id = ? AND e.worksheet_id = ? AND e.day BETWEEN ? AND ? "
                    "AND a.field_id = ?",
                    [lesson.id, worksheet.id, first.isoformat(), today.isoformat(), field.id],
                ):
                    items = json.loads(value)
                    offset = (date.fromisoformat(day) - first).days
                    for item in items if isinstance(items, list) else ():
                        ticked.setdefault((Who(who), str(item)), set()).add(offset)
                whos = PARTNERS if field.per_partner else (Who.SHARED,)
                for who in whos:
                    for option in field.items:
                        marks = ticked.get((who, option), set())
                        rows.append(
                            HabitRow(who, worksheet.id, option, tuple(i in marks for i in range(days)))
                        )
    return rows


@dataclass(frozen=True)
class WeekActivity:
    """Entries started and completed in the week starting ``start`` (a Monday)."""

    start: date
    started: int
    completed: int


def activity(store: Workbook, today: date, weeks: int = 12) -> list[WeekActivity]:
    """The last ``weeks`` weeks of activity, oldest first (the current week last)."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    counts: dict[str, dict[date, int]] = {"created_at": {}, "completed_at": {}}
    for column, by_week in counts.items():
        # column names come from the fixed dict above, never from input
        for day, n in store._cursor(
            f"SELECT substr({column}, 1, 10) AS d, count(*) FROM entries WHERE {column} >= ? GROUP BY d",
            [first.isoformat()],
        ):
            when = date.fromisoformat(day)
            week = when - timedelta(days=when.weekday())
            by_week[week] = by_week.get(week, 0) + n
    return [
        WeekActivity(
            first + timedelta(weeks=i),
            counts["created_at"].get(first + timedelta(weeks=i), 0),
            counts["completed_at"].get(first + timedelta(weeks=i), 0),
        )
        for i in range(weeks)
    ]


@dataclass(frozen=True)
class AgendaItem:
    """A date written into a worksheet that is still ahead (or just passed)."""

    day: date
    label: str
    worksheet_title: str
    lesson_id: str
    worksheet_id: str
    entry_id: int
    who: Who
    overdue: bool


def agenda(store: Workbook, lessons: Sequence[Lesson], today: date, grace_days: int = 14) -> list[AgendaItem]:
    """Dates set ahead in the latest entry of each worksheet, from ``grace_days`` ago on,
    soonest first (a date on or before its entry's own day is a record, not a plan)."""
    items: list[AgendaItem] = []
    earliest = today - timedelta(days=grace_days)
    for lesson in lessons:
        for worksheet in lesson.worksheets:
            date_fields = {f.id: f for f in worksheet.fields if f.kind == "date"}
            if not date_fields:
                continue
            latest = store._cursor(
                "SELECT id, day FROM entries WHERE lesson_id = ? AND worksheet_id = ? "
                "ORDER BY day DESC, id DESC LIMIT 1",
                [lesson.id, worksheet.id],
            ).fetchone()
            if latest is None:
                continue
            written_on = date.fromisoformat(latest[1])
            marks = ",".join("?" * len(date_fields))
            for field_id, who, value in store._cursor(
                f"SELECT field_id, who, value FROM answers WHERE entry_id = ? AND field_id IN ({marks})",
                [latest[0], *date_fields],
            ):
                try:
                    day = date.fromisoformat(json.loads(value))
                except (TypeError, ValueError):
                    continue
                # Only dates set ahead of the day they were written: "date of this
                # meeting" records what was held, it is not something coming up.
                if day >= earliest and day > written_on:
                    items.append(
                        AgendaItem(
                            day,
                            date_fields[field_id].label,
                            worksheet.title,
                            lesson.id,
                            worksheet.id,
                            latest[0],
                            Who(who),
                            day < today,
                        )
                    )
    return sorted(items, key=lambda item: (item.day, item.worksheet_title, item.label))


@dataclass(frozen=True)
class Totals:
    """All-time counts, for the progress screen."""

    entries_done: int
    sections_read: int
    habits_ticked: int


def totals(store: Workbook, habit_rows: Sequence[HabitRow] = ()) -> Totals:
    """Entries completed and sections read, ever; habit ticks in ``habit_rows``."""
    done = store._cursor("SELECT count(*) FROM entries WHERE status = 'done'").fetchone()[0]
    read = store._cursor("SELECT count(DISTINCT lesson_id || '/' || section_id) FROM reading").fetchone()[0]
    return Totals(done, read, sum(sum(row.days) for row in habit_rows))
