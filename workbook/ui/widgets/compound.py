"""Editors made of several inputs: ``statement`` (a sentence with blanks, with the
I-statement coach) and ``list`` (rows of sub-fields, such as budget lines)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from workbook.content import Field, template_slots
from workbook.content.coach import blame_hints, fill_template
from workbook.content.values import check_date, check_number, number_text
from workbook.export.answers import render_answer
from workbook.store import Couple
from workbook.ui.widgets.fields import FieldEditor, partner_option


class StatementEditor(FieldEditor):
    """``statement``: one input per ``{slot}`` of the template, a live preview of the
    sentence, and gentle hints when it slips into blame. Hints never block saving."""

    KIND = "statement"

    def compose(self) -> ComposeResult:
        values = self.initial if isinstance(self.initial, dict) else {}
        for slot in template_slots(self.field.template):
            with Horizontal(classes="statement-slot"):
                yield Label(slot.replace("_", " "), classes="slot-name")
                slot_input = Input(str(values.get(slot, "")), placeholder=slot, name=slot)
                slot_input.cursor_blink = self.blink
                yield slot_input
        yield Static("", classes="statement-preview")
        yield Static("", classes="statement-hints")

    def on_mount(self) -> None:
        self._refresh_coach()

    def _slots(self) -> dict[str, str]:
        return {str(box.name): box.value for box in self.query(Input)}

    def current(self) -> object:
        filled = {name: value for name, value in self._slots().items() if value.strip()}
        return filled or None

    def _refresh_coach(self) -> None:
        sentence = fill_template(self.field.template, self._slots())
        self.query_one(".statement-preview", Static).update(f"[i]{escape(sentence)}[/]")
        hints = blame_hints(" ".join(self._slots().values()))
        lines = [f"💬 “{escape(h.phrase)}” can sound like blame. {escape(h.suggestion)}" for h in hints]
        box = self.query_one(".statement-hints", Static)
        box.update("\n".join(lines))
        box.display = bool(lines)

    @on(Input.Changed)
    def _slot_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_coach()
        self._changed(self.current())


#: Columns a list's row buttons take: three one-glyph buttons.
ROW_BUTTONS = 9
#: Gap after each cell of a list row.
CELL_GAP = 1


def column_width(column: Field, couple: Couple | None = None) -> int:
    """The columns a list cell needs so that nothing in it is ever cut or broken.

    A choice fits its longest option (and its label) with the picker's arrow, and the
    dropdown's border and padding; a number or date its usual length; a text cell
    this much at least (it takes any room left over). Options that name the
    partners are measured with the names in.
    """
    label = cell_len(column.label)
    if column.kind == "choice":
        return max(label, *(cell_len(partner_option(option, couple)) for option in column.options)) + 4
    if column.kind in ("number", "date"):
        return max(label, 10) + 2
    return max(label, 10) + 2


def table_width(columns: tuple[Field, ...], couple: Couple | None = None) -> int:
    """The narrowest a list can be drawn as a table; below it, rows are stacked forms."""
    return sum(column_width(column, couple) + CELL_GAP for column in columns) + ROW_BUTTONS


class ListRow(Horizontal):
    """One row of a ``list`` field: a cell per column, and move / remove buttons.

    Each cell comes with its column's label, shown only when the rows are stacked
    (a narrow screen) and the table's header is hidden.
    """

    def __init__(
        self, columns: tuple[Field, ...], values: dict[str, Any], *, blink: bool, couple: Couple | None = None
    ) -> None:
        super().__init__(classes="list-row")
        self.columns = columns
        self.values = values
        self.couple = couple
        """The partners, passed down by the list, so options can show their names."""
        self._valid: dict[str, Any] = dict(values)
        """The row as last read with every cell right (kept for a cell being corrected)."""
        self.blink = blink

    def compose(self) -> ComposeResult:
        label_width = max(cell_len(column.label) for column in self.columns) + 1
        couple = self.couple
        for column in self.columns:
            value = self.values.get(column.id)
            width = column_width(column, couple)
            with Horizontal(classes="list-cell"):
                label = Label(escape(column.label), classes="cell-label")
                label.styles.width = label_width
                yield label
                if column.kind == "choice":
                    options = [(Content(partner_option(option, couple)), option) for option in column.options]
                    chosen = value if value in column.options else Select.NULL
                    cell: Input | Select[str] = Select(
                        options,
                        value=chosen,
                        prompt=column.label,
                        name=column.id,
                        classes="cell",
                        compact=True,
                    )
                else:
                    shown = (
                        "" if value is None else number_text(value) if column.kind == "number" else str(value)
                    )
                    placeholder = "YYYY-MM-DD" if column.kind == "date" else column.label
                    cell = Input(shown, placeholder=placeholder, name=column.id, classes="cell", compact=True)
                    cell.cursor_blink = self.blink
                # A text cell takes the room left; the others keep the width that fits them.
                cell.styles.width = "1fr" if column.kind == "text" else width
                yield cell
        with Horizontal(classes="row-buttons"):
            yield Button("↑", classes="row-up", tooltip="Move this row up", compact=True)
            yield Button("↓", classes="row-down", tooltip="Move this row down", compact=True)
            yield Button("✕", classes="row-remove", tooltip="Remove this row", compact=True)

    def on_mount(self) -> None:
        editor = next((node for node in self.ancestors if isinstance(node, ListEditor)), None)
        self.size_cells(stacked=editor is not None and editor.stacked)

    def size_cells(self, *, stacked: bool) -> None:
        """Widths for a table row (each column its own), or for a stacked form (full)."""
        for box, column in zip(self.query(".list-cell"), self.columns, strict=True):
            if stacked:
                box.styles.width = "100%"
                box.styles.min_width = 0
            else:
                _size(box, column, column_width(column, self.couple))

    def row_value(self) -> tuple[dict[str, Any], str]:
        """The row as stored, and a message about a cell that is not right ("" if none)."""
        row: dict[str, Any] = {}
        problem = ""
        by_id = {column.id: column for column in self.columns}
        for cell in self.query(".cell"):
            column = by_id[str(cell.name)]
            if isinstance(cell, Select):
                if cell.value is not Select.NULL:
                    row[column.id] = cell.value
                continue
            assert isinstance(cell, Input)
            text = cell.value.strip()
            if not text:
                continue
            if column.kind in ("number", "date"):
                value: object
                if column.kind == "number":
                    message, value = check_number(column, text)
                else:
                    message, value = check_date(text), text
                problem = problem or (f"{column.label}: {message}" if message else "")
                if not message:
                    row[column.id] = value
                elif column.id in self._valid:
                    # A cell being corrected keeps its last good value, as a number
                    # field does: a typo never writes over what was there.
                    row[column.id] = self._valid[column.id]
            else:
                row[column.id] = text
        self._valid = dict(row)
        return row, problem


def _size(widget: Widget, column: Field, width: int) -> None:
    """Give a table cell (or its heading) its column's width: text columns share the rest."""
    if column.kind == "text":
        widget.styles.width = "1fr"
        widget.styles.min_width = width
    else:
        widget.styles.width = width


