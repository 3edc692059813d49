"""Safety information: once on first run, and once before the first exercise about conflict.

Universal education: on a shared screen a private question is impossible, so both
partners see the same information, nothing about their safety is asked, and nothing
about it is stored (only that the note was shown, as a setting).
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from workbook.ui.screens.dialogs import dialog_lines
from workbook.ui.widgets.footer import Footer

#: What safety means here, in named behaviors, and what helps instead.
SAFETY = (
    "The exercises here are for couples who feel safe with each other. If one of you "
    "is afraid of the other, or there has been pushing, grabbing, blocking the way, "
    "breaking things, threats, insults that have become usual, forced sex, tracking a "
    "phone, or control of money or friends, couples exercises and couples therapy are "
    "not the right tool for now. Individual, confidential help is: a helpline, a "
    "counselor of your own, or your doctor. If anyone is in danger now, call your local "
    "emergency number."
)

#: The first-run version: short enough to read whole on an 80x24 screen.
FIRST_RUN_SAFETY = (
    "These exercises are for couples who feel safe with each other. If one of you is "
    "afraid of the other, or there has been violence, threats, or control of money, "
    "phone or friends, they are not the right tool for now, and neither is couples "
    "therapy: individual, confidential help is. Lesson 9, [i]Getting help[/], lists "
    "helplines by country, also for anyone worried about their own behavior. In "
    "danger, call your local emergency number."
)

#: Where the helplines are, so the note itself stays short.
HELPLINES = (
    "Lesson 9, [i]Getting help[/], lists helplines by country, and help for anyone "
    "worried about their own behavior."
)

#: What Ctrl+Q does, and what it does not do: the file keeps every answer.
QUICK_EXIT = (
    "[b]Ctrl+Q[/] closes the app at once and clears the screen. It erases nothing: "
    "what you wrote stays in the workbook file."
)

#: Who can read what the couple writes.
FILE_PRIVACY = (
    "Whoever opens the workbook file, or an export of it, can read it. Keep help "
    "numbers somewhere of your own, and keep exports private."
)

#: The promise that makes a shared note safe to show.
NOTHING_ASKED = "Reconnect never asks about your safety and stores nothing about it."


class FirstRunSafetyScreen(ModalScreen[None]):
    """The short safety note both partners see right after they enter their names.

    It is information, never a question: one button (or Enter, or Escape) goes on.
    """

    BINDINGS = [Binding("escape", "go_on", "Continue", tooltip="Go on to the workbook")]

    def __init__(self, first: str, second: str) -> None:
        super().__init__(id="first-run-safety")
        self.first = first
        self.second = second

    def compose(self) -> ComposeResult:
        # The text scrolls and the button stays below it: two long names make the
        # title two lines, and the note still starts at its top with Continue in view.
        with Vertical(id="first-run-dialog", classes="dialog"):
            with VerticalScroll(id="first-run-body"):
                yield Static(
                    f"[b]{escape(self.first)} and {escape(self.second)}: a note for you both[/]",
                    id="first-run-title",
                )
                yield Static(FIRST_RUN_SAFETY, id="first-run-text")
                yield Static(
                    "Reconnect never asks about your safety or stores it. Ctrl+Q closes the app and "
                    "clears the screen; what you wrote stays in the workbook file, and anyone who "
                    "opens it, or an export, can read it.",
                    id="first-run-exit",
                )
            yield Button("Continue", variant="primary", id="first-run-continue")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        # The scrolling text would take focus first; Enter should go on.
        self.query_one("#first-run-continue", Button).focus()

    def on_resize(self, event: Resize) -> None:
        """Give the text what the dialog has left beside its border, padding and button."""
        _fit_body(self.query_one("#first-run-body"), event.size.height)

    @on(Button.Pressed, "#first-run-continue")
    def action_go_on(self) -> None:
        """Close the note; onboarding then opens Home."""
        self.dismiss(None)


class SafetyScreen(ModalScreen[bool]):
    """Dismisses with True to go on to the exercise, False to go back.

    Nothing about the couple's safety is asked or stored: on a shared screen a
    private question is impossible, so both partners see the same information.
    """

    BINDINGS = [Binding("escape", "back", "Back", tooltip="Go back without opening the exercise")]

    def compose(self) -> ComposeResult:
        # The text scrolls and the buttons stay below it: on a small screen the note
        # starts where it begins and the question's answers are on screen too.
        with Vertical(id="safety-dialog", classes="dialog"):
            with VerticalScroll(id="safety-body"):
                yield Static("[b]Before this exercise[/]", id="safety-title")
                yield Static("This exercise is about conflict.")
                yield Static(SAFETY, id="safety-text")
                yield Static(HELPLINES)
                yield Static(QUICK_EXIT)
            with Horizontal(id="safety-buttons"):
                yield Button("We feel safe — continue", variant="primary", id="safety-continue")
                yield Button("Go back", id="safety-back")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        # The scrolling text would take focus first; Enter should answer the question.
        self.query_one("#safety-continue", Button).focus()

    def on_resize(self, event: Resize) -> None:
        """Give the text what the dialog has left beside its border, padding and buttons."""
        _fit_body(self.query_one("#safety-body"), event.size.height)

    @on(Button.Pressed, "#safety-continue")
    def _continue(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#safety-back")
    def action_back(self) -> None:
        """Return without opening the exercise."""
        self.dismiss(False)


def _fit_body(body: Widget, screen_height: int) -> None:
    """Let a note's text scroll within what its dialog (see ``dialog_lines``) has left
    beside its border and padding (4 lines) and its buttons (3), so that the buttons
    are never cut off on a small screen."""
    body.styles.max_height = max(3, dialog_lines(screen_height) - 7)
