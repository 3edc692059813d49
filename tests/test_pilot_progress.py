"""The progress tracker, driven as a couple would: Home's "Continue", reading a
section, finishing a worksheet, the progress screen, who reads, and starting over."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList, Sparkline, TabbedContent

from tests.conftest import FIXED_NOW, LESSONS, focus, new_app, ready, screen_text, settle, until
from workbook.ui.screens.progress import ProgressScreen
from workbook.ui.screens.start_over import StartOverScreen
from workbook.ui.screens.worksheet import WorksheetScreen
from workbook.ui.widgets.habits import HabitsGrid
from workbook.ui.widgets.lesson_view import LessonView


def reading(db: Path) -> set[tuple[str, str, int]]:
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute("SELECT lesson_id, section_id, who FROM reading"))
    finally:
        conn.close()


def continue_text(app) -> str:  # type: ignore[no-untyped-def]
    listing = app.screen.query_one("#lesson-list", OptionList)
    return str(listing.get_option_at_index(0).prompt)


async def test_reading_and_finishing_a_worksheet_move_continue_along(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "Continue" in continue_text(app))
        assert "Read “Opening” in Talking so you are heard" in continue_text(app)
        await pilot.press("enter")  # Continue is highlighted first
        await settle(pilot, 5)
        assert app.screen.query_one(TabbedContent).active == "lesson-communication"
        await pilot.press("r")
        await until(pilot, lambda: ("communication", "intro", 0) in reading(couple_db))
        await until(pilot, lambda: "Why it matters" in continue_text(app))

        # Read through the whole lesson: a section counts once it has been on screen
        # long enough (the reading clock is stepped by hand) and its end was reached.
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        now = [0.0]
        view.reading_clock = lambda: now[0]
        await focus(pilot, view)
        view.tick()

        def read_here() -> int:
            return len({s for lesson, s, _ in reading(couple_db) if lesson == "communication"})

        # A minute on each screenful, then the next one. Not "until the bottom": the
        # lesson's Markdown may still be growing when this starts; the count decides.
        for _ in range(40):
            for _ in range(60):
                now[0] += 1.0
                view.tick()
            await pilot.pause()
            if read_here() == 7:
                break
            before = view.scroll_y
            await pilot.press("pagedown")
            await until(pilot, lambda b=before: view.scroll_y != b or view.scroll_y >= view.max_scroll_y)
        await until(pilot, lambda: read_here() == 7)
        await pilot.press("0")
        await until(pilot, lambda: "Daily check-in" in continue_text(app))
        assert "Fill in the worksheet “Daily check-in”" in continue_text(app)
        assert "✓ Why it matters" not in screen_text(app)  # Home shows lessons, not sections

        # Continue opens the worksheet; marked done, the next worksheet is next.
        app.screen.query_one("#lesson-list", OptionList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.worksheet.id == "daily-check-in"
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "I-statements" in continue_text(app))
        tab = app.screen.query_one(TabbedContent).get_tab("lesson-communication")
        assert tab.label.plain.startswith("1") and tab.label.plain.endswith(" •"), "in progress"
        assert "in progress" in str(
            app.screen.query_one("#lesson-list", OptionList).get_option_at_index(1).prompt
        )


async def test_reading_alone_is_recorded_for_that_partner(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await settle(pilot, 5)
        await pilot.press("w")  # together → Sam alone
        await settle(pilot)
        assert "Reading Sam alone" in screen_text(app)
        await pilot.press("r")
        await until(pilot, lambda: ("empathy", "intro", 1) in reading(couple_db))
        assert not any(who == 0 for _, _, who in reading(couple_db))


async def test_progress_screen_and_start_over_keep_answers(couple_db: Path) -> None:
    from workbook.store import Who, open_workbook

    store = open_workbook(couple_db)
    store.mark_read("communication", "intro")
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(entry.id, {("said", Who.FIRST): "keep this"})
    store.set_done(entry.id, True)
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and "completed" in screen_text(app))
        text = screen_text(app)
        assert "1 worksheet entry completed · 1 section read" in text
        assert "1. Talking so you are heard" in text and "in progress" in text
        assert "Sam █" in text and "Alex █" in text and "Habits" in text
        weeks = list(app.screen.query_one(Sparkline).data or [])
        assert len(weeks) == 12 and weeks[-1] == 2, "this week: one entry started and completed"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StartOverScreen)
        await pilot.click("#start-over-yes")  # every lesson, backup first, answers kept
        await until(pilot, lambda: "0 sections read" in screen_text(app))
        assert reading(couple_db) == set()
    backups = list(couple_db.parent.glob("*.before-start-over-*.sqlite"))
    assert len(backups) == 1 and ("communication", "intro", 0) in reading(backups[0])
    store = open_workbook(couple_db)
    assert store.answers(entry.id)[("said", Who.FIRST)].value == "keep this"
    assert store.entry(entry.id) is not None and store.entry(entry.id).done  # type: ignore[union-attr]
    store.close()


async def test_progress_is_not_added_up_again_when_nothing_changed(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        first = app.report
        assert first is not None and first.detail
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and "completed" in screen_text(app))
        await ready(pilot)
        assert app.report is first, "F6 after only looking opens on the same figures"
        await pilot.press("escape")
        await pilot.press("1")  # the first lesson's tab
        await settle(pilot)
        await pilot.press("r")  # marks a section read: a change
        await until(pilot, lambda: app.report is not first and app.report.totals.sections_read == 1)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("width", "days", "grouped"), [(160, 56, False), (100, 56, True), (80, 56, True), (64, 52, True)]
)
async def test_habits_grid_fits_the_terminal_and_keeps_the_newest_days(
    tmp_path: Path, width: int, days: int, grouped: bool
) -> None:
    """Habit names are never cut: where "who · habit" does not fit beside the days,
    each habit gets a line of its own; only then are the oldest days left out."""
    from workbook.content import load_pack
    from workbook.store.demo import make_demo

    db = tmp_path / "demo.sqlite"
    make_demo(db, load_pack(LESSONS), today=FIXED_NOW.date()).close()
    app = new_app(db)
    async with app.run_test(size=(width, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and "completed" in screen_text(app))
        grid = app.screen.query_one(HabitsGrid)
        report = app.report
        assert report is not None and len(report.habits) == 16
        habits = list(dict.fromkeys(row.item for row in report.habits))
        assert grid.size.height == 1 + len(report.habits) + (len(habits) if grouped else 0)
        lines = [grid.render_line(y).text for y in range(grid.size.height)]
        # No row wraps: every line is the grid's width, and the ruler's last week
        # start sits over the right day.
        assert all(len(line) == grid.size.width for line in lines)
        assert lines[0].rstrip().endswith("19 Nov")
        shown: dict[tuple[str, str], str] = {}
        habit = ""
        for line in lines[1:]:
            text = line.rstrip()
            if grouped and not text.startswith(" "):
                habit = text  # a habit's own line, whole
                continue
            label, marks = text[:-days], text[-days:]
            assert text[-days - 1] == " ", "exactly the newest days, after the label"
            if grouped:
                shown[(habit, label.strip())] = marks
            else:
                who, _, item = label.strip().partition(" · ")
                shown[(item, who)] = marks
        expected = {
            (row.item, "Sam" if row.who.value == 1 else "Alex"): "".join(
                "■" if ticked else "·" for ticked in row.days[-days:]
            )
            for row in report.habits
        }
        assert shown == expected, "every habit and partner, named in full"
        # The window is 1 Oct to 25 Nov: 19 Nov, a week start, is the 7th day from the end.
        assert lines[0].index("19 Nov") == len(lines[-1].rstrip()) - 7


async def test_habits_grid_lines_up_wide_names_and_emoji() -> None:
    from datetime import date

    from rich.cells import cell_len
    from textual.app import App, ComposeResult

    class GridApp(App[None]):
        def compose(self) -> ComposeResult:
            yield HabitsGrid()

    rows = [
        ("約束を守った、毎日の小さな行動", "美咲", (True, False) * 28),
        ("Kept a promise", "Zoë 💛", (False, True) * 28),
    ]
    app = GridApp()
    async with app.run_test(size=(70, 10)) as pilot:
        grid = app.query_one(HabitsGrid)
        grid.styles.height = "auto"  # as app.tcss sets it
        grid.show(date(2026, 11, 25), rows)  # 1 Oct to 25 Nov
        await pilot.pause()
        lines = [grid.render_line(y).text for y in range(grid.size.height)]
        assert len(lines) == 5 and all(cell_len(line) == 70 for line in lines)
        assert lines[1].startswith("約束を守った、毎日の小さな行動") and lines[3].startswith("Kept a promise")
        starts = {cell_len(line.rstrip()) - 56 for line in (lines[2], lines[4])}
        assert starts == {9}, "the days start in the same column on every row"
        assert lines[2].startswith("  美咲 ") and lines[4].startswith("  Zoë 💛 ")


async def test_a_pack_without_a_daily_checklist_shows_no_habits(tmp_path: Path, couple_db: Path) -> None:
    import shutil

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(LESSONS / "01-communication.md", lessons)  # a counselor's one-lesson pack
    app = new_app(couple_db, lessons)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and "completed" in screen_text(app))
        assert "1. Talking so you are heard" in screen_text(app)
        assert "Habits" not in screen_text(app) and not app.screen.query_one(HabitsGrid).display


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_lesson_lines_never_wrap_even_with_long_names(db_path: Path, size: tuple[int, int]) -> None:
    from workbook.store import open_workbook

    store = open_workbook(db_path, clock=lambda: FIXED_NOW)
    store.set_couple("Alexandra-Katharina", "Zoë Müller-Łukasiewicz")
    store.close()
    app = new_app(db_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and "completed" in screen_text(app))
        box = app.screen.query_one("#progress-lessons")
        lines = str(box.render()).splitlines()
        assert box.size.height == len(lines), "a lesson's line wrapped"
        assert all(cell_len(line) <= box.size.width for line in lines)
        counts = [line for line in lines if "worksheets" in line]
        assert counts and all("read · " in line for line in counts), "the counts stay on one line"


async def test_the_progress_screen_says_what_its_figures_mean(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        text = str(app.screen.query_one("#progress-lessons").render())
        assert "sections you have both read" in text and "what that partner has read" in text
