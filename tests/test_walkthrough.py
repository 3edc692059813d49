"""What the tmux walk-through at 80x24, 100x32 and 160x48 found (notes/walkthrough.md),
each kept fixed by a test on what is laid out, never on timing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import new_app, open_timer, ready, settle

#: The partners' names of the walk-through: a long one and a non-ASCII one.
LONG, ACCENTED = "Maximiliana-Josephine", "Zoë Åsa Ñúñez"


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_welcome_card_fits_the_screen_with_its_message(
    db_path: Path, size: tuple[int, int]
) -> None:
    """The first screen a couple sees fits a small terminal whole, its Start button
    and bottom edge included, also once "Please enter a name" shows: nothing to
    scroll for on the very first screen."""
    app = new_app(db_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        card = app.screen.query_one("#onboarding-card")
        assert card.region.bottom <= size[1], "the welcome card runs off the screen"
        await pilot.click("#start")
        await settle(pilot)
        error = app.screen.query_one("#onboarding-error", Static)
        assert error.display
        assert card.region.bottom <= size[1], "with the message shown, the card runs off the screen"
        start = app.screen.query_one("#start")
        assert start.region.bottom <= card.region.bottom - 1


def _whole_inside(widget: object, box: object) -> bool:
    """True when ``widget`` is drawn whole inside ``box``'s border."""
    from textual.widget import Widget

    assert isinstance(widget, Widget) and isinstance(box, Widget)
    inner = box.region.shrink(box.styles.gutter)
    return bool(widget.region) and inner.contains_region(widget.region)


@pytest.mark.parametrize("busy", [False, True])
async def test_the_export_dialog_fits_80x24_with_every_choice(couple_db: Path, busy: bool) -> None:
    """On a worksheet the dialog offers four scopes; at 80x24 its Export and Cancel
    buttons are still drawn whole, also while the bar of an export shows."""
    from textual.widgets import Button

    from workbook.ui.screens.export import ExportScreen

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen) and len(dialog.scopes) == 4
        if busy:
            dialog._busy(True)
            dialog._status("Preparing…")
            await settle(pilot)
        box = dialog.query_one("#export-dialog")
        assert box.region.bottom <= 24
        for button in dialog.query(Button):
            assert _whole_inside(button, box), f"{button.label} is cut"
        assert _whole_inside(dialog.query_one("#export-status"), box)


async def test_a_list_cell_left_shows_its_text_from_the_start(couple_db: Path) -> None:
    """At 100x32 "Groceries and household" is longer than the budget's Item cell: once
    the cursor moves on, the cell shows the first letters, not the tail
    ("ceries and household")."""
    from textual.widgets import Input

    from tests.conftest import focus, screen_text, write
    from workbook.ui.widgets.compound import ListEditor

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "budget-meeting")
        await settle(pilot)
        editor = app.screen.query_one(ListEditor)
        assert not editor.stacked
        cell = editor.query(Input).first()
        await focus(pilot, cell)
        await write(pilot, "Groceries and household shopping")
        assert cell.scroll_offset.x > 0, "the text is longer than the cell"
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not cell
        assert cell.scroll_offset.x == 0
        row = next(line for line in screen_text(app).splitlines() if "Groceries" in line)
        assert "Groceries and" in row


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_entry_history_with_many_entries_keeps_its_keys_line(
    couple_db: Path, size: tuple[int, int]
) -> None:
    """A check-in used every day for two weeks: the list scrolls inside the dialog, and
    the line saying what Enter, Delete and Esc do stays on screen, whole."""
    from datetime import date

    from textual.widgets import OptionList

    from workbook.store import Who, open_workbook
    from workbook.ui.screens.history import HistoryScreen

    store = open_workbook(couple_db)
    for day in range(1, 15):
        entry = store.new_entry("communication", "daily-check-in", date(2026, 11, day))
        store.save_answers(entry.id, {("said", Who.FIRST): f"Day {day}: the long meeting at work"})
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, HistoryScreen)
        box = dialog.query_one("#history-dialog")
        assert box.region.bottom <= size[1]
        assert _whole_inside(dialog.query_one("#history-help"), box)
        listing = dialog.query_one(OptionList)
        assert _whole_inside(listing, box)
        assert listing.virtual_size.height > listing.scrollable_content_region.height, "the list scrolls"


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_note_before_a_conflict_exercise_shows_its_answers(
    couple_db: Path, size: tuple[int, int]
) -> None:
    """Before the first exercise about conflict: at 80x24 the note starts at its title
    and its two answers are on screen, whole, without scrolling for them."""
    from textual.widgets import Button

    from workbook.ui.screens.safety import SafetyScreen

    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        app.open_worksheet("boundaries", "time-out")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SafetyScreen)
        box = dialog.query_one("#safety-dialog")
        assert box.region.bottom <= size[1]
        for button in dialog.query(Button):
            assert _whole_inside(button, box), f"{button.label} is cut"
        assert _whole_inside(dialog.query_one("#safety-title"), box)
        assert app.focused is dialog.query_one("#safety-continue")


