"""Home: a greeting, where to go next, and the lessons; on a wide terminal, a summary
and the dates ahead beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbook.content import LessonPack
from workbook.content.dates import format_day
from workbook.store import Couple

if TYPE_CHECKING:
    from workbook.store.progress import NextStep
    from workbook.ui.progress import ProgressReport


#: From this width on, Home shows a second column beside the lesson list.
WIDE = 130


class LessonList(OptionList):
    """Home's lessons: an OptionList that counts and draws each option once per width.

    Textual's OptionList forgets its line counts and drawings on every Resize. One
    comes as the list is first laid out and is handled only after the first frame has
    drawn the options, with the same width: Home drew them all twice at start-up (~5 ms).
    Here they are kept until the width they were made at changes. That is checked
    where they are used (every use counts the lines first), so it holds whatever order
    a resize, a key and a frame come in. (The list keeps room for its scrollbar,
    ``app.tcss``: one coming or going does not change that width.)
    """

    def __init__(self, *options: Option, id: str) -> None:
        super().__init__(*options, id=id)
        self._made_width: int | None = None
        """The width the line counts and drawings kept were made at."""

    def _update_lines(self) -> None:
        # OptionList's own caches (Textual is pinned; tests/test_pilot_layout.py checks).
        width = self.scrollable_content_region.width
        if width != self._made_width:
            self._made_width = width
            self._line_cache.clear()
            self._option_render_cache.clear()
        super()._update_lines()

    def on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # OptionList's own handler would drop them; see above


class HomeView(Vertical):
    """The first tab. Progress arrives a moment after the lessons (see :meth:`show_progress`)."""

    class OpenLesson(Message):
        """The user picked a lesson on Home."""

        def __init__(self, lesson_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id

    class Continue(Message):
        """The user chose "Continue where you left off"."""

        def __init__(self, step: NextStep) -> None:
            super().__init__()
            self.step = step

    def __init__(self, pack: LessonPack, couple: Couple, *, returning: bool) -> None:
        """
        Args:
            pack: The lessons.
            couple: The partners, for the greeting.
            returning: False right after onboarding ("Welcome", not "Welcome back").
        """
        super().__init__(id="home")
        self.pack = pack
        self.couple = couple
        self.returning = returning
        self.report: ProgressReport | None = None

    def compose(self) -> ComposeResult:
        c = self.couple
        hello = "Welcome back" if self.returning else "Welcome"
        yield Static(f"[b]{hello}, {escape(c.first)} and {escape(c.second)}.[/]", id="greeting")
        yield Static(
            "One section or worksheet at a sitting · press a lesson's number to go to it.",
            id="home-intro",
        )
        with Horizontal(id="home-columns"):
            yield LessonList(*self._options(), id="lesson-list")
            # A wide terminal has room beside the list: the summary, every date ahead.
            with VerticalScroll(id="home-side"):
                yield Static("", id="home-summary")
                yield Static("", id="home-coming")
        yield Static("", id="home-agenda", classes="-empty")
        yield Static("", id="home-last")
        yield Static(
            "Reconnect offers information and exercises, not therapy or medical advice. "
            "Press [b]F2[/] for more.",
            id="home-disclaimer",
        )

    def _options(self) -> list[Option]:
        report = self.report
        options = []
        if report is not None:
            # Imported when progress first arrives, not at start-up.
            from workbook.ui.progress import bar, status_text, step_text

            if report.next is not None:
                step = f"[b]▶ Continue:[/] {step_text(report.next)}"
            else:
                step = (
                    "[b]✓ You have worked through every lesson.[/] Come back to any worksheet when you like."
                )
            options.append(Option(step, id="continue"))
        for number, info in enumerate(self.pack.infos, start=1):
            lesson = report.lesson(info.id) if report else None
            status = Content(f"{info.minutes} min read")
            if lesson is not None and lesson.started:
                marks = Content.from_markup(f"{bar(lesson.percent, 8)} {status_text(lesson)}")
                status = Content.assemble(status, " · ", marks)
            # Built, not parsed from markup: the lesson's own words need no escaping, and
            # start-up does not parse nine prompts.
            prompt = Content.assemble(
                (f"{number}. {info.title}", "bold"), "  ", status.stylize("dim"), "\n", (info.summary, "dim")
            )
            options.append(Option(prompt, id=info.id))
        return options

    def show_progress(self, report: ProgressReport) -> None:
        """Show where the couple stands: the next step, lesson status, the agenda."""
        from workbook.ui.progress import agenda_text

        self.report = report
        listing = self.query_one(OptionList)
        had_continue = listing.option_count > len(self.pack.infos)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options(self._options())
        # The same lesson stays highlighted; the first time, "Continue" is.
        listing.highlighted = 0 if keep is None or not had_continue else keep
        # One line each: the list of lessons keeps the room on a small terminal.
        agenda = ""
        if report.agenda:
            agenda = "[b]Coming up[/] " + agenda_text(report.agenda[0], self.couple, report.today)
            if len(report.agenda) > 1:
                agenda += f" [dim]· {len(report.agenda) - 1} more[/]"  # all on F6: the line below says so
        box = self.query_one("#home-agenda", Static)
        box.update(agenda)
        box.set_class(not agenda, "-empty")
        last = "[dim]Press F6 to see your progress.[/]"
        if report.last_entry is not None:
            title, day = report.last_entry
            when = format_day(day, year=False, short=True)
            last = f"[dim]Last worked on: {escape(title)}, {when} · F6 shows all progress[/]"
        self.query_one("#home-last", Static).update(last)
        self._show_side(report)

    def _show_side(self, report: ProgressReport) -> None:
        """The column beside the lesson list on a wide terminal: where the couple
        stands overall, the last thing worked on, and every date still ahead."""
        from workbook.store.progress import DONE, IN_PROGRESS
        from workbook.ui.progress import agenda_text

        lessons = report.lessons
        done = sum(1 for lesson in lessons if lesson.status == DONE)
        going = sum(1 for lesson in lessons if lesson.status == IN_PROGRESS)
        read = sum(lesson.sections_read for lesson in lessons)
        sections = sum(len(lesson.sections) for lesson in lessons)
        sheets_done = sum(lesson.worksheets_done for lesson in lessons)
        sheets = sum(len(lesson.worksheets) for lesson in lessons)
        summary = [
            "[b]Where you are[/]",
            f"{done} of {len(lessons)} lessons done · {going} in progress",
            f"{read} of {sections} sections read",
            f"{sheets_done} of {sheets} worksheets done",
        ]
        if report.last_entry is not None:
            title, day = report.last_entry
            summary.append(
                f"[dim]Last worked on {escape(title)}, {format_day(day, year=False, short=True)}[/]"
            )
        summary.append("[dim]F6 shows habits and activity too[/]")
        self.query_one("#home-summary", Static).update("\n".join(summary))
        coming = [agenda_text(item, self.couple, report.today) for item in report.agenda]
        self.query_one("#home-coming", Static).update(
            "[b]Coming up[/]\n" + ("\n".join(coming) if coming else "[dim]No dates ahead.[/]")
        )

    def on_resize(self) -> None:
        # Room for a second column: the lesson list keeps a comfortable measure.
        self.set_class(self.size.width >= WIDE, "-wide")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "continue":
            if self.report is not None and self.report.next is not None:
                self.post_message(self.Continue(self.report.next))
        elif event.option.id:
            self.post_message(self.OpenLesson(event.option.id))
