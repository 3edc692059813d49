"""A lesson's reading pane: Markdown sections with worksheet cards where they belong.

Built on first show, not at start-up: only the lesson on screen is rendered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from workbook.content import Lesson, LessonError, LessonPack, Worksheet
from workbook.store import Who

if TYPE_CHECKING:
    from textual.timer import Timer

    from workbook.store.progress import LessonProgress
    from workbook.ui.app import WorkbookApp

#: Reading speed assumed for "long enough to have read it" (words a minute).
WORDS_PER_MINUTE = 250
#: Share of a section's reading time it must be on screen to count as read.
READ_SHARE = 0.4
#: Shortest time on screen that counts, however short the section (seconds).
MIN_READ_SECONDS = 3.0
#: How often the time on screen is added up (seconds).
TICK_SECONDS = 1.0


def seconds_to_read(words: int) -> float:
    """How long a section of ``words`` words must be on screen to count as read: long
    enough to read a good part of it, so paging past is not reading."""
    return max(MIN_READ_SECONDS, words * 60 / WORDS_PER_MINUTE * READ_SHARE)


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


class LessonSection(Vertical):
    """One section's text and cards; reading progress is tracked per section."""

    def __init__(self, section_id: str, parts: list[Widget], words: int = 0) -> None:
        super().__init__(*parts, classes="lesson-section", id=f"section-{section_id}")
        self.section_id = section_id
        self.needed = seconds_to_read(words)
        """Seconds on screen after which the section counts as read."""
        self.seen = 0.0
        """Seconds it has been on screen (any part of it) while its lesson was shown."""
        self.ended = False
        """Its end has been on screen: the reader got to the end of it."""


