"""Work done once, not again on every key, open or switch: each test counts the work
(footer rebuilds, DOM queries, store queries) that benchmarks/interaction.py found
repeated, so a change that brings it back fails here rather than only in a timing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from tests.conftest import focus, new_app, open_check_in, ready, settle, until
from workbook.store import Who
from workbook.ui.messages import OpenWorksheet
from workbook.ui.screens.history import HistoryScreen
from workbook.ui.screens.main import MainScreen
from workbook.ui.screens.worksheet import WorksheetScreen
from workbook.ui.widgets.fields import LongEditor
from workbook.ui.widgets.footer import Footer


async def open_entries(app: Any, pilot: Any) -> None:
    """F3 on the open worksheet, once its list of entries has settled."""
    await pilot.press("f3")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
    await settle(pilot, 5)


async def test_a_worksheet_round_builds_its_footer_only_when_composed(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open, F3, Esc, Esc: the worksheet's footer is built when composed and never
    again. Textual asks for a rebuild on every binding change (a screen suspended under
    another, resumed, its first focus), and each one mounted and styled every key
    again: 7 a round; then 1, while the first compose drew no keys."""
    built: list[str] = []
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        built.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        for _ in range(2):
            built.clear()
            await open_check_in(app, pilot)
            await open_entries(app, pilot)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, WorksheetScreen))
            await settle(pilot, 5)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen))
            await settle(pilot, 5)
            assert built == [], built


async def test_the_footer_still_follows_a_change_of_keys(couple_db: Path) -> None:
    """A rebuild skipped only when nothing changed: a narrower screen drops keys."""
    app = new_app(couple_db)
    async with app.run_test(size=(160, 32)) as pilot:
        await ready(pilot)
        footer = app.screen.query_one(Footer)
        wide = len(footer.children)
        await pilot.resize_terminal(60, 32)
        await until(pilot, lambda: len(footer.children) < wide)


