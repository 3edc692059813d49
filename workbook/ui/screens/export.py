"""The export dialog: choose what to export and where, then write it in a worker.

The worker's results come back as messages (:class:`ExportScreen.Prepared`,
``Failed``, ``Written``) handled on the UI thread, as harlequin does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, RadioSet, Static

from workbook.content import LessonPack
from workbook.content.dates import format_day
from workbook.ui.widgets.footer import Footer
from workbook.ui.widgets.toggles import DotRadioButton, TickCheckbox


@dataclass(frozen=True)
class ExportScope:
    """One choice in the dialog: an entry, a worksheet, a lesson, or (no ids) everything."""

    label: str
    lesson_id: str | None = None
    worksheet_id: str | None = None
    entry_id: int | None = None
    unwritten: bool = False
    """An entry not made yet (a draft with nothing written): nothing to export."""


def export_scopes(
    pack: LessonPack,
    *,
    lesson_id: str | None = None,
    worksheet_id: str | None = None,
    entry_id: int | None = None,
    entry_day: str | None = None,
) -> list[ExportScope]:
    """The dialog's choices, the narrowest given first, then wider ones, then everything.

    Args:
        pack: The lessons (for titles).
        lesson_id: A lesson (implied by the worksheet when one is given).
        worksheet_id: A worksheet.
        entry_id: The entry shown (None with a day: a draft not made yet).
        entry_day: The entry's day (None: no entry is shown).
    """
    scopes: list[ExportScope] = []
    if entry_day is not None:
        label = f"This entry ({format_day(entry_day)})"
        scopes.append(ExportScope(label, entry_id=entry_id, unwritten=entry_id is None))
    found = pack.find_worksheet(worksheet_id) if worksheet_id else None
    if found is not None:
        lesson_id = found[0].id
        scopes.append(ExportScope(f"Every entry of “{found[1].title}”", worksheet_id=found[1].id))
    info = pack.info(lesson_id) if lesson_id else None
    if info is not None:
        scopes.append(ExportScope(f"The whole lesson “{info.title}”", lesson_id=info.id))
    scopes.append(ExportScope("Everything: every lesson"))
    return scopes


@dataclass(frozen=True)
class ExportResult:
    """What the dialog wrote: the folder and the files in it."""

    folder: Path
    files: tuple[Path, ...]


class ExportScreen(ModalScreen[ExportResult | None]):
    """Writes Markdown files into a folder; asks before replacing any file.

    The worker reads through its own connection to the workbook file, so the UI thread's
    connection (and its autosave) is never used from two threads at once.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    class Prepared(Message):
        """The worker built the documents: (path, text) for each file to write."""

        def __init__(self, folder: Path, targets: list[tuple[Path, str]], drafts: bool) -> None:
            super().__init__()
            self.folder = folder
            self.targets = targets
            self.drafts = drafts

    class Failed(Message):
        """The worker could not export: the line to show."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class FileWritten(Message):
        """The worker wrote one more file (the bar advances)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Written(Message):
        """The worker wrote every file."""

        def __init__(self, result: ExportResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, db_path: Path, pack: LessonPack, scopes: list[ExportScope], folder: Path) -> None:
        super().__init__(classes="export")
        self.db_path = db_path
        self.pack = pack
        self.scopes = scopes
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("[b]Export to Markdown[/]", id="export-title")
            with RadioSet(id="export-scope"):
                for index, scope in enumerate(self.scopes):
                    yield DotRadioButton(scope.label, value=index == 0, id=f"scope-{index}")
            yield TickCheckbox("Include entries not yet marked done (as drafts)", id="export-drafts")
            yield Label("Folder", id="export-folder-label")
            yield Input(str(self.folder), id="export-folder")
            yield Static(
                "Markdown files only you can read; nothing is replaced without asking.", id="export-status"
            )
            yield ProgressBar(id="export-progress", show_eta=False)
            with Horizontal(id="export-buttons", classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
        yield Footer()  # its own keys: the screen's below do nothing under it

    def on_mount(self) -> None:
        self.query_one("#export-go", Button).focus()

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(escape(text))
        status.set_class(error, "-error")

    def _busy(self, busy: bool) -> None:
        self.query_one("#export-progress").display = busy
        go = self.query_one("#export-go", Button)
        go.disabled = busy
        if not busy:
            go.focus()  # a disabled button lost the focus; Enter should try again

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.workers.cancel_group(self, "export")
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-folder")
    def _start(self) -> None:
        raw = self.query_one("#export-folder", Input).value.strip()
        if not raw:
            self._status("Please choose a folder to export into.", error=True)
            return
        index = self.query_one(RadioSet).pressed_index
        scope = self.scopes[max(index, 0)]
        drafts = self.query_one("#export-drafts", Checkbox).value
        if scope.unwritten:
            self._nothing(drafts)  # a draft not made yet: nothing of it is in the file
            return
        self._busy(True)
        self._status("Preparing…")
        self.prepare(scope, drafts, Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="export", name="export-prepare", description="Build the export")
    def prepare(self, scope: ExportScope, drafts: bool, folder: Path) -> None:
        """Build the documents; then write them, asking first if files would be replaced."""
        from workbook.export.files import ExportError, documents
        from workbook.store import WorkbookError, open_workbook

        try:
            store = open_workbook(self.db_path)
            try:
                docs = documents(
                    store,
                    self.pack,
                    lesson_id=scope.lesson_id,
                    worksheet_id=scope.worksheet_id,
                    entry_id=scope.entry_id,
                    drafts=drafts,
                )
            finally:
                store.close(checkpoint=False)  # only read, beside the app's connection
        except (WorkbookError, ExportError) as error:
            self.post_message(self.Failed(f"Could not export: {error}"))
            return
        self.post_message(self.Prepared(folder, [(folder / doc.name, doc.text) for doc in docs], drafts))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._busy(False)
        self._status(message.text, error=True)

    def _nothing(self, drafts: bool) -> None:
        """Say there is nothing to export: no file is written, not even a title alone."""
        self._busy(False)
        self._status(
            "Nothing to export yet: nothing has been written here."
            if drafts
            else "Nothing to export yet: only entries marked done are exported. "
            "Tick “Include entries not yet marked done” to add the rest."
        )

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        folder, targets = message.folder, message.targets
        if not targets:
            self._nothing(message.drafts)
            return
        existing = [path for path, _ in targets if path.exists()]
        if not existing:
            self._write(folder, targets, force=False)
            return
        from workbook.ui.screens.dialogs import ConfirmScreen

        names = ", ".join(path.name for path in existing[:3]) + (" …" if len(existing) > 3 else "")
        question = (
            f"{len(existing)} of these files already exist in {folder}: {names}\n\nReplace them?"
            if len(existing) > 1
            else f"{names} already exists in {folder}.\n\nReplace it?"
        )

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(folder, targets, force=True)
            else:
                self._busy(False)
                self._status("Nothing was written. Choose another folder, or replace the files.")

        self.app.push_screen(ConfirmScreen(question, "Replace"), answered)

    def _write(self, folder: Path, targets: list[tuple[Path, str]], *, force: bool) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=len(targets), progress=0)
        self.write(folder, targets, force=force)

    @on(FileWritten)
    def _file_written(self) -> None:
        self.query_one("#export-progress", ProgressBar).advance(1)

    @work(thread=True, exclusive=True, group="export", name="export-write", description="Write the export")
    def write(self, folder: Path, targets: list[tuple[Path, str]], *, force: bool) -> None:
        """Write each file atomically (0600) into a private folder, advancing the bar."""
        from workbook.export.files import write_documents

        try:
            written = write_documents(
                targets, force=force, on_written=lambda path: self.post_message(self.FileWritten(path))
            )
        except FileExistsError as error:
            self.post_message(self.Failed(f"{error.args[0].split(';')[0]}; nothing more was written."))
            return
        except OSError as error:
            where = error.filename or folder
            self.post_message(self.Failed(f"Cannot write to {where}: {error.strerror or error}"))
            return
        self.post_message(self.Written(ExportResult(folder, tuple(written))))

    @on(Written)
    def _written(self, message: Written) -> None:
        count = len(message.result.files)
        files = "1 file" if count == 1 else f"{count} files"
        self.notify(f"{files} in {message.result.folder}", title="Exported", timeout=10)
        self.dismiss(message.result)
