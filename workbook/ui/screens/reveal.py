"""Reveal worksheets: the hand-off between partners, and the reveal itself."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from workbook.content import Field, Worksheet
from workbook.content.coach import fill_template
from workbook.store import PARTNERS, Answer, Couple, Who, is_answered
from workbook.ui.widgets.fields import partner_option
from workbook.ui.widgets.footer import Footer


def answer_text(field: Field, value: object, couple: Couple) -> str:
    """An answer as plain text for reading (not for editing), for any field kind."""
    if not is_answered(value):
        return "—"
    if field.kind == "scale" and isinstance(value, int | float):
        high = field.max if field.max is not None else 10
        return f"{value:g} / {high:g}"
    if field.kind == "statement" and isinstance(value, dict):
        return fill_template(field.template, {str(k): str(v) for k, v in value.items()})
    if field.kind == "timer" and isinstance(value, dict):
        from workbook.ui.screens.timer import turn_summary

        return "\n".join(turn_summary(value, couple))
    if field.kind == "list" and isinstance(value, list):
        rows = [
            " · ".join(str(row.get(c.id, "")) for c in field.columns if row.get(c.id) not in (None, ""))
            for row in value
            if isinstance(row, dict)
        ]
        return "\n".join(f"• {row}" for row in rows)
    if isinstance(value, list):
        return "\n".join(f"• {partner_option(str(item), couple)}" for item in value)
    if field.kind == "choice":
        return partner_option(str(value), couple)
    return str(value)


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
