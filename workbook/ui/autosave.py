"""Debounced autosave: a keystroke never waits for the disk.

Editors hand every change to the app's one :class:`Autosaver`; it writes the latest
value of each answer to the workbook after a short pause in typing, and at once when
a field loses focus, a screen closes, the app quits, is suspended or loses focus
(:class:`AutosavingApp`, the app's base, sees to the last three). Keeping it in one
place means no screen can forget to save.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import App
from textual.message import Message

from workbook.store import Who, WorkbookError

if TYPE_CHECKING:
    from textual.timer import Timer

    from workbook.content import LessonPack
    from workbook.store import Entry, Workbook

#: Longest a change waits before it is written, typing or not (the design allows ≤ 0.5).
DEBOUNCE_SECONDS = 0.4
#: How many answers written by this app are watched for another program's writes.
REMEMBERED = 256
#: Signals that end the app the way Ctrl+Q does: everything saved first.
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

AnswerKey = tuple[int, str, Who]
"""(entry id, field id, who)."""


class Draft:
    """An entry not made yet: an entry exists once something is written in it.

    A worksheet opened just to look makes nothing (an empty dated entry would count as
    activity and become "last worked on"). Answers are queued against the draft; the
    first flush that writes one makes the entry with ``make`` (the store's
    ``open_entry`` or ``new_entry``, under its write lock, so two screens on one
    workbook make one entry) and tells ``on_made``.

    Args:
        make: Makes (or finds) the entry; may raise ``WorkbookError``.
        on_made: Told the entry once it exists.
    """

    def __init__(self, make: Callable[[], Entry], on_made: Callable[[Entry], None]) -> None:
        self._make = make
        self._on_made = on_made
        self.entry: Entry | None = None
        """The entry, once made."""

    def entry_id(self) -> int:
        """The entry's id, making the entry first if it is not made yet."""
        if self.entry is None:
            self.entry = self._make()
            self._on_made(self.entry)
        return self.entry.id


EntryRef = int | Draft
"""An entry's id, or the draft of an entry not made yet."""


@runtime_checkable
class CollectsEdits(Protocol):
    """A screen with editors whose latest values it can queue on demand (before quit)."""

    def collect(self) -> None:
        """Queue every edit on screen that has not been reported yet."""


