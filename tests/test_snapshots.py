"""Snapshots of every screen and dialog: at the 80×24 minimum, and at 100×32 and
160×48 only where that size shows something the others do not (a second column, both
partners side by side, named tabs, a table instead of forms).

Fixed clock, no cursor blink, fixed terminal size: a snapshot changes only when the
screen does. Regenerate with ``pytest -n 0 --snapshot-update`` and review every SVG.
Typing goes through ``write`` (one step, the last key pressed) except where the keys
are the point: the picture is the same as after typing key by key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import focus, new_app, ready, settle, until, write

DEFAULT, NARROW, LARGE = (
    pytest.param((100, 32), id="100x32"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((160, 48), id="160x48"),
)
#: Screens laid out differently at 80x24 than at 100x32 (one partner at a time,
#: wrapping that changes what fits).
SIZES = [DEFAULT, NARROW]
#: Screens that use a wide terminal differently (a second column, a reading measure).
WIDE = [*SIZES, LARGE]
#: A size is left out where it would show nothing another snapshot does not: a dialog
#: that is the same at 100x32 as at 80x24 is taken at 80x24, the tighter fit.


async def saved(pilot: Pilot[int]) -> None:
    """Write what was typed now (Ctrl+S): the footer's save word is then "Saved" (or
    "✓") in the picture, whatever the machine's speed (the autosave pause is real time)."""
    await pilot.press("ctrl+s")
    await until(pilot, lambda: getattr(pilot.app.screen, "save_state", "") == "Saved")


