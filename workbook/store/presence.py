"""Two screens on one workbook: who is at which screen, and what changed since we looked.

Each open app keeps one row in ``presence`` (who is at it, what it shows, and a
heartbeat); another app shows it while the heartbeat is fresh, so a window closed
cleanly is gone at once and one that lost its terminal (a dropped ssh link, a crash)
within :data:`STALE_SECONDS`. Presence is never exported, and backups drop it.

``revisions`` counts changes per topic (kept by triggers, see the schema's
``m004_live``): an app polls ``PRAGMA data_version`` (free: no disk read) and, only when
it moved, reads these few counters to learn *what* another window changed.

Writes here go straight through the standard-library connection, not sqlite-utils:
the first heartbeat happens while the app starts, before sqlite-utils is imported.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbook.store.errors import WorkbookLockedError, is_locked, workbook_error
from workbook.store.models import Who

if TYPE_CHECKING:
    from workbook.store.workbook import Workbook

#: Seconds between two heartbeats of an open app.
HEARTBEAT_SECONDS = 3.0
#: A heartbeat older than this means the app is gone (it quit without cleaning up, or
#: its terminal went away): with the heartbeat above, it leaves the other screen
#: between 10 and 13 seconds after its last sign of life.
STALE_SECONDS = 10.0
#: Topics whose counters move when another window writes (see :func:`revisions`).
TOPICS = ("answers", "entries", "reading", "couple", "settings", "presence")


@dataclass(frozen=True)
class Presence:
    """One open app on the workbook."""

    instance: str
    """A random id, new each time the app starts."""
    who: Who
    """Who is at that screen (``Who.SHARED``: both partners)."""
    place: str
    """What that screen shows, in a few words ("Budget meeting"), or ""."""
    host: str
    """The computer it runs on (two screens may be two computers over ssh)."""
    pid: int
    """Its process id on that computer."""
    seen_at: float
    """Its last heartbeat (seconds since the epoch)."""


def new_instance() -> str:
    """A fresh id for an app instance (unique across computers)."""
    import uuid  # here, not at the top: the app imports this module while it starts

    return uuid.uuid4().hex


def _commit(store: Workbook, sql: str, params: tuple[object, ...]) -> int:
    """Run one write in its own transaction; the number of rows it changed.

    Raises:
        WorkbookLockedError: another program kept the file locked past the busy timeout.
        WorkbookError: (a subclass) any other failure of the file.
    """
    conn = store._conn
    try:
        with conn:
            return conn.execute(sql, params).rowcount
    except sqlite3.DatabaseError as error:
        if is_locked(error):
            raise WorkbookLockedError(f"{store.path} is busy in another program") from error
        raise workbook_error(store.path, error, "save to") from error


def announce(store: Workbook, instance: str, who: Who, place: str = "", *, now: float | None = None) -> None:
    """Say that this app is open on the workbook (or say it again after a long pause).

    Rows whose heartbeat went stale long ago are cleared on the way: their apps are
    gone (a crash, a lost terminal) and can no longer clear them themselves.
    """
    import socket

    moment = time.time() if now is None else now
    _commit(store, "DELETE FROM presence WHERE seen_at < ?", (moment - 6 * STALE_SECONDS,))
    _commit(
        store,
        "INSERT INTO presence (instance, who, place, host, pid, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (instance) DO UPDATE SET who = excluded.who, place = excluded.place, "
        "seen_at = excluded.seen_at",
        (instance, int(who), place, socket.gethostname(), os.getpid(), moment),
    )


def heartbeat(store: Workbook, instance: str, *, now: float | None = None) -> bool:
    """Refresh this app's heartbeat.

    Only ``seen_at`` changes, which the triggers do not count: the other window learns
    of it without reloading anything.

    Returns:
        False when this app's row is gone (another app cleared it after a long
        pause here, a suspended terminal say): call :func:`announce` again.
    """
    moment = time.time() if now is None else now
    return _commit(store, "UPDATE presence SET seen_at = ? WHERE instance = ?", (moment, instance)) > 0


def move(store: Workbook, instance: str, who: Who, place: str, *, now: float | None = None) -> None:
    """Record who is at this app and what it shows now (it changed)."""
    moment = time.time() if now is None else now
    changed = _commit(
        store,
        "UPDATE presence SET who = ?, place = ?, seen_at = ? WHERE instance = ?",
        (int(who), place, moment, instance),
    )
    if not changed:
        announce(store, instance, who, place, now=moment)


def leave(store: Workbook, instance: str) -> None:
    """This app closes: its row goes at once (the other screen says so right away)."""
    _commit(store, "DELETE FROM presence WHERE instance = ?", (instance,))


def present(store: Workbook, *, now: float | None = None, besides: str | None = None) -> list[Presence]:
    """The apps open on the workbook now (fresh heartbeat), latest heartbeat last.

    Args:
        store: The workbook.
        now: The time to judge staleness by (tests fix it).
        besides: Leave out this instance (the caller's own).
    """
    moment = time.time() if now is None else now
    rows = store._rows(
        "SELECT instance, who, place, host, pid, seen_at FROM presence WHERE seen_at >= ? ORDER BY seen_at",
        [moment - STALE_SECONDS],
    )
    return [
        Presence(r["instance"], Who(r["who"]), r["place"], r["host"], r["pid"], r["seen_at"])
        for r in rows
        if r["instance"] != besides
    ]


def revisions(store: Workbook) -> dict[str, int]:
    """Each topic's change counter (see :data:`TOPICS`). One tiny read."""
    return {row["topic"]: int(row["n"]) for row in store._rows("SELECT topic, n FROM revisions")}


def content_mark(store: Workbook) -> tuple[int, ...]:
    """A mark that moves when anything but presence changes, by any connection.

    Unlike :meth:`Workbook.change_mark`, heartbeats (this app's or another's) leave it
    alone, so what was derived from the file (progress) is not recomputed for them.
    """
    counts = revisions(store)
    return tuple(counts.get(topic, 0) for topic in TOPICS if topic != "presence")


def data_version(store: Workbook) -> int:
    """SQLite's count of commits by other connections (``PRAGMA data_version``).

    Costs no disk read: the poll that tells a window the other one saved something.
    """
    return int(store._rows("PRAGMA data_version")[0][0])
