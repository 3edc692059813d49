"""Two apps on one workbook, each partner at their own screen, on the same worksheet.

Both apps run at once under ``run_test`` (nested), with their own connections to one
file. Nothing is pressed on the screen that is expected to change: it must follow the
other screen by itself. Waits are for what is drawn or stored (``until``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input

from tests.conftest import FIXED_NOW, ready, settle, until, write
from tests.conftest import screen_text as _screen_text
from workbook.store import Who, open_workbook
from workbook.ui.app import WorkbookApp, make_app
from workbook.ui.screens.dialogs import ConfirmScreen
from workbook.ui.screens.reveal import RevealScreen
from workbook.ui.screens.worksheet import WorksheetScreen
from workbook.ui.widgets.fields import FieldEditor
from workbook.ui.widgets.theirs import TheirVersion

if TYPE_CHECKING:
    from workbook.ui.screens.timer import TimerScreen

PACK = """---
id: tiny
title: Tiny
order: 1
---
# Tiny

## Write

```worksheet
id: notes
title: Notes
fields:
  - {id: line, kind: text, label: A line}
  - {id: mine, kind: text, label: My line, who: each}
```

```worksheet
id: wishes
title: Wishes
reveal: true
fields:
  - {id: wish, kind: text, label: A wish, who: each, required: true}
```
"""

SIZE = (110, 36)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(PACK, encoding="utf-8")
    return folder


def app_as(db: Path, pack: Path, name: str) -> WorkbookApp:
    return make_app(db, pack, now=FIXED_NOW, cursor_blink=False, as_name=name)


@asynccontextmanager
async def two_screens(
    db: Path, pack: Path, worksheet: str = "notes"
) -> AsyncIterator[tuple[WorkbookApp, Pilot[int], WorkbookApp, Pilot[int]]]:
    """Sam's and Alex's apps, both on the same worksheet (its entry not made yet)."""
    sam, alex = app_as(db, pack, "Sam"), app_as(db, pack, "Alex")
    async with sam.run_test(size=SIZE) as sam_pilot, alex.run_test(size=SIZE) as alex_pilot:
        await ready(sam_pilot)
        await ready(alex_pilot)
        # Calls from the test into an app run in that app's context: both apps share
        # the event loop, and Textual looks up "the" running app through a ContextVar.
        with sam._context():
            sam.open_worksheet("tiny", worksheet)
        await settle(sam_pilot)
        with alex._context():
            alex.open_worksheet("tiny", worksheet)
        await settle(alex_pilot)
        assert isinstance(sam.screen, WorksheetScreen) and isinstance(alex.screen, WorksheetScreen)
        # The same entry; or both on a draft (opening makes no entry), whose first save
        # makes the one both share.
        shown = [s.entry.id if s.entry is not None else None for s in (sam.screen, alex.screen)]
        assert shown[0] == shown[1]
        yield sam, sam_pilot, alex, alex_pilot


def screen_text(app: WorkbookApp) -> str:
    """What one of the two apps shows, rendered in its own context."""
    with app._context():
        return _screen_text(app)


def editor(app: WorkbookApp, field_id: str, who: Who) -> FieldEditor:
    """The (mounted) editor of one answer on the app's screen."""
    screen = app.screen
    assert isinstance(screen, WorksheetScreen)
    found = [e for e in screen.editors() if (e.field.id, e.who) == (field_id, who)]
    mounted = [e for e in found if e.is_mounted]
    return (mounted or found)[0]


def stored(db: Path, field_id: str, who: Who) -> object:
    store = open_workbook(db)
    try:
        entries = store.entries("tiny", "notes")
        if not entries:
            return None  # nothing written yet
        entry = entries[0]
        answer = store.answers(entry.id).get((field_id, who))
        return answer.value if answer else None
    finally:
        store.close(checkpoint=False)


def saved_elsewhere(db: Path, field_id: str, who: Who, value: object) -> None:
    """The other partner's save of one answer, from their own process (and connection)."""
    store = open_workbook(db)
    try:
        entry = store.open_entry("tiny", "notes", repeatable=False)
        store.save_answers(entry.id, {(field_id, who): value})
    finally:
        store.close()


def typed_unheard(field: FieldEditor, text: str) -> None:
    """``text`` in the field's box, reported by its editor (as on a key) but not yet
    heard by the screen: the moment a live update can land in."""
    box = field.query_one(Input)
    with box.prevent(Input.Changed):
        box.value = text
    field.last_value = text


