"""Reading is not skimming: a section counts once it has been on screen long enough to
read a good part of it, and its end has been reached; or on ``r``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import new_app, ready, settle, until
from workbook.ui.widgets.lesson_view import LessonSection, LessonView, seconds_to_read


def read_sections(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {
            row[0] for row in conn.execute("SELECT section_id FROM reading WHERE lesson_id = 'communication'")
        }
    finally:
        conn.close()


def test_the_time_it_takes_scales_with_the_words() -> None:
    assert seconds_to_read(0) == seconds_to_read(10) == 3.0  # a few seconds at least
    assert seconds_to_read(500) > seconds_to_read(250) > 20


async def test_paging_through_a_lesson_reads_nothing_and_staying_reads_what_is_shown(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        now = [1000.0]
        view.reading_clock = lambda: now[0]
        view.focus()
        # Skimming: to the end in a moment. Every section's end has been on screen...
        for _ in range(12):
            await pilot.press("pagedown")
        await settle(pilot)
        view.tick()
        now[0] += 1.0
        view.tick()
        await settle(pilot)
        assert read_sections(couple_db) == set(), "paging through is not reading"

        # ...and the last one, staying on screen long enough, counts. (At the very end,
        # waited for: the lesson's Markdown may still be growing.)
        last = list(view.query(LessonSection))[-1]
        for _ in range(10):
            await pilot.press("end")
            await until(pilot, lambda: view.scroll_y >= view.max_scroll_y)
            for _ in range(int(last.needed) + 2):
                now[0] += 1.0
                view.tick()
            await settle(pilot)
            if last.section_id in read_sections(couple_db):
                break
        await until(pilot, lambda: last.section_id in read_sections(couple_db))
        assert len(read_sections(couple_db)) < len(view.query(LessonSection)), "only what was on screen"


async def test_a_clock_that_goes_back_never_undoes_reading(couple_db: Path) -> None:
    """Found in a full run: the app's own tick had read the real clock first, then the
    stepped one started at 0, and time on screen went negative."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        now = [5000.0]
        view.reading_clock = lambda: now[0]
        view.tick()
        now[0] = 0.0  # back
        view.tick()
        assert all(section.seen >= 0 for section in view.query(LessonSection))
