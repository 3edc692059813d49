"""The SQLite connection under a workbook: opening it, the write lock, migrations.

Kept apart from :class:`~workbook.store.workbook.Workbook` (what a workbook holds):
this is how the file is opened and brought up to date safely, with two processes
possibly doing it at the same moment.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.store.errors import NotAWorkbookError, is_locked
from workbook.store.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    FileState,
    check_header,
    read_connection,
    read_header,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

#: How long a write waits for another program's lock before giving up, in seconds.
BUSY_TIMEOUT = 3.0


def database(conn: sqlite3.Connection) -> Database:
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        # Leaves no -wal/-shm behind and writes nothing (see read_connection).
        return read_connection(path, timeout=BUSY_TIMEOUT)
    # check_same_thread=False: the connection may be opened off the UI thread; only one
    # thread uses it at a time.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        ensure_wal(conn)
        # NORMAL in WAL mode: a commit survives a crash of the app; only a power cut can
        # lose the last transactions, and never corrupts the file.
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def ensure_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to WAL mode, waiting for another process doing the same.

    Changing the journal mode answers "locked" at once, without SQLite's busy
    handler, while another connection sets up the same new file: wait and look again
    (usually that other process has just switched it).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if not is_locked(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, in one transaction under the write lock.

    The version is read again inside ``BEGIN IMMEDIATE``: two processes opening a new
    workbook at the same moment must not both decide to create its tables.
    """
    from workbook.store.schema import migration_names, migrations

    db = database(conn)
    with write_locked(conn):
        state = check_header(path, read_header(conn))
        if state.schema_version < SCHEMA_VERSION:
            unknown = {m.name for m in migrations.applied(db)} - set(migration_names())
            if unknown:
                raise NotAWorkbookError(
                    f"{path} has changes from a newer version of Reconnect "
                    f"({', '.join(sorted(unknown))}); please upgrade"
                )
            migrations.apply(db)  # each migration nests as a savepoint in this transaction
            # In the same transaction as the tables: no reader ever sees Reconnect's
            # tables without Reconnect's application id.
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def write_locked(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock from the first statement, so what
    the block reads cannot change before it writes; rolled back on any error (if the
    error has not already ended the transaction). Writes inside nest as savepoints."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def forget_new_file(path: Path, *, created: bool) -> None:
    """Remove the empty file this call created for a workbook it could not set up (a
    full disk, say), so a failed first start leaves nothing behind."""
    try:
        if created and path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


def check_readable(path: Path, state: FileState) -> None:
    """Refuse, for a command that only reads, a file it could read only by changing it."""
    if state.empty:
        raise NotAWorkbookError(
            f"{path} is empty: not a workbook yet (open it with 'workbook --db {path}' to set it up)"
        )
    if state.schema_version < SCHEMA_VERSION:
        raise NotAWorkbookError(
            f"{path} was written by an older version of Reconnect; open it once with "
            f"'workbook --db {path}' to bring it up to date (every answer is kept)"
        )
