"""Content layer: the lesson model and its parser. No Textual, no SQLite."""

from workbook.content.model import (
    FIELD_KINDS,
    Field,
    Lesson,
    LessonError,
    LessonPack,
    Problem,
    Section,
    Worksheet,
)
from workbook.content.parser import LessonFolderError, check_pack, load_pack, parse_lesson
from workbook.content.worksheet import template_slots

__all__ = [
    "FIELD_KINDS",
    "Field",
    "Lesson",
    "LessonError",
    "LessonFolderError",
    "LessonPack",
    "Problem",
    "Section",
    "Worksheet",
    "check_pack",
    "load_pack",
    "parse_lesson",
    "template_slots",
]
