""" "Start over": reset the progress of one lesson or all, answers kept by default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Select, Static

from workbook.content.frontmatter import LessonInfo
from workbook.store import Workbook, WorkbookError
from workbook.ui.widgets.footer import Footer
from workbook.ui.widgets.toggles import TickCheckbox

EVERYTHING = "__all__"


@dataclass(frozen=True)
class StartOver:
    """What the couple chose: a lesson (None: all), a backup first, and whether to
    delete the answers too."""

    lesson_id: str | None
    backup: bool
    delete_answers: bool


class StartOverScreen(ModalScreen[bool]):
    """Asks what to reset (a backup first is ticked, deleting answers is not), then
    backs up and resets; dismisses with True once something was reset.

    Args:
        store: The open workbook.
        db_path: Its file (backed up beside itself).
        infos: Every lesson, in order.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, store: Workbook, db_path: Path, infos: list[LessonInfo]) -> None:
        super().__init__(classes="start-over")
        self.store = store
        self.db_path = db_path
        self.infos = infos

    def compose(self) -> ComposeResult:
        options = [("Every lesson", EVERYTHING)] + [
            (f"{n}. {info.title}", info.id) for n, info in enumerate(self.infos, start=1)
        ]
        with Vertical(id="start-over-dialog", classes="dialog"):
            yield Static("[b]Start over[/]", id="start-over-title")
            yield Static(
                "Reading marks and ticks for the lesson are cleared, so it counts as new. "
                "Your entries and answers stay in the workbook and in each worksheet's history.",
                id="start-over-help",
            )
            yield Select(options, value=EVERYTHING, allow_blank=False, id="start-over-lesson")
            yield TickCheckbox("Make a backup of the workbook first", value=True, id="start-over-backup")
            yield TickCheckbox("Also delete our answers in it (cannot be undone)", id="start-over-delete")
            with Horizontal(id="start-over-buttons", classes="dialog-buttons"):
                yield Button("Start over", variant="error", id="start-over-yes")
                yield Button("Cancel", id="start-over-no")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        self.query_one("#start-over-no", Button).focus()  # the safe choice first

    @on(Button.Pressed, "#start-over-yes")
    def _yes(self) -> None:
        lesson = self.query_one(Select).value
        choice = StartOver(
            None if lesson == EVERYTHING else str(lesson),
            self.query_one("#start-over-backup", Checkbox).value,
            self.query_one("#start-over-delete", Checkbox).value,
        )
        self.dismiss(self.start_over(choice))

    def start_over(self, choice: StartOver) -> bool:
        """Back up first if asked (no backup, no reset), then reset. True if reset."""
        if choice.backup:
            from workbook.store.backup import backup_before_start_over

            try:
                written = backup_before_start_over(self.db_path, self.store.today())
            except WorkbookError as error:
                self.notify(f"No backup, so nothing was reset: {error}", severity="error", timeout=10)
                return False
            self.notify(f"Backup saved as {written}", title="Backed up", timeout=10)
        ids = [choice.lesson_id] if choice.lesson_id else [info.id for info in self.infos]
        self.store.reset_progress(ids, delete_answers=choice.delete_answers)
        self.notify("Progress reset." + ("" if choice.delete_answers else " Your answers are kept."))
        return True

    @on(Button.Pressed, "#start-over-no")
    def action_cancel(self) -> None:
        """Change nothing."""
        self.dismiss(False)
