"""Presence and change counters in the store: who has the workbook open, what changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import LESSONS
from workbook.store import Who, Workbook, open_workbook
from workbook.store.backup import backup
from workbook.store.presence import (
    STALE_SECONDS,
    announce,
    content_mark,
    data_version,
    heartbeat,
    leave,
    move,
    present,
    revisions,
)

NOW = 1_800_000_000.0


def test_an_announced_app_is_present_until_it_leaves(store: Workbook) -> None:
    announce(store, "a", Who.FIRST, "Home", now=NOW)
    announce(store, "b", Who.SECOND, "Budget meeting", now=NOW)
    seen = present(store, now=NOW + 1, besides="a")
    assert [(p.instance, p.who, p.place) for p in seen] == [("b", Who.SECOND, "Budget meeting")]
    leave(store, "b")
    assert present(store, now=NOW + 1, besides="a") == []


def test_a_stale_heartbeat_is_ignored_and_a_fresh_one_counts_again(store: Workbook) -> None:
    announce(store, "b", Who.SECOND, now=NOW)
    assert present(store, now=NOW + STALE_SECONDS)
    assert present(store, now=NOW + STALE_SECONDS + 1) == []
    assert heartbeat(store, "b", now=NOW + STALE_SECONDS + 2)
    assert [p.instance for p in present(store, now=NOW + STALE_SECONDS + 2)] == ["b"]


def test_long_gone_rows_are_cleared_and_their_app_announces_again(store: Workbook) -> None:
    announce(store, "gone", Who.FIRST, now=NOW)
    announce(store, "new", Who.SECOND, now=NOW + 10 * STALE_SECONDS)
    assert not heartbeat(store, "gone", now=NOW + 10 * STALE_SECONDS), "its row was cleared"
    move(store, "gone", Who.FIRST, "Home", now=NOW + 10 * STALE_SECONDS)
    assert {p.instance for p in present(store, now=NOW + 10 * STALE_SECONDS)} == {"gone", "new"}


def test_heartbeats_are_not_content_changes_but_answers_are(store: Workbook) -> None:
    announce(store, "a", Who.FIRST, now=NOW)
    before, mark = revisions(store), content_mark(store)
    heartbeat(store, "a", now=NOW + 3)
    assert revisions(store) == before, "a heartbeat alone moves no counter"
    move(store, "a", Who.FIRST, "Progress", now=NOW + 4)
    assert revisions(store)["presence"] == before["presence"] + 1
    assert content_mark(store) == mark
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(entry.id, {("said", Who.FIRST): "x"})
    after = revisions(store)
    assert after["answers"] > before["answers"] and after["entries"] > before["entries"]
    assert content_mark(store) != mark
    store.mark_read("communication", "intro")
    assert revisions(store)["reading"] == after["reading"] + 1


def test_a_cascade_delete_counts_as_an_answer_change(store: Workbook) -> None:
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(entry.id, {("said", Who.FIRST): "x"})
    before = revisions(store)["answers"]
    store.delete_entry(entry.id)
    assert revisions(store)["answers"] > before


def test_data_version_moves_only_for_other_connections(store: Workbook, db_path: Path) -> None:
    start = data_version(store)
    store.set_couple("Sam", "Alex")
    assert data_version(store) == start, "our own commits do not count"
    other = open_workbook(db_path)
    try:
        announce(other, "b", Who.SECOND, now=NOW)
    finally:
        other.close(checkpoint=False)
    assert data_version(store) != start


def test_presence_is_never_backed_up(store: Workbook, db_path: Path, tmp_path: Path) -> None:
    store.set_couple("Sam", "Alex")
    announce(store, "a", Who.FIRST, "Somewhere private", now=NOW)
    for n in range(3):  # a page that keeps rows after the delete keeps freed bytes too
        announce(store, f"other-{n}", Who.SECOND, "Elsewhere", now=NOW)
    copy = backup(db_path, tmp_path / "copy.sqlite")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM presence").fetchone()[0] == 0
        assert conn.execute("SELECT name FROM partners WHERE slot = 1").fetchone()[0] == "Sam"
    finally:
        conn.close()
    assert b"Somewhere private" not in copy.read_bytes(), "not even in free pages"
    assert present(store, now=NOW), "the workbook itself keeps it"


def test_presence_is_never_exported(store: Workbook) -> None:
    from workbook.content import open_pack
    from workbook.export.jsondoc import workbook_json_text

    store.set_couple("Sam", "Alex")
    announce(store, "instance-id", Who.FIRST, "Budget meeting", now=NOW)
    text = workbook_json_text(store, open_pack(LESSONS))
    assert "instance-id" not in text and "Budget meeting" not in text
    assert "presence" not in json.loads(text)