#: Two names near the 40-character limit, one of them not ASCII.
LONGEST = ("Maximiliana-Josephine von Habsburg", "Zoë Åsa Ñúñez de la Cruz-Olivares")


def _couple(db_path: Path, names: tuple[str, str]) -> Path:
    """A workbook past onboarding, with these names."""
    from workbook.store import open_workbook

    store = open_workbook(db_path)
    store.set_couple(*names)
    store.close()
    return db_path


async def test_progress_keeps_two_long_names_whole_at_80_columns(db_path: Path) -> None:
    """F6 at 80 columns with two long names: a line per partner rather than a name
    wrapped onto the next line without its indent."""
    from textual.geometry import Region

    from workbook.ui.screens.progress import ProgressScreen

    app = new_app(_couple(db_path, LONGEST))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await ready(pilot)
        assert isinstance(app.screen, ProgressScreen)
        box = app.screen.query_one("#progress-lessons")
        strips = box.render_lines(Region(0, 0, box.size.width, box.size.height))
        text = ["".join(segment.text for segment in strip).rstrip() for strip in strips]
        assert any("Maximiliana-Josephine von Habsburg" in line for line in text)
        for line in text:
            if "Cruz-Olivares" in line or "Habsburg" in line:
                assert line.startswith("   "), f"a name off its indent: {line!r}"
                assert "Zoë Åsa Ñúñez de la Cruz-Olivares" in line or "Maximiliana-Josephine von" in line, (
                    line
                )


@pytest.mark.parametrize("names", [LONGEST, (LONG, ACCENTED)])
async def test_who_starts_buttons_are_whole_with_long_names(db_path: Path, names: tuple[str, str]) -> None:
    """Speaking turns at 80x24: both "… starts" buttons are drawn whole, side by side
    where they fit and one above the other where two long names do not."""
    from textual.widgets import Button

    app = new_app(_couple(db_path, names))
    async with app.run_test(size=(80, 24)) as pilot:
        timer = await open_timer(pilot, app)
        choose = timer.query_one("#timer-choose")
        buttons = list(choose.query(Button))
        assert len(buttons) == 2
        for button in buttons:
            assert _whole_inside(button, choose), f"{button.label} is cut"
            assert button.region.right <= 80
        side_by_side = buttons[0].region.y == buttons[1].region.y
        assert side_by_side == (names != LONGEST)


@pytest.mark.parametrize("names", [LONGEST, (LONG, ACCENTED)])
async def test_the_first_run_note_shows_continue_with_long_names(
    db_path: Path, names: tuple[str, str]
) -> None:
    """Right after onboarding at 80x24: two long names make the note's title two lines;
    the note still starts at its title and Continue is on screen, whole, and focused."""
    from workbook.ui.screens.safety import FirstRunSafetyScreen

    app = new_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(FirstRunSafetyScreen(*names))
        await settle(pilot)
        dialog = app.screen
        box = dialog.query_one("#first-run-dialog")
        assert box.region.bottom <= 24
        assert _whole_inside(dialog.query_one("#first-run-continue"), box)
        assert _whole_inside(dialog.query_one("#first-run-title"), box)
        assert app.focused is dialog.query_one("#first-run-continue")


