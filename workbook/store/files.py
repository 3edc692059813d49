"""Checks on the workbook file that need only the standard library.

The CLI runs :func:`inspect_file` before the app starts: it is cheap (no sqlite-utils
import) and strictly read-only, so a file that is not a workbook is refused with one
clear line and left byte for byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from workbook.store.errors import (
    NewerWorkbookError,
    NotAWorkbookError,
    WorkbookLocationError,
    WorkbookLockedError,
)

#: ``PRAGMA application_id`` of a Reconnect workbook ("RCNT"), so other SQLite files
#: are never mistaken for one (and never migrated by accident).
APPLICATION_ID = 0x52434E54
SQLITE_MAGIC = b"SQLite format 3\x00"
#: The schema version this code writes (``PRAGMA user_version``); one per migration.
SCHEMA_VERSION = 3


@dataclass(frozen=True)
class FileState:
    """What :func:`inspect_file` found."""

    exists: bool
    """False when the workbook will be created on open."""
    schema_version: int = 0
    """The file's schema version (0 for a new or empty file)."""


def _is_locked(error: sqlite3.Error) -> bool:
    return "locked" in str(error).lower() or "busy" in str(error).lower()


def inspect_file(path: Path) -> FileState:
    """Check, without writing anything, that ``path`` can be opened as a workbook.

    Raises:
        NotAWorkbookError: a folder, a non-SQLite file, another program's database, or
            a damaged file.
        NewerWorkbookError: written by a newer version of the app.
        WorkbookLockedError: another program holds an exclusive lock on it.
        WorkbookLocationError: it cannot be read.
    """
    if path.is_dir():
        raise NotAWorkbookError(f"{path} is a folder, not a workbook file")
    if not path.exists():
        return FileState(exists=False)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise WorkbookLocationError(f"cannot read {path}: {error.strerror or error}") from error
    if not header:
        return FileState(exists=True)  # an empty file: treated like a new workbook
    if header != SQLITE_MAGIC:
        raise NotAWorkbookError(f"{path} is not a Reconnect workbook (not an SQLite file)")
    try:
        # mode=ro: this check must never change the file, not even its journal mode.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if _is_locked(error):
            raise WorkbookLockedError(
                f"{path} is locked by another program; close it and try again"
            ) from error
        raise NotAWorkbookError(f"{path} is damaged or not a workbook ({error})") from error
    if app_id != APPLICATION_ID:
        if app_id == 0 and tables == 0:
            return FileState(exists=True)  # an empty SQLite file: safe to set up
        raise NotAWorkbookError(f"{path} is an SQLite file of another program, not a Reconnect workbook")
    if version > SCHEMA_VERSION:
        raise NewerWorkbookError(
            f"{path} was written by a newer version of Reconnect (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION}); please upgrade"
        )
    return FileState(exists=True, schema_version=version)


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by the user alone (0600).

    Raises:
        WorkbookLocationError: when the folder or file cannot be created.
    """
    from workbook.paths import make_private_dirs

    try:
        make_private_dirs(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as error:
        raise WorkbookLocationError(
            f"cannot create the workbook at {path}: {error.strerror or error}"
        ) from error


def make_private(path: Path) -> None:
    """Make an existing workbook file (and its WAL side files) user-only, where we may."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                os.chmod(candidate, 0o600)
        except OSError:
            pass  # not ours to change (e.g. owned by another user); reading still works
