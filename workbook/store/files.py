"""Checks on the workbook file that need only the standard library.

The CLI runs :func:`inspect_file` before the app starts: it is cheap (no sqlite-utils
import) and strictly read-only, so a file that is not a workbook is refused with one
clear line and left byte for byte as it was, with nothing created beside it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from workbook.store.errors import (
    NewerWorkbookError,
    NotAWorkbookError,
    WorkbookLocationError,
    WorkbookReadOnlyError,
    sqlite_reason,
    workbook_error,
)

#: ``PRAGMA application_id`` of a Reconnect workbook ("RCNT"), so other SQLite files
#: are never mistaken for one (and never migrated by accident).
APPLICATION_ID = 0x52434E54
#: The schema version this code writes (``PRAGMA user_version``); one per migration.
SCHEMA_VERSION = 4


@dataclass(frozen=True)
class FileState:
    """What :func:`inspect_file` found."""

    exists: bool
    """False when the workbook will be created on open."""
    schema_version: int = 0
    """The file's schema version (0 for a new or empty file)."""
    empty: bool = False
    """True for a file with nothing in it yet (zero bytes, or an empty SQLite file)."""


def inspect_file(path: Path) -> FileState:
    """Check, without writing anything, that ``path`` can be opened as a workbook.

    Reads the file only through SQLite, never with ``open()``: closing any other
    descriptor on a database drops every POSIX lock this process holds on it, and
    another process closing the file would then delete the write-ahead log under
    the app ("How To Corrupt An SQLite Database File", section 2.2). The connection is
    ``immutable`` so that it takes no locks and creates no ``-wal``/``-shm`` beside a
    file it refuses; what it reads (the header) is checked again on the real
    connection, where the write-ahead log counts too.

    Raises:
        NotAWorkbookError: a folder, a non-SQLite file, another program's database, or
            a damaged file.
        NewerWorkbookError: written by a newer version of the app.
        WorkbookLocationError: it cannot be read.
    """
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return FileState(exists=False)  # creating it says what is in the way
    except OSError as error:
        raise WorkbookLocationError(f"cannot read {path}: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        raise NotAWorkbookError(f"{path} is a folder, not a workbook file")
    if not stat.S_ISREG(info.st_mode):
        raise NotAWorkbookError(f"{path} is not a regular file, so not a workbook")
    if info.st_size == 0:
        return FileState(exists=True, empty=True)  # treated like a new workbook
    if not os.access(path, os.R_OK):
        raise WorkbookLocationError(f"cannot read {path}: permission denied")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            header = read_header(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if sqlite_reason(error) == "corrupt":
            # Without locks, a read can meet a page that a checkpoint is rewriting that
            # very moment: let the real connection, which locks, decide.
            return FileState(exists=True)
        raise workbook_error(path, error, "read") from error
    return check_header(path, header)


@dataclass(frozen=True)
class Header:
    """The three facts that tell a Reconnect workbook from any other SQLite file."""

    application_id: int
    user_version: int
    tables: int


def read_header(conn: sqlite3.Connection) -> Header:
    """Read the :class:`Header` through an SQLite connection."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return Header(int(app_id), int(version), int(tables))


def check_header(path: Path, header: Header) -> FileState:
    """The :class:`FileState` of a file with this header, or the error that refuses it."""
    if header.application_id != APPLICATION_ID:
        if header.application_id == 0 and header.tables == 0:
            return FileState(exists=True, empty=True)  # an empty SQLite file: safe to set up
        raise NotAWorkbookError(f"{path} is an SQLite file of another program, not a Reconnect workbook")
    if header.user_version > SCHEMA_VERSION:
        raise NewerWorkbookError(
            f"{path} was written by a newer version of Reconnect (schema {header.user_version}, "
            f"this version reads up to {SCHEMA_VERSION}); please upgrade"
        )
    return FileState(exists=True, schema_version=header.user_version)


def check_writable(path: Path, state: FileState) -> None:
    """Refuse, before any connection, a workbook whose typing could not be saved.

    The app checks this before the terminal switches to full screen, so the reason is
    one line on the terminal: a read-only file or folder, or a ``-wal`` left without
    its database (creating a new workbook there would overwrite it).

    Raises:
        WorkbookLocationError: a ``-wal`` without its workbook.
        WorkbookReadOnlyError: the file, or its folder, cannot be written.
    """
    wal = Path(f"{path}-wal")
    if not state.exists and wal.exists():
        raise WorkbookLocationError(
            f"found {wal.name} but not the workbook {path} itself: it may have been moved or "
            "deleted, and the -wal may hold its latest answers; put the workbook back (or move "
            f"{wal.name} away) before opening"
        )
    folder = path.parent if path.parent != Path("") else Path(".")
    if not state.exists:
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise WorkbookLocationError(
                f"cannot create the workbook at {path}: {existing} is a file, not a folder"
            )
        folder = existing or folder
    if state.exists and not os.access(path, os.W_OK):
        raise WorkbookReadOnlyError(
            f"{path} is read-only, so nothing you type could be saved; make it writable "
            "(chmod u+w), or use 'workbook export' and 'workbook progress', which only read"
        )
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise WorkbookReadOnlyError(
            f"the folder {folder} is read-only: Reconnect keeps its log beside the workbook "
            "there, so it cannot save; make the folder writable, or open a copy elsewhere"
        )


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


def read_connection(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that only reads ``path`` and leaves its folder as it found it.

    Read-write at the file level, ``query_only`` at the SQL level: as the last
    connection to close, it folds the log back and removes ``-wal``/``-shm``, which a
    ``mode=ro`` connection cannot do (it would leave them behind after a backup).
    """
    conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master")  # opens the log now, or fails
    except sqlite3.OperationalError as error:
        conn.close()
        if sqlite_reason(error) == "readonly" and not Path(f"{path}-wal").exists():
            # A folder we may not write in, so no -shm can be made there. With no log
            # beside it, the file alone is the whole workbook: read it as it stands.
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
        raise
    except BaseException:
        conn.close()
        raise
    return conn


# SQLite's lock bytes in a database file (os_unix.c): PENDING, RESERVED, then the
# range every open connection holds a read lock on while it has the file open.
_PENDING_BYTE = 0x40000000
_SHARED_FIRST = _PENDING_BYTE + 2
_SHARED_SIZE = 510


def lock_holders(path: Path) -> list[int]:
    """Process ids of other programs that have ``path`` open through SQLite.

    Asks the kernel which process holds SQLite's locks (``F_GETLK``), so it sees a
    running app however its files look. It opens the file with ``os.open``: call it
    only in a process that holds no connection to ``path``, since closing that
    descriptor would drop this process's own locks (the CLI's ``restore`` and
    ``doctor`` call it before they connect).

    Returns:
        The holders' process ids (0 where the platform cannot say which); empty when
        nobody has the file open.
    """
    import fcntl
    import struct

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return []
    holders: list[int] = []
    try:
        for start, length in ((_PENDING_BYTE, 1), (_PENDING_BYTE + 1, 1), (_SHARED_FIRST, _SHARED_SIZE)):
            if sys.platform.startswith("linux"):
                layout = "hhqqixxxx"  # struct flock on Linux: type, whence, start, len, pid
                asked = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
                kind, _, _, _, pid = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, asked))
                if kind != fcntl.F_UNLCK and pid not in holders:
                    holders.append(pid)
            else:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, length, start)
                except OSError:
                    holders.append(0)
                    break
                fcntl.lockf(fd, fcntl.LOCK_UN, length, start)
    finally:
        os.close(fd)
    return holders
