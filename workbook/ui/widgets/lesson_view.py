"""A lesson's reading pane: Markdown sections with worksheet cards where they belong.

Built on first show, not at start-up: only the lesson on screen is rendered, and once
built it is kept; later changes redraw only the line of reading marks. The view is
given what it shows (the couple, who reads, the progress) and sends messages up; it
never queries the workbook or reaches into the app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
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
from workbook.store import Couple, Who

if TYPE_CHECKING:
    from textual.timer import Timer

    from workbook.store.progress import LessonProgress

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


def index_markup(sections: list[tuple[bool, str]], width: int) -> str:
    """A lesson's section index: each title after its mark (✓ read, ○ not yet), two
    spaces apart, with line breaks put in for ``width`` columns (none for 0).

    The breaks fall where Textual's own wrapping puts them, except between a mark and
    its title: Textual breaks at a no-break space too (it splits on any whitespace),
    which left a "○" at the end of a line with its title on the next.
    """
    # Each title's words; a break replaces the space before a word.
    items = [(read, title.split(" ")) for read, title in sections]
    breaks: set[tuple[int, int]] = set()  # (item, word) that starts a line
    used = 0
    for i, (_read, words) in enumerate(items):
        for j, word in enumerate(words):
            cells = cell_len(word) + (2 if j == 0 else 0)  # "○ " before the first
            last_word = j == len(words) - 1
            gap = 0 if last_word and i == len(items) - 1 else 2 if last_word else 1
            # As Textual's wrap: a word fits with the spaces after it, or goes to the
            # next line (a word wider than the line is folded by Textual, as before).
            if width > 0 and used and used + cells + gap > width:
                breaks.add((i, j))
                used = 0
            used += cells + gap
    parts: list[str] = []
    for i, (read, words) in enumerate(items):
        if i:
            parts.append("\n" if (i, 0) in breaks else "  ")
        text = "".join(
            ("\n" if (i, j) in breaks else " ") + escape(word) if j else escape(word)
            for j, word in enumerate(words)
        )
        # A no-break space keeps each mark on the line of its title (Textual's own wrap
        # aside, which index_markup's breaks make unnecessary).
        parts.append(f"[$success]✓[/]\u00a0{text}" if read else f"[$text-muted]○\u00a0{text}[/]")
    return "".join(parts)


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
    """True once the lesson's Markdown and cards are mounted (the screen makes the view
    when its tab is first shown)."""

    reading_as: reactive[Who] = reactive(Who.SHARED, init=False)
    """Who is reading: together, or one partner alone (set by the screen)."""

    #: The order ``w`` goes through.
    READERS = (Who.SHARED, Who.FIRST, Who.SECOND)

    class SectionRead(Message):
        """A section was read (scrolled through, or marked)."""

        def __init__(self, lesson_id: str, section_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            self.section_id = section_id

    class ReaderChanged(Message):
        """The reader asked for someone else to read from now on (``w``)."""

        def __init__(self, who: Who) -> None:
            super().__init__()
            self.who = who

    def __init__(
        self,
        pack: LessonPack,
        lesson_id: str,
        couple: Couple | None = None,
        reading_as: Who = Who.SHARED,
        *,
        id: str | None = None,
    ) -> None:
        """
        Args:
            pack: The lessons.
            lesson_id: The lesson shown.
            couple: The partners, named in "Reading … alone" (None: "together").
            reading_as: Who reads at first; the screen sets :attr:`reading_as` later.
            id: The widget id.
        """
        super().__init__(id=id, classes="lesson-view")
        self.pack = pack
        self.lesson_id = lesson_id
        self.couple = couple
        self.set_reactive(LessonView.reading_as, reading_as)
        self.progress: LessonProgress | None = None
        self._marks_shown: tuple[LessonProgress, Who, int] | None = None
        """What the line of reading marks shows now (it is redrawn only when this changes)."""
        #: Sections reported read in this session (so each is reported once).
        self._reported: set[str] = set()
        self._check_pending = False
        self._jumping = False
        self._sections: list[LessonSection] = []
        """The lesson's sections, in order (once mounted)."""
        self._going_to: str | None = None
        """The section to scroll to once built (see :meth:`go_to_section`)."""
        self.reading_clock: Callable[[], float] = time.monotonic
        """The clock time on screen is measured with (tests step it by hand)."""
        self._last_tick: float | None = None
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        # The screen makes a lesson's view when its tab is first shown: the lesson is
        # rendered here, once, and kept (later changes redraw only its marks).
        try:
            lesson = self.pack.lesson(self.lesson_id)
        except LessonError as error:
            yield from self._problems(error)
            return
        yield from self._parts(lesson)

    def on_mount(self) -> None:
        # Found once: the reading clock looks at them every second.
        self._sections = list(self.query(LessonSection))
        self.built = True
        self._show_marks()
        self.watch(self, "scroll_y", self._scrolled, init=False)
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, name="reading time")
        self.call_after_refresh(self._check_read)  # what fits at once has its end shown
        if self._going_to is not None:
            self.call_after_refresh(self._go)

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Textual restyles a widget and *every descendant* when its focus changes, in
        # case a rule styles them by it. No rule styles a lesson's text by the lesson's
        # focus, and a built lesson is dozens of blocks, sections and cards: restyling
        # them on every tab switch (focus into one lesson, out of the other) was 40 %
        # of a return to a lesson. tests/test_reading.py checks that a full restyle
        # would change nothing.
        self.app.stylesheet.update_nodes([self], animate=True)

    def on_show(self) -> None:
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
        """Show which sections are read, and who is reading (redrawn only if changed)."""
        self.progress = progress
        self._show_marks()

    def watch_reading_as(self) -> None:
        self._reported.clear()  # the new reader has not read anything here yet
        for section in self._sections:
            section.seen, section.ended = 0.0, False
        self._show_marks()

    def _show_marks(self) -> None:
        progress, who = self.progress, self.reading_as
        if progress is None or not self.built:
            return
        contents = self.query(".lesson-contents")
        if not contents:
            return
        line = contents.first(Static)
        width = line.content_region.width
        if self._marks_shown == (progress, who, width):
            return
        self._marks_shown = (progress, who, width)
        marks = index_markup([(s.read, s.title) for s in progress.sections], width)
        couple = self.couple
        reader = "together" if who is Who.SHARED or couple is None else f"{escape(couple.name(who))} alone"
        line.update(
            f"{marks}\n[$text-muted]Reading {reader} · "
            "[b]r[/] marks a section read · [b]w[/] changes who reads[/]"
        )

    def on_resize(self) -> None:
        # The index's lines are broken for its width (see index_markup).
        self.call_after_refresh(self._show_marks)

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
        for section in self._sections:
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
        if last is None or not self.built or not self.screen.is_current or not self.region:
            return
        # Never negative: a clock swapped in (or stepped back) must not undo reading.
        elapsed = max(0.0, min(now - last, 2 * TICK_SECONDS))
        top = self.scroll_y
        bottom = top + self.scrollable_content_region.height
        for section in self._sections:
            region = section.virtual_region
            if region.bottom > top and region.y < bottom:
                section.seen += elapsed
        self._check_read()

    def _report(self, section_id: str) -> None:
        already = self.progress is not None and any(
            s.section_id == section_id and s.read_for(self.reading_as) for s in self.progress.sections
        )
        self._reported.add(section_id)
        if not already:
            self.post_message(self.SectionRead(self.lesson_id, section_id))

    def action_mark_read(self) -> None:
        """Mark the section at the top of the view read."""
        top = self.scroll_y
        for section in self._sections:
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
        """Cycle: together → first partner alone → second partner alone.

        Asked of the screen, which remembers it and sets :attr:`reading_as` on every
        lesson (at a partner's own screen, that partner reads whatever is asked).
        """
        order = self.READERS
        self.post_message(self.ReaderChanged(order[(order.index(self.reading_as) + 1) % len(order)]))

    def go_to_section(self, section_id: str) -> None:
        """Scroll so that a section starts at the top (once the lesson is built)."""
        self._going_to = section_id
        if self.built:
            self.call_after_refresh(self._go)
        # else on_mount goes there, once the sections are mounted

    def _go(self) -> None:
        section_id, self._going_to = self._going_to, None
        self._jumping = True
        for section in self._sections:
            if section.section_id == section_id:
                self.scroll_to_widget(section, top=True, animate=False)
                self.focus()
        self.call_after_refresh(self._jumped)

    def _jumped(self) -> None:
        self._jumping = False
