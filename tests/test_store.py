"""The workbook file: schema, answers, privacy, and refusing files that are not ours."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW
from workbook.store import (
    MAX_ANSWER_CHARS,
    SCHEMA_VERSION,
    NewerWorkbookError,
    NotAWorkbookError,
    Who,
    Workbook,
    clean_name,
    inspect_file,
    open_workbook,
)
from workbook.store.files import APPLICATION_ID


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_workbook_gets_the_whole_schema(store: Workbook) -> None:
    tables = set(store.db.table_names())
    assert {"partners", "settings", "reading", "entries", "answers", "_sqlite_migrations"} <= tables
    assert store.schema_version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_ok()


def test_reopening_applies_no_migration_twice_and_keeps_answers(db_path: Path) -> None:
    first = open_workbook(db_path)
    entry = first.new_entry("communication", "daily-check-in")
    first.save_answers(entry.id, {("said", Who.FIRST): "kept"})
    first.close()
    again = open_workbook(db_path)
    applied = list(again.db.query("SELECT name FROM _sqlite_migrations"))
    assert len(applied) == len({row["name"] for row in applied}) == SCHEMA_VERSION
    assert again.answers(entry.id)[("said", Who.FIRST)].value == "kept"
    again.close()


def test_new_file_and_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "workbook.sqlite"
    workbook = open_workbook(path)
    workbook.set_couple("Sam", "Alex")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if side.exists():
            assert mode(side) == 0o600
    workbook.close()


def test_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    open_workbook(tmp_path / "w.sqlite").close()
    assert mode(tmp_path) == 0o755


def test_shared_and_per_partner_answers_round_trip(store: Workbook) -> None:
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(
        entry.id,
        {
            ("minutes", Who.SHARED): 7,
            ("said", Who.FIRST): "I missed you 💛 # not a heading",
            ("said", Who.SECOND): "שלום — and a | pipe",
            ("lines", Who.SHARED): [{"item": "Rent", "amount": 900}],
        },
    )
    answers = store.answers(entry.id)
    assert answers[("minutes", Who.SHARED)].value == 7
    assert answers[("said", Who.FIRST)].value == "I missed you 💛 # not a heading"
    assert answers[("said", Who.SECOND)].value == "שלום — and a | pipe"
    assert answers[("lines", Who.SHARED)].value == [{"item": "Rent", "amount": 900}]
    # An update replaces the one row, never adds a second.
    store.save_answers(entry.id, {("said", Who.FIRST): "changed"})
    rows = list(store.db.query("SELECT value FROM answers WHERE field_id = 'said' AND who = 1"))
    assert rows == [{"value": '"changed"'}]


def test_answers_to_retired_fields_are_kept(store: Workbook) -> None:
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(entry.id, {("a-field-that-left", Who.SHARED): "still here"})
    assert store.answers(entry.id)[("a-field-that-left", Who.SHARED)].value == "still here"


def test_odd_unicode_is_stored_not_crashed_on(store: Workbook) -> None:
    entry = store.new_entry("x", "y")
    store.save_answers(entry.id, {("f", Who.SHARED): "lone \ud800 surrogate\x00nul"})
    value = store.answers(entry.id)[("f", Who.SHARED)].value
    assert isinstance(value, str) and value.startswith("lone ") and value.endswith("surrogate\x00nul")


def test_a_huge_answer_is_refused_with_a_message(store: Workbook) -> None:
    entry = store.new_entry("x", "y")
    with pytest.raises(ValueError, match="longer than"):
        store.save_answers(entry.id, {("f", Who.SHARED): "x" * (MAX_ANSWER_CHARS + 1)})
    assert store.answers(entry.id) == {}


def test_open_entry_reuses_one_off_and_todays_draft(store: Workbook) -> None:
    once = store.open_entry("l", "plan", repeatable=False)
    assert store.open_entry("l", "plan", repeatable=False).id == once.id
    daily = store.open_entry("l", "check-in", repeatable=True)
    assert daily.day == "2026-11-25"
    assert store.open_entry("l", "check-in", repeatable=True).id == daily.id
    store.set_done(daily.id, True)
    assert store.entry(daily.id).done  # type: ignore[union-attr]
    assert store.open_entry("l", "check-in", repeatable=True).id != daily.id


def test_current_entry_finds_the_entry_to_open_and_makes_nothing(store: Workbook) -> None:
    # Looking is not writing: no entry is made until the first save (open_entry).
    assert store.current_entry("l", "check-in", repeatable=True) is None
    assert store.current_entry("l", "plan", repeatable=False) is None
    assert store.entry_count() == 0
    daily = store.open_entry("l", "check-in", repeatable=True)
    assert store.current_entry("l", "check-in", repeatable=True) == daily
    store.set_done(daily.id, True)
    assert store.current_entry("l", "check-in", repeatable=True) is None  # a new one next
    once = store.open_entry("l", "plan", repeatable=False)
    store.set_done(once.id, True)
    assert store.current_entry("l", "plan", repeatable=False) == store.entry(once.id)  # one-off
    assert store.entry_count() == 2


def test_an_untouched_draft_from_an_earlier_day_moves_to_today_at_its_first_save(store: Workbook) -> None:
    old = store.new_entry("l", "check-in", date(2026, 11, 20))  # made on opening by an older version
    assert store.current_entry("l", "check-in", repeatable=True) is None
    moved = store.open_entry("l", "check-in", repeatable=True)
    assert (moved.id, moved.day) == (old.id, "2026-11-25")
    assert store.entry_count() == 1


def test_couple_and_settings(store: Workbook) -> None:
    assert store.couple() is None
    store.set_couple("  Sam  ", "Alex\u0007")
    couple = store.couple()
    assert couple is not None and (couple.first, couple.second) == ("Sam", "Alex")
    assert couple.name(Who.SECOND) == "Alex"
    store.set_setting("theme", {"name": "nord"})
    assert store.setting("theme") == {"name": "nord"}
    assert store.setting("missing", 3) == 3


def test_reading_marks(store: Workbook) -> None:
    store.mark_read("communication", "why-it-matters")
    store.mark_read("communication", "why-it-matters")
    store.mark_read("communication", "stumbling-blocks", Who.FIRST)
    assert store.read_sections("communication") == {"why-it-matters", "stumbling-blocks"}
    assert store.read_sections("empathy") == frozenset()


def test_change_mark_moves_on_every_write_and_only_then(store: Workbook) -> None:
    """What the app's progress refresh relies on to skip work when nothing changed."""
    before = store.change_mark()
    reader = store.reopen()
    reader._conn.execute("SELECT count(*) FROM entries").fetchone()
    reader.close(checkpoint=False)
    assert store.change_mark() == before, "reading beside the app is not a change"
    store.mark_read("communication", "intro")
    after_own = store.change_mark()
    assert after_own != before
    other = store.reopen()
    other.set_setting("theme", "light")
    other.close(checkpoint=False)
    assert store.change_mark() != after_own, "another connection's commit is a change too"


