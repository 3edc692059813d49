"""Speaking turns: a big countdown, the floor passing between partners, and after
each turn the listener's mirror (what I heard) and the speaker's answer (did they
get it?). Adapted from the speaker–listener technique (PREP)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Digits, Input, Static

from workbook.store import Couple, Who
from workbook.ui.widgets.footer import Footer

#: The speaker's answer to the listener's mirror.
ANSWERS = ("yes", "partly", "no")


def turn_summary(record: dict[str, Any], couple: Couple) -> list[str]:
    """One line per recorded turn, for the worksheet and exports."""
    lines = []
    for number, turn in enumerate(record.get("turns", []), start=1):
        speaker = couple.name(Who(turn.get("speaker", 1)))
        seconds = int(turn.get("seconds", 0))
        mirror = turn.get("mirror") or "—"
        got_it = turn.get("confirmed", "—")
        spoke = f"{seconds // 60}:{seconds % 60:02d}"
        tries = turn.get("tries", 1)
        again = f" ({tries} tries)" if isinstance(tries, int) and tries > 1 else ""
        lines.append(f"{number}. {speaker} spoke {spoke} · mirror{again}: {mirror} · got it: {got_it}")
    return lines


class TimerScreen(Screen[dict[str, Any] | None]):
    """Runs speaking turns; dismisses with the record of turns (or None if none)."""

    BINDING_GROUP_TITLE = "Speaking turns"
    BINDINGS = [
        Binding("space", "pause", "Pause / resume", tooltip="Pause or resume the countdown"),
        Binding("s", "end_turn", "End turn", tooltip="End this turn now and go to the mirror step"),
        Binding("escape", "finish", "Finish", tooltip="Stop and keep the turns recorded so far"),
    ]

    phase: reactive[str] = reactive("choose", init=False)
    """"choose" (who starts), "speaking", or "mirror" (the listener sums up)."""

    paused: reactive[bool] = reactive(False, init=False)
    """True while the countdown is paused."""

    def __init__(
        self,
        couple: Couple,
        minutes: float,
        record: dict[str, Any] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        first: Who | None = None,
    ) -> None:
        """
        Args:
            couple: The partners.
            minutes: Minutes per turn.
            record: Turns recorded before (a new run adds to them).
            clock: Monotonic seconds (tests step it by hand).
            first: Who speaks first, when the worksheet says so (else the couple picks).
        """
        super().__init__(classes="timer-screen")
        self.couple = couple
        self.seconds_per_turn = max(1, round(minutes * 60))
        self.clock = clock
        self.turns: list[dict[str, Any]] = list((record or {}).get("turns", []))
        self.first = first
        self.speaker = first or Who.FIRST
        self._tries = 0
        """Summaries the listener has given for the current turn (another after a "No")."""
        self._started = 0.0
        self._spent_before_pause = 0.0
        self._spoken = 0

    @property
    def listener(self) -> Who:
        """Whoever does not have the floor."""
        return Who.SECOND if self.speaker is Who.FIRST else Who.FIRST

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="timer-body"):
            yield Static("", id="timer-who")
            with Center():
                yield Digits("", id="timer-clock")
            yield Static("", id="timer-state")
            with Horizontal(id="timer-choose"):
                # The highlighted button is the focused one (see _highlight_focused).
                yield Button(f"{self.couple.first} starts", id="start-1")
                yield Button(f"{self.couple.second} starts", id="start-2")
            with Vertical(id="timer-mirror"):
                yield Static("", id="mirror-prompt")
                yield Input(placeholder="In your own words, without adding your view", id="mirror")
                yield Static("", id="confirm-prompt")
                with Horizontal(id="timer-confirm"):
                    for answer in ANSWERS:
                        yield Button(answer.capitalize(), id=f"got-{answer}")
            yield Static("", id="timer-record")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.25, self.tick, name="speaking-turn")
        self._show()
        # Enter starts with whoever the worksheet names (else the first partner).
        self.query_one(f"#start-{int(self.speaker)}", Button).focus()

    def on_descendant_focus(self) -> None:
        self._highlight_focused()

    def _highlight_focused(self) -> None:
        """The button that looks chosen is the one Enter presses: the focused one."""
        for button in self.query("#timer-choose Button").results(Button):
            button.variant = "primary" if button is self.focused else "default"

    # -- the clock ----------------------------------------------------------------

    def _elapsed(self) -> float:
        if self.phase != "speaking":
            return self._spent_before_pause
        running = 0.0 if self.paused else self.clock() - self._started
        return self._spent_before_pause + running

    def tick(self) -> None:
        """Update the countdown; end the turn when time is up."""
        if self.phase != "speaking":
            return
        remaining = max(0, self.seconds_per_turn - int(self._elapsed()))
        self.query_one("#timer-clock", Digits).update(f"{remaining // 60:02d}:{remaining % 60:02d}")
        if remaining <= 0:
            self.action_end_turn()

    def _start_turn(self) -> None:
        self._spent_before_pause = 0.0
        self._started = self.clock()
        self.paused = False
        self.phase = "speaking"
        self.tick()

    def action_pause(self) -> None:
        """Pause or resume the countdown."""
        if self.phase != "speaking":
            return
        if self.paused:
            self._started = self.clock()
        else:
            self._spent_before_pause += self.clock() - self._started
        self.paused = not self.paused

    def action_end_turn(self) -> None:
        """Close the turn (time up, or ended early): bell, then the mirror step."""
        if self.phase != "speaking":
            return
        self._spoken = min(self.seconds_per_turn, int(self._elapsed()))
        self._spent_before_pause = 0.0
        self.phase = "mirror"
        self.app.bell()
        # A visible signal too, for terminals whose bell is silent.
        self.add_class("-flash")
        self.set_timer(1.0, lambda: self.remove_class("-flash"))
        self._tries = 0
        self.query_one("#mirror", Input).value = ""
        self.query_one("#mirror", Input).focus()

    def action_finish(self) -> None:
        """Stop; keep the turns recorded so far."""
        self.dismiss({"minutes": self.seconds_per_turn / 60, "turns": self.turns} if self.turns else None)

    # -- choices ------------------------------------------------------------------

    @on(Button.Pressed, "#start-1, #start-2")
    def _choose(self, event: Button.Pressed) -> None:
        self.speaker = Who.FIRST if event.button.id == "start-1" else Who.SECOND
        self._start_turn()

    @on(Input.Submitted, "#mirror")
    def _mirror_given(self) -> None:
        """Enter after the summary: on to the speaker's answer."""
        self.query_one("#got-yes", Button).focus()

    @on(Button.Pressed, "#timer-confirm Button")
    def _confirmed(self, event: Button.Pressed) -> None:
        answer = (event.button.id or "got-partly").removeprefix("got-")
        mirror = self.query_one("#mirror", Input)
        self._tries += 1
        if answer == "no":
            # As in the lesson's worked example: the listener tries again, the floor stays.
            mirror.value = ""
            mirror.focus()
            self._show()
            return
        turn: dict[str, Any] = {
            "speaker": int(self.speaker),
            "seconds": self._spoken,
            "mirror": mirror.value.strip(),
            "confirmed": answer,
        }
        if self._tries > 1:
            turn["tries"] = self._tries
        self.turns.append(turn)
        self.speaker = self.listener  # the floor passes
        self._start_turn()

    # -- display ------------------------------------------------------------------

    def watch_phase(self) -> None:
        self._show()

    def watch_paused(self) -> None:
        self._show()

    def _show(self) -> None:
        speaker, listener = self.couple.name(self.speaker), self.couple.name(self.listener)
        who = self.query_one("#timer-who", Static)
        state = self.query_one("#timer-state", Static)
        self.query_one("#timer-choose").display = self.phase == "choose"
        self.query_one("#timer-mirror").display = self.phase == "mirror"
        self.query_one("#timer-clock").display = self.phase != "choose"
        if self.phase == "choose":
            minutes = self.seconds_per_turn / 60
            who.update(f"[b]Speaking turns[/] · {minutes:g} minute{'s' if minutes != 1 else ''} each")
            if self.first is not None:
                state.update(f"{escape(speaker)} speaks first, as the worksheet says · [b]Enter[/] starts")
            else:
                state.update("Who speaks first?")
        elif self.phase == "speaking":
            who.update(
                f"[b]{escape(speaker)}[/] has the floor · {escape(listener)} listens, without interrupting"
            )
            state.update("Paused · Space resumes" if self.paused else "Space pauses · S ends the turn early")
        elif self._tries:
            who.update(
                f"Not quite yet. [b]{escape(listener)}[/], try once more: what did {escape(speaker)} say?"
            )
            state.update(f"{escape(speaker)} can add a sentence to help.")
            self.query_one("#mirror-prompt", Static).update(
                f"{escape(listener)}: what I heard {escape(speaker)} say (try {self._tries + 1})"
            )
        else:
            who.update(f"Time. [b]{escape(listener)}[/], sum up what you heard.")
            state.update("[b]Enter[/] when done, then " + escape(speaker) + " answers")
            self.query_one("#mirror-prompt", Static).update(
                f"{escape(listener)}: what I heard {escape(speaker)} say"
            )
            self.query_one("#confirm-prompt", Static).update(
                f"{escape(speaker)}: did {escape(listener)} get it?"
            )
        record = "\n".join(escape(line) for line in turn_summary({"turns": self.turns}, self.couple))
        self.query_one("#timer-record", Static).update(f"[b]Turns so far[/]\n{record}" if record else "")
