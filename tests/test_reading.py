"""Reading is not skimming: a section counts once it has been on screen long enough to
read a good part of it, and its end has been reached; or on ``r``."""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from textual.dom import DOMNode
from textual.widgets import Markdown, Static

from tests.conftest import new_app, ready, settle, until
from workbook.store import Who
from workbook.ui.widgets.lesson_view import LessonSection, LessonView, seconds_to_read


def read_sections(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {
            row[0] for row in conn.execute("SELECT section_id FROM reading WHERE lesson_id = 'communication'")
        }
    finally:
        conn.close()


def test_the_time_it_takes_scales_with_the_words() -> None:
    assert seconds_to_read(0) == seconds_to_read(10) == 3.0  # a few seconds at least
    assert seconds_to_read(500) > seconds_to_read(250) > 20


async def test_paging_through_a_lesson_reads_nothing_and_staying_reads_what_is_shown(couple_db: Path) -> None:
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        now = [1000.0]
        view.reading_clock = lambda: now[0]
        view.focus()
        # Skimming: to the end in a moment. Every section's end has been on screen...
        for _ in range(12):
            await pilot.press("pagedown")
        await settle(pilot)
        view.tick()
        now[0] += 1.0
        view.tick()
        await settle(pilot)
        assert read_sections(couple_db) == set(), "paging through is not reading"

        # ...and the last one, staying on screen long enough, counts. (At the very end,
        # waited for: the lesson's Markdown may still be growing.)
        last = list(view.query(LessonSection))[-1]
        for _ in range(10):
            await pilot.press("end")
            await until(pilot, lambda: view.scroll_y >= view.max_scroll_y)
            for _ in range(int(last.needed) + 2):
                now[0] += 1.0
                view.tick()
            await settle(pilot)
            if last.section_id in read_sections(couple_db):
                break
        await until(pilot, lambda: last.section_id in read_sections(couple_db))
        assert len(read_sections(couple_db)) < len(view.query(LessonSection)), "only what was on screen"


async def test_a_clock_that_goes_back_never_undoes_reading(couple_db: Path) -> None:
    """Found in a full run: the app's own tick had read the real clock first, then the
    stepped one started at 0, and time on screen went negative."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        now = [5000.0]
        view.reading_clock = lambda: now[0]
        view.tick()
        now[0] = 0.0  # back
        view.tick()
        assert all(section.seen >= 0 for section in view.query(LessonSection))


async def test_a_tab_switch_restyles_the_lesson_view_not_its_text(couple_db: Path) -> None:
    """Focus moving into or out of a built lesson restyles the view alone, not each of
    its dozens of Markdown blocks, sections and cards (that was 40 % of a return to a
    lesson); and since no rule styles the text by the lesson's focus, a full restyle
    finds nothing to change."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        for key in ("1", "2"):
            await pilot.press(key)
            await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        text = {id(node) for node in view.walk_children()}
        assert len(text) > 50, "a built lesson is many widgets"
        restyled: list[int] = []
        update = app.stylesheet.update_nodes

        def counting(nodes: Iterable[DOMNode], animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(id(node) for node in nodes)
            update(nodes, animate=animate)

        app.stylesheet.update_nodes = counting  # type: ignore[method-assign]
        for key in ("1", "2", "1"):  # back to it, away, back: focus in, out, in
            await pilot.press(key)
            await settle(pilot)
        assert view.has_focus
        assert sum(1 for node in restyled if node in text) < len(text) / 10

        def styles() -> list[dict[str, object]]:
            return [dict(node.styles.base.get_rules()) for node in view.walk_children()]

        before = styles()
        update(view.walk_children(with_self=True))
        assert styles() == before


async def test_a_lesson_is_made_when_first_shown_and_kept(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up makes no lesson views; a lesson's is made (its Markdown rendered) when
    its tab is first shown, and kept: coming back parses no Markdown, renders nothing
    again and asks the workbook nothing."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert not app.screen.query(LessonView), "nothing rendered before a lesson is opened"
        for key in ("1", "2"):
            await pilot.press(key)
            await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        text = list(view.query(Markdown))
        assert text
        parsed: list[str] = []
        parse = MarkdownIt.parse

        def counting(self: MarkdownIt, src: str, env: Any = None) -> Any:
            parsed.append(src)
            return parse(self, src, env)

        monkeypatch.setattr(MarkdownIt, "parse", counting)
        statements: list[str] = []

        def trace(statement: str) -> None:
            # Not the live link's: it tells the other screen where this one is now.
            if not any(frame.filename.endswith("live.py") for frame in traceback.extract_stack()):
                statements.append(statement)

        assert app.store is not None
        app.store._conn.set_trace_callback(trace)
        try:
            for key in ("1", "0", "2", "1"):
                await pilot.press(key)
                await settle(pilot)
        finally:
            app.store._conn.set_trace_callback(None)
        assert statements == []
        assert parsed == []
        assert len(app.screen.query(LessonView)) == 2
        assert app.screen.query_one("#lesson-communication LessonView", LessonView) is view
        assert list(view.query(Markdown)) == text, "the same widgets, not rendered again"


async def test_a_lesson_redraws_its_marks_without_asking_the_workbook(couple_db: Path) -> None:
    """What a lesson shows is passed down to it: redrawing its reading marks queries
    nothing, and marks that did not change are not redrawn at all."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await settle(pilot, 5)
        view = app.screen.query_one("#lesson-communication LessonView", LessonView)
        progress = view.progress
        assert progress is not None and not progress.sections[0].read
        read = replace(progress.sections[0], read_by=frozenset({Who.SHARED}))
        changed = replace(progress, sections=(read, *progress.sections[1:]))
        contents = view.query_one(".lesson-contents", Static)
        drawn: list[object] = []
        update = contents.update

        def counting(*args: Any, **kwargs: Any) -> None:
            drawn.append(args[0])
            update(*args, **kwargs)

        contents.update = counting  # type: ignore[method-assign]
        statements: list[str] = []
        assert app.store is not None
        app.store._conn.set_trace_callback(statements.append)
        try:
            view.show_progress(changed)
            view.show_progress(changed)
        finally:
            app.store._conn.set_trace_callback(None)
        assert statements == []
        assert len(drawn) == 1 and "✓" in str(drawn[0])
