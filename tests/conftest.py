"""Shared fixtures. Tests never touch the developer's own workbook or folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widget import Widget

# LESSON_ORDER and small_pack are imported from here by test files written before packs.py.
from tests.packs import LESSON_ORDER as LESSON_ORDER
from tests.packs import LESSONS
from tests.packs import small_pack as small_pack
from workbook.store import Workbook, open_workbook
from workbook.ui.app import WorkbookApp, make_app

if TYPE_CHECKING:
    from workbook.ui.screens.timer import TimerScreen
    from workbook.ui.screens.worksheet import WorksheetScreen

# In CI (CI=true): print the blob that reproduces a failing example, and keep no
# example database in the fresh clone. The property tests read their example counts
# from HYPOTHESIS_EXAMPLES when their module is imported, which is after this file:
# CI runs 50 of each (the yaml fast path 200) instead of the local 120-1,000. Every CI
# run draws new examples (no database, not derandomized), so the runs add up; locally
# the counts stay thorough, and HYPOTHESIS_EXAMPLES=2000 makes a deep run anywhere.
settings.register_profile("ci", print_blob=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
    os.environ.setdefault("HYPOTHESIS_EXAMPLES", "50")

#: "Now" for every app in the tests: snapshots must not drift with the clock.
#: Noon UTC, so the date is the same in every timezone a CI machine might use.
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point HOME and the XDG folders at a temp dir, and clear WORKBOOK_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("WORKBOOK_DB", raising=False)


@pytest.fixture(autouse=True)
def _gc_unfrozen() -> Iterator[None]:
    """An app left on Home for a second freezes what it keeps (workbook/ui/memory.py):
    given back to the collector after each test, so that nothing of one test's app
    stays out of reach of the next ones' collections in the same worker."""
    import gc

    threshold = gc.get_threshold()  # and the spacing of full passes the app sets
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    gc.enable()  # `workbook` turns it off while it starts (cli.cmd_app)


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made in the tests move at once instead of animating (a tab's underline, a
    scroll): the last frame is the same, but each animation would cost a pilot key
    ~0.3 s of waiting. Only apps in this process: a real app in a pseudo-terminal
    keeps its animations."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


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
    """Wait for something a worker thread does (export, progress) to show.

    Looks every 50 ms, after a pilot pause: looking more often ends a wait a few
    milliseconds sooner but costs CPU that the other test processes need (many
    conditions draw the whole screen). ``seconds`` counts rounds, not the clock, so a
    machine too busy to run a round on time gets more time, never less.
    """
    import asyncio

    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def open_check_in(app: WorkbookApp, pilot: Pilot[int]) -> WorksheetScreen:
    """The daily check-in, opened as its card does, once its screen has settled."""
    from workbook.ui.messages import OpenWorksheet
    from workbook.ui.screens.worksheet import WorksheetScreen

    app.post_message(OpenWorksheet("communication", "daily-check-in"))
    await until(pilot, lambda: isinstance(app.screen, WorksheetScreen))
    await settle(pilot, 5)
    screen = app.screen
    assert isinstance(screen, WorksheetScreen)
    return screen


class Notifications:
    """The notifications an app posts, in order: pass one as ``run_test(message_hook=…)``.

    run_test draws no toasts, so tests read what the app said from the ``Notify``
    messages themselves rather than from the app's private list.
    """

    def __init__(self) -> None:
        self.posted: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.posted.append(message.notification)

    @property
    def messages(self) -> list[str]:
        """The notifications' texts, oldest first."""
        return [note.message for note in self.posted]


async def focus(pilot: Pilot[int], widget: Widget) -> None:
    """Give ``widget`` the focus and wait until it has it.

    ``focus()`` only schedules the change: a key pressed right after it could still
    reach the widget that had the focus (the focus-then-Enter race). Wait for the
    focus, never for the clock.
    """
    widget.focus()
    await until(pilot, lambda: pilot.app.focused is widget)


async def write(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` into the focused Input or TextArea, all but its last key in one step.

    Typing costs a pilot round (tens of milliseconds) per key. Here the widget takes all
    but the last character through the call its own key handler makes for a printable
    key, and the last one is a real key press, which scrolls the widget to its cursor as
    typing does: the value, the cursor, the scroll and the picture end as after typing
    (the app sees one Changed message for the lot instead of one per key). Type key by
    key where the keys themselves are the point: shortcuts, a limit reached mid-word,
    Ctrl+Q right behind the keys.
    """
    from textual.widgets import Input, TextArea

    head, last = text[:-1], text[-1:]
    widget = pilot.app.focused
    # In the pilot's app's context: with two apps in one test, "the" running app
    # (a ContextVar) must be the one whose widget takes the text.
    with pilot.app._context():
        if head and isinstance(widget, Input):
            assert "\n" not in head, "Enter in a one-line box submits it: press it as a key"
            if widget.selection.is_empty:
                widget.insert_text_at_cursor(head)
            else:
                widget.replace(head, *widget.selection)
        elif head and isinstance(widget, TextArea):
            assert not widget.read_only, "typing into a read-only TextArea changes nothing"
            widget.replace(head, *widget.selection, maintain_selection_offset=False)
        elif head:
            raise AssertionError(f"nothing to write into: {widget!r} has the focus")
    if last:
        await pilot.press(last)


async def focused_on(pilot: Pilot[int], widget_id: str) -> None:
    """Wait until the widget with this id has the focus (a screen's own first focus
    lands after it is shown): a key pressed before that would go elsewhere."""
    await until(pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == widget_id)


def started_together(code: str, arg: str, count: int = 2) -> tuple[list[subprocess.Popen[str]], list[str]]:
    """Start ``count`` Python processes running ``code`` (with ``arg``) and release them
    at one barrier: each prints "ready" and waits on a line of stdin, and all get theirs
    at once. Returns the processes and the first line each printed."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, arg],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    ready = [proc.stdout.readline().strip() for proc in procs if proc.stdout is not None]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs, ready


class FakeClock:
    """Monotonic seconds that move only when a test says so (a worksheet's
    ``timer_clock``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def open_timer(pilot: Pilot[int], app: WorkbookApp, starts: str | None = None) -> TimerScreen:
    """From start-up: the daily check-in, on a :class:`FakeClock`, with ``starts``
    chosen as who speaks first (None: left unchosen), then its speaking turns."""
    from textual.widgets import Button, RadioSet

    from workbook.ui.screens.timer import TimerScreen
    from workbook.ui.screens.worksheet import WorksheetScreen

    await ready(pilot)
    app.open_worksheet("communication", "daily-check-in")
    await settle(pilot)
    sheet = app.screen
    assert isinstance(sheet, WorksheetScreen)
    sheet.timer_clock = FakeClock()
    if starts is not None:
        choice = next(e for e in sheet.editors() if e.field.id == "starts")
        radio = choice.query_one(RadioSet)
        index = choice.field.options.index(starts)
        list(radio.query("RadioButton"))[index].value = True
        await settle(pilot)
    sheet.query_one(".timer-start", Button).press()
    await settle(pilot)
    assert isinstance(app.screen, TimerScreen)
    return app.screen