@pytest.mark.parametrize("raw", ["", "   ", "x" * 41])
def test_clean_name_refuses_unusable_names(raw: str) -> None:
    with pytest.raises(ValueError):
        clean_name(raw)


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    original = b"these are my private notes\n" * 20
    path.write_bytes(original)
    with pytest.raises(NotAWorkbookError, match="not a Reconnect workbook"):
        open_workbook(path)
    assert path.read_bytes() == original
    assert not Path(f"{path}-wal").exists()


def test_another_programs_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    original = path.read_bytes()
    with pytest.raises(NotAWorkbookError, match="another program"):
        open_workbook(path)
    assert path.read_bytes() == original


def test_a_newer_workbook_is_refused_and_untouched(db_path: Path) -> None:
    open_workbook(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    original = db_path.read_bytes()
    with pytest.raises(NewerWorkbookError, match="newer version"):
        open_workbook(db_path)
    assert db_path.read_bytes() == original


def test_empty_files_become_workbooks(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert inspect_file(empty).exists
    open_workbook(empty).close()
    assert inspect_file(empty).schema_version == SCHEMA_VERSION


def test_a_folder_is_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkbookError, match="is a folder"):
        inspect_file(tmp_path)


def test_store_uses_the_injected_clock(store: Workbook) -> None:
    entry = store.new_entry("l", "w")
    assert entry.created_at == FIXED_NOW.isoformat(timespec="seconds")


def test_a_locked_workbook_refuses_writes_with_a_message_and_keeps_data(
    store: Workbook, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.store import WorkbookLockedError

    entry = store.new_entry("l", "w")
    store._conn.execute("PRAGMA busy_timeout = 50")  # don't wait the full 3 s in a test
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkbookLockedError, match="busy in another program"):
            store.save_answers(entry.id, {("f", Who.SHARED): "later"})
    finally:
        other.rollback()
        other.close()
    store.save_answers(entry.id, {("f", Who.SHARED): "later"})
    assert store.answers(entry.id)[("f", Who.SHARED)].value == "later"


def test_default_path_is_in_the_user_data_folder_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.paths import default_db_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "reconnect" / "workbook.sqlite"
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "mine.sqlite"))
    assert default_db_path() == tmp_path / "mine.sqlite"


def test_a_workbook_under_a_file_is_a_location_error(tmp_path: Path) -> None:
    from workbook.store import WorkbookLocationError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(WorkbookLocationError, match="cannot create the workbook"):
        open_workbook(blocker / "sub" / "workbook.sqlite")