class AnswersSaved(Message):
    """Answers reached the workbook file (sent to the active screen)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class Autosaver:
    """Collects answer changes and writes them in one transaction per flush.

    Args:
        store: The open workbook.
        set_timer: ``App.set_timer``, to schedule the debounced flush.
        on_saved: Called after a successful flush with the number of answers written.
        on_error: Called with a message for the user when a flush fails; the changes
            stay pending and are retried on the next flush.
        on_overwritten: Called with the answers this app wrote that another program
            (a second window on the same workbook) has since changed: last writer
            wins, but the side that lost is told.
    """

    def __init__(
        self,
        store: Workbook,
        set_timer: Callable[..., Timer],
        on_saved: Callable[[int], None],
        on_error: Callable[[str], None],
        on_overwritten: Callable[[list[AnswerKey]], None] | None = None,
    ) -> None:
        self._store = store
        self._set_timer = set_timer
        self._on_saved = on_saved
        self._on_error = on_error
        self._on_overwritten = on_overwritten
        self._pending: dict[tuple[EntryRef, str, Who], object] = {}
        self._timer: Timer | None = None
        self._written: dict[AnswerKey, object] = {}
        """What this app last wrote to each answer, to notice when another program
        writes over it (the most recent :data:`REMEMBERED` answers)."""

    @property
    def pending(self) -> int:
        """How many answers are waiting to be written."""
        return len(self._pending)

    def queue(self, entry: EntryRef, field_id: str, who: Who, value: object) -> None:
        """Remember the newest value of an answer; it is written at most
        :data:`DEBOUNCE_SECONDS` after the first change not yet written.

        ``entry`` is an entry's id, or a :class:`Draft` that the flush makes first.
        """
        self._pending[(entry, field_id, who)] = value
        # The wait starts with the first unsaved change and is never pushed back by
        # later keys: a crash during steady typing loses at most the debounce (a
        # write costs ~0.1 ms, so writing that often costs nothing a person feels).
        if self._timer is None:
            self._timer = self._set_timer(DEBOUNCE_SECONDS, self.flush, name="autosave")

    def flush(self) -> bool:
        """Write everything pending now.

        Returns:
            True when nothing is left pending.
        """
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._pending:
            return True
        self.check_overwritten()
        batch, self._pending = self._pending, {}
        by_entry: dict[EntryRef, dict[tuple[str, Who], object]] = {}
        for (entry, field_id, who), value in batch.items():
            by_entry.setdefault(entry, {})[(field_id, who)] = value
        written = 0
        for entry, values in by_entry.items():
            try:
                # A draft's first answer makes its entry, in the same try: a busy file
                # keeps the answers pending against the draft, to make it next time.
                entry_id = entry.entry_id() if isinstance(entry, Draft) else entry
                self._store.save_answers(entry_id, values)
                written += len(values)
                for (field_id, who), value in values.items():
                    self._remember((entry_id, field_id, who), value)
            except ValueError as error:
                # Too long to keep: the editor already warned; keep the rest.
                self._on_error(str(error))
            except WorkbookError as error:
                ref = entry.entry.id if isinstance(entry, Draft) and entry.entry else entry
                for (field_id, who), value in values.items():
                    # Newer values queued since (by the entry's id, once it is made) win.
                    self._pending.setdefault((ref, field_id, who), value)
                self._on_error(str(error))
        if written:
            self._on_saved(written)
        return not self._pending

    def _remember(self, key: AnswerKey, value: object) -> None:
        self._written.pop(key, None)  # re-inserted last: the dict keeps recency order
        self._written[key] = value
        while len(self._written) > REMEMBERED:
            del self._written[next(iter(self._written))]

    def check_overwritten(self) -> list[AnswerKey]:
        """Tell ``on_overwritten`` which answers another program changed after this
        app wrote them (each is told once). Called before every save and when the
        app gets the focus back.

        Returns:
            Those answers' keys.
        """
        if not self._written or self._on_overwritten is None:
            return []
        try:
            stored = self._store.stored_values(list(self._written))
        except WorkbookError:
            return []  # the save that follows reports what is wrong
        changed = [key for key, value in stored.items() if value != self._written[key]]
        for key in changed:
            del self._written[key]
        if changed:
            self._on_overwritten(changed)
        return changed


def overwritten_note(keys: list[AnswerKey], store: Workbook, pack: LessonPack) -> str:
    """What to tell the side whose answers another window wrote over: which questions
    (by label, each once), and that the other version is the one kept."""
    labels: list[str] = []
    for entry_id, field_id, _ in keys:
        entry = store.entry(entry_id)
        found = pack.find_worksheet(entry.worksheet_id) if entry else None
        field = found[1].field(field_id) if found is not None else None
        label = f"“{field.label}”" if field is not None else f"“{field_id}”"
        if label not in labels:
            labels.append(label)
    return (
        f"{', '.join(labels)} {'was' if len(labels) == 1 else 'were'} changed in another window "
        "after you wrote it here; the other version is the one saved now, and the worksheet "
        "shows it. Type yours again to keep yours."
    )


class AutosavingApp(App[int]):
    """An app whose every edit reaches the file before it ends.

    It holds the one :class:`Autosaver` (see :meth:`start_autosave`) and saves on
    every way out: Ctrl+Q (also the quick-exit key), SIGTERM or SIGHUP (a plain
    ``kill``, the terminal window closing), suspend, and losing the focus. When a
    save fails, the first Ctrl+Q says so and the second quits anyway.
    """

    def __init__(self) -> None:
        super().__init__()
        self._autosaver: Autosaver | None = None
        self._quit_despite_error = False
        """True once quitting was held back by a failed save: the next Ctrl+Q quits."""

    def start_autosave(self, store: Workbook, on_overwritten: Callable[[list[AnswerKey]], None]) -> None:
        """Make the autosaver, once the workbook is open."""
        self._autosaver = Autosaver(store, self.set_timer, self._saved, self._save_failed, on_overwritten)

    @property
    def autosaver(self) -> Autosaver:
        """The one autosaver (exists once the workbook is open)."""
        assert self._autosaver is not None, "the workbook is not open yet"
        return self._autosaver

    def save_on_every_exit(self) -> None:
        """Save on suspend, and on SIGTERM / SIGHUP as on Ctrl+Q (call on mount)."""
        self.app_suspend_signal.subscribe(self, lambda _app: self.save_everything())
        if not self.is_headless:
            # Without these, closing the terminal window or a plain `kill` ends the
            # process before pending edits are written and the terminal is restored.
            loop = asyncio.get_running_loop()
            for signum in EXIT_SIGNALS:
                loop.add_signal_handler(signum, self._on_signal, signum)

    def stop_catching_signals(self) -> None:
        """Give the exit signals back (call on unmount)."""
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for signum in EXIT_SIGNALS:
                loop.remove_signal_handler(signum)

    def _saved(self, count: int) -> None:
        self._quit_despite_error = False
        if self.screen_stack:
            self.screen.post_message(AnswersSaved(count))

    def _save_failed(self, message: str) -> None:
        self.notify(message, title="Not saved yet", severity="error", timeout=8)

    def on_app_focus(self) -> None:
        # Back from another window, perhaps one open on this same workbook.
        self.check_overwritten()

    def check_overwritten(self) -> None:
        """Tell this screen which of its answers another window has written over."""
        if self._autosaver is not None:
            self._autosaver.check_overwritten()

    def save_everything(self) -> bool:
        """Write every edit now, including ones still in flight. True if all saved."""
        if self._autosaver is None:
            return True
        # The stack is empty while the app shuts down; there is nothing left to collect.
        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, CollectsEdits):
            top.collect()
        return self._autosaver.flush()

    def on_app_blur(self) -> None:
        self.save_everything()

    async def action_quit(self) -> None:
        """Save, then close at once (also the quick-exit key).

        Ctrl+Q is a priority binding, so it runs as soon as the app reads it, while
        keys typed just before it (one terminal write can hold both) may still wait
        in the focused editor's queue. Quitting is queued behind them there, so the
        editor has its last keys before everything is saved.
        """
        focused = self.screen.focused if self.screen_stack else None
        if focused is not None and focused.is_attached:
            focused.call_later(self._save_and_exit)
        else:
            self._save_and_exit()

    def _save_and_exit(self, return_code: int = 0) -> None:
        if self.save_everything() or self._quit_despite_error:
            self.exit(return_code=return_code)
            return
        self._quit_despite_error = True
        self.notify("Press Ctrl+Q again to quit without saving.", severity="warning")

    def _on_signal(self, signum: int) -> None:
        """SIGTERM, or SIGHUP when the terminal window closes: save, then leave."""
        self.save_everything()
        self._quit_despite_error = True  # nobody is there to press Ctrl+Q again
        self.exit(return_code=128 + signum)
