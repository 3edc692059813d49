"""Where things live on disk, resolved in one place.

Tests redirect every path (``--db``, ``WORKBOOK_DB``, ``tmp_path``), so nothing here
is read at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reconnect"
DB_ENV = "WORKBOOK_DB"
DB_FILENAME = "workbook.sqlite"


def default_db_path() -> Path:
    """The workbook file to open when neither ``--db`` nor ``WORKBOOK_DB`` says otherwise.

    Returns:
        ``$WORKBOOK_DB`` if set, else ``workbook.sqlite`` in the platform's user data
        folder (``~/.local/share/reconnect`` on Linux).
    """
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    # Imported here: platformdirs is only needed when no path was given.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def default_export_dir() -> Path:
    """Where the app suggests writing exports: ``Reconnect exports`` in the user's
    documents folder (``~/Documents`` on most systems)."""
    from platformdirs import user_documents_path

    return user_documents_path() / "Reconnect exports"


def bundled_lessons_dir() -> Path:
    """The seven lessons that ship with the app.

    In a wheel they are packaged as ``workbook/lessons``; in a source checkout
    (editable install, or running from the repository) they are the top-level
    ``lessons/`` folder beside the package.
    """
    packaged = Path(__file__).resolve().parent / "lessons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lessons"


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each private to the user (0700).

    Folders that already exist are left as they are: the user may keep the
    workbook in a folder they own and share on purpose.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        # mkdir's mode is filtered by the umask; set it exactly.
        os.chmod(path, 0o700)
