"""Interaction budget: what a couple waits for once the app is open, against bare Textual.

Each figure is measured for Reconnect and for a bare Textual app doing the same job in
the same harness and virtual environment (the floor), each run a fresh process, app and
floor interleaved so machine load weighs on both alike. The design allows Reconnect
1.2x the floor for each.

- **lesson tab, first visit**: a number key to a lesson never shown yet, until its
  whole text is mounted and painted. The floor: a ``TabbedContent`` pane that mounts
  Textual's ``Markdown`` widget with the same lesson text when first shown (start-up
  pays for neither).
- **lesson tab, return**: the same key to a lesson shown before. The floor: the same
  pane, its Markdown already mounted.
- **worksheet open / close**: Enter on the lesson's first worksheet card (the daily
  check-in, ten years of entries behind it) until its screen is painted; Esc back to
  the lesson. The floor: a screen of the same questions in Textual's own inputs.
- **keystroke, 50 KB field**: one key typed at the end of a long answer holding
  49,500 characters, until painted; the figure that matters is the time on the UI
  thread per key. The floor: a ``TextArea`` holding the same text.
- **F3 history**: the worksheet's entries (over 500 on ten years of weekly check-ins)
  until the list is painted. The floor: a dialog with an ``OptionList`` filled from a
  bare ``sqlite3`` query of the same rows.

Wall time runs from the key being posted to the frame painted after the result is
there; "UI thread" is the CPU time the event-loop thread spent in that window
(``time.thread_time``: worker threads and waiting are not counted, so it is steadier
than wall time on a busy machine). The app's modules are compiled to bytecode first,
as ``pip install .`` leaves them (see installed.py). This machine's runs vary by
+-30 %: use --runs 7 or more.

    python benchmarks/interaction.py [--runs N] [--years N] [--keys N] [--repeat N] [--verbose]
    python benchmarks/interaction.py --quick     # one short run of each, to see that it works
    python benchmarks/interaction.py --before DIR   # and the app in another checkout, interleaved

Prints medians, the load average, and each ratio to the floor. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

#: Budget: the app's median as a multiple of the floor's.
BUDGET = 1.2
#: The long answer typed into: ~50 KB of plain prose in lines of about 70 characters.
BIG_CHARS = 49_500
#: The worksheets used: one to open, close and list (weekly for years in the demo
#: workbook), one to type into (its "notes" is a long answer shared by the couple).
OPEN_SHEET, TYPE_SHEET, TYPE_FIELD = "daily-check-in", "i-statements", "notes"
LESSON = "communication"
SIZE = (100, 32)

#: Figures, in the order printed: (key, label).
FIGURES = [
    ("first", "lesson tab, first visit"),
    ("return", "lesson tab, return"),
    ("open", "worksheet open"),
    ("close", "worksheet close (Esc)"),
    ("key", "keystroke, 50 KB field"),
    ("history", "F3 history, 10 years"),
]


def big_text() -> str:
    """The long answer: lines of prose, ``BIG_CHARS`` characters in all."""
    line = "We talked about the week, the kids and money, and it went better than before."
    text = "\n".join(line for _ in range(BIG_CHARS // (len(line) + 1) + 1))
    return text[:BIG_CHARS]


# -- the harness (child processes) ------------------------------------------------------


class Harness:
    """Times interactions with a running app: from a key posted to the frame painted."""

    def __init__(self, app: Any, pilot: Any) -> None:
        self.app = app
        self.pilot = pilot
        self.figures: dict[str, list[float]] = {}

    async def quiet(self) -> None:
        """Let whatever the last interaction started finish (not timed)."""
        await self.settled()
        await asyncio.sleep(0.05)
        await self.settled()

    async def settled(self) -> None:
        """Wait until the app and every node of the screen on top have handled what was
        queued before, as Textual's ``pilot.pause()`` does, but with no timeout.

        ``pilot.pause()`` waits with a 30-second timeout, cancelled once done, and
        asyncio keeps a cancelled timer in its queue until it would have fired. Each one
        holds the context it was made in, and with it the screens of that moment: every
        worksheet opened in the last 30 seconds stayed alive (~27,000 objects each, which
        each full garbage collection walked again), a cost the app never has in use.
        """
        from textual._wait import wait_for_idle

        app = self.app
        nodes = [app, *app.screen.walk_children(with_self=True)]
        left = [0]
        done = asyncio.Event()

        def handled() -> None:
            left[0] -= 1
            if left[0] == 0:
                done.set()

        left[0] = sum(1 for node in nodes if node.call_later(handled))
        if left[0]:
            # A deadline all the same, made in an empty context: cancelled, it holds
            # only the event it would have set.
            late = asyncio.Event()
            deadline = asyncio.get_running_loop().call_later(30, late.set, context=contextvars.Context())
            waits = [done.wait(), app._exception_event.wait(), late.wait()]
            tasks = [asyncio.create_task(wait) for wait in waits]
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            deadline.cancel()
            for task in pending:
                task.cancel()
            if late.is_set():
                raise SystemExit("the app did not settle within 30 s")
        await wait_for_idle(0)
        app.screen._on_timer_update()

    async def painted(self) -> None:
        """Wait for the next frame of the screen on top."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def paint() -> None:
            if not done.done():
                done.set_result(None)

        self.app.screen.call_after_refresh(paint)
        await done

    async def until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise SystemExit("timed out waiting for the app")
            await asyncio.sleep(0.001)

    async def timed(self, name: str | None, key: str, done: Callable[[], bool]) -> None:
        """Post ``key``, wait for ``done`` and a painted frame; record wall and UI-thread
        ms under ``name`` (None: a step between figures, not recorded)."""
        from textual import events

        await self.quiet()
        char = key if len(key) == 1 else None
        wall, cpu = time.perf_counter(), time.thread_time()
        self.app.post_message(events.Key(key, char))
        await self.until(done)
        await self.painted()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        if name is None:
            return
        self.figures.setdefault(name, []).append(wall * 1000)
        self.figures.setdefault(f"{name}_cpu", []).append(cpu * 1000)


