"""Speaking turns: a big countdown, the floor passing between partners, and after
each turn the listener's mirror (what I heard) and the speaker's answer (did they
get it?). Adapted from the speaker–listener technique (PREP).

At two screens (each partner at their own), the turns are shared through the workbook:
whoever starts them, both screens show the countdown and who has the floor; the
listener sums up on their screen and the speaker answers on theirs (:class:`TimerLink`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Digits, Input, Static

from workbook.content.kinds import TURN_ANSWERS
from workbook.export.answers import speaking_turns
from workbook.store import Couple, Who, WorkbookError
from workbook.ui.live import WorkbookChanged
from workbook.ui.screens.dialogs import ButtonRow, ConfirmScreen, close_over_dialogs
from workbook.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from workbook.store import Workbook

#: The speaker's answer to the listener's mirror.
ANSWERS = TURN_ANSWERS
#: Setting that holds the speaking turns running now, shared by two screens.
LIVE_TIMER = "speaking_turns_live"


class TimerLink:
    """Speaking turns shared with the other screen, through one workbook setting.

    Each change (a start, a pause, the end of a turn, the summary as it is typed, an
    answer, the finish) is written whole; the other screen reads it when the workbook
    tells it a setting changed. Times travel as wall-clock moments, since the two
    screens are two processes.

    Args:
        store: The workbook.
        entry_id: The entry whose turns these are.
        field_id: The timer field.
        instance: This app's presence id: turns are joined only while the app that
            last changed them is open (not the leftover of one that crashed).
        wall: Wall-clock seconds.
    """

    def __init__(
        self,
        store: Workbook,
        entry_id: int,
        field_id: str,
        *,
        instance: str = "",
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.instance = instance
        self.entry_id = entry_id
        self.field_id = field_id
        self.wall = wall
        self.token = uuid.uuid4().hex
        """This screen's mark on what it writes (its own changes are not applied again)."""
        self._seen = ""

    def publish(self, state: dict[str, Any]) -> None:
        """Write this screen's state of the turns for the other screen."""
        self._seen = uuid.uuid4().hex
        shared = {
            **state,
            "entry": self.entry_id,
            "field": self.field_id,
            "by": self.token,
            "instance": self.instance,
        }
        try:
            self.store.set_setting(LIVE_TIMER, {**shared, "rev": self._seen})
        except WorkbookError:
            pass  # the next change writes the whole state again

    def read(self) -> dict[str, Any] | None:
        """The other screen's newest state of these turns, once (None: nothing new)."""
        state = running(self.store, self.entry_id)
        if state is None and self._seen:
            state = self.store.setting(LIVE_TIMER)  # finished: still ours to hear of
        if not isinstance(state, dict) or state.get("entry") != self.entry_id:
            return None
        if state.get("by") == self.token or state.get("rev") == self._seen:
            return None
        self._seen = str(state.get("rev", ""))
        return state


def running(store: Workbook, entry_id: int) -> dict[str, Any] | None:
    """The speaking turns running now on an entry (from either screen), or None."""
    try:
        state = store.setting(LIVE_TIMER)
    except WorkbookError:
        return None
    if isinstance(state, dict) and state.get("entry") == entry_id and state.get("phase") != "finished":
        return state
    return None


