"""Store layer: the couple's SQLite workbook file. No Textual.

Importing this package is cheap; sqlite-utils loads when a workbook is opened.
"""

from workbook.store.completion import Missing, is_answered, missing_answers
from workbook.store.errors import (
    NewerWorkbookError,
    NotAWorkbookError,
    WorkbookError,
    WorkbookLocationError,
    WorkbookLockedError,
)
from workbook.store.files import SCHEMA_VERSION, FileState, inspect_file
from workbook.store.models import PARTNERS, Answer, Couple, DeletedEntry, Entry, EntrySummary, ReadMark, Who
from workbook.store.workbook import MAX_ANSWER_CHARS, Workbook, clean_name, open_workbook

__all__ = [
    "MAX_ANSWER_CHARS",
    "PARTNERS",
    "SCHEMA_VERSION",
    "Answer",
    "Couple",
    "DeletedEntry",
    "Entry",
    "EntrySummary",
    "FileState",
    "Missing",
    "NewerWorkbookError",
    "NotAWorkbookError",
    "ReadMark",
    "Who",
    "Workbook",
    "WorkbookError",
    "WorkbookLocationError",
    "WorkbookLockedError",
    "clean_name",
    "inspect_file",
    "is_answered",
    "missing_answers",
    "open_workbook",
]
