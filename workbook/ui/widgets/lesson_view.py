"""A lesson's reading pane: Markdown sections with worksheet cards where they belong.

Built on first show, not at start-up: only the lesson on screen is rendered.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from workbook.content import Lesson, LessonError, LessonPack, Worksheet


class WorksheetCard(Widget, can_focus=True):
    """A worksheet in the reading flow: its title, what it is for, and how to open it."""

    BINDINGS = [Binding("enter", "open", "Open worksheet", tooltip="Open this worksheet to fill it in")]

    class Open(Message):
        """The user asked to open the card's worksheet."""

        def __init__(self, lesson: Lesson, worksheet: Worksheet) -> None:
            super().__init__()
            self.lesson = lesson
            self.worksheet = worksheet

    def __init__(self, lesson: Lesson, worksheet: Worksheet) -> None:
        super().__init__(classes="worksheet-card", id=f"card-{worksheet.id}")
        self.lesson = lesson
        self.worksheet = worksheet

    def compose(self) -> ComposeResult:
        w = self.worksheet
        kinds = "repeatable · " if w.repeatable else ""
        yield Static(f"[b]✎ Worksheet: {escape(w.title)}[/]", classes="card-title")
        if w.intro:
            yield Static(escape(w.intro), classes="card-intro")
        if w.source:
            yield Static(escape(w.source), classes="card-source")
        count = len(w.fields)
        yield Static(
            f"{kinds}{count} question{'s' if count != 1 else ''} · [b]Enter[/] or click to open",
            classes="card-hint",
        )

    def action_open(self) -> None:
        self.post_message(self.Open(self.lesson, self.worksheet))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_open()


class LessonView(VerticalScroll):
    """The reading pane of one lesson."""

    built: reactive[bool] = reactive(False, init=False)
    """True once the lesson's Markdown and cards are mounted (on first show)."""

    def __init__(self, pack: LessonPack, lesson_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="lesson-view")
        self.pack = pack
        self.lesson_id = lesson_id

    def build(self) -> None:
        """Parse and render the lesson, once (called when its tab is first shown)."""
        if self.built:
            return
        self.built = True
        try:
            widgets = self._parts(self.pack.lesson(self.lesson_id))
        except LessonError as error:
            widgets = self._problems(error)
        self.mount_all(widgets)

    def on_show(self) -> None:
        # A fallback only: Textual does not always send Show when a tab's pane appears
        # (not after a key was handled in another lesson), so the screen calls build()
        # on TabActivated too.
        self.build()

    def _problems(self, error: LessonError) -> list[Widget]:
        """What a broken lesson file shows instead of its text: every problem, located."""
        listing = "\n".join(f"• {escape(str(problem))}" for problem in error.problems)
        return [
            Static(
                "[b]This lesson can't be shown: its file has problems.[/]",
                classes="lesson-problems-title",
            ),
            Static(listing, classes="lesson-problems"),
            Static(
                "Fix them, or check the whole folder with: workbook lessons check DIR",
                classes="lesson-meta",
            ),
        ]

    def _parts(self, lesson: Lesson) -> list[Widget]:
        # Imported on first use: Textual's Markdown widget costs ~50 ms to import.
        from textual.widgets import Markdown

        widgets: list[Widget] = []
        widgets.append(
            Static(
                f"About {lesson.minutes} min of reading · {len(lesson.worksheets)} worksheets",
                classes="lesson-meta",
            )
        )
        for section in lesson.sections:
            for part in section.parts:
                if isinstance(part, Worksheet):
                    widgets.append(WorksheetCard(lesson, part))
                else:
                    widgets.append(Markdown(part, open_links=False, classes="lesson-text"))
        return widgets