async def type_into(pilot: Pilot[int], app: WorkbookApp, field_id: str, who: Who, text: str) -> None:
    def focused() -> bool:
        # Found again on every look: when the other screen makes the entry first, this
        # screen's draft joins it and its editors are mounted anew, so a box found once
        # may never get the focus (this wait then timed out under load).
        with app._context():
            box = editor(app, field_id, who).query_one(Input)
            if app.focused is box:
                return True
            box.focus()
            return False

    # Wait for the focus itself, not a pause: keys pressed before it lands would go to
    # the widget that had it (the focus-then-key race).
    await until(pilot, focused)
    await write(pilot, text)


async def test_an_answer_typed_on_one_screen_appears_on_the_other_without_a_key(
    couple_db: Path, pack: Path
) -> None:
    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        await type_into(sam_pilot, sam, "line", Who.SHARED, "hello")
        await until(sam_pilot, lambda: stored(couple_db, "line", Who.SHARED) == "hello")
        await until(alex_pilot, lambda: editor(alex, "line", Who.SHARED).current() == "hello")
        assert "hello" in screen_text(alex)


async def test_each_edits_their_own_column_and_sees_the_others_live(couple_db: Path, pack: Path) -> None:
    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        assert not editor(sam, "mine", Who.FIRST).disabled
        assert editor(sam, "mine", Who.SECOND).disabled, "Alex's column is Alex's to write"
        assert editor(alex, "mine", Who.FIRST).disabled and not editor(alex, "mine", Who.SECOND).disabled
        assert "Alex · on their screen" in screen_text(sam)
        await type_into(alex_pilot, alex, "mine", Who.SECOND, "from Alex")
        await until(sam_pilot, lambda: editor(sam, "mine", Who.SECOND).current() == "from Alex")
        assert editor(sam, "mine", Who.SECOND).disabled, "still read only after the update"
        assert stored(couple_db, "mine", Who.FIRST) is None, "Sam's own answer untouched"


async def _conflict(
    db: Path, sam: WorkbookApp, sam_pilot: Pilot[int], alex: WorkbookApp, alex_pilot: Pilot[int]
) -> TheirVersion:
    """Alex is typing in the shared line when Sam saves another version of it."""
    await type_into(alex_pilot, alex, "line", Who.SHARED, "alex")
    # Alex's autosave lands first (his cursor stays in the field): otherwise it could
    # land after Sam's save and, being later, rightly win.
    await until(alex_pilot, lambda: stored(db, "line", Who.SHARED) == "alex")
    await type_into(sam_pilot, sam, "line", Who.SHARED, "sam")
    await sam_pilot.press("tab")  # Sam moves on: saved at once
    await until(sam_pilot, lambda: stored(db, "line", Who.SHARED) == "sam")
    await until(alex_pilot, lambda: bool(alex.screen.query(TheirVersion)))
    # Never changed under Alex's cursor.
    assert editor(alex, "line", Who.SHARED).current() == "alex"
    assert "Sam saved another version: sam" in screen_text(alex)
    return alex.screen.query_one(TheirVersion)


async def test_use_theirs_takes_the_other_screens_version(couple_db: Path, pack: Path) -> None:
    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        await _conflict(couple_db, sam, sam_pilot, alex, alex_pilot)
        with alex._context():
            alex.screen.query_one("#use-theirs", Button).press()
        await until(alex_pilot, lambda: editor(alex, "line", Who.SHARED).current() == "sam")
        assert not alex.screen.query(TheirVersion)
        await settle(alex_pilot)
        with alex._context():
            alex.save_everything()
        assert stored(couple_db, "line", Who.SHARED) == "sam", "Alex's typing was not saved over it"


async def test_keep_mine_saves_it_and_the_other_screen_follows_and_is_told(
    couple_db: Path, pack: Path
) -> None:
    told: list[str] = []
    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        sam_notify = sam.notify

        def notify(message: str, **kwargs: object) -> None:
            told.append(message)
            sam_notify(message, **kwargs)  # type: ignore[arg-type]

        sam.notify = notify  # type: ignore[method-assign]
        await _conflict(couple_db, sam, sam_pilot, alex, alex_pilot)
        with alex._context():  # pressed through its message: no layout timing
            alex.screen.query_one("#keep-mine", Button).press()
        await until(alex_pilot, lambda: stored(couple_db, "line", Who.SHARED) == "alex")
        assert not alex.screen.query(TheirVersion)
        # Sam is no longer in that field: the winner shows there, and Sam is told.
        await until(sam_pilot, lambda: editor(sam, "line", Who.SHARED).current() == "alex")
        assert any("A line" in message for message in told), told


