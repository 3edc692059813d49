"""Command palette: every lesson, every worksheet, and the app's dialogs."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from workbook.ui.app import WorkbookApp


class WorkbookCommands(Provider):
    """Open a lesson or worksheet by name; open About."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("WorkbookApp", self.app)
        commands: list[tuple[str, str, object]] = [
            ("Home", "Go to the Home tab", partial(app.go_lesson, None)),
            ("About Reconnect", "What this workbook is, safety, privacy", app.action_about),
            ("Progress", "Each lesson per partner, habits and activity", app.action_progress),
            ("Start over…", "Reset the progress of a lesson or all (answers are kept)", app.start_over),
            (
                "Export everything to Markdown",
                "Write your completed worksheets to files you can keep or print",
                app.action_export_everything,
            ),
        ]
        if app.pack is None:
            return commands
        for number, info in enumerate(app.pack.infos, start=1):
            commands.append((f"Lesson {number}: {info.title}", info.summary, partial(app.go_lesson, info.id)))
        usable = {lesson.id: lesson for lesson in app.pack.usable_lessons()}
        for number, info in enumerate(app.pack.infos, start=1):
            lesson = usable.get(info.id)
            if lesson is None:
                continue  # a lesson with problems: its tab lists them
            for worksheet in lesson.worksheets:
                commands.append(
                    (
                        f"Worksheet: {worksheet.title}",
                        f"From lesson {number}, {lesson.title}",
                        partial(app.open_worksheet, lesson.id, worksheet.id),
                    )
                )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
