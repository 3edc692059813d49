"""Feedback the couple sees: ticks that differ in shape, notifications where the eye
is, validation messages that say what is wrong, and the speaking-turn timer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import Notifications, focus, new_app, open_timer, ready, settle
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
        await focus(pilot, ticks)
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

    app, notes = new_app(couple_db), Notifications()
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        sections = list(view.query(LessonSection))
        target = sections[3]
        view.scroll_to_widget(target, top=True, animate=False)
        await settle(pilot)
        await focus(pilot, view)
        await pilot.press("r")
        await settle(pilot)
        assert any(
            m.startswith("Marked “Saying how you feel") and m.endswith("as read.") for m in notes.messages
        ), notes.messages


async def test_r_works_when_the_tab_bar_has_the_focus(couple_db: Path) -> None:
    from textual.widgets import Tabs

    app, notes = new_app(couple_db), Notifications()
    async with app.run_test(size=(100, 32), message_hook=notes) as pilot:
        await ready(pilot)
        await pilot.click("#--content-tab-lesson-communication")
        await settle(pilot, 5)
        assert isinstance(app.focused, Tabs)
        await pilot.press("r")
        await settle(pilot)
        assert any(m.startswith("Marked “") for m in notes.messages), notes.messages


async def test_ctrl_t_that_succeeds_says_so(couple_db: Path) -> None:
    app, notes = new_app(couple_db), Notifications()
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("is marked done" in m for m in notes.messages), notes.messages
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("open again" in m for m in notes.messages), notes.messages


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
        editor(app.screen, "date", Who.SHARED).query_one(Input).value = "2026-02-30"
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
        item, amount = list(lines.query(ListRow).first().query(Input))[:2]
        item.value, amount.value = "Eating out", "12,50"
        await settle(pilot)
        assert amount.value == "12,50", "shown as typed"
        assert str(lines.query_one(".field-error").render()) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Kept as typed (2185ddb: "12,50" stays "12,50"); the JSON export gives 12.5.
        assert stored() == [{"item": "Eating out", "amount": "12,50"}]
        amount.value = "1,250"
        await settle(pilot)
        assert "Did you mean 1.250 or 1250?" in str(lines.query_one(".field-error").render())


async def test_the_timer_uses_the_worksheets_first_speaker(couple_db: Path) -> None:
    from textual.widgets import Button

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timer = await open_timer(pilot, app, "Second partner")
        assert timer.first is Who.SECOND
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "start-2" and focused.variant == "primary"
        assert timer.query_one("#start-1", Button).variant == "default"
        assert "Alex speaks first, as the worksheet says" in str(timer.query_one("#timer-state").render())
        await pilot.press("enter")
        await settle(pilot)
        assert timer.phase == "speaking" and "Alex has the floor" in str(
            timer.query_one("#timer-who").render()
        )


async def test_the_highlighted_timer_button_is_the_focused_one(couple_db: Path) -> None:
    from textual.widgets import Button

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timer = await open_timer(pilot, app)
        assert timer.first is None
        first, second = timer.query_one("#start-1", Button), timer.query_one("#start-2", Button)
        assert app.focused is first and first.variant == "primary" and second.variant == "default"
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is second and second.variant == "primary" and first.variant == "default"
        await pilot.press("enter")
        await settle(pilot)
        assert "Alex has the floor" in str(timer.query_one("#timer-who").render())


async def test_after_a_no_the_listener_tries_again(couple_db: Path) -> None:
    from textual.widgets import Button

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timer = await open_timer(pilot, app, "First partner")
        await pilot.press("enter")  # Sam speaks
        await settle(pilot)
        await pilot.press("s")  # ends the turn: Alex sums up
        await settle(pilot)
        mirror = timer.query_one("#mirror", Input)
        assert timer.phase == "mirror" and app.focused is mirror
        mirror.value = "You want more time"
        await pilot.press("enter")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "got-yes", "Enter moves on to the answer"
        timer.query_one("#got-no", Button).press()
        await settle(pilot)
        assert timer.phase == "mirror" and timer.speaker is Who.FIRST, "the floor stays with Sam"
        assert app.focused is timer.query_one("#mirror") and timer.query_one("#mirror", Input).value == ""
        assert "Alex, try once more" in str(timer.query_one("#timer-who").render())
        mirror.value = "You want an evening to yourself"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # Yes
        await settle(pilot)
        assert timer.phase == "speaking" and timer.speaker is Who.SECOND
        assert timer.turns == [
            {
                "speaker": 1,
                "seconds": 0,
                "mirror": "You want an evening to yourself",
                "confirmed": "yes",
                "tries": 2,
            }
        ]


async def test_a_typo_in_a_list_cell_keeps_the_good_value(couple_db: Path) -> None:
    import json
    import sqlite3

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
        item, amount = list(lines.query(ListRow).first().query(Input))[:2]
        item.value, amount.value = "Rent", "900"
        await focus(pilot, amount)
        await pilot.press("end", "ctrl+s")
        await pilot.pause()
        assert stored() == [{"item": "Rent", "amount": 900}]
        await pilot.press("x")  # "900x": not a number
        await settle(pilot)
        assert "Amount: Please type a number." in str(lines.query_one(".field-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored() == [{"item": "Rent", "amount": 900}], "the typo did not erase the amount"
        amount.value = "950"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored() == [{"item": "Rent", "amount": 950}]


NAMED_OPTIONS = """---
id: named
title: Named options
tab: Named
minutes: 2
order: 1
summary: Options that name the partners.
---
# Named options

