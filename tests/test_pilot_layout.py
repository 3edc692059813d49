"""Layout at every size: the tab bar, the footer, the keys panel, list fields.

Each test runs the app at a fixed terminal size and asserts on what is laid out,
never on timing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, Tabs

from tests.conftest import LESSONS, new_app, ready, screen_text, settle, small_pack
from workbook.ui.screens import main as main_screen
from workbook.ui.screens.main import MainScreen
from workbook.ui.widgets.compound import ListEditor, ListRow, table_width

#: Extra lessons a pack of nine gets if the shipped pack has fewer (long tab names on purpose).
EXTRA = [("closeness-x", "Closeness"), ("intimacy-x", "Affection")]


def nine_lessons(tmp_path: Path) -> Path:
    """A lesson folder with nine lessons: the shipped ones' tabs and titles (short
    bodies: only the tab bar matters here), topped up with small ones."""
    folder = small_pack(tmp_path / "nine")
    count = len(list(folder.glob("*.md")))
    for order, (lesson_id, tab) in enumerate(EXTRA[: max(0, 9 - count)], start=90):
        (folder / f"{order}-{lesson_id}.md").write_text(
            f"---\nid: {lesson_id}\ntitle: A lesson about {tab.lower()}\ntab: {tab}\nminutes: 3\n"
            f"order: {order}\nsummary: A short lesson.\n---\n# A lesson about {tab.lower()}\n\n"
            "## First\n\nSome words to read.\n",
            encoding="utf-8",
        )
    assert len(list(folder.glob("*.md"))) >= 9
    return folder


def _visible(tabs: Tabs, pane: str) -> bool:
    """True when a tab is drawn whole inside the tab bar."""
    tab = tabs.query_one(f"#--content-tab-{pane}")
    scroll = tabs.query_one("#tabs-scroll")
    return tab.region.x >= scroll.region.x and tab.region.right <= scroll.region.right


# At 160x48 every tab is named and drawn whole whichever is current:
# test_wide_tab_bar_names_every_lesson.
@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_every_tab_is_reachable_and_the_current_one_always_visible(
    tmp_path: Path, couple_db: Path, size: tuple[int, int]
) -> None:
    app = new_app(couple_db, nine_lessons(tmp_path))
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and len(main.pack.infos) == 9
        tabs = main.query_one(TabbedContent)
        bar = tabs.query_one(Tabs)
        for number, info in enumerate(main.pack.infos, start=1):
            await pilot.press(str(number))
            await settle(pilot)
            pane = f"lesson-{info.id}"
            assert tabs.active == pane
            # Every tab fits at once (nothing cut), and the current one shows its name.
            for tab in bar.query("Tab"):
                assert _visible(bar, str(tab.id).removeprefix("--content-tab-")), tab.id
            label = tabs.get_tab(pane).label.plain
            assert label.startswith(f"{number} {info.tab}"), label
        await pilot.press("0")
        await settle(pilot)
        assert tabs.active == "home-pane"
        text = screen_text(app).splitlines()[1]
        assert "Home" in text and all(str(n) in text for n in range(1, 10))


async def test_wide_tab_bar_names_every_lesson(tmp_path: Path, couple_db: Path) -> None:
    app = new_app(couple_db, nine_lessons(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        tabs = main.query_one(TabbedContent)
        bar = tabs.query_one(Tabs)
        for number, info in enumerate(main.pack.infos, start=1):
            assert tabs.get_tab(f"lesson-{info.id}").label.plain.startswith(f"{number} {info.tab}")
        # Named, every tab fits at once: no current tab needs room another gives up.
        for tab in bar.query("Tab"):
            assert _visible(bar, str(tab.id).removeprefix("--content-tab-")), tab.id
        await pilot.press("9")
        await settle(pilot)
        assert tabs.active == f"lesson-{main.pack.infos[-1].id}"
        for tab in bar.query("Tab"):
            assert _visible(bar, str(tab.id).removeprefix("--content-tab-")), tab.id


def _footer_fits(app: object) -> list[str]:
    """The footer keys drawn, after checking none is cut or hidden under the palette key."""
    from textual.app import App
    from textual.widgets._footer import FooterKey

    assert isinstance(app, App)
    footer = app.screen.query_one("Footer")
    keys = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
    palette = footer.query_one(".-command-palette")
    for key in keys:
        assert key.region.width > 0, f"{key.description} is not drawn"
        assert key.region.right <= palette.region.x, f"{key.description} runs under the palette key"
        shown = cell_len(key.key_display) + 1 + cell_len(key.description)
        assert key.region.width >= shown, f"{key.description} is cut"
    return [key.description for key in keys]


async def test_the_footer_fits_80_columns_on_every_screen(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        shown = _footer_fits(app)
        assert "Keys" in shown and "Quit" in shown
        await pilot.press("1")
        await settle(pilot, 5)
        shown = _footer_fits(app)
        assert "Mark read" in shown and "Keys" in shown and "Quit" in shown
        app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        shown = _footer_fits(app)
        assert shown[:2] == ["Back", "Done"] and "Keys" in shown and "Quit" in shown
        await pilot.press("f6")
        await settle(pilot)
        assert "Keys" in _footer_fits(app)


async def test_the_keys_panel_leaves_the_footer_and_the_page_alone(couple_db: Path) -> None:
    from textual.widgets import HelpPanel

    app = new_app(couple_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = app.screen.query_one("#sheet")
        width = sheet.size.width
        await pilot.press("f1")
        await settle(pilot)
        panel = app.screen.query_one(HelpPanel)
        footer = app.screen.query_one("Footer")
        assert panel.region.bottom <= footer.region.y, "the panel overlaps the footer"
        assert footer.region.width == 80
        assert panel.region.width >= 40, "the panel is a narrow column"
        assert sheet.size.width == width, "the page is squeezed beside the panel"
        _footer_fits(app)


def _list_worksheets() -> list[tuple[str, str]]:
    """(lesson id, worksheet id) of every shipped worksheet with a list field."""
    from workbook.content import load_pack

    return [
        (lesson.id, worksheet.id)
        for lesson in load_pack(LESSONS).usable_lessons()
        for worksheet in lesson.worksheets
        if any(field.kind == "list" for field in worksheet.fields)
    ]


#: The sizes the list test goes through in one app (one start and one mount of its
#: worksheet instead of three): it starts at the 80x24 minimum, grows to 160x48 and
#: shrinks to 100x32, so a list that changes between forms and a table does both ways.
#: Apps started at 80x24 and 160x48 with a list: the snapshots of test_local_services_list.
LIST_SIZES = [(80, 24), (160, 48), (100, 32)]


def test_the_shipped_lessons_have_list_fields() -> None:
    assert _list_worksheets(), "test_no_list_cell_breaks_a_word has lists to check"


# One test per worksheet, so that the test processes share them out.
@pytest.mark.parametrize(("lesson_id", "worksheet_id"), _list_worksheets())
async def test_no_list_cell_breaks_a_word(couple_db: Path, lesson_id: str, worksheet_id: str) -> None:
    """Every list of every lesson: headings, cells, values and options fit whole, at
    every size; too narrow for the table, the rows become label / value forms."""
    from textual.widgets import Input, Select

    widths: dict[tuple[int, int], list[int]] = {size: [] for size in LIST_SIZES}
    app = new_app(couple_db)
    async with app.run_test(size=LIST_SIZES[0]) as pilot:
        await ready(pilot)
        app.open_worksheet(lesson_id, worksheet_id)
        await settle(pilot)
        longest: dict[ListEditor, list[str]] = {}
        for editor in app.screen.query(ListEditor):
            longest[editor] = []
            for select in editor.query(Select):
                # The longest option as shown (a {first} option shows a name).
                options = select._options
                pairs = [(str(prompt), value) for prompt, value in options if value != Select.NULL]
                shown, value = max(pairs, key=lambda pair: cell_len(pair[0]))
                select.value = value
                longest[editor].append(shown)
            for cell in editor.query(Input):
                cell.value = "Appointments-on-Thursdays"  # longer than any cell: scrolls, never wraps
        for size in LIST_SIZES:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            for editor, options in longest.items():
                _check_list(app, editor, options, f"{worksheet_id} at {size}")
                widths[size].append(editor.size.width)
                editor.scroll_visible(top=True, animate=False)
                await settle(pilot)
                first = editor.query(Select).first() if options else None
                if first is not None and first.region.bottom <= size[1] - 1:
                    assert options[0] in screen_text(app), f"{worksheet_id} at {size}"
    assert widths[(80, 24)] and all(
        narrow < wide for narrow, wide in zip(widths[(80, 24)], widths[(160, 48)], strict=True)
    ), "the resizes reach the lists"


def _check_list(app: object, editor: ListEditor, longest: list[str], where: str) -> None:
    """Headings, cells, values and the longest options of ``editor`` fit whole, as a
    table where the table fits and as label / value forms where it does not."""
    from textual.widgets import Label, Select

    table = table_width(editor.field.columns, app.screen.couple)  # type: ignore[attr-defined]
    assert editor.stacked == (editor.size.width < table), where
    assert editor.query_one(".list-header").display != editor.stacked, where
    for row in editor.query(ListRow):
        assert row.region.right <= editor.content_region.right, f"a row is cut: {where}"
        for label in row.query(".cell-label" if editor.stacked else "Nothing"):
            assert isinstance(label, Label)
            assert label.size.width >= cell_len(str(label.render())), where
        for cell in row.query(".cell"):
            assert cell.size.height == 1, f"{cell.name} wraps: {where}"
    if not editor.stacked:
        for heading in editor.query(".list-heading"):
            assert isinstance(heading, Label)
            text = str(heading.render())
            assert heading.size.width >= cell_len(text), f"heading {text!r} cut: {where}"
    for select, option in zip(editor.query(Select), longest, strict=True):
        shown = select.query_one("SelectCurrent #label")
        assert shown.size.width >= cell_len(option), f"{option!r} cut: {where}"
        # The dropdown is as wide as the picker, less its border and padding.
        assert select.size.width - 4 >= cell_len(option), f"{option!r} wraps in the dropdown"


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_history_previews_stay_on_one_line(couple_db: Path, size: tuple[int, int]) -> None:
    from datetime import date

    from textual.widgets import OptionList

    from workbook.store import Who, open_workbook
    from workbook.ui.screens.history import HistoryScreen

    store = open_workbook(couple_db)
    for day in (2, 9):
        entry = store.new_entry("communication", "daily-check-in", date(2026, 11, day))
        store.save_answers(entry.id, {("said", Who.FIRST): "I felt unheard about the weekend plans " * 4})
    store.close()
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        listing = app.screen.query_one(OptionList)
        # A line per option line: the day, and the preview where there is one.
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert listing.virtual_size.height == sum(1 + prompt.count("\n") for prompt in prompts)
        previews = [line for line in screen_text(app).splitlines() if "I felt unheard" in line]
        assert len(previews) == 2 and all("…" in line for line in previews)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_lesson_prose_keeps_a_reading_measure(couple_db: Path, size: tuple[int, int]) -> None:
    from workbook.ui.widgets.lesson_view import LessonSection, LessonView

    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        sections = list(view.query(LessonSection))
        assert sections
        room = view.scrollable_content_region
        for section in sections:
            assert section.size.width <= 80, "lines of about 76 characters at most"
            if room.width > 80:
                left = section.region.x - room.x
                right = room.right - section.region.right
                assert abs(left - right) <= 1, "the text is centered on a wide terminal"
            else:
                assert section.size.width == room.width, "a narrow terminal uses every column"


@pytest.mark.parametrize(("size", "side"), [((80, 24), False), ((100, 32), False), ((160, 48), True)])
async def test_home_uses_a_wide_terminal(couple_db: Path, size: tuple[int, int], side: bool) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        column = screen.query_one("#home-side")
        assert column.display == side
        if side:
            listing = screen.query_one("#lesson-list")
            assert column.region.x >= listing.region.right, "beside the lesson list"
            text = screen_text(app)
            assert "Where you are" in text and "Coming up" in text
            assert not screen.query_one("#home-last").display, "not said twice"


async def test_a_worksheet_keeps_a_readable_measure_on_a_wide_terminal(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        app.open_worksheet("communication", "daily-check-in")  # type: ignore[attr-defined]
        await settle(pilot)
        sheet = app.screen.query_one("#sheet")
        room = sheet.scrollable_content_region
        rows = list(app.screen.query(".field-row"))
        assert rows
        for row in rows:
            assert row.size.width <= 120
            assert abs((row.region.x - room.x) - (room.right - row.region.right)) <= 1, "centered"


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 48)])
async def test_every_lesson_on_home_is_shown_whole(couple_db: Path, size: tuple[int, int]) -> None:
    # At 80x24 the list used to count each lesson's lines before its scrollbar came and
    # draw them after, two columns narrower: lesson 4's summary lost its last line.
    app = new_app(couple_db)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        listing = app.screen.query_one("#lesson-list", OptionList)
        infos = app.pack.infos  # type: ignore[union-attr]
        first = listing.option_count - len(infos)  # after "Continue"
        for index, info in enumerate(infos, start=first):
            listing.highlighted = index  # scrolled into view, whole
            await settle(pilot)
            rows = " ".join(listing.render_line(y).text.strip() for y in range(listing.size.height))
            assert " ".join(info.summary.split()) in " ".join(rows.split()), info.title


async def test_home_draws_each_lesson_once_for_a_width(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's OptionList drops its drawings on every Resize, also the one that comes
    # as it is first laid out, handled after the first frame: Home drew every lesson
    # twice as it started.
    drawn: Counter[tuple[tuple[str, ...], Style, int]] = Counter()
    real = Visual.to_strips.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Visual], widget: Widget, visual: Visual, width: int, *args: Any, **kw: Any) -> Any:
        strips = real(cls, widget, visual, width, *args, **kw)
        if widget.id == "lesson-list":
            drawn[tuple(strip.text for strip in strips), args[1], width] += 1
        return strips

    monkeypatch.setattr(Visual, "to_strips", classmethod(counting))
    # Progress rebuilds the options (new ones, drawn anew): not while this counts.
    monkeypatch.setattr(main_screen, "PROGRESS_DELAY", 600)
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert len(drawn) >= 5, "the lessons on screen were drawn"
        assert max(drawn.values()) == 1, "none drawn twice at one width"
        listing = app.screen.query_one("#lesson-list", OptionList)
        before = listing.scrollable_content_region.width
        await pilot.resize_terminal(120, 32)
        await settle(pilot)
        width = listing.scrollable_content_region.width
        assert width > before
        assert {listing.render_line(y).cell_length for y in range(listing.size.height)} == {width}
        assert any(drawn_width > before for (_, _, drawn_width) in drawn), "a new width is drawn anew"


def _fits(listing: OptionList) -> bool:
    """Each lesson takes the lines its text needs at the width the list has now, and
    every line is drawn that wide."""
    width = listing.scrollable_content_region.width
    padding = listing.get_component_styles("option-list--option").padding.width
    room = width - padding
    styles = listing.styles
    needed = sum(visualize(listing, option.prompt).get_height(styles, room) for option in listing.options)
    drawn = {listing.render_line(y).cell_length for y in range(listing.size.height)}
    return listing.virtual_size.height == needed and drawn == {width}


async def test_home_lessons_fit_each_width_they_are_resized_to(couple_db: Path) -> None:
    # The list keeps its line counts and drawings until its width changes (LessonList).
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        listing = app.screen.query_one("#lesson-list", OptionList)
        # Across the wide layout (from 134 columns: HomeView's 130 inside) and back.
        for size in [(80, 24), (140, 40), (100, 32), (133, 30), (134, 30), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            listing.action_cursor_down()  # a key counts the lines too
            await settle(pilot)
            assert _fits(listing), size
        # Resized while Home is hidden behind a lesson: the first version of LessonList
        # (checking the width on Resize) kept counts made at the old width for good.
        for size in [(140, 40), (80, 24), (100, 32)]:
            await pilot.press("1")
            await settle(pilot)
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.press("0")
            await settle(pilot)
            assert _fits(listing), size
