"""Which editor edits which field kind. New kinds register here."""

from __future__ import annotations

from workbook.content import Field
from workbook.store import Couple, Who
from workbook.ui.widgets.compound import ListEditor, StatementEditor, TimerEditor
from workbook.ui.widgets.fields import (
    CheckEditor,
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    LongEditor,
    MultiEditor,
    NumberEditor,
    PendingEditor,
    ScaleEditor,
    TextEditor,
)

#: The editor for each field kind. Kinds not listed use :class:`PendingEditor`.
EDITORS: dict[str, type[FieldEditor]] = {
    cls.KIND: cls
    for cls in (
        TextEditor,
        LongEditor,
        NumberEditor,
        DateEditor,
        ChoiceEditor,
        MultiEditor,
        ScaleEditor,
        CheckEditor,
        StatementEditor,
        ListEditor,
        TimerEditor,
    )
}


def make_editor(
    field: Field, who: Who, value: object, *, couple: Couple | None = None, blink: bool = True
) -> FieldEditor:
    """The editor widget for one answer of a field; ``couple`` names the partners in it."""
    editor_class = EDITORS.get(field.kind, PendingEditor)
    return editor_class(field, who, value, couple=couple, blink=blink)
