"""Field editors: one widget class per field kind, found through :data:`EDITORS`.

Every editor edits one answer (a field, for the couple or one partner), posts
:class:`FieldEditor.Changed` on every edit and :class:`FieldEditor.Left` when focus
leaves it. Editors never touch the store: the worksheet screen hands changes to the
app's autosaver.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click, DescendantBlur
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, SelectionList, Static, TextArea

from workbook.content import Field
from workbook.content import partner_option as named_option
from workbook.content.values import check_date, check_number, number_text
from workbook.store import MAX_ANSWER_CHARS, Couple, Who
from workbook.ui.widgets.toggles import DotRadioButton, TickList


class FieldEditor(Widget):
    """Base class of the editors; subclasses set :attr:`KIND` and build their inputs."""

    KIND: ClassVar[str] = ""
    """The field kind this editor handles (its key in :data:`EDITORS`)."""

    class Changed(Message):
        """The answer was edited."""

        def __init__(self, editor: FieldEditor, value: object) -> None:
            super().__init__()
            self.editor = editor
            self.value = value

        @property
        def control(self) -> FieldEditor:
            """The editor that changed."""
            return self.editor

    class Left(Message):
        """Focus left the editor: a good moment to save at once."""

        def __init__(self, editor: FieldEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> FieldEditor:
            """The editor that lost focus."""
            return self.editor

    def __init__(
        self,
        field: Field,
        who: Who,
        value: object,
        *,
        couple: Couple | None = None,
        blink: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=f"editor editor-{field.kind}")
        self.field = field
        self.who = who
        self.couple = couple
        """The partners, passed down by the worksheet so options can show their names."""
        self.initial = value if value is not None else field.default
        """What the editor shows at first: the stored answer, else the field's default."""
        self.blink = blink
        self.last_value: object = self.initial
        """The value most recently reported (or shown at first), to spot unsaved edits."""
        self.today = date.today()
        """Today by the workbook's clock (the worksheet sets it; date shortcuts use it)."""

    def current(self) -> object:
        """The answer as the editor shows it now, read straight from its inputs."""
        return self.last_value

    def shown(self, option: str) -> Content:
        """An option as the couple reads it: ``{first}`` / ``{second}`` become their
        names (the option itself, with the placeholder, is what is stored)."""
        return Content(partner_option(option, self.couple))

    def _show_error(self, message: str) -> None:
        """Show (or clear, with "") the inline validation message."""
        error = self.query_one(".field-error", Static)
        error.update(message)
        error.display = bool(message)

    def _changed(self, value: object) -> None:
        # Inputs also report their first value on mount; only a real edit is written,
        # never an untouched default. The type counts too: 5.0 typed over a default
        # of 5 is an edit (numbers are kept as typed).
        if value == self.last_value and type(value) is type(self.last_value):
            return
        self.last_value = value
        self.post_message(self.Changed(self, value))

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        # A one-line box left with more text than it shows (a list cell, a statement's
        # blank) shows its text from the start again, not the tail with the first
        # letters cut off ("ceries and household"); the cursor comes back with focus.
        if isinstance(event.widget, Input):
            event.widget.scroll_to(x=0, animate=False, immediate=True)
        self.post_message(self.Left(self))


def partner_option(option: str, couple: Couple | None) -> str:
    """An option as the couple reads it (see :func:`workbook.content.partner_option`)."""
    if couple is None:
        return option
    return named_option(option, couple.first, couple.second)


def _limit(editor: FieldEditor) -> int:
    """Most characters this editor keeps: the usual limit, or the stored answer's length
    when an older version or another tool stored more (never shortened, only not grown)."""
    initial = editor.initial
    return max(MAX_ANSWER_CHARS, len(initial) if isinstance(initial, str) else 0)


def _too_long(editor: FieldEditor, text: str) -> bool:
    limit = _limit(editor)
    if len(text) <= limit:
        return False
    editor.notify(
        f"That is longer than {limit:,} characters; only what fits is kept.",
        severity="warning",
    )
    return True


class TextEditor(FieldEditor):
    """``text``: one line."""

    KIND = "text"

    def compose(self) -> ComposeResult:
        value = self.initial if isinstance(self.initial, str) else ""
        text_input = Input(value, placeholder=self.field.placeholder, max_length=_limit(self))
        text_input.cursor_blink = self.blink
        yield text_input

    def current(self) -> object:
        return self.query_one(Input).value or None

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed(event.value or None)