async def test_a_reveal_worksheet_answered_on_two_screens_reveals_on_both(
    couple_db: Path, pack: Path
) -> None:
    async with two_screens(couple_db, pack, "wishes") as (sam, sam_pilot, alex, alex_pilot):
        # Each sees only their own editor; the other's answer is never on screen.
        assert [e.who for e in sam.screen.query(FieldEditor)] == [Who.FIRST]
        assert [e.who for e in alex.screen.query(FieldEditor)] == [Who.SECOND]
        assert "Your answers stay private" in screen_text(sam)
        assert "look away" not in screen_text(sam), "no hand-off: each has their own screen"
        await type_into(sam_pilot, sam, "wish", Who.FIRST, "a quiet weekend")
        await sam_pilot.press("ctrl+t")
        await until(sam_pilot, lambda: "Your part is done" in screen_text(sam))
        # Alex sees how far Sam got, not what Sam wrote.
        await until(alex_pilot, lambda: "Sam has answered 1 of 1" in screen_text(alex))
        assert "a quiet weekend" not in screen_text(alex)
        await type_into(alex_pilot, alex, "wish", Who.SECOND, "more walks")
        await alex_pilot.press("ctrl+t")
        await until(alex_pilot, lambda: isinstance(alex.screen, RevealScreen))
        await until(sam_pilot, lambda: isinstance(sam.screen, RevealScreen))
        for app in (sam, alex):
            text = screen_text(app)
            assert "a quiet weekend" in text and "more walks" in text


TIMER_PACK = """---
id: tiny
title: Tiny
order: 1
---
# Tiny

## Talk

```worksheet
id: talk
title: Talk
fields:
  - {id: turns, kind: timer, label: Speaking turns, minutes: 2}
```
"""


def timer_pack(tmp_path: Path) -> Path:
    """A lesson folder holding :data:`TIMER_PACK`."""
    folder = tmp_path / "talk"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(TIMER_PACK, encoding="utf-8")
    return folder


async def turns_on_both(
    sam: WorkbookApp, sam_pilot: Pilot[int], alex: WorkbookApp, alex_pilot: Pilot[int]
) -> tuple[TimerScreen, TimerScreen]:
    """Sam starts the speaking turns; Alex pressed nothing, and they open on his
    screen too. Sam's and Alex's turn screens."""
    from workbook.ui.screens.timer import TimerScreen

    await sam_pilot.click(".timer-start")
    await until(alex_pilot, lambda: isinstance(alex.screen, TimerScreen))
    await until(sam_pilot, lambda: isinstance(sam.screen, TimerScreen))
    sam_timer, alex_timer = sam.screen, alex.screen
    assert isinstance(sam_timer, TimerScreen) and isinstance(alex_timer, TimerScreen)
    return sam_timer, alex_timer


async def test_speaking_turns_run_on_both_screens_each_doing_their_part(
    couple_db: Path, tmp_path: Path
) -> None:
    from textual.widgets import Button, Digits

    from workbook.ui.screens.timer import TimerScreen

    folder = timer_pack(tmp_path)
    async with two_screens(couple_db, folder, "talk") as (sam, sam_pilot, alex, alex_pilot):
        sam_timer, alex_timer = await turns_on_both(sam, sam_pilot, alex, alex_pilot)
        await sam_pilot.click("#start-1")  # Sam starts, with the floor
        await until(alex_pilot, lambda: "Sam has the floor" in screen_text(alex))
        clock = alex_timer.query_one("#timer-clock", Digits)
        await until(alex_pilot, lambda: clock.value in ("02:00", "01:59"))  # the same countdown
        await sam_pilot.press("s")  # Sam ends the turn early
        await until(alex_pilot, lambda: alex_timer.phase == "mirror")
        # The listener sums up at his screen; Sam cannot type there, Alex cannot answer.
        assert sam_timer.query_one("#mirror", Input).disabled
        assert not alex_timer.query_one("#mirror", Input).disabled
        assert all(b.disabled for b in alex_timer.query("#timer-confirm Button").results(Button))
        mirror = alex_timer.query_one("#mirror", Input)
        with alex._context():
            mirror.focus()
        await until(alex_pilot, lambda: alex.focused is mirror)  # the focus, not a pause
        await write(alex_pilot, "you need rest")
        await until(sam_pilot, lambda: sam_timer.query_one("#mirror", Input).value == "you need rest")
        focused = sam.focused
        assert isinstance(focused, Button) and focused.id == "got-yes", "Sam's Enter answers"
        await sam_pilot.press("enter")  # Sam answers at his screen
        await until(alex_pilot, lambda: "Alex has the floor" in screen_text(alex))
        assert alex_timer.turns == [
            {
                "speaker": 1,
                "seconds": sam_timer.turns[0]["seconds"],
                "mirror": "you need rest",
                "confirmed": "yes",
            }
        ]
        await alex_pilot.press("escape")  # Alex finishes: both close, the record is kept
        # Alex's own turn has just begun; a second of it, on a slow machine, and he is
        # asked first (see the next test).
        await until(alex_pilot, lambda: not isinstance(alex.screen, TimerScreen))
        if isinstance(alex.screen, ConfirmScreen):
            await alex_pilot.click("#confirm-yes")
        await until(sam_pilot, lambda: not isinstance(sam.screen, TimerScreen))
        await until(alex_pilot, lambda: not isinstance(alex.screen, TimerScreen))
        await until(alex_pilot, lambda: bool(_stored_timer(couple_db)))
        assert _stored_timer(couple_db)["turns"][0]["mirror"] == "you need rest"


