"""Home: a greeting, where to go next, and the seven lessons."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbook.content import LessonPack
from workbook.store import Couple


class HomeView(Vertical):
    """The first tab."""

    class OpenLesson(Message):
        """The user picked a lesson on Home."""

        def __init__(self, lesson_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id

    def __init__(self, pack: LessonPack, couple: Couple, read: dict[str, int]) -> None:
        """
        Args:
            pack: The lessons.
            couple: The partners, for the greeting.
            read: Sections read so far, per lesson id.
        """
        super().__init__(id="home")
        self.pack = pack
        self.couple = couple
        self.read = read

    def compose(self) -> ComposeResult:
        c = self.couple
        yield Static(f"[b]Welcome back, {escape(c.first)} and {escape(c.second)}.[/]", id="greeting")
        yield Static(
            "Work through the lessons in order, a section or a worksheet at a sitting. "
            "Pick a lesson below, or press its number.",
            id="home-intro",
        )
        options = []
        for number, lesson in enumerate(self.pack.lessons, start=1):
            sections = sum(1 for s in lesson.sections if s.title)
            done = min(self.read.get(lesson.id, 0), sections)
            progress = f"{done}/{sections} sections read" if done else f"{lesson.minutes} min read"
            prompt = f"[b]{number}. {escape(lesson.title)}[/]  [dim]{progress}[/]\n[dim]{escape(lesson.summary)}[/]"
            options.append(Option(prompt, id=lesson.id))
        yield OptionList(*options, id="lesson-list")
        yield Static(
            "Reconnect offers information and exercises, not therapy or medical advice. "
            "Press [b]F2[/] for more.",
            id="home-disclaimer",
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.OpenLesson(event.option.id))