@pytest.mark.parametrize("size", [NARROW])
def test_onboarding(snap_compare: Any, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(new_app(db_path), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [NARROW])  # 100x32 is this layout, wider; 160x48: test_home_with_progress
def test_home(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", WIDE)
def test_lesson_tab(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def open_lesson(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=open_lesson)


@pytest.mark.parametrize("size", [NARROW])  # the lesson at both sizes: test_lesson_tab
def test_worksheet_card_focused(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def focus_card(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        await pilot.press("tab")
        await settle(pilot, 5)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=focus_card)


@pytest.mark.parametrize("size", SIZES)
def test_worksheet(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def open_sheet(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=open_sheet)


def test_worksheet_with_answers_and_a_bad_number(snap_compare: Any, couple_db: Path) -> None:
    async def fill(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("finances", "budget-meeting")  # type: ignore[attr-defined]
        await settle(pilot)
        await write(pilot, "2026-13-01")
        await pilot.press("tab", "tab", "tab")  # past Today, +7 days
        # The emoji is not the last character: write() presses that one as a key, and
        # a pilot key press of "💛" types nothing.
        await write(pilot, "A calmer month | less worry # and 💛!")
        await saved(pilot)
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(100, 32), run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_safety_note(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def open_conflict(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("repair", "repair-script")  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=open_conflict)


@pytest.mark.parametrize("size", [NARROW])
def test_about(
    snap_compare: Any, couple_db: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def about(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await pilot.press("f2")
        await settle(pilot)

    # About shows the workbook's path; a relative one reads the same on every run.
    monkeypatch.chdir(couple_db.parent)
    assert snap_compare(new_app(Path(couple_db.name)), terminal_size=size, run_before=about)


def test_statement_coach_with_a_hint(snap_compare: Any, couple_db: Path) -> None:
    from textual.widgets import Input

    from workbook.store import Who
    from workbook.ui.widgets.fields import FieldEditor

    async def coach(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "i-statements")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = pilot.app.screen
        sams = next(e for e in sheet.query(FieldEditor) if e.field.id == "statement" and e.who is Who.FIRST)
        await focus(pilot, sams.query(Input).first())  # Sam's feeling slot
        await write(pilot, "lonely")
        await pilot.press("tab")
        await write(pilot, "you never make time")  # "you never" brings up a hint
        await pilot.press("tab")
        await write(pilot, "an evening together")
        await saved(pilot)
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(100, 32), run_before=coach)


@pytest.mark.parametrize("size", [NARROW])  # a table at both sizes; cells scroll at 80
def test_list_rows(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def fill(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("finances", "budget-meeting")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = pilot.app.screen
        await focus(pilot, sheet.query(".list-row Input").first())
        await write(pilot, "Rent")
        await pilot.press("tab")
        await write(pilot, "900")
        await pilot.press("tab")
        await write(pilot, "Both")
        await pilot.click(".row-add")
        await settle(pilot)
        await write(pilot, "Groceries | food")
        await pilot.press("tab")
        await write(pilot, "450")
        await saved(pilot)
        await settle(pilot)
        sheet.query_one("#sheet").scroll_to_widget(sheet.query_one(".editor-list"), animate=False, top=True)
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=fill)


def test_scale_and_choices(snap_compare: Any, couple_db: Path) -> None:
    async def pick(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("seek-help", "stuck-check")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("space", "down", "down", "space")
        await saved(pilot)
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(100, 32), run_before=pick)


def test_daily_checklist(snap_compare: Any, couple_db: Path) -> None:
    async def tick(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("repair", "daily-habits")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("space", "down", "down", "space")
        await saved(pilot)
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=tick)


def test_entry_history(snap_compare: Any, couple_db: Path) -> None:
    from datetime import date

    from tests.conftest import FIXED_NOW
    from workbook.store import Who, open_workbook

    store = open_workbook(couple_db, clock=lambda: FIXED_NOW)
    for day, text, done in [
        (2, "Talked about # weekends | plans 💛", True),
        (9, "", False),
        (16, "Money worries", True),
    ]:
        entry = store.new_entry("communication", "daily-check-in", date(2026, 11, day))
        if text:
            store.save_answers(entry.id, {("said", Who.FIRST): text})
        store.set_done(entry.id, done)
    store.close()

    async def history(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=history)


@pytest.mark.parametrize("size", [DEFAULT])  # the timer at 80x24: the next-but-last test
def test_speaking_turns(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        pilot.app.screen.timer_clock = lambda: 500.0  # type: ignore[attr-defined]
        pilot.app.screen.query_one(".timer-start").press()
        await settle(pilot)
        await pilot.click("#start-1")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=run)


def _money_story(store_answers: dict[tuple[str, Any], object], parts: tuple[Any, ...]) -> Any:
    """Seed a money-story entry with answers and finished parts, before the app opens."""

    def seed(db: Path) -> None:
        from tests.conftest import FIXED_NOW
        from workbook.store import open_workbook

        store = open_workbook(db, clock=lambda: FIXED_NOW)
        entry = store.open_entry("finances", "money-story", repeatable=False)
        store.save_answers(entry.id, store_answers)
        for who in parts:
            store.set_part_done(entry.id, who)
        store.close()

    return seed


@pytest.mark.parametrize("size", SIZES)
def test_reveal_turn_hides_the_other_partner(
    snap_compare: Any, couple_db: Path, size: tuple[int, int]
) -> None:
    from workbook.store import Who

    _money_story(
        {("fear", Who.FIRST): "SAM-SECRET never shown", ("family", Who.FIRST): "Save first"}, (Who.FIRST,)
    )(couple_db)

    async def open_sheet(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("finances", "money-story")  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=open_sheet)


def test_hand_off_and_reveal(snap_compare: Any, couple_db: Path) -> None:
    from workbook.store import Who

    _money_story(
        {
            ("fear", Who.FIRST): "Debt, like my parents had",
            ("fear", Who.SECOND): "Never having a home of our own 🏠",
            ("style", Who.FIRST): "Saver",
            ("style", Who.SECOND): "A bit of both",
            ("meaning", Who.SECOND): ["Freedom", "Care for others"],
        },
        (Who.FIRST,),
    )(couple_db)

    async def reveal(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("finances", "money-story")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(100, 32), run_before=reveal)


def test_hand_off_between_turns(snap_compare: Any, couple_db: Path) -> None:
    async def hand_off(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("finances", "money-story")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=hand_off)


@pytest.mark.parametrize("size", [NARROW])
def test_export_dialog(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    from tests.conftest import FIXED_NOW, LESSONS
    from workbook.ui.app import make_app

    async def open_dialog(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    app = make_app(
        couple_db,
        LESSONS,
        now=FIXED_NOW,
        cursor_blink=False,
        export_dir=Path("/home/sam/Documents/Reconnect exports"),
    )
    assert snap_compare(app, terminal_size=size, run_before=open_dialog)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The sample workbook, ending on the tests' fixed today."""
    from datetime import date

    from tests.conftest import LESSONS
    from workbook.content import load_pack
    from workbook.store.demo import make_demo

    path = tmp_path / "demo.sqlite"
    make_demo(path, load_pack(LESSONS), today=date(2026, 11, 25)).close()
    return path


@pytest.mark.parametrize("size", [NARROW, LARGE])  # 100x32 lays out as 80x24 (and test_home)
def test_home_with_progress(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(new_app(demo_db), terminal_size=size, run_before=ready)


async def _open_progress(pilot: Pilot[int]) -> None:
    await ready(pilot)
    await pilot.press("f6")
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


@pytest.mark.parametrize("size", [DEFAULT])  # the 80-column layout: test_progress_screen_demo
def test_progress_screen_empty(snap_compare: Any, couple_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(new_app(couple_db), terminal_size=size, run_before=_open_progress)


@pytest.mark.parametrize("size", [NARROW, LARGE])  # grouped habits: the 80-column test
def test_progress_screen_demo(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(new_app(demo_db), terminal_size=size, run_before=_open_progress)


def test_progress_screen_habits_at_80_columns(snap_compare: Any, demo_db: Path) -> None:
    """The habits grid fits 80 columns: labels shorten, rows never wrap."""

    async def scroll_to_habits(pilot: Pilot[int]) -> None:
        await _open_progress(pilot)
        pilot.app.screen.query_one("#habits-title").scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(new_app(demo_db), terminal_size=(80, 24), run_before=scroll_to_habits)


def test_start_over_dialog(snap_compare: Any, couple_db: Path) -> None:
    async def open_dialog(pilot: Pilot[int]) -> None:
        await _open_progress(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=open_dialog)


@pytest.mark.parametrize("size", [NARROW, LARGE])  # forms at 80 and 100, a table at 160
def test_local_services_list(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    """A list with choice columns: a table where it fits (160), label / value forms below."""

    async def open_list(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("seek-help", "local-services")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = pilot.app.screen
        sheet.query_one("#sheet").scroll_to_widget(sheet.query_one(".editor-list"), animate=False, top=True)
        await settle(pilot)

    assert snap_compare(new_app(demo_db), terminal_size=size, run_before=open_list)


def test_keys_panel_at_80x24(snap_compare: Any, couple_db: Path) -> None:
    """F1 lies over the page: the header and the footer stay whole, nothing is squeezed."""

    async def keys(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=keys)


def test_lesson_tab_far_along_at_80x24(snap_compare: Any, couple_db: Path) -> None:
    """The ninth lesson's tab is named and in view; the others are numbers."""

    async def last_lesson(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await pilot.press("9")
        await settle(pilot, 5)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=last_lesson)


def test_timer_with_the_first_speaker_from_the_worksheet(snap_compare: Any, couple_db: Path) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = pilot.app.screen
        sheet.timer_clock = lambda: 500.0  # type: ignore[attr-defined]
        list(sheet.query(".editor-choice RadioButton"))[1].value = True  # "Second partner"
        await settle(pilot)
        sheet.query_one(".timer-start").press()
        await settle(pilot)

    assert snap_compare(new_app(couple_db), terminal_size=(80, 24), run_before=run)
