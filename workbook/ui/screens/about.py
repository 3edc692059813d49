"""About: the disclaimer, the safety note, and where the workbook file lives."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook import __version__
from workbook.ui.screens.safety import FILE_PRIVACY, HELPLINES, NOTHING_ASKED, QUICK_EXIT, SAFETY
from workbook.ui.text import DISCLAIMER, PRIVACY
from workbook.ui.widgets.footer import Footer


class AboutScreen(ModalScreen[None]):
    """A dialog; any of Escape, Enter or the button closes it."""

    BINDINGS = [Binding("escape", "close", "Close", tooltip="Close this dialog")]

    def __init__(self, db_path: Path) -> None:
        super().__init__(id="about")
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="about-dialog", classes="dialog"):
            yield Static(f"[b]Reconnect {__version__}[/]", id="about-title")
            yield Static(f"[b]What this is.[/] {DISCLAIMER}")
            yield Static(f"[b]Safety first.[/] {SAFETY} {HELPLINES}", id="about-safety")
            yield Static(f"{NOTHING_ASKED} {QUICK_EXIT}", id="about-exit")
            yield Static(f"[b]Privacy.[/] {PRIVACY} {FILE_PRIVACY}")
            yield Static(f"[b]Your workbook file:[/] {escape(str(self.db_path))}", id="about-path")
            yield Button("Close", variant="primary", id="about-close")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        # The view stays at the top, so a small screen shows the beginning first.
        self.query_one("#about-close", Button).focus(scroll_visible=False)

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