class LongEditor(FieldEditor):
    """``long``: several lines, growing with its text."""

    KIND = "long"

    def compose(self) -> ComposeResult:
        value = self.initial if isinstance(self.initial, str) else ""
        area = TextArea(value, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        area.cursor_blink = self.blink
        if self.field.placeholder:
            area.placeholder = self.field.placeholder
        yield area

    def current(self) -> object:
        return self.query_one(TextArea).text[: _limit(self)] or None

    @on(TextArea.SelectionChanged)
    def _caret_moved(self, event: TextArea.SelectionChanged) -> None:
        # Nothing above the editor follows the caret: stopped here, the message is not
        # handed up through the row, the sheet, the screen and the app on every key.
        event.stop()

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if _too_long(self, text):
            text = text[: _limit(self)]
            event.text_area.load_text(text)
        self._changed(text or None)


class NumberEditor(FieldEditor):
    """``number``: a number within the field's bounds, checked as it is typed, and
    kept as typed (a decimal comma where it can only be one)."""

    KIND = "number"

    def compose(self) -> ComposeResult:
        # Shown as typed: "12.50" stays "12.50" (see workbook.content.values).
        shown = "" if self.initial is None else number_text(self.initial)
        # Text with a restriction rather than type="number", which refuses a decimal comma.
        number_input = Input(shown, restrict=r"[-+]?[0-9.,]*", placeholder=self.field.unit)
        number_input.cursor_blink = self.blink
        yield number_input
        yield Static("", classes="field-error")

    def current(self) -> object:
        message, value = check_number(self.field, self.query_one(Input).value)
        return self.last_value if message else value

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        message, value = check_number(self.field, event.value)
        self._show_error(message)
        if not message:
            self._changed(value)


class DateEditor(FieldEditor):
    """``date``: an ISO date (YYYY-MM-DD), with Today / +7 days shortcuts and a clear
    message for a date that is not one."""

    KIND = "date"

    def compose(self) -> ComposeResult:
        value = self.initial if isinstance(self.initial, str) else ""
        with Horizontal(classes="date-row"):
            date_input = Input(value, placeholder="YYYY-MM-DD", max_length=10)
            date_input.cursor_blink = self.blink
            yield date_input
            yield Button("Today", classes="date-today", tooltip="Fill in today's date")
            yield Button("+7 days", classes="date-week", tooltip="A week from today")
        yield Static("", classes="field-error")

    def current(self) -> object:
        text = self.query_one(Input).value.strip()
        return self.last_value if check_date(text) else (text or None)

    @on(Button.Pressed, ".date-today, .date-week")
    def _shortcut(self, event: Button.Pressed) -> None:
        event.stop()
        days = 7 if event.button.has_class("date-week") else 0
        self.query_one(Input).value = (self.today + timedelta(days=days)).isoformat()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        message = check_date(text)
        self._show_error(message)
        if not message:
            self._changed(text or None)


class ChoiceEditor(FieldEditor):
    """``choice``: one of the field's options (arrow keys and Enter, or a click)."""

    KIND = "choice"

    def compose(self) -> ComposeResult:
        with RadioSet():
            for option in self.field.options:
                button = DotRadioButton(self.shown(option), value=option == self.initial)
                button.can_focus = False  # the set takes focus as one stop in the tab order
                yield button

    def current(self) -> object:
        index = self.query_one(RadioSet).pressed_index
        return self.field.options[index] if index >= 0 else None

    @on(RadioSet.Changed)
    def _pressed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._changed(self.current())


class MultiEditor(FieldEditor):
    """``multi``: any of the field's options (Space toggles, or a click)."""

    KIND = "multi"

    @property
    def offered(self) -> tuple[str, ...]:
        """What the lesson offers to tick."""
        return self.field.options

    @property
    def choices(self) -> tuple[str, ...]:
        """What can be ticked: the lesson's options, then any stored tick the lesson no
        longer offers (a reworded option), so saving never drops it unseen."""
        stored = self.initial if isinstance(self.initial, list) else []
        retired = [v for v in dict.fromkeys(stored) if isinstance(v, str) and v not in self.offered]
        return (*self.offered, *retired)

    def compose(self) -> ComposeResult:
        chosen = set(self.initial) if isinstance(self.initial, list) else set()
        yield TickList(
            *[
                (
                    self.shown(option)
                    if option in self.offered
                    else Content(f"{option} (no longer offered; untick to remove)"),
                    option,
                    option in chosen,
                )
                for option in self.choices
            ]
        )

    def current(self) -> object:
        selected = set(self.query_one(SelectionList).selected)
        # Stored in the lesson's order, so exports read the same way as the worksheet.
        return [option for option in self.choices if option in selected] or None

    @on(SelectionList.SelectedChanged)
    def _toggled(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self._changed(self.current())


class ScaleBar(Widget, can_focus=True):
    """A compact 0–10 style scale on one line: arrow keys or a click pick a point."""

    BINDINGS = [
        Binding("left", "move(-1)", "Lower", show=False),
        Binding("right", "move(1)", "Higher", show=False),
        Binding("home", "move(-1000)", "Lowest", show=False),
        Binding("end", "move(1000)", "Highest", show=False),
        Binding("delete,backspace", "clear", "Clear", show=False),
    ]
    #: Columns per point: wide enough for "10" with a space either side.
    CELL = 4

    value: reactive[int | None] = reactive(None, init=False)
    """The chosen point, or None before one is chosen."""

    class Picked(Message):
        """The chosen point changed (None when cleared)."""

        def __init__(self, bar: ScaleBar, value: int | None) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> ScaleBar:
            return self.bar

    def __init__(self, points: list[int], value: int | None) -> None:
        super().__init__(classes="scale-bar")
        self.points = points
        self.set_reactive(ScaleBar.value, value if value in points else None)

    def render(self) -> Content:
        parts = []
        for point in self.points:
            cell = f"{point:^{self.CELL}}"
            if point == self.value:
                parts.append(Content.styled(cell, "reverse bold"))
            else:
                parts.append(Content(cell))
        return Content("").join(parts)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.CELL * len(self.points)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def _pick(self, value: int | None) -> None:
        if value != self.value:
            self.value = value
            self.post_message(self.Picked(self, value))

    def action_move(self, step: int) -> None:
        """Move the choice by ``step`` points (from the middle when nothing is chosen)."""
        if self.value is None:
            index = len(self.points) // 2 if abs(step) == 1 else (0 if step < 0 else len(self.points) - 1)
        else:
            index = max(0, min(len(self.points) - 1, self.points.index(self.value) + step))
        self._pick(self.points[index])

    def action_clear(self) -> None:
        """Take the answer back."""
        self._pick(None)

    def on_click(self, event: Click) -> None:
        index = event.x // self.CELL
        if 0 <= index < len(self.points):
            self._pick(self.points[index])


class ScaleEditor(FieldEditor):
    """``scale``: a point from min to max on one line, with the end labels around it."""

    KIND = "scale"

    def _points(self) -> list[int]:
        low = int(self.field.min if self.field.min is not None else 0)
        high = int(self.field.max if self.field.max is not None else 10)
        return list(range(low, high + 1))

    def compose(self) -> ComposeResult:
        labels = self.field.labels
        if labels:
            yield Static(f"{escape(labels[0])}  ←  →  {escape(labels[1])}", classes="scale-labels")
        value = self.initial if isinstance(self.initial, int) else None
        yield ScaleBar(self._points(), value)

    def current(self) -> object:
        return self.query_one(ScaleBar).value

    @on(ScaleBar.Picked)
    def _picked(self, event: ScaleBar.Picked) -> None:
        event.stop()
        self._changed(event.value)


class CheckEditor(MultiEditor):
    """``check``: the day's checklist of habits (Space ticks, or a click)."""

    KIND = "check"

    @property
    def offered(self) -> tuple[str, ...]:
        return self.field.items


class FieldRow(Vertical):
    """A field's label, hint and editor(s): one for shared, one per partner for each.

    A partner whose editor is None is *masked* (a reveal worksheet, before the reveal):
    only a lock and a note are drawn; their answer is never passed here at all.
    """

    def __init__(self, field: Field, editors: list[tuple[str, Who, FieldEditor | None]]) -> None:
        super().__init__(classes="field-row")
        self.field = field
        self._editors = editors

    def compose(self) -> ComposeResult:
        # The label and its hint in one widget: a worksheet has a row per field, and every
        # node more is styled and laid out again on each open.
        # The widget has the hint's muted color (as the theme computes it, which a
        # style in the text cannot); the label above it keeps the foreground color.
        heading = Content.styled(self.field.label, "bold $foreground")
        if self.field.required:
            heading = Content.assemble(heading, " ", ("(required)", "dim $foreground"))
        if self.field.hint:
            heading = Content.assemble(heading, "\n", self.field.hint)
        yield Static(heading, classes="field-label")
        if len(self._editors) == 1 and self._editors[0][1] is Who.SHARED:
            editor = self._editors[0][2]
            assert editor is not None
            yield editor
            return
        with Widget(classes="partner-columns"):
            for name, who, editor in self._editors:
                # -p1 / -p2 let a narrow screen show one partner at a time.
                with Vertical(classes=f"partner-column -p{int(who)}"):
                    yield Static(escape(name), classes="partner-name")
                    if editor is None:
                        yield Static("🔒 Hidden until you both reveal", classes="masked")
                    else:
                        yield editor
