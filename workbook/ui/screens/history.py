"""A worksheet's entries: open an older one, start a new one, delete (with undo)."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbook.content import Worksheet, writing_fields
from workbook.content.dates import format_day
from workbook.store import DeletedEntry, Workbook
from workbook.ui.live import WorkbookChanged
from workbook.ui.screens.dialogs import ConfirmScreen, dialog_lines
from workbook.ui.widgets.footer import Footer

#: Most lines the list of entries takes before it scrolls (fewer on a short screen).
LIST_LINES = 16

#: What the history dialog returns: an entry id to open, NEW for a fresh entry, or None.
NEW = -1


class HistoryScreen(ModalScreen[int | None]):
    """Lists a worksheet's entries, newest first; dismisses with an entry id, NEW or None."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("delete", "delete", "Delete entry", tooltip="Delete the highlighted entry (you can undo)"),
        Binding("ctrl+z", "undo", "Undo delete", tooltip="Bring back the entry just deleted"),
    ]

    def __init__(self, store: Workbook, lesson_id: str, worksheet: Worksheet, current: int) -> None:
        super().__init__(classes="history")
        self.store = store
        self.lesson_id = lesson_id
        self.worksheet_id = worksheet.id
        self.sheet_title = worksheet.title
        # Preview from what the couple wrote, not from a choice or a number.
        self.preview_fields = writing_fields(worksheet.fields)
        self.current = current
        self.deleted: DeletedEntry | None = None
        self.lines = 1
        """The list's lines with all its options shown: one each, two with a preview
        (set by each fill; see :meth:`_fit_list`)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog", classes="dialog"):
            yield Static(f"[b]{escape(self.sheet_title)}[/]: entries", id="history-title")
            yield OptionList(id="history-list")
            yield Static("Enter opens · Delete removes (Ctrl+Z undoes) · Esc closes", id="history-help")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def on_resize(self, event: Resize) -> None:
        self._fit_list(event.size.height)

    def _fit_list(self, screen_height: int) -> None:
        """Let the list scroll within what the dialog can show, so that at 80x24 a long
        history never pushes the keys line (and the list's own bottom) off the dialog.

        The height is set, not left to ``auto``: an auto height is measured by wrapping
        every option's text, on each layout (three an open: 1,600 options measured for
        ten years of weekly entries). Options never wrap (``text-wrap: nowrap``), so
        their lines are known as they are made.
        """
        # Besides the list, the dialog holds its border and padding (4 lines), the
        # title, the list's margins (2) and the keys line.
        room = max(3, min(LIST_LINES, dialog_lines(screen_height) - 8))
        listing = self.query_one(OptionList)
        listing.styles.max_height = room
        listing.styles.height = min(room, self.lines + listing.styles.gutter.height)

    def _fill(self) -> None:
        listing = self.query_one(OptionList)
        keep = listing.highlighted or 0
        listing.clear_options()
        options = [Option("[b]+ Start a new entry[/]", id="new")]
        lines = 1
        for summary in self.store.entry_summaries(self.lesson_id, self.worksheet_id, self.preview_fields):
            entry = summary.entry
            day = format_day(entry.day, short=True, weekday=True)
            status = "done" if entry.done else "in progress"
            here = "  (open now)" if entry.id == self.current else ""
            # Content, not markup: nothing to escape, and no markup parsed for each of
            # hundreds of rows (the couple's own words often hold brackets).
            prompt = Content.assemble(f"{day} · {status}", (here, "dim"))
            if summary.preview:
                prompt = Content.assemble(prompt, "\n   ", (summary.preview, "dim"))
            options.append(Option(prompt, id=str(entry.id)))
            lines += 2 if summary.preview else 1
        # All at once: added one by one, each option measured the list again and
        # resized its scroll area (526 times on ten years of weekly check-ins).
        listing.add_options(options)
        self.lines = lines
        self._fit_list(self.app.size.height)
        # Keyboard users start on the first row (and stay near where they were).
        listing.highlighted = min(keep, listing.option_count - 1)

    @on(WorkbookChanged)
    def _other_screen_saved(self, event: WorkbookChanged) -> None:
        """Entries started, finished or deleted on the other screen show here too."""
        if event.topics & {"entries", "answers"}:
            self._fill()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(NEW if event.option.id == "new" else int(event.option.id or NEW))

    def action_close(self) -> None:
        """Close without changing entries."""
        self.dismiss(None)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted entry."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        option = listing.get_option_at_index(index) if index is not None else None
        if option is None or option.id == "new":
            return
        entry_id = int(option.id or 0)
        if entry_id == self.current:
            self.notify("This entry is open; close it first, or open another one.")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.deleted = self.store.delete_entry(entry_id)
                self._fill()
                self.notify("Entry deleted. Ctrl+Z brings it back.")

        self.app.push_screen(ConfirmScreen("Delete this entry and all its answers?", "Delete"), confirmed)

    def action_undo(self) -> None:
        """Restore the entry deleted last."""
        if self.deleted is None:
            return
        self.store.restore_entry(self.deleted)
        self.deleted = None
        self._fill()
        self.notify("Entry restored.")
