"""First run: the partners' names, what this workbook is (and is not), then a safety note for both."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from workbook.store import clean_name
from workbook.ui.screens.safety import FirstRunSafetyScreen
from workbook.ui.text import DISCLAIMER, PRIVACY


class OnboardingScreen(Screen[tuple[str, str]]):
    """Asks for both names, shows both partners the safety note, then dismisses with
    the names (already cleaned)."""

    BINDING_GROUP_TITLE = "Welcome"
    BINDINGS = [Binding("ctrl+s", "start", "Start", tooltip="Save the names and begin")]

    def __init__(self, *, blink: bool = True) -> None:
        super().__init__(id="onboarding")
        self.blink = blink

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="onboarding-body"), Center(), Vertical(id="onboarding-card"):
            yield Static("[b]Welcome to Reconnect[/]", id="onboarding-title")
            yield Static(
                "A workbook for the two of you: nine short lessons, worksheets you "
                "fill in together, and a record of what you have done.",
                id="onboarding-intro",
            )
            yield Static(f"[b]Please note.[/] {DISCLAIMER}", id="onboarding-disclaimer")
            yield Static(PRIVACY, id="onboarding-privacy")
            with Horizontal(id="names"):
                with Vertical(classes="name-box"):
                    yield Label("First partner's name")
                    yield self._name_input("first")
                with Vertical(classes="name-box"):
                    yield Label("Second partner's name")
                    yield self._name_input("second")
            yield Static("", id="onboarding-error")
            yield Button("Start", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#first", Input).focus()

    def _name_input(self, which: str) -> Input:
        name_input = Input(placeholder="Name", id=which, max_length=40)
        name_input.cursor_blink = self.blink
        return name_input

    @on(Input.Submitted, "#first")
    def _next(self) -> None:
        self.query_one("#second", Input).focus()

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        """Clear a "please enter a name" once a name is being typed (never leave a
        message about a problem that is gone)."""
        error = self.query_one("#onboarding-error", Static)
        if error.display and event.value.strip():
            error.update("")
            error.display = False

    @on(Input.Submitted, "#second")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Check both names; dismiss with them, or say what is missing."""
        error = self.query_one("#onboarding-error", Static)
        names = []
        for which in ("first", "second"):
            box = self.query_one(f"#{which}", Input)
            try:
                names.append(clean_name(box.value))
            except ValueError as problem:
                error.update(f"{'First' if which == 'first' else 'Second'} partner: {problem}")
                error.display = True
                box.focus()
                return
        if names[0].casefold() == names[1].casefold():
            error.update("Please use two different names, so that the app can tell your answers apart.")
            error.display = True
            self.query_one("#second", Input).focus()
            return
        # Universal education: the same note for both of them, before any lesson; the
        # names are saved only once it has been shown.
        first, second = names

        def noted(_: None) -> None:
            # Not returned: Textual would await the dismissal inside the note's handler.
            self.dismiss((first, second))

        self.app.push_screen(FirstRunSafetyScreen(first, second), noted)
