"""The worksheet screen's side of two screens on one workbook (see ``ui/live.py``).

:class:`LiveSheet` is the base of :class:`~workbook.ui.screens.worksheet.WorksheetScreen`:
what the other screen saves (answers, done marks, reveal parts, speaking turns) shows
here without a key pressed. A field being typed in here is never changed under the
cursor: the other version is shown beside it, to use or to set aside. Kept apart from
the worksheet's own module so that each stays a readable size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual import on
from textual.widget import Widget
from textual.widgets import Static

from workbook.store import Answer, Couple, Entry, Who, Workbook, is_answered
from workbook.ui.live import WorkbookChanged
from workbook.ui.messages import OpenEntry
from workbook.ui.screens.base import FullScreen
from workbook.ui.screens.dialogs import close_over_dialogs
from workbook.ui.widgets.compound import TimerEditor
from workbook.ui.widgets.fields import FieldEditor
from workbook.ui.widgets.theirs import TheirVersion

if TYPE_CHECKING:
    from workbook.content import Field, Lesson, Worksheet
    from workbook.ui.autosave import Autosaver, Draft
    from workbook.ui.live import Live


class LiveSheet(FullScreen):
    """A worksheet that follows the other screen (the worksheet screen builds on it)."""

    store: Workbook
    autosaver: Autosaver
    """The app's one autosaver."""
    live: Live | None
    """The link to the other screens on the workbook (None: none yet)."""
    entry: Entry | None
    """The entry shown; None while it is a draft, made by its first save."""
    draft: Draft
    fresh: bool
    answers: dict[tuple[str, Who], Answer]
    couple: Couple
    here: Who
    turn: Who | None
    waiting: bool
    lesson: Lesson
    worksheet: Worksheet
    timer_clock: Callable[[], float]

    def __init__(self, answers: dict[tuple[str, Who], Answer]) -> None:
        super().__init__(classes="worksheet-screen")
        self._sent: dict[tuple[str, Who], deque[object]] = {}
        """Values this screen queued for saving, recent first per answer."""
        self._unflushed: set[tuple[str, Who]] = set()
        """Answers sent since the autosaver last had nothing pending: a stored value
        among their sent ones is this screen's own save, not the other screen's."""
        self._known: dict[tuple[str, Who], object] = {key: a.value for key, a in answers.items()}
        """What this screen believes each answer in the file is (loaded, written here,
        or last seen from the other screen): a stored value that differs is theirs."""
        self._retired: WeakSet[FieldEditor] = WeakSet()
        """Editors being removed, replaced by a live update (gone on the next frame)."""
        self._touched: set[tuple[str, Who]] = set()
        """Answers typed into here since the cursor went into them: being edited."""

    # What the worksheet screen provides.

    def _editor(self, field: Field, who: Who, value: object) -> FieldEditor:
        raise NotImplementedError

    def _turn_note(self) -> str:
        raise NotImplementedError

    def _meta(self) -> str:
        raise NotImplementedError

    def _show_completion(self) -> None:
        raise NotImplementedError

    def _entry_made(self, entry: Entry) -> None:
        raise NotImplementedError

    def editors(self) -> list[FieldEditor]:
        """The editors on screen, without those a live update is replacing."""
        return [e for e in self.query(FieldEditor) if e not in self._retired]

    def _send(self, editor: FieldEditor, value: object) -> None:
        """Queue an answer for saving, and remember it as this screen's own."""
        key = (editor.field.id, editor.who)
        self._sent.setdefault(key, deque(maxlen=64)).appendleft(value)
        self._unflushed.add(key)
        self._touched.add(key)
        target = self.entry.id if self.entry is not None else self.draft
        self.autosaver.queue(target, editor.field.id, editor.who, value)

    # -- the other screen -----------------------------------------------------------

    @on(WorkbookChanged)
    def _other_screen_saved(self, event: WorkbookChanged) -> None:
        """Show what the other screen saved: its answers, done marks and reveal parts.

        A field being edited here is never changed under the cursor: their version is
        shown beside it instead, to use or to set aside.
        """
        if "entries" in event.topics and not self._reload_entry():
            return
        if "answers" in event.topics:
            self._reload_answers()
        if "settings" in event.topics:
            self._join_timer()

    def _reload_entry(self) -> bool:
        """The entry's status and parts again; False when this screen closes."""
        shown = self.entry
        if shown is None:
            # A draft: the other screen may have made this worksheet's entry by saving
            # first. Show that one (this screen's first save finds it too).
            if self.fresh:
                return True
            shown = self.store.current_entry(
                self.lesson.id, self.worksheet.id, repeatable=self.worksheet.repeatable
            )
            if shown is None:
                return True
            self._entry_made(shown)
        entry = self.store.entry(shown.id)
        if entry is None:
            self.notify("This entry was deleted on the other screen.", severity="warning")
            close_over_dialogs(self)
            return False
        if entry != self.entry:
            self.entry = self.draft.entry = entry
            self.query_one("#sheet-meta", Static).update(self._meta())
            self._show_completion()
        if self.turn is not None and self.here is not Who.SHARED:
            if self.store.parts_done(entry.id) >= {Who.FIRST, Who.SECOND}:
                self.notify("You have both finished: here are your answers, side by side.")
                self._reveal()
                return False
        return True

    def _reveal(self) -> None:
        assert self.entry is not None, "both parts are done: the entry exists"
        self.app.post_message(OpenEntry(self.lesson.id, self.worksheet.id, self.entry.id, reveal=True))

    def _reload_answers(self) -> None:
        if self.entry is None:
            return  # a draft: nothing of it is in the file
        self.answers = self.store.answers(self.entry.id)
        if not self.autosaver.pending:
            # Everything this screen sent is in the file now.
            for key in self._unflushed:
                self._known[key] = self._sent[key][0]
            self._unflushed.clear()
        bars = {bar.key: bar for bar in self.query(TheirVersion)}
        for editor in self.editors():
            if not editor.is_mounted:
                continue
            key = (editor.field.id, editor.who)
            stored, known = self.answers.get(key), self._known.get(key)
            if stored is None or stored.value == known:
                continue  # nobody else changed it since this screen last knew
            value, mine = stored.value, editor.current()
            if key in self._unflushed and value in self._sent.get(key, ()):
                continue  # this screen's own save, just written
            self._known[key] = value
            if value == mine:
                if key in bars:
                    bars.pop(key).remove()
                continue  # the same answer
            if self._edited_here(editor, mine, known):
                self._show_theirs(editor, value, bars.get(key))
            else:
                focused = editor.has_focus_within
                fresh = self._replace(editor, value)
                if focused:  # the cursor stays in the field
                    self.call_after_refresh(self._focus_in, fresh)
        if self.turn is not None:
            self.query_one("#reveal-turn", Static).update(self._turn_note())
        self._show_completion()

    def _edited_here(self, editor: FieldEditor, mine: object, known: object) -> bool:
        """Whether ``editor`` holds something typed here that the file did not have
        (``known``: what this screen believed was in the file before this update): such
        a field is never replaced by the other screen's version (it is offered beside
        it instead)."""
        key = (editor.field.id, editor.who)
        if key in self._touched and editor.has_focus_within:
            return True  # the cursor is in it, after typing
        if mine != editor.last_value:
            return True  # typed, not yet reported
        # Reported by the editor, but not yet heard here (its message is still on the
        # way): a draft joining the other screen's entry replaced Sam's "sa" by Alex's
        # "alex" in that moment, and the next key went nowhere. Compared with the last
        # value heard (sent for saving), else what the file was believed to hold: that
        # belief lags while anything is pending, and a field typed and left earlier
        # would then be kept from the other screen's newer answer.
        sent = self._sent.get(key)
        heard = sent[0] if sent else known
        return is_answered(mine) and mine != heard

    def _show_theirs(self, editor: FieldEditor, value: object, bar: TheirVersion | None) -> None:
        from workbook.export.answers import answer_text

        text = " ".join(answer_text(editor.field, value, self.couple).split())
        if bar is not None:
            bar.show(value, text)
            return
        who = Who.SECOND if self.here is Who.FIRST else Who.FIRST if self.here is Who.SECOND else Who.SHARED
        name = self.couple.name(who) if who is not Who.SHARED else "The other screen"
        assert isinstance(editor.parent, Widget)
        editor.parent.mount(TheirVersion((editor.field.id, editor.who), name, value, text), after=editor)

    def _replace(self, editor: FieldEditor, value: object) -> FieldEditor:
        """Show a stored answer in place of ``editor`` (not being edited here)."""
        fresh = self._editor(editor.field, editor.who, value)
        assert isinstance(editor.parent, Widget)
        editor.parent.mount(fresh, before=editor)
        self._retired.add(editor)
        editor.remove()
        return fresh

    @on(TheirVersion.Chosen)
    def _chosen(self, event: TheirVersion.Chosen) -> None:
        bar = event.bar
        field_id, who = bar.key
        editor = next((e for e in self.editors() if (e.field.id, e.who) == bar.key), None)
        bar.remove()
        if editor is None:
            return
        if event.theirs:
            fresh = self._replace(editor, bar.value)
            self._send(fresh, bar.value)  # in place of anything of mine still waiting
            self.call_after_refresh(lambda: self._focus_in(fresh))
        else:
            value = editor.current()
            editor.last_value = value
            self._send(editor, value)  # last writer wins: mine is written again
            self._focus_in(editor)
        self.autosaver.flush()

    @staticmethod
    def _focus_in(editor: FieldEditor) -> None:
        target = next((w for w in editor.query("*") if w.focusable), None)
        if target is not None:
            target.focus()

    def _instance(self) -> str:
        """This app's presence id ("" before it has one)."""
        return self.live.instance if self.live is not None else ""

    def _record(self, field_id: str) -> Callable[[dict[str, Any] | None], None]:
        """Hands what the timer recorded to the field's editor (the one on screen then:
        a live update may have put a fresh one in its place)."""

        def save(record: dict[str, Any] | None) -> None:
            for editor in self.editors():
                if isinstance(editor, TimerEditor) and editor.field.id == field_id:
                    editor.set_record(record)

        return save

    def _join_timer(self) -> None:
        """Show speaking turns that the other screen has started on this entry."""
        from workbook.ui.screens.timer import TimerLink, TimerScreen, running

        live = self.live
        if self.app.screen is not self or live is None or not live.others or self.entry is None:
            return  # something is open on top; no other screen (a leftover); or a draft
        state = running(self.store, self.entry.id)
        if state is not None and state.get("instance") not in {o.instance for o in live.others}:
            return  # left by an app that is gone (a crash): not running any more
        editor = next(
            (
                e
                for e in self.editors()
                if isinstance(e, TimerEditor) and state and e.field.id == state["field"]
            ),
            None,
        )
        if state is None or editor is None:
            return
        record = editor.last_value if isinstance(editor.last_value, dict) else None
        link = TimerLink(self.store, self.entry.id, editor.field.id, instance=live.instance)
        minutes = int(state.get("seconds_per_turn", 300)) / 60
        screen = TimerScreen(
            self.couple, minutes, record, clock=self.timer_clock, link=link, here=self.here, joined=state
        )
        self.app.push_screen(screen, self._record(editor.field.id))
