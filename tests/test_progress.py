"""Every progress rule, on a real workbook file: reading, completion, status, habits,
activity, agenda, start over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import LESSON_ORDER
from tests.test_cli import run
from workbook.content import load_pack
from workbook.paths import bundled_lessons_dir
from workbook.store import Who, Workbook, open_workbook
from workbook.store.progress import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    activity,
    agenda,
    habits,
    next_step,
    progress,
)

PACK = load_pack(bundled_lessons_dir())
LESSONS = PACK.usable_lessons()
COMMUNICATION = PACK.lesson("communication")
TODAY = date(2026, 11, 25)


class Clock:
    """A clock the test moves by hand: each write gets a later time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def wb(db_path: Path) -> Iterator[Workbook]:
    store = open_workbook(db_path, clock=Clock())
    store.set_couple("Sam", "Alex")
    yield store
    store.close()


def one(store: Workbook, lesson_id: str = "communication"):  # type: ignore[no-untyped-def]
    return next(p for p in progress(store, LESSONS) if p.lesson_id == lesson_id)


def finish(store: Workbook, lesson_id: str, worksheet_id: str) -> int:
    entry = store.new_entry(lesson_id, worksheet_id)
    store.set_done(entry.id, True)
    return entry.id


def test_a_new_workbook_starts_at_the_first_section_of_the_first_lesson(wb: Workbook) -> None:
    lessons = progress(wb, LESSONS)
    assert [p.status for p in lessons] == [NOT_STARTED] * len(LESSON_ORDER)
    assert all(p.percent == 0 for p in lessons)
    step = next_step(lessons)
    assert step is not None and step.lesson_id == "communication" and step.kind == "read"
    assert step.target_id == COMMUNICATION.sections[0].id


def test_reading_together_or_by_both_counts_and_one_partner_alone_does_not(wb: Workbook) -> None:
    first, second = COMMUNICATION.sections[0].id, COMMUNICATION.sections[1].id
    wb.mark_read("communication", first)  # together
    wb.mark_read("communication", second, Who.FIRST)
    p = one(wb)
    assert p.status == IN_PROGRESS and p.sections_read == 1
    assert p.sections[1].read_for(Who.FIRST) and not p.sections[1].read_for(Who.SECOND)
    assert p.partner_percent(Who.FIRST) > p.partner_percent(Who.SECOND)
    assert p.next_step is not None and p.next_step.target_id == second
    wb.mark_read("communication", second, Who.SECOND)
    assert one(wb).sections_read == 2


def test_next_step_follows_the_lesson_order_and_a_lesson_is_done_when_all_is(wb: Workbook) -> None:
    for section in COMMUNICATION.sections:
        wb.mark_read("communication", section.id)
        holder = section.worksheets
        if holder:
            p = one(wb)
            # A section read: its worksheet is next, before the following section.
            assert p.next_step is not None and (p.next_step.kind, p.next_step.target_id) == (
                "worksheet",
                holder[0].id,
            )
            for worksheet in holder:
                finish(wb, "communication", worksheet.id)
    p = one(wb)
    assert p.status == DONE and p.percent == 100 and p.next_step is None
    step = next_step(progress(wb, LESSONS))
    assert step is not None and step.lesson_id == "empathy", "on to the next chapter"


def test_a_draft_is_not_done_and_each_partners_part_is_tracked(wb: Workbook) -> None:
    entry = wb.new_entry("communication", "daily-check-in")
    wb.save_answers(entry.id, {("said", Who.FIRST): "mine", ("minutes", Who.SHARED): 5})
    sheet = next(w for w in one(wb).worksheets if w.worksheet_id == "daily-check-in")
    assert not sheet.done and sheet.started
    assert sheet.partners_done == frozenset({Who.FIRST}), "a shared answer is nobody's own part"
    # A required each-field left empty keeps a partner's part open.
    boundary = wb.new_entry("boundaries", "boundary-agreement")
    wb.save_answers(boundary.id, {("need", Who.SECOND): "quiet mornings"})
    assert next(
        w for w in one(wb, "boundaries").worksheets if w.worksheet_id == "boundary-agreement"
    ).partners_done == {Who.SECOND}
    wb.set_done(entry.id, True)
    assert next(w for w in one(wb).worksheets if w.worksheet_id == "daily-check-in").done


def test_turns_on_a_reveal_worksheet_count_for_each_partner(wb: Workbook) -> None:
    entry = wb.new_entry("finances", "money-story")
    wb.set_part_done(entry.id, Who.SECOND)
    sheet = next(w for w in one(wb, "finances").worksheets if w.worksheet_id == "money-story")
    assert sheet.partners_done == frozenset({Who.SECOND}) and not sheet.done


def test_start_over_resets_progress_and_keeps_answers_unless_asked(wb: Workbook) -> None:
    wb.mark_read("communication", COMMUNICATION.sections[0].id)
    entry_id = finish(wb, "communication", COMMUNICATION.worksheets[0].id)
    wb.save_answers(entry_id, {("kept", Who.SHARED): "still here"})
    wb.mark_read("empathy", "intro")
    assert one(wb).status == IN_PROGRESS
    wb.reset_progress(["communication"])
    p = one(wb)
    assert p.status == NOT_STARTED or (p.sections_read == 0 and p.worksheets_done == 0)
    assert p.sections_read == 0 and p.worksheets_done == 0
    assert wb.answers(entry_id)[("kept", Who.SHARED)].value == "still here", "answers are kept"
    assert one(wb, "empathy").sections_read >= 1, "other lessons untouched"
    # A completion after the reset counts again.
    finish(wb, "communication", COMMUNICATION.worksheets[0].id)
    assert one(wb).worksheets_done == 1
    wb.reset_progress(["communication"], delete_answers=True)
    assert wb.entry(entry_id) is None
    assert wb._conn.execute("SELECT count(*) FROM answers WHERE entry_id = ?", [entry_id]).fetchone()[0] == 0


