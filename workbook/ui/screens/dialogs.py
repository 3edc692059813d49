"""Small dialogs shared by several screens (one look: the ``.dialog`` style in app.tcss)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from workbook.ui.widgets.footer import Footer

#: The share of the screen a dialog box may take (``.dialog`` in app.tcss), above its
#: footer's line.
DIALOG_SHARE = 0.95


def dialog_lines(screen_height: int) -> int:
    """The lines a dialog box may take on a screen ``screen_height`` lines high: its
    share of what the footer (one line) leaves."""
    return int((screen_height - 1) * DIALOG_SHARE)


def close_over_dialogs(screen: Screen[Any], result: Any = None) -> None:
    """Dismiss ``screen`` with ``result`` even when a dialog is open over it (the other
    screen finished or deleted what it shows): Textual's ``dismiss`` pops whatever
    screen is on top, which would close the dialog and leave ``screen`` behind."""
    if screen.app.screen is not screen:
        screen.pop_until_active()  # the dialogs' questions are moot now
    screen.dismiss(result)


class ButtonRow(Horizontal):
    """A row of buttons that goes one above the other (class ``-stacked``) when its
    buttons, each drawn whole, would be wider than the row: two long names on the
    buttons would otherwise push the last one off the dialog."""

    def on_resize(self, event: Resize) -> None:
        # A button is its label, padding and border (4 columns, 16 at least) plus its
        # margins. The row's own width is what there is: stacking keeps it the same,
        # so the choice never flips back and forth.
        need = sum(
            max(16, cell_len(str(button.label)) + 4) + button.styles.margin.width
            for button in self.query_children(Button).results(Button)
        )
        self.set_class(need > event.size.width, "-stacked")


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
            with ButtonRow(id="confirm-buttons", classes="dialog-buttons"):
                yield Button(self.yes, variant="error", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        """Keep things as they are."""
        self.dismiss(False)
