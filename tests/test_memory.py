"""The garbage collector's full passes stay short: what a session keeps (Home, the
lessons read) is frozen out of them once built, and only then (ui/memory.py)."""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import new_app, open_check_in, ready, settle, until
from workbook import cli
from workbook.ui import app as app_module
from workbook.ui import memory
from workbook.ui.app import WorkbookApp
from workbook.ui.screens.main import MainScreen


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "COMPACT_DELAY", 0.05)  # (conftest unfreezes after each test)


def test_the_command_starts_with_the_collector_off_until_the_first_frame(
    couple_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its passes over what start-up builds took ~19 ms of the time to Home.
    seen: dict[str, object] = {}
    frames = 0
    real_display = WorkbookApp._display

    def display(app: WorkbookApp, *args: Any) -> None:
        nonlocal frames
        frames += 1
        real_display(app, *args)

    def collector_on() -> None:
        seen["frames before it is on"] = frames
        memory.collector_on()

    def run(app: WorkbookApp) -> None:  # the real app, headless, instead of the terminal
        seen["made"] = gc.isenabled()

        async def drive() -> None:
            async with app.run_test(size=(100, 32)) as pilot:
                await ready(pilot)
                seen["drawn"] = gc.isenabled()

        asyncio.run(drive())

    monkeypatch.setattr(WorkbookApp, "_display", display)
    monkeypatch.setattr(app_module, "collector_on", collector_on)
    monkeypatch.setattr(WorkbookApp, "run", run)
    assert cli.main(["--db", str(couple_db)]) == 0
    assert seen["made"] is False and seen["drawn"] is True
    assert isinstance(seen["frames before it is on"], int) and seen["frames before it is on"] >= 1
    assert gc.isenabled()
    # On again too when the app never starts.
    text = tmp_path / "notes.txt"
    text.write_text("not a workbook\n", encoding="utf-8")
    assert cli.main(["--db", str(text)]) == 2
    assert gc.isenabled()
    # Left off when it was off already, by the command and by an app made without
    # saying that it turned it off (as the tests make it).
    gc.disable()
    try:
        assert cli.main(["--db", str(couple_db)]) == 0
        assert seen["drawn"] is False and not gc.isenabled()
        seen.clear()
        run(new_app(couple_db))
        assert seen["drawn"] is False
    finally:
        gc.enable()


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
        sheet = weakref.ref(await open_check_in(app, pilot))
        app.compactor.soon()  # as a lesson built just before would have asked
        for _ in range(4):  # several times the delay: it keeps waiting
            await pilot.pause(memory.COMPACT_DELAY)
        assert app.compactor.runs == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        # Due while the sheet was open, then asked again as it closed: one run or two.
        await until(pilot, lambda: app.compactor.runs >= 2)
        await settle(pilot, 3)
        gc.collect()
        assert sheet() is None  # closed and collected, not kept frozen


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="3.14's incremental collector has no third threshold")
async def test_full_passes_stay_rare_once_one_came_unasked(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CPython makes a full pass every ten middle passes unless the objects promoted
    since the last one are under a quarter of what it kept. A worksheet open promotes
    tens of thousands, and with the long-lived objects frozen (as the CLI and each
    compaction leave them) a pass keeps few: in the benchmark one came in nearly every
    open (33 ms of ~175). Here six opens after a full pass made three."""
    monkeypatch.setattr(memory, "COMPACT_DELAY", 60)  # no compaction in between
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        gc.collect()  # the full pass the collector makes on its own sooner or later
        passes: list[int] = []

        def count(phase: str, info: dict[str, int]) -> None:
            if phase == "start" and info["generation"] == 2:
                passes.append(1)

        middle = gc.get_stats()[1]["collections"]
        gc.callbacks.append(count)
        try:
            for _ in range(6):
                await open_check_in(app, pilot)
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, MainScreen))
                await settle(pilot)
            middle = gc.get_stats()[1]["collections"] - middle
        finally:
            gc.callbacks.remove(count)
        assert middle >= 20  # enough for two full passes at CPython's default of one per ten
        assert len(passes) <= 1


async def test_a_closed_worksheet_is_collected_a_moment_later(couple_db: Path) -> None:
    """What a closed screen held is given back by the compaction that follows, not
    left for the collector's (rarer) full passes."""
    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.compactor.runs == 1)
        sheet = weakref.ref(await open_check_in(app, pilot))
        await pilot.press("escape")
        await until(pilot, lambda: app.compactor.runs >= 2)
        assert sheet() is None  # the test collects nothing itself