async def test_turns_finished_on_the_other_screen_close_this_ones_question_too(
    couple_db: Path, tmp_path: Path
) -> None:
    # Textual's dismiss pops the screen on top: with Alex's "Stop the speaking turns
    # now?" open, Sam's finishing closed the question and left Alex's turns behind, and
    # his next Esc crashed the app.
    from workbook.ui.screens.timer import TimerScreen

    folder = timer_pack(tmp_path)
    async with two_screens(couple_db, folder, "talk") as (sam, sam_pilot, alex, alex_pilot):
        sheet = alex.screen
        _, alex_timer = await turns_on_both(sam, sam_pilot, alex, alex_pilot)
        await sam_pilot.click("#start-1")
        await sam_pilot.press("s")  # Sam's turn is over: Alex is to sum it up
        await until(alex_pilot, lambda: alex_timer.phase == "mirror")
        await alex_pilot.press("escape")
        await until(alex_pilot, lambda: isinstance(alex.screen, ConfirmScreen))
        await sam_pilot.press("escape")
        await until(sam_pilot, lambda: isinstance(sam.screen, ConfirmScreen))
        await sam_pilot.click("#confirm-yes")  # Sam stops them
        await until(alex_pilot, lambda: alex.screen is sheet)
        assert not any(isinstance(s, (TimerScreen, ConfirmScreen)) for s in alex.screen_stack)
        await alex_pilot.press("escape")  # crashed here: a second dismiss of the turns
        await settle(alex_pilot)
        assert alex.is_running and alex._exception is None


def _stored_timer(db: Path) -> dict[str, object]:
    store = open_workbook(db)
    try:
        entry = store.entries("tiny", "talk")[0]
        answer = store.answers(entry.id).get(("turns", Who.SHARED))
        return answer.value if answer and isinstance(answer.value, dict) else {}
    finally:
        store.close(checkpoint=False)


async def test_an_entry_started_on_one_screen_joins_the_others_list_of_entries(
    couple_db: Path, pack: Path
) -> None:
    from textual.widgets import OptionList

    from workbook.ui.screens.history import HistoryScreen

    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        await sam_pilot.press("f3")
        await until(sam_pilot, lambda: isinstance(sam.screen, HistoryScreen))
        listing = sam.screen.query_one(OptionList)
        assert listing.option_count == 1  # "Start a new entry": both only looked, nothing made
        await type_into(alex_pilot, alex, "line", Who.SHARED, "a")
        await until(sam_pilot, lambda: listing.option_count == 2)
        with alex._context():
            alex.open_worksheet("tiny", "notes", new=True)
        await settle(alex_pilot)
        await type_into(alex_pilot, alex, "line", Who.SHARED, "b")
        await until(sam_pilot, lambda: listing.option_count == 3)


