""" "Start over": reset the progress of one lesson or all, answers kept by default."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Select, Static

from workbook.content.frontmatter import LessonInfo
from workbook.ui.widgets.toggles import TickCheckbox

EVERYTHING = "__all__"


@dataclass(frozen=True)
class StartOver:
    """What the couple chose: a lesson (None: all), a backup first, and whether to
    delete the answers too."""

    lesson_id: str | None
    backup: bool
    delete_answers: bool


class StartOverScreen(ModalScreen[StartOver | None]):
    """Asks what to reset; a backup first is ticked, deleting answers is not."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, infos: list[LessonInfo]) -> None:
        super().__init__(classes="start-over")
        self.infos = infos

    def compose(self) -> ComposeResult:
        options = [("Every lesson", EVERYTHING)] + [
            (f"{n}. {info.title}", info.id) for n, info in enumerate(self.infos, start=1)
        ]
        with Vertical(id="start-over-dialog"):
            yield Static("[b]Start over[/]", id="start-over-title")
            yield Static(
                "Reading marks and ticks for the lesson are cleared, so it counts as new. "
                "Your entries and answers stay in the workbook and in each worksheet's history.",
                id="start-over-help",
            )
            yield Select(options, value=EVERYTHING, allow_blank=False, id="start-over-lesson")
            yield TickCheckbox("Make a backup of the workbook first", value=True, id="start-over-backup")
            yield TickCheckbox("Also delete our answers in it (cannot be undone)", id="start-over-delete")
            with Horizontal(id="start-over-buttons"):
                yield Button("Start over", variant="error", id="start-over-yes")
                yield Button("Cancel", id="start-over-no")

    def on_mount(self) -> None:
        self.query_one("#start-over-no", Button).focus()  # the safe choice first

    @on(Button.Pressed, "#start-over-yes")
    def _yes(self) -> None:
        lesson = self.query_one(Select).value
        self.dismiss(
            StartOver(
                None if lesson == EVERYTHING else str(lesson),
                self.query_one("#start-over-backup", Checkbox).value,
                self.query_one("#start-over-delete", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#start-over-no")
    def action_cancel(self) -> None:
        """Change nothing."""
        self.dismiss(None)