class ListEditor(FieldEditor):
    """``list``: rows of sub-fields, added, removed and reordered with the buttons.

    A table with a heading per column where it fits (see :func:`table_width`);
    narrower, each row is a small form of label and value, so that no word is ever
    broken inside a cell.
    """

    KIND = "list"

    def compose(self) -> ComposeResult:
        couple = self.couple
        with Horizontal(classes="list-header"):
            for column in self.field.columns:
                heading = Label(escape(column.label), classes="list-heading")
                _size(heading, column, column_width(column, couple))
                yield heading
        rows = self.initial if isinstance(self.initial, list) else []
        with Vertical(classes="list-rows"):
            for row in rows or [{}]:
                values = row if isinstance(row, dict) else {}
                yield ListRow(self.field.columns, values, blink=self.blink, couple=self.couple)
        yield Static("", classes="field-error")
        yield Button("+ Add a row", classes="row-add", tooltip="Add an empty row at the end")

    @property
    def stacked(self) -> bool:
        """True when the rows are drawn as stacked forms (too narrow for the table)."""
        return self.has_class("-stacked")

    def on_resize(self) -> None:
        stacked = self.size.width < table_width(self.field.columns, self.couple)
        if stacked != self.stacked:
            self.set_class(stacked, "-stacked")
            for row in self.query(ListRow):
                row.size_cells(stacked=stacked)

    def current(self) -> object:
        rows = [row for row, _ in (r.row_value() for r in self.query(ListRow)) if row]
        return rows or None

    def _report(self) -> None:
        problems = [problem for _, problem in (r.row_value() for r in self.query(ListRow)) if problem]
        self._show_error(problems[0] if problems else "")
        self._changed(self.current())

    @on(Input.Changed)
    @on(Select.Changed)
    def _cell_changed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        self._report()

    @on(Button.Pressed, ".row-add")
    async def add_row(self) -> None:
        """Add an empty row at the end and put the cursor in it."""
        row = ListRow(self.field.columns, {}, blink=self.blink, couple=self.couple)
        await self.query_one(".list-rows").mount(row)
        row.query(".cell").first().focus()

    @on(Button.Pressed, ".row-remove, .row-up, .row-down")
    def _row_button(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(node for node in event.button.ancestors if isinstance(node, ListRow))
        rows = list(self.query(ListRow))
        index = rows.index(row)
        container = self.query_one(".list-rows")
        if event.button.has_class("row-remove"):
            values, _ = row.row_value()
            if values:
                # One key would take what was typed for good: asked first. An empty row
                # goes at once.
                self._ask_to_remove(row, values)
            else:
                self.call_later(self._remove, row)
            return
        if event.button.has_class("row-up") and index > 0:
            container.move_child(row, before=rows[index - 1])
        elif event.button.has_class("row-down") and index < len(rows) - 1:
            container.move_child(row, after=rows[index + 1])
        self.call_after_refresh(self._report)

    async def _remove(self, row: ListRow) -> None:
        alone = len(self.query(ListRow)) == 1
        await row.remove()  # gone before the list is reported (and saved) without it
        if alone:
            await self.add_row()  # keep one empty row to type in
        self._report()

    def _ask_to_remove(self, row: ListRow, values: dict[str, Any]) -> None:
        from workbook.ui.screens.dialogs import ConfirmScreen  # a dialog, when one is asked for

        shown = " · ".join(str(value) for value in values.values() if value not in (None, ""))
        if len(shown) > 60:
            shown = shown[:59] + "…"

        def answered(remove: bool | None) -> None:
            if not remove:
                return
            if row.is_attached:
                self.call_later(self._remove, row)
            else:
                self.notify("The list changed on the other screen; nothing was removed.", severity="warning")

        self.app.push_screen(ConfirmScreen(f"Remove this row? {escape(shown)}", "Remove"), answered)


class TimerEditor(FieldEditor):
    """``timer``: a summary of recorded speaking turns and a button to run them."""

    KIND = "timer"

    class Run(Message):
        """The couple wants to run speaking turns for this field."""

        def __init__(self, editor: TimerEditor) -> None:
            super().__init__()
            self.editor = editor

    def compose(self) -> ComposeResult:
        yield Static("", classes="timer-summary")
        yield Button("▶ Start speaking turns", classes="timer-start")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        record = self.last_value if isinstance(self.last_value, dict) else {}
        turns = record.get("turns")
        summary = "[dim]No turns yet.[/]"
        if self.couple is not None and isinstance(turns, list) and turns:
            summary = escape(render_answer(self.field, record, self.couple).text())
        self.query_one(".timer-summary", Static).update(summary)

    def set_record(self, record: dict[str, Any] | None) -> None:
        """Store what the timer screen recorded."""
        if record is not None:
            self._changed(record)
            self._show()

    @on(Button.Pressed, ".timer-start")
    def _run(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Run(self))
