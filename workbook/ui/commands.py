"""What screens and the command palette ask the app to do: messages sent up.

Screens and widgets never call the app: they post one of these messages and the app
handles it with ``@on``. The palette's commands (:func:`palette_commands`, built from
the lesson pack the app passes down) post the same messages. Kept light: imported at
start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.message import Message

from workbook.ui.messages import OpenWorksheet

if TYPE_CHECKING:
    from workbook.content import LessonPack


class ShowLesson(Message):
    """Show a lesson's tab (None: Home), closing worksheets above it."""

    def __init__(self, lesson_id: str | None) -> None:
        super().__init__()
        self.lesson_id = lesson_id


class ShowProgress(Message):
    """Show the progress screen."""


class ShowAbout(Message):
    """Show the About dialog."""


class StartOverRequested(Message):
    """Ask which lesson to start over (and offer a backup first)."""


class ProgressWanted(Message):
    """Fresh progress figures are wanted on screen: the app recomputes them (unless
    nothing changed since the last report) and every screen gets ``ProgressReady``."""


class ExportRequested(Message):
    """Open the export dialog, offering the narrowest scope given first, then wider ones.

    Args:
        lesson_id: A lesson (or the worksheet's); None with nothing else: everything.
        worksheet_id: A worksheet.
        entry_id: The entry shown (None: no entry, or a draft not made yet).
        entry_day: The day of the entry shown, made or a draft (None: no entry).
    """

    def __init__(
        self,
        lesson_id: str | None = None,
        worksheet_id: str | None = None,
        entry_id: int | None = None,
        entry_day: str | None = None,
    ) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.worksheet_id = worksheet_id
        self.entry_id = entry_id
        self.entry_day = entry_day


def palette_commands(pack: LessonPack | None, post: Callable[[Message], object]) -> Iterator[SystemCommand]:
    """The palette's commands: Home, the app's dialogs, every lesson and worksheet.

    Args:
        pack: The lessons (None before the workbook is open: the dialogs only).
        post: Sends a message to the app (its ``post_message``).
    """

    def sends(make: Callable[[], Message]) -> Callable[[], None]:
        def command() -> None:
            post(make())  # a fresh message each time: a command can be chosen again

        return command

    yield SystemCommand("Home", "Go to the Home tab", sends(partial(ShowLesson, None)))
    yield SystemCommand("About Reconnect", "What this workbook is, safety, privacy", sends(ShowAbout))
    yield SystemCommand("Progress", "Each lesson per partner, habits and activity", sends(ShowProgress))
    yield SystemCommand(
        "Start over…", "Reset the progress of a lesson or all (answers are kept)", sends(StartOverRequested)
    )
    yield SystemCommand(
        "Export everything to Markdown",
        "Write your completed worksheets to files you can keep or print",
        sends(ExportRequested),
    )
    if pack is None:
        return
    for number, info in enumerate(pack.infos, start=1):
        title = f"Lesson {number}: {info.title}"
        yield SystemCommand(title, info.summary, sends(partial(ShowLesson, info.id)))
    usable = {lesson.id: lesson for lesson in pack.usable_lessons()}
    for number, info in enumerate(pack.infos, start=1):
        lesson = usable.get(info.id)
        if lesson is None:
            continue  # a lesson with problems: its tab lists them
        for worksheet in lesson.worksheets:
            yield SystemCommand(
                f"Worksheet: {worksheet.title}",
                f"From lesson {number}, {lesson.title}",
                sends(partial(OpenWorksheet, lesson.id, worksheet.id)),
            )
