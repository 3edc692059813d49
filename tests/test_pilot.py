"""The app driven as a person would, asserting on the screen and on the SQLite file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandInput
from textual.pilot import Pilot
from textual.timer import Timer
from textual.widgets import Button, Input, TabbedContent, TextArea
from textual.widgets._footer import FooterKey

from tests.conftest import (
    LESSON_ORDER,
    FakeClock,
    Notifications,
    focus,
    focused_on,
    new_app,
    open_timer,
    ready,
    screen_text,
    settle,
    small_pack,
    until,
    write,
)
from workbook.store import Who, open_workbook
from workbook.ui.app import WorkbookApp
from workbook.ui.screens.dialogs import ConfirmScreen
from workbook.ui.screens.main import MainScreen
from workbook.ui.screens.onboarding import OnboardingScreen
from workbook.ui.screens.safety import SafetyScreen
from workbook.ui.screens.worksheet import WorksheetScreen
from workbook.ui.widgets.fields import FieldEditor


def stored(db_path: Path, field_id: str, who: int) -> object:
    """An answer read straight from the file, through a separate connection."""
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(
            "SELECT value FROM answers WHERE field_id = ? AND who = ?", [field_id, who]
        ).fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


def editor(screen: WorksheetScreen, field_id: str, who: Who) -> FieldEditor:
    return next(e for e in screen.query(FieldEditor) if e.field.id == field_id and e.who is who)


async def open_mirror(app: WorkbookApp, pilot: Pilot[int]) -> WorksheetScreen:
    """The empathy lesson's mirror-validate-empathize worksheet, open and settled."""
    app.open_worksheet("empathy", "mirror-validate-empathize")
    await settle(pilot)
    sheet = app.screen
    assert isinstance(sheet, WorksheetScreen)
    return sheet


async def type_topic(app: WorkbookApp, pilot: Pilot[int], text: str) -> WorksheetScreen:
    """Open the mirror worksheet and type ``text`` into its shared topic."""
    sheet = await open_mirror(app, pilot)
    await focus(pilot, editor(sheet, "topic", Who.SHARED).query_one(Input))
    await write(pilot, text)
    return sheet


async def test_onboarding_to_worksheet_and_back_after_restart(db_path: Path) -> None:
    app = new_app(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert "not therapy" in str(app.screen.query_one("#onboarding-disclaimer").render())
        await pilot.click("#first")
        await until(pilot, lambda: app.focused is app.screen.query_one("#first"))
        await write(pilot, "Sam")
        await pilot.click("#second")
        await until(pilot, lambda: app.focused is app.screen.query_one("#second"))
        await write(pilot, "Alex")
        await pilot.press("enter")
        await settle(pilot)
        # The safety note both partners read once, then Home.
        await pilot.click("#first-run-continue")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Welcome, Sam and Alex." in str(app.screen.query_one("#greeting").render())
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "lesson-communication"
        await pilot.press("tab")  # the first worksheet card in the lesson
        await pilot.press("enter")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.worksheet.id == "daily-check-in"
        said = editor(sheet, "said", Who.FIRST).query_one(TextArea)
        await focus(pilot, said)
        said.text = "I miss our walks"  # keys right behind Ctrl+Q: test_quit.py
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert stored(db_path, "said", 1) == "I miss our walks"

    again = new_app(db_path)
    async with again.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, MainScreen), "no onboarding the second time"
        again.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = again.screen
        assert isinstance(sheet, WorksheetScreen)
        assert editor(sheet, "said", Who.FIRST).query_one(TextArea).text == "I miss our walks"
        assert editor(sheet, "said", Who.SECOND).query_one(TextArea).text == ""


class AutosaveTimers:
    """Stands in for ``App.set_timer``: the autosave timer is recorded, not started, so
    a test fires it instead of waiting for the clock; every other timer runs as usual."""

    def __init__(self, app: WorkbookApp) -> None:
        self.real = app.set_timer
        self.started: list[tuple[float, Callable[[], object]]] = []

    def __call__(self, delay: float, callback: Callable[[], object], **kwargs: object) -> Timer:
        if kwargs.get("name") != "autosave":
            return self.real(delay, callback, **kwargs)  # type: ignore[arg-type]
        self.started.append((delay, callback))
        return self.real(3600, lambda: None, name="autosave-held")  # stopped by the flush


