"""The shipped lessons: all valid, seven in order, enough worksheets, stable ids."""

from __future__ import annotations

from workbook.content import Worksheet, check_pack
from workbook.paths import bundled_lessons_dir

EXPECTED_ORDER = [
    "communication",
    "empathy",
    "boundaries",
    "finances",
    "parenting",
    "repair",
    "seek-help",
]


def test_shipped_lessons_are_valid_and_in_order() -> None:
    pack, problems = check_pack(bundled_lessons_dir())
    assert [str(p) for p in problems] == []
    assert [lesson.id for lesson in pack.lessons] == EXPECTED_ORDER


def test_each_lesson_has_two_worksheets_and_labelled_fields() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    ids = []
    for lesson in pack.lessons:
        assert len(lesson.worksheets) >= 2, lesson.id
        assert lesson.summary and len(lesson.tab) <= 12
        assert sum(1 for s in lesson.sections if s.title) >= 3, lesson.id
        for worksheet in lesson.worksheets:
            ids.append(worksheet.id)
            for field in worksheet.fields:
                assert field.label, f"{lesson.id}/{worksheet.id}/{field.id}"
    assert len(ids) == len(set(ids)), "worksheet ids are unique across the pack"


def test_conflict_exercises_come_after_safety_information() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    conflict_lessons = set()
    for lesson in pack.lessons:
        parts = [part for section in lesson.sections for part in section.parts]
        for index, part in enumerate(parts):
            if isinstance(part, Worksheet) and part.conflict:
                conflict_lessons.add(lesson.id)
                before = " ".join(p for p in parts[:index] if isinstance(p, str))
                assert "Getting help" in before and "safe" in before, (lesson.id, part.id)
    assert {"boundaries", "repair"} <= conflict_lessons
