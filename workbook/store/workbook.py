"""The workbook file: one SQLite database per couple, through sqlite-utils.

Migrations and writes go through sqlite-utils. It costs ~60–90 ms to import, which
the start-up budget cannot afford, so a workbook whose schema is current opens on the
standard-library connection alone, reads run on that connection, and the sqlite-utils
``Database`` around it is created on the first write (the app warms the import in a
worker once Home is on screen).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

from workbook.store.connection import (
    check_readable,
    connect,
    database,
    forget_new_file,
    migrate,
    write_locked,
)
from workbook.store.errors import (
    WorkbookError,
    WorkbookLocationError,
    WorkbookLockedError,
    is_locked,
    workbook_error,
)
from workbook.store.files import (
    SCHEMA_VERSION,
    check_header,
    check_writable,
    create_private_file,
    inspect_file,
    make_private,
    read_header,
)
from workbook.store.models import Answer, Couple, DeletedEntry, Entry, EntrySummary, ReadMark, Who
from workbook.store.values import (
    MAX_ANSWER_CHARS,
    JSONValue,
    SQLValue,
    answer_length,
    clean_name,
    encode,
)

__all__ = ["MAX_ANSWER_CHARS", "READING_AS", "Workbook", "answer_length", "clean_name", "open_workbook"]

#: Setting: who reads (0 together, 1 / 2 one partner alone).
READING_AS = "reading_as"

Clock = Callable[[], datetime]

# Upserts are written out rather than left to sqlite-utils' Table.upsert(): that one
# probes the connection for ON CONFLICT support once (by creating a scratch table in
# the couple's file), and a probe that meets a lock caches "unsupported" for good; its
# fallback (INSERT OR IGNORE of the keys, then UPDATE) then silently writes nothing to
# a table with NOT NULL columns. Found by a test; see the foundation issue's notes.
_UPSERT_ANSWER = (
    "INSERT INTO answers (entry_id, field_id, who, value, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (entry_id, field_id, who) DO UPDATE SET value = excluded.value, "
    "updated_at = excluded.updated_at"
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Workbook:
    """A couple's workbook file. Obtain one with :func:`open_workbook`.

    Every write runs in one transaction. Methods return dataclasses from
    :mod:`workbook.store.models`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock = _utc_now) -> None:
        conn.row_factory = sqlite3.Row
        self._conn = conn
        """The connection: private to the store package (SQL lives only in the store)."""
        self.path = path
        self._clock = clock
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The sqlite-utils ``Database`` on this workbook's connection (made on first use)."""
        if self._db is None:
            self._db = database(self._conn)
        return self._db

    def _cursor(self, sql: str, params: Sequence[SQLValue] = ()) -> sqlite3.Cursor:
        """Run a read-only query and return its cursor, for the store's own modules
        (the progress rules stream large results); nothing outside ``workbook.store``
        runs SQL."""
        return self._conn.execute(sql, params)

    def last_entry(self) -> tuple[str, str] | None:
        """(worksheet id, day) of the entry changed last, or None."""
        latest = "SELECT worksheet_id, day FROM entries ORDER BY updated_at DESC, id DESC LIMIT 1"
        for row in self._rows(latest):
            return (row["worksheet_id"], row["day"])
        return None

    def entry_count(self) -> int:
        """How many entries the workbook holds."""
        return int(self._rows("SELECT count(*) FROM entries")[0][0])

    def _rows(self, sql: str, params: Sequence[SQLValue] = ()) -> list[sqlite3.Row]:
        """Run a read-only query on the connection (no sqlite-utils needed).

        Raises:
            WorkbookError: (a subclass) when SQLite fails, e.g. on a damaged page.
        """
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise workbook_error(self.path, error, "read") from error

    # -- housekeeping -------------------------------------------------------------

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

    def today(self) -> date:
        """Today's date by the workbook's clock (local time)."""
        return self._clock().astimezone().date()

    @contextmanager
    def _write(self) -> Iterator[Database]:
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.DatabaseError as error:
            if is_locked(error):
                raise WorkbookLockedError(
                    f"{self.path} is busy in another program; your change will be saved on the next try"
                ) from error
            raise workbook_error(self.path, error, "save to") from error

    @property
    def schema_version(self) -> int:
        """The file's schema version (``PRAGMA user_version``)."""
        return int(self._rows("PRAGMA user_version")[0][0])

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        return bool(self._rows("PRAGMA integrity_check")[0][0] == "ok")

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint the write-ahead log and close the file.

        A reader beside the app's own connection passes ``checkpoint=False``: resetting
        the log counts as a change for the other connection (see :meth:`change_mark`).
        """
        if checkpoint:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another connection is reading; the log is merged later
        self._conn.close()

    # -- the couple ---------------------------------------------------------------

    def couple(self) -> Couple | None:
        """The partners' names, or None before onboarding."""
        names = {row["slot"]: row["name"] for row in self._rows("SELECT slot, name FROM partners")}
        if 1 not in names or 2 not in names:
            return None
        return Couple(names[1], names[2])

    def set_couple(self, first: str, second: str) -> Couple:
        """Store the two partners' names (validated with :func:`clean_name`)."""
        couple = Couple(clean_name(first), clean_name(second))
        with self._write() as db:
            db.conn.executemany(
                "INSERT INTO partners (slot, name) VALUES (?, ?) "
                "ON CONFLICT (slot) DO UPDATE SET name = excluded.name",
                [(1, couple.first), (2, couple.second)],
            )
        return couple

    # -- settings -----------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored setting (JSON-decoded), or ``default``."""
        for row in self._rows("SELECT value FROM settings WHERE key = ?", [key]):
            return json.loads(row["value"])
        return default

    def set_setting(self, key: str, value: JSONValue) -> None:
        """Store a setting (a JSON value)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, encode(value)],
            )

    # -- reading progress ---------------------------------------------------------

    def mark_read(self, lesson_id: str, section_id: str, who: Who = Who.SHARED) -> None:
        """Record that a section was read (together by default); the first time counts."""
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO reading (lesson_id, section_id, who, read_at) VALUES (?, ?, ?, ?)",
                [lesson_id, section_id, int(who), self._now()],
            )

    def reader(self) -> Who:
        """Who reads, as last chosen: together (the default) or one partner alone."""
        return Who(int(self.setting(READING_AS, 0)))

    def set_reader(self, who: Who) -> None:
        """Remember who reads from now on (the sections they read are marked for them)."""
        self.set_setting(READING_AS, int(who))

    def read_sections(self, lesson_id: str) -> frozenset[str]:
        """Ids of the lesson's sections that anyone has read."""
        rows = self._rows("SELECT DISTINCT section_id FROM reading WHERE lesson_id = ?", [lesson_id])
        return frozenset(row["section_id"] for row in rows)

    def reset_progress(self, lesson_ids: Sequence[str], *, delete_answers: bool = False) -> None:
        """Start lessons over: their reading marks go, and earlier completions stop
        counting. Entries and answers stay unless ``delete_answers``."""
        now = self._now()
        with self._write() as db:
            for lesson_id in lesson_ids:
                db.execute("DELETE FROM reading WHERE lesson_id = ?", [lesson_id])
                db.execute(
                    "INSERT INTO progress_resets (lesson_id, reset_at) VALUES (?, ?) "
                    "ON CONFLICT (lesson_id) DO UPDATE SET reset_at = excluded.reset_at",
                    [lesson_id, now],
                )
                if delete_answers:
                    db.execute("DELETE FROM entries WHERE lesson_id = ?", [lesson_id])

    def reopen(self) -> Workbook:
        """A second connection to the same file, with the same clock (for a worker thread).

        Only a connection: the file was checked and migrated when this one opened, and
        checking it again would mean reading it outside this connection.
        """
        try:
            conn = connect(self.path)
        except sqlite3.DatabaseError as error:
            raise workbook_error(self.path, error, "read") from error
        return Workbook(conn, self.path, self._clock)

    def change_mark(self) -> tuple[int, int]:
        """A mark that moves whenever the file changes: rows this connection changed,
        and SQLite's count of commits by other connections.

        Two equal marks mean nothing was written in between, so whatever was derived
        from the file then (such as progress) still holds.
        """
        (others,) = self._conn.execute("PRAGMA data_version").fetchone()
        return (self._conn.total_changes, others)

    def read_marks(self) -> list[ReadMark]:
        """Every reading mark, in the order they were made."""
        rows = self._rows("SELECT * FROM reading ORDER BY read_at, lesson_id, section_id, who")
        return [ReadMark(r["lesson_id"], r["section_id"], Who(r["who"]), r["read_at"]) for r in rows]

    # -- entries ------------------------------------------------------------------

    @staticmethod
    def _entry(row: sqlite3.Row) -> Entry:
        return Entry(
            id=row["id"],
            lesson_id=row["lesson_id"],
            worksheet_id=row["worksheet_id"],
            day=row["day"],
            status=row["status"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            completed_at=row["completed_at"],
        )

    def entry(self, entry_id: int) -> Entry | None:
        """One entry by id, or None."""
        for row in self._rows("SELECT * FROM entries WHERE id = ?", [entry_id]):
            return self._entry(row)
        return None

    def entries(self, lesson_id: str, worksheet_id: str) -> list[Entry]:
        """A worksheet's entries, newest first."""
        rows = self._rows(
            "SELECT * FROM entries WHERE lesson_id = ? AND worksheet_id = ? ORDER BY day DESC, id DESC",
            [lesson_id, worksheet_id],
        )
        return [self._entry(row) for row in rows]

    def all_entries(self) -> list[Entry]:
        """Every entry of the workbook, oldest first (for whole-workbook exports)."""
        return [self._entry(row) for row in self._rows("SELECT * FROM entries ORDER BY day, id")]

    def entry_summaries(
        self, lesson_id: str, worksheet_id: str, preview_fields: Sequence[str] = (), preview_chars: int = 60
    ) -> list[EntrySummary]:
        """A worksheet's entries, newest first, each with a one-line preview.

        Args:
            lesson_id: The lesson.
            worksheet_id: The worksheet.
            preview_fields: Field ids to preview from, best first (the worksheet's
                writing fields); the first one answered gives the preview.
            preview_chars: Longest preview.
        """
        entries = [
            self._entry(row)
            for row in self._rows(
                "SELECT * FROM entries WHERE lesson_id = ? AND worksheet_id = ? ORDER BY day DESC, id DESC",
                [lesson_id, worksheet_id],
            )
        ]
        rank = {field_id: n for n, field_id in enumerate(preview_fields)}
        best: dict[int, tuple[int, int, str]] = {}
        if rank:
            marks = ", ".join("?" for _ in rank)
            rows = self._rows(
                "SELECT a.entry_id, a.field_id, a.who, json_extract(a.value, '$') AS text FROM answers a "
                "JOIN entries e ON e.id = a.entry_id "
                f"WHERE e.lesson_id = ? AND e.worksheet_id = ? AND a.field_id IN ({marks}) "
                "AND json_type(a.value) = 'text'",
                [lesson_id, worksheet_id, *rank],
            )
            for row in rows:
                text = " ".join(str(row["text"]).split())
                key = (rank[row["field_id"]], row["who"], text)
                if text and (row["entry_id"] not in best or key < best[row["entry_id"]]):
                    best[row["entry_id"]] = key
        result = []
        for entry in entries:
            text = best[entry.id][2] if entry.id in best else ""
            if len(text) > preview_chars:
                text = text[: preview_chars - 1].rstrip() + "…"
            result.append(EntrySummary(entry, text))
        return result

    def delete_entry(self, entry_id: int) -> DeletedEntry | None:
        """Delete an entry and its answers; returns what is needed to restore it."""
        found = self._rows("SELECT * FROM entries WHERE id = ?", [entry_id])
        if not found:
            return None
        answers = self._rows("SELECT * FROM answers WHERE entry_id = ?", [entry_id])
        deleted = DeletedEntry(dict(found[0]), tuple(dict(a) for a in answers))
        with self._write() as db:
            db.execute("DELETE FROM entries WHERE id = ?", [entry_id])  # answers go with it (cascade)
        return deleted

    def restore_entry(self, deleted: DeletedEntry) -> None:
        """Put a deleted entry back exactly as it was (same id, same answers)."""
        row = deleted.row
        with self._write() as db:
            db.execute(
                f"INSERT INTO entries ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            for answer in deleted.answers:
                db.execute(
                    f"INSERT INTO answers ({', '.join(answer)}) VALUES ({', '.join('?' for _ in answer)})",
                    list(answer.values()),
                )

    def new_entry(self, lesson_id: str, worksheet_id: str, day: date | None = None) -> Entry:
        """Start a new entry of a worksheet, dated ``day`` (today by default)."""
        now = self._now()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO entries (lesson_id, worksheet_id, day, status, created_at, updated_at) "
                "VALUES (?, ?, ?, 'draft', ?, ?)",
                [lesson_id, worksheet_id, (day or self.today()).isoformat(), now, now],
            )
            entry_id = cursor.lastrowid
        assert entry_id is not None, "an INSERT always sets lastrowid"
        found = self.entry(entry_id)
        assert found is not None
        return found

    def current_entry(self, lesson_id: str, worksheet_id: str, *, repeatable: bool) -> Entry | None:
        """The entry a worksheet opens on, or None: it opens on a draft not made yet.

        Read only: an entry exists once something is written in it, so opening a
        worksheet just to look makes nothing (nor counts as activity). A one-off
        worksheet has a single entry; a repeatable one continues its newest entry while
        that is a draft from today. The draft's first save calls :meth:`open_entry`.
        """
        newest = self._newest_entry(lesson_id, worksheet_id)
        if newest is not None and (
            not repeatable or (not newest.done and newest.day == self.today().isoformat())
        ):
            return newest
        return None

    def entry_to_open(
        self,
        lesson_id: str,
        worksheet_id: str,
        *,
        repeatable: bool,
        entry_id: int | None = None,
        new: bool = False,
    ) -> Entry | None:
        """The entry a worksheet opens on: ``entry_id`` if it is this worksheet's, none
        for a ``new`` one, else :meth:`current_entry`. None means a draft, which its
        first save makes. Read only."""
        if new:
            return None
        found = self.entry(entry_id) if entry_id is not None else None
        if found is not None and found.worksheet_id == worksheet_id:
            return found
        return self.current_entry(lesson_id, worksheet_id, repeatable=repeatable)

    def open_entry(self, lesson_id: str, worksheet_id: str, *, repeatable: bool) -> Entry:
        """The entry :meth:`current_entry` finds, made if there is none (a first save).

        An untouched draft from an earlier day (left by an older version, which made
        an entry on opening) moves to today rather than leaving an empty entry behind.
        """
        # Decided and made under the write lock: two screens saving the first answer of
        # the same worksheet at the same moment must find one entry, not make one each.
        with self._immediate():
            found = self.current_entry(lesson_id, worksheet_id, repeatable=repeatable)
            if found is not None:
                return found
            newest = self._newest_entry(lesson_id, worksheet_id)
            if newest is not None and not newest.done and not self.answers(newest.id):
                today = self.today().isoformat()
                with self._write() as db:
                    db.execute("UPDATE entries SET day = ? WHERE id = ?", [today, newest.id])
                moved = self.entry(newest.id)
                assert moved is not None
                return moved
            return self.new_entry(lesson_id, worksheet_id)

    def _newest_entry(self, lesson_id: str, worksheet_id: str) -> Entry | None:
        """A worksheet's newest entry (by its day, then as made), or None."""
        rows = self._rows(
            "SELECT * FROM entries WHERE lesson_id = ? AND worksheet_id = ? "
            "ORDER BY day DESC, id DESC LIMIT 1",
            [lesson_id, worksheet_id],
        )
        return self._entry(rows[0]) if rows else None

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A transaction that holds the write lock from its first statement, so what it
        reads cannot change before it writes (writes inside nest as savepoints)."""
        try:
            with write_locked(self._conn):
                yield
        except sqlite3.DatabaseError as error:
            raise workbook_error(self.path, error, "save to") from error

    def set_done(self, entry_id: int, done: bool) -> None:
        """Mark an entry done (or back to draft)."""
        with self._write() as db:
            db.execute(
                "UPDATE entries SET status = ?, completed_at = ? WHERE id = ?",
                ["done" if done else "draft", self._now() if done else None, entry_id],
            )

    # -- each partner's part (reveal worksheets) ----------------------------------

    def parts_done(self, entry_id: int) -> frozenset[Who]:
        """The partners who have marked their part of an entry done."""
        rows = self._rows("SELECT who FROM entry_parts WHERE entry_id = ?", [entry_id])
        return frozenset(Who(row["who"]) for row in rows)

    def set_part_done(self, entry_id: int, who: Who, done: bool = True) -> None:
        """Record (or take back) that a partner finished their part of an entry."""
        with self._write() as db:
            if done:
                db.execute(
                    "INSERT OR IGNORE INTO entry_parts (entry_id, who, done_at) VALUES (?, ?, ?)",
                    [entry_id, int(who), self._now()],
                )
            else:
                db.execute("DELETE FROM entry_parts WHERE entry_id = ? AND who = ?", [entry_id, int(who)])

    # -- answers ------------------------------------------------------------------

    def answers(self, entry_id: int) -> dict[tuple[str, Who], Answer]:
        """Every stored answer of an entry, keyed by (field id, who).

        Answers to fields that have since left the lesson are included: they are
        never deleted, and the UI and export show them as retired answers.
        """
        rows = self._rows(
            "SELECT entry_id, field_id, who, value, updated_at FROM answers WHERE entry_id = ?",
            [entry_id],
        )
        result: dict[tuple[str, Who], Answer] = {}
        for row in rows:
            who = Who(row["who"])
            result[(row["field_id"], who)] = Answer(
                entry_id, row["field_id"], who, json.loads(row["value"]), row["updated_at"]
            )
        return result

    def stored_values(self, keys: Sequence[tuple[int, str, Who]]) -> dict[tuple[int, str, Who], object]:
        """The stored value of each (entry id, field id, who); answers not stored are left out."""
        wanted = set(keys)
        result: dict[tuple[int, str, Who], object] = {}
        for entry_id in sorted({key[0] for key in wanted}):
            for row in self._rows("SELECT field_id, who, value FROM answers WHERE entry_id = ?", [entry_id]):
                key = (entry_id, row["field_id"], Who(row["who"]))
                if key in wanted:
                    result[key] = json.loads(row["value"])
        return result

    def save_answers(self, entry_id: int, values: Mapping[tuple[str, Who], object]) -> None:
        """Store several answers of one entry in one transaction.

        An answer longer than :data:`MAX_ANSWER_CHARS` is refused, unless the stored one
        was already longer (written by an older version or another tool) and this one is
        no longer than it: stored text is never shortened, only new growth refused.

        Raises:
            ValueError: if an answer is longer than :data:`MAX_ANSWER_CHARS`.
            WorkbookLockedError: if another program keeps the file locked.
        """
        if not values:
            return
        for (field_id, who), value in values.items():
            length = answer_length(value)
            if length > MAX_ANSWER_CHARS and length > self._stored_length(entry_id, field_id, who):
                raise ValueError(
                    f"The answer to '{field_id}' is longer than {MAX_ANSWER_CHARS:,} characters; "
                    "please shorten it."
                )
        now = self._now()
        rows = [
            (entry_id, field_id, int(who), encode(value), now) for (field_id, who), value in values.items()
        ]
        with self._write() as db:
            db.conn.executemany(_UPSERT_ANSWER, rows)
            db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", [now, entry_id])

    def _stored_length(self, entry_id: int, field_id: str, who: Who) -> int:
        """Characters of text in the stored answer (0 if there is none)."""
        for row in self._rows(
            "SELECT value FROM answers WHERE entry_id = ? AND field_id = ? AND who = ?",
            [entry_id, field_id, int(who)],
        ):
            return answer_length(json.loads(row["value"]))
        return 0


def open_workbook(path: Path, *, clock: Clock = _utc_now, readonly: bool = False) -> Workbook:
    """Open (creating if needed) the workbook at ``path`` and bring its schema up to date.

    A new file and its missing folders are created private to the user (0600 / 0700).
    Nothing is written to a file that is not a workbook.

    Args:
        path: The workbook file.
        clock: "Now", for the workbook's dates (tests fix it).
        readonly: For commands that only read (export, progress): the workbook must
            exist and be current; nothing is created, migrated or written, and no
            ``-wal``/``-shm`` is left behind.

    Raises:
        WorkbookError: (a subclass) with one clear line when the file cannot be used.
    """
    path = Path(path).expanduser()
    state = inspect_file(path)
    if readonly:
        if not state.exists:
            raise WorkbookLocationError(f"no workbook at {path}")
    else:
        check_writable(path, state)
        if not state.exists:
            create_private_file(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, readonly=readonly)
        # The header again, now through a real connection that sees the log too.
        current = check_header(path, read_header(conn))
        if readonly:
            check_readable(path, current)
        elif current.schema_version < SCHEMA_VERSION:
            migrate(conn, path)
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        forget_new_file(path, created=not state.exists)
        if is_locked(error):
            raise WorkbookLockedError(
                f"{path} is locked by another program; close it and try again"
            ) from error
        raise workbook_error(path, error, "open") from error
    except WorkbookError:
        if conn is not None:
            conn.close()
        forget_new_file(path, created=not state.exists)
        raise
    if not readonly:
        make_private(path)
    return Workbook(conn, path, clock)