def test_habits_are_per_partner_per_day(wb: Workbook) -> None:
    repair = PACK.lesson("repair")
    sheet = repair.worksheet("daily-habits")
    assert sheet is not None
    field = next(f for f in sheet.fields if f.kind == "check")
    day = TODAY - timedelta(days=2)
    entry = wb.new_entry("repair", "daily-habits", day)
    wb.save_answers(entry.id, {(field.id, Who.FIRST): [field.items[0]]})
    rows = habits(wb, LESSONS, TODAY)
    mine = next(r for r in rows if r.who is Who.FIRST and r.item == field.items[0])
    assert len(mine.days) == 56 and mine.days[-3] and sum(mine.days) == 1
    theirs = next(r for r in rows if r.who is Who.SECOND and r.item == field.items[0])
    assert sum(theirs.days) == 0


def test_activity_counts_per_week(db_path: Path) -> None:
    clock = Clock()
    clock.now = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)  # two weeks before TODAY's week
    store = open_workbook(db_path, clock=clock)
    store.new_entry("communication", "daily-check-in")
    clock.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    finish(store, "communication", "daily-check-in")
    weeks = activity(store, TODAY)
    store.close()
    assert len(weeks) == 12 and weeks[-1].start == date(2026, 11, 23)
    assert (weeks[-1].started, weeks[-1].completed) == (1, 1)
    assert (weeks[-3].started, weeks[-3].completed) == (1, 0)
    assert sum(w.started for w in weeks) == 2


def test_agenda_lists_dates_ahead_soonest_first_and_marks_passed_ones(wb: Workbook) -> None:
    # Written ten days ago: both dates were set ahead of it, one has passed since.
    budget = wb.new_entry("finances", "budget-meeting", TODAY - timedelta(days=10))
    sheet = PACK.lesson("finances").worksheet("budget-meeting")
    assert sheet is not None
    dates = [f for f in sheet.fields if f.kind == "date"]
    assert len(dates) >= 2
    wb.save_answers(
        budget.id,
        {
            (dates[0].id, Who.SHARED): (TODAY + timedelta(days=9)).isoformat(),
            (dates[1].id, Who.SHARED): (TODAY - timedelta(days=3)).isoformat(),
        },
    )
    old = TODAY - timedelta(days=40)
    items = agenda(wb, LESSONS, TODAY)
    assert [(i.day, i.overdue) for i in items] == [
        (TODAY - timedelta(days=3), True),
        (TODAY + timedelta(days=9), False),
    ]
    assert items[1].label == dates[0].label and items[1].worksheet_id == "budget-meeting"
    wb.save_answers(budget.id, {(dates[1].id, Who.SHARED): old.isoformat()})
    assert len(agenda(wb, LESSONS, TODAY)) == 1, "long past dates drop off"


def test_cli_progress_table_and_json(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db), "--today", "2026-11-25").returncode == 0
    table = run("progress", "--db", str(db))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Lesson", "Status", "Read", "Worksheets", "Done"]
    assert "Talking so you are heard" in lines[2] and "Getting help" in lines[2 + len(LESSON_ORDER) - 1]
    assert lines[-1].startswith("Next: ") and len(lines) == 2 + len(LESSON_ORDER) + 2
    data = json.loads(run("progress", "--db", str(db), "--json").stdout)
    assert [lesson["id"] for lesson in data["lessons"]][0] == "communication"
    first = data["lessons"][0]
    assert set(first) >= {"id", "title", "status", "percent", "sections_read", "sections", "worksheets_done"}
    assert first["status"] in (NOT_STARTED, IN_PROGRESS, DONE)
    assert data["next"] is None or data["next"]["lesson"]


def test_lesson_and_partner_figures_agree(wb: Workbook) -> None:
    """A partner's share counts the same worksheets as the lesson's; only reading alone
    differs. So the lesson never shows less than both partners unless one read alone,
    and 100 % means the same everywhere."""
    finances = PACK.lesson("finances")
    per_partner = next(w for w in finances.worksheets if any(f.per_partner for f in w.fields))
    for section in finances.sections:
        wb.mark_read("finances", section.id)  # together
    # Each partner answers their own questions, but nobody marks the entry done.
    entry = wb.new_entry("finances", per_partner.id)
    wb.save_answers(
        entry.id,
        {
            (f.id, who): "x"
            for f in per_partner.fields
            if f.per_partner and f.kind in ("text", "long")
            for who in (Who.FIRST, Who.SECOND)
        },
    )
    p = one(wb, "finances")
    assert p.partner_percent(Who.FIRST) == p.partner_percent(Who.SECOND) == p.percent
    for worksheet in finances.worksheets:
        finish(wb, "finances", worksheet.id)
    p = one(wb, "finances")
    assert p.percent == p.partner_percent(Who.FIRST) == p.partner_percent(Who.SECOND) == 100


def test_coming_up_lists_dates_set_ahead_not_the_meeting_just_held(wb: Workbook) -> None:
    from workbook.store.progress import agenda

    today = wb.today()
    entry = wb.new_entry("finances", "budget-meeting", today)
    ahead = today + timedelta(days=14)
    wb.save_answers(
        entry.id, {("date", Who.SHARED): today.isoformat(), ("next", Who.SHARED): ahead.isoformat()}
    )
    items = agenda(wb, LESSONS, today)
    assert [(item.day, item.label) for item in items] == [(ahead, "Next meeting")]
