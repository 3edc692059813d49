"""Backup and restore of the whole workbook file.

Both go through SQLite's online backup API rather than a file copy: a copy taken
while the app is writing could catch half a transaction, or miss what still sits in
the write-ahead log. The backup API copies a consistent snapshot, page by page.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from workbook.store.errors import NotAWorkbookError, WorkbookError, WorkbookLocationError, WorkbookLockedError
from workbook.store.files import inspect_file


def _check_source(path: Path, what: str) -> None:
    """Refuse anything that is not a readable, undamaged workbook."""
    if not path.exists():
        raise WorkbookLocationError(f"there is no {what} at {path}")
    state = inspect_file(path)  # raises for other files, newer schemas, locks
    if state.schema_version == 0:
        raise NotAWorkbookError(f"{path} is not a Reconnect workbook (it has no workbook tables)")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise NotAWorkbookError(f"{path} is damaged ({error})") from error
    finally:
        conn.close()
    if verdict != "ok":
        raise NotAWorkbookError(f"{path} is damaged ({verdict})")


def _copy(source: Path, target: Path) -> None:
    """Snapshot ``source`` into a new private file ``target`` (replacing it atomically)."""
    fd, temp = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=target.parent)  # 0600
    os.close(fd)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
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


def _locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def backup(db_path: Path, target: Path, *, force: bool = False) -> Path:
    """Write a consistent copy of the workbook to ``target`` (mode 0600).

    Safe while the app has the workbook open. ``target`` may be a folder, in which case
    the copy is named ``reconnect-backup-<date>.sqlite``.

    Returns:
        The file written.

    Raises:
        FileExistsError: ``target`` exists and ``force`` is False.
        WorkbookError: the workbook cannot be read, or ``target`` cannot be written.
    """
    db_path, target = Path(db_path).expanduser(), Path(target).expanduser()
    _check_source(db_path, "workbook")
    if target.is_dir():
        target = target / f"reconnect-backup-{datetime.now().date().isoformat()}.sqlite"
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists; add --force to replace it")
    if target.resolve() == db_path.resolve():
        raise WorkbookLocationError("the backup must go to another file than the workbook itself")
    from workbook.paths import make_private_dirs

    try:
        make_private_dirs(target.parent)
        _copy(db_path, target)
    except sqlite3.Error as error:
        if _locked(error):
            raise WorkbookLockedError(f"{db_path} is busy; try the backup again in a moment") from error
        raise WorkbookError(f"could not back up {db_path}: {error}") from error
    except OSError as error:
        raise WorkbookLocationError(f"cannot write {target}: {error.strerror or error}") from error
    return target


def _close_quietly(path: Path) -> None:
    """Fold the write-ahead log into the file; fail if another program still has it open.

    Replacing a workbook under an open app, or beside a leftover -wal, would mix two
    files' pages, so restore only goes ahead once the log is gone.
    """
    conn = sqlite3.connect(str(path), timeout=2)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:
        raise WorkbookLockedError(f"{path} is in use; close Reconnect and try again") from error
    finally:
        conn.close()
    # SQLite removes the -wal when its last connection closes: one left means another
    # connection (the app) still holds the file.
    if Path(f"{path}-wal").exists():
        raise WorkbookLockedError(f"{path} is open in Reconnect; close the app and try again")


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
            _close_quietly(db_path)
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