## Try it

Some words.

```worksheet
id: named-sheet
title: Who does it
fields:
  - {id: minutes, kind: number, label: Minutes per turn, default: 2}
  - {id: starts, kind: choice, label: Who speaks first, options: ["{first}", "{second}"]}
  - {id: turns, kind: timer, label: Speaking turns, minutes_from: minutes}
  - id: jobs
    kind: list
    label: Jobs
    columns:
      - {id: job, kind: text, label: Job}
      - {id: owner, kind: choice, label: Who, options: ["{first}", "{second}", Both of us]}
```
"""


async def test_options_that_name_the_partners_show_the_names(tmp_path: Path, couple_db: Path) -> None:
    import json
    import sqlite3

    from textual.widgets import RadioButton, Select

    from workbook.ui.screens.timer import TimerScreen

    lessons = tmp_path / "named"
    lessons.mkdir()
    (lessons / "01-named.md").write_text(NAMED_OPTIONS, encoding="utf-8")
    app = new_app(couple_db, lessons)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("named", "named-sheet")
        await settle(pilot)
        sheet = app.screen
        buttons = list(editor(sheet, "starts", Who.SHARED).query(RadioButton))
        assert [str(b.label) for b in buttons] == ["Sam", "Alex"]
        buttons[1].value = True
        await settle(pilot)
        owner = editor(sheet, "jobs", Who.SHARED).query_one(Select)
        assert [str(prompt) for prompt, value in owner._options if value != Select.NULL] == [
            "Sam",
            "Alex",
            "Both of us",
        ]
        owner.value = "{first}"
        await settle(pilot)
        assert str(owner.query_one("SelectCurrent #label").render()) == "Sam"
        sheet.query_one(".timer-start").press()
        await settle(pilot)
        assert isinstance(app.screen, TimerScreen) and app.screen.first is Who.SECOND
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    conn = sqlite3.connect(couple_db)
    try:
        stored = dict(conn.execute("SELECT field_id, value FROM answers"))
    finally:
        conn.close()
    assert json.loads(stored["starts"]) == "{second}", "stored as written in the lesson, whatever the names"
    assert json.loads(stored["jobs"]) == [{"owner": "{first}"}]
