"""``workbook demo``: a deterministic sample that covers every worksheet."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from tests.test_cli import run
from workbook.content import load_pack
from workbook.paths import bundled_lessons_dir
from workbook.store.demo import make_demo

TODAY = date(2026, 11, 25)


def dump(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT e.lesson_id, e.worksheet_id, e.day, e.status, a.field_id, a.who, a.value "
            "FROM entries e JOIN answers a ON a.entry_id = e.id ORDER BY e.id, a.field_id, a.who"
        ).fetchall()
    finally:
        conn.close()


def test_same_seed_same_sample_and_every_worksheet_is_filled(tmp_path: Path) -> None:
    pack = load_pack(bundled_lessons_dir())
    make_demo(tmp_path / "a.sqlite", pack, seed=7, today=TODAY).close()
    make_demo(tmp_path / "b.sqlite", pack, seed=7, today=TODAY).close()
    make_demo(tmp_path / "c.sqlite", pack, seed=8, today=TODAY).close()
    a = dump(tmp_path / "a.sqlite")
    assert a == dump(tmp_path / "b.sqlite")
    assert a != dump(tmp_path / "c.sqlite")
    filled = {(row[0], row[1]) for row in a}
    every = {(lesson.id, w.id) for lesson in pack.lessons for w in lesson.worksheets}
    assert filled == every
    text = " ".join(str(row[6]) for row in a)
    for awkward in ("#", "|", "`", ">", "💛", "שלום"):
        assert awkward in text
    per_partner = {row[5] for row in a}
    assert per_partner == {0, 1, 2}


def test_years_add_weekly_check_ins_and_daily_habits(tmp_path: Path) -> None:
    pack = load_pack(bundled_lessons_dir())
    store = make_demo(tmp_path / "y.sqlite", pack, years=2, today=TODAY)
    counts = dict(
        store._conn.execute("SELECT worksheet_id, count(*) FROM entries GROUP BY worksheet_id").fetchall()
    )
    store.close()
    assert 104 <= counts["daily-check-in"] <= 110
    assert 500 <= counts["daily-habits"] <= 730


def test_cli_refuses_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_text("mine", encoding="utf-8")
    refused = run("demo", "--db", str(path), "--today", "2026-11-25")
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert path.read_text(encoding="utf-8") == "mine"
    forced = run("demo", "--db", str(path), "--today", "2026-11-25", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Created a sample workbook" in forced.stdout
    assert dump(path)


def test_a_done_reveal_worksheet_in_the_sample_has_been_revealed(tmp_path: Path) -> None:
    from workbook.store import PARTNERS, open_workbook

    pack = load_pack(bundled_lessons_dir())
    make_demo(tmp_path / "d.sqlite", pack, today=TODAY).close()
    store = open_workbook(tmp_path / "d.sqlite")
    try:
        reveal = [(lesson.id, w.id) for lesson in pack.lessons for w in lesson.worksheets if w.reveal]
        assert reveal, "the pack has worksheets answered in turns"
        for lesson_id, worksheet_id in reveal:
            for entry in store.entries(lesson_id, worksheet_id):
                if entry.done:
                    assert store.parts_done(entry.id) == frozenset(PARTNERS), worksheet_id
    finally:
        store.close()
