"""Reveal worksheets: the hand-off between partners, and the reveal itself."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from workbook.content import Worksheet
from workbook.export.answers import answer_text
from workbook.store import PARTNERS, Answer, Couple, Who
from workbook.ui.widgets.footer import Footer

#: ``answer_text`` lives in the export layer, one renderer for screens and exports;
#: importing it from here still works.
__all__ = ["HandOffScreen", "RevealScreen", "answer_text"]


class HandOffScreen(Screen[bool]):
    """Covers the whole screen between turns, so nobody's answers show while the
    keyboard changes hands. Dismisses with True when the next partner is ready."""

    BINDINGS = [Binding("escape", "later", "Later", tooltip="Close; carry on another time")]

    def __init__(self, couple: Couple, done: Who, next_up: Who, *, reveal: bool) -> None:
        super().__init__(classes="hand-off")
        self.couple = couple
        self.done = done
        self.next_up = next_up
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        me, them = escape(self.couple.name(self.done)), escape(self.couple.name(self.next_up))
        with Center(), Vertical(id="hand-off-card"):
            if self.reveal:
                yield Static(f"[b]Thank you, {me}. You have both finished.[/]", id="hand-off-title")
                yield Static("Sit together when you are ready to read each other's answers.")
                yield Button("We're ready: reveal", variant="primary", id="hand-off-go")
            else:
                yield Static(f"[b]Thank you, {me}.[/]", id="hand-off-title")
                yield Static(f"Pass the keyboard to {them}. {me}, please look away until you're both ready.")
                yield Button(f"I'm {them}: start my part", variant="primary", id="hand-off-go")

    def on_mount(self) -> None:
        self.query_one("#hand-off-go", Button).focus()

    @on(Button.Pressed, "#hand-off-go")
    def _go(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        """Close without going on (the part stays marked done)."""
        self.dismiss(False)


class RevealScreen(Screen[None]):
    """Both partners' answers side by side, question by question (read only)."""

    BINDINGS = [Binding("escape", "close", "Back to the worksheet")]

    def __init__(self, worksheet: Worksheet, answers: dict[tuple[str, Who], Answer], couple: Couple) -> None:
        super().__init__(classes="reveal")
        self.worksheet = worksheet
        self.answers = answers
        self.couple = couple

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reveal-body"):
            yield Static(
                f"[b]{escape(self.worksheet.title)}[/]: your answers, side by side", id="reveal-title"
            )
            for field in self.worksheet.fields:
                if not field.per_partner:
                    continue
                yield Static(f"[b]{escape(field.label)}[/]", classes="reveal-label")
                with Horizontal(classes="reveal-row"):
                    for who in PARTNERS:
                        answer = self.answers.get((field.id, who))
                        text = answer_text(field, answer.value if answer else None, self.couple)
                        with Vertical(classes="reveal-column"):
                            yield Static(escape(self.couple.name(who)), classes="partner-name")
                            yield Static(escape(text), classes="reveal-answer")
            yield Static(
                "Take turns saying one thing that surprised you. Esc goes back to the worksheet.",
                id="reveal-next",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.worksheet.title
        self.sub_title = "Revealed"

    def action_close(self) -> None:
        """Back to the worksheet (now open to both)."""
        self.dismiss(None)