@pytest.mark.parametrize("size", [(100, 32), (160, 48)])
async def test_the_welcome_card_sits_in_the_middle_of_a_large_terminal(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = new_app(db_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        card = app.screen.query_one("#onboarding-card").region
        above, below = card.y, size[1] - card.bottom
        assert above > 0 and abs(above - below) <= 1, (above, below)


async def test_the_arrows_move_along_the_timers_buttons(couple_db: Path) -> None:
    """Who starts, and yes / partly / no: the arrows move along the row (a new user
    tried them first), and in the summary box they still move the cursor."""
    from textual.widgets import Input

    from tests.conftest import focus, write

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timer = await open_timer(pilot, app)
        assert app.focused is timer.query_one("#start-1")
        await pilot.press("right")
        assert app.focused is timer.query_one("#start-2")
        await pilot.press("left")
        assert app.focused is timer.query_one("#start-1")
        await pilot.press("enter", "s")
        await settle(pilot)
        mirror = timer.query_one("#mirror", Input)
        assert app.focused is mirror
        await write(pilot, "ab")
        await pilot.press("left")
        assert app.focused is mirror and mirror.cursor_position == 1
        await focus(pilot, timer.query_one("#got-yes"))
        await pilot.press("right")
        assert app.focused is timer.query_one("#got-partly")
        await pilot.press("right", "right")
        assert app.focused is timer.query_one("#got-yes")


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_who_is_at_this_screen_shows_every_button_whole_with_long_names(
    couple_db: Path, size: tuple[int, int]
) -> None:
    """Two names near the 40-character limit make the three answers wider than the
    dialog: they go one above the other, each drawn whole, rather than the last cut."""
    from textual.widgets import Button

    from workbook.store import Couple
    from workbook.ui.live import WhoScreen

    couple = Couple("Maximiliana-Josephine Alexandra Wolff", "Zoë Åsa Ñúñez de la Fuente-Ortiz")
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        app.push_screen(WhoScreen(couple, []))
        await settle(pilot)
        dialog = app.screen.query_one("#confirm-dialog")
        buttons = list(app.screen.query(Button).results(Button))
        assert [str(b.label) for b in buttons] == [couple.first, couple.second, "Both of us"]
        for button in buttons:
            assert _whole_inside(button, dialog), f"{button.label} is cut"


def test_a_mark_in_the_section_index_stays_with_its_title() -> None:
    """Textual wraps at a no-break space too: the index's own line breaks keep each
    mark with the first word of its title, and put none where everything fits."""
    from workbook.ui.widgets.lesson_view import index_markup

    sections = [(False, "Opening"), (True, "Why it matters"), (False, "A daily check-in")]
    assert "\n" not in index_markup(sections, 0)
    assert "\n" not in index_markup(sections, 80)
    # "○ Opening  ✓ Why it matters  ○" is 31 columns: the mark goes down with its title.
    lines = index_markup(sections, 31).split("\n")
    assert len(lines) == 2 and lines[1].startswith("[$text-muted]○\u00a0A daily")


async def test_no_line_of_a_lesson_index_ends_in_a_mark(couple_db: Path) -> None:
    """At 80 and 100 columns a "○" was left at the end of a line, its title on the next.
    One app visits each lesson once and is resized between the two widths (a lesson's
    first render is the slow part)."""
    app = new_app(couple_db)
    async with app.run_test(size=(80, 32)) as pilot:
        await ready(pilot)
        for key in "123456789":
            await pilot.press(key)
            for width in (80, 100) if key in "13579" else (100, 80):
                await pilot.resize_terminal(width, 32)
                await settle(pilot, 5)
                index = next(s for s in app.screen.query(".lesson-contents").results(Static) if s.region)
                assert index.content_region.width <= width - 4, "the resize reached the index"
                lines = [
                    strip.text.rstrip() for strip in index.render_lines(index.content_region.reset_offset)
                ]
                assert not [line for line in lines if line.endswith(("○", "✓"))], (key, width, lines)


async def test_the_lesson_list_on_a_wide_home_ends_with_its_lessons(couple_db: Path) -> None:
    """At 160x48 the list's box ran to the bottom of the column, six empty lines below
    its lessons; beside the summary it is as tall as what it lists."""
    from textual.widgets import OptionList

    app = new_app(couple_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await settle(pilot)
        listing = app.screen.query_one("#lesson-list", OptionList)
        column = app.screen.query_one("#home-columns")
        assert listing.outer_size.height == listing.virtual_size.height + 2  # its border
        assert listing.outer_size.height < column.size.height
        assert listing.max_scroll_y == 0, "every lesson shows"
