"""The progress tracker, driven as a couple would: Home's "Continue", reading a
section, finishing a worksheet, the progress screen, who reads, and starting over."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import OptionList, Sparkline, TabbedContent

from tests.conftest import new_app, ready, screen_text, settle, until
from workbook.ui.screens.progress import ProgressScreen
from workbook.ui.screens.start_over import StartOverScreen
from workbook.ui.screens.worksheet import WorksheetScreen
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

        # Scroll through the whole lesson: every section counts as read.
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        view.focus()
        await pilot.press("end")
        await until(
            pilot, lambda: len({s for lesson, s, _ in reading(couple_db) if lesson == "communication"}) == 7
        )
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
        assert "Talking •" in screen_text(app), "the tab's badge shows the lesson in progress"
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
        assert "1 worksheet entry completed · 1 sections read" in text
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
