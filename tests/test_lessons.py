"""The shipped lessons: all valid, seven in order, enough worksheets, stable ids."""

from __future__ import annotations

import re

from tests.conftest import LESSON_ORDER
from workbook.content import Lesson, Worksheet, check_pack
from workbook.paths import bundled_lessons_dir


def test_shipped_lessons_are_valid_and_in_order() -> None:
    pack, problems = check_pack(bundled_lessons_dir())
    assert [str(p) for p in problems] == []
    assert [lesson.id for lesson in pack.lessons] == LESSON_ORDER


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


#: The worksheets EXERCISES.md marks ★, by lesson: each lesson must carry them.
STARRED = {
    "communication": {"daily-check-in", "i-statements"},
    "empathy": {"mirror-validate-empathize", "stress-reducing"},
    "boundaries": {"boundary-agreement", "time-out"},
    "finances": {"budget-meeting", "money-story"},
    "parenting": {"parenting-plan", "parenting-priorities"},
    "repair": {"repair-script", "regrettable-incident", "daily-habits"},
    "seek-help": {"stuck-check", "local-services"},
}


def _prose_words(lesson: Lesson) -> int:
    prose = " ".join(p for s in lesson.sections for p in s.parts if isinstance(p, str))
    return len(re.findall(r"\w+", prose))


def test_each_lesson_is_a_short_read_in_three_to_six_sections() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    for lesson in pack.lessons:
        assert 600 <= _prose_words(lesson) <= 1500, (lesson.id, _prose_words(lesson))
        assert 3 <= sum(1 for s in lesson.sections if s.title) <= 6, lesson.id
        assert 1 <= lesson.minutes <= 15
        text = lesson.path.read_text(encoding="utf-8")
        assert "\nminutes:" in text.split("---")[1], f"{lesson.id}: reading time in the front matter"


def test_every_field_has_a_hint_and_every_worksheet_names_its_method() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    for lesson in pack.lessons:
        for worksheet in lesson.worksheets:
            assert worksheet.source, f"{worksheet.id}: attribute the method"
            for field in worksheet.fields:
                assert field.hint, f"{lesson.id}/{worksheet.id}/{field.id} needs a one-line hint"
                assert "\n" not in field.hint


def test_the_starred_worksheets_are_all_there() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    for lesson in pack.lessons:
        assert STARRED[lesson.id] <= {w.id for w in lesson.worksheets}, lesson.id


def test_worksheets_use_the_field_kinds_that_fit() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    kinds = {(w.id, f.id): f.kind for lesson in pack.lessons for w in lesson.worksheets for f in w.fields}
    assert kinds[("daily-check-in", "turns")] == "timer"
    assert kinds[("i-statements", "statement")] == "statement"
    assert kinds[("budget-meeting", "lines")] == "list"
    assert kinds[("parenting-plan", "roles")] == "list"
    assert kinds[("daily-habits", "habits")] == "check"
    assert kinds[("boundary-agreement", "revisit")] == "date"
    assert kinds[("budget-meeting", "next")] == "date"


def test_getting_help_carries_the_safety_information() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    lesson = pack.lesson("seek-help")
    text = " ".join(p for s in lesson.sections for p in s.parts if isinstance(p, str))
    for phrase in ("physical harm", "threats", "afraid", "confidential", "emergency number", "never stores"):
        assert phrase in text, phrase
    assert lesson.sections[0].title == "Safety first" or lesson.sections[1].title == "Safety first"
    services = lesson.worksheet("local-services")
    assert services is not None
    columns = {c.id for c in services.fields[0].columns}
    assert {"name", "kind", "contact", "accredited", "notes"} <= columns
