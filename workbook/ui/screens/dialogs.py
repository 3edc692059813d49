"""Small dialogs shared by several screens (one look: the ``.dialog`` style in app.tcss)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; dismisses with True for yes. Cancel has the focus: the safe
    choice is the default.

    Args:
        question: What is asked (markup).
        yes: The label of the button that goes ahead ("Delete", "Replace").
    """

    BINDINGS = [Binding("escape", "no", "Cancel")]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__(classes="confirm")
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons", classes="dialog-buttons"):
                yield Button(self.yes, variant="error", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        """Keep things as they are."""
        self.dismiss(False)
