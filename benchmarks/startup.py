"""Start-up budget: Reconnect's time-to-Home and peak memory against a bare tabbed app.

The floor is Python + Textual: a bare app with a Header, eight tabs and a Footer. The
design allows Reconnect 1.25x the floor's time to its first real screen and 1.3x its
peak memory. Each run is a fresh process (imports included), headless, with the
app's modules compiled to bytecode first, as ``pip install .`` leaves them (see
installed.py). Runs vary by +-20 % on a busy machine: use --runs 15 or more.

    python benchmarks/startup.py [--runs N]

Prints median milliseconds, peak RSS (MiB) and the ratios. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from installed import compile_app

BARE = r"""
import resource, sys, time
start = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

class Bare(App):
    def compose(self):
        yield Header()
        with TabbedContent():
            for n in range(8):
                with TabPane(f"Tab {n}"):
                    yield Static(f"Pane {n}")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        self.ready_ms = (time.perf_counter() - start) * 1000
        self.exit()

app = Bare()
app.run(headless=True, size=(100, 32))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print({"ms": app.ready_ms, "rss": rss}.__repr__())
"""

RECONNECT = r"""
import resource, sys, time
start = time.perf_counter()
from pathlib import Path
from workbook.ui.app import make_app
from workbook.ui.screens.main import MainScreen

app = make_app(Path(sys.argv[1]))

def poll():
    main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    if main is not None and main.is_mounted:
        app.call_after_refresh(done)
        timer.stop()

def done():
    app.ready_ms = (time.perf_counter() - start) * 1000
    app.exit()

timer = None
def on_ready():
    global timer
    timer = app.set_interval(0.002, poll)

app.call_later(on_ready)
app.run(headless=True, size=(100, 32))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print({"ms": app.ready_ms, "rss": rss}.__repr__())
"""


def measure(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    line = out.stdout.strip().splitlines()[-1]
    return json.loads(line.replace("'", '"'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"compiled {compile_app()} to bytecode, as pip install does")

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        from workbook.store import open_workbook

        store = open_workbook(db)
        store.set_couple("Sam", "Alex")
        store.close()
        measure(BARE)  # warm the file cache once, for both
        measure(RECONNECT, str(db))
        bare, ours = [], []
        for _ in range(args.runs):  # interleaved, so machine load weighs on both alike
            bare.append(measure(BARE))
            ours.append(measure(RECONNECT, str(db)))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    b_ms, o_ms = median(bare, "ms"), median(ours, "ms")
    b_mb, o_mb = median(bare, "rss"), median(ours, "rss")
    print(f"runs: {args.runs} each, interleaved, headless 100x32, median")
    print(f"bare tabbed Textual app : {b_ms:7.1f} ms  {b_mb:6.1f} MiB")
    print(f"Reconnect (to Home)     : {o_ms:7.1f} ms  {o_mb:6.1f} MiB")
    print(f"ratio time   : {o_ms / b_ms:.2f}  (budget 1.25)")
    print(f"ratio memory : {o_mb / b_mb:.2f}  (budget 1.30)")


if __name__ == "__main__":
    main()
