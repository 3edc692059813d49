"""Two screens on one workbook: who is at this one, who else is here, what they changed.

:class:`Live` is the app's link to the other windows, kept free of Textual so that
its rules are tested alone: it polls ``PRAGMA data_version`` (no disk read) and, only
when another connection committed, reads the change counters to say which topics
moved; it keeps this app's presence row and its heartbeat. The app runs it on timers,
posts :class:`WorkbookChanged` to its screens and shows presence in the header.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Static, TabbedContent

from workbook.store import Couple, Who, Workbook, WorkbookError, WorkbookLockedError
from workbook.store.presence import (
    HEARTBEAT_SECONDS,
    Presence,
    announce,
    data_version,
    heartbeat,
    leave,
    move,
    new_instance,
    present,
    revisions,
)
from workbook.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual.widgets import Button

    from workbook.ui.app import WorkbookApp

#: Seconds between two looks at ``PRAGMA data_version``: a save on the other screen
#: shows here within this (plus a paint), and a look costs a few microseconds.
POLL_SECONDS = 0.25


class WorkbookChanged(Message):
    """Another window on this workbook saved something (sent to every open screen).

    Screens reload only what they show, and only for the topics they show.
    """

    def __init__(self, topics: frozenset[str]) -> None:
        super().__init__()
        self.topics = topics
        """What changed: "answers", "entries", "reading", "couple", "settings"."""


@dataclass(frozen=True)
class Change:
    """What one look at the workbook found."""

    topics: frozenset[str] = frozenset()
    """Content topics that moved (never "presence")."""
    presence: bool = False
    """True when who is here, or where, changed."""


def match_partner(couple: Couple, raw: str) -> Who | None:
    """The partner named ``raw`` (case and spacing ignored), or None."""

    def key(name: str) -> str:
        return unicodedata.normalize("NFC", " ".join(name.split())).casefold()

    wanted = key(raw)
    for who in (Who.FIRST, Who.SECOND):
        if key(couple.name(who)) == wanted:
            return who
    return None


def unknown_partner(couple: Couple, raw: str) -> str:
    """The one-line error for ``--as`` with a name that is neither partner's."""
    return (
        f"--as {raw}: this workbook's partners are {couple.first} and {couple.second}; "
        "use one of those names (or leave --as out to be both of you)"
    )


def presence_note(couple: Couple, here: Who, others: list[Presence], place: str = "") -> str:
    """What the header adds: whose screen this is and who else is here, and where.

    Empty for a single window used by both partners (the header stays as it was).
    ``place`` is what this screen shows: a partner on the same page is "here too".
    """
    parts: list[str] = []
    if here is not Who.SHARED:
        parts.append(f"{couple.name(here)}'s screen")
    for other in others:
        who = other.who
        if who is Who.SHARED and here is not Who.SHARED:
            # Whoever is at a "both of us" screen, it is not the partner at this one.
            who = Who.SECOND if here is Who.FIRST else Who.FIRST
        name = "Another screen is open" if who is Who.SHARED else f"{couple.name(who)} is here"
        if other.place and other.place == place:
            parts.append(name + (" too" if who is not Who.SHARED else " on this page"))
        else:
            parts.append(name + (f" · {other.place}" if other.place else ""))
    return " · ".join(parts)