def markdown_loaded(node: Any) -> bool:
    """Every Markdown widget under ``node`` has mounted all of its blocks."""
    from textual.widgets import Markdown

    return all(getattr(md, "loaded_for_benchmark", False) for md in node.query(Markdown))


def note_markdown_loads() -> None:
    """Have each Markdown widget note when its first text is mounted (app and floor
    alike): Textual parses it in a thread and mounts its blocks after its own mount."""
    from textual.events import Mount
    from textual.widgets import Markdown

    mounted = Markdown._on_mount

    async def _on_mount(self: Markdown, event: Mount) -> None:
        await mounted(self, event)
        self.loaded_for_benchmark = True  # type: ignore[attr-defined]

    Markdown._on_mount = _on_mount  # type: ignore[method-assign,assignment]


async def drive(harness: Harness, shell: Any, lessons: int, repeat: int, keys: int) -> None:
    """The same walk for the app and the floor, through ``shell`` (what differs)."""
    await shell.ready()
    for kind in ("first", "return"):
        for number in range(1, lessons + 1):
            await harness.timed(kind, str(number), partial(shell.shown, shell.pane(number)))
    await harness.timed(None, "1", lambda: shell.shown(shell.pane(1)))  # back to the cards
    for _ in range(repeat):
        await harness.quiet()  # the key above has been handled, and its focus moved
        shell.focus_card()
        await harness.timed("open", "enter", shell.sheet_open)
        await harness.timed("history", "f3", shell.history_open)
        await harness.timed(None, "escape", lambda: not shell.history_is_open())
        await harness.timed("close", "escape", shell.lesson_back)
    await shell.open_typing()
    await harness.quiet()
    area = shell.area()
    for _ in range(keys):
        await harness.timed("key", "x", partial(longer, area, len(area.text)))


def longer(area: Any, length: int) -> bool:
    """The text area holds more than ``length`` characters (the key has arrived)."""
    return len(area.text) > length


