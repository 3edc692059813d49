"""Errors of the store layer. Each message is one clear line for a person to read."""

from __future__ import annotations


class WorkbookError(Exception):
    """The workbook file cannot be used. ``str(error)`` is a sentence for the user."""


class NotAWorkbookError(WorkbookError):
    """The file exists but is not a Reconnect workbook (or is damaged)."""


class NewerWorkbookError(WorkbookError):
    """The workbook was written by a newer version of the app."""


class WorkbookLockedError(WorkbookError):
    """Another program holds the workbook locked for longer than we wait."""


class WorkbookLocationError(WorkbookError):
    """The workbook's folder or file cannot be created or written."""


class WorkbookDamagedError(WorkbookError):
    """SQLite found damage inside the file (a corrupt page, a broken index)."""


class WorkbookReadOnlyError(WorkbookError):
    """The workbook (or its folder) cannot be written: open it read-only, or not at all."""


# SQLite's primary result codes (the low byte of ``sqlite3.Error.sqlite_errorcode``).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_PERM = 3


def sqlite_reason(error: BaseException) -> str | None:
    """What went wrong, from SQLite's own result code rather than its message text.

    Returns one of ``"locked"``, ``"corrupt"``, ``"notadb"``, ``"full"``,
    ``"readonly"``, ``"cantopen"``, ``"ioerr"``, or None for anything else.
    """
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    return {
        _BUSY: "locked",
        _LOCKED: "locked",
        _CORRUPT: "corrupt",
        _NOTADB: "notadb",
        _FULL: "full",
        _READONLY: "readonly",
        _PERM: "readonly",
        _CANTOPEN: "cantopen",
        _IOERR: "ioerr",
    }.get(code & 0xFF)


def is_locked(error: BaseException) -> bool:
    """True when another connection holds the lock we waited for (SQLITE_BUSY/LOCKED)."""
    return sqlite_reason(error) == "locked"


#: What to do about a damaged workbook, appended to every message that reports one.
DAMAGED_ADVICE = "run 'workbook doctor' for details, or restore a backup with 'workbook restore FILE'"


def workbook_error(path: object, error: BaseException, doing: str = "use") -> WorkbookError:
    """A one-line :class:`WorkbookError` (of the right kind) for an ``sqlite3.Error``.

    Args:
        path: The workbook file, named in the message.
        error: What SQLite raised.
        doing: What was being done, as a verb ("open", "save to", "read").
    """
    reason = sqlite_reason(error)
    if reason == "locked":
        return WorkbookLockedError(f"{path} is busy in another program; close it and try again")
    if reason == "corrupt":
        return WorkbookDamagedError(f"{path} is damaged ({error}); {DAMAGED_ADVICE}")
    if reason == "notadb":
        return NotAWorkbookError(
            f"{path} is not a Reconnect workbook (not an SQLite database, or its header is damaged)"
        )
    if reason == "full":
        return WorkbookLocationError(
            f"cannot {doing} {path}: the disk is full; free some space and try again"
        )
    if reason == "readonly":
        return WorkbookReadOnlyError(f"cannot {doing} {path}: the file or its folder is read-only")
    if reason in ("cantopen", "ioerr"):
        return WorkbookLocationError(f"cannot {doing} {path}: {error}")
    return WorkbookError(f"could not {doing} {path}: {error}")
