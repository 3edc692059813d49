"""Export budget: ``workbook export --all`` on ten years of history against its floor.

The floor is the least the job can cost: a bare Python process reading the same rows
(every entry, answer, part and reading mark) with one ``sqlite3`` query each, and
nothing else. The budget is 1 s of wall time for each export and at most 1.3x the
floor's peak memory. Measured, each as a fresh process, interleaved so machine load
weighs on all alike:

- ``export --all -o DIR/``                   (Markdown, completed entries)
- ``export --all --include-drafts -o DIR/``  (Markdown, every entry)
- ``export --all --format json -o DIR/``     (the whole workbook as JSON)

Wall time is from spawning the process to its exit (start-up and imports included, as a
person waits for them); peak memory is the process's own maximum resident set, read
with ``wait4``. The app's modules are compiled to bytecode first, as ``pip install .``
leaves them (see installed.py). This machine's runs vary by +-30 %: use --runs 11 or more.

    python benchmarks/export.py [--runs N] [--years N] [--verbose]

Prints medians (and the fastest run) and the ratios to the floor. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import date
from pathlib import Path

from installed import compile_app

FLOOR = r"""
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = [
    conn.execute(sql).fetchall()
    for sql in (
        "SELECT * FROM entries ORDER BY lesson_id, worksheet_id, day DESC, id DESC",
        "SELECT * FROM answers ORDER BY entry_id",
        "SELECT * FROM entry_parts",
        "SELECT * FROM reading",
    )
]
print(sum(map(len, rows)))
"""

FLOOR_NAME = "floor (bare sqlite3 read)"
#: Budget: seconds of wall time, and peak memory as a multiple of the floor's.
BUDGET_S, BUDGET_RSS = 1.0, 1.3


def run(argv: list[str]) -> tuple[float, float]:
    """Run ``argv`` to its end: (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {error}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--verbose", action="store_true", help="print every run, not only medians")
    args = parser.parse_args()
    print(f"compiled {compile_app()} to bytecode, as pip install does")

    from workbook.content import load_pack
    from workbook.paths import bundled_lessons_dir
    from workbook.store.demo import make_demo

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite"
        store = make_demo(db, load_pack(bundled_lessons_dir()), years=args.years, today=date.today())
        store.close()
        with closing(sqlite3.connect(db)) as conn:
            entries, answers = conn.execute(
                "SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM answers)"
            ).fetchone()
        export = [sys.executable, "-m", "workbook", "export", "--db", str(db), "--all"]
        jobs: dict[str, list[str]] = {
            FLOOR_NAME: [sys.executable, "-c", FLOOR, str(db)],
            "Markdown": [*export, "-o"],
            "Markdown with drafts": [*export, "--include-drafts", "-o"],
            "JSON": [*export, "--format", "json", "-o"],
        }
        figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in jobs}
        for n in range(args.runs + 1):  # the first round only warms the file cache
            for k, (name, argv) in enumerate(jobs.items()):
                out = Path(folder) / f"out-{n}-{k}"  # a new folder each time: nothing to replace
                wall, rss = run(argv + [f"{out}/"] if argv[-1] == "-o" else argv)
                if n:
                    figures[name][0].append(wall)
                    figures[name][1].append(rss)

    print(f"history: {args.years} years, {entries:,} entries, {answers:,} answers")
    print(f"runs: {args.runs} each, interleaved, fresh processes")
    print(f"budget: {BUDGET_S:g} s each, and {BUDGET_RSS:g}x the floor's peak memory")
    floor_wall, floor_rss = (statistics.median(x) for x in figures[FLOOR_NAME])
    for name, (walls, rsss) in figures.items():
        wall, rss = statistics.median(walls), statistics.median(rsss)
        line = f"  {name:26} {wall * 1000:7.0f} ms (fastest {min(walls) * 1000:5.0f}) · peak {rss:6.1f} MiB"
        if name != FLOOR_NAME:
            within = "within" if wall <= BUDGET_S and rss <= BUDGET_RSS * floor_rss else "OVER"
            line += (
                f" · time {wall / floor_wall:5.1f}x · memory {rss / floor_rss:4.2f}x floor · {within} budget"
            )
        print(line)
        if args.verbose:
            print("    ms ", " ".join(f"{w * 1000:.0f}" for w in walls))
            print("    MiB", " ".join(f"{r:.1f}" for r in rsss))


if __name__ == "__main__":
    main()
