"""Type into the real app in a pseudo-terminal, end it abruptly, count what was lost.

Each round starts ``workbook`` on a workbook of its own (a one-worksheet lesson pack),
opens the worksheet through the command palette, types a word, waits, then ends the
process one way or another, reopens the file and checks that the word is there and
that ``PRAGMA integrity_check`` says ok:

- ``kill``: ``kill -9`` once the debounce has passed (a crash, a power cut);
- ``term``: SIGTERM 0.15 s after a pasted word (a plain ``kill``, a shutdown);
- ``hup``: SIGHUP 0.15 s after a pasted word (the terminal window closed);
- ``quit``: Ctrl+Q in the same write as the last keys;
- ``tab`` / ``esc``: kill -9 0.15 s after leaving the field with Tab, or the worksheet
  with Esc, right behind a pasted word.

Prints one line per mode, ``lost N of M``; exits 1 if anything was lost or damaged.
Usage: ``python benchmarks/killloop.py --rounds 50 [--modes kill,term,hup,quit]``.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from live import Terminal  # noqa: E402  (the pty harness the live benchmarks use too)

PACK = """---
id: tiny
title: Tiny
order: 1
---
# Tiny

## Write

```worksheet
id: notes
title: Notes
fields:
  - {id: line, kind: text, label: A line}
  - {id: more, kind: text, label: More}
```
"""

#: Seconds after the last key before kill -9: longer than the 0.4 s autosave wait.
KILL_AFTER = 0.6
#: Seconds after a pasted word before SIGTERM / SIGHUP: well inside the 0.4 s wait.
SIGNAL_AFTER = 0.15
#: Seconds after Tab or Esc before kill -9. Textual holds a lone Esc for 0.1 s (its
#: ESCDELAY) to tell it from the start of an escape sequence.
LEAVE_AFTER = 0.15


def _workbook(folder: Path) -> tuple[Path, Path]:
    pack = folder / "pack"
    pack.mkdir()
    (pack / "01-tiny.md").write_text(PACK, encoding="utf-8")
    db = folder / "workbook.sqlite"
    code = (
        "import sys; from workbook.store import open_workbook; "
        "s = open_workbook(sys.argv[1]); s.set_couple('Sam', 'Alex'); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    return db, pack


def _kept(db: Path, word: str) -> tuple[bool, bool]:
    """(the word is in the file, the file passes integrity_check)."""
    conn = sqlite3.connect(db)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        values = [row[0] for row in conn.execute("SELECT value FROM answers WHERE field_id = 'line'")]
    finally:
        conn.close()
    return any(word in value for value in values), ok


def one_round(mode: str, n: int, typing_delay: float) -> tuple[bool, bool, bool]:
    """Run one round; returns (shown, kept, intact): whether the word was on screen
    before the app was ended, whether the file has it, whether the file is sound."""
    with tempfile.TemporaryDirectory(prefix="killloop-") as tmp:
        db, pack = _workbook(Path(tmp))
        term = Terminal(db, pack)
        word = f"{mode}{n}word"
        shown = True
        try:
            term.wait_for("Tiny")  # Home lists the lesson
            term.wait_quiet(0.3)
            term.send("\x10")  # Ctrl+P: the command palette
            term.wait_quiet(0.3)
            term.send("Notes")
            term.wait_quiet(0.3)
            term.send("\r")
            term.wait_for("A line")  # the worksheet, its first field focused
            term.wait_quiet(0.3)
            if mode == "quit":
                term.send(word + "\x11")  # the keys and Ctrl+Q in one write
            elif mode == "kill":
                for char in word:  # steady typing, then a crash after the autosave wait
                    term.send(char)
                    time.sleep(typing_delay)
                # Measured from when the word is on screen: a loaded machine may take a
                # moment to draw it, and what was never shown was never typed.
                shown = term.wait_for(word)
                time.sleep(KILL_AFTER)
                term.proc.send_signal(signal.SIGKILL)
            elif mode in ("tab", "esc"):
                # A paste, then leaving the field (Tab) or the worksheet (Esc), then a
                # crash well inside the autosave wait: only leaving can have saved it.
                term.send(word)
                shown = term.wait_for(word)
                term.send("\t" if mode == "tab" else "\x1b")
                time.sleep(LEAVE_AFTER)
                term.proc.send_signal(signal.SIGKILL)
            else:
                # A paste, then the signal well inside the autosave wait: only the
                # app's own handler can save it.
                term.send(word)
                shown = term.wait_for(word)
                time.sleep(SIGNAL_AFTER)
                term.proc.send_signal(signal.SIGTERM if mode == "term" else signal.SIGHUP)
        finally:
            term.end()
        return (shown, *_kept(db, word))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds per mode (default 10)")
    parser.add_argument(
        "--modes", default="kill,term,hup,quit,tab,esc", help="comma-separated: kill,term,hup,quit,tab,esc"
    )
    parser.add_argument(
        "--typing-delay", type=float, default=1 / 12, help="seconds between keys (12 a second)"
    )
    args = parser.parse_args(argv)
    failed = False
    for mode in args.modes.split(","):
        lost = damaged = unseen = 0
        for n in range(args.rounds):
            shown, kept, intact = one_round(mode, n, args.typing_delay)
            unseen += not shown
            lost += shown and not kept
            damaged += not intact
        failed |= bool(lost or damaged or unseen)
        note = f"; never shown {unseen} (the harness, not the app)" if unseen else ""
        rounds = args.rounds
        print(f"{mode:<5} lost {lost} of {rounds}; integrity_check failed {damaged} of {rounds}{note}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