async def test_typing_in_an_answer_looks_up_the_editors_only_when_it_empties_or_fills(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key used to run the completion line again, a DOM query of every editor:
    two of seven milliseconds a key in a 50 KB answer."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.post_message(OpenWorksheet("communication", "i-statements"))
        await until(pilot, lambda: isinstance(app.screen, WorksheetScreen))
        await settle(pilot, 5)
        screen = app.screen
        assert isinstance(screen, WorksheetScreen)
        editor = next(e for e in screen.query(LongEditor) if e.field.id == "notes")
        area = editor.query_one(TextArea)
        await focus(pilot, area)
        lookups: list[int] = []
        editors = WorksheetScreen.editors

        def counted(self: WorksheetScreen) -> Any:
            lookups.append(1)
            return editors(self)

        monkeypatch.setattr(WorksheetScreen, "editors", counted)
        await pilot.press("a")  # empty to answered: the line is worked out again
        await until(pilot, lambda: editor.last_value == "a")
        assert len(lookups) == 1
        for key in "bcdef":
            await pilot.press(key)
        await until(pilot, lambda: editor.last_value == "abcdef")
        assert len(lookups) == 1, "no lookup while the answer stays answered"
        for _ in range(6):
            await pilot.press("backspace")
        await until(pilot, lambda: not editor.last_value)
        assert len(lookups) == 2, "answered to empty: worked out again"


async def test_a_key_in_a_long_answer_is_handed_up_no_further_than_it_is_used(couple_db: Path) -> None:
    """The caret's move went up through the row, the sheet, the screen and the app, and
    the edit on to the app after the screen had saved it: five dispatches a key that
    nothing used (2.5 % of a key in a 50 KB answer)."""
    from textual.message import Message

    from workbook.ui.widgets.fields import FieldEditor

    seen: list[Message] = []
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        await ready(pilot)
        app.post_message(OpenWorksheet("communication", "i-statements"))
        await until(pilot, lambda: isinstance(app.screen, WorksheetScreen))
        await settle(pilot, 5)
        editor = next(e for e in app.screen.query(LongEditor) if e.field.id == "notes")
        await focus(pilot, editor.query_one(TextArea))
        await settle(pilot)
        seen.clear()
        await pilot.press("a")
        await until(pilot, lambda: editor.last_value == "a")
        await settle(pilot)
        moves = [m for m in seen if isinstance(m, TextArea.SelectionChanged)]
        edits = [m for m in seen if isinstance(m, FieldEditor.Changed)]
        assert len(moves) == 2  # the text area's own, then its editor's (which stops it)
        # The editor, the row, the sheet, the screen (which saves it and stops it).
        assert len(edits) == 4


async def test_the_presence_line_reads_the_names_once(couple_db: Path) -> None:
    """Every change of place (each tab switch) redraws the presence line; the names
    come from the store once, not from a query each time."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.live is not None)
        live = app.live
        assert live is not None and app.store is not None
        asked: list[int] = []
        couple = app.store.couple

        def counted() -> Any:
            asked.append(1)
            return couple()

        app.store.couple = counted  # type: ignore[method-assign]
        for _ in range(5):
            live.show_presence()
        assert len(asked) <= 1
        live.changed(frozenset({"couple"}))  # renamed by another program: read again
        live.show_presence()
        assert len(asked) <= 2 and live._couple is not None


async def test_who_reads_says_who_reads_now(couple_db: Path) -> None:
    """``w`` in a scrolled lesson: the line saying who reads is out of sight, so a
    notice says it, as ``r`` does for the section marked."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        said = lambda: [n.message for n in app._notifications]  # noqa: E731
        await pilot.press("w")
        await until(pilot, lambda: "Reading: Sam alone" in said())
        await pilot.press("w")
        await until(pilot, lambda: "Reading: Alex alone" in said())
        await pilot.press("w")
        await until(pilot, lambda: "Reading together" in said())
        assert app.reading_as is Who.SHARED


@pytest.mark.parametrize("size", [(100, 32), (80, 24)])
async def test_opening_a_worksheet_restyles_it_once(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The answering-as classes were put on the screen once it was up, and each one
    restyled the whole worksheet again (27 of 29 ms of its on_mount); now they are
    there before its first styling, and setting them on mount changes nothing."""
    from textual.app import App

    restyled: list[object] = []
    in_partner = [False]
    update_styles = App.update_styles
    show_partner = WorksheetScreen._show_partner

    def counted_update(self: App[Any], node: Any = None, animate: bool = True) -> None:
        if in_partner[0]:
            restyled.append(node)
        update_styles(self, node, animate)

    def watched(self: WorksheetScreen) -> None:
        in_partner[0] = True
        try:
            show_partner(self)
        finally:
            in_partner[0] = False

    monkeypatch.setattr(App, "update_styles", counted_update)
    monkeypatch.setattr(WorksheetScreen, "_show_partner", watched)
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = await open_check_in(app, pilot)
        assert restyled == []
        assert screen.has_class("-as-p1") and screen.has_class("-narrow") is (size[0] < 100)
        if size[0] < 100:  # switching partner still restyles: the classes do change
            await pilot.press("f4")
            await until(pilot, lambda: screen.has_class("-as-p2"))
            assert restyled


async def test_the_history_list_is_measured_once_per_fill(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F3 added its entries one by one, and each one measured the list again and
    resized its scroll area: 526 times on ten years of weekly check-ins."""
    from textual.widgets import OptionList

    from workbook.store import open_workbook

    store = open_workbook(couple_db)
    try:
        for _ in range(30):
            store.new_entry("communication", "daily-check-in")
    finally:
        store.close()
    measured: list[int] = []
    add_options = OptionList.add_options

    def counted(self: OptionList, options: Any) -> OptionList:
        if self.id == "history-list":
            measured.append(1)  # each call measures the new lines and resizes the list
        return add_options(self, options)

    monkeypatch.setattr(OptionList, "add_options", counted)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await open_check_in(app, pilot)
        await open_entries(app, pilot)
        listing = app.screen.query_one("#history-list", OptionList)
        assert listing.option_count == 31  # "+ Start a new entry" and the 30 entries
        assert len(measured) <= 2, measured  # the empty list made in compose, then the fill


async def test_saving_while_typing_lays_out_nothing(couple_db: Path) -> None:
    """Every autosave flips the worksheet's "Saving…" / "Saved" line, a few times a
    second while a person types. The line is docked and one row high: updating it
    asked Textual for a layout of the whole screen each time (about 10 ms on a long
    worksheet); it is only repainted now."""
    from textual.widgets import Static

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        sheet = await open_check_in(app, pilot)
        line = sheet.query_one("#save-state", Static)
        layouts: list[str] = []
        refresh = line.refresh

        def counted(*regions: Any, layout: bool = False, **kwargs: Any) -> Any:
            if layout:
                layouts.append(str(line.render()))
            return refresh(*regions, layout=layout, **kwargs)

        line.refresh = counted  # type: ignore[method-assign]
        whole: list[str] = []
        sheet_refresh = sheet.refresh

        def sheet_counted(*regions: Any, **kwargs: Any) -> Any:
            whole.append("screen")
            return sheet_refresh(*regions, **kwargs)

        sheet.refresh = sheet_counted  # type: ignore[method-assign]
        for state in ("Saving…", "Saved", "Saving…", "Saved"):
            sheet.save_state = state
            await pilot.pause()
        assert str(line.render()) == "Saved"
        assert layouts == [], "the save line asked for a layout"
        # Nor is the whole screen repainted (every widget on it rendered again, a few
        # times a second while typing): the reactive repainted it on each change.
        assert whole == []


async def test_opening_a_worksheet_styles_and_lays_it_out_once(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open restyled the whole sheet three times after its first styling (Textual's
    first focus on the scrolling sheet, the move on to the first field, the screen's
    first resume) and laid the screen out four times (its first resume, the Resize that
    layout sent it, the mount's own, then the footer's): ~110 ms of a 325 ms open."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Input

    restyled: list[str] = []
    laid_out: list[str] = []
    update_styles, refresh_layout = App.update_styles, Screen._refresh_layout

    def counted_update(self: App[Any], node: Any = None, animate: bool = True) -> None:
        if node is not None and sum(1 for _ in node.walk_children(with_self=True)) > 5:
            restyled.append(repr(node))
        update_styles(self, node, animate)

    def counted_layout(self: Screen[Any], size: Any = None, scroll: bool = False) -> None:
        laid_out.append(type(self).__name__)
        refresh_layout(self, size, scroll)

    monkeypatch.setattr(App, "update_styles", counted_update)
    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await settle(pilot, 5)
        restyled.clear()
        laid_out.clear()
        screen = await open_check_in(app, pilot)
        assert restyled == []
        assert laid_out.count("WorksheetScreen") <= 3 and "MainScreen" not in laid_out, laid_out
        # The cursor still starts in the first thing to fill in, with the top in view.
        assert isinstance(screen.focused, Input) and screen.query_one("#sheet").scroll_y == 0


async def test_the_history_list_is_never_measured_by_wrapping_every_entry(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An auto-height list is measured by wrapping every option's text, on each layout:
    three times an open, 1,600 options on ten years of weekly check-ins. Its height is
    set from the lines its options are made with (one, or two with a preview), and the
    list still shows exactly those lines: on a short history, every one of them."""
    from textual.widgets import OptionList

    from workbook.store import open_workbook

    store = open_workbook(couple_db)
    try:
        for n in range(3):
            entry = store.new_entry("communication", "daily-check-in")
            if n:  # two with a preview line, one without
                store.save_answers(entry.id, {("said", Who.FIRST): f"[b]not bold[/] {n}"})
    finally:
        store.close()
    measured: list[int] = []
    content_height = OptionList.get_content_height

    def counted(self: OptionList, container: Any, viewport: Any, width: int) -> int:
        measured.append(self.option_count)
        return content_height(self, container, viewport, width)

    monkeypatch.setattr(OptionList, "get_content_height", counted)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await open_check_in(app, pilot)
        measured.clear()
        await open_entries(app, pilot)
        listing = app.screen.query_one("#history-list", OptionList)
        assert measured == []
        # "+ Start a new entry", then 3 entries: 1 + 2 + 2 + 1 lines, all in view.
        assert listing.virtual_size.height == 6
        assert listing.scrollable_content_region.height == 6
        # The couple's words are shown as written, brackets and all.
        assert "[b]not bold[/] 2" in str(listing.get_option_at_index(1).prompt)


async def test_home_is_not_restyled_on_its_first_frame(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home's screen has the worksheet's FullScreen base: its first resume restyled all
    of it again, though every node was styled as it mounted (a share of start-up)."""
    from textual.app import App

    restyled: list[str] = []
    update_styles = App.update_styles

    def counted(self: App[Any], node: Any = None, animate: bool = True) -> None:
        if isinstance(node, MainScreen):
            restyled.append(repr(node))
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", counted)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await settle(pilot, 3)
        assert restyled == []
