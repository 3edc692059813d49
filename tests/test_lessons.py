"""The shipped lessons: all valid, nine in order, enough worksheets, stable ids, safety that names things."""

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
    repair = pack.lesson("repair")
    assert {w.id for w in repair.worksheets if w.conflict} >= {
        "our-cycle",
        "dreams-within-conflict",
        "repair-script",
    }


#: The worksheets EXERCISES.md marks ★, by lesson: each lesson must carry them.
STARRED = {
    "communication": {"daily-check-in", "i-statements"},
    "empathy": {"mirror-validate-empathize", "stress-reducing"},
    "closeness": {"appreciations", "love-map"},
    "boundaries": {"boundary-agreement", "time-out"},
    "finances": {"budget-meeting", "money-story"},
    "parenting": {"parenting-plan", "parenting-priorities"},
    "repair": {"repair-script", "regrettable-incident", "daily-habits", "our-cycle"},
    "intimacy": {"more-less-curious", "touch-ritual"},
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
    for phrase in (
        "pushing",
        "blocking the way",
        "breaking",
        "threats",
        "pet",
        "contempt",
        "did not want",
        "tracking",
        "controlling the money",
        "afraid",
        "couples therapy",
        "confidential",
        "emergency number",
        "never stores",
        "worries about your own behavior",
        "clears the screen",
        "stays in the workbook file",
        "checked in November 2026",
        "can be read by whoever opens them",
        "choking",
        "ever the fault of the person it happens to",
        "plan for your safety, whether you stay or leave",
    ):
        assert phrase in text, phrase
    assert "nothing stays on the screen" not in text, "Ctrl+Q does not erase the file"
    assert lesson.sections[0].title == "Safety first" or lesson.sections[1].title == "Safety first"
    services = lesson.worksheet("local-services")
    assert services is not None
    columns = {c.id: c for c in services.fields[0].columns}
    assert {"name", "kind", "contact", "address", "accredited", "notes"} <= set(columns)
    assert {"Individual counselor", "Sex therapist"} <= set(columns["kind"].options)
    assert "Reconnect" not in services.source
    for where in ("doctor", "employee assistance program", "training clinic", "register", "accredited"):
        assert where in text, where


#: Helplines by country, each checked against the organization's own page or its
#: government funder's in November 2026 (see the lesson). A changed number is a fact
#: to check again, not a typo to fix.
HELPLINES = {
    "United States": ("1-800-799-7233", "START to 88788"),
    "United Kingdom": ("0808 2000 247", "0808 801 0327", "0800 999 5428", "0808 802 4040"),
    "Australia": ("1800 737 732", "0458 737 732", "1300 766 491"),
}


def _prose(lesson: Lesson) -> str:
    return " ".join(p for s in lesson.sections for p in s.parts if isinstance(p, str))


def test_helplines_are_labeled_by_country() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    text = _prose(pack.lesson("seek-help"))
    lines = [line for line in text.splitlines() if line.startswith("- **")]
    for country, numbers in HELPLINES.items():
        for number in numbers:
            assert any(country in line and number in line for line in lines), (country, number)
    assert any("Anywhere" in line and "emergency number" in line and "doctor" in line for line in lines)


def test_stuck_check_is_gentle_and_points_to_safety() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    lesson = pack.lesson("seek-help")
    stuck = lesson.worksheet("stuck-check")
    assert stuck is not None
    signs = next(f for f in stuck.fields if f.id == "signs")
    assert not any("elsewhere" in option for option in signs.options)
    thoughts = next(f for f in stuck.fields if f.id == "thoughts")
    assert "afraid" in thoughts.hint and "Safety first" in thoughts.hint
    assert "betrayal" in _prose(lesson) and "couples therapist" in _prose(lesson)


def _before_first_worksheet(lesson: Lesson) -> str:
    parts = [part for section in lesson.sections for part in section.parts]
    first = next(i for i, part in enumerate(parts) if isinstance(part, Worksheet))
    return " ".join(p for p in parts[:first] if isinstance(p, str))


def test_early_lessons_point_to_safety_and_money_names_financial_control() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    talking = _before_first_worksheet(pack.lesson("communication"))
    assert "Safety first" in talking and "Getting help" in talking
    money = _before_first_worksheet(pack.lesson("finances"))
    assert "financial control" in money and "Getting help" in money


def test_time_out_protects_and_fights_fair() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    lesson = pack.lesson("boundaries")
    text = _prose(lesson)
    for rule in ("Let the other go", "No following", "doorway", "by text", "afraid", "Getting help"):
        assert rule in text, rule
    time_out = lesson.worksheet("time-out")
    assert time_out is not None
    fields = {f.id: f for f in time_out.fields}
    assert fields["flooding"].per_partner
    assert {"No insults or contempt", "No stonewalling"} <= set(fields["fair-fighting"].options)
    assert {"Let the other go", "No blocking the door"} <= set(fields["break-rules"].options)


def test_methods_are_attributed_faithfully() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    talking = pack.lesson("communication")
    check_in = talking.worksheet("daily-check-in")
    assert check_in is not None and "PREP" not in check_in.source
    text = _prose(talking)
    for rule in ("the floor", "a sentence or two at a time", "own words", "nobody tries to solve"):
        assert rule in text, rule
    statements = talking.worksheet("i-statements")
    assert statements is not None and statements.repeatable
    feelings = next(f for f in statements.fields if f.id == "feelings")
    assert "Lonely" in feelings.options and not {"Shut out", "Ignored"} & set(feelings.options)
    listening = _prose(pack.lesson("empathy"))
    assert "every day" in listening and "twenty to thirty minutes" in listening
    assert "us against the world" in listening
    repair = pack.lesson("repair")
    script = repair.worksheet("repair-script")
    assert script is not None and "repair attempts" not in script.source
    text = _prose(repair)
    for idea in ("pursue–withdraw", "Criticism", "Contempt", "Defensiveness", "Stonewalling", "dream within"):
        assert idea in text, idea
    budget = pack.lesson("finances").worksheet("budget-meeting")
    assert budget is not None and "went-well" in {f.id for f in budget.fields}


def test_inclusion_and_us_spelling() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    everything = " ".join(_prose(lesson) for lesson in pack.lessons)
    assert "His husband" in everything or "two moms" in everything, "an explicitly same-sex couple"
    assert "in writing" in everything and "autism" in everything
    assert "Families and cultures" in everything
    assert "No children" in _prose(pack.lesson("parenting"))
    assert "unless a child is at risk" in _prose(pack.lesson("parenting"))
    uk = re.compile(
        r"\b(counsell\w*|behaviour\w*|colour\w*|favour\w*|honour\w*|centre\w*|defence|"
        r"apologis\w*|criticis(e|ed|es|ing)|organis\w*|recognis\w*|realis\w*|prioritis\w*|"
        r"judgement|programme\w*|whilst|learnt|afterwards|towards|amongst|wash up)\b",
        re.IGNORECASE,
    )
    for lesson in pack.lessons:
        found = uk.findall(lesson.path.read_text(encoding="utf-8"))
        assert not found, (lesson.id, found)


def test_lessons_inform_without_promising_and_quote_the_us_way() -> None:
    """Information, not therapy: no lesson promises an effect; commas and periods sit inside quotes."""
    pack, _ = check_pack(bundled_lessons_dir())
    promise = re.compile(
        r"\b(proven|guarantee\w*|this works|works better|will fix|will save)\b", re.IGNORECASE
    )
    for lesson in pack.lessons:
        text = lesson.path.read_text(encoding="utf-8")
        assert not promise.findall(text), (lesson.id, promise.findall(text))
        outside = re.findall(r'.{0,20}\w"[,.]', _prose(lesson))
        assert not outside, (lesson.id, outside)
