"""Feedback the couple sees: ticks that differ in shape, notifications where the eye
is, validation messages that say what is wrong, and the speaking-turn timer."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import new_app, ready, settle
from workbook.store import Who
from workbook.ui.screens.worksheet import WorksheetScreen
from workbook.ui.widgets.fields import FieldEditor


def editor(screen: object, field_id: str, who: Who) -> FieldEditor:
    assert isinstance(screen, WorksheetScreen)
    return next(e for e in screen.query(FieldEditor) if e.field.id == field_id and e.who is who)


async def test_ticked_and_unticked_differ_in_shape(couple_db: Path) -> None:
    from workbook.ui.widgets.toggles import DOT, EMPTY, TICK, DotRadioButton, TickCheckbox, TickList

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("seek-help", "stuck-check")
        await settle(pilot)
        ticks = app.screen.query_one(TickList)
        ticks.focus()
        await pilot.press("space")  # tick the first
        await settle(pilot)
        first, second = (ticks.render_line(y).text for y in range(2))
        assert first.startswith(f"▐{TICK}▌") and second.startswith(f"▐{EMPTY}▌")
        await pilot.press("escape")
        await settle(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        buttons = list(app.screen.query(DotRadioButton))
        buttons[0].value = True
        await settle(pilot)
        assert DOT in buttons[0].render().plain and DOT not in buttons[1].render().plain
        box = TickCheckbox("Backup", value=True)
        assert TICK in box._button.plain
        box.value = False
        assert TICK not in box._button.plain


async def test_r_in_a_scrolled_lesson_says_which_section_it_marked(couple_db: Path) -> None:
    from workbook.ui.widgets.lesson_view import LessonSection, LessonView

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        sections = list(view.query(LessonSection))
        target = sections[3]
        view.scroll_to_widget(target, top=True, animate=False)
        await settle(pilot)
        view.focus()
        await pilot.press("r")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Marked “Saying how you feel") and m.endswith("as read.") for m in messages
        ), messages


async def test_r_works_when_the_tab_bar_has_the_focus(couple_db: Path) -> None:
    from textual.widgets import Tabs

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.click("#--content-tab-lesson-communication")
        await settle(pilot, 5)
        assert isinstance(app.focused, Tabs)
        await pilot.press("r")
        await settle(pilot)
        assert any(n.message.startswith("Marked “") for n in app._notifications)


async def test_ctrl_t_that_succeeds_says_so(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("is marked done" in m for m in messages), messages
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("open again" in n.message for n in app._notifications)


def test_a_date_message_says_what_is_wrong() -> None:
    from workbook.ui.widgets.fields import check_date

    assert check_date("2026-02-30") == "February 2026 has 28 days."
    assert check_date("2026-04-31") == "April 2026 has 30 days."
    assert check_date("2028-02-29") == ""
    assert check_date("2026-13-01") == "There is no month 13: months go from 01 to 12."
    assert check_date("30.2.2026").startswith("Please use the form YYYY-MM-DD")
    assert check_date("") == ""


async def test_a_date_message_is_visible_at_100x32(couple_db: Path) -> None:
    from textual.widgets import Static

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "budget-meeting")
        await settle(pilot)
        await pilot.press(*"2026-02-30")
        await settle(pilot)
        message = editor(app.screen, "date", Who.SHARED).query_one(".field-error", Static)
        assert str(message.render()) == "February 2026 has 28 days."
        assert message.region.height == 1 and 0 < message.region.y < 31, "on screen, above the footer"


async def test_a_decimal_comma_is_accepted_where_unambiguous(couple_db: Path) -> None:
    import json
    import sqlite3

    from textual.widgets import Input

    from workbook.ui.widgets.compound import ListRow

    def stored() -> object:
        conn = sqlite3.connect(couple_db)
        try:
            (value,) = conn.execute("SELECT value FROM answers WHERE field_id = 'lines'").fetchone()
        finally:
            conn.close()
        return json.loads(value)

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "budget-meeting")
        await settle(pilot)
        lines = editor(app.screen, "lines", Who.SHARED)
        lines.query(ListRow).first().query(Input).first().focus()
        await pilot.press(*"Eating out", "tab", *"12,50")
        await settle(pilot)
        amount = lines.query(ListRow).first().query(Input)[1]
        assert amount.value == "12,50", "shown as typed"
        assert str(lines.query_one(".field-error").render()) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored() == [{"item": "Eating out", "amount": 12.5}]
        amount.value = "1,250"
        await settle(pilot)
        assert "Did you mean 1.250 or 1250?" in str(lines.query_one(".field-error").render())