class AppShell:
    """Reconnect, driven as a couple would.

    Args:
        harness: The harness timing it.
        warm_up: Let the app's warm-up run before the first key, as a person reading
            Home would (tests/test_benchmarks.py skips it).
    """

    def __init__(self, harness: Harness, *, warm_up: bool = True) -> None:
        self.h = harness
        self.warm_up = warm_up

    @property
    def app(self) -> Any:
        return self.h.app

    async def ready(self) -> None:
        from workbook.ui.app import WARM_UP_DELAY
        from workbook.ui.screens.main import MainScreen
        from workbook.ui.widgets.home import HomeView

        await self.h.until(
            lambda: (
                isinstance(self.app.screen, MainScreen)
                and self.app.screen.query_one(HomeView).report is not None
            )
        )
        # A person reads Home for a moment first, and the app uses it: the imports a
        # lesson tab needs are done by then (the floor imports them before it starts).
        if self.warm_up:
            await asyncio.sleep(WARM_UP_DELAY + 0.1)
            await self.app.workers.wait_for_complete()
        await self.h.quiet()

    def pane(self, number: int) -> str:
        return f"lesson-{self.app.pack.infos[number - 1].id}"

    def shown(self, pane: str) -> bool:
        from textual.widgets import TabbedContent

        from workbook.ui.screens.main import MainScreen

        screen = self.app.screen
        if not isinstance(screen, MainScreen) or screen.query_one(TabbedContent).active != pane:
            return False
        view = screen.query_one(f"#{pane} .lesson-view")
        return bool(view.children) and markdown_loaded(view)

    def focus_card(self) -> None:
        self.app.screen.query_one(f"#card-{OPEN_SHEET}").focus()

    def sheet_open(self) -> bool:
        from workbook.ui.screens.worksheet import WorksheetScreen

        return isinstance(self.app.screen, WorksheetScreen) and self.app.screen.is_mounted

    def history_open(self) -> bool:
        from textual.widgets import OptionList

        return self.history_is_open() and self.app.screen.query_one(OptionList).option_count > 1

    def history_is_open(self) -> bool:
        from workbook.ui.screens.history import HistoryScreen

        return isinstance(self.app.screen, HistoryScreen) and self.app.screen.is_mounted

    def lesson_back(self) -> bool:
        from workbook.ui.screens.main import MainScreen

        return isinstance(self.app.screen, MainScreen)

    async def open_typing(self) -> None:
        from workbook.ui.messages import OpenWorksheet

        self.app.post_message(OpenWorksheet(LESSON, TYPE_SHEET))
        await self.h.until(lambda: self.sheet_open() and self.app.screen.worksheet.id == TYPE_SHEET)
        await self.h.quiet()
        area = self.area()
        area.focus()
        area.move_cursor(area.document.end)

    def area(self) -> Any:
        from textual.widgets import TextArea

        from workbook.ui.widgets.fields import LongEditor

        for editor in self.app.screen.query(LongEditor):
            if editor.field.id == TYPE_FIELD:
                return editor.query_one(TextArea)
        raise SystemExit(f"no field {TYPE_FIELD}")


