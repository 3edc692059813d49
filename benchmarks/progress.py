"""Progress at scale: Home and the progress screen on ten years of history.

The tracker must not slow down as a couple's history grows: Home (with its progress)
and the progress screen should appear no slower than 1.05x their time on an empty
workbook. A third workbook, the sample with only its recent weeks (``demo --years 0``),
separates the cost of *having* answers on screen (bars, ticks, dates to draw) from the
cost of a long history. Each run is a fresh process, headless at 100x32; the
workbooks are measured interleaved so machine load weighs on all alike.

    python benchmarks/progress.py [--runs N] [--years N]

Prints the median and the fastest run for each, and their ratios. Frames are painted
on a 60 Hz clock, so single runs jump in steps of ~17 ms: use --runs 21 or more.
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

RUN = r"""
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from workbook.ui.app import make_app
from workbook.ui.screens.progress import ProgressScreen
from workbook.ui.widgets.home import HomeView

app = make_app(Path(sys.argv[1]))
marks = {}

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
    if "asked" in marks and "progress" not in marks:
        marks["progress"] = None
        self.call_after_refresh(screen_painted)

def screen_painted():
    marks["progress"] = (time.perf_counter() - marks["asked"]) * 1000
    app.exit()

HomeView.show_progress, ProgressScreen.show = timed_home, timed_screen
app.run(headless=True, size=(100, 32))
print(json.dumps({"home": marks["home"], "progress": marks["progress"]}))
"""


def measure(db: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", RUN, str(db)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--verbose", action="store_true", help="print every run, not only medians")
    args = parser.parse_args()

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
        entries = store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        answers = store.conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        store.close()
        for db in (empty, recent, full):
            measure(db)  # warm the file cache once, for each
        runs: dict[Path, list[dict[str, float]]] = {empty: [], recent: [], full: []}
        for _ in range(args.runs):
            for db, rows in runs.items():
                rows.append(measure(db))

    print(f"runs: {args.runs} each, interleaved, headless 100x32, median")
    print(f"history: {args.years} years, {entries:,} entries, {answers:,} answers")
    for key, label in (
        ("home", "Home with progress (from launch)"),
        ("progress", "progress screen (from F6)"),
    ):
        print(f"{label}:")
        for stat in (statistics.median, min):
            a, r, b = (stat(row[key] for row in runs[db]) for db in (empty, recent, full))
            print(
                f"  {stat.__name__:6}  empty {a:6.1f} ms · recent weeks {r:6.1f} ms · "
                f"{args.years} years {b:6.1f} ms · history/empty {b / a:.3f} (target 1.05), "
                f"history/recent {b / r:.3f}"
            )
        if args.verbose:
            for db in (empty, recent, full):
                print(f"    {db.stem:8}", " ".join(f"{row[key]:.0f}" for row in runs[db]))


if __name__ == "__main__":
    main()