class TimerScreen(Screen[dict[str, Any] | None]):
    """Runs speaking turns; dismisses with the record of turns (or None if none)."""

    BINDING_GROUP_TITLE = "Speaking turns"
    BINDINGS = [
        Binding("space", "pause", "Pause / resume", tooltip="Pause or resume the countdown"),
        Binding("s", "end_turn", "End turn", tooltip="End this turn now and go to the mirror step"),
        Binding("escape", "finish", "Finish", tooltip="Stop and keep the turns recorded so far"),
        # A row of buttons (who starts; yes / partly / no) reads like a choice: the
        # arrows move along it, as Tab does. In the summary box they move the cursor.
        Binding("left", "along_row(-1)", "Previous button", show=False),
        Binding("right", "along_row(1)", "Next button", show=False),
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
        link: TimerLink | None = None,
        here: Who = Who.SHARED,
        joined: dict[str, Any] | None = None,
    ) -> None:
        """
        Args:
            couple: The partners.
            minutes: Minutes per turn.
            record: Turns recorded before (a new run adds to them).
            clock: Monotonic seconds (tests step it by hand).
            first: Who speaks first, when the worksheet says so (else the couple picks).
            link: Shares the turns with the other screen (two screens on one workbook).
            here: Who is at this screen: the listener sums up at theirs, the speaker
                answers at theirs (``Who.SHARED``: both, at one screen).
            joined: The other screen's state of turns already running, to join.
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
        self.link = link
        self.here = here
        self._joined = joined

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
            with ButtonRow(id="timer-choose"):
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
        if self._joined is not None:
            self._apply(self._joined)
        else:
            self._publish()

    # -- two screens --------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        """Everything the other screen needs to show these turns as this one does."""
        assert self.link is not None
        started = self.link.wall() - (self.clock() - self._started)
        return {
            "phase": self.phase,
            "seconds_per_turn": self.seconds_per_turn,
            "speaker": int(self.speaker),
            "paused": self.paused,
            "started_at": started,
            "spent": self._spent_before_pause,
            "spoken": self._spoken,
            "tries": self._tries,
            "mirror": self.query_one("#mirror", Input).value,
            "turns": self.turns,
        }

    def _publish(self) -> None:
        if self.link is not None:
            self.link.publish(self._state())

    @on(WorkbookChanged)
    def _other_screen(self, event: WorkbookChanged) -> None:
        if "settings" in event.topics and self.link is not None:
            state = self.link.read()
            if state is not None:
                self._apply(state)

    def _apply(self, state: dict[str, Any]) -> None:
        """Show the turns as the other screen has them now."""
        assert self.link is not None
        if state.get("phase") == "finished":
            self.notify("The speaking turns were finished on the other screen; they are saved.")
            close_over_dialogs(self)  # the screen that finished saves the record
            return
        before = self.phase
        self.seconds_per_turn = int(state.get("seconds_per_turn", self.seconds_per_turn))
        self.speaker = Who(int(state.get("speaker", 1)))
        self._spent_before_pause = float(state.get("spent", 0.0))
        self._started = self.clock() - (self.link.wall() - float(state.get("started_at", self.link.wall())))
        self._spoken = int(state.get("spoken", 0))
        self._tries = int(state.get("tries", 0))
        self.turns = list(state.get("turns", []))
        mirror = self.query_one("#mirror", Input)
        typing_here = mirror.has_focus and self.here in (Who.SHARED, self.listener)
        if not typing_here:
            mirror.value = str(state.get("mirror", ""))
        self.paused = bool(state.get("paused", False))
        self.phase = str(state.get("phase", "choose"))
        if self.phase == "mirror" and before != "mirror":
            self._turn_ended()
        self._show()
        self.tick()

    def _mine(self, role: Who) -> bool:
        """Whether the person at this screen plays ``role`` (at one screen: always)."""
        return self.here is Who.SHARED or self.here is role

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
        self._publish()

    def action_pause(self) -> None:
        """Pause or resume the countdown."""
        if self.phase != "speaking":
            return
        if self.paused:
            self._started = self.clock()
        else:
            self._spent_before_pause += self.clock() - self._started
        self.paused = not self.paused
        self._publish()

    def action_end_turn(self) -> None:
        """Close the turn (time up, or ended early): bell, then the mirror step."""
        if self.phase != "speaking":
            return
        self._spoken = min(self.seconds_per_turn, int(self._elapsed()))
        self._spent_before_pause = 0.0
        self._tries = 0
        self.query_one("#mirror", Input).value = ""
        self.phase = "mirror"
        self._turn_ended()
        self._publish()

    def _turn_ended(self) -> None:
        """Bell and flash; the listener's screen goes to the summary."""
        self.app.bell()
        # A visible signal too, for terminals whose bell is silent.
        self.add_class("-flash")
        self.set_timer(1.0, lambda: self.remove_class("-flash"))
        if self._mine(self.listener):
            self.query_one("#mirror", Input).focus()
        elif self._mine(self.speaker):
            self.query_one("#got-yes", Button).focus()  # the speaker's screen: Enter answers

    def action_along_row(self, step: int) -> None:
        """Move the focus to the next (or previous) button of the focused row."""
        focused = self.focused
        if not isinstance(focused, Button) or focused.parent is None:
            return
        row = focused.parent
        if row.id not in ("timer-choose", "timer-confirm"):
            return
        buttons = list(row.query(Button))
        buttons[(buttons.index(focused) + step) % len(buttons)].focus()

    def action_finish(self) -> None:
        """Stop; keep the turns recorded so far. A turn under way (spoken for a second
        or more, or waiting for its summary to be answered) is not one of them yet:
        asked first, so that Esc does not drop it unseen."""
        if self.phase == "mirror" or (self.phase == "speaking" and self._elapsed() >= 1):
            speaker = escape(self.couple.name(self.speaker))
            question = f"Stop the speaking turns now? {speaker}'s turn is not finished, and it is not kept."

            def answered(stop: bool | None) -> None:
                # Not if the other screen finished them meanwhile (this one is closed).
                if stop and self in self.app.screen_stack:
                    self._finish()

            self.app.push_screen(ConfirmScreen(question, "Stop"), answered)
            return
        self._finish()

    def _finish(self) -> None:
        if self.link is not None:
            self.link.publish({"phase": "finished", "turns": self.turns})
        self.dismiss({"minutes": self.seconds_per_turn / 60, "turns": self.turns} if self.turns else None)

    # -- choices ------------------------------------------------------------------

    @on(Button.Pressed, "#start-1, #start-2")
    def _choose(self, event: Button.Pressed) -> None:
        self.speaker = Who.FIRST if event.button.id == "start-1" else Who.SECOND
        self._start_turn()

    @on(Input.Submitted, "#mirror")
    def _mirror_given(self) -> None:
        """Enter after the summary: on to the speaker's answer."""
        if self._mine(self.speaker):
            self.query_one("#got-yes", Button).focus()

    @on(Input.Changed, "#mirror")
    def _mirror_typed(self) -> None:
        # The speaker reads the summary on their own screen as it is typed.
        if self.phase == "mirror" and self.query_one("#mirror", Input).has_focus:
            self._publish()

    @on(Button.Pressed, "#timer-confirm Button")
    def _confirmed(self, event: Button.Pressed) -> None:
        answer = (event.button.id or "got-partly").removeprefix("got-")
        mirror = self.query_one("#mirror", Input)
        self._tries += 1
        if answer == "no":
            # As in the lesson's worked example: the listener tries again, the floor stays.
            mirror.value = ""
            if self._mine(self.listener):
                mirror.focus()
            self._show()
            self._publish()
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
        # At two screens, the listener sums up at theirs and the speaker answers at theirs.
        self.query_one("#mirror", Input).disabled = not self._mine(self.listener)
        for button in self.query("#timer-confirm Button").results(Button):
            button.disabled = not self._mine(self.speaker)
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
            # "Time." only when it ran out; S ends a turn early.
            ended = "Time." if self._spoken >= self.seconds_per_turn else f"{escape(speaker)} is done."
            who.update(f"{ended} [b]{escape(listener)}[/], sum up what you heard.")
            state.update("[b]Enter[/] when done, then " + escape(speaker) + " answers")
            self.query_one("#mirror-prompt", Static).update(
                f"{escape(listener)}: what I heard {escape(speaker)} say"
            )
            self.query_one("#confirm-prompt", Static).update(
                f"{escape(speaker)}: did {escape(listener)} get it?"
            )
        record = escape(speaking_turns({"turns": self.turns}, self.couple).text()) if self.turns else ""
        self.query_one("#timer-record", Static).update(f"[b]Turns so far[/]\n{record}" if record else "")
