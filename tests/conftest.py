"""Shared fixtures. Tests never touch the developer's own workbook or folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from workbook.paths import bundled_lessons_dir
from workbook.store import Workbook, open_workbook
from workbook.ui.app import WorkbookApp, make_app

#: "Now" for every app in the tests: snapshots must not drift with the clock.
#: Noon UTC, so the date is the same in every timezone a CI machine might use.
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

LESSONS = bundled_lessons_dir()
#: The shipped lessons' ids, in the order the app shows them.
LESSON_ORDER = [
    "communication",
    "empathy",
    "closeness",
    "boundaries",
    "finances",
    "parenting",
    "repair",
    "intimacy",
    "seek-help",
]


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point HOME and the XDG folders at a temp dir, and clear WORKBOOK_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("WORKBOOK_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A workbook path that does not exist yet."""
    return tmp_path / "workbook.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Workbook]:
    """A fresh workbook on disk, with a fixed clock."""
    workbook = open_workbook(db_path, clock=lambda: FIXED_NOW)
    yield workbook
    workbook.close()


@pytest.fixture
def couple_db(db_path: Path) -> Path:
    """A workbook on disk that already has the partners' names (past onboarding)."""
    workbook = open_workbook(db_path, clock=lambda: FIXED_NOW)
    workbook.set_couple("Sam", "Alex")
    workbook.close()
    return db_path


def new_app(db_path: Path, lessons_dir: Path | None = None) -> WorkbookApp:
    """The app as tests build it: fixed clock, no cursor blink."""
    return make_app(db_path, lessons_dir or LESSONS, now=FIXED_NOW, cursor_blink=False)


async def ready(pilot: Pilot[int]) -> None:
    """Wait until the workbook is open, the first real screen is up and progress shown.

    The progress worker starts after Home's first paint, so workers are awaited over a
    few rounds; a run replaced by a newer one (exclusive workers) counts as finished.
    """
    from textual.worker import WorkerCancelled

    for _ in range(3):
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
    await pilot.pause()
    await pilot.pause()


async def settle(pilot: Pilot[int], rounds: int = 3) -> None:
    """Let screen switches and Markdown rendering finish."""
    for _ in range(rounds):
        await pilot.pause()


def screen_text(app: WorkbookApp) -> str:
    """Everything drawn on the terminal right now, as plain text (from a real screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def until(pilot: Pilot[int], condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for something a worker thread does (export, progress) to show."""
    import asyncio

    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")
