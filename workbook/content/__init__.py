"""Content layer: the lesson model and its parser. No Textual, no SQLite."""

from workbook.content.frontmatter import LessonInfo
from workbook.content.kinds import FIELD_KINDS, KINDS, Kind, writing_fields
from workbook.content.model import (
    PARTNER_OPTIONS,
    Field,
    Lesson,
    LessonError,
    Problem,
    Section,
    Worksheet,
    partner_option,
)
from workbook.content.pack import LessonFolderError, LessonPack, check_pack, load_pack, open_pack
from workbook.content.parser import parse_lesson
from workbook.content.settings import template_slots

__all__ = [
    "FIELD_KINDS",
    "KINDS",
    "PARTNER_OPTIONS",
    "Field",
    "Kind",
    "Lesson",
    "LessonError",
    "LessonFolderError",
    "LessonInfo",
    "LessonPack",
    "Problem",
    "Section",
    "Worksheet",
    "check_pack",
    "load_pack",
    "open_pack",
    "parse_lesson",
    "partner_option",
    "template_slots",
    "writing_fields",
]
