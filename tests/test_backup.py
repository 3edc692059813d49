"""Backup, restore and the JSON export: real files, real SQLite, the CLI as a person runs it."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.test_cli import assert_one_line_error, run
from workbook.content import load_pack
from workbook.export.files import documents
from workbook.export.jsondoc import workbook_json
from workbook.paths import bundled_lessons_dir
from workbook.store import SCHEMA_VERSION, NotAWorkbookError, Who, WorkbookLockedError, open_workbook
from workbook.store.backup import backup, backup_before_start_over, restore
from workbook.store.demo import make_demo

PACK = load_pack(bundled_lessons_dir())
STAMP = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "workbook.sqlite"
    path.parent.mkdir()
    make_demo(path, PACK, today=date(2026, 11, 25)).close()
    return path


def snapshot(path: Path) -> tuple[list[str], dict[str, object]]:
    """Everything a person could get out of the workbook: Markdown and JSON exports."""
    store = open_workbook(path)
    try:
        markdown = [doc.text for doc in documents(store, PACK, drafts=True)]
        data = workbook_json(store, PACK, now=STAMP)
    finally:
        store.close()
    return markdown, data


def test_backup_while_another_connection_writes_is_consistent(demo: Path, tmp_path: Path) -> None:
    writer = open_workbook(demo)
    entry = writer.new_entry("communication", "daily-check-in", date(2026, 11, 26))
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        # Two answers change together in one transaction: a torn copy would split them.
        n = 0
        while not stop.is_set():
            n += 1
            writer.save_answers(entry.id, {("feeling", Who.FIRST): f"v{n}", ("feeling", Who.SECOND): f"v{n}"})
            written.append(n)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [backup(demo, tmp_path / f"copy{i}.sqlite") for i in range(5)]
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert len(written) > 5, "the writer was running during the backups"
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "one self-contained file"
        values = {row[0] for row in conn.execute("SELECT value FROM answers WHERE entry_id = ?", [entry.id])}
        conn.close()
        assert len(values) <= 1, f"a torn copy: {values}"


def test_backup_refuses_to_overwrite_and_to_copy_a_non_workbook(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.sqlite"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        backup(demo, target)
    assert target.read_bytes() == b"keep me"
    backup(demo, target, force=True)
    assert open_workbook(target).couple() is not None
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(NotAWorkbookError):
        backup(text, tmp_path / "c.sqlite")
    assert not (tmp_path / "c.sqlite").exists()


def test_restore_round_trips_exactly_and_keeps_the_current_workbook(demo: Path, tmp_path: Path) -> None:
    before = snapshot(demo)
    copy = backup(demo, tmp_path / "backup.sqlite")
    # Change the workbook after the backup: an edit, a new entry, a deleted entry.
    store = open_workbook(demo)
    first = store.all_entries()[0]
    store.save_answers(first.id, {("feeling", Who.FIRST): "changed after the backup"})
    store.new_entry("repair", "daily-habits", date(2026, 11, 27))
    store.delete_entry(store.all_entries()[1].id)
    store.close()
    changed = snapshot(demo)
    assert changed != before

    kept = restore(copy, demo, now=STAMP)
    assert snapshot(demo) == before, "export before == export after"
    assert kept is not None and kept.parent == demo.parent and "before-restore" in kept.name
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and stat.S_IMODE(demo.stat().st_mode) == 0o600
    assert snapshot(kept) == changed, "the replaced workbook is kept whole"


def test_restore_refuses_bad_files_and_changes_nothing(demo: Path, tmp_path: Path) -> None:
    original = demo.read_bytes()
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    text = tmp_path / "t.txt"
    text.write_text("not a workbook", encoding="utf-8")
    for bad in (other, text):
        with pytest.raises(NotAWorkbookError):
            restore(bad, demo)
    with pytest.raises(Exception, match="no backup"):
        restore(tmp_path / "missing.sqlite", demo)
    assert demo.read_bytes() == original
    assert [p.name for p in demo.parent.iterdir() if "before-restore" in p.name] == []


def test_restore_waits_until_the_app_has_closed_the_workbook(demo: Path, tmp_path: Path) -> None:
    from tests.test_concurrency import Holder

    copy = backup(demo, tmp_path / "backup.sqlite")
    app = Holder(demo)  # another process holds it open, as the running app does
    try:
        app.write("typed")
        before = demo.stat().st_mtime_ns
        with pytest.raises(WorkbookLockedError, match="close it"):
            restore(copy, demo)
        # A checkpoint folded into the file is no change to it; what counts is that
        # it was not replaced, and the app's log is still beside it.
        assert Path(f"{demo}-wal").exists() and demo.stat().st_mtime_ns == before
    finally:
        app.kill()
    assert restore(copy, demo) is not None


def test_restoring_an_older_backup_upgrades_it_keeping_every_answer(demo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    backup(demo, old)
    conn = sqlite3.connect(old)
    answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    # Back to version 1: undo migrations 2 and 3.
    for sql in ("DROP TABLE entry_parts", "DROP TABLE progress_resets", "DROP INDEX entries_done"):
        conn.execute(sql)
    for index in ("entries_by_created", "entries_by_completed"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m002_entry_parts', 'm003_progress')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    restore(old, demo)
    store = open_workbook(demo)
    assert store.schema_version == SCHEMA_VERSION
    assert store._conn.execute("SELECT count(*) FROM answers").fetchone()[0] == answers
    store.close()


def test_json_export_holds_everything(demo: Path) -> None:
    store = open_workbook(demo)
    store.mark_read("seek-help", "intro", Who.SECOND)
    data = workbook_json(store, PACK, now=STAMP)
    marks = store._conn.execute("SELECT count(*) FROM reading").fetchone()[0]
    stored_answers = store._conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    entries = store._conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    store.close()
    assert data["format"] == "reconnect-workbook" and data["format_version"] == 1
    assert data["couple"] == {"first": "Sam", "second": "Alex"}
    assert data["exported_at"] == "2026-11-25T18:30:00+00:00"
    assert len(data["entries"]) == entries
    assert sum(len(e["answers"]) for e in data["entries"]) == stored_answers
    assert len(data["reading"]) == marks
    assert {"lesson": "seek-help", "section": "intro", "who": "second"} in [
        {k: mark[k] for k in ("lesson", "section", "who")} for mark in data["reading"]
    ]
    habit_days = {(h["day"], h["who"]) for h in data["habits"]}
    assert habit_days and all(who in ("first", "second") for _, who in habit_days)
    sample = next(e for e in data["entries"] if e["worksheet"] == "daily-check-in")
    assert sample["worksheet_title"] and all(a["label"] for a in sample["answers"])
    assert json.loads(json.dumps(data)) == data


def test_cli_backup_restore_and_json(demo: Path, tmp_path: Path) -> None:
    made = run("backup", "--db", str(demo), "-o", str(tmp_path / "keep") + "/")
    assert made.returncode == 0, made.stderr
    copy = Path(made.stdout.strip())
    assert copy.parent.name == "keep" and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    again = run("backup", "--db", str(demo), "-o", str(copy))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert run("backup", "--db", str(demo), "-o", str(copy), "--force").returncode == 0

    restored = run("restore", str(copy), "--db", str(demo))
    assert restored.returncode == 0, restored.stderr
    assert "Your previous workbook is kept as" in restored.stdout
    text = tmp_path / "t.txt"
    text.write_text("x", encoding="utf-8")
    assert_one_line_error(run("restore", str(text), "--db", str(demo)), 2, "nothing was changed")

    out = run("export", "--db", str(demo), "--all", "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout)["couple"]["first"] == "Sam"
    written = run("export", "--db", str(demo), "--all", "--format", "json", "-o", str(tmp_path / "j") + "/")
    path = Path(written.stdout.strip())
    assert path.suffix == ".json" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert_one_line_error(
        run("export", "--db", str(demo), "--lesson", "finances", "--format", "json"), 2, "use it with --all"
    )


def test_a_second_backup_into_a_folder_the_same_day_gets_its_own_name(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup(demo, folder)
    second = backup(demo, folder)
    assert first != second and first.exists() and second.exists()
    assert second.name.startswith(first.stem + "-")


def test_the_backup_before_a_start_over_sits_beside_the_workbook_one_a_day(demo: Path) -> None:
    day = date(2026, 11, 25)
    first = backup_before_start_over(demo, day)
    assert first == demo.with_name("workbook.before-start-over-2026-11-25.sqlite")
    assert snapshot(first) == snapshot(demo)
    assert backup_before_start_over(demo, day) == first  # the same day: replaced, not refused
    assert sorted(p.name for p in demo.parent.glob("*.sqlite")) == [first.name, demo.name]
