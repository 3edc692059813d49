"""A worksheet: its fields, for the couple and for each partner, saved as you type."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Header, Static

from workbook.content import PARTNER_OPTIONS, Field, Lesson, Worksheet
from workbook.content.dates import format_day
from workbook.content.values import number_value
from workbook.store import PARTNERS, Answer, Couple, Entry, Who, Workbook, is_answered, missing_answers
from workbook.ui.autosave import AnswersSaved, Autosaver, Draft
from workbook.ui.commands import ExportRequested
from workbook.ui.messages import OpenEntry
from workbook.ui.screens.sheet_live import LiveSheet
from workbook.ui.screens.timer import TimerLink
from workbook.ui.widgets.compound import TimerEditor
from workbook.ui.widgets.fields import FieldEditor, FieldRow
from workbook.ui.widgets.footer import Footer
from workbook.ui.widgets.registry import make_editor

if TYPE_CHECKING:
    from workbook.ui.live import Live


class WorksheetScreen(LiveSheet):
    """Shows one entry of a worksheet and queues every edit for autosave."""

    BINDING_GROUP_TITLE = "Worksheet"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Save and go back to the lesson"),
        # Saving is automatic; the key stays for peace of mind (listed under F1).
        Binding(
            "ctrl+s", "save", "Save now", show=False, tooltip="Write every change to the workbook file now"
        ),
        Binding("ctrl+t", "toggle_done", "Done", tooltip="Tick this entry as done (or open it again)"),
        Binding("f3", "history", "Entries", tooltip="Earlier entries of this worksheet; start a new one"),
        Binding(
            "f4",
            "switch_partner",
            "Partner",
            tooltip="On a narrow screen: answer as the other partner",
        ),
        Binding("f5", "export", "Export", tooltip="Export this entry, worksheet or lesson to Markdown"),
    ]
    #: Below this width, per-partner questions show one partner at a time.
    NARROW_BELOW = 100
    #: No automatic first focus: :meth:`on_mount` puts the cursor in the first thing to
    #: fill in. Textual's would focus the scrolling sheet first, and focusing it, then
    #: moving on, restyled the whole sheet twice (~50 ms of every open).
    AUTO_FOCUS = ""

    save_state: reactive[str] = reactive("", init=False, repaint=False)
    """What the quiet save indicator says: "", "Saving…" or "Saved". Its watcher
    repaints the line alone: a repaint of the screen re-rendered every widget on it,
    on each save while typing (every few keys)."""

    narrow: reactive[bool] = reactive(False, init=False)
    """True below :attr:`NARROW_BELOW` columns: one partner's answers at a time."""

    answering_as: reactive[Who] = reactive(Who.FIRST, init=False)
    """Whose answers a narrow screen shows (and the keyboard fills in)."""

    def __init__(
        self,
        lesson: Lesson,
        worksheet: Worksheet,
        entry: Entry | None,
        answers: dict[tuple[str, Who], Answer],
        couple: Couple,
        store: Workbook,
        *,
        autosaver: Autosaver,
        live: Live | None = None,
        fresh: bool = False,
        blink: bool = True,
        here: Who = Who.SHARED,
    ) -> None:
        """Args:
        entry: The entry shown, or None for a draft: an entry exists once something
            is written in it, so the first save makes it (:class:`Draft`).
        autosaver: The app's one autosaver, which every edit goes through.
        live: The link to other screens on the workbook (None: alone, or not yet).
        fresh: For a draft: start a new entry, rather than continue the one a second
            screen may have made meanwhile (Start a new entry, in F3).
        """
        super().__init__(answers)
        self.autosaver = autosaver
        self.live = live
        self.fresh = fresh
        self.here = here
        """Who is at this screen: a partner edits only their own column (the other one is
        shown read-only, live from their screen); ``Who.SHARED`` edits both."""
        self.waiting = False
        """At a partner's own screen on a reveal worksheet: their part is done, the
        other's is not yet."""
        self.store = store
        #: The clock speaking turns run on (tests replace it to step time by hand).
        self.timer_clock: Callable[[], float] = time.monotonic
        self.lesson = lesson
        self.worksheet = worksheet
        self.entry = entry
        # Before the header is composed: set on mount, each redrew and laid it out again.
        self.title = worksheet.title
        self.sub_title = lesson.title
        self.draft = Draft(self._make_entry, self._entry_made)
        """What the first save makes, while :attr:`entry` is None."""
        self.draft.entry = entry
        self.answers = answers
        self.couple = couple
        self.blink = blink
        self._answered: dict[tuple[str, Who], bool] = {}
        """Whether each answer was given when the completion line was last worked out."""
        self.completion_checks = 0
        """Times the completion line was worked out: what tests count (not every key)."""
        self.turn: Who | None = None
        """On a reveal worksheet before the reveal: whose part is being filled in.

        The other partner's answers are never given to an editor or drawn, so
        nothing of them can appear on screen (or in a snapshot) before the reveal."""
        if worksheet.reveal:
            done = store.parts_done(entry.id) if entry is not None else frozenset()
            if here is not Who.SHARED:
                # Each at their own screen: only the other's answers are hidden, until
                # both parts are done.
                if not {Who.FIRST, Who.SECOND} <= done:
                    self.turn = here
                    self.waiting = here in done
            elif Who.FIRST not in done:
                self.turn = Who.FIRST
            elif Who.SECOND not in done:
                self.turn = Who.SECOND

    @classmethod
    def opening(
        cls,
        store: Workbook,
        lesson: Lesson,
        worksheet: Worksheet,
        *,
        entry_id: int | None = None,
        new: bool = False,
        autosaver: Autosaver,
        live: Live | None = None,
        blink: bool = True,
        here: Who = Who.SHARED,
    ) -> WorksheetScreen:
        """The screen for the entry to open (``Workbook.entry_to_open``): the one asked
        for, or the current one, or a draft (a ``new`` one, or none yet) that its first
        save makes. Opening makes nothing. The other arguments are the constructor's."""
        entry = store.entry_to_open(
            lesson.id, worksheet.id, repeatable=worksheet.repeatable, entry_id=entry_id, new=new
        )
        couple = store.couple()
        assert couple is not None, "after onboarding"
        answers = store.answers(entry.id) if entry is not None else {}
        return cls(
            lesson,
            worksheet,
            entry,
            answers,
            couple,
            store,
            autosaver=autosaver,
            live=live,
            fresh=new,
            blink=blink,
            here=here,
        )

    def compose(self) -> ComposeResult:
        w = self.worksheet
        # The classes on_mount's _show_partner sets, put on before anything inside is
        # styled: set once the screen was up, each restyled all of it (~27 ms an open).
        # _show_partner still sets them, then finding nothing to change.
        first = self.turn or (self.here if self.here is not Who.SHARED else self.answering_as)
        # As on_mount will find, so that the footer's first keys (F4 or not) stand.
        self.set_reactive(WorksheetScreen.narrow, self.app.size.width < self.NARROW_BELOW)
        self.set_class(self.narrow, "-narrow", update=False)
        self.set_class(first is Who.FIRST, "-as-p1", update=False)
        self.set_class(first is Who.SECOND, "-as-p2", update=False)
        yield Header()
        with VerticalScroll(id="sheet"):
            yield Static(f"[b]{escape(w.title)}[/]", id="sheet-title")
            yield Static(self._meta(), id="sheet-meta")
            yield Static("", id="completion")
            yield Static("", id="answering-as")
            if self.turn is not None:
                yield Static(self._turn_note(), id="reveal-turn")
            if w.intro:
                yield Static(escape(w.intro), id="sheet-intro")
            if w.source:
                yield Static(escape(w.source), id="sheet-source")
            for field in w.fields:
                yield FieldRow(field, self._editors_for(field))
            retired = sorted({fid for fid, _ in self.answers} - {f.id for f in w.fields})
            if retired:
                yield Static(
                    "[b]Retired answers[/] — these questions have left the lesson; "
                    f"your answers are kept: {escape(', '.join(retired))}",
                    id="retired",
                )
        yield Footer(status=True)

    def _editors_for(self, field: Field) -> list[tuple[str, Who, FieldEditor | None]]:
        whos = PARTNERS if field.per_partner else (Who.SHARED,)
        editors: list[tuple[str, Who, FieldEditor | None]] = []
        for who in whos:
            if self.turn is not None and who not in (Who.SHARED, self.turn):
                editors.append((self.couple.name(who), who, None))  # masked: no value passed
                continue
            answer = self.answers.get((field.id, who))
            editor = self._editor(field, who, answer.value if answer else None)
            name = self.couple.name(who)
            if editor.disabled:
                name += " · on their screen"
            editors.append((name, who, editor))
        return editors

    def _editor(self, field: Field, who: Who, value: object) -> FieldEditor:
        """An editor for one answer; the other partner's, at a partner's own screen,
        is read only (their screen edits it)."""
        editor = make_editor(field, who, value, couple=self.couple, blink=self.blink)
        editor.today = self.store.today()
        editor.disabled = self.here is not Who.SHARED and who not in (Who.SHARED, self.here)
        return editor

    def _turn_note(self) -> str:
        """Whose turn it is on a reveal worksheet, and how far the other partner got."""
        from workbook.store import is_answered

        assert self.turn is not None
        other = Who.SECOND if self.turn is Who.FIRST else Who.FIRST
        each = [f for f in self.worksheet.fields if f.per_partner]
        answered = sum(
            1 for f in each if (a := self.answers.get((f.id, other))) is not None and is_answered(a.value)
        )
        me, them = escape(self.couple.name(self.turn)), escape(self.couple.name(other))
        if self.here is not Who.SHARED:
            if self.waiting:
                return (
                    f"✓ [b]Your part is done.[/] {them} has answered {answered} of {len(each)} on "
                    f"their screen; the reveal opens on both screens when {them} is done too."
                )
            return (
                f"🔒 [b]Your answers stay private[/] until you both reveal. {them} has answered "
                f"{answered} of {len(each)} on their screen. Press [b]Ctrl+T[/] when your part is done."
            )
        return (
            f"🔒 [b]{me}'s turn.[/] {them}, please look away. "
            f"{them} has answered {answered} of {len(each)}; their answers stay hidden until you both "
            f"reveal. {me}, press [b]Ctrl+T[/] when your part is done."
        )

    def _meta(self) -> str:
        day = format_day(self.entry.day if self.entry else self.store.today().isoformat())
        status = "done" if self.done else "in progress"
        return f"{escape(self.lesson.title)} · {day} · {status}"

    @property
    def done(self) -> bool:
        """True when the entry is marked done (a draft never is)."""
        return self.entry is not None and self.entry.done

    def _make_entry(self) -> Entry:
        """The entry this draft becomes: one a second screen made meanwhile, the
        worksheet's current one, or a new one (made under the store's write lock)."""
        if self.entry is not None:
            return self.entry
        if self.fresh:
            return self.store.new_entry(self.lesson.id, self.worksheet.id)
        return self.store.open_entry(self.lesson.id, self.worksheet.id, repeatable=self.worksheet.repeatable)

    def _entry_made(self, entry: Entry) -> None:
        """The draft's entry exists now (its first save, or the other screen's)."""
        self.entry = self.draft.entry = entry
        # A save held back (a busy file) may make it after this screen has closed.
        for meta in self.query("#sheet-meta").results(Static):
            meta.update(self._meta())

    def written_entry(self) -> Entry:
        """The entry, made now if it is still a draft (to mark it done, say).

        Raises:
            WorkbookError: when the file cannot be written now.
        """
        self.draft.entry_id()
        assert self.entry is not None
        return self.entry

    def _values(self) -> dict[tuple[str, Who], object]:
        """Each answer as the editors last reported it (what will be saved)."""
        return {(e.field.id, e.who): e.last_value for e in self.editors()}

    def _show_completion(self) -> None:
        """Say whether the entry is done, ready to be marked done, or what is missing."""
        line = self.query_one("#completion", Static)
        values = self._values()
        self._answered = {key: is_answered(value) for key, value in values.items()}
        self.completion_checks += 1
        missing = [] if self.done else missing_answers(self.worksheet, values)
        line.set_class(self.done, "-done")
        line.set_class(not self.done and not missing, "-ready")
        if self.entry is not None and self.entry.done:
            when = format_day(self.entry.completed_at or self.entry.day, year=False)
            line.update(f"✓ Marked done on {when}. [b]Ctrl+T[/] reopens it.")
        elif not any(f.required for f in self.worksheet.fields):
            line.update("When you have finished, [b]Ctrl+T[/] marks it done.")
        elif missing:
            names = [
                escape(m.field.label)
                + (f" ({escape(self.couple.name(m.who))})" if m.who is not Who.SHARED else "")
                for m in missing
            ]
            line.update("Still to answer: " + " · ".join(names))
        else:
            line.update("Everything needed is answered. [b]Ctrl+T[/] marks it done.")

    def action_history(self) -> None:
        """Show this worksheet's entries: open another, start a new one, delete one."""
        from workbook.ui.screens.history import NEW, HistoryScreen

        self.action_save()

        current = self.entry.id if self.entry is not None else 0  # 0: a draft, in no list

        def chosen(entry_id: int | None) -> None:
            if entry_id is None or entry_id == current or (entry_id == NEW and self.entry is None):
                return  # the entry open now (a draft is already a new entry)
            self.app.post_message(
                OpenEntry(self.lesson.id, self.worksheet.id, None if entry_id == NEW else entry_id)
            )

        history = HistoryScreen(self.store, self.lesson.id, self.worksheet, current)
        self.app.push_screen(history, chosen)

    def _finish_turn(self) -> None:
        """A partner finished their part: record it and hand over (or offer the reveal)."""
        from workbook.ui.screens.reveal import HandOffScreen

        assert self.turn is not None
        missing = [
            m for m in missing_answers(self.worksheet, self._values()) if m.who in (Who.SHARED, self.turn)
        ]
        if missing:
            self.notify("Answer the required questions first: " + ", ".join(m.field.label for m in missing))
            return
        if self.waiting:
            self.notify("Your part is done; the reveal opens when your partner's is too.")
            return
        entry = self._entry_or_say()
        if entry is None:
            return
        self.store.set_part_done(entry.id, self.turn)
        both = self.store.parts_done(entry.id) >= {Who.FIRST, Who.SECOND}
        other = Who.SECOND if self.turn is Who.FIRST else Who.FIRST
        if self.here is not Who.SHARED:
            # Two screens: no hand-off. The other screen opens the reveal when it sees
            # the last part done; this one opens it at once.
            if both:
                self._reveal()
            else:
                self.waiting = True
                self.query_one("#reveal-turn", Static).update(self._turn_note())
                self.notify(f"Your part is done. {self.couple.name(other)} is still answering.")
            return

        def go_on(ready: bool | None) -> None:
            if ready:
                self.app.post_message(OpenEntry(self.lesson.id, self.worksheet.id, entry.id, reveal=both))

        self.app.push_screen(HandOffScreen(self.couple, self.turn, other, reveal=both), go_on)

    def action_toggle_done(self) -> None:
        """Mark the entry done when nothing required is missing; or open it again."""
        self.action_save()
        if self.turn is not None:
            self._finish_turn()
            return
        if not self.done:
            missing = missing_answers(self.worksheet, self._values())
            if missing:
                self.notify(
                    "Answer the required questions first: " + ", ".join(m.field.label for m in missing)
                )
                return
        # Marking a draft done writes something: its entry is made now.
        made = self._entry_or_say()
        if made is None:
            return
        self.store.set_done(made.id, not made.done)
        entry = self.store.entry(made.id)
        assert entry is not None
        self.entry = self.draft.entry = entry
        self.query_one("#sheet-meta", Static).update(self._meta())
        self._show_completion()
        # Said where the eye is, as a refusal is: the line at the top may be out of view.
        if entry.done:
            self.notify(f"“{self.worksheet.title}” is marked done. Ctrl+T reopens it.", title="Done")
        else:
            self.notify(f"“{self.worksheet.title}” is open again for changes.")

    def _entry_or_say(self) -> Entry | None:
        """:meth:`written_entry`, or None after saying why it cannot be made now."""
        from workbook.store import WorkbookError

        try:
            return self.written_entry()
        except WorkbookError as error:
            self.notify(str(error), title="Not saved yet", severity="error", timeout=8)
            return None

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = self.size.width < self.NARROW_BELOW

    def _show_partner(self) -> None:
        self.set_class(self.narrow, "-narrow")
        self.set_class(self.answering_as is Who.FIRST, "-as-p1")
        self.set_class(self.answering_as is Who.SECOND, "-as-p2")
        if any(f.per_partner for f in self.worksheet.fields):
            other = Who.SECOND if self.answering_as is Who.FIRST else Who.FIRST
            shown, them = escape(self.couple.name(self.answering_as)), escape(self.couple.name(other))
            if self.here is Who.SHARED:
                line = f"Answering as [b]{shown}[/] · [b]F4[/] switches to {them}"
            elif self.answering_as is self.here:
                line = f"Your answers, [b]{shown}[/] · [b]F4[/] shows {them}'s, as they write them"
            else:
                line = f"[b]{shown}[/]'s answers, read only · [b]F4[/] back to yours"
            self.query_one("#answering-as", Static).update(line)

    def watch_narrow(self) -> None:
        self._show_partner()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # F4 only means something on a narrow screen with per-partner questions.
        if action == "switch_partner":
            return self.narrow and self.turn is None and any(f.per_partner for f in self.worksheet.fields)
        return True

    def watch_answering_as(self) -> None:
        self._show_partner()
        focused = self.focused
        # Keep the cursor on the same question, in the other partner's column.
        editor = next((a for a in (focused.ancestors if focused else []) if isinstance(a, FieldEditor)), None)
        if editor is not None and editor.who is not Who.SHARED and editor.who is not self.answering_as:
            twin = next(
                (e for e in self.editors() if e.field.id == editor.field.id and e.who is self.answering_as),
                None,
            )
            target = next((w for w in twin.query("*") if w.focusable), None) if twin else None
            if target is not None:
                target.focus()

    @on(TimerEditor.Run)
    def _run_timer(self, event: TimerEditor.Run) -> None:
        """Open the speaking-turns screen; its record is saved with the entry."""
        from workbook.ui.screens.timer import TimerScreen

        field = event.editor.field
        minutes: float | None = None
        if field.minutes_from:
            source = next((e for e in self.editors() if e.field.id == field.minutes_from), None)
            # Kept as typed ("2,5"): read the number it means.
            minutes = number_value(source.current()) if source is not None else None
        if minutes is None or minutes <= 0:
            minutes = field.minutes or 5
        record = event.editor.last_value if isinstance(event.editor.last_value, dict) else None
        entry = self._entry_or_say()  # the turns are recorded on the entry as they run
        if entry is None:
            return
        screen = TimerScreen(
            self.couple,
            float(minutes),
            record,
            clock=self.timer_clock,
            first=self.first_speaker(),
            link=TimerLink(self.store, entry.id, field.id, instance=self._instance()),
            here=self.here,
        )
        self.app.push_screen(screen, self._record(field.id))

    def first_speaker(self) -> Who | None:
        """Who speaks first by this entry's own answer, if it has one.

        The answer is a shared choice between the two partners ("Who speaks first"):
        its two options are "First partner" / "Second partner", the ``{first}`` /
        ``{second}`` placeholders, or the partners' names; the first option is the
        first partner.
        """
        names = (self.couple.first, self.couple.second)
        for editor in self.editors():
            field = editor.field
            if not editor.is_mounted:
                continue
            if field.kind != "choice" or editor.who is not Who.SHARED or len(field.options) != 2:
                continue
            options = tuple(field.options)
            if options not in PARTNER_OPTIONS and options != names:
                continue
            value = editor.current()
            if value in options:
                return Who.FIRST if value == options[0] else Who.SECOND
        return None

    def action_switch_partner(self) -> None:
        """Show (and fill in) the other partner's answers on a narrow screen."""
        self.answering_as = Who.SECOND if self.answering_as is Who.FIRST else Who.FIRST

    def on_mount(self) -> None:
        if self.here is not Who.SHARED:
            self.answering_as = self.here
        if self.turn is not None:
            self.answering_as = self.turn
            # The turn note says what to do; the other two lines would repeat it.
            self.query_one("#answering-as").display = False
            self.query_one("#completion").display = False
        self.narrow = self.size.width < self.NARROW_BELOW
        self._show_partner()
        self._show_completion()
        # Focus the first thing to fill in, so typing can start at once, but keep the
        # title and intro in view.
        focusable = [w for w in self.query_one("#sheet").query("*") if w.focusable]
        if focusable:
            self.set_focus(focusable[0], scroll_visible=False)
        # Speaking turns already running on the other screen: join them.
        self.call_after_refresh(self._join_timer)

    @on(FieldEditor.Changed)
    def _queue(self, event: FieldEditor.Changed) -> None:
        event.stop()  # the app has no use for it: one dispatch less on every key
        editor = event.editor
        self._send(editor, event.value)
        self.save_state = "Saving…"
        # The line only changes when an answer goes from empty to given or back: a
        # key typed into a long answer no longer looks up every editor on the screen.
        key = (editor.field.id, editor.who)
        if self._answered.get(key) is not is_answered(event.value):
            self._show_completion()

    @on(FieldEditor.Left)
    def _left_field(self, event: FieldEditor.Left) -> None:
        self.action_save()
        if not event.editor.has_focus_within:
            self._touched.discard((event.editor.field.id, event.editor.who))

    def watch_focused(self, old: Widget | None, new: Widget | None) -> None:
        """Leaving a field writes it at once, inside the focus change itself.

        Focus moves (Tab, a click) set this reactive synchronously, before any message
        about the move is handled: a crash right after Tab once lost the field, whose
        save waited for the Blur message to bubble up.
        """
        if old is not None and new is not old and self.is_mounted:
            self.action_save()

    def collect(self) -> None:
        """Queue every edit the editors show but have not reported yet.

        Reads the inputs directly, so a quit right after a keystroke keeps it even if
        the editor's Changed message is still on its way.
        """
        for editor in self.editors():
            if not editor.is_mounted:
                continue  # just put in place of another (live update): nothing typed yet
            value = editor.current()
            if value != editor.last_value:
                editor.last_value = value
                self._send(editor, value)

    def on_answers_saved(self, event: AnswersSaved) -> None:
        if not self.autosaver.pending:
            self.save_state = "Saved"

    def watch_save_state(self, state: str) -> None:
        # Where the keys leave no room for the word (80 columns), a mark says as much.
        self.query_one(Footer).show_status(state, {"Saving…": "…", "Saved": "✓"}.get(state, ""))

    def action_save(self) -> None:
        """Write every pending change now."""
        self.collect()
        self.autosaver.flush()

    def on_screen_suspend(self) -> None:
        self.action_save()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self.resumed_before:
            return  # just opened (FullScreen skips Textual's restyle)
        # Covered inside the autosave pause, the sheet wrote at once, and the word that
        # the write was done went to the screen on top.
        if self.save_state == "Saving…" and not self.autosaver.pending:
            self.save_state = "Saved"
        # Back from a dialog that may have deleted this entry (Start over, with the
        # answers): its screen closes rather than saving into an entry that is gone.
        if self.entry is not None and self.store.entry(self.entry.id) is None:
            self.notify("This entry was deleted, so it is closed.", severity="warning")
            self.dismiss(None)

    def on_unmount(self) -> None:
        # The editors may already be gone here: write what was reported.
        self.autosaver.flush()

    def action_export(self) -> None:
        """Save, then offer to export this entry (or its worksheet, or its lesson)."""
        if self.turn is not None:
            self.notify("You can export this entry once you have both revealed your answers.")
            return
        self.action_save()
        entry = self.entry
        day = entry.day if entry is not None else self.store.today().isoformat()
        self.post_message(
            ExportRequested(self.lesson.id, self.worksheet.id, entry.id if entry else None, entry_day=day)
        )

    def action_back(self) -> None:
        """Save, then return to the lesson."""
        self.action_save()
        self.dismiss(None)
