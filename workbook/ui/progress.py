"""The progress report the UI shows, computed off the UI thread.

:func:`compute_report` runs in the app's "progress" worker on its own connection to
the workbook file (SQLite connections are not shared between threads here), and the
result travels to the screens in a :class:`ProgressReady` message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.markup import escape
from textual.message import Message

from workbook.content import LessonPack
from workbook.content.dates import format_day
from workbook.store import Couple, Who, Workbook
from workbook.store.progress import (
    DONE,
    IN_PROGRESS,
    AgendaItem,
    HabitRow,
    LessonProgress,
    NextStep,
    Totals,
    WeekActivity,
    activity,
    agenda,
    habits,
    next_step,
    progress,
    totals,
)


@dataclass(frozen=True)
class ProgressReport:
    """Everything Home, the lesson tabs and the progress screen show about progress."""

    today: date
    lessons: tuple[LessonProgress, ...]
    next: NextStep | None
    agenda: tuple[AgendaItem, ...]
    last_entry: tuple[str, str] | None
    """(worksheet title, day) of the entry changed last, if any."""
    habits: tuple[HabitRow, ...] = ()
    activity: tuple[WeekActivity, ...] = ()
    totals: Totals | None = None
    detail: bool = field(default=False)
    """True when habits, activity and totals were computed (the progress screen)."""

    def lesson(self, lesson_id: str) -> LessonProgress | None:
        return next((p for p in self.lessons if p.lesson_id == lesson_id), None)


class ProgressReady(Message):
    """A fresh :class:`ProgressReport` (posted to the screens that show progress)."""

    def __init__(self, report: ProgressReport) -> None:
        super().__init__()
        self.report = report


def compute_report(
    store: Workbook, pack: LessonPack, *, detail: bool = False, base: ProgressReport | None = None
) -> ProgressReport:
    """Progress from the workbook (``detail`` adds habits, activity and totals to
    ``base``, or to a fresh summary)."""
    lessons = pack.usable_lessons()
    today = store.today()
    if base is None:
        per_lesson = tuple(progress(store, lessons))
        titles = {w.id: w.title for lesson in lessons for w in lesson.worksheets}
        last = store.last_entry()
        last_entry = (titles.get(last[0], last[0]), last[1]) if last else None
        base = ProgressReport(
            today, per_lesson, next_step(per_lesson), tuple(agenda(store, lessons, today)), last_entry
        )
    if not detail:
        return base
    habit_rows = tuple(habits(store, lessons, today))
    return ProgressReport(
        base.today,
        base.lessons,
        base.next,
        base.agenda,
        base.last_entry,
        habit_rows,
        tuple(activity(store, today)),
        totals(store, habit_rows),
        detail=True,
    )


# -- small text renderings shared by Home and the progress screen ---------------------


def bar(percent: int, width: int = 10) -> str:
    """A text progress bar: filled blocks for the share done, light ones for the rest."""
    filled = round(percent * width / 100)
    return f"[$success]{'█' * filled}[/][$text-disabled]{'░' * (width - filled)}[/]"


def status_text(lesson: LessonProgress) -> str:
    """ "done", "in progress 40%" or "not started", for a person to read."""
    if lesson.status == DONE:
        return "[$success]✓ done[/]"
    if lesson.status == IN_PROGRESS:
        return f"in progress · {lesson.percent}%"
    return "not started"


def badge(lesson: LessonProgress | None) -> str:
    """The mark after a lesson's tab label: ✓ done, • in progress, nothing otherwise."""
    if lesson is None:
        return ""
    return {DONE: " ✓", IN_PROGRESS: " •"}.get(lesson.status, "")


def step_text(step: NextStep) -> str:
    """The next step as a sentence."""
    what = "Read" if step.kind == "read" else "Fill in the worksheet"
    return f"{what} “{escape(step.title)}” in {escape(step.lesson_title)}"


def agenda_text(item: AgendaItem, couple: Couple, today: date) -> str:
    """One agenda line: when, what, and from which worksheet."""
    when = format_day(item.day, year=False, short=True, weekday=True)
    if item.day == today:
        when = "Today"
    whose = f" ({escape(couple.name(item.who))})" if item.who is not Who.SHARED else ""
    text = f"{when}: {escape(item.label)}{whose} · {escape(item.worksheet_title)}"
    # Gently: a date that has passed is noted, never flagged in red.
    return f"[$text-muted]{text} · passed[/]" if item.overdue else text