def test_entry_history_previews_newest_first(store: Workbook) -> None:
    from datetime import date

    old = store.new_entry("l", "w", date(2026, 11, 1))
    store.save_answers(old.id, {("said", Who.FIRST): "  We talked   about the\nweekend " + "x" * 80})
    new = store.new_entry("l", "w", date(2026, 11, 20))
    store.save_answers(new.id, {("minutes", Who.SHARED): 5, ("starts", Who.SHARED): "First partner"})
    store.save_answers(old.id, {("heard", Who.SECOND): "earlier field wins"})
    summaries = store.entry_summaries("l", "w", preview_fields=["said", "heard"])
    assert [s.entry.id for s in summaries] == [new.id, old.id]
    assert summaries[0].preview == ""
    assert summaries[1].preview.startswith("We talked about the weekend x")
    assert len(summaries[1].preview) == 60 and summaries[1].preview.endswith("…")


def test_delete_and_undo_restore_an_entry_exactly(store: Workbook) -> None:
    entry = store.new_entry("l", "w")
    store.save_answers(entry.id, {("a", Who.FIRST): "one", ("b", Who.SHARED): [1, 2]})
    store.set_done(entry.id, True)
    before = (store.entry(entry.id), store.answers(entry.id))
    deleted = store.delete_entry(entry.id)
    assert deleted is not None
    assert store.entry(entry.id) is None and store.answers(entry.id) == {}
    store.restore_entry(deleted)
    assert (store.entry(entry.id), store.answers(entry.id)) == before
    assert store.delete_entry(9999) is None


def test_an_untouched_draft_is_reused_on_a_later_day(db_path: Path) -> None:
    from datetime import timedelta

    monday = open_workbook(db_path, clock=lambda: FIXED_NOW)
    empty = monday.open_entry("l", "check-in", repeatable=True)
    monday.close()
    tuesday = open_workbook(db_path, clock=lambda: FIXED_NOW + timedelta(days=1))
    again = tuesday.open_entry("l", "check-in", repeatable=True)
    assert again.id == empty.id and again.day == "2026-11-26"
    tuesday.save_answers(again.id, {("said", Who.FIRST): "hello"})
    tuesday.close()
    wednesday = open_workbook(db_path, clock=lambda: FIXED_NOW + timedelta(days=2))
    third = wednesday.open_entry("l", "check-in", repeatable=True)
    assert third.id != again.id, "a draft with answers keeps its day; a new entry starts"
    assert [e.day for e in wednesday.entries("l", "check-in")] == ["2026-11-27", "2026-11-26"]
    wednesday.close()


def test_migrating_a_version_1_workbook_keeps_every_answer(db_path: Path) -> None:
    import sqlite_utils

    from workbook.store.files import APPLICATION_ID
    from workbook.store.schema import migrations

    # A workbook as version 1 of the app left it: only the first migration.
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m002_entry_parts")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO entries (lesson_id, worksheet_id, day, status, created_at, updated_at) "
        "VALUES ('l', 'w', '2026-01-01', 'done', 't', 't')"
    )
    db.execute("INSERT INTO answers VALUES (1, 'said', 1, '\"kept across versions\"', 't')")
    db.conn.commit()
    db.close()

    upgraded = open_workbook(db_path)
    assert upgraded.schema_version == SCHEMA_VERSION == 4
    assert upgraded.answers(1)[("said", Who.FIRST)].value == "kept across versions"
    assert upgraded.parts_done(1) == frozenset()
    upgraded.close()


def test_parts_done_per_partner(store: Workbook) -> None:
    entry = store.new_entry("l", "w")
    store.set_part_done(entry.id, Who.SECOND)
    store.set_part_done(entry.id, Who.SECOND)
    assert store.parts_done(entry.id) == {Who.SECOND}
    store.set_part_done(entry.id, Who.FIRST)
    assert store.parts_done(entry.id) == {Who.FIRST, Who.SECOND}
    store.set_part_done(entry.id, Who.SECOND, done=False)
    assert store.parts_done(entry.id) == {Who.FIRST}


def test_a_stored_answer_past_the_limit_may_be_edited_but_not_grown(store: Workbook) -> None:
    entry = store.new_entry("l", "w")
    legacy = "x" * (MAX_ANSWER_CHARS + 1000)  # written by another tool, past our limit
    store._conn.execute("INSERT INTO answers VALUES (?, 'f', 0, ?, 't')", [entry.id, json.dumps(legacy)])
    store._conn.commit()
    edited = "y" + legacy[1:]
    store.save_answers(entry.id, {("f", Who.SHARED): edited})  # a typo fixed: same length
    assert store.answers(entry.id)[("f", Who.SHARED)].value == edited
    with pytest.raises(ValueError, match="longer than"):
        store.save_answers(entry.id, {("f", Who.SHARED): edited + "z"})
