"""The Reconnect Textual app and the :func:`make_app` factory used by CLI and tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from workbook.content import LessonError, LessonFolderError, LessonPack, load_pack
from workbook.store import Workbook, WorkbookError, open_workbook
from workbook.ui.autosave import AnswersSaved, Autosaver
from workbook.ui.commands import WorkbookCommands
from workbook.ui.screens.about import AboutScreen
from workbook.ui.screens.main import MainScreen
from workbook.ui.screens.onboarding import OnboardingScreen
from workbook.ui.screens.safety import SafetyScreen
from workbook.ui.screens.worksheet import WorksheetScreen

#: Setting that records the couple has seen the safety information.
SAFETY_SEEN = "safety_seen"


class OpenWorksheet(Message):
    """Ask the app to open a worksheet (from a card, Home or the palette)."""

    def __init__(self, lesson_id: str, worksheet_id: str) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.worksheet_id = worksheet_id


class WorkbookApp(App[int]):
    """Reconnect. Build it with :func:`make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "Reconnect"
    COMMANDS = App.COMMANDS | {WorkbookCommands}
    BINDING_GROUP_TITLE = "Reconnect"
    BINDINGS = [
        Binding("f1", "toggle_keys", "Keys", tooltip="Show or hide every key you can press here"),
        Binding("f2", "about", "About", tooltip="What Reconnect is, safety and privacy"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Save and close at once (quick exit)"),
    ]

    def __init__(
        self,
        db_path: Path,
        lessons_dir: Path,
        *,
        now: datetime | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.lessons_dir = lessons_dir
        self.fixed_now = now
        self.cursor_blink = cursor_blink
        self.store: Workbook | None = None
        self.pack: LessonPack | None = None
        self._autosaver: Autosaver | None = None
        self._quit_despite_error = False
        self.error_message: str | None = None
        """Why the app could not start (for the CLI to print), or None."""

    # -- start-up -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Opening your workbook…", id="opening")

    def on_mount(self) -> None:
        self.app_suspend_signal.subscribe(self, lambda _app: self.save_everything())
        self.load_workbook()

    @work(thread=True, exclusive=True, group="open", name="open-workbook", exit_on_error=False)
    def load_workbook(self) -> tuple[Workbook, LessonPack]:
        """Open the workbook file and read the lessons, off the UI thread."""
        pack = load_pack(self.lessons_dir)
        clock = (lambda: self.fixed_now) if self.fixed_now is not None else None
        store = open_workbook(self.db_path, clock=clock) if clock else open_workbook(self.db_path)
        return store, pack

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "open-workbook":
            return
        if event.state == WorkerState.SUCCESS:
            store, pack = event.worker.result  # type: ignore[misc]
            self._loaded(store, pack)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, LessonError | LessonFolderError | WorkbookError):
                message = str(error)
            else:
                message = f"could not start: {error!r}"
            # The CLI prints it after the terminal is restored: one line, no wrapping.
            self.error_message = message
            self.exit(return_code=2)

    def _loaded(self, store: Workbook, pack: LessonPack) -> None:
        self.store, self.pack = store, pack
        self._autosaver = Autosaver(store, self.set_timer, self._saved, self._save_failed)
        if store.couple() is None:
            self.push_screen(OnboardingScreen(blink=self.cursor_blink), self._onboarded)
        else:
            self._show_main()

    def _onboarded(self, names: tuple[str, str] | None) -> None:
        if names is None or self.store is None:
            return
        self.store.set_couple(*names)
        self._show_main()

    def _show_main(self) -> None:
        assert self.store is not None and self.pack is not None
        couple = self.store.couple()
        assert couple is not None
        self.sub_title = f"{couple.first} & {couple.second}"
        read = {lesson.id: len(self.store.read_sections(lesson.id)) for lesson in self.pack.lessons}
        self.push_screen(MainScreen(self.pack, couple, read))

    # -- saving -------------------------------------------------------------------

    @property
    def autosaver(self) -> Autosaver:
        """The one autosaver (exists once the workbook is open)."""
        assert self._autosaver is not None, "the workbook is not open yet"
        return self._autosaver

    def _saved(self, count: int) -> None:
        self._quit_despite_error = False
        if self.screen_stack:
            self.screen.post_message(AnswersSaved(count))

    def _save_failed(self, message: str) -> None:
        self.notify(message, title="Not saved yet", severity="error", timeout=8)

    def save_everything(self) -> bool:
        """Write every edit now, including ones still in flight. True if all saved."""
        if self._autosaver is None:
            return True
        # The stack is empty while the app shuts down; there is nothing left to collect.
        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, WorksheetScreen):
            top.collect()
        return self._autosaver.flush()

    def on_app_blur(self) -> None:
        self.save_everything()

    async def action_quit(self) -> None:
        """Save, then close at once (also the quick-exit key)."""
        if self.save_everything() or self._quit_despite_error:
            self.exit(0)
            return
        self._quit_despite_error = True
        self.notify("Press Ctrl+Q again to quit without saving.", severity="warning")

    def on_unmount(self) -> None:
        if self.store is not None:
            self.save_everything()
            self.store.close()

    # -- navigation ---------------------------------------------------------------

    def _main(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def go_lesson(self, lesson_id: str | None) -> None:
        """Show a lesson's tab (or Home for None), closing worksheets above it."""
        main = self._main()
        if main is None:
            return
        while self.screen is not main:
            self.pop_screen()
        if lesson_id is None:
            main.action_show_tab("home")
        else:
            main.show_lesson(lesson_id)

    @on(OpenWorksheet)
    def _on_open_worksheet(self, message: OpenWorksheet) -> None:
        self.open_worksheet(message.lesson_id, message.worksheet_id)

    def open_worksheet(self, lesson_id: str, worksheet_id: str) -> None:
        """Open a worksheet's current entry, after the safety note where it applies."""
        if self.store is None or self.pack is None:
            return
        lesson = self.pack.lesson(lesson_id)
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
            entry = store.open_entry(lesson.id, worksheet.id, repeatable=worksheet.repeatable)
            couple = store.couple()
            assert couple is not None
            screen = WorksheetScreen(
                lesson, worksheet, entry, store.answers(entry.id), couple, blink=self.cursor_blink
            )
            self.push_screen(screen)

        if worksheet.conflict and not store.setting(SAFETY_SEEN, False):
            self.push_screen(SafetyScreen(), show)
        else:
            show()

    # -- dialogs ------------------------------------------------------------------

    def action_about(self) -> None:
        """Show the About dialog."""
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
) -> WorkbookApp:
    """Build the app. The one factory for the CLI and the tests.

    Args:
        db_path: The workbook file (created if missing).
        lessons_dir: A lesson folder; the shipped lessons when None.
        now: A fixed "now" for the workbook's clock (snapshots must not drift).
        cursor_blink: False in snapshot tests, so frames do not flicker.
    """
    from workbook.paths import bundled_lessons_dir

    return WorkbookApp(
        Path(db_path), Path(lessons_dir) if lessons_dir else bundled_lessons_dir(), now=now, cursor_blink=cursor_blink
    )
