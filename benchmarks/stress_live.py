"""Stress: two real app instances typing into one workbook at once.

Sam (``workbook --as Sam``) and Alex (``--as Alex``) run in pseudo-terminals of their
own, both on the same worksheet entry, and type steadily (about eight keys a second
each):

1. different fields, for half of ``--seconds``: Sam into the shared line, Alex into
   his own column. Every word typed must be in the file at the end (0 lost), and each
   screen must have drawn the other's words without a key pressed there (the first
   ones: a one-line field shows the beginning of a text wider than its column).
2. the same field, for the other half: both type into one shared field, then both
   leave it; each word replaces the field's text (so that the winner fits on the other
   screen). The file must hold exactly one of the two last words, whole (last writer
   wins per field, never a mix); the other side must have been told ("saved another
   version" beside the field, or the "changed on the other screen" notice) and then
   show the winner.

Then both quit: ``PRAGMA integrity_check`` must say ok and no presence row may be left.
Usage: ``python benchmarks/stress_live.py [--seconds 60]``. Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from live import Terminal  # noqa: E402  (a sibling script, run from anywhere)

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
  - {id: mine, kind: text, label: My line, who: each}
  - {id: same, kind: text, label: One for both}
```
"""

#: Seconds between two keys of one typist (about eight a second, a steady typist).
KEY_GAP = 0.12
TOLD = (b"saved another version", b"Changed elsewhere")


def make_workbook(folder: Path) -> tuple[Path, Path]:
    from live import make_workbook as make

    db, pack = make(folder)
    (pack / "01-tiny.md").write_text(PACK, encoding="utf-8")
    return db, pack


def open_notes(term: Terminal) -> None:
    term.send("\x10")
    term.wait_quiet(0.3)
    term.send("Notes")
    term.wait_quiet(0.3)
    term.send("\r")
    term.wait_for("One for both")
    term.wait_quiet(0.5)


def type_together(
    sam: Terminal, alex: Terminal, prefix: tuple[str, str], seconds: float, *, replace: bool = False
) -> list[list[str]]:
    """Both type numbered words, a key at a time, interleaved; returns the words.

    With ``replace``, each word replaces the field's text (Ctrl+U first), so that the
    last one fits on the other screen, to be seen there.
    """
    words: list[list[str]] = [[], []]
    texts = ["", ""]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for side, term in enumerate((sam, alex)):
            if not texts[side]:
                words[side].append(f"{prefix[side]}{len(words[side]):03d}")
                texts[side] = ("\x15" if replace else "") + words[side][-1] + " "
            term.send(texts[side][0])
            texts[side] = texts[side][1:]
        time.sleep(KEY_GAP)
    for side, term in enumerate((sam, alex)):
        term.send(texts[side])  # finish the word in hand
    return words


def stored(db: Path) -> dict[tuple[str, int], str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT field_id, who, json_extract(value, '$') FROM answers").fetchall()
    finally:
        conn.close()
    return {(field, who): str(value) for field, who, value in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="typing time in all (default 60)")
    args = parser.parse_args(argv)
    half = args.seconds / 2
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="live-stress-") as tmp:
        db, pack = make_workbook(Path(tmp))
        sam = Terminal(db, pack, "Sam")
        sam.wait_for("Tiny")
        alex = Terminal(db, pack, "Alex")
        try:
            alex.wait_for("Sam is here")
            open_notes(sam)
            open_notes(alex)
            alex.send("\t")  # from the shared line to Alex's own (Sam's column is read only)
            alex.wait_quiet(0.3)

            # 1. Different fields.
            words = type_together(sam, alex, ("s", "a"), half)
            sam.send("\t")
            alex.send("\t")  # leaving a field saves it
            time.sleep(1.5)
            found = stored(db)
            line, mine = found.get(("line", 0), ""), found.get(("mine", 2), "")
            lost = [w for w in words[0] if w not in line.split()]
            lost += [w for w in words[1] if w not in mine.split()]
            print(f"different fields: {len(words[0])} + {len(words[1])} words typed, {len(lost)} lost")
            if lost:
                problems.append(f"lost {len(lost)} words: {lost[:5]}")
            # A one-line field shows its beginning once its text is wider than the
            # column: the first words are the ones the other screen can show.
            for term, theirs, who in ((sam, words[1], "Sam"), (alex, words[0], "Alex")):
                unseen = [word for word in theirs[:5] if not term.wait_for(word, limit=3)]
                if unseen:
                    problems.append(f"{who}'s screen never showed the other's words {unseen}")

            # 2. The same field: Alex's Tab took him there; Sam's took him to his own
            # line, and one more passes Alex's (read only) to the same field.
            sam.send("\t")
            sam.wait_quiet(0.3)
            told_before = [sum(t.output.count(m) for m in TOLD) for t in (sam, alex)]
            words = type_together(sam, alex, ("S", "A"), half, replace=True)
            sam.send("\t")
            time.sleep(0.2)
            alex.send("\t")
            time.sleep(1.5)
            same = stored(db).get(("same", 0), "")
            texts = [side[-1] for side in words]
            winner = next((n for n, text in enumerate(texts) if same.strip() == text), None)
            told = [  # occurrences drawn: the bar is redrawn as its text changes
                sum(t.output.count(m) for m in TOLD) - before
                for t, before in zip((sam, alex), told_before, strict=True)
            ]
            names = ("Sam", "Alex")
            if winner is None:
                problems.append(f"the shared field holds neither last word whole: {same[:60]!r}")
                print("same field: no single winner")
            else:
                loser = 1 - winner
                print(
                    f"same field: {len(words[0])} + {len(words[1])} words typed over each other, "
                    f"{names[winner]}'s last one won; "
                    f"{names[loser]} was told ({'yes' if told[loser] else 'no'})"
                )
                if not told[loser]:
                    problems.append(f"{names[loser]} lost the shared field and was never told")
                if not (sam if winner == 1 else alex).wait_for(words[winner][-1], limit=3):
                    problems.append("the winner's text was never drawn on the other screen")
        finally:
            sam.quit()
            alex.quit()
        conn = sqlite3.connect(db)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            left = conn.execute("SELECT count(*) FROM presence").fetchone()[0]
        finally:
            conn.close()
        print(f"integrity_check: {integrity}; presence rows left after quitting: {left}")
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        if left:
            problems.append(f"{left} presence rows left behind")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
