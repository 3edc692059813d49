"""Two apps on one workbook file, in one test: who is at which screen, and presence.

Both apps run under ``run_test`` at once (nested), on the same file, each with its own
connection, exactly as two terminal windows would. Waits are for what the other app
shows (``until``), never a fixed sleep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, ready, screen_text, until
from tests.packs import small_pack
from workbook.store import Who, open_workbook
from workbook.store.presence import STALE_SECONDS, announce, present
from workbook.ui.app import WorkbookApp, make_app
from workbook.ui.live import WhoScreen, match_partner, presence_note

SIZE = (100, 30)


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    """The shipped lessons' tabs, titles and sections with short bodies: what the header
    and the progress figures show is the same, and a lesson renders at once."""
    return small_pack(tmp_path / "lessons")


def app_as(db: Path, lessons: Path, name: str | None = None) -> WorkbookApp:
    """The app as a test builds it, with ``--as name``."""
    return make_app(db, lessons, now=FIXED_NOW, cursor_blink=False, as_name=name)


def header(app: WorkbookApp) -> str:
    """The header line as drawn."""
    return screen_text(app).splitlines()[0] if "\n" in screen_text(app) else screen_text(app)[:200]


async def test_one_screen_is_both_of_you_and_its_header_is_unchanged(couple_db: Path, lessons: Path) -> None:
    app = app_as(couple_db, lessons)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.here is Who.SHARED
        assert app.presence_text == ""
        assert not isinstance(app.screen, WhoScreen), "nobody else is here: no question"
        store = open_workbook(couple_db)
        try:
            (mine,) = present(store)
            assert (mine.who, mine.place) == (Who.SHARED, "Home")
        finally:
            store.close(checkpoint=False)


async def test_as_names_the_partner_and_the_other_screen_sees_them_come_and_go(
    couple_db: Path, lessons: Path
) -> None:
    sam, alex = app_as(couple_db, lessons, "sam"), app_as(couple_db, lessons, "ALEX")
    async with sam.run_test(size=SIZE) as sam_pilot:
        await ready(sam_pilot)
        assert sam.here is Who.FIRST
        assert "Sam's screen" in screen_text(sam)
        async with alex.run_test(size=SIZE) as alex_pilot:
            await ready(alex_pilot)
            assert alex.here is Who.SECOND
            assert not isinstance(alex.screen, WhoScreen), "--as answers the question"
            assert "Alex's screen · Sam is here too" in screen_text(alex), "both on Home"
            await until(sam_pilot, lambda: "Alex is here too" in screen_text(sam))
            # Alex moves to a lesson: Sam's header follows.
            await alex_pilot.press("1")
            await until(sam_pilot, lambda: "Alex is here · Talking so you are heard" in screen_text(sam))
            assert sam.reading_as is Who.FIRST and alex.reading_as is Who.SECOND
        # Alex quit: gone from Sam's header at once (no waiting for a stale heartbeat).
        await until(sam_pilot, lambda: "Alex is here" not in screen_text(sam), seconds=2)
        assert "Sam's screen" in screen_text(sam)
    store = open_workbook(couple_db)
    try:
        assert present(store) == [], "both cleaned up on quit"
    finally:
        store.close()


async def test_a_second_screen_asks_who_is_at_it(couple_db: Path, lessons: Path) -> None:
    first, second = app_as(couple_db, lessons), app_as(couple_db, lessons)
    async with first.run_test(size=SIZE) as first_pilot:
        await ready(first_pilot)
        async with second.run_test(size=SIZE) as second_pilot:
            await ready(second_pilot)
            assert isinstance(second.screen, WhoScreen)
            text = screen_text(second)
            assert "Who is at this screen?" in text and "Both of us" in text
            await second_pilot.click("#who-second")
            await until(second_pilot, lambda: second.here is Who.SECOND)
            assert "Alex's screen · Sam is here too" in screen_text(second)
            await until(first_pilot, lambda: "Alex is here too" in screen_text(first))


async def test_the_question_offers_the_partner_not_at_the_other_screen(
    couple_db: Path, lessons: Path
) -> None:
    sam, other = app_as(couple_db, lessons, "Sam"), app_as(couple_db, lessons)
    async with sam.run_test(size=SIZE) as sam_pilot:
        await ready(sam_pilot)
        async with other.run_test(size=SIZE) as other_pilot:
            await ready(other_pilot)
            assert isinstance(other.screen, WhoScreen)
            assert other.focused is not None and other.focused.id == "who-second"
            await other_pilot.press("enter")
            await until(other_pilot, lambda: other.here is Who.SECOND)


async def test_an_unknown_name_is_one_clear_line(couple_db: Path, lessons: Path) -> None:
    app = app_as(couple_db, lessons, "Jo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.error_message == (
        "--as Jo: this workbook's partners are Sam and Alex; use one of those names "
        "(or leave --as out to be both of you)"
    )


async def test_a_screen_that_lost_its_terminal_leaves_the_header_once_stale(
    couple_db: Path, lessons: Path
) -> None:
    app = app_as(couple_db, lessons, "Sam")
    clock = [FIXED_NOW.timestamp()]
    app.wall_clock = lambda: clock[0]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        store = open_workbook(couple_db)
        try:
            # Another app that will never beat again (its ssh link dropped).
            announce(store, "lost", Who.SECOND, "Budget meeting", now=clock[0])
        finally:
            store.close(checkpoint=False)
        await until(pilot, lambda: "Alex is here · Budget meeting" in screen_text(app))
        clock[0] += STALE_SECONDS + 1
        assert app.live is not None
        app.live.beat()  # the heartbeat timer's tick, without waiting three seconds for it
        await until(pilot, lambda: "Alex is here" not in screen_text(app))


def test_names_match_whatever_the_case_and_spacing() -> None:
    from workbook.store import Couple

    couple = Couple("Sam", "Zoë Ann")
    assert match_partner(couple, "SAM") is Who.FIRST
    assert match_partner(couple, " zoë  ann ") is Who.SECOND
    assert match_partner(couple, "Jo") is None
    assert presence_note(couple, Who.SHARED, []) == ""


def test_the_header_says_where_the_other_is_or_that_they_are_here_too() -> None:
    from workbook.store import Couple
    from workbook.store.presence import Presence

    couple = Couple("Sam", "Alex")
    alex = Presence("b", Who.SECOND, "Budget meeting", "host", 1, 0.0)
    assert presence_note(couple, Who.FIRST, [alex], "Home") == "Sam's screen · Alex is here · Budget meeting"
    assert presence_note(couple, Who.FIRST, [alex], "Budget meeting") == "Sam's screen · Alex is here too"
    both = Presence("c", Who.SHARED, "Home", "host", 2, 0.0)
    assert presence_note(couple, Who.SECOND, [both], "Home") == "Alex's screen · Sam is here too"
    assert presence_note(couple, Who.SHARED, [both], "Progress") == "Another screen is open · Home"


def _read(app: WorkbookApp, lesson_id: str, who: Who) -> int:
    """How many of a lesson's sections ``who`` has read, by the app's latest report."""
    report = app.report
    lesson = report.lesson(lesson_id) if report is not None else None
    return sum(s.read_for(who) for s in lesson.sections) if lesson is not None else -1


async def test_reading_marked_on_one_screen_shows_in_the_others_progress_without_a_key(
    couple_db: Path,
    lessons: Path,
) -> None:
    sam, alex = app_as(couple_db, lessons, "Sam"), app_as(couple_db, lessons, "Alex")
    async with sam.run_test(size=SIZE) as sam_pilot:
        await ready(sam_pilot)
        before = _read(sam, "communication", Who.SECOND)
        async with alex.run_test(size=SIZE) as alex_pilot:
            await ready(alex_pilot)
            await alex_pilot.press("1")
            await until(alex_pilot, lambda: bool(alex.screen.query("LessonSection")))
            await alex_pilot.press("r")
            await until(alex_pilot, lambda: _read(alex, "communication", Who.SECOND) == before + 1)
            # Sam pressed nothing: Home's figures follow Alex's reading (Alex's own).
            await until(sam_pilot, lambda: _read(sam, "communication", Who.SECOND) == before + 1)
            assert _read(sam, "communication", Who.FIRST) == before


async def test_a_heartbeat_is_not_a_change_that_recomputes_progress(couple_db: Path, lessons: Path) -> None:
    app = app_as(couple_db, lessons, "Sam")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        report = app.report
        assert report is not None and report.detail
        assert app.live is not None
        app.live.beat()  # a commit on this very connection
        app.refresh_progress()
        await ready(pilot)
        assert app.report is report, "nothing the couple wrote changed, so nothing was added up"


async def test_the_progress_screen_follows_the_other_screens_reading(couple_db: Path, lessons: Path) -> None:
    from workbook.ui.screens.progress import ProgressScreen

    sam, alex = app_as(couple_db, lessons, "Sam"), app_as(couple_db, lessons, "Alex")
    async with sam.run_test(size=SIZE) as sam_pilot, alex.run_test(size=SIZE) as alex_pilot:
        await ready(sam_pilot)
        await ready(alex_pilot)
        await sam_pilot.press("f6")
        await until(sam_pilot, lambda: isinstance(sam.screen, ProgressScreen))
        before = _read(sam, "communication", Who.SECOND)
        with alex._context():
            alex.mark_read("communication", "intro")
        await until(sam_pilot, lambda: _read(sam, "communication", Who.SECOND) == before + 1)
        assert isinstance(sam.screen, ProgressScreen)


async def test_a_header_without_its_title_yet_or_any_more_does_not_end_the_app(
    couple_db: Path, lessons: Path
) -> None:
    """The presence poll can reach a Header that is not composed yet, or whose title is
    already gone as its screen closes: the note goes to the titles there are."""
    from textual.widgets import Header

    app = app_as(couple_db, lessons, "Sam")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await app.screen.query_one(Header).query_one("HeaderTitle").remove()
        store = open_workbook(couple_db)
        try:
            announce(store, "other", Who.SECOND, "Home", now=app.wall_clock())
        finally:
            store.close(checkpoint=False)
        assert app.live is not None
        app.live.live.others = app.live.live.others_now()
        app.live.show_presence()  # raised NoMatches on the missing title
        assert "Alex" in app.live.note