async def test_typing_reaches_the_file_within_the_debounce(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.ui.autosave import DEBOUNCE_SECONDS

    app = new_app(couple_db)
    timers = AutosaveTimers(app)
    monkeypatch.setattr(app, "set_timer", timers)  # the autosaver is handed app.set_timer
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await type_topic(app, pilot, "Week")  # two changes: "Wee" at once, then a real "k"
        await pilot.pause()
        assert stored(couple_db, "topic", 0) is None, "a keystroke does not wait for the disk"
        assert len(timers.started) == 1, "one write is due, however many keys follow"
        delay, flush = timers.started[0]
        assert delay == DEBOUNCE_SECONDS <= 0.4
        await write(pilot, "ends")
        await pilot.pause()
        assert len(timers.started) == 1, "steady typing never pushes the write back"
        flush()  # the debounce is over
        await pilot.pause()
        assert stored(couple_db, "topic", 0) == "Weekends", "saved after the debounce, app still open"
        line = app.screen.query_one("#save-state")
        assert "Saved" in str(line.render())
        # And a person sees it: at the right of the footer, beside the palette key. It
        # was docked under the footer, which hid it since the first version.
        assert app.screen.get_widget_at(line.region.right - 3, line.region.y)[0] is line
        assert line.region.y == 31 and line.region.right > 80


async def test_the_save_line_says_saved_after_a_dialog_took_the_save(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dialog opened inside the autosave pause makes the worksheet write at once, and
    the word that it was written went to the dialog: back on the sheet, "Saving…" stayed
    for good with nothing left to save."""
    app = new_app(couple_db)
    monkeypatch.setattr(app, "set_timer", AutosaveTimers(app))  # the pause lasts till F2
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        sheet = await type_topic(app, pilot, "W")
        assert sheet.save_state == "Saving…"
        await pilot.press("f2")  # About, before the pause is over
        await until(pilot, lambda: app.screen is not sheet)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sheet)
        await settle(pilot)
        assert stored(couple_db, "topic", 0) == "W"
        assert sheet.save_state == "Saved"


async def test_the_save_line_gives_way_to_the_keys_on_a_small_screen(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns the worksheet's keys fill the footer: no key gives way to the word,
    and a mark in the room left says as much ("…" while saving, "✓" once saved)."""
    from textual.widgets import Static

    from workbook.ui.widgets.footer import Footer

    app = new_app(couple_db)
    timers = AutosaveTimers(app)
    monkeypatch.setattr(app, "set_timer", timers)  # the write waits for the test
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        sheet = await open_mirror(app, pilot)
        footer = sheet.query_one(Footer)
        keys = [key.description for key in footer.query(FooterKey)]
        assert "Export" in keys and "Keys" in keys
        line = footer.query_one("#save-state", Static)
        await focus(pilot, editor(sheet, "topic", Who.SHARED).query_one(Input))
        await write(pilot, "W")
        assert str(line.render()).strip() == "…"
        timers.started[0][1]()  # the pause is over
        await until(pilot, lambda: str(line.render()).strip() == "✓")
        assert sheet.get_widget_at(line.region.right - 2, line.region.y)[0] is line
        # Wider, the word itself, and the keys as they were.
        await pilot.resize_terminal(100, 32)
        await until(pilot, lambda: "Saved" in str(footer.query_one("#save-state", Static).render()))
        assert [key.description for key in footer.query(FooterKey)][: len(keys)] == keys


async def test_leaving_a_field_and_the_screen_saves_at_once(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await type_topic(app, pilot, "Chores")
        await pilot.press("tab")
        await pilot.pause()
        assert stored(couple_db, "topic", 0) == "Chores"
        message = editor(app.screen, "message", Who.SHARED).query_one(TextArea)  # type: ignore[arg-type]
        await until(pilot, lambda: app.focused is message)
        await write(pilot, "Some words")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert stored(couple_db, "message", 0) == "Some words"


async def test_untouched_fields_and_defaults_are_not_written(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        minutes = editor(app.screen, "minutes", Who.SHARED).query_one(Input)  # type: ignore[arg-type]
        assert minutes.value == "5", "the default is shown"
        await pilot.press("escape")
        await settle(pilot)
    conn = sqlite3.connect(couple_db)
    assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
    conn.close()


async def test_bad_numbers_and_dates_get_a_message_and_are_not_saved(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("boundaries", "time-out")  # safety screen first
        await settle(pilot)
        await pilot.click("#safety-continue")
        await settle(pilot)
        length = editor(app.screen, "length", Who.SHARED)  # type: ignore[arg-type]
        box = length.query_one(Input)
        await focus(pilot, box)
        box.value = ""
        await pilot.press("5")
        await pilot.pause()
        assert "smallest allowed is 20" in str(length.query_one(".field-error").render())
        await pilot.press("0")
        await pilot.pause()
        assert not length.query_one(".field-error").display
        await pilot.press("escape")
        await settle(pilot)
    assert stored(couple_db, "length", 0) == 50


async def test_choice_and_multi_are_saved(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        got_it = editor(app.screen, "got-it", Who.SECOND)  # type: ignore[arg-type]
        await focus(pilot, got_it.query_one("RadioSet"))
        await pilot.press("down", "enter")
        await pilot.press("escape")
        await settle(pilot)
        app.open_worksheet("seek-help", "stuck-check")
        await settle(pilot)
        signs = editor(app.screen, "signs", Who.SHARED)  # type: ignore[arg-type]
        await focus(pilot, signs.query_one("SelectionList"))
        await pilot.press("space", "down", "down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored(couple_db, "got-it", 2) == "Partly"
        assert stored(couple_db, "signs", 0) == [
            "The distance stays despite real effort",
            "Reactions feel bigger than the cause",
        ]


async def test_onboarding_explains_what_is_missing(db_path: Path) -> None:
    app = new_app(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.click("#start")
        await pilot.pause()
        assert "Please enter a name" in str(app.screen.query_one("#onboarding-error").render())
        await pilot.click("#first")
        await until(pilot, lambda: app.focused is app.screen.query_one("#first"))
        await write(pilot, "Kim")
        await pilot.click("#second")
        await until(pilot, lambda: app.focused is app.screen.query_one("#second"))
        await write(pilot, "kim")
        await pilot.press("enter")
        await pilot.pause()
        assert "two different names" in str(app.screen.query_one("#onboarding-error").render())
        assert isinstance(app.screen, OnboardingScreen)
    store = open_workbook(db_path)
    assert store.couple() is None, "nothing saved until both names are fine"
    store.close()


async def test_keys_typed_ahead_go_to_the_field_tab_moved_to(db_path: Path) -> None:
    # Keys that come together (a busy moment, a paste-like burst from the terminal):
    # Textual's own Tab moved the focus only once the first field had handled the keys
    # already queued for it, and "JoMax" went into the first name.
    app = new_app(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        first, second = app.screen.query_one("#first", Input), app.screen.query_one("#second", Input)
        await until(pilot, lambda: app.focused is first)
        for key, char in [("J", "J"), ("o", "o"), ("tab", None), ("M", "M"), ("a", "a"), ("x", "x")]:
            app.post_message(events.Key(key, char))  # all before the app handles any, as the driver does
        await until(pilot, lambda: second.value == "Max")
        assert first.value == "Jo"
        for key, char in [("shift+tab", None), ("!", "!")]:
            app.post_message(events.Key(key, char))
        await until(pilot, lambda: first.value.endswith("!"))  # (focus selects the name: "!")
        assert second.value == "Max"


async def test_safety_information_comes_before_the_first_conflict_exercise(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("repair", "repair-script")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        assert "emergency number" in str(app.screen.query_one("#safety-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), "going back opens nothing"
        app.open_worksheet("repair", "repair-script")
        await settle(pilot)
        await pilot.click("#safety-continue")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.open_worksheet("boundaries", "time-out")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen), "shown once, not before every exercise"
    conn = sqlite3.connect(couple_db)
    assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0, "no safety answers stored"
    conn.close()


async def test_keyboard_only_through_the_safety_note_to_a_saved_answer(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press(str(LESSON_ORDER.index("boundaries") + 1))
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        await focused_on(pilot, "safety-continue")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.worksheet.id == "boundary-agreement"
        boundary = editor(app.screen, "boundary", Who.SHARED).query_one(Input)
        await until(pilot, lambda: app.focused is boundary)  # the first question, by itself
        await write(pilot, "No work email after 8 pm")  # its last key a real one, Ctrl+Q right behind
        await pilot.press("ctrl+q")
    assert stored(couple_db, "boundary", 0) == "No work email after 8 pm"


async def test_home_lists_lessons_and_opens_one(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Welcome back, Sam and Alex" in str(app.screen.query_one("#greeting").render())
        # "Continue" comes first; the lessons follow in order.
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == f"lesson-{LESSON_ORDER[2]}"
        await pilot.press("0")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "home-pane"


async def test_every_lesson_renders_whatever_was_pressed_before(tmp_path: Path, couple_db: Path) -> None:
    # Found in tmux: after a key in one lesson, the next lesson's tab stayed blank.
    # Nine short lessons with the shipped ids and tabs: the point is the switching.
    app = new_app(couple_db, small_pack(tmp_path / "lessons"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for number, lesson_id in enumerate(LESSON_ORDER, start=1):
            await pilot.press(str(number))
            await settle(pilot)
            await pilot.press("down", "pagedown")
            await settle(pilot)
            assert app.screen.query_one(TabbedContent).active == f"lesson-{lesson_id}"
            shown = screen_text(app)
            assert f"Words that open {lesson_id}." in shown, lesson_id
            assert "✎ Worksheet: A note on" in shown, lesson_id
        await pilot.click("Tab#--content-tab-lesson-finances")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "lesson-finances"


async def test_command_palette_opens_a_worksheet(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(CommandInput).value = "Worksheet: Our money"  # the search, not the keys
        await settle(pilot, 6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.worksheet.id == "money-story"


async def test_retired_answers_are_shown_not_lost(couple_db: Path) -> None:
    store = open_workbook(couple_db)
    entry = store.open_entry("parenting", "parenting-plan", repeatable=False)
    store.save_answers(entry.id, {("old-question", Who.SHARED): "kept"})
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("parenting", "parenting-plan")
        await settle(pilot)
        assert "old-question" in str(app.screen.query_one("#retired").render())


async def test_a_lesson_with_problems_shows_them_in_its_tab(tmp_path: Path, couple_db: Path) -> None:
    import shutil

    from tests.conftest import LESSONS

    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    broken = lessons / "02-empathy-and-listening.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("kind: long", "kind: lng", 1), encoding="utf-8"
    )
    app = new_app(couple_db, lessons)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await settle(pilot)
        shown = str(app.screen.query_one("#lesson-empathy .lesson-problems").render())
        assert "02-empathy-and-listening.md:" in shown and "unknown field kind 'lng'" in shown
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.query("#lesson-communication WorksheetCard"), "the other lessons still work"


async def test_a_huge_paste_is_cut_to_the_limit_with_a_message(couple_db: Path) -> None:
    from workbook.store import MAX_ANSWER_CHARS

    app, notes = new_app(couple_db), Notifications()
    async with app.run_test(size=(100, 32), message_hook=notes) as pilot:
        await ready(pilot)
        app.open_worksheet("empathy", "mirror-validate-empathize")
        await settle(pilot)
        area = editor(app.screen, "message", Who.SHARED).query_one(TextArea)  # type: ignore[arg-type]
        await focus(pilot, area)
        area.insert("long paste 🙂 " * 10_000)
        await settle(pilot)
        assert any("longer than" in m for m in notes.messages), notes.messages
        await pilot.press("ctrl+s")
        await pilot.pause()
    value = stored(couple_db, "message", 0)
    assert isinstance(value, str) and len(value) == MAX_ANSWER_CHARS


async def test_an_unusable_location_ends_the_app_with_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    app = new_app(blocker / "workbook.sqlite")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.error_message is not None and "cannot create the workbook" in app.error_message


async def test_broken_lessons_end_the_app_with_a_clear_message(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.md").write_text("---\nid: a\n---\n## A\n", encoding="utf-8")
    app = new_app(db_path, tmp_path / "lessons")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, 5)
    assert app.return_code == 2
    assert app.error_message is not None and app.error_message.endswith(
        "a.md:1: front matter needs a 'title'"
    )
    assert not db_path.exists(), "lessons are read before the workbook is created"


async def test_scale_and_check_are_saved(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("seek-help", "stuck-check")
        await settle(pilot)
        hope = editor(app.screen, "hope", Who.SECOND)  # type: ignore[arg-type]
        assert "Not hopeful" in str(hope.query_one(".scale-labels").render())
        await focus(pilot, hope.query_one("ScaleBar"))
        await pilot.press("home", "right", "right", "right")
        await pilot.press("escape")
        await settle(pilot)
        app.open_worksheet("repair", "daily-habits")
        await settle(pilot)
        habits = editor(app.screen, "habits", Who.FIRST)  # type: ignore[arg-type]
        await focus(pilot, habits.query_one("SelectionList"))
        await pilot.press("space", "down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(couple_db, "hope", 2) == 3
    assert stored(couple_db, "habits", 1) == ["Showed up on time for a talk", "Kept a promise"]


async def test_a_scale_point_can_be_clicked_and_cleared(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("seek-help", "stuck-check")
        await settle(pilot)
        bar = editor(app.screen, "hope", Who.FIRST).query_one("ScaleBar")  # type: ignore[arg-type]
        await pilot.click(bar, offset=(4 * 7 + 1, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored(couple_db, "hope", 1) == 7
        await focus(pilot, bar)
        await pilot.press("delete", "ctrl+s")
        await pilot.pause()
    assert stored(couple_db, "hope", 1) is None


async def test_statement_coach_previews_hints_and_saves(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "i-statements")
        await settle(pilot)
        coach = editor(app.screen, "statement", Who.FIRST)  # type: ignore[arg-type]
        slots = list(coach.query(Input))
        assert [s.name for s in slots] == ["feeling", "situation", "need"]
        await focus(pilot, slots[0])
        await write(pilot, "lonely")
        await pilot.press("tab")
        await write(pilot, "you never make time")
        await pilot.press("tab")
        await write(pilot, "an evening together")
        await settle(pilot)
        preview = str(coach.query_one(".statement-preview").render())
        assert "I feel lonely about you never make time, and I need an evening together." in preview
        hints = coach.query_one(".statement-hints")
        assert hints.display and "you never" in str(hints.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    # Hints never block saving: the words are kept as typed.
    assert stored(couple_db, "statement", 1) == {
        "feeling": "lonely",
        "situation": "you never make time",
        "need": "an evening together",
    }


async def test_list_rows_are_added_reordered_removed_and_saved(couple_db: Path) -> None:
    from workbook.ui.widgets.compound import ListRow

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "budget-meeting")
        await settle(pilot)
        lines = editor(app.screen, "lines", Who.SHARED)  # type: ignore[arg-type]
        cells = list(lines.query(ListRow).first().query(Input))
        await focus(pilot, cells[0])
        for cell, text in zip(cells, ["Rent", "900", "Both"], strict=False):
            cell.value = text
        await settle(pilot)  # the focused row scrolls into view
        await pilot.click(".row-add")
        await settle(pilot)
        item, amount, *_ = list(lines.query(ListRow))[1].query(Input)
        assert app.focused is item, "a new row starts with the cursor in its first cell"
        item.value, amount.value = "Groceries", "4x0"
        await settle(pilot)
        assert "Amount: Please type a number." in str(lines.query_one(".field-error").render())
        amount.value = "450"
        await settle(pilot)
        second = list(lines.query(ListRow))[1]
        await pilot.click(second.query_one(".row-up"))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored(couple_db, "lines", 0) == [
            {"item": "Groceries", "amount": 450},
            {"item": "Rent", "amount": 900, "who": "Both"},
        ]
        await pilot.click(list(lines.query(ListRow))[0].query_one(".row-remove"))
        await settle(pilot)
        # What was typed is not lost to one key: asked first, and Cancel keeps it.
        assert isinstance(app.screen, ConfirmScreen)
        assert "Groceries · 450" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(lines.query(ListRow)) == 2
        await pilot.click(list(lines.query(ListRow))[0].query_one(".row-remove"))
        await settle(pilot)
        await pilot.click("#confirm-yes")
        # Saved as any edit is, without Ctrl+S (the first version reported the list while
        # the row was still in it, and nothing was saved).
        rent_only = [{"item": "Rent", "amount": 900, "who": "Both"}]
        await until(pilot, lambda: stored(couple_db, "lines", 0) == rent_only)
        await pilot.click(".row-add")
        await settle(pilot)
        await pilot.click(list(lines.query(ListRow))[1].query_one(".row-remove"))  # empty: at once
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen) and len(lines.query(ListRow)) == 1


async def test_list_choice_columns_use_a_picker(couple_db: Path) -> None:
    from textual.widgets import Select

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("seek-help", "local-services")
        await settle(pilot)
        services = editor(app.screen, "services", Who.SHARED)  # type: ignore[arg-type]
        kind = services.query(Select).first()
        kind.value = "Couples therapist"
        await settle(pilot)
        services.query(Input).first().value = "Dr. Rivera"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(couple_db, "services", 0) == [{"name": "Dr. Rivera", "kind": "Couples therapist"}]


async def test_an_entry_is_marked_done_only_when_nothing_required_is_missing(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("boundaries", "boundary-agreement")
        await settle(pilot)
        await focused_on(pilot, "safety-continue")  # the safety note, first time
        await pilot.press("enter")
        await settle(pilot)
        line = app.screen.query_one("#completion")
        assert "Still to answer: The boundary · What we agree" in str(line.render())
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen.done is False  # type: ignore[attr-defined]
        assert app.screen.entry is None, "refused: nothing is written, so no entry is made"  # type: ignore[attr-defined]
        boundary = editor(app.screen, "boundary", Who.SHARED).query_one(Input)  # type: ignore[arg-type]
        assert app.focused is boundary, "the first question has the cursor"
        boundary.value = "Phones away at dinner"
        await pilot.pause()
        assert "Still to answer: What we agree" in str(line.render())
        agree = editor(app.screen, "agreement", Who.SHARED).query_one(TextArea)  # type: ignore[arg-type]
        agree.text = "Both of us, from Monday"
        await pilot.pause()
        assert "Everything needed is answered" in str(line.render())
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Marked done" in str(line.render())
        conn = sqlite3.connect(couple_db)
        assert conn.execute("SELECT status, completed_at IS NOT NULL FROM entries").fetchone() == ("done", 1)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert conn.execute("SELECT status FROM entries").fetchone() == ("draft",)
        conn.close()


async def test_entry_history_opens_old_entries_starts_new_ones_and_undoes_a_delete(couple_db: Path) -> None:
    from datetime import date

    from workbook.ui.screens.dialogs import ConfirmScreen
    from workbook.ui.screens.history import HistoryScreen

    store = open_workbook(couple_db)
    old = store.new_entry("empathy", "stress-reducing", date(2026, 11, 2))
    store.save_answers(old.id, {("stress", Who.FIRST): "A deadline at work"})
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("empathy", "stress-reducing")  # a draft for today, not made yet
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.entry is None
        editor(app.screen, "stress", Who.FIRST).query_one(TextArea).text = "T"
        await pilot.press("ctrl+s")  # its first save makes it
        await pilot.pause()
        assert app.screen.entry is not None
        today = app.screen.entry.id
        assert today != old.id
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        listing = str(app.screen.query_one("#history-list").get_option_at_index(2).prompt)
        assert "Mon 2 Nov 2026" in listing and "A deadline at work" in listing
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.entry.id == old.id
        said = editor(app.screen, "stress", Who.FIRST).query_one(TextArea)
        assert said.text == "A deadline at work"
        await focus(pilot, said)
        await pilot.press("end")
        said.insert(" and a move")  # at the cursor, which End put after the old words
        await pilot.press("ctrl+s")
        await pilot.pause()
        reread = open_workbook(couple_db)
        assert reread.answers(old.id)[("stress", Who.FIRST)].value == "A deadline at work and a move"
        assert reread.answers(today)[("stress", Who.FIRST)].value == "T", "today's is left alone"
        reread.close()
        # Delete today's entry from the history, then undo.
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("down", "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert open_workbook(couple_db).entry(today) is None
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert open_workbook(couple_db).entry(today) is not None
        await pilot.press("up", "enter")  # + Start a new entry
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen)
        assert len(app.screen_stack) == 2, "the old worksheet screen was replaced, not stacked"
        assert app.screen.entry is None, "a draft until something is written in it"
        assert open_workbook(couple_db).entry_count() == 2
        editor(app.screen, "stress", Who.FIRST).query_one(TextArea).text = "N"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.entry is not None and app.screen.entry.id not in (old.id, today)


async def test_narrow_screens_answer_as_one_partner_at_a_time(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_worksheet("empathy", "stress-reducing")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.narrow
        sam, alex = editor(sheet, "stress", Who.FIRST), editor(sheet, "stress", Who.SECOND)
        assert sam.parent.display and not alex.parent.display  # type: ignore[union-attr]
        assert "Answering as Sam · F4 switches to Alex" in str(sheet.query_one("#answering-as").render())
        await focus(pilot, sam.query_one(TextArea))
        sam.query_one(TextArea).text = "Deadlines"
        await pilot.press("f4")
        await settle(pilot)
        assert alex.parent.display and not sam.parent.display  # type: ignore[union-attr]
        assert app.focused is alex.query_one(TextArea), "the cursor follows to the same question"
        alex.query_one(TextArea).text = "My mother's health"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(couple_db, "stress", 1) == "Deadlines"
    assert stored(couple_db, "stress", 2) == "My mother's health"


async def test_wide_screens_show_both_partners_side_by_side(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("empathy", "stress-reducing")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and not sheet.narrow
        assert editor(sheet, "stress", Who.FIRST).parent.display  # type: ignore[union-attr]
        assert editor(sheet, "stress", Who.SECOND).parent.display  # type: ignore[union-attr]
        assert not sheet.query_one("#answering-as").display


async def test_minutes_per_turn_typed_with_a_decimal_comma_set_the_turn(couple_db: Path) -> None:
    """A number is kept as typed ("2,5"), and the timer still reads the minutes it means."""
    from workbook.ui.screens.timer import TimerScreen

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        editor(sheet, "minutes", Who.SHARED).query_one(Input).value = "2,5"
        await settle(pilot)
        sheet.query_one(".timer-start", Button).press()
        await settle(pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen) and timer.seconds_per_turn == 150


@pytest.mark.parametrize("key", ["f2", "f5"])
async def test_a_dialog_shows_its_own_keys_in_the_footer(couple_db: Path, key: str) -> None:
    # The footer at the bottom was Home's, under the dialog: "f6 Progress", "0 Home" and
    # the rest did nothing there, and the dialog's Esc was not listed.
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press(key)
        await settle(pilot)
        dialog = app.screen
        assert not isinstance(dialog, MainScreen)
        widget, _ = app.get_widget_at(1, 31)  # the bottom line, where the keys are
        assert isinstance(widget, FooterKey) and widget.screen is dialog
        keys = {footer_key.key for footer_key in dialog.query(FooterKey)}
        assert "escape" in keys and not keys & {"f6", "0"}
        assert "ctrl+q" in keys, "the quick exit is shown on a dialog too (and works there)"


async def test_esc_asks_before_dropping_a_turn_under_way(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        timer = await open_timer(pilot, app)
        sheet = app.screen_stack[-2]
        await pilot.press("escape")  # no turn yet: closes at once
        await settle(pilot)
        assert app.screen is sheet
        sheet.query_one(".timer-start", Button).press()
        await settle(pilot)
        timer = app.screen
        await pilot.click("#start-1")
        await settle(pilot)
        timer.clock.now += 40  # type: ignore[attr-defined]
        await pilot.press("s")  # Sam's turn ends: Alex is to sum it up
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "Sam's 40 s are not dropped unasked"
        assert "Sam's turn is not finished" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")  # Cancel
        await settle(pilot)
        assert app.screen is timer and timer.phase == "mirror"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert app.screen is sheet


async def test_speaking_turns_alternate_and_the_mirror_step_is_saved(couple_db: Path) -> None:
    from textual.widgets import Digits

    from workbook.ui.screens.timer import TimerScreen

    clock = FakeClock()
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        sheet.timer_clock = clock
        minutes = editor(sheet, "minutes", Who.SHARED).query_one(Input)
        minutes.value = "2"
        await settle(pilot)
        await pilot.click(".timer-start")
        await settle(pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen) and timer.seconds_per_turn == 120
        await pilot.click("#start-2")  # Alex speaks first
        await settle(pilot)
        assert "Alex has the floor" in str(timer.query_one("#timer-who").render())
        clock.now += 30
        timer.tick()
        assert timer.query_one(Digits).value == "01:30"
        await pilot.press("space")  # pause: time stands still
        clock.now += 500
        timer.tick()
        assert timer.query_one(Digits).value == "01:30" and timer.phase == "speaking"
        await pilot.press("space")
        clock.now += 90
        timer.tick()  # time is up
        await settle(pilot)
        assert timer.phase == "mirror"
        assert "Time. Sam, sum up what you heard" in str(timer.query_one("#timer-who").render())
        mirror = timer.query_one("#mirror", Input)
        assert app.focused is mirror, "the listener can sum up at once"
        mirror.value = "You need a quiet evening"
        await pilot.click("#got-partly")
        await settle(pilot)
        assert timer.phase == "speaking" and "Sam has the floor" in str(
            timer.query_one("#timer-who").render()
        )
        clock.now += 45
        await pilot.press("s")  # Sam ends early
        await settle(pilot)
        assert app.focused is mirror
        # Not "Time.": the time had not run out.
        assert "Sam is done. Alex, sum up what you heard" in str(timer.query_one("#timer-who").render())
        mirror.value = "You miss our walks"
        await pilot.click("#got-yes")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is sheet
        assert "1. Alex spoke 2:00" in str(sheet.query_one(".timer-summary").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(couple_db, "turns", 0)
    assert record == {
        "minutes": 2,
        "turns": [
            {"speaker": 2, "seconds": 120, "mirror": "You need a quiet evening", "confirmed": "partly"},
            {"speaker": 1, "seconds": 45, "mirror": "You miss our walks", "confirmed": "yes"},
        ],
    }


async def test_reveal_keeps_each_partners_answers_hidden_until_both_are_done(couple_db: Path) -> None:
    from workbook.ui.screens.reveal import HandOffScreen, RevealScreen

    secret = "Alex's secret money fear"
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "money-story")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.turn is Who.FIRST
        assert not [e for e in sheet.query(FieldEditor) if e.who is Who.SECOND], "no editor for Alex"
        assert "Sam's turn" in str(sheet.query_one("#reveal-turn").render())
        assert "Alex has answered 0 of 5" in str(sheet.query_one("#reveal-turn").render())
        editor(sheet, "fear", Who.FIRST).query_one(Input).value = "Sam's fear of debt"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, HandOffScreen)
        assert "Pass the keyboard to Alex" in screen_text(app)
        await focused_on(pilot, "hand-off-go")
        await pilot.press("enter")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.turn is Who.SECOND
        assert "Sam's fear of debt" not in screen_text(app), "Sam's answer is hidden from Alex"
        editor(sheet, "fear", Who.SECOND).query_one(Input).value = secret
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Alex stops for now; when Sam opens it again, Alex's text is nowhere on screen.
        await pilot.press("escape")
        await settle(pilot)
        app.open_worksheet("finances", "money-story")
        await settle(pilot)
        assert app.screen.turn is Who.SECOND  # type: ignore[attr-defined]
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, HandOffScreen)
        assert secret not in screen_text(app)
        await focused_on(pilot, "hand-off-go")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RevealScreen)
        shown = screen_text(app)
        assert "Sam's fear of debt" in shown
        assert "secret money fear" in shown
        await pilot.press("escape")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.turn is None, "after the reveal: open to both"
        assert editor(sheet, "fear", Who.SECOND).query_one(Input).value == secret
    assert stored(couple_db, "fear", 2) == secret


async def test_dates_take_shortcuts_and_refuse_a_bad_date(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "budget-meeting")
        await settle(pilot)
        meeting = editor(app.screen, "date", Who.SHARED)  # type: ignore[arg-type]
        await pilot.click(meeting.query_one(".date-today"))
        nxt = editor(app.screen, "next", Who.SHARED)  # type: ignore[arg-type]
        nxt.query_one(".date-week").press()
        await settle(pilot)
        assert nxt.query_one(Input).value == "2026-12-02"
        box = meeting.query_one(Input)
        await focus(pilot, box)
        box.value = "2026-02-30"
        await settle(pilot)
        assert str(meeting.query_one(".field-error").render()) == "February 2026 has 28 days."
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(couple_db, "date", 0) == "2026-11-25", "the bad date was not stored over the good one"
    assert stored(couple_db, "next", 0) == "2026-12-02"


async def test_the_theme_chosen_is_remembered_in_the_workbook(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        default = app.theme
        assert default != "nord"
        app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.pause()
        await pilot.press("ctrl+q")
    again = new_app(couple_db)
    async with again.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert again.theme == "nord"
        await pilot.press("ctrl+q")
    store = open_workbook(couple_db)
    try:
        assert store.setting("theme") == "nord"  # in the workbook file, not a config file
    finally:
        store.close()


async def test_looking_at_a_repeatable_worksheet_makes_no_entry_writing_one_letter_does(
    couple_db: Path,
) -> None:
    from datetime import date

    store = open_workbook(couple_db)
    earlier = store.new_entry("finances", "money-story", date(2026, 11, 20))
    store.save_answers(earlier.id, {("story", Who.FIRST): "Pocket money"})
    store.close()

    def entries() -> list[tuple[str, str]]:
        conn = sqlite3.connect(couple_db)
        try:
            return conn.execute("SELECT worksheet_id, day FROM entries ORDER BY id").fetchall()
        finally:
            conn.close()

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        last = str(app.screen.query_one("#home-last").render())
        assert "Last worked on" in last
        app.open_worksheet("communication", "daily-check-in")  # repeatable: one entry a day
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen) and app.screen.entry is None
        await pilot.press("escape")  # only looked
        await ready(pilot)
        assert entries() == [("money-story", "2026-11-20")], "looking made no entry"
        assert str(app.screen.query_one("#home-last").render()) == last, "nor counted as activity"
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        said = editor(sheet, "said", Who.FIRST).query_one(TextArea)
        await focus(pilot, said)
        await pilot.press("x")  # one letter: now there is an entry, and it is saved
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert entries() == [("money-story", "2026-11-20"), ("daily-check-in", "2026-11-25")]
        assert stored(couple_db, "said", 1) == "x"
        assert sheet.entry is not None and sheet.entry.worksheet_id == "daily-check-in"
        await pilot.press("ctrl+q")


async def test_an_entry_deleted_by_start_over_closes_its_worksheet(couple_db: Path) -> None:
    from textual.widgets import Checkbox

    from workbook.ui.screens.progress import ProgressScreen
    from workbook.ui.screens.start_over import StartOverScreen

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen)
        editor(sheet, "said", Who.FIRST).query_one(TextArea).text = "Some words"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sheet.entry is not None
        app.action_progress()  # the palette's "Progress", from the worksheet
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        app.screen.action_start_over()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StartOverScreen)
        dialog.query_one("#start-over-backup", Checkbox).value = False
        dialog.query_one("#start-over-delete", Checkbox).value = True
        dialog.query_one("#start-over-yes", Button).press()
        await settle(pilot)
        await pilot.press("escape")  # the progress screen; the worksheet's entry is gone
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), "the worksheet of a deleted entry closed"
        assert open_workbook(couple_db).entry_count() == 0
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_draft_held_back_by_a_busy_file_is_made_after_its_screen_closed(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, WorksheetScreen) and sheet.entry is None
        editor(sheet, "said", Who.FIRST).query_one(TextArea).text = "Kept"
        assert app.store is not None
        app.store._conn.execute("PRAGMA busy_timeout = 50")  # fail fast instead of waiting 3 s
        other = sqlite3.connect(couple_db)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the file
        await pilot.press("escape")  # tries to save (and make the entry), cannot: closes
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.autosaver.pending == 1
        other.rollback()
        other.close()
        assert app.save_everything(), "made and saved now, with its screen gone"
        assert stored(couple_db, "said", 1) == "Kept"
        await pilot.press("ctrl+q")
    assert app.return_code == 0, app.error_message
