"""``workbook doctor``: a readable health report of a workbook file.

Every check only reads. Lock holders are asked of the kernel first, before this
process opens any connection to the file (see :func:`~workbook.store.files.lock_holders`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from workbook.store.errors import WorkbookError, workbook_error
from workbook.store.files import (
    SCHEMA_VERSION,
    check_header,
    inspect_file,
    lock_holders,
    read_connection,
    read_header,
)

#: Below this much free space in the workbook's folder, saving may soon fail.
LOW_DISK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    ok: bool
    """False when this needs attention (the command then exits 1)."""
    topic: str
    detail: str


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def diagnose(path: Path) -> list[Finding]:
    """Check the workbook at ``path``: file, permissions, locks, schema, integrity, disk."""
    path = Path(path).expanduser()
    findings: list[Finding] = []
    if not path.exists():
        wal = Path(f"{path}-wal")
        detail = "no file here"
        if wal.exists():
            detail += f", but {wal.name} is: the workbook may have been moved"
        return [Finding(False, "file", f"{path}: {detail}")]
    holders = lock_holders(path)  # before any connection of ours: see its docstring
    findings.append(
        Finding(
            True,
            "in use",
            f"open in process {', '.join(str(p) for p in holders if p) or '(unknown)'}"
            if holders
            else "not open in any other program",
        )
    )
    try:
        state = inspect_file(path)
    except WorkbookError as error:
        findings.append(Finding(False, "file", str(error)))
        return findings
    size = path.stat().st_size
    findings.append(Finding(True, "file", f"{path} ({size:,} bytes)"))
    mode = _mode(path)
    findings.append(
        Finding(
            not mode & 0o077,
            "privacy",
            f"file mode {mode:04o}" + ("" if not mode & 0o077 else ": others can read it; chmod 600"),
        )
    )
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    findings.append(
        Finding(
            writable,
            "writable",
            "yes" if writable else "no: the file or its folder is read-only, so the app cannot save here",
        )
    )
    free = shutil.disk_usage(path.parent).free
    findings.append(
        Finding(
            free >= LOW_DISK_BYTES,
            "disk space",
            f"{free / 1024 / 1024:,.0f} MiB free" + ("" if free >= LOW_DISK_BYTES else ": nearly full"),
        )
    )
    if state.empty and size == 0:
        findings.append(Finding(False, "schema", "the file is empty: not a workbook yet"))
        return findings
    try:
        conn = read_connection(path)
        try:
            state = check_header(path, read_header(conn))
            rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        findings.append(Finding(False, "integrity", str(workbook_error(path, error, "read"))))
        return findings
    except WorkbookError as error:
        findings.append(Finding(False, "schema", str(error)))
        return findings
    findings.append(
        Finding(
            state.schema_version > 0,
            "schema",
            f"version {state.schema_version}"
            + (
                ""
                if state.schema_version == SCHEMA_VERSION
                else f" (this app writes {SCHEMA_VERSION}; opening it in the app updates it)"
            ),
        )
    )
    healthy = rows == ["ok"]
    findings.append(
        Finding(
            healthy,
            "integrity",
            "ok"
            if healthy
            else "damaged: " + "; ".join(rows[:3]) + " (restore a backup with 'workbook restore FILE')",
        )
    )
    return findings
