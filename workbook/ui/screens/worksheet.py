"""A worksheet: its fields, for the couple and for each partner, saved as you type."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from workbook.content import Field, Lesson, Worksheet
from workbook.store import PARTNERS, Answer, Couple, Entry, Who
from workbook.ui.autosave import AnswersSaved
from workbook.ui.widgets.fields import FieldEditor, FieldRow
from workbook.ui.widgets.registry import make_editor

if TYPE_CHECKING:
    from workbook.ui.app import WorkbookApp
    from workbook.ui.autosave import Autosaver


class WorksheetScreen(Screen[None]):
    """Shows one entry of a worksheet and queues every edit for autosave."""

    BINDING_GROUP_TITLE = "Worksheet"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Save and go back to the lesson"),
        Binding("ctrl+s", "save", "Save now", tooltip="Write every change to the workbook file now"),
    ]

    save_state: reactive[str] = reactive("", init=False)
    """What the quiet save indicator says: "", "Saving…" or "Saved"."""

    def __init__(
        self,
        lesson: Lesson,
        worksheet: Worksheet,
        entry: Entry,
        answers: dict[tuple[str, Who], Answer],
        couple: Couple,
        *,
        blink: bool = True,
    ) -> None:
        super().__init__(classes="worksheet-screen")
        self.lesson = lesson
        self.worksheet = worksheet
        self.entry = entry
        self.answers = answers
        self.couple = couple
        self.blink = blink

    def compose(self) -> ComposeResult:
        w = self.worksheet
        yield Header()
        with VerticalScroll(id="sheet"):
            yield Static(f"[b]{escape(w.title)}[/]", id="sheet-title")
            day = date.fromisoformat(self.entry.day).strftime("%-d %B %Y")
            status = "done" if self.entry.done else "in progress"
            yield Static(f"{escape(self.lesson.title)} · {day} · {status}", id="sheet-meta")
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
        yield Static("", id="save-state")
        yield Footer()

    def _editors_for(self, field: Field) -> list[tuple[str, FieldEditor]]:
        whos = PARTNERS if field.per_partner else (Who.SHARED,)
        editors = []
        for who in whos:
            answer = self.answers.get((field.id, who))
            editor = make_editor(field, who, answer.value if answer else None, blink=self.blink)
            editors.append((self.couple.name(who), editor))
        return editors

    def on_mount(self) -> None:
        self.title = self.worksheet.title
        self.sub_title = self.lesson.title
        # Focus the first thing to fill in, so typing can start at once, but keep the
        # title and intro in view.
        focusable = [w for w in self.query_one("#sheet").query("*") if w.focusable]
        if focusable:
            self.set_focus(focusable[0], scroll_visible=False)

    @on(FieldEditor.Changed)
    def _queue(self, event: FieldEditor.Changed) -> None:
        editor = event.editor
        self.autosaver.queue(self.entry.id, editor.field.id, editor.who, event.value)
        self.save_state = "Saving…"

    @on(FieldEditor.Left)
    def _left_field(self) -> None:
        self.action_save()

    @property
    def autosaver(self) -> Autosaver:
        """The app's one autosaver."""
        return cast("WorkbookApp", self.app).autosaver

    def collect(self) -> None:
        """Queue every edit the editors show but have not reported yet.

        Reads the inputs directly, so a quit right after a keystroke keeps it even if
        the editor's Changed message is still on its way.
        """
        for editor in self.query(FieldEditor):
            value = editor.current()
            if value != editor.last_value:
                editor.last_value = value
                self.autosaver.queue(self.entry.id, editor.field.id, editor.who, value)

    def on_answers_saved(self, event: AnswersSaved) -> None:
        if not self.autosaver.pending:
            self.save_state = "Saved"

    def watch_save_state(self, state: str) -> None:
        self.query_one("#save-state", Static).update(state)

    def action_save(self) -> None:
        """Write every pending change now."""
        self.collect()
        self.autosaver.flush()

    def on_screen_suspend(self) -> None:
        self.action_save()

    def on_unmount(self) -> None:
        # The editors may already be gone here: write what was reported.
        self.autosaver.flush()

    def action_back(self) -> None:
        """Save, then return to the lesson."""
        self.action_save()
        self.dismiss(None)
