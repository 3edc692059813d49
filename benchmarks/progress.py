"""Progress at scale: Home and the progress screen on ten years of history.

The tracker must not slow down as a couple's history grows: Home (with its progress)
and the progress screen should appear no slower than 1.05x their time on an empty
workbook. A third workbook, the sample with only its recent weeks (``demo --years 0``),
separates the cost of *having* answers on screen (bars, ticks, dates to draw) from the
cost of a long history. Each run is a fresh process, headless at 100x32; the
workbooks are measured interleaved so machine load weighs on all alike.

Home is timed from launch to the frame painted after its progress is applied. The
progress screen is timed from F6 to the frame painted after its figures are applied,
and F6 is pressed several times per run (Esc and a pause in between), as a couple
going back and forth would: the first press of each run is also printed on its own.

    python benchmarks/progress.py [--runs N] [--opens N] [--years N] [--verbose]

Prints the median and the fastest run for each, and their ratios. Frames are painted
on a 60 Hz clock and this machine's runs vary by +-30 %: use --runs 15 or more.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import cast

from installed import compile_app

RUN = r"""
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from workbook.ui.app import make_app
from workbook.ui.screens.progress import ProgressScreen
from workbook.ui.widgets.home import HomeView

app = make_app(Path(sys.argv[1]))
opens = int(sys.argv[2])
marks = {"progress": []}

# Each figure ends when the frame after the figures were applied is painted.
home_show, screen_show = HomeView.show_progress, ProgressScreen.show

def timed_home(self, report):
    home_show(self, report)
    if "home" not in marks:
        marks["home"] = None
        self.call_after_refresh(home_painted)

def home_painted():
    marks["home"] = (time.perf_counter() - start) * 1000
    app.set_timer(0.5, press_f6)  # F6 as a person presses it: once Home has settled

def press_f6():
    marks["asked"] = time.perf_counter()
    app.action_progress()

def timed_screen(self, report):
    screen_show(self, report)
    if marks.get("asked"):
        self.call_after_refresh(screen_painted, marks.pop("asked"))

def screen_painted(asked):
    marks["progress"].append((time.perf_counter() - asked) * 1000)
    if len(marks["progress"]) == opens:
        app.exit()
    else:
        app.pop_screen()  # Esc, a pause, and F6 again
        app.set_timer(0.3, press_f6)

HomeView.show_progress, ProgressScreen.show = timed_home, timed_screen
app.run(headless=True, size=(100, 32))
print(json.dumps(marks))
"""


def measure(db: Path, opens: int) -> dict[str, float | list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(db), str(opens)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--opens", type=int, default=5, help="times F6 is pressed in each run")
    parser.add_argument("--verbose", action="store_true", help="print every run, not only medians")
    args = parser.parse_args()
    print(f"compiled {compile_app()} to bytecode, as pip install does")

    from workbook.content import load_pack
    from workbook.paths import bundled_lessons_dir
    from workbook.store import open_workbook
    from workbook.store.demo import make_demo

    with tempfile.TemporaryDirectory() as folder:
        empty, recent, full = (Path(folder) / f"{n}.sqlite" for n in ("empty", "recent", "history"))
        store = open_workbook(empty)
        store.set_couple("Sam", "Alex")
        store.close()
        pack = load_pack(bundled_lessons_dir())
        make_demo(recent, pack, today=date.today()).close()
        store = make_demo(full, pack, years=args.years, today=date.today())
        entries = store._conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        answers = store._conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        store.close()
        for db in (empty, recent, full):
            measure(db, 1)  # warm the file cache once, for each
        runs: dict[Path, dict[str, list[float]]] = {
            db: {"home": [], "first": [], "progress": []} for db in (empty, recent, full)
        }
        for _ in range(args.runs):
            for db, figures in runs.items():
                run = measure(db, args.opens)
                opens = cast(list[float], run["progress"])
                figures["home"].append(cast(float, run["home"]))
                figures["first"].append(opens[0])
                figures["progress"].extend(opens)

    print(f"runs: {args.runs} each, interleaved, headless 100x32; F6 pressed {args.opens} times per run")
    print(f"history: {args.years} years, {entries:,} entries, {answers:,} answers")
    for key, label in (
        ("home", "Home with progress (from launch)"),
        ("first", "progress screen, first F6 of a run"),
        ("progress", "progress screen, every F6"),
    ):
        print(f"{label} ({len(runs[empty][key])} samples each):")
        for stat in (statistics.median, min):
            a, r, b = (stat(runs[db][key]) for db in (empty, recent, full))
            print(
                f"  {stat.__name__:6}  empty {a:6.1f} ms · recent weeks {r:6.1f} ms · "
                f"{args.years} years {b:6.1f} ms · history/empty {b / a:.3f} (target 1.05), "
                f"history/recent {b / r:.3f}"
            )
        if args.verbose:
            for db in (empty, recent, full):
                print(f"    {db.stem:8}", " ".join(f"{x:.0f}" for x in runs[db][key]))


if __name__ == "__main__":
    main()