async def test_two_screens_writing_first_on_one_draft_make_one_entry(couple_db: Path, pack: Path) -> None:
    async with two_screens(couple_db, pack) as (sam, sam_pilot, alex, alex_pilot):
        # Each screen's first save makes the entry under the write lock: the second
        # finds the first's instead of making its own.
        await type_into(sam_pilot, sam, "mine", Who.FIRST, "s")
        await type_into(alex_pilot, alex, "mine", Who.SECOND, "a")
        await until(sam_pilot, lambda: stored(couple_db, "mine", Who.FIRST) == "s")
        await until(alex_pilot, lambda: stored(couple_db, "mine", Who.SECOND) == "a")
        store = open_workbook(couple_db)
        try:
            assert store.entry_count() == 1
        finally:
            store.close(checkpoint=False)
        for app in (sam, alex):
            assert isinstance(app.screen, WorksheetScreen) and app.screen.entry is not None
        assert sam.screen.entry.id == alex.screen.entry.id  # type: ignore[attr-defined]
        await until(sam_pilot, lambda: editor(sam, "mine", Who.SECOND).current() == "a")


async def test_turns_left_running_by_an_app_that_crashed_are_not_joined(
    couple_db: Path, tmp_path: Path
) -> None:
    from workbook.ui.screens.timer import LIVE_TIMER, TimerScreen

    folder = timer_pack(tmp_path)
    store = open_workbook(couple_db)
    entry = store.open_entry("tiny", "talk", repeatable=False)
    ghost = {"entry": entry.id, "field": "turns", "phase": "speaking", "instance": "gone", "rev": "x"}
    store.set_setting(LIVE_TIMER, ghost)
    store.close()
    async with two_screens(couple_db, folder, "talk") as (sam, sam_pilot, alex, alex_pilot):
        await settle(sam_pilot)
        await settle(alex_pilot)
        assert not isinstance(sam.screen, TimerScreen) and not isinstance(alex.screen, TimerScreen)


async def test_a_draft_joining_the_other_screens_entry_keeps_what_is_being_typed(
    couple_db: Path, pack: Path
) -> None:
    """Alex's first save makes the entry while Sam types in the same line of a draft.
    Alex's save was heard between Sam's key (the editor had reported "sa") and the
    screen hearing of that report, and Sam's box was replaced by Alex's version: the
    next key went nowhere (seen on CI: "sa" stored, "alex" in Sam's box)."""
    from workbook.ui.live import WorkbookChanged

    async with two_screens(couple_db, pack) as (sam, sam_pilot, _alex, _alex_pilot):
        saved_elsewhere(couple_db, "line", Who.SHARED, "alex")  # Alex's
        # No await from here to the update: nothing else of Sam's app runs between.
        with sam._context():
            typed_unheard(editor(sam, "line", Who.SHARED), "sa")
            screen = sam.screen
            assert isinstance(screen, WorksheetScreen) and screen.entry is None  # a draft
            screen._other_screen_saved(WorkbookChanged(frozenset({"entries", "answers"})))
        await settle(sam_pilot)
        assert editor(sam, "line", Who.SHARED).current() == "sa"
        assert "The other screen saved another version: alex" in screen_text(sam) or sam.screen.query(
            TheirVersion
        )


async def test_a_field_left_earlier_takes_the_other_screens_newer_answer_while_another_is_typed(
    couple_db: Path, pack: Path
) -> None:
    """Sam wrote the line and moved on; while Sam's next field waits to be saved, Alex
    changes the line. Sam is not editing it, so Alex's answer replaces it (not a "saved
    another version" bar): what the screen believes is in the file lags while anything
    is pending, and the check for typing in progress must not read that as typing."""
    from workbook.ui.live import WorkbookChanged

    async with two_screens(couple_db, pack) as (sam, sam_pilot, _alex, _alex_pilot):
        line, mine = editor(sam, "line", Who.SHARED), editor(sam, "mine", Who.FIRST)
        with sam._context():
            mine.query_one(Input).focus()  # Sam has moved on to the next field
        await until(sam_pilot, lambda: sam.focused is mine.query_one(Input))
        # No await from here to the update: nothing else of Sam's app runs between.
        with sam._context():
            screen = sam.screen
            assert isinstance(screen, WorksheetScreen)
            typed_unheard(line, "hello")
            screen._send(line, "hello")  # the line, heard ...
            screen.autosaver.flush()  # ... and saved
            screen._send(mine, "x")  # the next field, heard and waiting for its save
            assert screen.autosaver.pending
        assert stored(couple_db, "line", Who.SHARED) == "hello"
        saved_elsewhere(couple_db, "line", Who.SHARED, "bye")  # Alex's
        with sam._context():
            screen._other_screen_saved(WorkbookChanged(frozenset({"answers"})))
        await settle(sam_pilot)
        assert editor(sam, "line", Who.SHARED).current() == "bye"
        assert not sam.screen.query(TheirVersion), [(b.key, b.value) for b in sam.screen.query(TheirVersion)]
