"""Which editor edits which field kind. New kinds register here.

Every kind of :data:`workbook.content.KINDS` has an editor (``tests/test_kinds.py``
fails otherwise): the parser accepts only those kinds, so there is no stand-in for a
kind without one, which would only hide that it was forgotten.
"""

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
    ScaleEditor,
    TextEditor,
)

#: The editor for each field kind.
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
    return EDITORS[field.kind](field, who, value, couple=couple, blink=blink)
