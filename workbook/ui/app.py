"""The Reconnect Textual app and the :func:`make_app` factory used by CLI and tests."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from workbook.content import LessonError, LessonFolderError, LessonPack, open_pack
from workbook.store import Who, Workbook, WorkbookError, open_workbook
from workbook.store.errors import sqlite_reason, workbook_error
from workbook.ui.autosave import AnswerKey, AutosavingApp, overwritten_note
from workbook.ui.commands import (
    ExportRequested,
    ProgressWanted,
    ShowAbout,
    ShowLesson,
    ShowProgress,
    StartOverRequested,
    palette_commands,
)
from workbook.ui.memory import Compactor, collector_on
from workbook.ui.messages import OpenEntry, OpenWorksheet
from workbook.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.content import Content
    from textual.theme import Theme

    from workbook.ui.live import LiveLink
    from workbook.ui.progress import ProgressReport
    from workbook.ui.widgets.lesson_view import LessonView

# Screens other than Home are imported where first used: the start-up budget allows
# Reconnect 1.25x a bare Textual app, and their widgets (TextArea, …) cost real time.

#: Setting that records the couple has seen the safety information.
SAFETY_SEEN = "safety_seen"
#: Setting: the name of the theme chosen in the command palette.
THEME = "theme"
#: Seconds after Home appears before the warm-up worker preloads sqlite-utils.
WARM_UP_DELAY = 1.5
#: Seconds after Home appears before this screen looks for the other one (a first
#: poll run at once costs start-up ~4 ms; a second screen is told within a poll anyway).
LIVE_DELAY = 0.2


class WorkbookApp(AutosavingApp):
    """Reconnect. Build it with :func:`make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "Reconnect"
    BINDING_GROUP_TITLE = "Reconnect"
    BINDINGS = [
        Binding("f1", "toggle_keys", "Keys", tooltip="Show or hide every key you can press here"),
        Binding("f2", "about", "About", tooltip="What Reconnect is, safety and privacy"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Save and close at once (quick exit)"),
        # Textual's own Tab is handled by the focused widget, after the keys already
        # queued for it: keys that came together ("Jo", Tab, "Max") all went into the
        # first field. Priority keys are handled in order, as they arrive.
        Binding("tab", "focus_next", "Focus Next", show=False, priority=True, system=True),
        Binding("shift+tab", "focus_previous", "Focus Previous", show=False, priority=True, system=True),
    ]

    def __init__(
        self,
        db_path: Path,
        lessons_dir: Path,
        *,
        now: datetime | None = None,
        cursor_blink: bool = True,
        export_dir: Path | None = None,
        as_name: str | None = None,
        collector_off: bool = False,
    ) -> None:
        super().__init__()
        self.as_name = as_name
        """The partner named by ``--as`` (None: ask if another screen is open)."""
        self._collector_off = collector_off
        """Started with the garbage collector off: on again after the first frame."""
        self.live: LiveLink | None = None
        """The link to other windows on the workbook (once the couple is known)."""
        self.wall_clock: Callable[[], float] = time.time
        """Wall-clock seconds for presence heartbeats (tests step it)."""
        self.db_path = db_path
        self._export_dir = export_dir
        self.lessons_dir = lessons_dir
        self.fixed_now = now
        self.cursor_blink = cursor_blink
        self.store: Workbook | None = None
        self.pack: LessonPack | None = None
        self.error_message: str | None = None
        """Why the app could not start (for the CLI to print), or None."""
        self.report: ProgressReport | None = None
        """The latest progress report (None until the first one is computed)."""
        self._report_mark: tuple[int, ...] | None = None
        """The workbook's change mark when :attr:`report` was computed."""
        self.compactor = Compactor(
            self.set_timer,
            lambda: bool(self.screen_stack) and isinstance(self.screen_stack[-1], MainScreen),
            lambda: [
                self,
                *(node for screen in self.screen_stack for node in screen.walk_children(with_self=True)),
            ],
        )
        """Keeps the garbage collector's full passes short (see ``ui/memory.py``)."""

    # -- start-up -----------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """Open the workbook and read the lessons' front matter; Home is the first screen.

        Synchronous on purpose: reading front matter (libyaml) and opening a current
        workbook (no sqlite-utils) take ~10 ms, less than a hop through a worker and a
        placeholder screen would cost. First run, or a problem, starts on a blank
        screen; :meth:`on_mount` then shows onboarding, or exits with the message.
        """
        try:
            pack = open_pack(self.lessons_dir)
            fixed = self.fixed_now
            store = open_workbook(self.db_path, clock=lambda: fixed) if fixed else open_workbook(self.db_path)
        except (LessonError, LessonFolderError, WorkbookError) as error:
            # The CLI prints it after the terminal is restored: one line, no wrapping.
            self.error_message = str(error)
            return Screen(id="_default")
        self.store, self.pack = store, pack
        self._restore_theme()
        self.start_autosave(store, self._answers_overwritten)
        main = self._main_screen()
        return main if main is not None else Screen(id="_default")

    def on_mount(self) -> None:
        if self._collector_off:
            self.call_after_refresh(collector_on)
        if self.error_message is not None or self.store is None:
            self.exit(return_code=2)
            return
        self.save_on_every_exit()
        # After the restored theme is set: only a change made here is remembered.
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.store.couple() is None:
            from workbook.ui.screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen(blink=self.cursor_blink), self._onboarded)
        else:
            self._started()

    def _started(self) -> None:
        """Home is up: warm up, and go live once it is painted."""
        # Later rather than at once: at start-up the thread would compete for the GIL
        # with the first paint, and its imports would count against the memory budget.
        self.set_timer(WARM_UP_DELAY, self.warm_up)
        self.compactor.soon()  # Home stays too
        # A moment after the first paint: start-up is not kept waiting for the other
        # screen, and its first poll does not land in the frames that follow Home's.
        # With --as, at once: a name that is neither partner ends the app before the
        # couple starts reading Home.
        if self.as_name is None:
            self.set_timer(LIVE_DELAY, self._go_live)
        else:
            self.call_after_refresh(self._go_live)

    @work(
        thread=True,
        exclusive=True,
        group="warm-up",
        name="warm-up",
        description="Preload storage, the Markdown widget and the worksheet screen",
    )
    def warm_up(self) -> None:
        """Import what the first save, the first lesson tab and the first worksheet
        need, while the couple reads Home (the progress worker has already parsed the
        lessons)."""
        import sqlite_utils  # noqa: F401  (the first write creates a sqlite-utils Database)
        import textual.widgets._markdown  # noqa: F401  (a lesson tab renders Markdown)

        import workbook.ui.screens.worksheet  # noqa: F401  (its editors: TextArea, …; ~60 ms)
        import workbook.ui.widgets.lesson_view  # noqa: F401  (a lesson tab)

    def _restore_theme(self) -> None:
        """Use the theme chosen last time (kept in the workbook, so it follows the file)."""
        assert self.store is not None
        name = self.store.setting(THEME)
        if isinstance(name, str) and name in self.available_themes:
            self.theme = name

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the theme just chosen in the palette for the next start."""
        if self.store is None:
            return
        try:
            self.store.set_setting(THEME, theme.name)
        except WorkbookError as error:
            self.notify(f"The theme is not remembered: {error}", severity="warning")

    def _onboarded(self, names: tuple[str, str] | None) -> None:
        if names is None or self.store is None:
            return
        self.store.set_couple(*names)
        main = self._main_screen(returning=False)
        if main is not None:
            self.push_screen(main)
            self._started()

    def _main_screen(self, *, returning: bool = True) -> MainScreen | None:
        """Home and the lesson tabs, once the couple is known (None before onboarding)."""
        assert self.store is not None and self.pack is not None
        couple = self.store.couple()
        if couple is None:
            return None
        self.sub_title = f"{couple.first} & {couple.second}"
        return MainScreen(self.pack, couple, reader=lambda: self.reading_as, returning=returning)

    # -- two screens on one workbook ---------------------------------------------

    def _go_live(self) -> None:
        """Decide who is at this screen, then keep in step with the other screens."""
        from workbook.ui.live import LiveLink  # after the first paint: not on start-up's path

        if self.store is not None:
            self.live = LiveLink(self, self.store)
            self.live.go(self.as_name)

    @property
    def here(self) -> Who:
        """Who is at this screen: one partner, or both of you (the default)."""
        return self.live.here if self.live is not None else Who.SHARED

    @property
    def presence_text(self) -> str:
        """What the header adds about this screen and the other one ("" when alone)."""
        return self.live.note if self.live is not None else ""

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title, with whose screen this is and who else is here."""
        base = super().format_title(title, sub_title)
        return self.live.title(base) if self.live is not None else base

    # -- saving (the rest in AutosavingApp) ------------------------------------------

    def _answers_overwritten(self, keys: list[AnswerKey]) -> None:
        """Another window on this workbook wrote over answers typed here: say which."""
        if self.store is not None and self.pack is not None:
            note = overwritten_note(keys, self.store, self.pack)
            self.notify(note, title="Changed elsewhere", severity="warning", timeout=15)

    def _handle_exception(self, error: Exception) -> None:
        """A damaged or vanished workbook ends the app with one calm line, not a traceback.

        Textual calls this for any exception a handler lets through; store errors
        that reach it mean the file itself failed (a corrupt page met while reading
        an answer, say). Everything else keeps Textual's own handling, which a
        programming error deserves. Guarded by a test, as it overrides Textual's
        internals.
        """
        from textual.worker import WorkerFailed

        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            error = error.error  # the progress or export worker met it
        reason = sqlite_reason(error) if isinstance(error, sqlite3.Error) else None
        if not isinstance(error, WorkbookError) and reason is None:
            super()._handle_exception(error)
            return
        if not isinstance(error, WorkbookError):
            error = workbook_error(self.db_path, error, "read")
        self.error_message = str(error)
        self._quit_despite_error = True
        self._save_and_exit(2)

    def on_unmount(self) -> None:
        self.stop_catching_signals()
        if self.store is not None:
            self.save_everything()
            if self.live is not None:
                self.live.stop()
            self.store.close()

    # -- navigation ---------------------------------------------------------------

    def _main(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: Textual's commands, then every lesson, worksheet and dialog."""
        yield from super().get_system_commands(screen)
        yield from palette_commands(self.pack, self.post_message)

    @on(ShowLesson)
    def go_lesson(self, message: ShowLesson) -> None:
        """Show a lesson's tab (or Home for None), closing worksheets above it."""
        main = self._main()
        if main is None:
            return
        while self.screen is not main:
            self.pop_screen()
        if message.lesson_id is None:
            main.action_show_tab("home")
        else:
            main.show_lesson(message.lesson_id)

    @on(OpenWorksheet)
    def _on_open_worksheet(self, message: OpenWorksheet) -> None:
        self.open_worksheet(message.lesson_id, message.worksheet_id)

    def on_open_entry(self, message: OpenEntry) -> None:
        # Replace the worksheet on screen with the chosen (or a new) entry of it.
        from workbook.ui.screens.worksheet import WorksheetScreen

        if isinstance(self.screen, WorksheetScreen):
            self.pop_screen()
        self.open_worksheet(
            message.lesson_id,
            message.worksheet_id,
            entry_id=message.entry_id,
            new=message.entry_id is None,
            reveal=message.reveal,
        )

    def open_worksheet(
        self,
        lesson_id: str,
        worksheet_id: str,
        *,
        entry_id: int | None = None,
        new: bool = False,
        reveal: bool = False,
    ) -> None:
        """Open a worksheet, after the safety note where it applies.

        Args:
            lesson_id: The lesson.
            worksheet_id: The worksheet.
            entry_id: A particular entry; by default the current one
                (``Workbook.current_entry``), or a draft that its first save makes.
            new: Start a new entry instead (a draft until something is written in it).
            reveal: Show both partners' answers on top (a reveal worksheet, both done).
        """
        from workbook.ui.screens.safety import SafetyScreen
        from workbook.ui.screens.worksheet import WorksheetScreen

        if self.store is None or self.pack is None:
            return
        try:
            lesson = self.pack.lesson(lesson_id)
        except (KeyError, LessonError):
            lesson = None
        worksheet = lesson.worksheet(worksheet_id) if lesson else None
        if lesson is None or worksheet is None:
            self.notify(f"There is no worksheet '{worksheet_id}' here.", severity="warning")
            return
        store = self.store

        def show(go_on: bool | None = True) -> None:
            if not go_on:
                return
            if worksheet.conflict:
                store.set_setting(SAFETY_SEEN, True)
            screen = WorksheetScreen.opening(
                store,
                lesson,
                worksheet,
                entry_id=entry_id,
                new=new,
                autosaver=self.autosaver,
                live=self.live.live if self.live is not None else None,
                blink=self.cursor_blink,
                here=self.here,
            )
            self.push_screen(screen)
            if reveal and screen.entry is not None:
                from workbook.ui.screens.reveal import RevealScreen

                self.push_screen(RevealScreen(worksheet, screen.answers, screen.couple))

        if worksheet.conflict and not store.setting(SAFETY_SEEN, False):
            self.push_screen(SafetyScreen(), show)
        else:
            show()

    # -- progress -----------------------------------------------------------------

    @on(ProgressWanted)
    def refresh_progress(self) -> None:
        """Recompute progress in a worker, unless nothing changed since the last report;
        screens get a ProgressReady message."""
        if self.store is None or self.pack is None:
            return
        from workbook.store.presence import content_mark  # after Home is drawn

        # Heartbeats (ours and the other screen's) are commits too: they must not count.
        mark = content_mark(self.store)
        report = self.report
        # Coming back to Home or opening F6 after only reading costs nothing, and the
        # screens are not redrawn with the same figures.
        if (
            report is not None
            and report.detail
            and mark == self._report_mark
            and report.today == self.store.today()
        ):
            return
        self._add_up(mark)

    @work(thread=True, exclusive=True, group="progress", name="progress", description="Add up progress")
    def _add_up(self, mark: tuple[int, ...]) -> None:
        """Parse the lessons (first time only) and query the workbook on a second connection."""
        from textual.worker import get_current_worker

        from workbook.ui.progress import compute_report

        assert self.store is not None and self.pack is not None
        store = self.store.reopen()
        try:
            # Home's part first, so Home shows it as soon as it can; then the full
            # report (habits, activity, totals), so the progress screen can open on the
            # latest figures at once.
            report = compute_report(store, self.pack)
            for detail in (False, True):
                if detail:
                    report = compute_report(store, self.pack, detail=True, base=report)
                if get_current_worker().is_cancelled:
                    return
                self.post_message(self._AddedUp(report, mark))
        finally:
            store.close(checkpoint=False)  # only read; the app's connection stays open

    class _AddedUp(Message):
        """The progress worker's report, and the workbook's change mark it was made at."""

        def __init__(self, report: ProgressReport, mark: tuple[int, ...]) -> None:
            super().__init__()
            self.report = report
            self.mark = mark

    @on(_AddedUp)
    def _progress_ready(self, message: _AddedUp) -> None:
        from workbook.ui.progress import ProgressReady

        report, mark = message.report, message.mark
        if report.detail:
            self._report_mark = mark
        if report.detail or self.report is None:
            self.report = report
        for screen in self.screen_stack:
            screen.post_message(ProgressReady(report))

    @on(MainScreen.LessonBuilt)
    def _lesson_built(self) -> None:
        self.compactor.soon()

    @on(MainScreen.Uncovered)
    def _uncovered(self) -> None:
        self.compactor.soon(thorough=False)

    # By name, not @on(LessonView....): start-up does not import the lesson view.
    def on_lesson_view_section_read(self, event: LessonView.SectionRead) -> None:
        self.mark_read(event.lesson_id, event.section_id)

    def on_lesson_view_reader_changed(self, event: LessonView.ReaderChanged) -> None:
        self.set_reading_as(event.who)
        main = self._main()
        if main is None:
            return  # a lesson is on the main screen: it is there
        main.show_reader()  # at a partner's own screen, still that partner
        # The lesson's own line saying who reads is scrolled away once reading starts.
        who = self.reading_as
        text = "Reading together" if who is Who.SHARED else f"Reading: {main.couple.name(who)} alone"
        self.notify(text, markup=False)

    def mark_read(self, lesson_id: str, section_id: str) -> None:
        """Record a section as read (together, or by the partner chosen to read alone)."""
        if self.store is None:
            return
        try:
            self.store.mark_read(lesson_id, section_id, self.reading_as)
        except WorkbookError as error:
            self.notify(str(error), severity="warning")
            return
        self.refresh_progress()

    @property
    def reading_as(self) -> Who:
        """Who is reading: together (the default) or one partner alone; at a partner's
        own screen, that partner."""
        if self.here is not Who.SHARED or self.store is None:
            return self.here
        return self.store.reader()

    def set_reading_as(self, who: Who) -> None:
        """Remember who is reading from now on."""
        if self.store is not None:
            self.store.set_reader(who)

    @on(ShowProgress)
    def action_progress(self) -> None:
        """Show the progress screen."""
        from workbook.ui.screens.progress import ProgressScreen

        if self.store is None:
            return
        couple = self.store.couple()
        if couple is not None and not isinstance(self.screen, ProgressScreen):
            # The latest full figures at once; fresh ones follow if anything changed.
            report = self.report if self.report is not None and self.report.detail else None
            self.push_screen(ProgressScreen(couple, report))

    @on(StartOverRequested)
    def start_over(self) -> None:
        """Ask which lesson to start over; the dialog backs up if asked, then resets."""
        from workbook.ui.screens.start_over import StartOverScreen

        if self.store is not None and self.pack is not None:
            screen = StartOverScreen(self.store, self.db_path, list(self.pack.infos))
            self.push_screen(screen, lambda reset: self.refresh_progress() if reset else None)

    # -- export -------------------------------------------------------------------

    @property
    def export_dir(self) -> Path:
        """The folder the export dialog suggests."""
        if self._export_dir is None:
            from workbook.paths import default_export_dir

            self._export_dir = default_export_dir()
        return self._export_dir

    @on(ExportRequested)
    def _export(self, request: ExportRequested) -> None:
        """Open the export dialog on the scopes asked for (see ``export_scopes``)."""
        from workbook.ui.screens.export import ExportScreen, export_scopes

        if self.store is None or self.pack is None:
            return
        self.save_everything()  # the dialog's worker reads the file, so it must be current
        scopes = export_scopes(
            self.pack,
            lesson_id=request.lesson_id,
            worksheet_id=request.worksheet_id,
            entry_id=request.entry_id,
            entry_day=request.entry_day,
        )
        self.push_screen(ExportScreen(self.db_path, self.pack, scopes, self.export_dir))

    # -- dialogs ------------------------------------------------------------------

    @on(ShowAbout)
    def action_about(self) -> None:
        """Show the About dialog."""
        from workbook.ui.screens.about import AboutScreen

        self.push_screen(AboutScreen(self.db_path))

    def action_toggle_keys(self) -> None:
        """Show or hide the panel listing every key."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(
    db_path: Path,
    lessons_dir: Path | None = None,
    *,
    now: datetime | None = None,
    cursor_blink: bool = True,
    export_dir: Path | None = None,
    as_name: str | None = None,
    collector_off: bool = False,
) -> WorkbookApp:
    """Build the app. The one factory for the CLI and the tests.

    Args:
        db_path: The workbook file (created if missing).
        lessons_dir: A lesson folder; the shipped lessons when None.
        now: A fixed "now" for the workbook's clock (snapshots must not drift).
        cursor_blink: False in snapshot tests, so frames do not flicker.
        export_dir: The folder the export dialog suggests (default: "Reconnect
            exports" in the documents folder); fixed in snapshot tests.
        as_name: The partner at this screen (``--as``); by default both of you, or
            asked when the workbook is open on another screen.
        collector_off: The caller turned Python's garbage collector off for start-up
            (``cli.cmd_app``): the app turns it on again once its first screen is
            drawn (``ui/memory.py``, :func:`collector_on`).
    """
    from workbook.paths import bundled_lessons_dir

    return WorkbookApp(
        Path(db_path),
        Path(lessons_dir) if lessons_dir else bundled_lessons_dir(),
        now=now,
        cursor_blink=cursor_blink,
        export_dir=export_dir,
        as_name=as_name,
        collector_off=collector_off,
    )