class Live:
    """This app's link to other windows on the workbook.

    Args:
        store: The app's workbook connection.
        here: Who is at this screen.
        clock: Wall-clock seconds (heartbeats are compared across processes).
    """

    def __init__(self, store: Workbook, here: Who, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.here = here
        self.clock = clock
        self.instance = new_instance()
        self.place = ""
        self.others: list[Presence] = []
        """The other apps open on the workbook now."""
        self._version = data_version(store)
        self._revisions = revisions(store)
        self._announced = False

    def others_now(self) -> list[Presence]:
        """The other apps open on the workbook, read afresh (before announcing this one)."""
        return present(self.store, now=self.clock(), besides=self.instance)

    def start(self, place: str) -> None:
        """Announce this app (who is at it, what it shows)."""
        self.place = place
        announce(self.store, self.instance, self.here, place, now=self.clock())
        self._announced = True
        self.others = self.others_now()

    def poll(self, place: str) -> Change:
        """Look for other windows' commits (cheap when there were none), and record a
        move of this screen to another place."""
        if self._announced and (place != self.place):
            move(self.store, self.instance, self.here, place, now=self.clock())
            self.place = place  # only once recorded: a busy file is tried again next tick
        version = data_version(self.store)
        if version == self._version:
            return Change()
        self._version = version
        counts = revisions(self.store)
        moved = frozenset(t for t, n in counts.items() if self._revisions.get(t) != n)
        self._revisions = counts
        presence = "presence" in moved and self._refresh_others()
        return Change(moved - {"presence"}, presence)

    def beat(self) -> bool:
        """Refresh this app's heartbeat and drop others whose heartbeat went stale.

        Returns:
            True when the others on the workbook changed.
        """
        if self._announced and not heartbeat(self.store, self.instance, now=self.clock()):
            announce(self.store, self.instance, self.here, self.place, now=self.clock())
        return self._refresh_others()

    def _refresh_others(self) -> bool:
        others = self.others_now()
        changed = [(o.instance, o.who, o.place) for o in others] != [
            (o.instance, o.who, o.place) for o in self.others
        ]
        self.others = others
        return changed

    def become(self, here: Who) -> None:
        """Someone else is at this screen now."""
        self.here = here
        if self._announced:
            move(self.store, self.instance, here, self.place, now=self.clock())

    def stop(self) -> None:
        """This app closes: the others see it go at once."""
        if self._announced:
            self._announced = False
            try:
                leave(self.store, self.instance)
            except WorkbookError:
                pass  # its heartbeat goes stale instead


class LiveLink:
    """The app's side of two screens: who is here, the timers, what screens are told.

    Args:
        app: The app (its screens, timers and header).
        store: Its open workbook.
    """

    def __init__(self, app: WorkbookApp, store: Workbook) -> None:
        self.app = app
        self.store = store
        self.live = Live(store, Who.SHARED, clock=app.wall_clock)
        self.note = ""
        """What the header adds about this screen and the others ("" when alone)."""
        self._tabs: WeakKeyDictionary[Screen[None], TabbedContent] = WeakKeyDictionary()
        """The tab bar of each main screen (for :meth:`place`)."""
        self._couple: Couple | None = None
        """The partners' names, read once: they change only through onboarding (before
        this link starts) or another program (a "couple" change, which forgets them)."""

    @property
    def here(self) -> Who:
        """Who is at this screen."""
        return self.live.here

    def title(self, base: Content) -> Content:
        """The header's title with whose screen this is and who else is here."""
        return Content.assemble(base, (" · ", "dim"), (self.note, "bold")) if self.note else base

    def go(self, as_name: str | None) -> None:
        """Decide who is at this screen (``--as``, or ask when the workbook is open on
        another screen), then announce it and start watching for the other's saves."""
        couple = self.store.couple()
        assert couple is not None, "after onboarding"
        if as_name is not None:
            who = match_partner(couple, as_name)
            if who is None:
                self.app.error_message = unknown_partner(couple, as_name)
                self.app.exit(return_code=2)
                return
            self._start(who)
            return
        others = self.live.others_now()
        if not others:
            self._start(Who.SHARED)  # one screen: both of you, as always
            return
        self.app.push_screen(WhoScreen(couple, others), lambda who: self._start(who or Who.SHARED))

    def _start(self, here: Who) -> None:
        self.live.here = here
        self.live.start(self.place())
        # Each tick costs one PRAGMA (no disk read) until the other window commits.
        self.app.set_interval(POLL_SECONDS, self.poll, name="live-poll")
        self.app.set_interval(HEARTBEAT_SECONDS, self.beat, name="heartbeat")
        self.show_presence()

    def place(self) -> str:
        """What this screen shows, in a few words, for the other screen's header."""
        from workbook.ui.screens.main import MainScreen

        pack = self.app.pack
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ModalScreen):
                continue  # a dialog: the place is what it sits on
            worksheet = getattr(screen, "worksheet", None)
            if worksheet is not None:
                return str(worksheet.title)
            if isinstance(screen, MainScreen) and pack is not None:
                tabs = self._tabs.get(screen)
                if tabs is None:
                    # Found once per screen: a DOM query on every tick would be most of
                    # the poll's cost (a quarter of a millisecond).
                    found = screen.query(TabbedContent)
                    if not found:
                        return "Home"  # not composed yet
                    tabs = self._tabs[screen] = found.first()
                active = tabs.active
                info = pack.info(active.removeprefix("lesson-")) if active.startswith("lesson-") else None
                return info.title if info is not None else "Home"
            return screen.title or ""
        return ""

    def poll(self) -> None:
        """The poll timer's tick: cheap unless another window committed."""
        if not self.app.screen_stack:
            return
        place = self.live.place
        try:
            change = self.live.poll(self.place())
        except WorkbookLockedError:
            return  # another program holds the file: the next tick tries again
        if change.presence or self.live.place != place:
            self.show_presence()
        if change.topics:
            self.changed(change.topics)

    def changed(self, topics: frozenset[str]) -> None:
        """Another window saved: tell every screen, and bring progress up to date
        where it is on screen."""
        from workbook.ui.screens.main import MainScreen
        from workbook.ui.screens.progress import ProgressScreen

        if "couple" in topics:
            self._couple = None  # renamed elsewhere: read again when next shown
        if "answers" in topics:
            self.app.check_overwritten()  # the side whose answer was replaced is told
        stack = self.app.screen_stack
        for screen in stack:
            screen.post_message(WorkbookChanged(topics))
        shown = next((s for s in reversed(stack) if not isinstance(s, ModalScreen)), None)
        if isinstance(shown, MainScreen | ProgressScreen) and topics & {"answers", "entries", "reading"}:
            self.app.refresh_progress()

    def beat(self) -> None:
        """The heartbeat timer's tick."""
        try:
            changed = self.live.beat()
        except WorkbookLockedError:
            return  # the next beat will do; staleness allows for a few misses
        if changed:
            self.show_presence()

    def show_presence(self) -> None:
        """Say in every header whose screen this is and who else is here."""
        # Every change of place (each tab switch) comes here: no query for the names.
        couple = self._couple = self._couple or self.store.couple()
        if couple is None:
            return
        note = presence_note(couple, self.live.here, self.live.others, self.live.place)
        if note == self.note:
            return
        self.note = note
        for screen in self.app.screen_stack:
            for header in screen.query(Header):
                # A header not composed yet, or closing, has no title to tell.
                for title in header.query("HeaderTitle").results(Static):
                    title.update(header.format_title())

    def stop(self) -> None:
        """The app closes: leave the workbook's presence at once."""
        self.live.stop()


