"""Quitting never loses the last keys: Ctrl+Q right behind typing, and leaving a field.

Keys are posted to the app the way a terminal delivers one write holding several of
them: all at once, without waiting in between.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from tests import packs
from tests.conftest import new_app, ready, settle
from workbook.store import Who, open_workbook


@pytest.fixture
def tiny_pack(tmp_path: Path) -> Path:
    """One lesson, ``tiny``, with the worksheet ``notes``: a ``line`` and a ``page``."""
    return packs.tiny_pack(tmp_path / "pack", packs.NOTES)


def _answers(db: Path) -> dict[str, object]:
    store = open_workbook(db)
    try:
        entry = store.entries("tiny", "notes")[0]
        return {field: answer.value for (field, _), answer in store.answers(entry.id).items()}
    finally:
        store.close()


def _type_then_quit(app: object, text: str) -> None:
    """Post each key and Ctrl+Q in one go, as one terminal write arrives."""
    for char in text:
        app.post_message(events.Key(char, char))  # type: ignore[attr-defined]
    app.post_message(events.Key("ctrl+q", None))  # type: ignore[attr-defined]


@pytest.mark.parametrize("field", ["line", "page"])
async def test_ctrl_q_right_behind_typing_keeps_every_key(
    couple_db: Path, tiny_pack: Path, field: str
) -> None:
    app = new_app(couple_db, tiny_pack)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("tiny", "notes")
        await settle(pilot)
        if field == "page":
            await pilot.press("tab")
            await settle(pilot)
        assert app.focused is not None
        _type_then_quit(app, "hello there")
        await pilot.pause()
    assert app.return_code == 0
    assert _answers(couple_db) == {field: "hello there"}


async def test_leaving_a_field_writes_it_before_anything_else_happens(
    couple_db: Path, tiny_pack: Path
) -> None:
    app = new_app(couple_db, tiny_pack)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("tiny", "notes")
        await settle(pilot)
        await pilot.press(*"kept")
        # Tab moves focus; the answer must be in the file when the move is made,
        # not a message later (a crash 0.15 s after Tab once lost it every time).
        screen = app.screen
        screen.focus_next()
        assert _answers(couple_db) == {"line": "kept"}


async def test_an_answer_written_over_in_another_window_is_named_here(
    couple_db: Path, tiny_pack: Path
) -> None:
    from textual.notifications import Notify

    notes: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)

    app = new_app(couple_db, tiny_pack)
    async with app.run_test(size=(100, 32), message_hook=hook) as pilot:
        await ready(pilot)
        app.open_worksheet("tiny", "notes")
        await settle(pilot)
        await pilot.press(*"ours")
        app.save_everything()
        other = open_workbook(couple_db)  # the second window saves the same field
        entry = other.entries("tiny", "notes")[0]
        other.save_answers(entry.id, {("line", Who.SHARED): "theirs"})
        other.close()
        await pilot.press("tab", *"page text")
        app.save_everything()
        await settle(pilot)
    assert any("“A line” was changed in another window" in note for note in notes), notes


@pytest.mark.parametrize("field", ["line", "page"])
async def test_an_answer_longer_than_the_limit_is_never_shortened(
    couple_db: Path, tiny_pack: Path, field: str
) -> None:
    """Stored by an older version or another tool: shown whole, kept whole on quit."""
    import json
    import sqlite3

    from workbook.store import MAX_ANSWER_CHARS

    huge = "a long letter. " * (2 * MAX_ANSWER_CHARS // 15)  # twice the limit
    assert len(huge.rstrip()) > MAX_ANSWER_CHARS
    store = open_workbook(couple_db)
    entry = store.new_entry("tiny", "notes")
    store.close()
    conn = sqlite3.connect(couple_db)  # as another tool would write it, past our limit
    conn.execute("INSERT INTO answers VALUES (?, ?, 0, ?, 't')", [entry.id, field, json.dumps(huge.rstrip())])
    conn.commit()
    conn.close()
    app = new_app(couple_db, tiny_pack)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("tiny", "notes", entry_id=entry.id)
        await settle(pilot)
        app.save_everything()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert _answers(couple_db)[field] == huge.rstrip(), "not one character lost"
