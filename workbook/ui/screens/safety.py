"""Safety information shown once, before the first exercise about conflict."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.ui.text import SAFETY


class SafetyScreen(ModalScreen[bool]):
    """Dismisses with True to go on to the exercise, False to go back.

    Nothing about the couple's safety is asked or stored: on a shared screen a
    private question is impossible, so both partners see the same information.
    """

    BINDINGS = [Binding("escape", "back", "Back", tooltip="Go back without opening the exercise")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-dialog"):
            yield Static("[b]Before this exercise[/]", id="safety-title")
            yield Static(
                "This exercise is about conflict. It is meant for couples who feel safe with each other."
            )
            yield Static(SAFETY, id="safety-text")
            yield Static("Lesson 7, [i]Getting help[/], has more on finding support.")
            with Horizontal(id="safety-buttons"):
                yield Button("We feel safe — continue", variant="primary", id="safety-continue")
                yield Button("Go back", id="safety-back")

    def on_mount(self) -> None:
        # The scrolling dialog would take focus first; Enter should answer the question.
        self.query_one("#safety-continue", Button).focus()

    @on(Button.Pressed, "#safety-continue")
    def _continue(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#safety-back")
    def action_back(self) -> None:
        """Return without opening the exercise."""
        self.dismiss(False)