def make_floor(db: Path) -> tuple[Any, type]:
    """The floor: a bare Textual app with the same tabs, lessons, questions and rows."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, VerticalScroll
    from textual.screen import ModalScreen, Screen
    from textual.widget import Widget
    from textual.widgets import (
        Footer,
        Header,
        Input,
        Markdown,
        OptionList,
        RadioButton,
        RadioSet,
        SelectionList,
        Static,
        TabbedContent,
        TabPane,
        TextArea,
    )
    from textual.widgets.option_list import Option

    from workbook.content import load_pack
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    lessons = pack.usable_lessons()
    texts = {
        lesson.id: "\n\n".join(part for s in lesson.sections for part in s.parts if isinstance(part, str))
        for lesson in lessons
    }
    sheets = {w.id: w for lesson in lessons for w in lesson.worksheets}
    big = big_text()

    def editor(kind: str, options: tuple[str, ...], value: str = "") -> Widget:
        if kind == "long":
            area = TextArea(value, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            area.cursor_blink = False
            return area
        if kind in ("text", "number", "date"):
            box = Input(value)
            box.cursor_blink = False
            return box
        if kind == "choice":
            return RadioSet(*(RadioButton(o) for o in options))
        if kind in ("multi", "check"):
            return SelectionList[str](*((o, o) for o in options))
        return Static(kind)

    class Sheet(Screen[None]):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("f3", "history", "Entries")]

        def __init__(self, sheet_id: str) -> None:
            super().__init__()
            self.sheet = sheets[sheet_id]

        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll():
                yield Static(self.sheet.title)
                for f in self.sheet.fields:
                    yield Static(f.label)
                    options = tuple(getattr(f, "options", ()) or getattr(f, "items", ()) or ())
                    value = big if f.id == TYPE_FIELD and self.sheet.id == TYPE_SHEET else ""
                    if f.per_partner:
                        with Horizontal(classes="pair"):
                            yield editor(f.kind, options)
                            yield editor(f.kind, options)
                    else:
                        yield editor(f.kind, options, value)
            yield Footer()

        def action_history(self) -> None:
            self.app.push_screen(History(self.sheet.id))

    class History(ModalScreen[None]):
        BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

        def __init__(self, sheet_id: str) -> None:
            super().__init__()
            self.sheet_id = sheet_id

        def compose(self) -> ComposeResult:
            yield OptionList()

        def on_mount(self) -> None:
            conn = sqlite3.connect(db)
            rows = conn.execute(
                "SELECT e.id, e.day, e.status, (SELECT json_extract(value, '$') FROM answers "
                "WHERE entry_id = e.id AND json_type(value) = 'text' LIMIT 1) FROM entries e "
                "WHERE lesson_id = ? AND worksheet_id = ? ORDER BY day DESC, id DESC",
                [LESSON, self.sheet_id],
            ).fetchall()
            conn.close()
            listing = self.query_one(OptionList)
            listing.add_option(Option("+ Start a new entry", id="new"))
            listing.add_options(
                Option(f"{day} · {status}\n   {(text or '')[:60]}", id=str(n))
                for n, day, status, text in rows
            )
            listing.focus()

    class Card(Static, can_focus=True):
        BINDINGS = [Binding("enter", "open", "Open")]

        def action_open(self) -> None:
            self.app.push_screen(Sheet(OPEN_SHEET))

    class Floor(App[None]):
        CSS = "Screen { layers: default; } .pair { height: auto; } .pair > * { width: 1fr; }"
        BINDINGS = [Binding(str(n), f"show({n})", f"Lesson {n}") for n in range(1, 10)]

        def compose(self) -> ComposeResult:
            yield Header()
            with TabbedContent(id="tabs"):
                with TabPane("Home", id="home-pane"):
                    yield OptionList(*(lesson.title for lesson in lessons))
                for number, lesson in enumerate(lessons, start=1):
                    with TabPane(f"{number} {lesson.title[:12]}", id=f"lesson-{lesson.id}"):
                        yield VerticalScroll(classes="lesson-view")
            yield Footer()

        def action_show(self, number: int) -> None:
            pane = f"lesson-{lessons[number - 1].id}"
            self.query_one(TabbedContent).active = pane
            self.query_one(f"#{pane} .lesson-view").focus()

        def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
            for view in event.pane.query(".lesson-view"):
                if not view.children:  # the lesson's text, on first show
                    lesson_id = (event.pane.id or "").removeprefix("lesson-")
                    widgets: list[Widget] = [Markdown(texts[lesson_id])]
                    if lesson_id == LESSON:
                        widgets.append(
                            Card(f"Worksheet: {sheets[OPEN_SHEET].title}", id=f"card-{OPEN_SHEET}")
                        )
                    view.mount_all(widgets)

    return Floor(), Sheet


class FloorShell(AppShell):
    """The floor, driven the same way."""

    def __init__(self, harness: Harness, sheet_class: Any) -> None:
        super().__init__(harness)
        self.sheet_class = sheet_class

    async def ready(self) -> None:
        await self.h.until(lambda: self.app.screen.is_mounted)
        await self.h.quiet()

    def pane(self, number: int) -> str:
        from workbook.content import load_pack  # the same order as the app's tabs
        from workbook.paths import bundled_lessons_dir

        if not hasattr(self, "_ids"):
            self._ids = [lesson.id for lesson in load_pack(bundled_lessons_dir()).usable_lessons()]
        return f"lesson-{self._ids[number - 1]}"

    def shown(self, pane: str) -> bool:
        from textual.widgets import TabbedContent

        screen = self.app.screen
        if screen is not self.app.screen_stack[0] or screen.query_one(TabbedContent).active != pane:
            return False
        view = screen.query_one(f"#{pane} .lesson-view")
        return bool(view.children) and markdown_loaded(view)

    def sheet_open(self) -> bool:
        return isinstance(self.app.screen, self.sheet_class) and self.app.screen.is_mounted

    def history_is_open(self) -> bool:
        from textual.widgets import OptionList

        return self.app.screen.is_modal and bool(self.app.screen.query(OptionList))

    def history_open(self) -> bool:
        from textual.widgets import OptionList

        return self.history_is_open() and self.app.screen.query_one(OptionList).option_count > 1

    def lesson_back(self) -> bool:
        return self.app.screen is self.app.screen_stack[0]

    async def open_typing(self) -> None:
        self.app.push_screen(self.sheet_class(TYPE_SHEET))
        await self.h.until(self.sheet_open)
        await self.h.quiet()
        area = self.area()
        area.focus()
        area.move_cursor(area.document.end)

    def area(self) -> Any:
        from textual.widgets import TextArea

        return next(a for a in self.app.screen.query(TextArea) if len(a.text) >= BIG_CHARS)


def child(kind: str, db: Path, lessons: int, repeat: int, keys: int) -> None:
    """One run of one side (``app`` or ``floor``); prints its figures as JSON."""

    async def run() -> dict[str, list[float]]:
        note_markdown_loads()
        if kind == "app":
            import gc
            import importlib.util
            import inspect

            from installed import starts_collector_off

            spec = importlib.util.find_spec("workbook")  # this checkout's or --before's
            assert spec is not None and spec.submodule_search_locations
            collector_off = starts_collector_off(Path(next(iter(spec.submodule_search_locations))))
            if collector_off:
                gc.disable()  # as workbook/cli.py's cmd_app does (the app turns it on again)
            from workbook.ui.app import make_app

            gc.freeze()  # as workbook/cli.py does just before make_app
            told = collector_off and "collector_off" in inspect.signature(make_app).parameters
            app: Any = make_app(db, cursor_blink=False, **({"collector_off": True} if told else {}))
            shell_class: Callable[[Harness], AppShell] = AppShell
        else:
            app, sheet_class = make_floor(db)

            def shell_class(harness: Harness) -> AppShell:
                return FloorShell(harness, sheet_class)

        async with app.run_test(size=SIZE) as pilot:
            harness = Harness(app, pilot)
            await drive(harness, shell_class(harness), lessons, repeat, keys)
            return harness.figures

    print(json.dumps(asyncio.run(run())))


# -- the measurement (parent) -----------------------------------------------------------


def prepare(db: Path, years: int) -> tuple[int, int]:
    """The demo workbook, with the long answer to type into; (entries, history rows)."""
    from workbook.content import load_pack
    from workbook.paths import bundled_lessons_dir
    from workbook.store import Who
    from workbook.store.demo import make_demo

    store = make_demo(db, load_pack(bundled_lessons_dir()), years=years, today=date.today())
    try:
        entry = store.open_entry(LESSON, TYPE_SHEET, repeatable=True)
        store.save_answers(entry.id, {(TYPE_FIELD, Who.SHARED): big_text()})
        conn = store._conn
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM entries WHERE worksheet_id = ?", [OPEN_SHEET]).fetchone()[0]
    finally:
        store.close()
    return entries, rows


def measure(kind: str, db: Path, args: argparse.Namespace) -> dict[str, list[float]]:
    """One run of one side in a fresh process; "before" is the app from ``--before``."""
    argv = [sys.executable, __file__, "--child", "floor" if kind == "floor" else "app", str(db)]
    argv += ["--lessons", str(args.lessons), "--repeat", str(args.repeat), "--keys", str(args.keys)]
    env = dict(os.environ)
    if kind == "before":
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.before), env.get("PYTHONPATH")]))
    out = subprocess.run(argv, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    figures: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--lessons", type=int, default=9, help="lesson tabs visited (from the first)")
    parser.add_argument("--repeat", type=int, default=3, help="worksheet opens and F3s per run")
    parser.add_argument("--keys", type=int, default=15, help="keys typed into the long field per run")
    parser.add_argument("--quick", action="store_true", help="one short run: to see that it works")
    parser.add_argument("--verbose", action="store_true", help="print every sample, not only medians")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="also measure the app in another checkout (e.g. a git worktree of an older "
        "commit), interleaved with the others: what a change bought, under the same load",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.lessons, args.repeat, args.keys)
        return
    if args.quick:
        args.runs, args.years, args.lessons, args.repeat, args.keys = 1, 0, 1, 1, 1

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from installed import compile_app, start_mode

    package = compile_app()
    print(f"compiled {package} to bytecode, as pip install does")
    started = f"Reconnect {start_mode(package)}"
    sides = ["floor", "app"]
    if args.before is not None:
        import compileall

        compileall.compile_dir(args.before / "workbook", quiet=1)
        sides.append("before")
        started += f", --before {start_mode(args.before / 'workbook')}"
    print(f"started as each checkout's CLI starts it: {started}")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite"
        entries, rows = prepare(db, args.years)
        samples: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
        for n in range(args.runs):
            # Interleaved, each side first in turn: load weighs on all alike.
            for side in sides[n % len(sides) :] + sides[: n % len(sides)]:
                for name, values in measure(side, db, args).items():
                    samples[side].setdefault(name, []).extend(values)
    load_after = os.getloadavg()
    report(args, samples, entries, rows, (load_before, load_after))


def report(
    args: argparse.Namespace,
    samples: dict[str, dict[str, list[float]]],
    entries: int,
    rows: int,
    loads: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> None:
    """Print the medians, ratios and the conditions they were measured in."""
    print(
        f"runs: {args.runs} each, interleaved, headless {SIZE[0]}x{SIZE[1]}; {args.lessons} lessons, "
        f"{args.repeat} opens, {args.keys} keys per run"
    )
    print(f"workbook: {args.years} years, {entries:,} entries; F3 lists {rows:,}")
    print(
        "load average: before "
        + " ".join(f"{x:.2f}" for x in loads[0])
        + " · after "
        + " ".join(f"{x:.2f}" for x in loads[1])
        + f" ({os.cpu_count()} cores)"
    )
    sides = list(samples)
    names = {"floor": "floor", "app": "Reconnect", "before": "before"}
    print(f"median ms, wall / UI thread; ratio = Reconnect / floor (budget {BUDGET:g}x)")
    print(f"{'':26}" + "".join(f"{names[side]:>17}" for side in sides) + "   ratio wall · UI thread")
    for key, label in FIGURES:
        if not all(samples[side].get(key) for side in sides):
            continue
        wall = {side: statistics.median(samples[side][key]) for side in sides}
        cpu = {side: statistics.median(samples[side][f"{key}_cpu"]) for side in sides}
        within = "within" if wall["app"] <= BUDGET * wall["floor"] else "OVER"
        line = f"{label:26}" + "".join(f"{wall[side]:8.1f} /{cpu[side]:6.1f}" for side in sides)
        line += f"   {wall['app'] / wall['floor']:4.2f}x · {cpu['app'] / cpu['floor']:4.2f}x  {within}"
        if "before" in wall:
            line += (
                f" (before: {wall['before'] / wall['floor']:4.2f}x · {cpu['before'] / cpu['floor']:4.2f}x)"
            )
        print(line + f"  [{len(samples['app'][key])} samples]")
        if args.verbose:
            for side in sides:
                print(f"    {side:6} wall", " ".join(f"{v:.0f}" for v in samples[side][key]))
                print(f"    {side:6} cpu ", " ".join(f"{v:.0f}" for v in samples[side][f"{key}_cpu"]))


if __name__ == "__main__":
    main()
