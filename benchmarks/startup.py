"""Start-up budget: Reconnect's time-to-Home and peak memory against a bare tabbed app.

The floor is Python + Textual: a bare app with a Header, eight tabs and a Footer. The
design allows Reconnect 1.25x the floor's time to its first real screen and 1.3x its
peak memory. Each run is a fresh process (imports included), headless, with the
app's modules compiled to bytecode first, as ``pip install .`` leaves them (see
installed.py). Runs vary by +-20 % on a busy machine: use --runs 15 or more.

    python benchmarks/startup.py [--runs N] [--before DIR]

Prints median milliseconds, peak RSS (MiB), the ratios, the process's CPU time (a
steadier second opinion on a loaded machine) and the load average. With
``--before DIR`` the app in another checkout (a git worktree of an older commit, say)
is measured too, interleaved: what a change bought, under the same load. A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from installed import compile_app, start_mode

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
        self.cpu_ms = time.process_time() * 1000
        self.exit()

app = Bare()
app.run(headless=True, size=(100, 32))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print({"ms": app.ready_ms, "cpu": app.cpu_ms, "rss": rss}.__repr__())
"""

RECONNECT = r"""
import gc, resource, sys, time
start = time.perf_counter()
collector_off = sys.argv[2] == "collector off"
if collector_off:
    gc.disable()  # as workbook/cli.py's cmd_app does first (the app turns it on again)
from pathlib import Path
from workbook.ui.app import make_app
from workbook.ui.screens.main import MainScreen

gc.freeze()  # as workbook/cli.py does just before make_app
import inspect
told = collector_off and "collector_off" in inspect.signature(make_app).parameters
app = make_app(Path(sys.argv[1]), **({"collector_off": True} if told else {}))

def poll():
    main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    if main is not None and main.is_mounted:
        app.call_after_refresh(done)
        timer.stop()

def done():
    app.ready_ms = (time.perf_counter() - start) * 1000
    app.cpu_ms = time.process_time() * 1000
    app.exit()

timer = None
def on_ready():
    global timer
    timer = app.set_interval(0.002, poll)

app.call_later(on_ready)
app.run(headless=True, size=(100, 32))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print({"ms": app.ready_ms, "cpu": app.cpu_ms, "rss": rss}.__repr__())
"""


def measure(code: str, *args: str, path: Path | None = None) -> dict[str, float]:
    env = dict(os.environ)
    if path is not None:  # the app from another checkout
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path), env.get("PYTHONPATH")]))
    # -P: the current folder is not put first on the path. Run from the repository, it
    # held the current `workbook` package ahead of PYTHONPATH, and --before measured
    # the current code twice.
    out = subprocess.run(
        [sys.executable, "-P", "-c", code, *args], capture_output=True, text=True, check=True, env=env
    )
    line = out.stdout.strip().splitlines()[-1]
    figures: dict[str, float] = json.loads(line.replace("'", '"'))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, metavar="DIR", help="also measure the app in DIR")
    args = parser.parse_args()
    package = compile_app()
    print(f"compiled {package} to bytecode, as pip install does")
    if args.before is not None:
        compileall.compile_dir(args.before / "workbook", quiet=1)
    load = os.getloadavg()

    ours_mode = start_mode(package)
    before_mode = start_mode(args.before / "workbook") if args.before is not None else ""

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        from workbook.store import open_workbook

        store = open_workbook(db)
        store.set_couple("Sam", "Alex")
        store.close()
        measure(BARE)  # warm the file cache once, for each
        measure(RECONNECT, str(db), ours_mode)
        if args.before is not None:
            measure(RECONNECT, str(db), before_mode, path=args.before)
        bare, ours, before = [], [], []
        for _ in range(args.runs):  # interleaved, so machine load weighs on all alike
            bare.append(measure(BARE))
            ours.append(measure(RECONNECT, str(db), ours_mode))
            if args.before is not None:
                before.append(measure(RECONNECT, str(db), before_mode, path=args.before))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    b_ms, o_ms = median(bare, "ms"), median(ours, "ms")
    b_cpu, o_cpu = median(bare, "cpu"), median(ours, "cpu")
    b_mb, o_mb = median(bare, "rss"), median(ours, "rss")
    after = os.getloadavg()
    print(f"runs: {args.runs} each, interleaved, headless 100x32, median")
    started = f"Reconnect {ours_mode}" + (f", --before {before_mode}" if before_mode else "")
    print(f"started as each checkout's CLI starts it: {started}")
    print(
        f"load average: before {' '.join(f'{x:.2f}' for x in load)} · after "
        f"{' '.join(f'{x:.2f}' for x in after)} ({os.cpu_count()} cores)"
    )
    print(f"bare tabbed Textual app : {b_ms:7.1f} ms  {b_mb:6.1f} MiB  CPU {b_cpu:6.1f} ms")
    print(f"Reconnect (to Home)     : {o_ms:7.1f} ms  {o_mb:6.1f} MiB  CPU {o_cpu:6.1f} ms")
    if before:
        e_ms, e_mb, e_cpu = median(before, "ms"), median(before, "rss"), median(before, "cpu")
        ratios = f"ratios {e_ms / b_ms:.2f}, {e_mb / b_mb:.2f}, CPU {e_cpu / b_cpu:.2f}"
        print(f"Reconnect in --before   : {e_ms:7.1f} ms  {e_mb:6.1f} MiB  CPU {e_cpu:6.1f} ms  ({ratios})")
    print(f"ratio time   : {o_ms / b_ms:.2f}  (budget 1.25)")
    print(f"ratio memory : {o_mb / b_mb:.2f}  (budget 1.30)")
    # Process CPU time (all threads, interpreter start included): steadier than wall
    # time when others load the machine; not the budget, a second opinion on it.
    print(f"ratio CPU    : {o_cpu / b_cpu:.2f}")


if __name__ == "__main__":
    main()
