"""The workbook schema, as sqlite-utils migrations.

Rules for migrations (they run on couples' real data):
- append only: never edit or reorder a migration that has shipped;
- never drop a table or column holding answers; copy, then keep the old one;
- bump :data:`~workbook.store.files.SCHEMA_VERSION` with each new migration.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

from workbook.store.files import SCHEMA_VERSION

migrations = Migrations("reconnect")
_NAMES: list[str] = []
"""Every migration's name, in order (Migrations keeps its list private)."""


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register a migration with sqlite-utils, and remember its name."""
    _NAMES.append(fn.__name__)
    return migrations()(fn)


@migration
def m001_initial(db: Database) -> None:
    """Couple, settings, reading progress, entries and answers."""
    db.execute(
        """CREATE TABLE partners (
            slot INTEGER PRIMARY KEY CHECK (slot IN (1, 2)),
            name TEXT NOT NULL
        )"""
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # who: 0 = read together, 1 / 2 = read by that partner alone.
    db.execute(
        """CREATE TABLE reading (
            lesson_id TEXT NOT NULL,
            section_id TEXT NOT NULL,
            who INTEGER NOT NULL DEFAULT 0 CHECK (who IN (0, 1, 2)),
            read_at TEXT NOT NULL,
            PRIMARY KEY (lesson_id, section_id, who)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            lesson_id TEXT NOT NULL,
            worksheet_id TEXT NOT NULL,
            day TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'done')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            completed_at TEXT
        )"""
    )
    db.execute("CREATE INDEX entries_by_worksheet ON entries (lesson_id, worksheet_id, day)")
    db.execute("CREATE INDEX entries_by_update ON entries (updated_at)")
    # Answers are keyed by stable ids; value is JSON so every field kind fits one column.
    db.execute(
        """CREATE TABLE answers (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            field_id TEXT NOT NULL,
            who INTEGER NOT NULL CHECK (who IN (0, 1, 2)),
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, field_id, who)
        ) WITHOUT ROWID"""
    )


@migration
def m002_entry_parts(db: Database) -> None:
    """Each partner's "my part is done" on an entry (reveal worksheets)."""
    db.execute(
        """CREATE TABLE entry_parts (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            who INTEGER NOT NULL CHECK (who IN (1, 2)),
            done_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, who)
        ) WITHOUT ROWID"""
    )


@migration
def m003_progress(db: Database) -> None:
    """ "Start over" times per lesson, and indexes for the progress tracker's queries."""
    db.execute("CREATE TABLE progress_resets (lesson_id TEXT PRIMARY KEY, reset_at TEXT NOT NULL)")
    # "Is any entry of this worksheet done since …": an index seek, however long the history.
    db.execute("CREATE INDEX entries_done ON entries (lesson_id, worksheet_id, status, completed_at)")
    # Activity per week: only the last weeks' rows are read.
    db.execute("CREATE INDEX entries_by_created ON entries (created_at)")
    db.execute("CREATE INDEX entries_by_completed ON entries (completed_at)")


#: What each change-counting topic covers: a second window on the workbook reads these
#: counters (see :mod:`workbook.store.presence`) to reload only what changed.
_TOPIC_TABLES = {
    "answers": ("answers",),
    "entries": ("entries", "entry_parts"),
    "reading": ("reading", "progress_resets"),
    "couple": ("partners",),
    "settings": ("settings",),
}


@migration
def m004_live(db: Database) -> None:
    """Two screens on one workbook: who is at which screen, and what changed.

    ``presence`` holds one row per open app (who is at it, what it shows, a heartbeat);
    it is never exported or backed up. ``revisions`` counts changes per topic, kept by
    triggers, so that another window learns *what* changed from one tiny read: a
    heartbeat commit (every few seconds) moves ``PRAGMA data_version`` too, and must
    not make the other window reload its screen.
    """
    db.execute(
        """CREATE TABLE presence (
            instance TEXT PRIMARY KEY,
            who INTEGER NOT NULL CHECK (who IN (0, 1, 2)),
            place TEXT NOT NULL DEFAULT '',
            host TEXT NOT NULL DEFAULT '',
            pid INTEGER NOT NULL DEFAULT 0,
            seen_at REAL NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE TABLE revisions (topic TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID")
    topics = [*_TOPIC_TABLES, "presence"]
    db.execute(f"INSERT INTO revisions (topic) VALUES {', '.join('(?)' for _ in topics)}", topics)
    bump = "BEGIN UPDATE revisions SET n = n + 1 WHERE topic = '{topic}'; END"
    for topic, tables in _TOPIC_TABLES.items():
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_counts AFTER {event} ON {table} "
                    + bump.format(topic=topic)
                )
    # Arriving, leaving and moving count; a heartbeat (seen_at alone) does not.
    for event in ("INSERT", "UPDATE OF who, place", "DELETE"):
        name = event.split()[0].lower()
        db.execute(
            f"CREATE TRIGGER presence_{name}_counts AFTER {event} ON presence "
            + bump.format(topic="presence")
        )


def migration_names() -> list[str]:
    """Names of all migrations this version knows, in order."""
    return list(_NAMES)


# One schema version per migration: a new migration without a bump (or the reverse)
# fails at import, long before it could reach a couple's file.
assert len(_NAMES) == SCHEMA_VERSION, f"{len(_NAMES)} migrations but SCHEMA_VERSION {SCHEMA_VERSION}"
