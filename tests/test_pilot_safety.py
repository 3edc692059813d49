"""Safety on first run: the same note for both partners, after their names, before Home."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import focused_on, new_app, ready, screen_text, settle, write
from workbook.store import open_workbook
from workbook.ui.screens.about import AboutScreen
from workbook.ui.screens.main import MainScreen
from workbook.ui.screens.onboarding import OnboardingScreen
from workbook.ui.screens.safety import FirstRunSafetyScreen, SafetyScreen


async def test_both_partners_see_the_safety_note_after_onboarding(db_path: Path) -> None:
    app = new_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        await pilot.click("#first")
        await write(pilot, "Sam")
        await pilot.click("#second")
        await write(pilot, "Alex")
        await pilot.press("enter")
        await settle(pilot)
        note = app.screen
        assert isinstance(note, FirstRunSafetyScreen), "the note comes before Home"
        title = str(note.query_one("#first-run-title").render())
        assert "Sam" in title and "Alex" in title, "addressed to both of them"
        text = str(note.query_one("#first-run-text").render())
        for phrase in ("afraid", "threats", "couples therapy", "confidential", "emergency number"):
            assert phrase in text, phrase
        exit_line = str(note.query_one("#first-run-exit").render())
        assert "clears the screen" in exit_line and "stays in the workbook file" in exit_line
        assert not note.query("Input"), "information only: nothing to answer"
        assert [b.id for b in note.query("Button")] == ["first-run-continue"]
        dialog = note.query_one("#first-run-dialog")
        assert dialog.scroll_y == 0 and dialog.max_scroll_y == 0, "read whole on 80x24, from the top"
        await focused_on(pilot, "first-run-continue")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Welcome, Sam and Alex." in str(app.screen.query_one("#greeting").render())
    store = open_workbook(db_path)
    try:
        couple = store.couple()
        assert couple is not None and (couple.first, couple.second) == ("Sam", "Alex")
    finally:
        store.close()


async def test_the_note_is_not_shown_again_once_the_names_are_saved(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "a note for you both" not in screen_text(app)


async def test_conflict_safety_screen_and_about_tell_the_truth_about_ctrl_q(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("boundaries", "time-out")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Lesson 9" in shown and "erases nothing" in shown
        assert "nothing stays" not in shown
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(AboutScreen(couple_db))
        await settle(pilot)
        exit_line = str(app.screen.query_one("#about-exit").render())
        assert "clears the screen" in exit_line and "stays in the workbook file" in exit_line