class LessonView(VerticalScroll):
    """The reading pane of one lesson.

    A section counts as read once it has been on screen long enough to read a good
    part of it (scaled with its words, see :func:`seconds_to_read`) and its end has been
    on screen, or when marked with ``r``. Paging through a lesson is not reading it.
    """

    BINDING_GROUP_TITLE = "Reading"
    BINDINGS = [
        Binding("r", "mark_read", "Mark read", tooltip="Mark the section at the top of the view as read"),
        Binding("w", "who_reads", "Who reads", tooltip="Reading together, or one of you alone"),
    ]

    built: reactive[bool] = reactive(False, init=False)
    """True once the lesson's Markdown and cards are mounted (on first show)."""

    class SectionRead(Message):
        """A section was read (scrolled through, or marked)."""

        def __init__(self, lesson_id: str, section_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            self.section_id = section_id

    def __init__(self, pack: LessonPack, lesson_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="lesson-view")
        self.pack = pack
        self.lesson_id = lesson_id
        self.progress: LessonProgress | None = None
        #: Sections reported read in this session (so each is reported once).
        self._reported: set[str] = set()
        self._check_pending = False
        self._jumping = False
        self.reading_clock: Callable[[], float] = time.monotonic
        """The clock time on screen is measured with (tests step it by hand)."""
        self._last_tick: float | None = None
        self._ticker: Timer | None = None

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
        if self.progress is not None:
            self.show_progress(self.progress)
        self.watch(self, "scroll_y", self._scrolled, init=False)
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, name="reading time")
        self.call_after_refresh(self._check_read)  # what fits at once has its end shown

    def on_show(self) -> None:
        # A fallback only: Textual does not always send Show when a tab's pane appears
        # (not after a key was handled in another lesson), so the screen calls build()
        # on TabActivated too.
        self.build()
        self._last_tick = None
        if self._ticker is not None:
            self._ticker.resume()

    def on_hide(self) -> None:
        if self._ticker is not None:
            self._ticker.pause()  # no wake-ups for a lesson nobody is looking at

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

        widgets: list[Widget] = [
            Static(
                f"About {lesson.minutes} min of reading · {len(lesson.worksheets)} worksheets",
                classes="lesson-meta",
            ),
            Static("", classes="lesson-contents"),
        ]
        for section in lesson.sections:
            parts: list[Widget] = []
            for part in section.parts:
                if isinstance(part, Worksheet):
                    parts.append(WorksheetCard(lesson, part))
                else:
                    parts.append(Markdown(part, open_links=False, classes="lesson-text"))
                words = sum(len(part.split()) for part in section.parts if isinstance(part, str))
            widgets.append(LessonSection(section.id, parts, words))
        return widgets

    # -- reading progress ---------------------------------------------------------

    def show_progress(self, progress: LessonProgress) -> None:
        """Show which sections are read, and who is reading."""
        self.progress = progress
        if not self.built or not self.query(".lesson-contents"):
            return
        marks = "  ".join(
            # A no-break space keeps each mark on the line of its title.
            f"[$success]✓[/]\u00a0{escape(s.title)}"
            if s.read
            else f"[$text-muted]○\u00a0{escape(s.title)}[/]"
            for s in progress.sections
        )
        app = cast("WorkbookApp", self.app)
        who = app.reading_as
        couple = app.store.couple() if app.store else None
        reader = "together" if who is Who.SHARED or couple is None else f"{escape(couple.name(who))} alone"
        self.query_one(".lesson-contents", Static).update(
            f"{marks}\n[$text-muted]Reading {reader} · "
            "[b]r[/] marks a section read · [b]w[/] changes who reads[/]"
        )

    def _scrolled(self) -> None:
        if self._jumping:
            return  # our own jump to a section is not the reader scrolling through
        if not self._check_pending:
            self._check_pending = True
            self.set_timer(0.3, self._check_read)

    def _check_read(self) -> None:
        """Note which sections' ends are on screen, and report those now read."""
        self._check_pending = False
        bottom = self.scroll_y + self.scrollable_content_region.height
        for section in self.query(LessonSection):
            if section.virtual_region.bottom <= bottom + 1:
                section.ended = True
            if section.section_id not in self._reported and section.ended and section.seen >= section.needed:
                self._report(section.section_id)

    def tick(self) -> None:
        """Add the time since the last tick to each section on screen (any part of it).

        Only while this lesson is the one shown; a gap longer than two ticks (the app
        asleep, the reader away in another screen) counts as two ticks at most.
        """
        now = self.reading_clock()
        last, self._last_tick = self._last_tick, now
        if last is None or not self.built or self.app.screen is not self.screen or not self.region:
            return
        # Never negative: a clock swapped in (or stepped back) must not undo reading.
        elapsed = max(0.0, min(now - last, 2 * TICK_SECONDS))
        top = self.scroll_y
        bottom = top + self.scrollable_content_region.height
        for section in self.query(LessonSection):
            region = section.virtual_region
            if region.bottom > top and region.y < bottom:
                section.seen += elapsed
        self._check_read()

    def _report(self, section_id: str) -> None:
        already = self.progress is not None and any(
            s.section_id == section_id and s.read_for(cast("WorkbookApp", self.app).reading_as)
            for s in self.progress.sections
        )
        self._reported.add(section_id)
        if not already:
            self.post_message(self.SectionRead(self.lesson_id, section_id))

    def action_mark_read(self) -> None:
        """Mark the section at the top of the view read."""
        top = self.scroll_y
        for section in self.query(LessonSection):
            if section.virtual_region.bottom > top:
                self.post_message(self.SectionRead(self.lesson_id, section.section_id))
                self._reported.add(section.section_id)
                self.notify(f"Marked “{self._title(section.section_id)}” as read.")
                return

    def _title(self, section_id: str) -> str:
        if self.progress is not None:
            for s in self.progress.sections:
                if s.section_id == section_id:
                    return s.title
        return section_id

    def action_who_reads(self) -> None:
        """Cycle: together → first partner alone → second partner alone."""
        app = cast("WorkbookApp", self.app)
        order = [Who.SHARED, Who.FIRST, Who.SECOND]
        app.set_reading_as(order[(order.index(app.reading_as) + 1) % 3])
        self._reported.clear()  # the new reader has not read anything here yet
        for section in self.query(LessonSection):
            section.seen, section.ended = 0.0, False
        if self.progress is not None:
            self.show_progress(self.progress)

    def go_to_section(self, section_id: str) -> None:
        """Scroll so that a section starts at the top (building the lesson if needed)."""
        self.build()

        def scroll() -> None:
            self._jumping = True
            for section in self.query(LessonSection):
                if section.section_id == section_id:
                    self.scroll_to_widget(section, top=True, animate=False)
                    self.focus()
            self.call_after_refresh(self._jumped)

        self.call_after_refresh(scroll)

    def _jumped(self) -> None:
        self._jumping = False