def test_a_light_compaction_leaves_what_is_frozen_frozen() -> None:
    """After a worksheet or dialog, only the unfrozen objects are walked: the lessons
    kept stay out of the pass (a thorough one unfreezes and walks them all, ~100 ms)."""
    timers = _Timers()
    compactor = memory.Compactor(timers.set_timer, lambda: True)
    frozen_in_pass: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            frozen_in_pass.append(gc.get_freeze_count())

    gc.freeze()
    assert gc.get_freeze_count() > 0
    gc.callbacks.append(watch)
    try:
        compactor.soon(thorough=False)
        timers.fire()
        compactor.soon()
        compactor.soon(thorough=False)  # a thorough one already due stays thorough
        timers.fire()
    finally:
        gc.callbacks.remove(watch)
    assert compactor.runs == 2
    assert frozen_in_pass[0] > 0  # light: the frozen objects stayed out of the pass
    assert frozen_in_pass[1] == 0  # thorough: everything was given back first


def test_screens_closed_one_after_another_do_not_put_the_compaction_off() -> None:
    """Each worksheet or dialog closed asks for a light compaction: pushing the one due
    back each time, twenty opened and closed in a row left all their garbage waiting
    (about 25 MB more at the top)."""
    timers = _Timers()
    compactor = memory.Compactor(timers.set_timer, lambda: True)
    for _ in range(5):
        compactor.soon(thorough=False)
    assert timers.started == 1
    compactor.soon()  # something long-lived built: that one does wait for the reading
    assert timers.started == 2
    timers.fire()
    assert compactor.runs == 1


class _Timers:
    """A stand-in for the app's ``set_timer``: the test fires the last one set."""

    def __init__(self) -> None:
        self.due: list[Callable[[], None]] = []
        self.started = 0

    def set_timer(self, delay: float, callback: Callable[[], None]) -> _Timers:
        self.due.append(callback)
        self.started += 1
        return self

    def stop(self) -> None:
        self.due.pop()

    def fire(self) -> None:
        self.due.pop()()


async def test_a_closed_worksheets_widgets_are_not_kept_by_what_they_watched(couple_db: Path) -> None:
    """Textual keeps a widget's ``watch()`` of a longer-lived object on that object until
    the attribute next changes (textual#6666): every worksheet's header watches the
    app's title, every answer box the app's theme. Each worksheet opened stayed in
    memory with its text (about 7,000 objects an open, growing without end)."""
    from textual.widgets import Header, TextArea

    app = new_app(couple_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.compactor.runs == 1)
        closed: list[weakref.ref[object]] = []
        drawn: list[weakref.ref[object]] = []
        for _ in range(3):
            sheet = await open_check_in(app, pilot)
            closed += [weakref.ref(w) for w in sheet.query(TextArea)]
            closed.append(weakref.ref(sheet.query_one(Header)))
            # What each widget drew: Textual's color cache keyed on it kept it too.
            drawn += [weakref.ref(w._styles_cache) for w in sheet.walk_children()]
            del sheet  # the test's own reference would keep the last one alive
            runs = app.compactor.runs
            await pilot.press("escape")
            await until(pilot, lambda runs=runs: app.compactor.runs > runs)
        assert len(closed) == 15
        gc.collect()
        assert [ref() for ref in closed if ref() is not None] == []
        assert len(drawn) > 150
        assert sum(ref() is not None for ref in drawn) == 0
