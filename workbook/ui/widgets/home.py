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

    def __init__(self, pack: LessonPack, couple: Couple, read: dict[str, int], *, returning: bool) -> None:
        """
        Args:
            pack: The lessons.
            couple: The partners, for the greeting.
            read: Sections read so far, per lesson id.
            returning: False right after onboarding ("Welcome", not "Welcome back").
        """
        super().__init__(id="home")
        self.pack = pack
        self.couple = couple
        self.read = read
        self.returning = returning

    def compose(self) -> ComposeResult:
        c = self.couple
        hello = "Welcome back" if self.returning else "Welcome"
        yield Static(f"[b]{hello}, {escape(c.first)} and {escape(c.second)}.[/]", id="greeting")
        yield Static(
            "Work through the lessons in order, a section or a worksheet at a sitting. "
            "Pick a lesson below, or press its number.",
            id="home-intro",
        )
        options = []
        for number, info in enumerate(self.pack.infos, start=1):
            done = self.read.get(info.id, 0)
            progress = f"{info.minutes} min read" + (
                f" · {done} section{'s' if done != 1 else ''} read" if done else ""
            )
            prompt = (
                f"[b]{number}. {escape(info.title)}[/]  [dim]{progress}[/]\n[dim]{escape(info.summary)}[/]"
            )
            options.append(Option(prompt, id=info.id))
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
