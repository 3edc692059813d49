"""The autosaver on its own: batching, retry after a lock, and the size limit."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from workbook.store import MAX_ANSWER_CHARS, Who, Workbook
from workbook.ui.autosave import Autosaver, Draft


class FakeTimer:
    """Stands in for a Textual timer: records that one was started and stopped."""

    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def make(store: Workbook) -> tuple[Autosaver, list[int], list[str], list[FakeTimer]]:
    saved: list[int] = []
    errors: list[str] = []
    timers: list[FakeTimer] = []

    def set_timer(delay: float, callback: Any, name: str = "") -> FakeTimer:
        assert delay <= 0.5, "the design allows a debounce of at most 0.5 s"
        timers.append(FakeTimer())
        return timers[-1]

    return Autosaver(store, set_timer, saved.append, errors.append), saved, errors, timers


def test_changes_wait_for_the_debounce_then_go_in_one_flush(store: Workbook) -> None:
    saver, saved, errors, timers = make(store)
    entry = store.new_entry("l", "w")
    saver.queue(entry.id, "a", Who.FIRST, "h")
    saver.queue(entry.id, "a", Who.FIRST, "hi")
    saver.queue(entry.id, "b", Who.SHARED, 3)
    assert store.answers(entry.id) == {}, "nothing written on a keystroke"
    # One wait per burst, started by its first change and never pushed back by the
    # next keys: steady typing is written at least every DEBOUNCE_SECONDS, so a
    # crash loses at most that much (a restarted wait once let 1.5 s go unsaved).
    assert len(timers) == 1 and not timers[0].stopped, "typing on does not postpone the write"
    assert saver.flush()
    assert saved == [2] and errors == []
    answers = store.answers(entry.id)
    assert answers[("a", Who.FIRST)].value == "hi" and answers[("b", Who.SHARED)].value == 3


def test_a_locked_file_keeps_changes_pending_for_the_next_flush(store: Workbook, db_path: Path) -> None:
    saver, saved, errors, _ = make(store)
    entry = store.new_entry("l", "w")
    store._conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    saver.queue(entry.id, "a", Who.SHARED, "kept")
    assert not saver.flush()
    assert saver.pending == 1 and "busy" in errors[0]
    other.rollback()
    other.close()
    assert saver.flush()
    assert store.answers(entry.id)[("a", Who.SHARED)].value == "kept"


def test_an_oversized_answer_is_reported_and_the_rest_saved(store: Workbook) -> None:
    saver, saved, errors, _ = make(store)
    one, two = store.new_entry("l", "w"), store.new_entry("l", "v")
    saver.queue(one.id, "huge", Who.SHARED, "x" * (MAX_ANSWER_CHARS + 1))
    saver.queue(two.id, "fine", Who.SHARED, "ok")
    saver.flush()
    assert "longer than" in errors[0]
    assert store.answers(two.id)[("fine", Who.SHARED)].value == "ok"


def test_the_side_whose_answer_was_written_over_is_told_once(store: Workbook, db_path: Path) -> None:
    from workbook.store import open_workbook

    told: list[list[tuple[int, str, Who]]] = []
    here, _, _, _ = make(store)
    here._on_overwritten = told.append  # as the app passes it
    elsewhere_store = open_workbook(db_path)  # a second window on the same file
    elsewhere, _, _, _ = make(elsewhere_store)
    elsewhere._on_overwritten = told.append
    entry = store.new_entry("l", "w")

    here.queue(entry.id, "plan", Who.SHARED, "mine")
    here.queue(entry.id, "when", Who.SHARED, "Friday")
    assert here.flush()
    elsewhere.queue(entry.id, "plan", Who.SHARED, "theirs")
    assert elsewhere.flush()
    assert told == [], "the one who wrote last has nothing to be told"

    here.queue(entry.id, "note", Who.SHARED, "more")
    assert here.flush()
    assert told == [[(entry.id, "plan", Who.SHARED)]], "told on its next save, naming only that field"
    assert here.check_overwritten() == [] and len(told) == 1, "told once"
    assert store.answers(entry.id)[("plan", Who.SHARED)].value == "theirs"
    elsewhere_store.close()


def test_a_draft_is_made_by_the_flush_that_writes_its_first_answer(store: Workbook) -> None:
    saver, saved, errors, _ = make(store)
    made: list[int] = []
    draft = Draft(lambda: store.open_entry("l", "w", repeatable=True), lambda entry: made.append(entry.id))
    assert saver.flush() and store.entry_count() == 0, "nothing queued, nothing made"
    saver.queue(draft, "a", Who.SHARED, "first words")
    assert store.entry_count() == 0, "a keystroke makes nothing"
    assert saver.flush()
    assert draft.entry is not None and made == [draft.entry.id]
    assert store.answers(draft.entry.id)[("a", Who.SHARED)].value == "first words"
    saver.queue(draft, "a", Who.SHARED, "more words")  # a draft already made: the same entry
    assert saver.flush()
    assert store.entry_count() == 1 and made == [draft.entry.id]
    assert store.answers(draft.entry.id)[("a", Who.SHARED)].value == "more words"


def test_a_draft_that_cannot_be_made_yet_keeps_its_answers_pending(store: Workbook, db_path: Path) -> None:
    saver, saved, errors, _ = make(store)
    draft = Draft(lambda: store.open_entry("l", "w", repeatable=True), lambda entry: None)
    store._conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    saver.queue(draft, "a", Who.SHARED, "kept")
    assert not saver.flush()
    assert saver.pending == 1 and errors and draft.entry is None
    other.rollback()
    other.close()
    assert saver.flush()
    assert draft.entry is not None and store.entry_count() == 1
    assert store.answers(draft.entry.id)[("a", Who.SHARED)].value == "kept"