class WhoScreen(ModalScreen[Who]):
    """ "Who is at this screen?", asked when the workbook is already open elsewhere."""

    BINDINGS = [Binding("escape", "both", "Both of us", tooltip="Both of you are at this screen")]

    def __init__(self, couple: Couple, others: list[Presence]) -> None:
        super().__init__(classes="confirm", id="who")
        self.couple = couple
        self.others = others

    def compose(self) -> ComposeResult:
        from textual.widgets import Button  # only a second screen asks: not at start-up

        from workbook.ui.screens.dialogs import ButtonRow

        where = presence_note(self.couple, Who.SHARED, self.others)
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static("[b]Who is at this screen?[/]", id="who-title")
            yield Static(
                f"This workbook is open on another screen too ({escape(where)}). "
                "Each of you can answer at your own screen; answers saved on one show on the other.",
                id="confirm-question",
            )
            with ButtonRow(id="confirm-buttons", classes="dialog-buttons"):
                yield Button(self.couple.first, variant="primary", id="who-first")
                yield Button(self.couple.second, variant="primary", id="who-second")
                yield Button("Both of us", id="who-both")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        # The likely answer has the focus: the partner who is not at the other screen.
        taken = {other.who for other in self.others}
        button = "#who-both"
        if taken == {Who.FIRST}:
            button = "#who-second"
        elif taken == {Who.SECOND}:
            button = "#who-first"
        self.query_one(button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = {"who-first": Who.FIRST, "who-second": Who.SECOND}.get(event.button.id or "", Who.SHARED)
        self.dismiss(choice)

    def action_both(self) -> None:
        """Both partners are at this screen (as with one screen)."""
        self.dismiss(Who.SHARED)
