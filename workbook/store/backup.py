"""Backup and restore of the whole workbook file.

Both go through SQLite's online backup API rather than a file copy: a copy taken
while the app is writing could catch half a transaction, or miss what still sits in
the write-ahead log. The backup API copies a consistent snapshot, page by page.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from workbook.store.errors import (
    NotAWorkbookError,
    WorkbookError,
    WorkbookLocationError,
    WorkbookLockedError,
    is_locked,
    workbook_error,
)
from workbook.store.files import check_header, inspect_file, lock_holders, read_connection, read_header


def _check_source(path: Path, what: str) -> None:
    """Refuse anything that is not a readable, undamaged workbook."""
    if not path.exists():
        raise WorkbookLocationError(f"there is no {what} at {path}")
    inspect_file(path)  # other programs' files are refused before any connection
    try:
        conn = read_connection(path, timeout=2)
        try:
            # Read through a real connection: the latest header may still be in the log.
            state = check_header(path, read_header(conn))
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise workbook_error(path, error, "read") from error
    if state.schema_version == 0:
        raise NotAWorkbookError(f"{path} is not a Reconnect workbook (it has no workbook tables)")
    if verdict != "ok":
        raise NotAWorkbookError(f"{path} is damaged ({verdict})")


def _copy(source: Path, target: Path) -> None:
    """Snapshot ``source`` into a new private file ``target`` (replacing it atomically)."""
    fd, temp = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=target.parent)  # 0600
    os.close(fd)
    try:
        src = read_connection(source)  # leaves no -wal/-shm behind, unlike mode=ro
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
            _drop_presence(dst)
            # One self-contained file: no -wal beside a copy that may be mailed or moved.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _drop_presence(copy: sqlite3.Connection) -> None:
    """Leave out who had the workbook open: presence is never backed up (a restored
    copy would otherwise show a partner "here" who is not)."""
    if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'presence'").fetchone():
        with copy:
            copy.execute("DELETE FROM presence")


def backup(db_path: Path, target: Path, *, force: bool = False) -> Path:
    """Write a consistent copy of the workbook to ``target`` (mode 0600).

    Safe while the app has the workbook open. ``target`` may be a folder, in which case
    the copy is named ``reconnect-backup-<date>.sqlite`` (``-<date>-<HHMMSS>`` if that
    name is taken: a second backup the same day).

    Returns:
        The file written.

    Raises:
        FileExistsError: ``target`` exists and ``force`` is False.
        WorkbookError: the workbook cannot be read, or ``target`` cannot be written.
    """
    db_path, target = Path(db_path).expanduser(), Path(target).expanduser()
    _check_source(db_path, "workbook")
    if target.is_dir():
        now = datetime.now()
        target = target / f"reconnect-backup-{now.date().isoformat()}.sqlite"
        if target.exists():
            # A second backup the same day is a new backup, not a clash: it gets the time.
            target = target.with_name(f"reconnect-backup-{now:%Y-%m-%d-%H%M%S}.sqlite")
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists; add --force to replace it")
    if target.resolve() == db_path.resolve():
        raise WorkbookLocationError("the backup must go to another file than the workbook itself")
    from workbook.paths import make_private_dirs

    try:
        make_private_dirs(target.parent)
        _copy(db_path, target)
    except sqlite3.Error as error:
        if is_locked(error):
            raise WorkbookLockedError(f"{db_path} is busy; try the backup again in a moment") from error
        raise WorkbookError(f"could not back up {db_path}: {error}") from error
    except OSError as error:
        raise WorkbookLocationError(f"cannot write {target}: {error.strerror or error}") from error
    return target


def backup_before_start_over(db_path: Path, day: date) -> Path:
    """Back up the workbook beside itself before "start over" resets its progress.

    The copy is ``<name>.before-start-over-<day>.sqlite``; a second start over the same
    day replaces that day's copy (it holds everything the first one did, and more).

    Returns:
        The file written.

    Raises:
        WorkbookError: as :func:`backup`; then nothing should be reset.
    """
    db_path = Path(db_path).expanduser()
    target = db_path.with_name(f"{db_path.stem}.before-start-over-{day.isoformat()}.sqlite")
    return backup(db_path, target, force=True)


def _refuse_if_open(path: Path) -> None:
    """Refuse while any other program has the workbook open (the app, above all).

    Asks the kernel who holds SQLite's locks on the file rather than guessing from a
    leftover ``-wal``: replacing a workbook under an open app would lose whatever it
    writes afterwards, into a file that is no longer there.
    """
    holders = lock_holders(path)
    if holders:
        pids = ", ".join(str(pid) for pid in holders if pid)
        raise WorkbookLockedError(
            f"{path} is open in Reconnect or another program{f' (process {pids})' if pids else ''}; "
            "close it and try again"
        )


def restore(source: Path, db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Replace the workbook at ``db_path`` with the backup ``source``.

    The backup is checked first (a Reconnect workbook, a schema this version reads,
    undamaged); a bad one is refused and nothing changes. The current workbook is kept
    beside it as ``<name>.before-restore-<timestamp>.sqlite``. An older backup is
    brought up to the current schema, keeping every answer.

    Returns:
        The kept copy of the previous workbook, or None if there was none.

    Raises:
        WorkbookError: with one clear line; the workbook is then unchanged.
    """
    source, db_path = Path(source).expanduser(), Path(db_path).expanduser()
    _check_source(source, "backup")
    if source.resolve() == db_path.resolve():
        raise WorkbookLocationError("that file is the workbook itself; choose a backup file")
    stamp = (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M%S")
    kept: Path | None = None
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            inspect_file(db_path)  # never swallow another program's file into a "kept copy"
            _refuse_if_open(db_path)
            kept = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix or '.sqlite'}")
            _copy(db_path, kept)
        else:
            from workbook.paths import make_private_dirs

            make_private_dirs(db_path.parent)
        _copy(source, db_path)
        for side in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            side.unlink(missing_ok=True)
    except sqlite3.Error as error:
        raise WorkbookError(f"could not restore {db_path}: {error}") from error
    except OSError as error:
        raise WorkbookLocationError(
            f"cannot write {error.filename or db_path}: {error.strerror or error}"
        ) from error
    # Open once: an older backup is migrated now, while the user is watching.
    from workbook.store.workbook import open_workbook

    open_workbook(db_path).close()
    return kept
