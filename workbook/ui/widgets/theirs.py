"""The other screen's version of a field being edited here: "use theirs / keep mine".

Two screens on one workbook save each field as it is typed, and the last save wins.
A field that this screen is editing is never changed under the cursor: when the other
screen saves a different answer to it, this bar shows their version beside the field
and lets the person here choose. Nothing is lost either way: their version stays in
the bar until the choice is made.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static


class TheirVersion(Vertical):
    """Their version of one answer, with the two choices.

    Args:
        key: (field id, who) of the answer.
        name: Who saved it ("Alex", or "The other screen").
        value: Their stored value.
        text: Their value as text for reading.
    """

    class Chosen(Message):
        """The person here chose: their version (``theirs``) or their own."""

        def __init__(self, bar: TheirVersion, theirs: bool) -> None:
            super().__init__()
            self.bar = bar
            self.theirs = theirs

        @property
        def control(self) -> TheirVersion:
            """The bar the choice was made in."""
            return self.bar

    def __init__(self, key: tuple[str, object], name: str, value: object, text: str) -> None:
        super().__init__(classes="their-version")
        self.key = key
        self.saved_by = name
        self.value = value
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self._line(), classes="their-text")
        with Horizontal(classes="their-buttons"):
            yield Button("Use theirs", id="use-theirs", compact=True)
            yield Button("Keep mine", id="keep-mine", compact=True)

    def _line(self) -> str:
        return f"[b]{escape(self.saved_by)} saved another version:[/] {escape(self.text)}"

    def show(self, value: object, text: str) -> None:
        """Their version changed again: show the newest."""
        self.value, self.text = value, text
        self.query_one(".their-text", Static).update(self._line())

    @on(Button.Pressed, "#use-theirs")
    def _theirs(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(self, True))

    @on(Button.Pressed, "#keep-mine")
    def _mine(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(self, False))
