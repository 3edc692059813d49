"""The main screen: Home and one tab per lesson."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, TabbedContent, TabPane, Tabs

from workbook.content import LessonPack
from workbook.store import Couple, Who
from workbook.ui.commands import ExportRequested, ProgressWanted, ShowProgress
from workbook.ui.messages import OpenWorksheet
from workbook.ui.screens.base import FullScreen
from workbook.ui.widgets.footer import Footer
from workbook.ui.widgets.home import HomeView

if TYPE_CHECKING:
    from workbook.ui.progress import ProgressReady
    from workbook.ui.widgets.lesson_view import LessonView, WorksheetCard


#: Seconds between Home being shown and progress being added up (imperceptible).
PROGRESS_DELAY = 0.05


def pane_id(lesson_id: str) -> str:
    """The TabPane id of a lesson."""
    return f"lesson-{lesson_id}"


class MainScreen(FullScreen):
    """Tabs: Home, then the lessons in order. Number keys jump between them."""

    BINDING_GROUP_TITLE = "Lessons"
    AUTO_FOCUS = "#lesson-list"
    """Home's list has the focus from the first frame (one focus change, one footer)."""
    BINDINGS = [
        # In order of importance: a narrow footer shows the first ones (F1 lists all).
        Binding("f6", "progress", "Progress", tooltip="Progress per lesson and partner, habits, activity"),
        Binding("f5", "export", "Export", tooltip="Export this lesson (or everything) to Markdown"),
        Binding("0", "show_tab('home')", "Home", tooltip="Go to Home"),
        *[
            Binding(str(n), f"show_lesson({n})", f"Lesson {n}", show=False, tooltip=f"Go to lesson {n}")
            for n in range(1, 10)
        ],
        # The lesson's own "r", for when the tab bar has the focus (after a click on a tab).
        Binding("r", "mark_read", "Mark read", show=False, tooltip="Mark the section at the top as read"),
    ]

    class LessonBuilt(Message):
        """A lesson's view was built, to stay for the session (see ``ui/memory.py``)."""

    class Uncovered(Message):
        """A worksheet or dialog over Home and the lessons closed: what it made is
        garbage now (see ``ui/memory.py``)."""

    def __init__(
        self,
        pack: LessonPack,
        couple: Couple,
        *,
        reader: Callable[[], Who] = lambda: Who.SHARED,
        returning: bool = True,
    ) -> None:
        super().__init__(id="main")
        self.pack = pack
        self.couple = couple
        self.reader = reader
        """Who reads now (the app's answer: together, a partner alone, or the partner
        at this screen); passed down so the screen never reaches up for it."""
        self.returning = returning
        self._badges: dict[str, str] = {}
        """Each lesson's progress mark after its tab label (" ✓", " •" or "")."""
        self._views: dict[str, LessonView] = {}
        """The lessons opened so far, by id (see :meth:`lesson_view`)."""
        self._reading_as: Who | None = None
        """Who reads, as last told to the lessons (None: not asked yet)."""

    def compose(self) -> ComposeResult:
        # Labeled for the terminal's width from the start: relabeling every tab
        # after the first layout cost start-up a second layout of the tab bar.
        labels = self.tab_labels(self.app.size.width, "home-pane")
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Home", id="home-pane"):
                yield HomeView(self.pack, self.couple, returning=self.returning)
            for info in self.pack.infos:
                # Plain text (a label is never markup); relabeled when the width or
                # the active tab changes (see _label_tabs). Empty until first shown:
                # start-up makes no lesson views (see lesson_view).
                pane = pane_id(info.id)
                yield TabPane(Content(labels[pane]), id=pane)
        yield Footer()

    def lesson_view(self, lesson_id: str) -> LessonView:
        """A lesson's reading pane: made and mounted the first time it is needed (its
        tab is shown, or Continue goes there), then kept; it renders the lesson as it
        is mounted. Start-up does not pay for nine views nobody has opened yet."""
        view = self._views.get(lesson_id)
        if view is None:
            # Imported here: start-up shows Home, no lesson (the warm-up imports it).
            from workbook.ui.widgets.lesson_view import LessonView

            view = LessonView(self.pack, lesson_id, self.couple, self._reader())
            report = self.query_one(HomeView).report
            progress = report.lesson(lesson_id) if report is not None else None
            if progress is not None:
                view.show_progress(progress)
            self._views[lesson_id] = view
            self.query_one(f"#{pane_id(lesson_id)}", TabPane).mount(view)
            self.post_message(self.LessonBuilt())
        return view

    def _reader(self) -> Who:
        if self._reading_as is None:
            self._reading_as = self.reader()
        return self._reading_as

    def tab_labels(self, width: int, active: str) -> dict[str, str]:
        """Each lesson tab's label (by pane id) for a tab bar ``width`` columns wide.

        Every label starts with the lesson's number, the key that goes there. When
        "number name" for every lesson does not fit (Home and nine lessons need about
        130 columns), the lessons not on screen shrink to their number and mark, and
        only the active one keeps its name: nine lessons fit 80 columns that way. A
        pack too long even for that still works: Textual scrolls the bar so that the
        active tab stays in view.

        Args:
            width: The columns the tab bar has.
            active: The pane id of the active tab.
        """
        full = {
            pane_id(info.id): f"{number} {info.tab}{self._badges.get(info.id, '')}"
            for number, info in enumerate(self.pack.infos, start=1)
        }
        # A tab is its label plus one column of padding either side; Home is "Home".
        needed = (len("Home") + 2) + sum(cell_len(label) + 2 for label in full.values())
        if needed <= width:
            return full
        return {
            pane: label if pane == active else f"{number}{self._badges.get(info.id, '')}"
            for (pane, label), (number, info) in zip(
                full.items(), enumerate(self.pack.infos, start=1), strict=True
            )
        }

    def _label_tabs(self) -> None:
        """Relabel the lesson tabs for the current width and active tab."""
        tabs = self.query_one(TabbedContent)
        labels = self.tab_labels(self.size.width, tabs.active)
        for pane, label in labels.items():
            tab = tabs.get_tab(pane)
            if tab.label.plain != label:
                tab.label = Content(label)
        bar = tabs.query_one(Tabs)
        # Labels change width: keep the active tab in view (as Textual does on a switch).
        self.call_after_refresh(self._scroll_to_active, bar)

    @staticmethod
    def _scroll_to_active(bar: Tabs) -> None:
        active = bar.active_tab
        if active is not None:
            bar.query_one("#tabs-scroll").scroll_to_center(active, force=True, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._label_tabs()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # First shown, or back from a worksheet or a dialog: answers or reading may have
        # changed. A moment after the paint: the worker imports markdown-it and parses
        # every lesson the first time, which would otherwise compete with Home's first
        # frame (and count against the start-up budget).
        self.set_timer(PROGRESS_DELAY, lambda: self.post_message(ProgressWanted()))
        self.show_reader()
        if self.resumed_before:
            self.post_message(self.Uncovered())

    def show_reader(self) -> None:
        """Tell every lesson who reads (each redraws its marks only if that changed);
        with no lesson open yet, the first one made asks."""
        self._reading_as = None
        if self._views:
            who = self._reader()
            for view in self._views.values():
                view.reading_as = who

    def on_progress_ready(self, message: ProgressReady) -> None:
        from workbook.ui.progress import badge

        # Who reads may have changed with who is at this screen (decided after Home
        # appears): asked once per report, not by each lesson on each redraw.
        self.show_reader()
        report = message.report
        if report.detail:
            return  # the same lessons as the summary just shown, plus what Home does not show
        if report == self.query_one(HomeView).report:
            return  # nothing to redraw
        self.query_one(HomeView).show_progress(report)
        for info in self.pack.infos:
            lesson = report.lesson(info.id)
            self._badges[info.id] = badge(lesson)
            view = self._views.get(info.id)
            if view is not None and lesson is not None:
                view.show_progress(lesson)
        self._label_tabs()

    def action_progress(self) -> None:
        """Open the progress screen."""
        self.post_message(ShowProgress())

    @on(HomeView.Continue)
    def _continue(self, event: HomeView.Continue) -> None:
        step = event.step
        if step.kind == "worksheet":
            self.post_message(OpenWorksheet(step.lesson_id, step.target_id))
            return
        self.show_lesson(step.lesson_id)
        self.lesson_view(step.lesson_id).go_to_section(step.target_id)

    # LessonView.SectionRead and LessonView.ReaderChanged bubble on to the app, which
    # records them; it then tells this screen who reads (show_reader).

    def action_show_tab(self, tab: str) -> None:
        """Switch to a tab by pane id ("home" for Home)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = "home-pane" if tab == "home" else tab
        if tab == "home":
            self.query_one("#lesson-list").focus()
        else:
            self.lesson_view(tab.removeprefix("lesson-")).focus()

    def action_mark_read(self) -> None:
        """Mark the section at the top of the lesson on screen as read (Home: nothing)."""
        active = self.query_one(TabbedContent).active
        view = self._views.get(active.removeprefix("lesson-"))
        if active.startswith("lesson-") and view is not None:
            view.action_mark_read()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "r" means nothing on Home.
        if action == "mark_read":
            return self.query_one(TabbedContent).active.startswith("lesson-")
        return True

    def action_show_lesson(self, number: int) -> None:
        """Switch to the lesson with this number (1 = first)."""
        if 1 <= number <= len(self.pack.infos):
            self.show_lesson(self.pack.infos[number - 1].id)

    def show_lesson(self, lesson_id: str) -> None:
        """Switch to a lesson's tab."""
        self.action_show_tab(pane_id(lesson_id))

    def action_export(self) -> None:
        """Export the lesson on screen (on Home: everything)."""
        active = self.query_one(TabbedContent).active
        lesson_id = active.removeprefix("lesson-") if active.startswith("lesson-") else None
        self.post_message(ExportRequested(lesson_id))

    @on(TabbedContent.TabActivated)
    def _show_lesson_tab(self, event: TabbedContent.TabActivated) -> None:
        self._label_tabs()
        pane = event.pane.id or ""
        if pane.startswith("lesson-"):
            self.lesson_view(pane.removeprefix("lesson-"))  # made on first show (a key or a click)

    @on(HomeView.OpenLesson)
    def _open_lesson(self, event: HomeView.OpenLesson) -> None:
        self.show_lesson(event.lesson_id)

    def on_worksheet_card_open(self, event: WorksheetCard.Open) -> None:
        self.post_message(OpenWorksheet(event.lesson.id, event.worksheet.id))
