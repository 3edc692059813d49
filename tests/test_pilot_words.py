"""Small words that must be right: a message about a problem that is gone, and boxes
told apart by shape in every dialog."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, RadioButton, Static

from tests.conftest import new_app, ready, screen_text, settle
from workbook.ui.screens.export import ExportScreen
from workbook.ui.widgets.toggles import DOT, TICK


async def test_please_enter_a_name_goes_once_a_name_is_typed(db_path: Path) -> None:
    app = new_app(db_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.click("#start")
        await pilot.pause()
        error = app.screen.query_one("#onboarding-error", Static)
        assert error.display and "Please enter a name" in str(error.render())
        await pilot.click("#first")
        await pilot.press("K")
        await pilot.pause()
        assert not error.display and "Please enter a name" not in screen_text(app)
        assert app.screen.query_one("#first", Input).value == "K"


async def test_the_export_dialog_shows_ticked_and_chosen_in_shape(couple_db: Path, tmp_path: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one(Checkbox)
        unticked = str(box.render())
        box.value = True
        await pilot.pause()
        assert TICK in str(box.render()) and TICK not in unticked
        chosen = app.screen.query(RadioButton).first()
        assert chosen.value and DOT in str(chosen.render())


async def test_who_speaks_first_offers_the_partners_by_name(couple_db: Path) -> None:
    from workbook.ui.widgets.fields import FieldEditor

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")
        await settle(pilot)
        editor = next(e for e in app.screen.query(FieldEditor) if e.field.label == "Who speaks first")
        labels = [str(button.label) for button in editor.query(RadioButton)]
        assert labels == ["Sam", "Alex"], labels


async def test_a_tick_on_a_reworded_option_is_kept_until_unticked(couple_db: Path) -> None:
    """An option the lesson no longer offers (reworded in a new edition) stays ticked,
    shown as such; ticking something else never drops it unseen."""
    from textual.widgets import SelectionList

    from workbook.store import Who, open_workbook
    from workbook.ui.widgets.fields import FieldEditor

    store = open_workbook(couple_db)
    entry = store.new_entry("seek-help", "stuck-check")
    old = "One of us seeks comfort elsewhere"  # the first edition's wording
    store.save_answers(entry.id, {("signs", Who.SHARED): [old]})
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.open_worksheet("seek-help", "stuck-check", entry_id=entry.id)
        await settle(pilot)
        editor = next(e for e in app.screen.query(FieldEditor) if e.field.id == "signs")
        ticks = editor.query_one(SelectionList)
        assert old in ticks.selected
        assert "no longer offered" in screen_text(app)
        ticks.select(editor.field.options[0])
        await pilot.pause()
        app.save_everything()
    store = open_workbook(couple_db)
    try:
        kept = store.answers(entry.id)[("signs", Who.SHARED)].value
    finally:
        store.close()
    assert kept == [editor.field.options[0], old]


SUMS = """---
id: sums
title: Sums
---
## Our sums

```worksheet
id: sums
title: Our sums
fields:
  - {id: price, kind: number, label: Price}
  - {id: tip, kind: number, label: Tip}
  - {id: people, kind: number, label: People, default: 5}
```
"""


async def test_numbers_are_kept_as_typed_on_screen_and_in_the_export(couple_db: Path, tmp_path: Path) -> None:
    """Issue 13: "12,50" was refused and "12.50" came back as 12.5. Both are kept as
    typed: in the field after the app is closed and opened again, and in the export."""
    from tests.conftest import until
    from workbook.content import load_pack
    from workbook.export.files import documents
    from workbook.store import open_workbook
    from workbook.ui.widgets.fields import FieldEditor

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01-sums.md").write_text(SUMS, encoding="utf-8")

    async def open_sums(app, pilot):  # type: ignore[no-untyped-def]
        await ready(pilot)
        app.open_worksheet("sums", "sums")
        await settle(pilot)
        editors = {e.field.id: e for e in app.screen.query(FieldEditor)}
        return [editors[name].query_one(Input) for name in ("price", "tip", "people")]

    app = new_app(couple_db, lessons)
    async with app.run_test(size=(100, 32)) as pilot:
        price, tip, people = await open_sums(app, pilot)
        assert people.value == "5", "the default"
        people.value = "5.0"  # the same number as the default, typed otherwise: kept as typed
        price.focus()
        await until(pilot, lambda: app.focused is price)
        await pilot.press(*"12,50")  # typed: the comma gets through the field's filter
        tip.value = "12.50"
        await settle(pilot)
        assert price.value == "12,50"
        assert not any(error.display for error in app.screen.query(".field-error"))
        app.save_everything()
    app = new_app(couple_db, lessons)
    async with app.run_test(size=(100, 32)) as pilot:
        price, tip, people = await open_sums(app, pilot)
        assert (price.value, tip.value, people.value) == ("12,50", "12.50", "5.0")
        shown = screen_text(app)
        assert "12,50" in shown and "12.50" in shown
    store = open_workbook(couple_db)
    try:
        (doc,) = documents(store, load_pack(lessons), drafts=True)
    finally:
        store.close()
    assert "## Price\n\n12,50\n" in doc.text and "## Tip\n\n12.50\n" in doc.text
    assert "## People\n\n5.0\n" in doc.text
