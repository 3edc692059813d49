"""Exporting from the app, driven as a person would: F5 or the palette, the dialog, the files."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from textual.command import CommandInput
from textual.widgets import Button, Checkbox, Input, RadioButton

from tests.conftest import (
    FIXED_NOW,
    LESSON_ORDER,
    LESSONS,
    Notifications,
    focused_on,
    ready,
    screen_text,
    settle,
    until,
)
from workbook.content import load_pack
from workbook.store import Who, open_workbook
from workbook.store.demo import make_demo
from workbook.ui.app import make_app
from workbook.ui.screens.dialogs import ConfirmScreen
from workbook.ui.screens.export import ExportScreen
from workbook.ui.screens.worksheet import WorksheetScreen


def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    make_demo(path, load_pack(LESSONS), today=date(2026, 11, 25)).close()
    return path


def app_for(db: Path, folder: Path):  # type: ignore[no-untyped-def]
    return make_app(db, LESSONS, now=FIXED_NOW, cursor_blink=False, export_dir=folder)


async def test_export_an_entry_from_its_worksheet_and_ask_before_replacing(tmp_path: Path) -> None:
    db, folder = demo_db(tmp_path), tmp_path / "out"
    app, notes = app_for(db, folder), Notifications()
    async with app.run_test(size=(100, 32), message_hook=notes) as pilot:
        await ready(pilot)
        store = open_workbook(db)
        entry = next(e for e in store.entries("communication", "daily-check-in") if e.done)
        store.close()
        app.open_worksheet("communication", "daily-check-in", entry_id=entry.id)
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        labels = [str(b.label) for b in app.screen.query(RadioButton)]
        assert labels[0].startswith("This entry (") and "Every entry of “Daily check-in”" in labels[1]
        assert labels[2] == "The whole lesson “Talking so you are heard”" and labels[3].startswith(
            "Everything"
        )
        assert app.screen.query_one(Input).value == str(folder)
        await focused_on(pilot, "export-go")
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
        files = list(folder.iterdir())
        assert len(files) == 1 and files[0].name.startswith("daily-check-in-")
        assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        text = files[0].read_text(encoding="utf-8")
        assert text.startswith("# Daily check-in\n") and "Sam and Alex" in text
        assert [(n.title, n.message) for n in notes.posted] == [("Exported", f"1 file in {folder}")]

        # Again: the file exists, so the app asks; the safe answer leaves it alone.
        files[0].write_text("our own notes", encoding="utf-8")
        await pilot.press("f5")
        await focused_on(pilot, "export-go")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "already exists" in screen_text(app)
        await focused_on(pilot, "confirm-no")  # the safe answer is the default
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "Nothing was written" in screen_text(app)
        assert files[0].read_text(encoding="utf-8") == "our own notes"
        # Now replace it on purpose.
        await focused_on(pilot, "export-go")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
        assert files[0].read_text(encoding="utf-8") == text


async def test_export_everything_from_the_palette_with_drafts(tmp_path: Path) -> None:
    db, folder = demo_db(tmp_path), tmp_path / "docs" / "Reconnect exports"
    app = app_for(db, folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(CommandInput).value = "Export everything"  # the search, not the keys
        await settle(pilot, 6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert [str(b.label) for b in app.screen.query(RadioButton)] == ["Everything: every lesson"]
        app.screen.query_one(Checkbox).value = True
        # Pressed through its message, not focus() then Enter: a programmatic focus can
        # land after the key, which then reaches (and untoggles) the Checkbox instead.
        app.screen.query_one("#export-go", Button).press()
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == len(LESSON_ORDER), names  # the sample has entries in every lesson
    assert " · draft · " in "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())


async def test_nothing_to_export_and_an_unwritable_folder_get_a_message(
    tmp_path: Path, couple_db: Path
) -> None:
    # A file where a folder should be: unwritable even for root (CI may run as root).
    locked = tmp_path / "locked"
    locked.write_text("a file, not a folder", encoding="utf-8")
    app = app_for(couple_db, locked / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await focused_on(pilot, "export-go")
        await pilot.press("enter")
        await until(pilot, lambda: "Nothing to export yet" in screen_text(app))
        assert isinstance(app.screen, ExportScreen)
        # A draft answer, exported with drafts ticked, into a folder that cannot be made.
        store = open_workbook(couple_db)
        entry = store.new_entry("communication", "daily-check-in")
        store.save_answers(entry.id, {("said", Who.FIRST): "hello"})
        store.close()
        app.screen.query_one(Checkbox).value = True
        # Pressed through its message, not focus() then Enter: a programmatic focus can
        # land after the key, which then reaches (and untoggles) the Checkbox instead.
        app.screen.query_one("#export-go", Button).press()
        await until(pilot, lambda: "Cannot write" in str(app.screen.query_one("#export-status").render()))
        assert isinstance(app.screen, ExportScreen), "the dialog stays open to choose another folder"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert locked.read_text(encoding="utf-8") == "a file, not a folder"


async def test_a_private_turn_cannot_be_exported(tmp_path: Path, couple_db: Path) -> None:
    app, notes = app_for(couple_db, tmp_path / "out"), Notifications()
    async with app.run_test(size=(100, 32), message_hook=notes) as pilot:
        await ready(pilot)
        app.open_worksheet("finances", "money-story")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, WorksheetScreen)
        assert any("once you have both revealed" in m for m in notes.messages), notes.messages


async def test_this_entry_of_a_worksheet_only_looked_at_has_nothing_to_export(
    tmp_path: Path, couple_db: Path
) -> None:
    out = tmp_path / "out"
    app = app_for(couple_db, out)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")  # a draft: nothing made yet
        await settle(pilot)
        await pilot.press("f5")
        await focused_on(pilot, "export-go")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.scopes[0].label == "This entry (25 November 2026)"
        app.screen.query_one(Checkbox).value = True  # drafts too: still nothing written in it
        app.screen.query_one("#export-go", Button).press()
        await until(pilot, lambda: "nothing has been written here" in screen_text(app))
        assert not out.exists(), "no file, not even a title alone"
    store = open_workbook(couple_db)
    try:
        assert store.entry_count() == 0, "exporting a draft does not make it"
    finally:
        store.close()
