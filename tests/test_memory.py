"""The garbage collector's full passes stay short: what a session keeps (Home, the
lessons read) is frozen out of them once built, and only then (ui/memory.py)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from tests.conftest import new_app, ready, settle, until
from workbook.ui import memory
from workbook.ui.messages import OpenWorksheet
from workbook.ui.screens.main import MainScreen
from workbook.ui.screens.worksheet import WorksheetScreen


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "COMPACT_DELAY", 0.05)  # (conftest unfreezes after each test)


async def test_a_lesson_read_is_frozen_out_of_full_passes(couple_db: Path) -> None:
    """Without it, every full pass walked every lesson opened so far (85-135 ms with
    all nine, one every two or three worksheet opens, inside them)."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.compactor.runs == 1)  # Home, once built
        await pilot.press("1")
        view = app.screen.query_one("#lesson-communication .lesson-view")
        await until(pilot, lambda: app.compactor.runs == 2)
        # Frozen: in none of the generations a full pass walks (the permanent one is
        # not listed by gc.get_objects), with the objects it was built from.
        assert not any(obj is view for obj in gc.get_objects())
        assert not any(obj is view.styles for obj in gc.get_objects())


async def test_nothing_short_lived_is_frozen(couple_db: Path) -> None:
    """A worksheet open when the lesson's compaction comes due waits for it to close:
    a screen frozen while open would never be collected once closed."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.compactor.runs == 1)
        app.post_message(OpenWorksheet("communication", "daily-check-in"))
        await until(pilot, lambda: isinstance(app.screen, WorksheetScreen))
        sheet = weakref.ref(app.screen)
        app.compactor.soon()  # as a lesson built just before would have asked
        for _ in range(4):  # several times the delay: it keeps waiting
            await pilot.pause(memory.COMPACT_DELAY)
        assert app.compactor.runs == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: app.compactor.runs == 2)
        await settle(pilot, 3)
        gc.collect()
        assert sheet() is None  # closed and collected, not kept frozen
